"""``onward web`` as a command: the port (taken, out of range), and "train now" running ``onward train``
in a child process whose progress the page follows."""

from __future__ import annotations

import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from tests.web.conftest import HOST, server_env, signed_in, wait_for
from tests.web.world import NOW


def _web(cfg, tmp_path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "agent.cli", "--config", str(cfg), "web", "--no-browser", *args],
                          capture_output=True, text=True, timeout=60, env=server_env(tmp_path))


def test_a_taken_or_impossible_port_is_one_line_and_exit_2(world, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = _web(world, tmp_path, "--port", str(port))
    assert done.returncode == 2
    assert done.stderr == f"onward: --port {port}: already in use (try another, or --port 0 for any free one)\n"
    done = _web(world, tmp_path, "--port", "70000")
    assert (done.returncode, done.stderr) == (2, "onward: --port 70000: expected 0 to 65535\n")


def test_train_now_runs_onward_train_and_the_page_follows_it(client, web):
    signed_in(client, web)
    try:
        started = client.post("/train", data={"csrf": web.keys.csrf, "next": "/review#train"}, headers=HOST)
        assert started.status_code == 303 and started.headers["Location"] == "/review#train"
        assert web.training.running
        again = client.post("/train", data={"csrf": web.keys.csrf}, headers=HOST)
        assert again.status_code == 303  # a second one is refused while the first runs (the page says so)
        lines = wait_for(lambda: client.get("/api/train", headers=HOST).get_json()["lines"], timeout=120,
                         what="the first progress line of onward train")
        assert any("examples" in line for line in lines), lines
        page = client.get("/review", headers=HOST).get_data(as_text=True)
        assert 'id="train-log"' in page and lines[0] in page
    finally:
        web.training.stop()
    wait_for(lambda: not web.training.running, timeout=30, what="the training to stop")


def test_without_javascript_every_action_is_a_form_and_the_page_says_what_happened(client, web):
    signed_in(client, web)
    review = client.get("/review", headers=HOST).get_data(as_text=True)
    assert review.count('<form method="post" action="/actions/label"') == 3
    done = client.post("/actions/label", data={"csrf": web.keys.csrf, "next": "/review",
                                               "message_id": "<rv0@tallyho.example>", "label": "rejection"},
                       headers=HOST)
    assert done.status_code == 303 and done.headers["Location"] == "/review"
    after = client.get("/review", headers=HOST).get_data(as_text=True)
    assert "&lt;rv0@tallyho.example&gt;: recorded as rejection; kept as a training example" in after
    assert after.count('<form method="post" action="/actions/label"') == 2
    again = client.get("/review", headers=HOST).get_data(as_text=True)
    assert "recorded as rejection" not in again  # a message is shown once
    bad = client.post("/actions/interview", data={"csrf": web.keys.csrf, "app": "4", "at": "someday",
                                                  "minutes": "60", "next": "/applications/4"}, headers=HOST)
    assert bad.headers["Location"] == "/applications/4"
    page = client.get("/applications/4", headers=HOST).get_data(as_text=True)
    assert "--at &#39;someday&#39;: expected an ISO date-time such as 2026-12-03T14:00" in page


def test_the_browser_gets_a_private_redirect_file_not_the_token(world, tmp_path):
    seen = tmp_path / "browser-args"
    page = tmp_path / "browser-page"
    browser = tmp_path / "fake-browser"
    browser.write_text(f'#!/bin/sh\necho "$1" > {seen}\ncat "${{1#file://}}" > {page}.tmp\n'
                       f'stat -c %a "${{1#file://}}" >> {page}.tmp\nmv {page}.tmp {page}\n')
    browser.chmod(0o700)
    env = {**server_env(tmp_path), "BROWSER": str(browser)}
    proc = subprocess.Popen([sys.executable, "-m", "agent.cli", "--config", str(world), "web", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().split()[3]
        wait_for(page.exists, timeout=30, what="the browser to be started")
        arg = seen.read_text().strip()
        assert arg.startswith("file://") and "token" not in arg
        html, mode = page.read_text().rsplit("\n", 2)[:2]
        assert mode == "600"
        assert f'content="0;url={url}"' in html and f'<a href="{url}">' in html
    finally:
        proc.terminate()
        assert proc.wait(10) == 0  # SIGTERM ends it as Ctrl-C does
    assert not Path(arg.removeprefix("file://")).exists()  # the redirect file is removed at the end


def _acme_thanks_in_drafts(web):
    """Acme Robotics' rejection thank-you, as if a pass had saved its draft two hours ago; and every follow-up."""
    with web.store.transaction() as conn:
        rows = web.store.list_followups(conn)
        [fu] = [f for f in rows if f.company == "Acme Robotics" and f.kind == "rejection_thanks"]
        web.store.update_followup(conn, fu.id, status="drafted", draft_message_id="<d1@example.org>",
                                  drafted_at=(NOW - timedelta(hours=2)).isoformat())
    return fu, rows


def test_a_drafted_follow_up_can_be_said_sent_from_its_page(client, web):
    """A draft whose copy in Sent no pass could recognise: the page offers "I sent follow-up #N", which
    runs ``onward followups sent N``; a follow-up not in Drafts gets no such button."""
    signed_in(client, web)
    fu, rows = _acme_thanks_in_drafts(web)
    page = client.get(f"/applications/{fu.application_id}", headers=HOST).get_data(as_text=True)
    assert f"I sent follow-up #{fu.id}" in page
    assert all(f"I sent follow-up #{f.id}" not in page for f in rows if f.id != fu.id)
    done = client.post("/actions/followup-sent", data={"csrf": web.keys.csrf, "id": str(fu.id),
                                                        "next": f"/applications/{fu.application_id}"},
                       headers=HOST)
    assert done.status_code == 303
    page = client.get(f"/applications/{fu.application_id}", headers=HOST).get_data(as_text=True)
    assert f"follow-up {fu.id} (rejection_thanks, Acme Robotics): sent, sent " in page
    assert f"I sent follow-up #{fu.id}" not in page
    with web.store.transaction() as conn:
        assert [f.status for f in web.store.list_followups(conn) if f.id == fu.id] == ["sent"]


def test_a_saved_draft_the_user_deleted_can_be_skipped_from_its_page(client, web):
    """A draft saved in Drafts that the user deleted in their mail client: the page offers "I deleted the draft
    of follow-up #N: skip it", which runs ``onward followups skip N``; the follow-up is cancelled and the mailbox
    is not touched."""
    signed_in(client, web)
    fu, rows = _acme_thanks_in_drafts(web)
    button = f"I deleted the draft of follow-up #{fu.id}: skip it"
    page = client.get(f"/applications/{fu.application_id}", headers=HOST).get_data(as_text=True)
    assert button in page
    done = client.post("/actions/followup-skip", data={"csrf": web.keys.csrf, "id": str(fu.id),
                                                        "next": f"/applications/{fu.application_id}"},
                       headers=HOST)
    assert done.status_code == 303
    page = client.get(f"/applications/{fu.application_id}", headers=HOST).get_data(as_text=True)
    assert f"follow-up {fu.id} (rejection_thanks, Acme Robotics): cancelled" in page and button not in page
    with web.store.transaction() as conn:
        assert [(f.status, f.user_action) for f in web.store.list_followups(conn) if f.id == fu.id] == \
            [("cancelled", "skipped")]


def test_a_withdrawn_application_has_its_own_column_and_filter(client, web):
    """The status form offers "Withdrawn" (``onward edit --status withdrawn``); the board shows the application in
    its own column, and ``?status=withdrawn`` lists it alone."""
    signed_in(client, web)
    with web.store.transaction() as conn:
        [app] = [a for a in web.store.list_outcomes(conn) if a.company == "Acme Robotics"]
    page = client.get(f"/applications/{app.id}", headers=HOST).get_data(as_text=True)
    assert '<option value="withdrawn" >Withdrawn</option>' in page
    done = client.post("/actions/edit", data={"csrf": web.keys.csrf, "app": str(app.id), "status": "withdrawn",
                                               "next": f"/applications/{app.id}"}, headers=HOST)
    assert done.status_code == 303
    board = client.get("/", headers=HOST).get_data(as_text=True)
    assert 'id="col-withdrawn">Withdrawn <span class="count">1</span>' in board
    only = client.get("/?status=withdrawn", headers=HOST).get_data(as_text=True)
    assert "Acme Robotics" in only and 'id="col-applied"' not in only


def test_any_recorded_email_can_be_relabelled_from_its_applications_page(client, web):
    """The review queue offers labels only for the emails the model was unsure of; the application's timeline
    offers them for every email on record (``onward label``), and a label that leaves nothing of the
    application goes back to the board."""
    signed_in(client, web)
    with web.store.transaction() as conn:
        events = web.store.list_events(conn)
        apps = {a.id: a for a in web.store.list_outcomes(conn)}
    by_app: dict[int, list] = {}
    for e in events:
        by_app.setdefault(e.application_id, []).append(e)
    [rejected] = [e for e in events if apps[e.application_id].company == "Acme Robotics" and e.label == "rejection"]
    page = client.get(f"/applications/{rejected.application_id}", headers=HOST).get_data(as_text=True)
    assert page.count('<form method="post" action="/actions/label"') == len(by_app[rejected.application_id])
    assert '<option value="rejection" selected>rejection</option>' in page
    done = client.post("/actions/label", data={"csrf": web.keys.csrf, "message_id": rejected.message_id,
                                               "label": "interview",
                                               "next": f"/applications/{rejected.application_id}"}, headers=HOST)
    assert done.headers["Location"] == f"/applications/{rejected.application_id}"
    page = client.get(f"/applications/{rejected.application_id}", headers=HOST).get_data(as_text=True)
    assert "rejection -&gt; interview" in page and '<option value="interview" selected>interview</option>' in page
    [(lone, [only])] = [(a, evs) for a, evs in by_app.items() if len(evs) == 1][:1]
    done = client.post("/actions/label", data={"csrf": web.keys.csrf, "message_id": only.message_id,
                                               "label": "other", "next": f"/applications/{lone}"}, headers=HOST)
    assert done.headers["Location"] == "/"  # removed with its only email: its page is gone
    assert f"application {lone} (" in client.get("/", headers=HOST).get_data(as_text=True)
