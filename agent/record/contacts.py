"""The choice of the one person a follow-up is addressed to (pure), over the address classes of
:mod:`agent.extract.addresses`.

Addresses fall into three classes:

* **automated** (:func:`is_automated_address`): no-reply style local parts (``noreply``,
  ``do-not-reply``, ``notifications``, ``mailer-daemon``, ...) and every address at an ATS / job-board
  domain (``greenhouse.io``, ``hire.lever.co``, ``myworkday.com`` ...). ATS relay addresses sometimes
  do reach a recruiter, but we cannot tell which ones, so we never address a thank-you to them.
* **role accounts** (``careers@``, ``jobs@``, ``recruiting@``, ``talent@``, ``hr@`` ...): humans may
  read them, but they are not *a person*; :func:`is_person` is False so :func:`human_contact` skips
  them. A thank-you note to "careers@" is worse than a draft that asks the user to pick a recipient.
* **persons**: everything else with a syntactically valid address.

The recipient of every follow-up is chosen by ONE rule, :func:`recipient_rule`: a person in From (the
client's interviewer, its ORGANIZER, when a recruitment agency forwards the client's invitation);
otherwise a Reply-To or the invitation's ORGANIZER only when it is on From's organisational domain
(the Public Suffix List as shipped in ``publicsuffixlist``, so ``alice.github.io`` and
``bob.github.io`` differ and two gmail.com addresses are never "the same organisation"), or - behind
an ATS or bulk-mail relay - on the company domain the mail names; each address exactly one addr-spec;
never the user's own address; otherwise nobody (``needs_recipient``) and the notes say why. A header
that holds several mailboxes, a group, stray brackets or a display name spelling out another address
is **ambiguous** (``Address.ambiguous``, set by the header parser): nothing is taken from it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from agent.extract.addresses import (  # the address classes, re-exported for the recipient rule's readers
    ATS_DOMAINS,
    FREEMAIL_DOMAINS,
    FREEMAIL_FIRST_LABELS,
    INFRA_DOMAINS,
    ats_vendor,
    domain_suffixes,
    is_automated_address,
    is_noreply_name,
    is_person,
    is_role_account,
)
from agent.extract.agency import agency_mail
from agent.extract.cleaning import clean_company
from agent.extract.lexicon import TEAM_WORDS, lower_words
from agent.extract.names import fold
from agent.extract.relays import RelayKind, is_relay_name, relay_for_domain
from agent.mail.types import Address, ParsedEmail

__all__ = [
    "ATS_DOMAINS",
    "CLIENT_ORGANIZER",
    "ContactChoice",
    "KnownSenders",
    "another_ats",
    "booking_people",
    "ats_vendor",
    "contact_choice",
    "contact_reason",
    "human_contact",
    "is_automated_address",
    "is_person",
    "is_role_account",
    "is_relay",
    "is_shared_domain",
    "known_sender",
    "known_senders",
    "one_addr_spec",
    "org_domain",
    "recipient_rule",
    "same_organisation",
    "shared_sender",
    "usable_person",
]

# --------------------------------------------------------------------------------------------------
# the contact
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ContactChoice:
    """The person to write to (None: nobody), the header it came from (``from``, ``reply-to``,
    ``organizer``; "" for nobody) and why the other headers were not used (``notes``)."""

    contact: Address | None
    notes: tuple[str, ...] = ()
    source: str = ""


@functools.cache
def _psl() -> Any:
    """The Public Suffix List as shipped in the ``publicsuffixlist`` package (never fetched), ICANN and
    private sections: ``alice.github.io`` and ``bob.github.io`` are two organisations."""
    from publicsuffixlist import PublicSuffixList  # loaded on first use: parsing the list costs ~30 ms

    return PublicSuffixList(only_icann=False)


def load_suffix_list() -> None:
    """Parse the Public Suffix List now: a process about to fork workers does it once for all of them
    (each would parse it on its first job email, and the recording process too)."""
    _psl()


def org_domain(domain: str) -> str:
    """The organisational (registrable) domain by the Public Suffix List: "mail.careers.acme.co.uk" ->
    "acme.co.uk", "alice.github.io" -> "alice.github.io"; a name that is itself a public suffix (or
    has one label) is returned as it is."""
    name = (domain or "").lower().strip().strip(".")
    if not name:
        return ""
    return str(_psl().privatesuffix(name) or name)


def is_shared_domain(domain: str) -> bool:
    """A mail domain many unrelated people share (gmail.com, outlook.com, a public suffix itself):
    two addresses there are never "the same organisation"."""
    org = org_domain(domain)
    return org in FREEMAIL_DOMAINS or org.split(".")[0] in FREEMAIL_FIRST_LABELS or \
        bool(_psl().is_public(org)) or "." not in org


def same_organisation(a: str, b: str) -> bool:
    """Whether two mail domains belong to one organisation: the same registrable domain, not shared."""
    return bool(a and b) and org_domain(a) == org_domain(b) and not is_shared_domain(a)


_ADDR_SPEC_RE = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")


def one_addr_spec(value: str | None) -> str | None:
    """``value`` when it is exactly one plain addr-spec (``local@domain``; ``mailto:`` dropped), else None:
    CR, LF, spaces, commas, brackets, a second ``@`` or ``..`` are refused, never trimmed away."""
    text = (value or "").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    if not _ADDR_SPEC_RE.fullmatch(text) or ".." in text or text.count("@") != 1:
        return None
    local, _, domain = text.partition("@")
    return f"{local}@{domain.lower()}"


def is_relay(addr: Address) -> bool:
    """An ATS or bulk-mail sender: its domain says nothing about the company."""
    return ats_vendor(addr) is not None or any(s in INFRA_DOMAINS for s in domain_suffixes(addr.domain))


_is_relay = is_relay


def relay_names_domain(domain: str, email: ParsedEmail) -> bool:
    """Whether a relay's email names the organisation of ``domain`` as the company it writes for: the
    registrable domain is written in the mail (a link, a signature), or its name is the From display
    name ("Umbrella Health" for umbrellahealth.com). A shared mail domain is never the company's."""
    if is_shared_domain(domain):
        return False
    org = org_domain(domain)
    text = f"{email.subject}\n{email.text[:20_000]}".lower()
    # the domain or a host under it ("www.umbrellahealth.com"), not a longer name that holds it
    # ("notumbrellahealth.com", "umbrellahealth.com.evil.test")
    if re.search(rf"(?<![a-z0-9-]){re.escape(org)}(?![a-z0-9-]|\.[a-z0-9])", text):
        return True
    key = fold(org.split(".")[0])
    name = fold(email.from_.name) if email.from_ is not None else ""
    return len(key) >= 3 and bool(name) and (name == key or name.startswith(key) or key.startswith(name))


