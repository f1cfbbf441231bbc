"""The intake of a pass (agent/intake.py) and large-message fetching (Mailbox.fetch with text_parts):
worker processes must give exactly the records one process gives, survive a worker's death, and a
large message must be read as its header + text part wherever the attachment sits."""
from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sqlite3
import sys
from datetime import UTC, datetime
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from agent.intake import MIN_MESSAGES_FOR_WORKERS, worker_count  # noqa: E402
from agent.mail.imap import text_in_partial, text_part_of  # noqa: E402
from agent.mail.mime import with_text_part  # noqa: E402
from agent.mail.parse import parse_message  # noqa: E402
from tests.helpers import count_messages, job_mail, run_cli, write_config  # noqa: E402

NOW = datetime.now(UTC).replace(microsecond=0)
REJECTION_TEXT = ("Thank you for your interest in the Platform Engineer role at Zenith Labs. After careful "
                  "consideration we have decided to move forward with other candidates. We wish you all the best.")


def _attachment_first(mid: str, when: datetime, size: int = 400_000) -> bytes:
    """A rejection whose text part comes *after* a large attachment (some clients do this)."""
    m = MIMEMultipart("mixed")
    m["From"] = "Dana Whit <dana.whit@zenithlabs.example>"
    m["To"] = "me@example.org"
    m["Subject"] = "Your application to Zenith Labs"
    m["Date"] = when.strftime("%a, %d %b %Y %H:%M:%S +0000")
    m["Message-ID"] = mid
    m.attach(MIMEApplication(os.urandom(size), Name="brochure.pdf"))
    m.attach(MIMEText(REJECTION_TEXT, "plain", "utf-8"))
    return m.as_bytes()


def _text_first(mid: str, when: datetime, size: int = 400_000) -> bytes:
    """The usual layout: the text, then a large attachment."""
    m = MIMEMultipart("mixed")
    m["From"] = "Dana Whit <dana.whit@zenithlabs.example>"
    m["Subject"] = "Your application to Zenith Labs"
    m["Date"] = when.strftime("%a, %d %b %Y %H:%M:%S +0000")
    m["Message-ID"] = mid
    m.attach(MIMEText(REJECTION_TEXT, "plain", "utf-8"))
    m.attach(MIMEApplication(os.urandom(size), Name="brochure.pdf"))
    return m.as_bytes()


def _mailbox(account, n: int) -> None:
    """Job mail over 40 days, with an attachment-first rejection every 50 messages."""
    msgs = job_mail(n, NOW, days=40, companies=["Acme Robotics", "Globex", "Initech", "Hooli"], sender="Jo Roe",
                    other=lambda i, when: _attachment_first(f"<big-{i}@test>", when) if i % 50 == 5 else None)
    account.server.append(account.user, "INBOX", msgs)


def _one_process_state(tmp_path: Path, account) -> dict:
    """The end state of an uninterrupted one-process backfill of ``account`` (the reference)."""
    ref = tmp_path / "ref"
    ref.mkdir()
    done = run_cli(write_config(ref, account, extra="[classifier]\nworkers = -1\n"), "backfill",
                   "--now", NOW.isoformat(), password=account.password)
    assert done.returncode == 0, done.stderr
    return _state(ref / "onward.db")


def _state(db: Path) -> dict:
    con = sqlite3.connect(db)
    try:
        return {
            "messages": con.execute("select uid, message_id, status, label, subject from messages order by uid").fetchall(),
            "events": sorted(con.execute("select message_id, label, application_id from events").fetchall()),
            "followups": sorted(con.execute("select rejection_message_id, status, due_at, to_addr from followups").fetchall()),
            "applications": con.execute("select id, company, role, status from applications order by id").fetchall(),
        }
    finally:
        con.close()


# --- pure parts --------------------------------------------------------------------------------------
def test_worker_count_rules():
    assert worker_count(-1, 10**6) == 0
    assert worker_count(3, 5) == (3 if sys.platform.startswith("linux") else 0)
    assert worker_count(0, MIN_MESSAGES_FOR_WORKERS - 1) == 0
    auto = worker_count(0, 10**6)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    assert auto == (min(cpus - 1, 4) if sys.platform.startswith("linux") else 0)


