"""A careers service's config: one account per job seeker, each signed with the seeker's own name. Each seeker's
drafts are signed with that name, and each seeker gets a weekly digest of their own applications only, in their
own Drafts (the real pass over in-memory mailboxes, SQLite, the real model)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import hypothesis.strategies as st
import pytest
from hypothesis import given

from agent.config import ConfigError, parse_settings
from agent.demo import samples
from agent.mail.memory import MemoryMailbox
from agent.mail.parse import parse_message
from agent.pipeline import Agent
from agent.record.store import Store, journal
from tests.unit.test_accounts import model as model  # noqa: F401 - the module's fixture
from tests.helpers import run_cli

MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # a Monday, after the digest's hour
SEEKERS = {"ana": ("Ana Lee", "ana@seekers.example"), "ben": ("Ben Krüger", "ben@seekers.example")}


def _accounts(names: dict[str, str | None]) -> dict[str, dict[str, object]]:
    return {acct: {"host": "imap.example", "username": f"{acct}@seekers.example", "password_env": "X",
                   **({"your_name": name} if name is not None else {})} for acct, name in names.items()}


names = st.text(st.characters(whitelist_categories=("L",)), min_size=1, max_size=8)


@given(st.dictionaries(st.sampled_from(["a1", "a2", "a3", "a4"]), st.none() | names, min_size=1), names)
def test_each_account_is_signed_with_its_own_name_else_the_shared_one(own, shared):
    settings = parse_settings({"accounts": _accounts(own), "followup": {"your_name": shared}})
    signed = {s.account: s.followup.your_name for s in settings.select(None)}
    assert signed == {acct: shared if name is None else name for acct, name in own.items()}
    for s in settings.select(None):  # a person's accounts: those signed with the same name, in config order
        assert s.person_accounts() == [a for a in own if signed[a] == s.followup.your_name]


def test_an_accounts_signature_replaces_the_shared_one_and_only_for_it():
    settings = parse_settings({"accounts": {"ana": {**_accounts({"ana": "Ana Lee"})["ana"], "signature": "+44 7700"},
                                            "ben": _accounts({"ben": None})["ben"]},
                               "followup": {"your_name": "Careers Service", "signature": "Room 4"}})
    by = {s.account: (s.followup.your_name, s.followup.signature) for s in settings.select(None)}
    assert by == {"ana": ("Ana Lee", "+44 7700"), "ben": ("Careers Service", "Room 4")}


def _seekers(tmp_path: Path, model):  # type: ignore[no-untyped-def]
    settings = parse_settings({
        "accounts": {acct: {"host": "imap.example", "username": addr, "password_env": "X", "your_name": name,
                            "folders": ["INBOX"], "initial_lookback_days": 60}
                     for acct, (name, addr) in SEEKERS.items()},
        "followup": {"your_name": "Careers Service", "min_days": 1, "max_days": 2},
        "digest": {"enabled": True, "weekday": "monday", "hour": 8},
        "classifier": {"workers": -1}, "storage": {"database": f"sqlite:///{tmp_path / 'onward.db'}"}})
    store = Store.open(settings.storage.database)
    boxes = {acct: MemoryMailbox() for acct in SEEKERS}
    agents = {s.account: Agent(s, store, model, password="unused", client=lambda b=boxes[s.account]: b)
              for s in settings.select(None)}
    return store, boxes, agents


def _drafts(box: MemoryMailbox):  # type: ignore[no-untyped-def]
    return [message_from_bytes(raw, policy=default) for raw in box.raw_messages("Drafts")]


def test_each_seeker_gets_their_own_digest_and_drafts_signed_with_their_name(tmp_path, model):
    store, boxes, agents = _seekers(tmp_path, model)
    mail = {"ana": samples.rejection("Northwind Analytics", "Data Analyst", "Sarah Klein <sarah@northwind.example>",
                                     MONDAY - timedelta(days=4), "<rej-ana@northwind.example>"),
            "ben": samples.rejection("Stadtwerke Lindau", "Elektroniker", "Petra Vogel <petra@stadtwerke.example>",
                                     MONDAY - timedelta(days=3), "<rej-ben@stadtwerke.example>")}
    for acct, raw in mail.items():
        boxes[acct].deliver("INBOX", raw, parse_message(raw).date)
    for later in (MONDAY - timedelta(days=2), MONDAY):  # the rejections recorded; the digest and the thank-yous
        for acct in SEEKERS:
            agents[acct].run_pass(later)
    company = {"ana": "Northwind", "ben": "Stadtwerke"}
    for acct, (name, addr) in SEEKERS.items():
        drafts = _drafts(boxes[acct])
        digests = [m for m in drafts if m["Message-ID"].startswith("<onward-digest-") and "W10" in m["Subject"]]
        thanks = [m for m in drafts if not m["Message-ID"].startswith("<onward-digest-")]
        assert len(digests) == 1 and len(thanks) == 1, [m["Subject"] for m in drafts]
        assert [m["To"].addresses[0].addr_spec for m in digests] == [addr]
        body = digests[0].get_body(preferencelist=("plain",)).get_content()
        other = next(company[o] for o in SEEKERS if o != acct)
        assert company[acct] in body and other not in body, body
        note = thanks[0].get_body(preferencelist=("plain",)).get_content()
        assert note.rstrip().endswith(name) and "Careers Service" not in note, note
        assert thanks[0]["From"].addresses[0].display_name == name
    with store.transaction() as conn:
        assert sorted((d.week, d.account) for d in journal.saved_digests(conn)) == [
            (week, acct) for week in ("2026-W09", "2026-W10") for acct in ("ana", "ben")]
    store.close()
    cfg = _cli_config(tmp_path, {acct: name for acct, (name, _addr) in SEEKERS.items()})
    preview = run_cli(cfg, "digest", "--preview", "--account", "ben")
    assert preview.returncode == 0 and "Nordwind" not in preview.stdout and "Northwind" not in preview.stdout
    listed = json.loads(run_cli(cfg, "digest", "--json", "--account", "ana").stdout)
    assert sorted(d["account"] for d in listed) == ["ana", "ana"]


HELIX = "Helix Robotics Talent <talent@helix-robotics.example>"


def _helix(acct: str, subject: str, body: str, when: datetime, mid: str, parent: str | None = None) -> bytes:
    return samples.build_email(from_=HELIX, to="undisclosed-recipients:;" if parent is None else SEEKERS[acct][1],
                               subject=subject, body=body, date=when, message_id=mid, in_reply_to=parent,
                               references=[parent] if parent else ())


def test_one_email_to_two_seekers_is_news_for_each_in_their_own_account(tmp_path, model):
    """A company's group rejection reaches two job seekers under one Message-ID (the recipients in Bcc): each
    seeker's application is rejected, in their own account - none lost, no check-in asking a company that said no
    - and a later note in that thread to one seeker joins that seeker's application only."""
    store, boxes, agents = _seekers(tmp_path, model)
    start = MONDAY - timedelta(days=20)
    group = "<group-rejection@helix-robotics.example>"
    for acct in SEEKERS:
        for raw in (_helix(acct, "Application received: Graduate Engineer", "Hi,\n\nThanks for applying to the "
                           "Graduate Engineer programme at Helix Robotics. We have received your application and will "
                           "be in touch.\n\nHelix Robotics Talent Team\n", start, f"<ack-{acct}@helix-robotics.example>"),
                    _helix(acct, "Your application: Graduate Engineer", "Dear candidate,\n\nThank you for applying to "
                           "the Graduate Engineer programme at Helix Robotics. Unfortunately we will not be moving "
                           "forward with your application at this time.\n\nWe wish you every success in your search."
                           "\n\nHelix Robotics Talent Team\n", MONDAY - timedelta(days=2), group)):
            boxes[acct].deliver("INBOX", raw, parse_message(raw).date)
    for acct in SEEKERS:
        agents[acct].run_pass(MONDAY)
    with store.transaction() as conn:
        apps = {a.account: a for a in store.list_outcomes(conn)}
        assert {acct: a.status for acct, a in apps.items()} == {"ana": "rejected", "ben": "rejected"}
        assert sorted((e.account, e.application_id) for e in store.list_events(conn) if e.message_id == group) == [
            ("ana", apps["ana"].id), ("ben", apps["ben"].id)]
        assert [f.kind for f in store.list_followups(conn) if f.kind == "check_in" and f.status != "cancelled"] == []
    note = _helix("ben", "Re: Your application: Graduate Engineer", "Hi Ben,\n\nAs promised, here is the feedback "
                  "from the panel: strong maths, less hands-on robotics experience than the other candidates. We hope "
                  "you apply again next year.\n\nHelix Robotics Talent Team\n", MONDAY + timedelta(hours=2),
                  "<feedback-ben@helix-robotics.example>", parent=group)
    boxes["ben"].deliver("INBOX", note, parse_message(note).date)
    agents["ben"].run_pass(MONDAY + timedelta(hours=3))
    with store.transaction() as conn:
        assert {m.application_id for m in store.list_events(conn) if m.account == "ben"} == {apps["ben"].id}
        assert "<feedback-ben@helix-robotics.example>" not in store.thread_message_ids(conn, apps["ana"].id)
    store.close()


