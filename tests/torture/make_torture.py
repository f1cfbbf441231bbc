#!/usr/bin/env python3
"""Write the torture corpus as ``<name>.eml`` files (deterministic, byte-identical each run).

    python tests/torture/make_torture.py OUTDIR [--no-large]

Nothing is committed: the corpus is normally generated at test time (see __init__.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repo root -> `import tests.torture`

from tests.torture.generate import NOTES, torture_messages  # noqa: E402


def write_corpus(outdir: str | Path, *, large: bool = True) -> list[Path]:
    """Write every case to ``outdir/<name>.eml`` and return the paths."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, raw in torture_messages(large=large):
        p = out / f"{name}.eml"
        p.write_bytes(raw)
        paths.append(p)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("--no-large", action="store_true", help="skip the 25 MB / 1 MB cases")
    args = ap.parse_args(argv)
    for p in write_corpus(args.outdir, large=not args.no_large):
        print(f"{p.stat().st_size:>10}  {p.name:<36} {NOTES[p.stem]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
