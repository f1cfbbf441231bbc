"""The linking rule (agent/record/linking.py), pure: thread, then role, then company when a role is
unknown on one side; a domain that only resembles a company joins nothing by company alone."""

import unicodedata
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.extract.names import normalize_company
from agent.record.linking import Candidate, CompanySource, Link, LinkReason, choose, role_key

ANALYST = Candidate(1, role_key("Data Analyst"), "2026-01-02", frozenset({"globex.com"}))
ENGINEER = Candidate(2, role_key("Data Engineer"), "2026-01-03", frozenset())  # its mail came via an ATS relay
NO_ROLE = Candidate(3, "", "2026-01-01", frozenset())


def test_thread_first():
    link = choose(thread_app=9, role="Data Analyst", source=CompanySource.TEXT, sender_domain="", candidates=[ANALYST])
    assert (link.application_id, link.reason) == (9, LinkReason.THREAD)


def test_a_named_role_joins_that_roles_application():
    link = choose(thread_app=None, role="data analyst (m/w/d)", source=CompanySource.TEXT, sender_domain="",
                  candidates=[ANALYST, ENGINEER])
    assert (link.application_id, link.reason) == (1, LinkReason.ROLE)
    # the same name and role from an unrelated registered domain: a new application, flagged, never a takeover
    link = choose(thread_app=None, role="data analyst (m/w/d)", source=CompanySource.TEXT, sender_domain="x.com",
                  candidates=[ANALYST, ENGINEER])
    assert (link.application_id, link.reason, link.possible_duplicate_of) == (None, LinkReason.NEW, 1)


def test_the_same_sender_joins_whatever_company_name_it_gives():
    same = Candidate(4, role_key("Ingénieur logiciel"), "2026-01-01", frozenset({"lumiere-tech.fr"}))
    link = choose(thread_app=None, role="Ingénieur logiciel", source=CompanySource.DOMAIN,
                  sender_domain="lumiere-tech.fr", candidates=[], same_sender=[same])
    assert (link.application_id, link.reason) == (4, LinkReason.SENDER)
    link = choose(thread_app=None, role="Designer", source=CompanySource.DOMAIN,
                  sender_domain="lumiere-tech.fr", candidates=[], same_sender=[same])
    assert link.application_id is None  # another role from the same company: its own application


def test_another_role_opens_a_new_application_unless_one_has_no_role():
    link = choose(thread_app=None, role="Designer", source=CompanySource.TEXT, sender_domain="",
                  candidates=[ANALYST, ENGINEER])
    assert (link.application_id, link.reason) == (None, LinkReason.NEW)
    link = choose(thread_app=None, role="Designer", source=CompanySource.TEXT, sender_domain="",
                  candidates=[ANALYST, NO_ROLE])
    assert (link.application_id, link.reason) == (3, LinkReason.COMPANY)


def test_no_role_joins_only_an_unambiguous_application_of_the_company():
    # two open applications at the company and an email naming no role: its own application, flagged, never merged
    link = choose(thread_app=None, role=None, source=CompanySource.TEXT, sender_domain="",
                  candidates=[ANALYST, ENGINEER])
    assert (link.application_id, link.reason, link.possible_duplicate_of) == (None, LinkReason.NEW, 2)
    # one of them still open: that one
    closed = replace(ENGINEER, open=False)
    link = choose(thread_app=None, role=None, source=CompanySource.TEXT, sender_domain="", candidates=[ANALYST, closed])
    assert (link.application_id, link.reason) == (1, LinkReason.COMPANY)
    # the company's one application, closed (a second rejection): that one
    link = choose(thread_app=None, role=None, source=CompanySource.TEXT, sender_domain="", candidates=[closed])
    assert (link.application_id, link.reason) == (2, LinkReason.COMPANY)
    # the same sender with two open applications: not by sender either
    link = choose(thread_app=None, role=None, source=CompanySource.DOMAIN, sender_domain="globex.com",
                  candidates=[], same_sender=[ANALYST, replace(ENGINEER, domains=frozenset({"globex.com"}))])
    assert link.application_id is None


