"""Config: every bad line names its key and what was expected; secrets never come from the file."""

from __future__ import annotations

import os
import stat

import pytest

from agent.accounts.passwords import resolve_password
from agent.config import ConfigError, SecretError, load_settings, parse_settings

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
    ({**BASE, "daemon": {"lease_seconds": 1}}, "daemon.lease_seconds"),
    ({**BASE, "daemon": {"parallel_passes": 0}}, "daemon.parallel_passes"),
    ({**BASE, "daemon": {"idle_connections_per_host": -1}}, "daemon.idle_connections_per_host"),
    ({**BASE, "daemon": {"logins_per_second": 0}}, "daemon.logins_per_second"),
    ({**BASE, "extra": 1}, "unknown section"),
    ({**BASE, "followup": {"language": "klingon"}}, "followup.language"),
])
def test_bad_values_name_the_key(data, fragment):
    with pytest.raises(ConfigError) as err:
        parse_settings(data)
    assert fragment in str(err.value)


def test_followup_hours_are_a_window_of_at_least_one_hour():
    """``[first, last]`` is first:00 to before last:00: ``[10, 10]`` is no window. It was accepted, and every
    pass that planned a follow-up then failed; now it is one line naming the key."""
    with pytest.raises(ConfigError) as err:
        parse_settings({**BASE, "followup": {"hours": [10, 10]}})
    assert "followup.hours" in str(err.value) and "first < last" in str(err.value)
    assert parse_settings({**BASE, "followup": {"hours": [10, 11]}}).followup.hours == (10, 11)
    assert parse_settings({**BASE, "followup": {"hours": [0, 23]}}).followup.hours == (0, 23)


def test_followup_language_lists_every_language_onward_writes():
    """One line that names the key and every accepted value; the languages drafts exist in are accepted."""
    with pytest.raises(ConfigError) as err:
        parse_settings({**BASE, "followup": {"language": "klingon"}})
    assert "\n" not in str(err.value) and "en, de, fr, es, it, nl, pt" in str(err.value)
    for lang in ("it", "nl", "pt"):
        assert parse_settings({**BASE, "followup": {"language": lang}}).followup.language == lang


def test_max_check_ins_is_at_most_two_with_one_clear_line():
    """Career advisers advise two check-ins at most (the second shorter, referring to the first)."""
    with pytest.raises(ConfigError) as err:
        parse_settings({**BASE, "followup": {"max_check_ins": 3}})
    assert str(err.value) == "followup.max_check_ins = 3: expected a whole number from 0 to 2"
    assert parse_settings({**BASE, "followup": {"max_check_ins": 2}}).followup.max_check_ins == 2


def test_portuguese_variant_setting():
    assert parse_settings(BASE).followup.portuguese == "auto"
    assert parse_settings({**BASE, "followup": {"portuguese": "pt-PT"}}).followup.portuguese == "pt-PT"
    with pytest.raises(ConfigError) as err:
        parse_settings({**BASE, "followup": {"portuguese": "pt-AO"}})
    assert "\n" not in str(err.value) and "followup.portuguese" in str(err.value) and "pt-BR" in str(err.value)


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


# --- the sender of every draft (issue 14.3) -------------------------------------------------------


def test_from_address_defaults_to_an_address_username():
    s = parse_settings({**BASE, "followup": {"your_name": "Alex Doe"}})
    assert s.followup.from_address == "me@example.com"
    assert s.require_imap().username == "me@example.com"


def test_a_missing_followup_section_is_an_error_for_mailbox_commands():
    """No [followup] and a username that is not an address: no From for the drafts."""
    s = parse_settings({"imap": {"host": "imap.example.com", "username": "alex"}})
    assert s.followup.from_address is None
    with pytest.raises(ConfigError, match=r"followup\.from_address is missing"):
        s.require_imap()
    s = parse_settings({"imap": {"host": "imap.example.com", "username": "alex"},
                        "followup": {"from_address": "alex@example.org"}})
    with pytest.raises(ConfigError, match=r"followup\.your_name is missing"):
        s.require_imap()
    with pytest.raises(ConfigError, match=r"followup\.your_name is missing"):
        parse_settings(BASE).require_imap()  # the From is known, the signature is not
    ok = parse_settings({"imap": {"host": "imap.example.com", "username": "alex"},
                         "followup": {"from_address": "alex@example.org", "your_name": "Alex"}})
    assert ok.require_imap().username == "alex" and ok.followup.from_address == "alex@example.org"


def test_commands_without_a_mailbox_need_no_sender():
    s = parse_settings({})
    assert s.imap is None and s.followup.from_address is None and s.followup.your_name == ""


@pytest.mark.parametrize("value", ["Alex <alex@example.org>", "alex@example.org, eve@evil.test", "alex",
                                   "a lex@example.org", "alex@example.org\r\nBcc: eve@evil.test"])
def test_from_address_must_be_one_bare_address(value):
    with pytest.raises(ConfigError, match=r"followup\.from_address"):
        parse_settings({**BASE, "followup": {"from_address": value, "your_name": "A"}})


