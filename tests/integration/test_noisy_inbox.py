"""A new user's seven weeks in a noisy inbox, end to end: the real CLI (``onward run --once --now``, ``review``,
``label``, ``followups set/skip``, ``interview``, ``reflect``, ``report``, ``digest``) against a real Dovecot, a
real SQLite file and the shipped model. Beside six applications in English, French and Dutch the inbox holds
recruiters pitching roles, job-board alerts and newsletters, refusals that are not about a job (a refund, a
conference talk, a course, a flat), an out-of-office and a bounce; the user answers a recruiter, sends some
drafts, declines one offer and accepts another, and withdraws an application. Mail in ``noisy_inbox_mail``."""

from __future__ import annotations

import email
import email.policy
import glob
import json
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest

from agent.demo.dovecot import DovecotServer
from agent.demo.samples import build_email
from agent.extract.addresses import is_automated_address
from agent.mail.types import Address
from tests.helpers import folder_messages, missing_part, run_cli, write_config
from tests.integration import noisy_inbox_mail as m

pytestmark = [pytest.mark.dovecot]

AMS = ZoneInfo("Europe/Amsterdam")
# the commands a user types (label, followups set, interview, reflect) read the wall clock: libfaketime sets it
# to the story's day (the passes take theirs from --now). .ci/run installs it (Debian's libfaketime).
FAKETIME_LIB = next(iter(sorted(glob.glob("/usr/lib/*/faketime/libfaketime.so.1"))), None)
# the applications: six the user made, one through an agency (recorded under the agency until the recruiter
# names the client, Finch Payments), two through job boards; Lumière Analytics began as its recruiter's pitch (read as an interview)
COMPANIES = {"Kestrel Software", "Zuiderzee Logistiek", "Northwind Health", "Banque Mistral", "Helix Robotics",
             "Lumière Analytics", "Finch Payments", "Greenfield Energy", "Polder Foods"}
NOT_JOBS = ("linkedin", "jobbord", "gadgetshop", "pydata", "hs-amstel", "habitat-lyon", "orbitalpayments")


class Inbox:
    """The user's mailbox, the clock and the CLI."""

    def __init__(self, server: DovecotServer, user: str, cfg) -> None:
        self.server, self.user, self.cfg = server, user, cfg
        self.password = server.password(user)
        self.pending = sorted(m.week1() + m.week2() + m.week3() + m.week4() + m.week5() + m.week6(), key=lambda x: x[1][0])
        self.passes: list[str] = []
        self.now = m.T0

    def put(self, folder: str, when: datetime, raw: bytes) -> None:
        self.server.append(self.user, folder, [raw], msg_time=when)

    def run(self, now: datetime) -> str:
        """Deliver what is dated by ``now``, then one pass of the daemon at ``now``."""
        due = [p for p in self.pending if p[1][0] <= now]
        self.pending = [p for p in self.pending if p[1][0] > now]
        for folder, (when, raw) in due:
            self.put(folder, when, raw)
        self.now = now
        done = run_cli(self.cfg, "run", "--once", "--now", now.isoformat(), password=self.password)
        assert done.returncode == 0, done.stderr[-3000:]
        self.passes.append(done.stderr)
        return done.stderr

    def cli(self, *args: str) -> str:
        """A command the user types, at the time of the last pass."""
        done = run_cli(self.cfg, *args, env_extra=self.clock())
        assert done.returncode == 0, (args, done.stderr[-2000:])
        return done.stdout

    def json(self, *args: str):
        return json.loads(self.cli(*args, "--json"))

    def clock(self) -> dict[str, str]:
        at = self.now.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
        return {"LD_PRELOAD": FAKETIME_LIB or "", "FAKETIME": f"@{at}", "TZ": "UTC"}

    def app(self, company: str) -> dict:
        [app] = [a for a in self.json("outcomes") if a["company"] == company]
        return app

    def followups(self, company: str) -> list[dict]:
        return [f for f in self.json("followups") if f["company"] == company]

    def drafts(self) -> dict[str, EmailMessage]:
        found = {}
        for item in folder_messages(self.server, self.user, "Drafts").values():
            msg = email.message_from_bytes(item[b"BODY[]"], policy=email.policy.default)
            found[msg["Message-ID"]] = msg
        return found

    def send_draft(self, draft_id: str, when: datetime, *, to: str | None = None) -> str:
        """The user sends a draft from the mail client (``to``: the address typed in first): a copy in Sent with
        the client's own Message-ID, the draft gone from Drafts. Returns the copy's Message-ID."""
        draft = self.drafts()[draft_id]
        mid = f"<sent-{when:%m%d%H%M}@example.org>"
        refs = [r for r in (draft["References"] or "").split() if r]
        copy = build_email(from_=m.ME, to=to or str(draft["To"]), subject=str(draft["Subject"]),
                           body=draft.get_body(("plain",)).get_content(), date=when, message_id=mid,
                           in_reply_to=draft["In-Reply-To"], references=refs)
        self.put("Sent", when, copy)
        with self.server.client(self.user) as client:
            client.select_folder("Drafts")
            client.delete_messages(client.search(["HEADER", "Message-ID", draft_id]))
            client.expunge()
        return mid


