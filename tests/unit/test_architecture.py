"""The import rules that docs/architecture.md states, checked: a module that speaks IMAP, parses mail
or runs the model never pulls in the database (the store or SQLAlchemy), and the pure rule modules
import neither the network nor the database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

NO_DATABASE = ["agent.mail.imap", "agent.mail.parse", "agent.model.classifier", "agent.model.scorer",
               "agent.intake", "agent.record.rules", "agent.record.facts", "agent.followups.rules",
               "agent.followups.schedule", "agent.followups.draft"]
PURE = ["agent.record.rules", "agent.record.facts", "agent.followups.rules", "agent.followups.schedule",
        "agent.followups.draft", "agent.mail.parse", "agent.followups.plan", "agent.record.appfacts",
        "agent.record.linking", "agent.record.contacts", "agent.mail.bounce"]
RECORD = sorted(".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
                for p in (ROOT / "agent" / "record").rglob("*.py"))


def _loaded_after(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    return set(done.stdout.split())


@pytest.mark.parametrize("module", NO_DATABASE)
def test_no_database_behind(module):
    loaded = _loaded_after(module)
    assert "sqlalchemy" not in loaded and "agent.record.store" not in loaded, module


@pytest.mark.parametrize("module", PURE)
def test_pure_modules_speak_no_imap(module):
    loaded = _loaded_after(module)
    assert not {"imapclient", "agent.mail.imap", "sqlalchemy"} & loaded, module


@pytest.mark.parametrize("module", RECORD)
def test_the_record_never_imports_the_followup_rules(module):
    """record/ records facts; follow-ups are planned from them by agent/followups, never the other way."""
    assert not {m for m in _loaded_after(module) if m.startswith("agent.followups")}, module

