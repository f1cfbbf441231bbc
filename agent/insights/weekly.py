"""Saving the weekly digest (once per pass, from :mod:`agent.pipeline`): decide (pure,
:mod:`agent.insights.digest`), then apply - one draft in Drafts, From and To the user, ``\\Draft``, never
sent, never doubled.

Never doubled: the ``digests`` table has one row per week, written after the APPEND; the draft's
Message-ID derives from the week and the address, and :func:`agent.followups.draft_once.save_once`
looks for it in Drafts before the APPEND, as it does for the follow-up drafts. One digest a week per person: a person's
accounts are those whose drafts are signed with the same name (:meth:`agent.config.Settings.person_accounts`); their
digest covers their applications only and is saved by the pass of their first account, in its Drafts. So one person
with two mailboxes gets one digest of both, and each job seeker of a careers service their own.
"""

from __future__ import annotations

import logging
from datetime import datetime

from agent.config import Settings
from agent.followups.draft import build_draft
from agent.followups.draft_once import save_once
from agent.insights import digest as content
from agent.insights.load import recorded
from agent.insights.stats import of_accounts
from agent.mail.client import MailClient
from agent.mail.types import Address
from agent.record.store import Store, journal

log = logging.getLogger(__name__)


def due(settings: Settings, now: datetime) -> str | None:
    """The week whose digest this account's pass saves now (None: none is due, or another account of the same
    person saves it)."""
    d = settings.digest
    if not d.enabled or settings.person_accounts()[0] != settings.account:
        return None
    return content.due_week(now, content.WEEKDAYS.index(d.weekday), d.hour, settings.followup.tz)


def compose(settings: Settings, store: Store, week: str, now: datetime) -> tuple[content.Digest, str, bytes]:
    """The digest of ``week`` of the person the account belongs to (their applications only): its content,
    Message-ID and draft bytes (From and To that person)."""
    f = settings.followup
    address = f.from_address or ""
    with store.transaction() as conn:
        rec = of_accounts(recorded(conn), settings.person_accounts())
    digest = content.compose(rec, week, f.tz, quiet_days=f.check_in_days, now=now)
    mid = content.message_id(week, address)
    me = Address(name=f.your_name, email=address) if address else None
    raw = build_draft(to=me, from_addr=me, original_subject=digest.subject, in_reply_to=None, references=[],
                      message_id=mid, date=now, body=digest.body)
    return digest, mid, raw


def save_digest(settings: Settings, store: Store, mb: MailClient, now: datetime) -> str | None:
    """Save this week's digest if it is due and not saved yet; returns its week when saved now."""
    week = due(settings, now)
    if week is None:
        return None
    with store.transaction() as conn:
        if journal.saved_digest(conn, week, settings.account) is not None:
            return None
    _digest, mid, raw = compose(settings, store, week, now)
    drafts = mb.ensure_drafts()

    def mark_saved() -> None:
        with store.transaction() as conn:
            journal.record_digest(conn, week, mid, now, settings.account)

    if save_once(mb, drafts, raw, now, already_saved=lambda: mb.draft_exists(drafts, mid), mark_saved=mark_saved):
        log.info("weekly digest %s saved to %s", week, drafts)
    else:
        log.info("weekly digest %s already in %s (recovered after an interruption)", week, drafts)
    return week
