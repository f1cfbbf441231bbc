"""What the commands share: exit codes, settings and store, the model in force, JSON and tables."""

from __future__ import annotations

import argparse
import email.utils
import gc
import json
import logging
import signal
import sys
import textwrap
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from agent.config import Settings, is_addr_spec, load_settings

if TYPE_CHECKING:
    from agent.record.store import Store

log = logging.getLogger("onward")

EXIT_OK, EXIT_ERROR, EXIT_CONFIG, EXIT_LOCK, EXIT_DB, EXIT_MODEL = 0, 1, 2, 6, 7, 8
EXIT_INTERRUPTED = 128 + signal.SIGINT  # 130, as shells report a command ended by Ctrl-C
EXIT_PIPE = 128 + signal.SIGPIPE  # 141: stdout's reader went away (``| head``)


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.code = code





def one_address(flag: str, value: str) -> tuple[str | None, str]:
    """An address the user typed (``--to``, ``--contact``): one address, bare (``jane@acme.com``) or with a
    display name (``Jane Roe <jane@acme.com>``): (the name or None, the address in lower case). Anything else
    (a list, no address, a line break) is exit 2."""
    pairs = email.utils.getaddresses([value])
    if len(pairs) != 1 or not is_addr_spec(pairs[0][1]) or any(c in value for c in "\r\n"):
        raise CliError(f"{flag} {value!r}: expected one email address such as jane@acme.com or "
                       "\"Jane Roe <jane@acme.com>\"", EXIT_CONFIG)
    name = " ".join(pairs[0][0].split())
    return name or None, pairs[0][1].lower()


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


NOW_HELP = ("the time this command records your word at (ISO, local time zone unless an offset is given), to "
            "replay a history beside run --once --now; default: now")


def command_now(args: argparse.Namespace, settings: Settings) -> datetime:
    """When a command that records the user's word (add, edit, merge, interview, label, a follow-up's action)
    takes place: its ``--now``, else the wall clock."""
    return parse_now(getattr(args, "now", None), settings) or datetime.now(UTC)


def open_store(settings: Settings) -> Store:
    from agent.record.store import Store  # lazy: SQLAlchemy, for the commands that read the record only
    return Store.for_settings(settings)


def load_classifier(settings: Settings) -> Any:
    from agent.model.classifier import Classifier
    return Classifier.load(model_path(settings))


COMMAND_PROCESS = False  # True in the ``onward`` process itself (agent.cli.entry), not in code calling main()


@contextmanager
def collector_paused() -> Iterator[None]:
    """A pass command's imports with the cyclic garbage collector paused, for start-up cost: they make next to no
    garbage, yet allocate enough objects to set off ~120 collections, full ones among them, each going over
    everything imported so far - about 35 ms of a backfill's serial start. In the ``onward`` process what they
    allocated is then frozen (``gc.freeze``: modules, classes and constants that live as long as the process), so
    that the pass's collections do not go over it either (a pass with workers hands everything back to the
    collector when it ends, see agent.intake); elsewhere (tests calling :func:`agent.cli.main`) nothing is
    frozen. The collector runs again as before when the block ends."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if COMMAND_PROCESS and not gc.get_freeze_count():  # once: a process calling main() again freezes no more
            gc.freeze()
        gc.enable()


class ModelLoading:
    """The model in force, loaded in a thread while the command goes on (imports the pass, opens the store,
    takes its lock): ``ModelLoading(settings)`` starts it, :meth:`result` waits for it and returns the
    classifier, or raises what loading raised.  What the load spends outside the interpreter lock
    (reading, checking and decompressing the model files, numpy's sorts: about half of it) then overlaps
    the command's own start.  Call :meth:`result` before the pass forks its workers: the thread has ended
    when it returns."""

    def __init__(self, settings: Settings) -> None:
        self._classifier: Any = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._load, args=(settings,), name="onward-model-load", daemon=True)
        self._thread.start()

    def _load(self, settings: Settings) -> None:
        try:
            self._classifier = load_classifier(settings)
        except BaseException as exc:  # noqa: BLE001 - raised where the command asks for the model
            self._error = exc

    def result(self) -> Any:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._classifier


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



LABELLED_DATA_HELP = (
    "Labelled data (--data): JSONL files with one object per line (fields subject, body, from, label), "
    "or a folder DIR laid out as DIR/<label>/*.eml, one sub-folder per label: rejection, interview, offer, "
    "acknowledgement, other (e.g. DIR/rejection/acme.eml). A folder also contributes its DIR/*.jsonl files; "
    ".eml files directly in DIR are not read (their label is unknown).")


def followup_json(r: Any) -> dict[str, Any]:
    """One ``followups --json`` object (``kind``, ``template``, ``language``, ``role``, ``fix``; ``bounced``: the
    recipients a mail system could not deliver it to, when its latest report came and that report's Message-ID,
    else None)."""
    from agent.followups.rules import (  # lazy: the follow-up rules load for the commands that show follow-ups
        NEEDS_RECIPIENT_DRAFTED,
        NEEDS_RECIPIENT_FIX,
        FollowupStatus,
    )
    from agent.followups.reconcile import DRAFT_BOUNCED_FIX, DRAFT_BOUNCED_PREFIX  # lazy, as above
    fix = None
    if r.status == FollowupStatus.NEEDS_RECIPIENT:
        fix = NEEDS_RECIPIENT_FIX.format(id=r.id) if not r.draft_message_id else DRAFT_BOUNCED_FIX \
            if (r.reason or "").startswith(DRAFT_BOUNCED_PREFIX) else NEEDS_RECIPIENT_DRAFTED
    bounces = r.bounces
    bounced = {"to": list(dict.fromkeys(b.recipient for b in bounces)), "at": bounces[-1].bounced_at,
               "message_id": bounces[-1].message_id} if bounces else None
    return {"id": r.id, "application_id": r.application_id, "company": r.company, "due_at": r.due_at,
            "status": r.status, "to": r.to_addr, "draft_message_id": r.draft_message_id,
            "in_reply_to": r.in_reply_to, "reason": r.reason, "kind": r.kind, "template": r.template,
            "language": r.language, "role": r.role, "fix": fix, "account": r.account,
            "user_action": r.user_action, "ended_by": r.ended_by, "sent_at": r.sent_at, "bounced": bounced}
