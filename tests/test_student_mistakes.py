"""Typical wrong answers fed to every exercise check of helpers.checks.

One table, ``CASES``: each row is one answer a student might give to one check,
and either the key phrase the check's message must contain (a wrong answer) or
``RIGHT`` (a right answer, which must pass and print one line starting with a
tick). The answers are the mistakes people really make: a stub still raising
NotImplementedError or a variable left at None, a transposed shape, a float
where a count is expected, an off-by-one, the training set instead of the test
set, a data range of 255, sqrt(MSE), the wrong sign, a value from another model.

``test_every_public_check_has_rows`` fails when a new ``check_*`` function has no
row here: add a right answer and a few wrong ones when you add a check.
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import inspect
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
import pytest

from helpers import checks
from helpers.checks import CheckFailed

RIGHT = object()  # the expectation of a right answer: passes, prints one tick line
SILENT = object()  # a building block (check_shape): passes and prints nothing

# Python and NumPy internals a student should never have to read in a check's message.
JARGON = [
    r"Traceback \(most recent call last\)",
    r'File "[^"]*", line \d+',
    r"<lambda>",
    r"<function ",
    r" object at 0x[0-9a-f]+",
    r"ufunc",
    r"truth value of an array",
    r"inhomogeneous shape",
    r"tuple index out of range",
    r"has no attribute",
]


# --------------------------------------------------------------------------- fixtures


def _one_batch(x: np.ndarray, y: np.ndarray, *, batch_size: int) -> dict:
    """What to pass to ``fit`` for these few rows: the same batches as ``fit(x, y, batch_size=...)``.

    On TensorFlow a ``tf.data.Dataset``: for NumPy arrays Keras builds a new input pipeline every
    epoch (about 40 ms on the 2-core machine, most of a 150-epoch fit of 40 rows), for a dataset
    it only restarts it. The rows fit in one batch, so leaving out fit's shuffle changes nothing.
    """
    import keras  # noqa: PLC0415

    if keras.backend.backend() != "tensorflow" or len(x) > batch_size:
        return {"x": x, "y": y, "batch_size": batch_size}
    import tensorflow as tf  # noqa: PLC0415

    return {"x": tf.data.Dataset.from_tensor_slices((x, y)).batch(batch_size)}


def _batches(x: np.ndarray, *, batch_size: int, seed: int = 0) -> dict:
    """What to pass to ``fit`` for an autoencoder of these rows: ``fit(x, x, batch_size=...)``'s shuffled
    batches, through one ``tf.data`` pipeline reshuffled every epoch on TensorFlow (Keras would rebuild
    its pipeline from the arrays every epoch, about 40 ms each on the 2-core machine)."""
    import keras  # noqa: PLC0415

    if keras.backend.backend() != "tensorflow":
        return {"x": x, "y": x, "batch_size": batch_size}
    import tensorflow as tf  # noqa: PLC0415

    data = tf.data.Dataset.from_tensor_slices((x, x)).shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
    return {"x": data.batch(batch_size)}


class Fixtures:
    """Data and models the checks need, built once and only when a row asks for them."""

    @cached_property
    def digits(self):
        from helpers.data import load_images  # noqa: PLC0415

        return load_images("digits")

    @cached_property
    def tiny(self):
        """An untrained 64 -> 8 -> 2 -> 8 -> 64 autoencoder (no training: checks only compare outputs)."""
        import keras  # noqa: PLC0415

        from helpers.models import dense_autoencoder  # noqa: PLC0415

        keras.utils.set_random_seed(0)
        return dense_autoencoder(64, 2, hidden=(8,))

    @cached_property
    def other(self):
        """A second untrained autoencoder of the same shape: 'a value from the wrong model'."""
        import keras  # noqa: PLC0415

        from helpers.models import dense_autoencoder  # noqa: PLC0415

        keras.utils.set_random_seed(1)
        return dense_autoencoder(64, 2, hidden=(8,), name="other")

    @cached_property
    def wide8(self):
        """A briefly trained autoencoder with an 8-number code (the check measures it, whatever its training)."""
        import keras  # noqa: PLC0415

        from helpers.models import dense_autoencoder  # noqa: PLC0415

        keras.utils.set_random_seed(2)
        parts = dense_autoencoder(64, 8, hidden=(16,))
        parts.autoencoder.compile(optimizer="adam", loss="mse")  # a little training: train and test errors differ
        parts.autoencoder.fit(**_batches(self.digits.x_train, batch_size=64), epochs=3, verbose=0)
        return parts

    def wide8_mse(self, split: str, *, reduce=np.mean) -> float:
        from helpers.models import reconstruct  # noqa: PLC0415

        x = getattr(self.digits, f"x_{split}")
        return float(reduce((reconstruct(self.wide8.autoencoder, x) - x) ** 2))

    @cached_property
    def wide8_full(self):
        """Exercise 2 of notebook 02 as asked: 64 -> 128 -> 64 -> 8 -> 64 -> 128 -> 64, briefly trained."""
        return self._trained(8, (128, 64), seed=3)

    @cached_property
    def wide8_bare(self):
        """The plausible mistake: a 64 -> 8 -> 64 autoencoder without the hidden layers. The check
        reads the layers before it looks at the training, so it is left untrained (no fit to pay)."""
        return self._trained(8, (), seed=4, epochs=0)

    @cached_property
    def wide8_untrained(self):
        """Exercise 2's architecture as asked, never trained (a student who skipped the fit)."""
        return self._trained(8, (128, 64), seed=5, epochs=0)

    def _trained(self, latent: int, hidden: tuple, *, seed: int, epochs: int = 3):
        import keras  # noqa: PLC0415

        from helpers.models import dense_autoencoder  # noqa: PLC0415

        keras.utils.set_random_seed(seed)
        parts = dense_autoencoder(64, latent, hidden=hidden)
        parts.autoencoder.compile(optimizer=keras.optimizers.Adam(3e-3), loss="mse")
        if epochs:
            parts.autoencoder.fit(**_batches(self.digits.x_train, batch_size=64), epochs=epochs, verbose=0)
        return parts

    def mse_of(self, model, split: str = "test") -> float:
        from helpers.models import reconstruct  # noqa: PLC0415

        x = getattr(self.digits, f"x_{split}")
        return float(np.mean((reconstruct(model, x) - x) ** 2))

    @cached_property
    def untied16(self):
        """The untied reference of exercise 3 (hidden width 16, 2 numbers), trained."""
        return self._trained(2, (16,), seed=5)

    def tied(self, *, hidden: tuple = (16,), train: bool = True, untie: bool = False):
        """A tied autoencoder 64 -> hidden -> 2 -> mirror, each decoder layer using an encoder kernel."""
        import keras  # noqa: PLC0415

        class DenseTranspose(keras.layers.Layer):
            def __init__(self, dense, activation=None, **kwargs):
                super().__init__(**kwargs)
                self.dense, self.activation = dense, keras.activations.get(activation)

            def build(self, input_shape):
                self.bias = self.add_weight(shape=(self.dense.kernel.shape[0],), initializer="zeros")

            def call(self, inputs):
                return self.activation(keras.ops.matmul(inputs, keras.ops.transpose(self.dense.kernel)) + self.bias)

        keras.utils.set_random_seed(6)
        inputs = keras.Input(shape=(64,))
        encoder = [keras.layers.Dense(w, activation="relu") for w in hidden] + [keras.layers.Dense(2)]
        h = inputs
        for layer in encoder:
            h = layer(h)
        activations = ["relu"] * len(hidden) + ["sigmoid"]
        for layer, activation in zip(reversed(encoder), activations):
            if untie:
                h = keras.layers.Dense(layer.kernel.shape[0], activation=activation)(h)
            else:
                h = DenseTranspose(layer, activation=activation)(h)
        model = keras.Model(inputs, h)
        if train:
            model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="mse")
            model.fit(**_batches(self.digits.x_train, batch_size=64), epochs=5, verbose=0)
        return model

    @cached_property
    def tied16(self):
        return self.tied()

    @cached_property
    def x5(self) -> np.ndarray:
        return self.digits.x_test[:5]

    @cached_property
    def codes5(self) -> np.ndarray:
        from helpers.models import encode  # noqa: PLC0415

        return encode(self.tiny.encoder, self.x5)

    def decode(self, codes: np.ndarray, decoder=None) -> np.ndarray:
        from helpers.models import reconstruct  # noqa: PLC0415

        return reconstruct(decoder if decoder is not None else self.tiny.decoder, codes)

    # notebook 01 ------------------------------------------------------------------
    @cached_property
    def ab(self) -> tuple[np.ndarray, np.ndarray]:
        rng = np.random.default_rng(0)
        return rng.normal(size=(30, 5)), rng.normal(size=(5, 40))

    # notebook 03 ------------------------------------------------------------------
    def split03(self, name: str) -> np.ndarray:
        """Notebook 03's data: ``fit`` and ``val`` (a split of the training digits), ``test``."""
        x = self.digits.x_train
        return {"fit": x[287:], "val": x[:287], "test": self.digits.x_test}[name]

    def pca_mse(self, k: int, *, fit_on: str = "fit", measure_on: str = "val", clip: bool = True,
                reduce=np.mean) -> float:
        from sklearn.decomposition import PCA  # noqa: PLC0415

        fit, x = self.split03(fit_on), self.split03(measure_on)
        pca = PCA(n_components=k).fit(fit)
        out = pca.inverse_transform(pca.transform(x))
        return float(reduce(((np.clip(out, 0, 1) if clip else out) - x) ** 2))

    DEEP_STEPS = 10  # the training the 03 fixtures below take (the check is told to expect it)

    def _fit03(self, model, *, steps: int = DEEP_STEPS, rate: object = 3e-3):
        import keras  # noqa: PLC0415

        from helpers.models import training_batches  # noqa: PLC0415

        model.compile(optimizer=keras.optimizers.Adam(learning_rate=rate), loss="mse")
        if steps:
            model.fit(training_batches(self.split03("fit"), batch_size=64, seed=0), epochs=1,
                      steps_per_epoch=steps, verbose=0)
        return model

    def deep(self, *, activation=None, output=None, hidden=(16, 8), code=2, steps=DEEP_STEPS):
        """Notebook 03 ex. 3 at a small size: Dense layers hidden, code, mirror, 64; trained."""
        import keras  # noqa: PLC0415

        keras.utils.set_random_seed(7)
        x = inputs = keras.Input(shape=(64,))
        for width in (*hidden, code, *reversed(hidden)):
            x = keras.layers.Dense(width, activation=activation)(x)
        model = keras.Model(inputs, keras.layers.Dense(64, activation=output)(x))
        return self._fit03(model, steps=steps)

    @cached_property
    def deep_linear(self):
        return self.deep()

    def _fit03_parts(self):
        """Ex. 3 built with models.dense_autoencoder (no activations): the tuple it returns."""
        import keras  # noqa: PLC0415

        from helpers.models import dense_autoencoder  # noqa: PLC0415

        keras.utils.set_random_seed(9)
        parts = dense_autoencoder(64, 2, hidden=(16, 8), activation=None, output_activation=None)
        self._fit03(parts.autoencoder)
        return parts

    def deep_mse(self, model, split: str = "val", *, clip: bool = True) -> float:
        from helpers.models import reconstruct  # noqa: PLC0415

        x = self.split03(split)
        out = reconstruct(model, x)
        return float(np.mean(((np.clip(out, 0, 1) if clip else out) - x) ** 2))

    def scheduled(self, *, code: int = 4, schedule: bool = True, steps: int = DEEP_STEPS):
        """Notebook 03 ex. 4: section 1's autoencoder, a cosine learning-rate schedule."""
        import keras  # noqa: PLC0415

        from helpers.models import dense_autoencoder  # noqa: PLC0415

        keras.utils.set_random_seed(8)
        parts = dense_autoencoder(64, code, hidden=(128, 64))
        rate = keras.optimizers.schedules.CosineDecay(1e-2, decay_steps=self.DEEP_STEPS) if schedule else 3e-3
        self._fit03(parts.autoencoder, steps=steps, rate=rate)
        return parts

    @cached_property
    def scheduled4(self):
        return self.scheduled()

    @cached_property
    def cumulative(self) -> np.ndarray:
        from sklearn.decomposition import PCA  # noqa: PLC0415

        return np.cumsum(PCA().fit(self.digits.x_train).explained_variance_ratio_)

    @cached_property
    def n_90(self) -> int:
        return int(np.argmax(self.cumulative >= 0.9)) + 1

    # notebook 04 ------------------------------------------------------------------
    @cached_property
    def noisy(self) -> np.ndarray:
        from helpers.noise import gaussian  # noqa: PLC0415

        return gaussian(self.digits.x_test, 0.3, rng=0)

    def denoiser(self, *, train: bool, noise_layer: bool = True, seed: int = 3):
        """A small 64 -> 16 -> 64 denoiser, with its GaussianNoise layer, briefly trained (or not)."""
        import keras  # noqa: PLC0415

        keras.utils.set_random_seed(seed)
        inputs = keras.Input(shape=(64,))
        x = keras.layers.GaussianNoise(0.3)(inputs) if noise_layer else inputs
        x = keras.layers.Dense(16, activation="relu")(x)
        model = keras.Model(inputs, keras.layers.Dense(64, activation="sigmoid")(x))
        if train:
            model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="mse")
            model.fit(**_batches(self.digits.x_train, batch_size=32), epochs=10, verbose=0)
        return model

    @cached_property
    def trained_denoiser(self):
        return self.denoiser(train=True)

    @cached_property
    def untrained_denoiser(self):
        return self.denoiser(train=False)

    @cached_property
    def no_noise_model(self):
        return self.denoiser(train=False, noise_layer=False)

    def denoiser_psnr(self, model=None, *, per_image: bool = True, against: str = "clean") -> float:
        from helpers.metrics import psnr  # noqa: PLC0415
        from helpers.models import reconstruct  # noqa: PLC0415

        outputs = reconstruct(model or self.trained_denoiser, self.noisy)
        reference = self.digits.x_test if against == "clean" else self.noisy
        return psnr(reference, outputs, image_shape=(8, 8) if per_image else None)

    @cached_property
    def mse_all(self) -> float:
        return float(np.mean((self.digits.x_test - self.noisy) ** 2))

    def conv_model(self, *, strides: int = 1, dense: bool = False, train: bool = True, seed: int = 3):
        """A small convolutional denoiser (GaussianNoise 0.3, 8 then 1 filters), as exercise 4 asks
        (strides 1, no Dense) or with one thing changed; trained for 10 epochs when ``train``."""
        import keras  # noqa: PLC0415

        keras.utils.set_random_seed(seed)
        inputs = keras.Input(shape=(64,))
        x = keras.layers.Reshape((8, 8, 1))(keras.layers.GaussianNoise(0.3)(inputs))
        x = keras.layers.Conv2D(8, 3, strides=strides, padding="same", activation="relu")(x)
        if strides > 1:
            x = keras.layers.Conv2DTranspose(8, 3, strides=strides, padding="same", activation="relu")(x)
        x = keras.layers.Reshape((64,))(keras.layers.Conv2D(1, 3, padding="same", activation="sigmoid")(x))
        if dense:
            x = keras.layers.Dense(64, activation="sigmoid")(x)
        model = keras.Model(inputs, x)
        if train:
            model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="mse")
            model.fit(**_batches(self.digits.x_train, batch_size=32), epochs=10, verbose=0)
        return model

    @cached_property
    def flat_conv(self):
        return self.conv_model()

    def widths_model(self, units: tuple[int, ...]):
        """An untrained dense model with these Dense widths (only its widths are compared)."""
        import keras  # noqa: PLC0415

        x = inputs = keras.Input(shape=(64,))
        for n in units:
            x = keras.layers.Dense(n)(x)
        return keras.Model(inputs, x)

    # notebook 05 ------------------------------------------------------------------
    @cached_property
    def faces(self):
        from helpers.faces import draw_glasses, load_faces  # noqa: PLC0415

        data = load_faces()
        glasses = draw_glasses(data.x_test, radius=4.0, thickness=2.0, rng=7)
        # stands in for the U-Net's output: half-way back to the true faces
        removed = np.clip(0.5 * glasses + 0.5 * data.x_test + 0.02, 0, 1).astype("float32")
        return data, glasses, removed

    @cached_property
    def skip_data(self):
        """Notebook 05, exercise 4: training pairs with glasses, and validation faces."""
        from helpers.faces import draw_glasses, load_faces  # noqa: PLC0415
        from helpers.models import training_batches  # noqa: PLC0415

        data = load_faces(validation_size=10)
        pairs = np.concatenate([draw_glasses(data.x_train, jitter=1.0, rng=i) for i in range(10)])
        batches = training_batches(pairs, np.tile(data.x_train, (10, 1)), batch_size=32, seed=0)
        return batches, (draw_glasses(data.x_val, jitter=1.0, rng=99), data.x_val)

    def skip_model(self, skip_levels=(0,), *, epochs: int = 1, steps: int = 120):
        """A two-level network with the given skips, trained as exercise 4 asks (or less)."""
        import keras  # noqa: PLC0415

        from helpers.convnets import conv_unet  # noqa: PLC0415

        keras.utils.set_random_seed(0)
        model = conv_unet((24, 24), (16, 32), skip_levels=skip_levels)
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=3e-3), loss="mse")
        history = model.fit(self.skip_data[0], epochs=epochs, steps_per_epoch=steps, verbose=0)
        return model, history

    @cached_property
    def outer_trained(self):
        return self.skip_model()

    @cached_property
    def outer_barely(self):
        """The outer-skip network after one training step (its history is 'another model's fit' too)."""
        return self.skip_model(steps=1)

    @cached_property
    def skip_references(self):
        from helpers.convnets import conv_unet  # noqa: PLC0415

        return conv_unet((24, 24), (16, 32)), conv_unet((24, 24), (16, 32), skip_levels=())

    def face_psnr(self, reference, estimate, *, per_face: bool = True, data_range: float = 1.0) -> float:
        from helpers.metrics import psnr  # noqa: PLC0415

        shape = self.faces[0].image_shape if per_face else None
        return psnr(reference, estimate, image_shape=shape, data_range=data_range)

    @cached_property
    def direction(self) -> np.ndarray:
        return np.array([0.8, -0.6], dtype="float32")

    def shifted(self, strength: float) -> np.ndarray:
        return self.decode(self.codes5 + np.float32(strength) * self.direction)

    # notebook 06 ------------------------------------------------------------------
    @cached_property
    def sentiment(self):
        """The session's one average-pooling classifier (trained once in tests/test_text.py)."""
        from test_text import trained_classifier  # noqa: PLC0415

        return trained_classifier()

    @cached_property
    def seed_docs(self) -> tuple[np.ndarray, np.ndarray]:
        """The seed's eight phrases, hashed into 20 codes and padded to 4, and their labels."""
        import keras  # noqa: PLC0415

        from helpers.text import legacy_one_hot  # noqa: PLC0415

        docs = ["Beautifully done!", "Excellent work", "Admirable effort", "Satisfactory performance",
                "very bad", "unacceptable results", "incompetent with poor skills", "not cool at all"]
        padded = keras.utils.pad_sequences([legacy_one_hot(d, 20, hash_function=len) for d in docs], maxlen=4,
                                           padding="post")
        return padded, np.array([1, 1, 1, 1, 0, 0, 0, 0])

    def seed_model(self, pooling: str = "average", *, dim: int = 8, activation: str = "sigmoid",
                   hidden: bool = False, epochs: int = 80, learning_rate: float = 1e-2, sgd: bool = False):
        import keras  # noqa: PLC0415

        keras.utils.set_random_seed(0)
        layers = [keras.Input(shape=(4,), dtype="int64"), keras.layers.Embedding(20, dim),
                  keras.layers.GlobalAveragePooling1D() if pooling == "average" else keras.layers.Flatten()]
        if hidden:
            layers.append(keras.layers.Dense(4, activation="relu"))
        model = keras.Sequential([*layers, keras.layers.Dense(1, activation=activation)])
        optimizer = (keras.optimizers.SGD(learning_rate=learning_rate) if sgd
                     else keras.optimizers.Adam(learning_rate=learning_rate))
        model.compile(optimizer=optimizer, loss="binary_crossentropy")
        if epochs:
            model.fit(**_one_batch(*self.seed_docs, batch_size=32), epochs=epochs, verbose=0)
        return model

    @cached_property
    def seed_average(self):
        return self.seed_model()

    # notebook 07 ------------------------------------------------------------------
    @cached_property
    def counts(self) -> np.ndarray:
        """6 words x 5 contexts, with zeros (pairs never seen) but no empty row or column."""
        return np.array(
            [
                [10, 0, 3, 1, 0],
                [0, 8, 0, 2, 1],
                [4, 1, 6, 0, 0],
                [1, 0, 0, 9, 3],
                [0, 2, 1, 0, 7],
                [3, 3, 2, 2, 2],
            ],
            dtype="float64",
        )

    def pmi(self, *, log=np.log, alpha: float = 1.0, with_total: bool = True) -> np.ndarray:
        c = self.counts
        total = c.sum()
        p_w = c.sum(axis=1, keepdims=True) / total
        ctx = c.sum(axis=0, keepdims=True) ** alpha
        p_c = ctx / ctx.sum()
        p_wc = c / total if with_total else c
        with np.errstate(divide="ignore"):
            return log(p_wc / (p_w * p_c))

    # Codes of 5 training reviews and one test review, chosen so that each way of
    # searching gives a different answer: cosine (the right one) -> 0, Euclidean -> 1,
    # least similar -> 2, nearest in TF-IDF space -> 3, nothing in particular -> 4.
    query = np.array([1.0, 0.0])
    candidates = np.array([[10.0, 1.0], [0.9, 0.3], [-1.0, 0.1], [0.0, 1.0], [2.0, 2.0]])
    raw_query = np.array([1.0, 0.0, 0.0, 0.0])
    raw_candidates = np.array([[0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], [1, 0, 0, 0], [0, 1, 1, 0]], float)

    def nearest(self, index: object, *, raw: bool = True) -> None:
        extra = {"raw_query": self.raw_query, "raw_candidates": self.raw_candidates} if raw else {}
        checks.check_nearest_review(index, self.query, self.candidates, **extra)

    @cached_property
    def doc_rows(self) -> tuple[np.ndarray, np.ndarray]:
        """60 sparse TF-IDF-like rows of 30 'words' from 4 topics, length 1: (training, validation)."""
        rng = np.random.default_rng(0)
        topics = rng.integers(0, 4, 60)
        x = rng.random((60, 30)) * (rng.random((60, 30)) < 0.5) * (np.arange(30) // 8 == topics[:, None])
        x[np.arange(60), topics * 8] += 0.5  # every row has at least one word
        x = (x / np.linalg.norm(x, axis=1, keepdims=True)).astype("float32")
        return x[:40], x[40:]

    def doc_ae(self, code_size: int, *, trained: bool = True):
        """The notebook's document autoencoder (linear code, ReLU decoder), trained on the toy rows."""
        import keras  # noqa: PLC0415

        keras.utils.set_random_seed(0)
        inputs = keras.Input(shape=(30,), name="tfidf")
        code = keras.layers.Dense(code_size, name="code")(inputs)
        outputs = keras.layers.Dense(30, activation="relu", name="reconstruction")(code)
        model, encoder = keras.Model(inputs, outputs), keras.Model(inputs, code)
        if trained:
            model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
            model.fit(**_one_batch(self.doc_rows[0], self.doc_rows[0], batch_size=40), epochs=150, verbose=0)
        return model, encoder

    @cached_property
    def small_ae(self):
        return self.doc_ae(8)

    def drop_ae(self, layer=None, *, epochs: int = 150, name: str = "doc_ae_code_8"):
        """Exercise 3b's model: input -> a word-dropping layer -> Dense(8) -> Dense(30, relu), trained."""
        import keras  # noqa: PLC0415

        keras.utils.set_random_seed(0)
        inputs = keras.Input(shape=(30,), name="tfidf")
        dropped = inputs if layer is False else (layer or word_drop_class()(0.3))(inputs)
        code = keras.layers.Dense(8, name="code")(dropped)
        outputs = keras.layers.Dense(30, activation="relu", name="reconstruction")(code)
        model = keras.Model(inputs, outputs, name=name)
        model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
        if epochs:
            model.fit(**_one_batch(self.doc_rows[0], self.doc_rows[0], batch_size=40), epochs=epochs, verbose=0)
        return model

    @cached_property
    def drop8(self):
        return self.drop_ae()

    def smaller_strict(self, model, mse) -> None:
        checks.check_smaller_code(model, mse, self.doc_rows[1], code_size=8, drop=0.3, epochs=150,
                                  name="doc_ae_code_8", steps=1)

    def val_mse(self, model, rows: np.ndarray | None = None) -> float:
        rows = self.doc_rows[1] if rows is None else rows
        return float(np.mean((model.predict(rows, verbose=0) - rows) ** 2))

    def smaller(self, model, mse) -> None:
        checks.check_smaller_code(model, mse, self.doc_rows[1], code_size=8)

    # the observed correlation 0.5 against 5 draws: 2 of them (0.5 and 0.6) reach it
    observed = 0.5
    null = np.array([0.1, 0.5, 0.6, 0.2, -0.1])

    def p_value(self, p: object) -> None:
        checks.check_empirical_p_value(p, self.observed, self.null)

    # notebook 08 ------------------------------------------------------------------
    @cached_property
    def anomaly_scores(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Validation scores (normal), test scores and test labels (10% anomalies, which score higher)."""
        rng = np.random.default_rng(8)
        is_anomaly = np.arange(360) % 10 == 0
        return rng.gamma(2.0, 0.01, 259), rng.gamma(2.0, 0.01, 360) + 0.03 * is_anomaly, is_anomaly

    def threshold(self, value: object) -> None:
        val, test, _ = self.anomaly_scores
        checks.check_validation_threshold(value, val, test, rate=0.01)

    def anomaly_counts(self, threshold: float = 0.05) -> dict[str, float]:
        _, test, labels = self.anomaly_scores
        flagged = test > threshold
        tp, fp = np.sum(flagged & labels), np.sum(flagged & ~labels)
        fn, tn = np.sum(~flagged & labels), np.sum(~flagged & ~labels)
        return {"precision": tp / (tp + fp), "recall": tp / (tp + fn), "normal_precision": tn / (tn + fn),
                "normal_recall": tn / (tn + fp), "tp_over_all": tp / len(test)}

    def precision_recall(self, precision: object, recall: object) -> None:
        _, test, labels = self.anomaly_scores
        checks.check_precision_recall(precision, recall, labels, test, 0.05)

    @cached_property
    def codes(self) -> tuple[np.ndarray, np.ndarray]:
        rng = np.random.default_rng(3)
        return rng.normal(size=(50, 8)), rng.normal(size=(12, 8))

    def nearest_code(self, *, square: bool = False, pixels: bool = False) -> np.ndarray:
        train, test = self.codes
        if pixels:
            train, test = train[:, :4], test[:, :4]
        d2 = ((test[:, None, :] - train[None, :, :]) ** 2).sum(axis=-1).min(axis=1)
        return d2 if square else np.sqrt(d2)

    def knn(self, value: object) -> None:
        checks.check_knn_scores(value, *self.codes)

    def threshold_labelled(self, value: object) -> None:
        val, test, labels = self.anomaly_scores
        checks.check_validation_threshold(value, val, test, rate=0.01, test_is_anomaly=labels)

    @cached_property
    def contamination(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Normal training rows (95), a pool of anomaly training rows (20) and validation/test rows (30)."""
        rng = np.random.default_rng(5)
        return rng.random((95, 8)), rng.random((20, 8)) + 1.0, rng.random((30, 8)) - 1.0

    def contaminated(self, value: object) -> None:
        normal, pool, forbidden = self.contamination
        checks.check_contaminated_set(value, normal, pool, share=0.05, x_forbidden=forbidden)

    def contaminated_auc(self, value: object, model: object = None) -> None:
        from helpers.anomaly import reconstruction_error, score_table  # noqa: F401, PLC0415

        labels = np.arange(len(self.digits.x_test)) % 10 == 0
        checks.check_contaminated_auc(value, self.tiny.autoencoder if model is None else model,
                                      self.other.autoencoder, self.digits.x_test, labels)

    def tiny_auc(self, flip: bool = False) -> float:
        import keras  # noqa: PLC0415

        from helpers.anomaly import reconstruction_error, score_table  # noqa: PLC0415

        x = self.digits.x_test
        labels = np.arange(len(x)) % 10 == 0
        errors = reconstruction_error(x, keras.ops.convert_to_numpy(self.tiny.autoencoder(x)))
        auc = score_table(labels, {"m": errors}).auc["m"]
        return 1 - auc if flip else auc

    def trimmed(self, fn: object) -> None:
        checks.check_trimmed_loss(fn, trim=0.05)

    # notebook 09 ------------------------------------------------------------------
    vae_mean = np.array([[0.5, -1.0]])
    vae_log_var = np.array([[-1.0, 0.6]])

    def vae_codes(self, std=None, *, centred: bool = True, n: int = 2000) -> np.ndarray:
        eps = np.random.default_rng(1).standard_normal((n, 2))
        std = np.exp(0.5 * self.vae_log_var) if std is None else std
        return (self.vae_mean if centred else 0.0) + std * eps

    def reparameterised(self, value: object) -> None:
        checks.check_reparameterised_codes(value, self.vae_mean, self.vae_log_var)

    def path(self, steps: int = 8, *, reverse: bool = False, endpoint: bool = True) -> np.ndarray:
        a, b = self.codes5[0], self.codes5[1]
        t = np.linspace(0, 1, steps, endpoint=endpoint, dtype="float32")[:, None]
        codes = ((1 - t) * a + t * b).astype("float32")
        return self.decode(codes[::-1] if reverse else codes)

    def walk(self, value: object) -> None:
        checks.check_interpolation(value, self.decode, self.codes5[0], self.codes5[1], steps=8,
                                   start_image=self.x5[0], end_image=self.x5[1])

    def warmup(self, cls: object) -> None:
        checks.check_beta_warmup(cls)


@pytest.fixture(scope="module")
def fx() -> Fixtures:
    return Fixtures()


# --------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Case:
    check: str  # the name of the check in helpers.checks
    answer: str  # what the student did (the test id)
    run: Callable[[Fixtures], None]  # calls the check with that answer
    expect: object  # RIGHT, SILENT, or the phrase the message must contain


def _raise(error: type[BaseException]) -> Callable[..., object]:
    def stub(*args: object) -> object:
        raise error

    return stub


def _layer(fn: Callable[[int, int], object]) -> Callable[[Fixtures], None]:
    return lambda fx: checks.check_layer_params(fn)


def _rank(product: Callable[[Fixtures], object], rank: Callable[[Fixtures, object], object]):
    def run(fx: Fixtures) -> None:
        p = product(fx)
        checks.check_product_rank(p, rank(fx, p), widths=(30, 5, 40))

    return run


def _twin(make: Callable[[np.ndarray, np.ndarray, np.ndarray], object]):
    """``make(x_one, W, d)``: the student's x_twin, given a direction d that W maps to zero."""
    def run(fx: Fixtures) -> None:
        rng = np.random.default_rng(0)
        W = rng.normal(size=(64, 16))
        x_one = rng.normal(size=64)
        d = np.linalg.svd(W.T)[2][-1]  # d @ W == 0
        checks.check_same_code(make(x_one, W, d), x_one, W)

    return run


def _true_rank(fx: Fixtures, p: object) -> int:
    return int(np.linalg.matrix_rank(p))


def _encdec(codes: Callable[[Fixtures], object], images: Callable[[Fixtures], object]):
    def run(fx: Fixtures) -> None:
        ae = fx.tiny
        checks.check_encode_decode(codes(fx), images(fx), fx.x5, ae.autoencoder, latent_dim=2, encoder=ae.encoder)

    return run


def _jacobian(ranks: Callable[[np.ndarray, list], object], predicted: object = 3):
    """``ranks(x, factors)``: the student's jacobian_ranks for a small ReLU chain 12 -> 6 -> 3 -> 6 -> 12."""
    def run(fx: Fixtures) -> None:
        from helpers.chains import random_chain  # noqa: PLC0415

        rng = np.random.default_rng(0)
        factors = random_chain([12, 6, 3, 6, 12], rng)
        x = rng.normal(size=(20, 12))
        checks.check_jacobian_ranks(ranks(x, factors), predicted, x, factors)

    return run


def _relu_jacobian_rank(x: np.ndarray, factors: list) -> np.ndarray:
    out = []
    for row in x:
        J, h = np.eye(len(row)), row
        for i, W in enumerate(factors):
            J, h = J @ W, h @ W
            if i < len(factors) - 1:
                mask = (h > 0).astype(float)
                J, h = J * mask, h * mask
        out.append(np.linalg.matrix_rank(J))
    return np.array(out)


def _wider_code(value: Callable[[Fixtures], object], *, model: str = "wide8_full", prediction: object = "higher",
                narrow: float = 1.5, decoder_from: str = "", narrow_dim: int = 2):
    """Exercise 2 of notebook 02: ``model`` names the student's trio in the fixtures;
    ``narrow_dim`` is the lesson's ``LATENT_DIM``."""
    def run(fx: Fixtures) -> None:
        parts = getattr(fx, model)
        decoder = getattr(fx, decoder_from).decoder if decoder_from else parts.decoder
        mse_2 = narrow * fx.mse_of(fx.wide8_full.autoencoder, "test")
        checks.check_wider_code(value(fx), mse_2, fx.digits.x_test, parts.autoencoder, parts.encoder, decoder,
                                prediction=prediction, latent_dim=8, x_train=fx.digits.x_train,
                                narrow_dim=narrow_dim)

    return run


def _tied(model: Callable[[Fixtures], object], saved: Callable[[Fixtures, object], object] | None = None,
          value: Callable[[Fixtures, object], object] | None = None):
    """Exercise 3 of notebook 02: a tied model, its params_saved and its held-out MSE."""
    def run(fx: Fixtures) -> None:
        m = model(fx)
        untied = fx.untied16.autoencoder
        n_saved = saved(fx, m) if saved else untied.count_params() - m.count_params()
        mse = value(fx, m) if value else fx.mse_of(m, "test")
        checks.check_tied_decoder(m, n_saved, mse, fx.digits.x_test, untied=untied,
                                  mse_untied=fx.mse_of(untied, "test"), x_train=fx.digits.x_train)

    return run


def _holes(value: Callable[[Fixtures], object], prediction: object = "more holes"):
    """Exercise 4 of notebook 02, on the briefly trained 8-number model of the fixtures."""
    def run(fx: Fixtures) -> None:
        parts = fx.wide8
        checks.check_hole_share(value(fx), prediction, parts.encoder, parts.decoder, fx.digits.x_train,
                                fx.digits.x_test, share_2=0.08)

    return run


def _right_holes(fx: Fixtures) -> float:
    from helpers.checks.dense_autoencoder import _hole_share as hole_share  # noqa: PLC0415

    return hole_share(fx.wide8.encoder, fx.wide8.decoder, fx.digits.x_train, fx.digits.x_test, seed=3)[0]


def _pca(value: Callable[[Fixtures], object]):
    return lambda fx: checks.check_pca_mse(value(fx), fx.split03("fit"), fx.split03("val"), k=4,
                                           x_test=fx.split03("test"))


def _deep(model: Callable[[Fixtures], object], value: Callable[[Fixtures], object] | None = None, *,
          prediction: object = "like PCA"):
    """Notebook 03 ex. 3: ``model`` the student's network, ``value`` their number (default: right)."""
    def run(fx: Fixtures) -> None:
        m = model(fx)
        v = value(fx) if value is not None else fx.deep_mse(getattr(m, "autoencoder", m))
        checks.check_deep_linear(m, v, fx.split03("fit"), fx.split03("val"), latent_dim=2, hidden=(16, 8),
                                 expected_steps=fx.DEEP_STEPS, x_test=fx.split03("test"),
                                 pca_mse=fx.pca_mse(2), relu_mse=0.5 * fx.pca_mse(2), prediction=prediction)

    return run


def _sched(model: Callable[[Fixtures], object], value: Callable[[Fixtures], object] | None = None):
    """Notebook 03 ex. 4: ``model`` the student's autoencoder, ``value`` their number (default: right)."""
    def run(fx: Fixtures) -> None:
        m = model(fx)
        v = value(fx) if value is not None else fx.deep_mse(getattr(m, "autoencoder", m), clip=False)
        checks.check_scheduled_autoencoder(m, v, fx.split03("fit"), fx.split03("val"), latent_dim=4,
                                           expected_steps=fx.DEEP_STEPS, x_test=fx.split03("test"),
                                           constant_mse=0.05, prediction="lower")

    return run


def _variance(value: Callable[[Fixtures], object]):
    return lambda fx: checks.check_components_for_variance(value(fx), fx.digits.x_train, fraction=0.9)


def _psnr(value: Callable[[Fixtures], object]):
    return lambda fx: checks.check_psnr_by_hand(value(fx), fx.digits.x_test, fx.noisy)


P_FRIENDLY = 0.8731  # stands in for classifier.predict([...])[0] in notebook 06
HINT_06 = "Call classifier.predict([...]) with the sentence and take element 0."


def _close(value: object):
    return lambda fx: checks.check_value_close("p_friendly", value, P_FRIENDLY, atol=1e-5, hint=HINT_06)


SENTENCE_06 = "The staff were friendly and helpful"
OTHER_SENTENCE_06 = "The room was dirty and the staff were rude."


def _p06(fx: Fixtures, sentence: str = SENTENCE_06) -> float:
    return float(fx.sentiment.predict([sentence])[0])


def _probability(value: Callable[[Fixtures], object]):
    return lambda fx: checks.check_sentence_probability("p_friendly", value(fx), fx.sentiment, SENTENCE_06)


def _logit_parts(fx: Fixtures) -> tuple[float, list[float]]:
    import keras  # noqa: PLC0415

    bias = float(keras.ops.convert_to_numpy(fx.sentiment.model.get_layer("sentiment").bias)[0])
    return bias, [share for _, share in fx.sentiment.contributions(SENTENCE_06)]


def _logit(value: Callable[[Fixtures], object]):
    return lambda fx: checks.check_sentence_logit("my_logit", value(fx), fx.sentiment, SENTENCE_06)


def _seed(model: Callable[[Fixtures], object]):
    def run(fx: Fixtures) -> None:
        checks.check_seed_average_model(model(fx), *fx.seed_docs, 20)

    return run


def _seed_as_asked(model: Callable[[Fixtures], object]):
    """Exercise 3 as the notebook checks it: Adam at 0.01, the epochs asked for (80 here)."""
    def run(fx: Fixtures) -> None:
        checks.check_seed_average_model(model(fx), *fx.seed_docs, 20, learning_rate=0.01, epochs=80)

    return run


def _params(value: object):
    return lambda fx: checks.check_parameter_prediction("predicted_params", value)


class _TinyBiasClassifier:
    """Stands in for notebook 06's classifier: known shares and a bias of -0.002, as in the notebook."""

    shares = [("the", 0.4), ("staff", 1.1), ("friendly", 2.3)]

    class _Layer:
        bias = np.array([-0.002], dtype="float32")

    class _Model:
        def get_layer(self, name):
            return _TinyBiasClassifier._Layer()

    model = _Model()

    def contributions(self, sentence):
        return list(self.shares)

    def predict(self, texts):
        logit = -0.002 + sum(s for _, s in self.shares)
        return np.full(len(texts) if isinstance(texts, list) else 1, 1 / (1 + np.exp(-logit)))


def _tiny_bias_logit(value: float):
    return lambda fx: checks.check_sentence_logit("my_logit", value, _TinyBiasClassifier(), SENTENCE_06)


def word_drop_class(scale: float = 1.0, at_inference: bool = False, rate_used: float | None = None):
    """A WordDrop layer as exercise 3a asks (defaults), or with one typical mistake."""
    import keras  # noqa: PLC0415

    class WordDrop(keras.layers.Layer):
        def __init__(self, rate, **kwargs):
            super().__init__(**kwargs)
            self.rate = rate if rate_used is None else rate_used
            self.seed_generator = keras.random.SeedGenerator(0)

        def call(self, inputs, training=None):
            if not training and not at_inference:
                return inputs
            draw = keras.random.uniform(keras.ops.shape(inputs), seed=self.seed_generator)
            return inputs * keras.ops.cast(draw >= self.rate, inputs.dtype) * scale

    return WordDrop


def _drop_layer(layer: Callable[[], object], rate: float = 0.3):
    return lambda fx: checks.check_word_drop(layer(), rate, 30)


def _removal(before: Callable[[Fixtures], object], after: Callable[[Fixtures], object]):
    def run(fx: Fixtures) -> None:
        data, glasses, removed = fx.faces
        checks.check_removal_psnr(before(fx), after(fx), data.x_test, glasses, removed,
                                  image_shape=data.image_shape)

    return run


def _before(fx: Fixtures, **kw: object) -> float:
    data, glasses, _ = fx.faces
    return fx.face_psnr(data.x_test, glasses, **kw)


def _after(fx: Fixtures, **kw: object) -> float:
    data, _, removed = fx.faces
    return fx.face_psnr(data.x_test, removed, **kw)


def _shift(images: Callable[[Fixtures], object]):
    def run(fx: Fixtures) -> None:
        ae = fx.tiny
        checks.check_latent_shift(images(fx), fx.x5, ae.encoder, ae.decoder, fx.direction, strength=-1.0,
                                  name="no_glasses")

    return run


def _ppmi(value: Callable[[Fixtures], object]):
    return lambda fx: checks.check_ppmi(value(fx), fx.counts)


def _right_ppmi(fx: Fixtures) -> np.ndarray:
    return np.maximum(fx.pmi(), 0)


def _smaller(model: Callable[[Fixtures], object], mse: Callable[[Fixtures], object]):
    return lambda fx: fx.smaller(model(fx), mse(fx))


def _trained8(fx: Fixtures):
    return fx.small_ae[0]


def _trained16(fx: Fixtures):
    return fx.doc_ae(16)[0]


def _untrained8(fx: Fixtures):
    return fx.doc_ae(8, trained=False)[0]


def _denoiser(value: Callable[[Fixtures], object], model: Callable[[Fixtures], object] = lambda fx: fx.trained_denoiser,
              trained: Callable[[Fixtures], object] = lambda fx: fx.tiny.autoencoder):
    def run(fx: Fixtures) -> None:
        checks.check_denoiser_psnr(value(fx), model(fx), fx.noisy, fx.digits.x_test, image_shape=(8, 8),
                                   trained=trained(fx), name="psnr_low")

    return run


def _gentle(value: Callable[[Fixtures], object] = lambda fx: fx.denoiser_psnr(),
            model: Callable[[Fixtures], object] = lambda fx: fx.trained_denoiser, *, sigma: float = 0.3,
            epochs: int = 10, widths: tuple[int, ...] = (16, 64), prediction: object = 20.0):
    """Exercise 2 as notebook 04 calls it: the fixture denoiser stands for dae_gentle (trained at 0.3
    for 10 epochs, Dense widths 16 and 64), so ``sigma``/``epochs``/``widths`` are what was asked."""
    def run(fx: Fixtures) -> None:
        checks.check_denoiser_psnr(value(fx), model(fx), fx.noisy, fx.digits.x_test, image_shape=(8, 8),
                                   name="psnr_low", noisy_name="low_noise", model_name="dae_gentle",
                                   sigma=sigma, epochs=epochs, same_widths_as=fx.widths_model(widths),
                                   prediction=prediction, prediction_name="my_prediction_low")

    return run


FLAT_MADDS = 64 * 3 * 3 * 1 * 8 + 64 * 3 * 3 * 8 * 1  # the fixture's two stride-1 convolutions


def _conv(value: Callable[[Fixtures], object] = lambda fx: fx.denoiser_psnr(fx.flat_conv),
          model: Callable[[Fixtures], object] = lambda fx: fx.flat_conv, madds: object = FLAT_MADDS, *,
          sigma: float = 0.3, epochs: int = 10, prediction: object = "worse"):
    def run(fx: Fixtures) -> None:
        checks.check_conv_denoiser(value(fx), model(fx), madds(fx) if callable(madds) else madds, fx.noisy,
                                   fx.digits.x_test, image_shape=(8, 8), sigma=sigma, epochs=epochs,
                                   prediction=prediction)

    return run


def _unet_parts(filters=(16, 32, 64), *, skips=(True, True, True), up=(32, 16, 16), last_activation=None,
                reshape=True, wrong_skip=False):
    """A U-Net built by hand as a student would, with one thing changed per wrong answer."""
    import keras  # noqa: PLC0415

    inputs = keras.Input(shape=(576,))
    image = keras.layers.Reshape((24, 24, 1))(inputs)
    downs, x = [image], image
    for f in filters:
        x = keras.layers.Conv2D(f, 3, strides=2, padding="same", activation="relu")(x)
        downs.append(x)
    downs.pop()
    for level, (f, skip) in enumerate(zip(up, skips)):
        x = keras.layers.Conv2DTranspose(f, 3, strides=2, padding="same", activation="relu")(x)
        partner = downs.pop()
        if wrong_skip and level == 0:  # joins the deconvolution's output with itself
            partner = x
        if skip:
            x = keras.layers.Concatenate()([x, partner])
    x = keras.layers.Conv2D(1, 3, padding="same", activation=last_activation)(x)
    if not reshape:
        return keras.Model(inputs, x)
    x = keras.layers.Reshape((576,))(x)
    return keras.Model(inputs, keras.layers.Activation("sigmoid")(x))


def _unet(build: Callable[[], object]):
    return lambda fx: checks.check_unet(build(), filters=(16, 32, 64), image_shape=(24, 24))


def _unet_said(prediction: object):
    return lambda fx: checks.check_unet(_unet_parts(), filters=(16, 32, 64), image_shape=(24, 24),
                                        prediction=prediction)


def _skip(model_history: Callable[[Fixtures], object], prediction: object = "nearer the U-Net", *,
          epochs: int = 1, steps: int = 120):
    def run(fx: Fixtures) -> None:
        model, history = model_history(fx)
        unet, no_skips = fx.skip_references
        checks.check_single_skip(model, history, prediction, unet=unet, no_skips=no_skips,
                                 validation=fx.skip_data[1], filters=(16, 32), epochs=epochs,
                                 steps_per_epoch=steps)

    return run


def _metrics_psnr(*args: object, **kwargs: object) -> float:
    from helpers.metrics import psnr  # noqa: PLC0415

    return psnr(*args, **kwargs)


CASE_9 = [((3,), 9)]  # check_function's cases: square(3) is 9


def _square(x: int) -> int:
    return x * x


def rows(check: str, *entries: tuple) -> list[Case]:
    """Rows for one check: ``(answer, run, expect)`` each."""
    return [Case(check, *entry) for entry in entries]


def _product(fx: Fixtures) -> np.ndarray:
    return fx.ab[0] @ fx.ab[1]


def _codes(fx: Fixtures) -> np.ndarray:
    return fx.codes5


def _images(fx: Fixtures) -> np.ndarray:
    return fx.decode(fx.codes5)


def _psnr_of(mse_to_db: Callable[[float], float]):
    return _psnr(lambda fx: float(mse_to_db(fx.mse_all)))


def _kl(fn: Callable[[np.ndarray, np.ndarray], object]):
    return lambda fx: checks.check_kl_per_image(fn)


def _kl_right(m: np.ndarray, v: np.ndarray) -> np.ndarray:
    return -0.5 * np.sum(1 + v - m**2 - np.exp(v), axis=1)


def _blend(fx: Fixtures) -> np.ndarray:
    t = np.linspace(0, 1, 8)[:, None]
    return (1 - t) * fx.x5[0] + t * fx.x5[1]


def _trimmed_right(x, x_hat):
    import keras  # noqa: PLC0415

    errors = keras.ops.mean(keras.ops.square(x - x_hat), axis=-1)
    keep = keras.ops.cast(errors <= keras.ops.quantile(errors, 0.95), errors.dtype)
    return keras.ops.sum(errors * keep) / keras.ops.sum(keep)


def _trimmed_numpy(x, x_hat):  # the same in NumPy, on the tensors Keras hands over
    x, x_hat = np.asarray(x), np.asarray(x_hat)
    errors = ((x - x_hat) ** 2).mean(axis=1)
    return float(errors[errors <= np.quantile(errors, 0.95)].mean())


def _trimmed_plain(x, x_hat):
    x, x_hat = np.asarray(x), np.asarray(x_hat)
    return float(((x - x_hat) ** 2).mean())


def _trimmed_best_dropped(x, x_hat):
    x, x_hat = np.asarray(x), np.asarray(x_hat)
    errors = ((x - x_hat) ** 2).mean(axis=1)
    return float(errors[errors >= np.quantile(errors, 0.05)].mean())


def _trimmed_pixels(x, x_hat):
    pixel = (np.asarray(x) - np.asarray(x_hat)) ** 2
    return float(pixel[pixel <= np.quantile(pixel, 0.95)].mean())


def _trimmed_all_images(x, x_hat):
    x, x_hat = np.asarray(x), np.asarray(x_hat)
    errors = ((x - x_hat) ** 2).mean(axis=1)
    return float((errors * (errors <= np.quantile(errors, 0.95))).mean())


def _trimmed_per_image(x, x_hat):
    x, x_hat = np.asarray(x), np.asarray(x_hat)
    return ((x - x_hat) ** 2).mean(axis=1)


def _warmup_class(schedule: Callable[[float, int, int], float], *, hook: str = "on_epoch_begin",
                  replace: bool = False) -> type:
    """A student's BetaWarmup: ``schedule(final, warmup, epoch)`` is the beta it sets at ``hook``."""
    import keras  # noqa: PLC0415

    def set_beta(self, epoch, logs=None):
        value = schedule(self.final_beta, self.warmup_epochs, epoch)
        if replace:
            self.model.beta = value
        else:
            self.model.beta.assign(value)

    def init(self, final_beta, warmup_epochs):
        keras.callbacks.Callback.__init__(self)
        self.final_beta, self.warmup_epochs = final_beta, warmup_epochs

    return type("BetaWarmup", (keras.callbacks.Callback,), {"__init__": init, hook: set_beta})


def _linear(final: float, warmup: int, epoch: int) -> float:
    return final * min(1.0, epoch / warmup)


# notebook 10: small over-complete models on the digits, trained once and cached
_NB10: dict = {}
_NB10_CODE = 80


def _nb10_codes() -> np.ndarray:
    return np.random.default_rng(10).beta(0.6, 3.0, size=(120, 20))


def _nb10_kl_value(*, beta: float = 0.3, rho: float = 0.05, reduce=np.sum, swap: bool = False, axis=0) -> float:
    c = _nb10_codes()
    q = np.clip(c.mean(axis=axis) if axis is not None else c, 1e-6, 1 - 1e-6)
    kl = (q * np.log(q / rho) + (1 - q) * np.log((1 - q) / (1 - rho)) if swap
          else rho * np.log(rho / q) + (1 - rho) * np.log((1 - rho) / (1 - q)))
    return float(beta * reduce(kl))


def _nb10_kl(value: object) -> None:
    checks.check_kl_penalty(value, _nb10_codes(), rho=0.05, beta=0.3)


def _nb10_split(fx: Fixtures) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = fx.digits.x_train
    noisy = np.clip(x[:300] + 0.3 * np.random.default_rng(5).standard_normal(x[:300].shape), 0, 1)
    return x[300:], x[:300], noisy.astype("float32")


def _nb10_model(fx: Fixtures, *, noise: float | None = None, dropout: bool = False, after: bool = False,
                code: int = _NB10_CODE, tied: bool = False, l1: bool = False, activation: str = "relu",
                train: bool = False):
    key = (noise, dropout, after, code, tied, l1, activation, train)
    if key in _NB10:
        return _NB10[key]
    import keras  # noqa: PLC0415

    keras.utils.set_random_seed(1)
    x_fit = _nb10_split(fx)[0]
    inputs = keras.Input(shape=(64,), name="pixels")
    x = inputs
    if dropout:
        x = keras.layers.Dropout(0.3, name="noise")(x)
    if noise is not None and not after:
        x = keras.layers.GaussianNoise(noise, name="noise")(x)
    code_layer = keras.layers.Dense(code, activation=activation, name="code",
                                    activity_regularizer=keras.regularizers.L1(1e-3) if l1 else None)
    x = code_layer(x)
    if noise is not None and after:
        x = keras.layers.GaussianNoise(noise, name="noise")(x)
    if tied:
        outputs = _Nb10DenseTranspose(code_layer, name="reconstruction")(x)
    else:
        outputs = keras.layers.Dense(64, name="reconstruction")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=3e-3), loss="mse", steps_per_execution=20)
    if train:
        model.fit(**_batches(x_fit, batch_size=64), epochs=30, verbose=0)
    _NB10[key] = model
    return model


