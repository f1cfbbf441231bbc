"""A careers service runs Onward for six job seekers, end to end, with real parts only: one PostgreSQL, a Dovecot
with six users, three ``onward run`` workers sharing the accounts through leases, three weeks of hand-written
job mail in English, German, French, Spanish and Dutch.

What happens, as an adviser would do it from the docs: a config of five seekers, three workers; one worker
SIGKILLed in the middle of a pass (its accounts taken over); a sixth seeker added and one removed while the
pool runs (a worker started on the new config, the old ones stopped one by one); Dovecot restarted under the
workers; then the views (``status``, ``outcomes``/``followups``/``digest`` per account).

Two seekers applied for the same role through the same recruiter, and a company sent one group rejection to
two seekers at once (the same Message-ID in both mailboxes, recipients in Bcc). What must hold: each seeker's
applications on record once, in that seeker's account, none lost; each seeker's Drafts holds only drafts for
that seeker's applications - From that seeker, signed with that seeker's name, to that seeker's companies -
and that seeker's weekly digest, naming only that seeker's companies."""

from __future__ import annotations

import email
import email.policy
import email.utils
import json
import os
import signal
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, text

from agent.accounts.leases import holders
from agent.accounts.state import states
from agent.demo.samples import build_email
from agent.record.store import Store
from tests.helpers import folder_messages, run_cli
from tests.integration.test_worker_pool import _wait, _worker

LEASE = 2  # daemon.lease_seconds: a dead worker's accounts are free after 2 s
NOW = datetime.now(UTC).replace(microsecond=0)
WEEKDAY = NOW.strftime("%A").lower()  # the digest is due today, from midnight: the first pass saves it

SEEKERS = {  # account: (Dovecot user, the seeker's name)
    "ana": ("ana", "Ana Lee"),
    "ben": ("ben", "Ben Krüger"),
    "chloe": ("chloe", "Chloé Martin"),
    "diego": ("diego", "Diego Ruiz"),
    "eva": ("eva", "Eva de Vries"),
    "farid": ("farid", "Farid Haddad"),
}
SARAH = "Sarah Klein <sarah.klein@northwind-analytics.com>"  # recruits the same role from ana and farid
HELIX = "Helix Robotics Talent <talent@helix-robotics.com>"  # one group rejection to ana and diego
STADTWERKE = "Stadtwerke Lindau Personal <bewerbung@stadtwerke-lindau.de>"
CAMILLE = "Camille Laurent <camille.laurent@lumiere-tech.fr>"
LUMIERE = "Lumière Tech Recrutement <recrutement@lumiere-tech.fr>"
SOLERA = "Solera Talento <talento@solera.es>"
LUCIA = "Lucía Fernández <lucia.fernandez@solera.es>"
ZEELAND = "Zeeland Logistiek Werving <werving@zeeland-logistiek.nl>"

COMPANY_DOMAINS = {  # whom each seeker applied to: their drafts may go to these domains only
    "ana": {"northwind-analytics.com", "helix-robotics.com"},
    "ben": {"stadtwerke-lindau.de"},
    "chloe": {"lumiere-tech.fr"},
    "diego": {"solera.es", "helix-robotics.com"},
    "eva": {"zeeland-logistiek.nl"},
    "farid": {"northwind-analytics.com"},
}
COMPANY_WORDS = {"ana": "Northwind", "ben": "Stadtwerke", "chloe": "Lumière", "diego": "Solera", "eva": "Zeeland",
                 "farid": "Northwind"}


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def _mail(acct, sender, subject, days, mid, body, parent=None, to=None):
    user, name = SEEKERS[acct]
    return build_email(from_=sender, to=to or f"{name} <{user}@seekers.example>", subject=subject, date=ago(days),
                       message_id=mid, body=body, in_reply_to=parent, references=[parent] if parent else ())


def _helix_ack(acct, days):
    first = SEEKERS[acct][1].split()[0]
    return _mail(acct, HELIX, "Application received: Graduate Engineer", days, f"<hx-{acct}-1@helix-robotics.com>",
                 f"Hi {first},\n\nThanks for applying to the Graduate Engineer programme at Helix Robotics. We have "
                 "received your application and will be in touch.\n\nHelix Robotics Talent Team\n")


