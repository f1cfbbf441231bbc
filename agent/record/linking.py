"""Which application an email belongs to (pure): every application is (company, role) of ONE account.

The candidates are always of the email's own account, but for the thread: an email citing the thread of
another account's application joins that application when its sender wrote to it before (the company wrote to
the user's other address; :meth:`agent.record.outcomes.Recorder._thread_application`). In this order:

1. **Thread**: an email whose Message-ID, In-Reply-To or References is in an application's thread
   joins it (one of its own account's first, else another account's its sender wrote to).
2. **Sender**: an email from the same sender identity as an application's earlier email - the same
   organisational domain (``recrutement@lumiere-tech.fr`` and ``camille.laurent@lumiere-tech.fr``),
   or, behind an ATS relay, the same relay address and display name ("Umbrella Health"
   <no-reply@us.greenhouse-mail.io>) - joins it when the role is the same or unknown on one side,
   whatever company name each email gives. Not when the email names a company its own domain does
   not ("Goldman Sachs Recruiting" <…@oracle.com>, two companies behind one placeholder domain): then
   the address belongs to a host, not to the company, and only a same company name counts. Nor across two
   company names behind a relay signed by a team word ("Talent Acquisition" <noreply@successfactors.eu>: every
   company on SuccessFactors may sign so), nor behind a relay signed by a name that is not the company's the email
   names ("Sarah" <no-reply@hire.lever.co>: two companies' recruiters may sign alike): that sender joins an
   application of the company the email names, or when one side names none.
3. **Role**: an email that names a role joins the application of that company with that role (the
   role compared without case, punctuation or gender markers).
4. **Company**, only when the role is unknown on one side: an email naming a role joins the company's
   application whose role is not known yet (and names it); an email naming no role joins only when it is
   unambiguous - the company's one open application, or its one application when none is open.
5. Otherwise a new application is opened; when an email naming no role could belong to several of the
   company's applications, it is flagged ``possible_duplicate_of`` the most recent, never merged silently.

6. **An agency's vague word**: a recruitment agency's email (:mod:`agent.extract.agency`) that names neither
   the client nor the role, and is no acknowledgement ("my client has decided not to progress your
   application"), is news of one of the applications its sender (the recruiter's organisational domain)
   wrote for, whatever client each is recorded under: it joins the one still open; with several open it is
   its own application, flagged ``possible_duplicate_of`` the most recent, never merged silently (planning
   holds their check-ins: :func:`agent.followups.plan.check_ins`). An acknowledgement naming no client is a
   new submission, linked as any email.

7. **An agency's client**: an agency's email that names its client is of that client (its company), also in a
   thread: in the thread of an application of another client the recruiter wrote for before (the recruiter
   answering an old thread about a new client's interview) it opens, or joins, the named client's application
   instead (:meth:`agent.record.outcomes.Recorder._link`); an application recorded under the agency's own name
   (the first email named no client) takes the client's name the first time an email of it names one.

8. **Applying again**: an acknowledgement that would join an application by sender, role or company (not
   by thread) opens a new one when that application was rejected at least :data:`APPLIED_AGAIN_AFTER`
   before the acknowledgement's date: the user applied again. One dated before the rejection (read after
   it), or a few days after it (an ATS's late acknowledgement), joins as ever - unless it came through another
   applicant-tracking system than every one the application's mail came through (the company moved its hiring
   to a new system and the user applied there): then any time after the rejection is applying again.

9. **A scheduling tool's booking naming no company** (Calendly, GoodTime, an ATS's scheduler: a relay's email with
   an invitation, "Your meeting with Priya Nair is confirmed"), not in a thread: it joins the application its
   people tie it to (:func:`booking`) - the organisational domain of its calendar part's ORGANIZER or an ATTENDEE
   (:func:`agent.record.contacts.booking_people`) is one the application's company or its recruiter wrote from, or,
   none being on record, spells the company's name ("corvidlabs.io" for Corvid Labs), the first before the second;
   among several, the role it names decides, or the one open. Nothing tying it, the role alone joins the one open application of that role
   whose company has no other domain on record. Otherwise it is its own application, flagged
   ``possible_duplicate_of`` the most recent open one it could be: never a guess, and never by a person's name.

A company name alone never joins an application whose emails came from another registered domain
(``evil-acme.test`` naming "Acme Real", whose mail came from ``acmeeight-real.test``): the email opens
a new application flagged ``possible_duplicate_of`` the other, for the user to merge or not. A
company name made only from the sender's domain is weak evidence too: it joins by company (step 4)
only an application one of whose emails came from the same organisational domain.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from agent.extract.names import fold


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
    BOOKING = "booking"
    NEW = "new"


@dataclass(frozen=True)
class Candidate:
    """An application an email might join, as linking needs it (always of the email's own account)."""

    id: int
    role_key: str             # "" when the role is unknown
    updated_at: str
    domains: frozenset[str] = field(default_factory=frozenset)  # org domains its company's emails came from
    open: bool = True         # applied, interview or no_response: still waiting for an answer
    company_key: str = ""     # its company's key, when linking needs it (a same-sender application of another name)


@dataclass(frozen=True)
class Link:
    application_id: int | None  # None: open a new application
    reason: LinkReason
    possible_duplicate_of: int | None = None  # NEW only: an application of the same company name elsewhere


_GENDER_RE = re.compile(r"\(\s*[a-z*/ ]{1,12}\)|\b[mwfd]/[mwfd](?:/[mwfdx])?\b", re.I)


@functools.lru_cache(maxsize=4096)  # pure; linking keys every candidate's role for every job email
def role_key(role: str | None) -> str:
    """"Senior Data Engineer (m/w/d)" → "seniordataengineer"; "" for no role."""
    text = _GENDER_RE.sub(" ", role or "")
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if ch.isalnum()).casefold()


