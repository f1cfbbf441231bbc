#!/usr/bin/env python3
"""Build Onward's training corpus (data/corpus/*.jsonl).

Everything here was written for the project; nothing is copied from any mail collection.

Two parts:
  * ``generated.jsonl`` - a seeded combinatorial generator: many phrasings per slot (openers, thanks
    lines, decision sentences, next steps, closings, signatures, legal footers, ATS senders ...).
  * ``handwritten.jsonl`` - free-form emails written one by one (see ``HANDWRITTEN`` at the bottom) so
    that the model does not only learn the generator's seams.

Deterministic: ``python data/build_corpus.py`` always writes byte-identical files (seed 20261125).
"""
from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

SEED = 20261125
OUT = Path(__file__).resolve().parent / "corpus"

# Number of generated emails per (label, lang).
COUNTS = {
    ("rejection", "en"): 560,
    ("acknowledgement", "en"): 520,
    ("interview", "en"): 300,
    ("offer", "en"): 140,
    ("other", "en"): 1150,
    ("rejection", "de"): 220,
    ("acknowledgement", "de"): 170,
    ("rejection", "fr"): 220,
    ("acknowledgement", "fr"): 170,
    ("rejection", "es"): 90,
    ("acknowledgement", "es"): 70,
    ("interview", "de"): 70,
    ("interview", "fr"): 70,
    ("interview", "es"): 25,
    ("other", "de"): 170,
    ("other", "fr"): 170,
    ("other", "es"): 60,
    ("offer", "de"): 40,
    ("offer", "fr"): 40,
    ("offer", "es"): 15,
}

OTHER_KINDS = []


def other_kind(fn):
    OTHER_KINDS.append(fn)
    return fn


# --------------------------------------------------------------------------------------------
# shared vocabulary
# --------------------------------------------------------------------------------------------
COMPANIES = [
    "Northwind Analytics", "Bluefin Robotics", "Calder & Finch", "Orchard Health", "Lumen Freight",
    "Pinecrest Bank", "Quillstone", "Harbor Light Media", "Vantage Point Labs", "Meridian Insurance Group",
    "Tidewater Energy", "Kestrel Systems", "Brightpath Learning", "Copperleaf Foods", "Ironbark Software",
    "Saltmarsh Studios", "Evergreen Logistics", "Nimbus Cloudworks", "Redwood Clinical", "Parallax Games",
    "Stonebridge Capital", "Fennel & Rye", "Atlas Civic Tech", "Granite Peak Outdoors", "Helix Biotech",
    "Juniper Payments", "Larkspur Retail", "Mosaic Health Partners", "Oakline Consulting", "Pebble Mobility",
    "Riverbend University", "Sundial Solar", "Trellis HR", "Umbra Security", "Waypoint Travel",
    "Yellowfin Data", "Zephyr Aerospace", "Acorn Childcare", "Beacon Hill Hospital", "Cobalt Fintech",
    "Driftwood Hotels", "Emberline", "Foxglove Pharma", "Gull Rock Marine", "Hollis Manufacturing",
    "Indigo Ventures", "Jetstream Airways", "Keystone Legal", "Lattice AI", "Marlow & Pike",
    "Nova Dental Group", "Opal Telecom", "Prism Design Co", "Quantum Leaf", "Rook Labs",
    "Silverline Transit", "Thornfield County", "Upland Water District", "Vireo Health", "Willow Creek Bakery",
    "Acme Widgets", "Sparrow Analytics", "Cedar & Stone Architects", "Blue Heron Nonprofit", "Circuit Works",
    "Datawell", "Everlane Finance", "Fjord Digital", "Glasshouse Agency", "Hearth Home Goods",
    "Kindred Care", "Lighthouse Insurance", "Mapleton Schools", "Northstar Robotics", "Orbit Commerce",
    "Plover Health", "Quarry Materials", "Ridgeview Medical", "Seaside Credit Union", "Tangent Research",
]
COMPANIES_INTL = [
    "Müller & Söhne GmbH", "Rheinwerk Digital", "Alpenblick Versicherung", "Brückner Logistik AG",
    "Hansa Energie", "Nordlicht Software", "Stadtwerke Lindenau", "Kiefer Technik", "Weber Consulting",
    "Société Lumière", "Groupe Marceau", "Atelier Rivage", "Banque du Littoral", "Vignes & Co",
    "Ecole Horizon", "Transports Garnier", "Cabinet Fabre", "Solaris Ibérica", "Grupo Alameda",
    "Farmacias Sol", "Hotel Las Dunas", "Construcciones Vega", "Innova Datos", "Banco Ribera",
]
ROLES = [
    "Data Analyst", "Senior Software Engineer", "Backend Engineer (Python)", "Frontend Developer",
    "Product Manager", "UX Designer", "Marketing Coordinator", "Financial Analyst", "Account Executive",
    "Customer Success Manager", "DevOps Engineer", "Machine Learning Engineer", "Business Analyst",
    "Registered Nurse", "Operations Associate", "HR Generalist", "Technical Writer", "QA Engineer",
    "Site Reliability Engineer", "Data Scientist", "Project Coordinator", "Sales Development Representative",
    "Research Assistant", "Graphic Designer", "Supply Chain Analyst", "Junior Accountant",
    "Platform Engineer, Infrastructure", "Staff Engineer - Payments", "Content Strategist",
    "Associate Product Designer", "Office Manager", "Clinical Research Coordinator", "Security Analyst",
    "Mobile Engineer (iOS)", "Engineering Manager", "Summer Intern - Analytics", "Paralegal",
    "Teacher, Grade 5", "Logistics Planner", "Solutions Architect", "Bookkeeper", "IT Support Specialist",
    "Full Stack Developer", "Program Manager", "Copywriter", "Store Manager", "Embedded Software Engineer",
]
ROLES_INTL = {
    "de": ["Softwareentwickler (m/w/d)", "Datenanalyst (w/m/d)", "Werkstudent Marketing (m/w/d)",
           "Projektmanager (m/w/d)", "Sachbearbeiter Buchhaltung (m/w/d)", "IT-Administrator (m/w/d)",
           "Data Scientist (m/w/d)", "Junior Controller (w/m/d)", "Backend Developer (m/w/d)",
           "Personalreferent (m/w/d)", "Vertriebsmitarbeiter Innendienst (m/w/d)"],
    "fr": ["Développeur Python (H/F)", "Chargé de communication (H/F)", "Analyste de données (F/H)",
           "Chef de projet digital (H/F)", "Comptable (H/F)", "Stage - Assistant marketing (H/F)",
           "Ingénieur DevOps (H/F)", "Responsable RH (F/H)", "Data Scientist (H/F)", "Commercial sédentaire (H/F)"],
    "es": ["Analista de datos", "Desarrollador/a Backend", "Técnico/a de soporte", "Responsable de marketing",
           "Contable", "Ingeniero/a de software", "Prácticas en recursos humanos", "Jefe/a de proyecto"],
}
FIRST = ["Alex", "Jordan", "Priya", "Sam", "Taylor", "Maria", "Chen", "Fatima", "Liam", "Noah", "Emma",
         "Olivia", "Diego", "Aisha", "Kenji", "Sofia", "Lucas", "Hannah", "Omar", "Grace", "Ravi", "Julia",
         "Mateo", "Zoe", "Ben", "Ines", "Tomasz", "Nora", "Elif", "Marcus"]
LAST = ["Rivera", "Nguyen", "Patel", "Kowalski", "Okafor", "Schmidt", "Dubois", "Garcia", "Kim", "Larsen",
        "Brennan", "Moreau", "Haddad", "Fischer", "Costa", "Yamamoto", "Silva", "Walsh", "Novak", "Adeyemi"]
RECRUITERS = ["Dana Whitfield", "Marco Bellini", "Sarah Lindqvist", "Tom Okonkwo", "Rachel Ng", "Peter Hale",
              "Lena Vogt", "Camille Roux", "Javier Ortega", "Megan O'Connell", "Hiro Tanaka", "Ayesha Khan",
              "Chris Delaney", "Beatriz Lopes", "Felix Brandt", "Claire Martin", "Nina Petrova", "Owen Price"]
RTITLES = ["Talent Acquisition Partner", "Technical Recruiter", "Senior Recruiter", "Recruiting Coordinator",
           "Head of People", "HR Manager", "Talent Partner", "People Operations", "Hiring Manager",
           "Recruitment Consultant", "University Recruiter", "VP Engineering", "Co-founder & CTO"]
TEAMS = ["Data", "Platform", "Growth", "Finance", "Design", "Customer Experience", "Engineering",
         "Marketing", "Operations", "Research", "Mobile", "Security"]
SKILLS = ["Kubernetes", "financial modelling", "B2B sales", "React", "clinical trials", "Spark", "SQL",
          "stakeholder management", "people leadership", "Go", "healthcare billing", "Figma"]
