"""Accounts (issue 10) without a server: the config contract and its bad input, the schema's account
column and its migration, the token file, the token command, and several accounts over in-memory
mailboxes (drafts in the right account, Gmail's X-GM-MSGID dedupe)."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from agent.accounts.secrets import TokenStore
from agent.accounts.tokens import CommandTokens
from agent.config import ConfigError, SecretError, parse_settings
from agent.demo import samples
from agent.mail.imap import TokenServiceError
from agent.mail.memory import MemoryMailbox
from agent.mail.parse import parse_message
from agent.model.classifier import Classifier
from agent.pipeline import Agent
from agent.record.store import FolderCursor, Store
from tests.helpers import run_cli

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
FOLLOWUP = {"your_name": "Alex Doe", "timezone": "UTC"}
WORK = {"host": "outlook.office365.com", "port": 993, "tls": "implicit", "username": "me@work.example",
        "auth": "microsoft", "folders": ["INBOX"], "oauth": {"client_id": "11111111-2222"}}
HOME = {"host": "imap.example.org", "username": "me", "password_env": "HOME_PW"}


# -- config ---------------------------------------------------------------------------------------------


def test_the_issue_config_parses_into_named_accounts():
    s = parse_settings({"accounts": {"work": WORK, "home": HOME}, "followup": {**FOLLOWUP, "from_address": "me@home.example"}})
    assert s.account_names == ["work", "home"]
    work, home = s.select(None)
    assert (work.account, work.imap.auth, work.imap.oauth.client_id) == ("work", "microsoft", "11111111-2222")
    assert work.imap.oauth.authority == "https://login.microsoftonline.com/common"
    assert (home.account, home.imap.auth, home.imap.password_env) == ("home", "password", "HOME_PW")
    # followup.from_address is the From of every account unless an account names its own
    assert work.followup.from_address == home.followup.from_address == "me@home.example"
    own = parse_settings({"accounts": {"work": {**WORK, "from_address": "me@w.example"}, "home": HOME},
                          "followup": {**FOLLOWUP, "from_address": "me@home.example"}})
    assert [a.followup.from_address for a in own.select(None)] == ["me@w.example", "me@home.example"]


def test_the_imap_form_is_the_account_default_and_its_from_defaults_to_the_username():
    s = parse_settings({"imap": {"host": "h.example", "username": "me@h.example"}, "followup": FOLLOWUP})
    assert s.account == "default" and s.account_names == ["default"]
    [only] = s.select(None)
    assert only.imap == s.imap and only.followup.from_address == "me@h.example"
    both = parse_settings({"imap": {"host": "h.example", "username": "me@h.example"}, "accounts": {"work": WORK},
                           "followup": FOLLOWUP})
    assert both.account_names == ["default", "work"]
    assert [a.followup.from_address for a in both.select(None)] == ["me@h.example", "me@work.example"]


def test_google_and_command_accounts():
    s = parse_settings({"accounts": {
        "g": {"host": "imap.gmail.com", "username": "me@gmail.com", "auth": "google",
              "oauth": {"client_id": "x.apps.googleusercontent.com", "client_secret_env": "G_SECRET",
                        "token_uri": "https://idp.example/token"}},
        "c": {"host": "imap.example.org", "username": "me@example.org", "auth": "command",
              "token_command": "oama access me@example.org"}}, "followup": FOLLOWUP})
    g, c = (a.imap for a in s.accounts)
    assert g.oauth.token_uri == "https://idp.example/token" and g.oauth.auth_uri.startswith("https://accounts.google")
    assert c.token_command == "oama access me@example.org" and c.oauth is None


@pytest.mark.parametrize("accounts, key", [
    ({"work": {**WORK, "oauth": {}}}, "accounts.work.oauth.client_id is missing"),
    ({"work": {k: v for k, v in WORK.items() if k != "oauth"}}, "accounts.work.oauth.client_id is missing"),
    ({"work": {**WORK, "auth": "kerberos"}}, "accounts.work.auth = 'kerberos'"),
    ({"home": {**HOME, "oauth": {"client_id": "x"}}}, "accounts.home.oauth.client_id: oauth settings on an account "
                                                      "with auth = 'password'"),
    ({"work": {**WORK, "password_env": "PW"}}, "accounts.work.password_env: a password source"),
    ({"c": {**HOME, "password_env": None, "auth": "command"}}, "accounts.c.token_command is missing"),
    ({"home": {**HOME, "token_command": "x"}}, "accounts.home.token_command: only for auth"),
    ({"work": {**WORK, "oauth": {"client_id": "x", "authority": "http://x"}}}, "accounts.work.oauth.authority"),
    ({"work": {**WORK, "oauth": {"client_id": "x", "tenant": "y"}}}, "[accounts.work.oauth] unknown key 'tenant'"),
    ({"default": HOME}, "accounts.default: account name used twice"),
    ({"Work": WORK, "work": WORK}, "accounts.work: account name used twice"),
    ({"a b": HOME}, "accounts.a b: an account name is"),
    ({"work": {**WORK, "colour": "red"}}, "[accounts.work] unknown key 'colour'"),
])
def test_bad_account_config_names_the_key(accounts, key):
    doc = {"accounts": accounts, "followup": FOLLOWUP}
    if "default" in accounts:
        doc["imap"] = {"host": "h.example", "username": "me@h.example"}
    for a in accounts.values():
        a.pop("password_env", None) if a.get("password_env") is None else None
    with pytest.raises(ConfigError) as exc:
        parse_settings(doc)
    assert key in str(exc.value)
    assert "\n" not in str(exc.value)


def test_unknown_account_names_the_accounts():
    s = parse_settings({"accounts": {"work": WORK, "home": HOME}, "followup": FOLLOWUP})
    with pytest.raises(ConfigError, match=r"--account 'play': no such account \(accounts: work, home\)"):
        s.select("play")


def test_cli_bad_account_input_is_one_line_and_exit_2(tmp_path):
    cfg = tmp_path / "onward.toml"
    cfg.write_text('[accounts.work]\nhost = "outlook.office365.com"\nusername = "me@work.example"\n'
                   'auth = "microsoft"\n\n[followup]\nyour_name = "A"\n'
                   f'[storage]\ndatabase = "sqlite:///{tmp_path / "db"}"\n')
    done = run_cli(cfg, "status")
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert "accounts.work.oauth.client_id is missing" in done.stderr
    cfg.write_text(f'[imap]\nhost = "h.example"\nusername = "me@h.example"\n[followup]\nyour_name = "A"\n'
                   f'[storage]\ndatabase = "sqlite:///{tmp_path / "db"}"\n')
    for args in (["status", "--account", "work"], ["outcomes", "--account", "work", "--json"],
                 ["run", "--once", "--account", "work"], ["login", "--account", "work"], ["login"]):
        done = run_cli(cfg, *args)
        assert done.returncode == 2 and done.stderr.count("\n") == 1, (args, done.stderr)
        assert "--account" in done.stderr and not done.stdout, (args, done.stderr)


# -- the record carries its account ---------------------------------------------------------------------


V2_SCHEMA = """
CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at VARCHAR NOT NULL);
INSERT INTO schema_version VALUES (1, '2026-01-01'), (2, '2026-01-02');
CREATE TABLE folder_state (account VARCHAR, folder VARCHAR, uidvalidity INTEGER NOT NULL, last_uid INTEGER NOT NULL,
  updated_at VARCHAR NOT NULL, PRIMARY KEY (account, folder));
