#!/usr/bin/env python3
"""The mutation audit of Onward's rule modules, with cosmic-ray (a maintained mutation tool).

Every module of ``agent/followups``, ``agent/record``, ``agent/newmail.py`` and the recipient and
header code (``agent/mail/headers.py``) is mutated whole - module-level constants, tables and class
bodies included, not only functions - with cosmic-ray's operators (comparisons, boolean operators,
``not``, numbers, True/False, arithmetic, break/continue, loops run zero times, exceptions, decorators).
Each mutant is tested with the module's fast test selection (``SELECTIONS``: the unit tests, which
drive whole passes against the in-memory mailbox; no Dovecot), stopping at the first failure.

Usage (from the repository root, in the project's venv; ``pip install -e '.[mutation]'``)::

    python scripts/mutation_audit.py                       # every module, every mutant (hours)
    python scripts/mutation_audit.py --module agent/followups/rules.py --module agent/newmail.py
    python scripts/mutation_audit.py --sample 60 --budget 1200   # 60 mutants per module, 20 min each
    python scripts/mutation_audit.py --report               # the summary of the last run, as markdown

cosmic-ray writes each mutant into the file it mutates, so the run works in a private copy of the
tree (``--work``, default a temporary directory): the working tree is never touched, and each
module's file is copied afresh before its run (a run stopped by ``--budget`` cannot leave a mutant
behind).  The tests run with ``python -m pytest`` from the copy's root, so the copy's ``agent`` is the
one imported (the project is installed editable; the current directory comes first on sys.path).

Results: ``mutation-results/<module>.json`` (the counts, and each survivor with its diff) and
``mutation-results/summary.md``.  A mutant is *killed* when a test failed or it timed out,
*incompetent* when the mutated module cannot even be imported (not counted), *survived* otherwise.
Exit code: 0 when every module's baseline passed, 2 when one did not (a mutation run needs green tests).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "mutation-results"

# The tests that pin the rules down, by area: fast (no Dovecot), passes against the in-memory mailbox.
_UNIT = "tests/unit/"
FOLLOWUP_TESTS = [f"{_UNIT}{t}" for t in (
    "test_rule_survivors.py", "test_mutation_kills.py", "test_followup.py", "test_followup_kinds.py",
    "test_followup_store.py", "test_recorder.py", "test_calendar.py", "test_language.py",
    "test_draft_security.py", "test_subject_folding.py")]
RECORD_TESTS = [f"{_UNIT}{t}" for t in (
    "test_rule_survivors.py", "test_mutation_kills.py", "test_recorder.py", "test_outcomes.py",
    "test_linking.py", "test_applications.py", "test_store.py", "test_followup_store.py",
    "test_insights_passes.py", "test_record_edges.py")]
NEWMAIL_TESTS = [f"{_UNIT}{t}" for t in ("test_rule_survivors.py", "test_newmail.py", "test_recorder.py")]
HEADER_TESTS = [f"{_UNIT}{t}" for t in ("test_mail_parse.py", "test_draft_security.py", "test_mutation_kills.py")]

# module (or folder: each of its modules) -> its test selection
SELECTIONS: dict[str, list[str]] = {
    "agent/followups": FOLLOWUP_TESTS,
    "agent/record": RECORD_TESTS,
    "agent/newmail.py": NEWMAIL_TESTS,
    "agent/mail/headers.py": HEADER_TESTS,
}

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
TEST_TIMEOUT = 600.0  # seconds for one mutant's tests (an endless loop counts as killed)


@dataclass
class ModuleResult:
    module: str
    mutants: int = 0          # made by cosmic-ray (after the operator filter)
    sampled: int = 0          # chosen for this run (all unless --sample)
    run: int = 0              # finished within the budget
    killed: int = 0
    timeout: int = 0          # counted as killed
    incompetent: int = 0      # the mutated module does not import: not counted
    survived: int = 0
    baseline_ok: bool = True
    seconds: float = 0.0
    survivors: list[dict[str, object]] = field(default_factory=list)

    @property
    def kill_rate(self) -> float | None:
        counted = self.killed + self.timeout + self.survived
        return (self.killed + self.timeout) / counted if counted else None


def modules_of(spec: str) -> list[tuple[str, list[str]]]:
    """(module path, test selection) for a module or a folder of ``SELECTIONS`` (or any path)."""
    tests = next((t for key, t in SELECTIONS.items() if spec == key or spec.startswith(key.rstrip("/") + "/")),
                 FOLLOWUP_TESTS + RECORD_TESTS)
    path = ROOT / spec
    if path.is_dir():
        return [(str(p.relative_to(ROOT)), tests) for p in sorted(path.glob("*.py")) if p.name != "__init__.py"]
    return [(spec, tests)]


def _tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def _test_command(tests: list[str]) -> str:
    present = [t for t in tests if (ROOT / t).exists()]
    return " ".join([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:randomly", "-p", "no:cacheprovider",
                     "-W", "ignore", *present])


def _config(module: str, tests: list[str]) -> str:
    operators = ", ".join(json.dumps(o) for o in EXCLUDED_OPERATORS)
    return (f'[cosmic-ray]\nmodule-path = "{module}"\ntimeout = {TEST_TIMEOUT}\nexcluded-modules = []\n'
            f"test-command = {json.dumps(_test_command(tests))}\n\n"
            f'[cosmic-ray.distributor]\nname = "local"\n\n'
            f"[cosmic-ray.filters.operators-filter]\nexclude-operators = [{operators}]\n")


def _sample(session: Path, n: int | None, seed: int) -> tuple[int, int]:
    """Keep ``n`` pending mutants (seeded choice), mark the others skipped; (mutants, kept)."""
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult
    with use_db(str(session), WorkDB.Mode.open) as db:
        pending = sorted(item.job_id for item in db.pending_work_items)
        if n is None or n >= len(pending):
            return len(pending), len(pending)
        keep = set(random.Random(seed).sample(pending, n))
        db.set_multiple_results([j for j in pending if j not in keep],
                                WorkResult(output="not sampled", worker_outcome=WorkerOutcome.SKIPPED))
        return len(pending), n


def _collect(session: Path, result: ModuleResult) -> None:
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome
    with use_db(str(session), WorkDB.Mode.open) as db:
        for item, res in db.completed_work_items:
            if res.worker_outcome == WorkerOutcome.SKIPPED:
                continue
            result.run += 1
            if res.worker_outcome == WorkerOutcome.ABNORMAL:
                result.timeout += 1
            elif res.test_outcome == TestOutcome.INCOMPETENT or res.worker_outcome == WorkerOutcome.EXCEPTION:
                result.incompetent += 1
            elif res.test_outcome == TestOutcome.KILLED:
                result.killed += 1
            else:
                result.survived += 1
                m = item.mutations[0]
                result.survivors.append({"line": m.start_pos[0], "operator": m.operator_name,
                                         "occurrence": m.occurrence, "diff": res.diff})


def _run(cmd: list[str], cwd: Path, budget: float | None = None) -> subprocess.CompletedProcess[str] | None:
    """Run ``cmd``; None when it ran out of ``budget`` (its process group is stopped with SIGINT,
    then SIGKILL)."""
    proc = subprocess.Popen(cmd, cwd=cwd, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=budget)
        return subprocess.CompletedProcess(cmd, proc.returncode, out, "")
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
        return None


def audit_module(module: str, tests: list[str], work: Path, *, sample: int | None, budget: float | None,
                 seed: int) -> ModuleResult:
    result = ModuleResult(module=module)
    started = time.monotonic()
    shutil.copy2(ROOT / module, work / module)  # afresh: a stopped run may have left a mutant in the copy
    baseline = _run(_test_command(tests).split(), work)
    if baseline is None or baseline.returncode != 0:
        result.baseline_ok = False
        print(f"{module}: the tests fail without any mutant; fix them first:\n"
              f"{(baseline.stdout if baseline else '')[-3000:]}", file=sys.stderr)
        return result
    name = module.replace("/", ".").removesuffix(".py")
    config, session = work / f"{name}.toml", work / f"{name}.sqlite"
    config.write_text(_config(module, tests))
    session.unlink(missing_ok=True)
    for cmd in ([_tool("cosmic-ray"), "init", str(config), str(session)],
                [_tool("cr-filter-operators"), str(session), str(config)],
                [_tool("cr-filter-pragma"), str(session)]):
        done = _run(cmd, work)
        if done is None or done.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stdout if done else ''}")
    result.mutants, result.sampled = _sample(session, sample, seed)
    remaining = None if budget is None else max(1.0, budget - (time.monotonic() - started))
    _run([_tool("cosmic-ray"), "exec", str(config), str(session)], work, remaining)
    shutil.copy2(ROOT / module, work / module)
    _collect(session, result)
    result.seconds = round(time.monotonic() - started, 1)
    return result


def summary(results: list[ModuleResult]) -> str:
    lines = ["| module | mutants | run | killed (timeouts) | incompetent | survived | kill rate |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        rate = f"{r.kill_rate:.1%}" if r.kill_rate is not None else "-"
        ran = f"{r.run} of {r.mutants}" if r.baseline_ok else "baseline failed"
        lines.append(f"| `{r.module}` | {r.mutants} | {ran} | {r.killed + r.timeout} ({r.timeout}) | "
                     f"{r.incompetent} | {r.survived} | {rate} |")
    killed = sum(r.killed + r.timeout for r in results)
    counted = killed + sum(r.survived for r in results)
    if counted:
        lines.append(f"| **all** | {sum(r.mutants for r in results)} | {sum(r.run for r in results)} | {killed} | "
                     f"{sum(r.incompetent for r in results)} | {counted - killed} | {killed / counted:.1%} |")
    return "\n".join(lines) + "\n"


def _load_results() -> list[ModuleResult]:
    out = []
    for path in sorted(RESULTS.glob("*.json")):
        data = json.loads(path.read_text())
        out.append(ModuleResult(**{k: v for k, v in data.items() if k in ModuleResult.__dataclass_fields__}))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--module", action="append", metavar="PATH",
                    help="a module or folder to audit (repeatable; default: every one of SELECTIONS)")
    ap.add_argument("--sample", type=int, metavar="N", help="at most N mutants per module (seeded choice)")
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--budget", type=float, metavar="SECONDS", help="stop each module's run after this long")
    ap.add_argument("--work", type=Path, help="the private copy of the tree (default: a temporary directory)")
    ap.add_argument("--report", action="store_true", help="print the summary of the saved results, run nothing")
    args = ap.parse_args(argv)
    if args.report:
        print(summary(_load_results()), end="")
        return 0
    targets = [m for spec in (args.module or list(SELECTIONS)) for m in modules_of(spec)]
    RESULTS.mkdir(exist_ok=True)
    work = args.work or Path(tempfile.mkdtemp(prefix="onward-mutation-"))
    if not (work / "agent").is_dir():
        shutil.copytree(ROOT, work, ignore=COPY_IGNORE, dirs_exist_ok=True)
    ok = True
    for module, tests in targets:
        result = audit_module(module, tests, work, sample=args.sample, budget=args.budget, seed=args.seed)
        ok &= result.baseline_ok
        out = RESULTS / f"{module.replace('/', '.').removesuffix('.py')}.json"
        out.write_text(json.dumps({**asdict(result), "kill_rate": result.kill_rate}, indent=2) + "\n")
        rate = f"{result.kill_rate:.1%}" if result.kill_rate is not None else "-"
        print(f"{module}: {result.run}/{result.mutants} run, {result.survived} survived, kill rate {rate}, "
              f"{result.seconds:.0f} s", flush=True)
    (RESULTS / "summary.md").write_text(summary(_load_results()))
    return 0 if ok else 2


if __name__ == "__main__":
    sys.exit(main())
