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

Fast path (:func:`_fast_tree`)
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
``tests/test_message_fastpath.py`` checks fast == slow (every field, defects included) on the
torture corpus, generated realistic mail and hypothesis-mutated/generated MIME trees.

Address headers are parsed through a small bounded cache (they repeat: To: is nearly always the
user), which stores each result together with the defects it recorded.
"""

from __future__ import annotations

import codecs
import email.errors
import email.parser
import email.policy
import email.utils
import hashlib
import html as _html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message

__all__ = [
    "Address",
    "ParsedEmail",
    "MessageParseError",
    "parse_message",
    "parse_headers",
    "email_text",
    "html_to_text",
    "decode_header_value",
    "clean_header_text",
    "normalize_msgid",
    "parse_msgid_list",
    "MSGID_RE",
    "MAX_TEXT_CHARS",
    "MAX_PART_BYTES",
]

MAX_TEXT_CHARS = 100_000
MAX_PART_BYTES = 2 * 1024 * 1024
MAX_PARTS = 200              # leaf parts walked at most (hostile multiparts can have thousands)
MAX_DEPTH = 256              # multipart nesting walked at most (the walk is iterative)
MAX_DEFECTS = 50
MAX_ADDRESSES = 100          # per address header
MAX_HEADER_CHARS = 16_384    # longer header values are truncated before decoding
MAX_REFERENCES = 100

# A message id we are willing to carry around and later write into a header: visible ASCII only,
# no angle brackets, parentheses, quotes, backslashes or whitespace. Anything else is dropped.
MSGID_RE = re.compile(r"<[!#-'*-;=?-\[\]-~]{1,250}>\Z")
_MSGID_TOKEN_RE = re.compile(r"<([^<>\s]{1,250})>")
_BARE_MSGID_RE = re.compile(r"[!#-'*-;=?-\[\]-~]{1,250}\Z")


class MessageParseError(ValueError):
    """Raised only when nothing usable at all can be extracted from the input."""


@dataclass(frozen=True)
class Address:
    name: str    # display name, decoded, "" when absent; never contains CR/LF
    email: str   # addr-spec, lower-cased, "" when unparseable

    def __str__(self) -> str:
        if self.name and self.email:
            return f"{self.name} <{self.email}>"
        return self.email or self.name

    @property
    def domain(self) -> str:
        """Lower-cased domain part of the address ("" when there is none)."""
        return self.email.rpartition("@")[2] if "@" in self.email else ""

    @property
    def local(self) -> str:
        """Lower-cased local part of the address ("" when there is none)."""
        return self.email.rpartition("@")[0] if "@" in self.email else ""


@dataclass(frozen=True)
class ParsedEmail:
    message_id: str              # "<...>" as in the header; synthesized "<sha256hex@onward.invalid>" if missing
    message_id_synthetic: bool
    subject: str                 # decoded, CR/LF folded to spaces, stripped
    from_: Address | None
    reply_to: tuple[Address, ...]
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    date: datetime | None        # timezone-aware UTC; None if absent/absurd
    in_reply_to: str | None      # "<...>"
    references: tuple[str, ...]  # "<...>" each, in header order
    text: str                    # body text: text/plain, else HTML converted to text; capped at 100_000 chars
    defects: tuple[str, ...]     # human-readable parse problems (bad charset, bad base64, ...)
    size: int                    # len(raw)
    # --- additions beyond the contract ---
    html_only: bool = False      # True when the text came from an HTML part (no usable text/plain)
    headers_only: bool = False   # True when produced by parse_headers()


# --------------------------------------------------------------------------------------------------
# text cleaning and charset decoding
# --------------------------------------------------------------------------------------------------

# Everything that could end a header line in *some* consumer: CR, LF, NUL, VT, FF, NEL, LS, PS, plus
# the other C0/C1 controls. Folded to a single space so a decoded "=?utf-8?b?DQpCY2M6IHg=?=" can
# never smuggle a "\r\nBcc:" into anything we later write.
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_SPACES_RE = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff]+")


def clean_header_text(value: str) -> str:
    """Fold all line breaks/control characters to single spaces and strip: safe for one header line."""
    if not value:
        return ""
    value = _CONTROL_RE.sub(" ", value)
    value = _SPACES_RE.sub(" ", value)
    return value.strip()


_CHARSET_ALIASES = {
    "iso-8859-8-i": "iso-8859-8",
    "iso-8859-6-i": "iso-8859-6",
    "windows-874": "cp874",
    "x-mac-roman": "mac_roman",
    "macintosh": "mac_roman",
    "x-sjis": "cp932",
    "shift-jis": "cp932",
    "shift_jis": "cp932",
    "sjis": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "iso-8859-1": "cp1252",     # WHATWG practice: latin-1 labels are really windows-1252
    "latin1": "cp1252",
    "us-ascii": "utf-8",        # 8-bit bytes under a us-ascii label are almost always utf-8
    "ascii": "utf-8",
    "utf8": "utf-8",
    "cp-850": "cp850",
}
# Labels that mean "no idea" rather than "broken": decode with the fallback chain, no defect.
_UNKNOWN_LABELS = {"", "unknown-8bit", "x-unknown", "unknown", "default", "8bit", "x-user-defined"}
# Python codecs that are "text encodings" but must never be applied to mail bytes.
_FORBIDDEN_CODECS = {"unicode-escape", "raw-unicode-escape", "punycode", "idna", "undefined",
                     "unicode_escape", "raw_unicode_escape"}
_charset_cache: dict[str, str | None] = {}


def _resolve_charset(label: str) -> str | None:
    """Map a (possibly bogus) MIME charset label to a safe Python codec name, or None if unknown."""
    key = label.strip().strip('"\'').lower()
    cached = _charset_cache.get(key, "")
    if cached != "":
        return cached
    result: str | None = None
    name = _CHARSET_ALIASES.get(key, key)
    name = name.split("*", 1)[0]  # RFC 2231 language suffix: utf-8*en
    if 0 < len(name) <= 40 and re.fullmatch(r"[a-z0-9._:+-]+", name):
        try:
            info = codecs.lookup(name)
        except (LookupError, ValueError):
            info = None
        if info is not None and getattr(info, "_is_text_encoding", True) \
                and info.name not in _FORBIDDEN_CODECS:
            result = info.name
    if len(_charset_cache) < 1000:
        _charset_cache[key] = result
    return result


def _fallback_decode(data: bytes) -> str:
    """utf-8 if valid; else cp1252 (covers latin-1 mail) with latin-1 for cp1252's undefined bytes."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Mostly-utf-8 text with a stray bad byte: keep utf-8 (with replacement) rather than mojibake
    # every multi-byte character. Heuristic: count valid multi-byte sequences vs. failures.
    decoded = data.decode("utf-8", "replace")
    bad = decoded.count("\ufffd")
    good = sum(1 for ch in decoded if ord(ch) > 0x7F and ch != "\ufffd")
    if good > bad * 2:
        return decoded
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def decode_bytes(data: bytes, charset: str | None, defects: list[str] | None = None) -> str:
    """Decode bytes in a declared charset, falling back sensibly when the label is unknown or lies.

    Why: mail routinely declares utf-8 and ships latin-1 bytes (or declares nothing at all); we want
    readable text plus a recorded defect, never an exception.
    """
    label = (charset or "").strip().lower()
    if label in _UNKNOWN_LABELS:
        return _fallback_decode(data)
    codec = _resolve_charset(label)
    if codec is None:
        if defects is not None:
            defects.append(f"unknown charset {label[:40]!r}; decoded as utf-8/latin-1")
        return _fallback_decode(data)
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError, ValueError, TypeError):
        pass
    except Exception:  # noqa: BLE001 - some codecs raise odd things on hostile bytes
        pass
    if defects is not None:
        defects.append(f"bytes do not match declared charset {label[:40]!r}")
    return _fallback_decode(data)


