"""The board's windowed query on a real SQLite file: columns from the AppStatus enum, ``per`` cards per
column with the column's total, filters by account and text (``%`` and ``_`` taken literally), pages of
one status, the last email's date and the next open follow-up of each card."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from agent.record.rules import AppStatus
from agent.record.store import Store, iso
from agent.record.store.schema import applications, events, followups
from agent.web import board

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def _fill(store: Store, n: int) -> None:
    apps, evs, fus = [], [], []
    for a in range(1, n + 1):
        at = NOW + timedelta(hours=a)
        apps.append({"id": a, "company": "Per%cent_Co" if a == 7 else f"Company {a}", "company_key": f"c{a}",
                     "role": "Engineer", "status": "rejected" if a % 2 else "applied", "created_at": iso(at),
                     "updated_at": iso(at), "account": "work" if a % 3 == 0 else "home"})
        evs.append({"message_id": f"<{a}@x>", "application_id": a, "label": "acknowledgement", "confidence": 1.0,
                    "received_at": iso(at - timedelta(days=1)), "source": "model", "account": apps[-1]["account"]})
        for status, due in (("cancelled", 1), ("scheduled", 5), ("scheduled", 3)):
            fus.append({"application_id": a, "rejection_message_id": f"<{a}@x>", "rejected_at": iso(at),
                        "due_at": iso(at + timedelta(days=due)), "status": status, "in_reply_to": f"<{a}@x>",
                        "created_at": iso(at), "kind": f"kind{due}", "account": apps[-1]["account"]})
    with store.transaction() as conn:
        conn.execute(insert(applications), apps)
        conn.execute(insert(events), evs)
        conn.execute(insert(followups), fus)


def test_columns_windows_filters_and_pages(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'b.db'}")
    _fill(store, 120)
    try:
        with store.transaction() as conn:
            cols = board.board(conn, board.Filters())
            assert [c.status for c in cols] == [s.value for s in AppStatus]
            by = {c.status: c for c in cols}
            assert (by["rejected"].total, len(by["rejected"].cards)) == (60, board.PER_COLUMN)
            assert by["offer"].total == 0 and by["offer"].cards == []
            first = by["rejected"].cards[0]
            assert first.id == 119  # changed last first
            assert first.last_email == iso(NOW + timedelta(hours=119) - timedelta(days=1))
            assert (first.followup_kind, first.followup_due) == ("kind3", iso(NOW + timedelta(hours=119, days=3)))

            work = board.board(conn, board.Filters(account="work"))
            assert all(c.account == "work" for col in work for c in col.cards)
            assert sum(col.total for col in work if col.cards) == 40

            literal = board.board(conn, board.Filters(q="%cent_"))
            assert [c.id for col in literal for c in col.cards] == [7]
            assert not [c for col in board.board(conn, board.Filters(q="Company_1")) for c in col.cards]

            page2 = board.board(conn, board.Filters(status="applied", page=2))
            assert len(page2) == 1 and page2[0].total == 60
            assert len(page2[0].cards) == 60 - board.PER_PAGE if board.PER_PAGE < 60 else page2[0].cards == []
            page1 = board.board(conn, board.Filters(status="applied", page=1))
            assert len(page1[0].cards) == min(60, board.PER_PAGE)
            assert board.accounts(conn) == ["home", "work"]
            found = board.merge_candidates(conn, 1, "company 11")
            assert {r.id for r in found} == {11, *range(110, 120)}
            assert [r.id for r in board.merge_candidates(conn, 1, "7")][0] == 7
            assert [r.id for r in board.merge_candidates(conn, 1, "per%")] == [7]
    finally:
        store.close()
