"""Commands over the classifier: classify, evaluate, train, model list / use (no mailbox needed)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from agent.cli.common import (
    EXIT_CONFIG,
    EXIT_OK,
    CliError,
    emit_json,
    load_classifier,
    model_path,
    open_store,
    personal_model_path,
    print_table,
    settings_for,
)


def cmd_classify(args: argparse.Namespace) -> int:
    from agent.extract.extractor import email_of, extract
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
    preds = clf.predict(texts, threshold, full=args.explain) if items else []  # --explain: every sentence
    out = []
    for item, pred in zip(items, preds, strict=True):
        row: dict[str, Any] = {"id": item.id, "label": pred.label, "confidence": round(float(pred.confidence), 4),
                               "is_rejection": pred.label == "rejection"}
        found = extract(email_of(item.subject, item.body, item.sender))
        row["company"], row["role"] = found.company.as_dict(), found.role.as_dict()
        if args.explain:
            row["explanation"] = [{"phrase": p, "weight": round(float(w), 4)}
                                  for p, w in clf.explain(EmailText(item.subject, item.body, item.sender))]
            row["sentence"] = {"text": pred.sentence, "score": pred.sentence_score} if pred.sentence else None
            ctx = clf.explain_context(EmailText(item.subject, item.body, item.sender))
            row["job_context"] = None if ctx is None else {
                "p_job": ctx["p_job"], "job": ctx["job"],
                "phrases": [{"phrase": p, "weight": w} for p, w in ctx["phrases"]]}
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
            if row["sentence"]:
                print(f"  deciding sentence ({row['sentence']['score']:.2f}): {row['sentence']['text']}")
            ctx = row["job_context"]
            if ctx is not None:
                said = "about a job application" if ctx["job"] else "not about a job application"
                why = ", ".join(f"{e['phrase']!r} ({e['weight']:+.2f})" for e in ctx["phrases"]) or "no phrase stands out"
                print(f"  job context: {said} (P {ctx['p_job']:.2f}) because of: {why}")
            for name in ("company", "role"):
                value = row[name]
                print(f"  {name}: {value['value']!r} (from {value['source']}, confidence {value['confidence']:.2f})"
                      if value["value"] else f"  {name}: unknown (best candidate {value['confidence']:.2f})")
    return EXIT_CONFIG if problems else EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    from agent.extract.evaluation import evaluate_labelled, read_labelled
    from agent.model import training
    extraction_rows, has_labels = read_labelled(args.data)
    data: dict[str, Any] = {}
    text: list[str] = []
    if has_labels or not extraction_rows:  # a file of company / role answers only needs no classifier
        settings = settings_for(args, required=False)
        clf = load_classifier(settings)
        report = training.evaluate(clf, labelled_examples(args.data))
        data = training.report_to_dict(report)
        text.append(training.format_report(report))
    if extraction_rows:
        scored = evaluate_labelled(extraction_rows)
        data["extraction"] = scored.as_dict()
        text.append(scored.format())
    if args.json:
        emit_json(data)
    else:
        print("\n\n".join(text))
    return EXIT_OK


def cmd_train(args: argparse.Namespace) -> int:
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


def cmd_model_list(args: argparse.Namespace) -> int:
    from agent.model import registry
    settings = settings_for(args, required=False)
    rows = registry.listing(registry.models_dir())
    override = settings.classifier.model
    if override:  # classifier.model wins over all of them
        for r in rows:
            r["in_use"] = False
        rows.append({"model": "file (classifier.model)", "in_use": True, "path": str(override)})
    if args.json:
        emit_json(rows)
    else:
        table = [{**r, "in_use": "*" if r["in_use"] else ""} for r in rows]
        print_table(table, ["in_use", "model", "trained_at", "examples", "your_examples", "threshold", "path"],
                    "no models", full=["path"])
    return EXIT_OK


def cmd_model_use(args: argparse.Namespace) -> int:
    from agent.model import registry
    from agent.model.classifier import Classifier
    settings = settings_for(args, required=False)
    root = registry.models_dir()
    try:
        if args.which != "shipped" and args.which.isdigit() and int(args.which) in registry.numbered(root):
            Classifier.load(registry.numbered(root)[int(args.which)])  # a damaged file is refused before use
        now = registry.use(root, args.which)
    except registry.RegistryError as exc:
        raise CliError(str(exc), EXIT_CONFIG) from None
    name = "the shipped model" if now["model"] == "shipped" else f"personal model {now['number']}"
    print(f"now using {name}")
    if settings.classifier.model:
        print(f"note: classifier.model = {settings.classifier.model} in the config overrides it", file=sys.stderr)
    return EXIT_OK


def labelled_examples(paths: Sequence[str]) -> list[Any]:
    """The labelled examples of ``--data`` (``training.load_examples``); none at all is an InputError
    that says what the paths hold instead and which layout was expected."""
    from agent.inputs import InputError, describe_labelled_dir  # lazy: mail parsing, for these commands only
    from agent.model import training  # lazy: scikit-learn loads for train and evaluate only
    examples = training.load_examples(paths)
    if not examples:
        found = "; ".join(describe_labelled_dir(Path(d), training.LABELS) for d in paths)
        raise InputError(f"no labelled examples in --data ({found}); expected labelled JSONL files or "
                         f"folders laid out as DIR/<label>/*.eml, label one of {', '.join(training.LABELS)}")
    return examples
