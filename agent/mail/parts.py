"""Which part of a message to read, and what a FETCH answer holds: pure helpers of
:meth:`agent.mail.imap.Mailbox.fetch` (no IMAP here, so they are tested without a server)."""

from __future__ import annotations

import re
from typing import Any

_TOP_TYPE_RE = re.compile(rb"^content-type:[ \t]*([a-z0-9!#$&^_.+-]+)/", re.I | re.M)
_TEXT_PART_RE = re.compile(rb"^content-type:[ \t]*text/(?:plain|html)\b", re.I | re.M)


def text_in_partial(raw: bytes) -> bool:
    """Whether the first bytes of a message already hold the start of its text: a single-part text (or
    untyped) message, or a multipart whose first bytes contain a text/plain or text/html part header.
    A cheap byte scan that decides whether a large message needs its BODYSTRUCTURE read (it errs
    towards "no", which only costs a second look)."""
    end = raw.find(b"\r\n\r\n")
    end = raw.find(b"\n\n") if end < 0 else end
    head, body = (raw, b"") if end < 0 else (raw[:end], raw[end:])
    top = _TOP_TYPE_RE.search(head)
    kind = top.group(1).lower() if top else b"text"
    if kind == b"text":
        return True
    return kind == b"multipart" and _TEXT_PART_RE.search(body) is not None


def text_part_of(structure: Any) -> tuple[str, str, str | None, str | None] | None:
    """(section, subtype, charset, transfer encoding) of the part a reader would read, from an
    imapclient BODYSTRUCTURE: the first text/plain that is not an attachment, else the first such
    text/html; None when there is none.  Parts inside attached messages (message/rfc822) are not
    entered.  Pure, so it is tested without a server."""
    found: dict[str, tuple[str, str, str | None, str | None]] = {}

    def walk(node: Any, section: str) -> None:
        if not isinstance(node, tuple | list) or not node:
            return
        if isinstance(node[0], list):  # multipart: (parts, subtype, params, ...)
            for i, child in enumerate(node[0], 1):
                walk(child, f"{section}.{i}" if section else str(i))
            return
        kind, subtype = _text(node[0]).lower(), _text(node[1] if len(node) > 1 else b"").lower()
        if kind != "text" or subtype not in ("plain", "html") or subtype in found:
            return
        disposition = node[9] if len(node) > 9 else None
        if isinstance(disposition, tuple) and disposition and _text(disposition[0]).lower() == "attachment":
            return
        params = node[2] if isinstance(node[2], tuple) else ()
        charset = next((_text(params[i + 1]) for i in range(0, len(params) - 1, 2)
                        if _text(params[i]).lower() == "charset"), None)
        encoding = _text(node[5]) if len(node) > 5 and node[5] else None
        found[subtype] = (section or "1", subtype, charset, encoding)

    walk(structure, "")
    return found.get("plain") or found.get("html")


def _text(value: Any) -> str:
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("ascii", "replace")
    return value if isinstance(value, str) else ""


def body_of(item: dict[bytes, Any]) -> bytes:
    for key, value in item.items():
        if key.startswith(b"BODY[") and isinstance(value, bytes | bytearray):
            return bytes(value)
    return b""


def expunged(item: dict[bytes, Any]) -> bool:
    """Dovecot answers a FETCH of a message expunged by another session (not yet announced to this
    one) with ``BODY[] NIL``, ``RFC822.SIZE 0`` and an epoch INTERNALDATE; a real message never has
    a NIL body."""
    bodies = [v for k, v in item.items() if k.startswith(b"BODY[")]
    return bool(bodies) and all(v is None for v in bodies)
