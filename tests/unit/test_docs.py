"""The docs stay true: every config key the code accepts is documented and in the example file, and
the README's test command is the one CI runs.

The keys are derived from ``agent/config.py`` itself, three ways at once, so a key added to the code
makes these tests fail until docs/configuration.md and config/onward.example.toml name it:

* the fields of the per-section settings dataclasses (``Settings.imap: ImapSettings`` → ``imap.*``);
* every ``sec.string("key", ...)`` / ``sec.integer(...)`` / ... call in ``_parse_<section>`` and
  every ``sections["<section>"].<reader>("key", ...)`` call (keys that have no dataclass field, such as
  ``imap.i_understand_tls_verification_is_off``);
* the keys the parser reads when it parses a document (``_Section.used``).

Each derived key is then checked to be accepted by ``parse_settings`` (not "unknown key"), so the
derivation cannot invent keys either.
"""

from __future__ import annotations

import ast
import dataclasses
import re
import subprocess
import tomllib
import typing
from pathlib import Path

import pytest

from agent import config

ROOT = Path(__file__).resolve().parents[2]
CONFIG_PY = ROOT / "agent" / "config.py"
CONFIG_DOC = ROOT / "docs" / "configuration.md"
EXAMPLE = ROOT / "config" / "onward.example.toml"
README = ROOT / "README.md"
CI_RUN = ROOT / ".ci" / "run"

READERS = {"get", "string", "integer", "number", "boolean", "strings"}
MINIMAL_IMAP = {"host": "imap.example.com", "username": "me@example.com"}


# -- the keys the code accepts ----------------------------------------------------------------------


def section_classes() -> dict[str, type]:
    """``Settings`` field name → its settings dataclass (``imap`` → ``ImapSettings``)."""
    hints = typing.get_type_hints(config.Settings)
    out: dict[str, type] = {}
    for f in dataclasses.fields(config.Settings):
        for cls in typing.get_args(hints[f.name]) or (hints[f.name],):
            if dataclasses.is_dataclass(cls):
                out[f.name] = cls
    return out


def keys_from_dataclasses() -> set[str]:
    return {f"{name}.{f.name}" for name, cls in section_classes().items() for f in dataclasses.fields(cls)}


def keys_from_parser_source() -> set[str]:
    sections = set(section_classes())
    tree = ast.parse(CONFIG_PY.read_text(encoding="utf-8"))
    keys: set[str] = set()
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef):
            continue
        own = fn.name.removeprefix("_parse_") if fn.name.startswith("_parse_") else None
        for node in ast.walk(fn):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in READERS and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                continue
            target = node.func.value
            if isinstance(target, ast.Name) and target.id == "sec" and own in sections:
                keys.add(f"{own}.{node.args[0].value}")
            elif (isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant)
                  and target.slice.value in sections):
                keys.add(f"{target.slice.value}.{node.args[0].value}")
    return keys


