"""Text for notebooks 06 and 07: the course's review corpus and a sentiment classifier.

The corpus (``data/reviews/``) ships with the course: 1,396 short English
reviews written for it, labelled ``pos`` or ``neg``, in a fixed
train/validation/test split (see ``data/README.md``). Loading checks each
file's sha256, so a changed file is noticed before anything learns from it.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from helpers import _feed
from helpers.models import model_madds

if TYPE_CHECKING:  # pragma: no cover
    import keras

__all__ = [
    "CORPUS_DIR",
    "LABELS",
    "SPLITS",
    "Corpus",
    "Reviews",
    "SentimentClassifier",
    "check_texts",
    "jaccard",
    "legacy_one_hot",
    "IMDB_SOURCES",
    "export_projector",
    "load_imdb",
    "load_reviews",
    "nearest_neighbours",
    "normalise",
    "read_reviews",
    "tokenize",
    "sentiment_model",
    "train_sentiment_classifier",
]

CORPUS_DIR = Path(__file__).resolve().parent.parent / "data" / "reviews"
SPLITS = ("train", "validation", "test")
LABELS = ("neg", "pos")  # label 0, label 1
SHA256 = {
    "train": "a62620d947a0bc979ba2c99a54177e4ad4093f4332091b3f78c258398ca566c9",
    "validation": "75200bc7fa0087675d5b56aa748f612d17a180e38bb3a50da10cb710df639839",
    "test": "06dc22306efc2c985d3a8c4814646655755bc4088c6d6720fea5bdb348481dbb",
}
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")  # words, with inner apostrophes (don't)


@dataclass(frozen=True, eq=False)
class Reviews:
    """Texts and their labels (1 = positive, 0 = negative), in file order."""

    texts: tuple[str, ...]
    labels: np.ndarray

    def __len__(self) -> int:
        return len(self.texts)

    def __repr__(self) -> str:
        return f"Reviews({len(self)} texts, {int(self.labels.sum())} positive)"


@dataclass(frozen=True, eq=False)
class Corpus:
    """The three splits of the review corpus."""

    train: Reviews
    validation: Reviews
    test: Reviews

    def __repr__(self) -> str:
        return (f"Corpus(train {len(self.train)}, validation {len(self.validation)}, "
                f"test {len(self.test)} reviews)")


def read_reviews(path: Path | str, *, sha256: str | None = None) -> Reviews:
    """Read one split: a UTF-8 TSV with the header ``label<TAB>text``.

    Raises:
        ValueError: a sha256 mismatch, a bad header, a line without exactly
            two fields, a label other than ``pos``/``neg``, or an empty text
            (the message names the file and line).
        FileNotFoundError: the file is missing.
    """
    path = Path(path)
    raw = path.read_bytes()
    if sha256 is not None and hashlib.sha256(raw).hexdigest() != sha256:
        raise ValueError(
            f"{path.name} has changed (its sha256 is not the one in data/README.md): the course's "
            f"figures were measured on the original. Restore it with: git checkout -- data/reviews/{path.name}"
        )
    # split on newlines only: str.splitlines() would also break at U+2028 and friends inside a text
    lines = [line.removesuffix("\r") for line in raw.decode("utf-8").split("\n")]
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0] != "label\ttext":
        raise ValueError(f"{path.name}: the first line must be the header 'label<TAB>text'.")
    texts, labels = [], []
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != 2:
            raise ValueError(f"{path.name} line {number}: expected 'label<TAB>text', got {len(fields)} field(s).")
        label, text = fields
        if label not in LABELS:
            raise ValueError(f"{path.name} line {number}: label {label!r} is not one of {LABELS}.")
        if not text.strip():
            raise ValueError(f"{path.name} line {number}: the text is empty.")
        texts.append(text)
        labels.append(LABELS.index(label))
    if not texts:
        raise ValueError(f"{path.name} holds no reviews.")
    return Reviews(tuple(texts), np.array(labels, dtype="int64"))


def load_reviews(folder: Path | str | None = None, *, verify: bool = True) -> Corpus:
    """Load the course's review corpus, checking each file's sha256 (``verify``)."""
    base = Path(folder) if folder is not None else CORPUS_DIR
    return Corpus(*(read_reviews(base / f"{split}.tsv", sha256=SHA256[split] if verify else None)
                    for split in SPLITS))


def normalise(text: str) -> str:
    """Lower-case, keep letters, digits and apostrophes, single spaces: ``"Not BAD!"`` -> ``"not bad"``."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}.")
    return " ".join(_WORD.findall(text.lower()))


