"""Retrieval by codes for notebook 11: precision at k, packed bits, Hamming search, LSH.

A **query** is a test item's code; the **database** is the training items' codes. An item's
neighbours are the k database items nearest to it; precision at k is the share of them that
share its class. Nothing here imports Keras.
"""

from __future__ import annotations

import numbers

import numpy as np

from helpers._validate import finite_matrix, generator, whole_number

__all__ = ["as_words", "hamming_distances", "hamming_from_words", "pack_bits", "pairwise_distances", "precision_at_k", "random_hyperplanes"]

METRICS = ("euclidean", "cosine", "hamming")


def _matrix(x: object, name: str) -> np.ndarray:
    if isinstance(x, np.ndarray) and x.dtype == bool:
        x = x.astype("float64")
    return finite_matrix(x, name)


def _labels(y: object, n: int, name: str) -> np.ndarray:
    if y is None or isinstance(y, (str, bytes, dict)):
        raise TypeError(f"{name} must be an array of class labels, got {type(y).__name__}.")
    array = np.asarray(y)
    if array.ndim != 1 or array.shape[0] != n:
        raise ValueError(f"{name} must be a 1-D array with one label per row ({n}), got shape {array.shape}.")
    return array


def _bits(bits: object, name: str) -> np.ndarray:
    if bits is None or isinstance(bits, (str, bytes, dict)):
        raise TypeError(f"{name} must be a 2-D array of bits (True/False or 0/1), got {type(bits).__name__}.")
    array = np.asarray(bits)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold bits (True/False or 0/1), got dtype {array.dtype}.")
    if array.ndim != 2 or array.shape[0] < 1 or array.shape[1] < 1:
        raise ValueError(f"{name} must be a 2-D array of shape (n, n_bits), got shape {array.shape}.")
    if array.dtype.kind != "b" and not np.all((array == 0) | (array == 1)):
        raise ValueError(f"{name} must hold only 0 and 1 (threshold the codes first, e.g. codes > 0.5).")
    return array.astype(bool)


def pack_bits(bits: object) -> np.ndarray:
    """Pack each row of bits into bytes, 8 bits a byte (``np.packbits`` along the rows).

    Args:
        bits: bool or 0/1 array, shape (n, n_bits).

    Returns:
        uint8 array, shape (n, ceil(n_bits / 8)): n_bits / 8 bytes per item.
    """
    return np.packbits(_bits(bits, "bits"), axis=1)


def as_words(packed: object) -> np.ndarray:
    """Packed bits seen as 64-bit words, so that one XOR compares 64 bits at once.

    Each row is padded with zero bytes to a multiple of 8 bytes (zeros XOR zeros add no
    differing bit), then read as unsigned 64-bit integers.

    Args:
        packed: uint8 array, shape (n, n_bytes), from :func:`pack_bits`.

    Returns:
        uint64 array, shape (n, ceil(n_bytes / 8)): one word per item for up to 64 bits.
    """
    p = _packed(packed, "packed")
    pad = (-p.shape[1]) % 8
    if pad:
        p = np.concatenate([p, np.zeros((p.shape[0], pad), dtype=np.uint8)], axis=1)
    return np.ascontiguousarray(p).view(np.uint64)


def _codes(array: object, name: str, dtype: type, what: str, source: str, unit: str) -> np.ndarray:
    """``array`` as a 2-D array of ``dtype`` (packed bits or words), or a clear error."""
    if array is None or isinstance(array, (str, bytes, dict)):
        raise TypeError(f"{name} must be {what} ({np.dtype(dtype).name}, from {source}), got {type(array).__name__}.")
    a = np.asarray(array)
    if a.dtype != dtype:
        raise TypeError(f"{name} must be {what} ({np.dtype(dtype).name}, from {source}), got dtype {a.dtype}.")
    if a.ndim != 2 or a.shape[0] < 1 or a.shape[1] < 1:
        raise ValueError(f"{name} must be a 2-D array of shape (n, {unit}), got shape {a.shape}.")
    return a


def _packed(array: object, name: str) -> np.ndarray:
    return _codes(array, name, np.uint8, "packed bits", "pack_bits", "n_bytes")


def hamming_distances(queries: object, database: object) -> np.ndarray:
    """Hamming distances between packed codes: XOR, then count the 1 bits (popcount).

    The bytes are read as 64-bit words (:func:`as_words`), so each XOR and popcount handles
    64 bits at once.

    Args:
        queries: uint8 array, shape (n_queries, n_bytes), from :func:`pack_bits`.
        database: uint8 array, shape (n_items, n_bytes), packed the same way.

    Returns:
        int array, shape (n_queries, n_items): the number of differing bits of each pair.
    """
    q, d = _packed(queries, "queries"), _packed(database, "database")
    if q.shape[1] != d.shape[1]:
        raise ValueError(f"queries and database must have as many bytes per item: {q.shape[1]} and {d.shape[1]}.")
    if q.shape[0] * d.shape[0] > 50_000_000:
        raise ValueError(f"{q.shape[0]} x {d.shape[0]} distances are too many at once: search in chunks of queries.")
    return hamming_from_words(as_words(q), as_words(d)).astype(np.int64)


def _words(array: object, name: str) -> np.ndarray:
    return _codes(array, name, np.uint64, "64-bit words", "as_words(pack_bits(bits))", "n_words")


