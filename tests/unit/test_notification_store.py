"""The notifications' store keeps each notice to its own key and pings only about the model's fresh news
of mail processed since notifications were turned on, each once.

Each query is written against neighbours on both sides of its key: notice keys before and after the
``since`` row's key, messages whose ids sort before and after the event's own, sources before and
after ``model``, times on the boundary. So a comparison loosened from ``==`` to ``>=``, ``<`` or
``!=`` (or a boundary moved by one) is caught.
"""

from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.engine import Connection

from agent.record.store import notifications as rows
from agent.record.store.schema import applications, events, messages

LABELS = ("interview", "assessment", "offer")
T0, T1, T2, T3 = ("2026-11-10T09:00:00+00:00", "2026-11-11T09:00:00+00:00", "2026-11-12T09:00:00+00:00",
                  "2026-11-13T09:00:00+00:00")
# keys on both sides of rows.SINCE_KEY ("since"), as a later kind of notice could be
KEYS = ("email:<a@x>", "login:me", "update:1")


def _app(conn: Connection, company: str, account: str = "me") -> int:
    return int(conn.execute(insert(applications).values(
        company=company, role="Analyst", status="interview", created_at=T0, updated_at=T0, account=account)
    ).inserted_primary_key[0])


def _mail(conn: Connection, message_id: str, processed_at: str, uid: int, account: str = "me") -> None:
    conn.execute(insert(messages).values(account=account, folder="INBOX", uidvalidity=1, uid=uid,
                                         message_id=message_id, status="classified", received_at=processed_at,
                                         processed_at=processed_at))


def _event(conn: Connection, app_id: int, message_id: str, *, label: str = "interview", source: str = "model",
           received_at: str = T2, account: str = "me") -> None:
    conn.execute(insert(events).values(message_id=message_id, application_id=app_id, label=label, confidence=0.9,
                                       received_at=received_at, subject=f"about {message_id}", source=source,
                                       account=account))


def _news(conn: Connection, since: str = T1, fresh: str = T1) -> list[str]:
    return [n.message_id for n in rows.pending_news(conn, LABELS, since, fresh)]


def test_turned_on_at_is_written_once_and_kept_whatever_other_notices_exist(conn):
    assert rows.turned_on_at(conn, T0) == T0
    for key, at in zip(KEYS, (T1, T2, T3), strict=True):
        assert rows.claim(conn, key, "interview", "text", at)
    assert rows.turned_on_at(conn, T3) == T0


def test_turned_on_at_written_after_other_notices_is_its_own_time(conn):
    for key, at in zip(KEYS, (T1, T2, T3), strict=True):
        rows.claim(conn, key, "interview", "text", at)
    assert rows.turned_on_at(conn, T0) == T0
    assert rows.turned_on_at(conn, T2) == T0


def test_news_is_of_mail_processed_since_turned_on_each_event_by_its_own_message(conn):
    app = _app(conn, "Acme")
    _mail(conn, "<a@x>", T2, 1)  # processed after `since`, id before the old one's
    _mail(conn, "<m@x>", T0, 2)  # processed before `since`: no news
    _mail(conn, "<z@x>", T2, 3)  # processed after `since`, id after the old one's
    for mid in ("<a@x>", "<m@x>", "<z@x>"):
        _event(conn, app, mid)
    assert _news(conn) == ["<a@x>", "<z@x>"]


def test_one_email_in_three_accounts_is_news_only_where_its_own_pass_read_it_since(conn):
    """The same invitation to three seekers (a careers service): the seeker whose pass read it before
    notifications were turned on has no news, whatever the other two accounts' names sort as."""
    for uid, (account, processed_at) in enumerate((("a", T2), ("b", T0), ("c", T2)), start=1):
        _mail(conn, "<group@x>", processed_at, uid, account)
        _event(conn, _app(conn, "Acme", account), "<group@x>", account=account)
    assert sorted(n.account for n in rows.pending_news(conn, LABELS, T1, T1)) == ["a", "c"]


def test_a_notice_claimed_for_one_account_leaves_the_same_email_news_to_the_others(conn):
    for uid, account in enumerate(("a", "b", "c"), start=1):
        _mail(conn, "<group@x>", T2, uid, account)
        _event(conn, _app(conn, "Acme", account), "<group@x>", account=account)
    assert rows.claim(conn, rows.news_key("b", "<group@x>"), "interview", "text", T2)
    assert sorted(n.account for n in rows.pending_news(conn, LABELS, T1, T1)) == ["a", "c"]
    assert rows.news_key("a", "<group@x>") == "email:a:<group@x>"


