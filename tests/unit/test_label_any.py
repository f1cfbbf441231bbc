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
from agent.record.followup_rows import FollowupStatus
from agent.record.rules import AppStatus
from agent.record.store.journal import add_note
from tests.unit.memory_world import USER, deliver, followups, memory_world

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
    assert relabel_recorded(agent.settings, store, MID, "other", client=box_gone)[1] == (
        "rejection -> other; application 1 (Acme, -) removed: it had no other email on record (label the email "
        "as a job email again to record it anew)")


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


# -- an application left without job email by a correction ---------------------------------------------------

def _apps_and_followups(store):
    with store.transaction() as conn:
        return ([(a.id, a.company, a.status) for a in store.list_outcomes(conn)],
                [(f.application_id, f.kind, f.status) for f in store.list_followups(conn)])


def test_an_application_made_only_of_a_misread_email_is_removed_and_comes_back_when_labelled_again(world):
    box, agent, store = world
    deliver(box, informal(NOW - timedelta(days=1)))
    agent.run_pass(NOW, draft=False)
    relabel_recorded(agent.settings, store, MID, "rejection", client=lambda: box)
    assert _apps_and_followups(store) == ([(1, "Acme", "rejected")], [(1, FollowupKind.REJECTION_THANKS, "scheduled")])
    _mid, change = relabel_recorded(agent.settings, store, MID, "other", client=lambda: box)
    assert change.endswith("removed: it had no other email on record (label the email as a job email again to "
                           "record it anew)")
    assert _apps_and_followups(store) == ([], [])
    assert _row(store).application_id is None and _row(store).label == "other"
    agent.run_pass(NOW + timedelta(hours=1), draft=False)  # nothing comes back by itself
    assert _apps_and_followups(store) == ([], [])
    relabel_recorded(agent.settings, store, MID, "rejection", client=lambda: box)  # the user changes their mind
    assert _apps_and_followups(store) == ([(2, "Acme", "rejected")], [(2, FollowupKind.REJECTION_THANKS, "scheduled")])


@pytest.mark.parametrize("holds", ["note", "contact", "draft", "thread"])
def test_an_application_holding_more_than_the_misread_email_is_kept_as_applied(world, holds):
    box, agent, store = world
    deliver(box, informal(NOW - timedelta(days=12)))
    agent.run_pass(NOW - timedelta(days=11), draft=False)
    relabel_recorded(agent.settings, store, MID, "rejection", client=lambda: box)
    if holds == "note":
        with store.transaction() as conn:
            add_note(conn, 1, "they liked the portfolio", NOW)
    elif holds == "contact":
        with store.transaction() as conn:
            store.update_application(conn, 1, contact_addr="jane@acme.test")
    elif holds == "draft":
        agent.run_pass(NOW + timedelta(days=10), draft=True)  # the thank-you is due: its draft is saved
        assert _apps_and_followups(store)[1] == [(1, FollowupKind.REJECTION_THANKS, "drafted")]
    else:  # a later email of the company, in the same thread, that is no job email
        deliver(box, build_email(from_="Jane Miller <jane@acme.test>", to=USER, subject="Re: Parking",
                                 body="Hi Alex, the gate code is 1234. Jane", date=NOW - timedelta(days=2),
                                 message_id="<note-2@acme.test>", in_reply_to=MID, references=[MID]))
        agent.run_pass(NOW - timedelta(days=1), draft=False)
    _mid, change = relabel_recorded(agent.settings, store, MID, "other", client=lambda: box)
    reason = {"note": "1 journal note(s)", "contact": "your own details (applied date, contact)",
              "draft": "1 follow-up(s) drafted or acted on", "thread": "1 other email(s) of its thread"}[holds]
    assert change == (f"rejection -> other; application 1 (Acme, -) has no job email on record now; kept as "
                      f"applied for {reason} (onward delete 1 removes it)")
    apps, _fus = _apps_and_followups(store)
    assert apps == [(1, "Acme", "applied")]


def acknowledgement(when: datetime) -> bytes:
    return build_email(from_="Jane Miller <jane@acme.test>", to=USER, subject="Your application: Data Engineer",
                       body="Hi Alex,\n\nThank you for applying for the Data Engineer role at Acme. We have received "
                            "your application and will review it carefully.\n\nBest,\nJane Miller",
                       date=when, message_id="<ack-1@acme.test>")


def test_an_application_left_without_job_email_plans_no_check_in(world):
    # the user says the only email of an application was no job email after its check-in was saved: the
    # application is kept (its draft in Drafts must be marked "do not send"), but there is nothing to ask
    # about - the next pass saved a check-in without a recipient about the email the user had disowned
    box, agent, store = world
    deliver(box, acknowledgement(NOW - timedelta(days=20)))
    agent.run_pass(NOW - timedelta(days=20) + timedelta(hours=1), draft=False)
    agent.run_pass(NOW)
    [saved] = [f for f in followups(store) if f.kind == FollowupKind.CHECK_IN]
    assert saved.draft_message_id
    change = relabel_recorded(agent.settings, store, "<ack-1@acme.test>", "other", client=lambda: box)[1]
    assert "kept as applied" in change
    agent.run_pass(NOW + timedelta(minutes=5))
    agent.run_pass(NOW + timedelta(days=30))
    rows = followups(store)
    assert [(f.id, f.status) for f in rows] == [(saved.id, FollowupStatus.CANCELLED)], rows
    assert "do not send" in rows[0].reason
    assert len(box.raw_messages("Drafts")) == 1
