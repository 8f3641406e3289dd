"""Vectors for words and documents (notebook 07), and a human reference to check them against.

* documents: a vocabulary counted on the **training** texts, then bag-of-words
  or TF-IDF rows (:func:`fit_document_vectorizer`);
* words: co-occurrence counts within a window, turned into positive pointwise
  mutual information (:func:`cooccurrence_matrix`, :func:`ppmi`);
* a sentiment direction in any vector space, fitted on labelled reviews
  (:func:`average_word_vectors`, :func:`sentiment_direction`);
* VADER's lexicon of about 7,500 words rated by people for valence, read from
  the installed ``vaderSentiment`` package with no network
  (:func:`load_vader_lexicon`), and the agreement of word scores with it
  (:func:`agreement_with_vader`), with fast Spearman correlations of many
  score rows at once and bootstrap resamples of one (:func:`spearman_rows`,
  :func:`bootstrap_spearman`).

Words are the tokens of :func:`helpers.text.tokenize` (lower case, apostrophes
kept). Unknown words: a vectorizer and :func:`average_word_vectors` ignore
words outside the vocabulary, and :func:`cooccurrence_matrix` does not count
them (they still take up their position in the window); functions that are
asked about one word (:func:`neighbour_table`) raise ``ValueError`` for a word
outside the vocabulary.
"""

from __future__ import annotations

import numbers
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from helpers._validate import strings, whole_number
from helpers.text.lexicon import load_vader_lexicon
from helpers.text.vectors import nearest_neighbours
from helpers.text.words import _check_texts, tokenize

__all__ = [
    "WEIGHTINGS",
    "Agreement",
    "DocumentVectorizer",
    "agreement_with_vader",
    "average_word_vectors",
    "bootstrap_spearman",
    "cooccurrence_matrix",
    "fit_document_vectorizer",
    "load_vader_lexicon",
    "neighbour_table",
    "ppmi",
    "sentiment_direction",
    "spearman_rows",
]

WEIGHTINGS = ("count", "binary", "tfidf")
MAX_MATRIX_BYTES = 2**31  # the largest (V, V) float64 matrix the word functions build: 2 GiB
_PAIRS_PER_CHUNK = 4_000_000  # word pairs cooccurrence_matrix compares at once (memory, not results)


def _check_vocabulary(vocabulary: object) -> list[str]:
    if isinstance(vocabulary, (str, bytes)) or not isinstance(vocabulary, (Sequence, np.ndarray)):
        raise TypeError(f"vocabulary must be a list of words, got {type(vocabulary).__name__}.")
    words = list(vocabulary)
    if not words:
        raise ValueError("the vocabulary is empty: build it with _build_vocabulary(train_texts).")
    strings(words, "vocabulary entry")
    if len(set(words)) != len(words):
        repeated = sorted(w for w, n in Counter(words).items() if n > 1)[:5]
        raise ValueError(f"the vocabulary repeats words, e.g. {repeated}: each word must appear once.")
    return words


def _count_vectorizer(vocabulary: Sequence[str] | None = None, *, binary: bool = False):
    """scikit-learn's ``CountVectorizer`` with the course's tokenizer (sparse float64 counts)."""
    from sklearn.feature_extraction.text import CountVectorizer  # noqa: PLC0415

    return CountVectorizer(tokenizer=tokenize, lowercase=False, token_pattern=None, binary=binary,
                           vocabulary=None if vocabulary is None else list(vocabulary), dtype=np.float64)


