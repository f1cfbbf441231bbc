"""A whole Onward over the in-memory mailbox (agent.mail.memory): the real pass, a real SQLite file
in the test's tmp dir (or the database ``database`` names: the ``store_url`` fixture gives one on each
store) and the real model, for fast tests of the record, follow-up and digest rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agent.config import parse_settings
from agent.mail.memory import MemoryMailbox
from agent.mail.parse import parse_message
from agent.model.classifier import Classifier
from agent.pipeline import Agent
from agent.record.store import Store

USER = "alex@example.org"


def memory_world(tmp_path: Path, model: Classifier, *, timezone: str = "UTC", lookback_days: int = 60,
                 followup: dict[str, Any] | None = None, database: str | None = None,
                 imap: dict[str, Any] | None = None, box: MemoryMailbox | None = None,
                 **sections: Any) -> tuple[MemoryMailbox, Agent, Store]:
    """(mailbox, agent, store) for user ``USER``; ``followup`` / ``imap`` add [followup] / [imap] keys,
    ``sections`` whole sections (``digest={...}``); ``box``: a mailbox of the test's own (a subclass that
    acts as some server does). The caller closes the store."""
    box = MemoryMailbox() if box is None else box
    settings = parse_settings({
        "imap": {"host": "imap.example.org", "username": USER, "folders": ["INBOX"],
                 "initial_lookback_days": lookback_days, **(imap or {})},
        "followup": {"your_name": "Alex Doe", "from_address": USER, "timezone": timezone, **(followup or {})},
        "classifier": {"workers": -1},
        "storage": {"database": database or f"sqlite:///{tmp_path / 'onward.db'}"},
        **sections,
    })
    store = Store.for_settings(settings)  # as the daemon opens it (storage.keep_bodies too)
    store.migrate()
    return box, Agent(settings, store, model, password="unused", client=lambda: box), store


def deliver(box: MemoryMailbox, raw: bytes, folder: str = "INBOX") -> None:
    """Put ``raw`` into ``folder`` with its Date header as INTERNALDATE."""
    box.deliver(folder, raw, parse_message(raw).date)


def outcomes(store: Store) -> list[Any]:
    """The applications, as ``onward outcomes`` lists them."""
    with store.transaction() as conn:
        return store.list_outcomes(conn)


def followups(store: Store) -> list[Any]:
    """The follow-ups, as ``onward followups`` lists them."""
    with store.transaction() as conn:
        return store.list_followups(conn)
