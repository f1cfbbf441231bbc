"""The applications aggregate: an application's row, its thread's Message-IDs, the candidates linking
weighs, merge and delete, and the facts follow-up planning reads (:class:`agent.record.appfacts.AppFacts`).

Everything runs inside the caller's transaction (a ``Connection`` from ``Store.transaction()``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, Select, bindparam, case, insert, or_, select, text, update

from agent.mail.types import Address
from agent.record.appfacts import (
    AppFacts,
    BouncedAddress,
    ChosenRecipient,
    EventFact,
    InterviewFact,
    MailFact,
    PossibleRejection,
)
from agent.record.contacts import key_domain, org_domain, recipient_rule, sender_key
from agent.record.facts import email_from_facts
from agent.record.followup_rows import FollowupKind, FollowupStatus, UserAction
from agent.record.linking import Candidate, role_key
from agent.record.rules import AppStatus, Label
from agent.record.storage import parse_iso
from agent.record.store.bounces import followup_bounces
from agent.record.store.database import Database, Value, check_status, iso, row_as, rows_as
from agent.record.store.dialects import insert_once, lock_rows
from agent.record.store.schema import (
    DEFAULT_ACCOUNT,
    applications,
    events,
    followups,
    messages,
    notes,
    thread_ids,
)


@dataclass(frozen=True)
class ApplicationRow:
    """One ``applications`` row (timestamps as stored: ISO strings)."""

    id: int
    company: str | None
    company_key: str | None
    role: str | None
    status: str
    status_message_id: str | None
    status_subject: str | None
    created_at: str
    updated_at: str
    account: str = DEFAULT_ACCOUNT
    contact_name: str | None = None
    contact_addr: str | None = None
    applied_at: str | None = None
    interview_start: str | None = None
    interview_end: str | None = None
    interview_message_id: str | None = None
    interview_uid: str | None = None
    language: str | None = None
    possible_duplicate_of: int | None = None
    interview_set_at: str | None = None
    interview_cancelled_by: str | None = None


@dataclass(frozen=True)
class OutcomeRow(ApplicationRow):
    """An application as ``onward outcomes`` lists it: ``status_at`` is the date of the email that set
    the status (None when the user set it)."""

    status_at: str | None = None


@dataclass(frozen=True)
class ApplicationBrief:
    """What a search result shows of an application (the merge search of the application page)."""

    id: int
    company: str | None
    role: str | None
    status: str
    account: str


class _Hot:
    """Statements of the per-email hot path, built once.  Building a SQLAlchemy statement (coercing every
    literal, computing its cache key) cost more than running it in SQLite - ~0.1 ms each, a dozen per job
    email; a prebuilt statement with bind parameters reuses its memoised cache key and compiled form."""

    application = select(applications).where(applications.c.id == bindparam("app_id"))
    update_application = update(applications).where(applications.c.id == bindparam("app_id"))
    insert_application = insert(applications)
    thread_message_ids = select(thread_ids.c.message_id).where(thread_ids.c.application_id == bindparam("app_id"))
    # the applications linking weighs for one email: those of its company (by key) and those with an
    # email from its sender identity, with the distinct senders of their emails (an application's events
    # mostly share a sender, so DISTINCT keeps a row or two per application instead of one per event; the
    # address matters only where the sender identity is unknown); each row says which it is
    _by_sender = applications.c.id.in_(select(events.c.application_id).where(events.c.sender_key == bindparam("sender")))
    link_candidates = (select(applications.c.id, applications.c.role, applications.c.updated_at, applications.c.status,
                              case((events.c.sender_key.is_(None), events.c.from_addr)).label("from_addr"),
                              events.c.sender_key, applications.c.company_key,
                              (applications.c.company_key == bindparam("key")).label("by_key"),
                              _by_sender.label("by_sender"))
                       .outerjoin(events, events.c.application_id == applications.c.id)
                       .where(applications.c.account == bindparam("account"),
                              (applications.c.company_key == bindparam("key")) | _by_sender)
                       .distinct()
                       .order_by(applications.c.id))
    # what a scheduling tool's booking naming no company weighs (rare: a relay's invitation): every application of
    # the account with the senders of its emails and the people they named as its contacts
    booking_candidates = (select(applications.c.id, applications.c.role, applications.c.updated_at,
                                 applications.c.status, case((events.c.sender_key.is_(None), events.c.from_addr)),
                                 events.c.sender_key, applications.c.company_key, events.c.contact_email,
                                 applications.c.contact_addr)
                          .outerjoin(events, events.c.application_id == applications.c.id)
                          .where(applications.c.account == bindparam("account"))
                          .distinct()
                          .order_by(applications.c.id))
    # the same for all the job emails of a batch at once: the applications of any of their company keys or
    # sender identities (their states are read next, with :attr:`application_states`)
    batch_candidates = (select(applications.c.id)
                        .where(applications.c.account == bindparam("account"),
                               applications.c.company_key.in_(bindparam("keys", expanding=True))
                               | applications.c.id.in_(select(events.c.application_id).where(
                                   events.c.sender_key.in_(bindparam("senders", expanding=True))))))
    # what recording one more email in an application reads: its row and its events (with their senders:
    # what linking weighs of the application later in the same batch)
    _with_events: tuple[ColumnElement[Any], ...] = (
        *applications.columns, events.c.id.label("event_id"), events.c.label, events.c.message_id, events.c.subject,
        events.c.received_at, events.c.from_addr.label("event_from_addr"), events.c.sender_key.label("event_sender_key"))
    application_state = (select(*_with_events).outerjoin(events, events.c.application_id == applications.c.id)
                         .where(applications.c.id == bindparam("app_id")))
    # the same for several applications: their rows, then their events (not each event with its application's row)
    applications_in = select(applications).where(applications.c.id.in_(bindparam("ids", expanding=True)))
    events_of = (select(events.c.application_id, events.c.id, events.c.label, events.c.message_id, events.c.subject,
                        events.c.received_at, events.c.from_addr, events.c.sender_key)
                 .where(events.c.application_id.in_(bindparam("ids", expanding=True))))
    thread_owners = (select(thread_ids.c.message_id, thread_ids.c.application_id, applications.c.account)
                     .join(applications, applications.c.id == thread_ids.c.application_id)
                     .where(thread_ids.c.message_id.in_(bindparam("ids", expanding=True))))


class ApplicationQueries(Database):
    """The store's application methods (mixed into :class:`agent.record.store.Store`)."""

    def application(self, conn: Connection, application_id: int) -> ApplicationRow | None:
        return row_as(ApplicationRow, conn.execute(_Hot.application, {"app_id": application_id}).first())

    def known_application(self, conn: Connection, application_id: int) -> ApplicationRow:
        """The application ``application_id``, which this transaction knows exists (a LookupError if not)."""
        row = self.application(conn, application_id)
        if row is None:
            raise LookupError(f"application {application_id} is not on record")
        return row

    def create_application(self, conn: Connection, *, company: str | None, company_key: str | None,
                           role: str | None, status: str, message_id: str | None, subject: str | None,
                           now: datetime, account: str = DEFAULT_ACCOUNT,
                           language: str | None = None) -> int:
        result = conn.execute(_Hot.insert_application, dict(
            company=company, company_key=company_key, role=role, status=AppStatus(status).value,
            status_message_id=message_id, status_subject=subject, created_at=iso(now),
            updated_at=iso(now), account=account, language=language))
        assert (key := result.inserted_primary_key) is not None
        return int(key[0])

    def update_application(self, conn: Connection, application_id: int, **values: Value) -> None:
        check_status(values, AppStatus)
        conn.execute(_Hot.update_application, {"app_id": application_id, **values})

    def known_thread_ids(self, conn: Connection, message_ids: Sequence[str]) -> set[str]:
        """Which of these Message-IDs belong to a known application's thread."""
        ids = list(set(message_ids))
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            found.update(conn.execute(select(thread_ids.c.message_id).where(
                thread_ids.c.message_id.in_(ids[start:start + 500]))).scalars())
        return found

    def link_thread(self, conn: Connection, application_id: int, message_ids: Sequence[str]) -> None:
        wanted = {m for m in message_ids if m}
        if mids := wanted - self.known_thread_ids(conn, list(wanted)):
            self.add_thread_ids(conn, [(m, application_id) for m in sorted(mids)])

    def add_thread_ids(self, conn: Connection, pairs: Sequence[tuple[str, int]]) -> None:
        """Put each (Message-ID, application) in that application's thread, in one statement (the caller
        knew no thread held them). A thread that took one meanwhile keeps it: a pass of another account
        recording the same email at the same moment (one email sent to two job seekers at once) committed
        first - the Message-ID is one thread's, and neither pass fails on it."""
        if pairs:
            conn.execute(insert_once(conn, thread_ids), [{"message_id": m, "application_id": a} for m, a in pairs])

    def thread_message_ids(self, conn: Connection, application_id: int) -> set[str]:
        return thread_message_ids(conn, application_id)

    def list_outcomes(self, conn: Connection) -> list[OutcomeRow]:
        """Applications, newest first; ``status_at`` is the date of the email that set the status."""
        return rows_as(OutcomeRow, conn.execute(
            select(applications, events.c.received_at.label("status_at"))
            .outerjoin(events, (events.c.message_id == applications.c.status_message_id)
                       & (events.c.account == applications.c.account))
            .order_by(applications.c.updated_at.desc(), applications.c.id.desc())))


