"""Tests for agent.followups: due dates, template rendering, draft composition."""

from __future__ import annotations

import email
import email.policy
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent import shipped
from agent.followups.draft import (
    MAX_REFERENCES,
    TemplateError,
    build_draft,
    draft_header_names,
    followup_message_id,
    render_body,
    reply_subject,
)
from agent.followups.schedule import compute_due, is_sensible_send_time, next_sensible_time
from agent.mail.parse import parse_message
from agent.mail.types import Address

BERLIN = ZoneInfo("Europe/Berlin")
ZONES = [ZoneInfo(z) for z in ("Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata",
                                "America/Santiago", "Pacific/Chatham", "UTC", "Asia/Tehran")]
NOW = datetime(2024, 6, 4, 9, 30, tzinfo=UTC)
NASTY = ["\r\nBcc: evil@x", "\nX-Evil: 1", "\r", "a\x00b", "a\u2028Bcc: x", "a\u2029b", "a\x85Bcc: y",
         "a\x0bb\x0cc", "a\x1cb\x1dc\x1ed", "=?utf-8?b?DQpCY2M6IHg=?=", "Jäne Dœ", "{{ 7*7 }}", "{% raw %}",
         '"quoted", <angle> (paren)', "x" * 2000]


# ---------------------------------------------------------------- due dates

def _local(dt: datetime, tz: ZoneInfo) -> datetime:
    return dt.astimezone(tz)


def test_compute_due_basic_window_and_determinism():
    rejected = datetime(2024, 3, 20, 15, 0, tzinfo=UTC)
    due = compute_due(rejected, min_days=14, max_days=21, tz=BERLIN, seed="<a@b>")
    assert due.tzinfo is not None and due.utcoffset() == timedelta(0)
    local = _local(due, BERLIN)
    assert date(2024, 4, 3) <= local.date() <= date(2024, 4, 10)
    assert local.weekday() < 5 and 9 <= local.hour < 11
    assert compute_due(rejected, min_days=14, max_days=21, tz=BERLIN, seed="<a@b>") == due


def test_compute_due_spreads_over_seeds():
    rejected = datetime(2024, 3, 20, 15, 0, tzinfo=UTC)
    dues = {compute_due(rejected, min_days=14, max_days=21, tz=BERLIN, seed=f"<{i}@x>") for i in range(50)}
    assert len({d.date() for d in dues}) >= 4 and len(dues) >= 30
    # on the minute (a person's Date header), and spread over the two hours, not bunched at their start
    assert all(d.second == 0 and d.microsecond == 0 for d in dues)
    assert len({(d.hour, d.minute) for d in dues}) >= 30
    assert {_local(d, BERLIN).hour for d in dues} == {9, 10}  # the default window, 09:00-11:00, both hours


def test_every_minute_of_the_window_can_be_a_due_time():
    rejected = datetime(2024, 3, 20, 15, 0, tzinfo=UTC)
    minutes = {(_local(d, BERLIN).hour, _local(d, BERLIN).minute) for d in (
        compute_due(rejected, min_days=14, max_days=21, tz=BERLIN, seed=f"<{i}@spread>") for i in range(2000))}
    assert min(minutes) == (9, 0) and max(minutes) == (10, 59) and len(minutes) == 120


def test_a_saturday_only_window_goes_to_the_monday_after_it():
    fri = datetime(2024, 6, 7, 5, 0, tzinfo=UTC)  # 07:00 in Berlin; +1 day = Saturday, and nothing else
    due = compute_due(fri, min_days=1, max_days=1, tz=BERLIN, seed="s")
    assert _local(due, BERLIN).date() == date(2024, 6, 10)


@pytest.mark.parametrize("hours", [(-1, 11), (9, 25)])
def test_hours_outside_the_day_are_refused(hours):
    with pytest.raises(ValueError, match="hours"):
        compute_due(datetime(2024, 6, 4, 10, 0, tzinfo=UTC), min_days=1, max_days=2, tz=BERLIN, seed="x",
                    hours=hours)


