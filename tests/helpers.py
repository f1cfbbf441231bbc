"""Test helpers: a config file for a test account, running the real CLI, reading mailboxes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

PASSWORD_ENV = "ONWARD_TEST_PASSWORD"


def write_config(tmp_path: Path, account: Any, *, extra_imap: str = "", extra: str = "",
                 database: Path | None = None, tls: str = "implicit") -> Path:
    db = database or (tmp_path / "onward.db")
    port = account.ssl_port if tls == "implicit" else account.port
    cfg = tmp_path / "onward.toml"
    cfg.write_text(f"""
[imap]
host = "127.0.0.1"
port = {port}
tls = "{tls}"
username = "{account.user}"
password_env = "{PASSWORD_ENV}"
ca_file = "{account.cafile}"
folders = ["INBOX"]
idle = false
{extra_imap}

[followup]
min_days = 14
max_days = 21
timezone = "Europe/Berlin"
your_name = "Alex Doe"

[storage]
database = "sqlite:///{db}"
{extra}
""", encoding="utf-8")
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
