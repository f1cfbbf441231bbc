"""The [followup] keys of follow-up kinds (parsed in agent/config.py): each default as
docs/configuration.md gives it, and each whole-number key at both ends of its range (accepted) and one
past each end (refused with one clear line), the boundaries written out."""

from __future__ import annotations

import pytest

from agent.config import ConfigError, parse_settings

BASE = {"imap": {"host": "imap.example.org", "username": "alex@example.org"}}


def test_the_defaults() -> None:
    f = parse_settings(BASE).followup
    assert (f.language, f.after_application_rejection, f.portuguese) == ("en", "draft", "auto")
    assert (f.rejection_thanks, f.interview_thanks, f.check_in) == (True, True, True)
    assert (f.check_in_days, f.max_check_ins, f.ghosted_days) == (14, 1, 45)


@pytest.mark.parametrize(("key", "low", "high"), [("check_in_days", 1, 365), ("max_check_ins", 0, 2),
                                                   ("ghosted_days", 0, 3650)])
def test_each_range_holds_its_ends_and_refuses_past_them(key: str, low: int, high: int) -> None:
    for fine in (low, high):
        assert getattr(parse_settings({**BASE, "followup": {key: fine}}).followup, key) == fine
    for bad in (low - 1, high + 1):
        with pytest.raises(ConfigError) as err:
            parse_settings({**BASE, "followup": {key: bad}})
        assert str(err.value) == f"followup.{key} = {bad}: expected a whole number from {low} to {high}"
