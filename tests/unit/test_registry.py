"""Safe personal training: a too-small evaluation is refused unless --force, every adopted model is
kept, `onward model list` / `onward model use shipped|N` go back, and model_in_use names the model.
Real training on a small corpus written for these tests; the real CLI in a subprocess."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from agent.model import registry, tuning
from agent.model.classifier import Classifier
from tests.helpers import run_cli

KINDS = {
    "rejection": "Unfortunately we have decided to move forward with other candidates for the {r} role.",
    "interview": "We would like to invite you to an interview for the {r} role. Please share your availability.",
    "offer": "We are delighted to offer you the {r} position. Your offer letter is attached.",
    "acknowledgement": "Thank you for applying for the {r} role. We have received your application.",
    "other": "Your weekly newsletter: {r} tips, recipes and podcasts. Unsubscribe anytime.",
}
ROLES = ["data", "backend", "frontend", "product", "design", "sales", "ops", "qa"]


@pytest.fixture()
def home(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    rows = [{"subject": f"{lab} {i}", "body": t.format(r=ROLES[i]), "from": "x@y.example", "label": lab}
            for lab, t in KINDS.items() for i in range(len(ROLES))]
    (corpus / "small.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    monkeypatch.setattr(tuning, "shipped_corpus_dir", lambda: corpus)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("ONWARD_CONFIG", raising=False)
    return tmp_path


def _user(n_rej: int, n_ack: int) -> list[dict[str, str]]:
    rej = [{"subject": f"Zebra {i}", "body": f"The zebra committee has spoken: no zebra for you, ref {i}.",
            "from": "hr@zoo.example", "label": "rejection"} for i in range(n_rej)]
    ack = [{"subject": f"Got it {i}", "body": f"Thank you, the zebra committee has your form number {i}.",
            "from": "hr@zoo.example", "label": "acknowledgement"} for i in range(n_ack)]
    return rej + ack


def _train(user, force=False):
    out = registry.models_dir() / "personal.skops"
    cur = out if out.is_file() else None
    return tuning.train_personal(data=[], user_examples=user, current_model=cur, out_path=out, folds=3, force=force)


def test_evaluation_too_small_says_how_many_per_label():
    assert tuning.evaluation_too_small(["rejection"] * 2 + ["acknowledgement"]) is not None
    msg = tuning.evaluation_too_small(["rejection"] * 2 + ["acknowledgement"])
    assert "at least 5 examples per label in at least 2 labels" in msg and "rejection 2, acknowledgement 1" in msg
    assert tuning.evaluation_too_small(["rejection"] * 9) is not None  # one label: no precision to measure
    assert tuning.evaluation_too_small(["rejection"] * 5 + ["other"] * 5) is None


def test_three_examples_do_not_switch_without_force(home):
    result = _train(_user(2, 1))
    assert not result.switched
    assert "means nothing" in result.summary and "--force" in result.summary
    assert not (registry.models_dir() / "personal.skops").exists()
    assert registry.model_in_use(SimpleNamespace(classifier=SimpleNamespace(model=None)))["model"] == "shipped"


def test_models_are_kept_listed_and_used_again(home):
    env = {"XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config")}
    first = _train(_user(2, 1), force=True)
    assert first.switched and "personal model 1" in first.summary
    second = _train(_user(3, 2), force=True)
    assert second.switched and "personal model 2" in second.summary
    root = registry.models_dir()
    assert sorted(registry.numbered(root)) == [1, 2]
    settings = SimpleNamespace(classifier=SimpleNamespace(model=None))
    assert registry.model_in_use(settings)["number"] == 2

    done = run_cli(None, "model", "list", "--json", env_extra=env)
    assert done.returncode == 0, done.stderr
    rows = {r["model"]: r for r in json.loads(done.stdout)}
    assert set(rows) == {"shipped", "1", "2"} and rows["2"]["in_use"] and not rows["shipped"]["in_use"]

    done = run_cli(None, "model", "use", "1", env_extra=env)
    assert done.returncode == 0 and "personal model 1" in done.stdout, done.stderr
    assert registry.model_in_use(settings)["number"] == 1
    assert json.loads((root / "personal.json").read_text())["sha256"] == \
        json.loads((root / "personal-1.json").read_text())["sha256"]
    Classifier.load(root / "personal.skops")  # the copy in use loads (files and metadata agree)

    done = run_cli(None, "model", "use", "shipped", env_extra=env)
    assert done.returncode == 0 and "shipped" in done.stdout
    assert registry.model_in_use(settings)["model"] == "shipped" and sorted(registry.numbered(root)) == [1, 2]

    done = run_cli(None, "model", "use", "7", env_extra=env)
    assert done.returncode == 2 and "no personal model 7 (kept: 1, 2" in done.stderr
    done = run_cli(None, "model", "use", "latest", env_extra=env)
    assert done.returncode == 2 and "expected 'shipped' or a number" in done.stderr


def test_an_unnumbered_personal_model_from_an_older_onward_is_kept(home):
    root = registry.models_dir()
    assert _train(_user(2, 1), force=True).switched
    meta = json.loads((root / "personal.json").read_text())
    del meta["number"]
    (root / "personal.json").write_text(json.dumps(meta))
    for suffix in (".skops", ".npz", ".json"):
        (root / f"personal-1{suffix}").unlink()
    assert registry.keep_unnumbered(root) == 1 and registry.numbered(root) == {1: root / "personal-1.skops"}


def test_model_in_use_follows_the_config(home):
    settings = SimpleNamespace(classifier=SimpleNamespace(model=str(home / "mine.skops")))
    assert registry.model_in_use(settings) == {"model": "file", "path": str(home / "mine.skops"), "trained_at": None}
