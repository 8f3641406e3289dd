"""Notebook 06's sentiment classifier: ``TextVectorization``, an ``Embedding``, average pooling, ``Dense(1)``.

The model notebook 06 writes out with ``keras.Input`` and ``keras.layers`` is
built here by :func:`build_sentiment_model` for reuse (a unit test checks that
the two agree). :func:`train_sentiment_classifier` adapts the vectorizer on
the training texts, builds, compiles and fits the model, and returns a
:class:`SentimentClassifier` that predicts from raw strings and explains each
prediction word by word. :func:`sentiment_model` is the course's public
contract: raw strings in, P(positive) of shape ``(n, 1)`` out, trained on the
shipped data in seconds.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from helpers import _feed
from helpers._validate import with_methods
from helpers.text.corpus import Reviews, load_reviews
from helpers.text.lexicon import load_vader_lexicon
from helpers.text.words import _check_texts

if TYPE_CHECKING:  # pragma: no cover
    import keras

__all__ = [
    "SentimentClassifier",
    "add_lexicon",
    "stack_with_vader",
    "stacking_features",
    "vader_compound",
    "build_sentiment_model",
    "lexicon_valence",
    "sentiment_model",
    "train_sentiment_classifier",
]

# What sentiment_model() trains with: the settings notebook 06 chooses on the validation split.
CHOSEN = {"parts": ("original", "short"), "ngrams": 2, "lexicon": True, "max_tokens": None, "sequence_length": 64,
          "patience": 3}


def _lexicon(lexicon: object) -> dict[str, float]:
    """VADER's lexicon when ``lexicon`` is None, else ``lexicon`` checked to be ``{word: rating}``."""
    if lexicon is None:
        return load_vader_lexicon()
    if not isinstance(lexicon, Mapping) or not all(
            isinstance(k, str) and isinstance(v, numbers.Real) and not isinstance(v, bool)
            for k, v in lexicon.items()):
        raise TypeError("lexicon must be a dict {word: rating from -4 to 4}, such as "
                        "helpers.embeddings.load_vader_lexicon(); leave it out for VADER's.")
    return dict(lexicon)


def lexicon_valence(vocabulary: Sequence[str], lexicon: dict[str, float] | None = None) -> np.ndarray:
    """Each vocabulary entry's valence from VADER's human ratings, scaled to [-1, 1] (0 where unrated).

    Args:
        vocabulary: tokens (words or word pairs such as ``"not good"``; a pair gets 0).
        lexicon: ``{word: rating from -4 to 4}``; default VADER's, read from the
            installed ``vaderSentiment`` package (no network).

    Returns:
        float32 array of shape ``(len(vocabulary),)``, values in [-1, 1].
    """
    lexicon = _lexicon(lexicon)
    if isinstance(vocabulary, (str, bytes)) or not all(isinstance(w, str) for w in np.asarray(vocabulary,
                                                                                                dtype=object).ravel()):
        raise TypeError("vocabulary must be a sequence of tokens (str), such as vectorizer.get_vocabulary().")
    return np.array([float(lexicon.get(str(w), 0.0)) / 4.0 for w in vocabulary], dtype="float32").clip(-1, 1)


_ANALYZER: list = []


def vader_compound(texts: object) -> np.ndarray:
    """VADER's compound score of each text: float64 of shape ``(n,)``, in [-1, 1] (rules, no training).

    VADER (Hutto and Gilbert, 2014) adds up its lexicon's ratings with rules for
    negation ("not good"), intensifiers, "but" and punctuation; the installed
    ``vaderSentiment`` package computes it with no network.
    """
    items = _check_texts(texts, allow_empty=True)
    if not _ANALYZER:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # noqa: PLC0415

        _ANALYZER.append(SentimentIntensityAnalyzer())
    return np.array([_ANALYZER[0].polarity_scores(t)["compound"] for t in items], dtype="float64")


