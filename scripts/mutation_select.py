"""Which tests to run against a mutant: coverage-guided test selection for scripts/mutation_audit.py.

Collected once per run: the unit suite runs under coverage.py with one *dynamic context* per test (its
pytest node id), so the data says which tests execute each line of each mutated module.  A mutant then
runs only the tests that execute its statement, fastest first, stopping at the first failure - the
same tests that could see it in a full run, and no others.  Three rules keep that from weakening the
audit:

* a line that runs at import time (module-level statements, class bodies, decorators) is not
  attributed to a test - the module is imported once, before the first test - so a mutant there runs
  the module's whole selection (``SELECTIONS`` of scripts/mutation_audit.py: the tests that pin its
  rules down);
* except a ``def``'s own header (its parameters, default values and annotations: ``*`` made ``/``, a
  default changed): it also runs at import, but only a call can see it, and every call executes the
  body, so such a mutant runs the tests that execute the function's body.  A generator or a coroutine
  function is the exception's exception (it can be called without its body running): the whole
  selection;
* so does a line executed outside every test (a function the module calls while it is imported);
* a module-level value - a constant, a table, a statement built once (``_Hot.application``), in the module
  or in a class body - also runs the tests that execute a function of the module reading it, directly or
  through another such value built from it (:func:`readers`): those are the tests that can see it, and the
  module's whole selection, written by hand, may hold none of them;
* a mutant's statement is looked up whole: its own lines and the first line of the statement around it
  (for an ``if``/``while``/``for``/``with``/``def`` the lines of its header), so a mutant inside an
  expression spread over several lines finds the tests of its statement.

A mutant whose lines no test executes *survives without a run*: no test can fail on it.

Outside the store package (``agent/record/store/``), a test run on both stores (``test_x[sqlite]`` and
``test_x[postgresql]``) runs on SQLite only: the rules above the store see the same rows from either (what the
store's tests on both pin down), so the PostgreSQL twin can tell a mutant of theirs no better, at twice the
cost; a store mutant runs both.  Leaving a twin out can only lose a kill, never make one.

This module is also the pytest plugin of the collecting run (``-p mutation_select``, with this folder
on ``PYTHONPATH``; ``MUTATION_COVERAGE_FILE``, ``MUTATION_DURATIONS_FILE`` and ``MUTATION_INCLUDE``
say where the data goes and which files to measure).
"""

from __future__ import annotations

import ast
import functools
import importlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_COMPOUND = (ast.If, ast.While, ast.For, ast.AsyncFor, ast.With, ast.AsyncWith, ast.Try, ast.TryStar,
             ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Match)


@dataclass(frozen=True)
class Coverage:
    """Which tests executed each line of one module, and how long each test took."""

    lines: Mapping[int, frozenset[str]]   # line -> node ids of the tests that executed it
    outside: frozenset[int]               # lines executed outside every test (import time)
    durations: Mapping[str, float]        # node id -> seconds (setup + call + teardown)

    def tests_in(self, files: Iterable[str]) -> frozenset[str]:
        """The passing tests of ``files`` (paths as pytest names them, e.g. ``tests/unit/test_x.py``)."""
        wanted = set(files)
        return frozenset(t for t in self.durations if t.split("::", 1)[0] in wanted)


def _body_lines(node: ast.AST) -> Iterable[tuple[int, int]]:
    """(first, last) line of each statement list held by ``node`` (body, orelse, handlers...)."""
    for name in ("body", "orelse", "finalbody", "handlers", "cases"):
        block = getattr(node, name, None)
        if isinstance(block, list) and block:
            yield block[0].lineno, block[-1].end_lineno or block[-1].lineno


@functools.lru_cache(maxsize=8)
def _function_bodies(tree: ast.Module) -> tuple[tuple[int, int], ...]:
    """(first, last) line of each function's and lambda's body in ``tree``."""
    spans = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Lambda):
            spans.append((node.body.lineno, node.body.end_lineno or node.body.lineno))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            spans.append((node.body[0].lineno, node.body[-1].end_lineno or node.body[-1].lineno))
    return tuple(spans)


