"""Anomaly detection plumbing for notebook 08: splits, scores, tables, thresholds, ROC curves.

A detector gives every example a **score** (higher = more anomalous: a reconstruction
error, minus IsolationForest's ``score_samples``, a distance). These helpers turn
scores into the numbers and figures of the notebook; the detectors themselves are
written in the notebook. Labels are ``is_anomaly`` arrays: True (or 1) for an
anomaly, False (or 0) for a normal example. Nothing here imports Keras except
:func:`training_state` and :func:`restore_training_state`, which do so lazily.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "Confusion",
    "NoveltySplit",
    "ScoreTable",
    "ThresholdExplorer",
    "auc_difference",
    "best_f1_threshold",
    "confusion",
    "novelty_split",
    "plot_roc",
    "reconstruction_error",
    "restore_training_state",
    "score_table",
    "threshold_at_false_alarm_rate",
    "threshold_explorer",
    "training_state",
]


# --------------------------------------------------------------------------- validation


def _rows(x: object, name: str) -> np.ndarray:
    array = np.asarray(x, dtype="float64") if not isinstance(x, np.ndarray) else x
    if array.ndim != 2 or array.shape[0] == 0:
        raise ValueError(f"{name} must be a 2-D array of shape (n, features) with n >= 1, got shape {array.shape}.")
    return array


def _scores(scores: object, name: str = "scores") -> np.ndarray:
    try:
        array = np.asarray(scores, dtype="float64")
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of numbers, one per example, got {type(scores).__name__}.") from None
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a 1-D array with one score per example, got shape {array.shape}.")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or infinite values: every example needs a finite score.")
    return array


def _labels(is_anomaly: object, n: int | None = None, *, need_both: bool = True) -> np.ndarray:
    array = np.asarray(is_anomaly)
    if array.ndim != 1:
        raise ValueError(f"is_anomaly must be a 1-D array of True/False (or 1/0), got shape {array.shape}.")
    if array.dtype != bool:
        if not np.all(np.isin(array, (0, 1))):
            raise ValueError("is_anomaly must hold only True/False or 1/0 (1 = anomaly); "
                             "turn class labels into one with (y == anomaly_class).")
        array = array.astype(bool)
    if n is not None and len(array) != n:
        raise ValueError(f"is_anomaly has {len(array)} entries but there are {n} scores: one label per score.")
    if need_both and (array.all() or not array.any()):
        raise ValueError("is_anomaly needs both normal (False) and anomalous (True) examples to rank them.")
    return array


def _rate(rate: object) -> float:
    if isinstance(rate, bool) or not isinstance(rate, (int, float, np.floating, np.integer)):
        raise TypeError(f"the false-alarm rate must be a number between 0 and 1, got {rate!r}.")
    if not 0.0 < float(rate) < 1.0:
        raise ValueError(f"the false-alarm rate must lie strictly between 0 and 1 (0.05 = 5%), got {rate}.")
    return float(rate)


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class NoveltySplit:
    """One class held out as the anomaly.

    Attributes:
        x_train: normal examples to fit on, shape ``(n_train, d)``.
        x_val: normal examples held out to choose a threshold, shape ``(n_val, d)``.
        x_test: normal and anomalous examples, shape ``(n_test, d)``.
        is_anomaly: ``(n_test,)`` bools, True where ``x_test`` is of the held-out class.
        anomaly: the held-out class label.
    """

    x_train: np.ndarray
    x_val: np.ndarray
    x_test: np.ndarray
    is_anomaly: np.ndarray
    anomaly: int

    def __repr__(self) -> str:
        return (f"NoveltySplit(anomaly={self.anomaly}: train {len(self.x_train)} normal, validation "
                f"{len(self.x_val)} normal, test {int((~self.is_anomaly).sum())} normal + "
                f"{int(self.is_anomaly.sum())} anomalies)")


def novelty_split(x_train: object, y_train: object, x_test: object, y_test: object, anomaly: int, *,
                  validation: float = 0.2, seed: int = 0) -> NoveltySplit:
    """Hold class ``anomaly`` out: fit and validate on the other classes, test on everything.

    The training examples of class ``anomaly`` are dropped (a detector trained on
    normal data only never sees one); the rest are split at random (``seed``) into
    training and validation rows, ``validation`` being the validation share.

    Args:
        x_train, x_test: examples as rows, shape ``(n, d)``.
        y_train, y_test: integer class labels, shape ``(n,)``.
        anomaly: the class to hold out; it must occur in ``y_test``.
        validation: share of the normal training rows kept for validation, in (0, 1).

    Raises:
        ValueError: shapes that do not match, a class absent from the test labels,
            a ``validation`` share outside (0, 1).
    """
    x_train, x_test = _rows(x_train, "x_train"), _rows(x_test, "x_test")
    y_train, y_test = np.asarray(y_train), np.asarray(y_test)
    if y_train.shape != (len(x_train),) or y_test.shape != (len(x_test),):
        raise ValueError("y_train and y_test need one label per row of x_train and x_test.")
    if not np.any(y_test == anomaly):
        raise ValueError(f"class {anomaly!r} does not occur in y_test; choose one of {sorted(set(y_test.tolist()))}.")
    if not 0.0 < float(validation) < 1.0:
        raise ValueError(f"validation is a share between 0 and 1 (0.2 = 20%), got {validation}.")
    normal = x_train[y_train != anomaly]
    order = np.random.default_rng(seed).permutation(len(normal))
    n_val = max(1, int(round(validation * len(normal))))
    return NoveltySplit(normal[np.sort(order[n_val:])], normal[np.sort(order[:n_val])], x_test,
                        y_test == anomaly, int(anomaly))


# --------------------------------------------------------------------------- scores


def reconstruction_error(x: object, reconstructions: object) -> np.ndarray:
    """Mean squared error of each row: shape ``(n,)`` from two ``(n, d)`` arrays."""
    a, b = _rows(x, "x"), _rows(reconstructions, "reconstructions")
    if a.shape != b.shape:
        raise ValueError(f"x {a.shape} and reconstructions {b.shape} must have the same shape.")
    return np.mean((np.asarray(a, "float64") - np.asarray(b, "float64")) ** 2, axis=1)


@dataclass(frozen=True)
class ScoreTable:
    """ROC AUC and average precision of several detectors on the same examples.

    Attributes:
        auc: detector name -> ROC AUC (0.5 = chance, 1 = every anomaly ranked first).
        average_precision: detector name -> average precision (chance = anomaly share).
        anomaly_share: the share of anomalies among the examples (the chance level of AP).
    """

    auc: dict[str, float]
    average_precision: dict[str, float]
    anomaly_share: float

    def __str__(self) -> str:
        width = max(len(name) for name in self.auc)
        lines = [f"{'detector':<{width}}  ROC AUC  average precision",
                 f"{'(chance)':<{width}}    0.500  {self.anomaly_share:17.3f}"]
        lines += [f"{name:<{width}}  {self.auc[name]:7.3f}  {self.average_precision[name]:17.3f}" for name in self.auc]
        return "\n".join(lines)

    def _repr_pretty_(self, printer: object, cycle: bool) -> None:  # pragma: no cover - IPython display
        printer.text(str(self))


def score_table(is_anomaly: object, scores: Mapping[str, object]) -> ScoreTable:
    """ROC AUC and average precision for each detector's ``(n,)`` scores (higher = more anomalous)."""
    from sklearn.metrics import average_precision_score, roc_auc_score  # noqa: PLC0415

    if not isinstance(scores, Mapping) or not scores:
        raise TypeError("scores must be a dict {detector name: scores}, with at least one detector.")
    first = _scores(next(iter(scores.values())), f"scores[{next(iter(scores))!r}]")
    labels = _labels(is_anomaly, len(first))
    auc, ap = {}, {}
    for name, values in scores.items():
        s = _scores(values, f"scores[{name!r}]")
        if len(s) != len(labels):
            raise ValueError(f"scores[{name!r}] has {len(s)} entries, is_anomaly {len(labels)}: one score per example.")
        auc[str(name)] = float(roc_auc_score(labels, s))
        ap[str(name)] = float(average_precision_score(labels, s))
    return ScoreTable(auc, ap, float(labels.mean()))


