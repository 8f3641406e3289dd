"""Exercise checks of notebook 07 · Text autoencoders and embeddings."""

from __future__ import annotations

import numbers

import numpy as np

from helpers.checks.common import CheckFailed, check_shape, passed

__all__ = ["check_ppmi", "check_nearest_review", "check_word_drop", "check_smaller_code",
           "check_empirical_p_value"]


def check_ppmi(my_ppmi: object, counts: object) -> None:
    """Exercise (notebook 07): the PPMI matrix of co-occurrence ``counts``, without smoothing, by hand."""
    from helpers.embeddings import ppmi  # noqa: PLC0415

    counts = np.asarray(counts, dtype="float64")
    check_shape("my_ppmi", my_ppmi, counts.shape,
                why="PPMI has one value per (word, context) pair, like counts.")
    got = np.asarray(my_ppmi, dtype="float64")
    expected = ppmi(counts, alpha=1.0)
    if np.isnan(got).any():
        raise CheckFailed(
            "my_ppmi contains NaN: 0 / 0 somewhere. The PMI of a pair never seen together is -inf "
            "(log of 0), and np.maximum(-inf, 0) gives 0; a NaN means a division of 0 by 0."
        )
    if np.isinf(got).any():
        raise CheckFailed(
            "my_ppmi contains infinite values: clip the PMI at 0 from below (np.maximum(pmi, 0))."
        )
    if (got < -1e-9).any():
        raise CheckFailed(
            "my_ppmi has negative values: that is PMI. PPMI keeps only the positive part, "
            "max(0, PMI): pairs that meet less often than chance get 0."
        )
    if np.allclose(got, expected, atol=1e-6):
        passed(f"PPMI of a {counts.shape[0]} x {counts.shape[1]} matrix: {np.mean(expected > 0):.1%} of the "
               f"pairs meet more often than chance, the largest PPMI is {expected.max():.2f}.")
        return
    if np.allclose(got, expected / np.log(2), atol=1e-6):
        raise CheckFailed("my_ppmi uses log base 2; this course uses the natural logarithm, np.log.")
    if np.allclose(got, ppmi(counts, alpha=0.75), atol=1e-6):
        raise CheckFailed("my_ppmi uses the smoothing alpha = 0.75; the exercise asks for none (alpha = 1).")
    raise CheckFailed(
        "my_ppmi differs from PPMI. With total = counts.sum(): p(w, c) = counts / total, p(w) = "
        "counts.sum(axis=1) / total (a column vector), p(c) = counts.sum(axis=0) / total (a row), "
        "then max(0, log(p(w, c) / (p(w) * p(c))))."
    )


def check_nearest_review(index: object, query: object, candidates: object, *, raw_query: object = None,
                         raw_candidates: object = None) -> None:
    """Exercise (notebook 07): the row of ``candidates`` (codes) closest to ``query`` by cosine similarity.

    ``raw_query`` and ``raw_candidates`` (the TF-IDF rows) let the check
    recognise an answer found in the input space instead of the code space.
    """
    q = np.asarray(query, dtype="float64").reshape(-1)
    c = np.asarray(candidates, dtype="float64")
    if isinstance(index, bool) or not isinstance(index, numbers.Integral):
        hint = " (wrap np.argmax(...) in int(...))" if isinstance(index, (float, np.floating)) else ""
        raise CheckFailed(
            f"most_similar should be the index of a training review, a whole number, got {index!r}{hint}."
        )
    if not 0 <= index < len(c):
        raise CheckFailed(f"most_similar = {index} is not an index of the {len(c)} training reviews.")

    def cosine_order(x: np.ndarray, rows: np.ndarray) -> np.ndarray:
        norms = np.linalg.norm(rows, axis=1) * np.linalg.norm(x)
        return rows @ x / np.where(norms == 0, 1.0, norms)

    similarity = cosine_order(q, c)
    expected = int(np.argmax(similarity))
    if index == expected or np.isclose(similarity[index], similarity[expected], atol=1e-6):
        passed(f"training review {index} is the closest to the test review "
               f"(cosine similarity {similarity[index]:.2f}).")
        return
    if index == int(np.argmin(np.linalg.norm(c - q, axis=1))):
        raise CheckFailed(
            f"review {index} is the nearest by Euclidean distance; the exercise asks for cosine similarity, "
            "which ignores the length of the codes: (a @ b) / (|a| |b|), largest first."
        )
    if index == int(np.argmin(similarity)):
        raise CheckFailed(
            f"review {index} is the *least* similar: take np.argmax of the similarities, not np.argmin."
        )
    if raw_query is not None and raw_candidates is not None:
        raw = cosine_order(np.asarray(raw_query, dtype="float64").reshape(-1),
                           np.asarray(raw_candidates, dtype="float64"))
        if index == int(np.argmax(raw)):
            raise CheckFailed(
                f"review {index} is the closest in TF-IDF space; the exercise asks for the closest in the "
                "autoencoder's code space: encode both with the encoder first."
            )
    raise CheckFailed(
        f"most_similar = {index} (cosine similarity {similarity[index]:.2f}) is not the closest: another "
        "training review's code is more similar. Compare the test review's code with every training "
        "review's code: (a @ b) / (|a| |b|) for each, then the index of the largest."
    )


