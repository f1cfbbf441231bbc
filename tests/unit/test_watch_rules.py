"""The IDLE watcher's pure rules (agent/watch/rules.py): re-IDLE in time, full-jitter reconnects, logins paced
per host, connections capped per host, how pass processes start - property-based."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from agent.watch.rules import (
    IDLE_RENEW_SECONDS,
    RECONNECT_MIN_WINDOW,
    ConnectionCap,
    FullJitterBackoff,
    LoginPacer,
    full_jitter,
    pass_start_method,
    reconnect_window,
    renew_due,
)


def test_idle_is_renewed_well_before_rfc_2177s_29_minutes() -> None:
    assert IDLE_RENEW_SECONDS < 29 * 60
    assert not renew_due(100.0, 100.0 + IDLE_RENEW_SECONDS - 0.001)
    assert renew_due(100.0, 100.0 + IDLE_RENEW_SECONDS)


@given(st.integers(0, 200), st.floats(0.01, 1000), st.floats(0.01, 5000), st.integers(0, 2**32))
def test_full_jitter_stays_within_its_doubling_window(attempt, window, cap, seed) -> None:
    delay = full_jitter(attempt, window, cap, random.Random(seed))
    assert 0.0 <= delay <= min(cap, window * 2 ** min(attempt, 40))


def test_full_jitter_spreads_a_herd_over_the_whole_window() -> None:
    """1,000 watchers lost at once: their first tries are spread over [0, window), not bunched."""
    rng = random.Random(7)
    window = reconnect_window(1000, 20.0)
    delays = sorted(FullJitterBackoff(window=window, rng=rng).next_delay() for _ in range(1000))
    assert window == 50.0
    busiest = max(sum(1 for d in delays if t <= d < t + 0.1) for t in delays)
    assert busiest <= 12 and delays[-1] - delays[0] > 0.9 * window


@given(st.integers(0, 100_000), st.floats(0.1, 1000))
def test_the_first_window_lets_the_whole_host_back_within_its_login_rate(accounts, rate) -> None:
    window = reconnect_window(accounts, rate)
    assert window >= RECONNECT_MIN_WINDOW and window * rate >= accounts * (1 - 1e-9)


def test_backoff_doubles_then_resets_after_a_connection() -> None:
    b = FullJitterBackoff(window=2.0, cap=10.0, rng=random.Random(1))
    ceilings = []
    for _ in range(5):
        ceilings.append(min(10.0, 2.0 * 2 ** b.failures))
        assert b.next_delay() <= ceilings[-1]
    assert ceilings == [2.0, 4.0, 8.0, 10.0, 10.0]
    b.reset()
    assert b.failures == 0


@given(st.lists(st.floats(0, 100), min_size=1, max_size=200), st.floats(0.5, 50), st.integers(1, 10),
       st.floats(0.1, 10))
def test_logins_to_a_host_never_exceed_the_rate_plus_the_burst(requests, rate, burst, window) -> None:
    pacer = LoginPacer(rate, burst)
    starts = []
    for now in sorted(requests):
        start = pacer.reserve("imap.example.org", now)
        assert start >= now
        starts.append(start)
    assert starts == sorted(starts)  # first come, first served
    for i, t in enumerate(starts):
        within = sum(1 for u in starts[i:] if u < t + window)
        assert within <= burst + rate * window + 1e-6


@given(st.floats(0.5, 50), st.integers(1, 10))
def test_hosts_are_paced_apart(rate, burst) -> None:
    pacer = LoginPacer(rate, burst)
    for _ in range(burst):
        pacer.reserve("a.example", 0.0)
    assert pacer.reserve("b.example", 0.0) == 0.0  # another host's logins do not wait for a's
    assert pacer.reserve("a.example", 0.0) > 0.0


@given(st.integers(0, 5), st.lists(st.tuples(st.booleans(), st.sampled_from("ab"), st.integers(0, 8)), max_size=80))
def test_a_host_never_holds_more_watcher_connections_than_its_cap(cap, ops) -> None:
    limit = ConnectionCap(cap)
    held: dict[str, set[int]] = {"a": set(), "b": set()}
    for take, host, account in ops:
        if take:
            admitted = limit.admit(host, str(account))
            if admitted:
                held[host].add(account)
            assert admitted == (account in held[host])
            assert not admitted or cap == 0 or len(held[host]) <= cap
            assert admitted or (cap and len(held[host]) >= cap)
        else:
            limit.release(host, str(account))
            held[host].discard(account)
        assert limit.held(host) == len(held[host])


def test_pass_processes_never_fork_next_to_the_watcher_threads() -> None:
    assert pass_start_method(1) == "fork"
    assert pass_start_method(2) == "spawn"
    assert pass_start_method(1000) == "forkserver"
