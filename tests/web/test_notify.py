"""``[notify]``: real Apprise (``json://``) to a real HTTP server on 127.0.0.1 started here, after the
real pass over the in-memory mailbox (real SQLite, shipped model), through the daemon's own hook."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from agent import notify
from agent.accounts.state import AccountState, PassOutcome, record_outcome
from agent.config import ConfigError, parse_settings
from agent.demo import samples
from agent.loop import remember
from agent.mail.memory import MemoryMailbox
from agent.pipeline import Agent
from tests.unit.memory_world import deliver, memory_world

NOW = datetime.now(UTC).replace(microsecond=0)
OFFER_BODY = ("Hi Alex,\n\nWe are delighted to offer you the position of Site Reliability Engineer at Hooli, "
              "starting January 15. Your annual salary will be $150,000. Please find the offer letter "
              "attached and let us know by Friday.\n\nWarm regards,\nGavin Belson\n")


class Hook:
    """A local HTTP endpoint that keeps every JSON body posted to it."""

    def __init__(self) -> None:
        self.posts: list[dict[str, Any]] = []
        posts = self.posts

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server API
                n = int(self.headers.get("Content-Length", "0"))
                posts.append(json.loads(self.rfile.read(n)))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self.server.server_address[1]}/hook"


@pytest.fixture
def hook() -> Iterator[Hook]:
    h = Hook()
    try:
        yield h
    finally:
        h.server.shutdown()


def _world(tmp_path: Path, model: Any, hook: Hook, **notify_keys: Any) -> tuple[Any, Any, Any]:
    box, agent, store = memory_world(tmp_path, model, notify={"enabled": True, "urls": [hook.url], **notify_keys})
    for raw in (
        samples.interview("Initech", "Platform Engineer", "Bill Lumbergh", "bill@initech.example",
                          NOW - timedelta(hours=3), "<i1@initech.example>"),
        samples.build_email(from_="Gavin Belson <gavin@hooli.example>", to=samples.USER,
                            subject="Your offer from Hooli", body=OFFER_BODY, date=NOW - timedelta(hours=2),
                            message_id="<o1@hooli.example>"),
        samples.rejection("Globex", "Analyst", "Globex Careers <no-reply@hire.lever.co>", NOW - timedelta(hours=1),
                          "<r1@globex.example>"),
        samples.ack("Acme", "Engineer", NOW - timedelta(hours=1), "<a1@acme.example>"),
        samples.interview("Oldco", "Engineer", "Old Timer", "old@oldco.example", NOW - timedelta(days=40),
                          "<old@oldco.example>"),  # history, not news
    ):
        deliver(box, raw)
    agent.run_pass(NOW)
    return box, agent, store


def test_one_ping_per_interview_and_offer_with_company_role_kind_only(tmp_path, model, hook):
    _box, agent, store = _world(tmp_path, model, hook)
    try:
        remember(agent, None, NOW)  # the daemon's hook after a pass
        assert sorted(p["message"] for p in hook.posts) == [
            "Interview invitation: Initech – Platform Engineer", "Offer: Hooli – Site Reliability Engineer"]
        sent = json.dumps(hook.posts)
        for private in ("bill@", "Lumbergh", "salary", "150,000", "impressed", "Your offer from Hooli"):
            assert private not in sent
        assert all(p["title"].startswith("Onward: ") for p in hook.posts)
        # never twice: the next passes send nothing more
        remember(agent, None, NOW + timedelta(minutes=5))
        notify.after_pass(agent.settings, store, NOW + timedelta(minutes=10))
        assert len(hook.posts) == 2
    finally:
        store.close()


def test_a_crash_between_claim_and_send_never_sends_twice(tmp_path, model, hook):
    _box, agent, store = _world(tmp_path, model, hook)
    try:
        def crash(_urls: Any, _title: str, _body: str) -> bool:
            raise KeyboardInterrupt  # the process dies while sending the first notice

        with pytest.raises(KeyboardInterrupt):
            notify.after_pass(agent.settings, store, NOW, send=crash)
        notify.after_pass(agent.settings, store, NOW + timedelta(minutes=1))
        assert len(hook.posts) == 1  # the other one; the notice claimed before the crash is not repeated
        states = {r.key: r.state for r in notify.recent(store)}
        assert sorted(states.values()) == ["claimed", "sent"]
    finally:
        store.close()


def test_needs_login_pings_once_per_episode(tmp_path, model, hook):
    _box, agent, store = _world(tmp_path, model, hook)
    try:
        notify.after_pass(agent.settings, store, NOW)
        hook.posts.clear()
        down = PassOutcome("work", "microsoft", AccountState.NEEDS_LOGIN, NOW, "sign-in expired")
        record_outcome(store, down)
        notify.after_pass(agent.settings, store, NOW)
        notify.after_pass(agent.settings, store, NOW + timedelta(minutes=5))
        assert [p["message"] for p in hook.posts] == [
            "Account work needs a new sign-in: run onward login --account work"]
        record_outcome(store, PassOutcome("work", "microsoft", AccountState.OK, NOW + timedelta(hours=1)))
        notify.after_pass(agent.settings, store, NOW + timedelta(hours=1))
        record_outcome(store, down)
        notify.after_pass(agent.settings, store, NOW + timedelta(hours=2))
        assert len(hook.posts) == 2
    finally:
        store.close()


def test_include_subject_adds_the_subject(tmp_path, model, hook):
    _box, agent, store = _world(tmp_path, model, hook, include_subject=True)
    try:
        notify.after_pass(agent.settings, store, NOW)
        assert any("Subject: Your offer from Hooli" in p["message"] for p in hook.posts)
    finally:
        store.close()


def test_off_by_default_and_urls_required_when_on(tmp_path, model, hook):
    box, agent, store = memory_world(tmp_path, model)
    try:
        deliver(box, samples.interview("Initech", "Platform Engineer", "Bill", "bill@initech.example",
                                       NOW - timedelta(hours=3), "<i1@initech.example>"))
        agent.run_pass(NOW)
        assert not agent.settings.notify.enabled
        assert notify.after_pass(agent.settings, store, NOW) == []
        assert hook.posts == []
    finally:
        store.close()
    with pytest.raises(ConfigError, match="notify.urls is missing"):
        parse_settings({"notify": {"enabled": True}})
    with pytest.raises(ConfigError, match="notify.urls"):
        parse_settings({"notify": {"enabled": True, "urls": []}})


def test_the_same_invitation_to_two_job_seekers_pings_each_naming_whose_mailbox(tmp_path, model, hook):
    """A careers service: one interview invitation sent to two of its job seekers is news to each of them."""
    maria_box, maria, store = memory_world(tmp_path, model, notify={"enabled": True, "urls": [hook.url]},
                                           accounts={"tom": {"host": "imap.example.org", "username": "tom@example.org",
                                                             "folders": ["INBOX"]}})
    [tom_settings] = maria.settings.select("tom")
    tom_box = MemoryMailbox()
    tom = Agent(tom_settings, store, model, password="unused", client=lambda: tom_box)
    try:
        invitation = samples.interview("Initech", "Platform Engineer", "Bill Lumbergh", "bill@initech.example",
                                       NOW - timedelta(hours=3), "<group-invite@initech.example>")
        for box, seeker in ((maria_box, maria), (tom_box, tom)):
            deliver(box, invitation)
            seeker.run_pass(NOW)
        notify.after_pass(maria.settings, store, NOW)
        assert sorted(p["message"] for p in hook.posts) == [
            "Interview invitation: Initech – Platform Engineer (account default)",
            "Interview invitation: Initech – Platform Engineer (account tom)"]
        notify.after_pass(tom.settings, store, NOW + timedelta(minutes=5))  # never twice, whichever pass asks
        assert len(hook.posts) == 2
    finally:
        store.close()


def test_notices_rule_is_pure_and_short():
    news = [notify.NewsEvent("<m@x>", "interview", None, None, "Hello", "default")]
    [n] = notify.notices(news, [], include_subject=False)
    assert (n.key, n.body) == ("email:default:<m@x>", "Interview invitation: a company")
    [named] = notify.notices(news, [], include_subject=False, name_accounts=True)
    assert named.body == "Interview invitation: a company (account default)"
    assert set(notify.NEWS_LABELS) <= {"interview", "assessment", "offer"} and "interview" in notify.NEWS_LABELS