def _why_not_from(sender: Address | None) -> str:
    if sender is None or not sender.email:
        return "the email has no usable From address"
    if sender.ambiguous:
        return "From holds several addresses, a group or a misleading name: not used"
    if one_addr_spec(sender.email) is None:
        return f"From {sender.email!r} is not one plain address"
    if is_role_account(sender):
        return f"From {sender.email} is a role account, not a person"
    return f"From {sender.email} is an automated address"


# Gmail delivers to one mailbox whatever dots the name holds, any "+tag", and on either domain (German and
# Austrian accounts were @googlemail.com until 2012, and many still send from it)
GMAIL_DOMAINS = ("gmail.com", "googlemail.com")


def mailbox_key(address: str) -> str:
    """The mailbox an address delivers to, for telling the user's own addresses: lower case; a Gmail address
    without dots and "+tag" in its name, on gmail.com (``Lena.Hoffmann+jobs@googlemail.com`` is
    ``lenahoffmann@gmail.com``). Pure."""
    local, at, domain = address.strip().lower().rpartition("@")
    if not at or domain not in GMAIL_DOMAINS:
        return address.strip().lower()
    return f"{local.split('+', 1)[0].replace('.', '')}@gmail.com"


def usable_person(addr: Address, user_addresses: frozenset[str]) -> Address | None:
    """``addr`` as the recipient rule may take it - exactly one addr-spec, a person (not automated, not a
    role account), not one of ``user_addresses`` (as :func:`mailbox_key` gives them) - with its name's spaces
    tidied; else None."""
    spec = one_addr_spec(addr.email)
    if spec is None or mailbox_key(spec) in user_addresses or not is_person(Address(addr.name, spec)):
        return None
    return Address(name=" ".join(addr.name.split()), email=spec)


