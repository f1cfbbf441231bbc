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
from agent.extract.cleaning import LEAD_JUNK, TRAIL_ROLE_WORDS, TeamCut, clean_company, clean_role, company_of_team, role_key
from agent.extract.lexicon import (
    CO_INTRO,
    COHORT_WORDS,
    DOMAIN_WORDS,
    FUNCTION_WORDS,
    LEGAL_KEYS,
    ROLE_AFTER,
    ROLE_INTRO,
    SIGNOFFS,
    STOP_START,
    TEAM_WORDS,
    WEAK_ROLE_INTRO,
    is_place,
    is_role_word,
    lower_words,
)
from agent.extract.names import (
    company_from_ats_slug,
    company_from_domain,
    fold,
    mail_spelling,
    normalize_company,
)
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


@dataclass(slots=True)
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


_CAP = r"[A-Z0-9ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞŒ]"
_TOK = rf"{_CAP}[\w&'’+-]*(?:\.[\w&'’+-]+)*"
_CONNECT = r"(?:&|and|of|on|de|du|des|la|le|y|und|für|van|der|den|di|del|do|da|dos|e|et|the|zu)"
# "Chêne d'Or", "Banque de France", "Maple & Finch": capitalised words joined by spaces, connectors and elisions
_CAP_SPAN = rf"{_TOK}(?:[ \t]+(?:{_CONNECT}[ \t]+|[dl]['’])?{_TOK}){{0,5}}"
# "Whitfield, Prescott & Co", "Skadden, Arps, Slate & Flom": partners' names listed with commas, the last after "&"
_FIRM_SPAN = rf"{_TOK}(?:,[ \t]+{_TOK}){{1,3}},?[ \t]+(?:&|and)[ \t]+{_TOK}(?:[ \t]+{_TOK}){{0,2}}"
_CAP_SPAN_RE = re.compile(_CAP_SPAN)

# A trigger and the span after it in one pattern, the span inside a look-ahead: the engine skips, in C, the
# many "at" / "for" / "the" that introduce nothing, and the scan goes on right after each trigger.
_WORD_START = r"(?<![\w'’])"  # a trigger starts a word
_CO_PHRASE_RE = re.compile(
    rf"{_WORD_START}(?P<t>(?i:{alternation(CO_INTRO)}))(?![\w'’])(?=[ \t]+(?:"
    rf"(?:(?i:the|la|le|der|die|das|el|il|de|het|a|o)[ \t]+|(?i:l)['’])?(?P<s>{_FIRM_SPAN}|{_CAP_SPAN})"
    rf"|(?P<low>[a-z][\w.&'-]{{1,30}})[ \t]*(?:\n|$|[!.,](?:\s|$))))")
_ROLE_PHRASE_RE = re.compile(
    rf"{_WORD_START}(?P<t>(?i:{alternation(ROLE_INTRO)}))(?![\w'’])"
    # the span: a word character, then up to 110 that are not an end - a colon is one unless a title follows it
    # ("Position: Analyst: Data"). The engine checks that rule for the first of them only, and runs over the rest
    # as one class, colons and all (a run is many times faster than a choice per character): _role_span cuts the
    # run at its first colon that ends the span, which is what the rule for each character would have kept.
    r"(?=[ \t]*:?[ \t]*(?P<nl>(?:\n[ \t]*){1,2})?[\"“«„']?[ \t]*"
    r"(?P<s>[^\W_](?:[^\n.!?;:\"”»]|:(?=[ \t]+[A-Z]))[^\n.!?;\"”»]{0,109}))")
_TITLE_AFTER_COLON_RE = re.compile(r"[ \t]+[A-Z]")


def _role_span(text: str, m: re.Match[str]) -> str:
    """The span of a :data:`_ROLE_PHRASE_RE` match: its run up to the first colon no title follows."""
    span = m.group("s")
    colon = span.find(":", 2)
    while colon != -1 and _TITLE_AFTER_COLON_RE.match(text, m.start("s") + colon + 1):
        colon = span.find(":", colon + 1)
    return span if colon == -1 else span[:colon]


