"""Commands of the whole search: add, edit, merge applications; set an interview's time;
skip or change a follow-up; export the record as CSV and iCalendar."""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from agent.cli.common import (
    EXIT_CONFIG,
    EXIT_ERROR,
    EXIT_OK,
    NOW_HELP,
    CliError,
    command_now,
    emit_json,
    one_address,
    open_store,
    settings_for,
)
from agent.config import Settings
from agent.privatefile import private_output


def register(add: Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]) -> None:
    """The commands of this module, added to ``onward``'s parser (``add(name, fn, help)``)."""
    json_flag = []
    sp = add("add", cmd_add, "record an application sent by other means (a form, a letter, a call)")
    sp.add_argument("--company", required=True)
    sp.add_argument("--role", required=True)
    sp.add_argument("--applied", metavar="DATE", help="when you applied (ISO date; default: today)")
    sp.add_argument("--contact", metavar="ADDR", help="the person to write to, e.g. jane@acme.com or \"Jane Roe <jane@acme.com>\"")
    sp.add_argument("--account", metavar="NAME", help="the account whose application it is, and in whose Drafts "
                    "its follow-ups are saved (default: the first; needed when the accounts are of several people)")
    json_flag.append(sp)
    sp = add("edit", cmd_edit, "correct an application's company, role, contact or status")
    sp.add_argument("app", metavar="APP", type=int, help="application id (onward outcomes)")
    sp.add_argument("--company")
    sp.add_argument("--role")
    sp.add_argument("--contact", metavar="ADDR")
    sp.add_argument("--status", help="applied | assessment | interview | rejected | offer | no_response | withdrawn "
                    "(withdrawn: you withdrew it; no email changes it, no follow-up is planned)")
    json_flag.append(sp)
    sp = add("merge", cmd_merge, "merge application APP2 into APP1 (events, threads and follow-ups move)")
    sp.add_argument("app1", metavar="APP1", type=int)
    sp.add_argument("app2", metavar="APP2", type=int)
    json_flag.append(sp)
    sp = deleting = add("delete", cmd_delete, "delete an application added by mistake, with its follow-ups (asks first)")
    sp.add_argument("app", metavar="APP", type=int, help="application id (onward outcomes)")
    sp.add_argument("--yes", action="store_true", help="do not ask (for scripts)")
    json_flag.append(sp)
    sp = add("interview", cmd_interview, "set an interview's time (its thank-you is due after it)")
    sp.add_argument("app", metavar="APP", type=int)
    sp.add_argument("--at", required=True, metavar="DATETIME", help="start, e.g. 2026-12-03T14:00 (local time "
                    "unless an offset is given)")
    sp.add_argument("--minutes", type=int, default=60, help="length in minutes (default 60)")
    json_flag.append(sp)
    for p in json_flag:
        p.add_argument("--json", action="store_true", help="the application as JSON on stdout")
        if p is not deleting:  # a deletion records no time
            p.add_argument("--now", metavar="DATETIME", help=NOW_HELP)
    sp = add("export", cmd_export, "write the record as a spreadsheet (CSV) or calendar (iCalendar)")
    sp.add_argument("--csv", metavar="FILE", help="one row per application")
    sp.add_argument("--ics", metavar="FILE", help="the known interviews as calendar events")


def _session(args: argparse.Namespace) -> tuple[Settings, Any]:
    settings = settings_for(args, required=False)
    return settings, open_store(settings)


APPLIED_YEARS_BACK = 5  # an --applied date further back is a typo (1999 for 2025), not a current search
INTERVIEW_DAYS_AWAY = 366  # an interview further from today, either way, is a typo


def _when(value: str, tz: ZoneInfo, flag: str, *, date_only: bool = False) -> datetime:
    """``value`` (ISO; a time without an offset is local) as UTC.  Where a time is wanted
    (``date_only`` false), a bare date is refused: it would mean midnight."""
    example = "2026-11-20" if date_only else "2026-12-03T14:00"
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        raise CliError(f"{flag} {value!r}: expected an ISO {'date' if date_only else 'date-time'} such as "
                       f"{example}", EXIT_CONFIG) from None
    if not date_only and _is_bare_date(value):
        raise CliError(f"{flag} {value!r}: give the time too, e.g. {value.strip()}T14:00 (a date alone would "
                       "mean midnight)", EXIT_CONFIG)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=tz)
    return dt.astimezone(UTC)


