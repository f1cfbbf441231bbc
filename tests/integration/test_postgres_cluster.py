"""The throwaway PostgreSQL cluster of the tests (tests/support/postgres.py): on loopback only, a
database of its own per test, and its databases independent of each other."""

from __future__ import annotations

import psycopg
import pytest

import tests.support.postgres as support
from tests.conftest import _require_postgres
from tests.support.postgres import PostgresCluster


def test_cluster_listens_on_loopback_only(postgres: PostgresCluster) -> None:
    (addresses,) = postgres.execute("SHOW listen_addresses")[0]
    assert addresses == "127.0.0.1"
    (version,) = postgres.execute("SHOW server_version_num")[0]
    assert int(str(version)) >= 120000


def test_each_test_gets_a_fresh_database(postgres: PostgresCluster, postgres_url: str) -> None:
    name = postgres_url.rsplit("/", 1)[1]
    assert postgres_url == postgres.url(name)
    postgres.execute("CREATE TABLE t (x int)", database=name)
    postgres.execute("INSERT INTO t VALUES (1)", database=name)
    other = postgres.create_database()
    other_name = other.rsplit("/", 1)[1]
    tables = postgres.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'", database=other_name)
    assert tables == []  # a new database is empty whatever the others hold
    copy = postgres.create_database(template=name)  # and may be a copy of a prepared one
    assert postgres.execute("SELECT x FROM t", database=copy.rsplit("/", 1)[1]) == [(1,)]


def test_database_names_are_checked(postgres: PostgresCluster) -> None:
    with pytest.raises(ValueError):
        postgres.create_database('x"; DROP DATABASE postgres; --')


def test_a_dropped_database_is_gone(postgres: PostgresCluster) -> None:
    url = postgres.create_database("gone_soon")
    postgres.drop_database("gone_soon")
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(postgres.dsn("gone_soon"), connect_timeout=5).close()
    assert url.endswith("/gone_soon")


def test_without_a_server_ci_fails_and_a_laptop_skips(monkeypatch) -> None:
    """A missing install step in .ci/run must not hide the PostgreSQL tests as skips."""
    monkeypatch.setattr(support, "server_bin_dir", lambda: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true and the PostgreSQL server is not installed"):
        _require_postgres()
    monkeypatch.setenv("CI", "")
    with pytest.raises(pytest.skip.Exception, match="apt-get install postgresql"):
        _require_postgres()
