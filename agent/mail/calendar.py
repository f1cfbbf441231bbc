"""An interview's time from the invitation's calendar part (pure: bytes in, values out).

An invitation carries a ``text/calendar`` part (RFC 5545; Google Calendar, Outlook, Zoom, Teams,
GoodTime all send one, often also as an ``.ics`` attachment) whose VEVENT holds ``DTSTART``,
``DTEND`` (or ``DURATION``), ``UID``, ``SEQUENCE`` and ``ORGANIZER``. It is read with the
``icalendar`` library. Nothing is guessed: no VEVENT, no DTSTART, or a date without a time (an
all-day event) gives ``None``, and the interview's time stays unknown until ``onward interview``
sets it. Without DTEND or DURATION an interview lasts :data:`DEFAULT_MINUTES`.

A ``METHOD:CANCEL`` part is returned too (``cancelled``), so that a cancelled interview gets no
thank-you. ``organizer`` is the ORGANIZER value as written (``mailto:`` dropped), ``attendees`` the ATTENDEEs (at most
:data:`MAX_ATTENDEES`); whether it may be
written to is decided by the one recipient rule, :func:`agent.record.contacts.recipient_rule`, which
accepts exactly one addr-spec.
"""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from agent.mail.types import Address

DEFAULT_MINUTES = 60
MAX_CALENDAR_BYTES = 256_000
MAX_PARTS = 50
MAX_ATTENDEES = 20


@dataclass(frozen=True)
class Invitation:
    """One interview as an invitation's calendar part describes it (times aware UTC)."""

    uid: str
    start: datetime
    end: datetime
    sequence: int = 0
    organizer: Address | None = None
    summary: str = ""
    cancelled: bool = False
    attendees: tuple[Address, ...] = ()  # its ATTENDEEs (a booking's recruiter may be one of them, not the ORGANIZER)


def _calendar_parts(raw: bytes) -> Iterable[bytes]:
    if b"text/calendar" not in raw.lower() and b"begin:vcalendar" not in raw.lower():
        return []
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    out: list[bytes] = []
    for n, part in enumerate(msg.walk()):
        if n > MAX_PARTS:
            break
        ctype = part.get_content_type()
        name = (part.get_filename() or "").lower()
        if ctype == "text/calendar" or name.endswith(".ics") or ctype == "application/ics":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload:
                out.append(payload[:MAX_CALENDAR_BYTES])
    return out


def _aware(value: datetime | date, tz: ZoneInfo) -> datetime | None:
    if not isinstance(value, datetime):
        return None  # an all-day date: no time to go by
    if value.tzinfo is None:  # "floating" time: the user's own zone
        value = value.replace(tzinfo=tz)
    return value.astimezone(UTC)


def _calendar_address(value: object) -> Address | None:
    if value is None:
        return None
    addr = str(value)
    if addr.lower().startswith("mailto:"):
        addr = addr[7:]
    params = getattr(value, "params", {}) or {}
    name = str(params.get("CN", "")).strip().strip('"')
    return Address(name=name, email=addr.strip().lower()) if "@" in addr else None


def invitation(raw: bytes, tz: ZoneInfo | None = None) -> Invitation | None:
    """The first VEVENT with a start time in ``raw``'s calendar parts, or None (time unknown).

    ``tz``: the zone of a floating time (no TZID, no Z); default UTC."""
    parts = _calendar_parts(raw)
    if not parts:
        return None
    tz = tz or ZoneInfo("UTC")
    try:
        # imported lazily, once a calendar part is found: ~50 ms of start-up cost in each process of a
        # pass, which a pass without an invitation never pays
        import icalendar
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    for data in parts:
        try:
            cal = icalendar.Calendar.from_ical(data)
        except Exception:  # noqa: BLE001 - a broken calendar part is no time at all
            continue
        method = str(cal.get("METHOD", "")).upper()
        for event in cal.walk("VEVENT"):
            try:
                start = _aware(event.decoded("DTSTART"), tz) if event.get("DTSTART") else None
                if start is None:
                    continue
                end: datetime | None = None
                if event.get("DTEND"):
                    end = _aware(event.decoded("DTEND"), tz)
                elif event.get("DURATION"):
                    end = start + event.decoded("DURATION")
                if end is None or end <= start or end - start > timedelta(hours=12):
                    end = start + timedelta(minutes=DEFAULT_MINUTES)
                sequence = int(event.get("SEQUENCE", 0) or 0)
            except Exception:  # noqa: BLE001 - an unreadable value: this event says nothing sure
                continue
            status = str(event.get("STATUS", "")).upper()
            listed = event.get("ATTENDEE") or []
            listed = listed if isinstance(listed, list) else [listed]
            attendees = tuple(a for a in map(_calendar_address, listed[:MAX_ATTENDEES]) if a is not None)
            return Invitation(uid=str(event.get("UID", "")), start=start, end=end, sequence=sequence,
                              organizer=_calendar_address(event.get("ORGANIZER")),
                              summary=str(event.get("SUMMARY", ""))[:200],
                              cancelled=method == "CANCEL" or status == "CANCELLED", attendees=attendees)
    return None
