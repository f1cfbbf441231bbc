"""A graduate's search kept right through ``onward web`` against the real Dovecot: passes of the real CLI, every
correction a form of the page (Flask's client, in this process, as the server runs it), and after each what the
user checks: ``/api/applications`` and ``/api/followups`` (the CLI's JSON) and Drafts.

* an email the model called ``other`` labelled ``rejection`` (read again from INBOX) and back;
* a thank-you readdressed on the page, then ``x`` and ``r`` on its rejection: back, to the person chosen (182);
* the interview's time typed after the no came, before the pass read it: rejected, not "interview" (180);
* a no from another domain of the company: the open application's check-in held until the merge (181)."""

from __future__ import annotations

import email
import email.policy
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from agent.cli import main
from agent.config import load_settings
from agent.demo.samples import build_email
from agent.record.store import Store
from agent.web import bridge
from agent.web.app import Web, create_app
from agent.web.security import Keys
from tests.helpers import PASSWORD_ENV, folder_messages, write_config

pytestmark = [pytest.mark.dovecot]

ME = "Jonas Berger <{user}@example.org>"
NOW = datetime.now(UTC).replace(microsecond=0)
S = NOW - timedelta(days=28)
HOST = {"Host": "127.0.0.1:8741"}


def _mails(me: str) -> list[tuple[float, bytes]]:
    def m(frm: str, subject: str, body: str, day: float, mid: str, **kw: Any) -> tuple[float, bytes]:
        return day, build_email(from_=frm, to=me, subject=subject, body=body, date=S + timedelta(days=day),
                                message_id=mid, **kw)
    return [
        m("Recrutement Soliane <recrutement@soliane.test>", "Votre candidature – Stage Marketing Digital",
          "Bonjour Jonas,\n\nNous avons bien reçu votre candidature pour le stage Marketing Digital chez Soliane. "
          "Notre équipe l'étudiera avec attention et reviendra vers vous rapidement.\n\nCordialement,\nL'équipe "
          "Recrutement Soliane", 1, "<f1@soliane.test>"),
        m("Priya Raman <priya.raman@quillbyte.test>", "Interview for the Graduate Software Engineer role",
          "Hi Jonas,\n\nthanks for applying to Quillbyte for the Graduate Software Engineer role. We'd love to invite "
          "you to a first interview with our engineering lead. Would Thursday or Friday afternoon work for you?"
          "\n\nBest,\nPriya Raman\nRecruiter, Quillbyte", 5, "<q1@quillbyte.test>"),
        m("Mark Ellison <mark@tidewell.test>", "Your application: Junior PM",
          "Hi Jonas,\n\nThank you for applying for the Junior PM role at Tidewell. Unfortunately we have decided to "
          "move forward with other candidates whose experience more closely matches our needs.\n\nBest of luck,"
          "\nMark Ellison\nTidewell", 14, "<t1@tidewell.test>"),
        m("Karriere Fernwerk <karriere@fernwerk.test>", "Eingangsbestätigung Ihrer Bewerbung – Werkstudent Controlling",
          "Sehr geehrter Herr Berger,\n\nvielen Dank für Ihre Bewerbung als Werkstudent Controlling bei der Fernwerk "
          "Energie GmbH. Wir haben Ihre Unterlagen erhalten und melden uns in Kürze bei Ihnen.\n\nMit freundlichen "
          "Grüßen\nIhr Recruiting-Team der Fernwerk Energie GmbH", 2, "<d1@fernwerk.test>"),
        m("Lumora Analytics Talent Team <jobs@lumora.test>", "Unfortunately our event is cancelled",
          "Dear Jonas,\n\nunfortunately our career evening on Thursday is cancelled due to the weather. We will "
          "announce a new date soon.\n\nLumora Analytics Talent Team", 15, "<a2@lumora.test>"),
    ]


