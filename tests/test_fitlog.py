"""Unit tests for tools.fitlog: make bench times every Model.fit of a notebook from outside the lesson."""

from __future__ import annotations

import json
import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from tools import fitlog  # noqa: E402


@pytest.fixture
def timer(tmp_path, monkeypatch):
    target = tmp_path / "training.json"
    monkeypatch.setenv(fitlog.ENV_VAR, str(target))
    monkeypatch.setattr(fitlog, "_log", {})
    fitlog.install()
    yield target
    fitlog.uninstall()


def _tiny(name: str) -> keras.Model:
    inputs = keras.Input(shape=(6,))
    outputs = keras.layers.Dense(3, name="code")(inputs)
    outputs = keras.layers.Dense(6, name="out")(outputs)
    model = keras.Model(inputs, outputs, name=name)
    model.compile(optimizer="adam", loss="mse")
    return model


def test_every_fit_is_logged_by_model_name_and_written(timer):
    x = np.random.default_rng(0).random((40, 6), dtype=np.float32)
    history = _tiny("tiny_ae").fit(x, x, epochs=3, batch_size=8, verbose=0)
    assert not hasattr(history, "examples_per_second"), "the History stays Keras' own"
    entry = json.loads(timer.read_text())["tiny_ae"]
    assert entry["fits"] == 1
    assert entry["examples"] == 40 * 3
    assert entry["madds_per_example"] == 6 * 3 + 3 * 6
    assert entry["seconds"] > 0 and entry["examples_per_s"] > 0
    assert entry["gflops"] == pytest.approx(entry["examples_per_s"] * 36 * 6 / 1e9, rel=1e-2, abs=1e-3)


def test_a_model_fitted_twice_adds_up_and_validation_split_is_left_out(timer):
    x = np.zeros((50, 6), dtype=np.float32)
    model = _tiny("twice")
    model.fit(x, x, epochs=2, batch_size=10, verbose=0)
    model.fit(x, x, epochs=1, batch_size=10, validation_split=0.2, verbose=0)
    entry = fitlog.log()["twice"]
    assert entry["fits"] == 2
    assert entry["examples"] == 50 * 2 + 40 * 1


def test_early_stopping_counts_the_epochs_actually_run(timer):
    x = np.zeros((20, 6), dtype=np.float32)
    stop = keras.callbacks.EarlyStopping(monitor="loss", patience=0, min_delta=1e9)
    history = _tiny("stops").fit(x, x, epochs=50, batch_size=10, verbose=0, callbacks=[stop])
    assert fitlog.log()["stops"]["examples"] == 20 * len(history.epoch) < 20 * 50


def test_a_dataset_counts_steps_times_its_batch_size():
    import tensorflow as tf  # noqa: PLC0415

    x = np.zeros((30, 6), dtype=np.float32)
    data = tf.data.Dataset.from_tensor_slices((x, x)).batch(5).repeat()

    class History:
        epoch = [0, 1, 2]
        params = {"steps": 4}

    assert fitlog.examples_trained(History(), data, {}) == 3 * 4 * 5
    prefetched = tf.data.Dataset.from_tensor_slices((x, x)).batch(7).prefetch(2)  # batch size not static
    assert fitlog.examples_trained(History(), prefetched, {}) == 3 * 4 * 7
    assert fitlog.examples_trained(History(), object(), {}) == 0, "a count that cannot be made is 0"


def test_counting_never_draws_from_the_notebook_s_pipeline():
    import tensorflow as tf  # noqa: PLC0415

    drawn = []

    def rows():
        for i in range(100):
            drawn.append(i)
            yield np.float32([i])

    data = tf.data.Dataset.from_generator(rows, output_signature=tf.TensorSpec((1,), tf.float32)).batch(10)

    class History:
        epoch = [0]
        params = {"steps": 2}

    assert fitlog.examples_trained(History(), data, {}) == 2 * 10
    assert drawn == [], "the pipeline was run: the notebook's next batch would differ"


def test_uninstall_puts_fit_back():
    original = keras.Model.fit
    fitlog.install()
    assert keras.Model.fit is not original
    fitlog.install()  # idempotent
    fitlog.uninstall()
    assert keras.Model.fit is original
