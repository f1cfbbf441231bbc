"""Company names as mail writes them (pure): the matching key, names made from domains and ATS slugs, and
the spelling the email itself uses; also the quoted-reply cut every extractor reads through.

A name made from a domain is title-cased only as a last resort: the email's own spelling ("Muster GmbH",
"FBI Consulting", "Société Exemple") is preferred.
"""

from __future__ import annotations

import functools
import re

from agent.extract.addresses import (
    ATS_DOMAINS,
    FREEMAIL_DOMAINS,
    FREEMAIL_FIRST_LABELS,
    INFRA_DOMAINS,
    NOREPLY_LOCAL_RE,
    PUBLIC_SUFFIXES_2,
    ats_vendor,
    domain_suffixes,
    is_role_account,
)
from agent.extract.alternation import alternation
from agent.extract.relays import RelayKind, name_key, relay_for_domain
from agent.mail.types import ParsedEmail

# Relays whose address local part is the employer's slug (acme@myworkday.com, oscorp@taleo.net).
_SLUG_LOCAL_VENDORS = {"workday", "taleo"}

# Subdomain labels that are about mail plumbing, not the company.
_PLUMBING_LABELS = {
    "mail", "email", "e", "em", "m", "mg", "mta", "smtp", "send", "careers", "career", "jobs", "job",
    "talent", "hr", "recruiting", "notifications", "notification", "news", "info", "reply", "bounce",
    "bounces", "hello", "team", "apply", "hire", "hiring", "people", "us", "eu", "uk", "www",
}

_LEGAL_SUFFIXES = (
    "incorporated", "inc", "llc", "l.l.c", "gmbh", "ltd", "limited", "plc", "sa", "s.a", "ag", "corp",
    "corporation", "co", "company", "se", "bv", "b.v", "nv", "n.v", "oy", "ab", "as", "aps", "srl",
    "s.r.l", "spa", "s.p.a", "sas", "sarl", "kg", "& co kg", "& co. kg", "& co", "co kg", "ug", "pty", "pty ltd", "lp", "llp",
    "pvt", "pvt ltd", "kk", "group", "holdings", "sl", "s.l", "slu", "s.l.u", "sau", "s.a.u", "ltda", "lda",
    "private limited", "pvt. ltd",
)
_LEGAL_RE = re.compile(r"(?:[\s,&]+(?:" + alternation(_LEGAL_SUFFIXES).replace(r"[ \t]+", r"\s+") + r")\.?)+$")
_LEGAL_LAST = frozenset(s.rsplit(" ", 1)[-1].rstrip(".") for s in _LEGAL_SUFFIXES)
_THE_RE = re.compile(r"^the\s+")
_PUNCT_RE = re.compile(r"[^\w\s.&]")
_WS_RE = re.compile(r"\s+")


@functools.lru_cache(maxsize=8192)
def normalize_company(name: str) -> str:
    """Matching key for a company name: "The Acme Corp., Inc." -> "acme".

    Case-folded; leading "the", legal-form suffixes (Inc, LLC, GmbH, Ltd, SA, AG, Corp, Co, "GmbH &
    Co. KG" ...), punctuation and whitespace removed. Returns "" for empty input.
    """
    key = (name or "").casefold().strip()
    if key.isalnum():
        return key  # one word of letters and digits ("acme", "deel"): nothing to take off
    words = key.replace(" ", "")
    if words.isalnum() and not key.startswith("the") and key.rsplit(" ", 1)[-1] not in _LEGAL_LAST:
        return words  # words of letters and digits, no legal form last ("acme robotics"): the spaces off
    if key.startswith("the"):
        key = _THE_RE.sub("", key)
    key = _PUNCT_RE.sub(" ", key)
    key = _WS_RE.sub(" ", key).strip(" .")
    last = key.rsplit(" ", 1)[-1].rstrip(".") if " " in key or "," in key else ""
    for _ in range(4 if last and (last in _LEGAL_LAST or "." in last or "&" in key) else 0):
        stripped = _LEGAL_RE.sub("", key).strip(" .&")
        if stripped == key or not stripped:
            break
        key = stripped
    if key.endswith(".com"):
        key = key[:-4]
    return _NOT_ALNUM_RE.sub("", key.replace("&", " and "))


_NUMERIC_OR_PUNYCODE_RE = re.compile(r"[0-9-]+|xn--.*")


