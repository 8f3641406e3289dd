"""Exercise checks of notebook 11 · Retrieval and semantic hashing."""

from __future__ import annotations

import math
import numbers

import numpy as np

from helpers.checks.common import CheckFailed, passed

__all__ = ["check_hamming_by_hand", "check_lsh_bits", "check_plain_hash", "check_precision_at_k",
           "check_threshold_prediction"]

THRESHOLD_CHOICES = ("more", "less")


def _array(name: str, value: object, what: str) -> np.ndarray:
    if isinstance(value, numbers.Number):
        raise CheckFailed(f"{name} is one number ({value!r:.20}), but it should be an array ({what}).")
    if value is None or isinstance(value, (str, bytes, dict)):
        raise CheckFailed(f"{name} should be an array ({what}), got {value!r:.60}.")
    try:
        array = np.asarray(value)
    except Exception:  # noqa: BLE001 - whatever it is, it is not the array asked for
        raise CheckFailed(f"{name} should be an array ({what}), got a {type(value).__name__}.") from None
    if array.dtype.kind not in "biuf":
        raise CheckFailed(f"{name} should hold numbers ({what}), got dtype {array.dtype}.")
    return array


def _number(name: str, value: object, what: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise CheckFailed(f"{name} should be one finite number ({what}), got {value!r:.60}.")
    return float(value)


def _p_at_k(distances: np.ndarray, yq: np.ndarray, yd: np.ndarray, k: int) -> np.ndarray:
    nearest = np.argsort(distances, axis=1, kind="stable")[:, :k]
    return np.mean(yd[nearest] == yq[:, None], axis=1)


def check_precision_at_k(p10: object, distances: object, query_labels: object, database_labels: object, *,
                         k: int) -> None:
    """Exercise 1 (notebook 11): each query's share of same-class items among its k nearest."""
    d = np.asarray(distances, dtype="float64")
    yq, yd = np.asarray(query_labels), np.asarray(database_labels)
    p = _array("my_p10", p10, f"one precision at {k} per validation query")
    if p.ndim == 0 or p.size == 1:
        raise CheckFailed(f"my_p10 is one number: the exercise asks for one score per query, an array of shape "
                          f"({len(yq)},). Keep the mean for the print.")
    if p.shape != (len(yq),):
        raise CheckFailed(f"my_p10 has shape {p.shape}, expected ({len(yq)},): one score per validation query "
                          "(average over each query's K neighbours, axis=1).")
    p = p.astype("float64")
    right = _p_at_k(d, yq, yd, k)
    close = lambda a: bool(np.allclose(p, a, atol=1e-9))  # noqa: E731
    if close(right):
        passed(f"precision at {k} by hand: mean {p.mean():.3f} over {len(p)} queries.")
        return
    if close(_p_at_k(-d, yq, yd, k)):
        raise CheckFailed("my_p10 takes the K **farthest** database items: the nearest have the smallest distances "
                          "(np.argsort sorts from small to large, so keep its first K columns).")
    if close(np.mean(yd[np.argsort(d, axis=1, kind="stable")[:, :k]] == yq[:, None], axis=1) * k):
        raise CheckFailed("my_p10 counts the same-class neighbours: divide by K to get a share.")
    for wrong_k in (k - 1, k + 1):
        if 1 <= wrong_k <= d.shape[1] and close(_p_at_k(d, yq, yd, wrong_k)):
            raise CheckFailed(f"my_p10 looks at {wrong_k} neighbours per query: take exactly K = {k}.")
    if close(np.mean(yd[np.argsort(d, axis=1, kind="stable")[:, :k]] == yd[:k][None, :], axis=1)):
        raise CheckFailed("my_p10 compares the neighbours with database labels: compare them with each query's "
                          "own label, y_val[:, None].")
    raise CheckFailed(f"my_p10 (mean {p.mean():.3f}) is not each query's share of same-class items among its {k} "
                      f"nearest database items (expected mean {right.mean():.3f}). Sort each row of the distances, "
                      "keep the first K indices, and compare y_db at those indices with the query's label.")


def _bits(name: str, value: object) -> np.ndarray:
    b = np.asarray(value)
    if b.dtype != bool and not (b.dtype.kind in "iuf" and np.all((b == 0) | (b == 1))):
        raise CheckFailed(f"{name} should hold bits (True/False or 0/1).")
    return b.astype(bool)


def check_hamming_by_hand(distances: object, query_bits: object, database_bits: object) -> None:
    """Exercise 2 (notebook 11): the number of differing bits between every query and every database item."""
    q, d = _bits("some_bits", query_bits), _bits("bits_db", database_bits)
    h = _array("my_hamming", distances, "one number of differing bits per pair of query and database item")
    expected_shape = (len(q), len(d))
    if h.shape == expected_shape[::-1] and expected_shape[0] != expected_shape[1]:
        raise CheckFailed(f"my_hamming has shape {h.shape}: transposed. One row per query: shape {expected_shape}.")
    if h.shape != expected_shape:
        raise CheckFailed(f"my_hamming has shape {h.shape}, expected {expected_shape}: one row per query, one column "
                          "per database item (compare some_bits[:, None, :] with bits_db[None, :, :]).")
    h = h.astype("float64")
    right = (q[:, None, :] != d[None, :, :]).sum(axis=2)
    n_bits = q.shape[1]
    if np.array_equal(h, right):
        passed(f"Hamming distances by hand: from {int(right.min())} to {int(right.max())} of {n_bits} bits.")
        return
    if np.array_equal(h, n_bits - right):
        raise CheckFailed("my_hamming counts the bits that **agree**: the Hamming distance counts those that differ "
                          "(!= or XOR, not ==).")
    if np.allclose(h, np.sqrt(right)):
        raise CheckFailed("my_hamming is the Euclidean distance between the bit vectors (a square root): the "
                          "Hamming distance is the count of differing bits, without the root.")
    if np.allclose(h, right / n_bits):
        raise CheckFailed(f"my_hamming is the share of differing bits: count them instead (do not divide by "
                          f"{n_bits}).")
    packed_q, packed_d = np.packbits(q, axis=1), np.packbits(d, axis=1)
    if np.array_equal(h, (packed_q[:, None, :] != packed_d[None, :, :]).sum(axis=2)):
        raise CheckFailed("my_hamming counts the **bytes** that differ: count the bits (compare the bool arrays, or "
                          "popcount the XOR of the bytes with np.bitwise_count).")
    raise CheckFailed("my_hamming is not the number of differing bits of each pair: compare some_bits[:, None, :] with "
                      "bits_db[None, :, :] and sum over the bits (axis=2).")


def check_lsh_bits(bits: object, x: object, database: object, planes: object) -> None:
    """Exercise 3 (notebook 11): random-hyperplane bits of rows centred by the database's mean."""
    x, db, w = (np.asarray(a, dtype="float64") for a in (x, database, planes))
    b = _array("my_review_bits", bits, "one row of N_BITS bits per review")
    expected_shape = (len(x), w.shape[1])
    if b.shape != expected_shape:
        raise CheckFailed(f"my_review_bits has shape {b.shape}, expected {expected_shape}: one row per review, "
                          "one bit per hyperplane (a column of review_planes).")
    if b.dtype != bool and not (b.dtype.kind in "iuf" and np.all((b == 0) | (b == 1))):
        raise CheckFailed("my_review_bits should hold bits: compare the projections with 0 (... > 0), do not keep "
                          "the projections themselves.")
    b = b.astype(bool)
    projected = (x - db.mean(axis=0)) @ w
    right = projected > 0
    if np.array_equal(b, right):
        passed(f"LSH bits of the reviews: {b.shape[1]} bits each, {b.mean():.0%} ones.")
        return
    if np.array_equal(b, ~right) or np.array_equal(b, projected < 0):
        raise CheckFailed("my_review_bits has every bit flipped: bit b is 1 on the **positive** side (> 0).")
    if np.array_equal(b, x @ w > 0):
        raise CheckFailed("my_review_bits uses rows that were not centred: TF-IDF weights are never negative, so "
                          "without subtracting the database's mean most rows fall on the same side of a hyperplane.")
    if np.array_equal(b, (x - x.mean(axis=0)) @ w > 0):
        raise CheckFailed("my_review_bits centres the reviews by their own mean: centre them by the database "
                          "reviews' mean (t_db.mean(axis=0)), which is known before any query arrives.")
    raise CheckFailed("my_review_bits is not ((t_val - t_db.mean(axis=0)) @ review_planes > 0).")


def check_threshold_prediction(prediction: object) -> None:
    """Exercise 4 (notebook 11): a prediction stated as one of the named choices, before the run."""
    if not isinstance(prediction, str) or prediction.strip().lower() not in THRESHOLD_CHOICES:
        raise CheckFailed(f"my_prediction should be one of {THRESHOLD_CHOICES}, got {prediction!r:.60}.")
    passed(f"prediction recorded: thresholding costs the network without noise {prediction.strip().lower()}.")


def _layers_of(model: object) -> list:
    layers = getattr(model, "layers", None)
    if layers is None or not callable(getattr(model, "predict", None)):
        raise CheckFailed(f"pass the Keras model you built and trained, got a {type(model).__name__}.")
    return list(layers)


def _p10(queries: np.ndarray, database: np.ndarray, yq: np.ndarray, yd: np.ndarray, k: int, metric: str) -> float:
    from helpers import retrieval  # noqa: PLC0415

    distances = retrieval.pairwise_distances(queries, database, metric=metric)
    return float(retrieval.precision_at_k(distances, yq, yd, k=k).mean())


def check_plain_hash(model: object, cost: object, x_val: object, x_db: object, y_val: object, y_db: object, *,
                     n_bits: int, k: int, noisy_cost: float | None = None, prediction: object = None) -> None:
    """Exercise 4 (notebook 11): the hashing autoencoder without noise, and what thresholding costs it."""
    import keras  # noqa: PLC0415

    layers = _layers_of(model)
    kinds = [type(layer).__name__ for layer in layers]
    if "GaussianNoise" in kinds:
        raise CheckFailed("plain_hash still has a GaussianNoise layer: the exercise takes the noise away.")
    code = [layer for layer in layers if layer.name == "code"]
    if not code:
        raise CheckFailed("plain_hash has no layer named \"code\": name the sigmoid layer name=\"code\".")
    activation = getattr(getattr(code[0], "activation", None), "__name__", "")
    if activation != "sigmoid":
        raise CheckFailed(f"plain_hash's \"code\" layer uses the {activation or 'unknown'} activation: the code of a "
                          "hashing autoencoder is a sigmoid, so that it can be thresholded at 0.5.")
    width = tuple(code[0].output.shape)[-1]
    if width != n_bits:
        raise CheckFailed(f"plain_hash's code has {width} numbers, expected N_BITS = {n_bits}.")
    xv, xd = np.asarray(x_val, dtype="float32"), np.asarray(x_db, dtype="float32")
    yv, yd = np.asarray(y_val), np.asarray(y_db)
    out = keras.ops.convert_to_numpy(model(xv))
    if out.shape != xv.shape:
        raise CheckFailed(f"plain_hash's output has shape {out.shape[1:]}, expected ({xv.shape[1]},): one value per "
                          "pixel.")
    mse = float(np.mean((out - xv) ** 2))
    if mse > 0.04:
        raise CheckFailed(f"plain_hash rebuilds the validation digits with an MSE of {mse:.4f}: it looks untrained. "
                          "Train it with train(plain_hash, x_db).")
    c = _number("plain_threshold_cost", cost, "a difference of two mean precisions")
    encoder = keras.Model(model.input, code[0].output)
    codes_val = keras.ops.convert_to_numpy(encoder(xv))
    codes_db = keras.ops.convert_to_numpy(encoder(xd))
    float_p = _p10(codes_val, codes_db, yv, yd, k, "euclidean")
    bits_p = _p10(codes_val > 0.5, codes_db > 0.5, yv, yd, k, "hamming")
    right = float_p - bits_p
    if math.isclose(c, -right, abs_tol=1e-6) and abs(right) > 1e-6:
        raise CheckFailed(f"plain_threshold_cost = {c:+.4f} has the wrong sign: the float code's precision **minus** "
                          f"that of the bits ({float_p:.3f} - {bits_p:.3f}).")
    if math.isclose(c, float_p, abs_tol=1e-6) or math.isclose(c, bits_p, abs_tol=1e-6):
        raise CheckFailed("plain_threshold_cost is one precision, not the difference: float code minus bits.")
    if not math.isclose(c, right, abs_tol=1e-6):
        raise CheckFailed(f"plain_threshold_cost = {c:+.4f}, but the trained plain_hash gives {float_p:.3f} (float "
                          f"code, Euclidean) minus {bits_p:.3f} (bits at 0.5, Hamming) = {right:+.4f} on the "
                          "validation digits against the database.")
    held = ""
    if noisy_cost is not None and isinstance(prediction, str) and prediction.strip().lower() in THRESHOLD_CHOICES:
        outcome = "more" if right > noisy_cost else "less"
        held = (f" With noise it cost {noisy_cost:+.3f}, so without noise it cost {outcome}: your prediction "
                + ("held." if prediction.strip().lower() == outcome else "did not hold; see exercise 5."))
    passed(f"without noise, thresholding costs {right:+.3f} of precision at {k} "
           f"(float code {float_p:.3f}, bits {bits_p:.3f}).{held}")
