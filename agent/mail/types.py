"""The parsed email as the rest of Onward sees it: :class:`ParsedEmail` and its :class:`Address`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


class MessageParseError(ValueError):
    """Raised only when nothing usable at all can be extracted from the input."""


@dataclass(frozen=True)
class Address:
    name: str    # display name, decoded, "" when absent; never contains CR/LF
    email: str   # addr-spec, lower-cased, "" when unparseable
    # True when the header this address came from did not hold exactly one well-formed mailbox
    # (several mailboxes, a group, a stray "<" or quote, salvage parsing): a mail client may show a
    # different person than this one, so it must never be chosen as *the* person to write to.
    # Not part of equality: Address("J", "j@x") is the same address whichever header it came from.
    ambiguous: bool = field(default=False, compare=False)

    def __str__(self) -> str:
        if self.name and self.email:
            return f"{self.name} <{self.email}>"
        return self.email or self.name

    @property
    def domain(self) -> str:
        """Lower-cased domain part of the address ("" when there is none)."""
        return self.email.rpartition("@")[2] if "@" in self.email else ""

    @property
    def local(self) -> str:
        """Lower-cased local part of the address ("" when there is none)."""
        return self.email.rpartition("@")[0] if "@" in self.email else ""


@dataclass(frozen=True)
class ParsedEmail:
    message_id: str              # "<...>" as in the header; synthesized "<sha256hex@onward.invalid>" if missing
    message_id_synthetic: bool
    subject: str                 # decoded, CR/LF folded to spaces, stripped
    from_: Address | None
    reply_to: tuple[Address, ...]
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    date: datetime | None        # timezone-aware UTC; None if absent/absurd
    in_reply_to: str | None      # "<...>"
    references: tuple[str, ...]  # "<...>" each, in header order
    text: str                    # body text: text/plain, else HTML converted to text; capped at 100_000 chars
    defects: tuple[str, ...]     # human-readable parse problems (bad charset, bad base64, ...)
    size: int                    # len(raw)
    # --- additions beyond the contract ---
    html_only: bool = False      # True when the text came from an HTML part (no usable text/plain)
    headers_only: bool = False   # True when produced by parse_headers()
    auto_reply: bool = False     # an autoresponder's answer (out of office, vacation): see parse.is_auto_reply
