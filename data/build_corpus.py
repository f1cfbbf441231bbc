#!/usr/bin/env python3
"""Build Onward's training corpus (data/corpus/*.jsonl) from the tables in data/corpus_src/.

Everything here was written for the project; nothing is copied from any mail collection.

Two parts:
  * ``generated.jsonl`` - a seeded combinatorial generator (this file) drawing on many phrasings per slot
    (openers, thanks lines, decision sentences, next steps, closings, signatures, legal footers, ATS
    senders ...). The phrases live in ``data/corpus_src/``: ``vocabulary.toml`` (companies, roles,
    people), ``en_jobs.toml`` (English rejections, acknowledgements, interviews, offers, footers),
    ``en_other.toml`` (English mail of label other), ``de.toml``, ``fr.toml``, ``es.toml``, ``it.toml``,
    ``nl.toml`` and ``pt.toml``.
  * ``handwritten.jsonl`` - free-form emails written one by one (``data/corpus_src/handwritten.txt``) so
    that the model does not only learn the generator's seams.

Deterministic: ``python data/build_corpus.py`` always writes byte-identical files (seed 20261125);
``--out DIR`` writes them to DIR instead of data/corpus. Every draw depends on the order of the tables'
entries, so any edit of a table changes generated.jsonl: regenerate and commit both.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tomllib
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling stage_corpus, when loaded by file path
import stage_corpus  # noqa: E402

SEED = 20261125
STAGE_SEED = 20261206
HERE = Path(__file__).resolve().parent
OUT = HERE / "corpus"
SRC = HERE / "corpus_src"

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
    ("offer", "de"): 60,
    ("offer", "fr"): 60,
    ("offer", "es"): 15,
    ("rejection", "it"): 90,
    ("acknowledgement", "it"): 70,
    ("interview", "it"): 25,
    ("other", "it"): 50,
    ("offer", "it"): 12,
    ("rejection", "nl"): 90,
    ("acknowledgement", "nl"): 70,
    ("interview", "nl"): 25,
    ("other", "nl"): 50,
    ("offer", "nl"): 12,
    ("rejection", "pt"): 90,
    ("acknowledgement", "pt"): 70,
    ("interview", "pt"): 25,
    ("other", "pt"): 50,
    ("offer", "pt"): 12,
}


def load_table(name: str) -> dict:
    with (SRC / f"{name}.toml").open("rb") as f:
        return tomllib.load(f)


VOCAB = load_table("vocabulary")
EN = load_table("en_jobs")
OTHER = load_table("en_other")
INTL = {lang: load_table(lang) for lang in ("de", "fr", "es", "it", "nl", "pt")}
HANDWRITTEN = (SRC / "handwritten.txt").read_text(encoding="utf-8")

GREET, CLOSE, SIG = EN["greet"], EN["close"], EN["sig"]
REJ, ACK, INT, OFF, CASUAL = EN["rejection"], EN["acknowledgement"], EN["interview"], EN["offer"], EN["casual"]
CHATTER, PROSE, NEWS = OTHER["sentences"]["chatter"], OTHER["sentences"]["prose"], OTHER["sentences"]["news"]

OTHER_KINDS = []


def other_kind(fn):
    OTHER_KINDS.append(fn)
    return fn


class Gen:
    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.family = ""  # the template family of the email being drawn (the sender kind, or the kind of other mail)

    def pick(self, xs):
        return self.r.choice(xs)

    def maybe(self, p: float, x: str) -> str:
        return x if self.r.random() < p else ""

    def ctx(self, lang: str = "en") -> dict:
        r, v = self.r, VOCAB
        company = self.pick(v["companies"] if lang == "en" or r.random() < 0.3 else v["companies_intl"])
        slug = re.sub(r"[^a-z0-9]", "", company.lower().split()[0].replace("ü", "u").replace("é", "e"))[:14]
        role = self.pick(v["roles"] if lang == "en" else INTL[lang]["roles"] + v["roles"][:6])
        first, last = self.pick(v["first_names"]), self.pick(v["last_names"])
        month = self.pick(v["months"])
        hour = r.choice([9, 10, 11, 13, 14, 15, 16])
        c = dict(
            company=company, slug=slug, role=role, first=first, last=last,
            recruiter=self.pick(v["recruiters"]), rtitle=self.pick(v["recruiter_titles"]), team=self.pick(v["teams"]),
            skill=self.pick(v["skills"]), city=self.pick(v["cities"]), weekday=self.pick(v["weekdays"]),
            int1=self.pick(v["recruiters"]).split()[0], int2=self.pick(v["first_names"]),
            date=f"{month} {r.randint(1, 28)}, 20{r.choice([24, 25, 26])}",
            date_eu=f"{r.randint(1, 28):02d}.{r.randint(1, 12):02d}.20{r.choice([24, 25, 26])}",
            time=f"{hour if hour <= 12 else hour - 12}:{r.choice(['00', '30', '15', '45'])} {'AM' if hour < 12 else 'PM'}",
            time24=f"{hour}:{r.choice(['00', '30'])}",
            ref=self.pick(["R", "JR", "REQ-", "", "ID "]) + str(r.randint(1000, 999999)),
            url=f"https://{self.pick(['careers.', 'jobs.', 'www.'])}{slug}.{self.pick(['com', 'io', 'co', 'org', 'de', 'fr'])}/{self.pick(['jobs', 'careers', 'apply', 'status', 'en-US/portal'])}",
            salary=f"${r.randint(55, 210)},{r.choice(['000', '500'])}",
            salary_eu=f"{r.randint(42, 95)}.000 €",
            minutes=self.pick(["30", "45", "60", "20"]),
            # in words for English, in figures for the other languages (their tables write the words)
            days=self.pick(["three", "five", "7", "two", "ten"] if lang == "en" else ["3", "5", "7", "2", "10"]),
            weeks=self.pick(["two", "three", "four", "6", "2-3"] if lang == "en" else ["2", "3", "4", "6", "2-3"]),
            company2=self.pick(v["companies"]), role2=self.pick(v["roles"]), company3=self.pick(v["companies"]),
            role3=self.pick(v["roles"]), city2=self.pick(v["cities"]), n=str(r.randint(2, 40)),
            amount=f"{r.randint(5, 240)}.{r.randint(0, 99):02d}",
            order=str(r.randint(100000, 9999999)),
        )
        c["mgr"] = self.pick(v["recruiters"])
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
        self.family = vendor
        return self.pick(opts[vendor]), vendor

    def footer(self, c: dict, vendor: str, lang: str = "en") -> str:
        parts = []
        vend, generic = EN["footer"]["vendor"], EN["footer"]["generic"]
        if vendor in vend:
            parts.append(self.pick(vend[vendor]))
        pool = generic if lang == "en" else INTL[lang]["footer"] + generic[:2]
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


def sign_off(g: Gen, c: dict) -> str:
    return fmt(g.pick(CLOSE), c) + "\n" + fmt(g.pick(SIG), c)


# --------------------------------------------------------------------------------------------
# English job mail (en_jobs.toml)
# --------------------------------------------------------------------------------------------
def gen_casual(g: Gen, pool: list[str], label: str) -> dict:
    c = g.ctx()
    frm, _ = g.sender(c, "person")
    body = join(g, [
        fmt(g.pick(CASUAL["greet"]), c),
        fmt(g.pick(pool), c) + " " + fmt(g.maybe(0.5, g.pick(CASUAL["extra"])), c),
        fmt(g.pick(CASUAL["sign"]), c) + g.maybe(0.3, "\nSent from my phone"),
    ])
    subj = fmt(g.pick(CASUAL["subject"]), c)
    if g.r.random() < 0.5:
        body, subj = body.lower(), subj.lower()
    return dict(subject=subj, body=g.dress(body), sender=frm)


def decision(g: Gen) -> str:
    return cap(g.pick(REJ["prefix"]) + g.pick(REJ["decision"]))


def gen_rejection_en(g: Gen) -> dict:
    c = g.ctx()
    x = g.r.random()
    if x < 0.08:
        return gen_linkedin_rejection(g, c)
    if x > 0.88:
        return gen_casual(g, CASUAL["rejection"], "rejection")
    frm, vendor = g.sender(c)
    if x < 0.28:  # short notes
        body = join(g, [
            fmt(g.pick(GREET), c),
            fmt(g.maybe(0.5, g.pick(REJ["thanks"])), c) + " " + fmt(decision(g), c)
            + " " + fmt(g.maybe(0.4, g.pick(REJ["future"] + REJ["wish"])), c),
            fmt(g.maybe(0.7, g.pick(CLOSE) + "\n" + g.pick(SIG)), c),
            fmt(g.maybe(0.4, g.footer(c, vendor)), c),
        ])
        return dict(subject=fmt(g.pick(REJ["subject"]), c), body=g.dress(body), sender=frm)
    after_interview = g.r.random() < 0.3
    thanks = g.pick(REJ["thanks_after_interview"] if after_interview else REJ["thanks"])
    dec = decision(g)
    # polite long variant sometimes puts decision in the middle of several sentences
    body = join(g, [
        fmt(g.pick(GREET), c),
        fmt(thanks, c) + " " + fmt(g.pick(REJ["context"]), c),
        fmt(dec, c) + " " + fmt(g.pick(REJ["soften"]), c),
        fmt(g.pick(REJ["future"]), c) + " " + fmt(g.pick(REJ["wish"]), c),
        fmt(g.maybe(0.15, g.pick(ACK["portal"])), c),
        sign_off(g, c),
        fmt(g.footer(c, vendor), c),
    ])
    subj = fmt(g.pick(REJ["subject"]), c)
    return dict(subject=subj, body=g.dress(body), sender=frm)


def gen_ack_en(g: Gen) -> dict:
    if g.r.random() < 0.08:
        return gen_casual(g, CASUAL["acknowledgement"], "acknowledgement")
    c = g.ctx()
    if g.r.random() < 0.12:
        return gen_linkedin_ack(g, c)
    if g.r.random() < 0.05:
        return gen_indeed_ack(g, c)
    frm, vendor = g.sender(c)
    body = join(g, [
        fmt(g.pick(GREET), c),
        # the thank-you line is shared with rejections on purpose: it must not decide the label
        fmt(g.maybe(0.45, g.pick(REJ["thanks"])), c),
        fmt(g.pick(ACK["open"]), c) + " " + fmt(g.pick(ACK["review"]), c),
        fmt(g.pick(ACK["warm"]), c),
        fmt(g.pick(ACK["next"]), c),
        fmt(g.pick(ACK["portal"]), c),
        fmt(g.maybe(0.3, g.pick(ACK["warm"])), c),
        fmt(g.maybe(0.5, g.pick(ACK["thanks_again"] + REJ["wish"])), c),
        sign_off(g, c),
        fmt(g.footer(c, vendor), c),
    ])
    return dict(subject=fmt(g.pick(ACK["subject"]), c), body=g.dress(body), sender=frm)


def similar_jobs(g: Gen, c: dict) -> str:
    lines = []
    for _ in range(g.r.randint(1, 4)):
        co, ro, ci = g.pick(VOCAB["companies"]), g.pick(VOCAB["roles"]), g.pick(VOCAB["cities"])
        lines.append(f"{co}\n{ro}\n{co} \u00b7 {ci}" + g.maybe(0.5, f"\n{g.r.randint(1, 30)} school alumni"))
    return "\n".join(lines)


def gen_linkedin_ack(g: Gen, c: dict) -> dict:
    t = EN["linkedin_ack"]
    frm, g.family = g.pick(t["senders"]), "linkedin"
    body = join(g, [
        fmt("Your application was sent to {company}", c),
        fmt(g.pick(t["recipient"]), c),
        fmt("{company}\n{role}\n{company} \u00b7 {city}\n", c) + g.pick(["Applied on " + c["date"], "Applied just now",
                                                                         "Applied: 2 seconds ago", "Applied " + c["date"]]),
        g.pick(t["next_steps"]),
        similar_jobs(g, c),
        fmt(g.pick(t["footer"]), c),
    ])
    return dict(subject=fmt(g.pick(t["subject"]), c), body=g.dress(body), sender=frm)


def gen_linkedin_rejection(g: Gen, c: dict) -> dict:
    t = EN["linkedin_rejection"]
    frm, g.family = g.pick(t["senders"]), "linkedin"
    body = join(g, [
        fmt(g.pick(t["headline"]), c),
        fmt(g.pick(t["recipient"]), c),
        fmt("{company}\n{role}\n{company} \u00b7 {city}\nApplied on {date}", c),
        fmt(g.pick(t["thanks"]) + decision(g) + " " + g.pick(t["closer"]), c),
        g.pick(t["similar_heading"]),
        similar_jobs(g, c),
        fmt(g.pick(t["footer"]), c),
    ])
    return dict(subject=fmt(g.pick(t["subject"]), c), body=g.dress(body), sender=frm)


def gen_indeed_ack(g: Gen, c: dict) -> dict:
    t = EN["indeed_ack"]
    frm, g.family = g.pick(t["senders"]), "indeed"
    body = join(g, [
        "Application submitted",
        fmt("{role}\n{company} - {city}", c),
        fmt(g.pick(t["next_steps"]), c),
        "\u2022 Application\n\u2022 Resume",
        g.pick(t["track"]),
        "\u00a9 2026 Indeed - Unsubscribe - Privacy",
    ])
    return dict(subject=fmt(g.pick(t["subject"]), c), body=g.dress(body), sender=frm)


def gen_interview_en(g: Gen) -> dict:
    if g.r.random() < 0.25:
        return gen_casual(g, CASUAL["interview"], "interview")
    c = g.ctx()
    frm, vendor = g.sender(c, g.pick(["person", "person", "greenhouse", "ashby", "lever", "direct", "workday"]))
    body = join(g, [
        fmt(g.pick(GREET), c),
        fmt(g.maybe(0.5, g.pick(INT["opener"])), c),
        fmt(g.pick(INT["body"]), c),
        fmt(g.maybe(0.5, g.pick(INT["closer"])), c),
        sign_off(g, c),
        fmt(g.footer(c, vendor), c),
    ])
    return dict(subject=fmt(g.pick(INT["subject"]), c), body=g.dress(body), sender=frm)


def gen_offer_en(g: Gen) -> dict:
    if g.r.random() < 0.2:
        return gen_casual(g, CASUAL["offer"], "offer")
    c = g.ctx()
    frm, vendor = g.sender(c, g.pick(["person", "person", "direct", "greenhouse", "workday"]))
    body = join(g, [
        fmt(g.pick(GREET), c),
        fmt(g.pick(OFF["body"]), c),
        fmt(g.maybe(0.6, g.pick(OFF["closer"])), c),
        sign_off(g, c),
        fmt(g.footer(c, vendor), c),
    ])
    return dict(subject=fmt(g.pick(OFF["subject"]), c), body=g.dress(body), sender=frm)


# --------------------------------------------------------------------------------------------
# English mail of label other (en_other.toml): each kind returns (subject, body, from)
# --------------------------------------------------------------------------------------------
@other_kind
def o_linkedin_misc(g: Gen, c: dict):
    t = OTHER["linkedin_misc"]
    frm = g.pick(t["senders"])
    body = join(g, [
        fmt(g.pick(t["headline"]), c),
        fmt("{company}\n{role}\n{company} \u00b7 {city}", c),
        similar_jobs(g, c),
        "You are receiving LinkedIn notification emails. Unsubscribe \u00b7 Help",
    ])
    return fmt(g.pick(t["subject"]), c), body, frm


@other_kind
def o_job_alert(g: Gen, c: dict):
    t = OTHER["job_alert"]
    src = g.pick(["linkedin", "indeed", "glassdoor", "ziprecruiter", "company"])
    frm = {"linkedin": "LinkedIn Job Alerts <jobalerts-noreply@linkedin.com>", "indeed": "Indeed <alert@indeed.com>",
           "glassdoor": "Glassdoor Jobs <noreply@glassdoor.com>", "ziprecruiter": "ZipRecruiter <alerts@ziprecruiter.com>",
           "company": f"{c['company']} Careers <jobs@{c['slug']}.com>"}[src]
    body = join(g, [fmt(g.pick(t["headline"]), c), similar_jobs(g, c), g.pick(t["call_to_action"]), g.pick(t["footer"])])
    return fmt(g.pick(t["subject"]), c), body, frm


@other_kind
def o_recruiter_outreach(g: Gen, c: dict):
    t = OTHER["recruiter_outreach"]
    frm, _ = g.sender(c, g.pick(["person", "person", "lever", "direct"]))
    body = join(g, [fmt(g.pick(t["greet"]), c), fmt(g.pick(t["pitch"]), c), fmt(g.pick(t["ask"]), c),
                    fmt(g.pick(SIG), c)])
    return fmt(g.pick(t["subject"]), c), body, frm


@other_kind
def o_newsletter(g: Gen, c: dict):
    t = OTHER["newsletter"]
    frm = fmt(g.pick(t["senders"]), c)
    body = join(g, [g.pick(t["heading"]), g.pick(t["story"]), " ".join(g.r.sample(CHATTER, 3)),
                    g.pick(t["read_more"]), g.pick(t["footer"])])
    return fmt(g.pick(t["subject"]), c), body, frm


@other_kind
def o_receipt(g: Gen, c: dict):
    t = OTHER["receipt"]
    shop = g.pick(t["shops"])
    frm = f"{shop} <receipts@{shop.split()[0].lower()}.com>"
    body = join(g, [
        g.pick(t["heading"]),
        f"Order #{c['order']}\nDate: {c['date']}\nTotal: ${c['amount']}",
        g.pick(["Items will ship within 2 business days.", "Your subscription renews on " + c["date"] + ".",
                "Questions about your order? Reply to this email.", "Keep this receipt for your records."]),
        g.pick(["Unsubscribe from marketing emails", "\u00a9 2026 " + shop, ""]),
    ])
    return g.pick([f"Your {shop} receipt", f"Order confirmation #{c['order']}", "Payment confirmation", "Receipt for your payment"]), body, frm


@other_kind
def o_shipping(g: Gen, c: dict):
    t = OTHER["shipping"]
    carrier = g.pick(t["carriers"])
    frm = f"{carrier} <tracking@{carrier.lower().replace(' ', '')}.com>"
    body = join(g, [
        g.pick(t["status"]),
        f"Tracking number: 1Z{c['order']}{c['n']}",
        g.pick(["Estimated delivery: " + c["date"], "We'll try again tomorrow.", "Left at front door.",
                "Sorry for the delay; the shipment is held at the local depot."]),
        "Manage your delivery preferences online.",
    ])
    return g.pick(t["subject"]), body, frm


@other_kind
def o_password(g: Gen, c: dict):
    t = OTHER["password"]
    svc = g.pick(["Workday", "GitHub", "Dropbox", "your bank", "Greenhouse", "LinkedIn", c["company"] + " Careers"])
    frm = g.pick(["no-reply@accounts.example.com", "security@github.com", f"no-reply@{c['slug']}.com", "noreply@myworkday.com"])
    body = join(g, [
        fmt(g.pick(GREET), c),
        g.pick([f"We received a request to reset the password for your {svc} account.",
                f"Your {svc} verification code is {c['order']}.",
                f"A new sign-in to your {svc} account was detected from a new device.",
                f"Please confirm your email address to finish setting up your {svc} account."]),
        g.pick(t["note"]),
    ])
    return g.pick(t["subject"]), body, frm


@other_kind
def o_meetup(g: Gen, c: dict):
    t = OTHER["meetup"]
    frm = g.pick(["Meetup <info@meetup.com>", "Eventbrite <noreply@eventbrite.com>", f"{c['company']} Events <events@{c['slug']}.com>"])
    body = join(g, [fmt(g.pick(t["headline"]), c), g.pick(t["detail"]), "RSVP | Unsubscribe from this group"])
    return fmt(g.pick(t["subject"]), c), body, frm


@other_kind
def o_incomplete(g: Gen, c: dict):
    # Decision (documented in README): "application incomplete / finish your application" is OTHER - nothing
    # has been submitted yet, so it is neither an acknowledgement nor an outcome.
    t = OTHER["incomplete"]
    frm, vendor = g.sender(c, g.pick(["workday", "icims", "taleo", "smartrecruiters", "direct"]))
    body = join(g, [fmt(g.pick(GREET), c), fmt(g.pick(t["body"]), c), fmt(g.pick(t["link"]), c), sign_off(g, c),
                    fmt(g.footer(c, vendor), c)])
    return fmt(g.pick(t["subject"]), c), body, frm


@other_kind
def o_bad_news_nonjob(g: Gen, c: dict):
    t = OTHER["bad_news_nonjob"]
    frm = g.pick(t["senders"])
    body = join(g, [fmt(g.pick(GREET), c), g.pick(t["body"]), g.pick(t["closing"]), fmt(g.pick(CLOSE), c)])
    return g.pick(t["subject"]), body, frm


def convo(g: Gen, k: int) -> str:
    topics, lines = OTHER["sentences"]["topics"], OTHER["sentences"]["convo"]
    return " ".join(g.pick(lines).format(t=g.pick(topics), t2=g.pick(topics)) for _ in range(k))


@other_kind
def o_list_reply(g: Gen, c: dict):
    t = OTHER["list_reply"]
    frm = fmt(g.pick(t["senders"]), c).lower()
    quote_who = g.pick(VOCAB["first_names"]) + " " + g.pick(VOCAB["last_names"])
    parts = [
        g.pick([f"On {c['weekday']} {c['date']}, {quote_who} wrote:", f"{quote_who} writes:", f"Quoting {quote_who}:", ""]),
        "\n".join("> " + ln for ln in convo(g, g.r.randint(1, 3)).split(". ")),
        convo(g, g.r.randint(1, 4)),
    ]
    if g.r.random() < 0.5:
        parts.append("> " + convo(g, 1))
        parts.append(convo(g, g.r.randint(1, 3)))
    parts.append(g.pick(["--\n" + c["first"], c["first"], "Cheers,\n" + c["first"], "", "-- \nhttp://www.example.org/~" + c["first"].lower(),
                         "_______________________________________________\n" + g.pick(t["lists"]) + " mailing list\nhttps://lists.example.org/listinfo"]))
    subj = ("Re: " + g.pick(["[" + g.pick(t["tags"]) + "] ", ""])
            + g.pick(OTHER["sentences"]["topics"]).replace("the ", "").replace("my ", "") + g.pick(t["subject_suffix"]))
    return subj, join(g, parts), frm


@other_kind
def o_chatter(g: Gen, c: dict):
    t = OTHER["chatter"]
    frm = fmt(g.pick(t["senders"]), c).lower()
    body = join(g, [
        g.pick(["", "> " + g.pick(CHATTER), "On " + c["date"] + ", " + c["first"] + " wrote:\n> " + g.pick(CHATTER)]),
        " ".join(g.r.sample(CHATTER, g.r.randint(1, 4))),
        g.pick(["", "--\n" + c["first"], "Cheers, " + c["first"], "_______________________________________________\nMailing list\nhttps://lists.example.org/listinfo"]),
    ])
    return g.pick(["Re: " + g.pick(t["reply_topics"]), "Fwd: article", "quick question", ""]), body, frm


@other_kind
def o_work_misc(g: Gen, c: dict):
    t = OTHER["work_misc"]
    frm = fmt(g.pick(t["senders"]), c)
    body = join(g, [fmt(g.pick(GREET), c), fmt(g.pick(t["body"]), c), sign_off(g, c)])
    return fmt(g.pick(t["subject"]), c), body, frm


@other_kind
def o_news_digest(g: Gen, c: dict):
    t = OTHER["news_digest"]
    frm = g.pick(t["senders"])
    items = []
    for _ in range(g.r.randint(2, 6)):
        s = g.pick(NEWS)
        items.append(g.pick(["", "* ", "- ", "\u2022 "]) + s.split(",")[0].split(" that ")[0].rstrip(".").title()
                     + "\n" + s + g.maybe(0.5, " " + g.pick(NEWS + PROSE)) + g.maybe(0.4, f"\nhttps://news.example.com/{g.r.randint(1000, 99999)}"))
    body = join(g, [g.pick(t["heading"])] + items + [g.pick(t["footer"])])
    return g.pick(["Morning Brief: " + g.pick(t["topics"]), "Your daily digest", "Top stories",
                   "[Feed] " + g.pick(NEWS)[:40], "Weekly review"]), body, frm


@other_kind
def o_article(g: Gen, c: dict):
    t = OTHER["article"]
    frm = fmt(g.pick(t["senders"]), c)
    paras = []
    if g.r.random() < 0.4:
        paras.append(f"https://www.{g.pick(t['sites'])}.example.com/{c['order']}/story.html")
    if g.r.random() < 0.35:
        paras.append(f"On {c['weekday']}, {c['date']}, {c['recruiter']} wrote:\n> " + "\n> ".join(g.r.sample(PROSE, 2)))
    for _ in range(g.r.randint(1, 5)):
        paras.append(" ".join(g.r.sample(PROSE + CHATTER, g.r.randint(2, 6))))
    if g.r.random() < 0.4:
        paras.append(g.pick(["--\n" + c["first"], "- " + c["first"], "_______________________________________________\n"
                             "Discussion list\nhttps://lists.example.org/mailman/listinfo/talk",
                             "Yahoo! Groups Sponsor\nTo unsubscribe from this group, send an email to talk-unsubscribe@example.org"]))
    subj = g.pick(["Re: " + g.pick(t["reply_topics"]), "Interesting read", "Fwd: must read",
                   "[talk] " + g.pick(t["list_topics"]), "Thoughts on the decision", "Not sure I agree", ""])
    return subj, join(g, paras), frm


@other_kind
def o_job_closed(g: Gen, c: dict):
    t = OTHER["job_closed"]
    frm = g.pick(t["senders"])
    body = join(g, [fmt(g.pick(t["headline"]), c), g.pick(t["similar_heading"]), similar_jobs(g, c), g.pick(t["footer"])])
    return fmt(g.pick(t["subject"]), c), body, frm


def gen_other_en(g: Gen) -> dict:
    c = g.ctx()
    fn = g.pick(OTHER_KINDS + [o_job_alert, o_recruiter_outreach, o_chatter, o_incomplete, o_article, o_article, o_article])
    subj, body, frm = fn(g, c)
    g.family = fn.__name__
    return dict(subject=subj, body=g.dress(body), sender=frm)


# --------------------------------------------------------------------------------------------
# German / French / Spanish / Italian / Dutch / Portuguese (de.toml ... pt.toml)
# --------------------------------------------------------------------------------------------
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def strip_accents(text: str, lang: str) -> str:
    """What mail looks like after a keyboard, a client or a gateway lost the accents: German umlauts as
    ae/oe/ue/ss, French and Spanish letters without their marks."""
    if lang == "de":
        text = text.translate(_FOLD)
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")


def gen_casual_intl(g: Gen, label: str, lang: str) -> dict:
    t = INTL[lang]["casual"]
    c = g.ctx(lang)
    frm, _ = g.sender(c, "person")
    greet = fmt(g.pick(t["greet"]), c)
    line = fmt(g.pick(t[label]), c)
    body = join(g, [greet, line if greet else cap(line), fmt(g.pick(t["sign"]), c)])
    subj = g.pick(["Re: " + c["role"], t["subject_yours"], "", c["company"], t["subject_re"]])
    return dict(subject=subj, body=g.dress(body), sender=frm)


def gen_intl(g: Gen, label: str, lang: str) -> dict:
    e = _gen_intl(g, label, lang)
    if g.r.random() < (0.3 if lang == "fr" else 0.2):  # accents lost on the way
        e = dict(e, subject=strip_accents(e["subject"], lang), body=strip_accents(e["body"], lang))
    return e


def _gen_intl(g: Gen, label: str, lang: str) -> dict:
    L = INTL[lang]
    if label in L["casual"] and g.r.random() < 0.2:
        return gen_casual_intl(g, label, lang)
    c = g.ctx(lang)
    if label == "other":
        if g.r.random() < 0.45:  # personal / list / news mail in that language
            body = join(g, [" ".join(g.r.sample(L["prose"], g.r.randint(1, 4))),
                            " ".join(g.r.sample(L["prose"], g.r.randint(1, 3))), g.pick([c["first"], "--\n" + c["first"], ""])])
            frm, g.family = fmt(g.pick(VOCAB["personal_senders_intl"]), c).lower(), "personal"
            subj = g.pick(["Re: ", "AW: " if lang == "de" else "RE: ", "", "Fwd: "]) + g.pick(L["prose"])[:30]
            return dict(subject=subj, body=g.dress(body), sender=frm)
        o = g.pick(L["other"])
        g.family = "other-table"
        return dict(subject=fmt(o["subject"], c), body=g.dress(fmt(o["body"], c)), sender=fmt(o["from"], c))
    frm, vendor = g.sender(c, g.pick(["workday", "smartrecruiters", "direct", "direct", "person", "greenhouse", "none"]))
    greet = fmt(g.pick(L["greet"]), c)
    t = L[label]
    if label == "rejection":
        thanks = fmt(g.pick(t["thanks"]), c)
        mid = [thanks, fmt(g.pick(t["decision"]), c) + " " + fmt(g.pick(t["soften"]), c), fmt(g.pick(t["future"]), c)]
    elif label == "acknowledgement":
        mid = [fmt(g.pick(t["open"]), c), fmt(g.pick(t["next"]), c)]
        if g.r.random() < 0.35:  # thank-you lines are shared with rejections on purpose
            mid.insert(0, fmt(g.pick(L["rejection"]["thanks"]), c))
        if g.r.random() < 0.5:
            mid.append(fmt(g.pick(t["next"]), c))
    else:  # interview, offer
        mid = [fmt(g.pick(t["body"]), c)]
    subj = g.pick(t["subject"])
    if lang == "de" and mid and mid[0][:1].islower() and not greet.endswith(","):
        mid[0] = cap(mid[0])
    if lang != "de":
        mid[0] = cap(mid[0])
    elif greet == "":
        mid[0] = cap(mid[0])
    body = join(g, [greet] + mid + [fmt(g.pick(L["close"]), c) + "\n" + fmt(g.pick(L["sig"]), c),
                                    fmt(g.footer(c, vendor, lang), c)])
    return dict(subject=fmt(subj, c), body=g.dress(body), sender=frm)


# --------------------------------------------------------------------------------------------
# building
# --------------------------------------------------------------------------------------------
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
            g.family = "none"
            e = GEN_EN[label](g) if lang == "en" else gen_intl(g, label, lang)
            key = (e["subject"], e["body"])
            if key in seen:
                continue
            seen.add(key)
            made += 1
            if label == "interview" and stage_corpus.is_assessment_invitation(e["body"]):
                label_out = "assessment"
            else:
                label_out = label
            rows.append({"id": f"gen-{label[:3]}-{lang}-{made:04d}", "subject": e["subject"], "body": e["body"],
                         "from": e["sender"], "label": label_out, "lang": lang, "kind": "generated",
                         "family": f"gen-{lang}-{label_out}-{g.family}"})
    return rows


def build_stages(seed: int = STAGE_SEED) -> list[dict]:
    """Stage and context mail (data/stage_corpus.py, tables data/corpus_src/stages_<lang>.toml)."""
    return stage_corpus.build(Gen(seed), stage_corpus.load(SRC), fmt, cap)


def parse_handwritten(text: str) -> list[dict]:
    """Format: blocks separated by a line '%%%'. Each block starts with header lines
    'label: ...', 'lang: ...', 'from: ...', 'subject: ...' then a blank line and the body.
    A block of lines starting with '#' (the file's header) is a comment."""
    rows = []
    blocks = (b for b in text.split("\n%%%\n") if b.strip() and not b.lstrip("\n").startswith("#"))
    for i, block in enumerate(blocks):
        head, _, body = block.strip("\n").partition("\n\n")
        meta = {}
        for line in head.splitlines():
            k, _, v = line.partition(":")
            meta[k.strip()] = v.strip()
        assert meta.get("label") in {"rejection", "interview", "offer", "acknowledgement", "assessment", "other"}, (i, head)
        rows.append({"id": f"hw-{i + 1:04d}", "subject": meta.get("subject", ""), "body": body.strip("\n"),
                     "from": meta.get("from", ""), "label": meta["label"], "lang": meta.get("lang", "en"),
                     "kind": "handwritten", "family": meta.get("family", f"hw-{i + 1:04d}")})
    return rows


def write_jsonl(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=OUT, metavar="DIR", help="output directory (default: data/corpus)")
    out = ap.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)
    gen = build_generated()
    write_jsonl(out / "generated.jsonl", gen)
    hw = parse_handwritten(HANDWRITTEN)
    write_jsonl(out / "handwritten.jsonl", hw)
    print("generated:", len(gen), dict(Counter(r["label"] for r in gen)))
    print("handwritten:", len(hw), dict(Counter(r["label"] for r in hw)))
    st = build_stages()
    write_jsonl(out / "stages.jsonl", st)
    print("stages:", len(st), dict(Counter(r["label"] for r in st)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