def _is_bare_date(value: str) -> bool:
    try:
        date.fromisoformat(value.strip())
    except ValueError:
        return False
    return True


def applied_date(value: str, tz: ZoneInfo, now: datetime) -> datetime:
    """``add --applied DATE``: the local day the user applied, as the UTC instant of its local midnight
    (a date-time keeps its time).  Refused: a day after today, or more than APPLIED_YEARS_BACK years ago."""
    applied = _when(value, tz, "--applied", date_only=True)
    day, today = applied.astimezone(tz).date(), now.astimezone(tz).date()
    if day > today:
        raise CliError(f"--applied {value!r}: that is in the future (today is {today.isoformat()}); give the "
                       "date you applied", EXIT_CONFIG)
    if day < today.replace(year=today.year - APPLIED_YEARS_BACK):
        raise CliError(f"--applied {value!r}: more than {APPLIED_YEARS_BACK} years ago; check the year",
                       EXIT_CONFIG)
    return applied


def interview_start(value: str, tz: ZoneInfo, now: datetime) -> datetime:
    """``interview --at DATETIME``: refused as a bare date, or more than a year from today either way."""
    start = _when(value, tz, "--at")
    if abs(start - now) > timedelta(days=INTERVIEW_DAYS_AWAY):
        when = "ahead" if start > now else "ago"
        raise CliError(f"--at {value!r}: that is more than a year {when} (today is "
                       f"{now.astimezone(tz).date().isoformat()}); check the date", EXIT_CONFIG)
    return start


def local_day(value: str | None, tz: ZoneInfo) -> str | None:
    """The local date of a stored UTC timestamp: a date the user typed reads back as typed."""
    return datetime.fromisoformat(value).astimezone(tz).date().isoformat() if value else None


def _contact(value: str | None) -> tuple[str | None, str | None]:
    """``--contact``: (name, address) as typed, both None for ``--contact ""`` (no contact)."""
    if not value:
        return None, None
    return one_address("--contact", value)


def _app_row(store: Any, conn: Any, app_id: int) -> Any:
    """The application the command changes, locked for the command's transaction (a pass recording an email
    in it meanwhile waits for the change, or the change for the pass: neither writes over the other)."""
    from agent.record.store import applications as app_store
    app_store.lock_applications(conn, [app_id])
    row = store.application(conn, app_id)
    if row is None:
        raise CliError(f"no application {app_id} (see onward outcomes)", EXIT_CONFIG)
    return row


def app_json(row: Any, events: int | None = None, tz: ZoneInfo | None = None) -> dict[str, Any]:
    """One application as JSON; with ``tz``, also ``applied_on``: the local date it was applied for."""
    out = {"application_id": row.id, "company": row.company, "role": row.role, "status": row.status,
           "contact": row.contact_addr, "contact_name": row.contact_name, "applied_at": row.applied_at, "interview_start": row.interview_start,
           "interview_end": row.interview_end, "updated_at": row.updated_at}
    if tz is not None:
        out["applied_on"] = local_day(row.applied_at, tz)
    if events is not None:
        out["events"] = events
    return out


def _done(args: argparse.Namespace, data: dict[str, Any], line: str) -> int:
    if getattr(args, "json", False):
        emit_json(data)
    else:
        print(line)
    return EXIT_OK


