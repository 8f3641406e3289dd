"""What every exercise check shares: the failure type, the success line, generic checks."""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence

import numpy as np


__all__ = ["CheckFailed", "passed", "check_shape", "check_function", "check_value_close"]


class CheckFailed(AssertionError):
    """A wrong answer: the message explains what was expected and why."""


def passed(message: str) -> None:
    """Print the success line every check ends with."""
    print(f"\u2714 {message}")


def check_shape(name: str, array: object, expected: Sequence[int], why: str = "") -> None:
    """Fail unless ``array`` has exactly the ``expected`` shape."""
    shape = getattr(array, "shape", None)
    if shape is None:
        raise CheckFailed(
            f"{name} should be an array of shape {tuple(expected)}, but it is a "
            f"{type(array).__name__} with no shape. Did you forget to compute it?"
        )
    if tuple(shape) != tuple(expected):
        raise CheckFailed(
            f"{name} has shape {tuple(shape)}, expected {tuple(expected)}. {why}".strip()
        )


def check_function(
    name: str,
    func: Callable[..., object],
    cases: Sequence[tuple[tuple, object]],
    hint: str = "",
) -> None:
    """Call ``func`` on each ``(args, expected)`` case; fail on the first mismatch."""
    if not callable(func):
        raise CheckFailed(f"{name} should be a function, but it is a {type(func).__name__}.")
    for args, expected in cases:
        try:
            got = func(*args)
        except NotImplementedError:
            raise CheckFailed(
                f"{name} still raises NotImplementedError: replace that line with your code."
            ) from None
        except Exception as error:  # the student's code failed: say where
            raise CheckFailed(
                f"{name}{args} raised {type(error).__name__}: {error}"
            ) from error
        try:
            same = bool(np.array_equal(got, expected)) if isinstance(got, np.ndarray) or isinstance(
                expected, np.ndarray) else bool(got == expected)
        except Exception:  # noqa: BLE001 - an answer that cannot even be compared is wrong
            same = False
        if not same:
            raise CheckFailed(f"{name}{args} returned {got!r}, expected {expected!r}. {hint}".strip())
    passed(f"{name} gives the expected answer in all {len(cases)} cases.")


def check_value_close(name: str, value: object, expected: float, *, atol: float, hint: str) -> None:
    """Fail unless ``value`` is a number within ``atol`` of ``expected``; ``hint`` says where to look."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise CheckFailed(f"{name} should be a finite number, got {value!r}.")
    if abs(value - expected) > atol:
        raise CheckFailed(f"{name} = {value:.4g}, expected about {expected:.4g}. {hint}".strip())
    passed(f"{name} = {value:.4g}.")


def _decibels(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise CheckFailed(f"{name} should be a finite number of decibels (metrics.psnr gives one), got {value!r}.")
    return float(value)
