"""Personal models kept side by side, and which model is in use.

Layout (the user's data dir, ``<data>/onward/models/``):

* ``personal-N.skops`` / ``.npz`` / ``.json`` - every model ``onward train`` adopted, numbered 1, 2, ...
  and never deleted by Onward;
* ``personal.skops`` / ``.npz`` / ``.json`` - the copy in use (what ``agent.cli.common.model_path`` loads);
  its metadata carries ``number``. ``onward model use N`` copies ``personal-N`` there, ``onward model use
  shipped`` removes it (the numbered files stay).

A ``personal.*`` written by an older Onward (no ``number``) is kept as the next number before anything
replaces it. ``classifier.model`` in the config overrides all of this (see :func:`model_in_use`).
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from agent import shipped

SUFFIXES = (".skops", ".npz", ".json")
_NUMBERED = re.compile(r"^personal-(\d+)\.json$")


class RegistryError(ValueError):
    """A model number that does not exist, or a ``use`` argument that is neither ``shipped`` nor a number."""


def models_dir() -> Path:
    import platformdirs
    return Path(platformdirs.user_data_dir("onward")) / "models"


def _meta(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def numbered(root: Path) -> dict[int, Path]:
    """Number -> ``personal-N.skops`` path of each kept model (its metadata exists)."""
    out = {}
    if root.is_dir():
        for p in root.iterdir():
            m = _NUMBERED.match(p.name)
            if m:
                out[int(m.group(1))] = p.with_suffix(".skops")
    return dict(sorted(out.items()))


def current_path(root: Path) -> Path:
    return root / "personal.skops"


def _copy(src: Path, dst: Path, number: int | None) -> None:
    """Copy a model's three files (metadata last, with ``number`` set); each written to a temporary file
    and renamed, readable by the user only."""
    for suffix in SUFFIXES:
        s, d = src.with_suffix(suffix), dst.with_suffix(suffix)
        if not s.exists():
            continue
        data = s.read_bytes()
        if suffix == ".json" and number is not None:
            meta = json.loads(data)
            meta["number"] = number
            data = (json.dumps(meta, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
        tmp = d.with_name(d.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        tmp.replace(d)


def keep_unnumbered(root: Path) -> int | None:
    """A ``personal.*`` without a number (older Onward) is kept as the next number; returns it."""
    cur = current_path(root)
    meta = _meta(cur.with_suffix(".json"))
    if not cur.with_suffix(".json").exists() or "number" in meta:
        return None
    n = max(numbered(root), default=0) + 1
    _copy(cur, root / f"personal-{n}.skops", n)
    _copy(cur, cur, n)
    return n


def adopt(root: Path, trained: Path) -> int:
    """Number a freshly saved model (``trained``, any name in ``root``) and put it in use; returns N."""
    keep_unnumbered(root)
    n = max(numbered(root), default=0) + 1
    target = root / f"personal-{n}.skops"
    _copy(trained, target, n)
    if trained.resolve() != target.resolve():
        for suffix in SUFFIXES:
            trained.with_suffix(suffix).unlink(missing_ok=True)
    _copy(target, current_path(root), n)
    return n


def use(root: Path, which: str) -> dict[str, Any]:
    """``shipped`` or a model number; returns what is in use afterwards."""
    keep_unnumbered(root)
    if which == "shipped":
        for suffix in SUFFIXES:
            current_path(root).with_suffix(suffix).unlink(missing_ok=True)
        return {"model": "shipped"}
    if not which.isdigit():
        raise RegistryError(f"model {which!r}: expected 'shipped' or a number from `onward model list`")
    n = int(which)
    kept = numbered(root)
    if n not in kept:
        have = ", ".join(map(str, kept)) or "none yet"
        raise RegistryError(f"no personal model {n} (kept: {have}; see `onward model list`)")
    _copy(kept[n], current_path(root), n)
    return {"model": "personal", "number": n}


def listing(root: Path) -> list[dict[str, Any]]:
    """The shipped model and every kept personal model, with ``in_use`` set on the one in use (when
    no ``classifier.model`` overrides them)."""
    cur = _meta(current_path(root).with_suffix(".json")) if current_path(root).with_suffix(".json").exists() else None
    ship = _meta(shipped.model_path().with_suffix(".json"))
    rows = [_row("shipped", ship, shipped.model_path(), cur is None)]
    for n, path in numbered(root).items():
        rows.append(_row(str(n), _meta(path.with_suffix(".json")), path, cur is not None and cur.get("number") == n))
    if cur is not None and "number" not in cur:
        rows.append(_row("personal (unnumbered)", cur, current_path(root), True))
    return rows


def _row(name: str, meta: dict[str, Any], path: Path, in_use: bool) -> dict[str, Any]:
    return {"model": name, "in_use": in_use, "trained_at": meta.get("trained_at"),
            "examples": meta.get("n_examples", (meta.get("corpus") or {}).get("n")),
            "your_examples": meta.get("n_user_examples", 0), "threshold": meta.get("recommended_threshold"),
            "path": str(path)}


def model_in_use(settings: Any) -> dict[str, Any]:
    """Which model classifies mail for ``settings`` (for ``onward status``): ``{"model": "shipped" |
    "personal" | "file", "number": N (personal), "path", "trained_at"}``. Same resolution as the
    commands: ``classifier.model``, else the personal model in use, else the shipped one."""
    configured = getattr(getattr(settings, "classifier", None), "model", None)
    if configured:
        path = Path(configured).expanduser()
        return {"model": "file", "path": str(path), "trained_at": _meta(path.with_suffix(".json")).get("trained_at")}
    cur = current_path(models_dir())
    if cur.is_file():
        meta = _meta(cur.with_suffix(".json"))
        out: dict[str, Any] = {"model": "personal", "path": str(cur), "trained_at": meta.get("trained_at")}
        if "number" in meta:
            out["number"] = meta["number"]
        return out
    path = shipped.model_path()
    return {"model": "shipped", "path": str(path), "trained_at": _meta(path.with_suffix(".json")).get("trained_at")}
