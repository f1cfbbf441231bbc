"""The fast path of agent.mail.mime must give exactly the slow path's ParsedEmail, or decline.

``mime.fast_tree(raw)`` builds the Message tree without the feedparser's line walk; it returns
None ("declined") when it is not sure. ``parse._parse(raw, fast=...)`` runs either path. Every
test here checks: declined, or ``_parse(raw, fast=True) == _parse(raw, fast=False)`` (all fields,
defects included), or both raise MessageParseError.
"""

from __future__ import annotations

import base64
import random
import sys
import time
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent.demo import samples
from agent.mail import headers as H  # noqa: E402
from agent.mail import mime, parse  # noqa: E402
from agent.mail import types as T  # noqa: E402
from agent.mail.parse import parse_message
from agent.mail.types import MessageParseError
from tests.torture.generate import torture_messages  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from bench import mailgen  # noqa: E402

WHEN = datetime(2024, 6, 4, 9, 30, tzinfo=UTC)


def _outcome(raw: bytes, fast: bool) -> object:
    try:
        return parse._parse(raw, fast=fast)
    except MessageParseError:
        return "MessageParseError"


def check(raw: bytes) -> bool:
    """Assert fast == slow whenever the fast path answers; return whether it answered."""
    raw = bytes(raw)
    if not raw.strip():
        return False
    if mime.fast_tree(raw) is None:
        return False
    fast, slow = _outcome(raw, True), _outcome(raw, False)
    assert fast == slow, raw[:2000]
    return True


# ---------------------------------------------------------------- (a) torture corpus

# the realistic-but-hostile cases the fast path is expected to answer itself
EXPECTED_FAST = {
    "nested_multipart_12", "bad_base64", "bad_quoted_printable", "unknown_charset",
    "lying_charset_utf8_is_latin1", "lying_charset_ascii_8bit", "raw_8bit_headers", "missing_message_id",
    "duplicate_message_id", "attachment_25mb", "html_only", "empty_body", "header_1mb_single_line",
    "references_1mb", "crlf_injection_subject", "crlf_injection_display_name", "nul_bytes",
    "multipart_unclosed_boundary",
}
# cases it must leave to the slow path
EXPECTED_DECLINED = {"nested_multipart_200", "truncated_headers_only", "random_bytes", "bare_lf_mixed_endings",
                     "multipart_missing_boundary"}


@pytest.mark.parametrize("name,raw", torture_messages(), ids=[n for n, _ in torture_messages()])
def test_torture_fast_equals_slow(name, raw):
    answered = check(raw)
    if name in EXPECTED_FAST:
        assert answered, name
    if name in EXPECTED_DECLINED:
        assert not answered, name


