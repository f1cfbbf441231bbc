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

    def emit(node: dict[str, dict]) -> str:
        branches = []
        for ch in sorted((c for c in node if c), key=lambda c: -_depth(node[c])):
            piece = r"[ \t]+" if ch == " " else re.escape(ch)
            branches.append(piece + emit(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


def _depth(node: dict[str, dict]) -> int:
    return 1 + max((_depth(child) for ch, child in node.items() if ch), default=0)