def _build_vocabulary(texts: object, *, min_count: int = 1, max_words: int | None = None) -> list[str]:
    """The words of ``texts`` seen at least ``min_count`` times, most frequent first.

    Ties are broken alphabetically, so the order is the same on every machine.
    ``max_words`` keeps only that many of the most frequent. The counting is
    scikit-learn's ``CountVectorizer`` with :func:`helpers.text.tokenize`.

    Raises:
        TypeError: ``texts`` is not a string or a list of strings.
        ValueError: no texts, a text without words, ``min_count`` below 1, or
            no word that reaches ``min_count`` (the message gives the highest count).
    """
    items = _check_texts(texts)
    min_count = whole_number(min_count, "min_count", 1)
    if max_words is not None:
        max_words = whole_number(max_words, "max_words", 1)
    counter = _count_vectorizer()
    totals = np.asarray(counter.fit_transform(items).sum(axis=0)).reshape(-1)
    names = counter.get_feature_names_out()  # alphabetical
    keep = np.flatnonzero(totals >= min_count)
    if not len(keep):
        raise ValueError(f"no word occurs {min_count} times or more (the most frequent occurs "
                         f"{int(totals.max())} times): lower min_count.")
    order = keep[np.argsort(-totals[keep], kind="stable")]  # stable: ties stay alphabetical
    return [str(w) for w in names[order[:max_words]]]


@dataclass(frozen=True, eq=False)
class DocumentVectorizer:
    """Turns texts into rows of word weights over a fixed vocabulary.

    Attributes:
        vocabulary: the words, one per column.
        weighting: ``"count"`` (how often each word occurs), ``"binary"``
            (1 if it occurs) or ``"tfidf"`` (count times inverse document
            frequency, each row scaled to length 1).
        idf: float64 ``(len(vocabulary),)``, ``ln((1 + n) / (1 + df)) + 1`` over
            the ``n`` texts the vectorizer was fitted on (scikit-learn's
            smoothed formula); all ones unless ``weighting == "tfidf"``.
    """

    vocabulary: tuple[str, ...]
    weighting: str
    idf: np.ndarray

    def __len__(self) -> int:
        return len(self.vocabulary)

    def __repr__(self) -> str:
        return f"DocumentVectorizer({len(self)} words, {self.weighting})"

    def counts(self, texts: object, *, sparse: bool = False) -> np.ndarray:
        """How often each vocabulary word occurs in each text: float64 ``(n, len(vocabulary))``.

        Words outside the vocabulary are ignored; a text with none of its words
        in the vocabulary gives a row of zeros. Counted by scikit-learn's
        ``CountVectorizer``; ``sparse=True`` returns its SciPy CSR matrix as it
        is (most entries of a review's row are 0), otherwise a dense array.
        """
        items = _check_texts(texts, allow_empty=True)
        x = _count_vectorizer(self.vocabulary).transform(items)
        return x if sparse else x.toarray()

    def transform(self, texts: object, *, sparse: bool = False) -> np.ndarray:
        """The texts as float32 rows ``(n, len(vocabulary))``, in [0, 1] for ``"binary"`` and ``"tfidf"``.

        Unknown words are ignored, as in :meth:`counts`. TF-IDF is scikit-learn's
        ``TfidfTransformer`` with this vectorizer's ``idf`` (rows scaled to length 1).
        ``sparse=True`` returns a SciPy CSR matrix instead of a dense array.
        """
        x = self.counts(texts, sparse=True)
        if self.weighting == "binary":
            x = (x > 0).astype("float64")
        elif self.weighting == "tfidf":
            from sklearn.feature_extraction.text import TfidfTransformer  # noqa: PLC0415

            tfidf = TfidfTransformer(norm="l2", smooth_idf=True)
            tfidf.idf_ = self.idf
            x = tfidf.transform(x)
        x = x.astype("float32")
        return x if sparse else x.toarray()


