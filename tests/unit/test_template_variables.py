"""What a template of the user's own (``followup.templates_dir``) is told, as docs/drafts.md lists it:
``interviews`` is how many interviews the record knows of - none after an application, at least one after an
interview whose time was never known. The shipped templates only ask ``interviews > 1``; a template of the
user's own may print it or ask ``{% if interviews %}``. Whole passes over the in-memory mailbox."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.parser import BytesParser
from email.policy import default

import pytest

from agent.demo import samples
from agent.followups.user_actions import apply
from agent.record.followup_rows import FollowupKind
from tests import followup_samples as fs
from tests.unit.memory_world import deliver, followups, memory_world

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # a Monday


@pytest.mark.parametrize("interview, known", [(False, 0), (True, 1)])
def test_a_template_is_told_the_interviews_the_record_knows_of(tmp_path, model, interview, known):
    own = tmp_path / "templates" / "rejection_thanks"
    own.mkdir(parents=True)
    for stage in ("after_application", "after_interview"):
        (own / f"{stage}.en.txt.j2").write_text("{{ salutation }}\n\nInterviews known: {{ interviews }}.\n")
    box, agent, store = memory_world(tmp_path, model, followup={"templates_dir": str(tmp_path / "templates")})
    try:
        parent = None
        if interview:  # an invitation without a calendar part: the interview's time is never known
            parent = "<i1@acme.example>"
            deliver(box, samples.interview("Acme", "Engineer", "Jane Roe", "jane@acme.example",
                                           NOW - timedelta(days=6), parent))
        deliver(box, samples.rejection("Acme", "Engineer", "Jane Roe <jane@acme.example>", NOW - timedelta(days=1),
                                       "<r1@acme.example>", in_reply_to=parent, references=[parent] if parent else []))
        agent.run_pass(NOW)
        agent.run_pass(NOW + timedelta(days=30))
        [raw] = box.raw_messages("Drafts")
        body = BytesParser(policy=default).parsebytes(raw).get_content()
        assert f"Interviews known: {known}." in body, body
    finally:
        store.close()


def _interview_day_drafts(tmp_path, model, stage: str, *, invited: datetime, start: datetime) -> list[str]:
    """The drafts' bodies after Acme's invitation (sent ``invited``, for an interview at ``start``) and its no the
    day before NOW, with a template of the user's own for the rejection thank-you ``stage`` printing
    ``interview_on``."""
    own = tmp_path / "templates" / "rejection_thanks"
    own.mkdir(parents=True)
    (own / f"{stage}.en.txt.j2").write_text("{{ salutation }}\n\nInterview day: [{{ interview_on }}].\n")
    box, agent, store = memory_world(tmp_path, model, followup={"templates_dir": str(tmp_path / "templates")})
    try:
        deliver(box, fs.invitation("Acme", "Engineer", "Jane Roe", "jane@acme.example", invited, "<i1@acme.example>",
                                   start=start))
        deliver(box, samples.rejection("Acme", "Engineer", "Jane Roe <jane@acme.example>", NOW - timedelta(days=1),
                                       "<r1@acme.example>", in_reply_to="<i1@acme.example>",
                                       references=["<i1@acme.example>"]))
        agent.run_pass(NOW)
        agent.run_pass(NOW + timedelta(days=30))
        return [BytesParser(policy=default).parsebytes(raw).get_content() for raw in box.raw_messages("Drafts")]
    finally:
        store.close()


def test_a_rejection_before_the_interview_tells_the_template_no_interview_day(tmp_path, model):
    """The company said no two days before the interview it had invited to: the thank-you is after the
    application, and its template is told no interview day (``interview_on`` empty), not the day of an
    interview that never took place."""
    [body] = _interview_day_drafts(tmp_path, model, "after_application", invited=NOW - timedelta(days=6),
                                   start=NOW + timedelta(days=1))
    assert "Interview day: []." in body, body


def test_a_rejection_after_an_interview_tells_the_template_the_interview_day(tmp_path, model):
    bodies = _interview_day_drafts(tmp_path, model, "after_interview", invited=NOW - timedelta(days=9),
                                   start=datetime(2026, 10, 29, 14, 0, tzinfo=UTC))
    assert any("Interview day: [on 29 October]." in b for b in bodies), bodies


def test_a_check_in_after_one_the_user_skipped_is_told_it_is_the_first(tmp_path, model):
    """``max_check_ins = 2``; the user skipped the first check-in (``onward followups skip``): the next one is
    the first the company gets, so its template is told ``check_in`` 1 and no earlier day - not "as I wrote
    on ..." about a note never sent."""
    own = tmp_path / "templates" / "check_in"
    own.mkdir(parents=True)
    (own / "after_application.en.txt.j2").write_text(
        "{{ salutation }}\n\nCheck-in number {{ check_in }} [{{ previous_on }}].\n")
    box, agent, store = memory_world(tmp_path, model, lookback_days=90,
                                     followup={"max_check_ins": 2, "templates_dir": str(tmp_path / "templates")})
    try:
        start = NOW - timedelta(days=60)
        deliver(box, fs.role_ack("Initech", "QA Lead", start, "<a1@initech.example>"))
        agent.run_pass(start + timedelta(days=15), draft=False)
        [first] = followups(store)
        with store.transaction() as conn:
            # the action as the command line passes it, a string made at run time (never the interned literal)
            apply(store, conn, agent.settings.followup, first.id, "".join(["s", "kip"]), start + timedelta(days=15))
        for days in (30, 45):
            agent.run_pass(start + timedelta(days=days), draft=False)
        second = [f for f in followups(store) if f.id != first.id]
        assert [f.kind for f in second] == [FollowupKind.CHECK_IN], followups(store)
        with store.transaction() as conn:
            apply(store, conn, agent.settings.followup, second[0].id, "".join(["s", "et"]), start + timedelta(days=45),
                  {"to_addr": "jane@initech.example"})
        [second] = [f for f in followups(store) if f.id != first.id]
        agent.run_pass(datetime.fromisoformat(second.due_at) + timedelta(minutes=1))
        [raw] = box.raw_messages("Drafts")
        body = BytesParser(policy=default).parsebytes(raw).get_content()
        assert "Check-in number 1 []." in body, body
    finally:
        store.close()
