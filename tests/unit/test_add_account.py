"""An application added by hand (``onward add``) belongs to the config's first account - ``[imap]``, else the
first ``[accounts.NAME]`` - not to an account ``default`` no config of named accounts has: there the company's
mail never linked to it (a second application for the same job, and ``onward merge`` refused the two as of
different accounts) and no account's pass saved its drafts (agent/cli/search.py:cmd_add)."""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from agent.cli import main
from agent.config import parse_settings
from agent.mail.memory import MemoryMailbox
from agent.model.classifier import Classifier
from agent.pipeline import Agent
from agent.record.store import Store
from tests import followup_samples as fs
from tests.unit.memory_world import USER, deliver, followups, outcomes

ACCOUNT = '[{table}]\nhost = "imap.example.org"\nusername = "{user}"\nfolders = ["INBOX"]\n\n'


@pytest.mark.parametrize(("tables", "first"), [(["accounts.home"], "home"),
                                               (["accounts.home", "accounts.work"], "home"),
                                               (["imap", "accounts.work"], "default")])
def test_an_application_added_by_hand_is_the_first_accounts_and_the_companys_mail_joins_it(
        tmp_path: Path, model: Classifier, capsys: pytest.CaptureFixture[str], tables: list[str], first: str) -> None:
    cfg = tmp_path / "onward.toml"
    cfg.write_text("".join(ACCOUNT.format(table=t, user=USER if n == 0 else f"other{n}@example.org")
                           for n, t in enumerate(tables)) +
                   f'[followup]\nyour_name = "Alex Doe"\n\n[classifier]\nworkers = -1\n\n'
                   f'[storage]\ndatabase = "sqlite:///{tmp_path / "onward.db"}"\n', encoding="utf-8")
    now = datetime.now(UTC).replace(microsecond=0)
    applied = (now - timedelta(days=20)).date().isoformat()
    assert main(["--config", str(cfg), "add", "--company", "Initech", "--role", "QA Lead", "--applied", applied,
                 "--contact", "ina@initech.example", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["application_id"] == 1
    settings = parse_settings(tomllib.loads(cfg.read_text(encoding="utf-8")))
    box = MemoryMailbox()  # the first account's mailbox; the others hold nothing
    store = Store.for_settings(settings)
    try:
        deliver(box, fs.role_ack("Initech", "QA Lead", now - timedelta(days=18), "<a1@initech.example>"))
        for account in settings.select(None):
            Agent(account, store, model, password="unused",
                  client=(lambda: box) if account.account == first else MemoryMailbox).run_pass(now=now)
        assert [(a.id, a.account) for a in outcomes(store)] == [(1, first)]  # the acknowledgement joined it
        [check_in] = followups(store)
        assert check_in.draft_message_id and len(box.raw_messages("Drafts")) == 1  # saved, in its account
    finally:
        store.close()