def tokenize(text: str) -> list[str]:
    """The words of ``normalise(text)``."""
    return normalise(text).split()


def jaccard(a: str, b: str) -> float:
    """Overlap of two texts' word sets: |A and B| / |A or B| (0 for two empty texts)."""
    sa, sb = set(tokenize(a)), set(tokenize(b))
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


def check_texts(texts: object, *, allow_empty: bool = False) -> list[str]:
    """Return ``texts`` as a list of strings; a single string becomes a list of one.

    Raises:
        TypeError: not a string or a sequence of strings (names the first bad item).
        ValueError: no texts at all, or an empty text (no words to judge) unless ``allow_empty``.
    """
    if isinstance(texts, str):
        texts = [texts]
    if isinstance(texts, np.ndarray):
        texts = texts.tolist()
        if isinstance(texts, str):  # a 0-d array holds one text
            texts = [texts]
    if not isinstance(texts, Iterable) or isinstance(texts, (bytes, dict)):
        raise TypeError(f"give a string or a list of strings, got {type(texts).__name__}.")
    items = list(texts)
    if not items:
        raise ValueError("no texts given: pass at least one string.")
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise TypeError(f"item {i} is a {type(item).__name__} ({item!r}), not a string.")
        if not allow_empty and not tokenize(item):
            raise ValueError(f"item {i} ({item!r}) has no words to judge; give a sentence.")
    return items


def legacy_one_hot(text: str, n: int, hash_function=hash) -> list[int]:
    """What the removed ``keras.preprocessing.text.one_hot`` did, for the lesson on its flaws.

    It split the text into lower-case words and coded each as
    ``hash(word) % (n - 1) + 1``: a hash, not a vocabulary. Different words
    can share a code (collisions), and Python's ``hash`` of a string changes
    from one process to the next unless ``PYTHONHASHSEED`` is fixed.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(f"n must be a whole number of at least 2, got {n!r}.")
    return [hash_function(word) % (n - 1) + 1 for word in tokenize(text)]


@dataclass(eq=False)
class SentimentClassifier:
    """A trained classifier: ``TextVectorization`` then an embedding model.

    Attributes:
        vectorizer: the ``keras.layers.TextVectorization`` (adapted on training text only).
        model: the Keras model from token ids to P(positive).
        pooling: ``"average"`` or ``"flatten"``.
        history: the training history.
    """

    vectorizer: keras.layers.TextVectorization
    model: keras.Model
    pooling: str
    history: object = None
    settings: dict = field(default_factory=dict)

    @property
    def vocabulary(self) -> list[str]:
        return [str(word) for word in self.vectorizer.get_vocabulary()]

    def ids(self, texts: object) -> np.ndarray:
        import keras  # noqa: PLC0415

        items = check_texts(texts, allow_empty=True)
        return keras.ops.convert_to_numpy(self.vectorizer(np.array(items, dtype=object))).astype("int64")

    def predict(self, texts: object) -> np.ndarray:
        """P(positive) for each text, float32 of shape ``(n,)``; unknown words count as ``[UNK]``.

        Raises:
            TypeError, ValueError: see :func:`check_texts` (an empty text is refused).
        """
        import keras  # noqa: PLC0415

        items = check_texts(texts)
        ids = self.ids(items)
        empty = [i for i, row in enumerate(ids) if not row.any()]
        if empty:
            raise ValueError(f"item {empty[0]} ({items[empty[0]]!r}) has no words the vectorizer keeps; give a sentence.")
        return keras.ops.convert_to_numpy(self.model(ids, training=False)).reshape(-1)

    def as_string_model(self) -> keras.Model:
        """One Keras model from raw strings (shape ``(n,)``) to P(positive) (shape ``(n, 1)``)."""
        import keras  # noqa: PLC0415

        inputs = keras.Input(shape=(), dtype="string", name="text")
        return keras.Model(inputs, self.model(self.vectorizer(inputs)), name="sentiment_from_text")

    def embedding_matrix(self) -> np.ndarray:
        import keras  # noqa: PLC0415

        return keras.ops.convert_to_numpy(self.model.get_layer("embedding").embeddings)

    def word_scores(self) -> np.ndarray:
        """Each vocabulary word's push on the logit: embedding · output weights (average pooling only)."""
        import keras  # noqa: PLC0415

        if self.pooling != "average":
            raise ValueError("word scores are position-free only for the average-pooling model.")
        weights = keras.ops.convert_to_numpy(self.model.get_layer("sentiment").kernel).reshape(-1)
        return self.embedding_matrix() @ weights

    def contributions(self, text: str) -> list[tuple[str, float]]:
        """Each word's exact share of the logit for ``text`` (average pooling).

        With average pooling the logit is ``b + mean_i(e(w_i)) · v``, so word
        ``i`` adds ``e(w_i) · v / n``; the bias is left out. Words the
        vectorizer does not know show as ``[UNK]``.
        """
        (text,) = check_texts(text)
        ids = [i for i in self.ids([text])[0] if i != 0]
        if not ids:
            raise ValueError(f"{text!r} has no words the vectorizer keeps; give a sentence.")
        scores = self.word_scores()
        vocab = self.vocabulary
        return [(str(vocab[i]), float(scores[i]) / len(ids)) for i in ids]


