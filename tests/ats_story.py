"""Seven weeks of a job seeker who applies almost only through applicant-tracking systems and job boards: the mail,
hand-written for the ATS story (``tests/unit/test_ats_story.py`` over the in-memory mailbox,
``tests/integration/test_ats_user.py`` over a real Dovecot).

Alex Doe lives in Berlin and applies in English, German and French. Nearly every company writes through a relay
that writes for many companies from one address: Greenhouse (two companies from the same no-reply address in the
same week), Workday (two roles at one bank; the rejection names its role in the subject only), Personio (German),
SmartRecruiters then SuccessFactors (one company through two ATSs: Alex applies again), Welcome to the Jungle
(French), Lever (two roles; a recruiter writes personally from the company's domain in the relay's thread; the
rejection names no role), Ashby with a GoodTime booking (the interview booked through a link, the recruiter named
in the body, the sender a no-reply relay; a rejection after it), iCIMS (a portal notice that hides its verdict),
Recruitee (a Reply-To on a free-mail domain) and Teamtailor (a Reply-To on the relay's own domain)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any, Protocol
from email.policy import SMTP
from email.utils import format_datetime

ME_ADDR = "alex@example.org"
ME = f"Alex Doe <{ME_ADDR}>"
T0 = datetime(2026, 1, 12, 8, 0, tzinfo=UTC)  # Monday 12 January 2026, 09:00 in Berlin (CET all story long)

GREENHOUSE = "no-reply@us.greenhouse-mail.io"  # one address for every company on Greenhouse
WORKDAY = "meridianbank@myworkday.com"
PERSONIO = "noreply@jobs.personio.de"
SMARTRECRUITERS = "noreply@smartrecruiters.com"
SUCCESSFACTORS = "noreply@successfactors.eu"
WTTJ = "no-reply@welcometothejungle.com"
LEVER = "no-reply@hire.lever.co"
ASHBY = "no-reply@ashbyhq.com"
GOODTIME = "no-reply@goodtime.io"
ICIMS = "northgate-talent@talent.icims.com"
RECRUITEE = "no-reply@recruitee.com"
TEAMTAILOR = "no-reply@teamtailor-mail.com"

JONAS = "Jonas Petersen <jonas.petersen@nordhafen.io>"  # Nordhafen's recruiter, writing from the company's domain
HANNAH = "Hannah Reed <hannah.reed@tallishealth.com>"  # Tallis Health's recruiter, a question in Greenhouse's thread
PRIYA_ADDR = "priya.nair@corvidlabs.io"  # Corvid Labs' recruiter: named in the body, the booking's ORGANIZER

INTERVIEW_AT = T0 + timedelta(days=17, hours=1)  # Thursday 29 January, 10:00 Berlin: the Corvid Labs interview


def day(n: float, hour: int = 9, minute: int = 0) -> datetime:
    """Day ``n`` of the story at ``hour``:``minute`` Berlin time (CET, UTC+1)."""
    return T0 + timedelta(days=n, hours=hour - 9, minutes=minute)


def mail(frm: str, subject: str, when: datetime, mid: str, text: str, *, parent: str | None = None,
         refs: tuple[str, ...] = (), reply_to: str | None = None, cal: str | None = None, to: str = ME) -> bytes:
    msg = EmailMessage(policy=SMTP)
    msg["From"], msg["To"], msg["Subject"] = frm, to, subject
    if reply_to:
        msg["Reply-To"] = reply_to
    msg["Date"], msg["Message-ID"] = format_datetime(when), mid
    if parent:
        msg["In-Reply-To"], msg["References"] = parent, " ".join([*refs, parent])
    msg.set_content(text)
    if cal:
        msg.add_alternative(cal, subtype="calendar", params={"method": "REQUEST"})
    return msg.as_bytes()


def calendar_invite(uid: str, start: datetime, minutes: int) -> str:
    """Jonas's Google Calendar invitation for the intro call."""
    fmt = "%Y%m%dT%H%M%SZ"
    return "\r\n".join([
        "BEGIN:VCALENDAR", "PRODID:-//Google Inc//Google Calendar 70.9054//EN", "VERSION:2.0", "METHOD:REQUEST",
        "BEGIN:VEVENT", f"DTSTART:{start.astimezone(UTC).strftime(fmt)}",
        f"DTEND:{(start + timedelta(minutes=minutes)).astimezone(UTC).strftime(fmt)}",
        f"DTSTAMP:{start.astimezone(UTC).strftime(fmt)}",
        "ORGANIZER;CN=Jonas Petersen:mailto:jonas.petersen@nordhafen.io", f"UID:{uid}", "SEQUENCE:0",
        "SUMMARY:Intro call Nordhafen / Alex Doe", "STATUS:CONFIRMED",
        f"ATTENDEE;CN=Alex Doe;PARTSTAT=NEEDS-ACTION:mailto:{ME_ADDR}", "END:VEVENT", "END:VCALENDAR", ""])


