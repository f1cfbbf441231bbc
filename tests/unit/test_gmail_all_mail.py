"""Gmail's All Mail, watched: it holds every email once more - the company's, and the user's own drafts and sent
notes. The user's own mail there is no news of an application (agent/record/rules.py:own_mail_is_news, applied
by agent/record/outcomes.py:Recorder.record); a company's email the user forwards from another mailbox still is
(tests/unit/test_own_addresses.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.demo.samples import build_email
from agent.mail.parse import parse_message
from agent.model.classifier import Classifier
from agent.record.contacts import mailbox_key
from agent.record.rules import is_forward, own_mail_is_news
from tests.unit.memory_world import USER, deliver, followups, memory_world, outcomes

T0 = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
ALL = "[Gmail]/All Mail"
ANNA = "Anna Krüger <anna.krueger@sonnenfeld-energie.de>"
GMAIL_USER = "alex.doe@gmail.com"


def _ack() -> bytes:
    return build_email(
        from_=ANNA, to=f"Alex Doe <{GMAIL_USER}>", subject="Ihre Bewerbung als Energieanalyst", date=T0,
        message_id="<s1@sonnenfeld-energie.de>",
        body=("Lieber Herr Doe,\n\nvielen Dank für Ihre Bewerbung als Energieanalyst bei der Sonnenfeld Energie GmbH. "
              "Ihre Unterlagen sind vollständig bei uns eingegangen. Ich melde mich bei Ihnen, sobald die "
              "Fachabteilung sie gesichtet hat.\n\nHerzliche Grüße\nAnna Krüger\nPersonalreferentin\n"))


@pytest.mark.parametrize("sent_from", [None, "Alex Doe <Alex.Doe+jobs@googlemail.com>"])
def test_the_users_own_drafts_and_sent_notes_in_all_mail_are_no_news(tmp_path: Path, model: Classifier,
                                                                     sent_from: str | None) -> None:
    """The check-in Onward saved shows in All Mail as a draft, then as the note the user sent: read there, it was
    recorded as the company's rejection (its "Die Stelle interessiert mich weiterhin sehr" read as a no), the
    check-in cancelled as "the company wrote again", and a thank-you for a rejection nobody wrote planned. Sent
    from the account's other Gmail spelling (googlemail.com, dots, a "+tag"), it is the user's own mail too."""
    box, agent, store = memory_world(tmp_path, model, imap={"folders": ["INBOX", ALL], "username": GMAIL_USER},
                                     followup={"language": "de", "from_address": GMAIL_USER})
    box.create(ALL)
    try:
        for folder in ("INBOX", ALL):
            deliver(box, _ack(), folder)
        agent.run_pass(T0 + timedelta(hours=1))
        agent.run_pass(T0 + timedelta(days=16))
        [check_in] = followups(store)
        assert check_in.kind == "check_in" and check_in.status == "drafted"
        [draft] = box.raw_messages("Drafts")
        box.deliver(ALL, draft, T0 + timedelta(days=16), flags=(b"\\Draft",))  # Gmail: the draft in All Mail
        agent.run_pass(T0 + timedelta(days=16, hours=2))
        sent = draft.replace(check_in.draft_message_id.encode(), b"<CAJ1x@mail.gmail.com>")
        if sent_from:
            sent = sent.replace(f"<{GMAIL_USER}>".encode(), f"{sent_from.split()[-1]}".encode())
        for folder in ("Sent", ALL):  # sent from Gmail's web client
            box.deliver(folder, sent, T0 + timedelta(days=17))
        agent.run_pass(T0 + timedelta(days=17, hours=1))
        [app] = outcomes(store)
        assert app.status == "applied", app
        assert [(f.kind, f.status) for f in followups(store)] == [("check_in", "sent")]
        with store.transaction() as conn:
            assert [e.message_id for e in store.list_events(conn)] == ["<s1@sonnenfeld-energie.de>"]
    finally:
        store.close()


_SUBJECT = st.text(st.characters(whitelist_categories=("Lu", "Ll", "Nd", "Zs")), min_size=1, max_size=40).filter(
    lambda s: s.strip() and not is_forward(s))


@settings(max_examples=60, deadline=None)
@given(subject=_SUBJECT, reply=st.sampled_from(["", "Re: ", "AW: ", "RE: ", "Antw: ", "SV: "]),
       forward=st.sampled_from(["Fwd: ", "WG: ", "TR: ", "Fw: ", "RV: "]))
def test_only_a_forward_of_ones_own_is_news(subject: str, reply: str, forward: str) -> None:
    """The user's own email is news only as a forward of the company's: a reply or a note of any subject is not."""
    def mail(subj: str):
        return parse_message(build_email(from_=f"Alex Doe <{USER}>", to=ANNA, subject=subj, date=T0,
                                         message_id="<m@x>", body="Hallo"))
    assert not own_mail_is_news(mail(f"{reply}{subject}"))
    assert own_mail_is_news(mail(f"{forward}{subject}"))


THOMAS = "Thomas Brandt <thomas.brandt@bergmann-partner.de>"


def _bergmann(mid: str, when: datetime, body: str, parent: str | None = None) -> bytes:
    return build_email(from_=THOMAS, to=f"Alex Doe <{USER}>", date=when, message_id=mid, in_reply_to=parent,
                       references=[parent] if parent else [],
                       subject=("Re: " if parent else "") + "Ihre Bewerbung als Controller", body=body)


@pytest.mark.parametrize("folder", ["Junk", "Trash"])
def test_a_rejection_in_spam_is_read_and_no_check_in_asks_the_company(tmp_path: Path, model: Classifier,
                                                                      folder: str) -> None:
    """The spam filter caught the company's no (or the user threw it away before a pass saw it), in the thread of
    its acknowledgement: unread, the check-in two weeks later asked the company that had said no for news. The
    folder's other mail - a job scam - stays unread."""
    box, agent, store = memory_world(tmp_path, model, followup={"language": "de"})
    box.create(folder)
    try:
        deliver(box, _bergmann("<b1@bergmann-partner.de>", T0, (
            "Sehr geehrter Herr Doe,\n\nvielen Dank für Ihre Bewerbung als Controller bei Bergmann & Partner. Wir "
            "haben Ihre Unterlagen erhalten und werden sie in den kommenden Wochen prüfen.\n\nMit freundlichen "
            "Grüßen\nThomas Brandt\n")))
        agent.run_pass(T0 + timedelta(hours=1))
        deliver(box, build_email(
            from_="Global Talent HR <hr@talent-global.example>", to=USER, subject="Job offer: 450 EUR per day from home",
            date=T0 + timedelta(days=5), message_id="<scam@talent-global.example>",
            body="Dear candidate,\n\nwe reviewed your CV and are pleased to offer you the position of remote assistant. "
                 "Reply with your bank details to start.\n\nHR team\n"), folder)
        deliver(box, _bergmann("<b2@bergmann-partner.de>", T0 + timedelta(days=6), (
            "Sehr geehrter Herr Doe,\n\nnach sorgfältiger Prüfung Ihrer Unterlagen müssen wir Ihnen leider mitteilen, "
            "dass wir uns für einen anderen Kandidaten entschieden haben. Wir wünschen Ihnen für Ihre weitere "
            "berufliche Zukunft alles Gute.\n\nMit freundlichen Grüßen\nThomas Brandt\n"),
            parent="<b1@bergmann-partner.de>"), folder)
        for days in (7, 17, 18):
            agent.run_pass(T0 + timedelta(days=days))
        [app] = outcomes(store)
        assert app.status == "rejected", app
        assert [(f.kind, f.to_addr) for f in followups(store)] == [
            ("rejection_thanks", "thomas.brandt@bergmann-partner.de")]
        with store.transaction() as conn:
            assert store.message_row(conn, "<scam@talent-global.example>") is None
        # seen once: a later pass reads none of the spam again
        deliver(box, _bergmann("<b3@bergmann-partner.de>", T0 + timedelta(days=19), "Nachtrag.",
                               parent="<b2@bergmann-partner.de>"), folder)
        report = agent.run_pass(T0 + timedelta(days=19, hours=1))
        assert report.fetched == 1
    finally:
        store.close()


