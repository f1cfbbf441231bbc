"""Two parts of the one recipient rule (agent/record/contacts.py): an address is exactly one addr-spec
or nothing, and a relay's email names the company's domain only when it really writes it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from agent.demo.samples import build_email
from agent.mail.parse import parse_message
from agent.record.contacts import one_addr_spec, relay_names_domain

WHEN = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("value, spec", [
    ("jane@Acme.TEST", "jane@acme.test"),            # the domain's case does not matter, the local part's may
    ("  Jane.Park@acme.test ", "Jane.Park@acme.test"),
    ("mailto:jane@acme.test", "jane@acme.test"),     # a calendar ORGANIZER's value
    ("MAILTO:jane@acme.test", "jane@acme.test"),
    ("mailto:", None), ("", None), (None, None),
    ("mailto:a@x.test,b@evil.test", None),           # two addresses: refused, never the first taken
    ("jane@acme.test\r\nBcc: b@evil.test", None),    # a header smuggled in
    ("Jane <jane@acme.test>", None),
    ("jane@@acme.test", None), ("jane@acme..test", None), ("jane..park@acme.test", None),
    ("jane park@acme.test", None), ("jane@", None), ("@acme.test", None),
    ("mailto:mailto:jane@acme.test", None),          # dropped once, not repeatedly
])
def test_an_address_is_exactly_one_addr_spec_or_nothing(value, spec):
    assert one_addr_spec(value) == spec


def _relay_mail(body: str, name: str = "Greenhouse") -> object:
    return parse_message(build_email(from_=f"{name} <no-reply@us.greenhouse-mail.io>", to="alex@example.org",
                                     subject="Your application", body=body, date=WHEN, message_id="<r@x>"))


@pytest.mark.parametrize("body, names", [
    ("Questions? Write to careers.umbrellahealth.com or visit umbrellahealth.com/jobs.", True),
    ("Visit https://www.umbrellahealth.com today.", True),
    ("Visit notumbrellahealth.com today.", False),     # another name that ends with it
    ("Visit umbrellahealth.community today.", False),  # another name that starts with it
    ("Visit umbrellahealth-com.test today.", False),
    ("See umbrellahealth.com.evil.test for details.", False),  # a longer domain that starts with it
    ("Our site: umbrellahealth.com.", True),             # the end of a sentence
    ("Ask hr-umbrellahealth.com for help.", False),
    ("Nothing about the company's domain here.", False),
])
def test_a_relay_names_the_companys_domain_only_where_it_writes_it(body, names):
    assert relay_names_domain("jobs.umbrellahealth.com", _relay_mail(body)) is names  # type: ignore[arg-type]


def test_a_relay_names_the_company_by_its_display_name_and_never_a_shared_mail_domain():
    mail = _relay_mail("Thank you for applying.", name="Umbrella Health")
    assert relay_names_domain("umbrellahealth.com", mail)  # type: ignore[arg-type]
    assert not relay_names_domain("gmail.com", _relay_mail("write to gmail.com", name="Gmail"))  # type: ignore[arg-type]
    assert not relay_names_domain("ab.com", _relay_mail("Thanks.", name="Ab"))  # type: ignore[arg-type]  # too short
