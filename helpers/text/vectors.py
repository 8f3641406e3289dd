"""Reading word vectors: cosine nearest neighbours, and export for the TensorFlow Embedding Projector."""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from pathlib import Path

import numpy as np

__all__ = ["export_projector", "nearest_neighbours"]


def nearest_neighbours(vectors: np.ndarray, vocabulary: Sequence[str], word: str, k: int = 5) -> list[tuple[str, float]]:
    """The ``k`` words whose vectors have the highest cosine similarity with ``word``'s.

    Args:
        vectors: float array of shape ``(len(vocabulary), d)``, finite.
        vocabulary: one word per row of ``vectors``.
        word: the word to start from (it is not among the answers).
        k: how many neighbours, a whole number of at least 1 (Python or NumPy integer).

    Returns:
        ``[(word, cosine in [-1, 1]), ...]``, most similar first; a zero vector has cosine 0.

    Raises:
        ValueError: a word not in the vocabulary (the message suggests checking
            spelling and case), a bad ``k``, a shape mismatch, NaN or infinite values.
    """
    vocabulary = list(vocabulary)
    if isinstance(k, (bool, np.bool_)) or not isinstance(k, numbers.Integral) or k < 1:
        raise ValueError(f"k must be a whole number of at least 1, got {k!r}.")
    k = int(k)
    vectors = np.asarray(vectors, dtype="float64")
    if vectors.ndim != 2 or len(vectors) != len(vocabulary):
        raise ValueError(f"vectors must have one row per word: {len(vocabulary)} words, shape {vectors.shape}.")
    if word not in vocabulary:
        raise ValueError(f"{word!r} is not in the vocabulary of {len(vocabulary):,} words; words are lower-case.")
    if not np.all(np.isfinite(vectors)):
        raise ValueError("vectors contain NaN or infinite values.")
    norms = np.linalg.norm(vectors, axis=1)
    norms[norms == 0] = 1.0
    unit = vectors / norms[:, None]
    i = vocabulary.index(word)
    similarity = np.clip(unit @ unit[i], -1.0, 1.0)
    order = [j for j in np.argsort(-similarity, kind="stable") if j != i][:k]
    return [(vocabulary[j], float(similarity[j])) for j in order]


def export_projector(vectors: np.ndarray, words: Sequence[str], folder: Path | str,
                     extra: dict[str, Sequence[object]] | None = None) -> tuple[Path, Path]:
    """Write ``vectors.tsv`` and ``metadata.tsv`` for the TensorFlow Embedding Projector.

    ``vectors`` has shape ``(len(words), d)``. ``metadata.tsv`` has a header
    (``word`` and any ``extra`` columns) when ``extra`` is given, else one word
    per line. Returns both paths.

    Raises:
        ValueError: a shape mismatch, or a word or value with a tab or newline.
    """
    vectors = np.asarray(vectors, dtype="float64")
    words = [str(w) for w in words]
    if vectors.ndim != 2 or len(vectors) != len(words):
        raise ValueError(f"need one vector per word: {len(words)} words, vectors of shape {vectors.shape}.")

    def check_cell(value: object, what: str) -> str:
        cell = str(value)
        if "\t" in cell or "\n" in cell or "\r" in cell:
            raise ValueError(f"{what} {cell!r} contains a tab or newline, which TSV cannot hold.")
        return cell

    words = [check_cell(w, "word") for w in words]
    columns = [check_cell(c, "column name") for c in (extra or {})]
    for name in columns:
        if len(extra[name]) != len(words):
            raise ValueError(f"extra column {name!r} has {len(extra[name])} values for {len(words)} words.")
        for value in extra[name]:
            check_cell(value, f"a value of column {name!r}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    vec_path, meta_path = folder / "vectors.tsv", folder / "metadata.tsv"
    vec_path.write_text("".join("\t".join(f"{v:.6g}" for v in row) + "\n" for row in vectors), encoding="utf-8")
    if extra:
        lines = ["\t".join(["word", *columns])]
        lines += ["\t".join([w, *(str(extra[c][i]) for c in columns)]) for i, w in enumerate(words)]
    else:
        lines = words
    meta_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return vec_path, meta_path
