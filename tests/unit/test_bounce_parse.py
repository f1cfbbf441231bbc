"""Reading a bounce (agent/mail/bounce.py): the standard delivery-status report (RFC 3464) and the text reports of
Exim, Postfix and Exchange (English, German, French); which recipients failed, and which of the user's emails it
returns - by that email's Message-ID only. A delay, a read receipt, a company's email are no bounce; hostile or
truncated bytes never raise, and no address is ever returned that the report does not hold."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, example, given, settings

from agent.demo import samples
from agent.mail.bounce import Bounce, read_bounce
from agent.mail.parse import parse_message
from tests import bounce_samples as bs

T = datetime(2026, 10, 21, 9, 1, tzinfo=UTC)
JANE = "jane.roe@acme.test"
SENT = "<CAK-sent-1@mail.example.org>"


def _both(raw: bytes) -> Bounce | None:
    """What the intake reads (with the parsed email) - the same as without it."""
    with_parsed = read_bounce(raw, parse_message(raw))
    assert read_bounce(raw) == with_parsed
    return with_parsed


@pytest.mark.parametrize("returned", ["text/rfc822-headers", "message/rfc822"])
def test_a_standard_report_names_the_failed_recipient_and_the_users_email(returned):
    assert _both(bs.dsn(T, JANE, SENT, returned=returned)) == Bounce((JANE,), SENT, standard=True)


def test_the_address_the_user_wrote_is_named_before_the_one_it_expanded_to():
    got = _both(bs.dsn(T, JANE, SENT, original_recipient="jobs@acme.test", to="jobs@acme.test"))
    assert got is not None and got.failed == ("jobs@acme.test", JANE)


def test_a_delay_is_a_report_with_no_failure():
    assert _both(bs.dsn(T, JANE, SENT, action="delayed", status="4.4.1")) == Bounce((), SENT, standard=True)


def test_without_returned_headers_the_report_names_the_email_it_answers_or_none():
    assert _both(bs.dsn(T, JANE, SENT, returned="", in_reply_to=SENT)) == Bounce((JANE,), SENT, standard=True)
    assert _both(bs.dsn(T, JANE, SENT, returned="")) == Bounce((JANE,), None, standard=True)


@pytest.mark.parametrize("lang", ["en", "de", "fr"])
def test_an_exchange_text_report_in_three_languages(lang):
    assert _both(bs.exchange(T, JANE, SENT, lang)) == Bounce((JANE,), SENT, standard=False)


def test_exims_text_report_with_the_whole_email_quoted():
    assert _both(bs.exim(T, JANE, SENT)) == Bounce((JANE,), SENT, standard=False)


def test_a_text_report_quoting_only_a_message_id_threaded_or_not():
    assert _both(bs.postfix_text(T, JANE, SENT)) == Bounce((JANE,), SENT, standard=False)
    assert _both(bs.postfix_text(T, JANE, SENT, threaded=True)) == Bounce((JANE,), SENT, standard=False)


def test_a_text_report_names_only_recipients_of_the_email_it_quotes():
    """The quoted copy went to jobs@ (an alias that expanded to Jane's dead mailbox): Jane is not one of its
    recipients, so the report names nobody rather than a guess."""
    got = _both(bs.exim(T, JANE, SENT, to="jobs@acme.test"))
    assert got == Bounce((), SENT, standard=False)


def test_the_report_of_an_unrelated_email_is_read_as_it_is():
    """A bounce of the user's email to a friend: read (whether it is a follow-up's is the record's to say)."""
    got = _both(bs.dsn(T, "old.friend@mail.test", "<birthday@mail.example.org>"))
    assert got == Bounce(("old.friend@mail.test",), "<birthday@mail.example.org>", standard=True)


def test_no_bounce_a_companys_email_a_delay_warning_or_a_read_receipt():
    company = samples.build_email(from_=f"Jane Roe <{JANE}>", to=bs.USER, subject="Undeliverable: the role is gone",
                                  date=T, message_id="<r1@acme.test>", body=f"Write to {JANE} instead.")
    assert _both(company) is None  # a report's subject, from a person: no report
    ordinary = samples.rejection("Acme", "QA Lead", f"Jane Roe <{JANE}>", T, "<r2@acme.test>")
    assert _both(ordinary) is None
    delay = bs.postfix_text(T, JANE, SENT).replace(b"Undelivered Mail Returned to Sender",
                                                  b"Delivery Status Notification (Delay)")
    assert _both(delay) is None
    receipt = bs.dsn(T, JANE, SENT).replace(b"report-type=delivery-status", b"report-type=disposition-notification")
    assert _both(receipt) is None


def test_malformed_reports_give_what_they_hold_and_never_raise():
    raw = bs.dsn(T, JANE, SENT)
    for cut in (40, 200, 600, 900, len(raw) // 2, len(raw) - 30):
        got = read_bounce(raw[:cut])
        assert got is None or set(got.failed) <= {JANE}
    garbage = raw.replace(b"Final-Recipient: rfc822; " + JANE.encode(), b"Final-Recipient: x400; ?=<>@@;")
    assert read_bounce(garbage) == Bounce((), SENT, standard=True)
    no_action = raw.replace(b"Action: failed\r\n", b"")  # no Action: a permanent Status says it failed
    assert read_bounce(no_action) == Bounce((JANE,), SENT, standard=True)
    mailer = raw.replace(JANE.encode(), b"MAILER-DAEMON@acme.test")
    assert read_bounce(mailer) == Bounce((), SENT, standard=True)  # a mail system's mailbox is never a recipient
    assert read_bounce(b"") is None and read_bounce(b"\x00\xff" * 50) is None


# -- properties ---------------------------------------------------------------------------------------------

def _decoded(raw: bytes) -> str:
    """Every part's text, decoded (what "written in the report" may mean for a quoted-printable one)."""
    out = [raw.decode("latin-1")]
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
        for part in msg.walk():
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                out.append(payload.decode("utf-8", "replace"))
    except Exception:  # noqa: BLE001 - the oracle's own parse may fail on garbage: the raw text stays
        pass
    return "\n".join(out).lower()


SEEDS = [bs.dsn(T, JANE, SENT), bs.exim(T, JANE, SENT), bs.exchange(T, JANE, SENT, "de"), bs.postfix_text(T, JANE, SENT)]


@st.composite
def mangled(draw: st.DrawFn) -> bytes:
    """A real report cut, spliced with random bytes and parts of another."""
    raw = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(raw)))
        raw[at:at + draw(st.integers(0, 40))] = draw(st.binary(max_size=60) | st.sampled_from(
            [b"\r\n\r\n", b"Final-Recipient: rfc822; x@y.test\r\nAction: failed\r\n", b"--=_dsn_boundary\r\n",
             b"Content-Type: message/delivery-status\r\n\r\n", b"To: bob@acme.test\r\n"]))
    return bytes(raw)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.binary(max_size=3000) | mangled())
