"""The record stage: applies one classified email to the store (application, event, follow-up).

It runs inside the caller's transaction and talks to the database only through ``Store``. The
decisions are the pure rules of :mod:`agent.record.rules` (disposition, status) and
:mod:`agent.followups.rules` (when a follow-up is created or cancelled, whom it addresses); this
module only looks up what they need and writes what they decide.

Linking (:mod:`agent.record.linking`): an application is (company, role); a job email joins one by
thread headers first (Message-ID, In-Reply-To, References), then by role, then by company only when
the role is unknown on one side; otherwise a new application is opened. Follow-ups of every kind are
created, moved and cancelled through :class:`agent.followups.planning.Planner`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from agent.config import ClassifierSettings, FollowupSettings, Settings
from agent.followups import kinds, language
from agent.followups import rules as fu_rules
from agent.followups.calendar import Invitation
from agent.followups.planning import Answer, Planner
from agent.followups.rules import FollowupKind, FollowupStatus
from agent.followups.schedule import compute_due
from agent.mail.parse import email_text
from agent.mail.types import Address, ParsedEmail
from agent.record import applications as apps
from agent.record import contacts, linking, queries
from agent.record.contacts import org_domain
from agent.record.facts import Facts, facts_of
from agent.record.rules import (
    BODY_KEEP_CHARS,
    JOB_LABELS,
    LABEL_STATUS,
    AppStatus,
    Disposition,
    Label,
    Thresholds,
    Verdict,
    derive_status,
    parent_keys,
    thread_keys,
)
from agent.record.store import Store, dumps_ids, iso, parse_iso

log = logging.getLogger(__name__)


class Recorder:
    """Applies classified emails to the store (inside the caller's transaction)."""

    @classmethod
    def for_settings(cls, store: Store, settings: Settings, model_threshold: float = 0.5) -> Recorder:
        """The recorder for a config: the user's own addresses are the IMAP login and the From address."""
        user = [a.imap.username for a in settings.accounts] or ([settings.imap.username] if settings.imap else [])
        recorder = cls(store, settings.classifier, settings.followup,
                       [*user, settings.followup.from_address or ""], model_threshold=model_threshold)
        recorder.account = settings.account  # what it records is the account's (see agent/record/schema_v3.py)
        return recorder

    def __init__(self, store: Store, thresholds: ClassifierSettings, followup: FollowupSettings,
                 user_addresses: Sequence[str] = (), model_threshold: float = 0.5) -> None:
        self.store = store
        rejection = thresholds.rejection_threshold
        self.thresholds = Thresholds(rejection=rejection if rejection is not None else model_threshold,
                                     min_confidence=thresholds.min_confidence)
        self.followups_scheduled = 0  # counter for pass reports
        self.followup = followup
        self.user_addresses = {a.lower() for a in user_addresses if a}
        self.planner = Planner(store, followup)
        self.account = "default"  # the account the emails it records arrived in
        self.recorded_company: str | None = None  # the company of the application the last event joined

    @property
    def rejection_threshold(self) -> float:
        return self.thresholds.rejection

    def is_from_user(self, email: ParsedEmail) -> bool:
        return email.from_ is not None and email.from_.email.lower() in self.user_addresses

    def record(self, conn: Connection, email: ParsedEmail, verdict: Verdict, received: datetime,
               now: datetime, facts: Facts | None = None,
               disposition: Disposition | None = None) -> tuple[Disposition, int | None]:
        """Put one email on record; returns (disposition, application_id or None).  ``facts`` and
        ``disposition``: when already computed by the intake (else computed here)."""
        if disposition is None:
            disposition = self.thresholds.disposition(verdict)
        rejection = disposition == Disposition.EVENT and verdict.label == Label.REJECTION
        self.cancel_if_company_wrote(conn, email, received, now, rejection=rejection)
        if disposition != Disposition.EVENT or self.store.event_exists(conn, email.message_id):
            if facts is not None and facts.calendar is not None and not self.is_from_user(email):
                self.calendar_update(conn, email, facts.calendar, now)
            return disposition, None
        facts = facts or facts_of(email)
        lang = None if self.is_from_user(email) else self.language_of(email)
        app_id = self.link_application(conn, email, verdict.label, now, facts, language=lang)
        contact = facts.contact
        self.store.add_event(
            conn, message_id=email.message_id, application_id=app_id, label=verdict.label,
            confidence=round(verdict.confidence, 4), received_at=iso(received), subject=email.subject,
            from_addr=email.from_.email if email.from_ else None,
            contact_name=contact.name if contact else None, contact_email=contact.email if contact else None,
            references_json=dumps_ids(thread_keys(email)), source=verdict.source, account=self.account)
        row = self.refresh_status(conn, app_id, now)
        self.recorded_company = row.company if row is not None else None
        cancel: list[tuple[str, list[FollowupKind]]] = []  # (reason, kinds): the first that applies wins
        if lang is not None:
            if row is None or row.language != lang:
                self.store.update_application(conn, app_id, language=lang)
            cancel.append((fu_rules.REASON_COMPANY_EMAIL.format(message_id=email.message_id),
                           [k for k in FollowupKind if kinds.cancelled_by_any_company_email(k)]))
        if verdict.label == Label.REJECTION:
            cancel.append((fu_rules.REASON_REJECTION_TAKES_OVER,
                           [k for k in FollowupKind if kinds.cancelled_by_rejection(k)]))
        if cancel:
            self.planner.cancel_each(conn, app_id, cancel)
        if verdict.label == Label.REJECTION:
            self.schedule_followup(conn, app_id, email, received, now, contact=contact)
        if facts.calendar is not None and not self.is_from_user(email):
            self.apply_invitation(conn, app_id, email, facts.calendar, now, contact)
        return disposition, app_id

    def language_of(self, email: ParsedEmail) -> str:
        """The language of a company's email (the follow-up answering it is written in it)."""
        return language.detect(f"{email.subject}\n{apps.strip_quoted(email.text or '')}", self.followup.language)

    def apply_invitation(self, conn: Connection, app_id: int, email: ParsedEmail, inv: Invitation, now: datetime,
                         contact: Address | None = None) -> None:
        """An invitation's (or an update's) calendar part: the interview's time, and its thank-you."""
        if inv.cancelled:
            self.planner.interview_cancelled(conn, app_id, now)
            return
        row = self.store.application(conn, app_id)
        to = self.recipient(conn, app_id, email, contact or inv.organizer, app=row)
        mid, subject, refs = email.message_id, email.subject, dumps_ids(list(email.references))
        if row.interview_message_id and row.interview_message_id != email.message_id and \
                (row.interview_uid == inv.uid or not inv.uid):
            # an update: stay threaded under the first invitation, to the person who invited
            first = self.store.event(conn, row.interview_message_id)
            mid, refs = row.interview_message_id, first.references_json if first is not None else "[]"
            subject = first.subject if first is not None and first.subject else subject
            who = queries.event_contact(conn, mid)
            to = Address(name=who[0], email=who[1]) if who else to
        answer = Answer(message_id=mid, at=inv.end, subject=subject, references=refs,
                        to_name=to.name if to else None, to_addr=to.email if to else None,
                        reason=None if to else contacts.contact_reason(email, None))
        self.planner.interview_time(conn, app_id, inv.start, inv.end, uid=inv.uid, answer=answer,
                                    language=row.language or self.followup.language, now=now, account=self.account)

    def calendar_update(self, conn: Connection, email: ParsedEmail, inv: Invitation, now: datetime) -> None:
        """A calendar email that is not a job email: it moves a known interview (same UID or thread)."""
        app_id = queries.application_for_interview_uid(conn, inv.uid) or \
            self.store.application_for_thread(conn, parent_keys(email))
        if app_id is not None:
            self.apply_invitation(conn, app_id, email, inv, now)

    def link_application(self, conn: Connection, email: ParsedEmail, label: str, now: datetime,
                         facts: Facts | None = None, language: str | None = None) -> int:
        """The application this email belongs to (:func:`agent.record.linking.choose`), created when none
        (in ``language``, the language of the company's email)."""
        facts = facts or facts_of(email)
        company, role = facts.company, facts.role
        key = apps.normalize_company(company) if company else None
        sender = email.from_.domain if email.from_ is not None else ""
        thread_app = self.store.application_for_thread(conn, thread_keys(email))
        link = linking.choose(thread_app=thread_app, role=role, source=facts.source,
                              sender_domain=org_domain(sender) if sender else "",  # the thread wins: no candidates
                              candidates=queries.candidates(conn, key or "") if thread_app is None else ())
        app_id = link.application_id
        if app_id is None:
            app_id = self.store.create_application(
                conn, company=company, company_key=key, role=role, status=LABEL_STATUS[label],
                message_id=email.message_id, subject=email.subject, now=now, account=self.account,
                language=language)
        else:
            row = self.store.application(conn, app_id)
            fill: dict[str, Any] = {}
            if not row.company and company:
                fill.update(company=company, company_key=key)
            if not row.role and role:
                fill["role"] = role
            if fill:
                self.store.update_application(conn, app_id, **fill)
        self.store.link_thread(conn, app_id, thread_keys(email))
        return app_id

    def refresh_status(self, conn: Connection, app_id: int, now: datetime, force: bool = False) -> Any:
        """The status derived from the events (``force``: also when they are unchanged - a revival).
        Returns the application row as read before the update (None when it has no events)."""
        evs = self.store.application_events(conn, app_id)
        if not evs:
            if force:
                self.store.update_application(conn, app_id, status=AppStatus.APPLIED, updated_at=iso(now))
            return None
        status, idx = derive_status([e.label for e in evs])
        setter = evs[idx]
        row = self.store.application(conn, app_id)
        if force or (row.status, row.status_message_id) != (status, setter.message_id):
            self.store.update_application(conn, app_id, status=status, status_message_id=setter.message_id,
                                          status_subject=setter.subject, updated_at=iso(now))
        return row

    # -- follow-ups (the rules are agent.followups.rules) --------------------------------------------

    def schedule_followup(self, conn: Connection, app_id: int, email: ParsedEmail, rejected_at: datetime,
                          now: datetime, contact: Address | None = None) -> int | None:
        """The rejection's thank-you (one per application, whatever happens later), its template
        chosen by stage (:func:`agent.followups.kinds.rejection_stage`)."""
        if queries.followup_by_slot(conn, app_id, FollowupKind.REJECTION_THANKS) is not None:
            return None
        f = self.followup
        stage = kinds.rejection_stage(queries.had_interview(conn, app_id))
        if not kinds.wants_rejection_thanks(stage, enabled=f.rejection_thanks,
                                            after_application_rejection=f.after_application_rejection):
            log.info("rejection %s: no follow-up (%s, switched off)", email.message_id, stage)
            return None
        if not fu_rules.in_window(rejected_at, now, f.max_days):
            log.info("rejection %s is older than the %d-day window: no follow-up", email.message_id, f.max_days)
            return None
        due = compute_due(rejected_at, min_days=f.min_days, max_days=f.max_days, tz=f.tz, hours=f.hours,
                          seed=email.message_id)
        to = self.recipient(conn, app_id, email, contact)
        answer = Answer(message_id=email.message_id, at=rejected_at, subject=email.subject,
                        references=dumps_ids(list(email.references)), to_name=to.name if to else None,
                        to_addr=to.email if to else None, reason=contacts.contact_reason(email, to))
        fid = self.planner.create(conn, app_id, FollowupKind.REJECTION_THANKS, stage, FollowupKind.REJECTION_THANKS,
                                  answer, due, self.language_of(email), now, account=self.account)
        self.followups_scheduled += fid is not None
        return fid

    def recipient(self, conn: Connection, app_id: int, email: ParsedEmail | None,
                  contact: Address | None = None, app: Any = None) -> Address | None:
        """A human to write to (see :func:`agent.followups.rules.choose_recipient`): ``contact`` (the
        email's own, when already known), else the thread's last human, else the application's contact
        set with ``onward add``/``edit``."""
        if contact is None and email is not None:
            contact = apps.human_contact(email)
        last = self.store.last_human_contact(conn, app_id)
        thread_human = Address(name=last[0], email=last[1]) if last else None
        app = app if app is not None else self.store.application(conn, app_id)
        own = Address(name=app.contact_name or "", email=app.contact_addr) if app is not None and \
            app.contact_addr else None
        return fu_rules.choose_recipient(contact, thread_human or own, self.user_addresses) or \
            fu_rules.choose_recipient(own, None, self.user_addresses)

    def check_in_answer(self, conn: Connection, app: Any) -> Answer:
        """A check-in is threaded under the company's last email and goes to its last human."""
        last = queries.last_event(conn, app.id)
        to = self.recipient(conn, app.id, None, app=app)
        subject = last.subject if last is not None and last.subject else \
            " – ".join(x for x in ("Application", app.role, app.company) if x)
        return Answer(message_id=last.message_id if last is not None else "",
                      at=parse_iso(last.received_at if last is not None else app.applied_at or app.created_at),
                      subject=subject, references=last.references_json if last is not None else "[]",
                      to_name=to.name if to else None, to_addr=to.email if to else None,
                      reason=None if to else "no human recipient: nobody at the company has written yet")

    def time_rules(self, conn: Connection, now: datetime) -> tuple[int, int]:
        """Check-ins due and applications gone silent (once per pass); returns (check-ins, ghosted)."""
        return self.planner.time_rules(conn, now, self.check_in_answer)

    def cancel_if_company_wrote(self, conn: Connection, email: ParsedEmail, received: datetime,
                                now: datetime | None = None, *, rejection: bool = False) -> None:
        """The company wrote again in the thread after what a follow-up answers: it is moot (a
        rejection: the rejection's thank-you takes over). An application gone silent is revived."""
        if self.is_from_user(email):
            return
        app_id = self.store.application_for_thread(conn, parent_keys(email))
        if app_id is None:
            return
        for fu in queries.open_followups_of(conn, app_id):
            if not fu_rules.company_wrote_again(email, received, fu, parse_iso(fu.rejected_at)):
                continue
            reason = fu_rules.REASON_REJECTION_TAKES_OVER if rejection and kinds.cancelled_by_rejection(fu.kind) \
                else fu_rules.company_wrote_reason(email.message_id)
            self.store.update_followup(conn, fu.id, status=FollowupStatus.CANCELLED, reason=reason)
            log.info("follow-up %d cancelled: %s", fu.id, reason)
        row = self.store.application(conn, app_id)
        if row is not None and row.status == AppStatus.NO_RESPONSE:
            self.refresh_status(conn, app_id, now or received, force=True)

    def cancel_open_followup(self, conn: Connection, app_id: int, reason: str) -> None:
        self.planner.cancel(conn, app_id, reason, [FollowupKind.REJECTION_THANKS])

    # -- corrections --------------------------------------------------------------------------------

    def correct(self, conn: Connection, email: ParsedEmail, label: str, received: datetime,
                now: datetime) -> str:
        """The user says this email is ``label``: fix the record at once. Returns what changed."""
        existing = self.store.event(conn, email.message_id)
        if existing is not None and existing.label == label:
            self.store.set_event_label(conn, email.message_id, label)
            return "unchanged"
        if existing is not None:
            app_id = existing.application_id
            if label in JOB_LABELS:
                self.store.set_event_label(conn, email.message_id, label)
            else:
                self.store.delete_event(conn, email.message_id)
            self.refresh_status(conn, app_id, now)
            if existing.label == Label.REJECTION and label != Label.REJECTION:
                self.cancel_open_followup(conn, app_id, fu_rules.REASON_USER_CORRECTED)
            if label == Label.REJECTION:
                self.schedule_followup(conn, app_id, email, received, now)
            return f"{existing.label} -> {label}"
        disposition, _ = self.record(conn, email, Verdict.by_user(label), received, now)
        return f"recorded as {label}" if disposition == Disposition.EVENT else f"noted as {label}"

    def relabel(self, conn: Connection, email: ParsedEmail, label: str, received: datetime, now: datetime,
                source: str) -> str:
        """The user says ``email`` is ``label`` (``onward label`` or a training folder): fix the record
        if the email is on it, and keep the email as a training example (one per Message-ID, the last
        word wins). Returns what changed."""
        change = "kept"
        if self.store.message_row(conn, email.message_id) is not None:
            change = self.correct(conn, email, label, received, now)
            self.store.set_message_label(conn, email.message_id, label, "classified")
        subject, body, sender = email_text(email)
        self.store.upsert_example(conn, message_id=email.message_id, label=label, subject=subject,
                                  body=body[:BODY_KEEP_CHARS], from_addr=sender, source=source, now=now)
        return change


def utcnow() -> datetime:
    return datetime.now(UTC)
