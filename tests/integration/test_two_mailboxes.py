"""A new user with two mailboxes, end to end: a personal address and a new "jobs" address in one config, on two
real Dovecots (the jobs server's Drafts is "Entwürfe", flagged \\Drafts), eight weeks of hand-written mail in
English, German and Spanish, the daemon's passes (``run --once --now``) every other day, and the user's own
doings in the mail client between them: mail moved from INBOX into a watched "Jobs" folder, a draft edited
(saved again under a new Message-ID, the old one deleted) and sent with another subject, one sent as it is, one
deleted, one sent weeks late to another person, a thank-you written by hand instead of the draft. Then the
config mistakes a user makes: a wrong password on one account, a typo in a folder name.

What a user expects, asserted: each application once, in its own account; the same company applied to from
both addresses kept apart, also when its recruiter writes to the other address citing the other thread; the
interview moved twice by calendar updates and cancelled gets no thank-you, the next rounds each one, the
rejection after the second round one in German to the interviewer in the jobs account's Entwürfe; every draft
in its account's Drafts, From that account's address, to the right person; nothing drafted after the user
wrote; `status`, `outcomes`, `followups`, `digest`, `report` in their documented shape.
"""

from __future__ import annotations

import email
import email.message
import email.policy
import email.utils
import json
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from tests.helpers import cli_json, run_cli
from tests.helpers import thread_mail as _mail

HOME = "Alex Doe <alex.doe@home.example>"
JOBS = "Alex Doe <alex.jobs@career.example>"
NW = "Nordwind GmbH Karriere <karriere@nordwind-gmbh.de>"
JULIA = "Julia Becker <julia.becker@nordwind-gmbh.de>"
MARKUS = "Markus Weber <markus.weber@nordwind-gmbh.de>"
SOLERA = "Solera Talento <talento@solera.es>"
LUCIA = "Lucía Fernández García <lucia.fernandez@solera.es>"
BRIGHT = "Brightlane Careers <careers@brightlane.io>"
HARBOR = "Harbor Analytics Recruiting <jobs@harbor-analytics.com>"
PRIYA = "Priya Natarajan <priya.natarajan@harbor-analytics.com>"
TOM = "Tom Hartley <tom.hartley@tidewater.co.uk>"
INES = "Ines Moreau <ines.moreau@kestrel-labs.io>"

T0 = datetime.now(UTC).replace(hour=8, minute=0, second=0, microsecond=0) - timedelta(days=62)


def day(n: float, hour: int = 9) -> datetime:
    return T0 + timedelta(days=n, hours=hour - 8)


def _ics(uid: str, start: datetime, minutes: int, *, method: str = "REQUEST", sequence: int = 0) -> str:
    fmt = "%Y%m%dT%H%M%SZ"
    return "\r\n".join([
        "BEGIN:VCALENDAR", "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN", "VERSION:2.0",
        f"METHOD:{method}", "BEGIN:VEVENT", f"DTSTART:{start.strftime(fmt)}",
        f"DTEND:{(start + timedelta(minutes=minutes)).strftime(fmt)}", f"DTSTAMP:{start.strftime(fmt)}",
        "ORGANIZER;CN=Markus Weber:mailto:markus.weber@nordwind-gmbh.de", f"UID:{uid}", f"SEQUENCE:{sequence}",
        "SUMMARY:Vorstellungsgespräch Backend-Entwickler",
        "STATUS:" + ("CANCELLED" if method == "CANCEL" else "CONFIRMED"), "END:VEVENT", "END:VCALENDAR", ""])


