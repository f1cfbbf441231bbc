"""A job seeker who applies almost only through applicant-tracking systems and job boards (the mail:
``tests/ats_story.py``): relays that write for many companies from one address. Real passes over the
in-memory mailbox, a real SQLite file and the real model; the pure rules beside. The same story against a real
Dovecot and the CLI: ``tests/integration/test_ats_user.py``."""

from __future__ import annotations

import contextlib
import email
import email.policy
import io
import json
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.cli import main
from agent.followups.rules import FollowupKind
from agent.mail.memory import MemoryMailbox
from agent.mail.types import Address
from agent.extract.relays import relay_for_domain
from agent.record.contacts import another_ats, sender_key, shared_sender
from agent.record.linking import Candidate, CompanySource, LinkReason, applies_again, choose, role_key
from agent.pipeline import Agent
from tests import ats_story as s
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


# -- two recruiters at two companies who sign a relay with the same first name ---------------------------------------

SARAH = f"Sarah <{s.LEVER}>"


def test_two_recruiters_signing_a_relay_with_one_first_name_are_two_senders(world):
    """Sarah at Nordhafen and Sarah at Fjord Studio both write through Lever's no-reply as "Sarah", Alex applied
    for Data Engineer at both: Fjord's no is Fjord's, not news of Nordhafen's application."""
    box, agent, store = world
    deliver(box, s.mail(SARAH, "Thanks for applying to Nordhafen", s.day(1, 10), "<lever-sarah-1@hire.lever.co>",
                        "Hi Alex,\n\nThank you for applying for the Data Engineer position at Nordhafen. We have "
                        "received your application and will review it shortly.\n\nSarah\nNordhafen\n"))
    deliver(box, s.mail(SARAH, "Your application to Fjord Studio", s.day(3, 10), "<lever-sarah-2@hire.lever.co>",
                        "Hi Alex,\n\nThank you for your interest in the Data Engineer position at Fjord Studio. After "
                        "careful review, we have decided not to move forward with your application.\n\nBest wishes,\n"
                        "Sarah\nFjord Studio\n"))
    _passes(agent, 1, 3, 5)
    apps = {a.company: a for a in outcomes(store)}
    assert set(apps) == {"Nordhafen", "Fjord Studio"}, apps
    assert apps["Nordhafen"].status == "applied" and apps["Fjord Studio"].status == "rejected", apps


@given(name=st.sampled_from(["Sarah", "Jonas Petersen", "Priya", "Alex from the team"]), address=RELAY_ADDRESSES,
       company=st.sampled_from(["nordhafen", "fjordstudio", "corvidlabs"]))
def test_a_relay_signed_by_a_person_is_shared_when_the_email_names_a_company(name, address, company):
    """Behind a relay, a signature that is not the company the email names is a recruiter's, and another company's
    recruiter may sign alike: the company named decides. A signature that is that company's stays its own."""
    assert shared_sender(Address(name, address), company)
    assert not shared_sender(Address(name, address))  # naming no company: the sender's one application, as before
    assert not shared_sender(Address({"nordhafen": "Nordhafen", "fjordstudio": "Fjord Studio Hiring",
                                      "corvidlabs": "Corvid Labs"}[company], address), company)
    assert not shared_sender(Address(name, f"talent@{company}.com"), company)  # a company's own address


# -- applying again through another applicant-tracking system ------------------------------------------------------

HALVORSEN_SF = "Halvorsen Energy Careers <noreply@successfactors.eu>"


def _halvorsen_again(days: float) -> bytes:
    """Halvorsen Energy's acknowledgement through SuccessFactors, ``days`` into the story."""
    return s.mail(HALVORSEN_SF, "Halvorsen Energy - your application for Energy Data Analyst", s.day(days, 10),
                  f"<sf-halv-{days}@successfactors.eu>",
                  "Dear Alex Doe,\n\nThank you for your application for the position Energy Data Analyst (Job ID 48213) "
                  "at Halvorsen Energy. We have received it and will review it carefully.\n\nKind regards,\n"
                  "Halvorsen Energy Recruiting\n")


