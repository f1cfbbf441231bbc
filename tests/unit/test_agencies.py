"""A UK job seeker working with two recruitment agencies beside direct applications: Sarah at Harbour Talent puts
them forward to Northbank Insurance (named) and to "a leading retailer" (unnamed: Kestrel Retail, named later with
the client's forwarded invitation), then writes "my client has decided not to progress" naming neither; Tom at
Brightpath puts them forward to Calder Energy, which says no, then writes in that thread about another client's
interview. Real passes over the in-memory mailbox, a real SQLite file and the real model; the pure rules beside."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.cli import main
from agent.config import parse_settings
from agent.demo import samples
from agent.extract import agency
from agent.extract.agency import agency_mail, client_named
from agent.extract.names import strip_quoted
from agent.followups.plan import plan
from agent.followups.rules import REASON_HELD_PREFIX, FollowupKind, FollowupStatus
from agent.mail.calendar import invitation
from agent.mail.parse import parse_message
from agent.mail.types import Address, ParsedEmail
from agent.record.appfacts import AppFacts, EventFact, InterviewFact, PossibleRejection
from agent.record.contacts import CLIENT_ORGANIZER, recipient_rule
from agent.record.linking import Candidate, LinkReason, choose
from tests import followup_samples as fs
from tests.unit.memory_world import deliver, followups, memory_world, outcomes

T0 = datetime(2026, 9, 14, 9, 0, tzinfo=UTC)  # a Monday
SARAH = "Sarah Jones <sarah.jones@harbourtalent.co.uk>"
TOM = "Tom Baker <tom.baker@brightpath-recruitment.co.uk>"
SIGN_SARAH = "\n\nKind regards,\nSarah Jones\nSenior Consultant, Harbour Talent\n"
SIGN_TOM = "\n\nBest,\nTom Baker\nRecruitment Consultant, Brightpath Recruitment\n"


def mail(frm: str, subject: str, body: str, days: float, mid: str, reply: str | None = None,
         cal: str | None = None) -> bytes:
    msg = EmailMessage(policy=SMTP)
    msg["From"], msg["To"], msg["Subject"] = frm, samples.USER, subject
    msg["Date"], msg["Message-ID"] = format_datetime(T0 + timedelta(days=days)), mid
    if reply:
        msg["In-Reply-To"] = msg["References"] = reply
    msg.set_content(body)
    if cal:
        msg.add_alternative(cal, subtype="calendar", params={"method": "REQUEST"})
    return msg.as_bytes()


NORTHBANK = mail(SARAH, "Data Analyst - Northbank Insurance",
                 "Hi Alex,\n\nThanks for sending over your CV. As discussed, I have put you forward to my client "
                 "Northbank Insurance for the Data Analyst position in Manchester. I will be in touch as soon as I "
                 "hear back from them." + SIGN_SARAH, 0, "<s1@harbourtalent.co.uk>")
UNNAMED = mail(SARAH, "Data Engineer opportunity",
               "Hi Alex,\n\nGreat to speak earlier. I have now submitted your CV for the Data Engineer role with my "
               "client, a leading retailer based in Leeds. I will let you know as soon as they respond." + SIGN_SARAH,
               1, "<s2@harbourtalent.co.uk>")
CALDER = mail(TOM, "BI Developer - Calder Energy",
              "Hi Alex,\n\nThanks for your time on the phone. I have submitted your application to Calder Energy for "
              "the BI Developer role. They are reviewing CVs this week and I will come back to you with their "
              "feedback." + SIGN_TOM, 2, "<t1@brightpath-recruitment.co.uk>")
INTERVIEW_AT = T0 + timedelta(days=8, hours=5)
KESTREL_INVITE = mail(SARAH, "Re: Data Engineer opportunity",
                      "Hi Alex,\n\nGood news! My client, Kestrel Retail, would like to invite you to a first interview "
                      "for the Data Engineer role. I have forwarded their calendar invitation below; the video link "
                      "is in it." + SIGN_SARAH, 5, "<s3@harbourtalent.co.uk>", reply="<s2@harbourtalent.co.uk>",
                      cal=fs.ics("kestrel-iv-1", INTERVIEW_AT, INTERVIEW_AT + timedelta(hours=1),
                                 "priya.patel@kestrelretail.co.uk").replace("CN=Recruiter", "CN=Priya Patel"))
CALDER_NO = mail(TOM, "Re: BI Developer - Calder Energy",
                 "Hi Alex,\n\nUnfortunately Calder Energy have decided not to progress your application for the BI "
                 "Developer role; they have gone with a candidate with more Power BI experience. I'm sorry it wasn't "
                 "better news." + SIGN_TOM, 9, "<t2@brightpath-recruitment.co.uk>",
                 reply="<t1@brightpath-recruitment.co.uk>")
VAGUE_NO = mail(SARAH, "Update on your application",
                "Hi Alex,\n\nI'm sorry to let you know that my client has decided not to progress your application at "
                "this stage. Thank you for your time and effort; I will keep you in mind for other suitable roles."
                + SIGN_SARAH, 12, "<s4@harbourtalent.co.uk>")
ASHFORD = mail(TOM, "Re: BI Developer - Calder Energy",
               "Hi Alex,\n\nI know Calder didn't work out, but another of my clients, Ashford Logistics, is hiring a BI "
               "Analyst and they would like to interview you on Thursday at 2pm. Could you let me know if that works "
               "for you?" + SIGN_TOM, 20, "<t3@brightpath-recruitment.co.uk>", reply="<t2@brightpath-recruitment.co.uk>")
CONTOSO = samples.build_email(
    from_="Contoso Careers <careers@contoso.example>", to=samples.USER, subject="Thank you for applying - Data Scientist",
    date=T0 + timedelta(days=2), message_id="<ack@contoso.example>",
    body="Dear Alex,\n\nThank you for applying for the Data Scientist position at Contoso. We have received your "
         "application and our recruiting team will review it shortly.\n\nContoso Talent Team\n")


@pytest.fixture
def world(tmp_path, model):
    yield (made := memory_world(tmp_path, model))
    made[2].close()


@pytest.fixture
def any_world(tmp_path, model, store_url):
    """The in-memory mailbox over a record on each store (SQLite and PostgreSQL)."""
    yield (made := memory_world(tmp_path, model, database=store_url))
    made[2].close()


def _passes(agent, until: datetime, start: datetime = T0 + timedelta(hours=2)) -> None:
    t = start
    while t < until:
        agent.run_pass(t)
        t += timedelta(hours=12)


def _apps(store) -> dict[str, object]:
    return {a.company: a for a in outcomes(store)}


def _sarahs_no_among_two(box, agent, store) -> tuple[object, object, object]:
    """Northbank and Kestrel (invited) open with Sarah, then her "my client has decided not to progress", passes to
    day 30: the applications of Northbank, Kestrel and the rejection."""
    for raw in (NORTHBANK, UNNAMED, KESTREL_INVITE, VAGUE_NO):
        deliver(box, raw)
    _passes(agent, T0 + timedelta(days=30))
    apps = _apps(store)
    return apps["Northbank Insurance"], apps["Kestrel Retail"], apps["Harbour Talent"]


def _cli(tmp_path: Path, *args: str) -> int:
    cfg = tmp_path / "onward.toml"
    cfg.write_text(f'[storage]\ndatabase = "sqlite:///{tmp_path / "onward.db"}"\n'
                   '[followup]\nfrom_address = "alex@example.org"\n', encoding="utf-8")
    return main(["--config", str(cfg), *args])


# -- the whole search, as the user lives it ------------------------------------------------------------------------

def test_six_weeks_with_two_agencies_each_application_under_its_client_and_no_check_in_asks_after_a_no(any_world):
    """Each application under the client the recruiter named, the unnamed one renamed once named; the new client
    Tom wrote of in Calder's old thread its own application (Calder stays rejected, its thank-you kept); Sarah's
    "my client has decided not to progress" naming neither client nor role its own application, flagged, and
    neither of her two open applications asks her for news. On SQLite and PostgreSQL."""
    box, agent, store = any_world
    for raw in (NORTHBANK, UNNAMED, CALDER, CONTOSO, KESTREL_INVITE, CALDER_NO, VAGUE_NO, ASHFORD):
        deliver(box, raw)
    _passes(agent, T0 + timedelta(days=42))
    apps = _apps(store)
    assert set(apps) == {"Northbank Insurance", "Kestrel Retail", "Calder Energy", "Ashford Logistics", "Contoso",
                         "Harbour Talent"}, apps
    assert apps["Calder Energy"].status == "rejected" and apps["Ashford Logistics"].status == "interview"
    assert apps["Ashford Logistics"].role is None  # not Calder's title, read off the old thread's subject
    vague = apps["Harbour Talent"]
    assert vague.status == "rejected" and vague.possible_duplicate_of in (apps["Northbank Insurance"].id,
                                                                          apps["Kestrel Retail"].id)
    by_app = {}
    for f in followups(store):
        by_app.setdefault(f.application_id, []).append(f)
    [calder_thanks] = by_app[apps["Calder Energy"].id]
    assert calder_thanks.kind == FollowupKind.REJECTION_THANKS and calder_thanks.status == FollowupStatus.DRAFTED
    for company in ("Northbank Insurance", "Kestrel Retail"):
        check_ins = [f for f in by_app[apps[company].id] if f.kind == FollowupKind.CHECK_IN]
        assert check_ins and all(f.status == FollowupStatus.CANCELLED and f.draft_message_id is None
                                 and (f.reason or "").startswith(REASON_HELD_PREFIX) for f in check_ins), check_ins
        assert f"onward merge {apps[company].id} {vague.id}" in (check_ins[0].reason or "")
    # the interview thank-you of the client's forwarded invitation: to the interviewer, who was in the interview -
    # and held like the check-ins, since the vague no may be Kestrel's ("I look forward to the next steps" after it)
    [thanks] = [f for f in by_app[apps["Kestrel Retail"].id] if f.kind == FollowupKind.INTERVIEW_THANKS]
    assert (thanks.to_name, thanks.to_addr) == ("Priya Patel", "priya.patel@kestrelretail.co.uk"), thanks
    assert thanks.status == FollowupStatus.CANCELLED and (thanks.reason or "").startswith(REASON_HELD_PREFIX)
    # nothing in Drafts asks Sarah for news
    drafts = [raw.decode("utf-8", "replace") for raw in box.raw_messages("Drafts")]
    assert not any("sarah.jones@harbourtalent.co.uk" in d and "any news" in d.lower() for d in drafts)


def test_a_vague_agency_rejection_merged_into_one_application_lets_the_others_check_in_come(world, tmp_path, capsys):
    """``onward outcomes`` names both of Sarah's applications the rejection may be of; the user decides it was
    Northbank's (``onward merge``). Northbank is rejected, with no check-in; Kestrel's held check-in is scheduled
    again and drafted to Sarah."""
    box, agent, store = world
    northbank, kestrel, vague = _sarahs_no_among_two(box, agent, store)
    now = T0 + timedelta(days=30)
    capsys.readouterr()
    assert _cli(tmp_path, "outcomes") == 0
    [hint] = [line for line in capsys.readouterr().out.splitlines() if "may be a duplicate" in line]
    assert f"#{northbank.id} (Data Analyst)" in hint and f"#{kestrel.id} (Data Engineer)" in hint, hint
    assert "the same sender" in hint and "the same company name" not in hint
    assert _cli(tmp_path, "merge", str(northbank.id), str(vague.id), "--now", now.isoformat()) == 0
    [waiting] = [f for f in followups(store) if f.application_id == kestrel.id and f.kind == FollowupKind.CHECK_IN]
    assert waiting.status == FollowupStatus.SCHEDULED, waiting  # at once: the listing says so before any pass
    _passes(agent, now + timedelta(days=1), start=now + timedelta(hours=1))
    apps = _apps(store)
    assert apps["Northbank Insurance"].status == "rejected" and "Harbour Talent" not in apps
    fus = followups(store)
    assert not [f for f in fus if f.application_id == northbank.id and f.kind == FollowupKind.CHECK_IN
                and f.status != FollowupStatus.CANCELLED]
    [kestrel_check_in] = [f for f in fus if f.application_id == kestrel.id and f.kind == FollowupKind.CHECK_IN]
    assert kestrel_check_in.status == FollowupStatus.DRAFTED, kestrel_check_in
    # after the interview at the client, "any news?" goes to the recruiter, not round the agency to the interviewer
    assert kestrel_check_in.to_addr == "sarah.jones@harbourtalent.co.uk"
    # Kestrel's interview thank-you, held with the check-in, is back too: to the interviewer, who was in the interview
    [thanks] = [f for f in fus if f.application_id == kestrel.id and f.kind == FollowupKind.INTERVIEW_THANKS]
    assert thanks.status == FollowupStatus.DRAFTED and "agency's invitation" in (thanks.reason or ""), thanks
    assert (thanks.to_name, thanks.to_addr) == ("Priya Patel", "priya.patel@kestrelretail.co.uk")
    assert "Dear Priya" in (thanks.draft_text or ""), thanks.draft_text


def test_the_vague_rejection_kept_in_a_merge_is_no_longer_flagged_and_holds_nothing(world, tmp_path):
    """``onward merge VAGUE NORTHBANK`` (the other order): the flagged rejection keeps Northbank's mail; the user has
    said which application it is - the flag goes, and Kestrel's check-in is no longer held."""
    box, agent, store = world
    northbank, kestrel, vague = _sarahs_no_among_two(box, agent, store)
    now = T0 + timedelta(days=30)
    assert _cli(tmp_path, "merge", str(vague.id), str(northbank.id), "--now", now.isoformat()) == 0
    [kept] = [a for a in outcomes(store) if a.id == vague.id]
    assert kept.status == "rejected" and kept.possible_duplicate_of is None
    [waiting] = [f for f in followups(store) if f.application_id == kestrel.id and f.kind == FollowupKind.CHECK_IN]
    assert waiting.status == FollowupStatus.SCHEDULED, waiting


