"""Issue 15.1-4 end to end: hostile senders go through a real pass (real Dovecot, the real model, a real
SQLite file, the real CLI), and every saved draft's To is exactly the address ``onward followups``
shows - the sender the user sees, or nobody - never the attacker."""

from __future__ import annotations

import email
import email.policy
import re
from datetime import UTC, datetime, timedelta

from agent.demo import samples
from tests.helpers import cli_json, folder_messages, run_cli, write_config

NOW = datetime.now(UTC).replace(microsecond=0)
LONG_NAME = b'"Miller, Jane; Senior Talent Acquisition Partner: EMEA, Robotics Division (Initech)"'


def hostile_rejection(company: str, mid: str, from_: bytes, reply_to: bytes | None = None) -> bytes:
    """A sample rejection whose From (and Reply-To) header is replaced by raw hostile bytes."""
    raw = samples.rejection(company, "Backend Engineer", f"Jane Miller <jane@{company.lower()}.test>",
                            NOW - timedelta(days=1), mid)
    header = b"From: " + from_ + b"\r\n" + (b"Reply-To: " + reply_to + b"\r\n" if reply_to else b"")
    raw, n = re.subn(rb"^From: [^\r\n]*\r\n", lambda _: header, raw, count=1, flags=re.M)
    assert n == 1
    return raw


def run_once(cfg, account, *extra: str) -> None:
    done = run_cli(cfg, "run", "--once", *extra, password=account.password)
    assert done.returncode == 0, done.stderr


def test_drafts_are_addressed_to_exactly_the_shown_recipient(tmp_path, imap_account):
    imap_account.server.append(imap_account.user, "INBOX", [
        # a long display name full of , ; : ( ) that Python used to fold into several recipients
        hostile_rejection("Initech", "<rej-long@test>", LONG_NAME + b" <jane@initech.test>"),
        # a Reply-To on another domain than From
        hostile_rejection("Globex", "<rej-rt@test>", b"Jane Miller <jane@globex.test>",
                          b"Jane Miller <jane.miller@evil-phish.test>"),
        # a From that holds several mailboxes (and a stray 0x80 byte)
        hostile_rejection("Hooli", "<rej-multi@test>", b"Jane\x80, attacker@evil.test <jane@hooli.test>"),
    ])
    cfg = write_config(tmp_path, imap_account)
    run_once(cfg, imap_account)
    scheduled = {fu["in_reply_to"]: fu for fu in cli_json(cfg, "followups")}
    assert set(scheduled) == {"<rej-long@test>", "<rej-rt@test>", "<rej-multi@test>"}

    latest_due = max(datetime.fromisoformat(fu["due_at"]) for fu in scheduled.values())
    run_once(cfg, imap_account, "--now", (latest_due + timedelta(minutes=5)).isoformat())

    drafts = {}
    for item in folder_messages(imap_account.server, imap_account.user, "Drafts").values():
        msg = email.message_from_bytes(item[b"BODY[]"], policy=email.policy.default)
        to = msg["To"]
        assert to is None or (len(to.groups) == 1 and to.groups[0].display_name is None), str(to)
        drafts[msg["Message-ID"]] = [a.addr_spec for a in to.addresses] if to is not None else []
    fus = {fu["in_reply_to"]: fu for fu in cli_json(cfg, "followups")}
    assert len(drafts) == 3
    for fu in fus.values():
        assert drafts[fu["draft_message_id"]] == ([fu["to"]] if fu["to"] else []), fu

    assert fus["<rej-long@test>"]["to"] == "jane@initech.test"
    assert fus["<rej-long@test>"]["status"] == "drafted"
    assert fus["<rej-rt@test>"]["to"] == "jane@globex.test"
    assert fus["<rej-multi@test>"]["to"] is None
    assert fus["<rej-multi@test>"]["status"] == "needs_recipient"
    assert not any("evil" in addr for addrs in drafts.values() for addr in addrs)
