"""The schema in force: every table of the record's database, in one place.

A new database is created from these declarations (``metadata.create_all``) and stamped
:data:`SCHEMA_VERSION`; an older one is brought here by the numbered steps of
:mod:`agent.record.store.migrations`.  Tables that only ever got added (``notes``, ``digests``,
``install``, the account and notification tables) need no step: ``create_all`` adds a missing table
to an existing database.

Timestamps are ISO 8601 UTC strings (:func:`agent.record.store.database.iso`): sortable, readable,
portable across databases.  Statuses are the enums of :mod:`agent.record.rules` and
:mod:`agent.record.followup_rows`, enforced where they are written.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

SCHEMA_VERSION = 13
DEFAULT_ACCOUNT = "default"  # the one account of an Onward before [accounts.NAME] (schema version 3)

metadata = MetaData()

# IMAP's UIDs and UIDVALIDITY are unsigned 32-bit numbers (RFC 3501 2.3.1.1): beyond PostgreSQL's INTEGER,
# so BIGINT there; SQLite's INTEGER holds 64 bits (and its tables are declared as they always were).
UID = Integer().with_variant(BigInteger(), "postgresql")

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", String, nullable=False),
)

# Where each folder's pass resumes: the highest UID done under the folder's UIDVALIDITY
# (agent.record.store.folders.FolderCursor is its one owner).
folder_state = Table(
    "folder_state", metadata,
    Column("account", String, primary_key=True),
    Column("folder", String, primary_key=True),
    Column("uidvalidity", UID, nullable=False),
    Column("last_uid", UID, nullable=False),
    Column("updated_at", String, nullable=False),
)

# One row per message Onward has looked at (whatever the outcome), so nothing is processed twice.
messages = Table(
    "messages", metadata,
    Column("id", Integer, primary_key=True),
    Column("account", String, nullable=False),
    Column("folder", String, nullable=False),
    Column("uidvalidity", UID, nullable=False),
    Column("uid", UID, nullable=False),
    Column("message_id", String, nullable=False, index=True),
    # classified | review | failed | duplicate
    Column("status", String, nullable=False),
    Column("label", String),
    Column("confidence", Float),
    # P(rejection) of the model's decision (what decides whether a rejection is recorded); NULL
    # for rows written before schema version 2 or by a record stage that does not fill it yet.
    Column("p_rejection", Float),
    Column("error", Text),
    Column("subject", Text),
    Column("from_addr", String),
    Column("received_at", String),
    Column("processed_at", String, nullable=False),
    Column("application_id", Integer, ForeignKey("applications.id")),
    # Kept only for job emails and emails in review, so that a user's correction can re-record
    # them (and train on them) without going back to the mailbox.
    Column("facts_json", Text),
    Column("body", Text),
    UniqueConstraint("account", "folder", "uidvalidity", "uid", name="uq_messages_uid"),
)

applications = Table(
    "applications", metadata,
    Column("id", Integer, primary_key=True),
    Column("company", String),
    Column("company_key", String, index=True),
    Column("role", String),
    Column("status", String, nullable=False),
    Column("status_message_id", String),
    Column("status_subject", Text),
    Column("created_at", String, nullable=False),
    Column("updated_at", String, nullable=False),
    Column("account", String, nullable=False, server_default=DEFAULT_ACCOUNT, index=True),
    # set by onward add/edit, the invitation's calendar part or onward interview (version 4)
    Column("contact_name", String),
    Column("contact_addr", String),
    Column("applied_at", String),
    Column("interview_start", String),
    Column("interview_end", String),
    Column("interview_message_id", String),  # the invitation a thank-you is threaded under
    Column("interview_uid", String),  # the iCalendar UID: a later update of the same event moves the time
    Column("language", String),  # of the company's last email: a check-in's language
    # version 6: shown as a possible duplicate (never merged on its own), when the interview became known
    Column("possible_duplicate_of", Integer),
    Column("interview_set_at", String),
    Column("interview_cancelled_by", String),
    sqlite_autoincrement=True,  # an id is never given twice (version 7)
)

# Outcome events: one per classified job email (the application's history).
events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True),
    Column("message_id", String, nullable=False, index=True),
    Column("application_id", Integer, ForeignKey("applications.id"), nullable=False, index=True),
    Column("label", String, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("received_at", String, nullable=False),
    Column("subject", Text),
    Column("from_addr", String),
    Column("contact_name", String),
    Column("contact_email", String),
    Column("references_json", Text),
    Column("source", String, nullable=False, default="model"),
    Column("account", String, nullable=False, server_default=DEFAULT_ACCOUNT, index=True),
    # version 6: when it was put on record, the recipient's header (from, reply-to, organizer) or why
    # there is none, and the sender as linking compares senders (agent.record.contacts.sender_key)
    Column("recorded_at", String),
    Column("contact_source", String),
    Column("contact_reason", Text),
    Column("sender_key", String, index=True),
    # one event per email and account (version 12; one per email before): the same email sent to two job seekers
    # at once (the recipients in Bcc) is news for each in their own account
    UniqueConstraint("account", "message_id", name="uq_events_account_message"),
)

# Every Message-ID known to belong to an application's thread (its own and those it references).
thread_ids = Table(
    "thread_ids", metadata,
    Column("message_id", String, primary_key=True),
    Column("application_id", Integer, ForeignKey("applications.id"), nullable=False, index=True),
)

followups = Table(
    "followups", metadata,
    Column("id", Integer, primary_key=True),
    Column("application_id", Integer, ForeignKey("applications.id"), nullable=False, index=True),
    Column("rejection_message_id", String, nullable=False),
    Column("rejected_at", String, nullable=False),
    Column("due_at", String, nullable=False),
    Column("status", String, nullable=False),
    Column("to_name", String),
    Column("to_addr", String),
    Column("subject", Text),
    Column("in_reply_to", String, nullable=False),
    Column("references_json", Text),
    Column("draft_message_id", String),
    Column("drafted_at", String),
    Column("reason", Text),
    Column("created_at", String, nullable=False),
    Column("account", String, nullable=False, server_default=DEFAULT_ACCOUNT, index=True),
    # version 4: several follow-ups per application, one per slot (rejection_thanks,
    # interview_thanks:<invitation>, check_in:<anchor>)
    Column("kind", String, nullable=False, server_default="rejection_thanks"),
    Column("template", String),
    Column("language", String),
    Column("slot", String),
    UniqueConstraint("application_id", "slot", name="uq_followups_slot"),
    Column("sent_at", String),  # version 5: when the user sent the draft (found in Sent)
    Column("ended_by", String),  # version 6: the fact that cancelled it (a Message-ID, "user", "plan")
    Column("user_action", String),  # version 6: the user's last word (skipped, set, restored)
    Column("recipient_set_at", String),  # version 8: when the user set the recipient; planning keeps it
    Column("sent_message_id", String),  # version 9: the Message-ID of the copy the user sent (found in Sent)
    Column("ended_at", String),  # version 9: when the mail that cancelled it was written (the user's, in Sent)
    Column("draft_text", Text),  # version 10: the body of the draft as saved (which draft a copy in Sent is)
    Column("due_set_at", String),  # version 11: when the user set the due time; planning keeps it, a restore too
    sqlite_autoincrement=True,  # an id is never given twice (version 7)
)
Index("ix_followups_status_due", followups.c.status, followups.c.due_at)

# The recipients a mail system could not deliver the user's email to (a bounce: agent/mail/bounce.py), one row per
# failed address of each report (version 13). ``original_message_id`` is the Message-ID of the user's email it
# reports on: a follow-up's when it is the draft's or its copy's in Sent (read then, so a bounce recorded before
# the copy was found in Sent still counts). Facts only: planning reads them, nothing else changes.
bounces = Table(
    "bounces", metadata,
    Column("account", String, primary_key=True),  # the account the report arrived in
    Column("message_id", String, primary_key=True),  # the report's own
    Column("recipient", String, primary_key=True),  # the failed address, lower-cased
    Column("original_message_id", String, nullable=False, index=True),
    Column("bounced_at", String, nullable=False),  # the report's date
    Column("recorded_at", String, nullable=False),
)

# The database's random install id, made once: a draft's Message-ID carries it (version 6).
install = Table(
    "install", metadata,
    Column("key", String, primary_key=True),
    Column("value", String, nullable=False),
)

# The reflection journal: the user's notes on an application (onward reflect APP), version 5.
notes = Table(
    "notes", metadata,
    Column("id", Integer, primary_key=True),
    Column("application_id", Integer, ForeignKey("applications.id"), nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("written_at", String, nullable=False),
)

# One row per ISO week and person whose digest draft is in Drafts (never two a week in one Drafts), under the
# account that saved it: each person's first account (version 12; one row a week before).
digests = Table(
    "digests", metadata,
    Column("week", String, primary_key=True),  # ISO week, e.g. 2026-W45
    Column("draft_message_id", String, nullable=False),
    Column("saved_at", String, nullable=False),
    Column("account", String, primary_key=True),
)

# Labelled examples from the user (corrections and training folders); one per email.
examples = Table(
    "examples", metadata,
    Column("message_id", String, primary_key=True),
    Column("label", String, nullable=False),
    Column("subject", Text),
    Column("body", Text),
    Column("from_addr", String),
    Column("source", String, nullable=False),
    Column("updated_at", String, nullable=False),
)

# Per account: how its last pass ended (ok / needs_login / error), for onward status.
account_state = Table(
    "account_state", metadata,
    Column("account", String, primary_key=True),
    Column("auth", String, nullable=False),
    Column("state", String, nullable=False),
    Column("last_pass_at", String),
    Column("last_error", Text),
    Column("last_error_at", String),
    Column("updated_at", String, nullable=False),
)

# Per account: the daemon's IDLE connection (watching, lost, polling, stopped), written on each change.
idle_watch = Table(
    "idle_watch", metadata,
    Column("account", String, primary_key=True),
    Column("state", String, nullable=False),
    Column("since", String, nullable=False),
    Column("error", Text),
)

# Per account, Gmail's X-GM-MSGID of every message recorded from a Gmail folder: one message shows
# under each of its labels, so it is recorded once.
gmail_ids = Table(
    "gmail_ids", metadata,
    Column("account", String, primary_key=True),
    Column("gm_msgid", BigInteger, primary_key=True),
    Column("folder", String, nullable=False),
    Column("uidvalidity", UID, nullable=False),
    Column("uid", UID, nullable=False),
)

# The notifications sent ([notify]): each key claimed before it is sent, so never twice.
notifications = Table(
    "notifications", metadata,
    Column("key", String, primary_key=True),
    Column("kind", String, nullable=False),
    Column("state", String, nullable=False),  # claimed | sent | failed | since
    Column("text", Text),
    Column("created_at", String, nullable=False),
    Column("sent_at", String),
)

# The worker pool on a server database (agent.accounts.leases): each running daemon's heartbeat, and per
# account the one worker that works it until its lease expires. Written by the daemons only; a table
# only ever added (no migration step: ``create_all`` adds it to an existing database).
workers = Table(
    "workers", metadata,
    Column("id", String, primary_key=True),
    Column("host", String, nullable=False),
    Column("pid", Integer, nullable=False),
    Column("started_at", String, nullable=False),
    Column("expires_at", String, nullable=False),  # the heartbeat: alive until then
)

account_leases = Table(
    "account_leases", metadata,
    Column("account", String, primary_key=True),
    Column("worker", String),  # NULL: nobody holds it
    Column("host", String),
    Column("pid", Integer),
    Column("since", String),  # when this holder took it
    Column("expires_at", String),  # renewed by the holder's heartbeat; free for anyone after it
    Column("version", Integer, nullable=False),  # +1 on every write: takes and renewals compare and swap
)
