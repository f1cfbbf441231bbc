"""The in-memory mailbox (agent/mail/memory.py:MemoryMailbox), which the fast whole-pass tests run against, answers a
header fetch as a real Dovecot does: only the fields asked for. It once returned the whole header, so the rules read
fields a pass never fetched from a real server - the Subject of the user's sent mail (a forward told from an answer:
agent/followups/drafting.py:SentHeaders.FIELDS), the From of an email in Spam (agent/newmail.py:SCREENING_FIELDS) -
and the tests passed where the product did not."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from agent.config import load_settings
from agent.followups.drafting import SentHeaders
from agent.mail.imap import Mailbox
from agent.mail.memory import MemoryMailbox
from agent.newmail import SCREENING_FIELDS
from tests.helpers import write_config

WHEN = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
RAW = ("From: =?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <juergen@nordwind.test>\r\n"
       "To: Alex Doe <alex@example.org>\r\n"
       "Subject: Fwd: Your application\r\n"
       "Date: Mon, 05 Oct 2026 09:00:00 +0000\r\n"
       "Message-ID: <m1@nordwind.test>\r\n"
       "In-Reply-To: <a1@nordwind.test>\r\n"
       "References: <a0@nordwind.test>\r\n <a1@nordwind.test>\r\n"
       "X-Onward-Followup: 7.abc\r\n"
       "Content-Type: text/plain; charset=utf-8\r\n"
       "\r\n"
       "Hello\r\n").encode()


@pytest.mark.parametrize("fields", [SCREENING_FIELDS, SentHeaders.FIELDS, ("Message-ID",),
                                    ("Message-ID", "X-Onward-Followup"), ("Cc",)])
def test_a_header_fetch_returns_what_dovecot_returns(tmp_path, imap_account, fields):
    imap_account.server.append(imap_account.user, "INBOX", [RAW], msg_time=WHEN)
    memory = MemoryMailbox()
    memory.deliver("INBOX", RAW, WHEN)
    memory.examine("INBOX")
    settings = load_settings(write_config(tmp_path, imap_account))
    with Mailbox(settings.require_imap(), imap_account.password) as mb:
        mb.examine("INBOX")
        [uid] = mb.all_uids()
        real = mb.fetch_headers([uid], list(fields))[uid]
    assert memory.fetch_headers([1], list(fields))[1] == real


def test_a_forward_in_sent_is_read_as_a_forward(tmp_path, imap_account):
    """What the follow-up rules see of the user's Sent mail, from a real server: the forward's Subject ("Fwd: ...") is
    what keeps a rejection passed on to a friend from counting as the user's answer (agent/followups/rules.py
    is_forward); without it fetched, every forward in the thread cancelled the thank-you."""
    imap_account.server.append(imap_account.user, "Sent", [RAW], msg_time=WHEN)
    settings = load_settings(write_config(tmp_path, imap_account))
    with Mailbox(settings.require_imap(), imap_account.password) as mb:
        [mail] = SentHeaders(mb, "Sent").since(WHEN.date())
    assert (mail.subject, mail.in_reply_to, mail.references) == (
        "Fwd: Your application", "<a1@nordwind.test>", ("<a0@nordwind.test>", "<a1@nordwind.test>"))
