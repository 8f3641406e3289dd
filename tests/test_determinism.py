"""Run-to-run agreement: the fast notebooks, run twice in fresh kernels, record the same figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.bench import agreement, is_timing, run_in_fresh_process

ROOT = Path(__file__).resolve().parent.parent
# Stated tolerance: recorded figures agree to a relative 1e-6 between two runs on one machine
# (timings excluded). The fast notebooks are tested here; `make bench --twice` reports all.
TOLERANCE = 1e-6
FAST = ["01_matrix_chains", "02_dense_autoencoder"]


def test_agreement_measure():
    assert agreement({"a": 1.0, "t_s": 3.0}, {"a": 1.0, "t_s": 9.0}) == 0.0
    assert agreement({"a": 1.0}, {"a": 1.1}) == pytest.approx(0.1 / 1.1)
    assert agreement({"a": 1}, {}) == 1.0
    assert agreement({"a": "x"}, {"a": "y"}) == 1.0
    assert is_timing("ae_fit_s") and is_timing("train_seconds") and not is_timing("ssim_dae")
    assert is_timing("ae_2d_examples_per_s") and is_timing("ae_2d_gflops")
    assert not is_timing("ae_2d_madds_per_example")


@pytest.mark.parametrize("name", FAST)
def test_fast_notebook_gives_the_same_figures_twice(name, monkeypatch):
    monkeypatch.setenv("PYTHONHASHSEED", "0")
    path = ROOT / "notebooks" / f"{name}.ipynb"
    first, second = run_in_fresh_process(path), run_in_fresh_process(path)
    assert "error" not in first and "error" not in second, (first.get("error"), second.get("error"))
    assert first["figures"], f"{name} recorded no figures"
    diff = agreement(first["figures"], second["figures"])
    assert diff <= TOLERANCE, f"{name}: figures differ by up to {diff:.2e} between runs: {first['figures']} vs {second['figures']}"
