"""``onward web`` driven in a real browser (Debian's Chromium, Selenium): the board from the printed
address, the review queue with the keyboard, a merge, a skipped follow-up, an interview time and its
thank-you, the report and the status page. Every page is checked for a blank body and for console
errors (a Content-Security-Policy violation is one), and saved as a screenshot in test-artifacts/web/.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from agent.record.rules import AppStatus
from tests.web.conftest import cli_json, wait_for
from tests.web.world import EVIL


def seen(driver: Any, artifacts: Path, name: str) -> str:
    """Check the page (not blank, no console error), save its screenshot; returns its text."""
    from selenium.webdriver.common.by import By
    body = driver.find_element(By.TAG_NAME, "body").text
    assert len(body.strip()) > 40, f"{name}: blank page: {body!r}"
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, f"{name}: console errors: {errors}"
    driver.save_screenshot(str(artifacts / f"{name}.png"))
    return str(body)


def then(driver: Any, act: Any) -> None:
    """Do ``act()`` (a click, a submit) and wait until the next page has loaded."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait
    old = driver.find_element(By.TAG_NAME, "html")

    def replaced(_drv: Any) -> bool:
        try:
            return bool(expected_conditions.staleness_of(old)(_drv))
        except WebDriverException as exc:  # Chromium may say so in its own words: the node left the document
            if "does not belong to the document" in str(exc):
                return True
            raise

    act()
    WebDriverWait(driver, 30).until(replaced)
    WebDriverWait(driver, 30).until(lambda drv: drv.execute_script("return document.readyState") == "complete")


