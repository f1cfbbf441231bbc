"""Delivery-status reports (bounces): which recipients of the user's mail a mail system gave up on, and which
of the user's emails it was. Pure: raw bytes in, a :class:`Bounce` (or None) out.

Two forms are read:

* **RFC 3464** (``multipart/report; report-type=delivery-status``: Postfix, Exchange, Gmail, most of them):
  each per-recipient block of the ``message/delivery-status`` part whose ``Action`` is ``failed`` (or, without
  an ``Action``, whose ``Status`` is permanent, 5.x.x) names the address: its ``Original-Recipient`` (what the
  user wrote) and ``Final-Recipient`` (where it failed). A report whose recipients were only delayed, relayed
  or delivered is a report all the same, with no failure.
* **a mail system's text** (Exim's "Mail delivery failed", qmail's "failure notice", an Exchange
  "Undeliverable:" / "Unzustellbar:" / "Non remis :", ... from a mailer-daemon or postmaster, or marked
  ``Auto-Submitted``): the addresses written in the report's own words, before the copy of the user's email it
  quotes; when that copy names its recipients (``To``, ``Cc``), only those of them.

The user's email is named by the Message-ID of the copy a report returns (a ``message/rfc822`` or
``text/rfc822-headers`` part, or the headers a text report quotes), else by the report's own ``In-Reply-To``
(or the last of its ``References``) where a provider threads it under that email - never guessed from a
subject, a date or a recipient. Every address returned is written in the report; the report's sender and
recipients (the mail system, the user) and the mail system's own mailboxes never are.
"""

from __future__ import annotations

import email.parser
import email.policy
import email.utils
import re
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import Message

from .headers import decode_bytes, header_text, normalize_msgid, parse_msgid_list
from .htmltext import html_to_text
from .parse import parse_headers
from .types import MessageParseError, ParsedEmail

MAX_PARTS = 50               # parts of a report looked at (a report has three or four)
MAX_REPORT_CHARS = 50_000    # of a text report's words read for its addresses
MAX_HEAD_BYTES = 64 * 1024   # of the report's own header read to decide whether it is one
MAX_ADDRESSES = 20           # failed recipients kept from one report

_PARSER = email.parser.BytesParser(policy=email.policy.compat32)
_HEADER_PARSER = email.parser.HeaderParser(policy=email.policy.compat32)


@dataclass(frozen=True)
class Bounce:
    """A delivery-status report."""

    failed: tuple[str, ...]  # addresses it says could not be delivered to (lower-cased); () for a delay or success
    original: str | None     # the Message-ID of the user's email it reports on (None: it names none)
    standard: bool           # RFC 3464 (a delivery-status part), else a mail system's text


# A mail system's report, by its subject as the common ones write it (failures only: a delay warning, "Delivery
# Status Notification (Delay)", is no bounce).
_SUBJECT_RE = re.compile(
    r"""undelivered\s+mail\s+returned\s+to\s+sender | mail\s+delivery\s+failed | undeliverable\b
      | delivery\s+status\s+notification\s+\(failure\) | returned\s+mail\s*: | failure\s+notice
      | undelivered\s+mail | delivery\s+fail(?:ure|ed) | message\s+not\s+delivered | mail\s+system\s+error
      | message\s+delivery\s+failure | could\s+not\s+be\s+delivered
      | unzustellbar | nicht\s+zustellbar | unzustellbare | non\s+remis | non\s+distribuable
      | [ée]chec\s+de\s+(?:la\s+)?remise | onbestelbaar | niet\s+afgeleverd | no\s+se\s+puede\s+entregar
      | non\s+recapitabile | n[ãa]o\s+(?:[ée]\s+poss[ií]vel\s+)?entreg""",
    re.IGNORECASE | re.VERBOSE,
)
# The mailboxes of mail systems: a report comes from one, and never names one as a failed recipient.
_MAILER_LOCAL_RE = re.compile(
    r"(?:mailer[-_.]?daemon|mail[-_.]?daemon|postmaster|microsoftexchange[0-9a-f]*|mail[-_.]?delivery[-_.]?"
    r"(?:subsystem|system)?|mdaemon|bounces?|double-bounce)\Z", re.IGNORECASE)
