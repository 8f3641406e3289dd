"""Unit tests for helpers.retrieval (notebook 11: precision at k, bits, Hamming search, LSH)."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import retrieval


def test_pack_bits_and_hamming_distances_agree_with_counting():
    rng = np.random.default_rng(0)
    a, b = rng.random((7, 37)) > 0.5, rng.random((11, 37)) > 0.5
    packed_a, packed_b = retrieval.pack_bits(a), retrieval.pack_bits(b)
    assert packed_a.shape == (7, 5) and packed_a.dtype == np.uint8
    expected = (a[:, None, :] != b[None, :, :]).sum(axis=2)
    np.testing.assert_array_equal(retrieval.hamming_distances(packed_a, packed_b), expected)
    np.testing.assert_array_equal(retrieval.pairwise_distances(a, b, metric="hamming"), expected)


def test_pairwise_distances_euclidean_and_cosine():
    q = np.array([[1.0, 0.0], [0.0, 2.0]])
    d = np.array([[1.0, 0.0], [3.0, 4.0]])
    np.testing.assert_allclose(retrieval.pairwise_distances(q, d), [[0.0, np.sqrt(20)], [np.sqrt(5), np.sqrt(13)]])
    np.testing.assert_allclose(retrieval.pairwise_distances(q, d, metric="cosine"), [[0.0, 0.4], [1.0, 0.2]])


def test_precision_at_k_counts_same_class_neighbours_and_shares_ties():
    distances = np.array([[0.0, 1.0, 2.0, 3.0], [1.0, 1.0, 1.0, 1.0]])
    labels_db = np.array([0, 1, 0, 0])
    p = retrieval.precision_at_k(distances, np.array([0, 0]), labels_db, k=2)
    assert p[0] == pytest.approx(0.5)  # neighbours 0 (same) and 1 (other)
    assert p[1] == pytest.approx(0.75)  # all tied: 3 of 4 share the class, in expectation
    assert retrieval.precision_at_k(distances, np.array([1, 1]), labels_db, k=4).tolist() == [0.25, 0.25]


def test_random_hyperplanes_are_seeded():
    a = retrieval.random_hyperplanes(8, 16, seed=3)
    assert a.shape == (8, 16)
    np.testing.assert_array_equal(a, retrieval.random_hyperplanes(8, 16, seed=np.random.default_rng(3)))


@pytest.mark.parametrize("call, error", [
    (lambda: retrieval.pack_bits(np.array([[0, 2]])), ValueError),
    (lambda: retrieval.pack_bits("0101"), TypeError),
    (lambda: retrieval.hamming_distances(np.zeros((2, 2)), np.zeros((2, 2), np.uint8)), TypeError),
    (lambda: retrieval.hamming_distances(np.zeros((2, 2), np.uint8), np.zeros((2, 3), np.uint8)), ValueError),
    (lambda: retrieval.pairwise_distances(np.ones((2, 3)), np.ones((2, 4))), ValueError),
    (lambda: retrieval.pairwise_distances(np.ones((2, 3)), np.ones((2, 3)), metric="manhattan"), ValueError),
    (lambda: retrieval.precision_at_k(np.ones((2, 3)), [0, 1], [0, 1, 1], k=4), ValueError),
    (lambda: retrieval.precision_at_k(np.ones((2, 3)), [0], [0, 1, 1]), ValueError),
    (lambda: retrieval.precision_at_k(np.ones((2, 3)), [0, 1], [0, 1, 1], k=1.5), TypeError),
    (lambda: retrieval.random_hyperplanes(8, 0), ValueError),
    (lambda: retrieval.random_hyperplanes(8, 16, seed="a"), TypeError),
])
def test_bad_input_gets_a_clear_error(call, error):
    with pytest.raises(error, match=r"\w{4,}"):
        call()


def test_as_words_pads_to_64_bits_and_keeps_hamming_distances():
    rng = np.random.default_rng(1)
    bits = rng.random((5, 70)) > 0.5  # 70 bits: 9 bytes, two words
    words = retrieval.as_words(retrieval.pack_bits(bits))
    assert words.shape == (5, 2) and words.dtype == np.uint64
    one_word = retrieval.as_words(retrieval.pack_bits(bits[:, :32]))
    assert one_word.shape == (5, 1)
    expected = (bits[:, None, :32] != bits[None, :, :32]).sum(axis=2)
    np.testing.assert_array_equal(np.bitwise_count(one_word ^ one_word[:, 0]).T, expected)


@pytest.mark.parametrize("bad, error", [(np.zeros((2, 2)), TypeError), (np.zeros(3, np.uint8), ValueError),
                                        ("0101", TypeError)])
def test_as_words_refuses_what_is_not_packed_bits(bad, error):
    with pytest.raises(error, match="pack"):
        retrieval.as_words(bad)


def test_hamming_from_words_is_xor_and_popcount_of_words():
    rng = np.random.default_rng(2)
    for n_bits in (16, 64, 100):
        a, b = rng.random((4, n_bits)) > 0.5, rng.random((9, n_bits)) > 0.5
        wa, wb = (retrieval.as_words(retrieval.pack_bits(x)) for x in (a, b))
        expected = (a[:, None, :] != b[None, :, :]).sum(axis=2)
        got = retrieval.hamming_from_words(wa, wb)
        assert got.dtype.kind == "u" and got.shape == (4, 9)
        np.testing.assert_array_equal(got, expected)
    one = retrieval.as_words(retrieval.pack_bits(np.ones((1, 64), bool)))
    zero = retrieval.as_words(retrieval.pack_bits(np.zeros((3, 64), bool)))
    assert retrieval.hamming_from_words(one, zero).tolist() == [[64, 64, 64]]


@pytest.mark.parametrize("queries, database, error", [
    (np.zeros((2, 1), np.uint8), np.zeros((2, 1), np.uint64), TypeError),
    (np.zeros(3, np.uint64), np.zeros((2, 1), np.uint64), ValueError),
    (np.zeros((2, 1), np.uint64), np.zeros((2, 2), np.uint64), ValueError),
    ("0101", np.zeros((2, 1), np.uint64), TypeError),
])
def test_hamming_from_words_refuses_what_is_not_words(queries, database, error):
    with pytest.raises(error, match="words"):
        retrieval.hamming_from_words(queries, database)
