#!/usr/bin/env python3
"""Run Onward's container image against a throwaway Dovecot on loopback, as a user would.

    python scripts/image_check.py --image onward       (scripts/build-image.sh --check runs it)

What it checks, each step one line (``ok`` or what went wrong):
1. the image runs as the unprivileged user 10001;
2. ``onward check`` signs in to the Dovecot (TLS with its own CA, the password from ``ONWARD_PASSWORD``);
3. ``onward run --once`` records the demo mailbox: both rejections, the interview, the acknowledgement;
4. the record is in the ``/data`` volume (``onward.db``, mode 0600, owned by 10001) and INBOX is untouched
   (no message marked read, none moved);
5. the image's health check (``onward status --stale-after 30``) passes, and the daemon, started as the
   image's default command, turns ``healthy`` and stops cleanly on ``docker stop`` (exit 0).
Needs Docker, Dovecot (Debian's ``dovecot-imapd``) and this project installed (the demo's Dovecot helper).
Exit code 0 when every step passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from agent.demo.dovecot import DovecotServer
from agent.demo.dovecot_setup import onward_config
from agent.demo.samples import demo_story

USER, PASSWORD, UID = "demo", "image-check-password", 10001


class CheckFailed(Exception):
    pass


def docker(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout)


def in_image(image: str, data: Path, *args: str, entrypoint: str | None = None) -> subprocess.CompletedProcess[str]:
    """``docker run`` of one command, the state volume mounted, on the host's network (Dovecot is on 127.0.0.1)."""
    pre = ["--entrypoint", entrypoint] if entrypoint else []
    return docker("run", "--rm", "--network", "host", "-v", f"{data}:/data", "-e", f"ONWARD_PASSWORD={PASSWORD}",
                  *pre, image, *args)


def expect(done: subprocess.CompletedProcess[str], what: str, code: int = 0) -> str:
    if done.returncode != code:
        raise CheckFailed(f"{what}: exit {done.returncode}, expected {code}: {(done.stderr or done.stdout).strip()[-600:]}")
    return done.stdout


def step(n: int, text: str) -> None:
    print(f"{n}. {text}: ok", flush=True)


def unread_in_inbox(server: DovecotServer) -> int:
    client = server.client(USER)
    try:
        client.select_folder("INBOX", readonly=True)
        return len(client.search(["UNSEEN"]))
    finally:
        client.logout()


def run_checks(image: str, server: DovecotServer, data: Path) -> None:
    uid = expect(in_image(image, data, "-u", entrypoint="id"), "id -u in the image").strip()
    if uid != str(UID):
        raise CheckFailed(f"the image runs as uid {uid}, not {UID}")
    step(1, f"runs as uid {UID}")

    out = expect(in_image(image, data, "check"), "onward check")
    step(2, f"onward check ({out.strip().splitlines()[-1] if out.strip() else 'signed in'})")

    before = unread_in_inbox(server)
    expect(in_image(image, data, "run", "--once"), "onward run --once")
    outcomes = json.loads(expect(in_image(image, data, "outcomes", "--json"), "onward outcomes --json"))
    statuses = sorted(o["status"] for o in outcomes)
    events = json.loads(expect(in_image(image, data, "events", "--json"), "onward events --json"))
    labels = sorted(e["label"] for e in events)
    if labels.count("rejection") != 2 or "interview" not in labels or "acknowledgement" not in labels:
        raise CheckFailed(f"the demo mailbox was recorded as {labels}")
    step(3, f"one pass recorded {len(events)} emails ({', '.join(labels)}); applications: {', '.join(statuses)}")

    db = data / "onward" / "onward.db"
    if not db.exists():
        raise CheckFailed(f"no database at {db}: {sorted(p.name for p in data.rglob('*'))}")
    st = db.stat()
    if stat.S_IMODE(st.st_mode) & 0o077 or st.st_uid != UID:
        raise CheckFailed(f"{db} is mode {stat.S_IMODE(st.st_mode):o}, owner {st.st_uid}")
    after = unread_in_inbox(server)
    if after != before:
        raise CheckFailed(f"unread messages in INBOX went from {before} to {after}")
    step(4, f"the record is {db.relative_to(data.parent)} (0600, uid {UID}); INBOX untouched ({after} unread)")

    expect(in_image(image, data, "status", "--stale-after", "30"), "the health check command")
    name = f"onward-image-check-{os.getpid()}"
    expect(docker("run", "-d", "--name", name, "--network", "host", "-v", f"{data}:/data",
                  "-e", f"ONWARD_PASSWORD={PASSWORD}", "--health-interval", "2s", "--health-start-period", "60s",
                  image), "starting the daemon")
    try:
        health, deadline = "", time.monotonic() + 120
        while time.monotonic() < deadline:
            health = docker("inspect", "-f", "{{.State.Health.Status}}", name).stdout.strip()
            if health in ("healthy", "unhealthy"):
                break
            time.sleep(1)
        if health != "healthy":
            raise CheckFailed(f"the daemon's health is {health!r}: {docker('logs', '--tail', '20', name).stderr}")
        expect(docker("stop", "-t", "30", name, timeout=60), "docker stop")
        code = docker("inspect", "-f", "{{.State.ExitCode}}", name).stdout.strip()
        if code != "0":
            raise CheckFailed(f"the daemon stopped with exit {code}: {docker('logs', '--tail', '20', name).stderr}")
    finally:
        docker("rm", "-f", name)
    step(5, "the daemon turned healthy and stopped cleanly on docker stop")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--image", default="onward", help="the image to check (default: onward)")
    args = parser.parse_args(argv)
    if shutil.which("docker") is None:
        print("image_check: no docker command", file=sys.stderr)
        return 1
    server = DovecotServer(users={USER: PASSWORD}).start()
    data = Path(tempfile.mkdtemp(prefix="onward-image-")) / "data"
    try:
        server.append(USER, "INBOX", demo_story(datetime.now(UTC).replace(microsecond=0)))
        data.mkdir()
        shutil.copy(server.cafile, data / "ca.pem")
        config = data / "onward.toml"
        config.write_text(onward_config(port=server.ssl_port, user=USER, cafile="/data/ca.pem",
                                        database="/data/onward/onward.db", password_env="ONWARD_PASSWORD",
                                        imap={"idle": True}), encoding="utf-8")
        config.chmod(0o600)
        for path in (data, *data.rglob("*")):
            os.chown(path, UID, UID)
        run_checks(args.image, server, data)
    except (CheckFailed, subprocess.TimeoutExpired) as exc:
        print(f"image_check: {exc}", file=sys.stderr)
        return 1
    finally:
        server.stop()
        shutil.rmtree(data.parent, ignore_errors=True)
    print(f"image_check: {args.image} passed every step", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
