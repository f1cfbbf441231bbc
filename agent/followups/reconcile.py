"""Make the follow-up rows what the facts call for: the one reconcile step.

:func:`decide` (pure) compares an application's follow-up rows with :func:`agent.followups.plan.plan`
and says what to do, slot by slot:

* **create** what the plan wants and no row holds (a check-in only once due, see
  :attr:`~agent.followups.plan.Desired.materialised`); a follow-up a fact had already ended when it
  is first planned is created cancelled, with that fact (so one pass over old mail leaves the same
  rows as a daemon that watched it arrive);
* **cancel** an open follow-up a fact ended (``ended_by``: that fact) or the plan no longer wants (a
  corrected rejection, a cancelled interview), and mark a saved check-in draft of an application
  that was since rejected or got news, a saved interview thank-you of one rejected after the
  interview, or a saved rejection thank-you the company's next email answered, or of an email the user
  said was no rejection, as not to be sent; an open check-in of an application rejected or offered
  (by an email or the user's word) is cancelled, or created cancelled, even one the user restored, and so
  is one the user restored while an interview is ahead; every follow-up not yet sent of an application the user
  withdrew is cancelled ("you withdrew the application"; a saved draft: "do not send"), restored ones too;
* **withdraw** (delete) a check-in never offered (no draft saved or claimed) nor touched by the user
  that the plan no longer has, or has only as one whose silence news broke first: with every fact
  known it never existed (a moved interview; news dated before its due time that came late), so one
  pass over the same facts has no row for it either;
* **schedule again** a rejection's thank-you or a check-in the plan had cancelled (or an interview thank-you
  the withdrawal had) once the user undoes the word that ended it (labels the email a rejection again, sets the
  status back) and the plan wants it again - and a check-in held while a rejection recorded elsewhere might be
  its application's, once it no longer may be (merged into another application)
  (its saved draft, if any, is found in Drafts by its Message-ID, never saved twice);
* **update** an open follow-up whose due time, recipient or thread moved with the facts (never what
  the user set with ``followups set``), and a cancelled one never offered nor touched: its due time
  and answered moment, when the fact that ended it still does; scheduled again when the user's own
  mail ended it and an updated invitation moved what it answers past that mail (a new fact asks for
  it);
* **rename** the thank-you row of an interview whose slot changed - typed first, then named by its
  invitation; or of the slot every typed interview shared in an earlier Onward (``interview_thanks:set``),
  the round it was created for - so it keeps matching, with what the user said of it;
* never re-create a slot: otherwise a cancelled, skipped, drafted or sent follow-up stays what it is,
  and one the user restored is not cancelled again by the fact it was restored over.

The same facts give the same rows whatever the number, order or interruption of passes: every write
is keyed by (application, slot), and a pass with nothing new decides nothing. :class:`Reconciler`
applies the decisions inside the caller's transaction, and sets ``no_response`` on applications gone
silent for ``followup.ghosted_days``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from agent.config import FollowupSettings
from agent.followups.plan import (
    SHARED_TYPED_SLOT,
    Desired,
    asks_about_something,
    closed_at,
    dead_addresses,
    interview_ahead,
    plan,
    unplanned_reason,
)
from agent.followups.rules import ENDED_BY_PLAN, REASON_HELD_PREFIX, REASON_WITHDRAWN
from agent.followups.schedule import aware
from agent.record.appfacts import AppFacts
from agent.record.followup_rows import Followup, FollowupKind, FollowupStatus, UserAction
from agent.record.rules import AppStatus, Label, held_by_user
from agent.record.store import Connection, Store, iso, parse_iso
from agent.record.store import applications as app_store
from agent.record.store import followups as fu_store

log = logging.getLogger(__name__)

REASON_STALE_DRAFT = "{why}: do not send its draft in Drafts (delete it there)"
# a draft waiting in Drafts addressed to an address mail to which bounced since (agent/followups/plan.py:dead_addresses)
DRAFT_BOUNCED_PREFIX = "draft to a bounced address: "
REASON_DRAFT_BOUNCED = (DRAFT_BOUNCED_PREFIX + "mail to {address} bounced ({report}) - change the recipient in Drafts "
                        "before sending")
DRAFT_BOUNCED_FIX = "change the draft's recipient in Drafts before sending (its address bounced)"


@dataclass(frozen=True)
class Action:
    op: str                       # create | cancel | update | withdraw
    followup_id: int | None
    values: dict[str, Any] = field(default_factory=dict)


def _row_values(d: Desired, account: str) -> dict[str, Any]:
    to = d.recipient.address
    return dict(rejection_message_id=d.answers, rejected_at=iso(d.answered_at), due_at=iso(d.due),
                to_name=to.name if to else None, to_addr=to.email if to else None, subject=d.subject,
                in_reply_to=d.answers, references_json=d.references_json, kind=d.kind.value, template=d.template,
                language=d.language, slot=d.slot, account=account,
                status=FollowupStatus.SCHEDULED if to else FollowupStatus.NEEDS_RECIPIENT, reason=d.recipient.reason)


_UPDATABLE = ("rejected_at", "due_at", "to_name", "to_addr", "subject", "in_reply_to", "references_json",
              "template", "language", "status", "reason", "rejection_message_id")
_USER_SET = ("due_at", "to_name", "to_addr", "status", "reason")


def decide(rows: Sequence[Followup], desired: Sequence[Desired], f: AppFacts, now: datetime) -> list[Action]:
    """What to do so that application ``f``'s follow-up ``rows`` match the plan ``desired`` (pure)."""
    renamed = _thank_you_slots(rows, desired, f)
    actions: list[Action] = [Action("update", fid, dict(slot=slot)) for fid, slot in renamed.items()]
    rows = [replace(r, slot=renamed[r.id]) if r.id in renamed else r for r in rows]
    by_slot = {r.slot: r for r in rows}
    wanted = set()
    closed = closed_at(f)
    for d in desired:
        row = by_slot.get(d.slot)
        if row is not None and not d.materialised and _never_offered_check_in(row):
            continue  # one pass over the same facts never creates it: withdrawn below
        wanted.add(d.slot)
        if row is None:
            if d.materialised and (d.kind != FollowupKind.CHECK_IN or d.due <= aware(now)):
                values = _row_values(d, f.account)
                if d.ended_by:
                    values.update(status=FollowupStatus.CANCELLED, reason=d.ended_reason, ended_by=d.ended_by)
                elif d.kind == FollowupKind.CHECK_IN and closed is not None:  # rejected by the user's word
                    values.update(status=FollowupStatus.CANCELLED, reason=unplanned_reason(d.kind, f),
                                  ended_by=ENDED_BY_PLAN)
                actions.append(Action("create", None, values))
            continue
        if row.is_open:
            if d.ended_by and not (row.restored and row.ended_by == d.ended_by):
                # as the plan has it (what one pass over the same facts would have created cancelled)
                values = {k: v for k, v in _row_values(d, f.account).items()
                          if k in _UPDATABLE and (row.user_action != UserAction.SET or k not in _USER_SET)}
                values.update(reason=d.ended_reason, ended_by=d.ended_by)
                values.pop("status", None)
                actions.append(Action("cancel", row.id, values))
                continue
            if _asks_moot_news(row, f, closed, now):  # restored by the user, or closed by their word since
                actions.append(Action("cancel", row.id, dict(reason=unplanned_reason(row.kind, f),
                                                             ended_by=ENDED_BY_PLAN)))
                continue
            values = _row_values(d, f.account)
            keep: tuple[str, ...] = _USER_SET if row.user_action == UserAction.SET else ()
            if row.user_action == UserAction.RESTORED:
                keep = ("reason",)
                if row.recipient_set_at and row.to_addr:  # the user's recipient, set before the skip
                    keep = ("reason", "to_name", "to_addr", "status")
                if row.due_set_at:  # and the due time they set
                    keep = (*keep, "due_at")
            if row.status == FollowupStatus.NEEDS_RECIPIENT and (row.reason or "").startswith("draft refused"):
                keep = (*keep, "status", "reason")  # drafting refused its draft: it stays without a recipient
            change = {k: values[k] for k in _UPDATABLE if k not in keep and getattr(row, k) != values[k]}
            if change:
                actions.append(Action("update", row.id, change))
        elif _was_held(row) and row.status == FollowupStatus.CANCELLED and d.ended_by is not None:
            # held while a rejection recorded elsewhere might be its application's: now a fact ends it (that rejection,
            # merged into its application), and its reason says so, not the merge it asked for
            why = d.ended_reason or unplanned_reason(row.kind, f)
            actions.append(Action("update", row.id, dict(reason=_ended_reason(row, why), ended_by=d.ended_by)))
        elif _ended_as_planned(row, d):
            # what it answered moved (an updated invitation), or a fact that ends it earlier came late: as one
            # pass over the same facts creates it
            values = _row_values(d, f.account)
            change = {k: values[k] for k in _UPDATABLE if k not in ("status", "reason") and getattr(row, k) != values[k]}
            if row.ended_by != d.ended_by:
                change.update(reason=d.ended_reason, ended_by=d.ended_by)
            if change:
                actions.append(Action("update", row.id, change))
        elif _answers_after_the_users_mail(row, d):
            values = {k: v for k, v in _row_values(d, f.account).items() if k in _UPDATABLE}
            actions.append(Action("update", row.id, dict(values, ended_by=None, ended_at=None)))
        elif _wanted_again(row, d, f, closed, now, superseded=_superseded(d, desired)):
            values = {k: v for k, v in _row_values(d, f.account).items() if k in _UPDATABLE}
            values.update(_users_setting(row))
            actions.append(Action("update", row.id, dict(values, ended_by=None, ended_at=None, draft_message_id=None,
                                                         drafted_at=None)))
        elif _stale_check_in(row, closed):
            actions.append(Action("cancel", row.id, dict(
                reason=REASON_STALE_DRAFT.format(why=unplanned_reason(FollowupKind.CHECK_IN, f)), ended_by=ENDED_BY_PLAN)))
        elif _stale_draft(row, d):
            actions.append(Action("cancel", row.id, dict(reason=REASON_STALE_DRAFT.format(why=d.ended_reason),
                                                         ended_by=d.ended_by)))
        elif (bounced := _draft_to_a_dead_address(row, f)) is not None:
            # as a draft saved without a recipient: the user gives one in Drafts, and its copy in Sent is looked for
            actions.append(Action("update", row.id, dict(status=FollowupStatus.NEEDS_RECIPIENT, to_name=None, to_addr=None,
                                                         reason=bounced)))
    for row in rows:
        if row.slot in wanted:
            continue
        if _never_offered_check_in(row):
            actions.append(Action("withdraw", row.id, dict(reason=unplanned_reason(row.kind, f))))
        elif row.is_open and (not row.restored or _asks_moot_news(row, f, closed, now) or held_by_user(f.status)):
            actions.append(Action("cancel", row.id, dict(reason=unplanned_reason(row.kind, f), ended_by=ENDED_BY_PLAN)))
        elif _was_held(row) and row.status == FollowupStatus.CANCELLED and closed is not None:
            actions.append(Action("update", row.id, dict(reason=_ended_reason(row, unplanned_reason(row.kind, f)),
                                                         ended_by=ENDED_BY_PLAN)))
        elif _stale_check_in(row, closed) or _thanks_for_no_rejection(row, f) or _check_in_about_nothing(row, f) or \
                _draft_of_a_withdrawn(row, f):
            actions.append(Action("cancel", row.id, dict(
                reason=REASON_STALE_DRAFT.format(why=unplanned_reason(row.kind, f)), ended_by=ENDED_BY_PLAN)))
    return actions


