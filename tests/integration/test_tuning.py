"""Tuning by the user: corrections, training folders, review, and a personal model."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta

from agent.demo import samples
from agent.model import tuning
from agent.model.classifier import Classifier, EmailText
from tests.helpers import cli_json, run_cli, write_config
from tests.integration.test_agent_e2e import NOW, run_once, seed_acme


def examples_in(db):
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("select message_id, label from examples"))


def test_label_fixes_the_record_at_once(tmp_path, imap_account):
    seed_acme(imap_account)
    cfg = write_config(tmp_path, imap_account)
    run_once(cfg, imap_account)
    assert cli_json(cfg, "followups")[0]["status"] == "scheduled"
    done = run_cli(cfg, "label", "<rej-1@test>", "interview")
    assert done.returncode == 0, done.stderr
    (app,) = cli_json(cfg, "outcomes")
    assert app["status"] == "interview"
    assert cli_json(cfg, "followups")[0]["status"] == "cancelled"
    assert examples_in(tmp_path / "onward.db")["<rej-1@test>"] == "interview"
    # and back: a rejection again schedules nothing new (one follow-up per application, ever)
    assert run_cli(cfg, "label", "<rej-1@test>", "rejection").returncode == 0
    assert cli_json(cfg, "outcomes")[0]["status"] == "rejected"
    assert len(cli_json(cfg, "followups")) == 1
    bad = run_cli(cfg, "label", "<rej-1@test>", "maybe")
    assert bad.returncode == 2 and "expected one of" in bad.stderr
    unknown = run_cli(cfg, "label", "<nope@test>", "other")
    assert unknown.returncode == 2 and "no recorded email" in unknown.stderr


def test_training_folders_give_examples_and_a_changed_mind_replaces(tmp_path, imap_account):
    srv, user = imap_account.server, imap_account.user
    news = samples.newsletter(NOW - timedelta(days=1), "<news-t@test>")
    srv.append(user, "INBOX", [news])
    cfg = write_config(tmp_path, imap_account, extra_imap='training_folders = { rejection = "Onward/Rejection", '
                       'other = "Onward/Not a rejection" }')
    run_once(cfg, imap_account)
    srv.append(user, "Onward/Rejection", [news])
    run_once(cfg, imap_account)
    assert examples_in(tmp_path / "onward.db") == {"<news-t@test>": "rejection"}
    events = cli_json(cfg, "events")
    assert [(e["message_id"], e["label"]) for e in events] == [("<news-t@test>", "rejection")]
    run_once(cfg, imap_account)  # the same email is never counted twice
    assert len(examples_in(tmp_path / "onward.db")) == 1
    srv.append(user, "Onward/Not a rejection", [news])
    run_once(cfg, imap_account)
    assert examples_in(tmp_path / "onward.db") == {"<news-t@test>": "other"}
    assert cli_json(cfg, "events") == []


def _corpus(tmp_path, rows):
    d = tmp_path / "corpus"
    d.mkdir(exist_ok=True)
    (d / "small.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return d


def _rows(n=8):
    kinds = {
        "rejection": "Unfortunately we have decided to move forward with other candidates for the {r} role.",
        "interview": "We would like to invite you to an interview for the {r} role. Please share your availability.",
        "offer": "We are delighted to offer you the {r} position. Your offer letter is attached.",
        "acknowledgement": "Thank you for applying for the {r} role. We have received your application.",
        "other": "Your weekly newsletter: {r} tips, recipes and podcasts. Unsubscribe anytime.",
    }
    roles = ["data", "backend", "frontend", "product", "design", "sales", "ops", "qa", "ml", "infra"]
    return [{"subject": f"{lab} {i}", "body": text.format(r=roles[i % len(roles)]), "from": "x@y.com",
             "label": lab} for lab, text in kinds.items() for i in range(n)]


def test_personal_model_learns_from_user_examples(tmp_path, monkeypatch):
    monkeypatch.setattr(tuning, "shipped_corpus_dir", lambda: _corpus(tmp_path, _rows()))
    quirky = {"subject": "Update", "body": "The zebra committee has spoken: no zebra for you this season.",
              "from": "hr@zoo.example", "label": "rejection"}
    out = tmp_path / "personal.skops"
    user = [dict(quirky, subject=f"Update {i}", body=quirky["body"] + f" ref {i}") for i in range(6)]
    result = tuning.train_personal(data=[], user_examples=user, current_model=None, out_path=out, folds=3,
                                   force=True)
    assert result.switched and out.is_file() and out.with_suffix(".json").is_file()
    clf = Classifier.load(out)
    assert clf.predict([EmailText("Update", quirky["body"], "hr@zoo.example")])[0].label == "rejection"
    # without examples of the user's own nothing is switched unless forced
    again = tuning.train_personal(data=[], user_examples=[], current_model=out, out_path=tmp_path / "p2.skops",
                                  folds=3)
    assert not again.switched and not (tmp_path / "p2.skops").exists()


def test_too_few_examples_are_counted_before_any_training(tmp_path, monkeypatch):
    """One example, or none: said at once, without the minutes of cross-validation (nothing is fitted)."""
    import time

    from agent.model import training
    fitted: list[int] = []
    real_train = training.train
    monkeypatch.setattr(training, "train", lambda examples, **kw: fitted.append(len(examples)) or real_train(examples, **kw))
    said: list[str] = []
    one = [{"subject": "Update", "body": "We regret to inform you.", "from": "hr@acme.example", "label": "rejection"}]
    for user in (one, []):
        started = time.monotonic()
        result = tuning.train_personal(data=[], user_examples=user, current_model=None,
                                       out_path=tmp_path / "p.skops", folds=5, progress=said.append)
        assert time.monotonic() - started < 20
        assert not result.switched and "nothing was trained" in result.summary
    assert fitted == [] and not any(line.startswith("fold ") for line in said)
    assert "means nothing" in tuning.train_personal(data=[], user_examples=one, current_model=None,
                                                    out_path=tmp_path / "p.skops").summary
