"""The record rules, pure: what a classified email is (a label), what it does to the record (a
disposition), and what status an application's history gives it.

Nothing here touches the database or the network, so every rule is unit-tested on plain values;
:mod:`agent.record.outcomes` applies the decisions to the store.

* A job email (rejection, interview, offer, acknowledgement) becomes an outcome *event* of an
  application (disposition ``event``).
* A rejection below the rejection threshold (and any job label below ``classifier.min_confidence``,
  and any email whose rejection probability is at least half the threshold) is put on record as
  *review* only: no event, no follow-up, listed by ``onward review`` for the user to confirm.
* The application's status is derived from its events in date order: acknowledgement → applied,
  assessment → assessment, interview → interview, rejection → rejected, offer → offer. An acknowledgement
  never moves an application back from assessment/interview/rejected/offer, nor an assessment from
  interview/offer (stage order applied < assessment < interview < offer).
* ``withdrawn`` is the user's word only (``onward edit --status withdrawn``) and no email changes it
  (:func:`held_by_user`): a later email of the company is recorded as an event, the evidence, but the
  application stays withdrawn until the user sets another status.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Protocol

from agent.mail.types import ParsedEmail


class Label(StrEnum):
    """The classifier's labels (a StrEnum: each member equals its string)."""

    REJECTION = "rejection"
    INTERVIEW = "interview"
    OFFER = "offer"
    ACKNOWLEDGEMENT = "acknowledgement"
    ASSESSMENT = "assessment"
    OTHER = "other"


class AppStatus(StrEnum):
    """An application's status (``outcomes --json`` ``status``)."""

    APPLIED = "applied"
    ASSESSMENT = "assessment"
    INTERVIEW = "interview"
    REJECTED = "rejected"
    OFFER = "offer"
    NO_RESPONSE = "no_response"  # no news for followup.ghosted_days; a later company email revives it
    WITHDRAWN = "withdrawn"  # the user withdrew it (onward edit --status withdrawn): no email changes it


class Disposition(StrEnum):
    """What one classified email does to the record."""

    EVENT = "event"    # put on record as an outcome event
    REVIEW = "review"  # listed by `onward review`, no event
    IGNORE = "ignore"  # not a job email


class MessageStatus(StrEnum):
    """The ``messages`` row's status: how far the pipeline got with one email."""

    CLASSIFIED = "classified"
    REVIEW = "review"
    FAILED = "failed"


JOB_LABELS: tuple[Label, ...] = (Label.REJECTION, Label.INTERVIEW, Label.OFFER, Label.ACKNOWLEDGEMENT,
                                  Label.ASSESSMENT)
LABEL_STATUS: dict[str, AppStatus] = {
    Label.ACKNOWLEDGEMENT: AppStatus.APPLIED, Label.ASSESSMENT: AppStatus.ASSESSMENT,
    Label.INTERVIEW: AppStatus.INTERVIEW, Label.REJECTION: AppStatus.REJECTED, Label.OFFER: AppStatus.OFFER,
}
# The order of the open stages: an email of an earlier stage never moves an application back from a
# later one (an acknowledgement after an interview, a test link after the interview was set).
STAGE_ORDER: tuple[AppStatus, ...] = (AppStatus.APPLIED, AppStatus.ASSESSMENT, AppStatus.INTERVIEW, AppStatus.OFFER)
DISPOSITION_STATUS: dict[Disposition, MessageStatus] = {
    Disposition.EVENT: MessageStatus.CLASSIFIED, Disposition.IGNORE: MessageStatus.CLASSIFIED,
    Disposition.REVIEW: MessageStatus.REVIEW,
}
REVIEW_FRACTION = 0.5
BODY_KEEP_CHARS = 20_000


