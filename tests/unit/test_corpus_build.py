"""data/build_corpus.py rebuilds the committed corpus byte for byte from the tables in data/corpus_src/.

This fails when a table in data/corpus_src/ was edited without regenerating data/corpus/, or when a
change to the generator silently alters its output. If the new corpus is intended, run
``python data/build_corpus.py`` and commit data/corpus/ with the change.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILDER = ROOT / "data" / "build_corpus.py"
CORPUS = ROOT / "data" / "corpus"


def first_difference(built: bytes, committed: bytes) -> str:
    a, b = built.split(b"\n"), committed.split(b"\n")
    for i, (x, y) in enumerate(zip(a, b, strict=False), start=1):
        if x != y:
            return f"line {i} differs"
    return f"built {len(a)} lines, committed {len(b)}"


def test_builder_reproduces_committed_corpus(tmp_path):
    out = tmp_path / "corpus"
    proc = subprocess.run([sys.executable, str(BUILDER), "--out", str(out)], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    built = sorted(p.name for p in out.iterdir())
    assert built == sorted(p.name for p in CORPUS.glob("*.jsonl")) == ["generated.jsonl", "handwritten.jsonl", "stages.jsonl"]
    for name in built:
        new, old = (out / name).read_bytes(), (CORPUS / name).read_bytes()
        same = new == old  # not `assert new == old`: pytest would diff megabytes
        assert same, (f"data/corpus/{name} is not what data/build_corpus.py builds ({first_difference(new, old)}): "
                      "run python data/build_corpus.py and commit data/corpus/")
