"""The mailbox's read-only layers, each on its own (issue 15.11 and 15.14), on a real Dovecot.

Onward never changes a flag: it opens folders with EXAMINE (read-only) *and* reads with BODY.PEEK.
Either layer alone keeps ``\\Seen`` off, so a test that goes through both cannot see one of them
break (the mutation audit's ``BODY[]`` instead of ``BODY.PEEK[]`` survived).  Here each read runs
in a folder selected read-WRITE, so only PEEK protects the flags, and EXAMINE is checked by trying
to change a flag.  Also the edges of fetching (partial reads, UIDs past the end, expunged mail)
and the draft write (\\Draft flag, date, idempotence check).  These are the fast selection of
``scripts/mutate.py``'s "mailbox" group.
"""

from __future__ import annotations

from datetime import UTC, datetime

import imapclient
import pytest

from agent.config import ImapSettings
from agent.demo import samples
from agent.mail.imap import DRAFT_FLAG, FolderError, Mailbox
from agent.mail.parts import body_of as _body_of
from agent.mail.parts import expunged as _expunged

pytestmark = [pytest.mark.dovecot]

SEEN = b"\\Seen"
WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def _settings(acc, **kw) -> ImapSettings:
    return ImapSettings(host=acc.host, username=acc.user, port=acc.ssl_port, ca_file=acc.cafile,
                        timeout=20, **kw)


def _mails(n: int, tag: str) -> list[bytes]:
    return [samples.newsletter(WHEN, f"<news-{i}.{tag}@test>") for i in range(n)]


def _big(tag: str) -> bytes:
    """A text message of ~20 kB: its text comes first, so a partial read is enough."""
    return samples.build_email(from_="Jane <jane@acme.test>", to=samples.USER, subject="big", date=WHEN,
                               message_id=f"<big.{tag}@test>", body="word " * 4000)


def _flags(acc, folder: str = "INBOX") -> dict[int, tuple]:
    with acc.server.client(acc.user) as c:
        c.select_folder(folder, readonly=True)
        return {u: tuple(f) for u, f in c.get_flags(c.search(["ALL"])).items()}


@pytest.fixture
def box(imap_account):
    imap_account.server.append(imap_account.user, "INBOX", [*_mails(3, imap_account.user), _big(imap_account.user)])
    with Mailbox(_settings(imap_account, fetch_batch=2), imap_account.password) as mb:
        yield mb, imap_account


def _select_read_write(mb: Mailbox, folder: str = "INBOX") -> None:
    """As a careless caller might: the folder is writable, so only BODY.PEEK keeps \\Seen off."""
    info = mb.c.select_folder(folder, readonly=False)
    assert b"READ-WRITE" in info


def test_examine_is_read_only(box):
    mb, acc = box
    status = mb.examine("INBOX")
    assert status.exists == 4 and status.uidnext == 5 and status.uidvalidity > 0
    try:
        mb.c.add_flags([1], [SEEN])  # refused or ignored: EXAMINE opened the folder read-only
    except imapclient.exceptions.IMAPClientError:
        pass
    assert all(SEEN not in f for f in _flags(acc).values()), _flags(acc)


def test_examine_of_a_missing_folder_names_it(box):
    mb, _acc = box
    with pytest.raises(FolderError, match="Nope"):
        mb.examine("Nope")
    assert mb.examine("INBOX").exists == 4  # the session is still usable


def test_fetch_peeks_even_in_a_writable_folder(box):
    mb, acc = box
    _select_read_write(mb)
    batches = list(mb.fetch([1, 2, 3, 4]))
    assert [[m.uid for m in b] for b in batches] == [[1, 2], [3, 4]]  # fetch_batch=2
    assert all(m.raw.startswith(b"From:") or b"Message-ID" in m.raw for b in batches for m in b)
    assert all(SEEN not in f for f in _flags(acc).values()), _flags(acc)


