#!/usr/bin/env python3
"""The mutation audit of Onward's rule modules, with cosmic-ray (a maintained mutation tool).

Every module of ``agent/followups``, ``agent/record``, ``agent/newmail.py`` and the recipient and
header code (``agent/mail/headers.py``) is mutated whole - module-level constants, tables and class
bodies included, not only functions - with cosmic-ray's operators (comparisons, boolean operators,
``not``, numbers, True/False, arithmetic, break/continue, loops run zero times, exceptions, decorators).

cosmic-ray makes the mutants (``cosmic-ray init`` and its filters); this script tests them, with
coverage-guided test selection (scripts/mutation_select.py): the unit suite (``tests/unit``: fast, no
Dovecot; whole passes against the in-memory mailbox) runs once under coverage.py, one dynamic context
per test, and each mutant then runs only the tests that execute its statement, fastest first, stopping
at the first failure.  A mutant on a line that runs at import time runs every test that executes its
module; a mutant on a line no test executes survives without a run.  Each copy of the tree has a
*fork server*: a process that has imported the third-party libraries the tests use (never ``agent``)
and forks a fresh pytest for each mutant, so a mutant costs its tests, not an interpreter's start-up.

Usage (from the repository root, in the project's venv; ``pip install -e '.[mutation]'``)::

    python scripts/mutation_audit.py --jobs 2                 # every module, every mutant (~an hour)
    python scripts/mutation_audit.py --module agent/followups/rules.py --module agent/newmail.py
    python scripts/mutation_audit.py --sample 60 --budget 1200   # 60 mutants per module, 20 min in all
    python scripts/mutation_audit.py --report               # the summary of the last run, as markdown

cosmic-ray writes a mutant into the file it mutates, so the run works in private copies of the tree
(``--work``, default a temporary directory; one copy per ``--jobs``): the working tree is never touched
(it may even change during the run), and each mutated file is written back, as it was when the copies
were made, after each mutant.  The tests run from the copy's root, so the copy's ``agent`` is the one
imported (the current directory comes first on sys.path).

Results: ``mutation-results/<module>.json`` (the counts, each mutant's outcome under a key that outlives
cosmic-ray's session, each survivor with its diff, and the digest of the source they belong to; rewritten
as the run goes) and ``mutation-results/summary.md``.  A run resumes from them: a module whose source is
unchanged keeps its outcomes and runs only the mutants they lack, so a full run can be spread over several
sittings (``--budget``); a changed module starts again; ``--fresh`` starts every module again.  A mutant
is *killed* when a test failed, *timeout* when its tests ran past their CPU time (counted as killed),
*stalled* when they neither ended nor used their CPU time in a long wall-clock while (listed, not
counted), *incompetent* when the mutated code does not compile (not counted), *survived* otherwise -
*unexecuted* when no test executes its line.
A test that fails in the collecting run is named and left out of every selection (a mutation run
needs green tests); the collecting run itself failing (an error, not a failed test) stops the run.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import math
import os
import py_compile
import queue
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
RESULTS = ROOT / "mutation-results"
MODULES = ["agent/followups", "agent/newmail.py", "agent/mail/headers.py", "agent/record"]


# A module's whole selection: the tests that pin its rules down (fast, no Dovecot; whole passes against
# the in-memory mailbox).  A mutant on a line that runs at import time runs all of them (coverage cannot
# say which test reads a module-level constant); every other mutant runs the tests that execute it.
def _unit(*names: str) -> list[str]:
    return [f"tests/unit/test_{n}.py" for n in names]


PASSES = _unit("values_frozen", "rule_survivors", "audit_survivors", "followup_kinds", "newmail", "record_edges",
               "label_any", "digest_facts", "pass_edges", "reconcile", "reconcile_same_rows", "check_in_recipient",
               "check_in_silences", "sent_check_in", "assessment_stage", "calendar_update", "plan_edges")
RECORD = _unit("values_frozen", "rule_survivors", "audit_survivors", "appfacts", "batch_view", "recorder", "outcomes",
               "linking", "applications", "store", "followup_store", "mutation_kills", "record_edges", "label_any", "newmail",
               "followup_kinds", "insights_passes", "store_open")
SELECTIONS: dict[str, list[str]] = {  # a module, or a folder (for each of its modules without its own entry)
    "agent/followups": PASSES + _unit("followup", "mutation_kills", "recorder", "calendar", "language",
                                      "reconcile_stateful", "draft_claim", "sent_headers", "followup_options",
                                      "draft_once", "drafts", "likeness"),
    "agent/followups/draft.py": _unit("subject_folding", "rule_survivors", "followup", "draft_security",
                                      "mutation_kills", "draft_context"),
    "agent/followups/schedule.py": _unit("followup", "mutation_kills", "followup_kinds", "reconcile"),
    "agent/followups/language.py": _unit("calendar_edges", "language", "followup_kinds", "values_frozen"),
    "agent/followups/grammar.py": _unit("grammar", "language", "followup"),
    "agent/followups/reasons.py": _unit("rejection_reasons", "drafts"),
    "agent/followups/templates.py": _unit("template_lookup", "followup", "language", "followup_kinds"),
    "agent/followups/calendar.py": _unit("calendar_edges", "calendar", "followup_kinds", "rule_survivors",
                                         "values_frozen"),
    "agent/config.py": _unit("template_lookup", "config", "followup_kinds", "rule_survivors"),
    "agent/record": RECORD,
    "agent/record/store": RECORD + _unit("store_boundary", "store_concurrent_open", "schema_shape", "db_copy",
                                         "user_actions", "leases", "store_rows", "journal",
                                         "folder_cursor", "one_off_leases", "migrations",
                                         "notification_store", "dialects",
                                         "lease_store"),
    "agent/record/harvest.py": _unit("newmail", "label_any", "recorder"),
    "agent/newmail.py": _unit("newmail", "newmail_edges", "recorder", "rule_survivors"),
    "agent/mail/headers.py": _unit("mail_parse", "draft_security", "subject_folding", "mutation_kills"),
}


# Left out of the collecting run: they train or score the classifier for minutes under coverage and
# execute none of the mutated modules (measured: no line of theirs in the coverage data).
UNRELATED = _unit("scorer", "training", "classifier", "corpus_build", "mutation_select")


def selection(module: str) -> list[str]:
    """The whole selection of ``module``: its own entry of ``SELECTIONS``, else its folder's."""
    for key in (module, str(Path(module).parent)):
        if key in SELECTIONS:
            return SELECTIONS[key]
    raise KeyError(f"{module}: no entry in SELECTIONS")
