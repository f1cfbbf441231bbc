"""Address classification and the choice of the one person a follow-up is addressed to (pure).

Addresses fall into three classes:

* **automated** (:func:`is_automated_address`): no-reply style local parts (``noreply``,
  ``do-not-reply``, ``notifications``, ``mailer-daemon``, ...) and every address at an ATS / job-board
  domain (``greenhouse.io``, ``hire.lever.co``, ``myworkday.com`` ...). ATS relay addresses sometimes
  do reach a recruiter, but we cannot tell which ones, so we never address a thank-you to them.
* **role accounts** (``careers@``, ``jobs@``, ``recruiting@``, ``talent@``, ``hr@`` ...): humans may
  read them, but they are not *a person*; :func:`is_person` is False so :func:`human_contact` skips
  them. A thank-you note to "careers@" is worse than a draft that asks the user to pick a recipient.
* **persons**: everything else with a syntactically valid address.

The contact (:func:`contact_choice`) is taken only from headers a mail client shows the same way:

* a From or Reply-To that holds several mailboxes, a group, stray brackets or a display name that
  spells out another address is **ambiguous** (``Address.ambiguous``, set by the header parser): no
  contact is taken from it;
* a Reply-To is used only when it is on the same organisational domain as From, or when From is a
  relay (an ATS or bulk-mail domain, which says nothing about the company) and the Reply-To's domain
  names the company the email is about. Otherwise (``jane.miller@evil-phish.test`` behind a From at
  ``acme.test``, a no-reply From redirected to a free-mail address) it is not trusted: the From person
  is used, or nobody (``needs_recipient``); :attr:`ContactChoice.reason` says why, for
  ``onward followups``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from agent.extract.relays import relay_domains
from agent.mail.types import Address, ParsedEmail

__all__ = [
    "ATS_DOMAINS",
    "ContactChoice",
    "ats_vendor",
    "contact_choice",
    "contact_reason",
    "human_contact",
    "is_automated_address",
    "is_person",
    "is_role_account",
    "org_domain",
]

# domain suffix -> vendor, from the shipped relay list (config/relays.toml). Suffix match on whole
# labels: "hire.lever.co" matches "lever.co".
ATS_DOMAINS: dict[str, str] = relay_domains()

# Bulk-mail infrastructure: the sender domain says nothing about the company.
INFRA_DOMAINS = {
    "sendgrid.net", "mailgun.org", "mailgun.net", "amazonses.com", "mcsv.net", "mailchimpapp.net",
    "mandrillapp.com", "hubspotemail.net", "hs-email.net", "mktomail.com", "exacttarget.com",
    "salesforce.com", "sparkpostmail.com", "postmarkapp.com", "mailjet.com", "sendinblue.com",
    "brevo.com", "qualtrics.com", "calendly.com", "zoom.us", "google.com", "microsoft.com",
    "onmicrosoft.com", "goodtime.io", "modernloop.io", "hackerrank.com", "codility.com",
    "codesignal.com", "hirevue.com",
}

FREEMAIL_DOMAINS = {
    "gmail.com", "googlemail.com", "yahoo.com", "ymail.com", "hotmail.com", "outlook.com", "live.com",
    "msn.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me", "protonmail.com", "pm.me",
    "gmx.de", "gmx.net", "gmx.com", "web.de", "mail.com", "yandex.ru", "yandex.com", "zoho.com",
    "fastmail.com", "fastmail.fm", "hey.com", "t-online.de", "orange.fr", "free.fr", "laposte.net",
    "qq.com", "163.com", "126.com", "mail.ru", "hotmail.co.uk", "yahoo.co.uk", "outlook.de",
    "hotmail.fr", "yahoo.fr", "libero.it", "posteo.de", "tutanota.com", "duck.com",
}
FREEMAIL_FIRST_LABELS = {"gmail", "yahoo", "hotmail", "outlook", "live", "gmx", "yandex", "icloud"}

# Two-label public suffixes we meet in practice (a full PSL would be a dependency).
PUBLIC_SUFFIXES_2 = {
    "co.uk", "org.uk", "ac.uk", "gov.uk", "ltd.uk", "plc.uk", "me.uk", "com.au", "net.au", "org.au",
    "co.nz", "co.jp", "ne.jp", "or.jp", "co.in", "co.kr", "com.br", "com.mx", "com.ar", "co.za",
    "com.sg", "com.cn", "com.hk", "com.tw", "com.tr", "co.il", "com.my", "com.ph", "com.pl", "com.es",
    "co.id", "com.vn", "com.ng", "co.ke", "com.co", "com.pe", "com.ua", "co.at", "or.at", "co.th",
}

NOREPLY_LOCAL_RE = re.compile(
    r"""^(?:
        no[-_.]?reply | do[-_.]?not[-_.]?reply | dont[-_.]?reply | noresponse | no[-_.]?response
      | mailer[-_.]?daemon | postmaster | bounces? | notifications? | notify | alerts? | automated
      | auto[-_.]?(?:reply|confirm|mail|mailer|responder)? | system | daemon | newsletter | news
      | jobs[-_.]?noreply | messages?[-_.]?noreply | invitations | updates? | digest | mailer
    )(?:[-_.+0-9].*)?$""",
    re.VERBOSE,
)
_NOREPLY_ANYWHERE_RE = re.compile(r"no[-_.]?reply|do[-_.]?not[-_.]?reply|donotreply|mailer-daemon")
_ROLE_LOCALS = {
    "careers", "career", "jobs", "job", "recruiting", "recruitment", "recruiter", "recruiters",
    "talent", "talentacquisition", "ta", "hr", "humanresources", "hiring", "hiringteam", "people",
    "peopleops", "apply", "applications", "application", "applicants", "candidates", "candidate",
    "info", "hello", "contact", "team", "support", "admin", "office", "mail", "enquiries", "inquiries",
    "bewerbung", "bewerbungen", "karriere", "jobs-de", "recrutement", "empleo", "rrhh", "staffing",
    "opportunities", "join", "joinus", "workwithus", "resumes", "cv", "personal",
}
_NOREPLY_NAME_RE = re.compile(r"\b(?:no[- ]?reply|do not reply|mailer[- ]daemon)\b", re.IGNORECASE)


# --------------------------------------------------------------------------------------------------
# addresses
# --------------------------------------------------------------------------------------------------

def domain_suffixes(domain: str) -> Iterable[str]:
    labels = domain.lower().strip(".").split(".")
    for i in range(len(labels) - 1):
        yield ".".join(labels[i:])


def ats_vendor(addr: Address | None) -> str | None:
    """ATS / job-board vendor of a sender address ("greenhouse", "lever", ...), or None."""
    if addr is None or "@" not in addr.email:
        return None
    return vendor_for_domain(addr.domain)


def vendor_for_domain(domain: str) -> str | None:
    for suffix in domain_suffixes(domain):
        vendor = ATS_DOMAINS.get(suffix)
        if vendor:
            return vendor
    return None


def is_automated_address(addr: Address | None) -> bool:
    """True for no-reply style senders and any address at an ATS / job-board domain.

    Why: a reply to these goes nowhere (or into a ticket queue), so they must never be the To of a
    thank-you note. Unparseable addresses count as automated for the same reason.
    """
    if addr is None or "@" not in addr.email:
        return True
    local = addr.local
    if NOREPLY_LOCAL_RE.match(local) or _NOREPLY_ANYWHERE_RE.search(local):
        return True
    if addr.name and _NOREPLY_NAME_RE.search(addr.name):
        return True
    if ats_vendor(addr) is not None:
        return True
    return any(s in INFRA_DOMAINS for s in domain_suffixes(addr.domain))


def is_role_account(addr: Address | None) -> bool:
    """careers@, jobs@, recruiting@, talent@, hr@ ... (also "careers-emea@", "jobs.de@")."""
    if addr is None or "@" not in addr.email:
        return False
    local = addr.local.split("+", 1)[0]
    if local in _ROLE_LOCALS:
        return True
    first = re.split(r"[-_.]", local, maxsplit=1)[0]
    compact = re.sub(r"[-_.0-9]", "", local)
    return first in _ROLE_LOCALS or compact in _ROLE_LOCALS


def is_person(addr: Address | None) -> bool:
    """A deliverable address that is neither automated nor a role account."""
    return addr is not None and "@" in addr.email and not is_automated_address(addr) \
        and not is_role_account(addr)


# --------------------------------------------------------------------------------------------------
# the contact
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ContactChoice:
    """The person to write to (None: nobody) and why From / Reply-To were not used (``notes``)."""

    contact: Address | None
    notes: tuple[str, ...] = ()


def org_domain(domain: str) -> str:
    """The organisational (registrable) domain: "mail.careers.acme.co.uk" -> "acme.co.uk"."""
    labels = [label for label in (domain or "").lower().strip(".").split(".") if label]
    keep = 3 if ".".join(labels[-2:]) in PUBLIC_SUFFIXES_2 else 2
    return ".".join(labels[-keep:])


def _is_relay(addr: Address) -> bool:
    """An ATS or bulk-mail sender: its domain says nothing about the company."""
    return ats_vendor(addr) is not None or any(s in INFRA_DOMAINS for s in domain_suffixes(addr.domain))


def _fold(text: str) -> str:
    """Letters and digits only, accents dropped, case-folded: "Société-Exemple" -> "societeexemple"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ch.isalnum()).casefold()