def _Nb10DenseTranspose(dense, name):  # noqa: N802 - builds the notebook's layer class lazily
    import keras  # noqa: PLC0415

    class DenseTranspose(keras.layers.Layer):
        def __init__(self, dense, **kwargs):
            super().__init__(**kwargs)
            self.dense = dense

        def build(self, input_shape):
            self.bias = self.add_weight(name="bias", shape=(self.dense.kernel.shape[0],), initializer="zeros")

        def call(self, inputs):
            return keras.ops.matmul(inputs, keras.ops.transpose(self.dense.kernel)) + self.bias

    return DenseTranspose(dense, name=name)


def _nb10_noise(fx: Fixtures, model: object) -> None:
    _, x_val, noisy_val = _nb10_split(fx)
    copier = _nb10_model(fx, train=True)
    checks.check_noise_layer_autoencoder(model, copier, x_val, noisy_val, noise=0.3, code_size=_NB10_CODE)


def _nb10_distance(fx: Fixtures, model: object) -> float:
    import keras  # noqa: PLC0415

    from helpers import regularised  # noqa: PLC0415

    x_fit, x_val, _ = _nb10_split(fx)
    varying = x_fit.std(axis=0) > 0.01
    m = regularised.end_to_end_map(x_val, keras.ops.convert_to_numpy(model(x_val)))
    return regularised.identity_distance(m[varying][:, varying])


