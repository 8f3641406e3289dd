"""Argument checks shared by the helpers (private: the messages are the public part)."""

from __future__ import annotations

import numbers
import os
from pathlib import Path

import numpy as np


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


def widths_of(value: object, what: str, minimum_length: int = 2) -> tuple[int, ...]:
    """Return ``value`` as a tuple of whole numbers of at least 1 (layer widths, a chain's sizes).

    Raises:
        TypeError: not a sequence of whole numbers.
        ValueError: fewer than ``minimum_length`` of them, or one below 1.
    """
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__") or hasattr(value, "keys"):
        raise TypeError(f"{what} must be a sequence of whole numbers such as (64, 32, 8), got {value!r:.60}.")
    items = tuple(value)
    if len(items) < minimum_length:
        raise ValueError(f"{what} needs at least {minimum_length} widths, got {len(items)}.")
    return tuple(whole_number(v, f"each of {what}") for v in items)


def float_array(value: object, what: str, ndim: int | None = None) -> np.ndarray:
    """Return ``value`` as a float array (lists accepted), checking its number of axes.

    Raises:
        TypeError: not numbers.
        ValueError: another number of axes than ``ndim``.
    """
    if value is None or isinstance(value, (str, bytes, dict)):
        raise TypeError(f"{what} must be an array of numbers, got {type(value).__name__}.")
    try:
        array = np.asarray(value, dtype="float64")
    except (TypeError, ValueError):
        raise TypeError(f"{what} must be an array of numbers (use np.array(...)), got {value!r:.60}.") from None
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{what} must have {ndim} axes, got shape {array.shape}.")
    return array


def finite_matrix(value: object, what: str) -> np.ndarray:
    """Return ``value`` as a 2-D float array with at least one row and column and no NaN or infinity.

    Raises:
        TypeError: not numbers.
        ValueError: not 2-D, empty, or not finite.
    """
    array = float_array(value, what, ndim=2)
    if array.shape[0] < 1 or array.shape[1] < 1:
        raise ValueError(f"{what} must have at least one row and one column, got shape {array.shape}.")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{what} contains NaN or infinite values.")
    return array


class WrongLength(TypeError, ValueError):
    """A tuple with the wrong number of entries (``(24,)`` for ``(height, width)``): not the kind of
    value asked for, and a bad value; the helpers have said it both ways, so it is both."""


def image_shape(value: object, what: str = "image_shape", minimum: int = 1) -> tuple[int, int]:
    """Return ``value`` as ``(height, width)``: two whole numbers of at least ``minimum``.

    Raises:
        TypeError: not a tuple, list or array of whole numbers (NumPy integers are fine).
        WrongLength: not two of them (both a TypeError and a ValueError).
        ValueError: one below ``minimum``.
    """
    if isinstance(value, np.ndarray):
        value = tuple(value.tolist())
    if not isinstance(value, (tuple, list)):
        raise TypeError(f"{what} must be a tuple (height, width) of whole numbers, such as (8, 8); got {value!r:.60}.")
    if len(value) != 2:
        raise WrongLength(f"{what} must be a tuple (height, width) of whole numbers >= {minimum}; got {value!r:.60}.")
    height, width = (whole_number(v, f"{what}[{i}]", minimum) for i, v in enumerate(value))
    return height, width


def strings(items: list, what: str) -> list[str]:
    """Return ``items`` after checking each is a ``str``; ``what`` names an item in the message.

    Raises:
        TypeError: an item that is not a string (the message gives its position and value).
    """
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise TypeError(f"{what} {i} is a {type(item).__name__} ({item!r}), not a string.")
    return items


def generator(rng: object, none_seed: int | None = None) -> np.random.Generator:
    """A NumPy ``Generator`` from ``rng``: a Generator as it is, a seed >= 0, or None.

    None gives ``default_rng(none_seed)``: fresh randomness where ``none_seed`` is None
    (``helpers.noise``: new noise each call), a fixed seed otherwise (``helpers.faces``:
    the same glasses each run unless asked).

    Raises:
        TypeError: anything else (the message says what is accepted).
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        return np.random.default_rng(none_seed)
    if isinstance(rng, numbers.Integral) and not isinstance(rng, bool) and rng >= 0:
        return np.random.default_rng(int(rng))
    default = "" if none_seed is None else f" (or None for seed {none_seed})"
    raise TypeError(f"rng must be a numpy Generator or a seed >= 0{default}, got {rng!r}.")
