"""The words extraction knows, in seven languages (en, de, fr, es, it, nl, pt), all lower case (pure data).

Job words (title heads and fields of work), team words, legal forms, function words, the phrases that
introduce a company ("your application to", "bei", "chez") or a role ("position of", "Stelle als", "au poste
de"), the keywords a title comes before ("position", "Stelle", "poste"), sign-offs and team tails.
"""

from __future__ import annotations

import re

ROLE_WORDS = frozenset("""
engineer developer designer manager analyst scientist architect lead intern
internship consultant specialist director administrator associate coordinator officer head vp sre devops
programmer researcher writer editor accountant recruiter representative executive assistant technician
strategist marketer owner trainee apprentice graduate partner advisor adviser auditor controller
fullstack full-stack qa tester nurse teacher
principal staff senior junior sr jr chief counsel lawyer paralegal cashier clerk driver operator buyer
ingenieur ingenieurin entwickler entwicklerin berater beraterin leiter leiterin referent referentin
werkstudent werkstudentin praktikant praktikantin praktikum sachbearbeiter sachbearbeiterin kaufmann
kauffrau mitarbeiter mitarbeiterin projektleiter teamleiter fachkraft informatiker elektroniker
ingénieur ingénieure développeur développeuse chef chargé chargée responsable stagiaire alternant
alternance stage directeur directrice gestionnaire technicien technicienne commercial commerciale
assistante consultante analyste concepteur conceptrice
ingeniero ingeniera desarrollador desarrolladora jefe jefa analista becario becaria técnico técnica
responsable gerente coordinador coordinadora especialista asesor asesora programador programadora
ingegnere sviluppatore sviluppatrice tecnico responsabile stagista tirocinante addetto addetta
consulente impiegato impiegata programmatore coordinatore specialista
medewerker ontwikkelaar adviseur beheerder stagiair teamleider projectleider functioneel
engenheiro engenheira desenvolvedor desenvolvedora estagiário estagiária gerente coordenador analista
assistente técnico consultor consultora
""".split())

# Fields of work: part of many titles ("Data Analyst") but also of company names ("Bluepeak Software").
DOMAIN_WORDS = frozenset("""
product data software backend frontend stack sales marketing finance operations support account customer
business research security cloud platform mobile analytics science engineering technology it ict hr
daten vertrieb finanzen données ventes datos ventas dati vendite gegevens verkoop dados vendas
""".split())

TEAM_WORDS = frozenset("""
team teams recruiting recruitment recruiter talent acquisition hiring people hr careers career jobs
early campus university graduate emerging programs program hr-team human resources department
personalabteilung personal recruitingteam bewerbermanagement karriere rekrutierung ihr ihre euer
équipe equipe recrutement rh ressources humaines carrières talents
equipo selección seleccion reclutamiento rrhh recursos humanos talento
risorse umane selezione recruiting-team
wervingsteam werving recruitmentteam
equipa recrutamento pessoas gente
""".split())

LEGAL_WORDS = frozenset("""inc inc. llc ltd ltd. gmbh ag plc sa s.a. sas sarl srl s.r.l. spa s.p.a. bv b.v. nv n.v.
corp corp. corporation co co. company kg ug se ab oy as aps pty lda ltda limited group holding holdings
""".split())

FUNCTION_WORDS = frozenset("""
the a an this that these those it its is are was were be been has have had will would can could may
we our us you your i my me he she they them their there here which who whom what when where how
not no yes if then than so as of to in on at by for from with about into over after before
and or but also just only very more most such same other others following new next last
please thank thanks dear hi hello regards best sincerely kind unfortunately however
der die das ein eine einer eines dem den des und oder für mit von zu bei auf ist sind wir sie ihr ihre
uns unser unsere nicht leider vielen dank
le la les un une des du de et ou pour avec sur dans est sont nous vous votre vos notre nos que qui
el los las una unos del y o para con por en es son nosotros usted su sus que
il lo gli uno della delle dei e o per con su nel è sono noi voi sua suo che
het een en of voor met op bij is zijn wij jij uw onze dat die
o os um uma da do das dos e ou para com em na no é são nós você sua seu que
nos te ci vi ons je lo la le les se si
""".split())

LEGAL_KEYS = frozenset(w.strip(".") for w in LEGAL_WORDS)

STOP_START = frozenset("""we our us you your this that it thank thanks dear hi hello unfortunately please
regards best sincerely following our re fwd aw wg tr rv sv application applications update
bewerbung candidature candidatura sollicitatie postulación postulacion""".split())

