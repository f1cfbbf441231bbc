#!/usr/bin/env python3
"""Mutation testing for Onward's rule modules: would the tests notice a small deliberate bug?

For each target function it makes *mutants* - one small change each, found with the standard
library's ``ast``: a comparison flipped (``>=``/``>``, ``<``/``<=``, ``==``/``!=``, ``in``/``not in``,
``is``/``is not``), ``and``/``or`` swapped, a ``not`` removed, a constant changed (0/1, True/False,
``"BODY.PEEK["`` -> ``"BODY["``), a returned value dropped (``return None``), a statement deleted
(``pass``).  Each mutant is written into a private temporary copy of the tree (the working tree is
never touched), the chosen fast test selection runs there with a timeout, and the mutant is
*killed* (a test failed), *survived* (all passed: a missing test, or an equivalent mutant) or
*timeout* (counted as noticed).

Usage (from the repository root, in the project's venv)::

    python scripts/mutate.py                      # the default targets (see TARGETS), <= 200 mutants
    python scripts/mutate.py --list               # only list the mutants, run nothing
    python scripts/mutate.py --group record       # one group of TARGETS
    python scripts/mutate.py --module agent/record/rules.py::decide_disposition \\
        --tests tests/unit/test_outcomes.py       # any function(s), with your own test selection
    python scripts/mutate.py --limit 50 --jobs 2 --budget 300 --json out.json

``--module`` takes ``path`` (every function and method), or ``path::name[,name...]`` where a name is
a function, a class (all its methods) or ``Class.method``.  Files or names that do not exist (the
modules are being reworked) are reported and skipped.  Exit code: 0 when the run finished and the
kill rate is at least ``--min-kill`` (default 0: report only), 1 below it, 2 for bad usage or a
baseline that does not pass (a mutation run needs green tests).

Why a copy of the tree: the package is installed editable from the working tree, so the tests run
with ``python -m pytest`` from the copy's root (the current directory comes first on ``sys.path``);
before any mutant the script checks that the copy's modules are the ones imported, and runs a
sanity mutant (the module raises on import) that must be killed.
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from itertools import zip_longest
from pathlib import Path
from queue import Queue

ROOT = Path(__file__).resolve().parent.parent
Def = ast.FunctionDef | ast.AsyncFunctionDef

# name -> (targets, fast test selection).  Targets as for --module.
KILLS = "tests/unit/test_mutation_kills.py"
TARGETS: dict[str, tuple[list[str], list[str]]] = {
    "schedule": (["agent/followups/schedule.py"], ["tests/unit/test_followup.py", "-k", "due or sensible", KILLS]),
    "draft": (["agent/followups/draft.py"], ["tests/unit/test_followup.py", KILLS]),
    "followup-rules": (["agent/followups/rules.py"], [KILLS, "tests/unit/test_recorder.py"]),
    "record-rules": (
        ["agent/record/rules.py::decide_disposition,derive_status,email_date,thread_keys,parent_keys,Verdict"],
        ["tests/unit/test_outcomes.py", KILLS]),
    "recorder": (["agent/record/outcomes.py::Recorder"], ["tests/unit/test_recorder.py", KILLS]),
    "classifier": (["agent/model/classifier.py::Classifier._decide,Classifier.is_rejection"],
                   ["tests/unit/test_classifier.py", "-k", "obvious or batch or threshold"]),
    "mailbox": (
        ["agent/mail/imap.py::Mailbox.examine,Mailbox.uids_after,Mailbox.fetch,Mailbox.fetch_text_parts,"
         "Mailbox.fetch_headers,Mailbox.draft_exists,Mailbox.append_draft,_body_of,_expunged"],
        ["tests/integration/test_mutation_kills_mailbox.py"]),
}

COPY_IGNORE = shutil.ignore_patterns(".git", ".venv*", "__pycache__", ".pytest_cache", ".hypothesis",
                                     ".mypy_cache", ".ruff_cache", "*.db", "*.db-wal", "*.db-shm", "results")
LOG_NAMES = {"log", "logger", "logging"}


@dataclass
class Mutant:
    file: str
    line: int
    function: str
    kind: str
    change: str
    code: str  # the original source line
    source: str = field(repr=False, default="")  # the whole mutated file
    tests: list[str] = field(default_factory=list)
    outcome: str = "not run"  # killed | survived | timeout | error | not run
    seconds: float = 0.0
    detail: str = ""


# -- finding targets ---------------------------------------------------------------------------------

def parse_target(spec: str) -> tuple[str, list[str] | None]:
    path, _, names = spec.partition("::")
    return path, ([n.strip() for n in names.split(",") if n.strip()] or None) if names else None


def functions_in(tree: ast.Module, names: list[str] | None) -> tuple[list[tuple[str, Def]], list[str]]:
    """(qualified name, def node) of the wanted functions, and the wanted names that were not found.
    A class name stands for all of its methods."""
    found: list[tuple[str, Def]] = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found.append((node.name, node))
        elif isinstance(node, ast.ClassDef):
            found.extend((f"{node.name}.{m.name}", m) for m in node.body
                         if isinstance(m, ast.FunctionDef | ast.AsyncFunctionDef))
    if names is None:
        return found, []
    out: list[tuple[str, Def]] = []
    missing: list[str] = []
    for name in names:
        hits = [(q, n) for q, n in found if q == name or (q.startswith(f"{name}.") and "." not in name)]
        if hits:
            out.extend(hits)
        else:
            missing.append(name)
    return out, missing


# -- making mutants ----------------------------------------------------------------------------------

FLIP = {ast.GtE: ast.Gt, ast.Gt: ast.GtE, ast.LtE: ast.Lt, ast.Lt: ast.LtE, ast.Eq: ast.NotEq,
        ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}
SYMBOL = {ast.GtE: ">=", ast.Gt: ">", ast.LtE: "<=", ast.Lt: "<", ast.Eq: "==", ast.NotEq: "!=",
          ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not"}


def _is_log_call(stmt: ast.stmt) -> bool:
    if not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)):
        return False
    fn = stmt.value.func
    return isinstance(fn, ast.Attribute) and isinstance(fn.value, ast.Name) and fn.value.id in LOG_NAMES


def _expression_mutations(node: ast.AST) -> list[tuple[str, str, ast.AST]]:
    """(kind, change, replacement node) for one expression node."""
    out: list[tuple[str, str, ast.AST]] = []
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            if type(op) in FLIP:
                compare = copy.deepcopy(node)
                compare.ops[i] = FLIP[type(op)]()
                out.append(("compare", f"{SYMBOL[type(op)]} -> {SYMBOL[FLIP[type(op)]]}", compare))
    elif isinstance(node, ast.BoolOp):
        boolop = copy.deepcopy(node)
        boolop.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        out.append(("boolop", "and -> or" if isinstance(node.op, ast.And) else "or -> and", boolop))
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        out.append(("not", "not x -> x", copy.deepcopy(node.operand)))
    elif isinstance(node, ast.Constant):
        v = node.value
        if v is True or v is False:
            out.append(("constant", f"{v} -> {not v}", ast.Constant(not v)))
        elif isinstance(v, int) and v in (0, 1):
            out.append(("constant", f"{v} -> {1 - v}", ast.Constant(1 - v)))
        elif isinstance(v, str | bytes):
            peek, plain = ("BODY.PEEK[", "BODY[") if isinstance(v, str) else (b"BODY.PEEK[", b"BODY[")
            if peek in v:  # type: ignore[operator]
                out.append(("constant", "BODY.PEEK[ -> BODY[", ast.Constant(v.replace(peek, plain))))  # type: ignore[arg-type]
    return out


def _statement_mutations(stmt: ast.stmt) -> list[tuple[str, str, ast.AST]]:
    out: list[tuple[str, str, ast.AST]] = []
    if isinstance(stmt, ast.Return) and stmt.value is not None and not (
            isinstance(stmt.value, ast.Constant) and stmt.value.value is None):
        out.append(("return", "return value -> return None", ast.Return(value=ast.Constant(None))))
    deletable = (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Raise, ast.Continue, ast.Break,
                 ast.Delete)
    if isinstance(stmt, deletable) and not _is_log_call(stmt) and not (
            isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)):  # a docstring
        out.append(("delete", f"delete `{type(stmt).__name__.lower()}` statement", ast.Pass()))
    return out


def _walk_body(fn: Def) -> Iterator[ast.expr | ast.stmt]:
    """Every statement and expression of the function's body (its docstring included), skipping
    f-strings (bad positions before 3.12), annotations and the arguments of log calls."""
    stack: list[ast.AST] = list(reversed(fn.body))
    while stack:
        node = stack.pop()
        if isinstance(node, ast.JoinedStr):
            continue
        if isinstance(node, ast.expr | ast.stmt):
            yield node
        if isinstance(node, ast.stmt) and _is_log_call(node):
            continue  # arguments of a log line: not behaviour anyone tests
        children: list[ast.AST] = []
        for name, value in ast.iter_fields(node):
            if name in ("annotation", "returns", "type_comment", "decorator_list"):
                continue
            items = value if isinstance(value, list) else [value]
            children.extend(c for c in items if isinstance(c, ast.AST))
        stack.extend(reversed(children))


def _replace(source_lines: list[str], node: ast.expr | ast.stmt, text: str) -> str:
    """The file with ``node``'s exact source span replaced by ``text``."""
    lines = list(source_lines)
    l0, c0 = node.lineno - 1, node.col_offset
    l1, c1 = (node.end_lineno or node.lineno) - 1, node.end_col_offset or 0
    # positions are in UTF-8 bytes
    first, last = lines[l0].encode(), lines[l1].encode()
    new = first[:c0].decode() + text + last[c1:].decode()
    lines[l0:l1 + 1] = [new]
    return "".join(lines)


