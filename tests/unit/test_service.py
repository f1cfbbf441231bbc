"""``onward service install`` / ``status``: a unit that starts with the config in use (escaped for
systemd), the environment file it needs, and a status that degrades where systemd is missing."""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from agent.cli import service
from tests.helpers import run_cli

CONFIG = '[imap]\nhost = "h.example"\nusername = "me@h.example"\npassword_env = "WORK_PW"\n'


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return {"HOME": str(home), "XDG_CONFIG_HOME": str(tmp_path / "xdg"), **extra}


def _config(where: Path, text: str = CONFIG) -> Path:
    where.mkdir(parents=True, exist_ok=True)
    cfg = where / "onward.toml"
    cfg.write_text(text)
    cfg.chmod(0o600)
    return cfg


def _exec_start(tmp_path: Path) -> str:
    unit = (tmp_path / "xdg" / "systemd" / "user" / "onward.service").read_text()
    return next(line for line in unit.splitlines() if line.startswith("ExecStart="))


def test_percent_and_dollar_in_paths_are_escaped(tmp_path):
    cfg = _config(tmp_path / "conf %h $HOME")
    done = run_cli(cfg, "service", "install", env_extra=_env(tmp_path))
    assert done.returncode == 0, done.stderr
    line = _exec_start(tmp_path)
    assert '--config "' + str(tmp_path) + '/conf %%h $$HOME/onward.toml" run' in line
    assert " %h" not in line.replace("%%h", "")


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_analyze_accepts_a_python_under_a_percent_path(tmp_path, monkeypatch):
    """systemd resolves ExecStart's executable: a ``%h`` left unescaped would name another file."""
    odd = tmp_path / "venv %h"
    odd.mkdir()
    (odd / "python3").symlink_to(sys.executable)
    monkeypatch.setattr(sys, "executable", str(odd / "python3"))
    unit = tmp_path / "onward.service"
    unit.write_text(service.unit_text(tmp_path / "50% off" / "onward.toml"))
    done = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "not executable" not in done.stderr


def test_config_is_named_unless_it_is_the_default(tmp_path):
    env = _env(tmp_path)
    default = _config(tmp_path / "xdg" / "onward")  # platformdirs: $XDG_CONFIG_HOME/onward/onward.toml
    assert run_cli(None, "service", "install", env_extra=env).returncode == 0
    assert "--config" not in _exec_start(tmp_path)
    other = _config(tmp_path / "elsewhere")
    done = run_cli(None, "service", "install", env_extra={**env, "ONWARD_CONFIG": str(other)})
    assert done.returncode == 0, done.stderr
    assert f"--config {other} run" in _exec_start(tmp_path)
    assert run_cli(default, "service", "install", env_extra=env).returncode == 0
    assert "--config" not in _exec_start(tmp_path)


def test_install_says_which_variable_the_env_file_needs(tmp_path):
    env = _env(tmp_path)
    cfg = _config(tmp_path / "c")
    done = run_cli(cfg, "service", "install", env_extra=env)
    assert done.returncode == 0, done.stderr
    env_file = Path(env["HOME"]) / ".config" / "onward" / "onward.env"
    assert f"reads WORK_PW from {env_file}, which does not exist yet" in done.stdout
    assert f"install -m 600 /dev/null {env_file}" in done.stdout
    assert "WORK_PW=...   (the password of account default)" in done.stdout
    assert not env_file.exists()


def test_write_env_writes_a_private_file_from_this_shell(tmp_path):
    env = _env(tmp_path)
    cfg = _config(tmp_path / "c")
    refused = run_cli(cfg, "service", "install", "--write-env", env_extra=env)
    assert refused.returncode == 2 and "WORK_PW is not set in this shell" in refused.stderr
    secret = "s3cr'et $HOME"
    done = run_cli(cfg, "service", "install", "--write-env", env_extra={**env, "WORK_PW": secret})
    assert done.returncode == 0, done.stderr
    env_file = Path(env["HOME"]) / ".config" / "onward" / "onward.env"
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    assert secret not in done.stdout + done.stderr
    lines = [line for line in env_file.read_text().splitlines() if line.startswith("WORK_PW=")]
    assert lines == ['WORK_PW="s3cr\'et \\$HOME"']
    again = run_cli(cfg, "service", "install", env_extra=env)
    assert f"{env_file} sets WORK_PW" in again.stdout and "does not" not in again.stdout


def test_status_without_systemctl_or_journalctl_says_so(tmp_path):
    env = _env(tmp_path, PATH=str(tmp_path / "empty-bin"))
    cfg = _config(tmp_path / "c")
    before = run_cli(cfg, "service", "status", env_extra=env)
    assert before.returncode == 0, before.stderr
    assert "not installed: run onward service install" in before.stdout
    assert run_cli(cfg, "service", "install", env_extra=env).returncode == 0
    done = run_cli(cfg, "service", "status", "--json", env_extra=env)
    assert done.returncode == 0, done.stderr
    status = json.loads(done.stdout)
    assert status["installed"] is True and status["up_to_date"] is True
    assert status["enabled"] is None and status["unknown"]["enabled"] == "systemctl not found"
    assert status["unknown"]["last_error"] == "journalctl not found"
    text = run_cli(cfg, "service", "status", env_extra=env).stdout
    assert "enabled:   unknown (systemctl not found)" in text and "(installed)" in text


@pytest.mark.skipif(shutil.which("systemctl") is None, reason="systemctl is not installed")
def test_status_with_the_real_systemctl_answers_in_one_piece(tmp_path):
    """Here (a container, often without a user session bus) or on a desktop: a state or why there is none."""
    cfg = _config(tmp_path / "c")
    done = run_cli(cfg, "service", "status", "--json", env_extra=_env(tmp_path))
    assert done.returncode == 0, done.stderr
    status = json.loads(done.stdout)
    assert status["enabled"] is not None or status["unknown"]["enabled"].startswith("systemctl")
    assert "Traceback" not in done.stderr
