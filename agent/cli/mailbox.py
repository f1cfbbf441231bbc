"""Commands that talk to the mailbox: check, run, backfill, demo."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr, make_msgid
from typing import Any

from agent import __version__
from agent.cli.accounts import account_turn, run_once, secret_for, selected, turn_kept, turn_taken
from agent.cli.common import (
    EXIT_CONFIG,
    EXIT_INTERRUPTED,
    EXIT_LOCK,
    EXIT_OK,
    CliError,
    ModelLoading,
    collector_paused,
    log,
    model_path,
    open_store,
    parse_now,
    settings_for,
)
from agent.config import Settings, shares_accounts
from agent.progress import Progress
from agent.report import StopFlag


def cmd_check(args: argparse.Namespace) -> int:
    from agent.mail.imap import MailboxError
    settings = settings_for(args)
    chosen = selected(args, settings)
    probe = bool(getattr(args, "probe_drafts", False))
    if len(chosen) == 1:
        return _check_one(chosen[0], named=len(settings.accounts) > 1, probe=probe)
    code = EXIT_OK
    for acct in chosen:  # every account, one failing does not hide the others
        try:
            code = _check_one(acct, named=True, probe=probe) or code
        except MailboxError as exc:
            text = str(exc)
            print(f"onward: {text if text.startswith('account ') else f'account {acct.account}: {text}'}",
                  file=sys.stderr)
            code = code or exc.exit_code
        print()
    return code


PROBE_SUBJECT = "Onward check: test draft (safe to delete)"


def probe_draft(sender: str, name: str, now: datetime) -> tuple[str, bytes]:
    """(Message-ID, raw) of the draft ``onward check --probe-drafts`` saves: to and from the user, saying
    what it is. Pure."""
    domain = sender.rpartition("@")[2] or "onward.invalid"
    message_id = make_msgid("onward-check", domain=domain)
    msg = EmailMessage()
    msg["From"] = formataddr((name, sender))
    msg["To"] = formataddr((name, sender))
    msg["Subject"] = PROBE_SUBJECT
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = message_id
    msg.set_content("onward check --probe-drafts saved this draft to prove that your Drafts folder accepts\n"
                    "the drafts Onward saves, after the same commands a pass uses. Onward never deletes\n"
                    "mail: delete this draft yourself whenever you like.\n")
    return message_id, msg.as_bytes(policy=SMTP)


def _check_one(settings: Any, *, named: bool, probe: bool = False) -> int:
    from agent.mail.imap import SCREENED_FOLDERS, Mailbox
    imap = settings.require_imap()
    if named:
        print(f"account {settings.account} ({imap.auth}):")
    lines: list[str] = []
    with Mailbox(imap, secret_for(settings)) as mb:
        caps = mb.capabilities()
        names = mb.folder_names()
        missing = [f for f in imap.folders if f not in names]
        for folder in imap.folders:
            if folder in names:  # EXAMINE, as a pass does (read-only)
                status = mb.examine(folder)
                source = " (from STATUS: the server's EXAMINE leaves it out)" if status.uidnext_from_status else ""
                lines.append(f"  {folder}: {status.exists} messages, UIDNEXT {status.uidnext or 'unknown'}{source}")
        drafts = mb.find_special("drafts", imap.drafts_folder)
        sent = mb.find_special("sent", imap.sent_folder)
        screened = [f for f in (mb.find_special(kind) for kind in SCREENED_FOLDERS) if f and f not in imap.folders]
        all_mail = mb.find_special("all")
        saving = probe_id = None
        if drafts or probe:
            drafts = drafts or mb.ensure_drafts()  # a pass creates it the same way
            # the sequence a pass uses before it saves a draft: look for the draft's Message-ID, then
            # leave the folder (UNSELECT, CLOSE or a new connection) and APPEND
            probe_id, raw = probe_draft(settings.followup.from_address or imap.username,
                                        settings.followup.your_name, datetime.now(UTC))
            mb.draft_exists(drafts, probe_id)
            how = mb.release_selection()
            saving = f"EXAMINE {drafts} + SEARCH, then {how} before APPEND (as a pass does)"
            if probe:
                mb.append_draft(drafts, raw, datetime.now(UTC))
    print(f"connected to {imap.host}:{imap.port} ({imap.tls}) as {imap.username}"
          + (f", signed in with OAuth2 ({imap.auth})" if imap.uses_oauth else ""))
    print(f"capabilities: {' '.join(caps)}")
    print(f"watched folders: {', '.join(imap.folders)}")
    for line in lines:
        print(line)
    print(f"drafts folder: {drafts or 'none found (Onward will create Drafts when it first saves one)'}")
    if saving:
        print(f"draft saving: {saving}")
    if probe:
        print(f"probe draft saved in {drafts}: \"{PROBE_SUBJECT}\" ({probe_id}); Onward never deletes mail: "
              "delete it yourself")
    print(f"sent folder: {sent or 'none found (replies you already sent cannot be detected)'}")
    if screened:
        print(f"read only for your applications' mail (replies in their threads, mail from their senders): "
              f"{', '.join(screened)}")
    if all_mail and all_mail not in imap.folders:
        print(f"not watched: {all_mail} (Gmail: mail a filter files under a label and archives is only there and "
              "under its label; watch one of them: see docs/configuration.md#gmail)")
    for label, folder in imap.training_folders.items():
        print(f"training folder {label}: {folder}{'' if folder in names else ' (does not exist yet)'}")
    named_missing = [(key, folder) for key, folder in (("imap.drafts_folder", imap.drafts_folder),
                                                        ("imap.sent_folder", imap.sent_folder))
                     if folder and folder not in names]
    where = f"account {settings.account}: " if named else ""
    for key, folder in [*(("imap.folders", f) for f in missing), *named_missing]:
        print(f"onward: {where}{key}: folder {folder!r} does not exist on {imap.host} (folders: {', '.join(names)})",
              file=sys.stderr)
    return EXIT_CONFIG if missing or named_missing else EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    from agent.loop import IsolatedPasses, install_signal_handlers, run_accounts
    stop = StopFlag()
    install_signal_handlers(stop)  # first: a SIGTERM from now on stops cleanly (exit 0), see docs/reliability.md
    settings = settings_for(args)
    chosen = selected(args, settings)
    for acct in chosen:
        acct.require_imap()
    now = parse_now(args.now, settings)
    if now is not None and not args.once:
        raise CliError("--now only makes sense with --once", EXIT_CONFIG)
    if not args.once and shares_accounts(settings.storage.database):
        return run_pool(settings, chosen, stop)
    with one_daemon(settings):
        if not args.once:
            # The daemon: each pass runs in a child process, so the waiting daemon holds no model; with one
            # account it holds no store either (its few writes each open it in a child: see IsolatedPasses)
            store = open_store(settings) if len(chosen) > 1 else None  # one for all accounts
            passes = [IsolatedPasses(acct, stop, model_path(settings), store) for acct in chosen]
            if store is None:
                passes[0].with_store(lambda _store: None)  # created or upgraded now: its errors stop the start
            try:
                for p in passes:
                    log.info("onward %s running: watching %s on %s every %d s%s", __version__,
                             ", ".join(p.imap.folders), p.imap.host, settings.daemon.poll_interval,
                             f" (account {p.account})" if len(settings.accounts) > 1 else "")
                run_accounts(passes)
            finally:
                for p in passes:
                    p.close()
                if store is not None:
                    store.close()
            return EXIT_OK
        model = ModelLoading(settings)  # while the store is opened and the pass's code imported
        store = open_store(settings)
        try:
            return run_once(chosen, store, model, stop, now)
        finally:
            store.close()


def one_daemon(settings: Settings) -> AbstractContextManager[object]:
    """SQLite: the single-instance lock (a second daemon, ``run --once`` or ``backfill`` on the database is
    refused, exit 6). A shared database has none: there a one-off command holds the lease of each account
    while it works it (:func:`agent.cli.accounts.account_turn`), beside the pool's workers."""
    from agent.loop import InstanceLock
    return nullcontext() if shares_accounts(settings.storage.database) else InstanceLock(settings)