# The notifications' store is driven by whole passes in tests/web/test_notify.py (a local HTTP endpoint,
# the in-memory mailbox): no unit test reaches it.
TESTS = ["tests/unit", "tests/web/test_notify.py"]
PYTEST_ARGS = ["-x", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", "-W", "ignore"]

# Operators left out, and why: replacing an arithmetic operator by a bitwise one, a shift or a power
# makes mutants that the same test kills as the +/-/*/÷ replacements of the same spot (or that raise
# TypeError on every call); keeping them multiplies the run time by ~4 and says nothing more.
EXCLUDED_OPERATORS = [
    r"core/ReplaceBinaryOperator_\w+_(BitOr|BitAnd|BitXor|LShift|RShift|Pow)",
    r"core/ReplaceBinaryOperator_(BitOr|BitAnd|BitXor|LShift|RShift|Pow)_\w+",
]
COPY_IGNORE = shutil.ignore_patterns(".git", ".venv*", "__pycache__", ".pytest_cache", ".hypothesis",
                                     ".mypy_cache", ".ruff_cache", "*.db", "*.db-wal", "*.db-shm",
                                     "mutation-results", "mutants")
# A mutant's tests get this much CPU time: a fixed start-up allowance plus a multiple of the time they
# took in the collecting run (itself slowed by coverage); an endless loop counts as killed.  A run that
# has not ended after STALL_FACTOR times its allowance plus STALL_GRACE of wall-clock time (waiting on
# something that never comes, or starved by the machine's other work) is *stalled*: listed, not
# counted, and run again by --recheck-survivors.
TIMEOUT_BASE, TIMEOUT_FACTOR, TIMEOUT_MAX = 30.0, 5.0, 600.0
STALL_FACTOR, STALL_GRACE = 3.0, 300.0
CPU_LIMIT_CODES = (-signal.SIGXCPU, -signal.SIGKILL)  # past its CPU time: the soft limit, then the hard one


@dataclass
class ModuleResult:
    module: str
    mutants: int = 0          # made by cosmic-ray (after the operator filter)
    sampled: int = 0          # chosen for this run (all unless --sample)
    run: int = 0              # finished (within the budget)
    killed: int = 0
    timeout: int = 0          # counted as killed
    incompetent: int = 0      # the mutated code does not compile: not counted
    survived: int = 0         # unexecuted ones included
    unexecuted: int = 0       # no test executes the mutant's line: survived without a run
    tests_run: int = 0        # test runs started, over all mutants (a cost measure)
    seconds: float = 0.0      # summed over the mutants (jobs run at once)
    survivors: list[dict[str, object]] = field(default_factory=list)
    digest: str = ""          # of the module's source (and the operator filter) the outcomes belong to
    outcomes: list[dict[str, Any]] = field(default_factory=list)  # one per mutant run: its key and outcome

    @property
    def kill_rate(self) -> float | None:
        counted = self.killed + self.timeout + self.survived
        return (self.killed + self.timeout) / counted if counted else None


@dataclass(frozen=True)
class Mutant:
    module: str
    job_id: str
    operator: str
    operator_args: str       # JSON
    occurrence: int
    start: int               # first and last line of the mutated node
    end: int
    tests: tuple[str, ...]   # node ids, fastest first (empty: unexecuted)
    timeout: float

    @property
    def key(self) -> str:
        return mutant_key(self.operator, self.operator_args, self.occurrence)


def mutant_key(operator: str, operator_args: str, occurrence: int) -> str:
    """A mutant's name that outlives cosmic-ray's session (its job ids are new at each ``init``)."""
    return f"{operator}|{operator_args}|{occurrence}"


def source_digest(module: str, root: Path) -> str:
    """What a module's saved outcomes belong to: its source and the operator filter."""
    return hashlib.sha256((root / module).read_bytes() + _config(module).encode()).hexdigest()


def _tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def modules_of(spec: str, root: Path = ROOT) -> list[str]:
    """The module paths of a module, or of each module of a folder and its subpackages."""
    path = root / spec
    if path.is_dir():
        return [str(p.relative_to(root)) for p in sorted(path.rglob("*.py")) if p.name != "__init__.py"]
    return [spec]


def _dotted(module: str) -> str:
    return module.replace("/", ".").removesuffix(".py")


def _config(module: str) -> str:
    operators = ", ".join(json.dumps(o) for o in EXCLUDED_OPERATORS)
    return (f'[cosmic-ray]\nmodule-path = "{module}"\ntimeout = {TIMEOUT_MAX}\nexcluded-modules = []\n'
            f'test-command = "true"\n\n[cosmic-ray.distributor]\nname = "local"\n\n'
            f"[cosmic-ray.filters.operators-filter]\nexclude-operators = [{operators}]\n")


def _check(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
    done = subprocess.run(cmd, cwd=cwd, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])} ... failed:\n{done.stdout[-3000:]}")


