"""The read guard of agent/mail/guard.py on its own (a socketpair, no server): literal, count, byte and
time limits, and end of stream told apart from "nothing yet" during IDLE (issue 14.1, 15.8)."""

from __future__ import annotations

import select
import socket
import threading

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


class _FakeClock:
    """``time.monotonic`` of the guard, moved by hand: a deadline test that cannot flake under load."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


class _DripSocket:
    """A server that sends one byte per read, each 0.2 s (of the fake clock) after the last (and
    closes the connection after 100)."""

    def __init__(self, clock: _FakeClock) -> None:
        self.clock = clock
        self.reads = 0
        self.timeouts: list[float | None] = []
        self._timeout: float | None = 0.5

    def gettimeout(self) -> float | None:
        return self._timeout

    def settimeout(self, value: float | None) -> None:
        self._timeout = value
        self.timeouts.append(value)

    def recv(self, _n: int) -> bytes:
        self.clock.now += 0.2
        self.reads += 1
        return b"x" if self.reads < 100 else b""  # bounded: a guard without a deadline ends here


def test_a_drip_fed_answer_hits_the_wall_clock_deadline(monkeypatch):
    """One byte every 0.2 s never trips a 0.5 s socket timeout; the command's deadline (4 x 0.5 s,
    plus the bytes' allowance) ends it after ~2 s of the (fake) clock: ~10 reads, not fewer, not more."""
    clock = _FakeClock()
    monkeypatch.setattr(guard_mod, "time", clock)
    sock = _DripSocket(clock)
    g = ReadGuard(0.5)
    g.begin()
    with pytest.raises(ServerLimitError, match="sends too slowly"):
        g.readline(sock)
    assert 9 <= sock.reads <= 11
    assert all(t is None or t <= 0.5 for t in sock.timeouts)  # no read waits past the read timeout


class _PollRecorder:
    """``select`` of the guard, recording each poll's timeout (ms) and whether it timed out."""

    POLLIN, POLLHUP, POLLERR = select.POLLIN, select.POLLHUP, select.POLLERR

    def __init__(self) -> None:
        self.polls: list[tuple[float, bool]] = []

    def poll(self) -> _PollRecorder._Poller:
        return self._Poller(self)

    class _Poller:
        def __init__(self, owner: _PollRecorder) -> None:
            self.owner, self.real = owner, select.poll()

        def register(self, fd: int, mask: int) -> None:
            self.real.register(fd, mask)

        def poll(self, timeout_ms: float) -> list[tuple[int, int]]:
            events = self.real.poll(timeout_ms)
            self.owner.polls.append((timeout_ms, bool(events)))
            return events


def test_idle_tells_end_of_stream_from_nothing_yet(pair, monkeypatch):
    ours, theirs = pair
    recorder = _PollRecorder()
    monkeypatch.setattr(guard_mod, "select", recorder)
    g = ReadGuard(2.0)
    assert g.lines_within(ours, 0.3) == []  # nothing yet: waits the whole 0.3 s, returns empty
    assert recorder.polls == [(300.0, False)]
    theirs.sendall(b"* 3 EXISTS\r\n* OK still here\r\n")
    assert g.lines_within(ours, 1.0) == [b"* 3 EXISTS", b"* OK still here"]
    theirs.close()  # the server goes away
    recorder.polls.clear()
    with pytest.raises(EOFError):
        g.lines_within(ours, 5.0)
    # noticed at once: the poll returned with the hang-up, it did not wait out its 5 s
    assert recorder.polls == [(5000.0, True)]


def test_announces_mail():
    assert _announces_mail(b"* 12 EXISTS") and _announces_mail(b"* 1 recent")
    assert not _announces_mail(b"* 3 EXPUNGE") and not _announces_mail(b"* OK Still here")