def test_a_held_check_in_the_user_restores_is_drafted(world, tmp_path):
    """The user knows the rejection was not Kestrel's: ``followups restore`` brings its check-in back and the next
    pass saves its draft; Northbank's stays held."""
    box, agent, store = world
    northbank, kestrel, _vague = _sarahs_no_among_two(box, agent, store)
    [held] = [f for f in followups(store) if f.application_id == kestrel.id and f.kind == FollowupKind.CHECK_IN]
    now = T0 + timedelta(days=30)
    assert _cli(tmp_path, "followups", "restore", str(held.id), "--now", now.isoformat()) == 0
    _passes(agent, now + timedelta(days=1), start=now + timedelta(hours=1))
    fus = {f.id: f for f in followups(store)}
    assert fus[held.id].status == FollowupStatus.DRAFTED, fus[held.id]
    held_too = [f for f in fus.values() if f.application_id == northbank.id and f.kind == FollowupKind.CHECK_IN]
    assert held_too and all((f.reason or "").startswith(REASON_HELD_PREFIX) for f in held_too)


def test_a_check_in_saved_before_the_vague_rejection_is_marked_do_not_send(world):
    """Northbank's check-in waited in Drafts when Sarah's "my client has decided not to progress" came: sent now
    it might ask about the role she just turned down - it is marked "do not send", with the way to decide."""
    box, agent, store = world
    deliver(box, NORTHBANK)
    deliver(box, mail(SARAH, "Data Engineer - Kestrel Retail",
                      "Hi Alex,\n\nThanks for sending over your CV. As discussed, I have put you forward to my client "
                      "Kestrel Retail for the Data Engineer position in Leeds. I will be in touch as soon as I hear "
                      "back from them." + SIGN_SARAH, 0.5, "<s2b@harbourtalent.co.uk>"))
    _passes(agent, T0 + timedelta(days=16))
    saved = [f for f in followups(store) if f.kind == FollowupKind.CHECK_IN]
    assert len(saved) == 2 and all(f.status == FollowupStatus.DRAFTED for f in saved), saved
    deliver(box, mail(SARAH, "Update on your application",
                      "Hi Alex,\n\nI'm sorry to let you know that my client has decided not to progress your "
                      "application at this stage." + SIGN_SARAH, 16.2, "<s4@harbourtalent.co.uk>"))
    _passes(agent, T0 + timedelta(days=17), start=T0 + timedelta(days=16, hours=8))
    for f in followups(store):
        if f.kind == FollowupKind.CHECK_IN:
            assert f.status == FollowupStatus.CANCELLED and "do not send" in (f.reason or ""), f
            assert (f.reason or "").startswith(REASON_HELD_PREFIX)