TEXT = (b"text", b"plain", (b"charset", b"utf-8"), None, None, b"quoted-printable", 10, 1, None, None, None, None)
HTML = (b"text", b"html", (b"charset", b"iso-8859-1"), None, None, b"base64", 10, 1, None, None, None, None)
PDF = (b"application", b"pdf", None, None, None, b"base64", 99999, None, (b"attachment", (b"filename", b"a.pdf")),
       None, None)
ATTACHED_TEXT = (b"text", b"plain", None, None, None, b"7bit", 5, 1, None, (b"attachment", None), None, None)


def test_text_part_of_picks_what_a_reader_reads():
    assert text_part_of(TEXT) == ("1", "plain", "utf-8", "quoted-printable")  # a single-part message
    alternative = ([TEXT, HTML], b"alternative", None, None, None, None)
    assert text_part_of(([alternative, PDF], b"mixed", None, None, None, None)) == ("1.1", "plain", "utf-8",
                                                                                    "quoted-printable")
    assert text_part_of(([PDF, ATTACHED_TEXT, HTML], b"mixed", None, None, None, None)) == (
        "3", "html", "iso-8859-1", "base64")  # an attached .txt is not the body; HTML is the fallback
    assert text_part_of(([PDF], b"mixed", None, None, None, None)) is None
    assert text_part_of(None) is None and text_part_of(()) is None


def test_text_in_partial_reads_only_the_first_bytes():
    assert text_in_partial(b"Subject: x\r\n\r\nplain, no Content-Type")
    assert text_in_partial(b"Subject: x\r\nContent-Type: text/html\r\n\r\n<p>hi")
    assert text_in_partial(_text_first("<a@t>", NOW)[:65_536])
    assert not text_in_partial(_attachment_first("<b@t>", NOW)[:65_536])
    assert not text_in_partial(b"Subject: x\r\nContent-Type: application/pdf\r\n\r\n%PDF")
    assert not text_in_partial(b"Subject: x\r\nX-Content-Type: text/plain\r\nContent-Type: image/png\r\n\r\n")


def test_with_text_part_replaces_content_fields_and_cannot_be_injected():
    header = (b"From: a@example.org\r\nSubject: hi\r\nContent-Type: multipart/mixed;\r\n"
              b' boundary="xyz"\r\nMIME-Version: 1.0\r\nContent-Transfer-Encoding: 7bit\r\n\r\n')
    raw = with_text_part(header, b"Hello=20there", "plain", 'utf-8"\r\nBcc: evil@example.org', "quoted-printable")
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert b"boundary" not in head and b"multipart" not in head
    assert not any(line.lower().startswith(b"bcc") for line in head.split(b"\r\n"))
    assert head.count(b"Content-Type:") == 1 and b"MIME-Version: 1.0" in head
    parsed = parse_message(raw)
    assert parsed.subject == "hi" and parsed.text.strip() == "Hello there"


# --- against the real server ---------------------------------------------------------------------------
def test_large_message_is_read_as_header_and_text_part(tmp_path, imap_account):
    from agent.config import load_settings
    from agent.mail.imap import Mailbox

    imap_account.server.append(imap_account.user, "INBOX", [_attachment_first("<big-1@test>", NOW),
                                                            _text_first("<big-2@test>", NOW)])
    settings = load_settings(write_config(tmp_path, imap_account))
    with Mailbox(settings.imap, imap_account.password) as mb:
        mb.examine("INBOX")
        uids = mb.all_uids()
        [partial, _] = [m for b in mb.fetch(uids, limit=65_536) for m in b]
        [reduced, usual] = [m for b in mb.fetch(uids, limit=65_536, text_parts=262_144) for m in b]
    assert partial.truncated and reduced.truncated and reduced.size > 400_000
    assert len(reduced.raw) < 10_000  # header + the text part, not the attachment
    assert "move forward with other candidates" not in parse_message(partial.raw).text  # cut before the text
    email = parse_message(reduced.raw)
    assert "move forward with other candidates" in email.text
    assert email.message_id == "<big-1@test>" and email.from_.email == "dana.whit@zenithlabs.example"
    # text first (the usual layout): the partial read already has it, no second look
    assert len(usual.raw) == 65_536 and usual.truncated
    assert "move forward with other candidates" in parse_message(usual.raw).text


