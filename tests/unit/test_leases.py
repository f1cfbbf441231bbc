"""The worker pool's leases: the rule (pure), and the keeper on a real SQLite and a real PostgreSQL.

The stateful test drives real keepers on one SQLite database through a shared simulated clock: workers
join, die (stop renewing without a word), leave cleanly, renew, give back, and time passes.  Always: no
two live workers believe they hold the same account, and what a worker believes it holds is what the
table says.  After a settling period (one lease period, then every live worker's heartbeat a few times):
every account is held by a live worker, and none holds more than its fair share.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from agent.accounts.lease_rules import Lease, fair_share, plan
from agent.accounts.leases import LeaseKeeper, holders
from agent.record.store import Store
from agent.record.store import leases as rows

T0 = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
TTL = 20.0


def _lease(account: str, worker: str | None, seconds_left: float | None) -> Lease:
    return Lease(account, worker, None if seconds_left is None else T0 + timedelta(seconds=seconds_left))


# -- the rule ---------------------------------------------------------------------------------------------


def test_fair_share_rounds_up_and_never_divides_by_zero():
    assert fair_share(10, 3) == 4 and fair_share(9, 3) == 3 and fair_share(1, 5) == 1 and fair_share(3, 0) == 3


def test_a_lone_worker_takes_every_free_and_expired_account_but_no_live_one():
    leases = {"a": _lease("a", None, None), "b": _lease("b", "w2", -1), "c": _lease("c", "w2", 5)}
    p = plan("w1", ["a", "b", "c", "d"], leases, ["w1", "w2"], T0)
    assert set(p.take) == {"a", "b", "d"} and "c" not in p.take
    assert p.room == 2 and p.keep == frozenset() and p.give_back == frozenset()


def test_surplus_is_given_back_when_workers_join():
    leases = {a: _lease(a, "w1", 10) for a in "abcdef"}
    p = plan("w1", list("abcdef"), leases, ["w1", "w2", "w3"], T0)
    assert len(p.keep) == 2 and len(p.give_back) == 4 and p.room == 0
    assert p.keep | p.give_back == set("abcdef")


def test_a_worker_keeps_its_own_expired_lease_and_gives_back_an_account_no_longer_served():
    leases = {"a": _lease("a", "w1", -3), "gone": _lease("gone", "w1", 10)}
    p = plan("w1", ["a", "b"], leases, ["w1"], T0)
    assert p.keep == {"a"} and p.give_back == {"gone"} and p.take == ("b",) and p.room == 1


def test_workers_prefer_different_free_accounts():
    accounts = [f"acct{i}" for i in range(20)]
    first = {plan(w, accounts, {}, ["w1", "w2", "w3"], T0).take[0] for w in ("w1", "w2", "w3")}
    assert len(first) > 1


@st.composite
def tables(draw):
    accounts = draw(st.lists(st.sampled_from("abcdefgh"), min_size=1, unique=True))
    workers = draw(st.lists(st.sampled_from(["w1", "w2", "w3", "w4"]), min_size=1, unique=True))
    leases = {}
    for a in draw(st.lists(st.sampled_from("abcdefghij"), unique=True)):
        holder = draw(st.sampled_from([None, "w1", "w2", "w3", "w4"]))
        left = draw(st.one_of(st.none(), st.floats(-30, 30))) if holder else None
        leases[a] = _lease(a, holder, left)
    return accounts, workers, leases


@settings(max_examples=300, deadline=None)
@given(tables())
def test_a_plan_never_takes_a_live_lease_and_never_exceeds_the_fair_share(table):
    accounts, workers, leases = table
    p = plan("w1", accounts, leases, workers, T0)
    share = fair_share(len(accounts), len(set(workers) | {"w1"}))
    mine = {a for a, lease in leases.items() if lease.worker == "w1"}
    assert p.share == share and len(p.keep) <= share
    assert p.keep | p.give_back == mine and not p.keep & p.give_back
    assert p.keep <= set(accounts)
    assert not set(p.take) & mine
    for a in p.take:
        assert a in accounts and (a not in leases or not leases[a].live(T0))
    # every account that is free is on the list: a worker with room never leaves one behind
    assert {a for a in accounts if (a not in leases or not leases[a].live(T0)) and a not in mine} == set(p.take)


# -- the keeper on SQLite, through a simulated clock ------------------------------------------------------


class Pool(RuleBasedStateMachine):
    """Workers of one pool on one SQLite database, with one simulated clock."""

    @initialize(n=st.integers(1, 7))
    def start(self, n):
        self.dir = tempfile.mkdtemp(prefix="onward-leases-")
        self.store = Store.open(f"sqlite:///{Path(self.dir) / 'onward.db'}")
        self.accounts = [f"acct{i}" for i in range(n)]
        self.now = T0
        self.live: list[LeaseKeeper] = []
        self.pids = itertools.count(100)

    def teardown(self):
        self.store.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def _keeper(self) -> LeaseKeeper:
        pid = next(self.pids)  # ids fixed (not random): Hypothesis replays a failing run exactly
        return LeaseKeeper(self.store, self.accounts, TTL, host="test", pid=pid, worker_id=f"w{pid}",
                           clock=lambda: self.now, monotonic=lambda: (self.now - T0).total_seconds())

    @precondition(lambda self: len(self.live) < 4)
    @rule()
    def join(self):
        keeper = self._keeper()
        keeper.tick()
        self.live.append(keeper)

    @precondition(lambda self: self.live)
    @rule(i=st.integers(0, 3))
    def die(self, i):
        self.live.pop(i % len(self.live))  # no word to anyone: its rows stay until they expire

    @precondition(lambda self: self.live)
    @rule(i=st.integers(0, 3))
    def leave(self, i):
        self.live.pop(i % len(self.live)).close()

    @precondition(lambda self: self.live)
    @rule(i=st.integers(0, 3))
    def heartbeat(self, i):
        self.live[i % len(self.live)].tick()

    @precondition(lambda self: self.live)
    @rule(i=st.integers(0, 3))
    def give_back(self, i):
        keeper = self.live[i % len(self.live)]
        keeper.release(keeper.giving_back())

    @precondition(lambda self: len(self.live) >= 2 and any(k.held() for k in self.live))
    @rule(i=st.integers(0, 3), seconds=st.floats(TTL, 2 * TTL))
    def one_is_frozen(self, i, seconds):
        """A worker holding accounts is frozen (a suspended VM) while a lease period passes and the others
        beat twice: they take its accounts, and it must no longer believe it holds them."""
        holding = [k for k in self.live if k.held()]
        frozen = holding[i % len(holding)]
        self.now += timedelta(seconds=seconds)
        for _round in range(2):
            for keeper in self.live:
                if keeper is not frozen:
                    keeper.tick()

    @rule(seconds=st.floats(0.1, 1.5 * TTL))
    def time_passes(self, seconds):
        self.now += timedelta(seconds=seconds)

    @precondition(lambda self: self.live)
    @rule()
    def settle(self):
        """One lease period passes, then every live worker beats four times: all held, evenly."""
        self.now += timedelta(seconds=TTL)
        for _round in range(4):
            for keeper in self.live:
                keeper.tick()
                keeper.release(keeper.giving_back())
        held = [keeper.held() for keeper in self.live]
        assert set().union(*held) == set(self.accounts)
        share = fair_share(len(self.accounts), len(self.live))
        assert all(len(h) <= share for h in held), (share, held)

    @invariant()
    def no_account_has_two_live_holders(self):
        if not hasattr(self, "live"):
            return
        seen: dict[str, str] = {}
        with self.store.transaction() as conn:
            table = rows.lease_rows(conn)
        for keeper in self.live:
            for account in keeper.held():
                assert account not in seen, f"{account} held by {seen.get(account)} and {keeper.id}"
                seen[account] = keeper.id
                assert table[account].worker == keeper.id  # what it believes is what the table says


Pool.TestCase.settings = settings(max_examples=50, stateful_step_count=20, deadline=None)
TestPool = Pool.TestCase


def test_a_dead_workers_accounts_are_taken_after_its_lease_and_a_clean_leave_frees_them_at_once(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'onward.db'}")
    now = [T0]
    mono = lambda: (now[0] - T0).total_seconds()  # noqa: E731
    a = LeaseKeeper(store, ["x", "y"], TTL, clock=lambda: now[0], monotonic=mono)
    b = LeaseKeeper(store, ["x", "y"], TTL, clock=lambda: now[0], monotonic=mono)
    try:
        assert a.tick() == frozenset() and b.tick() == frozenset()  # the first heartbeat only joins
        now[0] += timedelta(seconds=1)
        mine, theirs = a.tick(), b.tick()
        assert len(mine) == len(theirs) == 1 and mine | theirs == {"x", "y"}  # two alive: one each
        b.close()
        b = LeaseKeeper(store, ["x", "y"], TTL, clock=lambda: now[0], monotonic=mono)
        assert a.tick() == {"x", "y"} and b.tick() == frozenset()
        now[0] += timedelta(seconds=TTL - 1)  # a dies (no more heartbeats); its leases still run
        assert b.tick() == frozenset() and a.held() == frozenset()  # a stopped working them a beat early
        now[0] += timedelta(seconds=1)
        assert b.tick() == {"x", "y"}
        c = LeaseKeeper(store, ["x", "y"], TTL, clock=lambda: now[0], monotonic=mono)
        assert c.tick() == frozenset()
        assert b.tick() == {"x", "y"} and len(b.giving_back()) == 1  # c joined: one goes back
        b.release(b.giving_back())
        assert len(c.tick()) == 1
        b.close()  # a clean stop: free at once, and b no longer counts as alive
        assert c.tick() == {"x", "y"}
    finally:
        store.close()


# -- the keeper on PostgreSQL: workers starting at once, real clock ---------------------------------------


def test_workers_racing_on_postgresql_never_share_an_account_and_end_evenly(postgres_url):
    accounts = [f"acct{i:02d}" for i in range(12)]
    stores = [Store.open(postgres_url) for _ in range(3)]
    keepers = [LeaseKeeper(s, accounts, 5.0, pid=1000 + i) for i, s in enumerate(stores)]
    errors: list[str] = []
    go = threading.Barrier(len(keepers))

    def work(keeper: LeaseKeeper) -> None:
        go.wait()
        deadline = time.monotonic() + 3
        before: frozenset[str] = frozenset()
        while time.monotonic() < deadline:
            now_held = keeper.tick()
            if before - now_held:  # nothing expires here (5 s leases, renewed all the time): none is lost
                errors.append(f"{keeper.id} lost {sorted(before - now_held)} while renewing in time")
            keeper.release(keeper.giving_back())
            held = before = keeper.held()
            with keeper.store.transaction() as conn:
                table = rows.lease_rows(conn)
            wrong = [a for a in held if table[a].worker != keeper.id]
            if wrong:
                errors.append(f"{keeper.id} believes it holds {wrong}, the table says otherwise")

    threads = [threading.Thread(target=work, args=(k,)) for k in keepers]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        for _round in range(3):
            for k in keepers:
                k.tick()
                k.release(k.giving_back())
        assert not errors, errors[:3]
        held = [k.held() for k in keepers]
        assert sorted(a for h in held for a in h) == accounts
        assert [len(h) for h in held] == [4, 4, 4]
        shown = holders(stores[0])
        assert {a: h.id for a, h in shown.items()} == {a: k.id for k in keepers for a in k.held()}
        assert all(h.pid in (1000, 1001, 1002) and h.since for h in shown.values())
    finally:
        for k in keepers:
            k.close()
        assert holders(stores[0]) == {}
        for s in stores:
            s.close()


def test_an_account_another_worker_took_after_the_plan_was_made_is_not_taken_from_it(postgres_url, monkeypatch):
    """Worker a plans to take the free account x; before its transaction gets there, worker b takes x and
    commits. a must leave x to b (its swap compares the version its plan saw), not take it over."""
    stores = [Store.open(postgres_url), Store.open(postgres_url)]
    a = LeaseKeeper(stores[0], ["x"], TTL, worker_id="a")
    b = LeaseKeeper(stores[1], ["x"], TTL, worker_id="b")
    try:
        a.tick(), b.tick()  # both join: one account, a fair share of one each
        real = rows.lockable

        def b_gets_there_first(conn, accounts):
            monkeypatch.setattr(rows, "lockable", real)
            assert b.tick() == {"x"}  # b takes x and commits, while a is between its plan and its take
            return real(conn, accounts)

        monkeypatch.setattr(rows, "lockable", b_gets_there_first)
        assert a.tick() == frozenset()
        assert {h.id for h in holders(stores[0]).values()} == {"b"} and b.tick() == {"x"}
    finally:
        a.close(), b.close()
        for s in stores:
            s.close()