def threshold_at_false_alarm_rate(normal_scores: object, rate: float) -> float:
    """The lowest threshold that flags at most ``rate`` of ``normal_scores`` (flag: score > threshold).

    Give it scores of **normal validation** examples only: the test set must not
    choose its own threshold.

    Raises:
        ValueError: ``rate`` outside (0, 1), or no scores.
    """
    s = _scores(normal_scores, "normal_scores")
    return float(np.quantile(s, 1.0 - _rate(rate), method="higher"))


@dataclass(frozen=True)
class Confusion:
    """Counts of a thresholded detector; the anomaly is the positive class."""

    true_positives: int
    false_positives: int
    true_negatives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        """Share of the flagged examples that are anomalies (0 when nothing is flagged)."""
        flagged = self.true_positives + self.false_positives
        return self.true_positives / flagged if flagged else 0.0

    @property
    def recall(self) -> float:
        """Share of the anomalies that are flagged."""
        return self.true_positives / max(self.true_positives + self.false_negatives, 1)

    @property
    def false_alarm_rate(self) -> float:
        """Share of the normal examples that are flagged."""
        return self.false_positives / max(self.false_positives + self.true_negatives, 1)

    def __str__(self) -> str:
        return (f"flagged: {self.true_positives} anomalies, {self.false_positives} normal (false alarms) · "
                f"missed: {self.false_negatives} anomalies · precision {self.precision:.2f}, "
                f"recall {self.recall:.2f}, false-alarm rate {self.false_alarm_rate:.3f}")