def story() -> list[tuple[datetime, str, bytes]]:
    """(date, account, raw): the mail of the eight weeks, as it arrives."""
    n4, n8 = "<n4@nordwind-gmbh.de>", "<n8@nordwind-gmbh.de>"
    mails = [
        ("home", _mail(NW, HOME, "Ihre Bewerbung als Datenanalyst (m/w/d)", day(1), "<n1@nordwind-gmbh.de>",
                       "Guten Tag Herr Doe,\n\nvielen Dank für Ihre Bewerbung als Datenanalyst (m/w/d) bei der Nordwind "
                       "GmbH. Ihre Unterlagen sind bei uns eingegangen und werden derzeit von der Fachabteilung "
                       "geprüft. Wir melden uns in den nächsten zwei Wochen bei Ihnen.\n\nFreundliche Grüße\n"
                       "Ihr Recruiting-Team der Nordwind GmbH\n")),
        ("jobs", _mail(NW, JOBS, "Ihre Bewerbung als Backend-Entwickler (m/w/d)", day(2), "<n2@nordwind-gmbh.de>",
                       "Guten Tag Herr Doe,\n\nvielen Dank für Ihre Bewerbung als Backend-Entwickler (m/w/d) bei der "
                       "Nordwind GmbH. Wir haben Ihre Unterlagen erhalten und prüfen sie sorgfältig. Sie hören in "
                       "Kürze von uns.\n\nFreundliche Grüße\nIhr Recruiting-Team der Nordwind GmbH\n")),
        ("home", _mail(SOLERA, HOME, "Hemos recibido tu candidatura: Analista de Datos", day(3), "<s1@solera.es>",
                       "Hola Alex:\n\nGracias por tu interés en Solera. Hemos recibido tu candidatura para el puesto de "
                       "Analista de Datos y nuestro equipo la revisará en los próximos días.\n\nUn saludo,\n"
                       "Equipo de Talento de Solera\n")),
        ("jobs", _mail(BRIGHT, JOBS, "We got your application - Product Analyst", day(4), "<b1@brightlane.io>",
                       "Hi Alex,\n\nThanks for applying for the Product Analyst role at Brightlane. This note confirms "
                       "that your application reached us. Our hiring team reads every application and will get back "
                       "to you.\n\nCheers,\nBrightlane Careers\n")),
        ("jobs", _mail(HARBOR, JOBS, "Application received: Data Engineer", day(5), "<h1@harbor-analytics.com>",
                       "Dear Alex,\n\nThank you for submitting your application for the Data Engineer position at "
                       "Harbor Analytics. We have received it and will review it shortly.\n\nBest regards,\n"
                       "Harbor Analytics Recruiting\n")),
        ("home", _mail("Stadtbibliothek <info@stadtbibliothek.example>", HOME, "Ihre Ausleihe läuft bald ab",
                       day(5, 7), "<lib1@stadtbibliothek.example>",
                       "Hallo,\n\ndie Leihfrist für 'Clean Code' endet am Freitag. Sie können online verlängern.\n\n"
                       "Ihre Stadtbibliothek\n")),
        ("home", _mail(TOM, HOME, "Your application for Junior Data Scientist", day(7), "<t1@tidewater.co.uk>",
                       "Dear Alex,\n\nThank you for applying for the Junior Data Scientist position at Tidewater. We "
                       "received a very large number of applications and, after reviewing yours carefully, we regret "
                       "to tell you that we will not be taking it further.\n\nWe wish you every success with your job "
                       "search.\n\nKind regards,\nTom Hartley\nTalent Acquisition, Tidewater\n")),
        ("home", _mail(JULIA, HOME, "Re: Ihre Bewerbung als Datenanalyst (m/w/d)", day(9), "<n3@nordwind-gmbh.de>",
                       "Sehr geehrter Herr Doe,\n\nnochmals vielen Dank für Ihr Interesse an der Position als "
                       "Datenanalyst. Nach eingehender Prüfung haben wir uns leider für eine Kandidatin entschieden, "
                       "deren Profil noch besser zu unseren Anforderungen passt.\n\nWir wünschen Ihnen für Ihre "
                       "weitere Suche viel Erfolg.\n\nMit freundlichen Grüßen\nJulia Becker\nPersonalreferentin, "
                       "Nordwind GmbH\n", parent="<n1@nordwind-gmbh.de>")),
        ("jobs", _mail(MARKUS, JOBS, "Einladung zum Vorstellungsgespräch: Backend-Entwickler", day(11), n4,
                       "Guten Tag Herr Doe,\n\nIhre Bewerbung als Backend-Entwickler hat uns überzeugt. Wir möchten "
                       "Sie gern zu einem Vorstellungsgespräch per Videokonferenz einladen. Die Einladung finden Sie "
                       "im Anhang.\n\nViele Grüße\nMarkus Weber\nTeamleiter Backend, Nordwind GmbH\n",
                       parent="<n2@nordwind-gmbh.de>", cal=_ics("nw-1@nordwind-gmbh.de", day(16, 10), 60))),
        ("jobs", _mail(MARKUS, JOBS, "Aktualisiert: Vorstellungsgespräch Backend-Entwickler", day(13),
                       "<n5@nordwind-gmbh.de>", "Guten Tag Herr Doe,\n\nleider muss ich unser Gespräch verschieben. "
                       "Der neue Termin ist im Kalendereintrag.\n\nViele Grüße\nMarkus Weber\n", parent=n4,
                       cal=_ics("nw-1@nordwind-gmbh.de", day(17, 14), 60, sequence=1))),
        ("home", _mail(LUCIA, HOME, "Entrevista para Analista de Datos", day(14), "<s2@solera.es>",
                       "Hola Alex:\n\nTe escribo porque nos ha gustado mucho tu perfil y queremos invitarte a una "
                       "entrevista por videollamada para el puesto de Analista de Datos. ¿Te viene bien el jueves a "
                       "las 11:00? Te enviaré el enlace el mismo día.\n\nUn saludo,\nLucía Fernández García\n"
                       "Responsable de Selección, Solera\n", parent="<s1@solera.es>")),
        ("jobs", _mail(MARKUS, JOBS, "Aktualisiert: Vorstellungsgespräch Backend-Entwickler", day(15),
                       "<n6@nordwind-gmbh.de>", "Guten Tag Herr Doe,\n\nes tut mir leid, wir müssen noch einmal "
                       "verschieben. Bitte beachten Sie den neuen Termin.\n\nViele Grüße\nMarkus Weber\n",
                       parent="<n5@nordwind-gmbh.de>", refs=(n4,),
                       cal=_ics("nw-1@nordwind-gmbh.de", day(19, 11), 60, sequence=2))),
        ("jobs", _mail(MARKUS, JOBS, "Abgesagt: Vorstellungsgespräch Backend-Entwickler", day(18),
                       "<n7@nordwind-gmbh.de>", "Guten Tag Herr Doe,\n\nder Termin muss leider entfallen, da der "
                       "Kollege aus der Fachabteilung erkrankt ist. Ich melde mich mit einem neuen Vorschlag.\n\n"
                       "Viele Grüße\nMarkus Weber\n", parent="<n6@nordwind-gmbh.de>", refs=(n4,), method="CANCEL",
                       cal=_ics("nw-1@nordwind-gmbh.de", day(19, 11), 60, method="CANCEL", sequence=3))),
        ("jobs", _mail(PRIYA, JOBS, "Your Data Engineer application", day(20), "<h2@harbor-analytics.com>",
                       "Hi Alex,\n\nThank you for your patience while we reviewed applications for the Data Engineer "
                       "role. I'm sorry to let you know that we have decided not to progress your application this "
                       "time. We'll keep your details on file.\n\nAll the best,\nPriya Natarajan\nRecruiter, Harbor "
                       "Analytics\n", parent="<h1@harbor-analytics.com>")),
        ("jobs", _mail(MARKUS, JOBS, "Neuer Termin: Vorstellungsgespräch Backend-Entwickler", day(21), n8,
                       "Guten Tag Herr Doe,\n\nwie versprochen ein neuer Vorschlag für unser Vorstellungsgespräch: die "
                       "Einladung liegt bei.\n\nViele Grüße\nMarkus Weber\n", parent="<n7@nordwind-gmbh.de>",
                       refs=(n4,), cal=_ics("nw-2@nordwind-gmbh.de", day(24, 10), 60))),
        ("home", _mail(INES, HOME, "Kestrel Labs - Platform Engineer", day(22), "<k1@kestrel-labs.io>",
                       "Hi Alex,\n\nThanks a lot for your application for the Platform Engineer role at Kestrel Labs. "
                       "We have now filled the position, so we won't be moving forward with your application. "
                       "Sorry it isn't better news.\n\nBest,\nInes Moreau\nPeople Team, Kestrel Labs\n")),
        ("jobs", _mail(MARKUS, JOBS, "Einladung zum zweiten Gespräch: Backend-Entwickler", day(27),
                       "<n9@nordwind-gmbh.de>", "Guten Tag Herr Doe,\n\nvielen Dank für das angenehme Gespräch. Wir "
                       "möchten Sie gern zu einer zweiten Runde mit unserer Bereichsleiterin einladen, vor Ort in "
                       "Hamburg. Die Einladung liegt bei.\n\nViele Grüße\nMarkus Weber\n", parent=n8, refs=(n4,),
                       cal=_ics("nw-3@nordwind-gmbh.de", day(31, 13), 90))),
        # the recruiter writes to the home address too, citing the jobs thread
        ("home", _mail(MARKUS, HOME, "Fwd: Einladung zum zweiten Gespräch: Backend-Entwickler", day(28),
                       "<n10@nordwind-gmbh.de>", "Hallo Herr Doe,\n\nich habe gesehen, dass Sie uns auch von dieser "
                       "Adresse geschrieben haben, daher zur Sicherheit noch einmal hierher: Bitte bringen Sie zum "
                       "zweiten Gespräch einen Ausweis für den Empfang mit.\n\nViele Grüße\nMarkus Weber\n\n> Wir "
                       "möchten Sie gern zu einer zweiten Runde mit unserer Bereichsleiterin einladen, vor Ort in "
                       "Hamburg.\n", parent="<n9@nordwind-gmbh.de>", refs=(n4, n8))),
        ("home", _mail(LUCIA, HOME, "Re: Entrevista para Analista de Datos", day(33), "<s3@solera.es>",
                       "Hola Alex:\n\nMuchas gracias por tu tiempo en la entrevista. Lamentablemente, hemos decidido "
                       "continuar el proceso con otra persona cuyo perfil se ajusta más a lo que buscamos en este "
                       "momento.\n\nTe deseamos mucha suerte en tu búsqueda.\n\nUn saludo,\nLucía Fernández García\n"
                       "Responsable de Selección, Solera\n", parent="<s2@solera.es>", refs=("<s1@solera.es>",))),
        ("jobs", _mail(MARKUS, JOBS, "Re: Einladung zum zweiten Gespräch: Backend-Entwickler", day(36),
                       "<n11@nordwind-gmbh.de>", "Guten Tag Herr Doe,\n\nvielen Dank für Ihre Zeit und die offenen "
                       "Gespräche in beiden Runden. Wir haben uns die Entscheidung nicht leicht gemacht, uns am Ende "
                       "aber für einen anderen Bewerber entschieden.\n\nFür Ihre berufliche Zukunft wünschen wir "
                       "Ihnen alles Gute.\n\nMit freundlichen Grüßen\nMarkus Weber\nTeamleiter Backend, Nordwind GmbH\n",
                       parent="<n9@nordwind-gmbh.de>", refs=(n4, n8))),
    ]
    return sorted(((email.utils.parsedate_to_datetime(email.message_from_bytes(raw)["Date"]), acct, raw)
                   for acct, raw in mails), key=lambda t: t[0])


