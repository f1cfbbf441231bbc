"""Reading emails from files for ``onward classify`` / ``evaluate``: .eml, mbox and JSONL.

Kept apart from the CLI so that the format detection is testable: a file ending in ``.jsonl`` (or
``.json``) is JSON lines; a file whose first line starts with ``From `` is an mbox; anything else
is one RFC 5322 message. Messages are returned in input order.

A file that cannot be read says what it is (``no such file``, ``is a directory``, ``is empty``, ...).
``onward classify`` reports each such file and classifies the others (``problems``); a JSONL field
that is ``null`` (subject, body, from, id) counts as absent, as real exports write them.
"""

from __future__ import annotations

import gzip
import json
import mailbox as std_mailbox
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agent.mail.parse import email_text, parse_message
from agent.mail.types import MessageParseError


class InputError(ValueError):
    """A file that cannot be read as email input (the message names the file and line)."""


@dataclass(frozen=True)
class InputItem:
    id: str
    subject: str
    body: str
    sender: str
    label: str | None = None


def read_inputs(paths: Iterable[str | Path], problems: list[str] | None = None) -> list[InputItem]:
    """The messages of all ``paths``. A bad file raises InputError, or, given a ``problems`` list, is
    reported there (one line naming the file and what is wrong) while the other files are read."""
    items: list[InputItem] = []
    for raw_path in paths:
        try:
            items.extend(read_input(Path(raw_path)))
        except InputError as exc:
            if problems is None:
                raise
            problems.append(str(exc))
    return items


def read_input(path: Path) -> list[InputItem]:
    """The messages of one file: JSONL by its name, else an mbox or one RFC 5322 message."""
    check_readable(path)
    try:
        if path.suffix.lower() in (".jsonl", ".json", ".ndjson") or path.name.endswith(".jsonl.gz"):
            return read_jsonl(path)
        if _is_mbox(path):
            return read_mbox(path)
        return [_from_bytes(str(path), path.read_bytes())]
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None


def check_readable(path: Path) -> None:
    """InputError saying what ``path`` is when it is not a non-empty regular file."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path}: is a directory (name the files in it, e.g. {path}/*.eml)")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{path}: is not a regular file (a device, pipe or socket)")
    if st.st_size == 0:
        raise InputError(f"{path}: is empty")


def _is_mbox(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(5) == b"From "


def _from_bytes(item_id: str, raw: bytes) -> InputItem:
    try:
        parsed = parse_message(raw)
    except MessageParseError as exc:
        raise InputError(f"{item_id}: {exc}") from None
    subject, body, sender = email_text(parsed)
    return InputItem(id=item_id, subject=subject, body=body, sender=sender)


def read_mbox(path: Path) -> list[InputItem]:
    box = std_mailbox.mbox(str(path), create=False)
    try:
        return [_from_bytes(f"{path}#{i}", box.get_bytes(key)) for i, key in enumerate(box.keys(), 1)]
    finally:
        box.close()


def iter_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line of a JSONL file (``.gz`` too); errors name the line."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{lineno}: not valid JSON: {exc.msg}") from None
            if not isinstance(obj, dict):
                raise InputError(f"{path}:{lineno}: expected a JSON object")
            yield lineno, obj


def read_jsonl(path: Path) -> list[InputItem]:
    items = []
    for lineno, obj in iter_jsonl(path):
        if not all(isinstance(obj.get(k), (str, type(None))) for k in ("subject", "body")):
            raise InputError(f"{path}:{lineno}: expected an object with string fields subject and body")
        if "subject" not in obj and "body" not in obj:
            raise InputError(f"{path}:{lineno}: needs at least one of subject, body")
        item_id = obj.get("id")
        items.append(InputItem(id=f"{path.name}:{lineno}" if item_id is None else str(item_id),
                               subject=obj.get("subject") or "", body=obj.get("body") or "",
                               sender=str(obj.get("from") or ""), label=obj.get("label")))
    return items


def describe_labelled_dir(path: Path, labels: Iterable[str]) -> str:
    """What a ``--data`` folder holds when no labelled example was found in it (for the error line)."""
    if not path.is_dir():
        return f"{path}: no labelled lines"
    entries = list(path.iterdir())
    emls = sum(1 for p in entries if p.suffix.lower() == ".eml" and p.is_file())
    subs = sorted(p.name for p in entries if p.is_dir())
    known = set(labels)
    found = [f"{emls} .eml file(s) directly in it" if emls else "no .eml file directly in it"]
    if subs:
        other = [s for s in subs if s.lower() not in known]
        found.append(f"sub-folder(s) {', '.join(subs[:6])}{' ...' if len(subs) > 6 else ''}"
                     + (f" ({', '.join(other[:6])} not a label)" if other else " (no .eml inside)"))
    else:
        found.append("no sub-folder")
    return f"{path}: found {' and '.join(found)}"