def thread_message_ids(conn: Connection, application_id: int) -> set[str]:
    """Every Message-ID of the application's thread."""
    return {str(m) for m in conn.execute(_Hot.thread_message_ids, {"app_id": application_id}).scalars()}


# -- linking ------------------------------------------------------------------------------------------

def _of_ids(query: Select[Any], column: ColumnElement[Any]) -> Select[Any]:
    return query.where(column.in_(bindparam("ids", expanding=True)))


class _Facts:
    """The statements :func:`application_facts` and :func:`possible_rejections` run on every reconciliation,
    built once (like :class:`_Hot`): for all applications, and for those bound as ``ids``."""

    _app = select(applications).order_by(applications.c.id)
    _ev = select(events).order_by(events.c.received_at, events.c.id)
    # the emails of an application's thread that are no event of it (a company's non-job reply)
    _mail = (select(messages.c.application_id, messages.c.message_id, messages.c.received_at,
                    messages.c.processed_at, messages.c.facts_json)
             .outerjoin(events, (events.c.message_id == messages.c.message_id)
                        & (events.c.account == messages.c.account))
             .where(messages.c.application_id.is_not(None), events.c.id.is_(None))
             .order_by(messages.c.received_at.nulls_first(), messages.c.id))  # as SQLite orders NULLs
    # the follow-ups whose user actions, drafts, endings and recipients planning reads
    _fu = select(followups.c.application_id, followups.c.slot, followups.c.kind, followups.c.user_action,
                 followups.c.status, followups.c.draft_message_id, followups.c.drafted_at,
                 followups.c.ended_at, followups.c.to_name, followups.c.to_addr, followups.c.recipient_set_at,
                 followups.c.sent_at).where(or_(
                     followups.c.user_action == UserAction.SKIPPED.value,
                     followups.c.kind == FollowupKind.CHECK_IN.value,
                     followups.c.recipient_set_at.is_not(None), followups.c.status == FollowupStatus.SENT.value))
    of_all = (_app, _ev, _mail, _fu)
    of_ids = (_of_ids(_app, applications.c.id), _of_ids(_ev, events.c.application_id),
              _of_ids(_mail, messages.c.application_id), _of_ids(_fu, followups.c.application_id))

    _mine, _theirs, _flagged = events.alias("mine"), events.alias("theirs"), applications.alias("flagged")
    # a flagged application's rejection from a sender identity that also wrote for the application
    _by_sender = (select(_mine.c.application_id, _theirs.c.message_id, _theirs.c.received_at, _theirs.c.application_id)
                  .select_from(_mine.join(_theirs, (_theirs.c.sender_key == _mine.c.sender_key)
                                          & (_theirs.c.account == _mine.c.account)
                                          & (_theirs.c.application_id != _mine.c.application_id))
                               .join(_flagged, _flagged.c.id == _theirs.c.application_id))
                  .where(_flagged.c.possible_duplicate_of.is_not(None), _theirs.c.label == Label.REJECTION.value,
                         _mine.c.sender_key.is_not(None), _mine.c.sender_key != ""))
    # the application a flagged rejection's own application names as its possible duplicate (same account: linking
    # flags only within one)
    _named = (select(_flagged.c.possible_duplicate_of, _theirs.c.message_id, _theirs.c.received_at,
                     _theirs.c.application_id)
              .select_from(_theirs.join(_flagged, _flagged.c.id == _theirs.c.application_id))
              .where(_flagged.c.possible_duplicate_of.is_not(None), _theirs.c.label == Label.REJECTION.value))
    possible_rejections = (_by_sender, _named)
    possible_rejections_of = (_of_ids(_by_sender, _mine.c.application_id),
                              _of_ids(_named, _flagged.c.possible_duplicate_of))