def _nb10_tied(fx: Fixtures, model: object, *, distance: float | None = None) -> None:
    measured = _nb10_distance(fx, model)
    checks.check_tied_plain(model, measured if distance is None else distance, measured, _nb10_split(fx)[1],
                            code_size=_NB10_CODE, prediction="copies")


# --------------------------------------------------------------------------- notebook 11's rows
def _nb11_ranking():
    rng = np.random.default_rng(0)
    y_db, y_val = rng.integers(0, 3, 60), rng.integers(0, 3, 12)
    centres = rng.standard_normal((3, 4)) * 2
    db, val = centres[y_db] + rng.standard_normal((60, 4)), centres[y_val] + rng.standard_normal((12, 4))
    from helpers import retrieval  # noqa: PLC0415
    d = retrieval.pairwise_distances(val, db)
    return d, y_val, y_db, np.argsort(d, axis=1, kind="stable")


def _nb11_p10(answer):
    d, y_val, y_db, nearest = _nb11_ranking()
    checks.check_precision_at_k(answer(d, y_val, y_db, nearest), d, y_val, y_db, k=10)


def _nb11_bits():
    rng = np.random.default_rng(1)
    return rng.random((5, 32)) > 0.5, rng.random((40, 32)) > 0.5


def _nb11_hamming(answer):
    q, d = _nb11_bits()
    checks.check_hamming_by_hand(answer(q, d), q, d)


