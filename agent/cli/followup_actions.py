"""``onward followups skip ID``, ``set ID [--to ADDR] [--due DATETIME]``, ``restore ID`` and ``sent ID
[--at DATETIME]``: the user decides about one follow-up. Each is kept as a fact on the row
(``user_action``), which planning respects: a skipped follow-up is never planned again, a set recipient
or due time is never overwritten, a restored one is not cancelled again by the fact it was restored over,
a draft said sent is sent from the time given."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from agent.cli.common import (
    EXIT_CONFIG,
    EXIT_OK,
    CliError,
    command_now,
    emit_json,
    followup_json,
    one_address,
    open_store,
    parse_now,
    settings_for,
)
from agent.config import Settings


def _datetime(flag: str, value: str, settings: Settings) -> datetime:
    try:
        at = parse_now(value, settings)
    except CliError:
        raise CliError(f"{flag} {value!r}: expected an ISO date-time such as 2026-12-20T09:30",
                       EXIT_CONFIG) from None
    assert at is not None
    return at


def run_action(args: argparse.Namespace) -> int:
    from agent.followups.user_actions import ActionRefused, apply
    from agent.record.store import iso
    settings = settings_for(args, required=False)
    values: dict[str, Any] = {}
    if args.action == "sent" and args.at is not None:
        values["sent_at"] = _datetime("--at", args.at, settings)
    if args.action == "set":
        if args.to is None and args.due is None:
            raise CliError("nothing to change: give --to ADDR and/or --due DATETIME", EXIT_CONFIG)
        if args.to is not None:
            name, addr = one_address("--to", args.to)
            values.update(to_addr=addr, to_name=name)
        if args.due is not None:
            values["due_at"] = iso(_datetime("--due", args.due, settings))
    store = open_store(settings)
    try:
        with store.transaction() as conn:
            try:
                apply(store, conn, settings.followup, args.id, args.action, command_now(args, settings), values)
            except ActionRefused as exc:
                raise CliError(str(exc), EXIT_CONFIG) from None
            row = next(r for r in store.list_followups(conn) if r.id == args.id)
    finally:
        store.close()
    data = followup_json(row)
    if args.json:
        emit_json(data)
    else:
        when = f"sent {row.sent_at}" if row.status == "sent" and row.sent_at else f"due {row.due_at}"
        print(f"follow-up {row.id} ({row.kind}, {row.company or '-'}): {row.status}, {when}, "
              f"to {row.to_addr or '-'}" + (f" ({row.reason})" if row.status == "cancelled" or
                                            args.action == "restore" else ""))
    return EXIT_OK
