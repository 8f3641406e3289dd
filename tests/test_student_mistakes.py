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
from functools import cached_property

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
        parts.autoencoder.fit(self.digits.x_train, self.digits.x_train, epochs=3, batch_size=64, verbose=0)
        return parts

    def wide8_mse(self, split: str, *, reduce=np.mean) -> float:
        from helpers.models import reconstruct  # noqa: PLC0415

        x = getattr(self.digits, f"x_{split}")
        return float(reduce((reconstruct(self.wide8.autoencoder, x) - x) ** 2))

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
    def pca_mse(self, k: int, *, fit_on: str = "train", measure_on: str = "test", reduce=np.mean) -> float:
        from sklearn.decomposition import PCA  # noqa: PLC0415

        fit = getattr(self.digits, f"x_{fit_on}")
        x = getattr(self.digits, f"x_{measure_on}")
        pca = PCA(n_components=k).fit(fit)
        return float(reduce((pca.inverse_transform(pca.transform(x)) - x) ** 2))

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
            model.fit(self.digits.x_train, self.digits.x_train, epochs=10, batch_size=32, verbose=0)
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

    # notebook 05 ------------------------------------------------------------------
    @cached_property
    def faces(self):
        from helpers.faces import draw_glasses, load_faces  # noqa: PLC0415

        data = load_faces()
        glasses = draw_glasses(data.x_test, radius=4.0, thickness=2.0, rng=7)
        # stands in for the U-Net's output: half-way back to the true faces
        removed = np.clip(0.5 * glasses + 0.5 * data.x_test + 0.02, 0, 1).astype("float32")
        return data, glasses, removed

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
                   hidden: bool = False, epochs: int = 80):
        import keras  # noqa: PLC0415

        keras.utils.set_random_seed(0)
        layers = [keras.Input(shape=(4,), dtype="int64"), keras.layers.Embedding(20, dim),
                  keras.layers.GlobalAveragePooling1D() if pooling == "average" else keras.layers.Flatten()]
        if hidden:
            layers.append(keras.layers.Dense(4, activation="relu"))
        model = keras.Sequential([*layers, keras.layers.Dense(1, activation=activation)])
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-2), loss="binary_crossentropy")
        if epochs:
            model.fit(*self.seed_docs, epochs=epochs, verbose=0)
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
            model.fit(self.doc_rows[0], self.doc_rows[0], epochs=150, batch_size=40, verbose=0)
        return model, encoder

    @cached_property
    def small_ae(self):
        return self.doc_ae(8)

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
        checks.check_encode_decode(codes(fx), images(fx), fx.x5, ae.autoencoder, latent_dim=2)

    return run


def _wider(value: Callable[[Fixtures], object], *, narrow: float = 1.5, model: str = "wide8"):
    """``narrow``: the narrower model's held-out MSE, as a multiple of the wide model's."""
    def run(fx: Fixtures) -> None:
        ae = getattr(fx, model).autoencoder if model else None
        checks.check_wider_bottleneck(value(fx), narrow * fx.wide8_mse("test"), fx.digits.x_test, ae,
                                      latent_dim=8, x_train=fx.digits.x_train)

    return run


