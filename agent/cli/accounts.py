"""Commands for accounts: login, status, service install; ``--account`` on the mailbox and record
commands; ``run --once`` over several accounts."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from agent.accounts.loopback import LOGIN_SECONDS
from agent.accounts.passwords import resolve_password
from agent.cli.common import (
    EXIT_CONFIG,
    EXIT_LOCK,
    EXIT_OK,
    CliError,
    ModelLoading,
    collector_paused,
    emit_json,
    model_path,
    open_store,
    print_table,
    settings_for,
)
from agent.cli.service import cmd_service
from agent.config import APP_NAME, Settings, shares_accounts
from agent.report import StopFlag

if TYPE_CHECKING:  # types only
    from agent.accounts.leases import OneOffLease

EXIT_NEEDS_LOGIN = 9  # an OAuth2 account's sign-in is gone: run onward login --account NAME
EXIT_STALE = 11  # status --stale-after: an account has had no good pass for that long (a health check)
ACCOUNT_COMMANDS = ("check", "run", "backfill", "outcomes", "events", "followups", "review")
IDLE_NOTE = ("watching: new mail is handled as soon as the server announces it - at once on most servers, "
             "only every ~60 s on some (Courier, Cyrus as Debian sets them up; see docs/compatibility.md)")


def register(sub: Any, add: Callable[..., argparse.ArgumentParser]) -> None:
    """The account commands, and ``--account NAME`` on the commands that take one."""
    for name in ACCOUNT_COMMANDS:
        sub.choices[name].add_argument("--account", metavar="NAME",
                                       help="only this account ([accounts.NAME]; [imap] is 'default')")
    sp = add("login", cmd_login, "sign an OAuth2 account in (Microsoft: a device code; Google: a browser)")
    sp.add_argument("--account", metavar="NAME", help="the account (default: the only OAuth2 account)")
    sp.add_argument("--no-browser", action="store_true", help="Google: only print the URL (for ssh -L)")
    sp.add_argument("--port", type=int, metavar="N", help="Google: the loopback port of the answer "
                    "(default: oauth.redirect_port, else any free port)")
    sp.add_argument("--timeout", type=float, metavar="SECONDS", default=LOGIN_SECONDS,
                    help="Google: how long to wait for the sign-in page's answer (default 300)")
    sp = add("status", cmd_status, "per account: signed in or needs login, last pass, last error, what waits")
    sp.add_argument("--account", metavar="NAME", help="only this account")
    sp.add_argument("--json", action="store_true", help="JSON on stdout")
    sp.add_argument("--stale-after", type=_minutes, metavar="MINUTES",
                    help="a health check: exit 11 when an account is not ok or its last good pass is older "
                         "than MINUTES (or it never had one)")
    sp = add("service", cmd_service, "install Onward as a systemd user service, or say how it is")
    sp.add_argument("action", choices=["install", "status"], help="install: write ~/.config/systemd/user/"
                    "onward.service; status: installed, enabled, running, the last error in the journal")
    sp.add_argument("--force", action="store_true", help="install: replace a unit file that was changed by hand")
    sp.add_argument("--write-env", action="store_true", help="install: write ~/.config/onward/onward.env "
                    "(mode 0600) with the password variables the config names, from this shell's environment")
    sp.add_argument("--json", action="store_true", help="status: JSON on stdout")


def selected(args: argparse.Namespace, settings: Settings) -> list[Settings]:
    """The settings of each account the command works on (``--account``: one; else all)."""
    return settings.select(getattr(args, "account", None))


def secret_for(settings: Settings) -> Any:
    """The account's password, or its token source (OAuth2, token command)."""
    if settings.require_imap().uses_oauth:
        from agent.accounts.tokens import provider_for
        return provider_for(settings)
    return resolve_password(settings.require_imap())


def account_filter(args: argparse.Namespace) -> str | None:
    """``--account`` of a record listing, checked against the config (a name no account has: exit 2)."""
    name = getattr(args, "account", None)
    if name is not None:
        settings_for(args, required=False).select(name)
    return name


# -- run --once over the accounts ---------------------------------------------------------------------


