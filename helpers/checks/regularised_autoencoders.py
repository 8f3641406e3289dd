"""Exercise checks of notebook 10 · Regularised autoencoders."""

from __future__ import annotations

import math
import numbers

import numpy as np

from helpers.checks.common import CheckFailed, passed

__all__ = ["check_copy_prediction", "check_kl_penalty", "check_noise_layer_autoencoder", "check_tied_plain"]

COPY_CHOICES = ("copies", "does not copy")


def _number(name: str, value: object, what: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise CheckFailed(f"{name} should be one finite number ({what}), got {value!r:.60}.")
    return float(value)


def _kl(rho: float, q: np.ndarray) -> np.ndarray:
    return rho * np.log(rho / q) + (1 - rho) * np.log((1 - rho) / (1 - q))


def check_kl_penalty(penalty: object, codes: object, *, rho: float, beta: float) -> None:
    """Exercise 1 (notebook 10): ``beta * sum_j KL(rho || mean activation of unit j)``."""
    p = _number("my_kl_penalty", penalty, "the penalty: beta times a sum over the code units")
    c = np.asarray(codes, dtype="float64")
    if c.ndim != 2:
        raise CheckFailed(f"the codes should be a 2-D array (digits, units), got shape {c.shape}.")
    q = np.clip(c.mean(axis=0), 1e-6, 1 - 1e-6)
    right = beta * _kl(rho, q).sum()
    close = lambda a, b: abs(a - b) <= 1e-3 * max(abs(b), 1e-9) + 1e-6  # noqa: E731
    if close(p, right):
        passed(f"the KL penalty of the unpenalised code is {p:.3f} (beta {beta}, target {rho}).")
        return
    if close(p, _kl(rho, q).sum()):
        raise CheckFailed("my_kl_penalty is the sum of the KL divergences without beta: multiply by BETA.")
    if close(p, beta * _kl(rho, q).mean()):
        raise CheckFailed("my_kl_penalty averages the KL divergence over the units: the penalty sums it over them.")
    q_swapped = np.clip(q, 1e-6, 1 - 1e-6)
    swapped = beta * (q_swapped * np.log(q_swapped / rho) + (1 - q_swapped) * np.log((1 - q_swapped) / (1 - rho)))
    if close(p, swapped.sum()):
        raise CheckFailed("my_kl_penalty has rho and rho_hat swapped: it is KL(rho || rho_hat), with rho (the target) "
                          "in front of each logarithm.")
    c_clipped = np.clip(c, 1e-6, 1 - 1e-6)
    if close(p, beta * _kl(rho, c_clipped).sum()) or close(p, beta * _kl(rho, c_clipped).mean(axis=0).sum()):
        raise CheckFailed("my_kl_penalty uses every single activation: the penalty compares each unit's **mean** "
                          "activation over the digits (plain_codes.mean(axis=0)) with rho.")
    if close(p, beta * _kl(rho, np.clip(c.mean(axis=1), 1e-6, 1 - 1e-6)).sum()):
        raise CheckFailed("my_kl_penalty averages over the units of each digit (axis=1): average each unit over "
                          "the digits (axis=0).")
    raise CheckFailed(f"my_kl_penalty = {p:.4g} is not beta * sum_j KL(rho || rho_hat_j) with rho_hat_j the mean "
                      "of unit j over the validation codes. Check the formula in section 4.")


def _layers_of(model: object) -> list:
    layers = getattr(model, "layers", None)
    if layers is None or not callable(getattr(model, "predict", None)):
        raise CheckFailed(f"pass the Keras model you built and trained, got a {type(model).__name__}.")
    return list(layers)


def _mse(model: object, x_in: np.ndarray, x_target: np.ndarray) -> float:
    import keras  # noqa: PLC0415

    return float(np.mean((keras.ops.convert_to_numpy(model(x_in)) - x_target) ** 2))


def _code_layer(model: object, layers: list, code_size: int, name: str):
    code = [layer for layer in layers if layer.name == "code"]
    if not code:
        raise CheckFailed(f"{name} has no layer named \"code\": name the encoder's Dense layer name=\"code\".")
    layer = code[0]
    if getattr(layer, "units", None) != code_size:
        raise CheckFailed(f"{name}'s \"code\" layer has {getattr(layer, 'units', '?')} units, expected CODE_SIZE = "
                          f"{code_size}: the exercise is about an over-complete code.")
    activation = getattr(getattr(layer, "activation", None), "__name__", "")
    if activation != "relu":
        raise CheckFailed(f"{name}'s \"code\" layer uses the {activation or 'unknown'} activation: use "
                          "activation=\"relu\", as in section 2.")
    return layer


def check_noise_layer_autoencoder(model: object, copier: object, x_val: object, noisy_val: object, *,
                                  noise: float, code_size: int) -> None:
    """Exercise 2 (notebook 10): an over-complete autoencoder with a GaussianNoise layer, trained on clean digits."""
    layers = _layers_of(model)
    x = np.asarray(x_val, dtype="float32")
    xn = np.asarray(noisy_val, dtype="float32")
    noisy = [layer for layer in layers if type(layer).__name__ == "GaussianNoise"]
    if not noisy:
        kinds = [type(layer).__name__ for layer in layers if type(layer).__name__ in ("Dropout", "GaussianDropout")]
        hint = f" (it has {kinds[0]}, which drops or scales units instead)" if kinds else ""
        raise CheckFailed("noisy_ae has no keras.layers.GaussianNoise layer" + hint + ": put one between the "
                          "input and the \"code\" layer.")
    stddev = float(getattr(noisy[0], "stddev", float("nan")))
    if not math.isclose(stddev, noise, rel_tol=1e-6):
        raise CheckFailed(f"the GaussianNoise layer has a standard deviation of {stddev:g}, expected NOISE = {noise:g}.")
    code = _code_layer(model, layers, code_size, "noisy_ae")
    if layers.index(noisy[0]) > layers.index(code):
        raise CheckFailed("the GaussianNoise layer comes after the code: the noise must corrupt the input, before "
                          "the \"code\" layer.")
    if getattr(code, "activity_regularizer", None) is not None:
        raise CheckFailed("noisy_ae's code has an activity regulariser: the exercise asks for noise only.")
    out_shape = tuple(model.output.shape)[1:] if hasattr(model, "output") else None
    if out_shape != (x.shape[1],):
        raise CheckFailed(f"noisy_ae's output has shape {out_shape}, expected ({x.shape[1]},): one value per pixel.")
    clean = _mse(model, x, x)
    if clean > 0.03:
        raise CheckFailed(f"noisy_ae rebuilds the clean validation digits with an MSE of {clean:.4f}: it looks "
                          "untrained. Train it with train(noisy_ae, x_fit, x_fit).")
    ours, copier_error = _mse(model, xn, x), _mse(copier, xn, x)
    if ours > 0.8 * copier_error:
        raise CheckFailed(f"on noisy validation digits noisy_ae's error against the clean digits is {ours:.4f}, "
                          f"hardly below the copier's {copier_error:.4f}: was it trained with the noise layer in "
                          "place, on the clean training digits as inputs and targets?")
    passed(f"the noise layer works: noisy digits in, error {ours:.4f} against the clean ones "
           f"(copier {copier_error:.4f}).")


def check_copy_prediction(prediction: object) -> None:
    """Exercise 3 (notebook 10): a prediction stated as one of the named choices, before the run."""
    if not isinstance(prediction, str) or prediction.strip().lower() not in COPY_CHOICES:
        raise CheckFailed(f"my_prediction should be one of {COPY_CHOICES}, got {prediction!r:.60}.")
    passed(f"prediction recorded: the tied network without a penalty {prediction.strip().lower()}.")


def check_tied_plain(model: object, distance: object, measured_distance: float, x_val: object, *,
                     code_size: int, prediction: object = None) -> None:
    """Exercise 3 (notebook 10): a tied over-complete ReLU autoencoder with no penalty, and its map's distance."""
    layers = _layers_of(model)
    code = _code_layer(model, layers, code_size, "tied_plain")
    if getattr(code, "activity_regularizer", None) is not None:
        raise CheckFailed("tied_plain's code still has an activity regulariser: leave it out.")
    inputs = int(tuple(model.input.shape)[-1])
    distinct = {id(v): v for v in model.weights}
    count = sum(math.prod(v.shape) for v in distinct.values())
    tied, untied = inputs * code_size + code_size + inputs, 2 * inputs * code_size + code_size + inputs
    if count == untied:
        raise CheckFailed(f"tied_plain has {count:,} parameters, those of an untied model: its decoder should be "
                          "DenseTranspose(code_layer), reusing the code layer's kernel.")
    if count != tied:
        raise CheckFailed(f"tied_plain has {count:,} distinct parameters, expected {tied:,} (one kernel of "
                          f"{inputs} x {code_size}, two biases).")
    d = _number("tied_plain_distance", distance, "the distance of tied_plain's map to the identity")
    if not math.isclose(d, measured_distance, rel_tol=1e-4, abs_tol=1e-6):
        raise CheckFailed(f"tied_plain_distance = {d:.4f}, but map_distance(tied_plain) gives "
                          f"{measured_distance:.4f}: measure the trained tied_plain with map_distance.")
    x = np.asarray(x_val, dtype="float32")
    clean = _mse(model, x, x)
    if clean > 0.03:
        raise CheckFailed(f"tied_plain rebuilds the validation digits with an MSE of {clean:.4f}: it looks "
                          "untrained. Train it with train(tied_plain, x_fit, x_fit).")
    copies = measured_distance < 0.5
    held = ""
    if isinstance(prediction, str) and prediction.strip().lower() in COPY_CHOICES:
        held = " Your prediction " + ("held." if (prediction.strip().lower() == "copies") == copies else
                                      "did not hold: see exercise 4.")
    passed(f"tied, no penalty: distance to the identity {measured_distance:.2f}, so it "
           f"{'copies' if copies else 'does not copy'}.{held}")
