"""A scheduling tool's booking confirmation that names no company (Calendly, GoodTime, a scheduler relay): it
joins the application the mail ties it to - its calendar part's ORGANIZER or ATTENDEE on a domain on record for
that application, or spelling its company's name; the role it names - else it is its own application, flagged
``possible_duplicate_of``. Real passes over the in-memory mailbox (the story's mail: ``tests/ats_story.py``)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from agent.cli.records import _duplicates_hint
from agent.followups.rules import FollowupKind
from agent.mail.parse import parse_message
from agent.mail.types import Address
from agent.record.contacts import recipient_rule
from agent.record.linking import Candidate, LinkReason, booking, role_key
from tests import ats_story as s
from tests.unit.memory_world import deliver, followups, outcomes
from tests.unit.test_ats_story import _passes, world  # noqa: F401 - the story's mailbox and its passes

CALENDLY = "Calendly <notifications@calendly.com>"


def calendly_event(uid: str, start: datetime, minutes: int, organizer: str, name: str,
                   attendees: tuple[str, ...] = ()) -> str:
    fmt = "%Y%m%dT%H%M%SZ"
    return "\r\n".join([
        "BEGIN:VCALENDAR", "PRODID:-//Calendly//EN", "VERSION:2.0", "METHOD:REQUEST", "BEGIN:VEVENT",
        f"DTSTART:{start.astimezone(UTC).strftime(fmt)}",
        f"DTEND:{(start + timedelta(minutes=minutes)).astimezone(UTC).strftime(fmt)}",
        f"DTSTAMP:{start.astimezone(UTC).strftime(fmt)}", f"ORGANIZER;CN={name}:mailto:{organizer}",
        f"UID:{uid}", "SEQUENCE:0", f"SUMMARY:Alex Doe and {name}", "STATUS:CONFIRMED",
        f"ATTENDEE;CN=Alex Doe;PARTSTAT=ACCEPTED:mailto:{s.ME_ADDR}",
        *(f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{a}" for a in attendees), "END:VEVENT", "END:VCALENDAR", ""])


def booked(name: str, organizer: str | None, when: datetime, mid: str, *, role: str = "",
           attendees: tuple[str, ...] = ()) -> bytes:
    """Calendly's confirmation: the recruiter's name, the time, no company; the calendar part's ORGANIZER."""
    what = f"{role} interview" if role else "30 Minute Meeting"
    cal = calendly_event(f"{mid.strip('<>')}", s.INTERVIEW_AT, 30, organizer, name, attendees) if organizer else None
    return s.mail(CALENDLY, f"Confirmed: {what} with {name} on Thursday, January 29, 2026", when, mid,
                  f"Hi Alex Doe,\n\nYour meeting with {name} is confirmed.\n\nEvent type: {what}\n"
                  "Date and time: 10:00 - 10:30, Thursday, January 29, 2026 (Central European Time)\n"
                  "Location: Google Meet (details in the calendar invitation)\n\nNeed to make changes to this "
                  "event? Cancel or reschedule from the link in your calendar invitation.\n\nPowered by Calendly\n",
                  cal=cal)


BOOKED = "<calendly-1@calendly.com>"


def test_a_calendly_booking_naming_no_company_joins_the_application_its_organiser_ties_it_to(world):
    """Corvid Labs asked through Ashby to book a time; the confirmation comes from Calendly and names only Priya: its
    ORGANIZER at corvidlabs.io spells the company's name. It is Corvid's interview: no company-less application,
    the thank-you to Priya after it, and no check-in asking Corvid for news while the interview is ahead."""
    box, agent, store = world
    for mid in (s.CORVID_ACK, s.CORVID_SCHEDULE):
        deliver(box, s.by_id(mid))
    deliver(box, booked("Priya Nair", s.PRIYA_ADDR, s.day(9, 13), BOOKED))
    _passes(agent, 4, 9, 12, 16)
    [app] = outcomes(store)
    assert (app.company, app.status) == ("Corvid Labs", "interview"), app
    fus = followups(store)
    assert not [f for f in fus if f.kind == FollowupKind.CHECK_IN and f.status != "cancelled"], fus
    _passes(agent, 17.5)
    [thanks] = [f for f in followups(store) if f.kind == FollowupKind.INTERVIEW_THANKS]
    assert thanks.to_addr == s.PRIYA_ADDR, thanks


def test_no_check_in_asks_for_news_while_the_booked_interview_is_ahead(world):
    """Only Ashby's acknowledgement, then Calendly's booking: the application is at the interview stage from the
    booking on, so the check-in due in the silence after the acknowledgement is never planned."""
    box, agent, store = world
    deliver(box, s.by_id(s.CORVID_ACK))
    deliver(box, booked("Priya Nair", s.PRIYA_ADDR, s.day(10, 13), BOOKED, role="Analytics Engineer"))
    _passes(agent, 4, 10, 13, 16)
    [app] = outcomes(store)
    assert (app.company, app.status) == ("Corvid Labs", "interview"), app
    assert not [f for f in followups(store) if f.kind == FollowupKind.CHECK_IN and f.status != "cancelled"]