def company_from_domain(domain: str) -> str | None:
    """Company-ish name from a sender domain: "mail.careers.acme.co.uk" -> "Acme"; None for ATS,
    free-mail and mail-infrastructure domains."""
    domain = (domain or "").lower().strip(".")
    if not domain or "." not in domain or relay_for_domain(domain):
        return None
    suffixes = list(domain_suffixes(domain))
    if any(s in FREEMAIL_DOMAINS or s in INFRA_DOMAINS for s in suffixes):
        return None
    labels = domain.split(".")
    cut = 2 if ".".join(labels[-2:]) in PUBLIC_SUFFIXES_2 else 1
    registrable = labels[:-cut]
    if not registrable:
        return None
    label = registrable[-1]
    if label in FREEMAIL_FIRST_LABELS or label in _PLUMBING_LABELS or len(label) < 2:
        return None
    if _NUMERIC_OR_PUNYCODE_RE.fullmatch(label):
        return None
    return _slug_to_name(label)


# How legal forms are written when a name is made from a bare domain ("muster-gmbh" -> "Muster GmbH").
_LEGAL_CASING = {
    "gmbh": "GmbH", "ag": "AG", "kg": "KG", "ug": "UG", "se": "SE", "sa": "SA", "sas": "SAS", "sarl": "SARL",
    "llc": "LLC", "llp": "LLP", "lp": "LP", "plc": "PLC", "bv": "BV", "nv": "NV", "ab": "AB", "as": "AS",
    "aps": "ApS", "oy": "Oy", "srl": "SRL", "spa": "SpA", "kk": "KK", "inc": "Inc", "ltd": "Ltd",
}


_SLUG_SPLIT_RE = re.compile(r"[-_.]+")


def _slug_to_name(slug: str) -> str | None:
    """Last resort: a name made from a domain label or ATS slug, title-cased, legal forms as usual."""
    words = [w for w in _SLUG_SPLIT_RE.split(slug) if w]
    if not words or len(words) > 5:
        return None
    return " ".join(w if any(c.isupper() for c in w) else _LEGAL_CASING.get(w, w.capitalize()) for w in words)


# ATS slug locations: subdomains, URL paths and local parts.
_ATS_SLUG_URL_RES = [
    re.compile(r"https?://(?:boards|job-boards)(?:\.eu)?\.greenhouse\.io/(?:embed/job_app\?for=)?([\w-]{2,60})", re.I),
    re.compile(r"https?://([\w-]{2,60})\.greenhouse\.io\b", re.I),
    re.compile(r"https?://jobs(?:\.eu)?\.lever\.co/([\w-]{2,60})", re.I),
    re.compile(r"https?://jobs\.ashbyhq\.com/([\w.-]{2,60})", re.I),
    re.compile(r"https?://([\w-]{2,60})\.wd\d+\.myworkdayjobs\.com", re.I),
    re.compile(r"https?://([\w-]{2,60})\.myworkday(?:jobs)?\.com", re.I),
    re.compile(r"https?://(?:careers|jobs)\.smartrecruiters\.com/([\w-]{2,60})", re.I),
    re.compile(r"https?://apply\.workable\.com/([\w-]{2,60})", re.I),
    re.compile(r"https?://jobs\.jobvite\.com/([\w-]{2,60})", re.I),
    re.compile(r"https?://(?:careers-)?([\w-]{2,60})\.icims\.com", re.I),
    re.compile(r"https?://([\w-]{2,60})\.(?:bamboohr|recruitee|teamtailor|breezy|applytojob|workable)"
               r"\.(?:com|hr)", re.I),
    re.compile(r"https?://([\w-]{2,60})\.jobs\.personio\.(?:de|com)", re.I),
]
_ATS_LINK_RE = re.compile(alternation(["greenhouse.io", "lever.co", "ashbyhq", "myworkday", "smartrecruiters", "workable",
                                       "jobvite", "icims", "bamboohr", "recruitee", "teamtailor", "breezy",
                                       "applytojob", "personio"]), re.I)
_GENERIC_SLUGS = {"www", "app", "api", "boards", "jobs", "careers", "apply", "mail", "email", "hire",
                  "my", "us", "eu", "static", "assets", "click", "links", "t", "go", "login", "wd1",
                  "wd3", "wd5", "impl", "help", "support", "no-reply", "noreply", "notifications",
                  "trm"}  # trm.brassring.com: BrassRing's own host


_PLUMBING_SUBDOMAIN_RE = re.compile(r"(?:us|eu|mail|email|hire|wd\d+|[a-z]{1,2}\d*)")  # us.greenhouse-mail.io
_NUMERIC_SLUG_RE = re.compile(r"wd\d+|\d+")


def _suffixes(domain: str) -> list[str]:
    labels = domain.split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)]


