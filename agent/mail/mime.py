"""MIME structure: the text parts of a message (bounded walk), the fast path that builds the
feedparser's tree without reading every line, and a large message rebuilt from its header + text part.


------------------------------
The feedparser reads every line of a message, attachments included (and compiles a regex per
boundary), which made it most of the cost of :func:`parse_message`. So the message is first
offered to a fast path that builds *the same compat32* ``Message`` *tree* (as far as
:func:`_build` can observe it) without the line walk, and :func:`_build` then runs unchanged:

* each entity's header block ends at its first empty line (``\n\r?\n``); it is accepted only if
  every line is ``name:value`` or a continuation, ends in LF/CRLF, and none starts with ``From ``
  (so the feedparser would report no header defect); the (name, value) pairs are then made exactly
  as ``FeedParser._parse_headers`` + ``compat32.header_source_parse`` make them;
* a multipart's delimiter lines are found with ``bytes.find("--" + boundary)`` inside the region
  its parent left it (so an enclosing boundary always wins, as with the feedparser's EOF
  matchers), checking line start and the ``(--)?[ \t]*`` + line break tail; sub-parts are recursed
  into (iteratively) and only text/plain and text/html leaves get a payload (the bytes of the part,
  ASCII/surrogate-escape decoded, minus the line break that belongs to the next delimiter);
  other parts are never read past their headers;
* the top-level defects the feedparser would record in these cases are recorded too
  (``CloseBoundaryNotFoundDefect`` for a partial fetch cut inside an attachment,
  ``InvalidMultipartContentTransferEncodingDefect``).

It defers to the slow path (returns None) on anything else: an entity without a header/body
separator, a header block the feedparser would flag or special-case, message/* parts (and
multipart/digest children typed so by default), multipart without a boundary or with a non-ASCII
one, no first delimiter, an empty part or repeated delimiter line, a bare CR next to a delimiter,
more than :data:`FAST_MAX_DEPTH` levels or :data:`FAST_MAX_PARTS` entities, or any exception.
``tests/unit/test_mail_fastpath.py`` checks fast == slow (every field, defects included) on the
torture corpus, generated realistic mail and hypothesis-mutated/generated MIME trees.

"""

from __future__ import annotations

import email.errors
import email.parser
import email.policy
import email.utils
import re
from collections.abc import Iterator
from email.message import Message

from .headers import MAX_DEPTH, MAX_PART_BYTES, MAX_PARTS, MAX_TEXT_CHARS, decode_bytes
from .htmltext import html_to_text

# --------------------------------------------------------------------------------------------------
# body extraction
# --------------------------------------------------------------------------------------------------

def _iter_text_parts(msg: Message, defects: list[str]) -> Iterator[Message]:
    """Yield text/plain and text/html leaves, iteratively, bounded in depth and count.

    Does not descend into message/* parts (forwarded mail is not this message's text) and skips
    parts marked as attachments.
    """
    stack: list[tuple[Message, int]] = [(msg, 0)]
    leaves = 0
    while stack:
        part, depth = stack.pop()
        try:
            ctype = part.get_content_type()
        except Exception:  # noqa: BLE001
            ctype = "text/plain"
        if part.is_multipart():
            if depth >= MAX_DEPTH:
                defects.append("multipart nesting too deep; inner parts skipped")
                continue
            payload = part.get_payload()
            if isinstance(payload, list) and ctype.startswith("multipart/"):
                stack.extend((p, depth + 1) for p in reversed(payload) if isinstance(p, Message))
            continue
        leaves += 1
        if leaves > MAX_PARTS:
            defects.append("too many MIME parts; rest skipped")
            return
        if ctype.startswith("multipart/"):
            defects.append("multipart without usable boundary; treated as text")
        elif ctype not in ("text/plain", "text/html"):
            continue
        try:
            disp = (part.get("Content-Disposition") or "")
            if isinstance(disp, str) and disp.strip().lower().startswith("attachment"):
                continue
        except Exception:  # noqa: BLE001
            pass
        yield part


