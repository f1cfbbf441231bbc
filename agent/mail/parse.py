"""Raw RFC 5322 bytes -> :class:`ParsedEmail`.

Parser choice (why not just ``mailparser.parse_from_bytes``)
-------------------------------------------------------------
The daemon parses thousands of messages per second and some of them are hostile, so this module
optimises for two things: it must never raise on bad input (except :class:`MessageParseError` when
there is truly nothing usable) and it must do as little work as possible.

* The primary parser is the stdlib ``email`` package with the ``compat32`` policy. Unlike
  ``policy.default`` it does not build structured header objects (slow, and historically the source
  of ``IndexError``/``RecursionError`` bugs on hostile headers); it just splits the message into raw
  header strings and MIME parts, keeping 8-bit bytes as surrogate escapes so we can recover them.
* Every header is then decoded by small, local functions with their own ``try/except``: a lenient
  RFC 2047 decoder (adjacent encoded words are merged before decoding so multi-byte characters split
  across words survive), charset fallbacks (declared charset -> utf-8 -> cp1252 -> latin-1) and
  ``email.utils.getaddresses`` for address lists. A broken header costs that header, never the message.
* ``mailparser.parse_from_bytes`` decodes every attachment and parses every ``Received`` header, which
  is exactly the work we want to avoid, so it is used only as a last-resort fallback if the stdlib
  parser itself raises (it practically never does).
* Only ``text/plain`` and ``text/html`` leaf parts are decoded (attachments, ``message/rfc822`` and
  parts larger than :data:`MAX_PART_BYTES` are skipped); text is capped at :data:`MAX_TEXT_CHARS`.
* HTML-only mail is converted to text with a linear-time scanner (:func:`html_to_text`), not a
  backtracking regex and not ``html.parser`` (which has had quadratic cases on unclosed constructs).

The fast path lives in :mod:`agent.mail.mime`; header decoding in :mod:`agent.mail.headers`.

Address headers are parsed through a small bounded cache (they repeat: To: is nearly always the
user), which stores each result together with the defects it recorded.
"""

from __future__ import annotations

import email.errors
import email.parser
import email.policy
import email.utils
import hashlib
import re
from collections.abc import Iterable
from email.message import Message

from .headers import (
    MAX_ADDRESSES,
    MAX_DEFECTS,
    header_text,
    normalize_msgid,
    parse_addresses,
    parse_date,
    parse_msgid_list,
)
from .mime import extract_text, fast_tree
from .types import Address, MessageParseError, ParsedEmail

_BYTES_PARSER = email.parser.BytesParser(policy=email.policy.compat32)
_HEADER_PARSER = email.parser.BytesParser(policy=email.policy.compat32)


def _synthetic_id(raw: bytes) -> str:
    return f"<{hashlib.sha256(raw).hexdigest()[:32]}@onward.invalid>"


def _first(headers: dict[str, list[object]], name: str, defects: list[str]) -> object | None:
    values = headers.get(name)
    if not values:
        return None
    if len(values) > 1 and name in ("message-id", "date", "from", "subject", "in-reply-to"):
        defects.append(f"duplicated {name} header; first one used")
    return values[0]


# An autoresponder's answer (RFC 3834 "Auto-Submitted: auto-replied", the X-Autoreply headers of Exchange and
# the older responders), or an out-of-office subject as mail clients write it in the languages drafts are
# written in ("Automatic reply: ...", "Réponse automatique : ...", "Automatisch antwoord: ..."). Bulk and ATS
# mail is "auto-generated", not "auto-replied": an acknowledgement is no autoresponder's answer.
_AUTO_REPLY_SUBJECT_RE = re.compile(
    r"""^\s*(?:automatic\s+reply|auto(?:matic)?[-\s]?reply|autoreply|out\s+of\s+(?:the\s+)?office|abwesenheitsnotiz
      | automatische\s+antwort | r[ée]ponse\s+automatique | absence | automatisch\s+antwoord | afwezig
      | respuesta\s+autom[áa]tica | fuera\s+de\s+la\s+oficina | risposta\s+automatica | fuori\s+sede
      | resposta\s+autom[áa]tica | aus(?:er|ser)\s+haus)\s*:""",
    re.IGNORECASE | re.VERBOSE,
)


def is_auto_reply(headers: dict[str, list[object]], subject: str) -> bool:
    """Whether a message is an autoresponder's answer (headers: lower-cased names)."""
    submitted = " ".join(header_text(v) for v in headers.get("auto-submitted", ())).strip().lower()
    if submitted.startswith("auto-replied") or "x-autoreply" in headers or "x-autorespond" in headers:
        return True
    precedence = " ".join(header_text(v) for v in headers.get("precedence", ())).strip().lower()
    return precedence == "auto_reply" or bool(_AUTO_REPLY_SUBJECT_RE.match(subject))


