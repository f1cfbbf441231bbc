"""A new user at Gmail with a German interface, six weeks of a job search, end to end: the real CLI (``onward check``,
``login``, ``run --once --now``, ``outcomes``, ``followups``) against a Dovecot laid out as Gmail shows itself over
IMAP, signed in as Gmail users are (``auth = "google"``: the loopback consent flow, then XOAUTH2 with tokens a local
identity provider issues and Dovecot checks), a real SQLite file and the shipped model.

The server's folders are Gmail's, named as in its German interface and flagged as Gmail flags them:
``[Google Mail]/Entwürfe`` (``\\Drafts``, on the wire ``Entw&APw-rfe``), ``[Google Mail]/Gesendet`` (``\\Sent``),
``[Google Mail]/Alle Nachrichten`` (``\\All``), ``[Google Mail]/Spam`` (``\\Junk``), ``[Google Mail]/Papierkorb``
(``\\Trash``), and the user's nested label ``Jobsuche/Rückmeldungen``, which a Gmail filter fills with job mail
that skips the inbox. As Gmail does, one message shows in several folders at once - INBOX, its labels and All
Mail - under other UIDs with the same Message-ID; a draft saved in Entwürfe shows in All Mail too; a note the
user sends from Gmail's web client lands in Gesendet and All Mail with a Message-ID of Gmail's own and without
Onward's ``X-`` headers. `onward check` tells the user, who watches INBOX only, that such mail is in All Mail
and the label: she watches them too.

What a user expects, asserted: each application once, whatever folders its mail shows in; every draft once, in
Entwürfe, as a reply in its thread, to the person who wrote; a note sent from the web client counts as sent and is
never drafted again; a rejection Gmail put into Spam keeps the check-in from asking a company that said no; the
interview's thank-you the afternoon after it; the rejection after the interview thanked 2-3 weeks later, in German,
to the interviewer.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import pytest
import requests

from agent.demo.dovecot import DovecotServer
from tests.helpers import run_cli, thread_mail
from tests.support.idp import IdentityProvider

pytestmark = [pytest.mark.dovecot]

G = "[Google Mail]/"
DRAFTS, SENT, ALL, SPAM, TRASH = G + "Entwürfe", G + "Gesendet", G + "Alle Nachrichten", G + "Spam", G + "Papierkorb"
LABEL = "Jobsuche/Rückmeldungen"  # a nested label, non-ASCII: Jobsuche/R&APw-ckmeldungen on the wire
GMAIL_FOLDERS = {"Sent": SENT, "Trash": TRASH, "Junk": SPAM, "Archive": "", "All": ALL, "Flagged": G + "Markiert"}

SECRET_ENV = "G_SECRET"  # names the environment variable holding the OAuth client's secret
SECRET = {SECRET_ENV: "g-client-secret"}
ME_ADDR = "lena.hoffmann@gmail.com"
ME = f"Lena Hoffmann <{ME_ADDR}>"
ME_OLD = "Lena Hoffmann <lena.hoffmann@googlemail.com>"  # the account's address until 2012: her mail client's From
NORDLICHT = "Nordlicht Software GmbH <karriere@nordlicht-software.de>"
JULIA = "Julia Becker <julia.becker@nordlicht-software.de>"
HAFEN = "Hafenblick Logistik AG <jobs@hafenblick-logistik.de>"
MARKUS = "Markus Weber <markus.weber@hafenblick-logistik.de>"
ANNA = "Anna Krüger <anna.krueger@sonnenfeld-energie.de>"
THOMAS = "Thomas Brandt <thomas.brandt@bergmann-partner.de>"

T0 = datetime(2026, 10, 5, 7, 0, tzinfo=UTC)  # Monday 5 October 2026, 09:00 in Berlin


def day(n: float, hour: int = 9) -> datetime:
    """Day ``n`` of the story at ``hour`` o'clock Berlin time (CEST until 25 October, CET after)."""
    at = T0 + timedelta(days=n, hours=hour - 9)
    return at + timedelta(hours=1) if at >= datetime(2026, 10, 25, 1, 0, tzinfo=UTC) else at


