"""Write the labelled development set for company / role extraction (``data/extraction/labelled.jsonl``).

Every email is written here, from invented companies, people and job titles: nothing is copied from real
mail. Each line: ``id``, ``family`` (the template: held out as a whole when measuring), ``format`` (the
ATS, job board or direct sender), ``lang``, ``subject``, ``body``, ``from``, and the answers ``company``
and ``role`` (null when the email does not name one). Titles carry posting noise - gender tags, requisition
numbers, bracketed locations - that the answer does not; the hard cases real mail shows are written in on
purpose: "for the following position:", "open Senior Data Analyst", titles with commas and hyphens,
LinkedIn's "your application was sent to X", Workday's "R12345 - Title", German subjects without "als",
French "au poste de", team signatures ("Early Careers", "Ihr Recruiting Team") and job-board cards that
list other companies' jobs.

    python data/extraction/generate.py            # writes data/extraction/labelled.jsonl (seeded, stable)
"""

from __future__ import annotations

import json
import random
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from templates import (  # noqa: E402  (the script runs from any directory)
    CITIES,
    COMPANY_PARTS,
    LANGS,
    LONG_ROLES,
    PEOPLE,
    ROLES,
    TEMPLATES,
    UI_LINES,
    Template,
)

OUT = Path(__file__).with_name("labelled.jsonl")
PER_TEMPLATE = 20

_TLD = {"en": [".com", ".io", ".co.uk", ".com"], "de": [".de", ".com", ".at", ".ch"], "fr": [".fr", ".com", ".be"],
        "es": [".es", ".com", ".com.mx"], "it": [".it", ".com"], "nl": [".nl", ".com", ".be"],
        "pt": [".pt", ".com.br", ".com"]}
_LEGAL = {"en": ["", "", "", " Inc.", " LLC", " Ltd", " Group"], "de": ["", " GmbH", " AG", " SE", " GmbH & Co. KG"],
          "fr": ["", "", " SA", " SAS"], "es": ["", " S.L.", " S.A.", ""], "it": ["", " S.p.A.", " S.r.l.", ""],
          "nl": ["", " B.V.", " N.V.", ""], "pt": ["", " Lda", " S.A.", " Ltda"]}
_GENDER = {"en": ["", "", ""], "de": [" (m/w/d)", " (w/m/d)", " (m/f/d)", " (all genders)", "", " (d/m/w)"],
           "fr": [" F/H", " H/F", " (H/F)", " (F/H)", ""], "es": ["", " (H/M)", ""], "it": ["", " (M/F)", ""],
           "nl": [" (m/v)", " (m/v/x)", ""], "pt": ["", " (M/F)", ""]}


_NEUTRAL_SUBJECTS = {
    "en": ["Your application", "Application update", "Thank you for applying", "Update on your application", ""],
    "de": ["Ihre Bewerbung", "Deine Bewerbung", "Eingangsbestätigung", "Rückmeldung zu Ihrer Bewerbung"],
    "fr": ["Votre candidature", "Suite à votre candidature", "Candidature reçue"],
    "es": ["Tu candidatura", "Su postulación", "Gracias por tu interés"],
    "it": ["La tua candidatura", "Candidatura ricevuta", "Esito della selezione"],
    "nl": ["Je sollicitatie", "Uw sollicitatie", "Ontvangstbevestiging"],
    "pt": ["Sua candidatura", "Candidatura recebida", "Atualização do processo seletivo"],
}


def company_name(rng: random.Random, lang: str) -> str:
    parts = COMPANY_PARTS[lang]
    kind = rng.random()
    if kind < 0.04:
        return rng.choice(parts["brand"]).lower().replace(" ", "")
    if kind < 0.35:
        name = rng.choice(parts["brand"])
    elif kind < 0.75:
        name = f"{rng.choice(parts['brand'])} {rng.choice(parts['sector'])}"
    elif kind < 0.85:
        name = rng.choice(parts["pattern"]).format(a=rng.choice(parts["surname"]), b=rng.choice(parts["surname"]),
                                                    s=rng.choice(parts["sector"]), c=rng.choice(CITIES[lang]))
    else:
        name = "".join(rng.choice("BCDFGHKLMNPRSTVZ") for _ in range(rng.choice([2, 3, 3, 4])))
        if rng.random() < 0.5:
            name += " " + rng.choice(parts["sector"])
    return name + rng.choice(_LEGAL[lang])


def noisy_role(rng: random.Random, role: str, lang: str) -> str:
    """The title as a posting writes it: gender tag, requisition number, bracketed place, sometimes."""
    text = role + rng.choice(_GENDER[lang])
    r = rng.random()
    if r < 0.12:
        text = f"R{rng.randint(10000, 99999)} - {text}"
    elif r < 0.2:
        text = f"{text} ({rng.choice(['JR', 'REQ', 'R', 'ID'])}-{rng.randint(1000, 99999)})"
    elif r < 0.26:
        text = f"{text} - {rng.randint(100000, 999999)}"
    elif r < 0.34:
        text = f"{text} ({rng.choice(CITIES[lang])})"
    elif r < 0.38:
        text = f"{text} [{rng.choice(['Remote', 'Hybrid', rng.choice(CITIES[lang])])}]"
    elif r < 0.42:
        text = f"{text} - {rng.choice(CITIES[lang])}"
    return text


