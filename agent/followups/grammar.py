"""What changes with the words filled into a note, per language (pure).

A template writes "au poste {{ role|prep('de') }}" and this module makes it "au poste d'Ingénieur" or
"au poste de Chef de projet"; "{{ company|prep('em') }}" gives "no Boticário" for a company that carries
its own article ("O Boticário") and "na empresa Natura" for one that does not. What it knows:

* **Elision** (French): "de" and "que" before a vowel or a mute h become "d'" and "qu'" ("d'Analyste",
  "d'Hôtesse"), never before an aspirated h ("de Hockey").
* **Contraction with the article a name carries**: French "de Le Monde" -> "du Monde", "à Les Échos" ->
  "aux Échos"; Spanish "de El Corte Inglés" -> "del Corte Inglés"; Italian "di La Rinascente" -> "della
  Rinascente", "di L'Oréal" -> "dell'Oréal"; Portuguese "de O Boticário" -> "do Boticário", "em A Vida" ->
  "na Vida"; German "bei Die Zeit" -> "bei der Zeit", "bei Der Spiegel" -> "beim Spiegel". Dutch and
  English keep the name as it is ("bij De Bijenkorf").
* **Cleaning** what a posting adds to a role or a sender adds to a company: gender tags in every shipped
  language ("(m/w/d)", "F/H", "(h/f)", "(m/v)", "(all genders)"), requisition numbers ("Req #12345",
  "(Ref. ABC-123)", "JR-0042"), the contract in brackets ("(Vollzeit)", "(CDI)"), and a company's
  department ("O Boticário Recrutamento", "Equipa de Recrutamento O Boticário", "Acme Careers") - never
  the title or the name itself.
* **Dates** as a note writes them: "am 3. November", "l'8 novembre", "no dia 3 de novembro".
"""

from __future__ import annotations

import re
from datetime import date

from agent.extract.relays import is_relay_name

LANGS = ("en", "de", "fr", "es", "it", "nl", "pt")

# -- cleaning ------------------------------------------------------------------------------------------

_G = r"(?:[mwfdhvx]|div(?:ers|erse)?|i|a)"  # one gender letter (or "divers") of a posting's tag
_GENDER_TAG_RE = re.compile(
    r"\(\s*(?:" + _G + r"\s*[/|,*]\s*){1,3}" + _G + r"\s*\)"              # (m/w/d) (h/f) (M/F/D) (m/v)
    r"|\(\s*(?:all\s+genders?|alle\s+geschlechter|gn\*?|genderneutral|tous\s+genres|todos\s+los\s+géneros"
    r"|x/?[mfv])\s*\)"                                                      # (all genders) (gn*)
    r"|(?<![\w/])(?:[mwfdhv]\s*/\s*){1,2}(?:[mwfdhvx]|div(?:ers)?)(?![\w/])",  # F/H, m/w/d, H/F/X
    re.IGNORECASE)
_REQUISITION_RE = re.compile(
    r"[\(\[]?\s*(?<![^\W\d_])"  # a whole word: "Hybrid 2-3 days" holds no "id 2-3"
    r"(?:req(?:uisition)?|ref(?:erence|erenz)?|réf(?:érence)?|rif(?:erimento)?|job[\s-]*id|job\s*no"
    r"|id|jr|kennziffer|vacaturenummer|vacature|código|codigo|cód|cod|n[°º]|no\.?)"
    r"(?:\s*(?:id|no\.?|nr\.?|number|nummer|code))?"
    r"\s*[.:#]?\s*[:#-]?\s*[A-Za-z]{0,4}[-_]?\d[\w-]{2,}\s*[\)\]]?"
    r"|[\(\[]\s*#?\d{3,}[\w-]*\s*[\)\]]|#\s*\d{3,}[\w-]*|(?:\s*[-–—|]\s*|\s|^)\d{4,}[A-Z]{0,3}\s*$",
    re.IGNORECASE)
_CONTRACT_RE = re.compile(
    r"\(\s*(?:full[\s-]?time|part[\s-]?time|vollzeit|teilzeit|voll-?\s*oder\s+teilzeit|cdi|cdd|temps\s+plein"
    r"|temps\s+partiel|tiempo\s+completo|jornada\s+completa|media\s+jornada|tempo\s+pieno|part\s+time"
    r"|tempo\s+integral|meio\s+período|voltijd|deeltijd|remote|hybrid|hybride|100\s*%\s*remote|\d+\s*%)"
    r"(?:\s*[/,]\s*[^()]{1,20})?\s*\)",
    re.IGNORECASE)
