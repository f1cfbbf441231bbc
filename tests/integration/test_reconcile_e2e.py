"""Follow-ups as a reconciliation, end to end: a real Dovecot, the real CLI, the real model, real SQLite.

* The Umbrella Health (Greenhouse relay, same display name) and Lumière (same registered domain, another
  sender) pairs each give ONE application, and no check-in is drafted after the rejection.
* A second database against the same mailbox saves every draft of its own (install id in the
  Message-ID; a draft counts only with this database's X-Onward-Followup).
* Three idle passes change no row.
* ``onward interview APP --at`` plans an interview thank-you due as documented; ``followups restore``
  brings back a skipped follow-up.
"""

from __future__ import annotations

import email
import email.policy
import sqlite3
from datetime import UTC, datetime, timedelta

from agent.config import load_settings
from agent.demo import samples
from agent.followups.kinds import interview_thanks_due
from tests.helpers import cli_json, folder_messages, run_cli, write_config

NOW = datetime.now(UTC).replace(microsecond=0, second=0, minute=0)
USER = "Alex Doe <alex@example.org>"


def _mail(from_: str, subject: str, body: str, when: datetime, mid: str) -> bytes:
    return samples.build_email(from_=from_, to=USER, subject=subject, body=body, date=when, message_id=mid)


def _pair_mail(t0: datetime) -> list[bytes]:
    relay = "Umbrella Health <no-reply@us.greenhouse-mail.io>"
    return [
        _mail(relay, "Thank you for your application to Umbrella Health",
              "Hi Alex,\n\nThank you for your application to Umbrella Health for the Machine Learning Engineer "
              "position. We have received it and our team will review it carefully.\n\nBest,\nUmbrella Health "
              "Talent Team\n", t0, "<ack-umbrella@greenhouse-mail.io>"),
        _mail("Lumière Technologies <recrutement@lumiere-tech.fr>", "Votre candidature chez Lumière Technologies",
              "Bonjour Alex,\n\nNous vous remercions pour votre candidature au poste d'Ingénieur logiciel chez "
              "Lumière Technologies. Nous l'étudions avec attention.\n\nL'équipe recrutement\n",
              t0 + timedelta(hours=2), "<ack-lumiere@lumiere-tech.fr>"),
        _mail(relay, "Regarding your application",
              "Hi Alex,\n\nThank you for your interest in the Machine Learning Engineer role. Unfortunately, after "
              "careful consideration, we have decided not to move forward with your application at this time. "
              "We wish you the best in your search.\n\nKind regards,\nThe Talent Team\n",
              t0 + timedelta(days=12), "<rej-umbrella@greenhouse-mail.io>"),
        _mail("Camille Laurent <camille.laurent@lumiere-tech.fr>", "Votre candidature",
              "Bonjour Alex,\n\nNous vous remercions pour l'intérêt porté au poste d'Ingénieur logiciel. "
              "Malheureusement, nous avons décidé de ne pas donner suite à votre candidature.\n\n"
              "Cordialement,\nCamille Laurent\n", t0 + timedelta(days=12, hours=3), "<rej-lumiere@lumiere-tech.fr>"),
    ]


def _pass(cfg, account, now: datetime) -> None:
    done = run_cli(cfg, "run", "--once", "--now", now.isoformat(), password=account.password)
    assert done.returncode == 0, done.stderr


def _rows(db, table: str) -> list[tuple]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()  # noqa: S608
    finally:
        con.close()


def test_relay_and_same_domain_pairs_make_one_application_each_and_no_check_in(tmp_path, imap_account):
    t0 = NOW - timedelta(days=40)
    mails = _pair_mail(t0)
    imap_account.server.append(imap_account.user, "INBOX", mails[:2])
    cfg = write_config(tmp_path, imap_account)
    _pass(cfg, imap_account, t0 + timedelta(days=1))
    # the two acknowledgements alone: two applications, both applied (an acknowledgement is never a rejection)
    assert sorted(a["status"] for a in cli_json(cfg, "outcomes")) == ["applied", "applied"]
    imap_account.server.append(imap_account.user, "INBOX", mails[2:])
    for day in (13, 16, 20, 30, 39):
        _pass(cfg, imap_account, t0 + timedelta(days=day))
    apps = cli_json(cfg, "outcomes")
    assert len(apps) == 2 and {a["status"] for a in apps} == {"rejected"}, apps
    assert {a["possible_duplicate_of"] for a in apps} == {None}
    fus = cli_json(cfg, "followups")
    assert not [f for f in fus if f["kind"] == "check_in" and f["status"] != "cancelled"], fus
    drafts = folder_messages(imap_account.server, imap_account.user, "Drafts")
    for item in drafts.values():
        msg = email.message_from_bytes(item[b"BODY[]"], policy=email.policy.default)
        assert "news" not in msg.get_content().lower()  # no check-in reached Drafts