def booking(uid: str, start: datetime, minutes: int) -> str:
    """GoodTime's calendar part: the recruiter organises, the candidate and the hiring manager attend."""
    fmt = "%Y%m%dT%H%M%SZ"
    return "\r\n".join([
        "BEGIN:VCALENDAR", "PRODID:-//GoodTime.io//Scheduling//EN", "VERSION:2.0", "METHOD:REQUEST",
        "BEGIN:VEVENT", f"DTSTART:{start.astimezone(UTC).strftime(fmt)}",
        f"DTEND:{(start + timedelta(minutes=minutes)).astimezone(UTC).strftime(fmt)}",
        f"DTSTAMP:{start.astimezone(UTC).strftime(fmt)}", f"ORGANIZER;CN=Priya Nair:mailto:{PRIYA_ADDR}",
        f"UID:{uid}", "SEQUENCE:0", "SUMMARY:Corvid Labs - Analytics Engineer interview (Alex Doe)",
        "STATUS:CONFIRMED", f"ATTENDEE;CN=Alex Doe;PARTSTAT=ACCEPTED:mailto:{ME_ADDR}",
        "ATTENDEE;CN=Tom Okafor;PARTSTAT=ACCEPTED:mailto:tom.okafor@corvidlabs.io", "END:VEVENT", "END:VCALENDAR", ""])


# the Message-IDs a test refers to
BRIGHTWAVE_ACK, TALLIS_ACK = "<gh.4fa81c20.ack@us.greenhouse-mail.io>", "<gh.77d0e913.ack@us.greenhouse-mail.io>"
BRIGHTWAVE_NO, TALLIS_NO = "<gh.4fa81c20.rej@us.greenhouse-mail.io>", "<gh.77d0e913.rej@us.greenhouse-mail.io>"
MERIDIAN_DE_ACK, MERIDIAN_AE_ACK = "<wd-R10234-ack@myworkday.com>", "<wd-R10311-ack@myworkday.com>"
MERIDIAN_AE_NO = "<wd-R10311-dec@myworkday.com>"
KRANICH_ACK, KRANICH_NO = "<p-kranich-1@jobs.personio.de>", "<p-kranich-2@jobs.personio.de>"
HALVORSEN_ACK, HALVORSEN_NO = "<sr-halv-1@smartrecruiters.com>", "<sr-halv-2@smartrecruiters.com>"
HALVORSEN_AGAIN = "<sf-halv-1@successfactors.eu>"
SOLENNE_ACK, SOLENNE_NO = "<wttj-solenne-1@welcometothejungle.com>", "<wttj-solenne-2@welcometothejungle.com>"
NORDHAFEN_BE_ACK, NORDHAFEN_DE_ACK = "<lever-nh-be@hire.lever.co>", "<lever-nh-de@hire.lever.co>"
JONAS_CALL, NORDHAFEN_NO = "<jp-1@nordhafen.io>", "<lever-nh-dec@hire.lever.co>"
CORVID_ACK, CORVID_SCHEDULE = "<ashby-corvid-1@ashbyhq.com>", "<ashby-corvid-2@ashbyhq.com>"
CORVID_BOOKED, CORVID_NO = "<gt-corvid-3@goodtime.io>", "<ashby-corvid-4@ashbyhq.com>"
NORTHGATE_ACK, NORTHGATE_UPDATE = "<icims-ng-1@talent.icims.com>", "<icims-ng-2@talent.icims.com>"
LUMO_ACK, LUMO_NO = "<rt-lumo-1@recruitee.com>", "<rt-lumo-2@recruitee.com>"
FJORD_ACK = "<tt-fjord-1@teamtailor-mail.com>"
JONAS_INVITE = "<calendar-jp-2@nordhafen.io>"
ALDER_ACK, VOSSBERG_ACK, VOSSBERG_NO = "<sf-alder-1@successfactors.eu>", "<sf-voss-1@successfactors.eu>", \
    "<sf-voss-2@successfactors.eu>"
ME_TO_JONAS = "<alex-1@example.org>"
HANNAH_ASKS = "<hr-1@tallishealth.com>"
CALL_AT = T0 + timedelta(days=11, hours=6)  # Friday 23 January, 15:00 Berlin: the intro call with Jonas

