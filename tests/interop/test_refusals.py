"""A server that says NO on a working connection is not "cannot connect": Cyrus IMAP with the user's
right to insert into ``INBOX.Drafts`` taken away (an ACL without ``i``), so every APPEND there is
refused. ``onward check --probe-drafts`` and the pass that saves the due drafts exit 10 with a
message naming the command and quoting the server; the mail itself is recorded all the same."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crashharness import T0, T_DRAFTS, db_rows, realistic_mailbox, run_cli
from tests.interop.conftest import USER, ServerCase, _unavailable
from tests.interop.test_servers import _config
from tests.support.servers import CyrusServer, ServerNotAvailable

pytestmark = [pytest.mark.interop]

EXIT_REFUSED = 10


@pytest.fixture
def cyrus_without_insert() -> Iterator[ServerCase]:
    try:
        srv = CyrusServer([USER]).start()
    except ServerNotAvailable as exc:
        _unavailable(exc)
        return
    try:
        with srv.client(USER) as c:
            c.create_folder("INBOX.Archiv")
        with srv.admin_client() as admin:
            admin.setacl(f"user.{USER}.Drafts", USER, "lrs")  # lookup, read, seen: no insert
        yield ServerCase("cyrus", srv, "none", "INBOX.Drafts", "INBOX.Sent", "INBOX.Archiv", None)
    finally:
        srv.stop()


def test_a_refused_append_is_exit_10_naming_the_command_and_the_server(cyrus_without_insert: ServerCase,
                                                                       tmp_path: Path) -> None:
    case = cyrus_without_insert
    password = case.server.password(USER)
    mails = realistic_mailbox(T0, tag="no")
    case.server.append(USER, "INBOX", mails)
    cfg = _config(tmp_path, case)

    probe = run_cli(cfg, "check", "--probe-drafts", password=password)
    assert probe.returncode == EXIT_REFUSED, probe.stderr
    assert "onward: the IMAP server refused APPEND INBOX.Drafts: " in probe.stderr, probe.stderr
    assert "cannot connect" not in probe.stderr and "Permission denied" in probe.stderr, probe.stderr

    first = run_cli(cfg, "run", "--once", "--now", T0.isoformat(), password=password)
    assert first.returncode in (0, EXIT_REFUSED), first.stderr  # 10 when this week's digest falls due
    assert len(db_rows(tmp_path / "onward.db", "messages")) == len(mails)  # the mail is recorded all the same
    due = run_cli(cfg, "run", "--once", "--now", T_DRAFTS.isoformat(), password=password)
    assert due.returncode == EXIT_REFUSED, due.stderr
    assert "the IMAP server refused APPEND INBOX.Drafts: " in due.stderr, due.stderr
