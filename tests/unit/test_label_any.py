"""``onward label`` accepts any email a pass recorded, whatever the model called it: one it called a
confident ``other`` (no facts kept) is read again from its folder and the record is fixed at once.
Real passes over the in-memory mailbox, a real SQLite file, the real model."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from agent.cli.common import CliError
from agent.cli.labels import relabel_recorded
from agent.demo.samples import build_email
from agent.followups.rules import FollowupKind
from agent.record.rules import AppStatus
from tests.unit.memory_world import USER, deliver, memory_world

NOW = datetime.now(UTC).replace(microsecond=0)  # the correction happens now (real clock)
MID = "<note-1@acme.test>"


def informal(when: datetime, mid: str = MID) -> bytes:
    """A short note the model reads as ``other`` (confidently); the user knows it closed the door."""
    return build_email(from_="Jane Miller <jane@acme.test>", to=USER, subject="Parking",
                       body="Hi Alex, parking is behind the building. Jane", date=when, message_id=mid)


def _row(store, mid=MID):
    with store.transaction() as conn:
        return store.message_row(conn, mid)


@pytest.fixture
def world(tmp_path, model):
    box, agent, store = memory_world(tmp_path, model, timezone="Europe/Berlin", lookback_days=90)
    yield box, agent, store
    store.close()


def test_an_email_called_other_is_relabelled_and_fixes_the_record(world):
    box, agent, store = world
    deliver(box, informal(NOW - timedelta(days=1)))
    agent.run_pass(NOW, draft=False)
    row = _row(store)
    assert (row.label, row.status, row.facts_json) == ("other", "classified", None)  # nothing kept: the old refusal
    mid, change = relabel_recorded(agent.settings, store, "note-1@acme.test", "rejection", client=lambda: box)
    assert (mid, change) == (MID, "recorded as rejection")
    with store.transaction() as conn:
        [app] = store.list_outcomes(conn)
        [event] = store.list_events(conn)
        fus = store.list_followups(conn)
    assert app.status == AppStatus.REJECTED and (event.message_id, event.label) == (MID, "rejection")
    assert [(f.kind, f.to_addr) for f in fus] == [(FollowupKind.REJECTION_THANKS, "jane@acme.test")]
    assert _row(store).facts_json  # kept now: a second correction needs no mailbox
    box_gone = lambda: (_ for _ in ()).throw(AssertionError("the mailbox was opened again"))  # noqa: E731
    assert relabel_recorded(agent.settings, store, MID, "other", client=box_gone)[1] == "rejection -> other"


def test_an_email_found_again_after_its_folder_was_recreated(world):
    box, agent, store = world
    deliver(box, informal(NOW - timedelta(days=1)))
    agent.run_pass(NOW, draft=False)
    box.create("INBOX", uidvalidity=999)  # recreated: new UIDVALIDITY, the UID means nothing now
    deliver(box, build_email(from_="x@y.test", to=USER, subject="other", body="hello", date=NOW, message_id="<o@y>"))
    deliver(box, informal(NOW - timedelta(days=1)))
    assert relabel_recorded(agent.settings, store, MID, "rejection", client=lambda: box)[1] == "recorded as rejection"


def test_an_email_gone_from_its_folder_is_one_clear_line(world):
    box, agent, store = world
    deliver(box, informal(NOW - timedelta(days=1)))
    agent.run_pass(NOW, draft=False)
    box.create("INBOX", uidvalidity=999)
    with pytest.raises(CliError, match=r"no longer in INBOX \(moved or deleted\?\)") as err:
        relabel_recorded(agent.settings, store, MID, "rejection", client=lambda: box)
    assert err.value.code == 2
    with pytest.raises(CliError, match="no recorded email with Message-ID <nope@x>"):
        relabel_recorded(agent.settings, store, "<nope@x>", "rejection", client=lambda: box)


def test_the_kept_facts_give_back_the_whole_email():
    from agent.mail.parse import parse_message
    from agent.record.facts import email_from_facts, facts_json
    raw = build_email(from_="Jane Miller <jane@acme.test>", to=f"{USER}, Bob <bob@example.org>",
                      cc="HR <hr@acme.test>", reply_to="Jane <jane.m@acme.test>", subject="Your application",
                      body="Hi Alex, we will not move forward. Jane", date=NOW, message_id=MID,
                      in_reply_to="<a1@acme.test>", references=["<a0@acme.test>", "<a1@acme.test>"])
    email = parse_message(raw)
    assert email.to and email.cc and email.reply_to and email.date and email.references
    assert email_from_facts(facts_json(email), email.text) == email
    damaged = dataclasses.replace(email, defects=("InvalidHeaderDefect", "MissingHeaderBodySeparatorDefect"))
    assert email_from_facts(facts_json(damaged), email.text) == damaged  # its defects too
