"""Exercise checks of notebook 03 · PCA versus autoencoder.

The notebook splits its training digits into a part to fit on (``x_fit``) and a
validation part (``x_val``); the test digits are kept for the final numbers. So
every exercise is judged on validation data, and an answer measured on the test
digits (or on the digits the model was fitted to) is refused with a message.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np

from helpers.checks.common import CheckFailed, passed

__all__ = ["check_pca_mse", "check_components_for_variance", "check_deep_linear",
           "check_scheduled_autoencoder"]


def _rows(x: object, name: str) -> np.ndarray:
    array = np.asarray(x, dtype="float64")
    if array.ndim != 2 or len(array) == 0:
        raise TypeError(f"{name} must be a non-empty 2-D array of images (rows), got shape {array.shape}.")
    return array


def _number(value: object, name: str) -> float:
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.item()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise CheckFailed(f"{name} should be one finite number (a mean squared error), got {value!r:.80}.")
    return float(value)


def _mse(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean((np.asarray(a, dtype="float64") - b) ** 2))


def _pca_reconstructions(x_fit: np.ndarray, x: np.ndarray, k: int) -> np.ndarray:
    from sklearn.decomposition import PCA  # noqa: PLC0415

    pca = PCA(n_components=k).fit(x_fit)
    return pca.inverse_transform(pca.transform(x))


def check_pca_mse(value: object, x_fit: object, x_val: object, *, k: int, x_test: object = None,
                  name: str | None = None) -> None:
    """Exercise (notebook 03): PCA's validation error with ``k`` components, reconstructions clipped.

    Args:
        value: the student's number: PCA fitted on ``x_fit``, reconstructions of ``x_val``
            clipped to [0, 1], mean squared error.
        x_fit, x_val: the notebook's fitting and validation digits, shape ``(n, d)``.
        k: the number of components the exercise asks for.
        x_test: the test digits, to recognise an answer measured on them.
        name: the variable's name in messages (default ``mse_pca_{k}``).
    """
    name = name or f"mse_pca_{k}"
    x_fit, x_val = _rows(x_fit, "x_fit"), _rows(x_val, "x_val")
    got = _number(value, name)

    def clipped(fit_on: np.ndarray, x: np.ndarray) -> float:
        return _mse(np.clip(_pca_reconstructions(fit_on, x, k), 0, 1), x)

    right = clipped(x_fit, x_val)
    if np.isclose(got, right, rtol=1e-3):
        passed(f"PCA with {k} components, reconstructions clipped to [0, 1]: validation MSE {right:.4f}.")
        return
    wrong = [
        (_mse(_pca_reconstructions(x_fit, x_val, k), x_val),
         "is PCA's validation error without clipping. Clip the reconstructions to [0, 1] with "
         "np.clip(..., 0, 1), as section 1 does, so PCA is compared like for like with the "
         "autoencoder's sigmoid output."),
        (clipped(x_fit, x_fit),
         "is PCA's error on x_fit, the digits it was fitted to. Fit on x_fit, but measure on x_val: "
         "an error on the data a model was fitted to proves little."),
        (clipped(x_val, x_val),
         "is the error of a PCA fitted on x_val itself. Fit PCA on x_fit, then reconstruct x_val."),
    ]
    if x_test is not None:
        x_test = _rows(x_test, "x_test")
        wrong.append((clipped(x_fit, x_test),
                      "is measured on the test digits. The test set is kept for the lesson's final "
                      "numbers: measure the exercise on the validation digits x_val."))
    for candidate, message in wrong:
        if np.isclose(got, candidate, rtol=1e-3):
            raise CheckFailed(f"{name} = {got:.4f} {message}")
    if np.isclose(got, right**0.5, rtol=1e-3):
        raise CheckFailed(f"{name} = {got:.4f} is the square root of the error: take the mean of the "
                          "squared differences, without a square root (metrics.mse does it).")
    raise CheckFailed(
        f"{name} = {got:.4f} is not PCA's validation error with {k} components. Fit "
        f"PCA(n_components={k}) on x_fit, reconstruct x_val with inverse_transform(transform(...)), "
        "clip to [0, 1] and take the mean of the squared differences."
    )


def check_components_for_variance(n: object, x_train: object, *, fraction: float = 0.9) -> None:
    """Exercise (notebook 03): fewest principal components explaining ``fraction`` of the variance."""
    from sklearn.decomposition import PCA  # noqa: PLC0415

    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise CheckFailed(f"n_90 should be a whole number of components, got {n!r} ({type(n).__name__}).")
    cumulative = np.cumsum(PCA().fit(np.asarray(x_train)).explained_variance_ratio_)
    expected = int(np.searchsorted(cumulative, fraction) + 1)
    if n == expected:
        fewer = f"; {expected - 1} explain {cumulative[expected - 2]:.1%}" if expected > 1 else ""
        passed(f"{expected} components explain {cumulative[expected - 1]:.1%} of the variance "
               f"(>= {fraction:.0%}){fewer}.")
        return
    if n == expected - 1:
        raise CheckFailed(
            f"n_90 = {n}: that is the index of the component, counted from 0. The number of "
            f"components is one more."
        )
    if 0 < n <= len(cumulative):
        raise CheckFailed(
            f"{n} components explain {cumulative[n - 1]:.1%} of the variance, but we want the fewest "
            f"that reach {fraction:.0%}. Use np.cumsum(pca.explained_variance_ratio_)."
        )
    raise CheckFailed(f"n_90 = {n} is not a number of components between 1 and {len(cumulative)}.")


# ------------------------------------------------------------------ models the student builds


def _keras_model(model: object, name: str, what: str) -> object:
    """The Keras model to judge: a ``keras.Model``, or the ``.autoencoder`` of what
    ``models.dense_autoencoder`` returns (the tuple the lesson unpacks)."""
    inner = getattr(model, "autoencoder", None)
    if inner is not None:
        model = inner
    elif isinstance(model, tuple) and model and hasattr(model[0], "layers"):
        model = model[0]
    if model is None or model is Ellipsis:
        raise CheckFailed(f"{name} is not set: build {what}, compile it and fit it, then run this check.")
    if not hasattr(model, "layers") or not callable(getattr(model, "get_config", None)):
        raise CheckFailed(f"{name} should be the Keras model you built ({what}), got a "
                          f"{type(model).__name__}.")
    return model


def _dense_layers(model: object) -> list[tuple]:
    from helpers.models import architecture  # noqa: PLC0415

    layers = architecture(model)
    others = sorted({layer[0] for layer in layers if layer[0] != "Dense"})
    if others:
        raise CheckFailed(f"the model has {', '.join(others)} layers; the exercise asks for Dense "
                          "layers only.")
    return layers


def _trained_steps(model: object, name: str, expected_steps: int) -> None:
    import keras  # noqa: PLC0415

    optimizer = getattr(model, "optimizer", None)
    steps = 0 if optimizer is None else int(keras.ops.convert_to_numpy(optimizer.iterations))
    if steps == 0:
        raise CheckFailed(f"{name} has not been trained: compile it and fit it on x_fit first.")
    if steps != expected_steps:
        raise CheckFailed(
            f"{name} took {steps} training steps; the exercise asks for the same training as "
            f"section 1: EPOCHS epochs of `steps` batches, {expected_steps} steps in all. Build "
            "a fresh model and fit it once with epochs=EPOCHS, steps_per_epoch=steps."
        )


def _validation_value(got: float, name: str, run, x_fit: np.ndarray, x_val: np.ndarray,
                      x_test: np.ndarray | None, *, clip: bool) -> float:
    """Compare ``got`` with the model's validation MSE; refuse the usual wrong data sources."""
    def error(x: np.ndarray, clipped: bool) -> float:
        out = run(x)
        return _mse(np.clip(out, 0, 1) if clipped else out, x)

    right = error(x_val, clip)
    if np.isclose(got, right, rtol=1e-3):
        return right
    if x_test is not None and np.isclose(got, error(x_test, clip), rtol=1e-3):
        raise CheckFailed(f"{name} = {got:.4f} is measured on the test digits. The test set is kept "
                          "for the lesson's final numbers: measure the exercise on x_val.")
    if np.isclose(got, error(x_fit, clip), rtol=1e-3):
        raise CheckFailed(f"{name} = {got:.4f} is the error on x_fit, the digits the model trained "
                          "on. Measure it on the validation digits x_val.")
    if clip and np.isclose(got, error(x_val, False), rtol=1e-3):
        raise CheckFailed(f"{name} = {got:.4f} is the validation error without clipping: a network "
                          "without a sigmoid can leave [0, 1], so clip its reconstructions with "
                          "np.clip(..., 0, 1) before measuring, as we do for PCA.")
    raise CheckFailed(f"{name} = {got:.4f} is not this model's validation MSE ({right:.4f}). "
                      f"Reconstruct x_val with the model{', clip to [0, 1]' if clip else ''} and "
                      "take metrics.mse(x_val, ...).")


