"""A pass process dies with its daemon: also when the daemon was killed while the pass process was still
starting (a spawned interpreter takes a while to reach ``die_with_parent``), which the kernel's parent-death
signal alone does not cover - such a pass would otherwise run on beside the worker that took its account."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")

PROBE = "import os, sys; from agent.processes import die_with_parent; die_with_parent({parent}); print('alive')"


def test_a_process_whose_parent_is_already_gone_ends_at_once():
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, timeout=60)
    done = subprocess.run([sys.executable, "-c", PROBE.format(parent=int(gone.stdout))],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == -9 and "alive" not in done.stdout


def test_a_process_started_by_a_fork_server_of_a_living_daemon_goes_on():
    # the shell stands for multiprocessing's fork server: the pass's parent, itself started by the daemon
    daemon = os.getpid()
    done = subprocess.run(["sh", "-c", f'"{sys.executable}" -c "{PROBE.format(parent=daemon)}"; exit $?'],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "alive", done.stderr


def test_a_process_whose_parent_lives_goes_on():
    for parent in ("os.getppid()", "None"):
        done = subprocess.run([sys.executable, "-c", PROBE.format(parent=parent)], capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 0 and done.stdout.strip() == "alive"