class Client:
    """What the user does in the mail client, over IMAP."""

    def __init__(self, server, user: str, drafts: str, address: str) -> None:  # type: ignore[no-untyped-def]
        self.server, self.user, self.drafts, self.address = server, user, drafts, address

    def messages(self, folder: str) -> dict[int, email.message.EmailMessage]:
        with self.server.client(self.user) as c:
            c.select_folder(folder, readonly=True)
            uids = c.search(["ALL"])
            got = c.fetch(uids, [b"BODY.PEEK[]"]) if uids else {}
        return {u: email.message_from_bytes(v[b"BODY[]"], policy=email.policy.default)  # type: ignore[misc]
                for u, v in got.items()}

    def draft(self, answers: str) -> tuple[int, email.message.EmailMessage]:
        [found] = [(u, m) for u, m in self.messages(self.drafts).items() if m["In-Reply-To"] == answers]
        return found

    def move(self, message_id: str, folder: str) -> None:
        with self.server.client(self.user) as c:
            c.select_folder("INBOX")
            c.move(c.search(["HEADER", "Message-ID", message_id]), folder)

    def delete(self, folder: str, uid: int) -> None:
        with self.server.client(self.user) as c:
            c.select_folder(folder)
            c.delete_messages([uid])
            c.expunge()

    def _copy(self, msg: email.message.EmailMessage, when: datetime, mid: str, *, to: str | None = None,
              subject: str | None = None, body: str | None = None) -> bytes:
        new = EmailMessage(policy=SMTP)
        for key in ("From", "To", "Subject", "In-Reply-To", "References"):
            if msg[key]:
                new[key] = msg[key]
        for key, value in (("To", to), ("Subject", subject)):
            if value:
                del new[key]
                new[key] = value
        new["Date"], new["Message-ID"], new["User-Agent"] = email.utils.format_datetime(when), mid, "Thunderbird/128.0"
        new.set_content(body or msg.get_body(("plain",)).get_content())  # type: ignore[union-attr]
        return new.as_bytes()

    def edit(self, answers: str, when: datetime, **changes: str) -> None:
        """Open the draft, change it, save: the client saves a new message and deletes the old one."""
        uid, msg = self.draft(answers)
        self.server.append(self.user, self.drafts, [self._copy(msg, when, f"<edit-{uid}@client>", **changes)],
                           flags=[b"\\Draft"])
        self.delete(self.drafts, uid)

    def send(self, answers: str, when: datetime, **changes: str) -> None:
        uid, msg = self.draft(answers)
        self.server.append(self.user, "Sent", [self._copy(msg, when, f"<sent-{uid}@client>", **changes)],
                           flags=[b"\\Seen"])
        self.delete(self.drafts, uid)

    def reply(self, to: str, subject: str, parent: str, when: datetime, mid: str, body: str) -> None:
        self.server.append(self.user, "Sent", [_mail(self.address, to, subject, when, mid, body, parent=parent)],
                           flags=[b"\\Seen"])


