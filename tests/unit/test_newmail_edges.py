"""Which mail a pass reads (agent/newmail.py), at the edges the mutation audit found untested: the spam
folder of one account beside other accounts' applications, an old email filed into a watched folder, an
email that arrives while a pass finds nothing new, and the watermark after more UIDs than Python shares
as small integers. Whole passes over the in-memory mailbox with a real SQLite file and the real model,
and the watermark rule itself."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from hypothesis import example, given
from hypothesis import strategies as st

from agent.config import parse_settings
from agent.demo import samples
from agent.mail.memory import MemoryMailbox
from agent.newmail import watermark_after
from agent.pipeline import Agent
from agent.record.store import FolderCursor, Store
from tests.unit.memory_world import USER, memory_world

T0 = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
BIG_UIDVALIDITY = 1_733_000_001  # as servers give it (a time stamp): not one of Python's shared small integers


def _settings(tmp_path, accounts: Sequence[str], *, lookback_days: int = 30):
    return parse_settings({
        "accounts": {name: {"host": f"{name}.example", "username": f"alex@{name}.example", "password_env": "X",
                            "folders": ["INBOX"], "initial_lookback_days": lookback_days} for name in accounts},
        "followup": {"your_name": "Alex Doe", "timezone": "UTC"},
        "classifier": {"workers": -1},
        "storage": {"database": f"sqlite:///{tmp_path / 'onward.db'}"},
    })


def _client(box: MemoryMailbox) -> Callable[[], MemoryMailbox]:
    return lambda: box


def _message_ids(store: Store) -> dict[str, str]:
    """Message-ID -> the account whose pass read the email."""
    with store.transaction() as conn:
        return {str(mid): str(account) for mid, account in conn.exec_driver_sql(
            "SELECT message_id, account FROM messages")}


def _reply(sender: str, parent: str, when: datetime, mid: str) -> bytes:
    return samples.build_email(
        from_=sender, to=USER, subject="Re: your application", date=when, message_id=mid, in_reply_to=parent,
        references=[parent], body=("Hi Alex,\n\nthank you for your application. Unfortunately we have decided to "
                                   "move forward with other candidates.\n\nKind regards\nThe team\n"))


def test_the_spam_folder_gives_up_only_mail_of_its_own_accounts_applications(tmp_path, model):
    """Three accounts (names sorting on both sides of the one whose spam is read), each with an application.
    In ``bravo``'s spam: an email with none of the four header fields screened by, a reply to a thread no
    application knows, replies in ``alpha``'s and ``charlie``'s applications' threads, and - from an address
    ``bravo`` never heard from - the no in the thread of its own application. Only that no is read, by
    ``bravo``; the headerless email stops nothing after it."""
    settings = _settings(tmp_path, ["alpha", "bravo", "charlie"])
    store = Store.open(settings.storage.database)
    boxes = {name: MemoryMailbox() for name in ("alpha", "bravo", "charlie")}
    agents = {s.account: Agent(s, store, model, password="unused", client=_client(boxes[s.account]))
              for s in settings.select(None)}
    try:
        for name, company in (("alpha", "acme"), ("bravo", "bolt"), ("charlie", "crane")):
            ack = samples.ack(company.title(), "Engineer", T0 - timedelta(days=3), f"<ack-{name}@{company}.example>",
                              vendor=f"{company}.example")
            boxes[name].deliver("INBOX", ack, T0 - timedelta(days=3))
            agents[name].run_pass(T0)
        box = boxes["bravo"]
        box.create("Junk")
        agents["bravo"].run_pass(T0 + timedelta(hours=1))  # the spam folder is noted empty
        later = T0 + timedelta(days=1)
        box.deliver("Junk", b"Subject: you have won\r\nDate: Tue, 1 Sep 2026 10:00:00 +0000\r\n\r\nclick here\r\n",
                    later)
        box.deliver("Junk", _reply("List <news@lists.example>", "<nobody@lists.example>", later,
                                   "<unknown-thread@lists.example>"), later)
        box.deliver("Junk", _reply("Tom <tom@acme.example>", "<ack-alpha@acme.example>", later,
                                   "<r-alpha@acme.example>"), later)
        box.deliver("Junk", _reply("Carl <carl@crane.example>", "<ack-charlie@crane.example>", later,
                                   "<r-charlie@crane.example>"), later)
        box.deliver("Junk", _reply("Jane <jane@bolt-hiring.example>", "<ack-bravo@bolt.example>", later,
                                   "<r-bravo@bolt-hiring.example>"), later)
        report = agents["bravo"].run_pass(later + timedelta(hours=1))
        assert report.errors == []
        read = _message_ids(store)
        assert read.get("<r-bravo@bolt-hiring.example>") == "bravo"
        assert not {"<unknown-thread@lists.example>", "<r-alpha@acme.example>", "<r-charlie@crane.example>"} & set(read)
        assert report.fetched == 1
    finally:
        store.close()


def _one_account(tmp_path, model, box: MemoryMailbox) -> tuple[Store, Agent]:
    _box, agent, store = memory_world(tmp_path, model, lookback_days=30, box=box)
    return store, agent


def test_an_old_email_filed_into_a_watched_folder_is_read_by_the_next_pass(tmp_path, model):
    """The user files a company's email of four months ago into INBOX (a move keeps its INTERNALDATE, older than
    the 30-day look-back): the next pass reads the UIDs above the watermark, so it is recorded - a pass that
    took every pass for a UIDVALIDITY change would look only at the look-back's dates and never see it."""
    box = MemoryMailbox()
    box.create("INBOX", uidvalidity=BIG_UIDVALIDITY)
    store, agent = _one_account(tmp_path, model, box)
    try:
        box.deliver("INBOX", samples.ack("Acme", "Engineer", T0 - timedelta(days=2), "<a1@acme.example>"),
                    T0 - timedelta(days=2))
        agent.run_pass(T0)
        old = T0 - timedelta(days=120)
        box.deliver("INBOX", samples.rejection("Globex", "Analyst", "Tom Baker <tom@globex.example>", old,
                                               "<r1@globex.example>"), old)
        report = agent.run_pass(T0 + timedelta(hours=1))
        assert report.fetched == 1
        assert "<r1@globex.example>" in _message_ids(store)
    finally:
        store.close()


