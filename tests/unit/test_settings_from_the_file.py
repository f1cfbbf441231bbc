"""A [followup] setting read from the user's config file acts as the same setting written in code.

A value the TOML reader gives is a string made at run time, never the interned literal a test writes,
so a rule that compared it by identity (``is not "skip"``) would pass every test that builds its settings
from a Python dict and still ignore the user's file. These tests load the file as ``onward`` does
(``load_settings``) and run a whole pass over the in-memory mailbox with the real model."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from agent.config import load_settings
from agent.followups.rules import FollowupKind
from agent.mail.memory import MemoryMailbox
from agent.model.classifier import Classifier
from agent.pipeline import Agent
from agent.record.store import Store
from tests import followup_samples as fs
from tests.unit.memory_world import USER, deliver, followups

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # a Monday


def _agent_from_file(tmp_path: Path, model: Classifier, followup_lines: str) -> tuple[MemoryMailbox, Agent, Store]:
    cfg = tmp_path / "onward.toml"
    cfg.write_text(f"""
[imap]
host = "imap.example.org"
username = "{USER}"
folders = ["INBOX"]
initial_lookback_days = 90

[followup]
your_name = "Alex Doe"
from_address = "{USER}"
timezone = "Europe/Berlin"
check_in = false
{followup_lines}

[classifier]
workers = -1

[storage]
database = "sqlite:///{tmp_path / 'onward.db'}"
""", encoding="utf-8")
    cfg.chmod(0o600)
    settings = load_settings(cfg)
    store = Store.for_settings(settings)
    store.migrate()
    box = MemoryMailbox()
    return box, Agent(settings, store, model, password="unused", client=lambda: box), store


@pytest.mark.parametrize("setting, thanks", [("skip", 0), ("draft", 1)])
def test_after_application_rejection_read_from_the_file_is_obeyed(tmp_path, model, setting, thanks):
    box, agent, store = _agent_from_file(tmp_path, model, f'after_application_rejection = "{setting}"')
    try:
        deliver(box, fs.role_rejection("Globex", "Data Analyst", "Hank Scorpio <hank@globex.example>",
                                        NOW - timedelta(days=1), "<r1@globex.example>"))
        agent.run_pass(NOW)
        kinds = [f.kind for f in followups(store)]
        assert kinds.count(FollowupKind.REJECTION_THANKS) == thanks, kinds
    finally:
        store.close()
