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
from agent.record.contacts import sender_key, shared_sender
from agent.record.linking import Candidate, CompanySource, choose, role_key
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
    for mid in (s.ALDER_ACK, s.VOSSBERG_ACK, s.VOSSBERG_NO):
        deliver(box, s.by_id(mid))
    _passes(agent, 26, 33, 40, 56)
    apps = {a.company: a for a in outcomes(store)}
    assert set(apps) == {"Alder Pharma GmbH", "Vossberg Chemie"}, apps
    assert apps["Vossberg Chemie"].status == "rejected", apps
    assert apps["Alder Pharma GmbH"].status in ("applied", "no_response"), apps
    alder = [f for f in followups(store) if f.application_id == apps["Alder Pharma GmbH"].id]
    assert not [f for f in alder if f.kind == FollowupKind.REJECTION_THANKS], alder


def test_a_relay_signed_by_a_team_word_still_joins_the_one_companys_mail_naming_no_company(world):
    """The same relay and signature, one company on it: Alder's no that names neither company nor role is its news,
    as before - the signature is shared, not worthless."""
    box, agent, store = world
    deliver(box, s.by_id(s.ALDER_ACK))
    deliver(box, s.mail(s.SF_TEAM, "Ihre Bewerbung", s.day(30, 10), "<sf-alder-2@successfactors.eu>",
                        "Sehr geehrte/r Alex Doe,\n\nvielen Dank für Ihre Bewerbung. Leider müssen wir Ihnen mitteilen, "
                        "dass wir uns für andere Bewerber entschieden haben.\n\nMit freundlichen Grüßen\nIhr "
                        "Recruiting-Team\n"))
    _passes(agent, 26, 30, 40)
    [app] = outcomes(store)
    assert (app.company, app.status) == ("Alder Pharma GmbH", "rejected"), app


TEAM_NAMES = st.sampled_from(["Talent Acquisition", "Recruiting Team", "Careers", "HR", "Personalabteilung",
                              "Human Resources", "Équipe Recrutement", "Hiring Team", "Talent Team", "Recruitment",
                              "Ihr Recruiting-Team", "No Reply", "Do not reply"])
RELAY_ADDRESSES = st.sampled_from([s.SUCCESSFACTORS, s.GREENHOUSE, s.WORKDAY, s.PERSONIO, s.ICIMS, s.RECRUITEE,
                                   s.TEAMTAILOR, s.ASHBY, s.LEVER, s.SMARTRECRUITERS])


@given(name=TEAM_NAMES, address=RELAY_ADDRESSES)
def test_a_relay_signed_by_a_team_word_is_a_sender_many_companies_share(name, address):
    assert shared_sender(Address(name, address))
    assert not shared_sender(Address(name, "talent@alder-pharma.de"))  # a company's own address is its own


@given(company=st.sampled_from(["Brightwave", "Tallis Health", "Meridian Bank", "Kranich Mobility GmbH",
                                "Brightwave Hiring Team", "Jonas Petersen"]), address=RELAY_ADDRESSES)
def test_a_relay_signed_with_a_name_is_that_senders_own(company, address):
    assert sender_key(Address(company, address)).startswith(f"relay:{address}|")
    assert not shared_sender(Address(company, address))


COMPANY_KEYS = st.sampled_from(["alderpharma", "vossbergchemie", "halvorsenenergy", ""])
ROLE_KEYS = st.sampled_from(["Data Analyst", "Energy Data Analyst", ""])


@given(apps=st.lists(st.tuples(COMPANY_KEYS, ROLE_KEYS, st.booleans()), min_size=1, max_size=5),
       company=COMPANY_KEYS.filter(bool), role=ROLE_KEYS)
def test_a_shared_sender_never_joins_another_companys_application(apps, company, role):
    """Whatever the applications behind a shared relay signature, an email naming its company joins one of that
    company (or of none yet) - never another company's."""
    rows = [Candidate(id=n + 1, role_key=role_key(r), updated_at=f"2027-01-{n + 10}", open=o, company_key=k)
            for n, (k, r, o) in enumerate(apps)]
    link = choose(thread_app=None, role=role or None, source=CompanySource.TEXT, sender_domain="",
                  candidates=[c for c in rows if c.company_key == company], same_sender=rows, company_key=company,
                  shared_sender=True)
    joined = next((c for c in rows if c.id == link.application_id), None)
    assert joined is None or joined.company_key in (company, ""), (link, joined)