def _config(tmp_path: Path, home, jobs, home_user: str, *, home_pw: str | None = None,  # type: ignore[no-untyped-def]
            folders: str = '"INBOX", "Jobs"', sent: str = "") -> Path:
    cfg = tmp_path / "onward.toml"
    cfg.write_text(
        f'[accounts.personal]\nhost = "127.0.0.1"\nport = {home.ssl_port}\nca_file = "{home.cafile}"\n'
        f'username = "{home_user}"\npassword_command = "echo {home_pw or home.password(home_user)}"\n'
        f'from_address = "alex.doe@home.example"\nfolders = [{folders}]\nidle = false\n{sent}\n\n'
        f'[accounts.jobs]\nhost = "127.0.0.1"\nport = {jobs.ssl_port}\nca_file = "{jobs.cafile}"\n'
        f'username = "alexjobs"\npassword_command = "echo {jobs.password("alexjobs")}"\n'
        'from_address = "alex.jobs@career.example"\nidle = false\n\n'
        '[followup]\nyour_name = "Alex Doe"\ntimezone = "Europe/Berlin"\n\n[digest]\nenabled = true\n\n'
        f'[storage]\ndatabase = "sqlite:///{tmp_path / "onward.db"}"\n', encoding="utf-8")
    cfg.chmod(0o600)
    return cfg