# the applications at the end, as ``outcomes --json`` lists them: (company, role) -> status (Halvorsen twice:
# said no on SmartRecruiters, applied again on SuccessFactors); the Meridian and Nordhafen rejections that name no
# role are merged by the user into the application each was of
OUTCOMES = {
    ("Brightwave", "Senior Data Analyst"): {"rejected"}, ("Tallis Health", "Product Analyst"): {"rejected"},
    ("Meridian Bank", "Data Engineer"): {"applied", "no_response"}, ("Meridian Bank", "Analytics Engineer"): {"rejected"},
    ("Kranich Mobility", "Datenanalyst"): {"rejected"}, ("Solenne", "Data Analyst"): {"rejected"},
    ("Nordhafen", "Backend Engineer, Data Platform"): {"interview"}, ("Nordhafen", "Data Engineer"): {"rejected"},
    ("Corvid Labs", "Analytics Engineer"): {"rejected"},
    # the portal notice hiding its verdict is read as a rejection (Found, not fixed: the model's word)
    ("Northgate Logistics", "Supply Chain Analyst"): {"applied", "rejected", "no_response"},
    ("Lumo Games", "Data Analyst"): {"rejected"}, ("Fjord Studio", "Product Data Analyst"): {"applied", "no_response"},
    ("Alder Pharma GmbH", "Data Analyst"): {"applied"}, ("Vossberg Chemie", "Data Analyst"): {"rejected"},
}
HALVORSEN = ("Halvorsen Energy", "Energy Data Analyst")  # twice: rejected, then applied again
# the only people drafts may be addressed to, each for one company (every other draft waits for the user to add one)
PEOPLE = {"hannah.reed@tallishealth.com": "Tallis Health", "priya.nair@corvidlabs.io": "Corvid Labs",
          "jonas.petersen@nordhafen.io": "Nordhafen"}
LANGUAGES = {"Kranich Mobility": "de", "Solenne": "fr", "Alder Pharma GmbH": "de"}  # the rest write English

SF_TEAM = f"Talent Acquisition <{SUCCESSFACTORS}>"  # two companies on SuccessFactors sign the relay's mail alike


