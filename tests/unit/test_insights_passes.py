"""Issue 12 through real passes, fast: the in-memory mailbox (agent.mail.memory), a real SQLite
database and the real model. The weekly digest (once a week, never doubled, also after a crash at each
point of its saving), a follow-up sent from the mail client becoming ``sent``, a company reply counted
as answered, and the report over what the passes recorded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.parser import BytesParser
from email.policy import default

import pytest

from agent import crashpoints
from agent.demo import samples
from agent.followups.rules import FollowupStatus
from agent.insights import stats
from agent.insights.digest import compose
from agent.insights.load import recorded
from agent.mail.memory import MemoryMailbox
from agent.pipeline import Agent
from agent.record.store import Store, journal
from tests.unit.memory_world import USER, deliver, memory_world

MONDAY = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)  # Monday of ISO week 2026-W45, 08:00 (UTC is the user's zone)


def make_world(tmp_path, model, digest: dict | None = None):
    return memory_world(tmp_path, model, lookback_days=90, digest=digest if digest is not None else {"enabled": True})


@pytest.fixture
def world(tmp_path, model):
    box, agent, store = make_world(tmp_path, model)
    yield box, agent, store
    store.close()


def _digests(box: MemoryMailbox) -> list:
    drafts = [BytesParser(policy=default).parsebytes(raw) for raw in box.raw_messages("Drafts")]
    return [d for d in drafts if "digest" in d["Message-ID"]]


def _saved(store: Store) -> list[str]:
    with store.transaction() as conn:
        return [d.week for d in journal.saved_digests(conn)]


def test_one_digest_a_week_to_and_from_the_user_never_before_its_hour(world):
    box, agent, store = world
    deliver(box, samples.ack("Acme", "Backend Engineer", MONDAY - timedelta(days=5), "<a1@acme.example>"))
    deliver(box, samples.rejection("Globex", "Data Analyst", "Tom Baker <tom@globex.example>",
                                    MONDAY - timedelta(days=3), "<r1@globex.example>"))
    agent.run_pass(MONDAY - timedelta(minutes=1))  # Monday 07:59: not yet
    assert _digests(box) == [] and _saved(store) == []
    for week in range(3):  # three weeks of passes, several a week
        for hours in (0, 1, 30, 100):
            agent.run_pass(MONDAY + timedelta(weeks=week, hours=hours))
    assert _saved(store) == ["2026-W45", "2026-W46", "2026-W47"]
    digests = _digests(box)
    assert len(digests) == 3 and len({d["Message-ID"] for d in digests}) == 3
    first = digests[0]
    assert first["To"].addresses[0].addr_spec == USER and first["From"].addresses[0].addr_spec == USER
    assert first["Subject"] == "Onward weekly digest — 2026-W45"  # the week named in `digest --json`
    assert all(m.flags == (b"\\Draft",) for m in box.folders["Drafts"].messages.values())
    body = first.get_content()
    assert "Acme — Backend Engineer: acknowledged your application" in body
    assert "Globex — Data Analyst: rejection" in body
    assert "What went well?" in body and "What would you do differently next time?" in body
    assert "What skill would you like to grow?" in body
    assert "You sent 1 application last week (0 the week before)" in body  # the rejection was not sent then
    assert "Nothing new came in." in digests[1].get_content()  # W45 was quiet


def test_digest_off_by_default_and_on_another_weekday(tmp_path, model):
    box, agent, store = make_world(tmp_path, model, digest={})
    agent.run_pass(MONDAY + timedelta(hours=2))
    assert _digests(box) == []
    store.close()
    box, agent, store = make_world(tmp_path / "b", model, digest={"enabled": True, "weekday": "friday", "hour": 17})
    agent.run_pass(MONDAY + timedelta(days=4, hours=8, minutes=59))  # Friday 16:59
    assert _digests(box) == []
    agent.run_pass(MONDAY + timedelta(days=4, hours=9))  # Friday 17:00
    assert len(_digests(box)) == 1
    store.close()


class Crash(Exception):
    pass


@pytest.mark.parametrize("point", ["before_append", "after_append", "after_draft_commit"])
def test_a_crash_at_each_point_never_doubles_a_digest(world, point):
    box, agent, store = world

    def crash(name: str, n: int) -> None:
        if name == point:
            raise Crash(name)

    for week in range(3):
        when = MONDAY + timedelta(weeks=week, hours=1)
        crashpoints.set_hook(crash)
        try:
            with pytest.raises(Crash):
                agent.run_pass(when)
        finally:
            crashpoints.set_hook(None)
        agent.run_pass(when)
        agent.run_pass(when + timedelta(hours=5))
    ids = [d["Message-ID"] for d in _digests(box)]
    assert len(ids) == 3 and len(set(ids)) == 3
    assert _saved(store) == ["2026-W45", "2026-W46", "2026-W47"]


def _drafted_followup(box: MemoryMailbox, agent: Agent, store: Store) -> tuple[int, datetime]:
    deliver(box, samples.interview("Acme", "Engineer", "Jane Miller", "jane@acme.example",
                                    MONDAY - timedelta(days=10), "<i1@acme.example>"))
    deliver(box, samples.rejection("Acme", "Engineer", "Jane Miller <jane@acme.example>",
                                    MONDAY - timedelta(days=2), "<r1@acme.example>",
                                    in_reply_to="<i1@acme.example>", references=["<i1@acme.example>"]))
    agent.run_pass(MONDAY)
    drafted_at = MONDAY + timedelta(days=30)
    assert agent.run_pass(drafted_at).drafts_saved >= 1
    fu = _followup(store)
    assert fu.status == FollowupStatus.DRAFTED
    return fu.id, drafted_at


def _followup(store: Store):
    """The rejection's thank-you (an older acknowledgement may have its check-in too)."""
    with store.transaction() as conn:
        [fu] = [f for f in store.list_followups(conn) if f.kind == "rejection_thanks"]
    return fu