def test_the_default_sensible_window_is_nine_to_eleven_on_weekdays():
    monday = date(2024, 6, 3)
    at = [datetime.combine(monday, datetime.min.time(), BERLIN).replace(hour=h, minute=m) for h, m in
          ((8, 59), (9, 0), (10, 59), (11, 0))]
    assert [is_sensible_send_time(t, BERLIN) for t in at] == [False, True, True, False]
    assert next_sensible_time(at[2], BERLIN) == at[2].astimezone(UTC)  # 10:59: still inside it


def test_weekend_only_window_goes_to_next_monday():
    fri = datetime(2024, 6, 7, 12, 0, tzinfo=UTC)  # +1..+2 days = Sat, Sun
    due = compute_due(fri, min_days=1, max_days=2, tz=BERLIN, seed="s")
    assert _local(due, BERLIN).date() == date(2024, 6, 10)


def test_min_days_zero_never_before_rejection():
    rejected = datetime(2024, 6, 4, 10, 59, tzinfo=BERLIN)  # Tuesday, end of the window
    due = compute_due(rejected, min_days=0, max_days=0, tz=BERLIN, seed="late")
    assert due >= rejected
    assert is_sensible_send_time(due, BERLIN)


def test_naive_rejected_at_is_utc_and_bad_args():
    naive = datetime(2024, 6, 4, 10, 0)
    assert compute_due(naive, min_days=14, max_days=21, tz=BERLIN, seed="x") == compute_due(
        naive.replace(tzinfo=UTC), min_days=14, max_days=21, tz=BERLIN, seed="x")
    with pytest.raises(ValueError):
        compute_due(naive, min_days=1, max_days=2, tz=BERLIN, seed="x", hours=(11, 9))
    with pytest.raises(ValueError):  # an empty window: no minute to choose
        compute_due(naive, min_days=1, max_days=2, tz=BERLIN, seed="x", hours=(10, 10))
    with pytest.raises(ValueError):
        compute_due(naive, min_days=-1, max_days=2, tz=BERLIN, seed="x")


def test_dst_spring_forward_gap_inside_hours():
    # America/Santiago switches at 00:00 local; a window at (0, 1) on that day must still exist.
    tz = ZoneInfo("America/Santiago")
    rejected = datetime(2024, 8, 20, 12, 0, tzinfo=UTC)
    for i in range(30):
        due = compute_due(rejected, min_days=14, max_days=21, tz=tz, hours=(0, 2), seed=str(i))
        local = _local(due, tz)
        assert local.weekday() < 5 and 0 <= local.hour < 2


@settings(max_examples=400, deadline=None)
@given(
    rejected=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1),
                          timezones=st.just(UTC)),
    min_days=st.integers(0, 30), extra=st.integers(0, 14), tz=st.sampled_from(ZONES),
    seed=st.text(max_size=40), start=st.integers(0, 22), width=st.integers(1, 4),
)
def test_due_is_weekday_morning_inside_or_just_after_window(rejected, min_days, extra, tz, seed, start, width):
    hours = (start, min(start + width, 24))
    max_days = min_days + extra
    due = compute_due(rejected, min_days=min_days, max_days=max_days, tz=tz, hours=hours, seed=seed)
    local = _local(due, tz)
    assert due.utcoffset() == timedelta(0)
    assert local.weekday() < 5
    assert hours[0] <= local.hour < hours[1]
    base = _local(rejected, tz).date()
    window_start, window_end = base + timedelta(days=min_days), base + timedelta(days=max_days)
    has_weekday = any((window_start + timedelta(days=d)).weekday() < 5 for d in range(extra + 1))
    if has_weekday and min_days > 0 and hours[1] - hours[0] >= 2:  # 1-hour windows can vanish in a DST gap
        assert window_start <= local.date() <= window_end
    else:
        assert local.date() <= window_end + timedelta(days=3)
    assert due >= rejected


