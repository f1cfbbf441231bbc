"""``--now`` on the commands that record the user's word (add, edit, merge, interview, label, a follow-up's
action): a history can be replayed beside ``run --once --now`` without faking the machine's clock. Through the
command line, on a real SQLite file."""

from __future__ import annotations

import json

from agent.cli import main


def _config(tmp_path) -> str:
    cfg = tmp_path / "onward.toml"
    cfg.write_text(f'[followup]\nyour_name = "Alex Doe"\ntimezone = "Europe/Berlin"\n\n'
                   f'[storage]\ndatabase = "sqlite:///{tmp_path / "onward.db"}"\n', encoding="utf-8")
    return str(cfg)


def _json(capsys, *argv: str) -> object:
    assert main(list(argv)) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def test_a_history_typed_at_its_own_times(tmp_path, capsys):
    cfg = _config(tmp_path)
    app = _json(capsys, "--config", cfg, "add", "--company", "Acme", "--role", "Data Analyst",
                "--applied", "2026-09-01", "--contact", "Jane Roe <jane@acme.example>",
                "--now", "2026-09-01T18:00", "--json")
    assert app["applied_at"].startswith("2026-08-31T22:00")  # local midnight, Berlin in summer
    # a week later the user types the interview: its thank-you is planned, due two hours after its end (the
    # wall clock, months on, would call it an interview long over and plan none)
    assert main(["--config", cfg, "interview", str(app["application_id"]), "--at", "2026-09-10T14:00",
                 "--now", "2026-09-08T09:00"]) == 0
    capsys.readouterr()
    [thanks] = [f for f in _json(capsys, "--config", cfg, "followups", "--json")
                if f["kind"] == "interview_thanks"]
    assert (thanks["status"], thanks["due_at"]) == ("scheduled", "2026-09-10T15:00:00+00:00")
    # the user moves it, then skips it, each at its own time
    moved = _json(capsys, "--config", cfg, "followups", "set", str(thanks["id"]), "--due", "2026-09-11T09:00",
                  "--now", "2026-09-10T12:00", "--json")
    assert moved["due_at"] == "2026-09-11T07:00:00+00:00"
    skipped = _json(capsys, "--config", cfg, "followups", "skip", str(thanks["id"]), "--now", "2026-09-10T12:05",
                    "--json")
    assert skipped["status"] == "cancelled"
    # the user's word that the company said no, at its time: the application's last change is then
    edited = _json(capsys, "--config", cfg, "edit", str(app["application_id"]), "--status", "rejected",
                   "--now", "2026-09-20T10:00", "--json")
    assert (edited["status"], edited["updated_at"]) == ("rejected", "2026-09-20T08:00:00+00:00")


def test_a_now_that_is_no_date_time_is_one_line_and_exit_2(tmp_path, capsys):
    cfg = _config(tmp_path)
    for argv in (["add", "--company", "Acme", "--role", "Analyst"], ["label", "<x@acme.example>", "rejection"]):
        assert main(["--config", cfg, *argv, "--now", "next tuesday"]) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and "--now 'next tuesday'" in err, err
    assert main(["--config", cfg, "outcomes", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []  # nothing recorded