def keys_read_at_runtime(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    seen: set[str] = set()
    original = config._Section.check_unknown

    def spy(self: config._Section) -> None:
        seen.update(f"{self.name}.{k}" for k in self.used)
        original(self)

    monkeypatch.setattr(config._Section, "check_unknown", spy)
    config.parse_settings({"imap": dict(MINIMAL_IMAP)})
    return seen


@pytest.fixture
def code_keys(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    keys = keys_from_dataclasses() | keys_from_parser_source() | keys_read_at_runtime(monkeypatch)
    # the derivation itself must work: these are known to exist
    assert {"imap.host", "imap.username", "imap.i_understand_tls_verification_is_off", "followup.hours",
            "classifier.workers", "storage.database", "daemon.poll_interval"} <= keys
    assert len(keys) >= 35, sorted(keys)
    return keys


def accepted(key: str) -> bool:
    """Whether ``parse_settings`` knows the key (a badly typed value is fine: not an unknown key)."""
    section, name = key.split(".", 1)
    doc: dict[str, dict[str, object]] = {"imap": dict(MINIMAL_IMAP)}
    doc.setdefault(section, {})[name] = {"probe": object()}
    try:
        config.parse_settings(doc)
    except config.ConfigError as exc:
        return "unknown" not in str(exc) and "never stored" not in str(exc)
    return True


def test_derived_keys_are_real_keys(code_keys: set[str]) -> None:
    assert [k for k in sorted(code_keys) if not accepted(k)] == []
    assert not accepted("imap.no_such_key") and not accepted("daemon.no_such_key")


# -- docs/configuration.md ---------------------------------------------------------------------------


def documented_keys() -> set[str]:
    """The keys in the first column of the reference tables (one key per row)."""
    rows = re.findall(r"^\|\s*`([a-z_]+\.[a-z_]+)`\s*\|", CONFIG_DOC.read_text(encoding="utf-8"), re.M)
    return set(rows)


def test_every_config_key_is_in_docs_configuration(code_keys: set[str]) -> None:
    missing = sorted(code_keys - documented_keys())
    assert missing == [], f"config keys accepted by agent/config.py but not in docs/configuration.md: {missing}"


def test_docs_configuration_names_no_unknown_key() -> None:
    documented = documented_keys()
    assert len(documented) >= 35
    assert [k for k in sorted(documented) if not accepted(k)] == []


# -- config/onward.example.toml ----------------------------------------------------------------------


def example_keys() -> set[str]:
    """Keys set or shown commented out (``# key = ...`` at the start of a line) in the example file;
    a sub-table header such as ``[imap.training_folders]`` counts as its key."""
    keys: set[str] = set()
    section = None
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        header = re.match(r"^\s*#?\s*\[([a-z_.]+)\]", line)
        if header:
            name = header.group(1)
            section, _, sub = name.partition(".")
            if sub:
                keys.add(f"{section}.{sub}")
                section = None  # the lines under a sub-table are its entries, not section keys
            continue
        m = re.match(r"^\s*#?\s*([a-z_]+)\s*=", line)
        if m and section:
            keys.add(f"{section}.{m.group(1)}")
    return keys


def test_example_toml_is_valid_toml_and_known_keys() -> None:
    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert set(data) <= set(section_classes())
    assert example_keys()  # the reader finds keys at all


def test_every_config_key_is_in_the_example_toml(code_keys: set[str]) -> None:
    missing = sorted(code_keys - example_keys())
    assert missing == [], f"config keys accepted by agent/config.py but not in {EXAMPLE.name}: {missing}"


# -- README ↔ .ci/run ----------------------------------------------------------------------------------


def readme_blocks() -> list[str]:
    return re.findall(r"^```sh\n(.*?)^```", README.read_text(encoding="utf-8"), re.M | re.S)


def readme_test_command() -> str:
    text = README.read_text(encoding="utf-8")
    after = text.split("<!-- ci:test-command", 1)
    assert len(after) == 2, "README.md lost the <!-- ci:test-command --> marker"
    block = re.search(r"^```sh\n(.*?)^```", after[1], re.M | re.S)
    assert block, "no fenced sh block after the marker"
    lines = [ln for ln in block.group(1).splitlines() if ln.strip()]
    assert len(lines) == 1, lines
    return lines[0]


def test_ci_runs_the_readme_test_command_as_written() -> None:
    cmd = readme_test_command()
    assert "-m pytest -q" in cmd
    done = subprocess.run(["bash", str(CI_RUN), "--print-test-command"], capture_output=True, text=True,
                          timeout=30, check=True)
    assert done.stdout == cmd + "\n"
    script = CI_RUN.read_text(encoding="utf-8")
    assert 'bash -c "$TEST_CMD"' in script  # ... and it runs that string, not a copy of it


def test_readme_starts_with_the_two_set_up_commands() -> None:
    text = README.read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings[0].startswith("Set-up"), headings
    demo, tests = readme_blocks()[:2]
    assert demo.strip().endswith("onward demo") and "python3-venv" in demo
    assert tests.strip() == readme_test_command()
    assert text.index(demo) < text.index("\n## ", text.index("## Set-up"))
