"""Unit tests for helpers.regularised (notebook 10's measures)."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import regularised


def test_near_zero_fraction_counts_small_entries():
    codes = np.array([[0.0, 0.005, 1.0, -0.2], [0.02, 0.0, 0.0, 3.0]])
    assert regularised.near_zero_fraction(codes, tolerance=0.01) == pytest.approx(4 / 8)
    assert regularised.near_zero_fraction(codes, tolerance=0.0) == pytest.approx(3 / 8)


def test_end_to_end_map_recovers_a_linear_map_and_the_identity():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 5))
    m = rng.normal(size=(5, 3))
    np.testing.assert_allclose(regularised.end_to_end_map(x, x @ m + 0.7), m, atol=1e-9)
    assert regularised.identity_distance(regularised.end_to_end_map(x, x)) == pytest.approx(0.0, abs=1e-9)
    assert regularised.identity_distance(np.zeros((4, 4))) == pytest.approx(1.0)


def test_kl_divergence_is_zero_at_the_target_and_positive_elsewhere():
    kl = regularised.kl_divergence(0.05, np.array([0.05, 0.5, 0.01]))
    assert kl[0] == pytest.approx(0.0, abs=1e-12)
    assert np.all(kl[1:] > 0)
    assert kl[1] == pytest.approx(0.05 * np.log(0.1) + 0.95 * np.log(0.95 / 0.5))


@pytest.mark.parametrize("call, error", [
    (lambda: regularised.near_zero_fraction([1, 2, 3]), ValueError),
    (lambda: regularised.near_zero_fraction(np.ones((2, 2)), tolerance=-1), ValueError),
    (lambda: regularised.near_zero_fraction("codes"), TypeError),
    (lambda: regularised.end_to_end_map(np.ones((3, 5)), np.ones((3, 5))), ValueError),
    (lambda: regularised.end_to_end_map(np.ones((9, 2)), np.ones((8, 2))), ValueError),
    (lambda: regularised.identity_distance(np.ones((2, 3))), ValueError),
    (lambda: regularised.identity_distance(np.full((2, 2), np.nan)), ValueError),
    (lambda: regularised.kl_divergence(1.0, [0.5]), ValueError),
    (lambda: regularised.kl_divergence(0.05, [0.0, 0.5]), ValueError),
    (lambda: regularised.kl_divergence("0.05", [0.5]), TypeError),
])
def test_bad_input_gets_a_clear_error(call, error):
    with pytest.raises(error, match=r"\w{4,}"):
        call()


# --------------------------------------------------------------------------- what Keras adds to the loss


def _notebook_kl_sparsity():
    """The ``KLSparsity`` class as notebook 10 writes it (its cell holds the class alone)."""
    import json  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    import keras  # noqa: PLC0415

    path = Path(__file__).resolve().parent.parent / "notebooks" / "10_regularised_autoencoders.ipynb"
    sources = ["".join(c["source"]) for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
    chosen = [s for s in sources if s.lstrip().startswith("class KLSparsity")]
    assert len(chosen) == 1, "notebook 10 should define KLSparsity in a cell of its own"
    namespace = {"keras": keras}
    exec(compile(chosen[0], "10_regularised_autoencoders.ipynb", "exec"), namespace)  # noqa: S102 - our notebook
    return namespace["KLSparsity"]


def _code_model(activity_regularizer, biases):
    """A model whose sigmoid code is sigmoid(biases) for every input (zero kernel), and a linear output."""
    import keras  # noqa: PLC0415

    inputs = keras.Input(shape=(3,))
    code = keras.layers.Dense(len(biases), activation="sigmoid", name="code", kernel_initializer="zeros",
                              bias_initializer=keras.initializers.Constant(biases),
                              activity_regularizer=activity_regularizer)(inputs)
    outputs = keras.layers.Dense(2, kernel_initializer="zeros", name="reconstruction")(code)
    return keras.Model(inputs, outputs)


@pytest.mark.parametrize("batch", [1, 8, 64])
def test_the_loss_keras_adds_for_kl_sparsity_is_beta_times_the_summed_kl(batch):
    """The docstring and section 4's formula: beta * sum_j KL(rho || rho_hat_j), whatever the batch size."""
    import keras  # noqa: PLC0415

    kl_sparsity = _notebook_kl_sparsity()
    rho, beta = 0.05, 0.005
    biases = np.array([-2.0, 0.0, 1.5, -4.0])
    model = _code_model(kl_sparsity(rho, beta), biases)
    x = np.random.default_rng(0).normal(size=(batch, 3)).astype("float32")
    model(x)
    rho_hat = 1 / (1 + np.exp(-biases))
    expected = beta * regularised.kl_divergence(rho, rho_hat).sum()
    added = sum(float(keras.ops.convert_to_numpy(loss)) for loss in model.losses)
    assert added == pytest.approx(expected, rel=1e-5)
    # and in training: with zero outputs and zero targets the loss Keras reports is the penalty alone
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.0), loss="mse")
    reported = model.train_on_batch(x, np.zeros((batch, 2), "float32"))
    assert float(np.ravel(reported)[0]) == pytest.approx(expected, rel=1e-5)


