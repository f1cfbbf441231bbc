"""Invitation parsing and greetings at their edges, with the boundaries written out (not computed from
the constants under test): an event of exactly 12 hours, a base64 calendar part, an ICS text quoted in
the body, an unreadable value; German particles keep their case, language detection needs a margin."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from agent.demo.samples import build_email
from agent.followups.calendar import invitation
from agent.followups.language import detect, salutation

START = datetime(2026, 11, 11, 15, 0, tzinfo=UTC)


def ics(end: str = "DTEND:20261111T160000Z") -> str:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:iv-1@acme.test\r\n"
            f"DTSTART:20261111T150000Z\r\n{end}\r\nSUMMARY:Interview\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def message(calendar: str, *, cte: str = "7bit") -> bytes:
    body = base64.encodebytes(calendar.encode()).decode() if cte == "base64" else calendar
    return ("From: Jane <jane@acme.test>\r\nTo: alex@example.org\r\nSubject: Interview\r\n"
            "Message-ID: <iv@acme.test>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n"
            "--B\r\nContent-Type: text/plain\r\n\r\nSee you then.\r\n"
            f"--B\r\nContent-Type: text/calendar; method=REQUEST\r\nContent-Transfer-Encoding: {cte}\r\n\r\n"
            f"{body}\r\n--B--\r\n").encode()


def test_an_event_of_exactly_twelve_hours_keeps_its_end_and_longer_gets_the_default() -> None:
    twelve = invitation(message(ics("DTEND:20261112T030000Z")))
    assert twelve is not None and twelve.end - twelve.start == timedelta(hours=12)
    longer = invitation(message(ics("DTEND:20261112T030100Z")))  # 12 h 1 min: not an interview's length
    assert longer is not None and longer.end - longer.start == timedelta(minutes=60)


def test_a_base64_calendar_part_is_read() -> None:
    inv = invitation(message(ics(), cte="base64"))
    assert inv is not None and (inv.uid, inv.start) == ("iv-1@acme.test", START)


def test_an_ics_text_quoted_in_the_body_is_no_invitation() -> None:
    for body in (ics(), "Paste this into your calendar:\n" + ics()):
        raw = build_email(from_="Jane <jane@acme.test>", to="alex@example.org", subject="Our text/calendar",
                          body=body, date=START, message_id="<q@acme.test>")
        assert invitation(raw) is None


def test_an_unreadable_value_makes_the_event_say_nothing() -> None:
    assert invitation(message(ics("DTEND:20261111T160000Z\r\nSEQUENCE:many"))) is None
    assert invitation(message(ics("DTEND:tomorrow-ish"))).end == START + timedelta(minutes=60)  # type: ignore[union-attr]


def test_a_german_particle_keeps_its_case_only_dutch_capitalises_it() -> None:
    assert salutation("de", "Anna von Trapp") == "Sehr geehrte Frau von Trapp,"
    assert salutation("fr", "Marie de la Tour") == "Bonjour Madame de la Tour,"
    assert salutation("nl", "mevrouw de Vries") == "Geachte mevrouw De Vries,"


def test_a_language_needs_half_again_as_many_hits_as_the_next() -> None:
    german = "Leider haben wir uns entschieden"  # 5 German stop words
    assert detect(f"{german} we decided thank", "en") == "de"  # 5 >= 1.5 x 3 English
    assert detect(f"{german} we decided thank you", "en") == "en"  # 5 < 1.5 x 4: not sure, the fallback
    assert detect("Leider Bewerbung", "en") == "en"  # 2 German words and nothing else: fewer than 3 hits
    assert detect("Leider Bewerbung Stelle", "en") == "de"


def test_an_application_ics_part_with_a_floating_time_and_its_organizer() -> None:
    calendar = ics().replace("DTSTART:20261111T150000Z", "DTSTART:20261111T150000").replace(
        "DTEND:20261111T160000Z", "DTEND:20261111T160000\r\nORGANIZER;CN=Jane Miller:mailto:jane@acme.test")
    raw = message(calendar).replace(b"Content-Type: text/calendar; method=REQUEST", b"Content-Type: application/ics")
    inv = invitation(raw, ZoneInfo("Europe/Berlin"))  # a floating time is the user's local time
    assert inv is not None and inv.start == datetime(2026, 11, 11, 14, 0, tzinfo=UTC)
    assert inv.organizer is not None and (inv.organizer.name, inv.organizer.email) == ("Jane Miller", "jane@acme.test")
