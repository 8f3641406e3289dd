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
from helpers.checks.denoising import check_psnr_by_hand, check_denoiser_psnr
from helpers.checks.image_to_image import check_removal_psnr, check_latent_shift, check_unet
from helpers.checks.word_embeddings import (
    check_sentence_probability, check_sentence_logit, check_seed_average_model,
)
from helpers.checks.text_autoencoders import (
    check_ppmi, check_nearest_review, check_smaller_code, check_empirical_p_value,
)
from helpers.checks.anomaly_detection import (
    check_knn_scores, check_precision_recall, check_validation_threshold,
)
from helpers.checks.variational_autoencoder import (
    check_interpolation, check_kl_per_image, check_reparameterised_codes,
)

__all__ = [
    "CheckFailed",
    "check_components_for_variance",
    "check_denoiser_psnr",
    "check_empirical_p_value",
    "check_encode_decode",
    "check_function",
    "check_interpolation",
    "check_kl_per_image",
    "check_knn_scores",
    "check_latent_shift",
    "check_layer_params",
    "check_nearest_review",
    "check_pca_mse",
    "check_ppmi",
    "check_precision_recall",
    "check_product_rank",
    "check_psnr_by_hand",
    "check_removal_psnr",
    "check_reparameterised_codes",
    "check_same_code",
    "check_seed_average_model",
    "check_sentence_logit",
    "check_sentence_probability",
    "check_shape",
    "check_smaller_code",
    "check_unet",
    "check_validation_threshold",
    "check_value_close",
    "check_wider_bottleneck",
    "passed",
]
