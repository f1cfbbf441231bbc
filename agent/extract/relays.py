"""The relay list (``config/relays.toml``): ATS, job-board and mail-relay domains that are never companies.

A relay's domain, sub-domain and own name ("Greenhouse", "LinkedIn", "Welcome to the Jungle") say who
carried the email, not who employs: the extractor never offers them as the company, and looks for the
employer where the relay puts it (display name, subject, body, signature, slug - ``Relay.employer``).
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from agent.shipped import relays_text


class RelayKind(StrEnum):
    ATS = "ats"      # an employer's applicant-tracking system
    BOARD = "board"  # a job board or network that forwards the application
    MAIL = "mail"    # a mailing service an employer's ATS sends through


class EmployerPlace(StrEnum):
    DISPLAY = "display"
    SUBJECT = "subject"
    BODY = "body"
    SIGNATURE = "signature"
    SLUG = "slug"


@dataclass(frozen=True)
class Relay:
    vendor: str
    kind: RelayKind
    domains: tuple[str, ...]
    names: tuple[str, ...]
    employer: tuple[EmployerPlace, ...]


class RelayListError(ValueError):
    """The shipped relay list is malformed (a packaging bug: the message names the entry)."""


def parse_relays(text: str) -> tuple[Relay, ...]:
    data = tomllib.loads(text)
    out = []
    for i, entry in enumerate(data.get("relay", []), 1):
        try:
            out.append(Relay(
                vendor=str(entry["vendor"]), kind=RelayKind(entry["kind"]),
                domains=tuple(str(d).lower() for d in entry["domains"]),
                names=tuple(str(n) for n in entry.get("names", [])),
                employer=tuple(EmployerPlace(p) for p in entry.get("employer", []))))
        except (KeyError, ValueError, TypeError) as exc:
            raise RelayListError(f"relays.toml: relay #{i} ({entry.get('vendor', '?')}): {exc}") from None
    return tuple(out)


@functools.cache
def relays() -> tuple[Relay, ...]:
    return parse_relays(relays_text())


@functools.cache
def relay_domains() -> dict[str, str]:
    """Domain suffix -> vendor ("lever.co" -> "lever")."""
    return {d: r.vendor for r in relays() for d in r.domains}


_NOT_ALNUM_RE = re.compile(r"[\W_]+")
_NOT_ALNUM_ASCII = bytes(c for c in range(128) if not chr(c).isalnum())  # what [\W_] is in ASCII


def name_key(text: str) -> str:
    """Letters and digits only, accents dropped, case-folded: "Société-Exemple" -> "societeexemple" (ASCII text
    as bytes, a few times faster than the pattern)."""
    if text.isascii():
        return text.encode("ascii").translate(None, _NOT_ALNUM_ASCII).lower().decode("ascii")
    return _NOT_ALNUM_RE.sub("", unicodedata.normalize("NFKD", text)).casefold()


@functools.cache
def relay_name_keys() -> frozenset[str]:
    """The relays' own names and domain labels as :func:`name_key` keys ("welcometothejungle", "tal")."""
    keys = {name_key(n) for r in relays() for n in r.names}
    keys |= {name_key(r.vendor) for r in relays()}
    keys |= {name_key(d.split(".")[0]) for r in relays() for d in r.domains}
    return frozenset(k for k in keys if k)


@functools.lru_cache(maxsize=4096)
def relay_for_domain(domain: str) -> Relay | None:
    """The relay whose domain is ``domain`` or a parent of it, matched on whole labels."""
    labels = (domain or "").lower().strip(".").split(".")
    table = relay_domains()
    for i in range(len(labels) - 1):
        vendor = table.get(".".join(labels[i:]))
        if vendor:
            return next(r for r in relays() if r.vendor == vendor)
    return None


def is_board_address(addr: str | None) -> bool:
    """Whether an address is a job board's (LinkedIn, Indeed, StepStone...): what it sends is the board's
    notice about an application, never the employer's own email."""
    relay = relay_for_domain(addr.rpartition("@")[2]) if addr and "@" in addr else None
    return relay is not None and relay.kind == RelayKind.BOARD


def is_relay_name(text: str) -> bool:
    return name_key(text) in relay_name_keys()