# DST transition dates for Europe/Berlin and America/New_York in 2024
@pytest.mark.parametrize("tz,rejected", [
    (BERLIN, datetime(2024, 3, 10, 8, tzinfo=UTC)),
    (BERLIN, datetime(2024, 10, 12, 8, tzinfo=UTC)),
    (ZoneInfo("America/New_York"), datetime(2024, 2, 25, 8, tzinfo=UTC)),
    (ZoneInfo("America/New_York"), datetime(2024, 10, 20, 8, tzinfo=UTC)),
])
def test_due_across_dst_transitions(tz, rejected):
    for i in range(200):
        due = compute_due(rejected, min_days=14, max_days=21, tz=tz, seed=f"id-{i}")
        local = _local(due, tz)
        assert local.weekday() < 5 and 9 <= local.hour < 11


def test_window_swallowed_by_dst_gap_moves_to_next_weekday():
    tz = ZoneInfo("Asia/Tehran")  # 2001-03-22 00:00 -> 01:00
    due = compute_due(datetime(2001, 3, 19, tzinfo=UTC), min_days=3, max_days=3, tz=tz,
                      hours=(0, 1), seed="")
    local = _local(due, tz)
    assert local.date() == date(2001, 3, 23) and local.hour == 0


def test_is_sensible_and_next_sensible_time():
    assert is_sensible_send_time(datetime(2024, 6, 4, 8, 0, tzinfo=UTC), BERLIN)  # Tue 10:00
    assert not is_sensible_send_time(datetime(2024, 6, 4, 9, 0, tzinfo=UTC), BERLIN)  # 11:00
    assert not is_sensible_send_time(datetime(2024, 6, 8, 8, 0, tzinfo=UTC), BERLIN)  # Sat
    inside = datetime(2024, 6, 4, 7, 30, tzinfo=UTC)
    assert next_sensible_time(inside, BERLIN) == inside
    early = datetime(2024, 6, 4, 4, 0, tzinfo=UTC)  # Tue 06:00 local
    assert next_sensible_time(early, BERLIN) == datetime(2024, 6, 4, 7, 0, tzinfo=UTC)
    friday_late = datetime(2024, 6, 7, 15, 0, tzinfo=UTC)
    assert _local(next_sensible_time(friday_late, BERLIN), BERLIN) == datetime(2024, 6, 10, 9, 0, tzinfo=BERLIN)


@pytest.mark.parametrize("zone, hours, thursday_night, monday", [
    # Cairo skips 00:00-00:59 on Friday 24 April 2026, Jerusalem 02:00-02:59 on Friday 27 March 2026
    ("Africa/Cairo", (0, 1), datetime(2026, 4, 23, 21, 30, tzinfo=UTC), datetime(2026, 4, 27, 0, 0)),
    ("Asia/Jerusalem", (2, 3), datetime(2026, 3, 26, 21, 0, tzinfo=UTC), datetime(2026, 3, 30, 2, 0)),
])
def test_a_one_hour_window_a_weekday_dst_gap_swallows_waits_for_the_next_weekday(zone, hours, thursday_night,
                                                                                  monday):
    """``followup.hours = [0, 1]`` (or ``[2, 3]``) where the clocks go forward on a Friday inside that hour: the
    Friday has no minute of the window, so the next sensible time is Monday's first - never the Friday at the
    first minute after the window (01:00, 03:00)."""
    tz = ZoneInfo(zone)
    nxt = next_sensible_time(thursday_night, tz, hours)
    assert is_sensible_send_time(nxt, tz, hours)
    assert _local(nxt, tz).replace(tzinfo=None) == monday


@settings(max_examples=200, deadline=None)
@given(now=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1),
                        timezones=st.just(UTC)), tz=st.sampled_from(ZONES))
def test_next_sensible_time_property(now, tz):
    nxt = next_sensible_time(now, tz)
    assert nxt >= now and is_sensible_send_time(nxt, tz)
    assert nxt - now < timedelta(days=4)


# ---------------------------------------------------------------- ids and subjects

