"""``onward web`` as a command: the port (taken, out of range), and "train now" running ``onward train``
in a child process whose progress the page follows."""

from __future__ import annotations

import socket
import subprocess
import sys

from tests.web.conftest import HOST, server_env, signed_in, wait_for


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
