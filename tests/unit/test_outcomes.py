"""Pure decisions of the record stage: disposition, status derivation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.record.rules import (
    Remains,
    Verdict,
    decide_disposition,
    derive_status,
    reasons_to_keep,
    status_with_interview,
    typed_first,
)


@pytest.mark.parametrize("label, conf, p_rej, expected", [
    ("rejection", 0.9, 0.9, "event"),
    ("rejection", 0.55, 0.55, "event"),
    ("acknowledgement", 0.6, 0.4, "review"),     # P(rejection) above half the threshold
    ("acknowledgement", 0.9, 0.05, "event"),
    ("interview", 0.4, 0.1, "review"),            # below min_confidence
    ("other", 0.9, 0.05, "ignore"),
    ("other", 0.5, 0.3, "review"),
])
def test_disposition(label, conf, p_rej, expected):
    assert decide_disposition(Verdict(label, conf, p_rej), 0.5, 0.5) == expected


def test_a_model_without_a_rejection_class_gives_p_rejection_zero():
    """A personal model trained without rejections has no P(rejection): 0, never a negative number."""
    class Prediction:
        label, confidence, probabilities = "interview", 0.9, {"interview": 0.9, "other": 0.1}
    assert Verdict.of(Prediction()).p_rejection == 0.0


def test_user_verdict_is_always_recorded():
    assert decide_disposition(Verdict("rejection", 1.0, 0.0, source="user"), 0.9, 0.9) == "event"
    assert decide_disposition(Verdict("other", 1.0, 0.9, source="user"), 0.5, 0.5) == "ignore"


@pytest.mark.parametrize("labels, status, index", [
    (["acknowledgement"], "applied", 0),
    (["acknowledgement", "interview"], "interview", 1),
    (["acknowledgement", "interview", "rejection"], "rejected", 2),
    (["interview", "acknowledgement"], "interview", 0),   # never backwards
    (["rejection", "acknowledgement"], "rejected", 0),
    (["interview", "offer"], "offer", 1),
    (["rejection", "interview"], "interview", 1),         # re-engaged in the same thread
    (["acknowledgement", "assessment"], "assessment", 1),
    (["assessment", "acknowledgement"], "assessment", 0),  # an acknowledgement never moves it back
    (["assessment", "interview"], "interview", 1),
    (["interview", "assessment"], "interview", 0),        # a test after the interview keeps the interview
    (["offer", "assessment"], "offer", 0),
    (["assessment", "rejection"], "rejected", 1),
    (["acknowledgement", "assessment", "assessment"], "assessment", 2),  # the latest email of a stage is its evidence
    (["interview", "interview"], "interview", 1),
    (["acknowledgement", "acknowledgement"], "applied", 1),
    (["interview", "acknowledgement", "rejection"], "rejected", 2),  # a skipped email stops nothing after it
    (["interview", "assessment", "offer"], "offer", 2),
])
def test_derive_status(labels, status, index):
    assert derive_status(labels) == (status, index)


# -- exactly at the thresholds (issue 15.11: `>=` -> `>` survived; values exact in binary) -------------

def test_rejection_exactly_at_the_threshold_is_an_event():
    above = float(np.nextafter(0.375, 1.0))
    assert decide_disposition(Verdict("rejection", 0.375, 0.375), 0.375, 0.25) == "event"
    assert decide_disposition(Verdict("rejection", 0.375, 0.375), above, 0.25) == "review"


def test_review_band_starts_exactly_at_half_the_threshold():
    # P(rejection) == half the threshold (REVIEW_FRACTION, 0.5, written out so that the test does not
    # follow the constant) exactly: review; one ulp below: the label decides
    half = 0.375
    assert decide_disposition(Verdict("other", 0.625, half), 0.75, 0.5) == "review"
    assert decide_disposition(Verdict("other", 0.625, float(np.nextafter(half, 0.0))), 0.75, 0.5) == "ignore"
    assert decide_disposition(Verdict("interview", 0.625, float(np.nextafter(half, 0.0))), 0.75, 0.5) == "event"


def test_confidence_exactly_at_min_confidence_is_trusted():
    assert decide_disposition(Verdict("interview", 0.5, 0.0), 0.75, 0.5) == "event"
    assert decide_disposition(Verdict("interview", float(np.nextafter(0.5, 0.0)), 0.0), 0.75, 0.5) == "review"
    assert decide_disposition(Verdict("other", 0.25, 0.0), 0.75, 0.5) == "ignore"  # not a job label: no review


_TEXT = st.none() | st.just("") | st.text(min_size=1, max_size=5)


@given(applied_at=_TEXT, contact=_TEXT, interview=_TEXT, notes=st.integers(0, 3), touched=st.integers(0, 3),
       other=st.integers(0, 3))
def test_an_application_without_events_is_kept_exactly_when_something_else_of_it_is_on_record(
        applied_at, contact, interview, notes, touched, other):
    remains = Remains(applied_at, contact, interview, notes, touched, other)
    reasons = reasons_to_keep(remains)
    anything = bool(applied_at or contact or interview or notes or touched or other)
    assert bool(reasons) == anything
    # one reason per kind of thing held, each named once
    assert len(reasons) == sum(map(bool, (applied_at or contact, interview, notes, touched, other)))
    assert len(set(reasons)) == len(reasons)


# -- an interview that names no email (`onward interview --at`), counted as an interview email from its entry --

_LABELS = st.sampled_from(["acknowledgement", "assessment", "interview", "rejection", "offer"])
_HOURS = st.integers(0, 20)


@given(dated=st.lists(st.tuples(_HOURS, _LABELS), max_size=8), typed=st.one_of(st.none(), _HOURS))
def test_status_with_an_interview_typed_is_that_of_an_interview_email_then(dated, typed):
    """As if an interview email were put among the emails at its moment (after those of the same moment): the
    status; the email that set it (None: the interview did); never back to applied after it, nor to an
    assessment unless an email closed the application after the interview."""
    base = datetime(2026, 9, 1, tzinfo=UTC)
    emails = sorted(((base + timedelta(hours=h), label) for h, label in dated), key=lambda d: d[0])
    at = base + timedelta(hours=typed) if typed is not None else None
    status, idx = status_with_interview(emails, at)
    merged = [(when, label, i) for i, (when, label) in enumerate(emails)]
    if at is not None:
        merged = sorted([*merged, (at, "interview", None)], key=lambda d: d[0])  # stable: the emails first
    expected, setter = derive_status([label for _when, label, _i in merged])
    assert status == expected
    assert idx == (merged[setter][2] if merged else 0)
    if at is not None:
        assert status != "applied"
        closed = any(label in ("rejection", "offer") and when >= at for when, label in emails)
        assert status != "assessment" or closed


def test_an_interview_typed_after_hundreds_of_emails_is_what_set_the_status():
    """Positions are compared as numbers, not as objects (Python shares only the small ones)."""
    base = datetime(2026, 9, 1, tzinfo=UTC)
    emails = [(base + timedelta(minutes=m), "acknowledgement") for m in range(300)]
    assert status_with_interview(emails, base + timedelta(days=1)) == ("interview", None)
    assert status_with_interview([*emails, (base + timedelta(days=2), "rejection")],
                                 base + timedelta(days=1)) == ("rejected", 300)


@given(message_id=st.sampled_from(["", "<inv@x.test>"]), typed=_HOURS, dates=st.lists(_HOURS, max_size=3))
def test_an_interview_is_typed_first_unless_an_invitation_dated_by_then_names_it(message_id, typed, dates):
    base = datetime(2026, 9, 1, tzinfo=UTC)
    got = typed_first(message_id, base + timedelta(hours=typed), [base + timedelta(hours=d) for d in dates])
    assert got == (not message_id or any(d > typed for d in dates))
