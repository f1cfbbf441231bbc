"""A company's no that a spam filter caught and that starts a new thread (most applicant-tracking systems write a
no as a new email, not as a reply), against a real Dovecot whose ``Junk`` folder has the ``\\Junk`` flag, the real
model and a real SQLite file, the passes run in this process (agent/pipeline.py:Agent.run_pass).

Read from Spam only by its From: the sender's organisational domain already wrote for the application
(agent/record/contacts.py:known_sender). The job scam beside it, from a domain nobody wrote from, is never fetched
beyond its four header fields; nothing in Junk is marked read or moved."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from agent.config import load_settings
from agent.model.classifier import Classifier
from agent.pipeline import Agent
from agent.record.store import Store
from tests.helpers import folder_messages, write_config
from tests.unit.test_gmail_all_mail import new_thread_mail

T0 = datetime(2026, 10, 5, 8, 0, tzinfo=UTC)


def test_a_new_thread_no_in_junk_from_the_company_is_recorded_and_the_scam_beside_it_is_not(tmp_path, imap_account):
    server, user = imap_account.server, imap_account.user
    settings = load_settings(write_config(tmp_path, imap_account))
    store = Store.open(settings.storage.database)
    agent = Agent(settings, store, Classifier.load(), password=imap_account.password)
    try:
        server.append(user, "INBOX", [new_thread_mail("ack", T0)], msg_time=T0)
        agent.run_pass(T0 + timedelta(hours=1))
        agent.run_pass(T0 + timedelta(days=15))  # two weeks of silence: the check-in
        with store.transaction() as conn:
            [check_in] = store.list_followups(conn)
        assert check_in.kind == "check_in" and check_in.status != "cancelled", check_in

        for which, at in (("scam", T0 + timedelta(days=16)), ("no", T0 + timedelta(days=16, hours=1))):
            server.append(user, "Junk", [new_thread_mail(which, at)], msg_time=at)
        junk_before = folder_messages(server, user, "Junk")
        report = agent.run_pass(T0 + timedelta(days=16, hours=2))

        assert report.fetched == 1, report  # the no; of the scam only its header fields
        with store.transaction() as conn:
            [app] = store.list_outcomes(conn)
            fus = store.list_followups(conn)
            assert store.message_row(conn, "<cv@talent-global.example>") is None
        assert app.status == "rejected", app
        assert sorted((f.kind, f.status, f.to_addr) for f in fus) == [
            ("check_in", "cancelled", check_in.to_addr),
            ("rejection_thanks", "scheduled", "jana.novak@nordwind-maschinenbau.de")], fus
        assert {u: m[b"FLAGS"] for u, m in folder_messages(server, user, "Junk").items()} == \
            {u: m[b"FLAGS"] for u, m in junk_before.items()}  # nothing marked read, nothing moved
    finally:
        store.close()
