"""The mail of a busy seven-week search in a noisy inbox (English, French, Dutch): recruiters pitching
roles, job-board alerts, refusals that are not about a job, auto-replies and a bounce beside the
applications. Every text written for this test; used by ``test_noisy_inbox.py``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.policy import SMTP

from agent.demo.samples import build_email
from tests.followup_samples import ics

ME = "Alex Doe <alex@example.org>"
T0 = datetime(2026, 10, 5, 8, 0, tzinfo=UTC)  # Monday 5 October 2026, 10:00 in Amsterdam


def day(n: float, hour: int = 9) -> datetime:
    return T0 + timedelta(days=n) + timedelta(hours=hour - 8)


def mail(n: float, hour: int, from_: str, subject: str, body: str, mid: str, **kw) -> tuple[datetime, bytes]:
    when = day(n, hour)
    return when, build_email(from_=from_, to=kw.pop("to", ME), subject=subject, body=body, date=when,
                             message_id=f"<{mid}>", **kw)


def sent(n: float, hour: int, to: str, subject: str, body: str, mid: str, reply_to_mid: str | None = None,
         references: tuple[str, ...] = ()) -> tuple[datetime, bytes]:
    refs = [*references] + ([f"<{reply_to_mid}>"] if reply_to_mid else [])
    return mail(n, hour, ME, subject, body, mid, to=to, in_reply_to=f"<{reply_to_mid}>" if reply_to_mid else None,
                references=refs)


def with_calendar(raw_mail: tuple[datetime, bytes], uid: str, start: datetime, minutes: int,
                  organizer: str) -> tuple[datetime, bytes]:
    """The same email with a calendar part (the invitation a video-call tool attaches)."""
    when, raw = raw_mail
    msg = message_from_bytes(raw, policy=SMTP)
    msg.add_alternative(ics(uid, start, start + timedelta(minutes=minutes), organizer), subtype="calendar",
                        params={"method": "REQUEST"})
    return when, msg.as_bytes()


# -- who writes ----------------------------------------------------------------------------------------
TOM = "Tom Baker <tom.baker@brightpath-recruitment.co.uk>"          # agency recruiter
CAMILLE = "Camille Martin <camille.martin@lumiere-analytics.fr>"     # in-house recruiter, becomes an application
NORTHWIND = "Rachel Green <rachel.green@northwind-health.com>"        # interviews, second offer (accepted)
ZUIDERZEE = "Marieke Jansen <m.jansen@zuiderzee-logistiek.nl>"       # Dutch rejection
HELIX_ATS = "Helix Robotics <do-not-reply@helix-robotics.com>"       # no-reply ATS, recruiter in the signature
MISTRAL_ATS = "Banque Mistral Recrutement <ne-pas-repondre@banque-mistral.fr>"
MISTRAL_HUMAN = "Sophie Lefevre <sophie.lefevre@banque-mistral.fr>"  # interview, then the role on hold
KESTREL = "Jonas Visser <jonas.visser@kestrel-software.nl>"          # silence, check-in, out-of-office, bounce


def week1() -> list[tuple[str, tuple[datetime, bytes]]]:
    return [
        ("INBOX", mail(0, 7, "LinkedIn <notifications-noreply@linkedin.com>", "Alex, you appeared in 14 searches this week",
                       "Hi Alex,\n\nYou appeared in 14 searches this week. Recruiters from 3 companies looked at your "
                       "profile. See who is looking and keep your profile up to date so the right people find you.\n\n"
                       "View all searches\n\nThe LinkedIn Team\n", "li-1@linkedin.com")),
        ("INBOX", mail(0, 10, "Kestrel Software <jobs@kestrel-software.nl>", "Je sollicitatie bij Kestrel Software",
                       "Hoi Alex,\n\nBedankt voor je sollicitatie op de functie Backend Developer bij Kestrel Software. "
                       "We hebben je cv en motivatie goed ontvangen. Jonas Visser bekijkt je gegevens en laat binnen "
                       "twee weken van zich horen.\n\nGroeten,\nJonas Visser\nTech Recruiter, Kestrel Software\n",
                       "ack-kestrel@kestrel-software.nl")),
        ("INBOX", mail(0, 14, TOM, "Senior Data Engineer - fintech scale-up in Utrecht",
                       "Hi Alex,\n\nI came across your profile and thought you might be a great fit for a role I am "
                       "working on. My client, a fast-growing fintech in Utrecht, is hiring a Senior Data Engineer "
                       "to build their streaming platform (Kafka, Spark, Python). Salary up to 85k plus bonus, "
                       "hybrid three days in the office.\n\nWould you be open to a quick call this week?\n\n"
                       "Best,\nTom Baker\nSenior Consultant, Brightpath Recruitment\n", "tom-1@brightpath-recruitment.co.uk")),
        ("INBOX", mail(1, 8, "Jobbord Alerts <alerts@jobbord.example>", "12 nieuwe vacatures voor 'data engineer' in Amsterdam",
                       "Hallo Alex,\n\nEr zijn 12 nieuwe vacatures die passen bij je zoekopdracht 'data engineer' "
                       "in Amsterdam:\n\n- Data Engineer bij Greenfield Energy (Amsterdam)\n- Analytics Engineer bij "
                       "Polder Foods (Haarlem)\n- Medior Data Engineer bij Stadsbank (Amsterdam)\n\nBekijk alle "
                       "vacatures\n\nJe ontvangt deze e-mail omdat je een zoekopdracht hebt opgeslagen. Afmelden\n",
                       "alert-1@jobbord.example")),
        ("INBOX", mail(1, 11, CAMILLE, "Opportunité : Ingénieur(e) Données chez Lumière Analytics",
                       "Bonjour Alex,\n\nJe suis Camille Martin, chargée de recrutement chez Lumière Analytics. "
                       "Votre parcours a retenu mon attention pour notre poste d'Ingénieur(e) Données basé à Lyon, "
                       "avec deux jours de télétravail par semaine. Seriez-vous disponible pour en discuter "
                       "lors d'un court échange téléphonique ?\n\nBien cordialement,\nCamille Martin\n"
                       "Chargée de recrutement, Lumière Analytics\n", "camille-1@lumiere-analytics.fr")),
        ("INBOX", mail(1, 15, "Zuiderzee Logistiek <noreply@zuiderzee-logistiek.nl>",
                       "Ontvangstbevestiging sollicitatie Data Engineer",
                       "Beste Alex,\n\nHartelijk dank voor je sollicitatie voor de functie Data Engineer bij "
                       "Zuiderzee Logistiek. We hebben je gegevens in goede orde ontvangen en nemen binnen drie "
                       "weken contact met je op.\n\nMet vriendelijke groet,\nTeam Recruitment Zuiderzee Logistiek\n",
                       "ack-zuiderzee@zuiderzee-logistiek.nl")),
        ("INBOX", mail(2, 9, "Northwind Health Careers <careers@northwind-health.com>",
                       "Application received: Analytics Engineer",
                       "Hi Alex,\n\nThanks for applying to the Analytics Engineer position at Northwind Health. "
                       "Your application is now with our hiring team, who will look at it in the coming days.\n\n"
                       "Northwind Health Talent Team\n", "ack-northwind@northwind-health.com")),
        ("INBOX", mail(2, 13, MISTRAL_ATS, "Votre candidature au poste de Data Analyst",
                       "Madame, Monsieur,\n\nNous accusons bonne réception de votre candidature au poste de Data "
                       "Analyst et vous remercions de l'intérêt que vous portez à Banque Mistral. Votre dossier est "
                       "en cours d'étude par nos équipes.\n\nMerci de ne pas répondre à ce message.\n\n"
                       "Sophie Lefevre\nChargée de recrutement, Banque Mistral\n", "ack-mistral@banque-mistral.fr")),
        ("INBOX", mail(3, 10, HELIX_ATS, "We received your application - Robotics Software Engineer",
                       "Dear Alex,\n\nThank you for applying for the Robotics Software Engineer role at Helix Robotics. "
                       "We have received your application and will review it carefully.\n\nThis mailbox is not "
                       "monitored, please do not reply to this email.\n\nKind regards,\nPriya Raman\n"
                       "Talent Acquisition Partner, Helix Robotics\n", "ack-helix@helix-robotics.com")),
        ("INBOX", mail(4, 12, "LinkedIn <jobs-noreply@linkedin.com>", "Alex, your application was sent to Greenfield Energy",
                       "Your application was sent to Greenfield Energy\n\nData Engineer\nGreenfield Energy · Amsterdam "
                       "(Hybrid)\nApplied on 9 October 2026\n\nView job\n\nNow, take these next steps: follow "
                       "Greenfield Energy to get updates.\n\nThis email was intended for Alex Doe. Unsubscribe\n",
                       "easy-apply-greenfield@linkedin.com")),
    ]


NORTHWIND_INTERVIEW = day(15, 13)   # Tuesday 20 October, 15:00 in Amsterdam, one hour
MISTRAL_INTERVIEW = day(28, 10)     # Monday 2 November, 11:00 in Amsterdam, 45 minutes


def week2() -> list[tuple[str, tuple[datetime, bytes]]]:
    return [
        ("Sent", sent(7, 10, CAMILLE, "Re: Opportunité : Ingénieur(e) Données chez Lumière Analytics",
                      "Bonjour Camille,\n\nMerci pour votre message. Le poste m'intéresse beaucoup et je serais ravi "
                      "d'en discuter. Vous trouverez mon CV en pièce jointe ; je suis disponible mardi ou mercredi "
                      "après-midi.\n\nBien cordialement,\nAlex Doe\n", "me-camille@example.org",
                      reply_to_mid="camille-1@lumiere-analytics.fr")),
        ("INBOX", mail(8, 9, CAMILLE, "Re: Opportunité : Ingénieur(e) Données chez Lumière Analytics",
                       "Bonjour Alex,\n\nMerci pour votre retour et pour votre CV. J'ai le plaisir de vous inviter à un "
                       "premier entretien en visioconférence avec Julien Moreau, notre responsable data, le mercredi "
                       "21 octobre à 14h. Le lien de connexion suivra.\n\nBien cordialement,\nCamille Martin\n"
                       "Chargée de recrutement, Lumière Analytics\n", "camille-2@lumiere-analytics.fr",
                       in_reply_to="<me-camille@example.org>",
                       references=["<camille-1@lumiere-analytics.fr>", "<me-camille@example.org>"])),
        ("INBOX", with_calendar(mail(8, 12, NORTHWIND, "Interview: Analytics Engineer at Northwind Health",
                                     "Hi Alex,\n\nThank you for your application for the Analytics Engineer role. We "
                                     "would love to get to know you better and invite you to a one-hour video interview "
                                     "with me and our head of analytics, Omar Haddad. The calendar invitation with the "
                                     "link is attached.\n\nSpeak soon,\nRachel Green\nRecruiter, Northwind Health\n",
                                     "inv-northwind@northwind-health.com"),
                                "northwind-interview-1", NORTHWIND_INTERVIEW, 60, "rachel.green@northwind-health.com")),
        ("INBOX", mail(9, 7, "Jobbord Career Tips <newsletter@jobbord.example>", "Salary talks: five mistakes to avoid",
                       "Hi Alex,\n\nThis week on the blog: five mistakes people make when they negotiate a salary, "
                       "how to answer 'what are your expectations?', and why you should never accept on the spot.\n\n"
                       "Read more on our blog.\n\nYou receive this newsletter because you signed up at jobbord. "
                       "Unsubscribe here.\n", "news-1@jobbord.example")),
        ("INBOX", mail(10, 16, "Gadgetshop Customer Care <support@gadgetshop.example>", "Your refund request #48213",
                       "Dear Alex,\n\nThank you for contacting us about order #48213. Unfortunately we are unable to "
                       "approve your refund request, as the headphones were returned after the 30-day return period. "
                       "We are sorry we cannot help you further with this request.\n\nKind regards,\nDaniel\n"
                       "Gadgetshop Customer Care\n", "refund-48213@gadgetshop.example")),
        ("INBOX", mail(11, 18, "PyData Amsterdam Programme Committee <program@pydata-ams.example>",
                       "Your proposal for PyData Amsterdam 2026",
                       "Dear Alex,\n\nThank you for submitting your talk \"Streaming pipelines without tears\" to "
                       "PyData Amsterdam 2026. We received over 300 proposals this year and, unfortunately, we are "
                       "not able to accept yours. We hope to see you in the audience and encourage you to submit "
                       "again next year.\n\nBest regards,\nThe Programme Committee\n", "cfp-412@pydata-ams.example")),
        ("INBOX", mail(12, 9, TOM, "Re: Senior Data Engineer - fintech scale-up in Utrecht",
                       "Hi Alex,\n\nJust bumping this up in case it got lost in your inbox. The client is moving "
                       "quickly and has two interview slots left next week. Happy to share more details on a call.\n\n"
                       "Best,\nTom Baker\nSenior Consultant, Brightpath Recruitment\n", "tom-2@brightpath-recruitment.co.uk",
                       in_reply_to="<tom-1@brightpath-recruitment.co.uk>", references=["<tom-1@brightpath-recruitment.co.uk>"])),
        ("Sent", sent(12, 19, TOM, "Re: Senior Data Engineer - fintech scale-up in Utrecht",
                      "Hi Tom,\n\nThanks for following up. The role sounds interesting and I am happy to be put "
                      "forward. Could you tell me which company it is before you send my CV?\n\nBest,\nAlex\n",
                      "me-tom@example.org", reply_to_mid="tom-2@brightpath-recruitment.co.uk",
                      references=("<tom-1@brightpath-recruitment.co.uk>",))),
        ("INBOX", mail(13, 10, TOM, "Re: Senior Data Engineer - fintech scale-up in Utrecht",
                       "Hi Alex,\n\nGreat to hear! The client is Finch Payments. I have sent them your CV this "
                       "morning and they would like to invite you to a first video interview with their head of "
                       "data next Tuesday, 27 October, at 10:00. Does that work for you?\n\nBest,\nTom Baker\n"
                       "Senior Consultant, Brightpath Recruitment\n", "tom-3@brightpath-recruitment.co.uk",
                       in_reply_to="<me-tom@example.org>",
                       references=["<tom-1@brightpath-recruitment.co.uk>", "<tom-2@brightpath-recruitment.co.uk>",
                                   "<me-tom@example.org>"])),
    ]


def week3() -> list[tuple[str, tuple[datetime, bytes]]]:
    return [
        ("INBOX", mail(16, 14, HELIX_ATS, "Your application to Helix Robotics",
                       "Dear Alex,\n\nThank you for your interest in the Robotics Software Engineer role and for the "
                       "time you put into your application. After careful review we have decided not to move "
                       "forward with your application at this time.\n\nWe wish you every success in your search.\n\n"
                       "Please do not reply to this email; this mailbox is not monitored.\n\nKind regards,\n"
                       "Priya Raman\nTalent Acquisition Partner, Helix Robotics\n", "rej-helix@helix-robotics.com")),
        ("INBOX", mail(17, 10, ZUIDERZEE, "Je sollicitatie als Data Engineer",
                       "Beste Alex,\n\nBedankt voor je interesse in de functie Data Engineer bij Zuiderzee Logistiek en "
                       "de tijd die je in je sollicitatie hebt gestoken. We hebben veel reacties ontvangen en na "
                       "zorgvuldige afweging hebben we besloten om niet verder te gaan met je sollicitatie. We "
                       "wensen je veel succes met je verdere zoektocht.\n\nMet vriendelijke groet,\nMarieke Jansen\n"
                       "Recruiter, Zuiderzee Logistiek\n", "rej-zuiderzee@zuiderzee-logistiek.nl")),
        ("INBOX", mail(18, 11, "Hogeschool Amstel Cursusadministratie <cursussen@hs-amstel.example>",
                       "Inschrijving cursus Datavisualisatie (najaar)",
                       "Beste Alex Doe,\n\nBedankt voor je aanmelding voor de avondcursus Datavisualisatie. Helaas "
                       "moeten we je laten weten dat de cursus vol is en dat we je geen plaats kunnen aanbieden. Je "
                       "staat op de wachtlijst voor het voorjaar.\n\nMet vriendelijke groet,\nCursusadministratie "
                       "Hogeschool Amstel\n", "cursus-77@hs-amstel.example")),
        ("INBOX", mail(19, 17, "Agence Habitat Lyon <location@habitat-lyon.example>", "Votre dossier de location",
                       "Bonjour,\n\nNous vous remercions pour votre dossier concernant l'appartement de la rue "
                       "Garibaldi. Nous sommes au regret de vous informer que votre candidature n'a pas été retenue "
                       "par le propriétaire.\n\nCordialement,\nAgence Habitat Lyon\n", "location-9@habitat-lyon.example")),
    ]


def week4() -> list[tuple[str, tuple[datetime, bytes]]]:
    return [
        ("INBOX", with_calendar(mail(22, 9, MISTRAL_HUMAN, "Entretien - Data Analyst - Banque Mistral",
                                     "Bonjour Alex,\n\nSuite à l'étude de votre candidature au poste de Data Analyst, "
                                     "nous souhaitons vous rencontrer lors d'un entretien de 45 minutes le lundi 2 "
                                     "novembre à 11h, dans nos locaux. Vous trouverez l'invitation ci-jointe.\n\n"
                                     "Bien cordialement,\nSophie Lefevre\nChargée de recrutement, Banque Mistral\n",
                                     "inv-mistral@banque-mistral.fr"),
                                "mistral-entretien-1", MISTRAL_INTERVIEW, 45, "sophie.lefevre@banque-mistral.fr")),
        ("INBOX", mail(23, 8, "Orbital Payments Talent <sarah.okafor@orbitalpayments.com>", "Platform Data Engineer at Orbital",
                       "Hi Alex,\n\nI'm Sarah, a talent partner at Orbital Payments. We are growing our data platform "
                       "team in Amsterdam and your experience with streaming pipelines caught my eye. If you are "
                       "open to new opportunities, I would be glad to tell you more about the Platform Data "
                       "Engineer role over a 20-minute call.\n\nCheers,\nSarah Okafor\nTalent Partner, Orbital "
                       "Payments\n", "orbital-1@orbitalpayments.com")),
        ("INBOX", mail(25, 15, CAMILLE, "Proposition - Ingénieur(e) Données",
                       "Bonjour Alex,\n\nSuite à vos entretiens avec Julien et l'équipe, j'ai le plaisir de vous "
                       "proposer le poste d'Ingénieur Données chez Lumière Analytics, avec un salaire annuel de "
                       "52 000 euros et une prise de poste au 4 janvier. Vous trouverez la proposition détaillée en "
                       "pièce jointe ; nous aimerions avoir votre réponse d'ici le 6 novembre.\n\nBien cordialement,\n"
                       "Camille Martin\nChargée de recrutement, Lumière Analytics\n", "offer-lumiere@lumiere-analytics.fr",
                       in_reply_to="<camille-2@lumiere-analytics.fr>",
                       references=["<camille-1@lumiere-analytics.fr>", "<me-camille@example.org>",
                                   "<camille-2@lumiere-analytics.fr>"])),
        ("INBOX", mail(24, 11, TOM, "Re: Senior Data Engineer - fintech scale-up in Utrecht",
                       "Hi Alex,\n\nThanks again for taking the interview with Finch Payments on Tuesday. I spoke "
                       "to them this morning: unfortunately they have decided to go ahead with another candidate "
                       "who has more experience with card payments. They liked your communication a lot.\n\n"
                       "I will keep you in mind for other roles.\n\nBest,\nTom Baker\nSenior Consultant, "
                       "Brightpath Recruitment\n", "tom-4@brightpath-recruitment.co.uk",
                       in_reply_to="<tom-3@brightpath-recruitment.co.uk>",
                       references=["<tom-1@brightpath-recruitment.co.uk>", "<tom-3@brightpath-recruitment.co.uk>"])),
        ("INBOX", mail(24, 16, "Indeed <donotreply@match.indeed.com>", "Application update: Analytics Engineer at Polder Foods",
                       "Hi Alex,\n\nPolder Foods has reviewed your application for Analytics Engineer and decided not "
                       "to move forward at this time.\n\nKeep searching: new jobs matching your profile are waiting.\n\n"
                       "Indeed\n", "indeed-polder@indeed.com")),
        ("INBOX", mail(26, 8, "LinkedIn Job Alerts <jobalerts-noreply@linkedin.com>", "30+ new jobs for 'analytics engineer'",
                       "Your job alert for analytics engineer in Netherlands\n\nAnalytics Engineer - Greenfield Energy "
                       "- Amsterdam\nSenior Analytics Engineer - Polder Foods - Haarlem\nAnalytics Engineer (Python, "
                       "dbt) - Stadsbank - Amsterdam\n\nSee all jobs\n\nYou are receiving job alert emails. "
                       "Unsubscribe\n", "li-alert-2@linkedin.com")),
    ]


def week5() -> list[tuple[str, tuple[datetime, bytes]]]:
    return [
        ("INBOX", mail(29, 16, NORTHWIND, "Offer: Analytics Engineer at Northwind Health",
                       "Hi Alex,\n\nGreat news: we would like to offer you the Analytics Engineer position at "
                       "Northwind Health! Omar and the team were impressed. The offer letter with the salary and "
                       "benefits is attached; let me know if you have any questions before you sign.\n\nWarm "
                       "regards,\nRachel Green\nRecruiter, Northwind Health\n", "offer-northwind@northwind-health.com",
                       in_reply_to="<inv-northwind@northwind-health.com>", references=["<inv-northwind@northwind-health.com>"])),
        ("Sent", sent(30, 9, CAMILLE, "Re: Proposition - Ingénieur(e) Données",
                      "Bonjour Camille,\n\nJe vous remercie sincèrement pour cette proposition et pour la qualité des "
                      "échanges avec l'équipe. Après mûre réflexion, j'ai décidé de ne pas l'accepter : j'ai choisi "
                      "un poste plus proche de chez moi.\n\nBien cordialement,\nAlex Doe\n", "me-decline@example.org",
                      reply_to_mid="offer-lumiere@lumiere-analytics.fr")),
        ("Sent", sent(30, 10, NORTHWIND, "Re: Offer: Analytics Engineer at Northwind Health",
                      "Hi Rachel,\n\nThank you so much! I am happy to accept the offer and will send the signed letter "
                      "today. Looking forward to starting in January.\n\nBest,\nAlex\n", "me-accept@example.org",
                      reply_to_mid="offer-northwind@northwind-health.com")),
        ("INBOX", mail(30, 14, CAMILLE, "Re: Proposition - Ingénieur(e) Données",
                       "Bonjour Alex,\n\nMerci pour votre réponse. Nous regrettons votre décision mais la comprenons "
                       "tout à fait. Je vous souhaite une belle réussite dans votre nouveau poste.\n\nBien "
                       "cordialement,\nCamille Martin\n", "regret-lumiere@lumiere-analytics.fr",
                       in_reply_to="<me-decline@example.org>",
                       references=["<offer-lumiere@lumiere-analytics.fr>", "<me-decline@example.org>"])),
        ("INBOX", mail(30, 15, NORTHWIND, "Re: Offer: Analytics Engineer at Northwind Health",
                       "Hi Alex,\n\nFantastic news, welcome to the team! I have received your signed offer letter. "
                       "Our onboarding team will be in touch next week with your start details.\n\nWarm regards,\n"
                       "Rachel\n", "welcome-northwind@northwind-health.com", in_reply_to="<me-accept@example.org>",
                       references=["<offer-northwind@northwind-health.com>", "<me-accept@example.org>"])),
        ("INBOX", mail(31, 12, MISTRAL_HUMAN, "Votre candidature - Data Analyst",
                       "Bonjour Alex,\n\nMerci encore pour notre échange de lundi. Je reviens vers vous car, suite à "
                       "une réorganisation interne, le recrutement pour le poste de Data Analyst est suspendu "
                       "jusqu'à nouvel ordre. Je ne manquerai pas de vous recontacter si le poste est rouvert.\n\n"
                       "Bien cordialement,\nSophie Lefevre\nChargée de recrutement, Banque Mistral\n",
                       "hold-mistral@banque-mistral.fr", in_reply_to="<inv-mistral@banque-mistral.fr>",
                       references=["<inv-mistral@banque-mistral.fr>"])),
    ]


def week6() -> list[tuple[str, tuple[datetime, bytes]]]:
    """The user withdraws from Kestrel by email; Jonas confirms."""
    return [
        ("Sent", sent(35, 10, KESTREL, "Intrekken sollicitatie Backend Developer",
                      "Beste Jonas,\n\nIk heb inmiddels een andere baan aangenomen en trek daarom mijn sollicitatie "
                      "voor de functie Backend Developer in. Bedankt voor de moeite.\n\nMet vriendelijke groet,\n"
                      "Alex Doe\n", "me-withdraw@example.org")),
        ("INBOX", mail(36, 9, KESTREL, "Re: Intrekken sollicitatie Backend Developer",
                       "Hoi Alex,\n\nBedankt voor je bericht en gefeliciteerd met je nieuwe baan! Ik heb je "
                       "sollicitatie voor de functie Backend Developer ingetrokken en je gegevens uit ons systeem "
                       "verwijderd. Veel succes!\n\nGroeten,\nJonas Visser\n", "withdrawn-kestrel@kestrel-software.nl",
                       in_reply_to="<me-withdraw@example.org>", references=["<me-withdraw@example.org>"])),
    ]


def out_of_office(when: datetime, sender: str, subject: str, answers: str, back: str = "Monday 2 November") -> bytes:
    """An automatic reply to the user's email ``answers`` (its Message-ID), as a vacation responder writes it."""
    name, domain = sender.split(" <")[0], sender.split("@")[1].rstrip(">")
    msg = message_from_bytes(build_email(
        from_=sender, to=ME, subject=f"Automatic reply: {subject}", date=when, message_id=f"<ooo-{when:%d%H%M}@{domain}>",
        in_reply_to=answers, references=[answers],
        body=f"Hi,\n\nThank you for your email. I am out of the office until {back} with limited access "
             f"to email. For urgent questions about your application, please contact talent@{domain}.\n\n"
             f"Best regards,\n{name}\n"), policy=SMTP)
    msg["Auto-Submitted"] = "auto-replied"
    msg["X-Auto-Response-Suppress"] = "All"
    return msg.as_bytes()


def bounce(when: datetime, to: str, subject: str, answers: str, *, threaded: bool = False) -> bytes:
    """A mailer-daemon's delivery failure for the user's email ``answers`` sent to ``to`` (``threaded``: with
    In-Reply-To and References naming it, as some providers' bounces have)."""
    msg = message_from_bytes(build_email(
        from_="Mail Delivery Subsystem <mailer-daemon@example.org>", to=ME,
        subject="Undelivered Mail Returned to Sender", date=when, message_id=f"<bounce-{when:%d%H%M}@example.org>",
        in_reply_to=answers if threaded else None, references=[answers] if threaded else (),
        body=f"This is the mail system at host mx.example.org.\n\nI'm sorry to have to inform you that your message "
             f"could not be delivered to one or more recipients.\n\n<{to}>: host mx.kestrel-software.nl said: 550 "
             f"5.1.1 User unknown (in reply to RCPT TO command)\n\n--- Original message ---\nSubject: {subject}\n"
             f"Message-ID: {answers}\n"), policy=SMTP)
    msg["Auto-Submitted"] = "auto-replied"
    return msg.as_bytes()
