"""Small things a week of use found: a hand-set recipient with a name (greeted by name), ``--json`` before
a followups action, ``report --html ""``, the report's offers and time zone, the first progress line,
``demo --keep``'s paths."""

from __future__ import annotations

import email
import email.policy
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from agent.demo import samples
from agent.insights import stats, text
from agent.progress import Progress
from tests.helpers import cli_json, folder_messages, run_cli, write_config

NOW = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)


@pytest.mark.dovecot
def test_a_recipient_set_by_hand_with_a_name_is_greeted_by_name(tmp_path, imap_account):
    acc = imap_account
    acc.server.append(acc.user, "INBOX", [samples.rejection(
        "Umbrella", "Analyst", "Umbrella Careers <no-reply@hire.lever.co>", NOW - timedelta(days=1), "<u1@lever.example>")])
    cfg = write_config(tmp_path, acc)
    assert run_cli(cfg, "run", "--once", "--now", NOW.isoformat(), password=acc.password).returncode == 0
    [fu] = cli_json(cfg, "followups")
    assert fu["status"] == "needs_recipient"
    for bad in ("a@umbrella.example, b@umbrella.example", "Dana Lee", "Dana <not an address>"):
        refused = run_cli(cfg, "followups", "set", str(fu["id"]), "--to", bad)
        assert refused.returncode == 2 and refused.stderr.count("\n") == 1, refused.stderr
    # --json before the action is honoured as after it
    done = run_cli(cfg, "followups", "--json", "set", str(fu["id"]), "--to", "Dana  Lee <Dana.Lee@Umbrella.example>")
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    assert (got["status"], got["to"]) == ("scheduled", "dana.lee@umbrella.example")
    assert run_cli(cfg, "run", "--once", "--now", (NOW + timedelta(days=30)).isoformat(),
                   password=acc.password).returncode == 0
    [draft] = [email.message_from_bytes(m[b"BODY[]"], policy=email.policy.default)
               for m in folder_messages(acc.server, acc.user, "Drafts").values()]
    assert draft["To"].addresses[0].addr_spec == "dana.lee@umbrella.example"
    assert draft["To"].addresses[0].display_name == "Dana Lee"
    body = draft.get_body(("plain",)).get_content()
    assert body.startswith("Dear Dana,") and "Hiring Team" not in body


@pytest.fixture
def cfg(tmp_path: Path) -> Path:
    path = tmp_path / "onward.toml"
    path.write_text(f'[followup]\ntimezone = "Europe/Berlin"\n[storage]\ndatabase = "sqlite:///{tmp_path / "o.db"}"\n')
    path.chmod(0o600)
    return path


def test_followups_json_before_the_action_is_not_ignored(cfg):
    add = run_cli(cfg, "add", "--company", "Acme", "--role", "Engineer", "--contact", "jane@acme.example")
    assert add.returncode == 0, add.stderr
    missing = run_cli(cfg, "followups", "--json", "skip", "999")
    assert missing.returncode == 2  # no such follow-up: the flag parsed, the action ran
    listing = run_cli(cfg, "followups", "--json")
    assert listing.returncode == 0 and isinstance(json.loads(listing.stdout), list)


def test_report_html_with_an_empty_name_is_refused(cfg):
    done = run_cli(cfg, "report", "--html", "")
    assert done.returncode == 2 and "--html needs a file name" in done.stderr and done.stdout == ""


def test_report_html_as_of_names_the_time_zone(cfg, tmp_path):
    out = tmp_path / "r.html"
    assert run_cli(cfg, "report", "--html", str(out)).returncode == 0
    assert re.search(r"as of \d{4}-\d\d-\d\d \d\d:\d\d Europe/Berlin \(UTC\+0[12]00\)", out.read_text())


def test_the_week_line_counts_offers():
    """An offer is a response: the week's line names it beside interviews and rejections (and the JSON)."""
    def at(day: int) -> datetime:
        return datetime(2026, 11, day, 10, tzinfo=UTC)
    apps = [stats.AppFacts(1, "Initech", "Platform Engineer", "offer", at(30)),
            stats.AppFacts(2, "Acme", "Backend Engineer", "rejected", at(30))]
    events = [stats.EventFacts(1, "interview", at(17)), stats.EventFacts(1, "offer", at(18)),
              stats.EventFacts(2, "rejection", at(19))]
    report = stats.build_report(apps, events, [])
    lines = [line for line in text.render(report).splitlines() if "responses (" in line]
    assert any("1 interview, 1 offer, 1 rejection" in line for line in lines), lines
    assert report.to_json()["weeks"][-1]["offers"] == 1


def test_the_first_progress_line_claims_no_speed():
    line = Progress("backfill", enabled=False).line(0, 1200, 0.01)
    assert "0 msg/s" not in line and "ETA 0 s" not in line and "0/1200" in line
    assert "msg/s, ETA" in Progress("backfill", enabled=False).line(100, 1200, 2.0)


def test_bench_readme_names_no_path_of_one_machine():
    readme = (Path(__file__).resolve().parents[2] / "bench" / "README.md").read_text(encoding="utf-8")
    assert not re.search(r"/work/|/home/\w+|/root/", readme)


@pytest.mark.dovecot
def test_demo_keep_prints_both_kept_directories(tmp_path, dovecot):
    import shutil
    done = run_cli(None, "demo", "--keep", env_extra={"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "d"),
                                                       "XDG_CONFIG_HOME": str(tmp_path / "c")}, timeout=300)
    assert done.returncode == 0, done.stderr
    [line] = [ln for ln in done.stdout.splitlines() if ln.startswith("(kept: ")]
    assert "None" not in line
    kept = re.fullmatch(r"\(kept: (\S+) and (\S+)\)", line)
    assert kept, line
    for path in kept.groups():
        assert Path(path).is_dir()
        shutil.rmtree(path)
