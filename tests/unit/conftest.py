"""Fixtures of the fast tests: the shipped model, loaded once per session; one transaction on a fresh
SQLite store, for the tests of the store's queries."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Connection

from agent.model.classifier import Classifier
from agent.record.store import Store


@pytest.fixture(scope="session")
def model() -> Classifier:
    return Classifier.load()


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[Connection]:
    """A transaction on a new SQLite database (committed at the end of the test)."""
    store = Store.open(f"sqlite:///{tmp_path / 'o.db'}")
    try:
        with store.transaction() as c:
            yield c
    finally:
        store.close()
