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
"Geachte mevrouw De Vries,", "Prezada Sra. Costa," / "Exma. Senhora Ana Costa,", "Dear Jane,". An
academic title is kept where the language's etiquette keeps it ("Sehr geehrte Frau Dr. Schmidt,",
"Gentile Dott. De Rossi,", "Estimada Dra. García:", "Dear Dr. Miller,"; French and Dutch leave it out).
With a name but no known form of address, a form that needs none ("Guten Tag Alex Schmidt,", "Bonjour
Camille Martin,", "Buenos días, Alex García:", "Buongiorno Alex Rossi,", "Beste Alex de Vries,", "Olá,
Alex Costa,"); with no name - or a name that is a department, a mailbox or a company ("Equipa de
Recrutamento O Boticário") - the neutral formal form ("Sehr geehrte Damen und Herren,", "Madame,
Monsieur,", "Estimado equipo de selección:", "Gentile responsabile della selezione,", "Geachte heer,
mevrouw,", "Prezada equipe de recrutamento," / "Exmos. Senhores,", "Dear Hiring Team,"), and
:func:`greets_many` says when that greeting addresses a group (the body's verbs are plural then).

**Portuguese** is written as in Brazil ("pt-BR") or as in Portugal ("pt-PT"), never a mix:
:func:`portuguese_variant` tells them apart by the email's own wording and its senders' domains.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from agent.config import LANGUAGES as LANGUAGES  # noqa: PLC0414 - the languages the config accepts
from agent.config import PORTUGUESE as PORTUGUESE  # noqa: PLC0414

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
                  "sig.ra", "signora", "sig.na", "signorina", "mevrouw", "mevr", "mw", "senhora", "dona", "exma"}
_MALE_TITLES = {"herr", "m", "monsieur", "mr", "sr", "señor", "sig", "signor", "signore", "heer", "dhr", "senhor",
                "exmo"}
# Academic titles, folded, and the one they stand for ("dr" or "prof"; "ing" and "avv" are Italian) and
# the gender they carry, if any ("Dott.ssa", "Dra.", "Prof.ssa").
_ACADEMIC_TITLES: dict[str, tuple[str, str | None]] = {
    "dr": ("dr", None), "doctor": ("dr", None), "doktor": ("dr", None), "dott": ("dr", "m"),
    "dott.ssa": ("dr", "f"), "dott.sa": ("dr", "f"), "dottoressa": ("dr", "f"), "dottore": ("dr", "m"),
    "dra": ("dr", "f"), "drª": ("dr", "f"), "prof": ("prof", None), "professor": ("prof", None),
    "prof.ssa": ("prof", "f"), "profa": ("prof", "f"), "ing": ("ing", None), "avv": ("avv", None),
    "drs": ("", None), "ir": ("", None), "mag": ("", None), "dipl.-ing": ("", None),
}
_ACADEMIC = set(_ACADEMIC_TITLES)
# Words that make a display name a department, a mailbox or a company rather than a person
# ("Equipa de Recrutamento O Boticário", "Acme Careers", "HR Team", "no-reply").
_NOT_A_PERSON = frozenset("""team teams equipa equipe equipo équipe squadra recruiting recruitment recruiter-team
    recrutamento recrutement reclutamiento selección seleccion selezione seleção selecao talent talents talentos
    careers career carreiras carrières jobs job vagas vaga hr rh hiring personal personalabteilung karriere
    recursos risorse ressources humaines humanos humane human resources people noreply no-reply donotreply
    do-not-reply notifications notification info service services support werving selectie afdeling
    departamento department département abteilung gmbh ag ltd inc llc sa sas sarl bv nv srl spa lda ltda
    group gruppe groupe grupo gruppo company empresa azienda bedrijf bewerbermanagement administração
    administracion administration office bureau mailer""".split())

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
    lucía lucia maría carmen ana isabel pilar elena laura marta cristina paula raquel beatriz rosa teresa sofía
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
    title: str = ""  # "dr", "prof", "prof_dr", "ing", "avv" (an academic title the name carried), else ""
    middle: tuple[str, ...] = ()  # the words between the first name and the last surname ("María José García
    #                               López": "José", "García"), for the languages that greet by the first surname


def _fold(word: str) -> str:
    return unicodedata.normalize("NFC", word).casefold().strip(".")


# What a display name carries after the name itself: a note in brackets ("Jane Smith (she/her)"), a role
# or the company after a spaced dash, bar or slash ("- Recruiter", "| Acme"), the relay it came through.
_AFTER_NAME_RE = re.compile(r"\s*[(\[].*$|\s+[-–—|/·]\s.*$|\s+(?:via|über|par|por|tramite)\s.*$",
                            re.IGNORECASE)
# Letters after a name ("Jane Smith, PhD", "Jane Smith MBA"), folded without their dots; written with two
# capitals or a dot ("Anna Ma" keeps her surname).
_POST_NOMINALS = frozenset("""phd md mba msc ma ba bsc mphil mres llm llb lld jd cpa cfa pmp phr sphr
    shrm-cp shrm-scp cipd mcipd chrp jr esq""".split())


def _post_nominal(word: str) -> bool:
    return (word.casefold().replace(".", "") in _POST_NOMINALS
            and ("." in word or sum(c.isupper() for c in word) >= 2))


def name_proper(name: str | None) -> str:
    """The name in a display name, without what follows it: "Jane Smith (she/her)", "Jane Smith - Recruiter",
    "Jane Smith | Acme", "Jane Smith via LinkedIn", "Jane Smith, PhD", "Jane Smith ✨" -> "Jane Smith"; "Doe,
    Jane, PhD" -> "Doe, Jane"."""
    text = _AFTER_NAME_RE.sub("", " ".join((name or "").replace('"', " ").split())).strip()
    text = " ".join(w for w in text.split() if any(c.isalpha() for c in w))  # no emoji or stray marks
    parts = [p.strip() for p in text.split(",")]
    while len(parts) > 1 and parts[-1].split() and all(_post_nominal(w) for w in parts[-1].split()):
        parts.pop()
    words = ", ".join(parts).split()
    while len(words) > 2 and _post_nominal(words[-1]):
        words.pop()
    return " ".join(words)


def person(name: str | None) -> Person | None:
    """"Frau Dr. Anna Schmidt" -> Person("Anna", "Schmidt", "f"); "Smith, Jane" -> Person("Jane", "Smith",
    "f"); None for an empty name or one that is a single word without a title. What follows the name
    (:func:`name_proper`) is not part of it."""
    text = " ".join((name or "").replace('"', " ").split())
    if not is_person_name(text):
        return None
    text = name_proper(text)
    if "," in text:  # "Schmidt, Anna"
        last, _, first = text.partition(",")
        text = f"{first.strip()} {last.strip()}"
    words = [w for w in text.split() if w]
    gender: str | None = None
    academic = ""
    while words and _fold(words[0]) in _FEMALE_TITLES | _MALE_TITLES | _ACADEMIC:
        title = _fold(words.pop(0))
        if title in _ACADEMIC_TITLES:
            kind, sex = _ACADEMIC_TITLES[title]
            both = {kind, academic} == {"prof", "dr"} or academic == "prof_dr"
            academic = "prof_dr" if both else "prof" if "prof" in (kind, academic) else kind or academic
            gender = gender or sex
        else:
            gender = gender or ("f" if title in _FEMALE_TITLES else "m")
    if not words:
        return None
    words = _surname_last(_in_name_case(words))
    # a title and a surname only ("Frau Schmidt", "Dr. Smith", "mevrouw de Vries"), or a surname that starts
    # with its particle ("de Vries"): no first name to greet
    titled = gender is not None or bool(academic)
    if (titled and len(words) == 1) or (len(words) > 1 and _fold(words[0]) in _PARTICLES):
        return Person("", " ".join(words), gender, academic)
    first = words[0]
    at = len(words) - 2
    while at >= 1 and _fold(words[at]) in _PARTICLES:  # "Anna van der Berg", "João da Silva"
        at -= 1
    last = " ".join(words[at + 1:]) if len(words) > 1 else ""
    middle = tuple(words[1:at + 1])
    if gender is None:
        key = _fold(first)
        gender = "f" if key in _FEMALE_NAMES else "m" if key in _MALE_NAMES else None
    if not last and gender is None:
        return Person(first, "", None, academic)
    return Person(first, last, gender, academic, middle)


# Second parts of Spanish compound first names ("María José", "Ana Belén", "José Luis"): a word of these after
# the first name is more of the first name, not the first surname.
_GIVEN_NAMES = _FEMALE_NAMES | _MALE_NAMES | frozenset("""belén belen luisa isabel carmen teresa pilar elena
    jesús jesus ángeles angeles dolores mercedes antonia victoria eugenia fernanda alejandra cristina inés ines
    mar paz luz rocío rocio soledad concepción asunción montserrat nuria ángel angel luis carlos manuel antonio
    miguel ignacio javier ramón ramon andrés andres pablo alberto enrique maría ana josé jose juan""".split())


def first_surname(p: Person) -> Person:
    """The person as Spanish greets them, by the first of two surnames ("Lucía García López" -> "Sra. García";
    "Lucía de la Fuente García" -> "Sra. de la Fuente"); the second part of a compound first name is no
    surname ("María José García" -> "Sra. García", "Ana Belén Torres" -> "Sra. Torres", "María del Carmen López" -> "Sra.
    López")."""
    rest, at = list(p.middle), 0
    while at < len(rest):  # given names, each maybe after its particles ("María del Carmen López")
        word = at
        while word < len(rest) and _fold(rest[word]) in _PARTICLES:
            word += 1
        if word == len(rest) or _fold(rest[word]) not in _GIVEN_NAMES:
            break
        at = word + 1
    given, rest = rest[:at], rest[at:]
    return Person(" ".join([p.first, *given]), " ".join(rest) or p.last, p.gender, p.title, ())


def _in_name_case(words: list[str]) -> list[str]:
    """A name typed all in capitals or all in small letters, written as names are ("JANE SMITH", "jane smith"
    -> "Jane Smith"; "PIETER VAN DER BERG" -> "Pieter van der Berg"); initials in capitals stay ("AJ"). A name
    in both cases is kept as it is ("McDonald")."""
    letters = [c for w in words for c in w if c.isalpha()]
    if not (all(c.isupper() for c in letters) or all(c.islower() for c in letters)):
        return words
    return [w.lower() if _fold(w) in _PARTICLES else w if len(w) <= 2 and w.isupper() else w.title()
            for w in words]


def _surname_last(words: list[str]) -> list[str]:
    """"DUPONT Marie" -> "Marie Dupont": a surname written in capitals before the first name (as many company
    directories write it) put after it, as it is written elsewhere. Only when a word of the capitals is
    longer than two letters ("AJ Smith" keeps its initials) and a word follows that is not in capitals."""
    caps = 0
    while caps < len(words) - 1 and words[caps].isupper() and any(c.isalpha() for c in words[caps]):
        caps += 1
    named = any(len(w) > 2 and _fold(w) not in _PARTICLES for w in words[:caps])
    if not caps or words[caps].isupper() or not named:
        return words
    surname = [w.lower() if _fold(w) in _PARTICLES else w.title() for w in words[:caps]]
    return [*words[caps:], *surname]


def first_name(name: str) -> str:
    """How a template names the person greeted (``contact_name``): "Jane" for "Dr. Jane Smith", "Smith, Jane"
    and "Jane Smith (she/her)"; the name with its title ("Frau Schmidt") when no first name is known."""
    p = person(name)
    return p.first if p is not None and p.first else name_proper(name)


def is_person_name(name: str | None) -> bool:
    """Whether a display name may be a person's: not a department, a mailbox or a company ("Equipa de
    Recrutamento O Boticário", "Acme Careers", "no-reply", "Talent Acquisition Team"), no digits or "@"."""
    text = (name or "").strip()
    if not text or "@" in text or any(c.isdigit() for c in text):
        return False
    words = {w.strip(".,:;()'\"").casefold() for w in re.split(r"[\s/&|]+", text)}
    return not words & _NOT_A_PERSON


# Portuguese is written as in Brazil or as in Portugal, never a mix: the draft's language tag.
DEFAULT_PORTUGUESE = "pt-BR"
_BR_CUES = frozenset("""equipe você vocês contato processo seletivo atenciosamente time cadastro currículo
    gostaríamos entraremos retornaremos agradecemos""".split())
_PT_CUES = frozenset("""equipa contacto contactar contactaremos cumprimentos receção recepção facto
    vossa vosso vós exmo exma exmos caro cara""".split())
_BR_GERUND_RE = re.compile(r"\b(?:estamos|estou|está|estão|seguimos|continuamos)\s+\w+(?:ando|endo|indo)\b")
_PT_INFINITIVE_RE = re.compile(r"\b(?:estamos|estou|está|estão|continuamos)\s+a\s+\w+(?:ar|er|ir)\b")


def portuguese_variant(text: str, domains: tuple[str, ...] = ()) -> str | None:
    """"pt-BR" or "pt-PT" from a Portuguese email's own wording ("equipe", "contato", "estamos analisando"
    vs "equipa", "contacto", "estamos a analisar") and its senders' domains (.br, .pt); None: no sign."""
    words = _words(text)
    br = sum(w in _BR_CUES for w in words) + 2 * len(_BR_GERUND_RE.findall(text.casefold()))
    pt = sum(w in _PT_CUES for w in words) + 2 * len(_PT_INFINITIVE_RE.findall(text.casefold()))
    br += 3 * sum(d.lower().rstrip(".").endswith(".br") for d in domains)
    pt += 3 * sum(d.lower().rstrip(".").endswith(".pt") for d in domains)
    if br > pt:
        return "pt-BR"
    if pt > br:
        return "pt-PT"
    return None


def base_language(tag: str) -> str:
    """"pt" for "pt-BR"; a language is its own base."""
    return tag.split("-", 1)[0]


# tag -> (nobody named, a woman, a man, a name whose form of address is unknown); "{last}": the surname,
# "{name}": first and last name, "{full}": the same, "{t}": the academic title the language keeps, with a
# space after it ("Dr. ", "Dott.ssa ") or "" - in Italian, Spanish and Brazilian Portuguese it takes the
# place of "Sig."/"Sr." ("{st}"), in German and European Portuguese it follows "Frau"/"Senhora".
_GREETINGS = {
    "de": ("Sehr geehrte Damen und Herren,", "Sehr geehrte Frau {t}{last},", "Sehr geehrter Herr {t}{last},",
           "Guten Tag {t}{name},"),
    "fr": ("Madame, Monsieur,", "Bonjour Madame {last},", "Bonjour Monsieur {last},", "Bonjour {name},"),
    "es": ("Estimado equipo de selección:", "Estimada {st}{last}:", "Estimado {st}{last}:", "Buenos días, {name}:"),
    "it": ("Gentile responsabile della selezione,", "Gentile {st}{last},", "Gentile {st}{last},",
           "Buongiorno {name},"),
    "nl": ("Geachte heer, mevrouw,", "Geachte mevrouw {last},", "Geachte heer {last},", "Beste {name},"),
    "pt-BR": ("Prezada equipe de recrutamento,", "Prezada {st}{last},", "Prezado {st}{last},", "Olá, {name},"),
    "pt-PT": ("Exmos. Senhores,", "Exma. Senhora {t}{full},", "Exmo. Senhor {t}{full},", "Bom dia, {name},"),
}
# What stands before the surname when the language keeps the title (woman, man); "Sig.ra"/"Sr." otherwise.
_TITLE_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "de": {"dr": ("Dr.", "Dr."), "prof": ("Prof.", "Prof."), "prof_dr": ("Prof. Dr.", "Prof. Dr.")},
    "it": {"dr": ("Dott.ssa", "Dott."), "prof": ("Prof.ssa", "Prof."), "ing": ("Ing.", "Ing."),
           "avv": ("Avv.", "Avv."), "": ("Sig.ra", "Sig.")},
    "es": {"dr": ("Dra.", "Dr."), "": ("Sra.", "Sr.")},
    "pt-BR": {"dr": ("Dra.", "Dr."), "prof": ("Profa.", "Prof."), "": ("Sra.", "Sr.")},
    "pt-PT": {"dr": ("Dra.", "Dr."), "prof": ("Professora", "Professor")},
    "en": {"dr": ("Dr.", "Dr."), "prof": ("Professor", "Professor")},
}
# Greetings that address a group (the body then speaks to them in the plural: "ustedes", "vocês", "vós").
_PLURAL_NOBODY = frozenset({"de", "en", "es", "pt-BR", "pt-PT"})


