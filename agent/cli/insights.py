"""Commands for looking back: ``onward report`` (figures, pictures, Sankey), ``onward digest`` (the weekly
digests saved, or this week's as a preview) and ``onward reflect APP`` (the reflection journal)."""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from agent.cli.common import EXIT_CONFIG, EXIT_OK, CliError, emit_json, open_store, print_table, settings_for
from agent.privatefile import write_private

Add = Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]

NOTE_TEMPLATE = """
# Your note on application {id} ({name}). Lines starting with # are left out;
# an empty note saves nothing. A few questions that help after a rejection:
#   What went well?
#   What would you do differently next time?
#   What skill would you like to grow?
"""


def register(add: Add) -> None:
    """``report``, ``digest`` and ``reflect``, added to ``onward``'s parser (``add(name, fn, help)``)."""
    sp = add("report", cmd_report, "your search in figures: funnel, response times, weeks, flows, follow-ups")
    out = sp.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="the figures as JSON on stdout")
    out.add_argument("--html", metavar="FILE", help="write one self-contained page with pictures to FILE")
    out.add_argument("--sankey", action="store_true", help="the flows as SankeyMATIC text (sankeymatic.com)")
    sp.add_argument("--since", metavar="DATE", help="only applications started on or after DATE (ISO date)")
    sp.add_argument("--account", metavar="NAME", help="only the applications of this account")
    sp = add("digest", cmd_digest, "the weekly digests saved in Drafts, or this week's as a preview")
    sp.add_argument("--json", action="store_true", help="the digests saved as JSON on stdout")
    sp.add_argument("--preview", action="store_true", help="print this week's digest (nothing is saved)")
    sp.add_argument("--account", metavar="NAME", help="the digests of this account's person (accounts signed with "
                    "the same name are one person's): those saved in its Drafts, or theirs as a preview")
    sp = add("reflect", cmd_reflect, "keep a note on an application (what went well, what to do differently)")
    sp.add_argument("app", metavar="APP", type=int, help="application id (onward outcomes)")
    sp.add_argument("--note", metavar="TEXT", help="the note (without it, $EDITOR opens)")
    sp.add_argument("--json", action="store_true", help="the note saved as JSON on stdout")


def _since(value: str | None, tz: ZoneInfo) -> datetime | None:
    if not value:
        return None
    try:
        day = datetime.fromisoformat(value)
    except ValueError:
        raise CliError(f"--since {value!r}: expected an ISO date such as 2026-11-01", EXIT_CONFIG) from None
    return (day if day.tzinfo else day.replace(tzinfo=tz)).astimezone(UTC)


def cmd_report(args: argparse.Namespace) -> int:
    from agent.insights import html, stats, text
    from agent.insights.load import recorded
    settings = settings_for(args, required=False)
    tz = settings.followup.tz
    since = _since(args.since, tz)
    if args.account and settings.accounts and args.account not in settings.account_names:
        raise CliError(f"--account {args.account!r}: no such account (accounts: {', '.join(settings.account_names)})",
                       EXIT_CONFIG)
    store = open_store(settings)
    try:
        with store.transaction() as conn:
            rec = recorded(conn)
    finally:
        store.close()
    apps, events = stats.in_scope(rec.apps, rec.events, since=since, account=args.account)
    report = stats.build_report(apps, events, rec.followups, rec.notes, tz=tz)
    if args.json:
        emit_json(report.to_json())
    elif args.sankey:
        sys.stdout.write(stats.sankeymatic(report))
    elif args.html is not None:
        if not args.html.strip():
            raise CliError("--html needs a file name, e.g. --html report.html", EXIT_CONFIG)
        scope = ", ".join(x for x in (f"since {args.since}" if args.since else "",
                                      f"account {args.account}" if args.account else "") if x)
        now = datetime.now(tz)
        page = html.render(report, subtitle=f"{report.applications} applications{f' ({scope})' if scope else ''}, "
                                            f"as of {now:%Y-%m-%d %H:%M} {tz.key} (UTC{now:%z})", tz=tz)
        _write_private(args.html, page)
        print(f"report written to {args.html}", file=sys.stderr)
    else:
        sys.stdout.write(text.render(report))
    return EXIT_OK


