"""Unit tests for helpers.embeddings (notebook 07) and its exercise checks: values by hand, bad input."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest
from scipy import sparse
from scipy.stats import spearmanr

from helpers import embeddings
from helpers.text import lexicon
from helpers.checks import CheckFailed, check_nearest_review, check_ppmi

TEXTS = ["the cat sat", "the cat ran", "a dog ran", "the dog sat on the cat"]

# --------------------------------------------------------------------------- vocabulary


def test_vocabulary_most_frequent_first_ties_alphabetical():
    # the 4, cat 3, dog 2, ran 2, sat 2, a 1, on 1
    assert embeddings._build_vocabulary(TEXTS) == ["the", "cat", "dog", "ran", "sat", "a", "on"]
    assert embeddings._build_vocabulary(TEXTS, min_count=2) == ["the", "cat", "dog", "ran", "sat"]
    assert embeddings._build_vocabulary(TEXTS, max_words=2) == ["the", "cat"]


def test_vocabulary_uses_the_course_tokenizer():
    assert embeddings._build_vocabulary(["Not BAD!", "not bad at all"]) == ["bad", "not", "all", "at"]


@pytest.mark.parametrize("texts", [[], ""])
def test_vocabulary_of_an_empty_corpus_is_refused(texts):
    with pytest.raises(ValueError):
        embeddings._build_vocabulary(texts)


@pytest.mark.parametrize("texts", [[1, 2], ["fine", None], 42, b"bytes"])
def test_vocabulary_of_non_strings_is_refused(texts):
    with pytest.raises(TypeError):
        embeddings._build_vocabulary(texts)


def test_vocabulary_bad_min_count():
    with pytest.raises(ValueError, match="at least 1"):
        embeddings._build_vocabulary(TEXTS, min_count=0)
    with pytest.raises(TypeError):
        embeddings._build_vocabulary(TEXTS, min_count=2.5)
    with pytest.raises(ValueError, match="lower min_count"):
        embeddings._build_vocabulary(TEXTS, min_count=50)


# --------------------------------------------------------------------------- documents


def test_tfidf_matches_scikit_learn():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from helpers.text import tokenize

    vectorizer = embeddings.fit_document_vectorizer(TEXTS, min_count=1)
    reference = TfidfVectorizer(tokenizer=tokenize, lowercase=False, token_pattern=None,
                                vocabulary=list(vectorizer.vocabulary)).fit(TEXTS)
    new = ["the cat and the dog", "a red cat"]
    np.testing.assert_allclose(vectorizer.idf, reference.idf_)
    np.testing.assert_allclose(vectorizer.transform(new), reference.transform(new).toarray(), atol=1e-6)


def test_tfidf_rows_have_length_one_and_lie_in_0_1():
    x = embeddings.fit_document_vectorizer(TEXTS, min_count=1).transform(TEXTS)
    assert x.dtype == np.float32 and x.shape == (4, 7)
    np.testing.assert_allclose(np.linalg.norm(x, axis=1), 1, atol=1e-6)
    assert x.min() >= 0 and x.max() <= 1


def test_unknown_words_are_ignored_and_an_all_unknown_text_is_zeros():
    vectorizer = embeddings.fit_document_vectorizer(TEXTS, min_count=2)
    np.testing.assert_array_equal(vectorizer.transform(["zebra"]), np.zeros((1, len(vectorizer))))
    np.testing.assert_array_equal(vectorizer.counts(["the zebra cat cat"])[0, :2], [1, 2])


def test_count_and_binary_weightings():
    counts = embeddings.fit_document_vectorizer(TEXTS, weighting="count", min_count=1)
    binary = embeddings.fit_document_vectorizer(TEXTS, weighting="binary", min_count=1)
    assert counts.transform(["the the cat"])[0, :2].tolist() == [2, 1]
    assert binary.transform(["the the cat"])[0, :2].tolist() == [1, 1]
    np.testing.assert_array_equal(counts.idf, np.ones(len(counts)))


def test_vectorizer_bad_input():
    with pytest.raises(ValueError, match="weighting"):
        embeddings.fit_document_vectorizer(TEXTS, weighting="bm25")
    with pytest.raises(ValueError):
        embeddings.fit_document_vectorizer([])
    vectorizer = embeddings.fit_document_vectorizer(TEXTS)
    with pytest.raises(TypeError):
        vectorizer.transform([3.5])
    with pytest.raises(ValueError):
        vectorizer.transform([])


def test_sparse_rows_are_the_dense_rows():
    for weighting in ("count", "binary", "tfidf"):
        vectorizer = embeddings.fit_document_vectorizer(TEXTS, weighting=weighting, min_count=1)
        rows = vectorizer.transform(TEXTS + ["zebra"], sparse=True)
        assert sparse.issparse(rows) and rows.dtype == np.float32
        np.testing.assert_array_equal(rows.toarray(), vectorizer.transform(TEXTS + ["zebra"]))
        assert rows.nnz == np.count_nonzero(vectorizer.counts(TEXTS + ["zebra"]))
    counts = embeddings.fit_document_vectorizer(TEXTS, min_count=1).counts(TEXTS, sparse=True)
    assert sparse.issparse(counts) and counts.dtype == np.float64


def test_idf_is_the_smoothed_formula_by_hand():
    vectorizer = embeddings.fit_document_vectorizer(TEXTS, min_count=1)
    df = (vectorizer.counts(TEXTS) > 0).sum(axis=0)
    np.testing.assert_allclose(vectorizer.idf, np.log((1 + len(TEXTS)) / (1 + df)) + 1)


# --------------------------------------------------------------------------- co-occurrence and PPMI


def _cooccurrence_by_loops(texts, vocabulary, window):
    """The definition, one pair at a time (the helper's former code): the reference for the vectorised one."""
    from helpers.text import tokenize

    index = {w: j for j, w in enumerate(vocabulary)}
    counts = np.zeros((len(vocabulary), len(vocabulary)))
    for text in texts:
        ids = [index.get(w, -1) for w in tokenize(text)]
        for pos, i in enumerate(ids):
            for j in ids[pos + 1: pos + 1 + window]:
                if i >= 0 and j >= 0:
                    counts[i, j] += 1
                    counts[j, i] += 1
    return counts


@pytest.mark.parametrize("window", [1, 2, 3, 7, 50])
def test_cooccurrence_agrees_with_the_definition(window):
    rng = np.random.default_rng(window)
    words = ["a", "b", "c", "d", "e", "f"]
    texts = [" ".join(rng.choice([*words, "x", "y"], size=rng.integers(1, 12))) for _ in range(40)]
    np.testing.assert_array_equal(embeddings.cooccurrence_matrix(texts, words[:4], window=window),
                                  _cooccurrence_by_loops(texts, words[:4], window))


def test_cooccurrence_in_small_chunks_is_the_same(monkeypatch):
    texts = ["a b c a b", "c c a", "b a x c b a"]
    whole = embeddings.cooccurrence_matrix(texts, ["a", "b", "c"], window=3)
    monkeypatch.setattr(embeddings, "_PAIRS_PER_CHUNK", 1)
    np.testing.assert_array_equal(embeddings.cooccurrence_matrix(texts, ["a", "b", "c"], window=3), whole)


def test_cooccurrence_of_one_long_text_is_fast():
    rng = np.random.default_rng(0)
    vocabulary = [f"w{i}" for i in range(500)]
    long_text = " ".join(rng.choice(vocabulary, size=200_000))
    start = time.perf_counter()
    counts = embeddings.cooccurrence_matrix(long_text, vocabulary, window=50)
    seconds = time.perf_counter() - start
    assert counts.sum() == 2 * (50 * 200_000 - 50 * 51 // 2)  # every pair within 50 positions, both ways
    np.testing.assert_array_equal(counts, counts.T)
    # measured on the course's 2-core machine: 1.0 s, against 3.8 s for the former Python loops, whose
    # time grew with words x window in the interpreter (by that rate, over a minute for a million words
    # and window 200)
    assert seconds < 5, f"200,000 words with window 50 took {seconds:.1f} s"


def test_cooccurrence_refuses_a_vocabulary_too_large_for_memory():
    with pytest.raises(ValueError, match="GiB"):
        embeddings.cooccurrence_matrix(["a b"], [f"w{i}" for i in range(20_000)])


def test_cooccurrence_window_longer_than_every_text():
    np.testing.assert_array_equal(embeddings.cooccurrence_matrix(["a b", "b a"], ["a", "b"], window=10**9),
                                  [[0, 2], [2, 0]])


def test_cooccurrence_by_hand():
    counts = embeddings.cooccurrence_matrix(["a b c", "a b"], ["a", "b", "c"], window=1)
    np.testing.assert_array_equal(counts, [[0, 2, 0], [2, 0, 1], [0, 1, 0]])
    wider = embeddings.cooccurrence_matrix(["a b c", "a b"], ["a", "b", "c"], window=2)
    np.testing.assert_array_equal(wider, [[0, 2, 1], [2, 0, 1], [1, 1, 0]])


def test_cooccurrence_unknown_words_keep_their_place_and_texts_do_not_touch():
    assert embeddings.cooccurrence_matrix(["a x b"], ["a", "b"], window=1).sum() == 0
    wide = embeddings.cooccurrence_matrix(["a x b"], ["a", "b"], window=2)
    np.testing.assert_array_equal(wide, [[0, 1], [1, 0]])
    assert embeddings.cooccurrence_matrix(["a", "b"], ["a", "b"], window=5).sum() == 0
    np.testing.assert_array_equal(embeddings.cooccurrence_matrix(["very very"], ["very"]), [[2]])


def test_cooccurrence_bad_input():
    with pytest.raises(ValueError, match="empty"):
        embeddings.cooccurrence_matrix(TEXTS, [])
    with pytest.raises(ValueError, match="repeats"):
        embeddings.cooccurrence_matrix(TEXTS, ["cat", "cat"])
    with pytest.raises(TypeError):
        embeddings.cooccurrence_matrix(TEXTS, "cat")
    with pytest.raises(TypeError):
        embeddings.cooccurrence_matrix(TEXTS, ["cat", 3])
    with pytest.raises(ValueError, match="window"):
        embeddings.cooccurrence_matrix(TEXTS, ["cat"], window=0)
    with pytest.raises(ValueError):
        embeddings.cooccurrence_matrix([], ["cat"])
    with pytest.raises(TypeError):
        embeddings.cooccurrence_matrix([None], ["cat"])


def test_ppmi_by_hand():
    # total 4; p(0) = p'(0) = 3/4, p(1) = p'(1) = 1/4
    # cell (0, 0): (2/4) / (3/4 * 3/4) = 8/9 < 1 -> 0;  cell (0, 1): (1/4) / (3/4 * 1/4) = 4/3 -> ln(4/3)
    counts = np.array([[2, 1], [1, 0]])
    expected = np.array([[0, math.log(4 / 3)], [math.log(4 / 3), 0]])
    np.testing.assert_allclose(embeddings.ppmi(counts), expected)


def test_ppmi_smoothing_by_hand():
    counts = np.array([[2, 1], [1, 0]])
    smoothed = np.array([3**0.75, 1.0]) / (3**0.75 + 1.0)  # context probabilities raised to 0.75
    cell = math.log((1 / 4) / (3 / 4 * smoothed[1]))
    got = embeddings.ppmi(counts, alpha=0.75)
    assert got[0, 1] == pytest.approx(cell)
    assert got[0, 0] == 0 and got[1, 1] == 0  # a zero count stays zero


def test_ppmi_of_a_corpus_and_unseen_words():
    counts = embeddings.cooccurrence_matrix(["a b", "a b", "c d"], ["a", "b", "c", "d", "e"], window=1)
    values = embeddings.ppmi(counts)
    assert values.shape == (5, 5) and values.min() >= 0
    assert values[4].sum() == 0  # "e" never occurs: no NaN, just zeros
    assert values[0, 1] == pytest.approx(math.log((2 / 6) / (2 / 6 * 2 / 6)))


@pytest.mark.parametrize("bad", [[[1, -1], [0, 1]], [[np.nan, 1], [1, 0]], [[0, 0], [0, 0]], [1, 2, 3], []])
def test_ppmi_bad_counts(bad):
    with pytest.raises(ValueError):
        embeddings.ppmi(np.array(bad, dtype="float64"))


def test_ppmi_bad_alpha_and_dtype():
    with pytest.raises(ValueError, match="alpha"):
        embeddings.ppmi(np.ones((2, 2)), alpha=0)
    with pytest.raises(ValueError, match="alpha"):
        embeddings.ppmi(np.ones((2, 2)), alpha=1.5)
    with pytest.raises(TypeError):
        embeddings.ppmi(np.array([["a", "b"], ["c", "d"]]))


# --------------------------------------------------------------------------- dropping entries


def test_drop_entries():
    x = np.full((50, 40), 3.0)
    dropped = embeddings._drop_entries(x, 0.3, rng=1)
    assert dropped.dtype == np.float32 and np.all(x == 3.0)  # the input is left alone
    assert 0.25 < np.mean(dropped == 0) < 0.35 and set(np.unique(dropped)) == {0.0, 3.0}
    np.testing.assert_array_equal(dropped, embeddings._drop_entries(x, 0.3, rng=1))
    np.testing.assert_array_equal(embeddings._drop_entries(x, 0.0), x)
    assert not embeddings._drop_entries(x, 1.0).any()
    with pytest.raises(ValueError):
        embeddings._drop_entries(x, 1.5)
    with pytest.raises(TypeError):
        embeddings._drop_entries(np.array(["a"]), 0.5)


# --------------------------------------------------------------------------- labels, averages, directions


def test_check_labels():
    np.testing.assert_array_equal(embeddings._check_labels([0, 1, 1]), [0, 1, 1])
    with pytest.raises(ValueError, match=r"0 \(negative\) or 1"):
        embeddings._check_labels([0, 2, 1])
    with pytest.raises(ValueError, match="both"):
        embeddings._check_labels([1, 1, 1])
    with pytest.raises(ValueError, match="one label per example"):
        embeddings._check_labels([0, 1], n=3)
    with pytest.raises(ValueError):
        embeddings._check_labels([[0, 1]])
    with pytest.raises(ValueError):
        embeddings._check_labels(["pos", "neg"])


def test_average_word_vectors_by_hand():
    vectors = np.array([[1.0, 0.0], [0.0, 2.0]])
    got = embeddings.average_word_vectors(["good bad", "good good zebra", "zebra"], ["good", "bad"], vectors)
    np.testing.assert_allclose(got, [[0.5, 1.0], [1.0, 0.0], [0.0, 0.0]])
    with pytest.raises(ValueError, match="one row per vocabulary word"):
        embeddings.average_word_vectors(["good"], ["good", "bad"], np.ones((3, 2)))
    with pytest.raises(TypeError):
        embeddings.average_word_vectors([7], ["good"], np.ones((1, 2)))


def test_average_word_vectors_of_spaces_side_by_side():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(7, 3)), rng.normal(size=(7, 2))
    vocabulary = embeddings._build_vocabulary(TEXTS)
    both = embeddings.average_word_vectors(TEXTS, vocabulary, np.hstack([a, b]))
    np.testing.assert_allclose(both, np.hstack([embeddings.average_word_vectors(TEXTS, vocabulary, a),
                                                embeddings.average_word_vectors(TEXTS, vocabulary, b)]))


def test_sentiment_direction_points_from_negative_to_positive():
    rng = np.random.default_rng(0)
    labels = np.repeat([0, 1], 50)
    features = np.column_stack([labels * 2.0 - 1 + rng.normal(0, 0.5, 100), rng.normal(0, 1, 100)])
    direction = embeddings.sentiment_direction(features, labels)
    assert direction.shape == (2,) and direction[0] > 0 and abs(direction[0]) > abs(direction[1])
    with pytest.raises(ValueError, match="both"):
        embeddings.sentiment_direction(features, np.ones(100))
    with pytest.raises(ValueError, match="0 \\(negative\\) or 1"):
        embeddings.sentiment_direction(features, labels * 2)
    with pytest.raises(ValueError, match="one label per example"):
        embeddings.sentiment_direction(features, labels[:10])


def test_neighbour_table():
    vectors = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]])
    table = embeddings.neighbour_table({"toy": vectors}, ["good", "great", "chair"], ["good", "chair"], k=1)
    lines = table.splitlines()
    assert lines[0].split() == ["word", "toy"]
    assert lines[1].split() == ["good", "great"] and lines[2].split() == ["chair", "great"]
    with pytest.raises(ValueError, match="zebra"):
        embeddings.neighbour_table({"toy": vectors}, ["good", "great", "chair"], ["good", "zebra"])
    with pytest.raises(ValueError):
        embeddings.neighbour_table({"toy": vectors}, ["good", "great", "chair"], ["good"], k=0)


