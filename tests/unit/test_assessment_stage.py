"""The assessment stage in the pure rules: status order, check-ins and ghosting after a test invitation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from agent.followups import kinds
from agent.followups.rules import Stage
from agent.record.rules import JOB_LABELS, LABEL_STATUS, AppStatus, Disposition, Label, Verdict, decide_disposition

SENT = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)  # a Monday


def _timeline(status: str, **kw) -> kinds.Timeline:
    base = {"last_news": SENT, "applied_at": None, "interview_end": None, "check_ins": 0, "last_check_in": None,
            "open_check_in": False}
    base.update(kw)
    return kinds.Timeline(status=status, **base)


def test_assessment_is_a_job_label_and_its_own_status():
    assert Label.ASSESSMENT == "assessment" and AppStatus.ASSESSMENT == "assessment"
    assert Label.ASSESSMENT in JOB_LABELS and LABEL_STATUS[Label.ASSESSMENT] == AppStatus.ASSESSMENT
    assert decide_disposition(Verdict("assessment", 0.9, 0.01), 0.7, 0.5) == Disposition.EVENT
    assert decide_disposition(Verdict("assessment", 0.4, 0.01), 0.7, 0.5) == Disposition.REVIEW


def test_silence_after_an_assessment_gets_a_check_in_like_any_open_stage():
    t = _timeline(AppStatus.ASSESSMENT)
    assert kinds.check_in_anchor(t) == SENT
    due = kinds.check_in_due(t, days=14, max_check_ins=1, tz=ZoneInfo("Europe/Berlin"), hours=(9, 17))
    assert due is not None and due >= SENT + timedelta(days=14)
    # the wording after a test is the after-application one: there was no interview to thank for
    assert kinds.check_in_stage(t) == Stage.AFTER_APPLICATION
    assert kinds.check_in_due(_timeline(AppStatus.ASSESSMENT, check_ins=1), days=14, max_check_ins=1,
                              tz=ZoneInfo("UTC"), hours=(9, 17)) is None


def test_an_assessment_goes_quiet_into_no_response():
    t = _timeline(AppStatus.ASSESSMENT)
    assert kinds.ghosted(t, days=30, now=SENT + timedelta(days=31))
    assert not kinds.ghosted(t, days=30, now=SENT + timedelta(days=29))
    assert AppStatus.ASSESSMENT in kinds.OPEN_STAGES


# -- through a real pass: the in-memory mailbox, a real SQLite file and the shipped model ---------------

def test_an_assessment_invitation_through_a_pass_sets_the_stage_then_a_check_in_then_the_interview(
        tmp_path, model):
    from agent.followups.rules import FollowupKind
    from agent.testing import samples
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
            [fu] = store.list_followups(conn)
        assert app.status == AppStatus.ASSESSMENT
        assert (fu.kind, fu.template) == (FollowupKind.CHECK_IN, "check_in/after_application")
        assert fu.due_at >= (sent + timedelta(days=14)).isoformat()
        later = sent + timedelta(days=5)
        deliver(box, samples.interview("Ironbark", "Backend Engineer", "Maya Chen", "maya@ironbark.example", later,
                                       "<i1@ironbark.example>"))
        agent.run_pass(later + timedelta(hours=1))
        with store.transaction() as conn:
            [app] = store.list_outcomes(conn)
        assert app.status == AppStatus.INTERVIEW
    finally:
        store.close()