def train_sentiment_classifier(
    train: Reviews,
    validation: Reviews | None = None,
    *,
    pooling: str = "average",
    embedding_dim: int = 16,
    sequence_length: int = 40,
    max_tokens: int = 5000,
    epochs: int = 30,
    learning_rate: float = 1e-2,
    batch_size: int = 32,
    patience: int | None = 5,
    seed: int = 42,
) -> SentimentClassifier:
    """Train notebook 06's classifier: TextVectorization -> Embedding -> pooling -> Dense(1, sigmoid).

    The vectorizer is adapted on the **training** texts only. With
    ``validation`` and ``patience``, training stops when the validation loss
    has not improved for ``patience`` epochs and keeps the best weights.
    ``pooling="average"`` averages the word vectors (ignoring padding);
    ``"flatten"`` concatenates them, as the seed article did.

    Raises:
        ValueError: an unknown pooling, labels other than 0/1, or texts and
            labels of different lengths.
    """
    import keras  # noqa: PLC0415

    if pooling not in ("average", "flatten"):
        raise ValueError(f"pooling must be 'average' or 'flatten', got {pooling!r}.")
    for reviews, name in ((train, "train"), (validation, "validation")):
        if reviews is None:
            continue
        check_texts(reviews.texts, allow_empty=True)
        labels = np.asarray(reviews.labels)
        if labels.shape != (len(reviews.texts),):
            raise ValueError(f"{name}: {len(reviews.texts)} texts but labels of shape {labels.shape}.")
        if not set(np.unique(labels)) <= {0, 1}:
            raise ValueError(f"{name}: labels must be 0 (negative) or 1 (positive), got {sorted(set(labels.tolist()))}.")
    keras.utils.set_random_seed(seed)
    vectorizer = keras.layers.TextVectorization(max_tokens=max_tokens, output_sequence_length=sequence_length,
                                                name="vectorizer")
    vectorizer.adapt(np.array(train.texts, dtype=object))
    size = vectorizer.vocabulary_size()
    model = keras.Sequential(
        [
            keras.Input(shape=(sequence_length,), dtype="int64", name="token_ids"),
            keras.layers.Embedding(size, embedding_dim, mask_zero=(pooling == "average"), name="embedding"),
            keras.layers.GlobalAveragePooling1D(name="average") if pooling == "average"
            else keras.layers.Flatten(name="flatten"),
            keras.layers.Dense(1, activation="sigmoid", name="sentiment"),
        ],
        name=f"sentiment_{pooling}",
    )
    steps = int(np.ceil(len(train) / batch_size))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="binary_crossentropy",
                  metrics=["accuracy"], steps_per_execution=steps)

    def encode(texts: Sequence[str]) -> np.ndarray:
        return keras.ops.convert_to_numpy(vectorizer(np.array(texts, dtype=object))).astype("int64")

    callbacks, val = [], None
    if validation is not None:
        val = _feed.validation_data(encode(validation.texts), np.asarray(validation.labels, dtype="float32"),
                                    batch_size=batch_size)
        if patience:
            callbacks.append(keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience,
                                                           restore_best_weights=True))
    data, fit_kwargs = _feed.training_data(encode(train.texts), np.asarray(train.labels, dtype="float32"),
                                           batch_size=batch_size, seed=seed)
    start = time.perf_counter()
    history = model.fit(data, epochs=epochs, validation_data=val, callbacks=callbacks, verbose=0, **fit_kwargs)
    history.seconds = time.perf_counter() - start
    history.examples_per_second = len(history.epoch) * len(train) / history.seconds
    history.madds_per_example = model_madds(model)
    settings = {"pooling": pooling, "embedding_dim": embedding_dim, "sequence_length": sequence_length,
                "max_tokens": max_tokens, "epochs": epochs, "learning_rate": learning_rate, "seed": seed}
    return SentimentClassifier(vectorizer, model, pooling, history, settings)


