"""Exercise checks of notebook 09 · The variational autoencoder."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from helpers.checks.common import CheckFailed, check_shape, passed

__all__ = [
    "check_beta_warmup",
    "check_interpolation",
    "check_kl_per_image",
    "check_reparameterised_codes",
    "check_walk_answer",
]


def _reference_kl(mean: np.ndarray, log_var: np.ndarray) -> np.ndarray:
    return -0.5 * np.sum(1.0 + log_var - mean**2 - np.exp(log_var), axis=1)


def check_kl_per_image(kl_per_image: Callable[[np.ndarray, np.ndarray], object]) -> None:
    """Exercise (notebook 09): the KL term of each image, from the encoder's mean and log-variance."""
    if not callable(kl_per_image):
        raise CheckFailed(f"kl_per_image should be a function of (mean, log_var), got {type(kl_per_image).__name__}.")
    rng = np.random.default_rng(9)
    mean = rng.normal(size=(6, 3))
    log_var = rng.normal(scale=0.8, size=(6, 3))
    try:
        got = kl_per_image(mean, log_var)
    except NotImplementedError:
        raise CheckFailed("kl_per_image still raises NotImplementedError: replace that line with your code.") from None
    except Exception as error:  # noqa: BLE001 - the student's code failed: say how
        detail = str(error).splitlines()[0] if str(error) else ""
        if "ufunc" in detail or "operand" in detail:  # NumPy's words for shapes that do not fit
            detail = "the shapes of the arrays do not fit together"
        raise CheckFailed(f"kl_per_image(mean, log_var) raised {type(error).__name__}: {detail}. Both arrays have "
                          "shape (n, latent_dim): use element-wise operations and np.sum(..., axis=1).") from None
    expected = _reference_kl(mean, log_var)
    if got is None:
        raise CheckFailed("kl_per_image returned None: did you forget the `return`?")
    got = np.asarray(got, dtype="float64")
    if got.shape == ():
        raise CheckFailed("kl_per_image returned one number: return one KL value per image (sum over the code "
                          "dimensions, axis=1, but do not average over the images).")
    if got.shape != expected.shape:
        raise CheckFailed(f"kl_per_image returned shape {got.shape} for 6 images with 3 code dimensions; "
                          "expected (6,): sum over the code dimensions (axis=1).")
    close = lambda a: np.allclose(got, a, rtol=1e-5, atol=1e-8)  # noqa: E731
    if close(expected):
        zero = np.asarray(kl_per_image(np.zeros((2, 3)), np.zeros((2, 3))), dtype="float64")
        if not np.allclose(zero, 0, atol=1e-8):
            raise CheckFailed("kl_per_image is not 0 when mean = 0 and log_var = 0, where the code distribution "
                              "is N(0, I) itself.")
        passed("kl_per_image matches the closed form, one value per image, and is 0 for N(0, I).")
        return
    if close(-expected):
        raise CheckFailed("kl_per_image has the wrong sign: a KL divergence is never negative.")
    if close(2 * expected):
        raise CheckFailed("kl_per_image is twice the KL: the formula has a factor -0.5 in front.")
    if close(expected / mean.shape[1]):
        raise CheckFailed("kl_per_image averages over the code dimensions: sum over them (the KL of independent "
                          "dimensions adds up).")
    variance_as_log = -0.5 * np.sum(1.0 + np.log(np.abs(log_var) + 1e-12) - mean**2 - log_var, axis=1)
    std_as_exp = -0.5 * np.sum(1.0 + log_var - mean**2 - np.exp(0.5 * log_var), axis=1)
    if close(variance_as_log) or close(std_as_exp):
        raise CheckFailed("log_var is the log of the variance: the variance is np.exp(log_var).")
    raise CheckFailed("kl_per_image differs from -0.5 * sum(1 + log_var - mean**2 - exp(log_var)) over the "
                      "code dimensions. Check each of the four terms.")