def test_applying_again_through_another_ats_days_after_the_no_is_a_new_application(world):
    """Halvorsen said no through SmartRecruiters on day 8; the role reopened on its new SuccessFactors site and Alex
    applied again: its acknowledgement on day 19, eleven days after the no, is no late acknowledgement of the old
    application (that would come from SmartRecruiters) - it is a new application, with its own check-in, and the
    old rejection's thank-you stays (the company did not write again in its thread)."""
    box, agent, store = world
    for mid in (s.HALVORSEN_ACK, s.HALVORSEN_NO):
        deliver(box, s.by_id(mid))
    deliver(box, _halvorsen_again(19))
    _passes(agent, 2, 8, 19, 25, 30, 36)
    apps = sorted(outcomes(store), key=lambda a: a.id)
    assert [(a.company, a.status) for a in apps] == [("Halvorsen Energy", "rejected"), ("Halvorsen Energy", "applied")]
    fus = followups(store)
    [thanks] = [f for f in fus if f.kind == FollowupKind.REJECTION_THANKS]
    assert thanks.application_id == apps[0].id and thanks.status == "needs_recipient", thanks
    [check_in] = [f for f in fus if f.kind == FollowupKind.CHECK_IN]
    assert check_in.application_id == apps[1].id, check_in


def test_the_same_ats_late_acknowledgement_still_joins(world):
    """SmartRecruiters' own acknowledgement read three days after its no is that application's, as before."""
    box, agent, store = world
    late = s.mail(f"Halvorsen Energy <{s.SMARTRECRUITERS}>", "Thank you for your application: Energy Data Analyst",
                  s.day(11, 10), "<sr-halv-late@smartrecruiters.com>",
                  "Hi Alex,\n\nThank you for applying for the Energy Data Analyst position at Halvorsen Energy. We "
                  "have received your application and are currently reviewing it.\n\nBest regards,\nHalvorsen Energy "
                  "Talent Acquisition\n")
    for raw in (s.by_id(s.HALVORSEN_NO), late):
        deliver(box, raw)
    _passes(agent, 8, 11, 30)
    [app] = outcomes(store)
    assert app.status == "rejected", app


@given(gap=st.integers(0, 40), same_ats=st.booleans())
def test_an_acknowledgement_through_another_ats_after_a_no_is_applying_again(gap, same_ats):
    rejected = s.day(8)
    again = applies_again(acknowledgement=True, reason=LinkReason.ROLE, rejected_at=[rejected],
                          received=rejected + timedelta(days=gap), another_ats=not same_ats)
    assert again == (not same_ats or gap >= 14)
    before = applies_again(acknowledgement=True, reason=LinkReason.ROLE, rejected_at=[rejected],
                           received=rejected - timedelta(days=gap + 1), another_ats=True)
    assert not before  # dated before the no: the application's own acknowledgement, read late


@given(ack=RELAY_ADDRESSES, earlier=st.lists(RELAY_ADDRESSES, min_size=1, max_size=3))
def test_another_ats_is_one_the_applications_mail_never_came_through(ack, earlier):
    senders = [(None, sender_key(Address("Halvorsen Energy", a))) for a in earlier]
    vendor = relay_for_domain(ack.rpartition("@")[2])
    assert vendor is not None
    expected = all(relay_for_domain(a.rpartition("@")[2]) != vendor for a in earlier)
    assert another_ats(Address("Halvorsen Energy", ack), senders) == expected
    assert not another_ats(Address("Halvorsen Energy", ack), [(None, "halvorsen-energy.com")])  # its own domain
    assert not another_ats(Address("Halvorsen Energy", "jobs@halvorsen-energy.com"), senders)


# -- a recruiter writing personally in the relay's thread ----------------------------------------------------------

def test_the_thank_you_after_a_relays_no_goes_to_the_recruiter_who_wrote_in_its_thread(world):
    """Tallis Health's recruiter asked a question from her own address in Greenhouse's thread (no job news: the
    model reads it as none); Greenhouse's no-reply then says no. The thank-you goes to Hannah - the last human who
    wrote in the application's thread - not to nobody."""
    box, agent, store = world
    for raw in (s.by_id(s.TALLIS_ACK), s.by_id(s.HANNAH_ASKS), s.by_id(s.TALLIS_NO)):
        deliver(box, raw)
    _passes(agent, 0, 6, 16, 40)
    [thanks] = [f for f in followups(store) if f.kind == FollowupKind.REJECTION_THANKS]
    assert (thanks.to_name, thanks.to_addr) == ("Hannah Reed", "hannah.reed@tallishealth.com"), thanks
    assert "who wrote earlier in the thread" in (thanks.reason or ""), thanks.reason
    assert (thanks.draft_text or "").startswith("Dear Hannah,"), thanks.draft_text


