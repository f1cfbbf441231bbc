"""``onward label`` on an email the model called ``other``, with a real Dovecot and the real CLI: the
pass kept no facts of it, the label reads it again (read-only) and fixes the record at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.helpers import cli_json, folder_messages, run_cli, write_config
from tests.unit.test_label_any import MID, informal

pytestmark = [pytest.mark.dovecot]


def test_label_fixes_an_email_called_other(tmp_path, imap_account):
    acc = imap_account
    acc.server.append(acc.user, "INBOX", [informal(datetime.now(UTC) - timedelta(days=1))])
    cfg = write_config(tmp_path, acc)
    done = run_cli(cfg, "run", "--once", password=acc.password)
    assert done.returncode == 0, done.stderr
    assert cli_json(cfg, "events") == []  # the model called it "other": not on the record
    flags = {uid: m[b"FLAGS"] for uid, m in folder_messages(acc.server, acc.user, "INBOX").items()}
    done = run_cli(cfg, "label", MID.strip("<>"), "rejection", password=acc.password)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{MID}: recorded as rejection; kept as a training example"
    [app] = cli_json(cfg, "outcomes")
    assert app["status"] == "rejected"
    [fu] = cli_json(cfg, "followups")
    assert (fu["kind"], fu["to"]) == ("rejection_thanks", "jane@acme.test")
    assert {uid: m[b"FLAGS"] for uid, m in folder_messages(acc.server, acc.user, "INBOX").items()} == flags
