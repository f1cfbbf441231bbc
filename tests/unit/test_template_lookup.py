"""Which template a draft is written with, from the user's settings: ``followup.templates_dir`` in the
draft's language, else English there; ``followup.template`` for the thank-you after a rejection; the
shortest check-in wait the config accepts."""

from __future__ import annotations

import pytest

from agent.config import ConfigError, parse_settings
from agent.followups.templates import load


def _followup(tmp_path, **keys):
    return parse_settings({"followup": {"your_name": "Alex", **keys},
                           "storage": {"database": f"sqlite:///{tmp_path / 'x.db'}"}}).followup


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)


def test_templates_dir_in_the_drafts_language_then_english(tmp_path):
    own = tmp_path / "templates"
    _write(own / "rejection_thanks" / "after_application.de.txt.j2", "Danke, {{ company }}.")
    _write(own / "check_in" / "after_application.en.txt.j2", "Any news, {{ company }}?")
    f = _followup(tmp_path, templates_dir=str(own))
    assert load(f, "rejection_thanks", "after_application", "de") == (
        "Danke, {{ company }}.", "rejection_thanks/after_application", "de")
    assert load(f, "check_in", "after_application", "sv") == (  # none shipped in Swedish either
        "Any news, {{ company }}?", "check_in/after_application", "en")


def test_the_single_template_key_writes_every_rejection_thanks(tmp_path):
    _write(tmp_path / "mine.txt.j2", "Thank you, {{ company }}.")
    f = _followup(tmp_path, template=str(tmp_path / "mine.txt.j2"))
    for kind in ("rejection_thanks",):  # as stored on the follow-up: a plain string
        assert load(f, kind, "after_interview", "de").text == "Thank you, {{ company }}."
    assert load(f, "check_in", "after_application", "en").text != "Thank you, {{ company }}."


def test_check_in_days_may_be_one_but_not_zero(tmp_path):
    assert _followup(tmp_path, check_in_days=1).check_in_days == 1
    with pytest.raises(ConfigError, match="check_in_days"):
        _followup(tmp_path, check_in_days=0)


def test_a_template_in_no_language_is_named_in_the_error():
    settings = parse_settings({"imap": {"host": "h", "username": "u@example.org"}}).followup
    with pytest.raises(FileNotFoundError, match="no template no_such_kind/after_application \\(looked for fr and en\\)"):
        load(settings, "no_such_kind", "after_application", "fr")


@pytest.mark.parametrize("regional, base", [("de-AT", "de"), ("fr-CA", "fr"), ("es-MX", "es")])
def test_a_regional_language_without_its_own_template_is_written_in_its_base_language(regional, base):
    settings = parse_settings({"imap": {"host": "h", "username": "u@example.org"}}).followup
    got = load(settings, "rejection_thanks", "after_interview", regional)
    assert got.text == load(settings, "rejection_thanks", "after_interview", base).text
    assert got.text != load(settings, "rejection_thanks", "after_interview", "en").text