# Words that introduce a company ("... to Acme") or a role ("... position of X", "X position").
CO_INTRO = [
    # en
    "application to", "application with", "application at", "applying to", "applying at", "applying with",
    "applied to", "applied at", "apply to", "interest in", "interest in joining", "sent to", "submitted to",
    "received at", "received by", "employment with", "employment at", "career at", "careers at",
    "working at", "work at", "working with", "join", "joining", "here at", "position at", "role at",
    "viewed by", "reviewed by",
    "job at", "opening at", "opportunity at", "opportunities at", "positions at", "roles at", "team at",
    "at", "with", "from", "for",
    # de
    "bei", "bewerbung bei", "interesse an", "stelle bei", "position bei", "bei der", "bei uns bei", "angesehen von",
    "für", "an",
    # fr
    "chez", "au sein de", "au sein du", "au sein d'", "candidature chez", "candidature à", "rejoindre", "à", "transmise à", "envoyée à",
    "intérêt pour", "pour", "consultée par", "vue par",
    # es
    "en", "con", "unirte a", "postulación en", "postulación a", "interés en", "candidatura en", "vista por",
    # it
    "presso", "candidatura presso", "interesse per", "in", "con",
    # nl
    "bij", "sollicitatie bij", "interesse in", "werken bij", "naar", "bekeken door",
    # pt
    "na", "no", "em", "a", "enviada para", "candidatura na", "candidatura no", "pela", "pelo", "interesse na", "interesse no",
    "visualizada por", "visualizzata da",
]
ROLE_INTRO = [
    # en
    "position of", "role of", "job of", "post of", "the position of", "the role of", "for the position of",
    "for the role of", "application for", "applying for", "applied for", "apply for", "application for the",
    "applying for the", "applied for the", "your application for", "interest in the", "for the", "position:",
    "role:", "job:", "position", "role", "job title:", "job:", "opening:", "for", "as", "as a", "as an",
    "open", "the", "application", "applications", "application to", "your application to", "applying to",
    "applied to", "you've applied to", "you have applied to", "position(s):", "following position(s):", "candidature", "candidature pour le poste", "bewerbung",
    "ihre bewerbung", "deine bewerbung", "sollicitatie", "candidatura", "candidatura a", "candidatura per il ruolo di",
    "la tua candidatura per", "tu candidatura a", "offre", "l'offre", "la oferta", "oferta", "programme", "program",
    # de
    "als", "stelle als", "bewerbung als", "bewerbung für", "bewerbung auf", "position als", "stelle:",
    "position:", "stellenbezeichnung:", "für die stelle", "für die position", "auf die stelle",
    "für die stelle als", "auf die stelle als", "für die position als",
    # fr
    "poste de", "au poste de", "poste d'", "au poste d'", "poste :", "poste:", "pour le poste de",
    "pour le poste d'", "offre de", "l'offre", "en tant que", "candidature au poste de", "candidature pour",
    # es
    "puesto de", "el puesto de", "para el puesto de", "vacante de", "la vacante de", "posición de",
    "puesto:", "como",
    # it
    "posizione di", "la posizione di", "per la posizione di", "ruolo di", "il ruolo di", "candidatura per",
    "posizione:", "come",
    # nl
    "vacature", "de vacature", "vacature:", "functie", "de functie", "functie van", "functie:", "als",
    "sollicitatie voor", "voor de functie", "voor de vacature", "de rol van", "rol van",
    # pt
    "vaga de", "a vaga de", "para a vaga de", "vaga:", "cargo de", "o cargo de", "função de", "candidatura para",
    "posição de", "vaga", "como",
]
# One common word: an introduction only when a capitalised title follows ("for Data Analyst", not "for your time").
WEAK_ROLE_INTRO = frozenset({
    "for", "as", "as a", "as an", "open", "the", "application", "applications", "candidature", "candidatura",
    "bewerbung", "sollicitatie", "offre", "oferta", "programme", "program", "position", "role", "job", "vaga",
    "functie", "vacature", "als", "como", "come"})

# The words of a cohort or season a title may carry after a dash ("Data Scientist II - New College Grad",
# "Data Analyst Intern - Summer 2025", "Stagiaire - Été 2025"): part of the title, unlike a place after a dash.
COHORT_WORDS = frozenset("""
new college grad grads graduate graduates university campus early career careers entry level summer winter spring
fall autumn intern interns internship internships co-op coop program programme cohort class rotational
student students apprentice apprenticeship trainee experienced professional professionals women's
sommer winter herbst frühling praktikum werkstudent absolvent absolventen einsteiger berufseinsteiger
été hiver printemps automne stage stagiaire alternance diplômé jeune diplômés
verano invierno becario prácticas recién graduados estate inverno stagista tirocinio neolaureati
zomer winter stagiair stage afgestudeerden verão inverno estágio estagiário trainee
""".split())

