"""Hand-written templates, names and titles for the extraction development set (see generate.py).

All invented. Placeholders: {co} company, {role} the title as posted (with noise), {person} a recruiter,
{first} their first name, {cand}/{cand_first} the applicant, {dom} the company's domain, {slug} its ATS
slug, {city}, {req}, {date}, and {o1co}/{o1role} ... {o4co}/{o4role}: other companies' jobs (job-board cards).
"""

from __future__ import annotations

from dataclasses import dataclass

LANGS = ["en", "de", "fr", "es", "it", "nl", "pt"]

COMPANY_PARTS: dict[str, dict[str, list[str]]] = {
    "en": {"brand": ["Brightwave", "Northwind", "Bluepeak", "Oakridge", "Quantum Leap", "Version 1", "Harborview",
                     "Silverline", "Pinecrest", "Redwood", "Lumen", "Corvana", "Zentrix", "Halcyon", "Kestrel",
                     "Ironbridge", "Maple & Finch", "Starling", "Tidewater", "Evergreen", "Cobalt", "Nimbus",
                     "Arcadia", "Fathom", "Juniper", "Vantage Point", "Helix", "Orbital", "Willow Creek", "Atlas"],
           "sector": ["Analytics", "Systems", "Labs", "Health", "Bank", "Capital", "Logistics", "Foods", "Energy",
                      "Technologies", "Software", "Insurance", "Media", "Robotics", "Partners", "Consulting",
                      "Pharmaceuticals", "Retail", "Solutions", "Financial"],
           "surname": ["Harper", "Whitfield", "Carter", "Langley", "Prescott", "Holloway", "Barnes", "Sutton"],
           "pattern": ["{a} & {b}", "{a} {s}", "{c} {s}", "{a}, {b} & Co"]},
    "de": {"brand": ["Nordlicht", "Rheinwerk", "Alpenblick", "Elbflut", "Sonnenfeld", "Lindenhof", "Brückner",
                     "Weitblick", "Hafenkran", "Bergquelle", "Tannenberg", "Isarblau", "Feldmark", "Ostwind"],
           "sector": ["Logistik", "Versicherung", "Technik", "Bau", "Energie", "Software", "Medien", "Maschinenbau",
                      "Handel", "Beratung", "Systeme", "Bank", "Pharma", "Immobilien"],
           "surname": ["Müller", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Schäfer", "Koch"],
           "pattern": ["{a} & {b}", "{a} {s}", "Stadtwerke {c}", "{c}er {s}"]},
    "fr": {"brand": ["Lumière", "Atlantique", "Horizon Bleu", "Ciel Clair", "Mistral", "Belle Rive", "Vallée Verte",
                     "Étoile", "Cap Nord", "Marée Haute", "Pierre Blanche", "Chêne d'Or", "Azur"],
           "sector": ["Conseil", "Assurances", "Énergie", "Logistique", "Informatique", "Santé", "Finance", "Médias",
                      "Industries", "Technologies", "Distribution"],
           "surname": ["Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Laurent", "Girard", "Roux"],
           "pattern": ["Groupe {a}", "{a} & {b}", "Société {a}", "Banque de {c}"]},
    "es": {"brand": ["Solaria", "Marea Azul", "Cumbre", "Olivar", "Brisa", "Horizonte", "Puerta del Sol",
                     "Rioverde", "Alba", "Trigal", "Faro Norte", "Sierra Alta"],
           "sector": ["Consultores", "Seguros", "Energía", "Logística", "Tecnología", "Salud", "Finanzas",
                      "Distribución", "Software", "Ingeniería"],
           "surname": ["García", "Fernández", "López", "Martínez", "Sánchez", "Romero", "Navarro", "Torres"],
           "pattern": ["Grupo {a}", "{a} y {b}", "{a} {s}", "Banco de {c}"]},
    "it": {"brand": ["Aurora", "Vento", "Colle Verde", "Stella", "Marea", "Orizzonte", "Luce", "Torre Alta",
                     "Fiume", "Castello", "Girasole", "Ponte"],
           "sector": ["Consulenza", "Assicurazioni", "Energia", "Logistica", "Tecnologie", "Salute", "Finanza",
                      "Alimentari", "Software", "Ingegneria"],
           "surname": ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci"],
           "pattern": ["Gruppo {a}", "{a} & {b}", "{a} {s}", "Banca di {c}"]},
    "nl": {"brand": ["Dijkstra", "Waterland", "Polderlicht", "Noordzee", "Molenwerk", "Duinzicht", "Grachtenhuis",
                     "Tulpenveld", "Windkracht", "Havenstad", "Lindeboom"],
           "sector": ["Advies", "Verzekeringen", "Energie", "Logistiek", "Techniek", "Zorg", "Financiën", "Media",
                      "Software", "Bouw"],
           "surname": ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "de Boer"],
           "pattern": ["{a} & {b}", "{a} {s}", "Gemeente {c}", "{c} {s}"]},
    "pt": {"brand": ["Atlântico", "Maré Alta", "Sol Nascente", "Horizonte", "Serra Azul", "Vento Norte", "Oliveira Verde",
                     "Farol", "Brisa Mar", "Cordilheira", "Ipê", "Aurora"],
           "sector": ["Consultoria", "Seguros", "Energia", "Logística", "Tecnologia", "Saúde", "Finanças", "Varejo",
                      "Software", "Engenharia"],
           "surname": ["Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Rodrigues", "Almeida"],
           "pattern": ["Grupo {a}", "{a} & {b}", "{a} {s}", "Banco do {c}"]},
}