def story() -> list[tuple[datetime, bytes]]:
    """Every email the companies send, with the day it arrives (the user's own mail is the test's)."""
    return [
        # -- week 1: the acknowledgements --------------------------------------------------------------------
        (day(0, 18), mail(
            f"Brightwave <{GREENHOUSE}>", "Thank you for applying to Brightwave", day(0, 18), BRIGHTWAVE_ACK,
            "Hi Alex,\n\nThanks for applying for the Senior Data Analyst role at Brightwave! We have received your "
            "application and our hiring team will review it over the next couple of weeks. If your experience is a "
            "match, someone from the team will reach out to you about next steps.\n\nBest,\nThe Brightwave Talent "
            "Team\n\nPlease do not reply to this email; this mailbox is not monitored.\n")),
        (day(0, 19), mail(
            f"Tallis Health <{GREENHOUSE}>", "Your application to Tallis Health", day(0, 19), TALLIS_ACK,
            "Dear Alex,\n\nThank you for your interest in the Product Analyst position at Tallis Health. This note "
            "confirms that we have received your application. Our recruiting team reviews every application "
            "carefully, and we will contact you if your background fits the role.\n\nKind regards,\nTallis Health "
            "Recruiting\n")),
        (day(1, 10), mail(
            f"Meridian Bank <{WORKDAY}>", "Meridian Bank: Application received - R-10234 Data Engineer", day(1, 10),
            MERIDIAN_DE_ACK,
            "Dear Alex Doe,\n\nThank you for applying for the Data Engineer position (R-10234) at Meridian Bank. We "
            "have received your application and will be in touch if your profile matches our requirements. You can "
            "follow the status of your application at any time on your candidate home page.\n\nKind regards,\n"
            "Meridian Bank Talent Acquisition\n")),
        (day(1, 10, 25), mail(
            f"Meridian Bank <{WORKDAY}>", "Meridian Bank: Application received - R-10311 Analytics Engineer",
            day(1, 10, 25), MERIDIAN_AE_ACK,
            "Dear Alex Doe,\n\nThank you for applying for the Analytics Engineer position (R-10311) at Meridian "
            "Bank. We have received your application and will be in touch if your profile matches our requirements. "
            "You can follow the status of your application at any time on your candidate home page.\n\nKind "
            "regards,\nMeridian Bank Talent Acquisition\n")),
        (day(2, 11), mail(
            f"Kranich Mobility GmbH <{PERSONIO}>", "Ihre Bewerbung als Datenanalyst (m/w/d) bei Kranich Mobility",
            day(2, 11), KRANICH_ACK,
            "Hallo Alex Doe,\n\nvielen Dank für Ihre Bewerbung als Datenanalyst (m/w/d) und Ihr Interesse an der "
            "Kranich Mobility GmbH. Ihre Unterlagen sind bei uns eingegangen. Wir sehen sie uns in Ruhe an und melden "
            "uns innerhalb der nächsten drei Wochen bei Ihnen.\n\nViele Grüße\nJulia Brandt\nPeople & Culture\n"
            "Kranich Mobility GmbH\n\nDiese E-Mail wurde automatisch versendet. Bitte antworten Sie nicht darauf.\n")),
        (day(2, 15), mail(
            f"Halvorsen Energy <{SMARTRECRUITERS}>", "Thank you for your application: Energy Data Analyst",
            day(2, 15), HALVORSEN_ACK,
            "Hi Alex,\n\nThank you for applying for the Energy Data Analyst position at Halvorsen Energy. We have "
            "received your application and are currently reviewing it. We will let you know as soon as there is an "
            "update.\n\nBest regards,\nHalvorsen Energy Talent Acquisition\n")),
        (day(3, 9), mail(
            f"Welcome to the Jungle <{WTTJ}>", "Votre candidature chez Solenne a bien été envoyée", day(3, 9),
            SOLENNE_ACK,
            "Bonjour Alex,\n\nVotre candidature pour le poste de Data Analyst H/F chez Solenne a bien été transmise "
            "à l'équipe de recrutement. Elle reviendra vers vous directement si votre profil correspond à ses "
            "attentes.\n\nBonne chance !\nL'équipe Welcome to the Jungle\n")),
        (day(3, 16), mail(
            f"Nordhafen <{LEVER}>", "Thanks for applying to Nordhafen", day(3, 16), NORDHAFEN_BE_ACK,
            "Hi Alex,\n\nThank you for applying for the Backend Engineer, Data Platform position at Nordhafen. We "
            "have received your application and will review it shortly. If there is a match, a member of our team "
            "will be in touch.\n\nCheers,\nThe Nordhafen Team\n")),
        (day(4, 10), mail(
            f"Corvid Labs <{ASHBY}>", "Thanks for applying to Corvid Labs!", day(4, 10), CORVID_ACK,
            "Hi Alex,\n\nThank you for applying for the Analytics Engineer role at Corvid Labs. We've received your "
            "application and our team is reviewing it. We aim to get back to every candidate within two weeks.\n\n"
            "Best,\nCorvid Labs Recruiting\n")),
        (day(4, 14), mail(
            f"Northgate Logistics <{ICIMS}>", "Northgate Logistics - Application Received: Supply Chain Analyst",
            day(4, 14), NORTHGATE_ACK,
            "Dear Alex,\n\nThank you for your interest in Northgate Logistics. We have received your application for "
            "the Supply Chain Analyst position. Our talent team will review your qualifications and contact you if "
            "they match our needs.\n\nSincerely,\nNorthgate Logistics Talent Acquisition\n\nThis is an automated "
            "message. Please do not reply to this email.\n")),
        (day(5, 11), mail(
            f"Nordhafen <{LEVER}>", "Thanks for applying to Nordhafen", day(5, 11), NORDHAFEN_DE_ACK,
            "Hi Alex,\n\nThank you for applying for the Data Engineer position at Nordhafen. We have received your "
            "application and will review it shortly. If there is a match, a member of our team will be in touch."
            "\n\nCheers,\nThe Nordhafen Team\n")),
        (day(5, 13), mail(
            f"Lumo Games <{RECRUITEE}>", "Lumo Games - we received your application", day(5, 13), LUMO_ACK,
            "Hi Alex,\n\nThanks for applying for the Data Analyst position at Lumo Games! Our small team reads "
            "every application personally, so please bear with us while we go through them.\n\nCheers,\nThe Lumo "
            "Games team\n", reply_to="Lumo Games Hiring <lumogames.hiring@gmail.com>")),
        (day(5, 16), mail(
            f"Fjord Studio <{TEAMTAILOR}>", "Thanks for your application, Alex!", day(5, 16), FJORD_ACK,
            "Hi Alex,\n\nThank you for applying for the Product Data Analyst position at Fjord Studio. We have "
            "received your application and will be in touch soon.\n\nAll the best,\nFjord Studio\n",
            reply_to=f"Fjord Studio <reply+8c1e77@{TEAMTAILOR.split('@')[1]}>")),
        # -- week 2: Nordhafen's recruiter writes in Lever's thread; Halvorsen says no; Corvid Labs books ----------
        (day(7, 10), mail(
            JONAS, "Re: Thanks for applying to Nordhafen", day(7, 10), JONAS_CALL,
            "Hi Alex,\n\nI'm the recruiter for the Backend Engineer, Data Platform role at Nordhafen and your "
            "application caught my eye. Would you have time for a 30-minute intro call this week? Thursday or "
            "Friday afternoon both work on my side.\n\nBest,\nJonas Petersen\nTalent Partner, Nordhafen\n",
            parent=NORDHAFEN_BE_ACK)),
        (day(6, 11), mail(
            HANNAH, "Re: Your application to Tallis Health", day(6, 11), HANNAH_ASKS,
            "Hi Alex,\n\nI'm Hannah, the recruiter for the Product Analyst role. A quick question before we go on: "
            "would you be open to working from our Leeds office two days a week?\n\nThanks,\nHannah Reed\nTalent "
            "Partner, Tallis Health\n", parent=TALLIS_ACK)),
        (day(8, 9, 30), mail(
            JONAS, "Invitation: Intro call Nordhafen / Alex Doe @ Fri 23 Jan 2026 3pm - 3:30pm (CET)", day(8, 9, 30),
            JONAS_INVITE,
            "Hi Alex,\n\nthanks for getting back to me so quickly. Here is the invitation for Friday; the video link is "
            "in the calendar entry. Talk soon!\n\nJonas Petersen\nTalent Partner, Nordhafen\n",
            cal=calendar_invite("jp-intro-call@nordhafen.io", CALL_AT, 30))),
        (day(8, 14), mail(
            f"Halvorsen Energy <{SMARTRECRUITERS}>", "Your application for Energy Data Analyst at Halvorsen Energy",
            day(8, 14), HALVORSEN_NO,
            "Hi Alex,\n\nThank you for your interest in the Energy Data Analyst position at Halvorsen Energy. After "
            "careful review, we regret to inform you that we will not be moving forward with your application. We "
            "appreciate the time you invested and wish you every success in your job search.\n\nBest regards,\n"
            "Halvorsen Energy Talent Acquisition\n")),
        (day(9, 9), mail(
            f"Corvid Labs <{ASHBY}>", "Interview availability - Analytics Engineer at Corvid Labs", day(9, 9),
            CORVID_SCHEDULE,
            "Hi Alex,\n\nGreat news: the team enjoyed reading your application for the Analytics Engineer role. "
            "Priya Nair, our Senior Technical Recruiter, would like to invite you to a 45-minute video interview "
            "with her and Tom Okafor, our Analytics Lead.\n\nPlease pick a time that works for you here:\n"
            "https://app.goodtime.io/schedule/corvidlabs/8f2c1a\n\nLooking forward to speaking with you!\n"
            "Priya Nair\nSenior Technical Recruiter, Corvid Labs\n")),
        (day(9, 13), mail(
            f"Corvid Labs <{GOODTIME}>", "Confirmed: Analytics Engineer interview with Corvid Labs",
            day(9, 13), CORVID_BOOKED,
            "Hi Alex,\n\nYour interview with Corvid Labs is confirmed.\n\nWhen: Thursday, 29 January 2026, "
            "10:00-10:45 (CET)\nInterviewers: Priya Nair (Senior Technical Recruiter), Tom Okafor (Analytics Lead)\n"
            "Where: video call, https://meet.corvidlabs.io/analytics-eng-alex\n\nNeed to reschedule? Use the link in "
            "your original invitation.\n\nThis email was sent by GoodTime on behalf of Corvid Labs. Replies to this "
            "address are not read.\n", cal=booking("gt-8f2c1a@goodtime.io", INTERVIEW_AT, 45))),
        (day(11, 15), mail(
            f"Northgate Logistics <{ICIMS}>", "There is an update on your application", day(11, 15),
            NORTHGATE_UPDATE,
            "Dear Alex,\n\nThere has been an update regarding your application for the Supply Chain Analyst "
            "position at Northgate Logistics. Please log in to your candidate profile to view it:\n"
            "https://careers-northgate.icims.com/jobs/candidate\n\nSincerely,\nNorthgate Logistics Talent "
            "Acquisition\n\nThis is an automated message. Please do not reply to this email.\n")),
        # -- week 3: two companies say no through one Greenhouse address; Meridian names its role in the subject -
        (day(15, 17), mail(
            f"Brightwave Hiring Team <{GREENHOUSE}>", "Your application to Brightwave", day(15, 17), BRIGHTWAVE_NO,
            "Hi Alex,\n\nThank you for your interest in Brightwave and for the time you put into your application. "
            "We have now reviewed it carefully, and unfortunately we have decided not to move forward with your "
            "candidacy at this time.\n\nWe wish you the best of luck in your search.\n\nBest,\nThe Brightwave "
            "Talent Team\n")),
        (day(16, 9), mail(
            f"Tallis Health <{GREENHOUSE}>", "Update on your Tallis Health application", day(16, 9), TALLIS_NO,
            "Dear Alex,\n\nThank you for applying for the Product Analyst position at Tallis Health. We received a "
            "large number of strong applications, and after careful consideration we have decided to pursue other "
            "candidates whose experience more closely matches our current needs.\n\nWe appreciate your interest and "
            "wish you success in your career.\n\nKind regards,\nTallis Health Recruiting\n")),
        (day(16, 11), mail(
            f"Meridian Bank <{WORKDAY}>", "Meridian Bank: Update on R-10311 Analytics Engineer", day(16, 11),
            MERIDIAN_AE_NO,
            "Dear Alex Doe,\n\nThank you for your interest in Meridian Bank and for the time you invested in your "
            "application. After careful consideration, we have decided to proceed with other candidates whose "
            "experience more closely matches the requirements of the position.\n\nWe will keep your details on "
            "file and may contact you about future opportunities.\n\nKind regards,\nMeridian Bank Talent "
            "Acquisition\n")),
        (day(18, 10), mail(
            f"Kranich Mobility GmbH <{PERSONIO}>", "Ihre Bewerbung bei Kranich Mobility", day(18, 10), KRANICH_NO,
            "Hallo Alex Doe,\n\nnochmals vielen Dank für Ihre Bewerbung und das Interesse an unserem Unternehmen. "
            "Nach sorgfältiger Prüfung müssen wir Ihnen leider mitteilen, dass wir uns für andere Bewerber:innen "
            "entschieden haben, deren Profil noch besser zu unseren Anforderungen passt.\n\nWir wünschen Ihnen für "
            "Ihre weitere Suche alles Gute.\n\nViele Grüße\nJulia Brandt\nPeople & Culture\nKranich Mobility GmbH\n"
            "\nDiese E-Mail wurde automatisch versendet. Bitte antworten Sie nicht darauf.\n")),
        (day(19, 15), mail(
            f"Solenne <{WTTJ}>", "Votre candidature chez Solenne", day(19, 15), SOLENNE_NO,
            "Bonjour Alex,\n\nMerci pour l'intérêt que vous portez à Solenne et pour le temps consacré à votre "
            "candidature au poste de Data Analyst H/F. Après étude attentive de votre profil, nous sommes au regret "
            "de vous informer que nous ne pouvons pas y donner une suite favorable.\n\nNous vous souhaitons "
            "pleine réussite dans vos recherches.\n\nCamille Roussel\nTalent Acquisition, Solenne\n")),
        # -- week 4: after the interview, Corvid Labs says no through Ashby; Nordhafen names no role -----------
        (day(22, 16), mail(
            f"Corvid Labs <{ASHBY}>", "Your application to Corvid Labs", day(22, 16), CORVID_NO,
            "Hi Alex,\n\nThank you for taking the time to interview with Priya and Tom for the Analytics Engineer "
            "role. It was a close decision, but we have decided to move forward with another candidate whose "
            "experience is a closer fit for the team right now.\n\nWe really appreciated getting to know you and "
            "wish you all the best.\n\nPriya Nair\nSenior Technical Recruiter, Corvid Labs\n")),
        (day(23, 10), mail(
            f"Nordhafen <{LEVER}>", "Update from Nordhafen", day(23, 10), NORDHAFEN_NO,
            "Hi Alex,\n\nThank you for your interest in Nordhafen and for taking the time to apply. After reviewing "
            "your application, we have decided not to move forward at this time. We will keep your information on "
            "file for future openings.\n\nBest wishes,\nThe Nordhafen Team\n")),
        (day(24, 12), mail(
            f"Lumo Games <{RECRUITEE}>", "Your application at Lumo Games", day(24, 12), LUMO_NO,
            "Hi Alex,\n\nThank you so much for applying for the Data Analyst position at Lumo Games. We really "
            "enjoyed reading your application, but unfortunately we have decided to continue with other "
            "candidates.\n\nWe wish you all the best!\nThe Lumo Games team\n",
            reply_to="Lumo Games Hiring <lumogames.hiring@gmail.com>")),
        # -- week 5: Alex applies to Halvorsen Energy again, now on SuccessFactors --------------------------------
        (day(25, 10), mail(
            SF_TEAM, "Ihre Bewerbung als Data Analyst (m/w/d) bei der Alder Pharma GmbH", day(25, 10), ALDER_ACK,
            "Sehr geehrte/r Alex Doe,\n\nvielen Dank für Ihre Bewerbung als Data Analyst (m/w/d) bei der Alder Pharma "
            "GmbH. Wir haben Ihre Unterlagen erhalten und prüfen sie sorgfältig. Den Stand Ihrer Bewerbung können Sie "
            "jederzeit in unserem Karriereportal einsehen.\n\nMit freundlichen Grüßen\nIhr Recruiting-Team der Alder "
            "Pharma GmbH\n")),
        (day(26, 14), mail(
            SF_TEAM, "Your application for Data Analyst at Vossberg Chemie", day(26, 14), VOSSBERG_ACK,
            "Dear Alex Doe,\n\nThank you for applying for the Data Analyst position at Vossberg Chemie. We have "
            "received your application and will review it carefully.\n\nKind regards,\nVossberg Chemie Recruiting\n")),
        (day(30, 10), mail(
            f"Halvorsen Energy Careers <{SUCCESSFACTORS}>", "Halvorsen Energy - your application for Energy Data "
            "Analyst", day(30, 10), HALVORSEN_AGAIN,
            "Dear Alex Doe,\n\nThank you for your application for the position Energy Data Analyst (Job ID 48213) "
            "at Halvorsen Energy. We have received it and will review it carefully. You can check the status of "
            "your application in our career portal.\n\nKind regards,\nHalvorsen Energy Recruiting\n")),
        (day(33, 11), mail(
            SF_TEAM, "Your application at Vossberg Chemie", day(33, 11), VOSSBERG_NO,
            "Dear Alex Doe,\n\nThank you for your interest in Vossberg Chemie and the time you took to apply. After "
            "careful consideration we have decided not to move forward with your application for this position.\n\n"
            "We wish you every success.\n\nKind regards,\nVossberg Chemie Recruiting\n")),
    ]


