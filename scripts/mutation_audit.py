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
    python scripts/mutation_audit.py --jobs 4                  # four mutants at a time (four copies)
    python scripts/mutation_audit.py --sample 60 --budget 1200   # 60 mutants per module, 20 min each
    python scripts/mutation_audit.py --report               # the summary of the last run, as markdown

cosmic-ray writes each mutant into the file it mutates, so the run works in private copies of the
tree (``--work``, default a temporary directory; one copy per ``--jobs``): the working tree is never
touched (it may even change during the run), and each module's file is written afresh, as it was when the
copies were made, before and after its run (a run stopped by ``--budget`` cannot leave a mutant behind).  The tests run with ``python -m pytest`` from the copy's root, so the copy's ``agent`` is the
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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "mutation-results"

# The tests that pin the rules down: fast (no Dovecot), whole passes against the in-memory mailbox.
# Each module's selection lists the quickest, broadest tests first (``-x`` stops at the first failure).
def _unit(*names: str) -> list[str]:
    return [f"tests/unit/test_{n}.py" for n in names]


PASSES = _unit("rule_survivors", "followup_kinds", "newmail", "record_edges", "label_any", "digest_facts",
               "pass_edges")
RECORD = _unit("rule_survivors", "recorder", "outcomes", "linking", "applications", "store", "followup_store",
               "mutation_kills", "record_edges", "label_any", "newmail", "followup_kinds", "insights_passes")