def draft_of(inbox: Inbox, fu: dict) -> EmailMessage:
    return inbox.drafts()[fu["draft_message_id"]]


def body(msg: EmailMessage) -> str:
    return msg.get_body(("plain",)).get_content()


@pytest.fixture
def inbox(tmp_path):
    if FAKETIME_LIB is None:
        missing_part("libfaketime is not installed (the commands are typed on the story's days); "
                     "install with: apt-get install libfaketime")
    server = DovecotServer(["alex"]).start()
    try:
        class Account:
            user, ssl_port, port, cafile = "alex", server.ssl_port, server.port, server.cafile
        cfg = write_config(tmp_path, Account, followup={"timezone": "Europe/Amsterdam",
                                                        "from_address": "alex@example.org"},
                           extra="[digest]\nenabled = true\n")
        yield Inbox(server, "alex", cfg)
    finally:
        server.stop()


def test_seven_weeks_in_a_noisy_inbox(inbox):
    day = m.day
    # -- week 1: five acknowledgements among a LinkedIn notice, a job alert and two recruiters' pitches ---------
    inbox.run(day(0, 18))
    inbox.run(day(3, 18))
    apps = {a["company"]: a for a in inbox.json("outcomes")}
    assert {"Kestrel Software", "Zuiderzee Logistiek", "Northwind Health", "Banque Mistral", "Helix Robotics"} <= set(apps)
    assert not any(n in (a["company"] or "").lower() for a in apps.values() for n in ("brightpath", "linkedin", "jobbord"))

    # -- week 2: the user answers Camille (in-house) and Tom (agency); Tom names the client and an interview ------
    inbox.run(day(7, 12))
    inbox.run(day(8, 18))
    inbox.run(day(11, 20))
    for row in inbox.json("review"):  # what the model was unsure of: the user says what it is
        label = "interview" if row["message_id"] == "<tom-3@brightpath-recruitment.co.uk>" else "other"
        inbox.cli("label", row["message_id"], label)
    inbox.run(day(13, 12))
    for row in inbox.json("review"):
        inbox.cli("label", row["message_id"], "interview" if "tom-3" in row["message_id"] else "other")
    lumiere = inbox.app("Lumière Analytics")
    assert lumiere["status"] == "interview", "\n".join(inbox.passes) + inbox.cli("outcomes") + inbox.cli("events")
    inbox.cli("interview", str(lumiere["application_id"]), "--at", "2026-10-21T14:00", "--minutes", "45")

    # -- week 3: the Northwind interview; its thank-you sent, an out-of-office answers it ---------------------
    inbox.run(day(14, 9))
    inbox.run(day(15, 18))
    [thanks] = [f for f in inbox.followups("Northwind Health") if f["kind"] == "interview_thanks"]
    assert thanks["status"] == "drafted" and thanks["to"] == "rachel.green@northwind-health.com"
    assert body(draft_of(inbox, thanks)).startswith("Dear Rachel,")
    northwind_before = inbox.app("Northwind Health")
    sent_thanks = inbox.send_draft(thanks["draft_message_id"], day(16, 8))
    inbox.put("INBOX", day(16, 8) + timedelta(minutes=2), m.out_of_office(
        day(16, 8) + timedelta(minutes=2), m.NORTHWIND, "Re: Interview: Analytics Engineer at Northwind Health",
        sent_thanks))
    inbox.run(day(16, 15))
    assert inbox.app("Northwind Health")["status_at"] == northwind_before["status_at"]  # the out-of-office is no news
    assert [f["status"] for f in inbox.followups("Northwind Health")] == ["sent"]

    # the Kestrel check-in waits for a recipient (jobs@ wrote): the user types Jonas in and sends it; it bounces
    kestrel = [f for f in inbox.followups("Kestrel Software") if f["kind"] == "check_in"]
    assert [f["status"] for f in kestrel] == ["needs_recipient"]
    sent_check_in = inbox.send_draft(kestrel[0]["draft_message_id"], day(16, 9), to=m.KESTREL)
    inbox.put("INBOX", day(16, 9) + timedelta(minutes=1), m.bounce(
        day(16, 9) + timedelta(minutes=1), "jonas.visser@kestrel-software.nl", "Re: Je sollicitatie bij Kestrel Software",
        sent_check_in))
    inbox.run(day(17, 12))
    [kestrel_check_in] = [f for f in inbox.followups("Kestrel Software") if f["kind"] == "check_in"]
    assert kestrel_check_in["status"] == "sent", kestrel_check_in  # sent, as the user did; and it bounced
    assert kestrel_check_in["bounced"]["to"] == ["jonas.visser@kestrel-software.nl"], kestrel_check_in
    # Banque Mistral acknowledged from ne-pas-repondre@: its check-in has nobody to go to
    [mistral_check_in] = [f for f in inbox.followups("Banque Mistral") if f["kind"] == "check_in"]
    assert mistral_check_in["to"] is None and mistral_check_in["status"] == "needs_recipient", mistral_check_in
    # Helix's rejection came from do-not-reply@, signed by Priya Raman: the user gives her address
    [helix] = inbox.followups("Helix Robotics")
    assert helix["kind"] == "rejection_thanks" and helix["status"] == "needs_recipient"
    inbox.cli("followups", "set", str(helix["id"]), "--to", "Priya Raman <priya.raman@helix-robotics.com>")
    inbox.run(day(19, 18))

    # -- week 4: Mistral invites; Finch (through Tom) and Zuiderzee say no; Lumière offers -----------------------
    for now in (day(21, 9), day(23, 9), day(25, 18)):
        inbox.run(now)
    assert inbox.app("Lumière Analytics")["status"] == "offer"

    # -- week 5: the Mistral interview, then the role on hold; Northwind offers; one offer declined, one taken -
    for now in (day(28, 9), day(28, 16), day(29, 9), day(30, 12), day(31, 14), day(33, 9)):
        inbox.run(now)
    assert inbox.app("Northwind Health")["status"] == "offer"
    # the user withdraws from Kestrel now that they accepted Northwind: its open follow-ups skipped, a note kept
    kestrel_app = inbox.app("Kestrel Software")
    for fu in inbox.followups("Kestrel Software"):
        if fu["status"] in ("scheduled", "needs_recipient"):
            inbox.cli("followups", "skip", str(fu["id"]))
    inbox.cli("reflect", str(kestrel_app["application_id"]), "--note", "Withdrew: accepted the Northwind offer.")

    # -- weeks 6 and 7: Kestrel confirms the withdrawal; the rejections' thank-yous come due; Monday digests ----
    for now in (day(35, 9), day(36, 10)):
        inbox.run(now)
    for row in inbox.json("review"):  # Kestrel's confirmation, if the model was unsure of it: no news to keep
        assert row["message_id"] == "<withdrawn-kestrel@kestrel-software.nl>", row
        inbox.cli("label", row["message_id"], "other")
    for now in (day(38, 10), day(42, 9), day(45, 10), day(49, 9), day(49, 11)):
        inbox.run(now)

    # == what the user sees at the end ==========================================================================
    outcomes = {a["company"]: a for a in inbox.json("outcomes")}
    assert set(outcomes) == COMPANIES, sorted(outcomes)  # nothing from the noise, nothing twice
    assert len(inbox.json("outcomes")) == len(COMPANIES), inbox.cli("outcomes") + inbox.cli("events")
    assert outcomes["Northwind Health"]["status"] == "offer"
    # the regret at the declined offer reads as the company's no (the record keeps what the email says)
    assert outcomes["Lumière Analytics"]["status"] in ("offer", "rejected")
    assert outcomes["Helix Robotics"]["status"] == "rejected" and outcomes["Zuiderzee Logistiek"]["status"] == "rejected"
    followups = inbox.json("followups")
    drafts = inbox.drafts()

    # every draft goes to the user (a digest) or to a person at the company; none to an automated address
    for mid, draft in drafts.items():
        to = draft["To"].addresses if draft["To"] else ()
        for addr in to:
            assert not is_automated_address(Address(addr.display_name, addr.addr_spec.lower())), (mid, str(draft["To"]))
        if not mid.startswith("<onward-digest-"):
            assert not any(n in str(draft["To"]).lower() for n in NOT_JOBS), (mid, str(draft["To"]))
    # applications through job boards: named after the employer, their notes titled as letters to it
    assert outcomes["Greenfield Energy"]["status"] in ("applied", "no_response")
    assert outcomes["Polder Foods"]["status"] == "rejected"
    for company in ("Greenfield Energy", "Polder Foods"):
        [fu] = [f for f in followups if f["company"] == company]
        subject = str(draft_of(inbox, fu)["Subject"])
        assert subject.startswith("Application for the ") and subject.endswith(f"– {company}"), subject
    # Lumière's regret at the declined offer reads as a rejection; it gets no thank-you
    assert not [f for f in followups if f["company"] == "Lumière Analytics" and f["kind"] == "rejection_thanks"]
    assert not [f for f in followups if f["company"] == "Kestrel Software" and f["status"] in ("scheduled", "drafted")]
    # no check-in after an offer, a rejection, or the role put on hold
    for fu in followups:
        if fu["kind"] == "check_in" and fu["status"] in ("scheduled", "drafted"):
            assert outcomes[fu["company"]]["status"] in ("applied", "interview", "assessment", "no_response"), fu

    # the rejections' thank-yous: two to three weeks later, on a weekday morning in Amsterdam, in their language
    by_company = {(f["company"], f["kind"]): f for f in followups}
    zuiderzee = by_company[("Zuiderzee Logistiek", "rejection_thanks")]
    due = datetime.fromisoformat(zuiderzee["due_at"])
    assert timedelta(days=14) <= due - m.day(17, 10) <= timedelta(days=21)  # the rejection's date
    assert due.astimezone(AMS).weekday() < 5 and 9 <= due.astimezone(AMS).hour <= 11
    zd = draft_of(inbox, zuiderzee)
    assert zd["To"].addresses[0].addr_spec == "m.jansen@zuiderzee-logistiek.nl"
    assert body(zd).startswith("Beste Marieke") and "sollicitatie" in body(zd)
    helix = by_company[("Helix Robotics", "rejection_thanks")]
    hd = draft_of(inbox, helix)
    assert hd["To"].addresses[0].addr_spec == "priya.raman@helix-robotics.com" and body(hd).startswith("Dear Priya,")
    mistral = by_company[("Banque Mistral", "rejection_thanks")]
    assert mistral["to"] == "sophie.lefevre@banque-mistral.fr"
    md = draft_of(inbox, mistral)
    assert body(md).startswith("Bonjour") and "Madame Lefevre" in body(md)

    # the weekly digest: one a Monday, to the user
    digests = inbox.json("digest")
    assert len(digests) == 8 and len({d["week"] for d in digests}) == 8
    report = inbox.cli("report")
    assert "offer" in report
    notes = inbox.json("reflect", str(kestrel_app["application_id"]), "--note", "Second thought: ask Jonas for feedback.")
    assert notes
