"""The CLI contracts that need no mailbox: classify / evaluate inputs and JSON shapes, no config needed."""

from __future__ import annotations

import json
import mailbox
from datetime import UTC, datetime

from agent.demo import samples
from tests.helpers import run_cli

WHEN = datetime(2026, 11, 20, 10, tzinfo=UTC)
REJECTION = samples.rejection("Acme", "Backend Engineer", "Jane Miller <jane@acme.com>", WHEN, "<r@t>")
ACK = samples.ack("Globex", "Data Analyst", WHEN, "<a@t>")
NEWS = samples.newsletter(WHEN, "<n@t>")


def _no_config_env(tmp_path):
    return {"ONWARD_CONFIG": str(tmp_path / "absent.toml"), "XDG_DATA_HOME": str(tmp_path / "data")}


def test_classify_json_eml_mbox_jsonl_in_input_order(tmp_path):
    eml = tmp_path / "one.eml"
    eml.write_bytes(REJECTION)
    box = mailbox.mbox(str(tmp_path / "box.mbox"))
    for raw in (ACK, NEWS):
        box.add(raw)
    box.close()
    jsonl = tmp_path / "items.jsonl"
    jsonl.write_text(json.dumps({"id": "j1", "subject": "Interview invitation",
                                 "body": "We would like to invite you to a video interview next week. "
                                         "Please share your availability.", "from": "recruiter@initech.com"})
                     + "\n" + json.dumps({"subject": "Your order has shipped", "body": "Track your parcel."}) + "\n")
    done = run_cli(None, "classify", "--json", str(eml), str(tmp_path / "box.mbox"), str(jsonl),
                   env_extra=_no_config_env(tmp_path))
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["id"] for r in rows] == [str(eml), f"{tmp_path / 'box.mbox'}#1", f"{tmp_path / 'box.mbox'}#2",
                                       "j1", "items.jsonl:2"]
    assert [r["label"] for r in rows] == ["rejection", "acknowledgement", "other", "interview", "other"]
    for r in rows:
        assert set(r) == {"id", "label", "confidence", "is_rejection", "company", "role"}
        assert 0.0 <= r["confidence"] <= 1.0 and r["is_rejection"] == (r["label"] == "rejection")
        for value in (r["company"], r["role"]):  # the extraction: value (or null), where from, how sure
            assert set(value) == {"value", "source", "confidence"} and 0.0 <= value["confidence"] <= 1.0
            assert (value["value"] is None) == (value["source"] == "none")


def test_classify_explain_and_table(tmp_path):
    eml = tmp_path / "one.eml"
    eml.write_bytes(REJECTION)
    done = run_cli(None, "classify", "--explain", "--json", str(eml), env_extra=_no_config_env(tmp_path))
    row = json.loads(done.stdout)
    assert row["explanation"] and all({"phrase", "weight"} == set(e) for e in row["explanation"])
    table = run_cli(None, "classify", "--explain", str(eml), env_extra=_no_config_env(tmp_path))
    assert table.returncode == 0 and "because of" in table.stdout and "rejection" in table.stdout


def test_bad_input_is_one_clear_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"subject": "ok", "body": "fine"}\n{not json\n')
    done = run_cli(None, "classify", "--json", str(bad), env_extra=_no_config_env(tmp_path))
    assert done.returncode == 2 and "bad.jsonl:2" in done.stderr and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    missing = run_cli(None, "classify", str(tmp_path / "nope.eml"), env_extra=_no_config_env(tmp_path))
    assert missing.returncode != 0 and "no such file" in missing.stderr


def test_evaluate_prints_metrics(tmp_path):
    data = tmp_path / "labelled.jsonl"
    rows = [{"subject": "Your application to Acme", "body": "Unfortunately we will not move forward with your "
             "application and have chosen other candidates.", "from": "no-reply@acme.com", "label": "rejection"},
            {"subject": "Thank you for applying", "body": "We have received your application and will review it.",
             "from": "no-reply@greenhouse.io", "label": "acknowledgement"}]
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    done = run_cli(None, "evaluate", "--data", str(data), "--json", env_extra=_no_config_env(tmp_path))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["n"] == 2 and report["rejection_recall"] == 1.0
    text = run_cli(None, "evaluate", "--data", str(data), env_extra=_no_config_env(tmp_path))
    assert "confusion" in text.stdout.lower()


def test_records_without_config_are_empty_json(tmp_path):
    for cmd in ("outcomes", "events", "followups", "review"):
        done = run_cli(None, cmd, "--json", env_extra=_no_config_env(tmp_path))
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == []


def test_mailbox_commands_need_a_config(tmp_path):
    done = run_cli(None, "check", env_extra=_no_config_env(tmp_path))
    assert done.returncode == 2 and "no config file" in done.stderr


def test_classify_explain_names_the_job_context_and_its_phrase(tmp_path):
    items = tmp_path / "items.jsonl"
    items.write_text(json.dumps({"id": "flat", "subject": "Ihre Anfrage zur Wohnung",
                                 "body": "Sehr geehrter Herr Kowalski, vielen Dank für Ihr Interesse an der "
                                         "2-Zimmer-Wohnung in der Gartenstraße und die Besichtigung am Samstag. Leider "
                                         "hat sich die Eigentümerin für einen anderen Bewerber entschieden. "
                                         "Mit freundlichen Grüßen, Hausverwaltung Brandt"}) + "\n"
                     + json.dumps({"id": "job", "subject": "Your application for Backend Engineer",
                                   "from": "Jane Miller <jane@acme.com>",
                                   "body": "Hi Alex, thank you for interviewing for the Backend Engineer role. "
                                           "Unfortunately we have decided to move forward with other candidates "
                                           "whose experience more closely matches our needs. Best, Jane"}) + "\n")
    done = run_cli(None, "classify", "--explain", "--json", str(items), env_extra=_no_config_env(tmp_path))
    assert done.returncode == 0, done.stderr
    flat, job = [json.loads(line) for line in done.stdout.splitlines()]
    assert flat["label"] == "other" and flat["job_context"]["job"] is False
    assert flat["job_context"]["phrases"] and all(e["weight"] < 0 for e in flat["job_context"]["phrases"])
    assert job["label"] == "rejection" and job["job_context"]["job"] is True
    assert all(e["weight"] > 0 for e in job["job_context"]["phrases"])
    table = run_cli(None, "classify", "--explain", str(items), env_extra=_no_config_env(tmp_path))
    assert "job context: not about a job application" in table.stdout
    assert "job context: about a job application" in table.stdout
