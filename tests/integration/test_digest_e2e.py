"""The weekly digest end to end: the real CLI (``onward run --once``) against a real Dovecot, killed
(SIGKILL, ``ONWARD_CRASH_AT``) at each point of saving a draft, one week after another: exactly one
digest per week in Drafts, From and To the user, flagged ``\\Draft``, listed by ``onward digest --json``.

No follow-up is due in these passes (acknowledgements only; check-ins off), so every APPEND here is a
digest's."""

from __future__ import annotations

import json
import signal
from collections import Counter
from datetime import timedelta
from email import message_from_bytes
from email.policy import default

import pytest

from agent.demo import samples
from tests.crashharness import FROM_ADDRESS, T0, Account, message_ids, run_cli, take_user, write_config

pytestmark = [pytest.mark.dovecot]

KILLED = -signal.SIGKILL
# Monday 10:00 UTC of the week after T0 (11:00 in Europe/Berlin, the harness's zone: after 08:00)
MONDAY = (T0 + timedelta(days=7 - T0.weekday())).replace(hour=10)


def test_one_digest_a_week_never_doubled_after_a_kill_at_each_point(dovecot, tmp_path):
    acc = Account(dovecot, take_user(dovecot))
    mails = [samples.ack(c, r, T0 - timedelta(days=d), f"<ack-{i}@digest.test>")
             for i, (c, r, d) in enumerate([("Acme Robotics", "Backend Engineer", 3), ("Globex", "Data Analyst", 2)])]
    dovecot.append(acc.user, "INBOX", mails)
    cfg = write_config(tmp_path, acc, followup_extra="check_in = false\ninterview_thanks = false",
                       extra="[digest]\nenabled = true\n")
    points = ["before_append:1", "after_append:1", "after_draft_commit:1"]
    for week, point in enumerate(points):
        now = (MONDAY + timedelta(weeks=week)).isoformat()
        killed = run_cli(cfg, "run", "--once", "--now", now, password=acc.password,
                         env_extra={"ONWARD_CRASH_AT": point})
        assert killed.returncode == KILLED, f"{point}: rc={killed.returncode}\n{killed.stderr[-2000:]}"
        for _ in range(2):  # the pass after the crash, and one more the same week
            done = run_cli(cfg, "run", "--once", "--now", now, password=acc.password)
            assert done.returncode == 0, done.stderr[-2000:]
    drafts = message_ids(acc.server, acc.user, "Drafts")
    digests = {mid: n for mid, n in drafts.items() if mid.startswith("<onward-digest-")}
    assert len(digests) == 3 and set(digests.values()) == {1}, drafts
    listed = json.loads(run_cli(cfg, "digest", "--json").stdout)
    assert sorted(d["draft_message_id"] for d in listed) == sorted(digests)
    assert len({d["week"] for d in listed}) == 3
    client = acc.server.client(acc.user, ssl=False)
    try:
        client.select_folder("Drafts", readonly=True)
        fetched = client.fetch(client.search(["ALL"]), [b"BODY.PEEK[]", b"FLAGS"])
    finally:
        client.logout()
    seen: Counter = Counter()
    for item in fetched.values():
        msg = message_from_bytes(item[b"BODY[]"], policy=default)
        if not msg["Message-ID"].startswith("<onward-digest-"):
            continue
        seen["digest"] += 1
        user = FROM_ADDRESS  # the user's address (followup.from_address)
        assert msg["To"].addresses[0].addr_spec == user and msg["From"].addresses[0].addr_spec == user
        assert b"\\Draft" in item[b"FLAGS"] and b"\\Seen" not in item[b"FLAGS"]
        assert msg["Subject"].startswith("Onward weekly digest")
    assert seen["digest"] == 3
