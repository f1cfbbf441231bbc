"""Against a real Dovecot, through the real CLI: the user sends Onward's check-in from the mail client (its copy
appended to Sent under the client's own Message-ID), and the recipient's server bounces it - the mail system's
delivery report lands in INBOX. A pass later ``followups --json`` shows the bounce on the sent check-in, and the
second check-in (``max_check_ins = 2``) waits for another address instead of going to the dead one again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from agent.demo import samples
from agent.mail.parse import parse_message
from tests import bounce_samples as bs
from tests import followup_samples as fs
from tests.helpers import cli_json, folder_messages, run_cli, run_pass_at, write_config

NOW = datetime.now(UTC).replace(microsecond=0)
JANE = "jane@initech.example"
ACK = "<ack-1@initech.example>"
COPY = "<CAK+check.in.sent@mail.example.org>"


def test_a_check_in_that_bounced_is_shown_and_the_next_is_not_drafted_to_the_same_address(tmp_path, imap_account):
    start = NOW - timedelta(days=50)  # in the past: Dovecot keeps no INTERNALDATE ahead of its clock
    server, user = imap_account.server, imap_account.user
    ack = fs.role_ack("Initech", "QA Lead", start, ACK).replace(b"Initech Recruiting <no-reply@greenhouse.io>",
                                                               f"Jane Roe <{JANE}>".encode())
    server.append(user, "INBOX", [ack], msg_time=start)
    cfg = write_config(tmp_path, imap_account, followup={"check_in_days": 7, "max_days": 21, "max_check_ins": 2})
    run_pass_at(cfg, imap_account, start + timedelta(days=9))
    [first] = cli_json(cfg, "followups")
    assert (first["kind"], first["status"], first["to"], first["bounced"]) == ("check_in", "drafted", JANE, None)

    # the user sends it from the mail client (a new Message-ID), and Jane's server bounces it
    sent_at = start + timedelta(days=9, hours=2)
    server.append(user, "Sent", [samples.build_email(
        from_=samples.USER, to=f"Jane Roe <{JANE}>", subject="Re: Thank you for your application", date=sent_at,
        message_id=COPY, in_reply_to=ACK, references=[ACK], body="Hi Jane, is there any news?")], msg_time=sent_at)
    bounced_at = sent_at + timedelta(minutes=1)
    server.append(user, "INBOX", [bs.dsn(bounced_at, JANE, COPY)], msg_time=bounced_at)
    for days in (10, 20):
        run_pass_at(cfg, imap_account, start + timedelta(days=days))

    first, second = sorted(cli_json(cfg, "followups"), key=lambda f: f["id"])
    assert (first["status"], first["to"]) == ("sent", JANE)
    assert first["bounced"] == {"to": [JANE], "at": bounced_at.isoformat(), "message_id": "<dsn-1@mx.example.org>"}
    assert (second["kind"], second["status"], second["to"]) == ("check_in", "needs_recipient", None), second
    assert f"mail to {JANE} bounced" in second["reason"] and second["bounced"] is None
    listing = run_cli(cfg, "followups")
    assert listing.returncode == 0 and f"BOUNCED: could not be delivered to {JANE}" in listing.stdout
    drafts = [parse_message(m[b"BODY[]"]) for m in folder_messages(server, user, "Drafts").values()]
    assert [d.to[0].email if d.to else None for d in drafts] == [JANE, None]  # the second saved without one
    [app] = cli_json(cfg, "outcomes")
    assert app["status"] in ("applied", "no_response") and app["message_id"] == ACK  # the report is no news
