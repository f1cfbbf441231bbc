"""The two-mailboxes persona without a server: one job seeker, two accounts over in-memory mailboxes (the real
pass, SQLite, the real model). The same company written to from both addresses; its mail to one address
citing the other's thread."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

from agent.demo import samples
from agent.followups.rules import match_copies
from agent.insights.digest import compose
from agent.insights.stats import AppFacts, DraftWaiting, Recorded
from agent.mail.imap import MailboxError
from agent.mail.parse import email_text, parse_message
from agent.model.classifier import EmailText
from agent.record.store.messages import review_counts
from tests.unit.test_accounts import NOW, _two_accounts
from tests.unit.test_accounts import model as model  # noqa: F401 - the module's fixture
from tests import followup_samples as fs
from tests.helpers import run_cli
from tests.unit.memory_world import deliver, memory_world
from tests.unit.test_sent_copy_text import FILLER, INVITATION, LANGS, NOTES, T0, _drafted, _edit, _note, _sent

JULIA = "Julia Becker <julia.becker@nordwind-gmbh.de>"
MARKUS = "Markus Weber <markus.weber@nordwind-gmbh.de>"


def _deliver(box, raw: bytes) -> None:  # type: ignore[no-untyped-def]
    box.deliver("INBOX", raw, parse_message(raw).date)


def _mail(sender: str, to: str, subject: str, body: str, days: float, mid: str, parent: str | None = None,
          refs: tuple[str, ...] = ()) -> bytes:
    return samples.build_email(from_=sender, to=to, subject=subject, body=body, date=NOW + timedelta(days=days),
                               message_id=mid, in_reply_to=parent, references=(*refs, parent) if parent else ())


HOME_REJECTION = ("Sehr geehrter Herr Doe,\n\nnochmals vielen Dank für Ihr Interesse an der Position als Datenanalyst. "
                  "Nach eingehender Prüfung haben wir uns leider für eine Kandidatin entschieden, deren Profil noch "
                  "besser zu unseren Anforderungen passt.\n\nMit freundlichen Grüßen\nJulia Becker\nNordwind GmbH\n")
WORK_INVITATION = ("Guten Tag Herr Doe,\n\nvielen Dank für das angenehme Gespräch. Wir möchten Sie gern zu einer "
                   "zweiten Runde mit unserer Bereichsleiterin einladen, vor Ort in Hamburg. Passt Ihnen der "
                   "Donnerstag um 14 Uhr?\n\nViele Grüße\nMarkus Weber\nTeamleiter Backend, Nordwind GmbH\n")
HOME_NOTE = ("Hallo Herr Doe,\n\nich habe gesehen, dass Sie uns auch von dieser Adresse geschrieben haben, daher "
             "zur Sicherheit noch einmal hierher: Bitte bringen Sie zum zweiten Gespräch einen Ausweis für den "
             "Empfang mit.\n\nViele Grüße\nMarkus Weber\n\n> Wir möchten Sie gern zu einer zweiten Runde mit "
             "unserer Bereichsleiterin einladen, vor Ort in Hamburg.\n")


def test_mail_to_one_address_citing_the_other_accounts_thread_leaves_that_accounts_rejection_alone(tmp_path, model):
    """Nordwind rejected the application of the home address; the interview of the work address goes on, and
    its recruiter writes to the home address too, citing the work thread: the home application stays rejected
    with its thank-you, the note is the work application's (docs/behaviour.md, which account)."""
    _settings, store, boxes, agents = _two_accounts(tmp_path, model)
    _deliver(boxes["home"], _mail(JULIA, "me@home.example", "Ihre Bewerbung als Datenanalyst (m/w/d)",
                                  HOME_REJECTION, 0, "<rej@nordwind-gmbh.de>"))
    _deliver(boxes["work"], _mail(MARKUS, "me@work.example", "Einladung zum zweiten Gespräch: Backend-Entwickler",
                                  WORK_INVITATION, 0.2, "<inv2@nordwind-gmbh.de>"))
    for name in ("home", "work"):
        agents[name].run_pass(NOW + timedelta(days=0.5))
    _deliver(boxes["home"], _mail(MARKUS, "me@home.example", "Fwd: Einladung zum zweiten Gespräch: Backend-Entwickler",
                                  HOME_NOTE, 0.6, "<note@nordwind-gmbh.de>", "<inv2@nordwind-gmbh.de>"))
    agents["home"].run_pass(NOW + timedelta(days=0.7))
    with store.transaction() as conn:
        apps = {(a.account, a.status) for a in store.list_outcomes(conn)}
        fus = store.list_followups(conn)
    assert apps == {("home", "rejected"), ("work", "interview")}, apps
    [thanks] = [f for f in fus if f.kind == "rejection_thanks"]
    assert (thanks.account, thanks.status, thanks.to_addr) == ("home", "scheduled", "julia.becker@nordwind-gmbh.de")
    store.close()


# -- a draft sent to another person than Onward chose --------------------------------------------------


