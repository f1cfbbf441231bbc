"""Check-ins, one silence at a time (agent/followups/plan.py ``check_ins``): the next silence starts when
the last check-in's draft was saved (the moment the user was offered it), at its due time when it ended
without a draft (skipped, or the user wrote after it was due), at the user's own mail written in the
silence before it was due (the silence starts again there: that one was no check-in), or at the next news.
So a pass after days without one saves ONE check-in, never two at once, and ``max_check_ins`` counts every
check-in offered or skipped, or that the user's mail after its due time answered.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import hypothesis.strategies as st
from hypothesis import given, settings

from agent.config import parse_settings
from agent.followups.plan import check_ins
from agent.record.appfacts import AppFacts, EventFact, InterviewFact
from agent.record.followup_rows import FollowupKind, FollowupStatus
from tests import followup_samples as fs
from tests.unit.memory_world import deliver, memory_world

T0 = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)  # a Tuesday
ACK = "<a1@initech.example>"


def _settings(max_check_ins: int):
    s = parse_settings({"imap": {"host": "h", "username": "alex@example.org"},
                        "followup": {"your_name": "Alex", "check_in_days": 14, "max_days": 21}}).followup
    return replace(s, max_check_ins=max_check_ins)  # 3: beyond the config's bound, the rule must not depend on it


def _quiet_application(drafted: tuple[tuple[str, datetime], ...] = (),
                       ended: tuple[tuple[str, datetime | None], ...] = (),
                       skipped: frozenset[str] = frozenset()) -> AppFacts:
    ack = EventFact(message_id=ACK, label="acknowledgement", at=T0, recorded_at=T0, subject="Thank you",
                    references_json="[]", contact=None, contact_source="", contact_reason=None)
    return AppFacts(id=1, account="default", company="Initech", role="QA Lead", status="applied", updated_at=T0,
                    created_at=T0, language="en", contact=None, applied_at=None, interview=None,
                    interview_cancelled_by=None, events=(ack,), skipped=skipped, check_ins_drafted=drafted,
                    check_ins_ended=ended)


@settings(max_examples=80, deadline=None)
@given(max_check_ins=st.integers(1, 3),
       passes=st.lists(st.tuples(st.integers(1, 30 * 24),
                                 st.sampled_from(["draft", "draft", "skip", "user wrote", "wrote early", "off"])),
                       min_size=1, max_size=12))
def test_a_daemon_never_has_two_check_ins_waiting_and_counts_each_offered_or_skipped(max_check_ins, passes):
    """A daemon's passes at random gaps (days without a pass included): each pass creates the check-ins
    the plan calls for and saves their drafts ("draft"), or the user skips them ("skip") or wrote to the
    company (Sent: "user wrote" cancels it without a skip; "wrote early": their mail was written in the
    silence, before the check-in was due), or drafting is off ("off"). Never two check-ins due and waiting
    for their drafts at once, never more than max_check_ins counted (one the user's mail ended before its due
    time is not), each one due check_in_days after the previous one's draft, the user's mail that ended it,
    or its due time when skipped, and none missing: a silence that has lasted gets its check-in."""
    s = _settings(max_check_ins)
    rows: dict[str, dict] = {}  # slot -> {"due", "drafted_at", "ended"}
    now = T0
    for hours, what in passes:
        now += timedelta(hours=hours)
        f = _quiet_application(
            drafted=tuple((slot, r["drafted_at"]) for slot, r in rows.items() if r["drafted_at"]),
            ended=tuple((slot, r["users_mail_at"]) for slot, r in rows.items() if r["ended"]),
            skipped=frozenset(slot for slot, r in rows.items() if r["ended"] == "skip"))
        for d in check_ins(f, now, s):
            if d.slot not in rows and d.materialised and d.due <= now:
                rows[d.slot] = {"due": d.due, "drafted_at": None, "ended": None, "anchor": d.answered_at,
                                "users_mail_at": None}
        waiting = [slot for slot, r in rows.items() if not r["drafted_at"] and not r["ended"]]
        assert len(waiting) <= 1, (now, rows)
        assert sum(not _restarted(r) for r in rows.values()) <= max_check_ins, rows
        last = max((r["drafted_at"] or r["users_mail_at"] or r["due"] for r in rows.values()), default=T0)
        if sum(not _restarted(r) for r in rows.values()) < max_check_ins and not waiting:  # 14 days + a weekend
            assert now - last <= timedelta(days=14 + 4), (now, rows)
        for slot in waiting:
            if what == "draft":
                rows[slot]["drafted_at"] = now
            elif what == "skip":
                rows[slot]["ended"] = what
            elif what == "user wrote":  # the user's mail, written an hour ago, found in Sent
                rows[slot].update(ended=what, users_mail_at=now - timedelta(hours=1))
            elif what == "wrote early":  # their mail, written in the silence, found in Sent once it was due
                r = rows[slot]
                r.update(ended=what, users_mail_at=r["anchor"] + (r["due"] - r["anchor"]) / 2)
    ordered = sorted(rows.values(), key=lambda r: r["due"])
    for before, after in zip(ordered, ordered[1:]):  # each silence starts when the previous one was offered
        if _restarted(before):  # the silence starts again at the user's mail
            assert after["anchor"] == before["users_mail_at"]
        else:
            assert after["anchor"] == max(before["due"], before["drafted_at"] or before["users_mail_at"] or before["due"])
        assert after["due"] - after["anchor"] >= timedelta(days=14)


def _restarted(row: dict) -> bool:
    """Whether the user's own mail, written before the check-in was due, ended it: no check-in then."""
    return row["ended"] in ("user wrote", "wrote early") and row["users_mail_at"] < row["due"]


