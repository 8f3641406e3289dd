"""The variational autoencoder of notebook 09, for reuse: a sampling layer, a VAE model, its loss terms.

Backend-agnostic Keras 3: nothing here overrides ``train_step`` (which is written
differently for each backend) or calls ``add_loss`` on a symbolic tensor of a
functional model (which Keras 3 refuses). The :class:`VAE` model adds its KL term
with ``self.add_loss`` inside ``call``, and ``compile(loss=reconstruction_loss)``
adds the reconstruction term, so plain ``fit`` trains it on TensorFlow and JAX.

``Sampling`` and ``VAE`` subclass Keras classes, so they are built the first time
they are used (``import helpers`` imports no Keras):
``helpers.vae.Sampling`` and ``helpers.vae.VAE`` work as usual.

The loss of one image, with ``mean`` and ``log_var`` the encoder's outputs::

    reconstruction = sum over pixels of binary_crossentropy(x, x_hat)
    kl             = -0.5 * sum over code dimensions of (1 + log_var - mean**2 - exp(log_var))
    loss           = reconstruction + beta * kl        (averaged over the batch)
"""

from __future__ import annotations

import functools
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from helpers._validate import whole_number

if TYPE_CHECKING:  # pragma: no cover
    import keras

__all__ = [
    "VAE",
    "LossTerms",
    "Sampling",
    "SweepExplorer",
    "VAEParts",
    "confident_rate",
    "dense_vae",
    "kl_divergence",
    "layer_summary",
    "loss_terms",
    "reconstruction_loss",
    "sweep_explorer",
]


