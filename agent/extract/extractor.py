"""Company and role of one job email, with where each came from and how sure the ranker is (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import getaddresses

from agent.extract.candidates import Candidate, Field, Source, candidates
from agent.extract.cleaning import clean_role
from agent.extract.names import normalize_company, strip_quoted
from agent.extract.ranker import Ranker, shipped_ranker
from agent.mail.types import Address, ParsedEmail

BODY_CHARS = 20_000
# a dotted legal form ending a name ("B.V", "S.p.A", "e.V", "S.A"): candidates stop at a dot, so the form's
# last one is lost; letters only, the last part a single letter ("X.ai" and "A1.io" are no forms)
_DOTTED_FORM_END_RE = re.compile(r"(?:^|\s)(?:[^\W\d_]{1,2}\.)+[^\W\d_]$")
_OWNER_WORDS = frozenset({"de", "di", "da", "do", "van", "at", "bei", "chez", "presso", "bij", "en", "na", "no", "em"})


@dataclass(frozen=True)
class Value:
    """One extracted value: ``text`` None means unknown (then ``source`` is NONE)."""

    text: str | None
    source: Source
    confidence: float  # the ranker's probability for the best candidate (also when it was not trusted)

    def as_dict(self) -> dict[str, object]:
        return {"value": self.text, "source": str(self.source), "confidence": round(self.confidence, 3)}


@dataclass(frozen=True)
class Extraction:
    company: Value
    role: Value


def _value(best: Candidate | None, p: float) -> Value:
    if best is None:
        return Value(None, Source.NONE, p)
    return Value(best.text, best.source, p)


def with_form_dot(company: str) -> str:
    """"Van Dijk B.V" -> "Van Dijk B.V.": a dotted legal form at the end of a company name written whole."""
    return company + "." if _DOTTED_FORM_END_RE.search(company) else company


def role_beside(company: str | None, role: str | None) -> str | None:
    """The role once the company is known: one span cannot be both (None), and the employer's name in front of a
    title is not part of it ("the Redwood Ltd Spontaneous Application programme", "Acme's Data Analyst")."""
    if not role or not company:
        return role
    key = normalize_company(company)
    if normalize_company(role) == key:
        return None
    words = role.split()
    for k in range(min(len(words) - 1, 6), 0, -1):
        head = " ".join(words[:k])
        if head.endswith(("'s", "’s")):
            head = head[:-2]
        if normalize_company(head) == key:
            return clean_role(" ".join(words[k:])) or role
    for k in range(max(1, len(words) - 7), len(words) - 1):
        # "Gerente de Operaciones de Horizonte", "Data Analyst at Acme": the employer after the title
        tail = normalize_company(" ".join(words[k + 1:]))
        # the tail may stop short of the name, or keep a letter of its legal form: a role span ends at a dot ("S.A.")
        near = len(tail) >= 4 and (key.startswith(tail) or (tail.startswith(key) and len(tail) - len(key) <= 2))
        if words[k].casefold() in _OWNER_WORDS and (tail == key or near):
            return clean_role(" ".join(words[:k])) or role
    return role


def extract(email: ParsedEmail, ranker: Ranker | None = None) -> Extraction:
    """The company and role of ``email`` ("unknown" - None - when no candidate is trusted)."""
    ranker = ranker or shipped_ranker()
    body = strip_quoted((email.text or "")[:BODY_CHARS])
    cands = candidates(email, body)
    company = _value(*ranker.best(Field.COMPANY, cands))
    if company.text:
        company = Value(with_form_dot(company.text), company.source, company.confidence)
    role = _value(*ranker.best(Field.ROLE, cands))
    text = role_beside(company.text, role.text)
    if text is None and role.text is not None:
        role = Value(None, Source.NONE, role.confidence)
    elif text != role.text:
        role = Value(text, role.source, role.confidence)
    return Extraction(company, role)


def email_of(subject: str, body: str, sender: str) -> ParsedEmail:
    """A ParsedEmail from the three strings ``onward classify`` reads (sender: "Name <addr>" or "addr")."""
    pairs = getaddresses([sender]) if sender else []
    name, addr = pairs[0] if pairs else ("", "")
    from_ = Address(name.strip(), addr.strip().lower()) if (name or addr) else None
    return ParsedEmail(message_id="<extract@onward.invalid>", message_id_synthetic=True, subject=subject or "",
                       from_=from_, reply_to=(), to=(), cc=(), date=None, in_reply_to=None, references=(),
                       text=body or "", defects=(), size=len(body or ""))
