"""``onward report`` / ``reflect`` / ``digest`` / ``outcomes`` through the real CLI (subprocess) over a
database recorded by real passes (in-memory mailbox, real model), and the HTML page loaded in a real
headless Chromium (Debian's ``chromium``): it loads with no network request, no console error, and
its screenshot is not blank. A control page with a remote image and a script error shows that each
of these checks can fail."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import threading
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from agent.config import parse_settings
from agent.demo import samples
from agent.mail.memory import MemoryMailbox
from agent.mail.parse import parse_message
from agent.model.classifier import Classifier
from agent.pipeline import Agent
from agent.record.store import Store
from tests.helpers import run_cli

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday
USER = "alex@example.org"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def recorded_db(tmp_path_factory) -> tuple[Path, Path]:
    """A database recorded by real passes: Acme interview → rejection, Globex ack → rejection, Initech ack
    → interview, Hooli ack (open); and the config file that points at it."""
    tmp = tmp_path_factory.mktemp("report")
    db = tmp / "onward.db"
    box = MemoryMailbox()
    settings = parse_settings({
        "imap": {"host": "imap.example.org", "username": USER, "folders": ["INBOX"], "initial_lookback_days": 90},
        "followup": {"your_name": "Alex Doe", "from_address": USER, "timezone": "UTC"},
        "classifier": {"workers": -1}, "storage": {"database": f"sqlite:///{db}"}})
    mails = [
        samples.ack("Acme Robotics", "Backend Engineer", NOW - timedelta(days=30), "<a1@acme.example>"),
        samples.interview("Acme Robotics", "Backend Engineer", "Jane Miller", "jane@acmerobotics.com",
                          NOW - timedelta(days=20), "<i1@acme.example>"),
        samples.rejection("Acme Robotics", "Backend Engineer", "Jane Miller <jane@acmerobotics.com>",
                          NOW - timedelta(days=10), "<r1@acme.example>", in_reply_to="<i1@acme.example>",
                          references=["<i1@acme.example>"]),
        samples.ack("Globex", "Data Analyst", NOW - timedelta(days=28), "<a2@globex.example>", vendor="hire.lever.co"),
        samples.rejection("Globex", "Data Analyst", "Globex Careers <no-reply@hire.lever.co>",
                          NOW - timedelta(days=14), "<r2@globex.example>"),
        samples.ack("Initech", "Platform Engineer", NOW - timedelta(days=12), "<a3@initech.example>",
                    vendor="myworkday.com"),
        samples.interview("Initech", "Platform Engineer", "Sara Nilsen", "sara.nilsen@initech.io",
                          NOW - timedelta(days=5), "<i3@initech.example>"),
        samples.ack("Hooli", "SRE", NOW - timedelta(days=3), "<a4@hooli.example>"),
    ]
    for raw in mails:
        box.deliver("INBOX", raw, parse_message(raw).date)
    store = Store.open(settings.storage.database)
    Agent(settings, store, Classifier.load(), password="unused", client=lambda: box).run_pass(NOW)
    store.close()
    cfg = tmp / "onward.toml"
    cfg.write_text(f'[storage]\ndatabase = "sqlite:///{db}"\n', encoding="utf-8")
    cfg.chmod(0o600)
    return db, cfg


def _json(cfg: Path, *args: str):
    done = run_cli(cfg, *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _app_id(cfg: Path, company: str) -> int:
    return next(o["application_id"] for o in _json(cfg, "outcomes", "--json") if o["company"] == company)


def test_report_json_and_sankey_from_recorded_passes(recorded_db):
    _db, cfg = recorded_db
    data = _json(cfg, "report", "--json")
    assert data["applications"] == 4
    assert data["funnel"] == {"acknowledged": 4, "assessment": 0, "interview": 2, "offer": 0, "rejected": 2,
                              "no_response": 0, "open": 2, "holding_offer": 0, "withdrawn": 0}
    assert data["rejected_after_interview"] == 1 and data["response_rate"] == 0.75
    assert data["median_days_to_first_response"] == 10.0  # Acme 10, Globex 14, Initech 7
    assert data["median_days_to_rejection"] == 17.0  # Acme 20, Globex 14
    assert sum(w["applications"] for w in data["weeks"]) == 4
    assert {(e["from"], e["to"]): e["count"] for e in data["sankey"]} == {
        ("Applied", "Interview"): 2, ("Applied", "Rejected"): 1, ("Applied", "Waiting"): 1,
        ("Interview", "Rejected"): 1, ("Interview", "Waiting"): 1}
    done = run_cli(cfg, "report", "--sankey")
    assert done.returncode == 0 and "Applied [2] Interview\n" in done.stdout and "Interview [1] Rejected\n" in done.stdout
    since = _json(cfg, "report", "--json", "--since", (NOW - timedelta(days=13)).date().isoformat())
    assert since["applications"] == 2  # Initech and Hooli started in the last 13 days
    text = run_cli(cfg, "report")
    assert text.returncode == 0 and "Response rate       75 %" in text.stdout and "█" in text.stdout


def test_bad_flags_are_one_clear_line_and_exit_2(recorded_db):
    _db, cfg = recorded_db
    for args, words in ((["report", "--since", "last week"], "--since"), (["reflect", "999", "--note", "x"],
                        "no application 999"), (["reflect", "1", "--note", "  "], "the note is empty")):
        done = run_cli(cfg, *args)
        assert done.returncode == 2 and words in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_reflect_with_note_and_with_editor_counts_in_outcomes(recorded_db, tmp_path):
    _db, cfg = recorded_db
    acme = _app_id(cfg, "Acme Robotics")
    before = next(o["notes"] for o in _json(cfg, "outcomes", "--json") if o["application_id"] == acme)
    saved = _json(cfg, "reflect", str(acme), "--note", "The system design round went well; practise SQL.", "--json")
    assert saved["application_id"] == acme and saved["text"].startswith("The system design")
    editor = tmp_path / "editor.py"
    editor.write_text("import os, stat, sys\n"
                      "mode = stat.S_IMODE(os.stat(sys.argv[1]).st_mode)\n"
                      "assert mode == 0o600, oct(mode)\n"
                      "open(sys.argv[1], 'a').write('Next time: ask about the team earlier.\\n')\n")
    done = run_cli(cfg, "reflect", str(acme), env_extra={"EDITOR": f"{sys.executable} {editor}", "VISUAL": ""})
    assert done.returncode == 0, done.stderr
    counts = {o["application_id"]: o["notes"] for o in _json(cfg, "outcomes", "--json")}
    assert counts[acme] == before + 2 and counts[_app_id(cfg, "Hooli")] == 0
    no_editor = run_cli(cfg, "reflect", str(acme), env_extra={"EDITOR": "", "VISUAL": ""})
    assert no_editor.returncode == 2 and "$EDITOR" in no_editor.stderr


def test_digest_preview_and_json(recorded_db):
    _db, cfg = recorded_db
    done = run_cli(cfg, "digest", "--preview")
    assert done.returncode == 0 and done.stdout.startswith("Subject: Onward weekly digest") and "Keep going" in done.stdout
    assert _json(cfg, "digest", "--json") == []


# -- the HTML page in Chromium ----------------------------------------------------------------------


class CountingProxy:
    """A local HTTP proxy that only records request lines: every request Chromium makes goes through it.

    A connection that is opened and closed without a byte (Chromium preconnects to its proxy) asks for
    nothing, so it is not a request; each connection is read in its own thread, so a held-open preconnect
    never delays the next one."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.requests: list[str] = []
        self._readers: list[threading.Thread] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            reader = threading.Thread(target=self._read, args=(conn,), daemon=True)
            self._readers.append(reader)
            reader.start()

    def _read(self, conn: socket.socket) -> None:
        conn.settimeout(30)
        try:
            first = conn.recv(4096)
        except OSError:
            first = b""
        finally:
            conn.close()
        if first:
            self.requests.append(first.split(b"\r\n", 1)[0].decode("latin-1"))

    def close(self) -> None:
        """Stop accepting; wait for the connections already open (Chromium has exited, so they end)."""
        self.sock.close()
        for reader in list(self._readers):
            reader.join(timeout=35)


