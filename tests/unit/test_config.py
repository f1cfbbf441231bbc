"""Config: every bad line names its key and what was expected; secrets never come from the file."""

from __future__ import annotations

import os
import stat

import pytest

from agent.config import ConfigError, SecretError, load_settings, parse_settings, resolve_password

BASE = {"imap": {"host": "imap.example.com", "username": "me@example.com"}}


def with_imap(**kw):
    return {"imap": {**BASE["imap"], **kw}}


def test_defaults():
    s = parse_settings(BASE)
    assert s.imap.port == 993 and s.imap.tls == "implicit" and s.imap.folders == ("INBOX",)
    assert s.imap.initial_lookback_days == 30
    assert (s.followup.min_days, s.followup.max_days) == (14, 21)
    assert s.storage.database.startswith("sqlite:///")
    assert parse_settings(with_imap(tls="starttls")).imap.port == 143
    assert s.classifier.workers == 0  # automatic


@pytest.mark.parametrize("data, fragment", [
    (with_imap(port="993"), "imap.port"),
    (with_imap(port=70000), "imap.port"),
    (with_imap(tls="ssl"), "imap.tls"),
    (with_imap(tls="none"), "loopback"),
    (with_imap(folders="INBOX"), "imap.folders"),
    (with_imap(password="hunter2"), "never stored"),
    (with_imap(password_env="X", password_command="y"), "only one"),
    (with_imap(tls_verify=False), "i_understand_tls_verification_is_off"),
    (with_imap(hots="typo"), "unknown key 'hots'"),
    ({"imap": {"username": "x"}}, "imap.host is missing"),
    ({**BASE, "followup": {"min_days": 20, "max_days": 10}}, "max_days"),
    ({**BASE, "followup": {"timezone": "Mars/Olympus"}}, "followup.timezone"),
    ({**BASE, "followup": {"hours": [11, 9]}}, "followup.hours"),
    ({**BASE, "classifier": {"rejection_threshold": 2}}, "rejection_threshold"),
    ({**BASE, "classifier": {"workers": 99}}, "classifier.workers"),
    ({**BASE, "classifier": {"workers": "auto"}}, "classifier.workers"),
    ({**BASE, "daemon": {"poll_interval": True}}, "daemon.poll_interval"),
    ({**BASE, "extra": 1}, "unknown section"),
])
def test_bad_values_name_the_key(data, fragment):
    with pytest.raises(ConfigError) as err:
        parse_settings(data)
    assert fragment in str(err.value)


def test_plaintext_allowed_only_to_loopback():
    s = parse_settings({"imap": {"host": "127.0.0.1", "username": "u", "tls": "none"}})
    assert s.imap.port == 143 and s.imap.is_loopback


def test_broken_toml_line_is_reported(tmp_path):
    cfg = tmp_path / "onward.toml"
    cfg.write_text('[imap]\nhost = "x"\nusername = \n')
    with pytest.raises(ConfigError) as err:
        load_settings(cfg)
    assert "not valid TOML" in str(err.value) and "line 3" in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="no config file"):
        load_settings(tmp_path / "nope.toml")
    assert load_settings(tmp_path / "nope.toml", required=False).imap is None


def test_env_config_path(tmp_path, monkeypatch):
    cfg = tmp_path / "c.toml"
    cfg.write_text('[imap]\nhost = "h"\nusername = "u"\n')
    monkeypatch.setenv("ONWARD_CONFIG", str(cfg))
    assert load_settings().imap.host == "h"


def test_password_sources(monkeypatch, tmp_path):
    monkeypatch.setenv("MY_PW", "s3cret")
    assert resolve_password(parse_settings(with_imap(password_env="MY_PW")).imap) == "s3cret"
    assert resolve_password(parse_settings(with_imap(password_command="printf 'pw1\\nrest'")).imap) == "pw1"
    with pytest.raises(SecretError, match="exited with status 3"):
        resolve_password(parse_settings(with_imap(password_command="exit 3")).imap)
    monkeypatch.delenv("MY_PW")
    with pytest.raises(SecretError, match="MY_PW"):
        resolve_password(parse_settings(with_imap(password_env="MY_PW")).imap)


def test_world_readable_password_command_warns(tmp_path, caplog):
    cfg = tmp_path / "onward.toml"
    cfg.write_text('[imap]\nhost = "h"\nusername = "u"\npassword_command = "pass show x"\n')
    os.chmod(cfg, 0o644)
    load_settings(cfg)
    assert "chmod 600" in caplog.text
    caplog.clear()
    os.chmod(cfg, stat.S_IRUSR | stat.S_IWUSR)
    load_settings(cfg)
    assert "chmod 600" not in caplog.text
