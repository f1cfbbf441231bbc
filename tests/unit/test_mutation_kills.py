"""Tests written to kill mutants that survived ``scripts/mutate.py`` (issue 15.11 and 15.14).

Each test names the rule it pins down; the mutation run's survivors that are not real gaps are
explained in docs/reliability.md ("Mutation testing").
"""

from __future__ import annotations

import base64
import time
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes
from email.policy import default as default_policy
from email.utils import format_datetime
from zoneinfo import ZoneInfo

import pytest

from agent.demo import samples
from agent.followups.draft import (
    build_draft,
    draft_header_names,
    followup_message_id,
    reply_subject,
    safe_header_text,
)
from agent.followups.language import first_name
from agent.followups.rules import (
    REASON_REPLIED_IN_THREAD,
    REASON_WROTE_TO_CONTACT,
    Followup,
    user_already_wrote,
)
from agent.followups.schedule import _local_to_utc, compute_due, next_sensible_time
from agent.mail.parse import parse_message
from agent.mail.types import Address, ParsedEmail
from agent.record.rules import Verdict, derive_status, email_date, parent_keys, thread_keys
from tests.unit.memory_world import deliver as _deliver  # noqa: F401
from tests.unit.test_recorder import NOW as R_NOW
from tests.unit.test_recorder import world  # noqa: F401, F811 - the fixture, reused

WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
PAYLOAD = "x\r\nBcc: attacker@evil.test"


def nest(text: str, levels: int) -> str:
    """``text`` as an RFC 2047 encoded word whose content is an encoded word ... ``levels`` deep."""
    for _ in range(levels):
        text = "=?utf-8?b?" + base64.b64encode(text.encode()).decode() + "?="
    return text


def _draft(*, to_name: str = "Jane Miller", subject: str = "Your application", from_name: str = "Alex Doe") -> bytes:
    return build_draft(to=Address(to_name, "jane@acme.test"), from_addr=Address(from_name, "alex@example.org"),
                       original_subject=subject, in_reply_to="<rej-1@acme.test>", references=[],
                       message_id="<onward-followup-1-abc@example.org>", date=WHEN, body="Thank you.")


def _assert_safe(raw: bytes) -> None:
    """Only the headers Onward writes, one recipient, and no header that decodes to a line break or
    to a leftover encoded word (a mail client would decode that one more time)."""
    msg = message_from_bytes(raw, policy=default_policy)
    assert set(msg.keys()) == draft_header_names(), msg.keys()
    assert [a.addr_spec for a in msg["To"].addresses] == ["jane@acme.test"]
    for name, value in msg.items():
        text = str(value)
        assert "\r" not in text and "\n" not in text, (name, text)
        assert "=?" not in text, (name, text)
    assert b"\r\nBcc:" not in raw and b"\nBcc:" not in raw


@pytest.mark.parametrize("levels", [1, 2, 3, 4, 5, 6])
@pytest.mark.parametrize("field", ["to_name", "subject", "from_name"])
def test_nested_encoded_words_cannot_inject_a_header(levels, field):
    raw = _draft(**{field: nest(PAYLOAD, levels)})
    _assert_safe(raw)


@pytest.mark.parametrize("levels", [1, 2, 3, 4, 5])
def test_nested_encoded_words_from_a_received_mail_reach_the_draft_safely(levels):
    """The way an attacker gets them there: the rejection's From name and Subject, parsed by Onward
    (which decodes one level), become the draft's To and Subject."""
    received = parse_message(
        f"From: {nest(PAYLOAD, levels)} <jane@acme.test>\r\nSubject: {nest(PAYLOAD, levels)}\r\n"
        f"Message-ID: <rej-1@acme.test>\r\n\r\nWe decided to move forward with other candidates.\r\n".encode())
    assert received.from_ is not None and received.from_.email == "jane@acme.test"
    raw = build_draft(to=received.from_, from_addr=Address("Alex Doe", "alex@example.org"),
                      original_subject=received.subject, in_reply_to=received.message_id, references=[],
                      message_id="<onward-followup-1-abc@example.org>", date=WHEN, body="Thank you.")
    _assert_safe(raw)


@pytest.mark.parametrize("levels", [1, 2, 3])
def test_shallow_encoded_words_are_decoded_then_cleaned(levels):
    """Up to three levels the text is decoded (a name a person reads), its line break folded."""
    assert safe_header_text(nest(PAYLOAD, levels)) == "x Bcc: attacker@evil.test"
    assert reply_subject(nest("Your application", levels)) == "Re: Your application"


@pytest.mark.parametrize("levels", [4, 5, 8])
def test_deep_encoded_words_are_left_inert(levels):
    """Deeper than the decoder goes, what is left is broken up (``= ?``), never an encoded word."""
    text = safe_header_text(nest(PAYLOAD, levels))
    assert "=?" not in text and "= ?utf-8?b?" in text and "\r" not in text and "\n" not in text


# -- draft ids ------------------------------------------------------------------------------------------

def test_followup_id_zero_is_valid_and_negative_is_not():
    assert followup_message_id(0, "example.org").startswith("<onward-followup-0-")
    with pytest.raises(ValueError):
        followup_message_id(-1, "example.org")


