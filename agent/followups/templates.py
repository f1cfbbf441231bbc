"""Which template a follow-up is written with, and its text.

A template is named ``<kind>/<stage>`` (``rejection_thanks/after_interview``,
``rejection_thanks/after_application``, ``interview_thanks/after_interview``,
``check_in/after_application``, ``check_in/after_interview``) and exists per language as
``<kind>/<stage>.<lang>.txt.j2`` (Portuguese as ``pt-BR`` and ``pt-PT``: a draft is written in one of
them, never a mix). Looked up in this order:

1. ``followup.templates_dir`` (the user's own, same layout), in the draft's language ("pt-BR", then
   plain "pt");
2. ``followup.template`` (one file, the older key): for ``rejection_thanks`` in every stage and language;
3. the shipped ``config/templates``, in the draft's language;
4. the same places in English (a language with no template is written in English).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from agent import shipped
from agent.config import FollowupSettings, refuse_unsafe_file
from agent.followups.rules import FollowupKind, Stage


class Template(NamedTuple):
    text: str
    name: str      # "<kind>/<stage>"
    language: str  # the language of the text


def template_name(kind: str, stage: str) -> str:
    return f"{kind}/{stage}"


def load_at_start(settings: FollowupSettings) -> str:
    """The rejection thank-you's template after interviews, in English, loaded when a pass or a backfill
    starts: a broken template directory or file shows then, not at the first draft."""
    return load(settings, FollowupKind.REJECTION_THANKS, Stage.AFTER_INTERVIEW, "en").text


def load(settings: FollowupSettings, kind: str, stage: str, language: str) -> Template:
    """The template of ``<kind>/<stage>`` for a draft in ``language`` (a tag: "de", "pt-BR")."""
    name = template_name(kind, stage)
    for wanted in dict.fromkeys((language, "en")):
        tags = list(dict.fromkeys((wanted, wanted.split("-", 1)[0])))
        if settings.templates_dir:
            for tag in tags:
                path = Path(settings.templates_dir).expanduser() / kind / f"{stage}.{tag}.txt.j2"
                if path.is_file():
                    refuse_unsafe_file(path, "followup.templates_dir")
                    return Template(path.read_text(encoding="utf-8"), name, wanted)
        if settings.template and kind == FollowupKind.REJECTION_THANKS:
            return Template(Path(settings.template).expanduser().read_text(encoding="utf-8"), name, language)
        for tag in tags:
            try:
                return Template(shipped.template_text(f"{name}.{tag}.txt.j2"), name, wanted)
            except FileNotFoundError:
                continue
    raise FileNotFoundError(f"no template {name} (looked for {language} and en)")
