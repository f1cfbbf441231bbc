"""Which mail a pass reads (agent/newmail.py), through real passes over the in-memory mailbox: after a
UIDVALIDITY change, mail the look-back window would miss but the last pass never saw is recorded; an
interrupted pass after the change does not record the old mail again; the same email in two watched
folders is one event and no failure."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import UTC, datetime, timedelta

from agent import crashpoints
from agent.config import parse_settings
from agent.demo import samples
from agent.mail.memory import MemoryMailbox
from agent.pipeline import Agent
from agent.record.store import FolderCursor, Store
from tests.unit.memory_world import USER, deliver

T0 = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)


def _world(tmp_path, model, *, folders=("INBOX",), lookback_days=30, fetch_batch=200, training=None):
    box = MemoryMailbox(folders=(*folders, "Drafts", "Sent", *(training or {}).values()))
    settings = parse_settings({
        "imap": {"host": "imap.example.org", "username": USER, "folders": list(folders),
                 "initial_lookback_days": lookback_days, "fetch_batch": fetch_batch,
                 "training_folders": training or {}},
        "followup": {"your_name": "Alex Doe", "from_address": USER, "timezone": "UTC"},
        "classifier": {"workers": -1},
        "storage": {"database": f"sqlite:///{tmp_path / 'onward.db'}"},
    })
    store = Store.open(settings.storage.database)
    return box, settings, store, lambda: Agent(settings, store, model, password="unused", client=lambda: box)


def _rows(store) -> Counter:
    with store.transaction() as conn:
        return Counter(r.message_id for r in conn.exec_driver_sql("SELECT message_id FROM messages"))


def _events(store) -> list[str]:
    with store.transaction() as conn:
        return sorted(e.message_id for e in store.list_events(conn))


def _recorded_acks(box: MemoryMailbox, agent, n: int) -> list[tuple[bytes, datetime]]:
    """``n`` acknowledgements delivered five days before T0 and recorded by a pass at T0."""
    acks = [(samples.ack(f"Company{k}", "Engineer", T0 - timedelta(days=5), f"<a{k}@c{k}.example>"),
             T0 - timedelta(days=5)) for k in range(n)]
    for raw, when in acks:
        box.deliver("INBOX", raw, when)
    agent().run_pass(T0)
    return acks


def _recreate(box: MemoryMailbox, messages: list[tuple[bytes, datetime]], uidvalidity: int) -> None:
    """The folder renamed away and made again: the same mail (new UIDs), a new UIDVALIDITY."""
    box.create("INBOX", uidvalidity=uidvalidity)
    for raw, when in messages:
        box.deliver("INBOX", raw, when)


def test_after_a_uidvalidity_change_mail_since_the_last_pass_is_recorded_beyond_the_lookback(tmp_path, model):
    box, _settings, store, agent = _world(tmp_path, model, lookback_days=30)
    try:
        old = (samples.ack("Acme", "Engineer", T0 - timedelta(days=2), "<a1@acme.example>"), T0 - timedelta(days=2))
        deliver(box, old[0])
        agent().run_pass(T0)
        # the daemon was off for 50 days; meanwhile the folder was recreated and mail came in 10 days
        # after the last pass: older than the 30-day look-back, newer than the last pass
        missed = (samples.rejection("Globex", "Analyst", "Tom Baker <tom@globex.example>", T0 + timedelta(days=10),
                                    "<r1@globex.example>"), T0 + timedelta(days=10))
        _recreate(box, [old, missed], uidvalidity=77)
        agent().run_pass(T0 + timedelta(days=50))
        assert _events(store) == ["<a1@acme.example>", "<r1@globex.example>"]
        assert max(_rows(store).values()) == 1
    finally:
        store.close()


def test_an_interrupted_pass_after_a_uidvalidity_change_does_not_record_old_mail_again(tmp_path, model):
    box, _settings, store, agent = _world(tmp_path, model, fetch_batch=1)
    try:
        old = _recorded_acks(box, agent, 4)
        assert len(_rows(store)) == 4
        new = [(samples.rejection(f"New{n}", "Analyst", f"Tom Baker <tom@new{n}.example>", T0 + timedelta(days=1),
                                  f"<r{n}@new{n}.example>"), T0 + timedelta(days=1)) for n in range(2)]
        # the new mail sits among the old mail's new UIDs: UIDs 1 (new), 2-5 (old), 6 (new)
        _recreate(box, [new[0], *old, new[1]], uidvalidity=77)
        runner = agent()

        def stop_after_first_batch(point: str, n: int) -> None:
            if point == "after_commit":
                runner.stop.set()

        crashpoints.set_hook(stop_after_first_batch)
        try:
            report = runner.run_pass(T0 + timedelta(days=2))
        finally:
            crashpoints.set_hook(None)
        assert report.interrupted and report.classified == 1
        agent().run_pass(T0 + timedelta(days=2, hours=1))
        rows = _rows(store)
        assert len(rows) == 6 and max(rows.values()) == 1, rows  # every email once, none recorded again
    finally:
        store.close()


def test_the_same_email_in_two_watched_folders_is_one_event_and_no_failure(tmp_path, model):
    box, _settings, store, agent = _world(tmp_path, model, folders=("INBOX", "Jobs"))
    try:
        raw = samples.rejection("Globex", "Analyst", "Tom Baker <tom@globex.example>", T0 - timedelta(days=1),
                                "<r1@globex.example>")
        for folder in ("INBOX", "Jobs"):
            box.deliver(folder, raw, T0 - timedelta(days=1))
        report = agent().run_pass(T0, draft=False)
        assert report.failed == 0
        assert _events(store) == ["<r1@globex.example>"]
        with store.transaction() as conn:
            statuses = sorted(r[0] for r in conn.exec_driver_sql("SELECT status FROM messages"))
            assert len(store.list_followups(conn)) == 1
        assert statuses == ["classified", "classified"]
    finally:
        store.close()


def test_after_a_uidvalidity_change_a_further_pass_records_nothing_again(tmp_path, model):
    box, _settings, store, agent = _world(tmp_path, model)
    try:
        old = _recorded_acks(box, agent, 6)[:3]  # the old folder went up to UID 6
        new = (samples.rejection("New", "Analyst", "Tom Baker <tom@new.example>", T0 + timedelta(days=1),
                                 "<r@new.example>"), T0 + timedelta(days=1))
        _recreate(box, [new, *old], uidvalidity=77)  # the new mail below the old mail's new UIDs
        agent().run_pass(T0 + timedelta(days=2))
        with store.transaction() as conn:
            state = FolderCursor("default", "INBOX").load(conn)
        # past the old mail (known by Message-ID), and not the old folder's UID 6
        assert (state.uidvalidity, state.last_uid) == (77, 4)
        agent().run_pass(T0 + timedelta(days=3))
        later = samples.rejection("Later", "Analyst", "Tom Baker <tom@later.example>", T0 + timedelta(days=3),
                                  "<r@later.example>")
        box.deliver("INBOX", later, T0 + timedelta(days=3))  # UID 5: below the old folder's 6
        agent().run_pass(T0 + timedelta(days=4))
        rows = _rows(store)
        assert len(rows) == 8 and max(rows.values()) == 1 and "<r@later.example>" in rows, rows
    finally:
        store.close()


def test_a_uidvalidity_change_with_nothing_new_moves_the_watermark_to_the_new_folder(tmp_path, model):
    box, _settings, store, agent = _world(tmp_path, model)
    try:
        old = [(samples.ack("Acme", "Engineer", T0 - timedelta(days=5), "<a1@acme.example>"), T0 - timedelta(days=5))]
        box.deliver("INBOX", *old[0])
        agent().run_pass(T0)
        _recreate(box, old, uidvalidity=77)
        agent().run_pass(T0 + timedelta(days=1))
        with store.transaction() as conn:
            state = FolderCursor("default", "INBOX").load(conn)
        # noted once: later passes read the UIDs above it, not the whole look-back by Message-ID again
        assert (state.uidvalidity, state.last_uid) == (77, 1)
        assert len(_rows(store)) == 1
    finally:
        store.close()


class GmailBox(MemoryMailbox):
    """The in-memory mailbox as Gmail shows it: ``X-GM-EXT-1``, one X-GM-MSGID per message under all
    its labels (folders)."""

    def has_capability(self, name: str) -> bool:
        return name.upper() == "X-GM-EXT-1" or super().has_capability(name)

    def gmail_ids(self, uids):
        from agent.mail.parse import parse_headers
        messages = self._current().messages
        return {uid: abs(hash(parse_headers(messages[uid].raw).message_id)) for uid in uids if uid in messages}


def test_on_gmail_the_same_email_under_two_labels_is_read_once(tmp_path, model, caplog):
    box, settings, store, _agent = _world(tmp_path, model, folders=("INBOX", "Jobs"))
    try:
        gmail = GmailBox(folders=("INBOX", "Jobs", "Drafts", "Sent"))
        raw = samples.rejection("Globex", "Analyst", "Tom Baker <tom@globex.example>", T0 - timedelta(days=1),
                                "<r1@globex.example>")
        for folder in ("INBOX", "Jobs"):
            gmail.deliver(folder, raw, T0 - timedelta(days=1))
        with caplog.at_level(logging.INFO, logger="agent.newmail"):
            report = Agent(settings, store, model, password="unused", client=lambda: gmail).run_pass(T0, draft=False)
        with store.transaction() as conn:
            rows = [tuple(r) for r in conn.exec_driver_sql("SELECT folder, status, error FROM messages ORDER BY folder")]
        assert rows == [("INBOX", "classified", None), ("Jobs", "duplicate", "recorded from INBOX")]
        assert (report.skipped, report.classified) == (1, 1)
        said = [r.getMessage() for r in caplog.records if "another Gmail label" in r.getMessage()]
        assert said == ["Jobs: 1 message(s) already recorded under another Gmail label"]  # once, for that label
    finally:
        store.close()


def test_an_unreadable_email_after_a_uidvalidity_change_is_recorded_as_failed_again(tmp_path, model):
    box, _settings, store, agent = _world(tmp_path, model)
    try:
        box.deliver("INBOX", b"", T0 - timedelta(days=1))  # UID 1: nothing to parse
        assert agent().run_pass(T0).failed == 1
        box.create("INBOX", uidvalidity=77)
        box.deliver("INBOX", b"\r\n", T0 + timedelta(days=1))  # UID 1 again, in the new folder
        assert agent().run_pass(T0 + timedelta(days=2)).failed == 1
        with store.transaction() as conn:
            failed = [tuple(r) for r in conn.exec_driver_sql("SELECT uidvalidity, uid FROM messages WHERE status = 'failed'")]
        assert sorted(failed) == [(1, 1), (77, 1)]
    finally:
        store.close()


def test_an_email_without_a_header_after_a_uidvalidity_change_is_read(tmp_path, model):
    box, _settings, store, agent = _world(tmp_path, model)
    try:
        box.deliver("INBOX", samples.rejection("Globex", "Analyst", "Tom <tom@globex.example>",
                                               T0 - timedelta(days=2), "<r1@globex.example>"), T0 - timedelta(days=2))
        assert agent().run_pass(T0).events == 1
        box.create("INBOX", uidvalidity=77)
        box.deliver("INBOX", b"no header at all", T0 + timedelta(days=1))  # its headers do not parse
        report = agent().run_pass(T0 + timedelta(days=2))
        assert (report.fetched, report.errors) == (1, [])  # not known: read, and the pass goes on
    finally:
        store.close()


def test_a_training_folder_is_learnt_once_and_again_after_its_uidvalidity_changed(tmp_path, model):
    """A second pass learns nothing new from the same folder; a folder recreated with a new
    UIDVALIDITY (RFC 3501 2.3.1.1: greater) is read from its first UID again."""
    box, _settings, store, agent = _world(tmp_path, model, training={"rejection": "Train/Rejection"})
    try:
        box.create("Train/Rejection", uidvalidity=5)
        for n, company in enumerate(("Globex", "Initech"), start=1):
            assert box.deliver("Train/Rejection", samples.rejection(
                company, "Analyst", f"Tom <tom@{company.lower()}.example>", T0 - timedelta(days=2),
                f"<r{n}@{company.lower()}.example>"), T0 - timedelta(days=2)) == n
        assert agent().run_pass(T0, draft=False).examples == 2
        assert agent().run_pass(T0 + timedelta(hours=1), draft=False).examples == 0  # nothing new
        box.create("Train/Rejection", uidvalidity=9)  # recreated: UIDs start at 1 again
        assert box.deliver("Train/Rejection", samples.rejection(
            "Umbrella", "Analyst", "Ada <ada@umbrella.example>", T0, "<r3@umbrella.example>"), T0) == 1
        assert agent().run_pass(T0 + timedelta(hours=2), draft=False).examples == 1
        with store.transaction() as conn:
            assert sorted(e.message_id for e in store.list_examples(conn)) == [
                "<r1@globex.example>", "<r2@initech.example>", "<r3@umbrella.example>"]
    finally:
        store.close()


def test_a_missing_training_folder_or_an_empty_email_does_not_stop_the_others(tmp_path, model):
    box, _settings, store, agent = _world(tmp_path, model, training={"rejection": "Train/Missing",
                                                                     "interview": "Train/Interview"})
    try:
        box.create("Train/Interview")
        box.deliver("Train/Interview", b"", T0 - timedelta(days=2))  # empty: not an email
        box.deliver("Train/Interview", samples.rejection(
            "Globex", "Analyst", "Tom <tom@globex.example>", T0 - timedelta(days=2), "<i1@globex.example>"),
            T0 - timedelta(days=2))
        assert agent().run_pass(T0, draft=False).examples == 1
        with store.transaction() as conn:
            assert [(e.message_id, e.label) for e in store.list_examples(conn)] == [("<i1@globex.example>",
                                                                                    "interview")]
    finally:
        store.close()


def test_the_first_email_filed_in_a_training_folder_is_learnt(tmp_path, model):
    box, _settings, store, agent = _world(tmp_path, model, training={"rejection": "Train/Rejection"})
    try:
        raw = samples.rejection("Globex", "Analyst", "Tom Baker <tom@globex.example>", T0 - timedelta(days=1),
                                "<r1@globex.example>")
        assert box.deliver("Train/Rejection", raw, T0 - timedelta(days=1)) == 1  # UID 1
        assert agent().run_pass(T0, draft=False).examples == 1
        with store.transaction() as conn:
            assert [(e.message_id, e.label) for e in store.list_examples(conn)] == [("<r1@globex.example>", "rejection")]
    finally:
        store.close()