ROLE_AFTER = ["position", "role", "job", "opening", "vacancy", "opportunity", "post", "internship",
               "stelle", "position", "poste", "puesto", "posizione", "ruolo", "vacature", "functie", "vaga",
               "cargo", "offer", "requisition", "programme", "program", "vacancy", "application"]


TEAM_TAILS = [
    "recruiting", "recruitment", "talent acquisition", "talent", "hiring", "people", "hr", "careers", "jobs", "team",
    "early careers", "campus", "university recruiting", "rh", "recrutement", "recruiting team", "personal",
    "karriere", "selección", "reclutamiento", "risorse umane", "werving", "recrutamento", "human resources",
    "career opportunities", "careers team", "notification", "notifications", "no-reply", "no_reply", "no reply",
    "noreply", "do-not-reply", "do_not_reply", "do not reply", "donotreply", "system", "portal", "services",
    "hr services", "people services", "ressources humaines", "recursos humanos", "personalabteilung",
]
# The first / last words that can start / end a team phrase (a cheap test before the regexes above).
TEAM_HEAD_WORDS = frozenset("""ihr ihre your the votre l'équipe l’équipe l'equipe l’equipe équipe equipe el equipo
il team het a o das die der rh hr recrutamento recrutement recruiting recruitment selección seleccion selezione
werving talent careers equipa time recursos risorse talento talentos dein deine""".split())


_WORDS_RE = re.compile(r"[^\W_][\w'’.+#-]*")


# Heads of compound titles in German and Dutch ("Softwareentwickler", "Projectleider", "Vertriebsmitarbeiterin").
ROLE_SUFFIXES = ("entwickler", "entwicklerin", "ingenieur", "ingenieurin", "berater", "beraterin", "leiter", "leiterin",
                  "referent", "referentin", "mitarbeiter", "mitarbeiterin", "manager", "managerin", "analyst",
                  "analystin", "kaufmann", "kauffrau", "techniker", "technikerin", "assistent", "assistentin",
                  "medewerker", "ontwikkelaar", "adviseur", "beheerder", "leider", "specialist", "engineer",
                  "developer", "designer", "praktikant", "praktikantin", "werkstudent", "werkstudentin",
                  "angestellter", "angestellte", "sachbearbeiter", "sachbearbeiterin", "elektroniker")


def is_role_word(word: str) -> bool:
    return word in ROLE_WORDS or (len(word) > 8 and word.endswith(ROLE_SUFFIXES))


def lower_words(text: str) -> list[str]:
    return _WORDS_RE.findall(text.casefold())


SIGNOFFS = [
    "best", "best regards", "best wishes", "kind regards", "kindest regards", "warm regards", "warmest regards",
    "regards", "many thanks", "thanks", "thank you", "sincerely", "yours sincerely", "yours truly", "all the best",
    "cheers", "respectfully", "viele grüße", "beste grüße", "freundliche grüße", "mit freundlichen grüßen",
    "liebe grüße", "cordialement", "bien cordialement", "bien à vous", "salutations", "saludos", "saludos cordiales",
    "atentamente", "un saludo", "cordiali saluti", "distinti saluti", "saluti", "met vriendelijke groet",
    "met vriendelijke groeten", "vriendelijke groet", "vriendelijke groeten", "groeten", "atenciosamente",
    "cumprimentos", "com os melhores cumprimentos", "abraços", "obrigado", "obrigada",
]



