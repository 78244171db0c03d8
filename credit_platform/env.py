"""Typed readers for configuration that comes from the environment."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import NoReturn

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


class ConfigError(Exception):
    """A setting is missing or malformed; the message says which and what is expected."""


class Env:
    """Reads settings from a mapping (the process environment by default).

    ``NAME_FILE`` holds the path of a file with the value, for secrets mounted as files.
    """

    def __init__(
        self, environ: Mapping[str, str] | None = None, *, exit_on_error: bool = False
    ) -> None:
        self.environ = os.environ if environ is None else environ
        self.exit_on_error = exit_on_error

    def fail(self, message: str) -> NoReturn:
        if self.exit_on_error:
            # A clear line instead of a traceback: the operator fixes the environment.
            sys.exit(f"Configuration error: {message}")
        raise ConfigError(message)

    def raw(self, name: str) -> str | None:
        path = self.environ.get(f"{name}_FILE")
        if path:
            try:
                return Path(path).read_text(encoding="utf-8").strip()
            except OSError as exc:
                self.fail(f"{name}_FILE: cannot read {path}: {exc.strerror}")
        value = self.environ.get(name)
        return value if value not in (None, "") else None

    def string(self, name: str, default: str) -> str:
        value = self.raw(name)
        return default if value is None else value

    def optional_str(self, name: str) -> str | None:
        return self.raw(name)

    def required_str(self, name: str, why: str) -> str:
        value = self.raw(name)
        if value is None:
            self.fail(f"{name} is required {why}; set it in the environment or in {name}_FILE.")
        return value

    def boolean(self, name: str, default: bool) -> bool:
        value = self.raw(name)
        if value is None:
            return default
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        self.fail(
            f"{name}={value!r} is not a boolean; use one of: "
            f"{', '.join(sorted(TRUE_WORDS))} / {', '.join(sorted(FALSE_WORDS))}."
        )

    def integer(self, name: str, default: int) -> int:
        value = self.raw(name)
        if value is None:
            return default
        try:
            return int(value)
        except ValueError:
            self.fail(f"{name}={value!r} is not a whole number.")

    def number(self, name: str, default: float) -> float:
        value = self.raw(name)
        if value is None:
            return default
        try:
            return float(value)
        except ValueError:
            self.fail(f"{name}={value!r} is not a number.")

    def strings(self, name: str, default: list[str]) -> list[str]:
        value = self.raw(name)
        if value is None:
            return default
        return [part.strip() for part in value.split(",") if part.strip()]