def png_pixels(path: Path) -> np.ndarray:
    """The pixels of an 8-bit RGB(A) PNG (what Chromium writes), decoded with zlib and numpy."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    height = channels = 0
    while pos < len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height = int.from_bytes(body[:4], "big"), int.from_bytes(body[4:8], "big")
            assert body[8] == 8
            channels = {2: 3, 6: 4}[body[9]]
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = np.frombuffer(zlib.decompress(idat), dtype=np.uint8).reshape(height, 1 + width * channels)
    out = np.zeros((height, width * channels), dtype=np.int32)
    prev = np.zeros(width * channels, dtype=np.int32)
    for y in range(height):
        f, line = raw[y, 0], raw[y, 1:].astype(np.int32)
        cur = np.zeros_like(line)
        for x in range(len(line)):
            a = cur[x - channels] if x >= channels else 0
            b = prev[x]
            c = prev[x - channels] if x >= channels else 0
            pred = {0: 0, 1: a, 2: b, 3: (a + b) // 2}.get(int(f))
            if pred is None:  # Paeth
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
            cur[x] = (line[x] + pred) & 0xFF
        out[y], prev = cur, cur
    return out.reshape(height, width, channels)


# Chromium's own background requests (network time, component updater, sign-in check) that its flags do
# not all switch off: not the page's. The page names no host at all (tests/unit/test_insights.py).
CHROMIUM_OWN = ("google.com", "googleapis.com", "gvt1.com", "gstatic.com")


def _chromium_own(request_line: str) -> bool:
    m = re.match(r"(?:CONNECT ([^: ]+)|\w+ https?://([^/: ]+))", request_line)
    host = (m.group(1) or m.group(2)) if m else ""
    return any(host == d or host.endswith("." + d) for d in CHROMIUM_OWN)


def load_in_chromium(page: Path, tmp_path: Path) -> tuple[list[str], list[str], np.ndarray]:
    """Load ``page`` headless: (the requests made through the network, console errors, screenshot pixels)."""
    assert CHROMIUM is not None
    proxy = CountingProxy()
    shot = tmp_path / f"{page.stem}.png"
    try:
        done = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--no-first-run", f"--user-data-dir={tmp_path / ('profile-' + page.stem)}",
             f"--proxy-server=http://127.0.0.1:{proxy.port}", "--proxy-bypass-list=<-loopback>",
             "--enable-logging=stderr", "--v=0", "--window-size=900,1400", "--virtual-time-budget=3000",
             f"--screenshot={shot}", page.as_uri()],
            capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": str(tmp_path)})
    finally:
        proxy.close()
    assert shot.exists(), done.stderr[-2000:]
    page_requests = [r for r in proxy.requests if not _chromium_own(r)]
    errors = [line for line in done.stderr.splitlines() if "CONSOLE" in line and ("Error" in line or "error" in line)]
    return page_requests, errors, png_pixels(shot)


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)")
def test_html_page_loads_offline_without_errors_and_is_not_blank(recorded_db, tmp_path):
    _db, cfg = recorded_db
    page = tmp_path / "report.html"
    done = run_cli(cfg, "report", "--html", str(page))
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(page.stat().st_mode) == 0o600
    html = page.read_text(encoding="utf-8")
    assert html.count("<svg") == 5 and "Applied → Interview: 2" in html
    requests, errors, pixels = load_in_chromium(page, tmp_path)
    assert requests == [] and errors == []
    rgb = pixels[..., :3]
    not_white = (rgb < 240).any(axis=2).mean()
    colours = len({tuple(p) for p in rgb.reshape(-1, 3)[::7]})
    assert not_white > 0.02 and colours > 8, (not_white, colours)
    # the control: a remote image and a script error are seen, and a blank page is blank
    bad = tmp_path / "control.html"
    bad.write_text('<html><body><img src="http://example.invalid/x.png"><script>nope()</script></body></html>')
    requests, errors, pixels = load_in_chromium(bad, tmp_path)
    assert any("example.invalid" in r for r in requests) and errors
    assert (pixels[..., :3] < 240).any(axis=2).mean() < 0.001


def test_notes_are_exported_and_move_with_a_merge(recorded_db, tmp_path):
    import csv
    db, _cfg = recorded_db
    work = tmp_path / "copy.db"
    shutil.copy(db, work)  # this test merges: on a copy, so the other tests keep their four applications
    cfg = tmp_path / "onward.toml"
    cfg.write_text(f'[storage]\ndatabase = "sqlite:///{work}"\n', encoding="utf-8")
    cfg.chmod(0o600)
    hooli, initech = _app_id(cfg, "Hooli"), _app_id(cfg, "Initech")
    assert run_cli(cfg, "reflect", str(hooli), "--note", "Ask about on-call.").returncode == 0
    out = tmp_path / "apps.csv"
    assert run_cli(cfg, "export", "--csv", str(out)).returncode == 0
    with out.open(newline="", encoding="utf-8") as fh:
        rows = {int(r["application_id"]): r for r in csv.DictReader(fh)}
    assert rows[hooli]["notes"].endswith(": Ask about on-call.") and rows[initech]["notes"] == ""
    assert run_cli(cfg, "merge", str(initech), str(hooli)).returncode == 0
    counts = {o["application_id"]: o["notes"] for o in _json(cfg, "outcomes", "--json")}
    assert counts[initech] == 1 and hooli not in counts
