"""Issue 15.1-4: a follow-up draft is addressed to exactly the one person ``onward followups`` shows.

The attacks from the security review, each as a real email through the real parser, the real contact
choice and the real draft builder, and the check that re-parses every draft before APPEND.
"""

from __future__ import annotations

import base64
import email
import email.policy
from datetime import UTC, datetime
from email.headerregistry import Address as HeaderAddress
from email.message import EmailMessage
from email.policy import SMTP

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.followups.draft import (
    DraftRefused,
    build_draft,
    check_draft,
    checked_draft,
    draft_recipient,
    fold_header,
    followup_message_id,
)
from agent.mail.headers import mailbox_problem
from agent.mail.parse import parse_message
from agent.mail.types import Address, ParsedEmail
from agent.record.contacts import contact_choice, contact_reason, human_contact, org_domain

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
JANE = "jane@acme.test"
LONG_COMMAS = "Smith, attacker@evil.test, Jane Miller Senior Talent Acquisition Partner EMEA"
LONG_GROUP = "Jane Miller Senior Talent Acquisition Partner EMEA: attacker@evil.test; Team Lead"


def rejection(from_: bytes, reply_to: bytes | None = None, body: str = "We will not move forward.") -> ParsedEmail:
    raw = b"From: " + from_ + b"\r\n"
    if reply_to is not None:
        raw += b"Reply-To: " + reply_to + b"\r\n"
    raw += (b"Subject: Your application\r\nMessage-ID: <rej@acme.test>\r\n"
            b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + body.encode())
    return parse_message(raw)


def draft_to(to: Address | None) -> bytes:
    return build_draft(to=to, from_addr=Address("Sam Doe", "sam@example.org"), original_subject="Your application",
                       in_reply_to="<rej@acme.test>", references=[], message_id=followup_message_id(1, "example.org"),
                       date=NOW, body="Thank you.", followup_id=1)


def to_addresses(raw: bytes) -> list[str]:
    """What a mail client reads in the draft's To (every mailbox of every group)."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    header = msg["To"]
    if header is None:
        return []
    assert len(header.groups) == 1 and header.groups[0].display_name is None, str(header)
    return [a.addr_spec for a in header.addresses]


def quoted(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def encoded(name: str) -> str:
    return "=?utf-8?b?" + base64.b64encode(name.encode()).decode() + "?="


# -- 15.1/15.2: the draft's To -----------------------------------------------------------------------

@pytest.mark.parametrize("name", [LONG_COMMAS, LONG_GROUP, encoded(LONG_COMMAS), encoded(LONG_GROUP),
                                  "José Ñúñez, attacker@evil.test, Senior Talent Acquisition Partner EMEA"])
def test_long_display_name_gives_one_recipient(name):
    """Before the fix the first gave ['Smith', 'attacker@evil.test', 'jane@acme.test'] and the second a group."""
    raw = draft_to(Address(name, JANE))
    assert to_addresses(raw) == [JANE]
    assert check_draft(raw, JANE) is None


def test_display_name_is_reduced_not_lost():
    assert draft_recipient(Address("Miller, Jane: EMEA (Talent)", JANE)) == Address("Miller Jane EMEA Talent", JANE)
    assert draft_recipient(Address("José Ñúñez", JANE)).name == "José Ñúñez"
    assert draft_recipient(Address("Jane <attacker@evil.test>", JANE)) == Address("", JANE)
    assert draft_recipient(Address("x" * 300, JANE)).name == "x" * 60
    assert draft_recipient(Address("Jane", "jane@acme.test, attacker@evil.test")) is None


_NAME_CHARS = st.sampled_from(list(',;:"<>@()\\ ') + ["Jane", "Miller", "attacker", "evil.test", "José", "EMEA",
                                                   "=?", "?=", "\u202e", "'"])
_NAMES = st.lists(_NAME_CHARS, min_size=20, max_size=60).map("".join)


@settings(max_examples=400, deadline=None)
@given(name=_NAMES, as_encoded_word=st.booleans())
def test_property_draft_to_is_exactly_the_contact(name, as_encoded_word):
    """Any display name built from ,;:"<>@() and spaces, plain or RFC 2047-encoded, long enough to
    fold: the draft reads back as exactly one To, the contact's addr-spec, and passes the check."""
    contact = Address(encoded(name) if as_encoded_word else name, JANE)
    raw = draft_to(contact)
    assert to_addresses(raw) == [JANE]
    assert check_draft(raw, JANE) is None


