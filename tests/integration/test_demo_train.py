"""``onward demo`` and ``onward train`` end to end (issue 15.13; 14.18), through the real CLI.

The demo starts its own throwaway Dovecot (like the ``dovecot`` fixture, it needs the Debian package
``dovecot-imapd``); train fits a real personal model from the shipped corpus plus a few labelled
``.eml`` files and writes it to the (temporary) user data dir, where ``classify`` then finds it.
"""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime
from email import message_from_string
from email.policy import default as default_policy
from pathlib import Path

from agent.testing import samples
from tests.helpers import run_cli

WHEN = datetime(2026, 11, 20, 10, tzinfo=UTC)


def _env(tmp_path: Path) -> dict[str, str]:
    return {"ONWARD_CONFIG": str(tmp_path / "absent.toml"), "XDG_DATA_HOME": str(tmp_path / "data")}


def _drafts(story: str) -> list[str]:
    return [part.split("\n\n", 1)[0] for part in re.split(r"\n----- Drafts, message \d+ .*-----\n", story)[1:]]


def test_demo_tells_the_story_once_without_log_lines(tmp_path, dovecot):
    # `dovecot` only to skip (fail under CI) without Dovecot, as every Dovecot test: the demo starts its own
    done = run_cli(None, "demo", env_extra=_env(tmp_path), timeout=180)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no INFO lines interleaved with the story
    steps = [line.split(".", 1)[0] for line in done.stdout.splitlines() if re.match(r"\d\. ", line)]
    assert steps == ["1", "2", "3", "4", "5"]
    assert "2 follow-up(s) queued" in done.stdout and "2 draft(s) saved" in done.stdout
    drafts = _drafts(done.stdout)
    assert len(drafts) == 2
    for head in drafts:
        msg = message_from_string(head + "\n\n", policy=default_policy)
        assert msg["From"] == "Alex Doe <alex.doe@example.com>" and msg["In-Reply-To"]
    assert done.stdout.rstrip().endswith("the drafts wait in Drafts for you to review, edit and send.")


def test_demo_verbose_shows_the_log(tmp_path, dovecot):
    done = run_cli(None, "-v", "demo", env_extra=_env(tmp_path), timeout=180)
    assert done.returncode == 0, done.stderr
    assert " INFO " in done.stderr and "label=rejection" in done.stderr
    assert " INFO " not in done.stdout  # the story stays on stdout, the log on stderr


def _labelled(root: Path) -> Path:
    """A few labelled emails in the documented layout, DIR/<label>/*.eml."""
    for i, company in enumerate(["Acme", "Globex", "Initech"]):
        (root / "rejection").mkdir(parents=True, exist_ok=True)
        (root / "interview").mkdir(parents=True, exist_ok=True)
        (root / "rejection" / f"{company}.eml").write_bytes(samples.rejection(
            company, "Engineer", f"Jane Roe <jane@{company.lower()}.com>", WHEN, f"<rej-{i}@test>"))
        (root / "interview" / f"{company}.eml").write_bytes(samples.interview(
            company, "Engineer", "Jane Roe", f"jane@{company.lower()}.com", WHEN, f"<int-{i}@test>"))
    return root


def test_train_on_a_few_labelled_examples(tmp_path):
    env = _env(tmp_path)
    data = _labelled(tmp_path / "labelled")
    model = tmp_path / "data" / "onward" / "models" / "personal.skops"

    started = time.monotonic()
    kept = run_cli(None, "train", "--data", str(data), "--folds", "2", env_extra=env, timeout=300)
    assert kept.returncode == 0, kept.stderr
    assert "training data:" in kept.stderr and "+ 6 of yours" in kept.stderr
    # 3 + 3 examples: too few for the evaluation to mean anything, so no switch without --force; counted
    # before any training, so it is said at once (not after minutes of cross-validation)
    summary = kept.stdout.splitlines()
    assert summary[-1].startswith("kept the current model: an evaluation on 6 of your examples means nothing"), summary
    assert "nothing was trained" in summary[-1] and "--force switches anyway" in summary[-1] and not model.exists()
    assert "fold 1/" not in kept.stderr and time.monotonic() - started < 60
    forced = run_cli(None, "train", "--data", str(data), "--folds", "2", "--force", env_extra=env, timeout=900)
    assert forced.returncode == 0, forced.stderr
    summary = forced.stdout.splitlines()
    assert summary[0] == "cross-validated on your examples:"
    assert re.match(r"  new model +rejection P [01]\.\d{3}  R [01]\.\d{3}  F1 [01]\.\d{3}   macro F1 "
                    r"[01]\.\d{3}   on 6 examples$", summary[1]), summary
    assert summary[2].startswith("  current model ") and "on 6 examples" in summary[2]
    # progress while it trains, and how long is left
    assert "cross-validation: 2 folds, then the final model" in forced.stderr
    assert re.search(r"fold 1/2 done in \d+ (s|min \d\d s); about \d+ (s|min \d\d s) left for the folds", forced.stderr), forced.stderr
    assert re.search(r"training the final model on all examples \(about \d+ (s|min \d\d s)\)", forced.stderr)
    assert forced.stdout.splitlines()[-1].startswith(f"switched to the new model: personal model 1 ({model})")
    assert model.is_file() and model.with_suffix(".json").is_file()
    meta = json.loads(model.with_suffix(".json").read_text())
    assert meta["kind"] == "personal" and meta["n_user_examples"] == 6

    # the personal model is the one in force now: classify uses it and still gets a rejection right
    eml = data / "rejection" / "Acme.eml"
    done = run_cli(None, "classify", "--json", str(eml), env_extra=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["label"] == "rejection"


def test_train_with_a_flat_folder_says_what_it_found(tmp_path):
    flat = tmp_path / "flat"
    flat.mkdir()
    (flat / "one.eml").write_bytes(samples.ack("Acme", "Engineer", WHEN, "<a@t>"))
    done = run_cli(None, "train", "--data", str(flat), env_extra=_env(tmp_path), timeout=120)
    assert done.returncode == 2
    assert f"{flat}: found 1 .eml file(s) directly in it and no sub-folder" in done.stderr
    assert not (tmp_path / "data" / "onward" / "models").exists()