def mail(frm: str, subject: str, when: datetime, mid: str, text: str, *, parent: str | None = None,
         refs: tuple[str, ...] = (), to: str = ME, cal: str | None = None) -> bytes:
    return thread_mail(frm, to, subject, when, mid, text, parent=parent, refs=refs, cal=cal)


def invitation(uid: str, start: datetime, minutes: int) -> str:
    fmt = "%Y%m%dT%H%M%SZ"
    return "\r\n".join([
        "BEGIN:VCALENDAR", "PRODID:-//Google Inc//Google Calendar 70.9054//EN", "VERSION:2.0", "METHOD:REQUEST",
        "BEGIN:VEVENT", f"DTSTART:{start.strftime(fmt)}", f"DTEND:{(start + timedelta(minutes=minutes)).strftime(fmt)}",
        f"DTSTAMP:{start.strftime(fmt)}", "ORGANIZER;CN=Markus Weber:mailto:markus.weber@hafenblick-logistik.de",
        f"UID:{uid}", "SEQUENCE:0", "SUMMARY:Vorstellungsgespräch Data Engineer (m/w/d)", "STATUS:CONFIRMED",
        f"ATTENDEE;CN=Lena Hoffmann;PARTSTAT=NEEDS-ACTION:mailto:{ME_ADDR}", "END:VEVENT", "END:VCALENDAR", ""])


INTERVIEW_AT = day(11, 10)