def company_from_ats_slug(email: ParsedEmail) -> str | None:
    """Company from ATS slugs: acme@myworkday.com, acme.greenhouse.io links, jobs.lever.co/acme."""
    addr = email.from_
    relay = relay_for_domain(addr.domain) if addr is not None else None
    # a job board's sub-domain (match.indeed.com) is its own mail plumbing, never an employer's tenant
    if addr is not None and ats_vendor(addr) and (relay is None or relay.kind != RelayKind.BOARD):
        local = addr.local.split("+", 1)[0]
        if local and local not in _GENERIC_SLUGS and not NOREPLY_LOCAL_RE.match(local) \
                and not is_role_account(addr) and addr.domain.count(".") == 1 \
                and ats_vendor(addr) in _SLUG_LOCAL_VENDORS:
            return _slug_to_name(local)
        sub = addr.domain.split(".")[0]
        relay_domain = next((d for d in _suffixes(addr.domain) if d in ATS_DOMAINS), addr.domain)
        # only "acme.greenhouse.io": one label before the relay's own domain (not workflow.mail.us6.oraclecloud.com)
        if addr.domain == f"{sub}.{relay_domain}" and sub not in _GENERIC_SLUGS and sub not in ATS_DOMAINS \
                and not _PLUMBING_SUBDOMAIN_RE.fullmatch(sub):
            return _slug_to_name(sub)
    text = email.text[:50_000]
    if "://" not in text or not _ATS_LINK_RE.search(text):
        return None
    for rx in _ATS_SLUG_URL_RES:
        for m in rx.finditer(text):
            slug = m.group(1).lower()
            if slug not in _GENERIC_SLUGS and not _NUMERIC_SLUG_RE.fullmatch(slug):
                return _slug_to_name(slug)
    return None


def initials(name: str) -> str:
    """"Houlihan Lokey" -> "hl", "Tidewater Partners Group" -> "tp" (legal forms are not abbreviated)."""
    return "".join(w[0] for w in name.split() if w[:1].isalpha() and w.casefold().strip(".,") not in _LEGAL_LAST).casefold()


_NOT_ALNUM_RE = re.compile(r"[\W_]+")


fold = name_key  # letters and digits only, accents dropped, case-folded: "Société-Exemple" -> "societeexemple"


_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_WORD_GAP_RE = re.compile(r"[ \t&-]{1,3}\Z")
_MAX_NAME_WORDS = 6


def _spelling_in(name: str, text: str) -> str | None:
    """How ``text`` writes the company ``name`` made from a domain: the first run of up to six words
    whose letters, ignoring case, accents, spaces and hyphens, are the name's ("Better Call Saul" for
    "Bettercallsaul", "Société Exemple" for "Societe Exemple"). All-lower-case runs (addresses, URLs)
    and all-capital runs (shouting signatures; single short acronyms like "IBM" excepted) do not count."""
    target = fold(name)
    if not target or target not in fold(text[:20_000]):
        return None
    first_letter = target[0]
    words = list(_WORD_RE.finditer(text[:20_000]))
    for i, first in enumerate(words):
        initial = first.group(0)[0]  # a letter or digit: an ASCII one folds to itself, lower case
        if (initial.lower() if initial.isascii() else fold(first.group(0)[:2])[:1]) != first_letter:
            continue
        key = ""
        for j in range(i, min(i + _MAX_NAME_WORDS, len(words))):
            if j > i and not _WORD_GAP_RE.match(text[words[j - 1].end():words[j].start()]):
                break
            key += fold(words[j].group(0))
            if not target.startswith(key):
                break
            if key == target:
                span = text[first.start():words[j].end()]
                if _plausible_spelling(span, single=i == j):
                    return span
                break
    return None


def _plausible_spelling(span: str, *, single: bool) -> bool:
    if span == span.lower():
        # addresses and URLs are written in lower case, and in ASCII: "valléeverte" is the brand's own spelling
        return not span.isascii()
    return span != span.upper() or (single and len(span) <= 5)


def mail_spelling(name: str, email: ParsedEmail) -> str:
    """The company name as the email itself writes it (display names, subject, then body and
    signature), else ``name`` (made from a domain or slug) unchanged."""
    names = [a.name for a in (email.from_, *email.reply_to) if a is not None and a.name]
    for text in (*names, email.subject or "", strip_quoted(email.text or "")):
        found = _spelling_in(name, text)
        if found:
            return found
    return name


_QUOTE_START_RE = re.compile(r"^(?:On .{0,200} wrote:|Am .{0,200} schrieb .{0,100}:|Le .{0,200} a écrit ?:|"
                             r"-{2,}\s*Original Message\s*-{2,}|From: .+\nSent: )", re.M)


def strip_quoted(text: str) -> str:
    """Drop quoted reply text ("> ..." lines and everything after "On ... wrote:")."""
    cut = _QUOTE_START_RE.search(text)
    if cut:
        text = text[:cut.start()]
    if ">" in text:
        text = "\n".join(line for line in text.split("\n") if not line.lstrip().startswith(">"))
    return text