def _mail_names_domain(domain: str, email: ParsedEmail) -> bool:
    """Whether the email itself (From's name, subject, body) names the organisation of ``domain``."""
    if any(s in FREEMAIL_DOMAINS for s in domain_suffixes(domain)):
        return False
    label = org_domain(domain).split(".")[0]
    key = _fold(label)
    if len(key) < 3 or label in FREEMAIL_FIRST_LABELS:
        return False
    name = email.from_.name if email.from_ is not None else ""
    return key in _fold(f"{name} {email.subject} {email.text[:20_000]}")


def _trusted_reply_to(email: ParsedEmail) -> tuple[Address | None, str | None]:
    """(the Reply-To person when it can be trusted, why the Reply-To was not used)."""
    if not email.reply_to:
        return None, None
    if len(email.reply_to) > 1 or any(a.ambiguous for a in email.reply_to):
        return None, "Reply-To holds several addresses, a group or a misleading name: not used"
    reply_to, sender = email.reply_to[0], email.from_
    if not is_person(reply_to):
        return None, None  # a role account or no-reply Reply-To is simply not a person to thank
    if sender is None or sender.ambiguous or not sender.domain:
        return None, f"Reply-To {reply_to.email} cannot be checked against the From address: not used"
    if org_domain(reply_to.domain) == org_domain(sender.domain):
        return reply_to, None
    if _is_relay(sender) and _mail_names_domain(reply_to.domain, email):
        return reply_to, None  # "Acme <no-reply@greenhouse.io>", Reply-To jane@acme.com
    return None, f"Reply-To {reply_to.email} is on another domain than From {sender.email}: not used"


