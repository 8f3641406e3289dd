"""Checks for the exercises: they say what was expected and where to look.

Each check raises :class:`CheckFailed` (an ``AssertionError``, so nbgrader
counts it as a failed test) with a message written for a student, and prints
one line starting with a tick when the answer is right.

Checks are grouped by notebook, one module each, so a teacher finds a
notebook's checks in one place; every check is also importable from here
(``helpers.checks.check_pca_mse``), which is how the notebooks call them.
"""

from __future__ import annotations

from helpers.checks.common import CheckFailed, passed, check_shape, check_function, check_value_close
from helpers.checks.matrix_chains import check_layer_params, check_product_rank, check_same_code
from helpers.checks.dense_autoencoder import check_encode_decode, check_wider_bottleneck
from helpers.checks.pca_vs_autoencoder import check_pca_mse, check_components_for_variance
from helpers.checks.denoising import check_denoiser_psnr, check_psnr_by_hand
from helpers.checks.image_to_image import check_latent_shift, check_removal_psnr, check_unet
from helpers.checks.text_autoencoders import check_ppmi, check_nearest_review

__all__ = [
    "CheckFailed",
    "check_components_for_variance",
    "check_denoiser_psnr",
    "check_encode_decode",
    "check_function",
    "check_latent_shift",
    "check_layer_params",
    "check_nearest_review",
    "check_pca_mse",
    "check_ppmi",
    "check_product_rank",
    "check_psnr_by_hand",
    "check_removal_psnr",
    "check_same_code",
    "check_shape",
    "check_unet",
    "check_value_close",
    "check_wider_bottleneck",
    "passed",
]