def _part_text(part: Message, defects: list[str]) -> str | None:
    """Decoded text of a leaf part, or None if it is too big or undecodable."""
    raw_payload = part.get_payload()
    if not isinstance(raw_payload, str):
        return None
    if len(raw_payload) > MAX_PART_BYTES * 4 // 3 + 1024:
        defects.append(f"skipped {len(raw_payload)}-char text part (too large)")
        return None
    before = len(part.defects)
    try:
        data = part.get_payload(decode=True)
    except Exception as exc:  # noqa: BLE001
        defects.append(f"undecodable part payload ({type(exc).__name__})")
        return None
    for d in part.defects[before:]:
        defects.append(f"part: {type(d).__name__}")
    if not isinstance(data, bytes | bytearray):
        return None
    if len(data) > MAX_PART_BYTES:
        defects.append(f"skipped {len(data)}-byte text part (too large)")
        return None
    try:
        charset = part.get_param("charset")
    except Exception:  # noqa: BLE001
        charset = None
    if isinstance(charset, tuple):  # RFC 2231 encoded param: (charset, lang, value)
        charset = charset[2] if len(charset) == 3 else None
    if charset is not None and not isinstance(charset, str):
        charset = None
    return decode_bytes(bytes(data), charset, defects)


def extract_text(msg: Message, defects: list[str]) -> tuple[str, bool]:
    """Preferred body text and whether it came from HTML."""
    plain: list[str] = []
    html_parts: list[Message] = []  # decoded only when there is no plain text (most often there is)
    budget = MAX_TEXT_CHARS * 2
    for part in _iter_text_parts(msg, defects):
        try:
            is_html = part.get_content_type() == "text/html"
        except Exception:  # noqa: BLE001
            is_html = False
        if is_html:
            html_parts.append(part)
            continue
        text = _part_text(part, defects)
        if text is None:
            continue
        plain.append(text)
        budget -= len(text)
        if budget <= 0:
            break
    body = "\n\n".join(t.strip("\r\n") for t in plain if t.strip())
    html_only = False
    stub = bool(body.strip()) and bool(html_parts) and is_stub(body)
    htmls = [] if body.strip() and not stub else _decoded_html(html_parts, defects)
    from_html = "\n\n".join(html_to_text(h[: MAX_TEXT_CHARS * 4]) for h in htmls) if htmls else ""
    if htmls and (not stub or len(from_html.strip()) > len(body.strip()) + 40):
        body = from_html  # no plain text, or a stub that the HTML part says more than
        html_only = True
    elif plain and _looks_like_html(body):
        # text/plain that is really HTML (common with cheap bulk mailers)
        body = html_to_text(body[: MAX_TEXT_CHARS * 4])
    body = body.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if len(body) > MAX_TEXT_CHARS:
        body = body[:MAX_TEXT_CHARS]
        defects.append("text truncated")
    return body, html_only


def _decoded_html(parts: list[Message], defects: list[str]) -> list[str]:
    out: list[str] = []
    budget = MAX_TEXT_CHARS * 2
    for part in parts:
        text = _part_text(part, defects)
        if text is not None:
            out.append(text)
            budget -= len(text)
            if budget <= 0:
                break
    return out


_STUB_RE = re.compile(r"(?:view|read|open|see|display)\w*\s+(?:this|the|it|our|in)?\s*(?:message|e-?mail|newsletter|"
                      r"version|it)?\s*(?:in|on)\s+(?:your|a|the)\s+(?:web\s*)?browser|having trouble (?:viewing|reading)|"
                      r"web version|online version|view online", re.IGNORECASE)


def is_stub(plain: str) -> bool:
    """Whether a text/plain part may only stand in for the HTML one: a "view this message in your
    browser" note, or a heading of a few words (LinkedIn's "An update from X"). The HTML part is then
    read too, and used when it says clearly more (see :func:`extract_text`)."""
    text = plain.strip()
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if len(text) < 160 and len(lines) <= 2:
        return True
    return len(text) < 800 and bool(_STUB_RE.search(text))


_HTMLISH_RE = re.compile(r"\A\s*(?:<!doctype html|<html\b|<body\b|<table\b|<div\b)", re.IGNORECASE)


def _looks_like_html(text: str) -> bool:
    return bool(_HTMLISH_RE.match(text[:500]))


# --------------------------------------------------------------------------------------------------
# fast path: the same Message tree as the feedparser, without walking every line
# --------------------------------------------------------------------------------------------------

