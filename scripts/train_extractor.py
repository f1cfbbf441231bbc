"""Train the company / role ranker on the project's own labelled emails and write models/onward-extractor.json.

    python scripts/train_extractor.py [--data data/extraction/labelled.jsonl] [--folds 5] [--out models/...]

Each email's candidates (agent.extract.candidates) are labelled by whether they match the email's answer;
one logistic regression per field learns the feature weights. Measured first by family held out (GroupKFold
over the templates: a template is never on both sides), which also picks each field's threshold - the
lowest probability whose held-out wrong answers stay within --max-wrong; then trained on everything.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agent.extract.candidates import Candidate, Field, candidates  # noqa: E402
from agent.extract.cleaning import role_key  # noqa: E402
from agent.extract.evaluation import Outcome, judge_company, judge_role  # noqa: E402
from agent.extract.extractor import BODY_CHARS, email_of, role_beside  # noqa: E402
from agent.extract.names import initials, normalize_company, strip_quoted  # noqa: E402
from agent.extract.ranker import FORMAT_VERSION, FieldWeights, Ranker  # noqa: E402

RULE_THRESHOLD = 0.5  # the probability the ranker's rules (fuller name, spelled-out abbreviation) ask of a candidate


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def email_candidates(row: dict[str, Any]) -> list[Candidate]:
    email = email_of(row.get("subject") or "", row.get("body") or "", row.get("from") or "")
    return candidates(email, strip_quoted((email.text or "")[:BODY_CHARS]))


def gold_key(row: dict[str, Any], fld: Field) -> str:
    value = row.get(fld.value)
    if not value:
        return ""
    return normalize_company(value) if fld == Field.COMPANY else role_key(value)


def fit(cands: list[list[Candidate]], rows: list[dict[str, Any]], fld: Field, c: float) -> tuple[float, dict[str, float]]:
    feats, ys = [], []
    for cs, row in zip(cands, rows, strict=True):
        gold = gold_key(row, fld)
        abbreviation = initials(row[fld.value]) if fld == Field.COMPANY and gold else ""
        for cand in cs:
            if cand.field == fld and not (abbreviation and cand.key == abbreviation):
                # the gold name's abbreviation ("HL" for Houlihan Lokey) is neither right nor wrong here: the
                # ranker's rule swaps it for the spelled-out name, so it must not teach "display names are wrong"
                feats.append({f: 1 for f in cand.features})
                ys.append(int(bool(gold) and cand.key == gold))
    vec = DictVectorizer()
    x = vec.fit_transform(feats)
    model = LogisticRegression(C=c, max_iter=2000, class_weight={0: 1.0, 1: 3.0})
    model.fit(x, np.array(ys))
    weights = {name: round(float(w), 5) for name, w in zip(vec.get_feature_names_out(), model.coef_[0], strict=True)
               if abs(w) > 1e-4}
    return float(model.intercept_[0]), weights


def predict(cs: list[Candidate], fld: Field, bias: float, weights: dict[str, float]) -> tuple[str | None, float]:
    """The shipped ranker's answer (its rules included), before any threshold: the threshold is picked from these."""
    ranker = Ranker({fld: FieldWeights(bias, weights, RULE_THRESHOLD)})
    best, p = ranker.best(fld, cs)
    if best is None:  # below RULE_THRESHOLD: the top candidate by score alone
        scorer = ranker.fields[fld]
        best = max((c for c in cs if c.field == fld), key=scorer.score, default=None)
    return (best.text if best is not None else None), p


def pick_threshold(scored: list[tuple[str | None, float, str | None]], fld: Field, max_wrong: float) -> float:
    judge = judge_company if fld == Field.COMPANY else judge_role
    best_t, best_correct = 0.5, -1
    for t in np.arange(0.05, 0.96, 0.025):
        outs = [judge(gold, text if p >= t else None) for text, p, gold in scored]
        wrong = sum(o == Outcome.WRONG for o in outs) / len(outs)
        correct = sum(o == Outcome.CORRECT for o in outs)
        if wrong <= max_wrong and correct > best_correct:
            best_t, best_correct = float(t), correct
    return round(best_t, 3)


def extend_down(scored: list[tuple[str | None, float, str | None]], fld: Field, start: float, lowest: float,
                precision: float, max_wrong: float) -> float:
    """The threshold below ``start`` (the floor) down to ``lowest``: the lowest value whose answers gained - those
    scored in [t, start) - are right at least ``precision`` of the time held out, the wrong answers in all staying
    within ``max_wrong``. The ranker's probabilities are learned on the families it was trained on; on a family it
    has not seen, the top candidate at 0.2-0.5 is still almost always right, and a fixed floor would drop it."""
    judge = judge_company if fld == Field.COMPANY else judge_role
    best = start
    for t in np.arange(start - 0.025, lowest - 1e-9, -0.025):
        band = [judge(gold, text) for text, p, gold in scored if t <= p < start]
        right = sum(o == Outcome.CORRECT for o in band)
        wrong = sum(judge(gold, text if p >= t else None) == Outcome.WRONG for text, p, gold in scored)
        if band and right >= precision * len(band) and wrong <= max_wrong * len(scored):
            best = float(t)
    return round(best, 3)


