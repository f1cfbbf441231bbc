"""The batch view's staging follows the email's savepoint: what an email staged joins the view when its
savepoint is released, and is forgotten when it is rolled back - thread owners, events and the
applications the transaction holds (a row lock taken in a rolled-back savepoint is released with it)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from agent.record.batch_view import BatchView


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
    assert not view.holds(7) and view.thread_application(["<a@x>"], "default") is None


@given(st.lists(st.tuples(st.sets(st.integers(1, 9), max_size=3), st.booleans()), max_size=12))
def test_held_is_the_union_of_what_released_emails_staged(emails):
    view = _view()
    for staged, released in emails:
        for app_id in staged:
            view.stage_held(app_id)
        view.commit() if released else view.discard()
    assert view.held == set().union(*(s for s, released in emails if released))
    assert all(view.holds(a) == (a in view.held) for a in range(1, 10))


def test_a_thread_is_found_only_for_its_own_account() -> None:
    """Accounts on both sides of the one asked for: a comparison loosened from ``==`` picks up a neighbour."""
    view = BatchView(asked=frozenset({"<a@x>", "<c@x>", "<b@x>"}),
                     owners={"<a@x>": (1, "a"), "<c@x>": (3, "c")}, events_asked=frozenset(), with_event=set())
    assert view.thread_application(["<a@x>"], "b") is None
    assert view.thread_application(["<c@x>"], "b") is None
    assert view.thread_application(["<c@x>", "<a@x>"], "a") == 1
    assert view.thread_application(["<a@x>", "<c@x>"], "c") == 3
    view.stage_thread(["<b@x>"], 2, "b")
    assert view.thread_application(["<a@x>", "<b@x>", "<c@x>"], "".join(["b"])) == 2  # an equal string