# (when, folders it shows in, raw): INBOX only for mail no filter matched; the Bewerbungen filter skips the inbox
STORY: list[tuple[datetime, tuple[str, ...], bytes]] = [
    (day(0, 18), (LABEL, ALL), mail(
        NORDLICHT, "Ihre Bewerbung als Backend-Entwickler (m/w/d)", day(0, 18), "<n1@nordlicht-software.de>",
        "Guten Tag Frau Hoffmann,\n\nvielen Dank für Ihre Bewerbung als Backend-Entwickler (m/w/d) bei der Nordlicht "
        "Software GmbH. Ihre Unterlagen sind bei uns eingegangen und werden derzeit von der Fachabteilung geprüft. "
        "Wir melden uns in den nächsten zwei Wochen bei Ihnen.\n\nFreundliche Grüße\nIhr Recruiting-Team der "
        "Nordlicht Software GmbH\n")),
    (day(1, 10), ("INBOX", LABEL, ALL), mail(
        HAFEN, "Eingangsbestätigung: Ihre Bewerbung als Data Engineer (m/w/d)", day(1, 10),
        "<h1@hafenblick-logistik.de>",
        "Sehr geehrte Frau Hoffmann,\n\nherzlichen Dank für Ihr Interesse an der Hafenblick Logistik AG. Hiermit "
        "bestätigen wir den Eingang Ihrer Bewerbung als Data Engineer (m/w/d). Wir prüfen Ihre Unterlagen sorgfältig "
        "und kommen so schnell wie möglich auf Sie zu.\n\nMit freundlichen Grüßen\nPersonalabteilung\n"
        "Hafenblick Logistik AG\n")),
    (day(2, 11), ("INBOX", ALL), mail(
        ANNA, "Ihre Bewerbung als Energieanalystin", day(2, 11), "<s1@sonnenfeld-energie.de>",
        "Liebe Frau Hoffmann,\n\nvielen Dank für Ihre Bewerbung als Energieanalystin bei der Sonnenfeld Energie "
        "GmbH. Ihre Unterlagen sind vollständig bei uns eingegangen. Ich melde mich bei Ihnen, sobald die "
        "Fachabteilung sie gesichtet hat.\n\nHerzliche Grüße\nAnna Krüger\nPersonalreferentin, Sonnenfeld Energie "
        "GmbH\n")),
    (day(3, 9), (LABEL, ALL), mail(
        THOMAS, "Ihre Bewerbung als Controllerin", day(3, 9), "<b1@bergmann-partner.de>",
        "Sehr geehrte Frau Hoffmann,\n\nvielen Dank für Ihre Bewerbung als Controllerin bei Bergmann & Partner. "
        "Wir haben Ihre Unterlagen erhalten und werden sie in den kommenden Wochen prüfen.\n\nMit freundlichen "
        "Grüßen\nThomas Brandt\nBergmann & Partner Steuerberatung\n")),
    (day(3, 12), ("INBOX", ALL), mail(
        "Stadtwerke Kundenservice <service@stadtwerke-beispiel.de>", "Ihre Jahresabrechnung 2026", day(3, 12),
        "<sw1@stadtwerke-beispiel.de>",
        "Sehr geehrte Kundin,\n\nIhre Jahresabrechnung steht im Kundenportal bereit.\n\nIhre Stadtwerke\n")),
    (day(8, 9), ("INBOX", LABEL, ALL), mail(
        MARKUS, "Einladung zum Vorstellungsgespräch: Data Engineer (m/w/d)", day(8, 9), "<h2@hafenblick-logistik.de>",
        "Guten Tag Frau Hoffmann,\n\nIhre Bewerbung als Data Engineer hat uns überzeugt. Wir möchten Sie gern zu "
        "einem Vorstellungsgespräch per Videokonferenz einladen. Die Einladung finden Sie im Anhang.\n\n"
        "Viele Grüße\nMarkus Weber\nTeamleiter Datenplattform, Hafenblick Logistik AG\n",
        parent="<h1@hafenblick-logistik.de>", cal=invitation("hb-1@hafenblick-logistik.de", INTERVIEW_AT, 60))),
    # a real rejection Gmail filed as spam
    (day(9, 14), (SPAM,), mail(
        THOMAS, "Re: Ihre Bewerbung als Controllerin", day(9, 14), "<b2@bergmann-partner.de>",
        "Sehr geehrte Frau Hoffmann,\n\nnach sorgfältiger Prüfung Ihrer Unterlagen müssen wir Ihnen leider mitteilen, "
        "dass wir uns für eine andere Kandidatin entschieden haben. Wir bedauern, Ihnen keine positivere Nachricht "
        "geben zu können, und wünschen Ihnen für Ihre weitere berufliche Zukunft alles Gute.\n\n"
        "Mit freundlichen Grüßen\nThomas Brandt\nBergmann & Partner Steuerberatung\n",
        parent="<b1@bergmann-partner.de>")),
    (day(10, 15), (LABEL, ALL), mail(
        JULIA, "Re: Ihre Bewerbung als Backend-Entwickler (m/w/d)", day(10, 15), "<n2@nordlicht-software.de>",
        "Sehr geehrte Frau Hoffmann,\n\nnochmals vielen Dank für Ihr Interesse an der Position als Backend-Entwicklerin. "
        "Nach eingehender Prüfung haben wir uns leider für einen Kandidaten entschieden, dessen Profil noch besser zu "
        "unseren Anforderungen passt.\n\nWir wünschen Ihnen für Ihre weitere Suche viel Erfolg.\n\nMit freundlichen "
        "Grüßen\nJulia Becker\nPersonalreferentin, Nordlicht Software GmbH\n", parent="<n1@nordlicht-software.de>")),
    # Anna's no to the check-in: the user reads it on the phone and throws it away before a pass sees it
    (day(21, 8), (TRASH,), mail(
        ANNA, "Re: Ihre Bewerbung als Energieanalystin", day(21, 8), "<s2@sonnenfeld-energie.de>",
        "Liebe Frau Hoffmann,\n\ndanke für Ihre Nachfrage. Leider haben wir uns inzwischen für eine andere "
        "Bewerberin entschieden. Ich bedauere, Ihnen keine bessere Nachricht geben zu können, und wünsche Ihnen "
        "alles Gute für Ihre weitere Suche.\n\nHerzliche Grüße\nAnna Krüger\n", parent="<CHECKIN>",
        refs=("<s1@sonnenfeld-energie.de>",))),
    (day(20, 16), ("INBOX", LABEL, ALL), mail(
        MARKUS, "Re: Einladung zum Vorstellungsgespräch: Data Engineer (m/w/d)", day(20, 16),
        "<h3@hafenblick-logistik.de>",
        "Liebe Frau Hoffmann,\n\nvielen Dank noch einmal für das angenehme Gespräch und Ihre Zeit. Leider müssen wir "
        "Ihnen mitteilen, dass wir uns nach reiflicher Überlegung für eine andere Bewerberin entschieden haben, "
        "deren Erfahrung noch etwas besser zu unserem Team passt.\n\nWir wünschen Ihnen für Ihren weiteren Weg "
        "alles Gute.\n\nViele Grüße\nMarkus Weber\nTeamleiter Datenplattform, Hafenblick Logistik AG\n",
        parent="<h2@hafenblick-logistik.de>", refs=("<h1@hafenblick-logistik.de>",))),
]


