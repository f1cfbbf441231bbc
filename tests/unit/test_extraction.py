"""The learned company / role extractor: relays are never companies, the failure cases of real mail, sources."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.extract.candidates import Source
from agent.extract.cleaning import clean_company, clean_role
from agent.extract.extractor import email_of, extract
from agent.extract.ranker import load_ranker
from agent.extract.relays import is_relay_name, relay_for_domain, relays
from agent.shipped import extractor_path
from tests.opcount import calls


def test_the_relay_list_names_the_known_relays():
    vendors = {r.vendor for r in relays()}
    for v in ("greenhouse", "lever", "workday", "smartrecruiters", "icims", "taleo", "oracle", "successfactors",
              "personio", "recruitee", "teamtailor", "bamboohr", "jobvite", "ukg", "ashby", "welcometothejungle",
              "linkedin", "indeed", "stepstone", "xing", "tal", "newton"):
        assert v in vendors
    assert relay_for_domain("noreply.welcomekit.co").vendor == "welcometothejungle"
    assert relay_for_domain("acme.tal.net").vendor == "tal"
    assert relay_for_domain("notwelcomekit.co") is None
    assert is_relay_name("Welcome to the Jungle") and is_relay_name("Newtonsoftware")


@pytest.mark.parametrize("sender,subject,body,company", [
    ("Welcome to the Jungle <no-reply@welcomekit.co>", "Votre candidature",
     "Bonjour,\nMerci pour votre candidature chez Maison Verbena.\nBien cordialement,\nL'équipe Maison Verbena", "Maison Verbena"),
    ("Noreply <noreply@tal.net>", "Graduate Scheme - your application",
     "Dear Sam,\nThank you for applying to Kellerby Bank. We will be in touch.\nEarly Careers Team", "Kellerby Bank"),
    ("Ravensworth Recruiting <noreply@newtonsoftware.com>", "Application Received",
     "Dear Sam,\nThank you for your interest in Ravensworth.\nSincerely,\nRavensworth", "Ravensworth"),
])
def test_a_relay_is_never_the_company(sender, subject, body, company):
    found = extract(email_of(subject, body, sender))
    assert found.company.text == company
    assert found.company.text.casefold() not in {"welcomekit", "tal", "newtonsoftware", "ukg"}


@pytest.mark.parametrize("sender,subject,body,role", [
    ("Quillon <quillon@myworkday.com>", "Thank you for your application",
     "Dear Sam,\n\nThank you for your interest in the following position:\n\nData Analyst, Predictive Analytics\n\n"
     "We will be in touch.\n\nQuillon Recruiting", "Data Analyst, Predictive Analytics"),
    ("Marlow Foods <marlow@myworkday.com>", "R48213 - Senior Data Analyst",
     "Dear Sam,\nThank you for applying for the R48213 - Senior Data Analyst position with Marlow Foods.", "Senior Data Analyst"),
    ("Ravel Conseil <careers@successfactors.eu>", "Votre candidature",
     "Bonjour,\nMerci pour votre candidature au poste de Chef de projet digital F/H chez Ravel Conseil.", "Chef de projet digital"),
])
def test_roles_from_the_failure_cases(sender, subject, body, role):
    found = extract(email_of(subject, body, sender))
    assert found.role.text == role
    assert found.role.source in (Source.SUBJECT, Source.BODY)


def test_linkedin_sent_to_names_the_company():
    body = ("Your application was sent to Orla Robotics\n\nSam Doe\nYour application was sent to Orla Robotics\n"
            "Orla Robotics\nProduct Analyst\nOrla Robotics · Austin (On-site)\nApplied on March 3, 2025\n"
            "View similar jobs you may be interested in\nBrenta Foods\nData Analyst\nBrenta Foods · Denver")
    found = extract(email_of("Sam Doe, your application was sent to Orla Robotics", body,
                             "LinkedIn <jobs-noreply@linkedin.com>"))
    assert found.company.text == "Orla Robotics"
    assert found.role.text != "Data Analyst"  # another company's job in the card list is not the role


@pytest.mark.parametrize("span,clean", [
    ("Senior Data Analyst (m/w/d)", "Senior Data Analyst"), ("Chef de projet F/H", "Chef de projet"),
    ("Data Analist (m/v)", "Data Analist"), ("R12345 - Data Engineer", "Data Engineer"),
    ("Data Engineer (JR-1234)", "Data Engineer"), ("Backend Engineer (Berlin)", "Backend Engineer"),
    ("open Senior Data Analyst", "Senior Data Analyst"), ("Data Analyst, Predictive Analytics", "Data Analyst, Predictive Analytics"),
])
def test_posting_noise_is_stripped_never_the_title(span, clean):
    assert clean_role(span) == clean


@pytest.mark.parametrize("span", ["Ihr Recruiting Team", "Early Careers", "The Recruiting Team", "L'équipe Recrutement"])
def test_team_words_are_never_names(span):
    assert clean_company(span) == ""


def test_unknown_is_an_answer_with_its_source_and_confidence():
    found = extract(email_of("Hello", "See you soon.", "friend@gmail.com"))
    assert found.company.text is None and found.company.source == Source.NONE
    assert found.role.text is None and 0.0 <= found.role.confidence < 0.5


@given(st.text(max_size=120))
@settings(max_examples=200, deadline=None)
def test_clean_role_is_total_and_tidy(text):
    out = clean_role(text)
    assert out == out.strip()
    assert "(m/w/d)" not in out.casefold()


def test_the_shipped_ranker_loads_fast():
    # work counted in function calls (tests/opcount.py), not seconds: the same on every machine, so
    # it cannot flake under load (41 calls today; a load that builds the model in Python would be
    # tens of thousands)
    ranker, work = calls(load_ranker, extractor_path())
    assert work < 5_000
    assert set(ranker.fields) == {"company", "role"}


def test_classify_json_prints_company_and_role(tmp_path):
    data = tmp_path / "in.jsonl"
    data.write_text(json.dumps({"id": "a", "from": "Orla Robotics <no-reply@greenhouse.io>",
                                "subject": "Thank you for applying to Orla Robotics",
                                "body": "Hi Sam,\nYour application for the Product Analyst position has been received."}) + "\n")
    out = subprocess.run([sys.executable, "-m", "agent.cli", "classify", "--json", str(data)], capture_output=True,
                         text=True, check=True).stdout
    row = json.loads(out.splitlines()[0])
    assert row["label"] and row["company"] == {"value": "Orla Robotics", "source": "subject",
                                               "confidence": row["company"]["confidence"]}
    assert row["role"]["value"] == "Product Analyst"


def test_evaluate_scores_extraction_on_company_role_jsonl(tmp_path):
    data = tmp_path / "x.jsonl"
    data.write_text(json.dumps({"from": "Orla Robotics <no-reply@greenhouse.io>", "subject": "Thank you for applying to Orla Robotics",
                                "body": "Your application for the Product Analyst position has been received.",
                                "company": "Orla Robotics", "role": "Product Analyst"}) + "\n")
    out = subprocess.run([sys.executable, "-m", "agent.cli", "evaluate", "--json", "--data", str(data)],
                         capture_output=True, text=True, check=True).stdout
    report = json.loads(out)["extraction"]
    assert report["company"]["correct"] == 1 and report["role"]["correct"] == 1