def test_workers_record_exactly_what_one_process_records(tmp_path, imap_account):
    _mailbox(imap_account, 150)
    states = {}
    for mode, workers in (("one", -1), ("workers", 2)):
        d = tmp_path / mode
        d.mkdir()
        cfg = write_config(d, imap_account, extra_imap="fetch_batch = 20",
                           extra=f"[classifier]\nworkers = {workers}\n")
        done = run_cli(cfg, "backfill", "--now", NOW.isoformat(), password=imap_account.password)
        assert done.returncode == 0, done.stderr
        assert ("2 worker processes" in done.stderr) == (workers == 2), done.stderr
        states[mode] = _state(d / "onward.db")
    assert states["one"] == states["workers"]
    assert len(states["one"]["messages"]) == 150
    big = [m for m in states["one"]["messages"] if m[1].startswith("<big-")]
    assert big and all(m[3] == "rejection" for m in big)  # their text was found behind the attachment


def test_a_worker_killed_mid_pass_loses_nothing(tmp_path, imap_account, caplog):
    from agent.cli.common import load_classifier
    from agent.config import load_settings
    from agent.pipeline import Agent
    from agent.record.store import Store

    _mailbox(imap_account, 200)
    reference = _one_process_state(tmp_path, imap_account)
    cfg = write_config(tmp_path, imap_account, extra_imap="fetch_batch = 20", extra="[classifier]\nworkers = 2\n")
    settings = load_settings(cfg)
    store = Store.open(settings.storage.database)
    killed: list[int] = []

    def progress(done_: int, total: int) -> None:
        if done_ >= 40 and not killed:
            victim = multiprocessing.active_children()[0]
            os.kill(victim.pid, signal.SIGKILL)
            killed.append(victim.pid)

    try:
        with caplog.at_level(logging.WARNING, logger="agent.intake"):
            report = Agent(settings, store, load_classifier(settings), password=imap_account.password,
                           on_progress=progress).backfill(["INBOX"], now=NOW)
    finally:
        store.close()
    assert killed, "no worker process was running"
    assert not report.interrupted and report.fetched == 200 and report.failed == 0
    assert "worker process died" in caplog.text
    assert _state(tmp_path / "onward.db") == reference
    assert not multiprocessing.active_children()


@pytest.mark.parametrize("workers", [2])
def test_stop_in_worker_mode_resumes_with_nothing_twice(tmp_path, imap_account, workers):
    from agent.cli.common import load_classifier
    from agent.config import load_settings
    from agent.pipeline import Agent
    from agent.record.store import Store
    from agent.report import StopFlag

    _mailbox(imap_account, 200)
    cfg = write_config(tmp_path, imap_account, extra_imap="fetch_batch = 20",
                       extra=f"[classifier]\nworkers = {workers}\n")
    settings = load_settings(cfg)
    store = Store.open(settings.storage.database)
    try:
        stop = StopFlag()

        def progress(done_: int, total: int) -> None:
            if done_ >= 60:
                stop.set()

        classifier = load_classifier(settings)
        first = Agent(settings, store, classifier, stop=stop, password=imap_account.password,
                      on_progress=progress).backfill(["INBOX"], now=NOW)
        assert first.interrupted and 60 <= first.fetched < 200
        assert not multiprocessing.active_children()  # workers are gone when the pass returns
        second = Agent(settings, store, classifier, password=imap_account.password).backfill(["INBOX"], now=NOW)
        assert second.fetched == 200 - first.fetched
    finally:
        store.close()
    uids = [m[0] for m in _state(tmp_path / "onward.db")["messages"]]
    assert uids == sorted(set(uids)) and len(uids) == 200