def mutants_of(path: str, names: list[str] | None, root: Path) -> tuple[list[Mutant], list[str]]:
    file = root / path
    if not file.is_file():
        return [], [f"{path}: no such file (skipped)"]
    text = file.read_text(encoding="utf-8")
    tree = ast.parse(text)
    reference = ast.dump(tree)
    lines = text.splitlines(keepends=True)
    funcs, missing = functions_in(tree, names)
    notes = [f"{path}::{m}: not found (skipped)" for m in missing]
    out: list[Mutant] = []
    seen: set[tuple[int, int, str]] = set()
    for qual, fn in funcs:
        docstring = ast.get_docstring(fn, clean=False) is not None
        for node in _walk_body(fn):
            if docstring and node is fn.body[0]:
                continue
            is_stmt = isinstance(node, ast.stmt)
            changes = _statement_mutations(node) if isinstance(node, ast.stmt) else _expression_mutations(node)
            for kind, change, new in changes:
                key = (node.lineno, node.col_offset, change)
                if key in seen:
                    continue
                seen.add(key)
                replacement = ast.unparse(new)
                if not is_stmt:
                    replacement = f"({replacement})"
                source = _replace(lines, node, replacement)
                try:
                    if ast.dump(ast.parse(source)) == reference:
                        continue  # not a real change
                    compile(source, path, "exec")
                except SyntaxError:
                    continue
                out.append(Mutant(file=path, line=node.lineno, function=qual, kind=kind,
                                  change=change, code=lines[node.lineno - 1].strip(), source=source))
    return out, notes