def check_reparameterised_codes(codes: object, mean: object, log_var: object) -> None:
    """Exercise (notebook 09): many codes drawn as ``mean + exp(log_var / 2) * eps`` for one image."""
    m = np.asarray(mean, dtype="float64").reshape(-1)
    v = np.asarray(log_var, dtype="float64").reshape(-1)
    if isinstance(codes, list):
        codes = np.asarray(codes, dtype="float64")
    shape = getattr(codes, "shape", None)
    if shape is None or len(shape) != 2 or shape[1] != len(m) or shape[0] < 100:
        raise CheckFailed(f"my_codes should have shape (n, {len(m)}) with n = the number of draws asked for "
                          f"(one code per row), got {shape if shape is not None else type(codes).__name__}.")
    z = np.asarray(codes, dtype="float64")
    if not np.all(np.isfinite(z)):
        raise CheckFailed("my_codes contains NaN or infinite values.")
    n = len(z)
    std = np.exp(0.5 * v)
    got_std = z.std(axis=0)
    if np.allclose(got_std, 0, atol=1e-9):
        raise CheckFailed("every row of my_codes is the same: add the noise eps ~ N(0, I), a new draw for each row.")
    if np.any(np.abs(z.mean(axis=0) - m) > 5 * std / np.sqrt(n) + 1e-9):
        raise CheckFailed("my_codes are not centred on the encoder's mean: z = mean + exp(log_var / 2) * eps.")
    ratio = got_std / std
    if z.shape[1] > 1 and np.all(np.abs(ratio - 1) < 0.15):
        corr = np.corrcoef(z, rowvar=False)
        off = np.abs(corr[~np.eye(len(corr), dtype=bool)]).max()
        if off > max(0.15, 6 / np.sqrt(n)):
            raise CheckFailed(f"the code dimensions of my_codes are correlated (|correlation| up to {off:.2f}): "
                              "one noise column is shared by several dimensions. Draw eps with the shape of "
                              "the codes, (n, latent_dim): an independent N(0, 1) number for every entry.")
    if np.all(np.abs(ratio - 1) < 0.15):
        eps = (z - m) / std
        excess_kurtosis = float(np.mean(((eps - eps.mean(axis=0)) / eps.std(axis=0)) ** 4) - 3.0)
        if abs(excess_kurtosis) > max(0.6, 12 / np.sqrt(n)):
            raise CheckFailed(f"the noise in my_codes is not normal (its excess kurtosis is {excess_kurtosis:.2f}, "
                              "0 for a normal distribution, -1.2 for a uniform one): draw eps from N(0, 1) with "
                              "standard_normal, not random or uniform.")
        passed(f"{n} codes with the encoder's mean and standard deviation exp(log_var / 2).")
        return
    if np.allclose(got_std, np.exp(v), rtol=0.15):
        raise CheckFailed("the spread of my_codes is exp(log_var), the variance: the standard deviation is "
                          "exp(log_var / 2) (or np.sqrt(np.exp(log_var))).")
    if np.allclose(got_std, np.abs(v), rtol=0.15):
        raise CheckFailed("the spread of my_codes is log_var itself: the standard deviation is exp(log_var / 2).")
    raise CheckFailed("the spread of my_codes does not match exp(log_var / 2): draw eps from N(0, 1) "
                      "(np.random.default_rng(...).standard_normal) and multiply it by exp(log_var / 2).")


def check_interpolation(images: object, decode: Callable[[np.ndarray], np.ndarray], start: object, end: object,
                        *, steps: int, start_image: object = None, end_image: object = None) -> None:
    """Exercise (notebook 09): decode ``steps`` evenly spaced codes from ``start`` to ``end`` (both included).

    ``decode`` maps ``(n, latent_dim)`` float32 codes to ``(n, pixels)`` images. ``start_image`` and
    ``end_image`` (the two digits' pixels) let the check recognise a blend of pixels.
    """
    a = np.asarray(start, dtype="float32").reshape(-1)
    b = np.asarray(end, dtype="float32").reshape(-1)
    t = np.linspace(0, 1, steps, dtype="float32")[:, None]
    expected = np.asarray(decode(((1 - t) * a + t * b).astype("float32")), dtype="float64")
    if isinstance(images, list):
        images = np.asarray(images, dtype="float64")
    shape = getattr(images, "shape", None)
    if shape is not None and len(shape) == 2 and shape[1] == len(a):
        raise CheckFailed(f"my_path has shape {tuple(shape)}: those are codes, not images. Decode them.")
    check_shape("my_path", images, expected.shape,
                why=f"One decoded image per step: {steps} steps, start and end included (np.linspace).")
    got = np.asarray(images, dtype="float64")
    if np.allclose(got, expected, atol=1e-4):
        passed(f"{steps} decoded codes from the first digit's code to the second's.")
        return
    if np.allclose(got, expected[::-1], atol=1e-4):
        raise CheckFailed("my_path runs backwards: start at the first digit's code.")
    if start_image is not None and end_image is not None:
        blend = (1 - t) * np.asarray(start_image, "float64").reshape(1, -1) + t * np.asarray(end_image,
                                                                                              "float64").reshape(1, -1)
        if np.allclose(got, blend, atol=1e-4):
            raise CheckFailed("my_path blends the pixels of the two digits: interpolate between their codes, "
                              "then decode the codes.")
    raise CheckFailed("my_path differs from the decoded codes (1 - t) * z_start + t * z_end for t = "
                      "np.linspace(0, 1, steps): use the codes' means (encoder(x)[0]) and the decoder.")