def test_an_interview_thank_you_saved_before_the_vague_rejection_is_marked_do_not_send(world):
    """Kestrel's thank-you for the interview waited in Drafts when Sarah's "my client has decided not to progress"
    came: if the no was Kestrel's, "I look forward to the next steps" would answer it - held like the check-ins."""
    box, agent, store = world
    for raw in (NORTHBANK, UNNAMED, KESTREL_INVITE):
        deliver(box, raw)
    _passes(agent, T0 + timedelta(days=10))
    [thanks] = [f for f in followups(store) if f.kind == FollowupKind.INTERVIEW_THANKS]
    assert thanks.status == FollowupStatus.DRAFTED and thanks.to_addr == "priya.patel@kestrelretail.co.uk", thanks
    deliver(box, VAGUE_NO)
    _passes(agent, T0 + timedelta(days=13), start=T0 + timedelta(days=12, hours=8))
    [held] = [f for f in followups(store) if f.kind == FollowupKind.INTERVIEW_THANKS]
    assert held.id == thanks.id and held.status == FollowupStatus.CANCELLED, held
    assert (held.reason or "").startswith(REASON_HELD_PREFIX) and "do not send" in (held.reason or "")


def test_a_vague_agency_rejection_with_one_application_open_is_that_applications(world):
    """With one of Sarah's applications open, "my client has decided not to progress" is its news (as a company's
    rejection naming no role joins its one open application)."""
    box, agent, store = world
    for raw in (NORTHBANK, VAGUE_NO):
        deliver(box, raw)
    _passes(agent, T0 + timedelta(days=20))
    [app] = outcomes(store)
    assert app.company == "Northbank Insurance" and app.status == "rejected"


