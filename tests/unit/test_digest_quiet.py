""""Going quiet" in the weekly digest agrees with the interview on record (an invitation's time or one typed
with ``onward interview --at``): an application whose interview is ahead is not going quiet, and its silence
counts from the interview, as its check-in's does (agent/insights/digest.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.parser import BytesParser
from email.policy import default

from hypothesis import given
from hypothesis import strategies as st

from agent.demo import samples
from agent.insights.digest import compose
from agent.insights.stats import AppFacts, EventFacts, Recorded
from agent.record.store import iso
from tests.unit.memory_world import deliver, memory_world

NOW = datetime(2026, 11, 9, 8, 0, tzinfo=UTC)  # Monday of 2026-W46
WEEK = "2026-W46"


def _quiet(last_email_days_ago: int, interview_days_ago: int | None) -> list[str]:
    emailed = NOW - timedelta(days=last_email_days_ago)
    interview = NOW - timedelta(days=interview_days_ago) if interview_days_ago is not None else None
    app = AppFacts(1, "Acme", "Data Analyst", "interview", emailed, interview_known=interview is not None,
                   interview_at=interview)
    body = compose(Recorded([app], [EventFacts(1, "interview", emailed)], [], [], []), WEEK, UTC,
                   quiet_days=14, now=NOW).body
    section = body.split("Going quiet\n", 1)[1].split("\n\n", 1)[0]
    return [line.strip() for line in section.splitlines()]


def test_an_interview_ahead_is_not_going_quiet():
    assert _quiet(20, -3) == ["Nothing has gone quiet."]


def test_the_silence_counts_from_the_interview():
    assert _quiet(30, 2) == ["Nothing has gone quiet."]  # typed two days ago, the invitation a month old
    assert _quiet(30, 20) == ["• Acme — Data Analyst: no news for 20 days"]
    assert _quiet(20, None) == ["• Acme — Data Analyst: no news for 20 days"]


@given(emailed=st.integers(0, 60), interview=st.none() | st.integers(-30, 60))
def test_no_news_is_counted_from_the_latest_of_the_email_and_a_past_interview(emailed, interview):
    quiet = _quiet(emailed, interview)
    if interview is not None and interview < 0:
        assert quiet == ["Nothing has gone quiet."]
        return
    days = min(emailed, interview) if interview is not None else emailed
    expected = [f"• Acme — Data Analyst: no news for {days} days"] if days >= 14 else ["Nothing has gone quiet."]
    assert quiet == expected


def test_a_typed_interview_ahead_is_read_from_the_record(tmp_path, model):
    """Through a real pass: the acknowledgement a month old, the interview typed for next week."""
    box, agent, store = memory_world(tmp_path, model, lookback_days=90, digest={"enabled": True})
    try:
        deliver(box, samples.ack("Acme", "Backend Engineer", NOW - timedelta(days=30), "<a1@acme.example>"))
        agent.run_pass(NOW - timedelta(days=29), draft=False)
        with store.transaction() as conn:
            assert store.application(conn, 1) is not None
            store.update_application(conn, 1, status="interview", interview_start=iso(NOW + timedelta(days=3)),
                                     interview_end=iso(NOW + timedelta(days=3, hours=1)))
        agent.run_pass(NOW + timedelta(hours=1))
        [raw] = [r for r in box.raw_messages("Drafts") if b"onward-digest-" in r]
        body = BytesParser(policy=default).parsebytes(raw).get_content()
        assert "Going quiet\n  Nothing has gone quiet." in body.replace("\r\n", "\n")
    finally:
        store.close()
