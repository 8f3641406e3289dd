"""Words: normalising and tokenising text, word-set overlap, checking texts, the old hashing trick."""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable, Iterable

import numpy as np

from helpers._validate import strings

__all__ = ["jaccard", "legacy_one_hot", "normalise", "tokenize"]

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")  # words, with inner apostrophes (don't)


def normalise(text: str) -> str:
    """Lower-case, keep letters, digits and apostrophes, single spaces: ``"Not BAD!"`` -> ``"not bad"``."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}.")
    return " ".join(_WORD.findall(text.lower()))


def tokenize(text: str) -> list[str]:
    """The words of ``normalise(text)``."""
    return normalise(text).split()


def jaccard(a: str, b: str) -> float:
    """Overlap of two texts' word sets: |A and B| / |A or B| (0 for two empty texts)."""
    sa, sb = set(tokenize(a)), set(tokenize(b))
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


def _check_texts(texts: object, *, allow_empty: bool = False) -> list[str]:
    """Return ``texts`` as a list of strings; a single string becomes a list of one.

    Accepts a string, a list, tuple or generator of strings, or a NumPy array of
    strings (object or unicode dtype).

    Raises:
        TypeError: not a string or a sequence of strings (names the first bad item;
            a :class:`~helpers.text.Reviews` gets advice to pass ``.texts``).
        ValueError: no texts at all, or an empty text (no words to judge) unless ``allow_empty``.
    """
    if isinstance(texts, str):
        texts = [texts]
    if isinstance(texts, np.ndarray):
        texts = texts.tolist()
        if isinstance(texts, str):  # a 0-d array holds one text
            texts = [texts]
    if hasattr(texts, "texts") and hasattr(texts, "labels"):
        raise TypeError(f"got a {type(texts).__name__}; pass its texts instead (reviews.texts).")
    if not isinstance(texts, Iterable) or isinstance(texts, (bytes, dict)):
        raise TypeError(f"give a string or a list of strings, got {type(texts).__name__}.")
    items = list(texts)
    if not items:
        raise ValueError("no texts given: pass at least one string.")
    for i, item in enumerate(strings(items, "item")):
        if not allow_empty and not tokenize(item):
            raise ValueError(f"item {i} ({item!r}) has no words to judge; give a sentence.")
    return items


def legacy_one_hot(text: str, n: int, hash_function: Callable[[str], int] = hash) -> list[int]:
    """What the removed ``keras.preprocessing.text.one_hot`` did, for the lesson on its flaws.

    It split the text into lower-case words and coded each as
    ``hash(word) % (n - 1) + 1``: a hash, not a vocabulary. Different words
    can share a code (collisions), and Python's ``hash`` of a string changes
    from one process to the next unless ``PYTHONHASHSEED`` is fixed.

    Args:
        text: the text to code.
        n: the number of codes the old call was given (its ``vocab_size``); a
            whole number of at least 2 (Python or NumPy integer). Codes lie in
            ``1 .. n - 1``, so there are ``n - 1`` buckets.
        hash_function: the hash (Python's ``hash`` by default).

    Raises:
        ValueError: ``n`` is not a whole number of at least 2.
        TypeError: ``text`` is not a string.
    """
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, numbers.Integral) or n < 2:
        raise ValueError(f"n must be a whole number of at least 2, got {n!r}.")
    n = int(n)
    return [int(hash_function(word)) % (n - 1) + 1 for word in tokenize(text)]