def _sent_reply(to: str, when: datetime, mid: str = "<mine@example.org>", in_reply_to: str = "<r1@acme.example>"):
    return samples.build_email(from_=samples.USER, to=to, subject="Re: Your application", date=when,
                               message_id=mid, in_reply_to=in_reply_to, references=["<i1@acme.example>", in_reply_to],
                               body="Dear Jane, thank you for your time and for letting me know. Alex")


def test_a_followup_sent_from_the_mail_client_becomes_sent_and_a_reply_counts(world):
    box, agent, store = world
    _fid, drafted_at = _drafted_followup(box, agent, store)
    # in the thread but to someone else, and to Jane but before the draft was saved: not this follow-up
    deliver(box, _sent_reply("Bob <bob@acme.example>", drafted_at + timedelta(hours=1), "<m0@example.org>"), "Sent")
    deliver(box, _sent_reply("Jane Miller <jane@acme.example>", drafted_at - timedelta(days=3), "<m1@example.org>"),
             "Sent")
    agent.run_pass(drafted_at + timedelta(hours=2))
    assert _followup(store).status == FollowupStatus.DRAFTED
    sent_at = drafted_at + timedelta(days=1)
    deliver(box, _sent_reply("Jane Miller <jane@acme.example>", sent_at), "Sent")
    agent.run_pass(sent_at + timedelta(hours=1))
    fu = _followup(store)
    assert fu.status == FollowupStatus.SENT and datetime.fromisoformat(fu.sent_at) == sent_at
    with store.transaction() as conn:
        rec = recorded(conn)
    assert stats.build_report(rec.apps, rec.events, rec.followups).followups == {"drafted": 1, "sent": 1, "replied": 0}
    # Jane answers the thank-you (not a job email: a plain reply)
    deliver(box, samples.build_email(from_="Jane Miller <jane@acme.example>", to=samples.USER,
                                      subject="Re: Your application", date=sent_at + timedelta(days=2),
                                      message_id="<thanks@acme.example>", in_reply_to="<mine@example.org>",
                                      references=["<r1@acme.example>", "<mine@example.org>"],
                                      body="Hi Alex, thank you for the kind note. All the best for your search!"))
    agent.run_pass(sent_at + timedelta(days=3))
    with store.transaction() as conn:
        rec = recorded(conn)
    report = stats.build_report(rec.apps, rec.events, rec.followups)
    assert report.followups == {"drafted": 1, "sent": 1, "replied": 1}
    assert _followup(store).status == FollowupStatus.SENT  # stays sent


