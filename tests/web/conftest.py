"""Fixtures of the web app's tests.

* ``world`` (function): a recorded search (tests/web/world.py) and its config file.
* ``served`` (function): ``onward web --port 0 --no-browser`` running on that config in a child
  process: (printed URL, base address, config path).
* ``browser`` (function): Debian's Chromium through Selenium and Debian's chromedriver, headless, with
  a fresh profile; never a browser or driver download. Without them the test is skipped locally and
  FAILS with CI=true (the CI script installs chromium and chromium-driver).
* ``web`` / ``client`` (function): the app on that config in this process (Flask's test client), port
  ``PORT``; ``signed_in(client, web)`` opens the token address once (the cookie is set).
* ``artifacts``: test-artifacts/web/ (or $ONWARD_TEST_ARTIFACTS/web), where screenshots go.
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.cli import main
from agent.config import load_settings
from agent.model.classifier import Classifier
from agent.record.store import Store
from agent.web.app import Web, create_app
from agent.web.security import Keys
from tests.helpers import missing_part
from tests.web import world as web_world

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1000"]


@pytest.fixture(scope="session")
def model() -> Classifier:
    return Classifier.load()


@pytest.fixture(scope="session")
def recorded(tmp_path_factory: pytest.TempPathFactory, model: Classifier) -> Path:
    """The recorded search, built once per session (the real pass takes seconds)."""
    folder = tmp_path_factory.mktemp("web-world")
    web_world.build(folder, model)
    return folder / "onward.db"


@pytest.fixture
def world(tmp_path: Path, recorded: Path, model: Classifier) -> Path:
    """A copy of the recorded search of this test's own, and its config file."""
    shutil.copyfile(recorded, tmp_path / "onward.db")
    cfg = tmp_path / "onward.toml"
    cfg.write_text(web_world.config_text(tmp_path / "onward.db", web_world.review_threshold(model)), encoding="utf-8")
    cfg.chmod(0o600)
    return cfg


def server_env(tmp_path: Path) -> dict[str, str]:
    """The child's environment: personal models and config looked up in the test's own folders."""
    return {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path / "home"),
            "ONWARD_CONFIG": str(tmp_path / "absent.toml")}


def cli_json(cfg: Path, tmp_path: Path, *args: str) -> Any:
    """``onward --config CFG ARGS... --json`` in a child process, as a user would run it; its JSON."""
    done = subprocess.run([sys.executable, "-m", "agent.cli", "--config", str(cfg), *args, "--json"],
                          capture_output=True, text=True, timeout=120, env=server_env(tmp_path))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def served(world: Path, tmp_path: Path) -> Iterator[tuple[str, str, Path]]:
    log = tmp_path / "server.log"  # printed after the test: pytest shows it when the test failed
    proc = subprocess.Popen([sys.executable, "-m", "agent.cli", "--config", str(world), "web", "--port", "0",
                             "--no-browser"], stdout=subprocess.PIPE, stderr=log.open("w"), text=True,
                            env=server_env(tmp_path))
    try:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], 60)
        line = proc.stdout.readline() if ready else ""
        match = re.search(r"(http://127\.0\.0\.1:(\d+)/\?token=[A-Za-z0-9_-]{40,})", line)
        assert match, f"no address printed: {line!r} {log.read_text()}"
        url = match.group(1)
        yield url, url.split("/?")[0], world
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        print(log.read_text())


PORT = 8741
HOST = {"Host": f"127.0.0.1:{PORT}"}


@pytest.fixture
def web(world: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Web]:
    for k, v in server_env(tmp_path).items():
        monkeypatch.setenv(k, v)
    settings = load_settings(world)
    store = Store.for_settings(settings)
    try:
        yield Web(settings=settings, store=store, keys=Keys(port=PORT), commands=main, config=str(world))
    finally:
        store.close()


@pytest.fixture
def client(web: Web) -> Any:
    app = create_app(web)
    return app.test_client()


def signed_in(client: Any, web: Web) -> Any:
    got = client.get(f"/?token={web.keys.token}", headers=HOST)
    assert got.status_code == 303 and got.headers["Location"] == "/"
    return got


@pytest.fixture
def artifacts() -> Path:
    root = Path(os.environ.get("ONWARD_TEST_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts"))
    out = root / "web"
    out.mkdir(parents=True, exist_ok=True)
    return out


def _require_browser() -> None:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("the selenium package (pip install -e '.[test]')")
    if not missing:
        return
    reason = f"no browser for the web tests: missing {', '.join(missing)} (apt-get install chromium chromium-driver)"
    missing_part(reason)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    _require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    profile = tmp_path / "chromium-profile"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*CHROME_FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait_for(check: Any, timeout: float = 20.0, what: str = "condition") -> Any:
    """Poll ``check()`` until it returns something truthy (bounded)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        got = check()
        if got:
            return got
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")