def test_an_address_hosting_another_company_joins_nothing_by_sender_alone():
    # "Goldman Sachs Recruiting" <...@oracle.com>: oracle.com hosts the mail, it is not Goldman's identity
    oracle = Candidate(5, role_key("Cloud Engineer Intern"), "2026-01-01", frozenset({"oracle.com"}), company_key="oracle")
    link = choose(thread_app=None, role=None, source=CompanySource.DISPLAY, sender_domain="oracle.com",
                  candidates=[], same_sender=[oracle], company_key="goldmansachs")
    assert link.application_id is None
    # and the other way round: Oracle's own rejection, naming a role, does not join Goldman's application
    goldman = Candidate(6, "", "2026-01-02", frozenset({"oracle.com"}), company_key="goldmansachs")
    link = choose(thread_app=None, role="Operations Analyst Intern", source=CompanySource.TEXT,
                  sender_domain="oracle.com", candidates=[], same_sender=[goldman], company_key="oracle")
    assert link.application_id is None
    # the same role from the same address still joins, whatever the names (a parent company's domain)
    studio = Candidate(7, role_key("Data Analyst"), "2026-01-01", frozenset({"sony.com"}), company_key="playstation")
    link = choose(thread_app=None, role="Data Analyst", source=CompanySource.DOMAIN, sender_domain="sony.com",
                  candidates=[], same_sender=[studio], company_key="sony")
    assert (link.application_id, link.reason) == (7, LinkReason.SENDER)
    # two spellings of the domain's own company still join ("Lumière Tech" / "Lumiere Technologies")
    lumiere = Candidate(8, "", "2026-01-01", frozenset({"lumiere-tech.fr"}), company_key="lumieretechnologies")
    link = choose(thread_app=None, role="Designer", source=CompanySource.TEXT, sender_domain="lumiere-tech.fr",
                  candidates=[], same_sender=[lumiere], company_key="lumieretech")
    assert (link.application_id, link.reason) == (8, LinkReason.SENDER)


def test_a_resembling_domain_needs_a_thread_role_or_same_domain():
    link = choose(thread_app=None, role=None, source=CompanySource.DOMAIN, sender_domain="globex-corp.com",
                  candidates=[ANALYST, ENGINEER])
    assert link.application_id is None
    link = choose(thread_app=None, role=None, source=CompanySource.DOMAIN, sender_domain="globex.com",
                  candidates=[ANALYST, ENGINEER])
    assert link.application_id == 1
    link = choose(thread_app=None, role="Data Engineer", source=CompanySource.DOMAIN, sender_domain="globex-corp.com",
                  candidates=[ANALYST, ENGINEER])
    assert (link.application_id, link.reason) == (2, LinkReason.ROLE)
    link = choose(thread_app=None, role=None, source=CompanySource.ATS, sender_domain="",  # a relay: no org domain
                  candidates=[ANALYST])
    assert link.application_id == 1


def test_no_role_and_only_closed_applications_joins_one_only_when_it_is_the_one():
    """Two rejected applications at the company and a later email naming no role: either could be meant,
    so it is its own application, flagged as a possible duplicate - never the first one found."""
    first, second = replace(ANALYST, open=False), replace(ENGINEER, open=False, domains=frozenset({"globex.com"}))
    link = choose(thread_app=None, role=None, source=CompanySource.TEXT, sender_domain="globex.com",
                  candidates=[first, second])
    assert (link.application_id, link.reason, link.possible_duplicate_of) == (None, LinkReason.NEW, 2)


@pytest.mark.parametrize("domain", ["initech.example", "ab.io"])
def test_an_unknown_company_from_the_same_sender_joins_its_application_of_unknown_company(domain):
    """Neither side's company is known (nothing to call hosted, whatever the domain): the sender decides."""
    unknown = Candidate(9, "", "2026-01-01", frozenset({domain}), company_key="")
    link = choose(thread_app=None, role="Data Engineer", source=CompanySource.TEXT, sender_domain=domain,
                  candidates=[], same_sender=[unknown], company_key="")
    assert (link.application_id, link.reason) == (9, LinkReason.SENDER)


def test_roles_are_compared_by_value_as_the_store_gives_them():
    """A candidate's role key is read from the database: equal to the email's, never the same object."""
    stored = "".join(["data", "analyst"])
    link = choose(thread_app=None, role="Data Analyst", source=CompanySource.TEXT, sender_domain="",
                  candidates=[Candidate(1, stored, "2026-01-02"), Candidate(2, "", "2026-01-03")])
    assert (link.application_id, link.reason) == (1, LinkReason.ROLE)
    link = choose(thread_app=None, role="Data Analyst", source=CompanySource.DOMAIN, sender_domain="sony.com",
                  candidates=[], company_key="sony",
                  same_sender=[Candidate(7, stored, "2026-01-01", frozenset({"sony.com"}), company_key="playstation"),
                               Candidate(8, "", "2026-01-02", frozenset({"sony.com"}))])
    assert (link.application_id, link.reason) == (7, LinkReason.SENDER)


