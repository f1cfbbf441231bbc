"""Commands over the record: outcomes, events, followups, review, label."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from agent.cli.accounts import account_filter
from agent.cli.common import (
    EXIT_OK,
    NOW_HELP,
    emit_json,
    followup_json,
    load_classifier,
    open_store,
    print_table,
    settings_for,
)
from agent.cli.followup_actions import run_action


def _records(args: argparse.Namespace, fetch: Callable[[Any, Any], list[dict[str, Any]]]) -> list[dict[str, Any]]:
    account = account_filter(args)  # --account NAME: only that account's rows
    return [r for r in _read(args, fetch) if account is None or r.get("account") == account]


def _read(args: argparse.Namespace, fetch: Callable[[Any, Any], list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """What ``fetch`` (store, connection) reads, in one transaction of the configured store."""
    settings = settings_for(args, required=False)
    store = open_store(settings)
    try:
        with store.transaction() as conn:
            return fetch(store, conn)
    finally:
        store.close()


def _show(args: argparse.Namespace, rows: list[dict[str, Any]], columns: Sequence[str], empty: str,
          **table: Sequence[str]) -> int:
    """``--json``: the rows as a JSON array on stdout; else a readable table of ``columns``, with an ACCOUNT
    column after the first when the rows are of several accounts (two applications to one company, one from
    each address, told apart; a follow-up's draft is saved in its account's Drafts)."""
    if args.json:
        emit_json(rows)
    else:
        several = len({r.get("account") for r in rows}) > 1
        print_table(rows, [*columns[:1], "account", *columns[1:]] if several else columns, empty, **table)
    return EXIT_OK


def cmd_outcomes(args: argparse.Namespace) -> int:
    def fetch(store: Any, conn: Any) -> list[dict[str, Any]]:
        from agent.record.store.journal import note_counts
        notes = note_counts(conn)  # reflection notes per application
        return [{"application_id": r.id, "company": r.company, "role": r.role, "status": r.status,
                 "updated_at": r.updated_at, "status_at": r.status_at, "message_id": r.status_message_id,
                 "subject": r.status_subject, "account": r.account, "notes": notes.get(r.id, 0),
                 "possible_duplicate_of": r.possible_duplicate_of}
                for r in store.list_outcomes(conn)]
    # status_at: the date of the email that set the status (updated_at is when Onward processed it)
    rows = _records(args, fetch)
    if args.json:
        return _show(args, rows, [], "")
    table = [{**r, "duplicate": f"#{r['possible_duplicate_of']}?" if r["possible_duplicate_of"] else ""} for r in rows]
    _show(args, table, ["application_id", "company", "role", "status", "status_at", "duplicate", "subject"],
          "no applications recorded yet")
    _duplicates_hint(rows, owners=_rejection_owners(args))
    return EXIT_OK


def _rejection_owners(args: argparse.Namespace) -> dict[int, set[int]]:
    """Application -> the applications its rejection may be of: those whose check-ins it holds (an agency's
    rejection naming neither client nor role, from the recruiter of each; a rejection naming no role)."""
    def fetch(store: Any, conn: Any) -> list[dict[str, Any]]:
        from agent.record.store.applications import possible_rejections
        return [{"application_id": app_id, "rejection_of": p.application_id}
                for app_id, ps in possible_rejections(conn).items() for p in ps]
    owners: dict[int, set[int]] = {}
    for pair in _read(args, fetch):
        owners.setdefault(pair["rejection_of"], set()).add(pair["application_id"])
    return owners


def _duplicates_hint(rows: list[dict[str, Any]], out: Any = None, owners: dict[int, set[int]] | None = None) -> None:
    """One line per application flagged as a possible duplicate: the applications of the same company name it
    may belong to - or, for a rejection from a sender of other applications (``owners``: an agency's naming no
    client), those applications - and how to merge it, if it is one. ``rows``: every application listed (the
    flag names one, the most recent, but an email naming no role may belong to any of the company's
    applications)."""
    for r in rows:
        if not r.get("possible_duplicate_of"):
            continue
        same = [a for a in rows if a["application_id"] != r["application_id"] and a.get("account") == r.get("account")
                and (a.get("company") or "").casefold() == (r.get("company") or "").casefold()]
        sender = (owners or {}).get(r["application_id"], set())
        why = "the same company name"
        if not r.get("company"):  # a scheduling tool's booking nothing in the mail tied to an application
            same, why = [], "it names no company, and nothing in it ties it to an application"
        if sender - {a["application_id"] for a in same}:
            same = [a for a in rows if a["application_id"] in sender]
            why = "the same sender (a recruiter's rejection naming no client or role)"
        flagged = [a for a in same if a["application_id"] == r["possible_duplicate_of"]]
        others = flagged + [a for a in same if a not in flagged] if flagged else \
            [{"application_id": r["possible_duplicate_of"], "role": None}]
        named = ", ".join(f"#{a['application_id']}" + (f" ({a['role']})" if a.get("role") else "") for a in others)
        if len(others) == 1:
            merge = f"if it is, onward merge {others[0]['application_id']} {r['application_id']}"
        else:
            merge = f"if it is, onward merge N {r['application_id']} (N: the one it belongs to)"
        print(f"application {r['application_id']} ({r['company'] or '-'}) may be a duplicate of "
              f"{'one of ' if len(others) > 1 else ''}{named}: {why}; {merge}",
              file=out or sys.stdout)


def cmd_events(args: argparse.Namespace) -> int:
    def fetch(store: Any, conn: Any) -> list[dict[str, Any]]:
        return [{"message_id": r.message_id, "application_id": r.application_id, "company": r.company,
                 "role": r.role, "label": r.label, "confidence": r.confidence, "received_at": r.received_at,
                 "account": r.account}
                for r in store.list_events(conn)]
    return _show(args, _records(args, fetch), ["received_at", "application_id", "company", "label",
                                               "confidence", "message_id"], "no outcome events recorded yet",
                 full=["message_id"])


def add_followup_actions(sp: argparse.ArgumentParser) -> None:
    """``onward followups skip ID``, ``set ID [--to ADDR] [--due DATETIME]``, ``restore ID`` and
    ``sent ID [--at DATETIME]``."""
    actions = sp.add_subparsers(dest="action", metavar="[skip|set|restore|sent]")
    skip = actions.add_parser("skip", help="cancel a follow-up (reason: skipped by you)")
    skip.add_argument("id", metavar="ID", type=int)
    restore = actions.add_parser("restore", help="bring back a cancelled follow-up (not yet drafted)")
    restore.add_argument("id", metavar="ID", type=int)
    change = actions.add_parser("set", help="give a follow-up a recipient or another due time")
    change.add_argument("id", metavar="ID", type=int)
    change.add_argument("--to", metavar="ADDR", help="the recipient, e.g. jane@acme.com or \"Jane Roe <jane@acme.com>\"")
    change.add_argument("--due", metavar="DATETIME", help="due time (ISO; local time unless an offset is given)")
    sent = actions.add_parser("sent", help="say you sent a follow-up's draft (its copy in Sent was not recognised)")
    sent.add_argument("id", metavar="ID", type=int)
    sent.add_argument("--at", metavar="DATETIME", help="when you sent it (ISO; local time unless an offset is "
                      "given; default now)")
    for p in (skip, change, restore, sent):  # SUPPRESS: a --json before the action (followups --json skip 3) is kept
        p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="the follow-up as JSON on stdout")
        p.add_argument("--now", metavar="DATETIME", help=NOW_HELP)


def cmd_followups(args: argparse.Namespace) -> int:
    if getattr(args, "action", None):
        return run_action(args)
    unknown: list[dict[str, Any]] = []

    def fetch(store: Any, conn: Any) -> list[dict[str, Any]]:
        from agent.record.store.applications import interview_unknown
        unknown.extend({"application_id": r.id, "company": r.company, "role": r.role, "account": r.account}
                       for r in interview_unknown(conn))
        return [followup_json(r) for r in store.list_followups(conn)]
    rows = _records(args, fetch)
    account = account_filter(args)  # --account NAME: that account's applications only, these lines too
    notes = [f"application {u['application_id']} ({u['company'] or '-'}, {u['role'] or '-'}): interview time "
             f"unknown; set it with: onward interview {u['application_id']} --at DATETIME [--minutes 60]"
             for u in unknown if account is None or u["account"] == account]
    if args.json:
        _show(args, rows, [], "")
    else:
        table = [{**r, "draft": draft_column(r["status"], r["draft_message_id"]),
                  "reason": "; ".join(x for x in (bounced_note(r["bounced"]), r["reason"], r["fix"]) if x) or None}
                 for r in rows]
        _show(args, table, ["id", "company", "kind", "due_at", "status", "draft", "to", "reason"],
              "no follow-ups yet", wrap=["reason"], full=["to"])
    for note in notes:
        print(note, file=sys.stderr if args.json else sys.stdout)
    return EXIT_OK


def bounced_note(bounced: dict[str, Any] | None) -> str | None:
    """The REASON column's word on a follow-up that bounced: whom it could not reach, and when."""
    if not bounced:
        return None
    return f"BOUNCED: could not be delivered to {', '.join(bounced['to'])} ({bounced['at'][:10]})"


