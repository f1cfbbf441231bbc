"""When the IDLE watcher of many accounts acts: the pure rules, apart from the sockets (agent/mail/idling.py)
and the scheduling (agent/watch/fleet.py). Nothing here reads a clock or a socket: times come in as
arguments, randomness from the ``random.Random`` passed in.

* **Re-IDLE** before the server drops an idle connection: RFC 2177 lets a server end IDLE after 30 minutes
  of inactivity; many NAT boxes forget a quiet TCP mapping sooner, so the watcher renews every 9 minutes.
* **Reconnect with full jitter**: a lost watcher's n-th try waits ``uniform(0, min(cap, window * 2**n))``
  (full jitter, as in "Exponential Backoff And Jitter", AWS Architecture Blog, 2015). The first window
  grows with the accounts on the host, so a server restart under 1,000 watchers brings them back spread
  over seconds, not in the same 100 ms.
* **Logins per host are paced**: at most ``rate`` watcher logins per second to one host, a burst of
  ``burst`` at once (a GCRA token bucket); Dovecot's anvil and the big providers throttle login storms.
* **Connections per host are capped**: at most ``per_host`` watcher connections to one host (0: no cap);
  an account beyond the cap is polled every ``daemon.poll_interval`` until a connection is free.
* **How a pass process starts** with several accounts (the watcher thread must not be forked): a fresh
  interpreter (``spawn``), or, from ``PRELOAD_FROM_ACCOUNTS`` accounts on, a fork server that has the
  model's code imported once (``forkserver``): about 1 s less CPU per pass, one process of ~100 MB more.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from enum import Enum

IDLE_RENEW_SECONDS = 540.0  # re-IDLE before the 10-minute mark (RFC 2177 asks for < 29 min)
RECONNECT_MIN_WINDOW = 1.0  # s: the first reconnect of a lost watcher is drawn from at least [0, 1)
RECONNECT_CAP = 900.0  # s: the longest a lost watcher waits between tries
PRELOAD_FROM_ACCOUNTS = 20  # from this many accounts on, passes fork from a server with the model's code loaded


class Step(Enum):
    """What an account's loop does next: a pass, wait, or watch in IDLE."""

    PASS = "pass"
    WAIT = "wait"
    WATCH = "watch"


def renew_due(idle_since: float, now: float, renew_after: float = IDLE_RENEW_SECONDS) -> bool:
    """Whether an IDLE begun at ``idle_since`` is to be ended and begun again (the server and NAT
    boxes on the way would drop a connection silent for longer)."""
    return now - idle_since >= renew_after


def reconnect_window(accounts_on_host: int, logins_per_second: float) -> float:
    """The first reconnect of a lost watcher waits ``uniform(0, window)``: long enough for every watcher
    of the host to come back within the host's login rate, never less than RECONNECT_MIN_WINDOW."""
    return max(RECONNECT_MIN_WINDOW, accounts_on_host / logins_per_second)


def full_jitter(attempt: int, window: float, cap: float, rng: random.Random) -> float:
    """The wait before try ``attempt`` (0: the first after the loss): ``uniform(0, min(cap, window * 2**attempt))``."""
    ceiling = min(cap, window * 2 ** min(attempt, 40))
    return rng.uniform(0.0, ceiling)


@dataclass
class FullJitterBackoff:
    """Reconnect waits for one watcher: full jitter over a window that doubles per failed try.
    ``window`` is what :func:`reconnect_window` gave for the watcher's host."""

    window: float = RECONNECT_MIN_WINDOW
    cap: float = RECONNECT_CAP
    rng: random.Random = field(default_factory=random.Random)
    failures: int = 0

    def next_delay(self) -> float:
        delay = full_jitter(self.failures, self.window, self.cap, self.rng)
        self.failures += 1
        return delay

    def reset(self) -> None:
        self.failures = 0


class LoginPacer:
    """At most ``rate`` logins per second to each host, ``burst`` of them at once (GCRA).

    :meth:`reserve` books the next login slot of a host and returns when it is: the caller starts its
    login then, so watchers queued behind one another keep their order and never retry in a herd."""

    def __init__(self, rate: float, burst: int = 1) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        self.interval = 1.0 / rate
        self.burst = burst
        self._tat: dict[str, float] = {}  # per host: the theoretical arrival time of the next login

    def reserve(self, host: str, now: float) -> float:
        tat = max(self._tat.get(host, now), now)
        start = max(now, tat - (self.burst - 1) * self.interval)
        self._tat[host] = max(tat, start) + self.interval
        return start


class ConnectionCap:
    """Which accounts hold one of a host's watcher connections: at most ``per_host`` (0: no cap)."""

    def __init__(self, per_host: int) -> None:
        self.per_host = per_host
        self._held: dict[str, set[str]] = {}

    def admit(self, host: str, account: str) -> bool:
        """Take a connection of ``host`` for ``account`` (True), or False when the host's are all taken.
        An account that already holds one keeps it (True)."""
        held = self._held.setdefault(host, set())
        if account in held:
            return True
        if self.per_host and len(held) >= self.per_host:
            return False
        held.add(account)
        return True

    def release(self, host: str, account: str) -> None:
        self._held.get(host, set()).discard(account)

    def held(self, host: str) -> int:
        return len(self._held.get(host, ()))


def pass_start_method(accounts: int) -> str:
    """How a pass process is started by a daemon watching ``accounts`` accounts: one account has no
    watcher thread, so ``fork``; several: ``spawn`` (a fork next to the watcher's threads could copy a
    lock one of them holds), or ``forkserver`` from PRELOAD_FROM_ACCOUNTS on (its server has the
    model's code imported once, so each pass starts in about 0.3 s instead of 1.5 s)."""
    if accounts <= 1:
        return "fork"
    return "forkserver" if accounts >= PRELOAD_FROM_ACCOUNTS else "spawn"
