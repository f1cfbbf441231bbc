"""The mutation audit's time limit (scripts/mutation_audit.py): CPU time, not wall-clock time.

A mutant whose tests run past their time counts as killed.  Measured in wall-clock time, a run merely
starved by other work on the machine (the audit runs niced, beside everything else) would be counted
as killed too - a kill nobody earned.  The fork server therefore limits each run's CPU time; a run that
neither ends nor burns its CPU time for a long wall-clock while is *stalled*: listed, not counted.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from tests.helpers import load_script

ma = load_script("mutation_audit")


def test_an_endless_loop_is_stopped_by_its_cpu_time_and_a_wait_is_stalled_not_killed(tmp_path: Path) -> None:
    (tmp_path / "test_runs.py").write_text(
        "import time\n\n"
        "def test_spins():\n    while True:\n        pass\n\n"
        "def test_waits():\n    time.sleep(60)\n\n"
        "def test_passes():\n    assert True\n")
    preload = tmp_path / "preload.json"
    preload.write_text("[]")
    server = ma.Server(tmp_path, preload, [])
    try:
        args = [*ma.PYTEST_ARGS, "-p", "no:cov"]
        code, seconds = server.run([*args, "test_runs.py::test_spins"], 3.0, tmp_path / "out.txt", stall=60.0)
        assert code in ma.CPU_LIMIT_CODES and seconds < 20
        code, seconds = server.run([*args, "test_runs.py::test_waits"], 10.0, tmp_path / "out.txt", stall=3.0)
        assert code is None and 3.0 <= seconds < 20  # asleep: its CPU limit never comes
        code, _ = server.run([*args, "test_runs.py::test_passes"], 10.0, tmp_path / "out.txt", stall=30.0)
        assert code == 0
    finally:
        server.close()


def test_a_fork_server_never_writes_the_collecting_runs_data(tmp_path: Path, monkeypatch) -> None:
    """Started inside the collecting run (by the test above), a server that inherited its variables
    overwrote its coverage and durations with its own: every mutant then ran no test at all."""
    data, durations = tmp_path / "coverage.sqlite", tmp_path / "durations.json"
    monkeypatch.setenv("MUTATION_COVERAGE_FILE", str(data))
    monkeypatch.setenv("MUTATION_DURATIONS_FILE", str(durations))
    (tmp_path / "test_one.py").write_text("def test_passes():\n    assert True\n")
    preload = tmp_path / "preload.json"
    preload.write_text("[]")
    server = ma.Server(tmp_path, preload, [])
    try:
        code, _ = server.run([*ma.PYTEST_ARGS, "test_one.py"], 10.0, tmp_path / "out.txt")
    finally:
        server.close()
    assert code == 0 and not data.exists() and not durations.exists()


def test_stalled_runs_are_listed_not_counted() -> None:
    outcomes = [{"key": "a|{}|0", "line": 1, "operator": "a", "occurrence": 0, "tests": 1, "outcome": kind,
                 "seconds": 1.0} for kind in ("killed", "timeout", "stalled", "survived")]
    result = ma.tally("agent/rules.py", 4, 4, outcomes)
    assert (result.killed, result.timeout, result.survived) == (1, 1, 1)
    assert result.kill_rate == 2 / 3
    assert [s["outcome"] for s in result.survivors] == ["stalled", "survived"]



EXCEPT_TUPLE = "import a\n\ntry:\n    pass\nexcept (a.B, a.C) as exc:\n    raise\n"


def test_a_mutant_cosmic_ray_cannot_make_is_listed_and_the_run_goes_on(tmp_path: Path, monkeypatch) -> None:
    """A mutant cosmic-ray fails to make (its exception replacer raises on ``except (a.B, a.C)``, below) is an
    error - listed, not counted - instead of an exception that ends the worker that tried it, and the run."""
    def cannot_make(code: str, operator: object, occurrence: int) -> str:
        raise AttributeError("'PythonNode' object has no attribute 'value'")

    plugins = types.SimpleNamespace(get_operator=lambda name: lambda **kw: object())
    monkeypatch.setitem(sys.modules, "cosmic_ray", types.SimpleNamespace(plugins=plugins))
    monkeypatch.setitem(sys.modules, "cosmic_ray.plugins", plugins)
    monkeypatch.setitem(sys.modules, "cosmic_ray.mutating", types.SimpleNamespace(mutate_code=cannot_make))
    mutants = [ma.Mutant("agent/m.py", "j", "core/ExceptionReplacer", "{}", n, 5, 5, (), 30.0) for n in (0, 1)]
    outcomes = [ma.test_mutant(None, tmp_path, m, EXCEPT_TUPLE) for m in mutants]  # type: ignore[arg-type]
    assert [o["outcome"] for o in outcomes] == ["error", "error"]
    assert "cosmic-ray could not make the mutant: AttributeError" in outcomes[0]["output"]
    result = ma.tally("agent/m.py", 2, 2, outcomes)
    assert (result.run, result.incompetent, result.survived, len(result.survivors)) == (2, 2, 0, 2)


def test_cosmic_rays_exception_replacer_fails_on_a_tuple_of_dotted_names() -> None:
    """Why the runner must go on (needs the ``mutation`` extra, which the audit runs with)."""
    pytest.importorskip("cosmic_ray")
    from cosmic_ray.mutating import mutate_code  # the optional tool, imported once it is known to be there
    from cosmic_ray.plugins import get_operator
    with pytest.raises(AttributeError):
        mutate_code(EXCEPT_TUPLE, get_operator("core/ExceptionReplacer")(), 0)
