"""Reading one TOML table of the config: typed values that name their key when wrong, unknown keys
reported (a misspelt key as such, with the key meant, before the error it causes). The settings
themselves are in :mod:`agent.config`."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any, TypeVar


class ConfigError(ValueError):
    """A config file that cannot be used; the message names the key and what was expected."""


class _Section:
    """Reads one TOML table, remembering which keys were used so unknown ones can be reported."""

    def __init__(self, name: str, data: Any) -> None:
        if not isinstance(data, dict):
            raise ConfigError(f"[{name}] must be a table, got {type(data).__name__}")
        self.name = name
        self.data = data
        self.used: set[str] = set()

    def _bad(self, key: str, expected: str) -> ConfigError:
        return ConfigError(f"{self.name}.{key} = {self.data[key]!r}: expected {expected}")

    def get(self, key: str, kind: type | tuple[type, ...], default: Any, expected: str) -> Any:
        self.used.add(key)
        if key not in self.data:
            return default
        value = self.data[key]
        if isinstance(value, bool) and kind in (int, float, (int, float)):
            raise self._bad(key, expected)
        if not isinstance(value, kind):
            raise self._bad(key, expected)
        return value

    def string(self, key: str, default: str | None = None, *, required: bool = False) -> Any:
        if required and key not in self.data:
            self.used.add(key)
            raise ConfigError(f"{self.name}.{key} is missing: expected a string")
        value = self.get(key, str, default, "a string")
        if required and not value.strip():
            raise self._bad(key, "a non-empty string")
        return value

    def integer(self, key: str, default: int, lo: int, hi: int) -> int:
        value = self.get(key, int, default, f"a whole number from {lo} to {hi}")
        if not lo <= value <= hi:
            raise self._bad(key, f"a whole number from {lo} to {hi}")
        return value

    def number(self, key: str, default: float, lo: float, hi: float) -> float:
        value = self.get(key, (int, float), default, f"a number from {lo} to {hi}")
        if not lo <= value <= hi:
            raise self._bad(key, f"a number from {lo} to {hi}")
        return float(value)

    def boolean(self, key: str, default: bool) -> bool:
        return self.get(key, bool, default, "true or false")

    def strings(self, key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        value = self.get(key, list, list(default), "a list of strings")
        if not value or not all(isinstance(v, str) and v for v in value):
            raise self._bad(key, "a non-empty list of non-empty strings")
        return tuple(value)

    def check_unknown(self) -> None:
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            raise self._typo(frozenset(self.used)) or ConfigError(
                f"[{self.name}] unknown key {unknown[0]!r} (known keys: {', '.join(sorted(self.used))})")

    def _typo(self, known: frozenset[str]) -> ConfigError | None:
        """An unknown key that looks like a known one: ``unknown key 'usernme' (did you mean 'username'?)``."""
        for key in sorted(set(self.data) - known):
            close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.75)
            if close:
                return ConfigError(f"[{self.name}] unknown key {key!r} (did you mean {close[0]!r}?)")
        return None


_T = TypeVar("_T")


def read_section(sec: _Section, parse: Callable[[_Section], _T],
                 probes: tuple[dict[str, Any], ...] = ({},), refused: frozenset[str] = frozenset()) -> _T:
    """``parse(sec)``; when it raises, a key of the table that looks like a known one but is not is
    reported instead (a typo in a required key is named as the typo, not as the key missing). The
    known keys are those ``parse`` reads from ``probes``, tables it accepts (read only on an error), and
    ``refused``: keys refused with a message of their own."""
    try:
        return parse(sec)
    except ConfigError:
        typo = sec._typo(known_keys(parse, probes) | sec.used | refused)
        if typo is not None:
            raise typo from None
        raise


def known_keys(parse: Callable[[_Section], Any], probes: tuple[dict[str, Any], ...]) -> frozenset[str]:
    """Every key ``parse`` reads from the tables ``probes`` (each must be valid)."""
    keys: set[str] = set()
    for probe in probes:
        sec = _Section("probe", probe)
        parse(sec)
        keys |= sec.used
    return frozenset(keys)
