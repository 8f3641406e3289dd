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
from helpers.checks.matrix_chains import (
    check_jacobian_ranks, check_layer_params, check_product_rank, check_same_code,
)
from helpers.checks.dense_autoencoder import (
    check_encode_decode, check_hole_share, check_tied_decoder, check_wider_code,
)
from helpers.checks.pca_vs_autoencoder import (
    check_pca_mse, check_components_for_variance, check_deep_linear, check_scheduled_autoencoder,
)
from helpers.checks.denoising import check_psnr_by_hand, check_denoiser_psnr, check_conv_denoiser
from helpers.checks.image_to_image import (check_latent_shift, check_removal_psnr, check_single_skip,
                                            check_unet)
from helpers.checks.word_embeddings import (
    check_sentence_probability, check_sentence_logit, check_seed_average_model,
    check_parameter_prediction,
)
from helpers.checks.text_autoencoders import (
    check_ppmi, check_nearest_review, check_smaller_code, check_empirical_p_value,
    check_word_drop,
)
from helpers.checks.anomaly_detection import (
    check_knn_scores, check_precision_recall, check_validation_threshold,
    check_contaminated_auc, check_contaminated_set, check_stated_prediction, check_trimmed_loss,
)
from helpers.checks.variational_autoencoder import (
    check_interpolation, check_kl_per_image, check_reparameterised_codes,
    check_beta_warmup, check_walk_answer,
)
from helpers.checks.regularised_autoencoders import (
    check_copy_prediction, check_kl_penalty, check_noise_layer_autoencoder, check_tied_plain,
)
from helpers.checks.retrieval_and_hashing import (
    check_hamming_by_hand, check_lsh_bits, check_plain_hash, check_precision_at_k, check_threshold_prediction,
)

__all__ = [
    "CheckFailed",
    "check_beta_warmup",
    "check_components_for_variance",
    "check_deep_linear",
    "check_contaminated_auc",
    "check_contaminated_set",
    "check_conv_denoiser",
    "check_denoiser_psnr",
    "check_empirical_p_value",
    "check_encode_decode",
    "check_function",
    "check_hole_share",
    "check_interpolation",
    "check_jacobian_ranks",
    "check_kl_per_image",
    "check_knn_scores",
    "check_latent_shift",
    "check_layer_params",
    "check_nearest_review",
    "check_parameter_prediction",
    "check_pca_mse",
    "check_scheduled_autoencoder",
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
    "check_single_skip",
    "check_smaller_code",
    "check_stated_prediction",
    "check_tied_decoder",
    "check_trimmed_loss",
    "check_unet",
    "check_validation_threshold",
    "check_value_close",
    "check_walk_answer",
    "check_copy_prediction",
    "check_kl_penalty",
    "check_hamming_by_hand",
    "check_lsh_bits",
    "check_plain_hash",
    "check_precision_at_k",
    "check_threshold_prediction",
    "check_noise_layer_autoencoder",
    "check_tied_plain",
    "check_wider_code",
    "check_word_drop",
    "passed",
]