def stack_with_vader(classifier: SentimentClassifier, validation: Reviews) -> np.ndarray:
    """Weights ``(a, b, c)`` of P(positive) = sigmoid(a * logit + b * compound + c), fitted on ``validation``.

    ``logit`` is the classifier's, ``compound`` VADER's (:func:`vader_compound`);
    scikit-learn's ``LogisticRegression`` (its default, mildly regularised) fits
    the three numbers on the validation reviews, never on training or test data.

    Returns:
        float64 array of shape ``(3,)``.
    """
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415

    with_methods(classifier, "classifier", ("predict",), "a trained classifier (what helpers.text.train_sentiment_classifier or sentiment_model() returns)")
    _check_reviews(validation, "validation")
    features = stacking_features(classifier, validation.texts)
    fit = LogisticRegression().fit(features, np.asarray(validation.labels))
    return np.array([*fit.coef_.reshape(-1), float(fit.intercept_[0])], dtype="float64")


def stacking_features(classifier: SentimentClassifier, texts: object) -> np.ndarray:
    """``(n, 2)`` float64: each text's classifier logit and VADER compound score."""
    with_methods(classifier, "classifier", ("predict",), "a trained classifier (what helpers.text.train_sentiment_classifier or sentiment_model() returns)")
    items = _check_texts(texts, allow_empty=True)
    p = np.clip(classifier.predict(items).astype("float64"), 1e-7, 1 - 1e-7)
    return np.column_stack([np.log(p / (1 - p)), vader_compound(items)])


def add_lexicon(vectorizer: keras.layers.TextVectorization, lexicon: dict[str, float] | None = None) -> np.ndarray:
    """Add the lexicon's words to an adapted vectorizer's vocabulary; return every entry's valence.

    The words the vectorizer learned keep their ids; the lexicon's single
    lower-case words it did not learn are appended (in sorted order), so a
    rated word never seen in training still reaches the lexicon feature.

    Args:
        vectorizer: a ``TextVectorization`` already adapted on the training texts.
        lexicon: ``{word: rating from -4 to 4}``; default VADER's (no network).

    Returns:
        :func:`lexicon_valence` of the new vocabulary: float32, shape ``(vocabulary_size,)``, in [-1, 1].
    """
    with_methods(vectorizer, "vectorizer", ("get_vocabulary", "set_vocabulary"),
                 "a keras.layers.TextVectorization already adapted on the training texts")
    lexicon = _lexicon(lexicon)
    learned = [str(w) for w in vectorizer.get_vocabulary()[2:]]  # without "" (padding) and "[UNK]"
    known = set(learned)
    extra = sorted(w for w in lexicon if w.isascii() and w.isalpha() and w == w.lower() and w not in known)
    vectorizer.set_vocabulary(learned + extra)
    return lexicon_valence(vectorizer.get_vocabulary(), lexicon)


