"""Saving a draft once (agent/followups/draft_once.py), the one sequence the follow-up drafts and the
weekly digest share: against the in-memory mailbox, a run stopped at each crash point and run again
leaves exactly one draft and marks it saved exactly once; and both users go through it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from agent import crashpoints
from agent.followups import drafting
from agent.followups.draft_once import save_once
from agent.insights import weekly
from agent.mail.memory import MemoryMailbox

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
MID = "<once-1@onward.local>"
RAW = (f"Message-ID: {MID}\r\nFrom: a@example.org\r\nTo: a@example.org\r\nSubject: Hello\r\n"
       "Date: Wed, 25 Nov 2026 12:00:00 +0000\r\n\r\nHello\r\n").encode()


class Crash(Exception):
    pass


def _run(box: MemoryMailbox, marks: list[str]) -> bool:
    drafts = box.ensure_drafts()
    return save_once(box, drafts, RAW, NOW, already_saved=lambda: box.draft_exists(drafts, MID),
                     mark_saved=lambda: marks.append(MID))


def _crash_at(point: str):
    def hook(name: str, n: int) -> None:
        if name == point:
            raise Crash(name)
    return hook


def test_saved_once_and_marked_once():
    box, marks = MemoryMailbox(), []
    assert _run(box, marks) is True
    assert len(box.raw_messages("Drafts")) == 1 and marks == [MID]


@pytest.mark.parametrize("point, appended_before", [("before_append", 0), ("after_append", 1)])
def test_interrupted_then_run_again_saves_nothing_twice(point, appended_before):
    box, marks = MemoryMailbox(), []
    crashpoints.set_hook(_crash_at(point))
    try:
        with pytest.raises(Crash):
            _run(box, marks)
    finally:
        crashpoints.set_hook(None)
    assert len(box.raw_messages("Drafts")) == appended_before and marks == []  # not marked: the run stopped
    assert _run(box, marks) is (appended_before == 0)  # found in Drafts: only marked
    assert _run(box, marks) is False
    assert len(box.raw_messages("Drafts")) == 1
    assert marks[0] == MID


def test_a_draft_already_there_is_only_marked():
    box, marks = MemoryMailbox(), []
    box.append_draft(box.ensure_drafts(), RAW, NOW)
    assert _run(box, marks) is False
    assert len(box.raw_messages("Drafts")) == 1 and marks == [MID]


def test_the_follow_ups_and_the_digest_both_save_through_it():
    """One sequence: neither user APPENDs on its own."""
    for module in (drafting, weekly):
        assert module.save_once is save_once
        source = open(module.__file__, encoding="utf-8").read()
        assert "append_draft(" not in source, module.__name__
