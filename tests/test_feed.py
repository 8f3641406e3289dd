"""Unit tests for helpers._feed (how training data reach model.fit).

The course's default backend is TensorFlow, where the data go through a pipeline
built once; these tests check that it shows every row once per pass, keeps each
input with its target, reshuffles between passes, and is reproducible from its seed.
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np
import pytest

from helpers import _feed
from helpers.data import load_images
from helpers.models import dense_autoencoder
from tools.fit_autoencoder import fit_autoencoder  # the speed study's helper (tools/), which the feed serves

tensorflow_only = pytest.mark.skipif(keras.backend.backend() != "tensorflow",
                                     reason="the pipeline is built on the TensorFlow backend only")


def _rows(n: int = 10, width: int = 3) -> tuple[np.ndarray, np.ndarray]:
    x = np.arange(n * width, dtype="float32").reshape(n, width)
    return x, -x  # each target row is recognisably its input's


def _passes(data, fit_kwargs: dict, n_passes: int, steps_per_pass: int) -> list[list[np.ndarray]]:
    """The batches of the first ``n_passes`` passes, as fit would read them."""
    batches = iter(data)
    return [[next(batches) for _ in range(steps_per_pass)] for _ in range(n_passes)]


@tensorflow_only
def test_each_pass_shows_every_row_once_in_batches_of_the_given_size():
    x, y = _rows(10)
    data, kwargs = _feed.training_data(x, y, batch_size=4, seed=0)
    assert kwargs == {"steps_per_epoch": 3, "shuffle": False}
    for one_pass in _passes(data, kwargs, 3, 3):
        assert [len(bx) for bx, _ in one_pass] == [4, 4, 2]
        seen = np.concatenate([np.asarray(bx) for bx, _ in one_pass])
        np.testing.assert_array_equal(np.sort(seen[:, 0]), x[:, 0])


@tensorflow_only
def test_inputs_stay_with_their_targets():
    x, y = _rows(10)
    data, kwargs = _feed.training_data(x, y, batch_size=4, seed=0)
    for one_pass in _passes(data, kwargs, 2, 3):
        for bx, by in one_pass:
            np.testing.assert_array_equal(np.asarray(by), -np.asarray(bx))


@tensorflow_only
def test_passes_are_reshuffled_and_reproducible_from_the_seed():
    x, y = _rows(50)

    def order(seed: int) -> list[np.ndarray]:
        data, kwargs = _feed.training_data(x, y, batch_size=50, seed=seed)
        return [np.asarray(p[0][0])[:, 0] for p in _passes(data, kwargs, 2, 1)]

    first, second = order(0)
    assert not np.array_equal(first, second), "the second pass must be a new shuffle"
    assert not np.array_equal(first, np.sort(first)), "a pass must be shuffled"
    again = order(0)
    np.testing.assert_array_equal(again[0], first)
    np.testing.assert_array_equal(again[1], second)
    assert not np.array_equal(order(1)[0], first), "another seed, another order"


@tensorflow_only
def test_steps_per_epoch_is_passed_through():
    x, y = _rows(10)
    _, kwargs = _feed.training_data(x, y, batch_size=4, seed=0, steps_per_epoch=15)
    assert kwargs["steps_per_epoch"] == 15


@tensorflow_only
def test_validation_data_is_every_row_once():
    x, y = _rows(10)
    batches = list(_feed.validation_data(x, y, batch_size=4))
    np.testing.assert_array_equal(np.concatenate([np.asarray(b[0]) for b in batches]), x)
    np.testing.assert_array_equal(np.concatenate([np.asarray(b[1]) for b in batches]), y)


@tensorflow_only
def test_passes_per_epoch_changes_only_the_bookkeeping():
    """With the pipeline, 40 epochs of 5 passes and 200 epochs of 1 pass see the same batches in
    the same order, so they learn exactly the same weights."""
    x = load_images("digits", seed=0).x_train[:200]
    weights = []
    for per_epoch in (1, 5):
        keras.utils.set_random_seed(0)
        ae = dense_autoencoder(64, 2).autoencoder
        history = fit_autoencoder(ae, x, passes=10, passes_per_epoch=per_epoch)
        assert len(history.history["loss"]) == 10 // per_epoch
        weights.append(ae.get_weights())
    for a, b in zip(*weights):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("backend_path", ["pipeline", "arrays"])
def test_repeating_targets_follow_row_i_modulo_their_count(backend_path, monkeypatch):
    """Three corrupted copies of four clean rows: input row i's target is clean row i % 4."""
    if backend_path == "arrays":
        monkeypatch.setattr(_feed, "uses_tensorflow", lambda: False)
    elif keras.backend.backend() != "tensorflow":
        pytest.skip("the pipeline is built on the TensorFlow backend only")
    clean = np.arange(8, dtype="float32").reshape(4, 2)
    copies = np.concatenate([clean + 100 * k for k in (1, 2, 3)])  # row i comes from clean row i % 4
    data, kwargs = _feed.training_data(copies, clean, batch_size=5, seed=0)
    if backend_path == "arrays":
        pairs = [(data, kwargs["y"])]
    else:
        batches = iter(data)
        pairs = [tuple(map(np.asarray, next(batches))) for _ in range(kwargs["steps_per_epoch"])]
    seen = 0
    for bx, by in pairs:
        np.testing.assert_array_equal(by, bx % 100)
        seen += len(bx)
    assert seen == 12


def test_targets_that_cannot_repeat_evenly_are_refused():
    with pytest.raises(ValueError, match="10 input rows cannot share 4 target rows"):
        _feed.training_data(np.zeros((10, 2), "float32"), np.zeros((4, 2), "float32"), batch_size=2, seed=0)


def test_repeating_batches_reshuffle_every_pass_and_keep_pairs():
    x, y = _rows(10)
    batches = iter(_feed.repeating_batches(x, y, batch_size=4, seed=0))
    passes = [[tuple(map(np.asarray, next(batches))) for _ in range(3)] for _ in range(2)]
    orders = []
    for one in passes:
        bx = np.concatenate([b[0] for b in one])
        by = np.concatenate([b[1] for b in one])
        np.testing.assert_array_equal(by, -bx)
        assert sorted(bx[:, 0].tolist()) == sorted(x[:, 0].tolist())
        orders.append(bx[:, 0].tolist())
    assert orders[0] != orders[1]


def test_ordered_batches_are_one_pass_in_order():
    x, y = _rows(10)
    batches = list(_feed.ordered_batches(x, y, batch_size=4))
    assert [len(b[0]) for b in batches] == [4, 4, 2]
    np.testing.assert_array_equal(np.concatenate([np.asarray(b[1]) for b in batches]), y)