def by_id(message_id: str) -> bytes:
    """The story's email of that Message-ID."""
    [raw] = [raw for _, raw in story() if f"Message-ID: {message_id}\r\n".encode() in raw]
    return raw


def company_of(message_id: str) -> str:
    """The company a story email is of (by its Message-ID)."""
    raw = by_id(message_id)
    for company in sorted({c for c, _ in [*OUTCOMES, HALVORSEN]}, key=len, reverse=True):
        if company.split()[0].encode() in raw:
            return company
    raise LookupError(message_id)


def reply_to_jonas() -> tuple[datetime, bytes]:
    """Alex answers Jonas from the mail client (a copy in Sent)."""
    return day(7, 20), mail(
        ME, "Re: Thanks for applying to Nordhafen", day(7, 20), ME_TO_JONAS,
        "Hi Jonas,\n\nthanks for reaching out! Friday at 15:00 works well for me.\n\nBest,\nAlex\n",
        parent=JONAS_CALL, refs=(NORDHAFEN_BE_ACK,), to=JONAS)


# -- playing the story -------------------------------------------------------------------------------------------

# the daemon's passes (day, hour in Berlin): evenings in the weeks mail comes, mornings when drafts come due - at
# least one a week (its weekly digest), few enough for a quick test
PASSES = [(5, 18), (9, 18), (11, 18), (16, 18), (17, 16), (18, 19), (24, 18), (33, 18), (37, 10), (44, 10), (50, 10)]
SENDS = {(11, 18): ("Nordhafen", "interview_thanks"), (17, 16): ("Corvid Labs", "interview_thanks")}  # that evening
MERGES = {(18, 19): (MERIDIAN_AE_ACK, MERIDIAN_AE_NO), (24, 18): (NORDHAFEN_DE_ACK, NORDHAFEN_NO)}  # after the pass


