"""The application's language - its check-ins' - is that of the company's latest email by date, whatever order
the emails are read in: an older email read last (in another watched folder read after INBOX) does not
make the check-in to a company that last wrote in German an English one (agent/record/outcomes.py:Recorder)."""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent.demo import samples
from agent.model.classifier import Classifier
from tests.unit.memory_world import USER, deliver, followups, memory_world, outcomes
from tests.unit.test_recorded_facts import _muster

T0 = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)  # a Monday
IMAP = {"host": "imap.example.org", "username": USER, "folders": ["INBOX", "Jobs"], "initial_lookback_days": 60}


def test_an_older_email_read_last_does_not_set_the_check_ins_language(tmp_path, model):
    box, agent, store = memory_world(tmp_path, model, imap=IMAP)
    box.create("Jobs")
    try:
        deliver(box, _muster("en", T0, "<m1@muster-technik.de>"), "Jobs")  # filed: read after INBOX
        deliver(box, _muster("de", T0 + timedelta(days=7), "<m2@muster-technik.de>", "<m1@muster-technik.de>"))
        agent.run_pass(T0 + timedelta(days=7, hours=1))
        assert [a.language for a in outcomes(store)] == ["de"]
        agent.run_pass(T0 + timedelta(days=25))
        assert [(f.kind, f.language) for f in followups(store)] == [("check_in", "de")]
    finally:
        store.close()


_MODEL: list[Classifier] = []
_DAYS = {"m1": 0, "m2": 4, "m3": 9}


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(order=st.permutations(sorted(_DAYS)), langs=st.lists(st.sampled_from(["en", "de"]), min_size=3, max_size=3),
       cut=st.integers(0, 3))
def test_the_language_is_the_latest_emails_whatever_the_order(order: list[str], langs: list[str], cut: int) -> None:
    if not _MODEL:
        _MODEL.append(Classifier.load())
    tmp = Path(tempfile.mkdtemp(prefix="onward-language-"))
    box, agent, store = memory_world(tmp, _MODEL[0])
    try:
        lang = dict(zip(sorted(_DAYS), langs, strict=True))
        for n, name in enumerate(order):
            reply = None if name == "m1" else "<m1@muster-technik.de>"
            deliver(box, _muster(lang[name], T0 + timedelta(days=_DAYS[name]), f"<{name}@muster-technik.de>", reply))
            if n + 1 == cut:
                agent.run_pass(T0 + timedelta(days=10))
        agent.run_pass(T0 + timedelta(days=10, hours=1))
        assert [a.language for a in outcomes(store)] == [lang["m3"]]
    finally:
        store.close()
        shutil.rmtree(tmp, ignore_errors=True)


_ANNA = "Anna Schmidt <anna.schmidt@muster-technik.de>"
_REJECTION_DE = ("Sehr geehrter Herr Doe,\n\nvielen Dank für Ihre Bewerbung als Software Developer und Ihr Interesse an "
                 "der Muster Technik GmbH. Leider müssen wir Ihnen mitteilen, dass wir uns für einen anderen Kandidaten "
                 "entschieden haben. Wir wünschen Ihnen für Ihre weitere berufliche Zukunft alles Gute.\n\n"
                 "Mit freundlichen Grüßen\nAnna Schmidt\nMuster Technik GmbH\n")


def _rejection_de(when: datetime) -> bytes:
    return samples.build_email(from_=_ANNA, to=USER, subject="Ihre Bewerbung als Software Developer",
                               body=_REJECTION_DE, date=when, message_id="<r1@muster-technik.de>")


@pytest.mark.parametrize("later_read_first", [False, True])
def test_a_rejections_thank_you_is_never_written_in_a_later_emails_language(tmp_path, model, later_read_first):
    """The application's language follows the company's latest job email, but a job email after the rejection
    ends the rejection's thank-you ("the company wrote again"): a waiting thank-you is always in the
    rejection's language, whichever of the two emails a pass reads first."""
    box, agent, store = memory_world(tmp_path, model)
    try:
        deliver(box, _muster("en", T0, "<m1@muster-technik.de>"))
        agent.run_pass(T0 + timedelta(hours=1))
        rejection, later = _rejection_de(T0 + timedelta(days=10)), _muster("en", T0 + timedelta(days=12),
                                                                           "<m2@muster-technik.de>")
        for raw in ([later, rejection] if later_read_first else [rejection]):
            deliver(box, raw)
        agent.run_pass(T0 + timedelta(days=12, hours=1))
        if later_read_first:
            assert [(f.kind, f.status) for f in followups(store)] == [("rejection_thanks", "cancelled")]
            return
        agent.run_pass(T0 + timedelta(days=13))
        assert [(f.kind, f.language) for f in followups(store)] == [("rejection_thanks", "de")]
        deliver(box, later)
        agent.run_pass(T0 + timedelta(days=40))
        assert [a.language for a in outcomes(store)] == ["en"]
        assert [(f.kind, f.status) for f in followups(store)] == [("rejection_thanks", "cancelled")]
    finally:
        store.close()