_OPEN = (AppStatus.APPLIED.value, AppStatus.INTERVIEW.value, AppStatus.NO_RESPONSE.value, AppStatus.ASSESSMENT.value)


# one sender of an application's emails as linking weighs it: (its address when it has no sender identity, its
# sender identity :func:`agent.record.contacts.sender_key`)
Sender = tuple[str | None, str | None]


def event_sender(from_addr: str | None, sender_key: str | None) -> Sender:
    """An event's sender as :data:`Sender` (the address only when its sender identity is unknown)."""
    return (from_addr if sender_key is None else None, sender_key)


@dataclass(frozen=True)
class Linkable:
    """An application as linking weighs it: its role, status, last update, company key and the senders of its
    emails (:data:`Sender`: their organisational domains say which companies wrote)."""

    id: int
    role: str | None
    updated_at: str
    status: str
    company_key: str | None
    senders: frozenset[Sender] = frozenset()

    @functools.cached_property  # a value: worked out once, however many of a batch's emails weigh it
    def candidate(self) -> Candidate:
        domains = set()
        for from_addr, sender_key in self.senders:
            key = sender_key if sender_key is not None else \
                (org_domain(from_addr.rpartition("@")[2]) if from_addr and "@" in from_addr else "")
            if domain := key_domain(key):
                domains.add(domain)
        return Candidate(id=self.id, role_key=role_key(self.role), updated_at=self.updated_at,
                         domains=frozenset(domains), open=self.status in _OPEN, company_key=self.company_key or "")


