"""The learned ranker: a logistic regression over candidate features, loaded from plain JSON (no scikit-learn).

``models/onward-extractor.json`` holds, per field (company, role), the intercept, one weight per feature
name and the threshold below which the best candidate is not trusted (the answer is then "unknown": a
missing role renders as "the role", a wrong one ends up in a note the user may send). It is written by
``scripts/train_extractor.py`` from the project's own labelled emails (``data/extraction/``).
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from agent.extract.candidates import Candidate, Field, Source
from agent.extract.lexicon import LEGAL_KEYS, is_place, lower_words
from agent.extract.names import initials
from agent.shipped import extractor_path

FORMAT_VERSION = 1
_INTRODUCED = "company:co_intro"  # named by a phrase ("thank you for applying to Cyberdyne Systems")
_UNNAMED = "company:addr_unnamed"  # a name read off the address that the email's text never writes
_NAMED_BY_TEXT = frozenset({_INTRODUCED, "company:team_sign"})  # "The Acme Recruiting Team" names it too
_ADDRESS = frozenset({Source.SLUG, Source.DOMAIN})
ADDRESS_YIELD = 0.1  # the score a spelled-out name, or a fuller one than a name read off the address, needs


class RankerError(ValueError):
    """A weights file that is not one (the message names the file)."""


class _Weights(dict[str, float]):
    """One weight per feature name; a feature the model never saw weighs nothing (looked up with ``[]``, which is
    faster than ``.get`` with a default)."""

    def __missing__(self, feature: str) -> float:
        return 0.0


@dataclass(frozen=True)
class FieldWeights:
    bias: float
    weights: dict[str, float]
    threshold: float

    def __post_init__(self) -> None:
        if not isinstance(self.weights, _Weights):
            object.__setattr__(self, "weights", _Weights(self.weights))

    def score(self, cand: Candidate) -> float:
        """The probability that ``cand`` is the right value."""
        z = self.bias + sum(map(self.weights.__getitem__, cand.features))
        z = 30.0 if z > 30.0 else -30.0 if z < -30.0 else z  # exp stays finite
        return 1.0 / (1.0 + math.exp(-z))


@dataclass(frozen=True)
class Ranker:
    fields: dict[Field, FieldWeights]

    def best(self, field: Field, cands: Sequence[Candidate]) -> tuple[Candidate | None, float]:
        """The highest-scoring candidate of ``field`` and its probability, (None, p) when none clears the threshold."""
        weights = self.fields[field]
        top: Candidate | None = None
        top_p = 0.0
        for cand in cands:
            if cand.field is not field:
                continue
            p = weights.score(cand)
            if p > top_p or (p == top_p and top is not None and len(cand.text) > len(top.text)):
                top, top_p = cand, p
        if top is None or top_p < weights.threshold:
            return None, top_p
        if field is Field.COMPANY:
            top = _signers_employer(top, cands, weights) or _introduced_over_address(top, cands, weights) or top
            top = _spelled_out(top, cands, weights) or _fuller(top, cands, weights) or top
        return top, top_p


_SIGNS = "company:sig_person"              # a name that signs the email as a person would ("Marcus Bell")
_AFTER_SIGNER = "company:sig_after_person"  # the signature line right under a person's name
_PLAIN_LINE = "company:sig_plain"           # ... a name, not team words ("Find Jobs")


def _signers_employer(top: Candidate, cands: Sequence[Candidate], weights: FieldWeights) -> Candidate | None:
    """"Marcus Bell" (signing the email, often the display name too) and "Juniper Analytics" (the line right under
    it): the person who signs is not the employer, the line under the name is (not a place: "Boston")."""
    if _SIGNS not in top.features:
        return None
    floor = min(weights.threshold, ADDRESS_YIELD)
    under = [c for c in cands if c.field is Field.COMPANY and c is not top and _AFTER_SIGNER in c.features
             and _PLAIN_LINE in c.features and not is_place(c.text) and weights.score(c) >= floor]
    return max(under, key=weights.score) if under else None


def _introduced_over_address(top: Candidate, cands: Sequence[Candidate], weights: FieldWeights) -> Candidate | None:
    """"harper-langley.co.uk" and "The Corvana Recruiting Team" or "your application to SRTZ": a name read off the
    address only, which the email never writes, yields to the name the email introduces with a phrase or signs
    as a team (a parent company's or an agency's address)."""
    if not (top.sources <= _ADDRESS and _UNNAMED in top.features):
        return None
    floor = min(weights.threshold, ADDRESS_YIELD) / 2
    named = [c for c in cands if c.field is Field.COMPANY and not c.features.isdisjoint(_NAMED_BY_TEXT)
             and weights.score(c) >= floor]
    return max(named, key=weights.score) if named else None


def _floor(top: Candidate, weights: FieldWeights) -> float:
    """What a name the text or display gives must score to replace ``top``: less when ``top`` is only read off the
    address ("stark" from a jobvite URL, "mfi@myworkday.com"), which is the weaker witness of the two."""
    return min(weights.threshold, ADDRESS_YIELD) if top.sources <= _ADDRESS else weights.threshold


def _fuller(top: Candidate, cands: Sequence[Candidate], weights: FieldWeights) -> Candidate | None:
    """"Cyberdyne" (display name) and "Cyberdyne Systems" (the text) are one company: the fuller name. Not when
    the email itself introduces the short name more often ("interest in Deel", "at Deel Speed")."""
    short_intro = top.mentions if _INTRODUCED in top.features else 0
    floor = _floor(top, weights)
    fuller = [c for c in cands if c.field is Field.COMPANY and c.key != top.key and c.key.startswith(top.key)
              and c.source in (Source.SUBJECT, Source.BODY, Source.DISPLAY)
              and (c.source == Source.DISPLAY or _INTRODUCED in c.features) and c.mentions >= short_intro
              and weights.score(c) >= floor]
    return max(fuller, key=lambda c: len(c.key)) if fuller else None


def _abbreviates(short: str, name: str) -> bool:
    """Whether ``short`` abbreviates ``name``: its initials ("HL" / "Houlihan Lokey"), or letters taken in order with
    every word giving its first ("MFI" / "Marrowfield Instruments", "AMAT" / "Applied Materials")."""
    if initials(name) == short:
        return True
    words = [w for w in lower_words(name) if w.strip(".") not in LEGAL_KEYS]
    return len(words) >= 2 and _spells(short, words)


def _spells(short: str, words: list[str]) -> bool:
    if not words:
        return not short
    head = words[0]
    if not short or short[0] != head[0]:
        return False
    for j in range(1, len(short) + 1):
        inside = iter(head[1:])
        if all(ch in inside for ch in short[1:j]) and _spells(short[j:], words[1:]):
            return True
    return False


def _spelled_out(top: Candidate, cands: Sequence[Candidate], weights: FieldWeights) -> Candidate | None:
    """"HL" (a display name, ATS slug or signature) and "Houlihan Lokey" (introduced by a phrase in the text) are
    one company: the name the text spells out, when its initials are the abbreviation."""
    short = top.text.replace(".", "").replace("&", "")
    read_off_address = top.source in (Source.SLUG, Source.DOMAIN)  # "bi@myworkday.com" spells it "Bi"
    if not (2 <= len(short) <= 5 and (short.isupper() or read_off_address) and _INTRODUCED not in top.features):
        return None
    short = short.upper()
    floor = min(weights.threshold, ADDRESS_YIELD)  # the abbreviation itself ties the two names
    spelled = [c for c in cands if c.field is Field.COMPANY and _INTRODUCED in c.features and len(c.text.split()) >= 2
               and _abbreviates(short.casefold(), c.text) and weights.score(c) >= floor]
    return max(spelled, key=weights.score) if spelled else None


def load_ranker(path: Path) -> Ranker:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT_VERSION:
            raise RankerError(f"{path}: format {data.get('format')!r}, expected {FORMAT_VERSION}")
        return Ranker({Field(name): FieldWeights(float(spec["bias"]), {str(k): float(v) for k, v in spec["weights"].items()},
                                                 float(spec["threshold"]))
                       for name, spec in data["fields"].items()})
    except (OSError, KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, RankerError):
            raise
        raise RankerError(f"{path}: not an extractor weights file: {exc}") from None


@functools.cache
def shipped_ranker() -> Ranker:
    return load_ranker(extractor_path())
