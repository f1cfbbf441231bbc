"""The user withdrew an application (``onward edit APP --status withdrawn``): real passes over the in-memory
mailbox, a real SQLite file and the real model.

It is closed: its follow-ups not yet sent are cancelled naming the withdrawal (a saved draft "do not send"), no
check-in or thank-you comes after it, it never turns ``no_response`` nor goes quiet in the digest, and the report
counts it on its own line. A later email of the company is recorded as an event (the evidence) and changes
nothing else - until the user sets another status, which brings back what the withdrawal had cancelled."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from agent.cli import main
from agent.demo import samples
from agent.followups.reconcile import Reconciler
from agent.followups.rules import REASON_WITHDRAWN, FollowupKind, FollowupStatus
from agent.followups.user_actions import ActionRefused, apply
from agent.insights import weekly
from agent.insights.digest import iso_week
from agent.mail.parse import parse_message
from agent.record.rules import AppStatus
from agent.record.store import iso
from tests import followup_samples as fs
from tests.unit.memory_world import deliver, followups, memory_world, outcomes

T0 = datetime(2026, 9, 14, 9, 0, tzinfo=UTC)  # a Monday
JANE = "Jane Park <jane@acme.example>"


@pytest.fixture
def world(tmp_path, model, store_url):
    """The in-memory mailbox over a record on each store (SQLite and PostgreSQL)."""
    yield (made := memory_world(tmp_path, model, database=store_url))
    made[2].close()


@pytest.fixture
def sqlite_world(tmp_path, model):
    """On SQLite, in ``tmp_path/onward.db``: the file the command line's config names."""
    yield (made := memory_world(tmp_path, model))
    made[2].close()


def _edit_status(store, agent, app_id: int, status: str, now: datetime) -> None:
    """``onward edit APP --status S`` at ``now`` (the command reads the wall clock; the passes here run weeks back)."""
    with store.transaction() as conn:
        store.update_application(conn, app_id, status=status, updated_at=iso(now))
        Reconciler(store, agent.settings.followup).run(conn, now, [app_id])


def _config(tmp_path) -> str:
    cfg = tmp_path / "onward.toml"
    cfg.write_text(f'[followup]\ntimezone = "UTC"\n\n[storage]\ndatabase = "sqlite:///{tmp_path / "onward.db"}"\n',
                   encoding="utf-8")
    return str(cfg)


def _rejection(when: datetime, mid: str = "<rej@acme.example>") -> bytes:
    return samples.rejection("Acme", "Data Engineer", JANE, when, mid)


def test_a_withdrawn_application_gets_no_follow_up_and_a_later_email_does_not_reopen_it(world):
    box, agent, store = world
    deliver(box, samples.ack("Acme", "Data Engineer", T0, "<ack@acme.example>"))
    agent.run_pass(T0 + timedelta(hours=1))
    agent.run_pass(T0 + timedelta(days=16))  # the check-in is saved in Drafts (no-reply sender: no recipient)
    [check_in] = followups(store)
    assert check_in.kind == FollowupKind.CHECK_IN and check_in.draft_message_id
    [app] = outcomes(store)

    _edit_status(store, agent, app.id, AppStatus.WITHDRAWN, T0 + timedelta(days=17))
    [check_in] = followups(store)
    assert check_in.status == FollowupStatus.CANCELLED
    assert check_in.reason == f"{REASON_WITHDRAWN}: do not send its draft in Drafts (delete it there)"

    # the company's rejection after it: recorded, the evidence, but no thank-you and still withdrawn
    deliver(box, _rejection(T0 + timedelta(days=20)))
    agent.run_pass(T0 + timedelta(days=20, hours=1))
    with store.transaction() as conn:
        assert sorted((e.application_id, e.label) for e in store.list_events(conn)) == \
            [(app.id, "acknowledgement"), (app.id, "rejection")]
    assert [a.status for a in outcomes(store)] == [AppStatus.WITHDRAWN]
    assert [f.id for f in followups(store)] == [check_in.id]  # no thank-you planned

    # months of silence: never no_response, no check-in, not "going quiet" in the digest
    late = T0 + timedelta(days=120)
    agent.run_pass(late)
    assert [a.status for a in outcomes(store)] == [AppStatus.WITHDRAWN]
    assert [f.id for f in followups(store)] == [check_in.id]
    digest, _mid, _raw = weekly.compose(agent.settings, store, iso_week(late, UTC), late)
    assert "Acme" not in digest.body.split("Going quiet", 1)[1].split("\n\n", 1)[0], digest.body


