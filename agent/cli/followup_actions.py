"""``onward followups skip ID``, ``onward followups set ID [--to ADDR] [--due DATETIME]`` and
``onward followups restore ID``: the user decides about one follow-up. Each is kept as a fact on the
row (``user_action``), which planning respects: a skipped follow-up is never planned again, a set
recipient or due time is never overwritten, a restored one is not cancelled again by the fact it was
restored over."""

from __future__ import annotations

import argparse
from typing import Any

from agent.cli.common import EXIT_CONFIG, EXIT_OK, CliError, emit_json, open_store, parse_now, settings_for
from agent.config import is_addr_spec


def run_action(args: argparse.Namespace) -> int:
    from agent.followups.plan import closed_at
    from agent.followups.reconcile import Reconciler
    from agent.followups.rules import REASON_SKIPPED, FollowupKind, FollowupStatus, UserAction
    from agent.record import appfacts, queries
    from agent.record.store import iso
    from agent.record.outcomes import utcnow
    settings = settings_for(args, required=False)
    values: dict[str, Any] = {}
    if args.action == "set":
        if args.to is None and args.due is None:
            raise CliError("nothing to change: give --to ADDR and/or --due DATETIME", EXIT_CONFIG)
        if args.to is not None:
            if not is_addr_spec(args.to):
                raise CliError(f"--to {args.to!r}: expected one email address such as jane@acme.com", EXIT_CONFIG)
            values.update(to_addr=args.to.lower(), to_name=None)
        if args.due is not None:
            try:
                due = parse_now(args.due, settings)
            except CliError:
                raise CliError(f"--due {args.due!r}: expected an ISO date-time such as 2026-12-20T09:30",
                               EXIT_CONFIG) from None
            assert due is not None
            values["due_at"] = iso(due)
    store = open_store(settings)
    try:
        with store.transaction() as conn:
            fu = queries.followup(conn, args.id)
            if fu is None:
                raise CliError(f"no follow-up {args.id} (see onward followups)", EXIT_CONFIG)
            if args.action == "restore":
                if fu.draft_message_id or fu.status != FollowupStatus.CANCELLED:
                    state = "its draft is already in Drafts" if fu.draft_message_id else f"it is {fu.status}"
                    raise CliError(f"follow-up {fu.id} cannot be restored: {state} (only a cancelled follow-up "
                                   "without a draft can)", EXIT_CONFIG)
                [facts] = appfacts.load(conn, [fu.application_id])
                if fu.kind == FollowupKind.CHECK_IN and closed_at(facts) is not None:
                    raise CliError(f"follow-up {fu.id} cannot be restored: application {fu.application_id} was "
                                   "rejected or got an offer, and a check-in asks for news", EXIT_CONFIG)
                values.update(status=FollowupStatus.SCHEDULED if fu.to_addr else FollowupStatus.NEEDS_RECIPIENT,
                              reason="restored by you", user_action=UserAction.RESTORED.value)
            elif fu.draft_message_id or fu.status in (FollowupStatus.DRAFTED, FollowupStatus.CANCELLED,
                                                      FollowupStatus.SENT):
                state = "its draft is already in Drafts" if fu.draft_message_id else f"it is {fu.status}"
                hint = " (restore it with: onward followups restore ID)" if fu.status == FollowupStatus.CANCELLED \
                    and not fu.draft_message_id else ""
                raise CliError(f"follow-up {fu.id} cannot be changed: {state}{hint}", EXIT_CONFIG)
            elif args.action == "skip":
                values.update(status=FollowupStatus.CANCELLED, reason=REASON_SKIPPED, ended_by="user",
                              user_action=UserAction.SKIPPED.value)
            else:
                values["user_action"] = UserAction.SET.value
                if "to_addr" in values:
                    values.update(status=FollowupStatus.SCHEDULED,
                                  reason=f"recipient set by you ({values['to_addr']})")
            store.update_followup(conn, fu.id, **values)
            Reconciler(store, settings.followup).run(conn, utcnow(), [fu.application_id])
            row = next(r for r in store.list_followups(conn) if r.id == fu.id)
    finally:
        store.close()
    from agent.cli.records import followup_json
    data = followup_json(row)
    if args.json:
        emit_json(data)
    else:
        print(f"follow-up {row.id} ({row.kind}, {row.company or '-'}): {row.status}, due {row.due_at}, "
              f"to {row.to_addr or '-'}" + (f" ({row.reason})" if row.status == "cancelled" or
                                            args.action == "restore" else ""))
    return EXIT_OK
