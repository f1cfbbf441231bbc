"""Whether this tree's extractor gives exactly what another revision's gives: company and role, their sources and
their confidences (the float itself, not rounded), email by email.

    python bench/extraction_identical.py                      # against main
    python bench/extraction_identical.py --base REV --data more.jsonl.gz

The emails: every row of ``data/extraction/labelled.jsonl``, ``data/corpus/*.jsonl`` and ``data/eval/*.jsonl``
(plus any ``--data`` file: JSON lines, optionally gzipped, with ``subject``, ``body`` and ``from``), and every email
the extraction tests hand the extractor (``tests/unit/test_extraction*.py``, ``test_applications.py``,
``test_linking.py``, Hypothesis's examples included), caught while those tests run on this tree. Each side runs in
a child process importing its own ``agent`` (REV's exported with ``git archive``, as in bench/extraction.py),
with the weights shipped in its own ``models/``. Exit status 1 when any email differs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from revision import export_tree  # noqa: E402  (bench/revision.py)

DATA = [ROOT / "data/extraction/labelled.jsonl", *sorted((ROOT / "data/corpus").glob("*.jsonl")),
        *sorted((ROOT / "data/eval").glob("*.jsonl"))]
TESTS = [*sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests/unit").glob("test_extraction*.py")),
         "tests/unit/test_applications.py", "tests/unit/test_linking.py"]

Mail = dict[str, Any]  # subject, text, from_ ([name, address] or None), reply_to ([[name, address], ...])


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _mail_of(email: Any) -> Mail:
    """What the extractor reads of a ParsedEmail, as JSON."""
    def pair(a: Any) -> list[str] | None:
        return None if a is None else [a.name, a.email]
    return {"subject": email.subject, "text": email.text, "from_": pair(email.from_),
            "reply_to": [pair(a) for a in email.reply_to]}


def _data_mails(paths: list[Path]) -> list[Mail]:
    from agent.extract.extractor import email_of  # this tree's: the same ParsedEmail goes to both sides

    return [_mail_of(email_of(r.get("subject") or "", r.get("body") or "", r.get("from") or ""))
            for path in paths for r in _rows(path)]


class _Catcher:
    """A pytest plugin: every email the tests hand :func:`agent.extract.extractor.extract`, caught where ``extract``
    asks for its candidates (a module global looked up at each call, whoever imported ``extract`` first)."""

    def __init__(self) -> None:
        self.mails: list[Mail] = []

    def pytest_configure(self) -> None:
        from agent.extract import extractor

        given = extractor.candidates

        def catching(email: Any, body: str) -> Any:
            self.mails.append(_mail_of(email))
            return given(email, body)

        extractor.candidates = catching


def _test_mails(out: Path) -> None:
    import pytest

    catcher = _Catcher()
    code = pytest.main(["-q", "-p", "no:cacheprovider", "-p", "no:randomly", *TESTS], plugins=[catcher])
    if code not in (0, 1):  # 1: some test failed; its emails count all the same
        raise SystemExit(f"pytest could not run the extraction tests (exit {code})")
    out.write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in catcher.mails), encoding="utf-8")


def _extract_all(tree: Path, mails_file: Path, out: Path) -> None:
    """Each email's extraction by ``tree``'s extractor and weights, as JSON lines (floats exactly, via repr)."""
    sys.path.insert(0, str(tree))
    from agent.extract.extractor import extract
    from agent.extract.ranker import load_ranker
    from agent.mail.types import Address, ParsedEmail

    weights = load_ranker(tree / "models/onward-extractor.json")

    def address(pair: list[str] | None) -> Address | None:
        return None if pair is None else Address(pair[0], pair[1])

    with out.open("w", encoding="utf-8") as fh:
        for m in _rows(mails_file):
            email = ParsedEmail(message_id="<identical@onward.invalid>", message_id_synthetic=True,
                                subject=m["subject"], from_=address(m["from_"]),
                                reply_to=tuple(a for a in map(address, m["reply_to"]) if a is not None), to=(), cc=(),
                                date=None, in_reply_to=None, references=(), text=m["text"], defects=(),
                                size=len(m["text"]))
            x = extract(email, weights)
            row = [[v.text, str(v.source), repr(v.confidence)] for v in (x.company, x.role)]
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def _child(*args: str) -> None:
    # one hash seed for both sides: a candidate's features are a set of strings, summed in the set's order, so
    # the last bit of a confidence follows the seed (two runs of one revision differ there without it)
    subprocess.run([sys.executable, str(Path(__file__).resolve()), *args], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL if "--catch" in args else None, env={**os.environ, "PYTHONHASHSEED": "0"})


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", default="main", help="the revision to compare with (default: main)")
    ap.add_argument("--data", type=Path, action="append", default=[], help="more emails (JSON lines, .gz too)")
    ap.add_argument("--no-tests", action="store_true", help="leave out the emails the tests hand the extractor")
    ap.add_argument("--catch", type=Path, help=argparse.SUPPRESS)                  # child: the tests' emails
    ap.add_argument("--extract", nargs=3, type=Path, help=argparse.SUPPRESS)      # child: TREE MAILS OUT
    args = ap.parse_args(argv)
    if args.catch:
        sys.path.insert(0, str(ROOT))
        _test_mails(args.catch)
        return 0
    if args.extract:
        _extract_all(*args.extract)
        return 0
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="onward-identical-") as tmp_dir:
        tmp = Path(tmp_dir)
        mails = _data_mails(DATA + args.data)
        n_data = len(mails)
        if not args.no_tests:
            _child("--catch", str(tmp / "caught.jsonl"))
            caught = {json.dumps(m, sort_keys=True): m for m in _rows(tmp / "caught.jsonl")}
            mails += caught.values()
        (tmp / "mails.jsonl").write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in mails),
                                         encoding="utf-8")
        (tmp / "base").mkdir()
        base_tree = export_tree(args.base, tmp / "base")
        for name, tree in (("this", ROOT), ("base", base_tree)):
            _child("--extract", str(tree), str(tmp / "mails.jsonl"), str(tmp / f"{name}.jsonl"))
        this = list(_rows(tmp / "this.jsonl"))
        base = list(_rows(tmp / "base.jsonl"))
    differ = [i for i, (a, b) in enumerate(zip(this, base, strict=True)) if a != b]
    for i in differ[:10]:
        print(json.dumps({"email": i, "subject": mails[i]["subject"][:80], "this": this[i], "base": base[i]},
                         ensure_ascii=False), file=sys.stderr)
    print(json.dumps({"base": args.base, "emails": len(mails), "from_data": n_data, "from_tests": len(mails) - n_data,
                      "differ": len(differ)}))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
