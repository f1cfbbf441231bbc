"""The weekly digest writes every day in the user's time zone (``followup.timezone``): the days of the
week it looks back at, what came in, the drafts waiting and the notes the user wrote; the report's page and
``onward export``'s notes cell date a note by the same day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.cli.search import _notes_by_app
from agent.insights import html, stats
from agent.insights.digest import compose
from agent.insights.stats import AppFacts, EventFacts, NoteFacts, Recorded
from agent.record.rules import AppStatus
from agent.record.store import Store
from agent.record.store.journal import add_note

WEEK = "2026-W46"  # saved on Monday 9 Nov 2026; looks back at 2 - 8 Nov


def _digest(note_at: datetime, tz: ZoneInfo) -> str:
    rejected = datetime(2026, 11, 4, 10, 0, tzinfo=UTC)
    app = AppFacts(1, "Acme", "Data Analyst", "rejected", rejected)
    rec = Recorded([app], [EventFacts(1, "rejection", rejected)], [], [NoteFacts(1, note_at, "Ask sooner.")], [])
    return compose(rec, WEEK, tz, now=datetime(2026, 11, 9, 8, 0, tzinfo=tz)).body


DAYS = [
    (datetime(2026, 11, 4, 23, 30, tzinfo=UTC), "Europe/Berlin", "2026-11-05"),   # 00:30 in Berlin
    (datetime(2026, 11, 5, 2, 0, tzinfo=UTC), "America/New_York", "2026-11-04"),  # 21:00 in New York
    (datetime(2026, 11, 5, 12, 0, tzinfo=UTC), "Asia/Tokyo", "2026-11-05"),
]


@pytest.mark.parametrize("written, tz, day", DAYS)
def test_a_note_is_dated_by_the_users_day(written, tz, day):
    assert f"Your note ({day}): Ask sooner." in _digest(written, ZoneInfo(tz))


@given(minutes=st.integers(0, 7 * 24 * 60),
       tz=st.sampled_from(["UTC", "Europe/Berlin", "America/Los_Angeles", "Pacific/Auckland", "Asia/Kolkata"]))
def test_every_note_day_is_the_local_day(minutes, tz):
    zone = ZoneInfo(tz)
    written = datetime(2026, 11, 2, tzinfo=UTC) + timedelta(minutes=minutes)
    assert f"Your note ({written.astimezone(zone).date().isoformat()})" in _digest(written, zone)


@pytest.mark.parametrize("written, tz, day", DAYS)
def test_the_report_page_dates_a_note_by_the_users_day(written, tz, day):
    rejected = datetime(2026, 11, 4, 10, 0, tzinfo=UTC)
    report = stats.build_report([AppFacts(1, "Acme", "Data Analyst", "rejected", rejected)],
                                [EventFacts(1, "rejection", rejected)], [], [NoteFacts(1, written, "Ask sooner.")],
                                tz=ZoneInfo(tz))
    page = html.render(report, tz=ZoneInfo(tz))
    assert f"· {day}</div>Ask sooner." in page


@pytest.mark.parametrize("written, tz, day", DAYS)
def test_the_exported_notes_are_dated_by_the_users_day(tmp_path, written, tz, day):
    store = Store.open(f"sqlite:///{tmp_path / 'onward.db'}")
    try:
        with store.transaction() as conn:
            app = store.create_application(conn, company="Acme", company_key="acme", role="Data Analyst",
                                           status=AppStatus.REJECTED, message_id="<r1@acme.example>",
                                           subject="Your application", now=written)
            add_note(conn, app, "Ask sooner.", written)
            assert _notes_by_app(conn, ZoneInfo(tz)) == {app: f"{day}: Ask sooner."}
    finally:
        store.close()