def _thank_you_slots(rows: Sequence[Followup], desired: Sequence[Desired], f: AppFacts) -> dict[int, str]:
    """The slot the thank-you row of the interview known now has, when that interview's slot changed (row id
    -> its slot; none when a row holds the plan's slot already):

    * an interview typed first, then named by its invitation before its end - the same interview
      (:meth:`agent.record.outcomes.Recorder.apply_invitation`), known from the typing or the invitation's
      date, whichever came first: the row of its typing (``...:set:<typed>``, typed since it was first known;
      the latest) takes the invitation's slot, with what the user said of it;
    * the slot all typed interviews shared before (:data:`~agent.followups.plan.SHARED_TYPED_SLOT`, a
      database of an earlier Onward): the interview typed now is that row's when the row was created after
      the interview was first entered, or answers an interview that had not ended by then (an earlier Onward
      wrote a time typed again before the end as known from that typing: the row is of the interview it
      moved). The row of an earlier round was created before, for an interview that had ended, and stays
      what it is."""
    slot = next((d.slot for d in desired if d.kind == FollowupKind.INTERVIEW_THANKS), None)
    if slot is None or f.interview is None or any(r.slot == slot for r in rows):
        return {}
    known = aware(f.interview.known_at)
    typed = f"{SHARED_TYPED_SLOT}:"
    if not slot.startswith(typed):
        since = [r for r in rows if r.kind == FollowupKind.INTERVIEW_THANKS and
                 (r.slot or "").startswith(typed) and aware(parse_iso((r.slot or "")[len(typed):])) >= known]
        return {max(since, key=lambda r: r.slot or "").id: slot} if since else {}
    shared = next((r for r in rows if r.slot == SHARED_TYPED_SLOT), None)
    if shared is None or (aware(parse_iso(shared.created_at)) < known and
                          aware(parse_iso(shared.rejected_at)) <= known):
        return {}
    return {shared.id: slot}


