"""``onward merge KEEP GONE`` keeps the interview of the merged application whole: its time, the invitation
that named it (none for one typed with ``onward interview --at``), when it became known and its cancellation
are one fact (agent/record/rules.py:merged_values). Taken column by column, a typed interview lost the moment
it was entered - the slot of its thank-you - and got a second thank-you; or it took the calendar UID of the
kept application's cancelled invitation, and lost its thank-you."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.record.rules import INTERVIEW_COLUMNS, merged_values
from agent.record.store import ApplicationRow, Store
from tests.unit.test_record_edges import add, cfg, onward, today  # noqa: F401 - cfg: the fixture

THANKS = "interview_thanks"


def _thanks(cfg: Path, capsys: pytest.CaptureFixture[str]) -> list[dict]:  # noqa: F811
    rows = json.loads(onward(cfg, "followups", "--json", capsys=capsys)[1])
    return sorted((r for r in rows if r["kind"] == THANKS), key=lambda r: r["id"])


@pytest.mark.parametrize("users_word", ["drafted", "skipped", "waiting"])
def test_a_merged_typed_interview_keeps_its_one_thank_you(cfg: Path, tmp_path: Path, users_word: str,  # noqa: F811
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    keep = add(cfg, capsys, "Acme")["application_id"]
    gone = add(cfg, capsys, "Acme", "--contact", "jane@acme.test")["application_id"]
    at = (today() + timedelta(hours=1)).replace(second=0, microsecond=0)  # typed now, an hour ahead
    assert onward(cfg, "interview", str(gone), "--at", at.strftime("%Y-%m-%dT%H:%M"), capsys=capsys)[0] == 0
    [fu] = _thanks(cfg, capsys)
    if users_word == "drafted":  # a pass saved its draft
        store = Store.open(f"sqlite:///{tmp_path / 'onward.db'}")
        with store.transaction() as conn:
            store.update_followup(conn, fu["id"], status="drafted", draft_message_id="<d@example.org>",
                                  drafted_at=fu["due_at"])
        store.close()
    elif users_word == "skipped":
        assert onward(cfg, "followups", "skip", str(fu["id"]), capsys=capsys)[0] == 0
    before = _thanks(cfg, capsys)
    code, out, err = onward(cfg, "merge", str(keep), str(gone), "--json", capsys=capsys)
    assert code == 0, err
    assert json.loads(out)["interview_start"] is not None
    assert _thanks(cfg, capsys) == [{**before[0], "application_id": keep}]  # the same one, nothing new


def test_a_typed_interview_merged_into_an_application_whose_invitation_was_cancelled_keeps_its_thank_you(
        cfg: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    keep = add(cfg, capsys, "Acme")["application_id"]
    gone = add(cfg, capsys, "Acme", "--contact", "jane@acme.test")["application_id"]
    store = Store.open(f"sqlite:///{tmp_path / 'onward.db'}")
    with store.transaction() as conn:  # as the invitation's METHOD:CANCEL left it
        store.update_application(conn, keep, interview_uid="uid-1@acme.test", interview_message_id="<inv@acme.test>",
                                 interview_cancelled_by="<cancel@acme.test>")
    store.close()
    at = (today() + timedelta(hours=1)).replace(second=0, microsecond=0)
    assert onward(cfg, "interview", str(gone), "--at", at.strftime("%Y-%m-%dT%H:%M"), capsys=capsys)[0] == 0
    [fu] = _thanks(cfg, capsys)
    assert onward(cfg, "merge", str(keep), str(gone), capsys=capsys)[0] == 0
    assert [(f["id"], f["status"], f["to"]) for f in _thanks(cfg, capsys)] == \
        [(fu["id"], "scheduled", "jane@acme.test")]


_VALUE = st.one_of(st.none(), st.sampled_from(["2026-12-01T10:00:00+00:00", "<m@acme.test>", "uid@acme.test"]))
_INTERVIEW = st.fixed_dictionaries({c: _VALUE for c in INTERVIEW_COLUMNS})


def _row(app_id: int, interview: dict[str, str | None]) -> ApplicationRow:
    return ApplicationRow(id=app_id, company="Acme", company_key="acme", role=None, status="applied",
                          status_message_id=None, status_subject=None, created_at="2026-11-01T09:00:00+00:00",
                          updated_at="2026-11-01T09:00:00+00:00", **interview)


@given(kept=_INTERVIEW, merged=_INTERVIEW)
def test_the_kept_interview_is_one_of_the_two_whole(kept: dict[str, str | None],
                                                    merged: dict[str, str | None]) -> None:
    """Whatever the two applications know of their interviews, the kept one ends with one of the two as it was,
    never a mix: the merged one's when the kept one knows no time of its own and the merged one does (or the kept
    one knows nothing of an interview), else its own."""
    values = merged_values(_row(1, kept), _row(2, merged))
    after = {c: values.get(c, kept[c]) for c in INTERVIEW_COLUMNS}
    takes = not kept["interview_start"] and (merged["interview_start"] or not any(kept.values()))
    assert after == (merged if takes else kept)