def nearest_neighbours(vectors: np.ndarray, vocabulary: Sequence[str], word: str, k: int = 5) -> list[tuple[str, float]]:
    """The ``k`` words whose vectors have the highest cosine similarity with ``word``'s.

    ``vectors`` has one row per vocabulary entry. Raises ValueError for a word
    not in the vocabulary (the message suggests checking spelling and case).
    """
    vocabulary = list(vocabulary)
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be a whole number of at least 1, got {k!r}.")
    vectors = np.asarray(vectors, dtype="float64")
    if vectors.ndim != 2 or len(vectors) != len(vocabulary):
        raise ValueError(f"vectors must have one row per word: {len(vocabulary)} words, shape {vectors.shape}.")
    if word not in vocabulary:
        raise ValueError(f"{word!r} is not in the vocabulary of {len(vocabulary):,} words; words are lower-case.")
    if not np.all(np.isfinite(vectors)):
        raise ValueError("vectors contain NaN or infinite values.")
    norms = np.linalg.norm(vectors, axis=1)
    norms[norms == 0] = 1.0
    unit = vectors / norms[:, None]
    i = vocabulary.index(word)
    similarity = unit @ unit[i]
    order = [j for j in np.argsort(-similarity) if j != i][:k]
    return [(vocabulary[j], float(similarity[j])) for j in order]


