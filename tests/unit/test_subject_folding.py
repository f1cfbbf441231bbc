"""A draft's Subject reads back exactly as written, whatever its length (1-998 characters): folded at
word boundaries, never right after ``Subject:`` (parsers would read it back with a leading space)."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from agent.followups.draft import DRAFT_POLICY, MAX_LINE, build_draft, fold_header, reply_subject, safe_header_text
from agent.insights.digest import Digest
from agent.mail.parse import parse_message

WHEN = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
LONG = "Alexandra Jane Rivera, your application was sent to Generative Futures"


def _draft(subject: str, *, reply: bool) -> bytes:
    return build_draft(to=None, from_addr=None, original_subject=subject,
                       in_reply_to="<rej-1@acme.test>" if reply else None, references=[],
                       message_id="<onward-followup-1-abc@example.org>", date=WHEN, body="Thank you.")


def _read_back(raw: bytes) -> tuple[str, str]:
    python = email.message_from_bytes(raw, policy=email.policy.default)["Subject"]
    return str(python), parse_message(raw).subject


def test_the_reported_subject_is_not_folded_after_the_colon() -> None:
    raw = _draft(LONG, reply=True)
    assert b"Subject: Re: Alexandra" in raw
    assert _read_back(raw) == (f"Re: {LONG}", f"Re: {LONG}")


# words of ASCII letters and some non-ASCII text, joined by one or more spaces: real subjects
_word = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "S")), min_size=1, max_size=40)
_subject = st.lists(st.tuples(_word, st.sampled_from([" ", "  ", " \t "])), min_size=1, max_size=120).map(
    lambda parts: "".join(w + sep for w, sep in parts).strip()[:998])
_ascii_subject = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=998)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_subject, _ascii_subject), st.booleans())
def test_any_subject_reads_back_identical(subject: str, reply: bool) -> None:
    written = reply_subject(subject) if reply else safe_header_text(subject)[:300]
    raw = _draft(subject, reply=reply)
    python, onward = _read_back(raw)
    assert python == written
    assert onward == written.strip()  # Onward's parser trims the ends of every header value
    assert all(len(line) <= MAX_LINE for line in raw.split(b"\r\n"))


def test_the_drafts_text_form_folds_the_subject_as_its_bytes_do() -> None:
    """``str()`` of a draft (a log, a debugger, a client of the library) is the same message."""
    msg = EmailMessage(policy=DRAFT_POLICY)
    msg["Subject"] = f"Re: {LONG}"
    msg.set_content("Thank you.")
    text, raw = msg.as_string(), msg.as_bytes()
    assert text == raw.decode("ascii")
    assert text.startswith("Subject: Re: Alexandra")
    assert str(email.message_from_string(text, policy=email.policy.default)["Subject"]) == f"Re: {LONG}"


@given(_ascii_subject.filter(lambda s: s.strip() == s))
def test_ascii_folding_unfolds_to_the_value(value: str) -> None:
    folded = fold_header("Subject", value)
    assert folded is not None and folded.endswith("\r\n")
    assert folded.removesuffix("\r\n").replace("\r\n", "") == f"Subject: {value}"
    assert not folded.startswith("Subject:\r\n")


def test_a_long_digest_subject_reads_back_identical() -> None:
    subject = Digest.__name__ and f"Onward weekly digest 2026-W48: {LONG}, and three drafts waiting for you"
    raw = _draft(subject, reply=False)
    assert _read_back(raw)[0] == subject


def test_a_subject_is_cut_at_300_characters() -> None:
    long = "word " * 100
    python, _onward = _read_back(_draft(long, reply=True))
    assert python == "Re: " + long[:300]
    python, _onward = _read_back(_draft(long, reply=False))
    assert python == long[:300]
