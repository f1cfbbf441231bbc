"""The start of a backfill and of ``run --once``: the model loads in a thread while the command imports the
pass and opens the store (agent.cli.common.ModelLoading), and a backfill imports none of the drafting code
(agent.scan). What must not change: a model, store or template that does not load still ends the command
at once with its one line and exit code; the loading thread has ended before the pass forks its workers. What it
saves: no garbage collection while the pass's modules are imported, the Public Suffix List parsed while the
login waits on the server."""

from __future__ import annotations

import gc
import json
import socket
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from agent.cli.common import ModelLoading, collector_paused
from agent.config import load_settings
from agent.demo import samples
from agent.demo.dovecot_setup import onward_config
from agent.intake import Intake
from agent.model.classifier import Classifier, ModelLoadError
from agent.record import contacts
from tests.unit.memory_world import deliver, memory_world

ROOT = Path(__file__).resolve().parents[2]
DRAFTING = ("agent.pipeline", "agent.followups.drafting", "agent.followups.grammar", "agent.insights.weekly",
            "agent.record.harvest")


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again when this returns: nothing listens there


def config(tmp_path: Path, *, followup: dict | None = None, extra: str = "") -> Path:
    cfg = tmp_path / "onward.toml"
    cafile = tmp_path / "ca.pem"
    cafile.write_text("", encoding="utf-8")
    cfg.write_text(onward_config(port=closed_port(), user="alex@example.org", cafile=str(cafile),
                                 database=tmp_path / "onward.db", password_env="ONWARD_TEST_PASSWORD",
                                 followup=followup, extra=extra), encoding="utf-8")
    return cfg


