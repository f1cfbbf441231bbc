"""Crash points: named places in a pass where the process can be made to die, as SQLite's test hooks
let its own crash tests stop it mid-write. A product feature, so that the crash safety the product
claims can be checked against the product as shipped (tests/reliability/); a no-op in normal use.

``ONWARD_CRASH_AT="<point>:<n>[,<point>:<n>...]"`` makes the process kill itself with SIGKILL (no
cleanup, no atexit, no flush: like a power cut or the OOM killer) the n-th time the named point of
the pass is reached. Points (see agent/pipeline.py, agent/record/batch.py, agent/followups/drafting.py): ``after_fetch``,
``after_analyze`` (a batch is parsed and classified, nothing written), ``mid_batch`` (inside the per-message loop, before the batch commits),
``after_commit``, ``before_append``, ``after_append`` (after the draft APPEND, before the database
records it) and ``after_draft_commit``.

In-process tests can instead register a callable with :func:`set_hook`; it is called with the point
name and the number of times that point has been reached (e.g. to restart the IMAP server between
two batches).

When the variable is unset and no hook is set, :func:`point` is one global lookup and a return.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable

ENV = "ONWARD_CRASH_AT"
POINTS = ("after_fetch", "after_analyze", "mid_batch", "after_commit",
          "before_append", "after_append", "after_draft_commit")


def _parse(spec: str | None) -> dict[str, int]:
    out: dict[str, int] = {}
    for part in (spec or "").split(","):
        part = part.strip()
        if not part:
            continue
        name, _, n = part.partition(":")
        if name not in POINTS:
            raise ValueError(f"{ENV}: unknown point {name!r} (known: {', '.join(POINTS)})")
        out[name] = int(n or "1")
    return out


_targets: dict[str, int] = _parse(os.environ.get(ENV))
_counts: dict[str, int] = {}
_hook: Callable[[str, int], None] | None = None
_active = bool(_targets)


def point(name: str) -> None:
    """Mark that the pass reached ``name``; kills the process if ``ONWARD_CRASH_AT`` asks for it."""
    if not _active:
        return
    n = _counts[name] = _counts.get(name, 0) + 1
    if _hook is not None:
        _hook(name, n)
    if _targets.get(name) == n:
        os.kill(os.getpid(), signal.SIGKILL)


def set_hook(hook: Callable[[str, int], None] | None) -> None:
    """In-process fault injection: ``hook(point, n)`` is called at every point (None removes it)."""
    global _hook, _active
    _hook = hook
    _counts.clear()
    _active = bool(_targets) or hook is not None


def counts() -> dict[str, int]:
    return dict(_counts)
