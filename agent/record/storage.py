"""What is known of the database without opening it: the error the store raises, where the single-daemon
lock lives, its directory made ready, its timestamps read back.

Stdlib only (no SQLAlchemy): the waiting daemon names these without ever loading the store, which its
state writes open in a short-lived child process (:mod:`agent.loop`). :mod:`agent.record.store` exports
them too.
"""

from __future__ import annotations

import hashlib
import os
from datetime import datetime
from pathlib import Path

from agent.config import database_path, make_private_dir


class StoreError(RuntimeError):
    """The database could not be opened or written (locked, disk full, not a database)."""


def parse_iso(value: str) -> datetime:
    return datetime.fromisoformat(value)


def prepare_database_dir(directory: Path) -> None:
    """The database's directory exists, private (0700 when created), and is writable; else StoreError
    naming ``storage.database`` (an unusable path is a database problem, exit 7, not a traceback)."""
    try:
        make_private_dir(directory)
    except OSError as exc:
        raise StoreError(f"storage.database: cannot create the directory {directory} ({exc.strerror or exc}): "
                         "choose a path in a directory you can write, or leave the default") from None
    if not os.access(directory, os.W_OK | os.X_OK):
        raise StoreError(f"storage.database: the directory {directory} is not writable: "
                         "choose a path in a directory you can write, or leave the default")


def lock_path_for(url: str, data_dir: Path) -> Path:
    """Where the single-daemon lock lives: beside the SQLite file, else in the data dir."""
    db = database_path(url)
    if db is not None:
        return db.with_name(db.name + ".lock")
    return data_dir / f"onward-{hashlib.sha256(url.encode()).hexdigest()[:12]}.lock"
