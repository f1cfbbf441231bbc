"""Every shipped note, in every language, kind and stage, rendered in the four cases of tests/draft_cases.py
and checked for what a fluent reader would catch first; the renderings are kept as reviewed snapshots
(tests/snapshots/drafts/), so a change to a note is a visible diff.

Regenerate the snapshots after changing a template on purpose, then read the diff before committing:
    ONWARD_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest -q tests/unit/test_drafts.py
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import pytest

from agent.config import FollowupSettings
from agent.followups import language, templates
from agent.followups.draft import write_note
from tests import draft_cases as dc

ALL = dc.every()
SNAPSHOTS = Path(__file__).resolve().parents[1] / "snapshots" / "drafts"
CLOSINGS = ("Best regards,", "Mit freundlichen Grüßen", "Bien cordialement,", "Un cordial saludo,",
            "Cordiali saluti,", "Met vriendelijke groet,", "Atenciosamente,", "Com os melhores cumprimentos,")


def _id(r: dc.Rendered) -> str:
    return f"{r.kind}/{r.stage}.{r.tag}:{r.case}"


def _text(r: dc.Rendered) -> str:
    """The note's own words: its body between the greeting and the closing, and its subject."""
    lines = r.note.body.split("\n")[1:]
    for i, line in enumerate(lines):
        if line in CLOSINGS:
            lines = lines[:i]
            break
    return "\n".join(lines).strip()


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!;:])\s+|\n+", text) if s.strip()]


every = pytest.mark.parametrize("r", ALL, ids=_id)