def _nb11_lsh(answer):
    rng = np.random.default_rng(2)
    db = rng.random((50, 20)) * (rng.random((50, 20)) > 0.7)
    val = rng.random((15, 20)) * (rng.random((15, 20)) > 0.7)
    planes = rng.standard_normal((20, 16))
    checks.check_lsh_bits(answer(val, db, planes), val, db, planes)


@lru_cache(maxsize=None)
def _nb11_hash_model(noise=False, train=True):
    import keras  # noqa: PLC0415
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(4)
    y = rng.integers(0, 3, 300)
    x = np.clip(np.eye(3, 16)[y] * 0.5 + 0.12 * rng.standard_normal((300, 16)), 0, 1).astype("float32")
    inputs = keras.Input(shape=(16,), name="pixels")
    h = keras.layers.Dense(8, name="logits")(keras.layers.Dense(16, activation="relu")(inputs))
    if noise:
        h = keras.layers.GaussianNoise(0.5, name="noise")(h)
    code = keras.layers.Activation("sigmoid", name="code")(h)
    outputs = keras.layers.Dense(16, activation="sigmoid")(keras.layers.Dense(16, activation="relu")(code))
    model = keras.Model(inputs, outputs, name="plain_hash")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-2), loss="mse")
    if train:
        model.fit(**_batches(x, batch_size=64), epochs=60, verbose=0)
    return model, (x[:60], x[60:], y[:60], y[60:])


def _nb11_plain(cost, *, noise=False, train=True):
    from helpers import retrieval  # noqa: PLC0415
    import keras  # noqa: PLC0415
    model, (xv, xd, yv, yd) = _nb11_hash_model(noise, train)
    enc = keras.Model(model.input, model.get_layer("code").output)
    cv, cd = (keras.ops.convert_to_numpy(enc(a)) for a in (xv, xd))
    fl = retrieval.precision_at_k(retrieval.pairwise_distances(cv, cd), yv, yd, k=5).mean()
    bi = retrieval.precision_at_k(retrieval.pairwise_distances(cv > 0.5, cd > 0.5, metric="hamming"), yv, yd, k=5).mean()
    checks.check_plain_hash(model, cost(fl, bi), xv, xd, yv, yd, n_bits=8, k=5)


def _share(d, yv, yd, nearest, k=10):
    return np.mean(yd[nearest[:, :k]] == yv[:, None], axis=1)


NB11_CASES = [
    # ---------------------------------------------------------------- notebook 11, exercise 1
    *rows(
        "check_precision_at_k",
        ("right", lambda fx: _nb11_p10(_share), RIGHT),
        ("farthest", lambda fx: _nb11_p10(lambda d, yv, yd, n: _share(d, yv, yd, n[:, ::-1])), "farthest"),
        ("a_count", lambda fx: _nb11_p10(lambda d, yv, yd, n: _share(d, yv, yd, n) * 10), "divide by K"),
        ("the_mean", lambda fx: _nb11_p10(lambda d, yv, yd, n: float(_share(d, yv, yd, n).mean())), "one number"),
        ("nine_neighbours", lambda fx: _nb11_p10(lambda d, yv, yd, n: _share(d, yv, yd, n, 9)), "9 neighbours"),
    ),
    # ---------------------------------------------------------------- notebook 11, exercise 2
    *rows(
        "check_hamming_by_hand",
        ("right", lambda fx: _nb11_hamming(lambda q, d: (q[:, None] != d[None]).sum(2)), RIGHT),
        ("agreements", lambda fx: _nb11_hamming(lambda q, d: (q[:, None] == d[None]).sum(2)), "agree"),
        ("bytes", lambda fx: _nb11_hamming(
            lambda q, d: (np.packbits(q, axis=1)[:, None] != np.packbits(d, axis=1)[None]).sum(2)), "bytes"),
        ("transposed", lambda fx: _nb11_hamming(lambda q, d: (q[:, None] != d[None]).sum(2).T), "transposed"),
    ),
    # ---------------------------------------------------------------- notebook 11, exercise 3
    *rows(
        "check_lsh_bits",
        ("right", lambda fx: _nb11_lsh(lambda x, db, w: (x - db.mean(0)) @ w > 0), RIGHT),
        ("not_centred", lambda fx: _nb11_lsh(lambda x, db, w: x @ w > 0), "not centred"),
        ("own_mean", lambda fx: _nb11_lsh(lambda x, db, w: (x - x.mean(0)) @ w > 0), "own mean"),
        ("flipped", lambda fx: _nb11_lsh(lambda x, db, w: (x - db.mean(0)) @ w < 0), "flipped"),
    ),
    # ---------------------------------------------------------------- notebook 11, exercise 4
    *rows(
        "check_threshold_prediction",
        ("right", lambda fx: checks.check_threshold_prediction("more"), RIGHT),
        ("other_choice", lambda fx: checks.check_threshold_prediction("less"), RIGHT),
        ("free_text", lambda fx: checks.check_threshold_prediction("it costs more"), "one of"),
        ("still_none", lambda fx: checks.check_threshold_prediction(None), "one of"),
    ),
    *rows(
        "check_plain_hash",
        ("right", lambda fx: _nb11_plain(lambda fl, bi: fl - bi), RIGHT),
        ("noise_kept", lambda fx: _nb11_plain(lambda fl, bi: fl - bi, noise=True), "GaussianNoise"),
        ("untrained", lambda fx: _nb11_plain(lambda fl, bi: fl - bi, train=False), "untrained"),
        ("wrong_sign", lambda fx: _nb11_plain(lambda fl, bi: bi - fl), "wrong sign"),
        ("one_precision", lambda fx: _nb11_plain(lambda fl, bi: fl), "one precision"),
    ),
]


