"""Every command opens the store: processes that open a new database at the same moment (the daemon's
account passes, a `status` beside them) must all get it, none "database is locked" (real SQLite)."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from agent.record.store import Store


def _open(url: str, barrier: multiprocessing.synchronize.Barrier, errors: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    barrier.wait()
    try:
        Store.open(url).close()
    except Exception as exc:  # noqa: BLE001 - reported to the test as it is
        errors.put(f"{type(exc).__name__}: {exc}")


def open_at_once(url: str, processes: int = 6) -> list[str]:
    """``Store.open(url)`` in ``processes`` processes released at the same moment; their errors."""
    ctx = multiprocessing.get_context("fork")
    barrier, errors = ctx.Barrier(processes), ctx.Queue()
    procs = [ctx.Process(target=_open, args=(url, barrier, errors)) for _ in range(processes)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    failures = []
    while not errors.empty():
        failures.append(errors.get())
    return failures


def test_processes_opening_a_new_database_at_once_all_get_it(tmp_path: Path) -> None:
    failures: list[str] = []
    for round_ in range(6):
        url = f"sqlite:///{tmp_path / f'onward-{round_}.db'}"
        failures += open_at_once(url)
        store = Store.open(url)
        try:
            assert store.migrate() > 0
        finally:
            store.close()
    assert failures == []


def test_an_open_of_a_current_database_does_not_write(tmp_path: Path) -> None:
    """A current database is only read at open: a command beside a writing daemon never waits for it."""
    url = f"sqlite:///{tmp_path / 'onward.db'}"
    Store.open(url).close()
    writer = Store.open(url)
    try:
        with writer.transaction() as conn:
            conn.exec_driver_sql("CREATE TABLE held (x)")  # the write lock, held while the second open runs
            Store.open(url).close()  # with a write at open this would wait 10 s, then fail "locked"
    finally:
        writer.close()
