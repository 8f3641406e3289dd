"""The older all-in-one training helper, kept for the speed study (``make bench STUDY=1``).

``fit_autoencoder`` trains a Keras autoencoder with the three speed settings
:mod:`tools.overhead` measures one by one: a pipeline built once
(:mod:`helpers._feed`), several passes per Keras epoch, and a whole epoch's
batches in one compiled call. No notebook uses it: the notebooks write their
``compile`` and ``fit`` on screen. It lives here, outside ``helpers``, and
``helpers`` never imports ``tools``.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from helpers import _feed
from helpers._validate import whole_number
from helpers.models import _as_float_rows, _model

if TYPE_CHECKING:  # pragma: no cover
    import keras

__all__ = ["MEMORY_BUDGET_BYTES", "fit_autoencoder"]


MEMORY_BUDGET_BYTES = 256 * 2**20  # the most fit_autoencoder copies training data into


def fit_autoencoder(
    autoencoder: keras.Model,
    x_train: np.ndarray,
    x_val: np.ndarray | None = None,
    *,
    targets: np.ndarray | None = None,
    val_targets: np.ndarray | None = None,
    corrupt: Callable[[np.ndarray, np.random.Generator], np.ndarray] | None = None,
    seed: int = 0,
    passes: int = 100,
    passes_per_epoch: int = 5,
    batch_size: int = 128,
    learning_rate: float = 3e-3,
    loss: str = "mse",
) -> keras.callbacks.History:
    """Train ``autoencoder`` to map ``x_train`` to ``targets`` (default: itself).

    Three settings make small models train several times faster on a CPU
    without changing what is learned (``make bench STUDY=1`` measures each):

    * the data are fed through a pipeline built once (on TensorFlow, see
      :mod:`helpers._feed`): Keras would otherwise rebuild its input pipeline
      at every epoch, at a cost larger than a small model's training;
    * ``passes_per_epoch``: Keras also spends a few milliseconds of bookkeeping
      at every epoch (and on every validation), so one "epoch" here shows the
      (reshuffled) training set ``passes_per_epoch`` times. ``passes`` counts
      passes over the data, as epochs usually do;
    * ``steps_per_execution``: a whole epoch's batches run in one compiled
      call instead of one call per batch.

    Denoising: with ``corrupt``, every pass sees a **fresh** corrupted copy of
    ``x_train`` (``corrupt(x_train, rng)``, drawn once per pass from a
    generator seeded with ``seed``) while the targets stay clean. The copies are
    built up front, up to 256 MiB of them; when ``passes`` copies would not fit,
    as many as fit (a divisor of ``passes``) are reused in turn, one epoch per
    round (an epoch is then one round of copies).

    Args:
        autoencoder: a Keras model (compiled here with Adam and ``loss``; a
            second call starts a fresh optimizer).
        x_train: float32 ``(n, d)``; with a sigmoid output, targets in [0, 1].
        x_val: held-out inputs for the validation loss (optional).
        targets, val_targets: what the outputs should be; default the inputs
            themselves. Give ``val_targets`` whenever ``targets`` differ from
            the inputs and ``x_val`` is given.
        corrupt: makes a corrupted copy of the clean inputs (see above).
        seed: seeds ``corrupt``'s generator.
        passes: total passes over ``x_train``; a multiple of ``passes_per_epoch``.
        passes_per_epoch, batch_size, learning_rate, loss: as described. When
            ``passes_per_epoch`` copies of the data would exceed 256 MiB, fewer
            passes per epoch are used.

    Returns:
        The plain Keras history; ``history.history["loss"]`` has one value
        per epoch (``passes_per_epoch`` passes each).

    Raises:
        ValueError: bad shapes, NaN values, targets outside [0, 1] for a
            sigmoid output, ``passes`` not a positive multiple of
            ``passes_per_epoch``, validation targets missing, or a denoising
            run where not even one copy fits in 256 MiB.
    """
    import keras  # noqa: PLC0415

    autoencoder = _model(autoencoder, "autoencoder")
    x_train = _as_float_rows(x_train, "x_train")
    n_inputs = autoencoder.input_shape[-1]
    if x_train.shape[1] != n_inputs:
        raise ValueError(f"x_train has {x_train.shape[1]} features per row, the model expects {n_inputs}.")
    y_train = x_train if targets is None else _as_float_rows(targets, "targets")
    expected = (len(x_train), autoencoder.output_shape[-1])
    if y_train.shape != expected:
        raise ValueError(
            f"targets have shape {y_train.shape}, but the model maps {x_train.shape} to "
            f"{expected}: one target row per input row, each of {expected[1]} values."
        )
    if _output_activation(autoencoder) == "sigmoid" and (y_train.min() < 0 or y_train.max() > 1):
        raise ValueError(
            f"the model ends in a sigmoid (outputs in [0, 1]) but the targets span "
            f"[{y_train.min():.3g}, {y_train.max():.3g}]: scale them into [0, 1] first."
        )
    for value, what in ((passes, "passes"), (passes_per_epoch, "passes_per_epoch"), (batch_size, "batch_size")):
        whole_number(value, what)
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, numbers.Real):
        raise TypeError(f"learning_rate must be a number such as 3e-3, got {learning_rate!r:.40}.")
    if not (np.isfinite(learning_rate) and 0 < learning_rate <= 10):
        raise ValueError(f"learning_rate must be a positive number of at most 10 (Adam's usual is 1e-3), "
                         f"got {learning_rate!r}.")
    if corrupt is not None and not callable(corrupt):
        raise TypeError(f"corrupt must be a function corrupt(x, rng) -> noisy copy of x, got {type(corrupt).__name__}.")
    if passes % passes_per_epoch:
        raise ValueError(f"passes ({passes}) must be a multiple of passes_per_epoch ({passes_per_epoch}).")
    validation = None
    if x_val is not None:
        x_val = _as_float_rows(x_val, "x_val")
        if val_targets is None and (targets is not None or corrupt is not None):
            raise ValueError(
                "targets differ from the inputs, so the validation loss needs val_targets too "
                "(for denoising: the clean versions of x_val)."
            )
        y_val = x_val if val_targets is None else _as_float_rows(val_targets, "val_targets")
        validation = (x_val, y_val)
    elif val_targets is not None:
        raise ValueError("val_targets were given without x_val: pass both, or neither.")

    row_bytes = x_train.shape[1] * 4 + (0 if targets is None and corrupt is None else y_train.shape[1] * 4)
    streaming = _feed.uses_tensorflow()  # a pipeline that repeats: no tiled copies needed (see helpers._feed)
    steps_per_epoch = None
    if corrupt is not None:
        # One fresh corrupted copy per pass, built up front. When they do not all fit in the budget,
        # as many copies as fit (a divisor of passes) are reused in turn, one Keras epoch each round.
        fitting = MEMORY_BUDGET_BYTES // max(len(x_train) * row_bytes, 1)
        copies = passes if passes <= fitting else max((d for d in range(1, fitting + 1) if passes % d == 0), default=0)
        if copies < 1:
            raise ValueError(
                f"one corrupted copy of {len(x_train):,} rows needs more than "
                f"{MEMORY_BUDGET_BYTES // 2**20} MiB: train on fewer rows."
            )
        rng = np.random.default_rng(seed)
        inputs = np.concatenate([_corrupted(corrupt, x_train, rng) for _ in range(copies)])
        outputs = y_train if streaming else np.tile(y_train, (copies, 1))  # the pipeline repeats targets itself
        if copies == passes:  # the data continue across epochs: every pass is new
            steps_per_epoch = max((passes_per_epoch * len(x_train)) // batch_size, 1)
        else:  # one epoch per round over the copies
            passes_per_epoch = copies
    elif streaming:
        inputs, outputs = x_train, y_train
        steps_per_epoch = passes_per_epoch * int(np.ceil(len(x_train) / batch_size))
    else:
        while passes_per_epoch > 1 and passes_per_epoch * len(x_train) * row_bytes > MEMORY_BUDGET_BYTES:
            passes_per_epoch = max(d for d in range(1, passes_per_epoch) if passes % d == 0)
        inputs = np.tile(x_train, (passes_per_epoch, 1)) if passes_per_epoch > 1 else x_train
        outputs = inputs if targets is None else np.tile(y_train, (passes_per_epoch, 1))
    data, fit_kwargs = _feed.training_data(inputs, outputs, batch_size=batch_size, seed=seed,
                                           steps_per_epoch=steps_per_epoch)
    steps = fit_kwargs.get("steps_per_epoch") or int(np.ceil(len(inputs) / batch_size))
    del inputs, outputs  # on TensorFlow the pipeline has its own copy: free ours during training
    if validation is not None:
        validation = _feed.validation_data(*validation, batch_size=batch_size)
    autoencoder.compile(optimizer=keras.optimizers.Adam(learning_rate), loss=loss, steps_per_execution=steps)
    history = autoencoder.fit(data, epochs=passes // passes_per_epoch, validation_data=validation, verbose=0,
                              callbacks=[keras.callbacks.TerminateOnNaN()], **fit_kwargs)
    losses = history.history.get("loss", [])
    if losses and not np.isfinite(losses[-1]):
        raise ValueError(
            f"the training loss became {losses[-1]} (not a number) and training was stopped: the weights "
            f"are now useless. Try a smaller learning_rate than {learning_rate:g}, and check that the data "
            "hold no NaN or huge values; then build a fresh model and train again."
        )
    return history


def _corrupted(corrupt: Callable[[np.ndarray, np.random.Generator], np.ndarray], x: np.ndarray,
               rng: np.random.Generator) -> np.ndarray:
    """``corrupt`` applied to a copy of ``x`` (a corrupt that edits in place cannot spoil the clean
    data or the targets), its result checked: same shape, finite numbers."""
    try:
        out = np.asarray(corrupt(x.copy(), rng), dtype="float32")
    except (TypeError, ValueError) as error:
        raise TypeError(f"corrupt(x, rng) must return an array of numbers shaped like x; it gave: {error}") from None
    if out.shape != x.shape:
        raise ValueError(f"corrupt(x, rng) must return an array shaped like x {x.shape}, got {out.shape}.")
    if not np.all(np.isfinite(out)):
        raise ValueError("corrupt(x, rng) returned NaN or infinite values: clip or fix the corruption.")
    return out


def _output_activation(model: keras.Model) -> str | None:
    """Name of the activation of the model's last Dense layer (searching nested models)."""
    layer = model.layers[-1]
    while hasattr(layer, "layers") and layer.layers:
        layer = layer.layers[-1]
    activation = getattr(layer, "activation", None)
    return getattr(activation, "__name__", None)