def draft_column(status: str, draft_message_id: str | None) -> str:
    """The DRAFT column of ``onward followups``: ``saved`` only for a draft ready to send; a draft saved
    without a recipient says so (the REASON column says how to add one)."""
    from agent.followups.rules import FollowupStatus
    if not draft_message_id:
        return "-"
    return "no recipient" if status == FollowupStatus.NEEDS_RECIPIENT else "saved"


def cmd_review(args: argparse.Namespace) -> int:
    def fetch(store: Any, conn: Any) -> list[dict[str, Any]]:
        return [{"message_id": r.message_id, "label": r.label, "confidence": r.confidence,
                 "p_rejection": r.p_rejection, "received_at": r.received_at, "from": r.from_addr,
                 "subject": r.subject, "account": r.account, "_kept": (r.facts_json, r.body)}
                for r in store.review_rows(conn)]
    rows = _with_p_rejection(args, _records(args, fetch))

    def fetch_duplicates(store: Any, conn: Any) -> list[dict[str, Any]]:
        return [{"application_id": r.id, "company": r.company, "role": r.role,
                 "possible_duplicate_of": r.possible_duplicate_of, "account": r.account}
                for r in store.list_outcomes(conn)]
    duplicates = _records(args, fetch_duplicates)
    _show(args, rows, ["message_id", "label", "confidence", "p_rejection", "from", "subject"],
          "nothing to review: every job email was classified with confidence", full=["message_id"])
    if rows and not args.json:
        for r in rows:
            if r.get("sentence"):
                print(f"{r['message_id']}: {r['label']} ({r['sentence']['score']:.2f}): {r['sentence']['text']}")
        print("\nconfirm or correct with: onward label MESSAGE_ID LABEL", file=sys.stderr)
    _duplicates_hint(duplicates, sys.stderr if args.json else sys.stdout, owners=_rejection_owners(args))
    return EXIT_OK


