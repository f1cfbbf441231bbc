"""Which template a follow-up is written with, and its text.

A template is named ``<kind>/<stage>`` (``rejection_thanks/after_interview``,
``rejection_thanks/after_application``, ``interview_thanks/after_interview``,
``check_in/after_application``, ``check_in/after_interview``) and exists per language as
``<kind>/<stage>.<lang>.txt.j2``. Looked up in this order:

1. ``followup.templates_dir`` (the user's own, same layout), in the draft's language;
2. ``followup.template`` (one file, the older key): for ``rejection_thanks`` in every stage and language;
3. the shipped ``config/templates``, in the draft's language;
4. the same two places in English (a language with no template is written in English).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from agent import shipped
from agent.config import FollowupSettings, refuse_unsafe_file
from agent.followups.rules import FollowupKind


class Template(NamedTuple):
    text: str
    name: str      # "<kind>/<stage>"
    language: str  # the language of the text


def template_name(kind: str, stage: str) -> str:
    return f"{kind}/{stage}"


def load(settings: FollowupSettings, kind: str, stage: str, language: str) -> Template:
    name = template_name(kind, stage)
    for lang in dict.fromkeys((language, "en")):
        if settings.templates_dir:
            path = Path(settings.templates_dir).expanduser() / kind / f"{stage}.{lang}.txt.j2"
            if path.is_file():
                refuse_unsafe_file(path, "followup.templates_dir")
                return Template(path.read_text(encoding="utf-8"), name, lang)
        if settings.template and kind == FollowupKind.REJECTION_THANKS:
            return Template(Path(settings.template).expanduser().read_text(encoding="utf-8"), name, language)
        try:
            return Template(shipped.template_text(f"{name}.{lang}.txt.j2"), name, lang)
        except FileNotFoundError:
            continue
    raise FileNotFoundError(f"no template {name} (looked for {language} and en)")
