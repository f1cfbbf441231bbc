"""A corpus of hostile and broken email messages for parser tests.

Everything is generated deterministically in memory (nothing large is committed)::

    from tests.torture.generate import torture_messages
    for name, raw in torture_messages():
        parse_message(raw)                       # must not crash / hang

``torture_messages(large=False)`` leaves out the two big ones (the 25 MB attachment
and the 1 MB headers) for quick loops. ``NOTES[name]`` says what each case is
about. ``python tests/torture/make_torture.py DIR`` writes them as .eml files.

The conftest also offers the fixtures ``torture`` (the list) and ``torture_dir``.
"""

from __future__ import annotations

import base64
import random
from collections.abc import Callable
from functools import cache

__all__ = ["torture_messages", "NOTES", "LARGE", "INJECTION", "ATTACHMENT_SIZE"]

#: decoded size of the big attachment
ATTACHMENT_SIZE = 25 * 1024 * 1024
#: what the CR/LF injection cases decode to (a parser must fold it, never emit a header)
INJECTION = "\r\nBcc: x@evil"
#: names of the big cases that ``large=False`` leaves out
LARGE = frozenset({"attachment_25mb", "header_1mb_single_line", "references_1mb"})

_SEED = 20240601
CRLF = b"\r\n"


def _hdrs(*lines: str | bytes, date: str | None = None) -> bytes:
    """Common From/To/Date headers + extra lines, CRLF-joined (no trailing blank line)."""
    out: list[bytes] = [b"From: Acme Recruiting <jobs@acme.example>", b"To: Jo Seeker <jo@example.test>"]
    out.append(("Date: " + (date if date is not None else "Tue, 04 Jun 2024 09:30:00 +0000")).encode())
    out.extend(line if isinstance(line, bytes) else line.encode() for line in lines)
    return CRLF.join(out)


def _msg(*headers: str | bytes, body: bytes | str = b"", date: str | None = None) -> bytes:
    if isinstance(body, str):
        body = body.encode()
    return _hdrs(*headers, date=date) + CRLF + CRLF + body


def _mid(name: str) -> str:
    return f"Message-ID: <torture-{name}@acme.example>"


def _b64_lines(data: bytes) -> bytes:
    return base64.encodebytes(data).replace(b"\n", CRLF)


def _ew_b64(text: str) -> str:
    return "=?utf-8?b?" + base64.b64encode(text.encode()).decode() + "?="


REJECTION = "Thank you for your interest in the Senior Engineer role. Unfortunately we decided not to proceed."

# ----------------------------------------------------------------- cases


def nested_multipart(depth: int) -> bytes:
    body = b"text-leaf: " + REJECTION.encode() + CRLF
    part = b"Content-Type: text/plain; charset=utf-8" + CRLF + CRLF + body
    for level in range(depth, 0, -1):
        b = f"b{level:03d}".encode()
        part = (
            b'Content-Type: multipart/mixed; boundary="' + b + b'"' + CRLF + CRLF
            + b"preamble " + b + CRLF
            + b"--" + b + CRLF + part + CRLF
            + b"--" + b + b"--" + CRLF
        )  # fmt: skip
    return _hdrs(_mid(f"nested-{depth}"), "Subject: Nested " + str(depth), "MIME-Version: 1.0") + CRLF + part  # fmt: skip