# Places a posting writes after a title ("Data Analyst - New York, NY", "Technical Writer, London"): posting noise,
# never part of the title. Cities with many offices and job postings in the seven languages' countries and
# beyond, countries, US states and Canadian provinces, and the work modes written the same way. Comma-separated;
# see is_place for the codes ("NY", "UK") a place may carry.
PLACES = frozenset(p.strip() for p in """
london, manchester, birmingham, leeds, glasgow, edinburgh, bristol, liverpool, cambridge, oxford, belfast, cardiff,
dublin, cork, galway, new york, new york city, nyc, brooklyn, boston, chicago, seattle, austin, denver, san francisco,
sf bay area, bay area, los angeles, san diego, san jose, palo alto, mountain view, menlo park, sunnyvale, santa clara,
redmond, portland, phoenix, dallas, houston, atlanta, miami, orlando, tampa, charlotte, raleigh, durham, nashville,
detroit, minneapolis, pittsburgh, philadelphia, baltimore, washington, washington dc, washington d.c, arlington,
reston, mclean, columbus, cleveland, cincinnati, indianapolis, st. louis, saint louis, kansas city, salt lake city,
las vegas, sacramento, irvine, oakland, jersey city, newark, princeton, stamford, hartford, providence, richmond,
toronto, montreal, montréal, vancouver, ottawa, calgary, edmonton, waterloo, quebec, québec,
sydney, melbourne, brisbane, perth, auckland, wellington, singapore, hong kong, tokyo, seoul, shanghai, beijing,
shenzhen, bangalore, bengaluru, hyderabad, pune, mumbai, chennai, delhi, new delhi, gurgaon, gurugram, noida,
kolkata, dubai, abu dhabi, doha, riyadh, tel aviv, cairo, nairobi, lagos, johannesburg, cape town,
berlin, münchen, munich, hamburg, köln, cologne, frankfurt, frankfurt am main, stuttgart, düsseldorf, dusseldorf,
leipzig, dresden, hannover, nürnberg, nuremberg, bremen, essen, dortmund, bonn, mannheim, karlsruhe, heidelberg,
wien, vienna, graz, linz, salzburg, zürich, zurich, basel, bern, genf,
paris, lyon, marseille, toulouse, nice, nantes, bordeaux, lille, strasbourg, montpellier, rennes, grenoble,
bruxelles, brussels, brussel, genève, geneva, lausanne, luxembourg,
madrid, barcelona, valencia, sevilla, seville, bilbao, málaga, malaga, zaragoza, alicante, palma,
ciudad de méxico, mexico city, cdmx, guadalajara, monterrey, bogotá, bogota, medellín, medellin, lima, santiago,
buenos aires, milano, milan, roma, rome, torino, turin, bologna, napoli, naples, firenze, florence, genova, genoa,
venezia, venice, verona, padova, bari, palermo,
amsterdam, rotterdam, utrecht, eindhoven, den haag, the hague, groningen, leiden, delft, arnhem, nijmegen,
antwerpen, antwerp, gent, ghent, leuven,
lisboa, lisbon, porto, braga, coimbra, são paulo, sao paulo, rio de janeiro, belo horizonte, curitiba,
porto alegre, brasília, brasilia, recife, salvador, florianópolis, campinas,
stockholm, gothenburg, göteborg, copenhagen, københavn, oslo, helsinki, reykjavik, warsaw, warszawa, kraków,
krakow, wrocław, wroclaw, prague, praha, budapest, bucharest, sofia, athens, istanbul, tallinn, riga, vilnius,
belgrade, zagreb,
united states, usa, united kingdom, canada, ireland, germany, deutschland, austria, österreich, switzerland,
schweiz, suisse, france, spain, españa, italy, italia, netherlands, nederland, belgium, belgique, belgië,
portugal, brazil, brasil, mexico, méxico, india, australia, emea, apac, latam, europe,
alabama, alaska, arizona, arkansas, california, colorado, connecticut, delaware, florida, georgia, hawaii,
idaho, illinois, indiana, iowa, kansas, kentucky, louisiana, maine, maryland, massachusetts, michigan,
minnesota, mississippi, missouri, montana, nebraska, nevada, new hampshire, new jersey, new mexico,
north carolina, north dakota, ohio, oklahoma, oregon, pennsylvania, rhode island, south carolina, south dakota,
tennessee, texas, utah, vermont, virginia, west virginia, wisconsin, wyoming, ontario, british columbia, alberta,
remote, hybrid, on-site, onsite, in-office, multiple locations, various locations
""".replace("\n", " ").split(",") if p.strip())

_PLACE_CODE_RE = re.compile(r"[A-Z]{2,3}")
_PLACE_PART_RE = re.compile(r"\s*[,/]\s*|\s+or\s+")


def is_place(text: str) -> bool:
    """"New York, NY", "London", "Remote / Berlin": a place (or work mode) and nothing else. A two- or three-letter
    code in capitals counts only after a place ("Seattle, WA"), never alone ("Data Analyst - BI")."""
    parts = [p.strip(" .") for p in _PLACE_PART_RE.split(text.strip()) if p.strip(" .")]
    if not parts:
        return False
    named = False
    for part in parts:
        if part.casefold() in PLACES:
            named = True
        elif not (named and _PLACE_CODE_RE.fullmatch(part)):
            return False
    return named
