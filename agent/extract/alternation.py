"""A regex alternation of many phrases, factored as a trie (pure)."""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterable


def alternation(words: Iterable[str], *, ignorecase: bool = False) -> str:
    """One regex for many phrases, factored as a trie ("position of|position:" -> "position(?: of|:)"): Python's
    engine tries the branches of a flat alternation one by one at every position, a trie once. Longer
    phrases win over their prefixes; a space matches any run of blanks.

    ``ignorecase``: what ``(?i:...)`` of the plain pattern matches, faster to fail. The engine skips a branch at
    once only when it starts with a character or class of its own case; under ``(?i)`` it enters every branch of a
    node to find the first letter wrong. So each branch of a node with more than one starts with a class outside
    ``(?i)`` (the ASCII characters ``(?i)`` matches its letter with, and every non-ASCII character), then a
    look-behind under ``(?i)`` checks that one character as ``(?i)`` would ("ſ" may be an "s", "K" a "k")."""
    trie: dict[str, dict] = {}
    for word in set(words):
        node = trie
        for ch in word.casefold():
            node = node.setdefault(ch, {})
        node[""] = {}
    pattern = _emit(trie, ignorecase)[0]
    return f"(?i:{pattern})" if ignorecase else pattern


@functools.cache
def _head(ch: str) -> str:
    """A branch's first character under ``(?i)``, in a form the engine can skip without entering the branch: the
    ASCII letters ``(?i)`` matches it with (found by trying each), every non-ASCII character, then the check
    itself."""
    if ch.isascii() and not ch.isalpha():  # no case: a plain character is skipped as it is
        return re.escape(ch)
    one = re.compile(f"(?i:{re.escape(ch)})")
    ascii_matches = "".join(c for c in string.ascii_letters if one.fullmatch(c))  # only letters have a case
    # written as the ranges of ASCII it leaves out: a class with a range up to U+10FFFF costs the compiler a
    # Python loop over its first 65,536 code points
    others, start = [], 0
    for c in [*sorted(map(ord, ascii_matches)), 128]:
        if c > start:
            others.append(rf"\x{start:02x}-\x{c - 1:02x}")
        start = c + 1
    return rf"(?-i:[^{''.join(others)}])(?<={re.escape(ch)})"


def _emit(node: dict[str, dict], ignorecase: bool) -> tuple[str, int]:
    """The pattern of ``node``'s subtree and its depth, each subtree worked out once (start-up cost: the
    lexicons' tries are built when the extractor is imported)."""
    children = [(ch, *_emit(child, ignorecase)) for ch, child in node.items() if ch]
    depth = 1 + max((d for _ch, _pattern, d in children), default=0)
    fast_heads = ignorecase and len(children) > 1
    branches = [(r"[ \t]+" if ch == " " else _head(ch) if fast_heads else re.escape(ch)) + pattern
                for ch, pattern, _d in sorted(children, key=lambda c: -c[2])]
    if not branches:
        return "", depth
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return (f"(?:{body})?" if "" in node else body), depth