CREATE TABLE messages (id INTEGER PRIMARY KEY, account VARCHAR NOT NULL, folder VARCHAR NOT NULL,
  uidvalidity INTEGER NOT NULL, uid INTEGER NOT NULL, message_id VARCHAR NOT NULL, status VARCHAR NOT NULL,
  label VARCHAR, confidence FLOAT, p_rejection FLOAT, error TEXT, subject TEXT, from_addr VARCHAR,
  received_at VARCHAR, processed_at VARCHAR NOT NULL, application_id INTEGER, facts_json TEXT, body TEXT,
  CONSTRAINT uq_messages_uid UNIQUE (account, folder, uidvalidity, uid));
CREATE TABLE applications (id INTEGER PRIMARY KEY, company VARCHAR, company_key VARCHAR, role VARCHAR,
  status VARCHAR NOT NULL, status_message_id VARCHAR, status_subject TEXT, created_at VARCHAR NOT NULL,
  updated_at VARCHAR NOT NULL);
CREATE TABLE events (id INTEGER PRIMARY KEY, message_id VARCHAR NOT NULL UNIQUE, application_id INTEGER NOT NULL,
  label VARCHAR NOT NULL, confidence FLOAT NOT NULL, received_at VARCHAR NOT NULL, subject TEXT, from_addr VARCHAR,
  contact_name VARCHAR, contact_email VARCHAR, references_json TEXT, source VARCHAR NOT NULL);
CREATE TABLE followups (id INTEGER PRIMARY KEY, application_id INTEGER NOT NULL UNIQUE,
  rejection_message_id VARCHAR NOT NULL, rejected_at VARCHAR NOT NULL, due_at VARCHAR NOT NULL, status VARCHAR NOT NULL,
  to_name VARCHAR, to_addr VARCHAR, subject TEXT, in_reply_to VARCHAR NOT NULL, references_json TEXT,
  draft_message_id VARCHAR, drafted_at VARCHAR, reason TEXT, created_at VARCHAR NOT NULL);
