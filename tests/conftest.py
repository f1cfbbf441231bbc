"""Shared pytest fixtures.

* ``dovecot`` (session): one throwaway Dovecot for the whole run, with a pool of
  users ``user01`` .. ``user160`` (password ``f"{user}-pw"``), see agent/demo/dovecot.py.
* ``imap_user`` (function): a fresh, never-used user name from that pool.
* ``imap_account`` (function): the same as a ready-to-use bundle (host, ports, user,
  password, cafile).
* ``dovecot_factory`` (function): start extra servers with other options
  (``special_use=False``, ``drafts_name="Entwürfe"``, ...); stopped after the test.
* ``tmp_db`` (function): path of a fresh (not yet existing) SQLite file in tmp_path.
* ``torture`` (session): the hostile message corpus from tests/torture, as a list of
  ``(name, raw_bytes)``; ``torture_dir``: the same written as .eml files.

* ``postgres`` (session): one throwaway PostgreSQL cluster on loopback for the whole run
  (tests/support/postgres.py); ``postgres_url`` (function): the SQLAlchemy URL of a fresh,
  empty database of its own on it.  Tests using them get the ``postgres`` marker.
* ``store_url`` (function, parametrized ``sqlite`` / ``postgresql``): the URL of a fresh record
  database, a SQLite file in tmp_path or a database of its own on that cluster (the schema in force
  already created: a copy of ``postgres_schema``), so a test taking it runs on both stores.

Without Dovecot (or PostgreSQL) installed, their tests are skipped locally, but FAIL when
``CI=true`` so that a missing install step in .ci/run is never hidden.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from agent.demo.dovecot import DovecotServer, dovecot_available
from agent.record.store import Store
from tests.helpers import missing_part
from tests.support.postgres import PostgresCluster, unavailable_reason

POOL_SIZE = 160
POOL = tuple(f"user{i:02d}" for i in range(1, POOL_SIZE + 1))


def _require_dovecot() -> None:
    if not dovecot_available():
        missing_part("Dovecot is not installed (needs the dovecot binary, dovecot-imapd and openssl); "
                     "install with: apt-get install dovecot-core dovecot-imapd")


def _require_postgres() -> None:
    reason = unavailable_reason()
    if reason is not None:
        missing_part(reason)


POSTGRES_FIXTURES = {"postgres", "postgres_url", "postgres_schema"}


def pytest_collection_modifyitems(config, items):
    # every test that uses a Dovecot fixture gets the `dovecot` marker (-m "not dovecot" works);
    # every test that uses a PostgreSQL one, or runs on a "postgresql" parameter, the `postgres` marker
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if {"dovecot", "imap_user", "imap_account", "dovecot_factory"} & names:
            item.add_marker(pytest.mark.dovecot)
        callspec = getattr(item, "callspec", None)
        on_postgres = callspec is not None and any(v == "postgresql" for v in callspec.params.values() if isinstance(v, str))
        if POSTGRES_FIXTURES & names or on_postgres:
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(scope="session")
def dovecot() -> Iterator[DovecotServer]:
    """One Dovecot per test session, users user01..user60 created up front."""
    _require_dovecot()
    server = DovecotServer(POOL).start()
    server._pool = iter(POOL)  # handed out by imap_user
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def imap_user(dovecot: DovecotServer) -> str:
    """A user name from the pool that no other test has used (empty mailbox)."""
    user = next(dovecot._pool, None)
    if user is None:
        pytest.fail(
            f"imap_user pool exhausted: all {POOL_SIZE} users are used. Raise POOL_SIZE in "
            "tests/conftest.py, or reset a user with dovecot.doveadm('expunge', '-u', user, "
            "'mailbox', '*', 'all').",
            pytrace=False,
        )
    return user


@dataclass(frozen=True)
class ImapAccount:
    host: str
    port: int  # plain, STARTTLS offered
    ssl_port: int  # implicit TLS
    user: str
    password: str
    cafile: str
    server: DovecotServer


@pytest.fixture
def imap_account(dovecot: DovecotServer, imap_user: str) -> ImapAccount:
    """A fresh pool user as (host, port, ssl_port, user, password, cafile, server)."""
    return ImapAccount(
        dovecot.host,
        dovecot.port,
        dovecot.ssl_port,
        imap_user,
        dovecot.password(imap_user),
        dovecot.cafile,
        dovecot,
    )


@pytest.fixture
def dovecot_factory() -> Iterator[Callable[..., DovecotServer]]:
    """Start extra servers: ``srv = dovecot_factory(["bob"], special_use=False)``.

    Each costs about 1.2 s (mostly the stop), so use it only for non-default configs.
    """
    _require_dovecot()
    servers: list[DovecotServer] = []

    def make(*args, **kwargs) -> DovecotServer:
        srv = DovecotServer(*args, **kwargs)
        servers.append(srv)
        return srv.start()

    try:
        yield make
    finally:
        for srv in servers:
            srv.stop()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """One throwaway PostgreSQL cluster per test session (about 3 s to start), on loopback."""
    _require_postgres()
    cluster = PostgresCluster().start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def postgres_url(postgres: PostgresCluster) -> Iterator[str]:
    """The SQLAlchemy URL (``postgresql+psycopg://``) of a fresh, empty database for this test (dropped after it)."""
    url = postgres.create_database()
    yield url
    postgres.drop_database(url.rsplit("/", 1)[1])


@pytest.fixture(scope="session")
def postgres_schema(postgres: PostgresCluster) -> str:
    """Name of a database on the cluster holding the schema in force, copied for each ``store_url`` (a copy
    is about 60 ms, making the schema about 200 ms)."""
    Store.open(postgres.create_database("onward_schema")).close()
    return "onward_schema"


STORE_BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(params=STORE_BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh record database on each store Onward supports: a SQLite file in tmp_path, and a
    database of its own on the throwaway PostgreSQL cluster (dropped after the test)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'onward.db'}"
        return
    cluster: PostgresCluster = request.getfixturevalue("postgres")
    url = cluster.create_database(template=request.getfixturevalue("postgres_schema"))
    yield url
    cluster.drop_database(url.rsplit("/", 1)[1])


@pytest.fixture
def tmp_db(tmp_path: Path) -> Path:
    """Path of a fresh SQLite database file (not created yet)."""
    return tmp_path / "onward.db"


@pytest.fixture(scope="session")
def torture() -> list[tuple[str, bytes]]:
    """The hostile message corpus (includes the 25 MB and 1 MB-header messages)."""
    from tests.torture.generate import torture_messages

    return torture_messages()


@pytest.fixture(scope="session")
def torture_dir(tmp_path_factory, torture) -> Path:
    """The torture corpus written as ``<name>.eml`` files into a temp dir."""
    d = tmp_path_factory.mktemp("torture")
    for name, raw in torture:
        (d / f"{name}.eml").write_bytes(raw)
    return d
