"""The ``onward`` command line: thin commands over the modules.

Exit codes (stable, for scripts): 0 ok · 1 unexpected error · 2 bad config or usage ·
3 cannot connect (host, network, server dropped) · 4 login refused · 5 TLS problem ·
6 another daemon holds the database · 7 database error · 8 bad model file.

With ``--json`` stdout holds only JSON; messages for humans go to stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from agent import __version__
from agent.config import ConfigError, SecretError, Settings, load_settings

log = logging.getLogger("onward")

EXIT_OK, EXIT_ERROR, EXIT_CONFIG, EXIT_LOCK, EXIT_DB, EXIT_MODEL = 0, 1, 2, 6, 7, 8


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.code = code


# -- helpers -----------------------------------------------------------------------------------------


def settings_for(args: argparse.Namespace, *, required: bool = True) -> Settings:
    settings = load_settings(args.config, required=required)
    if not (args.verbose or args.quiet):  # -v / -q on the command line win over daemon.log_level
        logging.getLogger().setLevel(settings.daemon.log_level)
    return settings


def parse_now(value: str | None, settings: Settings) -> datetime | None:
    """``--now``: ISO 8601; a time without offset is taken in the user's time zone."""
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        raise CliError(f"--now {value!r}: expected an ISO date-time such as 2026-12-20T09:30", EXIT_CONFIG) from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=ZoneInfo(settings.followup.timezone))
    return dt.astimezone(UTC)


def open_store(settings: Settings) -> Any:
    from agent.record.store import Store
    return Store.for_settings(settings)


def load_classifier(settings: Settings) -> Any:
    from agent.model.classifier import Classifier
    return Classifier.load(model_path(settings))


def personal_model_path() -> Path:
    import platformdirs
    return Path(platformdirs.user_data_dir("onward")) / "models" / "personal.skops"


def model_path(settings: Settings) -> Path | None:
    """The model in force: classifier.model, else a personal model from ``onward train``, else shipped."""
    if settings.classifier.model:
        return Path(settings.classifier.model).expanduser()
    personal = personal_model_path()
    return personal if personal.is_file() else None


