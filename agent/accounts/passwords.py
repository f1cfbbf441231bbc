"""The password of a password account: ``password_env``, ``password_command``, the system keyring, else
the ``ONWARD_PASSWORD`` environment variable (see :mod:`agent.config`). Never logs the value."""

from __future__ import annotations

import os
import signal
import subprocess

from agent.config import APP_NAME, ImapSettings, SecretError

COMMAND_SECONDS = 60.0  # a password_command or token_command that runs longer is ended, with its children
REAP_SECONDS = 5.0  # after the kill, how long to wait for the pipes to close


def run_secret_command(command: str, timeout: float | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run ``command`` through ``/bin/sh`` in a session of its own; on timeout the whole process group is
    killed (the shell and whatever it started), then ``TimeoutExpired`` is raised. Its output is never
    logged. ``timeout``: :data:`COMMAND_SECONDS` unless given."""
    timeout = COMMAND_SECONDS if timeout is None else timeout
    proc = subprocess.Popen(["/bin/sh", "-c", command], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc.pid)
        try:
            proc.communicate(timeout=REAP_SECONDS)
        except subprocess.TimeoutExpired:  # a child that left the group still holds a pipe: stop reading
            proc.kill()
            proc.wait()
        raise subprocess.TimeoutExpired(command, timeout) from None
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:  # already gone
        pass


def resolve_password(imap: ImapSettings) -> str:
    """Fetch the IMAP password from its configured source. Never logs the value."""
    if imap.password_env:
        value = os.environ.get(imap.password_env)
        if not value:
            raise SecretError(f"environment variable {imap.password_env} (imap.password_env) is "
                              f"{'empty' if value == '' else 'not set'}")
        return value
    if imap.password_command:
        try:
            done = run_secret_command(imap.password_command)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SecretError(f"imap.password_command failed to run: {type(exc).__name__}") from None
        if done.returncode != 0:
            raise SecretError(f"imap.password_command exited with status {done.returncode}")
        lines = done.stdout.decode("utf-8", "replace").splitlines()
        if not lines or not lines[0]:
            raise SecretError("imap.password_command printed no password")
        return lines[0]
    if imap.keyring:
        try:
            import keyring  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            raise SecretError("imap.keyring = true needs the keyring package: "
                              "pip install 'onward[keyring]'") from None
        try:
            value = keyring.get_password(APP_NAME, imap.username)
        except keyring.errors.NoKeyringError:
            raise SecretError("imap.keyring = true, but there is no system keyring here: use password_env "
                              "or password_command") from None
        except keyring.errors.KeyringError as exc:  # a locked or broken keyring: say which, never the value
            raise SecretError(f"cannot read the system keyring ({type(exc).__name__}): unlock it, or use "
                              "password_env or password_command") from None
        if not value:
            raise SecretError(f"no password in the system keyring for service {APP_NAME!r}, user "
                              f"{imap.username!r} (store it with: keyring set {APP_NAME} {imap.username})")
        return value
    env = os.environ.get("ONWARD_PASSWORD")
    if env:
        return env
    raise SecretError("no password source: set imap.password_env, imap.password_command or "
                      "imap.keyring = true (or the ONWARD_PASSWORD environment variable"
                      f"{', which is set but empty' if env == '' else ''})")
