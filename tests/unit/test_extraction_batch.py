"""What a subject or a sender's display name offers is worked out once and given again to every email that
carries it: an email's candidates (every feature, every source) are the same whether it comes first, after
emails sharing its subject or sender, or with every memo cleared. The emails are written for the test."""

from __future__ import annotations

import functools
from itertools import permutations

from agent.extract import candidates as candidates_module
from agent.extract import cleaning, lexicon, names, ranker, relays
from agent.extract.candidates import candidates
from agent.extract.extractor import BODY_CHARS, email_of, extract
from agent.extract.names import strip_quoted

EMAILS = [
    ("Thank you for applying - Data Analyst", "Hi Sam,\n\nThank you for applying to Harbourline for the Data "
     "Analyst position.\n\nBest regards,\nThe Harbourline Recruiting Team", "Harbourline Careers <jobs@harbourline.com>"),
    ("Thank you for applying - Data Analyst", "Hello,\n\nWe received your application for the Data Analyst role at "
     "Quillmoor. Unfortunately we will not move forward.\n\nKind regards,\nQuillmoor Talent", "Harbourline Careers "
     "<jobs@harbourline.com>"),
    ("Your application to Tallowfield", "Dear Sam,\n\nThanks for applying for the position of Backend Engineer "
     "(m/w/d).\n\nTallowfield", "Tallowfield via Greenhouse <no-reply@greenhouse.io>"),
    ("Re: Thank you for applying - Data Analyst", "Hi,\nYour application for Senior Data Analyst - Berlin has been "
     "received.\nCheers,\nPriya Raman\nOsterhaus GmbH", "Priya Raman <priya@osterhaus.de>"),
]


def _clear() -> None:
    for module in (candidates_module, cleaning, lexicon, names, ranker, relays):
        for value in list(vars(module).values()):
            info = getattr(value, "cache_info", None)
            if callable(info) and info().maxsize is not None:
                value.cache_clear()


def _snapshot(subject: str, body: str, sender: str) -> list[tuple[object, ...]]:
    email = email_of(subject, body, sender)
    return sorted((str(c.field), c.key, c.text, str(c.source), tuple(sorted(c.features)), c.mentions,
                   tuple(sorted(map(str, c.sources))))
                  for c in candidates(email, strip_quoted(email.text[:BODY_CHARS])))


@functools.cache
def _alone() -> dict[int, list[tuple[object, ...]]]:
    found = {}
    for i, mail in enumerate(EMAILS):
        _clear()
        found[i] = _snapshot(*mail)
    return found


def test_an_emails_candidates_do_not_depend_on_the_emails_before_it():
    alone = _alone()
    # the subject's segment features, and their conjunctions, reach the candidates given from the memo
    analyst = next(c for c in alone[0] if c[0] == "role" and c[2] == "Data Analyst")
    assert {"role:seg_pos=last", "role:seg_before=-", "role:seg_pos=last&roleword"} <= set(analyst[4])
    for order in permutations(range(len(EMAILS))):
        _clear()
        for i in order:
            assert _snapshot(*EMAILS[i]) == alone[i], (order, i)


def test_the_same_email_twice_gives_the_same_extraction():
    _clear()
    first = [extract(email_of(*mail)) for mail in EMAILS]
    again = [extract(email_of(*mail)) for mail in EMAILS]
    assert first == again
    assert first[0].company.text == "Harbourline" and first[0].role.text == "Data Analyst"
