"""Facts, plans and rows are values: frozen, so no rule can change what another rule sees.

The planner is a pure function of the application's facts and the store hands out snapshots of its
rows; a fact or row one rule could change in place would change, unseen, what the next rule (or the
next application of the same batch) reads.  Every such class is named here: a class that lost its
``frozen=True`` fails, one added without it is caught by review of this list.
"""

from __future__ import annotations

import pytest

from agent.followups import calendar, language, notes, plan, reconcile
from agent.record import analysis, appfacts, batch, contacts, facts, followup_rows, linking, rules
from agent.record.store import (accounts, applications, bounces, copy, events, folders, journal, leases, messages,
                                notifications, reports)
from agent.record.store import followups as followup_store

VALUES = [
    calendar.CalendarEntry, reconcile.Action, plan.Recipient, plan.Desired, language.Person, notes.NoteFacts,
    rules.Verdict, rules.Thresholds, rules.Remains, batch.Place, contacts.ContactChoice,
    appfacts.EventFact, appfacts.MailFact, appfacts.InterviewFact, appfacts.ChosenRecipient,
    appfacts.AppFacts, appfacts.PossibleRejection, appfacts.BouncedAddress,
    followup_rows.Followup, facts.Facts, linking.Candidate, linking.Link, analysis.Analysis,
    accounts.AccountStateRow, accounts.WatchRow, leases.LeaseRow, leases.WorkerRow, messages.MessageRow,
    messages.ExampleRow, folders.FolderState, folders.FolderCursor, applications.ApplicationRow,
    applications.OutcomeRow, applications.ApplicationBrief, applications.StatusEvent,
    applications.ApplicationState, applications.Linkable, copy.CopyResult, reports.AppReportRow, reports.EventReportRow,
    reports.FollowupReportRow, reports.NoteReportRow, reports.ReportRows, reports.Card, reports.BoardFilter,
    events.EventRow, events.EventListRow, notifications.NotificationRow, notifications.NewsEvent, bounces.BounceRow,
    followup_store.FollowupListRow, journal.Note, journal.SavedDigest,
]


@pytest.mark.parametrize("cls", VALUES, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_every_fact_plan_and_row_is_a_frozen_value(cls: type) -> None:
    assert "__dataclass_params__" in vars(cls), f"{cls.__qualname__} is not made a dataclass itself"
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    assert params.frozen, f"{cls.__qualname__} can be changed in place"
    assert params.eq  # compared by value: two reads of one row are equal
