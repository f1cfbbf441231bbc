"""What a note may say, and the variables its template gets (pure).

:class:`NoteFacts` is what the record knows when a follow-up is written (read by
:mod:`agent.followups.facts`): the kind and stage, the draft's language (Portuguese as "pt-BR" or
"pt-PT"), the company and role as recorded, the person written to, how many interviews there were, the
day of the interview or of the application, and whether an earlier check-in was sent. A note says
nothing the record does not know: no "a few weeks ago", no "interviews" after one, no "pleasant".

:func:`template_context` turns the facts into the template's variables (cleaned company and role, the
greeting and whether it addresses a group, dates written in the language); :func:`own_subject` is the
subject Onward writes itself - in the draft's language - when there is no email to answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from agent.followups import grammar, language
from agent.followups.rules import FollowupKind


@dataclass(frozen=True)
class NoteFacts:
    """What the record knows about an application when one of its follow-ups is written."""

    kind: str
    stage: str
    language: str                   # the draft's language tag: "de", "pt-BR", "pt-PT"...
    today: date
    company: str = ""               # as recorded (cleaned here)
    role: str = ""
    contact: str | None = None      # the display name of the person written to, as they wrote it
    interviews: int = 0             # interviews the record knows of (0 before any)
    interview_day: date | None = None
    applied_day: date | None = None  # the day the user applied (an application added by hand)
    check_in: int = 1               # 2: an earlier check-in of this application was sent
    previous_day: date | None = None  # the day that earlier check-in was sent
    domains: tuple[str, ...] = field(default=())  # the company's mail domains
    role_closed: bool = False       # the rejection says the role itself went (on hold, cancelled, no budget)


def note_company(facts: NoteFacts) -> str:
    return grammar.clean_company(facts.company, facts.domains)


def note_role(facts: NoteFacts) -> str:
    return grammar.clean_role(facts.role)


def greeted(facts: NoteFacts) -> str | None:
    """The name the greeting may use: a person's, never a department or the company itself."""
    name = " ".join((facts.contact or "").split())
    if not name or not language.is_person_name(name):
        return None
    company, own = _words(note_company(facts)), _words(language.name_proper(name))
    if company and (_holds(own, company) or _holds(company, own)):
        return None
    return name


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", text.casefold()))


def _holds(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    """Whether ``part`` is a run of whole words of ``words`` ("Baker" of "Baker McKenzie"; "Ford" is not of
    "Clifford Smith")."""
    return any(words[i:i + len(part)] == part for i in range(len(words) - len(part) + 1))


def template_context(facts: NoteFacts) -> dict[str, Any]:
    """The variables a template gets beyond company, role and names (see docs/drafts.md)."""
    lang = grammar_language(facts.language)
    name = greeted(facts)
    day = facts.today

    def on(d: date | None) -> str:
        return grammar.on_day(lang, d, day) if d else ""

    def of(d: date | None) -> str:
        return grammar.of_day(lang, d, day) if d else ""

    return {
        "lang": lang,
        "variant": facts.language,
        "salutation": language.salutation(facts.language, name),
        "plural": language.greets_many(facts.language, name),
        "contact_name": language.first_name(name) if name else None,
        "interviews": facts.interviews,
        "interview_on": on(facts.interview_day),
        "interview_of": of(facts.interview_day),
        "applied_on": on(facts.applied_day),
        "check_in": facts.check_in,
        "previous_on": on(facts.previous_day),
        "previous_of": of(facts.previous_day),
        "role_closed": facts.role_closed,
    }


def grammar_language(tag: str) -> str:
    base = language.base_language(tag)
    return base if base in grammar.LANGS else "en"


# Subjects Onward writes itself: (with the role, without it); "{role}" is already joined to what precedes.
_APPLICATION_SUBJECT = {
    "en": ("Application for the {role} position", "My application"),
    "de": ("Bewerbung als {role}", "Meine Bewerbung"),
    "fr": ("Candidature au poste {role_de}", "Ma candidature"),
    "es": ("Candidatura al puesto de {role}", "Mi candidatura"),
    "it": ("Candidatura per la posizione di {role}", "La mia candidatura"),
    "nl": ("Sollicitatie voor de functie van {role}", "Mijn sollicitatie"),
    "pt": ("Candidatura à vaga de {role}", "A minha candidatura"),
    "pt-BR": ("Candidatura à vaga de {role}", "Minha candidatura"),
}
_INTERVIEW_SUBJECT = {
    "en": ("Thank you for the interview – {role}", "Thank you for the interview"),
    "de": ("Vielen Dank für das Gespräch – {role}", "Vielen Dank für das Gespräch"),
    "fr": ("Merci pour l'entretien – {role}", "Merci pour l'entretien"),
    "es": ("Gracias por la entrevista – {role}", "Gracias por la entrevista"),
    "it": ("Grazie per il colloquio – {role}", "Grazie per il colloquio"),
    "nl": ("Bedankt voor het gesprek – {role}", "Bedankt voor het gesprek"),
    "pt": ("Agradecimento pela entrevista – {role}", "Agradecimento pela entrevista"),
}


def own_subject(facts: NoteFacts) -> str:
    """The subject of a note that answers no email (an application added by hand), in its language:
    "Bewerbung als Data Engineer – Acme", "Candidature au poste d'Ingénieur – Lumen"."""
    lang = grammar_language(facts.language)
    role, company = note_role(facts), note_company(facts)
    if facts.kind == FollowupKind.INTERVIEW_THANKS:
        with_role, without = _INTERVIEW_SUBJECT[lang]
        return with_role.format(role=role) if role else without
    table = _APPLICATION_SUBJECT.get(facts.language) or _APPLICATION_SUBJECT[lang]
    with_role, without = table
    text = with_role.format(role=role, role_de=grammar.prep("fr", "de", role)) if role else without
    return f"{text} – {company}" if company else text
