"""A throwaway PostgreSQL cluster on loopback for the tests, from Debian's ``postgresql`` package.

:class:`PostgresCluster` runs ``initdb`` into a temp dir of its own and starts the server on 127.0.0.1 on a
free port (its Unix socket in that dir too), trust authentication for the superuser ``onward`` - a
server for loopback tests only.  PostgreSQL refuses to run as root: as root every server command runs
as the ``postgres`` user the package creates (``runuser -u postgres``), in directories that user owns;
as a plain user, as that user.  Durability is off (``fsync``, ``synchronous_commit``,
``full_page_writes``): the tests kill clients, never the server, and the cluster is deleted afterwards.

One cluster per test session (``initdb`` about 2 s, start about 1 s), in /dev/shm when it exists; each test
gets a database of its own, cheaply, by ``CREATE DATABASE ... TEMPLATE`` (:meth:`PostgresCluster.create_database`),
dropped after the test.  The server
binaries are found in ``$ONWARD_PG_BIN``, else the newest ``/usr/lib/postgresql/*/bin``, else by
``pg_config --bindir``; the admin statements go through psycopg 3 (the ``postgresql`` extra).

Usage outside pytest::

    with PostgresCluster() as pg:
        url = pg.create_database()          # postgresql+psycopg://onward@127.0.0.1:PORT/t1
"""

from __future__ import annotations

import importlib.util
import itertools
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from agent.demo.dovecot_setup import default_parent_dir

BIN_ENV = "ONWARD_PG_BIN"
SUPERUSER = "onward"
HOST = "127.0.0.1"
START_TIMEOUT = 30  # pg_ctl -t
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class PostgresNotAvailable(RuntimeError):
    """No PostgreSQL server binaries (apt-get install postgresql) or no psycopg (pip install psycopg[binary])."""


def server_bin_dir() -> Path | None:
    """Where ``initdb``, ``pg_ctl`` and ``postgres`` are, or None."""
    candidates: list[Path] = []
    if os.environ.get(BIN_ENV):
        candidates.append(Path(os.environ[BIN_ENV]))
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"),
                         key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0, reverse=True)
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True)
            candidates.append(Path(out.stdout.strip()))
        except (OSError, subprocess.SubprocessError):
            pass
    for c in candidates:
        if (c / "initdb").exists() and (c / "pg_ctl").exists():
            return c
    return None


def unavailable_reason() -> str | None:
    """Why no cluster can be started here, or None when one can."""
    if server_bin_dir() is None:
        return ("the PostgreSQL server is not installed (needs initdb and pg_ctl); "
                f"install with: apt-get install postgresql (or set {BIN_ENV} to its bin directory)")
    if importlib.util.find_spec("psycopg") is None:
        return "psycopg 3 is not installed; install with: pip install -e '.[postgresql]'"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no postgres user to run the server as (PostgreSQL refuses root)"
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


class PostgresCluster:
    """One PostgreSQL server in a temp dir: ``start()``, ``create_database()``, ``url(name)``, ``stop()``."""

    def __init__(self, *, keep: bool = False) -> None:
        reason = unavailable_reason()
        if reason:
            raise PostgresNotAvailable(reason)
        self.bin = server_bin_dir() or Path()
        self.keep = keep
        self.host = HOST
        self.port = 0
        # on tmpfs when there is one (as the Dovecot of the tests): a database is ~8 MB of files, written at
        # each CREATE DATABASE and deleted with the cluster; on a disk that costs seconds under load
        self.root = Path(tempfile.mkdtemp(prefix="onward-pg-", dir=default_parent_dir()))
        self.root.chmod(0o755)  # initdb fails when the data dir's parent is not traversable by its user
        self.data = self.root / "pg"
        self.sock = self.root / "sock"
        self.log = self.data / "log"  # pg_ctl needs a log file in a dir the server's user can write
        self._run_as = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
        self._names = itertools.count(1)
        self.running = False
        self.version = 0  # server_version_num, once started

    # -- life cycle -------------------------------------------------------------------------------------

    def start(self) -> PostgresCluster:
        for d in (self.data, self.sock):
            d.mkdir()
            if self._run_as is not None:
                os.chown(d, self._run_as.pw_uid, self._run_as.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
                  "--locale=C", "--no-sync")
        options = " ".join([
            f"-k {self.sock}", f"-c listen_addresses={HOST}", "-c fsync=off", "-c synchronous_commit=off",
            "-c full_page_writes=off", "-c max_connections=300", "-c shared_buffers=32MB",
        ])
        for _attempt in range(3):  # a port taken between free_port() and the bind: another one
            self.port = free_port()
            try:
                self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", str(START_TIMEOUT),
                          "-o", f"-p {self.port} {options}", "start")
                self.running = True
                self.version = int(str(self.execute("SHOW server_version_num")[0][0]))
                return self
            except RuntimeError:
                if "could not bind" not in self.log_text()[-2000:]:
                    raise
        raise RuntimeError(f"PostgreSQL did not start:\n{self.log_text()[-3000:]}")

    def stop(self) -> None:
        if self.running:
            self.running = False
            try:
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
            except RuntimeError:
                pass
        if not self.keep:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PostgresCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- databases --------------------------------------------------------------------------------------

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL (psycopg 3) of ``database`` on this cluster."""
        return f"postgresql+psycopg://{SUPERUSER}@{self.host}:{self.port}/{database}"

    def dsn(self, database: str = "postgres") -> str:
        """The same for psycopg itself."""
        return f"host={self.host} port={self.port} user={SUPERUSER} dbname={database}"

    def execute(self, sql: str, database: str = "postgres") -> list[tuple[object, ...]]:
        """Run one statement outside a transaction (CREATE/DROP DATABASE need that); its rows, if any."""
        import psycopg  # lazy: the module is importable (and reports unavailability) without psycopg

        with psycopg.connect(self.dsn(database), autocommit=True, connect_timeout=10) as conn:
            cur = conn.execute(sql.encode())
            return list(cur.fetchall()) if cur.description else []

    def create_database(self, name: str | None = None, *, template: str = "template0") -> str:
        """A new empty database (a copy of ``template``: any database nobody is connected to); its URL."""
        name = name or f"t{next(self._names)}"
        for n in (name, template):
            if not _NAME.match(n):
                raise ValueError(f"not a plain database name: {n!r}")
        # FILE_COPY (PostgreSQL 15+) copies the files at once: about 60 ms, twice as fast as WAL_LOG here
        strategy = " STRATEGY FILE_COPY" if self.version >= 150000 else ""
        self.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"{strategy}')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        if not _NAME.match(name):
            raise ValueError(f"not a plain database name: {name!r}")
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def log_text(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    # -- running the server's commands ------------------------------------------------------------------

    def _run(self, tool: str, *args: str) -> None:
        cmd = [str(self.bin / tool), *args]
        if self._run_as is not None:
            cmd = ["runuser", "-u", self._run_as.pw_name, "--", *cmd]
        proc = subprocess.run(cmd, cwd=self.root, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=START_TIMEOUT + 30)
        if proc.returncode != 0:
            raise RuntimeError(f"{tool} failed ({proc.returncode}): {(proc.stderr or proc.stdout).strip()[-2000:]}"
                               f"\n{self.log_text()[-2000:]}")
