"""Outcomes: what one classified email does to the record (application, event, follow-up).

This is the "record" stage of the pipeline. It runs inside the caller's transaction and only talks
to the database through ``Store``; the decisions themselves are small pure functions
(``decide_disposition``, ``derive_status``, ``followup_plan``) that are unit-tested without a server.

Rules (documented for users in the README):

* A job email (rejection, interview, offer, acknowledgement) becomes an outcome *event* of an
  application. Emails are linked to an application by thread headers first (Message-ID,
  In-Reply-To, References), then by company name; otherwise a new application is opened.
* The application's status is derived from its events in date order: acknowledgement → applied,
  interview → interview, rejection → rejected, offer → offer. An acknowledgement never moves an
  application back from interview/rejected/offer.
* A rejection below ``classifier.rejection_threshold`` (and any job label below
  ``classifier.min_confidence``, and any email whose rejection probability is at least half the
  threshold) is put on record as *review* only: no event, no follow-up, listed by
  ``onward review`` for the user to confirm or correct.
* A rejection schedules exactly one follow-up per application, due on a weekday morning inside the
  window; rejections already older than ``followup.max_days`` are recorded without one.
* Any later message from someone else in the thread of an application with an open follow-up
  (the company writing again) cancels that follow-up.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection

from agent.config import ClassifierSettings, FollowupSettings, Settings
from agent.followups.schedule import compute_due
from agent.mail.parse import email_text
from agent.mail.types import Address, ParsedEmail
from agent.record import applications as apps
from agent.record.store import Store, dumps_ids, iso, loads_ids, parse_iso

log = logging.getLogger(__name__)

JOB_LABELS = ("rejection", "interview", "offer", "acknowledgement")
LABEL_STATUS = {"acknowledgement": "applied", "interview": "interview", "rejection": "rejected", "offer": "offer"}
REVIEW_FRACTION = 0.5
BODY_KEEP_CHARS = 20_000


@dataclass(frozen=True)
class Verdict:
    """The classifier's answer for one email, as the record stage needs it."""

    label: str
    confidence: float
    p_rejection: float
    source: str = "model"  # model | user

    @classmethod
    def of(cls, pred: Any) -> Verdict:
        """From a classifier Prediction."""
        return cls(label=pred.label, confidence=float(pred.confidence),
                   p_rejection=float(pred.probabilities.get("rejection", 0.0)))


@dataclass(frozen=True)
class Facts:
    """What the record stage derives from an email alone - company, role, the human to thank, the
    serialised facts.  Pure, so a big pass computes it in the worker processes that parsed the email
    (see agent.intake) and the main process, which must record one email after another, only writes."""

    company: str | None
    role: str | None
    contact: Address | None
    json: str


def facts_of(email: ParsedEmail) -> Facts:
    return Facts(company=apps.extract_company(email), role=apps.extract_role(email),
                 contact=apps.human_contact(email), json=facts_json(email))


def decide_disposition(v: Verdict, rejection_threshold: float, min_confidence: float) -> str:
    """'event' (put on record), 'review' (ask the user) or 'ignore' (not a job email).

    The classifier only says "rejection" when P(rejection) >= ``rejection_threshold``; an email
    whose P(rejection) is at least half of that, but below, goes to review instead of the record.
    """
    if v.source == "user":
        return "event" if v.label in JOB_LABELS else "ignore"
    if v.label == "rejection":
        return "event" if v.p_rejection >= rejection_threshold else "review"
    if v.label in JOB_LABELS and v.confidence < min_confidence:
        return "review"
    if v.p_rejection >= REVIEW_FRACTION * rejection_threshold:
        return "review"
    return "event" if v.label in JOB_LABELS else "ignore"


def derive_status(labels_in_date_order: Sequence[str]) -> tuple[str, int]:
    """The application status after these events, and the index of the event that set it."""
    status, index = "applied", 0
    for i, label in enumerate(labels_in_date_order):
        new = LABEL_STATUS.get(label)
        if new is None:
            continue
        if new == "applied" and status != "applied":
            continue  # an acknowledgement never moves an application backwards
        status, index = new, i
    return status, index


def email_date(email: ParsedEmail, internaldate: datetime | None, now: datetime) -> datetime:
    """When the email arrived: its Date header, else the server's INTERNALDATE, else now."""
    for candidate in (email.date, internaldate):
        if candidate is not None:
            if candidate.tzinfo is None:
                candidate = candidate.replace(tzinfo=UTC)
            return candidate.astimezone(UTC)
    return now


# -- serialising the facts of an email (to correct it later without the mailbox) -------------------


def facts_json(email: ParsedEmail) -> str:
    data = asdict(email)
    data.pop("text", None)
    data["date"] = email.date.isoformat() if email.date else None
    return json.dumps(data, ensure_ascii=False)


def email_from_facts(facts: str, body: str) -> ParsedEmail:
    """Rebuild a ParsedEmail stored with ``facts_json`` (for corrections made later)."""
    data = json.loads(facts)
    data["from_"] = Address(**data["from_"]) if data.get("from_") else None
    for key in ("reply_to", "to", "cc"):
        data[key] = tuple(Address(**a) for a in data.get(key) or ())
    data["references"] = tuple(data.get("references") or ())
    data["defects"] = tuple(data.get("defects") or ())
    data["date"] = datetime.fromisoformat(data["date"]) if data.get("date") else None
    data["text"] = body
    known = set(ParsedEmail.__dataclass_fields__)
    return ParsedEmail(**{k: v for k, v in data.items() if k in known})


