"""Exercise checks of notebook 04 · Denoising autoencoders."""

from __future__ import annotations

import numbers

import numpy as np

from helpers.checks.common import CheckFailed, passed

__all__ = ["check_psnr_by_hand"]


def check_psnr_by_hand(value: object, clean: object, noisy: object) -> None:
    """Exercise (notebook 04): PSNR of ``noisy`` against ``clean`` (both in [0, 1]), computed by hand."""
    clean, noisy = np.asarray(clean, dtype="float64"), np.asarray(noisy, dtype="float64")
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise CheckFailed(f"my_psnr should be a finite number of decibels, got {value!r}.")
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
    raise CheckFailed(
        f"my_psnr = {value:.2f} dB, expected {expected:.2f} dB. Compute the mean squared error over all "
        "pixels, then 10 * np.log10(1.0 / mse)."
    )
