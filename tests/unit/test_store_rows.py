"""The store's read models keep each row to its own key: an account's state, a folder's cursor, a Gmail id,
a digest's week, a follow-up's replies and a note's application never leak into another's; the rows read
back are frozen.

Each query here is written against neighbours on both sides of its key (a smaller and a larger account,
application id or week), so a comparison loosened from ``==`` to ``>=`` or ``<`` is caught.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from agent.record.storage import StoreError
from agent.record.store import FolderCursor, Store
from agent.record.store.accounts import (account_states, known_gmail_ids, remember_gmail_ids, set_account_state,
                                         set_watch, watches)
from agent.record.store import events as ev_store
from agent.record.store import applications as app_store
from agent.record.store.applications import like_pattern
from agent.record.store.database import _write_failed, row_as, rows_as
from agent.record.store.journal import add_note, notes_of, record_digest, saved_digest
from agent.record.store.reports import BoardFilter, board_cards, board_totals, report_rows
from agent.record.store.schema import applications, events, followups, messages

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
SENT = "2026-11-10T09:00:00+00:00"
BEFORE, AFTER, LATER = "2026-11-09T09:00:00+00:00", "2026-11-12T09:00:00+00:00", "2026-11-14T09:00:00+00:00"


def _app(conn: Connection, company: str, status: str = "rejected", account: str = "me") -> int:
    return int(conn.execute(insert(applications).values(
        company=company, role="Analyst", status=status, created_at=SENT, updated_at=SENT, account=account)
    ).inserted_primary_key[0])


def _event(conn: Connection, app_id: int, received_at: str, message_id: str) -> None:
    conn.execute(insert(events).values(message_id=message_id, application_id=app_id, label="rejection",
                                       confidence=0.9, received_at=received_at))


def _mail(conn: Connection, from_addr: str, received_at: str, uid: int) -> None:
    conn.execute(insert(messages).values(account="me", folder="INBOX", uidvalidity=1, uid=uid,
                                         message_id=f"<m{uid}@x>", status="classified", from_addr=from_addr,
                                         received_at=received_at, processed_at=received_at))


def _sent_followup(conn: Connection, app_id: int, to_addr: str, status: str = "sent") -> None:
    conn.execute(insert(followups).values(
        application_id=app_id, rejection_message_id="<r@x>", rejected_at=BEFORE, due_at=SENT, status=status,
        to_addr=to_addr, in_reply_to="<r@x>", created_at=BEFORE, sent_at=SENT))


# -- report rows: a follow-up's first reply ----------------------------------------------------------------

@pytest.mark.parametrize("position", ["lowest", "middle", "highest"])
def test_a_followups_reply_is_an_event_of_its_own_application_after_it_was_sent(conn, position):
    """Replies of the applications on either side (smaller and larger id) never count, nor an email at
    the very moment it was sent or before."""
    names = {"lowest": ["Own", "B", "C"], "middle": ["A", "Own", "C"], "highest": ["A", "B", "Own"]}[position]
    ids = {name: _app(conn, name) for name in names}
    own = ids["Own"]
    _sent_followup(conn, own, "hr@own.example")
    for name, app_id in ids.items():
        if name != "Own":
            _event(conn, app_id, AFTER, f"<{name}@x>")
    _event(conn, own, BEFORE, "<own-before@x>")
    _event(conn, own, SENT, "<own-same-moment@x>")
    assert [f.reply_event for f in report_rows(conn).followups] == [None]
    _event(conn, own, LATER, "<own-reply@x>")
    assert [f.reply_event for f in report_rows(conn).followups] == [LATER]


@pytest.mark.parametrize("other", ["aaa@own.example", "zzz@own.example"])
def test_a_followups_reply_mail_comes_from_its_recipient_after_it_was_sent(conn, other):
    own = _app(conn, "Own")
    _sent_followup(conn, own, "Maria@Own.example")
    _mail(conn, other, AFTER, 1)  # another address, sorting before or after the recipient
    _mail(conn, "maria@own.example", SENT, 2)  # at the moment it was sent: not a reply
    _mail(conn, "maria@own.example", BEFORE, 3)
    assert [f.reply_mail for f in report_rows(conn).followups] == [None]
    _mail(conn, "MARIA@own.example", LATER, 4)  # the address in another case is the same person
    assert [f.reply_mail for f in report_rows(conn).followups] == [LATER]


def test_each_note_is_reported_with_its_own_applications_company(conn):
    ids = [_app(conn, name) for name in ("Acme", "Beta", "Cyan")]
    for app_id, text in zip(ids, ("first", "second", "third"), strict=True):
        add_note(conn, app_id, text, NOW)
    reported = {(n.application_id, n.text, n.company) for n in report_rows(conn).notes}
    assert reported == {(ids[0], "first", "Acme"), (ids[1], "second", "Beta"), (ids[2], "third", "Cyan")}


def test_notes_of_one_application_and_their_ids_are_the_stored_ones(conn):
    first, second = _app(conn, "Acme"), _app(conn, "Beta")
    a = add_note(conn, first, "asked about the team", NOW)
    b = add_note(conn, second, "salary band too low", NOW)
    c = add_note(conn, first, "second round went well", NOW)
    assert [n.id for n in notes_of(conn)] == sorted({a.id, b.id, c.id}) and len({a.id, b.id, c.id}) == 3
    assert [(n.id, n.text) for n in notes_of(conn, first)] == [(a.id, a.text), (c.id, c.text)]


# -- the board: open follow-ups of several statuses -------------------------------------------------------

def test_the_board_shows_the_next_follow_up_whatever_open_status_it_has(conn):
    planned, waiting = _app(conn, "Acme", "applied"), _app(conn, "Beta", "applied")
    _sent_followup(conn, planned, "hr@acme.example", status="planned")
    _sent_followup(conn, waiting, "hr@beta.example", status="drafted")
    every = BoardFilter(None, None, None)
    cards = {c.company: c.followup_kind for c in board_cards(conn, every, ["planned", "drafted"], 0, 10)}
    assert cards == {"Acme": "rejection_thanks", "Beta": "rejection_thanks"}
    only_planned = {c.company: c.followup_kind for c in board_cards(conn, every, ["planned"], 0, 10)}
    assert only_planned == {"Acme": "rejection_thanks", "Beta": None}
    assert board_totals(conn, every) == {"applied": 2}


# -- accounts: state, watch and Gmail ids, each to its own account -----------------------------------------

def test_each_accounts_state_and_watch_are_its_own(conn):
    # written in an order where a loosened match would update a neighbour's row instead of adding one
    for account in ("m", "a", "z"):
        set_account_state(conn, account, auth="password", state=f"ok-{account}", updated_at=SENT)
        set_watch(conn, account, f"watching-{account}", SENT, None)
    set_account_state(conn, "m", state="failing", updated_at=AFTER)
    assert {a: s.state for a, s in account_states(conn).items()} == {"a": "ok-a", "m": "failing", "z": "ok-z"}
    assert {a: w.state for a, w in watches(conn).items()} == {"a": "watching-a", "m": "watching-m",
                                                               "z": "watching-z"}


def test_gmail_ids_are_known_per_account(conn):
    remember_gmail_ids(conn, "m", "INBOX", 7, {10: 555})
    assert known_gmail_ids(conn, "a", [555]) == {} and known_gmail_ids(conn, "z", [555]) == {}
    remember_gmail_ids(conn, "a", "[Gmail]/All Mail", 8, {11: 555})
    assert known_gmail_ids(conn, "m", [555]) == {555: ("INBOX", 7, 10)}
    assert known_gmail_ids(conn, "a", [555, 556]) == {555: ("[Gmail]/All Mail", 8, 11)}


def test_gmail_ids_beyond_one_statements_worth_are_all_found(conn):
    ids = {uid: 10_000 + uid for uid in range(1, 1_203)}
    remember_gmail_ids(conn, "me", "INBOX", 7, ids)
    assert len(known_gmail_ids(conn, "me", ids.values())) == len(ids)
    assert conn.execute(select(func.count()).select_from(messages)).scalar() == 0


# -- folders: one cursor per (account, folder) --------------------------------------------------------------

def test_each_folder_cursor_is_its_own(conn):
    for account in ("m", "a", "z"):
        for folder in ("INBOX", "Archive", "Sent"):
            FolderCursor(account, folder).advance(conn, 5, 100 + len(account + folder), NOW)
    FolderCursor("m", "INBOX").advance(conn, 5, 900, NOW)
    loaded = {(a, f): FolderCursor(a, f).load(conn) for a in ("m", "a", "z") for f in ("INBOX", "Archive", "Sent")}
    assert {k: s.last_uid for k, s in loaded.items() if s} == {
        (a, f): (900 if (a, f) == ("m", "INBOX") else 100 + len(a + f))
        for a in ("m", "a", "z") for f in ("INBOX", "Archive", "Sent")}


def test_a_folder_without_a_cursor_of_its_own_starts_from_nothing_whatever_its_neighbours(conn):
    """A second account's first pass (or a newly watched folder's) must not resume from a neighbour's cursor:
    cursors of accounts and folders on both sides of ("m", "INBOX"), none of its own."""
    for account, folder in (("a", "INBOX"), ("z", "INBOX"), ("m", "Archive"), ("m", "Sent")):
        FolderCursor(account, folder).advance(conn, 5, 700, NOW)
    cursor = FolderCursor("m", "INBOX")
    assert cursor.load(conn) is None and cursor.resume_after(conn, 5) == 0
    cursor.advance(conn, 5, 12, NOW)
    assert cursor.resume_after(conn, 5) == 12


def test_a_cursor_resumes_under_an_equal_uidvalidity_not_only_the_same_object(conn):
    cursor = FolderCursor("me", "INBOX")
    cursor.advance(conn, int("1700000001"), 42, NOW)
    assert cursor.resume_after(conn, int("1700000001")) == 42  # equal value, another int object
    assert cursor.resume_after(conn, 1700000002) == 0


# -- digests: one per ISO week ---------------------------------------------------------------------------------

def test_a_weeks_digest_is_that_weeks_only(conn):
    record_digest(conn, "2026-W47", "<d47@x>", NOW, "me")
    assert saved_digest(conn, "2026-W46", "me") is None and saved_digest(conn, "2026-W48", "me") is None
    digest = saved_digest(conn, "2026-W47", "me")
    assert digest is not None and digest.draft_message_id == "<d47@x>"


def test_a_weeks_digest_is_each_accounts_own(conn):
    """Two job seekers' passes each save their own digest of the week: accounts "b" and "d" have one, asked
    from accounts on both sides of each ("a", "c", "e")."""
    for account in "bd":
        record_digest(conn, "2026-W47", f"<{account}@x>", NOW, account)
    found = {a: saved_digest(conn, "2026-W47", a) for a in "abcde"}
    assert {a: d.draft_message_id if d else None for a, d in found.items()} == {
        "a": None, "b": "<b@x>", "c": None, "d": "<d@x>", "e": None}


# -- rows are frozen --------------------------------------------------------------------------------------------

def test_rows_read_back_are_frozen(conn):
    """A row is a snapshot of the database: code that wants another value writes it through the store."""
    app_id = _app(conn, "Acme", "applied")
    _sent_followup(conn, app_id, "hr@acme.example", status="planned")
    _event(conn, app_id, AFTER, "<e@x>")
    add_note(conn, app_id, "note", NOW)
    record_digest(conn, "2026-W47", "<d47@x>", NOW, "me")
    set_account_state(conn, "me", auth="password", state="ok", updated_at=SENT)
    set_watch(conn, "me", "watching", SENT, None)
    FolderCursor("me", "INBOX").advance(conn, 5, 9, NOW)
    report = report_rows(conn)
    rows = [report, report.applications[0], report.events[0], report.followups[0], report.notes[0],
            board_cards(conn, BoardFilter(None, None, None), ["planned"], 0, 10)[0], BoardFilter(None, None, None),
            notes_of(conn)[0], saved_digest(conn, "2026-W47", "me"), account_states(conn)["me"], watches(conn)["me"],
            FolderCursor("me", "INBOX").load(conn), FolderCursor("me", "INBOX")]
    for row in rows:
        field = dataclasses.fields(row)[0].name  # type: ignore[arg-type]
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(row, field, None)


@pytest.mark.parametrize("count", [3, 501, 600])  # one IN list; past 500 a range scan
def test_the_uids_on_record_are_those_of_one_account_folder_and_uidvalidity(tmp_path, count):
    store = Store.open(f"sqlite:///{tmp_path / 'o.db'}")
    home = ("b", "INBOX", 7)
    neighbours = [("a", "INBOX", 7), ("c", "INBOX", 7), ("b", "Archive", 7), ("b", "Jobs", 7), ("b", "INBOX", 6),
                  ("b", "INBOX", 8)]
    asked = list(range(5, 5 + count))
    rows = [{"account": a, "folder": f, "uidvalidity": v, "uid": uid, "message_id": f"<{a}{f}{v}-{uid}@x>",
             "status": "classified", "processed_at": SENT}
            for (a, f, v) in neighbours for uid in range(1, 10 + count)]
    rows += [{"account": "b", "folder": "INBOX", "uidvalidity": 7, "uid": uid, "message_id": f"<home-{uid}@x>",
              "status": "classified", "processed_at": SENT} for uid in range(1, 10 + count, 2)]
    try:
        with store.transaction() as c:
            store.insert_messages(c, rows)
        with store.transaction() as c:
            found = store.recorded_uids(c, *home, asked)
        assert found == {u for u in asked if u % 2 == 1}
        with store.transaction() as c:
            assert store.recorded_uids(c, *home, []) == set()
    finally:
        store.close()


@pytest.mark.parametrize("q, pattern", [
    (None, None), ("", None), ("   ", None),
    ("Acme", "%Acme%"), ("  Data Analyst ", "%Data Analyst%"),  # the query lowers both sides
    ("100%", "%100\\%%"), ("snake_case", "%snake\\_case%"), ("a\\b", "%a\\\\b%"),
])
def test_a_search_is_a_like_pattern_that_takes_every_character_literally(q, pattern):
    assert like_pattern(q) == pattern


def test_each_email_has_its_own_event_found_relabelled_and_deleted_alone(tmp_path):
    """Events of Message-IDs on both sides of the one asked for (in any order of the strings), and of
    applications on both sides: a correction or a deletion never touches a neighbour's event."""
    store = Store.open(f"sqlite:///{tmp_path / 'o.db'}")
    mids = ["<a@x>", "<b@x>", "<c@x>"]
    try:
        with store.transaction() as c:
            apps = [_app(c, name) for name in ("Acme", "Globex", "Initech")]
            for app_id, mid in zip(apps, mids, strict=True):
                _event(c, app_id, SENT, mid)
        with store.transaction() as c:
            assert [store.event_exists(c, m, "default") for m in [*mids, "<b0@x>", "<bz@x>"]] == [True] * 3 + [False] * 2
            found = store.event(c, "".join(list("<b@x>")), "default")
            assert found is not None and (found.message_id, found.application_id) == ("<b@x>", apps[1])
            assert store.event(c, "<b0@x>", "default") is None
            assert [e.message_id for e in store.application_events(c, apps[1])] == ["<b@x>"]
            store.set_event_label(c, "<b@x>", "interview", "default")
        with store.transaction() as c:
            assert [(store.event(c, m, "default").label, store.event(c, m, "default").source) for m in mids] == [  # type: ignore[union-attr]
                ("rejection", "model"), ("interview", "user"), ("rejection", "model")]
            store.delete_event(c, "<b@x>", "default")
        with store.transaction() as c:
            assert [store.event_exists(c, m, "default") for m in mids] == [True, False, True]
            assert ev_store.with_events(c, [*mids, "<d@x>"], "default") == {"<a@x>", "<c@x>"}
    finally:
        store.close()


