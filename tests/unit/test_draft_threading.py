"""A draft answers its email as a mail client's reply does (RFC 5322 3.6.4): In-Reply-To is that email's
Message-ID, and References is that email's References (else its In-Reply-To) followed by its Message-ID -
the thread's root first, the email answered last - so that clients that thread by References put the draft
under the email it answers (agent/followups/plan.py, the draft's ``references_json``)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.parser import BytesParser
from email.policy import default

import pytest

from agent.demo import samples
from agent.record.followup_rows import Followup
from tests.unit.memory_world import deliver, memory_world

T0 = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)  # a Tuesday


def _the_draft(box):
    [raw] = box.raw_messages("Drafts")
    return BytesParser(policy=default).parsebytes(raw)


@pytest.mark.parametrize("in_reply_to, references, expected", [
    ("<inv@acme.example>", ["<ack@acme.example>", "<inv@acme.example>"],
     "<ack@acme.example> <inv@acme.example> <rej@acme.example>"),
    ("<inv@acme.example>", [], "<inv@acme.example> <rej@acme.example>"),
    (None, [], "<rej@acme.example>"),
])
def test_the_draft_references_the_thread_then_the_email_it_answers(tmp_path, model, in_reply_to, references,
                                                                  expected):
    box, agent, store = memory_world(tmp_path, model, lookback_days=90)
    try:
        deliver(box, samples.rejection("Acme", "Data Analyst", "Jane Smith <jane@acme.example>",
                                       T0 - timedelta(days=1), "<rej@acme.example>", in_reply_to=in_reply_to,
                                       references=references))
        agent.run_pass(T0)
        agent.run_pass(T0 + timedelta(days=30))
        draft = _the_draft(box)
        assert draft["In-Reply-To"] == "<rej@acme.example>"
        assert draft["References"] == expected
        assert draft["Subject"].startswith("Re: ") and not draft["Subject"].startswith("Re: Re:")
    finally:
        store.close()


@pytest.mark.parametrize("answered", ["<m@acme.example>", "<a@acme.example>", "<z@acme.example>"])
def test_every_thread_key_is_kept_whichever_side_of_the_answered_id_it_sorts(answered):
    """The row's thread keys - the answered email's own id among them - give every other key, in order, then
    that email's id last."""
    keys = ["<b@acme.example>", "<y@acme.example>", "<m@acme.example>", "<a@acme.example>", "<z@acme.example>"]
    row = Followup(id=1, application_id=1, rejection_message_id=answered, rejected_at=T0.isoformat(),
                   due_at=T0.isoformat(), status="scheduled", to_name=None, to_addr=None, subject=None,
                   in_reply_to=answered, references_json=json.dumps(keys), draft_message_id=None, drafted_at=None,
                   reason=None, created_at=T0.isoformat())
    assert row.references == [*(k for k in keys if k != answered), answered]
