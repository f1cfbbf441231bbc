"""Known interviews as an ``.ics`` file (``onward export --ics``); the invitation's calendar part is
read by :mod:`agent.mail.calendar` (re-exported here for existing callers)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from agent.mail.calendar import DEFAULT_MINUTES, Invitation, invitation

__all__ = ["DEFAULT_MINUTES", "CalendarEntry", "Invitation", "invitation", "to_ics"]


@dataclass(frozen=True)
class CalendarEntry:
    """One known interview for ``onward export --ics``."""

    application_id: int
    company: str
    role: str
    start: datetime
    end: datetime
    contact: str = ""


def to_ics(entries: Iterable[CalendarEntry], *, domain: str = "onward.local", now: datetime | None = None) -> bytes:
    """The interviews as an iCalendar file (one VEVENT each, UID stable per application)."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//Onward//job search//EN")
    cal.add("version", "2.0")
    stamp = now or datetime.now(UTC)
    for e in entries:
        ev = icalendar.Event()
        ev.add("uid", f"onward-interview-{e.application_id}@{domain}")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", e.start.astimezone(UTC))
        ev.add("dtend", e.end.astimezone(UTC))
        what = " – ".join(x for x in (e.company, e.role) if x) or f"application {e.application_id}"
        ev.add("summary", f"Interview: {what}")
        if e.contact:
            ev.add("description", f"Contact: {e.contact}")
        cal.add_component(ev)
    return bytes(cal.to_ical())