class GmailAccount:
    """The user's Gmail account (a Dovecot laid out as Gmail), the clock, the CLI and the web client."""

    def __init__(self, server: DovecotServer, user: str, cfg: Path, idp: IdentityProvider) -> None:
        self.server, self.user, self.cfg, self.idp = server, user, cfg, idp
        self.pending = sorted(STORY, key=lambda s: s[0])
        self.passes: list[str] = []
        self.sent_from_web = 0

    def put(self, folders: tuple[str, ...], when: datetime, raw: bytes, flags: tuple[bytes, ...] = ()) -> None:
        for folder in folders:
            self.server.append(self.user, folder, [raw], flags=flags, msg_time=when)

    def run(self, now: datetime) -> str:
        """Gmail delivers what is dated by ``now``; then one pass of the daemon at ``now``; Gmail then shows the
        drafts it saved in All Mail as well."""
        for when, folders, raw in [p for p in self.pending if p[0] <= now]:
            self.put(folders, when, raw)
        self.pending = [p for p in self.pending if p[0] > now]
        before = set(self.message_ids(DRAFTS))
        done = run_cli(self.cfg, "run", "--once", "--now", now.isoformat(), env_extra=SECRET)
        assert done.returncode == 0, done.stderr[-3000:]
        self.passes.append(done.stderr)
        for mid, raw in self.message_ids(DRAFTS).items():
            if mid not in before:
                self.put((ALL,), now, raw, flags=(b"\\Draft",))
        return done.stderr

    def login(self) -> str:
        """`onward login --no-browser`: she opens the printed URL, allows access, the browser follows the redirect
        to Onward's loopback port."""
        proc = subprocess.Popen([sys.executable, "-m", "agent.cli", "--config", str(self.cfg), "login", "--no-browser"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **SECRET})
        try:
            assert proc.stdout is not None
            url = next(line.strip() for line in proc.stdout if line.startswith("https://"))
            allowed = requests.get(url, allow_redirects=False, verify=self.idp.cafile, timeout=10)
            requests.get(allowed.headers["Location"], timeout=10)
            out, err = proc.communicate(timeout=60)
        finally:
            proc.kill()
        assert proc.returncode == 0, err
        return out

    def cli(self, *args: str) -> str:
        done = run_cli(self.cfg, *args, env_extra=SECRET)
        assert done.returncode == 0, (args, done.stderr[-2000:])
        return done.stdout

    def json(self, *args: str):
        return json.loads(self.cli(*args, "--json"))

    def message_ids(self, folder: str) -> dict[str, bytes]:
        with self.server.client(self.user) as c:
            c.select_folder(folder, readonly=True)
            uids = c.search(["ALL"])
            data = c.fetch(uids, [b"BODY.PEEK[]"]) if uids else {}
        return {str(email.message_from_bytes(v[b"BODY[]"], policy=email.policy.default)["Message-ID"]): v[b"BODY[]"]
                for v in data.values()}

    def drafts(self) -> dict[str, EmailMessage]:
        return {mid: email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[misc]
                for mid, raw in self.message_ids(DRAFTS).items()}

    def write_from_web(self, parent: bytes, when: datetime, text: str) -> str:
        """The user answers a company's email in her mail client, in the thread, in words of her own, From the
        account's old googlemail.com address."""
        answered = email.message_from_bytes(parent, policy=email.policy.default)
        self.sent_from_web += 1
        mid = f"<CAJ{self.sent_from_web:04d}x{when:%m%d%H%M}@mail.gmail.com>"
        refs = " ".join(filter(None, (str(answered["References"] or ""), str(answered["Message-ID"]))))
        self.put((SENT, ALL), when, mail(ME_OLD, f"Re: {answered['Subject']}", when, mid, text, to=str(answered["From"]),
                                         parent=str(answered["Message-ID"]), refs=tuple(refs.split()[:-1])),
                 flags=(b"\\Seen",))
        return mid

    def deliver_later(self, mid: str, replace_with: str) -> None:
        """A story email that answers the user's note: its In-Reply-To named once the note's Message-ID is known."""
        self.pending = [(when, folders, raw.replace(mid.encode(), replace_with.encode())) for when, folders, raw in
                        self.pending]

    def send_from_web(self, draft_id: str, when: datetime, *, edit: str = "") -> str:
        """The user opens the draft in Gmail's web client, perhaps adds a line, and sends it: Gmail drops the
        ``X-`` headers, gives the message a Message-ID of its own, keeps the thread (In-Reply-To, References),
        puts the copy into Gesendet and All Mail, and removes the draft from Entwürfe and All Mail."""
        draft = self.drafts()[draft_id]
        self.sent_from_web += 1
        mid = f"<CAJ{self.sent_from_web:04d}x{when:%m%d%H%M}@mail.gmail.com>"
        text = draft.get_body(("plain",)).get_content()
        if edit:
            first, _, rest = text.partition("\n\n")
            text = f"{first}\n\n{edit}\n\n{rest}"
        copy = EmailMessage(policy=SMTP)
        for header in ("From", "To", "Cc", "Subject", "In-Reply-To", "References"):
            if draft[header]:
                copy[header] = str(draft[header])
        copy["Date"], copy["Message-ID"] = email.utils.format_datetime(when), mid
        copy.set_content(text)
        self.put((SENT, ALL), when, copy.as_bytes(), flags=(b"\\Seen",))
        with self.server.client(self.user) as c:
            for folder in (DRAFTS, ALL):
                c.select_folder(folder)
                c.delete_messages(c.search(["HEADER", "Message-ID", draft_id]))
                c.expunge()
        return mid


