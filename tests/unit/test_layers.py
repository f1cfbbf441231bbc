"""The layers of agent/ as contracts the suite runs (docs/architecture.md, "Layers"):

* ``lint-imports`` keeps every contract of ``[tool.importlinter]`` in pyproject.toml (the layers, the
  record that knows no follow-ups, the modules that load no database, the pure rules);
* no import cycle at all, counting the imports inside functions (an import moved into a function to
  dodge a cycle is still a cycle here);
* an import inside a function is a lazy import for start-up cost, only where a command starts (the
  command line), only of what is costly to load (the allowlist below says why each is);
* the product imports nothing from tests/, the wheel holds no test support, and no name or comment
  cites a ticket instead of saying what the code does.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AGENT = ROOT / "agent"

# Lazy imports for start-up cost. Every command module is imported to build the parser, so `onward
# --help`, `onward status` or a mistyped flag answer without loading what another command needs; what a
# command runs loads when it runs. Only the command line may defer an import - and the daemon's loop,
# whose pass process imports the pass so that the waiting daemon never holds numpy or the model for weeks
# (memory; tests/unit/test_lean_daemon.py) - and only of these (the imported module or package), each for
# what it costs:
# the command line, the daemon, and the account access the waiting daemon keeps (it must not load the store)
LAZY_IMPORTERS = ("agent.cli", "agent.loop", "agent.accounts.access")
LAZY_TARGETS = {
    "agent.record": "SQLAlchemy and the store",
    "agent.model": "numpy, scikit-learn (training) and the model file",
    "agent.extract": "the extractor's lexicon, trie regexes and learned weights",
    "agent.mail.imap": "imapclient",
    "agent.mail.parse": "mail-parser and the MIME walk",
    "agent.inputs": "mail parsing (reads .eml and mbox files)",
    "agent.followups": "Jinja2, the follow-up rules and the store",
    "agent.insights": "the report's figures and the store",
    "agent.accounts.tokens": "msal and google-auth (sign-in)",
    "agent.accounts.state": "the store (per-account state)",
    "agent.accounts.leases": "the store (the worker pool's leases)",
    "agent.pool": "the daemon's loop and the leases (onward run on a server database)",
    "agent.pipeline": "the whole pass: IMAP, the classifier, the store",
    "agent.scan": "a pass's intake and record (onward backfill): IMAP, the classifier, the store",
    "agent.loop": "the daemon: the pass, schedule, signals",
    "agent.notify": "the notices' rows in the store (after a pass, where the store is open)",
    "agent.demo.story": "the pass, the classifier and the store (onward demo)",
    "agent.web.server": "Flask and waitress (onward web)",
    "agent.cli.labels": "the mailbox code and the pass (onward label)",
}


@dataclass(frozen=True)
class Import:
    importer: str
    target: str  # the agent module imported (a name imported from a module counts as that module)
    path: Path
    line: int
    in_function: bool
    type_checking: bool

    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def module_of(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_of(p): p for p in sorted(AGENT.rglob("*.py"))}


def _targets(node: ast.Import | ast.ImportFrom, importer: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    else:
        if node.level:
            base = importer.split(".") if is_package else importer.split(".")[:-1]
            base = base[:len(base) - (node.level - 1)]
            module = ".".join(base + ([node.module] if node.module else []))
        else:
            module = node.module or ""
        names = [f"{module}.{a.name}" if f"{module}.{a.name}" in MODULES else module for a in node.names]
    out = []
    for name in names:
        while name and name not in MODULES and "." in name:
            name = name.rsplit(".", 1)[0]
        out.append(name)
    return out


def _type_checking_block(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imports_of(path: Path, prefixes: tuple[str, ...] = ("agent",)) -> list[Import]:
    """Every import in ``path`` of a module whose name starts with one of ``prefixes``."""
    importer = module_of(path)
    found: list[Import] = []

    def walk(node: ast.AST, in_function: bool, type_checking: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                for target in _targets(child, importer, path.name == "__init__.py"):
                    if target.split(".")[0] in prefixes or any(target.startswith(p + ".") for p in prefixes):
                        found.append(Import(importer, target, path, child.lineno, in_function, type_checking))
            walk(child, in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda),
                 type_checking or _type_checking_block(child))

    walk(ast.parse(path.read_text(encoding="utf-8")), False, False)
    return found


ALL_IMPORTS = [i for p in MODULES.values() for i in imports_of(p) if i.target in MODULES]


# -- import-linter ---------------------------------------------------------------------------------


def test_lint_imports_keeps_every_contract() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert lint, "lint-imports is missing: pip install -e '.[test]' (import-linter)"
    done = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout and "kept" in done.stdout


def test_the_layers_contract_names_every_top_level_module() -> None:
    """A new module or package under agent/ is placed in a layer on purpose (the contract is exhaustive)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["id"] == "layers")
    named = {n.strip() for layer in layers["layers"] for n in re.split(r"[|:]", layer)}
    top = {m.split(".")[1] for m in MODULES if m.count(".") >= 1}
    assert layers.get("exhaustive") is True
    assert sorted(top - named) == [], "modules of agent/ in no layer of pyproject.toml [tool.importlinter]"
    assert sorted(named - top) == [], "layers of pyproject.toml naming no module of agent/"


