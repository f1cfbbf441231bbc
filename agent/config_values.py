"""Reading one table of the config file: each value typed and checked, or a ConfigError naming the key
(``agent.config`` builds the settings with it; so do the sections kept in their own modules)."""

from __future__ import annotations

from typing import Any


class ConfigError(ValueError):
    """A config file that cannot be used; the message names the key and what was expected."""


class Section:
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
            raise ConfigError(f"[{self.name}] unknown key {unknown[0]!r} "
                              f"(known keys: {', '.join(sorted(self.used))})")