def _best(candidates: Sequence[Candidate]) -> Candidate:
    """An open application before a closed one, then the most recently updated."""
    return max(candidates, key=lambda c: (c.open, c.updated_at, c.id))


def _unambiguous(pool: Sequence[Candidate]) -> Candidate | None:
    """For an email naming no role: the one open application, else the one application; None when several
    could be meant (three internships at one company, and a rejection that names none of them)."""
    waiting = [c for c in pool if c.open]
    if len(waiting) == 1:
        return waiting[0]
    return pool[0] if not waiting and len(pool) == 1 else None


def _by_role(pool: Sequence[Candidate], key: str) -> Candidate | None:
    """The candidate of the same role, else one whose role is unknown; for an email naming no role, the
    unambiguous one."""
    if not key:
        return _unambiguous(pool)
    same = [c for c in pool if c.role_key == key]
    if same:
        return _best(same)
    fits = [c for c in pool if not c.role_key]
    return _best(fits) if fits else None


def _hosted(company_key: str, domain: str) -> bool:
    """A company name its organisational domain does not spell ("goldmansachs" from oracle.com): the address is
    a host's, not the company's ("lumieretech" from lumiere-tech.fr is not, nor "lumièretechnologies": a domain
    spells a name without its accents, so they are folded before comparing). Only the domain's own label
    spells a name: the rest is its public suffix ("com" of oracle.com.au is in "telecom" by chance)."""
    if not company_key or not domain:
        return False
    key, label = fold(company_key), fold(domain.split(".")[0])
    return not (len(label) >= 3 and (label in key or key in label))


def spelled_by(company_key: str, domain: str) -> bool:
    """Whether a company name is the organisational domain's own ("harbourtalent" from harbourtalent.co.uk):
    an agency's application recorded under the agency's name, when the domain is the agency's."""
    return bool(company_key and domain) and not _hosted(company_key, domain)


def choose(*, thread_app: int | None, role: str | None, source: CompanySource, sender_domain: str,
           candidates: Sequence[Candidate], same_sender: Sequence[Candidate] = (), company_key: str = "",
           vague_agency: bool = False, agency_client: bool = False, shared_sender: bool = False) -> Link:
    """The application an email joins (see the module docstring). ``candidates``: the applications
    whose company key is the email's (``company_key``); ``same_sender``: those with an email from the same
    sender identity (organisational domain, or relay address and display name); ``sender_domain``: the
    email's organisational domain, "" when it says nothing of the company (a relay, a shared domain);
    ``vague_agency``: an agency's email naming neither client nor role, no acknowledgement (step 6);
    ``agency_client``: an agency's email naming its client (``company_key``, step 7); ``shared_sender``: the
    sender identity is a relay's signed by a team word, which many companies share
    (:func:`agent.record.contacts.shared_sender`, step 2)."""
    if thread_app is not None:
        return Link(thread_app, LinkReason.THREAD)
    key = role_key(role)
    waiting = [c for c in same_sender if c.open] if vague_agency and sender_domain and not key else []
    if len(waiting) == 1:
        return Link(waiting[0].id, LinkReason.SENDER)
    if waiting:  # several of the recruiter's applications could be meant: its own, flagged
        return Link(None, LinkReason.NEW, _best(waiting).id)
    if sender_domain and same_sender:
        # one address, two company names and a role unknown on one side: it joins across the names only when each
        # is the domain's own (not "Goldman Sachs" and "Oracle" from oracle.com)
        named = {c.id for c in candidates}
        hosted = source in (CompanySource.TEXT, CompanySource.DISPLAY) and _hosted(company_key, sender_domain)
        # an agency's email naming its client: the recruiter's applications of that client, or of none yet (under
        # the agency's own name) - the same title at another client is another job
        same_sender = [c for c in same_sender if c.id in named or (key and c.role_key == key and not agency_client)
                       or not ((hosted and not agency_client) or _hosted(c.company_key, sender_domain))]
    if shared_sender and company_key:
        # a relay signed by a team word writes for every company on it: the company named decides, not the sender
        named = {c.id for c in candidates}
        same_sender = [c for c in same_sender if c.id in named or not c.company_key]
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
    chosen = (_best(related) if key else _unambiguous(related)) if related else None
    if chosen is not None:
        return Link(chosen.id, LinkReason.COMPANY)
    if related:  # several of the company's applications could be meant: its own application, flagged
        return Link(None, LinkReason.NEW, _best(related).id)
    unrelated = [c for c in candidates if not key or not c.role_key or c.role_key == key]
    return Link(None, LinkReason.NEW, _best(unrelated).id if unrelated else None)


