"""Exercise checks of notebook 04 · Denoising autoencoders."""

from __future__ import annotations

import numbers

import numpy as np

from helpers.checks.common import CheckFailed, passed

__all__ = ["check_psnr_by_hand", "check_denoiser_psnr"]


def _finite(value: object, name: str, what: str) -> float:
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise CheckFailed(f"{name} should be a finite number of decibels ({what}), got {value!r}.")
    return float(value)


def check_psnr_by_hand(value: object, clean: object, noisy: object) -> None:
    """Exercise (notebook 04): PSNR of ``noisy`` against ``clean`` (both in [0, 1]), computed by hand."""
    clean, noisy = np.asarray(clean, dtype="float64"), np.asarray(noisy, dtype="float64")
    value = _finite(value, "my_psnr", "one number for the whole array")
    mse = float(np.mean((clean - noisy) ** 2))
    expected = 10 * np.log10(1.0 / mse)
    if np.isclose(value, expected, atol=1e-3):
        passed(f"PSNR {expected:.2f} dB: 10 log10(1 / MSE) with MSE {mse:.4f} and a data range of 1.")
        return
    if np.isclose(value, 10 * np.log10(255.0**2 / mse), atol=1e-3):
        raise CheckFailed(
            f"{value:.2f} dB uses a data range of 255, but these images lie in [0, 1]: the peak is 1."
        )
    if np.isclose(value, 20 * np.log10(1.0 / mse), atol=1e-3) or np.isclose(value, 10 * np.log10(1.0 / np.sqrt(mse)), atol=1e-3):
        raise CheckFailed(
            f"{value:.2f} dB: PSNR is 10 log10(peak**2 / MSE), i.e. 20 log10(peak / RMSE); "
            "check whether you used the MSE or its square root."
        )
    if np.isclose(value, -expected, atol=1e-3):
        raise CheckFailed(f"{value:.2f} dB has the wrong sign: it is peak**2 / MSE inside the logarithm.")
    per_image = np.mean((clean - noisy) ** 2, axis=tuple(range(1, clean.ndim))) if clean.ndim > 1 else None
    if per_image is not None and np.isclose(value, float(np.mean(10 * np.log10(1.0 / per_image))), atol=1e-3):
        raise CheckFailed(
            "that is the average of one PSNR per image (what metrics.psnr with image_shape gives). The "
            "exercise asks for one MSE over all pixels at once, then 10 * np.log10(1.0 / mse)."
        )
    raise CheckFailed(
        f"my_psnr = {value:.2f} dB is not the PSNR of noisy_test against data.x_test. Compute the mean "
        "squared error over all pixels, then 10 * np.log10(1.0 / mse)."
    )


def check_denoiser_psnr(value: object, model: object, noisy: object, clean: object, *,
                        image_shape: tuple[int, int], trained: object = None, name: str = "psnr") -> None:
    """Exercise (notebook 04): the test PSNR of a denoiser the student trained.

    ``value`` must be the per-image PSNR of ``model``'s outputs for ``noisy``
    against ``clean`` (recomputed here from the model); ``model`` must be a
    new Keras model (not ``trained``, the one the notebook trained before),
    with a ``GaussianNoise`` layer, and trained: its outputs must beat the
    average clean image by more than 1 dB (an untrained network gives grey).
    """
    from helpers.metrics import psnr  # noqa: PLC0415
    from helpers.models import reconstruct  # noqa: PLC0415 (imports Keras lazily)

    value = _finite(value, name, "metrics.psnr gives one")
    if model is None or not callable(getattr(model, "predict", None)):
        raise CheckFailed(f"the check needs your Keras model: build it, fit it, and pass it with {name}.")
    if trained is not None and model is trained:
        raise CheckFailed(
            "that is the model the notebook trained before, not a new one: build a new model with the "
            "change the exercise asks for, and fit it."
        )
    if not any(type(layer).__name__ == "GaussianNoise" for layer in model.layers):
        raise CheckFailed("your model has no GaussianNoise layer: keep the noise layer of section 2, it is what "
                          "makes it a denoiser.")
    clean = np.asarray(clean, dtype="float32")
    outputs = reconstruct(model, noisy)
    measured = psnr(clean, outputs, image_shape=image_shape)
    average = psnr(clean, np.broadcast_to(clean.mean(axis=0), clean.shape), image_shape=image_shape)
    if measured <= average + 1.0:
        raise CheckFailed(
            "your model's outputs are no closer to the clean test digits than the average digit is: did "
            "you compile and fit it (model.fit with the training batches) before measuring?"
        )
    if np.isclose(value, psnr(outputs, clean), atol=1e-3) and not np.isclose(value, measured, atol=1e-3):
        raise CheckFailed(
            f"{name} is one PSNR over all the images at once. Pass image_shape=shape to metrics.psnr, "
            "as the table of section 3 does, so that it averages one PSNR per image."
        )
    if not np.isclose(value, measured, atol=1e-2):
        raise CheckFailed(
            f"{name} is not the test PSNR of the model you passed. Denoise noisy_test with that model "
            "(models.reconstruct) and compare its outputs with data.x_test, the clean digits."
        )
    passed(f"{name}: the test PSNR of your trained denoiser.")