CASES: list[Case | object] = [
    # ---------------------------------------------------------------- notebook 01, exercise 1
    *rows(
        "check_layer_params",
        ("right", _layer(lambda i, o: i * o + o), RIGHT),
        ("stub_not_implemented", _layer(_raise(NotImplementedError)), "NotImplementedError"),
        ("weights_only", _layer(lambda i, o: i * o), "bias"),
        ("one_bias_per_input", _layer(lambda i, o: i * o + i), "one bias per output unit"),
        ("float_division", _layer(lambda i, o: (i * o + o) / 1), "whole number"),
        ("forgot_return", _layer(lambda i, o: None), "forget the `return`"),
        ("off_by_one", _layer(lambda i, o: i * o + o + 1), "one bias per output"),
        ("a_bias_for_the_input_too", _layer(lambda i, o: (i + 1) * (o + 1)), "expected"),
        ("string_result", _layer(lambda i, o: str(i * o + o)), "whole number"),
        ("crashes", _layer(lambda i, o: i * o + o / 0), "raised ZeroDivisionError"),
        ("works_only_for_shrinking_layers", _layer(lambda i, o: i * o + min(i, o)), "one bias per output unit"),
        ("outputs_squared", _layer(lambda i, o: i * o + o * o if o > 1 else i * o + o), "expected count"),
    ),
    # ---------------------------------------------------------------- notebook 01, exercise 2
    *rows(
        "check_product_rank",
        ("right", _rank(_product, _true_rank), RIGHT),
        ("product_still_none", _rank(lambda fx: None, lambda fx, p: 5), "Did you forget to compute it"),
        ("transposed_product", _rank(lambda fx: _product(fx).T, lambda fx, p: 5), "keeps the outer sizes"),
        ("first_factor_only", _rank(lambda fx: fx.ab[0], lambda fx, p: 5), "expected (30, 40)"),
        ("rank_as_float", _rank(_product, lambda fx, p: 5.0), "whole number"),
        ("rank_still_none", _rank(_product, lambda fx, p: None), "whole number"),
        ("rank_off_by_one", _rank(_product, lambda fx, p: 4), "not the rank of your product"),
        ("rank_guessed_from_outer_size", _rank(_product, lambda fx, p: 30), "Compute it from the product"),
        ("not_a_product_of_the_chain",
         _rank(lambda fx: np.random.default_rng(3).normal(size=(30, 40)), _true_rank),
         "cannot be the product"),
        ("a_zero_factor", _rank(lambda fx: np.zeros((30, 5)) @ fx.ab[1], _true_rank), "degenerate"),
        ("nan_in_product",
         _rank(lambda fx: np.where(np.eye(30, 40) > 0, np.nan, _product(fx)), lambda fx, p: 5), "NaN"),
    ),
    *rows(
        "check_product_rank",
        ("right_with_a_prediction_that_held",
         lambda fx: checks.check_product_rank(_product(fx), 5, widths=(30, 5, 40), predicted=5), RIGHT),
        ("right_with_a_prediction_that_failed",
         lambda fx: checks.check_product_rank(_product(fx), 5, widths=(30, 5, 40), predicted=30), RIGHT),
        ("prediction_left_at_none",
         lambda fx: checks.check_product_rank(_product(fx), 5, widths=(30, 5, 40), predicted=None),
         "should hold your prediction"),
        ("prediction_as_a_sentence",
         lambda fx: checks.check_product_rank(_product(fx), 5, widths=(30, 5, 40), predicted="five"),
         "whole number"),
    ),
    # ---------------------------------------------------------------- notebook 01, exercise 3
    *rows(
        "check_same_code",
        ("right", _twin(lambda x, W, d: x + 3.0 * d), RIGHT),
        ("as_a_list", _twin(lambda x, W, d: (x + 3.0 * d).tolist()), RIGHT),
        ("still_none", _twin(lambda x, W, d: None), "Did you forget to compute it"),
        ("the_same_input", _twin(lambda x, W, d: x.copy()), "x_one itself"),
        ("a_random_other_input", _twin(lambda x, W, d: x + np.random.default_rng(1).normal(size=x.shape)),
         "different codes"),
        ("direction_from_the_wrong_side", _twin(lambda x, W, d: x + np.linalg.svd(W)[0][:, 0]), "different codes"),
        ("the_code_not_an_input", _twin(lambda x, W, d: x @ W), "It is an input like x_one"),
        ("nan", _twin(lambda x, W, d: x + np.nan), "NaN"),
        ("a_twin_too_close", _twin(lambda x, W, d: x + 0.01 * d), "at least 1 away"),
        ("a_twin_half_away", _twin(lambda x, W, d: x + 0.5 * d), "at least 1 away"),
    ),
    # ---------------------------------------------------------------- notebook 01, exercise 4
    *rows(
        "check_jacobian_ranks",
        ("right", _jacobian(_relu_jacobian_rank), RIGHT),
        ("right_as_a_list", _jacobian(lambda x, f: _relu_jacobian_rank(x, f).tolist()), RIGHT),
        ("right_with_another_prediction", _jacobian(_relu_jacobian_rank, predicted=1), RIGHT),
        ("prediction_left_at_none", _jacobian(_relu_jacobian_rank, predicted=None), "should hold your prediction"),
        ("prediction_as_a_float", _jacobian(_relu_jacobian_rank, predicted=2.5), "whole number"),
        ("ranks_still_none", _jacobian(lambda x, f: None), "Did you forget to compute it"),
        ("the_linear_chain", _jacobian(lambda x, f: np.full(len(x), np.linalg.matrix_rank(np.linalg.multi_dot(f)))),
         "without activations"),
        ("the_bound_typed_in", _jacobian(lambda x, f: np.full(len(x), 3)), "without activations"),
        ("only_the_first_input", _jacobian(lambda x, f: _relu_jacobian_rank(x[:1], f)), "One rank per input"),
        ("one_rank_repeated", _jacobian(lambda x, f: np.full(len(x), _relu_jacobian_rank(x, f).max() - 1)),
         "same number"),
        ("relu_after_the_last_factor_too",
         _jacobian(lambda x, f: np.array([np.linalg.matrix_rank(
             np.linalg.multi_dot(f) * (row @ np.linalg.multi_dot(f) > 0)) for row in x])), "differ"),
    ),
    # ---------------------------------------------------------------- notebook 02, exercise 1
    *rows(
        "check_encode_decode",
        ("right", _encdec(_codes, _images), RIGHT),
        ("codes_still_none", _encdec(lambda fx: None, _images), "Did you forget to compute it"),
        ("codes_as_lists", _encdec(lambda fx: fx.codes5.tolist(), lambda fx: _images(fx).tolist()), RIGHT),
        ("all_zero_codes", _encdec(lambda fx: np.zeros((5, 2)), _images), "all zeros"),
        ("codes_from_the_autoencoder", _encdec(_images, _images), "Use the encoder"),
        ("codes_transposed", _encdec(lambda fx: fx.codes5.T, _images), "into 2 numbers"),
        ("images_still_none", _encdec(_codes, lambda fx: None), "my_images should be an array"),
        ("images_transposed", _encdec(_codes, lambda fx: _images(fx).T), "back into 64 pixels"),
        ("images_are_the_inputs", _encdec(_codes, lambda fx: fx.x5), "differs from the autoencoder's output"),
        ("decoded_with_the_wrong_model", _encdec(_codes, lambda fx: fx.decode(fx.codes5, fx.other.decoder)),
         "decoder(encoder(x)) must equal autoencoder(x)"),
        ("random_codes_with_the_autoencoders_output",
         _encdec(lambda fx: np.random.default_rng(0).normal(size=(5, 2)), _images), "not the encoder's codes"),
        ("codes_of_the_other_model", _encdec(lambda fx: fx.codes5 + 0.5, _images), "not the encoder's codes"),
    ),
    # ---------------------------------------------------------------- notebook 02, exercise 2 (as written now)
    *rows(
        "check_wider_code",
        ("right", _wider_code(lambda fx: fx.mse_of(fx.wide8_full.autoencoder)), RIGHT),
        ("right_prediction_that_held",
         _wider_code(lambda fx: fx.mse_of(fx.wide8_full.autoencoder), prediction="lower, but by less than half"),
         RIGHT),
        ("prediction_left_at_none", _wider_code(lambda fx: fx.mse_of(fx.wide8_full.autoencoder), prediction=None),
         "should be one of"),
        ("prediction_as_a_number", _wider_code(lambda fx: fx.mse_of(fx.wide8_full.autoencoder), prediction=0.5),
         "should be one of"),
        ("no_hidden_layers", _wider_code(lambda fx: fx.mse_of(fx.wide8_bare.autoencoder), model="wide8_bare"),
         "Dense layers are"),
        ("other_hidden_widths", _wider_code(lambda fx: fx.wide8_mse("test"), model="wide8"), "Dense layers are"),
        ("code_of_two_numbers", _wider_code(lambda fx: 0.05, model="tiny"), "Dense layers are"),
        ("training_mse", _wider_code(lambda fx: fx.mse_of(fx.wide8_full.autoencoder, "train")), "trained on"),
        ("not_trained", _wider_code(lambda fx: fx.mse_of(fx.wide8_full.autoencoder), narrow=0.5),
         "Did you compile and fit"),
        # a student who set LATENT_DIM to 8 or more: the lesson's model is as wide, so no lead is asked for
        ("right_with_the_lessons_code_as_wide",
         _wider_code(lambda fx: fx.mse_of(fx.wide8_full.autoencoder), narrow=0.9, narrow_dim=8), RIGHT),
        ("right_with_the_lessons_code_wider",
         _wider_code(lambda fx: fx.mse_of(fx.wide8_full.autoencoder), narrow=0.5, narrow_dim=16), RIGHT),
        ("not_trained_with_the_lessons_code_as_wide",
         _wider_code(lambda fx: fx.mse_of(fx.wide8_untrained.autoencoder), model="wide8_untrained",
                     narrow_dim=8), "no better than the average training image"),
        ("sqrt_of_mse", _wider_code(lambda fx: float(np.sqrt(fx.mse_of(fx.wide8_full.autoencoder)))),
         "not the validation MSE"),
        ("still_none", _wider_code(lambda fx: None), "should be one number"),
        ("decoder_of_another_model",
         _wider_code(lambda fx: fx.mse_of(fx.wide8_full.autoencoder), decoder_from="wide8_bare"),
         "Dense layers are"),
        ("model_not_passed", lambda fx: checks.check_wider_code(0.02, 0.05, fx.digits.x_test, None, None, None,
                                                                prediction="higher"), "Keras model you built"),
    ),
    # ---------------------------------------------------------------- notebook 02, exercise 3
    *rows(
        "check_tied_decoder",
        ("right", _tied(lambda fx: fx.tied16), RIGHT),
        # the check reads the weights' shapes before the training: these three are left untrained
        ("decoder_not_tied", _tied(lambda fx: fx.tied(untie=True, train=False)), "as many as the untied model"),
        ("other_hidden_width", _tied(lambda fx: fx.tied(hidden=(8,), train=False)), "weights have shapes"),
        ("no_hidden_layer", _tied(lambda fx: fx.tied(hidden=(), train=False)), "weights have shapes"),
        ("not_trained", _tied(lambda fx: fx.tied(train=False)), "compile and fit"),
        ("saved_is_the_tied_models_count",
         _tied(lambda fx: fx.tied16, saved=lambda fx, m: m.count_params()), "params_saved is"),
        ("saved_as_a_float", _tied(lambda fx: fx.tied16, saved=lambda fx, m: 2080.0), "whole number"),
        ("mse_on_the_training_images", _tied(lambda fx: fx.tied16, value=lambda fx, m: fx.mse_of(m, "train")),
         "training images"),
        ("mse_of_the_untied_model",
         _tied(lambda fx: fx.tied16, value=lambda fx, m: fx.mse_of(fx.untied16.autoencoder)), "not the validation MSE"),
        ("the_trio_not_the_model", lambda fx: checks.check_tied_decoder(
            fx.tiny, 0, 0.05, fx.digits.x_test, untied=fx.untied16.autoencoder, mse_untied=0.05),
         "Keras model you built"),
    ),
    # ---------------------------------------------------------------- notebook 02, exercise 4
    *rows(
        "check_hole_share",
        ("right", _holes(_right_holes), RIGHT),
        ("right_other_prediction", _holes(_right_holes, prediction="fewer holes"), RIGHT),
        ("prediction_left_at_none", _holes(_right_holes, prediction=None), "should be one of"),
        ("prediction_in_other_words", _holes(_right_holes, prediction="yes"), "should be one of"),
        ("share_in_percent", _holes(lambda fx: 100 * _right_holes(fx)), "between 0 and 1"),
        ("the_yardstick_itself", _holes(lambda fx: 0.05 if _right_holes(fx) > 0.15 else 0.5), "differs"),
        ("a_count_not_a_share", _holes(lambda fx: 4000 * _right_holes(fx)), "between 0 and 1"),
        ("still_none", _holes(lambda fx: None), "should be one number"),
    ),
    # ---------------------------------------------------------------- notebook 03, exercise 1
    *rows(
        "check_pca_mse",
        ("right", _pca(lambda fx: fx.pca_mse(4)), RIGHT),
        ("numpy_float", _pca(lambda fx: np.float32(fx.pca_mse(4))), RIGHT),
        ("still_none", _pca(lambda fx: None), "one finite number"),
        ("not_clipped", _pca(lambda fx: fx.pca_mse(4, clip=False)), "without clipping"),
        ("measured_on_the_fitted_digits", _pca(lambda fx: fx.pca_mse(4, measure_on="fit")), "x_fit"),
        ("measured_on_test_set", _pca(lambda fx: fx.pca_mse(4, measure_on="test")), "test digits"),
        ("three_components", _pca(lambda fx: fx.pca_mse(3)), "PCA(n_components=4)"),
        ("sqrt_of_mse", _pca(lambda fx: fx.pca_mse(4) ** 0.5), "square root"),
        ("sum_not_mean", _pca(lambda fx: fx.pca_mse(4, reduce=np.sum)), "not PCA's validation error"),
        ("fitted_on_validation_set", _pca(lambda fx: fx.pca_mse(4, fit_on="val")), "fitted on x_val"),
        ("wrong_sign", _pca(lambda fx: -fx.pca_mse(4)), "not PCA's validation error"),
        ("per_pixel_array", _pca(lambda fx: np.full(64, fx.pca_mse(4))), "one finite number"),
    ),
    # ---------------------------------------------------------------- notebook 03, exercise 3
    *rows(
        "check_deep_linear",
        ("right", _deep(lambda fx: fx.deep_linear), RIGHT),
        ("right_other_prediction", _deep(lambda fx: fx.deep_linear, prediction="like the autoencoder"), RIGHT),
        ("built_with_dense_autoencoder", _deep(lambda fx: fx._fit03_parts()), RIGHT),
        ("model_still_none", _deep(lambda fx: None, lambda fx: 0.05), "is not set"),
        ("value_still_none", _deep(lambda fx: fx.deep_linear, lambda fx: None), "one finite number"),
        # the check reads the layers before the training steps: these four are left untrained
        ("relu_kept", _deep(lambda fx: fx.deep(activation="relu", steps=0)), "still has an activation"),
        ("sigmoid_output_kept", _deep(lambda fx: fx.deep(output="sigmoid", steps=0)), "the output's sigmoid too"),
        ("one_hidden_layer_only", _deep(lambda fx: fx.deep(hidden=(16,), steps=0)), "widths"),
        ("code_of_eight", _deep(lambda fx: fx.deep(code=8, steps=0)), "widths"),
        ("not_trained", _deep(lambda fx: fx.deep(steps=0)), "has not been trained"),
        ("trained_longer", _deep(lambda fx: fx.deep(steps=20)), "training steps"),
        ("not_clipped", _deep(lambda fx: fx.deep_linear, lambda fx: fx.deep_mse(fx.deep_linear, clip=False)),
         "without clipping"),
        ("measured_on_test_set", _deep(lambda fx: fx.deep_linear, lambda fx: fx.deep_mse(fx.deep_linear, "test")),
         "test digits"),
        ("measured_on_fit_digits", _deep(lambda fx: fx.deep_linear, lambda fx: fx.deep_mse(fx.deep_linear, "fit")),
         "x_fit"),
        ("a_made_up_number", _deep(lambda fx: fx.deep_linear, lambda fx: 0.001), "not this model's validation MSE"),
        ("the_number_for_the_model", _deep(lambda fx: 0.05, lambda fx: 0.05), "should be the Keras model"),
    ),
    # ---------------------------------------------------------------- notebook 03, exercise 4
    *rows(
        "check_scheduled_autoencoder",
        ("right", _sched(lambda fx: fx.scheduled4), RIGHT),
        ("the_keras_model_itself", _sched(lambda fx: fx.scheduled4.autoencoder), RIGHT),
        # the check reads the layers and the optimizer before the training steps: left untrained
        ("constant_rate", _sched(lambda fx: fx.scheduled(schedule=False, steps=0)), "one fixed number"),
        ("other_code_size", _sched(lambda fx: fx.scheduled(code=8, steps=0)), "not section 1's autoencoder"),
        ("not_trained", _sched(lambda fx: fx.scheduled(steps=0)), "has not been trained"),
        ("trained_half_as_long", _sched(lambda fx: fx.scheduled(steps=5)), "training steps"),
        ("measured_on_test_set",
         _sched(lambda fx: fx.scheduled4, lambda fx: fx.deep_mse(fx.scheduled4.autoencoder, "test", clip=False)),
         "test digits"),
        ("measured_on_fit_digits",
         _sched(lambda fx: fx.scheduled4, lambda fx: fx.deep_mse(fx.scheduled4.autoencoder, "fit", clip=False)),
         "x_fit"),
        ("still_none", _sched(lambda fx: None, lambda fx: 0.05), "is not set"),
        ("value_is_a_list", _sched(lambda fx: fx.scheduled4, lambda fx: [0.01, 0.02]), "one finite number"),
    ),
    # ---------------------------------------------------------------- notebook 03, exercise 2
    *rows(
        "check_components_for_variance",
        ("right", _variance(lambda fx: fx.n_90), RIGHT),
        ("numpy_int", _variance(lambda fx: np.int64(fx.n_90)), RIGHT),
        ("index_not_count", _variance(lambda fx: fx.n_90 - 1), "index of the component, counted from 0"),
        ("still_none", _variance(lambda fx: None), "whole number"),
        ("float", _variance(lambda fx: float(fx.n_90)), "whole number"),
        ("the_fraction_itself", _variance(lambda fx: 0.9), "whole number"),
        ("too_many", _variance(lambda fx: fx.n_90 + 2), "the fewest"),
        ("too_few", _variance(lambda fx: 5), "np.cumsum"),
        ("zero", _variance(lambda fx: 0), "between 1 and 64"),
        ("more_than_the_features", _variance(lambda fx: 65), "between 1 and 64"),
    ),
    # ---------------------------------------------------------------- notebook 04, exercise 1
    *rows(
        "check_psnr_by_hand",
        ("right", _psnr_of(lambda mse: 10 * np.log10(1.0 / mse)), RIGHT),
        ("still_none", _psnr(lambda fx: None), "finite number of decibels"),
        ("data_range_255", _psnr_of(lambda mse: 10 * np.log10(255.0**2 / mse)), "data range of 255"),
        ("twenty_log_mse", _psnr_of(lambda mse: 20 * np.log10(1.0 / mse)), "MSE or its square root"),
        ("sqrt_of_mse", _psnr_of(lambda mse: 10 * np.log10(1.0 / np.sqrt(mse))), "MSE or its square root"),
        ("wrong_sign", _psnr_of(lambda mse: -10 * np.log10(1.0 / mse)), "wrong sign"),
        ("average_over_images",
         _psnr(lambda fx: _metrics_psnr(fx.digits.x_test, fx.noisy, image_shape=(8, 8))), "over all pixels"),
        ("the_mse_itself", _psnr_of(lambda mse: mse), "10 * np.log10(1.0 / mse)"),
        ("infinite", _psnr(lambda fx: float("inf")), "finite number"),
        ("one_element_array", _psnr(lambda fx: np.array([10 * np.log10(1 / fx.mse_all)])), RIGHT),
        ("psnr_of_the_first_image_only",
         _psnr(lambda fx: float(10 * np.log10(1 / np.mean((fx.digits.x_test[0] - fx.noisy[0]) ** 2)))),
         "is not the PSNR of noisy_test"),
        ("printed_string", _psnr(lambda fx: "11.2 dB"), "finite number"),
    ),
    # ---------------------------------------------------------------- notebook 04, exercise 2
    *rows(
        "check_denoiser_psnr",
        ("right", _denoiser(lambda fx: fx.denoiser_psnr()), RIGHT),
        ("numpy_float", _denoiser(lambda fx: np.float64(fx.denoiser_psnr())), RIGHT),
        ("still_none", _denoiser(lambda fx: None), "finite number of decibels"),
        ("model_not_passed", _denoiser(lambda fx: fx.denoiser_psnr(), model=lambda fx: None),
         "needs your Keras model"),
        ("the_old_model_again", _denoiser(lambda fx: fx.denoiser_psnr(), trained=lambda fx: fx.trained_denoiser),
         "not a new one"),
        ("noise_layer_removed", _denoiser(lambda fx: fx.denoiser_psnr(fx.no_noise_model),
                                          model=lambda fx: fx.no_noise_model), "no GaussianNoise layer"),
        ("not_trained", _denoiser(lambda fx: fx.denoiser_psnr(fx.untrained_denoiser),
                                  model=lambda fx: fx.untrained_denoiser), "compile and fit"),
        ("one_psnr_over_all_images", _denoiser(lambda fx: fx.denoiser_psnr(per_image=False)),
         "one PSNR over all the images"),
        ("against_the_noisy_input", _denoiser(lambda fx: fx.denoiser_psnr(against="noisy")),
         "not the test PSNR of the model you passed"),
        ("the_noisy_input_s_psnr", _denoiser(lambda fx: _metrics_psnr(fx.digits.x_test, fx.noisy, image_shape=(8, 8))),
         "not the test PSNR of the model you passed"),
        ("a_list", _denoiser(lambda fx: [fx.denoiser_psnr()]), "finite number of decibels"),
    ),
    # ---------------------------------------------------------------- notebook 04, exercise 2 as asked
    *rows(
        "check_denoiser_psnr",
        ("right_settings_and_prediction", _gentle(), RIGHT),
        ("prediction_as_a_numpy_float", _gentle(prediction=np.float32(21.5)), RIGHT),
        ("trained_at_another_noise_level", _gentle(sigma=0.2), "asks for 0.2"),
        ("fewer_epochs_than_asked", _gentle(epochs=50), "fitted for 10 epochs"),
        ("other_widths_than_dae", _gentle(widths=(128, 32, 128, 64)), "same widths"),
        ("not_trained", _gentle(lambda fx: fx.denoiser_psnr(fx.untrained_denoiser),
                                lambda fx: fx.untrained_denoiser), "compile and fit"),
        ("prediction_left_none", _gentle(prediction=None), "my_prediction_low"),
        ("prediction_as_text", _gentle(prediction="about 22 dB"), "my_prediction_low"),
        ("psnr_of_the_noisy_input_names_low_noise",
         _gentle(lambda fx: _metrics_psnr(fx.digits.x_test, fx.noisy, image_shape=(8, 8))),
         "Denoise low_noise"),
    ),
    # ---------------------------------------------------------------- notebook 04, exercise 4
    *rows(
        "check_conv_denoiser",
        ("right", _conv(), RIGHT),
        ("other_choice", _conv(prediction="about the same"), RIGHT),
        ("prediction_not_a_choice", _conv(prediction="maybe"), "one of"),
        ("prediction_left_none", _conv(prediction=None), "my_prediction_flat"),
        ("still_none", _conv(lambda fx: None), "finite number"),
        ("kept_the_strides", _conv(model=lambda fx: fx.conv_model(strides=2, train=False)), "stride above 1"),
        ("a_dense_layer_at_the_end", _conv(model=lambda fx: fx.conv_model(dense=True, train=False)),
         "Dense layer"),
        ("madds_counted_as_parameters", _conv(madds=lambda fx: fx.flat_conv.count_params()),
         "parameter count"),
        ("madds_without_the_positions", _conv(madds=3 * 3 * 1 * 8 + 3 * 3 * 8 * 1), "pixels it is applied"),
        ("madds_left_none", _conv(madds=None), "whole number of multiply-adds"),
        ("another_noise_level", _conv(sigma=0.2), "GaussianNoise(SIGMA)"),
        ("not_trained", _conv(lambda fx: 10.0, lambda fx: fx.conv_model(train=False)), "compile and fit"),
        ("fewer_epochs_than_asked", _conv(epochs=50), "fitted for 10 epochs"),
        ("psnr_of_the_noisy_input",
         _conv(lambda fx: _metrics_psnr(fx.digits.x_test, fx.noisy, image_shape=(8, 8))),
         "not the test PSNR of conv_flat"),
    ),
    # ---------------------------------------------------------------- notebooks 04 and 06: a close value
    *rows(
        "check_value_close",
        ("right", _close(P_FRIENDLY), RIGHT),
        ("numpy_float", _close(np.float32(P_FRIENDLY)), RIGHT),
        ("still_none", _close(None), "should be a finite number"),
        ("array_not_element_0", _close(np.array([P_FRIENDLY])), "should be a finite number"),
        ("probability_of_the_other_class", _close(1 - P_FRIENDLY), "take element 0"),
        ("rounded_printed_value", _close(0.87), "expected about 0.8731"),
        ("nan", _close(float("nan")), "finite number"),
        ("logit_not_probability", _close(float(np.log(P_FRIENDLY / (1 - P_FRIENDLY)))), "expected about"),
    ),
    # ---------------------------------------------------------------- notebook 06, exercise 1
    *rows(
        "check_sentence_probability",
        ("right", _probability(_p06), RIGHT),
        ("one_element_array", _probability(lambda fx: fx.sentiment.predict([SENTENCE_06])), RIGHT),
        ("a_list", _probability(lambda fx: [_p06(fx)]), RIGHT),
        ("still_none", _probability(lambda fx: None), "finite number"),
        ("probability_of_the_other_class", _probability(lambda fx: 1 - _p06(fx)), "other class"),
        ("the_logit", _probability(lambda fx: float(np.log(_p06(fx) / (1 - _p06(fx))))), "logit"),
        ("another_sentence", _probability(lambda fx: _p06(fx, OTHER_SENTENCE_06)), "check the sentence"),
        ("two_sentences_at_once", _probability(
            lambda fx: fx.sentiment.predict([SENTENCE_06, OTHER_SENTENCE_06])), "holds 2 values"),
        ("printed_string", _probability(lambda fx: "0.99"), "finite number"),
        ("rounded_to_one_digit", _probability(lambda fx: round(_p06(fx) - 0.05, 1)), "not what"),
    ),
    # ---------------------------------------------------------------- notebook 06, exercise 2
    *rows(
        "check_sentence_logit",
        ("right", _logit(lambda fx: _logit_parts(fx)[0] + sum(_logit_parts(fx)[1])), RIGHT),
        ("numpy_scalar", _logit(lambda fx: np.float32(_logit_parts(fx)[0] + sum(_logit_parts(fx)[1]))), RIGHT),
        ("forgot_the_bias", _logit(lambda fx: sum(_logit_parts(fx)[1])), "without the bias"),
        ("the_probability", _logit(lambda fx: _p06(fx)), "not the logit"),
        ("divided_twice", _logit(lambda fx: _logit_parts(fx)[0] + float(np.mean(_logit_parts(fx)[1]))), "twice"),
        ("wrong_sign", _logit(lambda fx: -(_logit_parts(fx)[0] + sum(_logit_parts(fx)[1]))), "off by"),
        ("still_none", _logit(lambda fx: None), "finite number"),
        ("tiny_bias_right", _tiny_bias_logit(-0.002 + 3.8), RIGHT),
        ("tiny_bias_left_out", _tiny_bias_logit(3.8), "without the bias"),
        ("tiny_bias_added_twice", _tiny_bias_logit(-0.004 + 3.8), "off by"),
    ),
    # ---------------------------------------------------------------- notebook 06, exercise 3
    *rows(
        "check_seed_average_model",
        ("right", _seed(lambda fx: fx.seed_average), RIGHT),
        ("not_trained", _seed(lambda fx: fx.seed_model(epochs=0)), "not been trained"),
        ("kept_flatten", _seed(lambda fx: fx.seed_model("flatten")), "Flatten"),
        # the check reads the layers before the training: these three are left untrained
        ("wider_embedding", _seed(lambda fx: fx.seed_model(dim=16, epochs=0)), "output_dim"),
        ("no_sigmoid", _seed(lambda fx: fx.seed_model(activation="linear", epochs=0)), "sigmoid"),
        ("an_extra_hidden_layer", _seed(lambda fx: fx.seed_model(hidden=True, epochs=0)), "parameters"),
        ("still_none", _seed(lambda fx: None), "keras.Model"),
        ("the_history_not_the_model", _seed(lambda fx: fx.seed_model(epochs=0).fit(
            *fx.seed_docs, epochs=1, verbose=0)), "keras.Model"),
        ("as_asked", _seed_as_asked(lambda fx: fx.seed_average), RIGHT),
        ("default_learning_rate", _seed_as_asked(lambda fx: fx.seed_model(learning_rate=1e-3)),
         "learning rate is 0.001"),
        ("sgd_not_adam", _seed_as_asked(lambda fx: fx.seed_model(sgd=True)), "compiled with SGD"),
        ("too_few_epochs", _seed_as_asked(lambda fx: fx.seed_model(epochs=5)), "ran 5 epochs"),
    ),
    *rows(
        "check_parameter_prediction",
        ("right", _params(169), RIGHT),
        ("a_wrong_number_still_stated", _params(193), RIGHT),
        ("a_whole_float", _params(169.0), RIGHT),
        ("numpy_int", _params(np.int64(169)), RIGHT),
        ("still_none", _params(None), "is not set"),
        ("a_string", _params("169"), "one whole number"),
        ("a_fraction", _params(168.5), "one whole number"),
        ("zero", _params(0), "one whole number"),
        ("a_bool", _params(True), "one whole number"),
    ),
    # ---------------------------------------------------------------- notebook 05, exercise 1
    *rows(
        "check_removal_psnr",
        ("right", _removal(_before, _after), RIGHT),
        ("swapped", _removal(_after, _before), "swapped"),
        ("one_psnr_over_all_faces",
         _removal(lambda fx: _before(fx, per_face=False), lambda fx: _after(fx, per_face=False)),
         "image_shape=data.image_shape"),
        ("after_against_the_input", _removal(_before, lambda fx: fx.face_psnr(fx.faces[1], fx.faces[2])),
         "compares the network's output with its input"),
        ("before_with_range_255", _removal(lambda fx: _before(fx, data_range=255.0), _after),
         "faces with glasses against the true faces"),
        ("after_with_range_255", _removal(_before, lambda fx: _after(fx, data_range=255.0)),
         "compare its output with data.x_test"),
        ("still_none", _removal(lambda fx: None, _after), "finite number of decibels"),
        ("per_face_array", _removal(lambda fx: np.full(20, _before(fx)), _after),
         "finite number of decibels"),
        ("perfect_copy_is_infinite", _removal(_before, lambda fx: float("inf")), "finite number of decibels"),
    ),
    # ---------------------------------------------------------------- notebook 05, exercise 2
    *rows(
        "check_latent_shift",
        ("right", _shift(lambda fx: fx.shifted(-1.0)), RIGHT),
        ("added_instead_of_subtracted", _shift(lambda fx: fx.shifted(+1.0)), "wrong way"),
        ("forgot_the_shift", _shift(lambda fx: fx.shifted(0.0)), "unchanged codes"),
        ("codes_not_decoded", _shift(lambda fx: fx.codes5 - fx.direction), "those are codes, not faces"),
        ("the_input_faces", _shift(lambda fx: fx.x5.copy()), "equals the input faces"),
        ("still_none", _shift(lambda fx: None), "Did you forget to compute it"),
        ("transposed", _shift(lambda fx: fx.shifted(-1.0).T), "One decoded face per input face"),
        ("twice_the_direction", _shift(lambda fx: fx.shifted(-2.0)), "add the shift to the codes"),
        ("shifted_in_pixel_space", _shift(lambda fx: np.clip(fx.shifted(0.0) - 0.1, 0, 1)),
         "decoder(encoder(x) + -1 * direction)"),
    ),
    # ---------------------------------------------------------------- notebook 05, exercise 3
    *rows(
        "check_unet",
        ("right", _unet(lambda: _unet_parts()), RIGHT),
        ("the_helper_itself", _unet(lambda: __import__("helpers.convnets").convnets.conv_unet((24, 24), (16, 32, 64))),
         RIGHT),
        ("still_none", _unet(lambda: None), "should be a keras.Model"),
        ("two_levels_only", _unet(lambda: _unet_parts((16, 32), up=(16, 16), skips=(True, True))),
         "Conv2D layers"),
        ("no_skips", _unet(lambda: _unet_parts(skips=(False, False, False))), "skip connections"),
        ("one_skip_forgotten", _unet(lambda: _unet_parts(skips=(True, True, False))), "3 skip connections"),
        ("mirrored_decoder_widths", _unet(lambda: _unet_parts(up=(64, 32, 16))), "number of channels"),
        ("relu_before_the_sigmoid", _unet(lambda: _unet_parts(last_activation="relu")), "activation"),
        ("no_reshape_at_the_end", _unet(lambda: _unet_parts(reshape=False)), "rows of 576"),
        ("skip_joins_the_wrong_tensor", _unet(lambda: _unet_parts(wrong_skip=True)),
         "features of the same size"),
        ("predicted_as_many", _unet_said("as many"), RIGHT),
        ("predicted_more_a_wrong_prediction_still_counts", _unet_said("more"), RIGHT),
        ("predicted_with_other_case_and_spaces", _unet_said(" As  Many "), RIGHT),
        ("prediction_left_at_none", _unet_said(None), "not set"),
        ("prediction_as_a_number", _unet_said(576), "not one of the choices"),
        ("prediction_not_a_choice", _unet_said("equal"), "not one of the choices"),
    ),
    # ---------------------------------------------------------------- notebook 05, exercise 4
    *rows(
        "check_single_skip",
        ("right", _skip(lambda fx: fx.outer_trained), RIGHT),
        ("other_prediction_still_counts", _skip(lambda fx: fx.outer_trained, "Nearer no skips"),
         RIGHT),
        ("prediction_left_at_none", _skip(lambda fx: fx.outer_trained, None), "not set"),
        ("prediction_not_a_choice", _skip(lambda fx: fx.outer_trained, "in between"),
         "not one of the choices"),
        ("still_none", _skip(lambda fx: (None, fx.outer_trained[1])), "should be a keras.Model"),
        ("both_skips_kept", _skip(lambda fx: (fx.skip_references[0], fx.outer_trained[1])),
         "still has both skips"),
        ("no_skip_at_all", _skip(lambda fx: (fx.skip_references[1], fx.outer_trained[1])),
         "no skip at all"),
        # the check reads the skips before the history: an untrained model, the outer model's history
        ("inner_skip_instead", _skip(lambda fx: (__import__("helpers.convnets").convnets.conv_unet(
            (24, 24), (16, 32), skip_levels=(1,)), fx.outer_trained[1])), "the other way round"),
        ("wider_channels", _skip(lambda fx: (__import__("helpers.convnets").convnets.conv_unet(
            (24, 24), (32, 64), skip_levels=(0,)), fx.outer_trained[1])), "FILTERS"),
        ("the_model_not_the_history", _skip(lambda fx: (fx.outer_trained[0], fx.outer_trained[0])),
         "a History"),
        ("history_of_another_model", _skip(lambda fx: (fx.outer_trained[0], fx.outer_barely[1])),
         "another model's fit"),
        ("too_few_epochs", _skip(lambda fx: fx.outer_trained, epochs=3), "epochs=EPOCHS"),
        ("other_steps_per_epoch", _skip(lambda fx: fx.outer_trained, steps=50),
         "steps_per_epoch=steps"),
        ("barely_trained", _skip(lambda fx: fx.outer_barely, steps=1),
         "no better than their input"),
    ),
    # ---------------------------------------------------------------- notebook 07, exercise 1
    *rows(
        "check_ppmi",
        ("right", _ppmi(_right_ppmi), RIGHT),
        ("still_none", _ppmi(lambda fx: None), "Did you forget to compute it"),
        ("transposed", _ppmi(lambda fx: _right_ppmi(fx).T), "one value per (word, context) pair"),
        ("a_list_of_lists", _ppmi(lambda fx: _right_ppmi(fx).tolist()), "no shape"),
        ("pmi_not_clipped", _ppmi(lambda fx: fx.pmi()), "clip the PMI at 0"),
        ("pmi_negatives_kept", _ppmi(lambda fx: np.where(fx.counts > 0, fx.pmi(), 0.0)), "that is PMI"),
        ("zero_over_zero_left_as_nan", _ppmi(lambda fx: np.where(fx.counts > 0, _right_ppmi(fx), np.nan)),
         "division of 0 by 0"),
        ("log_base_2", _ppmi(lambda fx: np.maximum(fx.pmi(log=np.log2), 0)), "log base 2"),
        ("smoothed", _ppmi(lambda fx: np.maximum(fx.pmi(alpha=0.75), 0)), "alpha = 0.75"),
        ("forgot_the_total", _ppmi(lambda fx: np.maximum(fx.pmi(with_total=False), 0)),
         "p(w, c) = counts / total"),
    ),
    # ---------------------------------------------------------------- notebook 07, exercise 2
    *rows(
        "check_nearest_review",
        ("right", lambda fx: fx.nearest(0), RIGHT),
        ("numpy_int_from_argmax", lambda fx: fx.nearest(np.int64(0)), RIGHT),
        ("float_index", lambda fx: fx.nearest(0.0), "in int("),
        ("still_none", lambda fx: fx.nearest(None), "whole number"),
        ("a_bool", lambda fx: fx.nearest(True), "whole number"),
        ("one_element_array", lambda fx: fx.nearest(np.array([0])), "whole number"),
        ("off_the_end", lambda fx: fx.nearest(5), "not an index of the 5 training reviews"),
        ("negative_index", lambda fx: fx.nearest(-1), "not an index"),
        ("euclidean_distance", lambda fx: fx.nearest(1), "Euclidean distance"),
        ("argmin_not_argmax", lambda fx: fx.nearest(2), "np.argmax of the similarities"),
        ("searched_tf_idf_rows", lambda fx: fx.nearest(3), "TF-IDF space"),
        ("just_wrong", lambda fx: fx.nearest(4), "Compare the test review's code"),
        ("tf_idf_without_raw_rows", lambda fx: fx.nearest(3, raw=False), "is not the closest"),
    ),
    # ---------------------------------------------------------------- notebook 07, exercise 3
    *rows(
        "check_smaller_code",
        ("right", _smaller(_trained8, lambda fx: fx.val_mse(_trained8(fx))), RIGHT),
        ("mse_as_a_numpy_float", _smaller(_trained8, lambda fx: np.float32(fx.val_mse(_trained8(fx)))),
         RIGHT),
        ("still_none", _smaller(lambda fx: None, lambda fx: None), "should be the Keras model"),
        ("passed_the_encoder", _smaller(lambda fx: fx.small_ae[1], lambda fx: fx.val_mse(_trained8(fx))),
         "the encoder"),
        ("code_left_at_16", _smaller(_trained16, lambda fx: fx.val_mse(_trained16(fx))),
         "a code of 8 numbers"),
        ("mse_not_computed", _smaller(_trained8, lambda fx: None), "one finite number"),
        ("mse_on_the_training_rows",
         _smaller(_trained8, lambda fx: fx.val_mse(_trained8(fx), fx.doc_rows[0])), "on the validation"),
        ("root_of_the_mse", _smaller(_trained8, lambda fx: np.sqrt(fx.val_mse(_trained8(fx)))),
         "square root"),
        ("mse_of_another_model", _smaller(_trained8, lambda fx: fx.val_mse(_untrained8(fx))),
         "not small_ae's MSE"),
        ("never_trained", _smaller(_untrained8, lambda fx: fx.val_mse(_untrained8(fx))), "compile and fit"),
        ("with_word_drop_as_asked", lambda fx: fx.smaller_strict(fx.drop8, fx.val_mse(fx.drop8)), RIGHT),
        # the check reads the layers and the name before the training: these three are left untrained
        ("no_word_dropping", lambda fx: fx.smaller_strict(m := fx.drop_ae(False, epochs=0), fx.val_mse(m)),
         "no layer that drops words"),
        ("keras_dropout_instead",
         lambda fx: fx.smaller_strict(m := fx.drop_ae(__import__("keras").layers.Dropout(0.3), epochs=0),
                                      fx.val_mse(m)), "keras.layers.Dropout"),
        ("two_epochs", lambda fx: fx.smaller_strict(m := fx.drop_ae(epochs=2), fx.val_mse(m)), "ran 2 epochs"),
        ("another_name", lambda fx: fx.smaller_strict(m := fx.drop_ae(name="model_1", epochs=0), fx.val_mse(m)),
         "name='doc_ae_code_8'"),
    ),
    *rows(
        "check_word_drop",
        ("right", _drop_layer(lambda: word_drop_class()(0.3)), RIGHT),
        ("keras_dropout", _drop_layer(lambda: __import__("keras").layers.Dropout(0.3)), "keras.layers.Dropout"),
        ("scaled_like_dropout", _drop_layer(lambda: word_drop_class(scale=1 / 0.7)(0.3)), "scaled by"),
        ("drops_at_inference_too", _drop_layer(lambda: word_drop_class(at_inference=True)(0.3)),
         "at inference"),
        ("rate_taken_as_the_share_kept", _drop_layer(lambda: word_drop_class(rate_used=0.7)(0.3)),
         "drops 70%"),
        ("the_class_not_an_instance", _drop_layer(lambda: word_drop_class()), "instance"),
        ("still_none", _drop_layer(lambda: None), "keras.layers.Layer"),
        ("a_function", _drop_layer(lambda: (lambda x: x)), "keras.layers.Layer"),
    ),
    # ---------------------------------------------------------------- notebook 07, exercise 4
    *rows(
        "check_empirical_p_value",
        ("right", lambda fx: fx.p_value(3 / 6), RIGHT),
        ("one_element_array", lambda fx: fx.p_value(np.array([3 / 6])), RIGHT),
        ("still_none", lambda fx: fx.p_value(None), "one finite number"),
        ("a_string", lambda fx: fx.p_value("0.5"), "one finite number"),
        ("forgot_the_ones", lambda fx: fx.p_value(2 / 5), "leaves out the 1s"),
        ("strictly_greater", lambda fx: fx.p_value(2 / 6), "at least as large"),
        ("counted_the_draws_below", lambda fx: fx.p_value(4 / 6), "at least as large"),
        ("spearmanr_p_value", lambda fx: fx.p_value(2.5e-6), "smaller than any p-value"),
        ("a_percentage", lambda fx: fx.p_value(50.0), "between 0 and 1"),
        ("just_wrong", lambda fx: fx.p_value(0.9), "add 1, and divide"),
    ),
    # ---------------------------------------------------------------- notebook 08, exercise 1
    *rows(
        "check_validation_threshold",
        ("right", lambda fx: fx.threshold(float(np.quantile(fx.anomaly_scores[0], 0.99))), RIGHT),
        ("numpy_float", lambda fx: fx.threshold(np.quantile(fx.anomaly_scores[0], 0.99)), RIGHT),
        ("chosen_on_the_test_scores", lambda fx: fx.threshold(float(np.quantile(fx.anomaly_scores[1], 0.99))),
         "comes from the test scores"),
        ("quantile_at_the_rate", lambda fx: fx.threshold(float(np.quantile(fx.anomaly_scores[0], 0.01))),
         "far more than 1%"),
        ("five_percent_not_one", lambda fx: fx.threshold(float(np.quantile(fx.anomaly_scores[0], 0.95))),
         "more than the 1% allowed"),
        ("above_every_score", lambda fx: fx.threshold(float(fx.anomaly_scores[0].max() * 2)), "flags only"),
        ("still_none", lambda fx: fx.threshold(None), "one finite number"),
        ("flags_as_an_array", lambda fx: fx.threshold(fx.anomaly_scores[0] > 0.05), "one finite number"),
        ("right_with_labels", lambda fx: fx.threshold_labelled(float(np.quantile(fx.anomaly_scores[0], 0.99))),
         RIGHT),
        ("chosen_on_the_normal_test_scores", lambda fx: fx.threshold_labelled(
            float(np.quantile(fx.anomaly_scores[1][~fx.anomaly_scores[2]], 0.99))), "comes from the test scores"),
        ("normal_test_scores_higher_method", lambda fx: fx.threshold_labelled(
            float(np.quantile(fx.anomaly_scores[1][~fx.anomaly_scores[2]], 0.99, method="higher"))),
         "comes from the test scores"),
    ),
    # ---------------------------------------------------------------- notebook 08, exercise 2: the prediction
    *rows(
        "check_stated_prediction",
        ("right", lambda fx: checks.check_stated_prediction("p", "down", ("up", "down")), RIGHT),
        ("right_but_unlucky", lambda fx: checks.check_stated_prediction("p", "up", ("up", "down"), outcome="down"),
         RIGHT),
        ("capitals_and_spaces", lambda fx: checks.check_stated_prediction("p", " Down", ("up", "down")), RIGHT),
        ("still_none", lambda fx: checks.check_stated_prediction("p", None, ("up", "down")), "is not set"),
        ("a_number", lambda fx: checks.check_stated_prediction("p", -0.3, ("up", "down")), "state it as one of"),
        ("another_word", lambda fx: checks.check_stated_prediction("p", "lower", ("up", "down")),
         "state it as one of"),
    ),
    # ---------------------------------------------------------------- notebook 08, exercise 2
    *rows(
        "check_precision_recall",
        ("right", lambda fx: fx.precision_recall(fx.anomaly_counts()["precision"], fx.anomaly_counts()["recall"]), RIGHT),
        ("numpy_floats", lambda fx: fx.precision_recall(np.float64(fx.anomaly_counts()["precision"]),
                                                        np.float32(fx.anomaly_counts()["recall"])), RIGHT),
        ("swapped", lambda fx: fx.precision_recall(fx.anomaly_counts()["recall"], fx.anomaly_counts()["precision"]), "swapped"),
        ("normal_class", lambda fx: fx.precision_recall(fx.anomaly_counts()["normal_precision"],
                                                        fx.anomaly_counts()["normal_recall"]), "normal class"),
        ("precision_over_all_images", lambda fx: fx.precision_recall(fx.anomaly_counts()["tp_over_all"],
                                                                     fx.anomaly_counts()["recall"]),
         "my_precision is off"),
        ("recall_over_all_images", lambda fx: fx.precision_recall(fx.anomaly_counts()["precision"],
                                                                  fx.anomaly_counts()["tp_over_all"]),
         "my_recall is off"),
        ("percentages", lambda fx: fx.precision_recall(100 * fx.anomaly_counts()["precision"], 100 * fx.anomaly_counts()["recall"]),
         "between 0 and 1"),
        ("still_none", lambda fx: fx.precision_recall(None, None), "one finite number"),
    ),
    # ---------------------------------------------------------------- notebook 08, exercise 3
    *rows(
        "check_knn_scores",
        ("right", lambda fx: fx.knn(fx.nearest_code()), RIGHT),
        ("a_list", lambda fx: fx.knn(fx.nearest_code().tolist()), RIGHT),
        ("kneighbors_column", lambda fx: fx.knn(fx.nearest_code()[:, None]), RIGHT),
        ("squared_distances", lambda fx: fx.knn(fx.nearest_code(square=True)), "squared distances"),
        ("searched_the_test_codes", lambda fx: fx.knn(np.zeros(12)), "every distance is 0"),
        ("wrong_sign", lambda fx: fx.knn(-fx.nearest_code()), "wrong way"),
        ("another_space", lambda fx: fx.knn(fx.nearest_code(pixels=True)), "Work in code space"),
        ("all_neighbour_columns", lambda fx: fx.knn(np.tile(fx.nearest_code()[:, None], (1, 5))),
         "keep distances[:, 0]"),
        ("still_none", lambda fx: fx.knn(None), "Did you forget to compute it"),
        ("indices_not_distances", lambda fx: fx.knn(np.arange(12.0)), "differ from the distances"),
    ),
    # ---------------------------------------------------------------- notebook 08, exercise 4
    *rows(
        "check_contaminated_set",
        ("right", lambda fx: fx.contaminated(np.concatenate([fx.contamination[0], fx.contamination[1][:5]])),
         RIGHT),
        ("anomalies_first", lambda fx: fx.contaminated(np.concatenate([fx.contamination[1][:5],
                                                                       fx.contamination[0]])), RIGHT),
        ("share_of_the_normal_part", lambda fx: fx.contaminated(
            np.concatenate([fx.contamination[0], fx.contamination[1][:10]])), "share of the whole set"),
        ("anomalies_from_the_test_set", lambda fx: fx.contaminated(
            np.concatenate([fx.contamination[0], fx.contamination[2][:5]])), "validation or test images"),
        ("normal_digits_dropped", lambda fx: fx.contaminated(
            np.concatenate([fx.contamination[0][:60], fx.contamination[1][:5]])), "lacks 35"),
        ("no_anomaly_added", lambda fx: fx.contaminated(fx.contamination[0]), "holds no anomaly"),
        ("still_none", lambda fx: fx.contaminated(None), "is None"),
        ("flattened", lambda fx: fx.contaminated(fx.contamination[0].ravel()), "images as rows"),
    ),
    *rows(
        "check_contaminated_auc",
        ("right", lambda fx: fx.contaminated_auc(fx.tiny_auc()), RIGHT),
        ("numpy_float", lambda fx: fx.contaminated_auc(np.float64(fx.tiny_auc())), RIGHT),
        ("one_minus_auc", lambda fx: fx.contaminated_auc(fx.tiny_auc(flip=True)), "1 minus the right value"),
        ("section_2_model_again", lambda fx: fx.contaminated_auc(fx.tiny_auc(), model=fx.other.autoencoder),
         "is the autoencoder of section 2"),
        ("a_percentage", lambda fx: fx.contaminated_auc(100 * fx.tiny_auc()), "between 0 and 1"),
        ("not_a_model", lambda fx: fx.contaminated_auc(fx.tiny_auc(), model=fx.tiny.encoder.get_weights()),
         "should be the Keras model"),
        ("another_number", lambda fx: fx.contaminated_auc(0.5), "is not the ROC AUC"),
        ("still_none", lambda fx: fx.contaminated_auc(None), "one finite number"),
    ),
    # ---------------------------------------------------------------- notebook 08, exercise 5
    *rows(
        "check_trimmed_loss",
        ("right", lambda fx: fx.trimmed(_trimmed_right), RIGHT),
        ("right_in_numpy", lambda fx: fx.trimmed(_trimmed_numpy), RIGHT),
        ("plain_mse", lambda fx: fx.trimmed(_trimmed_plain), "plain mean squared error"),
        ("drops_the_best", lambda fx: fx.trimmed(_trimmed_best_dropped), "drop the worst ones"),
        ("trims_pixels", lambda fx: fx.trimmed(_trimmed_pixels), "trims single pixels"),
        ("divides_by_all", lambda fx: fx.trimmed(_trimmed_all_images), "divides by every image"),
        ("per_image", lambda fx: fx.trimmed(_trimmed_per_image), "one value per image"),
        ("stub_not_implemented", lambda fx: fx.trimmed(_raise(NotImplementedError)), "NotImplementedError"),
        ("forgot_return", lambda fx: fx.trimmed(lambda x, x_hat: None), "forget the `return`"),
        ("not_a_function", lambda fx: fx.trimmed(0.05), "should be a function"),
    ),
    # ---------------------------------------------------------------- notebook 09, exercise 1
    *rows(
        "check_kl_per_image",
        ("right", _kl(_kl_right), RIGHT),
        ("stub_not_implemented", _kl(_raise(NotImplementedError)), "NotImplementedError"),
        ("wrong_sign", _kl(lambda m, v: -_kl_right(m, v)), "wrong sign"),
        ("forgot_the_half", _kl(lambda m, v: 2 * _kl_right(m, v)), "twice the KL"),
        ("mean_over_dimensions", _kl(lambda m, v: _kl_right(m, v) / m.shape[1]), "averages over the code dimensions"),
        ("log_var_as_std", _kl(lambda m, v: -0.5 * np.sum(1 + v - m**2 - np.exp(0.5 * v), axis=1)),
         "log of the variance"),
        ("averaged_over_images", _kl(lambda m, v: float(np.mean(_kl_right(m, v)))), "one number"),
        ("summed_over_images", _kl(lambda m, v: -0.5 * np.sum(1 + v - m**2 - np.exp(v), axis=0)), "expected (6,)"),
        ("forgot_return", _kl(lambda m, v: None), "forget the `return`"),
        ("matrix_product", _kl(lambda m, v: m @ v), "element-wise operations"),
        ("crashes", _kl(lambda m, v: m * undefined), "raised NameError"),  # noqa: F821
        ("not_a_function", lambda fx: checks.check_kl_per_image(None), "should be a function"),
    ),
    # ---------------------------------------------------------------- notebook 09, exercise 2
    *rows(
        "check_reparameterised_codes",
        ("right", lambda fx: fx.reparameterised(fx.vae_codes()), RIGHT),
        ("a_list", lambda fx: fx.reparameterised(fx.vae_codes().tolist()), RIGHT),
        ("no_noise", lambda fx: fx.reparameterised(np.tile(fx.vae_mean, (2000, 1))), "every row"),
        ("variance_as_std", lambda fx: fx.reparameterised(fx.vae_codes(np.exp(fx.vae_log_var))), "the variance"),
        ("log_var_as_std", lambda fx: fx.reparameterised(fx.vae_codes(np.abs(fx.vae_log_var))), "log_var itself"),
        ("forgot_the_mean", lambda fx: fx.reparameterised(fx.vae_codes(centred=False)), "not centred"),
        ("uniform_noise", lambda fx: fx.reparameterised(
            fx.vae_mean + np.exp(0.5 * fx.vae_log_var) * (np.random.default_rng(2).random((2000, 2)) - 0.5)),
         "does not match"),
        ("one_noise_column_shared", lambda fx: fx.reparameterised(
            fx.vae_mean + np.exp(0.5 * fx.vae_log_var) * np.random.default_rng(3).standard_normal((2000, 1))),
         "correlated"),
        ("uniform_noise_unit_variance", lambda fx: fx.reparameterised(
            fx.vae_mean + np.exp(0.5 * fx.vae_log_var)
            * np.sqrt(12) * (np.random.default_rng(2).random((2000, 2)) - 0.5)), "not normal"),
        ("transposed", lambda fx: fx.reparameterised(fx.vae_codes().T), "should have shape"),
        ("still_none", lambda fx: fx.reparameterised(None), "should have shape"),
    ),
    # ---------------------------------------------------------------- notebook 09, exercise 3
    *rows(
        "check_interpolation",
        ("right", lambda fx: fx.walk(fx.path()), RIGHT),
        ("a_list", lambda fx: fx.walk(fx.path().tolist()), RIGHT),
        ("backwards", lambda fx: fx.walk(fx.path(reverse=True)), "backwards"),
        ("pixels_blended", lambda fx: fx.walk(_blend(fx)), "blends the pixels"),
        ("codes_not_decoded", lambda fx: fx.walk(np.linspace(fx.codes5[0], fx.codes5[1], 8)), "those are codes"),
        ("end_left_out", lambda fx: fx.walk(fx.path(endpoint=False)), "differs from the decoded codes"),
        ("nine_steps", lambda fx: fx.walk(fx.path(9)), "expected (8, 64)"),
        ("still_none", lambda fx: fx.walk(None), "Did you forget to compute it"),
    ),
    *rows(
        "check_walk_answer",
        ("right_true", lambda fx: checks.check_walk_answer(True, np.array([3, 3, 5, 8]), (3, 8)), RIGHT),
        ("right_false", lambda fx: checks.check_walk_answer(False, np.array([3, 3, 8, 8]), (3, 8)), RIGHT),
        ("numpy_bool", lambda fx: checks.check_walk_answer(np.bool_(True), np.array([3, 9, 8]), (3, 8)), RIGHT),
        ("wrong_way", lambda fx: checks.check_walk_answer(False, np.array([3, 5, 8]), (3, 8)),
         "Look at its labels again"),
        ("a_string", lambda fx: checks.check_walk_answer("yes", np.array([3, 5, 8]), (3, 8)), "True or False"),
        ("still_none", lambda fx: checks.check_walk_answer(None, np.array([3, 5, 8]), (3, 8)), "True or False"),
    ),
    # ---------------------------------------------------------------- notebook 09, exercise 4
    *rows(
        "check_beta_warmup",
        ("right", lambda fx: fx.warmup(_warmup_class(_linear)), RIGHT),
        ("one_epoch_ahead", lambda fx: fx.warmup(_warmup_class(lambda f, w, e: f * min(1.0, (e + 1) / w))),
         "one epoch ahead"),
        ("replaces_the_variable", lambda fx: fx.warmup(_warmup_class(_linear, replace=True)),
         "replaces model.beta"),
        ("never_clamped", lambda fx: fx.warmup(_warmup_class(lambda f, w, e: f * e / w)), "goes past"),
        ("starts_at_final", lambda fx: fx.warmup(_warmup_class(lambda f, w, e: f)), "stays at"),
        ("hard_coded_four", lambda fx: fx.warmup(_warmup_class(lambda f, w, e: 4.0 * min(1.0, e / 5))),
         "past its final value 2"),
        ("stops_short", lambda fx: fx.warmup(_warmup_class(lambda f, w, e: 0.5 * f * min(1.0, e / w))),
         "never reaches"),
        ("not_a_class", lambda fx: fx.warmup(_linear), "should be a class"),
        ("stub_not_implemented", lambda fx: fx.warmup(_warmup_class(_raise(NotImplementedError))),
         "raised NotImplementedError"),
    ),
    # ---------------------------------------------------------------- building blocks the exercises use
    *rows(
        "check_shape",
        ("right", lambda fx: checks.check_shape("codes", np.zeros((5, 2)), (5, 2)), SILENT),
        ("still_none", lambda fx: checks.check_shape("codes", None, (5, 2)), "Did you forget to compute it"),
        ("transposed", lambda fx: checks.check_shape("codes", np.zeros((2, 5)), (5, 2)), "expected (5, 2)"),
        ("a_list", lambda fx: checks.check_shape("codes", [[0, 0]] * 5, (5, 2)), "no shape"),
    ),
    Case("check_function", "right", lambda fx: checks.check_function("square", _square, [((3,), 9)]), RIGHT),
    *rows(
        "check_function",
        ("stub_not_implemented",
         lambda fx: checks.check_function("square", _raise(NotImplementedError), CASE_9),
         "NotImplementedError"),
        ("off_by_one", lambda fx: checks.check_function("square", lambda x: x * x + 1, CASE_9, hint="x * x"),
         "returned 10, expected 9"),
        ("doubles_instead_of_squares",
         lambda fx: checks.check_function("square", lambda x: 2 * x, [((2,), 4), ((3,), 9)]), "square(3,)"),
        ("still_none", lambda fx: checks.check_function("square", None, CASE_9), "should be a function"),
        ("crashes", lambda fx: checks.check_function("square", lambda x: x * undefined, CASE_9),  # noqa: F821
         "raised NameError"),
    ),
    Case("check_function", "returns_an_array",
         lambda fx: checks.check_function("square", lambda x: np.array([x * x, x * x]), CASE_9), "expected 9"),
    # ---------------------------------------------------------------- notebook 10, exercise 1
    *rows(
        "check_kl_penalty",
        ("right", lambda fx: _nb10_kl(_nb10_kl_value()), RIGHT),
        ("numpy_float", lambda fx: _nb10_kl(np.float32(_nb10_kl_value())), RIGHT),
        ("forgot_beta", lambda fx: _nb10_kl(_nb10_kl_value(beta=1.0)), "without beta"),
        ("mean_over_units", lambda fx: _nb10_kl(_nb10_kl_value(reduce=np.mean)), "averages the KL"),
        ("rho_and_rho_hat_swapped", lambda fx: _nb10_kl(_nb10_kl_value(swap=True)), "swapped"),
        ("every_activation", lambda fx: _nb10_kl(_nb10_kl_value(axis=None)), "mean"),
        ("mean_over_the_wrong_axis", lambda fx: _nb10_kl(_nb10_kl_value(axis=1)), "axis=0"),
        ("still_none", lambda fx: _nb10_kl(None), "one finite number"),
    ),
    # ---------------------------------------------------------------- notebook 10, exercise 2
    *rows(
        "check_noise_layer_autoencoder",
        ("right", lambda fx: _nb10_noise(fx, _nb10_model(fx, noise=0.3, train=True)), RIGHT),
        ("no_noise_layer", lambda fx: _nb10_noise(fx, _nb10_model(fx)), "no keras.layers.GaussianNoise"),
        ("dropout_instead", lambda fx: _nb10_noise(fx, _nb10_model(fx, dropout=True)), "Dropout"),
        ("wrong_noise_level", lambda fx: _nb10_noise(fx, _nb10_model(fx, noise=0.1)), "expected NOISE"),
        ("noise_after_the_code", lambda fx: _nb10_noise(fx, _nb10_model(fx, noise=0.3, after=True)), "after"),
        ("narrow_code", lambda fx: _nb10_noise(fx, _nb10_model(fx, noise=0.3, code=16)), "over-complete"),
        ("untrained", lambda fx: _nb10_noise(fx, _nb10_model(fx, noise=0.3)), "untrained"),
        ("the_arrays", lambda fx: _nb10_noise(fx, fx.digits.x_test), "pass the Keras model"),
    ),
    # ---------------------------------------------------------------- notebook 10, exercise 3
    *rows(
        "check_copy_prediction",
        ("right", lambda fx: checks.check_copy_prediction("copies"), RIGHT),
        ("other_choice", lambda fx: checks.check_copy_prediction("does not copy"), RIGHT),
        ("a_bool", lambda fx: checks.check_copy_prediction(True), "one of"),
        ("free_text", lambda fx: checks.check_copy_prediction("it will copy"), "one of"),
        ("still_none", lambda fx: checks.check_copy_prediction(None), "one of"),
    ),
    *rows(
        "check_tied_plain",
        ("right", lambda fx: _nb10_tied(fx, _nb10_model(fx, tied=True, train=True)), RIGHT),
        ("untied", lambda fx: _nb10_tied(fx, _nb10_model(fx, train=True)), "untied"),
        ("penalty_kept", lambda fx: _nb10_tied(fx, _nb10_model(fx, tied=True, l1=True)), "regulariser"),
        ("distance_of_another_model",
         lambda fx: _nb10_tied(fx, _nb10_model(fx, tied=True, train=True), distance=0.123), "map_distance"),
        ("untrained", lambda fx: _nb10_tied(fx, _nb10_model(fx, tied=True)), "untrained"),
        ("sigmoid_code", lambda fx: _nb10_tied(fx, _nb10_model(fx, tied=True, activation="sigmoid")), "relu"),
    ),
    *NB11_CASES,
]


