"""VADER's lexicon of human valence ratings, read from the installed ``vaderSentiment`` package.

The one place both :mod:`helpers.text.classifier` (notebook 06's lexicon feature) and
:mod:`helpers.embeddings` (notebook 07's check against people) load it from, so neither
imports the other. Imports no TensorFlow or Keras.
"""

from __future__ import annotations

import math
from pathlib import Path

from helpers._validate import existing_file

__all__ = ["load_vader_lexicon", "vader_lexicon_path"]


def vader_lexicon_path() -> Path:
    """Where the installed ``vaderSentiment`` package keeps ``vader_lexicon.txt``.

    Raises:
        ModuleNotFoundError: the package is not installed (the message says how to install it).
        FileNotFoundError: the package is there but its lexicon file is not.
    """
    from importlib import resources  # noqa: PLC0415

    try:
        path = Path(str(resources.files("vaderSentiment") / "vader_lexicon.txt"))
    except ModuleNotFoundError:
        raise ModuleNotFoundError(
            "the VADER lexicon comes with the vaderSentiment package, which is not installed: "
            "pip install vaderSentiment==3.3.2 (it is pinned in requirements.txt)."
        ) from None
    if not path.is_file():
        raise FileNotFoundError("the vaderSentiment package has no vader_lexicon.txt; reinstall it: "
                                "pip install --force-reinstall vaderSentiment==3.3.2")
    return path


def load_vader_lexicon(path: Path | str | None = None) -> dict[str, float]:
    """VADER's lexicon: token -> mean valence given by ten people, from -4 (most negative) to +4.

    Read from the installed ``vaderSentiment`` package (no network), or from
    ``path``: lines of ``token<TAB>mean<TAB>sd<TAB>[ten ratings]``. Tokens are
    lower-case words, slang and emoticons (``":)"``); about 7,500 of them.
    Hutto and Gilbert, ICWSM 2014; MIT licence.

    Raises:
        TypeError: ``path`` is not a path.
        ValueError: no file at ``path``, or a line that is not in that format (the message names it).
    """
    path = vader_lexicon_path() if path is None else existing_file(
        path, "path", "Leave it out to read the lexicon of the installed vaderSentiment package.")
    lexicon: dict[str, float] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        fields = line.split("\t")
        try:
            valence = float(fields[1])
        except (IndexError, ValueError):
            raise ValueError(f"{path.name} line {number}: expected 'token<TAB>mean<TAB>...', "
                             f"got {line[:60]!r}.") from None
        if len(fields) < 3 or not math.isfinite(valence) or abs(valence) > 4:
            raise ValueError(f"{path.name} line {number}: a valence between -4 and 4 was expected, "
                             f"got {line[:60]!r}.")
        lexicon[fields[0]] = valence
    if not lexicon:
        raise ValueError(f"{path.name} holds no entries.")
    return lexicon
