"""Candidates for the company and the role of one job email, each with the features the ranker weighs (pure).

A candidate is a short span the email could mean as the employer or the job title, found where mail puts
them: the subject (its segments and the spans after "at", "bei", "chez" ...), the sender's display name,
the spans after the words that introduce a company or a role in seven languages ("your application to",
"sent to", "position of", "au poste de", "Stelle als", "vacature", "vaga de", "puesto de", "posizione di"),
the spans before "position" / "role" / "Stelle", short lines at the top of the body, the signature, the
sender's own domain and an ATS slug. Nothing here decides: every span becomes features (where it was,
which words came before and after, its shape, whether it holds job words or team words, whether the
domain agrees ...) and :mod:`agent.extract.ranker` scores them with weights learned from the project's own
labelled emails. Spans that say the same thing are merged into one candidate whose features are the union.

Posting noise is cleaned off before a span is a candidate: gender tags ("(m/w/d)", "F/H", "(m/v)"),
requisition numbers ("R12345 - ", "- 355734", "(JR-1234)"), bracketed locations and work modes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dc_field
from enum import StrEnum

from agent.extract.alternation import alternation
from agent.extract.names import company_from_ats_slug, company_from_domain, fold, mail_spelling, normalize_company
from agent.extract.relays import Relay, is_relay_name, relay_for_domain
from agent.mail.types import Address, ParsedEmail


class Source(StrEnum):
    """Where an extracted value came from."""

    SUBJECT = "subject"
    DISPLAY = "display"      # the From / Reply-To display name
    BODY = "body"
    SIGNATURE = "signature"  # the closing lines of the body
    DOMAIN = "domain"        # the sender's own domain
    SLUG = "slug"            # an ATS slug: acme@myworkday.com, jobs.lever.co/acme
    NONE = "none"            # unknown


class Field(StrEnum):
    COMPANY = "company"
    ROLE = "role"


@dataclass
class Candidate:
    field: Field
    key: str                      # matching key: same key, same value
    text: str                     # the value as the email writes it
    source: Source                # the strongest place it was found
    features: set[str] = dc_field(default_factory=set)
    mentions: int = 0
    sources: set[Source] = dc_field(default_factory=set)  # every place it was found


_PREFIX = {fld: f"{fld.value}:" for fld in Field}
_SRC_FEATURE = {(fld, src): f"{fld.value}:src={src.value}" for fld in Field for src in Source}

_SOURCE_RANK = {Source.SUBJECT: 0, Source.BODY: 1, Source.DISPLAY: 2, Source.SIGNATURE: 3, Source.SLUG: 4,
                Source.DOMAIN: 5, Source.NONE: 6}

# --------------------------------------------------------------------------------------------------
# word lists (lower case; seven languages)
# --------------------------------------------------------------------------------------------------

ROLE_WORDS = frozenset("""
engineer developer designer manager analyst scientist architect lead intern
internship consultant specialist director administrator associate coordinator officer head vp sre devops
programmer researcher writer editor accountant recruiter representative executive assistant technician
strategist marketer owner trainee apprentice graduate partner advisor adviser auditor controller
fullstack full-stack qa tester nurse teacher
principal staff senior junior sr jr chief counsel lawyer paralegal cashier clerk driver operator buyer
ingenieur ingenieurin entwickler entwicklerin berater beraterin leiter leiterin referent referentin
werkstudent werkstudentin praktikant praktikantin praktikum sachbearbeiter sachbearbeiterin kaufmann
kauffrau mitarbeiter mitarbeiterin projektleiter teamleiter fachkraft informatiker elektroniker
ingénieur ingénieure développeur développeuse chef chargé chargée responsable stagiaire alternant
alternance stage directeur directrice gestionnaire technicien technicienne commercial commerciale
assistante consultante analyste concepteur conceptrice
ingeniero ingeniera desarrollador desarrolladora jefe jefa analista becario becaria técnico técnica
responsable gerente coordinador coordinadora especialista asesor asesora programador programadora
ingegnere sviluppatore sviluppatrice tecnico responsabile stagista tirocinante addetto addetta
consulente impiegato impiegata programmatore coordinatore specialista
medewerker ontwikkelaar adviseur beheerder stagiair teamleider projectleider functioneel
engenheiro engenheira desenvolvedor desenvolvedora estagiário estagiária gerente coordenador analista
assistente técnico consultor consultora
""".split())

# Fields of work: part of many titles ("Data Analyst") but also of company names ("Bluepeak Software").
DOMAIN_WORDS = frozenset("""
product data software backend frontend stack sales marketing finance operations support account customer
business research security cloud platform mobile analytics science engineering technology it ict hr
daten vertrieb finanzen données ventes datos ventas dati vendite gegevens verkoop dados vendas
""".split())

TEAM_WORDS = frozenset("""
team teams recruiting recruitment recruiter talent acquisition hiring people hr careers career jobs
early campus university graduate emerging programs program hr-team human resources department
personalabteilung personal recruitingteam bewerbermanagement karriere rekrutierung ihr ihre euer
équipe equipe recrutement rh ressources humaines carrières talents
equipo selección seleccion reclutamiento rrhh recursos humanos talento
risorse umane selezione recruiting-team
wervingsteam werving recruitmentteam
equipa recrutamento pessoas gente
""".split())

LEGAL_WORDS = frozenset("""inc inc. llc ltd ltd. gmbh ag plc sa s.a. sas sarl srl s.r.l. spa s.p.a. bv b.v. nv n.v.
corp corp. corporation co co. company kg ug se ab oy as aps pty lda ltda limited group holding holdings
""".split())

FUNCTION_WORDS = frozenset("""
the a an this that these those it its is are was were be been has have had will would can could may
we our us you your i my me he she they them their there here which who whom what when where how
not no yes if then than so as of to in on at by for from with about into over after before
and or but also just only very more most such same other others following new next last
please thank thanks dear hi hello regards best sincerely kind unfortunately however
der die das ein eine einer eines dem den des und oder für mit von zu bei auf ist sind wir sie ihr ihre
uns unser unsere nicht leider vielen dank
le la les un une des du de et ou pour avec sur dans est sont nous vous votre vos notre nos que qui
el los las una unos del y o para con por en es son nosotros usted su sus que
il lo gli uno della delle dei e o per con su nel è sono noi voi sua suo che
het een en of voor met op bij is zijn wij jij uw onze dat die
o os um uma da do das dos e ou para com em na no é são nós você sua seu que
nos te ci vi ons je lo la le les se si
""".split())

_LEGAL_KEYS = frozenset(w.strip(".") for w in LEGAL_WORDS)

_STOP_START = frozenset("""we our us you your this that it thank thanks dear hi hello unfortunately please
regards best sincerely following our re fwd aw wg tr rv sv application applications update
bewerbung candidature candidatura sollicitatie postulación postulacion""".split())

# Words that introduce a company ("... to Acme") or a role ("... position of X", "X position").
_CO_INTRO = [
    # en
    "application to", "application with", "application at", "applying to", "applying at", "applying with",
    "applied to", "applied at", "apply to", "interest in", "interest in joining", "sent to", "submitted to",
    "received at", "received by", "employment with", "employment at", "career at", "careers at",
    "working at", "work at", "working with", "join", "joining", "here at", "position at", "role at",
    "job at", "opening at", "opportunity at", "opportunities at", "positions at", "roles at", "team at",
    "at", "with", "from", "for",
    # de
    "bei", "bewerbung bei", "interesse an", "stelle bei", "position bei", "bei der", "bei uns bei",
    "für", "an",
    # fr
    "chez", "au sein de", "au sein du", "au sein d'", "candidature chez", "candidature à", "rejoindre", "à", "transmise à", "envoyée à",
    "intérêt pour", "pour",
    # es
    "en", "con", "unirte a", "postulación en", "postulación a", "interés en", "candidatura en",
    # it
    "presso", "candidatura presso", "interesse per", "in", "con",
    # nl
    "bij", "sollicitatie bij", "interesse in", "werken bij", "naar",
    # pt
    "na", "no", "em", "a", "enviada para", "candidatura na", "candidatura no", "pela", "pelo", "interesse na", "interesse no",
]
_ROLE_INTRO = [
    # en
    "position of", "role of", "job of", "post of", "the position of", "the role of", "for the position of",
    "for the role of", "application for", "applying for", "applied for", "apply for", "application for the",
    "applying for the", "applied for the", "your application for", "interest in the", "for the", "position:",
    "role:", "job:", "position", "role", "job title:", "job:", "opening:", "for", "as", "as a", "as an",
    "open", "the", "application", "applications", "application to", "your application to", "applying to",
    "applied to", "you've applied to", "you have applied to", "position(s):", "following position(s):", "candidature", "candidature pour le poste", "bewerbung",
    "ihre bewerbung", "deine bewerbung", "sollicitatie", "candidatura", "candidatura a", "candidatura per il ruolo di",
    "la tua candidatura per", "tu candidatura a", "offre", "l'offre", "la oferta", "oferta", "programme", "program",
    # de
    "als", "stelle als", "bewerbung als", "bewerbung für", "bewerbung auf", "position als", "stelle:",
    "position:", "stellenbezeichnung:", "für die stelle", "für die position", "auf die stelle",
    "für die stelle als", "auf die stelle als", "für die position als",
    # fr
    "poste de", "au poste de", "poste d'", "au poste d'", "poste :", "poste:", "pour le poste de",
    "pour le poste d'", "offre de", "l'offre", "en tant que", "candidature au poste de", "candidature pour",
    # es
    "puesto de", "el puesto de", "para el puesto de", "vacante de", "la vacante de", "posición de",
    "puesto:", "como",
    # it
    "posizione di", "la posizione di", "per la posizione di", "ruolo di", "il ruolo di", "candidatura per",
    "posizione:", "come",
    # nl
    "vacature", "de vacature", "vacature:", "functie", "de functie", "functie van", "functie:", "als",
    "sollicitatie voor", "voor de functie", "voor de vacature", "de rol van", "rol van",
    # pt
    "vaga de", "a vaga de", "para a vaga de", "vaga:", "cargo de", "o cargo de", "função de", "candidatura para",
    "posição de", "vaga", "como",
]
# One common word: an introduction only when a capitalised title follows ("for Data Analyst", not "for your time").
_WEAK_ROLE_INTRO = frozenset({
    "for", "as", "as a", "as an", "open", "the", "application", "applications", "candidature", "candidatura",
    "bewerbung", "sollicitatie", "offre", "oferta", "programme", "program", "position", "role", "job", "vaga",
    "functie", "vacature", "als", "como", "come"})

_ROLE_AFTER = ["position", "role", "job", "opening", "vacancy", "opportunity", "post", "internship",
               "stelle", "position", "poste", "puesto", "posizione", "ruolo", "vacature", "functie", "vaga",
               "cargo", "offer", "requisition", "programme", "program", "vacancy", "application"]


_CAP = r"[A-Z0-9ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞŒ]"
_TOK = rf"{_CAP}[\w&'’+-]*(?:\.[\w&'’+-]+)*"
_CONNECT = r"(?:&|and|of|on|de|du|des|la|le|y|und|für|van|der|den|di|del|do|da|dos|e|et|the|zu)"
_CAP_SPAN = rf"{_TOK}(?:[ \t]+(?:{_CONNECT}[ \t]+)?{_TOK}){{0,5}}"

# A trigger and the span after it in one pattern, the span inside a look-ahead: the engine skips, in C, the
# many "at" / "for" / "the" that introduce nothing, and the scan goes on right after each trigger.
_CO_PHRASE_RE = re.compile(
    rf"(?<![\w'’])(?P<t>(?i:{alternation(_CO_INTRO)}))(?![\w'’])(?=[ \t]+(?:"
    rf"(?:(?i:the|la|le|der|die|das|el|il|de|het|a|o)[ \t]+|(?i:l)['’])?(?P<s>{_CAP_SPAN})"
    rf"|(?P<low>[a-z][\w.&'-]{{1,30}})[ \t]*(?:\n|$|[!.,](?:\s|$))))")
_ROLE_PHRASE_RE = re.compile(
    rf"(?<![\w'’])(?P<t>(?i:{alternation(_ROLE_INTRO)}))(?![\w'’])"
    r"(?=[ \t]*:?[ \t]*(?P<nl>(?:\n[ \t]*){1,2})?[\"“«„']?[ \t]*(?P<s>[^\W_][^\n.!?;:\"”»]{1,110}))")
_ROLE_AFTER_RE = re.compile(rf"(?<=[ \t])(?:{alternation(_ROLE_AFTER)})\b")
_TITLE_SPAN_RE = re.compile(rf"{_TOK}(?:(?:[ \t]*[,/&|–-][ \t]*|[ \t]+(?:{_CONNECT}[ \t]+)?){_TOK}){{0,6}}")


def _spans_before_keyword(text: str) -> Iterable[tuple[str, int, str]]:
    """(title-cased span, its start, keyword) for each "X position" / "X Stelle": the span that ends just before."""
    for k in _ROLE_AFTER_RE.finditer(text):
        start = max(0, k.start() - 100)
        window = text[start:k.start()].rstrip(" \t")
        last = None
        for last in _TITLE_SPAN_RE.finditer(window):
            pass
        if last is not None and last.end() == len(window):
            yield last.group(0), start + last.start(), k.group(0)
_QUOTED_RE = re.compile(r"[\"“«„']\s*(?P<s>[^\"”»“'\n]{3,90}?)\s*[\"”»“']")
_SALUTE_RE = re.compile(r"\b(?:dear|hi|hello|hey|bonjour|hallo|liebe|lieber|sehr geehrte[rs]?|hola|estimad[oa]|"
                        r"ciao|gentile|beste|geachte|olá|ola|prezad[oa]|caro|cara|herr|frau|mr|mrs|ms|monsieur|"
                        r"madame)\W*$", re.I)

# A role span ends at one of these (the text after it is another clause).
_ROLE_HARD_END = re.compile(
    r"\s+(?:at|with|bei|chez|presso|bij|na|no|em|en|has|have|was|is|will|and we|for which|that|which|who|"
    r"we|hat|wurde|ist|wir|a été|est|nous|ha|è|fue|es|hemos|abbiamo|is|werd|hebben|foi|é|foram|"
    r"through|via|on (?:our|the|linkedin|indeed|behalf)|in our|in unserem|dans|within|here|posted|ref|reference|a bien|a été|ha sido|foi|è stata|"
    r"is ontvangen|wurde|has been|was sent|a été transmise|ha sido vista|and (?:are|we|will|if|our|is|have|has|a|the)|"
    r"und (?:wir|ist)|et (?:nous|sommes)|y (?:estamos|nos)|job (?:number|id|no)|req(?:uisition)? (?:id|number|no)|"
    r"reference number|location)\b|\s+[|]\s+|\s{3,}|\t",
    re.I)
# Places a role span may be cut (each cut is another candidate; the ranker picks the right length).
_ROLE_SOFT_CUT = re.compile(r"\s*(?:,|\s[-–—]\s|\(|\[|\s/\s|\s+(?:for|in|im|für|pour|para|per|voor|de|and|und|et|y|e|ed|en)\s)")

_GENDER_RE = re.compile(
    r"\(\s*(?:[mwfdhvxi*]\s*[/|,]\s*){1,3}[mwfdhvxi*]\s*\)|\[\s*(?:[mwfdhvx]\s*/\s*){1,3}[mwfdhvx]\s*\]"
    r"|(?<![\w/])(?:[mwfdhvx]\s*/\s*){1,3}[mwfdhvx](?![\w/])"
    r"|\(\s*(?:all genders|alle geschlechter|gn\*?|d|w|m|divers|h/f/x|f/h/x)\s*\)|\*in\b|:in\b",
    re.I)
_REQ_RE = re.compile(
    r"^\s*(?:(?:R|JR|REQ|Req|ID|Job[ \t]?ID|Ref\.?)[ \t]*[-#:]?[ \t]*)?[A-Z]{0,4}[-_]?\d{3,}[\w-]*\s*[-–—:|]\s*"
    r"|\s*[-–—:|]\s*(?:(?:R|JR|REQ|Req|ID|Job[ \t]?ID|Ref\.?)[ \t]*[-#:]?[ \t]*)?[A-Z]{0,4}[-_]?\d{3,}[\w-]*\s*$"
    r"|[(\[]\s*(?:(?:R|JR|REQ|Req|ID|Job[ \t]?ID|Ref\.?|Requisition(?:[ \t]ID)?)[ \t]*[-#:]?[ \t]*)?#?[A-Z]{0,4}[-_]?\d{3,}[\w-]*\s*[)\]]"
    r"|\b(?:R|JR|REQ|Req)[-_]?\d{3,}\b|#\d{3,}",
)
_MODE_RE = re.compile(r"[(\[]\s*(?:remote|hybrid|hybride|on-?site|onsite|full[- ]?time|part[- ]?time|contract|"
                      r"cdi|cdd|vollzeit|teilzeit|temps plein|tiempo completo|tempo pieno|fulltime|parttime)"
                      r"[^()\[\]]*[)\]]", re.I)
_EMPTY_BRACKETS_RE = re.compile(r"[(\[]\s*[)\]]")
_ELIDED_RE = re.compile(r"[dl]['’]")
_ELIDED_WORD_RE = re.compile(r"[dl]['’]\w", re.I)
_BRACKET_TAIL_RE = re.compile(r"\s*[(\[][^()\[\]]{1,40}[)\]]\s*$")
_LEAD_JUNK = frozenset("""the a an our your this open new vacant current following posted position role job
opening post of for as le la les l' un une du des de el los las un una del il lo gli i uno una della
der die das ein eine den dem des als het een de o os um uma da do dos das""".split())
_LEAD_ROLE_WORDS = frozenset("position role job opening post poste stelle puesto posizione vacature functie vaga cargo".split())


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
    has_number = "#" in text or _DIGIT_RE.search(text) is not None
    if has_number:
        for _ in range(2):
            text = _REQ_RE.sub(" ", text)
    if bracket:
        text = _EMPTY_BRACKETS_RE.sub(" ", text)
        while True:
            m = _BRACKET_TAIL_RE.search(text)
            if not m or any(_is_role_word(w) for w in _words(m.group(0))):
                break
            text = text[:m.start()]
    text = _SPACES_RE.sub(" ", text).strip(" \t.,;:!?-–—|/*\"'“”«»„")
    words = text.split(" ")
    while len(words) > 1 and (words[0].casefold() in _LEAD_JUNK or words[0].casefold() in _LEAD_ROLE_WORDS
                              or _ELIDED_RE.fullmatch(words[0].casefold())):
        words.pop(0)
    if words and _ELIDED_WORD_RE.match(words[0]):
        words[0] = words[0][2:]
    text = " ".join(words)
    if has_number:
        text = _SPACES_RE.sub(" ", _REQ_RE.sub(" ", text))
    text = text.strip(" \t.,;:!?-–—|/*\"'“”«»„")
    if text.count("(") != text.count(")"):
        text = text.split("(")[0].strip()
    return text


_TEAM_TAILS = [
    "recruiting", "recruitment", "talent acquisition", "talent", "hiring", "people", "hr", "careers", "jobs", "team",
    "early careers", "campus", "university recruiting", "rh", "recrutement", "recruiting team", "personal",
    "karriere", "selección", "reclutamiento", "risorse umane", "werving", "recrutamento", "human resources",
    "career opportunities", "careers team", "notification", "notifications", "no-reply", "no_reply", "no reply",
    "noreply", "do-not-reply", "do_not_reply", "do not reply", "donotreply", "system", "portal", "services",
    "hr services", "people services", "ressources humaines", "recursos humanos", "personalabteilung",
]
_TEAM_TAIL_RE = re.compile(rf"(?:[ \t]+(?:{alternation(_TEAM_TAILS)}))+$", re.I)
_TEAM_HEAD_RE = re.compile(
    r"^(?:ihr|ihre|your|the|votre|l['’]équipe|l['’]equipe|équipe|equipe|el[ \t]+equipo[ \t]+de|equipo[ \t]+de|"
    r"il[ \t]+team[ \t]+di|team[ \t]+di|het[ \t]+team[ \t]+van|team[ \t]+van|a[ \t]+equipa[ \t]+(?:da|do|de)|"
    r"equipa[ \t]+(?:da|do|de)|o[ \t]+time[ \t]+(?:da|do|de)|das|die|der|team|rh|hr|recrutamento|recrutement|"
    r"recruiting|recruitment|selección|seleccion|selezione|werving|talent[ \t]+acquisition|careers|equipa|time|"
    r"équipe[ \t]+rh[ \t]+(?:de|du|d['’])|recursos[ \t]+humanos|risorse[ \t]+umane)[ \t]+", re.I)
_POSSESSIVE_RE = re.compile(r"['’]s$")
# The first / last words that can start / end a team phrase (a cheap test before the regexes above).
_TEAM_HEAD_WORDS = frozenset("""ihr ihre your the votre l'équipe l’équipe l'equipe l’equipe équipe equipe el equipo
il team het a o das die der rh hr recrutamento recrutement recruiting recruitment selección seleccion selezione
werving talent careers equipa time recursos risorse""".split())
_TEAM_TAIL_WORDS = frozenset(w.split()[-1] for w in _TEAM_TAILS)
_AFTER_TEAM_PARTICLE_RE = re.compile(r"^(?:(?:de|du|da|do|di|van|von)[ \t]+|d['’][ \t]*)", re.I)


@functools.lru_cache(maxsize=8192)
def clean_company(span: str) -> str:
    """Team words off a company span ("The Acme Recruiting Team" -> "Acme", "Ihr Recruiting Team" -> "")."""
    text = _SPACES_RE.sub(" ", span).strip(" \t.,;:!?'\"’-–—|·")
    words = text.casefold().split(" ")
    if words[0] not in _TEAM_HEAD_WORDS and words[-1] not in _TEAM_TAIL_WORDS and not text.endswith(("'s", "’s")):
        return text  # nothing to take off: the common case
    stripped = False
    for _ in range(3):
        before = text
        text = _TEAM_HEAD_RE.sub("", text)
        text = _TEAM_TAIL_RE.sub("", text).strip(" .,&-")
        if text == before:
            break
        stripped = True
    if stripped:
        text = _AFTER_TEAM_PARTICLE_RE.sub("", text)
    text = _POSSESSIVE_RE.sub("", text)
    if all(w.strip("'’") in TEAM_WORDS or w in ("the", "l'équipe", "l’équipe") for w in _words(text)):
        return ""  # "Ihr Recruiting Team", "Early Careers": a team, never a name
    return text


_WORDS_RE = re.compile(r"[^\W_][\w'’.+#-]*")
_DIGIT_RE = re.compile(r"\d")
_COMMA_LOWER_RE = re.compile(r",\s+[a-zà-ÿ]")
_DASH_RE = re.compile(r"\s[-–—]\s")
_URLISH_RE = re.compile(r"https?:|www\.|@|\.com\b", re.I)
_SPACES_RE = re.compile(r"\s+")
_LETTER_RE = re.compile(r"[^\W\d_]")
_WORD_BEFORE_RE = re.compile(r"([^\W\d_]+)[^\w\n]*$")
_WORD_AFTER_RE = re.compile(r"[^\w\n]*([^\W\d_]+)")


# Heads of compound titles in German and Dutch ("Softwareentwickler", "Projectleider", "Vertriebsmitarbeiterin").
_ROLE_SUFFIXES = ("entwickler", "entwicklerin", "ingenieur", "ingenieurin", "berater", "beraterin", "leiter", "leiterin",
                  "referent", "referentin", "mitarbeiter", "mitarbeiterin", "manager", "managerin", "analyst",
                  "analystin", "kaufmann", "kauffrau", "techniker", "technikerin", "assistent", "assistentin",
                  "medewerker", "ontwikkelaar", "adviseur", "beheerder", "leider", "specialist", "engineer",
                  "developer", "designer", "praktikant", "praktikantin", "werkstudent", "werkstudentin",
                  "angestellter", "angestellte", "sachbearbeiter", "sachbearbeiterin", "elektroniker")


def _is_role_word(word: str) -> bool:
    return word in ROLE_WORDS or (len(word) > 8 and word.endswith(_ROLE_SUFFIXES))


def _words(text: str) -> list[str]:
    return _WORDS_RE.findall(text.casefold())


# --------------------------------------------------------------------------------------------------
# features
# --------------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=8192)
def _shape_features(text: str, fld: Field) -> tuple[str, ...]:
    words = text.split()
    low = _words(text)
    n = len(words)
    f = [f"nw={min(n, 6)}"]
    if len(text) > 45:
        f.append("long")
    caps = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    if caps == n:
        f.append("allcap_start")
    elif caps == 0:
        f.append("all_lower")
    elif not words[0][:1].isupper():
        f.append("lower_first")
    else:
        f.append("mixed_case")
    if text.isupper() and len(text) > 4:
        f.append("shouting")
    role_hits = sum(1 for w in low if _is_role_word(w))
    if role_hits:
        f.append("roleword")
        f.append(f"roleword_n={min(role_hits, 3)}")
        if low and _is_role_word(low[-1]):
            f.append("roleword_last")
    else:
        f.append("no_roleword")
    if any(w in DOMAIN_WORDS for w in low):
        f.append("domainword")
    fw = sum(1 for w in low if w in FUNCTION_WORDS)
    f.append(f"fw={min(fw, 3)}")
    if low and low[0] in FUNCTION_WORDS:
        f.append("fw_first")
    if low and low[-1] in FUNCTION_WORDS:
        f.append("fw_last")
    if any(w in TEAM_WORDS for w in low):
        f.append("teamword")
    if low and low[-1].strip(".") in _LEGAL_KEYS:
        f.append("legal")
    if _DIGIT_RE.search(text):
        f.append("digit")
    if low and low[0] in _STOP_START:
        f.append("stop_start")
    if is_relay_name(text):
        f.append("relayname")
    if "," in text:
        f.append("comma")
        if _COMMA_LOWER_RE.search(text):
            f.append("comma_lower")
    if _DASH_RE.search(text):
        f.append("dash")
    if "(" in text:
        f.append("paren")
    if _URLISH_RE.search(text):
        f.append("urlish")
    prefix = _PREFIX[fld]
    return tuple(prefix + x for x in f)


def _context_word(text: str, start: int, before: bool) -> str:
    if before:
        m = _WORD_BEFORE_RE.search(text[max(0, start - 30):start])
    else:
        m = _WORD_AFTER_RE.match(text, start, start + 30)
    if not m:
        return "∅"
    word = m.group(1).casefold()
    return word if word in FUNCTION_WORDS or word in _ROLE_AFTER or len(word) <= 3 else "W"


def _next_class(text: str, end: int) -> str:
    rest = text[end:end + 3]
    if not rest or rest[0] == "\n":
        return "eol"
    ch = rest.lstrip(" \t")[:1]
    if not ch:
        return "eol"
    if ch in ".!?;":
        return "stop"
    if ch in ",":
        return "comma"
    if ch in "-–—|:·":
        return "dash"
    if ch in "([":
        return "paren"
    return "upper" if ch.isupper() else "lower" if ch.isalpha() else "other"


# --------------------------------------------------------------------------------------------------
# generation
# --------------------------------------------------------------------------------------------------

class _Pool:
    def __init__(self) -> None:
        self.items: dict[tuple[Field, str], Candidate] = {}

    def add(self, fld: Field, text: str, source: Source, feats: Iterable[str]) -> None:
        text = text.strip()
        if not text or len(text) > 80 or len(text.split()) > 8 or not _LETTER_RE.search(text):
            return
        if fld == Field.COMPANY and (len(text) > 60 or len(text.split()) > 6):
            return
        key = normalize_company(text) if fld == Field.COMPANY else role_key(text)
        if len(key) < 2:
            return
        cand = self.items.get((fld, key))
        prefix = _PREFIX[fld]
        tagged = [prefix + x for x in feats]
        tagged.append(_SRC_FEATURE[fld, source])
        if cand is None:
            cand = self.items[(fld, key)] = Candidate(fld, key, text, source, set(_shape_features(text, fld)))
        elif _SOURCE_RANK[source] < _SOURCE_RANK[cand.source] or (
                source == cand.source and len(text) > len(cand.text) and fld == Field.COMPANY):
            cand.text, cand.source = text, source
        cand.features.update(tagged)
        cand.mentions += 1
        cand.sources.add(source)


@functools.lru_cache(maxsize=8192)
def role_key(role: str | None) -> str:
    """"Senior Data Engineer (m/w/d)" -> "seniordataengineer"; "" for no role."""
    return fold(_GENDER_RE.sub(" ", role or ""))


_RE_PREFIX = re.compile(r"^(?:(?:re|fwd?|aw|wg|tr|rv|sv|antw|r|i)\s*:\s*)+", re.I)
_SEGMENT_SPLIT = re.compile(r"\s+[-–—|:·]\s+|\s*[|:·]\s+|\s+(?:at|@|bei|chez|presso|bij|en|na|em|with)\s+", re.I)


def _subject_candidates(pool: _Pool, subject: str) -> None:
    subject = _RE_PREFIX.sub("", subject).strip()
    if not subject:
        return
    pieces = _SEGMENT_SPLIT.split(subject)
    seps = [m.group(0).strip().casefold() or "sp" for m in _SEGMENT_SPLIT.finditer(subject)]
    n = len(pieces)
    for i, piece in enumerate(pieces):
        before = seps[i - 1] if i > 0 else "^"
        after = seps[i] if i < n - 1 else "$"
        pos = "only" if n == 1 else "first" if i == 0 else "last" if i == n - 1 else "mid"
        base = ["seg", f"seg_pos={pos}", f"seg_before={before}", f"seg_after={after}"]
        role = clean_role(piece)
        if role:
            pool.add(Field.ROLE, role, Source.SUBJECT, base)
        co = clean_company(piece)
        if co:
            pool.add(Field.COMPANY, co, Source.SUBJECT, base)
        if i < n - 1 and seps[i] in "-–—":
            # "Analyst - Data and AI", "Summer Internship - Finance": a dash inside a title
            joined = clean_role(f"{piece} - {pieces[i + 1]}")
            if joined:
                pool.add(Field.ROLE, joined, Source.SUBJECT, ["seg", "seg_joined", f"seg_pos={pos}"])
    lead = re.match(_CAP_SPAN, subject)
    if lead and lead.end() < len(subject):
        pool.add(Field.COMPANY, clean_company(lead.group(0)), Source.SUBJECT,
                 ["subj_lead", f"nextw={_context_word(subject, lead.end(), False)}"])
    _phrase_candidates(pool, subject, Source.SUBJECT)


def _phrase_candidates(pool: _Pool, text: str, source: Source) -> None:
    for m in _CO_PHRASE_RE.finditer(text):
        trig = _SPACES_RE.sub(" ", m.group("t").casefold())
        if m.group("s") is None:  # "your application was sent to slice": a brand written in lower case
            pool.add(Field.COMPANY, m.group("low"), source, [f"co_intro={trig}", "co_intro", "lower_span"])
            continue
        if _SALUTE_RE.search(text[max(0, m.start() - 20):m.start()]):
            continue
        span = m.group("s")
        co = clean_company(span)
        feats = [f"co_intro={trig}", "co_intro", f"next={_next_class(text, m.end('s'))}",
                 f"nextw={_context_word(text, m.end('s'), False)}"]
        if co:
            pool.add(Field.COMPANY, co, source, feats)
        # a shorter span: up to a connector or a role word ("Acme for the Data Analyst role")
        words = co.split()
        for k in range(1, len(words)):
            if _is_role_word(words[k].casefold()) or words[k].casefold() in FUNCTION_WORDS:
                pool.add(Field.COMPANY, " ".join(words[:k]), source, feats + ["co_cut"])
                break
    for m in _ROLE_PHRASE_RE.finditer(text):
        trig = _SPACES_RE.sub(" ", m.group("t").casefold())
        if trig in _WEAK_ROLE_INTRO and not (m.group("s")[0].isupper() or m.group("s")[0].isdigit()):
            continue  # "the company", "for your time": a one-word trigger needs a title after it
        span = m.group("s")
        if m.group("nl"):
            trig += "⏎"
        hard = _ROLE_HARD_END.search(span)
        end_kind = "hard" if hard else "line"
        if hard:
            span = span[:hard.start()]
        feats = [f"role_intro={trig}", "role_intro", f"prevw={_context_word(text, m.start(), True)}"]
        _role_variants(pool, span, source, feats + [f"end={end_kind}",
                                                    f"endw={(hard.group(0).strip().casefold() if hard else '∅')}"])
    for span, span_start, keyword in _spans_before_keyword(text):
        trig = keyword.casefold()
        feats = [f"role_before={trig}", "role_before", f"prevw={_context_word(text, span_start, True)}"]
        role = clean_role(span)
        if role:
            pool.add(Field.ROLE, role, source, feats)
            words = role.split()
            # "Thank you for applying to Acme for the Data Analyst position": keep the tail after a function word
            for k in range(len(words) - 1, 0, -1):
                if words[k - 1].casefold() in FUNCTION_WORDS or words[k - 1].casefold() in _LEAD_JUNK:
                    pool.add(Field.ROLE, clean_role(" ".join(words[k:])), source, feats + ["role_tail"])
                    break
    for m in _QUOTED_RE.finditer(text):
        span = m.group("s")
        role = clean_role(span)
        if role:
            pool.add(Field.ROLE, role, source, ["quoted", f"prevw={_context_word(text, m.start(), True)}"])


def _role_variants(pool: _Pool, span: str, source: Source, feats: list[str]) -> None:
    full = clean_role(span)
    if not full:
        return
    cuts = [m for m in _ROLE_SOFT_CUT.finditer(span) if m.start() >= 2]
    pool.add(Field.ROLE, full, source, feats + ["cut=none", *_tail_features(span, cuts[-1] if cuts else None, "last")])
    for i, m in enumerate(cuts):
        kind = m.group(0).strip()[:1] or "sp"
        if kind.isalpha():
            kind = "word"
        part = clean_role(span[:m.start()])
        if part and part != full:
            tail_end = cuts[i + 1].start() if i + 1 < len(cuts) else len(span)
            pool.add(Field.ROLE, part, source,
                     feats + [f"cut={kind}", *_tail_features(span[:tail_end], m, "cut")])


def _tail_features(span: str, cut: re.Match[str] | None, which: str) -> list[str]:
    """What follows a cut ("Data Analyst - Berlin", "Analyst, Predictive Analytics", "Analyst, and a member ..."):
    the part a cut drops (``cut``), or the last part the whole span keeps (``last``)."""
    if cut is None:
        return []
    tail = _words(span[cut.end():])
    f = [f"{which}_tail_nw={min(len(tail), 4)}"]
    if any(_is_role_word(w) for w in tail):
        f.append(f"{which}_tail_roleword")
    if any(w in DOMAIN_WORDS for w in tail):
        f.append(f"{which}_tail_domainword")
    if any(w in FUNCTION_WORDS for w in tail):
        f.append(f"{which}_tail_fw")
    if any(ch.isdigit() for ch in span[cut.end():]):
        f.append(f"{which}_tail_digit")
    return f


_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_DISPLAY_NOISE_RE = re.compile(r"[_@]+|\b(?:no[-_ ]?reply|do[-_ ]?not[-_ ]?reply|notifications?|system)\b", re.I)


def _display_name(name: str) -> str:
    """A display name without plumbing: "WellsFargoHR" -> "Wells Fargo HR", "Workday @ Intel Notification" ->
    "Intel", "Applied_Materials_HR amat" -> "Applied Materials HR amat"."""
    name = _DISPLAY_NOISE_RE.sub(" ", name)
    if " " not in name.strip():
        name = _CAMEL_RE.sub(" ", name)
    words = [w for w in name.split() if not is_relay_name(w) and w.casefold() not in {"my", "via"}]
    return " ".join(words)


def _display_candidates(pool: _Pool, addr: Address, relay: Relay | None, which: str) -> None:
    raw = addr.name.strip().strip("\"'")
    if not raw or "@" in raw.replace(" @ ", " ").strip("@"):
        return
    name = _display_name(raw)
    if not name:
        return
    base = [f"disp={which}", "relay_display" if relay else "own_display"]
    m = re.match(r"^(?P<co>.+?)\s+(?:via|through|on|from|über|par|por|tramite|via)\s+(?P<relay>.+)$", name, re.I)
    if m and is_relay_name(m.group("relay")):
        pool.add(Field.COMPANY, clean_company(m.group("co")), Source.DISPLAY, base + ["disp_via"])
        return
    m = re.match(r"^[^()]+\((?P<co>[^()]+)\)$", name) or re.match(
        r"^[\w'’. -]+?\s+(?:at|from|@|bei|chez|de|da)\s+(?P<co>[A-Z].+)$", name)
    if m:
        pool.add(Field.COMPANY, clean_company(m.group("co")), Source.DISPLAY, base + ["disp_of"])
    cleaned = clean_company(name)
    feats = base + ["disp_whole" if cleaned == name else "disp_team"]
    if name != raw:
        feats.append("disp_plumbing")
    if re.fullmatch(r"[A-ZÀ-Þ][a-zà-ÿ'’-]+(?: [A-ZÀ-Þ][a-zà-ÿ'’-]+){1,2}", name) and cleaned == name:
        feats.append("disp_personlike")
    pool.add(Field.COMPANY, cleaned, Source.DISPLAY, feats)


_SIGNOFFS = [
    "best", "best regards", "best wishes", "kind regards", "kindest regards", "warm regards", "warmest regards",
    "regards", "many thanks", "thanks", "thank you", "sincerely", "yours sincerely", "yours truly", "all the best",
    "cheers", "respectfully", "viele grüße", "beste grüße", "freundliche grüße", "mit freundlichen grüßen",
    "liebe grüße", "cordialement", "bien cordialement", "bien à vous", "salutations", "saludos", "saludos cordiales",
    "atentamente", "un saludo", "cordiali saluti", "distinti saluti", "saluti", "met vriendelijke groet",
    "met vriendelijke groeten", "vriendelijke groet", "vriendelijke groeten", "groeten", "atenciosamente",
    "cumprimentos", "com os melhores cumprimentos", "abraços", "obrigado", "obrigada",
]
_SIGNOFF_RE = re.compile(rf"^[ \t]*(?:{alternation(_SIGNOFFS)})\b[^\n]{{0,20}}$", re.I | re.M)


def _body_candidates(pool: _Pool, body: str) -> None:
    head = body[:3000]
    _phrase_candidates(pool, head, Source.BODY)
    lines = [ln for ln in (raw.strip() for raw in head[:1500].split("\n", 40)) if ln][:9]
    intro_keys = {c.key for c in pool.items.values() if c.field == Field.COMPANY and "company:co_intro" in c.features}
    # short lines at the top: a job board's card ("Acme\nData Analyst\nAcme · Berlin")
    for i, line in enumerate(lines[:8]):
        if len(line) > 70 or len(line.split()) > 8 or line.endswith((".", ",", ":", "!", "?")) \
                or not (line[0].isupper() or line[0].isdigit()):
            continue
        prev = lines[i - 1] if i else ""
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        feats = ["topline", f"line={min(i, 6)}"]
        if "·" in nxt or "•" in nxt:
            feats.append("next_dot_line")
        if nxt.split("·")[0].strip() == line:
            feats.append("next_starts_same")
        if prev and normalize_company(prev) in intro_keys:
            feats.append("after_co_line")
        if nxt and normalize_company(nxt.split("·")[0]) in intro_keys:
            feats.append("before_co_line")
        if normalize_company(line) in intro_keys:
            feats.append("is_co_line")
        if "·" in line:
            line = line.split("·")[0].strip()
            feats.append("dot_line")
        pool.add(Field.COMPANY, clean_company(line), Source.BODY, feats)
        pool.add(Field.ROLE, clean_role(line), Source.BODY, feats)
    # line after a line that is a company candidate from a phrase: the card's role line
    tail = body[-1500:] if len(body) > 3000 else body[len(head):]
    if tail:
        _phrase_candidates(pool, tail, Source.BODY)
    _signature_candidates(pool, body[-1500:])


def _signature_candidates(pool: _Pool, tail: str) -> None:
    matches = list(_SIGNOFF_RE.finditer(tail))
    if not matches:
        return
    after = tail[matches[-1].end():]
    lines = [ln.strip() for ln in after.split("\n") if ln.strip()][:5]
    for i, line in enumerate(lines):
        if len(line) > 60 or re.search(r"https?:|www\.|@|\+?\d[\d ()-]{6,}", line):
            continue
        for part in re.split(r"\s+[|–—-]\s+|,\s+", line)[:3]:
            cleaned = clean_company(part)
            feats = ["sig", f"sig_line={i}", "sig_team" if cleaned != part.strip() else "sig_plain"]
            pool.add(Field.COMPANY, cleaned, Source.SIGNATURE, feats)


def _address_candidates(pool: _Pool, email: ParsedEmail, relay: Relay | None) -> None:
    for which, addr in (("from", email.from_), *(("reply", a) for a in email.reply_to)):
        if addr is None:
            continue
        r = relay_for_domain(addr.domain)
        if addr.name:
            _display_candidates(pool, addr, r, which)
        if r is None:
            name = company_from_domain(addr.domain)
            if name:
                pool.add(Field.COMPANY, mail_spelling(name, email), Source.DOMAIN, [f"dom={which}"])
    slug = company_from_ats_slug(email)
    if slug:
        pool.add(Field.COMPANY, mail_spelling(slug, email), Source.SLUG, ["slug"])


_CONJ_BASE = {fld: [(f"{fld}:{x}", x) for x in ("roleword", "no_roleword", "teamword", "fw=0", "fw=1", "nw=1", "nw=2",
                                                 "nw=3", "nw=4", "in_domain", "relayname", "digit")] for fld in Field}
_CONJ_NAMES = {(fld, src): {x: f"{fld}:{src}&{x}" for _full, x in _CONJ_BASE[fld]} for fld in Field for src in Source}
_SEG_CONJ = {fld: [(f"{fld}:{x}", x) for x in ("roleword", "no_roleword", "in_domain", "nw=1", "nw=2", "nw=3", "nw=4")]
             for fld in Field}
_SEG_PREFIX = {fld: f"{fld}:seg_" for fld in Field}
_MAIL_KIND = {fld: {True: f"{fld}:relay_mail", False: f"{fld}:own_mail"} for fld in Field}
_MENTIONS = {fld: [f"{fld}:mentions={n}" for n in range(5)] for fld in Field}
_NSRC = {fld: [f"{fld}:nsrc={n}" for n in range(4)] for fld in Field}
_PLUMBING_FOLDS = frozenset({"mail", "email", "careers", "career", "jobs", "talent", "recruiting", "notifications",
                             "reply", "noreply", "bounce", "hello", "team", "apply", "hire", "hiring", "people", "www",
                             "com", "net", "org", "workflow", "invalidemail"})


def _agreement(pool: _Pool, email: ParsedEmail, relay: Relay | None, subject: str) -> None:
    """Features that relate a candidate to the rest of the email (domain agrees, named elsewhere ...)."""
    org_labels: set[str] = set()
    for addr in (email.from_, *email.reply_to):
        if addr is not None and addr.domain and relay_for_domain(addr.domain) is None:
            org_labels.update(fold(lbl) for lbl in addr.domain.split(".")[:-1] if len(lbl) >= 3)
    org_labels -= _PLUMBING_FOLDS
    subj_fold = fold(subject)
    disp_fold = fold(" ".join(a.name for a in (email.from_, *email.reply_to) if a is not None))
    companies = [c for c in pool.items.values() if c.field == Field.COMPANY]
    co_keys = {c.key for c in companies if "company:co_intro" in c.features}
    role_phrase_keys = {c.key for c in pool.items.values() if c.field == Field.ROLE and "role:role_intro" in c.features}
    for cand in pool.items.values():
        f = cand.field
        k = cand.key
        feats = cand.features
        feats.add(_MAIL_KIND[f][relay is not None])
        feats.add(_MENTIONS[f][min(cand.mentions, 4)])
        feats.add(_NSRC[f][min(len(cand.sources), 3)])
        if org_labels and any(k == lbl or (len(k) >= 4 and (lbl.startswith(k) or k.startswith(lbl)))
                              for lbl in org_labels):
            feats.add(_PREFIX[f] + "in_domain")
        if k and k in subj_fold:
            feats.add(_PREFIX[f] + "in_subject")
        if k and k in disp_fold:
            feats.add(_PREFIX[f] + "in_display")
        if f == Field.ROLE and normalize_company(cand.text) in co_keys:
            feats.add("role:is_company_phrase")
        if f == Field.COMPANY and cand.key in role_phrase_keys:
            feats.add("company:is_role_phrase")
        # conjunctions the linear model cannot make itself
        hits = [x for full, x in _CONJ_BASE[f] if full in feats]
        for src in cand.sources:
            table = _CONJ_NAMES[f, src]
            feats.update(table[x] for x in hits)
        if _PREFIX[f] + "seg" in feats:
            seg_hits = [x for full, x in _SEG_CONJ[f] if full in feats]
            for y in [y for y in feats if y.startswith(_SEG_PREFIX[f])]:
                feats.update(f"{y}&{z}" for z in seg_hits)


_NAMING_SOURCES = {Source.DISPLAY, Source.DOMAIN, Source.SLUG}


def _minus_company(pool: _Pool) -> None:
    """"Acme Data Analyst" (from "the Acme Data Analyst programme"): the role without the company in front."""
    keys = {c.key for c in pool.items.values() if c.field == Field.COMPANY and len(c.key) >= 3
            and (c.sources & _NAMING_SOURCES or "company:co_intro" in c.features)}
    for cand in [c for c in pool.items.values() if c.field == Field.ROLE]:
        if not any(cand.key.startswith(k) and cand.key != k for k in keys):
            continue
        words = cand.text.split()
        for k in range(min(len(words) - 1, 6), 0, -1):
            if normalize_company(" ".join(words[:k]).removesuffix("'s").removesuffix("’s")) in keys:
                feats = [x.split(":", 1)[1] for x in cand.features if ":src=" not in x and not x.startswith("role:nw=")]
                pool.add(Field.ROLE, " ".join(words[k:]), cand.source, [*feats, "minus_company"])
                break


def candidates(email: ParsedEmail, body: str) -> list[Candidate]:
    """Every candidate of ``email`` (``body``: its text with quoted replies cut, see names.strip_quoted)."""
    pool = _Pool()
    relay = relay_for_domain(email.from_.domain) if email.from_ is not None else None
    subject = email.subject or ""
    _subject_candidates(pool, subject)
    _body_candidates(pool, body)
    _address_candidates(pool, email, relay)
    _minus_company(pool)
    _agreement(pool, email, relay, subject)
    return list(pool.items.values())
