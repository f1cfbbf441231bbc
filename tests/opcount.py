"""Work measured in function calls, not seconds: a bound on it cannot flake on a loaded machine.

``calls(fn, *args)`` runs ``fn`` with a profiler that counts every Python and C function call in this
thread.  The count is the same on every run and every machine (for the same library versions), so a
test can hold parsing to a budget of calls, or show that the work grows linearly with the input."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def calls(fn: Callable[..., T], *args: Any) -> tuple[T, int]:
    """(``fn(*args)``, the number of function calls it made)."""
    count = 0

    def profile(_frame: Any, event: str, _arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        result = fn(*args)
    finally:
        sys.setprofile(previous)
    return result, count