def test_a_booking_joins_the_application_whose_recruiter_wrote_from_the_organisers_domain(world):
    """Two Nordhafen roles on Lever; Jonas wrote from nordhafen.io in the Backend role's thread. Calendly's booking
    with Jonas as ATTENDEE (the ORGANIZER a shared calendar) names no company and no role: it is the Backend role's
    interview - the only application the recruiter's domain is on record for - not the Data Engineer's."""
    box, agent, store = world
    for mid in (s.NORDHAFEN_BE_ACK, s.NORDHAFEN_DE_ACK, s.JONAS_CALL):
        deliver(box, s.by_id(mid))
    deliver(box, booked("Jonas Petersen", "scheduling@calendly.com", s.day(8, 12), BOOKED,
                        attendees=("jonas.petersen@nordhafen.io",)))
    _passes(agent, 3, 5, 8, 9)
    apps = {a.role: a for a in outcomes(store)}
    assert set(apps) == {"Backend Engineer, Data Platform", "Data Engineer"}, apps
    assert apps["Backend Engineer, Data Platform"].status == "interview", apps
    assert apps["Data Engineer"].status != "interview", apps


def test_a_booking_nothing_ties_is_its_own_application_flagged(world):
    """The organiser on a free-mail address, no role: nothing in the mail says whose interview it is. It stays
    its own application, flagged as a possible duplicate of the open one, for the user to merge."""
    box, agent, store = world
    deliver(box, s.by_id(s.CORVID_ACK))
    deliver(box, booked("Priya Nair", "priya.nair.recruits@gmail.com", s.day(10, 13), BOOKED))
    _passes(agent, 4, 10, 11)
    apps = sorted(outcomes(store), key=lambda a: a.id)
    assert [(a.company, a.possible_duplicate_of) for a in apps] == [("Corvid Labs", None), (None, apps[0].id)], apps


DOMAINS = st.sampled_from(["corvidlabs.io", "nordhafen.io", "tallishealth.com", "labs.io", "corvid.ai", "evil.test"])
KEYS = st.sampled_from(["corvidlabs", "nordhafen", "tallishealth", ""])
ROLES = st.sampled_from(["Analytics Engineer", "Data Engineer", ""])


@given(apps=st.lists(st.tuples(KEYS, ROLES, st.frozensets(DOMAINS, max_size=2), st.booleans()), min_size=1,
                     max_size=5), domains=st.lists(DOMAINS, max_size=3), role=ROLES)
def test_a_booking_joins_only_an_application_its_people_or_its_role_tie_it_to(apps, domains, role):
    """Whatever the applications: a booking joins one only when one of its people's domains is on record for it
    (or spells its company, none being on record), or - nothing tying any - it is the one open application of
    the role named whose company wrote from no domain; never one whose company wrote from other domains."""
    rows = [Candidate(id=n + 1, role_key=role_key(r), updated_at=f"2027-01-{n + 10}", open=o, company_key=k,
                      domains=d) for n, (k, r, d, o) in enumerate(apps)]
    link = booking(domains=domains, role=role or None, candidates=rows)
    joined = next((c for c in rows if c.id == link.application_id), None)
    if joined is None:
        assert link.reason == LinkReason.NEW
        return
    on_record = bool(set(domains) & joined.domains)
    spelled = not joined.domains and any(joined.company_key.startswith(d.split(".")[0]) and len(d.split(".")[0]) >= 4
                                         for d in domains)
    by_role = bool(role) and joined.role_key == role_key(role) and joined.open and not (joined.domains and domains)
    assert on_record or spelled or by_role, (link, joined)
    assert not joined.domains or not domains or on_record, (link, joined)


def test_the_hint_of_a_flagged_booking_says_nothing_ties_it():
    out = io.StringIO()
    _duplicates_hint([{"application_id": 1, "company": "Corvid Labs", "role": "Analytics Engineer",
                       "possible_duplicate_of": None, "account": "default"},
                      {"application_id": 2, "company": None, "role": None, "possible_duplicate_of": 1,
                       "account": "default"}], out)
    assert out.getvalue() == ("application 2 (-) may be a duplicate of #1: it names no company, and nothing in it "
                              "ties it to an application; if it is, onward merge 1 2\n")


ORGANISERS = st.sampled_from(["priya.nair@corvidlabs.io", "tom@corvidlabs.io", "priya@evil.test",
                              "priya.nair@gmail.com", "careers@corvidlabs.io", s.ME_ADDR])


@given(organiser=ORGANISERS, tied=st.frozensets(st.sampled_from(["corvidlabs.io", "evil.test", "gmail.com"])),
       relay=st.booleans())
def test_a_bookings_organiser_is_thanked_only_on_the_domain_that_tied_it(organiser, tied, relay):
    """Behind a relay, a booking's ORGANIZER that the mail does not name is written to only when it is a person on a
    domain that tied the booking to its application - never the user, a role account, free mail, or elsewhere; a
    company's own From is weighed as ever (the organiser on its domain)."""
    sender = CALENDLY if relay else "Corvid Labs <no-reply@corvidlabs.io>"
    email = parse_message(s.mail(sender, "Confirmed: 30 Minute Meeting", s.day(9), "<x@calendly.com>", "Booked.\n"))
    choice = recipient_rule(email, Address("Priya", organiser), frozenset({s.ME_ADDR}), company_domains=tied)
    domain = organiser.rpartition("@")[2]
    person = organiser not in (s.ME_ADDR,) and not organiser.startswith("careers@") and domain != "gmail.com"
    expected = person and (domain in tied if relay else domain == "corvidlabs.io")
    assert (choice.contact is not None and choice.contact.email == organiser) == expected, choice