def test_an_open_thank_you_is_cancelled_and_taking_the_withdrawal_back_brings_it_back(world):
    box, agent, store = world
    deliver(box, _rejection(T0))
    agent.run_pass(T0 + timedelta(hours=1))
    [thanks] = followups(store)
    assert (thanks.kind, thanks.status) == (FollowupKind.REJECTION_THANKS, FollowupStatus.SCHEDULED)
    [app] = outcomes(store)
    _edit_status(store, agent, app.id, AppStatus.WITHDRAWN, T0 + timedelta(days=1))
    [thanks] = followups(store)
    assert (thanks.status, thanks.reason) == (FollowupStatus.CANCELLED, REASON_WITHDRAWN)
    with store.transaction() as conn, pytest.raises(ActionRefused) as refused:
        apply(store, conn, agent.settings.followup, thanks.id, "restore", T0 + timedelta(days=1))
    assert str(refused.value) == (f"follow-up {thanks.id} cannot be restored: you withdrew application {app.id} "
                                  f"(set another status first: onward edit {app.id} --status STATUS)")
    agent.run_pass(T0 + timedelta(days=30))  # past its due time: nothing saved
    assert box.raw_messages("Drafts") == []

    _edit_status(store, agent, app.id, AppStatus.REJECTED, T0 + timedelta(days=2))  # the user's word undone
    [thanks] = followups(store)
    assert thanks.status == FollowupStatus.SCHEDULED


def _send_copy(box, thanks, when: datetime, mid: str, body: str | None = None) -> None:
    """The user sends ``thanks``'s draft from the mail client under a new Message-ID ``mid`` (its text as saved
    unless ``body``): the copy lands in Sent."""
    [saved] = [m for m in map(parse_message, box.raw_messages("Drafts")) if m.message_id == thanks.draft_message_id]
    deliver(box, samples.build_email(from_=samples.USER, to=thanks.to_addr, subject=f"Re: {thanks.subject}", date=when,
                                     message_id=mid, in_reply_to=thanks.in_reply_to, references=thanks.references,
                                     body=saved.text if body is None else body), "Sent")


def _interview_thanks_drafted(box, agent, store):
    start = T0 + timedelta(days=3)
    deliver(box, fs.invitation("Acme", "Data Engineer", "Jane Park", "jane@acme.example", T0, "<inv@acme.example>",
                               start=start))
    agent.run_pass(T0 + timedelta(hours=1))
    agent.run_pass(start + timedelta(hours=4))
    [thanks] = followups(store)
    assert thanks.kind == FollowupKind.INTERVIEW_THANKS and thanks.status == FollowupStatus.DRAFTED
    [app] = outcomes(store)
    return start, thanks, app


def test_a_saved_interview_thank_you_is_marked_do_not_send_when_the_user_withdraws(world):
    box, agent, store = world
    start, thanks, app = _interview_thanks_drafted(box, agent, store)
    _edit_status(store, agent, app.id, AppStatus.WITHDRAWN, start + timedelta(days=1))
    [thanks] = followups(store)
    assert thanks.status == FollowupStatus.CANCELLED
    assert thanks.reason == f"{REASON_WITHDRAWN}: do not send its draft in Drafts (delete it there)"
    # an offer after it: recorded, still withdrawn, nothing planned
    deliver(box, samples.build_email(from_=JANE, to=samples.USER, subject="Your offer from Acme",
                                     date=start + timedelta(days=5), message_id="<offer@acme.example>",
                                     in_reply_to="<inv@acme.example>", references=["<inv@acme.example>"],
                                     body="Dear Alex,\n\nWe are delighted to offer you the Data Engineer position. "
                                          "Your offer letter is attached.\n\nBest,\nJane Park\n"))
    agent.run_pass(start + timedelta(days=5, hours=1))
    with store.transaction() as conn:
        assert "offer" in [e.label for e in store.list_events(conn)]
    assert [a.status for a in outcomes(store)] == [AppStatus.WITHDRAWN]
    assert [(f.id, f.status) for f in followups(store)] == [(thanks.id, FollowupStatus.CANCELLED)]


