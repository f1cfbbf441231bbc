"""The edges of the plan (agent/followups/plan.py), one rule each, on facts built by hand: the moments a
rule compares (strictly after, or at), what a known interview does to the status of a silence, which
silences a first pass over old mail leaves alone, and why a follow-up is no longer wanted."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from agent.config import FollowupSettings, parse_settings
from agent.followups.plan import Desired, check_ins, interview_slot, interview_thanks, plan, rejection_thanks, \
    unplanned_reason
from agent.followups.rules import FollowupKind, Stage
from agent.mail.types import Address
from agent.record.appfacts import AppFacts, ChosenRecipient, EventFact, InterviewFact, MailFact

T0 = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)  # a Tuesday
JANE = Address("Jane Roe", "jane@initech.example")
BILL = Address("Bill Lumbergh", "bill@initech.example")


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


def _settings(**followup: object) -> FollowupSettings:
    return parse_settings({"imap": {"host": "h", "username": "alex@example.org"},
                           "followup": {"your_name": "Alex", "check_in_days": 7, "max_days": 21,
                                        **followup}}).followup


def _event(mid: str, label: str, at: datetime, *, recorded: datetime | None = None,
           contact: Address | None = None) -> EventFact:
    return EventFact(message_id=mid, label=label, at=at, recorded_at=recorded or at, subject="Your application",
                     references_json="[]", contact=contact, contact_source="from" if contact else "",
                     contact_reason=None)


def _app(*events: EventFact, interview: InterviewFact | None = None, status: str = "applied",
         **more: object) -> AppFacts:
    facts = AppFacts(id=1, account="default", company="Initech", role="QA Lead", status=status, updated_at=T0,
                     created_at=T0, language="en", contact=None, applied_at=None, interview=interview,
                     interview_cancelled_by=None, events=events)
    return replace(facts, **more)  # type: ignore[arg-type]


def _by_hand(start: float, known: float) -> InterviewFact:
    """An interview typed with `onward interview --at`: no email, no calendar UID."""
    return InterviewFact(day(start), day(start) + timedelta(hours=1), "", "", day(known))


def _live_check_ins(f: AppFacts, now: datetime, s: FollowupSettings | None = None) -> list[Desired]:
    """The check-ins due by ``now`` that nothing ended: those a pass at ``now`` drafts."""
    return [d for d in check_ins(f, now, s or _settings()) if d.materialised and d.ended_by is None and d.due <= now]


ACK = _event("<ack@initech.example>", "acknowledgement", T0)


# --- an interview entered by hand is news, and the application is at the interview stage from then on

def test_an_interview_entered_by_hand_ends_the_silence_as_an_invitation_email_would():
    f = _app(ACK, interview=_by_hand(start=20, known=1))
    assert _live_check_ins(f, day(12)) == []
    [before, after] = check_ins(f, day(12), _settings())
    assert (before.ended_by, before.ended_at, before.materialised) == ("interview", day(1), False)
    assert after.answered_at == day(20) + timedelta(hours=1) and after.stage == Stage.AFTER_INTERVIEW


def test_a_test_after_an_interview_entered_by_hand_does_not_move_the_application_back():
    """The assessment email comes after the user typed the interview's time: the application waits for the
    interview, as it would after an invitation email; its check-in follows the interview."""
    by_hand = _app(ACK, _event("<test@initech.example>", "assessment", day(2)), interview=_by_hand(20, known=1))
    assert _live_check_ins(by_hand, day(12)) == []
    [after] = _live_check_ins(by_hand, day(30))
    assert after.stage == Stage.AFTER_INTERVIEW and after.answered_at == day(20) + timedelta(hours=1)


def test_an_interview_entered_after_the_check_in_was_due_ends_it_at_that_moment():
    [ci] = check_ins(_app(ACK, interview=_by_hand(start=20, known=10)), day(12), _settings())
    assert (ci.ended_by, ci.ended_at, ci.ended_reason) == (
        "interview", day(10), "you entered the interview's time (onward interview --at)")
    assert ci.materialised  # due on day 7, before the news: created cancelled, as a pass on day 8 would leave it


def test_an_interview_from_an_invitation_is_not_counted_twice_as_news():
    """Its email is the news; the time it gives is no second fact (its slot is the invitation's)."""
    invite = _event("<inv@initech.example>", "interview", day(1))
    iv = InterviewFact(day(20), day(20) + timedelta(hours=1), "", "<inv@initech.example>", day(1))
    [before, _after] = check_ins(_app(ACK, invite, interview=iv), day(30), _settings())
    assert before.ended_by == "<inv@initech.example>"
    assert interview_thanks(_app(ACK, invite, interview=iv), _settings()).slot == \
        "interview_thanks:<inv@initech.example>"


def test_the_slot_of_an_interview_thank_you():
    assert interview_slot("uid-7", "<inv@x>", T0) == "interview_thanks:uid-7"
    assert interview_slot("", "<inv@x>", T0) == "interview_thanks:<inv@x>"
    assert interview_slot("", "", T0) == "interview_thanks:set:2026-09-01T09:00:00+00:00"  # typed: its round


# --- which rejection ends an interview's thank-you

def test_only_a_rejection_after_the_interview_was_known_ends_its_thank_you():
    iv = _by_hand(start=20, known=5)
    earlier = _event("<r0@initech.example>", "rejection", day(1))
    same_moment = _event("<r1@initech.example>", "rejection", day(5))
    later = _event("<r2@initech.example>", "rejection", day(6))
    s = _settings()
    assert interview_thanks(_app(ACK, earlier, interview=iv), s).ended_by is None  # re-opened: thank them
    assert interview_thanks(_app(ACK, same_moment, interview=iv), s).ended_by is None
    assert interview_thanks(_app(ACK, later, interview=iv), s).ended_by == "<r2@initech.example>"


# --- which company mail ends a rejection's thank-you

def test_only_company_mail_strictly_after_the_rejection_ends_its_thank_you():
    rej = _event("<rej@initech.example>", "rejection", day(3), contact=JANE)
    s = _settings()
    twin = MailFact("<twin@initech.example>", day(3), day(3))  # the same minute: a second copy, not news
    assert rejection_thanks(_app(ACK, rej, thread_mail=(twin,)), s).ended_by is None
    later = MailFact("<later@initech.example>", day(3) + timedelta(seconds=1), day(4))
    assert rejection_thanks(_app(ACK, rej, thread_mail=(later,)), s).ended_by == "<later@initech.example>"


# --- the recipient a check-in keeps

def test_a_company_email_at_the_very_moment_of_the_users_choice_does_not_override_it():
    chosen = ChosenRecipient(slot="check_in:x", at=day(2), address=BILL)
    s = _settings()
    same = _app(ACK, _event("<m@initech.example>", "other", day(2), contact=JANE), recipients_chosen=(chosen,))
    assert [d.recipient.address for d in _live_check_ins(same, day(12), s)] == [BILL]
    newer = _app(ACK, _event("<m@initech.example>", "other", day(2) + timedelta(minutes=1), contact=JANE),
                 recipients_chosen=(chosen,))
    assert [d.recipient.address for d in _live_check_ins(newer, day(12), s)] == [JANE]


# --- silences that end, and silences a first pass leaves alone

def test_a_silence_before_the_rejection_keeps_its_check_in_ended_by_the_rejection():
    rej = _event("<rej@initech.example>", "rejection", day(20), contact=JANE)
    [ci] = check_ins(_app(ACK, rej, status="rejected"), day(25), _settings())
    assert (ci.answered_at, ci.ended_by, ci.ended_reason) == (T0, "<rej@initech.example>",
                                                              "the application was rejected")


def test_the_users_word_that_the_application_was_rejected_ends_the_silences_after_it():
    """Rejected by phone on day 5 (`onward set APP rejected`), between two company emails."""
    news = (_event("<m1@initech.example>", "other", day(3)), _event("<m2@initech.example>", "other", day(8)))
    f = _app(ACK, *news, status="rejected", updated_at=day(5))
    assert [d.answered_at for d in check_ins(f, day(40), _settings())] == [T0, day(3)]


def test_a_first_pass_over_old_mail_plans_no_check_in_for_a_silence_long_over():
    old = _event("<ack@initech.example>", "acknowledgement", T0, recorded=day(60))
    assert check_ins(_app(old, created_at=day(60)), day(61), _settings()) == []
    in_time = _event("<ack@initech.example>", "acknowledgement", T0, recorded=day(21))
    [ci] = check_ins(_app(in_time, created_at=day(21)), day(22), _settings())
    assert ci.answered_at == T0 and ci.materialised


def test_at_the_check_ins_due_time_a_skipped_one_gives_way_to_the_next_silence():
    first = check_ins(_app(ACK), day(30), _settings(max_check_ins=2))[0]
    f = _app(ACK, skipped=frozenset({first.slot}))
    at_due = [d.slot for d in check_ins(f, first.due, _settings(max_check_ins=2))]
    assert at_due[0] == first.slot and len(at_due) == 2  # the next one is planned from the skipped one's due


# --- why a follow-up is no longer wanted

def test_why_a_check_in_is_no_longer_wanted():
    rejected = _app(ACK, _event("<rej@initech.example>", "rejection", day(9)), status="rejected")
    assert unplanned_reason(FollowupKind.CHECK_IN, rejected) == "the application was rejected"
    by_phone = _app(ACK, status="rejected", updated_at=day(9))
    assert unplanned_reason(FollowupKind.CHECK_IN, by_phone) == "the application was rejected"
    offered = _app(ACK, _event("<offer@initech.example>", "offer", day(9)), status="offer")
    assert unplanned_reason(FollowupKind.CHECK_IN, offered) == "the application got an offer"
    assert unplanned_reason(FollowupKind.CHECK_IN, _app(ACK)) == "no longer wanted: the application's news changed"
    assert plan(_app(ACK), day(3), _settings()) != []


def test_an_invitation_onward_learnt_of_long_after_it_came_plans_no_thank_you():
    """A first pass over old mail finds an invitation whose interview is still ahead (booked far out) but
    which arrived more than max_days ago: too late to be the thanks of the moment - none is planned."""
    iv = InterviewFact(day(40), day(40) + timedelta(hours=1), "ev-1", "<inv@initech.example>", day(1))
    late = _event("<inv@initech.example>", "interview", day(1), recorded=day(23))
    in_time = _event("<inv@initech.example>", "interview", day(1), recorded=day(22))
    assert interview_thanks(_app(ACK, late, interview=iv), _settings()) is None
    assert interview_thanks(_app(ACK, in_time, interview=iv), _settings()) is not None


def test_why_an_interview_thank_you_is_no_longer_wanted():
    cancelled = replace(_app(ACK), interview_cancelled_by="<cancel@initech.example>")
    assert unplanned_reason(FollowupKind.INTERVIEW_THANKS, cancelled) == \
        "the interview was cancelled (<cancel@initech.example>)"
    moved = _app(ACK, interview=_by_hand(start=9, known=2))
    assert unplanned_reason(FollowupKind.INTERVIEW_THANKS, moved) == \
        "the interview was moved to 2026-09-10T09:00:00+00:00"
    assert unplanned_reason(FollowupKind.INTERVIEW_THANKS, _app(ACK)) == "the interview's time is no longer known"
    assert unplanned_reason(FollowupKind.REJECTION_THANKS, _app(ACK)) == "the user corrected the rejection"
    rejected = _app(ACK, _event("<rej@initech.example>", "rejection", day(3)))
    assert unplanned_reason(FollowupKind.REJECTION_THANKS, rejected) == \
        "no longer wanted (switched off, or the rejection is too old)"


def test_an_invitation_that_comes_after_the_interview_was_entered_by_hand_leaves_the_news_at_the_entry():
    """Typed on day 1; its calendar invitation comes on day 9 (as a job email, or as a reply in the thread
    that is no job email): the silence after the acknowledgement ended on day 1, not on day 9."""
    typed_first = InterviewFact(day(20), day(20) + timedelta(hours=1), "uid-1", "<inv@initech.example>", day(1))
    as_event = _app(ACK, _event("<inv@initech.example>", "interview", day(9)), interview=typed_first)
    as_reply = _app(ACK, interview=typed_first, thread_mail=(MailFact("<inv@initech.example>", day(9), day(9)),))
    for f in (as_event, as_reply):
        [before, _after] = check_ins(f, day(12), _settings())
        assert (before.ended_by, before.ended_at, before.materialised) == ("interview", day(1), False)