def emit_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def print_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], empty: str) -> None:
    if not rows:
        print(empty)
        return
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [min(40, max(len(c), *(len(row[i]) for row in cells))) for i, c in enumerate(columns)]
    print("  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True)))
    for row in cells:
        print("  ".join(v[:w].ljust(w) for v, w in zip(row, widths, strict=True)))


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


# -- commands: mailbox ------------------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    from agent.config import resolve_password
    from agent.mail.imap import Mailbox
    settings = settings_for(args)
    imap = settings.require_imap()
    with Mailbox(imap, resolve_password(imap)) as mb:
        caps = mb.capabilities()
        names = mb.folder_names()
        missing = [f for f in imap.folders if f not in names]
        drafts = mb.find_special("drafts", imap.drafts_folder)
        sent = mb.find_special("sent", imap.sent_folder)
    print(f"connected to {imap.host}:{imap.port} ({imap.tls}) as {imap.username}")
    print(f"capabilities: {' '.join(caps)}")
    print(f"watched folders: {', '.join(imap.folders)}")
    print(f"drafts folder: {drafts or 'none found (Onward will create Drafts when it first saves one)'}")
    print(f"sent folder: {sent or 'none found (replies you already sent cannot be detected)'}")
    for label, folder in imap.training_folders.items():
        print(f"training folder {label}: {folder}{'' if folder in names else ' (does not exist yet)'}")
    if missing:
        print(f"error: watched folder(s) not found: {', '.join(missing)}", file=sys.stderr)
        return EXIT_CONFIG
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    from agent.loop import InstanceLock, IsolatedPasses, install_signal_handlers, run_forever
    from agent.pipeline import Agent
    from agent.report import StopFlag
    settings = settings_for(args)
    imap = settings.require_imap()
    now = parse_now(args.now, settings)
    if now is not None and not args.once:
        raise CliError("--now only makes sense with --once", EXIT_CONFIG)
    stop = StopFlag()
    install_signal_handlers(stop)
    with InstanceLock(settings):
        if not args.once:
            # The daemon: each pass runs in a child process, so the waiting daemon holds no model.
            passes = IsolatedPasses(settings, stop, model_path(settings))
            try:
                log.info("onward %s running: watching %s on %s every %d s", __version__,
                         ", ".join(imap.folders), imap.host, settings.daemon.poll_interval)
                run_forever(passes)
            finally:
                passes.close()
            return EXIT_OK
        store = open_store(settings)
        try:
            report = Agent(settings, store, load_classifier(settings), stop=stop).run_pass(now)
            print(f"pass done: {report.summary()}", file=sys.stderr)
            return EXIT_OK
        finally:
            store.close()


def cmd_backfill(args: argparse.Namespace) -> int:
    from agent.loop import InstanceLock, install_signal_handlers
    from agent.pipeline import Agent
    from agent.progress import Progress
    from agent.report import StopFlag
    settings = settings_for(args)
    imap = settings.require_imap()
    since = None
    if args.since:
        try:
            since = datetime.fromisoformat(args.since).date()
        except ValueError:
            raise CliError(f"--since {args.since!r}: expected a date such as 2025-01-31", EXIT_CONFIG) from None
    stop = StopFlag()
    install_signal_handlers(stop)
    with InstanceLock(settings):
        store = open_store(settings)
        try:
            classifier = load_classifier(settings)  # before the progress clock starts: rate and ETA are of the scan
            progress = Progress("backfill", enabled=not args.quiet)
            agent = Agent(settings, store, classifier, stop=stop, on_progress=progress.update)
            report = agent.backfill(folders=args.folders or list(imap.folders), since=since,
                                    now=parse_now(args.now, settings))
            progress.close()
            print(f"backfill {'interrupted' if report.interrupted else 'done'}: {report.summary()}",
                  file=sys.stderr)
            return EXIT_OK
        finally:
            store.close()


def cmd_demo(args: argparse.Namespace) -> int:
    from agent.demo import run_demo
    return run_demo(keep=args.keep)


# -- commands: records ---------------------------------------------------------------------------------------


def _records(args: argparse.Namespace, fetch: Callable[[Any, Any], list[dict[str, Any]]]) -> list[dict[str, Any]]:
    settings = settings_for(args, required=False)
    store = open_store(settings)
    try:
        with store.transaction() as conn:
            return fetch(store, conn)
    finally:
        store.close()


def _show(args: argparse.Namespace, rows: list[dict[str, Any]], columns: Sequence[str], empty: str) -> int:
    """``--json``: the rows as a JSON array on stdout; else a readable table of ``columns``."""
    if args.json:
        emit_json(rows)
    else:
        print_table(rows, columns, empty)
    return EXIT_OK


def cmd_outcomes(args: argparse.Namespace) -> int:
    def fetch(store: Any, conn: Any) -> list[dict[str, Any]]:
        return [{"application_id": r.id, "company": r.company, "role": r.role, "status": r.status,
                 "updated_at": r.updated_at, "message_id": r.status_message_id, "subject": r.status_subject}
                for r in store.list_outcomes(conn)]
    return _show(args, _records(args, fetch), ["application_id", "company", "role", "status", "updated_at",
                                               "subject"], "no applications recorded yet")


def cmd_events(args: argparse.Namespace) -> int:
    def fetch(store: Any, conn: Any) -> list[dict[str, Any]]:
        return [{"message_id": r.message_id, "application_id": r.application_id, "company": r.company,
                 "role": r.role, "label": r.label, "confidence": r.confidence, "received_at": r.received_at}
                for r in store.list_events(conn)]
    return _show(args, _records(args, fetch), ["received_at", "application_id", "company", "label",
                                               "confidence", "message_id"], "no outcome events recorded yet")


def cmd_followups(args: argparse.Namespace) -> int:
    def fetch(store: Any, conn: Any) -> list[dict[str, Any]]:
        return [{"id": r.id, "application_id": r.application_id, "company": r.company, "due_at": r.due_at,
                 "status": r.status, "to": r.to_addr, "draft_message_id": r.draft_message_id,
                 "in_reply_to": r.in_reply_to, "reason": r.reason}
                for r in store.list_followups(conn)]
    return _show(args, _records(args, fetch), ["id", "company", "due_at", "status", "to", "reason"],
                 "no follow-ups yet")


def cmd_review(args: argparse.Namespace) -> int:
    def fetch(store: Any, conn: Any) -> list[dict[str, Any]]:
        return [{"message_id": r.message_id, "label": r.label, "confidence": r.confidence,
                 "received_at": r.received_at, "from": r.from_addr, "subject": r.subject}
                for r in store.review_rows(conn)]
    rows = _records(args, fetch)
    _show(args, rows, ["message_id", "label", "confidence", "from", "subject"],
          "nothing to review: every job email was classified with confidence")
    if rows and not args.json:
        print("\nconfirm or correct with: onward label MESSAGE_ID LABEL", file=sys.stderr)
    return EXIT_OK


def cmd_label(args: argparse.Namespace) -> int:
    from agent.model.classifier import LABELS
    from agent.record.facts import email_from_facts
    from agent.record.outcomes import Recorder, utcnow
    from agent.record.store import parse_iso
    if args.label not in LABELS:
        raise CliError(f"label {args.label!r}: expected one of {', '.join(LABELS)}", EXIT_CONFIG)
    settings = settings_for(args, required=False)
    store = open_store(settings)
    now = utcnow()
    try:
        with store.transaction() as conn:
            row = store.message_row(conn, args.message_id)
            if row is None:
                raise CliError(f"no recorded email with Message-ID {args.message_id} "
                               "(see onward events / onward review)", EXIT_CONFIG)
            if not row.facts_json:
                raise CliError(f"{args.message_id} was not kept (not a job email and not in review); "
                               "file it into a training folder instead", EXIT_CONFIG)
            email = email_from_facts(row.facts_json, row.body or "")
            change = Recorder.for_settings(store, settings).relabel(
                conn, email, args.label, parse_iso(row.received_at), now, source="cli")
    finally:
        store.close()
    print(f"{args.message_id}: {change}; kept as a training example")
    return EXIT_OK


# -- commands: classifier ----------------------------------------------------------------------------------------


def cmd_classify(args: argparse.Namespace) -> int:
    from agent.inputs import read_inputs
    from agent.model.classifier import EmailText
    settings = settings_for(args, required=False)
    clf = load_classifier(settings)
    items = read_inputs(args.files)
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
        return EXIT_OK
    print_table(out, ["id", "label", "confidence", "is_rejection"], "no messages in the input")
    if args.explain:
        for row in out:
            phrases = ", ".join(f"{e['phrase']!r} ({e['weight']:+.2f})" for e in row["explanation"])
            print(f"\n{row['id']}: {row['label']} because of: {phrases}")
    return EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    from agent.model import training
    settings = settings_for(args, required=False)
    clf = load_classifier(settings)
    examples = training.load_examples(args.data)
    if not examples:
        raise CliError("no labelled examples in --data", EXIT_CONFIG)
    report = training.evaluate(clf, examples)
    if args.json:
        emit_json(training.report_to_dict(report))
    else:
        print(training.format_report(report))
    return EXIT_OK


def cmd_train(args: argparse.Namespace) -> int:
    from agent.model.tuning import train_personal
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


# -- parser -----------------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="onward", description="Inbox agent for job seekers: records application "
                                "outcomes and drafts thank-you follow-ups. Never sends mail.")
    p.add_argument("--config", metavar="PATH", help="config file (default: $ONWARD_CONFIG, else the platform "
                   "config dir, e.g. ~/.config/onward/onward.toml)")
    p.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    p.add_argument("-q", "--quiet", action="store_true", help="warnings and errors only")
    p.add_argument("--version", action="version", version=f"onward {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, fn: Callable[[argparse.Namespace], int], help_: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_, description=help_)
        sp.set_defaults(fn=fn)
        return sp

    add("check", cmd_check, "connect, log in, show capabilities and the folders Onward will use")
    sp = add("run", cmd_run, "the daemon: process new mail and save due drafts, forever")
    sp.add_argument("--once", action="store_true", help="one pass, then exit")
    sp.add_argument("--now", metavar="DATETIME", help="the clock for this pass (ISO, local time zone unless "
                    "an offset is given), e.g. 2026-12-20T09:30")
    sp = add("backfill", cmd_backfill, "scan existing mail to build the application history")
    sp.add_argument("--since", metavar="DATE", help="only mail since this date (default: everything)")
    sp.add_argument("--folders", nargs="+", metavar="FOLDER", help="folders to scan (default: imap.folders)")
    sp.add_argument("--now", metavar="DATETIME", help=argparse.SUPPRESS)
    sp = add("demo", cmd_demo, "play the whole story against a throwaway local Dovecot")
    sp.add_argument("--keep", action="store_true", help="keep the demo's temp dir and print its path")
    for name, fn, help_ in (("outcomes", cmd_outcomes, "one line per application: its current status"),
                            ("events", cmd_events, "every job email recorded as an outcome event"),
                            ("followups", cmd_followups, "queued, drafted and cancelled follow-ups"),
                            ("review", cmd_review, "emails the classifier was unsure about")):
        add(name, fn, help_).add_argument("--json", action="store_true", help="JSON on stdout")
    sp = add("label", cmd_label, "correct the label of one recorded email (fixes its outcome at once)")
    sp.add_argument("message_id", metavar="MESSAGE_ID")
    sp.add_argument("label", metavar="LABEL", help="rejection | interview | offer | acknowledgement | other")
    sp = add("classify", cmd_classify, "classify .eml, mbox or .jsonl files (no mailbox or config needed)")
    sp.add_argument("files", nargs="+", metavar="FILE")
    sp.add_argument("--json", action="store_true", help="one JSON object per message on stdout")
    sp.add_argument("--explain", action="store_true", help="show the phrases that drove each decision")
    sp = add("evaluate", cmd_evaluate, "precision/recall/F1 and confusion matrix on labelled data")
    sp.add_argument("--data", nargs="+", required=True, metavar="FILE", help="labelled JSONL or .eml folders")
    sp.add_argument("--json", action="store_true", help="JSON on stdout")
    sp = add("train", cmd_train, "train a personal model from the shipped corpus plus your examples")
    sp.add_argument("--data", nargs="+", metavar="FILE|DIR", help="extra labelled JSONL files or .eml folders")
    sp.add_argument("--force", action="store_true", help="switch to the new model even if it scores lower")
    sp.add_argument("--folds", type=int, default=5, help="cross-validation folds (default 5)")
    return p


def setup_logging(args: argparse.Namespace, settings_level: str = "INFO") -> None:
    level = logging.DEBUG if args.verbose else logging.WARNING if args.quiet else getattr(logging, settings_level)
    logging.basicConfig(level=level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("imapclient").setLevel(logging.WARNING)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    setup_logging(args)
    try:
        return int(args.fn(args) or 0)
    except CliError as exc:
        print(f"onward: {exc}", file=sys.stderr)
        return exc.code
    except (ConfigError, SecretError) as exc:
        print(f"onward: config: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - one clear line, never a traceback
        code, text = classify_error(exc)
        if code == EXIT_ERROR:
            log.debug("unexpected error", exc_info=True)
        print(f"onward: {text}", file=sys.stderr)
        return code


def classify_error(exc: BaseException) -> tuple[int, str]:
    from agent.inputs import InputError
    from agent.loop import LockError
    from agent.mail.imap import MailboxError
    from agent.record.store import StoreError
    if isinstance(exc, MailboxError):
        return exc.exit_code, str(exc)
    if isinstance(exc, LockError):
        return EXIT_LOCK, str(exc)
    if isinstance(exc, InputError):  # an unreadable input or training file: names file and line
        return EXIT_CONFIG, f"input: {exc}"
    if isinstance(exc, StoreError):
        return EXIT_DB, str(exc)
    try:
        from agent.model.classifier import ModelLoadError
        if isinstance(exc, ModelLoadError):
            return EXIT_MODEL, f"model: {exc}"
    except ImportError:
        pass
    return EXIT_ERROR, f"unexpected error: {type(exc).__name__}: {exc} (run with -v for details)"


def entry() -> None:
    """The ``onward`` command (and ``python -m agent.cli``): :func:`main`, then a quick exit.

    Everything is written and closed when ``main`` returns (the store, locks, worker processes, the
    IMAP connections), so the interpreter's own teardown - freeing every object of the loaded model one
    by one - is only cost: ~0.1 s, 4 % of a 5,000-message backfill.  Output is flushed and logging shut
    down first; then the process ends with ``os._exit``.  Code that calls ``main()`` itself (the tests)
    keeps the normal exit, and so does a run under a profiler or coverage tool (they save at exit).

    First of all the umask becomes 077: every file and directory Onward creates (database and its
    -wal/-shm files, lock, personal models) is private to the user from creation."""
    os.umask(0o077)
    code = main()
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)  # a profiler or coverage tool is watching: it writes its data at normal exit
    try:
        sys.stdout.flush()
        sys.stderr.flush()
        logging.shutdown()
    finally:
        os._exit(code)


if __name__ == "__main__":
    entry()
