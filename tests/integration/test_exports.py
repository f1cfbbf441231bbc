"""What Onward writes for the user: a CSV a spreadsheet cannot run (CSV injection), and report/export
files that are private (0600), complete, and never written through a symlink."""

from __future__ import annotations

import csv
import os
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.cli.search import FORMULA_STARTS, inert_cell
from agent.privatefile import write_private
from tests.helpers import run_cli

HOSTILE = [
    ('=HYPERLINK("http://evil.test/","x")', "Engineer", "=cmd@evil.test"),
    ("@SUM(1+1)*cmd|' /C calc'!A0", "+cmd", "jane@acme.example"),
    ("-2+3+cmd|' /C calc'!A0", "-1+1", "bob@acme.example"),
]


@pytest.fixture
def cfg(tmp_path: Path) -> Path:
    path = tmp_path / "onward.toml"
    path.write_text(f'[storage]\ndatabase = "sqlite:///{tmp_path / "onward.db"}"\n', encoding="utf-8")
    path.chmod(0o600)
    return path


def _add(cfg: Path, company: str, role: str, contact: str) -> None:
    done = run_cli(cfg, "add", f"--company={company}", f"--role={role}", f"--contact={contact}")
    assert done.returncode == 0, done.stderr


def test_exported_cells_cannot_start_a_formula(cfg, tmp_path):
    for company, role, contact in HOSTILE:
        _add(cfg, company, role, contact)
    _add(cfg, "Acme", "Data Engineer", "dana@acme.example")
    out = tmp_path / "apps.csv"
    assert run_cli(cfg, "export", "--csv", str(out)).returncode == 0
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 4
    for row in rows:
        for field, cell in row.items():
            assert not cell.startswith(FORMULA_STARTS), (field, cell)
    by_company = {r["company"]: r for r in rows}
    hyper = by_company["'" + HOSTILE[0][0]]  # the text is kept, after the quote
    assert hyper["contact"] == "'=cmd@evil.test" and hyper["role"] == "Engineer"
    assert by_company["'" + HOSTILE[1][0]]["role"] == "'+cmd"
    assert by_company["'" + HOSTILE[2][0]]["role"] == "'-1+1"
    assert by_company["Acme"]["contact"] == "dana@acme.example"  # ordinary cells are untouched


@given(st.text())
def test_inert_cell_only_prefixes_what_could_run(text):
    cell = inert_cell(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell == text or (cell == "'" + text and text.startswith(FORMULA_STARTS))


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


WRITERS = [("report", "--html"), ("export", "--csv"), ("export", "--ics")]


def _planted(tmp_path: Path, name: str, text: str) -> Path:
    """A file someone made first, readable by all."""
    path = tmp_path / name
    path.write_text(text)
    path.chmod(0o644)
    return path


def _write(cfg: Path, command: tuple[str, str], target: Path) -> None:
    _add(cfg, "Acme", "Data Engineer", "dana@acme.example")
    done = run_cli(cfg, *command, str(target))
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("command", WRITERS)
def test_an_existing_file_becomes_private(cfg, tmp_path, command):
    out = _planted(tmp_path, "out.file", "old content, world-readable")
    _write(cfg, command, out)
    assert _mode(out) == 0o600 and "old content" not in out.read_text()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.file")] == []  # no temporary left


@pytest.mark.parametrize("command", WRITERS)
def test_a_symlink_is_replaced_not_written_through(cfg, tmp_path, command):
    victim = _planted(tmp_path, "victim.txt", "do not touch")
    link = tmp_path / "link.out"
    link.symlink_to(victim)
    _write(cfg, command, link)
    assert victim.read_text() == "do not touch" and _mode(victim) == 0o644
    assert not link.is_symlink() and _mode(link) == 0o600 and link.stat().st_size > 0


def test_a_failed_write_leaves_the_target_as_it_was(tmp_path):
    target = tmp_path / "report.html"
    target.write_text("the previous report")

    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        from agent.privatefile import private_output
        with private_output(target) as fh:
            fh.write("half a page")
            raise Boom
    assert target.read_text() == "the previous report" and sorted(os.listdir(tmp_path)) == ["report.html"]
    write_private(target, "new")
    assert target.read_text() == "new" and _mode(target) == 0o600
