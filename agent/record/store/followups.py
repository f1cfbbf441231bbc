"""The follow-ups aggregate: the ``followups`` rows (:class:`agent.record.followup_rows.Followup`),
what a pass and the user change on them, and the database's install id a draft's Message-ID carries.

What follow-ups there should be is decided by :mod:`agent.followups.plan` and applied by
:mod:`agent.followups.reconcile` through these functions.  Everything runs inside the caller's
transaction (a ``Connection`` from ``Store.transaction()``); statuses are enforced where they are written.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import Connection, and_, bindparam, delete, func, insert, or_, select, update

from agent.mail.types import Address
from agent.record.followup_rows import OPEN_STATUSES, Followup, FollowupStatus, UserAction, is_open
from agent.record.store import dialects
from agent.record.store.applications import lock_applications
from agent.record.store.bounces import BounceRow, followup_bounces
from agent.record.store.database import Database, Value, check_status, iso, row_as, rows_as
from agent.record.store.schema import applications, followups, install


@dataclass(frozen=True)
class FollowupListRow(Followup):
    """A follow-up as ``onward followups`` lists it: with its application's company and role, and the
    recipients it bounced for."""

    company: str | None = None
    role: str | None = None
    bounces: tuple[BounceRow, ...] = ()


class _Hot:
    """The statements reconciliation runs per application and every pass runs, built once (see
    agent.record.store.applications._Hot)."""

    insert_followup = insert(followups)
    followups_of = select(followups).where(followups.c.application_id == bindparam("app_id")).order_by(followups.c.id)
    followups_of_kind = (select(followups).where(followups.c.application_id == bindparam("app_id"),
                                                 followups.c.kind == bindparam("kind")).order_by(followups.c.id))
    # and what every pass reads, whatever happened since the last
    open_followups = select(followups).where(followups.c.status.in_(OPEN_STATUSES)).order_by(followups.c.due_at)
    ids_of_account = select(followups.c.id).where(followups.c.account == bindparam("account"))
    cancelled_ids = select(followups.c.id).where(followups.c.status == FollowupStatus.CANCELLED.value,
                                                 followups.c.account == bindparam("account"))
    claimed_drafts = (select(followups).where(
        followups.c.draft_message_id.is_not(None), followups.c.drafted_at.is_(None),
        followups.c.status.in_([FollowupStatus.DRAFTED.value, FollowupStatus.NEEDS_RECIPIENT.value]))
        .order_by(followups.c.due_at, followups.c.id))
    drafted_since = (select(followups).where(
        followups.c.draft_message_id.is_not(None),
        or_(and_(followups.c.status == FollowupStatus.DRAFTED.value, followups.c.to_addr.is_not(None)),
            and_(followups.c.status == FollowupStatus.NEEDS_RECIPIENT.value, followups.c.to_addr.is_(None)),
            and_(followups.c.status == FollowupStatus.SENT.value,
                 followups.c.user_action == UserAction.SENT.value, followups.c.sent_message_id.is_(None)),
            followups.c.status == FollowupStatus.CANCELLED.value),
        followups.c.drafted_at >= bindparam("since"))
        .order_by(followups.c.id))


class FollowupQueries(Database):
    """The store's follow-up methods (mixed into :class:`agent.record.store.Store`)."""

    def install_id(self, conn: Connection) -> str:
        """This database's random id, made once (a draft's Message-ID carries it)."""
        found = conn.execute(select(install.c.value).where(install.c.key == "install_id")).scalar()
        if found:
            return str(found)
        # two processes making it at once: the first one's stays, and both use it
        conn.execute(dialects.insert_once(conn, install).values(key="install_id", value=secrets.token_hex(8)))
        return str(conn.execute(select(install.c.value).where(install.c.key == "install_id")).scalar_one())

    def create_followup(self, conn: Connection, **values: Value) -> int:
        check_status(values, FollowupStatus)
        result = conn.execute(_Hot.insert_followup, values)
        assert (key := result.inserted_primary_key) is not None
        return int(key[0])

    def update_followup(self, conn: Connection, followup_id: int, **values: Value) -> None:
        check_status(values, FollowupStatus)
        conn.execute(update(followups).where(followups.c.id == followup_id).values(**values))

    def open_followups(self, conn: Connection) -> list[Followup]:
        """The open follow-ups (:func:`agent.record.followup_rows.is_open`), by due time."""
        rows = rows_as(Followup, conn.execute(_Hot.open_followups))
        return [fu for fu in rows if fu.is_open]

    def list_followups(self, conn: Connection) -> list[FollowupListRow]:
        rows = rows_as(FollowupListRow, conn.execute(
            select(followups, applications.c.company, applications.c.role)
            .join(applications, applications.c.id == followups.c.application_id)
            .order_by(followups.c.due_at, followups.c.id)))
        bounced: dict[int, list[BounceRow]] = {}
        for b in followup_bounces(conn):
            bounced.setdefault(b.followup_id, []).append(b)
        return [replace(r, bounces=tuple(bounced[r.id])) if r.id in bounced else r for r in rows]


def followups_of(conn: Connection, app_id: int, kind: str | None = None) -> list[Followup]:
    rows = (conn.execute(_Hot.followups_of, {"app_id": app_id}) if kind is None
            else conn.execute(_Hot.followups_of_kind, {"app_id": app_id, "kind": str(kind)}))
    return rows_as(Followup, rows)


def followups_by_application(conn: Connection, app_ids: Sequence[int]) -> dict[int, list[Followup]]:
    """The follow-ups of these applications, by application, oldest first."""
    out: dict[int, list[Followup]] = {}
    for start in range(0, len(app_ids), 500):
        rows = conn.execute(select(followups).where(followups.c.application_id.in_(list(app_ids[start:start + 500])))
                            .order_by(followups.c.id))
        for fu in rows_as(Followup, rows):
            out.setdefault(fu.application_id, []).append(fu)
    return out


