"""Teaching claims that are tests under the test command and notes for a student.

A notebook states what it measured and checks it in one call::

    helpers.claim(
        "the U-Net removes glasses better than the plain autoencoder",
        unet_db - ae_db >= 1.0,
        measured=f"U-Net {unet_db:.1f} dB, autoencoder {ae_db:.1f} dB, gap {gap}",
    )

The claim prints the numbers it rests on. When it does not hold:

* under the course's tests (nbval, ``make seeds``, ``make bench``: the environment
  variable ``COURSE_STRICT`` is ``1``) it raises ``AssertionError`` naming the claim and
  the numbers, so the test fails the day the course stops telling the truth;
* anywhere else (a student who changed a parameter) it shows a visible note with what
  the course expected and what was measured, and the lesson goes on.

Use it for teaching claims measured at the defaults. Structural facts (a shape, a
count that follows from the code) stay plain ``assert`` statements.

Claims that became notes are kept (:func:`notes`) and, when the environment
variable ``COURSE_NOTES_PATH`` names a JSON file (the parameter sweep sets it), written
there, so a sweep can report which claims a changed parameter turned into notes.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ClaimFailed", "claim", "notes"]

_STRICT_VAR = "COURSE_STRICT"
NOTES_VAR = "COURSE_NOTES_PATH"
_notes: list[dict[str, str]] = []


class ClaimFailed(AssertionError):
    """A teaching claim that did not hold under the course's tests (an ``AssertionError``, so
    nbval and nbgrader count it as a failed test)."""


def _is_strict() -> bool:
    """True under the course's tests: ``COURSE_STRICT`` is set to ``1`` (or ``true``/``yes``)."""
    return os.environ.get(_STRICT_VAR, "").strip().lower() in {"1", "true", "yes"}


def claim(statement: str, holds: object, *, measured: str = "") -> bool:
    """Check a teaching claim and print the numbers it rests on.

    Args:
        statement: the claim in course language, e.g. ``"PCA and the autoencoder are
            within 5% of each other at 16 numbers"``.
        holds: whether the measurement supports it (a bool, a NumPy bool, or anything
            whose truth value is meaningful; an array of several values is refused).
        measured: the numbers the claim rests on, with their interval where it compares,
            e.g. ``"gap 1.6 dB (95% interval 1.2 to 2.0)"``.

    Returns:
        Whether the claim held, so a notebook can adapt its next sentence.

    Raises:
        ClaimFailed: (an ``AssertionError``) the claim does not hold and the course's tests are running
            (``COURSE_STRICT=1``).
        TypeError: ``statement`` or ``measured`` is not a string, or ``holds`` has no
            single truth value.
        ValueError: ``statement`` is empty.
    """
    if not isinstance(statement, str):
        raise TypeError(f"statement must be a sentence (str), got {type(statement).__name__}.")
    if not statement.strip():
        raise ValueError("statement is empty: say in words what the numbers show.")
    if not isinstance(measured, str):
        raise TypeError(
            f"measured must be a string with the numbers, e.g. f'gap {{gap:.2f}} dB', got {type(measured).__name__}."
        )
    try:
        ok = bool(holds)
    except (TypeError, ValueError) as error:  # e.g. an array of several truth values
        raise TypeError(
            f"holds must be one truth value (use .all() or .any() on an array), got {type(holds).__name__}: {error}"
        ) from None
    numbers = f": {measured}" if measured else ""
    if ok:
        print(f"✓ {statement}{numbers}")
        return True
    if _is_strict():
        raise ClaimFailed(f"The course claims that {statement}, but this run measured{numbers or ' otherwise'}.")
    _notes.append({"statement": statement, "measured": measured})
    _write_notes()
    _show_note(statement, measured)
    return False


def notes() -> list[dict[str, str]]:
    """The claims that did not hold in this process and were shown as notes, oldest first."""
    return [dict(note) for note in _notes]


def _show_note(statement: str, measured: str) -> None:
    text = (f"Note: the course expects that {statement} (measured with its default parameters). "
            f"This run measured {measured or 'otherwise'}, so the claim does not hold with your settings. "
            "Worth a look, not an error: the lesson goes on.")
    try:
        from IPython import get_ipython  # noqa: PLC0415
        from IPython.display import Markdown, display  # noqa: PLC0415
    except ImportError:  # plain Python: print it
        print(text)
        return
    if get_ipython() is None:
        print(text)
        return
    display(Markdown(f"> **Note.** {text[6:]}"))


def _write_notes() -> None:
    target = os.environ.get(NOTES_VAR)
    if target:
        from helpers.report import _write_json_atomically  # noqa: PLC0415

        _write_json_atomically(Path(target), _notes)