def test_followup_message_id_deterministic_and_distinct():
    a = followup_message_id(42, "example.org")
    assert a == followup_message_id(42, "example.org")
    assert re.fullmatch(r"<onward-followup-42-[0-9a-f]{8}@example\.org>", a)
    assert a != followup_message_id(43, "example.org") != followup_message_id(42, "example.net")
    assert followup_message_id(1, "bad domain\r\nBcc: x").endswith("@onward.invalid>")
    assert followup_message_id(1, "Bücher.example").endswith("@xn--bcher-kva.example>")
    for unencodable in ("ü" * 70 + ".example", "x..bücher.example"):  # IDNA refuses a label: no domain
        assert followup_message_id(1, unencodable).endswith("@onward.invalid>")
    for bad in (-1, True, "1", 1.0):
        with pytest.raises(ValueError):
            followup_message_id(bad, "example.org")  # type: ignore[arg-type]


@pytest.mark.parametrize("original,expected", [
    ("Your application", "Re: Your application"),
    ("Re: Your application", "Re: Your application"),
    ("RE: re: Aw: Your application", "Re: Your application"),
    ("Antw: SV: TR: WG: Fwd: Update", "Re: Update"),
    ("Re[2]: Update", "Re: Update"),
    ("", "Re:"),
    ("Hello\r\nBcc: x", "Re: Hello Bcc: x"),
    ("Regarding your application", "Re: Regarding your application"),
])
def test_reply_subject(original, expected):
    assert reply_subject(original) == expected


# what Outlook puts before a subject it answers or forwards, in the languages Onward writes
OUTLOOK_PREFIXES = {"en": ("RE", "FW"), "de": ("AW", "WG"), "fr": ("RE", "TR"), "es": ("RE", "RV"),
                    "it": ("R", "I"), "nl": ("Antw", "Doorst"), "pt": ("RES", "ENC")}


@pytest.mark.parametrize("lang", sorted(OUTLOOK_PREFIXES))
def test_a_reply_or_forward_in_any_language_is_answered_with_one_re(lang):
    reply, forward = OUTLOOK_PREFIXES[lang]
    for prefix in (f"{reply}: ", f"{forward}: ", f"{reply}: {forward}: ", f"Re: {reply}: "):
        assert reply_subject(f"{prefix}Colloquio - Analista dati") == "Re: Colloquio - Analista dati"
    assert reply_subject("RIF: Candidatura") == "Re: Candidatura"  # Italian "riferimento"
    assert reply_subject("Rise in applications") == "Re: Rise in applications"
    assert reply_subject("I am writing about the role") == "Re: I am writing about the role"


# ---------------------------------------------------------------- templates

def test_default_template_renders_well():
    body = render_body(shipped.template_text(), company="Acme", role="Data Engineer", contact_name="Jane Smith",
                       your_name="Sam Doe", signature="Sam Doe\nsam.example", salutation="Dear Jane,")
    assert body.startswith("Dear Jane,\n")
    assert "Data Engineer position" in body and "Acme" in body and "one thing I could have done better?" in body
    assert body.rstrip().endswith("Sam Doe\nsam.example")
    assert 70 <= len(body.split()) <= 130
    assert "\n\n\n" not in body


def test_default_template_fallbacks():
    body = render_body(shipped.template_text(), company=None, role=None, contact_name=None, your_name="Sam")
    assert body.startswith("Dear Hiring Team,")
    assert "position" not in body.split("\n\n")[1]  # no "the role position"
    assert "None" not in body and body.endswith("Sam\n")


@pytest.mark.parametrize("template,expected", [
    ("I remain keen to join {{ company }}.", "I remain keen to join Van Dijk B.V."),
    ("At {{ company }}, thanks.", "At Van Dijk B.V., thanks."),
    ("{{ company }}... and more.", "Van Dijk B.V... and more."),
])
def test_a_company_ending_in_its_legal_forms_dot_ends_a_sentence_with_one_dot(template, expected):
    body = render_body(template, company="Van Dijk B.V.", role=None, contact_name=None, your_name="Sam")
    assert body.strip() == expected


def test_shipped_template_is_the_repository_file():
    path = Path(__file__).resolve().parents[2] / "config" / "templates" / "rejection_thanks" / \
        "after_interview.en.txt.j2"
    assert path.read_text(encoding="utf-8") == shipped.template_text()


