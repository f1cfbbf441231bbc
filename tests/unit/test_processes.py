"""A pass process dies with its daemon: also when the daemon was killed while the pass process was still
starting (a spawned interpreter takes a while to reach ``die_with_parent``), which the kernel's parent-death
signal alone does not cover - such a pass would otherwise run on beside the worker that took its account."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")

PROBE = "import os, sys; from agent.processes import die_with_parent; die_with_parent({parent}); print('alive')"


def test_a_process_whose_parent_is_already_gone_ends_at_once():
    done = subprocess.run([sys.executable, "-c", PROBE.format(parent="os.getppid() + 1")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == -9 and "alive" not in done.stdout


def test_a_process_whose_parent_lives_goes_on():
    for parent in ("os.getppid()", "None"):
        done = subprocess.run([sys.executable, "-c", PROBE.format(parent=parent)], capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 0 and done.stdout.strip() == "alive"