def _pca(value: Callable[[Fixtures], object]):
    return lambda fx: checks.check_pca_mse(value(fx), fx.digits.x_train, fx.digits.x_test, k=4)


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
    ),
    # ---------------------------------------------------------------- notebook 02, exercise 2
    *rows(
        "check_wider_bottleneck",
        ("right", _wider(lambda fx: fx.wide8_mse("test")), RIGHT),
        ("numpy_float", _wider(lambda fx: np.float32(fx.wide8_mse("test"))), RIGHT),
        ("one_element_array", _wider(lambda fx: np.array([fx.wide8_mse("test")])), RIGHT),
        ("still_none", _wider(lambda fx: None), "should be one number"),
        ("training_mse", _wider(lambda fx: fx.wide8_mse("train")), "trained on"),
        ("any_small_number", _wider(lambda fx: 0.001), "not the held-out MSE"),
        ("not_trained", _wider(lambda fx: fx.wide8_mse("test"), narrow=0.5), "Did you compile and fit"),
        ("sqrt_of_mse", _wider(lambda fx: float(np.sqrt(fx.wide8_mse("test")))), "not the held-out MSE"),
        ("sum_not_mean", _wider(lambda fx: fx.wide8_mse("test", reduce=np.sum)), "between 0 and 1"),
        ("per_image_errors", _wider(lambda fx: np.full(360, fx.wide8_mse("test"))), "should be one number"),
        ("psnr_instead_of_mse", _wider(lambda fx: 17.0), "between 0 and 1"),
        ("wrong_sign", _wider(lambda fx: -fx.wide8_mse("test")), "between 0 and 1"),
        ("a_bool", _wider(lambda fx: True), "should be one number"),
        ("model_not_passed", _wider(lambda fx: fx.wide8_mse("test"), model=""), "pass the Keras autoencoder"),
        ("code_of_two_numbers", _wider(lambda fx: fx.wide8_mse("test"), model="tiny"), "asks for 8"),
    ),
    # ---------------------------------------------------------------- notebook 03, exercise 1
    *rows(
        "check_pca_mse",
        ("right", _pca(lambda fx: fx.pca_mse(4)), RIGHT),
        ("still_none", _pca(lambda fx: None), "should be a number"),
        ("measured_on_training_set", _pca(lambda fx: fx.pca_mse(4, measure_on="train")), "training images"),
        ("three_components", _pca(lambda fx: fx.pca_mse(3)), "PCA(n_components=4)"),
        ("sqrt_of_mse", _pca(lambda fx: fx.pca_mse(4) ** 0.5), "mean of the squared differences"),
        ("sum_not_mean", _pca(lambda fx: fx.pca_mse(4, reduce=np.sum)), "not PCA's test error"),
        ("fitted_on_test_set", _pca(lambda fx: fx.pca_mse(4, fit_on="test")), "on data.x_train"),
        ("wrong_sign", _pca(lambda fx: -fx.pca_mse(4)), "not PCA's test error"),
        ("per_pixel_array", _pca(lambda fx: np.full(64, fx.pca_mse(4))), "should be a number"),
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
    ),
    # ---------------------------------------------------------------- notebook 06, exercise 3
    *rows(
        "check_seed_average_model",
        ("right", _seed(lambda fx: fx.seed_average), RIGHT),
        ("not_trained", _seed(lambda fx: fx.seed_model(epochs=0)), "not been trained"),
        ("kept_flatten", _seed(lambda fx: fx.seed_model("flatten")), "Flatten"),
        ("wider_embedding", _seed(lambda fx: fx.seed_model(dim=16, epochs=1)), "output_dim"),
        ("no_sigmoid", _seed(lambda fx: fx.seed_model(activation="linear", epochs=1)), "sigmoid"),
        ("an_extra_hidden_layer", _seed(lambda fx: fx.seed_model(hidden=True, epochs=1)), "parameters"),
        ("still_none", _seed(lambda fx: None), "keras.Model"),
        ("the_history_not_the_model", _seed(lambda fx: fx.seed_model(epochs=0).fit(
            *fx.seed_docs, epochs=1, verbose=0)), "keras.Model"),
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
]


def _case(row: object) -> Case:
    return row.values[0] if hasattr(row, "values") else row


def _rows(kind: str) -> list[object]:
    out = []
    for row in CASES:
        case = _case(row)
        is_wrong = case.expect is not RIGHT and case.expect is not SILENT
        if (kind == "wrong") == is_wrong:
            marks = [pytest.mark.slow] if (case.check, case.answer) in SLOW_ROWS else []
            out.append(row if hasattr(row, "values") else
                       pytest.param(case, id=f"{case.check}-{case.answer}", marks=marks))
    return out


# Rows that train a model of their own for several seconds: make test runs them, make unit does not.
SLOW_ROWS = {("check_smaller_code", "code_left_at_16")}


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
