"""Exercise checks of notebook 02 · The dense autoencoder."""

from __future__ import annotations

import numbers

import numpy as np

from helpers.checks.common import CheckFailed, check_shape, passed

__all__ = ["check_encode_decode", "check_wider_bottleneck"]


def check_encode_decode(codes: object, images: object, x: object, autoencoder: object, *, latent_dim: int) -> None:
    """Exercise (notebook 02): encode ``x`` with the encoder, decode with the decoder."""
    from helpers.models import reconstruct  # noqa: PLC0415 (imports Keras lazily)

    x = np.asarray(x)
    n, d = x.shape
    shape = getattr(codes, "shape", None)
    if shape is not None and tuple(shape) == (n, d):
        raise CheckFailed(
            f"my_codes has shape {tuple(shape)}: that is a batch of images, not codes. "
            "Use the encoder (not the autoencoder or the decoder) to get the codes."
        )
    check_shape("my_codes", codes, (n, latent_dim),
                why=f"The encoder turns each of the {n} images into {latent_dim} numbers.")
    check_shape("my_images", images, (n, d), why=f"The decoder turns each code back into {d} pixels.")
    expected = reconstruct(autoencoder, x)
    if not np.allclose(np.asarray(images), expected, atol=1e-4):
        raise CheckFailed(
            "my_images has the right shape but differs from the autoencoder's output: decode "
            "my_codes with the decoder (decoder(encoder(x)) must equal autoencoder(x))."
        )
    passed(f"{n} images -> codes of shape {tuple(shape)} -> {n} images, equal to the autoencoder's output.")


def check_wider_bottleneck(mse_wide: object, mse_narrow: float, x_test: object) -> None:
    """Exercise (notebook 02): a wider code should reconstruct held-out images better."""
    if isinstance(mse_wide, bool) or not isinstance(mse_wide, numbers.Real) or not np.isfinite(mse_wide):
        raise CheckFailed(
            f"mse_8 should be a number (the mean squared error on data.x_test), got {mse_wide!r}."
        )
    if not 0 < mse_wide < 1:
        raise CheckFailed(
            f"mse_8 = {mse_wide}: an MSE between images in [0, 1] lies strictly between 0 and 1. "
            "Compute metrics.mse(data.x_test, reconstructions)."
        )
    if mse_wide >= mse_narrow:
        raise CheckFailed(
            f"mse_8 = {mse_wide:.4f} is not below the 2-number error {mse_narrow:.4f}. Did you train "
            "the new autoencoder (models.fit_autoencoder) before measuring, and measure on data.x_test?"
        )
    passed(f"8 numbers per image: test MSE {mse_wide:.4f}, {1 - mse_wide / mse_narrow:.0%} below the 2-number model.")
