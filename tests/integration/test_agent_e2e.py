"""End to end against a real Dovecot, the real model and a real SQLite file, through the real CLI."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from agent.demo import samples
from tests.helpers import cli_json, folder_messages, run_cli, write_config

NOW = datetime.now(UTC).replace(microsecond=0)
RECRUITER = "Jane Miller <jane.miller@acmerobotics.com>"


def seed_acme(account, *, rejection_days_ago: int = 2) -> None:
    account.server.append(account.user, "INBOX", [
        samples.ack("Acme Robotics", "Backend Engineer", NOW - timedelta(days=20), "<ack-1@test>"),
        samples.interview("Acme Robotics", "Backend Engineer", "Jane Miller", "jane.miller@acmerobotics.com",
                          NOW - timedelta(days=10), "<int-1@test>"),
        samples.rejection("Acme Robotics", "Backend Engineer", RECRUITER, NOW - timedelta(days=rejection_days_ago),
                          "<rej-1@test>", in_reply_to="<int-1@test>", references=["<int-1@test>"]),
        samples.newsletter(NOW - timedelta(days=1), "<news-1@test>"),
    ])


def run_once(cfg, account, *extra: str):
    done = run_cli(cfg, "run", "--once", *extra, password=account.password)
    assert done.returncode == 0, done.stderr
    return done


def test_rejection_recorded_and_followup_scheduled(tmp_path, imap_account):
    seed_acme(imap_account)
    cfg = write_config(tmp_path, imap_account)
    run_once(cfg, imap_account)

    outcomes = cli_json(cfg, "outcomes")
    assert len(outcomes) == 1
    app = outcomes[0]
    assert set(app) >= {"application_id", "company", "role", "status", "updated_at", "message_id", "subject"}
    assert app["status"] == "rejected"
    assert app["message_id"] == "<rej-1@test>"
    assert "acme" in (app["company"] or "").lower()

    events = cli_json(cfg, "events")
    assert [e["label"] for e in events] == ["acknowledgement", "interview", "rejection"]
    assert {e["application_id"] for e in events} == {app["application_id"]}
    assert all(set(e) >= {"message_id", "application_id", "company", "role", "label", "confidence",
                          "received_at"} for e in events)

    fus = cli_json(cfg, "followups")
    assert len(fus) == 1
    fu = fus[0]
    assert fu["status"] == "scheduled"
    assert fu["to"] == "jane.miller@acmerobotics.com"
    assert fu["in_reply_to"] == "<rej-1@test>"
    assert fu["draft_message_id"] is None
    due = datetime.fromisoformat(fu["due_at"])
    rejected = NOW - timedelta(days=2)
    assert timedelta(days=13) <= due - rejected <= timedelta(days=22)
    local = due.astimezone(ZoneInfo("Europe/Berlin"))
    assert local.weekday() < 5 and 9 <= local.hour <= 11


def test_due_followup_becomes_one_threaded_draft(tmp_path, imap_account):
    seed_acme(imap_account)
    cfg = write_config(tmp_path, imap_account)
    inbox_flags_before = {uid: m[b"FLAGS"] for uid, m in folder_messages(
        imap_account.server, imap_account.user, "INBOX").items()}
    run_once(cfg, imap_account)
    assert folder_messages(imap_account.server, imap_account.user, "Drafts") == {}

    due = datetime.fromisoformat(cli_json(cfg, "followups")[0]["due_at"])
    later = (due + timedelta(hours=1)).isoformat()
    run_once(cfg, imap_account, "--now", later)
    drafts = folder_messages(imap_account.server, imap_account.user, "Drafts")
    assert len(drafts) == 1
    (item,) = drafts.values()
    assert b"\\Draft" in item[b"FLAGS"]
    msg = email.message_from_bytes(item[b"BODY[]"], policy=email.policy.default)
    assert msg["To"].addresses[0].addr_spec == "jane.miller@acmerobotics.com"
    assert msg["In-Reply-To"] == "<rej-1@test>"
    assert "<rej-1@test>" in msg["References"] and "<int-1@test>" in msg["References"]
    assert msg["Subject"].startswith("Re: ")
    assert "Interview invitation" in msg["Subject"] and not msg["Subject"].startswith("Re: Re:")
    body = msg.get_body(("plain",)).get_content()
    assert "Alex Doe" in body and "Jane" in body
    fu = cli_json(cfg, "followups")[0]
    assert fu["status"] == "drafted"
    assert fu["draft_message_id"] == msg["Message-ID"]

    # a second pass creates nothing new
    run_once(cfg, imap_account, "--now", later)
    assert len(folder_messages(imap_account.server, imap_account.user, "Drafts")) == 1
    # INBOX flags never changed (no \Seen, nothing moved or deleted)
    after = {uid: m[b"FLAGS"] for uid, m in folder_messages(
        imap_account.server, imap_account.user, "INBOX").items()}
    assert after == inbox_flags_before


def test_restart_resumes_without_reprocessing(tmp_path, imap_account):
    seed_acme(imap_account)
    cfg = write_config(tmp_path, imap_account)
    run_once(cfg, imap_account)
    first_events = cli_json(cfg, "events")
    imap_account.server.append(imap_account.user, "INBOX", [
        samples.ack("Initech", "Platform Engineer", NOW - timedelta(hours=3), "<ack-2@test>",
                    vendor="myworkday.com")])
    done = run_once(cfg, imap_account)
    assert "fetched 1," in done.stderr  # only the new message was fetched
    events = cli_json(cfg, "events")
    assert events[:len(first_events)] == first_events
    assert [e["message_id"] for e in events[len(first_events):]] == ["<ack-2@test>"]
    done = run_once(cfg, imap_account)
    assert "fetched 0," in done.stderr


def test_acknowledgement_records_applied(tmp_path, imap_account):
    imap_account.server.append(imap_account.user, "INBOX", [
        samples.ack("Umbrella Labs", "QA Engineer", NOW - timedelta(days=1), "<ack-u@test>", vendor="ashbyhq.com")])
    cfg = write_config(tmp_path, imap_account)
    run_once(cfg, imap_account)
    (app,) = cli_json(cfg, "outcomes")
    assert app["status"] == "applied" and app["message_id"] == "<ack-u@test>"
    # no thank-you for an acknowledgement: only the check-in once it has gone quiet (planned when due)
    assert cli_json(cfg, "followups") == []
    run_once(cfg, imap_account, "--now", (NOW + timedelta(days=30)).isoformat())
    (fu,) = cli_json(cfg, "followups")
    assert fu["kind"] == "check_in" and fu["in_reply_to"] == "<ack-u@test>"


def test_no_reply_rejection_needs_recipient(tmp_path, imap_account):
    imap_account.server.append(imap_account.user, "INBOX", [
        samples.rejection("Globex", "Data Analyst", "Globex Careers <no-reply@hire.lever.co>",
                          NOW - timedelta(days=1), "<rej-g@test>")])
    cfg = write_config(tmp_path, imap_account)
    run_once(cfg, imap_account)
    (fu,) = cli_json(cfg, "followups")
    assert fu["status"] == "needs_recipient" and fu["to"] is None
    run_once(cfg, imap_account, "--now", (datetime.fromisoformat(fu["due_at"]) + timedelta(minutes=5)).isoformat())
    (item,) = folder_messages(imap_account.server, imap_account.user, "Drafts").values()
    msg = email.message_from_bytes(item[b"BODY[]"], policy=email.policy.default)
    assert not msg.get("To")
    # no instruction in the body (issue 11): the mail client refuses to send without a recipient, and
    # `onward followups` says why and how to fix it
    assert not msg.get_body(("plain",)).get_content().lstrip().startswith("[")
    assert "add one there" in cli_json(cfg, "followups")[0]["fix"]
    (fu,) = cli_json(cfg, "followups")
    assert fu["status"] == "needs_recipient" and fu["draft_message_id"] == msg["Message-ID"]


def test_no_reply_rejection_uses_last_human_in_thread(tmp_path, imap_account):
    imap_account.server.append(imap_account.user, "INBOX", [
        samples.interview("Hooli", "SRE", "Sam Lee", "sam.lee@hooli.com", NOW - timedelta(days=9), "<int-h@test>"),
        samples.rejection("Hooli", "SRE", "Hooli <no-reply@greenhouse.io>", NOW - timedelta(days=1), "<rej-h@test>",
                          in_reply_to="<int-h@test>", references=["<int-h@test>"]),
    ])
    cfg = write_config(tmp_path, imap_account)
    run_once(cfg, imap_account)
    (fu,) = cli_json(cfg, "followups")
    assert fu["status"] == "scheduled" and fu["to"] == "sam.lee@hooli.com"


def test_user_already_replied_cancels(tmp_path, imap_account):
    seed_acme(imap_account)
    imap_account.server.append(imap_account.user, "Sent", [samples.build_email(
        from_=samples.USER, to=RECRUITER, subject="Re: Interview invitation", body="Thanks Jane, I appreciate it.",
        date=NOW - timedelta(days=1), message_id="<my-reply@test>", in_reply_to="<rej-1@test>",
        references=["<int-1@test>", "<rej-1@test>"])])
    cfg = write_config(tmp_path, imap_account)
    run_once(cfg, imap_account)
    (fu,) = cli_json(cfg, "followups")
    assert fu["status"] == "cancelled"
    run_once(cfg, imap_account, "--now", (NOW + timedelta(days=30)).isoformat())
    assert folder_messages(imap_account.server, imap_account.user, "Drafts") == {}


def test_company_writing_again_cancels(tmp_path, imap_account):
    seed_acme(imap_account)
    cfg = write_config(tmp_path, imap_account)
    run_once(cfg, imap_account)
    imap_account.server.append(imap_account.user, "INBOX", [samples.build_email(
        from_=RECRUITER, to=samples.USER, subject="Re: Interview invitation", date=NOW - timedelta(hours=1),
        message_id="<again@test>", in_reply_to="<rej-1@test>", references=["<int-1@test>", "<rej-1@test>"],
        body="Hi Alex, one more thing: another team would like to talk to you. Are you free Thursday?")])
    run_once(cfg, imap_account)
    (fu,) = cli_json(cfg, "followups")
    assert fu["status"] == "cancelled"


def test_second_rejection_queues_no_second_followup(tmp_path, imap_account):
    seed_acme(imap_account)
    cfg = write_config(tmp_path, imap_account)
    run_once(cfg, imap_account)
    imap_account.server.append(imap_account.user, "INBOX", [samples.rejection(
        "Acme Robotics", "Backend Engineer", "Acme Robotics <no-reply@greenhouse.io>", NOW - timedelta(hours=2),
        "<rej-again@test>")])
    run_once(cfg, imap_account)
    assert len(cli_json(cfg, "followups")) == 1


def test_a_check_in_sent_from_the_mail_client_under_a_new_message_id_lets_the_second_come(tmp_path, imap_account):
    """``max_check_ins = 2``: the first check-in (a no-reply acknowledgement: saved without a recipient)
    is sent from the mail client, which gives the copy in Sent a new Message-ID and the recipient the
    user added. That copy is the check-in sent, not a reply that ends the second: the second is saved
    after another quiet period, to the person the user added."""
    imap_account.server.append(imap_account.user, "INBOX", [
        samples.ack("Umbrella Labs", "QA Engineer", NOW - timedelta(days=50), "<ack-q@test>", vendor="ashbyhq.com")],
        msg_time=NOW - timedelta(days=50))  # in the past: Dovecot keeps no INTERNALDATE ahead of its clock
    cfg = write_config(tmp_path, imap_account, followup={"max_check_ins": 2}, extra_imap="initial_lookback_days = 90")
    run_once(cfg, imap_account, "--now", (NOW - timedelta(days=30)).isoformat())
    (first,) = cli_json(cfg, "followups")
    assert (first["kind"], first["status"], first["to"]) == ("check_in", "needs_recipient", None)
    assert first["draft_message_id"]
    sent_at = NOW - timedelta(days=30) + timedelta(hours=2)
    imap_account.server.append(imap_account.user, "Sent", [samples.build_email(
        from_=samples.USER, to="Dana Lee <dana.lee@umbrellalabs.test>", subject="Re: your application",
        body="Hi Dana, is there any news on my application?", date=sent_at,
        message_id="<CAK+sent.by.the.client@mail.example.org>", in_reply_to="<ack-q@test>",
        references=["<ack-q@test>"])], msg_time=sent_at)
    for days in (1, 16, 29):
        run_once(cfg, imap_account, "--now", (sent_at + timedelta(days=days)).isoformat())
    first, second = cli_json(cfg, "followups")
    assert (first["status"], first["to"]) == ("sent", "dana.lee@umbrellalabs.test")
    # the second goes to Dana: the person the user added to the first (nobody at the company has written)
    assert (second["kind"], second["status"], second["to"]) == ("check_in", "drafted", "dana.lee@umbrellalabs.test")
    assert second["draft_message_id"]
    assert datetime.fromisoformat(second["due_at"]) - datetime.fromisoformat(first["due_at"]) >= timedelta(days=14)
    drafts = folder_messages(imap_account.server, imap_account.user, "Drafts")
    assert len(drafts) == 2
    to = sorted(str(email.message_from_bytes(m[b"BODY[]"], policy=email.policy.default)["To"] or "")
                for m in drafts.values())
    assert to == ["", "Dana Lee <dana.lee@umbrellalabs.test>"], to


def test_wrong_password_is_one_clear_line(tmp_path, imap_account):
    cfg = write_config(tmp_path, imap_account)
    for cmd in (["check"], ["run", "--once"]):
        done = run_cli(cfg, *cmd, password="not-the-password")
        assert done.returncode == 4, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "login" in lines[0] and "Traceback" not in done.stderr
        assert "not-the-password" not in done.stderr + done.stdout


def test_check_reports_folders(tmp_path, imap_account):
    cfg = write_config(tmp_path, imap_account)
    done = run_cli(cfg, "check", password=imap_account.password)
    assert done.returncode == 0, done.stderr
    assert "drafts folder: Drafts" in done.stdout and "sent folder: Sent" in done.stdout
    assert "IDLE" in done.stdout and "UIDPLUS" in done.stdout


@pytest.mark.parametrize("tls", ["starttls", "none"])
def test_other_tls_modes(tmp_path, imap_account, tls):
    cfg = write_config(tmp_path, imap_account, tls=tls)
    done = run_cli(cfg, "check", password=imap_account.password)
    assert done.returncode == 0, done.stderr


def test_unknown_host_and_refused_port(tmp_path, imap_account):
    cfg = write_config(tmp_path, imap_account)
    text = cfg.read_text().replace('host = "127.0.0.1"', 'host = "no-such-host.invalid"')
    cfg.write_text(text)
    done = run_cli(cfg, "check", password="x")
    assert done.returncode == 3 and "no-such-host.invalid" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_tls_certificate_mismatch(tmp_path, imap_account):
    """Without the self-signed CA the certificate must be refused (exit 5), never silently accepted."""
    cfg = write_config(tmp_path, imap_account)
    cfg.write_text("\n".join(line for line in cfg.read_text().splitlines() if not line.startswith("ca_file")))
    done = run_cli(cfg, "check", password=imap_account.password)
    assert done.returncode == 5, done.stderr
    assert "certificate" in done.stderr.lower()
