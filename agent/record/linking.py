"""Which application an email belongs to (pure): every application is (company, role) of ONE account.

The candidates are always of the email's own account: linking never crosses accounts. In this order:

1. **Thread**: an email whose Message-ID, In-Reply-To or References is in an application's thread
   joins it.
2. **Sender**: an email from the same sender identity as an application's earlier email - the same
   organisational domain (``recrutement@lumiere-tech.fr`` and ``camille.laurent@lumiere-tech.fr``),
   or, behind an ATS relay, the same relay address and display name ("Umbrella Health"
   <no-reply@us.greenhouse-mail.io>) - joins it when the role is the same or unknown on one side,
   whatever company name each email gives.
3. **Role**: an email that names a role joins the application of that company with that role (the
   role compared without case, punctuation or gender markers).
4. **Company**, only when the role is unknown on one side: an email naming no role joins the
   company's most recently updated application; an email naming a role joins the company's
   application whose role is not known yet (and names it).
5. Otherwise a new application is opened.

A company name alone never joins an application whose emails came from another registered domain
(``evil-acme.test`` naming "Acme Real", whose mail came from ``acmeeight-real.test``): the email opens
a new application flagged ``possible_duplicate_of`` the other, for the user to merge or not. A
company name made only from the sender's domain is weak evidence too: it joins by company (step 4)
only an application one of whose emails came from the same organisational domain.
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
    SENDER = "sender"
    ROLE = "role"
    COMPANY = "company"
    NEW = "new"


@dataclass(frozen=True)
class Candidate:
    """An application an email might join, as linking needs it (always of the email's own account)."""

    id: int
    role_key: str             # "" when the role is unknown
    updated_at: str
    domains: frozenset[str] = field(default_factory=frozenset)  # org domains its company's emails came from
    open: bool = True         # applied, interview or no_response: still waiting for an answer


@dataclass(frozen=True)
class Link:
    application_id: int | None  # None: open a new application
    reason: LinkReason
    possible_duplicate_of: int | None = None  # NEW only: an application of the same company name elsewhere


_GENDER_RE = re.compile(r"\(\s*[a-z*/ ]{1,12}\)|\b[mwfd]/[mwfd](?:/[mwfdx])?\b", re.I)


def role_key(role: str | None) -> str:
    """"Senior Data Engineer (m/w/d)" → "seniordataengineer"; "" for no role."""
    text = _GENDER_RE.sub(" ", role or "")
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if ch.isalnum()).casefold()


def _best(candidates: Sequence[Candidate]) -> Candidate:
    """An open application before a closed one, then the most recently updated."""
    return max(candidates, key=lambda c: (c.open, c.updated_at, c.id))


def _by_role(pool: Sequence[Candidate], key: str) -> Candidate | None:
    """The candidate of the same role, else one whose role or the email's is unknown."""
    same = [c for c in pool if key and c.role_key == key]
    if same:
        return _best(same)
    fits = [c for c in pool if not key or not c.role_key]
    return _best(fits) if fits else None


def choose(*, thread_app: int | None, role: str | None, source: CompanySource, sender_domain: str,
           candidates: Sequence[Candidate], same_sender: Sequence[Candidate] = ()) -> Link:
    """The application an email joins (see the module docstring). ``candidates``: the applications
    whose company key is the email's; ``same_sender``: those with an email from the same sender
    identity (organisational domain, or relay address and display name); ``sender_domain``: the
    email's organisational domain, "" when it says nothing of the company (a relay, a shared domain)."""
    if thread_app is not None:
        return Link(thread_app, LinkReason.THREAD)
    key = role_key(role)
    sender = _by_role(same_sender, key)
    if sender is not None:
        return Link(sender.id, LinkReason.SENDER)
    same_role = [c for c in candidates if key and c.role_key == key and _related(c, sender_domain)]
    if same_role:
        return Link(_best(same_role).id, LinkReason.ROLE)
    pool = [c for c in candidates if not c.role_key] if key else list(candidates)
    if source == CompanySource.DOMAIN:
        pool = [c for c in pool if sender_domain and sender_domain in c.domains]
    related = [c for c in pool if _related(c, sender_domain)]
    if related:
        return Link(_best(related).id, LinkReason.COMPANY)
    unrelated = [c for c in candidates if not key or not c.role_key or c.role_key == key]
    return Link(None, LinkReason.NEW, _best(unrelated).id if unrelated else None)


def _related(c: Candidate, sender_domain: str) -> bool:
    """A company-name match counts only when the email's organisational domain is one the application's
    company wrote from, or when either side has no organisational domain to compare (a relay, a
    shared mail domain, an application added by hand)."""
    return not c.domains or not sender_domain or sender_domain in c.domains
