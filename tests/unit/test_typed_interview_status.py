"""An interview typed after it took place (``onward interview APP --at`` the day after, or the web page's
interview form) and the company's no that came between the interview and the typing: the no is the news
after the interview, so the application is rejected - on the board, in ``outcomes``, the report and the
digest - whatever order the pass and the user's typing came in. Real passes over the in-memory mailbox, a
real SQLite file, the real model, the real CLI."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.cli import main
from agent.demo import samples
from agent.record.rules import AppStatus, Label, status_with_interview
from tests.unit.memory_world import deliver, memory_world

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
INTERVIEW_AT = T0 + timedelta(days=10, hours=1)     # Thursday 12 Nov, 10:00 UTC, an hour
REJECTED_AT = T0 + timedelta(days=12, hours=11)     # Saturday evening: "we went with another candidate"
TYPED_AT = T0 + timedelta(days=13, hours=8)         # Sunday morning the user records the interview's time


def _onward(cfg: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> str:
    code = main(["--config", str(cfg), *args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.mark.parametrize("order", ["typed, then the pass reads the no", "the no on record, then typed"])
def test_a_no_after_the_interview_rejects_the_application_the_user_typed_the_interview_of_later(
        tmp_path: Path, model, capsys: pytest.CaptureFixture[str], order: str) -> None:
    box, agent, store = memory_world(tmp_path, model, lookback_days=90)
    cfg = tmp_path / "onward.toml"
    cfg.write_text(f'[storage]\ndatabase = "sqlite:///{tmp_path / "onward.db"}"\n\n[followup]\ntimezone = "UTC"\n',
                   encoding="utf-8")
    invitation = samples.interview("Quillbyte", "Graduate Engineer", "Priya Raman", "priya@quillbyte.test",
                                   T0 + timedelta(days=4), "<inv@quillbyte.test>")
    no = samples.rejection("Quillbyte", "Graduate Engineer", "Priya Raman <priya@quillbyte.test>", REJECTED_AT,
                           "<no@quillbyte.test>", in_reply_to="<inv@quillbyte.test>",
                           references=["<inv@quillbyte.test>"])
    deliver(box, invitation)
    agent.run_pass(T0 + timedelta(days=4, hours=1))
    [app] = json.loads(_onward(cfg, "outcomes", "--json", capsys=capsys))
    typed = ["interview", str(app["application_id"]), "--at", INTERVIEW_AT.strftime("%Y-%m-%dT%H:%M"),
             "--minutes", "60", "--now", TYPED_AT.isoformat()]
    if order.startswith("typed"):
        _onward(cfg, *typed, capsys=capsys)
        deliver(box, no)
        agent.run_pass(TYPED_AT + timedelta(hours=1))
    else:
        deliver(box, no)
        agent.run_pass(TYPED_AT - timedelta(hours=1))
        _onward(cfg, *typed, capsys=capsys)
        _onward(cfg, "label", "<inv@quillbyte.test>", "interview", "--now", TYPED_AT.isoformat(),
                capsys=capsys)  # the user confirms the invitation: the status is derived again
    store.close()
    [app] = json.loads(_onward(cfg, "outcomes", "--json", capsys=capsys))
    assert (app["status"], app["message_id"]) == ("rejected", "<no@quillbyte.test>")
    kinds = {(f["kind"], f["status"]) for f in json.loads(_onward(cfg, "followups", "--json", capsys=capsys))}
    assert ("rejection_thanks", "scheduled") in kinds
    assert not {k for k, s in kinds if k in ("check_in", "interview_thanks") and s in ("scheduled", "drafted")}


_DAY = st.integers(min_value=0, max_value=30).map(lambda d: T0 + timedelta(days=d))


@given(emails=st.lists(st.tuples(_DAY, st.sampled_from([Label.ACKNOWLEDGEMENT, Label.ASSESSMENT,
                                                                       Label.INTERVIEW])), max_size=4),
       start=_DAY, typed_after=st.integers(min_value=0, max_value=20), no_after=st.integers(min_value=1, max_value=20))
def test_a_no_dated_after_a_typed_interview_took_place_is_the_status_however_late_it_was_typed(
        emails: list[tuple[datetime, str]], start: datetime, typed_after: int, no_after: int) -> None:
    """Whenever the user typed it (``known``: at or after its start), an interview is counted from when it took
    place: a rejection dated after its start (and after the other emails) is the news after it."""
    no = max([start, *(at for at, _label in emails)]) + timedelta(hours=no_after)
    dated = sorted([*emails, (no, Label.REJECTION)], key=lambda d: d[0])
    known = start + timedelta(hours=typed_after * 12)
    status, idx = status_with_interview(dated, known, start)
    assert status == AppStatus.REJECTED and idx is not None and dated[idx] == (no, Label.REJECTION)
