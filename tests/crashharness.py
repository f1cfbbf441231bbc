"""Helpers for the reliability tests: a realistic mailbox, a config writer, state snapshots.

The *state* of an Onward installation, as the reliability tests compare it, is:

* the database (real SQLite file, read directly with sqlite3, read-only): applications, events,
  follow-ups, thread ids, folder state and the ``messages`` table (one row per (folder, uid));
* the Drafts folder on the real Dovecot: the Message-ID of every draft (a multiset: a draft saved
  twice shows up twice);
* the INBOX flags (Onward must never change them).
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from agent.demo import samples
from agent.demo.dovecot_setup import onward_config
from tests import followup_samples as fs

PASSWORD_ENV = "ONWARD_TEST_PASSWORD"
FROM_ADDRESS = "alex@example.org"
ROOT = Path(__file__).resolve().parent.parent

# A fixed clock for the passes (the hour of the test run, so that SEARCH SINCE on INTERNALDATE agrees)
T0 = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
T_DRAFTS = T0 + timedelta(days=30)  # every follow-up scheduled at T0 is due by then

COMPANIES = [
    # company, role, recruiter, recruiter address, ATS domain
    ("Acme Robotics", "Backend Engineer", "Jane Miller", "jane.miller@acmerobotics.com", "greenhouse.io"),
    ("Globex", "Data Analyst", "Tom Baker", "tom.baker@globex.com", "hire.lever.co"),
    ("Initech", "Platform Engineer", "Sara Nilsen", "sara.nilsen@initech.io", "myworkday.com"),
    ("Umbrella Labs", "QA Engineer", "Omar Haddad", "omar@umbrella-labs.com", "ashbyhq.com"),
    ("Hooli", "SRE", "Sam Lee", "sam.lee@hooli.com", "greenhouse.io"),
    ("Stark Industries", "Firmware Engineer", "Pepper Potts", "pepper@stark.example", "smartrecruiters.com"),
    ("Wayne Enterprises", "Security Analyst", "Lucius Fox", "lucius.fox@wayne.example", "hire.lever.co"),
    ("Soylent Corp", "Product Manager", "Ana Souza", "ana.souza@soylent.example", "greenhouse.io"),
    ("Cyberdyne", "ML Engineer", "Miles Dyson", "miles.dyson@cyberdyne.example", "myworkday.com"),
    ("Tyrell", "Frontend Developer", "Rachael Rosen", "rachael@tyrell.example", "ashbyhq.com"),
    ("Vandelay Industries", "Sales Engineer", "Art Vandelay", "art@vandelay.example", "greenhouse.io"),
    ("Oscorp", "DevOps Engineer", "Liz Allan", "liz.allan@oscorp.example", "hire.lever.co"),
]


def realistic_mailbox(now: datetime = T0, tag: str = "m") -> list[bytes]:
    """42 messages: acknowledgements (no-reply ATS), interviews (humans), rejections from
    humans (threaded) and from no-reply ATS, one rejection too old for a follow-up, the company
    writing again after a rejection (cancels that follow-up), and newsletters - in date order."""
    mails: list[tuple[datetime, bytes]] = []

    def add(when: datetime, raw: bytes) -> None:
        mails.append((when, raw))

    for i, (company, role, rec, addr, ats) in enumerate(COMPANIES):
        ack_at = now - timedelta(days=28 - i, hours=i)
        add(ack_at, samples.ack(company, role, ack_at, f"<ack-{i}.{tag}@test>", vendor=ats))
        kind = i % 4
        if kind in (0, 1):  # interview, then a rejection from the interviewer in the thread
            int_at = now - timedelta(days=14 - i // 2, hours=3)
            add(int_at, samples.interview(company, role, rec, addr, int_at, f"<int-{i}.{tag}@test>"))
            rej_at = now - timedelta(days=2 + i // 3, hours=i)
            add(rej_at, samples.rejection(company, role, f"{rec} <{addr}>", rej_at, f"<rej-{i}.{tag}@test>",
                                          in_reply_to=f"<int-{i}.{tag}@test>",
                                          references=[f"<int-{i}.{tag}@test>"]))
            if i == 4:  # the company writes again in the thread after the rejection
                again = rej_at + timedelta(hours=20)
                add(again, samples.build_email(
                    from_=f"{rec} <{addr}>", to=samples.USER, subject=f"Re: Interview invitation: {role}",
                    date=again, message_id=f"<again-{i}.{tag}@test>", in_reply_to=f"<rej-{i}.{tag}@test>",
                    references=[f"<int-{i}.{tag}@test>", f"<rej-{i}.{tag}@test>"],
                    body="Hi Alex, one more thing: another team would like to talk to you. "
                         "Are you free on Thursday for a call?"))
        elif kind == 2:  # a no-reply ATS rejection
            rej_at = now - timedelta(days=3 + i // 4, hours=2 * i)
            add(rej_at, samples.rejection(company, role, f"{company} Careers <no-reply@{ats}>", rej_at,
                                          f"<rej-{i}.{tag}@test>"))
        else:  # an interview still open
            int_at = now - timedelta(days=5, hours=i)
            add(int_at, samples.interview(company, role, rec, addr, int_at, f"<int-{i}.{tag}@test>"))
    # issue 11: an invitation with a calendar part (interview thank-you) and an acknowledgement with no
    # news since (a check-in), so the new kinds of follow-up go through the same kill points
    inv_at = now - timedelta(days=6)
    add(inv_at, fs.invitation("Dunder Mifflin", "Sales Lead", "Jan Levinson", "jan@dundermifflin.example", inv_at,
                              f"<inv-cal.{tag}@test>", start=now + timedelta(days=1)))
    ack_at = now - timedelta(days=8)
    add(ack_at, fs.role_ack("Pied Piper", "Compression Engineer", ack_at, f"<ack-pp.{tag}@test>"))
    old = now - timedelta(days=45)
    add(old, samples.rejection("Massive Dynamic", "Analyst", "Nina Sharp <nina@massive.example>", old,
                               f"<rej-old.{tag}@test>"))
    for k in range(8):  # 8, not 10, since issue 11 added two job emails: 42 messages, 6 batches of 7
        when = now - timedelta(days=k * 2 + 1, hours=5)
        add(when, samples.newsletter(when, f"<news-{k}.{tag}@test>"))
    mails.sort(key=lambda t: t[0])
    return [raw for _, raw in mails]


_MODEL: list[Path] = []


def test_model() -> Path:
    """The model file the reliability tests run with: a private copy of the shipped model when it
    loads, else a model trained once from the shipped corpus - in a temp dir either way, so that
    models/ being regenerated while the tests run cannot change predictions between two runs."""
    if _MODEL:
        return _MODEL[0]
    import shutil
    import tempfile

    from agent.model.classifier import Classifier, ModelLoadError, shipped_model_path
    out = Path(tempfile.mkdtemp(prefix="onward-rel-model-")) / "onward-classifier.skops"
    src = shipped_model_path()
    try:
        shutil.copy(src, out)
        for sidecar in (".json", ".npz"):  # its metadata and its sentence scorer
            if src.with_suffix(sidecar).exists():
                shutil.copy(src.with_suffix(sidecar), out.with_suffix(sidecar))
        Classifier.load(out)
    except (ModelLoadError, OSError):
        from agent.model import training
        training.save_model(training.train(training.load_examples([ROOT / "data" / "corpus"])), out)
    _MODEL.append(out)
    return out


test_model.__test__ = False  # not a pytest test


def write_config(tmp_path: Path, account: Any, *, db: Path | str | None = None, name: str = "onward.toml",
                 imap_extra: str = "", followup_extra: str = "", extra: str = "", tls: str = "implicit",
                 fetch_batch: int = 7, idle: bool = False, timeout: float = 20,
                 host: str = "127.0.0.1", port: int | None = None, user: str | None = None) -> Path:
    db = db or (tmp_path / "onward.db")
    model = test_model()
    if "[classifier]" not in extra:
        extra = f'[classifier]\nmodel = "{model}"\n' + extra
    port = port or (account.ssl_port if tls == "implicit" else account.port)
    cfg = tmp_path / name
    cfg.write_text(onward_config(
        port=port, tls=tls, host=host, user=user or account.user, cafile=account.cafile, database=db,
        password_env=PASSWORD_ENV, imap={"idle": idle, "fetch_batch": fetch_batch, "timeout": timeout},
        followup={"from_address": FROM_ADDRESS}, imap_lines=imap_extra, followup_lines=followup_extra,
        extra=extra), encoding="utf-8")
    cfg.chmod(0o600)
    return cfg


def cli_env(password: str | None, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "ONWARD_CRASH_AT"}
    if password is not None:
        env[PASSWORD_ENV] = password
    env.update(extra or {})
    return env


def run_cli(cfg: Path | None, *args: str, password: str | None = None, timeout: float = 120,
            env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "agent.cli"] + (["--config", str(cfg)] if cfg is not None else [])
    return subprocess.run([*cmd, *args], capture_output=True, text=True, timeout=timeout,
                          env=cli_env(password, env_extra), cwd=ROOT)


def popen_cli(cfg: Path, *args: str, password: str | None, log: Path,
              env_extra: dict[str, str] | None = None) -> subprocess.Popen:
    fh = open(log, "ab")  # noqa: SIM115 - closed by the child's exit; the parent drops its copy
    try:
        return subprocess.Popen([sys.executable, "-m", "agent.cli", "--config", str(cfg), *args],
                                stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env=cli_env(password, env_extra), cwd=ROOT)
    finally:
        fh.close()


# -- state -----------------------------------------------------------------------------------------

TIME_COLUMNS = {"processed_at", "created_at", "updated_at", "drafted_at", "recorded_at"}


_DRAFT_ID = re.compile(r"<onward-followup-(\d+)-[0-9a-f]+@")


def stable_id(value: Any) -> Any:
    """A draft's Message-ID without the database's random install hash (two databases compared)."""
    return _DRAFT_ID.sub(r"<onward-followup-\1@", value) if isinstance(value, str) else value


def db_rows(db: Path | str, table: str, *, drop: set[str] = frozenset(), order: str = "id") -> list[dict]:
    """The rows of ``table`` in the SQLite file ``db`` (read-only), or in the database the URL ``db`` names."""
    if isinstance(db, str) and not db.startswith("sqlite:"):
        rows = _server_rows(db, table, order)
    else:
        rows = _sqlite_rows(Path(str(db).removeprefix("sqlite:///")), table, order)
    return [{k: stable_id(v) if k == "draft_message_id" else v for k, v in r.items() if k not in drop and k != "account"}
            for r in rows]


def _sqlite_rows(db: Path, table: str, order: str) -> list[dict]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        con.row_factory = sqlite3.Row
        try:
            return [dict(r) for r in con.execute(f"SELECT * FROM {table} ORDER BY {order}")]  # noqa: S608
        except sqlite3.OperationalError as exc:
            if "no such table" not in str(exc):  # the daemon has not created the schema yet
                raise
            return []
    finally:
        con.close()


def _server_rows(url: str, table: str, order: str) -> list[dict]:
    from sqlalchemy import create_engine, inspect, text  # lazy: most reliability tests read SQLite only

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table(table):  # the daemon has not created the schema yet
                return []
            return [dict(r._mapping) for r in conn.execute(text(f"SELECT * FROM {table} ORDER BY {order}"))]  # noqa: S608
    finally:
        engine.dispose()


def db_state(db: Path | str, *, drop_times: bool = False) -> dict[str, Any]:
    drop = set(TIME_COLUMNS) if drop_times else set()
    return {
        "applications": db_rows(db, "applications", drop=drop),
        "events": db_rows(db, "events", drop=drop),
        "followups": db_rows(db, "followups", drop=drop),
        "thread_ids": db_rows(db, "thread_ids", order="message_id"),
        # uidvalidity differs between two users seeded alike; uid does not
        "messages": db_rows(db, "messages", drop=drop | {"id", "uidvalidity"}, order="folder, uidvalidity, uid"),
    }


def messages_per_uid(db: Path | str) -> Counter:
    return Counter((r["folder"], r["uidvalidity"], r["uid"]) for r in db_rows(db, "messages"))


def message_ids(server: Any, user: str, folder: str) -> Counter:
    """Multiset of the Message-IDs in ``folder`` (empty if the folder does not exist)."""
    c = server.client(user, ssl=False)
    try:
        if not c.folder_exists(folder):
            return Counter()
        c.select_folder(folder, readonly=True)
        uids = c.search(["ALL"])
        if not uids:
            return Counter()
        data = c.fetch(uids, [b"BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"])
        out: Counter = Counter()
        for item in data.values():
            raw = next(v for k, v in item.items() if k.startswith(b"BODY"))
            out[raw.decode().partition(":")[2].strip()] += 1
        return out
    finally:
        c.logout()


def folder_flags(server: Any, user: str, folder: str = "INBOX") -> dict[int, tuple]:
    c = server.client(user, ssl=False)
    try:
        c.select_folder(folder, readonly=True)
        uids = c.search(["ALL"])
        return {u: tuple(sorted(f)) for u, f in c.get_flags(uids).items()} if uids else {}
    finally:
        c.logout()


def expunge_folder(server: Any, user: str, folder: str) -> None:
    server.doveadm("expunge", "-u", user, "mailbox", folder, "all")


def full_state(db: Path | str, server: Any, user: str, *, drop_times: bool = False) -> dict[str, Any]:
    state = db_state(db, drop_times=drop_times)
    state["drafts"] = dict(sorted((stable_id(k), v) for k, v in message_ids(server, user, "Drafts").items()))
    state["inbox_flags"] = sorted(folder_flags(server, user).values())
    return state


def diff(a: dict, b: dict) -> str:
    """A short description of how two states differ (for assertion messages)."""
    out = []
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            va, vb = a.get(key), b.get(key)
            if isinstance(va, list) and isinstance(vb, list):
                only_a = [json.dumps(x, default=str) for x in va if x not in vb][:3]
                only_b = [json.dumps(x, default=str) for x in vb if x not in va][:3]
                out.append(f"{key}: {len(va)} vs {len(vb)} rows; only left {only_a}; only right {only_b}")
            else:
                out.append(f"{key}: {va!r} != {vb!r}")
    return "\n".join(out)


def wait_for(predicate: Any, timeout: float, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())


def sigkill(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(10)


# -- in-process (for faults that need no SIGKILL: one model load for the whole module) ---------------

_CLASSIFIER: list[Any] = []


def classifier() -> Any:
    if not _CLASSIFIER:
        from agent.model.classifier import Classifier
        _CLASSIFIER.append(Classifier.load(test_model()))
    return _CLASSIFIER[0]


def make_agent(cfg: Path, password: str) -> Any:
    """An ``agent.pipeline.Agent`` as ``onward run`` builds it (real settings, store and model)."""
    from agent.config import load_settings
    from agent.pipeline import Agent
    from agent.record.store import Store
    settings = load_settings(cfg)
    return Agent(settings, Store.open(settings.storage.database), classifier(), password=password)


class Account:
    """host/ports/user/password/cafile of one user on a DovecotServer (like conftest.ImapAccount)."""

    def __init__(self, server: Any, user: str) -> None:
        self.server, self.user, self.password = server, user, server.password(user)
        self.host, self.port, self.ssl_port, self.cafile = server.host, server.port, server.ssl_port, server.cafile


def take_user(dovecot: Any) -> str:
    user = next(dovecot._pool, None)
    if user is None:
        raise RuntimeError("imap_user pool exhausted")
    return user