def test_parent_id_with_surrounding_whitespace_still_threads_the_draft():
    """The In-Reply-To of a received mail may carry folding whitespace: it is cleaned, not dropped."""
    raw = build_draft(to=Address("Jane", "jane@acme.test"), from_addr=None, original_subject="x",
                      in_reply_to=" <rej-1@acme.test>\r\n ", references=[], message_id="<d-1@example.org>",
                      date=WHEN, body="Thank you.")
    msg = message_from_bytes(raw, policy=default_policy)
    assert msg["In-Reply-To"] == "<rej-1@acme.test>" and msg["References"] == "<rej-1@acme.test>"


# -- the follow-up rules (agent/followups/rules.py) ----------------------------------------------------

REJECTED = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _followup(**kw) -> Followup:
    values = dict(id=1, application_id=1, rejection_message_id="<rej@acme.test>", rejected_at=REJECTED.isoformat(),
                  due_at=REJECTED.isoformat(), status="scheduled", to_name="Jane", to_addr="jane@acme.test",
                  subject="Re: x", in_reply_to="<rej@acme.test>", references_json=None, draft_message_id=None,
                  drafted_at=None, reason=None, created_at=REJECTED.isoformat())
    return Followup(**{**values, **kw})


def _mail(*, mid: str, date: datetime | None, to: str = "hr@other.test", in_reply_to: str = "") -> ParsedEmail:
    head = f"From: Alex <alex@example.org>\r\nTo: {to}\r\nSubject: x\r\nMessage-ID: {mid}\r\n"
    if date is not None:
        head += f"Date: {format_datetime(date)}\r\n"
    if in_reply_to:
        head += f"In-Reply-To: {in_reply_to}\r\n"
    return parse_message((head + "\r\nThanks!\r\n").encode())


def test_followup_references_end_with_the_rejection_once():
    assert _followup().references == ["<rej@acme.test>"]  # no References stored (NULL)
    assert _followup(references_json='["<a@x.test>", 7, "<rej@acme.test>"]').references == \
        ["<a@x.test>", "<rej@acme.test>"]
    assert _followup(references_json='["<a@x.test>"]').references == ["<a@x.test>", "<rej@acme.test>"]


def test_user_already_wrote_after_the_rejection():
    def why(*sent: ParsedEmail) -> str | None:
        found = user_already_wrote(sent, kind="rejection_thanks", own_mail_ids={"<draft@onward.test>"},
                                   rejected_at=REJECTED, thread={"<rej@acme.test>"},
                                   contacts={"jane@acme.test"})
        return found[0] if found else None

    after = REJECTED + timedelta(hours=2)
    assert why(_mail(mid="<r1@x.test>", date=after, in_reply_to="<rej@acme.test>")) == REASON_REPLIED_IN_THREAD
    assert why(_mail(mid="<r2@x.test>", date=after, to="Jane <JANE@acme.test>")) == REASON_WROTE_TO_CONTACT
    assert why(_mail(mid="<r3@x.test>", date=None, in_reply_to="<rej@acme.test>")) == REASON_REPLIED_IN_THREAD
    assert why(_mail(mid="<r4@x.test>", date=REJECTED, in_reply_to="<rej@acme.test>")) is None  # not after
    assert why(_mail(mid="<draft@onward.test>", date=after, in_reply_to="<rej@acme.test>")) is None  # own draft
    assert why(_mail(mid="<r5@x.test>", date=after)) is None  # someone else, elsewhere
    assert why() is None


@pytest.mark.parametrize("name, first", [
    ("Jane Smith", "Jane"), ("Smith, Jane Ann", "Jane"), ('"Jane"', "Jane"), ("", ""),
    ("Smith,", "Smith"),  # no first name after the comma: the name as the greeting has it ("Dear Smith,")
])
def test_first_name(name, first):
    assert first_name(name) == first


# -- schedule (names contain "due" or "sensible": the mutation run's -k selection) --------------------

def test_due_slot_in_an_ambiguous_hour_is_the_first_occurrence():
    """02:30 happens twice in Berlin on 2026-10-25 (clocks go back at 03:00 CEST): the first, in CEST."""
    got = _local_to_utc(date(2026, 10, 25), 150, ZoneInfo("Europe/Berlin"))
    assert got == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert _local_to_utc(date(2026, 3, 29), 150, ZoneInfo("Europe/Berlin")) is None  # in the gap


def test_sensible_time_of_a_naive_now_is_taken_as_utc():
    saturday = datetime(2026, 3, 7, 12, 0)
    tz = ZoneInfo("Europe/Berlin")
    assert next_sensible_time(saturday, tz) == next_sensible_time(saturday.replace(tzinfo=UTC), tz) \
        == datetime(2026, 3, 9, 8, 0, tzinfo=UTC)


def test_due_hours_must_be_a_window():
    with pytest.raises(ValueError, match="hours"):
        compute_due(REJECTED, min_days=1, max_days=2, tz=ZoneInfo("UTC"), hours=(11, 9), seed="x")


