"""A one-off command (``run --once``, ``backfill``) beside a worker pool on a real PostgreSQL: it holds the
lease of the account it works, so no worker passes the account at the same moment; it is refused an account
a worker holds (naming the worker); it stops when it loses the lease.  And a worker that lost an account's
lease involuntarily (frozen longer than a lease, another took over) no longer writes that account's IDLE
state, so ``onward status`` shows the new holder's, not the loser's "stopped"."""

from __future__ import annotations

import json
import socket
import subprocess
import threading
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from agent.accounts.lease_rules import Lease, abandoned
from agent.accounts.leases import LeaseKeeper, OneOffLease, holders
from agent.accounts.state import WatchState, record_watch, watches
from agent.cli import main
from agent.config import load_settings
from agent.loop import IsolatedPasses, account_loop
from agent.record.store import Store
from agent.record.store import leases as rows
from agent.report import StopFlag

TTL = 20.0


def _config(tmp_path, database):
    cfg = tmp_path / "onward.toml"
    cfg.write_text('[imap]\nhost = "127.0.0.1"\nusername = "me@example.org"\npassword_command = "echo x"\n\n'
                   '[followup]\nyour_name = "Alex Doe"\n\n'
                   f'[storage]\ndatabase = "{database}"\n')
    cfg.chmod(0o600)
    return cfg


def test_a_one_off_command_keeps_the_pool_off_its_account_and_gives_it_back(postgres_url):
    store = Store.open(postgres_url)
    worker = LeaseKeeper(store, ["default"], TTL, worker_id="w")
    try:
        assert worker.tick() == frozenset()  # joins
        with OneOffLease(store, "default", TTL, lambda: None, worker_id="once") as lease:
            assert lease.held and lease.other is None
            assert worker.tick() == frozenset() and worker.tick() == frozenset()  # a live lease not its own
            assert {a: h.id for a, h in holders(store).items()} == {"default": "once"}  # status names it
        assert holders(store) == {}  # released at the end
        assert worker.tick() == {"default"}  # the worker takes it back at its next heartbeat
    finally:
        worker.close()
        store.close()


def test_a_one_off_command_is_refused_an_account_a_worker_holds_and_leaves_it_held(postgres_url):
    store = Store.open(postgres_url)
    worker = LeaseKeeper(store, ["default"], TTL, worker_id="w", host="box7", pid=4242)
    try:
        worker.tick()
        assert worker.tick() == {"default"}
        with OneOffLease(store, "default", TTL, lambda: None, worker_id="once") as lease:
            assert not lease.held and not lease.lost
            assert lease.other is not None and (lease.other.id, lease.other.host, lease.other.pid) == (
                "w", "box7", 4242)
        assert {a: h.id for a, h in holders(store).items()} == {"default": "w"}  # not released by the refusal
        assert worker.tick() == {"default"}
    finally:
        worker.close()
        store.close()


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def _left_behind(store, worker_id, host, pid):
    """The live lease of a one-off command that was killed (never released, no longer renewed)."""
    with store.transaction() as conn:
        now = rows.server_now(conn)
        table = rows.lease_rows(conn)
        rows.ensure_rows(conn, ["default"], table)
        version = rows.lease_rows(conn)["default"].version
        assert rows.swap(conn, "default", version, worker=worker_id, host=host, pid=pid, since=rows.stamp(now),
                         expires_at=rows.stamp(now + timedelta(seconds=TTL)))


@given(worker=st.sampled_from(["w1", "w2", "once"]), host=st.sampled_from(["here", "there"]),
       live=st.lists(st.sampled_from(["w1", "w2"]), unique=True), running=st.booleans())
def test_only_a_dead_one_off_command_of_this_machine_leaves_a_lease_to_take_early(worker, host, live, running):
    lease = Lease("x", worker, datetime(2026, 12, 6, tzinfo=UTC))
    taken = abandoned(lease, host, "here", live, running)
    assert taken == (worker not in live and host == "here" and not running)


def test_a_one_off_command_killed_in_its_pass_does_not_lock_out_the_next_one(postgres_url):
    """``run --once`` killed in the middle, run again at once on the same machine: the dead command's lease
    (its process gone) is taken at once; from another machine, or a worker's, it is not."""
    store = Store.open(postgres_url)
    dead = _dead_pid()
    try:
        _left_behind(store, "killed", socket.gethostname(), dead)
        with OneOffLease(store, "default", TTL, lambda: None, worker_id="again") as lease:
            assert lease.held
        _left_behind(store, "far", "elsewhere", dead)
        with OneOffLease(store, "default", TTL, lambda: None, worker_id="again") as lease:
            assert not lease.held and lease.other is not None and lease.other.id == "far"
    finally:
        store.close()


