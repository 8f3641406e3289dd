"""Unit tests for helpers.anomaly: splits, scores, tables, thresholds, ROC figure, slider, training state."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from sklearn.metrics import average_precision_score, roc_auc_score  # noqa: E402

from helpers import anomaly  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def labelled(seed=0, n=200, share=0.1):
    """Scores where anomalies tend to score higher, and their labels."""
    rng = np.random.default_rng(seed)
    is_anomaly = rng.random(n) < share
    is_anomaly[:2] = [True, False]
    scores = rng.normal(size=n) + 2.0 * is_anomaly
    return is_anomaly, scores


# --------------------------------------------------------------------------- novelty_split


def test_novelty_split_trains_and_validates_on_normal_rows_only():
    rng = np.random.default_rng(0)
    x_train, y_train = rng.random((100, 4)), np.arange(100) % 5
    x_test, y_test = rng.random((30, 4)), np.arange(30) % 5
    split = anomaly.novelty_split(x_train, y_train, x_test, y_test, 3, validation=0.25, seed=1)
    normal = x_train[y_train != 3]
    assert len(split.x_train) + len(split.x_val) == len(normal) == 80
    assert len(split.x_val) == 20
    together = np.concatenate([split.x_train, split.x_val])
    assert sorted(map(tuple, together)) == sorted(map(tuple, normal))  # every normal row once, no anomaly
    np.testing.assert_array_equal(split.x_test, x_test)
    np.testing.assert_array_equal(split.is_anomaly, y_test == 3)
    assert "3" in repr(split) and "6 anomalies" in repr(split)


def test_novelty_split_is_repeatable_and_seeded():
    rng = np.random.default_rng(0)
    args = (rng.random((50, 3)), np.arange(50) % 2, rng.random((10, 3)), np.arange(10) % 2, 1)
    a, b = anomaly.novelty_split(*args, seed=4), anomaly.novelty_split(*args, seed=4)
    c = anomaly.novelty_split(*args, seed=5)
    np.testing.assert_array_equal(a.x_val, b.x_val)
    assert not np.array_equal(a.x_val, c.x_val)


@pytest.mark.parametrize("kwargs, message", [
    ({"anomaly": 7}, "does not occur"),
    ({"anomaly": 1, "validation": 1.5}, "between 0 and 1"),
    ({"anomaly": 1, "validation": 0}, "between 0 and 1"),
])
def test_novelty_split_refuses_bad_arguments(kwargs, message):
    x = np.zeros((10, 2))
    y = np.arange(10) % 2
    with pytest.raises(ValueError, match=message):
        anomaly.novelty_split(x, y, x, y, **kwargs)


def test_novelty_split_refuses_mismatched_labels():
    with pytest.raises(ValueError, match="one label per row"):
        anomaly.novelty_split(np.zeros((10, 2)), np.zeros(9), np.zeros((4, 2)), np.zeros(4), 0)
    with pytest.raises(ValueError, match="2-D array"):
        anomaly.novelty_split(np.zeros(10), np.zeros(10), np.zeros((4, 2)), np.zeros(4), 0)


# --------------------------------------------------------------------------- scores and tables


def test_reconstruction_error_is_the_mean_squared_error_per_row():
    x = np.array([[0.0, 1.0], [1.0, 1.0]])
    x_hat = np.array([[0.0, 0.0], [0.5, 1.0]])
    np.testing.assert_allclose(anomaly.reconstruction_error(x, x_hat), [0.5, 0.125])
    with pytest.raises(ValueError, match="same shape"):
        anomaly.reconstruction_error(x, x_hat[:1])


def test_score_table_agrees_with_scikit_learn():
    is_anomaly, scores = labelled()
    noise = np.random.default_rng(1).normal(size=len(scores))
    table = anomaly.score_table(is_anomaly, {"good": scores, "noise": noise})
    assert table.auc["good"] == pytest.approx(roc_auc_score(is_anomaly, scores))
    assert table.average_precision["noise"] == pytest.approx(average_precision_score(is_anomaly, noise))
    assert table.anomaly_share == pytest.approx(is_anomaly.mean())
    text = str(table)
    assert "good" in text and "noise" in text and "(chance)" in text and "0.500" in text


def test_score_table_with_integer_labels_and_lists():
    table = anomaly.score_table([0, 0, 1, 1], {"perfect": [0.1, 0.2, 0.8, 0.9]})
    assert table.auc["perfect"] == 1.0 and table.average_precision["perfect"] == 1.0


@pytest.mark.parametrize("labels, scores, error, message", [
    ([0, 0, 0], {"a": [1, 2, 3]}, ValueError, "both normal"),
    ([0, 1, 2], {"a": [1, 2, 3]}, ValueError, "only True/False"),
    ([0, 1], {"a": [1, 2, 3]}, ValueError, "one label per score"),
    ([0, 1, 1], {"a": [1, np.nan, 3]}, ValueError, "NaN"),
    ([0, 1, 1], {"a": [1, 2, 3], "b": [1, 2]}, ValueError, "one score per example"),
    ([0, 1, 1], {}, TypeError, "at least one detector"),
    ([0, 1, 1], [1, 2, 3], TypeError, "dict"),
    ([0, 1, 1], {"a": "high"}, TypeError, "array of numbers"),
])
def test_score_table_refuses_bad_input(labels, scores, error, message):
    with pytest.raises(error, match=message):
        anomaly.score_table(labels, scores)


# --------------------------------------------------------------------------- thresholds and counts


def test_threshold_flags_at_most_the_rate_of_normal_scores():
    normal = np.random.default_rng(0).normal(size=1000)
    for rate in (0.01, 0.05, 0.2):
        t = anomaly.threshold_at_false_alarm_rate(normal, rate)
        flagged = np.mean(normal > t)
        assert rate - 0.002 <= flagged <= rate


@pytest.mark.parametrize("rate, error", [(0, ValueError), (1, ValueError), (5, ValueError), (True, TypeError),
                                         ("5%", TypeError)])
def test_threshold_refuses_a_rate_outside_zero_one(rate, error):
    with pytest.raises(error, match="false-alarm rate"):
        anomaly.threshold_at_false_alarm_rate([1.0, 2.0, 3.0], rate)


def test_confusion_counts_and_rates():
    labels = np.array([True, True, False, False, False])
    scores = np.array([0.9, 0.2, 0.8, 0.1, 0.3])
    c = anomaly.confusion(labels, scores, 0.5)
    assert (c.true_positives, c.false_positives, c.true_negatives, c.false_negatives) == (1, 1, 2, 1)
    assert c.precision == 0.5 and c.recall == 0.5 and c.false_alarm_rate == pytest.approx(1 / 3)
    assert "precision 0.50" in str(c)


def test_confusion_flagging_nothing():
    c = anomaly.confusion([True, False], [1.0, 2.0], np.inf)
    assert c.precision == 0.0 and c.recall == 0.0 and c.false_alarm_rate == 0.0
    with pytest.raises(ValueError, match="threshold"):
        anomaly.confusion([True, False], [1.0, 2.0], float("nan"))


# --------------------------------------------------------------------------- figure and slider


def test_plot_roc_draws_one_curve_per_detector_and_chance():
    is_anomaly, scores = labelled()
    fig = anomaly.plot_roc(is_anomaly, {"a": scores, "b": -scores}, mark_rate=0.05)
    ax = fig.axes[0]
    labels = [line.get_label() for line in ax.get_lines()]
    assert any(label.startswith("a (AUC") for label in labels) and "chance" in labels
    assert ax.get_xlabel().startswith("false-alarm rate")


def test_plot_roc_refuses_bad_input():
    with pytest.raises(ValueError, match="both normal"):
        anomaly.plot_roc([1, 1], {"a": [0.1, 0.2]})


def test_threshold_explorer_counts_follow_the_slider():
    is_anomaly, scores = labelled()
    explorer = anomaly.threshold_explorer(is_anomaly, scores, float(np.median(scores)))
    explorer.slider.value = float(np.quantile(scores, 0.9))
    assert explorer.counts == anomaly.confusion(is_anomaly, scores, explorer.slider.value)
    assert "precision" in explorer.table.value
    explorer.slider.value = explorer.slider.min
    assert explorer.counts.recall >= 0.99


# --------------------------------------------------------------------------- training the same model again


def test_restored_training_state_repeats_training_exactly():
    import keras  # noqa: PLC0415

    keras.utils.set_random_seed(0)
    inputs = keras.Input(shape=(4,))
    model = keras.Model(inputs, keras.layers.Dense(4)(inputs))
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="mse")
    x = np.random.default_rng(0).random((32, 4)).astype("float32")
    start = anomaly.training_state(model)
    first = model.fit(x, x, epochs=3, batch_size=8, shuffle=False, verbose=0).history["loss"]
    anomaly.restore_training_state(model, start)
    np.testing.assert_allclose(model.get_weights()[0], start[0])
    second = model.fit(x, x, epochs=3, batch_size=8, shuffle=False, verbose=0).history["loss"]
    np.testing.assert_allclose(first, second, rtol=1e-6)


def test_training_state_refuses_an_uncompiled_model_or_another_models_state():
    import keras  # noqa: PLC0415

    inputs = keras.Input(shape=(3,))
    model = keras.Model(inputs, keras.layers.Dense(2)(inputs))
    with pytest.raises(TypeError, match="compile"):
        anomaly.training_state(model)
    with pytest.raises(TypeError, match="compile"):
        anomaly.training_state("model")
    model.compile(optimizer="adam", loss="mse")
    with pytest.raises(ValueError, match="another model"):
        anomaly.restore_training_state(model, [np.zeros(1)])


def _f1(labels: np.ndarray, scores: np.ndarray, t: float) -> float:
    c = anomaly.confusion(labels, scores, t)
    return 2 * c.precision * c.recall / max(c.precision + c.recall, 1e-12)


def test_best_f1_threshold_matches_trying_every_threshold():
    rng = np.random.default_rng(4)
    labels = np.arange(120) % 6 == 0
    scores = np.round(rng.random(120) + 0.6 * labels, 2)  # ties included
    t, f1 = anomaly.best_f1_threshold(labels, scores)
    brute = max(_f1(labels, scores, c) for c in np.r_[-np.inf, np.unique(scores)])
    assert f1 == pytest.approx(brute)
    assert _f1(labels, scores, t) == pytest.approx(f1)


def test_best_f1_threshold_refuses_data_without_anomalies():
    with pytest.raises(ValueError, match="no anomaly"):
        anomaly.best_f1_threshold(np.zeros(5, bool), np.arange(5.0))
    with pytest.raises(ValueError, match="one label per score"):
        anomaly.best_f1_threshold(np.ones(3, bool), np.arange(5.0))


def test_auc_difference_is_the_auc_gap_with_an_interval_around_it():
    rng = np.random.default_rng(5)
    labels = np.arange(300) % 5 == 0
    a, b = rng.random(300) + 0.8 * labels, rng.random(300) + 0.2 * labels
    gap = anomaly.auc_difference(labels, a, b, seed=1)
    assert gap.estimate == pytest.approx(roc_auc_score(labels, a) - roc_auc_score(labels, b))
    assert gap.low <= gap.estimate <= gap.high and gap.excludes(0)
    same = anomaly.auc_difference(labels, a, a, seed=1)
    assert same.estimate == 0 and same.low == 0 and same.high == 0
    assert str(anomaly.auc_difference(labels, a, b, seed=1)) == str(gap)  # repeatable


def test_auc_difference_refuses_bad_input():
    labels = np.arange(20) % 2 == 0
    with pytest.raises(ValueError, match="same examples"):
        anomaly.auc_difference(labels, np.arange(20.0), np.arange(19.0))
    with pytest.raises(ValueError, match="both normal"):
        anomaly.auc_difference(np.ones(20, bool), np.arange(20.0), np.arange(20.0))
    with pytest.raises(ValueError, match="n_resamples"):
        anomaly.auc_difference(labels, np.arange(20.0), np.arange(20.0), n_resamples=5)
    with pytest.raises(ValueError, match="level"):
        anomaly.auc_difference(labels, np.arange(20.0), np.arange(20.0), level=95)
