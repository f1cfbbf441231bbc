"""Against a real Dovecot, through the real CLI: two of Onward's drafts wait in one thread to one person
(an interview thank-you and the check-in after it), and the user sends the older one from the mail
client under a new Message-ID, a word changed. Its text, fetched from Sent only because the headers
could be either draft's, makes it the thank-you sent; the check-in still waits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from agent.demo import samples
from agent.mail.parse import parse_message
from tests import followup_samples as fs
from tests.helpers import cli_json, folder_messages, run_pass_at, write_config

NOW = datetime.now(UTC).replace(microsecond=0)
JANE = "jane.miller@acmerobotics.test"
INVITATION = "<inv-j@acmerobotics.test>"


def test_the_older_draft_sent_under_a_new_message_id_is_the_one_marked_sent(tmp_path, imap_account):
    start = NOW - timedelta(days=30)  # in the past: Dovecot keeps no INTERNALDATE ahead of its clock
    imap_account.server.append(imap_account.user, "INBOX", [
        fs.invitation("Acme Robotics", "Backend Engineer", "Jane Miller", JANE, start, INVITATION,
                      start=start + timedelta(days=2), uid="ev-j")], msg_time=start)
    cfg = write_config(tmp_path, imap_account, followup={"check_in_days": 5, "min_days": 3, "max_days": 60})
    for days in (1, 4, 8, 11, 13):
        run_pass_at(cfg, imap_account, start + timedelta(days=days))
    thanks, check_in = sorted(cli_json(cfg, "followups"), key=lambda f: f["id"])
    assert [(f["kind"], f["status"], f["to"], f["in_reply_to"]) for f in (thanks, check_in)] == [
        ("interview_thanks", "drafted", JANE, INVITATION), ("check_in", "drafted", JANE, INVITATION)]

    drafts = {(m := parse_message(item[b"BODY[]"])).message_id: m.text
              for item in folder_messages(imap_account.server, imap_account.user, "Drafts").values()}
    sent_at = start + timedelta(days=13, hours=2)
    imap_account.server.append(imap_account.user, "Sent", [samples.build_email(
        from_=samples.USER, to=f"Jane Miller <{JANE}>", date=sent_at,
        subject="Re: Interview invitation: Backend Engineer at Acme Robotics",
        body=drafts[thanks["draft_message_id"]].replace("Best regards", "Kind regards"),
        message_id="<CAK+thanks.sent.by.the.client@mail.example.org>", in_reply_to=INVITATION,
        references=[INVITATION])], msg_time=sent_at)
    run_pass_at(cfg, imap_account, start + timedelta(days=14))
    rows = {f["id"]: f for f in cli_json(cfg, "followups")}
    assert (rows[thanks["id"]]["status"], rows[check_in["id"]]["status"]) == ("sent", "drafted")
