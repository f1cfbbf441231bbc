"""Company and role of one job email, with where each came from and how sure the ranker is (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import getaddresses

from agent.extract.candidates import Candidate, Field, Source, candidates
from agent.extract.names import strip_quoted
from agent.extract.ranker import Ranker, shipped_ranker
from agent.mail.types import Address, ParsedEmail

BODY_CHARS = 20_000


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


def extract(email: ParsedEmail, ranker: Ranker | None = None) -> Extraction:
    """The company and role of ``email`` ("unknown" - None - when no candidate is trusted)."""
    ranker = ranker or shipped_ranker()
    body = strip_quoted((email.text or "")[:BODY_CHARS])
    cands = candidates(email, body)
    company = _value(*ranker.best(Field.COMPANY, cands))
    role = _value(*ranker.best(Field.ROLE, cands))
    if role.text and company.text and company.text.casefold() == role.text.casefold():
        role = Value(None, Source.NONE, role.confidence)  # one span cannot be both
    return Extraction(company, role)


def email_of(subject: str, body: str, sender: str) -> ParsedEmail:
    """A ParsedEmail from the three strings ``onward classify`` reads (sender: "Name <addr>" or "addr")."""
    pairs = getaddresses([sender]) if sender else []
    name, addr = pairs[0] if pairs else ("", "")
    from_ = Address(name.strip(), addr.strip().lower()) if (name or addr) else None
    return ParsedEmail(message_id="<extract@onward.invalid>", message_id_synthetic=True, subject=subject or "",
                       from_=from_, reply_to=(), to=(), cc=(), date=None, in_reply_to=None, references=(),
                       text=body or "", defects=(), size=len(body or ""))