def test_one_email_in_two_accounts_has_an_event_in_each_found_relabelled_and_deleted_alone(tmp_path):
    """The same Message-ID recorded in accounts "b" and "d" (a group email to two job seekers): each account's
    lookups, correction and deletion are its own, asked from accounts on both sides of each ("a", "c", "e")."""
    store = Store.open(f"sqlite:///{tmp_path / 'o.db'}")
    mid = "<group@x>"
    try:
        with store.transaction() as c:
            apps = {acct: _app(c, "Acme", account=acct) for acct in ("b", "d")}
            for acct, app_id in apps.items():
                c.execute(insert(events).values(message_id=mid, application_id=app_id, label="rejection",
                                                confidence=0.9, received_at=SENT, account=acct))
        with store.transaction() as c:
            assert {a: store.event_exists(c, mid, a) for a in "abcde"} == {
                "a": False, "b": True, "c": False, "d": True, "e": False}
            assert {a: ev_store.with_events(c, [mid], a) for a in "abcde"} == {
                "a": set(), "b": {mid}, "c": set(), "d": {mid}, "e": set()}
            found = {a: store.event(c, mid, a) for a in "abcde"}
            assert {a: e.application_id if e else None for a, e in found.items()} == {
                "a": None, "b": apps["b"], "c": None, "d": apps["d"], "e": None}
            store.set_event_label(c, mid, "interview", "d")
            for other in "ace":
                store.set_event_label(c, mid, "offer", other)  # no event there: nothing changes
        with store.transaction() as c:
            labels = {a: (store.event(c, mid, a).label, store.event(c, mid, a).source) for a in "bd"}  # type: ignore[union-attr]
            assert labels == {"b": ("rejection", "model"), "d": ("interview", "user")}
            for other in "ace":
                store.delete_event(c, mid, other)  # no event there: nothing deleted
            store.delete_event(c, mid, "b")
        with store.transaction() as c:
            assert {a: store.event_exists(c, mid, a) for a in "bd"} == {"b": False, "d": True}
    finally:
        store.close()