def recipient_rule(email: ParsedEmail, organizer: Address | None = None,
                   user_addresses: frozenset[str] | set[str] = frozenset(),
                   company_domains: frozenset[str] = frozenset()) -> ContactChoice:
    """THE recipient rule: whom a follow-up answering ``email`` may be addressed to.

    1. From, when it is one person (not automated, not a role account, not ambiguous, not the user) - but for a
       recruitment agency's forwarded invitation, the interviewer: its ORGANIZER at the client, when the mail ties
       that domain to the client it names (:func:`_client_organiser`; a check-in is written to the recruiter:
       :func:`agent.followups.plan._recipient`).
    2. Otherwise the Reply-To (one mailbox) or the invitation's ORGANIZER, each only when it is a
       person on From's organisational domain (Public Suffix List; a shared mail domain such as
       gmail.com never counts), or - when From is an ATS or bulk-mail relay - on the company domain
       the mail names (:func:`relay_names_domain`) - or, for the ORGANIZER of a scheduling tool's booking, on
       one of ``company_domains``: the organisational domains that tied the booking to its application
       (:func:`agent.record.linking.booking`), the company's on record.
    3. Otherwise nobody (``needs_recipient``), with the reasons in ``notes``.

    Every address is taken only when it is exactly one addr-spec (:func:`one_addr_spec`).
    """
    users = frozenset(mailbox_key(a) for a in user_addresses)
    sender = email.from_
    if sender is not None and not sender.ambiguous and (person := usable_person(sender, users)) is not None:
        if len(email.reply_to) > 1 or any(a.ambiguous for a in email.reply_to):
            return ContactChoice(person, ("Reply-To holds several addresses, a group or a misleading name: "
                                          "not used",), "from")
        other = [r for r in email.reply_to if r.email.lower() != person.email.lower()]
        if other and not same_organisation(other[0].domain, person.domain):
            return ContactChoice(person, (f"Reply-To {other[0].email} is on another domain than From "
                                          f"{person.email}: not used; writing to From {person.email}",), "from")
        return _client_organiser(email, organizer, person, users) or ContactChoice(person, (), "from")
    from_note = _why_not_from(sender) if sender is None or sender.email.lower() not in users else \
        "From is your own address"
    notes: list[str] = []
    candidates: list[tuple[str, Address]] = []
    if email.reply_to:
        if len(email.reply_to) > 1 or any(a.ambiguous for a in email.reply_to):
            notes.append("Reply-To holds several addresses, a group or a misleading name: not used")
        else:
            candidates.append(("reply-to", email.reply_to[0]))
    if organizer is not None:
        candidates.append(("organizer", organizer))
    label = {"reply-to": "Reply-To", "organizer": "ORGANIZER"}
    for source, cand in candidates:
        person = usable_person(cand, users)
        if person is None:
            if one_addr_spec(cand.email) is None:
                notes.append(f"{label[source]} {cand.email!r} is not exactly one address: not used")
            continue  # a role account, no-reply or the user's own address is simply not a person to thank
        if sender is None or sender.ambiguous or one_addr_spec(sender.email) is None:
            notes.append(f"{label[source]} {person.email} cannot be checked against the From address: not used")
        elif same_organisation(person.domain, sender.domain) or (is_relay(sender) and (
                relay_names_domain(person.domain, email) or
                (source == "organizer" and not is_shared_domain(person.domain) and
                 org_domain(person.domain) in company_domains))):
            return ContactChoice(person, tuple(notes), source)
        else:
            notes.append(f"{label[source]} {person.email} is on another domain than From {sender.email}: not used")
    return ContactChoice(None, (*notes, from_note), "")


# ``ContactChoice.source`` of the interviewer an agency's forwarded invitation names (its ORGANIZER at the client):
# the interview's thank-you goes there; planning writes a check-in to the recruiter, not round the agency
CLIENT_ORGANIZER = "client-organizer"


def _client_organiser(email: ParsedEmail, organizer: Address | None, recruiter: Address,
                      users: frozenset[str]) -> ContactChoice | None:
    """The interviewer of a recruitment agency's invitation (:func:`agent.extract.agency.agency_mail`): its ORGANIZER
    when it is a person at another organisation than the recruiter's, on a domain the email names as the client's -
    the client's name spelled by the domain ("Kestrel Retail", kestrelretail.co.uk), or the domain written in the
    mail (:func:`relay_names_domain`). None otherwise: an organiser on a domain the mail does not tie to the client
    may be anyone's (a forged invitation must not take the thank-you elsewhere)."""
    person = usable_person(organizer, users) if organizer is not None else None
    if person is None or same_organisation(person.domain, recruiter.domain) or is_shared_domain(person.domain):
        return None
    agency = agency_mail(email.subject, email.text[:20_000])
    if agency is None:
        return None
    label = fold(org_domain(person.domain).split(".")[0])
    client = fold(agency.client or "")
    if not ((len(label) >= 3 and bool(client) and (label in client or client in label)) or
            relay_names_domain(person.domain, email)):
        return None
    return ContactChoice(person, (f"an agency's invitation: writing to the interviewer (ORGANIZER) at the client, "
                                  f"not to the recruiter {recruiter.email} who forwarded it",), CLIENT_ORGANIZER)


