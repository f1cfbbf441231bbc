"""The ``onward`` command line: thin commands over the modules.

Exit codes (stable, for scripts): 0 ok · 1 unexpected error · 2 bad config or usage ·
3 cannot connect (host, network, server dropped) · 4 login refused · 5 TLS problem ·
6 another daemon holds the database · 7 database error · 8 bad model file ·
130 interrupted with Ctrl-C (SIGINT) · 141 the reader of stdout went away (``onward outcomes | head``:
the command stops quietly, as Unix tools killed by SIGPIPE do; the shell reports 128 + 13 for them too).

With ``--json`` stdout holds only JSON; messages for humans go to stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import select
import signal
import sys
import textwrap
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from agent import __version__
from agent.config import ConfigError, SecretError, Settings, load_settings

log = logging.getLogger("onward")

EXIT_OK, EXIT_ERROR, EXIT_CONFIG, EXIT_LOCK, EXIT_DB, EXIT_MODEL = 0, 1, 2, 6, 7, 8
EXIT_INTERRUPTED = 128 + signal.SIGINT  # 130, as shells report a command ended by Ctrl-C
EXIT_PIPE = 128 + signal.SIGPIPE  # 141: stdout's reader went away (``| head``)


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


CUT, WRAP = 40, 60  # a cell is cut at CUT characters, or wrapped at WRAP (``wrap``), or shown whole (``full``)


def print_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], empty: str, *,
                wrap: Sequence[str] = (), full: Sequence[str] = ()) -> None:
    """A readable table. Cells are cut at 40 characters, except the ``wrap`` columns (wrapped at word
    boundaries onto continuation lines, nothing lost; a word longer than the column, such as a
    Message-ID, is kept whole: put such columns last) and the ``full`` columns (never cut: ids to copy)."""
    if not rows:
        print(empty)
        return
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    limits = [WRAP if c in wrap else 10**6 if c in full else CUT for c in columns]
    widths = [min(limits[i], max(len(c), *(len(row[i]) for row in cells))) for i, c in enumerate(columns)]
    print("  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for row in cells:
        parts = [_lines(v, w, c in wrap) for c, v, w in zip(columns, row, widths, strict=True)]
        for n in range(max(len(p) for p in parts)):
            print("  ".join((p[n] if n < len(p) else "").ljust(w) for p, w in zip(parts, widths, strict=True)).rstrip())


def _lines(value: str, width: int, wrap: bool) -> list[str]:
    if not wrap:
        return [value[:width]]
    return textwrap.wrap(value, width, break_long_words=False, break_on_hyphens=False) or [""]


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
    stop = StopFlag()
    install_signal_handlers(stop)  # first: a SIGTERM from now on stops cleanly (exit 0), see docs/reliability.md
    settings = settings_for(args)
    imap = settings.require_imap()
    now = parse_now(args.now, settings)
    if now is not None and not args.once:
        raise CliError("--now only makes sense with --once", EXIT_CONFIG)
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
    interrupted_by = _remember_sigint(stop)
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
            return EXIT_INTERRUPTED if report.interrupted and interrupted_by else EXIT_OK
        finally:
            store.close()


def _remember_sigint(stop: Any) -> list[int]:
    """Ctrl-C stops like SIGTERM (``stop`` is set; the work done so far is saved), and is remembered
    (the returned list is non-empty), so that the command can exit 130 as interrupted commands do."""
    seen: list[int] = []

    def on_sigint(signum: int, frame: Any) -> None:
        seen.append(signum)
        stop.set()
    signal.signal(signal.SIGINT, on_sigint)
    return seen


def cmd_demo(args: argparse.Namespace) -> int:
    from agent.demo import run_demo
    if not args.verbose:  # only the story: the passes' INFO lines would interleave with it
        logging.getLogger().setLevel(logging.WARNING)
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


def _show(args: argparse.Namespace, rows: list[dict[str, Any]], columns: Sequence[str], empty: str,
          **table: Sequence[str]) -> int:
    """``--json``: the rows as a JSON array on stdout; else a readable table of ``columns``."""
    if args.json:
        emit_json(rows)
    else:
        print_table(rows, columns, empty, **table)
    return EXIT_OK


def cmd_outcomes(args: argparse.Namespace) -> int:
    def fetch(store: Any, conn: Any) -> list[dict[str, Any]]:
        return [{"application_id": r.id, "company": r.company, "role": r.role, "status": r.status,
                 "updated_at": r.updated_at, "status_at": r.status_at, "message_id": r.status_message_id,
                 "subject": r.status_subject}
                for r in store.list_outcomes(conn)]
    # status_at: the date of the email that set the status (updated_at is when Onward processed it)
    return _show(args, _records(args, fetch), ["application_id", "company", "role", "status", "status_at",
                                               "subject"], "no applications recorded yet")


def cmd_events(args: argparse.Namespace) -> int:
    def fetch(store: Any, conn: Any) -> list[dict[str, Any]]:
        return [{"message_id": r.message_id, "application_id": r.application_id, "company": r.company,
                 "role": r.role, "label": r.label, "confidence": r.confidence, "received_at": r.received_at}
                for r in store.list_events(conn)]
    return _show(args, _records(args, fetch), ["received_at", "application_id", "company", "label",
                                               "confidence", "message_id"], "no outcome events recorded yet",
                 full=["message_id"])


def cmd_followups(args: argparse.Namespace) -> int:
    def fetch(store: Any, conn: Any) -> list[dict[str, Any]]:
        return [{"id": r.id, "application_id": r.application_id, "company": r.company, "due_at": r.due_at,
                 "status": r.status, "to": r.to_addr, "draft_message_id": r.draft_message_id,
                 "in_reply_to": r.in_reply_to, "reason": r.reason}
                for r in store.list_followups(conn)]
    rows = _records(args, fetch)
    if args.json:
        return _show(args, rows, [], "")
    table = [{**r, "draft": "saved" if r["draft_message_id"] else "-"} for r in rows]
    return _show(args, table, ["id", "company", "due_at", "status", "draft", "to", "reason"], "no follow-ups yet",
                 wrap=["reason"], full=["to"])


def cmd_review(args: argparse.Namespace) -> int:
    def fetch(store: Any, conn: Any) -> list[dict[str, Any]]:
        return [{"message_id": r.message_id, "label": r.label, "confidence": r.confidence,
                 "p_rejection": r.p_rejection, "received_at": r.received_at, "from": r.from_addr,
                 "subject": r.subject, "_kept": (r.facts_json, r.body)}
                for r in store.review_rows(conn)]
    rows = _with_p_rejection(args, _records(args, fetch))
    _show(args, rows, ["message_id", "label", "confidence", "p_rejection", "from", "subject"],
          "nothing to review: every job email was classified with confidence", full=["message_id"])
    if rows and not args.json:
        print("\nconfirm or correct with: onward label MESSAGE_ID LABEL", file=sys.stderr)
    return EXIT_OK


def _with_p_rejection(args: argparse.Namespace, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """P(rejection) is what decides whether a rejection is recorded. Rows recorded before it was
    stored (``p_rejection`` NULL) get it from the model in force, scoring the email's kept text."""
    missing = [r for r in rows if r["p_rejection"] is None and r["_kept"][0]]
    if missing:
        from agent.mail.parse import email_text
        from agent.model.classifier import EmailText
        from agent.record.facts import email_from_facts
        clf = load_classifier(settings_for(args, required=False))
        texts = [EmailText(*email_text(email_from_facts(facts, body or ""))) for facts, body in
                 (r["_kept"] for r in missing)]
        for row, pred in zip(missing, clf.predict(texts), strict=True):
            row["p_rejection"] = round(float(pred.probabilities.get("rejection", 0.0)), 4)
    return [{k: v for k, v in r.items() if k != "_kept"} for r in rows]


