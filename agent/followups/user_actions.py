"""The user's word on one follow-up (``onward followups skip|set|restore``), kept as a fact on its row
(``user_action``) and followed at once by the reconcile step of its application.

* **skip**: an open follow-up is cancelled ("skipped by you"); planning never brings it back. So is one whose
  draft is saved in Drafts and not sent (the user deleted the draft in their mail client, or will not send
  it): Onward never touches the draft; the reason says it is the user's to delete. A draft a pass is saving
  at that moment (claimed, not yet recorded saved) cannot be skipped. A skipped follow-up whose draft was
  saved cannot be restored (restore brings back only a follow-up without a draft), and it still counts as
  a check-in offered: the next silence starts when its draft was saved.
* **set**: an open follow-up gets the recipient and/or due time given; planning never overwrites them. An
  interview thank-you's due time before the interview's end is refused (it would thank for an interview not
  yet held).
* **restore**: a cancelled follow-up without a draft is open again ("restored by you"); the fact that
  ends it (the plan's, else the one that had cancelled it: after a skip too, so every round of skip and
  restore sticks as the first) no longer cancels it, and a recipient or due time the user set before the skip
  is still its own. A check-in of an application that was rejected (or got an offer) cannot be restored: it
  would ask a company that said no for news; nor one while an interview is ahead; nor a rejection's
  thank-you of an application with no rejection on record (the user said the email was none); nor one after which a
  later check-in was drafted or sent: it would ask once more than ``max_check_ins`` allows; nor any follow-up of
  an application the user withdrew (they set another status first).
* **sent**: a drafted follow-up the user sent, whose copy in Sent a pass could not tell from the user's
  own mail (rewritten, or beside another draft in the thread), is ``sent`` at the time given (default
  now, never before its draft was saved nor in the future): the next check-in counts its silence from then.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from agent.config import FollowupSettings
from agent.followups.plan import Desired, closed_at, interview_ahead, plan
from agent.followups.reconcile import Reconciler
from agent.followups.rules import REASON_SKIPPED, REASON_SKIPPED_DRAFT
from agent.record.followup_rows import Followup, FollowupKind, FollowupStatus, UserAction
from agent.record.rules import Label, held_by_user
from agent.record.store import Connection, Store, iso
from agent.record.store import applications as app_store
from agent.record.store import followups as fu_store

ACTIONS = ("skip", "set", "restore", "sent")


class ActionRefused(ValueError):
    """The follow-up cannot take this action (the message says why and what to do)."""


def apply(store: Store, conn: Connection, settings: FollowupSettings, followup_id: int, action: str,
          now: datetime, values: dict[str, Any] | None = None) -> None:
    """Apply ``action`` (``values``: ``to_addr``/``to_name``/``due_at`` for set, ``sent_at`` - a datetime,
    default ``now`` - for sent) to follow-up ``followup_id`` and reconcile its application. Raises
    :class:`ActionRefused`."""
    values = dict(values or {})
    fu = fu_store.locked_followup(conn, followup_id)  # a pass claiming it for its draft waits, or we wait
    if fu is None:
        raise ActionRefused(f"no follow-up {followup_id} (see onward followups)")
    if action == "sent":
        values.update(_sent(fu, values.pop("sent_at", now), now))
    elif action == "restore":
        if fu.draft_message_id or fu.status != FollowupStatus.CANCELLED:
            state = "its draft is already in Drafts" if fu.draft_message_id else f"it is {fu.status}"
            raise ActionRefused(f"follow-up {fu.id} cannot be restored: {state} (only a cancelled follow-up "
                                "without a draft can)")
        [facts] = app_store.application_facts(conn, [fu.application_id])
        if held_by_user(facts.status):
            raise ActionRefused(f"follow-up {fu.id} cannot be restored: you withdrew application {fu.application_id} "
                                f"(set another status first: onward edit {fu.application_id} --status STATUS)")
        if fu.kind == FollowupKind.CHECK_IN and closed_at(facts) is not None:
            raise ActionRefused(f"follow-up {fu.id} cannot be restored: application {fu.application_id} was "
                                "rejected or got an offer, and a check-in asks for news")
        if fu.kind == FollowupKind.REJECTION_THANKS and facts.first(Label.REJECTION) is None:
            raise ActionRefused(f"follow-up {fu.id} cannot be restored: application {fu.application_id} has no "
                                "rejection on record (you said its email was none), and this note thanks for a "
                                "decision (label the email a rejection again: onward label MESSAGE_ID rejection)")
        if fu.kind == FollowupKind.CHECK_IN and interview_ahead(facts, now):
            raise ActionRefused(f"follow-up {fu.id} cannot be restored: application {fu.application_id} has an "
                                "interview ahead, and a check-in asks for news")
        later = _later_check_in_offered(conn, fu)
        if later is not None:
            raise ActionRefused(f"follow-up {fu.id} cannot be restored: the application's later check-in "
                                f"(follow-up {later}) is already in Drafts or sent, and answered the silence "
                                "after this one")
        values.update(status=FollowupStatus.SCHEDULED if fu.to_addr else FollowupStatus.NEEDS_RECIPIENT,
                      reason="restored by you", user_action=UserAction.RESTORED.value,
                      ended_by=restored_over(fu, plan(facts, now, settings)))
    elif action == "skip" and draft_waiting(fu):
        values.update(status=FollowupStatus.CANCELLED, reason=REASON_SKIPPED_DRAFT, ended_by="user",
                      user_action=UserAction.SKIPPED.value)
    elif fu.draft_message_id or fu.status in (FollowupStatus.DRAFTED, FollowupStatus.CANCELLED, FollowupStatus.SENT):
        state = "its draft is already in Drafts" if fu.draft_message_id else f"it is {fu.status}"
        hint = " (restore it with: onward followups restore ID)" if fu.status == FollowupStatus.CANCELLED and \
            not fu.draft_message_id else ""
        raise ActionRefused(f"follow-up {fu.id} cannot be changed: {state}{hint}")
    elif action == "skip":
        values.update(status=FollowupStatus.CANCELLED, reason=REASON_SKIPPED, ended_by="user",
                      user_action=UserAction.SKIPPED.value)
    else:
        _due_after_the_interview(fu, values.get("due_at"))
        values["user_action"] = UserAction.SET.value
        if "due_at" in values:
            values["due_set_at"] = now.isoformat()
        if "to_addr" in values:
            values.update(status=FollowupStatus.SCHEDULED, reason=f"recipient set by you ({values['to_addr']})",
                          recipient_set_at=now.isoformat())
    store.update_followup(conn, fu.id, **values)
    Reconciler(store, settings).run(conn, now, [fu.application_id])


def draft_waiting(fu: Followup) -> bool:
    """Whether ``fu``'s draft is in Drafts, saved and not sent (``drafted``, or saved without a recipient): the
    user may skip it - they deleted the draft in their mail client, or will not send it. Not one a pass has
    claimed and is saving at this moment (no ``drafted_at`` yet): that pass would save it after the skip."""
    return bool(fu.draft_message_id) and bool(fu.drafted_at) and \
        fu.status in (FollowupStatus.DRAFTED, FollowupStatus.NEEDS_RECIPIENT)


def restored_over(fu: Followup, desired: Sequence[Desired]) -> str | None:
    """The fact a restore of ``fu`` is restored over, kept as its ``ended_by`` (which then no longer cancels
    it): the fact the plan says ends it now, else the one it holds. After a skip it holds "user", not the
    plan's fact: a restore after skip, restore, skip brings it back over the same fact as the first did."""
    ended = next((d.ended_by for d in desired if d.slot == fu.slot and d.ended_by), None)
    return ended or fu.ended_by