def test_values_are_literal_and_single_line():
    body = render_body("{{ company }}|{{ role }}|{{ contact_name }}|{{ your_name }}",
                       company="{{ 7*7 }}", role="{% if 1 %}x{% endif %}", contact_name="A\r\nBcc: b",
                       your_name="S\u2028T")
    assert body == "{{ 7*7 }}|{% if 1 %}x{% endif %}|A Bcc: b|S T\n"


@pytest.mark.parametrize("template", [
    "{% if %}", "{{ company", "{% for x in %}{% endfor %}", "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ company.__class__.__init__.__globals__ }}", "{{ 1/0 }}",
])
def test_broken_or_unsafe_templates_raise_template_error(template):
    with pytest.raises(TemplateError):
        render_body(template, company="Acme", role=None, contact_name=None, your_name="Sam")


def test_missing_variable_is_graceful():
    assert render_body("Hi {{ nope }}!", company=None, role=None, contact_name=None, your_name="S") == "Hi !\n"


# ---------------------------------------------------------------- drafts

def _draft(**overrides) -> bytes:
    kwargs = dict(
        to=Address("Jane Smith", "jane@acme.example"), from_addr=Address("Sam Doe", "sam@example.org"),
        original_subject="Your application", in_reply_to="<orig@acme.example>",
        references=["<root@acme.example>"], message_id=followup_message_id(7, "example.org"),
        date=NOW, body="Dear Jane,\n\nThanks.\n", followup_id=7,
    )
    kwargs.update(overrides)
    return build_draft(**kwargs)


def _parse(raw: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)


def _content(msg: email.message.EmailMessage) -> str:
    return msg.get_content().replace("\r\n", "\n")


def test_build_draft_structure():
    raw = _draft()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    msg = _parse(raw)
    assert set(msg.keys()) == draft_header_names(followup_id=True)
    assert msg["To"] == "Jane Smith <jane@acme.example>"
    assert msg["From"] == "Sam Doe <sam@example.org>"
    assert msg["Subject"] == "Re: Your application"
    assert msg["In-Reply-To"] == "<orig@acme.example>"
    assert msg["References"] == "<root@acme.example> <orig@acme.example>"
    assert msg["Message-ID"] == followup_message_id(7, "example.org")
    assert msg["X-Onward-Followup"] == "7"
    assert msg.get_content_type() == "text/plain" and msg.get_content_charset() == "utf-8"
    assert _content(msg) == "Dear Jane,\n\nThanks.\n"
    parsed = parse_message(raw)
    assert parsed.in_reply_to == "<orig@acme.example>" and parsed.date == NOW


def test_build_draft_without_recipient_has_no_to_and_no_note():
    """Issue 11: a needs_recipient draft is the note as it is (the mail client refuses to send it
    without a recipient; ``onward followups`` says why there is none and how to add one)."""
    for to in (None, Address("x", "not an address")):
        msg = _parse(_draft(to=to))
        assert "To" not in msg
        assert _content(msg) == "Dear Jane,\n\nThanks.\n"


def test_build_draft_non_ascii_is_quoted_printable():
    raw = _draft(body="Grüße, Jörg — danke\n", to=Address("Jörg Müller", "joerg@acme.example"),
                 original_subject="Absage – Ihre Bewerbung")
    assert all(b < 128 for b in raw)
    msg = _parse(raw)
    assert msg["Content-Transfer-Encoding"] == "quoted-printable"
    assert _content(msg) == "Grüße, Jörg — danke\n"
    assert msg["Subject"] == "Re: Absage – Ihre Bewerbung"
    assert msg["To"].addresses[0].display_name == "Jörg Müller"


def test_references_are_deduped_and_capped_keeping_root():
    refs = [f"<r{i}@x>" for i in range(50)] + ["<r3@x>", "bad ref", "<a b@x>"]
    msg = _parse(_draft(references=refs, in_reply_to="<r49@x>"))
    ids = msg["References"].split()
    assert len(ids) == MAX_REFERENCES and ids[0] == "<r0@x>" and ids[-1] == "<r49@x>"
    assert len(set(ids)) == len(ids)


