"""Keras models the notebooks build and train (Keras 3; imported on first use).

``dense_autoencoder`` builds the model notebook 02 writes out layer by layer,
with its encoder and decoder, so later notebooks can reuse it and encode and
decode by hand (a test checks that the two build the same layers).
``training_batches`` and ``validation_batches`` hand ``model.fit`` a
``tf.data`` pipeline built once, which trains small models several times
faster on a CPU than NumPy arrays do (see :mod:`helpers._feed`).
``architecture`` lists a model's layers, to compare two models.
(The older all-in-one ``fit_autoencoder``, used by no notebook, lives in
``tools/fit_autoencoder.py`` with the speed study.)
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from helpers import _feed
from helpers._validate import whole_number, with_methods

if TYPE_CHECKING:  # pragma: no cover
    import keras

__all__ = [
    "Autoencoder",
    "architecture",
    "dense_autoencoder",
    "encode",
    "linear_autoencoder",
    "reconstruct",
    "steps_per_epoch",
    "training_batches",
    "validation_batches",
]


class Autoencoder(NamedTuple):
    """The three models of an autoencoder; unpack as ``ae, encoder, decoder = ...``.

    ``autoencoder(x) == decoder(encoder(x))``; the three share their layers,
    so training ``autoencoder`` trains the other two.
    """

    autoencoder: keras.Model
    encoder: keras.Model
    decoder: keras.Model


def _activation(value: str | None, what: str) -> str | None:
    import keras  # noqa: PLC0415

    if value is None:
        return None
    try:
        keras.activations.get(value)
    except (ValueError, TypeError):
        raise ValueError(
            f"{what} {value!r} is not a Keras activation; use e.g. 'relu', 'tanh', 'sigmoid' or None."
        ) from None
    return value


def dense_autoencoder(
    input_dim: int,
    latent_dim: int,
    hidden: Sequence[int] = (128, 64),
    *,
    activation: str | None = "relu",
    output_activation: str | None = "sigmoid",
    use_bias: bool = True,
    name: str = "autoencoder",
) -> Autoencoder:
    """Build a dense autoencoder ``input -> hidden... -> code -> ...hidden -> output``.

    Args:
        input_dim: features per example (64 for 8x8 digits).
        latent_dim: width of the code, at least 1.
        hidden: widths of the encoder's hidden layers; the decoder mirrors them.
        activation: activation of the hidden layers (``None`` for linear).
        output_activation: ``"sigmoid"`` for data in [0, 1], ``None`` for
            unbounded (centred) data.
        use_bias: give every layer a bias (a linear autoencoder on centred data
            needs none).
        name: the autoencoder model's name.

    Layers are named ``encoder_hidden_1 ..., code, decoder_hidden_1 ..., reconstruction``.
    The code layer is linear: it is the coordinates we plot and do arithmetic on.

    Raises:
        ValueError: a width below 1 or an unknown activation.
        TypeError: a width that is not a whole number.

    Warns:
        UserWarning: ``latent_dim >= input_dim``; such a code need not compress
            anything, the network can learn to copy its input.
    """
    import keras  # noqa: PLC0415

    input_dim = whole_number(input_dim, "input_dim")
    latent_dim = whole_number(latent_dim, "latent_dim")
    if isinstance(hidden, np.ndarray):
        hidden = hidden.tolist()
    if isinstance(hidden, (str, bytes)) or not isinstance(hidden, Sequence):
        raise TypeError(f"hidden must be a list of widths such as (128, 64), got {hidden!r}.")
    widths = [whole_number(w, f"hidden layer {i + 1}'s width") for i, w in enumerate(hidden)]
    activation = _activation(activation, "activation")
    output_activation = _activation(output_activation, "output_activation")
    if latent_dim >= input_dim:
        warnings.warn(
            f"latent_dim={latent_dim} is not narrower than input_dim={input_dim}: the code can "
            "hold the whole input, so the autoencoder can learn to copy it (the identity) "
            "and need not learn any structure. Use a latent_dim below input_dim.",
            UserWarning,
            stacklevel=2,
        )

    x = inputs = keras.Input(shape=(input_dim,), name="input")
    for i, w in enumerate(widths):
        x = keras.layers.Dense(w, activation=activation, use_bias=use_bias, name=f"encoder_hidden_{i + 1}")(x)
    code = keras.layers.Dense(latent_dim, use_bias=use_bias, name="code")(x)
    encoder = keras.Model(inputs, code, name="encoder")

    y = code_in = keras.Input(shape=(latent_dim,), name="code_input")
    for i, w in enumerate(reversed(widths)):
        y = keras.layers.Dense(w, activation=activation, use_bias=use_bias, name=f"decoder_hidden_{i + 1}")(y)
    output = keras.layers.Dense(input_dim, activation=output_activation, use_bias=use_bias,
                                name="reconstruction")(y)
    decoder = keras.Model(code_in, output, name="decoder")

    autoencoder = keras.Model(inputs, decoder(encoder(inputs)), name=name)
    return Autoencoder(autoencoder, encoder, decoder)


def linear_autoencoder(input_dim: int, latent_dim: int, *, name: str = "linear_autoencoder") -> Autoencoder:
    """A linear autoencoder ``input -> code -> output`` without biases.

    Meant for centred data (subtract the training mean first, as PCA does):
    it then learns the same subspace as PCA (Baldi and Hornik, 1989).
    """
    return dense_autoencoder(input_dim, latent_dim, hidden=(), activation=None,
                             output_activation=None, use_bias=False, name=name)


def _as_float_rows(x: object, name: str) -> np.ndarray:
    array = np.asarray(x)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be numeric, got dtype {array.dtype}.")
    if array.ndim != 2 or array.shape[0] == 0:
        raise ValueError(f"{name} must be a non-empty 2-D array (examples, features), got shape {array.shape}.")
    array = array.astype("float32", copy=False)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or infinite values.")
    return array


def _model(model: object, what: str) -> keras.Model:
    """``model`` if it is a Keras model; a clear TypeError otherwise (the Autoencoder trio says which to pass)."""
    if isinstance(model, Autoencoder):
        raise TypeError(f"{what} must be one Keras model, got the Autoencoder trio: pass its .autoencoder, "
                        ".encoder or .decoder (or unpack it: ae, encoder, decoder = ...).")
    with_methods(model, what, ("predict",), "a Keras model")
    if not hasattr(model, "input_shape"):
        raise TypeError(f"{what} must be a built Keras model (one with an input shape), got {type(model).__name__}.")
    return model


def _run(model: keras.Model, x: object, name: str) -> np.ndarray:
    import keras  # noqa: PLC0415

    model = _model(model, "model")
    rows = _as_float_rows(x, name)
    expected = model.input_shape[-1]
    if rows.shape[1] != expected:
        raise ValueError(f"{name} has {rows.shape[1]} features per row, the model expects {expected}.")
    out = [keras.ops.convert_to_numpy(model(rows[i: i + 4096], training=False))
           for i in range(0, len(rows), 4096)]
    return np.concatenate(out)


def reconstruct(autoencoder: keras.Model, x: object) -> np.ndarray:
    """Outputs of ``autoencoder`` for ``x`` (float32 rows), as a NumPy array."""
    return _run(autoencoder, x, "x")


def encode(encoder: keras.Model, x: object) -> np.ndarray:
    """Codes of ``x`` under ``encoder``: float32 array of shape ``(n, latent_dim)``."""
    return _run(encoder, x, "x")


def _batch_size(value: object) -> int:
    size = whole_number(value, "batch_size")
    if size > 1_000_000:
        raise ValueError(f"batch_size={size:,} is absurdly large: use a few dozen to a few thousand rows.")
    return size


def training_batches(x: object, y: object = None, *, batch_size: int = 32, seed: int = 0) -> object:
    """Shuffled batches of ``(x, y)`` for ``model.fit``: a ``tf.data`` pipeline built once.

    Args:
        x: float32 rows ``(n, d)``, the inputs.
        y: the targets, one row per input (default: ``x`` itself, as an
            autoencoder learns to give back its input).
        batch_size: rows per batch (the last batch of each pass may be smaller).
        seed: seeds the order; every pass over the data is a fresh shuffle.

    Returns:
        A ``tf.data.Dataset`` of ``(inputs, targets)`` batches that **repeats
        forever**: give ``model.fit`` ``steps_per_epoch=math.ceil(n / batch_size)``
        so one epoch is one pass. Given NumPy arrays, Keras on TensorFlow
        rebuilds its input pipeline at every epoch, at a cost larger than a
        small model's training; this one is built once (:mod:`helpers._feed`).

    Raises:
        TypeError, ValueError: non-numeric or non-finite data, rows that do
        not match, or a batch size below 1.
    """
    inputs = _as_float_rows(x, "x")
    targets = inputs if y is None else _as_float_rows(y, "y")
    if len(targets) != len(inputs):
        raise ValueError(f"x has {len(inputs)} rows but y has {len(targets)}: one target row per input row.")
    size = _batch_size(batch_size)
    seed = whole_number(seed, "seed", minimum=0)
    # the pipeline shuffles itself; Keras would warn at every fit that it cannot shuffle it again
    warnings.filterwarnings("ignore", message=r"`shuffle=True` was passed, but will be ignored", category=UserWarning)
    return _feed.repeating_batches(inputs, targets, batch_size=size, seed=seed)


def validation_batches(x: object, y: object = None, *, batch_size: int = 1024) -> object:
    """Batches of ``(x, y)`` in order, for ``model.fit(validation_data=...)``: built once.

    Same arguments as :func:`training_batches`; the pipeline does not repeat
    and is not shuffled, so one validation is one pass over ``x``.
    """
    inputs = _as_float_rows(x, "x")
    targets = inputs if y is None else _as_float_rows(y, "y")
    if len(targets) != len(inputs):
        raise ValueError(f"x has {len(inputs)} rows but y has {len(targets)}: one target row per input row.")
    return _feed.ordered_batches(inputs, targets, batch_size=_batch_size(batch_size))


def steps_per_epoch(n: object, batch_size: object) -> int:
    """Batches in one pass over ``n`` rows: ``ceil(n / batch_size)``."""
    return math.ceil(whole_number(n, "n") / _batch_size(batch_size))


def architecture(model: object) -> list[tuple]:
    """What a model computes, layer by layer, to compare two models.

    One tuple per layer (nested models such as an encoder inside an
    autoencoder are opened; input layers are skipped): the layer's type,
    then its width (``units`` or ``filters``), activation, kernel size,
    strides, padding, whether it has a bias, and for reshaping layers the
    target shape, for noise layers their rate; ``None`` where the layer has
    no such setting. Layer **names** are left out.

    Raises:
        TypeError: ``model`` is not a Keras model.
    """
    layers = getattr(model, "layers", None)
    if layers is None or not callable(getattr(model, "get_config", None)):
        raise TypeError(f"architecture takes a Keras model, got {type(model).__name__}.")
    out: list[tuple] = []
    for layer in layers:
        kind = type(layer).__name__
        if kind == "InputLayer":
            continue
        if getattr(layer, "layers", None):
            out.extend(architecture(layer))
            continue
        config = layer.get_config()
        activation = config.get("activation")
        if isinstance(activation, dict):
            activation = activation.get("config", {}).get("name", str(activation))
        width = config.get("units", config.get("filters"))
        size = config.get("kernel_size")
        strides = config.get("strides")
        out.append((
            kind,
            width,
            activation,
            tuple(size) if isinstance(size, (list, tuple)) else size,
            tuple(strides) if isinstance(strides, (list, tuple)) else strides,
            config.get("padding"),
            config.get("use_bias"),
            tuple(config["target_shape"]) if "target_shape" in config else None,
            config.get("stddev", config.get("rate")),
        ))
    return out
