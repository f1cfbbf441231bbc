"""The waiting daemon stays lean: what `onward run` imports before its first pass holds neither numpy
nor the model's, the intake's or the pipeline's code - each pass process imports those itself - nor
what only a sign-in (http.server, for the OAuth loopback) or a PostgreSQL store needs (its dialect), nor
SQLAlchemy and the store (with asyncio, which SQLAlchemy imports): the daemon of one account writes its
state from short-lived child processes."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

HEAVY = ("numpy", "agent.model.classifier", "agent.model.scorer", "agent.intake", "agent.pipeline",
         "agent.extract.extractor", "mailparser", "http.server", "sqlalchemy", "agent.record.store", "asyncio")


def _heavy_loaded_by(code: str) -> list[str]:
    """The modules of ``HEAVY`` a fresh interpreter has loaded after running ``code``."""
    check = f"import json, sys\n{code}print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    out = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_daemon_imports_no_model_or_pass_code() -> None:
    assert _heavy_loaded_by("import agent.cli.mailbox, agent.cli.accounts\n"
                            "from agent.loop import InstanceLock, IsolatedPasses, install_signal_handlers, "
                            "run_accounts\n") == []


def test_the_command_line_parser_imports_no_command_code() -> None:
    """Every command imports what it runs in its own function: building the parser of all commands loads none
    of the heavy modules."""
    assert _heavy_loaded_by("import agent.cli\nagent.cli.build_parser()\n") == []
