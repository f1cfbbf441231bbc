"""The batch view's staging follows the email's savepoint: what an email staged joins the view when its
savepoint is released, and is forgotten when it is rolled back - thread owners, events and the
applications the transaction holds (a row lock taken in a rolled-back savepoint is released with it), and
what linking weighs of the applications the batch's job emails could join."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from agent.record.batch_view import BatchView
from agent.record.rules import AppStatus
from agent.record.store.applications import ApplicationRow, ApplicationState, StatusEvent, linkable


def _view() -> BatchView:
    return BatchView(asked=frozenset({"<a@x>"}), owners={}, events_asked=frozenset(), with_event=set())


def test_an_application_locked_by_a_released_email_is_held_for_the_rest_of_the_batch():
    view = _view()
    view.stage_held(7)
    assert view.holds(7)  # within the email itself
    view.commit()
    assert view.holds(7) and view.held == {7}


def test_an_application_locked_by_a_rolled_back_email_is_locked_again():
    view = _view()
    view.stage_held(7)
    view.stage_thread(["<a@x>"], 7, "default")
    view.discard()
    assert not view.holds(7) and view.thread_owners(["<a@x>"]) == []


@given(st.lists(st.tuples(st.sets(st.integers(1, 9), max_size=3), st.booleans()), max_size=12))
def test_held_is_the_union_of_what_released_emails_staged(emails):
    view = _view()
    for staged, released in emails:
        for app_id in staged:
            view.stage_held(app_id)
        view.commit() if released else view.discard()
    assert view.held == set().union(*(s for s, released in emails if released))
    assert all(view.holds(a) == (a in view.held) for a in range(1, 10))


def test_the_owners_of_a_thread_come_in_the_order_of_their_message_ids() -> None:
    """As the database's index finds them (the smallest Message-ID first), whatever the order asked in; one
    staged by the batch counts as one read before it."""
    view = BatchView(asked=frozenset({"<a@x>", "<c@x>", "<b@x>", "<z@x>"}),
                     owners={"<a@x>": (1, "a"), "<c@x>": (3, "c")}, events_asked=frozenset(), with_event=set())
    assert view.thread_owners(["<c@x>", "<a@x>", "<z@x>"]) == [(1, "a"), (3, "c")]
    assert view.thread_owners(["<z@x>"]) == []
    view.stage_thread(["<b@x>"], 2, "b")
    assert view.thread_owners(["<c@x>", "<b@x>", "<a@x>", ""]) == [(1, "a"), (2, "b"), (3, "c")]


def _acme() -> ApplicationState:
    return ApplicationState(ApplicationRow(
        id=3, company="Acme", company_key="acme", role=None, status="applied", status_message_id="<a@acme.example>",
        status_subject="Thanks", created_at="2026-11-01T09:00:00+00:00", updated_at="2026-11-01T09:00:00+00:00"),
        (StatusEvent("acknowledgement", "<a@acme.example>", "Thanks", "2026-11-01T09:00:00+00:00"),),
        frozenset({(None, "acme.example")}))


def _view_of(state: ApplicationState) -> BatchView:
    return BatchView(asked=frozenset(), owners={}, events_asked=frozenset(), with_event=set(), held={state.row.id},
                     link_keys=frozenset({"acme"}), link_senders=frozenset({"acme.example", "other.example"}),
                     linkable={state.row.id: linkable(state)}, states={state.row.id: state})


def test_what_an_email_staged_of_an_application_is_weighed_until_it_is_rolled_back():
    state = _acme()
    view = _view_of(state)
    assert view.candidates("acme", "other.example") == ([linkable(state).candidate], [])
    view.stage_state(replace(state, senders=state.senders | {(None, "other.example")}))
    view.stage_update(3, {"role": "Data Engineer", "status": AppStatus.REJECTED})
    by_key, by_sender = view.candidates("acme", "other.example")
    assert by_key == by_sender and [(c.id, c.role_key, c.open) for c in by_key] == [(3, "dataengineer", False)]
    assert view.state(3) is not None and view.state(3).row.status == "rejected"
    view.discard()
    assert view.candidates("acme", "other.example") == ([linkable(state).candidate], [])
    assert view.state(3) == state


def test_what_a_released_email_staged_of_an_application_stays_for_the_rest_of_the_batch():
    state = _acme()
    view = _view_of(state)
    view.stage_state(replace(state, senders=state.senders | {(None, "other.example")}))
    view.commit()
    view.discard()  # the next email's savepoint rolled back: nothing of it was staged
    [by_sender] = view.candidates("", "other.example")[1]
    assert by_sender.id == 3 and by_sender.domains == {"acme.example", "other.example"}


def test_the_view_does_not_answer_for_a_company_or_sender_it_was_not_built_for():
    view = _view_of(_acme())
    assert view.candidates("globex", "") is None
    assert view.candidates("acme", "globex.example") is None
    assert view.candidates("", "") == ([], [])
    assert view.state(4) is None  # not read by this transaction
    view.held.clear()
    assert view.state(3) is None  # not held: read again, locked


def test_an_update_staged_reads_back_as_the_database_would_give_it():
    """Cleared columns stay None (not the text "None"), a status is the plain string the database holds -
    whichever side of "status" the column's name sorts on."""
    state = _acme()
    state = replace(state, row=replace(state.row, applied_at="2026-10-30T09:00:00+00:00",
                                       interview_start="2026-11-05T09:00:00+00:00",
                                       interview_end="2026-11-05T10:00:00+00:00"))
    view = _view_of(state)
    view.stage_update(3, {"interview_start": None, "interview_end": None, "applied_at": None,
                          "status": AppStatus.REJECTED, "status_message_id": None,
                          "updated_at": "2026-11-06T09:00:00+00:00", "not_a_column": 1})
    row = view.state(3).row  # type: ignore[union-attr]
    assert (row.interview_start, row.interview_end, row.applied_at, row.status_message_id) == (None, None, None, None)
    assert type(row.status) is str and row.status == "rejected"
    assert row.updated_at == "2026-11-06T09:00:00+00:00" and row.company == "Acme"