def test_keras_l1_activity_penalty_is_per_example_mean_of_the_summed_absolute_code():
    """Section 3's prose: L1_PENALTY times the sum of a digit's |code|, averaged over the digits of a batch."""
    import keras  # noqa: PLC0415

    biases = np.array([-1.0, 0.5, 2.0])
    model = _code_model(keras.regularizers.L1(1e-3), biases)
    model(np.zeros((16, 3), "float32"))
    code = 1 / (1 + np.exp(-biases))
    added = sum(float(keras.ops.convert_to_numpy(loss)) for loss in model.losses)
    assert added == pytest.approx(1e-3 * np.abs(code).sum(), rel=1e-5)  # one digit's sum, not the batch's


def test_filter_spread_of_a_point_an_even_patch_and_an_edge():
    point = np.zeros((1, 64))
    point[0, 27] = 3.0
    even = np.ones((1, 64))
    edge = np.zeros((8, 8))
    edge[2:6, 3], edge[2:6, 4] = 1.0, -1.0
    spread = regularised.filter_spread(np.vstack([point, even, edge.reshape(1, 64)]), (8, 8))
    assert spread[0] == pytest.approx(0.0, abs=1e-12)
    assert spread[1] == pytest.approx(np.sqrt(2 * 63 / 12))
    assert spread[2] == pytest.approx(np.sqrt(0.25 + 1.25))  # columns 3 and 4, rows 2 to 5
    # the sign and the size of the weights do not matter
    np.testing.assert_allclose(regularised.filter_spread(-5 * edge.reshape(1, 64), (8, 8)), spread[2:])


def test_zca_whiten_decorrelates_and_returns_the_principal_components():
    rng = np.random.default_rng(0)
    mixing = rng.normal(size=(16, 16))
    x = rng.normal(size=(4000, 16)) @ mixing
    white, components, variances = regularised.zca_whiten(x, epsilon=1e-6)
    assert white.dtype == np.float32 and white.shape == x.shape
    np.testing.assert_allclose(white.mean(axis=1), 0, atol=1e-4)
    cov = np.cov(white, rowvar=False)
    # one direction (each patch's mean) is removed, the other 15 have equal variance
    eig = np.sort(np.linalg.eigvalsh(cov))
    assert eig[0] == pytest.approx(0, abs=1e-6)
    np.testing.assert_allclose(eig[1:], eig[-1], rtol=1e-2)
    np.testing.assert_allclose(components @ components.T, np.eye(16), atol=1e-9)
    assert np.all(np.diff(variances) <= 1e-12)


@pytest.mark.parametrize("call, error", [
    (lambda: regularised.filter_spread(np.ones((2, 63)), (8, 8)), ValueError),
    (lambda: regularised.filter_spread(np.zeros((1, 64)), (8, 8)), ValueError),
    (lambda: regularised.filter_spread(np.ones((1, 64)), (8, 8.0)), ValueError),
    (lambda: regularised.zca_whiten(np.ones((4, 8))), ValueError),
    (lambda: regularised.zca_whiten(np.ones((40, 8)), epsilon=0), ValueError),
])
def test_bad_patch_input_gets_a_clear_error(call, error):
    with pytest.raises(error, match=r"\w{4,}"):
        call()
