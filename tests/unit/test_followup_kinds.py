"""Issue 11 through real passes, fast: the in-memory mailbox, a real SQLite file, the real model.

Every application its own (two roles at one company), the kinds of follow-up (rejection thanks by
stage, interview thanks from a calendar invitation, check-ins, ghosting), their cancellation, and
drafts in the rejection's language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.parser import BytesParser
from email.policy import default

import pytest

from agent.demo import samples
from agent.followups import kinds
from agent.followups.rules import FollowupKind, FollowupStatus, Stage
from agent.record.rules import AppStatus
from tests import followup_samples as fs
from tests.unit.memory_world import USER, deliver, memory_world

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # a Monday


def _world(tmp_path, model, **followup):
    return memory_world(tmp_path, model, timezone="Europe/Berlin", lookback_days=90, followup=followup)


@pytest.fixture
def world(tmp_path, model, store_url):  # on SQLite and on PostgreSQL
    box, agent, store = memory_world(tmp_path, model, timezone="Europe/Berlin", lookback_days=90, database=store_url)
    yield box, agent, store
    store.close()


def _apps(store):
    with store.transaction() as conn:
        return store.list_outcomes(conn)


def _fus(store):
    with store.transaction() as conn:
        return store.list_followups(conn)


class _Draft:
    def __init__(self, raw: bytes) -> None:
        self.msg = BytesParser(policy=default).parsebytes(raw)

    def __getitem__(self, name):
        return self.msg[name]

    def __contains__(self, name):
        return name in self.msg

    def get_content(self) -> str:
        return self.msg.get_content().replace("\r\n", "\n")


def _drafts(box):
    return [_Draft(raw) for raw in box.raw_messages("Drafts")]


def test_two_roles_at_one_company_are_two_applications_with_two_rejection_drafts(world):
    box, agent, store = world
    deliver(box, fs.role_ack("Globex", "Data Analyst", NOW - timedelta(days=20), "<a1@globex.example>"))
    deliver(box, fs.role_ack("Globex", "Data Engineer", NOW - timedelta(days=19), "<a2@globex.example>"))
    deliver(box, fs.role_rejection("Globex", "Data Engineer", "Hank Scorpio <hank@globex.example>",
                                    NOW - timedelta(days=2), "<r2@globex.example>"))
    deliver(box, fs.role_rejection("Globex", "Data Analyst", "Hank Scorpio <hank@globex.example>",
                                    NOW - timedelta(days=1), "<r1@globex.example>"))
    agent.run_pass(NOW)
    apps = {a.role: a for a in _apps(store)}
    assert set(apps) == {"Data Analyst", "Data Engineer"}
    assert apps["Data Analyst"].status_message_id == "<r1@globex.example>"
    assert apps["Data Engineer"].status_message_id == "<r2@globex.example>"
    # (each also keeps a check-in that fell due before the rejection came, cancelled by it)
    assert {f.status for f in _fus(store) if f.kind == FollowupKind.CHECK_IN} <= {FollowupStatus.CANCELLED}
    fus = [f for f in _fus(store) if f.kind == FollowupKind.REJECTION_THANKS]
    assert sorted(f.application_id for f in fus) == sorted(a.id for a in apps.values())
    assert {f.template for f in fus} == {"rejection_thanks/after_application"}
    assert agent.run_pass(NOW + timedelta(days=30)).drafts_saved == 2
    bodies = [d.get_content() for d in _drafts(box)]
    assert any("Data Analyst" in b for b in bodies) and any("Data Engineer" in b for b in bodies)
    assert not any("interview" in b.lower() for b in bodies)  # application-only: no interviews mentioned


def test_a_resembling_sender_domain_does_not_join_another_application(world):
    box, agent, store = world
    deliver(box, samples.ack("Globex", "Analyst", NOW - timedelta(days=5), "<a1@test>"))
    # no company phrase, no role, no thread: the company comes from globex-corp.com only
    deliver(box, samples.build_email(
        from_="Pat Quinn <pat@globex-corp.com>", to=USER, subject="Quick question", date=NOW - timedelta(days=1),
        message_id="<q1@globex-corp.com>", body="Hi Alex,\n\nWe would like to invite you to an interview next "
        "week. Could you send me a few time slots that work for you?\n\nBest,\nPat Quinn\n"))
    agent.run_pass(NOW)
    apps = _apps(store)
    assert len(apps) == 2, [(a.company, a.role, a.status) for a in apps]


def test_calendar_invitation_gives_a_threaded_interview_thanks_in_time(world):
    box, agent, store = world
    start = datetime(2026, 11, 4, 13, 0, tzinfo=UTC)  # 14:00 in Berlin, ends 15:00 → due 17:00
    deliver(box, fs.invitation("Acme", "Backend Engineer", "Jane Miller", "jane@acme.example",
                                NOW - timedelta(days=1), "<inv1@acme.example>", start=start))
    agent.run_pass(NOW)
    [app] = _apps(store)
    assert (app.interview_start, app.interview_end) == ("2026-11-04T13:00:00+00:00", "2026-11-04T14:00:00+00:00")
    [fu] = [f for f in _fus(store) if f.kind == FollowupKind.INTERVIEW_THANKS]
    assert (fu.kind, fu.template, fu.to_addr, fu.in_reply_to) == (
        FollowupKind.INTERVIEW_THANKS, "interview_thanks/after_interview", "jane@acme.example", "<inv1@acme.example>")
    assert fu.due_at == "2026-11-04T16:00:00+00:00"  # 17:00 local: two hours after the end
    assert agent.run_pass(datetime(2026, 11, 4, 15, 59, tzinfo=UTC)).drafts_saved == 0
    assert agent.run_pass(datetime(2026, 11, 4, 16, 0, tzinfo=UTC)).drafts_saved == 1
    [draft] = _drafts(box)
    assert draft["In-Reply-To"] == "<inv1@acme.example>" and draft["To"].addresses[0].addr_spec == "jane@acme.example"
    assert draft.get_content().startswith("Dear Jane,\n\nThank you for taking the time to speak with me")


def test_an_evening_interview_is_thanked_next_morning(world):
    box, agent, store = world
    start = datetime(2026, 11, 4, 16, 0, tzinfo=UTC)  # 17:00-18:00 Berlin → 20:00 → next morning 09:00
    deliver(box, fs.invitation("Acme", "Backend Engineer", "Jane Miller", "jane@acme.example",
                                NOW - timedelta(days=1), "<inv1@acme.example>", start=start))
    agent.run_pass(NOW)
    [fu] = [f for f in _fus(store) if f.kind == FollowupKind.INTERVIEW_THANKS]
    assert fu.due_at == "2026-11-05T08:00:00+00:00"
    assert not [f for f in _fus(store) if f.kind == FollowupKind.CHECK_IN]  # a check-in gets a row once due
    agent.run_pass(datetime(2026, 11, 19, 9, 0, tzinfo=UTC), draft=False)  # 14 days after the interview
    [check_in] = [f for f in _fus(store) if f.kind == FollowupKind.CHECK_IN]
    assert (check_in.template, check_in.due_at) == ("check_in/after_interview", "2026-11-19T08:00:00+00:00")


def test_invitation_without_a_time_gives_no_thanks_until_the_time_is_set(world):
    box, agent, store = world
    deliver(box, fs.invitation("Acme", "Backend Engineer", "Jane Miller", "jane@acme.example",
                                NOW - timedelta(days=1), "<inv1@acme.example>", start=None))
    agent.run_pass(NOW)
    assert _fus(store) == []
    [app] = _apps(store)
    assert app.status == AppStatus.INTERVIEW and app.interview_start is None
    # no check-in either while the interview's time is unknown: nothing is guessed
    agent.run_pass(NOW + timedelta(days=20))
    assert _fus(store) == []


def test_a_rejection_before_the_interview_thanks_is_due_takes_over(world):
    box, agent, store = world
    start = NOW + timedelta(days=2)
    deliver(box, fs.invitation("Acme", "Backend Engineer", "Jane Miller", "jane@acme.example",
                                NOW - timedelta(days=1), "<inv1@acme.example>", start=start))
    agent.run_pass(NOW)
    deliver(box, samples.rejection("Acme", "Backend Engineer", "Jane Miller <jane@acme.example>",
                                    NOW + timedelta(days=2, hours=1, minutes=30), "<r1@acme.example>",
                                    in_reply_to="<inv1@acme.example>", references=["<inv1@acme.example>"]))
    agent.run_pass(NOW + timedelta(days=2, hours=1, minutes=40))
    fus = {f.kind: f for f in _fus(store)}
    assert fus[FollowupKind.INTERVIEW_THANKS].status == FollowupStatus.CANCELLED
    assert "rejection's thank-you takes over" in fus[FollowupKind.INTERVIEW_THANKS].reason
    assert fus[FollowupKind.REJECTION_THANKS].template == "rejection_thanks/after_interview"


def test_acknowledged_application_gets_one_check_in_then_turns_no_response(world):
    box, agent, store = world
    acked = NOW - timedelta(days=1)
    deliver(box, fs.role_ack("Initech", "QA Lead", acked, "<a1@initech.example>"))
    agent.run_pass(NOW)
    assert _fus(store) == []  # a check-in gets a row once it is due
    assert agent.run_pass(acked + timedelta(days=14, hours=2)).drafts_saved == 0
    assert _fus(store) == []
    assert agent.run_pass(acked + timedelta(days=15, hours=1)).drafts_saved == 1
    [fu] = _fus(store)
    assert (fu.kind, fu.template, fu.in_reply_to) == (FollowupKind.CHECK_IN, "check_in/after_application",
                                                      "<a1@initech.example>")
    assert fu.status == FollowupStatus.NEEDS_RECIPIENT  # the acknowledgement came from a no-reply ATS
    # 14 days after the acknowledgement is a Sunday: the check-in falls on Monday morning, 09:00 Berlin
    assert fu.due_at == "2026-11-16T08:00:00+00:00"
    for days in (20, 30, 44):
        agent.run_pass(acked + timedelta(days=days))
    assert len(_fus(store)) == 1  # at most followup.max_check_ins (1)
    assert _apps(store)[0].status == AppStatus.APPLIED
    agent.run_pass(acked + timedelta(days=45, hours=1))
    assert _apps(store)[0].status == AppStatus.NO_RESPONSE
    # a later email from the company revives it
    later = acked + timedelta(days=50)
    deliver(box, samples.interview("Initech", "QA Lead", "Bill L", "bill@initech.example", later, "<i1@initech.example>"))
    agent.run_pass(later + timedelta(hours=1))
    assert _apps(store)[0].status == AppStatus.INTERVIEW


def test_a_company_email_cancels_a_due_check_in(world):
    box, agent, store = world
    acked = NOW - timedelta(days=20)
    deliver(box, fs.role_ack("Initech", "QA Lead", acked, "<a1@initech.example>"))
    agent.run_pass(NOW, draft=False)
    [fu] = _fus(store)
    assert fu.kind == FollowupKind.CHECK_IN and fu.due_at <= NOW.isoformat() and fu.status != FollowupStatus.CANCELLED
    deliver(box, samples.interview("Initech", "QA Lead", "Bill L", "bill@initech.example",
                                    NOW + timedelta(minutes=5), "<i1@initech.example>"))
    report = agent.run_pass(NOW + timedelta(minutes=10))
    assert report.drafts_saved == 0
    [fu] = _fus(store)
    assert fu.status == FollowupStatus.CANCELLED and "the company wrote" in fu.reason


def test_german_rejection_signed_by_a_person_gets_a_german_draft_to_her(world):
    box, agent, store = world
    deliver(box, fs.german_rejection(NOW - timedelta(days=1), "<de1@muster-technik.de>", interview=False))
    agent.run_pass(NOW)
    [fu] = _fus(store)
    assert (fu.language, fu.to_addr) == ("de", "anna.schmidt@muster-technik.de")
    agent.run_pass(NOW + timedelta(days=30))
    [draft] = _drafts(box)
    body = draft.get_content()
    assert body.startswith("Sehr geehrte Frau Schmidt,\n\nvielen Dank für Ihre Nachricht und dafür, dass Sie meine Bewerbung")
    assert "Mit freundlichen Grüßen\nAlex Doe" in body and "Dear" not in body


def test_french_rejection_gets_a_french_draft(world):
    box, agent, store = world
    deliver(box, fs.french_rejection(NOW - timedelta(days=1), "<fr1@exemple.fr>"))
    agent.run_pass(NOW)
    agent.run_pass(NOW + timedelta(days=30))
    [draft] = _drafts(box)
    assert draft.get_content().startswith("Bonjour Madame Dupont,\n\nMerci d'avoir examiné ma candidature")


@pytest.mark.parametrize("lang, greeting, thanks", [
    ("it", "Gentile Sig.ra Rossi,", "Grazie per aver preso in considerazione la mia candidatura"),
    ("nl", "Geachte heer De Jong,", "Hartelijk dank voor uw bericht en voor de tijd die u aan mijn sollicitatie"),
    ("pt", "Prezada Sra. Costa,", "Agradeço por ter considerado minha candidatura"),  # one person: singular
])
def test_italian_dutch_portuguese_rejections_get_a_draft_in_their_language(world, lang, greeting, thanks):
    """The real model records the rejection, the planner detects its language, and the draft is written
    from that language's template (no interview on record: the after-application stage), to the person
    who signed, greeted in that language."""
    box, agent, store = world
    deliver(box, fs.intl_rejection(lang, NOW - timedelta(days=1), f"<{lang}1@example.org>"))
    agent.run_pass(NOW)
    [fu] = _fus(store)
    assert fu.language == lang and fu.kind == FollowupKind.REJECTION_THANKS
    agent.run_pass(NOW + timedelta(days=30))
    [draft] = _drafts(box)
    body = draft.get_content()
    assert body.startswith(f"{greeting}\n\n{thanks}") and "Alex Doe" in body and "Dear" not in body


def test_needs_recipient_draft_has_an_empty_to_and_no_note(world):
    box, agent, store = world
    deliver(box, samples.rejection("Umbrella", "Analyst", "Umbrella Careers <no-reply@hire.lever.co>",
                                    NOW - timedelta(days=1), "<r2@lever.example>"))
    agent.run_pass(NOW)
    agent.run_pass(NOW + timedelta(days=30))
    [draft] = _drafts(box)
    assert "To" not in draft
    assert draft.get_content().startswith("Dear Hiring Team,\n\n")
    assert "[Onward" not in draft.get_content()


def test_after_application_rejections_can_be_skipped_and_kinds_switched_off(tmp_path, model):
    box, agent, store = _world(tmp_path, model, after_application_rejection="skip", interview_thanks=False,
                               check_in=False)
    try:
        deliver(box, fs.role_rejection("Globex", "Data Analyst", "Hank Scorpio <hank@globex.example>",
                                        NOW - timedelta(days=1), "<r1@globex.example>"))
        deliver(box, fs.invitation("Acme", "Backend Engineer", "Jane Miller", "jane@acme.example",
                                    NOW - timedelta(days=1), "<inv1@acme.example>", start=NOW + timedelta(days=1)))
        agent.run_pass(NOW)
        assert _fus(store) == []
        assert {a.status for a in _apps(store)} == {AppStatus.REJECTED, AppStatus.INTERVIEW}
    finally:
        store.close()


@pytest.mark.parametrize("stage, setting, wanted", [
    (Stage.AFTER_INTERVIEW, "skip", True),      # "skip" is for rejections of an application only
    (Stage.AFTER_INTERVIEW, "draft", True),
    (Stage.AFTER_APPLICATION, "skip", False),
    (Stage.AFTER_APPLICATION, "draft", True),
])
def test_skipping_after_application_rejections_keeps_the_thank_you_after_an_interview(stage, setting, wanted):
    assert kinds.wants_rejection_thanks(stage, after_application_rejection=setting) is wanted
