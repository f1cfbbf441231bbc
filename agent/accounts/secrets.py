"""Where an OAuth2 account's tokens are kept: the system keyring when one works, else a private file.

What is kept per account is one opaque text (MSAL's serialized token cache, or Google's refresh token
and current access token as JSON). ``storage.token_store`` chooses: ``keyring`` (service
``onward-oauth``, user = the account name), ``file`` (``tokens/<account>.json`` beside the database,
in the data directory by default: the directory 0700, the file 0600, written atomically), or ``auto``
(default): the keyring when a real backend is there (a desktop's Secret Service, macOS Keychain),
else the file. A token file that its group or others could read, or that another user owns, is
refused (like ssh's private keys), with the command that fixes it.

Several processes use one account's tokens (the daemon's IDLE watcher, the pass process, ``onward
login``), and a refresh may rotate the refresh token: :meth:`TokenStore.locked` serialises
load-refresh-save with an flock beside the file.
"""

from __future__ import annotations

import fcntl
import logging
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from agent.config import SecretError, Settings, database_path, default_data_dir, make_private_dir

log = logging.getLogger(__name__)

KEYRING_SERVICE = "onward-oauth"


def token_dir(settings: Settings) -> Path:
    """``tokens/`` beside the SQLite database (the data directory by default)."""
    db = database_path(settings.storage.database)
    return (db.parent if db is not None else default_data_dir()) / "tokens"


def working_keyring() -> Any | None:
    """The keyring module when a real backend is available (not the "fail" or null one), else None."""
    try:
        import keyring  # type: ignore[import-not-found,unused-ignore]
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - no keyring package, or a broken backend: use the file
        return None
    name = type(backend).__module__ + "." + type(backend).__name__
    if getattr(backend, "priority", 0) <= 0 or name.startswith(("keyring.backends.fail", "keyring.backends.null")):
        return None
    return keyring


class TokenStore:
    """One account's tokens: :meth:`load`, :meth:`save`, :meth:`clear`, under :meth:`locked`."""

    def __init__(self, account: str, directory: Path, mode: str = "auto") -> None:
        self.account = account
        self.directory = directory
        self.path = directory / f"{account}.json"
        self.mode = mode
        self._keyring = working_keyring() if mode in ("auto", "keyring") else None
        if mode == "keyring" and self._keyring is None:
            raise SecretError("storage.token_store = \"keyring\" but no system keyring works here "
                              "(pip install 'onward[keyring]', or use token_store = \"file\")")

    @classmethod
    def for_settings(cls, settings: Settings) -> TokenStore:
        return cls(settings.account, token_dir(settings), settings.storage.token_store)

    @property
    def where(self) -> str:
        """Where the tokens are (for messages): the keyring, or the file's path."""
        return f"the system keyring ({KEYRING_SERVICE}/{self.account})" if self._keyring else str(self.path)

    @contextmanager
    def locked(self) -> Iterator[None]:
        self._make_dir()
        fd = os.open(self.directory / f"{self.account}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def load(self) -> str | None:
        if self._keyring is not None:
            try:
                value = self._keyring.get_password(KEYRING_SERVICE, self.account)
            except Exception as exc:  # noqa: BLE001 - a locked or broken keyring: say which, not the value
                raise SecretError(f"cannot read the system keyring ({type(exc).__name__})") from None
            if value:
                return str(value)
            if self.mode == "keyring":
                return None
        return self._load_file()

    def save(self, blob: str) -> None:
        if self._keyring is not None:
            try:
                self._keyring.set_password(KEYRING_SERVICE, self.account, blob)
                self._remove_file()  # one place only
                return
            except Exception as exc:  # noqa: BLE001
                if self.mode == "keyring":
                    raise SecretError(f"cannot write to the system keyring ({type(exc).__name__})") from None
                log.info("the system keyring refused the token (%s); keeping it in %s", type(exc).__name__,
                         self.path)
        self._make_dir()
        tmp = self.path.with_name(self.path.name + ".new")
        try:
            tmp.unlink()
        except FileNotFoundError:
            pass
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(blob)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)

    def clear(self) -> None:
        if self._keyring is not None:
            try:
                self._keyring.delete_password(KEYRING_SERVICE, self.account)
            except Exception:  # noqa: BLE001 - nothing stored there
                pass
        self._remove_file()

    def _make_dir(self) -> None:
        try:
            make_private_dir(self.directory)
        except OSError as exc:
            raise SecretError(f"cannot create {self.directory} for the sign-in tokens "
                              f"({exc.strerror or exc})") from None

    def _remove_file(self) -> None:
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass

    def _load_file(self) -> str | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        if st.st_uid != os.geteuid():
            raise SecretError(f"{self.path} is owned by another user (uid {st.st_uid}): refused; delete it and "
                              f"run: onward login --account {self.account}")
        if st.st_mode & 0o077:
            raise SecretError(f"{self.path} can be read by others (mode {stat.S_IMODE(st.st_mode):o}): refused; "
                              f"run chmod 600 {self.path} (and sign in again if others may have read it: "
                              f"onward login --account {self.account})")
        try:
            return self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SecretError(f"cannot read {self.path} ({type(exc).__name__})") from None
