"""Hypothesis stateful test of the follow-up reconciliation (agent/followups/plan.py, reconcile.py).

Random sequences of emails (acknowledgements through an ATS relay, interviews with and without a
calendar part, rejections from a person, a relay or a no-reply sender with a Reply-To elsewhere,
replies in the thread, the user's replies in Sent), user actions (skip, restore), passes at random
times and passes killed at a random step, against the in-memory mailbox with the real model and a
real SQLite file. After every step:

* at most one live (open) follow-up per (application, kind, stage);
* a second pass at the same moment (nothing new) changes no row;
* every recipient is one the recipient rule allows for some email of the run;
* a cancelled follow-up stays cancelled unless the user restored it;
and at the end, when the user took no action, the rows equal those of ONE pass over the same mail in
a fresh database at the last moment.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import hypothesis.strategies as st
from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from agent import crashpoints
from agent.demo import samples
from agent.followups.user_actions import ActionRefused, apply
from agent.mail.calendar import invitation
from agent.mail.parse import parse_message
from agent.model.classifier import Classifier
from agent.record.contacts import recipient_rule
from agent.record.followup_rows import FollowupStatus, is_open
from tests import followup_samples as fs
from tests.unit.memory_world import USER, memory_world

T0 = datetime(2026, 9, 7, 8, 0, tzinfo=UTC)
COMPANIES = [("Acme Robotics", "Backend Engineer", "Jane Miller", "jane.miller@acmerobotics.test"),
             ("Globex", "Data Analyst", "Hank Scorpio", "hank@globex.test"),
             ("Umbrella Health", "ML Engineer", "Omar Haddad", "omar@umbrellahealth.test")]
FOLLOWUP = {"max_days": 60, "min_days": 3}  # the run spans less than max_days: windows never bite
_MODEL: list[Classifier] = []


class Killed(Exception):
    pass


def _project(store) -> list[tuple]:
    """The follow-up rows, keyed by what does not depend on row ids."""
    with store.transaction() as conn:
        apps = {a.id: a.status_message_id for a in store.list_outcomes(conn)}
        return sorted((apps[f.application_id], f.kind, f.slot, f.status, f.to_addr, f.due_at)
                      for f in store.list_followups(conn))


class FollowupMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        if not _MODEL:
            _MODEL.append(Classifier.load())
        self.tmp = Path(tempfile.mkdtemp(prefix="onward-fsm-"))
        self.box, self.agent, self.store = memory_world(self.tmp / "a", _MODEL[0], followup=FOLLOWUP)
        self.now = T0
        self.n = 0
        self.mail: list[tuple[str, bytes, datetime]] = []
        self.last: dict[int, str] = {}  # company -> its last Message-ID (threads)
        self.allowed: set[str] = set()
        self.cancelled: set[int] = set()
        self.user_acted = False

    # -- mail ---------------------------------------------------------------------------------------
    def _deliver(self, raw: bytes, folder: str = "INBOX") -> None:
        self.box.deliver(folder, raw, self.now)
        self.mail.append((folder, raw, self.now))
        if folder == "INBOX":
            email = parse_message(raw)
            inv = invitation(raw)
            choice = recipient_rule(email, inv.organizer if inv else None, {USER})
            if choice.contact is not None:
                self.allowed.add(choice.contact.email)

    @rule(c=st.integers(0, 2), kind=st.sampled_from(["ack", "interview", "invite", "rejection", "relay_rejection",
                                                     "phish_rejection", "reply"]), hours=st.integers(1, 120))
    def company_writes(self, c: int, kind: str, hours: int) -> None:
        self.now += timedelta(hours=hours)
        self.n += 1
        company, role, rec, addr = COMPANIES[c]
        mid = f"<m{self.n}@c{c}.test>"
        parent = self.last.get(c)
        if kind == "ack":
            raw = samples.ack(company, role, self.now, mid)
        elif kind == "interview":
            raw = samples.interview(company, role, rec, addr, self.now, mid)
        elif kind == "invite":
            raw = fs.invitation(company, role, rec, addr, self.now, mid, start=self.now + timedelta(days=2),
                                uid=f"ev{c}")
        elif kind == "rejection":
            raw = samples.rejection(company, role, f"{rec} <{addr}>", self.now, mid, in_reply_to=parent,
                                    references=[parent] if parent else [])
        elif kind == "relay_rejection":
            raw = samples.rejection(company, role, f"{company} <no-reply@greenhouse.io>", self.now, mid)
        elif kind == "phish_rejection":
            raw = samples.build_email(from_=f"{company} <no-reply@{addr.split('@')[1]}>", to=USER,
                                      subject=f"Your application to {company}", date=self.now, message_id=mid,
                                      reply_to="Jane <attacker@evil.test>",
                                      body=f"Hi Alex,\n\nThank you for applying for the {role} position at "
                                           f"{company}. Unfortunately we have decided to move forward with other "
                                           "candidates.\n\nKind regards,\nThe team\n")
        else:
            if parent is None:
                return
            raw = samples.build_email(from_=f"{rec} <{addr}>", to=USER, subject="Re: your application",
                                      date=self.now, message_id=mid, in_reply_to=parent, references=[parent],
                                      body="Hi Alex, thanks for your note - I will get back to you next week.")
        self.last[c] = mid
        self._deliver(raw)

    @rule(c=st.integers(0, 2), hours=st.integers(1, 48))
    def user_replies_in_sent(self, c: int, hours: int) -> None:
        parent = self.last.get(c)
        if parent is None:
            return
        self.now += timedelta(hours=hours)
        self.n += 1
        _company, _role, rec, addr = COMPANIES[c]
        self._deliver(samples.build_email(from_=USER, to=f"{rec} <{addr}>", subject="Re: your application",
                                          date=self.now, message_id=f"<s{self.n}@example.org>", in_reply_to=parent,
                                          references=[parent], body="Thank you!"), "Sent")

    # -- passes -------------------------------------------------------------------------------------
    @rule(hours=st.integers(0, 240))
    def a_pass(self, hours: int) -> None:
        self.now += timedelta(hours=hours)
        self.agent.run_pass(self.now, draft=False)
        before = _project(self.store)
        self.agent.run_pass(self.now, draft=False)  # nothing new: nothing changes
        assert _project(self.store) == before

    @rule(point=st.sampled_from(["after_fetch", "after_analyze", "mid_batch", "after_commit"]), n=st.integers(1, 3),
          hours=st.integers(0, 72))
    def a_killed_pass(self, point: str, n: int, hours: int) -> None:
        self.now += timedelta(hours=hours)

        def hook(name: str, count: int) -> None:
            if name == point and count == n:
                raise Killed(point)
        crashpoints.set_hook(hook)
        try:
            self.agent.run_pass(self.now, draft=False)
        except Killed:
            pass
        finally:
            crashpoints.set_hook(None)

    # -- the user -----------------------------------------------------------------------------------
    def _rows(self):
        with self.store.transaction() as conn:
            return self.store.list_followups(conn)

    @rule(pick=st.integers(0, 50), action=st.sampled_from(["skip", "restore"]))
    def user_action(self, pick: int, action: str) -> None:
        rows = self._rows()
        if not rows:
            return
        fu = rows[pick % len(rows)]
        try:
            with self.store.transaction() as conn:
                apply(self.store, conn, self.agent.settings.followup, fu.id, action, self.now)
        except ActionRefused:
            return
        self.user_acted = True
        if action == "restore":
            self.cancelled.discard(fu.id)  # the user's new word: it may come back

    # -- invariants ---------------------------------------------------------------------------------
    @invariant()
    def one_live_per_kind_and_stage(self) -> None:
        live = [(f.application_id, f.kind, f.template) for f in self._rows() if is_open(f.status, f.draft_message_id)]
        assert len(live) == len(set(live)), live

    @invariant()
    def recipients_follow_the_rule(self) -> None:
        for f in self._rows():
            assert f.to_addr is None or f.to_addr in self.allowed, (f.to_addr, self.allowed)

    @invariant()
    def nothing_cancelled_comes_back(self) -> None:
        rows = self._rows()
        for f in rows:
            if f.id in self.cancelled:
                assert f.status == FollowupStatus.CANCELLED, f
        self.cancelled |= {f.id for f in rows if f.status == FollowupStatus.CANCELLED}

    def teardown(self) -> None:
        try:
            if not self.user_acted and self.mail:
                self.agent.run_pass(self.now, draft=False)
                box, agent, store = memory_world(self.tmp / "b", _MODEL[0], followup=FOLLOWUP)
                try:
                    for folder, raw, when in self.mail:
                        box.deliver(folder, raw, when)
                    agent.run_pass(self.now, draft=False)
                    assert _project(store) == _project(self.store)
                finally:
                    store.close()
        finally:
            self.store.close()
            shutil.rmtree(self.tmp, ignore_errors=True)


# no shrinking phase: each step runs real passes, and a shrink of a failing run took minutes; the failing
# sequence is printed as found
FollowupMachine.TestCase.settings = settings(max_examples=12, stateful_step_count=12, deadline=None,
                                             suppress_health_check=[HealthCheck.too_slow],
                                             phases=[Phase.explicit, Phase.reuse, Phase.generate])
TestFollowupReconciliation = FollowupMachine.TestCase
