"""A ping when it matters (``[notify]``, off by default): one short notification through Apprise URLs
when an interview invitation, an assessment or an offer is recorded, or an account needs a new sign-in.

* **What**: company, role and the kind of news; the subject only with ``notify.include_subject``.
  Never the body, the sender or anything else from the email.
* **Which**: events put on record by the model (a label you set yourself is no news to you) of mail
  processed since notifications were first turned on (less :data:`FIRST_LOOKBACK`: the pass that ran
  just before counts) and received in the last :data:`FRESH_DAYS` days (a backfill of old mail pings
  nothing); accounts whose state is ``needs_login``.
* **Never twice** (crash-safe, like drafts): each notice has a key (``email:<account>:<Message-ID>``,
  ``login:<account>``) claimed in its own committed transaction *before* anything is sent; a key
  already there is skipped. A crash between the claim and the send loses that one ping rather than
  repeating it. A sign-in key is released when the account is well again, so the next time it needs a
  sign-in pings once more.

The table ``notifications`` is in the record's database (:mod:`agent.record.store.notifications`).
:func:`notices` decides (pure); :func:`after_pass` applies.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from agent.accounts.state import AccountState, states
from agent.config import Settings
from agent.record.rules import Label
from agent.record.store import Store, iso
from agent.record.store import notifications as rows
from agent.record.store.notifications import NewsEvent, NotificationRow

log = logging.getLogger("onward")

FRESH_DAYS = 7  # an email received longer ago than this is history, not news
FIRST_LOOKBACK = timedelta(days=1)  # notifications turned on: mail processed this long before counts too

# The news worth a ping, by label value: whichever of these the Label enum has (assessment may join it).
KIND_TEXT = {"interview": "Interview invitation", "assessment": "Assessment", "offer": "Offer"}
NEWS_LABELS = tuple(label.value for label in Label if label.value in KIND_TEXT)


@dataclass(frozen=True)
class Notice:
    key: str
    kind: str
    title: str
    body: str


def notices(news: Iterable[NewsEvent], needs_login: Iterable[str], *, include_subject: bool,
            name_accounts: bool = False) -> list[Notice]:
    """What to send (pure): one notice per news email and account (the same invitation to two job seekers
    is news to each), one per account waiting for a sign-in. ``name_accounts``: the config has several
    accounts, so each news notice says whose mailbox it came to."""
    out = []
    for e in news:
        what = KIND_TEXT.get(e.label, e.label)
        name = " – ".join(x for x in (e.company or "a company", e.role) if x)
        body = f"{what}: {name}" + (f" (account {e.account})" if name_accounts else "")
        if include_subject and e.subject:
            body += f"\nSubject: {e.subject}"
        out.append(Notice(key=rows.news_key(e.account, e.message_id), kind=e.label, title=f"Onward: {what.lower()}", body=body))
    for account in needs_login:
        out.append(Notice(key=f"login:{account}", kind="needs_login", title="Onward: sign-in needed",
                          body=f"Account {account} needs a new sign-in: run onward login --account {account}"))
    return out


def ensure_table(store: Store, now: datetime) -> str:
    """When notifications were first turned on (now, less FIRST_LOOKBACK, the first time)."""
    with store.transaction() as conn:
        return rows.turned_on_at(conn, iso(now - FIRST_LOOKBACK))


def pending_news(store: Store, since: str, now: datetime) -> list[NewsEvent]:
    """Events the model recorded with a news label, of mail processed since ``since`` and fresh."""
    with store.transaction() as conn:
        return rows.pending_news(conn, NEWS_LABELS, since, iso(now - timedelta(days=FRESH_DAYS)))


def accounts_needing_login(store: Store) -> tuple[list[str], list[str]]:
    """(accounts waiting for a sign-in, accounts that are not)."""
    found = states(store)
    waiting = [a for a, r in found.items() if r.state == AccountState.NEEDS_LOGIN]
    return waiting, [a for a in found if a not in waiting]


def claim(store: Store, notice: Notice, now: datetime) -> bool:
    """Record the notice's key (committed) before it is sent; False when it was already there."""
    with store.transaction() as conn:
        return rows.claim(conn, notice.key, notice.kind, notice.body, iso(now))


def mark(store: Store, key: str, state: str, now: datetime) -> None:
    with store.transaction() as conn:
        rows.mark(conn, key, state, iso(now))


def release_logins(store: Store, accounts: Sequence[str]) -> None:
    """The accounts are well again: their next sign-in trouble pings once more."""
    if accounts:
        with store.transaction() as conn:
            rows.release(conn, [f"login:{a}" for a in accounts])


Sender = Callable[[Sequence[str], str, str], bool]


def apprise_send(urls: Sequence[str], title: str, body: str) -> bool:
    """Send through Apprise to every URL; True when all of them took it."""
    import apprise  # lazy: a second of imports, needed only when a notice goes out

    app = apprise.Apprise()
    for url in urls:
        if not app.add(url):
            log.warning("notify: an Apprise URL of notify.urls is not understood (it is skipped)")
    return bool(app.notify(title=title, body=body))


def after_pass(settings: Settings, store: Store, now: datetime, send: Sender = apprise_send) -> list[Notice]:
    """Send the notices due after a pass (nothing unless ``notify.enabled``); returns those sent."""
    if not settings.notify.enabled:
        return []
    since = ensure_table(store, now)
    waiting, well = accounts_needing_login(store)
    release_logins(store, well)
    sent = []
    for notice in notices(pending_news(store, since, now), waiting, include_subject=settings.notify.include_subject,
                          name_accounts=len(settings.accounts) > 1):
        if not claim(store, notice, now):
            continue  # already sent (or claimed by a pass that crashed): never twice
        ok = False
        try:
            ok = send(settings.notify.urls, notice.title, notice.body)
        except Exception as exc:  # noqa: BLE001 - a notification service down must not stop the daemon
            log.warning("notify: sending failed: %s", type(exc).__name__)
        mark(store, notice.key, "sent" if ok else "failed", now)
        if ok:
            sent.append(notice)
        else:
            log.warning("notify: %s could not be delivered (not retried)", notice.kind)
    return sent


def recent(store: Store, limit: int = 20) -> list[NotificationRow]:
    """The last notifications (for the status page)."""
    with store.transaction() as conn:
        return rows.recent(conn, limit)