def test_news_of_one_application_after_the_vague_rejection_lifts_its_hold(world):
    """Kestrel invites Alex to a second interview after the vague rejection: it was not Kestrel's; Northbank's
    check-in stays held."""
    box, agent, store = world
    for raw in (NORTHBANK, UNNAMED, KESTREL_INVITE, VAGUE_NO):
        deliver(box, raw)
    deliver(box, mail(SARAH, "Re: Data Engineer opportunity",
                      "Hi Alex,\n\nKestrel Retail loved meeting you and would like to invite you to a second interview "
                      "next week. Could you send me your availability?" + SIGN_SARAH, 14,
                      "<s5@harbourtalent.co.uk>", reply="<s3@harbourtalent.co.uk>"))
    _passes(agent, T0 + timedelta(days=20))
    apps = _apps(store)
    fus = followups(store)
    assert not any((f.reason or "").startswith(REASON_HELD_PREFIX) for f in fus
                   if f.application_id == apps["Kestrel Retail"].id)
    assert all((f.reason or "").startswith(REASON_HELD_PREFIX) for f in fus
               if f.application_id == apps["Northbank Insurance"].id and f.kind == FollowupKind.CHECK_IN)


# -- the pure rules ----------------------------------------------------------------------------------------------

NAMES = st.from_regex(r"[A-Z][a-z]{3,9}( [A-Z][a-z]{3,9}){0,2}", fullmatch=True)


