"""What a pass reports, and how it is asked to stop (shared by the pass, drafting and the loop)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any


@dataclass
class PassReport:
    fetched: int = 0
    classified: int = 0
    events: int = 0
    review: int = 0
    failed: int = 0
    skipped: int = 0
    followups_scheduled: int = 0
    drafts_saved: int = 0
    cancelled: int = 0
    examples: int = 0
    interrupted: bool = False
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"fetched {self.fetched}, classified {self.classified}, events {self.events}, "
                f"review {self.review}, failed {self.failed}, drafts {self.drafts_saved}, "
                f"cancelled {self.cancelled}")


class StopFlag:
    """Set by SIGTERM/SIGINT; checked between messages."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def set(self, *_: Any) -> None:
        self._event.set()

    def __bool__(self) -> bool:
        return self._event.is_set()

    def wait(self, seconds: float) -> bool:
        return self._event.wait(seconds)