def test_a_seekers_followups_listing_names_no_other_seekers_application(tmp_path, model):
    """``followups --account ana`` lists Ana's follow-ups and Ana's interviews whose time is unknown - never
    Ben's (the adviser shows a seeker their own listing)."""
    store, boxes, agents = _seekers(tmp_path, model)
    raw = samples.interview("Nordwind Energie", "Elektroniker", "Markus Weber", "markus.weber@nordwind.example",
                            MONDAY - timedelta(days=1), "<iv-ben@nordwind.example>")
    boxes["ben"].deliver("INBOX", raw, parse_message(raw).date)
    agents["ben"].run_pass(MONDAY)
    store.close()
    cfg = tmp_path / "onward.toml"
    cfg.write_text("".join(f'[accounts.{acct}]\nhost = "imap.example"\nusername = "{addr}"\nyour_name = "{name}"\n'
                           for acct, (name, addr) in SEEKERS.items())
                   + f'[storage]\ndatabase = "sqlite:///{tmp_path / "onward.db"}"\n', encoding="utf-8")
    cfg.chmod(0o600)
    ben = run_cli(cfg, "followups", "--account", "ben")
    assert ben.returncode == 0 and "Nordwind Energie" in ben.stdout, ben.stderr
    ana = run_cli(cfg, "followups", "--account", "ana")
    assert ana.returncode == 0 and "Nordwind" not in ana.stdout + ana.stderr, ana.stdout