def _raw_to_str(value: object) -> str:
    """A compat32 raw header value (str with surrogate escapes, or Header) -> real unicode text.

    8-bit bytes in raw headers are decoded as utf-8 with cp1252/latin-1 fallback.
    """
    if not isinstance(value, str):
        try:
            value = str(value)
        except Exception:  # noqa: BLE001
            return ""
    if len(value) > MAX_HEADER_CHARS:
        value = value[:MAX_HEADER_CHARS]
    try:
        value.encode("ascii")
        return value
    except UnicodeEncodeError:
        pass
    try:
        raw = value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return value.encode("utf-8", "replace").decode("utf-8")
    return _fallback_decode(raw)


# RFC 2047 encoded word. Lenient: accepts missing whitespace around words and "?" in Q text is not
# allowed per RFC, so it ends the word.
_EW_RE = re.compile(r"=\?([^?\s]{1,60})\?([bBqQ])\?([^?\s]*)\?=")
_EW_GAP_RE = re.compile(r"[ \t\r\n]*\Z")


def _decode_q(text: str) -> bytes:
    """RFC 2047 "Q" decoding; malformed "=XY" escapes are kept literally."""
    data = text.replace("_", " ").encode("ascii", "replace")
    out = bytearray()
    i, n = 0, len(data)
    while i < n:
        c = data[i]
        if c == 0x3D and i + 2 < n + 1:
            try:
                out.append(int(data[i + 1:i + 3], 16))
                i += 3
                continue
            except ValueError:
                pass
        out.append(c)
        i += 1
    return bytes(out)


