"""Argument checks shared by the helpers (private: the messages are the public part)."""

from __future__ import annotations

import numbers


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