def run_pool(settings: Settings, chosen: list[Settings], stop: StopFlag) -> int:
    """The daemon on a server database: one worker of the pool, working the accounts it holds a lease on
    (docs/scaling.md); no single-instance lock - the leases keep each account to one worker."""
    from agent.accounts.leases import LeaseKeeper
    from agent.loop import IsolatedPasses
    from agent.pool import FleetWork, run_leased
    store = open_store(settings)
    by_name = {acct.account: acct for acct in chosen}
    model = model_path(settings)

    def runner_for(account: str, flag: StopFlag) -> IsolatedPasses:
        return IsolatedPasses(by_name[account], flag, model, store)
    try:
        log.info("onward %s running in a worker pool: %d account(s) shared with the other workers on this "
                 "database, polled every %d s", __version__, len(chosen), settings.daemon.poll_interval)
        keeper = LeaseKeeper(store, list(by_name), settings.daemon.lease_seconds)
        run_leased(keeper, FleetWork(runner_for, settings.daemon, len(by_name), holder=keeper.id), stop)
    finally:
        store.close()
    return EXIT_OK


def cmd_backfill(args: argparse.Namespace) -> int:
    settings = settings_for(args)
    chosen = selected(args, settings)
    since = None
    if args.since:
        try:
            since = datetime.fromisoformat(args.since).date()
        except ValueError:
            raise CliError(f"--since {args.since!r}: expected a date such as 2025-01-31", EXIT_CONFIG) from None
    model = ModelLoading(settings)  # while the pass's code is imported and the store opened
    with collector_paused():
        from agent.followups import templates
        from agent.loop import install_signal_handlers
        from agent.scan import Scan  # the pass without its drafting code: a backfill saves no draft
    stop = StopFlag()
    install_signal_handlers(stop)
    interrupted_by = _remember_sigint(stop)
    with one_daemon(settings):
        store = open_store(settings)
        try:
            classifier = model.result()  # before the progress clock starts: rate and ETA are of the scan
            code, interrupted = EXIT_OK, False
            for acct in chosen:  # one account after the other
                with account_turn(acct, store, stop) as lease:
                    if not turn_taken(acct.account, lease, "backfilled"):
                        code = code or EXIT_LOCK
                        continue
                    progress = Progress("backfill", enabled=not args.quiet)
                    templates.load_at_start(acct.followup)  # a broken template shows now, as in a pass
                    agent = Scan(acct, store, classifier, stop=stop, on_progress=progress.update)
                    report = agent.backfill(folders=args.folders or list(acct.require_imap().folders), since=since,
                                            now=parse_now(args.now, settings))
                    progress.close()
                where = f" ({acct.account})" if len(chosen) > 1 else ""
                print(f"backfill{where} {'interrupted' if report.interrupted else 'done'}: {report.summary()}",
                      file=sys.stderr)
                if not turn_kept(acct.account, lease):
                    return EXIT_LOCK
                interrupted = report.interrupted
                if interrupted:
                    break
            return EXIT_INTERRUPTED if interrupted and interrupted_by else code
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
    from agent.demo.story import run_demo  # lazy: the pass, the model and the store load for the demo only
    if not args.verbose:  # only the story: the passes' INFO lines would interleave with it
        logging.getLogger().setLevel(logging.WARNING)
    return run_demo(keep=args.keep)


