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
    ("rejection", "en"): 520,
    ("acknowledgement", "en"): 430,
    ("interview", "en"): 230,
    ("offer", "en"): 120,
    ("other", "en"): 560,
    ("rejection", "de"): 75,
    ("acknowledgement", "de"): 60,
    ("rejection", "fr"): 75,
    ("acknowledgement", "fr"): 60,
    ("rejection", "es"): 45,
    ("acknowledgement", "es"): 40,
    ("interview", "de"): 12,
    ("interview", "fr"): 12,
    ("interview", "es"): 8,
    ("other", "de"): 25,
    ("other", "fr"): 25,
    ("other", "es"): 15,
    ("offer", "de"): 5,
    ("offer", "fr"): 5,
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
    "due to the high number of applications, we are unable to consider your interest in this opening any further.",
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
    "", "",
]
ACK_WARM = [
    "At {company}, we believe great work happens when people feel they belong. We're building a team that reflects the communities we serve, and we're glad you want to be part of it.",
    "We know that looking for a new job can be exhausting, and we appreciate the time and care you put into your application.",
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


def gen_rejection_en(g: Gen) -> dict:
    c = g.ctx()
    x = g.r.random()
    if x < 0.08:
        return gen_linkedin_rejection(g, c)
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
        fmt(g.pick(CLOSE), c) + "\n" + fmt(g.pick(SIG), c),
        fmt(g.footer(c, vendor), c),
    ])
    subj = fmt(g.pick(REJ_SUBJ), c)
    return dict(subject=subj, body=g.dress(body), sender=frm)


def gen_ack_en(g: Gen) -> dict:
    c = g.ctx()
    if g.r.random() < 0.12:
        return gen_linkedin_ack(g, c)
    if g.r.random() < 0.05:
        return gen_indeed_ack(g, c)
    frm, vendor = g.sender(c)
    body = join(g, [
        fmt(g.pick(GREET), c),
        fmt(g.pick(ACK_OPEN), c) + " " + fmt(g.pick(ACK_REVIEW), c),
        fmt(g.pick(ACK_WARM), c),
        fmt(g.pick(ACK_NEXT), c),
        fmt(g.pick(ACK_PORTAL), c),
        fmt(g.maybe(0.3, g.pick(ACK_WARM)), c),
        fmt(g.maybe(0.5, g.pick(["Thank you again for your interest in {company}.", "We appreciate your interest.",
                                 "Thanks again, and good luck!", "We look forward to learning more about you."])), c),
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


def gen_intl(g: Gen, label: str, lang: str) -> dict:
    L = INTL[lang]
    c = g.ctx(lang)
    if label == "other":
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
HANDWRITTEN_FILE = Path(__file__).resolve().parent / "handwritten.txt"


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
    hw = parse_handwritten(HANDWRITTEN_FILE.read_text(encoding="utf-8")) if HANDWRITTEN_FILE.exists() else []
    if hw:
        write_jsonl(OUT / "handwritten.jsonl", hw)
    from collections import Counter
    print("generated:", len(gen), dict(Counter(r["label"] for r in gen)))
    print("handwritten:", len(hw), dict(Counter(r["label"] for r in hw)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
