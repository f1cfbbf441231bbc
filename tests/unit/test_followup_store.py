"""Schema version 4 on a database created by the version-2 schema: the followups table is rebuilt
(several follow-ups per application), nothing is lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from agent.record.store import SCHEMA_VERSION, Store

V2 = (Path(__file__).parent / "schema_v2.sql").read_text(encoding="utf-8")


def _v2_database(path: Path) -> None:
    con = sqlite3.connect(path)
    con.executescript(V2)
    con.executescript("""
        INSERT INTO schema_version VALUES (2, '2026-01-01T00:00:00+00:00');
        INSERT INTO applications (id, company, company_key, role, status, created_at, updated_at)
            VALUES (1, 'Acme', 'acme', 'Engineer', 'rejected', '2026-01-01', '2026-01-02');
        INSERT INTO followups (id, application_id, rejection_message_id, rejected_at, due_at, status, to_addr,
                               in_reply_to, created_at)
            VALUES (7, 1, '<r1@acme>', '2026-01-02', '2026-01-16', 'drafted', 'jane@acme.example', '<r1@acme>',
                    '2026-01-02');
    """)
    con.commit()
    con.close()


def test_version_2_database_is_migrated_and_keeps_its_followup(tmp_path):
    db = tmp_path / "old.db"
    _v2_database(db)
    store = Store.open(f"sqlite:///{db}")
    try:
        assert store.migrate() == SCHEMA_VERSION >= 4
        with store.transaction() as conn:
            [fu] = store.list_followups(conn)
            assert (fu.id, fu.status, fu.to_addr, fu.kind, fu.slot) == (7, "drafted", "jane@acme.example",
                                                                         "rejection_thanks", "rejection_thanks")
            # several follow-ups per application now; one per slot
            store.create_followup(conn, application_id=1, rejection_message_id="<i1@acme>", rejected_at="2026-01-03",
                                  due_at="2026-01-03", status="scheduled", in_reply_to="<i1@acme>",
                                  created_at="2026-01-03", kind="interview_thanks", slot="interview_thanks:x")
            assert len(store.list_followups(conn)) == 2
            app = store.application(conn, 1)
            assert app.interview_start is None and app.contact_addr is None
    finally:
        store.close()
    con = sqlite3.connect(db)
    try:
        names = {r[0] for r in con.execute("select name from sqlite_master where type = 'index'")}
        assert "uq_followups_slot" in names or any("followups" in n for n in names)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        dup = "insert into followups (application_id, rejection_message_id, rejected_at, due_at, status, in_reply_to, " \
              "created_at, kind, slot) values (1, 'x', 'x', 'x', 'scheduled', 'x', 'x', 'check_in', 'rejection_thanks')"
        try:
            con.execute(dup)
            raise AssertionError("a second follow-up in the same slot was accepted")
        except sqlite3.IntegrityError:
            pass
    finally:
        con.close()