_MAILER_NAME_RE = re.compile(r"mail\s+delivery|mailer[-\s]?daemon|postmaster|mail\s+administrator", re.IGNORECASE)
# Where a text report's quoted copy of the user's email starts: a dashed line naming it, or a header line at
# the start of a line.
_COPY_RE = re.compile(
    r"""^[ \t>]*(?:-{2,}|_{2,}|={2,}).{0,80}?(?:original|copy\s+of\s+the\s+message|below\s+this\s+line
      | returned\s+message | undelivered\s+message | message\s+headers | urspr[üu]ngliche | originalnachricht
      | message\s+d'origine
      | oorspronkelijk|mensaje\s+original|messaggio\s+originale|mensagem\s+original)
      | ^[ \t]*original\s+message\s+headers\s*:?[ \t]*$
      | ^(?:return-path|received|message-id|from|to|cc|subject|date|mime-version|in-reply-to|references
      | content-type)[ \t]*:""",
    re.IGNORECASE | re.VERBOSE | re.MULTILINE,
)
_HEADER_LINE_RE = re.compile(r"([A-Za-z][A-Za-z0-9-]{0,60})[ \t]*:[ \t]?(.*)")
_ADDRESS_RE = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+")
_ADDRESS_ONLY_RE = re.compile(rf"{_ADDRESS_RE.pattern}\Z")
_RECIPIENT_HEADERS = ("to", "cc", "bcc")
_SENDER_HEADERS = ("from", "sender", "reply-to", "return-path")


def read_bounce(raw: bytes, parsed: ParsedEmail | None = None) -> Bounce | None:
    """The delivery-status report ``raw`` is, or None when it is none (``parsed``: the same email as
    :func:`agent.mail.parse.parse_message` read it, when known). Never raises."""
    head = _head(raw)
    if parsed is None:
        try:
            parsed = parse_headers(head)
        except MessageParseError:
            return None
    if not _may_be_report(head, parsed):
        return None
    msg = _parse(raw)
    if msg is None:
        return None
    kind = msg.get_content_type()
    parts = _parts(msg)
    status = next((p for p in parts if p.get_content_type() == "message/delivery-status"), None)
    if kind == "multipart/report" and _param(msg, "report-type").lower() not in ("", "delivery-status"):
        return None  # a read receipt (disposition-notification) or an abuse report: no delivery report
    if status is None and not _text_report(parsed, msg):
        return None
    copy = _returned_headers(parts)
    report_text = "" if status is not None else _report_text(parts)
    if status is None and not copy:
        quoted_at = _copy_start(report_text)
        copy = _quoted_headers(report_text[quoted_at:])
        report_text = report_text[:quoted_at]
    own = _own_addresses(msg, copy)
    named = _failed_recipients(status) if status is not None else _named_in(report_text, own, copy)
    failed = tuple(a for a in dict.fromkeys(named) if a not in own and not _is_mailer(a))[:MAX_ADDRESSES]
    return Bounce(failed=failed, original=_original(copy, parsed), standard=status is not None)


def _param(msg: Message, name: str) -> str:
    """A Content-Type parameter's value ("" when absent; an RFC 2231 one decoded)."""
    value = msg.get_param(name)
    if isinstance(value, tuple):
        return str(email.utils.collapse_rfc2231_value(value))
    return value if isinstance(value, str) else ""


def _head(raw: bytes) -> bytes:
    """The report's own header block (at most MAX_HEAD_BYTES)."""
    top = raw[:MAX_HEAD_BYTES]
    ends = [i for i in (top.find(b"\r\n\r\n"), top.find(b"\n\n")) if i >= 0]
    return top[:min(ends)] if ends else top


_REPORT_TYPE_RE = re.compile(rb"^content-type:[ \t]*multipart/report", re.IGNORECASE | re.MULTILINE)


def _may_be_report(head: bytes, parsed: ParsedEmail) -> bool:
    """A cheap look first (nearly no email is a report): a multipart/report, or a report's subject."""
    return bool(_REPORT_TYPE_RE.search(head)) or bool(_SUBJECT_RE.search(parsed.subject))


