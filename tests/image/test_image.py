"""The container image, built and run against a loopback Dovecot (``scripts/build-image.sh --check``).

Opt-in (``ONWARD_IMAGE_TEST=1``): it needs a Docker daemon, root for the local base, and ~4 minutes.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(os.environ.get("ONWARD_IMAGE_TEST") != "1",
                                reason="set ONWARD_IMAGE_TEST=1 to build and run the image (docs/docker.md)")


def test_the_image_builds_and_passes_every_check() -> None:
    done = subprocess.run(["bash", str(ROOT / "scripts" / "build-image.sh"), "--tag", "onward-test", "--check"],
                          capture_output=True, text=True, timeout=1200, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "image_check: onward-test passed every step" in done.stdout
    for n in range(1, 6):
        assert f"\n{n}. " in f"\n{done.stdout}", done.stdout
