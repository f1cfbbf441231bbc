"""Issue 11 with a real Dovecot and the real CLI: two roles at one company, interview thank-you from a
calendar invitation (threaded, in time), an invitation without a time until ``onward interview`` sets
it, check-in and no_response, a German rejection, skip and set, add / edit / merge, export."""

from __future__ import annotations

import csv
import email
import email.policy
import json
from datetime import UTC, datetime, timedelta

import icalendar
import pytest

from agent.demo import samples
from tests import followup_samples as fs
from tests.helpers import cli_json, folder_messages, run_cli, write_config

pytestmark = [pytest.mark.dovecot]

NOW = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)


def _run(cfg, account, now: datetime):
    done = run_cli(cfg, "run", "--once", "--now", now.isoformat(), password=account.password)
    assert done.returncode == 0, done.stderr
    return done


def _drafts(account):
    return [email.message_from_bytes(m[b"BODY[]"], policy=email.policy.default)
            for m in folder_messages(account.server, account.user, "Drafts").values()]


def test_two_roles_german_rejection_skip_and_set(tmp_path, imap_account):
    acc = imap_account
    acc.server.append(acc.user, "INBOX", [
        fs.role_ack("Globex", "Data Analyst", NOW - timedelta(days=6), "<a1@globex.example>"),
        fs.role_ack("Globex", "Data Engineer", NOW - timedelta(days=6), "<a2@globex.example>"),
        fs.role_rejection("Globex", "Data Engineer", "Hank Scorpio <hank@globex.example>", NOW - timedelta(days=2),
                          "<r2@globex.example>"),
        fs.role_rejection("Globex", "Data Analyst", "Hank Scorpio <hank@globex.example>", NOW - timedelta(days=1),
                          "<r1@globex.example>"),
        fs.german_rejection(NOW - timedelta(days=1), "<de1@muster-technik.de>"),
        samples.rejection("Umbrella", "Analyst", "Umbrella Careers <no-reply@hire.lever.co>",
                          NOW - timedelta(days=1), "<r3@lever.example>"),
    ])
    cfg = write_config(tmp_path, acc)
    _run(cfg, acc, NOW)
    apps = cli_json(cfg, "outcomes")
    globex = sorted(a["role"] for a in apps if a["company"] == "Globex")
    assert globex == ["Data Analyst", "Data Engineer"]
    fus = {f["company"] + "/" + (f["role"] or ""): f for f in cli_json(cfg, "followups")}
    assert all({"kind", "template", "language"} <= set(f) for f in fus.values())
    assert fus["Globex/Data Analyst"]["template"] == fus["Globex/Data Engineer"]["template"] == \
        "rejection_thanks/after_application"
    german = next(f for f in fus.values() if f["language"] == "de")
    assert german["to"] == "anna.schmidt@muster-technik.de"
    umbrella = next(f for k, f in fus.items() if k.startswith("Umbrella"))
    assert umbrella["status"] == "needs_recipient" and "onward followups set" in umbrella["fix"]
    # skip one Globex follow-up, give Umbrella's a recipient and an earlier due time
    skip = run_cli(cfg, "followups", "skip", str(fus["Globex/Data Engineer"]["id"]), "--json")
    assert skip.returncode == 0, skip.stderr
    assert json.loads(skip.stdout)["reason"] == "skipped by you"
    due = (NOW + timedelta(days=3)).isoformat()
    done = run_cli(cfg, "followups", "set", str(umbrella["id"]), "--to", "hr.lead@umbrella.example", "--due", due,
                   "--json")
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    assert (got["status"], got["to"]) == ("scheduled", "hr.lead@umbrella.example")
    bad = run_cli(cfg, "followups", "set", str(umbrella["id"]), "--to", "not an address")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
    _run(cfg, acc, NOW + timedelta(days=30))
    drafts = _drafts(acc)
    assert len(drafts) == 3  # Globex analyst, German, Umbrella (the skipped one is not drafted)
    by_to = {d["To"].addresses[0].addr_spec if d["To"] else None: d for d in drafts}
    assert by_to["hr.lead@umbrella.example"]["In-Reply-To"] == "<r3@lever.example>"
    de = by_to["anna.schmidt@muster-technik.de"].get_body(("plain",)).get_content()
    assert de.startswith("Sehr geehrte Frau Schmidt,") and "Mit freundlichen Grüßen" in de