def _pass(cfg: Path, now: datetime) -> str:
    done = run_cli(cfg, "run", "--once", "--now", now.isoformat())
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_two_mailboxes_for_eight_weeks(tmp_path, imap_account, dovecot_factory):
    home_srv, home_user = imap_account.server, imap_account.user
    jobs_srv = dovecot_factory(["alexjobs"], drafts_name="Entwürfe")
    home = Client(home_srv, home_user, "Drafts", HOME)
    jobs = Client(jobs_srv, "alexjobs", "Entwürfe", JOBS)
    with home_srv.client(home_user) as c:
        c.create_folder("Jobs")
    cfg = _config(tmp_path, home_srv, jobs_srv, home_user)
    users = {"home": (home_srv, home_user), "jobs": (jobs_srv, "alexjobs")}
    # what the user does after the pass of that day
    doings = {
        4: lambda: home.move("<s1@solera.es>", "Jobs"),  # filed away after Onward saw it
        16: lambda: home.move("<s2@solera.es>", "Jobs"),
        22: lambda: jobs.edit("<b1@brightlane.io>", day(22, 10), to="Dana Whitfield <dana.whitfield@brightlane.io>",
                              body="Dear Dana,\n\nI applied for the Product Analyst role a few weeks ago and wanted "
                                   "to ask where things stand.\n\nBest regards,\nAlex Doe\n"),
        24: lambda: home.reply(INES, "Re: Kestrel Labs - Platform Engineer", "<k1@kestrel-labs.io>", day(23, 20),
                               "<hand-k1@home.example>", "Hi Ines,\n\nthanks for letting me know so quickly, and good "
                               "luck with the new colleague!\n\nAlex\n"),
        26: lambda: jobs.send("<n8@nordwind-gmbh.de>", day(25, 8)),
        30: lambda: jobs.send("<b1@brightlane.io>", day(29, 20), subject="Following up: Product Analyst application"),
        40: lambda: jobs.delete("Entwürfe", jobs.draft("<h2@harbor-analytics.com>")[0]),
        44: lambda: home.send("<t1@tidewater.co.uk>", day(43, 21), to="Sarah Cole <sarah.cole@tidewater.co.uk>"),
        50: lambda: home.send("<s3@solera.es>", day(49, 9)),
    }
    pending = story()
    for n in range(0, 61, 2):
        now = day(n, 18)
        while pending and pending[0][0] <= now:
            _, acct, raw = pending.pop(0)
            server, user = users[acct]
            server.append(user, "INBOX", [raw])
        _pass(cfg, now)
        if n in doings:
            doings[n]()

    apps = {(a["account"], a["company"], a["role"]): a for a in cli_json(cfg, "outcomes")}
    # the same company from both addresses: two applications, each in its own account, each with its own end
    assert apps[("personal", "Nordwind GmbH", "Datenanalyst")]["status"] == "rejected"
    assert apps[("jobs", "Nordwind GmbH", "Backend-Entwickler")]["status"] == "rejected"
    assert apps[("personal", "Solera", "Analista de Datos")]["status"] == "rejected"
    assert apps[("personal", "Tidewater", "Junior Data Scientist")]["status"] == "rejected"
    assert apps[("jobs", "Harbor Analytics", "Data Engineer")]["status"] == "rejected"
    assert [k for k in apps if k[1] == "Nordwind GmbH"] == [k for k in apps if k[1] == "Nordwind GmbH" and k[2]]
    assert len([k for k in apps if k[1] == "Nordwind GmbH"]) == 2, apps
    events = cli_json(cfg, "events")
    # the recruiter's note to the home address, in the jobs thread, is the jobs application's news
    [note] = [e for e in events if e["message_id"] == "<n10@nordwind-gmbh.de>"]
    assert (note["account"], note["application_id"]) == (
        "personal", apps[("jobs", "Nordwind GmbH", "Backend-Entwickler")]["application_id"])
    mids = [e["message_id"] for e in events]
    assert len(mids) == len(set(mids))  # mail moved into the watched Jobs folder is not recorded twice
    assert {e["account"] for e in events if e["message_id"].startswith("<s")} == {"personal"}

    fus = cli_json(cfg, "followups")
    by = {(f["account"], f["kind"], f["in_reply_to"]): f for f in fus}
    # the recruiter's note to the home address did not take the home rejection's thank-you away
    julia = by[("personal", "rejection_thanks", "<n3@nordwind-gmbh.de>")]
    assert (julia["status"], julia["to"], julia["language"]) == ("drafted", "julia.becker@nordwind-gmbh.de", "de")
    # the interview moved twice, then cancelled: its thank-you was cancelled, never drafted
    [moved] = [f for f in fus if f["kind"] == "interview_thanks" and f["status"] == "cancelled"
               and "cancelled" in (f["reason"] or "") and f["account"] == "jobs" and "n7@" in f["reason"]]
    assert moved["draft_message_id"] is None
    first_round = by[("jobs", "interview_thanks", "<n8@nordwind-gmbh.de>")]
    assert first_round["status"] == "sent"  # sent as it was, from Entwürfe
    second_round = by[("jobs", "interview_thanks", "<n9@nordwind-gmbh.de>")]
    assert second_round["status"] == "cancelled" and "do not send" in second_round["reason"]
    after_two = by[("jobs", "rejection_thanks", "<n11@nordwind-gmbh.de>")]
    assert (after_two["status"], after_two["to"], after_two["language"]) == (
        "drafted", "markus.weber@nordwind-gmbh.de", "de")
    # edited in the client (new Message-ID), then sent with another subject to the person the user added
    brightlane = by[("jobs", "check_in", "<b1@brightlane.io>")]
    assert (brightlane["status"], brightlane["to"]) == ("sent", "dana.whitfield@brightlane.io")
    # sent weeks late, to another person than Onward chose: sent, to that person
    tidewater = by[("personal", "rejection_thanks", "<t1@tidewater.co.uk>")]
    assert (tidewater["status"], tidewater["to"]) == ("sent", "sarah.cole@tidewater.co.uk")
    assert by[("personal", "rejection_thanks", "<s3@solera.es>")]["status"] == "sent"
    # thanked by hand before the draft was due: no draft
    kestrel = [f for f in fus if f["in_reply_to"] == "<k1@kestrel-labs.io>"]
    assert [f["status"] for f in kestrel] == ["cancelled"] and kestrel[0]["draft_message_id"] is None
    # the deleted draft is not saved again
    assert by[("jobs", "rejection_thanks", "<h2@harbor-analytics.com>")]["status"] == "drafted"
    assert not [m for m in jobs.messages("Entwürfe").values() if m["In-Reply-To"] == "<h2@harbor-analytics.com>"]

    # every draft in its account's Drafts, From that account, to the person the listing names
    for client, account, address in ((home, "personal", "alex.doe@home.example"),
                                      (jobs, "jobs", "alex.jobs@career.example")):
        for msg in client.messages(client.drafts).values():
            assert address in msg["From"]
            if msg["In-Reply-To"]:
                fu = by[(account, _kind(fus, account, msg["In-Reply-To"], msg["Message-ID"]), msg["In-Reply-To"])]
                assert fu["account"] == account and (fu["to"] or "") in (msg["To"] or "")
    markus_de = jobs.draft("<n11@nordwind-gmbh.de>")[1].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert markus_de.startswith("Sehr geehrter Herr Weber,") and "Gesprächen" in markus_de
    lucia = [m for m in home.messages("Sent").values() if m["In-Reply-To"] == "<s3@solera.es>"]
    assert lucia and lucia[0].get_body(("plain",)).get_content().startswith("Estimada Sra. Fernández")  # type: ignore[union-attr]
    assert not jobs.messages("Drafts") if "Drafts" in _folders(jobs) else True  # nothing in a second Drafts

    # the digest is in the first account's Drafts and says where each waiting draft is
    digests = [m for m in home.messages("Drafts").values() if "weekly digest" in (m["Subject"] or "")]
    assert digests and not [m for m in jobs.messages("Entwürfe").values() if "weekly digest" in (m["Subject"] or "")]
    last = digests[-1].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "(saved" in last and "in the Drafts of account jobs" in last, last
    assert [d["week"] for d in cli_json(cfg, "digest")]
    report = cli_json(cfg, "report")
    assert report["applications"] >= 7, report
    status = {s["account"]: s for s in cli_json(cfg, "status")}
    assert {s["state"] for s in status.values()} == {"ok"}
    table = run_cli(cfg, "followups").stdout.splitlines()
    assert table[0].split()[:2] == ["ID", "ACCOUNT"]