def test_fetch_headers_peeks_even_in_a_writable_folder(box):
    mb, acc = box
    _select_read_write(mb)
    headers = mb.fetch_headers([1, 4], ["Message-ID"])
    assert sorted(headers) == [1, 4]
    assert headers[4].strip().lower().startswith(b"message-id:") and b"big." in headers[4]
    assert b"Subject" not in headers[1]
    assert all(SEEN not in f for f in _flags(acc).values()), _flags(acc)


def test_fetch_text_parts_peeks_even_in_a_writable_folder(box):
    mb, acc = box
    _select_read_write(mb)
    parts = mb.fetch_text_parts([4], 1000)
    assert list(parts) == [4] and b"word word" in parts[4] and len(parts[4]) < 2000
    assert all(SEEN not in f for f in _flags(acc).values()), _flags(acc)


def test_partial_read_of_a_large_message(box):
    mb, _acc = box
    mb.examine("INBOX")
    (small, big), = list(mb.fetch([3, 4], limit=5000))
    assert not small.truncated and small.size == len(small.raw)
    assert big.truncated and len(big.raw) == 5000 and big.size > 20_000
    assert big.internaldate is not None
    (whole,), = list(mb.fetch([4]))  # default limit: settings.max_fetch_bytes (2 MB)
    assert not whole.truncated and len(whole.raw) == whole.size


def test_uids_after_the_last_is_empty(box):
    mb, _acc = box
    mb.examine("INBOX")
    assert mb.uids_after(0) == [1, 2, 3, 4]
    assert mb.uids_after(2) == [3, 4]
    assert mb.uids_after(4) == []  # "5:*" matches the highest UID, 4: it must be dropped


def test_expunged_messages_are_left_out(box):
    mb, acc = box
    mb.examine("INBOX")
    acc.server.doveadm("expunge", "-u", acc.user, "mailbox", "INBOX", "uid", "2")
    got = [m.uid for b in mb.fetch([1, 2, 3]) for m in b]
    assert got == [1, 3]


def test_body_and_expunged_helpers():
    assert _body_of({b"BODY[]<0>": b"abc", b"FLAGS": ()}) == b"abc"
    assert _body_of({b"RFC822.SIZE": 3}) == b""
    assert _expunged({b"BODY[]<0>": None, b"RFC822.SIZE": 0})
    assert not _expunged({b"BODY[]<0>": b"x"})
    assert not _expunged({b"RFC822.SIZE": 0})  # no body asked for: not an expunge


def test_append_draft_is_a_draft_and_found_again(box):
    mb, acc = box
    drafts = mb.ensure_drafts()
    raw = samples.build_email(from_=samples.USER, to="Jane <jane@acme.test>", subject="Re: thanks", date=WHEN,
                              message_id="<draft-1@onward.test>", body="Thank you.")
    assert not mb.draft_exists(drafts, "<draft-1@onward.test>")
    mb.append_draft(drafts, raw, WHEN)
    assert mb.draft_exists(drafts, "<draft-1@onward.test>")
    assert not mb.draft_exists(drafts, "<draft-2@onward.test>")
    with acc.server.client(acc.user) as c:
        c.select_folder(drafts, readonly=True)
        (uid,) = c.search(["ALL"])
        item = c.fetch([uid], [b"FLAGS", b"INTERNALDATE"])[uid]
    assert DRAFT_FLAG in item[b"FLAGS"] and SEEN not in item[b"FLAGS"]
    assert item[b"INTERNALDATE"].astimezone(UTC) == WHEN


def test_a_partial_read_that_holds_the_text_is_kept(box):
    """Only a partial read without any text in it is re-read by parts: text first, nothing to redo."""
    mb, _acc = box
    mb.examine("INBOX")
    (big,), = list(mb.fetch([4], limit=5000, text_parts=1000))
    assert big.truncated and len(big.raw) == 5000 and big.raw.startswith(b"From:")
