"""A job seeker who applies almost only through applicant-tracking systems and job boards, seven weeks end to end:
the real CLI (``onward run --once --now``, ``outcomes``, ``followups``, ``merge``) against a real Dovecot, a real
SQLite file and the shipped model. The mail and what must hold: ``tests/ats_story.py`` (the same story over the
in-memory mailbox, with the rules' own tests: ``tests/unit/test_ats_story.py``).

Relays write for many companies from one address: two companies through Greenhouse's one no-reply address in the
same week, two through SuccessFactors signed alike ("Talent Acquisition"), two roles at one bank on Workday (the no
names its role in the subject only), two at Nordhafen on Lever (the no names none: Alex merges each such no into
the application the portal shows it was of), one company through SmartRecruiters then SuccessFactors (applying
again), an interview booked through GoodTime from a no-reply relay, recruiters writing personally in the relays'
threads, Reply-Tos on a free-mail and on the relay's own domain, mail in German and French."""

from __future__ import annotations

import email
import email.policy
import json
from datetime import datetime
from email.message import EmailMessage
from typing import Any

import pytest

from agent.demo.dovecot import DovecotServer
from tests import ats_story as s
from tests.helpers import folder_messages, run_cli, write_config

pytestmark = [pytest.mark.dovecot]


class DovecotUser:
    """Alex's mailbox on Dovecot, the daemon's passes and the CLI, each a process as the user runs them."""

    def __init__(self, server: DovecotServer, cfg: Any) -> None:
        self.server, self.cfg = server, cfg
        self.password = server.password("alex")

    def put(self, folder: str, when: datetime, raw: bytes) -> None:
        self.server.append("alex", folder, [raw], msg_time=when)

    def run(self, now: datetime) -> None:
        done = run_cli(self.cfg, "run", "--once", "--now", now.isoformat(), password=self.password)
        assert done.returncode == 0, done.stderr[-3000:]

    def drafts(self) -> dict[str, EmailMessage]:
        found = (email.message_from_bytes(item[b"BODY[]"], policy=email.policy.default)
                 for item in folder_messages(self.server, "alex", "Drafts").values())
        return {str(m["Message-ID"]): m for m in found}

    def delete_draft(self, message_id: str) -> None:
        with self.server.client("alex") as client:
            client.select_folder("Drafts")
            client.delete_messages(client.search(["HEADER", "Message-ID", message_id]))
            client.expunge()

    def cli_json(self, now: datetime, *args: str) -> Any:
        done = run_cli(self.cfg, *s.command(now, *args))
        assert done.returncode == 0, (args, done.stderr[-2000:])
        return json.loads(done.stdout)


def test_seven_weeks_through_applicant_tracking_systems(tmp_path):
    server = DovecotServer(["alex"]).start()
    try:
        class Account:
            user, ssl_port, port, cafile = "alex", server.ssl_port, server.port, server.cafile
        cfg = write_config(tmp_path, Account, followup={"timezone": "Europe/Berlin", "from_address": s.ME_ADDR},
                           extra="[digest]\nenabled = true\n")
        user = DovecotUser(server, cfg)
        s.play(user)
        s.check_the_end(user)
    finally:
        server.stop()
