"""The interview's time from an invitation's calendar part, and the .ics export (agent/followups/calendar.py)."""

from datetime import UTC, datetime, timedelta

import icalendar

from agent.followups.calendar import CalendarEntry, invitation, to_ics
from agent.followups.kinds import interview_thanks_due
from tests import followup_samples as fs

T = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_invitation_time_uid_and_organizer():
    raw = fs.invitation("Acme", "Engineer", "Jane Miller", "jane@acme.example", T, "<i@x>",
                        start=T + timedelta(days=2), minutes=45, uid="evt-1")
    inv = invitation(raw)
    assert inv is not None and (inv.start, inv.end, inv.uid) == (T + timedelta(days=2),
                                                                T + timedelta(days=2, minutes=45), "evt-1")
    assert inv.organizer is not None and inv.organizer.email == "jane@acme.example" and not inv.cancelled


def test_no_calendar_part_or_an_all_day_event_is_no_time():
    assert invitation(fs.invitation("Acme", "E", "J", "j@acme.example", T, "<i@x>", start=None)) is None
    raw = fs.invitation("Acme", "E", "J", "j@acme.example", T, "<i@x>", start=T).replace(
        b"DTSTART:20261102T090000Z", b"DTSTART;VALUE=DATE:20261102")
    assert invitation(raw) is None


def test_thank_you_due_two_hours_after_or_next_morning():
    from zoneinfo import ZoneInfo
    berlin = ZoneInfo("Europe/Berlin")
    assert interview_thanks_due(datetime(2026, 11, 4, 14, 0, tzinfo=UTC), berlin) == datetime(2026, 11, 4, 16, 0, tzinfo=UTC)
    assert interview_thanks_due(datetime(2026, 11, 4, 16, 30, tzinfo=UTC), berlin) == datetime(2026, 11, 5, 8, 0, tzinfo=UTC)
    assert interview_thanks_due(datetime(2026, 11, 4, 15, 0, tzinfo=UTC), berlin) == datetime(2026, 11, 4, 17, 0, tzinfo=UTC)


def test_ics_export_parses_back():
    data = to_ics([CalendarEntry(3, "Acme", "Engineer", T, T + timedelta(hours=1), "jane@acme.example")])
    cal = icalendar.Calendar.from_ical(data)
    [ev] = cal.walk("VEVENT")
    assert ev.decoded("DTSTART") == T and ev.decoded("DTEND") == T + timedelta(hours=1)
    assert "Acme" in str(ev["SUMMARY"]) and str(ev["UID"]).startswith("onward-interview-3@")


def test_ics_export_names_the_contact_only_when_there_is_one():
    with_contact, without = (icalendar.Calendar.from_ical(to_ics([CalendarEntry(
        3, "Acme", "", T, T + timedelta(hours=1), contact)])).walk("VEVENT")[0]
        for contact in ("jane@acme.example", ""))
    assert str(with_contact["DESCRIPTION"]) == "Contact: jane@acme.example"
    assert "DESCRIPTION" not in without
    assert str(without["SUMMARY"]) == "Interview: Acme"
