"""Address classification (pure): which senders are automated (no-reply style, an ATS or job-board
relay, bulk-mail infrastructure), which are role accounts (``careers@``, ``jobs@``), which are persons;
the free-mail and public-suffix lists company names made from domains need. Read by the company
extraction (:mod:`agent.extract.names`) and by the recipient rule (:mod:`agent.record.contacts`, whose
docstring says why each class matters for a follow-up)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from agent.extract.relays import relay_domains
from agent.mail.types import Address

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

# Two-label public suffixes, for the company name made from a sender's domain (agent.record.applications);
# organisational domains use the Public Suffix List (:func:`org_domain`).
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
# "do not reply" in the languages drafts are written in: ne-pas-repondre@ (fr), nicht-antworten@ and
# keine-antwort@ (de), niet-beantwoorden@ and geen-antwoord@ (nl), no-responder@ / no-contestar@ (es),
# non-rispondere@ (it), nao-responda@ (pt). A check-in sent there goes nowhere.
_NOREPLY_ANYWHERE_RE = re.compile(
    r"""no[-_.]?reply | do[-_.]?not[-_.]?reply | donotreply | mailer-daemon
      | ne[-_.]?pas[-_.]?repondre | pas[-_.]?de[-_.]?reponse
      | nicht[-_.]?antworten | keine[-_.]?antwort
      | niet[-_.]?(?:be)?antwoorden | geen[-_.]?antwoord
      | no[-_.]?(?:responder|responda|contestar|conteste)
      | non[-_.]?rispondere
      | nao[-_.]?(?:responda|responder)""",
    re.VERBOSE,
)
_ROLE_LOCALS = {
    "careers", "career", "jobs", "job", "recruiting", "recruitment", "recruiter", "recruiters",
    "talent", "talentacquisition", "ta", "hr", "humanresources", "hiring", "hiringteam", "people",
    "peopleops", "apply", "applications", "application", "applicants", "candidates", "candidate",
    "info", "hello", "contact", "team", "support", "admin", "office", "mail", "enquiries", "inquiries",
    "bewerbung", "bewerbungen", "karriere", "jobs-de", "recrutement", "empleo", "rrhh", "staffing",
    "opportunities", "join", "joinus", "workwithus", "resumes", "cv", "personal",
    # the same mailboxes in the other languages drafts are written in (fr, es, it, nl, pt)
    "emploi", "emplois", "carrieres", "carriere", "candidatures", "rh", "empleos", "trabajo", "seleccion",
    "reclutamiento", "talento", "lavoro", "lavoraconnoi", "carriera", "selezione", "personale",
    "risorseumane", "werving", "vacatures", "vacature", "sollicitaties", "sollicitatie", "werkenbij",
    "personeelszaken", "recrutamento", "carreiras", "carreira", "vagas", "emprego", "empregos", "selecao",
    "trabalheconosco", "candidaturas",
}
_NOREPLY_NAME_RE = re.compile(
    r"\b(?:no[- ]?reply|do not reply|mailer[- ]daemon|ne pas r[ée]pondre|nicht antworten|niet (?:be)?antwoorden"
    r"|no responder|non rispondere|n[ãa]o responda)\b", re.IGNORECASE)


def is_noreply_name(name: str) -> bool:
    """A display name that says "do not reply" ("No Reply", "Ne pas répondre"), in the drafts' languages."""
    return bool(_NOREPLY_NAME_RE.search(name))


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
    if addr.name and is_noreply_name(addr.name):
        return True
    if ats_vendor(addr) is not None:
        return True
    return any(s in INFRA_DOMAINS for s in domain_suffixes(addr.domain))


_LOCAL_SEP_RE = re.compile(r"[-_.]")
_LOCAL_JOINERS_RE = re.compile(r"[-_.0-9]")


def is_role_account(addr: Address | None) -> bool:
    """careers@, jobs@, recruiting@, talent@, hr@ ... (also "careers-emea@", "jobs.de@")."""
    if addr is None or "@" not in addr.email:
        return False
    local = addr.local.split("+", 1)[0]
    if local in _ROLE_LOCALS:
        return True
    first = _LOCAL_SEP_RE.split(local, maxsplit=1)[0]
    compact = _LOCAL_JOINERS_RE.sub("", local)
    return first in _ROLE_LOCALS or compact in _ROLE_LOCALS


def is_person(addr: Address | None) -> bool:
    """A deliverable address that is neither automated nor a role account."""
    return addr is not None and "@" in addr.email and not is_automated_address(addr) \
        and not is_role_account(addr)
