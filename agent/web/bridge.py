"""Every action of the web app is an ``onward`` command: run in this process, through the same parser
and the same command function as on the command line, its ``--json`` answer or its error line handed
back. Nothing the CLI does is implemented a second time here. The CLI's ``main`` is handed in by whoever
starts the web app (``onward web``, :func:`agent.web.server.cmd_web`): the web app is built on the CLI and
the CLI starts it, so neither module imports the other's entry point.

The command writes to stdout/stderr, which are process-wide: one command runs at a time (a lock),
with both captured while it runs. Values typed into a form are passed as ``--flag=VALUE`` (or after
``--``), so a company called ``--status`` stays a value and never becomes an option.
"""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Callable, Sequence
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from typing import Any

from agent.cli.common import EXIT_CONFIG, EXIT_OK

Commands = Callable[[list[str]], int]  # ``agent.cli.main``: argv -> exit code

_one_at_a_time = threading.Lock()


@dataclass(frozen=True)
class Answer:
    """What a command left: its exit code, stdout and stderr."""

    code: int
    out: str
    err: str

    @property
    def ok(self) -> bool:
        return self.code == EXIT_OK

    def json(self) -> Any:
        return json.loads(self.out)

    @property
    def message(self) -> str:
        """The command's last line for humans (its error, when it failed), without the ``onward:`` prefix."""
        lines = [ln for ln in (self.err if not self.ok else self.out or self.err).splitlines() if ln.strip()]
        return (lines[-1].removeprefix("onward: ") if lines else "") or ("done" if self.ok else "failed")


def run(main: Commands, argv: Sequence[str], config: str | None = None) -> Answer:
    """``onward [--config CONFIG] ARGV...``, in-process; never raises for a command's own failure."""
    full = ([f"--config={config}"] if config else []) + [str(a) for a in argv]
    out, err = io.StringIO(), io.StringIO()
    with _one_at_a_time, redirect_stdout(out), redirect_stderr(err):
        code = _call(main, full)
    return Answer(code, out.getvalue(), err.getvalue())


def _call(main: Commands, argv: list[str]) -> int:
    """``main`` (``agent.cli.main``): its errors are one line on stderr and an exit code, as on a terminal."""
    try:
        return main(argv)
    except SystemExit as exc:  # argparse refused the line (it printed why)
        return exc.code if isinstance(exc.code, int) else EXIT_CONFIG
