"""Sample job emails: a builder for realistic RFC 5322 messages and the demo's story.

Used by ``onward demo``, the test suite and ``bench/``; the texts are written by the project.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime


def build_email(*, from_: str, to: str, subject: str, body: str, date: datetime, message_id: str,
                in_reply_to: str | None = None, references: Sequence[str] = (), reply_to: str | None = None,
                html: str | None = None, attachment: bytes | None = None, cc: str | None = None) -> bytes:
    msg = EmailMessage(policy=SMTP)
    msg["From"] = from_
    msg["To"] = to
    if cc:
        msg["Cc"] = cc
    if reply_to:
        msg["Reply-To"] = reply_to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = message_id
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    if references:
        msg["References"] = " ".join(references)
    msg.set_content(body)
    if html:
        msg.add_alternative(html, subtype="html")
    if attachment is not None:
        msg.add_attachment(attachment, maintype="application", subtype="pdf", filename="document.pdf")
    return msg.as_bytes()


USER = "Alex Doe <alex@example.org>"


def ack(company: str, role: str, when: datetime, mid: str, vendor: str = "greenhouse.io") -> bytes:
    return build_email(
        from_=f"{company} Recruiting <no-reply@{vendor}>", to=USER,
        subject=f"Thank you for applying to {company}", date=when, message_id=mid,
        body=(f"Hi Alex,\n\nThank you for your interest in {company}! We have received your application "
              f"for the {role} position. Our team will review your qualifications and will be in touch "
              f"if there is a match.\n\nBest regards,\nThe {company} Recruiting Team\n"))


def interview(company: str, role: str, recruiter: str, addr: str, when: datetime, mid: str) -> bytes:
    return build_email(
        from_=f"{recruiter} <{addr}>", to=USER, subject=f"Interview invitation: {role} at {company}",
        date=when, message_id=mid,
        body=(f"Hi Alex,\n\nThanks for applying for the {role} role at {company}. We were impressed by "
              "your background and would like to invite you to a 45-minute video interview with our "
              "engineering manager. Could you share a few time slots that work for you next week?\n\n"
              f"Best,\n{recruiter}\nTalent Partner, {company}\n"))


def rejection(company: str, role: str, sender: str, when: datetime, mid: str,
              in_reply_to: str | None = None, references: Sequence[str] = ()) -> bytes:
    name = sender.split("<")[0].strip() or f"The {company} Team"
    return build_email(
        from_=sender, to=USER, subject=f"Re: Interview invitation: {role} at {company}" if in_reply_to
        else f"Your application to {company}", date=when, message_id=mid, in_reply_to=in_reply_to,
        references=references,
        body=(f"Hi Alex,\n\nThank you for taking the time to interview for the {role} position at "
              f"{company}. Unfortunately, after careful consideration, we have decided to move forward "
              "with other candidates whose experience more closely matches our current needs.\n\n"
              "We appreciate your interest and wish you the best in your search.\n\n"
              f"Kind regards,\n{name}\n"))


def newsletter(when: datetime, mid: str) -> bytes:
    return build_email(
        from_="Weekly Digest <digest@news.example.com>", to=USER, subject="This week: 10 tips for remote work",
        date=when, message_id=mid,
        body=("Hello!\n\nHere are this week's most-read articles: standing desks reviewed, how to plan "
              "your week, and our favourite podcasts.\n\nUnsubscribe at any time.\n"))


def demo_story(now: datetime) -> list[bytes]:
    """An acknowledgement, an interview, a rejection from the interviewer, an ATS rejection, a newsletter."""
    return [
        ack("Acme Robotics", "Backend Engineer", now - timedelta(days=20), "<ack-1@demo.onward>"),
        interview("Acme Robotics", "Backend Engineer", "Jane Miller", "jane.miller@acmerobotics.com",
                  now - timedelta(days=10), "<interview-1@demo.onward>"),
        rejection("Acme Robotics", "Backend Engineer", "Jane Miller <jane.miller@acmerobotics.com>",
                  now - timedelta(days=2), "<rejection-1@demo.onward>", in_reply_to="<interview-1@demo.onward>",
                  references=["<interview-1@demo.onward>"]),
        rejection("Globex", "Data Analyst", "Globex Careers <no-reply@hire.lever.co>", now - timedelta(days=1),
                  "<rejection-2@demo.onward>"),
        newsletter(now - timedelta(days=1), "<news-1@demo.onward>"),
    ]
