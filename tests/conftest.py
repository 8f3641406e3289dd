"""Test markers for the unit/integration split (``make unit`` leaves integration tests out).

A whole file is an integration test when it builds or runs something outside this
process: nbgrader, repo2docker, Sphinx, a browser. Single tests elsewhere that start a
Jupyter kernel carry ``@pytest.mark.integration`` themselves.
"""

from __future__ import annotations

import sys

import pytest

INTEGRATION_FILES = {
    "test_binder.py",     # repo2docker
    "test_browser.py",    # JupyterLab in Chromium
    "test_classroom.py",  # nbgrader builds the student release and runs it
    "test_determinism.py",  # runs notebooks twice in fresh kernels
    "test_grading.py",    # nbgrader's whole grading loop
    "test_site.py",       # Sphinx builds the site
}


# make unit at most 60 s on the 2-core machine (issue 24): the unit tests that train a model or sweep
# a corpus, each 9 s or more there under load (`pytest -m "not integration and not slow" --durations=30`,
# 2026-12-02), run under make test only. "file::test" (every parameter) or "file::test[id]" (one).
SLOW_TESTS = {
    "test_student_mistakes.py::test_wrong_answer_fails_with_a_helpful_message[check_smaller_code-passed_the_encoder]",
    "test_student_mistakes.py::test_right_answer_passes_and_prints_a_tick[check_seed_average_model-right]",
    "test_student_mistakes.py::test_wrong_answer_fails_with_a_helpful_message[check_seed_average_model-kept_flatten]",
    "test_plots.py::test_images_rectangular_shape",
    "test_models.py::test_training_batches_train_a_model_with_keras_fit",
    "test_offline.py::test_the_default_data_load_offline",
    "test_properties.py::test_chain_from_shapes_on_anything",
    "test_vae.py::test_vae_trains_with_plain_fit_on_jax",
    "test_fit_autoencoder.py::test_fit_gives_corrupt_a_copy_and_checks_what_it_returns",
    "test_fit_autoencoder.py::test_fit_learns_the_targets_not_the_inputs",
    "test_fit_autoencoder.py::test_fit_says_so_when_the_loss_becomes_nan",
    "test_fit_autoencoder.py::test_fit_denoising_with_targets",
    "test_fit_autoencoder.py::test_fit_learns",
    "test_fit_autoencoder.py::test_fit_returns_a_plain_keras_history",
    "test_fit_autoencoder.py::test_fit_without_validation_has_no_val_loss",
    "test_fit_autoencoder.py::test_fit_history_has_one_value_per_epoch",
    "test_overhead.py::test_train_once_measures_a_run",
    "test_corpus.py::test_the_generator_reproduces_the_short_files",
    "test_corpus.py::test_other_style_is_balanced_short_and_apart_from_the_corpus",
    "test_corpus.py::test_no_duplicate_or_near_duplicate_anywhere_in_the_corpus",
    "test_fitlog.py::test_a_model_fitted_twice_adds_up_and_validation_split_is_left_out",
    "test_fitlog.py::test_early_stopping_counts_the_epochs_actually_run",
    "test_fitlog.py::test_every_fit_is_logged_by_model_name_and_written",
    # two fits with a whole epoch per call (each traces its train step twice): 6 to 7 CPU s under
    # load, 2026-12-02, the same with a smaller model (tracing, not training, is the cost)
    "test_feed.py::test_passes_per_epoch_changes_only_the_bookkeeping",
}


def _is_slow(item) -> bool:
    name = f"{item.path.name}::{item.name}"
    return name in SLOW_TESTS or name.split("[", 1)[0] in SLOW_TESTS


def _skip_graph_rewrites() -> None:
    """As ``helpers.setup_notebook`` does for the notebooks: on TensorFlow, no Grappler rewrites of
    each traced function (about 0.5 to 1 CPU s less per ``fit``; the tests' small models learn the same).
    Only once TensorFlow is imported: tests that import no TensorFlow do not pay its import."""
    global _graph_rewrites_skipped
    if _graph_rewrites_skipped or "tensorflow" not in sys.modules:
        return
    import keras  # noqa: PLC0415

    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf  # noqa: PLC0415

        tf.config.optimizer.set_experimental_options({"disable_meta_optimizer": True})
    _graph_rewrites_skipped = True


_graph_rewrites_skipped = False


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _skip_graph_rewrites()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item):
    _skip_graph_rewrites()


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.name in INTEGRATION_FILES:
            item.add_marker(pytest.mark.integration)
        if _is_slow(item):
            item.add_marker(pytest.mark.slow)