# -- snapshots ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("tag", dc.TAGS)
@pytest.mark.parametrize("kind, stage", dc.KINDS)
def test_renderings_match_the_reviewed_snapshots(tag, kind, stage):
    path = SNAPSHOTS / kind / f"{stage}.{tag}.txt"
    text = dc.snapshot_text(tag, kind, stage)
    if os.environ.get("ONWARD_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"no snapshot {path}: regenerate with ONWARD_UPDATE_SNAPSHOTS=1 (see this module)"
    assert text == path.read_text(encoding="utf-8"), f"{kind}/{stage}.{tag} changed: review it, then regenerate"


# -- grammar the words filled in must not break ----------------------------------------------------------

@every
def test_french_elides_before_a_vowel(r):
    if r.tag == "fr":
        for text in (r.note.body, r.note.subject or ""):
            assert not re.search(r"\b(?:de|que|le|je|ne|me|se)\s+[aeiouyàâäéèêëîïôöûüœ]", text, re.IGNORECASE), text


@every
def test_no_gender_tag_or_requisition_number_reaches_a_note(r):
    for text in (r.note.body, r.note.subject or ""):
        assert not re.search(r"\((?:\s*[a-z]\s*/)+\s*[a-z]\s*\)|\b[FHMW]/[FHMWD]\b|#\s*\d|\bR[eé]f\.|\bRif\.|Cód\.|"
                             r"vacaturenummer|Req\b|Vollzeit", text, re.IGNORECASE), text


_DOUBLED_ARTICLE = {
    "pt": r"\b(?:[Dd]e|[Ee]m|[Nn]a|[Nn]o|[Dd]a|[Dd]o|[Pp]or|A|O)\s+(?:O|A|Os|As)\s+[A-Z]",
    "es": r"\b(?:de|a)\s+El\s",
    "it": r"\b(?:di|a|da|in|su)\s+(?:Il|Lo|La|L'|I|Gli|Le)\b",
    "fr": r"\b(?:de|à)\s+(?:Le|Les)\s",
    "de": r"\b(?:bei|an|von|zu|in)\s+(?:Der|Die|Das)\s",
}


@every
def test_no_article_is_doubled_or_left_uncontracted(r):
    """"O Boticário" is never "A O Boticário" nor "de O Boticário"; "El Corte Inglés" is "del Corte Inglés"."""
    base = language.base_language(r.tag)
    for text in (r.note.body, r.note.subject or ""):
        assert not re.search(r"\b(\w+)\s+\1\b", text, re.IGNORECASE), text
        if base in _DOUBLED_ARTICLE:
            assert not re.search(_DOUBLED_ARTICLE[base], text), text


# singular and plural forms of the verbs the notes use, per greeting number
_SINGULAR = {
    "es": r"\b(?:dedicó|tiene|podría|Podría|prevé|necesita|Le escribo|Le escribí|me tuviera)\b",
    "pt-BR": r"\b(?:dedicou|tiver|poderia|Poderia|pretende|ter considerado|me informar a|Sua empresa)\b",
    "pt-PT": r"\b(?:dedicou|tiver|poderia|Poderia|prevê|a sua|A sua)\b",
}
_PLURAL = {
    "es": r"\b(?:dedicaron|tienen|podrían|Podrían|prevén|necesitan|Les escribo|Les escribí|me tuvieran)\b",
    "pt-BR": r"\b(?:dedicaram|tiverem|poderiam|pretendem|terem|informarem|vocês|Vocês)\b",
    "pt-PT": r"\b(?:dedicaram|tiverem|poderiam|Poderiam|preveem|vossa|Vossa)\b",
}


@every
def test_the_body_speaks_to_as_many_as_the_greeting(r):
    """No named person: the greeting addresses a team and the verbs are plural ("Estimado equipo de
    selección: … les agradecería"); a person: singular."""
    many = language.greets_many(r.tag, dc.facts_for(r.tag, r.kind, r.stage, r.case).contact)
    if r.tag in _SINGULAR:
        wrong = _SINGULAR[r.tag] if many else _PLURAL[r.tag]
        assert not re.search(wrong, _text(r)), _text(r)
    if r.case == "named":
        assert not many
    elif r.tag in ("es", "pt-BR", "pt-PT", "en", "de"):
        assert many


@every
def test_a_greeting_names_a_person_or_no_one(r):
    """A department's display name ("Equipa de Recrutamento O Boticário") gets the language's neutral form."""
    greeting = r.note.body.split("\n", 1)[0]
    assert not re.search(r"Lumen|Acme|Boticário|Rinascente|Bijenkorf|Monde|Zeit|Corte|Guardian", greeting), greeting
    if r.case != "named":
        assert greeting == language.salutation(r.tag, None)
    else:
        surname = dc.PEOPLE[r.tag][0].split()[-1]
        assert surname in greeting


_TITLE_KEPT = {"de": "Frau Dr. Schmidt", "it": "Dott. De Rossi", "pt-BR": "Dra. Costa", "en": "Dr. Miller"}


@pytest.mark.parametrize("tag", sorted(_TITLE_KEPT))
def test_titles_are_kept_where_etiquette_keeps_them(tag):
    assert _TITLE_KEPT[tag] in dc.render(tag, "rejection_thanks", "after_application", "named").note.body


# -- only what the record knows -------------------------------------------------------------------------

_VAGUE_TIME = (r"few weeks|some time ago|recently|einiger Zeit|einigen Wochen|quelques semaines|unas semanas|"
               r"hace un tiempo|hace poco|qualche settimana|di recente|enkele weken|onlangs|algumas semanas|há pouco")
_MONTHS = r"November|novembre|noviembre|november|novembro|December|Dezember|décembre|diciembre|dicembre|december|dezembro"


@every
def test_no_timing_the_record_does_not_know(r):
    text = _text(r)
    assert not re.search(_VAGUE_TIME, text, re.IGNORECASE), text
    f = dc.facts_for(r.tag, r.kind, r.stage, r.case)
    known = [d for d in (f.applied_day, f.interview_day, f.previous_day) if d is not None]
    if not known:
        assert not re.search(_MONTHS, text), text
    for match in re.finditer(r"\b(\d{1,2})(?:\.|er|°)?\s+(?:de\s+)?(?:" + _MONTHS + ")", text):
        assert int(match.group(1)) in {d.day for d in known}, text


_PLURAL_INTERVIEWS = {"en": r"\binterviews\b", "de": r"Gesprächen", "fr": r"\bentretiens\b",
                      "es": r"\bentrevistas\b", "it": r"\bcolloqui\b", "nl": r"\bgesprekken\b", "pt": r"\bentrevistas\b"}


@every
def test_interviews_are_counted_as_the_record_counts_them(r):
    """"the interviews" only after two; the rejection after interviews says how many there were."""
    f = dc.facts_for(r.tag, r.kind, r.stage, r.case)
    plural = re.search(_PLURAL_INTERVIEWS[language.base_language(r.tag)], _text(r))
    if f.interviews <= 1:
        assert not plural, _text(r)
    elif r.kind == "rejection_thanks":
        assert plural, _text(r)


_RATINGS = r"pleasant|enjoyed our|freundliche[sn]? Gespräch|agréable|agradable|piacevole|prettig|agradável"


@every
def test_the_conversation_is_never_rated(r):
    assert not re.search(_RATINGS, _text(r), re.IGNORECASE)


@every
def test_no_pronoun_without_referent_and_no_company_made_of_a_domain(r):
    assert not re.search(r"\bIt confirmed\b", r.note.body)
    assert "Lumen Fr" not in r.note.body and "Lumen Fr" not in (r.note.subject or "")


# -- style: what looks machine-made ----------------------------------------------------------------------

_FUNCTION_WORDS = frozenset("""would about their there which could thank where while ihnen ihrer ihren meine meiner
    meinen einer einen nicht sowie votre notre vous nous pour avec cette dans sobre para cualquier quedo nuestra
    nella della delle degli questo quella vostra vostro nostro graag heeft hebben voor zijn mijnen desde porque
    quando sobre pelos pelas nossa minha""".split())


@every
def test_no_word_repeated_in_adjacent_sentences(r):
    f = dc.facts_for(r.tag, r.kind, r.stage, r.case)
    own = {w.casefold() for w in re.findall(r"\w+", f"{f.company} {f.role} Alex Doe")}
    sentences = _sentences(_text(r))
    for a, b in zip(sentences, sentences[1:], strict=False):
        words_a = {w.casefold() for w in re.findall(r"\w{5,}", a)} - own - _FUNCTION_WORDS
        words_b = {w.casefold() for w in re.findall(r"\w{5,}", b)} - own - _FUNCTION_WORDS
        assert not words_a & words_b, f"{words_a & words_b} in: {a!r} / {b!r}"


@every
def test_portuguese_is_one_variant_only(r):
    text = f"{r.note.body}\n{r.note.subject}"
    if r.tag == "pt-BR":
        assert not re.search(r"\bequipa\b|\bcontacto\b|ao dispor|\ba minha\b|\bo meu\b|cumprimentos|-me\b|-lhe|"
                             r"\bA minha\b|\bExm[oa]s?\.", text), text
    if r.tag == "pt-PT":
        assert not re.search(r"\bequipe\b|\bcontato\b|Atenciosamente|\bvocês?\b|continua me|me informar|me indicar|"
                             r"me candidatar|\bPrezad[oa]s?\b|\bMinha\b", text), text


@every
def test_a_note_is_short_and_complete(r):
    words = len(_text(r).split())
    assert 12 <= words <= 110, words
    assert "{" not in r.note.body and "None" not in r.note.body and "\n\n\n" not in r.note.body
    assert not re.search(r"\w/(?:a|e|o|in)\b", r.note.body)  # nothing that needs the writer's gender
    assert r.note.body.rstrip().endswith("Alex Doe\n+1 555 0100".rstrip())


@pytest.mark.parametrize("tag", dc.TAGS)
@pytest.mark.parametrize("stage", ["after_application", "after_interview"])
def test_a_second_check_in_is_shorter_and_refers_to_the_first(tag, stage):
    first = dc.render(tag, "check_in", stage, "nobody").note.body
    second = dc.render(tag, "check_in", stage, "domain").note.body  # check_in=2, the first sent on 24 November
    assert len(second.split()) < len(first.split()) - 8
    assert re.search(r"24\.? (?:de )?(?:November|novembre|noviembre|november|novembro)", second), second


_SUBJECT_WORDS = {"en": r"application|interview", "de": r"Bewerbung|Gespräch", "fr": r"andidature|entretien",
                  "es": r"andidatura|entrevista", "it": r"andidatura|colloquio", "nl": r"ollicitatie|gesprek",
                  "pt": r"andidatura|entrevista"}


@every
def test_a_subject_onward_writes_is_in_the_draft_s_language(r):
    subject = r.note.subject or ""
    base = language.base_language(r.tag)
    assert re.search(_SUBJECT_WORDS[base], subject, re.IGNORECASE), subject
    if base != "en":
        assert not re.search(r"Application|Interview|Thank you", subject), subject


def test_a_note_that_answers_an_email_keeps_its_subject():
    assert dc.render("de", "check_in", "after_application", "named", answers_email=True).note.subject is None


def test_the_examples_in_docs_drafts_are_what_the_templates_write():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "drafts.md").read_text(encoding="utf-8")
    examples = re.findall(r"<!-- example (\S+)/(\S+) (\S+) (\S+) -->\n```text\n(.*?)```", doc, re.DOTALL)
    assert {tag for _, _, tag, _, _ in examples} == set(dc.TAGS)  # one per language at least
    for kind, stage, tag, case, body in examples:
        assert body == dc.render(tag, kind, stage, case).note.body, f"docs/drafts.md: {kind}/{stage} {tag} {case}"


@pytest.mark.parametrize("kind, stage", dc.KINDS)
@pytest.mark.parametrize("case", dc.CASES)
def test_a_language_without_templates_is_written_wholly_in_english(kind, stage, case):
    settings = FollowupSettings(your_name="Alex Doe", signature="+1 555 0100")
    template = templates.load(settings, kind, stage, "sv")
    assert template.language == "en"
    facts = dataclasses.replace(dc.facts_for("en", kind, stage, case), language="sv")
    assert write_note(facts, template, settings, answers_email=False) == dc.render("en", kind, stage, case).note
