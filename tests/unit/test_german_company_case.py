"""A German note declines the article a company carries where the sentence needs it: "beim Spiegel",
"am Spiegel", "über den Spiegel" - never "Ich habe Der Spiegel ... kennengelernt" (an accusative written as a
nominative). A company carrying "Der" is written as it is only where it is the subject, first in its sentence
(config/templates/*/*.de.txt.j2, agent/followups/grammar.py)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from agent.config import FollowupSettings
from agent.followups import templates
from agent.followups.draft import write_note
from agent.followups.notes import NoteFacts
from tests.draft_cases import KINDS

SETTINGS = FollowupSettings(your_name="Alex Doe", signature="")


@pytest.mark.parametrize("company", ["Der Spiegel", "Der Standard", "Der Tagesspiegel"])
@pytest.mark.parametrize("kind, stage", KINDS)
def test_a_masculine_article_is_declined_where_the_company_is_no_subject(kind, stage, company):
    facts = NoteFacts(kind=kind, stage=stage, language="de", today=date(2026, 12, 7), company=company,
                      role="Redakteur", interviews=1 if stage == "after_interview" else 0)
    body = write_note(facts, templates.load(SETTINGS, kind, stage, "de"), SETTINGS, answers_email=True).body
    for sentence in re.split(r"(?<=[.?!])\s+|\n+", body):
        assert company not in sentence[1:], sentence
