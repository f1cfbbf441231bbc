"""The frozen slice (data/eval/frozen_slice.jsonl) is never edited and never trained on: its sha256 is
pinned here, and no corpus row shares its text. Changing it needs a new file and a new test, not an edit."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FROZEN = ROOT / "data" / "eval" / "frozen_slice.jsonl"
SHA256 = "b06b30c7f93214c1f72d7e3fbbf1ca88bf7a5552c66f1adb64727fa1b9706841"


def test_frozen_slice_is_unchanged():
    assert hashlib.sha256(FROZEN.read_bytes()).hexdigest() == SHA256


def test_frozen_slice_is_not_in_the_corpus():
    frozen = {json.loads(line)["body"] for line in FROZEN.read_text(encoding="utf-8").splitlines()}
    for name in ("generated.jsonl", "handwritten.jsonl"):
        for line in (ROOT / "data" / "corpus" / name).read_text(encoding="utf-8").splitlines():
            assert json.loads(line)["body"] not in frozen