CITIES = ["Austin, TX", "Denver, CO", "Remote", "New York, NY", "Seattle, WA", "Chicago, IL", "Boston, MA",
          "Toronto, ON", "London", "Dublin", "Berlin", "San Diego, CA", "Atlanta, GA", "Raleigh, NC"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


class Gen:
    def __init__(self, seed: int):
        self.r = random.Random(seed)

    def pick(self, xs):
        return self.r.choice(xs)

    def maybe(self, p: float, x: str) -> str:
        return x if self.r.random() < p else ""

    def ctx(self, lang: str = "en") -> dict:
        r = self.r
        company = self.pick(COMPANIES if lang == "en" or r.random() < 0.3 else COMPANIES_INTL)
        slug = re.sub(r"[^a-z0-9]", "", company.lower().split()[0].replace("ü", "u").replace("é", "e"))[:14]
        role = self.pick(ROLES if lang == "en" else ROLES_INTL[lang] + ROLES[:6])
        first, last = self.pick(FIRST), self.pick(LAST)
        month = self.pick(MONTHS)
        hour = r.choice([9, 10, 11, 13, 14, 15, 16])
        c = dict(
            company=company, slug=slug, role=role, first=first, last=last,
            recruiter=self.pick(RECRUITERS), rtitle=self.pick(RTITLES), team=self.pick(TEAMS),
            skill=self.pick(SKILLS), city=self.pick(CITIES), weekday=self.pick(WEEKDAYS),
            int1=self.pick(RECRUITERS).split()[0], int2=self.pick(FIRST),
            date=f"{month} {r.randint(1, 28)}, 20{r.choice([24, 25, 26])}",
            date_eu=f"{r.randint(1, 28):02d}.{r.randint(1, 12):02d}.20{r.choice([24, 25, 26])}",
            time=f"{hour if hour <= 12 else hour - 12}:{r.choice(['00', '30', '15', '45'])} {'AM' if hour < 12 else 'PM'}",
            time24=f"{hour}:{r.choice(['00', '30'])}",
            ref=self.pick(["R", "JR", "REQ-", "", "ID "]) + str(r.randint(1000, 999999)),
            url=f"https://{self.pick(['careers.', 'jobs.', 'www.'])}{slug}.{self.pick(['com', 'io', 'co', 'org', 'de', 'fr'])}/{self.pick(['jobs', 'careers', 'apply', 'status', 'en-US/portal'])}",
            salary=f"${r.randint(55, 210)},{r.choice(['000', '500'])}",
            salary_eu=f"{r.randint(42, 95)}.000 €",
            minutes=self.pick(["30", "45", "60", "20"]),
            days=self.pick(["three", "five", "7", "two", "ten"]),
            weeks=self.pick(["two", "three", "four", "6", "2-3"]),
            company2=self.pick(COMPANIES), role2=self.pick(ROLES), company3=self.pick(COMPANIES),
            role3=self.pick(ROLES), city2=self.pick(CITIES), n=str(r.randint(2, 40)),
            amount=f"{r.randint(5, 240)}.{r.randint(0, 99):02d}",
            order=str(r.randint(100000, 9999999)),
        )
        c["mgr"] = self.pick(RECRUITERS)
        return c

    def sender(self, c: dict, vendor: str | None = None) -> tuple[str, str]:
        """Returns (from header, vendor)."""
        vendor = vendor or self.pick(["greenhouse", "lever", "workday", "ashby", "smartrecruiters", "icims",
                                      "taleo", "direct", "direct", "direct", "person", "person", "none"])
        co, slug = c["company"], c["slug"]
        opts = {
            "greenhouse": [f"{co} <no-reply@greenhouse.io>", f"{co} Recruiting <no-reply@us.greenhouse-mail.io>",
                           "no-reply@greenhouse.io", f"{c['recruiter']} <no-reply@greenhouse.io>"],
            "lever": [f"{co} <no-reply@hire.lever.co>", f"{c['recruiter']} <notifications@hire.lever.co>",
                      "no-reply@hire.lever.co"],
            "workday": [f"{co} <{slug}@myworkday.com>", f"{slug}@myworkday.com",
                        f"{co} Careers <workday@{slug}.com>", f"HR {co} Workday <{slug}@myworkday.com>"],
            "ashby": [f"{co} Hiring Team <no-reply@ashbyhq.com>", f"{c['recruiter']} <{slug}@ashbyhq.com>",
                      "no-reply@ashbyhq.com"],
            "smartrecruiters": [f"{co} <notifications@smartrecruiters.com>", "notifications@smartrecruiters.com",
                                f"{c['recruiter']} <{slug}@smartrecruiters.com>"],
            "icims": [f"{co} Careers <{slug}@talent.icims.com>", f"no-reply@{slug}.icims.com",
                      f"{co} Talent Acquisition <careers-{slug}@icims.com>"],
            "taleo": [f"{co} <{slug}@taleo.net>", f"do-not-reply@{slug}.taleo.net", f"{co} Recruiting <noreply@taleo.net>"],
            "direct": [f"{co} Careers <careers@{slug}.com>", f"jobs@{slug}.com", f"{co} Talent <talent@{slug}.io>",
                       f"recruiting@{slug}.com", f"{co} HR <hr@{slug}.com>", f"no-reply@{slug}.com",
                       f"{co} People Team <people@{slug}.co>", f"donotreply@{slug}.org"],
            "person": [f"{c['recruiter']} <{c['recruiter'].split()[0].lower()}@{slug}.com>",
                       f"{c['recruiter']} <{c['recruiter'].lower().replace(' ', '.').replace(chr(39), '')}@{slug}.com>",
                       f"\"{c['recruiter']}\" <{c['recruiter'].split()[0][0].lower()}{c['recruiter'].split()[-1].lower().replace(chr(39), '')}@{slug}.io>"],
            "linkedin": ["LinkedIn <jobs-noreply@linkedin.com>", "LinkedIn Job Alerts <jobalerts-noreply@linkedin.com>",
                         "jobs-noreply@linkedin.com"],
            "indeed": ["Indeed <donotreply@indeed.com>", "Indeed Apply <indeedapply@indeed.com>", "alert@indeed.com"],
            "none": [""],
        }
        return self.pick(opts[vendor]), vendor

    def footer(self, c: dict, vendor: str, lang: str = "en") -> str:
        parts = []
        vend = {
            "greenhouse": ["Powered by Greenhouse", "Sent via Greenhouse Recruiting", ""],
            "lever": ["Sent with Lever", "This email was sent via Lever on behalf of {company}.", ""],
            "workday": ["Powered by Workday", "Log in to Candidate Home to view your applications: {url}", ""],
            "ashby": ["Sent with Ashby", "Powered by Ashby", ""],
            "smartrecruiters": ["This email was sent by SmartRecruiters on behalf of {company}.",
                                "Powered by SmartRecruiters | Privacy Policy", ""],
            "icims": ["Powered by iCIMS", "Please do not reply to this email - this account is not monitored.", ""],
            "taleo": ["This message was generated by Taleo. Please do not reply.", "Oracle Taleo", ""],
        }
        if vendor in vend:
            parts.append(self.pick(vend[vendor]))
        generic_en = [
            "This is an automated message. Please do not reply to this email.",
            "Please do not reply to this message; this mailbox is not monitored.",
            "{company} is an equal opportunity employer. All qualified applicants will receive consideration for "
            "employment without regard to race, color, religion, sex, sexual orientation, gender identity, national "
            "origin, disability, or protected veteran status.",
            "Unsubscribe | Manage email preferences | Privacy Policy",
            "To stop receiving these emails, click here: https://email.{slug}.com/unsub?u={order}",
            "CONFIDENTIALITY NOTICE: This e-mail message, including any attachments, is for the sole use of the "
            "intended recipient(s) and may contain confidential information. Any unauthorized review, use or "
            "distribution is prohibited.",
            "\u00a9 2026 {company}. All rights reserved. {n} Market Street, Suite 400",
            "You are receiving this email because you created a candidate account with {company}.",
            "Read our candidate privacy notice at {url}/privacy",
            "[image: {company} logo]",
            "View this email in your browser",
            "Follow us on LinkedIn | Instagram | X",
            "Sent from my iPhone",
            "{company} | {n} Harbor Road | {city}",
            "If you no longer wish to receive messages like this, update your notification settings.",
            "We process personal data in line with our privacy policy. You can ask us to delete your data at any time.",
        ]
        generic_intl = {
            "de": ["Bitte antworten Sie nicht auf diese automatisch generierte E-Mail.",
                   "Informationen zum Datenschutz finden Sie unter {url}/datenschutz",
                   "{company} | Sitz der Gesellschaft: Hamburg | Amtsgericht Hamburg HRB {order} | Geschäftsführer: {recruiter}",
                   "Diese E-Mail kann vertrauliche Informationen enthalten. Wenn Sie nicht der richtige Adressat sind, informieren Sie bitte sofort den Absender.",
                   "Abmelden | Impressum | Datenschutz"],
            "fr": ["Ceci est un message automatique, merci de ne pas y répondre.",
                   "Conformément au RGPD, vous disposez d'un droit d'accès et de rectification de vos données.",
                   "{company} - SAS au capital de 50 000 € - RCS Lyon {order}",
                   "Se désinscrire | Politique de confidentialité",
                   "Ce message et ses pièces jointes sont confidentiels et destinés exclusivement à leur destinataire."],
            "es": ["Este es un mensaje automático, por favor no responda.",
                   "Sus datos serán tratados conforme a nuestra política de privacidad: {url}/privacidad",
                   "Este correo electrónico y sus anexos son confidenciales.",
                   "Darse de baja | Aviso legal"],
        }
        pool = generic_en if lang == "en" else generic_intl[lang] + generic_en[:2]
        for _ in range(self.r.choice([0, 0, 1, 1, 2, 3])):
            parts.append(self.pick(pool))
        return "\n".join(p for p in parts if p)

    def dress(self, text: str) -> str:
        """Cosmetic noise that real mail has: html leftovers, odd whitespace, casing."""
        r = self.r
        x = r.random()
        if x < 0.06:
            text = text.replace("\n\n", "<br><br>\n").replace("\n", "<br>\n")
        elif x < 0.10:
            text = text.replace("\n\n", "\n&nbsp;\n")
        elif x < 0.14:
            text = re.sub(r"\n+", " ", text)
        elif x < 0.18:
            text = text.replace("\n", "\r\n")
        elif x < 0.21:
            text = "\n".join("   " + ln for ln in text.split("\n"))
        elif x < 0.23:
            text = text.replace("'", "\u2019").replace(" - ", " \u2013 ")
        if r.random() < 0.03:
            text = text.upper()
        elif r.random() < 0.03:
            text = text.lower()
        if r.random() < 0.05:
            text = text.replace(" ", "  ", r.randint(1, 6))
        if r.random() < 0.04:
            text = text.replace("&", "&amp;")
        return text


def join(g: Gen, parts: list[str]) -> str:
    parts = [p for p in parts if p and p.strip()]
    sep = g.pick(["\n\n", "\n\n", "\n", "\n\n"])
    return sep.join(parts)


def cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def fmt(s: str, c: dict) -> str:
    return s.format(**c)


# --------------------------------------------------------------------------------------------
# English pools
# --------------------------------------------------------------------------------------------
GREET = ["Dear {first},", "Hi {first},", "Hello {first},", "Dear {first} {last},", "Dear Candidate,",
         "Dear Applicant,", "{first},", "Hi {first}!", "Good afternoon {first},", "", "", "Hi there,",
         "Dear Mx. {last},", "Hello,", "Dear {first} {last}:", "Hey {first},"]
CLOSE = ["Best regards,", "Kind regards,", "Sincerely,", "Best,", "Cheers,", "Thanks,", "Warm regards,",
         "Regards,", "All the best,", "Respectfully,", "Thank you,", "Many thanks,", ""]
SIG = ["{recruiter}\n{rtitle}\n{company}", "The {company} Recruiting Team", "{company} Talent Acquisition",
       "{company} People Team", "Talent Team @ {company}", "{recruiter} | {rtitle} | {company}", "Hiring Team",
       "{recruiter}", "{recruiter}\n{rtitle}", "Recruiting at {company}", "The {team} team at {company}",
       "{company} HR", "{recruiter}\n{company} | {city}\n+1 555 {n}0 {order}"]

REJ_THANKS = [
    "Thank you for your interest in the {role} position at {company}.",
    "Thanks for applying to {company} and for your interest in the {role} role.",
    "We appreciate you taking the time to apply for the {role} opening with us.",
    "Thank you for considering {company} as the next step in your career.",
    "Thanks so much for your application for {role}.",
    "We are grateful that you thought of {company} for your next move.",
    "I wanted to personally thank you for applying to {company}.",
    "Thank you for your application (ref. {ref}) for the position of {role}.",
    "Many thanks for your interest in joining the {team} team.",
    "Thank you for submitting your application for the {role} role. We know it takes effort to put an application together.",
    "We appreciate the time and care you put into your application for {role} ({ref}).",
    "Thank you for giving us the opportunity to consider you for employment.",
    "Thanks for reaching out about the {role} opportunity and for sharing your background with us.",
    "We truly appreciate your interest in {company} and in the {role} position.",
    "Thank you for your recent application to {company}.",
    "",
]
REJ_THANKS_INTERVIEW = [
    "Thank you for taking the time to speak with {int1} and {int2} about the {role} position.",
    "Thanks again for meeting with our team last {weekday}. We really enjoyed learning about your background.",
    "It was a pleasure getting to know you during the interview process for {role}.",
    "Thank you for completing the technical interview with {int1} and for the effort you put into the take-home exercise.",
    "I appreciate all the time you spent with us over the past few weeks, including the onsite with {int1}, {int2} and the {team} team.",
    "Thank you for interviewing with us for the {role} role. Everyone who met you appreciated the conversation.",
    "Thanks for your patience while we wrapped up final interviews for the {role} position.",
    "We wanted to follow up after your conversation with {int1} on {weekday}.",
    "Thank you for your time on the phone screen last week and for your interest in {company}.",
]
REJ_CONTEXT = [
    "We received a large number of applications for this role and the decision was a difficult one.",
    "Our team has carefully reviewed your background and experience.",
    "We had an exceptionally strong pool of candidates this time.",
    "We have now completed our review of all applications.",
    "Competition for this opening was very strong.",
    "We reviewed your resume against the requirements of the role.",
    "The hiring team met this week to discuss the candidates.",
    "We've taken the time to review your application in detail.",
    "", "", "",
]
REJ_PREFIX = ["After careful consideration, ", "After reviewing your application, ",
              "Having reviewed your profile in detail, ", "Following a thorough review, ", "At this time, ",
              "Unfortunately, ", "Unfortunately, ", "Regrettably, ", "Sadly, ", "We regret to inform you that ",
              "We are sorry to let you know that ", "I'm sorry to say that ", "After much deliberation, ",
              "We wanted to let you know that ", "While we were impressed with your qualifications, ",
              "After careful review, ", "On this occasion, ", "", "", "", ""]
REJ_DECISION = [
    "we have decided to pursue other candidates whose experience more closely aligns with the needs of the role.",
    "we will not be moving forward with your application.",
    "we have decided not to move forward with your candidacy at this time.",
    "the position has been filled.",
    "we have decided to move forward with other applicants.",
    "your application was not selected for further consideration.",
    "we will not be proceeding with your application.",
    "you have not been selected for this position.",
    "we are unable to offer you a position at this time.",
    "we have chosen to proceed with another candidate.",
    "we have extended an offer to another candidate, who has accepted it.",
    "the position has been put on hold and we are closing all open applications.",
    "the role has been closed and we will not be hiring for it in the near future.",
    "we are not able to consider your application further because we cannot sponsor a work visa for this role.",
    "you are no longer under consideration for this role.",
    "we don't think this is the right fit right now.",
    "we have decided to go in a different direction for this role.",
    "we won't be progressing your application to the next stage.",
    "we are unable to take your application any further.",
    "your profile does not match what we are looking for at the moment.",
    "we've filled the role internally.",
    "the hiring team has selected a candidate whose background is a closer match.",
    "we're going to pass on your application for now.",
    "we are not in a position to offer you the role.",
    "we have decided not to continue with your application.",
    "this opening has been cancelled due to changes in our hiring plans.",
    "the requisition has been closed.",
    "we will not be inviting you to the next round of interviews.",
    "we have concluded that other candidates better meet the requirements of the position.",
    "your skills and experience are not the right match for this particular position.",
    "we are moving ahead with candidates whose qualifications more closely fit our current needs.",
    "we did not select you for the role.",
    "you were not successful on this occasion.",
    "we have decided not to extend an offer.",
    "we've decided to keep looking for someone with deeper experience in {skill}.",
    "the team has decided to hire someone else.",
    "the position is no longer available.",
    "we are no longer recruiting for this position.",
    "we cannot offer you employment at this time.",
    "your application has been declined.",
    "we have decided to hire another candidate.",
    "our hiring needs have changed and we have closed the search.",
    "you have not been shortlisted for this role.",
    "we have selected someone else for the position.",
    "we will be pursuing other candidates for this position.",
    "we've decided that we won't be moving you forward in our process.",
    "the status of your application has been updated to Not Selected.",
    "we have decided that your profile isn't the best fit for the role.",
    "we will not be able to move you forward to the interview stage.",
    "we feel other applicants are better suited to the role.",
    "we have offered the position to a candidate whose experience is a stronger fit.",
    "your candidacy will not be moving forward.",
    "we are not able to offer you an interview.",
    "we were not able to select you for this opportunity.",
    "the role has been filled by an internal candidate.",
    "we can't move ahead with your application as the position requires existing work authorization and we cannot sponsor visas.",
    "we will not be taking your application further.",
    "the hiring manager has decided not to proceed with your application.",
    "we have decided to close this position without hiring.",
    "the team felt that your experience was not quite aligned with what they need.",
    "we are closing your application for this role.",
    "this position has been placed on hold indefinitely.",
    "we decided to move on with other candidates who more closely match our needs.",
    "we are unable to consider your application for this position.",
    "because so many people applied, we can't take your application any further.",
    "your application has not progressed to the next stage.",
    "we will not be scheduling an interview.",
    "the position you applied for has been filled.",
    "it is not possible for us to continue with your application.",
    "we have now filled the vacancy.",
    "we don't have a role that matches your profile right now, so we're closing your application.",
    "we have decided to not move ahead with your application.",
    "you have not been successful in progressing to interview.",
    "we will not be offering you the position.",
    "we're moving forward with someone whose experience is a closer match.",
    "this position is not eligible for visa sponsorship, so we are unable to consider your application.",
    "we have selected other candidates for further consideration.",
    "you have not been selected for further consideration.",
    "the position you applied for has been filled; please keep checking our site for future openings.",
    "we've decided to focus on candidates with more direct experience.",
    "we have decided to close your application for this role.",
]
REJ_SOFTEN = [
    "This decision is not a reflection of your abilities.",
    "The decision was not easy, and it is no reflection on your talent.",
    "We wanted to let you know as soon as possible so that you can focus on other opportunities.",
    "Please know that we had many qualified applicants.",
    "We know this is not the news you were hoping for.",
    "We were impressed by your background and appreciated learning about your work on {skill}.",
    "It was a close call and the team enjoyed speaking with you.",
    "We understand this may be disappointing.",
    "", "", "",
]
REJ_FUTURE = [
    "We will keep your resume on file and may reach out if a suitable opening arises.",
    "We encourage you to apply for future openings that match your skills.",
    "Feel free to keep an eye on our careers page at {url} for new roles.",
    "With your permission, your details will remain in our talent pool for 12 months.",
    "We'd love to stay in touch for future roles.",
    "You are welcome to apply again in six months.",
    "Please don't let this discourage you from applying to other roles at {company}.",
    "If you'd like brief feedback, just reply to this email.",
    "", "", "",
]
REJ_WISH = [
    "We wish you the best of luck in your job search.",
    "Best of luck with your search and your future endeavors.",
    "We wish you every success in your career.",
    "Thanks again for your interest, and good luck!",
    "We hope our paths cross again.",
    "Thank you again for your time and interest in {company}.",
    "We wish you all the best in your professional pursuits.",
    "Good luck with everything ahead.",
    "",
]
REJ_SUBJ = [
    "Your application to {company}", "Update on your application", "{role} at {company}",
    "Regarding your application for {role}", "Thank you for your interest in {company}",
    "Your {company} application", "Application status update", "{company} - {role} ({ref})",
    "Update regarding your candidacy", "Following up on your interview", "Re: {role}", "",
    "Thank you from {company}", "Your application for {role} at {company}", "{role} - application update",
    "Important information about your application", "An update from {company} Recruiting",
    "Thanks for applying to {company}", "Your candidacy for {role}",
]

ACK_OPEN = [
    "Thank you for applying to the {role} position at {company}!",
    "We have received your application for {role}.",
    "Thanks for your interest in {company}! This email confirms that we've received your application for the {role} role.",
    "Your application for {role} ({ref}) has been successfully submitted.",
    "Thank you for submitting your application. We are excited that you are interested in joining {company}.",
    "We're writing to confirm receipt of your application for {role}.",
    "Great news - your application to {company} is in!",
    "Thanks for applying! We've got your application for {role}.",
    "Thank you for your application for the role of {role}. It has been received and will be reviewed shortly.",
    "This message confirms that your application was received on {date}.",
    "Thank you for taking the time to apply for an opportunity with {company}.",
    "We appreciate your interest in {company} and the {role} position.",
    "Thanks for sharing your experience with us - your application for {role} has reached our team.",
    "Your application has been received. Thank you for considering a career with {company}.",
    "Hooray, your application for {role} has landed in our inbox!",
    "Thank you for your interest in career opportunities at {company}. We have successfully received your submission.",
    "Application received: {role}",
    "Got it - thanks for applying for {role}!",
    "Thank you for your interest in {company}. We appreciate you taking the time to apply for the following position: {role} ({ref}).",
    "Thanks for applying for a career at {company}! You have applied for the {role} position, and your application is now in our system.",
    "We're glad you're interested in {company}. Your resume for the {role} position has been forwarded to the recruiter responsible for the role.",
    "Thank you for your spontaneous application. We have added your profile to our system and will compare it against our current openings.",
    "Your application for the following position has been received: {role}, {city}.",
    "Thank you for your interest in the {role} position. This note confirms that your materials have reached us.",
    "We appreciate the time you spent on your application for {role} and look forward to reading it.",
    "Just a quick note to say your application made it to us.",
    "Your CV for {role} arrived safely, thanks!",
]
ACK_REVIEW = [
    "Our recruiting team is currently reviewing applications and will be in touch if your experience matches our needs.",
    "A member of our talent team will review your qualifications.",
    "We carefully review every application we receive.",
    "The hiring team will review your application over the next {weeks} weeks.",
    "We are reviewing your qualifications and experience and will be in touch soon.",
    "Your application is now under review.",
    "We will review your application and get back to you as soon as we can.",
    "Every application is read by a real person on our team.",
    "Our team is looking over your materials now.",
    "", "",
]
ACK_NEXT = [
    "If your qualifications match the requirements of the position, we will contact you to discuss next steps. Otherwise, we will keep your resume on file for future openings.",
    "If you are selected for an interview, a recruiter will reach out to you. If you are not selected, we will notify you by email.",
    "Should your background be a match, we'll be in touch to arrange an interview.",
    "Due to the high volume of applications, we are unable to respond to every applicant individually. If you do not hear from us within {weeks} weeks, please assume that we have decided to move forward with other candidates.",
    "If we decide to move forward with your application, we will contact you. If not, we will let you know once the position has been filled.",
    "Unfortunately, due to the volume of applications we receive, we can only contact shortlisted candidates.",
    "Whether or not you are selected, we will let you know the outcome of your application.",
    "If there is a match, a recruiter will contact you to discuss the next steps. If there isn't, we'll let you know by email.",
    "If your profile is not selected for this role, we may still consider you for other positions that match your experience.",
    "Please note that if you are not selected for this position, your application will remain in our database and we may contact you for future opportunities.",
    "We aim to respond to all applicants within {weeks} weeks. If you are unsuccessful, you will receive an email from us.",
    "Only candidates selected for interviews will be contacted.",
    "If we don't think there is a match right now, we'll let you know - we never leave candidates guessing.",
    "If your experience isn't the right fit for this role, we will keep your information on file and reach out when something more suitable opens up.",
    "Please note that we are not able to sponsor visas for this position.",
    "We'll email you as soon as there is an update on your application.",
    "If you are shortlisted, you can expect to hear from us within {days} business days.",
    "You'll hear back from us either way - we reply to every applicant.",
    "At this point your skills and qualifications are being reviewed. If you are selected to move forward, you will be contacted. Either way, we wish you all the best.",
    "Once we've had a chance to review your application carefully, we'll be in touch.",
    "If your experience is a fit, a recruiter will reach out. If not, we may keep your details for other positions with the team.",
    "Not every application leads to an interview, but every application gets read.",
    "If we do not have a suitable position for you at the moment, we will let you know.",
    "We will be in touch regardless of the outcome.",
    "If you're selected to continue, we'll contact you; either way, we wish you the very best.",
    "Whatever the result, you will receive an update from us by email.",
    "", "",
]
ACK_WARM = [
    "At {company}, we believe great work happens when people feel they belong. We're building a team that reflects the communities we serve, and we're glad you want to be part of it.",
    "Job hunting is hard work, and we don't take it lightly that you chose to spend some of that effort on us.",
    "Searching for the right role takes energy. We'll do our best to keep you informed and respect your time.",
    "Our mission is to make {team} simpler for everyone, and people like you make that possible.",
    "We wish you the best of luck in your job search, and we're looking forward to reviewing your background.",
    "Here's what happens next in our hiring process: a recruiter reviews your background, then we may invite you to an introductory call, followed by interviews with the team.",
    "We encourage you to explore our other open roles and to follow us on social media for news about life at {company}.",
    "Did you know? {company} was named one of the best places to work in {city} for the third year in a row.",
    "We're committed to giving every applicant a fair and thoughtful review.",
    "Please check your spam folder from time to time so you don't miss updates from our recruiting team.",
    "", "", "", "",
]
ACK_PORTAL = [
    "In the meantime, you can check the status of your application at any time by logging in to your candidate portal: {url}",
    "You can review your submission and track its status in Candidate Home.",
    "If you have any questions, please reply to this email.",
    "To update your contact details or withdraw your application, visit {url}.",
    "While you wait, learn more about life at {company} on our blog.",
    "You can view all of your applications in your candidate profile.",
    "Please make sure to add {slug}.com to your safe senders list so our emails don't go to spam.",
    "", "", "",
]
ACK_SUBJ = [
    "Thank you for applying to {company}", "Application received", "We received your application",
    "Your application for {role}", "{company} - application confirmation", "Thanks for your application!",
    "Application confirmation: {role} ({ref})", "{first}, thank you for applying!",
    "Your application has been submitted", "Thank you for your interest in {company}",
    "Confirmation of your application", "We've got your application", "", "Re: {role}",
    "Thank you for applying for {role} at {company}", "Application Received - {role}",
]

INT_BODY = [
    "We were impressed with your background and would like to invite you to a {minutes}-minute phone interview for the {role} position. Please use the link below to pick a time that works for you:\nhttps://calendly.com/{slug}-recruiting/{minutes}min",
    "Thanks for applying to {company}! The hiring team reviewed your application and we'd love to set up an initial conversation with {int1}. Are you available {weekday} at {time} or the following morning?",
    "I'm reaching out to schedule your onsite interview for the {role} role. The loop will include four conversations of about 45 minutes each with {int1}, {int2}, and members of the {team} team. Please share your availability for next week.",
    "As the next step in our process, we'd like you to complete a take-home assessment. You will receive a link from HackerRank shortly; you have {days} days to complete it and it should take about 2-3 hours.",
    "Your interview has been confirmed.\n\nRole: {role}\nDate: {weekday}, {date}\nTime: {time} (Eastern)\nFormat: Video call (Google Meet)\nInterviewers: {int1}, {int2}",
    "Invitation: {role} interview with {int1} @ {weekday} {date} {time} - {time}\nJoin Zoom Meeting: https://zoom.us/j/{order}\nMeeting ID: {order}\nYou are receiving this invitation because you are an attendee of this event.",
    "We enjoyed our first conversation and would like to move you forward to the technical round. This will be a {minutes}-minute pair-programming session with {int1}. Please book a slot here: https://app.ashbyhq.com/schedule/{order}",
    "Thank you for your interest in the {role} position. While we are not moving forward with your application for this role, the team was impressed and would like to interview you for a related opening as {role2}. Would you be open to a call this week?",
    "We've decided not to proceed with your application for {role}; however, our {team} team has an opening as {role2} that fits your background better, and the hiring manager would like to meet you. Can you share your availability?",
    "The {role} position has been filled, but we think you'd be a strong candidate for our {role2} opening. Would you like to interview for that instead? I can set up a call with {int1}.",
    "Unfortunately the {role} role was closed last week. The good news: {int1} saw your profile and wants to talk to you about a {role2} position. Are you free {weekday}?",
    "You weren't selected for {role}, but we'd like to invite you to interview for {role2}, which we think is a closer match. Please pick a slot using the link below.",
    "Just a reminder that your interview with {company} is tomorrow at {time}. The video link is in the calendar invite. Reply to this email if you need to reschedule.",
    "Congratulations - you've been selected to move to the next stage! Please complete the Codility coding challenge within {days} days: https://app.codility.com/test/{order}",
    "Hi {first}, {int1} here, hiring manager for the {team} team. I read your application and would love to chat. Do you have 30 minutes on {weekday}? Happy to work around your schedule.",
    "We'd like to invite you to a final-round interview at our {city} office on {date}. Please bring a photo ID; we will reimburse travel expenses. An agenda will follow.",
    "Your interview for {role} has been rescheduled to {weekday}, {date} at {time}. Please accept the updated calendar invite.",
    "We would like to invite you to the assessment centre for the {role} programme. The day includes a case study, a group exercise and a short presentation.",
    "Please complete the short video interview on HireVue by {date}. It contains five questions and takes about 20 minutes.",
    "Thanks for completing the assessment - great work! We'd like to schedule a 60-minute system design interview. Please select a time using the scheduling link.",
    "Following your recent application, we would like to arrange a short screening call to learn more about you and tell you about the role. When would suit you?",
    "Accepted: Interview - {role} ({first} {last}) on {weekday} {date} {time}",
    "The team would love to meet you in person! Could you come in for a two-hour working session on {weekday}? You'll meet {int1} and {int2} and work through a small design problem with them.",
    "Please find attached the case study for your second-round interview. We'll ask you to present your findings to the panel for 20 minutes, followed by Q&A.",
]
INT_SUBJ = [
    "Interview invitation - {role}", "Next steps with {company}", "Let's schedule a call", "{company} interview",
    "Interview confirmation: {role}", "Invitation: Interview with {int1}", "Your {company} coding challenge",
    "Phone screen for {role}", "Re: your application for {role}", "Reminder: interview tomorrow",
    "Updated invitation: Interview - {role}", "Take-home assignment", "Availability for a chat?",
    "Final round interview at {company}", "", "Next step: technical assessment",
]
OFF_BODY = [
    "On behalf of {company}, I am delighted to offer you the position of {role}. Your starting salary will be {salary} per year, and you will be eligible for our annual bonus and equity programme. Please find your offer letter attached.",
    "Congratulations! Following our call today, I'm happy to confirm our verbal offer in writing. The formal offer letter will arrive via DocuSign within the next day. Please let me know if you have any questions about the compensation package.",
    "We are thrilled to extend you an offer to join the {team} team as {role}. The attached letter outlines your base salary of {salary}, a sign-on bonus, benefits, and a proposed start date of {date}.",
    "Please review and sign your offer letter by {date}. You can access the document through the secure link below. Once signed, our onboarding team will reach out with next steps and your background check.",
    "I'm so pleased to let you know that the team would like to offer you the role! I'll call you this afternoon to walk you through the details - salary, equity, and start date.",
    "Here are the compensation details we discussed: base salary {salary}, 10% target bonus, 4,000 RSUs vesting over four years, and 25 days of paid time off. The offer is valid until {date}.",
    "Welcome aboard! Your signed offer has been received. Your first day will be {weekday}, {date}. Please bring identification for your I-9 paperwork.",
    "Following your successful interviews, we are pleased to make you a conditional offer of employment for the position of {role}, subject to satisfactory references.",
    "We've updated your offer based on our conversation: the base salary is now {salary} and the start date has moved to {date}. An updated letter is attached for your signature.",
    "Congratulations on your offer from {company}! To complete your pre-employment check, please fill in the background screening form within {days} days.",
]
OFF_SUBJ = ["Offer of employment - {role}", "Your offer from {company}", "Congratulations!", "Offer letter",
            "{company} offer - please review and sign", "Following up on our call", "Compensation details",
            "Welcome to {company}!", "Updated offer letter", "Your offer is ready to sign", ""]


REJ_CASUAL = [
    "Thanks for chatting with us last week. I'll be honest - we've gone with another person who has a bit more experience with {skill}.",
    "Just wanted to close the loop: we ended up hiring someone else for the {role} spot.",
    "Bad news, I'm afraid. The team picked a different candidate for the role, and it was a tough call.",
    "I'm sorry to be the bearer of bad news, but we won't be moving ahead with you for {role}.",
    "We really enjoyed meeting you, but we've decided to offer the job to someone whose background lines up more closely with what we need.",
    "Thanks for your patience! We've made a decision on the {role} role and it's not going to be you this time - sorry.",
    "Sorry for the radio silence. The {role} position got filled a couple of weeks ago, so we won't be taking things further.",
    "Honestly it came down to two people and we went the other way. I hope that doesn't put you off applying again.",
    "We've had to freeze hiring for the rest of the year, so I'm afraid the {role} role is off the table for now.",
    "I talked it over with {int1} and we don't think it's the right match at this point, so we're going to stop the process here.",
    "Quick note to let you know we've found our {role}. Thanks a lot for your interest and the time you spent with us.",
    "We decided to hold off on hiring for this position, so there's no next step for now. Really sorry about that.",
    "Your test was solid, but we went with candidates who did a bit better on the system design part. We won't be continuing with your application.",
    "Appreciate you applying! The role ended up going to an internal candidate, so we're closing out the other applications.",
    "We're going to pass for now - we need someone a bit more senior on the {team} side.",
    "Thanks for your interest! We've already made a hire for this one, so I'm closing your application on our end.",
    "Short version: we went another way. Long version: it was close, and I'm happy to chat about it if that's helpful.",
    "Sadly the budget for the {role} role got cut this quarter, so we've stopped hiring for it.",
    "I'm afraid we've picked someone else. Thanks for being so responsive throughout.",
    "After talking it through with the team we've decided not to move ahead. Please don't take it personally.",
    "Thank you for applying. We won't be moving forward, but we appreciate you thinking of us.",
    "Just letting you know the position is filled now. Sorry it didn't work out!",
    "Thanks for coming in! We've offered the role to another applicant and they've accepted.",
]
ACK_CASUAL = [
    "Thanks for applying! Just confirming we got your CV for the {role} role - I'll take a look this week.",
    "Got your application, thanks! We're reviewing everything over the next couple of weeks and will get back to you either way.",
    "Thanks for reaching out about {role}. Your resume is with the hiring manager now; I'll let you know what they think.",
    "Appreciate you applying! We've received your application and will be in touch soon.",
    "Received, thanks! We'll review it with the team and reply by the end of next week.",
]
INT_CASUAL = [
    "Loved your application! Got time for a quick call this week? {weekday} afternoon works on my end.",
    "Thanks for sending that over. Can you come in on {weekday} at {time} to meet the team? It's pretty informal - coffee and a chat.",
    "Great chatting today. Next up is a session with {int1} on the technical side - I'll send a couple of slots tomorrow.",
    "We'd like to get you in front of {int1} and {int2}. Any mornings next week that don't work for you?",
    "Your portfolio stood out. Could we do a 30 min video call? Here's my calendar: https://cal.com/{slug}/intro",
    "The team liked your answers a lot - want to do the final round next week?",
    "Could you come by the shop on {weekday} around {time}? Nothing formal, we just want to meet you and show you around.",
    "Let's get a call on the books. Does {weekday} at {time} work? I'll send a Zoom link.",
    "We'd love to see how you approach a real problem - I'm sending over a small exercise, no rush, take a few days.",
    "Are you still interested in the {role} role? If so, I'd like to set up a chat with our founder this week.",
    "Would you be up for a quick video call tomorrow? 20 minutes, just to get to know each other.",
    "Next step is a conversation with {int1}, our head of {team}. I've cc'd her so you two can find a time.",
    "Can you do {weekday} instead of {weekday}? Something came up on my side - same time works.",
    "Confirming {weekday} at {time} at our office. Ask for {int1} at the front desk. See you then!",
]
OFF_CASUAL = [
    "Great news - we'd love to have you join as {role}! I'll send the formal paperwork tomorrow, but wanted to tell you right away.",
    "The team was unanimous: we want to make you an offer. Can you hop on a call later so I can walk you through salary and start date?",
    "We're offering you the job! {salary} base, start {date} if that works. Let me know what you think.",
    "Following up on our call: the offer stands at {salary}, and we can be flexible on the start date.",
    "You got it! Everyone loved you. Paperwork is on its way - welcome to the team!",
    "We'd like you to join us. I'll put the details in writing today: {salary}, remote-friendly, start whenever suits you in {date}.",
    "Quick heads-up before the official letter: we're making you an offer for {role}. Congrats!",
]


def gen_casual(g: Gen, pool: list[str], label: str) -> dict:
    c = g.ctx()
    frm, _ = g.sender(c, "person")
    body = join(g, [
        fmt(g.pick(["Hi {first},", "Hey {first}!", "{first} -", "Hi {first}", "Hello {first},", ""]), c),
        fmt(g.pick(pool), c) + " " + fmt(g.maybe(0.5, g.pick(["Thanks again!", "Happy to chat if useful.", "Let me know.",
                                                               "Really appreciate your time.", "Cheers."])), c),
        fmt(g.pick(["{recruiter}", "- {recruiter}", "{int1}", "Best, {recruiter}", "Thanks,\n{int1}"]), c)
        + g.maybe(0.3, "\nSent from my phone"),
    ])
    subj = fmt(g.pick(["Re: {role}", "quick update", "{company}", "Re: our chat", "following up", "", "Re: application",
                       "Re: Re: {role} role"]), c)
    if g.r.random() < 0.5:
        body, subj = body.lower(), subj.lower()
    return dict(subject=subj, body=g.dress(body), sender=frm)


def gen_rejection_en(g: Gen) -> dict:
    c = g.ctx()
    x = g.r.random()
    if x < 0.08:
        return gen_linkedin_rejection(g, c)
    if x > 0.88:
        return gen_casual(g, REJ_CASUAL, "rejection")
    frm, vendor = g.sender(c)
    if x < 0.28:  # short notes
        body = join(g, [
            fmt(g.pick(GREET), c),
            fmt(g.maybe(0.5, g.pick(REJ_THANKS)), c) + " " + fmt(cap(g.pick(REJ_PREFIX) + g.pick(REJ_DECISION)), c)
            + " " + fmt(g.maybe(0.4, g.pick(REJ_FUTURE + REJ_WISH)), c),
            fmt(g.maybe(0.7, g.pick(CLOSE) + "\n" + g.pick(SIG)), c),
            fmt(g.maybe(0.4, g.footer(c, vendor)), c),
        ])
        return dict(subject=fmt(g.pick(REJ_SUBJ), c), body=g.dress(body), sender=frm)
    after_interview = g.r.random() < 0.3
    thanks = g.pick(REJ_THANKS_INTERVIEW if after_interview else REJ_THANKS)
    dec = cap(g.pick(REJ_PREFIX) + g.pick(REJ_DECISION))
    # polite long variant sometimes puts decision in the middle of several sentences
    body = join(g, [
        fmt(g.pick(GREET), c),
        fmt(thanks, c) + " " + fmt(g.pick(REJ_CONTEXT), c),
        fmt(dec, c) + " " + fmt(g.pick(REJ_SOFTEN), c),
        fmt(g.pick(REJ_FUTURE), c) + " " + fmt(g.pick(REJ_WISH), c),
        fmt(g.maybe(0.15, g.pick(ACK_PORTAL)), c),
        fmt(g.pick(CLOSE), c) + "\n" + fmt(g.pick(SIG), c),
        fmt(g.footer(c, vendor), c),
    ])
    subj = fmt(g.pick(REJ_SUBJ), c)
    return dict(subject=subj, body=g.dress(body), sender=frm)


def gen_ack_en(g: Gen) -> dict:
    if g.r.random() < 0.08:
        return gen_casual(g, ACK_CASUAL, "acknowledgement")
    c = g.ctx()
    if g.r.random() < 0.12:
        return gen_linkedin_ack(g, c)
    if g.r.random() < 0.05:
        return gen_indeed_ack(g, c)
    frm, vendor = g.sender(c)
    body = join(g, [
        fmt(g.pick(GREET), c),
        # the thank-you line is shared with rejections on purpose: it must not decide the label
        fmt(g.maybe(0.45, g.pick(REJ_THANKS)), c),
        fmt(g.pick(ACK_OPEN), c) + " " + fmt(g.pick(ACK_REVIEW), c),
        fmt(g.pick(ACK_WARM), c),
        fmt(g.pick(ACK_NEXT), c),
        fmt(g.pick(ACK_PORTAL), c),
        fmt(g.maybe(0.3, g.pick(ACK_WARM)), c),
        fmt(g.maybe(0.5, g.pick(["Thank you again for your interest in {company}.", "We appreciate your interest.",
                                 "Thanks again, and good luck!", "We look forward to learning more about you."]
                                + REJ_WISH)), c),
        fmt(g.pick(CLOSE), c) + "\n" + fmt(g.pick(SIG), c),
        fmt(g.footer(c, vendor), c),
    ])
    return dict(subject=fmt(g.pick(ACK_SUBJ), c), body=g.dress(body), sender=frm)


def similar_jobs(g: Gen, c: dict) -> str:
    lines = []
    for _ in range(g.r.randint(1, 4)):
        co, ro, ci = g.pick(COMPANIES), g.pick(ROLES), g.pick(CITIES)
        lines.append(f"{co}\n{ro}\n{co} \u00b7 {ci}" + g.maybe(0.5, f"\n{g.r.randint(1, 30)} school alumni"))
    return "\n".join(lines)


def gen_linkedin_ack(g: Gen, c: dict) -> dict:
    frm = g.pick(["LinkedIn <jobs-noreply@linkedin.com>", "jobs-noreply@linkedin.com"])
    body = join(g, [
        fmt("Your application was sent to {company}", c),
        fmt(g.pick(["{first} {last}", ""]), c),
        fmt("{company}\n{role}\n{company} \u00b7 {city}\n", c) + g.pick(["Applied on " + c["date"], "Applied just now",
                                                                         "Applied: 2 seconds ago", "Applied " + c["date"]]),
        g.pick(["Now, take these next steps for more success", "View similar jobs you may be interested in",
                "Track your application status in My Jobs", ""]),
        similar_jobs(g, c),
        fmt(g.pick(["This email was intended for {first} {last} ({role}). Learn why we included this.",
                    "You are receiving Job Application Confirmation emails.", "Unsubscribe \u00b7 Help",
                    "\u00a9 2026 LinkedIn Corporation, 1000 West Maude Avenue, Sunnyvale, CA 94085."]), c),
    ])
    subj = fmt(g.pick(["{first}, your application was sent to {company}", "Your application was sent to {company}",
                       "{first} {last}, your application was sent to {company}"]), c)
    return dict(subject=subj, body=g.dress(body), sender=frm)


def gen_linkedin_rejection(g: Gen, c: dict) -> dict:
    frm = g.pick(["LinkedIn <jobs-noreply@linkedin.com>", "jobs-noreply@linkedin.com"])
    body = join(g, [
        fmt(g.pick(["Your update from {company}", "We have an update on your {company} application", ""]), c),
        fmt(g.pick(["{first} {last}", ""]), c),
        fmt("{company}\n{role}\n{company} \u00b7 {city}\nApplied on {date}", c),
        fmt(g.pick(["Thank you for your interest in the {role} position at {company} in {city}. ",
                    "Thanks for applying to {company}. ", ""]) + cap(g.pick(REJ_PREFIX) + g.pick(REJ_DECISION)) + " "
            + g.pick(["We appreciate your time and interest in {company}.", "We wish you the best in your search.", ""]), c),
        g.pick(["Top jobs looking for your skills", "View similar jobs", ""]),
        similar_jobs(g, c),
        fmt(g.pick(["This email was intended for {first} {last} ({role}). Learn why we included this.",
                    "You are receiving job application update emails. Unsubscribe \u00b7 Help",
                    "\u00a9 2026 LinkedIn Corporation, 1000 West Maude Avenue, Sunnyvale, CA 94085."]), c),
    ])
    subj = fmt(g.pick(["Your application to {role} at {company}", "Your update from {company}",
                       "{first}, an update on your application to {company}"]), c)
    return dict(subject=subj, body=g.dress(body), sender=frm)


@other_kind
def o_linkedin_misc(g: Gen, c: dict):
    frm = g.pick(["LinkedIn <jobs-noreply@linkedin.com>", "LinkedIn <messages-noreply@linkedin.com>",
                  "LinkedIn <notifications-noreply@linkedin.com>"])
    body = join(g, [
        fmt(g.pick(["Your application was viewed by {company}", "{company} viewed your application for {role}",
                    "You appeared in {n} searches this week", "{recruiter} wants to connect",
                    "Congratulate {int2} on their new role at {company}", "Your weekly job search update: {n} applications in progress",
                    "You have {n} new messages", "Jobs you saved are closing soon"]), c),
        fmt("{company}\n{role}\n{company} \u00b7 {city}", c),
        similar_jobs(g, c),
        "You are receiving LinkedIn notification emails. Unsubscribe \u00b7 Help",
    ])
    return fmt(g.pick(["{company} viewed your application", "Your application was viewed", "You appeared in searches",
                       "{recruiter} wants to connect", "Your job search this week", "Jobs closing soon"]), c), body, frm


def gen_indeed_ack(g: Gen, c: dict) -> dict:
    frm = g.pick(["Indeed Apply <indeedapply@indeed.com>", "Indeed <donotreply@indeed.com>"])
    body = join(g, [
        "Application submitted",
        fmt("{role}\n{company} - {city}", c),
        g.pick(["The following items were sent to {company}. Good luck!", "Your application has been sent to the employer.",
                "Next steps: the employer may contact you directly."]).format(**c),
        "\u2022 Application\n\u2022 Resume",
        g.pick(["Track your applications in My jobs.", "Keep applying - jobs like this are posted every day.", ""]),
        "\u00a9 2026 Indeed - Unsubscribe - Privacy",
    ])
    return dict(subject=fmt(g.pick(["Indeed Application: {role}", "Application submitted: {role}"]), c),
                body=g.dress(body), sender=frm)


def gen_interview_en(g: Gen) -> dict:
    if g.r.random() < 0.25:
        return gen_casual(g, INT_CASUAL, "interview")
    c = g.ctx()
    frm, vendor = g.sender(c, g.pick(["person", "person", "greenhouse", "ashby", "lever", "direct", "workday"]))
    body = join(g, [
        fmt(g.pick(GREET), c),
        fmt(g.maybe(0.5, g.pick(["Thank you for applying to {company}.", "Thanks for your interest in the {role} role.",
                                 "Hope your week is going well!", "Great to hear from you.", ""])), c),
        fmt(g.pick(INT_BODY), c),
        fmt(g.maybe(0.5, g.pick(["Looking forward to speaking with you!", "Let me know if you have any questions.",
                                 "Please reply with a few times that work for you.", "Talk soon!"])), c),
        fmt(g.pick(CLOSE), c) + "\n" + fmt(g.pick(SIG), c),
        fmt(g.footer(c, vendor), c),
    ])
    return dict(subject=fmt(g.pick(INT_SUBJ), c), body=g.dress(body), sender=frm)


def gen_offer_en(g: Gen) -> dict:
    if g.r.random() < 0.2:
        return gen_casual(g, OFF_CASUAL, "offer")
    c = g.ctx()
    frm, vendor = g.sender(c, g.pick(["person", "person", "direct", "greenhouse", "workday"]))
    body = join(g, [
        fmt(g.pick(GREET), c),
        fmt(g.pick(OFF_BODY), c),
        fmt(g.maybe(0.6, g.pick(["We're so excited about the possibility of you joining us.",
                                 "Please don't hesitate to reach out with any questions.",
                                 "Everyone on the team is looking forward to working with you.",
                                 "Let me know a good time to talk through the details."])), c),
        fmt(g.pick(CLOSE), c) + "\n" + fmt(g.pick(SIG), c),
        fmt(g.footer(c, vendor), c),
    ])
    return dict(subject=fmt(g.pick(OFF_SUBJ), c), body=g.dress(body), sender=frm)


# ---- other: many kinds ------------------------------------------------------------------------
CHATTER = [
    "I tried the patch on my box last night and it still segfaults when the config file is missing.",
    "Has anyone else seen the mirror go down this morning? The rsync times out after a few minutes.",
    "You need to rebuild the module against the running kernel, otherwise insmod will refuse it.",
    "The meeting notes from Thursday are attached; please add anything I forgot.",
    "I think the real problem is that the default filter scores are far too aggressive for mailing lists.",
    "Mum says dinner is at six on Sunday, bring the salad if you can.",
    "Does anybody know a decent replacement for the old CD burner software? The new version crashes on XP.",
    "We switched the cluster to the new scheduler and load averages went down by half.",
    "I'll be out of the office until Monday with limited access to email.",
    "The book club is reading a mystery novel this month - chapters one to twelve for next week.",
    "Interesting article about the history of the printing press, thought you'd like it.",
    "Can you send me the spreadsheet with last quarter's numbers? The link in the wiki is broken.",
    "Our local brewery finally released the winter ale, we should go on Friday.",
    "The perl script chokes on filenames with spaces; quoting the variable fixes it.",
    "I've uploaded the photos from the hike to the shared album.",
    "The kids' football practice moved to Wednesday because of the rain.",
    "I disagree - the old licence terms were clearer and nobody complained for years.",
    "Try setting the MTU lower on the router; that fixed the same symptom for me.",
    "Please review the pull request when you have a moment; it's mostly renaming.",
    "The quarterly report is due on the 15th, so let's meet on the 10th to go through the draft.",
    "Reminder: the office will be closed on Monday for the public holiday.",
    "If you compile with optimisation turned on the bug disappears, which suggests an uninitialised variable.",
    "I'm selling my old bike if anyone is interested, it needs new tyres.",
    "The landlord says the plumber will come between 8 and 12 tomorrow.",
    "Nice weather finally - we spent the whole weekend in the garden.",
    "The conference deadline was extended by one week, so there's still time to polish the paper.",
    "Here's the recipe you asked for; use less sugar than it says.",
    "The server room air conditioning failed again, so we shut down the test machines.",
]


@other_kind
def o_job_alert(g: Gen, c: dict):
    src = g.pick(["linkedin", "indeed", "glassdoor", "ziprecruiter", "company"])
    frm = {"linkedin": "LinkedIn Job Alerts <jobalerts-noreply@linkedin.com>", "indeed": "Indeed <alert@indeed.com>",
           "glassdoor": "Glassdoor Jobs <noreply@glassdoor.com>", "ziprecruiter": "ZipRecruiter <alerts@ziprecruiter.com>",
           "company": f"{c['company']} Careers <jobs@{c['slug']}.com>"}[src]
    body = join(g, [
        fmt(g.pick(["{n} new jobs matching \"{role}\" in {city}", "New jobs for you: {role}",
                    "Jobs you may be interested in", "Your job alert for {role}",
                    "Based on your profile, we found new opportunities", "Recommended for you"]), c),
        similar_jobs(g, c),
        g.pick(["See all jobs", "Apply now with one click", "Easy Apply", "View more jobs"]),
        g.pick(["You are receiving job alert emails. Manage alerts | Unsubscribe",
                "You can change how often you receive alerts in your settings.",
                "Unsubscribe from this job alert."]),
    ])
    subj = fmt(g.pick(["{n} new jobs for \"{role}\"", "{role}: new jobs in {city}", "New jobs matching your search",
                       "{company} is hiring: {role}", "Jobs you might like", "{first}, new opportunities at {company} and more"]), c)
    return subj, body, frm


@other_kind
def o_recruiter_outreach(g: Gen, c: dict):
    frm, _ = g.sender(c, g.pick(["person", "person", "lever", "direct"]))
    body = join(g, [
        fmt(g.pick(["Hi {first},", "Hello {first},", "Hey {first} -"]), c),
        fmt(g.pick([
            "I came across your profile and thought you might be a great fit for a {role} role with one of our clients, a fast-growing company in {city}.",
            "I'm a recruiter at {company} and I'm building out our {team} team. Your background in {skill} caught my eye.",
            "Are you open to new opportunities? I'm working on a {role} search that pays up to {salary}.",
            "I hope you don't mind me reaching out. We're hiring for several {team} roles and I'd love to tell you more.",
            "Quick question - would you be interested in hearing about a {role} position? Fully remote, strong benefits.",
        ]), c),
        fmt(g.pick(["If you're interested, feel free to grab time on my calendar.", "Would you be open to a quick chat?",
                    "No worries if the timing isn't right - just let me know.", "Let me know and I can send the job description."]), c),
        fmt(g.pick(SIG), c),
    ])
    subj = fmt(g.pick(["Opportunity at {company}", "{role} opportunity", "Quick question", "Exciting role in {city}",
                       "Are you open to new roles?", "Your profile"]), c)
    return subj, body, frm


@other_kind
def o_newsletter(g: Gen, c: dict):
    frm = fmt(g.pick(["{company} <newsletter@{slug}.com>", "The Weekly Digest <digest@{slug}.io>",
                      "Career Tips <hello@careerweekly.example>", "news@{slug}.com"]), c)
    body = join(g, [
        g.pick(["This week in tech", "Your monthly update", "In this issue", "Top stories for you", "Weekly roundup"]),
        g.pick(["How to write a cover letter that gets read", "Five ways to prepare for a behavioural interview",
                "Why rejection is part of every job search - and how to bounce back", "Our new product launch",
                "The best hiking trails this autumn", "What we learned from migrating to Postgres",
                "Salary negotiation: scripts that work", "Market update: interest rates and your savings"]),
        " ".join(g.r.sample(CHATTER, 3)),
        g.pick(["Read more", "Continue reading on our blog", "Share this with a friend"]),
        g.pick(["You're receiving this because you subscribed. Unsubscribe.", "Manage preferences | Unsubscribe",
                "Forward to a friend | Update your profile | Unsubscribe"]),
    ])
    return fmt(g.pick(["Issue #{n}: {role} trends", "Your weekly digest", "News from {company}", "This month at {company}"]), c), body, frm


@other_kind
def o_receipt(g: Gen, c: dict):
    shop = g.pick(["Bookworm Store", "Cornerstone Coffee", "PixelPlay", "Greenleaf Grocery", "TrailGear", "CloudNote Pro"])
    frm = f"{shop} <receipts@{shop.split()[0].lower()}.com>"
    body = join(g, [
        g.pick(["Thank you for your order!", "Your receipt", "Payment received", "Thanks for your purchase"]),
        f"Order #{c['order']}\nDate: {c['date']}\nTotal: ${c['amount']}",
        g.pick(["Items will ship within 2 business days.", "Your subscription renews on " + c["date"] + ".",
                "Questions about your order? Reply to this email.", "Keep this receipt for your records."]),
        g.pick(["Unsubscribe from marketing emails", "\u00a9 2026 " + shop, ""]),
    ])
    return g.pick([f"Your {shop} receipt", f"Order confirmation #{c['order']}", "Payment confirmation", "Receipt for your payment"]), body, frm


@other_kind
def o_shipping(g: Gen, c: dict):
    carrier = g.pick(["UPS", "FedEx", "DHL", "USPS", "Royal Mail"])
    frm = f"{carrier} <tracking@{carrier.lower().replace(' ', '')}.com>"
    body = join(g, [
        g.pick(["Your package is on its way!", "Your shipment has been delivered.", "Delivery update",
                "Unfortunately, we were unable to deliver your package today.", "Your parcel is out for delivery."]),
        f"Tracking number: 1Z{c['order']}{c['n']}",
        g.pick(["Estimated delivery: " + c["date"], "We'll try again tomorrow.", "Left at front door.",
                "Sorry for the delay; the shipment is held at the local depot."]),
        "Manage your delivery preferences online.",
    ])
    return g.pick(["Your package has shipped", "Delivery exception", "Delivered: your package", "Shipment update"]), body, frm


@other_kind
def o_password(g: Gen, c: dict):
    svc = g.pick(["Workday", "GitHub", "Dropbox", "your bank", "Greenhouse", "LinkedIn", c["company"] + " Careers"])
    frm = g.pick(["no-reply@accounts.example.com", "security@github.com", f"no-reply@{c['slug']}.com", "noreply@myworkday.com"])
    body = join(g, [
        fmt(g.pick(GREET), c),
        g.pick([f"We received a request to reset the password for your {svc} account.",
                f"Your {svc} verification code is {c['order']}.",
                f"A new sign-in to your {svc} account was detected from a new device.",
                f"Please confirm your email address to finish setting up your {svc} account."]),
        g.pick(["If you didn't request this, you can safely ignore this email.", "This link expires in 24 hours.",
                "For your security, never share this code with anyone."]),
    ])
    return g.pick(["Reset your password", "Your verification code", "New sign-in detected", "Verify your email address",
                   "Welcome to your candidate account"]), body, frm


@other_kind
def o_meetup(g: Gen, c: dict):
    frm = g.pick(["Meetup <info@meetup.com>", "Eventbrite <noreply@eventbrite.com>", f"{c['company']} Events <events@{c['slug']}.com>"])
    body = join(g, [
        fmt(g.pick(["Join us for the {city} Python User Group on {weekday}!", "You're invited: Careers in Data night at {company}",
                    "RSVP for our virtual job fair on {date}", "New event: women in tech breakfast, {date}",
                    "We regret to inform you that {weekday}'s meetup has been cancelled due to the venue closing."]), c),
        g.pick(["Food and drinks provided.", "Talks start at 6:30pm.", "Bring your resume - recruiters from 20 companies will attend.",
                "We hope to see you at the next one."]),
        "RSVP | Unsubscribe from this group",
    ])
    return fmt(g.pick(["Upcoming event: {weekday} meetup", "You're invited!", "Event cancelled", "Reminder: job fair on {date}"]), c), body, frm


@other_kind
def o_incomplete(g: Gen, c: dict):
    # Decision (documented in README): "application incomplete / finish your application" is OTHER - nothing
    # has been submitted yet, so it is neither an acknowledgement nor an outcome.
    frm, vendor = g.sender(c, g.pick(["workday", "icims", "taleo", "smartrecruiters", "direct"]))
    body = join(g, [
        fmt(g.pick(GREET), c),
        fmt(g.pick(["Your application for {role} is incomplete. Please log in and finish the remaining steps to submit it.",
                    "You started an application for {role} at {company} but haven't submitted it yet.",
                    "We noticed you saved a draft application. Complete it before the posting closes on {date}.",
                    "Your candidate account has been created. You can now apply to open positions at {company}.",
                    "You have successfully withdrawn your application for {role}.",
                    "Please take two minutes to tell us about your candidate experience in this short survey.",
                    "Your profile at {company} will be deleted in 30 days unless you log in.",
                    "Thank you for attending our career fair booth! Here are the open roles we mentioned."]), c),
        fmt(g.pick(["Continue your application: {url}", "Log in to Candidate Home: {url}", "Take the survey", ""]), c),
        fmt(g.pick(CLOSE), c) + "\n" + fmt(g.pick(SIG), c),
        fmt(g.footer(c, vendor), c),
    ])
    return fmt(g.pick(["Complete your application", "Action required: finish your application", "Your candidate account",
                       "Application withdrawn", "How did we do?", "Your profile at {company}", "Thanks for stopping by!"]), c), body, frm


@other_kind
def o_bad_news_nonjob(g: Gen, c: dict):
    frm = g.pick(["Air Meridian <noreply@airmeridian.example>", "City Library <library@city.example>",
                  "Rent Portal <notices@rentportal.example>", "Card Services <alerts@bank.example>",
                  "Conference Committee <chairs@conf.example>", "Housing Office <housing@uni.example>"])
    body = join(g, [
        fmt(g.pick(GREET), c),
        g.pick(["Unfortunately your flight has been cancelled. We have rebooked you on the next available departure.",
                "We regret to inform you that your paper was not accepted for this year's conference. We received many strong submissions.",
                "Unfortunately, your rental application for the apartment has not been approved at this time.",
                "Your card payment was declined. Please update your payment method to avoid interruption.",
                "We are sorry, but the item you reserved is no longer available.",
                "After careful consideration, your request for a room change could not be approved.",
                "Unfortunately we are unable to process your refund request because the return window has closed.",
                "The book you requested is overdue. Please return it to avoid fees.",
                "We regret to inform you that the workshop has been postponed until further notice."]),
        g.pick(["We apologise for any inconvenience.", "Contact customer service if you have questions.", "Thank you for your understanding."]),
        fmt(g.pick(CLOSE), c),
    ])
    return g.pick(["Important update about your booking", "Decision on your submission", "Your application status",
                   "Payment declined", "Notice", "Update on your request"]), body, frm


TOPICS = ["the new router", "the build server", "my old laptop", "the spam filter", "that patch", "the kernel upgrade",
          "the garden shed", "the camping trip", "the mailing list archive", "the DNS config", "our cat", "the car",
          "the printer", "the book you lent me", "the database migration", "the football match", "the wedding plans",
          "the backup script", "the neighbour's dog", "the Perl module", "the firewall rules", "the new phone"]
CONVO = [
    "I don't think {t} is the problem here; someone else had exactly the same issue with {t2} last week.",
    "We have been running {t} for months without trouble, so I'm not sure what changed.",
    "Honestly, I'd rather not touch {t} until we know more.",
    "Someone on the list suggested rebuilding {t} from scratch, which seems like overkill to me.",
    "Thanks for the detailed answer - that explains a lot about {t}.",
    "With all due respect, that's not how {t} works at all.",
    "We decided to leave {t} alone for now and revisit it after the holidays.",
    "I had a look at {t} and it's not as bad as it sounded on the phone.",
    "Does anyone have experience with {t}? I'm not getting anywhere with it.",
    "We tried again with {t} this morning and it still doesn't work.",
    "I'm with you on {t}, but I don't agree about {t2}.",
    "Not sure if this is the right place to ask, but has anyone else seen this with {t}?",
    "Any feedback on {t} is welcome - I'm happy to change the approach.",
    "I think we should move ahead with {t} and deal with {t2} later.",
    "You're right, I was wrong about {t}. Sorry for the noise.",
    "Unfortunately {t} is broken again, so I'll be offline for a bit.",
    "We have no plans to change {t} in the near future.",
    "If someone wants to take over {t}, let me know and I'll hand it over.",
    "Thanks, that did the trick! {t} is working again.",
    "It's not a bug, it's a feature - at least that's what the docs say about {t}.",
    "I'll be away next week, so please don't wait for me on {t}.",
    "My experience with {t} has been pretty good, to be honest.",
    "We appreciate everyone who tested {t} over the weekend.",
    "That's a good question. I don't have a definitive answer, but here's what I know about {t}.",
    "I've decided not to upgrade {t} until the next stable release is out.",
    "Who else is coming on Saturday? We need someone to bring {t}.",
    "This has nothing to do with {t}; please start a new thread.",
    "The position of the maintainers on {t} hasn't changed since last year.",
    "After careful testing, we found that {t} was not the cause after all.",
    "I wish I had more time to look into {t}, but work has been crazy.",
]


def convo(g: Gen, k: int) -> str:
    out = []
    for _ in range(k):
        out.append(g.pick(CONVO).format(t=g.pick(TOPICS), t2=g.pick(TOPICS)))
    return " ".join(out)


@other_kind
def o_list_reply(g: Gen, c: dict):
    frm = fmt(g.pick(["{first} {last} <{first}@{slug}.org>", "{first} <{last}{n}@example.net>",
                      "\"{first} {last}\" <{first}.{last}@mail.example.com>"]), c).lower()
    quote_who = g.pick(FIRST) + " " + g.pick(LAST)
    parts = [
        g.pick([f"On {c['weekday']} {c['date']}, {quote_who} wrote:", f"{quote_who} writes:", f"Quoting {quote_who}:", ""]),
        "\n".join("> " + ln for ln in convo(g, g.r.randint(1, 3)).split(". ")),
        convo(g, g.r.randint(1, 4)),
    ]
    if g.r.random() < 0.5:
        parts.append("> " + convo(g, 1))
        parts.append(convo(g, g.r.randint(1, 3)))
    parts.append(g.pick(["--\n" + c["first"], c["first"], "Cheers,\n" + c["first"], "", "-- \nhttp://www.example.org/~" + c["first"].lower(),
                         "_______________________________________________\n" + g.pick(["ilug", "razor-users", "fork", "exmh-users", "spamfilter-talk"]) + " mailing list\nhttps://lists.example.org/listinfo"]))
    subj = "Re: " + g.pick(["[" + g.pick(["ILUG", "Razor", "users", "talk", "dev"]) + "] ", ""]) + g.pick(TOPICS).replace("the ", "").replace("my ", "") + g.pick(["", " problem", " question", "?", " again"])
    return subj, join(g, parts), frm


@other_kind
def o_chatter(g: Gen, c: dict):
    frm = fmt(g.pick(["{first} {last} <{first}.{last}@example.org>", "{first} <{first}@mail.example.net>",
                      "list-admin@lists.example.org", "{recruiter} <{slug}@gmail.com>"]), c).lower()
    body = join(g, [
        g.pick(["", "> " + g.pick(CHATTER), "On " + c["date"] + ", " + c["first"] + " wrote:\n> " + g.pick(CHATTER)]),
        " ".join(g.r.sample(CHATTER, g.r.randint(1, 4))),
        g.pick(["", "--\n" + c["first"], "Cheers, " + c["first"], "_______________________________________________\nMailing list\nhttps://lists.example.org/listinfo"]),
    ])
    return g.pick(["Re: " + g.pick(["kernel panic", "weekend plans", "new build", "spam filter scores", "photos",
                                    "patch for review", "dinner", "broken link"]), "Fwd: article", "quick question", ""]), body, frm


@other_kind
def o_work_misc(g: Gen, c: dict):
    frm = fmt(g.pick(["{recruiter} <{first}@{slug}.com>", "IT Helpdesk <it@{slug}.com>", "HR <hr@{slug}.com>",
                      "Payroll <payroll@{slug}.com>"]), c)
    body = join(g, [
        fmt(g.pick(GREET), c),
        fmt(g.pick(["Your payslip for {date} is now available in the employee portal.",
                    "Reminder: open enrolment for benefits closes on {date}.",
                    "The all-hands meeting has moved to {weekday} at {time}.",
                    "Please complete your annual security training by {date}.",
                    "Our team is interviewing candidates for the {role} role next week - please send me your questions for the panel.",
                    "Can you be a reference for {first}? They applied for a {role} job at {company2}.",
                    "Congratulations to {int2} on their promotion to {role}!",
                    "Your expense report #{order} has been approved."]), c),
        fmt(g.pick(CLOSE), c) + "\n" + fmt(g.pick(SIG), c),
    ])
    return fmt(g.pick(["Payslip available", "Benefits enrolment", "All-hands moved", "Action required: training",
                       "Interview panel next week", "Reference request", "Team news"]), c), body, frm


PROSE = [
    "The committee spent most of the session arguing about the budget, and in the end nobody was satisfied with the decision.",
    "We have seen this pattern before: a promising technology is announced, everyone gets excited, and five years later it quietly disappears.",
    "Unfortunately the article gets the history wrong; the treaty was signed a decade earlier than the author claims.",
    "The candidates spent the final week of the campaign touring factories and shaking hands outside supermarkets.",
    "Critics argue that the new policy will hurt small farmers, while its supporters say it was long overdue.",
    "I had always assumed the problem was the compiler, but it turned out to be a race condition in the application itself.",
    "The senator said in an interview that she would not be moving forward with the bill until the spring.",
    "Our ancestors had none of the comforts we take for granted, and yet they built cathedrals that still stand.",
    "Nobody knows for certain what the economy will look like next year, which is exactly why forecasts are so popular.",
    "The team played badly in the first half but recovered after the break and won in extra time.",
    "There is a long tradition of writers who were rejected by every publisher before finding success.",
    "If you read the original paper carefully, the results are much less dramatic than the headlines suggest.",
    "The museum reopened after two years of renovation, with a new wing devoted to early photography.",
    "Prices went up again this quarter, and the central bank signalled that more increases may follow.",
    "What struck me most was how calm everyone seemed, as if the storm were just another ordinary afternoon.",
    "The company decided to pursue other markets after regulators blocked the merger.",
    "In the future, the author predicts, most of our conversations will be mediated by machines.",
    "The offer on the table is a twenty percent discount for anyone who renews before the end of the month.",
    "He was selected for the national squad at nineteen and retired, exhausted, at twenty-six.",
    "The position of the government on this question has shifted three times in as many months.",
    "Free software has always depended on volunteers who give up their evenings and weekends.",
    "It is hard to overstate how much the printing press changed the way ideas travelled across Europe.",
    "The documentary follows a family of shepherds through one year in the mountains.",
    "After careful consideration of the evidence, the jury returned a verdict of not guilty.",
    "The new version of the operating system is faster, but it breaks half of my old scripts.",
    "Everyone has an opinion about the new stadium, but few people have read the actual proposal.",
    "The recipe calls for a lot of butter, which is probably why it tastes so good.",
    "We regret nothing about the trip, even though it rained for six days straight.",
    "The researchers encourage other labs to try to reproduce the experiment before drawing conclusions.",
    "Most of the comments under the post missed the point entirely.",
    "By the time the bridge was finished, the city it was meant to serve had already started to shrink.",
    "The election was close, and both parties claimed that the other had cheated.",
    "I remember when a megabyte of memory cost more than a week's wages.",
    "The spacecraft will spend another two years collecting data before it runs out of fuel.",
    "It's a fascinating book, though the last hundred pages drag a little.",
    "The strike ended after the union and management reached an agreement late on Friday night.",
    "Their argument rests on the assumption that people always act rationally, which is plainly not true.",
    "The film was shot in just eighteen days on a budget smaller than most music videos.",
    "Scientists have found a new species of frog in the cloud forests of the Andes.",
    "This thread has gone on long enough; let's take the rest of the discussion off-list.",
    "Honestly, the best thing about the conference was the hallway conversations, not the talks.",
    "The mayor thanked the volunteers for their time and effort during the flood.",
    "We had everything ready for the launch, and then the power went out across the whole district.",
    "The patch was rejected by the maintainers because it broke backwards compatibility.",
    "Sales of vinyl records have grown every year for over a decade.",
    "The old mill by the river has been converted into apartments and a small cinema.",
    "Many readers wrote in to disagree with last week's column, and we print a selection of their letters below.",
    "The agreement leaves many questions unanswered, especially about who will pay for the cleanup.",
    "Historians still disagree about why the empire collapsed so quickly.",
    "My grandfather used to say that a man who fixes his own car never has a boring weekend.",
]


NEWS = [
    "Shares of the chipmaker fell sharply after it warned that demand would remain weak through the spring.",
    "City officials approved a plan to add bike lanes to three major streets, despite objections from shop owners.",
    "A new study suggests that people who sleep fewer than six hours a night are more likely to catch colds.",
    "The software company said it would not renew its contract with the supplier after a series of outages.",
    "Researchers have developed a battery that charges in minutes and lasts for thousands of cycles.",
    "The airline has decided to retire its oldest planes two years ahead of schedule.",
    "Voters rejected the proposed tax increase by a narrow margin.",
    "The hospital said it had not been informed of the changes until the last minute.",
    "Engineers are still trying to work out why the bridge cables corroded so quickly.",
    "The festival will go ahead this summer with a smaller line-up and fewer stages.",
    "Consumer prices rose more slowly than expected last month, easing pressure on households.",
    "Regulators have opened an inquiry into whether the merger would harm competition.",
    "The team's coach said the players were disappointed but proud of how far they had come.",
    "A spokesperson declined to comment on the reports, saying the investigation was ongoing.",
    "The open-source project announced a new release with better support for older hardware.",
    "Local farmers say the dry summer has cut their harvest by almost a third.",
    "The council has put the redevelopment on hold while it reviews the costs.",
    "Scientists supplied the data to the agency, which will publish its own analysis next month.",
    "The museum received a large donation that will fund free entry for students.",
    "Our correspondent spoke with residents who have lived through three floods in ten years.",
]


@other_kind
def o_news_digest(g: Gen, c: dict):
    frm = g.pick(["Morning Brief <brief@news.example.com>", "Tech Wire <wire@techwire.example>", "RSS Feeds <rss@feeds.example.org>",
                  "The Weekly Review <editors@weeklyreview.example>", "Science Daily Digest <digest@science.example>"])
    items = []
    for _ in range(g.r.randint(2, 6)):
        s = g.pick(NEWS)
        items.append(g.pick(["", "* ", "- ", "\u2022 "]) + s.split(",")[0].split(" that ")[0].rstrip(".").title()
                     + "\n" + s + g.maybe(0.5, " " + g.pick(NEWS + PROSE)) + g.maybe(0.4, f"\nhttps://news.example.com/{g.r.randint(1000, 99999)}"))
    body = join(g, [g.pick(["Today's top stories", "Your daily digest", "Headlines", "In the news this week", ""])] + items
                + [g.pick(["You are subscribed to this feed. Unsubscribe.", "Copyright 2026. All rights reserved.", "Manage your subscription"])])
    return g.pick(["Morning Brief: " + g.pick(["markets", "science", "politics", "tech"]), "Your daily digest", "Top stories",
                   "[Feed] " + g.pick(NEWS)[:40], "Weekly review"]), body, frm


@other_kind
def o_article(g: Gen, c: dict):
    frm = fmt(g.pick(["{first} {last} <{first}@{slug}.net>", "{first} <{first}{n}@mail.example.com>",
                      "\"{recruiter}\" <{slug}@example.org>", "Daily Briefing <briefing@news.example.com>",
                      "{first} {last} <{last}@univ.example.edu>"]), c)
    paras = []
    if g.r.random() < 0.4:
        paras.append(f"https://www.{g.pick(['news', 'times', 'review', 'journal', 'techdaily'])}.example.com/{c['order']}/story.html")
    if g.r.random() < 0.35:
        paras.append(f"On {c['weekday']}, {c['date']}, {c['recruiter']} wrote:\n> " + "\n> ".join(g.r.sample(PROSE, 2)))
    for _ in range(g.r.randint(1, 5)):
        paras.append(" ".join(g.r.sample(PROSE + CHATTER, g.r.randint(2, 6))))
    if g.r.random() < 0.4:
        paras.append(g.pick(["--\n" + c["first"], "- " + c["first"], "_______________________________________________\n"
                             "Discussion list\nhttps://lists.example.org/mailman/listinfo/talk",
                             "Yahoo! Groups Sponsor\nTo unsubscribe from this group, send an email to talk-unsubscribe@example.org"]))
    subj = g.pick(["Re: " + g.pick(["the election", "that article", "old computers", "book recommendations",
                                    "the merger", "climate report", "history question", "strike"]),
                   "Interesting read", "Fwd: must read", "[talk] " + g.pick(["politics again", "new release", "weekend"]),
                   "Thoughts on the decision", "Not sure I agree", ""])
    return subj, join(g, paras), frm


def gen_other_en(g: Gen) -> dict:
    c = g.ctx()
    fn = g.pick(OTHER_KINDS + [o_job_alert, o_recruiter_outreach, o_chatter, o_incomplete, o_article, o_article, o_article])
    subj, body, frm = fn(g, c)
    return dict(subject=subj, body=g.dress(body), sender=frm)


# --------------------------------------------------------------------------------------------
# German / French / Spanish
# --------------------------------------------------------------------------------------------
INTL = {
    "de": dict(
        greet=["Sehr geehrte/r {first} {last},", "Sehr geehrte Frau {last},", "Sehr geehrter Herr {last},",
               "Hallo {first},", "Liebe/r {first},", "Guten Tag {first} {last},", "Sehr geehrte Bewerberin, sehr geehrter Bewerber,"],
        close=["Mit freundlichen Grüßen", "Freundliche Grüße", "Viele Grüße", "Beste Grüße", "Herzliche Grüße"],
        sig=["{recruiter}\nRecruiting | {company}", "Ihr {company} Recruiting-Team", "Ihr Personalteam",
             "{recruiter}\nHR Business Partner"],
        rej_thanks=["vielen Dank für Ihre Bewerbung als {role} und das damit verbundene Interesse an {company}.",
                    "herzlichen Dank für Ihr Interesse an unserem Unternehmen und die Zeit, die Sie in Ihre Bewerbung investiert haben.",
                    "wir bedanken uns für Ihre Bewerbung und das Vertrauen, das Sie uns entgegengebracht haben.",
                    "vielen Dank für das angenehme Gespräch mit {int1} und {int2} und Ihr Interesse an der Position {role}.",
                    "danke, dass Sie sich bei uns beworben haben."],
        rej_dec=["Leider müssen wir Ihnen mitteilen, dass wir Ihre Bewerbung nicht weiter berücksichtigen können.",
                 "Nach sorgfältiger Prüfung Ihrer Unterlagen haben wir uns für andere Kandidaten entschieden, deren Profil besser zu den Anforderungen passt.",
                 "Leider können wir Ihnen keine positive Rückmeldung geben.",
                 "Wir haben uns nach reiflicher Überlegung für eine andere Bewerberin entschieden.",
                 "Die Position wurde inzwischen besetzt.",
                 "Nach eingehender Prüfung müssen wir Ihnen leider eine Absage erteilen.",
                 "Wir bedauern, Ihnen mitteilen zu müssen, dass wir Sie im weiteren Auswahlverfahren nicht berücksichtigen können.",
                 "Die ausgeschriebene Stelle wird vorerst nicht besetzt.",
                 "Leider hat es diesmal nicht geklappt.",
                 "Wir haben uns entschieden, den Prozess mit anderen Kandidatinnen und Kandidaten fortzusetzen.",
                 "Bedauerlicherweise können wir Ihnen die Stelle nicht anbieten.",
                 "Ihr Profil entspricht nicht ganz den Anforderungen, die wir an diese Position stellen.",
                 "Wir werden Ihre Bewerbung daher nicht weiterverfolgen."],
        rej_soft=["Diese Entscheidung ist keine Wertung Ihrer Qualifikation.",
                  "Die Entscheidung ist uns angesichts der vielen guten Bewerbungen nicht leicht gefallen.",
                  "Wir wissen, dass dies nicht die erhoffte Nachricht ist.", ""],
        rej_future=["Ihre Unterlagen werden wir gemäß den Datenschutzbestimmungen nach sechs Monaten löschen.",
                    "Wir wünschen Ihnen für Ihre berufliche und private Zukunft alles Gute und viel Erfolg.",
                    "Gerne können Sie sich auf zukünftige Stellenangebote erneut bewerben.",
                    "Für Ihre weitere Stellensuche wünschen wir Ihnen viel Erfolg.", ""],
        rej_subj=["Ihre Bewerbung bei {company}", "Ihre Bewerbung als {role}", "Absage: {role}", "Rückmeldung zu Ihrer Bewerbung",
                  "Ihre Bewerbung – {role} ({ref})", "Zwischenstand Ihrer Bewerbung", ""],
        ack_open=["vielen Dank für Ihre Bewerbung als {role}. Hiermit bestätigen wir den Eingang Ihrer Unterlagen.",
                  "wir haben Ihre Bewerbung erhalten und freuen uns über Ihr Interesse an {company}.",
                  "herzlichen Dank für Ihre Online-Bewerbung. Ihre Unterlagen sind vollständig bei uns eingegangen.",
                  "vielen Dank für Ihr Interesse an einer Tätigkeit bei {company}. Ihre Bewerbung ist bei uns eingegangen."],
        ack_next=["Wir werden Ihre Unterlagen sorgfältig prüfen und uns so schnell wie möglich bei Ihnen melden.",
                  "Sollten Sie innerhalb von {weeks} Wochen nichts von uns hören, haben wir uns leider für andere Bewerber entschieden.",
                  "Bitte haben Sie Verständnis dafür, dass die Prüfung einige Zeit in Anspruch nehmen kann.",
                  "Falls Ihr Profil zu unseren Anforderungen passt, melden wir uns zur Vereinbarung eines Gesprächs.",
                  "Sollten wir Sie nicht berücksichtigen können, erhalten Sie selbstverständlich eine Nachricht von uns.",
                  "Den aktuellen Status Ihrer Bewerbung können Sie jederzeit in unserem Bewerberportal einsehen: {url}"],
        ack_subj=["Eingangsbestätigung Ihrer Bewerbung", "Ihre Bewerbung bei {company}", "Vielen Dank für Ihre Bewerbung",
                  "Bewerbung eingegangen: {role}", "Bestätigung: Ihre Bewerbung ({ref})", ""],
        int_body=["gerne möchten wir Sie persönlich kennenlernen und laden Sie zu einem Vorstellungsgespräch am {date_eu} um {time24} Uhr ein.",
                  "Ihre Unterlagen haben uns überzeugt. Bitte wählen Sie über den folgenden Link einen Termin für ein erstes Telefoninterview: {url}",
                  "als nächsten Schritt bitten wir Sie, eine kurze Fallstudie zu bearbeiten, die Sie im Gespräch mit {int1} vorstellen."],
        int_subj=["Einladung zum Vorstellungsgespräch", "Terminvorschlag: Interview {role}", "Nächste Schritte"],
        off_body=["wir freuen uns, Ihnen die Position als {role} anbieten zu können. Das Jahresgehalt beträgt {salary_eu}. Den Arbeitsvertrag senden wir Ihnen in Kürze zu."],
        off_subj=["Ihr Vertragsangebot", "Zusage: {role}"],
        other=[("Neue Jobs für Sie: {role}", "Wir haben {n} neue Stellen gefunden, die zu Ihrem Suchauftrag passen.\n{company2} – {role2}\n{company3} – {role3}\nAlle Jobs ansehen | Jobagent abbestellen", "StepStone <jobagent@stepstone.de>"),
               ("Ihre Bestellung wurde versandt", "Ihre Bestellung {order} ist unterwegs. Voraussichtliche Zustellung: {date_eu}.\nSendungsverfolgung: {url}", "versand@shop.example.de"),
               ("Ihr Newsletter", "Die wichtigsten Nachrichten der Woche. Heute: Tipps für Ihr Vorstellungsgespräch und aktuelle Gehaltsstudien. Abmelden", "newsletter@karriere.example.de"),
               ("Passwort zurücksetzen", "Sie haben angefordert, Ihr Passwort zurückzusetzen. Der Link ist 24 Stunden gültig.", "noreply@konto.example.de"),
               ("Spannende Position als {role}", "Hallo {first}, ich bin auf Ihr Profil bei XING gestoßen. Für einen Kunden suche ich eine/n {role}. Hätten Sie Interesse an einem kurzen Austausch?", "{recruiter} <{slug}@personalberatung.example.de>"),
               ("Leider storniert", "Leider müssen wir Ihnen mitteilen, dass Ihre Zugverbindung ausfällt. Bitte nutzen Sie eine alternative Verbindung.", "Reiseauskunft <service@bahn.example>")],
    ),
    "fr": dict(
        greet=["Bonjour {first},", "Madame, Monsieur,", "Bonjour {first} {last},", "Cher/Chère {first},", "Bonjour,"],
        close=["Cordialement,", "Bien cordialement,", "Bien à vous,", "Sincères salutations,",
               "Nous vous prions d'agréer nos salutations distinguées."],
        sig=["{recruiter}\nChargée de recrutement | {company}", "L'équipe Recrutement {company}", "Le service RH",
             "{recruiter}\nTalent Acquisition"],
        rej_thanks=["Nous vous remercions de l'intérêt que vous portez à {company} et de votre candidature au poste de {role}.",
                    "Merci pour votre candidature et pour le temps consacré à nos échanges.",
                    "Nous avons bien étudié votre candidature au poste de {role}.",
                    "Merci d'avoir rencontré {int1} et {int2} dans le cadre de notre processus de recrutement."],
        rej_dec=["Nous sommes au regret de vous informer que votre candidature n'a pas été retenue.",
                 "Malheureusement, nous ne pouvons pas donner une suite favorable à votre candidature.",
                 "Après une étude attentive de votre dossier, nous avons décidé de poursuivre avec d'autres candidats dont le profil correspond davantage à nos besoins.",
                 "Le poste a été pourvu.",
                 "Nous avons le regret de vous annoncer que nous ne donnerons pas suite à votre candidature.",
                 "Votre profil, bien qu'intéressant, ne correspond pas aux exigences du poste.",
                 "Nous avons retenu une autre candidature pour ce poste.",
                 "Le recrutement pour ce poste a été suspendu.",
                 "Nous ne sommes pas en mesure de vous proposer ce poste."],
        rej_soft=["Cette décision ne remet pas en cause la qualité de votre parcours.",
                  "Nous avons reçu un grand nombre de candidatures de qualité.", ""],
        rej_future=["Nous conservons votre CV dans notre base de données et ne manquerons pas de revenir vers vous si une opportunité se présente.",
                    "Nous vous souhaitons plein succès dans vos recherches.",
                    "Nous vous souhaitons une bonne continuation.", ""],
        rej_subj=["Votre candidature chez {company}", "Votre candidature au poste de {role}", "Suite à votre candidature",
                  "Réponse à votre candidature", "Candidature {role} - {ref}", ""],
        ack_open=["Nous vous remercions pour votre candidature au poste de {role}. Nous l'avons bien reçue.",
                  "Nous accusons bonne réception de votre candidature et vous remercions de l'intérêt porté à {company}.",
                  "Merci d'avoir postulé chez {company} ! Votre candidature a bien été enregistrée.",
                  "Votre candidature au poste de {role} nous est bien parvenue."],
        ack_next=["Notre équipe va étudier votre dossier avec attention et reviendra vers vous dans les meilleurs délais.",
                  "Sans réponse de notre part dans un délai de {weeks} semaines, vous pourrez considérer que votre candidature n'a pas été retenue.",
                  "Si votre profil correspond à nos attentes, nous vous contacterons pour un entretien.",
                  "Dans le cas où votre candidature ne serait pas retenue, nous vous en informerons par e-mail.",
                  "Vous pouvez suivre l'avancement de votre candidature depuis votre espace candidat : {url}"],
        ack_subj=["Accusé de réception de votre candidature", "Votre candidature a bien été reçue", "Merci pour votre candidature",
                  "Confirmation de candidature - {role}", ""],
        int_body=["Votre profil a retenu notre attention et nous souhaiterions vous rencontrer pour un entretien le {date_eu} à {time24}.",
                  "Nous vous proposons un premier échange téléphonique de 30 minutes avec {int1}. Merci de choisir un créneau via ce lien : {url}",
                  "Dans le cadre de votre candidature, nous vous invitons à réaliser un test technique en ligne."],
        int_subj=["Invitation à un entretien", "Proposition d'entretien - {role}", "Prochaine étape de votre candidature"],
        off_body=["Nous avons le plaisir de vous proposer le poste de {role}. Vous trouverez ci-joint notre proposition d'embauche avec une rémunération annuelle de {salary_eu}."],
        off_subj=["Proposition d'embauche", "Votre promesse d'embauche"],
        other=[("{n} nouvelles offres pour vous", "Découvrez les offres qui correspondent à votre alerte emploi « {role} ».\n{company2} - {role2}\nVoir toutes les offres | Se désabonner", "Welcome to the Jungle <alertes@wttj.example>"),
               ("Votre commande a été expédiée", "Bonne nouvelle ! Votre commande n°{order} a été expédiée. Suivez votre colis : {url}", "commandes@boutique.example.fr"),
               ("Réinitialisation de votre mot de passe", "Vous avez demandé la réinitialisation de votre mot de passe. Ce lien expire dans 24 heures.", "noreply@compte.example.fr"),
               ("Opportunité {role}", "Bonjour {first}, je me permets de vous contacter car votre profil correspond à une mission chez l'un de nos clients. Seriez-vous disponible pour en discuter ?", "{recruiter} <{slug}@cabinet.example.fr>"),
               ("La lettre du mois", "Au sommaire : préparer son entretien, négocier son salaire, et nos événements à venir. Se désinscrire", "newsletter@media.example.fr"),
               ("Annulation de votre vol", "Malheureusement, votre vol a été annulé. Nous vous avons réservé une place sur le prochain départ.", "info@compagnie.example")],
    ),
    "es": dict(
        greet=["Hola {first}:", "Estimado/a {first} {last}:", "Buenos días, {first}:", "Estimado candidato:"],
        close=["Saludos cordiales,", "Un saludo,", "Atentamente,", "Muchas gracias,"],
        sig=["{recruiter}\nSelección de personal | {company}", "Equipo de Talento de {company}", "Departamento de RR. HH."],
        rej_thanks=["Gracias por tu interés en {company} y por presentar tu candidatura al puesto de {role}.",
                    "Le agradecemos el tiempo dedicado al proceso de selección para el puesto de {role}.",
                    "Muchas gracias por participar en nuestro proceso de selección."],
        rej_dec=["Lamentamos informarle que su candidatura no ha sido seleccionada para continuar en el proceso.",
                 "Tras revisar detenidamente tu perfil, hemos decidido continuar con otros candidatos cuya experiencia se ajusta mejor al puesto.",
                 "Lamentablemente, en esta ocasión no podemos ofrecerle el puesto.",
                 "La vacante ya ha sido cubierta.",
                 "Hemos decidido no seguir adelante con tu candidatura.",
                 "Sentimos comunicarte que no has sido seleccionado/a."],
        rej_soft=["Esta decisión no refleja el valor de tu experiencia.", "Recibimos muchas candidaturas muy buenas.", ""],
        rej_future=["Conservaremos tu CV para futuras oportunidades.", "Te deseamos mucho éxito en tu búsqueda.",
                    "Le animamos a seguir atento a nuestras ofertas.", ""],
        rej_subj=["Tu candidatura en {company}", "Proceso de selección: {role}", "Actualización de tu candidatura", ""],
        ack_open=["Hemos recibido tu candidatura para el puesto de {role}. ¡Gracias por tu interés en {company}!",
                  "Le confirmamos la recepción de su candidatura.",
                  "Gracias por inscribirte en nuestra oferta de {role}."],
        ack_next=["Nuestro equipo revisará tu perfil y, si encaja con lo que buscamos, nos pondremos en contacto contigo.",
                  "Si no recibe noticias nuestras en {weeks} semanas, entienda que su candidatura no ha sido seleccionada.",
                  "Puedes consultar el estado de tu candidatura en el portal: {url}"],
        ack_subj=["Hemos recibido tu candidatura", "Confirmación de candidatura", "Gracias por tu candidatura - {role}", ""],
        int_body=["Nos gustaría invitarte a una entrevista el {date_eu} a las {time24}.",
                  "Tu perfil nos ha interesado. ¿Tienes disponibilidad para una llamada de 30 minutos esta semana?"],
        int_subj=["Invitación a entrevista", "Siguiente paso: entrevista {role}"],
        off_body=["Nos complace ofrecerte el puesto de {role} con un salario anual de {salary_eu}."],
        off_subj=["Oferta de empleo"],
        other=[("Nuevas ofertas de empleo para ti", "Hemos encontrado {n} ofertas para «{role}».\n{company2} - {role2}\nVer ofertas | Darse de baja", "InfoJobs <alertas@infojobs.example>"),
               ("Tu pedido ha sido enviado", "Tu pedido {order} está en camino. Entrega estimada: {date_eu}.", "pedidos@tienda.example.es"),
               ("Restablecer contraseña", "Hemos recibido una solicitud para restablecer tu contraseña.", "noreply@cuenta.example.es")],
    ),
}


# ---- more German / French / Spanish phrasing -------------------------------------------------------
INTL["de"]["rej_dec"] += [
    "Leider können wir Ihnen keine Zusage geben.",
    "Nach Abschluss der Vorauswahl müssen wir Ihnen leider mitteilen, dass Sie nicht in die engere Auswahl gekommen sind.",
    "Wir haben uns nach sorgfältiger Abwägung gegen Ihre Bewerbung entschieden.",
    "Die Stelle konnte inzwischen anderweitig besetzt werden.",
    "Leider passt Ihr Profil nicht zu den Anforderungen der ausgeschriebenen Position.",
    "Wir müssen Ihnen heute leider eine Absage erteilen.",
    "Leider können wir Sie bei der Besetzung der Stelle nicht berücksichtigen.",
    "Wir haben uns für eine Bewerberin entschieden, deren Erfahrung noch besser zu unseren Anforderungen passt.",
    "Die Position wird aus internen Gründen nicht mehr besetzt, daher beenden wir das Auswahlverfahren.",
    "Da wir für diese Stelle kein Visum sponsern können, ist eine Berücksichtigung Ihrer Bewerbung leider nicht möglich.",
    "Wir werden den Prozess mit Ihnen daher nicht fortsetzen.",
    "Trotz Ihrer interessanten Qualifikationen haben wir uns für eine andere Person entschieden.",
    "Im Vergleich mit anderen Bewerbungen konnten wir Sie leider nicht in die nächste Runde einladen.",
]
INTL["de"]["rej_thanks"] += [
    "haben Sie vielen Dank für Ihre Bewerbung und Ihr Interesse an einer Mitarbeit in unserem Team.",
    "vielen Dank für Ihre Geduld und die Zeit, die Sie in das Auswahlverfahren investiert haben.",
    "nochmals vielen Dank für das offene Gespräch am {weekday}.",
    "wir haben Ihre Unterlagen mit großem Interesse gelesen.",
]
INTL["de"]["rej_subj"] += ["Absage", "Ihre Bewerbung als {role} – Absage", "Ihre Bewerbung vom {date_eu}", "Stand Ihrer Bewerbung",
                           "Ihre Bewerbung bei {company} – Rückmeldung", "AW: Bewerbung {role}"]
INTL["de"]["ack_open"] += [
    "herzlichen Dank für Ihre Bewerbung! Wir freuen uns, dass Sie sich für eine Position bei {company} interessieren.",
    "Ihre Bewerbung als {role} (Kennziffer {ref}) ist bei uns eingegangen. Vielen Dank!",
    "danke für deine Bewerbung – sie ist gut bei uns angekommen.",
    "wir bestätigen hiermit den Eingang Ihrer Bewerbungsunterlagen vom {date_eu}.",
]
INTL["de"]["ack_next"] += [
    "Wir prüfen nun Ihre Unterlagen und melden uns, sobald wir eine Entscheidung getroffen haben.",
    "Sie erhalten in jedem Fall eine Rückmeldung von uns, unabhängig vom Ergebnis.",
    "Bitte sehen Sie von Rückfragen zum Stand Ihrer Bewerbung ab; wir kommen unaufgefordert auf Sie zu.",
    "Sollte Ihre Bewerbung nicht berücksichtigt werden können, speichern wir Ihre Daten mit Ihrem Einverständnis für zukünftige Stellen.",
    "Die Bearbeitung dauert in der Regel zwei bis drei Wochen.",
    "Leider können wir aufgrund der Vielzahl an Bewerbungen nicht jede Anfrage einzeln beantworten.",
]
INTL["de"]["ack_subj"] += ["Ihre Bewerbung ist eingegangen", "Danke für deine Bewerbung!", "Bewerbungseingang: {role}",
                           "Wir haben Ihre Bewerbung erhalten"]
INTL["de"]["int_body"] += [
    "wir möchten Sie gerne näher kennenlernen. Hätten Sie am {weekday} um {time24} Uhr Zeit für ein Videogespräch mit {int1}?",
    "vielen Dank für das erste Gespräch. Gerne laden wir Sie zur zweiten Runde mit unserer Fachabteilung ein.",
    "anbei erhalten Sie den Link zu unserem Online-Assessment. Bitte bearbeiten Sie es innerhalb von {days} Tagen.",
]
INTL["de"]["off_body"] += [
    "nach den guten Gesprächen freuen wir uns, Ihnen eine Zusage für die Position {role} geben zu können! Den Vertragsentwurf erhalten Sie in den nächsten Tagen.",
]
INTL["fr"]["rej_dec"] += [
    "Nous ne pourrons malheureusement pas donner suite à votre candidature.",
    "Votre profil ne correspond pas tout à fait aux besoins du poste.",
    "Nous avons porté notre choix sur un autre candidat dont l'expérience est plus proche de nos attentes.",
    "Le poste n'est plus à pourvoir.",
    "Nous avons décidé de ne pas retenir votre candidature pour la suite du processus.",
    "Votre candidature n'a pas été sélectionnée pour un entretien.",
    "Après réflexion, nous avons choisi de poursuivre le processus avec d'autres profils.",
    "Nous ne sommes malheureusement pas en mesure de parrainer un visa pour ce poste et ne pouvons donc pas poursuivre.",
    "Le recrutement a été annulé suite à une réorganisation interne.",
    "C'est avec regret que nous vous informons que nous ne retiendrons pas votre candidature.",
]
INTL["fr"]["rej_thanks"] += [
    "Nous vous remercions pour le temps que vous nous avez accordé lors de nos échanges.",
    "Merci pour votre candidature spontanée et pour l'intérêt que vous portez à notre entreprise.",
    "Nous avons pris connaissance de votre candidature avec attention.",
]
INTL["fr"]["rej_subj"] += ["Votre candidature", "Candidature - réponse", "RE: Candidature {role}", "Retour sur votre candidature"]
INTL["fr"]["ack_open"] += [
    "Merci pour votre candidature ! Nous sommes ravis de l'intérêt que vous portez à {company}.",
    "Nous vous confirmons la bonne réception de votre candidature pour le poste de {role} (réf. {ref}).",
    "Votre candidature spontanée nous est bien parvenue et nous vous en remercions.",
]
INTL["fr"]["ack_next"] += [
    "Nous reviendrons vers vous dans les prochaines semaines, quelle que soit l'issue de notre processus.",
    "Si votre candidature n'est pas retenue, nous conserverons votre CV dans notre vivier pour de futures opportunités.",
    "En raison du grand nombre de candidatures, nous ne pourrons répondre qu'aux candidats présélectionnés.",
    "Le délai de traitement est d'environ deux semaines.",
]
INTL["fr"]["ack_subj"] += ["Merci pour votre candidature chez {company}", "Candidature reçue", "Nous avons bien reçu votre candidature"]
INTL["fr"]["int_body"] += [
    "Suite à notre premier échange, nous souhaitons vous inviter à un second entretien avec {int1} et {int2}.",
    "Pourriez-vous nous indiquer vos disponibilités pour un entretien téléphonique cette semaine ?",
]
INTL["es"]["rej_dec"] += [
    "No podemos continuar con tu candidatura en esta ocasión.",
    "Hemos seleccionado a otro candidato cuyo perfil se ajusta mejor a nuestras necesidades.",
    "El proceso de selección para este puesto ha quedado cancelado.",
]
INTL["es"]["ack_next"] += [
    "Te responderemos en cualquier caso, sea cual sea el resultado.",
    "Debido al gran volumen de candidaturas, solo contactaremos con las personas preseleccionadas.",
]
CASUAL_INTL = {
    "de": {
        "rejection": ["danke für deine Bewerbung! Die Stelle ist leider schon vergeben.",
                      "wir haben uns leider für jemand anderen entschieden. Trotzdem danke für das nette Gespräch!",
                      "es hat diesmal leider nicht geklappt – wir haben uns für eine Kandidatin mit mehr Erfahrung entschieden.",
                      "kurze Rückmeldung: wir machen mit deiner Bewerbung nicht weiter. Sorry, dass es so lange gedauert hat.",
                      "die Stelle wird vorerst doch nicht besetzt, daher müssen wir dir leider absagen.",
                      "leider passt es diesmal nicht. Wir melden uns, falls wieder etwas Passendes frei wird."],
        "acknowledgement": ["danke für deine Bewerbung! Sie ist angekommen, wir schauen sie uns diese Woche an.",
                            "deine Unterlagen sind da, vielen Dank! Wir melden uns in den nächsten Tagen bei dir.",
                            "danke für deine Nachricht und den Lebenslauf. Ich gebe alles an das Team weiter und melde mich."],
        "interview": ["hast du Lust auf ein kurzes Kennenlernen? Am {weekday} um {time24} Uhr hätte ich Zeit.",
                      "wir würden dich gerne zum Probearbeiten einladen – passt dir nächste Woche?",
                      "danke für die Unterlagen! Können wir morgen kurz telefonieren?"],
        "greet": ["Hallo {first},", "Hi {first},", "Liebe/r {first},", ""],
        "sign": ["Viele Grüße\n{int1}", "LG {int1}", "Beste Grüße, {int1}", "{int1}"],
    },
    "fr": {
        "rejection": ["merci pour ta candidature ! Malheureusement le poste est déjà pourvu.",
                      "on a finalement choisi quelqu'un d'autre, désolé. Merci encore pour l'échange !",
                      "ça n'a pas marché cette fois-ci : nous avons retenu un profil plus expérimenté.",
                      "petit retour rapide : nous ne donnerons pas suite à ta candidature. Désolée pour le délai.",
                      "le recrutement est finalement gelé, donc nous arrêtons le processus. Vraiment désolé."],
        "acknowledgement": ["merci pour ta candidature, on l'a bien reçue ! On revient vers toi la semaine prochaine.",
                            "j'ai bien reçu ton CV, merci ! Je le transmets à l'équipe et je te tiens au courant.",
                            "bien reçu, merci ! Nous étudions les candidatures jusqu'à vendredi."],
        "interview": ["on aimerait bien te rencontrer ! Tu serais dispo {weekday} à {time24} ?",
                      "merci pour ton CV ! On peut s'appeler demain pour en parler ?",
                      "est-ce que tu pourrais passer au bureau la semaine prochaine pour un entretien ?"],
        "greet": ["Bonjour {first},", "Salut {first},", "Hello {first},", ""],
        "sign": ["Bonne journée,\n{int1}", "À bientôt, {int1}", "{int1}", "Bien à toi,\n{int1}"],
    },
}


# ---- 2026-11-25: wider German / French / Spanish coverage (real-world ATS and personal wording) ----------
INTL["de"]["greet"] += ["Guten Tag Frau {last},", "Guten Tag Herr {last},", "Hallo Frau {last},", "Hallo Herr {last},",
                        "Sehr geehrte Damen und Herren,", "Servus {first},", "Moin {first},", "Sehr geehrte:r {first} {last},"]
INTL["de"]["close"] += ["Freundliche Grüsse", "Mit besten Grüßen", "Liebe Grüße", "Mit freundlichem Gruß", "Gruß"]
INTL["de"]["sig"] += ["{recruiter}\nTalent Acquisition\n{company}", "Ihr Recruiting-Team von {company}",
                      "Personalabteilung {company}", "{recruiter}\nPeople & Culture"]
INTL["de"]["rej_thanks"] += [
    "vielen Dank für Ihr Interesse an der Stelle {role} und die Zusendung Ihrer Unterlagen.",
    "herzlichen Dank für Ihre Bewerbung und das Interesse, das Sie damit an unserem Haus gezeigt haben.",
    "danke für deine Bewerbung und die Zeit, die du dir für uns genommen hast.",
    "vielen Dank, dass Sie sich die Zeit für das Vorstellungsgespräch genommen haben.",
    "wir haben Ihre Bewerbungsunterlagen erhalten und sorgfältig geprüft.",
    "danke für die Bearbeitung der Aufgabe und das anschließende Gespräch.",
]
INTL["de"]["rej_dec"] += [
    "Leider müssen wir Ihnen mitteilen, dass wir uns für einen anderen Kandidaten entschieden haben.",
    "Nach sorgfältiger Prüfung haben wir uns entschieden, Ihre Bewerbung nicht weiter zu berücksichtigen.",
    "Wir haben uns für einen anderen Kandidaten entschieden.",
    "Leider haben wir uns gegen dich entschieden.",
    "Leider müssen wir dir mitteilen, dass wir uns für eine andere Person entschieden haben.",
    "Wir bedauern, Ihnen keine positivere Nachricht übermitteln zu können.",
    "Aufgrund der hohen Anzahl an qualifizierten Bewerbungen können wir Sie leider nicht berücksichtigen.",
    "Die Stelle ist bereits vergeben.",
    "Der Einstellungsstopp betrifft leider auch diese Position, sodass wir das Verfahren beenden.",
    "Wir haben die Stelle intern besetzt.",
    "Wir können Ihnen daher leider keine Stelle in unserem Unternehmen anbieten.",
    "Ihre Bewerbung konnte im weiteren Verfahren leider nicht berücksichtigt werden.",
    "Hiermit müssen wir Ihnen leider eine Absage für die Position {role} erteilen.",
    "Andere Bewerber passen leider besser auf das Anforderungsprofil.",
    "Nach Abschluss der Gespräche haben wir uns für eine Kandidatin mit mehr Erfahrung im Bereich {skill} entschieden.",
]
INTL["de"]["rej_soft"] += ["Bitte verstehen Sie unsere Entscheidung nicht als Abwertung Ihrer Person.",
                           "Uns ist bewusst, dass dies nicht die erhoffte Nachricht ist.",
                           "Gerne geben wir Ihnen auf Nachfrage ein kurzes Feedback."]
INTL["de"]["rej_future"] += [
    "Mit Ihrem Einverständnis nehmen wir Ihre Unterlagen gerne in unseren Talentpool auf.",
    "Ihre Unterlagen werden wir selbstverständlich datenschutzgerecht vernichten.",
    "Wir wünschen Ihnen alles Gute für Ihren weiteren Berufsweg.",
    "Wir würden uns freuen, wenn Sie uns weiterhin verbunden bleiben.",
]
INTL["de"]["rej_subj"] += ["Absage Ihrer Bewerbung", "Ihre Bewerbung: {role}", "Bewerbung {role} – Ihre Unterlagen",
                           "Re: Ihre Bewerbung", "Information zu Ihrer Bewerbung", "Ihre Bewerbung bei uns"]
INTL["de"]["ack_open"] += [
    "vielen Dank für Ihre Bewerbung. Hiermit bestätigen wir Ihnen den Eingang Ihrer Unterlagen für die Stelle {role}.",
    "Ihre Unterlagen sind bei uns eingegangen – vielen Dank für Ihr Vertrauen.",
    "wir möchten Ihnen einen kurzen Zwischenbescheid geben: Ihre Bewerbung befindet sich noch in Bearbeitung.",
    "leider dauert das Auswahlverfahren länger als geplant. Ihre Bewerbung ist weiterhin im Prozess.",
    "vielen Dank für deine Bewerbung als {role}! Deine Unterlagen sind bei uns eingegangen.",
    "wir bedanken uns für Ihre Initiativbewerbung, die wir heute erhalten haben.",
]
INTL["de"]["ack_next"] += [
    "Sollten Sie innerhalb von {weeks} Wochen keine Rückmeldung erhalten, betrachten Sie Ihre Bewerbung bitte als nicht berücksichtigt.",
    "Wir bitten Sie noch um etwas Geduld und melden uns, sobald das Verfahren abgeschlossen ist.",
    "Leider können wir Ihnen noch keine abschließende Rückmeldung geben.",
    "Wir melden uns ausschließlich bei Kandidatinnen und Kandidaten, die in die engere Auswahl kommen.",
    "Unsere Fachabteilung sichtet derzeit alle Unterlagen.",
    "Wir melden uns bei dir, sobald wir alles gesichtet haben.",
]
INTL["de"]["ack_subj"] += ["Zwischenbescheid zu Ihrer Bewerbung", "Zwischennachricht: {role}", "Eingangsbestätigung",
                           "Eingangsbestätigung Ihrer Bewerbung als {role}", "Ihre Bewerbung – Eingangsbestätigung",
                           "Danke für Ihre Initiativbewerbung"]
INTL["de"]["int_body"] += [
    "wir möchten Sie zu einem Vorstellungsgespräch einladen. Passt Ihnen der {date_eu} um {time24} Uhr in unserem Büro?",
    "Ihre Unterlagen haben uns gefallen. Wir würden Sie gerne zu einem persönlichen Gespräch einladen.",
    "wir freuen uns, Sie zu einem Kennenlerngespräch per Microsoft Teams einzuladen. Bitte bestätigen Sie den Termin am {date_eu}.",
    "gerne würden wir dich zu einem ersten Gespräch einladen. Wann passt es dir nächste Woche?",
    "hiermit laden wir Sie zu unserem Assessment-Center am {date_eu} ein. Weitere Informationen finden Sie im Anhang.",
    "bitte buchen Sie über folgenden Link einen Termin für ein 30-minütiges Telefoninterview: {url}",
]
INTL["de"]["int_subj"] += ["Einladung zum Vorstellungsgespräch – {role}", "Einladung: Kennenlerngespräch", "Terminvereinbarung",
                           "Ihre Bewerbung – Einladung zum Gespräch", "Einladung zum Probearbeiten", "Zweites Gespräch"]
INTL["de"]["off_body"] += [
    "wir freuen uns sehr, Ihnen mitteilen zu können, dass wir Ihnen die Stelle als {role} anbieten möchten. Anbei finden Sie Ihren Arbeitsvertrag in zweifacher Ausfertigung.",
    "nach den Gesprächen sind wir überzeugt: Wir möchten Sie gerne in unserem Team begrüßen! Unser Angebot: {salary_eu} brutto im Jahr, Start zum {date_eu}.",
    "herzlichen Glückwunsch! Wir möchten dir die Stelle {role} anbieten. Den Vertrag schicke ich dir morgen per DocuSign.",
    "anbei erhalten Sie unser Vertragsangebot für die Position {role}. Bitte senden Sie uns den unterschriebenen Vertrag bis zum {date_eu} zurück.",
]
INTL["de"]["off_subj"] += ["Vertragsangebot {role}", "Ihr Arbeitsvertrag", "Herzlichen Glückwunsch!", "Angebot: {role}",
                           "Zusage zu Ihrer Bewerbung"]
INTL["de"]["other"] += [
    ("{n} neue Jobs für „{role}“", "Passend zu Ihrem Jobagenten:\n{company2} – {role2} – {city2}\n{company3} – {role3}\nDiese Stelle ist leider nicht mehr verfügbar? Hier sind ähnliche Jobs für Sie.\nJobagent bearbeiten | Abmelden", "StepStone Jobagent <jobagent@stepstone.de>"),
    ("Neue Stellenangebote: {role}", "Hallo {first}, es gibt {n} neue Jobs in Ihrer Nähe.\n{role2} – {company2}\n{role3} – {company3}\nLeider ist die Stelle, die Sie gespeichert haben, abgelaufen. Ähnliche Stellen ansehen.", "Indeed <alert@indeed.com>"),
    ("{recruiter} hat Ihr Profil angesehen", "Ihr Profil wurde diese Woche {n} Mal besucht. Premium-Mitglieder sehen alle Besucher. Jetzt testen.", "XING <mailrobot@mail.xing.com>"),
    ("Jobempfehlungen für Sie", "Diese Jobs könnten Sie interessieren:\n{role2} bei {company2}\n{role3} bei {company3}\nEinstellungen ändern", "XING Jobs <jobs@mail.xing.com>"),
    ("Ihre Bewerbung wurde angesehen", "{company} hat Ihre Bewerbung für {role} angesehen.\nÄhnliche Jobs\n{company2} – {role2}", "LinkedIn <jobs-noreply@linkedin.com>"),
    ("Ihre Rechnung vom {date_eu}", "Vielen Dank für Ihren Einkauf. Rechnungsbetrag: {amount} €. Die Rechnung finden Sie im Anhang.", "rechnung@shop.example.de"),
    ("Ihre Gehaltsabrechnung", "Ihre Entgeltabrechnung für den aktuellen Monat steht im Mitarbeiterportal bereit.", "lohn@{slug}.example.de"),
    ("Karriere-Newsletter: So gelingt die Absage", "Was tun nach einer Absage? Fünf Tipps, wie Sie aus einer Ablehnung lernen. Außerdem: Gehaltsreport 2026. Abmelden", "newsletter@karriere.example.de"),
    ("Ihre Wohnungsanfrage", "Leider müssen wir Ihnen mitteilen, dass die Wohnung bereits vergeben ist. Wir wünschen Ihnen viel Erfolg bei der Suche.", "vermietung@immo.example.de"),
    ("Bitte bestätigen Sie Ihre E-Mail-Adresse", "Klicken Sie auf den folgenden Link, um Ihr Konto zu aktivieren: {url}", "noreply@{slug}.example.de"),
    ("Ihre Bewerbung ist noch nicht vollständig", "Sie haben Ihre Bewerbung als {role} begonnen, aber noch nicht abgeschickt. Jetzt fortsetzen: {url}", "{company} Karriere <noreply@{slug}.example.de>"),
    ("Einladung: Karrieremesse {city2}", "Treffen Sie über 80 Arbeitgeber auf der Jobmesse am {date_eu}. Kostenlose Anmeldung: {url}", "events@jobmesse.example.de"),
]
INTL["fr"]["greet"] += ["Bonjour Madame {last},", "Bonjour Monsieur {last},", "Chère Madame,", "Cher Monsieur,",
                        "Bonjour {first} !", "Madame, Monsieur, bonjour,"]
INTL["fr"]["close"] += ["Belle journée,", "Très cordialement,", "Bien cordialement.",
                        "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.", "À bientôt,"]
INTL["fr"]["sig"] += ["Le service Ressources Humaines\n{company}", "{recruiter}\nResponsable recrutement",
                      "L'équipe Talents de {company}", "{recruiter}\nRH - {company}"]
INTL["fr"]["rej_thanks"] += [
    "Nous avons bien reçu votre candidature et vous remercions de l'intérêt que vous portez à notre société.",
    "Nous faisons suite à votre candidature pour le poste de {role}.",
    "Merci pour votre candidature spontanée, que nous avons lue avec attention.",
    "Merci d'avoir pris le temps de réaliser l'exercice technique et de nous rencontrer.",
    "Merci pour ta candidature et pour le temps passé avec nous.",
]
INTL["fr"]["rej_dec"] += [
    "Malgré l'intérêt de votre candidature, nous ne sommes pas en mesure d'y donner une suite favorable.",
    "Votre profil n'a pas été retenu pour ce poste.",
    "Nous ne donnerons pas suite à votre candidature.",
    "Après examen attentif de votre dossier, nous sommes au regret de vous informer que nous ne pouvons pas retenir votre candidature.",
    "Nous avons le regret de vous informer que le poste a été pourvu en interne.",
    "Nous avons finalement choisi un autre candidat.",
    "Le poste a été supprimé suite à un gel des recrutements.",
    "Votre candidature n'a malheureusement pas été retenue à l'issue des entretiens.",
    "Nous ne sommes pas en mesure de donner une suite positive à votre candidature spontanée, faute de poste disponible.",
    "Ton profil n'a pas été retenu pour la suite du processus.",
]
INTL["fr"]["rej_soft"] += ["Ce choix a été difficile tant les candidatures étaient nombreuses.",
                           "Nous sommes conscients que cette réponse vous décevra.", ""]
INTL["fr"]["rej_future"] += [
    "Sauf avis contraire de votre part, nous conservons votre CV dans notre vivier pendant deux ans.",
    "Nous vous encourageons à consulter régulièrement nos offres sur notre site carrière.",
    "Nous vous souhaitons une pleine réussite dans vos projets professionnels.",
    "Nous te souhaitons plein de réussite pour la suite.",
]
INTL["fr"]["rej_subj"] += ["Votre candidature spontanée", "Candidature spontanée", "Réponse à votre candidature - {role}",
                           "Suite de votre candidature", "Votre candidature - {company}", "Candidature au poste de {role}"]
INTL["fr"]["ack_open"] += [
    "Nous avons bien reçu votre candidature et nous vous en remercions.",
    "Votre candidature a bien été transmise à {company}.",
    "Nous vous remercions pour votre candidature spontanée, qui a bien été enregistrée.",
    "Votre candidature est toujours en cours d'étude et nous revenons vers vous dès que possible.",
    "Merci pour ta candidature au poste de {role}, on l'a bien reçue !",
    "Nous vous confirmons que votre dossier est complet et qu'il a été transmis au manager.",
]
INTL["fr"]["ack_next"] += [
    "Faute de réponse de notre part sous {weeks} semaines, merci de considérer que nous ne pouvons donner une suite favorable à votre candidature.",
    "Seuls les candidats retenus pour un entretien seront contactés.",
    "Le processus de recrutement est toujours en cours ; nous vous remercions de votre patience.",
    "Nous vous tiendrons informé(e) de la suite réservée à votre candidature.",
    "Si votre profil correspond, un membre de l'équipe prendra contact avec toi.",
]
INTL["fr"]["ack_subj"] += ["Accusé de réception", "Candidature spontanée - accusé de réception", "Votre candidature est en cours d'étude",
                           "Nous avons bien reçu votre candidature !", "Confirmation de votre candidature"]
INTL["fr"]["int_body"] += [
    "Votre candidature a retenu toute notre attention. Nous vous proposons un entretien dans nos locaux le {date_eu} à {time24}.",
    "Nous serions ravis d'échanger avec vous lors d'un entretien en visio. Quelles sont vos disponibilités la semaine prochaine ?",
    "Je vous propose un appel de 20 minutes pour faire connaissance. Vous pouvez réserver un créneau ici : {url}",
    "Suite à votre test technique, nous souhaitons vous inviter à un entretien final avec {int1}.",
    "On aimerait beaucoup te rencontrer pour un premier entretien. Es-tu disponible {weekday} ?",
]
INTL["fr"]["int_subj"] += ["Convocation à un entretien", "Entretien - {role}", "Proposition de rendez-vous", "Invitation : entretien en visio"]
INTL["fr"]["off_body"] += [
    "Nous avons le plaisir de vous confirmer notre souhait de vous accueillir au sein de nos équipes en tant que {role}. Vous trouverez ci-joint votre promesse d'embauche.",
    "Suite à nos échanges, nous sommes heureux de vous faire une proposition : CDI, {salary_eu} bruts annuels, prise de poste le {date_eu}.",
    "Bonne nouvelle : nous souhaitons te proposer le poste ! Je t'envoie le contrat demain pour signature.",
    "Nous vous adressons ci-joint votre contrat de travail. Merci de nous le retourner signé avant le {date_eu}.",
]
INTL["fr"]["off_subj"] += ["Promesse d'embauche - {role}", "Proposition de poste", "Votre contrat de travail", "Bonne nouvelle !",
                           "Offre d'emploi - {company}"]
INTL["fr"]["other"] += [
    ("Nouvelles offres : {role}", "{n} nouvelles offres correspondent à votre recherche.\n{role2} - {company2} - CDI\n{role3} - {company3}\nCette offre n'est malheureusement plus disponible. Voici des offres similaires.\nGérer mes alertes", "Indeed <alert@indeed.com>"),
    ("Votre alerte emploi", "Les dernières offres pour « {role} » :\n{company2} - {role2}\n{company3} - {role3}\nModifier mon alerte", "HelloWork <alertes@hellowork.example>"),
    ("Ces entreprises recrutent", "Cette semaine sur Welcome to the Jungle : {company2}, {company3} et {n} autres entreprises recrutent. Découvrir", "Welcome to the Jungle <hello@wttj.example>"),
    ("Votre candidature a été consultée", "{company} a consulté votre candidature pour {role}.\nOffres similaires :\n{company2} - {role2}", "LinkedIn <jobs-noreply@linkedin.com>"),
    ("Votre facture", "Merci pour votre achat. Montant : {amount} €. Votre facture est disponible dans votre espace client.", "facturation@boutique.example.fr"),
    ("Votre bulletin de paie est disponible", "Votre bulletin de salaire du mois est disponible dans votre coffre-fort numérique.", "paie@{slug}.example.fr"),
    ("Newsletter APEC", "Ce mois-ci : comment rebondir après un refus, les salaires des cadres en 2026 et nos ateliers CV. Se désabonner", "APEC <newsletter@apec.example.fr>"),
    ("Votre dossier de location", "Nous sommes au regret de vous informer que votre dossier pour l'appartement n'a pas été retenu par le propriétaire.", "agence@immo.example.fr"),
    ("Confirmez votre adresse e-mail", "Cliquez sur le lien ci-dessous pour activer votre compte candidat : {url}", "noreply@{slug}.example.fr"),
    ("Votre candidature n'est pas terminée", "Vous avez commencé à postuler au poste de {role} mais votre candidature n'a pas été envoyée. Reprendre : {url}", "{company} <noreply@{slug}.example.fr>"),
    ("Salon de l'emploi {city2}", "Rencontrez 60 recruteurs le {date_eu}. Inscription gratuite : {url}", "evenements@salon.example.fr"),
]
INTL["es"]["greet"] += ["Hola, {first}:", "Buenas tardes:", "Estimada {first}:", "Hola {first},"]
INTL["es"]["close"] += ["Un abrazo,", "Recibe un cordial saludo,", "Gracias de nuevo,"]
INTL["es"]["rej_thanks"] += ["Te agradecemos el interés mostrado en formar parte de {company}.",
                             "Gracias por el tiempo que dedicaste a las entrevistas con {int1}.",
                             "Hemos revisado con atención tu candidatura al puesto de {role}."]
INTL["es"]["rej_dec"] += [
    "Lamentamos comunicarte que en esta ocasión no vamos a seguir adelante con tu candidatura.",
    "Tras valorar todas las candidaturas, hemos optado por otro perfil.",
    "Finalmente el puesto se ha cubierto de forma interna.",
    "Por el momento no podemos avanzar contigo en el proceso.",
    "Sentimos decirte que no has pasado a la siguiente fase.",
    "La posición ha quedado congelada y cerramos el proceso.",
]
INTL["es"]["rej_subj"] += ["Respuesta a tu candidatura", "Tu candidatura a {role}", "Proceso de selección - {company}"]
INTL["es"]["ack_open"] += ["Tu candidatura se ha registrado correctamente.", "¡Gracias por postularte a {role}! Ya tenemos tu CV.",
                           "Hemos recibido tu solicitud y la estamos revisando."]
INTL["es"]["ack_next"] += ["El proceso sigue abierto y te mantendremos informado/a.",
                           "Si tu perfil encaja, te llamaremos para una primera entrevista."]
INTL["es"]["int_body"] += ["Nos encantaría conocerte. ¿Podrías venir a nuestra oficina el {date_eu} a las {time24}?",
                           "Queremos pasar a la siguiente fase: una entrevista técnica con {int1}. Elige un hueco aquí: {url}",
                           "Te proponemos una videollamada de 30 minutos esta semana para conocernos."]
INTL["es"]["int_subj"] += ["Entrevista - {role}", "Próximos pasos", "¿Hablamos?"]
INTL["es"]["off_body"] += ["¡Enhorabuena! Queremos que te unas al equipo como {role}. Te enviamos la propuesta por escrito.",
                           "Adjuntamos la carta de oferta: contrato indefinido, {salary_eu} brutos anuales, incorporación el {date_eu}."]
INTL["es"]["off_subj"] += ["Carta de oferta - {role}", "¡Enhorabuena!", "Propuesta de incorporación"]
INTL["es"]["other"] += [
    ("{n} nuevas ofertas para ti", "Ofertas que encajan con tu búsqueda:\n{role2} - {company2}\n{role3} - {company3}\nLamentablemente esta oferta ya no está disponible. Mira ofertas similares.", "Indeed <alert@indeed.com>"),
    ("Tu factura", "Gracias por tu compra. Importe: {amount} €. Descarga tu factura en tu cuenta.", "facturas@tienda.example.es"),
    ("Boletín de empleo", "Esta semana: cómo preparar una entrevista y qué hacer tras un rechazo. Darse de baja", "boletin@empleo.example.es"),
    ("{company} ha visto tu candidatura", "{company} ha visto tu solicitud para {role}.\nEmpleos similares\n{company2} - {role2}", "LinkedIn <jobs-noreply@linkedin.com>"),
]
CASUAL_INTL["de"]["rejection"] += [
    "kurz und ehrlich: wir haben uns für jemand anderen entschieden. Danke dir für deine Zeit!",
    "die Stelle haben wir inzwischen intern besetzt, deshalb wird es leider nichts. Sorry!",
    "wir haben lange überlegt, aber wir gehen mit einer anderen Kandidatin weiter. Feedback gebe ich dir gerne am Telefon.",
    "danke für die Probeaufgabe! Leider reicht es diesmal nicht für die nächste Runde.",
    "leider gibt es gerade einen Einstellungsstopp, die Stelle ist vorerst auf Eis gelegt. Tut mir wirklich leid.",
]
CASUAL_INTL["de"]["acknowledgement"] += [
    "kurzer Zwischenstand: wir sind noch mitten in den Gesprächen, du hörst spätestens Ende nächster Woche von mir.",
    "danke für deine Unterlagen! Ich leite sie an das Team weiter. Falls wir nichts von uns hören lassen, hake gerne nach.",
]
CASUAL_INTL["de"]["interview"] += [
    "danke für deine Bewerbung! Hättest du Zeit für ein kurzes Telefonat am {weekday}?",
    "wir würden dich gerne ins Büro einladen, um das Team kennenzulernen. Passt dir {weekday} um {time24}?",
]
CASUAL_INTL["de"]["offer"] = [
    "gute Nachrichten: wir möchten dich gerne einstellen! Den Vertrag schicke ich dir morgen.",
    "das Team war begeistert – wir machen dir ein Angebot. Lass uns morgen kurz über Gehalt und Startdatum sprechen.",
    "herzlichen Glückwunsch, die Stelle gehört dir, wenn du magst! Details folgen per Mail.",
]
CASUAL_INTL["fr"]["rejection"] += [
    "je préfère être franc : on a retenu quelqu'un d'autre. Merci pour ton temps !",
    "merci pour l'exercice technique. On ne va pas aller plus loin cette fois, mais je peux te faire un retour si tu veux.",
    "le poste a été pourvu en interne, donc on s'arrête là. Désolée !",
    "on a décidé de ne pas poursuivre avec ta candidature. Bonne continuation dans tes recherches.",
]
CASUAL_INTL["fr"]["acknowledgement"] += [
    "petit point d'étape : on est encore en train de voir les candidats, je reviens vers toi fin de semaine prochaine.",
    "merci pour ton message et ton CV, je les transmets à la manageuse.",
]
CASUAL_INTL["fr"]["interview"] += [
    "ton profil nous plaît ! On se fait un appel de 20 minutes {weekday} ?",
    "tu serais disponible pour passer nous voir à l'agence {weekday} à {time24} ?",
]
CASUAL_INTL["fr"]["offer"] = [
    "bonne nouvelle : on aimerait te proposer le poste ! Je t'envoie la proposition écrite demain.",
    "l'équipe est unanime, on veut travailler avec toi. On s'appelle pour parler salaire et date de démarrage ?",
    "c'est oui de notre côté ! Félicitations, le contrat arrive par mail.",
]
CASUAL_INTL["es"] = {
    "rejection": ["gracias por tu tiempo. Al final hemos elegido a otra persona para el puesto.",
                  "te escribo para contarte que no seguimos adelante con tu candidatura. ¡Mucha suerte!",
                  "el puesto ya está cubierto, lo siento mucho.",
                  "hemos decidido pausar la contratación, así que cerramos el proceso. Perdona las molestias."],
    "acknowledgement": ["¡gracias por tu CV! Lo hemos recibido y te decimos algo la semana que viene.",
                        "recibido, gracias. Lo paso al equipo y te cuento."],
    "interview": ["¿te viene bien una llamada rápida el {weekday} a las {time24}?",
                  "nos ha gustado tu perfil, ¿quedamos para una entrevista la semana que viene?"],
    "offer": ["¡buenas noticias! Queremos ofrecerte el puesto. Mañana te mando la propuesta.",
              "el equipo lo tiene claro: queremos que te unas. ¿Hablamos de salario y fecha de inicio?"],
    "greet": ["Hola {first},", "Hola, {first}:", "¡Hola {first}!", ""],
    "sign": ["Un saludo,\n{int1}", "Abrazo, {int1}", "{int1}", "Gracias,\n{int1}"],
}

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def strip_accents(text: str, lang: str) -> str:
    """What mail looks like after a keyboard, a client or a gateway lost the accents: German umlauts as
    ae/oe/ue/ss, French and Spanish letters without their marks."""
    import unicodedata
    if lang == "de":
        text = text.translate(_FOLD)
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")


# ---- 2026-11-25: more informal English phrasing and hard negatives -------------------------------------
REJ_CASUAL += [
    "Quick note - we went another way on this one. Thanks for all the time you put in.",
    "I wanted to let you know personally that we won't be moving ahead. You were great to talk to.",
    "We've filled the role, so I'm closing things out on my side. Sorry it's not better news.",
    "Thanks for doing the take-home. The team reviewed it and we've decided not to take it further - happy to share their notes if you'd like.",
    "Bit of an awkward one: the position was cancelled after a reorg, so we're not hiring for it anymore.",
    "Headcount got frozen last week, which means we can't move forward with anyone for {role}. I'm really sorry.",
    "Not the news you were hoping for, I know - we offered the job to someone else and they said yes.",
    "We're going to pass on this one. It was close and I'd honestly encourage you to apply again later in the year.",
    "Thank you for the interview on {weekday}. We've decided to go with a candidate who has more {skill} experience.",
    "I'll keep it short: it's a no from us this time, but thank you for all the effort.",
    "Your exercise was thoughtful but it didn't quite hit what we need, so we'll stop here. Some feedback: the tests were thin and the README skipped the trade-offs.",
    "Just closing the loop - we hired someone for the role last week.",
    "We've decided to keep looking for someone with more people-management experience, so we won't be continuing with you.",
    "Unfortunately we don't have a role for you at the moment. Thanks for thinking of us though!",
    "The hiring manager decided to go with an internal transfer, so we're wrapping up the search. Sorry!",
    "We're not going to be able to offer you the position, but I really enjoyed our conversations.",
    "Sorry to say we won't be inviting you back for the final round.",
    "We've chosen to move on with other applicants - it was a competitive pool.",
]
ACK_NEXT += [
    "If we don't get back to you within {weeks} weeks, please assume the role has gone to someone else.",
    "We will only contact candidates who are shortlisted for the next stage.",
    "Due to the number of applications we receive, unfortunately we can't give individual feedback at this stage.",
    "If you haven't heard from us by the end of the month, unfortunately your application won't have progressed this time.",
    "We're still reviewing applications and will update you as soon as a decision has been made - thanks for bearing with us.",
    "Unfortunately we are not able to reply to every application, but we read each one.",
]
INT_CASUAL += [
    "Hey! Thanks for applying - could you do a 15 min call on {weekday}? Just want to hear a bit more about you.",
    "Nice work on the take-home. We'd like to bring you in to walk us through it - does {weekday} at {time} work?",
    "Would love to chat about the {role} role. Grab any slot here that works: https://calendly.com/{slug}-hiring/30min",
    "The founders want to meet you! Dinner-and-chat style, {weekday} evening, if you're around.",
    "Moving you to the next round. {int1} will send over a calendar invite for the technical interview.",
]
OFF_CASUAL += [
    "We'd love for you to join the team. Offer letter's attached - {salary} plus equity, details inside. No rush, take the weekend.",
    "Good news! The team wants to move forward with an offer. I'll call you tonight to go over the numbers.",
    "Hi! Pleased to let you know the job is yours if you want it. Contract to follow.",
    "We got approval on the revised number: {salary}. Updated offer is in DocuSign for you.",
]


@other_kind
def o_job_closed(g: Gen, c: dict):
    src = g.pick(["linkedin", "indeed", "glassdoor", "ziprecruiter"])
    frm = {"linkedin": "LinkedIn <jobs-noreply@linkedin.com>", "indeed": "Indeed <alert@indeed.com>",
           "glassdoor": "Glassdoor <noreply@glassdoor.com>", "ziprecruiter": "ZipRecruiter <alerts@ziprecruiter.com>"}[src]
    body = join(g, [
        fmt(g.pick(["Unfortunately, the {role} job at {company} you saved is no longer available.",
                    "A job you saved has expired: {role} at {company}.",
                    "Unfortunately this job is no longer accepting applications. Here are similar jobs you might like.",
                    "The posting you viewed ({role}, {company}) has been closed by the employer.",
                    "Sorry, this job is no longer available. We found similar jobs for you."]), c),
        g.pick(["Similar jobs", "Here are similar jobs", "Jobs like this one", "Keep looking"]),
        similar_jobs(g, c),
        g.pick(["Manage alerts | Unsubscribe", "You are receiving this because you saved a job.", "Unsubscribe from saved job updates."]),
    ])
    subj = fmt(g.pick(["A job you saved is no longer available", "{role} at {company} has expired", "Similar jobs to {role}",
                       "This job is no longer available", "Jobs similar to one you viewed"]), c)
    return subj, body, frm


def gen_casual_intl(g: Gen, label: str, lang: str) -> dict:
    L = CASUAL_INTL[lang]
    c = g.ctx(lang)
    frm, _ = g.sender(c, "person")
    greet = fmt(g.pick(L["greet"]), c)
    line = fmt(g.pick(L[label]), c)
    body = join(g, [greet, line if greet else cap(line), fmt(g.pick(L["sign"]), c)])
    yours = {"de": "Deine Bewerbung", "fr": "Ta candidature", "es": "Tu candidatura"}[lang]
    re_ = {"de": "AW: Bewerbung", "fr": "RE: candidature", "es": "RE: candidatura"}[lang]
    subj = g.pick(["Re: " + c["role"], yours, "", c["company"], re_])
    return dict(subject=subj, body=g.dress(body), sender=frm)


PROSE_INTL = {
    "de": [
        "Hast du am Wochenende Zeit? Wir wollten grillen, wenn das Wetter hält.",
        "Der Server ist heute Nacht wieder ausgefallen, ich schaue mir die Logs morgen an.",
        "Die Sitzung wurde auf Donnerstag verschoben, weil der Raum belegt ist.",
        "Anbei die Fotos vom Ausflug, leider sind nicht alle scharf geworden.",
        "Leider fällt das Training am Mittwoch aus, die Halle ist gesperrt.",
        "Die neue Version der Software läuft deutlich stabiler, aber der Drucker spinnt noch.",
        "Wir haben uns entschieden, dieses Jahr nicht in den Urlaub zu fahren.",
        "Kannst du mir die Unterlagen für die Steuererklärung bis Freitag schicken?",
        "Die Stadt plant eine neue Radspur entlang der Hauptstraße.",
        "Vielen Dank für die schnelle Hilfe, jetzt funktioniert alles wieder.",
        "Im Anhang findest du das Protokoll der letzten Besprechung.",
        "Die Preise für Energie sind im letzten Quartal erneut gestiegen.",
    ],
    "fr": [
        "Tu es libre samedi ? On pensait faire un pique-nique au parc.",
        "Le serveur est encore tombé cette nuit, je regarde les journaux demain matin.",
        "La réunion est reportée à jeudi, la salle n'est pas disponible.",
        "Voici les photos de la randonnée, certaines sont un peu floues.",
        "Malheureusement l'entraînement de mercredi est annulé.",
        "Merci pour ton aide, tout fonctionne à nouveau.",
        "Nous avons décidé de ne pas partir en vacances cette année.",
        "Peux-tu m'envoyer les documents pour la déclaration d'impôts avant vendredi ?",
        "La mairie prévoit une nouvelle piste cyclable sur le boulevard.",
        "Vous trouverez ci-joint le compte rendu de la dernière réunion.",
        "Les prix de l'énergie ont encore augmenté ce trimestre.",
        "Le concert de samedi a été reporté à une date ultérieure.",
    ],
    "es": [
        "¿Tienes tiempo el sábado? Queríamos hacer una barbacoa.",
        "El servidor se cayó otra vez anoche, mañana reviso los registros.",
        "La reunión se ha aplazado al jueves.",
        "Gracias por tu ayuda, ya funciona todo.",
        "Te adjunto las fotos de la excursión.",
        "Lamentablemente el partido del miércoles se ha suspendido.",
    ],
}


def gen_intl(g: Gen, label: str, lang: str) -> dict:
    e = _gen_intl(g, label, lang)
    if g.r.random() < (0.3 if lang == "fr" else 0.2):  # accents lost on the way
        e = dict(e, subject=strip_accents(e["subject"], lang), body=strip_accents(e["body"], lang))
    return e


def _gen_intl(g: Gen, label: str, lang: str) -> dict:
    if lang in CASUAL_INTL and label in CASUAL_INTL[lang] and g.r.random() < 0.2:
        return gen_casual_intl(g, label, lang)
    L = INTL[lang]
    c = g.ctx(lang)
    if label == "other":
        if g.r.random() < 0.45:  # personal / list / news mail in that language
            body = join(g, [" ".join(g.r.sample(PROSE_INTL[lang], g.r.randint(1, 4))),
                            " ".join(g.r.sample(PROSE_INTL[lang], g.r.randint(1, 3))), g.pick([c["first"], "--\n" + c["first"], ""])])
            frm = fmt(g.pick(["{first} {last} <{first}.{last}@example.net>", "{first} <{first}{n}@mail.example.org>"]), c).lower()
            subj = g.pick(["Re: ", "AW: " if lang == "de" else "RE: ", "", "Fwd: "]) + g.pick(PROSE_INTL[lang])[:30]
            return dict(subject=subj, body=g.dress(body), sender=frm)
        subj, body, frm = g.pick(L["other"])
        return dict(subject=fmt(subj, c), body=g.dress(fmt(body, c)), sender=fmt(frm, c))
    frm, vendor = g.sender(c, g.pick(["workday", "smartrecruiters", "direct", "direct", "person", "greenhouse", "none"]))
    greet = fmt(g.pick(L["greet"]), c)
    if label == "rejection":
        thanks = fmt(g.pick(L["rej_thanks"]), c)
        mid = [thanks, fmt(g.pick(L["rej_dec"]), c) + " " + fmt(g.pick(L["rej_soft"]), c), fmt(g.pick(L["rej_future"]), c)]
        subj = g.pick(L["rej_subj"])
    elif label == "acknowledgement":
        mid = [fmt(g.pick(L["ack_open"]), c), fmt(g.pick(L["ack_next"]), c)]
        if g.r.random() < 0.35:  # thank-you lines are shared with rejections on purpose
            mid.insert(0, fmt(g.pick(L["rej_thanks"]), c))
        if g.r.random() < 0.5:
            mid.append(fmt(g.pick(L["ack_next"]), c))
        subj = g.pick(L["ack_subj"])
    elif label == "interview":
        mid = [fmt(g.pick(L["int_body"]), c)]
        subj = g.pick(L["int_subj"])
    else:
        mid = [fmt(g.pick(L["off_body"]), c)]
        subj = g.pick(L["off_subj"])
    if lang == "de" and mid and mid[0][:1].islower() and not greet.endswith(","):
        mid[0] = cap(mid[0])
    if lang != "de":
        mid[0] = cap(mid[0])
    elif greet == "":
        mid[0] = cap(mid[0])
    body = join(g, [greet] + mid + [fmt(g.pick(L["close"]), c) + "\n" + fmt(g.pick(L["sig"]), c),
                                    fmt(g.footer(c, vendor, lang), c)])
    return dict(subject=fmt(subj, c), body=g.dress(body), sender=frm)


GEN_EN = {"rejection": gen_rejection_en, "acknowledgement": gen_ack_en, "interview": gen_interview_en,
          "offer": gen_offer_en, "other": gen_other_en}


def build_generated(seed: int = SEED) -> list[dict]:
    g = Gen(seed)
    rows = []
    seen = set()
    for (label, lang), n in COUNTS.items():
        made = tries = 0
        while made < n and tries < n * 20:
            tries += 1
            e = GEN_EN[label](g) if lang == "en" else gen_intl(g, label, lang)
            key = (e["subject"], e["body"])
            if key in seen:
                continue
            seen.add(key)
            made += 1
            rows.append({"id": f"gen-{label[:3]}-{lang}-{made:04d}", "subject": e["subject"], "body": e["body"],
                         "from": e["sender"], "label": label, "lang": lang, "kind": "generated"})
    return rows


# --------------------------------------------------------------------------------------------
# hand-written free-form emails
# --------------------------------------------------------------------------------------------
def parse_handwritten(text: str) -> list[dict]:
    """Format: blocks separated by a line '%%%'. Each block starts with header lines
    'label: ...', 'lang: ...', 'from: ...', 'subject: ...' then a blank line and the body."""
    rows = []
    for i, block in enumerate(b for b in text.split("\n%%%\n") if b.strip()):
        head, _, body = block.strip("\n").partition("\n\n")
        meta = {}
        for line in head.splitlines():
            k, _, v = line.partition(":")
            meta[k.strip()] = v.strip()
        assert meta.get("label") in {"rejection", "interview", "offer", "acknowledgement", "other"}, (i, head)
        rows.append({"id": f"hw-{i + 1:04d}", "subject": meta.get("subject", ""), "body": body.strip("\n"),
                     "from": meta.get("from", ""), "label": meta["label"], "lang": meta.get("lang", "en"),
                     "kind": "handwritten"})
    return rows


def write_jsonl(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    gen = build_generated()
    write_jsonl(OUT / "generated.jsonl", gen)
    hw = parse_handwritten(HANDWRITTEN)
    write_jsonl(OUT / "handwritten.jsonl", hw)
    from collections import Counter
    print("generated:", len(gen), dict(Counter(r["label"] for r in gen)))
    print("handwritten:", len(hw), dict(Counter(r["label"] for r in hw)))
    return 0


# Hand-written emails, one block per email separated by a line "%%%" (see parse_handwritten).  All names,
# companies and addresses are invented.
HANDWRITTEN = r"""
label: rejection
from: Priya at Quillstone <priya@quillstone.com>
subject: quick update

Hi Sam,

thanks so much for chatting with me and Jonas last week. I'll be straight with you because I'd want the same: we've decided to go with someone who has more hands-on experience running paid acquisition at scale. It was genuinely close.

If it's useful I'm happy to share a bit more feedback on a call. And please keep us in mind - we'll be hiring again in Q2.

Priya
%%%
label: rejection
from: no-reply@ashbyhq.com
subject: Your application at Lattice AI

Hello Jordan,

We appreciate the interest you've shown in Lattice AI and the Applied Scientist opening. Our team read every application carefully. We've now reached a decision and we won't be taking your candidacy to the interview stage.

We recognise that applying takes time and we are grateful you spent some of it on us.

Warmly,
Lattice AI Talent
%%%
label: rejection
from: careers@mapleton-schools.org
subject: Grade 3 Teacher vacancy

Dear Ms. Okafor,

The interview panel has completed its selection for the Grade 3 teaching vacancy at Mapleton Elementary. I regret to let you know that another applicant has been appointed.

The panel asked me to pass on that your lesson demonstration was warmly received. We hope you will apply for future vacancies in the district.

Yours sincerely,
Helen Marsh
Human Resources, Mapleton School District
%%%
label: rejection
from:
subject:

Thanks for your interest. We're going with another candidate for this one.
%%%
label: rejection
from: Redwood Clinical <redwoodclinical@myworkday.com>
subject: Clinical Data Manager - R-20931

Dear Liam Walsh,

Thank you for your interest in the Clinical Data Manager role at Redwood Clinical. We have reviewed your application and at this stage we have made the decision not to progress it further.

Your candidate profile remains active, and you can view other open positions and set up job alerts in Candidate Home.

Best wishes,
Redwood Clinical Talent Acquisition

Redwood Clinical is an equal opportunity employer.
%%%
label: rejection
from: Chris Delaney <chris@orbitcommerce.com>
subject: Re: Senior Frontend Engineer - next steps

Hey Noah,

Thanks for your patience while we got everyone's feedback together after the onsite. The team liked your take on the component library question a lot, but in the end we felt the role needs someone with deeper experience owning web performance, and we've offered it to another candidate.

I know that's disappointing after four rounds. I'd be glad to send along the written feedback from the panel if you want it - just reply here.

All the best,
Chris

--
Chris Delaney | Engineering Manager | Orbit Commerce
%%%
label: rejection
from: Keystone Legal Recruitment <recruitment@keystonelegal.co.uk>
subject: Paralegal (Litigation) - application outcome

Dear Applicant,

Thank you for applying for the role of Paralegal in our Litigation team.

We received a very large response to this advertisement. Having considered your application against the criteria for the role, we are sorry to tell you that you have not been shortlisted for interview.

We will hold your details on file for six months in accordance with our privacy notice, after which they will be securely deleted.

Kind regards

Keystone Legal Recruitment Team

This email and any attachments are confidential and may be legally privileged. If you are not the intended recipient please notify the sender and delete it.
%%%
label: rejection
from: "Ironbark Software" <no-reply@hire.lever.co>
subject: Ironbark Software - Backend Engineer

Hi Alex,

Thanks for your interest in Ironbark! After reviewing your experience we don't believe there's a strong enough match with what the Backend team needs right now, so we'll be closing out your application.

Roles open up often, so do check back.

The Ironbark team
%%%
label: rejection
from: hr@willowcreekbakery.com
subject: Re: Bakery assistant

Hi Maria, thanks for dropping off your CV and for coming in for the trial shift on Saturday. We've filled the position with someone who can do the early mornings all week. Sorry it didn't work out this time - pop back in the summer, we usually need extra hands then. Tom
%%%
label: rejection
from: Sundial Solar <notifications@smartrecruiters.com>
subject: Field Service Technician at Sundial Solar

Dear Kenji,

We wanted to thank you for the time and effort you put into applying for our Field Service Technician role.

Following a review of all applications, we have selected candidates whose experience more closely reflects the requirements of the position. As such, we will not be moving your application forward.

We encourage you to visit our careers page regularly.

Best,
Sundial Solar Recruiting
This email was sent by SmartRecruiters on behalf of Sundial Solar. Unsubscribe
%%%
label: rejection
from: jobs@tangentresearch.org
subject: Research Assistant position

Dear Fatima,

I am writing to follow up on your application for the Research Assistant position in the Social Policy group. We received over two hundred applications, many from very well qualified people, and the decision was difficult. I am afraid that on this occasion your application has not been successful.

With best wishes for your future research,

Dr. Anne Kessler
Principal Investigator
%%%
label: rejection
from: Pinecrest Bank <pinecrestbank@taleo.net>
subject: Your Pinecrest Bank Application

Dear Omar Haddad,

Thank you for your interest in the position of Branch Operations Associate (Requisition 24-1187).

This position has been cancelled and will not be filled at this time. Your application will therefore not be considered further for this requisition. We encourage you to search and apply for other opportunities on our career site.

Sincerely,
Pinecrest Bank Talent Acquisition

This is a system generated message. Please do not reply.
%%%
label: rejection
from: Cobalt Fintech <no-reply@greenhouse.io>
subject: Thanks from Cobalt

Hi Grace,

Thank you for taking our coding exercise and for the conversation with Matteo afterwards.

We've had a lot of strong applicants and we're moving ahead with others for the Data Engineer role, so this is where the process ends for now. We know that's not what you hoped to read.

We'd be happy to hear from you again in the future.

Cobalt Recruiting
%%%
label: rejection
from: Vireo Health Careers <careers@vireohealth.com>
subject: RE: RN - Night Shift

Dear Hannah,

We appreciate your interest in the Night Shift RN opening. The position requires an active state nursing licence at the time of hire. Because your licence transfer is still pending, we are unable to move forward with your application at this time. You are welcome to reapply once the licence has been issued.

Regards,
Nurse Recruitment
Vireo Health
%%%
label: rejection
from: Zephyr Aerospace <zephyr@myworkday.com>
subject: Update on Systems Engineer II

Dear Ben,

Thank you for considering Zephyr Aerospace. This role requires U.S. person status for export control reasons, and we are not able to sponsor employment authorization for it. For that reason we cannot proceed with your application.

We appreciate your understanding and wish you well.

Zephyr Aerospace Recruiting
%%%
label: rejection
from: Marlow & Pike <careers@marlowpike.com>
subject: Marketing Coordinator role

Dear Julia,

Many thanks for your application. The role attracted a lot of interest and we have now completed the shortlisting. I'm sorry to say we won't be inviting you for an interview, but we enjoyed reading about your work on the festival campaign.

Every good wish,
Marlow & Pike
%%%
label: rejection
from: Umbra Security <talent@umbrasecurity.io>
subject: Security Analyst application

Hi Marcus,

We've put our Security Analyst hiring on hold while we review budgets for next year, so we're closing all applications for the role today. I'm sorry we couldn't give you better news. If the position reopens we'll post it on our site.

Thanks,
Umbra Talent Team
%%%
label: rejection
from: Datawell <no-reply@ashbyhq.com>
subject: Datawell | Product Designer

Hi Sofia, thank you for your application for Product Designer. We reviewed your portfolio with the design team and decided not to advance your application. We wish you every success in your search.
%%%
label: rejection
from: Nimbus Cloudworks Recruiting <recruiting@nimbuscloudworks.com>
subject: Site Reliability Engineer

Hello Diego,

I hope you had a good weekend. I'm reaching out to close the loop on the SRE role. After your conversation with Priyanka, the team concluded that your background, while impressive, leans more toward application development than the infrastructure focus we need. We're therefore not going to continue with the process.

Thanks again for the time you gave us.

Regards,
Sarah
%%%
label: rejection
from: Harbor Light Media <jobs@harborlight.media>
subject: Video Editor (freelance)

Thanks for applying! We received hundreds of reels for this one and have now booked an editor for the project, so we won't be in touch about this role. Keep an eye on our socials for future gigs.

- Harbor Light Media
%%%
label: rejection
from: Recruiting <recruiting@acornchildcare.org>
subject: Your application

Dear Elif,

We have now filled the Early Years Practitioner vacancy at our Riverside nursery. Thank you for your application and interest in working with Acorn Childcare.

Kind regards,
Acorn Childcare Recruitment
%%%
label: rejection
from: Opal Telecom <careers@opaltelecom.com>
subject: Application status: Customer Service Representative

Dear Candidate,

Thank you for your recent application. We have carefully reviewed your qualifications and, regrettably, have decided not to pursue your candidacy for the Customer Service Representative position.

Please note this decision pertains only to this position. You may apply for other openings that interest you.

Opal Telecom Talent Acquisition
[image: Opal Telecom]
Privacy | Terms | Unsubscribe
%%%
label: rejection
from: Granite Peak Outdoors <no-reply@us.greenhouse-mail.io>
subject: Retail Lead - Granite Peak

Hi Taylor,

Thank you so much for your time with our store team. We truly enjoyed meeting you. After a lot of discussion we've offered the Retail Lead position to an internal candidate who has been with us for several seasons.

We'd love for you to keep Granite Peak in mind for the future.

Cheers,
Granite Peak People Team
%%%
label: rejection
from: "Quantum Leaf" <hello@quantumleaf.io>
subject: your application

hi zoe - thanks for applying to quantum leaf. we're a tiny team and can only hire one person for this role, and we picked someone else. sorry! really appreciated your note about the onboarding flow. - leo
%%%
label: rejection
from: Helix Biotech HR <hr@helixbio.com>
subject: Laboratory Technician - Outcome

Dear Mr. Novak,

Following your interview on 14 March, I am writing to inform you that we will not be offering you the position of Laboratory Technician. The panel felt that other candidates had more direct experience with cell culture techniques.

Thank you for your interest in Helix Biotech.

Yours sincerely,
Margaret Boyle
HR Officer
%%%
label: rejection
from: Stonebridge Capital <stonebridge@icims.com>
subject: Stonebridge Capital: Analyst Program

Dear Applicant,

Thank you for your interest in the Stonebridge Capital Analyst Program. This year's program is now fully subscribed and the application window has closed. As a result we will not be able to consider your application further.

Best regards,
Campus Recruiting
Powered by iCIMS
%%%
label: rejection
from: talent@fjorddigital.com
subject: Fjord Digital - Full Stack Developer

Hej Lucas,

Thank you for the take-home - nicely structured code. We had to make a choice between several good submissions and we decided to continue with two other candidates for the final round, which means we're stopping here with your application.

Let me know if you'd like a few notes on the exercise.

Best,
Astrid, Fjord Digital
%%%
label: rejection
from: Evergreen Logistics <evergreenlogistics@myworkday.com>
subject: Your application for Logistics Planner

Hello Ravi Patel,

We wanted to let you know that the Logistics Planner position you applied for is no longer open. The hiring team has closed the job posting, and your application is now inactive.

Thank you for considering a career at Evergreen Logistics.
%%%
label: rejection
from: Sam Walsh <sam@rooklabs.dev>
subject: Re: ML intern

Hey Ines,

I'm sorry for the slow reply. We've wrapped up intern hiring for the summer and all the spots are taken, so I can't offer you a place this time. Your project on bird-call classification was really fun to read though.

Good luck,
Sam
%%%
label: rejection
from: Plover Health <notifications@smartrecruiters.com>
subject: Plover Health | Medical Receptionist

Dear Nora,

Thank you for applying to be a Medical Receptionist with Plover Health. We are writing to let you know that your application was not selected to move forward in the hiring process. Many strong candidates applied, and it was a competitive process.

We wish you success.

The Plover Health Recruitment Team
%%%
label: rejection
from: noreply@brightpath.edu
subject: Instructional Designer - application update

Hello,

The search committee has completed its review for the Instructional Designer position. We want to thank you for your interest. The committee has identified finalists whose qualifications most closely match the needs of the department, and you are not among them.

Sincerely,
Brightpath Learning Human Resources
%%%
label: rejection
from: Mosaic Health Partners <careers@mosaichealth.org>
subject: RE: Application - Billing Specialist

Good afternoon Olivia,

Thank you for following up. The Billing Specialist position was filled last week. I apologise that you did not hear from us sooner. Please feel free to apply for other openings that match your experience.

Best regards,
Denise
Recruitment Coordinator
%%%
label: rejection
lang: de
from: Nordlicht Software GmbH <jobs@nordlicht-software.de>
subject: Ihre Bewerbung als Backend Developer (m/w/d)

Hallo Felix,

vielen Dank für deine Bewerbung und das nette Gespräch mit Sabine und mir. Wir haben lange überlegt, uns am Ende aber für einen Kandidaten entschieden, der bereits mehr Erfahrung mit verteilten Systemen mitbringt.

Wir würden uns freuen, wenn du uns bei einer passenden Stelle in Zukunft wieder ansprichst.

Viele Grüße
Jan Petersen
Teamlead Backend
%%%
label: rejection
lang: de
from: Stadtwerke Lindenau <bewerbung@stadtwerke-lindenau.de>
subject: Absage – Sachbearbeiter Kundenservice

Sehr geehrte Frau Schmidt,

wir danken Ihnen für Ihre Bewerbung und das uns entgegengebrachte Vertrauen. Nach Abschluss des Auswahlverfahrens müssen wir Ihnen heute mitteilen, dass wir Ihnen die Stelle nicht anbieten können.

Ihre Bewerbungsunterlagen werden nach Ablauf der gesetzlichen Frist gelöscht.

Für Ihren weiteren Berufsweg wünschen wir Ihnen alles Gute.

Mit freundlichen Grüßen
Personalabteilung
Stadtwerke Lindenau
%%%
label: rejection
lang: de
from: Alpenblick Versicherung <karriere@alpenblick.example>
subject: Rückmeldung zu Ihrer Bewerbung

Guten Tag Herr Fischer,

haben Sie vielen Dank für Ihr Interesse an der Position Junior Aktuar. Nach sorgfältiger Sichtung aller Unterlagen sind wir zu dem Ergebnis gekommen, dass andere Bewerberinnen und Bewerber unserem Anforderungsprofil noch besser entsprechen. Wir bedauern, Ihnen keine positivere Nachricht geben zu können.

Freundliche Grüße
Ihr Recruiting-Team der Alpenblick Versicherung
%%%
label: rejection
lang: de
from: Kiefer Technik <personal@kiefer-technik.de>
subject: Ihre Bewerbung

Sehr geehrter Herr Novak,

die ausgeschriebene Stelle als Servicetechniker haben wir inzwischen intern besetzt. Daher können wir Ihre Bewerbung leider nicht mehr berücksichtigen. Wir bedanken uns dennoch für Ihr Interesse.

Mit freundlichen Grüßen
Kiefer Technik
%%%
label: rejection
lang: de
from: Weber Consulting <recruiting@weberconsulting.example>
subject: Werkstudent Data Analytics

Hallo Hannah,

danke für deine Bewerbung als Werkstudentin. Leider passt dein Profil aktuell nicht zu unseren Anforderungen, da wir jemanden mit mindestens 20 Wochenstunden suchen. Wir wünschen dir viel Erfolg bei der weiteren Suche!

Beste Grüße
Weber Consulting
%%%
label: rejection
lang: de
from: Brückner Logistik AG <no-reply@brueckner.example>
subject: Stellenausschreibung Disponent (m/w/d) – Aktueller Stand

Sehr geehrte Bewerberin, sehr geehrter Bewerber,

aufgrund einer internen Umstrukturierung wird die Stelle als Disponent (m/w/d) vorerst nicht besetzt. Das Bewerbungsverfahren ist damit beendet. Wir bitten um Ihr Verständnis und danken Ihnen für Ihre Mühe.

Mit freundlichen Grüßen
Brückner Logistik AG – Personalwesen
%%%
label: rejection
lang: de
from: Rheinwerk Digital <jobs@rheinwerk.example>
subject: Ihre Bewerbung bei Rheinwerk Digital

Liebe Frau Costa,

herzlichen Dank für die Zeit, die Sie sich für die Gespräche mit uns genommen haben. Wir haben uns die Entscheidung nicht leicht gemacht, uns aber letztlich für eine andere Kandidatin entschieden. Ihr Profil hat uns dennoch sehr gut gefallen, und wir würden Sie gerne in unserem Talentpool behalten, sofern Sie einverstanden sind.

Herzliche Grüße
Lena Vogt
%%%
label: rejection
lang: fr
from: Groupe Marceau <recrutement@groupemarceau.example>
subject: Votre candidature - Chargé de communication

Bonjour Madame Moreau,

Nous vous remercions pour l'intérêt que vous portez à notre groupe. Après examen attentif de votre dossier, nous sommes au regret de ne pouvoir y donner une suite favorable, d'autres profils correspondant davantage à nos attentes.

Nous vous souhaitons une pleine réussite dans vos démarches.

Cordialement,
Service Recrutement
%%%
label: rejection
lang: fr
from: Atelier Rivage <contact@atelier-rivage.example>
subject: Re: candidature stage

Bonjour Lucas,

merci pour ta candidature et pour ton portfolio, on a beaucoup aimé tes projets d'illustration. Malheureusement nous avons déjà trouvé notre stagiaire pour le printemps. N'hésite pas à nous recontacter pour la session d'automne !

Belle journée,
Claire
%%%
label: rejection
lang: fr
from: Banque du Littoral <no-reply@banquedulittoral.example>
subject: Suite à votre entretien

Madame, Monsieur,

Nous vous remercions d'avoir participé à nos entretiens pour le poste d'analyste crédit. Nous avons le regret de vous informer que nous avons retenu une autre candidature.

Nous conservons néanmoins vos coordonnées afin de vous recontacter si une opportunité correspondant à votre profil se présentait.

Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.

La Direction des Ressources Humaines
%%%
label: rejection
lang: fr
from: Transports Garnier <rh@transports-garnier.example>
subject: Poste de chauffeur livreur

Bonjour,

Le poste de chauffeur livreur pour lequel vous avez postulé est désormais pourvu. Nous ne pouvons donc pas donner suite à votre candidature. Merci de l'intérêt porté à notre entreprise.

Cordialement,
Transports Garnier
%%%
label: rejection
lang: fr
from: Société Lumière <talents@societe-lumiere.example>
subject: Votre candidature au poste de Data Analyst (H/F)

Bonjour Chen,

Merci pour le temps consacré au test technique et à l'échange avec notre équipe. Nous avons finalement décidé de ne pas poursuivre le processus avec vous pour ce poste : nous recherchons un profil plus senior sur la partie modélisation.

Nous vous souhaitons bonne continuation dans vos recherches.

L'équipe Talents
%%%
label: rejection
lang: fr
from: Cabinet Fabre <cabinet.fabre@example.fr>
subject: Candidature assistant juridique

Madame,

Suite à votre candidature, nous sommes au regret de vous annoncer que le recrutement a été suspendu pour des raisons budgétaires. Nous ne manquerons pas de revenir vers vous si le poste est à nouveau ouvert.

Bien à vous,
Maître Fabre
%%%
label: rejection
lang: es
from: Grupo Alameda <seleccion@grupoalameda.example>
subject: Proceso de selección - Analista de datos

Hola Mateo:

Gracias por participar en el proceso de selección y por el tiempo dedicado a las entrevistas. Después de valorar todas las candidaturas, hemos decidido seguir adelante con otra persona cuyo perfil se ajusta más a lo que necesitamos en este momento.

Te deseamos mucha suerte en tu búsqueda.

Un saludo,
Equipo de Selección
%%%
label: rejection
lang: es
from: Hotel Las Dunas <rrhh@lasdunas.example>
subject: Su candidatura

Estimada Sra. García:

Le agradecemos su interés en trabajar con nosotros. Lamentablemente, el puesto de recepcionista ya ha sido cubierto. Guardaremos su currículum para futuras vacantes.

Atentamente,
Recursos Humanos
%%%
label: rejection
lang: es
from: Innova Datos <talento@innovadatos.example>
subject: Actualización sobre tu candidatura

Hola Sofía, gracias por presentarte a la oferta de Desarrolladora Backend. En esta ocasión no vamos a continuar con tu candidatura, ya que buscamos a alguien con más experiencia en Kotlin. ¡Mucho éxito!
%%%
label: rejection
lang: es
from: Banco Ribera <empleo@bancoribera.example>
subject: Proceso 2024-118

Estimado candidato:

Le informamos de que el proceso de selección para el puesto de Gestor Comercial ha finalizado y su candidatura no ha resultado seleccionada. Agradecemos sinceramente su participación.

Departamento de Personas
%%%
label: acknowledgement
from: Beacon Hill Careers <careers@beaconhillhospital.org>
subject: Beacon Hill Hospital: Patient Access Representative

Dear Alex Rivera,

Your application for Patient Access Representative is now with our recruitment team - thank you! Hospital hiring involves a few checks, so reviews can take a little while. A recruiter will be in touch by phone or email if they'd like to talk further.

Tip: keep your phone number up to date in your applicant account so we can reach you.

Beacon Hill Hospital Recruitment
%%%
label: acknowledgement
from: Juniper Payments <no-reply@greenhouse.io>
subject: Thanks for applying to Juniper!

Hi Priya,

Thanks for applying to the Risk Analyst role at Juniper Payments. We're a team of about 300 people building payments infrastructure for small businesses, and we care a lot about how candidates experience our process.

Here's what to expect: a recruiter reads every application. If there's a fit, they'll reach out to set up a 30-minute intro call. If there isn't, we'll tell you - we don't ghost people.

Good luck, and thanks again for thinking of us.

Juniper Recruiting
%%%
label: acknowledgement
from: Larkspur Retail <larkspurretail@myworkday.com>
subject: Application Received

Hello Emma,

Your application for Assistant Store Manager (R-55120) came through. Store leadership roles move quickly, so expect to hear from a district recruiter soon if your experience lines up. Good luck out there!

You can review your application and keep your profile up to date in Candidate Home.

Larkspur Retail Talent Acquisition
%%%
label: acknowledgement
from: noreply@tidewaterenergy.com
subject: Tidewater Energy - Thank you for your application

Dear Omar,

Thanks for choosing Tidewater Energy. Your Field Engineer application has been logged in our system, and a copy of what you submitted is attached for your records.

Our recruiters review applications in the order they arrive. If your experience is a close match, you will hear from us about next steps; if we decide not to proceed, we will let you know as well.

Take care,
Tidewater Energy Careers
%%%
label: acknowledgement
from: Bluefin Robotics <no-reply@hire.lever.co>
subject: Bluefin Robotics - application received

Hey Kenji,

Thanks for applying to Bluefin! We're excited you want to help us build underwater robots.

Our team is small, so it can take us a couple of weeks to get through applications. Hang tight - we'll be in touch either way.

-- The Bluefin crew
%%%
label: acknowledgement
from: Seaside Credit Union <careers@seasidecu.org>
subject: Thank you for applying

Thank you for applying to Seaside Credit Union. Please note that due to the number of applications we receive, only candidates whose qualifications best meet our needs will be contacted for an interview. We appreciate your interest in joining our team.
%%%
label: acknowledgement
from: Atlas Civic Tech <jobs@atlascivic.tech>
subject: We got your application

Hi Zoe,

This is a quick note to say your application for Product Designer arrived safely. A real human (probably me) will read it within the next ten days.

If we don't think it's a match, we'll send you a short note so you're not left wondering. If we do, I'll reach out to schedule a chat.

Thanks,
Mira, People Ops at Atlas
%%%
label: acknowledgement
from: "Copperleaf Foods" <copperleaf@talent.icims.com>
subject: Copperleaf Foods Application Confirmation

Dear Grace Larsen,

Thank you for submitting your application for Quality Assurance Technician (Job ID 2025-4471) at our Springfield plant.

Your application will be reviewed by our hiring team. If your qualifications meet the requirements of the position, a member of our team will contact you. If you are not selected for an interview, you will not receive further communication regarding this position, but your profile will remain in our system for future openings.

Copperleaf Foods is an Equal Opportunity Employer.

Please do not reply to this email - this account is not monitored.
%%%
label: acknowledgement
from: Driftwood Hotels <no-reply@driftwoodhotels.com>
subject: Your application to Driftwood Hotels

Hi Diego!

Welcome to the Driftwood family - well, almost! We've received your application for Front Desk Agent at our Harbourside location.

At Driftwood we believe hospitality starts with people who love people. While we review your application, get to know us better on our blog and Instagram.

See you soon (we hope),
Driftwood Hotels Talent Team
%%%
label: acknowledgement
from: LinkedIn <jobs-noreply@linkedin.com>
subject: Olivia, your application was sent to Sparrow Analytics

Your application was sent to Sparrow Analytics

Sparrow Analytics
Junior Data Analyst
Sparrow Analytics · Boston, MA (Hybrid)
Applied on October 3
Your profile and resume were shared with the hiring team.

Jobs similar to Junior Data Analyst
Kindred Care
Reporting Analyst
Kindred Care · Boston, MA
Lighthouse Insurance
Data Analyst I
Lighthouse Insurance · Providence, RI

This email was intended for Olivia Brennan. Learn why we included this.
© 2026 LinkedIn Corporation
%%%
label: acknowledgement
from: Indeed <indeedapply@indeed.com>
subject: Indeed Application: Warehouse Associate

Application submitted

Warehouse Associate
Hollis Manufacturing - Dayton, OH

Your application has been submitted. The employer will review it and may reach out directly.

Keep your resume up to date so employers can find you.
%%%
label: acknowledgement
from: Foxglove Pharma <foxglovepharma@myworkday.com>
subject: Thank you for applying to Foxglove Pharma

Dear Maria Silva,

Thank you for your interest in the Regulatory Affairs Specialist position. We are currently reviewing applications and we will be in touch if your qualifications match our needs. If you are not selected for this position, we encourage you to continue to apply to other roles that align with your experience.

Regards,
Foxglove Talent Acquisition
%%%
label: acknowledgement
from: Parallax Games <jobs@parallaxgames.com>
subject: Re: Application - Gameplay Programmer

Hi Tomasz,

Just confirming we received your application and demo reel. We usually get back to people within three weeks. Due to volume we can't give individual feedback at this stage, sorry about that!

Cheers,
Parallax Games Recruitment
%%%
label: acknowledgement
from: Thornfield County <jobs@thornfieldcounty.gov>
subject: Application Received: Civil Engineer II

Thank you for applying for Civil Engineer II with Thornfield County. Your application has been received and will be reviewed to determine whether you meet the minimum qualifications. Applicants who meet the minimum qualifications will be placed on an eligible list and may be contacted for an interview. All applicants will be notified by email when the recruitment closes.

Thornfield County Human Resources
%%%
label: acknowledgement
from: Emberline <no-reply@ashbyhq.com>
subject: Emberline // Application received

Hi Ben,

We've received your application for Staff Engineer. Thank you for your interest in Emberline!

A bit about how we hire: our process is a recruiter chat, a technical deep dive, a practical exercise you can do at home, and a final conversation with our founders. We'll reach out if we'd like to move ahead.

Emberline Recruiting
%%%
label: acknowledgement
from: Ridgeview Medical <ridgeview@taleo.net>
subject: Ridgeview Medical - Application Confirmation

This is to confirm that your application for the position of Radiology Technologist (REQ 30184) has been submitted successfully. Thank you for your interest in Ridgeview Medical.

Should your qualifications match our needs, we will contact you. Otherwise, we will retain your information and consider you for other opportunities that may be a better match.

This message was generated by Taleo. Please do not reply.
%%%
label: acknowledgement
from: careers@hearthhome.com
subject: Thanks for your interest in Hearth Home Goods!

Hello Julia,

Thanks for applying for Merchandising Assistant. We review every application and will get back to you within 2-3 weeks. Unfortunately, we're not able to reply to questions about application status by phone.

Hearth Home Goods
%%%
label: acknowledgement
from: Lumen Freight Recruiting <recruiting@lumenfreight.com>
subject: Application for Dispatcher

Dear Marcus,

We confirm receipt of your application for the Dispatcher role. Should you not hear from us within 30 days, please consider your application unsuccessful on this occasion. We thank you for your interest in Lumen Freight.

Regards,
HR Team
%%%
label: acknowledgement
from: Prism Design Co <hello@prismdesign.co>
subject: Got it!

Hi Nora - your application for the Junior Designer role is in our inbox. We're reading everything this week and next. Thanks for sending such a nice portfolio link!
%%%
label: acknowledgement
from: Glasshouse Agency <glasshouse@smartrecruiters.com>
subject: Thanks for applying to Glasshouse Agency

Hi Lucas,

Thank you for applying for the Copywriter position at Glasshouse Agency! We've received your application.

What happens next? Our hiring team will review your application. If your profile matches what we are looking for, we'll get in touch with you for the next steps. Please note that we receive a large number of applications, so this may take some time.

In the meantime, feel free to check out our latest work.

Best,
Glasshouse Agency
This email was sent by SmartRecruiters on behalf of Glasshouse Agency.
%%%
label: acknowledgement
from: Riverbend University <hrjobs@riverbend.edu>
subject: Application received - Posting #4472

Dear Applicant,

Thank you for your application for the position of Administrative Coordinator, Department of History (Posting #4472). Your materials are complete.

The search committee will begin reviewing applications after the posting closes. Due to the volume of applications, we are unable to provide status updates by phone. Candidates selected for interviews will be contacted directly.

Riverbend University Human Resources
%%%
label: acknowledgement
from: talent@kestrelsystems.com
subject: Your Kestrel Systems application

Hi Fatima,

Thanks for applying for the Embedded Software Engineer role. We've got your CV and cover letter.

Heads-up: our hiring manager is travelling this month, so reviews are a little slower than usual. We'll update you as soon as we can, whatever the outcome.

Kestrel Talent
%%%
label: acknowledgement
from: Circuit Works <jobs@circuitworks.com>
subject: Application confirmation

Thank you for your interest in Circuit Works. We have received your resume for the Electronics Assembler position. If your skills and experience match our requirements, we will call you to arrange an interview. If we do not call, we will keep your resume on file for six months.

Circuit Works HR Department
%%%
label: acknowledgement
from: Oakline Consulting <no-reply@us.greenhouse-mail.io>
subject: Thank you for your application to Oakline Consulting

Dear Chen,

Thank you for applying to the Associate Consultant position at Oakline Consulting. We truly appreciate your interest and the effort it took to prepare your application.

We aim to review all applications within four weeks. You'll hear from us regardless of the outcome.

With warm regards,
Oakline Consulting Recruiting
%%%
label: acknowledgement
from: Silverline Transit <careers@silverlinetransit.org>
subject: Bus Operator Trainee - application received

Hi Sam,

We have received your application for Bus Operator Trainee. The next step is a short online assessment, which we will send to eligible applicants after the posting closes on March 31.

If you have questions, contact our recruitment office.

Silverline Transit
%%%
label: acknowledgement
from: Everlane Finance <everlanefinance@myworkday.com>
subject: We've received your application

Dear Taylor,

Thank you for applying for the role of Compliance Analyst.

We're grateful for the time you've invested. Your application will be reviewed by our recruitment team and we will be in contact regarding the outcome. Please note that the review may take up to three weeks.

In the meantime, we encourage you to learn more about our culture and values on our careers site.

Kind regards,
Everlane Finance Careers
%%%
label: acknowledgement
from: Waypoint Travel <jobs@waypointtravel.com>
subject: Application for Travel Consultant

Dear Ines,

Thank you for your application. We are pleased to confirm that it has been received.

Please note that we are only able to respond to applicants who have been shortlisted. If you have not heard from us within two weeks of the closing date, please assume that you have been unsuccessful on this occasion.

Waypoint Travel HR
%%%
label: acknowledgement
lang: de
from: Hansa Energie <bewerbung@hansa-energie.example>
subject: Eingangsbestätigung Ihrer Bewerbung

Sehr geehrter Herr Kim,

vielen Dank für Ihre Bewerbung als Projektingenieur (m/w/d). Ihre Unterlagen sind bei uns eingegangen und werden derzeit von der Fachabteilung geprüft. Wir melden uns innerhalb der nächsten drei Wochen bei Ihnen.

Mit freundlichen Grüßen
Ihr Recruiting-Team
Hansa Energie
%%%
label: acknowledgement
lang: de
from: Müller & Söhne <noreply@mueller-soehne.example>
subject: Ihre Bewerbung ist eingegangen

Hallo Tomasz,

schön, dass du dich bei uns beworben hast! Wir haben deine Unterlagen für die Ausbildung zum Industriemechaniker erhalten und schauen sie uns in Ruhe an. Du hörst spätestens Ende des Monats von uns.

Bis bald
Dein Ausbildungsteam
%%%
label: acknowledgement
lang: de
from: Rheinwerk Digital <jobs@rheinwerk.example>
subject: Bestätigung Ihrer Bewerbung – Data Scientist (m/w/d)

Guten Tag Frau Adeyemi,

wir bestätigen den Eingang Ihrer Bewerbung. Bitte haben Sie etwas Geduld: Aufgrund der großen Zahl an Zuschriften kann die Bearbeitung einige Wochen dauern. Sollten wir Sie für das weitere Verfahren nicht berücksichtigen können, erhalten Sie von uns eine kurze Nachricht.

Freundliche Grüße
Rheinwerk Digital – People & Culture
%%%
label: acknowledgement
lang: de
from: Weber Consulting <recruiting@weberconsulting.example>
subject: Danke für Ihre Bewerbung

Sehr geehrte Damen und Herren,

hiermit bestätigen wir den Eingang Ihrer Initiativbewerbung. Falls Ihr Profil zu einer unserer offenen Positionen passt, kommen wir auf Sie zu. Andernfalls nehmen wir Ihre Unterlagen mit Ihrem Einverständnis in unseren Talentpool auf.

Mit freundlichen Grüßen
Weber Consulting
%%%
label: acknowledgement
lang: de
from: Alpenblick Versicherung <karriere@alpenblick.example>
subject: Ihre Online-Bewerbung

Sehr geehrte Frau Dubois,

herzlichen Dank für Ihre Online-Bewerbung. Ihre Daten wurden erfolgreich übermittelt. Den Stand Ihrer Bewerbung können Sie jederzeit in Ihrem Bewerberkonto einsehen.

Ihr Personalteam
%%%
label: acknowledgement
lang: fr
from: Ecole Horizon <recrutement@ecole-horizon.example>
subject: Accusé de réception

Bonjour,

Nous accusons réception de votre candidature au poste de professeur de mathématiques et vous en remercions. Elle sera étudiée avec attention par notre direction pédagogique. Sans réponse de notre part d'ici un mois, vous pourrez considérer que votre candidature n'a pas été retenue.

Cordialement,
La direction
%%%
label: acknowledgement
lang: fr
from: Vignes & Co <jobs@vignes-co.example>
subject: Merci pour votre candidature !

Bonjour Camille,

Merci d'avoir postulé pour le poste de caviste ! Ta candidature a bien été reçue et sera lue par notre équipe dans les prochains jours. On revient vers toi très vite, quelle que soit la réponse.

À bientôt,
L'équipe Vignes & Co
%%%
label: acknowledgement
lang: fr
from: Groupe Marceau <no-reply@groupemarceau.example>
subject: Confirmation de réception de votre candidature

Madame, Monsieur,

Nous avons bien reçu votre candidature pour le poste de Contrôleur de gestion (H/F) et vous remercions de l'intérêt que vous portez à notre groupe. Nos équipes vont l'étudier attentivement. Si votre profil correspond à nos besoins, nous prendrons contact avec vous pour convenir d'un entretien.

Le service Ressources Humaines
%%%
label: acknowledgement
lang: fr
from: Banque du Littoral <recrutement@banquedulittoral.example>
subject: Votre candidature a bien été enregistrée

Bonjour Monsieur Haddad,

Votre candidature au poste de Conseiller clientèle a bien été enregistrée sous la référence 2025-0412. Vous pouvez suivre son avancement depuis votre espace candidat.

Cordialement,
Banque du Littoral
%%%
label: acknowledgement
lang: es
from: Farmacias Sol <empleo@farmaciassol.example>
subject: Hemos recibido tu candidatura

Hola Lucía:

¡Gracias por tu interés en Farmacias Sol! Hemos recibido tu candidatura para el puesto de Auxiliar de farmacia. Nuestro equipo la revisará y, si tu perfil encaja, te llamaremos para una entrevista.

Un saludo,
Equipo de Personas
%%%
label: acknowledgement
lang: es
from: Construcciones Vega <rrhh@construccionesvega.example>
subject: Confirmación de candidatura

Estimado candidato:

Le confirmamos la recepción de su currículum para el puesto de Jefe de obra. En caso de no recibir respuesta en un plazo de 30 días, entienda que su candidatura no ha sido seleccionada.

Atentamente,
Departamento de Recursos Humanos
%%%
label: interview
from: Dana Whitfield <dana@northwindanalytics.com>
subject: Northwind - chat about the Data Analyst role?

Hi Jordan,

Thanks for applying! I'm the recruiter for our analytics team and I'd love to set up a 30-minute call to learn more about you and share more about the role. Could you send me two or three times that work for you on Thursday or Friday?

Best,
Dana
%%%
label: interview
from: Calendly <notifications@calendly.com>
subject: New Event: Alex Rivera - 45 Minute Technical Interview

Hi Alex Rivera,

A new event has been scheduled.

Event Type: 45 Minute Technical Interview
Invitee: Alex Rivera
Event Date/Time: 10:00am - Tuesday, February 3, 2026 (Central European Time)
Location: This is a Google Meet web conference.
Invitee Time Zone: Central European Time
%%%
label: interview
from: Cobalt Fintech <no-reply@greenhouse.io>
subject: Cobalt Fintech - Technical Assessment

Hi Grace,

Congratulations on moving forward in the process for Data Engineer! The next step is a take-home exercise. You'll find the instructions and a small dataset at the link below. Please aim to spend no more than three hours on it and submit your solution within five days.

Good luck!
Cobalt Recruiting
%%%
label: interview
from: Kestrel Systems <kestrel@myworkday.com>
subject: Interview Confirmation - Embedded Software Engineer

Dear Fatima,

This email confirms your interview for the Embedded Software Engineer position.

Date: Monday, 9 March
Time: 14:00 - 15:30
Location: Kestrel Systems, 4th floor, 12 Quay Street. Please ask for Ana at reception.
Interviewers: Ana Ruiz (Engineering Manager), Paul Grant (Senior Engineer)

If you need to reschedule, please reply to this email at least 24 hours in advance.

Kestrel Talent Acquisition
%%%
label: interview
from: Peter Hale <peter.hale@stonebridgecap.com>
subject: RE: Analyst application

Hi Noah,

I wanted to let you know that while we won't be moving forward with your application for the Equity Research Analyst position, the credit team saw your CV and would like to speak with you about a Credit Analyst opening. Would you have 30 minutes next Tuesday?

Regards,
Peter
%%%
label: interview
from: HackerRank <support@hackerrank.com>
subject: Invitation: Parallax Games coding test

Hello Tomasz,

Parallax Games has invited you to take a coding test as part of their hiring process for Gameplay Programmer.

Test duration: 90 minutes
Deadline: 48 hours from receipt of this email

Start the test when you are ready. Make sure you have a stable internet connection.
%%%
label: interview
from: Sofia Costa <sofia@sundialsolar.com>
subject: Re: Field Service Technician

Hi Kenji, great to hear back from you. Let's do Wednesday at 10am at our depot - address below. Bring safety boots if you have them, we'll do a short practical with one of the crew leads after the interview. See you then! Sofia
%%%
label: interview
from: Google Calendar <calendar-notification@google.com>
subject: Updated invitation: Final interview - Orbit Commerce @ Thu Nov 20, 2026 1pm - 3pm (EST)

This event has been changed.
Final interview - Orbit Commerce
When: Thursday Nov 20, 2026 1pm - 3pm Eastern Time
Joining info: meet.google.com/abc-defg-hij
Who: chris@orbitcommerce.com - organizer, noah.kim@example.com

Going? Yes - Maybe - No
Invitation from Google Calendar
%%%
label: interview
from: Helix Biotech HR <hr@helixbio.com>
subject: Invitation to interview - Laboratory Technician

Dear Mr. Novak,

Thank you for your application for the position of Laboratory Technician. We are pleased to invite you to an interview on Friday 14 March at 11:00 at our Cambridge site. The interview will last approximately one hour and will include a short practical task in the laboratory.

Please confirm your attendance by replying to this email.

Yours sincerely,
Margaret Boyle
%%%
label: interview
from: Ayesha Khan <ayesha@emberline.io>
subject: Next round

Hi Ben - the team loved your deep dive. Next up is the practical exercise plus a final conversation with our founders. I'll send calendar holds for next week; let me know if anything clashes.

Ayesha
%%%
label: interview
from: noreply@hirevue.com
subject: Complete your video interview for Lighthouse Insurance

Hi Olivia,

Lighthouse Insurance has invited you to complete an on-demand video interview for the Claims Associate role. You'll answer 6 questions and can complete the interview at any time before Sunday at midnight.

Start interview
%%%
label: interview
from: Recruiting Coordinator <scheduling@tangentresearch.org>
subject: Scheduling your panel interview

Dear Fatima,

The committee would like to invite you to a panel interview for the Research Assistant position. Please use the link below to select one of the available slots. The interview will be held over Zoom and will include a 10-minute presentation on a research project of your choice.

Kind regards,
Recruiting Coordinator
%%%
label: interview
lang: de
from: Nordlicht Software GmbH <jobs@nordlicht-software.de>
subject: Einladung zum Kennenlernen

Hallo Felix,

vielen Dank für deine Bewerbung! Wir würden dich gerne in einem ersten Videocall (ca. 45 Minuten) kennenlernen. Passt dir Dienstag um 15 Uhr oder Donnerstag um 10 Uhr?

Viele Grüße
Jan
%%%
label: interview
lang: de
from: Stadtwerke Lindenau <bewerbung@stadtwerke-lindenau.de>
subject: Einladung zum Vorstellungsgespräch

Sehr geehrte Frau Schmidt,

wir freuen uns, Sie zu einem persönlichen Vorstellungsgespräch am 12.05. um 10:00 Uhr in unsere Hauptverwaltung einzuladen. Bitte bestätigen Sie uns den Termin kurz per E-Mail.

Mit freundlichen Grüßen
Personalabteilung
%%%
label: interview
lang: fr
from: Société Lumière <talents@societe-lumiere.example>
subject: Entretien - Data Analyst (H/F)

Bonjour Chen,

Votre candidature a retenu toute notre attention. Nous aimerions échanger avec vous lors d'un entretien en visio mardi prochain à 14h avec notre responsable data. Merci de nous confirmer votre disponibilité.

Bien à vous,
L'équipe Talents
%%%
label: interview
lang: es
from: Grupo Alameda <seleccion@grupoalameda.example>
subject: Entrevista - Analista de datos

Hola Mateo:

Nos ha gustado mucho tu perfil y queremos conocerte. ¿Podrías hacer una videollamada el jueves a las 11:00? Si no te va bien, dinos qué horario te encaja mejor.

Un saludo,
Equipo de Selección
%%%
label: offer
from: Dana Whitfield <dana@northwindanalytics.com>
subject: Offer - Data Analyst

Hi Jordan,

It was great speaking with you earlier! As promised, I'm attaching your offer letter for the Data Analyst position. To summarise: base salary of $84,000, annual bonus target of 8%, full health benefits, and a start date of January 12.

Please review and let me know if you have any questions. We'd love to have your answer by Friday.

Congratulations!
Dana
%%%
label: offer
from: DocuSign via Emberline <dse@docusign.net>
subject: Please DocuSign: Emberline Offer Letter - Ben Larsen

Ayesha Khan sent you a document to review and sign.

REVIEW DOCUMENT

Ayesha Khan
ayesha@emberline.io
Hi Ben, here's your offer letter for the Staff Engineer role. So excited to have you join us!

Do Not Share This Email: this email contains a secure link to DocuSign.
%%%
label: offer
from: Helix Biotech HR <hr@helixbio.com>
subject: Conditional offer of employment

Dear Mr. Novak,

Following your recent interview, I am delighted to offer you the position of Laboratory Technician at Helix Biotech on a permanent, full-time basis. This offer is conditional on the receipt of two satisfactory references and proof of your right to work.

Your salary will be £31,500 per annum. Please find enclosed two copies of your contract; kindly sign and return one copy.

Yours sincerely,
Margaret Boyle
%%%
label: offer
from: Sam Walsh <sam@rooklabs.dev>
subject: you're in!

Ines! Great news - we'd love to have you as our ML intern this summer. 12 weeks starting June 2, $7,000/month, and we'll cover housing. Formal letter coming tomorrow. Can you let me know by next week?

Sam
%%%
label: offer
from: Peter Hale <peter.hale@stonebridgecap.com>
subject: Revised compensation

Hi Noah,

Thanks for the thoughtful conversation yesterday. I spoke with the team and we're able to increase the base to $118,000 and add a $10,000 sign-on bonus. Everything else in the offer stays the same. The updated letter is attached.

Best,
Peter
%%%
label: offer
lang: de
from: Nordlicht Software GmbH <jobs@nordlicht-software.de>
subject: Unser Angebot für dich

Hallo Felix,

wir freuen uns riesig: Wir möchten dir die Stelle als Backend Developer anbieten! Das Jahresgehalt liegt bei 68.000 € brutto, dazu 30 Urlaubstage und ein Jobticket. Den Vertrag schicken wir dir morgen per Post.

Viele Grüße
Jan
%%%
label: offer
lang: fr
from: Société Lumière <talents@societe-lumiere.example>
subject: Proposition d'embauche

Bonjour Chen,

Nous avons le plaisir de vous proposer le poste de Data Analyst en CDI, avec une rémunération brute annuelle de 46 000 € et une prise de poste au 1er mars. Vous trouverez ci-joint la promesse d'embauche.

Bien cordialement,
L'équipe Talents
%%%
label: other
from: LinkedIn Job Alerts <jobalerts-noreply@linkedin.com>
subject: "data analyst": 12 new jobs in Boston

Your job alert for data analyst in Boston, MA

Kindred Care
Reporting Analyst
Boston, MA · 2 days ago · Easy Apply

Sparrow Analytics
Junior Data Analyst
Boston, MA (Hybrid) · Be an early applicant

See all jobs

You're receiving this because you set up a job alert. Unsubscribe
%%%
label: other
from: Marco Bellini <marco@talentbridge-search.com>
subject: Senior Python role - 100% remote

Hi Alex,

I hope you're well. I'm working with a Series B fintech that's looking for a Senior Python Engineer - fully remote in Europe, salary up to €95k plus equity. Your experience at your current company looks like a great match.

Would you be open to a 15-minute chat this week? No pressure if the timing isn't right.

Best,
Marco Bellini
Talent Bridge Search
%%%
label: other
from: Greenleaf Grocery <orders@greenleaf.com>
subject: Your order is confirmed

Thanks for shopping with us, Maria!

Order #887421
Delivery window: Saturday 9-11am
Items: 23
Total: $84.17

Need to make changes? You can edit your order until Friday at 10pm.
%%%
label: other
from: GitHub <noreply@github.com>
subject: [GitHub] A third-party OAuth application has been added to your account

Hey jordanr,

A third-party OAuth application (Codility Sync) with read:user scope was recently authorized to access your account. Visit https://github.com/settings/connections/applications for more information.

To see this and other security events for your account, visit your security log.

Thanks,
The GitHub Team
%%%
label: other
from: Workday <noreply@myworkday.com>
subject: Action required: Complete your application

Hi Sam,

You started an application for Warehouse Supervisor but haven't submitted it yet. Your progress has been saved - sign in to Candidate Home to pick up where you left off. The posting closes in 3 days.
%%%
label: other
from: Hollis Manufacturing <hollis@icims.com>
subject: Your application has been withdrawn

Hello Ravi,

This message confirms that you have withdrawn your application for Quality Engineer. If this was a mistake, you can re-apply from our careers site while the position is open.

Hollis Manufacturing Careers
%%%
label: other
from: Meetup <info@meetup.com>
subject: New event in Berlin Data Science Meetup: Lightning talks night

Berlin Data Science Meetup

Lightning talks night
Thursday, 6:30 PM
Factory Görlitzer Park

Eight speakers, five minutes each. Pizza from 6pm. Several local companies are hiring and will be around for chats.

RSVP | Unsubscribe from emails from this group
%%%
label: other
from: Conference Chairs <chairs@pycon-example.org>
subject: Your talk proposal

Dear Alex,

Thank you for submitting "Testing with Hypothesis" to this year's conference. We received more than 600 proposals for 90 slots. Unfortunately your proposal was not selected for the program this year. We hope you will still join us as an attendee and consider submitting a lightning talk.

The Program Committee
%%%
label: other
from: Royal Mail <no-reply@royalmail.example>
subject: Sorry we missed you

We tried to deliver your item today but nobody was in. Your item is now at your local delivery office and can be collected after 12pm tomorrow, or you can book a redelivery online.
%%%
label: other
from: Coursera <no-reply@coursera.org>
subject: Your weekly learning digest

Hi Priya,

You're 60% through "Machine Learning Specialization". Keep going - learners who finish get noticed by employers!

Recommended for you: SQL for Data Science, Interview Skills for Tech Careers.

Unsubscribe | Help Center
%%%
label: other
from: Your Bank <alerts@yourbank.example>
subject: Your statement is ready

Your October statement for the account ending 4821 is now available in online banking. Please log in to view it. We will never ask you for your password by email.
%%%
label: other
from: Glassdoor <noreply@glassdoor.com>
subject: Companies like Lattice AI are hiring

Hi Jordan, here are jobs we think you'll like, based on your recent searches.

Lattice AI - Applied Scientist - San Francisco - $170K - $210K (Employer est.)
Nimbus Cloudworks - ML Engineer - Remote
Rook Labs - Research Engineer - New York, NY

Also: read what employees say about interviewing at Lattice AI.
%%%
label: other
from: Jonas <jonas.meyer@example.net>
subject: Re: Saturday

haha yes, count me in. I'll bring the board games. Did you hear back from that company yet? Fingers crossed for you!
%%%
label: other
from: "Priya Patel" <priya.patel@example.com>
subject: Reference for Sam

Hi Dana,

Sam Rivera has listed me as a reference for the Operations Associate role at your company. I managed Sam for two years and I'm happy to speak with you - I'm free most afternoons this week.

Best regards,
Priya Patel
%%%
label: other
from: Workday <noreply@myworkday.com>
subject: Your account has been created

Welcome! Your candidate account with Tidewater Energy has been created. You can now apply for jobs, save searches and manage your profile. Your username is your email address.
%%%
label: other
from: HR Team <hr@orchardhealth.com>
subject: Welcome aboard - first day details

Hi Liam,

We're excited to have you start on Monday! Please arrive at 9am and ask for Karen at reception. Bring your ID and bank details for payroll. Lunch is on us.

See you soon,
Orchard Health HR
%%%
label: other
from: Spotify <no-reply@spotify.com>
subject: Your payment didn't go through

We couldn't process your payment for Spotify Premium. Please update your payment details to keep listening without interruption. We'll try again in 3 days.
%%%
label: other
from: Indeed <alert@indeed.com>
subject: 15 new Registered Nurse jobs near you

Registered Nurse - Night Shift
Vireo Health - Austin, TX
$42 - $55 an hour

Registered Nurse - Med/Surg
Beacon Hill Hospital - Round Rock, TX
Urgently hiring

View all jobs

You received this email because you subscribed to job alerts. Unsubscribe
%%%
label: other
from: Landlord <m.brennan@example.com>
subject: Flat application

Hi Alex, I'm afraid we've decided to go with another applicant for the flat on Elm Street - they could move in sooner. Sorry, and good luck with the search. Mark
%%%
label: other
from: survey@candidate-experience.example
subject: Tell us about your interview experience at Juniper Payments

Hi Priya,

You recently interviewed with Juniper Payments. We'd love your feedback - this 3-minute survey is anonymous and helps us improve the hiring process for everyone.

Take the survey

Thank you!
%%%
label: other
from: Slack <feedback@slack.com>
subject: Slack confirmation code: 482-119

Confirm your email address. Your confirmation code is below - enter it in your open browser window and we'll help you get signed in.
%%%
label: other
from: Hiring Manager Digest <digest@recruiterweekly.example>
subject: How to write rejection emails candidates will respect

This week: why a kind rejection email matters, three templates that don't sound like a robot, and what to say when a candidate asks for feedback. Plus: is the four-day week coming to recruiting?

Read online | Unsubscribe
%%%
label: other
lang: de
from: StepStone Jobagent <jobagent@stepstone.example>
subject: 8 neue Jobs: Data Analyst in Hamburg

Hallo Felix,

zu Ihrem Suchauftrag „Data Analyst" in Hamburg gibt es 8 neue Stellenangebote.

Data Analyst (m/w/d) – Hansa Energie – Hamburg
Junior Data Scientist (w/m/d) – Rheinwerk Digital – Hamburg

Alle Angebote ansehen | Jobagent bearbeiten | Abmelden
%%%
label: other
lang: de
from: DHL Paket <noreply@dhl.example>
subject: Ihre Sendung kommt heute

Guten Tag, Ihre Sendung 00340434 wird heute zwischen 14:30 und 16:30 Uhr zugestellt. Sie können den Zustelltermin online ändern.
%%%
label: other
lang: de
from: Lena Vogt <lena.vogt@example.de>
subject: Re: Grillen am Samstag

Hi! Klingt super, wir bringen Salat und Getränke mit. Hast du eigentlich schon was von der Firma in Köln gehört? Drück dir die Daumen!
%%%
label: other
lang: fr
from: Indeed France <alerte@indeed.example>
subject: 14 nouveaux emplois : développeur python

Développeur Python (H/F) - Société Lumière - Lyon
Ingénieur backend - Groupe Marceau - Paris

Voir toutes les offres
Vous recevez cet e-mail car vous avez créé une alerte emploi. Se désabonner
%%%
label: other
lang: fr
from: SNCF Connect <noreply@sncf.example>
subject: Votre train est supprimé

Nous sommes désolés : votre train du 12 mars est supprimé en raison d'un mouvement social. Vous pouvez échanger ou vous faire rembourser votre billet sans frais.
%%%
label: other
lang: es
from: InfoJobs <alertas@infojobs.example>
subject: 6 ofertas nuevas para ti

Hemos encontrado 6 nuevas ofertas que coinciden con tu alerta «administrativo» en Madrid.

Administrativo/a - Banco Ribera - Madrid
Auxiliar administrativo - Construcciones Vega - Getafe

Ver ofertas | Darse de baja
%%%
label: rejection
lang: de
from: Hansa Energie Recruiting <noreply@hansa-energie.example>
subject: Ihre Bewerbung als Projektingenieur (m/w/d) – Ref. 2291

Sehr geehrter Herr Kim,

nochmals vielen Dank für Ihre Bewerbung und die Geduld während unseres Auswahlprozesses.

Wir haben uns die Entscheidung nicht leicht gemacht. Nach intensiver Prüfung aller Unterlagen haben wir uns jedoch für Bewerberinnen und Bewerber entschieden, deren Erfahrungen im Bereich Netzplanung noch stärker unseren Anforderungen entsprechen.

Bitte verstehen Sie diese Entscheidung nicht als Bewertung Ihrer Person. Gerne würden wir Ihr Profil für zukünftige Vakanzen in unserem Talentpool speichern – bitte geben Sie uns dazu kurz Bescheid.

Wir wünschen Ihnen für Ihre weitere Zukunft alles Gute.

Mit freundlichen Grüßen

Talent Acquisition
Hansa Energie GmbH
Amtsgericht Bremen HRB 48211
%%%
label: rejection
lang: de
from: Sabine Krüger <s.krueger@praxis-krueger.example>
subject: AW: Bewerbung als MFA

Hallo Frau Yamamoto,

danke für Ihre Bewerbung und den Probetag bei uns. Wir haben uns inzwischen für eine Kollegin entschieden, die schon Erfahrung mit unserer Praxissoftware hat. Es tut mir leid, dass es nicht geklappt hat.

Alles Gute für Sie!
Sabine Krüger
%%%
label: rejection
lang: de
from: karriere@versandhaus-nord.example
subject: Ihre Bewerbung

Sehr geehrte Damen und Herren,

vielen Dank für Ihr Interesse. Die von Ihnen angefragte Position ist bereits vergeben. Wir bitten um Verständnis, dass wir Ihre Bewerbung daher nicht berücksichtigen können. Ihre Unterlagen werden datenschutzkonform gelöscht.

Ihr Versandhaus Nord
%%%
label: rejection
lang: de
from: Rheinwerk Digital <no-reply@rheinwerk.example>
subject: Update zu deiner Bewerbung als Frontend Developer

Hi Elif,

vielen Dank, dass du dir die Zeit für unsere Coding Challenge genommen hast. Wir haben uns deine Lösung im Team genau angeschaut und uns entschieden, mit anderen Kandidat:innen weiterzumachen. Uns hat vor allem noch etwas Erfahrung mit Barrierefreiheit gefehlt.

Wir wünschen dir viel Erfolg und freuen uns, wenn wir uns in Zukunft wieder begegnen.

Dein People-Team
%%%
label: rejection
lang: de
from: Stadt Lindenau – Personalamt <personalamt@lindenau.example>
subject: Stellenausschreibung Nr. 14/2025 – Sachbearbeitung Bürgerservice

Sehr geehrte Frau Nguyen,

das Auswahlverfahren für die oben genannte Stelle ist abgeschlossen. Leider konnten wir Sie dabei nicht berücksichtigen. Wir bedanken uns für Ihr Interesse an einer Tätigkeit bei der Stadtverwaltung.

Ihre Bewerbungsunterlagen werden nach Ablauf von sechs Monaten vernichtet.

Mit freundlichen Grüßen
Im Auftrag
Personalamt
%%%
label: rejection
lang: fr
from: Société Lumière – Recrutement <noreply@societe-lumiere.example>
subject: Votre candidature au poste de Chef de projet digital (H/F)

Bonjour Monsieur Dubois,

Nous tenons tout d'abord à vous remercier pour l'intérêt que vous portez à notre entreprise ainsi que pour le temps consacré à votre candidature.

Après une analyse attentive de votre profil, nous avons le regret de vous informer que nous ne sommes pas en mesure de donner une suite favorable à votre démarche. Cette décision ne remet nullement en cause vos compétences : d'autres profils correspondaient plus précisément aux exigences du poste.

Nous vous souhaitons pleine réussite dans la suite de vos projets professionnels.

Bien cordialement,
L'équipe Recrutement
%%%
label: rejection
lang: fr
from: Julie Bernard <julie.bernard@agence-horizon.example>
subject: RE: Candidature graphiste

Bonjour Inès,

merci encore pour ton book et pour le temps passé avec nous mardi. On a beaucoup hésité, mais on a finalement choisi une personne qui connaît déjà bien l'édition. Je suis désolée de ne pas avoir de meilleure nouvelle.

Je garde ton contact pour des missions en freelance si ça t'intéresse.

Julie
%%%
label: rejection
lang: fr
from: recrutement@mairie-exemple.fr
subject: Réponse à votre candidature - Agent d'accueil

Madame,

Vous avez bien voulu nous adresser votre candidature pour le poste d'agent d'accueil et nous vous en remercions. Nous sommes toutefois au regret de vous faire savoir qu'il ne nous est pas possible d'y réserver une suite favorable, le poste ayant été pourvu.

Nous vous prions d'agréer, Madame, l'expression de nos salutations distinguées.

Le Directeur des Ressources Humaines
%%%
label: rejection
lang: fr
from: Groupe Marceau <no-reply@groupemarceau.example>
subject: Mise à jour de votre candidature

Bonjour,

Nous vous informons que l'offre « Contrôleur de gestion (H/F) » à laquelle vous avez postulé a été clôturée. Votre candidature ne sera donc pas étudiée pour ce poste. Nous vous invitons à consulter nos autres offres sur notre site carrières.

Cordialement,
Groupe Marceau
%%%
label: rejection
lang: fr
from: Atelier Rivage <contact@atelier-rivage.example>
subject: Alternance développeur web

Bonjour Lucas, merci pour ta candidature à l'alternance. Nous avons décidé de ne pas la retenir cette année, car nous cherchons quelqu'un en deuxième année de master. Bonne chance pour la suite !
%%%
label: acknowledgement
lang: de
from: Nordlicht Software GmbH <jobs@nordlicht-software.de>
subject: Danke für deine Bewerbung!

Hi Felix,

cool, dass du dich bei uns beworben hast! Deine Unterlagen sind angekommen und liegen jetzt bei Jan aus dem Backend-Team. Wir melden uns innerhalb von zwei Wochen – egal, wie die Entscheidung ausfällt.

Bis dahin: Schau gerne in unserem Tech-Blog vorbei.

Viele Grüße
Dein Nordlicht-Team
%%%
label: acknowledgement
lang: de
from: Kiefer Technik <personal@kiefer-technik.de>
subject: Eingangsbestätigung

Sehr geehrter Herr Novak,

hiermit bestätigen wir den Eingang Ihrer Bewerbung als Servicetechniker. Aufgrund der hohen Anzahl an Bewerbungen bitten wir Sie um etwas Geduld. Sollten wir Ihnen innerhalb von vier Wochen keine Einladung zukommen lassen, konnten wir Ihre Bewerbung leider nicht berücksichtigen.

Mit freundlichen Grüßen
Kiefer Technik – Personalabteilung
%%%
label: acknowledgement
lang: de
from: Brückner Logistik AG <karriere@brueckner.example>
subject: Ihre Bewerbung bei Brückner Logistik

Guten Tag Frau Okafor,

vielen Dank für Ihre Bewerbung als Disponentin. Wir haben Ihre Unterlagen erhalten und leiten sie an die Fachabteilung weiter. Über den weiteren Verlauf informieren wir Sie so bald wie möglich.

Freundliche Grüße
Personalwesen
%%%
label: acknowledgement
lang: fr
from: Transports Garnier <rh@transports-garnier.example>
subject: Votre candidature

Bonjour Monsieur Haddad,

Nous avons bien reçu votre candidature pour le poste de chauffeur poids lourd et nous vous remercions de votre intérêt. Elle est actuellement à l'étude. Nous vous recontacterons si votre profil correspond à nos besoins.

Cordialement,
Service RH
%%%
label: acknowledgement
lang: fr
from: Welcome Careers <noreply@careers-portal.example>
subject: Confirmation : votre candidature chez Vignes & Co

Bonjour Camille,

Ta candidature pour le poste de « Responsable boutique » chez Vignes & Co a bien été envoyée. L'entreprise reviendra vers toi directement. En attendant, découvre d'autres offres qui pourraient te plaire.

L'équipe Careers
%%%
label: acknowledgement
lang: fr
from: Banque du Littoral <no-reply@banquedulittoral.example>
subject: Accusé de réception - Analyste risques (F/H)

Madame, Monsieur,

Nous accusons réception de votre candidature et vous remercions de l'intérêt porté à notre établissement. Votre dossier sera examiné avec la plus grande attention. Dans le cas où votre profil ne serait pas retenu, nous vous en tiendrons informé(e) par courriel.

La Direction des Ressources Humaines
%%%
label: interview
lang: de
from: Hansa Energie Recruiting <recruiting@hansa-energie.example>
subject: Terminbestätigung Vorstellungsgespräch

Sehr geehrter Herr Kim,

hiermit bestätigen wir Ihren Termin für das Vorstellungsgespräch am Dienstag, 14.10., um 10:30 Uhr in unserer Zentrale (Am Hafen 3, Bremen). Ihre Gesprächspartner sind Frau Vogt (Personal) und Herr Brandt (Teamleitung).

Bitte melden Sie sich am Empfang.

Mit freundlichen Grüßen
Recruiting
%%%
label: interview
lang: fr
from: Banque du Littoral <recrutement@banquedulittoral.example>
subject: Convocation à un entretien

Bonjour Monsieur Haddad,

Suite à votre candidature, nous avons le plaisir de vous convier à un entretien le jeudi 9 octobre à 14h30 dans nos locaux de Nantes. Merci de nous confirmer votre présence par retour de mail.

Cordialement,
Service Recrutement
%%%
label: other
lang: de
from: XING <mailrobot@xing.example>
subject: 3 Personen haben Ihr Profil besucht

Hallo Felix,

diese Woche haben 3 Personen Ihr Profil angesehen, darunter eine Recruiterin von Rheinwerk Digital. Außerdem gibt es neue Jobs, die zu Ihnen passen könnten.

Jetzt ansehen | Benachrichtigungen verwalten
%%%
label: other
lang: de
from: Deutsche Bahn <noreply@bahn.example>
subject: Ihre Reiseverbindung hat sich geändert

Guten Tag, leider hat sich Ihre Verbindung von Hamburg nach Köln am 12.03. geändert. Der ICE 578 fällt aus. Bitte prüfen Sie alternative Verbindungen in der App. Wir bitten um Entschuldigung.
%%%
label: other
lang: de
from: Vereinsvorstand <vorstand@tsv-example.de>
subject: Einladung zur Jahreshauptversammlung

Liebe Mitglieder,

wir laden herzlich zur Jahreshauptversammlung am Freitag um 19 Uhr im Vereinsheim ein. Auf der Tagesordnung stehen die Wahl des Vorstands und der Haushaltsplan. Anträge bitte bis zum 1. März einreichen.

Mit sportlichen Grüßen
Der Vorstand
%%%
label: other
lang: fr
from: LinkedIn <messages-noreply@linkedin.com>
subject: Claire Martin vous a envoyé un message

Bonjour Camille, une recruteuse de Groupe Marceau souhaite échanger avec vous au sujet d'une opportunité en contrôle de gestion. Voir le message.

Vous recevez des notifications de messages. Se désabonner
%%%
label: other
lang: fr
from: Pôle Candidats <newsletter@emploi-conseils.example>
subject: 5 conseils pour rebondir après un refus

Chaque refus est une occasion d'apprendre : demandez un retour, relisez votre CV, entraînez-vous aux entretiens. Découvrez aussi nos ateliers gratuits ce mois-ci.

Se désinscrire
%%%
label: other
lang: fr
from: Amazon.fr <confirmation-commande@amazon.example>
subject: Votre commande a été expédiée

Bonjour, votre colis contenant « Clavier sans fil » a été expédié et arrivera mardi. Suivez votre colis depuis votre compte.
%%%
label: rejection
from: Tangent Research <noreply@tangentresearch.org>
subject: Position update

Dear Applicant,

Thank you for your interest in the Research Software Engineer position. This is to inform you that the search has been cancelled and the position will not be filled this cycle. We appreciate the time you invested in applying.

Human Resources
%%%
label: rejection
from: Orchard Health <orchardhealth@myworkday.com>
subject: Regarding Your Application to Orchard Health

Hi Omar,

We have carefully reviewed your application for Medical Billing Specialist. At this time we have identified candidates whose qualifications better match the requirements of the position, and your application is no longer active.

We appreciate your interest in Orchard Health and encourage you to explore other opportunities on our careers site.

Orchard Health Talent Acquisition
%%%
label: rejection
from: "Larkspur Retail" <no-reply@larkspur.com>
subject: Thank you for your interest

Hi Emma,

Thanks for applying for Visual Merchandiser. We were fortunate to have many great applicants, and after review the hiring team has chosen to advance other candidates for this role.

Thanks again,
Larkspur Retail Careers
%%%
label: rejection
from: Kindred Care <kindredcare@talent.icims.com>
subject: Kindred Care - Care Coordinator (2025-311)

Hello Grace,

Thank you for your interest in Kindred Care. Please be advised that the Care Coordinator position you applied for has been closed. You're encouraged to visit our career site to view current openings.

Kindred Care Recruitment
%%%
label: acknowledgement
from: Northstar Robotics <notifications@smartrecruiters.com>
subject: Application confirmation - Controls Engineer

Dear Ravi,

We wanted to let you know that we received your application for Controls Engineer. We will review your experience and contact you if you are selected to move on to the next step. Either way, thank you for considering Northstar Robotics.

Northstar Robotics Talent
%%%
label: acknowledgement
from: Mapleton Schools <applitrack@mapletonschools.org>
subject: Application Submitted

Your application for the position of Grade 3 Teacher has been submitted successfully. Application ID: 88213. You may log in at any time to update your application. Principals review applications as positions become available.
%%%
label: acknowledgement
from: Ironbark Software <no-reply@hire.lever.co>
subject: Thank you for applying to Ironbark Software

Hi Alex,

Thanks for your interest in Ironbark! We've received your application for Backend Engineer and our team is excited to learn more about you.

We're growing fast and get a lot of applications, so it may take us a little time to respond. If we think there's a match, we'll reach out to set up a first conversation.

Cheers,
The Ironbark Team
"""


# More hand-written emails (2026-11-25): informal human rejections, hard negatives, French, German, Spanish.
HANDWRITTEN += "\n%%%\n" + r"""
label: rejection
from: Jess Moreno <jess@fennelandrye.com>
subject: Re: Line cook

Hey Sam, quick note — we went another way on this one. Thanks for coming in for the stage on Thursday, the team liked working with you.

Jess
%%%
label: rejection
from: dave.k@circuitworks.io
subject: Re: Firmware role

Thanks Priya. We've decided not to continue with your application. Good luck out there.
%%%
label: rejection
from: Marta Lindgren <marta@pebblemobility.com>
subject: take-home feedback

Hi Ben,

Thanks for turning the take-home around so quickly. Honest answer: the panel didn't feel it was strong enough on testing and error handling to move to the onsite, so we're going to stop here.

A couple of notes in case they help: the API design was clean, but there were no tests around the retry logic, and the README didn't explain why you picked SQLite. Those were the main things.

Thanks again, and I hope the search goes well.
Marta
%%%
label: rejection
from: Owen <owen@glasshouse.agency>
subject: catching up + the designer role

Hi Zoe!

Lovely to bump into you at the meetup on Tuesday - and thanks for the book recommendation, I've already ordered it.

On the designer role: I'm sorry to say we've decided to hire someone with more motion design experience. It wasn't anything about your portfolio, which everyone liked; it's just where the gap in the team is right now.

Let's definitely grab a coffee next month anyway. And if you want me to pass your name to a couple of studios I know, just say.

Owen
%%%
label: rejection
from: careers@brightpathlearning.org
subject: Curriculum Developer

Hello Ines,

We've filled the role. Thank you for applying and for your patience during the process.

Brightpath Learning
%%%
label: rejection
from: Rob Tillman <rob.tillman@hollismfg.com>
subject: Production Planner opening

Ravi,

I'm writing to let you know the Production Planner position has been cancelled. Corporate froze headcount for the plant through the end of next year, so we are not filling it. I'm sorry for the wasted effort on your side - you were one of the people we wanted to bring back.

If the freeze lifts I'll reach out directly.

Rob Tillman
Plant Manager
%%%
label: rejection
from: hiring@zephyraero.com
subject: Your application – Avionics Test Engineer

Dear Diego,

Thank you for your interest in Zephyr Aerospace. We won't be moving ahead with your application for the Avionics Test Engineer position.

We wish you success in your search.

Zephyr Aerospace Hiring Team
%%%
label: rejection
from: Lena <lena@rooklabs.dev>
subject:

hi tomasz, sorry this took so long. we picked someone else for the contract. thanks for your time!! lena
%%%
label: rejection
from: "Alicia Grant" <agrant@stonebridgecap.com>
subject: RE: Analyst interview follow up

Hi Elif,

Thank you for following up, and apologies for the delay. The team has made its decision and we won't be extending an offer for the analyst role. You interviewed well; the finalist simply had two more years of credit experience.

I would genuinely be happy to talk about other openings as they come up.

Best,
Alicia
%%%
label: rejection
from: Tanner <tanner@parallaxgames.com>
subject: re: gameplay programmer

Yo Marcus - thanks a ton for the prototype you sent. Bad news: we're putting the gameplay hire on hold, the publisher pulled funding for the second project. So nothing happening on our side for the foreseeable future. Sorry man. Will ping you if it changes.
%%%
label: rejection
from: Grace Obi <grace.obi@kindredcare.org>
subject: Following up after your interview

Dear Hannah,

Thank you for meeting with our team last Wednesday. After discussing all the candidates, we have decided to offer the Care Coordinator position to another applicant.

You asked for feedback during the interview, so here it is: the panel was impressed by your warmth with families, but would have liked more examples of handling scheduling across several clinics. I hope that is useful.

Kind regards,
Grace Obi
%%%
label: rejection
from: noreply@trellishr.com
subject: Update on your Trellis HR application

Hi Lucas,

Thanks for taking the time to apply. This is a tough one to write - we've decided to pursue candidates whose experience aligns more closely with the role.

Trellis HR
%%%
label: rejection
from: Nadia Petrov <nadia@quantumleaf.ai>
subject: Re: ML Engineer

Hi Chen, just a short one. We're not able to move you forward for this role. Thanks so much for the conversation and for the notebook you shared.
Nadia
%%%
label: rejection
from: "Ben at Acorn" <ben@acornchildcare.co>
subject: Assistant teacher role

Hi Julia,

Thanks for coming in and meeting the kids - they haven't stopped talking about your dinosaur puppet.

We've offered the assistant teacher role to someone who can start straight away, and she's accepted. I'm sorry it wasn't you this time. We're opening another room in spring and I'd love you to apply again.

Warmly,
Ben
%%%
label: rejection
from: talent@yellowfin.io
subject: Re: Senior Data Engineer

Hi Noah, thanks for your patience. After the final round we've made an offer to another candidate who accepted today, so we're closing the search. Really appreciate the time you gave us - the system design conversation was one of the better ones we had.
%%%
label: rejection
from: Sara Quint <sara@indigoventures.vc>
subject: Associate role

Dear Omar,

Thanks again for your interest in joining Indigo. We've reviewed the case study submissions and have decided not to proceed with yours to the partner interviews. Given the volume we can't share detailed feedback, I'm afraid.

All the best,
Sara
%%%
label: rejection
from: Mark <mark@copperleaffoods.com>
subject: Fwd: Shift supervisor

Hi Fatima - I forwarded your resume to the store but they told me the shift supervisor spot was already filled last week. So I don't think there's anything there right now. Sorry!
Mark
%%%
label: rejection
from: jobs@seasidecu.org
subject: Member Service Representative

Dear Aisha Kim,

This message is to inform you that you were not selected for the Member Service Representative position. We appreciate your interest in Seaside Credit Union.

Human Resources
%%%
label: rejection
from: Harriet <harriet@marlowpike.co.uk>
subject: Trainee solicitor - outcome

Hi Kenji,

Thanks for the assessment day. I'm afraid it's not good news: we won't be offering you a training contract this year. The written exercise was strong, but the group task scores were lower than the other candidates who progressed.

Do apply again next cycle if you're still interested - people do get in on a second try.

Harriet
%%%
label: rejection
from: Dom Reyes <dom@nimbuscloud.works>
subject: Re: SRE chat

Hey Jordan, circling back. We ended up going with a candidate who's done more on-call for large Kubernetes fleets, so we'll pass for now. Keep in touch though, seriously.
%%%
label: rejection
from: recruiting@helixbio.com
subject: Research Associate II

Hello Sofia,

We appreciate your interest in Helix Biotech. We regret that we are unable to offer you a position at this time. The position has been filled by a candidate whose background more closely matches our current needs.

Regards,
Helix Biotech Recruiting
%%%
label: rejection
from: Ken <ken@waypointtravel.com>
subject: no go

Sorry Alex, they decided to hire internally. Thanks for your patience through all this.
%%%
label: acknowledgement
from: Opal Telecom Careers <careers@opaltelecom.com>
subject: We got your application

Hi Grace,

Thanks for applying for Network Technician. This email is just to confirm we have your application.

We get a lot of interest in our roles, so if we don't get back to you within 2 weeks, please assume we've gone with other applicants this time. We keep all CVs for six months.

Opal Telecom Recruitment
%%%
label: acknowledgement
from: recruitment@thornfieldcounty.gov
subject: Application received: Planning Officer

Dear Applicant,

Thank you for your application for the post of Planning Officer (ref TC-4471). We will only contact candidates who are shortlisted for interview. If you have not heard from us by the closing date plus three weeks, unfortunately on this occasion you have not been successful.

Thornfield County Council HR
%%%
label: acknowledgement
from: Lucy <lucy@saltmarshstudios.com>
subject: Re: Junior animator

Hi Liam, got it, thanks! I'll share your reel with the leads on Monday. We're seeing quite a few people so it might be a couple of weeks before I come back to you.
Lucy
%%%
label: acknowledgement
from: no-reply@ridgeviewmedical.org
subject: Ridgeview Medical: application update

Hi Maria,

Your application for Patient Access Representative is still under review. We know waiting is hard; we expect hiring managers to finish reviewing applications within the next ten days. No action is needed on your part.

Ridgeview Medical Talent Acquisition
%%%
label: acknowledgement
from: Emberline Jobs <jobs@emberline.com>
subject: Thanks for applying to Emberline

Hi Priya,

Thanks for applying to Emberline! Please note we will only be in touch if your profile matches what the team is looking for. Unfortunately we can't respond to every application individually.

The Emberline Team
%%%
label: acknowledgement
from: LinkedIn <jobs-noreply@linkedin.com>
subject: Sam, your application was sent to Datawell

Your application was sent to Datawell

Datawell
Analytics Engineer
Datawell · Remote
Applied on March 3

See similar jobs
%%%
label: other
from: LinkedIn <jobs-noreply@linkedin.com>
subject: Your application was viewed by Vireo Health

Your application was viewed by Vireo Health

Vireo Health
Product Analyst
Vireo Health · Boston, MA

Jobs similar to this one
Kestrel Systems - Data Analyst
Tangent Research - Research Analyst
%%%
label: other
from: Indeed <alert@indeed.com>
subject: Unfortunately this job is no longer available

Unfortunately, this job is no longer available: Payroll Specialist at Hearth Home Goods.

Here are similar jobs near Raleigh, NC:
Payroll Coordinator - Oakline Consulting
Accounts Payable Clerk - Quarry Materials
Payroll Administrator - Beacon Hill Hospital

Manage job alerts · Unsubscribe
%%%
label: other
from: Glassdoor <noreply@glassdoor.com>
subject: Jobs you may have missed

We noticed the posting you saved was taken down. Unfortunately, employers sometimes close roles early. Don't worry - we found 9 similar openings for you this week.

Operations Analyst · Lumen Freight · Denver, CO
Business Analyst · Meridian Insurance Group · Remote
%%%
label: other
from: Ana <ana.lopes@example.net>
subject: how did it go??

Did you hear back from the bakery yet? Fingers crossed! Also are you still up for Saturday? Mia says she can't make it unfortunately, she has a shift.
%%%
label: other
from: The Offer Desk <newsletter@offerdesk.example>
subject: How to handle a rejection email (and what to reply)

This week: we break down five real-sounding rejection emails, what "we decided to move forward with other candidates" actually means, and a reply template you can send in two minutes. Plus: salary negotiation scripts for your next offer.

Read online · Unsubscribe
%%%
label: other
from: billing@streamly.example
subject: Your payment didn't go through

Unfortunately we weren't able to process your payment for your monthly plan. Please update your card within 7 days to keep watching.
%%%
label: other
from: Jon Price <jon@oaklineconsulting.com>
subject: Opportunity - Senior Data Analyst (contract)

Hi Emma, I came across your profile and think you'd be a great fit for a 6-month contract with a healthcare client of ours. Fully remote, day rate competitive. Would you be open to a quick chat this week?
Jon
%%%
label: other
from: Ashby <no-reply@ashbyhq.com>
subject: You withdrew your application

This confirms that you have withdrawn your application for Product Designer at Prism Design Co. If this was a mistake, contact the recruiting team.
%%%
label: interview
from: Kate <kate@sparrowanalytics.com>
subject: coffee?

Hi Nora - thanks for applying! I'd love to grab 20 min to hear what you're looking for. Are you free Thursday afternoon? I can call or we can do Meet.
Kate
%%%
label: interview
from: Sam Whitley <sam@everlanefin.com>
subject: Re: Financial Analyst

Hey Diego, thanks for sending your resume over. We'd like you to meet Priti, our FP&A lead. Could you do Tuesday at 10 or Wednesday at 2?
%%%
label: interview
from: Daria <daria@foxglovepharma.com>
subject: Next step

Hi Olivia,

Good news - the panel enjoyed your presentation and we'd like to invite you to a final conversation with our VP of Regulatory Affairs. It'll be about 45 minutes over video. Could you send me three times that work for you next week?

Daria
%%%
label: interview
from: Tom <tom@granitepeak.co>
subject: Re: Store associate

Hi Ben! Thanks for your application. Can you swing by the store Saturday morning around 10? Just a quick chat with me and the floor manager.
%%%
label: interview
from: Rachel Ng <rachel@lighthouseins.com>
subject: Phone screen

Hi Marcus, I'm the recruiter for the claims analyst role. I'd like to set up a 30-minute phone screen. Here's a link to pick a time that suits: https://calendly.com/rachel-lighthouse/screen
%%%
label: interview
from: Vijay <vijay@cobaltfintech.com>
subject: Rejected for backend, but...

Hi Hannah,

We've decided not to move forward with you for the Backend Engineer role - we need someone more senior there. But the team thought you'd be a great fit for our Platform Engineer opening, and we'd like to interview you for it. Does Friday work for a chat?

Vijay
%%%
label: offer
from: Maya <maya@sundialsolar.com>
subject: !!!

Hi Kenji - I'm thrilled to tell you we want you on the team! Formal offer letter coming from HR tomorrow: $78,000, start date flexible. Call me when you get a sec?
Maya
%%%
label: offer
from: Lars <lars@fjorddigital.no>
subject: the job is yours

Hey Elif, the founders signed off this morning - we'd love to have you as our first designer. I'll email over the contract and equity details tonight. Congrats!!
%%%
label: offer
from: HR <hr@beaconhillhospital.org>
subject: Conditional offer of employment

Dear Grace,

We are pleased to make you a conditional offer for the position of Staff Nurse, Surgical Ward, subject to satisfactory references and an occupational health check. The details of salary, hours and start date are in the attached letter.

Please confirm your acceptance by replying to this email within five working days.

Beacon Hill Hospital HR
%%%
label: offer
from: Andre <andre@atlascivic.tech>
subject: Re: Re: comp question

Hi Jordan, good news - I got approval to bump the base to $132k and add the signing bonus we talked about. Updated offer letter attached; let me know if you want to talk anything through before you sign.
%%%
label: rejection
lang: fr
from: Recrutement Groupe Marceau <recrutement@groupemarceau.fr>
subject: Votre candidature - Contrôleur de gestion (H/F)

Madame,

Nous avons bien reçu votre candidature au poste de Contrôleur de gestion et vous remercions de l'intérêt que vous portez à notre groupe.

Malgré l'intérêt de votre candidature, nous sommes au regret de vous informer que votre profil n'a pas été retenu. Nous conservons néanmoins votre CV dans notre vivier et ne manquerons pas de vous recontacter si un poste correspondant à votre parcours se libère.

Nous vous prions d'agréer, Madame, nos salutations distinguées.

Direction des Ressources Humaines
%%%
label: rejection
lang: fr
from: Claire <claire@atelierrivage.fr>
subject: Re: stage graphisme

Salut Ines,

Merci pour ton book, il est vraiment chouette. Par contre on a déjà trouvé notre stagiaire pour le printemps, donc on ne pourra pas te prendre cette fois. Repostule en septembre si tu veux !

Claire
%%%
label: rejection
lang: fr
from: no-reply@banquedulittoral.fr
subject: Candidature spontanée

Bonjour Monsieur Dubois,

Nous vous remercions pour votre candidature spontanée. Après étude de votre dossier, nous ne donnerons pas suite à votre demande, aucun poste correspondant à votre profil n'étant ouvert actuellement.

Bien cordialement,
Banque du Littoral - Service Recrutement
%%%
label: rejection
lang: fr
from: Julien Favre <j.favre@transportsgarnier.fr>
subject: Suite à notre entretien

Bonjour Madame Moreau,

Je vous remercie encore pour notre échange de mardi. Après réflexion, nous avons décidé de poursuivre avec un autre candidat dont l'expérience en exploitation est plus longue.

Je vous souhaite une belle réussite dans vos recherches.

Julien Favre
Responsable d'exploitation
%%%
label: rejection
lang: fr
from: rh@cabinetfabre.fr
subject: Reponse a votre candidature

Bonjour,

Nous sommes au regret de vous informer que le poste d'assistant juridique a ete pourvu. Nous vous remercions de l'interet que vous avez porte a notre cabinet.

Cordialement,
Cabinet Fabre
%%%
label: rejection
lang: fr
from: Léa <lea@vignesetco.fr>
subject: test technique

Bonjour Lucas,

Merci d'avoir pris le temps de faire le test. L'équipe l'a relu et on a décidé de ne pas continuer le processus : le code fonctionnait mais il manquait des tests et la partie SQL était un peu fragile. J'espère que ces retours te serviront.

Bonne continuation,
Léa
%%%
label: rejection
lang: fr
from: Ecole Horizon <recrutement@ecolehorizon.fr>
subject: Poste de professeur des écoles

Madame,

Suite à la réorganisation de nos classes pour la rentrée, le poste auquel vous avez candidaté a été supprimé. Nous ne sommes donc pas en mesure de poursuivre le recrutement et vous prions de nous en excuser.

Nous vous souhaitons une excellente continuation.

La direction
%%%
label: acknowledgement
lang: fr
from: Société Lumière <talents@societelumiere.fr>
subject: Nous avons bien reçu votre candidature

Bonjour Camille,

Nous avons bien reçu votre candidature pour le poste de Chef de projet digital et nous vous en remercions.

Notre équipe étudie chaque dossier avec attention. Si votre profil correspond à nos attentes, nous vous contacterons pour convenir d'un premier entretien. Sans nouvelles de notre part d'ici trois semaines, vous pourrez considérer que nous ne donnerons pas suite.

L'équipe Talents
%%%
label: acknowledgement
lang: fr
from: noreply@flatchr.example
subject: Candidature spontanée - accusé de réception

Bonjour,

Votre candidature spontanée a bien été transmise à Transports Garnier. Elle sera étudiée par le service RH, qui reviendra vers vous si un poste correspond à votre profil.

Ceci est un message automatique.
%%%
label: acknowledgement
lang: fr
from: Nathalie <nathalie@groupemarceau.fr>
subject: Re: candidature comptable

Bonjour Monsieur Garcia,

Je vous confirme avoir bien reçu votre CV. Le processus est toujours en cours, nous rencontrons encore quelques candidats cette semaine. Je reviens vers vous d'ici le 15.

Bien à vous,
Nathalie
%%%
label: interview
lang: fr
from: Thomas <thomas@atelierrivage.fr>
subject: Entretien ?

Bonjour Zoé,

Votre candidature nous a beaucoup plu. Seriez-vous disponible jeudi à 14h pour un entretien dans nos locaux à Nantes ? Sinon, dites-moi ce qui vous arrange.

Thomas
%%%
label: interview
lang: fr
from: Welcome to the Jungle <notifications@wttj.example>
subject: Société Lumière vous propose un entretien

Bonne nouvelle ! Société Lumière souhaite échanger avec vous au sujet du poste Data Analyst. Choisissez un créneau pour votre entretien dans votre espace candidat.
%%%
label: offer
lang: fr
from: Sophie Marchand <s.marchand@banquedulittoral.fr>
subject: Proposition d'embauche

Bonjour Madame Costa,

Suite à vos entretiens, j'ai le plaisir de vous confirmer que nous souhaitons vous accueillir en CDI au poste d'analyste crédit. Vous trouverez ci-joint la proposition détaillée (rémunération, date de démarrage, avantages).

Merci de me faire part de votre réponse d'ici vendredi.

Sophie Marchand
%%%
label: other
lang: fr
from: Indeed <alert@indeed.com>
subject: 12 nouvelles offres : Assistant administratif

Malheureusement, l'offre que vous avez sauvegardée n'est plus disponible. Voici des offres similaires près de Lyon :
Assistant administratif (H/F) - Cabinet Fabre
Secrétaire médicale - Clinique du Parc
Gérer mes alertes
%%%
label: other
lang: fr
from: Marc <marc.b@example.fr>
subject: ce week-end

Salut, on est toujours partants pour la rando dimanche ? Malheureusement Julie ne pourra pas venir, elle travaille. Je prends la voiture.
%%%
label: other
lang: fr
from: SNCF Connect <noreply@connect.example>
subject: Votre billet

Votre réservation Paris - Lyon du 12/03 est confirmée. Retrouvez vos billets dans l'application.
%%%
label: rejection
lang: de
from: Personalabteilung Hansa Energie <bewerbung@hansa-energie.de>
subject: Ihre Bewerbung als Sachbearbeiter Einkauf (m/w/d)

Sehr geehrter Herr Fischer,

vielen Dank für Ihre Bewerbung und das damit verbundene Interesse an unserem Unternehmen.

Nach sorgfältiger Prüfung Ihrer Unterlagen müssen wir Ihnen leider mitteilen, dass wir uns für einen anderen Kandidaten entschieden haben, dessen Profil den Anforderungen der Stelle noch besser entspricht.

Ihre Unterlagen werden gemäß den Datenschutzbestimmungen gelöscht. Für Ihre berufliche Zukunft wünschen wir Ihnen alles Gute.

Mit freundlichen Grüßen
Ihre Personalabteilung
%%%
label: rejection
lang: de
from: Jana <jana@nordlicht-software.de>
subject: Re: Werkstudentenstelle

Hi Nora,

danke dir für das nette Gespräch letzte Woche! Wir haben uns am Ende für jemanden entschieden, der schon etwas mehr Erfahrung mit React hat. Ich hoffe, du findest bald was Passendes - melde dich gern, wenn bei uns wieder was ausgeschrieben ist.

Viele Grüße
Jana
%%%
label: rejection
lang: de
from: bewerbung@brueckner-logistik.de
subject: Absage

Sehr geehrte Frau Kowalski,

leider muessen wir Ihnen mitteilen, dass wir Ihre Bewerbung fuer die Position Disponentin nicht beruecksichtigen koennen. Wir bedanken uns fuer Ihr Interesse und wuenschen Ihnen viel Erfolg.

Freundliche Gruesse
Brueckner Logistik AG
%%%
label: rejection
lang: de
from: Stadtwerke Lindenau <karriere@stadtwerke-lindenau.de>
subject: Ausschreibung Nr. 2025-17

Sehr geehrte Bewerberin, sehr geehrter Bewerber,

die oben genannte Stelle wird aufgrund einer Umstrukturierung nicht besetzt. Das Auswahlverfahren wurde daher eingestellt. Wir bitten um Ihr Verständnis.

Mit freundlichen Grüßen
Stadtwerke Lindenau – Personalwesen
%%%
label: rejection
lang: de
from: Markus Weber <m.weber@weber-consulting.de>
subject: Ihre Fallstudie

Hallo Herr Okafor,

danke für die Bearbeitung der Fallstudie. Wir haben sie im Team besprochen und werden den Prozess mit Ihnen nicht fortsetzen - vor allem die Marktanalyse war uns zu oberflächlich. Gerne erläutere ich Ihnen das in einem kurzen Telefonat.

Beste Grüße
Markus Weber
%%%
label: rejection
lang: de
from: noreply@kiefer-technik.de
subject: Rückmeldung zu Ihrer Bewerbung

Guten Tag Herr Novak,

wir haben die Stelle Servicetechniker (m/w/d) inzwischen besetzt und können Ihre Bewerbung daher nicht mehr berücksichtigen.

Ihr Team von Kiefer Technik
%%%
label: rejection
lang: de
from: Tobi <tobias@rheinwerk-digital.de>
subject: kurze Info

Hey Elif, sorry für die späte Antwort. Wir haben gerade einen Einstellungsstopp bekommen und die Junior-Stelle ist erstmal gestrichen. Tut mir echt leid, du warst ganz vorne mit dabei.
Tobi
%%%
label: acknowledgement
lang: de
from: Alpenblick Versicherung <recruiting@alpenblick.de>
subject: Zwischenbescheid zu Ihrer Bewerbung

Sehr geehrte Frau Silva,

wir möchten Ihnen einen kurzen Zwischenbescheid geben: Aufgrund der hohen Zahl an Bewerbungen nimmt die Auswahl mehr Zeit in Anspruch als geplant. Ihre Bewerbung ist weiterhin im Verfahren. Wir melden uns voraussichtlich Ende des Monats bei Ihnen.

Wir danken Ihnen für Ihre Geduld.

Mit freundlichen Grüßen
Recruiting Alpenblick
%%%
label: acknowledgement
lang: de
from: Müller & Söhne GmbH <jobs@mueller-soehne.de>
subject: Eingangsbestätigung Ihrer Bewerbung

Guten Tag Herr Larsen,

vielen Dank für Ihre Bewerbung als Elektroniker (m/w/d). Ihre Unterlagen sind vollständig bei uns eingegangen. Sollten Sie innerhalb von vier Wochen nichts von uns hören, ist die Stelle anderweitig besetzt.

Freundliche Grüße
Personalabteilung
%%%
label: acknowledgement
lang: de
from: personio <noreply@personio.example>
subject: Danke fuer deine Bewerbung bei Nordlicht Software

Hallo Sam,

danke fuer deine Bewerbung! Wir schauen uns deine Unterlagen in Ruhe an und melden uns in den naechsten zwei Wochen bei dir.

Dein Nordlicht Team
%%%
label: interview
lang: de
from: Anna Brandt <a.brandt@hansa-energie.de>
subject: Einladung zum Vorstellungsgespräch

Sehr geehrter Herr Kim,

Ihre Bewerbung hat uns überzeugt. Wir möchten Sie zu einem Vorstellungsgespräch am Dienstag, den 14. Oktober, um 10:00 Uhr in unsere Zentrale in Bremen einladen. Bitte bestätigen Sie uns den Termin kurz per E-Mail.

Mit freundlichen Grüßen
Anna Brandt
%%%
label: interview
lang: de
from: Felix <felix@kiefer-technik.de>
subject: Probearbeiten?

Hallo Omar, danke für deine Bewerbung! Hast du Lust, nächsten Mittwoch zum Probearbeiten in die Werkstatt zu kommen? So ab 8 Uhr, Kaffee gibts.
%%%
label: offer
lang: de
from: Weber Consulting <hr@weber-consulting.de>
subject: Ihr Vertragsangebot

Sehr geehrte Frau Yamamoto,

wir freuen uns, Ihnen nach den angenehmen Gesprächen die Position als Junior Beraterin anbieten zu können. Anbei erhalten Sie den Arbeitsvertrag. Bitte senden Sie uns ein unterschriebenes Exemplar bis zum Monatsende zurück.

Wir freuen uns auf die Zusammenarbeit!
Weber Consulting
%%%
label: other
lang: de
from: StepStone <jobagent@stepstone.de>
subject: 7 neue Jobs für Buchhalter

Die von Ihnen gemerkte Stelle ist leider nicht mehr verfügbar. Diese ähnlichen Jobs könnten Sie interessieren:
Finanzbuchhalter (m/w/d) - Hansa Energie - Bremen
Buchhalter Teilzeit - Kiefer Technik - Kassel
Jobagent verwalten
%%%
label: other
lang: de
from: XING <mailrobot@mail.xing.com>
subject: Ihre Bewerbung wurde angesehen

Die Personalverantwortliche von Rheinwerk Digital hat sich Ihr Profil angesehen. Jetzt Premium-Mitglied werden und sehen, wer noch Interesse hat.
%%%
label: other
lang: de
from: Paul <paul.s@example.de>
subject: AW: Sonntag

Leider muss ich für Sonntag absagen, meine Mutter hat Geburtstag. Nächste Woche?
%%%
label: rejection
lang: es
from: Laura <laura@grupoalameda.es>
subject: Tu candidatura

Hola Diego,

Gracias por tu tiempo en las entrevistas. Finalmente hemos decidido seguir con otra persona que tiene más experiencia en logística. Ha sido una decisión difícil.

Un abrazo y mucha suerte,
Laura
%%%
label: rejection
lang: es
from: seleccion@bancoribera.es
subject: Proceso de selección

Estimada Sofia:

Le agradecemos su interés. Lamentamos comunicarle que su candidatura no ha sido seleccionada para la siguiente fase del proceso.

Atentamente,
Banco Ribera - Selección
%%%
label: acknowledgement
lang: es
from: Farmacias Sol <empleo@farmaciassol.es>
subject: Hemos recibido tu candidatura

Hola Mateo:

Gracias por tu interés en Farmacias Sol. Hemos recibido tu candidatura. Si no te contactamos en un plazo de tres semanas, entiende que en esta ocasión no has sido seleccionado.

Equipo de Personas
%%%
label: interview
lang: es
from: Pablo <pablo@innovadatos.es>
subject: ¿Hablamos?

Hola Julia, he visto tu CV y me encantaría hablar contigo sobre el puesto de analista. ¿Te va bien el jueves a las 11 por videollamada?
%%%
label: offer
lang: es
from: RRHH Construcciones Vega <rrhh@construccionesvega.es>
subject: Oferta de empleo

Hola Ben:

Nos alegra comunicarte que queremos ofrecerte el puesto de Jefe de obra. Te adjuntamos la carta de oferta con las condiciones. Esperamos tu respuesta antes del viernes.

Un saludo
%%%
label: other
lang: es
from: InfoJobs <alertas@infojobs.example>
subject: Ofertas nuevas para ti

Lamentablemente la oferta que guardaste ya no está disponible. Te mostramos otras parecidas:
Administrativo/a - Grupo Alameda - Madrid
Recepcionista - Hotel Las Dunas - Málaga
%%%
label: other
from: Walt Hensley <walt@lists.example.org>
subject: Re: tax policy again

> Nobody serious thinks the deficit matters.

That's simply not true, and you know it. We had this argument two years ago and you went another way then too. Plenty of economists decided long ago that it matters a great deal; the question is how much and when. I'm not going to rehash it again.
%%%
label: other
from: Dee <dee@homebrew.example.net>
subject: Re: [homebrew] stuck fermentation

Unfortunately there's no single fix. We decided to repitch with a fresh yeast and move forward with a warmer room, and it restarted after two days. Others on the list went with adding nutrient. Your mileage may vary.
%%%
label: other
from: Greg T <gregt@example.com>
subject: Re: bad luck week

Ha, that's nothing. Last month my car died, the landlord decided not to renew, and the dog ate my passport. We eventually moved on and it all worked out. Hang in there.
%%%
label: other
from: kernel-dev digest <digest@lists.example.org>
subject: Re: [PATCH] rework scheduler locking

I'm afraid I have to NAK this one. The approach isn't a good fit for the current design and we've decided in the past not to take changes that add a second lock here. Please rework it on top of the existing helper and resend; happy to review the next version.
%%%
label: other
from: Pat O'Neill <pat@example.net>
subject: Re: politics, sigh

You keep saying the other candidates were worse, but that's not the point. The party picked someone who can't win and we'll all regret it. I won't be moving my vote either way, so spare me.
%%%
label: other
from: Fiona <fiona.b@example.org>
subject: Re: club election results

Thanks everyone who stood. After counting, the committee position went to Raj by four votes. Unfortunately we can only have one treasurer! Drinks on Friday as usual.
%%%
label: other
from: Housing Office <housing@riverbend.edu>
subject: Room allocation

Dear student, unfortunately we are unable to offer you a place in the halls you selected this year due to high demand. You have been placed on the waiting list for Elm House.
%%%
label: other
from: Conference Committee <chairs@devconf.example>
subject: DevConf 2026: decision on your talk proposal

Thank you for submitting "Rust in the browser". We received over 400 proposals and regret that we could not accept yours this year. We hope to see you in the audience.
%%%
label: other
from: Jamie <jamie@example.net>
subject: Re: weekend

Sorry, we've decided not to come after all - the kids are sick. We'll take a rain check. Hope the party goes well!
%%%
label: other
from: rick@sysadmin.example.org
subject: Re: which backup tool?

We evaluated three and went with restic in the end; borg was a close second. Unfortunately neither handles our tape library, so we kept the old scripts for that.
%%%
label: acknowledgement
from: Corvid Health Careers <careers@corvidhealth.example>
subject: We have your application - Data Analyst II

Hi Jordan,

Your application for Data Analyst II (R1182) is in. A recruiter on our analytics team reads every submission personally, and if your experience lines up with what the team needs, they will reach out to arrange a first conversation.

Meanwhile you can log in to your candidate profile to see where things stand.

Corvid Health Talent Acquisition
%%%
label: acknowledgement
from: Halcyon Events <noreply@halcyonevents.example>
subject: Your Halcyon application is under review

Hey Kenji! Great to have your application for the Marketing Analyst Internship. It's now with our recruiting crew, who go through applications in batches every Friday. Expect to hear something in two to three weeks. While you wait, our blog has stories from last year's interns.

Halcyon Events Recruiting
%%%
label: acknowledgement
from: Greystone Partners <careers@greystone.example>
subject: Application confirmation

Dear Ms. Yamamoto,

This note confirms that Greystone Partners has your materials for the Financial Analyst opening. Our hiring committee meets at the end of each month to consider new applicants, and candidates selected for first-round interviews are contacted shortly afterwards.

With regards,
Greystone Partners Recruiting
%%%
label: acknowledgement
from: talent@meadowbrook.example
subject: Received: Summer Analyst Intern

Hello Emma,

Just a quick automated confirmation that your submission for Summer Analyst Intern (posting 55120) reached us. Because so many students apply each season, reviews can stretch over several weeks; we appreciate your patience and will write again once a decision is made.

Good luck with your studies,
Meadowbrook Talent
"""


if __name__ == "__main__":
    sys.exit(main())
