"""A small progress line (count, rate, ETA) on stderr, for backfill and training.

No dependency: a carriage-return line when stderr is a terminal, a line every few seconds otherwise
(so logs of a long backfill under a service manager stay readable).
"""

from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, what: str, *, enabled: bool = True, every: float = 0.2) -> None:
        self.what = what
        self.enabled = enabled
        self.tty = sys.stderr.isatty()
        self.every = every if self.tty else 5.0
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    def update(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.last < self.every and done < total):
            return
        self.last = now
        sys.stderr.write(("\r" if self.tty else "") + self.line(done, total, now - self.start)
                         + ("" if self.tty else "\n"))
        sys.stderr.flush()
        self.shown = True

    def line(self, done: int, total: int, elapsed: float) -> str:
        pct = 100.0 * done / total if total else 100.0
        if done <= 0 or elapsed <= 0:  # no speed to tell yet: neither a rate nor an ETA is known
            return f"{self.what}: {done}/{total} ({pct:5.1f}%) starting "
        rate = done / elapsed
        eta = (total - done) / rate if total >= done else 0.0
        return f"{self.what}: {done}/{total} ({pct:5.1f}%) {rate:,.0f} msg/s, ETA {eta:,.0f} s "

    def close(self) -> None:
        if self.enabled and self.shown and self.tty:
            sys.stderr.write("\n")
            sys.stderr.flush()
