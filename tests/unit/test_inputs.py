"""agent.inputs: what a bad input file is called, null JSONL fields, and a --data folder described."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from agent.demo import samples
from agent.inputs import InputError, describe_labelled_dir, read_inputs

WHEN = datetime(2026, 11, 20, 10, tzinfo=UTC)
LABELS = ("rejection", "interview", "offer", "acknowledgement", "other")


def _eml(path: Path) -> Path:
    path.write_bytes(samples.ack("Acme", "Engineer", WHEN, f"<{path.stem}@t>"))
    return path


def _empty(folder: Path) -> Path:
    path = folder / "empty.eml"
    path.write_bytes(b"")
    return path


@pytest.mark.parametrize("make, said", [
    (lambda d: d / "missing.eml", "no such file"),
    (lambda d: d, "is a directory"),
    (_empty, "is empty"),
    (lambda d: Path("/dev/null"), "is not a regular file"),
])
def test_a_bad_file_is_called_what_it_is(tmp_path, make, said):
    path = make(tmp_path)
    with pytest.raises(InputError) as err:
        read_inputs([path])
    assert str(err.value).startswith(f"{path}: {said}")


def test_bad_files_are_reported_and_the_others_read(tmp_path):
    first, last = _eml(tmp_path / "first.eml"), _eml(tmp_path / "last.eml")
    empty = _empty(tmp_path)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"subject": "ok", "body": "fine"}\n{not json\n')
    problems: list[str] = []
    items = read_inputs([first, empty, tmp_path, bad, last], problems)
    assert [i.id for i in items] == [str(first), str(last)]  # a bad JSONL file is skipped whole
    assert problems == [f"{empty}: is empty", f"{tmp_path}: is a directory (name the files in it, e.g. "
                        f"{tmp_path}/*.eml)", f"{bad}:2: not valid JSON: Expecting property name enclosed "
                        "in double quotes"]


def test_null_jsonl_fields_count_as_empty(tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(json.dumps(o) for o in [
        {"id": None, "subject": None, "body": "Unfortunately not.", "from": None, "label": None},
        {"id": 7, "subject": "Hello", "body": None},
    ]) + "\n")
    items = read_inputs([path])
    assert [(i.id, i.subject, i.body, i.sender, i.label) for i in items] == [
        ("export.jsonl:1", "", "Unfortunately not.", "", None), ("7", "Hello", "", "", None)]


def test_a_non_string_field_is_still_refused(tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps({"subject": 3, "body": "x"}) + "\n")
    with pytest.raises(InputError, match="export.jsonl:1: expected an object with string fields"):
        read_inputs([path])


def test_a_data_folder_is_described(tmp_path):
    for name in ("a.eml", "b.eml"):
        _eml(tmp_path / name)
    (tmp_path / "Rejection").mkdir()
    (tmp_path / "spam").mkdir()
    assert describe_labelled_dir(tmp_path, LABELS) == (
        f"{tmp_path}: found 2 .eml file(s) directly in it and sub-folder(s) Rejection, spam (spam not a label)")
    empty = tmp_path / "spam"
    assert describe_labelled_dir(empty, LABELS) == f"{empty}: found no .eml file directly in it and no sub-folder"
    (empty / "rejection").mkdir()
    assert describe_labelled_dir(empty, LABELS) == (
        f"{empty}: found no .eml file directly in it and sub-folder(s) rejection (no .eml inside)")