def fit_document_vectorizer(texts: object, *, weighting: str = "tfidf", min_count: int = 2,
                            max_words: int | None = None) -> DocumentVectorizer:
    """Fit a vectorizer on ``texts`` (give the **training** texts only).

    The vocabulary is :func:`_build_vocabulary` ``(texts, min_count, max_words)``;
    for TF-IDF the document frequencies are counted on the same texts and the
    idf is scikit-learn's smoothed one (``TfidfTransformer(smooth_idf=True)``).

    Raises:
        ValueError: an unknown ``weighting``, or see :func:`_build_vocabulary`.
        TypeError: see :func:`_build_vocabulary`.
    """
    if weighting not in WEIGHTINGS:
        raise ValueError(f"weighting must be one of {WEIGHTINGS}, got {weighting!r}.")
    vocabulary = tuple(_build_vocabulary(texts, min_count=min_count, max_words=max_words))
    vectorizer = DocumentVectorizer(vocabulary, weighting, np.ones(len(vocabulary)))
    if weighting == "tfidf":
        from sklearn.feature_extraction.text import TfidfTransformer  # noqa: PLC0415

        idf = TfidfTransformer(smooth_idf=True).fit(vectorizer.counts(texts, sparse=True)).idf_
        vectorizer = DocumentVectorizer(vocabulary, weighting, np.asarray(idf, dtype="float64"))
    return vectorizer


def cooccurrence_matrix(texts: object, vocabulary: Sequence[str], *, window: int = 2) -> np.ndarray:
    """Symmetric co-occurrence counts: float64 ``(V, V)`` for the ``V`` vocabulary words.

    Entry ``[i, j]`` counts how often word ``j`` occurs within ``window``
    positions before or after word ``i`` in the same text (never across two
    texts), so each nearby pair adds 1 to ``[i, j]`` and 1 to ``[j, i]``; a
    word near itself ("very very") adds 2 to the diagonal, once from each
    side. Positions are those of the text: words outside the vocabulary are
    not counted, but they still stand between the words around them.

    Vectorised: NumPy compares the whole text with itself shifted by each
    distance from 1 to ``window``, so the time grows with the number of words
    times ``window`` (a text of 300,000 words with ``window=4``: under a second).

    Raises:
        TypeError, ValueError: bad texts (see :func:`helpers.text.words._check_texts`),
            a bad vocabulary (empty, repeated or non-string words),
            ``window`` below 1, or a vocabulary whose (V, V) matrix would
            exceed 2 GiB.
    """
    items = _check_texts(texts)
    words = _check_vocabulary(vocabulary)
    window = whole_number(window, "window", 1)
    n = len(words)
    if n * n * 8 > MAX_MATRIX_BYTES:
        raise ValueError(f"a co-occurrence matrix of {n:,} x {n:,} words needs {n * n * 8 / 2**30:.1f} GiB; "
                         f"keep at most {int((MAX_MATRIX_BYTES / 8) ** 0.5):,} words (min_count or max_words "
                         "of _build_vocabulary).")
    index = {w: j for j, w in enumerate(words)}
    # All texts in one array of word ids, -1 for unknown words and `window` -1s between two texts,
    # so that no pair spans two texts; then one shifted comparison per distance 1..window.
    tokens = [tokenize(text) for text in items]
    window = min(window, max(max(map(len, tokens)) - 1, 1))  # no pair is farther apart than the longest text
    gap = [-1] * window
    ids = np.fromiter((index.get(w, -1) for text in tokens for w in [*text, *gap]), dtype=np.int64)
    pairs = np.zeros(n * n, dtype=np.int64)
    per_chunk = max(1, _PAIRS_PER_CHUNK // len(ids))  # distances handled together, to bound memory
    for first in range(1, window + 1, per_chunk):
        distances = range(first, min(first + per_chunk, window + 1))
        left = np.concatenate([ids[:-d] for d in distances])
        right = np.concatenate([ids[d:] for d in distances])
        both = (left >= 0) & (right >= 0)
        pairs += np.bincount(left[both] * n + right[both], minlength=n * n)
    pairs = pairs.reshape(n, n).astype("float64")
    return pairs + pairs.T


def ppmi(counts: object, *, alpha: float = 1.0) -> np.ndarray:
    """Positive pointwise mutual information of a co-occurrence matrix: float64, same shape, >= 0.

    ``PPMI[i, j] = max(0, ln(p(i, j) / (p(i) p(j))))`` with ``p(i, j) =
    counts[i, j] / total``, ``p(i)`` the row sums over the total and ``p(j)``
    the column sums, raised to ``alpha`` and renormalised (``alpha = 0.75``
    is the smoothing of Levy, Goldberg and Dagan, 2015; 1 means none). A pair
    never seen together, or a word never seen at all, gets 0.

    Raises:
        ValueError: not a 2-D array of finite, non-negative numbers, all zeros,
            or ``alpha`` outside (0, 1].
        TypeError: not numeric.
    """
    c = np.asarray(counts)
    if c.dtype.kind not in "biuf":
        raise TypeError(f"counts must be numeric, got dtype {c.dtype}.")
    c = c.astype("float64")
    if c.ndim != 2 or c.size == 0:
        raise ValueError(f"counts must be a non-empty 2-D matrix (words, contexts), got shape {c.shape}.")
    if not np.all(np.isfinite(c)) or (c < 0).any():
        raise ValueError("counts must be finite and non-negative.")
    if not 0 < alpha <= 1:
        raise ValueError(f"alpha must be in (0, 1], got {alpha}.")
    total = c.sum()
    if total == 0:
        raise ValueError("counts are all zero: no pair of words was seen together (a larger window, "
                         "more text or a lower min_count helps).")
    p_word = c.sum(axis=1) / total
    context = c.sum(axis=0) ** alpha
    p_context = context / context.sum()
    expected = np.outer(p_word, p_context)
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log((c / total) / expected)
    return np.where((c > 0) & np.isfinite(pmi), np.maximum(pmi, 0.0), 0.0)


def _drop_entries(x: object, fraction: float, rng: np.random.Generator | int | None = 0) -> np.ndarray:
    """A copy of ``x`` with a random ``fraction`` (0 to 1) of its entries set to 0.

    For a document or word row this drops words (or contexts) at random: the
    corruption of a denoising autoencoder for counts, TF-IDF or PPMI values,
    which, unlike :func:`helpers.noise.mask`, need not lie in [0, 1].
    ``rng`` is a NumPy ``Generator`` or a seed; the same seed drops the same entries.

    Raises:
        ValueError: ``fraction`` outside [0, 1]; non-finite values.
        TypeError: non-numeric ``x``.
    """
    array = np.asarray(x)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"x must be numeric, got dtype {array.dtype}.")
    if isinstance(fraction, bool) or not isinstance(fraction, numbers.Real) or not 0 <= fraction <= 1:
        raise ValueError(f"fraction must be a number between 0 and 1, got {fraction!r}.")
    out = array.astype("float32")
    if not np.all(np.isfinite(out)):
        raise ValueError("x contains NaN or infinite values.")
    gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    out[gen.random(out.shape) < fraction] = 0.0
    return out


