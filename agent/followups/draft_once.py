"""Saving a draft once: the crash-safe sequence every draft Onward saves goes through (a follow-up,
the weekly digest).

1. Look in Drafts for the draft's Message-ID (derived from what the draft is for, so a second attempt
   looks for the same one) - found: it was appended by an attempt that stopped before step 3;
2. else APPEND it (``\\Draft``, never sent);
3. then mark it saved in the record (the caller's own transaction).

A crash between 2 and 3 leaves the draft in Drafts and the record unmarked: the next pass finds it at
step 1 and only marks it, so no draft is ever saved twice.  A crash before 2 saves nothing and the
next pass does it all.  The crash points (``before_append``, ``after_append``, ``after_draft_commit``)
let the crash harness stop a pass at each step.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from agent import crashpoints
from agent.mail.client import MailClient


def save_once(mb: MailClient, drafts: str, raw: bytes, now: datetime, *, already_saved: Callable[[], bool],
              mark_saved: Callable[[], None]) -> bool:
    """Save ``raw`` in ``drafts`` unless ``already_saved()`` finds it there, then ``mark_saved()``;
    returns whether it was appended now (False: found, recovered after an interruption)."""
    appended = False
    if not already_saved():
        crashpoints.point("before_append")
        mb.append_draft(drafts, raw, now)
        crashpoints.point("after_append")
        appended = True
    mark_saved()
    crashpoints.point("after_draft_commit")
    return appended