def backfill(cfg: Path) -> tuple[int, str, list[str]]:
    """``onward backfill`` in a fresh interpreter: exit code, stderr, and which drafting modules it loaded."""
    code = ("import json, sys\n"
            "from agent.cli import main\n"
            f"code = main(['--config', {str(cfg)!r}, '-q', 'backfill'])\n"
            f"print(json.dumps([code, [m for m in {DRAFTING!r} if m in sys.modules]]))\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={"ONWARD_TEST_PASSWORD": "x", "PATH": "/usr/bin:/bin", "HOME": str(cfg.parent)})
    exit_code, loaded = json.loads(done.stdout.strip().splitlines()[-1])
    return exit_code, done.stderr, loaded


def test_a_backfill_loads_no_drafting_code(tmp_path: Path) -> None:
    exit_code, stderr, loaded = backfill(config(tmp_path))
    # it got as far as the server (an empty CA file, nothing listening): model, store and template loaded
    assert exit_code in (3, 5) and "127.0.0.1:" in stderr, stderr
    assert loaded == []


def test_a_backfill_with_a_template_that_does_not_load_ends_at_once(tmp_path: Path) -> None:
    exit_code, stderr, _loaded = backfill(config(tmp_path, followup={"template": str(tmp_path / "missing.j2")}))
    assert exit_code not in (0, 3, 5) and "127.0.0.1:" not in stderr, stderr  # before any connection
    assert "missing.j2" in stderr


def test_a_backfill_with_a_model_that_does_not_load_says_so(tmp_path: Path) -> None:
    bad = tmp_path / "model.skops"
    bad.write_bytes(b"not a model")
    exit_code, stderr, _loaded = backfill(config(tmp_path, extra=f'[classifier]\nmodel = "{bad}"\n'))
    assert exit_code == 8, stderr
    assert stderr.startswith("onward: model: ") and len(stderr.strip().splitlines()) == 1


def test_the_model_is_loaded_and_its_thread_ended_when_the_command_asks_for_it(tmp_path: Path) -> None:
    loading = ModelLoading(load_settings(config(tmp_path)))
    classifier = loading.result()
    assert isinstance(classifier, Classifier)
    # the pass forks its workers after this: no thread of the loading may still run
    assert [t for t in threading.enumerate() if t.name == "onward-model-load"] == []
    assert loading.result() is classifier


def test_what_loading_raised_is_raised_where_the_model_is_asked_for(tmp_path: Path) -> None:
    bad = tmp_path / "model.skops"
    bad.write_bytes(b"not a model")
    loading = ModelLoading(load_settings(config(tmp_path, extra=f'[classifier]\nmodel = "{bad}"\n')))
    with pytest.raises(ModelLoadError):
        loading.result()


# -- what the start costs: no collections while the pass is imported, the suffix list parsed beside the login


def collections_while_the_pass_is_imported(cfg: Path, *, command_process: bool) -> tuple[int, int, bool]:
    """``onward backfill`` in a fresh interpreter: (collections while ``agent.scan`` imports what the pass
    records with - from its start until ``agent.record.batch`` is loaded -, objects frozen, collector on after)."""
    code = ("import gc, json, sys\n"
            "during = []\n"
            "gc.callbacks.append(lambda phase, info: phase == 'start' and during.append(\n"
            "    'agent.scan' in sys.modules and 'agent.record.batch' not in sys.modules))\n"
            "from agent.cli import common, main\n"
            f"common.COMMAND_PROCESS = {command_process!r}\n"
            f"code = main(['--config', {str(cfg)!r}, '-q', 'backfill'])\n"
            "print(json.dumps([sum(during), gc.get_freeze_count(), gc.isenabled()]))\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={"ONWARD_TEST_PASSWORD": "x", "PATH": "/usr/bin:/bin", "HOME": str(cfg.parent)})
    during, frozen, enabled = json.loads(done.stdout.strip().splitlines()[-1])
    return during, frozen, enabled


def test_a_backfill_imports_its_pass_without_collecting_and_freezes_what_it_imported(tmp_path: Path) -> None:
    during, frozen, enabled = collections_while_the_pass_is_imported(config(tmp_path), command_process=True)
    assert during == 0  # dozens before: each import's objects set off collections over all imported so far
    assert frozen > 50_000  # the modules, classes and constants imported: no later collection goes over them
    assert enabled


def test_code_calling_main_gets_its_collector_back_with_nothing_frozen(tmp_path: Path) -> None:
    during, frozen, enabled = collections_while_the_pass_is_imported(config(tmp_path), command_process=False)
    assert during == 0
    assert frozen == 0
    assert enabled


def test_the_collector_is_left_off_when_it_was_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_backfill_parses_the_suffix_list_in_a_thread_ended_before_its_workers_fork(
        tmp_path: Path, model: Classifier, monkeypatch: pytest.MonkeyPatch) -> None:
    box, agent, store = memory_world(tmp_path, model)
    try:
        deliver(box, samples.rejection("Acme", "Data Analyst", "Jane Roe <jane@acme.example>",
                                       datetime(2026, 11, 2, 9, tzinfo=UTC), "<r1@acme.example>"))
        parsed_in: list[str] = []
        parse = contacts.load_suffix_list
        monkeypatch.setattr(contacts, "load_suffix_list", lambda: (parsed_in.append(threading.current_thread().name),
                                                                   parse())[1])
        contacts._psl.cache_clear()
        at_fork: list[tuple[bool, int]] = []
        enter = Intake.__enter__

        def forking(self: Intake) -> Intake:  # a pass with a worker: what the fork would find; then none is forked
            at_fork.append((any(t.name == "onward-suffix-list" for t in threading.enumerate()),
                            contacts._psl.cache_info().currsize))
            self.workers = 0
            return enter(self)
        monkeypatch.setattr(Intake, "__enter__", forking)
        monkeypatch.setattr("agent.scan.worker_count", lambda setting, messages: 1)
        report = agent.backfill(["INBOX"], now=datetime(2026, 11, 3, tzinfo=UTC))
        assert report.events == 1
        assert parsed_in == ["onward-suffix-list"]  # beside the login and the UID search, not after them
        assert at_fork == [(False, 1)]  # ended, and parsed once for the workers and this process
        assert not any(t.name == "onward-suffix-list" for t in threading.enumerate())
    finally:
        store.close()
