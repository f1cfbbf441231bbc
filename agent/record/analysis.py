"""What the record stage receives for one message: the intake's :class:`Analysis` (parsed or why not,
classified, its disposition decided once, and its :class:`Facts`). Defined here, below the intake that
fills it in and the batch recorder that reads it, so neither needs the other."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from agent.mail.bounce import Bounce
from agent.mail.types import ParsedEmail
from agent.record.facts import Facts
from agent.record.rules import Disposition, Verdict

if TYPE_CHECKING:  # the classifier (numpy) loads where messages are classified, not where they are recorded
    from agent.model.classifier import Prediction

LanguageOf = Callable[[ParsedEmail], str]  # the language of a company's email (its follow-up is written in it)


@dataclasses.dataclass(frozen=True)
class Analysis:
    """One message after the intake: parsed (or why not), classified, its disposition decided once,
    and the record stage's :class:`Facts` and language for the emails it will put on record (or, for a mail
    system's report that the user's email could not be delivered, that :class:`Bounce`)."""

    email: ParsedEmail | str
    prediction: Prediction | None = None
    verdict: Verdict | None = None
    disposition: Disposition = Disposition.IGNORE
    facts: Facts | None = None
    language: str | None = None  # of a job email's text (its follow-up is written in it); None: not detected here
    bounce: Bounce | None = None  # a delivery-status report: never a job email, never news of an application