def _from_word_starts(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` (a trigger at a word start, :data:`_WORD_START` first) led instead by the character before the
    trigger: a pattern that starts with a class lets the engine skip in C to the places it may match, a look-behind
    is tried at every position."""
    assert pattern.pattern.startswith(_WORD_START)
    return re.compile(r"[^\w'’]" + pattern.pattern[len(_WORD_START):])


_CO_PHRASE_AFTER_RE = _from_word_starts(_CO_PHRASE_RE)
_ROLE_PHRASE_AFTER_RE = _from_word_starts(_ROLE_PHRASE_RE)


def _phrases(pattern: re.Pattern[str], after: re.Pattern[str], text: str) -> Iterable[re.Match[str]]:
    """What ``pattern.finditer(text)`` finds, found with ``after`` (:func:`_from_word_starts`) past the text's first
    character: the same triggers and groups, each match one character longer in front (read ``start("t")``)."""
    first = pattern.match(text)
    if first is not None:
        yield first
    yield from after.finditer(text, first.end() if first is not None else 0)


_ROLE_AFTER_RE = re.compile(rf"(?<=[ \t])(?:{alternation(ROLE_AFTER)})\b")
_ACRONYM = r"\([A-Z]{2,6}\)"  # "Global Product Support (GPS) Engineer": an acronym in brackets inside a title
_TITLE_SPAN_RE = re.compile(
    rf"{_TOK}(?:(?:[ \t]*[,/&|–-][ \t]*|:[ \t]+|[ \t]+(?:{_CONNECT}[ \t]+)?)(?:{_TOK}|{_ACRONYM})){{0,6}}")


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
# (one blank first, then the rest of the run: a pattern that starts with a class lets the engine skip to the blanks)
_ROLE_HARD_END = re.compile(
    r"\s(?:\s*(?:at|with|bei|chez|presso|bij|na|no|em|en|has|have|was|is|will|and we|for which|that|which|who|"
    r"we|hat|wurde|ist|wir|a été|est|nous|ha|è|fue|es|hemos|abbiamo|is|werd|hebben|foi|é|foram|"
    r"through|via|on (?:our|the|linkedin|indeed|behalf)|in our|in unserem|dans|within|here|posted|ref|reference|a bien|a été|ha sido|foi|è stata|"
    r"is ontvangen|wurde|has been|was sent|a été transmise|ha sido vista|and (?:are|we|will|if|our|is|have|has|a|the)|"
    r"und (?:wir|ist)|et (?:nous|sommes)|y (?:estamos|nos)|job (?:number|id|no)|req(?:uisition)? (?:id|number|no)|"
    r"reference number|location)\b|\s{2,}|(?<=\t))",
    re.I)
# Places a role span may be cut (each cut is another candidate; the ranker picks the right length).
_ROLE_SOFT_CUT = re.compile(r"\s*(?:,|:|\s[-–—|]\s|\((?![A-Z]{2,6}\)[ \t]+\w)|\[|\s/\s|\s+(?:for|in|im|für|pour|para|per|voor|de|da|do|di|van|von|and|und|et|y|e|ed|en)\s)")
_DIGIT_RE = re.compile(r"\d")
_COMMA_LOWER_RE = re.compile(r",\s+[a-zà-ÿ]")
_DASH_RE = re.compile(r"\s[-–—]\s")
_URLISH_RE = re.compile(r"https?:|www\.|@|\.com\b", re.I)
_SPACES_RE = re.compile(r"\s+")
_LETTER_RE = re.compile(r"[^\W\d_]")
_WORD_BEFORE_RE = re.compile(r"(?<![^\W\d_])([^\W\d_]+)[^\w\n]*$")  # from where a word starts only
_WORD_AFTER_RE = re.compile(r"[^\w\n]*([^\W\d_]+)")


@functools.lru_cache(maxsize=8192)
def _shape_features(text: str, fld: Field) -> tuple[str, ...]:
    """The shape of a span, as features of ``fld`` (the same span is often a company and a role candidate)."""
    prefix = _PREFIX[fld]
    f = [prefix + x for x in _shape(text)]
    if fld is Field.ROLE and "," in text and is_place(text.split(",", 1)[1]):
        f.append("role:comma_place")  # "Technical Writer, London"
    return tuple(f)


@functools.lru_cache(maxsize=8192)
def _shape(text: str) -> tuple[str, ...]:
    words = text.split()
    low = lower_words(text)
    n = len(words)
    f = [f"nw={min(n, 6)}"]
    if len(text) > 45:
        f.append("long")
    caps = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    if caps == n:
        f.append("allcap_start")
    elif caps == 0:
        # a brand in lower case ("slice") is a company only where it was found: weighed per source (_CONJ_BASE)
        f.append("all_lower")
    elif not words[0][:1].isupper():
        f.append("lower_first")
    else:
        f.append("mixed_case")
    if text.isupper() and len(text) > 4:
        f.append("shouting")
    role_hits = fw = 0  # role words and function words, and whether a domain or team word is among the words
    domainword = teamword = False
    for w in low:
        role_hits += is_role_word(w)
        fw += w in FUNCTION_WORDS
        domainword = domainword or w in DOMAIN_WORDS
        teamword = teamword or w in TEAM_WORDS
    if role_hits:
        f.append("roleword")
        f.append(f"roleword_n={min(role_hits, 3)}")
        if low and is_role_word(low[-1]):
            f.append("roleword_last")
    else:
        f.append("no_roleword")
    if domainword:
        f.append("domainword")
    f.append(f"fw={min(fw, 3)}")
    if low and low[0] in FUNCTION_WORDS:
        f.append("fw_first")
    if low and low[-1] in FUNCTION_WORDS:
        f.append("fw_last")
    if teamword:
        f.append("teamword")
    if low and low[-1].strip(".") in LEGAL_KEYS:
        f.append("legal")
    if _DIGIT_RE.search(text):
        f.append("digit")
    if low and low[0] in STOP_START:
        f.append("stop_start")
    if is_relay_name(text):
        f.append("relayname")
    if "," in text:
        f.append("comma")
        if _COMMA_LOWER_RE.search(text):
            f.append("comma_lower")
    if _DASH_RE.search(text):
        f.append("dash")
        parts = _DASH_RE.split(text)
        if len(parts) > 2:  # "Tax - Data Analytics Intern - Summer 2026 - Emerging Talent Program"
            f.append("dashes=2+")
            if any(is_role_word(w) for p in parts[1:-1] for w in lower_words(p)):
                f.append("dash_mid_roleword")
            if any(lower_words(p) and all(w in COHORT_WORDS or w.isdigit() for w in lower_words(p)) for p in parts[1:]):
                f.append("dash_some_cohort")
        after = lower_words(parts[-1])
        if after and all(w in COHORT_WORDS or w.isdigit() or w in FUNCTION_WORDS for w in after):
            f.append("dash_cohort")  # "- New College Grad", "- Summer 2025"
        elif any(is_role_word(w) for w in after):
            f.append("dash_roleword")
        elif is_place(_DASH_RE.split(text)[-1]):
            f.append("dash_place")  # "- Toronto", "- New York, NY"
        else:
            f.append("dash_other")  # "- Infrastructure Platform"
    if "(" in text:
        f.append("paren")
    if _URLISH_RE.search(text):
        f.append("urlish")
    return tuple(f)


def _context_word(text: str, start: int, before: bool) -> str:
    if before:
        m = _WORD_BEFORE_RE.search(text[max(0, start - 30):start])
    else:
        m = _WORD_AFTER_RE.match(text, start, start + 30)
    if not m:
        return "∅"
    word = m.group(1).casefold()
    return word if word in FUNCTION_WORDS or word in ROLE_AFTER or len(word) <= 3 else "W"


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


_TEAM_FEATURE = {TeamCut.WORDS: "team_cut", TeamCut.TEAM: "team_sign"}


@functools.lru_cache(maxsize=8192)
def _span_key(fld: Field, text: str) -> str:
    """The matching key of ``text`` (stripped) as a candidate of ``fld``; "" when it cannot be one: empty, too
    long (over 100 characters; a company over 60), too many words (a role over 14, since a posting's title with
    its dashes runs to 13; a company over 6), no letter, or a key under two characters. One span is offered many
    times (the subject's segment, the phrase that repeats it, the line at the top of the body ...): it is judged
    once."""
    if not text or len(text) > 100:
        return ""
    n_words = len(text.split())
    company = fld is Field.COMPANY
    if n_words > 14 or (company and (len(text) > 60 or n_words > 6)) or not _LETTER_RE.search(text):
        return ""
    key = normalize_company(text) if company else role_key(text)
    return key if len(key) >= 2 else ""


class _Sink:
    """Where spans are offered as candidates: the pool of one email, or the offers one text makes (:class:`_Offers`)."""

    def __init__(self) -> None:
        self.segment_features: set[str] = set()  # "seg_pos=first", "seg_after=-" ...: given to subject segments

    def add(self, fld: Field, text: str, source: Source, feats: Iterable[str]) -> None:
        """The span ``text`` (stripped) as a candidate of ``fld``, unless it cannot be one (:func:`_span_key`)."""
        text = text.strip()
        key = _span_key(fld, text)
        if key:
            self.merge(fld, key, text, source, (*map(_PREFIX[fld].__add__, feats), _SRC_FEATURE[fld, source]))

    def merge(self, fld: Field, key: str, text: str, source: Source, named: tuple[str, ...]) -> None:
        """The span ``text`` (``key``; ``named``: its features, the field's prefix on each, the source's last)."""
        raise NotImplementedError

    def add_company(self, span: str, source: Source, feats: list[str]) -> str:
        """A company span, team words off; the name a team signs with ("The Acme Recruiting Team") says so."""
        name, team = company_of_team(span)
        if name:
            self.add(Field.COMPANY, name, source, [*feats, _TEAM_FEATURE[team]] if team != TeamCut.NONE else feats)
        return name


# A span as :meth:`_Sink.merge` takes it: a pool merges a kept offer without working out its key or names again
_Offer = tuple[Field, str, str, Source, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class _Offered:
    """The spans one text offers, in order, and the segment features it gives: given to every pool it concerns."""

    offers: tuple[_Offer, ...]
    segment_features: frozenset[str]

    def give(self, pool: _Pool) -> None:
        pool.segment_features.update(self.segment_features)
        for offer in self.offers:
            pool.merge(*offer)


class _Offers(_Sink):
    """The spans a text offers, in order, kept to be given to a pool (:meth:`_Offered.give`) as often as the text
    comes again: a mailbox holds many mails of one subject ("Thank you for applying") or one sender's name."""

    def __init__(self) -> None:
        super().__init__()
        self.offers: list[_Offer] = []

    def merge(self, fld: Field, key: str, text: str, source: Source, named: tuple[str, ...]) -> None:
        self.offers.append((fld, key, text, source, named))

    def done(self) -> _Offered:
        return _Offered(tuple(self.offers), frozenset(self.segment_features))


class _Pool(_Sink):
    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[Field, str], Candidate] = {}
        self.signers: set[str] = set()  # signature lines that read as a person's name (folded)

    def merge(self, fld: Field, key: str, text: str, source: Source, named: tuple[str, ...]) -> None:
        """A new candidate, or more of one the span says."""
        cand = self.items.get((fld, key))
        if cand is None:
            cand = self.items[(fld, key)] = Candidate(fld, key, text, source, set(_shape_features(text, fld)))
        elif _SOURCE_RANK[source] < _SOURCE_RANK[cand.source] or (
                fld is Field.COMPANY and source == cand.source and len(text) > len(cand.text)):
            cand.text, cand.source = text, source
        cand.features.update(named)
        cand.mentions += 1
        cand.sources.add(source)


_RE_PREFIX = re.compile(r"^(?:(?:re|fwd?|aw|wg|tr|rv|sv|antw|r|i)\s*:\s*)+", re.I)
_SEGMENT_SPLIT = re.compile(r"\s+[-–—|:·]\s+|\s*[|:·]\s+|\s+(?:at|@|bei|chez|presso|bij|en|na|em|with)\s+", re.I)


@functools.lru_cache(maxsize=256)  # the mails of one subject come close together: a small memo keeps ~all of them
def _subject_offers(subject: str) -> _Offered:
    """What ``subject`` offers, worked out once per subject (see :func:`_subject_candidates`)."""
    offers = _Offers()
    _subject_candidates(offers, subject)
    return offers.done()


def _subject_candidates(pool: _Sink, subject: str) -> None:
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
        pool.segment_features.update(base[1:])
        role = clean_role(piece)
        if role:
            pool.add(Field.ROLE, role, Source.SUBJECT, base)
        pool.add_company(piece, Source.SUBJECT, base)
        if i < n - 1 and seps[i] in "-–—":
            # "Analyst - Data and AI", "Summer Internship - Finance": a dash inside a title
            joined = clean_role(f"{piece} - {pieces[i + 1]}")
            if joined:
                pool.add(Field.ROLE, joined, Source.SUBJECT, ["seg", "seg_joined", f"seg_pos={pos}"])
                pool.segment_features.add("seg_joined")
    lead = _CAP_SPAN_RE.match(subject)
    if lead and lead.end() < len(subject):
        pool.add_company(lead.group(0), Source.SUBJECT, ["subj_lead", f"nextw={_context_word(subject, lead.end(), False)}"])
    _phrase_candidates(pool, subject, Source.SUBJECT)


@functools.lru_cache(maxsize=1024)
def _trigger(written: str) -> str:
    """A phrase's trigger as the features name it: case-folded, one space between words."""
    return _SPACES_RE.sub(" ", written.casefold())


def _phrase_candidates(pool: _Sink, text: str, source: Source) -> None:
    for m in _phrases(_CO_PHRASE_RE, _CO_PHRASE_AFTER_RE, text):
        trig = _trigger(m.group("t"))
        if m.group("s") is None:  # "your application was sent to slice": a brand written in lower case
            if " " in trig:  # only after a phrase; "no avanzar." is not a brand
                pool.add(Field.COMPANY, m.group("low"), source, [f"co_intro={trig}", "co_intro", "lower_span"])
            continue
        if _SALUTE_RE.search(text[max(0, m.start("t") - 20):m.start("t")]):
            continue
        span = m.group("s")
        feats = [f"co_intro={trig}", "co_intro", f"next={_next_class(text, m.end('s'))}",
                 f"nextw={_context_word(text, m.end('s'), False)}"]
        co = pool.add_company(span, source, feats)
        # a shorter span: up to a possessive, a connector or a role word ("Acme's Data Analyst position", "Acme
        # for the Data Analyst role")
        words = co.split()
        owner = next((k for k, w in enumerate(words[:-1]) if w.endswith(("'s", "’s"))), None)
        if owner is not None:
            pool.add(Field.COMPANY, " ".join([*words[:owner], words[owner][:-2]]), source, feats + ["co_owner"])
        for k in range(1, len(words)):
            if is_role_word(words[k].casefold()) or words[k].casefold() in FUNCTION_WORDS:
                pool.add(Field.COMPANY, " ".join(words[:k]), source, feats + ["co_cut"])
                break
            if words[k - 1].strip(".").casefold() in LEGAL_KEYS:
                # "applying to the Redwood Ltd Spontaneous Application programme": a legal form ends the name
                pool.add(Field.COMPANY, " ".join(words[:k]), source, feats + ["co_legal_cut"])
                break
    for m in _phrases(_ROLE_PHRASE_RE, _ROLE_PHRASE_AFTER_RE, text):
        trig = _trigger(m.group("t"))
        if trig in WEAK_ROLE_INTRO and not (m.group("s")[0].isupper() or m.group("s")[0].isdigit()):
            continue  # "the company", "for your time": a one-word trigger needs a title after it
        span = _role_span(text, m)
        if m.group("nl"):
            trig += "⏎"
        hard = _ROLE_HARD_END.search(span)
        end_kind = "hard" if hard else "line"
        if hard:
            span = span[:hard.start()]
        feats = [f"role_intro={trig}", "role_intro", f"prevw={_context_word(text, m.start('t'), True)}"]
        _role_variants(pool, span, source, feats + [f"end={end_kind}",
                                                    f"endw={(hard.group(0).strip().casefold() if hard else '∅')}"])
        _owner_after_role(pool, text, m.start("s"), span, source)
    for span, span_start, keyword in _spans_before_keyword(text):
        trig = keyword.casefold()
        feats = [f"role_before={trig}", "role_before", f"prevw={_context_word(text, span_start, True)}"]
        role = clean_role(span)
        if role:
            pool.add(Field.ROLE, role, source, feats)
            if ": " in role:  # "your Intern: Supply Chain Analyst application" - or "Re: Data Analyst role"
                pool.add(Field.ROLE, clean_role(role.rsplit(": ", 1)[1]), source, feats + ["colon_cut"])
            words = role.split()
            # "Thank you for applying to Acme for the Data Analyst position": keep the tail after a function word
            for k in range(len(words) - 1, 0, -1):
                if words[k - 1].casefold() in FUNCTION_WORDS or words[k - 1].casefold() in LEAD_JUNK:
                    pool.add(Field.ROLE, clean_role(" ".join(words[k:])), source, feats + ["role_tail"])
                    break
    for m in _QUOTED_RE.finditer(text):
        span = m.group("s")
        role = clean_role(span)
        if role:
            pool.add(Field.ROLE, role, source, ["quoted", f"prevw={_context_word(text, m.start(), True)}"])


_OWNER_CUT_RE = re.compile(r"\s(de|di|da|do|van)\s", re.I)


def _owner_after_role(pool: _Sink, text: str, start: int, span: str, source: Source) -> None:
    """"la oferta Consultor SAP de Torres y Martínez S.A.", "de vacature X van Acme B.V.": the employer after the
    title's "de" / "van" (read from the text, past the dot a role span stops at), never a place ("Rio de Janeiro")."""
    for m in _OWNER_CUT_RE.finditer(span):
        owner = _CAP_SPAN_RE.match(text, start + m.end())
        if owner is None:
            continue
        before = span[:m.start()].split()[-1:]
        if is_place(owner.group(0)) or is_place(" ".join([*before, m.group(1), owner.group(0)])):
            continue
        word = m.group(1).casefold()
        pool.add_company(owner.group(0), source, ["co_after_role", f"co_after_role={word}"])


def _role_variants(pool: _Sink, span: str, source: Source, feats: list[str]) -> None:
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


_PLACE_LEAD_RE = re.compile(r"^\s*(?:(?:based|located|situé|situado|basato|gevestigd|baseado)\s+)?"
                            r"(?:in|at|à|a|en|em|na|no|im|in der)\s+", re.I)


_PLACE_TRAIL_RE = re.compile(rf"\s+(?:{alternation(TRAIL_ROLE_WORDS)})\s*$", re.I)  # "- Denver vacancy"


def _tail_features(span: str, cut: re.Match[str] | None, which: str) -> tuple[str, ...]:
    """What follows a cut ("Data Analyst - Berlin", "Analyst, Predictive Analytics", "Analyst, and a member ..."):
    the part a cut drops (``cut``), or the last part the whole span keeps (``last``)."""
    if cut is None:
        return ()
    return _tail_of(span[cut.end():], which)


@functools.lru_cache(maxsize=8192)
def _tail_of(rest: str, which: str) -> tuple[str, ...]:
    tail = lower_words(rest)
    f = [f"{which}_tail_nw={min(len(tail), 4)}"]
    if any(is_role_word(w) for w in tail):
        f.append(f"{which}_tail_roleword")
    if any(w in DOMAIN_WORDS for w in tail):
        f.append(f"{which}_tail_domainword")
    if any(w in FUNCTION_WORDS for w in tail):
        f.append(f"{which}_tail_fw")
    if any(ch.isdigit() for ch in rest):
        f.append(f"{which}_tail_digit")
    if tail and all(w in COHORT_WORDS or w.isdigit() or w in FUNCTION_WORDS for w in tail):
        f.append(f"{which}_tail_cohort")
    if is_place(_PLACE_TRAIL_RE.sub("", _PLACE_LEAD_RE.sub("", rest))):
        f.append(f"{which}_tail_place")  # "Data Analyst - Berlin", "QA Engineer, based in Austin": a place
    return tuple(f)


_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_DISPLAY_NOISE_RE = re.compile(r"[_@]+|\b(?:no[-_ ]?reply|do[-_ ]?not[-_ ]?reply|notifications?|system)\b", re.I)


def _display_name(name: str, local: str = "") -> str:
    """A display name without plumbing: "WellsFargoHR" -> "Wells Fargo HR", "Workday @ Intel Notification" ->
    "Intel", "Applied_Materials_HR amat" (from amat@…) -> "Applied Materials HR", "AcmeWidgets_HR aw" ->
    "Acme Widgets HR"."""
    underscored = "_" in name
    name = _DISPLAY_NOISE_RE.sub(" ", name)
    words = name.split()
    if len(words) > 1 and local and words[-1] == local.casefold():
        words.pop()  # the address's own local part repeated after the name: plumbing
    if underscored:
        words = [w2 for w in words for w2 in _CAMEL_RE.sub(" ", w).split()]
    # a relay's own name, whole or at the end ("LinkedIn", "Indeed Apply", "Acme Inc. Welcome to the Jungle"),
    # before "LinkedIn" is read as two words
    for k in range(len(words)):
        if is_relay_name(" ".join(words[k:])):
            words = words[:k]
            break
    name = " ".join(words)
    if name and " " not in name:
        name = _CAMEL_RE.sub(" ", name)
    return " ".join(w for w in name.split() if not is_relay_name(w) and w.casefold() not in {"my", "via"})


_DISPLAY_VIA_RE = re.compile(r"^(?P<co>.+?)\s+(?:via|through|on|from|über|par|por|tramite|via)\s+(?P<relay>.+)$", re.I)
_DISPLAY_BRACKETED_RE = re.compile(r"^[^()]+\((?P<co>[^()]+)\)$")                               # "Jane (Acme)"
_DISPLAY_OF_RE = re.compile(r"^[\w'’. -]+?\s+(?:at|from|@|bei|chez|de|da)\s+(?P<co>[A-Z].+)$")  # "Jane at Acme"
_DISPLAY_PERSON_RE = re.compile(r"[A-ZÀ-Þ][a-zà-ÿ'’-]+(?: [A-ZÀ-Þ][a-zà-ÿ'’-]+){1,2}")


@functools.lru_cache(maxsize=256)
def _display_offers(display_name: str, local: str, relayed: bool, which: str) -> _Offered:
    """What a sender's display name offers, worked out once per name (see :func:`_display_candidates`)."""
    offers = _Offers()
    _display_candidates(offers, display_name, local, relayed, which)
    return offers.done()


def _display_candidates(pool: _Sink, display_name: str, local: str, relayed: bool, which: str) -> None:
    """The company a display name gives ("Acme Careers", "Jane at Acme", "Acme via Greenhouse"): ``local`` is
    the address's local part, ``relayed`` whether a relay sent the email."""
    raw = display_name.strip().strip("\"'")
    if not raw or "@" in raw.replace(" @ ", " ").strip("@"):
        return
    name = _display_name(raw, local)
    if not name:
        return
    base = [f"disp={which}", "relay_display" if relayed else "own_display"]
    m = _DISPLAY_VIA_RE.match(name)
    if m and is_relay_name(m.group("relay")):
        pool.add(Field.COMPANY, clean_company(m.group("co")), Source.DISPLAY, base + ["disp_via"])
        return
    m = _DISPLAY_BRACKETED_RE.match(name) or _DISPLAY_OF_RE.match(name)
    if m:
        pool.add(Field.COMPANY, clean_company(m.group("co")), Source.DISPLAY, base + ["disp_of"])
    cleaned = clean_company(name)
    feats = base + ["disp_whole" if cleaned == name else "disp_team"]
    if name != raw:
        feats.append("disp_plumbing")
    if _DISPLAY_PERSON_RE.fullmatch(name) and cleaned == name:
        feats.append("disp_personlike")
    pool.add(Field.COMPANY, cleaned, Source.DISPLAY, feats)
_SIGNOFF_RE = re.compile(rf"^[ \t]*(?:{alternation(SIGNOFFS)})\b[^\n]{{0,20}}$", re.I | re.M)


_WRAPPED_DASH_RE = re.compile(r"(?<=\w)([ \t][-–—])[ \t]*\n[ \t]*(?=\w)")


def _body_candidates(pool: _Pool, body: str) -> None:
    head = body[:3000]
    if "-\n" in head or "- \n" in head or "–" in head or "—" in head:
        # "your job application for 1007276 -\nData Science Intern": a line wrapped after a dash goes on
        _phrase_candidates(pool, _WRAPPED_DASH_RE.sub(r"\1 ", head), Source.BODY)
    else:
        _phrase_candidates(pool, head, Source.BODY)
    lines = [ln for ln in (raw.strip() for raw in head[:1500].split("\n", 40)) if ln][:9]
    intro_keys = {c.key for c in pool.items.values() if c.field is Field.COMPANY and "company:co_intro" in c.features}
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
        if intro_keys:  # a card's lines around the company a phrase introduced
            if prev and normalize_company(prev) in intro_keys:
                feats.append("after_co_line")
            if nxt and normalize_company(nxt.split("·")[0]) in intro_keys:
                feats.append("before_co_line")
            if normalize_company(line) in intro_keys:
                feats.append("is_co_line")
        if "·" in line:
            line = line.split("·")[0].strip()
            feats.append("dot_line")
        pool.add_company(line, Source.BODY, feats)
        pool.add(Field.ROLE, clean_role(line), Source.BODY, feats)
    # line after a line that is a company candidate from a phrase: the card's role line
    tail = body[-1500:] if len(body) > 3000 else body[len(head):]
    if tail:
        _phrase_candidates(pool, tail, Source.BODY)
    _signature_candidates(pool, body[-1500:])


_PERSON_RE = re.compile(r"[A-ZÀ-Þ][a-zà-ÿ'’-]+(?: (?:van |de |da |di |von )?[A-ZÀ-Þ][a-zà-ÿ'’-]+){1,2}")


_SIG_PART_RE = re.compile(r"\s+[|–—-]\s+|,\s+")
_SIG_DASH_RE = re.compile(r"\s+[|–—-]\s+")
_FIRM_RE = re.compile(_FIRM_SPAN)
_CONTACT_RE = re.compile(r"https?:|www\.|@|\+?\d[\d ()-]{6,}")


def _block_lines(text: str) -> Iterable[tuple[str, bool]]:
    """The non-blank lines of ``text``, each with whether a blank line comes before it."""
    gap = False
    for line in text.split("\n"):
        if line.strip():
            yield line, gap
            gap = False
        else:
            gap = True


def _signature_candidates(pool: _Pool, tail: str) -> None:
    matches = list(_SIGNOFF_RE.finditer(tail))
    if not matches:
        return
    after = tail[matches[-1].end():]
    # each non-blank line, and whether it follows a blank one (a signature block is one run of lines)
    lines = [(ln.strip(), gap) for ln, gap in _block_lines(after)][:5]
    person = False
    for i, (line, gap) in enumerate(lines):
        if len(line) > 60 or _CONTACT_RE.search(line):
            person = False
            continue
        after_person, person = person and not gap, _PERSON_RE.fullmatch(line) is not None
        if person:
            pool.signers.add(fold(line))
        # "Acme Inc. | Talent", "Jane Doe, Acme": parts; not the partners of a firm ("Whitfield, Harper & Co")
        for part in (_SIG_PART_RE if _FIRM_RE.search(line) is None else _SIG_DASH_RE).split(line)[:3]:
            cleaned = clean_company(part)
            feats = ["sig", f"sig_line={i}", "sig_team" if cleaned != part.strip() else "sig_plain"]
            if after_person:
                feats.append("sig_after_person")  # "Marcus Bell\nJuniper Analytics": the signer's employer
            pool.add(Field.COMPANY, cleaned, Source.SIGNATURE, feats)


def _address_candidates(pool: _Pool, email: ParsedEmail, relay: Relay | None) -> None:
    for which, addr in (("from", email.from_), *(("reply", a) for a in email.reply_to)):
        if addr is None:
            continue
        r = relay_for_domain(addr.domain)
        if addr.name:
            _display_offers(addr.name, addr.email.partition("@")[0], r is not None, which).give(pool)
        if r is None:
            name = company_from_domain(addr.domain)
            if name:
                pool.add(Field.COMPANY, mail_spelling(name, email), Source.DOMAIN, [f"dom={which}"])
    slug = company_from_ats_slug(email)
    if slug:
        pool.add(Field.COMPANY, mail_spelling(slug, email), Source.SLUG, ["slug"])


_CONJ_BASE = {fld: [(f"{fld}:{x}", x) for x in ("roleword", "no_roleword", "teamword", "fw=0", "fw=1", "nw=1", "nw=2",
                                                 "nw=3", "nw=4", "in_domain", "relayname", "digit")]
              for fld in Field}
_CONJ_FULL = {fld: frozenset(full for full, _x in _CONJ_BASE[fld]) for fld in Field}
_CONJ_NAMES = {(fld, src): {full: f"{fld}:{src}&{x}" for full, x in _CONJ_BASE[fld]} for fld in Field for src in Source}
_SEG_CONJ = {fld: [(f"{fld}:{x}", x) for x in ("roleword", "no_roleword", "in_domain", "nw=1", "nw=2", "nw=3", "nw=4")]
             for fld in Field}
_SEG_SHORT = {fld: dict(_SEG_CONJ[fld]) for fld in Field}
_SEG = {fld: f"{fld}:seg" for fld in Field}
_IN_DOMAIN = {fld: f"{fld}:in_domain" for fld in Field}
_IN_SUBJECT = {fld: f"{fld}:in_subject" for fld in Field}
_IN_DISPLAY = {fld: f"{fld}:in_display" for fld in Field}
_MAIL_KIND = {fld: {True: f"{fld}:relay_mail", False: f"{fld}:own_mail"} for fld in Field}
_MENTIONS = {fld: [f"{fld}:mentions={n}" for n in range(5)] for fld in Field}
_NSRC = {fld: [f"{fld}:nsrc={n}" for n in range(4)] for fld in Field}
_ADDRESS_SOURCES = frozenset({Source.DOMAIN, Source.SLUG})
_PLUMBING_FOLDS = frozenset({"mail", "email", "careers", "career", "jobs", "talent", "recruiting", "notifications",
                             "reply", "noreply", "bounce", "hello", "team", "apply", "hire", "hiring", "people", "www",
                             "com", "net", "org", "workflow", "invalidemail"})


def _agreement(pool: _Pool, email: ParsedEmail, relay: Relay | None, subject: str, body: str) -> None:
    """Features that relate a candidate to the rest of the email (domain agrees, named elsewhere ...)."""
    org_labels: set[str] = set()
    for addr in (email.from_, *email.reply_to):
        if addr is not None and addr.domain and relay_for_domain(addr.domain) is None:
            org_labels.update(fold(lbl) for lbl in addr.domain.split(".")[:-1] if len(lbl) >= 3)
    org_labels -= _PLUMBING_FOLDS
    subj_fold = fold(subject)
    disp_fold = fold(" ".join(a.name for a in (email.from_, *email.reply_to) if a is not None))
    companies = [c for c in pool.items.values() if c.field is Field.COMPANY]
    co_keys = {c.key for c in companies if "company:co_intro" in c.features}
    role_phrase_keys = {c.key for c in pool.items.values() if c.field is Field.ROLE and "role:role_intro" in c.features}
    body_fold = ""
    # a candidate's segment features ("role:seg_pos=first"): of those the subject gave, the ones it holds
    segment_features = {fld: {_PREFIX[fld] + x for x in pool.segment_features} for fld in Field}
    relayed = relay is not None
    for cand in pool.items.values():
        f = cand.field
        k = cand.key
        feats = cand.features
        feats.update((_MAIL_KIND[f][relayed], _MENTIONS[f][min(cand.mentions, 4)], _NSRC[f][min(len(cand.sources), 3)]))
        if org_labels and any(k == lbl or (len(k) >= 4 and (lbl.startswith(k) or k.startswith(lbl)))
                              for lbl in org_labels):
            feats.add(_IN_DOMAIN[f])
        if k and k in subj_fold:
            feats.add(_IN_SUBJECT[f])
        if k and k in disp_fold:
            feats.add(_IN_DISPLAY[f])
        if f is Field.ROLE and co_keys and normalize_company(cand.text) in co_keys:
            feats.add("role:is_company_phrase")
        if f is Field.COMPANY and cand.key in role_phrase_keys:
            feats.add("company:is_role_phrase")
        if f is Field.COMPANY and k in pool.signers:
            feats.add("company:sig_person")  # a name that signs the email as a person would
            if Source.DISPLAY in cand.sources:
                feats.add("company:disp_signs")  # the sender's name signs the email: a person, not the employer
        if f is Field.COMPANY and cand.sources <= _ADDRESS_SOURCES:
            # a name read off the address only ("sony.com" for PlayStation): does the email itself ever write it?
            body_fold = body_fold or fold(body[:3000]) or " "
            if k not in subj_fold and k not in disp_fold and k not in body_fold:
                feats.add("company:addr_unnamed")
            if co_keys and k not in co_keys:
                feats.add("company:addr_intro_elsewhere")
        # conjunctions the linear model cannot make itself
        if f is Field.COMPANY and "company:co_intro" in feats:
            # the name a phrase introduces is also the sender's display name, or its domain: two independent witnesses
            if Source.DISPLAY in cand.sources:
                feats.add("company:intro&display")
            if "company:in_domain" in feats:
                feats.add("company:intro&domain")
        hits = feats.intersection(_CONJ_FULL[f])
        if hits:
            for src in cand.sources:
                table = _CONJ_NAMES[f, src]
                feats.update([table[x] for x in hits])
        if _SEG[f] in feats:
            seg_hits = [_SEG_SHORT[f][x] for x in feats.intersection(_SEG_SHORT[f])]
            for y in feats.intersection(segment_features[f]):
                feats.update([_seg_conj(y, z) for z in seg_hits])


@functools.lru_cache(maxsize=4096)
def _seg_conj(seg_feature: str, other: str) -> str:
    return f"{seg_feature}&{other}"  # a small vocabulary: one string each, its hash kept


_NAMING_SOURCES = {Source.DISPLAY, Source.DOMAIN, Source.SLUG}


def _minus_company(pool: _Pool) -> None:
    """"Acme Data Analyst" (from "the Acme Data Analyst programme"): the role without the company in front."""
    keys = {c.key for c in pool.items.values() if c.field is Field.COMPANY and len(c.key) >= 3
            and (c.sources & _NAMING_SOURCES or "company:co_intro" in c.features)}
    prefixes = tuple(keys)
    for cand in [c for c in pool.items.values() if c.field is Field.ROLE and c.key.startswith(prefixes)]:
        if cand.key in keys and not any(cand.key.startswith(k) and cand.key != k for k in keys):
            continue  # the company's own name, and no shorter one in front
        words = cand.text.split()
        owner = next((k for k in range(1, min(len(words) - 1, 6) + 1) if words[k - 1].endswith(("'s", "’s"))
                      and normalize_company(" ".join(words[:k])[:-2]) in keys), None)
        if owner is not None:
            # "DoorDash's Business Intelligence Analyst": the employer's possessive is never part of the title
            del pool.items[(Field.ROLE, cand.key)]
            pool.add(Field.ROLE, " ".join(words[owner:]), cand.source, _carried(cand))
            continue
        for k in range(min(len(words) - 1, 6), 0, -1):
            if normalize_company(" ".join(words[:k])) in keys:
                pool.add(Field.ROLE, " ".join(words[k:]), cand.source, [*_carried(cand), "minus_company"])
                break


def _carried(cand: Candidate) -> list[str]:
    """The features of ``cand`` a shorter span made from it keeps (not its source's, not its word count)."""
    return [x.split(":", 1)[1] for x in cand.features if ":src=" not in x and not x.startswith("role:nw=")]


def candidates(email: ParsedEmail, body: str) -> list[Candidate]:
    """Every candidate of ``email`` (``body``: its text with quoted replies cut, see names.strip_quoted)."""
    pool = _Pool()
    relay = relay_for_domain(email.from_.domain) if email.from_ is not None else None
    subject = email.subject or ""
    _subject_offers(subject).give(pool)
    _body_candidates(pool, body)
    _address_candidates(pool, email, relay)
    _minus_company(pool)
    _agreement(pool, email, relay, subject, body)
    return list(pool.items.values())
