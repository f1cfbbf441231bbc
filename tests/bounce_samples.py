"""Delivery-status reports (bounces) as the common mail systems write them, for the parser's tests and the
whole-pass ones: the standard form (RFC 3464) and the text forms of Exim, Postfix, Exchange and qmail. Written
for these tests (no real user's mail)."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime

USER = "alex@example.org"


def _head(*, from_: str, subject: str, when: datetime, message_id: str, extra: str = "") -> str:
    return (f"From: {from_}\r\nTo: {USER}\r\nSubject: {subject}\r\nDate: {format_datetime(when)}\r\n"
            f"Message-ID: {message_id}\r\nMIME-Version: 1.0\r\n{extra}")


def original_headers(original: str, to: str, subject: str = "Re: Your application") -> str:
    return (f"From: Alex Doe <{USER}>\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: {original}\r\n"
            "Date: Wed, 21 Oct 2026 09:00:00 +0200\r\n")


def dsn(when: datetime, failed: str, original: str | None, *, action: str = "failed", status: str = "5.1.1",
        original_recipient: str | None = None, returned: str = "text/rfc822-headers",
        message_id: str = "<dsn-1@mx.example.org>", to: str | None = None, in_reply_to: str | None = None,
        references: tuple[str, ...] = (),
        sender: str = "Mail Delivery System <MAILER-DAEMON@mx.example.org>") -> bytes:
    """A Postfix-like RFC 3464 report: a human part, the delivery-status part (one recipient block for
    ``failed`` with ``action``), and the returned headers of the user's email ``original`` (``returned``:
    ``text/rfc822-headers``, ``message/rfc822``, or "" for none); ``in_reply_to`` and ``references``: as a
    provider that threads its reports writes them (no ``Auto-Submitted``, as many do not write)."""
    b = "=_dsn_boundary"
    extra = f"In-Reply-To: {in_reply_to}\r\n" if in_reply_to else ""
    extra += f"References: {' '.join(references)}\r\n" if references else ""
    extra += f'Content-Type: multipart/report; report-type=delivery-status; boundary="{b}"\r\n'
    head = _head(from_=sender, subject="Undelivered Mail Returned to Sender", when=when, message_id=message_id,
                 extra=extra)
    recipient = f"Original-Recipient: rfc822;{original_recipient}\r\n" if original_recipient else ""
    parts = [
        "Content-Description: Notification\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
        "This is the mail system at host mx.example.org.\r\n\r\nI'm sorry to have to inform you that your message "
        "could not\r\nbe delivered to one or more recipients.\r\n\r\n"
        f"<{failed}>: host mx.acme.test[192.0.2.7] said: 550 5.1.1 <{failed}>:\r\n"
        "    Recipient address rejected: User unknown (in reply to RCPT TO command)\r\n",
        "Content-Description: Delivery report\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.org\r\nX-Postfix-Queue-ID: 4F2A1C0123\r\n"
        f"Arrival-Date: {format_datetime(when)}\r\n\r\n"
        f"Final-Recipient: rfc822; {failed}\r\n{recipient}Action: {action}\r\nStatus: {status}\r\n"
        "Remote-MTA: dns; mx.acme.test\r\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\r\n",
    ]
    if returned and original:
        headers = original_headers(original, to or failed)
        if returned == "message/rfc822":
            parts.append("Content-Type: message/rfc822\r\n\r\n" + headers + "\r\nHi,\r\n\r\nany news?\r\n")
        else:
            parts.append(f"Content-Description: Undelivered Message Headers\r\nContent-Type: {returned}\r\n\r\n"
                         + headers)
    body = "".join(f"--{b}\r\n{p}\r\n" for p in parts) + f"--{b}--\r\n"
    return (head + "\r\nThis is a MIME-encapsulated message.\r\n\r\n" + body).encode()


def exim(when: datetime, failed: str, original: str, *, to: str | None = None) -> bytes:
    """Exim's plain-text report, the user's whole email quoted after it."""
    head = _head(from_="Mail Delivery System <Mailer-Daemon@smtp.example.net>",
                 subject="Mail delivery failed: returning message to sender", when=when,
                 message_id="<E1exim-0001@smtp.example.net>",
                 extra="Auto-Submitted: auto-replied\r\nContent-Type: text/plain; charset=us-ascii\r\n")
    body = ("This message was created automatically by mail delivery software.\r\n\r\n"
            "A message that you sent could not be delivered to one or more of its\r\n"
            "recipients. This is a permanent error. The following address(es) failed:\r\n\r\n"
            f"  {failed}\r\n    host mx.acme.test [192.0.2.7]\r\n"
            f"    SMTP error from remote mail server after RCPT TO:<{failed}>:\r\n"
            "    550 5.1.1 User unknown\r\n\r\n"
            "------ This is a copy of the message, including all the headers. ------\r\n\r\n"
            f"Return-path: <{USER}>\r\nReceived: from [198.51.100.4] by smtp.example.net\r\n"
            + original_headers(original, to or failed) + "\r\nHi,\r\n\r\nany news?\r\n")
    return (head + "\r\n" + body).encode()


EXCHANGE = {
    "en": ("Undeliverable: {subject}", "Delivery has failed to these recipients or groups:",
           "The email address you entered couldn't be found."),
    "de": ("Unzustellbar: {subject}", "Die Zustellung an folgende Empfänger oder Gruppen ist fehlgeschlagen:",
           "Die eingegebene E-Mail-Adresse wurde nicht gefunden."),
    "fr": ("Non remis : {subject}", "Échec de remise aux destinataires ou groupes suivants :",
           "L’adresse de messagerie que vous avez entrée est introuvable."),
}


def exchange(when: datetime, failed: str, original: str, lang: str = "en", subject: str = "Re: Ihre Bewerbung") -> bytes:
    """An Exchange-style text report (no delivery-status part), its original message headers quoted."""
    title, lead, why = EXCHANGE[lang]
    head = _head(from_="Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@example.onmicrosoft.com>",
                 subject=title.format(subject=subject), when=when, message_id="<ndr-0001@example.onmicrosoft.com>",
                 extra="Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n")
    body = (f"{lead}\r\n\r\n{failed} ({failed})\r\n{why}\r\n\r\n"
            "Diagnostic information for administrators:\r\n\r\nGenerating server: AM0PR01MB1234.eurprd01.prod.outlook.com\r\n"
            f"{failed}\r\nRemote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found'\r\n\r\n"
            "Original message headers:\r\n\r\n" + original_headers(original, failed, subject))
    return (head + "\r\n" + body).encode("utf-8")


def postfix_text(when: datetime, failed: str, original: str, *, threaded: bool = False) -> bytes:
    """A plain-text report quoting only the Subject and Message-ID of the user's email (``threaded``: with
    In-Reply-To naming it)."""
    extra = f"In-Reply-To: {original}\r\nReferences: {original}\r\n" if threaded else ""
    head = _head(from_="Mail Delivery Subsystem <mailer-daemon@example.org>",
                 subject="Undelivered Mail Returned to Sender", when=when, message_id="<bounce-0001@example.org>",
                 extra=extra + "Auto-Submitted: auto-replied\r\nContent-Type: text/plain; charset=us-ascii\r\n")
    body = ("This is the mail system at host mx.example.org.\r\n\r\nI'm sorry to have to inform you that your "
            f"message could not be delivered to one or more recipients.\r\n\r\n<{failed}>: host mx.acme.test said: "
            "550 5.1.1 User unknown (in reply to RCPT TO command)\r\n\r\n--- Original message ---\r\n"
            f"Subject: Re: Your application\r\nMessage-ID: {original}\r\n")
    return (head + "\r\n" + body).encode()
