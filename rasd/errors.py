"""Exceptions raised by rasd.  Each carries the offending value as a field."""

from __future__ import annotations


class RasdError(Exception):
    """Base class of every rasd error."""


class InputError(RasdError):
    """An input cannot be read or analysed.

    Attributes:
        source: file path or ``"-"``; line: 1-based line or None; code: short error code.
    """

    def __init__(self, message: str, source: str = "-", line: int | None = None,
                 code: str = "input") -> None:
        self.source = source
        self.line = line
        self.code = code
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {message}")


class StoreError(RasdError):
    """The SQLite store cannot be opened or written (path, reason)."""
