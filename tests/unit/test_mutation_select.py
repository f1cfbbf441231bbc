"""The mutation audit's test selection (scripts/mutation_select.py): which tests run against a mutant.

A selection that silently chose nothing would report every mutant as a survivor without a run (or,
worse, one that chose too little would let real survivors pass as killed elsewhere); these pin down
the three rules: the tests that execute the mutant's statement, the whole selection for import-time
lines, nothing for a line no test executes.
"""

from __future__ import annotations

import ast
import importlib.util
import textwrap
from pathlib import Path

from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from tests.helpers import load_script

_PATH = Path(__file__).resolve().parents[2] / "scripts" / "mutation_select.py"
ms = load_script("mutation_select")

SOURCE = textwrap.dedent('''\
    LIMIT = 3                                   # 1
    TABLE = {"a": 1}                            # 2
                                                # 3
    @decorate(5)                                # 4
    def rule(days, cap=LIMIT + 1):              # 5
        if (days > cap                          # 6
                and days < 100):                # 7
            return True                         # 8
        total = sum(                            # 9
            d * 2 for d in range(days)          # 10
        )                                       # 11
        return total > LIMIT                    # 12
                                                # 13
    class Box:                                  # 14
        size = 2                                # 15
        def grow(self):                         # 16
            return self.size + 1                # 17
                                                # 18
    pick = lambda x: x > 1                      # 19
    def unused():                               # 20
        return 0                                # 21
    ''')
TREE = ast.parse(SOURCE)
COV = ms.Coverage(
    lines={6: frozenset({"t.py::slow", "t.py::fast"}), 8: frozenset({"t.py::slow"}),
           9: frozenset({"t.py::fast"}), 10: frozenset({"t.py::fast"}), 12: frozenset({"t.py::fast"}),
           17: frozenset({"t.py::box"}), 19: frozenset({"t.py::fast"})},
    outside=frozenset({1, 2, 4, 5, 14, 15, 16, 19, 20}),
    durations={"t.py::slow": 2.0, "t.py::fast": 0.1, "t.py::box": 0.5, "u.py::other": 0.3},
)
WHOLE = COV.tests_in(["t.py"])


def test_a_mutant_runs_the_tests_that_execute_its_line_fastest_first() -> None:
    assert ms.tests_for(TREE, COV, 6, 6, WHOLE) == ["t.py::fast", "t.py::slow"]
    assert ms.tests_for(TREE, COV, 8, 8, WHOLE) == ["t.py::slow"]
    assert ms.tests_for(TREE, COV, 17, 17, WHOLE) == ["t.py::box"]


def test_a_mutant_inside_a_statement_spread_over_lines_finds_the_tests_of_its_statement() -> None:
    # line 7 (the if's condition, second line) and line 11 record nothing themselves
    assert ms.tests_for(TREE, COV, 7, 7, WHOLE) == ["t.py::fast", "t.py::slow"]
    assert ms.statement_lines(TREE, 7, 7) == {6, 7}
    assert ms.statement_lines(TREE, 10, 10) == {9, 10, 11}
    assert ms.tests_for(TREE, COV, 10, 10, WHOLE) == ["t.py::fast"]


def test_an_import_time_line_runs_the_whole_selection() -> None:
    whole = ["t.py::box", "t.py::fast", "t.py::slow"]
    for line in (1, 2, 4, 15):  # a constant, a table, a decorator, a class body
        assert ms.runs_at_import(TREE, line), line
        assert sorted(ms.tests_for(TREE, COV, line, line, WHOLE)) == whole, line
    assert ms.tests_for(TREE, COV, 1, 1, WHOLE)[0] == "t.py::fast"  # fastest first there too


def test_a_functions_header_runs_the_tests_that_call_it() -> None:
    """Its parameters and defaults run at import, but only a call sees them, and a call runs the body."""
    assert ms.runs_at_import(TREE, 5)
    assert ms.tests_for(TREE, COV, 5, 5, WHOLE) == ["t.py::fast", "t.py::slow"]  # the body's tests
    assert ms.tests_for(TREE, COV, 16, 16, WHOLE) == ["t.py::box"]  # a method
    assert ms.tests_for(TREE, COV, 20, 20, WHOLE) == []  # never called: survives without a run
    assert ms.signature_body(TREE, 4, 5) is None  # the decorator is not the header


