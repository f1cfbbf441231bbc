"""daemon.log_level from the config is honoured (it used to be parsed and then ignored)."""

from __future__ import annotations

import pytest

from tests.helpers import run_cli, write_config
from tests.integration.test_agent_e2e import seed_acme

pytestmark = [pytest.mark.dovecot]


@pytest.mark.parametrize("level, info_lines_expected", [("WARNING", False), ("INFO", True)])
def test_daemon_log_level_decides_whether_a_pass_prints_info(tmp_path, imap_account, level, info_lines_expected):
    seed_acme(imap_account)
    cfg = write_config(tmp_path, imap_account, extra=f'[daemon]\nlog_level = "{level}"\n')
    done = run_cli(cfg, "run", "--once", password=imap_account.password)
    assert done.returncode == 0, done.stderr
    assert (" INFO " in done.stderr) is info_lines_expected, done.stderr


def test_verbose_flag_wins_over_the_config(tmp_path, imap_account):
    seed_acme(imap_account)
    cfg = write_config(tmp_path, imap_account, extra='[daemon]\nlog_level = "WARNING"\n')
    done = run_cli(cfg, "-v", "run", "--once", password=imap_account.password)
    assert done.returncode == 0, done.stderr
    assert " DEBUG " in done.stderr or " INFO " in done.stderr