@example(raw=b"Content-Type: multipart/report; report-type=delivery-status\r\n\r\nFinal-Recipient: a@b.c")
def test_never_raises_and_every_address_it_returns_is_in_the_report(raw):
    got = read_bounce(raw)
    if got is not None:
        text = _decoded(raw)
        assert all(a in text for a in got.failed), (got, raw[:300])
        assert got.original is None or got.original.lower() in text


@settings(max_examples=60, deadline=None)
@given(recipients=st.lists(st.tuples(st.sampled_from(["jane", "bob", "ana.p", "x_y"]),
                                     st.sampled_from(["failed", "delivered", "delayed", "relayed", "expanded"])),
                           min_size=1, max_size=4, unique_by=lambda r: r[0]))
def test_a_standard_report_names_exactly_the_failed_recipients(recipients):
    blocks = "".join(f"Final-Recipient: rfc822; {name}@acme.test\r\nAction: {action}\r\nStatus: "
                     f"{'5.1.1' if action == 'failed' else '2.0.0'}\r\n\r\n" for name, action in recipients)
    raw = bs.dsn(T, JANE, SENT).replace(
        f"Final-Recipient: rfc822; {JANE}\r\nAction: failed\r\nStatus: 5.1.1\r\n".encode(), blocks.encode())
    got = read_bounce(raw)
    assert got is not None and got.original == SENT
    assert got.failed == tuple(f"{name}@acme.test" for name, action in recipients if action == "failed")
