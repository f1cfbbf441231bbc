"""A recorded job search for the web app's tests: the real pass over the in-memory mailbox (real
SQLite file, real shipped model), and the config file ``onward web --config`` reads.

What it holds (``NOW`` = the test's clock):
* Acme Robotics: acknowledgement, interview invitation, rejection after it (rejection thank-you queued);
* Vandelay twice (two applications a merge joins: "Vandelay Industries" and "Vandelay Imports");
* Initech: an interview invitation without a time (``interview --at`` schedules its thank-you);
* three emails in the review band (P(rejection) below ``classifier.rejection_threshold`` = 0.999);
* a company whose name holds ``<script>`` (escaped everywhere).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from agent.demo import samples
from agent.model.classifier import Classifier
from tests.unit.memory_world import USER, deliver, memory_world

NOW = datetime.now(UTC).replace(microsecond=0)
THRESHOLD = 0.999  # the budget-cut emails (0.990-0.997 with the shipped model) score below it: they wait in review
EVIL = "<script>alert(1)</script>Evil"

REVIEW = [  # (company key in the address, sender, subject, body): the budget cut reads as maybe-rejection
    ("tallyho", "Rob", "the ops role", "Hey Ana, sorry: the budget for the role was cut this week, so we "
     "won't be hiring for it after all.\n\nRob"),
    ("brightline", "Kim", "the analyst role", "Hey Ana, sorry: the budget for the role was cut this week, so we "
     "won't be hiring for it after all.\n\nKim"),
    ("northwind", "Sam", "the support role", "Hey Ana, sorry: the budget for the role was cut this week, so we "
     "won't be hiring for it after all.\n\nSam"),
]


def config_text(db: Path) -> str:
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
rejection_threshold = {THRESHOLD}

[storage]
database = "sqlite:///{db}"
"""


def build(tmp_path: Path, model: Classifier) -> Path:
    """Record the search into ``tmp_path/onward.db``; returns the config file's path."""
    box, agent, store = memory_world(tmp_path, model, classifier={"workers": -1, "rejection_threshold": THRESHOLD})
    mails = [
        *samples.demo_story(NOW)[:3],
        samples.ack("Vandelay Industries", "Data Analyst", NOW - timedelta(days=9), "<v1@vandelay.example>"),
        samples.ack("Vandelay Imports", "Data Analyst", NOW - timedelta(days=8), "<v2@vandelay-imports.example>",
                    vendor="lever.co"),
        samples.interview("Initech", "Platform Engineer", "Bill Lumbergh", "bill@initech.example",
                          NOW - timedelta(days=1), "<i1@initech.example>"),
        samples.ack(EVIL, "Hacker <b>bold</b>", NOW - timedelta(days=3), "<evil@evil.example>"),
    ]
    for n, (key, who, subject, body) in enumerate(REVIEW):
        mails.append(samples.build_email(from_=f"{who} <{who.lower()}@{key}.example>", to=samples.USER,
                                         subject=subject, body=body, date=NOW - timedelta(hours=5 + n),
                                         message_id=f"<rv{n}@{key}.example>"))
    for raw in mails:
        deliver(box, raw)
    agent.run_pass(NOW)
    store.close()
    cfg = tmp_path / "onward.toml"
    cfg.write_text(config_text(tmp_path / "onward.db"), encoding="utf-8")
    cfg.chmod(0o600)
    return cfg
