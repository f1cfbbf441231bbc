"""Header text: control-character cleaning, charsets, RFC 2047 encoded words, message ids,
addresses and dates. Every function here is total: bad input costs that header, never the message."""

from __future__ import annotations

import codecs
import email.errors
import email.parser
import email.policy
import email.utils
import re
from datetime import UTC, datetime

from .types import Address

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


# --------------------------------------------------------------------------------------------------
# text cleaning and charset decoding
# --------------------------------------------------------------------------------------------------

# Everything that could end a header line in *some* consumer: CR, LF, NUL, VT, FF, NEL, LS, PS, plus
# the other C0/C1 controls. Folded to a single space so a decoded "=?utf-8?b?DQpCY2M6IHg=?=" can
# never smuggle a "\r\nBcc:" into anything we later write.
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_SPACES_RE = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff]+")
# Bidirectional-text controls (LRM/RLM, ALM, the embeddings/overrides U+202A-E and the isolates
# U+2066-9): they make "moc.evil@jane" display as something else. Removed, not folded to spaces.
_BIDI_RE = re.compile(r"[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]+")


def clean_header_text(value: str) -> str:
    """Fold all line breaks/control characters to single spaces, drop bidirectional-text controls,
    and strip: safe for one header line. The one place header text (names, subjects) is cleaned."""
    if not value:
        return ""
    value = _BIDI_RE.sub("", value)
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
    out: list[str] = []
    for kind, chunk in parts:
        out.append(chunk if isinstance(chunk, str) else decode_bytes(chunk, kind, defects))
    return "".join(out)


_UNFOLD_RE = re.compile(r"\r?\n(?=[ \t])")


def header_text(value: object, defects: list[str] | None = None) -> str:
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
# parse_addresses is a pure function of the raw value: cache (result, defects it recorded).
_ADDRESS_CACHE: dict[str, tuple[tuple[Address, ...], tuple[str, ...]]] = {}
_ADDRESS_CACHE_MAX = 4096
_ADDRESS_CACHE_KEY_MAX = 1024


def parse_addresses(raw: object, defects: list[str]) -> tuple[Address, ...]:
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


def mailbox_problem(text: str) -> str | None:
    """Why an address header is not exactly one well-formed mailbox, or None when it is.

    A lexical scan of the raw (still encoded) value that honours quoted strings, comments and angle
    brackets: several mailboxes (a top-level ","), group syntax (a top-level ":" or ";"), more than one
    "<...>", a bare "@" next to an angle address, or an unclosed quote, comment or bracket. Mail clients
    and Python disagree on such headers, so what Onward would pick is not what the user sees.
    """
    elements, brackets, at_outside = 0, 0, False
    started = False
    i, n, depth, angle, quoted = 0, len(text), 0, False, False
    while i < n:
        ch = text[i]
        if ch == "\\" and (quoted or depth):
            i += 2
            continue
        if quoted:
            quoted = ch != '"'
        elif depth:
            depth += {"(": 1, ")": -1}.get(ch, 0)
        elif ch == '"':
            quoted = started = True
        elif ch == "(":
            depth = 1
        elif angle:
            angle = ch != ">"
            if ch in "<,;:":
                return "a stray character inside <...>"
        elif ch == "<":
            angle, started = True, True
            brackets += 1
        elif ch in ":;":
            return "group syntax"
        elif ch == ",":
            elements += started
            started = False
        elif ch == ">":
            return "a stray \">\""
        elif not ch.isspace():
            started = True
            at_outside = at_outside or ch == "@"
        i += 1
    if quoted or depth or angle:
        return "an unclosed quote, comment or bracket"
    elements += started
    if elements > 1:
        return "several addresses"
    if brackets > 1 or (brackets and at_outside):
        return "several addresses in one"
    return None


def _parse_addresses_uncached(raw: object, defects: list[str]) -> tuple[Address, ...]:
    text = _UNFOLD_RE.sub("", _raw_to_str(raw))
    text = _CONTROL_RE.sub(" ", text)
    result = _address_list(text, defects)
    problem = mailbox_problem(text) if result else None
    if problem is not None or len(result) > 1 or any(_names_other_address(a) for a in result):
        result = [Address(a.name, a.email, ambiguous=True) for a in result]
    return tuple(result)


# An address-like token in a display name: a dotted domain, as a reader would take for an address.
_NAME_ADDR_RE = re.compile(r"[^\s@<>()\[\],;:\\\"']+@[^\s@<>()\[\],;:\\\"'.]+(?:\.[^\s@<>()\[\],;:\\\"'.]+)+")


def _names_other_address(addr: Address) -> bool:
    """A display name that spells out an address other than the mailbox's own ("jane@acme.test"
    <attacker@evil.test>): the classic way to make a reader trust the wrong address."""
    return any(_clean_addr_spec(m.group(0)).rstrip(".") != addr.email
               for m in _NAME_ADDR_RE.finditer(addr.name))


def _address_list(text: str, defects: list[str]) -> list[Address]:
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
            result.append(Address("", _clean_addr_spec(m.group(0)), ambiguous=True))
            defects.append("address header needed salvage parsing")
    return result


_YEAR_RE = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,4})\b", re.I)
_MIN_DATE = datetime(1980, 1, 1, tzinfo=UTC)
_MAX_DATE = datetime(2100, 12, 31, 23, 59, 59, tzinfo=UTC)


def parse_date(raw: object, defects: list[str]) -> datetime | None:
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