def test_second_database_saves_its_own_drafts_and_idle_passes_change_nothing(tmp_path, imap_account):
    t0 = NOW - timedelta(days=1)
    imap_account.server.append(imap_account.user, "INBOX", [
        samples.rejection("Acme", "Engineer", "Jane Miller <jane@acme.example>", t0, "<r1@acme.example>"),
        samples.rejection("Globex", "Analyst", "Hank Scorpio <hank@globex.example>", t0 + timedelta(hours=3),
                          "<r2@globex.example>")])
    first, second = tmp_path / "one", tmp_path / "two"
    first.mkdir()
    second.mkdir()
    cfg1 = write_config(first, imap_account)
    cfg2 = write_config(second, imap_account)
    later = NOW + timedelta(days=25)
    for cfg in (cfg1, cfg2):  # another database, same mailbox (a reinstall)
        _pass(cfg, imap_account, NOW + timedelta(hours=1))
        _pass(cfg, imap_account, later)
    for cfg in (cfg1, cfg2):
        fus = cli_json(cfg, "followups")
        assert [f["status"] for f in fus] == ["drafted", "drafted"], fus
    ids = [item[b"BODY[]"] for item in folder_messages(imap_account.server, imap_account.user, "Drafts").values()]
    mids = [email.message_from_bytes(raw)["Message-ID"] for raw in ids]
    assert len(mids) == 4 == len(set(mids))
    db = first / "onward.db"
    before = (_rows(db, "followups"), _rows(db, "applications"), _rows(db, "events"))
    for k in range(3):
        _pass(cfg1, imap_account, later + timedelta(minutes=10 * (k + 1)))
    assert (_rows(db, "followups"), _rows(db, "applications"), _rows(db, "events")) == before


def test_interview_at_plans_its_thank_you_and_restore_brings_back_a_skip(tmp_path, imap_account):
    imap_account.server.append(imap_account.user, "INBOX", [
        samples.interview("Initech", "QA Lead", "Bill L", "bill@initech.example", NOW - timedelta(days=2),
                          "<i1@initech.example>")])
    cfg = write_config(tmp_path, imap_account)
    done = run_cli(cfg, "run", "--once", password=imap_account.password)
    assert done.returncode == 0, done.stderr
    [app] = cli_json(cfg, "outcomes")
    start = NOW - timedelta(hours=1)
    out = cli_json(cfg, "interview", str(app["application_id"]), "--at", start.isoformat(), "--minutes", "30")
    assert out["followup_id"] is not None
    [fu] = [f for f in cli_json(cfg, "followups") if f["kind"] == "interview_thanks"]
    due = interview_thanks_due(start + timedelta(minutes=30), load_settings(cfg).followup.tz)
    assert datetime.fromisoformat(fu["due_at"]) == due
    assert (fu["to"], fu["in_reply_to"]) == ("bill@initech.example", "<i1@initech.example>")
    skipped = cli_json(cfg, "followups", "skip", str(fu["id"]))
    assert (skipped["status"], skipped["user_action"]) == ("cancelled", "skipped")
    restored = cli_json(cfg, "followups", "restore", str(fu["id"]))
    assert (restored["status"], restored["user_action"]) == ("scheduled", "restored")
    done = run_cli(cfg, "run", "--once", password=imap_account.password)
    assert done.returncode == 0, done.stderr
    [fu] = [f for f in cli_json(cfg, "followups") if f["kind"] == "interview_thanks"]
    assert fu["status"] in ("scheduled", "drafted")  # not cancelled again by a pass
    again = run_cli(cfg, "followups", "restore", str(fu["id"]))
    assert again.returncode == 2 and "cannot be restored" in again.stderr
