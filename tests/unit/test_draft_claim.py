"""``onward followups set``/``skip`` while a pass is saving that same follow-up's draft
(agent/followups/drafting.py ``save_draft`` and its ``claim``): the user's word and the draft in Drafts
must agree, whatever moment the command commits at.

* committed while the draft is being composed (before the pass claims the follow-up): the user wins -
  ``set`` gives the draft the new recipient (composed again at once), ``skip`` leaves nothing in Drafts;
* committed while the draft is being appended (after the claim): the command is refused with "its draft
  is already in Drafts", and the record shows the recipient the draft has.

Deterministic interleavings against the in-memory mailbox: the command runs inside the pass, in its own
transaction, at the chosen moment (on SQLite and PostgreSQL).  On a real PostgreSQL (READ COMMITTED) the
two transactions also overlap: the pass's claim held open while the command runs beside it in a thread
(the command waits, then is refused), and the command held open while the pass claims (the claim waits,
then sees the new recipient and composes the draft again)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from agent import crashpoints
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
def test_a_command_committed_while_the_draft_is_composed_wins(tmp_path: Path, model: Classifier, store_url: str,
                                                               monkeypatch: pytest.MonkeyPatch, action: str) -> None:
    box, agent, store, fid, due = _world(tmp_path, model, store_url)
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
                                                                     store_url: str, action: str) -> None:
    box, agent, store, fid, due = _world(tmp_path, model, store_url)
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


class Crash(Exception):
    """The pass stopped at a crash point (in process: the stand-in for a SIGKILL)."""


def _stopped_at(point: str) -> Callable[[str, int], None]:
    def hook(name: str, _n: int) -> None:
        if name == point:
            raise Crash(name)
    return hook


@pytest.mark.parametrize("point, in_drafts", [("before_append", 0), ("after_append", 1)])
def test_a_pass_stopped_between_the_claim_and_the_record_saves_the_claimed_draft_once(
        tmp_path: Path, model: Classifier, point: str, in_drafts: int) -> None:
    """The claim is written before the APPEND: a pass stopped after it leaves the follow-up claimed (the user
    can no longer change it: its draft may be on its way) and the next pass saves the draft - once, to the
    claimed recipient - or, found in Drafts, only records it."""
    box, agent, store, fid, due = _world(tmp_path, model)
    crashpoints.set_hook(_stopped_at(point))
    try:
        pytest.raises(Crash, agent.run_pass, now=due)
    finally:
        crashpoints.set_hook(None)
    try:
        got = _row(store, fid)
        assert len(_drafts_to(box)) == in_drafts
        assert (got.status, got.to_addr, got.drafted_at) == (FollowupStatus.DRAFTED, "jane@acme.test", None)
        out: list[object] = []
        _command(store, agent, fid, "set", due, out)()
        assert out == [f"follow-up {fid} cannot be changed: its draft is already in Drafts"]
        report = agent.run_pass(now=due + timedelta(minutes=5))
        assert report.drafts_saved == 1 - in_drafts
        got = _row(store, fid)
        assert _drafts_to(box) == ["jane@acme.test"]
        assert (got.status, got.to_addr) == (FollowupStatus.DRAFTED, "jane@acme.test") and got.drafted_at
        agent.run_pass(now=due + timedelta(minutes=10))
        assert _row(store, fid) == got and len(_drafts_to(box)) == 1
    finally:
        store.close()


HELD = 1.5  # seconds one side stays in its transaction while the other has started


def _thread(target: Callable[[], None], errors: list[BaseException]) -> threading.Thread:
    def run() -> None:
        try:
            target()
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_on_postgresql_a_command_beside_a_claim_waits_for_it_and_is_refused(
        tmp_path: Path, model: Classifier, postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    box, agent, store, fid, due = _world(tmp_path, model, postgres_url)
    claimed, go, errors = threading.Event(), threading.Event(), []
    real = Drafter.claim

    def claim_held_open(self: Drafter, fu: Any, composed: Any, refused: str | None) -> Any:
        real_update = self.store.update_followup

        def update_then_wait(conn: Any, followup_id: int, **values: Any) -> None:
            real_update(conn, followup_id, **values)
            claimed.set()
            assert go.wait(30)
        monkeypatch.setattr(self.store, "update_followup", update_then_wait)
        try:
            return real(self, fu, composed, refused)
        finally:
            monkeypatch.setattr(self.store, "update_followup", real_update)

    monkeypatch.setattr(Drafter, "claim", claim_held_open)
    try:
        pass_thread = _thread(lambda: agent.run_pass(now=due), errors)
        assert claimed.wait(60), "the pass did not get to its claim"
        out: list[object] = []
        command = _thread(_command(store, agent, fid, "set", due, out), errors)
        time.sleep(HELD)
        assert out == []  # waiting for the pass's claim to commit (not reading the row from before it)
        go.set()
        pass_thread.join(60)
        command.join(60)
        assert not errors
        assert out == [f"follow-up {fid} cannot be changed: its draft is already in Drafts"]
        got = _row(store, fid)
        assert _drafts_to(box) == ["jane@acme.test"]
        assert (got.status, got.to_addr) == (FollowupStatus.DRAFTED, "jane@acme.test") and got.drafted_at
    finally:
        go.set()
        store.close()


def test_on_postgresql_a_claim_beside_a_command_waits_for_it_and_drafts_to_the_new_recipient(
        tmp_path: Path, model: Classifier, postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    box, agent, store, fid, due = _world(tmp_path, model, postgres_url)
    composed_once, applied, go_pass, go_command = (threading.Event() for _ in range(4))
    error_list: list[BaseException] = []
    real_compose = Drafter.compose

    def compose_then_wait(self: Drafter, fu: Any, now: datetime) -> Any:
        composed = real_compose(self, fu, now)
        if not composed_once.is_set():
            composed_once.set()
            assert go_pass.wait(30)
        return composed

    monkeypatch.setattr(Drafter, "compose", compose_then_wait)

    def command_held_open() -> None:
        with store.transaction() as conn:
            apply(store, conn, agent.settings.followup, fid, "set", due, {"to_addr": NEW, "to_name": "Sam Lee"})
            applied.set()
            assert go_command.wait(30)

    try:
        pass_thread = _thread(lambda: agent.run_pass(now=due), error_list)
        assert composed_once.wait(60), "the pass did not compose the draft"
        command = _thread(command_held_open, error_list)
        assert applied.wait(30)
        go_pass.set()  # the pass claims now, while the command's change is not committed
        time.sleep(HELD)
        assert _drafts_to(box) == []  # the claim waits for the command
        go_command.set()
        command.join(60)
        pass_thread.join(60)
        assert not error_list
        got = _row(store, fid)
        assert _drafts_to(box) == [NEW]
        assert (got.status, got.to_addr, got.to_name) == (FollowupStatus.DRAFTED, NEW, "Sam Lee")
    finally:
        go_pass.set()
        go_command.set()
        store.close()