def test_check_and_run_refuse_a_config_without_followup(tmp_path):
    """`onward check` / `run` stop at the config (exit 2, the key named) before any connection."""
    from tests.helpers import PASSWORD_ENV, run_cli
    cfg = tmp_path / "onward.toml"
    cfg.write_text('[imap]\nhost = "127.0.0.1"\nport = 9\ntls = "none"\nusername = "alex"\n'
                   f'password_env = "{PASSWORD_ENV}"\n[storage]\ndatabase = "sqlite:///{tmp_path / "o.db"}"\n')
    for command in (["check"], ["run", "--once"]):
        done = run_cli(cfg, *command, password="pw", timeout=60)
        assert done.returncode == 2, done.stderr
        assert "followup.from_address" in done.stderr
    cfg.write_text(cfg.read_text() + '[followup]\nfrom_address = "alex@example.org"\n')
    done = run_cli(cfg, "check", password="pw", timeout=60)
    assert done.returncode == 2 and "followup.your_name" in done.stderr, done.stderr
    assert run_cli(cfg, "outcomes", timeout=60).returncode == 0  # no mailbox needed: still works


# --- the example config and the database path (issue 14.5) ---------------------------------------


def test_example_config_keeps_the_default_database(tmp_path):
    from pathlib import Path

    from agent.config import default_database_url
    example = Path(__file__).resolve().parents[2] / "config" / "onward.example.toml"
    cfg = tmp_path / "onward.toml"
    cfg.write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    s = load_settings(cfg)
    assert s.storage.database == default_database_url() and s.storage.keep_bodies is True
    assert s.require_imap().username == "me@example.com" and s.followup.from_address == "me@example.com"


@pytest.mark.parametrize("where", ["/proc/onward/onward.db", "{tmp}/file/onward.db"])
def test_unusable_database_path_is_a_database_error(tmp_path, where):
    from tests.helpers import run_cli
    (tmp_path / "file").write_text("not a directory")
    db = where.format(tmp=tmp_path)
    cfg = tmp_path / "onward.toml"
    cfg.write_text('[imap]\nhost = "127.0.0.1"\nport = 9\ntls = "none"\nusername = "alex@example.org"\n'
                   f'[followup]\nyour_name = "Alex"\n[storage]\ndatabase = "sqlite:///{db}"\n')
    for command in (["outcomes"], ["run", "--once"]):
        done = run_cli(cfg, *command, password="pw", timeout=60)
        assert done.returncode == 7, done.stderr
        assert "storage.database" in done.stderr and "unexpected" not in done.stderr


# --- storage.keep_bodies (issue 15.7) -------------------------------------------------------------


def test_keep_bodies_setting():
    assert parse_settings(BASE).storage.keep_bodies is True
    assert parse_settings({**BASE, "storage": {"keep_bodies": False}}).storage.keep_bodies is False
    with pytest.raises(ConfigError, match=r"storage\.keep_bodies"):
        parse_settings({**BASE, "storage": {"keep_bodies": "no"}})


@pytest.mark.parametrize("data, typo, meant", [
    ({"imap": {"host": "imap.example.com", "usernme": "alex"}}, "usernme", "username"),
    ({"imap": {"hots": "imap.example.com", "username": "alex"}}, "hots", "host"),
    ({"imap": {**BASE["imap"], "auth": "command", "token_comand": "x"}}, "token_comand", "token_command"),
    ({"imap": {**BASE["imap"], "prot": 993}}, "prot", "port"),
    ({**BASE, "followup": {"min_dayz": 3}}, "min_dayz", "min_days"),
    ({**BASE, "classifier": {"workerz": 2}}, "workerz", "workers"),
    ({**BASE, "storage": {"databse": "sqlite:///x.db"}}, "databse", "database"),
    ({**BASE, "daemon": {"pol_interval": 60}}, "pol_interval", "poll_interval"),
    ({**BASE, "digest": {"enabeld": True}}, "enabeld", "enabled"),
    ({"accounts": {"work": {"host": "h.example.com", "usrname": "a"}}}, "usrname", "username"),
    ({"accounts": {"work": {"host": "h.example.com", "username": "a", "auth": "microsoft",
                            "oauth": {"clientid": "x"}}}}, "clientid", "client_id"),
])
def test_a_typo_is_named_before_the_error_it_causes(data, typo, meant):
    """A misspelt key is reported as such (with the key meant), not as the required key being missing."""
    with pytest.raises(ConfigError) as err:
        parse_settings(data)
    assert f"unknown key '{typo}' (did you mean '{meant}'?)" in str(err.value)
    assert "missing" not in str(err.value)


def test_keyring_without_a_backend_is_a_config_error(monkeypatch, tmp_path, capsys):
    """The keyring package with no backend (a server, a container): exit 2 and what to use instead."""
    from agent.cli import main
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.delenv("ONWARD_PASSWORD", raising=False)
    with pytest.raises(SecretError, match="no system keyring here: use password_env or password_command"):
        resolve_password(parse_settings(with_imap(keyring=True)).imap)
    cfg = tmp_path / "onward.toml"
    cfg.write_text('[imap]\nhost = "127.0.0.1"\nport = 9\ntls = "none"\nusername = "me@example.com"\nkeyring = true\n'
                   f'[followup]\nyour_name = "Alex Doe"\n[storage]\ndatabase = "sqlite:///{tmp_path}/o.db"\n')
    cfg.chmod(0o600)
    assert main(["--config", str(cfg), "check"]) == 2
    err = capsys.readouterr().err
    assert "no system keyring here: use password_env or password_command" in err and "NoKeyringError" not in err
