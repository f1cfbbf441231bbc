"""The [followup] keys of follow-up kinds: which kinds of follow-up are drafted, when, in which language, and
where the user's own templates are (documented in docs/configuration.md). Read by
:func:`agent.config._parse_followup` into :class:`agent.config.FollowupSettings`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agent.followups.language import LANGUAGES, PORTUGUESE

# Career advisers' advice: two check-ins at most, the second shorter and referring to the first.
MAX_CHECK_INS = 2


def followup_kinds(sec: Any) -> dict[str, Any]:
    """The [followup] keys of follow-up kinds, read from ``sec`` (:class:`agent.config._Section`)."""
    from agent.config import refuse_unsafe_file

    language = sec.string("language", "en")
    if language not in LANGUAGES:
        raise sec._bad("language", f"one of {', '.join(LANGUAGES)}")
    templates_dir = sec.string("templates_dir")
    if templates_dir and not Path(templates_dir).expanduser().is_dir():
        raise sec._bad("templates_dir", "the path of an existing directory")
    if templates_dir:
        refuse_unsafe_file(Path(templates_dir).expanduser(), "followup.templates_dir")
    portuguese = sec.string("portuguese", "auto")
    if portuguese not in ("auto", *PORTUGUESE):
        raise sec._bad("portuguese", f"auto, {' or '.join(PORTUGUESE)}")
    after = sec.string("after_application_rejection", "draft")
    if after not in ("draft", "skip"):
        raise sec._bad("after_application_rejection", "draft or skip")
    return dict(language=language, templates_dir=templates_dir, after_application_rejection=after,
                rejection_thanks=sec.boolean("rejection_thanks", True),
                interview_thanks=sec.boolean("interview_thanks", True), check_in=sec.boolean("check_in", True),
                check_in_days=sec.integer("check_in_days", 14, 1, 365),
                max_check_ins=sec.integer("max_check_ins", 1, 0, MAX_CHECK_INS), portuguese=portuguese,
                ghosted_days=sec.integer("ghosted_days", 45, 0, 3650))
