"""Rules the 6 Dec mutation run found unguarded (its survivors, see docs/reliability.md, "Mutation
audit"), each pinned by its behaviour: whole passes over the in-memory mailbox with a real SQLite file
and the real model where the rule acts in a pass, the function itself where it is a pure rule."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from email.parser import BytesParser
from email.policy import default
from types import SimpleNamespace
from typing import cast
from zoneinfo import ZoneInfo

import pytest

from agent.config import parse_settings
from agent.demo import samples
from agent.followups.facts import draft_language
from agent.followups.kinds import interview_thanks_due, interview_thanks_in_time
from agent.followups.language import first_name
from agent.followups.rules import REASON_REPLIED_IN_THREAD, REASON_WROTE_TO_CONTACT
from agent.followups.notes import NoteFacts, greeted
from agent.followups.user_actions import ActionRefused, apply
from agent.record.followup_rows import Followup, FollowupKind, FollowupStatus
from agent.mail.imap import FolderStatus
from agent.mail.memory import MemoryMailbox
from agent.pipeline import Agent
from agent.record.applications import contact_name_from_signature
from tests import followup_samples as fs
from tests.unit.memory_world import deliver, memory_world
from tests.unit.test_architecture import _loaded_after as loaded_after
from tests.unit.test_newmail import _world as newmail_world

T0 = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)  # a Tuesday


@pytest.fixture
def world(tmp_path, model):
    box, agent, store = memory_world(tmp_path, model, lookback_days=90)
    yield box, agent, store
    store.close()


def _fus(store, kind=None):
    with store.transaction() as conn:
        return [f for f in store.list_followups(conn) if kind is None or f.kind == kind]


def _ack(when=T0, mid="<a1@initech.example>"):
    return fs.role_ack("Initech", "QA Lead", when, mid)  # from a no-reply ATS: nobody to write to


def _rejection(when):
    return fs.role_rejection("Initech", "QA Lead", "Initech Talent <talent@initech.example>", when,
                             "<r1@initech.example>")


def _act(agent, store, fid, action, when, values=None):
    """What ``onward followups ACTION ID`` does. The action word is built at run time, as argparse gives
    it from sys.argv: never the very object of the literal in the code (``is "skip"`` would fail)."""
    with store.transaction() as conn:
        apply(store, conn, agent.settings.followup, fid, "".join(list(action)), when, values)


# -- onward followups skip|set|restore ---------------------------------------------------------------

def test_restore_brings_back_only_a_cancelled_check_in_of_an_open_application(world):
    box, agent, store = world
    deliver(box, _ack())
    agent.run_pass(T0 + timedelta(days=15), draft=False)
    [fu] = _fus(store, FollowupKind.CHECK_IN)
    assert fu.status == FollowupStatus.NEEDS_RECIPIENT and not fu.draft_message_id
    now = T0 + timedelta(days=15, hours=1)
    with pytest.raises(ActionRefused) as refused:  # open: nothing to restore
        _act(agent, store, fu.id, "restore", now)
    assert str(refused.value) == (f"follow-up {fu.id} cannot be restored: it is needs_recipient (only a "
                                  "cancelled follow-up without a draft can)")
    _act(agent, store, fu.id, "skip", now)
    [got] = _fus(store, FollowupKind.CHECK_IN)
    assert (got.status, got.reason) == (FollowupStatus.CANCELLED, "skipped by you")
    _act(agent, store, fu.id, "restore", now)  # the application is still open: a check-in may come back
    [got] = _fus(store, FollowupKind.CHECK_IN)
    assert (got.status, got.reason, got.to_addr) == (FollowupStatus.NEEDS_RECIPIENT, "restored by you", None)
    _act(agent, store, fu.id, "set", now, {"to_addr": "jane@initech.example", "to_name": "Jane"})
    _act(agent, store, fu.id, "skip", now)
    _act(agent, store, fu.id, "restore", now)
    [got] = _fus(store, FollowupKind.CHECK_IN)
    assert (got.status, got.to_addr) == (FollowupStatus.SCHEDULED, "jane@initech.example")
    _act(agent, store, fu.id, "skip", now)
    deliver(box, _rejection(T0 + timedelta(days=16)))
    agent.run_pass(T0 + timedelta(days=16, hours=1), draft=False)
    with pytest.raises(ActionRefused) as refused:  # a check-in would ask a company that said no for news
        _act(agent, store, fu.id, "restore", T0 + timedelta(days=16, hours=2))
    assert "was rejected or got an offer" in str(refused.value)
    assert _fus(store, FollowupKind.CHECK_IN)[0].status == FollowupStatus.CANCELLED


def test_a_check_in_cancelled_with_its_draft_saved_is_not_offered_for_restore(world):
    box, agent, store = world
    deliver(box, _ack())
    agent.run_pass(T0 + timedelta(days=16))  # saved in Drafts (without a recipient)
    deliver(box, _rejection(T0 + timedelta(days=17)))
    agent.run_pass(T0 + timedelta(days=17, hours=1))  # rejected since: the saved check-in is cancelled
    [fu] = _fus(store, FollowupKind.CHECK_IN)
    assert fu.status == FollowupStatus.CANCELLED and fu.draft_message_id
    for action in ("skip", "set"):
        with pytest.raises(ActionRefused) as refused:
            _act(agent, store, fu.id, action, T0 + timedelta(days=18),
                 {"to_addr": "jane@initech.example"} if action == "set" else None)
        assert str(refused.value) == f"follow-up {fu.id} cannot be changed: its draft is already in Drafts"


# -- the user's own mail in Sent cancels a thank-you ------------------------------------------------

def _person_rejection(company, person, addr, when, mid):
    return samples.rejection(company, "Engineer", f"{person} <{addr}>", when, mid)


def _mail_to(addr, when, mid, in_reply_to=None):
    return samples.build_email(from_=samples.USER, to=addr, subject="Re: Your application" if in_reply_to else "Hello",
                               date=when, message_id=mid, in_reply_to=in_reply_to,
                               references=[in_reply_to] if in_reply_to else [],
                               body="Dear Jane, thank you for letting me know. Alex")


def _thanks(store, company_id):
    with store.transaction() as conn:
        [fu] = [f for f in store.list_followups(conn)
                if f.kind == FollowupKind.REJECTION_THANKS and f.application_id == company_id]
    return fu


def _app_id(store, company):
    with store.transaction() as conn:
        [app] = [a for a in store.list_outcomes(conn) if a.company == company]
    return app.id


def test_only_the_users_mail_after_the_rejection_cancels_the_thank_you(world):
    box, agent, store = world
    rejected = T0 + timedelta(days=3)
    deliver(box, _person_rejection("Acme", "Jane Miller", "jane@acme.example", rejected, "<r1@acme.example>"))
    agent.run_pass(rejected + timedelta(hours=1), draft=False)
    app = _app_id(store, "Acme")
    assert _thanks(store, app).status == FollowupStatus.SCHEDULED
    box.deliver("Sent", b"\r\n\r\nno header at all", rejected)  # unreadable: skipped, the others still read
    deliver(box, _mail_to("Jane Miller <jane@acme.example>", rejected - timedelta(hours=2), "<before@example.org>"),
            "Sent")  # written before the rejection: not an answer to it
    agent.run_pass(rejected + timedelta(hours=2), draft=False)
    assert _thanks(store, app).status == FollowupStatus.SCHEDULED
    deliver(box, _mail_to("Jane Miller <jane@acme.example>", rejected + timedelta(hours=3), "<after@example.org>",
                          in_reply_to="<r1@acme.example>"), "Sent")
    agent.run_pass(rejected + timedelta(hours=4), draft=False)
    fu = _thanks(store, app)
    assert (fu.status, fu.reason, fu.ended_by) == (FollowupStatus.CANCELLED, REASON_REPLIED_IN_THREAD,
                                                   "<after@example.org>")


def test_a_restored_thank_you_is_kept_and_the_next_one_still_cancelled_by_the_users_mail(world):
    box, agent, store = world
    rejected = T0 + timedelta(days=3)
    deliver(box, _person_rejection("Acme", "Jane Miller", "jane@acme.example", rejected, "<r1@acme.example>"))
    deliver(box, _person_rejection("Globex", "Hank Scorpio", "hank@globex.example", rejected, "<r2@globex.example>"))
    agent.run_pass(rejected + timedelta(hours=1), draft=False)
    acme, globex = _app_id(store, "Acme"), _app_id(store, "Globex")
    restored = _thanks(store, acme)
    with store.transaction() as conn:  # the restored one is looked at first
        assert [f.application_id for f in store.open_followups(conn)] == [acme, globex]
    _act(agent, store, restored.id, "skip", rejected + timedelta(hours=1))
    _act(agent, store, restored.id, "restore", rejected + timedelta(hours=1))
    deliver(box, _mail_to("Jane Miller <jane@acme.example>", rejected + timedelta(hours=2), "<m1@example.org>"), "Sent")
    deliver(box, _mail_to("Hank Scorpio <hank@globex.example>", rejected + timedelta(hours=2), "<m2@example.org>"),
            "Sent")
    agent.run_pass(rejected + timedelta(hours=3), draft=False)
    assert _thanks(store, acme).status == FollowupStatus.SCHEDULED  # the user asked for it back
    got = _thanks(store, globex)
    assert (got.status, got.reason) == (FollowupStatus.CANCELLED, REASON_WROTE_TO_CONTACT)


def test_a_reply_sent_the_second_the_draft_was_saved_is_the_follow_up_sent(tmp_path, model):
    from tests.unit.test_insights_passes import _drafted_followup, _followup, _sent_reply, make_world
    box, agent, store = make_world(tmp_path, model)
    try:
        _fid, drafted_at = _drafted_followup(box, agent, store)
        deliver(box, _sent_reply("Jane Miller <jane@acme.example>", drafted_at), "Sent")  # Date: to the second
        agent.run_pass(drafted_at + timedelta(hours=1))
        fu = _followup(store)
        assert fu.status == FollowupStatus.SENT and datetime.fromisoformat(fu.sent_at) == drafted_at
    finally:
        store.close()


# -- an interview's thank-you: when it is due, until when it makes sense --------------------------------

BERLIN = ZoneInfo("Europe/Berlin")


def _berlin(day, hour, minute=0):
    return datetime(2026, 9, day, hour, minute, tzinfo=BERLIN)


@pytest.mark.parametrize("end, due", [
    (_berlin(2, 13), _berlin(2, 15)),            # two hours after the end
    (_berlin(2, 15, 59), _berlin(2, 17, 59)),
    (_berlin(2, 16), _berlin(2, 18)),            # 18:00 is still the same evening
    (_berlin(2, 16, 30), _berlin(3, 9)),         # 18:30: the next morning at 09:00
    (_berlin(2, 4), _berlin(2, 9)),              # 06:00: the same morning at 09:00
    (_berlin(2, 6, 59), _berlin(2, 9)),
    (_berlin(2, 7), _berlin(2, 9)),              # 09:00 itself
    (_berlin(2, 7, 1), _berlin(2, 9, 1)),
])
def test_an_interview_thank_you_is_due_two_hours_after_and_never_in_the_night(end, due):
    assert interview_thanks_due(end, BERLIN) == due.astimezone(UTC)


@pytest.mark.parametrize("after, in_time", [
    (timedelta(hours=22, minutes=30), True), (timedelta(hours=23, minutes=30), True), (timedelta(hours=24), True),
    (timedelta(hours=24, minutes=30), False), (timedelta(hours=25), False), (timedelta(days=3), False),
])
def test_an_interview_thank_you_makes_sense_for_twenty_four_hours(after, in_time):
    end = datetime(2026, 9, 2, 15, 0, tzinfo=UTC)
    assert interview_thanks_in_time(end, end + after) is in_time


@pytest.mark.parametrize("name, first", [("Doe, Jane, PhD", "Jane"), ("Doe, Jane Ann, MBA", "Jane"),
                                         ("Doe, Jane", "Jane")])
def test_a_surname_first_name_is_greeted_by_the_first_name_without_its_comma(name, first):
    assert first_name(name) == first


# -- reading new mail ---------------------------------------------------------------------------------

class NoUidnextBox(MemoryMailbox):
    """A server that reports no UIDNEXT (neither in EXAMINE nor in STATUS)."""

    def examine(self, folder: str) -> FolderStatus:
        return dataclasses.replace(super().examine(folder), uidnext=None)


def test_without_uidnext_an_empty_folder_resumes_at_its_first_email(tmp_path, model):
    box, settings, store, _agent = newmail_world(tmp_path, model)
    box = NoUidnextBox(folders=("INBOX", "Drafts", "Sent"))
    agent = Agent(settings, store, model, password="unused", client=lambda: box)
    try:
        assert agent.run_pass(T0).errors == []  # empty: nothing to read, the mark is "before UID 1"
        deliver(box, fs.role_ack("Initech", "QA Lead", T0 + timedelta(hours=1), "<a1@initech.example>"))
        deliver(box, fs.role_ack("Globex", "Analyst", T0 + timedelta(hours=2), "<g1@globex.example>"))
        report = agent.run_pass(T0 + timedelta(hours=3))
        assert (report.fetched, report.errors) == (2, [])
        box.create("INBOX", uidvalidity=77)  # a new folder under the same name, holding mail already
        deliver(box, fs.role_ack("Umbrella", "Tester", T0 + timedelta(hours=4), "<u1@umbrella.example>"))
        deliver(box, fs.role_ack("Hooli", "Tester", T0 + timedelta(hours=4), "<h1@hooli.example>"))
        agent.run_pass(T0 + timedelta(hours=5))
        deliver(box, fs.role_ack("Soylent", "Chemist", T0 + timedelta(hours=6), "<s1@soylent.example>"))
        report = agent.run_pass(T0 + timedelta(hours=7))
        assert (report.fetched, report.errors) == (1, [])  # after everything the new folder held
    finally:
        store.close()



# -- the recruiter's name from a sign-off -------------------------------------------------------------

NAME_40 = "Maximiliana Alexandra Konstantin Schmidt"  # 40 characters: the longest name taken
NAME_41 = "Maximiliana Alexandra Konstantina Schmidt"


@pytest.mark.parametrize("text, name", [
    (f"We will not move forward.\n\nBest,\n{NAME_40}\nRecruiter", NAME_40),
    (f"We will not move forward.\n\nBest,\n{NAME_41}\nRecruiter", None),  # longer: a sentence, not a name
    ("Thank you.\n\nBest,\n \nJane Smith", "Jane Smith"),   # a blank line between: the second line
    ("Thank you.\n\nBest,\n \n \nJane Smith", None),        # only the two lines after the sign-off
    # the first line after the sign-off is the team, not a name: what follows is not the signer
    ("Thank you.\n\nKind regards,\nThe Acme Talent Team\nMain Street", None),
    ("Many thanks,\nBest - the Acme team\nMain Street", None),  # a sign-off again, with no later match
])
def test_the_signer_is_the_first_line_after_the_sign_off_and_a_name(text, name):
    assert contact_name_from_signature(text) == name


def test_a_signature_is_read_in_the_first_30000_characters():
    signed = "We will not move forward.\n\nBest,\nJane Smith"
    text = "x" * (30_000 - len(signed)) + signed + "son"  # the text's 30,000th character is the h
    assert contact_name_from_signature(text) == "Jane Smith"


# -- what the note says ---------------------------------------------------------------------------------

def _note(company, contact):
    return NoteFacts(kind="check_in", stage="after_application", language="en", today=T0.date(),
                     company=company, contact=contact)


@pytest.mark.parametrize("company, contact, name", [
    ("", "Jane Smith", "Jane Smith"),                                # no company known: the person
    ("Acme", "Jane Smith", "Jane Smith"),
    ("Baker McKenzie", "Baker McKenzie", None),                      # the firm's own name is nobody
    ("Baker McKenzie International", "Baker McKenzie", None),        # a part of the company's name
    ("Baker", "Baker McKenzie", None),                               # holding the company's name
])
def test_the_greeting_names_a_person_never_the_company(company, contact, name):
    assert greeted(_note(company, contact)) == name


@pytest.mark.parametrize("domains, tag", [(("empresa.pt",), "pt-PT"), (("empresa.com.br",), "pt-BR"),
                                          (("empresa.example",), "pt-BR")])
def test_a_portuguese_draft_follows_the_company_and_is_brazilian_without_a_hint(domains, tag):
    settings = parse_settings({"followup": {"your_name": "Alex Doe", "from_address": "alex@example.org"}}).followup
    fu = cast(Followup, SimpleNamespace(language="pt"))
    assert draft_language(fu, settings, "Candidatura", domains) == tag


def test_a_template_is_told_check_in_2_after_the_first_check_in_was_sent(tmp_path, model):
    own = tmp_path / "templates" / "check_in"
    own.mkdir(parents=True)
    (own / "after_application.en.txt.j2").write_text("{{ salutation }}\n\nCheck-in number {{ check_in }}.\n")
    box, agent, store = memory_world(tmp_path, model, lookback_days=90,
                                     followup={"max_check_ins": 2, "templates_dir": str(tmp_path / "templates")})
    try:
        deliver(box, _ack())
        agent.run_pass(T0 + timedelta(days=5), draft=False)
        agent.run_pass(T0 + timedelta(days=15), draft=False)
        [first] = _fus(store, FollowupKind.CHECK_IN)
        _act(agent, store, first.id, "set", T0 + timedelta(days=15), {"to_addr": "jane@initech.example"})
        agent.run_pass(datetime.fromisoformat(_fus(store)[0].due_at) + timedelta(minutes=1))
        [first] = _fus(store, FollowupKind.CHECK_IN)
        assert first.status == FollowupStatus.DRAFTED
        sent_at = datetime.fromisoformat(first.drafted_at) + timedelta(hours=1)
        deliver(box, samples.build_email(from_=samples.USER, to="jane@initech.example", subject="Re: QA Lead",
                                         date=sent_at, message_id=first.draft_message_id,
                                         in_reply_to="<a1@initech.example>", references=["<a1@initech.example>"],
                                         body="Check-in number 1."), "Sent")  # sent as saved
        for days in (1, 30, 60):
            agent.run_pass(sent_at + timedelta(days=days))
        check_ins = _fus(store, FollowupKind.CHECK_IN)
        # the second is saved to Jane: nobody at the company has written, and she is whom the user chose
        assert [(f.status, f.to_addr, bool(f.draft_message_id)) for f in check_ins] == [
            (FollowupStatus.SENT, "jane@initech.example", True), (FollowupStatus.DRAFTED, "jane@initech.example", True)]
        bodies = [BytesParser(policy=default).parsebytes(raw).get_content() for raw in box.raw_messages("Drafts")]
        assert ["number 1." in b for b in bodies] == [True, False]
        assert ["number 2." in b for b in bodies] == [False, True]
    finally:
        store.close()


@pytest.mark.parametrize("missing, present", [("rejection", "interview"), ("interview", "rejection")])
def test_a_missing_training_folder_does_not_stop_the_others_whatever_their_order(tmp_path, model, missing, present):
    box, _settings, store, agent = newmail_world(tmp_path, model, training={missing: "Train/Missing",
                                                                            present: "Train/Present"})
    try:
        del box.folders["Train/Missing"]  # the world made every training folder: this one does not exist
        box.deliver("Train/Present", samples.rejection("Globex", "Analyst", "Tom <tom@globex.example>",
                                                       T0 - timedelta(days=2), "<i1@globex.example>"),
                    T0 - timedelta(days=2))
        assert agent().run_pass(T0, draft=False).examples == 1
        with store.transaction() as conn:
            assert [(e.message_id, e.label) for e in store.list_examples(conn)] == [("<i1@globex.example>", present)]
    finally:
        store.close()


@pytest.mark.parametrize("module", ["agent.record.analysis", "agent.record.outcomes"])
def test_the_record_stage_loads_no_classifier(module):
    """The classifier (numpy) loads where messages are classified, not where their outcome is recorded."""
    assert not {"numpy", "agent.model.classifier"} & loaded_after(module), module