def test_which_emails_have_an_event_past_one_statements_worth(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'o.db'}")
    try:
        with store.transaction() as c:
            app_id = _app(c, "Acme")
            for k in range(1200):
                if k % 7:
                    _event(c, app_id, SENT, f"<{k:05d}@x>")
        with store.transaction() as c:
            asked = [f"<{k:05d}@x>" for k in range(1200)]
            assert ev_store.with_events(c, asked, "default") == {f"<{k:05d}@x>" for k in range(1200) if k % 7}
    finally:
        store.close()


# -- listings and counts per application -----------------------------------------------------------------

def test_event_counts_and_dates_are_each_applications_own(conn):
    first, second, third = _app(conn, "Acme"), _app(conn, "Initech"), _app(conn, "Umbrella")
    _event(conn, first, BEFORE, "<a1@x>")
    _event(conn, first, LATER, "<a2@x>")
    _event(conn, third, AFTER, "<u1@x>")
    assert ev_store.event_counts(conn) == {first: (2, BEFORE, LATER), third: (1, AFTER, AFTER)}
    assert second not in ev_store.event_counts(conn)


def test_every_application_is_listed_in_id_order_and_each_account_once(conn):
    ids = [_app(conn, "Initech", account="work"), _app(conn, "Acme", account="me"), _app(conn, "Umbrella")]
    assert [a.id for a in app_store.all_applications(conn)] == sorted(ids)
    assert app_store.accounts(conn) == ["me", "work"]


