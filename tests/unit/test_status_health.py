"""``onward status --stale-after MINUTES``: the health check the container image runs (exit 11)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from agent.accounts.state import AccountState, PassOutcome, record_outcome
from agent.record.store import Store
from tests.helpers import run_cli, write_config


@pytest.fixture()
def cfg(tmp_path: Path) -> Path:
    cafile = tmp_path / "ca.pem"
    cafile.write_text("not used: status never connects\n")
    account = SimpleNamespace(ssl_port=1, port=1, user="me", cafile=cafile)
    return write_config(tmp_path, account)


def _passed(tmp_path: Path, state: AccountState, at: datetime, error: str | None = None) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'onward.db'}")
    try:
        record_outcome(store, PassOutcome("default", "password", state, at, error))
    finally:
        store.close()


def test_no_pass_yet_is_stale(cfg: Path) -> None:
    done = run_cli(cfg, "status", "--stale-after", "30")
    assert done.returncode == 11, done.stderr
    assert "onward: account default has had no good pass yet" in done.stderr
    assert run_cli(cfg, "status").returncode == 0  # without the flag status is a report, never a verdict


def test_a_recent_good_pass_is_healthy_and_an_old_one_is_not(cfg: Path, tmp_path: Path) -> None:
    now = datetime.now(UTC)
    _passed(tmp_path, AccountState.OK, now - timedelta(minutes=10))
    assert run_cli(cfg, "status", "--stale-after", "30").returncode == 0
    done = run_cli(cfg, "status", "--json", "--stale-after", "5")
    assert done.returncode == 11
    assert "more than 5 minutes ago" in done.stderr
    assert done.stdout.startswith("[")  # the JSON is still printed, whole


def test_an_account_in_error_is_unhealthy_at_once(cfg: Path, tmp_path: Path) -> None:
    now = datetime.now(UTC)
    _passed(tmp_path, AccountState.OK, now - timedelta(minutes=1))
    _passed(tmp_path, AccountState.ERROR, now, "cannot connect to 127.0.0.1:1")
    done = run_cli(cfg, "status", "--stale-after", "30")
    assert done.returncode == 11
    assert "account default is error: cannot connect to 127.0.0.1:1" in done.stderr


@pytest.mark.parametrize("value", ["0", "-5", "soon", "600000"])
def test_a_bad_number_of_minutes_is_a_usage_error(cfg: Path, value: str) -> None:
    done = run_cli(cfg, "status", "--stale-after", value)
    assert done.returncode == 2
    assert "--stale-after" in done.stderr and "minutes" in done.stderr
