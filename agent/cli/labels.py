"""``onward label MESSAGE_ID LABEL``: the user's word on one recorded email fixes the record at once."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from email.parser import BytesHeaderParser
from typing import Any

from agent.accounts.access import AccountAccess
from agent.cli.common import EXIT_CONFIG, EXIT_OK, CliError, command_now, open_store, settings_for
from agent.config import Settings
from agent.followups.reconcile import Reconciler
from agent.mail.client import MailClient
from agent.mail.parse import parse_message
from agent.model.classifier import LABELS
from agent.record.facts import email_from_facts, facts_of
from agent.record.outcomes import Recorder, utcnow
from agent.record.rules import BODY_KEEP_CHARS
from agent.record.store import parse_iso
from agent.scan import email_language


def _message_row(store: Any, conn: Any, message_id: str) -> Any:
    """The recorded email with this Message-ID, written with or without its angle brackets."""
    bare = message_id.strip().removeprefix("<").removesuffix(">")
    return store.message_row(conn, f"<{bare}>") or store.message_row(conn, message_id.strip())


def cmd_label(args: argparse.Namespace) -> int:
    if args.label not in LABELS:
        raise CliError(f"label {args.label!r}: expected one of {', '.join(LABELS)}", EXIT_CONFIG)
    settings = settings_for(args, required=False)
    store = open_store(settings)
    try:
        message_id, change = relabel_recorded(settings, store, args.message_id, args.label,
                                              now=command_now(args, settings))
    finally:
        store.close()
    print(f"{message_id}: {change}; kept as a training example")
    return EXIT_OK


def relabel_recorded(settings: Settings, store: Any, message_id: str, label: str, *,
                     client: Callable[[], MailClient] | None = None,
                     now: datetime | None = None) -> tuple[str, str]:
    """``onward label``: the user says the recorded email ``message_id`` is ``label``; the record is
    fixed at once.  Any email a pass recorded can be labelled, whatever the model called it: one the
    pass kept no facts of (a confident ``other``) is read again, read-only, from the folder it was
    recorded in (``client``: the test's mailbox), and its facts are kept from then on. ``now``: when the
    user said it (``--now``; default: the wall clock).
    Returns (its Message-ID, what changed)."""
    with store.transaction() as conn:
        row = _message_row(store, conn, message_id)
    if row is None:
        raise CliError(f"no recorded email with Message-ID {message_id} (see onward events / onward review)",
                       EXIT_CONFIG)
    if row.facts_json:
        email, facts = email_from_facts(row.facts_json, row.body or ""), None
    else:
        raw = _read_again(settings, store, row, client)
        email = parse_message(raw)
        facts = facts_of(email, raw)
    now = now or utcnow()
    with store.transaction() as conn:
        if facts is not None:
            store.keep_message_facts(conn, row.message_id, facts.json, (email.text or "")[:BODY_KEEP_CHARS])
        recorder = Recorder.for_settings(store, settings, language_of=email_language(settings))
        recorder.account = row.account  # the email's account: its follow-up is drafted there
        received = parse_iso(row.received_at) if row.received_at else email.date or now
        change = recorder.relabel(conn, email, label, received, now, source="cli")
        Reconciler(store, settings.followup).run(conn, now)  # the follow-ups the corrected facts call for
    return row.message_id, change


def _read_again(settings: Settings, store: Any, row: Any, client: Callable[[], MailClient] | None) -> bytes:
    """The raw email of messages ``row``, fetched again (BODY.PEEK: flags unchanged) from its account
    and folder: by its UID while the folder's UIDVALIDITY is the one recorded, else by Message-ID."""
    account = next((s for s in _account_settings(settings) if s.account == row.account), None)
    if account is None:
        raise CliError(f"{row.message_id} was read in account {row.account!r}, which is no longer in the "
                       "config", EXIT_CONFIG)
    with _Access(account, store, client).open_mailbox() as mb:
        status = mb.examine(row.folder)
        uids = [row.uid] if status.uidvalidity == row.uidvalidity else []
        for uid in uids or _uids_with_message_id(mb, row.message_id):
            for batch in mb.fetch([uid]):
                for item in batch:
                    if _message_id_of(item.raw) == row.message_id:
                        return item.raw
            if uids:  # the UID holds another message now: look it up by Message-ID
                for again in _uids_with_message_id(mb, row.message_id):
                    for batch in mb.fetch([again]):
                        return batch[0].raw if batch else b""
    raise CliError(f"{row.message_id} is no longer in {row.folder} (moved or deleted?), and Onward kept no copy "
                   "of it: file it into a training folder instead", EXIT_CONFIG)


def _account_settings(settings: Settings) -> list[Settings]:
    return settings.select(None) if settings.accounts or settings.imap else []


def _uids_with_message_id(mb: MailClient, message_id: str) -> list[int]:
    found = mb.fetch_headers(mb.all_uids(), ["Message-ID"])
    return sorted(uid for uid, head in found.items() if _message_id_of(head) == message_id)


def _message_id_of(raw: bytes) -> str | None:
    value = BytesHeaderParser().parsebytes(raw).get("Message-ID")
    return str(value).strip() if value else None


class _Access(AccountAccess):
    """An account's mailbox for one command (the password or token as a pass would get it)."""

    def __init__(self, settings: Settings, store: Any, client: Callable[[], MailClient] | None) -> None:
        self.settings, self.imap, self.store = settings, settings.require_imap(), store
        self.account, self._password, self._client = settings.account, None, client