@settings(max_examples=120, deadline=None)
@given(note=st.sampled_from(NOTES), lang=st.sampled_from(LANGS),
       edits=st.lists(st.tuples(st.integers(0, 500), st.integers(0, 2), st.integers(0, len(FILLER) - 1)), max_size=2),
       days_later=st.integers(0, 50))
def test_a_draft_sent_weeks_later_to_another_person_is_sent_and_a_note_of_ones_own_is_not(note, lang, edits,
                                                                                          days_later):
    """The user sends Onward's draft (a few words edited), however late within the sent window, to another
    person at the company than the one Onward chose: after one look at its text it is that draft, sent, to
    that person; a note of the user's own words to that person in the thread is not the draft."""
    text = _note(note[0], note[1], lang, "Tidewater", "Junior Data Scientist", "Tom Hartley")
    [draft] = [_drafted(1, 3, text)]
    threads = {1: {INVITATION}}
    at = T0 + timedelta(days=3 + days_later, hours=5)
    copy = _sent("<copy@client>", at, _edit(text, edits), to="Sarah Cole <sarah.cole@acmerobotics.test>")
    first = match_copies([draft], threads, [copy], {})
    assert (first.copies, first.needs_text) == ({}, ["<copy@client>"])
    found = match_copies([draft], threads, [copy], {"<copy@client>": copy.text})
    assert ({k: m.message_id for k, m in found.copies.items()}, found.needs_text) == ({1: "<copy@client>"}, [])
    own = _sent("<own@client>", at, "Hi Sarah,\n\nTom said you lead the team now. Could we have a call?\n\nAlex",
                to="Sarah Cole <sarah.cole@acmerobotics.test>")
    assert match_copies([draft], threads, [own], {"<own@client>": own.text}).copies == {}


# -- a typo in a folder name --------------------------------------------------------------------------


def test_a_sent_folder_the_config_names_that_does_not_exist_stops_the_pass_instead_of_seeing_no_replies(tmp_path,
                                                                                                      model):
    """``sent_folder = "Gesendet"`` where the server has "Sent": once a follow-up is open, the pass that looks
    for the user's replies fails with the config error naming the folder, rather than seeing no replies and
    drafting to a company the user already answered."""
    box, agent, store = memory_world(tmp_path, model, imap={"sent_folder": "Gesendet"})
    deliver(box, samples.rejection("Tidewater", "Junior Data Scientist", "Tom Hartley <tom.hartley@tidewater.test>",
                                   NOW - timedelta(days=1), "<t1@tidewater.test>"))
    with pytest.raises(MailboxError, match="Gesendet"):
        agent.run_pass(NOW)
    store.close()


# -- the listings --------------------------------------------------------------------------------------


def test_the_listings_say_which_account_each_row_is_of_when_there_are_several(tmp_path, model):
    """One company rejected the application of each address: ``onward outcomes`` and ``followups`` show two
    rows each, told apart (and whose Drafts each draft goes to) by an ACCOUNT column; one account's rows alone
    (``--account``) need none."""
    _settings, store, boxes, agents = _two_accounts(tmp_path, model)
    for name in ("work", "home"):
        _deliver(boxes[name], _mail(JULIA, f"me@{name}.example", "Ihre Bewerbung", HOME_REJECTION, 0,
                                    f"<rej-{name}@nordwind-gmbh.de>"))
        agents[name].run_pass(NOW + timedelta(days=0.5))
    store.close()
    cfg = tmp_path / "onward.toml"
    cfg.write_text("".join(f'[accounts.{n}]\nhost = "{n}.example"\nusername = "me@{n}.example"\npassword_env = "X"\n\n'
                           for n in ("work", "home"))
                   + f'[followup]\nyour_name = "Alex Doe"\n\n[storage]\ndatabase = "sqlite:///{tmp_path / "onward.db"}"\n')
    cfg.chmod(0o600)
    for command in ("outcomes", "followups", "events"):
        done = run_cli(cfg, command)
        assert done.returncode == 0, done.stderr
        header, *lines = done.stdout.splitlines()
        assert header.split()[1] == "ACCOUNT", done.stdout
        assert sorted(line.split()[1] for line in lines[:2]) == ["home", "work"], done.stdout
        only = run_cli(cfg, command, "--account", "home")
        assert "ACCOUNT" not in only.stdout.splitlines()[0], only.stdout


# -- the weekly digest ---------------------------------------------------------------------------------