def _asks_moot_news(row: Followup, f: AppFacts, closed: datetime | None, now: datetime) -> bool:
    """An open check-in of an application rejected (or offered) since, or with an interview ahead: even one the
    user restored would ask a company that said no, or that has just invited them, for news (``followups
    restore`` refuses it then for the same reasons)."""
    return row.kind == FollowupKind.CHECK_IN and row.is_open and (closed is not None or interview_ahead(f, now))


def _never_offered_check_in(row: Followup) -> bool:
    """A check-in Onward never offered (no draft saved or claimed) and the user never touched (no skip, set
    or restore): when the facts no longer call for it - its silence, with every fact known, never was (a
    moved interview, news dated before its due time that came late) - it is withdrawn, its row deleted, not
    kept ``cancelled``: one pass over the same facts never creates it, and nobody was told of it but the
    listing of what was planned."""
    return row.kind == FollowupKind.CHECK_IN and not row.draft_message_id and row.user_action is None and \
        row.status != FollowupStatus.SENT


def _ended_as_planned(row: Followup, d: Desired) -> bool:
    """A follow-up never offered, nor touched by the user, cancelled by a fact of the plan's (not the user's
    mail, which sets ``ended_at``) when the plan says a fact ends it: the same fact, or an earlier one that
    came later - the row then names the earliest, as one pass over the same facts does."""
    return row.status == FollowupStatus.CANCELLED and not row.draft_message_id and row.user_action is None and \
        d.ended_by is not None and row.ended_at is None