_SEPARATORS = " \t-–—|,;:/·*"
_WORK_MODE_RE = re.compile(r"\s[-–—|]\s*(?:100\s*%\s*)?(?:remote|hybrid|hybride|télétravail|home\s*office"
                           r"|full[\s-]?time|part[\s-]?time|vollzeit|teilzeit|cdi|cdd)\s*$", re.IGNORECASE)


def _tidy(text: str) -> str:
    text = re.sub(r"\(\s*\)|\[\s*\]", " ", text)
    text = " ".join(text.split())
    text = re.sub(r"\s+([,;:)])", r"\1", text)
    text = re.sub(r"(?:\s[-–—|/]\s*)+$", "", text)
    return text.strip(_SEPARATORS)


def clean_role(role: str | None) -> str:
    """A role as a posting names it, without its gender tag, requisition number or contract in brackets:
    "Data Engineer (m/w/d) - Req #12345" -> "Data Engineer", "Chef de projet F/H" -> "Chef de projet"."""
    text = " ".join((role or "").split())
    if not text:
        return ""
    cleaned = text
    for pattern in (_GENDER_TAG_RE, _CONTRACT_RE, _REQUISITION_RE, _WORK_MODE_RE):
        cleaned = _tidy(pattern.sub(" ", cleaned))
    # what is left must still be a title: a role that was nothing but a tag or a number stays unknown
    return cleaned if re.search(r"[^\W\d_]{2,}", cleaned) else ""


# A company's department as senders write it, around the name ("Acme Recruiting", "Equipa de
# Recrutamento O Boticário", "Talent Acquisition - Acme"); matched as whole words only.
_DEPARTMENT = (
    r"(?:recruiting|recruitment|talent\s+acquisition|careers?|jobs|hiring|hr|human\s+resources"
    r"|people\s+(?:team|ops|operations)|karriere|personalabteilung|bewerbermanagement|recrutement|carrières"
    r"|ressources\s+humaines|rh|recursos\s+humanos|selección|empleo|reclutamiento|selezione|risorse\s+umane"
    r"|lavora\s+con\s+noi|werving(?:\s+en\s+selectie)?|vacatures|recrutamento|vagas|carreiras"
    r"|banco\s+de\s+talentos)(?:[\s-]+team)?")
_TEAM_OF = (r"(?:the\s+)?(?:equipa|equipe|time|team|équipe|service|equipo|squadra|afdeling|departamento"
            r"|département|abteilung)(?:\s+(?:de|do|da|des|du|di|del|della|van|der|of|for))?")
_LINK = r"(?:de|do|da|des|du|di|del|della|van|der|at|of|bei|chez|en|na|no|bij|presso)"
_COMPANY_DEPT_RE = re.compile(
    rf"^\s*{_TEAM_OF}\s+{_DEPARTMENT}(?:\s+{_LINK})?\s*[-–—|:,]?\s+(?=\S)"   # Equipa de Recrutamento X
    rf"|^\s*{_DEPARTMENT}\s+{_LINK}\s+(?=\S)"                                  # Werken bij X, Careers at X
    rf"|^\s*{_DEPARTMENT}\s*[-–—|:]\s*(?=\S)"                                   # Talent Acquisition - X
    rf"|^\s*(?:werken\s+bij|lavora\s+con|trabalhe\s+(?:conosco\s+)?n[ao]|karriere\s+bei|jobs\s+bei)\s+(?=\S)"
    rf"|\s*[-–—|:,]?\s+(?:{_TEAM_OF}\s+)?{_DEPARTMENT}\s*$",                     # X Recruiting, X - HR Team
    re.IGNORECASE)
_LEGAL_ONLY_RE = re.compile(r"^(?:gmbh|ag|se|kg|ltd|limited|inc|llc|plc|sa|s\.a\.|sas|sarl|srl|s\.r\.l\.|spa"
                            r"|s\.p\.a\.|bv|b\.v\.|nv|lda|ltda|team|group|gruppe|groupe|grupo|gruppo)\.?$",
                            re.IGNORECASE)
# "Acme via Greenhouse": what follows the word is a job board or ATS (not "Viajes por el Mundo").
_VIA_RE = re.compile(r"\s+(?:via|über|par|por|tramite|through)\s+(?=\S)", re.IGNORECASE)
# Country and language codes a domain label may end in ("lumen-fr" -> "Lumen Fr").
_CODES = frozenset("fr de es it nl pt br uk us be ch at en eu lu ie ca mx ar cl co pe ec".split())