def _case(row: object) -> Case:
    return row.values[0] if hasattr(row, "values") else row


def _rows(kind: str) -> list[object]:
    out = []
    for row in CASES:
        case = _case(row)
        is_wrong = case.expect is not RIGHT and case.expect is not SILENT
        if (kind == "wrong") == is_wrong:
            slow = (case.check, case.answer) in SLOW_ROWS or case.check in SLOW_CHECKS
            marks = [pytest.mark.slow] if slow else []
            out.append(row if hasattr(row, "values") else
                       pytest.param(case, id=f"{case.check}-{case.answer}", marks=marks))
    return out


# Rows that train a model of their own for several seconds: make test runs them, make unit does not.
SLOW_ROWS = {("check_noise_layer_autoencoder", "right"),
             ("check_tied_plain", "right"), ("check_tied_plain", "untied"),
             ("check_tied_plain", "distance_of_another_model")}
# Checks whose rows share fixtures that train Keras models (each fit pays 1 to 2 CPU s of tracing):
# 46 of the table's 59 s under make unit (`pytest -m "not integration and not slow" --durations=0`,
# summed by check, 2026-12-03). make test runs every row of them; make unit keeps the other checks.
SLOW_CHECKS = {"check_smaller_code", "check_plain_hash", "check_tied_decoder", "check_single_skip",
               "check_deep_linear", "check_seed_average_model", "check_wider_code", "check_conv_denoiser",
               "check_scheduled_autoencoder"}