@functools.cache
def _classes() -> dict[str, type]:
    import keras  # noqa: PLC0415

    class Sampling(keras.layers.Layer):
        """The reparameterisation trick: ``z = mean + exp(log_var / 2) * eps``, ``eps ~ N(0, I)``.

        Call it on ``[mean, log_var]``, two ``(batch, latent_dim)`` tensors; it returns
        ``z`` of the same shape. The randomness is in ``eps`` only, so gradients flow
        to ``mean`` and ``log_var``. ``seed`` makes the draws repeatable.
        """

        def __init__(self, seed: int | None = None, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.seed = seed
            self.seed_generator = keras.random.SeedGenerator(seed)

        def call(self, inputs: Sequence[Any]) -> Any:
            mean, log_var = inputs
            eps = keras.random.normal(keras.ops.shape(mean), seed=self.seed_generator)
            return mean + keras.ops.exp(0.5 * log_var) * eps

        def get_config(self) -> dict:
            return {**super().get_config(), "seed": self.seed}

    class VAE(keras.Model):
        """Encoder ``x -> [mean, log_var]``, sampling, decoder ``z -> x_hat``; adds ``beta * KL`` as a loss.

        Compile it with ``loss=reconstruction_loss`` (the reconstruction term) and
        fit it with ``fit(x, x, ...)``. ``vae(x)`` returns reconstructions of codes
        *sampled* around each image's mean; decode ``encoder(x)[0]`` for the mean's.
        """

        def __init__(self, encoder: keras.Model, decoder: keras.Model, beta: float = 1.0, seed: int | None = None,
                     **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.encoder, self.decoder, self.beta = encoder, decoder, float(beta)
            self.sampling = Sampling(seed=seed, name="sampling")

        def call(self, x: Any) -> Any:
            mean, log_var = self.encoder(x)
            z = self.sampling([mean, log_var])
            kl = -0.5 * keras.ops.sum(1.0 + log_var - keras.ops.square(mean) - keras.ops.exp(log_var), axis=-1)
            self.add_loss(self.beta * keras.ops.mean(kl))
            return self.decoder(z)

    return {"Sampling": Sampling, "VAE": VAE}


def __getattr__(name: str) -> type:
    if name in ("Sampling", "VAE"):
        return _classes()[name]
    raise AttributeError(f"module 'helpers.vae' has no attribute {name!r}")


def reconstruction_loss(x: Any, x_hat: Any) -> Any:
    """Binary cross-entropy of each image **summed over its pixels**: shape ``(batch,)``.

    Summing (not averaging) keeps the reconstruction term on the scale of the KL
    term, which is also a sum (over code dimensions); averaging over 64 pixels would
    weigh the KL term 64 times more, the usual cause of a collapsed VAE.
    """
    import keras  # noqa: PLC0415

    shapes = [getattr(v, "shape", None) for v in (x, x_hat)]
    if any(s is None for s in shapes):
        raise TypeError("x and x_hat must be arrays or tensors of images, shape (batch, pixels), "
                        f"got {type(x).__name__} and {type(x_hat).__name__}.")
    if len(shapes[0]) < 2 or len(shapes[0]) != len(shapes[1]) or any(
            a is not None and b is not None and a != b for a, b in zip(shapes[0], shapes[1])):
        raise ValueError(f"x and x_hat must have the same shape (batch, pixels), got {tuple(shapes[0])} and "
                         f"{tuple(shapes[1])}.")
    x, x_hat = keras.ops.cast(x, "float32"), keras.ops.cast(x_hat, "float32")
    return keras.ops.sum(keras.ops.binary_crossentropy(x, x_hat), axis=-1)


@dataclass(frozen=True)
class VAEParts:
    """A VAE and its two halves (the halves share the VAE's weights)."""

    vae: keras.Model
    encoder: keras.Model
    decoder: keras.Model

    def __iter__(self):  # so that ``vae, encoder, decoder = dense_vae(...)`` works
        return iter((self.vae, self.encoder, self.decoder))


def _beta(beta: object) -> float:
    if isinstance(beta, bool) or not isinstance(beta, numbers.Real) or not np.isfinite(beta) or beta < 0:
        raise ValueError(f"beta weighs the KL term: a finite number >= 0 (1 for the plain VAE), got {beta!r}.")
    return float(beta)


def dense_vae(input_dim: int = 64, latent_dim: int = 2, hidden: Sequence[int] = (128, 64), *, beta: float = 1.0,
              name: str = "vae", seed: int | None = None) -> VAEParts:
    """Build the dense VAE of notebook 09 (not compiled).

    Encoder: ``input -> encoder_hidden_1 ... (ReLU) -> z_mean, z_log_var`` (linear, ``latent_dim`` each).
    Decoder: ``code_input -> decoder_hidden_1 ... (ReLU, mirrored) -> reconstruction`` (sigmoid),
    so images must lie in [0, 1]. Layer names match :func:`helpers.models.dense_autoencoder`.

    Raises:
        TypeError: a width that is not a whole number.
        ValueError: a width below 1, a negative or infinite ``beta``.
    """
    import keras  # noqa: PLC0415

    input_dim = whole_number(input_dim, "input_dim")
    latent_dim = whole_number(latent_dim, "latent_dim")
    if isinstance(hidden, (str, bytes)) or not isinstance(hidden, Sequence):
        raise TypeError(f"hidden must be a list of widths such as (128, 64), got {hidden!r}.")
    widths = [whole_number(w, f"hidden layer {i + 1}'s width") for i, w in enumerate(hidden)]
    beta = _beta(beta)

    x = inputs = keras.Input(shape=(input_dim,), name="input")
    for i, w in enumerate(widths):
        x = keras.layers.Dense(w, activation="relu", name=f"encoder_hidden_{i + 1}")(x)
    z_mean = keras.layers.Dense(latent_dim, name="z_mean")(x)
    z_log_var = keras.layers.Dense(latent_dim, name="z_log_var")(x)
    encoder = keras.Model(inputs, [z_mean, z_log_var], name="encoder")

    y = code = keras.Input(shape=(latent_dim,), name="code_input")
    for i, w in enumerate(reversed(widths)):
        y = keras.layers.Dense(w, activation="relu", name=f"decoder_hidden_{i + 1}")(y)
    output = keras.layers.Dense(input_dim, activation="sigmoid", name="reconstruction")(y)
    decoder = keras.Model(code, output, name="decoder")
    return VAEParts(_classes()["VAE"](encoder, decoder, beta=beta, seed=seed, name=name), encoder, decoder)


def _pair(mean: object, log_var: object) -> tuple[np.ndarray, np.ndarray]:
    m = np.asarray(mean, dtype="float64")
    v = np.asarray(log_var, dtype="float64")
    if m.ndim != 2 or m.shape != v.shape:
        raise ValueError(f"mean and log_var must both have shape (n, latent_dim), got {m.shape} and {v.shape}.")
    return m, v


def kl_divergence(mean: object, log_var: object) -> np.ndarray:
    """KL(N(mean, exp(log_var)) || N(0, I)) of each row, in nats: shape ``(n,)``, always >= 0."""
    m, v = _pair(mean, log_var)
    return -0.5 * np.sum(1.0 + v - m**2 - np.exp(v), axis=1)


@dataclass(frozen=True)
class LossTerms:
    """The two terms of a VAE's loss, averaged over images (nats per image).

    Attributes:
        reconstruction: summed binary cross-entropy of each image, averaged.
        kl: KL divergence of each image's code distribution from N(0, I), averaged.
        kl_per_dimension: the average KL of each code dimension, shape ``(latent_dim,)``:
            a dimension whose KL is about 0 carries no information (it has collapsed).
    """

    reconstruction: float
    kl: float
    kl_per_dimension: np.ndarray

    def __str__(self) -> str:
        dims = ", ".join(f"{k:.2f}" for k in self.kl_per_dimension)
        return f"reconstruction {self.reconstruction:.2f} + KL {self.kl:.2f} nats per image (KL per dimension: {dims})"


def loss_terms(encoder: keras.Model, decoder: keras.Model, x: object, *, seed: int = 0) -> LossTerms:
    """Measure a VAE's reconstruction and KL terms on images ``x`` (``(n, d)`` in [0, 1]).

    One code is sampled per image (seeded), as in training.
    """
    import keras  # noqa: PLC0415

    images = np.asarray(x, dtype="float32")
    if images.ndim != 2 or len(images) == 0:
        raise ValueError(f"x must be images as rows, shape (n, pixels), got {images.shape}.")
    if images.min() < 0 or images.max() > 1:
        raise ValueError("x must lie in [0, 1]: the decoder ends in a sigmoid and the loss is a cross-entropy.")
    mean, log_var = (keras.ops.convert_to_numpy(t) for t in encoder(images))
    m, v = _pair(mean, log_var)
    z = m + np.exp(0.5 * v) * np.random.default_rng(seed).standard_normal(m.shape)
    x_hat = np.clip(keras.ops.convert_to_numpy(decoder(z.astype("float32"))).astype("float64"), 1e-7, 1 - 1e-7)
    bce = -(images * np.log(x_hat) + (1 - images) * np.log(1 - x_hat)).sum(axis=1)
    per_dim = -0.5 * (1.0 + v - m**2 - np.exp(v))
    return LossTerms(float(bce.mean()), float(per_dim.sum(axis=1).mean()), per_dim.mean(axis=0))


def confident_rate(probabilities: object, level: float = 0.9) -> float:
    """Share of rows of class ``probabilities`` (``(n, classes)``) whose largest probability exceeds ``level``."""
    p = np.asarray(probabilities, dtype="float64")
    if p.ndim != 2 or len(p) == 0:
        raise ValueError(f"probabilities must have shape (n, classes), e.g. from predict_proba, got {p.shape}.")
    if not np.allclose(p.sum(axis=1), 1.0, atol=1e-4) or p.min() < 0:
        raise ValueError("each row of probabilities must be >= 0 and sum to 1 (use predict_proba, not predict).")
    if not 0 < float(level) < 1:
        raise ValueError(f"level must lie strictly between 0 and 1, got {level}.")
    return float(np.mean(p.max(axis=1) > float(level)))


def layer_summary(model: keras.Model) -> list[tuple[str, int | None, str | None]]:
    """``(layer type, units, activation)`` of each layer of a functional model, inputs left out.

    Two models with equal summaries have the same architecture (names aside): notebook 09
    checks its on-screen VAE against :func:`dense_vae` with it.
    """
    import keras  # noqa: PLC0415

    if not isinstance(model, keras.Model):
        raise TypeError(f"layer_summary takes a Keras model, got {type(model).__name__}.")
    out = []
    for layer in model.layers:
        if isinstance(layer, keras.layers.InputLayer):
            continue
        activation = getattr(layer, "activation", None)
        out.append((type(layer).__name__, getattr(layer, "units", None),
                    getattr(activation, "__name__", None) if activation is not None else None))
    return out


class SweepExplorer:
    """A slider over precomputed results (one per ``beta``): decoded samples and the loss terms.

    Nothing is trained or decoded when the slider moves: it only chooses among
    ``images`` (one ``(n, pixels)`` array per setting) and ``captions``.

    Attributes:
        slider: the ``ipywidgets.SelectionSlider`` (its value is the setting's label).
        current: the label shown.
        widget: the ``ipywidgets.VBox`` shown in the notebook.
    """

    def __init__(self, images: dict[str, object], captions: dict[str, str], image_shape: tuple[int, int],
                 columns: int = 10, scale: int = 4) -> None:
        import ipywidgets as w  # noqa: PLC0415

        if not images or set(images) != set(captions):
            raise ValueError("images and captions need the same labels, at least one.")
        h, wd = (int(s) for s in image_shape)
        self._pngs = {}
        for label, array in images.items():
            a = np.asarray(array, dtype="float32")
            if a.ndim != 2 or a.shape[1] != h * wd or len(a) < columns:
                raise ValueError(f"images[{label!r}] must have shape (n >= {columns}, {h * wd}), got {a.shape}.")
            rows = [a[r * columns:(r + 1) * columns] for r in range(len(a) // columns)]
            self._pngs[label] = _png(_tile(rows, (h, wd)), scale)
        self._captions = dict(captions)
        self.slider = w.SelectionSlider(options=list(images), description="beta", continuous_update=True)
        self.image = w.Image(format="png")
        self.caption = w.HTML()
        self.widget = w.VBox([self.slider, self.caption, self.image])
        self.slider.observe(self._update, names="value")
        self._update()

    def _update(self, change: object = None) -> None:
        self.current = self.slider.value
        self.image.value = self._pngs[self.current]
        self.caption.value = self._captions[self.current]

    def _repr_mimebundle_(self, **kwargs: object) -> dict:
        return self.widget._repr_mimebundle_(**kwargs)


def _tile(rows: list[np.ndarray], image_shape: tuple[int, int], gap: int = 1) -> np.ndarray:
    h, w = image_shape
    canvas = np.zeros((len(rows) * (h + gap) - gap, len(rows[0]) * (w + gap) - gap), dtype="float32")
    for r, images in enumerate(rows):
        for c, image in enumerate(images):
            canvas[r * (h + gap): r * (h + gap) + h, c * (w + gap): c * (w + gap) + w] = np.reshape(image, (h, w))
    return canvas


def _png(image: np.ndarray, scale: int) -> bytes:
    import io  # noqa: PLC0415

    import matplotlib.pyplot as plt  # noqa: PLC0415

    buffer = io.BytesIO()
    plt.imsave(buffer, np.kron(np.clip(image, 0, 1), np.ones((scale, scale))), cmap="gray_r", vmin=0, vmax=1,
               format="png")
    return buffer.getvalue()


def sweep_explorer(images: dict[str, object], captions: dict[str, str], image_shape: tuple[int, int]) -> SweepExplorer:
    """Explore precomputed decoded samples per setting with a slider (see :class:`SweepExplorer`)."""
    return SweepExplorer(images, captions, image_shape)
