"""The language a follow-up is written in, and how it greets the person (pure).

**Detection.** The email being answered is scored by its share of very common words (function words
and the stock phrases of recruiting mail) in each language Onward writes: English, German, French,
Spanish, Italian, Dutch, Portuguese (each list holds words the others do not share, so that Spanish,
Italian and Portuguese mail is told apart). Quoted text and the user's own words are not in the input (the caller passes the company's
email). A language wins when it has at least :data:`MIN_HITS` hits and clearly more than the next
(:data:`MARGIN`); otherwise the configured ``followup.language`` is used. No dependency: a job email
has plenty of function words.

**Salutation.** A formal greeting in the draft's language, with the person's name when one signed
and their form of address when it is known (a title in the signature or display name - "Frau",
"Mme", "Sra.", "Sig.ra", "mevrouw", "Ms" - or a common first name whose gender is unambiguous):
"Sehr geehrte Frau Schmidt,", "Bonjour Madame Dupont,", "Estimada Sra. García:", "Gentile Sig.ra Rossi,",
"Geachte mevrouw De Vries,", "Prezada Sra. Costa,", "Dear Jane,". With a name but no
known form of address, a form that needs none ("Guten Tag Alex Schmidt,", "Bonjour Camille Martin,",
"Buenos días, Alex García:", "Buongiorno Alex Rossi,", "Beste Alex de Vries,", "Bom dia, Alex Costa,");
with no name, the neutral formal form ("Sehr geehrte Damen und Herren,", "Madame, Monsieur,", "Estimado
equipo de selección:", "Gentile responsabile della selezione,", "Geachte heer, mevrouw,", "Prezados
responsáveis pelo recrutamento,", "Dear Hiring Team,").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt")
MIN_HITS = 3
MARGIN = 1.5

_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("""the and for you your with that this have has are was were will would not our
        from thank thanks unfortunately regards application interview position role team we decided other
        candidates forward time interest best wish which been about after into their they them""".split()),
    "de": frozenset("""der die das und ist nicht wir sie ihre ihr ihnen für mit den dem des ein eine einer
        auf uns bei leider bewerbung stelle vielen dank freundlichen grüßen gruessen grüße haben wurde
        möchten danke sehr geehrte geehrter herr frau entschieden interesse zeit wünschen weiterhin
        auch von zu im noch als aber""".split()),
    "fr": frozenset("""le la les et est pas nous vous votre vos pour avec une des du dans sur ne que qui
        candidature poste merci cordialement malheureusement avons sommes intérêt temps bonjour madame
        monsieur souhaitons décidé entretien suite au aux ce cette être""".split()),
    "es": frozenset("""el la los las y es no nosotros usted su sus para con una por del en que muy
        candidatura puesto gracias saludos lamentablemente hemos decidido interés tiempo estimado estimada
        deseamos entrevista proceso selección le al lo otros""".split()),
    "it": frozenset("""il di che non per una della delle degli dei nel nella alla sono siamo abbiamo grazie
        cordiali saluti purtroppo posizione colloquio ringraziamo gentile vostra nostra nostro suo sua ci
        deciso proseguire selezione interesse tempo augurando distinti questa questo anche essere""".split()),
    "nl": frozenset("""het een van je jouw uw wij niet voor met op dat ook naar bij wordt hebben heeft
        helaas sollicitatie vacature bedankt dank groet groeten vriendelijke besloten gesprek functie
        geachte beste tijd interesse verder kandidaat kandidaten graag wensen succes""".split()),
    "pt": frozenset("""não você seu sua os as do da dos das em ao nos nosso nossa com uma obrigado obrigada
        agradecemos infelizmente decidimos vaga processo seletivo equipe equipa atenciosamente
        cumprimentos prezado prezada oportunidade seguir candidatos também está são""".split()),
}
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD_RE.findall(text[:20_000])]


def scores(text: str) -> dict[str, int]:
    """Hits of each language's common words in ``text``."""
    words = _words(text)
    return {lang: sum(1 for w in words if w in vocab) for lang, vocab in _STOPWORDS.items()}


