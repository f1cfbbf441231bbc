"""Test helpers: a test account's config file, the real CLI, reading mailboxes, loading the scripts."""

from __future__ import annotations

import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Sequence
import email.utils
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Any, NoReturn

import pytest

from agent.demo import samples
from agent.demo.dovecot_setup import onward_config

PASSWORD_ENV = "ONWARD_TEST_PASSWORD"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def missing_part(reason: str) -> NoReturn:
    """A real part a test needs is not installed: the test skips, and fails with ``CI=true`` (a missing install
    step in .ci/run is never hidden)."""
    if in_ci():
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


def write_config(tmp_path: Path, account: Any, *, extra_imap: str = "", extra: str = "",
                 database: Path | None = None, tls: str = "implicit", followup: dict[str, Any] | None = None) -> Path:
    cfg = tmp_path / "onward.toml"
    cfg.write_text(onward_config(
        port=account.ssl_port if tls == "implicit" else account.port, tls=tls, user=account.user,
        cafile=account.cafile, database=database or (tmp_path / "onward.db"), password_env=PASSWORD_ENV,
        imap={"idle": False}, imap_lines=extra_imap, followup=followup, extra=extra), encoding="utf-8")
    return cfg


def run_cli(cfg: Path | None, *args: str, password: str | None = None, timeout: float = 120,
            env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if password is not None:
        env[PASSWORD_ENV] = password
    env.update(env_extra or {})
    cmd = [sys.executable, "-m", "agent.cli"]
    if cfg is not None:
        cmd += ["--config", str(cfg)]
    return subprocess.run([*cmd, *args], capture_output=True, text=True, timeout=timeout, env=env)


def run_pass_at(cfg: Path, account: Any, at: datetime) -> None:
    """One pass of the daemon (``onward run --once``) at ``at``, as ``account``; it must succeed."""
    done = run_cli(cfg, "run", "--once", "--now", at.isoformat(), password=account.password)
    assert done.returncode == 0, done.stderr


def cli_json(cfg: Path, *args: str, password: str | None = None) -> Any:
    done = run_cli(cfg, *args, "--json", password=password)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def folder_messages(server: Any, user: str, folder: str) -> dict[int, dict[bytes, Any]]:
    client = server.client(user)
    try:
        client.select_folder(folder, readonly=True)
        uids = client.search(["ALL"])
        return client.fetch(uids, [b"BODY.PEEK[]", b"FLAGS"]) if uids else {}
    finally:
        client.logout()


def count_messages(db: Path) -> int:
    """Rows in ``messages`` of a database another process is writing (0 until it exists)."""
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("select count(*) from messages").fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError:
        return 0


def job_mail(n: int, now: datetime, *, days: int, companies: Sequence[str], sender: str = "Jane Roe",
             other: Callable[[int, datetime], bytes | None] = lambda i, when: None) -> list[bytes]:
    """``n`` messages dated evenly over the ``days`` before ``now``: in every ten, a rejection (4th) and
    an acknowledgement (8th) from ``companies`` in turn; the rest ``other(i, when)`` or a newsletter."""
    msgs = []
    first, last = sender.split()[0].lower(), sender.split()[-1].lower()
    for i in range(n):
        when = now - timedelta(days=days) + timedelta(days=days) * i / n
        c = companies[i // 10 % len(companies)]
        if i % 10 == 3:
            msgs.append(samples.rejection(c, "Engineer", f"{sender} <{first}.{last}{i}@{c.split()[0].lower()}.com>",
                                          when, f"<rej-{i}@test>"))
        elif i % 10 == 7:
            msgs.append(samples.ack(c, "Engineer", when, f"<ack-{i}@test>"))
        else:
            msgs.append(other(i, when) or samples.newsletter(when, f"<news-{i}@test>"))
    return msgs


def thread_mail(frm: str, to: str, subject: str, when: datetime, mid: str, body: str, *, parent: str | None = None,
                refs: tuple[str, ...] = (), cal: str | None = None, method: str = "REQUEST") -> bytes:
    """A hand-written email of a scenario: a reply to ``parent`` (after ``refs``) when given, with a calendar
    part (``cal``, its ``method``) when given."""
    msg = EmailMessage(policy=SMTP)
    msg["From"], msg["To"], msg["Subject"] = frm, to, subject
    msg["Date"], msg["Message-ID"] = email.utils.format_datetime(when), mid
    if parent:
        msg["In-Reply-To"], msg["References"] = parent, " ".join([*refs, parent])
    msg.set_content(body)
    if cal:
        msg.add_alternative(cal, subtype="calendar", params={"method": method})
    return msg.as_bytes()


def load_script(name: str) -> Any:
    """The module ``scripts/<name>.py`` (the scripts are not a package), loaded once under ``name``."""
    if name in sys.modules:
        return sys.modules[name]
    path = Path(__file__).resolve().parent.parent / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up while they are made
    spec.loader.exec_module(module)
    return module
