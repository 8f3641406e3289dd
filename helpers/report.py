"""Record a notebook's key figures so runs can be compared.

A notebook calls ``record("rank_of_collapsed_chain", 20)`` where it measures
something that matters. Nothing is written unless the environment variable
``COURSE_REPORT_PATH`` names a JSON file (``make bench`` sets it for each
notebook); then every call rewrites that file atomically with all figures so
far, so a crash half-way still leaves a valid file.
"""

from __future__ import annotations

import json
import math
import numbers
import os
import re
import tempfile
from pathlib import Path

import numpy as np

__all__ = ["clear", "figures", "record"]

_ENV_VAR = "COURSE_REPORT_PATH"
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_figures: dict[str, float | int | bool | str] = {}


def record(name: str, value: float | int | bool | str) -> None:
    """Remember a named figure (and write the report file when one is asked for).

    Args:
        name: lower-case snake_case identifier, e.g. ``"ae_over_pca_mse_2d"``.
        value: a finite number (NumPy scalars are converted), a bool or a short
            string.

    Raises:
        ValueError: a badly formed name, or a NaN or infinite number.
        TypeError: a value that is not a number, bool or string.
    """
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError(
            f"figure names are lower-case snake_case up to 64 characters, like "
            f"'psnr_dae_db'; got {name!r}."
        )
    clean: float | int | bool | str
    if isinstance(value, (bool, np.bool_)):
        clean = bool(value)
    elif isinstance(value, numbers.Integral):
        clean = int(value)
    elif isinstance(value, numbers.Real):
        try:
            clean = float(value)
        except OverflowError:
            raise ValueError(f"figure {name!r} is too large for a float: record finite numbers only.") from None
        if not math.isfinite(clean):
            raise ValueError(f"figure {name!r} is {clean}: record finite numbers only.")
    elif isinstance(value, str):
        if len(value) > 200:
            raise ValueError(f"figure {name!r}: strings are limited to 200 characters.")
        clean = value
    else:
        raise TypeError(
            f"figure {name!r} must be a number, bool or string, got "
            f"{type(value).__name__}; convert arrays with float(...) first."
        )
    _figures[name] = clean
    _write()


def figures() -> dict[str, float | int | bool | str]:
    """A copy of the figures recorded so far in this process."""
    return dict(_figures)


def clear() -> None:
    """Forget the figures recorded so far (the file, if any, is left as it is)."""
    _figures.clear()


def _write() -> None:
    target = os.environ.get(_ENV_VAR)
    if target:
        _write_json_atomically(Path(target), _figures)


def _write_json_atomically(path: Path | str, document: object) -> None:
    """Write ``document`` as JSON to ``path`` through a temporary file beside it, so that a
    reader (or a crash half-way) never meets a half-written file.

    Raises:
        TypeError: ``path`` is not a path, or ``document`` cannot be written as JSON (nothing is written).
    """
    if isinstance(path, bool) or not isinstance(path, (str, os.PathLike)) or not str(path).strip():
        raise TypeError(f"path must be a file path (str or pathlib.Path), got {path!r:.60}.")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle, indent=2, sort_keys=True)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