def followup(conn: Connection, followup_id: int) -> Followup | None:
    return row_as(Followup, conn.execute(select(followups).where(followups.c.id == followup_id)).first())


def locked_followup(conn: Connection, followup_id: int) -> Followup | None:
    """The follow-up ``followup_id`` read to change it: its application's row locked, then its own, until this
    transaction ends (the order planning locks them in: :func:`~agent.record.store.applications.lock_applications`
    first), so a command changing it (``followups set|skip``) and a pass claiming it for its draft go one
    after the other, each reading what the other committed.  SQLite: one writer at a time already."""
    app_id = conn.execute(select(followups.c.application_id).where(followups.c.id == followup_id)).scalar()
    if app_id is None:
        return None
    lock_applications(conn, [int(app_id)])
    dialects.lock_rows(conn, select(followups.c.id).where(followups.c.id == followup_id))
    return followup(conn, followup_id)



def claimed_drafts(conn: Connection) -> list[Followup]:
    """Follow-ups claimed for their draft whose saving was not confirmed (the pass stopped between the claim
    and the record of the draft in Drafts): a draft Message-ID, no ``drafted_at``."""
    return rows_as(Followup, conn.execute(_Hot.claimed_drafts))


def mark_draft_saved(conn: Connection, followup_id: int, message_id: str, at: datetime) -> None:
    """The claimed follow-up's draft ``message_id`` is in Drafts, saved (or found there) at ``at``."""
    conn.execute(update(followups).where(followups.c.id == followup_id,
                                         followups.c.draft_message_id == message_id).values(drafted_at=iso(at)))


def withdraw(conn: Connection, followup_id: int) -> None:
    """Delete a follow-up the facts no longer call for, that was never offered (no draft Message-ID) nor
    touched by the user (see :func:`agent.followups.reconcile.decide`); a row claimed or set meanwhile stays."""
    conn.execute(delete(followups).where(followups.c.id == followup_id, followups.c.draft_message_id.is_(None),
                                         followups.c.user_action.is_(None),
                                         followups.c.status != FollowupStatus.SENT.value))


def followup_by_slot(conn: Connection, app_id: int, slot: str) -> Followup | None:
    return row_as(Followup, conn.execute(select(followups).where(followups.c.application_id == app_id,
                                                                 followups.c.slot == slot)).first())


def followup_ids_of_account(conn: Connection, account: str) -> set[int]:
    """The ids of ``account``'s follow-ups (the account the answered email arrived in)."""
    return {int(i) for i in conn.execute(_Hot.ids_of_account, {"account": account}).scalars()}


def sent_copy_ids(conn: Connection, message_ids: Sequence[str]) -> set[str]:
    """Those of ``message_ids`` (mail in Sent) already found as the copy of a follow-up the user sent."""
    if not message_ids:
        return set()
    return {str(m) for m in conn.execute(select(followups.c.sent_message_id).where(
        followups.c.sent_message_id.in_(sorted(set(message_ids))))).scalars()}


def mark_sent(conn: Connection, followup_id: int, at: datetime, message_id: str | None,
              to: Address | None = None, *, was_cancelled: bool = False) -> None:
    """The user sent the follow-up's draft at ``at``: the copy in Sent with ``message_id``; ``to``: whom
    it went to, for a draft saved without a recipient or sent to another (the user added or changed one in the
    mail client: why it had none is said no more); ``was_cancelled``: it had been cancelled since its draft was saved
    (what ended it no longer says anything: it was sent)."""
    values: dict[str, Value] = dict(status=FollowupStatus.SENT.value, sent_at=iso(at), sent_message_id=message_id or None)
    if was_cancelled:
        values.update(reason=None, ended_by=None, ended_at=None)
    if to is not None:
        values.update(to_name=to.name or None, to_addr=to.email, reason=None)
    conn.execute(update(followups).where(followups.c.id == followup_id).values(**values))


def cancelled_ids(conn: Connection, account: str) -> frozenset[int]:
    """The ids of ``account``'s cancelled follow-ups (a pass reports those it adds: one it scheduled again,
    after the user undid the word that cancelled it, takes nothing off the count)."""
    return frozenset(int(i) for (i,) in conn.execute(_Hot.cancelled_ids, {"account": account}))


def due_counts(conn: Connection, now: datetime) -> dict[str, int]:
    """account → open follow-ups due by ``now`` (a draft saved without a recipient is not due)."""
    due: dict[str, int] = {}
    for account, due_at, status, draft in conn.execute(
            select(followups.c.account, followups.c.due_at, followups.c.status, followups.c.draft_message_id)
            .where(followups.c.status.in_(OPEN_STATUSES))):
        if due_at <= iso(now) and is_open(status, draft):
            due[str(account)] = due.get(str(account), 0) + 1
    return due


SENT_WINDOW_DAYS = 60  # a draft not sent within this many days is no longer looked for in Sent


def drafted_followups(conn: Connection, now: datetime) -> list[Followup]:
    """Follow-ups whose draft was saved in the last SENT_WINDOW_DAYS, whose copy in Sent is not known yet:
    with a recipient (``drafted``), or without one (``needs_recipient``: the user adds one in Drafts), or
    ``sent`` as the user said (``followups sent``; its copy, once found, is its own and no other draft's), or
    cancelled since (the user may have sent it before: :func:`agent.followups.rules.match_copies` asks more of its
    copy)."""
    return rows_as(Followup, conn.execute(_Hot.drafted_since, {"since": iso(now - timedelta(days=SENT_WINDOW_DAYS))}))