def _sarah_ack(acct, days):
    """The same recruiter's acknowledgement of the same role, to each seeker who applied for it."""
    first = SEEKERS[acct][1].split()[0]
    return _mail(acct, SARAH, "Your application: Data Analyst at Northwind Analytics", days,
                 f"<nw-{acct}-1@northwind-analytics.com>",
                 f"Hi {first},\n\nThank you for applying for the Data Analyst position at Northwind Analytics. I have "
                 "received your application and will review it with the hiring manager this week.\n\n"
                 "Best regards,\nSarah Klein\nTalent Acquisition, Northwind Analytics\n")


def _helix_group_rejection(acct):
    """One email to every Graduate Engineer candidate: the same Message-ID in each mailbox, the recipients in Bcc."""
    return _mail(acct, HELIX, "Your application: Graduate Engineer", 4, "<hx-group-rej@helix-robotics.com>",
                 "Dear candidate,\n\nThank you for applying to the Graduate Engineer programme at Helix Robotics. "
                 "We received many strong applications this year. Unfortunately we will not be moving forward "
                 "with your application at this time.\n\nWe wish you every success in your search.\n\n"
                 "Kind regards,\nHelix Robotics Talent Team\n", to="undisclosed-recipients:;")


def first_weeks():
    """Weeks 1-3 of each of five seekers' mail (farid joins later)."""
    return {
        "ana": [
            _sarah_ack("ana", 20),
            _helix_ack("ana", 19),
            _mail("ana", SARAH, "Re: Your application: Data Analyst at Northwind Analytics", 9,
                  "<nw-ana-2@northwind-analytics.com>",
                  "Hi Ana,\n\nThank you again for your interest in the Data Analyst role at Northwind Analytics. "
                  "After careful consideration we have decided to move forward with other candidates whose "
                  "experience more closely matches our needs.\n\nI wish you all the best in your search.\n\n"
                  "Kind regards,\nSarah Klein\n", parent="<nw-ana-1@northwind-analytics.com>"),
            _helix_group_rejection("ana"),
        ],
        "ben": [
            _mail("ben", STADTWERKE, "Eingangsbestätigung Ihrer Bewerbung als Elektroniker (m/w/d)", 21,
                  "<sw-ben-1@stadtwerke-lindau.de>",
                  "Sehr geehrter Herr Krüger,\n\nvielen Dank für Ihre Bewerbung als Elektroniker (m/w/d) bei den "
                  "Stadtwerken Lindau. Ihre Unterlagen sind bei uns eingegangen und werden geprüft.\n\n"
                  "Mit freundlichen Grüßen\nIhre Personalabteilung\nStadtwerke Lindau\n"),
            _mail("ben", STADTWERKE, "Ihre Bewerbung als Elektroniker (m/w/d)", 8, "<sw-ben-2@stadtwerke-lindau.de>",
                  "Sehr geehrter Herr Krüger,\n\nnochmals vielen Dank für Ihr Interesse. Nach sorgfältiger Prüfung "
                  "müssen wir Ihnen leider mitteilen, dass wir uns für einen anderen Bewerber entschieden haben.\n\n"
                  "Wir wünschen Ihnen für Ihre berufliche Zukunft alles Gute.\n\nMit freundlichen Grüßen\n"
                  "Ihre Personalabteilung\nStadtwerke Lindau\n", parent="<sw-ben-1@stadtwerke-lindau.de>"),
        ],
        "chloe": [
            _mail("chloe", LUMIERE, "Votre candidature au poste de Développeuse Front-end", 19,
                  "<lt-chloe-1@lumiere-tech.fr>",
                  "Bonjour Chloé,\n\nNous vous remercions pour votre candidature au poste de Développeuse "
                  "Front-end chez Lumière Tech. Nous l'avons bien reçue et l'étudions avec attention.\n\n"
                  "Cordialement,\nL'équipe Recrutement\nLumière Tech\n"),
        ],
        "diego": [
            _mail("diego", SOLERA, "Hemos recibido tu candidatura: Analista de Datos", 16, "<so-diego-1@solera.es>",
                  "Hola Diego:\n\nGracias por tu interés en Solera. Hemos recibido tu candidatura para el puesto de "
                  "Analista de Datos y nuestro equipo la revisará en los próximos días.\n\nUn saludo,\n"
                  "Equipo de Talento de Solera\n"),
            _helix_ack("diego", 18),
            _helix_group_rejection("diego"),
        ],
        "eva": [
            _mail("eva", ZEELAND, "Bevestiging van je sollicitatie: Planner Transport", 20,
                  "<zl-eva-1@zeeland-logistiek.nl>",
                  "Beste Eva,\n\nBedankt voor je sollicitatie voor de functie Planner Transport bij Zeeland "
                  "Logistiek. We hebben je sollicitatie ontvangen en nemen binnen twee weken contact met je op.\n\n"
                  "Met vriendelijke groet,\nTeam Werving, Zeeland Logistiek\n"),
        ],
    }


