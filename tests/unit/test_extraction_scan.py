"""The extractor's fast scans match exactly what their plain forms match: the role phrase's span (one run cut
at a colon, against the rule for each character) and a scan from the character before each trigger."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from agent.extract.candidates import (
    _CO_PHRASE_AFTER_RE,
    _CO_PHRASE_RE,
    _ROLE_PHRASE_AFTER_RE,
    _ROLE_PHRASE_RE,
    _phrases,
    _role_span,
)

# characters where case-insensitive matching is not one lower and one upper ASCII letter, and the blanks,
# apostrophes and colons the patterns turn on
_TRICKY = "aAsSkKiIeEtTnNoOrR ſKıİéÉüÜßẞàÀ'’:.\t\n-ΣσςµΜ0"


# the role phrase's span as the rule for each character says it (the pattern before the run and cut)
_PER_CHARACTER = re.compile(_ROLE_PHRASE_RE.pattern.replace(
    r"""(?P<s>[^\W_](?:[^\n.!?;:\"”»]|:(?=[ \t]+[A-Z]))[^\n.!?;\"”»]{0,109})""",
    r"""(?P<s>[^\W_](?:[^\n.!?;:\"”»]|:(?=[ \t]+[A-Z])){1,110})"""))
_role_texts = st.lists(st.sampled_from(["position", "Role", "for the", " ", ":", ": ", "\n", "Data", "analyst", "A",
                                        "x", ".", "“", "as", "Stelle als", "\t", "Job:", "0"]),
                       max_size=40).map("".join)


def test_the_per_character_rule_is_the_one_the_pattern_replaced():
    assert _PER_CHARACTER.pattern != _ROLE_PHRASE_RE.pattern


@given(st.one_of(_role_texts, st.text(alphabet=_TRICKY + "Pp", max_size=160)))
@settings(max_examples=300, deadline=None)
def test_the_role_span_is_the_one_the_rule_for_each_character_gives(text):
    fast = [(m.span(), m.group("t"), m.group("nl"), m.start("s"), _role_span(text, m))
            for m in _ROLE_PHRASE_RE.finditer(text)]
    rule = [(m.span(), m.group("t"), m.group("nl"), m.start("s"), m.group("s"))
            for m in _PER_CHARACTER.finditer(text)]
    assert fast == rule


def test_a_long_role_span_stops_where_the_rule_stops():
    text = "position: " + "Analyst: Data " * 3 + "Analyst:data " + "x" * 200
    m, r = next(_ROLE_PHRASE_RE.finditer(text)), next(_PER_CHARACTER.finditer(text))
    assert _role_span(text, m) == r.group("s") == "Analyst: Data Analyst: Data Analyst: Data Analyst"
    long = "for the " + "Senior Data Analyst " * 10
    assert len(_role_span(long, next(_ROLE_PHRASE_RE.finditer(long)))) == 111


_phrase_texts = st.lists(st.sampled_from(["at", "At", "for the", "position", " ", "\n", "Acme", "Data Analyst", "'",
                                          "’", ".", "x", "applying to", "bei", "à", "é", ":", "Stelle als", "_", "0"]),
                         max_size=30).map("".join)


@given(st.one_of(_phrase_texts, st.text(alphabet=_TRICKY + "Pp", max_size=120)))
@settings(max_examples=300, deadline=None)
def test_a_phrase_scan_from_the_character_before_finds_what_finditer_finds(text):
    for pattern, after in ((_CO_PHRASE_RE, _CO_PHRASE_AFTER_RE), (_ROLE_PHRASE_RE, _ROLE_PHRASE_AFTER_RE)):
        plain = [(m.start("t"), m.end(), m.groupdict()) for m in pattern.finditer(text)]
        scanned = [(m.start("t"), m.end(), m.groupdict()) for m in _phrases(pattern, after, text)]
        assert scanned == plain


def test_a_phrase_at_the_very_start_and_one_after_it_are_both_found():
    text = "at Acme for the Data Analyst role at Globex"
    found = [(m.start("t"), m.group("t"), m.group("s")) for m in _phrases(_CO_PHRASE_RE, _CO_PHRASE_AFTER_RE, text)]
    assert found == [(0, "at", "Acme"), (8, "for", "Data Analyst"), (29, "role at", "Globex")]