def cmd_add(args: argparse.Namespace) -> int:
    from agent.record.applications import normalize_company
    from agent.record.rules import AppStatus
    from agent.record.store import iso
    settings = settings_for(args, required=False)
    account = settings.hand_added_account(args.account)
    store = open_store(settings)
    now = command_now(args, settings)
    tz = settings.followup.tz
    applied = applied_date(args.applied, tz, now) if args.applied else now
    company, role = args.company.strip(), args.role.strip()
    if not company or not role:
        raise CliError("--company and --role must not be empty", EXIT_CONFIG)
    contact = _contact(args.contact)
    try:
        with store.transaction() as conn:
            app_id = store.create_application(conn, company=company, company_key=normalize_company(company),
                                              role=role, status=AppStatus.APPLIED, message_id=None, subject=None,
                                              now=now, account=account)
            store.update_application(conn, app_id, applied_at=iso(applied), contact_name=contact[0],
                                     contact_addr=contact[1])
            row = store.application(conn, app_id)
    finally:
        store.close()
    return _done(args, app_json(row, 0, tz), f"application {app_id}: {company}, {role} "
                 f"(applied {local_day(iso(applied), tz)})")


def cmd_edit(args: argparse.Namespace) -> int:
    from agent.record.applications import normalize_company
    from agent.record.rules import AppStatus
    from agent.record.store import iso
    values: dict[str, Any] = {}
    if args.company is not None:
        if not args.company.strip():
            raise CliError("--company must not be empty", EXIT_CONFIG)
        values.update(company=args.company.strip(), company_key=normalize_company(args.company))
    if args.role is not None:
        values["role"] = args.role.strip() or None
    name, addr = _contact(args.contact)
    if args.contact is not None:
        values["contact_addr"] = addr
    if args.status is not None:
        if args.status not in set(AppStatus):
            raise CliError(f"--status {args.status!r}: expected one of {', '.join(AppStatus)}", EXIT_CONFIG)
        values["status"] = args.status
    if not values:
        raise CliError("nothing to change: give --company, --role, --contact or --status", EXIT_CONFIG)
    settings, store = _session(args)
    now = command_now(args, settings)
    from agent.followups.reconcile import Reconciler
    try:
        with store.transaction() as conn:
            before = _app_row(store, conn, args.app)
            if args.contact is not None and (name is not None or addr != before.contact_addr):
                values["contact_name"] = name  # the same bare address again (the web form) keeps the name
            store.update_application(conn, args.app, updated_at=iso(now), **values)
            Reconciler(store, settings.followup).run(conn, now, [args.app])  # a new status or contact
            row = store.application(conn, args.app)
    finally:
        store.close()
    return _done(args, app_json(row), f"application {row.id}: {row.company}, {row.role or '-'}, {row.status}")


def cmd_merge(args: argparse.Namespace) -> int:
    from agent.record.rules import merged_values
    from agent.record.store import applications as app_store
    from agent.record.store import iso
    if args.app1 == args.app2:
        raise CliError("APP1 and APP2 are the same application", EXIT_CONFIG)
    settings, store = _session(args)
    now = command_now(args, settings)
    try:
        with store.transaction() as conn:
            app_store.lock_applications(conn, [args.app1, args.app2])  # both at once, in id order
            keep, gone = _app_row(store, conn, args.app1), _app_row(store, conn, args.app2)
            if keep.account != gone.account:
                raise CliError(f"applications {args.app1} and {args.app2} belong to different accounts "
                               f"({keep.account}, {gone.account}): an application belongs to one account", EXIT_CONFIG)
            fill = merged_values(keep, gone)
            if fill:
                store.update_application(conn, args.app1, **fill)
            # the applications whose check-ins a rejection of either may be holding (an agency's naming no client)
            held = {app for app, maybe in app_store.possible_rejections(conn).items()
                    if any(p.application_id in (args.app1, args.app2) for p in maybe)}
            moved = app_store.merge(conn, args.app1, args.app2, iso(now))
            if keep.possible_duplicate_of is not None and (keep.possible_duplicate_of == args.app2 or args.app2 in held):
                # merged with what it may be a duplicate of - or, a flagged rejection kept, with an application of
                # its sender: the user has said which application it is
                store.update_application(conn, args.app1, possible_duplicate_of=None)
            app_store.clear_duplicate_flags(conn, args.app2, args.app1)
            _refresh(store, settings, conn, args.app1, now)
            _reconcile(store, settings, conn, sorted(held - {args.app1, args.app2}), now)
            row = store.application(conn, args.app1)
            events = len(store.application_events(conn, args.app1))
    finally:
        store.close()
    data = {**app_json(row, events), "merged": args.app2, "moved": moved}
    return _done(args, data, f"application {args.app2} merged into {args.app1}: {moved['events']} event(s), "
                 f"{moved['followups']} follow-up(s) moved; {events} event(s) now")


