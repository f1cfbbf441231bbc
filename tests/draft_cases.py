"""Every shipped note rendered in four cases, for the checks in tests/unit/test_drafts.py and the reviewed
snapshots in tests/snapshots/drafts/ (regenerate: ``ONWARD_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest -q
tests/unit/test_drafts.py``, then read the diff before committing it).

The four cases, per language:

* **named** - a person who signed (with a title where the language keeps one), a plain company and role,
  one interview on a known day, an application date known;
* **nobody** - no person (a department's display name, which is not greeted), two interviews;
* **domain** - the company made from a mail domain ("Lumen Fr" from lumen-fr.test), no role, a second
  check-in after one sent on a known day;
* **tricky** - a role that starts with a vowel and carries a gender tag and a requisition number, a
  company that carries its own article ("O Boticário", "Le Monde"), no person;
* **closed** (rejection thank-yous only) - the rejection said the role itself went (put on hold, cancelled,
  no budget): no "your decision", no request for feedback; no person, one interview.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from agent.config import FollowupSettings
from agent.followups import templates
from agent.followups.draft import Note, write_note
from agent.followups.notes import NoteFacts

TODAY = date(2026, 12, 7)
KINDS = [("rejection_thanks", "after_application"), ("rejection_thanks", "after_interview"),
         ("interview_thanks", "after_interview"), ("check_in", "after_application"), ("check_in", "after_interview")]
TAGS = ("en", "de", "fr", "es", "it", "nl", "pt-BR", "pt-PT")
CASES = ("named", "nobody", "domain", "tricky")
CLOSED = "closed"


def cases_of(kind: str) -> tuple[str, ...]:
    """The cases a kind of note is rendered in: a rejection's thank-you also when the role itself went."""
    return (*CASES, CLOSED) if kind == "rejection_thanks" else CASES

# tag -> (a person who signed, a plain role, a role with a vowel and a tag, a company with an article, a department)
PEOPLE = {
    "en": ("Dr. Jane Miller", "Data Analyst", "Account Manager (m/f/d) - Req #4521", "The Guardian",
           "Talent Acquisition Team"),
    "de": ("Frau Dr. Anna Schmidt", "Datenanalystin", "Ingenieur Backend (m/w/d) (Vollzeit)", "Die Zeit",
           "Recruiting Team Die Zeit"),
    "fr": ("Claire Dupont", "Chef de projet", "Ingénieur logiciel F/H - Réf. ABC-123", "Le Monde",
           "Service Recrutement Le Monde"),
    "es": ("Lucía García", "Analista de datos", "Ingeniero de datos (h/m) #20931", "El Corte Inglés",
           "Equipo de Selección"),
    "it": ("Dott. Luca De Rossi", "Analista dati", "Ingegnere del software (m/f) - Rif. 7788", "La Rinascente",
           "Ufficio Selezione La Rinascente"),
    "nl": ("Pieter van der Berg", "Data-analist", "Accountmanager (m/v) - vacaturenummer 12345", "De Bijenkorf",
           "Recruitment De Bijenkorf"),
    "pt-BR": ("Dra. Ana Costa", "Analista de dados", "Engenheiro de software (M/F) - Cód. 5521", "O Boticário",
              "O Boticário Recrutamento"),
    "pt-PT": ("João da Silva", "Analista de dados", "Engenheiro de software (m/f) - Ref. 5521", "O Boticário",
              "Equipa de Recrutamento O Boticário"),
}


@dataclass(frozen=True)
class Rendered:
    tag: str
    kind: str
    stage: str
    case: str
    facts: NoteFacts
    note: Note


def facts_for(tag: str, kind: str, stage: str, case: str) -> NoteFacts:
    person, role, tricky_role, article_company, department = PEOPLE[tag]
    common = dict(kind=kind, stage=stage, language=tag, today=TODAY)
    interviewed = stage == "after_interview"
    if case == "named":
        return NoteFacts(**common, company="Acme", role=role, contact=person, interviews=int(interviewed),
                         interview_day=date(2026, 11, 8) if interviewed else None, applied_day=date(2026, 11, 3),
                         domains=("acme.test",))
    if case == "nobody":
        return NoteFacts(**common, company="Acme", role=role, contact=department, interviews=2 if interviewed else 0,
                         interview_day=date(2026, 11, 20) if interviewed else None, domains=("acme.test",))
    if case == CLOSED:
        return NoteFacts(**common, company="Acme", role=role, contact=department, interviews=int(interviewed),
                         interview_day=date(2026, 11, 8) if interviewed else None, domains=("acme.test",),
                         role_closed=True)
    if case == "domain":
        return NoteFacts(**common, company="Lumen Fr", role="", contact=None, interviews=int(interviewed),
                         interview_day=None, check_in=2 if kind == "check_in" else 1,
                         previous_day=date(2026, 11, 24) if kind == "check_in" else None,
                         domains=("lumen-fr.test",))
    return NoteFacts(**common, company=article_company, role=tricky_role, contact=department,
                     interviews=int(interviewed), interview_day=date(2025, 12, 1) if interviewed else None,
                     applied_day=date(2026, 11, 1))


def render(tag: str, kind: str, stage: str, case: str, *, answers_email: bool = False) -> Rendered:
    settings = FollowupSettings(your_name="Alex Doe", signature="+1 555 0100")
    facts = facts_for(tag, kind, stage, case)
    template = templates.load(settings, kind, stage, tag)
    return Rendered(tag, kind, stage, case, facts, write_note(facts, template, settings, answers_email=answers_email))


def every() -> list[Rendered]:
    return [render(tag, kind, stage, case) for tag in TAGS for kind, stage in KINDS for case in cases_of(kind)]


def snapshot_text(tag: str, kind: str, stage: str) -> str:
    """The renderings of one template, as kept in tests/snapshots/drafts/."""
    parts = []
    for case in cases_of(kind):
        r = render(tag, kind, stage, case)
        parts.append(f"=== {case}\nSubject (when it answers no email): {r.note.subject}\n\n{r.note.body}")
    return "\n".join(parts)


if __name__ == "__main__":  # print them all, to read
    for tag in TAGS:
        for kind, stage in KINDS:
            print(f"######## {kind}/{stage}.{tag}")
            print(snapshot_text(tag, kind, stage))
