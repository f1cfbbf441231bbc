"""A pass looks at Sent more than once (its drafts' copies before it plans, the user's own mail after each
plan that changed): the headers of each message in Sent are fetched once per pass, and each look still
sees exactly the mail written since the day it asks for."""

from __future__ import annotations

from datetime import UTC, date, datetime

from agent.demo.samples import build_email
from agent.followups.drafting import SentHeaders
from agent.mail.memory import MemoryMailbox


def _box(days: list[int]) -> MemoryMailbox:
    box = MemoryMailbox()
    for day in days:
        when = datetime(2026, 9, day, 9, 0, tzinfo=UTC)
        box.deliver("Sent", build_email(from_="alex@example.org", to="jane@acme.test", subject=f"Re: {day}", body="Thanks.",
                                        date=when, message_id=f"<s{day}@example.org>"), when)
    return box


def _counting(box: MemoryMailbox) -> list[list[int]]:
    asked: list[list[int]] = []
    fetch = box.fetch_headers

    def counted(uids, fields):  # noqa: ANN001, ANN202
        asked.append(list(uids))
        return fetch(uids, fields)

    box.fetch_headers = counted  # type: ignore[method-assign]
    return asked


def test_each_message_in_sent_is_fetched_once_whatever_the_looks():
    box = _box([1, 5, 10, 20])
    asked = _counting(box)
    sent = SentHeaders(box, None)
    assert [m.message_id for m in sent.since(date(2026, 9, 9))] == ["<s10@example.org>", "<s20@example.org>"]
    assert [m.message_id for m in sent.since(date(2026, 9, 9))] == ["<s10@example.org>", "<s20@example.org>"]
    assert [m.message_id for m in sent.since(date(2026, 9, 2))] == ["<s5@example.org>", "<s10@example.org>",
                                                                    "<s20@example.org>"]
    assert [m.message_id for m in sent.since(date(2026, 9, 15))] == ["<s20@example.org>"]  # never older mail
    assert sorted(u for call in asked for u in call) == [2, 3, 4]  # each UID once; the 1st never asked for


def test_mail_written_between_looks_is_seen():
    box = _box([10])
    sent = SentHeaders(box, None)
    assert len(sent.since(date(2026, 9, 1))) == 1
    when = datetime(2026, 9, 11, 9, 0, tzinfo=UTC)
    box.deliver("Sent", build_email(from_="alex@example.org", to="jane@acme.test", subject="Re: x", body="Thanks.", date=when,
                                    message_id="<late@example.org>"), when)
    assert [m.message_id for m in sent.since(date(2026, 9, 1))] == ["<s10@example.org>", "<late@example.org>"]


def test_no_sent_folder_is_no_mail():
    assert SentHeaders(MemoryMailbox(folders=("INBOX", "Drafts")), None).since(date(2026, 9, 1)) == []
