"""A recorded job search for the web app's tests: the real pass over the in-memory mailbox (real
SQLite file, real shipped model), and the config file ``onward web --config`` reads.

What it holds (``NOW`` = the test's clock):
* Acme Robotics: acknowledgement, interview invitation, rejection after it (rejection thank-you queued);
* Vandelay twice (two applications a merge joins: "Vandelay Industries" and "Vandelay Imports");
* Initech: an interview invitation without a time (``interview --at`` schedules its thank-you);
* three emails in the review band (P(rejection) below ``classifier.rejection_threshold``, which
  ``review_threshold`` sets between their scores and the Acme rejection's for the model in use);
* a company whose name holds ``<script>`` (escaped everywhere).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

from agent.demo import samples
from agent.mail.parse import email_text, parse_message
from agent.model.classifier import Classifier, EmailText
from tests.unit.memory_world import USER, deliver, memory_world

NOW = datetime.now(UTC).replace(microsecond=0)
EVIL = "<script>alert(1)</script>Evil"

REVIEW = [  # (company key in the address, sender, subject, body): the budget cut reads as maybe-rejection
    ("tallyho", "Rob", "the ops role", "Hey Ana, sorry: the budget for the role was cut this week, so we "
     "won't be hiring for it after all.\n\nRob"),
    ("brightline", "Kim", "the analyst role", "Hey Ana, sorry: the budget for the role was cut this week, so we "
     "won't be hiring for it after all.\n\nKim"),
    ("northwind", "Sam", "the support role", "Hey Ana, sorry: the budget for the role was cut this week, so we "
     "won't be hiring for it after all.\n\nSam"),
]


def config_text(db: Path, threshold: float) -> str:
    return f"""
[imap]
host = "imap.example.org"
username = "{USER}"
password_env = "ONWARD_TEST_UNUSED"
folders = ["INBOX"]
initial_lookback_days = 60

[followup]
your_name = "Alex Doe"
from_address = "{USER}"
timezone = "UTC"

[classifier]
workers = -1
rejection_threshold = {threshold}

[storage]
database = "sqlite:///{db}"
"""


def _mails() -> tuple[list[bytes], bytes, list[bytes]]:
    """The world's emails: all of them, the Acme rejection, and the three budget-cut emails."""
    story = samples.demo_story(NOW)[:3]
    review = [samples.build_email(from_=f"{who} <{who.lower()}@{key}.example>", to=samples.USER, subject=subject,
                                  body=body, date=NOW - timedelta(hours=5 + n), message_id=f"<rv{n}@{key}.example>")
              for n, (key, who, subject, body) in enumerate(REVIEW)]
    mails = [
        *story,
        samples.ack("Vandelay Industries", "Data Analyst", NOW - timedelta(days=9), "<v1@vandelay.example>"),
        samples.ack("Vandelay Imports", "Data Analyst", NOW - timedelta(days=8), "<v2@vandelay-imports.example>",
                    vendor="lever.co"),
        samples.interview("Initech", "Platform Engineer", "Bill Lumbergh", "bill@initech.example",
                          NOW - timedelta(days=1), "<i1@initech.example>"),
        samples.ack(EVIL, "Hacker <b>bold</b>", NOW - timedelta(days=3), "<evil@evil.example>"),
        *review,
    ]
    return mails, story[2], review


def review_threshold(model: Classifier) -> float:
    """The world's rejection threshold for ``model``: above every budget-cut email's P(rejection), so they wait
    in review, and at most the Acme rejection's, so it is on record (halfway between, in distance from 1).
    A fixed value broke whenever a retrained model grew surer of the budget cut (0.990-0.999 across models)."""
    _, rejection, review = _mails()
    p = [pred.probabilities["rejection"] for pred in model.predict(
        [EmailText(*email_text(parse_message(raw))) for raw in [rejection, *review]])]
    low, high = max(p[1:]), p[0]
    if not low < high:
        raise AssertionError(f"the model scores a budget-cut email ({low:.5f}) at or above the Acme rejection "
                             f"({high:.5f}): the web world needs other review emails")
    return 1 - math.sqrt((1 - low) * (1 - high))


def build(tmp_path: Path, model: Classifier) -> Path:
    """Record the search into ``tmp_path/onward.db``; returns the config file's path."""
    threshold = review_threshold(model)
    box, agent, store = memory_world(tmp_path, model, classifier={"workers": -1, "rejection_threshold": threshold})
    for raw in _mails()[0]:
        deliver(box, raw)
    agent.run_pass(NOW)
    store.close()
    cfg = tmp_path / "onward.toml"
    cfg.write_text(config_text(tmp_path / "onward.db", threshold), encoding="utf-8")
    cfg.chmod(0o600)
    return cfg