@functools.lru_cache(maxsize=8)
def _statements(tree: ast.Module) -> tuple[ast.stmt, ...]:
    return tuple(node for node in ast.walk(tree) if isinstance(node, ast.stmt))


@functools.lru_cache(maxsize=8)
def _signatures(tree: ast.Module) -> tuple[tuple[int, int, int, int], ...]:
    """(first, last) line of each plain function's header - the ``def`` line to the line before its
    body, decorators left out - and (first, last) line of its body.  Generators and ``async def`` are
    left out: calling one runs none of its body."""
    spans = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.body and not _yields(node):
            first_body = node.body[0].lineno
            spans.append((node.lineno, max(node.lineno, first_body - 1), first_body,
                          node.body[-1].end_lineno or node.body[-1].lineno))
    return tuple(spans)


def _yields(function: ast.FunctionDef) -> bool:
    """True when ``function`` itself (not a function inside it) yields: a generator function."""
    todo: list[ast.AST] = list(function.body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.Yield, ast.YieldFrom)):
            return True
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            todo.extend(ast.iter_child_nodes(node))
    return False


def signature_body(tree: ast.Module, start: int, end: int) -> tuple[int, int] | None:
    """(first, last) line of the body of the function whose header holds lines ``start``-``end``
    (None when they are not all in one plain function's header)."""
    for first, last, body_first, body_last in _signatures(tree):
        if first <= start and end <= last:
            return body_first, body_last
    return None


def runs_at_import(tree: ast.Module, line: int) -> bool:
    """True when ``line`` is executed when the module is imported: it is in no function's body.

    A ``def``'s decorators, default values and annotations run at import; so does a class body; the body
    of a function or a lambda runs when it is called."""
    return not any(first <= line <= last for first, last in _function_bodies(tree))


def _bound(target: ast.expr, prefix: str) -> set[str]:
    if isinstance(target, ast.Name):
        return {prefix + target.id}
    if isinstance(target, (ast.Tuple, ast.List)):
        return {n for t in target.elts for n in _bound(t, prefix)}
    return set()


def _read(node: ast.AST, classes: Iterable[str], inside: str | None) -> set[str]:
    """The module-level names ``node`` reads: ``X``, ``C.attr`` (``C`` a class of the module), a bare name
    inside class ``inside``'s body as ``inside.name`` too, ``self.attr`` / ``cls.attr`` as ``inside.attr``."""
    known = set(classes)
    out: set[str] = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Name):
            out.add(n.id)
            if inside is not None:
                out.add(f"{inside}.{n.id}")
        elif isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name):
            if n.value.id in known:
                out.add(f"{n.value.id}.{n.attr}")
            elif n.value.id in ("self", "cls") and inside is not None:
                out.add(f"{inside}.{n.attr}")
    return out


@functools.lru_cache(maxsize=8)
def _module_values(tree: ast.Module) -> tuple[tuple[int, int, frozenset[str], frozenset[str]], ...]:
    """Each module-level or class-level assignment: (first line, last line, the names it binds, the names its
    value reads), class attributes named ``Class.attr``."""
    classes = [n.name for n in tree.body if isinstance(n, ast.ClassDef)]
    out = []

    def visit(body: list[ast.stmt], inside: str | None) -> None:
        prefix = f"{inside}." if inside else ""
        for stmt in body:
            if isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                names = {n for t in targets for n in _bound(t, prefix)}
                value = stmt.value if stmt.value is not None else ast.Constant(None)
                out.append((stmt.lineno, stmt.end_lineno or stmt.lineno, frozenset(names),
                            frozenset(_read(value, classes, inside))))
            elif isinstance(stmt, ast.ClassDef) and inside is None:
                visit(stmt.body, stmt.name)
    visit(tree.body, None)
    return tuple(out)