def build_sentiment_model(vocabulary_size: int, *, sequence_length: int = 40, embedding_dim: int = 16,
                          pooling: str = "average", valence: np.ndarray | None = None,
                          name: str | None = None) -> keras.Model:
    """The classifier from token ids (int64, shape ``(n, sequence_length)``) to P(positive) (shape ``(n, 1)``).

    ``token_ids -> Embedding(vocabulary_size, embedding_dim) -> pooling -> Dense(1, sigmoid)``;
    ``pooling="average"`` averages the word vectors ignoring the padding (id 0),
    ``"flatten"`` concatenates them (the seed article's choice). With
    ``valence`` (one number per vocabulary entry, see :func:`lexicon_valence`,
    average pooling only), a second, frozen ``Embedding(vocabulary_size, 1)``
    looks up each word's valence, its average joins the averaged vectors, and
    ``Dense(1)`` weighs both.

    Raises:
        ValueError: bad sizes, an unknown pooling, or a ``valence`` of the wrong shape.
    """
    import keras  # noqa: PLC0415

    for value, what, low in ((vocabulary_size, "vocabulary_size", 3), (sequence_length, "sequence_length", 1),
                             (embedding_dim, "embedding_dim", 1)):
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) or value < low:
            raise ValueError(f"{what} must be a whole number of at least {low}, got {value!r}.")
    if vocabulary_size * embedding_dim > 50_000_000:
        raise ValueError(f"an embedding of {vocabulary_size:,} x {embedding_dim} numbers is too large for this course.")
    if pooling not in ("average", "flatten"):
        raise ValueError(f"pooling must be 'average' or 'flatten', got {pooling!r}.")
    if valence is not None:
        valence = np.asarray(valence, dtype="float32")
        if pooling != "average" or valence.shape != (vocabulary_size,) or not np.all(np.isfinite(valence)):
            raise ValueError(f"valence must hold one finite number per vocabulary entry ({vocabulary_size}) "
                             f"and needs average pooling; got shape {valence.shape} with pooling {pooling!r}.")
    average = pooling == "average"
    token_ids = keras.Input(shape=(int(sequence_length),), dtype="int64", name="token_ids")
    vectors = keras.layers.Embedding(int(vocabulary_size), int(embedding_dim), mask_zero=average,
                                     name="embedding")(token_ids)
    pooled = (keras.layers.GlobalAveragePooling1D(name="average")(vectors) if average
              else keras.layers.Flatten(name="flatten")(vectors))
    if valence is not None:
        scores = keras.layers.Embedding(int(vocabulary_size), 1, mask_zero=True, trainable=False,
                                        embeddings_initializer=keras.initializers.Constant(valence[:, None]),
                                        name="lexicon")(token_ids)
        lexicon_average = keras.layers.GlobalAveragePooling1D(name="lexicon_average")(scores)
        pooled = keras.layers.Concatenate(name="features")([pooled, lexicon_average])
    output = keras.layers.Dense(1, activation="sigmoid", name="sentiment")(pooled)
    return keras.Model(token_ids, output, name=name or f"sentiment_{pooling}")


