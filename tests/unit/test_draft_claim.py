"""``onward followups set``/``skip`` while a pass is saving that same follow-up's draft
(agent/followups/drafting.py ``save_draft`` and its ``claim``): the user's word and the draft in Drafts
must agree, whatever moment the command commits at.

* committed while the draft is being composed (before the pass claims the follow-up): the user wins -
  ``set`` gives the draft the new recipient (composed again at once), ``skip`` leaves nothing in Drafts;
* committed while the draft is being appended (after the claim): the command is refused with "its draft
  is already in Drafts", and the record shows the recipient the draft has.

Deterministic interleavings against the in-memory mailbox: the command runs inside the pass, in its own
transaction, at the chosen moment."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from agent.demo.samples import build_email
from agent.followups.drafting import Drafter
from agent.followups.user_actions import ActionRefused, apply
from agent.mail.parse import parse_headers
from agent.model.classifier import Classifier
from agent.record.followup_rows import FollowupStatus
from agent.record.store import Store
from agent.record.store import followups as fu_store
from tests.unit.memory_world import USER, deliver, memory_world

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
REJECTION = ("Dear Alex,\n\nThank you for your interest in the Data Engineer position at Acme. After careful "
             "consideration, we regret to inform you that we have decided not to move forward with your "
             "application.\n\nWe wish you the best in your search.\n\nJane Park\nAcme Talent Team")
NEW = "sam@acme.test"


def _drafts_to(box: Any) -> list[str]:
    return [", ".join(a.email for a in parse_headers(raw).to) for raw in box.raw_messages("Drafts")]


def _world(tmp_path: Path, model: Classifier, database: str | None = None) -> tuple[Any, Any, Store, int, datetime]:
    """A rejection from Jane, its thank-you scheduled to her; returns (..., its id, a moment it is due)."""
    box, agent, store = memory_world(tmp_path, model, database=database)
    deliver(box, build_email(from_="Jane Park <jane@acme.test>", to=USER, subject="Your application for Data Engineer",
                             body=REJECTION, date=T0, message_id="<rej@acme.test>"))
    agent.run_pass(now=T0 + timedelta(hours=1))
    with store.transaction() as conn:
        [fu] = store.list_followups(conn)
    assert (fu.status, fu.to_addr) == (FollowupStatus.SCHEDULED, "jane@acme.test")
    return box, agent, store, fu.id, datetime.fromisoformat(fu.due_at) + timedelta(minutes=1)


def _command(store: Store, agent: Any, fid: int, action: str, now: datetime, out: list[object]) -> Callable[[], None]:
    """The command as ``onward followups ACTION`` runs it: its own transaction; what it did goes to ``out``."""
    values = {"to_addr": NEW, "to_name": "Sam Lee"} if action == "set" else None

    def run() -> None:
        try:
            with store.transaction() as conn:
                apply(store, conn, agent.settings.followup, fid, action, now, values)
            out.append("done")
        except ActionRefused as exc:
            out.append(str(exc))
    return run


def _row(store: Store, fid: int) -> Any:
    with store.transaction() as conn:
        return fu_store.followup(conn, fid)


@pytest.mark.parametrize("action", ["set", "skip"])
def test_a_command_committed_while_the_draft_is_composed_wins(tmp_path: Path, model: Classifier,
                                                               monkeypatch: pytest.MonkeyPatch, action: str) -> None:
    box, agent, store, fid, due = _world(tmp_path, model)
    out: list[object] = []
    command = _command(store, agent, fid, action, due, out)
    real = Drafter.compose

    def compose_then_command(self: Drafter, fu: Any, now: datetime) -> Any:
        composed = real(self, fu, now)
        if not out:  # once: the user's command commits after the draft was composed, before it is saved
            command()
        return composed

    monkeypatch.setattr(Drafter, "compose", compose_then_command)
    try:
        agent.run_pass(now=due)
        assert out == ["done"]  # the command was taken (exit 0) ...
        got = _row(store, fid)
        if action == "set":  # ... and the draft in Drafts is to the recipient the user set
            assert _drafts_to(box) == [NEW]
            assert (got.status, got.to_addr, got.to_name) == (FollowupStatus.DRAFTED, NEW, "Sam Lee")
            assert got.draft_message_id and got.drafted_at
        else:  # ... and nothing is in Drafts
            assert _drafts_to(box) == []
            assert (got.status, got.draft_message_id) == (FollowupStatus.CANCELLED, None)
        agent.run_pass(now=due + timedelta(minutes=5))  # a later pass changes nothing
        assert _row(store, fid) == got and len(_drafts_to(box)) == (action == "set")
    finally:
        store.close()


@pytest.mark.parametrize("action", ["set", "skip"])
def test_a_command_committed_while_the_draft_is_appended_is_refused(tmp_path: Path, model: Classifier,
                                                                     action: str) -> None:
    box, agent, store, fid, due = _world(tmp_path, model)
    out: list[object] = []
    command = _command(store, agent, fid, action, due, out)
    real = box.append_draft

    def append_with_command(drafts: str, raw: bytes, when: datetime | None = None) -> None:
        command()  # the user's command commits while the APPEND is on its way
        real(drafts, raw, when)

    box.append_draft = append_with_command
    try:
        agent.run_pass(now=due)
        assert out == [f"follow-up {fid} cannot be changed: its draft is already in Drafts"]
        got = _row(store, fid)
        assert _drafts_to(box) == ["jane@acme.test"]
        assert (got.status, got.to_addr, got.user_action) == (FollowupStatus.DRAFTED, "jane@acme.test", None)
        assert got.draft_message_id and got.drafted_at
    finally:
        store.close()