def check_deep_linear(model: object, value: object, x_fit: object, x_val: object, *,
                      latent_dim: int = 2, hidden: Sequence[int] = (128, 64), expected_steps: int,
                      x_test: object = None, pca_mse: float | None = None,
                      relu_mse: float | None = None, prediction: object = None) -> None:
    """Exercise (notebook 03): section 1's autoencoder with every activation taken away.

    Args:
        model: the student's Keras model (or what ``models.dense_autoencoder`` returns):
            Dense layers ``hidden..., latent_dim, reversed(hidden)..., d``, none with an activation.
        value: its validation MSE, reconstructions clipped to [0, 1].
        x_fit, x_val: fitting and validation digits; ``x_test`` to recognise the test set.
        expected_steps: the training steps section 1 takes (``EPOCHS * steps``).
        pca_mse, relu_mse: PCA's and the ReLU autoencoder's validation MSE at ``latent_dim``
            numbers; with ``prediction`` (``"like PCA"`` or ``"like the autoencoder"``) the
            check says which one the student's network came closer to and whether the
            prediction held.
    """
    from helpers.models import reconstruct  # noqa: PLC0415

    x_fit, x_val = _rows(x_fit, "x_fit"), _rows(x_val, "x_val")
    x_test = None if x_test is None else _rows(x_test, "x_test")
    model = _keras_model(model, "deep_linear", "the deep linear network")
    layers = _dense_layers(model)
    d = x_val.shape[1]
    widths = [*hidden, latent_dim, *reversed(hidden), d]
    got_widths = [layer[1] for layer in layers]
    if got_widths != widths:
        raise CheckFailed(f"the Dense layers have widths {got_widths}; the exercise asks for section 1's "
                          f"shape, {widths}: the same layers, only without activations.")
    bent = [f"layer {i + 1} ({layer[2]})" for i, layer in enumerate(layers)
            if layer[2] not in (None, "linear")]
    if bent:
        raise CheckFailed(f"{', '.join(bent)} still has an activation; the exercise takes every one "
                          "away (activation=None, the default of keras.layers.Dense), the output's "
                          "sigmoid too, so the whole network is one linear map.")
    _trained_steps(model, "deep_linear", expected_steps)
    got = _number(value, "mse_deep_linear")
    right = _validation_value(got, "mse_deep_linear", lambda x: reconstruct(model, x), x_fit, x_val,
                              x_test, clip=True)
    line = f"the deep linear network: validation MSE {right:.4f}"
    if pca_mse is not None and relu_mse is not None:
        closer = "like PCA" if abs(np.log(right / pca_mse)) < abs(np.log(right / relu_mse)) else \
            "like the autoencoder"
        line += f" (PCA {pca_mse:.4f}, ReLU autoencoder {relu_mse:.4f}): {closer}"
        if isinstance(prediction, str):
            held = prediction.strip().lower() == closer.lower()
            line += f"; your prediction {prediction.strip()!r} {'held' if held else 'did not hold'}"
    passed(line + ".")