def test_invalid_ids_are_dropped_or_rejected():
    msg = _parse(_draft(in_reply_to="<bad\r\nBcc: x@y>", references=["<ok@x>\r\nBcc: y"]))
    assert "In-Reply-To" not in msg and "References" not in msg
    with pytest.raises(ValueError):
        _draft(message_id="<x@y>\r\nBcc: evil@x")


text_with_nasties = st.one_of(
    st.sampled_from(NASTY),
    st.text(alphabet=st.sampled_from(list("ab <>@\"(),:;=?\\\r\n\x00\u2028\u2029\x85\x0b\x0c\x1c\tä—")),
            max_size=60),
    st.text(max_size=80),
)


@settings(max_examples=400, deadline=None)
@given(subject=text_with_nasties, name=text_with_nasties, from_name=text_with_nasties,
       company=text_with_nasties, irt=text_with_nasties, ref=text_with_nasties, note=text_with_nasties,
       local=st.sampled_from(["jane", "j.d+x", "bad\r\nBcc: e", "a b", "", "=?utf-8?b?DQpCY2M6IHg=?="]))
def test_no_header_injection(subject, name, from_name, company, irt, ref, note, local):
    body = render_body(shipped.template_text(), company=company, role=company, contact_name=name, your_name=from_name)
    raw = build_draft(to=Address(name, f"{local}@acme.example"), from_addr=Address(from_name, "sam@example.org"),
                      original_subject=subject, in_reply_to=irt, references=[ref, "<ok@x>"],
                      message_id=followup_message_id(1, "example.org"), date=NOW, body=body + (note or ""))
    head, _, _ = raw.partition(b"\r\n\r\n")
    # every physical header line is a known header or a folded continuation
    allowed = {n.lower() for n in draft_header_names(followup_id=True)}
    for line in head.split(b"\r\n"):
        assert line[:1] in (b" ", b"\t") or line.split(b":", 1)[0].decode().lower() in allowed, line
        assert b"\r" not in line and b"\n" not in line and b"\x00" not in line
        assert len(line) <= 998
    msg = _parse(raw)
    assert {k.lower() for k in msg.keys()} <= allowed
    assert len(msg.get_all("To") or []) <= 1 and "Bcc" not in msg and "Cc" not in msg
    assert msg["Subject"].startswith("Re:") or not irt  # no email answered (issue 11): the subject as it is
    for key in ("Subject", "To", "From", "In-Reply-To", "References"):
        value = str(msg.get(key, ""))
        assert not any(c in value for c in ("\r", "\n", "\x00", "\u2028", "\u2029", "\x85")), (key, value)
    for key in ("In-Reply-To",):
        if key in msg:
            assert re.fullmatch(r"<[^<>\s]+>", str(msg[key]))
    if "To" in msg:
        assert [a.addr_spec for a in msg["To"].addresses] == [f"{local}@acme.example"]
    assert not msg.defects


@pytest.mark.parametrize("evil", ["=?utf-8?b?DQpCY2M6IHg=?=", "=?utf-8?q?a=0D=0AX-Evil:_1?=",
                                  "=?utf-8?b?PT91dGYtOD9iP0RRcENZMk02SUhnPT89?="])  # double-encoded
def test_literal_encoded_words_cannot_inject(evil):
    """Regression: CPython's folder decodes encoded words in display names (gh-121650)."""
    raw = _draft(to=Address(evil, "jane@acme.example"), from_addr=Address(evil, "sam@example.org"),
                 original_subject=evil)
    head = raw.partition(b"\r\n\r\n")[0]
    names = [line.split(b":", 1)[0] for line in head.split(b"\r\n") if line[:1] not in (b" ", b"\t")]
    assert set(names) == {n.encode() for n in draft_header_names(followup_id=True)}
    msg = _parse(raw)
    assert "X-Evil" not in msg and "Bcc" not in msg
