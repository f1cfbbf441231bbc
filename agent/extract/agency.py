"""A recruitment agency's mail (pure): a recruiter writing for a client, and the client's name when written.

An email is an agency's when its own text (quotes left out) speaks of the recruiter's client in one of the
shipped languages - "my client", "our client", "a client of mine", "the client is", "on behalf of my client",
"mein Kunde",
"unser Mandant", "mon client", "pour le compte de notre client", "mijn opdrachtgever", "onze klant", "mi
cliente", "il mio cliente", "un nostro cliente", "meu cliente", "nosso cliente". An employer's own recruiter
does not speak of clients; the sender's domain is the agency's, not the employer's, so the company a name
read off the sender would give is the agency.

The client is named when one to four capitalised words follow those words ("my client, Kestrel Retail,
would like...", "my client Northbank Insurance for the Data Analyst position", "another of my clients,
Ashford Logistics, is hiring", "The client is Finch Payments"); "my client, a leading retailer in Leeds" and "the
client is moving quickly" name none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.extract.names import strip_quoted

# the recruiter's client, in the seven languages the drafts are written in
_CLIENT_WORDS = (
    r"(?:my|our)\s+client|(?:one|another)\s+of\s+(?:my|our)\s+clients|a\s+client\s+of\s+(?:mine|ours)|"
    r"the\s+client\s+is|"
    r"(?:mein(?:em|en|es)?|unser(?:em|en|es)?)\s+(?:Kunden?|Mandant(?:en)?|Auftraggeber(?:s|n)?)|"
    r"(?:mon|notre|nos|mes)\s+clients?|"
    r"(?:mijn|onze)\s+(?:klant|opdrachtgever)(?:en)?|"
    r"(?:mi|nuestro|nuestra|mis|nuestros)\s+clientes?|"
    r"(?:il\s+mio|un\s+mio|il\s+nostro|un\s+nostro|nostro|mio)\s+cliente|"
    r"(?:meu|nosso|um\s+cliente\s+nosso|um\s+dos\s+nossos)\s+clientes?"
)
_AGENCY_RE = re.compile(rf"(?i:\b(?:{_CLIENT_WORDS})\b)")
# a word each of those phrases holds, as the text casefolded spells it (the regex's (?i) takes "ı" and "İ" for an
# "i"; casefold keeps the first and makes the second "i" and a combining dot):
# a text without any is no agency's, told without running the pattern over it (most job mail)
_CLIENT_STEMS = ("client", "kunde", "mandant", "auftraggeber", "klant", "opdrachtgever")
# the name after those words: capitalised words (a "&" or "and" between two of them), up to four
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’.&-]*"
_CLIENT_NAME_RE = re.compile(
    rf"(?i:\b(?:{_CLIENT_WORDS})\b[,:]?[ \t]+(?:(?:is|was|named|called|namely|nämlich|à\s+savoir)[ \t]+)?)"
    rf"(?P<name>{_NAME_WORD}(?:[ \t]+(?:&[ \t]+|and[ \t]+|of[ \t]+)?{_NAME_WORD}){{0,3}})")
# capitalised words that begin a sentence or are nouns (German), never a client's name
_NOT_A_NAME = frozenset("""
i i'm i've i'll we we're you your they their it its this that these there here he she who which what
has have had is are was were would will could can may might should shall did does do am be been being
a an the and or but if so as at in on for to of with by from about after before since
hat haben hatte ist sind war wird würde kann könnte möchte sie ihr ihre ihnen ihren wir uns unser der die das
den dem des ein eine einen einem einer es er interesse entscheidung herr frau bewerbung stelle position
a à au aux le la les un une des du de et ou mais il elle ils elles nous vous votre vos son sa ses est sont
a souhaité souhaite madame monsieur candidature poste
de het een en of maar hij zij wij jij u uw je jouw is zijn was heeft hebben wil zou mevrouw meneer
el la los las un una unos unas y o pero es son está ha han usted su sus nos señor señora
il lo la gli le un una e o ma è sono ha hanno lei suo sua signor signora
o a os as um uma e ou mas é são tem têm você seu sua senhor senhora
""".split())


@dataclass(frozen=True)
class AgencyMail:
    """What an agency's email says of its client: ``client`` its name, None when the email names none."""

    client: str | None


def agency_mail(subject: str, text: str) -> AgencyMail | None:
    """The email is an agency's (its subject or own text speaks of the recruiter's client), with the client it
    names; None for any other email."""
    own = f"{subject or ''}\n{strip_quoted(text or '')}"
    folded = own.casefold().replace("\u0307", "").replace("ı", "i")
    if not any(stem in folded for stem in _CLIENT_STEMS) or not _AGENCY_RE.search(own):
        return None
    return AgencyMail(client_named(own))


def client_named(text: str) -> str | None:
    """The first client's name written after the recruiter's words for their client, else None."""
    for m in _CLIENT_NAME_RE.finditer(text):
        words = re.split(r"\.\s", m.group("name"), maxsplit=1)[0].split()  # a sentence ends the name
        while words and (words[-1].casefold() in _NOT_A_NAME or words[-1].casefold() in ("and", "&", "of")):
            words.pop()
        name = " ".join(words).rstrip(".")
        if words and words[0].casefold() not in _NOT_A_NAME and len(name) >= 3:
            return name
    return None


__all__ = ["AgencyMail", "agency_mail", "client_named"]