def test_the_digest_says_in_which_accounts_drafts_each_draft_waits_when_there_are_several():
    """The digest is saved in one account's Drafts; a draft of the other account waits in that account's
    Drafts (on another server, under another folder name): the digest names the account of each draft."""
    saved = datetime(2026, 11, 4, 10, 0, tzinfo=UTC)
    apps = [AppFacts(1, "Nordwind GmbH", "Datenanalyst", "rejected", saved, account="personal"),
            AppFacts(2, "Nordwind GmbH", "Backend-Entwickler", "rejected", saved, account="jobs")]
    waiting = [DraftWaiting(1, "rejection_thanks", saved.isoformat(), "julia@nordwind.test"),
               DraftWaiting(2, "rejection_thanks", saved.isoformat(), "markus@nordwind.test")]
    body = compose(Recorded(apps, [], [], [], waiting), "2026-W46", UTC).body
    assert "Datenanalyst: thank-you after the rejection (saved Wed 4 Nov in the Drafts of account personal)" in body
    assert "Backend-Entwickler: thank-you after the rejection (saved Wed 4 Nov in the Drafts of account jobs)" in body
    alone = compose(Recorded(apps[:1], [], [], [], waiting[:1]), "2026-W46", UTC).body
    assert "(saved Wed 4 Nov)" in alone


def test_a_rejection_sent_to_the_other_address_citing_the_thread_ends_the_application_it_answers(tmp_path, model):
    """The work address's interview; the company's "no" goes to the home address, in the invitation's
    thread: the work application is rejected, no "any news?" check-in is drafted to the company that said no,
    and the rejection's thank-you is drafted in the work account's Drafts, From the work address."""
    _settings, store, boxes, agents = _two_accounts(tmp_path, model)
    _deliver(boxes["work"], fs.invitation("Nordwind GmbH", "Backend-Entwickler", "Markus Weber",
                                          "markus.weber@nordwind-gmbh.de", NOW, "<inv@nordwind-gmbh.de>",
                                          start=NOW + timedelta(days=2), uid="ev1"))
    for name in ("home", "work"):
        agents[name].run_pass(NOW + timedelta(hours=2))
    _deliver(boxes["home"], _mail(MARKUS, "me@home.example", "Re: Interview invitation: Backend-Entwickler at Nordwind",
                                  "Hi Alex,\n\nthank you for your time in the interview. Unfortunately we have decided "
                                  "to move forward with other candidates.\n\nBest regards,\nMarkus Weber\n", 5,
                                  "<rej@nordwind-gmbh.de>", "<inv@nordwind-gmbh.de>"))
    for days in (6, 10, 20, 25):
        for name in ("home", "work"):
            agents[name].run_pass(NOW + timedelta(days=days))
    with store.transaction() as conn:
        apps = [(a.account, a.status) for a in store.list_outcomes(conn)]
        fus = store.list_followups(conn)
    assert apps == [("work", "rejected")]
    assert not [f for f in fus if f.kind == "check_in" and f.draft_message_id], fus
    [thanks] = [f for f in fus if f.kind == "rejection_thanks"]
    assert (thanks.account, thanks.status, thanks.to_addr) == ("work", "drafted", "markus.weber@nordwind-gmbh.de")
    assert boxes["home"].raw_messages("Drafts") == []
    assert any(b"From: Alex Doe <me@work.example>" in raw and b"In-Reply-To: <rej@nordwind-gmbh.de>" in raw
               for raw in boxes["work"].raw_messages("Drafts"))
    store.close()


# -- mail the user moves between watched folders -------------------------------------------------------

UNSURE = ("Guten Tag Herr Doe,\n\nes tut mir leid, wir müssen noch einmal verschieben. Bitte beachten Sie den neuen "
          "Termin.\n\nViele Grüße\nMarkus Weber\n")  # the model is unsure of it: it waits for review


def _unsure_of(model, raw: bytes) -> float:
    """A rejection threshold that puts ``raw`` in the review band of ``model``: above its P(rejection), at most
    twice it (the band starts at half the threshold) - whichever way the model in use leans."""
    [pred] = model.predict([EmailText(*email_text(parse_message(raw)))])
    p = pred.probabilities["rejection"]
    return min(2 * p, (1 + p) / 2)


def test_an_email_waiting_for_review_moved_into_another_watched_folder_is_listed_once(tmp_path, model):
    """The user files an email Onward was unsure of from INBOX into the watched "Jobs" folder: a pass looks at
    it there again (another folder, another UID), and ``onward review`` and ``status`` count it once."""
    raw = _mail(MARKUS, "me@home.example", "Aktualisiert: Vorstellungsgespräch", UNSURE, 0, "<moved@nordwind-gmbh.de>")
    box, agent, store = memory_world(tmp_path, model, imap={"folders": ["INBOX", "Jobs"]},
                                     classifier={"workers": -1, "rejection_threshold": _unsure_of(model, raw)})
    box.create("Jobs")
    uid = box.deliver("INBOX", raw, NOW)
    agent.run_pass(NOW + timedelta(hours=1))
    with store.transaction() as conn:
        assert [r.message_id for r in store.review_rows(conn)] == ["<moved@nordwind-gmbh.de>"]
    del box.folders["INBOX"].messages[uid]  # moved: gone from INBOX, a new UID in Jobs
    box.deliver("Jobs", raw, NOW)
    agent.run_pass(NOW + timedelta(hours=2))
    with store.transaction() as conn:
        assert [r.message_id for r in store.review_rows(conn)] == ["<moved@nordwind-gmbh.de>"]
        assert review_counts(conn) == {"default": 1}
    store.close()
