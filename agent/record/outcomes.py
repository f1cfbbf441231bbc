"""The record stage: puts one classified email on record as FACTS (application, event, thread, the
interview's time, the recipient its headers allow) - and nothing else.

It runs inside the caller's transaction and talks to the database only through ``Store`` and
:mod:`agent.record.store.applications`. It never plans, cancels or addresses a follow-up: that is
:mod:`agent.followups.reconcile`, which reads these facts once per pass (and after every user action)
and makes the follow-ups what :func:`agent.followups.plan.plan` says they should be. So this module
imports nothing of :mod:`agent.followups`.

Linking (:mod:`agent.record.linking`): an application is (company, role) of one account; a job email
joins one by thread headers first, then by sender identity, then by role, then by company name only
when the domains agree; a company-name match from an unrelated registered domain opens a new
application flagged ``possible_duplicate_of``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from agent.config import ClassifierSettings, Settings
from agent.mail.calendar import Invitation
from agent.mail.parse import email_text
from agent.mail.types import ParsedEmail
from agent.record import applications as apps
from agent.record import contacts, linking
from agent.record.facts import Facts, facts_of
from agent.record.rules import (
    BODY_KEEP_CHARS,
    JOB_LABELS,
    LABEL_STATUS,
    AppStatus,
    Disposition,
    Thresholds,
    Verdict,
    derive_status,
    parent_keys,
    thread_keys,
)
from agent.record.store import ApplicationRow, Connection, Store, dumps_ids, iso
from agent.record.store import applications as app_store
from agent.record.store.database import Value

log = logging.getLogger(__name__)

LanguageOf = Callable[[ParsedEmail], str]


class Recorder:
    """Applies classified emails to the store as facts (inside the caller's transaction)."""

    @classmethod
    def for_settings(cls, store: Store, settings: Settings, model_threshold: float = 0.5,
                     language_of: LanguageOf | None = None) -> Recorder:
        """The recorder for a config: the user's own addresses are the IMAP login and the From address."""
        recorder = cls(store, settings.classifier, user_addresses(settings), model_threshold=model_threshold,
                       language_of=language_of)
        recorder.account = settings.account  # what it records is the account's (see agent/record/store/migrations.py:v3_accounts)
        return recorder

    def __init__(self, store: Store, thresholds: ClassifierSettings, user_addresses: Sequence[str] = (),
                 model_threshold: float = 0.5, language_of: LanguageOf | None = None) -> None:
        self.store = store
        rejection = thresholds.rejection_threshold
        self.thresholds = Thresholds(rejection=rejection if rejection is not None else model_threshold,
                                     min_confidence=thresholds.min_confidence)
        self.user_addresses = frozenset(a.lower() for a in user_addresses if a)
        self.language_of = language_of  # the language of a company's email (its follow-up is written in it)
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
        """Put one email on record; returns (disposition, application_id or None). The application is
        also returned for a company's email in the thread of one that is no job event (a fact planning
        reads: the company wrote). ``facts``, ``disposition``: when already computed by the intake."""
        if disposition is None:
            disposition = self.thresholds.disposition(verdict)
        from_user = self.is_from_user(email)
        if disposition != Disposition.EVENT or self.store.event_exists(conn, email.message_id):
            if from_user:
                return disposition, None
            if facts is not None and facts.calendar is not None:
                self.calendar_update(conn, email, facts.calendar, received, now)
            app_id = app_store.application_for_thread(conn, parent_keys(email), self.account)
            if app_id is not None:  # the company wrote in the thread (whatever the email is)
                self._revive(conn, app_id, now)
                return disposition, app_id
            return disposition, None
        facts = facts or facts_of(email)
        calendar = facts.calendar if not from_user else None
        app_id, duplicate_of = self.link_application(conn, email, verdict.label, now, facts)
        choice = contacts.recipient_rule(email, calendar.organizer if calendar else None, self.user_addresses)
        self.store.add_event(
            conn, message_id=email.message_id, application_id=app_id, label=verdict.label,
            confidence=round(verdict.confidence, 4), received_at=iso(received), subject=email.subject,
            from_addr=email.from_.email if email.from_ else None,
            contact_name=choice.contact.name if choice.contact else None,
            contact_email=choice.contact.email if choice.contact else None,
            references_json=dumps_ids(thread_keys(email)), source=verdict.source, account=self.account,
            recorded_at=iso(now), contact_source=choice.source or None,
            contact_reason="; ".join(choice.notes) or None, sender_key=contacts.sender_key(email.from_) or None)
        row = self.refresh_status(conn, app_id, now)
        if duplicate_of is not None:
            self.store.update_application(conn, app_id, possible_duplicate_of=duplicate_of)
        self.recorded_company = row.company if row is not None else None
        if not from_user and self.language_of is not None:
            lang = self.language_of(email)
            if row is None or row.language != lang:
                self.store.update_application(conn, app_id, language=lang)
        if calendar is not None:
            self.apply_invitation(conn, app_id, email, calendar, received)
        return disposition, app_id

    def _revive(self, conn: Connection, app_id: int, now: datetime) -> None:
        """The company wrote: an application gone silent (``no_response``) takes its derived status again."""
        row = self.store.application(conn, app_id)
        if row is not None and row.status == AppStatus.NO_RESPONSE:
            self.refresh_status(conn, app_id, now, force=True)

    def apply_invitation(self, conn: Connection, app_id: int, email: ParsedEmail, inv: Invitation,
                         received: datetime) -> None:
        """An invitation's (or an update's) calendar part: the interview's time as a fact - when it
        became known (the email's date) and the invitation it came with (an update of the same event
        stays threaded under the first invitation). A cancellation clears the time and says which email
        cancelled it."""
        if inv.cancelled:
            self.store.update_application(conn, app_id, interview_start=None, interview_end=None,
                                          interview_cancelled_by=email.message_id)
            return
        row = self.store.known_application(conn, app_id)
        fields: dict[str, Value] = dict(interview_start=iso(inv.start), interview_end=iso(inv.end),
                                      interview_set_at=iso(received), interview_cancelled_by=None)
        if inv.uid:
            fields["interview_uid"] = inv.uid
        same_event = row.interview_message_id and (row.interview_uid == inv.uid or not inv.uid)
        if not same_event:
            fields["interview_message_id"] = email.message_id
        self.store.update_application(conn, app_id, **fields)

    def calendar_update(self, conn: Connection, email: ParsedEmail, inv: Invitation, received: datetime,
                        now: datetime) -> None:
        """A calendar email that is not a job email: it moves a known interview (same UID or thread)."""
        app_id = app_store.application_for_interview_uid(conn, inv.uid, self.account) or \
            app_store.application_for_thread(conn, parent_keys(email), self.account)
        if app_id is not None:
            self.apply_invitation(conn, app_id, email, inv, received)

    def link_application(self, conn: Connection, email: ParsedEmail, label: str, now: datetime,
                         facts: Facts | None = None) -> tuple[int, int | None]:
        """The application this email belongs to (:func:`agent.record.linking.choose`), created when none;
        and, for a new one, the application of the same company name it may duplicate."""
        facts = facts or facts_of(email)
        company, role = facts.company, facts.role
        key = apps.normalize_company(company) if company else None
        sender = contacts.sender_key(email.from_)
        thread_app = app_store.application_for_thread(conn, thread_keys(email), self.account)
        if thread_app is None and facts.calendar is not None:  # an update of a known interview (its UID)
            thread_app = app_store.application_for_interview_uid(conn, facts.calendar.uid, self.account)
        named = app_store.candidates(conn, key or "", self.account) if thread_app is None else []
        link = linking.choose(
            thread_app=thread_app, role=role, source=facts.source, sender_domain=contacts.key_domain(sender),
            candidates=named, same_sender=self._with_company_keys(conn, sender, named) if thread_app is None else (),
            company_key=key or "")
        app_id = link.application_id
        if app_id is None:
            app_id = self.store.create_application(
                conn, company=company, company_key=key, role=role, status=LABEL_STATUS[label],
                message_id=email.message_id, subject=email.subject, now=now, account=self.account)
        else:
            row = self.store.known_application(conn, app_id)
            fill: dict[str, Value] = {}
            if not row.company and company:
                fill.update(company=company, company_key=key)
            if not row.role and role:
                fill["role"] = role
            if fill:
                self.store.update_application(conn, app_id, **fill)
        self.store.link_thread(conn, app_id, thread_keys(email))
        return app_id, link.possible_duplicate_of

    def _with_company_keys(self, conn: Connection, sender: str,
                           named: Sequence[linking.Candidate]) -> list[linking.Candidate]:
        """The applications with an email from ``sender``; those of another company name carry its key (rare:
        linking asks whether that name is the sender domain's own)."""
        known = {c.id for c in named}
        return [c if c.id in known else replace(c, company_key=self._company_key(conn, c.id))
                for c in app_store.same_sender(conn, sender, self.account)]

    def _company_key(self, conn: Connection, app_id: int) -> str:
        return self.store.known_application(conn, app_id).company_key or ""

    def refresh_status(self, conn: Connection, app_id: int, now: datetime,
                       force: bool = False) -> ApplicationRow | None:
        """The status derived from the events (``force``: also when they are unchanged - a revival).
        Returns the application row as read before the update (None when it has no events)."""
        evs = self.store.application_events(conn, app_id)
        if not evs:
            if force:
                self.store.update_application(conn, app_id, status=AppStatus.APPLIED, updated_at=iso(now))
            return None
        status, idx = derive_status([e.label for e in evs])
        setter = evs[idx]
        row = self.store.known_application(conn, app_id)
        if force or (row.status, row.status_message_id) != (status, setter.message_id):
            self.store.update_application(conn, app_id, status=status, status_message_id=setter.message_id,
                                          status_subject=setter.subject, updated_at=iso(now))
        return row

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


def user_addresses(settings: Settings) -> list[str]:
    """The user's own addresses: every account's IMAP login and the follow-up From address."""
    user = [a.imap.username for a in settings.accounts] or ([settings.imap.username] if settings.imap else [])
    return [*user, settings.followup.from_address or ""]


def utcnow() -> datetime:
    return datetime.now(UTC)


__all__ = ["Recorder", "user_addresses", "utcnow"]
