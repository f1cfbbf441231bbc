"""``python -m agent.cli``."""

from agent.cli import entry

entry()