def report_wrong(rows: list[dict[str, Any]], scored: list[tuple[str | None, float, str | None]], judge: Any,
                 threshold: float) -> None:
    """The families with the most wrong held-out answers at ``threshold``, one example each."""
    worst: dict[str, list[tuple[str | None, str | None, float]]] = {}
    for row, (text, p, gold) in zip(rows, scored, strict=True):
        if judge(gold, text if p >= threshold else None) == Outcome.WRONG:
            worst.setdefault(row["family"], []).append((gold, text, p))
    for fam, cases in sorted(worst.items(), key=lambda kv: -len(kv[1]))[:8]:
        gold, text, p = cases[0]
        print(f"   wrong at {threshold}: {fam}: {len(cases)}, e.g. want {gold!r} got {text!r} ({p:.2f})")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT / "data/extraction/labelled.jsonl")
    ap.add_argument("--out", type=Path, default=ROOT / "models/onward-extractor.json")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--max-wrong", type=float, default=0.03)
    ap.add_argument("--min-threshold", type=float, default=0.5,
                    help="never trust a company below this probability, whatever the folds allow")
    ap.add_argument("--band-precision", type=float, default=0.85,
                    help="below --min-threshold, a company is trusted down to the lowest probability whose answers "
                         "gained are right this often held out (role: never below --min-role-threshold)")
    ap.add_argument("--lowest-threshold", type=float, default=0.2, help="the company threshold never goes below this")
    ap.add_argument("--min-role-threshold", type=float, default=0.6,
                    help="the same for roles (a wrong role ends up in a note the user may send)")
    args = ap.parse_args(argv)
    rows = load(args.data)
    cands = [email_candidates(r) for r in rows]
    groups = np.array([r["family"] for r in rows])
    out: dict[str, Any] = {"format": FORMAT_VERSION, "fields": {}, "trained": {
        "date": datetime.now(UTC).strftime("%Y-%m-%d"), "data": str(args.data.relative_to(ROOT)), "emails": len(rows),
        "families": len(set(groups)), "folds": args.folds, "c": args.c}, "held_out": {}}
    companies: list[str | None] = [None] * len(rows)  # the held-out company answers, for the role's joint rule
    for fld in (Field.COMPANY, Field.ROLE):
        scored: list[tuple[str | None, float, str | None]] = [(None, 0.0, None)] * len(rows)
        for train_idx, test_idx in GroupKFold(n_splits=args.folds).split(rows, groups=groups):
            bias, weights = fit([cands[i] for i in train_idx], [rows[i] for i in train_idx], fld, args.c)
            for i in test_idx:
                text, p = predict(cands[i], fld, bias, weights)
                if fld == Field.ROLE:
                    text = role_beside(companies[i], text)
                scored[i] = (text, p, rows[i].get(fld.value))
        floor = args.min_threshold if fld == Field.COMPANY else args.min_role_threshold
        threshold = max(floor, pick_threshold(scored, fld, args.max_wrong))
        if fld == Field.COMPANY and threshold <= floor:
            threshold = extend_down(scored, fld, threshold, args.lowest_threshold, args.band_precision, args.max_wrong)
        if fld == Field.COMPANY:
            companies = [text if p >= threshold else None for text, p, _gold in scored]
        judge = judge_company if fld == Field.COMPANY else judge_role
        outs = [judge(gold, text if p >= threshold else None) for text, p, gold in scored]
        held = {str(o): round(sum(x == o for x in outs) / len(outs), 4) for o in Outcome}
        by_lang: dict[str, dict[str, int]] = {}
        for row, o in zip(rows, outs, strict=True):
            d = by_lang.setdefault(row["lang"], {str(x): 0 for x in Outcome})
            d[str(o)] += 1
        out["held_out"][fld.value] = {"by_family_folds": held, "by_lang": by_lang}
        print(f"{fld}: held-out by family: {held}  threshold {threshold}")
        report_wrong(rows, scored, judge, threshold)
        for lang, d in sorted(by_lang.items()):
            print(f"   {lang}: {d}")
        bias, weights = fit(cands, rows, fld, args.c)
        out["fields"][fld.value] = {"bias": round(bias, 5), "threshold": threshold, "weights": dict(sorted(weights.items()))}
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