def _number(name: object, value: object) -> float:
    if isinstance(value, (np.ndarray, list, tuple)) and np.size(value) == 1:
        value = np.asarray(value).reshape(-1)[0]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise CheckFailed(f"{name} should be one finite number, got {value!r}.")
    return float(value)


def _drop_behaviour(layer: object, rate: float, n_words: int) -> str | None:
    """None when ``layer`` drops a share ``rate`` of its input in training, keeps the rest unscaled,
    and passes its input through unchanged at inference; otherwise what is wrong, for a student."""
    import keras  # noqa: PLC0415

    ones = np.ones((256, int(n_words)), dtype="float32")
    try:
        trained = keras.ops.convert_to_numpy(layer(ones, training=True))
        inferred = keras.ops.convert_to_numpy(layer(ones, training=False))
    except Exception as error:  # noqa: BLE001 - a student's layer may fail in any way; say how
        return (f"calling the layer on a batch of rows failed ({type(error).__name__}: {str(error)[:120]}). "
                "Its call(inputs, training=None) should return inputs times a 0/1 mask in training.")
    if trained.shape != ones.shape or inferred.shape != ones.shape:
        return f"the layer changes the shape of its input ({ones.shape} -> {trained.shape}); it should keep it."
    if not np.allclose(inferred, ones):
        return ("at inference (training=False) the layer changes its input: it should drop words only while "
                "the model trains, and pass whole reviews through when it predicts.")
    kept = trained[trained != 0]
    share = 1 - kept.size / trained.size
    if kept.size and not np.allclose(kept, 1.0):
        return (f"the words the layer keeps are scaled by {float(np.median(kept)):.3g}: that is what "
                "keras.layers.Dropout does (1 / (1 - rate)), and what the lesson found worse. Multiply by "
                "the 0/1 mask only.")
    if abs(share - rate) > 0.03:
        return (f"in training the layer drops {share:.0%} of the entries; it should drop a share rate = "
                f"{rate:g} of them (keep an entry where a uniform draw is >= rate).")
    return None


def check_word_drop(layer: object, rate: float, n_words: int) -> None:
    """Exercise (notebook 07): a Keras layer that, in training only, zeroes a random share ``rate`` of
    its inputs without scaling the rest up (the lesson's word dropping, moved into the model)."""
    import keras  # noqa: PLC0415

    if isinstance(layer, type):
        raise CheckFailed("pass an instance of your layer, for example WordDrop(DROP), not the class itself.")
    if not isinstance(layer, keras.layers.Layer):
        raise CheckFailed(f"word_drop should be a keras.layers.Layer (a subclass with a call method), got "
                          f"{type(layer).__name__}.")
    problem = _drop_behaviour(layer, float(rate), n_words)
    if problem:
        raise CheckFailed(problem)
    passed(f"{type(layer).__name__} drops a share {rate:g} of the words in training, keeps the rest as they "
           "are, and leaves whole reviews alone at inference.")