def make_mutants(module: str, work: Path, out: Path) -> list[Any]:
    """cosmic-ray's mutants of ``module`` in ``work`` (its work items, after the operator and pragma
    filters); its configuration and session go to ``out``."""
    from cosmic_ray.work_db import WorkDB, use_db  # the [mutation] extra holds it
    config, session = out / f"{_dotted(module)}.toml", out / f"{_dotted(module)}.sqlite"
    made_from = out / f"{_dotted(module)}.sha256"
    digest = source_digest(module, work)
    if session.exists() and made_from.exists() and made_from.read_text() == digest:  # --work reused
        with use_db(str(session), WorkDB.Mode.open) as db:
            return sorted(db.pending_work_items, key=lambda item: item.job_id)
    config.write_text(_config(module))
    session.unlink(missing_ok=True)
    for cmd in ([_tool("cosmic-ray"), "init", str(config), str(session)],
                [_tool("cr-filter-operators"), str(session), str(config)],
                [_tool("cr-filter-pragma"), str(session)]):
        _check(cmd, work)
    made_from.write_text(digest)
    with use_db(str(session), WorkDB.Mode.open) as db:
        return sorted(db.pending_work_items, key=lambda item: item.job_id)


COLLECTING_ENV = ("MUTATION_COVERAGE_FILE", "MUTATION_DURATIONS_FILE", "MUTATION_INCLUDE", "MUTATION_IMPORT")