def _spells(company_key: str, domain: str) -> bool:
    """Whether an organisational domain's own label spells a company's name: the whole key ("corvidlabs" of
    corvidlabs.io) or its start ("corvid" of corvid.ai for Corvid Labs), four letters at least - never a word
    inside it ("labs" of labs.io)."""
    label, key = fold(domain.split(".")[0]), fold(company_key)
    return len(label) >= 4 and key.startswith(label)


def booking_ties(c: Candidate, domains: Sequence[str]) -> frozenset[str]:
    """The organisational domains of a booking's people (``domains``) that tie it to application ``c``: one its
    company or its recruiter wrote from (``c.domains``), or - none on record - one that spells its company's name."""
    return frozenset(d for d in domains if d and (d in c.domains or (not c.domains and _spells(c.company_key, d))))


def booking(*, domains: Sequence[str], role: str | None, candidates: Sequence[Candidate]) -> Link:
    """The application a scheduling tool's booking naming no company joins (step 9): ``domains``, the
    organisational domains of its people; ``role``, the role it names; ``candidates``, the account's
    applications, each with the domains its company and recruiters wrote from."""
    key = role_key(role)
    # a domain on record for an application before one that only spells its company's name
    tied = [c for c in candidates if c.domains & set(domains)] or [c for c in candidates if booking_ties(c, domains)]
    if tied:
        chosen = _by_role(tied, key)
        return Link(chosen.id, LinkReason.BOOKING) if chosen else Link(None, LinkReason.NEW, _best(tied).id)
    # the role alone: of one open application only, and not one whose company wrote from other domains than the
    # booking's people's
    same_role = [c for c in candidates if key and c.open and c.role_key == key and not (c.domains and domains)]
    if len(same_role) == 1:
        return Link(same_role[0].id, LinkReason.BOOKING)
    could_be = same_role or [c for c in candidates if c.open and (not key or c.role_key in (key, ""))]
    return Link(None, LinkReason.NEW, _best(could_be).id if could_be else None)


def _related(c: Candidate, sender_domain: str) -> bool:
    """A company-name match counts only when the email's organisational domain is one the application's
    company wrote from, or when either side has no organisational domain to compare (a relay, a
    shared mail domain, an application added by hand)."""
    return not c.domains or not sender_domain or sender_domain in c.domains


# an acknowledgement this long after the application's rejection is of a new application (step 8): an ATS's
# late acknowledgement comes within days, applying again for a role that said no takes weeks
APPLIED_AGAIN_AFTER = timedelta(days=14)


def applies_again(*, acknowledgement: bool, reason: LinkReason, rejected_at: Sequence[datetime],
                  received: datetime, another_ats: bool = False) -> bool:
    """Whether an email linked for ``reason`` to an application rejected at ``rejected_at`` (its rejections'
    dates) is a new application instead: an acknowledgement, not in its thread, dated at least
    :data:`APPLIED_AGAIN_AFTER` after one of them - or after one of them at all when it came through another
    applicant-tracking system than the application's mail (``another_ats``,
    :func:`agent.record.contacts.another_ats`): a late acknowledgement comes from the system the application
    is in."""
    return acknowledgement and reason != LinkReason.THREAD and \
        any(received - at >= (timedelta(0) if another_ats else APPLIED_AGAIN_AFTER) for at in rejected_at)