def _linkables(rows: Iterable[Sequence[Any]]) -> dict[int, Linkable]:
    """(id, role, updated_at, status, an email's from_addr and sender_key, company_key) rows, one per distinct
    sender of an application's emails, → each application as linking weighs it (in the rows' order)."""
    found: dict[int, tuple[Sequence[Any], set[Sender]]] = {}
    for row in rows:
        _, senders = found.setdefault(int(row[0]), (row, set()))
        if row[4] is not None or row[5] is not None:
            senders.add(event_sender(row[4], row[5]))
    return {app_id: Linkable(id=app_id, role=role, updated_at=updated, status=status, company_key=company_key,
                             senders=frozenset(senders))
            for app_id, ((_, role, updated, status, _f, _s, company_key), senders) in found.items()}


def _candidates(rows: Sequence[Sequence[Any]]) -> list[Candidate]:
    """(id, role, updated_at, status, an email's from_addr and sender_key, company_key) rows → candidates."""
    return [app.candidate for app in _linkables(rows).values()]


@dataclass(frozen=True)
class StatusEvent:
    """What an application's status is derived from, of one of its events."""

    label: str
    message_id: str
    subject: str | None
    received_at: str


@dataclass(frozen=True)
class ApplicationState:
    """An application as recording one more email in it reads it: its row and its events, oldest first."""

    row: ApplicationRow
    events: tuple[StatusEvent, ...]
    senders: frozenset[Sender] = frozenset()  # of its events (:func:`event_sender`)


# where the columns of ``_Hot.application_state`` are
_COLUMN = {name: i for i, name in enumerate(_Hot.application_state.selected_columns.keys())}
_ID, _EVENT, _LABEL, _MID, _SUBJECT, _AT, _FROM, _SENDER = (_COLUMN[c] for c in (
    "id", "event_id", "label", "message_id", "subject", "received_at", "event_from_addr", "event_sender_key"))
_CHUNK = 500  # values bound in one IN (...): well under any database's limit