def test_linking_weighs_nothing_for_an_email_with_neither_company_nor_sender(conn):
    _app(conn, "Acme")
    assert app_store.link_candidates(conn, "", "", "me") == ([], [])


def test_an_application_not_on_record_is_named_not_read_as_empty(conn):
    missing = _app(conn, "Acme") + 1
    with pytest.raises(LookupError, match=f"application {missing} is not on record"):
        app_store.application_state(conn, missing)


def test_an_application_the_transaction_should_know_is_named_when_it_is_not_there(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'o.db'}")
    try:
        with store.transaction() as c:
            known = _app(c, "Acme")
            assert store.known_application(c, known).company == "Acme"
            with pytest.raises(LookupError, match=f"application {known + 1} is not on record"):
                store.known_application(c, known + 1)
    finally:
        store.close()


def test_merge_candidates_match_company_role_or_number_never_the_application_itself(conn):
    acme = _app(conn, "Acme Robotics")
    acme_uk = _app(conn, "ACME UK", account="work")
    initech = _app(conn, "Initech")
    for app_id, at in ((acme_uk, LATER), (initech, AFTER)):
        conn.execute(applications.update().where(applications.c.id == app_id).values(updated_at=at))
    assert [b.id for b in app_store.merge_candidates(conn, 99, "acme")] == [acme_uk, acme]  # newest first
    assert [b.id for b in app_store.merge_candidates(conn, acme, "acme")] == [acme_uk]
    assert [b.id for b in app_store.merge_candidates(conn, acme, "analyst", limit=1)] == [acme_uk]
    assert [b.id for b in app_store.merge_candidates(conn, acme_uk, "analyst", limit=2)] == [initech, acme]
    found = app_store.merge_candidates(conn, acme_uk, f" {acme} ")  # its number first, then any it names
    assert found[0].id == acme and (found[0].company, found[0].status, found[0].account) == (
        "Acme Robotics", "rejected", "me")
    assert app_store.merge_candidates(conn, acme, "a_me") == []  # `_` taken literally