def _parse(raw: bytes) -> Message | None:
    try:
        return _PARSER.parsebytes(raw)
    except (RecursionError, LookupError, ValueError, TypeError, AttributeError):
        return None  # the stdlib parser gave up on hostile input (it practically never does): no report


def _parts(msg: Message) -> list[Message]:
    """The report's parts in order, without entering a returned message or the delivery-status blocks (which
    the parser also makes messages of); at most MAX_PARTS."""
    out: list[Message] = []
    todo = [msg]
    while todo and len(out) < MAX_PARTS:
        part = todo.pop(0)
        out.append(part)
        kind, payload = part.get_content_type(), part.get_payload()
        if part.get_content_maintype() == "multipart" and isinstance(payload, list):
            todo = [p for p in payload if isinstance(p, Message)] + todo
        elif kind in ("message/rfc822", "message/global") and isinstance(payload, list):
            out.extend(p for p in payload[:1] if isinstance(p, Message))  # the copy, not its parts
    return out[:MAX_PARTS]


def _is_mailer(address: str) -> bool:
    return bool(_MAILER_LOCAL_RE.match(address.rpartition("@")[0]))


def _text_report(parsed: ParsedEmail, msg: Message) -> bool:
    """A mail system's text report: a report's subject, from a mail system's mailbox (or one marked
    ``Auto-Submitted``, or from nobody)."""
    if not _SUBJECT_RE.search(parsed.subject):
        return False
    sender = parsed.from_
    submitted = header_text(msg.get("Auto-Submitted", "")).lower()
    return sender is None or not sender.email or _is_mailer(sender.email) or \
        bool(_MAILER_NAME_RE.search(sender.name)) or submitted.startswith(("auto-replied", "auto-generated"))


# -- the standard form -------------------------------------------------------------------------------------

def _blocks(status: Message) -> list[list[tuple[str, str]]]:
    """The delivery-status part's field blocks ((name lower-cased, value) pairs): the per-message block first,
    then one per recipient."""
    payload = status.get_payload()
    if isinstance(payload, list):
        return [[(str(k).lower(), header_text(v)) for k, v in block.items()] for block in payload
                if isinstance(block, Message)]
    text = payload if isinstance(payload, str) else ""
    return [_fields(chunk) for chunk in re.split(r"\r?\n[ \t]*\r?\n", text) if chunk.strip()]


def _failed_recipients(status: Message) -> list[str]:
    """Every recipient block that failed: its Original-Recipient (as the user wrote it), then its
    Final-Recipient (where it failed)."""
    out: list[str] = []
    for block in _blocks(status):
        fields = dict(reversed(block))  # the first of a field counts
        action = fields.get("action", "").strip().lower()
        failed = action.startswith("failed") if action else fields.get("status", "").strip().startswith("5")
        if not failed:
            continue
        for name in ("original-recipient", "final-recipient"):
            address = _typed_address(fields.get(name, ""))
            if address:
                out.append(address)
    return out


def _typed_address(value: str) -> str:
    """``rfc822; jane@acme.com`` -> ``jane@acme.com`` ("" when it is no Internet address)."""
    kind, sep, address = value.partition(";")
    if not sep:
        address = kind
    elif kind.strip().lower() not in ("rfc822", "utf-8"):
        return ""
    address = address.strip().strip("<>").strip().lower()
    return address if _ADDRESS_ONLY_RE.match(address) else ""


def _returned_headers(parts: list[Message]) -> dict[str, list[str]]:
    """The header of the user's email a report returns (a message/rfc822 or text/rfc822-headers part)."""
    for i, part in enumerate(parts):
        kind = part.get_content_type()
        if kind in ("message/rfc822", "message/global") and i + 1 < len(parts) and \
                isinstance(part.get_payload(), list):
            return _grouped((str(k).lower(), header_text(v)) for k, v in parts[i + 1].items())
        if kind in ("text/rfc822-headers", "message/rfc822-headers", "message/global-headers"):
            try:
                copy = _HEADER_PARSER.parsestr(_decoded(part))
            except (LookupError, ValueError, TypeError, AttributeError):
                continue
            return _grouped((str(k).lower(), header_text(v)) for k, v in copy.items())
    return {}


