"""The read guard of agent/mail/guard.py on its own (a socketpair, no server): literal, count, byte and
time limits, and end of stream told apart from "nothing yet" during IDLE (issue 14.1, 15.8)."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from agent.mail import guard as guard_mod
from agent.mail.guard import ReadGuard, ServerLimitError
from agent.mail.imap import _announces_mail


@pytest.fixture
def pair():
    ours, theirs = socket.socketpair()
    ours.settimeout(2.0)
    yield ours, theirs
    ours.close()
    theirs.close()


def test_lines_and_literals_are_read_like_imaplib(pair):
    ours, theirs = pair
    g = ReadGuard(2.0)
    g.literal_max = 10
    theirs.sendall(b"* 1 FETCH (BODY[] {5}\r\nhello)\r\nA1 OK done\r\n")
    assert g.readline(ours) == b"* 1 FETCH (BODY[] {5}\r\n"
    assert g.read(ours, 5) == b"hello"
    assert g.readline(ours) == b")\r\n"
    assert g.readline(ours) == b"A1 OK done\r\n"
    theirs.close()
    assert g.readline(ours) == b""  # end of stream, as imaplib's readline says it


def test_a_literal_over_the_limit_is_refused_before_reading_it(pair):
    ours, _theirs = pair
    g = ReadGuard(2.0)
    with pytest.raises(ServerLimitError, match="literal of 1,000,000,000 bytes"):
        g.read(ours, 1_000_000_000)


def test_untagged_responses_are_capped_per_command(pair, monkeypatch):
    ours, theirs = pair
    monkeypatch.setattr(guard_mod, "MAX_UNTAGGED", 50)
    g = ReadGuard(2.0)
    theirs.sendall(b"* OK again\r\n" * 60)
    with pytest.raises(ServerLimitError, match="more than 50 untagged"):
        for _ in range(60):
            g.readline(ours)
    g.begin()  # a new command starts counting again
    assert g.readline(ours) == b"* OK again\r\n"


def test_bytes_are_capped_per_command(pair, monkeypatch):
    ours, theirs = pair
    monkeypatch.setattr(guard_mod, "MAX_COMMAND_BYTES", 4096)
    g = ReadGuard(2.0)
    g.literal_max = 10**6
    threading.Thread(target=lambda: theirs.sendall(b"x" * 100_000), daemon=True).start()
    with pytest.raises(ServerLimitError, match="in answer to one command"):
        g.read(ours, 100_000)


def test_a_drip_fed_answer_hits_the_wall_clock_deadline(pair):
    """One byte every 0.2 s never trips a 0.5 s socket timeout; the command's deadline ends it."""
    ours, theirs = pair
    g = ReadGuard(0.5)  # deadline: 4 x 0.5 s (+ the bytes' allowance)
    stop = threading.Event()

    def drip() -> None:
        while not stop.wait(0.2):
            theirs.sendall(b"x")

    threading.Thread(target=drip, daemon=True).start()
    g.begin()
    start = time.monotonic()
    try:
        with pytest.raises(ServerLimitError, match="sends too slowly"):
            g.readline(ours)
    finally:
        stop.set()
    assert 1.9 < time.monotonic() - start < 4


def test_idle_tells_end_of_stream_from_nothing_yet(pair):
    ours, theirs = pair
    g = ReadGuard(2.0)
    start = time.monotonic()
    assert g.lines_within(ours, 0.3) == []  # nothing yet: waits, returns empty
    assert time.monotonic() - start >= 0.25
    theirs.sendall(b"* 3 EXISTS\r\n* OK still here\r\n")
    assert g.lines_within(ours, 1.0) == [b"* 3 EXISTS", b"* OK still here"]
    theirs.close()  # the server goes away
    start = time.monotonic()
    with pytest.raises(EOFError):
        g.lines_within(ours, 5.0)
    assert time.monotonic() - start < 0.5, "noticed at once, not at the end of the wait"


def test_announces_mail():
    assert _announces_mail(b"* 12 EXISTS") and _announces_mail(b"* 1 recent")
    assert not _announces_mail(b"* 3 EXPUNGE") and not _announces_mail(b"* OK Still here")
