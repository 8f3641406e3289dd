"""Exercise checks of notebook 08 · Anomaly detection."""

from __future__ import annotations

import numbers

import numpy as np

from helpers.checks.common import CheckFailed, check_shape, passed

__all__ = [
    "check_contaminated_auc",
    "check_contaminated_set",
    "check_knn_scores",
    "check_precision_recall",
    "check_stated_prediction",
    "check_trimmed_loss",
    "check_validation_threshold",
]


def _number(name: str, value: object, what: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise CheckFailed(f"{name} should be one finite number ({what}), got {value!r}.")
    return float(value)


_QUANTILE_METHODS = ("linear", "lower", "higher", "nearest", "midpoint", "hazen", "weibull",
                     "median_unbiased", "normal_unbiased", "inverted_cdf", "closest_observation")


def _from_scores(t: float, scores: np.ndarray, rate: float) -> bool:
    """Whether ``t`` is one of ``scores`` or a quantile of them near ``1 - rate`` (any NumPy method)."""
    if scores.size == 0:
        return False
    if np.any(np.isclose(scores, t, rtol=1e-7, atol=0)):
        return True
    levels = (1 - rate, rate)
    return any(np.isclose(np.quantile(scores, q, method=m), t, rtol=1e-7, atol=0)
               for q in levels for m in _QUANTILE_METHODS)


def check_validation_threshold(threshold: object, val_scores: object, test_scores: object, *, rate: float,
                               test_is_anomaly: object = None) -> None:
    """Exercise (notebook 08): the threshold that flags ``rate`` of the normal validation scores.

    A threshold read off the test scores (all of them, or the normal test images' only,
    when ``test_is_anomaly`` says which they are) is refused: the test set must not
    choose its own threshold.
    """
    t = _number("my_threshold", threshold, "a score: examples above it are flagged")
    val = np.asarray(val_scores, dtype="float64")
    test = np.asarray(test_scores, dtype="float64")
    flagged = float(np.mean(val > t))
    pools = [test]
    if test_is_anomaly is not None:
        pools.append(test[~np.asarray(test_is_anomaly).astype(bool)])
    if any(_from_scores(t, pool, rate) for pool in pools) and not _from_scores(t, val, rate):
        raise CheckFailed(
            "my_threshold comes from the test scores (all of them, or the normal test images'): the test "
            "set must not choose its own threshold, or the false-alarm rate we report on it is a fit, not "
            "a measurement. Take the quantile of the normal validation scores (val_scores)."
        )
    if flagged > 0.5:
        raise CheckFailed(
            f"my_threshold flags {flagged:.0%} of the normal validation images, far more than {rate:.0%}: "
            f"flagging {rate:.0%} means {1 - rate:.0%} of the normal scores lie below the threshold "
            f"(np.quantile(val_scores, 1 - rate), not the quantile at rate)."
        )
    n = len(val)
    if flagged > rate + 1.0 / n + 1e-12:  # np.quantile interpolates: one image more is fine
        raise CheckFailed(
            f"my_threshold flags {flagged:.2%} of the normal validation images, more than the {rate:.0%} allowed. "
            "Use np.quantile of val_scores at 1 - rate."
        )
    if flagged < rate - 2.0 / n - 1e-12:
        raise CheckFailed(
            f"my_threshold flags only {flagged:.2%} of the normal validation images: it is higher than it needs to "
            f"be for a {rate:.0%} false-alarm rate, so it misses anomalies. Use np.quantile of val_scores at 1 - rate."
        )
    passed(f"the threshold flags {flagged:.1%} of the normal validation images (target {rate:.0%}).")


def check_precision_recall(precision: object, recall: object, is_anomaly: object, scores: object,
                           threshold: float) -> None:
    """Exercise (notebook 08): precision and recall **of the anomaly class** at ``threshold``."""
    p = _number("my_precision", precision, "a share between 0 and 1")
    r = _number("my_recall", recall, "a share between 0 and 1")
    labels = np.asarray(is_anomaly).astype(bool)
    s = np.asarray(scores, dtype="float64")
    flagged = s > threshold
    tp, fp = np.sum(flagged & labels), np.sum(flagged & ~labels)
    fn, tn = np.sum(~flagged & labels), np.sum(~flagged & ~labels)
    right_p, right_r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    normal_p, normal_r = tn / max(tn + fn, 1), tn / max(tn + fp, 1)
    for value, name in ((p, "my_precision"), (r, "my_recall")):
        if not 0 <= value <= 1:
            raise CheckFailed(f"{name} = {value:.4g}: precision and recall are shares, between 0 and 1.")
    close = lambda a, b: abs(a - b) < 1e-6  # noqa: E731
    if close(p, right_p) and close(r, right_r):
        passed(f"anomaly class: precision {p:.2f}, recall {r:.2f}.")
        return
    if close(p, right_r) and close(r, right_p):
        raise CheckFailed("my_precision and my_recall are swapped: precision divides by the flagged images, "
                          "recall by the anomalies.")
    if close(p, normal_p) or close(r, normal_r):
        raise CheckFailed("these are the normal class's numbers: they look good even for a useless detector, since "
                          "most test images are normal. Count the anomalies: flagged = scores > threshold, "
                          "positives = is_anomaly.")
    if not close(p, right_p):
        raise CheckFailed("my_precision is off: of the test images with a score above the threshold, which share "
                          "are anomalies? (true positives / everything flagged)")
    raise CheckFailed("my_recall is off: of the anomalies in the test set, which share have a score above the "
                      "threshold? (true positives / all anomalies)")


def check_knn_scores(knn_scores: object, train_codes: object, test_codes: object) -> None:
    """Exercise (notebook 08): each test code's Euclidean distance to the nearest training code."""
    train = np.asarray(train_codes, dtype="float64")
    test = np.asarray(test_codes, dtype="float64")
    if isinstance(knn_scores, list):
        knn_scores = np.asarray(knn_scores, dtype="float64")
    shape = getattr(knn_scores, "shape", None)
    if shape is not None and len(shape) == 2 and shape[0] == len(test):
        if shape[1] == 1:
            knn_scores = np.asarray(knn_scores)[:, 0]
        else:
            raise CheckFailed(f"knn_scores has shape {tuple(shape)}: one distance per test image is expected. "
                              "NearestNeighbors.kneighbors returns (distances, indices): keep distances[:, 0].")
    check_shape("knn_scores", knn_scores, (len(test),), why="One score per test image.")
    got = np.asarray(knn_scores, dtype="float64")
    if not np.all(np.isfinite(got)):
        raise CheckFailed("knn_scores contains NaN or infinite values.")
    d2 = ((test[:, None, :] - train[None, :, :]) ** 2).sum(axis=-1)
    expected = np.sqrt(d2.min(axis=1))
    if np.allclose(got, expected, rtol=1e-4, atol=1e-5):
        passed(f"{len(got)} distances to the nearest training code.")
        return
    if np.allclose(got, expected**2, rtol=1e-4, atol=1e-5):
        raise CheckFailed("knn_scores are squared distances: take the square root (Euclidean distance).")
    if np.allclose(got, 0, atol=1e-6):
        raise CheckFailed("every distance is 0: you searched among the test codes themselves, so each one found "
                          "itself. Fit the neighbour search on the training codes.")
    if np.allclose(got, expected.max() - expected) or np.allclose(got, -expected):
        raise CheckFailed("knn_scores point the wrong way: a larger distance must mean more anomalous.")
    raise CheckFailed("knn_scores differ from the distances between each test code and its nearest training code. "
                      "Work in code space (encoder outputs, not pixels) and search the training codes.")


def check_stated_prediction(name: str, prediction: object, choices: tuple[str, ...], *,
                            outcome: object = None) -> None:
    """A prediction stored before the run: one of ``choices`` (graded on the stating, not the luck).

    ``outcome``, when given, is the choice that the student's own run measured; the check
    then says whether the prediction held, and passes either way.
    """
    if not isinstance(name, str) or not choices:
        raise TypeError("name must be the variable's name and choices a tuple of strings.")
    if prediction is None or prediction is Ellipsis:
        raise CheckFailed(f"{name} is not set: write your prediction, one of {', '.join(map(repr, choices))}, "
                          "before you run the experiment.")
    if not isinstance(prediction, str) or prediction.strip().lower() not in [c.lower() for c in choices]:
        raise CheckFailed(f"{name} = {prediction!r}: state it as one of {', '.join(map(repr, choices))} "
                          "(a string, exactly as written).")
    stated = prediction.strip().lower()
    if outcome is None:
        passed(f"{name} = {stated!r} is stated; the run below will tell whether it holds.")
        return
    verdict = "it held" if stated == str(outcome).lower() else f"the run measured {str(outcome)!r} instead"
    passed(f"{name} = {stated!r} was stated before the run; {verdict} (the stating earns the point).")


def _images(name: str, value: object) -> np.ndarray:
    """The course's own images (not a student's answer): refuse anything else with a TypeError."""
    try:
        array = np.asarray(value, dtype="float64")
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of images as rows, got {type(value).__name__}.") from None
    if array.ndim != 2 or array.shape[0] == 0 or not np.all(np.isfinite(array)):
        raise TypeError(f"{name} must be a non-empty 2-D array of finite pixels (images as rows), "
                        f"got shape {array.shape}.")
    return array


def check_contaminated_set(x_contaminated: object, x_normal: object, x_pool: object, *, share: float,
                           x_forbidden: object = None) -> None:
    """Exercise (notebook 08): every normal training image plus anomalies from the *training* pool.

    Args:
        x_contaminated: the student's training set, shape ``(n, d)``.
        x_normal: the normal training images (``split.x_train``): all must be there.
        x_pool: the anomalies the student may draw from (the anomaly class's *training* images).
        share: the share of anomalies asked for in the contaminated set (0.05 = 5%).
        x_forbidden: images that must not be there (validation and test images).
    """
    normal, pool = _images("x_normal", x_normal), _images("x_pool", x_pool)
    if pool.shape[1] != normal.shape[1]:
        raise TypeError(f"x_pool's images have {pool.shape[1]} pixels and x_normal's {normal.shape[1]}.")
    if isinstance(share, bool) or not isinstance(share, numbers.Real) or not 0 < float(share) < 1:
        raise TypeError(f"share must be a number between 0 and 1 (0.05 = 5%), got {share!r}.")
    if x_contaminated is None:
        raise CheckFailed("x_contaminated is None: stack the normal training digits and the anomalies you "
                          "drew (np.concatenate).")
    try:
        got = np.asarray(x_contaminated, dtype="float64")
    except (TypeError, ValueError):
        raise CheckFailed("x_contaminated should be an array of images as rows (np.concatenate of the "
                          "normal digits and the anomalies).") from None
    if got.ndim != 2 or got.shape[1] != normal.shape[1]:
        raise CheckFailed(f"x_contaminated should hold images as rows, shape (n, {normal.shape[1]}), "
                          f"got {got.shape}.")
    expected_anomalies = int(round(share * len(normal) / (1 - share)))
    keys = lambda a: {row.tobytes() for row in np.round(a, 6)}  # noqa: E731
    got_keys, normal_keys, pool_keys = keys(got), keys(normal), keys(pool)
    if x_forbidden is not None:
        forbidden = keys(_images("x_forbidden", x_forbidden)) - normal_keys - pool_keys
        if got_keys & forbidden:
            raise CheckFailed("x_contaminated holds validation or test images: the anomalies come from the "
                              "anomaly digit's *training* images (data.x_train[data.y_train == ANOMALY]), "
                              "and the test set stays for the measurement.")
    if not normal_keys <= got_keys:
        raise CheckFailed(f"x_contaminated lacks {len(normal_keys - got_keys)} of the normal training digits: "
                          "keep all of split.x_train and add the anomalies to it.")
    rows = np.round(got, 6)
    n_anomalies = int(sum(row.tobytes() in pool_keys and row.tobytes() not in normal_keys for row in rows))
    strangers = len(got) - len(normal) - n_anomalies
    if strangers > 0:
        raise CheckFailed(f"x_contaminated has {strangers} rows that are neither normal training digits nor "
                          "anomaly training digits. Add rows of the anomaly pool only.")
    if n_anomalies == 0:
        raise CheckFailed("x_contaminated holds no anomaly: add some of the anomaly digit's training images.")
    if abs(n_anomalies - expected_anomalies) > 1:
        raise CheckFailed(f"x_contaminated holds {n_anomalies} anomalies among {len(got)} images "
                          f"({n_anomalies / len(got):.1%}); the exercise asks for {share:.0%} of the training "
                          f"set, {expected_anomalies} anomalies added to the {len(normal)} normal digits "
                          "(share of the whole set, not of the normal part).")
    passed(f"{len(normal)} normal training digits and {n_anomalies} anomalies "
           f"({n_anomalies / len(got):.1%} of the set), none from validation or test.")


def check_contaminated_auc(auc: object, model: object, clean_model: object, x_test: object,
                           is_anomaly: object) -> None:
    """Exercise (notebook 08): the ROC AUC on the test digits of a *newly trained* autoencoder."""
    import keras  # noqa: PLC0415

    from helpers.anomaly import reconstruction_error, score_table  # noqa: PLC0415

    value = _number("contaminated_auc", auc, "a ROC AUC between 0 and 1")
    if not 0 <= value <= 1:
        raise CheckFailed(f"contaminated_auc = {value:.4g}: a ROC AUC lies between 0 and 1.")
    if not isinstance(model, keras.Model):
        raise CheckFailed("contaminated_autoencoder should be the Keras model you trained (make_autoencoder(...)), "
                          f"got {type(model).__name__}.")
    if model is clean_model:
        raise CheckFailed("contaminated_autoencoder is the autoencoder of section 2: build a new one with "
                          "make_autoencoder and train it on x_contaminated.")
    x = np.asarray(x_test, dtype="float32")
    try:
        out = keras.ops.convert_to_numpy(model(x))
    except Exception as error:  # noqa: BLE001 - the student's model does not take the images
        raise CheckFailed(f"contaminated_autoencoder does not take the test digits ({type(error).__name__}): "
                          "it should map (n, 64) images to (n, 64) reconstructions.") from None
    if out.shape != x.shape:
        raise CheckFailed(f"contaminated_autoencoder returns shape {out.shape} for images of shape {x.shape}: "
                          "it should reconstruct its input.")
    clean_out = keras.ops.convert_to_numpy(clean_model(x))
    if np.allclose(out, clean_out, atol=1e-6):
        raise CheckFailed("contaminated_autoencoder reconstructs exactly like the section 2 autoencoder: "
                          "train a new model on x_contaminated.")
    labels = np.asarray(is_anomaly).astype(bool)
    expected = score_table(labels, {"m": reconstruction_error(x, out)}).auc["m"]
    if abs(value - expected) < 1e-6:
        passed(f"ROC AUC {value:.3f} on the test digits, from the model trained with anomalies mixed in.")
        return
    if abs(value - (1 - expected)) < 1e-6:
        raise CheckFailed("contaminated_auc is 1 minus the right value: a higher reconstruction error must "
                          "mean more anomalous (score = error, not minus it).")
    raise CheckFailed(f"contaminated_auc = {value:.3f} is not the ROC AUC of contaminated_autoencoder's "
                      "reconstruction errors on the test digits (split.x_test, split.is_anomaly). Score the "
                      "test digits with anomaly.reconstruction_error and use anomaly.score_table.")


def _trimmed_reference(x: np.ndarray, x_hat: np.ndarray, trim: float) -> float:
    errors = ((x - x_hat) ** 2).mean(axis=1)
    return float(errors[errors <= np.quantile(errors, 1 - trim)].mean())


def check_trimmed_loss(loss: object, *, trim: float) -> None:
    """Exercise (notebook 08): a Keras loss that leaves out the ``trim`` share of worst-rebuilt images.

    ``loss(x, x_hat)`` gets two ``(batch, pixels)`` tensors and returns one number: the mean
    over images of each image's mean squared error, leaving out the images whose error lies
    above the batch's ``1 - trim`` quantile.
    """
    import keras  # noqa: PLC0415

    if not callable(loss):
        raise CheckFailed(f"trimmed_mse should be a function of (x, x_hat), got {type(loss).__name__}.")
    rng = np.random.default_rng(21)
    results = []
    for n in (20, 100):
        x = rng.random((n, 16)).astype("float32")
        x_hat = np.clip(x + rng.normal(0, 0.1, (n, 16)) * rng.gamma(1.0, 1.0, (n, 1)), 0, 1).astype("float32")
        try:
            out = loss(keras.ops.convert_to_tensor(x), keras.ops.convert_to_tensor(x_hat))
        except NotImplementedError:
            raise CheckFailed("trimmed_mse still raises NotImplementedError: replace that line with your code.") \
                from None
        except Exception as error:  # noqa: BLE001 - the student's code failed: say how
            detail = str(error).splitlines()[0][:160] if str(error) else ""
            raise CheckFailed(f"trimmed_mse(x, x_hat) raised {type(error).__name__}: {detail}. Use keras.ops "
                              "(keras.ops.mean, keras.ops.quantile, keras.ops.where) on the two tensors.") from None
        if out is None:
            raise CheckFailed("trimmed_mse returned None: did you forget the `return`?")
        got = np.asarray(keras.ops.convert_to_numpy(out), dtype="float64")
        results.append((x.astype("float64"), x_hat.astype("float64"), got))
    for x, x_hat, got in results:
        errors = ((x - x_hat) ** 2).mean(axis=1)
        if got.shape != ():
            if got.shape == (len(x),):
                raise CheckFailed("trimmed_mse returns one value per image: return one number for the batch, "
                                  "the mean over the images it keeps.")
            raise CheckFailed(f"trimmed_mse returns shape {got.shape}: return one number for the batch.")
        expected = _trimmed_reference(x, x_hat, trim)
        if np.isclose(got, expected, rtol=1e-4):
            continue
        if np.isclose(got, errors.mean(), rtol=1e-4):
            raise CheckFailed("trimmed_mse is the plain mean squared error: it leaves no image out. Drop the "
                              f"images whose error lies above the batch's {1 - trim:.0%} quantile.")
        if np.isclose(got, errors[errors >= np.quantile(errors, trim)].mean(), rtol=1e-4):
            raise CheckFailed("trimmed_mse leaves out the best-rebuilt images: it should drop the worst ones, "
                              "those whose error is *above* the quantile (they may be anomalies).")
        pixel = (x - x_hat) ** 2
        if np.isclose(got, pixel[pixel <= np.quantile(pixel, 1 - trim)].mean(), rtol=1e-4):
            raise CheckFailed("trimmed_mse trims single pixels: compute each image's error first "
                              "(mean over axis=-1), then leave out whole images.")
        if np.isclose(got, (errors * (errors <= np.quantile(errors, 1 - trim))).mean(), rtol=1e-4):
            raise CheckFailed("trimmed_mse divides by every image of the batch: average over the kept images "
                              "only (divide by how many you kept).")
        raise CheckFailed(f"trimmed_mse differs from the mean of the per-image errors at or below the batch's "
                          f"{1 - trim:.0%} quantile (got {float(got):.5f}, expected {expected:.5f}).")
    passed(f"trimmed_mse leaves out the worst-rebuilt {trim:.0%} of each batch and averages the rest.")