_LOCAL = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12)


@settings(max_examples=80, deadline=None)
@given(name=st.lists(_LOCAL, min_size=1, max_size=3), tag=st.one_of(st.none(), _LOCAL),
       domain=st.sampled_from(["gmail.com", "googlemail.com", "GMail.com"]), upper=st.booleans())
def test_every_spelling_of_a_gmail_address_is_one_mailbox(name: list[str], tag: str | None, domain: str,
                                                          upper: bool) -> None:
    """Dots, a "+tag", case and googlemail.com: one Gmail mailbox. Elsewhere only case is ignored."""
    local = ".".join(name) + (f"+{tag}" if tag else "")
    spelled = f"{local}@{domain}"
    assert mailbox_key(spelled.upper() if upper else spelled) == f"{''.join(name)}@gmail.com"
    other = f"{'.'.join(name)}@example.org"
    assert mailbox_key(other.upper() if upper else other) == other
    assert (mailbox_key(f"{''.join(name)}@example.org") == mailbox_key(other)) is (len(name) == 1)


NORDWIND_CAREERS = "Nordwind Maschinenbau Recruiting <careers@nordwind-maschinenbau.de>"
JANA = "Jana Novak <jana.novak@nordwind-maschinenbau.de>"
SCAM = "Global Talent HR <hr@talent-global.example>"