def booking_people(sender: Address | None, organizer: Address | None, attendees: Iterable[Address],
                   user_addresses: frozenset[str]) -> tuple[Address, ...]:
    """The people of a booking a relay sent (a scheduling tool's confirmation: Calendly, GoodTime, an ATS's
    scheduler) - its calendar part's ORGANIZER and ATTENDEEs that are persons (:func:`usable_person`: not the user,
    no role account, no no-reply) at an organisation (not on a shared mail domain, not a relay's): whose company the
    interview is with, as the mail says it. None for mail from a company's own address (its From says whose it
    is). Pure."""
    if sender is None or not is_relay(sender):
        return ()
    users = frozenset(mailbox_key(a) for a in user_addresses)
    found = (usable_person(a, users) for a in (*((organizer,) if organizer else ()), *attendees))
    people = [p for p in found if p is not None and not is_shared_domain(p.domain) and not is_relay(p)]
    return tuple({p.email: p for p in people}.values())


def contact_choice(email: ParsedEmail, organizer: Address | None = None) -> ContactChoice:
    """The email's human contact by :func:`recipient_rule` (kept for callers of the old name)."""
    return recipient_rule(email, organizer)


def human_contact(email: ParsedEmail) -> Address | None:
    """The person to thank for this email (see :func:`recipient_rule`), or None."""
    return recipient_rule(email).contact


def contact_reason(email: ParsedEmail, recipient: Address | None) -> str | None:
    """The follow-up's ``reason`` (shown by ``onward followups``) for addressing a follow-up answering
    ``email`` to ``recipient`` (None: ``needs_recipient``); None when there is nothing to say."""
    choice = recipient_rule(email)
    notes = "; ".join(choice.notes)
    return reason_for(choice.contact, notes, recipient)


def reason_for(contact: Address | None, notes: str, recipient: Address | None) -> str | None:
    """The reason text of a recipient: why nobody, or why another header than From was used."""
    if recipient is None:
        return f"no human recipient: {notes}" if notes else "no human recipient found"
    if not notes:
        return None
    if contact is not None and recipient.email == contact.email:
        return notes if "; writing to " in notes else f"{notes}; writing to {recipient.email}"
    return f"{notes}; writing to {recipient.email}, who wrote earlier in the thread"


@functools.lru_cache(maxsize=4096)  # pure; a mailbox has few senders, each read for every job email
def sender_key(sender: Address | None) -> str:
    """Who sent an email, as linking compares senders: the organisational domain of a company's own
    address; ``relay:<address>|<display name>`` behind an ATS or bulk-mail relay (the relay address
    alone is shared by every company on it); ``addr:<address>`` on a shared mail domain; "" for none - also
    behind a relay that signs with no name or its own ("LinkedIn <jobs-noreply@linkedin.com>" sends for every
    company). A relay signed by a team word is a sender many companies share (:func:`shared_sender`)."""
    if sender is None or one_addr_spec(sender.email) is None:
        return ""
    if is_relay(sender):
        if not fold(sender.name) or is_relay_name(sender.name):
            return ""
        return f"relay:{sender.email.lower()}|{fold(sender.name)}"
    if is_shared_domain(sender.domain):
        return f"addr:{sender.email.lower()}"
    return org_domain(sender.domain)


def shared_sender(sender: Address | None, company_key: str = "") -> bool:
    """Whether a sender identity (:func:`sender_key`) is one many companies share: a relay signed by a name that
    names nobody - a no-reply ("No Reply") or team words only ("Talent Acquisition <noreply@successfactors.eu>",
    "Recruiting Team", "Personalabteilung", "Équipe Recrutement"): every company on that relay may sign its mail
    so; or, for an email naming a company (``company_key``), a relay signed by a name that is not that company's -
    a recruiter's ("Sarah <no-reply@hire.lever.co>"), and another company's recruiter may sign alike. Its mail is
    one company's only by the company each email names (:func:`agent.record.linking.choose`). Pure."""
    if sender is None or not sender_key(sender).startswith("relay:"):
        return False
    name = sender.name
    if is_noreply_name(name) or not clean_company(name) or all(w in TEAM_WORDS for w in lower_words(name)):
        return True
    signed, key = fold(name), fold(company_key)
    return bool(key) and not (len(key) >= 3 and (key in signed or (len(signed) >= 3 and key.startswith(signed))))


