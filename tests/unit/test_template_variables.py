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
from tests import followup_samples as fs
from tests.unit.memory_world import deliver, memory_world

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


def test_a_rejection_before_the_interview_tells_the_template_no_interview_day(tmp_path, model):
    """The company said no two days before the interview it had invited to: the thank-you is after the
    application, and its template is told no interview day (``interview_on`` empty), not the day of an
    interview that never took place."""
    own = tmp_path / "templates" / "rejection_thanks"
    own.mkdir(parents=True)
    (own / "after_application.en.txt.j2").write_text("{{ salutation }}\n\nInterview day: [{{ interview_on }}].\n")
    box, agent, store = memory_world(tmp_path, model, followup={"templates_dir": str(tmp_path / "templates")})
    try:
        deliver(box, fs.invitation("Acme", "Engineer", "Jane Roe", "jane@acme.example", NOW - timedelta(days=6),
                                   "<i1@acme.example>", start=NOW + timedelta(days=1)))
        deliver(box, samples.rejection("Acme", "Engineer", "Jane Roe <jane@acme.example>", NOW - timedelta(days=1),
                                       "<r1@acme.example>", in_reply_to="<i1@acme.example>",
                                       references=["<i1@acme.example>"]))
        agent.run_pass(NOW)
        agent.run_pass(NOW + timedelta(days=30))
        [raw] = box.raw_messages("Drafts")
        body = BytesParser(policy=default).parsebytes(raw).get_content()
        assert "Interview day: []." in body, body
    finally:
        store.close()