def confusion(is_anomaly: object, scores: object, threshold: float) -> Confusion:
    """Flag every example whose score is above ``threshold`` and count hits and misses.

    ``scores`` and ``is_anomaly`` have shape ``(n,)``; ``threshold`` may be ``np.inf`` (flag nothing).
    """
    s = _scores(scores)
    labels = _labels(is_anomaly, len(s), need_both=False)
    if isinstance(threshold, bool) or np.isnan(float(threshold)):
        raise ValueError(f"threshold must be a number (np.inf flags nothing), got {threshold!r}.")
    flagged = s > float(threshold)
    return Confusion(int(np.sum(flagged & labels)), int(np.sum(flagged & ~labels)),
                     int(np.sum(~flagged & ~labels)), int(np.sum(~flagged & labels)))


def best_f1_threshold(is_anomaly: object, scores: object) -> tuple[float, float]:
    """The threshold with the best F1 score of the anomaly class on these examples, and that F1.

    Every distinct score is tried as a threshold (flag: score > threshold), and so is
    "flag everything". This is what a threshold *chosen on the data it is scored on*
    looks like: the F1 it returns is optimistic for any other data.

    Returns:
        ``(threshold, f1)``.

    Raises:
        ValueError: scores and labels of different lengths, or no anomaly among them.
    """
    s = _scores(scores)
    labels = _labels(is_anomaly, len(s), need_both=False)
    if not labels.any():
        raise ValueError("is_anomaly has no anomaly (True): F1 of the anomaly class needs at least one.")
    candidates = np.r_[-np.inf, np.unique(s)]
    order = np.argsort(s)
    sorted_s, sorted_labels = s[order], labels[order]
    # examples flagged at threshold t are those with score > t: count them from the top
    above = len(s) - np.searchsorted(sorted_s, candidates, side="right")
    anomalies_above = np.r_[np.cumsum(sorted_labels[::-1])[::-1], 0]
    tp = anomalies_above[len(s) - above]
    f1 = np.where(above > 0, 2 * tp / np.maximum(above + labels.sum(), 1), 0.0)
    best = int(np.argmax(f1))
    return float(candidates[best]), float(f1[best])