def test_a_write_the_database_refuses_is_a_store_error_and_leaves_nothing(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'o.db'}")
    try:
        with pytest.raises(StoreError, match="database write failed \\(nothing was saved\\): .*readonly"):
            with store.transaction() as c:
                _app(c, "Acme")
                c.exec_driver_sql("PRAGMA query_only = ON")  # as a full disk or a read-only file refuses
                _app(c, "Initech")
        with pytest.raises(StoreError, match="database write failed"):
            with store.transaction() as c, store.savepoint(c):
                c.exec_driver_sql("PRAGMA query_only = ON")
                _app(c, "Initech")
        with store.transaction() as c:
            c.exec_driver_sql("PRAGMA query_only = OFF")
            assert c.execute(select(func.count()).select_from(applications)).scalar() == 0
    finally:
        store.close()


@dataclasses.dataclass(frozen=True)
class _Abc:
    a: int
    b: int = 0
    c: int = 0


@pytest.mark.parametrize("sql, row", [
    ("SELECT 1 AS a, 2 AS b, 3 AS c", _Abc(1, 2, 3)),
    ("SELECT 3 AS c, 1 AS a, 2 AS b", _Abc(1, 2, 3)),
    ("SELECT 1 AS a, 3 AS c", _Abc(1, 0, 3)),        # a gap whose name sorts before the next field's
    ("SELECT 3 AS c, 1 AS a", _Abc(1, 0, 3)),
    ("SELECT 1 AS a, 2 AS b", _Abc(1, 2, 0)),
])
def test_a_row_takes_each_field_from_its_own_column_whatever_the_gaps(conn, sql, row):
    assert rows_as(_Abc, conn.exec_driver_sql(f"{sql} UNION ALL {sql}")) == [row, row]
    assert row_as(_Abc, conn.exec_driver_sql(sql).first()) == row


def test_a_failed_write_names_the_first_line_of_why_up_to_300_characters():
    reason = "disk I/O error " + "x" * 400
    refused = OperationalError("INSERT", {}, sqlite3.OperationalError(f"{reason}\nsecond line"))
    assert str(_write_failed(refused)) == f"database write failed (nothing was saved): {reason[:300]}"


def test_a_write_sqlite_rolled_back_on_its_own_names_the_cause_not_the_lost_savepoint():
    try:
        try:
            raise OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))
        except OperationalError:
            raise OperationalError("RELEASE", {}, sqlite3.OperationalError("no such savepoint: sa_savepoint_1"))
    except OperationalError as exc:
        lost = exc
    assert str(_write_failed(lost)) == "database write failed (nothing was saved): database or disk is full"
