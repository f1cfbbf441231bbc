"""Reads from the store what a note may say (:class:`agent.followups.notes.NoteFacts`); read-only.

* **Interviews**: the distinct interviews whose time was known (one interview thank-you slot each: a
  moved interview keeps its slot), but not one the company cancelled, at least one when the application had
  an interview at all - so a note says "interviews" only when the record knows of two held.
* **Days**: the interview's day (its end), the day the user applied (``onward add --applied``); the
  day an earlier check-in was sent (found in Sent). Nothing else is dated.
* **Check-in number**: 2 when an earlier check-in of the application, of the same stage, was sent, else 1 (a
  check-in after the interview does not refer to one about the application as "following my interview").
* **Why the company said no** (a rejection's thank-you): whether its latest rejection says the role itself
  went - on hold, cancelled, unfunded, reorganised (:func:`agent.followups.reasons.role_closed`, on its
  subject and kept body, quotes left out; without a kept body, the subject alone).
* **Portuguese**: ``followup.portuguese``, else the wording of the company's emails - subjects, and the
  bodies kept, quotes left out - and its mail domains (:func:`agent.followups.language.portuguese_variant`),
  else Brazilian Portuguese.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from agent.config import FollowupSettings
from agent.extract.names import strip_quoted
from agent.followups import language, reasons
from agent.followups.notes import NoteFacts
from agent.followups.rules import Followup, FollowupKind, FollowupStatus, Stage, held_interview_thanks
from agent.record.rules import Label
from agent.record.store import Connection, EventRow, Store, parse_iso
from agent.record.store import followups as fu_store
from agent.record.store.messages import kept_bodies


def _day(value: str | None, settings: FollowupSettings) -> date | None:
    return parse_iso(value).astimezone(settings.tz).date() if value else None


def draft_language(fu: Followup, settings: FollowupSettings, wording: str, domains: tuple[str, ...]) -> str:
    """The draft's language tag: the follow-up's language, Portuguese as "pt-BR" or "pt-PT"."""
    lang = fu.language or settings.language
    if language.base_language(lang) != "pt":
        return lang
    if settings.portuguese in language.PORTUGUESE:
        return settings.portuguese
    return language.portuguese_variant(wording, domains) or language.DEFAULT_PORTUGUESE


def _kind_and_stage(fu: Followup) -> tuple[str, str]:
    """The kind and stage of a follow-up's note (its template, ``<kind>/<stage>``)."""
    kind, _, stage = (fu.template or f"{fu.kind}/{Stage.AFTER_INTERVIEW}").partition("/")
    return kind, stage


def read(conn: Connection, store: Store, fu: Followup, app: Any, settings: FollowupSettings,
         contact: str | None, now: datetime) -> NoteFacts:
    """What the note for ``fu`` may say; ``contact``: the display name of the person it goes to."""
    events = store.application_events(conn, fu.application_id)
    domains = tuple(dict.fromkeys(a.rpartition("@")[2].lower() for e in events
                                  for a in (e.from_addr, e.contact_email) if a and "@" in a))
    wording = "\n".join(e.subject or "" for e in events)
    if language.base_language(fu.language or settings.language) == "pt":  # the company's own words tell its Portuguese
        wording += "".join(f"\n{strip_quoted(b)}" for b in kept_bodies(conn, [e.message_id for e in events]))
    kind, stage = _kind_and_stage(fu)
    thanks = fu_store.followups_of(conn, fu.application_id, FollowupKind.INTERVIEW_THANKS)
    interviews = len(held_interview_thanks(thanks))
    if stage == Stage.AFTER_INTERVIEW or getattr(app, "interview_start", None):
        interviews = max(interviews, 1)
    check_in, previous = 1, None
    if kind == FollowupKind.CHECK_IN:  # the first it refers to is of its stage ("following my interview")
        sent = [f for f in fu_store.followups_of(conn, fu.application_id, FollowupKind.CHECK_IN)
                if f.id < fu.id and f.status == FollowupStatus.SENT and f.sent_at
                and _kind_and_stage(f) == (kind, stage)]
        if sent:
            check_in, previous = 2, _day(max(f.sent_at or "" for f in sent), settings)
    interview_end = getattr(app, "interview_end", None) if stage == Stage.AFTER_INTERVIEW else None
    role_closed = kind == FollowupKind.REJECTION_THANKS and _role_closed(conn, events)
    return NoteFacts(
        kind=kind, stage=stage, language=draft_language(fu, settings, wording, domains),
        today=now.astimezone(settings.tz).date(), company=app.company or "", role=app.role or "",
        contact=contact, interviews=interviews,
        interview_day=_day(interview_end, settings),
        applied_day=_day(getattr(app, "applied_at", None), settings),
        check_in=check_in, previous_day=previous, domains=domains, role_closed=role_closed)


def _role_closed(conn: Connection, events: list[EventRow]) -> bool:
    """Whether the application's latest rejection says the role itself went (not a verdict on the user)."""
    rejections = [e for e in events if e.label == Label.REJECTION]
    if not rejections:
        return False
    latest = rejections[-1]  # events come oldest first
    body = "".join(strip_quoted(b) for b in kept_bodies(conn, [latest.message_id]))
    return reasons.role_closed(f"{latest.subject or ''}\n{body}")
