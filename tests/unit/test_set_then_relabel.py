"""A rejection's thank-you the user changed (``followups set --to`` / ``--due``, or the web page's form), then the
rejection labelled ``other`` by mistake and ``rejection`` again at once (the review queue's ``x`` then ``r``):
the thank-you comes back as the user left it - to the person they chose, at the time they chose - as one never
touched does (fix 82). Real passes over the in-memory mailbox, a real SQLite file, the real model, the real CLI."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from agent.cli import main
from agent.demo.samples import build_email
from agent.followups.rules import FollowupKind
from agent.record.followup_rows import FollowupStatus
from tests.unit.memory_world import USER, deliver, followups, memory_world

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
NO = build_email(from_="Mark Ellison <mark@tidewell.test>", to=USER, subject="Your application: Junior PM",
                 body="Hi Alex,\n\nThank you for applying for the Junior PM role at Tidewell. Unfortunately we have "
                      "decided to move forward with other candidates whose experience more closely matches our "
                      "needs.\n\nBest of luck,\nMark Ellison\nTidewell", date=T0, message_id="<no@tidewell.test>")


def _cli(tmp_path: Path, *args: str, at: datetime) -> None:
    cfg = tmp_path / "onward.toml"
    cfg.write_text(f'[storage]\ndatabase = "sqlite:///{tmp_path / "onward.db"}"\n'
                   '[followup]\nfrom_address = "alex@example.org"\ntimezone = "UTC"\n', encoding="utf-8")
    assert main(["--config", str(cfg), *args, "--now", at.isoformat()]) == 0


@pytest.mark.parametrize("change", [["--to", "Sarah Lee <sarah.lee@tidewell.test>"], ["--due", "2026-11-20T09:00"]],
                         ids=["recipient", "due time"])
def test_a_thank_you_the_user_changed_comes_back_as_they_left_it_after_other_then_rejection(
        tmp_path: Path, model, change: list[str]) -> None:
    box, agent, store = memory_world(tmp_path, model, lookback_days=90)
    try:
        deliver(box, NO)
        agent.run_pass(T0 + timedelta(hours=1))
        [fu] = followups(store)
        assert (fu.kind, fu.status, fu.to_addr) == (FollowupKind.REJECTION_THANKS, FollowupStatus.SCHEDULED,
                                                    "mark@tidewell.test")
        at = T0 + timedelta(days=1)
        _cli(tmp_path, "followups", "set", str(fu.id), *change, at=at)
        [chosen] = followups(store)
        _cli(tmp_path, "label", "<no@tidewell.test>", "other", at=at + timedelta(minutes=1))
        assert followups(store)[0].status == FollowupStatus.CANCELLED
        _cli(tmp_path, "label", "<no@tidewell.test>", "rejection", at=at + timedelta(minutes=2))
        [back] = followups(store)
        assert (back.id, back.status, back.to_addr, back.due_at) == \
            (chosen.id, FollowupStatus.SCHEDULED, chosen.to_addr, chosen.due_at)
        agent.run_pass(max(datetime.fromisoformat(back.due_at), at) + timedelta(hours=1))
        [draft] = [email.message_from_bytes(raw, policy=email.policy.default) for raw in box.raw_messages("Drafts")]
        assert draft["To"].addresses[0].addr_spec == chosen.to_addr
        assert followups(store)[0].status == FollowupStatus.DRAFTED
    finally:
        store.close()
