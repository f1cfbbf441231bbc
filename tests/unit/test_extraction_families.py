"""Extraction error families found on real mail, each with emails written for the project: a number after a
comma, a colon or an acronym inside a title, the cohort after a dash, the employer's possessive before the title,
an abbreviated sender name beside the spelled-out one, a parent company's address, a fuller name in a slogan."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.extract.cleaning import clean_role
from agent.extract.extractor import email_of, extract
from agent.extract.names import initials
from agent.extract.relays import relay_for_domain
from agent.mail.types import Address
from agent.record.contacts import sender_key
from tests.unit.memory_world import USER, deliver, memory_world, outcomes


# -- requisition numbers: after a comma, or bare at the end (never a year or a level) ----------------------------
@pytest.mark.parametrize("span,clean", [
    ("Business Analyst, 1736486", "Business Analyst"),
    ("Intern: Data Analyst (Summer 2023) 138088BR", "Intern: Data Analyst"),
    ("Position: Data Platforms Engineering Intern", "Data Platforms Engineering Intern"),
    ("Marketing Intern, 2026", "Marketing Intern, 2026"),
    ("Data Analyst 2", "Data Analyst 2"),
])
def test_a_trailing_requisition_number_goes_a_year_stays(span, clean):
    assert clean_role(span) == clean


_TITLE_WORDS = st.lists(st.sampled_from(["Data", "Senior", "Analyst", "Engineer", "Platform", "Intern", "II",
                                         "Marketing", "Operations", "Lead"]), min_size=1, max_size=5)


@given(_TITLE_WORDS, st.integers(min_value=10_000, max_value=99_999_999), st.sampled_from([", ", " "]))
@settings(max_examples=200, deadline=None)
def test_a_requisition_number_after_any_title_is_stripped(words, number, sep):
    title = " ".join(words)
    assert clean_role(f"{title}{sep}{number}") == clean_role(title)


def test_bare_number_after_a_comma_in_a_real_pass():
    found = extract(email_of(
        "Thank you for your interest in Calloway!",
        "Calloway\nHi Sam,\nThank you for your interest in a career at Calloway. We will not be moving forward with "
        "your candidacy for the position of Risk Analyst, 4419073 at this time.\nThank you,\nCalloway Recruiting",
        "Calloway Recruiting <recruiting@jobs.calloway.com>"))
    assert found.role.text == "Risk Analyst"
    assert found.company.text == "Calloway"


# -- a colon inside a title ------------------------------------------------------------------------------------
def test_a_colon_inside_a_title_keeps_the_whole_title():
    found = extract(email_of(
        "Your candidate reference - Brenmoor Group.",
        "Application Confirmation\nDear Sam,\nWe confirm that we have received your application for the position "
        "Intern: Logistics Analyst (Leeds) 551203BR.\nThe hiring team will review your profile.\nBest regards,\n"
        "Brenmoor Group",
        "Brenmoor Group <donotreply@trm.brassring.com>"))
    assert found.role.text == "Intern: Logistics Analyst"
    assert found.company.text == "Brenmoor Group"


def test_brassring_is_a_relay_and_its_host_is_no_company():
    assert relay_for_domain("trm.brassring.com").vendor == "brassring"
    found = extract(email_of("Your application", "Dear Sam,\nThank you for applying to Tessaly Foods.\nTessaly Foods",
                             "donotreply@trm.brassring.com"))
    assert found.company.text == "Tessaly Foods"


# -- an acronym in brackets inside a title; the cohort after a dash ----------------------------------------------
@pytest.mark.parametrize("title", [
    "Field Service (FSE) Engineer II - New College Grad",
    "Customer Experience (CX) Analyst",
    "Data Scientist II - New College Grad",
])
def test_workday_position_of_keeps_acronym_and_cohort(title):
    found = extract(email_of(
        f"Your application | {title} R2209917 at Marrowfield Instruments",
        f"Dear Sam ,\nThank you for submitting your application for the position of {title} , in Austin,TX "
        "location.\nWe regret to inform you that we will not be considering your profile further.\nRegards,\n"
        "Talent Acquisition Department",
        "Marrowfield_HR mfi <mfi@myworkday.com>"))
    assert found.role.text == title
    assert found.company.text == "Marrowfield Instruments"


# -- the employer's possessive before the title ------------------------------------------------------------------
@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_the_employers_possessive_is_not_part_of_the_title(apostrophe):
    found = extract(email_of(
        "Thank you for applying to Quillbright",
        f"Quillbright\nHi Sam,\nThank you for applying to Quillbright{apostrophe}s Pricing Analyst position! We've "
        "received your application and will review it soon.\nThe Quillbright Team",
        "no-reply@quillbright.com"))
    assert found.role.text == "Pricing Analyst"
    assert found.company.text == "Quillbright"


def test_a_possessive_names_the_company_when_nothing_else_does():
    found = extract(email_of(
        "Your application",
        "Hi Sam,\nWe appreciate your interest in Larchmont’s Treasury Analyst opening. We have decided to pursue "
        "other candidates at this time.\nAll the best,\nDana Fields",
        "Hiring Team <no-reply@greenhouse.io>"))
    assert found.role.text == "Treasury Analyst"
    assert found.company.text in (None, "Larchmont")


# -- abbreviations, parent companies, slogans: the name the email spells out -----------------------------------
def test_initials_skip_legal_forms():
    assert initials("Houlihan Lokey") == "hl"
    assert initials("Tidewater Partners Group") == "tp"


def test_an_abbreviated_sender_yields_to_the_spelled_out_name():
    found = extract(email_of(
        "Thank You for Your Application!",
        "Dear Sam,\nThank you for your application and interest in the Credit Analyst position at Kestrel Vane.\n"
        "You can check on your application in your Candidate Home account.\nhttps://kv.wd1.myworkdayjobs.com/External"
        "\nKind Regards,\nTalent Acquisition",
        "KV Workday <kv@myworkday.com>"))
    assert found.company.text == "Kestrel Vane"


def test_a_parent_companys_address_yields_to_the_brand_the_email_names():
    found = extract(email_of(
        "Thank you for applying to Nimbus Studios",
        "Hi Sam,\nThank you for applying to Nimbus Studios for the Austin Studio Level Designer opportunity. Your "
        "application has been received and will be reviewed.\n\nPlease watch for future messages.\nRegards,\n"
        "Nimbus Talent Acquisition",
        "no-reply@corvid.com"))
    assert found.company.text == "Nimbus Studios"


def test_a_slogan_after_at_is_not_a_fuller_name():
    found = extract(email_of(
        "Orla // Great to meet you!",
        "Dear Sam,\nThank you for your interest in Orla. We're glad you applied.\nAt Orla, we believe great work can "
        "happen anywhere. Our people move at Orla Pace. We plan across every time zone.\nAt Orla, we read every "
        "application.",
        "Orla Hiring Team <no-reply@ashbyhq.com>"))
    assert found.company.text == "Orla"


# -- one mailbox, many applications: a relay that signs with its own name says nothing of the employer -----------
def _linkedin_sent(company: str, role: str, when: str, n: int) -> bytes:
    msg = EmailMessage()
    msg["From"] = "LinkedIn <jobs-noreply@linkedin.com>"
    msg["To"] = USER
    msg["Subject"] = f"Sam, your application was sent to {company}"
    msg["Date"] = when
    msg["Message-ID"] = f"<sent-{n}@linkedin.example>"
    msg.set_content(f"Your application was sent to {company}\n\n{role}\n{company} · Leeds, United Kingdom\n"
                    "Applied: 2 minutes ago\n\nYou are receiving Job Application Confirmation emails.")
    return msg.as_bytes()


def test_a_relay_signing_with_its_own_name_is_no_sender_identity():
    assert sender_key(Address("LinkedIn", "jobs-noreply@linkedin.com")) == ""
    assert sender_key(Address("", "ejif.fa.sender@workflow.mail.us6.oraclecloud.com")) == ""
    assert sender_key(Address("Umbrella Health", "no-reply@us.greenhouse-mail.io")).startswith("relay:")


def test_one_mailbox_keeps_same_titled_jobs_at_different_companies_apart(tmp_path, model):
    box, agent, store = memory_world(tmp_path, model)
    try:
        jobs = [("Harrowgate Foods", "Data Analyst"), ("Pellworth Bank", "Data Analyst"),
                ("Quaymark Logistics", "Data Analyst")]
        for n, (company, role) in enumerate(jobs):
            deliver(box, _linkedin_sent(company, role, f"Mon, {n + 2} Nov 2026 09:00:00 +0000", n))
        agent.run_pass(datetime(2026, 11, 10, tzinfo=UTC), draft=False)
        apps = outcomes(store)
    finally:
        store.close()
    assert sorted((a.company, a.role) for a in apps) == sorted(jobs)


def test_a_title_wrapped_after_a_requisition_dash_is_read_across_the_line():
    found = extract(email_of(
        "Your online application has been successfully submitted",
        "Visit Brightmoor Systems\nHi Sam,\nThanks for your interest in Brightmoor!\nWe've received your job "
        "application for 2208841 -\nCloud Security Analyst, Identity Platform and if there is a match,\nwe'll be in "
        "touch soon.\nBest,\nBrightmoor Recruiting Team",
        "ejif.fa.sender@workflow.mail.us6.oraclecloud.com"))
    assert found.role.text == "Cloud Security Analyst, Identity Platform"