def _write_private(path: str, data: str) -> None:
    """The page holds the user's search: written 0600, through a private file renamed over ``path``."""
    try:
        write_private(path, data)
    except OSError as exc:
        raise CliError(f"--html {path}: cannot write ({exc.strerror or exc})", EXIT_CONFIG) from None


def cmd_digest(args: argparse.Namespace) -> int:
    from agent.insights import weekly
    from agent.insights.digest import iso_week
    from agent.record.store import journal
    settings = settings_for(args, required=False)
    if args.account is not None:
        settings = settings.select(args.account)[0]
    store = open_store(settings)
    try:
        if args.preview:
            now = datetime.now(UTC)
            digest, _mid, _raw = weekly.compose(settings, store, iso_week(now, settings.followup.tz), now)
            sys.stdout.write(f"Subject: {digest.subject}\n\n{digest.body}")
            return EXIT_OK
        with store.transaction() as conn:
            rows = [{"week": d.week, "saved_at": d.saved_at, "draft_message_id": d.draft_message_id,
                     "account": d.account} for d in journal.saved_digests(conn)
                    if args.account is None or d.account in settings.person_accounts()]
    finally:
        store.close()
    if args.json:
        emit_json(rows)
    else:
        empty = "no digest saved yet" + ("" if settings.digest.enabled else " ([digest] enabled = true turns it on)")
        print_table(rows, ["week", "saved_at", "draft_message_id"], empty, full=["draft_message_id"])
    return EXIT_OK


def cmd_reflect(args: argparse.Namespace) -> int:
    from agent.record.outcomes import utcnow
    from agent.record.store import journal
    settings = settings_for(args, required=False)
    store = open_store(settings)
    try:
        with store.transaction() as conn:
            app = store.application(conn, args.app)
        if app is None:
            raise CliError(f"no application {args.app} (see onward outcomes)", EXIT_CONFIG)
        name = f"{app.company or '?'}, {app.role or '?'}"
        note = args.note if args.note is not None else _from_editor(args.app, name)
        if not note.strip():
            raise CliError("the note is empty: nothing saved (write it with --note TEXT or in the editor)",
                           EXIT_CONFIG)
        with store.transaction() as conn:
            saved = journal.add_note(conn, args.app, note.strip(), utcnow())
    finally:
        store.close()
    if args.json:
        emit_json({"id": saved.id, "application_id": saved.application_id, "text": saved.text,
                   "written_at": saved.written_at})
    else:
        print(f"note {saved.id} saved on application {args.app} ({name})")
    return EXIT_OK


def _from_editor(app_id: int, name: str) -> str:
    """The note written in ``$VISUAL``/``$EDITOR`` on a private temp file (0600, removed after)."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise CliError("no editor: set $EDITOR (e.g. export EDITOR=nano) or pass --note TEXT", EXIT_CONFIG)
    fd, path = tempfile.mkstemp(prefix="onward-note-", suffix=".txt")  # mkstemp: 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(NOTE_TEMPLATE.format(id=app_id, name=name))
        try:
            done = subprocess.run([*shlex.split(editor), path], check=False)  # noqa: S603 - the user's editor
        except OSError as exc:
            raise CliError(f"$EDITOR {editor!r}: cannot run it ({exc.strerror or exc})", EXIT_CONFIG) from None
        if done.returncode != 0:
            raise CliError(f"$EDITOR {editor!r} exited with {done.returncode}: nothing saved", EXIT_CONFIG)
        text: Any = Path(path).read_text(encoding="utf-8", errors="replace")
    finally:
        os.unlink(path)
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")).strip()
