"""Another revision's tree on disk, for the same-run comparisons of bench/extraction.py,
bench/extraction_identical.py and bench/idle_pass.py (no import of ``agent``: the callers choose which tree
their children import)."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def export_tree(rev: str, into: Path) -> Path:
    """``rev``'s package (agent/, config/, models/) in a directory of its own, shipped files where its code looks."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "agent", "config", "models"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    (into / "agent/shipped_model").symlink_to(into / "models", target_is_directory=True)
    (into / "agent/shipped_config").symlink_to(into / "config", target_is_directory=True)
    return into
