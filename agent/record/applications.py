"""Company / role extraction and signature names (pure).

Everything here is heuristic, so the guiding rule is *conservative*: ``None`` is always an acceptable
answer, a wrong answer is not. A wrong role ends up in a thank-you note the user might send; a missing
one just renders as "the role". A company name keeps the spelling the email itself uses ("Muster
GmbH", "FBI Consulting", "Société Exemple"); a domain is title-cased only as a last resort.

Address classification (ATS, no-reply, role accounts) and the choice of the person to thank live in
:mod:`agent.record.contacts`; the names are re-exported here for existing callers.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from agent.mail.types import Address, ParsedEmail
from agent.record.contacts import (
    ATS_DOMAINS,
    FREEMAIL_DOMAINS,
    FREEMAIL_FIRST_LABELS,
    INFRA_DOMAINS,
    NOREPLY_LOCAL_RE,
    PUBLIC_SUFFIXES_2,
    ats_vendor,
    domain_suffixes,
    human_contact,
    is_automated_address,
    is_person,
    is_role_account,
    vendor_for_domain,
)
from agent.record.linking import CompanySource

__all__ = [
    "ATS_DOMAINS",
    "ats_vendor",
    "is_automated_address",
    "is_role_account",
    "is_person",
    "extract_company",
    "extract_role",
    "normalize_company",
    "human_contact",
    "contact_name_from_signature",
    "company_from_domain",
    "company_from_ats_slug",
]

_VENDOR_NAMES = {v for v in ATS_DOMAINS.values()} | {
    "greenhouse", "lever", "workday", "linkedin", "indeed", "smartrecruiters", "icims", "taleo",
    "jazzhr", "jazz", "breezy hr", "bamboohr", "bamboo hr", "sap successfactors", "welcome to the jungle",
}

# Subdomain labels that are about mail plumbing, not the company.
_PLUMBING_LABELS = {
    "mail", "email", "e", "em", "m", "mg", "mta", "smtp", "send", "careers", "career", "jobs", "job",
    "talent", "hr", "recruiting", "notifications", "notification", "news", "info", "reply", "bounce",
    "bounces", "hello", "team", "apply", "hire", "hiring", "people", "us", "eu", "uk", "www",
}


# --------------------------------------------------------------------------------------------------
# company
# --------------------------------------------------------------------------------------------------

_LEGAL_SUFFIXES = (
    "incorporated", "inc", "llc", "l.l.c", "gmbh", "ltd", "limited", "plc", "sa", "s.a", "ag", "corp",
    "corporation", "co", "company", "se", "bv", "b.v", "nv", "n.v", "oy", "ab", "as", "aps", "srl",
    "s.r.l", "spa", "s.p.a", "sas", "sarl", "kg", "& co kg", "& co. kg", "& co", "co kg", "ug", "pty", "pty ltd", "lp", "llp",
    "pvt", "pvt ltd", "kk", "group", "holdings",
)
_LEGAL_RE = re.compile(
    r"(?:[\s,&]+(?:" + "|".join(re.escape(s) for s in sorted(_LEGAL_SUFFIXES, key=len, reverse=True))
    + r")\.?)+$"
)


def normalize_company(name: str) -> str:
    """Matching key for a company name: "The Acme Corp., Inc." -> "acme".

    Case-folded; leading "the", legal-form suffixes (Inc, LLC, GmbH, Ltd, SA, AG, Corp, Co, "GmbH &
    Co. KG" ...), punctuation and whitespace removed. Returns "" for empty input.
    """
    key = (name or "").casefold().strip()
    key = re.sub(r"^the\s+", "", key)
    key = re.sub(r"[^\w\s.&]", " ", key)
    key = re.sub(r"\s+", " ", key).strip(" .")
    for _ in range(4):
        stripped = _LEGAL_RE.sub("", key).strip(" .&")
        if stripped == key or not stripped:
            break
        key = stripped
    key = re.sub(r"\.com$", "", key)
    key = key.replace("&", " and ")
    return re.sub(r"[\W_]+", "", key)


_UPPER = "A-Z0-9ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞ"
_TOKEN = rf"[{_UPPER}][\w&'’+-]*(?:\.[\w&'’+-]+)*"
_CO = rf"(?P<co>{_TOKEN}(?:[ \t]+(?:(?:&|and|of|de|du|la|le|y|und|für)[ \t]+)?{_TOKEN}){{0,5}})"
_TEAM_WORDS = r"(?:Recruiting|Recruitment|Talent[ \t]+Acquisition|Talent|Hiring|People|HR|Careers|Jobs)"

_ROLE_WORDS = (
    r"engineer|developer|designer|manager|analyst|scientist|architect|lead|intern|internship|"
    r"consultant|specialist|director|administrator|associate|coordinator|officer|head|vp|sre|devops|"
    r"programmer|researcher|writer|editor|accountant|recruiter|representative|executive|assistant|"
    r"technician|strategist|marketer|owner|ingenieur|ingénieur|entwickler|développeur|desarrollador|"
    r"ingeniero|werkstudent|praktikum|stagiaire|becario"
)
# (pattern, searched-in) in priority order. "s" = subject, "b" = body, "sb" = both.
_COMPANY_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\b(?:the|The|Your|your)[ \t]+{_CO}[ \t]+{_TEAM_WORDS}(?:[ \t]+Team)?\b"), "sb"),
    (re.compile(rf"^[ \t]*{_CO}[ \t]+(?:{_TEAM_WORDS}[ \t]+Team|Talent[ \t]+Acquisition)\b", re.M), "b"),
    (re.compile(rf"\b(?:[Tt]hank(?:s| you)[ \t]+for[ \t]+(?:your[ \t]+)?(?:applying|application|"
                rf"interest|applying)[ \t]+(?:to|at|in|with)[ \t]+(?:joining[ \t]+)?){_CO}"), "sb"),
    (re.compile(rf"\b[Yy]our[ \t]+application[ \t]+(?:to|at|with)[ \t]+{_CO}"), "sb"),
    (re.compile(rf"\b[Bb]ewerbung[ \t]+(?:bei|an)[ \t]+(?:der[ \t]+|die[ \t]+|das[ \t]+)?{_CO}"), "sb"),
    (re.compile(rf"\b[Ii]nteresse[ \t]+an[ \t]+(?:der[ \t]+|einer[ \t]+)?(?:Stelle[ \t]+bei[ \t]+)?{_CO}"), "b"),
    (re.compile(rf"\bcandidature[ \t]+(?:chez|à|a|au[ \t]+sein[ \t]+de)[ \t]+(?:l['’])?{_CO}"), "sb"),
    (re.compile(rf"\bpostulaci[óo]n[ \t]+(?:en|a|para)[ \t]+{_CO}"), "sb"),
    (re.compile(rf"\b(?:position|role|job|opening|opportunity|vacancy)[ \t]+(?:at|with)[ \t]+{_CO}"), "sb"),
    (re.compile(rf"\b(?:Stelle|Position)[ \t]+bei[ \t]+{_CO}"), "sb"),
    (re.compile(rf"\b(?:poste|emploi)[ \t]+(?:chez|au[ \t]+sein[ \t]+de)[ \t]+{_CO}"), "sb"),
    (re.compile(rf"\b(?:puesto|posición|vacante)[ \t]+(?:en|con)[ \t]+{_CO}"), "sb"),
    (re.compile(rf"\b(?:{_ROLE_WORDS})s?[ \t]+(?:(?:position|role|job|opening)[ \t]+)?(?:at|with|bei|chez)[ \t]+{_CO}",
                re.I), "sb"),
    (re.compile(rf"\b(?:at|with)[ \t]+{_CO}[ \t]*$"), "s"),
    (re.compile(rf"\b(?:at|with)[ \t]+{_CO}[ \t]*[-–—|:(]"), "s"),
]
# What must not directly follow a captured company (it was really a role: "applying to Data Engineer at X").
_NOT_COMPANY_FOLLOW_RE = re.compile(
    r"^[ \t]*(?:position|role|job|opening|vacancy|opportunity|posting|at|with|bei|chez|en|in)\b", re.I)
_COMPANY_STOPWORDS = {
    "we", "our", "us", "you", "your", "this", "that", "the", "it", "unfortunately", "thank", "thanks",
    "hi", "hello", "dear", "team", "a", "an", "all", "this time", "present", "the moment", "time",
    "recruiting", "talent", "careers", "hr", "hiring", "jobs", "people", "re", "fwd", "application",
    "interview", "update", "candidate", "ihre", "votre", "su", "su candidatura", "company",
    "the company", "google calendar", "zoom", "n/a", "none", "null",
}
_ROLE_HINT_RE = re.compile(rf"\b(?:{_ROLE_WORDS})s?\b", re.IGNORECASE)
_TRAILING_TEAM_RE = re.compile(rf"(?:[ \t]+{_TEAM_WORDS}(?:[ \t]+Team)?|[ \t]+Team)+$")


@functools.cache
def _vendor_keys() -> frozenset[str]:
    """The ATS vendors' names as matching keys (computed once: this runs for every candidate name)."""
    return frozenset(normalize_company(v) for v in _VENDOR_NAMES)


def _clean_company(candidate: str) -> str | None:
    """Tidy a captured company name and reject things that are obviously not companies."""
    name = re.sub(r"\s+", " ", candidate).strip(" \t.,;:!?'\"’-")
    name = re.sub(r"^(?:Ihr|Ihre|Your|Votre|Su|Das|Die|Der|The|L['’]équipe|El[ \t]+equipo[ \t]+de)\s+", "", name)
    name = _TRAILING_TEAM_RE.sub("", name).strip(" .,")
    name = re.sub(r"['’]s$", "", name)
    if not name or len(name) > 60 or len(name.split()) > 6:
        return None
    if name.casefold() in _COMPANY_STOPWORDS or name.split()[0].casefold() in {
            "we", "our", "your", "this", "unfortunately", "thank", "thanks", "dear", "hi", "hello"}:
        return None
    if normalize_company(name) in _vendor_keys():
        return None
    if _ROLE_HINT_RE.search(name):
        return None  # "Senior Data Engineer" is a role, not a company
    if not re.search(r"[^\W\d_]", name):
        return None
    return name


def _company_from_patterns(subject: str, body: str) -> str | None:
    """First pattern hit wins, but a later hit with the same key and a fuller name ("Muster GmbH" vs
    "Muster") replaces it."""
    body = strip_quoted(body)[:20_000]
    best: str | None = None
    for pattern, where in _COMPANY_PATTERNS:
        for text in ((subject,) if where == "s" else (body,) if where == "b" else (subject, body)):
            for m in pattern.finditer(text):
                if _NOT_COMPANY_FOLLOW_RE.match(text[m.end("co"):m.end("co") + 20]):
                    continue
                name = _clean_company(m.group("co"))
                if not name:
                    continue
                if best is None:
                    best = name
                elif normalize_company(name) == normalize_company(best) and len(name) > len(best):
                    best = name
    return best


_DISPLAY_COMPANY_RES = [
    re.compile(rf"^(?P<co>.+?)\s+(?:via|through|on|from)\s+(?:{'|'.join(sorted(_VENDOR_NAMES))})\b", re.I),
    re.compile(rf"^(?P<co>.+?)\s+{_TEAM_WORDS}(?:\s+Team)?$", re.I),
    re.compile(r"^(?P<co>.+?)\s+(?:Hiring\s+)?Team$", re.I),
    re.compile(r"^[^()]+\((?P<co>[^()]+)\)$"),                       # "Jane Smith (Acme)"
    re.compile(r"^[\w'’. -]+?\s+(?:at|from|@)\s+(?P<co>.+)$", re.I),  # "Jane from Acme"
]


def _company_from_display_name(addr: Address | None) -> str | None:
    if addr is None or not addr.name:
        return None
    name = addr.name.strip()
    for rx in _DISPLAY_COMPANY_RES:
        m = rx.match(name)
        if m:
            co = _clean_company(m.group("co"))
            if co:
                return co
    return None


def company_from_domain(domain: str) -> str | None:
    """Company-ish name from a sender domain: "mail.careers.acme.co.uk" -> "Acme"; None for ATS,
    free-mail and mail-infrastructure domains."""
    domain = (domain or "").lower().strip(".")
    if not domain or "." not in domain or vendor_for_domain(domain):
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
    if re.fullmatch(r"[0-9-]+|xn--.*", label):
        return None
    return _slug_to_name(label)


# How legal forms are written when a name is made from a bare domain ("muster-gmbh" -> "Muster GmbH").
_LEGAL_CASING = {
    "gmbh": "GmbH", "ag": "AG", "kg": "KG", "ug": "UG", "se": "SE", "sa": "SA", "sas": "SAS", "sarl": "SARL",
    "llc": "LLC", "llp": "LLP", "lp": "LP", "plc": "PLC", "bv": "BV", "nv": "NV", "ab": "AB", "as": "AS",
    "aps": "ApS", "oy": "Oy", "srl": "SRL", "spa": "SpA", "kk": "KK", "inc": "Inc", "ltd": "Ltd",
}


def _slug_to_name(slug: str) -> str | None:
    """Last resort: a name made from a domain label or ATS slug, title-cased, legal forms as usual."""
    words = [w for w in re.split(r"[-_.]+", slug) if w]
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
_GENERIC_SLUGS = {"www", "app", "api", "boards", "jobs", "careers", "apply", "mail", "email", "hire",
                  "my", "us", "eu", "static", "assets", "click", "links", "t", "go", "login", "wd1",
                  "wd3", "wd5", "impl", "help", "support", "no-reply", "noreply", "notifications"}


def company_from_ats_slug(email: ParsedEmail) -> str | None:
    """Company from ATS slugs: acme@myworkday.com, acme.greenhouse.io links, jobs.lever.co/acme."""
    addr = email.from_
    if addr is not None and ats_vendor(addr):
        local = addr.local.split("+", 1)[0]
        if local and local not in _GENERIC_SLUGS and not NOREPLY_LOCAL_RE.match(local) \
                and not is_role_account(addr) and addr.domain.count(".") == 1 \
                and ats_vendor(addr) == "workday":
            return _slug_to_name(local)
        sub = addr.domain.split(".")[0]
        if addr.domain.count(".") >= 2 and sub not in _GENERIC_SLUGS and sub not in ATS_DOMAINS \
                and not re.fullmatch(r"(?:us|eu|mail|email|hire|wd\d+|[a-z]{1,2}\d*)", sub):
            return _slug_to_name(sub)
    text = email.text[:50_000]
    for rx in _ATS_SLUG_URL_RES:
        for m in rx.finditer(text):
            slug = m.group(1).lower()
            if slug not in _GENERIC_SLUGS and not re.fullmatch(r"wd\d+|\d+", slug):
                return _slug_to_name(slug)
    return None


def _fold(text: str) -> str:
    """Letters and digits only, accents dropped, case-folded: "Société-Exemple" -> "societeexemple"."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if ch.isalnum()).casefold()


_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_WORD_GAP_RE = re.compile(r"[ \t&-]{1,3}\Z")
_MAX_NAME_WORDS = 6


def _spelling_in(name: str, text: str) -> str | None:
    """How ``text`` writes the company ``name`` made from a domain: the first run of up to six words
    whose letters, ignoring case, accents, spaces and hyphens, are the name's ("Better Call Saul" for
    "Bettercallsaul", "Société Exemple" for "Societe Exemple"). All-lower-case runs (addresses, URLs)
    and all-capital runs (shouting signatures; single short acronyms like "IBM" excepted) do not count."""
    target = _fold(name)
    if not target:
        return None
    words = list(_WORD_RE.finditer(text[:20_000]))
    for i, first in enumerate(words):
        key = ""
        for j in range(i, min(i + _MAX_NAME_WORDS, len(words))):
            if j > i and not _WORD_GAP_RE.match(text[words[j - 1].end():words[j].start()]):
                break
            key += _fold(words[j].group(0))
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
        return False
    return span != span.upper() or (single and len(span) <= 5)


def _mail_spelling(name: str, email: ParsedEmail) -> str:
    """The company name as the email itself writes it (display names, subject, then body and
    signature), else ``name`` (made from a domain or slug) unchanged."""
    names = [a.name for a in (email.from_, *email.reply_to) if a is not None and a.name]
    for text in (*names, email.subject or "", strip_quoted(email.text or "")):
        found = _spelling_in(name, text)
        if found:
            return found
    return name


def extract_company(email: ParsedEmail) -> str | None:
    """Best-effort company display name ("Acme Corp") or None (see :func:`company_with_source`)."""
    return company_with_source(email)[0]


def company_with_source(email: ParsedEmail) -> tuple[str | None, CompanySource]:
    """Best-effort company display name ("Acme Corp") or None, and where it came from.

    Order (most to least explicit): phrases in subject/body ("Thank you for applying to Acme",
    "the Acme Recruiting Team", "Bewerbung bei Acme" ...), the From/Reply-To display name ("Acme
    Recruiting", "Acme via Greenhouse"), the sender's own domain when it is not an ATS / free-mail /
    mail-infrastructure domain, and finally the ATS slug (acme@myworkday.com, jobs.lever.co/acme).
    """
    subject, body = email.subject or "", email.text or ""
    found = _company_from_patterns(subject, body)
    if found:
        return found, CompanySource.TEXT
    for addr in (email.from_, *email.reply_to):
        found = _company_from_display_name(addr)
        if found:
            return found, CompanySource.DISPLAY
    for addr in (email.from_, *email.reply_to):
        if addr is None:
            continue
        found = company_from_domain(addr.domain)
        if found:
            # "Acme <jobs@acme.com>": the display name has the right casing / full name
            if addr.name and _fold(normalize_company(addr.name)).startswith(_fold(normalize_company(found))) \
                    and _clean_company(addr.name):
                return _clean_company(addr.name), CompanySource.DISPLAY
            return _mail_spelling(found, email), CompanySource.DOMAIN
    found = company_from_ats_slug(email)
    if found:
        return _mail_spelling(found, email), CompanySource.ATS
    return None, CompanySource.NONE


# --------------------------------------------------------------------------------------------------
# role
# --------------------------------------------------------------------------------------------------

_ROLE_CHARS = r"[\w/&+#.,()'’ \t-]"
_R = rf"(?P<role>[^\W_]{_ROLE_CHARS}{{1,100}}?)"
_END = r"(?=[ \t]*(?:$|[.,;!?\n]|[ \t]-[ \t]|[ \t](?:at|with|in|has|was|is|bei|chez|au[ \t]sein|en|con|and|und|et|y)\b))"

# (pattern, strict) - strict patterns name the role explicitly; loose ones need a role-ish word.
_ROLE_PATTERNS: list[tuple[re.Pattern[str], bool]] = [
    (re.compile(rf"\b(?:the|our)[ \t]+(?:position|role|job|post|opening|vacancy)[ \t]+of[ \t]+(?:an?[ \t]+)?{_R}{_END}", re.I | re.M), True),
    (re.compile(rf"\b(?:for|in|to|of)[ \t]+(?:the|our|an?)[ \t]+{_R}[ \t]+(?:position|role|job|opening|vacancy|opportunity|post)\b", re.I | re.M), True),
    (re.compile(rf"\b[Yy]our[ \t]+application[ \t]+(?:to|for)[ \t]+(?:the[ \t]+)?{_R}[ \t]+(?:at|with|@)[ \t]+\S", re.I | re.M), False),
    (re.compile(rf"\bapplication[ \t]+for[ \t]*:[ \t]*{_R}{_END}", re.I | re.M), True),
    (re.compile(rf"\bapplication[ \t]+for[ \t]+(?:the[ \t]+)?{_R}{_END}", re.I | re.M), False),
    (re.compile(rf"\b(?:applying|applied)[ \t]+(?:to|for)[ \t]+(?:the[ \t]+|our[ \t]+)?{_R}{_END}", re.I | re.M), False),
    (re.compile(rf"\bBewerbung[ \t]+(?:als|für[ \t]+die[ \t]+Stelle[ \t]+(?:als[ \t]+)?|auf[ \t]+die[ \t]+Stelle[ \t]+(?:als[ \t]+)?)[ \t]*{_R}{_END}", re.I | re.M), True),
    (re.compile(rf"\b(?:candidature|postuler)[ \t]+(?:au|pour[ \t]+le)[ \t]+poste[ \t]+(?:de|d['’])[ \t]*{_R}{_END}", re.I | re.M), True),
    (re.compile(rf"\bpour[ \t]+le[ \t]+poste[ \t]+(?:de|d['’])[ \t]*{_R}{_END}", re.I | re.M), True),
    (re.compile(rf"\b(?:para|a)[ \t]+(?:el[ \t]+puesto|la[ \t]+posición|la[ \t]+vacante)[ \t]+de[ \t]+{_R}{_END}", re.I | re.M), True),
]
_SUBJECT_ROLE_AT_RE = re.compile(
    rf"^(?:(?:re|fwd?|aw|wg|tr|rv|sv|antw)\s*:\s*)*(?:(?:your[ \t]+)?application[ \t]+(?:to|for)[ \t]+|"
    rf"application[ \t]*:[ \t]*)?{_R}[ \t]+(?:at|@|with|bei|chez)[ \t]+\S.*$", re.I)
_REQ_ID_RE = re.compile(
    r"[\(\[]?\b(?:R|JR|REQ|Req|ID|Job[ \t]?ID|Requisition(?:[ \t]ID)?)[ \t]*[-#:]?[ \t]*\d{2,}[\w-]*\b[\)\]]?"
    r"|[\(\[]\s*#?\d{3,}\s*[\)\]]|#\d{3,}|\b[A-Z]{1,4}-?\d{4,}\b",
)
_GENDER_RE = re.compile(
    r"\(\s*(?:[mwfdxhf]\s*/\s*){1,3}[mwfdxhf*]\s*\)|\(\s*(?:all genders|gn\*?|h/f|f/h)\s*\)|\b(?:m|w|f)/(?:w|m|f)/(?:d|x)\b",
    re.I)
_LOCATION_PAREN_RE = re.compile(r"\(\s*(?:remote|hybrid|on-?site|onsite|full[- ]time|part[- ]time|contract)[^()]*\)", re.I)
_NOT_ROLE_RE = re.compile(
    r"\b(?:application|applying|applied|bewerbung|candidature|postulaci[óo]n|interest|thank|update|"
    r"unfortunately|we|our|you|your)\b", re.I)
_ROLE_REJECT = {"position", "role", "job", "this", "this position", "this role", "the position",
                "the role", "our company", "a position", "it", "us", "you", "your", "the job",
                "a role", "opportunity", "an opportunity", "the opportunity", "other", "others"}


def _clean_role(candidate: str, strict: bool) -> str | None:
    role = _REQ_ID_RE.sub(" ", candidate)
    role = _GENDER_RE.sub(" ", role)
    role = _LOCATION_PAREN_RE.sub(" ", role)
    role = re.sub(r"\(\s*\)|\[\s*\]", " ", role)
    role = re.sub(r"\s+", " ", role).strip(" \t.,;:-–—|/")
    role = re.sub(r"^(?:the|a|an|our)\s+", "", role, flags=re.I)
    role = re.sub(r"\s+(?:position|role|job|opening|vacancy)$", "", role, flags=re.I)
    if role.count("(") != role.count(")"):
        role = role.split("(")[0].strip()
    if not role or len(role) < 2 or len(role) > 80 or len(role.split()) > 8:
        return None
    if role.casefold() in _ROLE_REJECT or not re.match(r"[^\W\d_]", role) or _NOT_ROLE_RE.search(role):
        return None
    if not strict and not _ROLE_HINT_RE.search(role):
        return None
    return role


def extract_role(email: ParsedEmail) -> str | None:
    """Role title ("Senior Data Engineer") or None; conservative by design.

    Explicit phrases ("for the X position", "application for: X", "Ihre Bewerbung als X", "votre
    candidature au poste de X", "para el puesto de X") are trusted; looser ones ("Re: X at Acme",
    "applying for X") must contain a role-ish word (engineer, designer, manager ...). Requisition ids,
    gender markers like "(m/w/d)" and "(Remote)" are stripped.
    """
    subject = email.subject or ""
    body = strip_quoted(email.text or "")[:20_000]
    for text in (subject, body):
        for pattern, strict in _ROLE_PATTERNS:
            for m in pattern.finditer(text):
                role = _clean_role(m.group("role"), strict)
                if role:
                    return role
    at = _SUBJECT_ROLE_AT_RE.match(subject.strip())
    if at:
        role = _clean_role(at.group("role"), strict=False)
        if role:
            return role
    return None


# --------------------------------------------------------------------------------------------------
# signatures
# --------------------------------------------------------------------------------------------------

_SIGNOFF_RE = re.compile(
    r"^[ \t]*(?:best(?:[ \t]+(?:regards|wishes))?|kind(?:est)?[ \t]+regards|warm(?:est)?[ \t]+regards|"
    r"regards|many[ \t]+thanks|thanks(?:[ \t]+again)?|thank[ \t]+you(?:[ \t]+again)?|sincerely|"
    r"yours[ \t]+sincerely|all[ \t]+the[ \t]+best|cheers|with[ \t]+gratitude|respectfully|"
    r"viele[ \t]+grüße|beste[ \t]+grüße|freundliche[ \t]+grüße|mit[ \t]+freundlichen[ \t]+grüßen|"
    r"liebe[ \t]+grüße|cordialement|bien[ \t]+cordialement|bien[ \t]+à[ \t]+vous|saludos(?:[ \t]+cordiales)?|"
    r"atentamente|un[ \t]+saludo)[ \t]*[,.!]?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_NAME_LINE_RE = re.compile(
    r"^(?:[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]+(?:-[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]+)?|[A-Z]\.)"
    r"(?:[ ](?:[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]+(?:-[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]+)?|[A-Z]\.|van|von|de|der|da|di|del|la|le)){0,3}$"
)
_NOT_NAME_WORDS = {
    "team", "recruiting", "recruitment", "talent", "acquisition", "hr", "careers", "hiring", "people",
    "the", "your", "our", "human", "resources", "department", "group", "inc", "llc", "gmbh", "ltd",
    "corp", "jobs", "recruiter", "manager", "engineer", "support", "sent", "from", "get", "download",
    "unsubscribe", "privacy", "policy", "equipe", "équipe", "ihr", "best", "thanks", "regards", "votre", "el", "equipo",
}


def contact_name_from_signature(text: str) -> str | None:
    """Human sign-off name ("Best,\\nJane Smith\\nRecruiter" -> "Jane Smith") or None.

    Why: ATS mail comes from no-reply addresses but is often signed by a real recruiter, whose
    name makes a better greeting than "Hiring Team". Quoted lines are ignored; team sign-offs
    ("The Acme Recruiting Team") are rejected.
    """
    if not text:
        return None
    text = strip_quoted(text)[:30_000]
    for m in _SIGNOFF_RE.finditer(text):
        rest = text[m.end():].lstrip("\r\n").split("\n", 3)[:2]
        for line in rest:
            line = line.strip().rstrip(",")
            if not line:
                continue
            line = re.split(r"\s+[|–—-]\s+|,\s", line, maxsplit=1)[0].strip()  # "Jane Smith | Recruiter"
            if _SIGNOFF_RE.fullmatch(line):
                break  # "thanks.\n\nBest,\nJane": the real sign-off is the next match
            if _NAME_LINE_RE.match(line) and not any(
                    w.casefold() in _NOT_NAME_WORDS for w in line.split()) and len(line) <= 40:
                return line
            break
    return None


def strip_quoted(text: str) -> str:
    """Drop quoted reply text ("> ..." lines and everything after "On ... wrote:")."""
    cut = re.search(r"^(?:On .{0,200} wrote:|Am .{0,200} schrieb .{0,100}:|Le .{0,200} a écrit ?:|"
                    r"-{2,}\s*Original Message\s*-{2,}|From: .+\nSent: )", text, re.M)
    if cut:
        text = text[:cut.start()]
    if ">" in text:
        text = "\n".join(line for line in text.split("\n") if not line.lstrip().startswith(">"))
    return text
