"""The bounces' store ties a delivery report to the follow-up whose draft or sent copy it names - that one only.

Each follow-up's Message-IDs sort before and after the one the report names, and reports of the same email
arrive in accounts on both sides of the follow-up's, so a comparison loosened from ``==`` to ``<=``, ``>=``,
``>`` or ``is not`` is caught."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert
from sqlalchemy.engine import Connection

from agent.record.store.bounces import followup_bounces, record_bounce
from agent.record.store.schema import applications, followups

T0 = "2026-11-10T09:00:00+00:00"
AT = datetime(2026, 11, 12, 9, tzinfo=UTC)


def _followup(conn: Connection, app_id: int, draft: str | None, sent: str | None, account: str = "me") -> int:
    return int(conn.execute(insert(followups).values(
        application_id=app_id, rejection_message_id="<ack@x>", rejected_at=T0, due_at=T0, status="sent",
        in_reply_to="<ack@x>", created_at=T0, account=account, kind="check_in", slot=f"check_in:{draft or sent}",
        draft_message_id=draft, sent_message_id=sent)).inserted_primary_key[0])


def test_a_report_is_of_the_one_follow_up_whose_draft_or_copy_it_names(conn):
    app = int(conn.execute(insert(applications).values(
        company="Acme", status="applied", created_at=T0, updated_at=T0, account="me")).inserted_primary_key[0])
    ids = {name: _followup(conn, app, draft, sent) for name, draft, sent in (
        ("a", "<a-draft@x>", "<a-sent@x>"), ("m", "<m-draft@x>", "<m-sent@x>"), ("z", "<z-draft@x>", "<z-sent@x>"))}
    record_bounce(conn, account="me", message_id="<dsn-1@mx>", original="<m-draft@x>", recipients=["Jane@Acme.example"],
                  bounced_at=AT, recorded_at=AT)
    record_bounce(conn, account="me", message_id="<dsn-2@mx>", original="<m-sent@x>", recipients=["bob@acme.example"],
                  bounced_at=AT, recorded_at=AT)
    got = [(b.followup_id, b.recipient, b.message_id) for b in followup_bounces(conn)]
    assert got == [(ids["m"], "jane@acme.example", "<dsn-1@mx>"), (ids["m"], "bob@acme.example", "<dsn-2@mx>")]
    assert followup_bounces(conn, [app + 1]) == []


def test_a_report_counts_only_in_the_account_it_arrived_in(conn):
    """A mailbox that forwards to another watched one gets the same delivery report twice: the follow-up of
    account ``b`` shows the report that arrived in ``b`` once, not those of ``a`` and ``c`` as well."""
    app = int(conn.execute(insert(applications).values(
        company="Acme", status="applied", created_at=T0, updated_at=T0, account="b")).inserted_primary_key[0])
    fu = _followup(conn, app, "<b-draft@x>", "<b-sent@x>", account="b")
    for account in ("a", "b", "c"):
        record_bounce(conn, account=account, message_id=f"<dsn-{account}@mx>", original="<b-draft@x>",
                      recipients=["jane@acme.example"], bounced_at=AT, recorded_at=AT)
    assert [(b.followup_id, b.message_id) for b in followup_bounces(conn)] == [(fu, "<dsn-b@mx>")]
    assert [(b.followup_id, b.message_id) for b in followup_bounces(conn, [app])] == [(fu, "<dsn-b@mx>")]
