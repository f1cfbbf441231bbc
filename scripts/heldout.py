"""Figures of the grouped cross-validation by kind of mail, for the model card: every family held out.

``heldout_tables(examples, predicted)`` takes the corpus and the out-of-fold labels of a grouped CV (each
template family, and each key sentence of the stage mail, is held out as a whole) and gives the
classifier's goals as markdown and as a dict for the metadata:

* English rejections: precision, recall, acknowledgements called rejections;
* refusals that are not about a job, called rejection, per language; `other` recall per language;
* informal / structural / negated / understated rejections and those after an interview or an assessment;
* interviews by kind, and acknowledgements and rejections called interview;
* assessments: precision and recall.
"""
from __future__ import annotations

from collections.abc import Sequence

LANGS = ("en", "de", "fr", "es", "it", "nl", "pt")


def _ratio(k: int, n: int) -> str:
    return f"{k}/{n} ({k / n:.3f})" if n else "-"


def _kind(family: str) -> str:
    """st-<lang>-<label>-<kind>-<i> -> <kind>; st-<lang>-other-<domain> -> <domain>."""
    parts = family.split("-")
    return parts[3] if len(parts) > 3 else ""


def heldout_tables(examples: Sequence, predicted: Sequence[str]) -> tuple[str, dict]:
    rows = list(zip(examples, predicted, strict=True))
    out: dict = {}
    md: list[str] = []

    en = [(e, p) for e, p in rows if e.lang == "en"]
    tp = sum(e.label == "rejection" and p == "rejection" for e, p in en)
    called = sum(p == "rejection" for _, p in en)
    real = sum(e.label == "rejection" for e, _ in en)
    acks = [p for e, p in en if e.label == "acknowledgement"]
    out["english_rejection"] = {"precision": round(tp / called, 4) if called else None,
                                "recall": round(tp / real, 4) if real else None, "n": real,
                                "ack_called_rejection": sum(p == "rejection" for p in acks), "acks": len(acks)}
    md.append("| English rejections (whole corpus) | precision | recall | acks called rejections |\n|---|---:|---:|---:|\n"
              f"| {real} | {out['english_rejection']['precision']} | {out['english_rejection']['recall']} | "
              f"{_ratio(out['english_rejection']['ack_called_rejection'], len(acks))} |")

    lines = ["| language | non-job refusals called rejection | non-job refusals called any job label | "
             "`other` recall (whole corpus) |", "|---|---:|---:|---:|"]
    out["nonjob"] = {}
    for lang in LANGS:
        nj = [p for e, p in rows if e.lang == lang and e.family.startswith(f"st-{lang}-other-")]
        oth = [p for e, p in rows if e.lang == lang and e.label == "other"]
        rej, job = sum(p == "rejection" for p in nj), sum(p != "other" for p in nj)
        ok = sum(p == "other" for p in oth)
        out["nonjob"][lang] = {"n": len(nj), "called_rejection": rej, "called_job": job,
                               "other_recall": round(ok / len(oth), 4) if oth else None, "other_n": len(oth)}
        lines.append(f"| {lang} | {_ratio(rej, len(nj))} | {_ratio(job, len(nj))} | {_ratio(ok, len(oth))} |")
    md.append("\n".join(lines))

    lines = ["| kind of rejection (stage mail) | " + " | ".join(LANGS) + " | all |", "|---|" + "---:|" * (len(LANGS) + 1)]
    out["rejection_kinds"] = {}
    for kind in ("informal", "structural", "negated", "understated", "after_interview", "after_assessment", "industry",
                 "relay"):
        cells, got_all, n_all = [], 0, 0
        for lang in LANGS:
            ps = [p for e, p in rows if e.family.startswith(f"st-{lang}-rejection-{kind}-")]
            got = sum(p == "rejection" for p in ps)
            got_all, n_all = got_all + got, n_all + len(ps)
            cells.append(f"{got}/{len(ps)}" if ps else "-")
        out["rejection_kinds"][kind] = {"recalled": got_all, "n": n_all}
        lines.append(f"| {kind} | " + " | ".join(cells) + f" | {_ratio(got_all, n_all)} |")
    hw = [p for e, p in rows if e.kind == "handwritten" and e.label == "rejection"]
    got = sum(p == "rejection" for p in hw)
    out["rejection_kinds"]["handwritten"] = {"recalled": got, "n": len(hw)}
    lines.append("| hand-written (each its own family) | " + " | ".join("" for _ in LANGS) + f" | {_ratio(got, len(hw))} |")
    md.append("\n".join(lines))

    lines = ["| kind of interview | recalled | called assessment | called offer |", "|---|---:|---:|---:|"]
    out["interview_kinds"] = {}
    for kind in ("times", "link", "phone", "chat", "panel", "reschedule", "corporate", "industry"):
        ps = [p for e, p in rows if e.kind == "stages" and e.label == "interview" and _kind(e.family) == kind]
        got = sum(p == "interview" for p in ps)
        out["interview_kinds"][kind] = {"recalled": got, "n": len(ps)}
        lines.append(f"| {kind} (7 languages) | {_ratio(got, len(ps))} | {sum(p == 'assessment' for p in ps)} | "
                     f"{sum(p == 'offer' for p in ps)} |")
    for name, sel in (("hand-written", lambda e: e.kind == "handwritten"), ("generated", lambda e: e.kind == "generated"),
                      ("all", lambda e: True)):
        ps = [p for e, p in rows if e.label == "interview" and sel(e)]
        got = sum(p == "interview" for p in ps)
        out["interview_kinds"][name] = {"recalled": got, "n": len(ps)}
        lines.append(f"| {name} | {_ratio(got, len(ps))} | {sum(p == 'assessment' for p in ps)} | "
                     f"{sum(p == 'offer' for p in ps)} |")
    ar = [p for e, p in rows if e.label in ("acknowledgement", "rejection")]
    called_int = sum(p == "interview" for p in ar)
    out["ack_rejection_called_interview"] = {"n": len(ar), "called": called_int}
    lines.append(f"\nAcknowledgements and rejections called interview: {_ratio(called_int, len(ar))}.")
    md.append("\n".join(lines))

    tp = sum(e.label == "assessment" and p == "assessment" for e, p in rows)
    called = sum(p == "assessment" for _, p in rows)
    real = sum(e.label == "assessment" for e, _ in rows)
    out["assessment"] = {"precision": round(tp / called, 4) if called else None,
                         "recall": round(tp / real, 4) if real else None, "n": real, "called": called}
    md.append(f"Assessments: precision {_ratio(tp, called)}, recall {_ratio(tp, real)}.")
    return "\n\n".join(md), out