def test_sigkill_of_the_main_process_takes_the_workers_with_it(tmp_path, imap_account):
    """The backfill is killed outright while its workers run: no worker outlives it (PDEATHSIG), and
    running it again ends in exactly the state of an uninterrupted run."""
    import subprocess
    import time

    import psutil

    from tests.helpers import PASSWORD_ENV

    n = 1200
    _mailbox(imap_account, n)
    reference = _one_process_state(tmp_path, imap_account)
    cfg = write_config(tmp_path, imap_account, extra_imap="fetch_batch = 20", extra="[classifier]\nworkers = 2\n")
    db = tmp_path / "onward.db"
    env = {**os.environ, PASSWORD_ENV: imap_account.password}
    proc = subprocess.Popen([sys.executable, "-m", "agent.cli", "--config", str(cfg), "backfill", "--now",
                             NOW.isoformat()], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    main = psutil.Process(proc.pid)
    deadline = time.monotonic() + 60
    workers: list[psutil.Process] = []
    while time.monotonic() < deadline and proc.poll() is None:
        workers = main.children()
        if len(workers) == 2 and count_messages(db) >= 100:
            break
        time.sleep(0.01)
    assert len(workers) == 2 and proc.poll() is None, "the backfill ended before it could be killed"
    proc.kill()
    proc.wait(timeout=10)
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive, f"worker processes outlived the killed backfill: {alive}"
    assert 0 < count_messages(db) < n

    again = run_cli(cfg, "backfill", "--now", NOW.isoformat(), password=imap_account.password)
    assert again.returncode == 0, again.stderr
    assert _state(db) == reference



def test_imaplib_trace_is_off_unless_someone_listens(tmp_path, imap_account):
    """IMAPClient turns imaplib's trace on (debug 5), which formats every fetched body with %r; the
    mailbox turns it off unless the imapclient.imaplib logger would print DEBUG lines."""
    from agent.config import load_settings
    from agent.mail.imap import Mailbox

    settings = load_settings(write_config(tmp_path, imap_account))
    with Mailbox(settings.imap, imap_account.password) as mb:
        assert mb.c._imap.debug == 0
    trace = logging.getLogger("imapclient.imaplib")
    old = trace.level
    trace.setLevel(logging.DEBUG)
    try:
        with Mailbox(settings.imap, imap_account.password) as mb:
            assert mb.c._imap.debug == 5  # a user debugging IMAP still gets the full trace
    finally:
        trace.setLevel(old)


def test_server_that_allows_one_connection_gets_a_one_process_pass(tmp_path, dovecot_factory):
    """Some providers allow few IMAP connections per user: the workers' logins are refused, the pass
    falls back to this process and records everything, once."""
    from types import SimpleNamespace

    server = dovecot_factory(["solo"], max_connections=1)
    account = SimpleNamespace(host=server.host, port=server.port, ssl_port=server.ssl_port, user="solo",
                              password=server.password("solo"), cafile=server.cafile, server=server)
    _mailbox(account, 120)
    states = {}
    for mode, workers in (("one", -1), ("workers", 2)):
        d = tmp_path / mode
        d.mkdir()
        cfg = write_config(d, account, extra_imap="fetch_batch = 20", extra=f"[classifier]\nworkers = {workers}\n")
        done = run_cli(cfg, "backfill", "--now", NOW.isoformat(), password=account.password)
        assert done.returncode == 0, done.stderr
        assert ("a worker failed" in done.stderr) == (workers == 2), done.stderr
        states[mode] = _state(d / "onward.db")
    assert states["one"] == states["workers"] and len(states["one"]["messages"]) == 120


def test_a_refused_bodystructure_keeps_the_partial_read(tmp_path, imap_account):
    """A server that answers NO/BAD to BODYSTRUCTURE: the message keeps its partial read, nothing raises."""
    from imapclient.exceptions import IMAPClientError

    from agent.config import load_settings
    from agent.mail.imap import Mailbox

    imap_account.server.append(imap_account.user, "INBOX", [_attachment_first("<big-9@test>", NOW)])
    settings = load_settings(write_config(tmp_path, imap_account))
    with Mailbox(settings.imap, imap_account.password) as mb:
        mb.examine("INBOX")
        real_fetch = mb.c.fetch

        def no_structure(uids, items, *a, **k):
            if b"BODYSTRUCTURE" in items:
                raise IMAPClientError("FETCH command error: BAD [b'Unknown FETCH item']")
            return real_fetch(uids, items, *a, **k)

        mb.c.fetch = no_structure
        [msg] = [m for b in mb.fetch(mb.all_uids(), limit=65_536, text_parts=262_144) for m in b]
    assert msg.truncated and len(msg.raw) == 65_536
    assert parse_message(msg.raw).message_id == "<big-9@test>"