def _decode_b(text: str, defects: list[str] | None) -> bytes:
    import binascii

    cleaned = re.sub(r"[^A-Za-z0-9+/]", "", text)
    cleaned = cleaned[: len(cleaned) - (len(cleaned) % 4)] if len(cleaned) % 4 == 1 else cleaned
    cleaned += "=" * (-len(cleaned) % 4)
    try:
        return binascii.a2b_base64(cleaned.encode("ascii"))
    except (binascii.Error, ValueError):
        if defects is not None:
            defects.append("bad base64 in encoded word")
        return text.encode("ascii", "replace")


def decode_header_value(value: str, defects: list[str] | None = None) -> str:
    """Decode RFC 2047 encoded words in an (already unicode) header value. Does not clean CR/LF."""
    if "=?" not in value:
        return value
    parts: list[tuple[str, str | bytes]] = []  # ("t", text) or (charset, bytes)
    pos = 0
    for m in _EW_RE.finditer(value):
        gap = value[pos:m.start()]
        # whitespace between two adjacent encoded words is dropped (RFC 2047 section 6.2)
        if gap and not (parts and parts[-1][0] != "t" and _EW_GAP_RE.match(gap)):
            parts.append(("t", gap))
        charset, enc, payload = m.group(1), m.group(2), m.group(3)
        data = _decode_b(payload, defects) if enc in "bB" else _decode_q(payload)
        cs = charset.lower()
        if parts and parts[-1][0] == cs:
            parts[-1] = (cs, parts[-1][1] + data)  # type: ignore[operator]
        else:
            parts.append((cs, data))
        pos = m.end()
    if pos < len(value):
        parts.append(("t", value[pos:]))
    out = []
    for kind, chunk in parts:
        if kind == "t":
            out.append(chunk)  # type: ignore[arg-type]
        else:
            out.append(decode_bytes(chunk, kind, defects))  # type: ignore[arg-type]
    return "".join(out)


_UNFOLD_RE = re.compile(r"\r?\n(?=[ \t])")


def _header_text(value: object, defects: list[str] | None = None) -> str:
    """Raw header -> decoded, single-line, stripped text."""
    text = _raw_to_str(value)
    text = _UNFOLD_RE.sub("", text)
    try:
        text = decode_header_value(text, defects)
    except Exception as exc:  # noqa: BLE001 - never lose the message over one header
        if defects is not None:
            defects.append(f"undecodable header ({type(exc).__name__})")
    return clean_header_text(text)


# --------------------------------------------------------------------------------------------------
# message ids, addresses, dates
# --------------------------------------------------------------------------------------------------

_COMMENT_RE = re.compile(r"\([^()]*\)")