def run_once(chosen: Sequence[Settings], store: Any, classifier: Any, stop: StopFlag, now: datetime | None) -> int:
    """One pass per account, in config order; one account's failure does not stop the others. With one
    account its error ends the command as before (its own exit code); with several, each is reported
    on a line of its own and the exit code is 9 when an account needs ``onward login``, else the
    first error's. On a shared database each pass holds its account's lease (:func:`account_turn`): an
    account a worker of the pool holds is not passed (a line names the worker; exit 6). ``classifier``:
    the loaded model, or a :class:`ModelLoading` still loading it."""
    with collector_paused():
        from agent.loop import remember
        from agent.mail.imap import MailboxError, NeedsLoginError
        from agent.pipeline import Agent
    if isinstance(classifier, ModelLoading):
        classifier = classifier.result()  # loaded while the above was imported
    code, needs_login = EXIT_OK, False
    for settings in chosen:
        if stop:
            break
        with account_turn(settings, store, stop) as lease:
            if not turn_taken(settings.account, lease, "passed"):
                code = code or EXIT_LOCK
                continue
            agent = Agent(settings, store, classifier, stop=stop)
            try:
                report = agent.run_pass(now)
            except MailboxError as exc:
                remember(agent, exc, datetime.now(UTC))  # when it ended, on the real clock (not --now)
                if len(chosen) == 1:
                    raise
                text = str(exc)
                print(f"onward: {text if text.startswith('account ') else f'account {settings.account}: {text}'}",
                      file=sys.stderr)
                needs_login = needs_login or isinstance(exc, NeedsLoginError)
                code = code or exc.exit_code
                continue
        if not turn_kept(settings.account, lease):
            code = code or EXIT_LOCK
            continue
        remember(agent, None, datetime.now(UTC))
        where = f" ({settings.account})" if len(chosen) > 1 else ""
        print(f"pass done{where}: {report.summary()}", file=sys.stderr)
    return EXIT_NEEDS_LOGIN if needs_login else code


# -- a one-off pass beside a worker pool ------------------------------------------------------------------


def account_turn(settings: Settings, store: Any, stop: StopFlag) -> AbstractContextManager[OneOffLease | None]:
    """The time a one-off command (``run --once``, ``backfill``) works one account: on a shared database
    (PostgreSQL) it holds the account's lease meanwhile, so no worker of the pool passes it at the same
    moment (a lease lost meanwhile sets ``stop``); on SQLite nothing here (None) - the single-instance
    lock, taken by the command, keeps the daemon away (docs/scaling.md)."""
    if not shares_accounts(settings.storage.database):
        return nullcontext(None)
    from agent.accounts.leases import OneOffLease  # lazy: the store (a command that needs no lease loads none)
    return OneOffLease(store, settings.account, settings.daemon.lease_seconds, stop.set)


def turn_taken(account: str, lease: OneOffLease | None, doing: str) -> bool:
    """Whether the command may work ``account`` now; when another holds its lease, one line says who."""
    if lease is None or lease.held:
        return True
    who = lease.other
    named = (f"{who.id} (pid {who.pid} on {who.host}{f' since {who.since}' if who.since else ''})" if who
             else "another process")
    print(f"onward: account {account} is worked by {named}, which holds its lease: not {doing} here; stop "
          "that worker first to do it here (docs/scaling.md)", file=sys.stderr)
    return False


def turn_kept(account: str, lease: OneOffLease | None) -> bool:
    """False, with one line, when the command lost the account's lease while it worked it (it stopped)."""
    if lease is None or not lease.lost:
        return True
    who = f" to {lease.other.id}" if lease.other else ""
    print(f"onward: account {account}: its lease was lost{who} while this command worked it (this process "
          "was held up longer than daemon.lease_seconds): stopped at a safe point; what it recorded is kept",
          file=sys.stderr)
    return False


# -- login --------------------------------------------------------------------------------------------


def cmd_login(args: argparse.Namespace) -> int:
    from agent.accounts import state
    from agent.accounts.tokens import GoogleTokens, MicrosoftTokens, provider_for
    settings = settings_for(args)
    if args.account is None:
        oauth = [a.name for a in settings.accounts if a.imap.auth in ("microsoft", "google")]
        if len(oauth) != 1:
            raise CliError("--account NAME: which account? (accounts that sign in with OAuth2: "
                           f"{', '.join(oauth) or 'none'})", EXIT_CONFIG)
        args.account = oauth[0]
    acct = settings.select(args.account)[0]
    auth = acct.require_imap().auth
    if auth not in ("microsoft", "google"):
        raise CliError(f"account {acct.account} signs in with auth = {auth!r}: there is nothing to log in "
                       "(onward check tests the sign-in)", EXIT_CONFIG)
    tokens = provider_for(acct)

    def say(text: str) -> None:
        print(text, flush=True)

    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(line_buffering=True)  # the flow prints its URL itself: show it at once

    if isinstance(tokens, GoogleTokens):
        if not 0 < args.timeout <= 86400:
            raise CliError(f"--timeout {args.timeout:g}: expected seconds from 1 to 86400", EXIT_CONFIG)
        tokens.login(say, browser=not args.no_browser, port=args.port, timeout=args.timeout)
    else:
        assert isinstance(tokens, MicrosoftTokens)
        tokens.login(say)
    store = open_store(acct)
    try:
        state.signed_in(store, acct.account, auth, datetime.now(UTC))
    finally:
        store.close()
    print(f"signed in: account {acct.account} ({auth}); tokens kept in {tokens.store.where}. "
          "The daemon refreshes them from now on.", flush=True)
    return EXIT_OK


# -- status -------------------------------------------------------------------------------------------


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value <= 525_600:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of minutes (more than 0, at most a year)")
    return value