# --------------------------------------------------------------------------- VADER


def test_vader_lexicon_ships_with_the_package():
    lexicon = embeddings.load_vader_lexicon()
    assert 7000 < len(lexicon) < 8000
    assert lexicon["good"] > 0 > lexicon["bad"]
    assert lexicon["great"] > lexicon["good"]
    assert all(-4 <= v <= 4 for v in lexicon.values())


def test_vader_lexicon_has_ten_ratings_per_token():
    lines = lexicon.vader_lexicon_path().read_text(encoding="utf-8").splitlines()
    ratings = [line.split("\t")[3] for line in lines if line.strip()]
    assert all(len(r.strip("[]").split(",")) == 10 for r in ratings)


def test_vader_malformed_file_names_the_line(tmp_path):
    path = tmp_path / "lexicon.txt"
    path.write_text("good\t1.9\t0.9\t[2]\nbad\tvery\t0.6\t[-3]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        embeddings.load_vader_lexicon(path)
    path.write_text("good\t9.5\t0.9\t[2]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="between -4 and 4"):
        embeddings.load_vader_lexicon(path)
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no entries"):
        embeddings.load_vader_lexicon(path)


def test_vader_missing_package_says_how_to_install(monkeypatch):
    from importlib import resources

    def missing(name):
        raise ModuleNotFoundError(name)

    monkeypatch.setattr(resources, "files", missing)
    with pytest.raises(ModuleNotFoundError, match="pip install vaderSentiment"):
        lexicon.vader_lexicon_path()


LEXICON = {f"w{i}": float(i - 6) / 2 for i in range(12)}


def test_agreement_by_hand():
    vocabulary = ["", "[UNK]", *LEXICON, "chair", "table"]
    scores = np.array([9.0, 9.0, *range(12), 5.0, -5.0])
    result = embeddings.agreement_with_vader(scores, vocabulary, LEXICON)
    assert result.spearman == pytest.approx(1.0)
    assert result.p_value < 1e-6
    assert (result.n_rated, result.n_words) == (12, 14)  # "" and "[UNK]" are not words
    assert result.coverage == pytest.approx(12 / 14)
    reversed_ = embeddings.agreement_with_vader(-scores, vocabulary, LEXICON)
    assert reversed_.spearman == pytest.approx(-1.0)


def test_agreement_bad_input():
    vocabulary = list(LEXICON)
    with pytest.raises(ValueError, match="one number per vocabulary entry"):
        embeddings.agreement_with_vader(np.zeros(3), vocabulary, LEXICON)
    with pytest.raises(ValueError, match="NaN"):
        embeddings.agreement_with_vader(np.full(12, np.nan), vocabulary, LEXICON)
    with pytest.raises(ValueError, match="only 2"):
        embeddings.agreement_with_vader(np.zeros(3), ["w0", "w1", "chair"], LEXICON)
    with pytest.raises(ValueError, match="scores of the 12 rated words are all equal"):
        embeddings.agreement_with_vader(np.ones(12), vocabulary, LEXICON)
    with pytest.raises(ValueError, match="ratings of the 12 rated words are all equal"):
        embeddings.agreement_with_vader(np.arange(12.0), vocabulary, dict.fromkeys(LEXICON, 1.0))


# --------------------------------------------------------------------------- many Spearman correlations


def test_spearman_rows_agrees_with_scipy_ties_included():
    rng = np.random.default_rng(0)
    ratings = np.round(rng.normal(size=30), 1)  # ties, as VADER's ratings have
    scores = rng.normal(size=(25, 30))
    scores[3] = np.round(scores[3])  # ties in a row of scores too
    expected = [spearmanr(row, ratings).statistic for row in scores]
    np.testing.assert_allclose(embeddings.spearman_rows(scores, ratings), expected, atol=1e-12)
    np.testing.assert_allclose(embeddings.spearman_rows(ratings, scores), expected, atol=1e-12)
    np.testing.assert_allclose(embeddings.spearman_rows(scores[:2], ratings[None].repeat(2, 0)), expected[:2])
    np.testing.assert_allclose(embeddings.spearman_rows(ratings, ratings), [1.0])
    np.testing.assert_allclose(embeddings.spearman_rows(ratings, -ratings), [-1.0])


@pytest.mark.parametrize(("a", "b", "error", "match"), [
    ([1, 2, 3], [1, 1, 1], ValueError, "constant"),
    ([1, 2, 3], [1, 2, 3, 4], ValueError, "same length"),
    ([1, 2], [2, 1], ValueError, "at least 3"),
    ([1, np.nan, 3], [1, 2, 3], ValueError, "NaN"),
    (np.ones((2, 2, 3)), [1, 2, 3], ValueError, "2-D"),
    (np.zeros((3, 4)) + np.arange(4), np.zeros((2, 4)) + np.arange(4), ValueError, "same number"),
    (["a", "b", "c"], [1, 2, 3], TypeError, "numeric"),
])
def test_spearman_rows_bad_input(a, b, error, match):
    with pytest.raises(error, match=match):
        embeddings.spearman_rows(a, b)


def test_bootstrap_spearman():
    rng = np.random.default_rng(1)
    ratings = rng.normal(size=80)
    scores = ratings + rng.normal(size=80)
    boot = embeddings.bootstrap_spearman(scores, ratings, n_boot=500, rng=3)
    assert boot.shape == (500,) and np.all(np.abs(boot) <= 1)
    low, high = np.quantile(boot, [0.025, 0.975])
    assert low < spearmanr(scores, ratings).statistic < high and high - low < 0.4
    np.testing.assert_array_equal(boot, embeddings.bootstrap_spearman(scores, ratings, n_boot=500, rng=3))
    # the same seed resamples the same words: a perfect copy of the ratings gives 1 in every resample
    np.testing.assert_allclose(embeddings.bootstrap_spearman(ratings, ratings, n_boot=50, rng=3), 1.0)


def test_bootstrap_spearman_flat_resample_is_nan_and_bad_input_is_refused():
    boot = embeddings.bootstrap_spearman([1.0, 2.0, 3.0], [3.0, 1.0, 2.0], n_boot=400, rng=0)
    assert np.isnan(boot).any() and np.all(np.abs(boot[~np.isnan(boot)]) <= 1)  # e.g. (1, 1, 1) drawn
    with pytest.raises(ValueError, match="same length"):
        embeddings.bootstrap_spearman([1, 2, 3], [1, 2, 3, 4])
    with pytest.raises(ValueError, match="at least 1"):
        embeddings.bootstrap_spearman([1, 2, 3], [3, 2, 1], n_boot=0)
    with pytest.raises(ValueError, match="1,000,000"):
        embeddings.bootstrap_spearman([1, 2, 3], [3, 2, 1], n_boot=10**9)


# --------------------------------------------------------------------------- exercise checks


def test_check_ppmi_accepts_the_right_answer(capsys):
    counts = embeddings.cooccurrence_matrix(TEXTS, embeddings._build_vocabulary(TEXTS), window=2)
    check_ppmi(embeddings.ppmi(counts), counts)
    assert capsys.readouterr().out.startswith("\u2714")


def test_check_ppmi_explains_wrong_answers():
    counts = embeddings.cooccurrence_matrix(TEXTS, embeddings._build_vocabulary(TEXTS), window=2)
    right = embeddings.ppmi(counts)
    with np.errstate(divide="ignore"):
        pmi = np.log(counts * counts.sum() / np.outer(counts.sum(1), counts.sum(0)))
    with pytest.raises(CheckFailed, match="infinite|PMI"):
        check_ppmi(pmi, counts)
    with pytest.raises(CheckFailed, match="base 2"):
        check_ppmi(right / math.log(2), counts)
    with pytest.raises(CheckFailed, match="alpha"):
        check_ppmi(embeddings.ppmi(counts, alpha=0.75), counts)
    with pytest.raises(CheckFailed, match="shape"):
        check_ppmi(right[:2], counts)
    with pytest.raises(CheckFailed, match="negative"):
        check_ppmi(np.where(right > 0, right, -1.0), counts)


def test_check_nearest_review():
    query, candidates = np.array([1.0, 0.0]), np.array([[10.0, 1.0], [0.5, 0.5], [-1.0, 0.0]])
    check_nearest_review(0, query, candidates)
    check_nearest_review(np.int64(0), query, candidates)
    with pytest.raises(CheckFailed, match="Euclidean"):
        check_nearest_review(1, query, candidates)
    with pytest.raises(CheckFailed, match="least"):
        check_nearest_review(2, query, candidates)
    with pytest.raises(CheckFailed, match="int"):
        check_nearest_review(0.0, query, candidates)
    with pytest.raises(CheckFailed, match="not an index"):
        check_nearest_review(5, query, candidates)
