"""The store: the only code that touches the database.

* :mod:`~agent.record.store.schema` - every table of the schema in force, :data:`SCHEMA_VERSION`;
* :mod:`~agent.record.store.migrations` - the numbered steps that bring an older database there;
* :mod:`~agent.record.store.database` - opening (permissions, pragmas, upgrade) and transactions;
* :mod:`~agent.record.store.dialects` - what differs between SQLite (the default) and PostgreSQL;
* :mod:`~agent.record.store.copy` - ``onward db copy``: the record into another database, checked;
* one module per aggregate, each returning frozen dataclasses: :mod:`~agent.record.store.applications`
  (linking candidates, merge, the facts planning reads), :mod:`~agent.record.store.events`,
  :mod:`~agent.record.store.messages` (emails looked at, labelled examples),
  :mod:`~agent.record.store.followups`, :mod:`~agent.record.store.folders` (the resume point, one
  :class:`FolderCursor` per folder), :mod:`~agent.record.store.journal` (notes, digests),
  :mod:`~agent.record.store.accounts`, :mod:`~agent.record.store.notifications`, and
  :mod:`~agent.record.store.reports` (the read models of the report and the web board).

:class:`Store` is the handle the rest of Onward holds: the database plus the methods of the aggregates
that need it (``keep_bodies``) or are called on it everywhere; the other queries are functions of their
aggregate's module taking the transaction's ``Connection``.  No module outside this package issues SQL
(tests/unit/test_store_boundary.py reads the sources to keep it so).
"""

from __future__ import annotations

from sqlalchemy import Connection

from agent.record.storage import StoreError, lock_path_for, parse_iso, prepare_database_dir
from agent.record.store.applications import ApplicationQueries, ApplicationRow, OutcomeRow
from agent.record.store.database import dumps_ids, iso, loads_ids
from agent.record.store.events import EventListRow, EventQueries, EventRow
from agent.record.store.folders import FolderCursor, FolderState
from agent.record.store.followups import FollowupListRow, FollowupQueries
from agent.record.store.messages import ExampleRow, MessageQueries, MessageRow
from agent.record.store.schema import SCHEMA_VERSION


class Store(ApplicationQueries, EventQueries, MessageQueries, FollowupQueries):
    """A handle on the database. Create with ``Store.open(url)`` or ``Store.for_settings(settings)``."""


__all__ = [
    "SCHEMA_VERSION", "Connection", "ApplicationRow", "EventListRow", "EventRow", "ExampleRow", "FolderCursor", "FolderState",
    "FollowupListRow", "MessageRow", "OutcomeRow", "Store", "StoreError", "dumps_ids", "iso", "loads_ids",
    "lock_path_for", "parse_iso", "prepare_database_dir",
]