@settings(max_examples=300, deadline=None)
@given(name=_NAMES, as_encoded_word=st.booleans(), header=st.sampled_from(["from", "reply-to"]))
def test_property_hostile_sender_never_addresses_anyone_else(name, as_encoded_word, header):
    """The same names in a real From or Reply-To: the contact is Jane or nobody, never the attacker,
    and a draft to the contact reads back as exactly that one address."""
    value = (encoded(name) if as_encoded_word else quoted(name)) + f" <{JANE}>"
    if header == "from":
        mail = rejection(value.encode())
    else:
        mail = rejection(b"Acme <no-reply@acme.test>", value.encode())
    contact = human_contact(mail)
    assert contact is None or contact.email == JANE
    if contact is not None:
        assert to_addresses(draft_to(contact)) == [JANE]


# -- the check before APPEND -------------------------------------------------------------------------

# The draft the pre-fix builder wrote for the review's first attack (Python folded away the quotes).
PRE_FIX_DRAFT = (
    b"From: Sam Doe <sam@example.org>\r\n"
    b"To: Smith, attacker@evil.test, Jane Miller Senior Talent Acquisition Partner\r\n"
    b" EMEA <jane@acme.test>\r\n"
    b"Subject: Re: Your application\r\nDate: Mon, 02 Mar 2026 09:00:00 +0000\r\n"
    b"Message-ID: <onward-followup-1-x@example.org>\r\nIn-Reply-To: <rej@acme.test>\r\n"
    b"References: <rej@acme.test>\r\nContent-Type: text/plain; charset=\"utf-8\"\r\n"
    b"Content-Transfer-Encoding: 7bit\r\nMIME-Version: 1.0\r\n\r\nThank you.\r\n"
)


def _with_header(raw: bytes, old: bytes, new: bytes) -> bytes:
    assert old in raw
    return raw.replace(old, new, 1)


def test_check_refuses_what_the_old_builder_wrote():
    assert "holds a group or several addresses" in check_draft(PRE_FIX_DRAFT, JANE)


@pytest.mark.parametrize("to_line, why", [
    (b"To: Team: attacker@evil.test; <jane@acme.test>", "To"),
    (b"To: Jane Miller <jane@acme.test>, attacker@evil.test", "To"),
    (b"To: attacker@evil.test", "is 'attacker@evil.test'"),
    (b"To: Jane Miller <jane@acme.test>\r\nBcc: attacker@evil.test", "unexpected header(s) bcc"),
    (b"To: Jane Miller <jane@acme.test>\r\nTo: jane@acme.test", "twice"),
    (b"To: =?utf-8?q?Jane?=\r\n", "To"),
])
def test_check_refuses_hostile_drafts(to_line, why):
    raw = _with_header(draft_to(Address("Jane Miller", JANE)), b"To: Jane Miller <jane@acme.test>", to_line)
    problem = check_draft(raw, JANE)
    assert problem is not None and why in problem


def test_check_wants_no_to_when_there_is_no_recipient():
    assert check_draft(draft_to(None), None) is None
    assert "unexpected header(s) to" in check_draft(draft_to(Address("", JANE)), None)


def _old_builder(to: Address | None, note: str | None = None) -> bytes:
    """How drafts were built before issue 15 (the display name written as is, folded by Python)."""
    msg = EmailMessage(policy=SMTP)
    if to is not None:
        msg["To"] = HeaderAddress(display_name=LONG_COMMAS, addr_spec=to.email)
    msg["Subject"] = "Re: Your application"
    msg["Message-ID"] = "<onward-followup-1-x@example.org>"
    msg.set_content(f"{note or ''}\n\nThank you.\n")
    return msg.as_bytes(policy=SMTP)