def _answers_after_the_users_mail(row: Followup, d: Desired) -> bool:
    """A follow-up Onward never offered, nor the user touched, cancelled by the user's own mail (found in
    Sent: ``ended_at``), whose moment moved to or after that mail (an update of the invitation moved the
    interview past it): the mail no longer makes it moot - only mail written after the moment counts - and
    one pass over the same facts plans it. It is scheduled again - a new fact asks for it."""
    return row.status == FollowupStatus.CANCELLED and not row.draft_message_id and row.user_action is None and \
        row.ended_at is not None and d.ended_by is None and d.materialised and \
        aware(parse_iso(row.ended_at)) <= aware(d.answered_at)  # as user_already_wrote: after it, or nothing


def _superseded(d: Desired, desired: Sequence[Desired]) -> bool:
    """Whether check-in ``d`` is followed by another in the plan: the silence it asked about is over (its draft
    was saved, or it was cancelled unsaved, and the next silence began then)."""
    return d.kind == FollowupKind.CHECK_IN and \
        any(o.kind == FollowupKind.CHECK_IN and o.answered_at > d.answered_at for o in desired)


def _wanted_again(row: Followup, d: Desired, f: AppFacts, closed: datetime | None, now: datetime, *,
                  superseded: bool = False) -> bool:
    """A rejection's thank-you or a check-in the plan had cancelled (``plan``: the user said the rejection was
    none with ``onward label``; the application was rejected or got an offer, by an email or the user's word),
    never touched by the user or only changed (``followups set``: it comes back with their recipient and due
    time, :func:`_users_setting`; a skip stays the user's word), when the plan wants it again, answering the same email, and nothing ends it: the
    user undid that word (labelled the email a rejection again, set the status back). It is scheduled again -
    as one pass over the facts has it - and a draft it had saved is looked for in Drafts under its Message-ID
    before any is saved (still there: it is that draft again; deleted, as the reason asked: saved anew). Not a
    check-in the plan has a later one after (``superseded``; the plan counts the cancelled one as ended, so its
    silence went on - with or without a saved draft): the later check-in is the one to ask - two would wait at
    once (a withdrawal taken back weeks later asks once, not once per silence it cancelled)."""
    if row.status != FollowupStatus.CANCELLED or not (row.ended_by == ENDED_BY_PLAN or _was_held(row)) or \
            row.user_action not in (None, UserAction.SET) or d.ended_by is not None or \
            row.rejection_message_id != d.answers:
        return False
    if row.kind == FollowupKind.CHECK_IN:  # not one a later check-in follows: that one asks now
        return d.materialised and closed is None and not interview_ahead(f, now) and not superseded
    # an interview thank-you only when the withdrawal had ended it (a cancelled or moved interview ends it too,
    # and stays the company's fact): the user took the withdrawal back
    return row.kind == FollowupKind.REJECTION_THANKS or \
        (row.kind == FollowupKind.INTERVIEW_THANKS and ((row.reason or "").startswith(REASON_WITHDRAWN) or _was_held(row)))


