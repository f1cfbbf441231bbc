"""The reflection journal (agent/record/store/journal.py) against a real SQLite store: a note is kept with its
id and date, listed for its own application only (oldest first), counted per application; an
application id is known or not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from agent.record.store import Store, applications, journal

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_notes_are_kept_per_application_oldest_first(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'onward.db'}")
    store.migrate()
    try:
        with store.transaction() as conn:
            apps = [store.create_application(conn, company=name, company_key=name.lower(), role=None,
                                             status="applied", message_id=f"<{name}@x.test>", subject="Thanks",
                                             now=T0) for name in ("Acme", "Orla")]
            later = journal.add_note(conn, apps[0], "second thought", T0 + timedelta(days=2))
            first = journal.add_note(conn, apps[0], "first thought", T0 + timedelta(days=1))
            other = journal.add_note(conn, apps[1], "about Orla", T0)
        assert (first.application_id, first.text, first.written_at) == (apps[0], "first thought",
                                                                       "2026-11-03T09:00:00+00:00")
        assert len({first.id, later.id, other.id}) == 3
        with store.transaction() as conn:
            assert journal.notes_of(conn, apps[0]) == [first, later]
            assert journal.notes_of(conn, apps[1]) == [other]
            assert journal.notes_of(conn) == [other, first, later]
            assert journal.note_counts(conn) == {apps[0]: 2, apps[1]: 1}
            assert applications.application_exists(conn, apps[1])
            assert not applications.application_exists(conn, max(apps) + 1)
    finally:
        store.close()