def clean_company(company: str | None, domains: tuple[str, ...] = ()) -> str:
    """A company as a note names it: without the department a sender adds ("O Boticário Recrutamento",
    "Equipa de Recrutamento O Boticário" -> "O Boticário"; "Acme via Greenhouse" -> "Acme", but "Viajes por el
    Mundo" stays whole: only a job board or ATS named after "via", "por"... is cut), and without a
    country code that only came from its mail domain ("Lumen Fr" from ``lumen-fr.test`` -> "Lumen").
    ``domains``: the company's mail domains, to tell such a code from a word of the name."""
    text = " ".join((company or "").split())
    text = next((text[:m.start()] for m in _VIA_RE.finditer(text) if is_relay_name(text[m.end():])), text)
    for _ in range(2):
        shorter = _COMPANY_DEPT_RE.sub("", text, count=1).strip(_SEPARATORS)
        if not re.search(r"[^\W\d_]", shorter) or _LEGAL_ONLY_RE.match(shorter) or shorter == text:
            break  # a name that is nothing but a department stays as it is
        text = shorter
    words = text.split()
    if len(words) >= 2 and words[-1].lower() in _CODES and words[-1] == words[-1].title():
        slug = "-".join(w.lower() for w in words)
        labels = {label for d in domains for label in d.lower().split(".")}
        if slug in labels or slug.replace("-", "") in labels:
            text = " ".join(words[:-1])
    return text


# -- articles and prepositions ---------------------------------------------------------------------------

# The articles a name may start with, per language: article -> what it is ("m", "f", "pl", "fpl", "el"
# for an elided article, "m2" for Italian "lo").
_ARTICLES: dict[str, dict[str, str]] = {
    "fr": {"le": "m", "la": "f", "les": "pl", "l'": "el"},
    "es": {"el": "m", "la": "f", "los": "pl", "las": "fpl"},
    "it": {"il": "m", "lo": "m2", "la": "f", "l'": "el", "i": "pl", "gli": "pl2", "le": "fpl"},
    "pt": {"o": "m", "a": "f", "os": "pl", "as": "fpl"},
    "de": {"der": "m", "die": "f", "das": "n"},
    "nl": {"de": "m", "het": "n"},
    "en": {"the": "m"},
}
_ELIDED_RE = re.compile(r"^([Ll])['’](?=\w)")


def article_of(lang: str, name: str) -> tuple[str, str] | None:
    """The article a name carries in ``lang`` and the rest: ("O", "Boticário"), ("L'", "Oréal"), or None.
    Only a capitalised article followed by a capitalised word counts ("O Boticário", not "a4 Labs")."""
    if lang in ("fr", "it"):
        m = _ELIDED_RE.match(name)
        if m and name[2:3].isupper():
            return name[:2], name[2:]
    first, _, rest = name.partition(" ")
    if not rest or not first[:1].isupper() or not rest[:1].isupper():
        return None
    if first.casefold() in _ARTICLES.get(lang, {}) and first.casefold() != "l'":
        return first, rest
    return None


_VOWELS = "aeiouyàâäáéèêëíìîïóòôöúùûüœæ"
# French words in h that are aspirated (no elision): the usual ones in job titles and names.
_ASPIRATED_H = ("hock", "hand", "hard", "hall", "hangar", "haut", "héros", "hong", "hollan", "hamb", "hack",
                "harp", "hors", "hasard", "hâ", "hibou", "honte", "hub", "huit", "hiér", "hou", "hurl")


def elides(word: str) -> bool:
    """Whether French "de"/"que"/"le" lose their vowel before ``word`` ("d'Ingénieur", "d'Hôtesse")."""
    w = word.lstrip("\"'«“ ").casefold()
    if not w:
        return False
    if w[0] in _VOWELS:
        if w.startswith(("oui", "ouat", "yach", "yog", "yaourt")):
            return False
        return not (w[0] == "y" and w[1:2] not in ("v", "s"))
    if w[0] == "h" and w[1:2] and w[1] in _VOWELS:
        return not w.startswith(_ASPIRATED_H)
    return False


_FR = {("de", "m"): "du", ("de", "pl"): "des", ("à", "m"): "au", ("à", "pl"): "aux"}
_ES = {("de", "m"): "del", ("a", "m"): "al"}
_IT_BASE = {"di": "de", "a": "a", "da": "da", "in": "ne", "su": "su"}
_IT_END = {"il": "l", "lo": "llo", "la": "lla", "l'": "ll'", "i": "i", "gli": "gli", "le": "lle"}
_PT = {"de": ("do", "da", "dos", "das"), "em": ("no", "na", "nos", "nas"), "a": ("ao", "à", "aos", "às"),
       "por": ("pelo", "pela", "pelos", "pelas")}