def test_refused_draft_is_saved_without_a_recipient():
    """Should a builder ever write a To that does not read back as the contact, the draft that gets
    saved has no recipient at all, no note in the body (issue 11), and the reason for the follow-up."""
    raw, to, refused = checked_draft(_old_builder, Address("Jane", JANE))
    assert to is None and to_addresses(raw) == []
    body = email.message_from_bytes(raw, policy=email.policy.default).get_content()
    assert body.strip() == "Thank you."
    assert refused.startswith("the draft to jane@acme.test was refused (To holds")


def test_nothing_is_saved_when_even_the_bare_draft_fails():
    def always_bcc(to: Address | None, note: str | None = None) -> bytes:
        return _old_builder(to, note).replace(b"Subject:", b"Bcc: attacker@evil.test\r\nSubject:")

    with pytest.raises(DraftRefused, match="unexpected header"):
        checked_draft(always_bcc, Address("Jane", JANE))


# -- 15.3: ambiguous From / Reply-To ------------------------------------------------------------------

@pytest.mark.parametrize("header", [
    b"Jane, attacker@evil.test <jane@acme.test>",                  # several mailboxes
    b"Smith\x80, attacker@evil.test <jane@acme.test>",             # ... with a stray 0x80 byte
    b"Jane \x80<attacker@evil.test> <jane@acme.test>",             # two angle addresses
    b'"Jane \x80" <attacker@evil.test>, <jane@acme.test>',
    b"Team: attacker@evil.test, jane@acme.test;",                  # group syntax
    b'"' + LONG_COMMAS.encode() + b'" <jane@acme.test>',          # a name that spells another address
    b'"' + LONG_GROUP.encode() + b'" <jane@acme.test>',
    encoded(LONG_COMMAS).encode() + b" <jane@acme.test>",
    b'"Jane Miller <jane@acme.test>" <attacker@evil.test>',
    b'"Jane Miller <jane@acme.test> <attacker@evil.test>',          # unclosed quote
])
def test_ambiguous_from_gives_no_contact(header):
    mail = rejection(header)
    assert mail.from_ is not None and mail.from_.ambiguous
    choice = contact_choice(mail)
    assert choice.contact is None
    assert "From holds several addresses" in contact_reason(mail, None)


@pytest.mark.parametrize("header", [
    b"Jane, attacker@evil.test <jane@acme.test>",
    b'"' + LONG_COMMAS.encode() + b'" <jane@acme.test>',
    b"Team: attacker@evil.test, jane@acme.test;",
    b"jane@acme.test, attacker@acme.test",
])
def test_ambiguous_reply_to_is_not_used(header):
    mail = rejection(b"Jane Miller <jane.miller@acme.test>", header)
    assert human_contact(mail) == Address("Jane Miller", "jane.miller@acme.test")
    reason = contact_reason(mail, human_contact(mail))
    assert reason.startswith("Reply-To holds several addresses") and reason.endswith("jane.miller@acme.test")


@pytest.mark.parametrize("header", [b"Jane Miller <jane@acme.test>", b"jane@acme.test", b"jane@acme.test (Jane)",
                                    b'"Miller, Jane" <jane@acme.test>', b"=?utf-8?q?Jos=C3=A9?= <jane@acme.test>",
                                    b"<jane@acme.test>, ", b'"Jane Bcc: x@localhost" <jane@acme.test>'])
def test_one_clean_mailbox_is_not_ambiguous(header):
    mail = rejection(header)
    assert not mail.from_.ambiguous and human_contact(mail).email == JANE
    assert contact_reason(mail, human_contact(mail)) is None


def test_mailbox_problem_names_the_trouble():
    assert mailbox_problem("Jane <jane@acme.test>") is None
    assert mailbox_problem('"a, b: c;" <jane@acme.test>') is None
    assert mailbox_problem("a@x.test, b@x.test") == "several addresses"
    assert mailbox_problem("T: a@x.test;") == "group syntax"
    assert mailbox_problem("<a@x.test> <b@x.test>") == "several addresses in one"
    assert mailbox_problem('"open <a@x.test>') == "an unclosed quote, comment or bracket"