def test_a_notice_sent_before_keys_named_the_account_is_still_sent_for_every_account(conn):
    for uid, account in enumerate(("a", "b"), start=1):
        _mail(conn, "<group@x>", T2, uid, account)
        _event(conn, _app(conn, "Acme", account), "<group@x>", account=account)
    _mail(conn, "<other@x>", T2, 3, "a")
    _event(conn, _app(conn, "Globex", "a"), "<other@x>", account="a")
    rows.claim(conn, "email:<group@x>", "interview", "text", T1)  # an earlier Onward's key
    assert [(n.account, n.message_id) for n in rows.pending_news(conn, LABELS, T1, T1)] == [("a", "<other@x>")]


def test_mail_processed_at_the_moment_notifications_were_turned_on_counts(conn):
    app = _app(conn, "Acme")
    _mail(conn, "<m@x>", T1, 1)
    _event(conn, app, "<m@x>")
    assert _news(conn, since=T1) == ["<m@x>"]
    assert _news(conn, since=T2) == []


def test_news_received_at_the_freshness_bound_counts(conn):
    app = _app(conn, "Acme")
    _mail(conn, "<m@x>", T2, 1)
    _event(conn, app, "<m@x>", received_at=T1)
    assert _news(conn, fresh=T1) == ["<m@x>"]
    assert _news(conn, fresh=T2) == []


def test_only_the_models_news_labels_ping(conn):
    app = _app(conn, "Acme")
    for uid, (mid, label, source) in enumerate((("<cli@x>", "interview", "cli"), ("<model@x>", "interview", "model"),
                                                ("<user@x>", "offer", "user"), ("<rej@x>", "rejection", "model")),
                                               start=1):
        _mail(conn, mid, T2, uid)
        _event(conn, app, mid, label=label, source=source)
    assert _news(conn) == ["<model@x>"]


def test_each_news_names_its_own_application_once(conn):
    first, second, third = _app(conn, "Acme"), _app(conn, "Globex"), _app(conn, "Initech")
    for uid, (mid, app) in enumerate((("<a@x>", first), ("<b@x>", second), ("<c@x>", third)), start=1):
        _mail(conn, mid, T2, uid)
        _event(conn, app, mid, received_at=(T1, T2, T3)[uid - 1])
    news = rows.pending_news(conn, LABELS, T1, T1)
    assert [(n.message_id, n.company) for n in news] == [("<a@x>", "Acme"), ("<b@x>", "Globex"), ("<c@x>", "Initech")]
    assert news[0].subject == "about <a@x>" and news[0].account == "me" and news[0].role == "Analyst"


def test_claimed_news_is_not_news_again_and_a_claim_is_once(conn):
    app = _app(conn, "Acme")
    for uid, mid in enumerate(("<a@x>", "<b@x>", "<c@x>"), start=1):
        _mail(conn, mid, T2, uid)
        _event(conn, app, mid)
    assert rows.claim(conn, "email:<b@x>", "interview", "Interview invitation: Acme", T2)
    assert not rows.claim(conn, "email:<b@x>", "interview", "again", T3)
    assert _news(conn) == ["<a@x>", "<c@x>"]


def test_mark_changes_only_its_own_notice(conn):
    for key in KEYS:
        rows.claim(conn, key, "interview", "text", T1)
    rows.mark(conn, KEYS[1], "sent", T2)
    got = {r.key: (r.state, r.sent_at) for r in rows.recent(conn, 10)}
    assert got == {KEYS[0]: ("claimed", None), KEYS[1]: ("sent", T2), KEYS[2]: ("claimed", None)}


def test_release_forgets_only_the_keys_named(conn):
    for key in KEYS:
        rows.claim(conn, key, "needs_login", "text", T1)
    rows.release(conn, [KEYS[1]])
    assert sorted(r.key for r in rows.recent(conn, 10)) == [KEYS[0], KEYS[2]]
    assert rows.claim(conn, KEYS[1], "needs_login", "again", T2)


def test_recent_lists_every_notice_but_the_since_row_newest_first(conn):
    rows.turned_on_at(conn, T0)
    for key, at in zip(KEYS, (T1, T3, T2), strict=True):
        rows.claim(conn, key, "interview", f"text {key}", at)
    listed = rows.recent(conn, 10)
    assert [r.key for r in listed] == [KEYS[1], KEYS[2], KEYS[0]]
    assert listed[0].text == f"text {KEYS[1]}" and listed[0].kind == "interview"
    assert [r.key for r in rows.recent(conn, 2)] == [KEYS[1], KEYS[2]]