@functools.lru_cache(maxsize=8)
def _function_reads(tree: ast.Module) -> tuple[tuple[int, int, frozenset[str]], ...]:
    """(first, last) line of each function's body and the module-level names it reads (methods: their class's
    attributes by ``self.``/``cls.`` too)."""
    classes = [n.name for n in tree.body if isinstance(n, ast.ClassDef)]
    owner = {id(f): c.name for c in tree.body if isinstance(c, ast.ClassDef) for f in c.body}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            reads = {n for stmt in node.body for n in _read(stmt, classes, owner.get(id(node)))}
            out.append((node.body[0].lineno, node.body[-1].end_lineno or node.body[-1].lineno, frozenset(reads)))
    return tuple(out)


def readers(tree: ast.Module, start: int, end: int) -> set[int]:
    """The lines of the functions of ``tree`` that read the module-level value assigned on lines
    ``start``-``end`` - directly, or through module-level values built from it (``_BY_ID = _ALL.where(...)``)
    - every line of their bodies (empty when those lines assign no module-level value)."""
    values = _module_values(tree)
    changed = {n for first, last, names, _reads in values if first <= start and end <= last for n in names}
    if not changed:
        return set()
    grew = True
    while grew:
        more = {n for _f, _l, names, reads in values if reads & changed for n in names} - changed
        grew = bool(more)
        changed |= more
    return {n for first, last, reads in _function_reads(tree) if reads & changed for n in range(first, last + 1)}


def statement_lines(tree: ast.Module, start: int, end: int) -> set[int]:
    """The lines whose execution means a mutant on lines ``start``-``end`` ran: its own lines, and
    the innermost statement around it (a simple statement whole; a compound one's header, up to its
    first block)."""
    lines = set(range(start, end + 1))
    best: ast.stmt | None = None
    for node in _statements(tree):
        first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
        last = node.end_lineno or node.lineno
        if first <= start and end <= last:
            inside_block = any(a <= start and end <= b for a, b in _body_lines(node))
            if not inside_block and (best is None or node.lineno >= best.lineno):
                best = node
    if best is not None:
        first = best.lineno
        if isinstance(best, _COMPOUND):
            blocks = [a for a, _b in _body_lines(best)]
            last = min(blocks) - 1 if blocks else best.lineno
            last = max(last, first)
        else:
            last = best.end_lineno or best.lineno
        lines |= set(range(first, last + 1))
    return lines


def tests_for(tree: ast.Module, cov: Coverage, start: int, end: int, whole: Iterable[str]) -> list[str]:
    """The tests to run against a mutant of lines ``start``-``end``, fastest first (empty: no test
    executes it, so it survives without a run).  ``whole``: the module's whole selection, for a line
    that runs at import time."""
    body = signature_body(tree, start, end)
    if body is not None:
        lines = set(range(body[0], body[1] + 1))
        chosen = frozenset(t for n in lines for t in cov.lines.get(n, ()))
        return sorted(chosen, key=lambda t: (cov.durations.get(t, float("inf")), t))
    lines = statement_lines(tree, start, end)
    if any(runs_at_import(tree, n) for n in range(start, end + 1)) or lines & cov.outside:
        chosen = frozenset(whole) | frozenset(t for n in lines | readers(tree, start, end) for t in cov.lines.get(n, ()))
    else:
        chosen = frozenset(t for n in lines for t in cov.lines.get(n, ()))
    return sorted(chosen, key=lambda t: (cov.durations.get(t, float("inf")), t))


STORE_PACKAGE = "agent/record/store/"


def without_postgresql_twins(tests: list[str], module: str) -> list[str]:
    """``tests`` (node ids) for a mutant of ``module`` (a path relative to the tree's root): outside the store
    package, without the PostgreSQL twin of a test whose SQLite twin is among them."""
    if module.startswith(STORE_PACKAGE):
        return tests
    chosen = set(tests)
    return [t for t in tests if not ("[postgresql" in t and t.replace("[postgresql", "[sqlite", 1) in chosen)]


def measured_file(files: Iterable[str], module: str) -> str | None:
    """The measured file that is ``module`` (a path relative to the tree's root), whichever copy of
    the tree was measured."""
    suffix = os.sep + module.replace("/", os.sep)
    found = [f for f in files if f.endswith(suffix)]
    return min(found, key=len) if found else None