INSERT INTO folder_state VALUES ('me@imap.example.org', 'INBOX', 7, 12, '2026-02-01T00:00:00+00:00');
INSERT INTO messages (account, folder, uidvalidity, uid, message_id, status, processed_at)
  VALUES ('me@imap.example.org', 'INBOX', 7, 12, '<m@x>', 'classified', '2026-02-01');
INSERT INTO applications VALUES (1, 'Acme', 'acme', 'Dev', 'rejected', '<m@x>', 's', '2026-02-01', '2026-02-01');
INSERT INTO events VALUES (1, '<m@x>', 1, 'rejection', 0.9, '2026-02-01', 's', 'a@acme.example', NULL, NULL, '[]', 'model');
INSERT INTO followups VALUES (1, 1, '<m@x>', '2026-02-01', '2026-02-15', 'scheduled', NULL, 'a@acme.example', 's',
  '<m@x>', '[]', NULL, NULL, NULL, '2026-02-01');
"""


def test_a_single_account_database_migrates_to_the_account_default(tmp_path):
    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    con.executescript(V2_SCHEMA)
    con.close()
    store = Store.open(f"sqlite:///{db}")
    with store.transaction() as conn:
        assert FolderCursor("default", "INBOX").load(conn).last_uid == 12  # the daemon resumes where it was
        assert store.recorded_uids(conn, "default", "INBOX", 7, [12]) == {12}
        assert [r.account for r in store.list_outcomes(conn)] == ["default"]
        assert [r.account for r in store.list_events(conn)] == ["default"]
        assert [r.account for r in store.list_followups(conn)] == ["default"]
    store.close()
    Store.open(f"sqlite:///{db}").close()  # opening again changes nothing


@pytest.fixture(scope="module")
def model() -> Classifier:
    return Classifier.load()


def _two_accounts(tmp_path: Path, model: Classifier, **gmail: bool):
    settings = parse_settings({
        "accounts": {"work": {"host": "w.example", "username": "me@work.example", "password_env": "X",
                              "folders": ["INBOX"], "initial_lookback_days": 60},
                     "home": {"host": "h.example", "username": "me@home.example", "password_env": "X",
                              "folders": ["INBOX"], "initial_lookback_days": 60}},
        "followup": {**FOLLOWUP, "min_days": 1, "max_days": 2}, "classifier": {"workers": -1},
        "storage": {"database": f"sqlite:///{tmp_path / 'onward.db'}"}})
    store = Store.open(settings.storage.database)
    boxes = {name: MemoryMailbox() for name in ("work", "home")}
    agents = {s.account: Agent(s, store, model, password="unused", client=lambda b=boxes[s.account]: b)
              for s in settings.select(None)}
    return settings, store, boxes, agents


def test_two_accounts_draft_each_followup_in_the_drafts_of_its_own_account(tmp_path, model):
    _settings, store, boxes, agents = _two_accounts(tmp_path, model)
    raw = samples.rejection("Acme Robotics", "Engineer", "Jane Roe <jane@acme.example>", NOW - timedelta(days=1),
                            "<rej-work@acme.example>")
    boxes["work"].deliver("INBOX", raw, parse_message(raw).date)
    for name in ("home", "work"):
        agents[name].run_pass(NOW)
    with store.transaction() as conn:
        [fu] = store.list_followups(conn)
        [ev] = store.list_events(conn)
        [app] = store.list_outcomes(conn)
    assert (fu.account, ev.account, app.account) == ("work", "work", "work")
    later = NOW + timedelta(days=5)
    agents["home"].run_pass(later)  # home goes first: the work follow-up is not its to draft
    assert boxes["home"].raw_messages("Drafts") == []
    agents["work"].run_pass(later)
    [draft] = boxes["work"].raw_messages("Drafts")
    assert b"In-Reply-To: <rej-work@acme.example>" in draft and b"me@work.example" in draft
    assert boxes["home"].raw_messages("Drafts") == []


class GmailBox(MemoryMailbox):
    """A Gmail-like mailbox: X-GM-EXT-1, and the same X-GM-MSGID for a message under every label."""

    def __init__(self) -> None:
        super().__init__(("INBOX", "Jobs", "Drafts", "Sent"))
        self.gm: dict[tuple[str, int], int] = {}
        self.fetched: list[tuple[str, int]] = []

    def has_capability(self, name: str) -> bool:
        return name == "X-GM-EXT-1" or super().has_capability(name)

    def label(self, raw: bytes, gm: int, *folders: str) -> None:
        for folder in folders:
            self.gm[(folder, self.deliver(folder, raw, parse_message(raw).date))] = gm

    def gmail_ids(self, uids):
        return {u: self.gm[(self.selected, u)] for u in uids if (self.selected, u) in self.gm}

    def fetch(self, uids, *args, **kwargs):
        self.fetched += [(self.selected, u) for u in uids]
        return super().fetch(uids, *args, **kwargs)


def test_gmail_message_under_two_labels_is_recorded_once(tmp_path, model):
    box = GmailBox()
    settings = parse_settings({
        "imap": {"host": "imap.gmail.com", "username": "me@gmail.com", "folders": ["INBOX", "Jobs"],
                 "initial_lookback_days": 60},
        "followup": FOLLOWUP, "classifier": {"workers": -1},
        "storage": {"database": f"sqlite:///{tmp_path / 'onward.db'}"}})
    store = Store.open(settings.storage.database)
    agent = Agent(settings, store, model, password="unused", client=lambda: box)
    rej = samples.rejection("Acme Robotics", "Engineer", "Jane Roe <jane@acme.example>", NOW - timedelta(days=2),
                            "<rej@acme.example>")
    box.label(rej, 1001, "INBOX", "Jobs")
    box.label(samples.newsletter(NOW - timedelta(days=1), "<news@x.example>"), 1002, "Jobs")
    report = agent.run_pass(NOW)
    assert box.fetched == [("INBOX", 1), ("Jobs", 2)]  # the copy in Jobs is never fetched
    assert report.skipped == 1
    con = sqlite3.connect(tmp_path / "onward.db")
    rows = con.execute("select folder, uid, status, message_id from messages order by folder, uid").fetchall()
    assert rows == [("INBOX", 1, "classified", "<rej@acme.example>"), ("Jobs", 1, "duplicate", "<rej@acme.example>"),
                    ("Jobs", 2, "classified", "<news@x.example>")]
    assert agent.run_pass(NOW).fetched == 0  # and not again
    store.close()


def test_without_x_gm_ext_1_every_folder_is_read():
    box = MemoryMailbox()
    assert not box.has_capability("X-GM-EXT-1")  # the dedupe only runs where Gmail says so


# -- tokens at rest -------------------------------------------------------------------------------------


def test_token_file_is_private_and_one_others_can_read_is_refused(tmp_path):
    store = TokenStore("work", tmp_path / "tokens", "file")
    store.save('{"refresh_token": "rt-secret"}')
    path = tmp_path / "tokens" / "work.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "tokens").stat().st_mode) == 0o700
    assert store.load() == '{"refresh_token": "rt-secret"}'
    path.chmod(0o644)
    with pytest.raises(SecretError) as exc:
        store.load()
    assert "can be read by others (mode 644): refused; run chmod 600" in str(exc.value)
    assert "rt-secret" not in str(exc.value)
    path.chmod(0o600)
    store.save("second")  # rewritten atomically, still private
    assert store.load() == "second" and stat.S_IMODE(path.stat().st_mode) == 0o600
    store.clear()
    assert store.load() is None and not path.exists()


def test_token_command_prints_the_token_and_its_failure_is_retried_never_shown(tmp_path):
    assert CommandTokens("c", "printf 'tok-123\\nignored\\n'").get_access_token() == "tok-123"
    with pytest.raises(TokenServiceError) as exc:
        CommandTokens("c", "echo tok-456; exit 3").get_access_token(force_refresh=True)
    assert "accounts.c.token_command exited with status 3" in str(exc.value) and "tok-456" not in str(exc.value)
    with pytest.raises(TokenServiceError, match="printed no token"):
        CommandTokens("default", "true").get_access_token()


def test_service_unit_is_shipped_and_installed(tmp_path):
    env = {"XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    cfg = tmp_path / "onward.toml"
    cfg.write_text('[imap]\nhost = "h.example"\nusername = "me@h.example"\n')
    done = run_cli(cfg, "service", "install", env_extra=env)
    assert done.returncode == 0, done.stderr
    unit = (tmp_path / "xdg" / "systemd" / "user" / "onward.service").read_text()
    assert "Restart=on-failure" in unit and "StandardError=journal" in unit and "WantedBy=default.target" in unit
    assert f"ExecStart={os.sys.executable} -m agent.cli --config {cfg} run" in unit
    assert "systemctl --user daemon-reload" in done.stdout
    assert "systemctl --user enable --now onward.service" in done.stdout
    again = run_cli(cfg, "service", "install", env_extra=env)
    assert again.returncode == 0 and "up to date" in again.stdout
