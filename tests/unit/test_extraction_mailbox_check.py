"""The one-mailbox check of the extraction (scripts/measure_extraction_mailbox.py) reads its data as it is: a From
value the data cut short is an unknown address, not the address of another domain - which would split one job
over two applications (linking rightly keeps a company name from joining another registered domain's mail). The
emails here are written for the test."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def mailbox_check():
    spec = importlib.util.spec_from_file_location("measure_extraction_mailbox",
                                                  ROOT / "scripts/measure_extraction_mailbox.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("measure_extraction_mailbox", module)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("value,header", [
    ("Harbourline Recruiting <no-reply@hi.harbourlin", "Harbourline Recruiting <>"),  # cut: name kept, address unknown
    ("<no-reply@careers.harbourl", "unknown@unknown.invalid"),
    ("Harbourline Recruiting <no-reply@hi.harbourline.com>", "Harbourline Recruiting <no-reply@hi.harbourline.com>"),
    ("no-reply@harbourline.com", "no-reply@harbourline.com"),
    ("", "unknown@unknown.invalid"),
])
def test_a_from_value_the_data_cut_short_is_an_unknown_address(mailbox_check, value, header):
    assert mailbox_check.sender_of(value) == header


def test_one_job_whose_rejection_comes_from_a_cut_address_is_one_application(mailbox_check):
    rows = {
        "ack": {"label": "acknowledgement", "from": "Harbourline Careers <no-reply@harbourline.com>",
                "subject": "Thank you for applying to Harbourline",
                "body": "Hi Sam,\n\nThank you for applying for the Data Analyst position at Harbourline. We have "
                        "received your application and our recruiting team will review it.\n\nBest regards,\n"
                        "Harbourline Talent Team"},
        "rej": {"label": "rejection", "from": "Harbourline Recruiting <no-reply@hi.harbourlin",
                "subject": "Update from Harbourline",
                "body": "Hi Sam,\n\nThank you for your interest in the Data Analyst position at Harbourline. "
                        "Unfortunately, we have decided to move forward with other candidates whose experience "
                        "more closely matches our needs.\n\nWe wish you the best in your search.\n\n"
                        "Harbourline Recruiting"},
    }
    labels = [{"source_id": sid, "company": "Harbourline", "role": "Data Analyst"} for sid in rows]
    result = mailbox_check.check(rows, labels)
    assert result.recorded == 2
    assert len(result.apps) == 1
    assert not result.split and not result.merged_companies and not result.merged_roles
