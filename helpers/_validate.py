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


class FileMissing(FileNotFoundError, ValueError):
    """No readable file where one was named: bad input (a ValueError) and a missing file alike."""


def existing_file(path: object, what: str, hint: str = "") -> Path:
    """Return ``path`` as a :class:`~pathlib.Path` after checking that it names a readable file.

    Raises:
        TypeError: not a ``str`` or path-like object.
        FileMissing: no file there (a folder, or nothing); ``hint`` says what to pass instead.
            It is both a ``FileNotFoundError`` and a ``ValueError``.
    """
    if isinstance(path, bool) or not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{what} must be a file path (str or pathlib.Path), got {type(path).__name__}.")
    file = Path(path)
    if not str(path).strip() or not file.is_file():
        kind = "a folder" if str(path).strip() and file.is_dir() else "no file"
        raise FileMissing(f"{what}: {str(path)!r} is {kind}, not a readable file." + (f" {hint}" if hint else ""))
    return file


def with_methods(value: object, what: str, methods: tuple[str, ...], hint: str) -> object:
    """Return ``value`` after checking it has every one of ``methods`` (a model, a classifier ...).

    Raises:
        TypeError: a method is missing; the message names the type that was passed and, with
            ``hint``, what to pass instead.
    """
    missing = [m for m in methods if not callable(getattr(value, m, None))]
    if missing:
        raise TypeError(f"{what} must be {hint}; got {type(value).__name__}, which has no "
                        f"{' or '.join(f'.{m}()' for m in missing)}.")
    return value