def greets_many(tag: str, name: str | None) -> bool:
    """Whether the greeting for ``name`` in ``tag`` addresses a group ("Estimado equipo de selección:",
    "Exmos. Senhores,"), so that the body's verbs are plural too."""
    return person(name) is None and tag in _PLURAL_NOBODY


def salutation(lang: str, name: str | None) -> str:
    """The greeting line of a draft in ``lang`` (a language, or "pt-BR"/"pt-PT"; plain "pt" is written as
    :data:`DEFAULT_PORTUGUESE`) for the person called ``name`` (None: nobody, or not a person)."""
    tag = DEFAULT_PORTUGUESE if lang == "pt" else lang
    p = person(name)
    titles = _TITLE_WORDS.get(tag, {})
    if p is not None and p.title == "prof_dr" and tag != "de":
        p = replace(p, title="prof")
    if p is not None and tag == "es":
        p = first_surname(p)
    if tag not in _GREETINGS:
        if p is None:
            return "Dear Hiring Team,"
        if p.title in titles and p.last:
            return f"Dear {titles[p.title][1]} {p.last},"
        if p.first:
            return f"Dear {p.first},"
        if p.gender:
            return f"Dear {'Ms' if p.gender == 'f' else 'Mr'} {p.last},"
        return f"Dear {p.last},"
    nobody, woman, man, named = _GREETINGS[tag]
    if p is None:
        return nobody
    if p.gender and p.last:
        # without a first name before it, a Dutch particle takes a capital ("mevrouw De Vries")
        last = p.last[:1].upper() + p.last[1:] if tag == "nl" else p.last
        index = 0 if p.gender == "f" else 1
        kept = titles.get(p.title)
        t = f"{kept[index]} " if kept and p.title else ""
        st = f"{(kept or titles.get('', ('', '')))[index]} ".lstrip()
        full = " ".join(x for x in (p.first, p.last) if x)
        return (woman if p.gender == "f" else man).format(last=last, t=t, st=st, full=full)
    t = f"{titles[p.title][1]} " if tag == "de" and p.title in titles else ""
    return named.format(name=" ".join(x for x in (p.first, p.last) if x), t=t)