def _build(msg: Message, raw: bytes, *, with_body: bool, defects: list[str]) -> ParsedEmail:
    headers: dict[str, list[object]] = {}
    try:
        items: Iterable[tuple[str, object]] = msg.raw_items()
    except Exception:  # noqa: BLE001
        items = []
    for name, value in items:
        try:
            key = str(name).strip().lower()
        except Exception:  # noqa: BLE001
            continue
        headers.setdefault(key, []).append(value)

    for d in getattr(msg, "defects", [])[:MAX_DEFECTS]:
        defects.append(type(d).__name__)

    raw_id = _first(headers, "message-id", defects)
    message_id: str | None = normalize_msgid(header_text(raw_id)) if raw_id is not None else None
    synthetic = message_id is None
    if message_id is None:
        if raw_id is not None:
            defects.append("garbage Message-ID replaced")
        message_id = _synthetic_id(raw)

    raw_subject = _first(headers, "subject", defects)
    subject = header_text(raw_subject, defects) if raw_subject is not None else ""

    raw_from = _first(headers, "from", defects)
    from_list = parse_addresses(raw_from, defects) if raw_from is not None else ()
    from_ = from_list[0] if from_list else None
    if from_ is not None and len(headers.get("from", ())) > 1:  # two From headers: which one is meant?
        from_ = Address(from_.name, from_.email, ambiguous=True)
    if from_ is None:
        raw_sender = _first(headers, "sender", defects)
        if raw_sender is not None:
            sender_list = parse_addresses(raw_sender, defects)
            from_ = sender_list[0] if sender_list else None

    def addr_header(name: str) -> tuple[Address, ...]:
        result: list[Address] = []
        for value in headers.get(name, [])[:5]:
            result.extend(parse_addresses(value, defects))
        return tuple(result[:MAX_ADDRESSES])

    raw_date = _first(headers, "date", defects)
    date = parse_date(raw_date, defects) if raw_date is not None else None

    raw_irt = _first(headers, "in-reply-to", defects)
    irt_ids = parse_msgid_list(header_text(raw_irt)) if raw_irt is not None else ()
    refs: tuple[str, ...] = ()
    for ref_value in headers.get("references", [])[:3]:
        refs = parse_msgid_list(" ".join(refs) + " " + header_text(ref_value))

    text, html_only = ("", False)
    if with_body:
        try:
            text, html_only = extract_text(msg, defects)
        except RecursionError:
            defects.append("body too deeply nested")
        except Exception as exc:  # noqa: BLE001 - the headers are still worth having
            defects.append(f"body extraction failed ({type(exc).__name__})")

    parsed = ParsedEmail(
        message_id=message_id,
        message_id_synthetic=synthetic,
        subject=subject,
        from_=from_,
        reply_to=addr_header("reply-to"),
        to=addr_header("to"),
        cc=addr_header("cc"),
        date=date,
        in_reply_to=irt_ids[0] if irt_ids else None,
        references=refs,
        text=text,
        defects=tuple(dict.fromkeys(defects))[:MAX_DEFECTS],
        size=len(raw),
        html_only=html_only,
        headers_only=not with_body,
        auto_reply=is_auto_reply(headers, subject),
    )
    _KNOWN = ("from", "subject", "date", "message-id", "to", "cc", "reply-to", "in-reply-to",
              "references", "sender", "received", "return-path", "mime-version", "content-type")
    if not any(k in headers for k in _KNOWN) and not parsed.text.strip():
        raise MessageParseError("no recognisable headers and no text")
    return parsed


def _as_bytes(raw: object) -> bytes:
    if isinstance(raw, bytes):
        return raw
    if isinstance(raw, bytearray | memoryview):
        return bytes(raw)
    raise MessageParseError(f"expected bytes, got {type(raw).__name__}")


def _parse_with_fallback(raw: bytes, parser: email.parser.BytesParser, headersonly: bool,
                         defects: list[str]) -> Message:
    try:
        return parser.parsebytes(raw, headersonly=headersonly)
    except Exception as exc:  # noqa: BLE001 - extremely rare; try mail-parser, then give up
        defects.append(f"stdlib parser failed ({type(exc).__name__}); used mail-parser")
    try:
        import mailparser

        mp = mailparser.parse_from_bytes(raw)
        message: Message = mp.message
        return message
    except Exception as exc:  # noqa: BLE001
        raise MessageParseError(f"unparseable message: {type(exc).__name__}") from None


def parse_message(raw: bytes) -> ParsedEmail:
    """Parse a full RFC 5322 message. Raises only :class:`MessageParseError`."""
    raw = _as_bytes(raw)
    if not raw.strip():
        raise MessageParseError("empty message")
    return _parse(raw, fast=True)


def _parse(raw: bytes, *, fast: bool) -> ParsedEmail:
    """:func:`parse_message` after its input checks; ``fast=False`` forces the slow path (tests)."""
    defects: list[str] = []
    try:
        msg = fast_tree(raw) if fast else None
        if msg is None:
            msg = _parse_with_fallback(raw, _BYTES_PARSER, False, defects)
        return _build(msg, raw, with_body=True, defects=defects)
    except MessageParseError:
        raise
    except RecursionError as exc:
        raise MessageParseError("message too deeply nested") from exc
    except Exception as exc:  # noqa: BLE001 - the contract: nothing but MessageParseError escapes
        raise MessageParseError(f"unparseable message: {type(exc).__name__}: {exc}"[:200]) from exc


def parse_headers(raw_header_bytes: bytes) -> ParsedEmail:
    """Parse a header-only fetch (e.g. BODY.PEEK[HEADER]); ``text`` is "" and ``headers_only`` True."""
    raw = _as_bytes(raw_header_bytes)
    if not raw.strip():
        raise MessageParseError("empty header block")
    defects: list[str] = []
    try:
        msg = _parse_with_fallback(raw, _HEADER_PARSER, True, defects)
        return _build(msg, raw, with_body=False, defects=defects)
    except MessageParseError:
        raise
    except RecursionError as exc:
        raise MessageParseError("headers too deeply nested") from exc
    except Exception as exc:  # noqa: BLE001
        raise MessageParseError(f"unparseable headers: {type(exc).__name__}: {exc}"[:200]) from exc


def email_text(parsed: ParsedEmail, max_body_chars: int = 20_000) -> tuple[str, str, str]:
    """The classifier's input as (subject, body, sender); sender is "Name <addr>" or "addr".

    Returned as a tuple so this module does not depend on ``agent.model.classifier``:
    ``EmailText(*email_text(parsed))``.
    """
    sender = str(parsed.from_) if parsed.from_ is not None else ""
    return parsed.subject, parsed.text[:max_body_chars], sender
