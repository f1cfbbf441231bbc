""""Train now": ``onward train`` in a child process (the CLI's own command, its own interpreter: the
server keeps answering), its progress lines kept for the review page."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass
class Training:
    """``onward train`` running in a child process, its progress lines kept for the page."""

    lines: list[str] = field(default_factory=list)
    code: int | None = None
    started: str | None = None
    proc: subprocess.Popen[str] | None = None

    @property
    def running(self) -> bool:
        return self.proc is not None and self.code is None

    def start(self, config: str | None, done: Callable[[], None]) -> bool:
        if self.running:
            return False
        self.lines, self.code, self.started = [], None, datetime.now(UTC).isoformat(timespec="seconds")
        argv = [sys.executable, "-m", "agent.cli", *([f"--config={config}"] if config else []), "train"]
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,  # noqa: S603
                                     stdin=subprocess.DEVNULL)
        threading.Thread(target=self._follow, args=(self.proc, done), daemon=True, name="onward-train").start()
        return True

    def _follow(self, proc: subprocess.Popen[str], done: Callable[[], None]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            self.lines.append(line.rstrip())
        self.code = proc.wait()
        done()

    def stop(self) -> None:
        if self.running and self.proc is not None:
            self.proc.terminate()
