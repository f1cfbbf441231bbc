"""The facts of one email that the record keeps: company, role, the human to thank, and the
serialised header facts (so a correction made later needs no mailbox). Pure, so a big pass computes
them in the worker processes that parsed the email (see :mod:`agent.intake`) and the main process,
which must record one email after another, only writes."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import datetime

from agent.extract.agency import AgencyMail, agency_mail
from agent.extract.extractor import BODY_CHARS
from agent.mail.calendar import Invitation, invitation
from agent.mail.types import Address, ParsedEmail
from agent.record import applications as apps
from agent.record.linking import CompanySource


@dataclass(frozen=True)
class Facts:
    company: str | None
    role: str | None
    contact: Address | None
    json: str
    source: CompanySource = CompanySource.TEXT  # where the company name came from (linking)
    calendar: Invitation | None = None  # the interview of an invitation's calendar part
    agency: AgencyMail | None = None  # a recruitment agency's email: ``company`` is the client it names, if any


def facts_of(email: ParsedEmail, raw: bytes = b"") -> Facts:
    """``raw``: the message as fetched, for its calendar part (an invitation's interview time). An agency's
    email (:func:`agent.extract.agency.agency_mail`) is of the client it names, written in its text; one that
    names none keeps what the extractor read (the agency's own name, from its sender or signature)."""
    found = apps.extraction(email)
    company, source = found.company.text, apps.link_source(found)
    agency = agency_mail(email.subject, email.text[:BODY_CHARS])
    if agency is not None and agency.client:
        company, source = agency.client, CompanySource.TEXT
    return Facts(company=company, role=found.role.text, contact=apps.human_contact(email),
                 json=facts_json(email), source=source, calendar=invitation(raw) if raw else None,
                 agency=agency)


_EMAIL_FIELDS = tuple(f.name for f in fields(ParsedEmail) if f.name != "text")  # the body is kept apart
_ADDRESS_FIELDS = tuple(f.name for f in fields(Address))


def _plain(value: object) -> object:
    """A field of a ParsedEmail as JSON holds it (what ``dataclasses.asdict`` gives, without its deep copy)."""
    if isinstance(value, Address):
        return {name: getattr(value, name) for name in _ADDRESS_FIELDS}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def facts_json(email: ParsedEmail) -> str:
    """The email's header facts as JSON (every field but the body, which is kept apart)."""
    return json.dumps({name: _plain(getattr(email, name)) for name in _EMAIL_FIELDS}, ensure_ascii=False)


def email_from_facts(facts: str, body: str) -> ParsedEmail:
    """Rebuild a ParsedEmail stored with :func:`facts_json` (for corrections made later)."""
    data = json.loads(facts)
    data["from_"] = Address(**data["from_"]) if data.get("from_") else None
    for key in ("reply_to", "to", "cc"):
        data[key] = tuple(Address(**a) for a in data.get(key) or ())
    data["references"] = tuple(data.get("references") or ())
    data["defects"] = tuple(data.get("defects") or ())
    data["date"] = datetime.fromisoformat(data["date"]) if data.get("date") else None
    data["text"] = body
    known = set(ParsedEmail.__dataclass_fields__)
    return ParsedEmail(**{k: v for k, v in data.items() if k in known})