# -- running -----------------------------------------------------------------------------------------

def make_copy(base: Path) -> Path:
    dest = Path(tempfile.mkdtemp(prefix="onward-mutate-", dir=base))
    tree = dest / "tree"
    shutil.copytree(ROOT, tree, ignore=COPY_IGNORE, symlinks=True)
    return tree


def run_tests(tree: Path, tests: list[str], timeout: float) -> tuple[str, float, str]:
    """('passed' | 'failed' | 'timeout' | 'error', seconds, last lines of output)."""
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--no-header",
           "--hypothesis-seed=0", *tests]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "CI": os.environ.get("CI", "true"),
           "PYTHONPATH": str(tree)}
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=tree, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return "timeout", time.monotonic() - started, ""
    seconds = time.monotonic() - started
    tail = "\n".join(out.decode("utf-8", "replace").strip().splitlines()[-3:])
    outcome = {0: "passed", 1: "failed", 2: "failed"}.get(proc.returncode, "error")  # 2: import broken
    return outcome, seconds, tail


def check_copy(tree: Path, modules: list[str]) -> str | None:
    """None when the copy's modules are the ones imported there, else what is wrong."""
    names = [m[:-3].replace("/", ".") for m in modules]
    code = "import importlib,sys\nfor n in sys.argv[1:]: print(importlib.import_module(n).__file__)"
    r = subprocess.run([sys.executable, "-c", code, *names], cwd=tree, capture_output=True, text=True,
                       env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(tree)})
    if r.returncode != 0:
        return f"importing {names} in the copy failed: {r.stderr.strip().splitlines()[-1:]}"
    wrong = [f for f in r.stdout.split() if not Path(f).resolve().is_relative_to(tree.resolve())]
    return f"the copy imports {wrong} instead of its own files" if wrong else None