@settings(max_examples=60, deadline=None)
@given(name=NAMES, lead=st.sampled_from(["My client, {n}, would like", "I have put you forward to my client {n} for",
                                         "another of my clients, {n}, is hiring", "on behalf of our client {n}."]))
def test_the_client_a_recruiter_names_is_the_company(name, lead):
    found = agency_mail("", f"Hi Alex,\n\n{lead.format(n=name)} the role.\n\nBest,\nSarah")
    assert found is not None and found.client == name


@settings(max_examples=60, deadline=None)
@given(words=st.lists(st.sampled_from(["Thank", "you", "for", "applying", "to", "Acme", "our", "team", "clients",
                                       "customers", "we", "serve", "will", "review", "your", "application"]),
                      max_size=30))
def test_an_employers_own_words_are_no_agencys(words):
    """Only the recruiter's client makes mail an agency's: an employer's "our clients" (whom it serves) does not."""
    assert agency_mail("Your application", " ".join(words)) is None


def test_a_client_left_unnamed_is_none():
    for text in ("I have submitted your CV to my client, a leading retailer in Leeds.",
                 "My client has decided not to progress your application.",
                 "mein Kunde hat sich leider gegen Sie entschieden",
                 "notre client a choisi un autre candidat"):
        found = agency_mail("", text)
        assert found is not None and found.client is None, text
    assert client_named("Unser Mandant Muster Technik GmbH sucht") == "Muster Technik GmbH"
    assert client_named("mon client, Lumière Analytics, souhaite vous rencontrer") == "Lumière Analytics"


def _cand(i: int, role: str = "", open_: bool = True, company: str = "") -> Candidate:
    return Candidate(id=i, role_key=role, updated_at=f"2026-09-1{i}", open=open_, company_key=company)


