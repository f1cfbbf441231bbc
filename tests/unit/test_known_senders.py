"""Which emails of the spam folder and the trash are read beyond their headers: those in an application's thread
(tests/unit/test_gmail_all_mail.py) and those whose From is known to one of the account's applications
(agent/record/contacts.py:known_sender, from the senders agent/record/contacts.py:known_senders makes of the
record). The folder's other mail - the job scams that fill Spam - must never be read: a "we reviewed your CV"
classified as an offer opens an application, and its check-in is a draft to a scammer."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from agent.mail.types import Address
from agent.record.contacts import is_relay, is_shared_domain, known_sender, known_senders, mailbox_key, org_domain, \
    sender_key

CAREERS = Address("Nordwind Recruiting", "careers@nordwind-maschinenbau.de")
HIRING = Address("Umbrella Health", "no-reply@us.greenhouse-mail.io")
RECRUITER = Address("Sam Taylor", "sam.taylor.recruits@gmail.com")
USER = "alex.doe@example.org"


def record(*senders: Address, contacts: tuple[str, ...] = ()) -> list[tuple[str | None, str | None]]:
    """The (address, sender identity) pairs the store keeps for these senders' emails, and the contacts given."""
    pairs: list[tuple[str | None, str | None]] = [(a.email, sender_key(a) or None) for a in senders]
    return pairs + [(c, None) for c in contacts]


KNOWN = known_senders(record(CAREERS, HIRING, RECRUITER, Address("Alex Doe", USER)), [USER])


@pytest.mark.parametrize("sender", [
    CAREERS,
    Address("", "Careers@Nordwind-Maschinenbau.DE"),
    Address("Jana Novak", "jana.novak@nordwind-maschinenbau.de"),  # another address at the company
    Address("Nordwind HR", "hr@mail.nordwind-maschinenbau.de"),  # a host of its domain
    Address("Umbrella Health", "no-reply@us.greenhouse-mail.io"),  # the relay identity linking ties to it
    Address("Sam", "Sam.Taylor.Recruits+jobs@googlemail.com"),  # the recruiter's Gmail mailbox, spelt otherwise
])
def test_the_mail_of_a_known_sender_is_read(sender: Address) -> None:
    assert known_sender(sender, KNOWN)


@pytest.mark.parametrize("sender", [
    Address("Global Talent HR", "hr@talent-global.example"),  # a job scam from a domain nobody wrote from
    Address("Nordwind Maschinenbau", "careers@nordwind-maschinenbau.de.evil.test"),  # a look-alike
    Address("Nordwind Maschinenbau", "careers@evil-nordwind-maschinenbau.de"),
    Address("Nordwind Recruiting", "careers@nordwind-maschinenbau.de", ambiguous=True),  # a misleading From
    Address("", "not an address"),
    Address("Jobs", "hiring.manager.jobs@gmail.com"),  # gmail.com is anyone's: only the exact address counts
    Address("Greenhouse", "no-reply@us.greenhouse-mail.io"),  # the relay, not the company it wrote for
    Address("Cyberdyne", "no-reply@us.greenhouse-mail.io"),  # another company on the same relay
    Address("Umbrella Health", "no-reply@sendgrid.net"),  # a company's name through a bulk-mail relay
    Address("Alex Doe", USER),  # the user's own address (a forward put it on record): spoofed by extortion spam
])
def test_the_mail_of_anyone_else_is_not_read(sender: Address) -> None:
    assert not known_sender(sender, KNOWN)


def test_nothing_is_read_for_an_account_with_no_applications() -> None:
    assert not known_sender(CAREERS, known_senders([]))


def test_a_contact_the_user_gave_makes_its_company_known() -> None:
    known = known_senders(record(contacts=("jana.novak@nordwind-maschinenbau.de",)))
    assert known_sender(Address("", "recruiting@nordwind-maschinenbau.de"), known)


