"""Exercise checks of notebook 07 · Text autoencoders and embeddings."""

from __future__ import annotations

import numbers

import numpy as np

from helpers.checks.common import CheckFailed, check_shape, passed

__all__ = ["check_ppmi", "check_nearest_review"]


def check_ppmi(my_ppmi: object, counts: object) -> None:
    """Exercise (notebook 07): the PPMI matrix of co-occurrence ``counts``, without smoothing, by hand."""
    from helpers.embeddings import ppmi  # noqa: PLC0415

    counts = np.asarray(counts, dtype="float64")
    check_shape("my_ppmi", my_ppmi, counts.shape,
                why="PPMI has one value per (word, context) pair, like counts.")
    got = np.asarray(my_ppmi, dtype="float64")
    expected = ppmi(counts, alpha=1.0)
    if np.isnan(got).any():
        raise CheckFailed(
            "my_ppmi contains NaN: 0 / 0 somewhere. The PMI of a pair never seen together is -inf "
            "(log of 0), and np.maximum(-inf, 0) gives 0; a NaN means a division of 0 by 0."
        )
    if np.isinf(got).any():
        raise CheckFailed(
            "my_ppmi contains infinite values: clip the PMI at 0 from below (np.maximum(pmi, 0))."
        )
    if (got < -1e-9).any():
        raise CheckFailed(
            "my_ppmi has negative values: that is PMI. PPMI keeps only the positive part, "
            "max(0, PMI): pairs that meet less often than chance get 0."
        )
    if np.allclose(got, expected, atol=1e-6):
        passed(f"PPMI of a {counts.shape[0]} x {counts.shape[1]} matrix: {np.mean(expected > 0):.1%} of the "
               f"pairs meet more often than chance, the largest PPMI is {expected.max():.2f}.")
        return
    if np.allclose(got, expected / np.log(2), atol=1e-6):
        raise CheckFailed("my_ppmi uses log base 2; this course uses the natural logarithm, np.log.")
    if np.allclose(got, ppmi(counts, alpha=0.75), atol=1e-6):
        raise CheckFailed("my_ppmi uses the smoothing alpha = 0.75; the exercise asks for none (alpha = 1).")
    raise CheckFailed(
        "my_ppmi differs from PPMI. With total = counts.sum(): p(w, c) = counts / total, p(w) = "
        "counts.sum(axis=1) / total (a column vector), p(c) = counts.sum(axis=0) / total (a row), "
        "then max(0, log(p(w, c) / (p(w) * p(c))))."
    )


def check_nearest_review(index: object, query: object, candidates: object, *, raw_query: object = None,
                         raw_candidates: object = None) -> None:
    """Exercise (notebook 07): the row of ``candidates`` (codes) closest to ``query`` by cosine similarity.

    ``raw_query`` and ``raw_candidates`` (the TF-IDF rows) let the check
    recognise an answer found in the input space instead of the code space.
    """
    q = np.asarray(query, dtype="float64").reshape(-1)
    c = np.asarray(candidates, dtype="float64")
    if isinstance(index, bool) or not isinstance(index, numbers.Integral):
        hint = " (wrap np.argmax(...) in int(...))" if isinstance(index, (float, np.floating)) else ""
        raise CheckFailed(
            f"most_similar should be the index of a training review, a whole number, got {index!r}{hint}."
        )
    if not 0 <= index < len(c):
        raise CheckFailed(f"most_similar = {index} is not an index of the {len(c)} training reviews.")

    def cosine_order(x: np.ndarray, rows: np.ndarray) -> np.ndarray:
        norms = np.linalg.norm(rows, axis=1) * np.linalg.norm(x)
        return rows @ x / np.where(norms == 0, 1.0, norms)

    similarity = cosine_order(q, c)
    expected = int(np.argmax(similarity))
    if index == expected or np.isclose(similarity[index], similarity[expected], atol=1e-6):
        passed(f"training review {index} is the closest to the test review "
               f"(cosine similarity {similarity[index]:.2f}).")
        return
    if index == int(np.argmin(np.linalg.norm(c - q, axis=1))):
        raise CheckFailed(
            f"review {index} is the nearest by Euclidean distance; the exercise asks for cosine similarity, "
            "which ignores the length of the codes: (a @ b) / (|a| |b|), largest first."
        )
    if index == int(np.argmin(similarity)):
        raise CheckFailed(
            f"review {index} is the *least* similar: take np.argmax of the similarities, not np.argmin."
        )
    if raw_query is not None and raw_candidates is not None:
        raw = cosine_order(np.asarray(raw_query, dtype="float64").reshape(-1),
                           np.asarray(raw_candidates, dtype="float64"))
        if index == int(np.argmax(raw)):
            raise CheckFailed(
                f"review {index} is the closest in TF-IDF space; the exercise asks for the closest in the "
                "autoencoder's code space: encode both with the encoder first."
            )
    raise CheckFailed(
        f"most_similar = {index} (cosine similarity {similarity[index]:.2f}), but review {expected} is "
        f"closer ({similarity[expected]:.2f}). Compare the test review's code with every training "
        "review's code."
    )
