"""Company / role of a job email for the record, and signature names (pure).

The company and the role come from :mod:`agent.extract`: candidates from the subject, display name,
body, signature, domain and ATS slug, ranked by a small learned model; relays (ATS, job boards, mail
relays: ``config/relays.toml``) are never the company. ``None`` is always an acceptable answer, a wrong
one is not: a wrong role ends up in a thank-you note the user might send; a missing one renders as "the
role". A company name keeps the spelling the email itself uses ("Muster GmbH", "FBI Consulting").

Address classification (ATS, no-reply, role accounts) and the choice of the person to thank live in
:mod:`agent.record.contacts`; the names are re-exported here for existing callers.
"""

from __future__ import annotations

import re

from agent.extract.candidates import Source
from agent.extract.extractor import Extraction, extract
from agent.extract.names import company_from_ats_slug, company_from_domain, normalize_company, strip_quoted
from agent.mail.types import ParsedEmail
from agent.record.contacts import (
    ATS_DOMAINS,
    ats_vendor,
    human_contact,
    is_automated_address,
    is_person,
    is_role_account,
)
from agent.record.linking import CompanySource

__all__ = [
    "ATS_DOMAINS",
    "ats_vendor",
    "is_automated_address",
    "is_role_account",
    "is_person",
    "extract_company",
    "extract_role",
    "extraction",
    "company_with_source",
    "normalize_company",
    "human_contact",
    "contact_name_from_signature",
    "company_from_domain",
    "company_from_ats_slug",
    "strip_quoted",
]

# How linking weighs where a company name came from.
_LINK_SOURCE = {
    Source.SUBJECT: CompanySource.TEXT, Source.BODY: CompanySource.TEXT, Source.SIGNATURE: CompanySource.TEXT,
    Source.DISPLAY: CompanySource.DISPLAY, Source.DOMAIN: CompanySource.DOMAIN, Source.SLUG: CompanySource.ATS,
    Source.NONE: CompanySource.NONE,
}


def extraction(email: ParsedEmail) -> Extraction:
    """Company and role with where each came from and the ranker's confidence (see agent.extract)."""
    return extract(email)


def link_source(found: Extraction) -> CompanySource:
    """Where the company came from, as linking weighs it."""
    return _LINK_SOURCE[found.company.source]


def extract_company(email: ParsedEmail) -> str | None:
    """Best-effort company display name ("Acme Corp") or None (see :func:`company_with_source`)."""
    return extract(email).company.text


def company_with_source(email: ParsedEmail) -> tuple[str | None, CompanySource]:
    """Best-effort company display name ("Acme Corp") or None, and where it came from."""
    found = extract(email)
    return found.company.text, link_source(found)


def extract_role(email: ParsedEmail) -> str | None:
    """Role title ("Senior Data Engineer") or None; gender tags, requisition numbers and bracketed
    places are never part of it."""
    return extract(email).role.text


# --------------------------------------------------------------------------------------------------
# signatures
# --------------------------------------------------------------------------------------------------

_SIGNOFF_RE = re.compile(
    r"^[ \t]*(?:best(?:[ \t]+(?:regards|wishes))?|kind(?:est)?[ \t]+regards|warm(?:est)?[ \t]+regards|"
    r"regards|many[ \t]+thanks|thanks(?:[ \t]+again)?|thank[ \t]+you(?:[ \t]+again)?|sincerely|"
    r"yours[ \t]+sincerely|all[ \t]+the[ \t]+best|cheers|with[ \t]+gratitude|respectfully|"
    r"viele[ \t]+grüße|beste[ \t]+grüße|freundliche[ \t]+grüße|mit[ \t]+freundlichen[ \t]+grüßen|"
    r"liebe[ \t]+grüße|cordialement|bien[ \t]+cordialement|bien[ \t]+à[ \t]+vous|saludos(?:[ \t]+cordiales)?|"
    r"atentamente|un[ \t]+saludo)[ \t]*[,.!]?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_NAME_LINE_RE = re.compile(
    r"^(?:[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]+(?:-[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]+)?|[A-Z]\.)"
    r"(?:[ ](?:[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]+(?:-[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]+)?|[A-Z]\.|van|von|de|der|da|di|del|la|le)){0,3}$"
)
_NOT_NAME_WORDS = {
    "team", "recruiting", "recruitment", "talent", "acquisition", "hr", "careers", "hiring", "people",
    "the", "your", "our", "human", "resources", "department", "group", "inc", "llc", "gmbh", "ltd",
    "corp", "jobs", "recruiter", "manager", "engineer", "support", "sent", "from", "get", "download",
    "unsubscribe", "privacy", "policy", "equipe", "équipe", "ihr", "best", "thanks", "regards", "votre", "el", "equipo",
}


def contact_name_from_signature(text: str) -> str | None:
    """Human sign-off name ("Best,\\nJane Smith\\nRecruiter" -> "Jane Smith") or None.

    Why: ATS mail comes from no-reply addresses but is often signed by a real recruiter, whose
    name makes a better greeting than "Hiring Team". Quoted lines are ignored; team sign-offs
    ("The Acme Recruiting Team") are rejected.
    """
    if not text:
        return None
    text = strip_quoted(text)[:30_000]
    for m in _SIGNOFF_RE.finditer(text):
        rest = text[m.end():].lstrip("\r\n").split("\n", 3)[:2]
        for line in rest:
            line = line.strip().rstrip(",")
            if not line:
                continue
            line = re.split(r"\s+[|–—-]\s+|,\s", line, maxsplit=1)[0].strip()  # "Jane Smith | Recruiter"
            if _SIGNOFF_RE.fullmatch(line):
                break  # "thanks.\n\nBest,\nJane": the real sign-off is the next match
            if _NAME_LINE_RE.match(line) and not any(
                    w.casefold() in _NOT_NAME_WORDS for w in line.split()) and len(line) <= 40:
                return line
            break
    return None