SELECTIONS: dict[str, list[str]] = {  # a module, or a folder (for each of its modules without its own entry)
    "agent/followups": PASSES + _unit("followup", "mutation_kills", "recorder", "calendar", "language"),
    "agent/followups/draft.py": _unit("subject_folding", "rule_survivors", "followup", "draft_security",
                                      "mutation_kills"),
    "agent/followups/schedule.py": _unit("followup", "mutation_kills", "followup_kinds"),
    "agent/followups/language.py": _unit("calendar_edges", "language", "followup_kinds"),
    "agent/followups/templates.py": _unit("template_lookup", "followup", "language", "followup_kinds"),
    "agent/followups/calendar.py": _unit("calendar_edges", "calendar", "followup_kinds", "rule_survivors"),
    "agent/followups/options.py": _unit("template_lookup", "config", "followup_kinds", "rule_survivors"),
    "agent/record": RECORD,
    "agent/record/harvest.py": _unit("newmail", "label_any", "recorder"),
    "agent/newmail.py": _unit("newmail", "recorder", "rule_survivors"),
    "agent/mail/headers.py": _unit("mail_parse", "draft_security", "subject_folding", "mutation_kills"),
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


def selection(module: str) -> list[str]:
    """The tests of ``module``: its own entry of ``SELECTIONS``, else its folder's, else all of them."""
    for key in (module, str(Path(module).parent)):
        if key in SELECTIONS:
            return SELECTIONS[key]
    return sorted({t for tests in SELECTIONS.values() for t in tests})


def modules_of(spec: str) -> list[tuple[str, list[str]]]:
    """(module path, test selection) for a module, or for each module of a folder."""
    path = ROOT / spec
    if path.is_dir():
        return [(str(p.relative_to(ROOT)), selection(str(p.relative_to(ROOT))))
                for p in sorted(path.glob("*.py")) if p.name != "__init__.py"]
    return [(spec, selection(spec))]


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


def _pending(session: Path) -> list[str]:
    from cosmic_ray.work_db import WorkDB, use_db
    with use_db(str(session), WorkDB.Mode.open) as db:
        return sorted(item.job_id for item in db.pending_work_items)


def _skip(session: Path, job_ids: set[str], why: str) -> None:
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult
    if job_ids:
        with use_db(str(session), WorkDB.Mode.open) as db:
            db.set_multiple_results(sorted(job_ids), WorkResult(output=why, worker_outcome=WorkerOutcome.SKIPPED))


def _chosen(pending: list[str], n: int | None, seed: int) -> list[str]:
    """``n`` of the pending mutants (a seeded choice; all when ``n`` is None), in a seeded order."""
    chosen = list(pending)
    random.Random(seed).shuffle(chosen)
    return chosen if n is None else chosen[:n]


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


def _run_all(cmds: list[list[str]], cwds: list[Path], budget: float | None) -> None:
    """Run ``cmds`` at once (each in its ``cwds``); after ``budget`` seconds, stop those still running,
    and the test runs they started (cosmic-ray starts each in a session of its own)."""
    with ThreadPoolExecutor(len(cmds)) as pool:
        list(pool.map(lambda pair: _run(pair[0], pair[1], budget), zip(cmds, cwds, strict=True)))
    _stop_left_over(cwds)


def _stop_left_over(cwds: list[Path]) -> None:
    """Kill the processes still working in one of ``cwds`` (a test run orphaned by a stopped exec)."""
    import psutil  # the test dependencies hold it
    roots = [str(c.resolve()) for c in cwds]
    for proc in psutil.process_iter(["pid", "cwd"]):
        cwd = (proc.info.get("cwd") or "").removesuffix(" (deleted)")
        if proc.pid != os.getpid() and any(cwd == r or cwd.startswith(r + os.sep) for r in roots):
            try:
                proc.kill()
            except psutil.Error:
                pass


def audit_module(module: str, tests: list[str], works: list[Path], pristine: bytes, *, sample: int | None,
                 budget: float | None, seed: int) -> ModuleResult:
    """Mutate ``module`` and test each mutant, in ``len(works)`` copies of the tree at once (each
    copy runs its share of the mutants in a session of its own).  ``pristine``: the module as the
    copies were made (the working tree may change meanwhile)."""
    result = ModuleResult(module=module)
    started = time.monotonic()
    work = works[0]
    for w in works:
        (w / module).write_bytes(pristine)  # afresh: a stopped run may have left a mutant in a copy
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
    pending = _pending(session)
    chosen = _chosen(pending, sample, seed)
    result.mutants, result.sampled = len(pending), len(chosen)
    _skip(session, set(pending) - set(chosen), "not sampled")
    sessions = [session] + [w / session.name for w in works[1:]]
    for w, other in zip(works[1:], sessions[1:], strict=True):
        shutil.copy2(config, w / config.name)
        shutil.copy2(session, other)
    for k, other in enumerate(sessions):  # copy k runs every len(works)-th of the chosen mutants
        _skip(other, {j for i, j in enumerate(chosen) if i % len(works) != k}, "another copy's share")
    remaining = None if budget is None else max(1.0, budget - (time.monotonic() - started))
    _run_all([[_tool("cosmic-ray"), "exec", config.name, session.name] for _ in works], works, remaining)
    for w, other in zip(works, sessions, strict=True):
        (w / module).write_bytes(pristine)
        _collect(other, result)
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
    ap.add_argument("--jobs", type=int, default=1, help="mutants tested at once, each in a copy of the tree")
    ap.add_argument("--work", type=Path, help="where the private copies of the tree go (default: a temporary "
                    "directory)")
    ap.add_argument("--report", action="store_true", help="print the summary of the saved results, run nothing")
    args = ap.parse_args(argv)
    if args.report:
        print(summary(_load_results()), end="")
        return 0
    targets = [m for spec in (args.module or list(SELECTIONS)) for m in modules_of(spec)]
    RESULTS.mkdir(exist_ok=True)
    base = args.work or Path(tempfile.mkdtemp(prefix="onward-mutation-"))
    works = [base / f"copy{k}" for k in range(max(1, args.jobs))]
    pristine = {module: (ROOT / module).read_bytes() for module, _tests in targets}
    for work in works:  # the tree as it is now (agent/, tests/, config ...), every run
        shutil.copytree(ROOT, work, ignore=COPY_IGNORE, dirs_exist_ok=True)
    ok = True
    for module, tests in targets:
        result = audit_module(module, tests, works, pristine[module], sample=args.sample, budget=args.budget,
                              seed=args.seed)
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