def normalize_msgid(value: str) -> str | None:
    """Return the first valid "<...>" id in a Message-ID-like value, or None if it is garbage.

    Comments and whitespace are stripped; a bare "id@host" is wrapped in angle brackets.
    """
    if not value:
        return None
    value = clean_header_text(value)
    for _ in range(3):
        stripped = _COMMENT_RE.sub(" ", value)
        if stripped == value:
            break
        value = stripped
    m = _MSGID_TOKEN_RE.search(value)
    if m:
        candidate = "<" + m.group(1) + ">"
        return candidate if MSGID_RE.match(candidate) else None
    bare = value.strip()
    if "@" in bare and _BARE_MSGID_RE.match(bare):
        return "<" + bare + ">"
    return None


def parse_msgid_list(value: str, limit: int = MAX_REFERENCES) -> tuple[str, ...]:
    """All valid "<...>" ids in header order, de-duplicated; keeps the last `limit` ids."""
    value = clean_header_text(value)
    seen: set[str] = set()
    ids: list[str] = []
    tokens = [m.group(0) for m in _MSGID_TOKEN_RE.finditer(value)]
    if not tokens:
        bare = [t for t in value.replace(",", " ").split() if "@" in t and _BARE_MSGID_RE.match(t)]
        tokens = ["<" + t + ">" for t in bare]
    for tok in tokens:
        if MSGID_RE.match(tok) and tok not in seen:
            seen.add(tok)
            ids.append(tok)
    return tuple(ids[-limit:])


_ADDR_SPEC_RE = re.compile(r"[^\s@<>()\[\],;:\\\"]{1,200}@[^\s@<>()\[\],;:\\\"]{1,200}\Z")


def _clean_addr_spec(addr: str) -> str:
    addr = clean_header_text(addr).strip("<>").strip().lower()
    if len(addr) > 254 or not _ADDR_SPEC_RE.match(addr):
        return ""
    return addr


# Address headers repeat a lot (To: is nearly always the user, From: the same few senders), and
# _parse_addresses is a pure function of the raw value: cache (result, defects it recorded).
_ADDRESS_CACHE: dict[str, tuple[tuple[Address, ...], tuple[str, ...]]] = {}
_ADDRESS_CACHE_MAX = 4096
_ADDRESS_CACHE_KEY_MAX = 1024


def _parse_addresses(raw: object, defects: list[str]) -> tuple[Address, ...]:
    """Lenient address-list parse; display names RFC 2047-decoded *after* splitting on commas."""
    if type(raw) is not str or len(raw) > _ADDRESS_CACHE_KEY_MAX:
        return _parse_addresses_uncached(raw, defects)
    hit = _ADDRESS_CACHE.get(raw)
    if hit is None:
        own: list[str] = []
        hit = (_parse_addresses_uncached(raw, own), tuple(own))
        if len(_ADDRESS_CACHE) >= _ADDRESS_CACHE_MAX:
            _ADDRESS_CACHE.clear()
        _ADDRESS_CACHE[raw] = hit
    defects.extend(hit[1])
    return hit[0]


def _parse_addresses_uncached(raw: object, defects: list[str]) -> tuple[Address, ...]:
    text = _UNFOLD_RE.sub("", _raw_to_str(raw))
    text = _CONTROL_RE.sub(" ", text)
    try:
        pairs = email.utils.getaddresses([text])
    except Exception as exc:  # noqa: BLE001 - RecursionError on nested comments, etc.
        defects.append(f"unparseable address header ({type(exc).__name__})")
        pairs = []
    result: list[Address] = []
    for name, addr in pairs[:MAX_ADDRESSES]:
        try:
            decoded_name = clean_header_text(decode_header_value(name, defects))
        except Exception:  # noqa: BLE001
            decoded_name = clean_header_text(name)
        decoded_name = decoded_name.strip('"\'').strip()
        spec = _clean_addr_spec(addr)
        if not spec and "=?" in addr:
            # "=?utf-8?q?Jane?= jane@x" confuses getaddresses; try the decoded form once
            try:
                spec = _clean_addr_spec(decode_header_value(addr))
            except Exception:  # noqa: BLE001
                spec = ""
        if decoded_name == spec:
            decoded_name = ""
        if spec or decoded_name:
            result.append(Address(decoded_name, spec))
    if not result and text.strip():
        # last resort: pull anything that looks like an address out of the raw text
        m = re.search(r"[^\s@<>()\[\],;:\\\"]{1,64}@[A-Za-z0-9.-]{1,200}", text)
        if m:
            result.append(Address("", _clean_addr_spec(m.group(0))))
            defects.append("address header needed salvage parsing")
    return tuple(result)


