"""Extraction accuracy on labelled emails (``company`` and ``role`` fields): correct, wrong, missing.

An answer is *correct* when it matches the label (companies by :func:`normalize_company`, roles by
:func:`role_key`: case, accents, punctuation, legal forms and gender tags do not count), or when both say
unknown; *missing* when the label names a value and the extractor says unknown; *wrong* otherwise -
including a value where the label has none (garbage counts as wrong: missing is better than wrong).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from agent.extract.cleaning import role_key
from agent.extract.extractor import email_of, extract
from agent.extract.names import normalize_company
from agent.inputs import InputError, iter_jsonl


class Outcome(StrEnum):
    CORRECT = "correct"
    WRONG = "wrong"
    MISSING = "missing"


Expected = str | list[str] | None  # a label: one answer, several acceptable spellings, or none


def judge(expected: Expected, got: str | None, key: Callable[[str], str]) -> Outcome:
    wants = {key(e) for e in ([expected] if isinstance(expected, str) else expected or []) if e} - {""}
    have = key(got) if got else ""
    if not have:
        return Outcome.MISSING if wants else Outcome.CORRECT
    return Outcome.CORRECT if have in wants else Outcome.WRONG


def judge_company(expected: Expected, got: str | None) -> Outcome:
    return judge(expected, got, normalize_company)


def judge_role(expected: Expected, got: str | None) -> Outcome:
    return judge(expected, got, role_key)


@dataclass
class FieldScore:
    counts: dict[Outcome, int] = field(default_factory=lambda: {o: 0 for o in Outcome})

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome] += 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def rate(self, outcome: Outcome) -> float:
        return self.counts[outcome] / self.total if self.total else 0.0

    def as_dict(self) -> dict[str, float | int]:
        out: dict[str, float | int] = {str(o): n for o, n in self.counts.items()}
        out.update({f"{o}_rate": round(self.rate(o), 4) for o in Outcome})
        out["total"] = self.total
        return out


@dataclass
class ExtractionScore:
    company: FieldScore = field(default_factory=FieldScore)
    role: FieldScore = field(default_factory=FieldScore)

    def add(self, expected: tuple[Expected, Expected], got: tuple[str | None, str | None]) -> None:
        self.company.add(judge_company(expected[0], got[0]))
        self.role.add(judge_role(expected[1], got[1]))

    def as_dict(self) -> dict[str, dict[str, float | int]]:
        return {"company": self.company.as_dict(), "role": self.role.as_dict()}

    def format(self) -> str:
        lines = [f"extraction on {self.company.total} labelled emails"]
        for name, fs in (("company", self.company), ("role", self.role)):
            lines.append(f"  {name:8} correct {fs.rate(Outcome.CORRECT):6.1%}  wrong {fs.rate(Outcome.WRONG):6.1%}  "
                         f"missing {fs.rate(Outcome.MISSING):6.1%}  "
                         f"({fs.counts[Outcome.CORRECT]}/{fs.counts[Outcome.WRONG]}/{fs.counts[Outcome.MISSING]})")
        return "\n".join(lines)


def score(pairs: Iterable[tuple[tuple[Expected, Expected], tuple[str | None, str | None]]]) -> ExtractionScore:
    """``pairs``: ((expected company, expected role), (extracted company, extracted role))."""
    result = ExtractionScore()
    for expected, got in pairs:
        result.add(expected, got)
    return result


@dataclass(frozen=True)
class LabelledEmail:
    """One line of a labelled JSONL that carries ``company`` and/or ``role`` answers."""

    subject: str
    body: str
    sender: str
    company: Expected
    role: Expected


def _answer(value: object, where: str) -> Expected:
    if value is None or isinstance(value, str):
        return value or None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [str(v) for v in value]
    raise InputError(f"{where}: company / role must be a string, a list of strings or null")


def read_labelled(paths: Iterable[str | Path]) -> tuple[list[LabelledEmail], bool]:
    """The lines of the JSONL files in ``paths`` (folders: their ``*.jsonl``) that have a ``company`` or
    ``role`` key, and whether any line has a classifier ``label`` too."""
    out: list[LabelledEmail] = []
    any_label = False
    for raw in paths:
        path = Path(raw)
        files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path] if path.suffix in (".jsonl", ".gz") else []
        for f in files:
            if not f.is_file():
                continue
            for n, obj in iter_jsonl(f):
                any_label = any_label or "label" in obj
                if "company" not in obj and "role" not in obj:
                    continue
                where = f"{f}:{n}"
                out.append(LabelledEmail(str(obj.get("subject") or ""), str(obj.get("body") or ""),
                                         str(obj.get("from") or obj.get("sender") or ""),
                                         _answer(obj.get("company"), where), _answer(obj.get("role"), where)))
    return out, any_label


def evaluate_labelled(rows: Iterable[LabelledEmail]) -> ExtractionScore:
    """Run the extractor on each labelled email and score it."""
    pairs = []
    for row in rows:
        got = extract(email_of(row.subject, row.body, row.sender))
        pairs.append(((row.company, row.role), (got.company.text, got.role.text)))
    return score(pairs)
