"""Small process-level helpers of the pass and the daemon (stdlib only, so the waiting daemon can use
them without importing the pass's code)."""
from __future__ import annotations

import ctypes
import os
import signal


def release_free_heap() -> None:
    """Give the C heap's free memory back to the system (glibc's ``malloc_trim``; no-op elsewhere). Freed
    memory otherwise stays in the process's RSS: what loading the model freed (decompressed arrays, the
    vocabularies' temporary strings) would stay in every worker forked from it, too."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def die_with_parent(parent: int | None = None) -> None:
    """Ask Linux to SIGKILL this process when its parent dies (no-op elsewhere). ``parent``: the pid of the
    daemon that asked for it - the parent itself, or the parent of the fork server that started it (which
    ends with the daemon, and then this process with it); a daemon that died before the request (a spawned
    process takes a while to get here) is caught too - the process ends at once instead of working on as
    an orphan."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if parent is not None and os.getppid() != parent and not _alive(parent):
        os.kill(os.getpid(), signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process under that pid: not the daemon, which is ours
        return False
    return True
