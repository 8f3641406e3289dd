"""Run-to-run agreement: a notebook that trains, run twice in fresh kernels, records the same figures.

Only notebooks whose determinism is in question run a second time: those that train a Keras
model, where threaded float reductions could make two runs on one machine differ. 02 is the
fastest of them, so it stands for the rest here (``make bench TWICE=1`` compares all). 01 trains
nothing (NumPy products from seeded generators), so it is not run again.

The first run is the one nbval did in this ``make test`` (its figures are in this test run's
folder, see tools/testruns.py): this test adds one execution. Run on its own, it runs 02 twice.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.bench import agreement, is_timing, run_in_fresh_process
from tools.testruns import recorded_figures

ROOT = Path(__file__).resolve().parent.parent
# Stated tolerance: recorded figures agree to a relative 1e-6 between two runs on one machine
# (timings excluded).
TOLERANCE = 1e-6
IN_QUESTION = ["02_dense_autoencoder"]


def test_agreement_measure():
    assert agreement({"a": 1.0, "t_s": 3.0}, {"a": 1.0, "t_s": 9.0}) == 0.0
    assert agreement({"a": 1.0}, {"a": 1.1}) == pytest.approx(0.1 / 1.1)
    assert agreement({"a": 1}, {}) == 1.0
    assert agreement({"a": "x"}, {"a": "y"}) == 1.0
    assert is_timing("ae_fit_s") and is_timing("train_seconds") and not is_timing("ssim_dae")
    assert is_timing("ae_2d_examples_per_s") and is_timing("ae_2d_gflops")
    assert not is_timing("ae_2d_madds_per_example")


@pytest.mark.parametrize("name", IN_QUESTION)
def test_a_training_notebook_gives_the_same_figures_twice(name, monkeypatch):
    monkeypatch.setenv("PYTHONHASHSEED", "0")
    path = ROOT / "notebooks" / f"{name}.ipynb"
    first = recorded_figures(path)  # nbval's run of this very notebook and helpers, if it ran
    if first is None:
        run = run_in_fresh_process(path)
        assert "error" not in run, run.get("error")
        first = run["figures"]
    second = run_in_fresh_process(path)
    assert "error" not in second, second.get("error")
    assert first, f"{name} recorded no figures"
    diff = agreement(first, second["figures"])
    assert diff <= TOLERANCE, f"{name}: figures differ by up to {diff:.2e} between runs: {first} vs {second['figures']}"