@pytest.fixture
def gmail(tmp_path, dovecot_factory):
    """Lena's Gmail account, signed in as Gmail users are: OAuth2 (``auth = "google"``, XOAUTH2 on the wire) through a
    local identity provider that Dovecot asks about every token (docs/configuration.md, tests/support/idp.py)."""
    with IdentityProvider(browser_user="lena") as idp:
        server = dovecot_factory({"lena": "a-password-onward-never-sees"}, drafts_name=DRAFTS,
                                 folder_names=GMAIL_FOLDERS, oauth2=(idp.introspection_url, idp.cafile))
        with server.client("lena") as c:
            c.create_folder(LABEL)
        cfg = tmp_path / "onward.toml"
        cfg.write_text(f"""[imap]
host = "127.0.0.1"
port = {server.ssl_port}
ca_file = "{server.cafile}"
username = "lena"
auth = "google"
idle = false
folders = ["INBOX"]

[imap.oauth]
client_id = "onward-test-client.apps.googleusercontent.com"
client_secret_env = "{SECRET_ENV}"
ca_file = "{idp.cafile}"
auth_uri = "{idp.auth_uri}"
token_uri = "{idp.token_uri}"

[followup]
your_name = "Lena Hoffmann"
from_address = "{ME_ADDR}"
timezone = "Europe/Berlin"
language = "de"

[storage]
database = "sqlite:///{tmp_path / 'onward.db'}"
token_store = "file"
""", encoding="utf-8")
        cfg.chmod(0o600)
        yield GmailAccount(server, "lena", cfg, idp)


