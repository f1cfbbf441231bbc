"""The start of a backfill and of ``run --once``: the model loads in a thread while the command imports the
pass and opens the store (agent.cli.common.ModelLoading), and a backfill imports none of the drafting code
(agent.scan). What must not change: a model, store or template that does not load still ends the command
at once with its one line and exit code; the loading thread has ended before the pass forks its workers."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from agent.cli.common import ModelLoading
from agent.config import load_settings
from agent.demo.dovecot_setup import onward_config
from agent.model.classifier import Classifier, ModelLoadError

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