def export_projector(vectors: np.ndarray, words: Sequence[str], folder: Path | str,
                     extra: dict[str, Sequence[object]] | None = None) -> tuple[Path, Path]:
    """Write ``vectors.tsv`` and ``metadata.tsv`` for the TensorFlow Embedding Projector.

    ``metadata.tsv`` has a header (``word`` and any ``extra`` columns) when
    ``extra`` is given, else one word per line. Returns both paths.
    """
    vectors = np.asarray(vectors, dtype="float64")
    words = [str(w) for w in words]
    if vectors.ndim != 2 or len(vectors) != len(words):
        raise ValueError(f"need one vector per word: {len(words)} words, vectors of shape {vectors.shape}.")
    def check_cell(value: object, what: str) -> str:
        cell = str(value)
        if "\t" in cell or "\n" in cell or "\r" in cell:
            raise ValueError(f"{what} {cell!r} contains a tab or newline, which TSV cannot hold.")
        return cell

    words = [check_cell(w, "word") for w in words]
    columns = [check_cell(c, "column name") for c in (extra or {})]
    for name in columns:
        if len(extra[name]) != len(words):
            raise ValueError(f"extra column {name!r} has {len(extra[name])} values for {len(words)} words.")
        for value in extra[name]:
            check_cell(value, f"a value of column {name!r}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    vec_path, meta_path = folder / "vectors.tsv", folder / "metadata.tsv"
    vec_path.write_text("".join("\t".join(f"{v:.6g}" for v in row) + "\n" for row in vectors), encoding="utf-8")
    if extra:
        lines = ["\t".join(["word", *columns])]
        lines += ["\t".join([w, *(str(extra[c][i]) for c in columns)]) for i, w in enumerate(words)]
    else:
        lines = words
    meta_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return vec_path, meta_path


_IMDB_BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
# (file, url, algorithm, digest), as published in Keras' own loader.
IMDB_SOURCES = [
    ("imdb.npz", _IMDB_BASE + "imdb.npz", "sha256", "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"),
    ("imdb_word_index.json", _IMDB_BASE + "imdb_word_index.json", "md5", "bfafd718b763782e994055a2d397834f"),
]


def load_imdb(limit: int = 5000, *, seed: int = 0, cache_dir: Path | str | None = None) -> Corpus:
    """The online option: IMDB film reviews (Keras' copy), as a Corpus of raw texts.

    Downloads once into ``data/cache/imdb/`` (each file checked against its
    published checksum before use), decodes the word ids back into text, and
    keeps ``limit`` training reviews, ``limit // 5`` for validation (taken
    from Keras' training half) and ``limit // 5`` test reviews, sampled with
    ``seed``. Never needed by a test; without network it raises
    :class:`helpers.data.DownloadError` saying how to use the offline corpus.
    """
    import json  # noqa: PLC0415

    import keras  # noqa: PLC0415

    from helpers.data import CACHE, fetch  # noqa: PLC0415

    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 10:
        raise ValueError(f"limit must be a whole number of at least 10, got {limit!r}.")
    from helpers.data import DownloadError  # noqa: PLC0415

    folder = (Path(cache_dir) if cache_dir is not None else CACHE) / "imdb"
    try:
        paths = {name: fetch(url, folder / name, **{algo: digest}) for name, url, algo, digest in IMDB_SOURCES}
    except DownloadError as error:
        reason = str(error).split(". The course's default")[0]
        raise DownloadError(
            f"{reason}. The course's review corpus needs no network: set TEXT_DATASET = 'reviews' in the "
            "notebook's parameters cell (or unset the COURSE_TEXT_DATASET environment variable)."
        ) from error
    # Keras reads the verified file in place (its loader refuses arbitrary pickled objects).
    (x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(path=str(paths["imdb.npz"].resolve()))
    index = json.loads(paths["imdb_word_index.json"].read_text())
    words = {i + 3: w for w, i in index.items()}  # Keras shifts ids by 3 (0 pad, 1 start, 2 unknown)

    def decode(ids: Sequence[int]) -> str:
        return " ".join(words.get(i, "") for i in ids if i >= 3).strip()

    rng = np.random.default_rng(seed)
    order = rng.permutation(len(x_train))
    train_idx, val_idx = order[:limit], order[limit: limit + limit // 5]
    test_idx = rng.permutation(len(x_test))[: limit // 5]

    def part(x: np.ndarray, y: np.ndarray, idx: np.ndarray) -> Reviews:
        return Reviews(tuple(decode(x[i]) for i in idx), np.asarray(y)[idx].astype("int64"))

    return Corpus(part(x_train, y_train, train_idx), part(x_train, y_train, val_idx), part(x_test, y_test, test_idx))


def sentiment_model(seed: int = 42) -> keras.Model:
    """Notebook 06's classifier, rebuilt outside the notebook: raw strings in, P(positive) out.

    Trains with the notebook's chosen settings (average pooling, early stopping on the validation
    split) on the shipped corpus, in a few seconds::

        model = helpers.text.sentiment_model()
        model.predict(np.array(["Friendly staff, lovely room."]))  # shape (1, 1)
    """
    corpus = load_reviews()
    return train_sentiment_classifier(corpus.train, corpus.validation, seed=seed).as_string_model()