def _cases() -> dict[str, Callable[[], bytes]]:
    c: dict[str, Callable[[], bytes]] = {}

    def add(name: str, note: str):
        def deco(fn: Callable[[], bytes]):
            c[name] = fn
            NOTES[name] = note
            return fn

        return deco

    add("nested_multipart_12", "12 levels of multipart/mixed, one text/plain leaf")(lambda: nested_multipart(12))
    add("nested_multipart_200", "200 levels of multipart/mixed (recursion limits)")(lambda: nested_multipart(200))

    @add("bad_base64", "base64 body with invalid characters and broken padding")
    def _():
        return _msg(_mid("bad-b64"), "Subject: Bad base64", "MIME-Version: 1.0",
                    "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64",
                    body=b"VGhhbmsgeW91IGZvciBh!!cHBseWluZw==\r\n$$$$\r\nQUJD=RA\r\nQQ\r\n")  # fmt: skip

    @add("bad_quoted_printable", "quoted-printable with =ZZ, truncated =E and a soft break at the end")
    def _():
        return _msg(_mid("bad-qp"), "Subject: Bad QP", "MIME-Version: 1.0",
                    "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable",
                    body=b"Vielen Dank f=C3=BCr =ZZ Ihre Bewerbung =E\r\nnext line =\r\n=")  # fmt: skip

    @add("unknown_charset", "charset=x-unknown with 8-bit body and encoded-word")
    def _():
        return _msg(_mid("x-unknown"), "Subject: =?x-unknown?q?Absage_f=FCr_Sie?=", "MIME-Version: 1.0",
                    "Content-Type: text/plain; charset=x-unknown", "Content-Transfer-Encoding: 8bit",
                    body=b"Leider m\xfcssen wir Ihnen absagen.\r\n")  # fmt: skip

    @add("lying_charset_utf8_is_latin1", "declares utf-8, body is latin-1 (invalid UTF-8)")
    def _():
        return _msg(_mid("lying-utf8"), "Subject: Ihre Bewerbung", "MIME-Version: 1.0",
                    "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit",
                    body="Vielen Dank für Ihre Bewerbung. Leider müssen wir absagen.\r\n".encode("latin-1"))  # fmt: skip

    @add("lying_charset_ascii_8bit", "declares us-ascii, body has 8-bit (UTF-8) bytes")
    def _():
        return _msg(_mid("lying-ascii"), "Subject: Candidature", "MIME-Version: 1.0",
                    "Content-Type: text/plain; charset=us-ascii", "Content-Transfer-Encoding: 7bit",
                    body="Nous avons décidé de ne pas donner suite à votre candidature.\r\n".encode())  # fmt: skip

    @add("raw_8bit_headers", "raw UTF-8 and latin-1 bytes in Subject and From (no encoded words)")
    def _():
        return (b"From: J\xfcrgen M\xfcller <hr@firma.example>\r\nTo: jo@example.test\r\n"
                b"Subject: Absage \xe2\x80\x93 Ihre Bewerbung bei M\xc3\xbcller GmbH\r\n"
                b"Date: Tue, 04 Jun 2024 09:30:00 +0200\r\nMessage-ID: <torture-raw8@firma.example>\r\n"
                b"Content-Type: text/plain\r\n\r\nLeider nein.\r\n")  # fmt: skip

    @add("missing_message_id", "no Message-ID header at all")
    def _():
        return _msg("Subject: No id here", body=REJECTION)

    @add("duplicate_message_id", "two different Message-ID headers")
    def _():
        return _msg("Subject: Two ids", "Message-ID: <first@acme.example>",
                    "Message-ID: <second@acme.example>", body=REJECTION)  # fmt: skip

    for name, date in [
        ("date_year_0", "Mon, 01 Jan 0000 00:00:00 +0000"),
        ("date_year_9999", "Fri, 31 Dec 9999 23:59:59 +0000"),
        ("date_garbage", "yesterday-ish, at tea time"),
        ("date_bad_timezone", "Tue, 04 Jun 2024 09:30:00 +9999"),
        ("date_empty", ""),
    ]:
        add(name, f"absurd Date: {date!r}")(lambda name=name, date=date: _msg(
            _mid(name), f"Subject: {name}", body=REJECTION, date=date))  # fmt: skip

    @add("attachment_25mb", "25 MiB base64 application/pdf attachment (generated, never committed)")
    def _():
        blob = random.Random(_SEED + 25).randbytes(ATTACHMENT_SIZE)
        return _msg(_mid("big"), "Subject: Offer letter attached", "MIME-Version: 1.0",
                    'Content-Type: multipart/mixed; boundary="BIG"',
                    body=b"--BIG\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease find the offer attached.\r\n"
                    b"--BIG\r\nContent-Type: application/pdf; name=offer.pdf\r\n"
                    b'Content-Disposition: attachment; filename="offer.pdf"\r\n'
                    b"Content-Transfer-Encoding: base64\r\n\r\n" + _b64_lines(blob) + b"--BIG--\r\n")  # fmt: skip

    @add("html_only", "text/html only, with script/style/comments and entities")
    def _():
        html = ("<html><head><style>p{color:red}</style><script>alert('x')</script></head><body>"
                "<!-- hidden --><p>Dear candidate,</p><p>We&#39;d like to invite you to an "
                "<b>interview</b> &amp; a coffee.</p><img src=x onerror=alert(1)></body></html>")  # fmt: skip
        return _msg(_mid("html"), "Subject: Interview invitation", "MIME-Version: 1.0",
                    "Content-Type: text/html; charset=utf-8", body=html)  # fmt: skip

    @add("empty_body", "headers, blank line, nothing else")
    def _():
        return _msg(_mid("empty-body"), "Subject: (empty)", body=b"")

    @add("header_1mb_single_line", "one unfolded 1 MiB header line")
    def _():
        return _msg(_mid("hdr1mb"), "Subject: Huge header", b"X-Filler: " + b"A" * (1024 * 1024),
                    body=REJECTION)  # fmt: skip

    @add("references_1mb", "References header with ~23,000 folded message ids (> 1 MiB)")
    def _():
        rnd = random.Random(_SEED + 2)
        ids = [f"<ref-{i:06d}-{rnd.getrandbits(64):016x}@thread.example>" for i in range(23_000)]
        return _msg(_mid("refs1mb"), "Subject: Re: Re: Re: your application",
                    "References: " + "\r\n ".join(ids), f"In-Reply-To: {ids[-1]}",
                    body=REJECTION)  # fmt: skip

    @add("crlf_injection_subject", "encoded words in Subject decoding to '\\r\\nBcc: x@evil'")
    def _():
        return _msg(_mid("inj-subj"), "Subject: Hello " + _ew_b64(INJECTION) + " =?utf-8?q?Hi=0D=0ABcc:_x@evil?=",
                    body=REJECTION)  # fmt: skip

    @add("crlf_injection_display_name", "From display name and Reply-To decode to '...\\r\\nBcc: x@evil'")
    def _():
        return (_hdrs(_mid("inj-name"), "Subject: Your application")
                .replace(b"From: Acme Recruiting <jobs@acme.example>",
                         ("From: " + _ew_b64("Eve" + INJECTION) + " <eve@acme.example>").encode())
                + b"\r\nReply-To: \"=?utf-8?q?Mallory=0D=0ABcc:_x@evil?=\" <m@acme.example>\r\n\r\n"
                + REJECTION.encode())  # fmt: skip

    @add("nul_bytes", "NUL bytes in a header and in the body")
    def _():
        return _msg(_mid("nul"), b"Subject: Null\x00byte here", b"X-Nul: \x00\x00\x00",
                    body=b"Dear\x00 candidate,\r\n\x00\x00 unfortunately...\r\n")  # fmt: skip

    @add("truncated_headers_only", "headers only, no blank line, cut off in the middle of a header")
    def _():
        return _hdrs(_mid("trunc"), "Subject: Truncated", "Content-Type: multipart/mixed; boundary=") + b"\r\nX-Cut: this header never ends an"  # fmt: skip

    @add("random_bytes", "8 KiB of random bytes, not a message at all")
    def _():
        return random.Random(_SEED + 1).randbytes(8192)

    @add("empty_message", "zero bytes")
    def _():
        return b""

    @add("bare_lf_mixed_endings", "LF-only and CR-only line endings mixed with CRLF")
    def _():
        return (b"From: hr@acme.example\nTo: jo@example.test\r\nSubject: Mixed\rendings\n"
                b"Message-ID: <torture-lf@acme.example>\n\nBody line 1\rline 2\r\nline 3\n")  # fmt: skip

    @add("multipart_missing_boundary", "multipart/alternative without boundary parameter")
    def _():
        return _msg(_mid("nobound"), "Subject: No boundary", "MIME-Version: 1.0",
                    "Content-Type: multipart/alternative", body=b"--x\r\n\r\ntext\r\n--x--\r\n")  # fmt: skip

    @add("multipart_unclosed_boundary", "the closing boundary never comes; parts with bogus headers")
    def _():
        return _msg(_mid("unclosed"), "Subject: Unclosed", "MIME-Version: 1.0",
                    'Content-Type: multipart/alternative; boundary="ALT"',
                    body=b"--ALT\r\nContent-Type: text/plain; charset=\"utf-8\r\n\r\nWe regret.\r\n"
                    b"--ALT\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: bogus\r\n\r\n<p>We regret")  # fmt: skip

    return c


NOTES: dict[str, str] = {}
_CASES = _cases()


@cache
def _build(name: str) -> bytes:
    return _CASES[name]()


def torture_messages(*, large: bool = True) -> list[tuple[str, bytes]]:
    """All torture cases as ``(name, raw_bytes)``, in a fixed order, byte-identical on every call.

    ``large=False`` leaves out the cases in :data:`LARGE` (25 MB attachment, 1 MB headers).
    Results are cached per process, so repeated calls are cheap.
    """
    return [(name, _build(name)) for name in _CASES if large or name not in LARGE]