def run_one(m: Mutant, copies: Queue, timeout: float, deadline: float) -> Mutant:
    if time.monotonic() > deadline:
        return m
    tree = copies.get()
    target = tree / m.file
    original = target.read_text(encoding="utf-8")
    try:
        target.write_text(m.source, encoding="utf-8")
        result, m.seconds, m.detail = run_tests(tree, m.tests, timeout)
        m.outcome = {"passed": "survived", "failed": "killed"}.get(result, result)
    finally:
        target.write_text(original, encoding="utf-8")
        copies.put(tree)
    return m


# -- the command line ----------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="scripts/mutate.py", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="Groups: " + "; ".join(f"{g}: {', '.join(t)}" for g, (t, _) in TARGETS.items()))
    p.add_argument("--group", action="append", choices=sorted(TARGETS), help="run only this group (repeatable)")
    p.add_argument("--module", action="append", metavar="PATH[::NAME,...]",
                   help="mutate these functions instead of the groups (repeatable; needs --tests)")
    p.add_argument("--tests", action="append", metavar="PYTEST_ARG",
                   help="the test selection for --module, or for every group when given alone (repeatable)")
    p.add_argument("--limit", type=int, default=200, help="at most this many mutants, sampled evenly (200)")
    p.add_argument("--budget", type=float, default=600, help="stop starting mutants after this many seconds (600)")
    p.add_argument("--timeout", type=float, default=0,
                   help="seconds per test run (default: 3 x the baseline run + 10)")
    p.add_argument("--jobs", type=int, default=2, help="parallel test runs, each in its own copy (2)")
    p.add_argument("--seed", type=int, default=15, help="seed of the sampling when over --limit (15)")
    p.add_argument("--list", action="store_true", help="list the mutants and exit")
    p.add_argument("--json", metavar="FILE", help="write every mutant and its outcome as JSON")
    p.add_argument("--min-kill", type=float, default=0.0, help="exit 1 when the kill rate (%%) is below this")
    return p


def plan(args: argparse.Namespace) -> tuple[list[tuple[str, list[str], list[str]]], list[str]]:
    """[(group, targets, tests)] and usage errors."""
    if args.module:
        if not args.tests:
            return [], ["--module needs --tests (the test selection that should notice its mutants)"]
        return [("module", args.module, args.tests)], []
    groups = args.group or list(TARGETS)
    return [(g, TARGETS[g][0], args.tests or TARGETS[g][1]) for g in groups], []


