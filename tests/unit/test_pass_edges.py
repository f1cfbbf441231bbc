"""What a pass reports about itself, through real passes over the in-memory mailbox: the count of
cancelled follow-ups matches the rows it cancelled, and ``run --once --now`` (a clock moved by hand)
leaves ``last_pass_at`` at the real time, never in the future."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from agent.accounts.state import states
from agent.cli.accounts import run_once
from agent.demo import samples
from agent.followups.rules import FollowupStatus
from agent.pipeline import Agent
from agent.report import StopFlag
from tests import followup_samples as fs
from tests.unit.memory_world import deliver, memory_world

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _cancelled(store) -> int:
    with store.transaction() as conn:
        return sum(f.status == FollowupStatus.CANCELLED for f in store.list_followups(conn))


def test_a_pass_reports_the_cancellations_it_made(tmp_path, model):
    box, agent, store = memory_world(tmp_path, model, timezone="Europe/Berlin", lookback_days=90)
    try:
        acked = NOW - timedelta(days=20)
        deliver(box, fs.role_ack("Initech", "QA Lead", acked, "<a1@initech.example>"))
        assert agent.run_pass(NOW, draft=False).followups_scheduled == 1  # the check-in
        assert agent.run_pass(NOW + timedelta(minutes=1), draft=False).followups_scheduled == 0
        assert _cancelled(store) == 0
        deliver(box, samples.interview("Initech", "QA Lead", "Bill L", "bill@initech.example",
                                        NOW + timedelta(minutes=5), "<i1@initech.example>"))
        report = agent.run_pass(NOW + timedelta(minutes=10))
        assert report.cancelled == _cancelled(store) == 1  # the check-in, cancelled while recording the email
        assert f"cancelled {report.cancelled}" in report.summary()
        assert agent.run_pass(NOW + timedelta(minutes=20)).cancelled == 0
    finally:
        store.close()


def test_run_once_with_a_future_now_records_the_real_time(tmp_path, model, monkeypatch):
    box, agent, store = memory_world(tmp_path, model)
    try:
        monkeypatch.setattr(Agent, "open_mailbox", lambda self: box)
        future = datetime.now(UTC) + timedelta(days=30)
        before = datetime.now(UTC).replace(microsecond=0)
        assert run_once([agent.settings], store, model, StopFlag(), future) == 0
        last = datetime.fromisoformat(states(store)[agent.account].last_pass_at)
        assert before <= last <= datetime.now(UTC)
    finally:
        store.close()