def _check_labels(labels: object, n: int | None = None) -> np.ndarray:
    """Return review labels as an int64 array of 0 (negative) and 1 (positive).

    Raises:
        ValueError: values other than 0 and 1 (the message lists them), only one
            of the two classes, not one label per example (``n``), or no labels.
    """
    y = np.asarray(labels)
    if y.ndim != 1 or y.size == 0:
        raise ValueError(f"labels must be a non-empty 1-D array, got shape {y.shape}.")
    if n is not None and len(y) != n:
        raise ValueError(f"{len(y)} labels for {n} examples: give one label per example.")
    values = set(np.unique(y).tolist())
    if not values <= {0, 1}:
        raise ValueError(f"labels must be 0 (negative) or 1 (positive), got the values "
                         f"{sorted(values, key=str)}.")
    if len(values) < 2:
        raise ValueError(f"all labels are {values.pop()}: a direction between two classes needs both.")
    return y.astype("int64")


def _check_vectors(vectors: object, n_words: int) -> np.ndarray:
    v = np.asarray(vectors)
    if v.dtype.kind not in "biuf":
        raise TypeError(f"vectors must be numeric, got dtype {v.dtype}.")
    if v.ndim != 2 or len(v) != n_words:
        raise ValueError(f"vectors must have one row per vocabulary word: {n_words} words, shape {v.shape}.")
    if not np.all(np.isfinite(v)):
        raise ValueError("vectors contain NaN or infinite values.")
    return v.astype("float64")


