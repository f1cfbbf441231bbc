"""The store is the only code that touches the database (agent/record/store/), read from the sources:
no other module imports SQLAlchemy or sqlite3 or runs a statement; every table is declared in the
schema module; the folder resume point is read and written by its cursor only; and the store's public
functions and methods name no ``Any`` (they return the frozen dataclasses of their aggregate)."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import typing
from pathlib import Path

import pytest

import agent.record.store as store_pkg

ROOT = Path(__file__).resolve().parents[2]
AGENT = ROOT / "agent"
STORE = AGENT / "record" / "store"
SQL_CALLS = {"execute", "executemany", "executescript", "exec_driver_sql", "begin_nested", "create_all"}


def _outside_the_store() -> list[Path]:
    return sorted(p for p in AGENT.rglob("*.py") if STORE not in p.parents)


def _imports(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def test_no_module_outside_the_store_imports_a_database_library():
    offenders = [str(p.relative_to(ROOT)) for p in _outside_the_store()
                 if {"sqlalchemy", "sqlite3"} & _imports(ast.parse(p.read_text(encoding="utf-8")))]
    assert not offenders, offenders


def test_no_module_outside_the_store_runs_a_statement():
    offenders = []
    for path in _outside_the_store():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_CALLS:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} .{node.func.attr}(")
    assert not offenders, offenders


def test_every_table_is_declared_in_the_schema_module():
    """One schema: ``Table(`` appears in agent/record/store/schema.py and nowhere else under agent/."""
    declaring = []
    for path in AGENT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "Table":
                declaring.append(str(path.relative_to(ROOT)))
    assert set(declaring) == {"agent/record/store/schema.py"}, declaring


def test_the_resume_point_has_one_owner():
    """``folder_state`` is declared in the schema, read and written by FolderCursor, renamed by the
    version-3 migration - and named nowhere else."""
    naming = {str(p.relative_to(ROOT)) for p in AGENT.rglob("*.py") if "folder_state" in p.read_text(encoding="utf-8")}
    assert naming == {"agent/record/store/schema.py", "agent/record/store/folders.py",
                      "agent/record/store/migrations.py"}, naming


def _store_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(store_pkg.__path__, "agent.record.store."))


def _names_any(hint: object) -> bool:
    if hint is typing.Any:
        return True
    return any(_names_any(arg) for arg in typing.get_args(hint))


def _public_callables(module_name: str):
    module = importlib.import_module(module_name)
    for name, obj in vars(module).items():
        if name.startswith("_") or getattr(obj, "__module__", None) != module_name:
            continue
        if inspect.isfunction(obj):
            yield f"{module_name}.{name}", obj
        elif inspect.isclass(obj):
            for attr, member in vars(obj).items():
                func = member.__func__ if isinstance(member, classmethod | staticmethod) else member
                if not attr.startswith("_") and inspect.isfunction(func):
                    yield f"{module_name}.{name}.{attr}", func


@pytest.mark.parametrize("module_name", _store_modules())
def test_the_store_public_functions_name_no_any(module_name):
    offenders = []
    for qualname, func in _public_callables(module_name):
        hints = typing.get_type_hints(func, globalns=vars(importlib.import_module(func.__module__)))
        offenders += [f"{qualname}: {k}" for k, v in hints.items() if _names_any(v)]
    assert not offenders, offenders


def test_the_store_reads_return_frozen_dataclasses(tmp_path):
    from dataclasses import FrozenInstanceError
    from datetime import UTC, datetime

    from agent.record.store import Store

    store = Store.open(f"sqlite:///{tmp_path / 'o.db'}")
    now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    with store.transaction() as conn:
        app_id = store.create_application(conn, company="Acme", company_key="acme", role="Engineer",
                                          status="applied", message_id="<m@acme.example>", subject="Thanks", now=now)
        row = store.application(conn, app_id)
        outcomes = store.list_outcomes(conn)
    assert row is not None and row.company == "Acme" and outcomes[0].id == app_id
    with pytest.raises(FrozenInstanceError):
        row.company = "Other"  # type: ignore[misc]
    store.close()