def share_out(mutants: list[Mutant], limit: int, seed: int) -> list[Mutant]:
    """At most ``limit`` mutants, shared fairly between the files (a small file keeps all of its
    mutants, the rest is split evenly), each file's share a seeded random sample in file order."""
    by_file: dict[str, list[Mutant]] = {}
    for m in mutants:
        by_file.setdefault(m.file, []).append(m)
    left, out = limit, list[Mutant]()
    for i, (_file, ms) in enumerate(sorted(by_file.items(), key=lambda kv: len(kv[1]))):
        take = min(len(ms), left // (len(by_file) - i))
        picked = sorted(random.Random(seed).sample(range(len(ms)), take))
        out.extend(ms[j] for j in picked)
        left -= take
    # interleaved file by file, so that a run cut short by --budget still samples every file
    rows: dict[str, list[Mutant]] = {}
    for m in sorted(out, key=lambda m: (m.file, m.line)):
        rows.setdefault(m.file, []).append(m)
    return [m for batch in zip_longest(*rows.values()) for m in batch if m is not None]


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    groups, errors = plan(args)
    if errors:
        print(f"mutate: {errors[0]}", file=sys.stderr)
        return 2
    mutants: list[Mutant] = []
    by_group: dict[str, list[Mutant]] = {}
    for name, targets, tests in groups:
        for spec in targets:
            path, names = parse_target(spec)
            found, notes = mutants_of(path, names, ROOT)
            for note in notes:
                print(f"note: {note}")
            for m in found:
                m.tests = tests
            by_group.setdefault(name, []).extend(found)
    everything = [m for ms in by_group.values() for m in ms]
    mutants = share_out(everything, args.limit, args.seed)
    print(f"{len(mutants)} mutants (of {len(everything)} possible) in {len(by_group)} group(s), "
          f"{len({m.file for m in mutants})} file(s)")
    if args.list:
        for m in mutants:
            print(f"  {m.file}:{m.line}  {m.function}  {m.change}  | {m.code}")
        return 0
    if not mutants:
        return 2
    return execute(args, groups, mutants)


def execute(args: argparse.Namespace, groups: list[tuple[str, list[str], list[str]]],
            mutants: list[Mutant]) -> int:
    base = Path(tempfile.mkdtemp(prefix="onward-mutate-"))
    try:
        trees = [make_copy(base) for _ in range(max(1, args.jobs))]
        problem = check_copy(trees[0], sorted({m.file for m in mutants}))
        if problem:
            print(f"mutate: {problem}", file=sys.stderr)
            return 2
        slowest = 0.0
        for name, _targets, tests in groups:
            if not any(m.tests == tests for m in mutants):
                continue
            result, seconds, tail = run_tests(trees[0], tests, 600)
            print(f"baseline {name}: {result} in {seconds:.1f} s ({' '.join(tests)})")
            if result != "passed":
                print(f"mutate: the baseline of {name} does not pass, fix that first:\n{tail}", file=sys.stderr)
                return 2
            slowest = max(slowest, seconds)
            if not sanity_killed(trees[0], next(m for m in mutants if m.tests == tests)):
                return 2
        timeout = args.timeout or 3 * slowest + 10
        copies: Queue = Queue()
        for t in trees:
            copies.put(t)
        deadline = time.monotonic() + args.budget
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=len(trees)) as pool:
            for i, m in enumerate(pool.map(lambda m: run_one(m, copies, timeout, deadline), mutants), 1):
                mark = {"killed": ".", "survived": "S", "timeout": "T", "error": "E"}.get(m.outcome, "-")
                print(mark, end="" if i % 60 else "\n", flush=True)
        print(f"\nran in {time.monotonic() - started:.0f} s (timeout per run {timeout:.0f} s)")
        return report(mutants, args)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def sanity_killed(tree: Path, like: Mutant) -> bool:
    """A mutant that must be killed: ``like``'s file raising on import.  If it survives, the tests do
    not run the copy's code (an installed or editable package shadows it) and every result is void."""
    source = (tree / like.file).read_text(encoding="utf-8") + "\nraise ImportError('mutate.py sanity mutant')\n"
    sanity = Mutant(like.file, 0, "<module>", "sanity", "module raises on import", "", source=source,
                    tests=like.tests)
    copies: Queue = Queue()
    copies.put(tree)
    run_one(sanity, copies, 600, time.monotonic() + 600)
    if sanity.outcome != "killed":
        print(f"mutate: the sanity mutant of {like.file} was not killed ({sanity.outcome}): the tests do "
              "not import the copy's files, so no result would mean anything", file=sys.stderr)
    return sanity.outcome == "killed"


def report(mutants: list[Mutant], args: argparse.Namespace) -> int:
    counts: dict[str, dict[str, int]] = {}
    for m in mutants:
        c = counts.setdefault(m.file, {})
        c[m.outcome] = c.get(m.outcome, 0) + 1
    print(f"\n{'file':<34} {'mutants':>7} {'killed':>7} {'timeout':>7} {'survived':>8} {'error':>5} {'not run':>7}")
    for file, c in sorted(counts.items()):
        print(f"{file:<34} {sum(c.values()):>7} {c.get('killed', 0):>7} {c.get('timeout', 0):>7} "
              f"{c.get('survived', 0):>8} {c.get('error', 0):>5} {c.get('not run', 0):>7}")
    ran = [m for m in mutants if m.outcome in ("killed", "survived", "timeout")]
    noticed = sum(m.outcome in ("killed", "timeout") for m in ran)
    rate = 100.0 * noticed / len(ran) if ran else 0.0
    print(f"\nkill rate: {noticed}/{len(ran)} = {rate:.1f} % (killed or timed out, of the mutants run)")
    survivors = [m for m in mutants if m.outcome == "survived"]
    if survivors:
        print(f"\nsurvivors ({len(survivors)}):")
        for m in survivors:
            print(f"  {m.file}:{m.line}  {m.function}  [{m.kind}] {m.change}\n      | {m.code}")
    errors = [m for m in mutants if m.outcome == "error"]
    for m in errors:
        print(f"  error: {m.file}:{m.line} {m.change}: {m.detail}")
    if args.json:
        Path(args.json).write_text(json.dumps(
            [{k: v for k, v in asdict(m).items() if k != "source"} for m in mutants], indent=1), encoding="utf-8")
    return 1 if rate < args.min_kill else 0


if __name__ == "__main__":
    sys.exit(main())