# --------------------------------------------------------------------------- the tests


@pytest.mark.parametrize("case", _rows("wrong"))
def test_wrong_answer_fails_with_a_helpful_message(case: Case, fx: Fixtures, capsys) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # e.g. log(0) in a student's PMI
        with pytest.raises(CheckFailed) as info:
            case.run(fx)
    assert isinstance(info.value, AssertionError)  # nbgrader counts it as a failed test
    message = str(info.value)
    assert case.expect.lower() in message.lower(), f"{case.answer}: {message!r} lacks {case.expect!r}"
    assert len(message) > 25, message
    for pattern in JARGON:
        assert not re.search(pattern, message), f"{case.answer}: jargon {pattern!r} in {message!r}"
    error = info.value  # no "During handling of the above exception, another exception occurred"
    assert error.__context__ is None or error.__suppress_context__ or error.__cause__ is not None
    assert "\u2714" not in capsys.readouterr().out  # no tick printed before failing


@pytest.mark.parametrize("case", _rows("right"))
def test_right_answer_passes_and_prints_a_tick(case: Case, fx: Fixtures, capsys) -> None:
    case.run(fx)
    out = capsys.readouterr().out
    if case.expect is SILENT:  # a building block: the check that uses it prints the one line
        assert out == ""
        return
    assert out.startswith("\u2714 "), out
    assert out.count("\n") == 1 and out.endswith("\n"), out