def _why_not_from(sender: Address | None) -> str:
    if sender is None or not sender.email:
        return "the email has no usable From address"
    if sender.ambiguous:
        return "From holds several addresses, a group or a misleading name: not used"
    if is_role_account(sender):
        return f"From {sender.email} is a role account, not a person"
    return f"From {sender.email} is an automated address"


def contact_choice(email: ParsedEmail) -> ContactChoice:
    """The rejection's human contact: a trusted Reply-To person, else the From person, else None;
    with the notes that explain which header was not used and why."""
    reply_to, note = _trusted_reply_to(email)
    if reply_to is not None:
        return ContactChoice(reply_to)
    notes = (note,) if note else ()
    sender = email.from_
    if sender is not None and not sender.ambiguous and is_person(sender):
        return ContactChoice(sender, notes)
    return ContactChoice(None, (*notes, _why_not_from(sender)))


def human_contact(email: ParsedEmail) -> Address | None:
    """The person to thank for this email (see :func:`contact_choice`), or None."""
    return contact_choice(email).contact


def contact_reason(email: ParsedEmail, recipient: Address | None) -> str | None:
    """The follow-up's ``reason`` (shown by ``onward followups``) for addressing the follow-up of
    rejection ``email`` to ``recipient`` (None: ``needs_recipient``); None when there is nothing to say.

    For the record stage: ``recipient`` is the final choice (this email's contact, the thread's last
    human, or None).
    """
    choice = contact_choice(email)
    notes = "; ".join(choice.notes)
    if recipient is None:
        return f"no human recipient: {notes}" if notes else "no human recipient found"
    if not notes:
        return None
    if choice.contact is not None and recipient.email == choice.contact.email:
        return f"{notes}; writing to From {recipient.email}"
    return f"{notes}; writing to {recipient.email}, who wrote earlier in the thread"
