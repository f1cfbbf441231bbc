"""Which of Onward's drafts a message in Sent is, by its words (pure).

When two drafts wait in one thread to one person (an interview thank-you and a check-in, both
"Re: <the same subject>") and the mail client gave the sent copy a new Message-ID, the headers cannot
tell which one the user sent. Onward knows what it wrote, so the copy's text decides:

* both texts are cut to the user's own words (:func:`agent.extract.names.strip_quoted`: no "> ..." lines,
  nothing after "On ... wrote:"), case-folded, NFKC-normalised and split into words; HTML was already
  made text by the parser, so re-wrapping, quoted-printable or an HTML copy change nothing;
* each draft's *distinct* shingles (runs of :data:`SHINGLE` words) are those no other candidate draft
  has: the greeting, the sign-off, the user's signature and the role all drafts name cancel out;
* a draft's score is the share of its distinct shingles found in the copy (containment, so a signature
  or a line the user added to the copy costs nothing; one edited word costs at most SHINGLE shingles);
* the copy is that draft's only when its score is at least :data:`SAME_NOTE` and every other candidate's
  is at most :data:`OTHER_NOTE`. Otherwise - the user rewrote the note, or merged both - it is nobody's:
  Onward does not guess, the drafts stay waiting for the next look. Drafts with the very same words (two
  interview thank-yous to one interviewer) are one note: the copy is theirs, and the rules credit the
  newest, as before texts were kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Mapping
from typing import TypeVar

from agent.extract.names import strip_quoted

K = TypeVar("K", bound=Hashable)

SHINGLE = 3  # words per shingle
SAME_NOTE = 0.5  # at least half of what only this draft says is in the copy ...
OTHER_NOTE = 0.2  # ... and at most a fifth of what only any other candidate says

_WORD_RE = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The words of the note's own text (quoted replies cut), normalised for comparing."""
    return _WORD_RE.findall(unicodedata.normalize("NFKC", strip_quoted(text.replace("\r\n", "\n"))).casefold())


def shingles(text: str) -> set[tuple[str, ...]]:
    """The runs of :data:`SHINGLE` consecutive words of ``text`` (a shorter text: itself as one run)."""
    w = words(text)
    if len(w) < SHINGLE:
        return {tuple(w)} if w else set()
    return {tuple(w[i:i + SHINGLE]) for i in range(len(w) - SHINGLE + 1)}


def scores(copy_text: str, drafts: Mapping[K, str]) -> dict[K, float]:
    """For each candidate draft, the share of its distinct shingles (those no candidate with other words
    has) that the copy holds; 0.0 for a draft with nothing of its own."""
    copy = shingles(copy_text)
    own = {k: frozenset(shingles(text)) for k, text in drafts.items()}
    out: dict[K, float] = {}
    for k, s in own.items():
        distinct = s.difference(*(o for o in own.values() if o != s))
        out[k] = len(distinct & copy) / len(distinct) if distinct else 0.0
    return out


def which(copy_text: str, drafts: Mapping[K, str]) -> list[K]:
    """The drafts (key -> the text Onward wrote) whose copy ``copy_text`` clearly is: one draft, or the
    drafts that say the very same words (one note, saved twice); [] when it is clearly none of them."""
    by_score = scores(copy_text, drafts)
    texts = {k: frozenset(shingles(t)) for k, t in drafts.items()}
    best = max(by_score, key=lambda k: by_score[k], default=None)
    if best is None or by_score[best] < SAME_NOTE:
        return []
    same = [k for k in drafts if texts[k] == texts[best]]
    if any(score > OTHER_NOTE for k, score in by_score.items() if k not in same):
        return []
    return same
