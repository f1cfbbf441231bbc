"""Posting noise off candidate spans (pure): gender tags, requisition numbers, work modes, bracketed places and
leading articles off a role; team words off a company ("The Acme Recruiting Team" -> "Acme"); the role key.
"""

from __future__ import annotations

import functools
import re
from enum import Enum

from agent.extract.alternation import alternation
from agent.extract.lexicon import TEAM_HEAD_WORDS, TEAM_TAILS, TEAM_WORDS, is_role_word, lower_words
from agent.extract.names import fold

_SPACES_RE = re.compile(r"\s+")
_THREE_DIGITS_RE = re.compile(r"\d{3}")  # every form of _REQ_RE holds three digits in a row


_GENDER_RE = re.compile(
    r"\(\s*(?:[mwfdhvxi*]\s*[/|,]\s*){1,3}[mwfdhvxi*]\s*\)|\[\s*(?:[mwfdhvx]\s*/\s*){1,3}[mwfdhvx]\s*\]"
    r"|(?<![\w/])(?:[mwfdhvx]\s*/\s*){1,3}[mwfdhvx](?![\w/])"
    r"|\(\s*(?:all genders|alle geschlechter|gn\*?|d|w|m|divers|h/f/x|f/h/x)\s*\)|\*in\b|:in\b",
    re.I)
_REQ_RE = re.compile(
    r"^\s*(?:(?:R|JR|REQ|Req|ID|Job[ \t]?ID|Ref\.?)[ \t]*[-#:]?[ \t]*)?[A-Z]{0,4}[-_]?\d{3,}[\w-]*\s*[-–—:|]\s*"
    r"|\s*[-–—:|]\s*(?:(?:R|JR|REQ|Req|ID|Job[ \t]?ID|Ref\.?)[ \t]*[-#:]?[ \t]*)?[A-Z]{0,4}[-_]?\d{3,}[\w-]*\s*$"
    r"|[(\[]\s*(?:(?:R|JR|REQ|Req|ID|Job[ \t]?ID|Ref\.?|Requisition(?:[ \t]ID)?)[ \t]*[-#:]?[ \t]*)?#?[A-Z]{0,4}[-_]?\d{3,}[\w-]*\s*[)\]]"
    r"|\b(?:R|JR|REQ|Req)[-_]?\d{3,}\b|#\d{3,}"
    # a bare number at the end, after a comma or a space ("Business Analyst, 1736486", "Intern 138088BR"); five
    # digits or more, so that a year ("Intern, 2025") or a level ("Analyst 2") stays
    r"|(?:\s*,\s*|\s+)\d{5,}[A-Z]{0,3}\s*$",
)
_MODE_RE = re.compile(r"[(\[]\s*(?:remote|hybrid|hybride|on-?site|onsite|full[- ]?time|part[- ]?time|contract|"
                      r"cdi|cdd|vollzeit|teilzeit|temps plein|tiempo completo|tempo pieno|fulltime|parttime)"
                      r"[^()\[\]]*[)\]]", re.I)
_EMPTY_BRACKETS_RE = re.compile(r"[(\[]\s*[)\]]")
_ELIDED_RE = re.compile(r"[dl]['’]")
_ELIDED_WORD_RE = re.compile(r"[dl]['’]\w", re.I)
_BRACKET_TAIL_RE = re.compile(r"\s*[(\[][^()\[\]]{1,40}[)\]]\s*$")
LEAD_JUNK = frozenset("""the a an our your this open new vacant current following posted position role job
opening post of for as le la les l' un une du des de el los las un una del il lo gli i uno una della
der die das ein eine den dem des als het een de van di o os um uma da do dos das""".split())
_LEAD_ROLE_WORDS = frozenset("""position role job opening post poste stelle puesto posizione vacature functie vaga cargo
annuncio offerta offre oferta anuncio""".split())
# The keyword after a title ("the Intern: Supply Chain Analyst position"): never part of it when the rest names a job
TRAIL_ROLE_WORDS = frozenset("position positions role opening vacancy job opportunity posting".split())
# The verb that ends a Dutch or German clause after the role ("je sollicitatie voor de functie Backend Developer
# ingetrokken", "Ihre Bewerbung als Data Analyst erhalten"): a participle or auxiliary, never part of a title.
CLAUSE_END_VERBS = frozenset("""ingetrokken ontvangen afgewezen bekeken beoordeeld doorgestuurd gesloten vervuld
geannuleerd gepauzeerd stopgezet verwijderd geplaatst aangenomen gekozen heeft hebben is zijn wordt worden
zurückgezogen erhalten abgelehnt geprüft weitergeleitet besetzt storniert gelöscht eingegangen hat haben ist
wurde wurden werden""".split())


