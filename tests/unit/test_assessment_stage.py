"""The assessment stage in the pure rules: status order, check-ins and ghosting after a test invitation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from agent.config import FollowupSettings
from agent.followups.plan import check_ins
from agent.followups.reconcile import ghosted
from agent.followups.rules import Stage
from agent.record.appfacts import AppFacts, EventFact
from agent.record.rules import (
    JOB_LABELS,
    LABEL_STATUS,
    AppStatus,
    Disposition,
    Label,
    Verdict,
    decide_disposition,
)

SENT = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)  # a Monday


def _facts(status: str = AppStatus.ASSESSMENT, *, skipped: frozenset[str] = frozenset()) -> AppFacts:
    """An application whose one email, at SENT, invited to an assessment."""
    invite = EventFact(message_id="<t1@x.example>", label=Label.ASSESSMENT, at=SENT, recorded_at=SENT,
                       subject="Your coding test", references_json="[]", contact=None, contact_source="",
                       contact_reason=None)
    return AppFacts(id=1, account="default", company="Ironbark", role="Backend Engineer", status=status,
                    updated_at=SENT, created_at=SENT, language="en", contact=None, applied_at=None, interview=None,
                    interview_cancelled_by=None, events=(invite,), skipped=skipped)


def test_assessment_is_a_job_label_and_its_own_status():
    assert Label.ASSESSMENT == "assessment" and AppStatus.ASSESSMENT == "assessment"
    assert Label.ASSESSMENT in JOB_LABELS and LABEL_STATUS[Label.ASSESSMENT] == AppStatus.ASSESSMENT
    assert decide_disposition(Verdict("assessment", 0.9, 0.01), 0.7, 0.5) == Disposition.EVENT
    assert decide_disposition(Verdict("assessment", 0.4, 0.01), 0.7, 0.5) == Disposition.REVIEW


def test_silence_after_an_assessment_gets_a_check_in_like_any_open_stage():
    settings = FollowupSettings(timezone="Europe/Berlin", hours=(9, 17), check_in_days=14, max_check_ins=1)
    [ci] = check_ins(_facts(), SENT + timedelta(days=1), settings)
    assert ci.answered_at == SENT and ci.due >= SENT + timedelta(days=14)
    # the wording after a test is the after-application one: there was no interview to thank for
    assert ci.stage == Stage.AFTER_APPLICATION and ci.template == "check_in/after_application"
    # one skipped counts against max_check_ins: no second one, however long the silence
    later = check_ins(_facts(skipped=frozenset({ci.slot})), SENT + timedelta(days=60), settings)
    assert [c.slot for c in later] == [ci.slot]


def test_an_assessment_goes_quiet_into_no_response():
    assert ghosted(_facts(), SENT + timedelta(days=31), days=30)
    assert not ghosted(_facts(), SENT + timedelta(days=29), days=30)


# -- through a real pass: the in-memory mailbox, a real SQLite file and the shipped model ---------------

def test_an_assessment_invitation_through_a_pass_sets_the_stage_then_a_check_in_then_the_interview(
        tmp_path, model):
    from agent.demo import samples
    from agent.followups.rules import FollowupKind
    from tests.unit.memory_world import deliver, memory_world

    box, agent, store = memory_world(tmp_path, model, timezone="Europe/Berlin", lookback_days=90)
    try:
        sent = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # a Monday
        deliver(box, samples.build_email(
            from_="Ironbark Recruiting <no-reply@greenhouse.io>", to=samples.USER,
            subject="Next step: your coding assessment for Backend Engineer", date=sent,
            message_id="<t1@ironbark.example>",
            body=("Hi Alex,\n\nThanks for your interest in the Backend Engineer role at Ironbark. As the next step "
                  "we'd like you to complete a 90-minute HackerRank coding test. The link below stays open for "
                  "seven days: https://www.hackerrank.com/test/ironbark-be\n\nGood luck!\nIronbark Recruiting\n")))
        agent.run_pass(sent + timedelta(hours=1))
        with store.transaction() as conn:
            [app] = store.list_outcomes(conn)
            assert store.list_followups(conn) == []  # a check-in gets a row once due
        assert app.status == AppStatus.ASSESSMENT
        agent.run_pass(sent + timedelta(days=15), draft=False)
        with store.transaction() as conn:
            [fu] = store.list_followups(conn)
        assert (fu.kind, fu.template) == (FollowupKind.CHECK_IN, "check_in/after_application")
        assert fu.due_at >= (sent + timedelta(days=14)).isoformat()
        later = sent + timedelta(days=16)
        deliver(box, samples.interview("Ironbark", "Backend Engineer", "Maya Chen", "maya@ironbark.example", later,
                                       "<i1@ironbark.example>"))
        agent.run_pass(later + timedelta(hours=1))
        with store.transaction() as conn:
            [app] = store.list_outcomes(conn)
        assert app.status == AppStatus.INTERVIEW
    finally:
        store.close()