def test_the_command_line_says_withdrawn_everywhere(sqlite_world, tmp_path, capsys):
    """``edit --status withdrawn`` (and its refusal of an unknown status naming it), ``outcomes --json``, ``report
    --json``'s funnel and the report's "Now:" line; an interview typed after it plans no thank-you and says why; a
    label correction that leaves it no job email keeps it withdrawn."""
    box, agent, store = sqlite_world
    deliver(box, samples.ack("Acme", "Data Engineer", T0, "<ack@acme.example>"))
    agent.run_pass(T0 + timedelta(hours=1))
    [app] = outcomes(store)
    cfg = _config(tmp_path)
    capsys.readouterr()
    assert main(["--config", cfg, "edit", str(app.id), "--status", "gone"]) == 2
    assert "withdrawn" in capsys.readouterr().err
    assert main(["--config", cfg, "edit", str(app.id), "--status", "withdrawn", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "withdrawn"
    assert main(["--config", cfg, "outcomes", "--json"]) == 0
    assert [r["status"] for r in json.loads(capsys.readouterr().out)] == ["withdrawn"]
    assert main(["--config", cfg, "report", "--json"]) == 0
    funnel = json.loads(capsys.readouterr().out)["funnel"]
    assert (funnel["withdrawn"], funnel["open"]) == (1, 0)
    assert main(["--config", cfg, "report"]) == 0
    assert "Now: open 0 · offer 0 · rejected 0 · no response 0 · withdrawn 1" in capsys.readouterr().out
    at = (datetime.now(UTC) + timedelta(days=2)).replace(hour=10, minute=0, second=0, microsecond=0)
    assert main(["--config", cfg, "interview", str(app.id), "--at", at.isoformat()]) == 0  # it stays withdrawn
    assert capsys.readouterr().out.endswith(f"; no interview thank-you: you withdrew the application (onward edit "
                                            f"{app.id} --status STATUS takes that back)\n")
    assert main(["--config", cfg, "reflect", str(app.id), "--note", "Withdrew: the role moved to another city"]) == 0
    assert main(["--config", cfg, "label", "<ack@acme.example>", "other"]) == 0
    assert "kept as withdrawn for an interview time, 1 journal note(s)" in capsys.readouterr().out
    assert [a.status for a in outcomes(store)] == [AppStatus.WITHDRAWN]


def test_a_withdrawal_taken_back_weeks_later_asks_once_not_once_per_silence_it_cancelled(tmp_path, model):
    """A check-in was due (planned, its draft not saved yet: the passes ran without the Drafts step, as
    `onward backfill` does) when the user withdrew; weeks later they take the word back (`onward edit --status
    applied`): one check-in asks now - not the cancelled one and the next its silence would have had, at once."""
    box, agent, store = memory_world(tmp_path, model, followup={"max_check_ins": 2})
    try:
        deliver(box, samples.build_email(
            from_=JANE, to=samples.USER, subject="Your application: Data Engineer", date=T0,
            message_id="<ack@acme.example>", body="Hi Alex,\n\nThank you for applying for the Data Engineer role at "
            "Acme. We have received your application and will review it.\n\nJane Park\nRecruiting, Acme\n"))
        for days in (0.1, 15):
            agent.run_pass(T0 + timedelta(days=days), draft=False)
        [app] = outcomes(store)
        assert [(f.kind, f.status) for f in followups(store)] == [(FollowupKind.CHECK_IN, FollowupStatus.SCHEDULED)]
        _edit_status(store, agent, app.id, AppStatus.WITHDRAWN, T0 + timedelta(days=15, hours=1))
        for days in (20, 30, 40):
            agent.run_pass(T0 + timedelta(days=days))
        _edit_status(store, agent, app.id, AppStatus.APPLIED, T0 + timedelta(days=45))
        assert len([f for f in followups(store) if f.is_open]) == 1, followups(store)
        agent.run_pass(T0 + timedelta(days=45, hours=2))
        assert [f.status for f in followups(store)].count(FollowupStatus.DRAFTED) == 1, followups(store)
        assert len(box.raw_messages("Drafts")) == 1
    finally:
        store.close()


def test_a_thank_you_sent_just_before_the_withdrawal_is_sent_and_never_drafted_again_when_it_is_taken_back(world):
    """The user sent the interview thank-you from the mail client (a new Message-ID), then withdrew the application
    before a pass looked in Sent: the withdrawal cancelled it ("do not send its draft"). It was sent all the same:
    the next pass finds its copy by its text and marks it sent, so taking the withdrawal back brings nothing back -
    before, the thank-you came back as a new draft, to be sent a second time."""
    box, agent, store = world
    start, thanks, app = _interview_thanks_drafted(box, agent, store)
    _send_copy(box, thanks, start + timedelta(hours=6), "<c1@mail-client.example>")
    _edit_status(store, agent, app.id, AppStatus.WITHDRAWN, start + timedelta(hours=7))
    assert followups(store)[0].status == FollowupStatus.CANCELLED
    agent.run_pass(start + timedelta(hours=8))
    [thanks] = followups(store)
    assert (thanks.status, thanks.sent_message_id, thanks.reason) == (FollowupStatus.SENT, "<c1@mail-client.example>",
                                                                      None)
    _edit_status(store, agent, app.id, AppStatus.INTERVIEW, start + timedelta(days=1))
    agent.run_pass(start + timedelta(days=1, hours=1))
    [thanks] = followups(store)
    assert thanks.status == FollowupStatus.SENT
    assert len(box.raw_messages("Drafts")) == 1  # the one draft, never saved again


def test_the_users_own_words_in_the_thread_after_a_withdrawal_are_not_the_cancelled_thank_you(world):
    """After the withdrawal cancelled the saved thank-you, the user writes to the recruiter in the thread in
    their own words: a cancelled follow-up is sent only by its own Message-ID or its text, never by the headers
    alone, so it stays cancelled."""
    box, agent, store = world
    start, thanks, app = _interview_thanks_drafted(box, agent, store)
    _edit_status(store, agent, app.id, AppStatus.WITHDRAWN, start + timedelta(hours=5))
    _send_copy(box, thanks, start + timedelta(hours=6), "<own@mail-client.example>",
               body="Hi Jane,\n\nI have accepted another position and withdraw from the process. "
                    "It was a pleasure to meet the team.\n\nAlex\n")
    agent.run_pass(start + timedelta(hours=8))
    [thanks] = followups(store)
    assert (thanks.status, thanks.sent_message_id) == (FollowupStatus.CANCELLED, None)
