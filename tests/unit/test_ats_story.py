"""A job seeker who applies almost only through applicant-tracking systems and job boards (the mail:
``tests/ats_story_mail.py``): relays that write for many companies from one address. Real passes over the
in-memory mailbox, a real SQLite file and the real model; the pure rules beside. The same story against a real
Dovecot and the CLI: ``tests/integration/test_ats_user.py``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.followups.rules import FollowupKind
from agent.mail.types import Address
from agent.record.contacts import sender_key
from tests import ats_story_mail as s
from tests.unit.memory_world import deliver, followups, memory_world, outcomes


@pytest.fixture
def world(tmp_path, model):
    yield (made := memory_world(tmp_path, model, timezone="Europe/Berlin"))
    made[2].close()


def _passes(agent, *days: float) -> None:
    for n in days:
        agent.run_pass(s.day(n, 18))


def _apps(store) -> dict[tuple[str, str | None], object]:
    return {(a.company, a.role): a for a in outcomes(store)}


# -- two companies on one relay that sign its mail alike -----------------------------------------------------------

def test_two_companies_signing_a_relay_alike_are_two_applications(world):
    """Alder Pharma and Vossberg Chemie both write through SuccessFactors' one no-reply address as "Talent
    Acquisition", and Alex applied for Data Analyst at both: Vossberg's acknowledgement and its no are Vossberg's -
    not news of Alder's application, which is still open and gets no thank-you for a decision it never made."""
    box, agent, store = world
    mails = {mid: raw for _, raw in s.story() for mid in [raw.split(b"Message-ID: ")[1].split(b"\r\n")[0].decode()]}
    for mid in (s.ALDER_ACK, s.VOSSBERG_ACK, s.VOSSBERG_NO):
        deliver(box, mails[mid])
    _passes(agent, 26, 33, 40, 56)
    apps = {a.company: a for a in outcomes(store)}
    assert set(apps) == {"Alder Pharma GmbH", "Vossberg Chemie"}, apps
    assert apps["Vossberg Chemie"].status == "rejected", apps
    assert apps["Alder Pharma GmbH"].status in ("applied", "no_response"), apps
    alder = [f for f in followups(store) if f.application_id == apps["Alder Pharma GmbH"].id]
    assert not [f for f in alder if f.kind == FollowupKind.REJECTION_THANKS], alder


TEAM_NAMES = st.sampled_from(["Talent Acquisition", "Recruiting Team", "Careers", "HR", "Personalabteilung",
                              "Human Resources", "Équipe Recrutement", "Hiring Team", "Talent Team", "Recruitment",
                              "Ihr Recruiting-Team", "No Reply", "Do not reply"])
RELAY_ADDRESSES = st.sampled_from([s.SUCCESSFACTORS, s.GREENHOUSE, s.WORKDAY, s.PERSONIO, s.ICIMS, s.RECRUITEE,
                                   s.TEAMTAILOR, s.ASHBY, s.LEVER, s.SMARTRECRUITERS])


@given(name=TEAM_NAMES, address=RELAY_ADDRESSES)
def test_a_relay_signed_by_a_team_word_is_no_sender_of_its_own(name, address):
    """Behind a relay, a display name that names nobody (a team, a no-reply) is every company's on that relay: it
    tells no sender apart, as the relay address alone does not."""
    assert sender_key(Address(name, address)) == ""


@given(company=st.sampled_from(["Brightwave", "Tallis Health", "Meridian Bank", "Kranich Mobility GmbH",
                                "Brightwave Hiring Team", "Jonas Petersen"]), address=RELAY_ADDRESSES)
def test_a_relay_signed_with_a_name_keeps_its_sender(company, address):
    assert sender_key(Address(company, address)).startswith(f"relay:{address}|")
