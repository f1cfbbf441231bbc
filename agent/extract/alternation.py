"""A regex alternation of many phrases, factored as a trie (pure)."""

from __future__ import annotations

import re
from collections.abc import Iterable


def alternation(words: Iterable[str]) -> str:
    """One regex for many phrases, factored as a trie ("position of|position:" -> "position(?: of|:)"): Python's
    engine tries the branches of a flat alternation one by one at every position, a trie once. Longer
    phrases win over their prefixes; a space matches any run of blanks."""
    trie: dict[str, dict] = {}
    for word in set(words):
        node = trie
        for ch in word.casefold():
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(trie)[0]


def _emit(node: dict[str, dict]) -> tuple[str, int]:
    """The pattern of ``node``'s subtree and its depth, each subtree worked out once (start-up cost: the
    lexicons' tries are built when the extractor is imported)."""
    children = [(ch, *_emit(child)) for ch, child in node.items() if ch]
    depth = 1 + max((d for _ch, _pattern, d in children), default=0)
    branches = [(r"[ \t]+" if ch == " " else re.escape(ch)) + pattern
                for ch, pattern, _d in sorted(children, key=lambda c: -c[2])]
    if not branches:
        return "", depth
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return (f"(?:{body})?" if "" in node else body), depth
