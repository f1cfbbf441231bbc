"""What each form of the web app stands for: an ``onward`` command line (the command does all the
checking and the work, :mod:`agent.web.bridge` runs it). A new command gets its form with one entry in
:data:`ACTIONS` and a button in a template."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from agent.record.rules import Label

# One key per label in the review queue; a label the classifier gains later gets its first letter.
LABEL_KEYS = {"rejection": "r", "interview": "i", "offer": "o", "acknowledgement": "a", "other": "x",
              "assessment": "s"}


def label_keys() -> list[tuple[str, str]]:
    """(key, label) for every label the classifier has, in the enum's order."""
    return [(LABEL_KEYS.get(label.value, label.value[0]), label.value) for label in Label]


class FormError(ValueError):
    """A form field is missing or malformed (the message names it)."""


def _field(form: Mapping[str, str], name: str) -> str:
    value = (form.get(name) or "").strip()
    if not value:
        raise FormError(f"{name}: please fill it in")
    return value


def _number(form: Mapping[str, str], name: str) -> str:
    value = _field(form, name)
    if not value.isdigit():
        raise FormError(f"{name} {value!r}: expected a number")
    return value


def _refuse_delete() -> list[str]:
    raise FormError("confirm: tick the box to delete this application (your mailbox is not touched)")


def _edit(form: Mapping[str, str]) -> list[str]:
    argv = ["edit", _number(form, "app")]
    for name in ("company", "role", "contact", "status"):
        if name in form:
            argv.append(f"--{name}={form[name].strip()}")
    return argv


def _followup_set(form: Mapping[str, str]) -> list[str]:
    argv = ["followups", "set", _number(form, "id")]
    argv += [f"--{name}={form[name].strip()}" for name in ("to", "due") if (form.get(name) or "").strip()]
    return argv


# Each action: the ``onward`` command line its form stands for (the command does all the checking).
ACTIONS: dict[str, Callable[[Mapping[str, str]], list[str]]] = {
    "edit": _edit,
    "merge": lambda f: ["merge", _number(f, "app"), _number(f, "other")],
    "interview": lambda f: ["interview", _number(f, "app"), f"--at={_field(f, 'at')}",
                            f"--minutes={_number(f, 'minutes')}"],
    "followup-skip": lambda f: ["followups", "skip", _number(f, "id")],
    "followup-restore": lambda f: ["followups", "restore", _number(f, "id")],
    "followup-sent": lambda f: ["followups", "sent", _number(f, "id")],
    "followup-set": _followup_set,
    "delete": lambda f: ["delete", _number(f, "app"), "--yes"] if f.get("confirm") == "yes" else _refuse_delete(),
    "note": lambda f: ["reflect", _number(f, "app"), f"--note={_field(f, 'note')}"],
    "label": lambda f: ["label", "--", _field(f, "message_id"), _field(f, "label")],
    "model-use": lambda f: ["model", "use", _field(f, "which")],
}
CHANGES_MODEL = {"label", "model-use"}  # after these the cached classifier is loaded again
