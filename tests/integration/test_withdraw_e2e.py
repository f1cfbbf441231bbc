"""Against a real Dovecot, through the real CLI: the user withdraws an application whose rejection thank-you
waits in Drafts (``onward edit APP --status withdrawn``). The thank-you is marked "do not send" (the draft stays
in Drafts: Onward never deletes mail), and the company's offer after it is recorded but changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from agent.demo import samples
from tests.helpers import cli_json, folder_messages, run_cli, write_config

pytestmark = [pytest.mark.dovecot]

NOW = datetime.now(UTC).replace(microsecond=0)
JANE = "Jane Park <jane@acme.test>"


def test_withdrawing_marks_the_saved_thank_you_do_not_send_and_an_offer_after_it_reopens_nothing(
        tmp_path, imap_account):
    acc = imap_account
    start = NOW - timedelta(days=20)  # in the past: Dovecot keeps no INTERNALDATE ahead of its clock
    acc.server.append(acc.user, "INBOX", [samples.rejection("Acme", "Data Engineer", JANE, start, "<rej@acme.test>")],
                      msg_time=start)
    cfg = write_config(tmp_path, acc, followup={"min_days": 3, "max_days": 10})
    for days in (1, 12):
        done = run_cli(cfg, "run", "--once", "--now", (start + timedelta(days=days)).isoformat(), password=acc.password)
        assert done.returncode == 0, done.stderr
    [thanks] = cli_json(cfg, "followups")
    assert (thanks["kind"], thanks["status"]) == ("rejection_thanks", "drafted")
    [app] = cli_json(cfg, "outcomes")

    edited = cli_json(cfg, "edit", str(app["application_id"]), "--status", "withdrawn")
    assert edited["status"] == "withdrawn"
    [thanks] = cli_json(cfg, "followups")
    assert (thanks["status"], thanks["reason"]) == (
        "cancelled", "you withdrew the application: do not send its draft in Drafts (delete it there)")
    assert len(folder_messages(acc.server, acc.user, "Drafts")) == 1  # the mailbox is not touched

    offered = NOW - timedelta(hours=1)
    acc.server.append(acc.user, "INBOX", [samples.build_email(
        from_=JANE, to=samples.USER, subject="Your offer from Acme", date=offered, message_id="<offer@acme.test>",
        body="Dear Alex,\n\nWe are delighted to offer you the Data Engineer position. Your offer letter is "
             "attached.\n\nBest,\nJane Park\n")], msg_time=offered)
    done = run_cli(cfg, "run", "--once", password=acc.password)
    assert done.returncode == 0, done.stderr
    assert "offer" in [e["label"] for e in cli_json(cfg, "events")]
    assert [a["status"] for a in cli_json(cfg, "outcomes")] == ["withdrawn"]
    assert [(f["id"], f["status"]) for f in cli_json(cfg, "followups")] == [(thanks["id"], "cancelled")]
    assert cli_json(cfg, "report")["funnel"]["withdrawn"] == 1