def cmd_delete(args: argparse.Namespace) -> int:
    """``onward delete APP [--yes]``: asks on the terminal unless ``--yes``. Exit 0 deleted; 2 no such
    application, or no terminal to ask on and no ``--yes``; 1 the answer was not yes (nothing deleted)."""
    from agent.record.store import applications as app_store
    from agent.record.store import followups as fu_store
    _settings, store = _session(args)
    try:
        with store.transaction() as conn:
            row = _app_row(store, conn, args.app)
            events = len(store.application_events(conn, args.app))
            drafts = sum(1 for f in fu_store.followups_of(conn, args.app) if f.draft_message_id)
        what = (f"application {row.id} ({row.company or '-'}, {row.role or '-'}, {row.status}; "
                f"{events} email(s) on record)")
        if not args.yes:
            _confirm(f"delete {what} and its follow-ups? Your mailbox is not touched. [y/N] ")
        with store.transaction() as conn:
            _app_row(store, conn, args.app)  # still there (another command may have merged it meanwhile)
            removed = app_store.delete_application(conn, args.app)
    finally:
        store.close()
    kept = f"; {drafts} draft(s) already saved stay in your Drafts folder" if drafts else ""
    data = {**app_json(row, events), "deleted": True, "removed": removed}
    return _done(args, data, f"deleted {what}: {removed['followups']} follow-up(s){kept}")


