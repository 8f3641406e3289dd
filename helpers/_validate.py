"""Argument checks shared by the helpers (private: the messages are the public part)."""

from __future__ import annotations

import numbers
import os
from pathlib import Path


def whole_number(value: object, what: str, minimum: int = 1, hint: str = "") -> int:
    """Return ``value`` as an int after checking it is a whole number of at least ``minimum``.

    Raises:
        TypeError: not a whole number (bools are refused too).
        ValueError: below ``minimum``; ``hint`` says why, when given.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{what} must be a whole number, got {value!r} ({type(value).__name__}).")
    if value < minimum:
        raise ValueError(f"{what} must be at least {minimum}, got {value}" + (f": {hint}" if hint else "."))
    return int(value)


def existing_file(path: object, what: str, hint: str = "") -> Path:
    """Return ``path`` as a :class:`~pathlib.Path` after checking that it names a readable file.

    Raises:
        TypeError: not a ``str`` or path-like object.
        ValueError: no file there (a folder, or nothing); ``hint`` says what to pass instead.
    """
    if isinstance(path, bool) or not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{what} must be a file path (str or pathlib.Path), got {type(path).__name__}.")
    file = Path(path)
    if not str(path).strip() or not file.is_file():
        kind = "a folder" if str(path).strip() and file.is_dir() else "no file"
        raise ValueError(f"{what}: {str(path)!r} is {kind}, not a readable file." + (f" {hint}" if hint else ""))
    return file