def test_a_workers_lease_is_never_taken_early_even_with_its_pid_gone_here(postgres_url):
    store = Store.open(postgres_url)
    worker = LeaseKeeper(store, ["default"], TTL, worker_id="w", pid=_dead_pid())
    try:
        worker.tick()
        assert worker.tick() == {"default"}
        with OneOffLease(store, "default", TTL, lambda: None, worker_id="once") as lease:
            assert not lease.held and lease.other is not None and lease.other.id == "w"
    finally:
        worker.close()
        store.close()


def test_a_one_off_command_whose_lease_was_taken_while_it_was_held_up_stops(postgres_url):
    """The one-off command's lease runs out (its clock is a minute behind the database's: as if it had been
    frozen past it); a worker (on the database's clock) takes the account; the command's next renewal finds
    the lease gone and stops its pass."""
    store = Store.open(postgres_url)
    worker = LeaseKeeper(store, ["default"], TTL, worker_id="w")
    stopped = threading.Event()
    behind = datetime.now(UTC) - timedelta(minutes=1)
    try:
        with OneOffLease(store, "default", 0.4, stopped.set, worker_id="once", clock=lambda: behind) as lease:
            assert lease.held
            worker.tick()
            assert worker.tick() == {"default"}  # expired by the database's clock: taken over
            assert stopped.wait(5), "the command did not stop after its lease was taken"
            assert lease.lost and not lease.held and lease.other is not None and lease.other.id == "w"
        assert {a: h.id for a, h in holders(store).items()} == {"default": "w"}  # the loser released nothing
    finally:
        worker.close()
        store.close()


def test_after_a_forced_lease_loss_status_shows_the_new_holders_idle_state_not_the_losers(postgres_url, tmp_path,
                                                                                          capsys):
    """Worker a watches the account, freezes past its lease; worker b takes the account over and watches it;
    a wakes, finds its lease gone and stops its loop - whose "stopped" must not overwrite b's "watching"."""
    cfg = _config(tmp_path, postgres_url)
    settings = load_settings(cfg)
    stores = [Store.open(postgres_url), Store.open(postgres_url)]
    start = datetime.now(UTC) - timedelta(seconds=TTL)  # b's lease, taken at start + TTL + 1, is live now
    now = [start]
    mono = lambda: (now[0] - start).total_seconds()  # noqa: E731
    a = LeaseKeeper(stores[0], ["default"], TTL, worker_id="a", clock=lambda: now[0], monotonic=mono)
    b = LeaseKeeper(stores[1], ["default"], TTL, worker_id="b", clock=lambda: now[0], monotonic=mono)
    loops = [account_loop(IsolatedPasses(settings, StopFlag(), None, s), holder=k.id)
             for s, k in zip(stores, (a, b), strict=True)]
    try:
        a.tick()
        assert a.tick() == {"default"}
        loops[0].note_watch(WatchState.WATCHING)
        assert watches(stores[0])["default"].state == "watching"
        b.tick()  # b joins; a freezes from here on
        now[0] += timedelta(seconds=TTL + 1)
        assert b.tick() == {"default"} and a.held() == frozenset()  # taken over; a's lease has lapsed
        loops[1].note_watch(WatchState.WATCHING)
        loops[0].note_watch(WatchState.LOST, "connection reset")  # a wakes: its IDLE connection is gone...
        loops[0].note_watch(WatchState.STOPPED)  # ...and it stops the account it lost
        assert watches(stores[0])["default"].state == "watching"
        assert main(["--config", str(cfg), "status", "--json"]) == 0
        row = json.loads(capsys.readouterr().out)[0]
        assert row["idle"]["state"] == "watching" and row["worker"]["id"] == "b"
        assert not record_watch(stores[0], "default", WatchState.STOPPED, now[0], holder="a")
        assert record_watch(stores[1], "default", WatchState.STOPPED, now[0], holder="b")  # the holder's own
        assert watches(stores[0])["default"].state == "stopped"
    finally:
        a.close(), b.close()
        for s in stores:
            s.close()