def _public_checks() -> list[str]:
    return sorted(name for name in checks.__all__ if name.startswith("check_"))


def test_wider_code_needs_the_lessons_code_size_as_a_whole_number() -> None:
    with pytest.raises(TypeError, match="narrow_dim must be"):
        checks.check_wider_code(0.02, 0.05, np.zeros((4, 64)), None, None, None, prediction="higher",
                                narrow_dim="2")


def test_every_public_check_has_rows() -> None:
    """A new check must come with a right answer and at least two wrong ones in CASES."""
    right = {_case(row).check for row in CASES if _case(row).expect in (RIGHT, SILENT)}
    wrong: dict[str, int] = {}
    for row in CASES:
        case = _case(row)
        if case.expect not in (RIGHT, SILENT):
            wrong[case.check] = wrong.get(case.check, 0) + 1
    missing = [name for name in _public_checks() if name not in right or wrong.get(name, 0) < 2]
    assert not missing, f"add rows (one right answer, typical wrong ones) to CASES for: {missing}"
    unknown = {_case(row).check for row in CASES} - set(_public_checks())
    assert not unknown, f"rows for checks that are not in helpers.checks.__all__: {sorted(unknown)}"


def test_every_check_function_is_exported() -> None:
    """A check_* function left out of __all__ would escape the table above."""
    defined = sorted(
        name for name, obj in vars(checks).items()
        if name.startswith("check_") and inspect.isfunction(obj) and obj.__module__ == checks.__name__
    )
    missing = sorted(set(defined) - set(checks.__all__))
    assert not missing, f"add these checks to helpers.checks.__all__ (and rows to CASES): {missing}"


# --------------------------------------------------------------------------- bugs found on the way


def test_components_for_variance_success_line_when_one_component_suffices(fx: Fixtures, capsys) -> None:
    fraction = float(fx.cumulative[0]) / 2  # the first component alone explains more than this
    checks.check_components_for_variance(1, fx.digits.x_train, fraction=fraction)
    out = capsys.readouterr().out
    assert out.startswith("\u2714")
    assert "100.0%" not in out, out