@dataclass(eq=False)
class SentimentClassifier:
    """A trained classifier: ``TextVectorization`` then an embedding model.

    Attributes:
        vectorizer: the ``keras.layers.TextVectorization`` (adapted on training text only).
        model: the Keras model from token ids to P(positive).
        pooling: ``"average"`` or ``"flatten"``.
        history: the training ``History`` (Keras' own, untouched).
        settings: the arguments it was trained with.
    """

    vectorizer: keras.layers.TextVectorization
    model: keras.Model
    pooling: str
    history: object = None
    settings: dict = field(default_factory=dict)

    @property
    def vocabulary(self) -> list[str]:
        """The vectorizer's tokens: ``""`` (padding), ``"[UNK]"``, then words (and word pairs with ``ngrams=2``)."""
        return [str(word) for word in self.vectorizer.get_vocabulary()]

    def ids(self, texts: object) -> np.ndarray:
        """Token ids, int64 of shape ``(n, sequence_length)``, 0 for padding."""
        import keras  # noqa: PLC0415

        items = _check_texts(texts, allow_empty=True)
        return keras.ops.convert_to_numpy(self.vectorizer(np.array(items, dtype=object))).astype("int64")

    def predict(self, texts: object) -> np.ndarray:
        """P(positive) for each text, float32 of shape ``(n,)``, in [0, 1]; unknown words count as ``[UNK]``.

        Raises:
            TypeError, ValueError: see :func:`_check_texts` (an empty text is refused).
        """
        import keras  # noqa: PLC0415

        items = _check_texts(texts)
        ids = self.ids(items)
        empty = [i for i, row in enumerate(ids) if not row.any()]
        if empty:
            raise ValueError(f"item {empty[0]} ({items[empty[0]]!r}) has no words the vectorizer keeps; give a sentence.")
        return keras.ops.convert_to_numpy(self.model(ids, training=False)).reshape(-1)

    def as_string_model(self, vader_weights: np.ndarray | None = None) -> keras.Model:
        """One Keras model from raw strings (shape ``(n,)``) to P(positive) (shape ``(n, 1)``).

        With ``vader_weights`` ``(a, b, c)`` (from :func:`stack_with_vader`), the
        output is sigmoid(a * logit + b * VADER compound + c), VADER computed in
        the model by a ``VaderCompound`` layer (TensorFlow backend). Its
        ``predict`` accepts a list, an object array or a NumPy unicode array of strings.
        """
        import keras  # noqa: PLC0415

        inputs = keras.Input(shape=(), dtype="string", name="text")
        probability = self.model(self.vectorizer(inputs))
        if vader_weights is not None:
            try:
                weights = np.asarray(vader_weights, dtype="float32").reshape(-1)
            except (TypeError, ValueError):
                weights = np.zeros(0, dtype="float32")
            if weights.shape != (3,) or not np.all(np.isfinite(weights)):
                raise ValueError(f"vader_weights must be three finite numbers (a, b, c), got {vader_weights!r}.")
            logit = keras.layers.Lambda(lambda p: keras.ops.log(keras.ops.clip(p, 1e-7, 1 - 1e-7))
                                        - keras.ops.log(keras.ops.clip(1 - p, 1e-7, 1.0)), name="logit")(probability)
            compound = _vader_layer_class()(name="vader_compound")(inputs)
            both = keras.layers.Concatenate(name="logit_and_compound")([logit, compound])
            probability = keras.layers.Dense(1, activation="sigmoid", trainable=False, name="stacked",
                                             kernel_initializer=keras.initializers.Constant(weights[:2, None]),
                                             bias_initializer=keras.initializers.Constant(weights[2:]))(both)
        return _string_model_class()(inputs, probability, name="sentiment_from_text")

    def embedding_matrix(self) -> np.ndarray:
        """The learned word vectors, float32 of shape ``(len(vocabulary), embedding_dim)``."""
        import keras  # noqa: PLC0415

        return keras.ops.convert_to_numpy(self.model.get_layer("embedding").embeddings)

    def output_weights(self) -> np.ndarray:
        """The output layer's weights: ``embedding_dim`` numbers (plus one for the lexicon, if any)."""
        import keras  # noqa: PLC0415

        return keras.ops.convert_to_numpy(self.model.get_layer("sentiment").kernel).reshape(-1)

    def word_scores(self) -> np.ndarray:
        """Each vocabulary token's push on the logit, shape ``(len(vocabulary),)`` (average pooling only).

        The push is ``e(w) . v`` (the word's vector times the output weights), plus
        the token's lexicon valence times its weight when the model has a lexicon.
        """
        import keras  # noqa: PLC0415

        if self.pooling != "average":
            raise ValueError("word scores are position-free only for the average-pooling model.")
        weights = self.output_weights()
        embedding = self.embedding_matrix()
        scores = embedding @ weights[: embedding.shape[1]]
        if len(weights) > embedding.shape[1]:
            valence = keras.ops.convert_to_numpy(self.model.get_layer("lexicon").embeddings).reshape(-1)
            scores = scores + valence * weights[-1]
        return scores

    def contributions(self, text: str) -> list[tuple[str, float]]:
        """Each token's exact share of the logit for ``text`` (average pooling).

        With average pooling the logit is ``b + mean_i(push(t_i))``, so token
        ``i`` adds ``push(t_i) / n``; the bias is left out. Words the
        vectorizer does not know show as ``[UNK]``.
        """
        (text,) = _check_texts(text)
        ids = [i for i in self.ids([text])[0] if i != 0]
        if not ids:
            raise ValueError(f"{text!r} has no words the vectorizer keeps; give a sentence.")
        scores = self.word_scores()
        vocab = self.vocabulary
        return [(str(vocab[i]), float(scores[i]) / len(ids)) for i in ids]


def _vader_layer_class() -> type:
    """A Keras layer: a batch of strings (shape ``(n,)``) -> VADER compound scores (float32, ``(n, 1)``)."""
    import keras  # noqa: PLC0415
    import tensorflow as tf  # noqa: PLC0415

    class VaderCompound(keras.layers.Layer):
        def call(self, texts):  # noqa: ANN001, ANN202
            def score(batch):  # noqa: ANN001, ANN202
                return vader_compound([t.decode("utf-8") for t in batch.numpy().reshape(-1)]).astype("float32")

            scores = tf.py_function(score, [texts], tf.float32)
            return tf.reshape(scores, (-1, 1))

        def compute_output_spec(self, texts):  # noqa: ANN001, ANN202
            return keras.KerasTensor((texts.shape[0], 1), dtype="float32")

    return VaderCompound


