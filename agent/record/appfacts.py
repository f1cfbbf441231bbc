"""An application's facts, as follow-up planning reads them (typed, read in bulk, no decision here).

What the record knows of one application: its own fields (company, role, account, language, the
contact and applied date the user gave, the interview's time and when it became known), its events
(each with the recipient the one recipient rule allowed, and when it was put on record), the other
emails the company wrote in its thread, the user's word on its follow-ups (skipped slots, the
recipients the user chose), the rejections recorded elsewhere that may be its own (:class:`PossibleRejection`),
and the recipients its follow-ups bounced for (:class:`BouncedAddress`).
:func:`agent.followups.plan.plan` turns them into the follow-ups there should be; they are read by
:func:`agent.record.store.applications.application_facts`. Pure: no database here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from agent.mail.types import Address


@dataclass(frozen=True)
class EventFact:
    """One job email of the application."""

    message_id: str
    label: str
    at: datetime                # when it arrived (Date header)
    recorded_at: datetime       # when Onward put it on record
    subject: str
    references_json: str        # its thread keys (JSON list)
    contact: Address | None     # whom its headers allow a follow-up to (agent.record.contacts.recipient_rule)
    contact_source: str         # from | reply-to | organizer | ""
    contact_reason: str | None  # why nobody, or which headers were not used


@dataclass(frozen=True)
class MailFact:
    """An email of the company in the application's thread that is no job event (a reply, a note)."""

    message_id: str
    at: datetime
    recorded_at: datetime
    contact: Address | None = None  # whom its headers allow a follow-up to (a recruiter writing personally)


@dataclass(frozen=True)
class InterviewFact:
    start: datetime
    end: datetime
    uid: str
    message_id: str             # the invitation a thank-you is threaded under ("" when set by hand)
    known_at: datetime          # when the time became known (the invitation's date, or `onward interview`)


@dataclass(frozen=True)
class ChosenRecipient:
    """A recipient the user chose for one of the application's follow-ups: given with ``followups set --to``
    (``at``: when), or the person the user sent its draft to - added in the mail client to a draft saved
    without one, or kept (``at``: when the copy in Sent was written)."""

    slot: str
    at: datetime
    address: Address
    sent: bool = False  # the person its draft was sent to (else: given with followups set --to)


@dataclass(frozen=True)
class PossibleRejection:
    """A rejection recorded in another application of the account, flagged as a possible duplicate (it named no
    role - or, from a recruitment agency, neither client nor role), whose sender also wrote for this one: it
    may be this application's, until the user merges it (``onward merge``) or says it is not (``followups
    restore`` of what it held)."""

    message_id: str
    at: datetime                # its Date
    application_id: int         # the application it is recorded in


@dataclass(frozen=True)
class BouncedAddress:
    """An address a mail system reported it could not deliver one of the application's follow-ups to (a
    bounce of its draft, or of its copy in Sent)."""

    address: str                # lower-cased
    at: datetime                # the report's date
    message_id: str             # the report's own
    slot: str                   # the follow-up's


@dataclass(frozen=True)
class AppFacts:
    id: int
    account: str
    company: str | None
    role: str | None
    status: str                 # as recorded (derived from the events, or set by the user)
    updated_at: datetime
    created_at: datetime
    language: str | None
    contact: Address | None     # onward add/edit --contact
    applied_at: datetime | None
    interview: InterviewFact | None
    interview_cancelled_by: str | None
    events: tuple[EventFact, ...] = ()
    thread_mail: tuple[MailFact, ...] = ()
    skipped: frozenset[str] = field(default_factory=frozenset)  # slots the user skipped
    # check-ins as the mailbox saw them: when each one's draft was saved in Drafts (slot, drafted_at), and
    # those cancelled before a draft was saved (skipped, or ended by a fact: slot, when the user's own mail
    # that ended it was written, or None)
    check_ins_drafted: tuple[tuple[str, datetime], ...] = ()
    check_ins_ended: tuple[tuple[str, datetime | None], ...] = ()
    recipients_chosen: tuple[ChosenRecipient, ...] = ()  # by the user, on any of its follow-ups, oldest first
    cancelled_invitation: str | None = None  # the invitation of the interview the company cancelled (none since)
    maybe_rejected: tuple[PossibleRejection, ...] = ()  # rejections of other applications that may be its, oldest first
    bounced: tuple[BouncedAddress, ...] = ()  # recipients its follow-ups bounced for, oldest first

    def check_in_drafted_at(self, slot: str) -> datetime | None:
        return next((at for s, at in self.check_ins_drafted if s == slot), None)

    def check_in_ended(self, slot: str) -> tuple[bool, datetime | None]:
        """Whether the check-in of ``slot`` was cancelled before its draft was saved, and when the user's
        mail that ended it was written (None: skipped, or ended otherwise)."""
        return next(((True, at) for s, at in self.check_ins_ended if s == slot), (False, None))

    def event(self, message_id: str) -> EventFact | None:
        return next((e for e in self.events if e.message_id == message_id), None)

    def first(self, label: str) -> EventFact | None:
        return next((e for e in self.events if e.label == label), None)


__all__ = ["AppFacts", "BouncedAddress", "ChosenRecipient", "EventFact", "InterviewFact", "MailFact",
           "PossibleRejection"]