def _due_after_the_interview(fu: Followup, due_at: str | None) -> None:
    """Refuse a due time before the end of the interview an interview thank-you thanks for (its
    ``rejected_at``: the moment it answers): its draft would be saved before the interview was held."""
    if due_at is None or fu.kind != FollowupKind.INTERVIEW_THANKS or not fu.rejected_at:
        return
    end = datetime.fromisoformat(fu.rejected_at)
    if datetime.fromisoformat(due_at) < end:
        raise ActionRefused(f"follow-up {fu.id} cannot be due at {due_at}: that is before the interview it thanks "
                            f"for has ended ({iso(end)})")


def _sent(fu: Followup, at: datetime, now: datetime) -> dict[str, Any]:
    """The row's values once the user says ``fu``'s draft was sent at ``at``."""
    if fu.status not in (FollowupStatus.DRAFTED, FollowupStatus.NEEDS_RECIPIENT) or not fu.draft_message_id:
        state = f"it is {fu.status}" + (f" (on {fu.sent_at[:10]})" if fu.sent_at else "")
        raise ActionRefused(f"follow-up {fu.id} cannot be marked sent: {state} (only a follow-up whose draft "
                            "is in Drafts can)")
    if at > now:
        raise ActionRefused(f"follow-up {fu.id} cannot be marked sent at {iso(at)}: that is in the future")
    if fu.drafted_at and at < datetime.fromisoformat(fu.drafted_at):
        raise ActionRefused(f"follow-up {fu.id} cannot be marked sent at {iso(at)}: its draft was saved "
                            f"later ({fu.drafted_at})")
    return dict(status=FollowupStatus.SENT, sent_at=iso(at), reason="sent, as you said",
                user_action=UserAction.SENT.value)


def _later_check_in_offered(conn: Connection, fu: Followup) -> int | None:
    """The id of a check-in of ``fu``'s application planned after check-in ``fu`` whose draft was saved
    (drafted or sent), if any: restoring ``fu`` then would ask for news once more than
    ``max_check_ins`` allows, and move the silence that check-in answered."""
    if fu.kind != FollowupKind.CHECK_IN:
        return None
    later = [f.id for f in fu_store.followups_of(conn, fu.application_id, FollowupKind.CHECK_IN)
             if f.id > fu.id and f.draft_message_id]
    return later[0] if later else None