@functools.lru_cache(maxsize=8192)
def clean_role(span: str) -> str:
    """Posting noise off a role span: gender tags, requisition numbers, work modes, bracketed locations,
    leading articles and "open"/"position"; "" when nothing is left."""
    text = span
    bracket = "(" in text or "[" in text
    if "/" in text or bracket or "*" in text or ":in" in text:
        text = _GENDER_RE.sub(" ", text)
    if bracket:
        text = _MODE_RE.sub(" ", text)
    has_number = _THREE_DIGITS_RE.search(text) is not None
    if has_number:
        for _ in range(2):
            before, text = text, _REQ_RE.sub(" ", text)
            if text == before:
                break
    if bracket:
        text = _EMPTY_BRACKETS_RE.sub(" ", text)
        while True:
            m = _BRACKET_TAIL_RE.search(text)
            if not m or any(is_role_word(w) for w in lower_words(m.group(0))):
                break
            text = text[:m.start()]
    text = _SPACES_RE.sub(" ", text).strip(" \t.,;:!?-–—|/*\"'“”«»„")
    words = text.split(" ")
    while len(words) > 1 and ((lead := words[0].casefold().rstrip(":")) in LEAD_JUNK or lead in _LEAD_ROLE_WORDS
                              or (_ELIDED_RE.match(lead) is not None and (len(lead) == 2 or lead[2:] in _LEAD_ROLE_WORDS))):
        words.pop(0)  # "the", "position", "l'", "l'annuncio"
    if words and _ELIDED_WORD_RE.match(words[0]):
        words[0] = words[0][2:]
    while len(words) > 1 and words[-1] in CLAUSE_END_VERBS:  # small letters only: "Is" may start a title word
        words.pop()
    if len(words) > 1 and words[-1].casefold() in TRAIL_ROLE_WORDS \
            and any(is_role_word(w) for w in lower_words(" ".join(words[:-1]))):
        words.pop()
    text = " ".join(words)
    if has_number:
        text = _SPACES_RE.sub(" ", _REQ_RE.sub(" ", text))
    text = text.strip(" \t.,;:!?-–—|/*\"'“”«»„")
    if text.count("(") != text.count(")"):
        text = text.split("(")[0].strip()
    return text
_TEAM_TAIL_RE = re.compile(rf"(?:[ \t]+(?:{alternation(TEAM_TAILS)}))+$", re.I)
_TEAM_HEAD_RE = re.compile(
    r"^(?:ihr|ihre|your|the|votre|l['’]équipe|l['’]equipe|équipe|equipe|el[ \t]+equipo[ \t]+de|equipo[ \t]+de|"
    r"il[ \t]+team[ \t]+di|team[ \t]+di|het[ \t]+team[ \t]+van|team[ \t]+van|a[ \t]+equipa[ \t]+(?:da|do|de)|"
    r"equipa[ \t]+(?:da|do|de)|o[ \t]+time[ \t]+(?:da|do|de)|das|die|der|team|rh|hr|recrutamento|recrutement|"
    r"recruiting|recruitment|selección|seleccion|selezione|werving|talent[ \t]+acquisition|careers|equipa|time[ \t]+(?:da|do|de)|"
    r"talentos?|dein|deine|"
    r"équipe[ \t]+rh[ \t]+(?:de|du|d['’])|recursos[ \t]+humanos|risorse[ \t]+umane)[ \t]+", re.I)
_POSSESSIVE_RE = re.compile(r"['’]s$")
_TEAM_TAIL_WORDS = frozenset(w.split()[-1] for w in TEAM_TAILS)
_ARTICLES = frozenset({"your", "ihr", "ihre", "votre", "dein", "deine"})
_AFTER_TEAM_PARTICLE_RE = re.compile(r"^(?:(?:de|du|da|do|di|van|von)[ \t]+|d['’][ \t]*)", re.I)


class TeamCut(Enum):
    """What :func:`company_of_team` took off around a name."""

    NONE = 0
    WORDS = 1  # team words ("Acme Careers", "Acme Campus Recruiting"; also "Find Jobs", "Careers Site")
    TEAM = 2   # a team's own name ("The Acme Recruiting Team", "Equipo de Talento de Acme"): the employer signs


_TEAM_NOUNS = frozenset("team teams équipe equipe equipo equipa time hr-team recruitingteam recruiting-team "
                        "wervingsteam recruitmentteam".split())


def clean_company(span: str) -> str:
    """Team words off a company span ("The Acme Recruiting Team" -> "Acme", "Ihr Recruiting Team" -> "")."""
    return company_of_team(span)[0]


@functools.lru_cache(maxsize=8192)
def company_of_team(span: str) -> tuple[str, TeamCut]:
    """:func:`clean_company`, and whether team words came off around a name ("The Acme Recruiting Team",
    "Equipo de Talento de Brisa": the employer signing as its team, a strong witness)."""
    text = _SPACES_RE.sub(" ", span).strip(" \t.,;:!?'\"’-–—|·")
    words = text.casefold().split(" ")
    if words[0] not in TEAM_HEAD_WORDS and words[-1] not in _TEAM_TAIL_WORDS and not text.endswith(("'s", "’s")):
        return text, TeamCut.NONE  # nothing to take off: the common case
    stripped = False
    for _ in range(3):
        before = text
        text = _TEAM_HEAD_RE.sub("", text)
        if text != before:  # "Time de Recrutamento Acme", "Equipo de Talento de Acme": the particle goes too
            text = _AFTER_TEAM_PARTICLE_RE.sub("", text)
        text = _TEAM_TAIL_RE.sub("", text).strip(" .,&-")
        if text == before:
            break
        stripped = True
    if stripped:
        text = _AFTER_TEAM_PARTICLE_RE.sub("", text)
        if words[0] in _ARTICLES and words[-1] not in _TEAM_TAIL_WORDS and text.islower():
            return "", TeamCut.NONE  # "Your candidate reference": an article before common words, no team and no name
    text = _POSSESSIVE_RE.sub("", text)
    if all(w.strip("'’") in TEAM_WORDS or w in ("the", "l'équipe", "l’équipe") for w in lower_words(text)):
        return "", TeamCut.NONE  # "Ihr Recruiting Team", "Early Careers": a team, never a name
    if not stripped or len(text.split()) >= len(words):
        return text, TeamCut.NONE
    if any(w.strip("'’") in _TEAM_NOUNS for w in words):
        return text, TeamCut.TEAM
    return text, TeamCut.WORDS


@functools.lru_cache(maxsize=8192)
def role_key(role: str | None) -> str:
    """"Senior Data Engineer (m/w/d)" -> "seniordataengineer"; "" for no role."""
    return fold(_GENDER_RE.sub(" ", role or ""))