def detect(text: str, fallback: str = "en") -> str:
    """The language of ``text`` (one of :data:`LANGUAGES`), else ``fallback``."""
    ranked = sorted(scores(text).items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top >= MIN_HITS and top >= MARGIN * second:
        return best
    return fallback


# -- salutation ---------------------------------------------------------------------------------------

_FEMALE_TITLES = {"frau", "mme", "madame", "mrs", "ms", "miss", "sra", "señora", "srta", "señorita", "mlle",
                  "sig.ra", "signora", "sig.na", "signorina", "mevrouw", "mevr", "mw", "senhora", "dona"}
_MALE_TITLES = {"herr", "m", "monsieur", "mr", "sr", "señor", "sig", "signor", "signore", "heer", "dhr", "senhor"}
_ACADEMIC = {"dr", "prof", "doctor", "doktor", "dott", "dott.ssa", "dott.sa", "dra", "drs", "ir"}
# Common first names whose gender is unambiguous in the four languages (a small, conservative list:
# a name not on it gets the greeting that needs no form of address).
_FEMALE_NAMES = frozenset("""anna anne anja andrea angela birgit claudia christina christine julia katharina
    katrin laura lena lisa maria marie martina melanie monika nicole petra sabine sandra sarah sara stefanie
    susanne ulrike ursula jana johanna sophie sophia hannah emma mia lea leonie nina jessica jennifer
    jane mary elizabeth emily olivia amanda rachel rebecca hannah helen kate catherine karen linda susan
    nathalie isabelle céline sylvie valérie véronique françoise brigitte chloé manon juliette claire julie sandrine stéphanie christelle audrey
    aurélie élodie amélie pauline margaux léa inès marion caroline émilie
    mélanie virginie delphine anaïs agnès hélène
    katja kerstin silke heike nadine daniela franziska carina svenja
    lucía lucia carmen ana isabel pilar elena laura marta cristina paula raquel beatriz rosa teresa sofía
    sofia alba patricia silvia mercedes
    giulia francesca chiara valentina federica elisa alessandra giorgia martina
    sanne anouk femke lotte eva fleur marloes ingrid
    mariana joana catarina fernanda gabriela juliana""".split())
_MALE_NAMES = frozenset("""thomas michael andreas stefan christian markus martin peter klaus jürgen juergen
    frank uwe wolfgang matthias alexander daniel tobias florian sebastian jan lukas jonas felix paul
    maximilian tim timo oliver dirk ralf bernd holger jens sven torsten hans karl heinz
    john james robert david william richard joseph charles mark steven kevin brian george edward tom
    jean pierre jacques philippe nicolas françois michel alain olivier julien antoine thierry laurent
    sébastien guillaume mathieu matthieu louis hugo éric eric
    josé jose juan antonio manuel francisco javier carlos miguel rafael pedro pablo jorge luis sergio
    fernando alejandro diego andrés andres
    marco luca giuseppe giovanni francesco alessandro matteo lorenzo riccardo stefano
    daan bram jeroen sander wouter joost bas pieter
    joão joao tiago rafael gabriel bruno rodrigo gonçalo""".split())


# Surname particles: part of the surname ("van der Berg", "da Silva", "De Luca"), not a first name.
_PARTICLES = frozenset("van von der den de ter ten te da di do dos das del della dei la le du des".split())


@dataclass(frozen=True)
class Person:
    """A name as greeted: first and last name, and "f"/"m" when the form of address is known."""

    first: str
    last: str
    gender: str | None = None


def _fold(word: str) -> str:
    return unicodedata.normalize("NFC", word).casefold().strip(".")


def person(name: str | None) -> Person | None:
    """"Frau Dr. Anna Schmidt" -> Person("Anna", "Schmidt", "f"); "Smith, Jane" -> Person("Jane", "Smith",
    "f"); None for an empty name or one that is a single word without a title."""
    text = " ".join((name or "").replace('"', " ").split())
    if "," in text:  # "Schmidt, Anna"
        last, _, first = text.partition(",")
        text = f"{first.strip()} {last.strip()}"
    words = [w for w in text.split() if w]
    gender: str | None = None
    while words and _fold(words[0]) in _FEMALE_TITLES | _MALE_TITLES | _ACADEMIC:
        title = _fold(words.pop(0))
        gender = gender or ("f" if title in _FEMALE_TITLES else "m" if title in _MALE_TITLES else None)
    if not words:
        return None
    if gender is not None and len(words) > 1 and _fold(words[0]) in _PARTICLES:
        return Person("", " ".join(words), gender)  # "mevrouw de Vries": a title and a surname only
    first = words[0]
    at = len(words) - 2
    while at >= 1 and _fold(words[at]) in _PARTICLES:  # "Anna van der Berg", "João da Silva"
        at -= 1
    last = " ".join(words[at + 1:]) if len(words) > 1 else ""
    if gender is None:
        key = _fold(first)
        gender = "f" if key in _FEMALE_NAMES else "m" if key in _MALE_NAMES else None
    if not last and gender is None:
        return Person(first, "", None)
    return Person(first, last, gender)


# lang -> (nobody named, a woman "{last}", a man "{last}", a name whose form of address is unknown "{name}");
# English (and a language not listed) greets by first name.
_GREETINGS = {
    "de": ("Sehr geehrte Damen und Herren,", "Sehr geehrte Frau {last},", "Sehr geehrter Herr {last},",
           "Guten Tag {name},"),
    "fr": ("Madame, Monsieur,", "Bonjour Madame {last},", "Bonjour Monsieur {last},", "Bonjour {name},"),
    "es": ("Estimado equipo de selección:", "Estimada Sra. {last}:", "Estimado Sr. {last}:", "Buenos días, {name}:"),
    "it": ("Gentile responsabile della selezione,", "Gentile Sig.ra {last},", "Gentile Sig. {last},",
           "Buongiorno {name},"),
    "nl": ("Geachte heer, mevrouw,", "Geachte mevrouw {last},", "Geachte heer {last},", "Beste {name},"),
    "pt": ("Prezados responsáveis pelo recrutamento,", "Prezada Sra. {last},", "Prezado Sr. {last},",
           "Bom dia, {name},"),
}


def salutation(lang: str, name: str | None) -> str:
    """The greeting line of a draft in ``lang`` for the person called ``name`` (None: nobody)."""
    p = person(name)
    if lang not in _GREETINGS:
        return "Dear Hiring Team," if p is None else f"Dear {p.first},"
    nobody, woman, man, named = _GREETINGS[lang]
    if p is None:
        return nobody
    if p.gender and p.last:
        # without a first name before it, a Dutch particle takes a capital ("mevrouw De Vries")
        last = p.last[:1].upper() + p.last[1:] if lang == "nl" else p.last
        return (woman if p.gender == "f" else man).format(last=last)
    return named.format(name=" ".join(x for x in (p.first, p.last) if x))