def _grouped(fields: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, value in fields:
        out.setdefault(name, []).append(value)
    return out


# -- the text form ---------------------------------------------------------------------------------------

def _decoded(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        return decode_bytes(payload[:MAX_REPORT_CHARS * 4], part.get_content_charset())
    raw = part.get_payload()
    return raw if isinstance(raw, str) else ""


def _report_text(parts: list[Message]) -> str:
    """The words of a text report: its first text/plain part outside any returned copy, else its first
    text/html as text."""
    inside: set[int] = set()
    for i, part in enumerate(parts):
        if part.get_content_type() in ("message/rfc822", "message/global") and i + 1 < len(parts):
            inside.add(i + 1)
    texts = [(p.get_content_type(), p) for i, p in enumerate(parts) if i not in inside and
             p.get_content_maintype() == "text" and not _attachment(p)]
    for kind, part in texts:
        if kind == "text/plain":
            return _decoded(part)[:MAX_REPORT_CHARS]
    for kind, part in texts:
        if kind == "text/html":
            return html_to_text(_decoded(part)[:MAX_REPORT_CHARS * 4])[:MAX_REPORT_CHARS]
    return ""


def _attachment(part: Message) -> bool:
    return (part.get("Content-Disposition") or "").strip().lower().startswith("attachment") or \
        part.get_content_type() in ("text/rfc822-headers",)


def _copy_start(text: str) -> int:
    """Where the copy of the user's email quoted in a text report starts (its length: none quoted)."""
    found = _COPY_RE.search(text)
    return found.start() if found else len(text)


def _fields(text: str) -> list[tuple[str, str]]:
    """Header fields (lower-cased name, unfolded value) from the first lines of ``text`` that look like them."""
    out: list[tuple[str, str]] = []
    for line in text.splitlines():
        if line[:1] in (" ", "\t") and out and line.strip():
            out[-1] = (out[-1][0], f"{out[-1][1]} {line.strip()}")
            continue
        found = _HEADER_LINE_RE.fullmatch(line.rstrip())
        if found is None:
            if out:
                break
            continue
        out.append((found.group(1).lower(), header_text(found.group(2))))
    return out


def _quoted_headers(text: str) -> dict[str, list[str]]:
    """The header a text report quotes of the user's email (its first block of header lines)."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if _HEADER_LINE_RE.fullmatch(line.rstrip()) and
                  not line.startswith((" ", "\t"))), None)
    if start is None:
        return {}
    return _grouped(_fields("\n".join(lines[start:start + 200])))


def _addresses(values: list[str]) -> set[str]:
    return {m.group(0).lower().rstrip(".") for v in values for m in _ADDRESS_RE.finditer(v)}


def _own_addresses(msg: Message, copy: dict[str, list[str]]) -> set[str]:
    """Addresses that are never a failed recipient: the report's own sender and recipients (the mail system,
    the user) and the sender of the user's email it returns."""
    own = [header_text(v) for name in ("from", "sender", "to", "cc", "reply-to") for v in msg.get_all(name) or ()]
    return _addresses(own) | _addresses([v for name in _SENDER_HEADERS for v in copy.get(name, ())])


def _named_in(text: str, own: set[str], copy: dict[str, list[str]]) -> list[str]:
    """The addresses a text report's words name, in order; when the copy it quotes names its recipients, only
    those (a diagnostic may name a relay's mailbox, a help desk, an alias it expanded to)."""
    named = [m.group(0).lower().rstrip(".") for m in _ADDRESS_RE.finditer(text)]
    named = [a for a in named if a not in own and not _is_mailer(a)]
    recipients = _addresses([v for name in _RECIPIENT_HEADERS for v in copy.get(name, ())])
    return [a for a in named if a in recipients] if recipients else named


def _original(copy: dict[str, list[str]], parsed: ParsedEmail) -> str | None:
    """The Message-ID of the user's email: the returned copy's, else the one the report answers (its
    In-Reply-To, else the last of its References)."""
    for value in copy.get("message-id", ())[:1]:
        found = normalize_msgid(value)
        if found:
            return found
    if parsed.in_reply_to:
        return parsed.in_reply_to
    refs = parse_msgid_list(" ".join(parsed.references))
    return refs[-1] if refs else None


__all__ = ["Bounce", "read_bounce"]