_PT_INDEX = {"m": 0, "f": 1, "pl": 2, "fpl": 3}
_DE = {("bei", "m"): "beim", ("bei", "n"): "beim", ("von", "m"): "vom", ("von", "n"): "vom",
       ("zu", "m"): "zum", ("zu", "n"): "zum", ("an", "m"): "am", ("an", "n"): "am", ("in", "m"): "im",
       ("in", "n"): "im", ("bei", "f"): "bei der", ("von", "f"): "von der", ("zu", "f"): "zur",
       ("an", "f"): "an der", ("in", "f"): "in der", ("für", "m"): "für den", ("für", "n"): "für das",
       ("für", "f"): "für die", ("über", "m"): "über den", ("über", "n"): "über das",
       ("über", "f"): "über die"}


def prep(lang: str, preposition: str, word: str) -> str:
    """``preposition`` and ``word`` as a native writer joins them in ``lang`` (see the module docstring)."""
    if not word:
        return preposition
    p = preposition.casefold()
    art = article_of(lang, word)
    if lang == "fr":
        if art is not None:
            kind = _ARTICLES["fr"][art[0].casefold()]
            joined = _FR.get((p, kind))
            if joined:
                return f"{joined} {art[1]}"
        if p in ("de", "que", "le", "la", "je", "ne", "se", "me", "te") and elides(word):
            return f"{preposition[:-1]}'{word}"
        return f"{preposition} {word}"
    if lang == "es" and art is not None:
        joined = _ES.get((p, _ARTICLES["es"][art[0].casefold()]))
        return f"{joined} {art[1]}" if joined else f"{preposition} {word}"
    if lang == "it" and art is not None and p in _IT_BASE:
        end = _IT_END[art[0].casefold()]
        joined = _IT_BASE[p] + end
        return f"{joined}{art[1]}" if joined.endswith("'") else f"{joined} {art[1]}"
    if lang == "pt" and art is not None and p in _PT:
        return f"{_PT[p][_PT_INDEX[_ARTICLES['pt'][art[0].casefold()]]]} {art[1]}"
    if lang == "de" and art is not None:
        joined = _DE.get((p, _ARTICLES["de"][art[0].casefold()]))
        if joined:
            return f"{joined} {art[1]}"
    return f"{preposition} {word}"


def org(lang: str, preposition: str, company: str) -> str:
    """Like :func:`prep`, for a company: in Portuguese a name without its own article goes after "empresa"
    ("na empresa Natura", "da empresa Acme"), since its gender is unknown ("na Natura" but "no Nubank")."""
    p = preposition.casefold()
    if lang == "pt" and company and p in _PT and article_of(lang, company) is None:
        return f"{_PT[p][1]} empresa {company}"
    return prep(lang, preposition, company)


# -- dates -------------------------------------------------------------------------------------------------

_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
}


def day_month(lang: str, day: date, today: date) -> str:
    """"3 November", "3. November", "1er novembre", "3 de noviembre", "3 de novembro" (the year only when
    it is not this year's)."""
    month = _MONTHS.get(lang, _MONTHS["en"]).split()[day.month - 1]
    n = str(day.day)
    if lang == "de":
        text = f"{n}. {month}"
    elif lang in ("es", "pt"):
        text = f"{n} de {month}"
    elif lang == "fr" and day.day == 1:
        text = f"1er {month}"
    elif lang == "it" and day.day == 1:
        text = f"1° {month}"
    else:
        text = f"{n} {month}"
    if day.year != today.year:
        text += f" de {day.year}" if lang in ("es", "pt") else f" {day.year}"
    return text


def on_day(lang: str, day: date, today: date) -> str:
    """When something happened, as an adverb: "on 3 November", "am 3. November", "le 3 novembre",
    "el 3 de noviembre", "l'8 novembre", "op 3 november", "no dia 3 de novembro"."""
    text = day_month(lang, day, today)
    if lang == "it":
        return f"l'{text}" if day.day in (8, 11) else f"il {text}"
    return {"en": "on", "de": "am", "fr": "le", "es": "el", "nl": "op", "pt": "no dia"}[lang] + " " + text


def of_day(lang: str, day: date, today: date) -> str:
    """Which one, after a noun: "the interview on 3 November", "das Gespräch am 3. November",
    "l'entretien du 3 novembre", "la entrevista del 3 de noviembre", "il colloquio dell'8 novembre",
    "het gesprek van 3 november", "a entrevista do dia 3 de novembro"."""
    text = day_month(lang, day, today)
    if lang == "it":
        return f"dell'{text}" if day.day in (8, 11) else f"del {text}"
    return {"en": "on", "de": "am", "fr": "du", "es": "del", "nl": "van", "pt": "do dia"}[lang] + " " + text