def later_mail():
    """Mail that arrives while the pool runs."""
    return {
        "chloe": [
            _mail("chloe", CAMILLE, "Entretien - Développeuse Front-end", 3, "<lt-chloe-2@lumiere-tech.fr>",
                  "Bonjour Chloé,\n\nVotre profil a retenu notre attention et nous souhaitons vous inviter à un "
                  "entretien en visioconférence pour le poste de Développeuse Front-end. Seriez-vous disponible "
                  "jeudi à 10h ?\n\nBien cordialement,\nCamille Laurent\nResponsable Recrutement, Lumière Tech\n",
                  parent="<lt-chloe-1@lumiere-tech.fr>"),
        ],
        "diego": [
            _mail("diego", LUCIA, "Re: Hemos recibido tu candidatura: Analista de Datos", 2, "<so-diego-2@solera.es>",
                  "Hola Diego:\n\nGracias de nuevo por tu interés en el puesto de Analista de Datos. Lamentamos "
                  "comunicarte que hemos decidido continuar el proceso con otros candidatos cuyo perfil se ajusta "
                  "más a lo que buscamos.\n\nTe deseamos mucha suerte en tu búsqueda.\n\nUn saludo,\n"
                  "Lucía Fernández\nResponsable de Selección, Solera\n", parent="<so-diego-1@solera.es>"),
        ],
    }


def farid_mail():
    return [
        _sarah_ack("farid", 19),
    ]


def farid_after_restart():
    return [
        _mail("farid", SARAH, "Re: Your application: Data Analyst at Northwind Analytics", 1,
              "<nw-farid-2@northwind-analytics.com>",
              "Hi Farid,\n\nThanks for your patience. We were impressed by your background and would like to invite "
              "you to a 45-minute video interview for the Data Analyst role with our analytics lead. Could you "
              "share a few time slots that work for you next week?\n\nBest,\nSarah Klein\n"
              "Talent Acquisition, Northwind Analytics\n", parent="<nw-farid-1@northwind-analytics.com>"),
    ]


EXPECTED_STATUS = {  # account: {company word: status} once every mail is in
    "ana": {"Northwind": "rejected", "Helix": "rejected"},
    "ben": {"Stadtwerke": "rejected"},
    "chloe": {"Lumi": "interview"},
    "diego": {"Solera": "rejected", "Helix": "rejected"},
    "farid": {"Northwind": "interview"},
}


def _config(path, srv, accounts, database):
    parts = []
    for acct in accounts:
        user, name = SEEKERS[acct]
        parts.append(f'[accounts.{acct}]\nhost = "127.0.0.1"\nport = {srv.ssl_port}\nca_file = "{srv.cafile}"\n'
                     f'username = "{user}"\npassword_command = "echo {srv.password(user)}"\n'
                     f'from_address = "{user}@seekers.example"\nyour_name = "{name}"\n')
    path.write_text("\n".join(parts) + '\n[followup]\nyour_name = "Careers Service"\ntimezone = "UTC"\n'
                    'hours = [0, 23]\n\n'
                    f'[digest]\nenabled = true\nweekday = "{WEEKDAY}"\nhour = 0\n\n'
                    f'[storage]\ndatabase = "{database}"\n\n'
                    f'[daemon]\npoll_interval = 600\nlease_seconds = {LEASE}\n', encoding="utf-8")
    path.chmod(0o600)
    return path