def test_a_pass_after_weeks_without_one_saves_one_check_in_and_the_next_comes_a_silence_later(tmp_path, model):
    """``max_check_ins = 2``, the daemon off for five weeks after the acknowledgement: the pass that
    comes back saves one check-in (not both silences' at once); the second comes 14 days after it."""
    box, agent, store = memory_world(tmp_path, model, lookback_days=90, followup={"max_check_ins": 2})
    try:
        deliver(box, fs.role_ack("Initech", "QA Lead", T0, ACK))
        agent.run_pass(T0 + timedelta(hours=2))
        back = T0 + timedelta(days=35)
        agent.run_pass(back)
        agent.run_pass(back + timedelta(minutes=5))
        with store.transaction() as conn:
            fus = [f for f in store.list_followups(conn) if f.kind == FollowupKind.CHECK_IN]
        assert [(f.status, f.drafted_at) for f in fus] == [(FollowupStatus.NEEDS_RECIPIENT, back.isoformat())]
        assert len(box.raw_messages("Drafts")) == 1
        for days in (13, 20):
            agent.run_pass(back + timedelta(days=days))
        with store.transaction() as conn:
            first, second = [f for f in store.list_followups(conn) if f.kind == FollowupKind.CHECK_IN]
        assert second.rejected_at == back.isoformat()  # its silence began when the first was offered
        assert datetime.fromisoformat(second.due_at) >= back + timedelta(days=14)
        assert second.draft_message_id and len(box.raw_messages("Drafts")) == 2
    finally:
        store.close()


def _interviewed(max_check_ins: int, offered_before: datetime) -> list:
    """An application whose interview (an update of the invitation) is now on day 20, with a check-in
    already offered on ``offered_before`` for the silence after the interview as first announced (day 5):
    a slot the facts no longer name."""
    ack = EventFact(message_id=ACK, label="acknowledgement", at=T0, recorded_at=T0, subject="Thank you",
                    references_json="[]", contact=None, contact_source="", contact_reason=None)
    invite = EventFact(message_id="<inv@initech.example>", label="interview", at=T0 + timedelta(days=1),
                       recorded_at=T0 + timedelta(days=1), subject="Interview", references_json="[]", contact=None,
                       contact_source="", contact_reason=None)
    moved = InterviewFact(T0 + timedelta(days=20), T0 + timedelta(days=20, hours=1), "ev-1", "<inv@initech.example>",
                          T0 + timedelta(days=18))
    facts = AppFacts(id=1, account="default", company="Initech", role="QA Lead", status="interview", updated_at=T0,
                     created_at=T0, language="en", contact=None, applied_at=None, interview=moved,
                     interview_cancelled_by=None, events=(ack, invite),
                     check_ins_drafted=((f"check_in:{(T0 + timedelta(days=5)).isoformat()}", offered_before),))
    return [d for d in check_ins(facts, T0 + timedelta(days=60), _settings(max_check_ins)) if d.materialised]


def test_a_check_in_offered_for_a_silence_the_moved_interview_undid_still_counts_against_the_maximum():
    """``max_check_ins`` counts every check-in the user was offered: one saved for the silence after the
    interview as first announced, before an update of the invitation moved the interview, is one - with a
    maximum of 1 none comes after the moved interview, with 2 one does."""
    assert _interviewed(1, T0 + timedelta(days=15)) == []
    [after_the_moved_interview] = _interviewed(2, T0 + timedelta(days=15))
    assert after_the_moved_interview.due >= T0 + timedelta(days=20 + 14)