def collect(work: Path, modules: list[str], tests: list[str], out: Path) -> tuple[Path, Path]:
    """Run ``tests`` once in ``work`` under coverage, one context per test (scripts/mutation_select.py);
    the coverage data and each passing test's duration go to ``out``."""
    data, durations = out / "coverage.sqlite", out / "durations.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(work / "scripts"), os.environ.get("PYTHONPATH", "")]),
           "MUTATION_COVERAGE_FILE": str(data), "MUTATION_DURATIONS_FILE": str(durations),
           "MUTATION_INCLUDE": os.pathsep.join(str(work / m) for m in modules),
           "MUTATION_IMPORT": ",".join(_dotted(m) for m in modules),
           "MUTATION_PRELOAD_FILE": str(out / "preload.json")}
    started = time.monotonic()
    ignore = [f"--ignore={t}" for t in UNRELATED]
    done = subprocess.run([sys.executable, "-m", "pytest", *PYTEST_ARGS[1:], "-p", "mutation_select", *ignore, *tests],
                          cwd=work, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    print(f"collected coverage in {time.monotonic() - started:.0f} s: {done.stdout.strip().splitlines()[-1:]}",
          flush=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"the collecting run failed:\n{done.stdout[-3000:]}")
    if done.returncode == 1:
        print("tests that fail without any mutant (left out of every selection):\n"
              + "\n".join(line for line in done.stdout.splitlines() if line.startswith("FAILED")), flush=True)
    return data, durations


def preload(work: Path, tests: list[str], out: Path) -> None:
    """Only the fork servers' list of modules to import up front (what collecting ``tests`` imports)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(work / "scripts"), os.environ.get("PYTHONPATH", "")]),
           "MUTATION_PRELOAD_FILE": str(out / "preload.json")}
    _check([sys.executable, "-m", "pytest", "--co", "-q", "-p", "mutation_select", *tests], work, env)


def plan(module: str, items: list[Any], work: Path, data: Path, durations: Path) -> list[Mutant]:
    """Each of ``items`` (cosmic-ray's mutants of ``module``) with the tests that execute it."""
    import ast

    from mutation_select import load_coverage, tests_for, without_postgresql_twins
    tree = ast.parse((work / module).read_text())
    cov = load_coverage(data, durations, module)
    out = []
    whole = cov.tests_in(selection(module))
    for item in items:
        m = item.mutations[0]
        tests = without_postgresql_twins(tests_for(tree, cov, m.start_pos[0], m.end_pos[0], whole), module)
        cost = sum(cov.durations.get(t, 1.0) for t in tests)
        out.append(Mutant(module=module, job_id=item.job_id, operator=m.operator_name,
                          operator_args=json.dumps(getattr(m, "operator_args", {}) or {}), occurrence=m.occurrence,
                          start=m.start_pos[0], end=m.end_pos[0], tests=tuple(tests),
                          timeout=min(TIMEOUT_MAX, TIMEOUT_BASE + TIMEOUT_FACTOR * cost)))
    return out


# --- the fork server: one per copy of the tree -----------------------------------------------------

def serve() -> int:
    """Read requests (one JSON line each: pytest arguments, a timeout, an output file) from stdin; run
    each in a forked child and answer with its exit code (null: timed out) and its seconds."""
    sys.path[:0] = [os.getcwd(), str(SCRIPTS)]
    sys.dont_write_bytecode = True  # a mutant must never be read back from a stale .pyc
    preload = os.environ.get("MUTATION_PRELOAD_FILE")
    for name in json.loads(Path(preload).read_text()) if preload else []:
        try:
            __import__(name)
        except BaseException:  # noqa: BLE001 - an optional module that does not import here
            pass
    _preload_agent(os.environ.get("MUTATION_MUTATED", "").split(","))
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        req = json.loads(line)
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:
            os.setpgid(0, 0)
            # the time limit is CPU time (the kernel ends the run with SIGXCPU): an endless loop burns it,
            # a run starved by other work on the machine does not
            cpu = math.ceil(req["timeout"])
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
            fd = os.open(req["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            exit_code = 99
            try:
                import mutation_select
                import pytest
                exit_code = int(pytest.main(req["args"], plugins=[mutation_select]))
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(exit_code)
        code: int | None = None
        stalled = False
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() - started > req["stall"]:
                os.killpg(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                stalled = True
                break
            time.sleep(0.01)
        try:
            os.killpg(pid, signal.SIGKILL)  # whatever the test run started and left behind
        except (ProcessLookupError, PermissionError):
            pass
        print(json.dumps({"code": code, "stalled": stalled, "seconds": round(time.monotonic() - started, 2)}),
              flush=True)
    return 0


# Modules of Onward the fork server imports up front: none is mutated, none imports a mutated module
# (checked when the server starts), and the classifier's load is the costliest set-up of the tests.
SAFE_AGENT = ["agent.model.classifier", "agent.demo.dovecot"]


def _preload_agent(mutated: list[str]) -> None:
    """Import ``SAFE_AGENT`` and load the shipped model once: each forked test run gets it for free
    (``Classifier.load()`` of the shipped model, the same file, returns that one object; no test
    changes it).  Refused when this would import a module under mutation."""
    for name in SAFE_AGENT:
        try:
            __import__(name)
        except ImportError:
            continue
    loaded = sorted(set(mutated) & set(sys.modules))
    if loaded:
        raise SystemExit(f"the fork server would hold modules under mutation: {loaded}")
    classifier = sys.modules.get("agent.model.classifier")
    if classifier is None:
        return
    cls = classifier.Classifier
    load, shipped = cls.load.__func__, classifier._paths(None)
    shared = load(cls)

    def load_once(c: Any, path: Any = None) -> Any:
        if path is None and c is cls and classifier._paths(None) == shipped:
            return shared
        return load(c, path)

    cls.load = classmethod(load_once)


class Server:
    """A fork server in ``work`` (a copy of the tree)."""

    def __init__(self, work: Path, preload: Path, mutated: list[str]) -> None:
        # never the collecting run's variables (a server started inside it, by a test, would write its data)
        env = {k: v for k, v in os.environ.items() if k not in COLLECTING_ENV}
        env.update({"PYTHONDONTWRITEBYTECODE": "1", "MUTATION_PRELOAD_FILE": str(preload),
                    "MUTATION_MUTATED": ",".join(_dotted(m) for m in mutated)})
        self.proc = subprocess.Popen([sys.executable, str(SCRIPTS / "mutation_audit.py"), "--serve"], cwd=work,
                                     env=env, text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self.proc.stdout is not None and self.proc.stdin is not None
        json.loads(self.proc.stdout.readline())

    def run(self, args: list[str], timeout: float, out: Path, stall: float | None = None) -> tuple[int | None, float]:
        """The run's exit code (None: it stalled) and its wall-clock seconds.  ``timeout``: CPU seconds;
        ``stall``: wall-clock seconds (default: STALL_FACTOR * timeout + STALL_GRACE)."""
        assert self.proc.stdout is not None and self.proc.stdin is not None
        stall = STALL_FACTOR * timeout + STALL_GRACE if stall is None else stall
        self.proc.stdin.write(json.dumps({"args": args, "timeout": timeout, "stall": stall, "out": str(out)}) + "\n")
        self.proc.stdin.flush()
        answer = json.loads(self.proc.stdout.readline())
        return (None if answer["stalled"] else answer["code"]), answer["seconds"]

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def _forget_bytecode(path: Path) -> None:
    for pyc in (path.parent / "__pycache__").glob(f"{path.stem}.*.pyc"):
        pyc.unlink(missing_ok=True)


def test_mutant(server: Server, work: Path, mutant: Mutant, pristine: str) -> dict[str, Any]:
    """Apply ``mutant`` in ``work``, run its tests, put the module back; the outcome as a dict."""
    import cosmic_ray.plugins
    from cosmic_ray.mutating import mutate_code
    base = {"key": mutant.key, "line": mutant.start, "operator": mutant.operator,
            "occurrence": mutant.occurrence, "tests": len(mutant.tests)}
    operator = cosmic_ray.plugins.get_operator(mutant.operator)(**json.loads(mutant.operator_args))
    try:
        mutated = mutate_code(pristine, operator, mutant.occurrence)
    except Exception as exc:  # noqa: BLE001 - cosmic-ray failed to make this one mutant: list it, go on
        return {**base, "outcome": "error", "output": f"cosmic-ray could not make the mutant: {exc!r}"}
    if mutated is None:
        return {**base, "outcome": "none"}
    diff = "".join(difflib.unified_diff(pristine.splitlines(True), mutated.splitlines(True), mutant.module,
                                        mutant.module, n=1))
    try:
        compile(mutated, mutant.module, "exec")
    except (SyntaxError, ValueError):
        return {**base, "outcome": "incompetent", "diff": diff}
    if not mutant.tests:
        return {**base, "outcome": "unexecuted", "diff": diff, "seconds": 0.0}
    path = work / mutant.module
    _forget_bytecode(path)
    path.write_text(mutated)
    try:
        code, seconds = server.run([*PYTEST_ARGS, *mutant.tests], mutant.timeout, work / "mutant-output.txt")
    finally:
        path.write_text(pristine)
        _forget_bytecode(path)
        py_compile.compile(str(path), doraise=False)
    if code is None:
        outcome = "stalled"
    elif code in CPU_LIMIT_CODES:
        outcome = "timeout"
        base["limit"] = "cpu"
    elif code == 0:
        outcome = "survived"
    elif code in (1, 2, 3):  # tests failed, or the mutated module broke the collection
        outcome = "killed"
    else:  # 4: usage error (a node id not found), 5: nothing collected, 99: pytest itself failed
        output = (work / "mutant-output.txt").read_text(errors="replace")
        # a test file that no longer collects (its parameters come from the mutated code), or a conftest the
        # mutated code no longer lets import: a kill
        broke = "found no collectors for" in output or "ImportError while loading conftest" in output
        outcome = "killed" if code == 4 and broke else "error"
        if outcome == "error":
            base["output"] = output[-2000:]
    return {**base, "outcome": outcome, "seconds": seconds, "diff": diff}


def tally(module: str, total: int, sampled: int, outcomes: list[dict[str, Any]], digest: str = "") -> ModuleResult:
    r = ModuleResult(module=module, mutants=total, sampled=sampled, digest=digest,
                     outcomes=sorted((_brief(o) for o in outcomes), key=lambda o: (o["line"], o["key"])))
    for o in outcomes:
        kind = o["outcome"]
        if kind == "none":
            continue
        r.run += 1
        r.seconds = round(r.seconds + o.get("seconds", 0.0), 1)
        r.tests_run += 1 if o.get("seconds") else 0
        if kind in ("killed", "timeout"):
            r.killed += kind == "killed"
            r.timeout += kind == "timeout"
        elif kind in ("incompetent", "error", "stalled"):
            r.incompetent += 1
            if kind != "incompetent":
                r.survivors.append(o)  # listed, so that it is looked at; not counted
        else:
            r.survived += 1
            r.unexecuted += kind == "unexecuted"
            r.survivors.append(o)
    r.survivors.sort(key=lambda o: (o["line"], o["operator"], o["occurrence"]))
    return r


def _brief(outcome: dict[str, Any]) -> dict[str, Any]:
    """What is kept of an outcome for a later run to resume from: a kill's diff and output are not."""
    if outcome["outcome"] in ("killed", "timeout", "none"):
        return {k: v for k, v in outcome.items()
                if k in ("key", "line", "operator", "outcome", "seconds", "tests", "limit")}
    return outcome


def saved_outcomes(module: str, digest: str, recheck_survivors: bool,
                   recheck_timeouts: bool = False) -> list[dict[str, Any]]:
    """The outcomes a previous run saved for ``module`` when its source is still the same (else none);
    without the survivors when they are to be run again (tests written since may kill them); without the
    timeouts measured in wall-clock time (before the limit was CPU time: perhaps only starved) when
    those are to be run again."""
    path = RESULTS / f"{_dotted(module)}.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text())
    if data.get("digest") != digest:
        return []
    return [o for o in data.get("outcomes", [])
            if "key" in o and not (recheck_survivors and o["outcome"] in ("survived", "unexecuted", "error",
                                                                          "stalled"))
            and not (recheck_timeouts and o["outcome"] == "timeout" and o.get("limit") != "cpu")]


def _write(result: ModuleResult) -> None:
    out = RESULTS / f"{_dotted(result.module)}.json"
    out.write_text(json.dumps({**asdict(result), "kill_rate": result.kill_rate}, indent=2) + "\n")


def summary(results: list[ModuleResult]) -> str:
    lines = ["| module | mutants | run | killed (timeouts) | incompetent | survived (unexecuted) | kill rate |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        rate = f"{r.kill_rate:.1%}" if r.kill_rate is not None else "-"
        lines.append(f"| `{r.module}` | {r.mutants} | {r.run} | {r.killed + r.timeout} ({r.timeout}) | "
                     f"{r.incompetent} | {r.survived} ({r.unexecuted}) | {rate} |")
    killed = sum(r.killed + r.timeout for r in results)
    counted = killed + sum(r.survived for r in results)
    if counted:
        lines.append(f"| **all** | {sum(r.mutants for r in results)} | {sum(r.run for r in results)} | {killed} "
                     f"({sum(r.timeout for r in results)}) | {sum(r.incompetent for r in results)} | "
                     f"{counted - killed} ({sum(r.unexecuted for r in results)}) | {killed / counted:.1%} |")
    lines += ["", "## Survivors", ""]
    for r in results:
        for s in r.survivors:
            lines.append(f"- `{r.module}`:{s['line']} {s['operator']} #{s['occurrence']} ({s['outcome']})\n"
                         + "".join(f"      {d}\n" for d in str(s.get("diff", "")).splitlines()[2:]).rstrip())
    return "\n".join(lines) + "\n"


def _load_results() -> list[ModuleResult]:
    out = []
    for path in sorted(RESULTS.glob("*.json")):
        data = json.loads(path.read_text())
        out.append(ModuleResult(**{k: v for k, v in data.items() if k in ModuleResult.__dataclass_fields__}))
    return out


def _chosen(items: list[Any], n: int | None, seed: int) -> list[Any]:
    """``n`` of ``items`` (a seeded choice; all when ``n`` is None), in their order."""
    if n is None or n >= len(items):
        return items
    keep = set(random.Random(seed).sample(range(len(items)), n))
    return [x for i, x in enumerate(items) if i in keep]


def _interleaved(plans: dict[str, list[Mutant]]) -> Iterator[Mutant]:
    """The smallest modules first: a run stopped by its budget has finished as many modules as it could."""
    for module in sorted(plans, key=lambda m: len(plans[m])):
        yield from plans[module]


def run(plans: dict[str, list[Mutant]], totals: dict[str, int], works: list[Path], preload: Path,
        budget: float | None, saved: dict[str, list[dict[str, Any]]] | None = None) -> list[ModuleResult]:
    """Test every planned mutant that ``saved`` (outcomes of an earlier run on the same source) does
    not already hold, ``len(works)`` at a time; each module's JSON is rewritten as its mutants finish."""
    saved = saved or {}
    pristine = {m: (works[0] / m).read_text() for m in plans}
    digests = {m: source_digest(m, works[0]) for m in plans}
    outcomes: dict[str, list[dict[str, Any]]] = {m: list(saved.get(m, [])) for m in plans}
    done = {m: {o["key"] for o in outcomes[m]} for m in plans}
    todo: queue.Queue[Mutant] = queue.Queue()
    for mutant in _interleaved(plans):
        if mutant.key not in done[mutant.module]:
            todo.put(mutant)
    for m in plans:
        _write(tally(m, totals[m], len(plans[m]), outcomes[m], digests[m]))
    lock = threading.Lock()
    started = time.monotonic()

    def worker(work: Path) -> None:
        server = Server(work, preload, list(plans))
        try:
            while budget is None or time.monotonic() - started < budget:
                try:
                    mutant = todo.get_nowait()
                except queue.Empty:
                    return
                outcome = test_mutant(server, work, mutant, pristine[mutant.module])
                with lock:
                    outcomes[mutant.module].append(outcome)
                    _write(tally(mutant.module, totals[mutant.module], len(plans[mutant.module]),
                                 outcomes[mutant.module], digests[mutant.module]))
        finally:
            server.close()

    threads = [threading.Thread(target=worker, args=(w,)) for w in works]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [tally(m, totals[m], len(plans[m]), outcomes[m], digests[m]) for m in plans]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--module", action="append", metavar="PATH",
                    help="a module or folder to audit (repeatable; default: " + ", ".join(MODULES) + ")")
    ap.add_argument("--tests", action="append", metavar="PATH", help="the tests to select from (default: "
                    + ", ".join(TESTS) + ")")
    ap.add_argument("--sample", type=int, metavar="N", help="at most N mutants per module (seeded choice)")
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--budget", type=float, metavar="SECONDS", help="start no mutant after this long")
    ap.add_argument("--jobs", type=int, default=1, help="mutants tested at once, each in a copy of the tree")
    ap.add_argument("--work", type=Path, help="where the private copies of the tree go (default: a temporary "
                    "directory)")
    ap.add_argument("--coverage", type=Path, metavar="DIR", help="reuse the collecting run saved in DIR "
                    "(coverage.sqlite, durations.json) instead of running it again: the tree must not have "
                    "changed since")
    ap.add_argument("--fresh", action="store_true", help="run every mutant again; by default a module whose "
                    "source has not changed since the saved results keeps their outcomes and runs only the "
                    "mutants they lack (a run stopped by its budget goes on where it stopped)")
    ap.add_argument("--recheck-timeouts", action="store_true", help="run again the saved timeouts measured "
                    "in wall-clock time (before the limit was CPU time)")
    ap.add_argument("--recheck-survivors", action="store_true", help="run the saved survivors again (tests "
                    "written since may kill them); kills are kept")
    ap.add_argument("--report", action="store_true", help="print the summary of the saved results, run nothing")
    ap.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.serve:
        return serve()
    if args.report:
        print(summary(_load_results()), end="")
        return 0
    modules = [m for spec in (args.module or MODULES) for m in modules_of(spec)]
    RESULTS.mkdir(exist_ok=True)
    base = args.work or Path(tempfile.mkdtemp(prefix="onward-mutation-"))
    works = [base / f"copy{k}" for k in range(max(1, args.jobs))]
    for work in works:  # the tree as it is now (agent/, tests/, config ...), compiled once
        shutil.copytree(ROOT, work, ignore=COPY_IGNORE, dirs_exist_ok=True)
        _check([sys.executable, "-m", "compileall", "-q", "agent", "tests"], work)
    sys.path.insert(0, str(SCRIPTS))
    started = time.monotonic()
    if args.coverage:
        data, durations = args.coverage / "coverage.sqlite", args.coverage / "durations.json"
        preload(works[0], args.tests or TESTS, base)
    else:
        data, durations = collect(works[0], modules, args.tests or TESTS, base)
    plans, totals = {}, {}
    for module in modules:
        items = make_mutants(module, works[0], base)
        totals[module] = len(items)
        plans[module] = plan(module, _chosen(items, args.sample, args.seed), works[0], data, durations)
        print(f"{module}: {len(items)} mutants, {sum(not m.tests for m in plans[module])} on lines no test "
              f"executes", flush=True)
    print(f"planned in {time.monotonic() - started:.0f} s", flush=True)
    saved = {} if args.fresh else {
        m: saved_outcomes(m, source_digest(m, works[0]), args.recheck_survivors, args.recheck_timeouts)
        for m in modules}
    for m, kept in saved.items():
        if kept:
            print(f"{m}: {len(kept)} outcomes kept from the saved results", flush=True)
    results = run(plans, totals, works, base / "preload.json", args.budget, saved)
    (RESULTS / "summary.md").write_text(summary(_load_results()))
    for r in results:
        rate = f"{r.kill_rate:.1%}" if r.kill_rate is not None else "-"
        print(f"{r.module}: {r.run}/{r.mutants} run, {r.survived} survived, kill rate {rate}", flush=True)
    print(f"wall time {time.monotonic() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