def test_due_of_a_naive_rejection_time_is_taken_as_utc():
    naive = REJECTED.replace(tzinfo=None)
    kw = dict(min_days=14, max_days=21, tz=ZoneInfo("Europe/Berlin"), seed="<rej@acme.test>")
    assert compute_due(naive, **kw) == compute_due(REJECTED, **kw)


def test_due_after_a_weekend_only_window_is_the_monday():
    friday = datetime(2026, 3, 6, 9, 0, tzinfo=UTC)
    due = compute_due(friday, min_days=1, max_days=2, tz=ZoneInfo("Europe/Berlin"), seed="x")
    assert due.astimezone(ZoneInfo("Europe/Berlin")).date() == date(2026, 3, 9)


def test_due_window_lost_in_a_dst_gap_moves_to_the_next_weekday():
    """Cairo's clocks jump 00:00 -> 01:00 on Friday 2026-04-24: a 00-01 window does not exist that day."""
    cairo = ZoneInfo("Africa/Cairo")
    due = compute_due(datetime(2026, 4, 23, 12, tzinfo=UTC), min_days=1, max_days=1, tz=cairo, hours=(0, 1),
                      seed="x")
    local = due.astimezone(cairo)
    assert local.date() == date(2026, 4, 27) and local.hour == 0


# -- the record rules (agent/record/rules.py) ----------------------------------------------------------

def test_user_verdict_is_certain():
    assert Verdict.by_user("rejection") == Verdict("rejection", 1.0, 1.0, source="user")
    assert Verdict.by_user("interview") == Verdict("interview", 1.0, 0.0, source="user")


@pytest.mark.parametrize("labels, expected", [
    ([], ("applied", 0)), (["other"], ("applied", 0)), (["interview", "other"], ("interview", 0)),
    (["other", "interview", "other"], ("interview", 1)),
])
def test_derive_status_ignores_labels_without_a_status(labels, expected):
    assert derive_status(labels) == expected


@pytest.fixture
def tokyo_local_time(monkeypatch):
    """The machine's local time zone is not UTC (a naive time must still be taken as UTC)."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_email_date_prefers_the_header_then_internaldate_then_now(tokyo_local_time):
    aware = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    naive = datetime(2026, 3, 2, 10, 0)
    with_date = _mail(mid="<d1@x.test>", date=aware)
    without = _mail(mid="<d2@x.test>", date=None)
    assert email_date(with_date, naive, WHEN) == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert email_date(with_date, naive, WHEN).tzinfo is UTC
    assert email_date(without, naive, WHEN) == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # naive: UTC
    assert email_date(without, aware, WHEN) == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert email_date(without, None, WHEN) is WHEN


def test_thread_keys_are_own_then_references_then_parent():
    mail = parse_message(b"From: a@b.test\r\nMessage-ID: <m@x.test>\r\nReferences: <r1@x.test> <r2@x.test>\r\n"
                         b"In-Reply-To: <r2@x.test>\r\n\r\nx\r\n")
    assert thread_keys(mail) == ["<m@x.test>", "<r1@x.test>", "<r2@x.test>", "<r2@x.test>"]
    assert parent_keys(mail) == ["<r2@x.test>", "<r1@x.test>", "<r2@x.test>"]


# -- the Recorder (agent/record/outcomes.py), through the in-memory mailbox of tests/unit/test_recorder.py --

def test_recorder_corrections_say_what_changed(world):  # noqa: F811
    box, agent, store = world
    when = R_NOW - timedelta(days=1)
    interview = samples.interview("Acme", "Engineer", "Jane Miller", "jane@acme.example", when, "<i1@acme.example>")
    _deliver(box, interview)
    agent.run_pass(R_NOW)
    email = parse_message(interview)
    with store.transaction() as conn:
        assert agent.recorder.correct(conn, email, "interview", when, R_NOW) == "unchanged"
        confirmed = store.event(conn, "<i1@acme.example>", "default")  # the user's word now: certain
        assert (confirmed.source, confirmed.confidence) == ("user", 1.0)
        assert store.list_followups(conn) == []
        assert agent.recorder.correct(conn, email, "rejection", when, R_NOW) == "interview -> rejection"
        agent.reconciler.run(conn, R_NOW)  # the reconcile step plans what the corrected facts call for
        [fu] = store.list_followups(conn)  # a rejection, by the user's word: it gets its follow-up
        assert fu.rejection_message_id == "<i1@acme.example>"
        unknown = parse_message(samples.newsletter(when, "<n1@news.example>"))
        assert agent.recorder.relabel(conn, unknown, "other", when, R_NOW, source="cli") == "kept"
        assert agent.recorder.correct(conn, unknown, "rejection", when, R_NOW) == "recorded as rejection"


def test_recorder_mail_without_from_is_not_the_users(world):  # noqa: F811
    _box, agent, _store = world
    assert not agent.recorder.is_from_user(parse_message(b"Subject: x\r\nMessage-ID: <x@y.test>\r\n\r\nx\r\n"))
    assert agent.recorder.is_from_user(parse_message(b"From: Alex <ALEX@example.org>\r\n\r\nx\r\n"))