class Mailbox(Protocol):
    """What the story needs of the user's mailbox and of Onward (the in-memory world, or Dovecot and the CLI)."""

    def put(self, folder: str, when: datetime, raw: bytes) -> None: ...
    def run(self, now: datetime) -> None: ...
    def drafts(self) -> dict[str, EmailMessage]: ...
    def delete_draft(self, message_id: str) -> None: ...
    def cli_json(self, now: datetime, *args: str) -> Any: ...


def command(now: datetime, *args: str) -> list[str]:
    """A command Alex types at ``now``, with ``--json`` (``merge`` takes the story's time as ``--now``)."""
    return [*args, "--json", *(("--now", now.isoformat()) if args[0] == "merge" else ())]


def send_draft(box: Mailbox, draft: EmailMessage, when: datetime) -> None:
    """The user sends a draft from the mail client: a copy in Sent with the client's own Message-ID, the draft gone."""
    copy = mail(ME, str(draft["Subject"]), when, f"<sent-{when:%m%d%H%M}@example.org>",
                body(draft), parent=draft["In-Reply-To"],
                refs=tuple(r for r in str(draft["References"] or "").split() if r != draft["In-Reply-To"]),
                to=str(draft["To"]))
    box.put("Sent", when, copy)
    box.delete_draft(str(draft["Message-ID"]))