# -- 15.4: Reply-To on another domain -----------------------------------------------------------------

def test_reply_to_on_another_domain_falls_back_to_from():
    mail = rejection(b"Jane Miller <jane@acme.test>", b"Jane Miller <jane.miller@evil-phish.test>")
    assert human_contact(mail) == Address("Jane Miller", JANE)
    assert contact_reason(mail, human_contact(mail)) == (
        "Reply-To jane.miller@evil-phish.test is on another domain than From jane@acme.test: not used; "
        "writing to From jane@acme.test")


def test_no_reply_from_redirected_elsewhere_needs_a_recipient():
    mail = rejection(b"Acme Careers <no-reply@acme.test>", b"Jane <jane.personal@gmail.com>")
    assert human_contact(mail) is None
    assert contact_reason(mail, None) == (
        "no human recipient: Reply-To jane.personal@gmail.com is on another domain than From "
        "no-reply@acme.test: not used; From no-reply@acme.test is an automated address")


def test_reply_to_behind_an_ats_is_trusted_only_for_the_company_the_mail_names():
    ok = rejection(b"Acme <no-reply@greenhouse.io>", b"Jane <jane@acme.com>")
    assert human_contact(ok) == Address("Jane", "jane@acme.com")
    phish = rejection(b"Acme <no-reply@greenhouse.io>", b"Jane <jane@evil-phish.test>")
    assert human_contact(phish) is None
    assert "jane@evil-phish.test is on another domain" in contact_reason(phish, None)
    freemail = rejection(b"Gmail Team <no-reply@greenhouse.io>", b"Jane <jane@gmail.com>")
    assert human_contact(freemail) is None


def test_reply_to_on_the_same_organisation_is_trusted():
    mail = rejection(b"Acme Careers <no-reply@mail.acme.co.uk>", b"Jane <jane@acme.co.uk>")
    assert human_contact(mail) == Address("Jane", "jane@acme.co.uk")
    assert contact_reason(mail, human_contact(mail)) is None
    assert org_domain("mail.careers.acme.co.uk") == "acme.co.uk" and org_domain("a.b.acme.com") == "acme.com"


def test_reason_when_the_recipient_comes_from_the_thread():
    mail = rejection(b"Acme <no-reply@acme.test>", b"<x@elsewhere.test>")
    assert contact_reason(mail, Address("Sam", "sam@acme.test")) == (
        "Reply-To x@elsewhere.test is on another domain than From no-reply@acme.test: not used; "
        "From no-reply@acme.test is an automated address; writing to sam@acme.test, who wrote earlier in the thread")
    assert contact_reason(rejection(b"no-reply@acme.test"), None) == \
        "no human recipient: From no-reply@acme.test is an automated address"


@pytest.mark.parametrize("header, line, why", [
    (b"To: Jane Miller <jane@acme.test>", b"To: ", "To is missing or holds no address"),
    (b"To: Jane Miller <jane@acme.test>", b"To: undisclosed-recipients:;", "To holds a group or several addresses"),
    (b"To: Jane Miller <jane@acme.test>", b"To: Jane", "To does not parse cleanly"),
    (b"From: Sam Doe <sam@example.org>", b"From: a@x.test, b@y.test", "From holds a group or several addresses"),
    (b"From: Sam Doe <sam@example.org>", b"From: ", "From is missing or holds no address"),
])
def test_the_read_back_check_names_what_is_wrong_with_to_and_from(header, line, why):
    raw = _with_header(draft_to(Address("Jane Miller", JANE)), header, line)
    assert check_draft(raw, JANE) == why


@pytest.mark.parametrize("value", ["a\r\nBcc: attacker@evil.test", "line\nbreak", "carriage\rreturn"])
def test_a_header_value_with_a_line_break_is_never_folded_into_a_draft(value):
    assert fold_header("Subject", value) is None
