"""Which accounts a worker of the pool takes, keeps and gives back: the rule, pure (no database, no clock).

Given the lease table as read, the workers alive, the accounts this worker serves and the database's
``now``:

* a lease is *live* while ``now < expires_at``; a free or expired one may be taken by anyone;
* the **fair share** is ``ceil(accounts / live workers)`` (this worker counts as alive): a worker holds no
  more than that, so accounts spread evenly and every account has room somewhere (the shares add up to at
  least the number of accounts);
* a worker keeps every lease it holds up to its share and **gives back** the surplus when workers joined
  (or an account left its config);
* it takes free or expired leases until it has its share, in an order of its own (a hash of its id and
  the account), so workers starting at once try different accounts first and rarely collide.

:mod:`agent.accounts.leases` applies the plan (compare-and-swap writes: a race lost only means the
account is not taken this time).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Lease:
    """One account's lease as read: its holder (None: free) and until when it holds."""

    account: str
    worker: str | None
    expires_at: datetime | None

    def live(self, now: datetime) -> bool:
        return self.worker is not None and self.expires_at is not None and now < self.expires_at

    def held_by(self, worker: str, now: datetime) -> bool:
        return self.worker == worker and self.live(now)


@dataclass(frozen=True)
class LeasePlan:
    """What one worker does on one heartbeat."""

    keep: frozenset[str]  # its leases to renew (its share or less)
    give_back: frozenset[str]  # its leases beyond its share: stop working them, then release
    take: tuple[str, ...]  # free or expired leases, in the order to try
    room: int  # how many of ``take`` it may have

    @property
    def share(self) -> int:
        return len(self.keep) + self.room


def fair_share(accounts: int, workers: int) -> int:
    """No worker holds more than this: the accounts divided by the live workers, rounded up."""
    return math.ceil(accounts / max(1, workers))


def preference(worker: str, account: str) -> str:
    """The order in which ``worker`` tries free accounts (its own: simultaneous starters spread out)."""
    return hashlib.sha256(f"{worker}\0{account}".encode()).hexdigest()


def plan(me: str, accounts: Collection[str], leases: Mapping[str, Lease], live_workers: Collection[str],
         now: datetime) -> LeasePlan:
    """The plan of worker ``me`` serving ``accounts``; ``live_workers`` are the workers whose heartbeat
    has not expired at ``now`` (``me`` counts whether it is among them or not)."""
    served = set(accounts)
    share = fair_share(len(served), len(set(live_workers) | {me}))
    mine = sorted(a for a, lease in leases.items() if lease.worker == me)  # expired too: a swap still wins it
    kept = [a for a in mine if a in served]
    keep = frozenset(kept[:share])
    give_back = frozenset(kept[share:]) | frozenset(a for a in mine if a not in served)
    free = [a for a in served if a not in leases or not leases[a].live(now)]
    take = tuple(sorted((a for a in free if a not in keep and a not in give_back),
                        key=lambda a: preference(me, a)))
    return LeasePlan(keep=keep, give_back=give_back, take=take, room=max(0, share - len(keep)))


def abandoned(lease: Lease, host: str | None, here: str, live_workers: Collection[str], running: bool) -> bool:
    """Whether a lease may be taken before it expires because its holder is gone: a one-off command (no
    worker of the pool: none of ``live_workers``) on this machine (``host`` is ``here``) whose process is
    no longer ``running`` - a ``run --once`` killed in the middle, rerun at once.  A worker's lease, or one
    held from another machine, is only ever taken when it expires."""
    return lease.worker is not None and lease.worker not in live_workers and host == here and not running