def average_word_vectors(texts: object, vocabulary: Sequence[str], vectors: object) -> np.ndarray:
    """Each text as the mean of its known words' vectors: float64 ``(n, d)``.

    ``vectors`` has one row per vocabulary word, ``(V, d)``. Words outside the
    vocabulary are ignored; a text with no known word gets a row of zeros.
    The mean is linear, so the vectors of several spaces side by side,
    ``(V, d1 + d2)``, give the averages of each side by side.
    """
    items = _check_texts(texts, allow_empty=True)
    words = _check_vocabulary(vocabulary)
    v = _check_vectors(vectors, len(words))
    counts = _count_vectorizer(words).transform(items)  # sparse (n, V)
    known = np.asarray(counts.sum(axis=1)).reshape(-1, 1)
    return np.asarray(counts @ v) / np.maximum(known, 1)


def sentiment_direction(features: object, labels: object, *, C: float = 1.0) -> np.ndarray:
    """The direction in feature space that a logistic regression finds from negative to positive.

    Args:
        features: float ``(n, d)``, e.g. :func:`average_word_vectors` of the training reviews.
        labels: ``(n,)`` of 0 (negative) and 1 (positive).
        C: inverse regularisation strength (scikit-learn's).

    Returns:
        float64 ``(d,)``: the fitted weights, so ``vectors @ direction`` scores
        each word on the same scale the classifier used.

    Raises:
        ValueError: wrong labels (see :func:`_check_labels`), bad features.
    """
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415

    x = np.asarray(features)
    if x.dtype.kind not in "biuf" or x.ndim != 2 or len(x) == 0:
        raise ValueError(f"features must be a non-empty numeric 2-D array (examples, dims), "
                         f"got {x.dtype} {x.shape}.")
    y = _check_labels(labels, len(x))
    model = LogisticRegression(C=C, solver="newton-cholesky", max_iter=200).fit(x.astype("float64"), y)
    return model.coef_.reshape(-1).astype("float64")


def neighbour_table(spaces: Mapping[str, object], vocabulary: Sequence[str], words: Sequence[str],
                    *, k: int = 5) -> str:
    """A text table of each word's ``k`` nearest neighbours (cosine) in several vector spaces.

    ``spaces`` maps a name (a column) to vectors with one row per vocabulary word.

    Raises:
        ValueError: a word outside the vocabulary (all such words are named at
            once), an empty ``spaces`` or ``words``, vectors of the wrong shape.
    """
    vocab = _check_vocabulary(vocabulary)
    if isinstance(words, str):
        words = [words]
    words = list(words)
    if not spaces or not words:
        raise ValueError("give at least one vector space and one word.")
    unknown = [w for w in words if w not in set(vocab)]
    if unknown:
        raise ValueError(f"{unknown} not in the vocabulary of {len(vocab):,} words (words are lower-case, "
                         "and only words seen min_count times in the training texts are in it).")
    k = whole_number(k, "k", 1)
    columns = {name: [", ".join(n for n, _ in nearest_neighbours(_check_vectors(v, len(vocab)), vocab, w, k))
                      for w in words] for name, v in spaces.items()}
    left = max(len("word"), *(len(w) for w in words))
    widths = {name: max(len(name), *(len(c) for c in col)) for name, col in columns.items()}
    def row(first: str, cells: list[str]) -> str:
        return "  ".join([first.ljust(left), *(c.ljust(widths[n]) for n, c in zip(columns, cells))]).rstrip()

    lines = [row("word", list(columns))]
    lines += [row(w, [columns[name][i] for name in columns]) for i, w in enumerate(words)]
    return "\n".join(lines)