def test_board_review_merge_skip_interview_report(served, browser, artifacts, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    url, base, cfg = served
    d = browser

    # the board, opened from the printed address: the token becomes a cookie and leaves the address
    d.get(url)
    assert d.current_url == base + "/"
    text = seen(d, artifacts, "board")
    columns = [h.get_attribute("id") for h in d.find_elements(By.CSS_SELECTOR, ".column h2")]
    assert columns == [f"col-{s.value}" for s in AppStatus]  # one column per status, whatever the enum holds
    assert "Acme Robotics" in text and "Initech" in text

    # the review queue: j/k move, one key labels; three emails labelled from the keyboard
    d.get(base + "/review")
    seen(d, artifacts, "review")
    items = d.find_elements(By.CSS_SELECTOR, ".queue .item")
    assert len(items) == 3
    assert d.switch_to.active_element == items[0]
    keys = ActionChains(d)
    keys.send_keys("j").perform()
    assert d.switch_to.active_element == items[1]
    keys.send_keys("k").perform()
    assert d.switch_to.active_element == items[0]
    wanted = {}
    for n, (key, label) in enumerate((("r", "rejection"), ("a", "acknowledgement"), ("x", "other"))):
        wanted[d.switch_to.active_element.get_attribute("data-mid")] = label
        ActionChains(d).send_keys(key).perform()
        wait_for(lambda n=n: len(d.find_elements(By.CSS_SELECTOR, ".queue .item.done")) == n + 1, what="label")
    assert "kept as a training example" in d.find_element(By.CSS_SELECTOR, ".done-note").text
    seen(d, artifacts, "review-labelled")
    assert cli_json(cfg, tmp_path, "review") == []  # the record was fixed at once
    events = {e["message_id"]: e["label"] for e in cli_json(cfg, tmp_path, "events")}
    assert {mid: events.get(mid, "other") for mid in wanted} == wanted  # "other" is no event: not a job email
    d.refresh()
    assert not d.find_elements(By.CSS_SELECTOR, ".queue .item")

    # merge: Vandelay Imports into Vandelay Industries, found by name
    apps = {a["company"]: a["application_id"] for a in cli_json(cfg, tmp_path, "outcomes")}
    keep, gone = apps["Vandelay Industries"], apps["Vandelay Imports"]
    d.get(f"{base}/applications/{keep}")
    find = d.find_element(By.ID, "find")
    find.send_keys("Vandelay")
    then(d, find.submit)
    then(d, d.find_element(By.XPATH, f"//button[normalize-space()='Merge #{gone} into this one']").click)
    assert f"application {gone} merged into {keep}" in seen(d, artifacts, "merged")
    assert gone not in {a["application_id"] for a in cli_json(cfg, tmp_path, "outcomes")}

    # skip a follow-up, then restore it
    acme = apps["Acme Robotics"]
    fu = next(f for f in cli_json(cfg, tmp_path, "followups") if f["application_id"] == acme)
    d.get(f"{base}/applications/{acme}")
    then(d, d.find_element(By.XPATH, f"//button[normalize-space()='Skip follow-up #{fu['id']}']").click)
    assert "cancelled" in seen(d, artifacts, "followup-skipped")
    after = next(f for f in cli_json(cfg, tmp_path, "followups") if f["id"] == fu["id"])
    assert (after["status"], after["reason"]) == ("cancelled", "skipped by you")
    then(d, d.find_element(By.XPATH, f"//button[normalize-space()='Restore follow-up #{fu['id']}']").click)
    seen(d, artifacts, "followup-restored")
    after = next(f for f in cli_json(cfg, tmp_path, "followups") if f["id"] == fu["id"])
    assert after["status"] in ("scheduled", "needs_recipient")

    # the interview time: its thank-you appears on the page
    initech = apps["Initech"]
    d.get(f"{base}/applications/{initech}")
    assert "Interview thanks" not in d.find_element(By.ID, "h-followups").find_element(By.XPATH, "..").text
    at = d.find_element(By.ID, "at")
    d.execute_script("arguments[0].value = arguments[1]", at, "2026-12-20T14:00")
    then(d, at.submit)
    page = seen(d, artifacts, "interview-set")
    assert f"application {initech}: interview 2026-12-20T14:00:00+00:00" in page
    section = d.find_element(By.ID, "h-followups").find_element(By.XPATH, "..").text
    assert "Interview thanks" in section and "Due 2026-12-2" in section

    # a company named with a script tag, typed into the edit form: shown as text, never run
    d.get(f"{base}/applications/{initech}")
    company = d.find_element(By.ID, "company")
    company.clear()
    company.send_keys(EVIL)
    then(d, company.submit)
    seen(d, artifacts, "edited")
    d.get(base + "/?q=Evil")
    assert EVIL in seen(d, artifacts, "board-escaped")

    # the report and the status page
    then(d, d.find_element(By.LINK_TEXT, "Report").click)
    report = seen(d, artifacts, "report")
    assert "Where the applications went" in report and d.find_elements(By.TAG_NAME, "svg")
    d.get(base + "/status")
    status = seen(d, artifacts, "status")
    assert "default" in status and "Notifications" in status


class _Evil(BaseHTTPRequestHandler):
    """Another origin's page that posts a form to the app as soon as it loads."""

    target = ""

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        page = (f'<form id="f" method="post" action="{self.target}/actions/edit">'
                '<input name="app" value="1"><input name="company" value="Pwned"></form>'
                '<script>document.getElementById("f").submit()</script>').encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def log_message(self, *_: Any) -> None:
        pass


def test_a_page_of_another_origin_cannot_change_anything(served, browser, tmp_path):
    url, base, cfg = served
    browser.get(url)  # signed in: the cookie is set
    evil = ThreadingHTTPServer(("127.0.0.1", 0), type("Evil", (_Evil,), {"target": base}))
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    try:
        browser.get(f"http://127.0.0.1:{evil.server_address[1]}/")
        wait_for(lambda: "Refused" in browser.page_source or base in browser.current_url, what="the post")
        assert "Refused" in browser.page_source
    finally:
        evil.shutdown()
    assert "Pwned" not in {a["company"] for a in cli_json(cfg, tmp_path, "outcomes")}
