"""Fixtures of the fast tests: the shipped model, loaded once per session; one transaction on a fresh
SQLite store, and a fresh store on each database the store speaks to, for the tests of its queries."""

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


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A new store on a SQLite file, then on a throwaway PostgreSQL database."""
    url = f"sqlite:///{tmp_path / 'o.db'}" if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    store = Store.open(url)
    try:
        yield store
    finally:
        store.close()