@dataclass(frozen=True)
class Agreement:
    """How well word scores agree with human ratings, on the words both have.

    Attributes:
        spearman: Spearman's rank correlation, in [-1, 1].
        p_value: its two-sided p-value (no association as the null hypothesis).
        n_rated: how many vocabulary words the reference rates.
        n_words: how many vocabulary words there are (special tokens left out).
        words, scores, ratings: the rated words, their scores and their ratings.
    """

    spearman: float
    p_value: float
    n_rated: int
    n_words: int
    words: tuple[str, ...]
    scores: np.ndarray
    ratings: np.ndarray

    @property
    def coverage(self) -> float:
        """The share of the vocabulary's words that the reference rates, in [0, 1]."""
        return self.n_rated / self.n_words

    def __repr__(self) -> str:
        return (f"Agreement(spearman {self.spearman:.3f}, p {self.p_value:.2g}, {self.n_rated} of "
                f"{self.n_words} words rated, coverage {self.coverage:.1%})")


def agreement_with_vader(scores: object, vocabulary: Sequence[str],
                         lexicon: Mapping[str, float] | None = None, *, min_rated: int = 10) -> Agreement:
    """Spearman correlation between word ``scores`` and VADER's human ratings, on the words VADER rates.

    ``scores`` has one number per vocabulary entry (e.g.
    ``SentimentClassifier.word_scores()``). Entries that are not words, the
    padding ``""`` and tokens in square brackets such as ``"[UNK]"``, are left
    out of both the correlation and the coverage. Words VADER does not rate
    are simply not compared. ``lexicon`` defaults to :func:`load_vader_lexicon`.

    Raises:
        ValueError: not one finite score per vocabulary entry, fewer than
            ``min_rated`` rated words (too few for a correlation to mean much),
            or constant scores or ratings on them (no correlation is defined).
    """
    from scipy.stats import spearmanr  # noqa: PLC0415

    vocab = _check_vocabulary(vocabulary)
    s = np.asarray(scores)
    if s.dtype.kind not in "biuf" or s.shape != (len(vocab),):
        raise ValueError(f"scores must be one number per vocabulary entry: {len(vocab)} entries, "
                         f"got {s.dtype} of shape {s.shape}.")
    if not np.all(np.isfinite(s)):
        raise ValueError("scores contain NaN or infinite values.")
    lexicon = load_vader_lexicon() if lexicon is None else lexicon
    real = [i for i, w in enumerate(vocab) if w and not (w.startswith("[") and w.endswith("]"))]
    rated = [i for i in real if vocab[i] in lexicon]
    if len(rated) < min_rated:
        raise ValueError(f"only {len(rated)} of {len(real)} words are rated by the lexicon; need at least "
                         f"{min_rated} for a correlation (a larger vocabulary helps).")
    ratings = np.array([lexicon[vocab[i]] for i in rated], dtype="float64")
    chosen = s[rated].astype("float64")
    if np.ptp(chosen) == 0 or np.ptp(ratings) == 0:
        what = "scores" if np.ptp(chosen) == 0 else "ratings"
        raise ValueError(f"the {what} of the {len(rated)} rated words are all equal: a rank correlation "
                         "needs values that differ (did the model train?).")
    result = spearmanr(chosen, ratings)
    return Agreement(float(result.statistic), float(result.pvalue), len(rated), len(real),
                     tuple(vocab[i] for i in rated), chosen, ratings)


def _float_rows(values: object, what: str) -> np.ndarray:
    array = np.asarray(values)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{what} must be numeric, got dtype {array.dtype}.")
    if array.ndim not in (1, 2) or array.shape[-1] < 3:
        raise ValueError(f"{what} must be a row of at least 3 numbers or a 2-D array of such rows, "
                         f"got shape {array.shape}.")
    array = array.astype("float64")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{what} contain NaN or infinite values.")
    return array