def initials(name: str) -> str:
    """"Houlihan Lokey" -> "HL", the way a company abbreviates itself in an ATS slug; a one-word name keeps
    itself in capitals ("Version 1" -> "VERSION 1")."""
    words = [w for w in re.findall(r"[^\W\d_]+", name) if w.casefold() not in _LEGAL_WORDS]
    return "".join(w[0] for w in words).upper() if len(words) >= 2 else name.upper()


_LEGAL_WORDS = {"inc", "llc", "ltd", "group", "gmbh", "ag", "se", "co", "kg", "sa", "sas", "s", "l", "a", "p", "r",
                "b", "v", "n", "lda", "ltda"}


def slug(name: str) -> str:
    name = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    base = re.sub(r"\b(?:inc|llc|ltd|gmbh|ag|se|sa|sas|s\.l|s\.a|s\.p\.a|s\.r\.l|b\.v|n\.v|lda|ltda|co|kg|group|groupe)\b\.?",
                  "", name.lower())
    base = re.sub(r"[^a-z0-9]+", "-", base.replace("&", " ")).strip("-")
    return base or "company"


def render(rng: random.Random, t: Template, n: int) -> dict[str, object]:
    lang = t.lang
    co = company_name(rng, lang)
    role = rng.choice(ROLES[lang] if rng.random() < 0.75 else ROLES["en"])
    person = rng.choice(PEOPLE[lang])
    cand = rng.choice(PEOPLE[rng.choice(LANGS)])
    others = [(company_name(rng, lang), rng.choice(ROLES["en"] + ROLES[lang])) for _ in range(4)]
    dom = slug(co) + rng.choice(_TLD[lang])
    pdom = slug(company_name(rng, lang)) + rng.choice(_TLD[lang])
    abbr = initials(co)
    values = {
        "co": co, "role": noisy_role(rng, role, lang), "role_plain": role, "person": person,
        "first": person.split()[0], "cand": cand, "cand_first": cand.split()[0], "dom": dom, "pdom": pdom, "slug": slug(co),
        "slug_camel": "".join(w.capitalize() for w in slug(co).split("-")),
        "abbr": abbr, "abbr_low": re.sub(r"[^a-z0-9]+", "", abbr.lower()), "city": rng.choice(CITIES[lang]), "req": str(rng.randint(10000, 99999)), "date": f"{rng.randint(1, 28)}.{rng.randint(1, 12)}.2025",
        "o1co": others[0][0], "o1role": others[0][1], "o2co": others[1][0], "o2role": others[1][1],
        "o3co": others[2][0], "o3role": others[2][1], "o4co": others[3][0], "o4role": others[3][1],
    }
    if "{role_long}" in t.body:  # its own generator: the draws of every other email stay the same
        role = values["role"] = values["role_plain"] = random.Random(f"{t.name}-{n}").choice(LONG_ROLES)
    values["role_long"] = values["role"]
    subject, body, sender = (x.format(**values) for x in (t.subject, t.body, t.sender))
    if rng.random() < 0.3 and co in body:
        # the sparse variant: the company named once, in the body only (a neutral subject and sender name)
        subject = rng.choice(_NEUTRAL_SUBJECTS[lang])
        address = sender.rsplit("<", 1)[-1].rstrip(">") if "<" in sender else sender
        name = rng.choice(["", "Recruiting Team", "Talent Acquisition", "Hiring Team", "HR", "Careers", "No Reply"])
        sender = f"{name} <{address}>" if name and address else address
    if rng.random() < 0.35:  # the buttons and links an HTML email leaves in its text
        body = "\n".join(rng.sample(UI_LINES, rng.randint(1, 3))) + "\n" + body
    if rng.random() < 0.35:
        body = body + "\n\n" + "\n".join(rng.sample(UI_LINES, rng.randint(2, 4)))
    # the sparse variant may have taken away the only mention of the title (a subject "{role} - {co}"): then the
    # email names no role, and the right answer is "unknown"
    named = t.names_role and any(r in subject or r in body for r in (str(values["role"]), role))
    return {"id": f"{t.name}-{n}", "family": t.name, "format": t.format, "lang": lang, "subject": subject,
            "body": body, "from": sender, "company": co if t.names_company else None,
            "role": role if named else None}


def main(argv: list[str]) -> int:
    rng = random.Random(27)
    rows = [render(rng, t, n) for t in TEMPLATES for n in range(PER_TEMPLATE)]
    with OUT.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} emails from {len(TEMPLATES)} templates -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
