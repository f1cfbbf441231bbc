"""A pass reconciles the follow-ups of its own account's applications, and of applications no configured
account owns (``onward add`` files them under ``default``) - never another configured account's: that
account's own passes do, in whichever process (or worker of a pool) holds it, so two passes of different
accounts never plan the same application at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from agent.model.classifier import Classifier
from agent.record.rules import AppStatus
from agent.record.store import iso
from tests.unit.memory_world import followups, memory_world

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
OTHER = {"host": "imap.example.org", "username": "b@example.org", "folders": ["INBOX"]}


def test_a_pass_plans_its_own_and_ownerless_applications_only(tmp_path: Path, model: Classifier) -> None:
    box, agent, store = memory_world(tmp_path, model, accounts={"b": OTHER})
    try:
        applied = NOW - timedelta(days=20)  # a check-in is due after 14 quiet days
        ids = {}
        with store.transaction() as conn:
            for account in ("default", "b", "gone"):  # "gone": an account no longer in the config
                ids[account] = store.create_application(
                    conn, company=f"Acme {account}", company_key=f"acme {account}", role="Data Engineer",
                    status=AppStatus.APPLIED, message_id=None, subject=None, now=applied, account=account)
                store.update_application(conn, ids[account], applied_at=iso(applied),
                                         contact_addr=f"jane@{account}.test")
        agent.run_pass(now=NOW)  # the pass of account "default"
        planned = {fu.application_id for fu in followups(store)}
        assert planned == {ids["default"], ids["gone"]}
    finally:
        store.close()
