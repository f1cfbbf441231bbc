"""Commands over the classifier: classify, evaluate, train (no mailbox needed)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from agent.cli.common import (
    EXIT_CONFIG,
    EXIT_OK,
    emit_json,
    load_classifier,
    model_path,
    open_store,
    personal_model_path,
    print_table,
    settings_for,
)


def cmd_classify(args: argparse.Namespace) -> int:
    from agent.inputs import read_inputs
    from agent.model.classifier import EmailText
    settings = settings_for(args, required=False)
    clf = load_classifier(settings)
    problems: list[str] = []
    items = read_inputs(args.files, problems)
    for problem in problems:  # each bad file once; the others are classified, and the exit code says so
        print(f"onward: input: {problem}", file=sys.stderr)
    threshold = settings.classifier.rejection_threshold
    if threshold is None:
        threshold = clf.threshold
    texts = [EmailText(subject=i.subject, body=i.body, sender=i.sender) for i in items]
    preds = clf.predict(texts, threshold) if items else []
    out = []
    for item, pred in zip(items, preds, strict=True):
        row: dict[str, Any] = {"id": item.id, "label": pred.label, "confidence": round(float(pred.confidence), 4),
                               "is_rejection": pred.label == "rejection"}
        if args.explain:
            row["explanation"] = [{"phrase": p, "weight": round(float(w), 4)}
                                  for p, w in clf.explain(EmailText(item.subject, item.body, item.sender))]
        out.append(row)
    if args.json:
        for row in out:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        print_table(out, ["id", "label", "confidence", "is_rejection"], "no messages in the input", full=["id"])
    if args.explain and not args.json:
        for row in out:
            phrases = ", ".join(f"{e['phrase']!r} ({e['weight']:+.2f})" for e in row["explanation"])
            print(f"\n{row['id']}: {row['label']} because of: {phrases}")
    return EXIT_CONFIG if problems else EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    from agent.inputs import labelled_examples
    from agent.model import training
    settings = settings_for(args, required=False)
    clf = load_classifier(settings)
    report = training.evaluate(clf, labelled_examples(args.data))
    if args.json:
        emit_json(training.report_to_dict(report))
    else:
        print(training.format_report(report))
    return EXIT_OK


def cmd_train(args: argparse.Namespace) -> int:
    from agent.inputs import labelled_examples
    from agent.model.tuning import train_personal
    if args.data:
        labelled_examples(args.data)  # a --data that holds nothing usable stops here, saying why
    settings = settings_for(args, required=False)
    store = open_store(settings)
    try:
        with store.transaction() as conn:
            user_rows = store.list_examples(conn)
    finally:
        store.close()
    result = train_personal(
        data=args.data or [], user_examples=[{"subject": r.subject or "", "body": r.body or "",
                                              "from": r.from_addr or "", "label": r.label} for r in user_rows],
        current_model=model_path(settings), out_path=personal_model_path(), force=args.force,
        folds=args.folds, progress=lambda msg: print(msg, file=sys.stderr))
    print(result.summary)
    return EXIT_OK