def test_torture_prefixes_and_lf_variants():
    for _, raw in torture_messages(large=False):
        for variant in (raw.replace(b"\r\n", b"\n"), raw[: len(raw) // 2], raw[: len(raw) * 3 // 4]):
            check(variant)


# ---------------------------------------------------------------- (b) realistic generated mail

def _mime(body: str, *, charset: str, cte: str, html: str | None, attach: bool, eol: bytes) -> bytes:
    msg = EmailMessage(policy=SMTP)
    msg["From"] = "Jürgen Müller <hr@firma.example>"
    msg["To"] = samples.USER
    msg["Subject"] = "Ihre Bewerbung – Absage"
    msg["Date"] = "Tue, 04 Jun 2024 09:30:00 +0200"
    msg["Message-ID"] = "<fast-1@firma.example>"
    msg.set_content(body, charset=charset, cte=cte)
    if html is not None:
        msg.add_alternative(html, subtype="html", charset=charset, cte=cte)
    if attach:
        msg.add_attachment(b"%PDF-1.4\n" + bytes(range(256)) * 40, maintype="application", subtype="pdf",
                           filename="offer.pdf")
    raw = msg.as_bytes()
    return raw if eol == b"\r\n" else raw.replace(b"\r\n", eol)


BODY = ("Vielen Dank für Ihre Bewerbung als Entwickler. Leider müssen wir Ihnen mitteilen, dass wir uns "
        "für andere Kandidaten entschieden haben.\n\nMit freundlichen Grüßen\nJürgen\n") * 3
HTML = "<html><body><p>Vielen Dank für Ihre Bewerbung.</p><p>Leider &amp; bedauerlicherweise: nein.</p></body></html>"


@pytest.mark.parametrize("eol", [b"\r\n", b"\n"], ids=["crlf", "lf"])
@pytest.mark.parametrize("charset", ["utf-8", "iso-8859-1"])
@pytest.mark.parametrize("cte", ["8bit", "quoted-printable", "base64"])
@pytest.mark.parametrize("shape", ["plain", "alternative", "html_only", "plain+attachment", "alt+attachment"])
def test_realistic_mime_fast_equals_slow(eol, charset, cte, shape):
    if shape == "html_only":
        msg = EmailMessage(policy=SMTP)
        msg["From"] = "hr@firma.example"
        msg["Subject"] = "Einladung"
        msg["Message-ID"] = "<fast-html@firma.example>"
        msg.set_content(HTML, subtype="html", charset=charset, cte=cte)
        raw = msg.as_bytes().replace(b"\r\n", eol)
    else:
        raw = _mime(BODY, charset=charset, cte=cte, html=HTML if "alt" in shape else None,
                    attach="attachment" in shape, eol=eol)
    assert check(raw), raw[:500]
    p = parse_message(raw)
    assert "Bewerbung" in p.text
    assert p.html_only == (shape == "html_only")
    # a partial fetch cut inside the body is still answered (with the slow path's defects)
    if "attachment" in shape:
        assert check(raw[: len(raw) - 300])


def test_samples_builders_fast_equals_slow():
    raws = [*samples.demo_story(WHEN),
            samples.build_email(from_="Jane <jane@acme.example>", to=samples.USER, subject="Offer", body="Hi\n",
                                date=WHEN, message_id="<o@acme.example>", html="<p>Hi <b>there</b></p>",
                                attachment=b"%PDF" + bytes(1000), cc="Bob <bob@acme.example>",
                                reply_to="jobs@acme.example")]
    for raw in raws:
        for variant in (raw, raw.replace(b"\r\n", b"\n")):
            assert check(variant)


def test_mailgen_mailbox_fast_equals_slow():
    spec = mailgen.Spec(attachment_fraction=0.05, attachment_mb=(1,))
    answered = 0
    for raw, _ in mailgen.mailbox(400, seed=7, now=WHEN, spec=spec):
        assert check(raw)
        assert check(raw.replace(b"\r\n", b"\n"))
        answered += 1
        if len(raw) > 1_000_000:  # the daemon's partial fetch cuts big mail inside the attachment
            p = parse._parse(raw[:1_000_000], fast=True)
            assert check(raw[:1_000_000]) and "CloseBoundaryNotFoundDefect" in p.defects
    assert answered == 400


# ---------------------------------------------------------------- declines and edge cases

def _mp(body: bytes, ctype: bytes = b'multipart/mixed; boundary="B"') -> bytes:
    return (b"From: a@b.example\r\nSubject: s\r\nMessage-ID: <e@b.example>\r\nContent-Type: " + ctype
            + b"\r\n\r\n" + body)


PLAIN = b"--B\r\nContent-Type: text/plain\r\n\r\nhello\r\n"


@pytest.mark.parametrize("raw", [
    _mp(PLAIN + b"--B\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\nx\r\n--B--\r\n"),
    _mp(b"--B\r\n\r\nx\r\n--B--\r\n", b"multipart/digest; boundary=B"),  # default type message/rfc822
    _mp(PLAIN + b"--B--\r\n", b"multipart/mixed"),                          # no boundary parameter
    _mp(b"hello\r--B\r\n\r\nx\r\n--B--\r\n"),                              # bare CR ends a line
    _mp(b"--B\r\n--B\r\n\r\nx\r\n--B--\r\n"),                              # repeated delimiter line
    _mp(b"no delimiter at all\r\n"),                                         # start boundary not found
    _mp(b"--B--\r\n"),                                                       # only a close delimiter
    _mp(b"--B\r\nContent-Type: text/plain\r\nnot a header\r\n\r\nx\r\n--B--\r\n"),
    _mp(b"--B\r\nContent-Type: text/plain"),                                 # cut inside part headers
    b"From foo@bar Tue Jun  4 09:30:00 2024\r\nSubject: mbox\r\n\r\nx\r\n",  # unix-from line
    b" Subject: continuation first\r\n\r\nx\r\n",
    b"Subject: no body separator",
])
def test_fast_path_declines_what_it_is_unsure_about(raw):
    assert mime.fast_tree(raw) is None
    parse_message(raw)  # the slow path still answers (or raises MessageParseError only)


@pytest.mark.parametrize("raw", [
    _mp(PLAIN + b"--B--\r\n"),
    _mp(b"preamble\r\n" + PLAIN + b"--B  \t\r\n\r\nno headers\r\n--B--  \r\nepilogue --B\r\n"),
    _mp(PLAIN + b"--B\r\nContent-Type: text/html\r\n\r\n<p>hi</p>"),                     # never closed
    _mp(PLAIN + b"--Bx\r\n--B-\r\n --B\r\nx--B\r\n--B--"),                               # near-misses, no EOL
    _mp(PLAIN + b"--B--\r\n", b'multipart/mixed; boundary="B"\r\nContent-Transfer-Encoding: base64'),
    _mp(b"--B\r\nContent-Type: multipart/alternative; boundary=\"C\"\r\n\r\n--C\r\n\r\ninner\r\n--B\r\n"
        b"\r\nouter\r\n--B--\r\n"),                                                      # inner never closed
    _mp(b"--B\r\nContent-Type: multipart/alternative; boundary=B2\r\n\r\n--B2\r\n\r\nx\r\n--B2--\r\n--B--\r\n"),
    _mp(b"--B\n\nlf only\n--B--\n"),
    _mp(b"--B\r\nContent-Type: text/plain; charset=\"utf-8\r\n\r\nWe regret.\r\n--B--\r\n"),
])
def test_fast_path_edge_cases_equal_slow(raw):
    assert check(raw)


def test_invalid_multipart_cte_defect_is_kept():
    raw = _mp(PLAIN + b"--B--\r\n", b'multipart/mixed; boundary="B"\r\nContent-Transfer-Encoding: base64')
    assert "InvalidMultipartContentTransferEncodingDefect" in parse_message(raw).defects
    assert check(raw)


def test_attachment_content_is_not_scanned():
    """A 20 MB attachment costs (almost) nothing: only its headers are read."""
    blob = base64.encodebytes(random.Random(3).randbytes(15 * 1024 * 1024)).replace(b"\n", b"\r\n")
    raw = _mp(PLAIN + b"--B\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
              + blob + b"--B--\r\n")
    assert mime.fast_tree(raw) is not None
    start = time.process_time()  # this process's CPU time: a busy machine does not make it flake
    for _ in range(5):
        p = parse_message(raw)
    assert (time.process_time() - start) / 5 < 0.3  # ~0.02 s; the slow path needs ~1 s on this message
    assert p.text == "hello"


# ---------------------------------------------------------------- (c) hypothesis

def _seeds() -> list[bytes]:
    seeds = [r for r, _ in mailgen.mailbox(40, seed=11, now=WHEN, spec=mailgen.Spec(
        attachment_fraction=0.0, html_fraction=0.6, max_kb=6))]
    seeds.append(_mime(BODY, charset="iso-8859-1", cte="quoted-printable", html=HTML, attach=True, eol=b"\r\n"))
    seeds.append(_mime(BODY, charset="utf-8", cte="base64", html=None, attach=True, eol=b"\n"))
    seeds += [r for _, r in torture_messages(large=False) if r and len(r) < 20_000]
    return seeds


SEEDS = _seeds()
TOKENS = [b"\r\n", b"\n", b"\r", b"\x00", b"--", b":", b" ", b"\t", b"\r\n\r\n", b"\n\n", b"From ", b"\xff",
          b"=?utf-8?b?", b"boundary=", b"\r\n--", b"--\r\n", b"message/rfc822", b"multipart/digest", b"text/html",
          b"Content-Type: multipart/mixed; boundary=\"zz\"\r\n", b"\r\n--zz\r\n", b"--zz--",
          b"Content-Transfer-Encoding: base64\r\n", b"  \r\n"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_messages_fast_equals_slow_or_declined(data):
    raw = bytearray(data.draw(st.sampled_from(SEEDS)))
    for _ in range(data.draw(st.integers(1, 8))):
        op = data.draw(st.sampled_from(["flip", "insert", "copy_delimiter", "delete", "truncate"]))
        pos = data.draw(st.integers(0, len(raw)))
        if op == "flip" and raw:
            raw[min(pos, len(raw) - 1)] = data.draw(st.integers(0, 255))
        elif op == "insert":
            raw[pos:pos] = data.draw(st.sampled_from(TOKENS))
        elif op == "copy_delimiter":  # duplicate an existing "--boundary..." line somewhere else
            i = raw.find(b"\n--", data.draw(st.integers(0, len(raw))))
            if i >= 0:
                j = raw.find(b"\n", i + 1)
                raw[pos:pos] = raw[i:j if j > 0 else len(raw)]
        elif op == "delete":
            del raw[pos:pos + data.draw(st.integers(1, 40))]
        else:
            del raw[pos:]
    check(bytes(raw))


_EOL = st.sampled_from([b"\r\n", b"\n"])
_BOUNDARY = st.sampled_from([b"B", b"=_alt_1", b"----=_Part_0_123.456", b"b1", b"b1x", b"x y", b"a'()+_,-./:=?"])


@st.composite
def _entity(draw, depth: int = 0) -> bytes:
    eol = draw(_EOL)
    kind = draw(st.sampled_from(["plain", "html", "pdf", "none"] + (["multi"] * 2 if depth < 3 else [])))
    headers: list[bytes] = []
    if kind == "multi":
        boundary = draw(_BOUNDARY)
        headers.append(b'Content-Type: multipart/' + draw(st.sampled_from([b"mixed", b"alternative"]))
                       + b'; boundary="' + boundary + b'"')
        parts = draw(st.lists(_entity(depth + 1), min_size=0, max_size=3))
        pad = draw(st.sampled_from([b"", b" ", b"\t "]))
        body = draw(st.sampled_from([b"", b"preamble" + eol]))
        for part in parts:
            body += b"--" + boundary + pad + eol + part + eol
        if draw(st.booleans()):
            body += b"--" + boundary + b"--" + pad + draw(st.sampled_from([eol, b""]))
            body += draw(st.sampled_from([b"", b"epilogue" + eol]))
    else:
        if kind != "none":
            ctype = {"plain": b"text/plain", "html": b"text/html", "pdf": b"application/pdf"}[kind]
            charset = draw(st.sampled_from([b"", b"; charset=utf-8", b"; charset=iso-8859-1", b"; charset=bogus"]))
            headers.append(b"Content-Type: " + ctype + charset)
        cte = draw(st.sampled_from([b"", b"7bit", b"8bit", b"base64", b"quoted-printable"]))
        if cte:
            headers.append(b"Content-Transfer-Encoding: " + cte)
        if draw(st.booleans()):
            headers.append(b"Content-Disposition: " + draw(st.sampled_from([b"inline", b"attachment"])))
        text = draw(st.text(max_size=60)).encode("utf-8", "surrogatepass")
        if cte == b"base64":
            text = base64.encodebytes(text).replace(b"\n", eol)
        body = text + draw(st.sampled_from([b"", eol]))
    head = b"".join(h + eol for h in headers)
    return head + eol + body


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_entity(), _EOL, st.integers(0, 4000))
def test_generated_mime_trees_fast_equals_slow(entity, eol, cut):
    raw = b"From: a@b.example" + eol + b"Subject: tree" + eol + b"Message-ID: <t@b.example>" + eol + entity
    check(raw)
    check(raw[:cut])


# ---------------------------------------------------------------- the address cache

def test_address_cache_changes_nothing(monkeypatch):
    raws = [r for _, r in torture_messages(large=False) if r.strip()] + SEEDS[:20] + [
        b"From: =?x-bogus?q?Eve?= <eve@x.example>\r\nTo: " + b"(" * 3000 + b"a@b.example\r\n\r\nx"]
    H._ADDRESS_CACHE.clear()
    cached = [_outcome(r, True) for r in raws]
    again = [_outcome(r, True) for r in raws]  # now served from the cache, defects included
    monkeypatch.setattr(H, "_ADDRESS_CACHE_KEY_MAX", -1)  # cache off
    uncached = [_outcome(r, True) for r in raws]
    assert cached == again == uncached
    assert any(isinstance(p, T.ParsedEmail) and any("charset" in d for d in p.defects) for p in cached)


def test_address_cache_is_bounded():
    H._ADDRESS_CACHE.clear()
    for i in range(H._ADDRESS_CACHE_MAX + 10):
        H.parse_addresses(f"user{i}@example.org", [])
    assert len(H._ADDRESS_CACHE) <= H._ADDRESS_CACHE_MAX
    assert H.parse_addresses("X <x@" + "a" * 5000 + ".example>", []) is not None  # long: not cached
    assert all(len(k) <= H._ADDRESS_CACHE_KEY_MAX for k in H._ADDRESS_CACHE)