FAST_MAX_DEPTH = 32          # deeper multipart nesting -> slow path (its recursion behaviour is kept)
FAST_MAX_PARTS = 1000        # more MIME entities -> slow path

# First empty line of an entity, as the feedparser sees it once bare CRs are excluded.
_BLANK_LINE_RE = re.compile(rb"\n\r?\n")
# A header block the feedparser parses without any defect and without special cases: every line is
# "name:value" (name = printable ASCII but ":", at least one char) or a continuation (space/tab),
# the first line is not a continuation, every line ends in LF or CRLF (no bare CR, which the
# feedparser also treats as a line break), and no line starts with "From " (unix-from and
# envelope-header handling). Anything else -> slow path.
_HEADER_BLOCK_RE = re.compile(rb"[\x21-\x39\x3b-\x7e]+:[^\r\n]*\r?\n"
                              rb"(?:(?:[\x21-\x39\x3b-\x7e]+:|[ \t])[^\r\n]*\r?\n)*")
# What may follow "--boundary" on a delimiter line (the feedparser's boundary regex, minus bare CR).
_DELIM_TAIL_RE = re.compile(rb"(--)?[ \t]*(\r\n|\n|\r|\Z)")


class _Defer(Exception):
    """The fast path is not sure it would match the feedparser: use the slow path."""


def _fast_entity(data: bytes, s: int, e: int, parent_ctype: str | None) -> tuple[Message, int]:
    """Headers of the entity in ``data[s:e]`` -> (Message, body start). Raises :class:`_Defer`."""
    if data.startswith(b"\n", s, e) or data.startswith(b"\r\n", s, e):
        hdr_end, body = s, s + (1 if data[s] == 0x0A else 2)  # no headers at all
    else:
        m = _BLANK_LINE_RE.search(data, s, e)
        if m is None:
            raise _Defer("no header/body separator")
        hdr_end, body = m.start() + 1, m.end()
        if _HEADER_BLOCK_RE.fullmatch(data, s, hdr_end) is None:
            raise _Defer("unusual header block")
    msg = Message()
    if parent_ctype == "multipart/digest":
        msg.set_default_type("message/rfc822")
    if hdr_end > s:
        # exactly what FeedParser._parse_headers + compat32.header_source_parse + set_raw do
        lines = data[s:hdr_end].decode("ascii", "surrogateescape").split("\n")
        lines.pop()  # "" after the final LF
        current: list[str] = []
        for line in lines:
            line += "\n"
            if line[0] in " \t":
                current.append(line)
                continue
            if current:
                name, value = current[0].split(":", 1)
                msg.set_raw(name, (value.lstrip(" \t") + "".join(current[1:])).rstrip("\r\n"))
            current = [line]
        name, value = current[0].split(":", 1)
        msg.set_raw(name, (value.lstrip(" \t") + "".join(current[1:])).rstrip("\r\n"))
    return msg, body


def _strip_eol(text: str) -> str:
    """The feedparser gives the line break before a delimiter line to the delimiter."""
    if text.endswith("\r\n"):
        return text[:-2]
    if text.endswith(("\n", "\r")):
        return text[:-1]
    return text


def fast_tree(raw: bytes) -> Message | None:
    """The Message tree ``BytesParser(policy=compat32).parsebytes(raw)`` would build, as far as
    :func:`_build` can tell (same headers, same top-level defects, same multipart structure, same
    payload of every text/plain and text/html leaf), or None when not sure.

    Boundaries are found with ``bytes.find`` and parts that are not text/plain or text/html
    (attachments) are never looked at beyond their headers.
    """
    try:
        return _fast_tree_or_defer(raw)
    except _Defer:
        return None
    except Exception:  # noqa: BLE001 - never worse than the slow path
        return None