def test_a_new_application_from_elsewhere_is_flagged_against_one_whose_role_is_unknown():
    """The same company name from an unrelated domain, a role named: its own application, flagged as a
    possible duplicate of the company's application whose role is unknown (it may be the same job)."""
    link = choose(thread_app=None, role="Designer", source=CompanySource.TEXT, sender_domain="x.com",
                  candidates=[Candidate(3, "", "2026-01-01", frozenset({"globex.com"}))])
    assert (link.application_id, link.reason, link.possible_duplicate_of) == (None, LinkReason.NEW, 3)


def _from_same_sender(domain: str, application: Candidate, company_key: str) -> Link:
    """The link of an email from ``domain`` naming the company ``company_key`` and a role, where
    ``application`` (of unknown role) had mail from the same sender."""
    return choose(thread_app=None, role="Consultant", source=CompanySource.DISPLAY, sender_domain=domain,
                  candidates=[], same_sender=[application], company_key=company_key)


def test_a_domain_label_of_three_letters_spells_a_company_two_letters_do_not():
    """"IBM" from ibm.com is the domain's own company, and its application joins by sender; "ge" (ge.com)
    is in too many names to say that "Generali Engineering" is General Electric's."""
    link = _from_same_sender("ibm.com", Candidate(10, "", "2026-01-01", frozenset({"ibm.com"}), company_key="ibm"),
                             "ibmconsulting")
    assert (link.application_id, link.reason) == (10, LinkReason.SENDER)
    link = _from_same_sender("ge.com", Candidate(11, "", "2026-01-01", frozenset({"ge.com"}), company_key="ge"),
                             "generaliengineering")
    assert link.application_id is None


def test_only_the_domains_own_label_spells_a_company_not_its_public_suffix():
    """"Telecom Partners" writing from oracle.com.au is hosted there: the "com" of the suffix is in its name
    by chance, and Oracle's application must not take its mail."""
    oracle = Candidate(12, "", "2026-01-01", frozenset({"oracle.com.au"}), company_key="oracle")
    assert _from_same_sender("oracle.com.au", oracle, "telecompartners").application_id is None
    acme = Candidate(13, "", "2026-01-01", frozenset({"acme.co.uk"}), company_key="acme")
    link = _from_same_sender("acme.co.uk", acme, "acmeuk")
    assert (link.application_id, link.reason) == (13, LinkReason.SENDER)


def test_the_same_sender_joins_an_accented_name_its_domain_spells_without_accents():
    # "Lumière Technologies" <recrutement@lumiere-tech.fr> acknowledged, Camille Laurent at the same domain said
    # no, naming no company and no role (the name made from the domain): one application, by sender
    ack = Candidate(9, "", "2026-01-01", frozenset({"lumiere-tech.fr"}),
                    company_key=normalize_company("Lumière Technologies"))
    link = choose(thread_app=None, role=None, source=CompanySource.DOMAIN, sender_domain="lumiere-tech.fr",
                  candidates=[], same_sender=[ack], company_key=normalize_company("Lumiere Tech"))
    assert (link.application_id, link.reason) == (9, LinkReason.SENDER)
    # a host's address still joins nothing by sender, accents or not ("Société Générale" writing from oracle.com)
    hosted = Candidate(10, "", "2026-01-01", frozenset({"oracle.com"}), company_key=normalize_company("Société Générale"))
    link = choose(thread_app=None, role=None, source=CompanySource.DOMAIN, sender_domain="oracle.com",
                  candidates=[], same_sender=[hosted], company_key="oracle")
    assert link.application_id is None


_ACCENTS = {"a": "àâä", "e": "éèêë", "i": "îï", "o": "ôö", "u": "ùûü", "c": "ç", "n": "ñ"}


@given(st.text(alphabet="acegilnoprstu", min_size=3, max_size=12), st.data())
def test_accents_never_change_whether_a_same_sender_application_is_joined(word, data):
    accented = "".join(data.draw(st.sampled_from([ch, *_ACCENTS.get(ch, "")])) for ch in word)
    assert unicodedata.normalize("NFKD", accented).encode("ascii", "ignore").decode() == word
    domain = f"{word}.fr"
    links = [choose(thread_app=None, role=None, source=CompanySource.DOMAIN, sender_domain=domain, candidates=[],
                    same_sender=[Candidate(11, "", "2026-01-01", frozenset({domain}), company_key=key)],
                    company_key=word)
             for key in (word + "technologies", accented + "technologies")]
    assert links[0] == links[1] and links[0].application_id == 11
