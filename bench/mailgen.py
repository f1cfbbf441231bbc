"""A deterministic, realistic mailbox for the benchmark.

* ~10 % job mail (acknowledgements, interview invitations, rejections, a few offers), built with
  ``agent.demo.samples`` so they are the same kind of mail the tests use; their dates spread over the
  past year, so some rejections are inside the follow-up window and most are not;
* the rest ordinary mail of 2-50 KB (log-uniform): personal notes, notifications, newsletters;
  ~40 % of it multipart/alternative with an HTML part;
* ~2 % with a 1-5 MB PDF attachment.

Ordinary mail is built as raw bytes from string templates (``EmailMessage`` costs ~0.5 ms a message,
which matters at 50,000), with random windows of a fixed word corpus as text.
"""

from __future__ import annotations

import base64
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from agent.demo import samples

WORDS = ("the of and to in a is that for it as was with be by on not he this are or his from at which but "
         "have an they you were her she there been one all we their has would when if so what up out "
         "about who them some could him into its then two more these our also time only new other "
         "weekend garden meeting project invoice receipt delivery parcel order shipment recipe holiday "
         "photos family dinner school soccer practice concert tickets flight hotel booking insurance "
         "renewal statement account balance payment subscription newsletter update release notes "
         "community event volunteer library book club reminder appointment dentist doctor pharmacy "
         "weather forecast traffic train delay apartment landlord repair plumber electricity bill "
         "birthday party gift wedding anniversary coffee lunch tomorrow morning afternoon evening "
         "please thanks regards cheers best hello hi dear friend neighbour colleague team").split()

COMPANIES = ("Acme Robotics", "Globex", "Initech", "Umbrella Health", "Stark Industries", "Wayne Logistics",
             "Hooli", "Pied Piper", "Vandelay Imports", "Soylent Foods", "Tyrell Systems", "Cyberdyne",
             "Wonka Labs", "Oscorp", "Massive Dynamic", "Aperture Science", "Black Mesa", "Gringotts",
             "Monarch Solutions", "Nakatomi Trading", "Duff Brewing", "Blue Sun", "Virtucon", "Gekko & Co")
ROLES = ("Backend Engineer", "Data Analyst", "Product Manager", "Site Reliability Engineer",
         "Frontend Developer", "UX Designer", "Machine Learning Engineer", "QA Engineer")
RECRUITERS = ("Jane Miller", "Tom Becker", "Priya Shah", "Luis Ortega", "Mei Chen", "Sam O'Neil")
VENDORS = ("greenhouse.io", "hire.lever.co", "myworkday.com", "smartrecruiters.com")
SENDERS = ("Anna Schmidt <anna.schmidt@example.net>", "Parcel Service <tracking@parcels.example.com>",
           "City Library <noreply@library.example.org>", "Bank Notifications <alerts@bank.example.com>",
           "Weekly Digest <digest@news.example.com>", "Ben Carter <ben@carter.example.org>",
           "Shop <orders@shop.example.com>", "GitHub <notifications@github.example.com>",
           "Football Club <info@fc.example.de>", "Mum <mum@family.example.net>")
USER = samples.USER

_rng0 = random.Random(12345)
CORPUS = " ".join(_rng0.choice(WORDS) for _ in range(60_000))  # ~330 KB of text


@dataclass(frozen=True)
class Spec:
    """The mix; the defaults are the issue's."""

    job_fraction: float = 0.10
    html_fraction: float = 0.40
    attachment_fraction: float = 0.02
    min_kb: float = 2.0
    max_kb: float = 50.0
    attachment_mb: tuple[int, ...] = (1, 2, 3, 4, 5)
    days: int = 365


_ATTACH_CACHE: dict[int, bytes] = {}


def _attachment_b64(mb: int) -> bytes:
    """Base64 of ``mb`` MB of pseudo-random bytes, in 76-char lines (cached: 5 blobs in all)."""
    if mb not in _ATTACH_CACHE:
        data = random.Random(mb).randbytes(mb * 1024 * 1024)
        enc = base64.b64encode(data)
        _ATTACH_CACHE[mb] = b"\r\n".join(enc[i:i + 76] for i in range(0, len(enc), 76))
    return _ATTACH_CACHE[mb]


def _wrap_corpus() -> str:
    rng = random.Random(6789)
    lines, line, n = [], [], 0
    for w in CORPUS.split():
        if n + len(w) + 1 > 72:
            lines.append(" ".join(line))
            if rng.random() < 0.12:
                lines.append("")  # paragraph break
            line, n = [], 0
        line.append(w)
        n += len(w) + 1
    return "\r\n".join(lines) + "\r\n"


WRAPPED = _wrap_corpus()


