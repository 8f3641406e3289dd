"""How training data reaches ``model.fit``: the one place that depends on the Keras backend.

Given NumPy arrays, Keras on TensorFlow pays a fixed cost to start its input
pipeline (an index permutation and a parallel gather) at the start of
**every** epoch and of every validation. On this course's small models that
costs about 28 ms an epoch, more than the training itself: the digits
autoencoder's 200 one-pass epochs took 8.1 s from arrays and 3.1 s from a
pipeline built once (``make bench STUDY=1`` measures this and the other settings). So on
TensorFlow the arrays are wrapped once in a ``tf.data`` pipeline that reshuffles
every pass and repeats; ``model.fit`` then reads it with ``steps_per_epoch``.
On JAX (and any other backend) Keras' own array path has no such cost, and the
arrays are passed as they are.

Nothing here changes what is learned: each pass is a seeded reshuffle of every
row, cut into batches of ``batch_size`` (the last one partial).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np


def uses_tensorflow() -> bool:
    import keras  # noqa: PLC0415

    return keras.backend.backend() == "tensorflow"


def training_data(inputs: np.ndarray, targets: np.ndarray, *, batch_size: int, seed: int,
                  steps_per_epoch: int | None = None) -> tuple[Any, dict]:
    """What to pass to ``model.fit`` for shuffled batches of ``(inputs, targets)``.

    Returns ``(data, fit_kwargs)``: call ``model.fit(data, **fit_kwargs, epochs=...)``.
    ``targets`` may have fewer rows than ``inputs`` when they repeat: input row
    ``i``'s target is ``targets[i % len(targets)]`` (several corrupted copies of
    the same clean rows need the clean rows only once). ``steps_per_epoch``
    (default: one pass, ``ceil(len(inputs) / batch_size)``) lets an epoch span
    several passes, or stop part-way through one; later epochs continue where
    the last one stopped.

    On TensorFlow the pipeline holds its own copy of the arrays: the caller can
    drop its references to free theirs.
    """
    if len(targets) == 0 or len(inputs) % len(targets):
        raise ValueError(f"{len(inputs)} input rows cannot share {len(targets)} target rows in turn.")
    if not uses_tensorflow():
        if len(targets) != len(inputs):
            targets = np.tile(targets, (len(inputs) // len(targets),) + (1,) * (targets.ndim - 1))
        kwargs = {"y": targets, "batch_size": batch_size, "shuffle": True}
        if steps_per_epoch is not None:
            kwargs["steps_per_epoch"] = steps_per_epoch
        return inputs, kwargs
    steps = steps_per_epoch or math.ceil(len(inputs) / batch_size)
    # shuffle=False: the pipeline shuffles itself (Keras would only warn that it cannot)
    return _repeating_pipeline(inputs, targets, batch_size, seed), {"steps_per_epoch": steps, "shuffle": False}


def validation_data(inputs: np.ndarray, targets: np.ndarray, *, batch_size: int) -> Any:
    """Validation pairs for ``model.fit(validation_data=...)``, batched once on TensorFlow."""
    if not uses_tensorflow():
        return (inputs, targets)
    import tensorflow as tf  # noqa: PLC0415

    return tf.data.Dataset.from_tensor_slices((inputs, targets)).batch(batch_size).with_options(_options(tf))


def repeating_batches(inputs: np.ndarray, targets: np.ndarray, *, batch_size: int, seed: int) -> Any:
    """A ``tf.data`` pipeline of shuffled ``(inputs, targets)`` batches, reshuffled every pass, repeating.

    Used on every backend (Keras 3 reads ``tf.data`` on JAX and PyTorch too):
    ``helpers.models.training_batches`` documents it for the notebooks.
    """
    return _repeating_pipeline(inputs, targets, batch_size, seed)


def ordered_batches(inputs: np.ndarray, targets: np.ndarray, *, batch_size: int) -> Any:
    """A ``tf.data`` pipeline of ``(inputs, targets)`` batches in order, one pass (for validation)."""
    import tensorflow as tf  # noqa: PLC0415

    return tf.data.Dataset.from_tensor_slices((inputs, targets)).batch(batch_size).with_options(_options(tf))


def _options(tf: Any) -> Any:
    # As Keras does for arrays: tf.data's default graph rewrites would serialize the pipeline, and
    # with it a copy of the captured arrays (measured: +200 MiB for a 250 MiB array).
    options = tf.data.Options()
    options.experimental_optimization.apply_default_optimizations = False
    return options


def _repeating_pipeline(inputs: np.ndarray, targets: np.ndarray, batch_size: int, seed: int) -> Any:
    import tensorflow as tf  # noqa: PLC0415

    n, m = len(inputs), len(targets)
    x = tf.constant(inputs)
    y = x if targets is inputs else tf.constant(targets)
    order = tf.data.Dataset.range(n).shuffle(n, seed=seed, reshuffle_each_iteration=True).batch(batch_size)
    if m == n:
        batches = order.map(lambda rows: (tf.gather(x, rows), tf.gather(y, rows)))
    else:
        batches = order.map(lambda rows: (tf.gather(x, rows), tf.gather(y, rows % m)))
    return batches.repeat().with_options(_options(tf))
