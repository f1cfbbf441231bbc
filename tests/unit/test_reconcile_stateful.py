"""Hypothesis stateful test of the follow-up reconciliation (agent/followups/plan.py, reconcile.py).

Random sequences of emails (acknowledgements through an ATS relay, interviews with and without a
calendar part, rejections from a person, a relay or a no-reply sender with a Reply-To elsewhere,
replies in the thread - after a check-in too -, the user's replies in Sent), user actions (skip - also of a
saved draft -, restore, saying a draft was sent, withdrawing an application and taking that back, sending
one of Onward's drafts from the mail client, as saved or a little edited, under the
draft's Message-ID or a new one - also while two drafts wait in one thread to one person -, with the
recipient the user added to a draft saved without one - and a mail system bouncing it), passes at random
times with and without drafting and passes killed at a random step, against the in-memory mailbox with the
real model and a real SQLite file, for ``max_check_ins`` 1, 2 and 3 (3: beyond what the config accepts,
the planner's rule must not depend on the bound). After every step:

* at most one live (open) follow-up per (application, kind, stage);
* a second pass at the same moment (nothing new) changes no row;
* every recipient is one the recipient rule allows for some email of the run (or, for a sent draft
  saved without one and the check-ins after it, the recipient the user added - in the mail client, or
  by replying in the thread after it);
* a cancelled follow-up stays cancelled unless the user restored it, or (never drafted) an update of the
  invitation moved what it answers past the user's own mail that ended it;
* every follow-up of a withdrawn application is sent or cancelled;
* at most ``max_check_ins`` check-ins per application - skipped and cancelled ones count, for the
  silence they answered was one;
* a copy in Sent of Onward's own draft never ends a follow-up, and the draft it is a copy of is sent;
and after every pass, no open follow-up goes to an address a follow-up of its application bounced for
(unless the user set it), a bounce is nobody's news (its email joins no application), and a waiting
application silent for ``check_in_days`` (and a weekend) since its last
news or check-in (its draft saved, else its due time), with fewer than ``max_check_ins`` check-ins and
none waiting for its draft, has its next check-in: a check-in cancelled by news never blocks the next
silence's. At the end, when the user took no action and no
draft was saved, the rows equal those of ONE pass over the same mail in a fresh database at the last
moment.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import hypothesis.strategies as st
from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from agent import crashpoints
from agent.config import MAX_CHECK_INS
from agent.demo import samples
from agent.followups import likeness
from agent.followups.plan import closed_at, dead_addresses, interview_slot
from agent.followups.reconcile import Reconciler
from agent.followups.user_actions import ActionRefused, apply
from agent.mail.calendar import invitation
from agent.mail.parse import parse_message
from agent.model.classifier import Classifier
from agent.record.contacts import recipient_rule
from agent.record.outcomes import Recorder
from agent.pipeline import Agent
from agent.record.followup_rows import FollowupKind, FollowupStatus, UserAction, is_open
from agent.record.rules import AppStatus, Label, derive_status
from agent.record.store import applications as app_store
from agent.record.store.followups import SENT_WINDOW_DAYS
from tests import bounce_samples as bs
from tests import followup_samples as fs
from tests.unit.memory_world import USER, memory_world

T0 = datetime(2026, 9, 7, 8, 0, tzinfo=UTC)
COMPANIES = [("Acme Robotics", "Backend Engineer", "Jane Miller", "jane.miller@acmerobotics.test"),
             ("Globex", "Data Analyst", "Hank Scorpio", "hank@globex.test"),
             ("Umbrella Health", "ML Engineer", "Omar Haddad", "omar@umbrellahealth.test")]
# the run spans less than max_days: windows never bite; short silences, so that runs reach every check-in
FOLLOWUP = {"max_days": 60, "min_days": 3, "check_in_days": 5}
CHECK_IN_SLACK = timedelta(days=4)  # a check-in is due on the next weekday morning after its silence
WAITING = (AppStatus.APPLIED, AppStatus.NO_RESPONSE, AppStatus.ASSESSMENT, AppStatus.INTERVIEW)
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
    MAX = 1  # followup.max_check_ins

    def __init__(self) -> None:
        super().__init__()
        if not _MODEL:
            _MODEL.append(Classifier.load())
        self.tmp = Path(tempfile.mkdtemp(prefix="onward-fsm-"))
        self.box, self.agent, self.store = self._world(self.tmp / "a")
        self.now = T0
        self.n = 0
        self.mail: list[tuple[str, bytes, datetime]] = []
        self.last: dict[int, str] = {}  # company -> its last Message-ID (threads)
        self.allowed: set[str] = set()
        self.added: set[str] = set()  # recipients the user added to a draft saved without one
        # follow-up id -> (when the user's mail that ended it was written, whether its draft was saved by then)
        self.cancelled: dict[int, tuple[str | None, bool]] = {}
        self.copies: dict[int, str] = {}  # follow-up id -> the Message-ID of its copy in Sent
        self.bounces: list[str] = []  # the Message-IDs of the delivery reports delivered
        self.user_acted = False
        self.restored_over: dict[int, set[str | None]] = {}  # follow-up id -> the facts it was restored over
        self.drafted = False

    def _world(self, path: Path):
        box, agent, store = memory_world(path, _MODEL[0], followup={**FOLLOWUP,
                                                                    "max_check_ins": min(self.MAX, MAX_CHECK_INS)})
        if self.MAX > MAX_CHECK_INS:  # the planner's rule, beyond the bound the config accepts
            wider = dataclasses.replace(agent.settings, followup=dataclasses.replace(agent.settings.followup,
                                                                                     max_check_ins=self.MAX))
            agent = Agent(wider, store, _MODEL[0], password="unused", client=lambda: box)
        return box, agent, store

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

    @rule(c=st.integers(0, 2))
    def an_interview_then_silence(self, c: int) -> None:
        """An invitation with its time, a pass after the interview and one a quiet week later: the interview
        thank-you and the check-in after it are saved - two drafts in one thread to one person (which of
        them a copy in Sent is, the user sending one under a new Message-ID, only its text tells)."""
        self.company_writes(c, "invite", 1)
        self.a_pass(72, True)
        self.a_pass(8 * 24, True)

    @rule(c=st.integers(0, 2), hours=st.integers(1, 48))
    def user_replies_in_sent(self, c: int, hours: int) -> None:
        parent = self.last.get(c)
        if parent is None:
            return
        self.now += timedelta(hours=hours)
        self.n += 1
        company, _role, rec, addr = COMPANIES[c]
        if any(f.company == company and f.status == FollowupStatus.NEEDS_RECIPIENT and f.draft_message_id
               for f in self._rows()):
            self.added.add(addr)  # this reply in the thread may be that draft sent, with the recipient added
        self._deliver(samples.build_email(from_=USER, to=f"{rec} <{addr}>", subject="Re: your application",
                                          date=self.now, message_id=f"<s{self.n}@example.org>", in_reply_to=parent,
                                          references=[parent], body="Thank you!"), "Sent")

    @rule(pick=st.integers(0, 50), new_id=st.booleans(), edited=st.booleans(), hours=st.integers(0, 72),
          bounce=st.sampled_from([None, None, "standard", "threaded"]))
    def user_sends_a_draft(self, pick: int, new_id: bool, edited: bool, hours: int, bounce: str | None) -> None:
        """The user sends one of Onward's drafts from the mail client, its text as saved or a little
        edited: its copy lands in Sent, under the draft's Message-ID or a new one (also when two drafts
        wait in one thread to one person: then its text tells which it is), to its recipient or (saved
        without one) to the person the user added; and (``bounce``) a mail system reports, a minute later, that
        it could not be delivered."""
        rows = [f for f in self._rows() if f.draft_message_id and f.id not in self.copies
                and f.status in (FollowupStatus.DRAFTED, FollowupStatus.NEEDS_RECIPIENT)]
        if not rows:
            return
        fu = rows[pick % len(rows)]
        saved = [m.text for m in map(parse_message, self.box.raw_messages("Drafts"))
                 if m.message_id == fu.draft_message_id]
        if not saved:
            return  # (claimed, not yet in Drafts: nothing to send)
        text = saved[0]
        self.now += timedelta(hours=hours)
        self.n += 1
        to = fu.to_addr
        if to is None:
            to = next((addr for company, _r, _n, addr in COMPANIES if company == fu.company), "hr@elsewhere.test")
            self.added.add(to)
        if edited:
            text = text.replace("Best regards", "Many thanks") + "\nSent from my phone\n"
        mid = f"<c{self.n}@mail-client.test>" if new_id else str(fu.draft_message_id)
        self._deliver(samples.build_email(from_=USER, to=to, subject=f"Re: {fu.subject or ''}", date=self.now,
                                          message_id=mid, in_reply_to=fu.in_reply_to or None,
                                          references=fu.references, body=text), "Sent")
        self.copies[fu.id] = mid
        if bounce is not None:
            self._bounce(mid, to, threaded=bounce == "threaded")

    def _bounce(self, mid: str, to: str, *, threaded: bool) -> None:
        """A mail system reports it could not deliver the user's email ``mid`` to ``to``: a standard report, or
        a text one threaded under it (and, through its References, the company's threads)."""
        self.now += timedelta(minutes=1)
        self.n += 1
        report = f"<dsn{self.n}@mx.example.org>"
        if threaded:
            raw = bs.postfix_text(self.now, to, mid, threaded=True).replace(b"<bounce-0001@example.org>",
                                                                            report.encode())
            parents = " ".join(self.last.values())
            raw = raw.replace(f"References: {mid}".encode(), f"References: {parents} {mid}".encode())
        else:
            raw = bs.dsn(self.now, to, mid, message_id=report)
        self.bounces.append(report)
        self._deliver(raw)

    # -- passes -------------------------------------------------------------------------------------
    @rule(hours=st.integers(0, 240), draft=st.booleans())
    def a_pass(self, hours: int, draft: bool) -> None:
        self.now += timedelta(hours=hours)
        self.drafted |= draft
        self.agent.run_pass(self.now, draft=draft)
        before = _project(self.store)
        self.agent.run_pass(self.now, draft=draft)  # nothing new: nothing changes
        assert _project(self.store) == before
        self._sent_drafts_are_sent()
        self._every_silence_has_its_check_in()
        self._nothing_goes_to_a_bounced_address()

    def _sent_drafts_are_sent(self) -> None:
        """The draft the user sent is ``sent``, as its copy - also when it was cancelled since (sent, then the
        application withdrawn or the follow-up skipped before a pass looked in Sent) - or, under a new Message-ID,
        another draft with the very same words (a check-in offered again while the first waited unsent): one note."""
        rows = {f.id: f for f in self._rows()}
        for fid, mid in self.copies.items():
            row = rows[fid]
            if row.drafted_at and self.now - datetime.fromisoformat(row.drafted_at) > timedelta(days=SENT_WINDOW_DAYS):
                continue  # no longer looked for in Sent (docs/behaviour.md: 60 days after it was saved)
            same_words = [f for f in rows.values() if f.sent_message_id == mid and f.draft_message_id != mid
                          and likeness.shingles(f.draft_text or "") == likeness.shingles(row.draft_text or "")]
            if not same_words:
                assert (row.status, row.sent_message_id) == (FollowupStatus.SENT, mid), row

    def _nothing_goes_to_a_bounced_address(self) -> None:
        """No open follow-up goes to an address one of its application's follow-ups bounced for (until that
        address writes again, or the user chooses it), unless the user set it on that one; no report joins an
        application (a bounce is no news)."""
        with self.store.transaction() as conn:
            facts = {f.id: f for f in app_store.application_facts(conn)}
            for report in self.bounces:
                row = self.store.message_row(conn, report)
                assert row is None or row.application_id is None, row
        for f in self._rows():
            if f.is_open and f.to_addr and f.user_action != UserAction.SET:
                assert f.to_addr.lower() not in dead_addresses(facts[f.application_id]), f

    def _every_silence_has_its_check_in(self) -> None:
        """A waiting application silent for check_in_days since its last news or check-in, with fewer than
        max_check_ins check-ins, has had its next one planned."""
        days = timedelta(days=self.agent.settings.followup.check_in_days)
        late = timedelta(days=self.agent.settings.followup.max_days)
        rows = self._rows()
        with self.store.transaction() as conn:
            facts = app_store.application_facts(conn)
        for f in facts:
            check_ins = [r for r in rows if r.application_id == f.id and r.kind == FollowupKind.CHECK_IN]
            if f.status not in WAITING or len(check_ins) >= self.MAX or closed_at(f) is not None:
                continue  # (never "any news?" after a rejection or an offer, even if the company wrote again)
            interviewed = f.status == AppStatus.INTERVIEW or any(e.label == Label.INTERVIEW for e in f.events)
            if interviewed and (f.interview is None or f.interview.end > self.now):
                continue  # no check-in while the interview is ahead or its time unknown (also once no_response)
            news = [*f.events, *f.thread_mail]
            if any(m.recorded_at - m.at > late for m in news):
                continue  # a silence learnt too late gets none
            if any(r.is_open for r in check_ins):
                continue  # the next silence starts when its draft is saved
            # a check-in's silence ends when its draft was saved (offered), else at its due time or, when the
            # user's own mail ended it, at that mail
            moments = [m.at for m in news] + [datetime.fromisoformat(r.drafted_at) if r.drafted_at else
                                              max(datetime.fromisoformat(t) for t in (r.due_at, r.ended_at) if t)
                                              for r in check_ins]
            moments += [m for m in (f.applied_at, f.interview.end if f.interview else None) if m is not None]
            if moments and self.now - max(moments) > days + CHECK_IN_SLACK:
                raise AssertionError(f"application {f.id} ({f.status}) silent since {max(moments)}, now {self.now},"
                                     f" has {len(check_ins)} check-in(s) of {self.MAX}: {check_ins}")

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

    @rule(pick=st.integers(0, 50), action=st.sampled_from(["skip", "restore", "sent", "set"]))
    def user_action(self, pick: int, action: str) -> None:
        rows = self._rows()
        if not rows:
            return
        fu = rows[pick % len(rows)]
        values = {"due_at": (self.now + timedelta(days=1)).isoformat()} if action == "set" else {}  # set --due
        try:
            with self.store.transaction() as conn:
                apply(self.store, conn, self.agent.settings.followup, fu.id, action, self.now, values)
        except ActionRefused:
            return
        self.user_acted = True
        if action == "restore":
            self.cancelled.pop(fu.id, None)  # the user's new word: it may come back
            # every fact it was restored over, through rounds of skip and restore (a skip holds "user")
            self.restored_over.setdefault(fu.id, set()).add(fu.ended_by)

    @rule(pick=st.integers(0, 50), back=st.booleans())
    def user_withdraws(self, pick: int, back: bool) -> None:
        """`onward edit APP --status withdrawn`: the user withdrew the application; or (``back``) takes that word
        back, setting the status its emails derive - what the withdrawal cancelled may come back."""
        with self.store.transaction() as conn:
            apps = self.store.list_outcomes(conn)
        if not apps:
            return
        app = apps[pick % len(apps)]
        if back and app.status != AppStatus.WITHDRAWN:
            return
        with self.store.transaction() as conn:
            [facts] = app_store.application_facts(conn, [app.id])
            status = derive_status([e.label for e in facts.events])[0] if back else AppStatus.WITHDRAWN
            self.store.update_application(conn, app.id, status=status, updated_at=self.now.isoformat())
            Reconciler(self.store, self.agent.settings.followup).run(conn, self.now, [app.id])
        self.user_acted = True
        if back:
            for f in self._rows():
                if f.application_id == app.id:
                    self.cancelled.pop(f.id, None)

    @rule(pick=st.integers(0, 50), days=st.integers(0, 20))
    def interview_typed(self, pick: int, days: int) -> None:
        """`onward interview APP --at START`: an interview arranged by phone, typed by the user."""
        with self.store.transaction() as conn:
            apps = self.store.list_outcomes(conn)
        if not apps:
            return
        app = apps[pick % len(apps)]
        start = self.now + timedelta(days=days, hours=3)
        with self.store.transaction() as conn:
            Recorder.for_settings(self.store, self.agent.settings).set_interview(
                conn, app.id, start, start + timedelta(minutes=45), self.now)
            Reconciler(self.store, self.agent.settings.followup).run(conn, self.now, [app.id])
            [facts] = app_store.application_facts(conn, [app.id])
        self.user_acted = True
        iv = facts.interview
        # typed, no invitation names it: this round has its thank-you (none once the user withdrew the application)
        if iv is not None and not iv.message_id and facts.status != AppStatus.WITHDRAWN:
            slot = interview_slot("", "", iv.known_at)
            assert [f.kind for f in self._rows() if f.application_id == app.id and f.slot == slot] == \
                [FollowupKind.INTERVIEW_THANKS], slot

    # -- invariants ---------------------------------------------------------------------------------
    @invariant()
    def no_check_in_is_drafted_while_a_known_interview_is_ahead(self) -> None:
        """Never "any news?" saved in Drafts between the moment Onward knew of the interview (its
        invitation, or the time the user typed) and the interview's end."""
        with self.store.transaction() as conn:
            interviews = {f.id: f.interview for f in app_store.application_facts(conn) if f.interview is not None}
        for f in self._rows():
            iv = interviews.get(f.application_id)
            if f.kind == FollowupKind.CHECK_IN and f.drafted_at and iv is not None:
                drafted = datetime.fromisoformat(f.drafted_at)
                assert not iv.known_at < drafted < iv.end, (f, iv)  # (typed in the minute it was saved: after it)

    @invariant()
    def a_withdrawn_application_has_nothing_left_to_send(self) -> None:
        """Every follow-up of an application the user withdrew is sent already or cancelled (a saved draft "do not
        send"), whatever its company wrote since; and it never turns no_response."""
        with self.store.transaction() as conn:
            withdrawn = {a.id for a in self.store.list_outcomes(conn) if a.status == AppStatus.WITHDRAWN}
        for f in self._rows():
            if f.application_id in withdrawn:
                assert f.status in (FollowupStatus.CANCELLED, FollowupStatus.SENT), f

    @invariant()
    def one_live_per_kind_and_stage(self) -> None:
        """Never two open follow-ups of one kind and stage for one application - but each interview round has
        a thank-you of its own, and one of an earlier round the user restored stays (their word)."""
        live = [(f.application_id, f.kind, f.template) for f in self._rows() if is_open(f.status, f.draft_message_id)
                and not (f.kind == FollowupKind.INTERVIEW_THANKS and f.restored)]
        assert len(live) == len(set(live)), live

    @invariant()
    def recipients_follow_the_rule(self) -> None:
        for f in self._rows():
            # whom the user added to a draft saved without one: that draft sent, and a later check-in
            added = f.to_addr in self.added and (f.status == FollowupStatus.SENT or f.kind == FollowupKind.CHECK_IN)
            assert f.to_addr is None or f.to_addr in self.allowed or added, (f.to_addr, self.allowed)

    @invariant()
    def check_ins_at_most_max_per_application(self) -> None:
        """At most ``max_check_ins`` check-ins asked for: live, drafted, sent or skipped. One cancelled before
        any draft (news, or the user's own mail before it was due: the silence starts again) was never asked."""
        per_app: dict[int, int] = {}
        for f in self._rows():
            never_asked = f.status == FollowupStatus.CANCELLED and not f.draft_message_id and not f.user_action
            if f.kind == FollowupKind.CHECK_IN and not never_asked:
                per_app[f.application_id] = per_app.get(f.application_id, 0) + 1
        assert all(n <= self.MAX for n in per_app.values()), per_app

    @invariant()
    def onwards_own_sent_copy_ends_nothing(self) -> None:
        copies = set(self.copies.values())
        for f in self._rows():
            assert f.ended_by not in copies, f
        sent = [f.sent_message_id for f in self._rows() if f.sent_message_id]
        assert len(sent) == len(set(sent)), sent  # one copy is one follow-up sent

    @invariant()
    def a_restored_follow_up_is_not_cancelled_again_by_the_fact_it_was_restored_over(self) -> None:
        for f in self._rows():
            if f.id in self.restored_over and f.status == FollowupStatus.CANCELLED and \
                    f.user_action != UserAction.SKIPPED:
                assert f.ended_by not in self.restored_over[f.id], f
                del self.restored_over[f.id]  # a new fact ended it

    @invariant()
    def nothing_cancelled_comes_back(self) -> None:
        """Unless the user restored it, or a new fact asks for it: a follow-up your own mail ended before its
        draft was saved comes back when an update of the invitation moved what it answers past that mail (and
        may be drafted in the same step: a step can hold several passes)."""
        rows = self._rows()
        for f in rows:
            if f.id in self.cancelled and f.status != FollowupStatus.CANCELLED:
                if f.status == FollowupStatus.SENT and f.sent_message_id in self.copies.values():
                    del self.cancelled[f.id]  # the user had sent its draft before it was cancelled: it is sent
                    continue
                ended_at, drafted = self.cancelled[f.id]
                assert ended_at is not None and not drafted and \
                    datetime.fromisoformat(f.rejected_at) > datetime.fromisoformat(ended_at), f
                del self.cancelled[f.id]
        self.cancelled |= {f.id: (f.ended_at, bool(f.draft_message_id)) for f in rows
                           if f.status == FollowupStatus.CANCELLED}

    def teardown(self) -> None:
        try:
            if not self.user_acted and not self.drafted and not self.copies and self.mail:
                self.agent.run_pass(self.now, draft=False)
                box, agent, store = self._world(self.tmp / "b")
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


class TwoCheckIns(FollowupMachine):
    MAX = 2


class ThreeCheckIns(FollowupMachine):
    MAX = 3


# no shrinking phase: each step runs real passes, and a shrink of a failing run took minutes; the failing
# sequence is printed as found
RUNS = settings(max_examples=12, stateful_step_count=12, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                phases=[Phase.explicit, Phase.reuse, Phase.generate])
FollowupMachine.TestCase.settings = RUNS
TwoCheckIns.TestCase.settings = RUNS
ThreeCheckIns.TestCase.settings = RUNS
TestFollowupReconciliation = FollowupMachine.TestCase
TestFollowupReconciliationTwoCheckIns = TwoCheckIns.TestCase
TestFollowupReconciliationThreeCheckIns = ThreeCheckIns.TestCase


@contextmanager
def _written_out() -> Iterator[FollowupMachine]:
    """One run of the machine, its steps written out by the test."""
    machine = FollowupMachine()
    try:
        yield machine
    finally:
        machine.teardown()


def _typed_after_an_acknowledgement(machine: FollowupMachine, days: int) -> None:
    machine.company_writes(c=0, kind="ack", hours=1)
    machine.a_pass(hours=1, draft=True)
    machine.interview_typed(pick=0, days=days)


def test_a_check_in_is_never_drafted_before_an_interview_the_user_typed():
    """An acknowledgement, the user types an interview 12 days ahead, a week passes - the silence after the
    acknowledgement ended when the interview became known."""
    with _written_out() as machine:
        _typed_after_an_acknowledgement(machine, 12)
        machine.a_pass(hours=7 * 24, draft=True)
        machine.no_check_in_is_drafted_while_a_known_interview_is_ahead()
        assert [f.kind for f in machine._rows()] == [FollowupKind.INTERVIEW_THANKS]


def test_a_thank_you_restored_skipped_and_restored_again_stays_restored():
    """The invitation, a pass, the rejection before the interview (it ends the thank-you), a pass; the user
    restores, skips and restores the thank-you: a pass later it is still open - the second restore sticks as
    the first did."""
    with _written_out() as machine:
        machine.company_writes(c=0, kind="invite", hours=1)
        machine.a_pass(hours=1, draft=False)
        machine.company_writes(c=0, kind="rejection", hours=2)
        machine.a_pass(hours=1, draft=False)
        [thanks] = [f for f in machine._rows() if f.kind == FollowupKind.INTERVIEW_THANKS]
        assert thanks.status == FollowupStatus.CANCELLED
        for action in ("restore", "skip", "restore"):
            machine.user_action(pick=thanks.id - 1, action=action)
            machine.a_restored_follow_up_is_not_cancelled_again_by_the_fact_it_was_restored_over()
        machine.a_pass(hours=1, draft=False)
        machine.a_restored_follow_up_is_not_cancelled_again_by_the_fact_it_was_restored_over()
        assert [f.status for f in machine._rows() if f.id == thanks.id] == [FollowupStatus.SCHEDULED]


def test_the_thank_you_of_an_earlier_round_restored_beside_the_next_rounds():
    """An interview typed 3 hours ahead, a pass after it (no draft), the next round typed: the first round's
    thank-you is cancelled; the user restores it - two open thank-yous, one per round (the invariant allows
    it)."""
    with _written_out() as machine:
        _typed_after_an_acknowledgement(machine, 0)
        machine.a_pass(hours=4, draft=False)
        machine.interview_typed(pick=0, days=5)
        rows = machine._rows()
        first = next(f for f in rows if f.kind == FollowupKind.INTERVIEW_THANKS)
        assert first.status == FollowupStatus.CANCELLED
        machine.user_action(pick=rows.index(first), action="restore")
        machine.one_live_per_kind_and_stage()
        thanks = [f for f in machine._rows() if f.kind == FollowupKind.INTERVIEW_THANKS]
        assert [f.is_open for f in thanks] == [True, True] and len({f.slot for f in thanks}) == 2


def test_a_second_typed_round_has_its_own_thank_you():
    """An acknowledgement, an interview typed 2 days ahead, passes past its end (its thank-you drafted), a
    second interview typed: it has a thank-you of its own."""
    with _written_out() as machine:
        _typed_after_an_acknowledgement(machine, 2)
        machine.a_pass(hours=4 * 24, draft=True)
        machine.interview_typed(pick=0, days=5)
        thanks = [f for f in machine._rows() if f.kind == FollowupKind.INTERVIEW_THANKS]
        assert len(thanks) == 2 and thanks[0].draft_message_id and not thanks[1].draft_message_id


def test_taking_a_withdrawal_back_opens_one_check_in_not_the_saved_one_a_later_one_follows():
    """Check-in 1 after the interview saved in Drafts, the user's reply ending the next, check-in 3 waiting; the
    user withdraws (both cancelled) and takes it back: check-in 3 asks now, check-in 1's silence is over and it
    stays "do not send" - not two waiting at once (found by this machine run longer, ``ThreeCheckIns``; the same
    for `edit --status rejected` taken back)."""
    machine = TwoCheckIns()
    try:
        machine.an_interview_then_silence(c=1)
        machine.user_replies_in_sent(c=1, hours=24)
        machine.a_pass(draft=False, hours=139)
        [saved, _replied, waiting] = [f for f in machine._rows() if f.kind == FollowupKind.CHECK_IN]
        assert (saved.draft_message_id is not None, waiting.status) == (True, FollowupStatus.SCHEDULED)
        machine.user_withdraws(back=False, pick=0)
        machine.a_withdrawn_application_has_nothing_left_to_send()
        machine.user_withdraws(back=True, pick=0)
        machine.one_live_per_kind_and_stage()
        rows = {f.id: f.status for f in machine._rows()}
        assert (rows[saved.id], rows[waiting.id]) == (FollowupStatus.CANCELLED, FollowupStatus.SCHEDULED)
    finally:
        machine.teardown()


def test_a_check_in_that_bounced_leaves_the_next_one_without_that_recipient():
    """The interview, its thank-you and a check-in saved; the user sends the check-in under a new Message-ID and
    it bounces (a text report threaded under it and the company's thread): a pass later the check-in shows the
    bounce, the next one waits for another address, and the report joined no application."""
    machine = TwoCheckIns()
    try:
        machine.an_interview_then_silence(c=1)
        check_in = [f for f in machine._rows() if f.kind == FollowupKind.CHECK_IN]
        assert [f.status for f in check_in] == [FollowupStatus.DRAFTED]
        rows = [f for f in machine._rows() if f.draft_message_id and f.status == FollowupStatus.DRAFTED]
        machine.user_sends_a_draft(pick=rows.index(check_in[0]), new_id=True, edited=False, hours=2,
                                   bounce="threaded")
        machine.a_pass(hours=24, draft=True)
        machine.a_pass(hours=16 * 24, draft=True)
        sent, later = [f for f in machine._rows() if f.kind == FollowupKind.CHECK_IN]
        assert sent.status == FollowupStatus.SENT and [b.recipient for b in sent.bounces] == ["hank@globex.test"]
        assert (later.status, later.to_addr) == (FollowupStatus.NEEDS_RECIPIENT, None), later
        assert "mail to hank@globex.test bounced" in (later.reason or "")
    finally:
        machine.teardown()