# (From, Subject, Message-ID, text) of the emails below: Nordwind's acknowledgement from careers@; its no from another
# address of the company in a new thread (not a reply), as most applicant-tracking systems write a no; a job scam
NEW_THREAD_MAIL = {
    "ack": (NORDWIND_CAREERS, "Your application: Test Engineer", "<ack@nordwind.test>",
            "Dear Alex Doe,\n\nthank you for your application for the position of Test Engineer at Nordwind "
            "Maschinenbau. We have received your documents and will review them carefully. We will get back to you "
            "within the next weeks.\n\nKind regards\nNordwind Maschinenbau Recruiting\n"),
    "no": (JANA, "Update on your application: Test Engineer", "<no@nordwind.test>",
           "Dear Alex,\n\nthank you for your interest in the Test Engineer position at Nordwind Maschinenbau. After "
           "careful consideration we regret to inform you that we have decided to move forward with other candidates "
           "whose profiles more closely match our requirements.\n\nWe wish you every success in your job search.\n\n"
           "Best regards\nJana Novak\nTalent Acquisition, Nordwind Maschinenbau\n"),
    "scam": (SCAM, "We reviewed your CV: Remote Assistant position", "<cv@talent-global.example>",
             "Dear candidate,\n\nwe reviewed your CV and are pleased to offer you the position of Remote Assistant, "
             "450 EUR per day from home. Please reply with your bank details to start.\n\nHR team\n"),
}


def new_thread_mail(which: str, when: datetime) -> bytes:
    """One of :data:`NEW_THREAD_MAIL`, dated ``when``."""
    sender, subject, mid, text = NEW_THREAD_MAIL[which]
    return build_email(from_=sender, to=f"Alex Doe <{USER}>", date=when, message_id=mid, subject=subject, body=text)


@pytest.mark.parametrize("also_in_inbox", [False, True])
def test_a_no_in_spam_that_starts_a_new_thread_is_read_when_its_sender_is_known(tmp_path: Path, model: Classifier,
                                                                                also_in_inbox: bool,
                                                                                store_url: str) -> None:
    """careers@ acknowledged the application; two weeks later its check-in is planned; then Jana, another address of
    the company, says no in a new thread, and the spam filter takes it: unread, the application stayed open and the
    check-in asked a company that had said no for news. The job scam beside it is never fetched, and the no that
    shows in INBOX too is recorded once. On SQLite and PostgreSQL (who wrote for the account's applications is a
    query of the store)."""
    box, agent, store = memory_world(tmp_path, model, database=store_url)
    box.create("Junk")
    try:
        deliver(box, new_thread_mail("ack", T0))
        agent.run_pass(T0 + timedelta(hours=1))
        agent.run_pass(T0 + timedelta(days=15))
        [check_in] = followups(store)
        assert check_in.kind == "check_in" and check_in.status in ("scheduled", "needs_recipient", "drafted"), check_in
        deliver(box, new_thread_mail("scam", T0 + timedelta(days=16)), "Junk")
        deliver(box, new_thread_mail("no", T0 + timedelta(days=16, hours=1)), "Junk")
        if also_in_inbox:
            deliver(box, new_thread_mail("no", T0 + timedelta(days=16, hours=1)))
        report = agent.run_pass(T0 + timedelta(days=16, hours=2))
        assert report.fetched == (2 if also_in_inbox else 1)  # the scam: its four header fields only
        [app] = outcomes(store)
        assert app.status == "rejected", app
        assert sorted((f.kind, f.status, f.to_addr) for f in followups(store)) == [
            ("check_in", "cancelled", check_in.to_addr),
            ("rejection_thanks", "scheduled", "jana.novak@nordwind-maschinenbau.de")]
        with store.transaction() as conn:
            assert store.message_row(conn, "<cv@talent-global.example>") is None
            assert [e.message_id for e in store.list_events(conn)] == ["<ack@nordwind.test>", "<no@nordwind.test>"]
    finally:
        store.close()
