"""Files that ship inside the package, found through :mod:`importlib.resources` only.

``pyproject.toml`` maps the repository's ``models/``, ``config/`` and ``data/corpus/`` folders to the
packages ``agent.shipped_model``, ``agent.shipped_config`` and ``agent.shipped_corpus``, so a wheel and an
editable install (the tests, CI) see the same files under the same names.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

MODEL_BASENAME = "onward-classifier"
THANK_YOU_TEMPLATE = "rejection_thanks/after_interview.en.txt.j2"


def model_path() -> Path:
    """The shipped classifier's ``.skops`` file (its ``.npz`` and ``.json`` lie beside it)."""
    return Path(str(files("agent.shipped_model") / f"{MODEL_BASENAME}.skops"))


def template_text(name: str = THANK_YOU_TEMPLATE) -> str:
    """A shipped follow-up template (``config/templates/<name>``, e.g. ``check_in/after_interview.de.txt.j2``);
    FileNotFoundError when there is none."""
    return files("agent.shipped_config").joinpath("templates", *name.split("/")).read_text(encoding="utf-8")


def service_unit_text() -> str:
    """The systemd user unit ``config/onward.service`` (``@EXEC@``: the command that runs Onward)."""
    return (files("agent.shipped_config") / "onward.service").read_text(encoding="utf-8")


def corpus_dir() -> Path:
    """The folder of the project's own training corpus (``data/corpus/*.jsonl``)."""
    return Path(str(files("agent.shipped_corpus")))



def relays_text() -> str:
    """The relay list ``config/relays.toml``: ATS, job-board and mail-relay domains that are never companies."""
    return (files("agent.shipped_config") / "relays.toml").read_text(encoding="utf-8")


def extractor_path() -> Path:
    """The company / role ranker's weights (``models/onward-extractor.json``)."""
    return Path(str(files("agent.shipped_model") / "onward-extractor.json"))
