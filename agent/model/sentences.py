"""Split an email body into the sentences that can carry a decision.

What does not count is dropped first: quoted replies (``>`` lines, and everything from an "On ... wrote:"
header or an "-----Original Message-----" / "From: ... Sent:" block on), signatures (from a ``--``
line, or from a closing such as "Best regards," in the second half of the text on) and "Sent from my
phone" lines. What is left is cut into units at blank lines and bullet items (``•``, ``-``, ``*``,
``1.``); lines of one paragraph are joined (HTML-converted and hard-wrapped text breaks lines in the
middle of sentences), and units are cut into sentences at ``.``, ``!``, ``?`` (not after common
abbreviations or initials). Pure functions, no model.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

MAX_SENTENCES = 40
MAX_SENTENCE_CHARS = 400
MAX_TEXT_CHARS = 6000

_BR = re.compile(r"<\s*br\s*/?\s*>|<\s*/\s*(?:p|div|li|tr|h\d)\s*>", re.I)
_TAG = re.compile(r"<[^>]{0,300}>")
_ENTITIES = {"&nbsp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&rsquo;": "'"}
_ENTITY = re.compile("|".join(map(re.escape, _ENTITIES)))

# the line that starts a quoted reply, in the languages of the corpus
_QUOTE_HEADER = re.compile(
    r"^\s*(?:on\b.{0,300}\bwrote:|am\b.{0,300}\bschrieb.{0,80}:|le\b.{0,300}\ba écrit\s*:|"
    r"el\b.{0,300}\bescribió:|il giorno\b.{0,300}\bha scritto:|op\b.{0,300}\bschreef.{0,80}:|"
    r"em\b.{0,300}\bescreveu:|-{2,}\s*(?:original message|ursprüngliche nachricht|message d'origine|"
    r"mensaje original|messaggio originale|oorspronkelijk bericht|mensagem original)\s*-{2,}|"
    r"_{10,})\s*$", re.I)
_FORWARD_FIELDS = re.compile(r"^\s*(?:from|von|de|da|van|sent|gesendet|envoyé|enviado|inviato|verzonden|date|datum|"
                             r"to|an|à|para|a|aan|subject|betreff|objet|asunto|oggetto|onderwerp|assunto)\s*:", re.I)
_SIG_DELIM = re.compile(r"^\s*--\s*$|^\s*—\s*$")
_SENT_FROM = re.compile(r"^\s*(?:sent from my|get outlook for|envoyé de mon|von meinem .{0,30} gesendet|"
                        r"enviado desde mi|inviato da(?:l mio)?|verzonden vanaf mijn|enviado do meu)\b", re.I)
_CLOSING = re.compile(
    r"^\s*(?:(?:best|kind|warm|warmest|many)?\s*(?:regards|wishes)|best|cheers|thanks|thank you|many thanks|"
    r"sincerely|yours(?: sincerely| truly| faithfully)?|all the best|talk soon|respectfully|"
    r"(?:mit )?(?:freundlichen|besten|herzlichen|viele) grüßen?|(?:mit )?freundlichen gruessen|viele grüße|lg|"
    r"beste grüße|cordialement|bien (?:cordialement|à (?:vous|toi))|bien à vous|salutations|"
    r"(?:un )?(?:saludo|abrazo)s?(?: cordiales?)?|atentamente|cordiales saludos|"
    r"cordiali saluti|distinti saluti|un (?:caro )?saluto|saluti|a presto|"
    r"met vriendelijke groet(?:en)?|vriendelijke groet(?:en)?|groet(?:en|jes)?|hartelijke groet(?:en)?|"
    r"atenciosamente|cumprimentos|(?:um )?abraço|(?:com os )?melhores cumprimentos)\s*[,.!]?\s*(?:\S+\s*)?$", re.I)
_BULLET = re.compile(r"^\s*(?:[•·▪◦‣∙●○■□➢➤►\-*–]|\d{1,2}[.)])\s+")
_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+")
_ABBREV = re.compile(r"(?:\b(?:mr|mrs|ms|dr|prof|st|inc|ltd|co|corp|jr|sr|vs|etc|e\.g|i\.e|approx|dept|no|"
                     r"ca|bzw|z\.b|usw|sr|sra|dott|ing|mme|mlle|nr|incl|ref|tel|p\.s|a\.m|p\.m)\.|\b\w\.)$", re.I)
_WORDS = re.compile(r"\w{2,}")


def _clean(text: str) -> str:
    if "<" in text:
        text = _TAG.sub(" ", _BR.sub("\n", text))
    if "&" in text:
        text = _ENTITY.sub(lambda m: _ENTITIES[m.group(0)], text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")


def content_lines(text: str) -> list[str]:
    """The lines of ``text`` that the sender wrote in this email: quoted replies and the signature cut."""
    return list(iter_content_lines(text))


def iter_content_lines(text: str) -> Iterator[str]:
    """:func:`content_lines`, lazily (the sentence splitter stops reading once it has enough sentences)."""
    lines = _clean(text[:MAX_TEXT_CHARS]).split("\n")
    n = len(lines)
    wrote = False
    for i, line in enumerate(lines):
        s = line.strip()
        if _QUOTE_HEADER.match(s) or _SIG_DELIM.match(line):
            return
        if _FORWARD_FIELDS.match(s) and sum(bool(_FORWARD_FIELDS.match(x.strip())) for x in lines[i:i + 5]) >= 3:
            return  # a "From: / Sent: / To: / Subject:" block: the quoted original follows
        if s.startswith(">") or _SENT_FROM.match(s):
            continue
        if wrote and i >= n // 2 and len(s) <= 60 and _CLOSING.match(s):
            return  # a closing in the second half: what follows is the signature (and footers)
        wrote = True
        yield line


def _units(lines: Iterable[str]) -> Iterator[str]:
    """Paragraphs (lines joined) and bullet items, in order."""
    cur: list[str] = []
    for line in lines:
        s = line.strip()
        if not s:
            if cur:
                yield " ".join(cur)
                cur = []
            continue
        if _BULLET.match(s):
            if cur:
                yield " ".join(cur)
            cur = [_BULLET.sub("", s, count=1)]
            continue
        cur.append(s)
    if cur:
        yield " ".join(cur)


def _split_unit(unit: str) -> list[str]:
    pieces = _END.split(unit)
    out: list[str] = []
    for p in pieces:
        if out and _ABBREV.search(out[-1]):
            out[-1] = f"{out[-1]} {p}"
        else:
            out.append(p)
    return out


def split_sentences(text: str, max_sentences: int = MAX_SENTENCES) -> list[str]:
    """The sentences of an email body that count: at most ``max_sentences``, each whitespace-collapsed and
    cut at MAX_SENTENCE_CHARS; pieces with fewer than two words of two letters are dropped."""
    return list(iter_sentences(text, max_sentences))


def iter_sentences(text: str, max_sentences: int = MAX_SENTENCES) -> Iterator[str]:
    """:func:`split_sentences`, lazily: a caller that needs only the first few stops the work there."""
    n = 0
    for unit in _units(iter_content_lines(text)):
        for s in _split_unit(unit):
            s = " ".join(s.split())[:MAX_SENTENCE_CHARS]
            words = _WORDS.finditer(s)
            if next(words, None) is not None and next(words, None) is not None:  # two words of two letters
                yield s
                n += 1
                if n >= max_sentences:
                    return