def link_candidates(conn: Connection, company_key: str, sender: str,
                    account: str) -> tuple[list[Candidate], list[Candidate]]:
    """The applications of ``account`` linking weighs for one email, in one query (this runs for every
    job email not in a known thread): those of the company ``company_key``, and those with an email from
    sender identity ``sender`` (:func:`agent.record.contacts.sender_key`), each with the organisational
    domains its emails came from and its company key (linking asks whether a same-sender application's
    name is the sender domain's own)."""
    if not company_key and not sender:
        return [], []
    rows = conn.execute(_Hot.link_candidates, {"key": company_key or None, "sender": sender or None,
                                               "account": account}).all()
    return (_candidates([r[:7] for r in rows if r[7]]),
            _candidates([r[:7] for r in rows if r[8]]))  # (an application of the second has events: as a join)


def booking_candidates(conn: Connection, account: str) -> list[Candidate]:
    """The applications of ``account`` as a scheduling tool's booking naming no company weighs them
    (:func:`agent.record.linking.booking`): each with the organisational domains its emails came from and those
    of the people its emails named as contacts (a recruiter behind a relay: an invitation's ORGANIZER) and the user
    gave it (``onward add/edit --contact``)."""
    rows: list[Sequence[Any]] = []
    for app_id, role, updated, status, from_addr, key, company_key, contact, given in conn.execute(
            _Hot.booking_candidates, {"account": account}):
        rows.append((app_id, role, updated, status, from_addr, key, company_key))
        for person in (contact, given):
            if person:
                rows.append((app_id, role, updated, status, None, sender_key(Address("", person)), company_key))
    return _candidates(rows)


def lock_applications(conn: Connection, application_ids: Iterable[int] | None) -> None:
    """Before applications are read for a change (an email recorded in them, a relabelled event's status,
    a merge, an edit): their rows locked until this transaction ends, in id order (two transactions locking
    the same ones never wait for each other in a circle).  On PostgreSQL another transaction changing one of
    them - a pass, ``label``, ``merge``, ``edit`` - then waits for this one and reads what it committed, so
    neither writes a status derived from events the other was adding or removing; SQLite: nothing
    (:func:`~agent.record.store.dialects.lock_rows`).  ``None``: every application."""
    query = select(applications.c.id).order_by(applications.c.id)
    if application_ids is None:
        lock_rows(conn, query)
        return
    wanted = sorted(set(application_ids))
    if wanted:
        lock_rows(conn, query.where(applications.c.id.in_(wanted)))


def application_state(conn: Connection, application_id: int, *, held: bool = False) -> ApplicationState:
    """The application ``application_id``, which this transaction knows exists, with its events; its row
    locked first (:func:`lock_applications`; ``held``: this transaction already holds it), so the events
    are those committed up to now."""
    if not held:
        lock_applications(conn, [application_id])
    rows = conn.execute(_Hot.application_state, {"app_id": application_id}).all()
    if not rows:
        raise LookupError(f"application {application_id} is not on record")
    return _state_of(rows)