# -- cycles and imports inside functions -------------------------------------------------------------


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    out.append(sorted(component))
    return out


def test_no_import_cycle_even_through_imports_inside_functions() -> None:
    edges: dict[str, set[str]] = {m: set() for m in MODULES}
    for i in ALL_IMPORTS:
        if not i.type_checking and i.target != i.importer:
            edges[i.importer].add(i.target)
    problems = []
    for component in _cycles(edges):
        members = set(component)
        links = dict.fromkeys(f"{i.where()} {i.importer} -> {i.target}{' (inside a function)' if i.in_function else ''}"
                 for i in ALL_IMPORTS if i.importer in members and i.target in members and not i.type_checking)
        problems.append("import cycle among " + ", ".join(component) + ":\n  " + "\n  ".join(links))
    assert problems == [], "\n".join(problems)


def _lazy_reason(i: Import) -> str | None:
    if not any(i.importer == p or i.importer.startswith(p + ".") for p in LAZY_IMPORTERS):
        return None
    return next((why for target, why in LAZY_TARGETS.items()
                 if i.target == target or i.target.startswith(target + ".")), None)


def test_imports_inside_functions_are_lazy_imports_for_start_up_cost() -> None:
    unexplained = list(dict.fromkeys(f"{i.where()}: {i.importer} imports {i.target} inside a function"
                                     for i in ALL_IMPORTS if i.in_function and _lazy_reason(i) is None))
    assert unexplained == [], ("import it at the top of the module (a cycle is fixed by moving what both need "
                               "to the lower layer), or add a lazy import for start-up cost to LAZY_TARGETS "
                               "with its reason:\n" + "\n".join(unexplained))


def test_the_walk_finds_imports_inside_functions() -> None:
    """The check above sees what it must: the command line's lazy imports, with their line."""
    lazy = [i for i in ALL_IMPORTS if i.in_function]
    assert any(i.importer == "agent.cli" and i.target == "agent.web.server" for i in lazy)
    assert all(i.line > 0 for i in lazy) and len(lazy) > 20
    tree = imports_of(Path(__file__))  # this file imports nothing of agent/ at all
    assert tree == []


def test_the_command_lines_start_up_loads_nothing_costly() -> None:
    """What the lazy imports buy: ``import agent.cli`` (every command pays it) loads no lazy target and
    none of the costly libraries behind them."""
    code = "import sys, agent.cli; print('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    loaded = set(done.stdout.split())
    costly = {"sqlalchemy", "numpy", "sklearn", "imapclient", "flask", "jinja2", "msal", "waitress", "apprise",
              "icalendar", "skops", "mailparser"}
    assert sorted(loaded & costly) == []
    assert sorted(m for m in loaded if any(m == t or m.startswith(t + ".") for t in LAZY_TARGETS)) == []


def test_every_lazy_target_exists() -> None:
    assert [t for t in LAZY_TARGETS if t not in MODULES] == []
    assert all(why.strip() for why in LAZY_TARGETS.values())


# -- test support out of the product ---------------------------------------------------------------------


def test_no_module_under_agent_imports_from_tests() -> None:
    found = [f"{i.where()}: {i.importer} imports {i.target}"
             for p in MODULES.values() for i in imports_of(p, ("tests",))]
    assert found == []


def test_the_package_list_ships_every_package_of_agent_and_no_test_support() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    packages = {module_of(p.parent / "__init__.py") for p in AGENT.rglob("__init__.py")}
    assert sorted(packages - listed) == [], "packages of agent/ missing from pyproject's [tool.setuptools] packages"
    assert not [p for p in listed if "test" in p or p.startswith("tests")]


@pytest.mark.slow
def test_the_wheel_holds_no_fake_server_and_no_test_module(tmp_path: Path) -> None:
    source = tmp_path / "src"  # a clean copy: a build/ left in the worktree could slip stale files in
    for part in ("agent", "models", "config", "data/corpus"):
        shutil.copytree(ROOT / part, source / part, ignore=shutil.ignore_patterns("__pycache__"))
    for part in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / part, source / part)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(source)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    (wheel,) = tmp_path.glob("onward-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {"agent/crashpoints.py", "agent/demo/dovecot.py", "agent/demo/samples.py", "agent/mail/memory.py",
            "agent/shipped_config/onward.example.toml"} <= set(names)
    test_support = [n for n in names if re.search(r"(^|/)(tests?|testing)(/|_)|idp\.py$|hostile\.py$|conftest", n)]
    assert test_support == []
    python = {n for n in names if n.endswith(".py") and not n.startswith("agent/shipped_")}  # the code, all of it
    assert python == {f"{m.replace('.', '/')}{'/__init__' if p.name == '__init__.py' else ''}.py"
                      for m, p in MODULES.items()}


# -- names say what, not which ticket -----------------------------------------------------------------------


def test_no_name_or_comment_in_agent_cites_a_ticket() -> None:
    ticket = re.compile(r"\bissues? *#?[0-9]+|\bticket *#?[0-9]+", re.IGNORECASE)
    found = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
             for p in sorted(AGENT.rglob("*")) if p.is_file() and p.suffix in {".py", ".j2", ".toml", ".js", ".css"}
             for n, line in enumerate(p.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
             if ticket.search(line)]
    assert found == [], "say what the code does; the git log keeps which issue asked:\n" + "\n".join(found)