def play(box: Mailbox) -> None:
    """Seven weeks: the companies' mail as it comes, Alex's reply to Jonas, the passes; Alex sends both interview
    thank-yous the evening they come, and merges each rejection naming no role into the application the
    candidate portal shows it was of (``onward merge``)."""
    reply = reply_to_jonas()
    pending = sorted([*((w, "INBOX", r) for w, r in story()), (reply[0], "Sent", reply[1])], key=lambda p: p[0])
    for at in PASSES:
        now = day(*at)
        for when, folder, raw in [p for p in pending if p[0] <= now]:
            box.put(folder, when, raw)
        pending = [p for p in pending if p[0] > now]
        box.run(now)
        if at in SENDS:
            company, kind = SENDS[at]
            [fu] = [f for f in box.cli_json(now, "followups") if (f["company"], f["kind"]) == (company, kind)]
            assert fu["status"] == "drafted", fu
            send_draft(box, box.drafts()[fu["draft_message_id"]], now + timedelta(hours=1))
        if at in MERGES:
            ack, no = MERGES[at]
            apps = {a["message_id"]: a for a in box.cli_json(now, "outcomes")}
            assert apps[no]["possible_duplicate_of"] is not None, apps[no]  # flagged: the user decides
            box.cli_json(now, "merge", str(apps[ack]["application_id"]), str(apps[no]["application_id"]))


