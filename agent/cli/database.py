"""``onward db copy --to URL``: the record moved into another database (a SQLite file into PostgreSQL, or
any store URL to another), checked by the rows of each table and a sample of rows compared before it is
committed; the source is only read.  The work is :mod:`agent.record.store.copy`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from agent.cli.common import EXIT_CONFIG, EXIT_OK, CliError, emit_json, settings_for

Add = Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]


def register(add: Add) -> None:
    """``db copy``, added to ``onward``'s parser (``add(name, fn, help)``)."""
    sp = add("db", cmd_db_copy, "the record's database: copy it into another one")
    dsub = sp.add_subparsers(dest="db_command", required=True, metavar="copy")
    cp = dsub.add_parser("copy", help="copy the whole record into another database (e.g. PostgreSQL), checked",
                         description="Copy every table of the record (storage.database, or --from) into the "
                         "database --to names, in one transaction, checked by the rows of each table and a "
                         "sample of rows compared column by column before it is committed. The source is "
                         "only read. Then set storage.database to the new URL.")
    cp.set_defaults(fn=cmd_db_copy)
    cp.add_argument("--to", required=True, metavar="URL",
                    help="the target, e.g. postgresql+psycopg://onward@db.example/onward (it must be empty)")
    cp.add_argument("--from", dest="source", metavar="URL",
                    help="the source (default: storage.database of the config)")
    cp.add_argument("--replace", action="store_true",
                    help="delete the rows the target holds first (in the same transaction: a failed copy "
                         "keeps them)")
    cp.add_argument("--json", action="store_true", help="what was copied as JSON on stdout")


def cmd_db_copy(args: argparse.Namespace) -> int:
    from agent.record.store.copy import CopyRefused, copy_database  # lazy: SQLAlchemy for this command only

    source = args.source or settings_for(args, required=False).storage.database
    try:
        done = copy_database(source, args.to, replace=args.replace)
    except CopyRefused as exc:
        raise CliError(f"db copy: {exc}", EXIT_CONFIG) from None
    if args.json:
        emit_json({"from": done.source, "to": done.target, "rows": done.rows, "sampled": done.sampled,
                   "replaced": done.replaced})
        return EXIT_OK
    print(f"copied {done.source} -> {done.target}")
    print("  " + " · ".join(f"{table} {n}" for table, n in done.rows.items()))
    print(f"checked: the rows of {len(done.rows)} tables counted in both, {done.sampled} rows compared column "
          "by column")
    if done.replaced:
        print(f"replaced: the {done.replaced} rows the target held were deleted", file=sys.stderr)
    print(f"next: set storage.database = \"{done.target}\" (with its password) in the config", file=sys.stderr)
    return EXIT_OK