_YEAR_RE = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,4})\b", re.I)
_MIN_DATE = datetime(1980, 1, 1, tzinfo=UTC)
_MAX_DATE = datetime(2100, 12, 31, 23, 59, 59, tzinfo=UTC)


def _parse_date(raw: object, defects: list[str]) -> datetime | None:
    """Date header -> aware UTC datetime; None (with a defect) if unparseable or absurd."""
    text = clean_header_text(_raw_to_str(raw))
    if not text:
        return None
    try:
        dt = email.utils.parsedate_to_datetime(text)
    except Exception:  # noqa: BLE001 - ValueError, TypeError, IndexError, OverflowError...
        dt = None
    if dt is None:
        defects.append(f"unparseable Date {text[:60]!r}")
        return None
    year = _YEAR_RE.search(text)
    if year and len(year.group(1)) in (3, 4) and int(year.group(1)) < 1980:
        # the stdlib maps "0000" to 2000 (two-digit-year rule); a written-out year 0000 is absurd
        defects.append(f"absurd Date {text[:60]!r}")
        return None
    try:
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=UTC)  # "-0000": unknown zone, treat as UTC
        dt = dt.astimezone(UTC)
    except (OverflowError, ValueError):
        defects.append(f"unrepresentable Date {text[:60]!r}")
        return None
    if not (_MIN_DATE <= dt <= _MAX_DATE):
        defects.append(f"absurd Date {text[:60]!r}")
        return None
    return dt


# --------------------------------------------------------------------------------------------------
# HTML -> text
# --------------------------------------------------------------------------------------------------

_BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
    "blockquote", "pre", "hr", "section", "article", "header", "footer", "dd", "dt", "dl", "address",
    "center", "form", "fieldset", "figure", "main", "nav", "aside", "tbody", "thead", "tfoot", "title",
})
_PARAGRAPH_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "ul", "ol", "hr",
                             "pre", "dl"})
_SKIP_CONTENT_TAGS = {
    name: re.compile(rf"</\s*{name}\s*>", re.IGNORECASE) for name in ("script", "style", "head", "template")
}
_TAG_NAME_RE = re.compile(r"\s*(/?)\s*([A-Za-z][A-Za-z0-9]{0,20})")
_WS_RE = re.compile(r"\s+")
_H_SPACES_RE = re.compile(r"[ \t\u00a0\u200b\u200c\u200d\ufeff]+")
_MANY_NL_RE = re.compile(r"\n{3,}")


