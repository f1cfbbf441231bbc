"""The user's own addresses are never a follow-up's recipient - every one of them: each account's login and
the From of each account's drafts (``from_address``), whichever account's pass records the email
(agent/record/outcomes.py:user_addresses)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from agent.config import parse_settings
from agent.demo.samples import build_email
from agent.model.classifier import Classifier
from agent.record.outcomes import user_addresses
from tests.unit.memory_world import USER, deliver, followups, memory_world

T0 = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
WORK = {"host": "imap.work.example", "username": "alex.doe", "from_address": "alex@work.example",
        "folders": ["INBOX"]}


def _forwarded_rejection(sender: str) -> bytes:
    """The user forwards the company's rejection from their other mailbox to this one."""
    return build_email(
        from_=sender, to=f"Alex Doe <{USER}>", subject="Fwd: Your application to Acme", date=T0,
        message_id="<fwd-1@work.example>",
        body=("FYI\n\n---------- Forwarded message ---------\nFrom: Acme Careers <no-reply@greenhouse.io>\n"
              "Subject: Your application to Acme\n\nHi Alex,\n\nThank you for taking the time to interview for "
              "the Data Engineer position at Acme. Unfortunately, after careful consideration, we have decided "
              "to move forward with other candidates whose experience more closely matches our current needs.\n\n"
              "We appreciate your interest and wish you the best in your search.\n\nKind regards,\nAcme Careers\n"))


def test_a_mail_from_the_from_address_of_another_account_is_the_users_own(tmp_path: Path, model: Classifier) -> None:
    """The other account logs in as ``alex.doe`` and its drafts go out from alex@work.example: a rejection
    forwarded from there is the user's own mail, and its thank-you goes to nobody - not to the user."""
    box, agent, store = memory_world(tmp_path, model, accounts={"work": WORK})
    try:
        deliver(box, _forwarded_rejection("Alex Doe <alex@work.example>"))
        agent.run_pass(T0 + timedelta(hours=1))
        assert [(f.kind, f.to_addr) for f in followups(store)] == [("rejection_thanks", None)]
        with store.transaction() as conn:
            assert {e.contact_email for e in store.list_events(conn)} == {None}
    finally:
        store.close()


def test_a_forward_from_the_accounts_googlemail_spelling_is_addressed_to_nobody(tmp_path: Path,
                                                                                 model: Classifier) -> None:
    """A Gmail user (``alex.doe@gmail.com``) forwards the rejection from the account's old spelling
    ``Alex.Doe@googlemail.com``: one mailbox, the user's own - its thank-you was addressed to the user herself."""
    box, agent, store = memory_world(tmp_path, model, imap={"username": "alex.doe@gmail.com"},
                                     followup={"from_address": "alex.doe@gmail.com"})
    try:
        deliver(box, _forwarded_rejection("Alex Doe <Alex.Doe@googlemail.com>"))
        agent.run_pass(T0 + timedelta(hours=1))
        assert [(f.kind, f.to_addr) for f in followups(store)] == [("rejection_thanks", None)]
    finally:
        store.close()


_ADDRESS = st.sampled_from(["alex@example.org", "alex@work.example", "a.doe@home.example", "me@alias.example"])
_ACCOUNT = st.fixed_dictionaries({"username": st.one_of(_ADDRESS, st.just("alex.doe")),
                                  "from_address": st.one_of(st.none(), _ADDRESS)})


@settings(max_examples=60, deadline=None)
@given(accounts=st.lists(_ACCOUNT, min_size=1, max_size=3), global_from=st.one_of(st.none(), _ADDRESS))
def test_every_account_knows_every_address_the_user_writes_from(accounts: list[dict[str, str | None]],
                                                                 global_from: str | None) -> None:
    """Whichever account's pass records the email: every account's login and the From of every account's
    drafts, and ``followup.from_address``, are the user's own."""
    tables = {f"a{n}": {"host": "imap.example.org", "folders": ["INBOX"], "username": a["username"],
                        **({"from_address": a["from_address"]} if a["from_address"] else {})}
              for n, a in enumerate(accounts)}
    followup = {"your_name": "Alex Doe", **({"from_address": global_from} if global_from else {})}
    config = parse_settings({"accounts": tables, "followup": followup, "storage": {"database": "sqlite://"}})
    every = [config.for_account(a) for a in config.accounts]
    written_from = {s.followup.from_address for s in every} | {a.imap.username for a in config.accounts}
    written_from |= {global_from} if global_from else set()
    for account in every:
        own = set(user_addresses(account))
        assert {a for a in written_from if a and "@" in a} <= own, (account.account, own)

