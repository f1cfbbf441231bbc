"""``onward demo``: the whole story against a throwaway local Dovecot, no mailbox needed.

It starts the same private Dovecot the test suite uses (needs the Debian package ``dovecot-imapd``),
seeds a few sample emails, runs a real pass (rejection detected, outcome recorded, follow-up
queued), moves the clock past the due date, runs a second pass and prints the draft it finds in
Drafts. Everything lives in a temp dir that is removed afterwards (``--keep`` keeps it).
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from agent.config import parse_settings
from agent.demo.dovecot import DovecotNotFound, DovecotServer
from agent.demo.samples import demo_story
from agent.model.classifier import Classifier
from agent.pipeline import Agent
from agent.record.store import Store, parse_iso

USER = "demo"


def _say(text: str) -> None:
    print(text, flush=True)


def run_demo(keep: bool = False) -> int:

    try:
        server = DovecotServer(users={USER: "demo-password"}, keep=keep).start()
    except DovecotNotFound as exc:
        print(f"onward demo needs Dovecot: {exc}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="onward-demo-"))
    try:
        now = datetime.now(UTC).replace(microsecond=0)
        _say(f"1. A throwaway IMAP server is running on 127.0.0.1:{server.ssl_port} (TLS, self-signed).")
        server.append(USER, "INBOX", demo_story(now))
        _say("2. Five emails arrived in INBOX: an acknowledgement, an interview invitation, a rejection "
             "from the interviewer,\n   a rejection from an ATS no-reply address and a newsletter.")
        settings = parse_settings({
            "imap": {"host": "127.0.0.1", "port": server.ssl_port, "username": USER, "ca_file": server.cafile,
                     "folders": ["INBOX"]},
            "followup": {"your_name": "Alex Doe", "from_address": "alex.doe@example.com",
                         "timezone": "Europe/Berlin"},
            "storage": {"database": f"sqlite:///{work / 'onward.db'}"},
        })
        store = Store.open(settings.storage.database)
        agent = Agent(settings, store, Classifier.load(), password="demo-password")
        report = agent.run_pass(now)
        _say(f"3. `onward run --once`: {report.summary()}.")
        with store.transaction() as conn:
            for e in store.list_events(conn):
                _say(f"   {e.label:<15} {e.confidence:.2f}  {e.company or '?':<15} {e.subject}")
            _say("   Applications:")
            for a in store.list_outcomes(conn):
                _say(f"   #{a.id} {a.company or '?':<15} {a.role or '-':<20} {a.status}")
            fus = store.list_followups(conn)
        if not fus:
            _say("4. No follow-up was queued (unexpected).")
            return 1
        _say(f"4. {len(fus)} follow-up(s) queued, one per rejection:")
        for f in fus:
            _say(f"   #{f.id} for {f.company}: due {f.due_at} ({f.status}, to {f.to_addr or '-'})")
        later = max(parse_iso(f.due_at) for f in fus) + timedelta(hours=1)
        report = agent.run_pass(later)
        _say(f"5. The clock moves on to {later.isoformat()}: `onward run --once --now ...`: "
             f"{report.drafts_saved} draft(s) saved.")
        client = server.client(USER)
        try:
            client.select_folder("Drafts", readonly=True)
            uids = client.search(["ALL"])
            data = client.fetch(uids, [b"BODY.PEEK[]", b"FLAGS"])
        finally:
            client.logout()
        for uid in uids:
            flags = " ".join(f.decode() for f in data[uid][b"FLAGS"])
            _say(f"\n----- Drafts, message {uid} (flags: {flags}) -----")
            _say(data[uid][b"BODY[]"].decode("utf-8", "replace").replace("\r\n", "\n").rstrip())
        _say("\nOnward never sends: the drafts wait in Drafts for you to review, edit and send.")
        store.close()
        return 0
    finally:
        server_dir = server.tmp  # stop() forgets it, even when it keeps it
        server.stop()
        if keep:
            _say(f"(kept: {work} and {server_dir})")
        else:
            import shutil
            shutil.rmtree(work, ignore_errors=True)