def _kind(fus: list[dict], account: str, answers: str, draft_id: str) -> str:
    [fu] = [f for f in fus if f["account"] == account and f["in_reply_to"] == answers
            and f["draft_message_id"] == draft_id]
    return str(fu["kind"])


def _folders(client: Client) -> list[str]:
    with client.server.client(client.user) as c:
        return [name for _flags, _sep, name in c.list_folders()]


def test_config_mistakes_give_one_line_each_and_the_other_account_goes_on(tmp_path, imap_account, dovecot_factory):
    """A wrong password on one account, a typo in a watched folder or in the Sent folder's name: ``check`` and
    ``run --once`` say so in one line naming the account and the key, exit as documented (4 login, 2 config),
    and the other account's mail is recorded."""
    home_srv, home_user = imap_account.server, imap_account.user
    jobs_srv = dovecot_factory(["alexjobs"], drafts_name="Entwürfe")
    with home_srv.client(home_user) as c:
        c.create_folder("Jobs")
    mails = story()
    home_srv.append(home_user, "INBOX", [raw for _d, acct, raw in mails[:8] if acct == "home"])
    jobs_srv.append("alexjobs", "INBOX", [raw for _d, acct, raw in mails[:8] if acct == "jobs"])
    now = day(12, 18)

    def recorded(account: str) -> int:
        return len(cli_json(cfg, "events", "--account", account))

    cfg = _config(tmp_path, home_srv, jobs_srv, home_user, home_pw="wrong")
    for command in (("check",), ("run", "--once", "--now", now.isoformat())):
        done = run_cli(cfg, *command)
        lines = [line for line in done.stderr.splitlines() if line.startswith("onward:")]
        assert done.returncode == 4 and len(lines) == 1 and lines[0].startswith("onward: account personal: login"), \
            done.stderr
    assert recorded("personal") == 0 and recorded("jobs") > 0
    status = {s["account"]: s for s in cli_json(cfg, "status")}
    assert status["personal"]["state"] == "error" and status["jobs"]["state"] == "ok"

    for key, broken in (("imap.folders", dict(folders='"INBOX", "Jbos"')),
                        ("imap.sent_folder", dict(sent='sent_folder = "Gesendet"'))):
        cfg = _config(tmp_path, home_srv, jobs_srv, home_user, **broken)
        done = run_cli(cfg, "check")
        lines = [line for line in done.stderr.splitlines() if line.startswith("onward:")]
        assert done.returncode == 2 and lines == [line for line in lines if line.startswith(
            f"onward: account personal: {key}: folder ")], done.stderr
        assert len(lines) == 1 and ("'Jbos'" in lines[0] or "'Gesendet'" in lines[0]), done.stderr
        done = run_cli(cfg, "run", "--once", "--now", now.isoformat())
        lines = [line for line in done.stderr.splitlines() if line.startswith("onward:")]
        assert done.returncode == 2 and len(lines) == 1 and f"account personal: {key}" in lines[0], (key, done.stderr)
        assert "pass done (jobs)" in done.stderr
    status = {s["account"]: s for s in cli_json(cfg, "status")}
    assert "Gesendet" in status["personal"]["last_error"] and status["jobs"]["state"] == "ok"
