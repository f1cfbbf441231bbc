"""A second check-in refers to the first only when the first was of its own stage: the check-in after the
interview does not say "I wrote to you on 20 October following my interview" when the check-in sent on 20
October asked about the application, before any interview (agent/followups/facts.py:read)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from agent.followups.user_actions import apply
from agent.record.followup_rows import FollowupKind, FollowupStatus
from tests import followup_samples as fs
from tests.unit.memory_world import deliver, followups, memory_world

T0 = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)  # a Monday
BILL = "bill@initech.example"


def _check_ins(store):  # noqa: ANN001
    return sorted((f for f in followups(store) if f.kind == FollowupKind.CHECK_IN), key=lambda f: f.id)


def _sent(agent, store, fid: int, at: datetime) -> None:  # noqa: ANN001
    """What `onward followups sent ID --at AT` does."""
    with store.transaction() as conn:
        apply(store, conn, agent.settings.followup, fid, "sent", at, {"sent_at": at})


def _body(box, fu) -> str:  # noqa: ANN001
    """The text of ``fu``'s draft in Drafts."""
    [raw] = [r for r in box.raw_messages("Drafts") if f"Message-ID: {fu.draft_message_id}".encode() in r]
    return raw.decode().split("\r\n\r\n", 1)[1]


def test_the_check_in_after_the_interview_does_not_refer_to_one_about_the_application(tmp_path, model):
    box, agent, store = memory_world(tmp_path, model, followup={"max_check_ins": 2})
    try:
        deliver(box, fs.role_ack("Initech", "QA Lead", T0, "<a1@initech.example>"))
        agent.run_pass(T0 + timedelta(hours=1))
        agent.run_pass(T0 + timedelta(days=15))  # the check-in after the application is saved...
        [first] = _check_ins(store)
        _sent(agent, store, first.id, T0 + timedelta(days=15, hours=1))  # ...and sent
        start = T0 + timedelta(days=20)
        deliver(box, fs.invitation("Initech", "QA Lead", "Bill L", BILL, T0 + timedelta(days=16),
                                   "<i1@initech.example>", start=start, uid="ev-1"))
        agent.run_pass(T0 + timedelta(days=16, hours=1))
        agent.run_pass(start + timedelta(days=16))  # silence after the interview
        first, after = _check_ins(store)
        assert (after.template, after.status) == ("check_in/after_interview", FollowupStatus.DRAFTED)
        body = _body(box, after)
        assert "I wrote to you" not in body and "Thank you again for the interview on 25 October" in body
    finally:
        store.close()


def test_the_second_check_in_after_the_interview_refers_to_the_first_after_it(tmp_path, model):
    box, agent, store = memory_world(tmp_path, model, followup={"max_check_ins": 2})
    try:
        start = T0 + timedelta(days=4)
        deliver(box, fs.invitation("Initech", "QA Lead", "Bill L", BILL, T0, "<i1@initech.example>", start=start,
                                   uid="ev-1"))
        agent.run_pass(T0 + timedelta(hours=1))
        agent.run_pass(start + timedelta(days=16))  # the first check-in after the interview is saved...
        [first] = _check_ins(store)
        sent = start + timedelta(days=16, hours=1)
        _sent(agent, store, first.id, sent)  # ...and sent
        agent.run_pass(sent + timedelta(days=16))
        _first, second = _check_ins(store)
        assert second.status == FollowupStatus.DRAFTED
        assert "I wrote to you on 25 October following my interview" in _body(box, second)
    finally:
        store.close()
