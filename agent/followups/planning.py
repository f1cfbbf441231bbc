"""Creating, moving and cancelling follow-ups of every kind in the store: applies the pure rules of
:mod:`agent.followups.rules` and :mod:`agent.followups.kinds`.

Used by the record stage (a rejection, an interview's time, a company email) and once per pass for
the time rules (check-ins, ghosting), always inside the caller's transaction. Every follow-up has a
``slot`` unique within its application (``rejection_thanks``, ``interview_thanks:<event>``,
``check_in:<n>``), so a pass redone after a crash finds it and creates nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection

from agent.config import FollowupSettings
from agent.followups import kinds
from agent.followups.rules import REASON_SKIPPED, FollowupKind, FollowupStatus, Stage
from agent.followups.templates import template_name
from agent.record import queries
from agent.record.rules import AppStatus
from agent.record.store import Store, iso, parse_iso

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Answer:
    """What a new follow-up answers and to whom it goes."""

    message_id: str          # the email it is threaded under ("" for none)
    at: datetime             # the moment it answers (rejection, interview end, last news)
    subject: str
    references: str          # JSON list
    to_name: str | None
    to_addr: str | None
    reason: str | None = None


class Planner:
    def __init__(self, store: Store, settings: FollowupSettings) -> None:
        self.store = store
        self.f = settings

    def enabled(self, kind: str) -> bool:
        return bool(getattr(self.f, str(kind)))

    def create(self, conn: Connection, app_id: int, kind: FollowupKind, stage: Stage, slot: str,
               answer: Answer, due: datetime, language: str, now: datetime, **extra: str) -> int | None:
        """A new follow-up in ``slot`` (none when the slot is taken); ``extra``: more columns (account)."""
        if queries.followup_by_slot(conn, app_id, slot) is not None:
            return None
        status = FollowupStatus.SCHEDULED if answer.to_addr else FollowupStatus.NEEDS_RECIPIENT
        fid = self.store.create_followup(
            conn, application_id=app_id, rejection_message_id=answer.message_id, rejected_at=iso(answer.at),
            due_at=iso(due), status=status, to_name=answer.to_name, to_addr=answer.to_addr,
            subject=answer.subject, in_reply_to=answer.message_id, references_json=answer.references,
            reason=answer.reason, created_at=iso(now), kind=kind.value,
            template=template_name(kind, stage), language=language, slot=slot, **extra)
        log.info("follow-up %d (%s) for application %d due %s", fid, kind, app_id, iso(due))
        return fid

    def cancel(self, conn: Connection, app_id: int, reason: str, which: Iterable[str] | None = None) -> int:
        """Cancel the open follow-ups of an application (of the kinds ``which``, default all)."""
        return self.cancel_each(conn, app_id, [(reason, which)])

    def cancel_each(self, conn: Connection, app_id: int, rules: Sequence[tuple[str, Iterable[str] | None]]) -> int:
        """Cancel the open follow-ups of an application that a rule (reason, kinds or None for all)
        covers, each with the reason of the first rule that does; the follow-ups are read once."""
        wanted = [(reason, set(which) if which is not None else None) for reason, which in rules]
        n = 0
        for fu in queries.open_followups_of(conn, app_id):
            reason = next((r for r, kinds_ in wanted if kinds_ is None or fu.kind in kinds_), None)
            if reason is not None:
                self.store.update_followup(conn, fu.id, status=FollowupStatus.CANCELLED, reason=reason)
                log.info("follow-up %d (%s) cancelled: %s", fu.id, fu.kind, reason)
                n += 1
        return n

    # -- interview thank-you ---------------------------------------------------------------------------

    def interview_time(self, conn: Connection, app_id: int, start: datetime, end: datetime, *, uid: str,
                       answer: Answer, language: str, now: datetime, **extra: str) -> int | None:
        """The interview's time is known (or moved): create its thank-you, or move the open one."""
        fields = dict(interview_start=iso(start), interview_end=iso(end))
        if uid:
            fields["interview_uid"] = uid
        if answer.message_id:
            fields["interview_message_id"] = answer.message_id
        self.store.update_application(conn, app_id, **fields)
        due = kinds.interview_thanks_due(end, self.f.tz)
        for fu in queries.followups_of(conn, app_id, FollowupKind.INTERVIEW_THANKS):
            if fu.is_open:
                self.store.update_followup(conn, fu.id, due_at=iso(due), rejected_at=iso(end))
                return None
        if not self.enabled(FollowupKind.INTERVIEW_THANKS) or not kinds.interview_thanks_in_time(end, now):
            return None
        slot = f"{FollowupKind.INTERVIEW_THANKS}:{uid or iso(start)}"
        return self.create(conn, app_id, FollowupKind.INTERVIEW_THANKS, Stage.AFTER_INTERVIEW, slot,
                           answer, due, language, now, **extra)

    def interview_cancelled(self, conn: Connection, app_id: int, now: datetime) -> None:
        self.cancel(conn, app_id, "the interview was cancelled", [FollowupKind.INTERVIEW_THANKS])
        self.store.update_application(conn, app_id, interview_start=None, interview_end=None,
                                      updated_at=iso(now))

    # -- the time rules: check-ins and ghosting ------------------------------------------------------------

    def timeline(self, conn: Connection, app: object) -> kinds.Timeline:
        app_id = int(getattr(app, "id"))  # noqa: B009 - a row
        last = queries.last_event(conn, app_id)
        every = queries.followups_of(conn, app_id, FollowupKind.CHECK_IN)
        # a check-in made moot by news does not count against followup.max_check_ins; one skipped does
        check_ins = [f for f in every if f.status != FollowupStatus.CANCELLED or f.reason == REASON_SKIPPED]
        end = getattr(app, "interview_end", None)
        applied = getattr(app, "applied_at", None)
        return kinds.Timeline(
            status=str(getattr(app, "status")),  # noqa: B009
            last_news=parse_iso(last.received_at) if last is not None else None,
            applied_at=parse_iso(applied) if applied else None,
            interview_end=parse_iso(end) if end else None,
            check_ins=len(check_ins), slots=len(every),
            last_check_in=max((parse_iso(f.due_at) for f in check_ins), default=None),
            open_check_in=any(f.is_open for f in check_ins))

    def time_rules(self, conn: Connection, now: datetime, answer_for: object) -> tuple[int, int]:
        """Check-ins scheduled (due ``check_in_days`` after the last news; cancelled by news before) and
        applications gone silent; returns (check-ins, ghosted).
        ``answer_for(conn, app)``: the :class:`Answer` of a check-in for that application."""
        created = ghosted = 0
        for app in queries.active_applications(conn):
            t = self.timeline(conn, app)
            if kinds.ghosted(t, days=self.f.ghosted_days, now=now):
                self.store.update_application(conn, app.id, status=AppStatus.NO_RESPONSE, updated_at=iso(now))
                log.info("application %d: no news for %d days: no_response", app.id, self.f.ghosted_days)
                ghosted += 1
            if not self.enabled(FollowupKind.CHECK_IN):
                continue
            due = kinds.check_in_due(t, days=self.f.check_in_days, max_check_ins=self.f.max_check_ins,
                                     tz=self.f.tz, hours=self.f.hours)
            if due is None:
                continue
            answer = answer_for(conn, app)  # type: ignore[operator]
            slot = f"{FollowupKind.CHECK_IN}:{t.slots + 1}"
            language = app.language or self.f.language
            extra = {"account": app.account} if "account" in app._fields else {}
            if self.create(conn, app.id, FollowupKind.CHECK_IN, kinds.check_in_stage(t), slot, answer, due,
                           language, now, **extra) is not None:
                created += 1
        return created, ghosted
