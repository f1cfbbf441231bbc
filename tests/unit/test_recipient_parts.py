"""Two parts of the one recipient rule (agent/record/contacts.py): an address is exactly one addr-spec
or nothing, and a relay's email names the company's domain only when it really writes it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from agent.demo.samples import build_email
from agent.mail.parse import parse_message
from agent.record.contacts import one_addr_spec, org_domain, recipient_rule, relay_names_domain, sender_key

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


def _mail(sender: str, reply_to: str | None = None) -> object:
    return parse_message(build_email(from_=sender, to="alex@example.org", subject="Your application",
                                     body="Thank you for applying.", date=WHEN, message_id="<m@x>",
                                     reply_to=reply_to))


@pytest.mark.parametrize("sender, reply_to, notes", [
    # a no-reply From and a Reply-To of two people: neither is taken, and the note says why
    ("Acme Careers <no-reply@acme.test>", "Jane <jane@acme.test>, Bob <bob@evil.test>",
     ("Reply-To holds several addresses, a group or a misleading name: not used",
      "From no-reply@acme.test is an automated address")),
    # a From that is no plain address cannot vouch for a Reply-To on its domain
    ("Jane <jane..park@acme.test>", "Jane Park <jane.park@acme.test>",
     ("Reply-To jane.park@acme.test cannot be checked against the From address: not used",
      "From 'jane..park@acme.test' is not one plain address")),
    # nor can a misleading one (an address as the display name, unquoted)
    ("jane@acme.test <x@evil.test>", "Jane Park <jane.park@acme.test>",
     ("Reply-To jane.park@acme.test cannot be checked against the From address: not used",
      "From holds several addresses, a group or a misleading name: not used")),
])
def test_nobody_is_chosen_when_the_headers_cannot_vouch_for_one_person_and_the_notes_say_why(
        sender, reply_to, notes):
    choice = recipient_rule(_mail(sender, reply_to))
    assert (choice.contact, choice.notes, choice.source) == (None, notes, "")


def test_the_sender_linking_compares_is_the_organisation_or_on_a_shared_mail_domain_the_address():
    assert sender_key(_mail("Jane Park <jane.park@gmail.com>").from_) == "addr:jane.park@gmail.com"
    assert sender_key(_mail("Jane Park <jane.park@careers.acme.co.uk>").from_) == "acme.co.uk"
    assert (org_domain(""), org_domain(" . "), org_domain("Mail.Acme.co.uk.")) == ("", "", "acme.co.uk")
