"""A text/plain part that only stands in for the HTML part ("view this message in your browser", or a
bare heading such as "An update from X") is replaced by the HTML part's text. Emails written for this test."""
from __future__ import annotations

from agent.mail.mime import is_stub
from agent.mail.parse import parse_message

HTML = (b"<html><body><h1>An update from Brightwell Labs</h1><p>Hi Sam,</p><p>Thank you for your interest in the "
        b"Data Analyst role. After careful review we have decided not to move forward with your application."
        b"</p><p>We wish you the best in your search.</p></body></html>")


def alternative(plain: bytes, html: bytes = HTML) -> bytes:
    return (b"From: Brightwell Labs <jobs-noreply@linkedin.example>\r\nSubject: Your application\r\n"
            b"MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n\r\n"
            b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + plain + b"\r\n"
            b"--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html + b"\r\n--b--\r\n")


def test_heading_only_plain_part_reads_the_html_part():
    p = parse_message(alternative(b"An update from Brightwell Labs"))
    assert "decided not to move forward" in p.text and p.html_only


def test_view_in_browser_plain_part_reads_the_html_part():
    p = parse_message(alternative(b"Having trouble reading this email? View this message in your browser:\r\n"
                                  b"https://mail.brightwell.example/v/123\r\n\r\nUnsubscribe"))
    assert "decided not to move forward" in p.text


def test_a_real_plain_part_is_kept():
    plain = (b"Hi Sam,\r\n\r\nThank you for your interest in the Data Analyst role. After careful review we "
             b"have decided not to move forward with your application.\r\n\r\nBest,\r\nMira")
    p = parse_message(alternative(plain))
    assert p.text.startswith("Hi Sam,") and not p.html_only


def test_a_short_plain_part_is_kept_when_the_html_says_no_more():
    p = parse_message(alternative(b"Thanks, we went with someone else.", b"<p>Thanks, we went with someone else.</p>"))
    assert p.text == "Thanks, we went with someone else." and not p.html_only


def test_is_stub():
    assert is_stub("An update from Acme")
    assert is_stub("View this email in your browser\nhttps://x.example/1")
    assert not is_stub("Hi Sam,\n\nThanks for applying.\nWe will review your application and get back to you.\n"
                       "Best,\nMira")
