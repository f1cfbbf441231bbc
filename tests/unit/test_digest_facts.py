"""The weekly digest is built from the same facts as the record, through real passes over the in-memory
mailbox: a draft saved earlier in the same pass is waiting (with or without a recipient), applications
count by the day the user applied, and the digest has one ISO week name (subject, ``digest --json``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.parser import BytesParser
from email.policy import default

from agent.demo import samples
from agent.followups.rules import FollowupStatus
from agent.record.store import iso, journal
from tests import followup_samples as fs
from tests.unit.memory_world import deliver, memory_world

MONDAY = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)  # Monday of ISO week 2026-W45


def _digest(box):
    [raw] = [r for r in box.raw_messages("Drafts") if b"onward-digest-" in r]
    return BytesParser(policy=default).parsebytes(raw)


def test_a_draft_saved_without_recipient_in_the_same_pass_is_waiting(tmp_path, model):
    box, agent, store = memory_world(tmp_path, model, lookback_days=90, digest={"enabled": True})
    try:
        deliver(box, fs.role_ack("Initech", "QA Lead", MONDAY - timedelta(days=20), "<a1@initech.example>"))
        report = agent.run_pass(MONDAY + timedelta(hours=1))  # saves the check-in, then the digest
        assert report.drafts_saved == 1
        with store.transaction() as conn:
            [fu] = store.list_followups(conn)
            [saved] = journal.saved_digests(conn)
        assert fu.status == FollowupStatus.NEEDS_RECIPIENT and fu.draft_message_id
        digest = _digest(box)
        body = digest.get_content()
        assert "Initech — QA Lead: check-in (saved Mon 2 Nov; no recipient yet: add one there)" in body
        assert "None: you are up to date." not in body
        assert digest["Subject"] == f"Onward weekly digest — {saved.week}" == "Onward weekly digest — 2026-W45"
        assert "W44" not in body  # the week looked back at is given by its days, not another week name
    finally:
        store.close()


def test_applications_count_by_the_day_the_user_applied(tmp_path, model):
    box, agent, store = memory_world(tmp_path, model, lookback_days=90, digest={"enabled": True})
    try:
        last_week = MONDAY - timedelta(days=4)
        deliver(box, samples.ack("Acme", "Backend Engineer", last_week, "<a1@acme.example>"))
        # first seen through its rejection last week: sent on an unknown day, not "sent last week"
        deliver(box, samples.rejection("Globex", "Data Analyst", "Tom Baker <tom@globex.example>", last_week,
                                        "<r1@globex.example>"))
        # acknowledged three weeks ago, rejected last week: sent three weeks ago
        deliver(box, samples.ack("Hooli", "Engineer", MONDAY - timedelta(days=20), "<a2@hooli.example>"))
        agent.run_pass(MONDAY - timedelta(days=1), draft=False)
        with store.transaction() as conn:  # `onward add --applied` a day of the week before
            app = store.create_application(conn, company="Kramerica", company_key="kramerica", role="Intern",
                                           status="applied", message_id=None, subject=None, now=MONDAY)
            store.update_application(conn, app, applied_at=iso(MONDAY - timedelta(days=9)))
        agent.run_pass(MONDAY + timedelta(hours=1))
        body = _digest(box).get_content()
        assert "You sent 1 application last week (1 the week before)" in body
    finally:
        store.close()
