"""Sanity tests of the torture corpus itself (not of the parser)."""

from __future__ import annotations

import email
import email.policy
import hashlib
import subprocess
import sys
from email.header import decode_header, make_header
from pathlib import Path

from tests.torture.generate import ATTACHMENT_SIZE, INJECTION, LARGE, NOTES, torture_messages

REQUIRED = {
    "nested_multipart_12", "bad_base64", "bad_quoted_printable", "unknown_charset",
    "lying_charset_utf8_is_latin1", "lying_charset_ascii_8bit", "raw_8bit_headers",
    "missing_message_id", "duplicate_message_id", "date_year_0", "date_year_9999", "date_garbage",
    "attachment_25mb", "html_only", "empty_body", "header_1mb_single_line",
    "crlf_injection_subject", "crlf_injection_display_name", "nul_bytes",
    "truncated_headers_only", "random_bytes",
}  # fmt: skip


def _by_name(large=True):
    return dict(torture_messages(large=large))


def test_names_unique_and_documented(torture):
    names = [n for n, _ in torture]
    assert len(names) == len(set(names))
    assert REQUIRED <= set(names)
    assert set(names) == set(NOTES)
    assert all(isinstance(raw, bytes) for _, raw in torture)


def test_deterministic():
    from tests.torture.generate import _CASES

    for name in ("random_bytes", "references_1mb", "nested_multipart_200", "crlf_injection_subject"):
        a, b = _CASES[name](), _CASES[name]()  # uncached builds
        assert a == b and hashlib.sha256(a).digest() == hashlib.sha256(_by_name()[name]).digest()


def test_small_selection_leaves_out_large():
    small = _by_name(large=False)
    assert not (LARGE & set(small)) and len(small) == len(_by_name()) - len(LARGE)


def test_sizes(torture):
    m = dict(torture)
    msg = email.message_from_bytes(m["attachment_25mb"], policy=email.policy.default)
    att = [p for p in msg.iter_attachments()][0]
    assert len(att.get_content()) == ATTACHMENT_SIZE
    assert len(m["header_1mb_single_line"].split(b"\r\n\r\n", 1)[0]) > 1024 * 1024
    assert len(m["references_1mb"].split(b"\r\n\r\n", 1)[0]) > 1024 * 1024


def test_nesting_depth():
    m = _by_name(large=False)
    msg = email.message_from_bytes(m["nested_multipart_12"])
    depth = 0
    while msg.is_multipart():
        msg = msg.get_payload(0)
        depth += 1
    assert depth == 12 and "text-leaf" in msg.get_payload()


def test_structural_properties():
    m = _by_name(large=False)
    assert b"Message-ID" not in m["missing_message_id"]
    assert m["duplicate_message_id"].count(b"Message-ID:") == 2
    assert b"\r\n\r\n" not in m["truncated_headers_only"] and b"\n\n" not in m["truncated_headers_only"]
    assert b"\x00" in m["nul_bytes"]
    assert b"\xfc" in m["lying_charset_utf8_is_latin1"]
    assert any(b > 127 for b in m["raw_8bit_headers"].split(b"\r\n\r\n")[0])
    assert m["empty_body"].endswith(b"\r\n\r\n")
    assert b"text/plain" not in m["html_only"]
    assert b"Date: Mon, 01 Jan 0000" in m["date_year_0"]


def test_injection_decodes_to_crlf():
    m = _by_name(large=False)
    subj = email.message_from_bytes(m["crlf_injection_subject"])["Subject"]
    assert INJECTION in str(make_header(decode_header(subj)))
    frm = email.message_from_bytes(m["crlf_injection_display_name"])["From"]
    assert INJECTION in str(make_header(decode_header(frm)))
    # the raw bytes themselves carry no injected header line
    for name in ("crlf_injection_subject", "crlf_injection_display_name"):
        assert b"\nBcc:" not in m[name]


def test_make_torture_script(tmp_path):
    script = Path(__file__).with_name("make_torture.py")
    r = subprocess.run([sys.executable, str(script), str(tmp_path), "--no-large"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    files = {p.stem: p.read_bytes() for p in tmp_path.glob("*.eml")}
    assert files == _by_name(large=False)


def test_torture_dir_fixture(torture_dir, torture):
    assert sorted(p.stem for p in torture_dir.glob("*.eml")) == sorted(n for n, _ in torture)