def test_calendar_invitation_and_an_invitation_without_time(tmp_path, imap_account):
    acc = imap_account
    start = NOW + timedelta(days=1, hours=3)
    acc.server.append(acc.user, "INBOX", [
        fs.invitation("Acme", "Backend Engineer", "Jane Miller", "jane@acme.example", NOW - timedelta(hours=5),
                      "<inv1@acme.example>", start=start),
        fs.invitation("Initech", "QA Lead", "Bill Lumbergh", "bill@initech.example", NOW - timedelta(hours=4),
                      "<inv2@initech.example>", start=None),
    ])
    cfg = write_config(tmp_path, acc)
    _run(cfg, acc, NOW)
    [thanks] = [f for f in cli_json(cfg, "followups") if f["kind"] == "interview_thanks"]
    assert (thanks["kind"], thanks["to"], thanks["in_reply_to"]) == ("interview_thanks", "jane@acme.example",
                                                                   "<inv1@acme.example>")
    due = datetime.fromisoformat(thanks["due_at"])
    end = start + timedelta(hours=1)
    assert end < due <= end + timedelta(hours=24)
    listing = run_cli(cfg, "followups")
    assert "interview time unknown" in listing.stdout and "onward interview" in listing.stdout
    initech = next(a for a in cli_json(cfg, "outcomes") if a["company"] == "Initech")
    at = (NOW + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    done = run_cli(cfg, "interview", str(initech["application_id"]), "--at", at, "--minutes", "30", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["followup_id"]
    assert "interview time unknown" not in run_cli(cfg, "followups").stdout
    _run(cfg, acc, due + timedelta(minutes=1))
    [draft] = _drafts(acc)
    assert draft["In-Reply-To"] == "<inv1@acme.example>" and draft["To"].addresses[0].addr_spec == "jane@acme.example"
    # export: the two known interviews as events, one CSV row per application
    ics, table = tmp_path / "i.ics", tmp_path / "a.csv"
    assert run_cli(cfg, "export", "--ics", str(ics), "--csv", str(table)).returncode == 0
    events = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert sorted(e.decoded("DTSTART") for e in events)[0] == start
    assert len(events) == 2
    rows = list(csv.DictReader(table.open(encoding="utf-8")))
    assert sorted(r["company"] for r in rows) == ["Acme", "Initech"] and all(r["events"] == "1" for r in rows)


def test_check_in_then_no_response_and_company_email_cancels(tmp_path, imap_account):
    acc = imap_account
    acked = NOW - timedelta(days=2)
    acc.server.append(acc.user, "INBOX", [
        fs.role_ack("Initech", "QA Lead", acked, "<a1@initech.example>"),
        fs.role_ack("Hooli", "SRE", acked, "<a2@hooli.example>"),
    ])
    cfg = write_config(tmp_path, acc)
    _run(cfg, acc, NOW)
    assert cli_json(cfg, "followups") == []  # a check-in is planned once the application has gone quiet
    # Hooli writes before the silence is long enough: it never gets a check-in; Initech's is drafted when due
    acc.server.append(acc.user, "INBOX", [samples.interview("Hooli", "SRE", "Sam Lee", "sam.lee@hooli.example",
                                                            acked + timedelta(days=10), "<i1@hooli.example>")])
    _run(cfg, acc, acked + timedelta(days=10, hours=1))
    _run(cfg, acc, acked + timedelta(days=17))
    check_ins = {f["company"]: f for f in cli_json(cfg, "followups") if f["kind"] == "check_in"}
    assert set(check_ins) == {"Initech"} and check_ins["Initech"]["draft_message_id"]
    # due 14 days after the acknowledgement, on a weekday morning
    assert timedelta(days=14) <= datetime.fromisoformat(check_ins["Initech"]["due_at"]) - acked <= timedelta(days=17)
    _run(cfg, acc, acked + timedelta(days=30))
    assert len([f for f in cli_json(cfg, "followups") if f["company"] == "Initech"]) == 1  # max_check_ins 1
    _run(cfg, acc, acked + timedelta(days=46))
    status = {a["company"]: a["status"] for a in cli_json(cfg, "outcomes")}
    assert status == {"Initech": "no_response", "Hooli": "interview"}


def test_add_edit_merge_keep_every_event(tmp_path, imap_account):
    acc = imap_account
    acc.server.append(acc.user, "INBOX", [
        samples.interview("Vandelay Industries", "Importer", "Art Vandelay", "art@vandelay.example",
                          NOW - timedelta(days=3), "<i1@vandelay.example>"),
        samples.ack("Vandelay", "Latex Salesman", NOW - timedelta(days=2), "<a1@vandelay.example>"),
    ])
    cfg = write_config(tmp_path, acc)
    _run(cfg, acc, NOW)
    added = json.loads(run_cli(cfg, "add", "--company", "Kramerica", "--role", "Intern", "--applied", "2026-01-05",
                               "--contact", "kramer@kramerica.example", "--json").stdout)
    assert (added["company"], added["status"], added["contact"], added["events"]) == (
        "Kramerica", "applied", "kramer@kramerica.example", 0)
    edited = json.loads(run_cli(cfg, "edit", str(added["application_id"]), "--role", "Chief Intern", "--json").stdout)
    assert edited["role"] == "Chief Intern"
    assert run_cli(cfg, "edit", "9999", "--role", "x").returncode == 2
    before = cli_json(cfg, "events")
    apps = [a for a in cli_json(cfg, "outcomes") if a["company"] and a["company"].startswith("Vandelay")]
    if len(apps) == 2:
        keep, gone = apps
        merged = json.loads(run_cli(cfg, "merge", str(keep["application_id"]), str(gone["application_id"]),
                                    "--json").stdout)
        assert merged["events"] == len([e for e in before if e["application_id"] in
                                        (keep["application_id"], gone["application_id"])])
    after = cli_json(cfg, "events")
    assert len(after) == len(before)  # nothing lost
    assert len({e["application_id"] for e in after}) == 1
