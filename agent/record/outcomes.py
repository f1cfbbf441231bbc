"""The record stage: applies one classified email to the store (application, event, follow-up).

It runs inside the caller's transaction and talks to the database only through ``Store``. The
decisions are the pure rules of :mod:`agent.record.rules` (disposition, status) and
:mod:`agent.followups.rules` (when a follow-up is created or cancelled, whom it addresses); this
module only looks up what they need and writes what they decide.

Linking: a job email joins an application by thread headers first (Message-ID, In-Reply-To,
References), then by company name; otherwise a new application is opened.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from agent.config import ClassifierSettings, FollowupSettings, Settings
from agent.followups import rules as fu_rules
from agent.followups.rules import FollowupStatus
from agent.followups.schedule import compute_due
from agent.mail.parse import email_text
from agent.mail.types import Address, ParsedEmail
from agent.record import applications as apps
from agent.record import contacts
from agent.record.facts import Facts, facts_of
from agent.record.rules import (
    BODY_KEEP_CHARS,
    JOB_LABELS,
    LABEL_STATUS,
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
        user = [settings.imap.username] if settings.imap else []
        return cls(store, settings.classifier, settings.followup, [*user, settings.followup.from_address or ""],
                   model_threshold=model_threshold)

    def __init__(self, store: Store, thresholds: ClassifierSettings, followup: FollowupSettings,
                 user_addresses: Sequence[str] = (), model_threshold: float = 0.5) -> None:
        self.store = store
        rejection = thresholds.rejection_threshold
        self.thresholds = Thresholds(rejection=rejection if rejection is not None else model_threshold,
                                     min_confidence=thresholds.min_confidence)
        self.followups_scheduled = 0  # counter for pass reports
        self.followup = followup
        self.user_addresses = {a.lower() for a in user_addresses if a}

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
        self.cancel_if_company_wrote(conn, email, received)
        if disposition is None:
            disposition = self.thresholds.disposition(verdict)
        if disposition != Disposition.EVENT or self.store.event_exists(conn, email.message_id):
            return disposition, None
        facts = facts or facts_of(email)
        app_id = self.link_application(conn, email, verdict.label, now, facts)
        contact = facts.contact
        self.store.add_event(
            conn, message_id=email.message_id, application_id=app_id, label=verdict.label,
            confidence=round(verdict.confidence, 4), received_at=iso(received), subject=email.subject,
            from_addr=email.from_.email if email.from_ else None,
            contact_name=contact.name if contact else None, contact_email=contact.email if contact else None,
            references_json=dumps_ids(thread_keys(email)), source=verdict.source)
        self.refresh_status(conn, app_id, now)
        if verdict.label == Label.REJECTION:
            self.schedule_followup(conn, app_id, email, received, now, contact=contact)
        return disposition, app_id

    def link_application(self, conn: Connection, email: ParsedEmail, label: str, now: datetime,
                         facts: Facts | None = None) -> int:
        """The application this email belongs to (by thread, then company), created when none."""
        facts = facts or facts_of(email)
        company, role = facts.company, facts.role
        key = apps.normalize_company(company) if company else None
        app_id = self.store.application_for_thread(conn, thread_keys(email))
        if app_id is None and key:
            app_id = self.store.application_for_company(conn, key)
        if app_id is None:
            app_id = self.store.create_application(
                conn, company=company, company_key=key, role=role, status=LABEL_STATUS[label],
                message_id=email.message_id, subject=email.subject, now=now)
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

    def refresh_status(self, conn: Connection, app_id: int, now: datetime) -> None:
        evs = self.store.application_events(conn, app_id)
        if not evs:
            return
        status, idx = derive_status([e.label for e in evs])
        setter = evs[idx]
        row = self.store.application(conn, app_id)
        if (row.status, row.status_message_id) != (status, setter.message_id):
            self.store.update_application(conn, app_id, status=status, status_message_id=setter.message_id,
                                          status_subject=setter.subject, updated_at=iso(now))

    # -- follow-ups (the rules are agent.followups.rules) --------------------------------------------

    def schedule_followup(self, conn: Connection, app_id: int, email: ParsedEmail, rejected_at: datetime,
                          now: datetime, contact: Address | None = None) -> int | None:
        if self.store.followup_for_application(conn, app_id) is not None:
            return None  # one follow-up per application, whatever happens later
        f = self.followup
        if not fu_rules.in_window(rejected_at, now, f.max_days):
            log.info("rejection %s is older than the %d-day window: no follow-up", email.message_id, f.max_days)
            return None
        due = compute_due(rejected_at, min_days=f.min_days, max_days=f.max_days, tz=f.tz, hours=f.hours,
                          seed=email.message_id)
        to = self.recipient(conn, app_id, email, contact)
        self.followups_scheduled += 1
        return self.store.create_followup(
            conn, application_id=app_id, rejection_message_id=email.message_id, rejected_at=iso(rejected_at),
            due_at=iso(due), status=FollowupStatus.SCHEDULED if to else FollowupStatus.NEEDS_RECIPIENT,
            to_name=to.name if to else None, to_addr=to.email if to else None, subject=email.subject,
            in_reply_to=email.message_id, references_json=dumps_ids(list(email.references)),
            reason=contacts.contact_reason(email, to), created_at=iso(now))

    def recipient(self, conn: Connection, app_id: int, email: ParsedEmail | None,
                  contact: Address | None = None) -> Address | None:
        """A human to thank (see :func:`agent.followups.rules.choose_recipient`); ``contact``: the
        email's own, when already known."""
        if contact is None and email is not None:
            contact = apps.human_contact(email)
        last = self.store.last_human_contact(conn, app_id)
        thread_human = Address(name=last[0], email=last[1]) if last else None
        return fu_rules.choose_recipient(contact, thread_human, self.user_addresses)

    def cancel_if_company_wrote(self, conn: Connection, email: ParsedEmail, received: datetime) -> None:
        """The company wrote again in the thread after the rejection: the follow-up is moot."""
        if self.is_from_user(email):
            return
        app_id = self.store.application_for_thread(conn, parent_keys(email))
        fu = self.store.followup_for_application(conn, app_id) if app_id is not None else None
        if fu is None or not fu_rules.company_wrote_again(email, received, fu, parse_iso(fu.rejected_at)):
            return
        self.store.update_followup(conn, fu.id, status=FollowupStatus.CANCELLED,
                                   reason=fu_rules.company_wrote_reason(email.message_id))
        log.info("follow-up %d cancelled: the company wrote again in the thread", fu.id)

    def cancel_open_followup(self, conn: Connection, app_id: int, reason: str) -> None:
        fu = self.store.followup_for_application(conn, app_id)
        if fu is not None and fu.is_open:
            self.store.update_followup(conn, fu.id, status=FollowupStatus.CANCELLED, reason=reason)

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
