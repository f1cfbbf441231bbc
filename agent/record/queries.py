"""The record's queries (applications as (company, role), several follow-ups per application,
interviews, merge, export), beside :mod:`agent.record.store` and over its tables.

They run inside the caller's transaction (a ``Connection`` from ``Store.transaction()``); statuses
are written through the store, which enforces them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, bindparam, func, select, update

from agent.mail.types import Address
from agent.record.appfacts import AppFacts, EventFact, InterviewFact, MailFact
from agent.record.contacts import key_domain, org_domain
from agent.record.followup_rows import Followup, FollowupStatus, UserAction
from agent.record.linking import Candidate, role_key
from agent.record.rules import AppStatus
from agent.record.store import applications, events, followups, messages, notes, parse_iso, thread_ids


class _Hot:
    """The statements the record stage runs for every job email, built once (see store._Prepared: building
    a statement costs more than running it)."""

    candidates = (select(applications.c.id, applications.c.role, applications.c.updated_at, applications.c.status,
                         events.c.from_addr, events.c.sender_key)
                  .outerjoin(events, events.c.application_id == applications.c.id)
                  .where(applications.c.company_key == bindparam("key"), applications.c.account == bindparam("account"))
                  .order_by(applications.c.id))
    same_sender = (select(applications.c.id, applications.c.role, applications.c.updated_at, applications.c.status,
                          events.c.from_addr, events.c.sender_key)
                   .join(events, events.c.application_id == applications.c.id)
                   .where(applications.c.account == bindparam("account"),
                          applications.c.id.in_(select(events.c.application_id)
                                                .where(events.c.sender_key == bindparam("sender"))))
                   .order_by(applications.c.id))
    app_for_thread = (select(thread_ids.c.application_id)
                      .join(applications, applications.c.id == thread_ids.c.application_id)
                      .where(thread_ids.c.message_id.in_(bindparam("ids", expanding=True)),
                             applications.c.account == bindparam("account")))
    followups_of = select(followups).where(followups.c.application_id == bindparam("app_id")).order_by(followups.c.id)
    followups_of_kind = (select(followups).where(followups.c.application_id == bindparam("app_id"),
                                                 followups.c.kind == bindparam("kind")).order_by(followups.c.id))
    interview_start = select(applications.c.interview_start).where(applications.c.id == bindparam("app_id"))
    interview_event = select(events.c.id).where(events.c.application_id == bindparam("app_id"),
                                                events.c.label == bindparam("label"))


_OPEN = (AppStatus.APPLIED.value, AppStatus.INTERVIEW.value, AppStatus.NO_RESPONSE.value, AppStatus.ASSESSMENT.value)


def _candidates(rows: Sequence[Any]) -> list[Candidate]:
    apps: dict[int, tuple[str | None, str, str, set[str]]] = {}
    for r in rows:
        _role, _updated, _status, domains = apps.setdefault(r.id, (r.role, r.updated_at, r.status, set()))
        key = r.sender_key if r.sender_key is not None else \
            (org_domain(r.from_addr.rpartition("@")[2]) if r.from_addr and "@" in r.from_addr else "")
        if domain := key_domain(key):
            domains.add(domain)
    return [Candidate(id=app_id, role_key=role_key(role), updated_at=updated, domains=frozenset(domains),
                      open=status in _OPEN)
            for app_id, (role, updated, status, domains) in apps.items()]


def candidates(conn: Connection, company_key: str, account: str = "default") -> list[Candidate]:
    """The applications of a company (by key) in ``account``, with the organisational domains their
    emails came from (one query: this runs for every job email of a pass)."""
    if not company_key:
        return []
    return _candidates(conn.execute(_Hot.candidates, {"key": company_key, "account": account}).all())


def same_sender(conn: Connection, sender: str, account: str) -> list[Candidate]:
    """The applications of ``account`` with an email from sender identity ``sender``
    (:func:`agent.record.contacts.sender_key`)."""
    if not sender:
        return []
    return _candidates(conn.execute(_Hot.same_sender, {"sender": sender, "account": account}).all())


def application_for_thread(conn: Connection, message_ids: Sequence[str], account: str) -> int | None:
    """The application of ``account`` whose thread holds one of ``message_ids`` (never another account's)."""
    ids = [m for m in message_ids if m]
    if not ids:
        return None
    row = conn.execute(_Hot.app_for_thread, {"ids": ids, "account": account}).first()
    return int(row[0]) if row else None


def followups_of(conn: Connection, app_id: int, kind: str | None = None) -> list[Followup]:
    rows = (conn.execute(_Hot.followups_of, {"app_id": app_id}) if kind is None
            else conn.execute(_Hot.followups_of_kind, {"app_id": app_id, "kind": str(kind)}))
    return [Followup.from_row(r) for r in rows]


def followups_by_application(conn: Connection, app_ids: Sequence[int]) -> dict[int, list[Followup]]:
    """The follow-ups of these applications, by application, oldest first."""
    out: dict[int, list[Followup]] = {}
    for start in range(0, len(app_ids), 500):
        rows = conn.execute(select(followups).where(followups.c.application_id.in_(list(app_ids[start:start + 500])))
                            .order_by(followups.c.id))
        for r in rows:
            out.setdefault(r.application_id, []).append(Followup.from_row(r))
    return out




def followup(conn: Connection, followup_id: int) -> Followup | None:
    row = conn.execute(select(followups).where(followups.c.id == followup_id)).first()
    return Followup.from_row(row) if row is not None else None


def followup_by_slot(conn: Connection, app_id: int, slot: str) -> Followup | None:
    row = conn.execute(select(followups).where(followups.c.application_id == app_id,
                                               followups.c.slot == slot)).first()
    return Followup.from_row(row) if row is not None else None




def application_for_interview_uid(conn: Connection, uid: str, account: str = "default") -> int | None:
    if not uid:
        return None
    row = conn.execute(select(applications.c.id).where(applications.c.interview_uid == uid,
                                                       applications.c.account == account)).first()
    return int(row.id) if row else None


def interview_unknown(conn: Connection) -> list[Any]:
    """Applications at the interview stage whose interview time is unknown."""
    return list(conn.execute(select(applications).where(
        applications.c.status == AppStatus.INTERVIEW.value, applications.c.interview_start.is_(None))
        .order_by(applications.c.id)))






def merge(conn: Connection, keep: int, gone: int, now: str) -> dict[str, int]:
    """Move everything of application ``gone`` to ``keep`` and delete ``gone``; returns what moved.
    A follow-up whose slot ``keep`` already has gets a slot of its own (nothing is dropped)."""
    moved: dict[str, int] = {}
    for table in (events, thread_ids, messages, notes):  # notes: the reflection journal
        moved[table.name] = conn.execute(update(table).where(table.c.application_id == gone)
                                         .values(application_id=keep)).rowcount
    taken = set(conn.execute(select(followups.c.slot).where(followups.c.application_id == keep)).scalars())
    n = 0
    for fid, slot in conn.execute(select(followups.c.id, followups.c.slot)
                                  .where(followups.c.application_id == gone)).all():
        new_slot = slot if slot not in taken else f"{slot}:merged-{fid}"
        conn.execute(update(followups).where(followups.c.id == fid).values(application_id=keep, slot=new_slot))
        n += 1
    moved["followups"] = n
    conn.execute(applications.delete().where(applications.c.id == gone))
    conn.execute(update(applications).where(applications.c.id == keep).values(updated_at=now))
    return moved


def cancelled_count(conn: Connection, account: str) -> int:
    """How many of ``account``'s follow-ups are cancelled (a pass reports the difference it made)."""
    return int(conn.execute(select(func.count()).select_from(followups).where(
        followups.c.status == FollowupStatus.CANCELLED, followups.c.account == account)).scalar() or 0)


def delete_application(conn: Connection, app_id: int) -> dict[str, int]:
    """Remove application ``app_id`` and what only it had: its follow-ups, events, thread ids and notes.
    The emails stay recorded as read (``messages``, no longer linked), so no pass records them again;
    nothing in the mailbox changes (a draft already saved stays in Drafts).  Returns what was removed."""
    removed: dict[str, int] = {}
    for table in (followups, events, thread_ids, notes):
        removed[table.name] = conn.execute(table.delete().where(table.c.application_id == app_id)).rowcount
    conn.execute(update(messages).where(messages.c.application_id == app_id).values(application_id=None))
    conn.execute(applications.delete().where(applications.c.id == app_id))
    return removed


def clear_duplicate_flags(conn: Connection, gone: int, keep: int) -> None:
    """After a merge: applications flagged as possible duplicates of ``gone`` now point at ``keep``."""
    conn.execute(update(applications).where(applications.c.possible_duplicate_of == gone)
                 .values(possible_duplicate_of=keep))
    conn.execute(update(applications).where(applications.c.id == keep, applications.c.possible_duplicate_of == keep)
                 .values(possible_duplicate_of=None))


def event_counts(conn: Connection) -> dict[int, tuple[int, str | None, str | None]]:
    """application id → (events, first event date, last event date)."""
    rows = conn.execute(select(events.c.application_id, func.count(), func.min(events.c.received_at),
                               func.max(events.c.received_at)).group_by(events.c.application_id))
    return {int(r[0]): (int(r[1]), r[2], r[3]) for r in rows}


def all_applications(conn: Connection) -> list[Any]:
    return list(conn.execute(select(applications).order_by(applications.c.id)))


def _dt(value: str | None) -> datetime | None:
    return parse_iso(value) if value else None


def application_facts(conn: Connection, app_ids: Iterable[int] | None = None) -> list[AppFacts]:
    """The facts of the applications ``app_ids`` (all when None), by id; four queries in all."""
    ids = None if app_ids is None else sorted(set(app_ids))
    if ids is not None and not ids:
        return []
    app_q = select(applications).order_by(applications.c.id)
    ev_q = select(events).order_by(events.c.received_at, events.c.id)
    mail_q = (select(messages.c.application_id, messages.c.message_id, messages.c.received_at,
                     messages.c.processed_at)
              .outerjoin(events, events.c.message_id == messages.c.message_id)
              .where(messages.c.application_id.is_not(None), events.c.id.is_(None))
              .order_by(messages.c.received_at, messages.c.id))
    skip_q = select(followups.c.application_id, followups.c.slot).where(
        and_(followups.c.user_action == UserAction.SKIPPED.value))
    if ids is not None:
        app_q = app_q.where(applications.c.id.in_(ids))
        ev_q = ev_q.where(events.c.application_id.in_(ids))
        mail_q = mail_q.where(messages.c.application_id.in_(ids))
        skip_q = skip_q.where(followups.c.application_id.in_(ids))
    evs: dict[int, list[EventFact]] = {}
    for e in conn.execute(ev_q):
        contact = Address(name=e.contact_name or "", email=e.contact_email) if e.contact_email else None
        evs.setdefault(e.application_id, []).append(EventFact(
            message_id=e.message_id, label=e.label, at=parse_iso(e.received_at),
            recorded_at=parse_iso(e.recorded_at or e.received_at), subject=e.subject or "",
            references_json=e.references_json or "[]", contact=contact, contact_source=e.contact_source or "",
            contact_reason=e.contact_reason))
    mail: dict[int, dict[str, MailFact]] = {}
    for m in conn.execute(mail_q):
        if m.received_at:
            mail.setdefault(m.application_id, {}).setdefault(m.message_id, MailFact(
                m.message_id, parse_iso(m.received_at), parse_iso(m.processed_at)))
    skipped: dict[int, set[str]] = {}
    for s in conn.execute(skip_q):
        skipped.setdefault(s.application_id, set()).add(s.slot)
    out = []
    for a in conn.execute(app_q):
        start, end = _dt(a.interview_start), _dt(a.interview_end)
        interview = InterviewFact(start, end, a.interview_uid or "", a.interview_message_id or "",
                                  _dt(a.interview_set_at) or start) if start and end else None
        out.append(AppFacts(
            id=a.id, account=a.account, company=a.company, role=a.role, status=a.status,
            updated_at=parse_iso(a.updated_at), created_at=parse_iso(a.created_at), language=a.language,
            contact=Address(name=a.contact_name or "", email=a.contact_addr) if a.contact_addr else None,
            applied_at=_dt(a.applied_at), interview=interview, interview_cancelled_by=a.interview_cancelled_by,
            events=tuple(evs.get(a.id, ())), thread_mail=tuple(mail.get(a.id, {}).values()),
            skipped=frozenset(skipped.get(a.id, ()))))
    return out