def test_a_vague_agency_email_joins_the_recruiters_one_open_application_or_is_flagged_among_several():
    one = choose(thread_app=None, role=None, source="domain", sender_domain="harbourtalent.co.uk", candidates=[],
                 same_sender=[_cand(1, "dataanalyst", company="northbankinsurance"),
                              _cand(2, "dataengineer", open_=False, company="kestrelretail")],
                 company_key="harbourtalent", vague_agency=True)
    assert (one.application_id, one.reason) == (1, LinkReason.SENDER)
    two = choose(thread_app=None, role=None, source="domain", sender_domain="harbourtalent.co.uk", candidates=[],
                 same_sender=[_cand(1, "dataanalyst", company="northbankinsurance"),
                              _cand(2, "dataengineer", company="kestrelretail")],
                 company_key="harbourtalent", vague_agency=True)
    assert (two.application_id, two.reason, two.possible_duplicate_of) == (None, LinkReason.NEW, 2)
    before = choose(thread_app=None, role=None, source="domain", sender_domain="harbourtalent.co.uk", candidates=[],
                    same_sender=[_cand(1, "dataanalyst", company="northbankinsurance"),
                                 _cand(2, "dataengineer", company="kestrelretail")], company_key="harbourtalent")
    assert before.possible_duplicate_of is None  # as any email: nothing of the company's name to go by


def test_the_same_title_at_another_client_of_the_recruiter_is_another_application():
    link = choose(thread_app=None, role="Data Engineer", source="text", sender_domain="harbourtalent.co.uk",
                  candidates=[], same_sender=[_cand(1, "dataengineer", company="northbankinsurance"),
                                              _cand(2, "", company="harbourtalent")],
                  company_key="kestrelretail", agency_client=True)
    assert link.application_id == 2  # the application under the agency's own name (no client yet), not Northbank's


def _facts(**kw) -> AppFacts:
    ack = EventFact("<ack@a>", "acknowledgement", T0, T0, "Data Analyst", "[]", None, "", None)
    base = dict(id=1, account="default", company="Northbank Insurance", role="Data Analyst", status="applied",
                updated_at=T0, created_at=T0, language="en", contact=None, applied_at=None, interview=None,
                interview_cancelled_by=None, events=(ack,))
    return AppFacts(**{**base, **kw})


@settings(max_examples=80, deadline=None)
@given(days=st.integers(0, 60), now_days=st.integers(15, 120), max_check_ins=st.integers(1, 2))
def test_no_check_in_of_an_application_a_possible_rejection_may_be_is_left_to_draft(days, now_days, max_check_ins):
    """Whenever the possible rejection came, and however long after: every check-in planned from then is ended by
    it (held), and none before it is changed."""
    s = parse_settings({"followup": {"max_check_ins": max_check_ins}}).followup
    at = T0 + timedelta(days=days, hours=3)
    now = T0 + timedelta(days=now_days)
    held = plan(_facts(maybe_rejected=(PossibleRejection("<no@agency>", at, 7),)), now, s)
    free = plan(_facts(), now, s)
    assert [d.slot for d in held] == [d.slot for d in free]
    for h, d in zip(held, free, strict=True):
        assert h.ended_by == "<no@agency>" and h.materialised and (h.ended_reason or "").startswith(REASON_HELD_PREFIX)
        assert "onward merge 1 7" in (h.ended_reason or "") and d.ended_by is None


def test_a_possible_rejection_before_the_applications_news_holds_nothing():
    later = EventFact("<iv@a>", "interview", T0 + timedelta(days=5), T0 + timedelta(days=5), "Interview", "[]", None,
                      "", None)
    f = _facts(events=(_facts().events[0], later),
               maybe_rejected=(PossibleRejection("<no@agency>", T0 + timedelta(days=3), 7),))
    s = parse_settings({}).followup
    assert all(d.ended_by != "<no@agency>" for d in plan(f, T0 + timedelta(days=60), s))


def _invitation_mail(body: str, organizer: str) -> tuple[ParsedEmail, Address]:
    raw = mail(SARAH, "Interview - Data Engineer", body + SIGN_SARAH, 5, "<s9@harbourtalent.co.uk>",
               cal=fs.ics("iv-9", INTERVIEW_AT, INTERVIEW_AT + timedelta(hours=1), organizer))
    inv = invitation(raw)
    assert inv is not None and inv.organizer is not None
    return parse_message(raw), inv.organizer


