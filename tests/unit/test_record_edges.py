"""The record's edges as the user meets them on the command line (real CLI ``main``, real SQLite):
ids never used twice, ``delete``, dates typed by the user, refused dates, ``status`` and ``followups``
counting a draft saved without a recipient right."""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from agent.accounts.state import waiting
from agent.cli import main
from agent.cli.common import open_store
from agent.cli.records import draft_column
from agent.config import load_settings
from agent.followups.plan import plan
from agent.followups.rules import FollowupKind
from agent.record.store import SCHEMA_VERSION, Store
from agent.record.store.applications import application_facts
from tests.helpers import run_cli

TZ = "Pacific/Auckland"  # far east of UTC: a local midnight is the previous day in UTC


@pytest.fixture
def cfg(tmp_path: Path) -> Path:
    path = tmp_path / "onward.toml"
    path.write_text(f'[storage]\ndatabase = "sqlite:///{tmp_path / "onward.db"}"\n\n'
                    f'[followup]\ntimezone = "{TZ}"\n', encoding="utf-8")
    return path


def onward(cfg: Path, *args: str, stdin: str | None = None, monkeypatch: pytest.MonkeyPatch | None = None,
           capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    if stdin is not None and monkeypatch is not None:
        fake = io.StringIO(stdin)
        fake.isatty = lambda: True  # type: ignore[method-assign]
        monkeypatch.setattr("sys.stdin", fake)
    code = main(["--config", str(cfg), *args])
    out, err = capsys.readouterr()
    return code, out, err


def add(cfg: Path, capsys: pytest.CaptureFixture[str], company: str, *extra: str) -> dict:
    code, out, err = onward(cfg, "add", "--company", company, "--role", "Engineer", *extra, "--json", capsys=capsys)
    assert code == 0, err
    return json.loads(out)


def today() -> datetime:
    return datetime.now(ZoneInfo(TZ))


# -- ids are never used twice ----------------------------------------------------------------------

def test_merge_then_add_gives_a_new_id(cfg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ids = [add(cfg, capsys, f"Company {n}")["application_id"] for n in range(3)]
    assert onward(cfg, "merge", str(ids[0]), str(ids[2]), capsys=capsys)[0] == 0
    assert add(cfg, capsys, "Next")["application_id"] == ids[2] + 1


def test_delete_then_add_gives_a_new_id(cfg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    last = add(cfg, capsys, "Mistake")["application_id"]
    assert onward(cfg, "delete", str(last), "--yes", capsys=capsys)[0] == 0
    assert add(cfg, capsys, "Real")["application_id"] == last + 1


@pytest.mark.parametrize("table", ["applications", "followups"])
def test_a_new_database_never_gives_a_deleted_rows_id_again(tmp_path: Path, table: str) -> None:
    """A follow-up's id, like an application's, is printed and typed (followups skip ID): once deleted
    (with its application, by onward delete), it must not come back naming another."""
    db = tmp_path / "new.db"
    Store.open(f"sqlite:///{db}").close()
    raw = sqlite3.connect(db)
    sql = raw.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    assert "AUTOINCREMENT" in sql.upper()
    raw.execute("INSERT INTO applications (id, company, status, created_at, updated_at, account) "
                "VALUES (1, 'Acme', 'applied', '2026-01-01', '2026-01-01', 'default')")
    row = ("(application_id, rejection_message_id, rejected_at, due_at, status, in_reply_to, created_at) "
           "VALUES (1, '<r@x>', '2026-01-01', '2026-01-15', 'scheduled', '<r@x>', '2026-01-01')")
    for _ in range(2):
        if table == "followups":
            raw.execute(f"INSERT INTO followups {row}")
        else:
            raw.execute("INSERT INTO applications (company, status, created_at, updated_at, account) "
                        "VALUES ('Globex', 'applied', '2026-01-01', '2026-01-01', 'default')")
    last = raw.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
    raw.execute(f"DELETE FROM {table} WHERE id = ?", (last,))
    if table == "followups":
        raw.execute(f"INSERT INTO followups {row}")
    else:
        raw.execute("INSERT INTO applications (company, status, created_at, updated_at, account) "
                    "VALUES ('Initech', 'applied', '2026-01-01', '2026-01-01', 'default')")
    assert raw.execute(f"SELECT max(id) FROM {table}").fetchone()[0] == last + 1
    raw.close()


def test_an_old_database_is_upgraded_and_keeps_its_rows(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    Store.open(f"sqlite:///{db}").close()
    raw = sqlite3.connect(db)
    # make it look like version 5: tables without AUTOINCREMENT, one application and its follow-up
    for table in ("applications", "followups"):
        sql = raw.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
        raw.executescript(f"PRAGMA foreign_keys=OFF; DROP TABLE {table}; "
                          f"{sql.replace(' AUTOINCREMENT', '')};")
    raw.execute("DELETE FROM schema_version")
    raw.execute("INSERT INTO schema_version VALUES (5, '2026-01-01')")
    raw.execute("INSERT INTO applications (id, company, status, created_at, updated_at, account) "
                "VALUES (7, 'Acme', 'applied', '2026-01-01', '2026-01-01', 'default')")
    raw.execute("INSERT INTO events (message_id, application_id, label, confidence, received_at, source, account) "
                "VALUES ('<a@acme.test>', 7, 'acknowledgement', 1.0, '2026-01-01', 'model', 'default')")
    raw.commit()
    raw.close()
    store = Store.open(f"sqlite:///{db}")
    store.close()
    raw = sqlite3.connect(db)
    sql = raw.execute("SELECT sql FROM sqlite_master WHERE name = 'applications'").fetchone()[0]
    assert "AUTOINCREMENT" in sql.upper()
    assert raw.execute("SELECT max(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    assert raw.execute("SELECT id, company FROM applications").fetchall() == [(7, "Acme")]
    assert raw.execute("SELECT application_id FROM events").fetchall() == [(7,)]
    assert raw.execute("PRAGMA foreign_keys").fetchone() == (0,)  # (a fresh connection: the default)
    raw.execute("DELETE FROM events")
    raw.execute("DELETE FROM applications WHERE id = 7")
    raw.execute("INSERT INTO applications (company, status, created_at, updated_at, account) "
                "VALUES ('Next', 'applied', '2026-01-02', '2026-01-02', 'default')")
    assert raw.execute("SELECT id FROM applications").fetchall() == [(8,)]


# -- delete ----------------------------------------------------------------------------------------

def test_delete_asks_and_a_no_keeps_the_application(cfg: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    app = add(cfg, capsys, "Acme")["application_id"]
    code, _out, err = onward(cfg, "delete", str(app), stdin="n\n", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1 and "not deleted" in err and "[y/N]" in err
    assert [a["application_id"] for a in json.loads(onward(cfg, "outcomes", "--json", capsys=capsys)[1])] == [app]
    code, out, _err = onward(cfg, "delete", str(app), stdin="y\n", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and out.startswith(f"deleted application {app} (Acme")
    assert json.loads(onward(cfg, "outcomes", "--json", capsys=capsys)[1]) == []


def test_delete_without_a_terminal_needs_yes(cfg: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    app = add(cfg, capsys, "Acme")["application_id"]
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))  # a pipe, not a terminal
    code, _out, err = onward(cfg, "delete", str(app), capsys=capsys)
    assert code == 2 and err.strip() == "onward: not deleted: confirm on a terminal, or give --yes"
    assert onward(cfg, "delete", "999", "--yes", capsys=capsys)[0] == 2


def test_delete_removes_the_follow_ups(cfg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    app = add(cfg, capsys, "Acme", "--contact", "jane@acme.test")["application_id"]
    at = (today() + timedelta(days=2)).replace(hour=14, minute=0, second=0, microsecond=0)
    assert onward(cfg, "interview", str(app), "--at", at.strftime("%Y-%m-%dT%H:%M"), capsys=capsys)[0] == 0
    assert json.loads(onward(cfg, "followups", "--json", capsys=capsys)[1])
    code, out, _ = onward(cfg, "delete", str(app), "--yes", "--json", capsys=capsys)
    assert code == 0 and json.loads(out)["removed"]["followups"] >= 1
    assert json.loads(onward(cfg, "followups", "--json", capsys=capsys)[1]) == []


# -- a contact typed by the user -------------------------------------------------------------------

def _check_in_to(cfg: Path) -> tuple[str, str]:
    """Whom the application's check-in is planned to (name, address)."""
    settings = load_settings(cfg)
    store = open_store(settings)
    try:
        with store.transaction() as conn:
            [facts] = application_facts(conn, None)
    finally:
        store.close()
    [check_in] = [d for d in plan(facts, datetime.now(UTC), settings.followup) if d.kind == FollowupKind.CHECK_IN]
    assert check_in.recipient.address is not None
    return check_in.recipient.address.name, check_in.recipient.address.email


def test_a_contact_with_a_display_name_is_taken_as_set_to_takes_it(cfg: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    # "Jane Roe <jane@acme.test>" was refused by add/edit --contact, though followups set --to takes it
    made = add(cfg, capsys, "Acme", "--contact", "Jane Roe <Jane@Acme.test>")
    assert (made["contact"], made["contact_name"]) == ("jane@acme.test", "Jane Roe")
    app = str(made["application_id"])
    code, out, _ = onward(cfg, "edit", app, "--contact", "jane@acme.test", "--json", capsys=capsys)
    assert code == 0 and json.loads(out)["contact_name"] == "Jane Roe"  # the same address again keeps the name
    assert _check_in_to(cfg) == ("Jane Roe", "jane@acme.test")  # greeted by her name, not "Dear Hiring Team"
    code, out, _ = onward(cfg, "edit", app, "--contact", "kai@acme.test", "--json", capsys=capsys)
    assert code == 0 and (json.loads(out)["contact"], json.loads(out)["contact_name"]) == ("kai@acme.test", None)
    assert _check_in_to(cfg) == ("", "kai@acme.test")


@pytest.mark.parametrize("value", ["jane@acme.test, kai@acme.test", "Jane Roe", "jane@acme.test\nBcc: x@evil.test"])
def test_a_contact_that_is_not_one_address_is_refused(cfg: Path, capsys: pytest.CaptureFixture[str],
                                                      value: str) -> None:
    code, out, err = onward(cfg, "add", "--company", "Acme", "--role", "Engineer", "--contact", value, capsys=capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "--contact" in err and "expected one email address" in err
    assert json.loads(onward(cfg, "outcomes", "--json", capsys=capsys)[1]) == []


# -- dates typed by the user -----------------------------------------------------------------------

def test_applied_date_is_shown_as_typed(cfg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    day = (today() - timedelta(days=3)).date().isoformat()
    code, out, _ = onward(cfg, "add", "--company", "Acme", "--role", "Engineer", "--applied", day, capsys=capsys)
    assert code == 0 and out.strip().endswith(f"(applied {day})")
    assert add(cfg, capsys, "Globex", "--applied", day)["applied_on"] == day


@pytest.mark.parametrize("when, reason", [
    (lambda t: (t + timedelta(days=1)).date().isoformat(), "that is in the future"),
    (lambda t: "1999-11-20", "more than 5 years ago"),
])
def test_implausible_applied_dates_are_refused(cfg: Path, capsys: pytest.CaptureFixture[str], when, reason) -> None:
    value = when(today())
    code, out, err = onward(cfg, "add", "--company", "Acme", "--role", "Engineer", "--applied", value, capsys=capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and f"--applied '{value}': {reason}" in err
    assert json.loads(onward(cfg, "outcomes", "--json", capsys=capsys)[1]) == []


@pytest.mark.parametrize("value, reason", [
    (lambda t: (t + timedelta(days=2)).date().isoformat(), "give the time too"),
    (lambda t: "1999-11-20T14:00", "that is more than a year ago"),
    (lambda t: (t + timedelta(days=400)).strftime("%Y-%m-%dT14:00"), "that is more than a year ahead"),
])
def test_implausible_interview_times_are_refused(cfg: Path, capsys: pytest.CaptureFixture[str], value,
                                                 reason) -> None:
    app = add(cfg, capsys, "Acme")["application_id"]
    at = value(today())
    code, out, err = onward(cfg, "interview", str(app), "--at", at, capsys=capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and f"--at '{at}': {reason}" in err
    assert json.loads(onward(cfg, "followups", "--json", capsys=capsys)[1]) == []


# -- drafts without a recipient: neither "saved" nor due -------------------------------------------

def test_a_draft_without_recipient_is_not_shown_saved_nor_due(tmp_path: Path) -> None:
    assert draft_column("needs_recipient", "<onward-followup-1@x>") == "no recipient"
    assert draft_column("drafted", "<onward-followup-1@x>") == "saved"
    assert draft_column("scheduled", None) == "-"
    store = Store.open(f"sqlite:///{tmp_path / 'w.db'}")
    now = datetime(2026, 12, 6, 9, tzinfo=UTC)
    with store.transaction() as conn:
        app = store.create_application(conn, company="Acme", company_key="acme", role="x", status="applied",
                                       message_id=None, subject=None, now=now)
        for status, draft in (("needs_recipient", "<d1@x>"), ("needs_recipient", None), ("scheduled", None),
                              ("drafted", "<d2@x>")):
            conn.exec_driver_sql(
                "INSERT INTO followups (application_id, rejection_message_id, rejected_at, due_at, status, "
                "in_reply_to, draft_message_id, created_at, account, kind, slot) VALUES "
                f"({app}, '', '2026-12-01', '2026-12-05T09:00:00+00:00', '{status}', '', "
                f"{repr(draft) if draft else 'NULL'}, '2026-12-01', 'default', 'check_in', '{status}{draft}')")
        _review, due = waiting(conn, now)
    store.close()
    assert due == {"default": 2}


def test_merge_and_delete_touch_only_their_own_applications(tmp_path: Path, model,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    from agent.demo import samples
    from tests.unit.memory_world import deliver, memory_world
    box, agent, store = memory_world(tmp_path, model, lookback_days=90)
    when = datetime(2026, 9, 1, 9, tzinfo=UTC)
    for n, company in enumerate(("Acme", "Globex", "Initech")):
        deliver(box, samples.rejection(company, "Analyst", f"Tom Baker <tom@{company.lower()}.example>",
                                        when - timedelta(days=1), f"<r{n}@{company.lower()}.example>"))
    agent.run_pass(when, draft=False)
    store.close()
    cfg = tmp_path / "records.toml"
    cfg.write_text(f'[storage]\ndatabase = "sqlite:///{tmp_path / "onward.db"}"\n', encoding="utf-8")

    def outcomes() -> dict[int, dict]:
        return {a["application_id"]: a for a in json.loads(onward(cfg, "outcomes", "--json", capsys=capsys)[1])}

    def linked() -> dict[int | None, int]:
        raw = sqlite3.connect(tmp_path / "onward.db")
        try:
            return dict(raw.execute("SELECT application_id, count(*) FROM messages GROUP BY application_id"))
        finally:
            raw.close()

    first, second, third = sorted(outcomes())
    untouched = outcomes()[first]["updated_at"]
    assert onward(cfg, "merge", str(third), str(second), capsys=capsys)[0] == 0
    after = outcomes()
    assert after[first]["updated_at"] == untouched and after[third]["updated_at"] > untouched
    code, out, _ = onward(cfg, "delete", str(first), "--yes", "--json", capsys=capsys)
    assert code == 0 and json.loads(out)["events"] == 1  # its own email only
    assert linked() == {None: 1, third: 2}  # its email stays recorded as read; the others stay linked


def test_followups_sent_marks_a_waiting_draft_sent_at_the_local_time_given(
        cfg: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    app = add(cfg, capsys, "Acme", "--contact", "jane@acme.test")["application_id"]
    at = (today() - timedelta(hours=3)).replace(second=0, microsecond=0)
    assert onward(cfg, "interview", str(app), "--at", at.strftime("%Y-%m-%dT%H:%M"), "--minutes", "30",
                  capsys=capsys)[0] == 0
    [fu] = json.loads(onward(cfg, "followups", "--json", capsys=capsys)[1])
    done = run_cli(cfg, "followups", "sent", str(fu["id"]))  # the action's name as a command line gives it
    assert (done.returncode, done.stdout) == (2, "") and done.stderr == (
        f"onward: follow-up {fu['id']} cannot be marked sent: it is scheduled (only a follow-up whose draft is "
        "in Drafts can)\n")
    sent = (today() - timedelta(minutes=30)).replace(second=0, microsecond=0)
    store = Store.open(f"sqlite:///{tmp_path / 'onward.db'}")  # a pass saved its draft then
    with store.transaction() as conn:
        store.update_followup(conn, fu["id"], status="drafted", draft_message_id="<d@example.org>",
                              drafted_at=sent.astimezone(UTC).isoformat(timespec="seconds"))
    store.close()
    code, _, err = onward(cfg, "followups", "sent", str(fu["id"]), "--at", "yesterday", capsys=capsys)
    assert code == 2 and err == ("onward: --at 'yesterday': expected an ISO date-time such as "
                                 "2026-12-20T09:30\n")
    code, out, _ = onward(cfg, "followups", "sent", str(fu["id"]), "--at", sent.strftime("%Y-%m-%dT%H:%M"),
                          "--json", capsys=capsys)
    row = json.loads(out)
    assert code == 0 and (row["status"], row["reason"]) == ("sent", "sent, as you said")  # the minute it was saved
    [listed] = json.loads(onward(cfg, "followups", "--json", capsys=capsys)[1])
    assert (listed["status"], listed["user_action"]) == ("sent", "sent")
    assert listed["sent_at"] == sent.astimezone(UTC).isoformat(timespec="seconds")  # local time as typed


def test_skip_cancels_the_follow_up_named_not_another(cfg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    at = (today() + timedelta(days=2)).replace(hour=14, minute=0, second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M")
    for company in ("Acme", "Globex"):
        app = add(cfg, capsys, company, "--contact", f"jane@{company.lower()}.test")["application_id"]
        assert onward(cfg, "interview", str(app), "--at", at, capsys=capsys)[0] == 0
    first, second = sorted(f["id"] for f in json.loads(onward(cfg, "followups", "--json", capsys=capsys)[1]))
    assert onward(cfg, "followups", "skip", str(second), capsys=capsys)[0] == 0
    status = {f["id"]: f["status"] for f in json.loads(onward(cfg, "followups", "--json", capsys=capsys)[1])}
    assert status == {first: "scheduled", second: "cancelled"}