def _fast_tree_or_defer(raw: bytes) -> Message:
    n = len(raw)
    root, body = _fast_entity(raw, 0, n, None)
    entities = 1
    # work items: (message, body start, region end, depth); a region ends at the first delimiter
    # line of any enclosing multipart, so only the entity's own boundary needs to be looked for
    work = [(root, body, n, 0)]
    while work:
        msg, s, e, depth = work.pop()
        maintype = msg.get_content_maintype()
        if maintype == "message":
            raise _Defer("message/* part")  # parsed as a nested message by the slow path
        if maintype != "multipart":
            if msg.get_content_type() in ("text/plain", "text/html"):
                text = raw[s:e].decode("ascii", "surrogateescape")
                msg.set_payload(text if msg is root else _strip_eol(text))
            continue
        boundary = msg.get_boundary()
        if not boundary:
            raise _Defer("multipart without boundary")
        if depth >= FAST_MAX_DEPTH:
            raise _Defer("deep nesting")
        try:
            sep = ("--" + boundary).encode("ascii", "surrogateescape")
        except UnicodeEncodeError:
            raise _Defer("non-ASCII boundary") from None
        if str(msg.get("content-transfer-encoding", "8bit")).lower() not in ("7bit", "8bit", "binary"):
            msg.defects.append(email.errors.InvalidMultipartContentTransferEncodingDefect())
        # delimiter lines in [s, e): (line start, next line start, is close delimiter)
        delims: list[tuple[int, int, bool]] = []
        pos = s
        while True:
            q = raw.find(sep, pos, e)
            if q < 0:
                break
            pos = q + 1
            if q != s:
                before = raw[q - 1]
                if before == 0x0D:
                    raise _Defer("bare CR before a boundary")
                if before != 0x0A:
                    continue  # not at the start of a line
            tail = _DELIM_TAIL_RE.match(raw, q + len(sep), e)
            if tail is None:
                continue
            if tail.group(2) == b"\r":
                raise _Defer("bare CR after a boundary")
            close = tail.group(1) is not None
            delims.append((q, tail.end(), close))
            if close:
                break
            pos = tail.end()
        if not delims or delims[0][2]:
            raise _Defer("start boundary not found")
        closed = delims[-1][2]
        children: list[Message | str] = []
        ctype = msg.get_content_type()
        for i in range(len(delims) - (1 if closed else 0)):
            cs = delims[i][1]
            ce = delims[i + 1][0] if i + 1 < len(delims) else e
            if cs >= ce:
                raise _Defer("empty part or repeated boundary line")
            entities += 1
            if entities > FAST_MAX_PARTS:
                raise _Defer("too many parts")
            child, cbody = _fast_entity(raw, cs, ce, ctype)
            children.append(child)
            work.append((child, cbody, ce, depth + 1))
        msg.set_payload(children)
        if not closed:
            msg.defects.append(email.errors.CloseBoundaryNotFoundDefect())
    return root



# --------------------------------------------------------------------------------------------------
# a large message read as its header + one text part (see Mailbox.fetch)
# --------------------------------------------------------------------------------------------------
_CONTENT_FIELDS = (b"content-type", b"content-transfer-encoding", b"content-disposition")
_PARAM_VALUE_RE = re.compile(r"[^A-Za-z0-9._+-]")


def with_text_part(header: bytes, part: bytes, subtype: str, charset: str | None,
                   encoding: str | None) -> bytes:
    """A message of ``header`` (the original header block) and one text part (``part``, still in its
    transfer encoding), so that a multi-megabyte message is parsed from the few kilobytes that matter.

    The original Content-Type/-Transfer-Encoding/-Disposition fields (folded lines included) give way
    to the part's own; their values come from the server's BODYSTRUCTURE, so they are reduced to token
    characters - nothing in them can start a new header line."""
    kept: list[bytes] = []
    drop = False
    for line in header.splitlines(keepends=True):
        if line in (b"\r\n", b"\n"):
            break  # end of the header block
        if line[:1] in (b" ", b"\t"):
            if not drop:
                kept.append(line)
            continue
        drop = line.split(b":", 1)[0].strip().lower() in _CONTENT_FIELDS
        if not drop:
            kept.append(line if line.endswith(b"\n") else line + b"\r\n")
    sub = _PARAM_VALUE_RE.sub("", subtype).lower() or "plain"
    ctype = f"Content-Type: text/{sub}"
    if charset and (cs := _PARAM_VALUE_RE.sub("", charset)):
        ctype += f'; charset="{cs}"'
    fields = [ctype.encode("ascii")]
    if encoding and (enc := _PARAM_VALUE_RE.sub("", encoding).lower()):
        fields.append(f"Content-Transfer-Encoding: {enc}".encode("ascii"))
    return b"".join(kept) + b"\r\n".join(fields) + b"\r\n\r\n" + part


