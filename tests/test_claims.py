"""helpers.claim: strict under the tests, a visible note for a student; the bootstrap intervals;
the seed a notebook runs under (COURSE_SEED, helpers.rng); the fit progress line."""

from __future__ import annotations

import json

import numpy as np
import pytest

import helpers
from helpers import claims
from helpers.metrics import Interval, bootstrap_interval, paired_bootstrap


@pytest.fixture(autouse=True)
def _fresh_notes(monkeypatch):
    monkeypatch.delenv("COURSE_NOTES_PATH", raising=False)
    claims._notes.clear()
    yield
    claims._notes.clear()


# --------------------------------------------------------------------------- claim


def test_a_claim_that_holds_prints_its_numbers(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_STRICT", "1")
    assert helpers.claim("the U-Net beats the control", True, measured="gap 1.6 dB") is True
    assert capsys.readouterr().out == "✓ the U-Net beats the control: gap 1.6 dB\n"
    assert claims.notes() == []


def test_a_false_claim_fails_under_the_tests_with_its_numbers(monkeypatch):
    monkeypatch.setenv("COURSE_STRICT", "1")
    with pytest.raises(AssertionError, match=r"U-Net beats the control.*gap -0.2 dB"):
        helpers.claim("the U-Net beats the control", np.bool_(False), measured="gap -0.2 dB")
    assert claims.notes() == []


@pytest.mark.parametrize("value", ["", "0", "no", "false"])
def test_a_false_claim_is_a_note_for_a_student(monkeypatch, capsys, value):
    monkeypatch.setenv("COURSE_STRICT", value)
    assert helpers.claim("PCA and the autoencoder tie", False, measured="ratio 0.81") is False
    out = capsys.readouterr().out
    assert "Note" in out and "PCA and the autoencoder tie" in out and "ratio 0.81" in out
    assert "lesson goes on" in out
    assert claims.notes() == [{"statement": "PCA and the autoencoder tie", "measured": "ratio 0.81"}]


def test_notes_are_written_where_the_sweep_asks(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_STRICT", "0")
    target = tmp_path / "notes.json"
    monkeypatch.setenv("COURSE_NOTES_PATH", str(target))
    helpers.claim("a", False, measured="1")
    helpers.claim("b", True, measured="2")
    helpers.claim("c", False)
    assert [n["statement"] for n in json.loads(target.read_text())] == ["a", "c"]


def test_strictness_is_read_at_each_call(monkeypatch):
    monkeypatch.setenv("COURSE_STRICT", "0")
    assert not claims._is_strict()
    monkeypatch.setenv("COURSE_STRICT", "TRUE")
    assert claims._is_strict()


@pytest.mark.parametrize(
    ("statement", "holds", "measured", "error", "phrase"),
    [
        (None, True, "", TypeError, "sentence"),
        ("   ", True, "", ValueError, "empty"),
        ("x", True, 3.2, TypeError, "string with the numbers"),
        ("x", np.array([True, False]), "", TypeError, "one truth value"),
    ],
)
def test_bad_arguments_are_named(statement, holds, measured, error, phrase):
    with pytest.raises(error, match=phrase):
        helpers.claim(statement, holds, measured=measured)


# --------------------------------------------------------------------------- intervals


def test_interval_reads_well_and_knows_what_it_excludes():
    interval = Interval(1.62, 1.21, 2.03)
    assert str(interval) == "1.62 (95% interval 1.21 to 2.03)"
    assert interval.format(".1f") == "1.6 (95% interval 1.2 to 2.0)"
    assert interval.excludes(0) and not interval.excludes(1.5)


def test_paired_bootstrap_of_a_constant_difference_is_that_difference():
    a = np.linspace(0, 10, 50)
    interval = paired_bootstrap(a + 0.5, a)
    assert interval.estimate == pytest.approx(0.5)
    assert interval.low == pytest.approx(0.5) and interval.high == pytest.approx(0.5)


def test_pairing_removes_the_items_own_spread():
    rng = np.random.default_rng(0)
    items = rng.normal(0, 5, 200)  # items differ a lot from each other
    a, b = items + 0.3 + rng.normal(0, 0.1, 200), items
    paired = paired_bootstrap(a, b)
    assert paired.excludes(0) and paired.low < 0.3 < paired.high
    unpaired_width = 2 * 1.96 * np.sqrt(a.var() / a.size + b.var() / b.size)
    assert paired.high - paired.low < unpaired_width / 5


def test_bootstrap_interval_covers_the_mean_and_is_repeatable():
    rng = np.random.default_rng(1)
    values = rng.normal(2.0, 1.0, 400)
    first, second = bootstrap_interval(values, seed=3), bootstrap_interval(values, seed=3)
    assert first == second
    assert first.low < values.mean() < first.high
    assert first.low < 2.0 < first.high
    assert first.high - first.low == pytest.approx(2 * 1.96 / 20, rel=0.25)


@pytest.mark.parametrize(
    ("kwargs", "error", "phrase"),
    [
        ({"a": [1.0, 2.0], "b": [1.0, 2.0, 3.0]}, ValueError, "same items"),
        ({"a": [[1.0, 2.0]], "b": [[1.0, 2.0]]}, ValueError, "1-D"),
        ({"a": [1.0], "b": [1.0]}, ValueError, "at least 2"),
        ({"a": ["x", "y"], "b": [1.0, 2.0]}, TypeError, "one number per test item"),
        ({"a": [1.0, np.nan], "b": [1.0, 2.0]}, ValueError, "NaN"),
        ({"a": [1.0, 2.0], "b": [1.0, 2.0], "level": 1.5}, ValueError, "level"),
        ({"a": [1.0, 2.0], "b": [1.0, 2.0], "n_resamples": 3}, ValueError, "at least 10"),
        ({"a": [1.0, 2.0], "b": [1.0, 2.0], "seed": -1}, ValueError, "seed"),
    ],
)
def test_bootstrap_refuses_bad_input(kwargs, error, phrase):
    with pytest.raises(error, match=phrase):
        paired_bootstrap(**kwargs)


# --------------------------------------------------------------------------- the seed


def test_course_seed_overrides_the_notebooks_seed(monkeypatch, capsys):
    from helpers import _setup  # noqa: PLC0415

    monkeypatch.setattr(_setup, "_seed", None)
    monkeypatch.setenv("COURSE_SEED", "7")
    helpers.setup_notebook(seed=42, keras=False)
    assert helpers.current_seed() == 7
    assert "seed 7 (from COURSE_SEED; the notebook asks for 42)" in capsys.readouterr().out
    assert np.random.rand() == np.random.RandomState(7).rand()
    first = helpers.rng().random(3)
    np.testing.assert_array_equal(first, helpers.rng().random(3))  # one stream, one sequence
    assert not np.array_equal(first, helpers.rng(1).random(3))  # another stream, another sequence
    monkeypatch.delenv("COURSE_SEED")
    helpers.setup_notebook(seed=42, keras=False, show=False)
    assert helpers.current_seed() == 42
    assert not np.array_equal(first, helpers.rng().random(3))  # another seed, other draws


@pytest.mark.parametrize("value", ["seven", "-3", "1.5", str(2**32)])
def test_a_bad_course_seed_is_named(monkeypatch, value):
    monkeypatch.setenv("COURSE_SEED", value)
    with pytest.raises(ValueError, match="COURSE_SEED"):
        helpers.setup_notebook(seed=42, keras=False, show=False)


def test_rng_before_setup_says_what_to_do(monkeypatch):
    from helpers import _setup  # noqa: PLC0415

    monkeypatch.setattr(_setup, "_seed", None)
    with pytest.raises(RuntimeError, match="setup_notebook"):
        helpers.rng()
    monkeypatch.setattr(_setup, "_seed", 3)
    with pytest.raises(ValueError, match="stream"):
        helpers.rng(-1)
    with pytest.raises(TypeError, match="stream"):
        helpers.rng(1.5)


# --------------------------------------------------------------------------- progress


def test_fit_progress_shows_a_line_and_clears_it(capsys):
    import keras  # noqa: PLC0415

    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, name="out")])
    model.compile(optimizer="adam", loss="mse")
    x = np.zeros((8, 3), "float32")
    model.fit(x, x[:, :1], epochs=2, verbose=0, callbacks=[helpers.progress.fit_progress("tiny")])
    out = capsys.readouterr().out
    assert "tiny: epoch 2/2" in out and "loss" in out
    assert out.endswith(" " * 100)  # the last thing written blanks the line: nothing is left behind


@pytest.mark.parametrize("label", ["", None, "x" * 81])
def test_fit_progress_refuses_a_bad_label(label):
    with pytest.raises(TypeError, match="label"):
        helpers.progress.fit_progress(label)