def _with_p_rejection(args: argparse.Namespace, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """P(rejection) is what decides whether a rejection is recorded. Rows recorded before it was
    stored (``p_rejection`` NULL) get it from the model in force, scoring the email's kept text.
    Each row also gets ``sentence``: the sentence of the kept text that speaks most for its label,
    with the sentence model's score (None without a kept text or a sentence model)."""
    kept = [r for r in rows if r["_kept"][0]]
    if kept:
        from agent.mail.parse import email_text
        from agent.model.classifier import LABELS, EmailText
        from agent.record.facts import email_from_facts
        clf = load_classifier(settings_for(args, required=False))
        texts = [EmailText(*email_text(email_from_facts(facts, body or ""))) for facts, body in
                 (r["_kept"] for r in kept)]
        for row, pred, view in zip(kept, clf.predict(texts), clf.views(texts), strict=True):
            if row["p_rejection"] is None:
                row["p_rejection"] = round(float(pred.probabilities.get("rejection", 0.0)), 4)
            text, score = view.best(row["label"]) if row["label"] in LABELS else ("", 0.0)
            row["sentence"] = {"text": text, "score": round(score, 4)} if text else None
    return [{k: v for k, v in r.items() if k != "_kept"} for r in rows]


def cmd_label(args: argparse.Namespace) -> int:
    from agent.cli.labels import cmd_label as run  # lazily: it needs the mailbox code (start-up cost)
    return run(args)
