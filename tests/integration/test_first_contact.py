"""The rough edges a new user hit on first contact (issue 14, points 8-16): each through the real CLI
(``python -m agent.cli`` in a subprocess), with a real Dovecot, real SQLite and the real model."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from agent.demo import samples
from agent.mail.parse import email_text, parse_message
from agent.model.classifier import Classifier, EmailText
from agent.record.store import Store
from tests.helpers import PASSWORD_ENV, cli_json, count_messages, job_mail, run_cli, write_config
from tests.integration.test_agent_e2e import NOW, run_once, seed_acme

EXIT_INTERRUPTED, EXIT_PIPE = 130, 141


def _no_config_env(tmp_path: Path) -> dict[str, str]:
    return {"ONWARD_CONFIG": str(tmp_path / "absent.toml"), "XDG_DATA_HOME": str(tmp_path / "data")}


# -- 14.8: a reader that goes away (`| head`) ends the command quietly ----------------------------------


def _many_applications(tmp_path: Path, n: int) -> Path:
    """A config whose database holds ``n`` applications: far more output than a pipe buffers (64 KiB)."""
    db = tmp_path / "onward.db"
    store = Store.open(f"sqlite:///{db}")
    try:
        with store.transaction() as conn:
            for i in range(n):
                store.create_application(conn, company=f"Company {i}", company_key=f"company {i}",
                                         role="Backend Engineer", status="applied", message_id=f"<ack-{i}@test>",
                                         subject=f"Thank you for applying to Company {i}", now=NOW)
    finally:
        store.close()
    cfg = tmp_path / "onward.toml"
    cfg.write_text(f'[storage]\ndatabase = "sqlite:///{db}"\n', encoding="utf-8")
    return cfg


def _read_a_little_then_close(cmd: list[str], env: dict[str, str]) -> tuple[int, str]:
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.read(200)
    assert first, "the command printed nothing"
    proc.stdout.close()  # like `head -c 200`: the reader goes away while the command still writes
    err = proc.stderr.read().decode()
    return proc.wait(timeout=60), err


def test_output_into_a_closed_pipe_stops_quietly(tmp_path):
    cfg = _many_applications(tmp_path, 3000)
    jsonl = tmp_path / "many.jsonl"
    jsonl.write_text("".join(json.dumps({"subject": f"Newsletter {i}", "body": "Recipes and podcasts."}) + "\n"
                             for i in range(3000)), encoding="utf-8")
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    onward = [sys.executable, "-m", "agent.cli"]
    for args in (["--config", str(cfg), "outcomes", "--json"], ["--config", str(cfg), "outcomes"],
                 ["classify", "--json", str(jsonl)]):
        code, err = _read_a_little_then_close([*onward, *args], env)
        assert (code, err) == (EXIT_PIPE, ""), f"{args}: exit {code}\n{err}"


def test_a_shell_pipeline_into_head_prints_no_error(tmp_path):
    cfg = _many_applications(tmp_path, 3000)
    script = f'set -o pipefail; "{sys.executable}" -m agent.cli --config "{cfg}" outcomes --json | head -n 3'
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60)
    assert done.stdout.splitlines() == ["[", "  {", '    "application_id": 3000,']
    assert done.stderr == "" and done.returncode == EXIT_PIPE


# -- 14.9: a Message-ID with or without angle brackets ---------------------------------------------------


def test_label_accepts_a_message_id_without_angle_brackets(tmp_path, imap_account):
    seed_acme(imap_account)
    cfg = write_config(tmp_path, imap_account)
    run_once(cfg, imap_account)
    done = run_cli(cfg, "label", "rej-1@test", "interview")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("<rej-1@test>: ")
    assert cli_json(cfg, "outcomes")[0]["status"] == "interview"
    again = run_cli(cfg, "label", "<rej-1@test>", "rejection")  # the bracketed form still works
    assert again.returncode == 0, again.stderr
    assert cli_json(cfg, "outcomes")[0]["status"] == "rejected"
    unknown = run_cli(cfg, "label", "nope@test", "other")
    assert unknown.returncode == 2 and "no recorded email" in unknown.stderr


# -- 14.10: Ctrl-C during a backfill saves the progress, then exits 130 ------------------------------------


def test_backfill_interrupted_with_ctrl_c_exits_130_after_saving(tmp_path, imap_account):
    n = 1500
    imap_account.server.append(imap_account.user, "INBOX", job_mail(n, NOW, days=60, companies=["Acme", "Globex"]))
    cfg = write_config(tmp_path, imap_account, extra_imap="fetch_batch = 25")  # many batches: the signal lands mid-way
    db = tmp_path / "onward.db"
    env = {**os.environ, PASSWORD_ENV: imap_account.password}
    proc = subprocess.Popen([sys.executable, "-m", "agent.cli", "--config", str(cfg), "backfill"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None and count_messages(db) < 100:
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=30)
    assert "backfill interrupted" in err, f"finished before the signal (make the mailbox larger):\n{err}"
    assert proc.returncode == EXIT_INTERRUPTED, err
    assert "Traceback" not in err
    partial = count_messages(db)
    assert 0 < partial < n  # the progress was saved
    done = run_cli(cfg, "backfill", password=imap_account.password)
    assert done.returncode == 0, done.stderr
    assert f"fetched {n - partial}," in done.stderr and count_messages(db) == n


# -- 14.11: classify reports each bad file and classifies the rest --------------------------------------


def test_classify_reports_each_bad_file_and_classifies_the_rest(tmp_path):
    when = datetime(2026, 11, 20, 10, tzinfo=UTC)
    good = tmp_path / "good.eml"
    good.write_bytes(samples.rejection("Acme", "Backend Engineer", "Jane Miller <jane@acme.com>", when, "<r@t>"))
    empty = tmp_path / "empty.eml"
    empty.write_bytes(b"")
    folder = tmp_path / "folder"
    folder.mkdir()
    nulls = tmp_path / "export.jsonl"
    nulls.write_text(json.dumps({"id": "n1", "subject": None, "body": "Unfortunately we will not move forward "
                                 "with your application.", "from": None}) + "\n"
                     + json.dumps({"id": "n2", "subject": "Your order has shipped", "body": None}) + "\n",
                     encoding="utf-8")
    last = tmp_path / "last.eml"
    last.write_bytes(samples.ack("Globex", "Data Analyst", when, "<a@t>"))
    files = [good, empty, folder, Path("/dev/null"), tmp_path / "missing.eml", nulls, last]
    done = run_cli(None, "classify", "--json", *map(str, files), env_extra=_no_config_env(tmp_path))
    assert done.returncode == 2, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(r["id"], r["label"]) for r in rows] == [(str(good), "rejection"), ("n1", "rejection"),
                                                     ("n2", "other"), (str(last), "acknowledgement")]
    assert done.stderr.splitlines() == [
        f"onward: input: {empty}: is empty",
        f"onward: input: {folder}: is a directory (name the files in it, e.g. {folder}/*.eml)",
        "onward: input: /dev/null: is not a regular file (a device, pipe or socket)",
        f"onward: input: {tmp_path / 'missing.eml'}: no such file",
    ]
    table = run_cli(None, "classify", str(good), str(empty), env_extra=_no_config_env(tmp_path))
    assert table.returncode == 2 and "rejection" in table.stdout and "is empty" in table.stderr


# -- 14.12: an empty password variable is called empty -----------------------------------------------------


def test_an_empty_password_variable_is_called_empty(tmp_path, imap_account):
    cfg = write_config(tmp_path, imap_account)
    empty = run_cli(cfg, "check", password="")
    assert empty.returncode == 2
    assert f"environment variable {PASSWORD_ENV} (imap.password_env) is empty" in empty.stderr
    env = {k: v for k, v in os.environ.items() if k != PASSWORD_ENV}
    unset = subprocess.run([sys.executable, "-m", "agent.cli", "--config", str(cfg), "check"],
                           capture_output=True, text=True, timeout=60, env=env)
    assert unset.returncode == 2 and "is not set" in unset.stderr


def test_an_empty_onward_password_is_called_empty(monkeypatch):
    from agent.accounts.passwords import resolve_password
    from agent.config import ImapSettings, SecretError
    monkeypatch.setenv("ONWARD_PASSWORD", "")
    try:
        resolve_password(ImapSettings(host="imap.example.com", username="me@example.com"))
    except SecretError as exc:
        assert "ONWARD_PASSWORD environment variable, which is set but empty" in str(exc)
    else:
        raise AssertionError("an empty ONWARD_PASSWORD was accepted")


# -- 14.13: evaluate --data DIR: the layout is documented, a flat folder says what it holds -----------------


def test_evaluate_documents_the_layout_and_describes_a_flat_folder(tmp_path):
    env = _no_config_env(tmp_path)
    helptext = run_cli(None, "evaluate", "--help", env_extra=env)
    assert helptext.returncode == 0 and "DIR/<label>/*.eml" in helptext.stdout
    assert "DIR/rejection/acme.eml" in " ".join(helptext.stdout.split())
    flat = tmp_path / "flat"
    flat.mkdir()
    when = datetime(2026, 11, 20, 10, tzinfo=UTC)
    for i in range(3):
        (flat / f"m{i}.eml").write_bytes(samples.ack(f"Co{i}", "Engineer", when, f"<a{i}@t>"))
    (flat / "misc").mkdir()
    done = run_cli(None, "evaluate", "--data", str(flat), env_extra=env)
    assert done.returncode == 2
    assert (f"{flat}: found 3 .eml file(s) directly in it and sub-folder(s) misc (misc not a label)"
            in done.stderr), done.stderr
    assert "DIR/<label>/*.eml" in done.stderr and len(done.stderr.splitlines()) == 1


# -- 14.14 / 14.15 / 14.16: the views a user reads -----------------------------------------------------------


def _followup_table(cfg: Path) -> tuple[list[str], dict[int, dict[str, str]], str]:
    """The ``followups`` table: its header, the first line of each row by id (cells cut at the header's
    column starts), and all its words."""
    done = run_cli(cfg, "followups")
    assert done.returncode == 0, done.stderr
    header, *lines = done.stdout.splitlines()
    names = header.split()
    starts = [header.index(name) for name in names]
    cells = [{n: line[a:b].strip() for n, a, b in zip(names, starts, [*starts[1:], None], strict=True)}
             for line in lines if line[:1].isdigit()]
    return names, {int(c["ID"]): c for c in cells}, " ".join(done.stdout.split())


def test_followups_table_shows_the_saved_draft_and_the_whole_reason(tmp_path, imap_account):
    srv, user = imap_account.server, imap_account.user
    srv.append(user, "INBOX", samples.demo_story(NOW))  # Acme: a rejection from Jane; Globex: from a no-reply
    cfg = write_config(tmp_path, imap_account)
    run_once(cfg, imap_account)
    fus = {f["company"]: f for f in cli_json(cfg, "followups")}
    acme, globex = fus["Acme Robotics"], fus["Globex"]
    assert (acme["status"], globex["status"]) == ("scheduled", "needs_recipient")
    header, rows, _ = _followup_table(cfg)
    assert header == ["ID", "COMPANY", "KIND", "DUE_AT", "STATUS", "DRAFT", "TO", "REASON"]
    assert (rows[globex["id"]]["STATUS"], rows[globex["id"]]["DRAFT"]) == ("needs_recipient", "-")  # not yet

    # Jane writes again in the thread: Acme's follow-up is cancelled, with a reason longer than 40 characters
    srv.append(user, "INBOX", [samples.build_email(
        from_="Jane Miller <jane.miller@acmerobotics.com>", to=samples.USER, subject="Re: Interview invitation",
        body="One more thing: we will keep your resume on file for future openings in the platform team.",
        date=NOW - timedelta(hours=1), message_id="<a-rather-long-message-id-from-acme-robotics@mail.acme.test>",
        in_reply_to="<rejection-1@demo.onward>", references=["<rejection-1@demo.onward>"])])
    run_once(cfg, imap_account)
    later = datetime.fromisoformat(globex["due_at"]) + timedelta(hours=1)
    run_once(cfg, imap_account, "--now", later.isoformat())
    fus = {f["company"]: f for f in cli_json(cfg, "followups")}
    acme, globex = fus["Acme Robotics"], fus["Globex"]
    assert acme["status"] == "cancelled" and len(acme["reason"]) > 40 and not acme["draft_message_id"]
    assert globex["status"] == "needs_recipient" and globex["draft_message_id"]
    header, rows, words = _followup_table(cfg)
    assert (rows[globex["id"]]["STATUS"], rows[globex["id"]]["DRAFT"]) == ("needs_recipient", "no recipient")
    assert (rows[acme["id"]]["STATUS"], rows[acme["id"]]["DRAFT"]) == ("cancelled", "-")
    assert " ".join(acme["reason"].split()) in words  # wrapped, not cut


def test_outcomes_show_the_date_of_the_email_that_set_the_status(tmp_path, imap_account):
    seed_acme(imap_account, rejection_days_ago=5)
    cfg = write_config(tmp_path, imap_account)
    run_once(cfg, imap_account)
    (app,) = cli_json(cfg, "outcomes")
    events = {e["message_id"]: e["received_at"] for e in cli_json(cfg, "events")}
    assert app["message_id"] == "<rej-1@test>" and app["status_at"] == events["<rej-1@test>"]
    assert datetime.fromisoformat(app["status_at"]) == NOW - timedelta(days=5)
    assert datetime.fromisoformat(app["updated_at"]) > NOW - timedelta(minutes=5)  # processing time, kept
    table = run_cli(cfg, "outcomes").stdout.splitlines()
    assert "STATUS_AT" in table[0].split() and "UPDATED_AT" not in table[0]
    assert app["status_at"] in table[1]


def test_review_shows_p_rejection_beside_the_confidence(tmp_path, imap_account):
    when = NOW - timedelta(days=3)
    raw = samples.ack("Globex", "Data Analyst", when, "<ack-r@test>")
    imap_account.server.append(imap_account.user, "INBOX", [raw])
    # every job email below certainty goes to review: the acknowledgement is listed there
    cfg = write_config(tmp_path, imap_account, extra="[classifier]\nmin_confidence = 1.0\n")
    run_once(cfg, imap_account)
    (row,) = cli_json(cfg, "review")
    expected = Classifier.load().predict([EmailText(*email_text(parse_message(raw)))])[0]
    assert row["message_id"] == "<ack-r@test>" and row["label"] == "acknowledgement"
    assert abs(row["p_rejection"] - expected.probabilities["rejection"]) < 1e-3
    assert abs(row["confidence"] - expected.confidence) < 1e-3
    table = run_cli(cfg, "review").stdout.splitlines()
    assert table[0].split()[:4] == ["MESSAGE_ID", "LABEL", "CONFIDENCE", "P_REJECTION"]
    assert table[1].split()[:4] == ["<ack-r@test>", "acknowledgement", f"{row['confidence']:.2f}",
                                    f"{row['p_rejection']:.2f}"]