CITIES = {
    "en": ["London", "Austin", "Toronto", "Dublin", "Seattle", "Manchester", "Boston", "Denver"],
    "de": ["Berlin", "München", "Hamburg", "Köln", "Frankfurt", "Stuttgart", "Leipzig", "Wien"],
    "fr": ["Paris", "Lyon", "Nantes", "Bordeaux", "Lille", "Toulouse", "Bruxelles", "Genève"],
    "es": ["Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao", "Málaga", "Ciudad de México"],
    "it": ["Milano", "Roma", "Torino", "Bologna", "Napoli", "Firenze", "Genova"],
    "nl": ["Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "Den Haag", "Antwerpen", "Gent"],
    "pt": ["Lisboa", "Porto", "São Paulo", "Rio de Janeiro", "Braga", "Curitiba", "Belo Horizonte"],
}

PEOPLE = {
    "en": ["Jane Whitaker", "Tom Ellison", "Priya Raman", "Marcus Bell", "Olivia Grant", "Sam Taylor", "Noah Reed",
           "Emily Carter", "Daniel Kim", "Grace Holt"],
    "de": ["Anna Schmidt", "Lukas Becker", "Julia Wagner", "Felix Hartmann", "Sophie Krüger", "Jonas Vogel"],
    "fr": ["Marie Lefebvre", "Julien Moreau", "Camille Dupont", "Hugo Bernard", "Léa Fontaine", "Nicolas Petit"],
    "es": ["Lucía Gómez", "Javier Ruiz", "Marta Díaz", "Carlos Herrera", "Elena Castro", "Pablo Ortega"],
    "it": ["Giulia Conti", "Marco Galli", "Francesca Greco", "Luca Marino", "Chiara Bruno", "Matteo Rinaldi"],
    "nl": ["Sanne de Jong", "Daan Visser", "Lotte Bakker", "Bram Mulder", "Eva Smit", "Thijs van Dijk"],
    "pt": ["Ana Ribeiro", "João Ferreira", "Beatriz Lima", "Rafael Martins", "Mariana Costa", "Tiago Sousa"],
}

ROLES = {
    "en": ["Data Analyst", "Senior Data Analyst", "Data Analyst, Predictive Analytics", "Business Analyst",
           "Product Analyst", "Software Engineer", "Senior Software Engineer, Payments", "Backend Engineer",
           "Machine Learning Engineer", "Product Manager", "Product Manager - Growth", "UX Designer",
           "Data Scientist", "Financial Analyst", "Marketing Coordinator", "Sales Development Representative",
           "Summer Internship - Finance", "Data Engineering Intern", "Customer Success Manager", "DevOps Engineer",
           "Site Reliability Engineer", "Business Analyst-ADM", "Data Analyst I", "Analyst - Data and AI",
           "Associate Consultant", "HR Generalist", "Account Executive", "Technical Writer", "QA Engineer",
           "Head of Data", "Research Scientist, Computer Vision", "Operations Associate", "Staff Engineer",
           "Graduate Software Developer", "Project Manager", "Data Visualization Intern",
           "Data Scientist II - New College Grad", "Software Engineer - Infrastructure Platform",
           "Business Analyst - Pricing", "Data Engineering Intern - Summer 2025", "Associate, Data Sciences II",
           "Business Intelligence Analyst, Supply Chain", "Reporting & BI Analyst", "Operations Analyst Intern",
           "Entry Level Data Analyst", "Analyst I, Full Stack", "Data & Analytics Intern - Summer 2025 - Consulting",
           "Software Engineer II, Platform Security", "Quantitative Analyst",
           "Supply Chain Data Analyst", "Data Science Co-op", "Marketing Analytics Specialist",
           "Customer Success Operations Associate", "Spontaneous Application",
           "Software Engineer I - New Grad", "Marketing Analyst Intern - Summer 2026", "Risk Analyst - Early Career",
           "Investment Banking Analyst - Class of 2026", "Customer Experience (CX) Analyst",
           "Business Intelligence (BI) Developer - New College Grad", "Intern: Supply Chain Analyst",
           "Co-op: Software Developer", "Data Analyst | Revenue Operations", "Analyst | Treasury & Capital Markets"],
    "de": ["Softwareentwickler", "Data Scientist", "Werkstudent Marketing", "Sachbearbeiter Buchhaltung",
           "Projektleiter Bau", "Junior Controller", "IT-Systemadministrator", "Werkstudent im Bereich Data Analytics",
           "Praktikum Personalwesen", "Werkstudent Vertrieb - Sommer 2026", "Referent Unternehmenskommunikation", "Elektroniker für Betriebstechnik",
           "Teamleiter Kundenservice", "Backend-Entwickler Java", "Kaufmann für Büromanagement",
           "Senior Berater SAP", "Produktmanager", "Data Engineer", "Steuerfachangestellter"],
    "fr": ["Développeur Full Stack", "Chef de projet digital", "Chargé de recrutement", "Analyste financier",
           "Stagiaire Marketing", "Data Analyst", "Ingénieur DevOps", "Responsable des ventes",
           "Contrôleur de gestion", "Chargée de communication", "Alternance - Assistant RH", "Stagiaire Contrôle de gestion - Été 2026",
           "Consultant SAP", "Technicien de maintenance", "Product Owner", "Comptable fournisseurs"],
    "es": ["Analista de Datos", "Desarrollador Backend", "Ingeniero de Software", "Jefe de Proyecto",
           "Becario de Marketing", "Técnico de Soporte", "Responsable de Ventas", "Data Scientist",
           "Consultor SAP", "Administrativo Contable", "Gerente de Operaciones", "Diseñador UX"],
    "it": ["Sviluppatore Java", "Analista Dati", "Stagista Marketing", "Ingegnere del Software",
           "Responsabile Vendite", "Data Engineer", "Addetto alla contabilità", "Consulente SAP",
           "Tecnico di manutenzione", "Project Manager", "Impiegata amministrativa", "Business Analyst"],
    "nl": ["Data Analist", "Software Ontwikkelaar", "Medewerker Klantenservice", "Projectleider ICT",
           "Stagiair Marketing", "Financieel Adviseur", "Data Engineer", "Teamleider Logistiek",
           "Beleidsmedewerker", "Functioneel Beheerder", "Accountmanager", "Product Owner"],
    "pt": ["Analista de Dados", "Desenvolvedor Full Stack", "Engenheiro de Software", "Estagiário de Marketing",
           "Gerente de Projetos", "Assistente Administrativo", "Analista Financeiro", "Data Engineer",
           "Consultor SAP", "Técnico de Manutenção", "Coordenador de Vendas", "Designer UX"],
}


# Long titles a firm's campus postings carry: a practice, the title, a season, a programme, each after a dash.
# Drawn by a generator of their own (generate.py), so the rest of the set stays as it was.
LONG_ROLES = ["Tax - Data Analytics Intern - Summer 2026 - Emerging Talent Program",
              "Advisory - Cyber Security Associate - Fall 2026 - Graduate Scheme",
              "Assurance - Audit Intern - Winter 2027 - Diversity Leadership Program",
              "Consulting - Technology Strategy Analyst - Class of 2026 - Campus Hire",
              "Risk - Model Validation Intern - Summer 2026 - Rotational Program",
              "Markets - Quantitative Research Intern - Summer 2026 - First Generation Program"]


@dataclass(frozen=True)
class Template:
    name: str
    lang: str
    format: str
    sender: str
    subject: str
    body: str
    names_company: bool = True
    names_role: bool = True


def _t(name: str, lang: str, fmt: str, sender: str, subject: str, body: str, company: bool = True,
       role: bool = True) -> Template:
    return Template(name, lang, fmt, sender, subject, body, company, role)


TEMPLATES: list[Template] = [
    # ---------------------------------------------------------------- English, ATS
    _t("en-greenhouse-ack", "en", "greenhouse", "{co} <no-reply@greenhouse.io>", "Thank you for applying to {co}",
       "Hi {cand_first},\n\nThanks for applying to {co}! Your application for the {role} position has been received "
       "and our team will review it shortly.\n\nIf your background is a match, a member of the team will be in touch.\n\n"
       "Best,\nThe {co} Recruiting Team"),
    _t("en-greenhouse-rej", "en", "greenhouse", "{co} Recruiting <no-reply@us.greenhouse-mail.io>", "Update on your application",
       "Dear {cand},\n\nThank you for your interest in the {role} role at {co}. After careful consideration, we have "
       "decided to move forward with other candidates whose experience more closely matches our needs.\n\n"
       "We appreciate the time you invested and wish you the best in your search.\n\n{person}\nTalent Acquisition"),
    _t("en-greenhouse-hiringteam", "en", "greenhouse", "Hiring Team <no-reply@greenhouse.io>", "Your application",
       "Hello {cand_first},\n\nWe wanted to let you know that we've received your application for {role} at {co}. "
       "We're reviewing applications now.\n\nhttps://boards.greenhouse.io/{slug}/jobs/{req}\n\nThanks,\n{co} Early Careers"),
    _t("en-lever-ack", "en", "lever", "{co} <no-reply@hire.lever.co>", "Thanks for your application to {co}",
       "Hi {cand_first},\n\nThank you for your interest in {co}! We wanted to let you know we received your "
       "application for {role}, and we are delighted that you would consider joining our team.\n\n"
       "Our team will review your application and will be in touch if your qualifications match our needs.\n\n"
       "Regards,\n{co}"),
    _t("en-lever-rej", "en", "lever", "{person} <no-reply@hire.lever.co>", "{co} | {role}",
       "Hi {cand_first},\n\nThanks so much for taking the time to apply. We've had a chance to review your background "
       "and unfortunately we won't be moving forward at this time.\n\nBest of luck,\n{person}\n{co}"),
    _t("en-workday-ack", "en", "workday", "Workday <{slug}@myworkday.com>", "R{req} - {role_plain}",
       "Dear {cand},\n\nThank you for applying for the R{req} - {role_plain} position with {co}. We have received your "
       "application and will review it carefully.\n\nYou can track the status of your application in our Candidate "
       "Home.\n\nKind regards,\n{co} Talent Acquisition"),
    _t("en-workday-archived", "en", "workday", "{co} Careers <{slug}@myworkday.com>", "Your application status has changed",
       "Hello {cand_first},\n\nYour application for {role} is now in Archived state, that means the position has been "
       "filled or is no longer open. Thank you for your interest in {co}.\n\nSincerely,\nHuman Resources"),
    _t("en-workday-following", "en", "workday", "{co} <{slug}@myworkday.com>", "Thank you for your application",
       "Dear {cand},\n\nThank you for your interest in the following position:\n\n{role}\n\nWe have received your "
       "application and will be in touch should your qualifications meet our requirements.\n\nWarm regards,\n"
       "{co} Recruiting"),
    _t("en-smartrecruiters", "en", "smartrecruiters", "{co} <notification@smartrecruiters.com>", "Thank you for applying to {co}",
       "Hi {cand},\nThank you for applying to {co}. This email confirms that we have received your application for "
       "our {role} role. There are many great companies out there, so we appreciate your interest in joining our "
       "growing team.\nSo, what happens next? Our Talent Acquisition team will assess your experience."),
    _t("en-icims", "en", "icims", "{co} Careers <careers-{slug}@icims.com>", "Your application for the {role} position",
       "Dear {cand},\n\nThank you for applying to {co}. We have reviewed your application for the {role} position "
       "and regret to inform you that we will not be proceeding.\n\nSincerely,\nTalent Acquisition"),
    _t("en-taleo", "en", "taleo", "{co} <{slug}@taleo.net>", "{co} - Application Status",
       "Dear Candidate,\n\nThank you for your interest in {co}. The position of {role} has been filled. We encourage "
       "you to apply for other positions.\n\nBest regards,\nRecruiting Services"),
    _t("en-successfactors", "en", "successfactors", "{co} Careers <careers@successfactors.eu>",
       "Your application to {co}", "Dear {cand},\n\nThank you for your application for the open {role} position. "
       "We are reviewing all applications and will contact you soon.\n\nYours sincerely,\nYour {co} Recruiting Team"),
    _t("en-ashby", "en", "ashby", "{co} via Ashby <no-reply@ashbyhq.com>", "Update on your {co} application",
       "Hi {cand_first},\n\nThank you for your interest in {co} and for applying to the {role} role. Unfortunately, "
       "we have decided not to move forward with your candidacy.\n\nBest,\nThe {co} Team"),
    _t("en-jobvite", "en", "jobvite", "{co} Talent Acquisition <notification@jobvite.com>", "Regarding your application",
       "Thank you for applying for the {role} opening. We have received your application.\n"
       "https://jobs.jobvite.com/{slug}/job/o{req}\n\n{co} Talent Acquisition"),
    _t("en-bamboohr", "en", "bamboohr", "{co} <notifications@app.bamboohr.com>", "Thanks for applying",
       "Thank you for applying to {co}! We received your application for {role} and will be reviewing it soon.\n\n"
       "Thanks,\n{person}"),
    _t("en-teamtailor-norole", "en", "teamtailor", "{co} <no-reply@teamtailor-mail.com>", "Thank you for your application",
       "Hi {cand_first},\n\nThank you for applying to {co}. We have received your application and will get back to you "
       "as soon as possible.\n\nCheers,\nThe {co} Talent Team", role=False),
    _t("en-ukg", "en", "ukg", "{co} <noreply@ukg.com>", "Application received: {role}",
       "Thank you for your interest in a new career with {co}! We have received your application for {role} and will "
       "review it. We value the company, the team, and the candidates who apply.\n\n{co} Human Resources"),
    _t("en-newton", "en", "newton", "{co} Recruiting <noreply@newtonsoftware.com>", "Application Received - {role}",
       "Dear {cand},\n\nThank you for your interest in the position of {role} for which you applied. We will review "
       "your application.\n\nSincerely,\n{co}"),
    _t("en-talnet", "en", "tal", "{co} Graduate Recruitment <noreply@tal.net>", "{co} - your application",
       "Dear {cand},\n\nThank you for applying to the {co} {role} programme. Unfortunately, on this occasion, we will not "
       "be progressing your application.\n\nKind regards,\nEarly Careers Team\n{co}"),
    _t("en-oracle", "en", "oracle", "{co} <{slug}@oraclecloud.com>", "Thank you for applying to {co}",
       "Hello {cand_first},\n\nThank you for applying for the role of {role} at {co}. We have received your application.\n\n"
       "Regards,\nGlobal Talent Acquisition"),
    _t("en-relay-unknown", "en", "mail-relay", "{co} Hiring team <no-reply@kekamail.com>",
       "Application for {role_plain} received, Thank you!",
       "{co}\nApplication Received - Thank you!\nHi {cand},\nThank you for applying to {co} for the role of {role} through "
       "our career portal. This email is to confirm that we have received your application.\nBest Regards,\n{co}"),
    # ---------------------------------------------------------------- English, job boards
    _t("en-linkedin-sent", "en", "linkedin", "LinkedIn <jobs-noreply@linkedin.com>",
       "{cand}, your application was sent to {co}",
       "Your application was sent to {co}\n\n{cand}\nYour application was sent to {co}\n{co}\n{role_plain}\n{co} · {city} (On-site)\n"
       "Applied on March 3, 2025\nNow, take these next steps for more success\nView similar jobs you may be interested in\n"
       "{o1co}\n{o1role}\n{o1co} · {city} (Remote)\n{o2co}\n{o2role}\n{o2co} · {city}\nEasy Apply\n"
       "This email was intended for {cand}."),
    _t("en-linkedin-viewed", "en", "linkedin", "LinkedIn <jobs-noreply@linkedin.com>",
       "Your application was viewed by {co}", "Your application was viewed by {co}\n{role_plain}\n{co} · {city}\n"
       "Applied on February 11, 2025\nSee jobs similar to this one\n{o1co}\n{o1role}\n{o3co}\n{o3role}"),
    _t("en-linkedin-update", "en", "linkedin", "LinkedIn <jobs-noreply@linkedin.com>",
       "Your application to {role_plain} at {co}", "Your update from {co}\nThank you for your interest in the {role} "
       "position at {co}. Unfortunately, {co} decided not to move forward with your application.\n"
       "Top jobs for you\n{o1role} at {o1co}\n{o2role} at {o2co}"),
    _t("en-indeed", "en", "indeed", "Indeed <noreply@indeed.com>", "Indeed Application: {role_plain}",
       "Application submitted\n{role_plain}\n{co} - {city}\nThe following items were sent to {co}. Good luck!\n"
       "Resume\nNext steps\nThe employer may contact you.\nJobs you may like: {o1role} - {o1co}"),
    _t("en-indeed-sentto", "en", "indeed", "Indeed Apply <indeedapply@indeed.com>", "Your application to {co}",
       "Your application for the {role} position was sent to {co}.\n\nYou can check your application status on Indeed."),
    _t("en-wttj", "en", "welcometothejungle", "{co} via Welcome to the Jungle <noreply@welcomekit.co>",
       "Your application for {role_plain}", "Hello {cand_first},\n\nThank you for your interest in {co}. Your "
       "application for the {role} job has been received.\n\nThe {co} team"),
    # ---------------------------------------------------------------- English, direct
    _t("en-direct-recruiter", "en", "direct", "{person} <{first}@{dom}>", "Re: {role_plain} at {co}",
       "Hi {cand_first},\n\nthanks for your time last week. Unfortunately we have decided to go with another "
       "candidate.\n\nBest regards,\n{person}\nRecruiter | {co}"),
    _t("en-direct-careers", "en", "direct", "{co} Careers <careers@{dom}>", "Your application - {role}",
       "Dear {cand},\n\nThank you for your application for the {role} vacancy at {co}. We have reviewed your profile "
       "and will not be taking your application further.\n\nKind regards,\nPeople Team"),
    _t("en-direct-talent-norole", "en", "direct", "Talent Acquisition <recruitment@{dom}>",
       "Thank you for your interest in {co}", "Dear {cand},\n\nThank you for your interest in employment with {co}. "
       "We have received your profile submission and will reach out if there is interest.\n\nBest regards,\n"
       "Talent Acquisition", role=False),
    _t("en-direct-interview", "en", "direct", "{person} <{first}.recruiting@{dom}>", "Interview invitation: {role}",
       "Hi {cand_first},\n\nWe enjoyed reading your application and would like to invite you to an interview for the "
       "{role} role. Would Tuesday at 10:00 work? The invite will come via Google Calendar.\n\n"
       "Best,\n{person}\nTalent Partner, {co}"),
    _t("en-direct-subject-role", "en", "direct", "HR Services <hr@{dom}>", "Your application: {role} at {co}",
       "Dear {cand} ({cand}),\nThank you for your application to the position of {role} at {co}. We have received your "
       "completed application and will review it.\nBest regards,\n{co} Talent Acquisition"),
    _t("en-direct-nothing", "en", "direct", "{person} <{first}@{dom}>", "Following up",
       "Hi {cand_first},\n\nJust following up on our conversation. We will be in touch soon.\n\nThanks,\n{person}",
       role=False),
    _t("en-mynexthire", "en", "mynexthire", "MyNextHire System <no_reply@email.mynexthire.com>",
       "Application of {cand} Received at {co}", "Notification\nDear {cand},\nThank you for your recent submission of "
       "the application for our open position {req} - {role_plain} at {co} .\nApplication Status : created."),
    _t("en-direct-team", "en", "direct", "{co} Recruiting Team <recruitment@{dom}>", "{co} application for {role_plain}",
       "{co}\nHi {cand},\nThank you for expressing interest in {co}!\nConsider this email as a confirmation that your "
       "application has been received for {role_plain}.\nWhat happens now?\nWe will review your application."),
    _t("en-direct-rolefirst", "en", "direct", "Talent Acquisition <noreply@{dom}>", "{role_plain}-{req} at {co}",
       "Dear {cand}:\nThank you for your interest in employment with {co}. We have received your profile submission "
       "and will reach out if there is interest in your background for the role.\nBest regards,\nTalent Acquisition"),
    _t("en-norole-rejection", "en", "direct", "{co} <jobs@{dom}>", "Your application to {co}",
       "Dear {cand},\n\nThank you for taking the time to apply. After careful review we have decided not to proceed "
       "with your application at this time. We wish you every success in your career.\n\n{co}", role=False),
    # ---------------------------------------------------------------- German
    _t("de-personio", "de", "personio", "{co} <noreply@personio.de>", "Ihre Bewerbung als {role} bei {co}",
       "Sehr geehrte/r {cand},\n\nvielen Dank für Ihre Bewerbung bei {co}. Wir haben Ihre Unterlagen erhalten und melden "
       "uns zeitnah bei Ihnen.\n\nMit freundlichen Grüßen\nIhr Recruiting Team"),
    _t("de-subject-noals", "de", "personio", "{co} Recruiting <noreply@personio.de>", "Ihre Bewerbung - {role}",
       "Hallo {cand_first},\n\nvielen Dank für dein Interesse an {co}. Leider müssen wir dir mitteilen, dass wir uns "
       "für andere Kandidat:innen entschieden haben.\n\nViele Grüße\n{person}\n{co}"),
    _t("de-subject-bare", "de", "softgarden", "{co} <noreply@softgarden.io>", "{role} - Ihre Bewerbung bei {co}",
       "Guten Tag {cand},\n\nwir bedanken uns für Ihre Bewerbung auf die Stelle {role}. Nach sorgfältiger Prüfung "
       "müssen wir Ihnen leider absagen.\n\nBeste Grüße\nIhr {co} Recruiting Team"),
    _t("de-stelle-als", "de", "direct", "Personalabteilung <bewerbung@{dom}>", "Eingangsbestätigung Ihrer Bewerbung",
       "Sehr geehrte Damen und Herren,\n\nwir bestätigen den Eingang Ihrer Bewerbung für die Stelle als {role}. "
       "Wir melden uns in den nächsten Wochen.\n\nMit freundlichen Grüßen\n{person}\n{co}"),
    _t("de-successfactors", "de", "successfactors", "{co} Karriere <careers@sapsf.eu>", "Absage: {role}",
       "Sehr geehrte/r {cand},\n\nvielen Dank für Ihr Interesse an der Position {role} bei {co}. Leider können wir "
       "Sie im weiteren Verfahren nicht berücksichtigen.\n\nFreundliche Grüße\nIhr Recruiting Team"),
    _t("de-stepstone", "de", "stepstone", "StepStone <noreply@stepstone.de>", "Ihre Bewerbung bei {co} wurde versendet",
       "Ihre Bewerbung wurde erfolgreich an {co} versendet.\n\n{role}\n{co} · {city}\n\nÄhnliche Jobs\n{o1role}\n{o1co}"),
    _t("de-xing", "de", "xing", "XING <noreply@xing.com>", "Deine Bewerbung an {co}",
       "Hallo {cand_first},\ndeine Bewerbung als {role} wurde an {co} übermittelt. Viel Erfolg!\nDein XING-Team"),
    _t("de-direct-norole", "de", "direct", "{person} <{first}@{dom}>", "Ihre Bewerbung",
       "Sehr geehrte/r {cand},\n\nleider müssen wir Ihnen mitteilen, dass wir uns für eine andere Bewerberin "
       "entschieden haben.\n\nMit freundlichen Grüßen\n{person}\nPersonalabteilung\n{co}", role=False),
    _t("de-interview", "de", "direct", "{person} <{first}@{dom}>", "Einladung zum Vorstellungsgespräch – {role}",
       "Hallo {cand_first},\n\nvielen Dank für deine Bewerbung als {role}. Wir würden dich gerne am {date} zu einem "
       "Gespräch einladen.\n\nBeste Grüße\n{person}\nTalent Acquisition | {co}"),
    _t("de-workday", "de", "workday", "{co} <{slug}@myworkday.com>", "R{req} {role_plain} – Eingangsbestätigung",
       "Hallo {cand},\n\nvielen Dank für Ihre Bewerbung auf die Position R{req} {role_plain}. Ihr {co} Talent Acquisition Team"),
    # ---------------------------------------------------------------- French
    _t("fr-au-poste", "fr", "successfactors", "{co} Recrutement <careers@successfactors.eu>", "Votre candidature",
       "Bonjour {cand},\n\nNous vous remercions pour votre candidature au poste de {role} chez {co}. Nous reviendrons "
       "vers vous rapidement.\n\nCordialement,\nL'équipe Recrutement"),
    _t("fr-wttj", "fr", "welcometothejungle", "{co} <noreply@welcomekit.co>", "Votre candidature chez {co}",
       "Bonjour {cand_first},\n\nMerci pour l'intérêt que vous portez à {co}. Après étude de votre candidature pour le "
       "poste {role}, nous ne pouvons pas y donner une suite favorable.\n\nBien cordialement,\nL'équipe {co}"),
    _t("fr-wttj-relayname", "fr", "welcometothejungle", "Welcome to the Jungle <no-reply@welcomekit.co>",
       "{co} a bien reçu votre candidature", "Bonjour {cand_first},\n\nVotre candidature pour l'offre {role} a bien été "
       "transmise à {co}.\n\nL'équipe Welcome to the Jungle"),
    _t("fr-direct", "fr", "direct", "{person} <{first}@{dom}>", "Candidature {role}",
       "Madame, Monsieur,\n\nNous accusons réception de votre candidature pour le poste de {role} et nous vous en "
       "remercions.\n\nBien à vous,\n{person}\nRessources Humaines - {co}"),
    _t("fr-rejet-norole", "fr", "direct", "Recrutement {co} <recrutement@{dom}>", "Suite à votre candidature",
       "Bonjour,\n\nNous avons le regret de vous informer que votre candidature n'a pas été retenue.\n\n"
       "Cordialement,\nL'équipe RH de {co}", role=False),
    _t("fr-teamtailor", "fr", "teamtailor", "{co} <no-reply@teamtailor-mail.com>", "{role} - {co}",
       "Bonjour {cand_first},\n\nMerci d'avoir postulé chez {co} ! Nous étudions votre profil avec attention.\n\n"
       "L'équipe Talents"),
    # ---------------------------------------------------------------- Spanish
    _t("es-smartrecruiters", "es", "smartrecruiters", "{co} <no-reply@smartrecruiters.com>", "Su postulación",
       "Gracias por su postulación en {co} para el puesto de {role}, nos pondremos en contacto.\n\nSaludos cordiales,\n"
       "Equipo de Selección"),
    _t("es-direct", "es", "direct", "{person} <{first}@{dom}>", "Tu candidatura: {role}",
       "Hola {cand_first},\n\nGracias por tu interés en la vacante de {role} en {co}. Lamentamos comunicarte que hemos "
       "decidido continuar con otros candidatos.\n\nUn saludo,\n{person}\nRecursos Humanos"),
    _t("es-infojobs", "es", "infojobs", "InfoJobs <noreply@infojobs.net>", "Tu candidatura a {role_plain} en {co}",
       "Hola {cand_first},\nTu candidatura a la oferta {role} de {co} ha sido vista por la empresa.\nOfertas similares:\n"
       "{o1role} - {o1co}"),
    _t("es-norole", "es", "direct", "Selección {co} <rrhh@{dom}>", "Gracias por tu candidatura",
       "Hola,\n\nHemos recibido tu candidatura. Te contactaremos si tu perfil encaja.\n\nAtentamente,\nEl equipo de {co}",
       role=False),
    _t("es-greenhouse", "es", "greenhouse", "{co} <no-reply@greenhouse.io>", "Actualización sobre tu candidatura en {co}",
       "Hola {cand_first},\n\nGracias por postularte para el puesto de {role}. Después de revisar tu perfil, hemos "
       "decidido no avanzar.\n\nSaludos,\nEquipo de Talento de {co}"),
    # ---------------------------------------------------------------- Italian
    _t("it-direct", "it", "direct", "{person} <{first}@{dom}>", "La tua candidatura per {role}",
       "Gentile {cand},\n\ngrazie per la tua candidatura per la posizione di {role} presso {co}. Ti contatteremo "
       "a breve.\n\nCordiali saluti,\n{person}\nRisorse Umane"),
    _t("it-rifiuto", "it", "direct", "Selezione {co} <selezione@{dom}>", "Esito candidatura - {role}",
       "Gentile {cand},\n\nti ringraziamo per l'interesse dimostrato verso {co}. Purtroppo la tua candidatura non è stata "
       "selezionata.\n\nDistinti saluti,\nIl team Risorse Umane"),
    _t("it-workday", "it", "workday", "{co} <{slug}@myworkday.com>", "Candidatura ricevuta: R{req} - {role_plain}",
       "Ciao {cand_first},\n\nabbiamo ricevuto la tua candidatura per il ruolo di {role}. Grazie per aver scelto {co}.\n\n"
       "Il team Talent Acquisition"),
    _t("it-norole", "it", "direct", "{co} <careers@{dom}>", "Grazie per la tua candidatura",
       "Ciao,\n\nabbiamo ricevuto la tua candidatura. Ti faremo sapere.\n\nIl team di {co}", role=False),
    # ---------------------------------------------------------------- Dutch
    _t("nl-recruitee", "nl", "recruitee", "{co} <job.{req}@recruitee.com>", "Je sollicitatie bij {co}",
       "Hoi {cand_first},\n\nBedankt voor je sollicitatie op de vacature {role}. We nemen zo snel mogelijk contact met "
       "je op.\n\nMet vriendelijke groet,\nTeam {co}"),
    _t("nl-direct", "nl", "direct", "{person} <{first}@{dom}>", "Sollicitatie {role}",
       "Beste {cand},\n\nHartelijk dank voor je interesse in de functie van {role} bij {co}. Helaas hebben we besloten "
       "om met andere kandidaten verder te gaan.\n\nMet vriendelijke groet,\n{person}\nHR"),
    _t("nl-norole", "nl", "direct", "Werving {co} <werving@{dom}>", "Ontvangstbevestiging sollicitatie",
       "Beste {cand},\n\nWe hebben je sollicitatie goed ontvangen.\n\nGroeten,\nRecruitmentteam {co}", role=False),
    _t("nl-homerun", "nl", "homerun", "{co} <noreply@homerun.co>", "{role} bij {co}",
       "Hoi {cand_first},\n\nLeuk dat je hebt gesolliciteerd! We laten zo snel mogelijk iets van ons horen.\n\n{person}"),
    # ---------------------------------------------------------------- Portuguese
    _t("pt-direct", "pt", "direct", "{person} <{first}@{dom}>", "Candidatura para a vaga de {role}",
       "Olá {cand_first},\n\nAgradecemos a sua candidatura para a vaga de {role} na {co}. Entraremos em contato em "
       "breve.\n\nAtenciosamente,\n{person}\nRecursos Humanos"),
    _t("pt-gupy", "pt", "mail-relay", "{co} <naoresponda@gupy-mail.io>", "Atualização da sua candidatura",
       "Olá {cand_first},\n\nObrigado por participar do processo seletivo da {co} para a vaga {role}. Infelizmente "
       "seguimos com outros candidatos.\n\nAbraços,\nTime de Recrutamento {co}"),
    _t("pt-norole", "pt", "direct", "Recrutamento {co} <rh@{dom}>", "Recebemos sua candidatura",
       "Olá,\n\nRecebemos a sua candidatura e entraremos em contato se houver interesse.\n\nCumprimentos,\nEquipa {co}",
       role=False),
    _t("pt-linkedin", "pt", "linkedin", "LinkedIn <jobs-noreply@linkedin.com>",
       "{cand_first}, sua candidatura foi enviada para {co}", "Sua candidatura foi enviada para {co}\n{co}\n{role_plain}\n"
       "{co} · {city}\nCandidatura enviada em 3 de março\nVagas semelhantes\n{o1co}\n{o1role}"),
]

TEMPLATES += [
    _t("en-freemail-recruiter", "en", "direct", "{person} <{first}.{req}@gmail.com>", "Thanks",
       "Hi {cand_first},\n\nThank you for applying to {role_plain} at {co}. We will not move forward, but we appreciate "
       "your time.\n\n{person}"),
    _t("es-puesto-coma", "es", "smartrecruiters", "{co} <no-reply@smartrecruiters.com>", "Tu candidatura",
       "Hola {cand_first}, gracias por tu candidatura en {co} para el puesto de {role}, te contactaremos pronto.\n"
       "Saludos,\nEquipo de Talento"),
    _t("en-role-filled", "en", "teamtailor", "{co} <no-reply@teamtailor-mail.com>", "Thank you for your application",
       "Hi {cand_first},\nThank you for applying to {co}. The {role} role has now been filled.\nCheers,\n{co}"),
    _t("en-linkedin-subject", "en", "linkedin", "LinkedIn <jobs-noreply@linkedin.com>",
       "Your application to {role_plain} at {co}", "Your update from {co}\nUnfortunately, {co} decided not to move forward."),
]

# Buttons, links and headings that HTML mail leaves as short lines in its text: never a company or a role.
UI_LINES = ["Candidate Home", "Find Jobs", "Get Matched", "View Application", "Sign In", "Privacy Policy",
            "Unsubscribe", "Recruiting Team", "Talent Community", "Job Alerts", "Careers Site", "Help Center",
            "Manage Preferences", "Application Status", "Apply Now", "Contact Us", "Terms of Use", "Log In",
            "Meine Bewerbungen", "Datenschutz", "Mon espace candidat", "Mentions légales", "Mis candidaturas",
            "Le mie candidature", "Mijn sollicitaties", "Minhas candidaturas", "Follow Us", "Learn More"]

TEMPLATES += [
    _t("en-parent-domain", "en", "direct", "no-reply@{pdom}", "Thank you for applying to {co}",
       "Hi {cand},\nThank you for applying to {co} for the {role} opportunity. Your application has been received and "
       "will be reviewed.\nRegards,\n{co} Talent Acquisition"),
    _t("en-parent-domain-norole", "en", "direct", "Recruiting <careers@{pdom}>", "Important information about your application to {co}",
       "Dear {cand},\nWe would like to thank you for your application. Unfortunately we have decided to move ahead "
       "with other candidates.\nThe {co} Recruiting Team", role=False),
    _t("en-workday-camel", "en", "workday", "{slug_camel}HR <{slug}@myworkday.com>", "{co} Careers: Thank you for applying",
       "Dear {cand},\nThank you for your interest in {co}. We have received your application for the following "
       "position(s): R{req} {role} ({city}) (Open)\nYou can check your status in Candidate Home."),
    _t("en-workday-notification", "en", "workday", "Workday @ {co} Notification <{slug}@myworkday.com>",
       "Thank You for Applying for a Job at {co}", "Dear {cand},\nThank you very much for taking the time to apply for "
       "the following position at {co}: Position: {role_plain} Job Number: JR{req} Application\nThere is strong "
       "competition for jobs at {co}."),
    _t("en-workday-underscore", "en", "workday", "{slug}_HR {slug} <{slug}@myworkday.com>", "Your application | {role_plain} R{req} at {co}",
       "Dear {cand},\nThank you for submitting your application for the position of {role_plain} , in {city} location. "
       "After careful review, we regret to inform you that we will not be considering your profile further."),
    _t("en-oracle-match", "en", "oracle", "ejif.fa.sender@workflow.mail.us6.oraclecloud.com",
       "Your online application has been successfully submitted", "Visit {co}\nHi {cand},\nThanks for your interest in "
       "{co}! We've received your job application for {req} - {role} and if there is a match, we'll be in touch soon."),
    _t("en-applied-to", "en", "workday", "{slug}@myworkday.com", "Confirming your {co} job application",
       "Hello {cand}\nThank you for applying to us. You've applied to {role_plain} . Please create an account in our "
       "Candidate Portal to follow your application.\n{co} Recruiting"),
    _t("en-comma-and", "en", "direct", "no-reply@{dom}", "Thank you for applying to {co}!",
       "Hi {cand},\nThanks for your interest in {co}. We have received your application for {role_plain}, and a member "
       "of our recruiting team will personally review it.\n{co} Talent Acquisition"),
    _t("en-role-before-application", "en", "direct", "", "",
       "Unfortunately, we have decided not to move forward with your {role_plain} application at this time.", company=False),
    _t("en-no-company-opportunity", "en", "direct", "", "",
       "Thank you for connecting about the {role_plain} opportunity. After careful consideration with the team, we will "
       "not be moving forward with your candidacy.", company=False),
    _t("en-no-company-nothing", "en", "direct", "", "",
       "We are fortunate to have received many qualified applicants. We have decided not to move your application "
       "forward.", company=False, role=False),
    _t("en-hr-display", "en", "successfactors", "{co} Human Resources <SystemMessage@successfactors.com>",
       "Thank you for your interest in {co}", "Dear {cand},\nThank you for applying to our {role_plain} opening. "
       "We regret we are unable to consider you for this position."),
    _t("en-career-opps-display", "en", "direct", "{co} Career Opportunities <do-not-reply@{dom}>", "Employment Update - {co}",
       "Re: Req #{req}-{role_plain}\nDear {cand}:\nWe have received your application for the position of {role_plain}. "
       "Your information will be carefully reviewed."),
    _t("en-greenhouse-person-link", "en", "greenhouse", "{person} <{first}.{req}@us.greenhouse-mail.io>",
       "Update on your application", "Hi {cand_first}, thanks for taking the time to interview for the {role} role. "
       "Unfortunately we will not be moving forward.\nhttps://boards.greenhouse.io/{slug}/jobs/{req}"),
    _t("en-workday-slug-only", "en", "workday", "{slug}@myworkday.com", "Application update",
       "Your application for: {role} has been reviewed. We regret to inform you that we will not proceed."),
    _t("en-domain-only", "en", "direct", "recruiting@mail.{dom}", "Update",
       "Hello {cand_first}, we have decided not to proceed. Thank you for your time.", role=False),
    _t("en-not-a-role", "en", "direct", "{person} <{first}@{dom}>", "Re: Lunch at {co}",
       "Hi {cand_first},\nsee you on Friday at noon.\n{person}", role=False),
    _t("en-coffee-chat", "en", "direct", "{person} <{first}@{dom}>", "Coffee at {co} - Thursday",
       "Hi {cand_first}, looking forward to our chat on Thursday. Best, {first}", role=False),
    _t("en-linkedin-rej-short", "en", "linkedin", "LinkedIn <jobs-noreply@linkedin.com>",
       "Your application to {role_plain} at {co}", "Your update from {co}\nUnfortunately, {co} decided not to move "
       "forward with your application.\nTop jobs for you\n{o1role}\n{o1co}"),
    # the employer's possessive before the title; a company named by its brand, a parent company's address
    _t("en-possessive-role", "en", "direct", "no-reply@{dom}", "Thanks for applying to {co}",
       "{co}\nHello {cand_first},\nThanks for applying to {co}'s {role_plain} position! Your application is in and "
       "we will look at it soon. If it looks like a fit, someone from our team will reach out.\nThe {co} Team"),
    _t("en-possessive-rej", "en", "greenhouse", "{co} Hiring <no-reply@greenhouse.io>", "Your application to {co}",
       "Hi {cand_first},\nWe appreciate your interest in {co}’s {role_plain} opening. We have decided to pursue other "
       "candidates at this time.\nAll the best,\n{person}"),
    _t("en-parent-domain-rej", "en", "direct", "no-reply@{pdom}", "An update on your application to {co}",
       "Dear {cand},\nThanks again for applying for the {role_plain} role with us. We had many strong applicants and "
       "have chosen to continue with others whose background fits this position more closely.\nPlease keep an eye "
       "on other openings at {co}.\nBest,\nRecruiting Team"),
    _t("en-parent-domain-studio", "en", "direct", "careers <talent@{pdom}>", "We received your application to {co}",
       "Hi {cand_first},\nThank you for applying to {co} for the {role_plain} opportunity in our {city} studio. We "
       "will review it and get back to you.\n{co} Talent"),
    # an abbreviation as the display name and ATS slug, the full name in the text
    _t("en-workday-abbrev", "en", "workday", "{abbr} Workday <{abbr_low}@myworkday.com>", "Thanks for Your Application!",
       "Dear {cand},\nThank you for applying and for your interest in the {role_plain} position at {co}.\nYou can "
       "check the status of your application(s) by signing in to your Candidate Home account.\n"
       "https://{abbr_low}.wd5.myworkdayjobs.com/External\nKind Regards,\nTalent Acquisition"),
    # the company's name then a capitalised word in a later "at" phrase ("we work at Acme Speed")
    _t("en-ashby-values", "en", "ashby", "{co} Hiring Team <no-reply@ashbyhq.com>", "{co} // Great to meet you!",
       "Dear {cand},\nThank you for your interest in {co}. We're glad you applied.\nWho We Are\nAt {co}, we "
       "believe great work can happen anywhere. Our people move at {co} Pace, across every time zone.\nWhat Happens "
       "Next\nOur team will review your application for the role and get back to you.\nAt {co}, we read every "
       "application.", role=False),
    # Workday's position line: the title, a comma and the place, then a requisition number in the subject
    _t("en-workday-position-of-city", "en", "workday", "{co} Careers <{slug}@myworkday.com>",
       "Application received | {role_plain} R{req} at {co}",
       "Hello {cand},\nWe have your application for the position of {role_plain} , based in {city}.\nOur recruiters "
       "will go through it in the coming weeks.\nRegards,\nTalent Acquisition Department"),
    # a requisition number after a comma, a colon inside the title
    _t("en-position-of-comma-req", "en", "direct", "{co} Recruiting <recruiting@jobs.{dom}>", "Thank you for your interest in {co}!",
       "{co}\nHi {cand},\nThank you for your interest in a career at {co}. We will not be moving forward with your "
       "candidacy for the position of {role_plain}, {req}{req} at this time. Keep exploring openings at {co}.\n"
       "Thank you,\n{co} Recruiting"),
    _t("en-brassring-position", "en", "brassring", "{co} <donotreply@trm.brassring.com>", "Your candidate reference - {co}.",
       "Application Confirmation\nDear {cand},\nWe confirm that we have received your application for the position "
       "{role_plain} ({city}) {req}BR.\nThe hiring team will review your profile.\nYour candidate reference number is: "
       "{req}\nBest regards,\n{co}"),
    # the applicant's name, then a requisition number and the title in the subject
    _t("en-workday-received-for", "en", "workday", "{co} <workday@{dom}>",
       "Application Received for {cand} - JR{req} {role_plain} (C{req})",
       "Dear {cand},\nThank you for taking the time to apply for an opportunity with our company. We are reviewing "
       "your application and appreciate your interest in {co}.\nLog in to your Candidate Home account anytime to "
       "check your status.\nhttps://{slug}.wd5.myworkdayjobs.com/Careers"),
]

TEMPLATES += [
    # the employer after the title, joined by "of" in the language ("l'offre X de Y", "de vacature X van Y")
    _t("nl-vacature-van", "nl", "recruitee", "Recruitee <noreply@recruitee.com>", "Je sollicitatie",
       "Hoi {cand_first},\n\nBedankt voor je sollicitatie op de vacature {role} van {co}. We nemen binnen vijf "
       "werkdagen contact met je op.\n\nGroeten"),
    _t("pt-vaga-da", "pt", "mail-relay", "Gupy <naoresponda@gupy-mail.io>", "Recebemos sua candidatura",
       "Olá {cand_first},\n\nSua candidatura para a vaga {role} da {co} foi recebida com sucesso. Acompanhe o "
       "processo pelo portal.\n\nAté breve!"),
    _t("fr-offre-de", "fr", "indeed", "Indeed <noreply@indeed.com>", "Candidature envoyée",
       "Bonjour {cand_first},\n\nVotre candidature à l'offre {role} de {co} a bien été envoyée. L'employeur "
       "pourra vous contacter directement.\n\nBonne chance !"),
    _t("it-annuncio-di", "it", "indeed", "Indeed <noreply@indeed.com>", "Candidatura inviata",
       "Ciao {cand_first},\n\nla tua candidatura per l'annuncio {role} di {co} è stata inviata. Il datore di "
       "lavoro potrebbe contattarti.\n\nIn bocca al lupo!"),
    # a place after the title's dash, in the subject and the body
    _t("en-smartrecruiters-city", "en", "smartrecruiters", "{co} <notification@smartrecruiters.com>",
       "{role_plain} - {city}", "Hi {cand_first},\nThanks for applying to the {role_plain} - {city} position at {co}. "
       "We will review your application and let you know about next steps.\n{co} Talent Acquisition"),
]

TEMPLATES += [
    # a campus title of four dash-joined parts after "applying to", Workday without a display name
    _t("en-workday-long-title", "en", "workday", "{abbr_low}@myworkday.com", "{co} job application: an update",
       "Hi {cand} ,\nThank you so much for applying to {role_long} .\nAfter reviewing your profile we have chosen "
       "other applicants for this opening.\nMore roles at {co} are listed on our careers pages.\n{co}"),
    _t("en-greenhouse-long-title", "en", "greenhouse", "{co} <no-reply@greenhouse.io>", "Your application to {co}",
       "Dear {cand_first},\nWe received your application for the {role_long} position and will be in touch soon.\n"
       "Best,\n{co} Campus Recruiting"),
]

TEMPLATES += [
    # Workday under an abbreviated tenant ("Acme_Widgets_HR aw <aw@myworkday.com>"): the slug is not the name
    _t("en-workday-abbrev-underscore", "en", "workday", "{slug_camel}_HR {abbr_low} <{abbr_low}@myworkday.com>",
       "Your application | {role_plain} R{req} at {co}",
       "Dear {cand} ,\nWe appreciate your application for the position of {role_plain} , in {city} location.\n"
       "Unfortunately we are moving forward with other candidates at this time.\nRegards,\nRecruiting Operations"),
]