def _cli_config(tmp_path: Path, names: dict[str, str | None]) -> Path:
    cfg = tmp_path / "onward.toml"
    cfg.write_text("".join(f'[accounts.{acct}]\nhost = "imap.example"\nusername = "{acct}@seekers.example"\n'
                           + (f'your_name = "{name}"\n' if name else "") for acct, name in names.items())
                   + '[followup]\nyour_name = "Alex Doe"\n'
                   + f'[storage]\ndatabase = "sqlite:///{tmp_path / "onward.db"}"\n', encoding="utf-8")
    cfg.chmod(0o600)
    return cfg


def test_an_application_added_by_hand_is_the_named_seekers_and_never_guessed(tmp_path):
    """``onward add`` files the application - and so its check-in's draft - under an account: with accounts of
    several people it must be told whose (``--account``), else exit 2; one person's accounts take the first."""
    cfg = _cli_config(tmp_path, {"ana": "Ana Lee", "ben": "Ben Krüger"})
    guessed = run_cli(cfg, "add", "--company", "Siemens", "--role", "Elektroniker")
    assert guessed.returncode == 2 and "--account NAME is needed" in guessed.stderr, guessed.stderr
    added = run_cli(cfg, "add", "--company", "Siemens", "--role", "Elektroniker", "--account", "ben", "--json")
    assert added.returncode == 0, added.stderr
    [row] = json.loads(run_cli(cfg, "outcomes", "--json").stdout)
    assert (row["company"], row["account"]) == ("Siemens", "ben")
    assert run_cli(cfg, "add", "--company", "X", "--role", "Y", "--account", "nobody").returncode == 2
    (tmp_path / "one").mkdir()
    one = _cli_config(tmp_path / "one", {"home": None, "work": None})  # one person's two mailboxes
    assert run_cli(one, "add", "--company", "Acme", "--role", "Engineer").returncode == 0
    assert [r["account"] for r in json.loads(run_cli(one, "outcomes", "--json").stdout)] == ["home"]


def test_a_seeker_without_an_address_of_their_own_is_refused_not_sent_from_the_advisers():
    """Usernames that are no addresses and one shared ``followup.from_address``: a seeker signed with their own
    name would have drafts From the adviser's address (and a digest To it) - refused, naming the key."""
    accounts = {acct: {"host": "imap.example", "username": acct, "password_env": "X", "your_name": name}
                for acct, (name, _addr) in SEEKERS.items()}
    shared = {"your_name": "Careers Service", "from_address": "careers@uni.example"}
    with pytest.raises(ConfigError, match=r"accounts\.ana\.from_address is missing"):
        parse_settings({"accounts": accounts, "followup": shared})
    accounts = {acct: {**a, "from_address": SEEKERS[acct][1]} for acct, a in accounts.items()}
    by = {s.account: s.followup.from_address for s in parse_settings({"accounts": accounts,
                                                                       "followup": shared}).select(None)}
    assert by == {acct: addr for acct, (_name, addr) in SEEKERS.items()}
    one = {"home": {"host": "imap.example", "username": "me", "password_env": "X"}}  # the shared person: fine
    assert parse_settings({"accounts": one, "followup": shared}).select(None)[0].followup.from_address == \
        "careers@uni.example"


def test_a_thread_id_another_pass_took_meanwhile_stays_that_threads_and_fails_no_pass(store_url):
    """Two workers record the same group email for two seekers at the same moment: each pass read that no thread
    holds its Message-ID, the first to commit takes it, the other's insert leaves it - before, the second pass
    failed on the thread's key (and was redone)."""
    store = Store.open(store_url)
    try:
        with store.transaction() as conn:
            ana, ben = (store.create_application(conn, company="Helix", company_key="helix", role="Engineer",
                                                 status="rejected", message_id="<g@helix.example>", subject="No",
                                                 now=MONDAY, account=acct) for acct in ("ana", "ben"))
        with store.transaction() as conn:
            store.add_thread_ids(conn, [("<g@helix.example>", ana)])
        with store.transaction() as conn:
            store.add_thread_ids(conn, [("<g@helix.example>", ben), ("<reply@helix.example>", ben)])
        with store.transaction() as conn:
            assert store.thread_message_ids(conn, ana) == {"<g@helix.example>"}
            assert store.thread_message_ids(conn, ben) == {"<reply@helix.example>"}
    finally:
        store.close()
