"""Reading emails from files for ``onward classify`` / ``evaluate``: .eml, mbox and JSONL.

Kept apart from the CLI so that the format detection is testable: a file ending in ``.jsonl`` (or
``.json``) is JSON lines; a file whose first line starts with ``From `` is an mbox; anything else
is one RFC 5322 message. Messages are returned in input order.
"""

from __future__ import annotations

import gzip
import json
import mailbox as std_mailbox
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


def read_inputs(paths: Iterable[str | Path]) -> list[InputItem]:
    items: list[InputItem] = []
    for raw_path in paths:
        path = Path(raw_path)
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        if path.suffix.lower() in (".jsonl", ".json", ".ndjson") or path.name.endswith(".jsonl.gz"):
            items.extend(read_jsonl(path))
        elif _is_mbox(path):
            items.extend(read_mbox(path))
        else:
            items.append(_from_bytes(str(path), path.read_bytes()))
    return items


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
        if not isinstance(obj.get("subject", ""), str) or not isinstance(obj.get("body", ""), str):
            raise InputError(f"{path}:{lineno}: expected an object with string fields subject and body")
        if "subject" not in obj and "body" not in obj:
            raise InputError(f"{path}:{lineno}: needs at least one of subject, body")
        items.append(InputItem(id=str(obj.get("id", f"{path.name}:{lineno}")),
                               subject=obj.get("subject") or "", body=obj.get("body") or "",
                               sender=str(obj.get("from") or ""), label=obj.get("label")))
    return items