def hamming_from_words(queries: object, database: object) -> np.ndarray:
    """Hamming distances between codes already held as 64-bit words: XOR, then popcount.

    This is the whole lookup of a hashing search, with nothing converted on the way, so it is
    what notebook 11 times against float dot products.

    Args:
        queries: uint64 array, shape (n_queries, n_words), from :func:`as_words`.
        database: uint64 array, shape (n_items, n_words), packed the same way.

    Returns:
        unsigned int array, shape (n_queries, n_items): the number of differing bits
        (uint8 for codes of one word, up to 64 bits; uint16 for longer codes).
    """
    q, d = _words(queries, "queries"), _words(database, "database")
    if q.shape[1] != d.shape[1]:
        raise ValueError(f"queries and database must have as many words per item: {q.shape[1]} and {d.shape[1]}.")
    if q.shape[0] * d.shape[0] > 50_000_000:
        raise ValueError(f"{q.shape[0]} x {d.shape[0]} distances are too many at once: search in chunks of queries.")
    out = _popcount(np.bitwise_xor(q[:, :1], d[None, :, 0]))
    if q.shape[1] > 1:
        out = out.astype(np.uint16)
    for j in range(1, q.shape[1]):  # one 64-bit word at a time: no (n_queries, n_items, words) array
        out += _popcount(np.bitwise_xor(q[:, j:j + 1], d[None, :, j]))
    return out


def _popcount(x: np.ndarray) -> np.ndarray:
    if hasattr(np, "bitwise_count"):  # NumPy >= 2
        return np.bitwise_count(x)
    table = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)  # pragma: no cover - NumPy 1
    return table[x.view(np.uint8)].reshape(*x.shape, x.itemsize).sum(axis=-1)  # pragma: no cover


def pairwise_distances(queries: object, database: object, *, metric: str = "euclidean") -> np.ndarray:
    """Distances between every query and every database item.

    Args:
        queries: float array, shape (n_queries, d) (bits for ``"hamming"``).
        database: float array, shape (n_items, d).
        metric: ``"euclidean"``, ``"cosine"`` (1 - cosine similarity) or ``"hamming"``
            (the number of differing entries of 0/1 codes).

    Returns:
        float array, shape (n_queries, n_items).
    """
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {METRICS}, got {metric!r}.")
    if metric == "hamming":
        q, d = _bits(queries, "queries"), _bits(database, "database")
    else:
        q, d = _matrix(queries, "queries"), _matrix(database, "database")
    if q.shape[1] != d.shape[1]:
        raise ValueError(f"queries and database must have codes of the same size: {q.shape[1]} and {d.shape[1]}.")
    if q.shape[0] * d.shape[0] > 50_000_000:
        raise ValueError(f"{q.shape[0]} x {d.shape[0]} distances are too many at once: search in chunks of queries.")
    if metric == "hamming":
        return hamming_distances(np.packbits(q, axis=1), np.packbits(d, axis=1)).astype("float64")
    if metric == "cosine":
        qn = q / np.maximum(np.linalg.norm(q, axis=1, keepdims=True), 1e-12)
        dn = d / np.maximum(np.linalg.norm(d, axis=1, keepdims=True), 1e-12)
        return 1.0 - qn @ dn.T
    squared = (q ** 2).sum(1)[:, None] + (d ** 2).sum(1)[None, :] - 2 * q @ d.T
    return np.sqrt(np.maximum(squared, 0.0))


def precision_at_k(distances: object, query_labels: object, database_labels: object, *, k: int = 10) -> np.ndarray:
    """Each query's precision at k: the share of its k nearest database items of its own class.

    Ties at the k-th distance (common with Hamming distances) are shared out fairly: the
    result is the expected precision when tied items are taken in random order.

    Args:
        distances: float array, shape (n_queries, n_items), from :func:`pairwise_distances`.
        query_labels: shape (n_queries,), each query's class.
        database_labels: shape (n_items,), each database item's class.
        k: neighbours per query, 1 <= k <= n_items.

    Returns:
        float array, shape (n_queries,), values in [0, 1]: one score per query, ready for
        ``helpers.metrics.paired_bootstrap``.
    """
    dist = _matrix(distances, "distances")
    n_q, n_items = dist.shape
    yq = _labels(query_labels, n_q, "query_labels")
    yd = _labels(database_labels, n_items, "database_labels")
    k = whole_number(k, "k")
    if k > n_items:
        raise ValueError(f"k={k} is more than the {n_items} database items.")
    same = yq[:, None] == yd[None, :]
    kth = np.partition(dist, k - 1, axis=1)[:, k - 1:k]  # each query's k-th smallest distance
    closer, tied = dist < kth, dist == kth
    n_closer = closer.sum(1)
    hits = (closer & same).sum(1) + (k - n_closer) * (tied & same).sum(1) / tied.sum(1)
    return hits / k


def random_hyperplanes(n_features: int, n_bits: int, *, seed: object = 0) -> np.ndarray:
    """Random directions for locality-sensitive hashing (random-hyperplane LSH, Charikar 2002).

    An item's bit ``b`` is 1 when its (centred) vector lies on the positive side of hyperplane
    ``b``: ``bits = (x - x.mean(0)) @ planes > 0``. Items at a small angle share most bits.

    Args:
        n_features: the size d of the vectors to hash.
        n_bits: how many bits (hyperplanes), 1 to 4096.
        seed: a seed >= 0 or a NumPy Generator (``helpers.rng()``).

    Returns:
        float array, shape (n_features, n_bits), standard normal entries.
    """
    d = whole_number(n_features, "n_features")
    b = whole_number(n_bits, "n_bits")
    if b > 4096 or d > 1_000_000 or d * b > 50_000_000:
        raise ValueError(f"n_features={d} and n_bits={b} are too large: hashing uses 16 to a few hundred bits.")
    if isinstance(seed, bool) or not (isinstance(seed, (numbers.Integral, np.random.Generator))):
        raise TypeError(f"seed must be a seed >= 0 or a numpy Generator, got {seed!r:.60}.")
    return generator(seed).standard_normal((d, b))