class LateArrivalBox(MemoryMailbox):
    """An email arrives just after the pass's UID search found nothing new (before its EXAMINE to note that)."""

    def __init__(self) -> None:
        super().__init__()
        self.create("INBOX", uidvalidity=BIG_UIDVALIDITY)
        self.arriving: list[tuple[bytes, datetime]] = []

    def uids_after(self, uid: int) -> list[int]:
        found = super().uids_after(uid)
        while self.arriving:
            self.deliver("INBOX", *self.arriving.pop())
        return found


def test_an_email_that_arrives_while_a_pass_finds_nothing_new_is_read_by_the_next(tmp_path, model):
    box = LateArrivalBox()
    store, agent = _one_account(tmp_path, model, box)
    try:
        box.deliver("INBOX", samples.ack("Acme", "Engineer", T0 - timedelta(days=2), "<a1@acme.example>"),
                    T0 - timedelta(days=2))
        agent.run_pass(T0)
        box.arriving.append((samples.rejection("Acme", "Engineer", "Tom Baker <tom@acme.example>", T0,
                                               "<r1@acme.example>"), T0))
        assert agent.run_pass(T0 + timedelta(minutes=5)).fetched == 0  # searched before it came
        assert agent.run_pass(T0 + timedelta(minutes=10)).fetched == 1
        assert "<r1@acme.example>" in _message_ids(store)
    finally:
        store.close()


@given(uids=st.sets(st.integers(1, 3000), min_size=1, max_size=300),
       beyond=st.one_of(st.none(), st.integers(1, 50)))
@example(uids=set(range(1, 301)), beyond=None)  # more UIDs than Python's shared small integers
@example(uids={2, 4}, beyond=None)              # a server without UIDNEXT
def test_the_watermark_after_a_uid_is_below_the_next_uid_of_the_pass_else_the_folders_end(uids, beyond):
    """After each UID is recorded the mark is one below the pass's next UID (the UIDs between were left out on
    purpose); after the last, everything below UIDNEXT (without UIDNEXT: the last UID of the pass)."""
    ordered = sorted(uids)
    uidnext = None if beyond is None else ordered[-1] + beyond
    upto = watermark_after(uids, uidnext)
    for here, following in zip(ordered, ordered[1:], strict=False):
        assert upto(here) == following - 1
    assert upto(ordered[-1]) == (ordered[-1] if uidnext is None else uidnext - 1)


def test_a_uidvalidity_that_went_down_is_a_change_too(tmp_path, model):
    """RFC 3501 has a recreated folder's UIDVALIDITY go up, but an account moved to another server, or a server
    restored from a backup, can give a smaller one: the mail is re-matched by Message-ID all the same - the new
    email below the old mail's new UIDs is read, the old mail is not read again, and with nothing new the mark
    moves to the new folder."""
    box = MemoryMailbox()
    box.create("INBOX", uidvalidity=900)
    store, agent = _one_account(tmp_path, model, box)
    try:
        old = [(samples.ack(f"Company{k}", "Engineer", T0 - timedelta(days=5), f"<a{k}@c{k}.example>"),
                T0 - timedelta(days=5)) for k in range(3)]
        for raw, when in old:
            box.deliver("INBOX", raw, when)
        agent.run_pass(T0)
        new = (samples.rejection("New", "Analyst", "Tom Baker <tom@new.example>", T0 + timedelta(days=1),
                                 "<r@new.example>"), T0 + timedelta(days=1))
        box.create("INBOX", uidvalidity=7)  # the new server's folder: the new email at UID 1, then the old mail
        for raw, when in [new, *old]:
            box.deliver("INBOX", raw, when)
        assert agent.run_pass(T0 + timedelta(days=2)).fetched == 1
        assert "<r@new.example>" in _message_ids(store)
        box.create("INBOX", uidvalidity=3)  # once more, with nothing new in it
        for raw, when in [new, *old]:
            box.deliver("INBOX", raw, when)
        assert agent.run_pass(T0 + timedelta(days=3)).fetched == 0
        with store.transaction() as conn:
            state = FolderCursor("default", "INBOX").load(conn)
        assert state is not None and (state.uidvalidity, state.last_uid) == (3, 4)
    finally:
        store.close()