class _Prediction(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def confidence(self) -> float: ...
    @property
    def probabilities(self) -> dict[str, float]: ...


@dataclass(frozen=True)
class Verdict:
    """The classifier's answer for one email, as the record stage needs it."""

    label: str
    confidence: float
    p_rejection: float
    source: str = "model"  # model | user

    @classmethod
    def of(cls, pred: _Prediction) -> Verdict:
        """From a classifier Prediction."""
        return cls(label=pred.label, confidence=float(pred.confidence),
                   p_rejection=float(pred.probabilities.get(Label.REJECTION, 0.0)))

    @classmethod
    def by_user(cls, label: str) -> Verdict:
        """The user's own word (``onward label``, a training folder): certain."""
        return cls(label=label, confidence=1.0, p_rejection=1.0 if label == Label.REJECTION else 0.0,
                   source="user")


@dataclass(frozen=True)
class Thresholds:
    """The two numbers that decide a disposition (picklable: worker processes apply them too)."""

    rejection: float
    min_confidence: float

    def disposition(self, v: Verdict) -> Disposition:
        return decide_disposition(v, self.rejection, self.min_confidence)


def decide_disposition(v: Verdict, rejection_threshold: float, min_confidence: float) -> Disposition:
    """``event`` (put on record), ``review`` (ask the user) or ``ignore`` (not a job email).

    The classifier only says "rejection" when P(rejection) >= ``rejection_threshold``; an email
    whose P(rejection) is at least half of that, but below, goes to review instead of the record.
    """
    if v.source == "user":
        return Disposition.EVENT if v.label in JOB_LABELS else Disposition.IGNORE
    if v.label == Label.REJECTION:
        return Disposition.EVENT if v.p_rejection >= rejection_threshold else Disposition.REVIEW
    if v.label in JOB_LABELS and v.confidence < min_confidence:
        return Disposition.REVIEW
    if v.p_rejection >= REVIEW_FRACTION * rejection_threshold:
        return Disposition.REVIEW
    return Disposition.EVENT if v.label in JOB_LABELS else Disposition.IGNORE


def no_news_unless_first(auto_reply: bool, v: Verdict) -> bool:
    """Whether an email is an autoresponder's answer the model reads as an acknowledgement or as no job email:
    news only when it is the first word of a company (a ``jobs@`` mailbox that acknowledges by auto-reply).
    Answering the user's own mail in an application's thread, or from a contact who wrote before (an out of
    office after a check-in or a thank-you), it is no news: it ends no silence, revives nothing and is no
    acknowledgement. One the model reads as a rejection, an interview or an offer is taken as it reads."""
    return auto_reply and v.source == "model" and v.label in (Label.ACKNOWLEDGEMENT, Label.OTHER)


def held_by_user(status: str) -> bool:
    """Whether an application's status is the user's word that no email changes: ``withdrawn`` (the user
    withdrew the application). A company email after it - the confirmation, a late rejection, an invitation, an
    offer - is recorded as an event, but neither reopens the application nor plans a follow-up; the user's next
    ``edit --status`` is what changes it. (Every other status the user sets holds until the company's next email
    derives the status from the emails again.)"""
    return status == AppStatus.WITHDRAWN


def derive_status(labels_in_date_order: Sequence[str]) -> tuple[AppStatus, int]:
    """The application status after these events, and the index of the event that set it."""
    status, index = AppStatus.APPLIED, 0
    for i, label in enumerate(labels_in_date_order):
        new = LABEL_STATUS.get(label)
        if new is None:
            continue
        if new == AppStatus.APPLIED and status != AppStatus.APPLIED:
            continue  # an acknowledgement never moves an application backwards
        if new == AppStatus.ASSESSMENT and status in STAGE_ORDER and STAGE_ORDER.index(status) > STAGE_ORDER.index(new):
            continue  # nor does a test after the interview (or the offer)
        status, index = new, i
    return status, index


def status_with_interview(dated: Sequence[tuple[datetime, str]], interview_at: datetime | None,
                          started: datetime | None = None) -> tuple[AppStatus, int | None]:
    """The status of an application's job emails ``dated`` ((date, label), oldest first) with an interview
    that names no email (``onward interview --at``) counted as an interview email from ``interview_at`` (when
    it became known) - or from when it ``started``, if earlier: typed after it took place, an email dated
    between the two (the company's no) came after it - in date order, after the emails of the same moment,
    so that a test after it does not move the application back, as after an invitation; and the index in
    ``dated`` of the email that set it (None: the interview did). The record's status and the plan's status
    of a moment both come from here."""
    labels = [label for _at, label in dated]
    if interview_at is None:
        return derive_status(labels)
    if started is not None:
        interview_at = min(interview_at, started)
    pos = bisect_right([at for at, _label in dated], interview_at)
    status, idx = derive_status([*labels[:pos], Label.INTERVIEW, *labels[pos:]])
    return status, (idx if idx < pos else None if idx == pos else idx - 1)


def typed_first(message_id: str | None, known_at: datetime,
                invitation_dates: Iterable[datetime] = ()) -> bool:
    """Whether an interview was first known from the user's typing (``onward interview --at``): no invitation
    email names it (``message_id``), or the one that does is dated after the time became known (``known_at``;
    ``invitation_dates``: the dates of the emails with that Message-ID, none when not read)."""
    return not message_id or any(known_at < at for at in invitation_dates)


def calendar_news(*, known_uid: str | None, known_at: datetime | None, uid: str, cancelled: bool,
                  at: datetime) -> bool:
    """Whether a calendar email dated ``at`` for the event ``uid`` (a cancellation when ``cancelled``) changes the
    interview on record - of the event ``known_uid``, as its calendar email dated ``known_at`` left it (None:
    no calendar email did; the user typed it). Not an older version of the event on record than the one it
    holds, nor the same again (the original read after its update: in another watched folder, or filed there
    by the user later): the latest version of an event decides, whatever order its emails are read in. Nor a
    cancellation of another event than the one on record (an event the company replaced with it). Another
    event's invitation is news: the record keeps one interview."""
    same = bool(uid) and uid == known_uid
    if same and known_at is not None and at <= known_at:
        return False
    return not (cancelled and known_uid and uid and not same)


@dataclass(frozen=True)
class Remains:
    """What an application holds besides its events (read when a correction took its last event away)."""

    applied_at: str | None  # set by ``onward add`` / ``edit --applied``
    contact_addr: str | None  # set by ``onward add --contact`` / ``edit --contact``
    interview_start: str | None
    notes: int
    followups_touched: int  # follow-ups with a draft saved, sent, or the user's word on them
    other_mail: int  # other recorded emails linked to it (its thread)


def reasons_to_keep(remains: Remains) -> list[str]:
    """Why an application whose last job email the user has just called no job email stays on record: what
    of it is the user's or still on record (each as a few words). Empty: it existed only because of that
    misreading, and is removed - relabelling the email as a job email again records it anew."""
    reasons = []
    if remains.applied_at or remains.contact_addr:
        reasons.append("your own details (applied date, contact)")
    if remains.interview_start:
        reasons.append("an interview time")
    if remains.notes:
        reasons.append(f"{remains.notes} journal note(s)")
    if remains.followups_touched:
        reasons.append(f"{remains.followups_touched} follow-up(s) drafted or acted on")
    if remains.other_mail:
        reasons.append(f"{remains.other_mail} other email(s) of its thread")
    return reasons


# What a merge fills in on the application it keeps, each when that one lacks it (``onward merge``).
MERGE_FILLED = ("company", "company_key", "role", "contact_addr", "contact_name", "applied_at", "language")
# The interview, one fact in several columns: its time, the invitation that named it (none for one typed with
# ``onward interview --at``), when it became known (which typed round it is) and its cancellation.
INTERVIEW_COLUMNS = ("interview_start", "interview_end", "interview_message_id", "interview_uid", "interview_set_at",
                     "interview_cancelled_by")


class _Merged(Protocol):
    """An application row as a merge reads it (:data:`MERGE_FILLED`, :data:`INTERVIEW_COLUMNS`)."""

    @property
    def interview_start(self) -> str | None: ...


def merged_values(keep: _Merged, gone: _Merged) -> dict[str, object]:
    """The columns application ``keep`` takes from ``gone`` merged into it (rows with the columns of
    :data:`MERGE_FILLED` and :data:`INTERVIEW_COLUMNS`): each value of :data:`MERGE_FILLED` it lacks; and
    ``gone``'s interview whole - never a mix of the two, which would be neither (a typed interview without
    the moment it was entered, or with the calendar UID of the other's cancelled invitation, is another
    interview, with another thank-you) - when ``keep`` knows no interview time and ``gone`` does, or ``keep``
    knows nothing of an interview."""
    values = {k: getattr(gone, k) for k in MERGE_FILLED if not getattr(keep, k) and getattr(gone, k)}
    kept = [getattr(keep, k) for k in INTERVIEW_COLUMNS]
    if not keep.interview_start and (gone.interview_start or not any(kept)):
        values.update((k, getattr(gone, k)) for k, was in zip(INTERVIEW_COLUMNS, kept, strict=True)
                      if getattr(gone, k) != was)
    return values


def email_date(email: ParsedEmail, internaldate: datetime | None, now: datetime) -> datetime:
    """When the email arrived: its Date header, else the server's INTERNALDATE, else now."""
    for candidate in (email.date, internaldate):
        if candidate is not None:
            if candidate.tzinfo is None:
                candidate = candidate.replace(tzinfo=UTC)
            return candidate.astimezone(UTC)
    return now


def thread_keys(email: ParsedEmail) -> list[str]:
    """The Message-IDs that tie an email to its thread: its own, References, In-Reply-To."""
    keys = [email.message_id, *email.references]
    if email.in_reply_to:
        keys.append(email.in_reply_to)
    return keys


def parent_keys(email: ParsedEmail) -> list[str]:
    """The Message-IDs an email answers (In-Reply-To, References), without its own."""
    return [k for k in (email.in_reply_to, *email.references) if k]


# a forward's subject prefix: Fwd/Fw, German WG, French TR, Spanish RV, Italian I, Portuguese ENC, Dutch Doorst,
# Norwegian VB, Finnish VL, Polish PD
_FORWARD_RE = re.compile(r"^\s*(?:fwd?|wg|tr|rv|i|enc|doorst|vb|vl|pd)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]", re.IGNORECASE)


def is_forward(subject: str | None) -> bool:
    """Whether a mail of the user's is a forward ("Fwd: ...", "WG: ..."): some mail clients keep the thread's
    headers on a forward, but one passed on to a friend or a mentor - to nobody of the company - answers nobody
    there and makes no follow-up moot; and a company's email the user forwards from another mailbox is the
    company's news (:func:`own_mail_is_news`)."""
    return bool(_FORWARD_RE.match(subject or ""))


def own_mail_is_news(email: ParsedEmail) -> bool:
    """Whether an email from one of the user's own addresses can be news of an application: only a forward of
    the company's email (from the user's other mailbox). The user's reply, note or draft is never the company's
    word, also when a watched folder holds it - Gmail's All Mail holds every draft and every sent email."""
    return is_forward(email.subject)