def _string_model_class() -> type:
    """A keras.Model whose predict() also takes NumPy unicode arrays and lists of strings."""
    import keras  # noqa: PLC0415

    class TextModel(keras.Model):
        def predict(self, x, *args, **kwargs):  # noqa: ANN001, ANN202 - Keras' own signature
            if isinstance(x, (list, tuple)) or (isinstance(x, np.ndarray) and x.dtype.kind in "US"):
                x = np.array(_check_texts(list(np.asarray(x, dtype=object).reshape(-1)), allow_empty=True),
                             dtype=object)
            return super().predict(x, *args, **kwargs)

    return TextModel


def _check_reviews(reviews: Reviews, name: str) -> None:
    if not isinstance(reviews, Reviews):
        raise TypeError(f"{name} must be a helpers.text.Reviews (for example corpus.{name}), "
                        f"got {type(reviews).__name__}.")
    _check_texts(reviews.texts, allow_empty=True)
    labels = np.asarray(reviews.labels)
    if labels.shape != (len(reviews.texts),):
        raise ValueError(f"{name}: {len(reviews.texts)} texts but labels of shape {labels.shape}.")
    if not set(np.unique(labels).tolist()) <= {0, 1}:
        raise ValueError(f"{name}: labels must be 0 (negative) or 1 (positive), got {sorted(set(labels.tolist()))}.")