def stale_accounts(rows: Sequence[dict[str, Any]], now: datetime, minutes: float) -> list[str]:
    """Why each account is unhealthy: not ok, never a good pass, or none within ``minutes`` of ``now``."""
    reasons = []
    for r in rows:
        last = datetime.fromisoformat(r["last_pass_at"]) if r["last_pass_at"] else None
        if r["state"] != "ok":
            reasons.append(f"account {r['account']} is {r['state']}: {r['last_error'] or r['hint'] or '?'}")
        elif last is None:
            reasons.append(f"account {r['account']} has had no good pass yet")
        elif (now - last).total_seconds() > minutes * 60:
            reasons.append(f"account {r['account']}: last good pass {r['last_pass_at']}, "
                           f"more than {minutes:g} minutes ago")
    return reasons


def cmd_status(args: argparse.Namespace) -> int:
    rows = status_rows(args)
    stale = [] if args.stale_after is None else stale_accounts(rows, datetime.now(UTC), args.stale_after)
    for reason in stale:
        print(f"onward: {reason}", file=sys.stderr)
    code = EXIT_STALE if stale else EXIT_OK
    if args.json:
        emit_json(rows)
        return code
    table = [dict(r, idle=_idle_cell(r["idle"]), worker=_worker_cell(r["worker"])) for r in rows]
    print_table(table, ["account", "auth", "state", "idle", "worker", "last_pass_at", "review", "followups_due",
                        "last_error"], "no account configured", wrap=["last_error", "idle", "worker"])
    for r in rows:
        if r["state"] == "needs_login":
            print(f"\naccount {r['account']} needs a new sign-in; run: onward login --account {r['account']}",
                  file=sys.stderr)
    if any((r["idle"] or {}).get("state") == "watching" for r in rows):
        print(f"\n{IDLE_NOTE}", file=sys.stderr)
    print(f"\nmodel: {rows[0]['model'] if rows else model_path(settings_for(args))}", file=sys.stderr)
    return code


def _worker_cell(worker: dict[str, Any] | None) -> str:
    """The WORKER column: "<id> since <time>" (the id is host:pid[:random]), or "-" when nobody works it."""
    if worker is None:
        return "-"
    return f"{worker['id']} since {worker['since'][:16].replace('T', ' ')}"


def _idle_cell(idle: dict[str, Any] | None) -> str:
    """The IDLE column: "watching", "polling", "stopped", or "lost since <time>: <error>"."""
    if idle is None:
        return "-"
    if idle["state"] == "lost":
        return f"lost since {idle['since'][:16].replace('T', ' ')}: {idle['error'] or '?'}"
    return str(idle["state"])


def status_rows(args: argparse.Namespace) -> list[dict[str, Any]]:
    from agent.accounts import state
    from agent.accounts.tokens import provider_for
    settings = settings_for(args)
    chosen = selected(args, settings)
    store = open_store(settings)
    try:
        known, watched = state.states(store), state.watches(store)
        with store.transaction() as conn:
            review, due = state.waiting(conn, datetime.now(UTC))
        workers = _workers(settings, store, {a: w.state for a, w in watched.items()})
    finally:
        store.close()
    from agent.model.registry import model_in_use
    use = model_in_use(settings)  # shipped | personal model N | the file classifier.model names
    model = "shipped" if use["model"] == "shipped" else (
        f"personal model {use['number']}" if "number" in use else str(model_path(settings)))
    rows = []
    for acct in chosen:
        imap = acct.require_imap()
        row = known.get(acct.account)
        current = row.state if row is not None else "ok"
        if imap.auth in ("microsoft", "google") and not provider_for(acct).signed_in():  # type: ignore[attr-defined]
            current = "needs_login"
        rows.append({"account": acct.account, "auth": imap.auth, "state": current,
                     "last_pass_at": row.last_pass_at if row is not None else None,
                     "last_error": row.last_error if row is not None and current != "ok" else None,
                     "last_error_at": row.last_error_at if row is not None else None,
                     "host": imap.host, "username": imap.username,
                     "review": review.get(acct.account, 0), "followups_due": due.get(acct.account, 0),
                     "model": model,
                     "idle": ({"state": w.state, "since": w.since, "error": w.error}
                              if (w := watched.get(acct.account)) is not None else None),
                     "hint": f"run: onward login --account {acct.account}" if current == "needs_login" else None,
                     "worker": ({"id": h.id, "host": h.host, "pid": h.pid, "since": h.since}
                                if (h := workers.get(acct.account)) is not None else None)})
    return rows


def _workers(settings: Settings, store: Any, watching: dict[str, str]) -> dict[str, Any]:
    """account → the worker working it: on a server database the holder of its lease; on SQLite the daemon
    holding the single-instance lock, for the accounts it works (docs/scaling.md)."""
    # lazy, as the other imports of status: the record's modules load SQLAlchemy
    from agent.accounts.leases import daemon_holds, holders, instance_holder
    from agent.record.store import lock_path_for
    if shares_accounts(settings.storage.database):
        return dict(holders(store))
    lock = lock_path_for(settings.storage.database, Path(platformdirs.user_data_dir(APP_NAME)))
    return dict(daemon_holds(instance_holder(lock), watching))
