"""Issue 15.10: a UIDVALIDITY change with the new mail at a LOW UID must not record old mail again.

The folder is recreated (new UIDVALIDITY) and filled with the new mail first and the already known
mail re-appended after it, at higher UIDs.  The pass after the change records only the new mail; the
folder's high-water mark must then be UIDNEXT-1 (everything below it is either recorded or known by
Message-ID), not the highest UID processed - else the next pass fetches the old mail at its new UIDs
and records every message a second time (the audit saw 21 -> 41 ``messages`` rows).

Real Dovecot (folder recreated with ``doveadm mailbox rename``), real SQLite, the real model.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from agent.demo import samples
from tests.crashharness import T0, Account, db_rows, make_agent, realistic_mailbox, take_user, write_config

pytestmark = [pytest.mark.dovecot]


def _uidvalidity(server, user: str, folder: str) -> int:
    c = server.client(user)
    try:
        return int(c.folder_status(folder, [b"UIDVALIDITY"])[b"UIDVALIDITY"])
    finally:
        c.logout()


def _pass(agent, now) -> None:
    report = agent.run_pass(now)
    assert not report.errors and not report.interrupted, report


@pytest.mark.parametrize("where", ["first", "middle"])
def test_new_mail_at_a_low_uid_after_uidvalidity_change_is_recorded_once(dovecot, tmp_path, where):
    acc = Account(dovecot, take_user(dovecot))
    old = realistic_mailbox(T0, tag=f"v{where}")[:20]
    dovecot.append(acc.user, "Jobs", old)
    cfg = write_config(tmp_path, acc)
    cfg.write_text(cfg.read_text().replace('folders = ["INBOX"]', 'folders = ["Jobs"]'))
    agent = make_agent(cfg, acc.password)
    db = tmp_path / "onward.db"
    _pass(agent, T0)
    assert len(db_rows(db, "messages")) == len(old)
    events_before = len(db_rows(db, "events"))

    validity = _uidvalidity(dovecot, acc.user, "Jobs")
    dovecot.doveadm("mailbox", "rename", "-u", acc.user, "Jobs", f"Jobs-{where}")
    new = samples.rejection("Initech", "Platform Engineer", "Sara Nilsen <sara.nilsen@initech.io>",
                            T0 - timedelta(hours=5), f"<rej-new.v{where}@test>")
    half = 0 if where == "first" else len(old) // 2
    dovecot.append(acc.user, "Jobs", [*old[:half], new, *old[half:]])  # the new mail at UID 1 or 11
    assert _uidvalidity(dovecot, acc.user, "Jobs") != validity

    for hours in (1, 2, 3):  # the pass that sees the change, then two ordinary passes
        _pass(agent, T0 + timedelta(hours=hours))
        rows = db_rows(db, "messages")
        ids = Counter(r["message_id"] for r in rows)
        assert len(rows) == len(old) + 1, f"after pass +{hours}h: {len(rows)} rows, doubled: " \
            f"{sorted(m for m, n in ids.items() if n > 1)[:5]}"
        assert ids[f"<rej-new.v{where}@test>"] == 1
    assert len(db_rows(db, "events")) == events_before + 1
    # the watermark covers the whole recreated folder (UIDNEXT-1), so later passes fetch nothing old
    state = {s["folder"]: s["last_uid"] for s in db_rows(db, "folder_state", order="folder")}
    assert state["Jobs"] == len(old) + 1
