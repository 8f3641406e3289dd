"""Exercise checks of notebook 08 · Anomaly detection."""

from __future__ import annotations

import numbers

import numpy as np

from helpers.checks.common import CheckFailed, check_shape, passed

__all__ = ["check_knn_scores", "check_precision_recall", "check_validation_threshold"]


def _number(name: str, value: object, what: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise CheckFailed(f"{name} should be one finite number ({what}), got {value!r}.")
    return float(value)


def check_validation_threshold(threshold: object, val_scores: object, test_scores: object, *, rate: float) -> None:
    """Exercise (notebook 08): the threshold that flags ``rate`` of the normal validation scores."""
    t = _number("my_threshold", threshold, "a score: examples above it are flagged")
    val = np.asarray(val_scores, dtype="float64")
    test = np.asarray(test_scores, dtype="float64")
    flagged = float(np.mean(val > t))
    if np.isclose(t, np.quantile(test, 1 - rate), rtol=1e-6) and not np.isclose(t, np.quantile(val, 1 - rate), rtol=1e-6):
        raise CheckFailed(
            "my_threshold comes from the test scores: the test set must not choose its own threshold. "
            "Take the quantile of the normal validation scores (val_scores)."
        )
    if flagged > 0.5:
        raise CheckFailed(
            f"my_threshold flags {flagged:.0%} of the normal validation images, far more than {rate:.0%}: "
            f"flagging {rate:.0%} means {1 - rate:.0%} of the normal scores lie below the threshold "
            f"(np.quantile(val_scores, 1 - rate), not the quantile at rate)."
        )
    n = len(val)
    if flagged > rate + 1.0 / n + 1e-12:  # np.quantile interpolates: one image more is fine
        raise CheckFailed(
            f"my_threshold flags {flagged:.2%} of the normal validation images, more than the {rate:.0%} allowed. "
            "Use np.quantile of val_scores at 1 - rate."
        )
    if flagged < rate - 2.0 / n - 1e-12:
        raise CheckFailed(
            f"my_threshold flags only {flagged:.2%} of the normal validation images: it is higher than it needs to "
            f"be for a {rate:.0%} false-alarm rate, so it misses anomalies. Use np.quantile of val_scores at 1 - rate."
        )
    passed(f"the threshold flags {flagged:.1%} of the normal validation images (target {rate:.0%}).")


def check_precision_recall(precision: object, recall: object, is_anomaly: object, scores: object,
                           threshold: float) -> None:
    """Exercise (notebook 08): precision and recall **of the anomaly class** at ``threshold``."""
    p = _number("my_precision", precision, "a share between 0 and 1")
    r = _number("my_recall", recall, "a share between 0 and 1")
    labels = np.asarray(is_anomaly).astype(bool)
    s = np.asarray(scores, dtype="float64")
    flagged = s > threshold
    tp, fp = np.sum(flagged & labels), np.sum(flagged & ~labels)
    fn, tn = np.sum(~flagged & labels), np.sum(~flagged & ~labels)
    right_p, right_r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    normal_p, normal_r = tn / max(tn + fn, 1), tn / max(tn + fp, 1)
    for value, name in ((p, "my_precision"), (r, "my_recall")):
        if not 0 <= value <= 1:
            raise CheckFailed(f"{name} = {value:.4g}: precision and recall are shares, between 0 and 1.")
    close = lambda a, b: abs(a - b) < 1e-6  # noqa: E731
    if close(p, right_p) and close(r, right_r):
        passed(f"anomaly class: precision {p:.2f}, recall {r:.2f}.")
        return
    if close(p, right_r) and close(r, right_p):
        raise CheckFailed("my_precision and my_recall are swapped: precision divides by the flagged images, "
                          "recall by the anomalies.")
    if close(p, normal_p) or close(r, normal_r):
        raise CheckFailed("these are the normal class's numbers: they look good even for a useless detector, since "
                          "most test images are normal. Count the anomalies: flagged = scores > threshold, "
                          "positives = is_anomaly.")
    if not close(p, right_p):
        raise CheckFailed("my_precision is off: of the test images with a score above the threshold, which share "
                          "are anomalies? (true positives / everything flagged)")
    raise CheckFailed("my_recall is off: of the anomalies in the test set, which share have a score above the "
                      "threshold? (true positives / all anomalies)")


def check_knn_scores(knn_scores: object, train_codes: object, test_codes: object) -> None:
    """Exercise (notebook 08): each test code's Euclidean distance to the nearest training code."""
    train = np.asarray(train_codes, dtype="float64")
    test = np.asarray(test_codes, dtype="float64")
    if isinstance(knn_scores, list):
        knn_scores = np.asarray(knn_scores, dtype="float64")
    shape = getattr(knn_scores, "shape", None)
    if shape is not None and len(shape) == 2 and shape[0] == len(test):
        if shape[1] == 1:
            knn_scores = np.asarray(knn_scores)[:, 0]
        else:
            raise CheckFailed(f"knn_scores has shape {tuple(shape)}: one distance per test image is expected. "
                              "NearestNeighbors.kneighbors returns (distances, indices): keep distances[:, 0].")
    check_shape("knn_scores", knn_scores, (len(test),), why="One score per test image.")
    got = np.asarray(knn_scores, dtype="float64")
    if not np.all(np.isfinite(got)):
        raise CheckFailed("knn_scores contains NaN or infinite values.")
    d2 = ((test[:, None, :] - train[None, :, :]) ** 2).sum(axis=-1)
    expected = np.sqrt(d2.min(axis=1))
    if np.allclose(got, expected, rtol=1e-4, atol=1e-5):
        passed(f"{len(got)} distances to the nearest training code.")
        return
    if np.allclose(got, expected**2, rtol=1e-4, atol=1e-5):
        raise CheckFailed("knn_scores are squared distances: take the square root (Euclidean distance).")
    if np.allclose(got, 0, atol=1e-6):
        raise CheckFailed("every distance is 0: you searched among the test codes themselves, so each one found "
                          "itself. Fit the neighbour search on the training codes.")
    if np.allclose(got, expected.max() - expected) or np.allclose(got, -expected):
        raise CheckFailed("knn_scores point the wrong way: a larger distance must mean more anomalous.")
    raise CheckFailed("knn_scores differ from the distances between each test code and its nearest training code. "
                      "Work in code space (encoder outputs, not pixels) and search the training codes.")