def check_scheduled_autoencoder(model: object, value: object, x_fit: object, x_val: object, *,
                                latent_dim: int, expected_steps: int, x_test: object = None,
                                constant_mse: float | None = None, prediction: object = None) -> None:
    """Exercise (notebook 03): section 1's autoencoder trained with a learning-rate schedule.

    Args:
        model: the student's autoencoder (a ``keras.Model`` or what
            ``models.dense_autoencoder`` returns): section 1's layers with a
            ``latent_dim``-number code, its optimizer's learning rate a
            ``keras.optimizers.schedules`` object.
        value: its validation MSE (``metrics.mse(x_val, ...)``).
        expected_steps: the training steps section 1 takes (``EPOCHS * steps``).
        constant_mse: the validation MSE of section 1's model of that width after the same
            training at a constant rate; with ``prediction`` (``"lower"`` or ``"higher"``) the
            check says whether the prediction held.
    """
    from helpers.models import architecture, dense_autoencoder, reconstruct  # noqa: PLC0415

    x_fit, x_val = _rows(x_fit, "x_fit"), _rows(x_val, "x_val")
    x_test = None if x_test is None else _rows(x_test, "x_test")
    model = _keras_model(model, "scheduled", f"a {latent_dim}-number autoencoder")
    layers = _dense_layers(model)
    reference = architecture(dense_autoencoder(x_val.shape[1], latent_dim, hidden=(128, 64)).autoencoder)
    if layers != reference:
        widths = [layer[1] for layer in layers]
        raise CheckFailed(
            f"the model's layers (widths {widths}) are not section 1's autoencoder with a "
            f"{latent_dim}-number code. Build it with models.dense_autoencoder(data.input_dim, "
            f"{latent_dim}, hidden=(128, 64)): only the learning rate changes in this exercise."
        )
    optimizer = getattr(model, "optimizer", None)
    rate = None if optimizer is None else optimizer.get_config().get("learning_rate")
    if optimizer is None or not isinstance(rate, dict):
        raise CheckFailed(
            "the optimizer's learning rate is one fixed number. Give Adam a schedule instead: "
            "learning_rate=keras.optimizers.schedules.CosineDecay(...) (or another "
            "keras.optimizers.schedules class)."
        )
    _trained_steps(model, "scheduled", expected_steps)
    got = _number(value, "mse_scheduled")
    right = _validation_value(got, "mse_scheduled", lambda x: reconstruct(model, x), x_fit, x_val,
                              x_test, clip=False)
    line = f"{rate.get('class_name', 'scheduled')} learning rate: validation MSE {right:.4f}"
    if constant_mse is not None:
        outcome = "lower" if right < constant_mse else "higher"
        line += f", {outcome} than the constant rate's {constant_mse:.4f}"
        if isinstance(prediction, str):
            held = prediction.strip().lower() == outcome
            line += f"; your prediction {prediction.strip()!r} {'held' if held else 'did not hold'}"
    passed(line + ".")