@pytest.fixture
def page(tmp_path: Path, imap_account: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    acc = imap_account
    for k, v in {"XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path / "home"),
                 "ONWARD_CONFIG": str(tmp_path / "absent.toml"), PASSWORD_ENV: acc.password}.items():
        monkeypatch.setenv(k, v)
    cfg = write_config(tmp_path, acc, followup={"your_name": "Jonas Berger", "timezone": "UTC"})
    store = Store.for_settings(load_settings(cfg))
    web = Web(settings=load_settings(cfg), store=store, keys=Keys(port=8741), commands=main, config=str(cfg))
    client = create_app(web).test_client()
    assert client.get(f"/?token={web.keys.token}", headers=HOST).status_code == 303
    try:
        yield acc, cfg, web, client
    finally:
        store.close()


def test_a_graduates_corrections_on_the_page_keep_the_record_right(page: Any) -> None:
    acc, cfg, web, client = page
    me = ME.format(user=acc.user)

    def cli(*argv: str) -> bridge.Answer:
        web.store.engine.dispose()
        answer = bridge.run(main, list(argv), str(cfg))
        assert answer.ok, answer.err
        return answer

    def post(action: str, **form: str) -> str:
        done = client.post(f"/actions/{action}", data={"csrf": web.keys.csrf, **form},
                           headers={**HOST, "Accept": "application/json"})
        answer = done.get_json()
        assert answer["ok"], answer
        return str(answer["message"])

    all_apps: list[dict] = []

    def record() -> tuple[dict[str, dict], dict[int, list[dict]]]:
        """The applications by company (the last of a name: ``all_apps`` holds every one), follow-ups by app."""
        nonlocal all_apps
        apps = client.get("/api/applications", headers=HOST).get_json()
        fus = client.get("/api/followups", headers=HOST).get_json()
        assert apps == json.loads(cli("outcomes", "--json").out)  # the page and the CLI agree
        by_app: dict[int, list[dict]] = {}
        for f in fus:
            by_app.setdefault(f["application_id"], []).append(f)
        all_apps = apps
        return {a["company"]: a for a in apps}, by_app

    mails = _mails(me)
    for day in sorted({d for d, _ in mails}):
        acc.server.append(acc.user, "INBOX", [raw for d, raw in mails if d == day], msg_time=S + timedelta(days=day))
        cli("run", "--once", "--now", (S + timedelta(days=day, hours=3)).isoformat())
    apps, fus = record()
    assert "<a2@lumora.test>" not in {a["message_id"] for a in apps.values()}  # the cancelled event: "other"

    # an email the model called "other" labelled a rejection (read again from INBOX, read-only), and back
    post("label", message_id="<a2@lumora.test>", label="rejection")
    apps, fus = record()
    [lumora] = [a for a in apps.values() if a["message_id"] == "<a2@lumora.test>"]
    assert lumora["status"] == "rejected" and [f["kind"] for f in fus[lumora["application_id"]]] == ["rejection_thanks"]
    post("label", message_id="<a2@lumora.test>", label="other")
    apps, fus = record()
    assert lumora["application_id"] not in {a["application_id"] for a in apps.values()}
    assert lumora["application_id"] not in fus

    # Tidewell's thank-you readdressed on the page, then x and r on its rejection: back, to Sarah
    tidewell = apps["Tidewell"]["application_id"]
    [thanks] = fus[tidewell]
    post("followup-set", id=str(thanks["id"]), to="Sarah Lee <sarah.lee@tidewell.test>")
    post("label", message_id="<t1@tidewell.test>", label="other")
    post("label", message_id="<t1@tidewell.test>", label="rejection")
    apps, fus = record()
    assert [(f["id"], f["status"], f["to"]) for f in fus[tidewell]] == \
        [(thanks["id"], "scheduled", "sarah.lee@tidewell.test")]

    # Quillbyte: interview on day 24, its no on day 26 evening; typed on the page before the pass reads the no
    quill = apps["Quillbyte"]["application_id"]
    post("interview", app=str(quill), at=(S + timedelta(days=24)).strftime("%Y-%m-%dT10:00"), minutes="60")
    no = build_email(from_="Priya Raman <priya.raman@quillbyte.test>", to=me,
                     subject="Re: Interview for the Graduate Software Engineer role", date=S + timedelta(days=26.5),
                     body="Hi Jonas,\n\nthank you again for your time on Thursday. I'm sorry to say that we've decided to "
                          "move forward with another candidate for the role.\n\nBest wishes,\nPriya",
                     message_id="<q2@quillbyte.test>", in_reply_to="<q1@quillbyte.test>",
                     references=["<q1@quillbyte.test>"])
    # Soliane says no from another of its domains
    sol_no = build_email(from_="Ressources Humaines <rh@soliane-groupe.test>", to=me, subject="Votre candidature chez Soliane",
                         body="Bonjour Jonas,\n\nAprès étude attentive de votre profil, nous sommes au regret de vous "
                              "informer que nous ne pouvons pas donner une suite favorable à votre candidature chez "
                              "Soliane.\n\nLe service Ressources Humaines\nSoliane", date=S + timedelta(days=26.6),
                         message_id="<s2@soliane-groupe.test>")
    acc.server.append(acc.user, "INBOX", [no, sol_no], msg_time=S + timedelta(days=26.6))
    cli("run", "--once")
    apps, fus = record()
    assert apps["Quillbyte"]["status"] == "rejected"
    soliane = {a["application_id"]: a for a in all_apps if a["company"] == "Soliane"}
    flags = [a for a in soliane.values() if a["possible_duplicate_of"]]
    assert len(flags) == 1, apps
    [flagged] = flags
    keep = flagged["possible_duplicate_of"]
    [check_in] = [f for f in fus[keep] if f["kind"] == "check_in"]
    assert check_in["status"] == "cancelled" and check_in["reason"].startswith("held: "), check_in
    post("merge", app=str(keep), other=str(flagged["application_id"]))
    apps, fus = record()
    assert [a["status"] for a in all_apps if a["company"] == "Soliane"] == ["rejected"]
    assert {f["kind"] for f in fus[keep] if f["status"] in ("scheduled", "needs_recipient")} == {"rejection_thanks"}

    # Drafts: nothing to a company that said no left to send, nothing to the wrong person
    cli("run", "--once", "--now", (NOW + timedelta(days=8)).isoformat())
    apps, fus = record()
    waiting = {f["draft_message_id"]: f for fl in fus.values() for f in fl if f["status"] in ("drafted", "needs_recipient")}
    drafts = [email.message_from_bytes(m[b"BODY[]"], policy=email.policy.default)
              for m in folder_messages(acc.server, acc.user, "Drafts").values()]
    to = {str(d["Message-ID"]): (d["To"].addresses[0].addr_spec if d["To"] else None) for d in drafts}
    assert to[next(f["draft_message_id"] for f in fus[tidewell])] == "sarah.lee@tidewell.test"
    for mid, f in waiting.items():
        company = next(a for a in all_apps if a["application_id"] == f["application_id"])
        assert not (f["kind"] == "check_in" and company["status"] == "rejected"), f
        assert to.get(mid) == f["to"], (mid, f)
    assert not re.search(r"Quillbyte.*interview", client.get("/", headers=HOST).get_data(as_text=True).split(
        'id="col-interview"')[-1].split("</section>")[0])