def test_the_digest_lists_drafts_waiting_and_applications_going_quiet(world):
    box, agent, store = world
    deliver(box, samples.ack("Initech", "Platform Engineer", MONDAY + timedelta(days=10), "<a9@initech.example>"))
    _fid, drafted_at = _drafted_followup(box, agent, store)  # a draft saved on a Wednesday
    agent.run_pass(drafted_at + timedelta(days=5))  # the next Monday: that week's digest
    body = _digests(box)[-1].get_content()
    assert "Acme — Engineer: thank-you after the rejection" in body
    assert "Initech — Platform Engineer: no news for 25 days" in body  # acknowledged 25 days before


def test_the_digest_names_a_saved_draft_that_must_not_be_sent(world):
    """Onward never deletes mail: a thank-you already in Drafts when the company wrote again (the role
    reopened) is cancelled, "do not send", and the next digest names it for deletion - not as waiting."""
    box, agent, store = world
    _fid, drafted_at = _drafted_followup(box, agent, store)  # a draft saved on a Wednesday
    deliver(box, samples.build_email(
        from_="Jane Miller <jane@acme.example>", to=USER, subject="Re: Your application at Acme",
        body="Hi Alex,\n\nThe Engineer position has reopened. Would you still be interested?\n\nJane\n",
        date=drafted_at + timedelta(days=1), message_id="<again@acme.example>", in_reply_to="<r1@acme.example>",
        references=["<i1@acme.example>", "<r1@acme.example>"]))
    agent.run_pass(drafted_at + timedelta(days=1, hours=1))
    assert _followup(store).status == FollowupStatus.CANCELLED
    agent.run_pass(drafted_at + timedelta(days=5))  # the next Monday: that week's digest
    body = _digests(box)[-1].get_content()
    waiting, _, not_to_send = body.partition("Drafts not to send - delete them from Drafts")
    assert "Acme — Engineer: thank-you after the rejection (saved" in not_to_send
    assert "Acme — Engineer" not in waiting.partition("Drafts waiting for you in Drafts")[2].split("\n\n")[0]


def test_a_draft_not_to_send_is_named_for_sixty_days_after_it_was_saved():
    now = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    app = stats.AppFacts(1, "Acme", "Engineer", "rejected", now - timedelta(days=90))
    stale = [stats.DraftWaiting(1, "check_in", (now - timedelta(days=d)).isoformat(), None) for d in (59, 61)]
    rec = stats.Recorded([app], [], [], [], [], stale)
    body = compose(rec, "2026-W50", UTC, now=now).body
    assert body.count("Acme — Engineer: check-in") == 1 and "(saved Fri 9 Oct)" in body, body
    assert "Drafts not to send" not in compose(stats.Recorded([app], [], [], [], []), "2026-W50", UTC, now=now).body


def test_a_waiting_draft_is_named_for_sixty_days_then_only_counted():
    # a draft the user deleted stays "drafted" (a deletion looks like an edit saved under a new Message-ID):
    # every weekly digest named it as waiting, for ever
    now = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    app = stats.AppFacts(1, "Acme", "Engineer", "applied", now - timedelta(days=120))
    waiting = [stats.DraftWaiting(1, "check_in", (now - timedelta(days=d)).isoformat(), "jane@acme.test")
               for d in (59, 61, 90)]
    body = compose(stats.Recorded([app], [], [], [], waiting), "2026-W50", UTC, now=now).body
    assert body.count("Acme — Engineer: check-in") == 1 and "(saved Fri 9 Oct)" in body, body
    assert "(2 saved more than 60 days ago: no longer named here; onward followups lists them)" in body
    alone = compose(stats.Recorded([app], [], [], [], waiting[1:]), "2026-W50", UTC, now=now).body
    assert "None saved in the last 60 days." in alone and "(2 saved more than 60 days ago" in alone