def _ats(address: str | None) -> str | None:
    """The applicant-tracking system (the relay list's kind ``ats``) an address writes through, or None."""
    relay = relay_for_domain(address.rpartition("@")[2]) if address and "@" in address else None
    return relay.vendor if relay is not None and relay.kind == RelayKind.ATS else None


def another_ats(sender: Address | None, senders: Iterable[tuple[str | None, str | None]]) -> bool:
    """Whether ``sender`` writes through an applicant-tracking system that none of an application's emails came
    through, while some came through another: the application's ``senders`` (each its address, when its identity
    is unknown, and its :func:`sender_key`) name the systems it is in - an acknowledgement from a third is of
    another application (the user applied again where the company moved its hiring), never that application's
    late word. Pure."""
    through = _ats(sender.email) if sender is not None else None
    if through is None:
        return False
    systems = {_ats(key.removeprefix("relay:").partition("|")[0] if key else addr) for addr, key in senders}
    systems.discard(None)
    return bool(systems) and through not in systems


def key_domain(key: str) -> str:
    """The organisational domain a :func:`sender_key` names ("" for a relay or a shared address)."""
    return "" if not key or ":" in key else key


# --------------------------------------------------------------------------------------------------
# senders an account's applications know (which mail of Spam and Trash is read)
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class KnownSenders:
    """Who wrote for an account's applications, as :func:`known_sender` compares senders: exact addresses (as
    :func:`mailbox_key` gives them; never a relay's, which is every company's on the relay), the organisational
    domains of the company-own addresses among them (never a shared mail domain), the relay identities
    (:func:`sender_key`: the relay address and the display name linking ties to an application), and the user's
    own addresses (never a sender of the company's)."""

    addresses: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()
    relays: frozenset[str] = frozenset()
    own: frozenset[str] = frozenset()


def known_senders(senders: Iterable[tuple[str | None, str | None]],
                  user_addresses: Iterable[str] = ()) -> KnownSenders:
    """:class:`KnownSenders` from the (address, :func:`sender_key`) pairs of the emails an account's applications
    hold (and the contacts the user gave them: an address without a key). Pure."""
    own = frozenset(mailbox_key(a) for a in user_addresses if a)
    addresses: set[str] = set()
    domains: set[str] = set()
    relays: set[str] = set()
    for address, key in senders:
        if key and key.startswith("relay:"):
            relays.add(key)
        spec = one_addr_spec(address)
        if spec is None or mailbox_key(spec) in own or is_relay(Address("", spec)):
            continue
        addresses.add(mailbox_key(spec))
        domain = spec.rpartition("@")[2]
        if not is_shared_domain(domain):
            domains.add(org_domain(domain))
    return KnownSenders(frozenset(addresses), frozenset(domains), frozenset(relays), own)


def known_sender(sender: Address | None, known: KnownSenders) -> bool:
    """Whether an email of ``sender`` is mail of one of the applications ``known`` describes, by its From alone -
    the rule for the spam folder and the trash, whose other mail (job scams, deleted newsletters) is never read:

    * the exact address that wrote for an application (compared as :func:`mailbox_key` does), unless a relay's;
    * an address on the organisational domain (Public Suffix List, as :func:`same_organisation` decides) of a
      company-own address that wrote for one: a company's no from another address of it (``careers@`` said thanks,
      ``jana.novak@`` says no) - never on a shared mail domain (gmail.com: anyone), never a relay's;
    * behind an ATS or bulk-mail relay, only the relay identity linking ties to an application
      (:func:`sender_key`: the same relay address and display name); a relay's domain, address or a company name
      alone is no one's in particular (anyone can send through sendgrid.net or post a job on an ATS).

    Never an ambiguous From, one that is not one plain address, or the user's own address. Pure."""
    if sender is None or sender.ambiguous:
        return False
    spec = one_addr_spec(sender.email)
    if spec is None or mailbox_key(spec) in known.own:
        return False
    if is_relay(Address(sender.name, spec)):
        key = sender_key(Address(sender.name, spec))
        return bool(key) and key in known.relays
    if mailbox_key(spec) in known.addresses:
        return True
    domain = spec.rpartition("@")[2]
    return not is_shared_domain(domain) and org_domain(domain) in known.domains