def check_the_end(box: Mailbox) -> None:
    """What Alex sees at the end (``outcomes``, ``followups``, Drafts), and what must hold of it."""
    now = day(*PASSES[-1])
    apps = box.cli_json(now, "outcomes")
    seen = [(a["company"], a["role"]) for a in apps]
    # one application per job: none doubled, none merged across the companies sharing a relay, none unnamed
    assert sorted(seen) == sorted([*OUTCOMES, HALVORSEN, HALVORSEN]), seen
    for a in apps:
        if (a["company"], a["role"]) != HALVORSEN:
            assert a["status"] in OUTCOMES[(a["company"], a["role"])], a
        assert a["possible_duplicate_of"] is None, a  # both flagged rejections merged
    assert sorted(a["status"] for a in apps if (a["company"], a["role"]) == HALVORSEN) == ["applied", "rejected"]
    status = {a["application_id"]: a["status"] for a in apps}

    fus = box.cli_json(now, "followups")
    drafts = box.drafts()
    for f in fus:
        live = f["status"] in ("scheduled", "needs_recipient", "drafted")
        # nothing asks a company that said no for news, nothing thanks one for a no it never sent
        if f["kind"] == "check_in" and live:
            assert status[f["application_id"]] not in ("rejected", "offer"), f
        if f["kind"] == "rejection_thanks":
            assert status[f["application_id"]] == "rejected", f
        # to a person of that company, or to nobody yet - never a no-reply, a relay or a free-mail Reply-To
        assert f["to"] is None or PEOPLE.get(f["to"]) == f["company"], f
        assert f["language"] == LANGUAGES.get(f["company"], "en"), f
        if f["draft_message_id"] and f["draft_message_id"] in drafts:
            draft = drafts[f["draft_message_id"]]
            assert company_of(str(draft["In-Reply-To"])) == f["company"], (f, draft["In-Reply-To"])
            assert _to(draft) == ([f["to"]] if f["to"] else []), f
    for mid, draft in drafts.items():  # the drafts in the folder: Onward's notes and digests, each to a person
        to = _to(draft)
        assert to in ([], [ME_ADDR]) or (len(to) == 1 and to[0] in PEOPLE), (mid, to)
    # the Monday digest after the week both SuccessFactors companies wrote names each of them
    digests = [body(d) for mid, d in drafts.items() if mid.startswith("<onward-digest-")]
    assert len(digests) == 8, len(digests)
    assert any("Alder Pharma GmbH — Data Analyst: acknowledged" in d and
               "Vossberg Chemie — Data Analyst: acknowledged" in d for d in digests), digests

    by = {(f["company"], f["kind"]): f for f in fus if f["status"] != "cancelled"}
    # the interview thank-yous went to the humans, though the booking came from a no-reply relay
    assert by[("Corvid Labs", "interview_thanks")]["to"] == PRIYA_ADDR
    assert by[("Corvid Labs", "interview_thanks")]["status"] == "sent"
    assert by[("Nordhafen", "interview_thanks")]["to"] == "jonas.petersen@nordhafen.io"
    # after the interview, Corvid Labs' no through Ashby is thanked to Priya, in the after-interview note
    corvid = by[("Corvid Labs", "rejection_thanks")]
    assert corvid["to"] == PRIYA_ADDR and corvid["template"] == "rejection_thanks/after_interview", corvid
    assert body(drafts[corvid["draft_message_id"]]).startswith("Dear Priya,")
    # Greenhouse's no to Tallis Health goes to Hannah, who wrote in its thread from her own address
    tallis = by[("Tallis Health", "rejection_thanks")]
    assert tallis["to"] == "hannah.reed@tallishealth.com" and tallis["status"] == "drafted", tallis
    assert body(drafts[tallis["draft_message_id"]]).startswith("Dear Hannah,")
    # the rejections' notes in their own language
    assert body(drafts[by[("Kranich Mobility", "rejection_thanks")]["draft_message_id"]]).startswith(
        "Sehr geehrte Damen und Herren,")
    assert "Solenne" in body(drafts[by[("Solenne", "rejection_thanks")]["draft_message_id"]])
    assert by[("Solenne", "rejection_thanks")]["language"] == "fr"
    # the merge let Nordhafen's held check-in come back: to Jonas, about the role he interviewed for
    backend = [f for f in fus if f["company"] == "Nordhafen" and f["kind"] == "check_in" and f["status"] != "cancelled"]
    assert [(f["role"], f["to"]) for f in backend] == [("Backend Engineer, Data Platform",
                                                        "jonas.petersen@nordhafen.io")], backend


def _to(draft: EmailMessage) -> list[str]:
    return [a.addr_spec for a in draft["To"].addresses] if draft["To"] else []


def body(msg: EmailMessage) -> str:
    part = msg.get_body(("plain",))
    assert part is not None, msg["Message-ID"]
    return str(part.get_content())