def body(msg: EmailMessage) -> str:
    return msg.get_body(("plain",)).get_content()


def test_six_weeks_at_gmail_in_german(gmail):
    # -- set-up: `onward check` finds Entwürfe and Gesendet by their SPECIAL-USE flags; watching INBOX only (the
    # default), it says that mail a filter archives is only in All Mail and its label: Lena watches them too -------
    assert "signed in" in gmail.login()
    check = gmail.cli("check")
    assert f"not watched: {ALL}" in check and "signed in with OAuth2 (google)" in check, check
    gmail.cfg.write_text(gmail.cfg.read_text(encoding="utf-8").replace(
        'folders = ["INBOX"]', f'folders = ["INBOX", "{LABEL}", "{ALL}"]', 1), encoding="utf-8")
    check = gmail.cli("check")
    assert f"drafts folder: {DRAFTS}" in check and f"sent folder: {SENT}" in check, check
    assert f"watched folders: INBOX, {LABEL}, {ALL}" in check, check
    assert f"from their senders): {SPAM}, {TRASH}" in check, check
    assert "not watched" not in check

    # -- week 1: four acknowledgements, each in two or three folders ---------------------------------------------
    gmail.run(day(0, 20))
    gmail.run(day(3, 20))
    apps = gmail.json("outcomes")
    assert sorted(a["company"] for a in apps) == ["Bergmann & Partner", "Hafenblick Logistik AG",
                                                  "Nordlicht Software GmbH", "Sonnenfeld Energie GmbH"], apps

    # -- week 2: the interview invitation (calendar part); Bergmann's no in Spam; Nordlicht's no ---------------------
    gmail.run(day(8, 12))
    hafen = [a for a in gmail.json("outcomes") if a["company"] == "Hafenblick Logistik AG"][0]
    assert hafen["status"] == "interview", hafen
    gmail.run(day(10, 18))
    gmail.run(day(11, 15))  # the interview ended at 11:00 Berlin: its thank-you is due two hours later
    followups = gmail.json("followups")
    [thanks] = [f for f in followups if f["kind"] == "interview_thanks"]
    assert thanks["status"] == "drafted" and thanks["to"] == "markus.weber@hafenblick-logistik.de", thanks
    drafts = gmail.drafts()
    assert list(drafts) == [thanks["draft_message_id"]]
    draft = drafts[thanks["draft_message_id"]]
    assert draft["In-Reply-To"] == "<h2@hafenblick-logistik.de>" and "Herr Weber," in body(draft).splitlines()[0]
    gmail.send_from_web(thanks["draft_message_id"], day(11, 17), edit="Das Gespräch über Ihre Datenplattform hat "
                        "mir viel Freude gemacht.")
    gmail.run(day(12, 9))
    [thanks] = [f for f in gmail.json("followups") if f["kind"] == "interview_thanks"]
    assert thanks["status"] == "sent", thanks

    # -- weeks 3 and 4: Sonnenfeld goes quiet (check-in); Hafenblick says no after the interview ----------------------
    for now in (day(14, 9), day(16, 10), day(17, 10)):
        gmail.run(now)
    followups = gmail.json("followups")
    [check_in] = [f for f in followups if f["kind"] == "check_in" and f["company"] == "Sonnenfeld Energie GmbH"]
    assert check_in["status"] == "drafted" and check_in["to"] == "anna.krueger@sonnenfeld-energie.de", check_in
    gmail.deliver_later("<CHECKIN>", gmail.send_from_web(check_in["draft_message_id"], day(17, 12)))
    for now in (day(18, 9), day(20, 18), day(22, 9)):
        gmail.run(now)
    assert [a["status"] for a in gmail.json("outcomes") if a["company"] == "Sonnenfeld Energie GmbH"] == ["rejected"]

    # -- weeks 5 and 6: the rejections' thank-yous come due; Lena thanks Julia (Nordlicht) in words of her own ----------
    nordlicht_no = [raw for when, folders, raw in STORY if b"<n2@nordlicht-software.de>" in raw][0]
    own = gmail.write_from_web(nordlicht_no, day(23, 20), "Liebe Frau Becker,\n\nvielen Dank für Ihre Rückmeldung "
                               "und die freundliche Begleitung im Verfahren. Ich würde mich freuen, wenn wir in Kontakt "
                               "bleiben.\n\nViele Grüße\nLena Hoffmann\n")
    for now in (day(24, 10), day(27, 10), day(30, 12)):
        gmail.run(now)
    [bergmann] = [f for f in gmail.json("followups") if f["company"] == "Bergmann & Partner"]
    assert bergmann["kind"] == "rejection_thanks" and bergmann["status"] == "drafted", bergmann
    assert bergmann["to"] == "thomas.brandt@bergmann-partner.de"
    gmail.send_from_web(bergmann["draft_message_id"], day(30, 19))
    for now in (day(31, 10), day(34, 10), day(38, 10), day(41, 10), day(42, 12)):
        gmail.run(now)

    # == what the user sees at the end ============================================================================
    outcomes = {a["company"]: a for a in gmail.json("outcomes")}
    assert len(gmail.json("outcomes")) == 4, gmail.cli("outcomes")
    assert outcomes["Nordlicht Software GmbH"]["status"] == "rejected"
    assert outcomes["Hafenblick Logistik AG"]["status"] == "rejected", "\n".join(gmail.passes) + gmail.cli("review")
    followups = gmail.json("followups")
    by = {(f["company"], f["kind"]): f for f in followups}
    # each follow-up once; each note sent from the web client seen as sent
    assert len({(f["application_id"], f["kind"], f["due_at"]) for f in followups}) == len(followups), followups
    assert by[("Sonnenfeld Energie GmbH", "check_in")]["status"] == "sent"
    assert [f["kind"] for f in followups if f["company"] == "Sonnenfeld Energie GmbH"] == ["check_in", "rejection_thanks"]
    # Bergmann said no (in Spam): nobody asks them for news
    assert not [f for f in followups if f["company"] == "Bergmann & Partner" and f["kind"] == "check_in"
                and f["status"] in ("drafted", "scheduled")], followups
    # the rejection after the interview: a thank-you in German to Markus, two to three weeks later, in Entwürfe
    hafen = by[("Hafenblick Logistik AG", "rejection_thanks")]
    assert hafen["status"] == "drafted" and hafen["to"] == "markus.weber@hafenblick-logistik.de", hafen
    due = datetime.fromisoformat(hafen["due_at"])
    assert timedelta(days=14) <= due - day(20, 16) <= timedelta(days=21)
    drafts = gmail.drafts()
    hd = drafts[hafen["draft_message_id"]]
    assert hd["In-Reply-To"] == "<h3@hafenblick-logistik.de>" and "Herr Weber," in body(hd).splitlines()[0], body(hd)
    # Lena thanked Julia herself: no draft for Nordlicht; Bergmann's thank-you sent from the web client
    nordlicht = by[("Nordlicht Software GmbH", "rejection_thanks")]
    assert nordlicht["status"] == "cancelled" and nordlicht["draft_message_id"] is None, nordlicht
    assert by[("Bergmann & Partner", "rejection_thanks")]["status"] == "sent"
    # Anna's no, thrown away before Onward read it: on record from Papierkorb, its thank-you to her
    sonnenfeld = by[("Sonnenfeld Energie GmbH", "rejection_thanks")]
    assert sonnenfeld["to"] == "anna.krueger@sonnenfeld-energie.de" and sonnenfeld["status"] == "drafted", sonnenfeld
    assert own not in {f["draft_message_id"] for f in followups}
    # every draft in Entwürfe once; none in Gesendet
    assert len(drafts) == len({f["draft_message_id"] for f in followups if f["status"] == "drafted"}), list(drafts)