def html_to_text(markup: str) -> str:
    """Convert HTML to readable plain text in linear time.

    Why a hand-written scanner: every step is a ``str.find`` or an anchored regex from a known
    position, so hostile inputs (unclosed comments, thousands of "<") cannot trigger quadratic
    backtracking. Script/style/head content is dropped, block tags become newlines, entities are
    unescaped *after* tags are removed (so "&lt;script&gt;" stays text), whitespace is collapsed.
    """
    out: list[str] = []
    i, n = 0, len(markup)
    no_more_gt = False
    at_line_start = True  # nothing but whitespace since the last line break
    while i < n:
        j = markup.find("<", i)
        if j < 0:
            out.append(_WS_RE.sub(" ", markup[i:]))
            break
        if j > i:
            chunk = _WS_RE.sub(" ", markup[i:j])
            out.append(chunk)
            if chunk.strip(" "):
                at_line_start = False
        if markup.startswith("<!--", j):
            k = markup.find("-->", j + 4)
            if k < 0:
                break  # unclosed comment swallows the rest, as browsers do
            i = k + 3
            continue
        nxt = markup[j + 1:j + 2]
        if not nxt or not (nxt.isalpha() or nxt in "/!?") or no_more_gt:
            out.append("<")
            at_line_start = False
            i = j + 1
            continue
        k = markup.find(">", j + 1)
        if k < 0:
            no_more_gt = True
            at_line_start = False
            out.append("<")
            i = j + 1
            continue
        tag = markup[j + 1:k]
        i = k + 1
        m = _TAG_NAME_RE.match(tag)
        if not m:
            continue  # <!DOCTYPE>, <?xml?>, </ >: drop
        closing, name = m.group(1), m.group(2).lower()
        if not closing and name in _SKIP_CONTENT_TAGS:
            end = _SKIP_CONTENT_TAGS[name].search(markup, i)
            i = end.end() if end else n
            if name == "head":
                out.append("\n")
            continue
        if name == "br":
            out.append("\n")
            at_line_start = True
        elif name in _PARAGRAPH_TAGS:
            out.append("\n\n")
            at_line_start = True
        elif name in _BLOCK_TAGS:
            # one line break per block boundary: "<li>a</li><li>b</li>" -> "a\nb", not "a\n\nb"
            if not at_line_start:
                out.append("\n")
                at_line_start = True
        elif name in ("td", "th") and closing:
            out.append(" ")
        elif name == "img" and not closing:
            alt = re.search(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)')""", tag[:2000], re.IGNORECASE)
            if alt and (alt.group(1) or alt.group(2) or "").strip():
                out.append(" " + (alt.group(1) or alt.group(2)).strip() + " ")
                at_line_start = False
    text = "".join(out)
    try:
        text = _html.unescape(text)
    except Exception:  # noqa: BLE001
        pass
    lines = [_H_SPACES_RE.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return _MANY_NL_RE.sub("\n\n", text).strip()


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


def _extract_text(msg: Message, defects: list[str]) -> tuple[str, bool]:
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
    htmls = [] if body.strip() else _decoded_html(html_parts, defects)
    if htmls:
        body = "\n\n".join(html_to_text(h[: MAX_TEXT_CHARS * 4]) for h in htmls)
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


def _fast_tree(raw: bytes) -> Message | None:
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
        children: list[Message] = []
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
# public API
# --------------------------------------------------------------------------------------------------

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


def _build(msg: Message, raw: bytes, *, with_body: bool, defects: list[str]) -> ParsedEmail:
    headers: dict[str, list[object]] = {}
    try:
        items = msg.raw_items()
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
    message_id = normalize_msgid(_header_text(raw_id)) if raw_id is not None else None
    synthetic = message_id is None
    if synthetic:
        if raw_id is not None:
            defects.append("garbage Message-ID replaced")
        message_id = _synthetic_id(raw)

    raw_subject = _first(headers, "subject", defects)
    subject = _header_text(raw_subject, defects) if raw_subject is not None else ""

    raw_from = _first(headers, "from", defects)
    from_list = _parse_addresses(raw_from, defects) if raw_from is not None else ()
    from_ = from_list[0] if from_list else None
    if from_ is None:
        raw_sender = _first(headers, "sender", defects)
        if raw_sender is not None:
            sender_list = _parse_addresses(raw_sender, defects)
            from_ = sender_list[0] if sender_list else None

    def addr_header(name: str) -> tuple[Address, ...]:
        result: list[Address] = []
        for value in headers.get(name, [])[:5]:
            result.extend(_parse_addresses(value, defects))
        return tuple(result[:MAX_ADDRESSES])

    raw_date = _first(headers, "date", defects)
    date = _parse_date(raw_date, defects) if raw_date is not None else None

    raw_irt = _first(headers, "in-reply-to", defects)
    irt_ids = parse_msgid_list(_header_text(raw_irt)) if raw_irt is not None else ()
    refs: tuple[str, ...] = ()
    for value in headers.get("references", [])[:3]:
        refs = parse_msgid_list(" ".join(refs) + " " + _header_text(value))

    text, html_only = ("", False)
    if with_body:
        try:
            text, html_only = _extract_text(msg, defects)
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
        return mp.message
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
        msg = _fast_tree(raw) if fast else None
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

    Returned as a tuple so this module does not depend on ``agent.classifier``:
    ``EmailText(*email_text(parsed))``.
    """
    sender = str(parsed.from_) if parsed.from_ is not None else ""
    return parsed.subject, parsed.text[:max_body_chars], sender
