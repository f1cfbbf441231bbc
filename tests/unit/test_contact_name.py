"""``contact_name``, a template's variable (docs/drafts.md: "the first name of the person greeted"), is the
person's first name whatever the display name carries before it (a title) or after it; the surname with
its title when no first name is known (agent/followups/language.py ``first_name``)."""

from __future__ import annotations

from datetime import date

import pytest

from agent.config import FollowupSettings
from agent.followups.draft import write_note
from agent.followups.notes import NoteFacts, template_context
from agent.followups.templates import Template


@pytest.mark.parametrize("contact, first", [
    ("Dr. Jane Miller", "Jane"),
    ("Frau Dr. Anna Schmidt", "Anna"),
    ("Mme Claire Dupont", "Claire"),
    ("Dott.ssa Giulia Bianchi", "Giulia"),
    ("Jane Smith (she/her)", "Jane"),
    ("Doe, Jane, PhD", "Jane"),
    ("Jane Smith", "Jane"),
    ("Frau Schmidt", "Frau Schmidt"),
])
def test_contact_name_is_the_first_name_of_the_person_greeted(contact, first):
    facts = NoteFacts(kind="check_in", stage="after_application", language="en", today=date(2026, 12, 7),
                      company="Acme", contact=contact)
    assert template_context(facts)["contact_name"] == first
    own = Template("Hi {{ contact_name }},\n", "check_in/after_application", "en")
    assert write_note(facts, own, FollowupSettings(your_name="Alex"), answers_email=True).body == f"Hi {first},\n"
