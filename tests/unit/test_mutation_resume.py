"""The mutation audit resumes (scripts/mutation_audit.py): a full run spread over several sittings.

A resumed run that kept outcomes of a module whose source has changed would report mutants of code
that no longer exists; one that dropped them would never finish the full run. These pin down what is
kept: every outcome of an unchanged module under a key that outlives cosmic-ray's session, nothing of a
changed one, and the survivors only when they are not to be run again.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import load_script

ma = load_script("mutation_audit")

MODULE = "agent/rules.py"


def _outcome(key: str, outcome: str, line: int = 3) -> dict[str, object]:
    return {"key": key, "line": line, "operator": key.split("|")[0], "occurrence": 0, "tests": 2,
            "outcome": outcome, "seconds": 1.5, "diff": "--- a\n+++ b\n-x\n+y\n", "output": "long"}


@pytest.fixture()
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "agent").mkdir()
    (tmp_path / MODULE).write_text("LIMIT = 3\n")
    monkeypatch.setattr(ma, "RESULTS", tmp_path / "results")
    (tmp_path / "results").mkdir()
    return tmp_path


def _save(root: Path, outcomes: list[dict[str, object]]) -> str:
    digest = ma.source_digest(MODULE, root)
    ma._write(ma.tally(MODULE, len(outcomes), len(outcomes), outcomes, digest))
    return digest


def test_an_unchanged_module_keeps_every_outcome(tree: Path) -> None:
    digest = _save(tree, [_outcome("A|{}|0", "killed"), _outcome("B|{}|1", "survived"),
                          _outcome("C|{}|0", "incompetent")])
    kept = ma.saved_outcomes(MODULE, digest, recheck_survivors=False)
    assert sorted((o["key"], o["outcome"]) for o in kept) == [
        ("A|{}|0", "killed"), ("B|{}|1", "survived"), ("C|{}|0", "incompetent")]
    # a kept kill is brief; a survivor keeps its diff, so that it can be read without a run
    assert "diff" not in next(o for o in kept if o["outcome"] == "killed")
    assert "diff" in next(o for o in kept if o["outcome"] == "survived")


def test_a_changed_module_keeps_nothing(tree: Path) -> None:
    _save(tree, [_outcome("A|{}|0", "killed")])
    (tree / MODULE).write_text("LIMIT = 4\n")
    assert ma.saved_outcomes(MODULE, ma.source_digest(MODULE, tree), recheck_survivors=False) == []


def test_rechecking_survivors_keeps_only_the_kills(tree: Path) -> None:
    digest = _save(tree, [_outcome("A|{}|0", "killed"), _outcome("B|{}|1", "survived"),
                          _outcome("D|{}|2", "unexecuted"), _outcome("E|{}|0", "timeout")])
    kept = ma.saved_outcomes(MODULE, digest, recheck_survivors=True)
    assert sorted(o["key"] for o in kept) == ["A|{}|0", "E|{}|0"]


def test_rechecking_timeouts_runs_again_only_those_measured_in_wall_clock_time(tree: Path) -> None:
    cpu = {**_outcome("F|{}|0", "timeout"), "limit": "cpu"}
    digest = _save(tree, [_outcome("A|{}|0", "killed"), _outcome("E|{}|0", "timeout"), cpu,
                          _outcome("B|{}|1", "survived")])
    kept = ma.saved_outcomes(MODULE, digest, recheck_survivors=False, recheck_timeouts=True)
    assert sorted(o["key"] for o in kept) == ["A|{}|0", "B|{}|1", "F|{}|0"]
    assert next(o for o in kept if o["key"] == "F|{}|0")["limit"] == "cpu"  # kept through the brief form
    assert len(ma.saved_outcomes(MODULE, digest, recheck_survivors=False)) == 4


def test_results_of_an_older_format_are_not_resumed(tree: Path) -> None:
    digest = ma.source_digest(MODULE, tree)
    (tree / "results" / "agent.rules.json").write_text(json.dumps({"module": MODULE, "survivors": []}))
    assert ma.saved_outcomes(MODULE, digest, recheck_survivors=False) == []


def test_the_key_names_operator_arguments_and_occurrence() -> None:
    one = ma.mutant_key("core/NumberReplacer", json.dumps({"offset": 1}), 0)
    assert one != ma.mutant_key("core/NumberReplacer", json.dumps({"offset": -1}), 0)
    assert one != ma.mutant_key("core/NumberReplacer", json.dumps({"offset": 1}), 1)


def test_the_counts_of_a_resumed_module_add_the_kept_and_the_new(tree: Path) -> None:
    kept = [_outcome("A|{}|0", "killed"), _outcome("B|{}|1", "survived")]
    result = ma.tally(MODULE, 3, 3, [*kept, _outcome("C|{}|0", "killed")], "d")
    assert (result.run, result.killed, result.survived, result.kill_rate) == (3, 2, 1, 2 / 3)