def _text(rng: random.Random, nbytes: int) -> str:
    """``nbytes`` of plain text in paragraphs of lines <= 76 chars (CRLF): a window of the corpus."""
    out: list[str] = []
    size = 0
    while size < nbytes:
        pos = WRAPPED.find("\r\n", rng.randrange(0, len(WRAPPED) // 2)) + 2
        chunk = WRAPPED[pos:pos + min(nbytes - size, len(WRAPPED) // 2)]
        cut = chunk.rfind("\r\n")
        chunk = chunk[:cut + 2] if cut > 0 else chunk + "\r\n"
        out.append(chunk)
        size += len(chunk)
    return "".join(out)


def _html(text: str) -> str:
    paras = [p for p in text.split("\r\n\r\n") if p.strip()]
    body = "\r\n".join(f'<p style="margin:0 0 12px 0;font-family:Arial">{p}</p>' for p in paras)
    return ("<!DOCTYPE html>\r\n<html><head><meta charset=\"utf-8\"><title>News</title></head>\r\n"
            "<body><table width=\"100%\"><tr><td>\r\n" + body + "\r\n</td></tr></table></body></html>\r\n")


def ordinary(rng: random.Random, i: int, when: datetime, spec: Spec) -> bytes:
    target = int(1024 * math.exp(rng.uniform(math.log(spec.min_kb), math.log(spec.max_kb))))
    sender = rng.choice(SENDERS)
    subject = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 8))).capitalize()
    headers = (f"Return-Path: <bounce-{i}@mx.example.com>\r\n"
               f"Received: from mx.example.com (mx.example.com [192.0.2.{i % 250 + 1}])\r\n"
               f"\tby imap.example.org with ESMTPS id {i:08x}; {format_datetime(when)}\r\n"
               f"From: {sender}\r\nTo: {USER}\r\nSubject: {subject}\r\n"
               f"Date: {format_datetime(when)}\r\nMessage-ID: <bench-{i}@mail.example.com>\r\n"
               "MIME-Version: 1.0\r\n")
    html = rng.random() < spec.html_fraction
    attach = rng.random() < spec.attachment_fraction
    text = _text(rng, max(200, target // (2 if html else 1) - 600))
    if not html and not attach:
        return (headers + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
                + text).encode()
    alt = f"=_alt_{i}"
    body = (f"Content-Type: multipart/alternative; boundary=\"{alt}\"\r\n\r\n--{alt}\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n" + text)
    if html:
        body += f"\r\n--{alt}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + _html(text)
    body += f"\r\n--{alt}--\r\n"
    if not attach:
        return (headers + body).encode()
    mixed = f"=_mix_{i}"
    mb = rng.choice(spec.attachment_mb)
    return b"".join((
        (headers + f"Content-Type: multipart/mixed; boundary=\"{mixed}\"\r\n\r\n--{mixed}\r\n" + body
         + f"\r\n--{mixed}\r\nContent-Type: application/pdf; name=\"scan-{i}.pdf\"\r\n"
         "Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"scan.pdf\"\r\n\r\n"
         ).encode(), _attachment_b64(mb), f"\r\n--{mixed}--\r\n".encode()))


def job(rng: random.Random, i: int, when: datetime) -> bytes:
    company, role = rng.choice(COMPANIES), rng.choice(ROLES)
    mid = f"<job-{i}@bench.onward>"
    kind = rng.choices(("ack", "interview", "rejection", "offer"), (45, 20, 33, 2))[0]
    if kind == "ack":
        return samples.ack(company, role, when, mid, vendor=rng.choice(VENDORS))
    recruiter = rng.choice(RECRUITERS)
    addr = f"{recruiter.split()[0].lower()}@{company.split()[0].lower()}.example.com"
    if kind == "interview":
        return samples.interview(company, role, recruiter, addr, when, mid)
    if kind == "rejection":
        sender = f"{recruiter} <{addr}>" if rng.random() < 0.5 else \
            f"{company} Careers <no-reply@{rng.choice(VENDORS)}>"
        return samples.rejection(company, role, sender, when, mid)
    return samples.build_email(
        from_=f"{recruiter} <{addr}>", to=USER, subject=f"Offer: {role} at {company}", date=when, message_id=mid,
        body=(f"Hi Alex,\n\nI am delighted to offer you the {role} position at {company}! Attached is the "
              "offer letter with salary and start date. Please let us know by Friday.\n\n"
              f"Congratulations,\n{recruiter}\n"))


def mailbox(n: int, *, seed: int = 1, now: datetime | None = None, spec: Spec = Spec()
            ) -> Iterator[tuple[bytes, datetime]]:
    """``n`` messages as (raw, date), oldest first (so UIDs grow with dates, as in a real INBOX)."""
    rng = random.Random(seed)
    now = now or datetime.now(UTC)
    start = now - timedelta(days=spec.days)
    step = (now - start) / max(n, 1)
    for i in range(n):
        when = (start + step * i + timedelta(seconds=rng.uniform(0, 60))).replace(microsecond=0)
        raw = job(rng, i, when) if rng.random() < spec.job_fraction else ordinary(rng, i, when, spec)
        yield raw, when