def application_states(conn: Connection, application_ids: Iterable[int]) -> dict[int, ApplicationState]:
    """:func:`application_state` of each of ``application_ids`` that is on record, their rows locked first (in
    one statement; their rows and their events are read in one each per 500 applications)."""
    ids = sorted(set(application_ids))
    lock_applications(conn, ids)
    rows: dict[int, ApplicationRow] = {}
    evs: dict[int, list[tuple[str, int, StatusEvent]]] = {}
    senders: dict[int, set[Sender]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = {"ids": ids[start:start + _CHUNK]}
        rows.update((r.id, r) for r in rows_as(ApplicationRow, conn.execute(_Hot.applications_in, chunk)))
        for app_id, event_id, label, message_id, subject, at, from_addr, sender_key in conn.execute(
                _Hot.events_of, chunk):
            evs.setdefault(app_id, []).append((at, event_id, StatusEvent(label, message_id, subject, at)))
            senders.setdefault(app_id, set()).add(event_sender(from_addr, sender_key))
    return {app_id: ApplicationState(row, tuple(e for _, _, e in sorted(evs.get(app_id, ()))),
                                     frozenset(senders.get(app_id, ())))
            for app_id, row in sorted(rows.items())}


def _state_of(rows: Sequence[Row[Any]]) -> ApplicationState:
    """One application's rows of ``_Hot.application_state`` (the row joined with each of its events) → its state."""
    evs = sorted((r[_AT], r[_EVENT], StatusEvent(r[_LABEL], r[_MID], r[_SUBJECT], r[_AT]))
                 for r in rows if r[_EVENT] is not None)
    row = row_as(ApplicationRow, rows[0])
    assert row is not None
    senders = frozenset(event_sender(r[_FROM], r[_SENDER]) for r in rows if r[_EVENT] is not None)
    return ApplicationState(row, tuple(e for _, _, e in evs), senders)


def linkable(state: ApplicationState) -> Linkable:
    """What linking weighs of an application, from its state."""
    row = state.row
    return Linkable(id=row.id, role=row.role, updated_at=row.updated_at, status=row.status,
                    company_key=row.company_key, senders=state.senders)


def batch_candidates(conn: Connection, company_keys: Iterable[str], senders: Iterable[str],
                     account: str) -> list[int]:
    """The applications of ``account`` any of a batch's job emails could join: those of the company keys
    ``company_keys`` and those with an email from one of the sender identities ``senders`` (by id)."""
    keys, who = sorted(set(company_keys) - {""}), sorted(set(senders) - {""})
    found: set[int] = set()
    for start in range(0, max(len(keys), len(who)), _CHUNK):
        found.update(int(i) for i in conn.execute(_Hot.batch_candidates, {
            "keys": keys[start:start + _CHUNK], "senders": who[start:start + _CHUNK], "account": account}).scalars())
    return sorted(found)


def thread_owners(conn: Connection, message_ids: Iterable[str]) -> dict[str, tuple[int, str]]:
    """Which of ``message_ids`` are in an application's thread: Message-ID → (application, its account)."""
    ids = sorted({m for m in message_ids if m})
    found: dict[str, tuple[int, str]] = {}
    for start in range(0, len(ids), 500):
        for mid, app_id, account in conn.execute(_Hot.thread_owners, {"ids": ids[start:start + 500]}):
            found[str(mid)] = (int(app_id), str(account))
    return found


def thread_owners_in_order(conn: Connection, message_ids: Sequence[str]) -> list[tuple[int, str]]:
    """The (application, account) whose thread holds each of ``message_ids``, in the order of the Message-IDs
    (as the database's index would find them: the smallest first)."""
    owners = thread_owners(conn, message_ids)
    return [owners[m] for m in sorted(owners)]


def first_written_by(conn: Connection, app_ids: Sequence[int], sender: str) -> int | None:
    """The first of ``app_ids`` with an email of the sender identity ``sender`` on record
    (:func:`agent.record.contacts.sender_key`), if any."""
    if not app_ids or not sender:
        return None
    wrote = set(conn.execute(select(events.c.application_id).where(
        events.c.application_id.in_(sorted(set(app_ids))), events.c.sender_key == sender)).scalars())
    return next((a for a in app_ids if a in wrote), None)


def senders_of(conn: Connection, account: str) -> list[tuple[str | None, str | None]]:
    """Who wrote for the account's applications: the (address, sender identity) of each distinct sender of their
    emails, and each contact the user gave one (``onward add/edit --contact``; no identity)
    (:func:`agent.record.contacts.known_senders` makes of them what the spam folder's rule compares)."""
    mine = applications.c.account == account
    wrote = conn.execute(select(events.c.from_addr, events.c.sender_key).distinct()
                         .select_from(events.join(applications, events.c.application_id == applications.c.id))
                         .where(mine)).all()
    given = conn.execute(select(applications.c.contact_addr).distinct()
                         .where(mine, applications.c.contact_addr.is_not(None))).scalars()
    return [(row[0], row[1]) for row in wrote] + [(addr, None) for addr in given]


def application_for_interview_uid(conn: Connection, uid: str, account: str = DEFAULT_ACCOUNT) -> int | None:
    if not uid:
        return None
    found = conn.execute(select(applications.c.id).where(applications.c.interview_uid == uid,
                                                         applications.c.account == account)).scalar()
    return None if found is None else int(found)


# -- reading ------------------------------------------------------------------------------------------

def application_exists(conn: Connection, application_id: int) -> bool:
    return conn.execute(select(applications.c.id).where(applications.c.id == application_id)).first() is not None


def all_applications(conn: Connection) -> list[ApplicationRow]:
    return rows_as(ApplicationRow, conn.execute(select(applications).order_by(applications.c.id)))


def interview_unknown(conn: Connection) -> list[ApplicationRow]:
    """Applications at the interview stage whose interview time is unknown."""
    return rows_as(ApplicationRow, conn.execute(select(applications).where(
        applications.c.status == AppStatus.INTERVIEW.value, applications.c.interview_start.is_(None))
        .order_by(applications.c.id)))


def accounts(conn: Connection) -> list[str]:
    """The accounts that have an application, sorted."""
    return [str(a) for a in conn.execute(select(applications.c.account).distinct()
                                         .order_by(applications.c.account)).scalars()]


def like_pattern(q: str | None) -> str | None:
    """``q`` as a LIKE pattern that finds it anywhere (``%``, ``_`` and ``\\`` taken literally); None
    for nothing to look for.  The queries compare ``lower()`` of both sides: SQLite's LIKE ignores case
    but PostgreSQL's does not."""
    if not q or not q.strip():
        return None
    escaped = q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def merge_candidates(conn: Connection, app_id: int, find: str, limit: int = 20) -> list[ApplicationBrief]:
    """Applications whose company or role holds ``find``, or whose number it is (that one first; the
    application ``app_id`` is left out)."""
    return rows_as(ApplicationBrief, conn.execute(text(
        "SELECT id, company, role, status, account FROM applications WHERE id != :id AND "
        "(lower(company) LIKE lower(:q) ESCAPE '\\' OR lower(role) LIKE lower(:q) ESCAPE '\\' "
        "OR CAST(id AS TEXT) = :raw) "
        "ORDER BY CAST(id AS TEXT) = :raw DESC, updated_at DESC LIMIT :limit"),
        {"id": app_id, "q": like_pattern(find), "raw": find.strip(), "limit": limit}))


# -- merge, delete ----------------------------------------------------------------------------------

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


# -- the facts follow-up planning reads -----------------------------------------------------------------

def _dt(value: str | None) -> datetime | None:
    return parse_iso(value) if value else None


def application_ids_of_pass(conn: Connection, account: str, configured: Sequence[str]) -> list[int]:
    """The applications a pass of ``account`` reconciles: its own, and those of no configured account
    (``onward add`` files an application under ``default``; a config of named accounts has none such).
    Never another configured account's: its own passes do that, in whichever worker holds it."""
    return [int(i) for i in conn.execute(select(applications.c.id).where(or_(
        applications.c.account == account, applications.c.account.not_in(list(configured))))
        .order_by(applications.c.id)).scalars()]


def application_facts(conn: Connection, app_ids: Iterable[int] | None = None) -> list[AppFacts]:
    """The facts of the applications ``app_ids`` (all when None), by id; six queries in all.  Read to
    change their follow-ups (planning, the user's skip/set/restore): the applications are locked first
    (:func:`lock_applications`), so two planners of the same application - a pass and a command - plan one
    after the other, each from what the other committed (no follow-up planned twice, none changed over)."""
    ids = None if app_ids is None else sorted(set(app_ids))
    if ids is not None and not ids:
        return []
    lock_applications(conn, ids)
    app_q, ev_q, mail_q, skip_q = _Facts.of_all if ids is None else _Facts.of_ids
    bound = {} if ids is None else {"ids": ids}
    evs: dict[int, list[EventFact]] = {}
    for e in conn.execute(ev_q, bound):
        contact = Address(name=e.contact_name or "", email=e.contact_email) if e.contact_email else None
        evs.setdefault(e.application_id, []).append(EventFact(
            message_id=e.message_id, label=e.label, at=parse_iso(e.received_at),
            recorded_at=parse_iso(e.recorded_at or e.received_at), subject=e.subject or "",
            references_json=e.references_json or "[]", contact=contact, contact_source=e.contact_source or "",
            contact_reason=e.contact_reason))
    mail: dict[int, dict[str, MailFact]] = {}
    for app_id, message_id, received_at, processed_at, facts in conn.execute(mail_q, bound):
        if received_at:
            mail.setdefault(app_id, {}).setdefault(message_id, MailFact(
                message_id, parse_iso(received_at), parse_iso(processed_at), _thread_mail_contact(facts)))
    skipped: dict[int, set[str]] = {}
    drafted: dict[int, list[tuple[str, datetime]]] = {}
    ended: dict[int, list[tuple[str, datetime | None]]] = {}
    chosen: dict[int, list[ChosenRecipient]] = {}
    for (app_id, slot, kind, action, status, draft, drafted_at, ended_at, to_name, to_addr, set_at,
         sent_at) in conn.execute(skip_q, bound):
        if action == UserAction.SKIPPED:
            skipped.setdefault(app_id, set()).add(slot)
        for at, sent in ((set_at, False), (sent_at if status == FollowupStatus.SENT else None, True)):
            if at and to_addr:
                chosen.setdefault(app_id, []).append(
                    ChosenRecipient(slot, parse_iso(at), Address(to_name or "", to_addr), sent))
        if kind != FollowupKind.CHECK_IN:
            continue
        if draft and drafted_at:
            drafted.setdefault(app_id, []).append((slot, parse_iso(drafted_at)))
        elif status == FollowupStatus.CANCELLED:
            ended.setdefault(app_id, []).append((slot, _dt(ended_at)))
    maybe = possible_rejections(conn, ids)
    bounced: dict[int, list[BouncedAddress]] = {}
    for b in followup_bounces(conn, ids):
        bounced.setdefault(b.application_id, []).append(
            BouncedAddress(b.recipient, parse_iso(b.bounced_at), b.message_id, b.slot or ""))
    out = []
    for a in rows_as(ApplicationRow, conn.execute(app_q, bound)):
        start, end = _dt(a.interview_start), _dt(a.interview_end)
        interview = InterviewFact(start, end, a.interview_uid or "", a.interview_message_id or "",
                                  _dt(a.interview_set_at) or start) if start and end else None
        out.append(AppFacts(
            id=a.id, account=a.account, company=a.company, role=a.role, status=a.status,
            updated_at=parse_iso(a.updated_at), created_at=parse_iso(a.created_at), language=a.language,
            contact=Address(name=a.contact_name or "", email=a.contact_addr) if a.contact_addr else None,
            applied_at=_dt(a.applied_at), interview=interview, interview_cancelled_by=a.interview_cancelled_by,
            events=tuple(evs.get(a.id, ())), thread_mail=tuple(mail.get(a.id, {}).values()),
            skipped=frozenset(skipped.get(a.id, ())), check_ins_drafted=tuple(drafted.get(a.id, ())),
            check_ins_ended=tuple(ended.get(a.id, ())),
            recipients_chosen=tuple(sorted(chosen.get(a.id, ()), key=lambda c: (c.at, c.slot))),
            cancelled_invitation=None if interview is not None or not a.interview_cancelled_by
            else a.interview_message_id, maybe_rejected=tuple(maybe.get(a.id, ())),
            bounced=tuple(bounced.get(a.id, ()))))
    return out


def _thread_mail_contact(facts: str | None) -> Address | None:
    """Whom a company's reply in an application's thread allows a follow-up to (the one recipient rule over its
    headers, kept in ``messages.facts_json``); None when its headers were not kept (recorded by an older Onward)."""
    return recipient_rule(email_from_facts(facts, "")).contact if facts else None


def possible_rejections(conn: Connection, app_ids: Sequence[int] | None = None) -> dict[int, list[PossibleRejection]]:
    """For each application (of ``app_ids``, all when None): the rejections recorded in another application of
    its account flagged ``possible_duplicate_of`` (an email naming no role, or an agency's naming neither client
    nor role, that several applications could be meant by; or a company's from another domain than the one it
    was applied through) whose sender identity (``events.sender_key``) also wrote for it, or whose application is
    flagged a possible duplicate of it, oldest first. Two queries."""
    queries = _Facts.possible_rejections if app_ids is None else _Facts.possible_rejections_of
    bound = {} if app_ids is None else {"ids": list(app_ids)}
    found = {tuple(r) for q in queries for r in conn.execute(q, bound)}
    out: dict[int, list[PossibleRejection]] = {}
    for app_id, message_id, received_at, in_app in sorted(found, key=lambda r: (r[0], r[2], r[1])):
        out.setdefault(app_id, []).append(PossibleRejection(message_id, parse_iso(received_at), in_app))
    return out