def train_sentiment_classifier(
    train: Reviews,
    validation: Reviews | None = None,
    *,
    pooling: str = "average",
    embedding_dim: int = 16,
    sequence_length: int = 40,
    max_tokens: int | None = 5000,
    ngrams: int = 1,
    lexicon: bool = False,
    epochs: int = 30,
    learning_rate: float = 1e-2,
    batch_size: int = 32,
    patience: int | None = 5,
    seed: int = 42,
    name: str | None = None,
    progress: str | None = None,
) -> SentimentClassifier:
    """Train notebook 06's classifier: TextVectorization -> Embedding -> pooling -> Dense(1, sigmoid).

    The vectorizer is adapted on the **training** texts only. With
    ``validation`` and ``patience``, training stops when the validation loss
    has not improved for ``patience`` epochs and keeps the best weights.

    Args:
        train, validation: :class:`Reviews` (texts and 0/1 labels).
        pooling: ``"average"`` (word vectors averaged, padding ignored) or
            ``"flatten"`` (concatenated, as the seed article did).
        embedding_dim, sequence_length, max_tokens: the embedding's width, the
            tokens kept per text, the vocabulary's size (``None``: every token).
        ngrams: 1 for words, 2 for words and word pairs ("not good").
        lexicon: add VADER's valence of each word as a frozen feature, and add
            VADER's words to the vocabulary (average pooling only).
        epochs, learning_rate, batch_size, patience, seed: training settings.
        name: the Keras model's name (default ``sentiment_<pooling>``).
        progress: a label for one progress line while it trains (``helpers.progress.fit_progress``),
            cleared at the end; ``None`` (the default) shows nothing.

    Raises:
        TypeError: ``train`` or ``validation`` is not a :class:`Reviews`, or holds a non-string.
        ValueError: an unknown pooling, labels other than 0/1, texts and labels
            of different lengths, or a bad setting.
    """
    import keras  # noqa: PLC0415

    if pooling not in ("average", "flatten"):
        raise ValueError(f"pooling must be 'average' or 'flatten', got {pooling!r}.")
    _check_reviews(train, "train")
    if validation is not None:
        _check_reviews(validation, "validation")
    if ngrams not in (1, 2) or isinstance(ngrams, bool):
        raise ValueError(f"ngrams must be 1 (words) or 2 (words and word pairs), got {ngrams!r}.")
    if lexicon and pooling != "average":
        raise ValueError("the lexicon feature needs pooling='average'.")
    for value, what in ((epochs, "epochs"), (batch_size, "batch_size")):
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) or value < 1:
            raise ValueError(f"{what} must be a whole number of at least 1, got {value!r}.")
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, numbers.Real) \
            or not np.isfinite(learning_rate) or not 0 < learning_rate <= 10:
        raise ValueError(f"learning_rate must be a number in (0, 10], got {learning_rate!r}.")
    keras.utils.set_random_seed(int(seed))
    vectorizer = keras.layers.TextVectorization(max_tokens=max_tokens, output_sequence_length=int(sequence_length),
                                                ngrams=None if ngrams == 1 else ngrams, name="vectorizer")
    vectorizer.adapt(np.array(train.texts, dtype=object))
    valence = add_lexicon(vectorizer) if lexicon else None
    size = vectorizer.vocabulary_size()
    model = build_sentiment_model(size, sequence_length=int(sequence_length), embedding_dim=int(embedding_dim),
                                  pooling=pooling, valence=valence, name=name)
    steps = int(np.ceil(len(train) / batch_size))
    model.compile(optimizer=keras.optimizers.Adam(float(learning_rate)), loss="binary_crossentropy",
                  metrics=["accuracy"], steps_per_execution=steps)
    model.optimizer.build(model.trainable_variables)  # now, so fit traces its step once, not twice

    def encode(texts: Sequence[str]) -> np.ndarray:
        return keras.ops.convert_to_numpy(vectorizer(np.array(texts, dtype=object))).astype("int64")

    callbacks, val = [], None
    if progress is not None:
        from helpers.progress import fit_progress  # noqa: PLC0415

        callbacks.append(fit_progress(progress))
    if validation is not None:
        val = _feed.validation_data(encode(validation.texts), np.asarray(validation.labels, dtype="float32"),
                                    batch_size=int(batch_size))
        if patience:
            callbacks.append(keras.callbacks.EarlyStopping(monitor="val_loss", patience=int(patience),
                                                           restore_best_weights=True))
    data, fit_kwargs = _feed.training_data(encode(train.texts), np.asarray(train.labels, dtype="float32"),
                                           batch_size=int(batch_size), seed=int(seed))
    history = model.fit(data, epochs=int(epochs), validation_data=val, callbacks=callbacks, verbose=0, **fit_kwargs)
    settings = {"pooling": pooling, "embedding_dim": embedding_dim, "sequence_length": sequence_length,
                "max_tokens": max_tokens, "ngrams": ngrams, "lexicon": lexicon, "epochs": epochs,
                "learning_rate": learning_rate, "seed": seed}
    return SentimentClassifier(vectorizer, model, pooling, history, settings)


def sentiment_model(seed: int = 42) -> keras.Model:
    """Notebook 06's chosen classifier, rebuilt outside the notebook: raw strings in, P(positive) out.

    Trains on the shipped corpus (both parts, original and short) with the
    settings notebook 06 chooses on the validation split (average pooling,
    words and word pairs, VADER's valence as a frozen feature, early stopping),
    then stacks VADER's compound score with the classifier's logit, weights
    fitted on the validation split (:func:`stack_with_vader`); in a few
    seconds, with no download (TensorFlow backend)::

        model = helpers.text.sentiment_model()
        model.predict(np.array(["Friendly staff, lovely room."]), verbose=0)  # shape (1, 1)

    Args:
        seed: a whole number of at least 0; the same seed gives the same model.

    Returns:
        A ``keras.Model`` taking a 1-D array (or list) of raw strings, shape
        ``(n,)``, and giving P(positive), float32 of shape ``(n, 1)``, in [0, 1].
    """
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be a whole number of at least 0, got {seed!r}.")
    corpus = load_reviews(parts=CHOSEN["parts"])
    settings = {k: v for k, v in CHOSEN.items() if k != "parts"}
    classifier = train_sentiment_classifier(corpus.train, corpus.validation, seed=int(seed), name="sentiment_chosen",
                                            **settings)
    return classifier.as_string_model(stack_with_vader(classifier, corpus.validation))