def spearman_rows(a: object, b: object) -> np.ndarray:
    """Spearman's rank correlation of each row of ``a`` with the matching row of ``b``.

    Args:
        a, b: float ``(n,)`` or ``(k, n)``, at least 3 values per row; a single
            row is paired with every row of the other (NumPy broadcasting).

    Returns:
        float64 ``(k,)`` in [-1, 1] (``(1,)`` for two single rows): the Pearson
        correlation of the rows' ranks (ties get their mean rank), as
        ``scipy.stats.spearmanr`` computes it for one pair, for all rows at once.

    Raises:
        ValueError: rows of different lengths, fewer than 3 values, NaN, or a
            constant row (its ranks are all equal: no correlation is defined).
        TypeError: not numeric.
    """
    from scipy.stats import rankdata  # noqa: PLC0415

    x, y = _float_rows(a, "a"), _float_rows(b, "b")
    if x.shape[-1] != y.shape[-1]:
        raise ValueError(f"a and b must have rows of the same length, got {x.shape} and {y.shape}.")
    rx, ry = np.atleast_2d(rankdata(x, axis=-1)), np.atleast_2d(rankdata(y, axis=-1))
    if len(rx) != len(ry) and 1 not in (len(rx), len(ry)):
        raise ValueError(f"a has {len(rx)} rows and b {len(ry)}: give the same number, or one row.")
    rx = rx - rx.mean(axis=1, keepdims=True)
    ry = ry - ry.mean(axis=1, keepdims=True)
    nx, ny = np.linalg.norm(rx, axis=1), np.linalg.norm(ry, axis=1)
    if (nx == 0).any() or (ny == 0).any():
        raise ValueError("a row is constant: Spearman's correlation needs values that differ.")
    return np.clip((rx * ry).sum(axis=1) / (nx * ny), -1.0, 1.0)


def bootstrap_spearman(scores: object, ratings: object, *, n_boot: int = 2000,
                       rng: np.random.Generator | int | None = 0) -> np.ndarray:
    """Spearman's correlation of ``n_boot`` bootstrap resamples of the pairs ``(scores[i], ratings[i])``.

    Each resample draws ``n`` pairs with replacement from the ``n`` given, so
    the spread of the results shows how much the correlation depends on which
    words happened to be rated; ``np.quantile(result, [0.025, 0.975])`` is a 95%
    percentile interval. With the same integer seed and the same ``n``, two calls
    draw the same resamples: their results are paired (for a difference).

    Args:
        scores, ratings: float ``(n,)``, ``n >= 3``.
        n_boot: number of resamples, 1 to 1,000,000.
        rng: a NumPy ``Generator`` or a seed.

    Returns:
        float64 ``(n_boot,)``; a resample whose scores or ratings are all equal
        (possible only for tiny ``n``) gives NaN.

    Raises:
        ValueError: not two rows of the same length of at least 3 finite numbers, or a bad ``n_boot``.
    """
    x, y = _float_rows(scores, "scores"), _float_rows(ratings, "ratings")
    if x.ndim != 1 or x.shape != y.shape:
        raise ValueError(f"scores and ratings must be two 1-D arrays of the same length, got {x.shape} and "
                         f"{y.shape}.")
    n_boot = whole_number(n_boot, "n_boot", 1)
    if n_boot > 1_000_000:
        raise ValueError(f"n_boot={n_boot:,} is more resamples than any interval needs; "
                         "use at most 1,000,000.")
    gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    picks = gen.integers(0, len(x), size=(n_boot, len(x)))
    xs, ys = x[picks], y[picks]
    flat = (np.ptp(xs, axis=1) == 0) | (np.ptp(ys, axis=1) == 0)
    out = np.full(n_boot, np.nan)
    if (~flat).any():
        out[~flat] = spearman_rows(xs[~flat], ys[~flat])
    return out