# -- the whole story -----------------------------------------------------------------------------------------------

class MemoryUser:
    """Alex's mailbox in memory, the daemon's passes and the CLI, in this process."""

    def __init__(self, box: MemoryMailbox, agent: Agent, cfg: Path) -> None:
        self.box, self.agent, self.cfg = box, agent, cfg

    def put(self, folder: str, when: datetime, raw: bytes) -> None:
        self.box.deliver(folder, raw, when)

    def run(self, now: datetime) -> None:
        report = self.agent.run_pass(now)
        assert not report.errors, report

    def drafts(self) -> dict[str, EmailMessage]:
        found = (email.message_from_bytes(raw, policy=email.policy.default) for raw in self.box.raw_messages("Drafts"))
        return {str(m["Message-ID"]): m for m in found}

    def delete_draft(self, message_id: str) -> None:
        held = self.box.folders["Drafts"].messages
        [uid] = [u for u, m in held.items() if f"Message-ID: {message_id}".encode() in m.raw]
        del held[uid]

    def cli_json(self, now: datetime, *args: str) -> Any:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert main(["--config", str(self.cfg), *s.command(now, *args)]) == 0, args
        return json.loads(out.getvalue())


def test_seven_weeks_through_applicant_tracking_systems(tmp_path, model):
    """The whole story (:func:`tests.ats_story.play`), in whole passes over the in-memory mailbox: each application
    once, the right status, no note to a company that said no, every draft to a person of its company or to
    nobody yet, in the rejection's language (:func:`tests.ats_story.check_the_end`)."""
    box, agent, store = memory_world(tmp_path, model, timezone="Europe/Berlin", digest={"enabled": True})
    cfg = tmp_path / "onward.toml"
    cfg.write_text(f'[storage]\ndatabase = "sqlite:///{tmp_path / "onward.db"}"\n'
                   '[followup]\nfrom_address = "alex@example.org"\ntimezone = "Europe/Berlin"\n', encoding="utf-8")
    user = MemoryUser(box, agent, cfg)
    try:
        s.play(user)
        s.check_the_end(user)
    finally:
        store.close()


# -- a held check-in after the merge that ended it ----------------------------------------------------------------

def test_a_held_check_in_says_what_ended_it_after_the_merge(tmp_path, model):
    """Meridian's two roles; both check-ins drafted in the silence; Workday's no naming no role holds both. Alex
    merges it into the Analytics Engineer application: that check-in's reason now says the application was rejected
    (do not send its draft), not "held: ... onward merge" for a merge already done; the other comes back."""
    box, agent, store = memory_world(tmp_path, model, timezone="Europe/Berlin")
    cfg = tmp_path / "onward.toml"
    cfg.write_text(f'[storage]\ndatabase = "sqlite:///{tmp_path / "onward.db"}"\n'
                   '[followup]\nfrom_address = "alex@example.org"\ntimezone = "Europe/Berlin"\n', encoding="utf-8")
    user = MemoryUser(box, agent, cfg)
    try:
        for mid in (s.MERIDIAN_DE_ACK, s.MERIDIAN_AE_ACK, s.MERIDIAN_AE_NO):
            deliver(box, s.by_id(mid))
        for n in (1, 9, 15, 16):
            user.run(s.day(n, 18))
        apps = {a["message_id"]: a for a in user.cli_json(s.day(16, 19), "outcomes")}
        ae, no = apps[s.MERIDIAN_AE_ACK]["application_id"], apps[s.MERIDIAN_AE_NO]["application_id"]
        held = [f for f in user.cli_json(s.day(16, 19), "followups") if f["kind"] == "check_in"]
        assert held and all((f["reason"] or "").startswith("held: ") for f in held), held
        user.cli_json(s.day(16, 20), "merge", str(ae), str(no))
        user.run(s.day(16, 21))
        [check_in] = [f for f in user.cli_json(s.day(16, 22), "followups")
                      if f["kind"] == "check_in" and f["application_id"] == ae]
        assert check_in["status"] == "cancelled", check_in
        assert "onward merge" not in check_in["reason"] and "rejected" in check_in["reason"], check_in
        assert check_in["ended_by"] == s.MERIDIAN_AE_NO, check_in
    finally:
        store.close()
