"""Files Onward writes for the user (a report page, an export, the service's environment file): private
(0600) from the first byte, complete or absent, and never written through a symlink.

The data goes to a new temporary file beside the target (``mkstemp``: mode 0600, ``O_EXCL``, so no
pre-created file or link can be opened instead); once it is complete and on disk it is renamed over
the target. A symlink at the target is replaced by the file, not followed; an existing file keeps
neither its content nor its mode (a 0644 file becomes 0600). A failure leaves the target as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


@contextmanager
def private_output(path: str | os.PathLike[str], mode: str = "w", **kw: Any) -> Iterator[IO[Any]]:
    """``open()``-like: a private temporary file beside ``path``, renamed over ``path`` when the block ends
    without an error (removed otherwise). ``mode``: ``"w"`` or ``"wb"``. Raises OSError."""
    target = Path(path).expanduser()
    if target.is_dir() and not target.is_symlink():
        raise IsADirectoryError(21, "is a directory", str(target))
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, mode, **kw) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_private(path: str | os.PathLike[str], text: str) -> None:
    """``text`` (UTF-8) to ``path`` through :func:`private_output`."""
    with private_output(path, "w", encoding="utf-8") as fh:
        fh.write(text)