def _users_setting(row: Followup) -> dict[str, Any]:
    """What the user set on a follow-up (``followups set --to`` / ``--due``) that a plan wanting it again keeps:
    their recipient (it is scheduled: it has one) and their due time."""
    if row.user_action != UserAction.SET:
        return {}
    kept: dict[str, Any] = {}
    if row.recipient_set_at and row.to_addr:
        kept.update(to_name=row.to_name, to_addr=row.to_addr, status=FollowupStatus.SCHEDULED,
                    reason=f"recipient set by you ({row.to_addr})")
    if row.due_set_at:
        kept.update(due_at=row.due_at)
    return kept


def _was_held(row: Followup) -> bool:
    """A check-in or an interview's thank-you held while a rejection recorded elsewhere might be its application's
    (:func:`agent.followups.plan.possible_rejection`): once that rejection no longer may be (merged into another
    application, labelled no rejection, or news of this one came), the plan wants it again."""
    return row.kind in (FollowupKind.CHECK_IN, FollowupKind.INTERVIEW_THANKS) and \
        (row.reason or "").startswith(REASON_HELD_PREFIX)


def _ended_reason(row: Followup, why: str) -> str:
    """The reason of a cancelled follow-up ended by ``why``: with its draft saved, that the draft is not to be sent."""
    return REASON_STALE_DRAFT.format(why=why) if row.draft_message_id else why


def _stale_check_in(row: Followup, closed: datetime | None) -> bool:
    """A check-in whose draft is saved but not sent, of an application rejected (or offered) since."""
    return row.kind == FollowupKind.CHECK_IN and closed is not None and bool(row.draft_message_id) and \
        row.status in (FollowupStatus.DRAFTED, FollowupStatus.NEEDS_RECIPIENT)


def _thanks_for_no_rejection(row: Followup, f: AppFacts) -> bool:
    """A rejection's thank-you whose draft is saved but not sent, when the user said the email was no rejection
    (``onward label``): it would thank a company that decided nothing "for letting me know your decision"."""
    return row.kind == FollowupKind.REJECTION_THANKS and f.first(Label.REJECTION) is None and \
        bool(row.draft_message_id) and row.status in (FollowupStatus.DRAFTED, FollowupStatus.NEEDS_RECIPIENT)


def _draft_of_a_withdrawn(row: Followup, f: AppFacts) -> bool:
    """A follow-up whose draft is saved but not sent, of an application the user withdrew: a thank-you or a
    check-in would write to a company the user has told they no longer want the job."""
    return held_by_user(f.status) and bool(row.draft_message_id) and \
        row.status in (FollowupStatus.DRAFTED, FollowupStatus.NEEDS_RECIPIENT)


def _check_in_about_nothing(row: Followup, f: AppFacts) -> bool:
    """A check-in whose draft is saved but not sent, of an application left with nothing to ask about (the user
    labelled its only job email ``other``): it would ask for news of an application there never was."""
    return row.kind == FollowupKind.CHECK_IN and not asks_about_something(f) and bool(row.draft_message_id) and \
        row.status in (FollowupStatus.DRAFTED, FollowupStatus.NEEDS_RECIPIENT)