def _message_row(store: Any, conn: Any, message_id: str) -> Any:
    """The recorded email with this Message-ID, written with or without its angle brackets."""
    bare = message_id.strip().removeprefix("<").removesuffix(">")
    return store.message_row(conn, f"<{bare}>") or store.message_row(conn, message_id.strip())


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
            row = _message_row(store, conn, args.message_id)
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
    print(f"{row.message_id}: {change}; kept as a training example")
    return EXIT_OK


# -- commands: classifier ----------------------------------------------------------------------------------------


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


# -- parser -----------------------------------------------------------------------------------------------------


LABELLED_DATA_HELP = (
    "Labelled data (--data): JSONL files with one object per line (fields subject, body, from, label), "
    "or a folder DIR laid out as DIR/<label>/*.eml, one sub-folder per label: rejection, interview, offer, "
    "acknowledgement, other (e.g. DIR/rejection/acme.eml). A folder also contributes its DIR/*.jsonl files; "
    ".eml files directly in DIR are not read (their label is unknown).")


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
    sp.epilog = ("A file that cannot be read (missing, a directory, empty, not an email) is named on stderr, "
                 "one line each; the other files are classified, and the exit code is then 2.")
    sp.add_argument("files", nargs="+", metavar="FILE")
    sp.add_argument("--json", action="store_true", help="one JSON object per message on stdout")
    sp.add_argument("--explain", action="store_true", help="show the phrases that drove each decision")
    sp = add("evaluate", cmd_evaluate, "precision/recall/F1 and confusion matrix on labelled data")
    sp.epilog = LABELLED_DATA_HELP
    sp.add_argument("--data", nargs="+", required=True, metavar="FILE|DIR",
                    help="labelled JSONL files, or folders of .eml files in one sub-folder per label")
    sp.add_argument("--json", action="store_true", help="JSON on stdout")
    sp = add("train", cmd_train, "train a personal model from the shipped corpus plus your examples")
    sp.epilog = LABELLED_DATA_HELP
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
        if isinstance(exc, BrokenPipeError) and _output_gone():
            return EXIT_PIPE  # quietly, like Unix tools: nobody reads what we would say
        code, text = classify_error(exc)
        if code == EXIT_ERROR:
            log.debug("unexpected error", exc_info=True)
        print(f"onward: {text}", file=sys.stderr)
        return code


def _output_gone() -> bool:
    """Whether stdout or stderr is a pipe whose reader went away (``onward outcomes | head``).

    If so, what is still buffered for it is dropped (the descriptor is pointed at /dev/null, so the
    final flush cannot fail again) and the command ends quietly with EXIT_PIPE, as Unix tools do.  A
    BrokenPipeError from anything else (a socket, a worker's pipe) is not this: it stays an error."""
    gone = False
    for stream in (sys.stdout, sys.stderr):
        try:
            fd = stream.fileno()
        except (AttributeError, ValueError, OSError):
            continue  # replaced by a test harness: not a pipe of ours
        poller = select.poll()
        poller.register(fd, select.POLLOUT)
        if any(events & select.POLLERR for _fd, events in poller.poll(0)):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, fd)
            os.close(devnull)
            gone = True
    return gone


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
    try:
        sys.stdout.flush()  # the last buffered output may find the reader gone (``| head``)
    except BrokenPipeError:
        code = EXIT_PIPE if _output_gone() else code
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
