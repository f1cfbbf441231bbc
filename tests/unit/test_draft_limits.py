"""The draft's limits, each at its boundary: the References kept, the longest header line, the encoded
words of a non-ASCII subject, and when the body needs quoted-printable (pure functions of
agent/followups/draft.py; survivors of the mutation audit, docs/reliability.md)."""

from __future__ import annotations

import email
from datetime import UTC, datetime
from email import policy

from hypothesis import given
from hypothesis import strategies as st

from agent.followups import draft
from agent.followups.draft import build_draft, fold_header
from agent.mail.types import Address

WHEN = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _draft(*, references: list[str], body: str = "Thank you.\n") -> email.message.EmailMessage:
    raw = build_draft(to=Address("Mia Chen", "mia@orla.example"), from_addr=Address("Alex", "alex@example.org"),
                      original_subject="Your application", in_reply_to="<parent@orla.example>",
                      references=references, message_id="<draft@onward.local>", date=WHEN, body=body)
    msg = email.message_from_bytes(raw, policy=policy.default)
    assert isinstance(msg, email.message.EmailMessage)
    return msg


def test_references_keep_the_thread_root_and_the_last_nineteen_ids() -> None:
    refs = [f"<r{i}@orla.example>" for i in range(30)]
    kept = str(_draft(references=refs)["References"]).split()
    assert len(kept) == 20
    assert kept[0] == "<r0@orla.example>"  # the root
    assert kept[1:] == [*refs[-18:], "<parent@orla.example>"]


def test_twenty_references_are_kept_whole() -> None:
    refs = [f"<r{i}@orla.example>" for i in range(19)]  # + the parent: exactly 20
    assert str(_draft(references=refs)["References"]).split() == [*refs, "<parent@orla.example>"]


def test_a_header_line_may_hold_998_characters_and_not_one_more() -> None:
    fits = fold_header("Subject", "x" * 989)  # "Subject: " + 989 = 998
    assert fits is not None and max(len(line) for line in fits.split("\r\n")) == 998
    assert fold_header("Subject", "x" * 990) is None


@given(st.text(min_size=1, max_size=200), st.integers(min_value=4, max_value=80))
def test_utf8_chunks_are_as_long_as_the_limit_allows(text: str, limit: int) -> None:
    chunks = draft._utf8_chunks(text, limit)
    assert "".join(chunks) == text
    assert all(0 < len(c.encode()) <= limit for c in chunks)
    for chunk, after in zip(chunks, chunks[1:]):  # each cut only where the next character would not fit
        assert len(chunk.encode()) + len(after[0].encode()) > limit


def test_the_body_is_7bit_up_to_900_characters_a_line_then_quoted_printable() -> None:
    assert _draft(references=[], body="a" * 900 + "\n")["Content-Transfer-Encoding"] == "7bit"
    assert _draft(references=[], body="a" * 901 + "\n")["Content-Transfer-Encoding"] == "quoted-printable"
    assert _draft(references=[], body="Grüße\n")["Content-Transfer-Encoding"] == "quoted-printable"
