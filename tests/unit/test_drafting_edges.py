"""Two edges of saving drafts (agent/followups/drafting.py ``Drafter``), over the in-memory mailbox:

* a draft refused even without a recipient saves nothing and leaves the follow-up needing one, with
  the reason - the user sees why in ``onward followups``, nothing half-made reaches Drafts;
* a stop asked for while drafts are being saved saves no further draft in that pass; the next pass
  saves the rest, each once.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from agent.demo.samples import build_email
from agent.pipeline import Agent
from agent.followups import draft as draft_module
from agent.followups.drafting import Drafter
from agent.model.classifier import Classifier
from agent.record.followup_rows import FollowupStatus
from tests.unit.memory_world import USER, deliver, memory_world

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _rejection(company: str, person: str) -> str:
    return (f"Dear Alex,\n\nThank you for your interest in the Data Engineer position at {company}. "
            "After careful consideration, we regret to inform you that we have decided not to move forward "
            f"with your application.\n\nWe wish you the best in your search.\n\n{person}\n{company} Talent Team")


def _world(tmp_path: Path, model: Classifier, companies: tuple[str, ...]) -> tuple[Any, Any, Any, datetime]:
    box, agent, store = memory_world(tmp_path, model)
    for k, company in enumerate(companies):
        domain = company.lower() + ".test"
        deliver(box, build_email(from_=f"Jane Park <jane@{domain}>", to=USER,
                                 subject="Your application for Data Engineer",
                                 body=_rejection(company, "Jane Park"), date=T0 + timedelta(minutes=k),
                                 message_id=f"<rej{k}@{domain}>"))
    agent.run_pass(now=T0 + timedelta(hours=1))
    with store.transaction() as conn:
        fus = store.list_followups(conn)
    assert len(fus) == len(companies) and all(f.status == FollowupStatus.SCHEDULED for f in fus)
    return box, agent, store, max(datetime.fromisoformat(f.due_at) for f in fus) + timedelta(minutes=1)


def test_a_draft_refused_even_without_a_recipient_saves_nothing_and_says_why(
        tmp_path: Path, model: Classifier, monkeypatch: pytest.MonkeyPatch) -> None:
    box, agent, store, due = _world(tmp_path, model, ("Acme",))

    def refuse(self: Drafter, fu: Any, now: datetime) -> Any:
        raise draft_module.DraftRefused("the draft's Subject does not read back")

    monkeypatch.setattr(Drafter, "compose", refuse)
    agent.run_pass(now=due)
    assert box.raw_messages("Drafts") == []
    with store.transaction() as conn:
        [fu] = store.list_followups(conn)
    assert fu.status == FollowupStatus.NEEDS_RECIPIENT and fu.draft_message_id is None
    assert fu.reason == "the draft's Subject does not read back"
    store.close()


def test_a_stop_while_drafts_are_saved_saves_no_further_draft_and_the_next_pass_the_rest(
        tmp_path: Path, model: Classifier, monkeypatch: pytest.MonkeyPatch) -> None:
    box, agent, store, due = _world(tmp_path, model, ("Acme", "Initech", "Hooli"))
    save = Drafter.save_draft

    def save_then_stop(self: Drafter, *args: Any) -> None:
        save(self, *args)
        self.stop.set()

    monkeypatch.setattr(Drafter, "save_draft", save_then_stop)
    agent.run_pass(now=due)
    assert len(box.raw_messages("Drafts")) == 1
    monkeypatch.setattr(Drafter, "save_draft", save)
    again = Agent(agent.settings, store, model, password="unused", client=lambda: box)  # the daemon restarted
    again.run_pass(now=due + timedelta(minutes=5))
    assert len(box.raw_messages("Drafts")) == 3
    with store.transaction() as conn:
        assert sorted(f.status for f in store.list_followups(conn)) == [FollowupStatus.DRAFTED] * 3
    store.close()


def test_a_follow_up_whose_draft_was_refused_stays_so_until_a_draft_passes_its_check(
        tmp_path: Path, model: Classifier, monkeypatch: pytest.MonkeyPatch) -> None:
    """The draft failed its check even without a recipient (``checked_draft``: "draft refused: ..."): the
    listing keeps saying so - a pass that plans without drafting does not put it back to ``scheduled``
    with the plan's reason - and each drafting pass tries again, saving nothing while the check fails."""
    box, agent, store, due = _world(tmp_path, model, ("Acme",))

    def refuse(self: Drafter, fu: Any, now: datetime) -> Any:
        raise draft_module.DraftRefused("draft refused: the Subject header does not read back")

    monkeypatch.setattr(Drafter, "compose", refuse)
    agent.run_pass(now=due)
    for hours, drafting in ((1, False), (30, True), (31, False)):
        agent.run_pass(now=due + timedelta(hours=hours), draft=drafting)
        with store.transaction() as conn:
            [fu] = store.list_followups(conn)
        assert (fu.status, fu.reason, fu.draft_message_id) == (
            FollowupStatus.NEEDS_RECIPIENT, "draft refused: the Subject header does not read back", None), hours
    assert box.raw_messages("Drafts") == []
    store.close()