def _stale_draft(row: Followup, d: Desired) -> bool:
    """A follow-up whose draft is saved but not sent, when a fact the plan names ended it since: a rejection
    after the interview (sent now the interview thank-you would answer a no with "I look forward to the next
    steps"), the company's news after the check-in was due (it would ask for news just given), the company's
    next email after a rejection (the role reopened: a goodbye would answer it). Not the fact the user restored
    it over (``followups restore``): they wanted it all the same."""
    return d.ended_by is not None and not (row.restored and row.ended_by == d.ended_by) and \
        bool(row.draft_message_id) and row.status in (FollowupStatus.DRAFTED, FollowupStatus.NEEDS_RECIPIENT)


def _draft_to_a_dead_address(row: Followup, f: AppFacts) -> str | None:
    """The reason to show when a follow-up's draft waits in Drafts (saved, not sent) addressed to an address mail
    to which bounced for the application since (:func:`agent.followups.plan.dead_addresses`: a check-in sent there
    came back): the user must change the recipient before sending; None otherwise. Onward never rewrites or
    deletes a draft, so the listing and the digest say it (status ``needs_recipient``, the draft kept)."""
    if row.status != FollowupStatus.DRAFTED or not row.draft_message_id or not row.to_addr:
        return None
    bounce = dead_addresses(f).get(row.to_addr.lower())
    return None if bounce is None else REASON_DRAFT_BOUNCED.format(address=row.to_addr, report=bounce.message_id)


def ghosted(f: AppFacts, now: datetime, days: int) -> bool:
    """No news for ``days`` (0: never) while waiting: the application becomes ``no_response``."""
    if days <= 0 or f.status not in (AppStatus.APPLIED, AppStatus.ASSESSMENT, AppStatus.INTERVIEW):
        return False
    moments = [aware(e.at) for e in f.events] + [aware(m.at) for m in f.thread_mail]
    moments += [aware(m) for m in (f.applied_at, f.interview.end if f.interview else None) if m is not None]
    return bool(moments) and aware(now) - max(moments) >= timedelta(days=days)


@dataclass
class Counts:
    """What one reconcile did (a backfill's report and log line; a pass counts its cancellations in the
    store, every step's)."""

    created: int = 0
    cancelled: int = 0
    updated: int = 0
    ghosted: int = 0


class Reconciler:
    """Applies :func:`decide` to the store (inside the caller's transaction)."""

    def __init__(self, store: Store, settings: FollowupSettings) -> None:
        self.store = store
        self.settings = settings

    def run(self, conn: Connection, now: datetime, app_ids: Iterable[int] | None = None) -> Counts:
        """Reconcile the applications ``app_ids`` (all when None) at ``now``."""
        counts = Counts()
        facts = app_store.application_facts(conn, app_ids)
        rows = fu_store.followups_by_application(conn, [f.id for f in facts])
        for f in facts:
            if ghosted(f, now, self.settings.ghosted_days):
                self.store.update_application(conn, f.id, status=AppStatus.NO_RESPONSE, updated_at=iso(now))
                log.info("application %d: no news for %d days: no_response", f.id, self.settings.ghosted_days)
                counts.ghosted += 1
            for action in decide(rows.get(f.id, []), plan(f, now, self.settings), f, now):
                self._apply(conn, f, action, now, counts)
        return counts

    def _apply(self, conn: Connection, f: AppFacts, a: Action, now: datetime, counts: Counts) -> None:
        if a.op == "create":
            fid = self.store.create_followup(conn, application_id=f.id, created_at=iso(now), **a.values)
            counts.created += a.values["status"] != FollowupStatus.CANCELLED
            log.info("follow-up %d (%s) for application %d: %s, due %s", fid, a.values["kind"], f.id,
                     a.values["status"], a.values["due_at"])
        elif a.op == "cancel":
            assert a.followup_id is not None
            self.store.update_followup(conn, a.followup_id, status=FollowupStatus.CANCELLED, **a.values)
            counts.cancelled += 1
            log.info("follow-up %d cancelled: %s", a.followup_id, a.values["reason"])
        elif a.op == "withdraw":
            assert a.followup_id is not None
            fu_store.withdraw(conn, a.followup_id)
            log.info("follow-up %d withdrawn (never drafted): %s", a.followup_id, a.values["reason"])
        else:
            assert a.followup_id is not None
            self.store.update_followup(conn, a.followup_id, **a.values)
            counts.updated += 1
            log.info("follow-up %d updated: %s", a.followup_id, ", ".join(sorted(a.values)))
