"""docs/architecture.md is a checked map: it names every module under agent/ by its path, and every
``file.py:function`` it cites exists (a function, a class, a method as ``Class.method``, or a module-level
name). A module added, moved or renamed, or a function renamed, fails here with the exact line to add
or fix, so the map is mended in the change that moved the code."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAP = ROOT / "docs" / "architecture.md"
CITATION = re.compile(r"`((?:agent|tests)/[\w/]+\.py):([A-Za-z_][\w.]*)")
BARE_CITATION = re.compile(r"`(?!agent/|tests/)([\w/]+\.py):([A-Za-z_][\w.]*)")


def text() -> str:
    return MAP.read_text(encoding="utf-8")


def modules() -> list[str]:
    return sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "agent").rglob("*.py"))


def missing_modules(doc: str) -> list[str]:
    named = set(re.findall(r"(agent/[\w/]+\.py)", doc))
    return [m for m in modules() if m not in named]


@cache
def names_in(path: Path) -> frozenset[str]:
    """Top-level functions, classes and assigned names, and ``Class.member`` for what a class defines."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            out.add(node.name)
        elif isinstance(node, ast.Assign):
            out.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            out.add(node.target.id)
        if isinstance(node, ast.ClassDef):
            for member in node.body:
                if isinstance(member, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    out.add(f"{node.name}.{member.name}")
                elif isinstance(member, ast.AnnAssign) and isinstance(member.target, ast.Name):
                    out.add(f"{node.name}.{member.target.id}")
    return frozenset(out)


def broken_citations(doc: str) -> list[str]:
    out = []
    for n, line in enumerate(doc.splitlines(), 1):
        for file, name in CITATION.findall(line):
            path = ROOT / file
            if not path.is_file():
                out.append(f"docs/architecture.md:{n}: {file}:{name} - no file {file}")
            elif name.rstrip(".") not in names_in(path):
                out.append(f"docs/architecture.md:{n}: {file}:{name} - {file} defines no {name}")
        for file, name in BARE_CITATION.findall(line):
            out.append(f"docs/architecture.md:{n}: {file}:{name} - cite with the path from the repository root")
    return out


def test_every_module_under_agent_is_on_the_map() -> None:
    missing = missing_modules(text())
    assert missing == [], ("docs/architecture.md does not name these modules; add each by its path to the table "
                           "of its layer (Rooms):\n" + "\n".join(missing))


def test_every_cited_function_exists() -> None:
    broken = broken_citations(text())
    assert broken == [], "\n".join(broken)


def test_the_map_has_its_parts() -> None:
    doc = text()
    for heading in ("## Layers", "## Rooms", "## Where each rule lives", "## The life of a rejection"):
        assert heading in doc, heading
    rules = doc[doc.index("## Where each rule lives"):doc.index("## The life of a rejection")]
    for rule in ("**Linking**", "**Follow-up kind and due date**", "**Recipient**", "**Resume point**"):
        assert rule in rules, rule
    assert len(CITATION.findall(doc)) >= 40


def test_the_checks_catch_a_stale_map() -> None:
    """The checks themselves: a module left out, a function renamed, a file moved, a bare citation."""
    doc = text()
    assert missing_modules(doc.replace("agent/mail/memory.py", "agent/testing/memory.py")) == [
        "agent/mail/memory.py"]
    assert broken_citations("`agent/followups/plan.py:plan` `agent/linking.py:choose`") == [
        "docs/architecture.md:1: agent/linking.py:choose - no file agent/linking.py"]
    assert broken_citations("`agent/followups/plan.py:no_such_rule`") == [
        "docs/architecture.md:1: agent/followups/plan.py:no_such_rule - agent/followups/plan.py defines no no_such_rule"]
    assert broken_citations("`agent/followups/drafting.py:Drafter.save_draft` `agent/crashpoints.py:POINTS`") == []
    assert broken_citations("`agent/followups/drafting.py:Drafter.nope`") != []
    assert broken_citations("`plan.py:plan`") == [
        "docs/architecture.md:1: plan.py:plan - cite with the path from the repository root"]