def _auc_rows(scores: np.ndarray, n_pos: int) -> np.ndarray:
    """ROC AUC of each row of ``scores`` whose first ``n_pos`` columns are the anomalies (ties count half)."""
    from scipy.stats import rankdata  # noqa: PLC0415

    ranks = rankdata(scores, axis=1)
    n_neg = scores.shape[1] - n_pos
    return (ranks[:, :n_pos].sum(axis=1) - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def auc_difference(is_anomaly: object, scores_a: object, scores_b: object, *, n_resamples: int = 1000,
                   level: float = 0.95, seed: int = 0) -> object:
    """ROC AUC of detector a minus detector b on the same examples, with a paired bootstrap interval.

    The examples are resampled with replacement, anomalies and normal ones separately (so
    every resample has both), and both detectors are scored on the same resample.

    Returns:
        A :class:`helpers.metrics.Interval`; ``.excludes(0)`` says whether the two detectors
        are shown to differ on these examples.

    Raises:
        ValueError: scores of different lengths, labels without both classes, fewer than 10
            resamples or a level outside (0, 1).
    """
    from sklearn.metrics import roc_auc_score  # noqa: PLC0415

    from helpers._validate import whole_number  # noqa: PLC0415
    from helpers.metrics import Interval  # noqa: PLC0415

    a, b = _scores(scores_a, "scores_a"), _scores(scores_b, "scores_b")
    if len(a) != len(b):
        raise ValueError(f"scores_a has {len(a)} entries and scores_b {len(b)}: score the same examples.")
    labels = _labels(is_anomaly, len(a))
    n = whole_number(n_resamples, "n_resamples")
    if n < 10 or n > 20_000:
        raise ValueError(f"n_resamples must lie between 10 and 20000 (1000 is plenty), got {n}.")
    if isinstance(level, bool) or not isinstance(level, (int, float)) or not 0 < float(level) < 1:
        raise ValueError(f"level must lie strictly between 0 and 1 (0.95 for a 95% interval), got {level!r}.")
    rng = np.random.default_rng(whole_number(seed, "seed", minimum=0))
    pos, neg = np.flatnonzero(labels), np.flatnonzero(~labels)
    idx = np.concatenate([rng.choice(pos, (n, len(pos))), rng.choice(neg, (n, len(neg)))], axis=1)
    diffs = _auc_rows(a[idx], len(pos)) - _auc_rows(b[idx], len(pos))
    low, high = np.quantile(diffs, [(1 - level) / 2, (1 + level) / 2])
    estimate = float(roc_auc_score(labels, a) - roc_auc_score(labels, b))
    return Interval(estimate, float(min(low, estimate)), float(max(high, estimate)), float(level))


# --------------------------------------------------------------------------- figures


def plot_roc(is_anomaly: object, scores: Mapping[str, object], ax: Axes | None = None, *,
             title: str = "ROC curves", mark_rate: float | None = None) -> Figure:
    """ROC curves (false-alarm rate against recall) of several detectors on the same examples.

    ``mark_rate`` draws a vertical line at that false-alarm rate.
    """
    import matplotlib.pyplot as plt  # noqa: PLC0415
    from sklearn.metrics import roc_curve  # noqa: PLC0415

    table = score_table(is_anomaly, scores)  # validates everything
    labels = _labels(is_anomaly)
    if ax is None:
        fig, ax = plt.subplots(figsize=(4.6, 4.2))
    else:
        fig = ax.figure
    for name, values in scores.items():
        fpr, tpr, _ = roc_curve(labels, np.asarray(values, dtype="float64"))
        ax.plot(fpr, tpr, label=f"{name} (AUC {table.auc[str(name)]:.3f})")
    ax.plot([0, 1], [0, 1], color="0.6", ls=":", label="chance")
    if mark_rate is not None:
        ax.axvline(_rate(mark_rate), color="0.3", ls="--", lw=0.8)
    ax.set(xlabel="false-alarm rate (normal flagged)", ylabel="recall (anomalies flagged)", title=title,
           xlim=(0, 1), ylim=(0, 1.01))
    ax.legend(loc="lower right", fontsize=8)
    return fig


class ThresholdExplorer:
    """A slider over the threshold; shows the confusion counts on the test examples at once.

    Attributes:
        slider: the ``ipywidgets.FloatSlider`` (its value is the threshold).
        counts: the :class:`Confusion` at the current threshold.
        widget: the ``ipywidgets.VBox`` shown in the notebook.
    """

    def __init__(self, is_anomaly: object, scores: object, threshold: float) -> None:
        import ipywidgets as w  # noqa: PLC0415

        self._scores = _scores(scores)
        self._labels = _labels(is_anomaly, len(self._scores))
        low, high = float(self._scores.min()), float(self._scores.max())
        if not low <= float(threshold) <= high:
            threshold = min(max(float(threshold), low), high)
        self.slider = w.FloatSlider(value=float(threshold), min=low, max=high, step=(high - low) / 200 or 1e-6,
                                    description="threshold", readout_format=".4f", continuous_update=True,
                                    layout=w.Layout(width="420px"))
        self.table = w.HTML()
        self.widget = w.VBox([self.slider, self.table])
        self.slider.observe(self._update, names="value")
        self._update()

    def _update(self, change: object = None) -> None:
        c = confusion(self._labels, self._scores, self.slider.value)
        self.counts = c
        self.table.value = (
            "<table style='font-family:monospace'><tr><th></th><th>flagged</th><th>not flagged</th></tr>"
            f"<tr><th>anomaly</th><td>{c.true_positives}</td><td>{c.false_negatives}</td></tr>"
            f"<tr><th>normal</th><td>{c.false_positives}</td><td>{c.true_negatives}</td></tr></table>"
            f"precision {c.precision:.2f} · recall {c.recall:.2f} · false-alarm rate {c.false_alarm_rate:.3f}"
        )

    def _repr_mimebundle_(self, **kwargs: object) -> dict:
        return self.widget._repr_mimebundle_(**kwargs)


def threshold_explorer(is_anomaly: object, scores: object, threshold: float) -> ThresholdExplorer:
    """Explore thresholds on precomputed test ``scores`` (nothing is recomputed but the counts)."""
    return ThresholdExplorer(is_anomaly, scores, threshold)


# --------------------------------------------------------------------------- training the same model again


def training_state(model: object) -> list[np.ndarray]:
    """A copy of a compiled Keras model's weights and its optimizer's variables.

    With :func:`restore_training_state` it puts the model back exactly where it
    started (same weights, a fresh optimizer), so one model can be trained again on
    other data without Keras building and tracing a new training step (about a
    second per model on a small CPU). Call it before the first ``fit``.

    Raises:
        TypeError: ``model`` is not a compiled Keras model.
    """
    import keras  # noqa: PLC0415

    if not isinstance(model, keras.Model) or getattr(model, "optimizer", None) is None:
        raise TypeError("training_state needs a Keras model after model.compile(optimizer=..., loss=...).")
    if not model.optimizer.built:
        model.optimizer.build(model.trainable_variables)
    return [keras.ops.convert_to_numpy(v) for v in [*model.weights, *model.optimizer.variables]]


def restore_training_state(model: object, state: Sequence[np.ndarray]) -> None:
    """Put back what :func:`training_state` saved (weights and optimizer variables)."""
    import keras  # noqa: PLC0415

    if not isinstance(model, keras.Model) or getattr(model, "optimizer", None) is None:
        raise TypeError("restore_training_state needs the compiled Keras model the state was saved from.")
    variables = [*model.weights, *model.optimizer.variables]
    if len(variables) != len(state) or any(tuple(v.shape) != np.shape(s) for v, s in zip(variables, state)):
        raise ValueError("this state was saved from another model: call training_state(model) on this one.")
    for variable, value in zip(variables, state):
        variable.assign(value)