def _drafts(srv, user):
    return [email.message_from_bytes(item[b"BODY[]"], policy=email.policy.default)
            for item in folder_messages(srv, user, "Drafts").values()]


def _domain(addr):
    return addr.rsplit("@", 1)[-1].lower()


def test_a_careers_service_runs_six_seekers_on_a_pool(dovecot_factory, postgres_url, tmp_path):
    srv = dovecot_factory([u for u, _n in SEEKERS.values()])
    for acct, mails in first_weeks().items():
        srv.append(SEEKERS[acct][0], "INBOX", mails)
    first = ["ana", "ben", "chloe", "diego", "eva"]
    serving = ["ana", "ben", "chloe", "diego", "farid"]  # farid added, eva removed
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    old_cfg = _config(tmp_path / "old" / "onward.toml", srv, first, postgres_url)
    new_cfg = _config(tmp_path / "new" / "onward.toml", srv, serving, postgres_url)
    store = Store.open(postgres_url)
    engine = create_engine(postgres_url)
    group = "<hx-group-rej@helix-robotics.com>"

    def held():
        return {a: h.pid for a, h in holders(store).items()}

    def passed(accounts):
        got = {a: r.last_pass_at for a, r in states(store).items()}
        return all(got.get(a) for a in accounts)

    def events():
        with engine.connect() as conn:
            return Counter(conn.execute(text("select account, message_id from events")).all())

    t0 = time.monotonic()
    workers = [_worker(old_cfg) for _ in range(3)]
    stopped = []
    try:
        _wait("five seekers held, spread over three workers, each passed", lambda: (
            sorted(held()) == first and max(Counter(held().values()).values()) <= 2 and passed(first)), 60, workers)
        assert {("ana", group), ("diego", group)} <= set(events())  # the group rejection: news for both

        print(f"pool up: {time.monotonic() - t0:.1f} s")
        # the adviser brings every scheduled thank-you forward to now: the next pass of each account drafts it
        due = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
        for f in json.loads(run_cli(old_cfg, "followups", "--json").stdout):
            if f["status"] == "scheduled":
                assert run_cli(old_cfg, "followups", "set", str(f["id"]), "--due", due).returncode == 0

        print(f"due set: {time.monotonic() - t0:.1f} s")
        # later mail arrives, and a worker is SIGKILLed in the middle of the passes it starts
        for acct, mails in later_mail().items():
            srv.append(SEEKERS[acct][0], "INBOX", mails)
        time.sleep(0.3)
        victim = next(w for w in workers if w.pid in held().values())
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(10)
        workers.remove(victim)
        stopped.append(victim)
        _wait("the victim's accounts taken over", lambda: sorted(held()) == first
              and victim.pid not in held().values(), 15, workers)
        _wait("the later mail recorded", lambda: {("chloe", "<lt-chloe-2@lumiere-tech.fr>"),
                                                  ("diego", "<so-diego-2@solera.es>")} <= set(events()), 30)

        print(f"takeover: {time.monotonic() - t0:.1f} s")
        # farid joins, eva leaves: a worker on the new config, then the old ones stopped one by one
        srv.append("farid", "INBOX", farid_mail())
        workers.append(_worker(new_cfg))
        for n, old in enumerate(list(workers[:-1])):
            old.terminate()
            assert old.wait(30) == 0
            workers.remove(old)
            stopped.append(old)
            if n == 0:
                workers.append(_worker(new_cfg))  # two workers on the new config in the end
        _wait("the new config's accounts held, eva's released", lambda: sorted(held()) == serving
              and passed(["farid"]), 40, workers)

        print(f"rolling restart: {time.monotonic() - t0:.1f} s")
        # Dovecot restarts under the pool; mail after it is recorded
        srv.restart()
        srv.append("farid", "INBOX", farid_after_restart())
        _wait("farid's interview recorded after the restart", lambda: (
            "farid", "<nw-farid-2@northwind-analytics.com>") in events(), 40, workers)

        print(f"dovecot restart: {time.monotonic() - t0:.1f} s")
        # the record: every email once per account it came to; each seeker's applications in their own account
        assert set(events().values()) == {1}, events()
        shown = {s["account"]: s for s in json.loads(run_cli(new_cfg, "status", "--json").stdout)}
        assert sorted(shown) == serving
        assert all(s["worker"] and s["worker"]["pid"] in {w.pid for w in workers} for s in shown.values()), shown
        rows = json.loads(run_cli(new_cfg, "outcomes", "--json").stdout)
        for acct, expected in EXPECTED_STATUS.items():
            got = {word: [r["status"] for r in rows if r["account"] == acct and word.lower() in r["company"].lower()]
                   for word in expected}
            assert got == {w: [st] for w, st in expected.items()}, (acct, rows)
        assert sorted(r["account"] for r in rows) == sorted(["ana", "ana", "ben", "chloe", "diego", "diego", "farid",
                                                            "eva"])  # eva's record stays after her removal
        farid = json.loads(run_cli(new_cfg, "outcomes", "--json", "--account", "farid").stdout)
        assert [(r["company"], r["status"]) for r in farid] == [("Northwind Analytics", "interview")]
        fus = json.loads(run_cli(new_cfg, "followups", "--json").stdout)
        assert {f["account"] for f in fus} <= set(SEEKERS)
        for acct in ("ana", "chloe"):  # chloe's and farid's interviews have no time yet: only their own listing says so
            listing = run_cli(new_cfg, "followups", "--account", acct).stdout
            others = {w for o, w in COMPANY_WORDS.items() if w != COMPANY_WORDS[acct] and o != acct}
            assert not [w for w in others if w in listing], (acct, listing)
        print(f"views: {time.monotonic() - t0:.1f} s")
        # each seeker's Drafts: that seeker's drafts only
        _wait("ana's thank-you to Sarah Klein", lambda: any(
            "sarah.klein" in (m["To"] or "") for m in _drafts(srv, "ana")), 30)
        time.sleep(2 * LEASE)  # any late duplicate would land now
        for acct, (user, name) in SEEKERS.items():
            drafts = _drafts(srv, user)
            digests = [m for m in drafts if m["Message-ID"].startswith("<onward-digest-")]
            notes = [m for m in drafts if m not in digests]
            own = f"{user}@seekers.example"
            assert all(email.utils.parseaddr(m["From"]) == (name, own) for m in drafts), (acct, drafts)
            assert len({m["Message-ID"] for m in drafts}) == len(drafts)  # nothing saved twice
            for m in notes:
                to = email.utils.parseaddr(m["To"] or "")[1]
                assert not to or _domain(to) in COMPANY_DOMAINS[acct], (acct, m["To"], m["Subject"])
                body = m.get_body(preferencelist=("plain",)).get_content()
                assert body.rstrip().endswith(name), (acct, body)
                assert not [o for o, (_u, other) in SEEKERS.items() if o != acct and other in body], (acct, body)
                assert m["Subject"] != "Re: Application received: Graduate Engineer", \
                    (acct, "a check-in to Helix Robotics, which said no to both in one email")
            assert len(digests) == 1, (acct, [m["Subject"] for m in drafts])
            assert email.utils.parseaddr(digests[0]["To"])[1] == own
            text_ = digests[0].get_body(preferencelist=("plain",)).get_content()
            others = {w for o, w in COMPANY_WORDS.items() if w != COMPANY_WORDS[acct] and o != acct}
            assert not [w for w in others if w in text_], (acct, text_)
        assert [m["To"] for m in _drafts(srv, "farid") if "Northwind" in m["Subject"]] == \
            ["Sarah Klein <sarah.klein@northwind-analytics.com>"]  # farid's own check-in to the recruiter they share
        listed = json.loads(run_cli(new_cfg, "digest", "--json").stdout)
        assert Counter(d["account"] for d in listed) == Counter(list(SEEKERS))
    finally:
        for w in workers:
            if w.poll() is None:
                w.terminate()
        errs = [w.communicate(timeout=30)[1] for w in workers + stopped]
        engine.dispose()
        store.close()
        for n, err in enumerate(errs):
            print(f"--- worker {n} ---\n{err[-3000:]}")  # shown when the test fails
    assert all(w.returncode == 0 for w in workers), errs
    assert not [e for e in errs if "Traceback" in e]
