"""No interview thank-you "looking forward to hearing about the next steps" once the user said the application
was rejected (``onward edit APP --status rejected``: the company said no by phone) after the interview was
known - as a rejection email ends it (agent/followups/plan.py:interview_thanks); a restore brings it back, and
it stays."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from agent.followups.plan import plan
from agent.followups.reconcile import Reconciler
from agent.followups.rules import ENDED_BY_PLAN, REASON_OFFER, REASON_REJECTED, FollowupKind, FollowupStatus
from agent.followups.user_actions import apply
from agent.record.outcomes import Recorder
from agent.record.rules import AppStatus
from tests import followup_samples as fs
from tests.unit.memory_world import deliver, followups, memory_world, outcomes
from tests.unit.test_restore_rounds import SETTINGS, T0, _event, _facts

DAY = timedelta(days=1)


def _thanks(store):  # noqa: ANN001
    return [f for f in followups(store) if f.kind == FollowupKind.INTERVIEW_THANKS]


def test_no_interview_thank_you_is_drafted_once_the_user_says_the_application_was_rejected(tmp_path, model):
    box, agent, store = memory_world(tmp_path, model)
    try:
        deliver(box, fs.role_ack("Initech", "QA Lead", T0, "<a1@initech.example>"))
        agent.run_pass(T0 + timedelta(hours=1))
        [app] = outcomes(store)
        start = T0 + 3 * DAY
        with store.transaction() as conn:  # `onward interview APP --at ...` on day 1, the contact given
            store.update_application(conn, app.id, contact_addr="jane@initech.example")
            Recorder.for_settings(store, agent.settings).set_interview(conn, app.id, start, start + timedelta(hours=1),
                                                                         T0 + DAY)
            Reconciler(store, agent.settings.followup).run(conn, T0 + DAY, [app.id])
        [planned] = _thanks(store)
        assert planned.status == FollowupStatus.SCHEDULED
        said = start + timedelta(hours=1, minutes=30)  # Jane calls after the interview: no
        with store.transaction() as conn:  # what `onward edit APP --status rejected` does
            store.update_application(conn, app.id, status=AppStatus.REJECTED, updated_at=said.isoformat())
            Reconciler(store, agent.settings.followup).run(conn, said, [app.id])
        agent.run_pass(start + timedelta(hours=5))
        [ended] = _thanks(store)
        assert (ended.id, ended.status, ended.ended_by, ended.reason) == \
            (planned.id, FollowupStatus.CANCELLED, ENDED_BY_PLAN, REASON_REJECTED)
        assert box.raw_messages("Drafts") == []

        with store.transaction() as conn:  # the user wants to thank Jane all the same
            apply(store, conn, agent.settings.followup, ended.id, "restore", start + timedelta(hours=6))
        agent.run_pass(start + timedelta(hours=7))
        [restored] = _thanks(store)
        assert restored.status == FollowupStatus.DRAFTED and len(box.raw_messages("Drafts")) == 1
    finally:
        store.close()


@given(said=st.integers(-72, 72), status=st.sampled_from([AppStatus.REJECTED, AppStatus.OFFER, AppStatus.INTERVIEW]),
       rejected_before=st.booleans())
def test_the_users_no_after_the_interview_was_known_ends_its_thank_you(said: int, status: AppStatus,
                                                                       rejected_before: bool) -> None:
    """The interview was known on day 0 (``_facts``); the user's word on the status came ``said`` hours from then.
    Only a "rejected" or an "offer" said after the interview was known ends the thank-you, with the plan as its
    fact - not the status a rejection email dated before the interview was known left (``rejected_before``: an
    interview the user typed after it; its own rule keeps the thank-you)."""
    f = replace(_facts(), status=status, updated_at=T0 + timedelta(hours=said))
    if rejected_before:
        assert f.interview is not None
        f = replace(f, events=(_event("<rej@x.test>", "rejection", T0 - DAY),),
                    interview=replace(f.interview, uid="", message_id=""))
    [thanks] = [d for d in plan(f, T0 + 4 * DAY, SETTINGS) if d.kind == FollowupKind.INTERVIEW_THANKS]
    if status == AppStatus.REJECTED and said > 0 and not rejected_before:
        assert (thanks.ended_by, thanks.ended_reason, thanks.ended_at) == \
            (ENDED_BY_PLAN, REASON_REJECTED, T0 + timedelta(hours=said))
    elif status == AppStatus.OFFER and said > 0:  # an offer by phone: no "next steps" after it either
        assert (thanks.ended_by, thanks.ended_reason, thanks.ended_at) == \
            (ENDED_BY_PLAN, REASON_OFFER, T0 + timedelta(hours=said))
    else:
        assert thanks.ended_by is None