def test_an_agencys_invitation_is_thanked_to_the_interviewer_the_mail_ties_to_the_client():
    """The ORGANIZER of a recruiter's forwarded invitation is the client's interviewer when the mail ties its domain
    to the client it names; one on a domain the mail does not name (a forged invitation), or any organiser of an
    employer's own recruiter's mail, never takes the thank-you from From."""
    named, org = _invitation_mail("My client, Kestrel Retail, would like to invite you to an interview.",
                                  "priya.patel@kestrelretail.co.uk")
    choice = recipient_rule(named, org, {samples.USER})
    assert choice.contact is not None and choice.contact.email == "priya.patel@kestrelretail.co.uk"
    assert choice.source == CLIENT_ORGANIZER
    forged, org = _invitation_mail("My client, Kestrel Retail, would like to invite you to an interview.",
                                   "priya@kestrel-payments.example")
    assert recipient_rule(forged, org, {samples.USER}).contact.email == "sarah.jones@harbourtalent.co.uk"
    written, org = _invitation_mail("My client would like to meet you; their calendar invitation from "
                                    "nimbus-analytics.com is attached.", "lee@nimbus-analytics.com")
    assert recipient_rule(written, org, {samples.USER}).contact.email == "lee@nimbus-analytics.com"
    own, org = _invitation_mail("We would like to invite you to an interview with Kestrel Retail.",
                                "priya.patel@kestrelretail.co.uk")
    assert recipient_rule(own, org, {samples.USER}).contact.email == "sarah.jones@harbourtalent.co.uk"


@settings(max_examples=40, deadline=None)
@given(days=st.integers(1, 40))
def test_a_check_in_after_the_clients_interview_asks_the_recruiter(days):
    """Whatever the silence after the interview: the check-in goes to the recruiter who wrote before, never to the
    interviewer the forwarded invitation named (the thank-you of that invitation goes to the interviewer)."""
    sarah = Address("Sarah Jones", "sarah.jones@harbourtalent.co.uk")
    priya = Address("Priya Patel", "priya.patel@kestrelretail.co.uk")
    ack = EventFact("<s2@h>", "acknowledgement", T0, T0, "Data Engineer", "[]", sarah, "from", None)
    inv = EventFact("<s3@h>", "interview", T0 + timedelta(days=5), T0 + timedelta(days=5), "Interview", "[]", priya,
                    CLIENT_ORGANIZER, None)
    f = _facts(events=(ack, inv), status="interview", interview=InterviewFact(
        INTERVIEW_AT, INTERVIEW_AT + timedelta(hours=1), "iv", "<s3@h>", T0 + timedelta(days=5)))
    desired = plan(f, INTERVIEW_AT + timedelta(days=14 + days), parse_settings({}).followup)
    by_kind = {d.kind: d for d in desired}
    assert by_kind[FollowupKind.INTERVIEW_THANKS].recipient.address == priya
    assert by_kind[FollowupKind.CHECK_IN].recipient.address == sarah


# the phrases of each shipped language, in any casing - the Kelvin sign for a "k", "ı" and "İ" for an "i" (each an
# ASCII letter to the pattern's (?i)) - inside any text: the quick look for a client word never skips one
_PHRASES = ["my client", "Our Client", "one of my clients", "a client of ours", "THE CLIENT IS", "meinem Kunden",
            "unser Mandant", "unseres Auftraggebers", "notre client", "mes clients", "mijn opdrachtgever", "onze klant",
            "nuestro cliente", "il mio cliente", "un nostro cliente", "meu cliente", "nosso clientes"]


def _spelled(phrase: str, draw: st.DrawFn) -> str:
    out = []
    for ch in phrase:
        variants = [ch, ch.upper(), ch.lower()] + (["\u212a"] if ch in "kK" else []) + (["ı", "İ"] if ch in "iI" else [])
        out.append(draw(st.sampled_from(variants)))
    return "".join(out)


@st.composite
def _texts(draw: st.DrawFn) -> str:
    words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
    phrase = _spelled(draw(st.sampled_from(_PHRASES)), draw) if draw(st.booleans()) else ""
    return f"{draw(words)} {phrase} {draw(words)}"


@settings(max_examples=300, deadline=None)
@given(subject=_texts(), text=_texts())
def test_the_quick_look_for_a_client_word_agrees_with_the_pattern(subject, text):
    own = f"{subject}\n{strip_quoted(text)}"
    assert (agency_mail(subject, text) is not None) == bool(agency._AGENCY_RE.search(own))
