"""The checks of notebook 11's exercises accept the right answer and reject the usual wrong ones,
each with a message that says what was expected."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import checks, retrieval
from helpers.checks import CheckFailed

K = 10


@pytest.fixture(scope="module")
def ranking():
    rng = np.random.default_rng(0)
    y_db, y_val = rng.integers(0, 3, 60), rng.integers(0, 3, 12)
    centres = rng.standard_normal((3, 4)) * 2
    db = centres[y_db] + rng.standard_normal((60, 4))
    val = centres[y_val] + rng.standard_normal((12, 4))
    return retrieval.pairwise_distances(val, db), y_val, y_db


def _right_p10(distances, y_val, y_db, k=K):
    nearest = np.argsort(distances, axis=1, kind="stable")[:, :k]
    return np.mean(y_db[nearest] == y_val[:, None], axis=1)


def test_precision_at_k_accepts_the_right_answer_and_agrees_with_the_helper(ranking, capsys):
    d, y_val, y_db = ranking
    right = _right_p10(d, y_val, y_db)
    np.testing.assert_allclose(right, retrieval.precision_at_k(d, y_val, y_db, k=K))
    checks.check_precision_at_k(right, d, y_val, y_db, k=K)
    assert "\u2714" in capsys.readouterr().out


@pytest.mark.parametrize("mistake, message", [
    ("farthest", "farthest"),
    ("count", "divide by K"),
    ("k_minus_1", "9 neighbours"),
    ("mean", "one number"),
    ("database_labels", "own label"),
    ("none", "array"),
    ("text", "array"),
])
def test_precision_at_k_rejects_typical_mistakes(ranking, mistake, message):
    d, y_val, y_db = ranking
    nearest = np.argsort(d, axis=1, kind="stable")
    answers = {
        "farthest": np.mean(y_db[nearest[:, ::-1][:, :K]] == y_val[:, None], axis=1),
        "count": np.sum(y_db[nearest[:, :K]] == y_val[:, None], axis=1),
        "k_minus_1": _right_p10(d, y_val, y_db, K - 1),
        "mean": float(_right_p10(d, y_val, y_db).mean()),
        "database_labels": np.mean(y_db[nearest[:, :K]] == y_db[:K][None, :], axis=1),
        "none": None,
        "text": "0.9",
    }
    with pytest.raises(CheckFailed, match=message):
        checks.check_precision_at_k(answers[mistake], d, y_val, y_db, k=K)


def test_precision_at_k_rejects_an_unexplained_wrong_answer(ranking):
    d, y_val, y_db = ranking
    with pytest.raises(CheckFailed, match="expected mean"):
        checks.check_precision_at_k(np.full(len(y_val), 0.123), d, y_val, y_db, k=K)


@pytest.fixture(scope="module")
def bits():
    rng = np.random.default_rng(1)
    return rng.random((5, 32)) > 0.5, rng.random((40, 32)) > 0.5


def test_hamming_by_hand_accepts_counting_and_popcount(bits, capsys):
    q, d = bits
    checks.check_hamming_by_hand((q[:, None, :] != d[None, :, :]).sum(axis=2), q, d)
    packed = retrieval.pack_bits(q), retrieval.pack_bits(d)
    popcount = np.bitwise_count(packed[0][:, None, :] ^ packed[1][None, :, :]).sum(axis=2)
    checks.check_hamming_by_hand(popcount, q, d)
    assert capsys.readouterr().out.count("\u2714") == 2


@pytest.mark.parametrize("mistake, message", [
    ("agreements", "agree"),
    ("euclidean", "square root"),
    ("share", "share"),
    ("bytes", "bytes"),
    ("transposed", "transposed"),
    ("one_query", "shape"),
    ("off_by_one", "not the number"),
])
def test_hamming_by_hand_rejects_typical_mistakes(bits, mistake, message):
    q, d = bits
    right = (q[:, None, :] != d[None, :, :]).sum(axis=2)
    pq, pd = np.packbits(q, axis=1), np.packbits(d, axis=1)
    answers = {
        "agreements": (q[:, None, :] == d[None, :, :]).sum(axis=2),
        "euclidean": np.sqrt(right),
        "share": right / 32,
        "bytes": (pq[:, None, :] != pd[None, :, :]).sum(axis=2),
        "transposed": right.T,
        "one_query": right[0],
        "off_by_one": right + 1,
    }
    with pytest.raises(CheckFailed, match=message):
        checks.check_hamming_by_hand(answers[mistake], q, d)


@pytest.fixture(scope="module")
def reviews():
    rng = np.random.default_rng(2)
    db = rng.random((50, 20)) * (rng.random((50, 20)) > 0.7)  # sparse, never negative, as TF-IDF
    test = rng.random((15, 20)) * (rng.random((15, 20)) > 0.7)
    planes = retrieval.random_hyperplanes(20, 16, seed=3)
    return test, db, planes


def test_lsh_bits_accepts_bools_and_zero_one(reviews, capsys):
    test, db, planes = reviews
    right = (test - db.mean(axis=0)) @ planes > 0
    checks.check_lsh_bits(right, test, db, planes)
    checks.check_lsh_bits(right.astype(int), test, db, planes)
    assert capsys.readouterr().out.count("\u2714") == 2


@pytest.mark.parametrize("mistake, message", [
    ("flipped", "flipped"),
    ("not_centred", "not centred"),
    ("own_mean", "own mean"),
    ("projections", "compare the projections"),
    ("wrong_shape", "shape"),
    ("text", "array"),
])
def test_lsh_bits_rejects_typical_mistakes(reviews, mistake, message):
    test, db, planes = reviews
    centred = test - db.mean(axis=0)
    answers = {
        "flipped": centred @ planes < 0,
        "not_centred": test @ planes > 0,
        "own_mean": (test - test.mean(axis=0)) @ planes > 0,
        "projections": centred @ planes,
        "wrong_shape": (centred @ planes > 0).T,
        "text": "bits",
    }
    with pytest.raises(CheckFailed, match=message):
        checks.check_lsh_bits(answers[mistake], test, db, planes)


def test_threshold_prediction_takes_only_the_named_choices(capsys):
    checks.check_threshold_prediction("more")
    checks.check_threshold_prediction(" Less ")
    assert capsys.readouterr().out.count("\u2714") == 2
    for wrong in ("", "bigger", None, 1, ...):
        with pytest.raises(CheckFailed, match="more"):
            checks.check_threshold_prediction(wrong)


@pytest.fixture(scope="module")
def trained():
    """A tiny hashing autoencoder without noise, trained on blobs so that it is not untrained (MSE small)."""
    import keras

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(4)
    y = rng.integers(0, 3, 300)
    x = np.clip(np.eye(3, 16)[y] * 0.5 + 0.12 * rng.standard_normal((300, 16)), 0, 1).astype("float32")

    def build(noise=False, activation="sigmoid", bits=8, name="plain_hash"):
        inputs = keras.Input(shape=(16,), name="pixels")
        h = keras.layers.Dense(8, name="logits")(keras.layers.Dense(16, activation="relu")(inputs))
        if noise:
            h = keras.layers.GaussianNoise(0.5, name="noise")(h)
        code = keras.layers.Activation(activation, name="code")(h)
        outputs = keras.layers.Dense(16, activation="sigmoid")(keras.layers.Dense(16, activation="relu")(code))
        model = keras.Model(inputs, outputs, name=name)
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-2), loss="mse")
        return model

    model = build()
    model.fit(x, x, epochs=60, batch_size=64, verbose=0)
    x_val, x_db, y_val, y_db = x[:60], x[60:], y[:60], y[60:]
    encoder = keras.Model(model.input, model.get_layer("code").output)
    cv, cd = (keras.ops.convert_to_numpy(encoder(a)) for a in (x_val, x_db))
    float_p = retrieval.precision_at_k(retrieval.pairwise_distances(cv, cd), y_val, y_db, k=5).mean()
    bits_p = retrieval.precision_at_k(retrieval.pairwise_distances(cv > 0.5, cd > 0.5, metric="hamming"),
                                      y_val, y_db, k=5).mean()
    return {"model": model, "build": build, "data": (x_val, x_db, y_val, y_db), "cost": float_p - bits_p,
            "float": float_p}


def test_plain_hash_accepts_the_trained_model_and_its_cost(trained, capsys):
    checks.check_plain_hash(trained["model"], trained["cost"], *trained["data"], n_bits=8, k=5,
                            noisy_cost=trained["cost"] - 0.01, prediction="more")
    out = capsys.readouterr().out
    assert "\u2714" in out and "prediction held" in out


@pytest.mark.parametrize("mistake, message", [
    ("noise", "GaussianNoise"),
    ("relu", "sigmoid"),
    ("untrained", "untrained"),
    ("sign", "wrong sign"),
    ("one_precision", "one precision"),
    ("not_a_model", "Keras model"),
    ("text_cost", "finite number"),
    ("other_cost", "gives"),
])
def test_plain_hash_rejects_typical_mistakes(trained, mistake, message):
    model, cost, build = trained["model"], trained["cost"], trained["build"]
    if mistake == "sign" and abs(cost) < 1e-6:
        pytest.skip("the tiny model's thresholding cost is 0, so its sign cannot be wrong")
    answers = {
        "noise": (build(noise=True), cost),
        "relu": (build(activation="relu"), cost),
        "untrained": (build(), cost),
        "sign": (model, -cost),
        "one_precision": (model, trained["float"]),
        "not_a_model": ("plain_hash", cost),
        "text_cost": (model, "0.05"),
        "other_cost": (model, cost + 0.05),
    }
    candidate, value = answers[mistake]
    with pytest.raises(CheckFailed, match=message):
        checks.check_plain_hash(candidate, value, *trained["data"], n_bits=8, k=5)


def test_plain_hash_rejects_a_code_of_the_wrong_width(trained):
    with pytest.raises(CheckFailed, match="N_BITS"):
        checks.check_plain_hash(trained["model"], trained["cost"], *trained["data"], n_bits=16, k=5)
