"""``onward followups skip ID``, ``onward followups set ID [--to ADDR] [--due DATETIME]`` and
``onward followups restore ID``: the user decides about one follow-up. Each is kept as a fact on the
row (``user_action``), which planning respects: a skipped follow-up is never planned again, a set
recipient or due time is never overwritten, a restored one is not cancelled again by the fact it was
restored over."""

from __future__ import annotations

import argparse
import email.utils
from typing import Any

from agent.cli.common import (
    EXIT_CONFIG,
    EXIT_OK,
    CliError,
    emit_json,
    followup_json,
    open_store,
    parse_now,
    settings_for,
)
from agent.config import is_addr_spec


def recipient(value: str) -> tuple[str | None, str]:
    """``--to``: one address, bare (``jane@acme.com``) or with a display name (``Jane Roe <jane@acme.com>``):
    (the name or None, the address in lower case). Anything else (a list, no address) is exit 2."""
    pairs = email.utils.getaddresses([value])
    if len(pairs) != 1 or not is_addr_spec(pairs[0][1]) or any(c in value for c in "\r\n"):
        raise CliError(f"--to {value!r}: expected one email address such as jane@acme.com or "
                       "\"Jane Roe <jane@acme.com>\"", EXIT_CONFIG)
    name = " ".join(pairs[0][0].split())
    return name or None, pairs[0][1].lower()


def run_action(args: argparse.Namespace) -> int:
    from agent.followups.user_actions import ActionRefused, apply
    from agent.record.outcomes import utcnow
    from agent.record.store import iso
    settings = settings_for(args, required=False)
    values: dict[str, Any] = {}
    if args.action == "set":
        if args.to is None and args.due is None:
            raise CliError("nothing to change: give --to ADDR and/or --due DATETIME", EXIT_CONFIG)
        if args.to is not None:
            name, addr = recipient(args.to)
            values.update(to_addr=addr, to_name=name)
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
            try:
                apply(store, conn, settings.followup, args.id, args.action, utcnow(), values)
            except ActionRefused as exc:
                raise CliError(str(exc), EXIT_CONFIG) from None
            row = next(r for r in store.list_followups(conn) if r.id == args.id)
    finally:
        store.close()
    data = followup_json(row)
    if args.json:
        emit_json(data)
    else:
        print(f"follow-up {row.id} ({row.kind}, {row.company or '-'}): {row.status}, due {row.due_at}, "
              f"to {row.to_addr or '-'}" + (f" ({row.reason})" if row.status == "cancelled" or
                                            args.action == "restore" else ""))
    return EXIT_OK
