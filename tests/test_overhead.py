"""Unit tests for tools.overhead, the speed-settings study (``make bench STUDY=1``).

Only the plumbing is tested here, with a few passes over a few rows: the
study's timings are measurements, written to bench/, not assertions.
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import pytest

from tools import overhead
from helpers.data import load_images


@pytest.fixture(scope="module")
def rows():
    return load_images("digits", seed=0).x_train[:100]


def test_the_first_row_is_keras_defaults_and_one_row_is_the_helper():
    labels = [label for label, _ in overhead.VARIANTS]
    first = overhead.VARIANTS[0][1]
    assert first == {"batch": 32, "per_call": "batch", "passes_per_epoch": 1, "feed": "arrays", "jit": "auto"}
    assert sum(label.endswith("*") for label in labels) == 1
    assert len(set(labels)) == len(labels)


@pytest.mark.parametrize("label, settings", [overhead.VARIANTS[0], overhead.VARIANTS[4]],
                         ids=["arrays", "pipeline"])
def test_train_once_measures_a_run(rows, label, settings):
    result = overhead.train_once(rows, settings, passes=5)
    assert result["seconds"] > 0 and result["ms_per_step"] > 0
    steps = 5 * int(np.ceil(len(rows) / settings["batch"]))
    assert result["ms_per_step"] == pytest.approx(1000 * result["seconds"] / steps, rel=0.01, abs=0.002)
    assert result["examples_per_s"] == pytest.approx(5 * len(rows) / result["seconds"], rel=0.01)
    assert result["madds_per_example"] == 33_024
    assert 0 < result["train_mse"] < 0.2


def test_format_study_shows_every_row_and_the_share_of_the_limit():
    document = {"machine": {"matmul_float32_gflops": 200.0},
                "variants": {"a": {"seconds": 2.0, "ms_per_step": 1.0, "examples_per_s": 1000.0, "gflops": 10.0,
                                   "train_mse": 0.02},
                             "b": {"seconds": 1.0, "ms_per_step": 0.5, "examples_per_s": 2000.0, "gflops": 20.0,
                                   "train_mse": 0.03}}}
    text = overhead.format_study(document)
    lines = text.splitlines()
    assert len(lines) == 3 and "% of limit" in lines[0]
    assert lines[1].split()[-2:] == ["5.0", "0.0200"]
    assert lines[2].split()[-2:] == ["10.0", "0.0300"]


def test_format_backends_prints_the_ratio_of_shared_rows():
    this = {"machine": {"keras_backend": "tensorflow"}, "variants": {"a": {"seconds": 3.0}, "only": {"seconds": 1}}}
    other = {"machine": {"keras_backend": "jax"}, "variants": {"a": {"seconds": 1.5}}}
    lines = overhead.format_backends(this, other).splitlines()
    assert len(lines) == 2
    assert lines[1].split()[-1] == "2.00"


@pytest.mark.parametrize("passes", ["0", "7", "-5"])
def test_passes_must_be_a_positive_multiple_of_five(passes, capsys):
    assert overhead.main(["--passes", passes]) == 2
    assert "multiple of 5" in capsys.readouterr().err


def test_repeats_must_be_at_least_one(capsys):
    assert overhead.main(["--repeats", "0"]) == 2
    assert "at least 1" in capsys.readouterr().err