def test_an_old_event_without_a_sender_identity_still_counts_by_its_address() -> None:
    """Events recorded before sender identities were kept have an address only."""
    known = known_senders([("careers@nordwind-maschinenbau.de", None), ("no-reply@us.greenhouse-mail.io", None)])
    assert known_sender(Address("", "jana.novak@nordwind-maschinenbau.de"), known)
    assert not known_sender(HIRING, known)  # a relay without the identity linking needs: nobody's


# -- Hypothesis -------------------------------------------------------------------------------------------------

_LABEL = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=10)
_LOCAL = st.text("abcdefghijklmnopqrstuvwxyz0123456789._+-", min_size=1, max_size=16).filter(
    lambda s: s[0].isalnum() and s[-1].isalnum() and ".." not in s)
_NAME = st.sampled_from(["", "Jana Novak", "Recruiting", "Umbrella Health", "Greenhouse", "Acme", "HR Team"])
_SUFFIX = st.sampled_from(["com", "de", "co.uk", "io", "fr", "example"])
SHARED = ["gmail.com", "googlemail.com", "outlook.com", "web.de", "gmx.net", "yahoo.co.uk", "hotmail.fr"]
RELAYS = ["greenhouse-mail.io", "us.greenhouse-mail.io", "hire.lever.co", "myworkday.com", "sendgrid.net"]


@st.composite
def company_domain(draw: st.DrawFn, prefix: str) -> str:
    host = draw(st.sampled_from(["", "mail.", "careers.", "eu.mail."]))
    return f"{host}{prefix}{draw(_LABEL)}.{draw(_SUFFIX)}"


@st.composite
def senders(draw: st.DrawFn, prefix: str) -> Address:
    """An address on a company's domain (its label starting with ``prefix``), a shared mail domain or a relay."""
    domain = draw(st.one_of(company_domain(prefix), st.sampled_from(SHARED), st.sampled_from(RELAYS)))
    return Address(draw(_NAME), f"{draw(_LOCAL)}@{domain}")


@settings(max_examples=300, deadline=None)
@given(known=st.lists(senders("k"), max_size=6), contacts=st.lists(senders("k"), max_size=2), sender=senders("u"))
def test_a_sender_from_a_domain_nobody_wrote_from_is_never_read(known: list[Address], contacts: list[Address],
                                                                  sender: Address) -> None:
    def delivers_to(a: Address) -> str:  # googlemail.com is gmail.com: one mailbox (mailbox_key)
        return org_domain(mailbox_key(a.email).rpartition("@")[2])

    assume(delivers_to(sender) not in {delivers_to(a) for a in (*known, *contacts)})
    assert not known_sender(sender, known_senders(record(*known, contacts=tuple(c.email for c in contacts))))


@settings(max_examples=300, deadline=None)
@given(known=st.lists(senders("k"), min_size=1, max_size=6), pick=st.integers(min_value=0), name=_NAME,
       upper=st.booleans())
def test_an_address_that_wrote_for_an_application_is_always_read(known: list[Address], pick: int, name: str,
                                                                 upper: bool) -> None:
    """Whatever display name it signs with now, in any case: only a relay's address is known by more than itself."""
    wrote = known[pick % len(known)]
    assume(not is_relay(wrote))
    sender = Address(name, wrote.email.upper() if upper else wrote.email)
    assert known_sender(sender, known_senders(record(*known)))


@settings(max_examples=300, deadline=None)
@given(known=st.lists(senders("k"), max_size=6), same_domain=st.lists(_LOCAL, max_size=4), local=_LOCAL,
       domain=st.sampled_from(SHARED), name=_NAME)
def test_a_shared_mail_domain_is_never_known_by_its_domain(known: list[Address], same_domain: list[str], local: str,
                                                           domain: str, name: str) -> None:
    """However many addresses of gmail.com wrote for applications, another gmail.com address is nobody's."""
    wrote = [*known, *(Address("Recruiter", f"{other}@{domain}") for other in same_domain)]
    sender = Address(name, f"{local}@{domain}")
    assert is_shared_domain(sender.domain)
    assume(mailbox_key(sender.email) not in {mailbox_key(a.email) for a in wrote})
    assert not known_sender(sender, known_senders(record(*wrote)))
