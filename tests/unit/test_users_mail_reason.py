"""The reason a follow-up the user's own mail made moot is given (agent/followups/rules.py:user_already_wrote):
it names the moment that kind of follow-up answers - the rejection, the interview, the silence a check-in asks
about - while ``ended_by`` stays the Message-ID of the user's mail (docs/cli.md)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from hypothesis import given
from hypothesis import strategies as st

from agent.demo import samples
from agent.followups.rules import FollowupKind, FollowupStatus, user_already_wrote
from agent.mail.parse import parse_message
from tests import followup_samples as fs
from tests.unit.memory_world import USER, deliver, followups, memory_world

T0 = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)  # a Monday
JANE = "jane@initech.example"
MOMENT = {FollowupKind.REJECTION_THANKS: "after the rejection", FollowupKind.INTERVIEW_THANKS: "after the interview",
          FollowupKind.CHECK_IN: "after the silence it asks about began"}


@given(kind=st.sampled_from(list(FollowupKind)), in_thread=st.booleans(), minutes=st.integers(1, 60 * 24 * 30))
def test_the_reason_names_the_moment_the_kind_answers(kind: FollowupKind, in_thread: bool, minutes: int) -> None:
    head = (f"From: Alex <{USER}>\r\nTo: {'hr@other.test' if in_thread else 'Jane <' + JANE + '>'}\r\n"
            f"Subject: x\r\nMessage-ID: <mine@x.test>\r\nDate: {format_datetime(T0 + timedelta(minutes=minutes))}\r\n")
    if in_thread:
        head += "In-Reply-To: <answered@initech.example>\r\n"
    mail = parse_message((head + "\r\nThanks!\r\n").encode())
    found = user_already_wrote([mail], kind=kind, own_mail_ids=set(), rejected_at=T0,
                               thread={"<answered@initech.example>"}, contacts={JANE})
    where = "you already replied in the thread" if in_thread else "you already wrote to the contact"
    assert found == (f"{where} {MOMENT[kind]}", "<mine@x.test>")


def test_an_interview_thank_you_the_users_reply_made_moot_says_after_the_interview(tmp_path, model):
    box, agent, store = memory_world(tmp_path, model)
    try:
        start = T0 + timedelta(days=2)
        deliver(box, fs.invitation("Initech", "QA Lead", "Jane Roe", JANE, T0, "<inv@initech.example>", start=start,
                                   uid="ev-1"))
        agent.run_pass(T0 + timedelta(hours=1))
        deliver(box, samples.build_email(from_=USER, to=f"Jane Roe <{JANE}>", subject="Re: Interview",
                                         date=start + timedelta(hours=1, minutes=20), message_id="<thanks@mine.test>",
                                         in_reply_to="<inv@initech.example>", references=["<inv@initech.example>"],
                                         body="Hi Jane, thank you for your time today."), "Sent")
        agent.run_pass(start + timedelta(hours=2))
        [thanks] = [f for f in followups(store) if f.kind == FollowupKind.INTERVIEW_THANKS]
        assert (thanks.status, thanks.ended_by, thanks.reason) == (
            FollowupStatus.CANCELLED, "<thanks@mine.test>", "you already replied in the thread after the interview")
    finally:
        store.close()