def check_smaller_code(model: object, val_mse: object, x_val: object, *, code_size: int,
                       drop: float | None = None, epochs: int | None = None, name: str | None = None,
                       steps: int | None = None) -> None:
    """Exercise (notebook 07): a document autoencoder with a code of ``code_size`` numbers, trained, and
    its MSE on the validation rows ``x_val``.

    The reference is the student's own model: the check runs it on ``x_val``
    and compares, so a number from another model or from the training rows fails.
    When given, ``drop`` (the model must hold a layer that drops that share of the
    words in training), ``epochs`` and ``steps`` (its last ``fit``) and ``name``
    (the model's name) are checked too.
    """
    import keras  # noqa: PLC0415

    x = np.asarray(x_val, dtype="float32")
    if not isinstance(model, keras.Model):
        raise CheckFailed(
            f"small_ae should be the Keras model that maps a TF-IDF row to its reconstruction (the first "
            f"model doc_autoencoder returns), got {type(model).__name__}."
        )
    try:
        n_in, n_out = model.input_shape[-1], model.output_shape[-1]
    except (AttributeError, ValueError):
        n_in = n_out = None
    if n_in != x.shape[1] or n_out != x.shape[1]:
        raise CheckFailed(
            f"small_ae maps {n_in} numbers to {n_out}; an autoencoder of these reviews takes and returns "
            f"a TF-IDF row of {x.shape[1]} weights. Did you pass the encoder, or another vocabulary?"
        )

    def flat_layers(m: object) -> list:  # searching nested models (an encoder inside the autoencoder)
        found = []
        for layer in getattr(m, "layers", []):
            found.extend(flat_layers(layer) if isinstance(layer, keras.Model) else [layer])
        return found

    layers = flat_layers(model)
    narrowest = min((layer.units for layer in layers if isinstance(layer, keras.layers.Dense)), default=None)
    if narrowest != code_size:
        raise CheckFailed(
            f"small_ae's narrowest Dense layer has {narrowest} units; the exercise asks for a code of "
            f"{code_size} numbers."
        )
    if name is not None and model.name != name:
        raise CheckFailed(f"the model is named {model.name!r}; the exercise asks for name={name!r}, so that its "
                          "training shows up under that name in the bench.")
    if drop is not None:
        droppers = [layer for layer in layers
                    if not isinstance(layer, (keras.layers.Dense, keras.layers.InputLayer))]
        if not droppers:
            raise CheckFailed("small_ae has no layer that drops words: put your WordDrop(DROP) layer between "
                              "the input and the code.")
        problems = [_drop_behaviour(layer, float(drop), x.shape[1]) for layer in droppers]
        if all(problems):
            raise CheckFailed(f"small_ae's {type(droppers[0]).__name__} layer: {problems[0]}")
    history = getattr(model, "history", None)
    if epochs is not None:
        trained = len(getattr(history, "epoch", []) or [])
        if trained != int(epochs):
            raise CheckFailed(f"small_ae's last fit ran {trained} epochs; the exercise asks for EPOCHS = "
                              f"{int(epochs)} in one call to fit (build a fresh model to start over).")
    if steps is not None:
        ran = (getattr(history, "params", None) or {}).get("steps")
        if ran != int(steps):
            raise CheckFailed(f"small_ae's fit ran {ran} steps per epoch; one epoch is one pass over the "
                              f"training reviews: steps_per_epoch=steps ({int(steps)}).")
    reported = _number("small_val_mse", val_mse)
    outputs = keras.ops.convert_to_numpy(model(x, training=False))
    measured = float(np.mean((outputs - x) ** 2))
    zero = float(np.mean(x**2))
    if not np.isclose(reported, measured, rtol=1e-3, atol=1e-9):
        hint = ""
        if np.isclose(reported, float(np.sqrt(measured)), rtol=1e-3):
            hint = " It looks like the square root of the MSE: leave out the root."
        raise CheckFailed(
            f"small_val_mse = {reported:.4g} is not small_ae's MSE on the validation reviews (off by "
            f"{abs(reported - measured) / measured:.0%}).{hint} Compute it from this model on x_val, e.g. "
            "metrics.mse(x_val, small_ae.predict(x_val, verbose=0)), not on the training or test rows."
        )
    if measured > 0.95 * zero:
        raise CheckFailed(
            f"small_ae recovers only {1 - measured / zero:.1%} of the validation rows, about what an "
            "untrained network does. Did you compile and fit it, for all EPOCHS epochs?"
        )
    passed(f"a code of {code_size} numbers recovers {1 - measured / zero:.1%} of the validation rows "
           f"(MSE {measured:.3e}).")


def check_empirical_p_value(p: object, observed: object, null: object) -> None:
    """Exercise (notebook 07): the empirical p-value of ``observed`` against the draws ``null``.

    The course's formula: (1 + the number of draws at least as large as the observed value) / (1 + draws).
    """
    draws = np.asarray(null, dtype="float64").reshape(-1)
    value = _number("p_20", p)
    obs = float(observed)
    at_least = int(np.sum(draws >= obs))
    expected = (1 + at_least) / (1 + len(draws))
    if np.isclose(value, expected, rtol=1e-9, atol=1e-12):
        passed(f"{at_least} of {len(draws)} random draws reach the observed correlation: "
               f"empirical p = {value:.3f}.")
        return
    if not 0 <= value <= 1:
        raise CheckFailed(f"p_20 = {value:.4g} is not a probability: a p-value lies between 0 and 1.")
    if np.isclose(value, at_least / len(draws)):
        raise CheckFailed(
            "p_20 leaves out the 1s of the formula: count the observed value as one of the draws, "
            "(1 + number at least as large) / (1 + number of draws), so that p is never 0."
        )
    if np.isclose(value, (1 + int(np.sum(draws > obs))) / (1 + len(draws))) or np.isclose(
            value, (1 + len(draws) - at_least) / (1 + len(draws))):
        raise CheckFailed(
            "p_20 counts the wrong draws: count those at least as large as the observed value "
            "(null >= observed), the ones that do as well as our code or better."
        )
    if value < 1 / (1 + len(draws)) - 1e-12:
        raise CheckFailed(
            f"p_20 is smaller than any p-value {len(draws)} draws can give (the observed value counts as one "
            "draw). Did you use all the random draws instead of the first 20 (random_rho[:20]), or the "
            "p-value of spearmanr, which tests against 'no correlation'?"
        )
    raise CheckFailed(
        f"p_20 = {value:.4g} is not the empirical p-value of section 6b. Count the draws of "
        "random_rho[:20] that are at least as large as ae_agreement.spearman, add 1, and divide by the "
        "number of draws + 1."
    )
