"""Sample mail for the follow-up tests: calendar invitations, German and French rejections, two roles
at one company. Realistic text, written for these tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from agent.demo import samples

USER = samples.USER


def ics(uid: str, start: datetime, end: datetime | None, organizer: str, *, method: str = "REQUEST",
        sequence: int = 0, summary: str = "Interview") -> str:
    fmt = "%Y%m%dT%H%M%SZ"
    lines = ["BEGIN:VCALENDAR", "PRODID:-//Google Inc//Google Calendar 70.9054//EN", "VERSION:2.0",
             f"METHOD:{method}", "BEGIN:VEVENT", f"DTSTART:{start.astimezone(UTC).strftime(fmt)}"]
    if end is not None:
        lines.append(f"DTEND:{end.astimezone(UTC).strftime(fmt)}")
    lines += [f"DTSTAMP:{start.astimezone(UTC).strftime(fmt)}", f"ORGANIZER;CN=Recruiter:mailto:{organizer}",
              f"UID:{uid}", f"SEQUENCE:{sequence}", f"SUMMARY:{summary}", "STATUS:CONFIRMED",
              "END:VEVENT", "END:VCALENDAR", ""]
    return "\r\n".join(lines)


def invitation(company: str, role: str, recruiter: str, addr: str, when: datetime, mid: str, *,
               start: datetime | None, minutes: int = 60, uid: str = "", sequence: int = 0,
               in_reply_to: str | None = None, method: str = "REQUEST") -> bytes:
    """An interview invitation; with ``start``, a text/calendar part (and an .ics attachment) too."""
    msg = EmailMessage(policy=SMTP)
    msg["From"] = f"{recruiter} <{addr}>"
    msg["To"] = USER
    msg["Subject"] = f"Interview invitation: {role} at {company}"
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = mid
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = in_reply_to
    msg.set_content(
        f"Hi Alex,\n\nThanks for applying for the {role} role at {company}. We would like to invite you to "
        "a video interview with our engineering manager. The calendar invitation is attached; the link to "
        f"the call is in it.\n\nLooking forward to speaking with you.\n\nBest,\n{recruiter}\n"
        f"Talent Partner, {company}\n")
    if start is not None:
        cal = ics(uid or f"{mid.strip('<>')}-event", start, start + timedelta(minutes=minutes), addr,
                  sequence=sequence, summary=f"Interview: {role} at {company}", method=method)
        msg.add_alternative(cal, subtype="calendar", params={"method": method})
    return msg.as_bytes()


def german_rejection(when: datetime, mid: str, *, sender: str = "Anna Schmidt <anna.schmidt@muster-technik.de>",
                     interview: bool = True) -> bytes:
    body = ("Sehr geehrter Herr Doe,\n\nvielen Dank für Ihre Bewerbung als Softwareentwickler bei der Muster "
            "Technik GmbH" + (" und die Zeit, die Sie sich für das Gespräch mit uns genommen haben" if interview
                              else "") +
            ".\n\nNach sorgfältiger Prüfung müssen wir Ihnen leider mitteilen, dass wir uns für einen anderen "
            "Kandidaten entschieden haben. Diese Entscheidung ist uns nicht leichtgefallen.\n\nWir wünschen "
            "Ihnen für Ihre weitere berufliche Zukunft alles Gute und viel Erfolg.\n\nMit freundlichen "
            "Grüßen\nAnna Schmidt\nPersonalabteilung, Muster Technik GmbH\n")
    return samples.build_email(from_=sender, to=USER, subject="Ihre Bewerbung bei der Muster Technik GmbH",
                               body=body, date=when, message_id=mid)


def french_rejection(when: datetime, mid: str, sender: str = "Claire Dupont <claire.dupont@exemple.fr>") -> bytes:
    body = ("Bonjour,\n\nNous vous remercions de l'intérêt que vous portez à notre société et de votre "
            "candidature au poste de Développeur Python.\n\nMalheureusement, nous ne sommes pas en mesure de "
            "donner une suite favorable à votre candidature. Nous conservons toutefois votre profil et ne "
            "manquerons pas de vous recontacter si une opportunité correspondant à votre profil se présente."
            "\n\nNous vous souhaitons pleine réussite dans vos recherches.\n\nCordialement,\nClaire Dupont\n")
    return samples.build_email(from_=sender, to=USER, subject="Votre candidature chez Exemple", body=body,
                               date=when, message_id=mid)


# An Italian, a Dutch and a Portuguese rejection, each signed by a person: (sender, subject, body).
INTL_REJECTIONS = {
    "it": ("Giulia Rossi <giulia.rossi@esempio.it>", "La sua candidatura presso Esempio",
           "Gentile candidato,\n\nla ringraziamo per l'interesse dimostrato verso la nostra azienda e per il "
           "tempo dedicato ai colloqui.\n\nPurtroppo abbiamo deciso di proseguire con altri candidati il cui "
           "profilo è più in linea con la posizione. Le auguriamo ogni successo per il futuro.\n\n"
           "Cordiali saluti,\nGiulia Rossi\n"),
    "nl": ("Pieter de Jong <pieter.dejong@voorbeeld.nl>", "Je sollicitatie bij Voorbeeld",
           "Beste Alex,\n\nHartelijk dank voor je sollicitatie en je interesse in onze organisatie. Helaas "
           "hebben we besloten niet verder te gaan met je sollicitatie; we hebben gekozen voor een kandidaat "
           "met meer ervaring.\n\nWe wensen je veel succes.\n\nMet vriendelijke groet,\nPieter de Jong\n"),
    "pt": ("Mariana Costa <mariana.costa@exemplo.com.br>", "Sua candidatura na Exemplo",
           "Olá Alex,\n\nAgradecemos o seu interesse na vaga e o tempo dedicado ao nosso processo seletivo. "
           "Infelizmente decidimos seguir com outros candidatos neste momento.\n\nDesejamos sucesso na sua "
           "procura.\n\nAtenciosamente,\nMariana Costa\n"),
}


def intl_rejection(lang: str, when: datetime, mid: str) -> bytes:
    sender, subject, body = INTL_REJECTIONS[lang]
    return samples.build_email(from_=sender, to=USER, subject=subject, body=body, date=when, message_id=mid)


def role_rejection(company: str, role: str, sender: str, when: datetime, mid: str) -> bytes:
    """An application-only rejection that names the role."""
    return samples.build_email(
        from_=sender, to=USER, subject=f"Your application for the {role} position", date=when, message_id=mid,
        body=(f"Hi Alex,\n\nThank you for your application for the {role} position at {company}. After "
              "reviewing your background, we have decided not to move forward with your application at "
              "this time.\n\nWe wish you all the best in your search.\n\nKind regards,\n"
              f"{sender.split('<')[0].strip()}\n"))


def role_ack(company: str, role: str, when: datetime, mid: str, vendor: str = "greenhouse.io") -> bytes:
    return samples.build_email(
        from_=f"{company} Recruiting <no-reply@{vendor}>", to=USER,
        subject=f"Thank you for your application for the {role} position", date=when, message_id=mid,
        body=(f"Hi Alex,\n\nThank you for your interest in {company}! We have received your application for "
              f"the {role} position. Our team will review your qualifications and will be in touch if there "
              f"is a match.\n\nBest regards,\nThe {company} Recruiting Team\n"))
