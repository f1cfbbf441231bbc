"""Stage and context mail for the training corpus (``data/corpus/stages.jsonl``), built by
``data/build_corpus.py`` from ``data/corpus_src/stages_<lang>.toml``.

Four kinds of mail in all seven languages, written for the project:
  * refusals that have nothing to do with a job (a flat, a booking, an order, a course or school place,
    a loan, a visa, a paper/talk/grant, a membership, a date, an insurance claim ...), label ``other``;
    family ``st-<lang>-other-<domain>``, so grouped cross-validation holds out a whole domain;
  * every way a company says no (informal, structural, negated offers, understated, after an interview,
    after an assessment, passed on by a recruiter), label ``rejection``;
  * interview invitations of every kind (asks for times, scheduling links, phone screens, quick chats,
    panels and on-site days, reschedules, corporate invitations), label ``interview``;
  * assessments (online tests, take-homes, one-way video), label ``assessment``;
  * acknowledgements that mention a test or an interview to come, label ``acknowledgement``;
  * short offers, label ``offer``; and rejections and interviews for roles in the trades the non-job
    refusals come from (kind ``industry``).
Job mail has one family per key sentence (``st-<lang>-<label>-<kind>-<i>``): held out by family, the
model is measured on sentences it never saw.
"""
from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Callable
from pathlib import Path

LANGS = ("en", "de", "fr", "es", "it", "nl", "pt")
KINDS = {
    # "industry": job mail for roles in the trades the non-job refusals come from (claims handler, lettings
    # negotiator, loan officer ...), so a domain's words alone never mean "not a job"
    # "relay": a recruiter or agency passing on the employer's no ("the client has gone with another candidate")
    "rejection": ("informal", "structural", "negated", "understated", "after_interview", "after_assessment",
                  "industry", "relay"),
    "interview": ("times", "link", "phone", "chat", "panel", "reschedule", "corporate", "industry"),
    "assessment": ("lines",),
    "acknowledgement": ("lines",),  # acknowledgements that mention a test or an interview to come
    "offer": ("lines",),  # short offers ("candidature retenue", "Zusage"), beside the refusals that share words
}
PER_LINE = {"rejection": 3, "interview": 3, "assessment": 4, "acknowledgement": 3, "offer": 3, "other": 3}
# A generated interview whose body holds one of these (case and accents ignored: the generator also writes
# mail in capitals and without accents) is an assessment invitation (the generator's tables predate the label).
ASSESSMENT_MARKS = ("you will receive a link from hackerrank", "please complete the codility coding challenge",
                    "vous invitons à réaliser un test technique en ligne", "una prueba técnica online",
                    "een online assessment te maken", "realize um teste online")


def is_assessment_invitation(body: str) -> bool:
    """True when a generated interview's body is an assessment invitation (see ASSESSMENT_MARKS)."""
    low = _fold(body)
    return any(_fold(m) in low for m in ASSESSMENT_MARKS)


def _fold(text: str) -> str:
    """Lower case without accents (the generator also writes accent-stripped mail)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def load(src: Path) -> dict[str, dict]:
    out = {}
    for lang in LANGS:
        with (src / f"stages_{lang}.toml").open("rb") as f:
            out[lang] = tomllib.load(f)
    return out


def build(g, tables: dict[str, dict], fmt: Callable[[str, dict], str], cap: Callable[[str], str]) -> list[dict]:
    """All stage mail, drawn with the generator ``g`` (data/build_corpus.Gen: ctx, sender, pick, r)."""
    rows: list[dict] = []

    def email(lang: str, label: str, family: str, subject: str, lines: list[str], frm: str, c: dict) -> None:
        t = tables[lang]
        greet = fmt(g.pick(t["greet"]), c)
        body = [fmt(x, c) for x in lines if x]
        # German goes on in lower case after "Hallo Ben,"; every other sentence starts with a capital
        body = [x if (i == 0 and greet and lang == "de") else cap(x) for i, x in enumerate(body)]
        text = "\n\n".join(([greet] if greet else []) + [" ".join(body)]
                           + [fmt(g.pick(t["close"]), c) + "\n" + c["int1"]])
        rows.append({"id": f"st-{label[:3]}-{lang}-{len(rows) + 1:04d}", "subject": fmt(subject, c), "body": text,
                     "from": frm, "label": label, "lang": lang, "kind": "stages", "family": family})

    for lang in LANGS:
        t = tables[lang]
        for domain, d in t["nonjob"].items():
            for no in d["no"]:
                for _ in range(PER_LINE["other"]):
                    c = g.ctx(lang)
                    lines = [g.pick(d["open"]), no] if g.r.random() < 0.8 else [no, g.pick(d["open"])]
                    email(lang, "other", f"st-{lang}-other-{domain}", g.pick(d["subject"]), lines,
                          fmt(g.pick(d["from"]), c), c)
        for label, kinds in KINDS.items():
            tl = t[label]
            for kind in kinds:
                for i, line in enumerate(tl[kind]):
                    for _ in range(PER_LINE[label]):
                        c = g.ctx(lang)
                        frm, _vendor = g.sender(c, g.pick(["person", "person", "greenhouse", "lever", "direct"]))
                        lines = [g.pick(tl["open"]) if "open" in tl else "", line]
                        email(lang, label, f"st-{lang}-{label}-{kind}-{i}", g.pick(tl["subject"]), lines, frm, c)
    return rows