def thread_keys(email: ParsedEmail) -> list[str]:
    keys = [email.message_id, *email.references]
    if email.in_reply_to:
        keys.append(email.in_reply_to)
    return keys


def sender_text(email: ParsedEmail) -> str:
    if email.from_ is None:
        return ""
    return f"{email.from_.name} <{email.from_.email}>" if email.from_.name else email.from_.email


# -- the record stage -----------------------------------------------------------------------------


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
        self.rejection_threshold = (thresholds.rejection_threshold if thresholds.rejection_threshold
                                    is not None else model_threshold)
        self.min_confidence = thresholds.min_confidence
        self.followups_scheduled = 0  # counter for pass reports
        self.followup = followup
        self.user_addresses = {a.lower() for a in user_addresses if a}

    def is_from_user(self, email: ParsedEmail) -> bool:
        return email.from_ is not None and email.from_.email.lower() in self.user_addresses

    def record(self, conn: Connection, email: ParsedEmail, verdict: Verdict, received: datetime,
               now: datetime, facts: Facts | None = None) -> tuple[str, int | None]:
        """Put one email on record; returns (disposition, application_id or None).  ``facts``: the
        email's :class:`Facts` when already computed (else computed here, when needed)."""
        self.cancel_if_company_wrote(conn, email, received)
        disposition = decide_disposition(verdict, self.rejection_threshold, self.min_confidence)
        if disposition != "event" or self.store.event_exists(conn, email.message_id):
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
        if verdict.label == "rejection":
            self.schedule_followup(conn, app_id, email, received, now, contact=contact)
        return disposition, app_id

    def link_application(self, conn: Connection, email: ParsedEmail, label: str, now: datetime,
                         facts: Facts | None = None) -> int:
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

    # -- follow-ups --------------------------------------------------------------------------------

    def schedule_followup(self, conn: Connection, app_id: int, email: ParsedEmail, rejected_at: datetime,
                          now: datetime, contact: Address | None = None) -> int | None:
        if self.store.followup_for_application(conn, app_id) is not None:
            return None  # one follow-up per application, whatever happens later
        f = self.followup
        if now - rejected_at > timedelta(days=f.max_days):
            log.info("rejection %s is older than the %d-day window: no follow-up", email.message_id, f.max_days)
            return None
        due = compute_due(rejected_at, min_days=f.min_days, max_days=f.max_days, tz=f.tz, hours=f.hours,
                          seed=email.message_id)
        to = self.recipient(conn, app_id, email, contact)
        self.followups_scheduled += 1
        return self.store.create_followup(
            conn, application_id=app_id, rejection_message_id=email.message_id, rejected_at=iso(rejected_at),
            due_at=iso(due), status="scheduled" if to else "needs_recipient",
            to_name=to.name if to else None, to_addr=to.email if to else None, subject=email.subject,
            in_reply_to=email.message_id, references_json=dumps_ids(list(email.references)),
            created_at=iso(now))

    def recipient(self, conn: Connection, app_id: int, email: ParsedEmail | None,
                  contact: Address | None = None) -> Address | None:
        """A human to thank: the rejection's Reply-To/From if a person (``contact``, when already
        known), else the thread's last human."""
        if contact is None and email is not None:
            contact = apps.human_contact(email)
        if contact is not None and contact.email.lower() not in self.user_addresses:
            return contact
        last = self.store.last_human_contact(conn, app_id)
        if last and last[1].lower() not in self.user_addresses:
            return Address(name=last[0], email=last[1])
        return None

    def cancel_if_company_wrote(self, conn: Connection, email: ParsedEmail, received: datetime) -> None:
        """The company wrote again in the thread after the rejection: the follow-up is moot."""
        if self.is_from_user(email):
            return
        keys = [k for k in (email.in_reply_to, *email.references) if k]
        app_id = self.store.application_for_thread(conn, keys)
        if app_id is None:
            return
        fu = self.store.followup_for_application(conn, app_id)
        if fu is None or fu.draft_message_id or fu.status not in ("scheduled", "needs_recipient"):
            return
        if email.message_id == fu.rejection_message_id or received <= parse_iso(fu.rejected_at):
            return
        self.store.update_followup(conn, fu.id, status="cancelled",
                                   reason=f"the company wrote again in the thread ({email.message_id})")
        log.info("follow-up %d cancelled: the company wrote again in the thread", fu.id)

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
            if existing.label == "rejection" and label != "rejection":
                self.cancel_open_followup(conn, app_id, "the user corrected the rejection")
            if label == "rejection":
                self.schedule_followup(conn, app_id, email, received, now)
            return f"{existing.label} -> {label}"
        verdict = Verdict(label=label, confidence=1.0, p_rejection=1.0 if label == "rejection" else 0.0,
                          source="user")
        disposition, _ = self.record(conn, email, verdict, received, now)
        return f"recorded as {label}" if disposition == "event" else f"noted as {label}"

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

    def cancel_open_followup(self, conn: Connection, app_id: int, reason: str) -> None:
        fu = self.store.followup_for_application(conn, app_id)
        if fu is not None and fu.status in ("scheduled", "needs_recipient") and not fu.draft_message_id:
            self.store.update_followup(conn, fu.id, status="cancelled", reason=reason)


def followup_references(fu: Any) -> list[str]:
    refs = loads_ids(fu.references_json)
    if fu.in_reply_to not in refs:
        refs.append(fu.in_reply_to)
    return refs


def utcnow() -> datetime:
    return datetime.now(UTC)