def test_a_generators_header_runs_the_whole_selection() -> None:
    """A generator can be called (its arguments bound, a wrong call refused) without its body running."""
    tree = ast.parse("def gen(n, *, k=1):\n    yield n + k\n\ndef outer(n):\n    def inner():\n        yield 1\n"
                     "    return n\n")
    cov = ms.Coverage(lines={2: frozenset({"t.py::fast"}), 7: frozenset({"t.py::slow"})},
                      outside=frozenset({1, 4}), durations=COV.durations)
    assert sorted(ms.tests_for(tree, cov, 1, 1, WHOLE)) == ["t.py::box", "t.py::fast", "t.py::slow"]
    assert ms.tests_for(tree, cov, 4, 4, WHOLE) == ["t.py::slow"]  # outer returns; inner's yield is its own


def test_a_function_or_lambda_body_is_not_import_time() -> None:
    for line in (6, 7, 8, 10, 12, 17, 21):
        assert not ms.runs_at_import(TREE, line), line
    lambda_body = ast.parse("f = lambda x: (\n    x > 1)\n")
    assert not ms.runs_at_import(lambda_body, 2)


def test_a_line_executed_outside_every_test_runs_the_whole_selection() -> None:
    cov = ms.Coverage(lines={}, outside=frozenset({21}), durations=COV.durations)
    assert sorted(ms.tests_for(TREE, cov, 21, 21, WHOLE)) == ["t.py::box", "t.py::fast", "t.py::slow"]


def test_a_line_no_test_executes_selects_nothing() -> None:
    assert ms.tests_for(TREE, COV, 21, 21, WHOLE) == []


def test_the_whole_selection_is_the_passing_tests_of_the_selected_files() -> None:
    assert COV.tests_in(["t.py"]) == {"t.py::slow", "t.py::fast", "t.py::box"}
    assert COV.tests_in(["u.py"]) == {"u.py::other"}
    assert COV.tests_in(["nowhere.py"]) == frozenset()


def test_outside_the_store_a_test_on_both_stores_runs_on_sqlite_only() -> None:
    tests = ["t.py::a[sqlite]", "t.py::a[postgresql]", "t.py::b[postgresql]", "t.py::c", "t.py::d[sqlite-x]",
             "t.py::d[postgresql-x]"]
    assert ms.without_postgresql_twins(tests, "agent/followups/plan.py") == [
        "t.py::a[sqlite]", "t.py::b[postgresql]", "t.py::c", "t.py::d[sqlite-x]"]  # b has no SQLite twin: kept
    assert ms.without_postgresql_twins(tests, "agent/record/store/events.py") == tests


READERS = textwrap.dedent('''\
    LIMIT = 3                                   # 1
    WIDER = LIMIT + 1                           # 2
    OTHER = 7                                   # 3
    class Hot:                                  # 4
        query = ("select", LIMIT)               # 5
        def run(self):                          # 6
            return self.query                   # 7
    def wide(x):                                # 8
        return x > WIDER                        # 9
    def hot():                                  # 10
        return Hot.query                        # 11
    def other():                                # 12
        return OTHER                            # 13
    ''')


def test_a_module_level_value_is_read_by_the_functions_that_use_it_directly_or_through_another() -> None:
    tree = ast.parse(READERS)
    assert ms.readers(tree, 1, 1) == {7, 9, 11}  # LIMIT: WIDER and Hot.query are built from it
    assert ms.readers(tree, 5, 5) == {7, 11}     # Hot.query: read as self.query and as Hot.query
    assert ms.readers(tree, 3, 3) == {13}
    assert ms.readers(tree, 9, 9) == set()       # no module-level value there


