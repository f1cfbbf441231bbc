"""Which application an email belongs to (pure): every application is (company, role).

In this order:

1. **Thread**: an email whose Message-ID, In-Reply-To or References is in an application's thread
   joins it.
2. **Role**: an email that names a role joins the application of that company with that role (the
   role compared without case, punctuation or gender markers) - so a rejection that names a role
   joins that role's application, and two roles at one company stay two applications.
3. **Company**, only when the role is unknown on one side: an email naming no role joins the
   company's most recently updated application; an email naming a role joins the company's
   application whose role is not known yet (and names it).
4. Otherwise a new application is opened.

A company name made only from the sender's domain (``globex-corp.com`` → "Globex Corp", whose key
is also "globex") is weak evidence: such an email joins by company (step 3) only an application one
of whose emails came from the same organisational domain. Thread (1) and role (2) still link it, and
so does a name from the text, the display name or an ATS (the "ATS link").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class CompanySource(StrEnum):
    """Where an email's company name came from (strongest first)."""

    TEXT = "text"        # a phrase in the subject or body ("your application to Acme")
    DISPLAY = "display"  # the From / Reply-To display name ("Acme Recruiting")
    DOMAIN = "domain"    # the sender's own domain only
    ATS = "ats"          # an ATS slug (acme.greenhouse.io, acme@myworkday.com)
    NONE = "none"


class LinkReason(StrEnum):
    THREAD = "thread"
    ROLE = "role"
    COMPANY = "company"
    NEW = "new"


@dataclass(frozen=True)
class Candidate:
    """An application of the email's company, as linking needs it."""

    id: int
    role_key: str             # "" when the role is unknown
    updated_at: str
    domains: frozenset[str] = field(default_factory=frozenset)  # org domains its emails came from


@dataclass(frozen=True)
class Link:
    application_id: int | None  # None: open a new application
    reason: LinkReason


_GENDER_RE = re.compile(r"\(\s*[a-z*/ ]{1,12}\)|\b[mwfd]/[mwfd](?:/[mwfdx])?\b", re.I)


def role_key(role: str | None) -> str:
    """"Senior Data Engineer (m/w/d)" → "seniordataengineer"; "" for no role."""
    text = _GENDER_RE.sub(" ", role or "")
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if ch.isalnum()).casefold()


def _newest(candidates: Sequence[Candidate]) -> Candidate:
    return max(candidates, key=lambda c: (c.updated_at, c.id))


def choose(*, thread_app: int | None, role: str | None, source: CompanySource, sender_domain: str,
           candidates: Sequence[Candidate]) -> Link:
    """The application an email joins (see the module docstring). ``candidates``: the applications
    whose company key is the email's (none when the email names no company)."""
    if thread_app is not None:
        return Link(thread_app, LinkReason.THREAD)
    key = role_key(role)
    if key:
        same_role = [c for c in candidates if c.role_key == key]
        if same_role:
            return Link(_newest(same_role).id, LinkReason.ROLE)
    pool = [c for c in candidates if not c.role_key] if key else list(candidates)
    if source == CompanySource.DOMAIN:
        pool = [c for c in pool if sender_domain and sender_domain in c.domains]
    if pool:
        return Link(_newest(pool).id, LinkReason.COMPANY)
    return Link(None, LinkReason.NEW)