def _confirm(question: str) -> None:
    if not sys.stdin.isatty():
        raise CliError("not deleted: confirm on a terminal, or give --yes", EXIT_CONFIG)
    print(question, end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline().strip().lower()
    if answer not in ("y", "yes"):
        raise CliError("not deleted (the answer was not yes)", EXIT_ERROR)


def _refresh(store: Any, settings: Settings, conn: Any, app_id: int, now: datetime) -> None:
    """The application's status from its events, then its follow-ups from its facts."""
    from agent.record.outcomes import Recorder
    Recorder.for_settings(store, settings).refresh_status(conn, app_id, now)
    _reconcile(store, settings, conn, [app_id], now)


def _reconcile(store: Any, settings: Settings, conn: Any, app_ids: list[int], now: datetime) -> None:
    """The follow-ups of ``app_ids`` from their facts."""
    from agent.followups.reconcile import Reconciler
    if app_ids:
        Reconciler(store, settings.followup).run(conn, now, app_ids)


def cmd_interview(args: argparse.Namespace) -> int:
    """The interview's time, typed by the user, is a fact like an invitation's calendar part: its
    thank-you is planned from it (:func:`agent.followups.plan.interview_thanks`)."""
    from agent.followups.plan import interview_slot
    from agent.followups.reconcile import Reconciler
    from agent.followups.rules import FollowupKind
    from agent.record.outcomes import Recorder
    from agent.record.rules import held_by_user
    from agent.record.store import followups as fu_store
    from agent.record.store import iso, parse_iso
    if not 1 <= args.minutes <= 24 * 60:
        raise CliError(f"--minutes {args.minutes}: expected 1 to 1440", EXIT_CONFIG)
    settings, store = _session(args)
    now = command_now(args, settings)
    start = interview_start(args.at, settings.followup.tz, now)
    end = start + timedelta(minutes=args.minutes)
    fid, fu = None, None
    try:
        with store.transaction() as conn:
            row = _app_row(store, conn, args.app)
            Recorder.for_settings(store, settings).set_interview(conn, row.id, start, end, now)
            Reconciler(store, settings.followup).run(conn, now, [row.id])
            row = store.application(conn, row.id)
            slot = interview_slot(row.interview_uid or "", row.interview_message_id or "",
                                  parse_iso(row.interview_set_at or iso(now)))
            fu = fu_store.followup_by_slot(conn, row.id, slot)
            fid = fu.id if fu is not None and fu.kind == FollowupKind.INTERVIEW_THANKS else None
    finally:
        store.close()
    data = {**app_json(row), "followup_id": fid}
    if fu is not None and fid is not None:
        note = f"; interview thank-you {fid}: {fu.status}, due {fu.due_at}"
    elif not settings.followup.interview_thanks:
        note = "; no interview thank-you (followup.interview_thanks is off)"
    elif held_by_user(row.status):
        note = f"; no interview thank-you: you withdrew the application (onward edit {row.id} --status STATUS " \
            "takes that back)"
    else:
        note = "; no interview thank-you: the interview ended more than a day ago"
    return _done(args, data, f"application {row.id}: interview {row.interview_start} to {row.interview_end}{note}")


def cmd_export(args: argparse.Namespace) -> int:
    if not args.csv and not args.ics:
        raise CliError("give --csv FILE and/or --ics FILE", EXIT_CONFIG)
    from agent.followups.calendar import CalendarEntry, to_ics
    from agent.record.store import applications as app_store
    from agent.record.store import parse_iso
    from agent.record.store.events import event_counts
    settings, store = _session(args)
    try:
        with store.transaction() as conn:
            rows = app_store.all_applications(conn)
            counts = event_counts(conn)
            notes = _notes_by_app(conn, settings.followup.tz)  # the reflection journal
    finally:
        store.close()
    written = []
    if args.csv:
        fields = ["application_id", "company", "role", "status", "contact", "applied_at", "first_email_at",
                  "last_email_at", "interview_start", "interview_end", "events", "created_at", "updated_at", "notes"]
        with _open_out(args.csv, "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=fields)
            w.writeheader()
            for r in rows:
                n, first, last = counts.get(r.id, (0, None, None))
                row = {"application_id": r.id, "company": r.company or "", "role": r.role or "",
                       "status": r.status, "contact": r.contact_addr or "", "applied_at": r.applied_at or "",
                       "first_email_at": first or "", "last_email_at": last or "",
                       "interview_start": r.interview_start or "", "interview_end": r.interview_end or "",
                       "events": n, "created_at": r.created_at, "updated_at": r.updated_at,
                       "notes": notes.get(r.id, "")}
                w.writerow({k: inert_cell(v) for k, v in row.items()})
        written.append(f"{len(rows)} application(s) to {args.csv}")
    if args.ics:
        entries = [CalendarEntry(r.id, r.company or "", r.role or "", parse_iso(r.interview_start),
                                 parse_iso(r.interview_end), r.contact_addr or "")
                   for r in rows if r.interview_start and r.interview_end]
        with _open_out(args.ics, "wb") as fh:
            fh.write(to_ics(entries))
        written.append(f"{len(entries)} interview(s) to {args.ics}")
    print("; ".join(written), file=sys.stderr)
    return EXIT_OK


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may run as a formula (OWASP)


def inert_cell(value: Any) -> Any:
    """A text cell a spreadsheet shows as text: one starting with ``= + - @``, a tab or a CR gets a leading
    ``'`` (OWASP's advice against CSV injection); numbers and other text are kept as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _notes_by_app(conn: Any, tz: tzinfo) -> dict[int, str]:
    """Each application's reflection notes, oldest first, as one CSV cell (``date: text``, blank-line separated;
    the day the note was written in ``tz``, the user's time zone)."""
    from agent.record.store import parse_iso
    from agent.record.store.journal import notes_of
    out: dict[int, list[str]] = {}
    for n in notes_of(conn):
        day = parse_iso(n.written_at).astimezone(tz).date().isoformat()
        out.setdefault(n.application_id, []).append(f"{day}: {n.text}")
    return {app: "\n\n".join(texts) for app, texts in out.items()}


@contextmanager
def _open_out(path: str, mode: str, **kw: Any) -> Iterator[Any]:
    """The export file: private (0600), complete or not there, never written through a symlink."""
    try:
        with private_output(path, mode, **kw) as fh:
            yield fh
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror or exc}", EXIT_CONFIG) from None