def load_coverage(data_file: Path, durations_file: Path, module: str) -> Coverage:
    """The coverage of ``module`` (relative to the tree's root) from the collecting run's data; only
    the tests that passed count."""
    from coverage import CoverageData  # the [mutation] extra holds it; only the audit needs it

    passed: dict[str, float] = json.loads(durations_file.read_text())
    data = CoverageData(basename=str(data_file))
    data.read()
    path = measured_file(data.measured_files(), module)
    by_line = data.contexts_by_lineno(path) if path else {}
    lines: dict[int, frozenset[str]] = {}
    outside: set[int] = set()
    for line, contexts in by_line.items():
        if "" in contexts:
            outside.add(line)
        tests = frozenset(c for c in contexts if c in passed)
        if tests:
            lines[line] = tests
    return Coverage(lines=lines, outside=frozenset(outside), durations=passed)


def third_party_modules(root: Path) -> list[str]:
    """The modules imported now that come from the interpreter's installation (the standard library
    and site-packages), none from ``root`` (the tree under test): what a fork server may import up
    front."""
    import sys
    prefixes = tuple({sys.prefix, sys.base_prefix, sys.exec_prefix})
    here = str(root.resolve())
    names = []
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None) or ""
        if name.split(".")[0] in ("agent", "tests", "conftest", "__main__", "mutation_select"):
            continue
        if path.startswith(prefixes) and not path.startswith(here):
            names.append(name)
    return sorted(names)


# --- the pytest plugin of the collecting run -------------------------------------------------------

_cov: Any = None
_durations: dict[str, float] = {}
_failed: set[str] = set()


def pytest_configure(config: Any) -> None:
    global _cov
    _hypothesis_profile()
    data_file = os.environ.get("MUTATION_COVERAGE_FILE")
    if not data_file or _cov is not None:
        return
    import coverage  # see load_coverage
    include = os.environ.get("MUTATION_INCLUDE", "").split(os.pathsep)
    _cov = coverage.Coverage(data_file=data_file, include=[p for p in include if p], config_file=False)
    _cov.start()
    for module in os.environ.get("MUTATION_IMPORT", "").split(","):  # import time: the context ""
        if module:
            importlib.import_module(module)


def _hypothesis_profile() -> None:
    """Hypothesis without a deadline (a loaded machine must not fail a test), with the same examples
    in every run (derandomized: the collecting run sees what each mutant's run sees), and without
    shrinking: the first failing example kills the mutant, and its smallest form is of no use here."""
    from hypothesis import HealthCheck, Phase, settings  # the test dependencies hold it
    settings.register_profile("mutation", deadline=None, derandomize=True, database=None, print_blob=False,
                              suppress_health_check=list(HealthCheck),
                              phases=(Phase.explicit, Phase.reuse, Phase.generate))
    settings.load_profile("mutation")


def pytest_runtest_logstart(nodeid: str, location: Any) -> None:
    if _cov is not None:
        _cov.switch_context(nodeid)


def pytest_runtest_logreport(report: Any) -> None:
    if _cov is None:
        return
    _durations[report.nodeid] = _durations.get(report.nodeid, 0.0) + report.duration
    if report.failed or (report.when == "call" and report.outcome != "passed"):
        _failed.add(report.nodeid)


def pytest_runtest_logfinish(nodeid: str, location: Any) -> None:
    if _cov is not None:
        _cov.switch_context("")


def pytest_unconfigure(config: Any) -> None:
    global _cov
    preload = os.environ.get("MUTATION_PRELOAD_FILE")
    if preload:
        Path(preload).write_text(json.dumps(third_party_modules(Path.cwd())))
    if _cov is None:
        return
    _cov.stop()
    _cov.save()
    _cov = None
    out = os.environ.get("MUTATION_DURATIONS_FILE")
    if out:
        passed = {k: round(v, 4) for k, v in _durations.items() if k not in _failed}
        Path(out).write_text(json.dumps(passed, indent=0, sort_keys=True))