def check_walk_answer(answer: object, path_labels: object, ends: tuple[int, int]) -> None:
    """Exercise (notebook 09): whether the classifier reads a digit other than the two ends on the walk."""
    labels = np.asarray(path_labels).reshape(-1)
    truth = bool(set(labels.tolist()) - set(ends))
    if answer is None or not isinstance(answer, (bool, np.bool_)):
        raise CheckFailed(f"walk_passes_other_digits should be True or False (read the classifier's labels "
                          f"along your path), got {answer!r}.")
    if bool(answer) != truth:
        readings = " ".join(str(d) for d in labels)
        raise CheckFailed(f"walk_passes_other_digits = {bool(answer)}, but does the classifier read only "
                          f"{ends[0]}s and {ends[1]}s along your path? Look at its labels again ({readings}).")
    passed(f"the classifier reads {' '.join(str(d) for d in labels)}: "
           f"{'it passes other digits' if truth else f'only {ends[0]}s and {ends[1]}s'}.")


class _HasBeta:
    """A stand-in for a VAE: just the ``beta`` variable a callback sets."""

    def __init__(self, value: float) -> None:
        import keras  # noqa: PLC0415

        self.beta = keras.Variable(value, trainable=False, dtype="float32", name="beta")


def _schedule(callback_class: type, final: float, warmup: int, epochs: int) -> list[float] | str:
    import keras  # noqa: PLC0415

    try:
        callback = callback_class(final, warmup)
    except NotImplementedError:
        raise CheckFailed("BetaWarmup still raises NotImplementedError: replace that line with your code.") from None
    except TypeError as error:
        raise CheckFailed(f"BetaWarmup({final:g}, {warmup}) failed ({error}): its __init__ should take the final "
                          "beta and the number of warm-up epochs, in that order.") from None
    if not isinstance(callback, keras.callbacks.Callback):
        raise CheckFailed("BetaWarmup should subclass keras.callbacks.Callback.")
    model = _HasBeta(final)
    variable = model.beta
    callback.set_model(model)
    values = []
    try:
        callback.on_train_begin({})
        for epoch in range(epochs):
            callback.on_epoch_begin(epoch, {})
            current = model.beta
            if current is not variable:
                return "replaced"
            values.append(float(keras.ops.convert_to_numpy(variable)))
            callback.on_epoch_end(epoch, {"loss": 1.0})
    except CheckFailed:
        raise
    except Exception as error:  # noqa: BLE001 - the student's callback failed: say how
        detail = str(error).splitlines()[0][:160] if str(error) else ""
        raise CheckFailed(f"BetaWarmup raised {type(error).__name__} during training: {detail}. Set the value "
                          "with self.model.beta.assign(...).") from None
    return values


def check_beta_warmup(callback_class: object) -> None:
    """Exercise (notebook 09): a callback that raises ``model.beta`` linearly from 0 to its final value.

    During epoch ``e`` (0-based), beta must be ``final * min(1, e / warmup_epochs)``: 0 in the
    first epoch, the final value from epoch ``warmup_epochs`` on. The callback must assign to
    the model's ``beta`` variable, not replace it with a number (the compiled training step
    reads the variable).
    """
    if not isinstance(callback_class, type):
        raise CheckFailed("BetaWarmup should be a class (class BetaWarmup(keras.callbacks.Callback): ...), "
                          f"got {type(callback_class).__name__}.")
    for final, warmup, epochs in ((4.0, 5, 8), (2.0, 3, 6)):
        got = _schedule(callback_class, final, warmup, epochs)
        if got == "replaced":
            raise CheckFailed("BetaWarmup replaces model.beta with a new value: the training step was compiled "
                              "with the variable and would never see the change. Assign to it: "
                              "self.model.beta.assign(value).")
        expected = [final * min(1.0, e / warmup) for e in range(epochs)]
        if np.allclose(got, expected, atol=1e-5):
            continue
        shown = ", ".join(f"{v:.2g}" for v in got)
        if np.allclose(got, got[0]) if got else True:
            raise CheckFailed(f"beta stays at {got[0] if got else final:g} in every epoch (BetaWarmup({final:g}, "
                              f"{warmup})): set it at the start of each epoch (on_epoch_begin).")
        if np.allclose(got, [final * min(1.0, (e + 1) / warmup) for e in range(epochs)], atol=1e-5):
            raise CheckFailed(f"beta is one epoch ahead ({shown}): in the first epoch (epoch 0) it should be 0.")
        if got[0] > 1e-6:
            raise CheckFailed(f"beta starts at {got[0]:.3g}: the warm-up starts from 0 in epoch 0 ({shown}).")
        if max(got) > final + 1e-5:
            raise CheckFailed(f"beta goes past its final value {final:g} ({shown}): stop at it (min(1, ...)).")
        if not np.isclose(got[-1], final, atol=1e-5):
            raise CheckFailed(f"beta never reaches its final value {final:g} ({shown}): it should reach it at "
                              f"epoch {warmup} and stay there.")
        raise CheckFailed(f"with BetaWarmup({final:g}, {warmup}), beta in epochs 0 to {epochs - 1} is {shown}; "
                          f"expected a straight rise from 0 to {final:g} at epoch {warmup}, then constant: "
                          "final * min(1, epoch / warmup_epochs).")
    passed("BetaWarmup raises beta from 0 to its final value in a straight line, then holds it.")
