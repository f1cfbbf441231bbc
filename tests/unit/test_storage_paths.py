"""Where the database and its lock live, known without opening the store (agent/record/storage.py)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from agent.record.storage import StoreError, lock_path_for, prepare_database_dir


def test_a_sqlite_databases_lock_is_beside_it(tmp_path: Path) -> None:
    db = tmp_path / "data" / "onward.db"
    assert lock_path_for(f"sqlite:///{db}", tmp_path / "elsewhere") == db.with_name("onward.db.lock")


def test_a_server_databases_lock_is_in_the_data_dir_one_per_url(tmp_path: Path) -> None:
    a = lock_path_for("postgresql://onward@db.example/onward", tmp_path)
    b = lock_path_for("postgresql://onward@db.example/other", tmp_path)
    assert a.parent == tmp_path and b.parent == tmp_path and a != b
    assert re.fullmatch(r"onward-[0-9a-f]{12}\.lock", a.name), a.name
    assert lock_path_for("postgresql://onward@db.example/onward", tmp_path) == a  # one url, one lock


def test_a_directory_that_cannot_be_made_names_the_key_to_change(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreError, match=r"^storage\.database: cannot create the directory .*a-file/db "
                                         r"\(Not a directory\): choose a path"):
        prepare_database_dir(blocker / "db")


def test_a_directory_that_cannot_be_written_names_the_key_to_change(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    checked: list[int] = []

    def no_access(path: object, mode: int) -> bool:
        checked.append(mode)
        return False

    prepare_database_dir(tmp_path / "fine")  # writable: nothing raised
    assert (tmp_path / "fine").is_dir()
    monkeypatch.setattr(os, "access", no_access)  # as root every directory is writable: say it is not
    with pytest.raises(StoreError, match=r"^storage\.database: the directory .* is not writable"):
        prepare_database_dir(tmp_path / "fine")
    assert checked == [os.W_OK | os.X_OK]