def test_an_import_time_value_runs_the_tests_of_the_functions_that_read_it() -> None:
    tree = ast.parse(READERS)
    cov = ms.Coverage(lines={9: frozenset({"t.py::wide"}), 11: frozenset({"t.py::hot"}),
                             13: frozenset({"t.py::other"})},
                      outside=frozenset({1, 2, 3, 4, 5, 6, 8, 10, 12}),
                      durations={"t.py::wide": 0.2, "t.py::hot": 0.1, "t.py::other": 0.1, "u.py::whole": 1.0})
    assert ms.tests_for(tree, cov, 1, 1, ["u.py::whole"]) == ["t.py::hot", "t.py::wide", "u.py::whole"]
    assert ms.tests_for(tree, cov, 3, 3, ["u.py::whole"]) == ["t.py::other", "u.py::whole"]


def test_the_measured_file_is_found_in_whichever_copy_was_measured() -> None:
    files = ["/tmp/a/copy0/agent/record/rules.py", "/tmp/a/copy0/agent/followups/rules.py"]
    assert ms.measured_file(files, "agent/followups/rules.py") == files[1]
    assert ms.measured_file(files, "agent/newmail.py") is None


@given(st.integers(min_value=1, max_value=21))
def test_every_executed_runtime_line_selects_a_test_that_executes_it(line: int) -> None:
    chosen = ms.tests_for(TREE, COV, line, line, WHOLE)
    body = ms.signature_body(TREE, line, line)
    if body is not None:  # a header: whoever runs the body
        assert set(chosen) == {t for n in range(body[0], body[1] + 1) for t in COV.lines.get(n, ())}
    elif ms.runs_at_import(TREE, line):
        assert set(WHOLE) <= set(chosen)
    for test in COV.lines.get(line, ()):
        assert test in chosen
    assert chosen == sorted(chosen, key=lambda t: (COV.durations[t], t))


def test_the_real_selection_of_a_rule_module_is_not_empty(tmp_path: Path) -> None:
    """Against a real coverage file: a tiny collecting run of one function's test data."""
    from coverage import Coverage as CoverageRun

    module = tmp_path / "agent" / "rule.py"
    module.parent.mkdir()
    module.write_text("LIMIT = 2\n\ndef over(n):\n    return n > LIMIT\n")
    data = tmp_path / "cov.sqlite"
    run = CoverageRun(data_file=str(data), include=[str(module)], config_file=False)
    run.start()
    spec = importlib.util.spec_from_file_location("rule_under_test", module)
    assert spec is not None and spec.loader is not None
    rule = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(rule)
    run.switch_context("tests/unit/test_rule.py::test_over")
    assert rule.over(3)
    run.switch_context("")
    run.stop()
    run.save()
    durations = tmp_path / "durations.json"
    durations.write_text('{"tests/unit/test_rule.py::test_over": 0.01}')
    cov = ms.load_coverage(data, durations, "agent/rule.py")
    tree = ast.parse(module.read_text())
    assert ms.tests_for(tree, cov, 4, 4, []) == ["tests/unit/test_rule.py::test_over"]
    assert 1 in cov.outside and 4 not in cov.outside
    assert ms.tests_for(tree, cov, 1, 1, cov.tests_in(["tests/unit/test_rule.py"])) == [
        "tests/unit/test_rule.py::test_over"]


def test_every_test_file_a_selection_names_exists() -> None:
    """A misspelt or renamed file in a module's whole selection would quietly shrink what its import-time
    mutants are run against."""
    audit = load_script("mutation_audit")
    root = _PATH.parents[1]
    named = {test for tests in audit.SELECTIONS.values() for test in tests}
    assert named and not sorted(t for t in named if not (root / t).is_file())


def test_the_mutants_hypothesis_profile_stops_at_the_first_failing_example() -> None:
    """A killed mutant needs one failing example: shrinking it would only spend the run's time."""
    current = settings.get_current_profile_name()
    try:
        ms._hypothesis_profile()
        chosen = settings()
        assert Phase.shrink not in chosen.phases and Phase.generate in chosen.phases
        assert chosen.derandomize and chosen.deadline is None
    finally:
        settings.load_profile(current)
