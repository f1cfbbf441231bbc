"""The ``onward`` command line: thin commands over the modules.

Exit codes (stable, for scripts): 0 ok · 1 unexpected error · 2 bad config or usage ·
3 cannot connect (host, network, server dropped) · 4 login refused · 5 TLS problem ·
6 another daemon holds the database · 7 database error · 8 bad model file ·
9 an account needs ``onward login --account NAME`` (its OAuth2 sign-in is gone) ·
130 interrupted with Ctrl-C (SIGINT) · 141 the reader of stdout went away (``onward outcomes | head``:
the command stops quietly, as Unix tools killed by SIGPIPE do; the shell reports 128 + 13 for them too).

With ``--json`` stdout holds only JSON; messages for humans go to stderr.

Imports: each command imports the code it runs inside its own function (start-up cost: ``onward --help``,
``onward run``'s waiting daemon and the record's listings load no SQLAlchemy, numpy, scikit-learn, model or
mailbox code they do not use - ``tests/unit/test_lean_daemon.py`` holds the package to it); the modules of
``agent.cli`` import only the parsers' and each other's code at their top.
"""

from __future__ import annotations

import argparse
import logging
import os
import select
import sys
from collections.abc import Callable, Sequence

from agent import __version__
from agent.cli import common
from agent.cli.accounts import register as register_accounts
from agent.cli.common import (
    EXIT_CONFIG,
    EXIT_DB,
    EXIT_ERROR,
    EXIT_LOCK,
    EXIT_MODEL,
    EXIT_PIPE,
    LABELLED_DATA_HELP,
    NOW_HELP,
    CliError,
    log,
)
from agent.cli.database import register as register_database
from agent.cli.insights import register as register_insights
from agent.cli.mailbox import cmd_backfill, cmd_check, cmd_demo, cmd_run
from agent.cli.model import cmd_classify, cmd_evaluate, cmd_model_list, cmd_model_use, cmd_train
from agent.cli.records import (
    add_followup_actions,
    cmd_events,
    cmd_followups,
    cmd_label,
    cmd_outcomes,
    cmd_review,
)
from agent.cli.search import register as register_search
from agent.config import ConfigError, SecretError
from agent.redaction import configure_logging, redact


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="onward", description="Inbox agent for job seekers: records application "
                                "outcomes and drafts thank-you follow-ups. Never sends mail.")
    p.add_argument("--config", metavar="PATH", help="config file (default: $ONWARD_CONFIG, else the platform "
                   "config dir, e.g. ~/.config/onward/onward.toml)")
    p.add_argument("-v", "--verbose", action="count", default=0,
                   help="debug logging (-vv: the libraries' too, e.g. the OAuth2 exchange; -vvv: "
                   "and the IMAP trace; secrets redacted)")
    p.add_argument("-q", "--quiet", action="store_true", help="warnings and errors only")
    p.add_argument("--version", action="version", version=f"onward {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, fn: Callable[[argparse.Namespace], int], help_: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_, description=help_)
        sp.set_defaults(fn=fn)
        return sp

    sp = add("check", cmd_check, "connect, log in, show capabilities and the folders Onward will use")
    sp.add_argument("--probe-drafts", action="store_true",
                    help="also save a small test draft in Drafts (it stays there for you to delete: Onward "
                         "never deletes mail)")
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
        sp = add(name, fn, help_)
        sp.add_argument("--json", action="store_true", help="JSON on stdout")
        if name == "followups":
            add_followup_actions(sp)  # onward followups skip ID / set ID
    register_search(add)  # add, edit, merge, interview, export
    register_insights(add)  # report, digest, reflect
    sp = add("label", cmd_label, "correct the label of one recorded email (fixes its outcome at once)")
    sp.add_argument("message_id", metavar="MESSAGE_ID")
    sp.add_argument("label", metavar="LABEL", help="rejection | interview | offer | acknowledgement | other")
    sp.add_argument("--now", metavar="DATETIME", help=NOW_HELP)
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
    sp = add("model", cmd_model_list, "the models kept (shipped and personal) and which one is in use")
    msub = sp.add_subparsers(dest="model_command", required=True, metavar="list|use")
    mp = msub.add_parser("list", help="list the shipped model and every personal model kept")
    mp.set_defaults(fn=cmd_model_list)
    mp.add_argument("--json", action="store_true", help="JSON on stdout")
    mp = msub.add_parser("use", help="use the shipped model or personal model N from now on")
    mp.set_defaults(fn=cmd_model_use)
    mp.add_argument("which", metavar="shipped|N")
    register_accounts(sub, add)  # login, status, service; --account NAME
    register_database(add)  # db copy
    sp = add("web", cmd_web, "the local web app: board, application pages, review queue, report, status "
             "(on 127.0.0.1 only, behind a token)")
    sp.add_argument("--port", type=int, default=None, metavar="N", help="the port on 127.0.0.1 (default 8741, "
                    "or a free one when it is taken; 0: any free port)")
    sp.add_argument("--no-browser", action="store_true", help="print the address, do not open a browser")
    return p


def cmd_web(args: argparse.Namespace) -> int:
    from agent.web.server import cmd_web as serve  # lazy: Flask and waitress load for this command only
    return serve(args, main)  # the web app runs each of its actions through this CLI


def setup_logging(args: argparse.Namespace, settings_level: str = "INFO") -> None:
    level = logging.DEBUG if args.verbose else logging.WARNING if args.quiet else getattr(logging, settings_level)
    configure_logging(level, args.verbose)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    setup_logging(args)
    try:
        return int(args.fn(args) or 0)
    except CliError as exc:
        print(f"onward: {redact(str(exc))}", file=sys.stderr)
        return exc.code
    except (ConfigError, SecretError) as exc:
        print(f"onward: config: {redact(str(exc))}", file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - one clear line, never a traceback
        if isinstance(exc, BrokenPipeError) and _output_gone():
            return EXIT_PIPE  # quietly, like Unix tools: nobody reads what we would say
        code, text = classify_error(exc)
        if code == EXIT_ERROR:
            log.debug("unexpected error", exc_info=True)
        print(f"onward: {redact(text)}", file=sys.stderr)
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
    common.COMMAND_PROCESS = True  # what a pass command imports at start may be frozen (see collector_paused)
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

