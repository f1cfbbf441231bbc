"""Writing measured figures into the model's metadata JSON and into a marked section of the card."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any


def replace_section(readme: Path, name: str, markdown: str) -> bool:
    """Replace what stands between ``<!-- name:start -->`` and ``<!-- name:end -->``; False if absent."""
    if not readme.exists():
        return False
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = readme.read_text(encoding="utf-8")
    if start not in text or end not in text:
        return False
    text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _m: f"{start}\n{markdown}\n{end}", text,
                  flags=re.S)
    readme.write_text(text, encoding="utf-8")
    return True


def update_metadata(model_path: Path, key: str, value: Any) -> Path:
    """Set ``key`` in the metadata JSON beside ``model_path``; returns the JSON's path."""
    meta_path = model_path.with_suffix(".json")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta[key] = value
    meta_path.write_text(json.dumps(meta, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return meta_path
