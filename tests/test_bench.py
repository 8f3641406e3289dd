"""Unit tests for tools.bench: notebook selection, the results table, machine info and run_one."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import nbformat
import pytest

from tools import bench


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in ("10_c.ipynb", "02_b.ipynb", "notes.ipynb", "01_a.ipynb", "03_d.txt"):
        (tmp_path / name).write_text("{}")
    return tmp_path


def test_find_notebooks_all_numbered_ones_sorted(folder):
    found = bench.find_notebooks([], folder)
    assert [p.name for p in found] == ["01_a.ipynb", "02_b.ipynb", "10_c.ipynb"]
    assert all(p.parent == folder for p in found)


def test_find_notebooks_by_prefix(folder):
    assert [p.name for p in bench.find_notebooks(["02"], folder)] == ["02_b.ipynb"]
    assert [p.name for p in bench.find_notebooks(["01_a"], folder)] == ["01_a.ipynb"]


def test_find_notebooks_several_prefixes_keep_order_without_duplicates(folder):
    found = bench.find_notebooks(["10", "0", "01"], folder)
    assert [p.name for p in found] == ["10_c.ipynb", "01_a.ipynb", "02_b.ipynb"]


@pytest.mark.parametrize("prefix", ["99", "notes", "c"])
def test_find_notebooks_unknown_prefix_lists_the_notebooks(folder, prefix):
    with pytest.raises(ValueError, match=f"no notebook starts with '{prefix}'") as info:
        bench.find_notebooks([prefix], folder)
    assert "01_a, 02_b, 10_c" in str(info.value)


def test_find_notebooks_in_an_empty_folder(tmp_path):
    assert bench.find_notebooks([], tmp_path) == []
    with pytest.raises(ValueError, match="none"):
        bench.find_notebooks(["01"], tmp_path)


def test_format_table_marks_failures():
    table = bench.format_table(
        {
            "01_matrix_chains": {"wall_s": 12.345, "peak_rss_mib": 512.4, "figures": {"a": 1, "b": 2.5},
                                 "training": {"ae": {"gflops": 2.5}, "other": {"gflops": 1.0}},
                                 "run_to_run_max_rel_diff": 0.0},
            "02_broken": {"wall_s": 1.0, "peak_rss_mib": 90.0, "figures": {}, "error": "ZeroDivisionError: x"},
        },
        startup_s=5.0,
    )
    lines = table.splitlines()
    assert len(lines) == 3
    assert lines[0].split() == ["notebook", "wall", "s", "beyond", "start-up", "s", "peak", "MiB", "figures",
                                "best", "train", "GFLOP/s", "run-to-run", "status"]
    ok, failed = lines[1], lines[2]
    assert ok.startswith("01_matrix_chains")
    assert ok.split()[1:] == ["12.3", "7.3", "512", "2", "2.50", "0.0e+00", "ok"]
    assert failed.startswith("02_broken") and "FAILED: ZeroDivisionError: x" in failed
    assert "FAILED" not in ok


def test_format_table_without_figures_key():
    table = bench.format_table({"01_x": {"wall_s": 1.0, "peak_rss_mib": 2.0}})
    assert table.splitlines()[1].split() == ["01_x", "1.0", "-", "2", "0", "-", "-", "ok"]


def test_total_over_startup_is_the_sum_over_count_times_floor():
    notebooks = {"01": {"wall_s": 6.0}, "02": {"wall_s": 12.0}, "03": {"wall_s": 1.0, "error": "x"}}
    assert bench.total_over_startup(notebooks, 3.0) == round(18.0 / (2 * 3.0), 2)
    assert bench.total_over_startup(notebooks, None) is None, "no floor measured, no ratio"
    assert bench.total_over_startup({}, 3.0) is None


def test_the_startup_baseline_is_the_setup_cell_only():
    nb = bench.startup_notebook()
    assert [c.cell_type for c in nb.cells] == ["code"]
    assert "helpers.setup_notebook(" in nb.cells[0].source and "import keras" in nb.cells[0].source


def test_the_fit_timer_goes_right_after_the_setup_cell_and_the_notebook_is_not_changed():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# title"), nbformat.v4.new_code_cell("X = 1"),
                nbformat.v4.new_code_cell("import helpers\nhelpers.setup_notebook(seed=42)"),
                nbformat.v4.new_code_cell("model.fit(x, x)")]
    timed = bench.with_fit_timer(nb)
    assert len(nb.cells) == 4, "the original is left as it was"
    assert [c.source for c in timed.cells[:3]] == [c.source for c in nb.cells[:3]]
    assert timed.cells[3].source == bench.FITLOG_SOURCE
    assert timed.cells[4].source == "model.fit(x, x)"
    plain = nbformat.v4.new_notebook()
    plain.cells = [nbformat.v4.new_markdown_cell("no setup"), nbformat.v4.new_code_cell("1")]
    assert bench.with_fit_timer(plain).cells[1].source == bench.FITLOG_SOURCE, "no setup cell: first code cell"


def test_machine_info_keys_and_no_personal_names():
    info = bench.machine_info()
    for key in ("date", "cpu_count", "python", "platform", "machine", "processor"):
        assert key in info
    assert info["matmul_float32_gflops"] > 0.1, "the machine's arithmetic limit is measured"
    assert info["cpu_count"] == os.cpu_count()
    assert info["date"].endswith("Z") and len(info["date"]) == len("2024-01-01T00:00:00Z")
    home = str(Path.home())
    hostname = socket.gethostname()
    personal = {home, hostname, hostname.split(".")[0]}
    for key, value in info.items():
        assert key not in personal
        assert str(value) not in personal
        assert home not in str(value)


def _write_notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in sources]
    nbformat.write(nb, path)
    return path


@pytest.mark.integration
def test_run_one_measures_a_notebook(tmp_path, monkeypatch):
    monkeypatch.delenv("COURSE_REPORT_PATH", raising=False)
    monkeypatch.setenv("PYTHONHASHSEED", "0")
    path = _write_notebook(
        tmp_path / "01_tiny.ipynb",
        'import helpers; helpers.record("answer", 42)',
        "x = list(range(10**6))",
    )
    before = path.read_text()
    entry = bench.run_one(path)
    assert entry["figures"] == {"answer": 42}
    assert entry["wall_s"] > 0
    assert entry["peak_rss_mib"] > 30
    assert "error" not in entry
    assert set(entry) == {"wall_s", "cpu_s", "peak_rss_mib", "figures", "training"}
    assert entry["cpu_s"] > 0  # the kernel built a list of a million numbers
    assert entry["training"] == {}, "a notebook that trains nothing logs no training run"
    assert path.read_text() == before  # nothing written back to the notebook


@pytest.mark.integration
def test_run_one_reports_a_failing_cell(tmp_path, monkeypatch):
    monkeypatch.delenv("COURSE_REPORT_PATH", raising=False)
    monkeypatch.setenv("PYTHONHASHSEED", "0")
    path = _write_notebook(
        tmp_path / "02_fails.ipynb",
        'import helpers; helpers.record("before_error", 1)',
        "1/0",
        'helpers.record("after_error", 2)',
    )
    entry = bench.run_one(path)
    assert "ZeroDivisionError" in entry["error"]
    assert entry["figures"] == {"before_error": 1}
    assert "FAILED" in bench.format_table({"02_fails": entry})


def test_format_comparison_gives_the_wall_time_ratio():
    this = {"machine": {"keras_backend": "jax"},
            "notebooks": {"01_a": {"wall_s": 6.0, "training": {"x": {"gflops": 15.0}}}, "09_new": {"wall_s": 1.0}}}
    other = {"machine": {"keras_backend": "tensorflow"},
             "notebooks": {"01_a": {"wall_s": 4.0, "training": {"x": {"gflops": 10.0}}}}}
    lines = bench.format_comparison(this, other).splitlines()
    assert "jax s" in lines[0] and "tensorflow s" in lines[0]
    assert len(lines) == 2, "notebooks missing from the other run are left out"
    assert lines[1].split() == ["01_a", "6.0", "4.0", "1.50", "15.0", "10.0"]


def _run(fits: int, seconds: float, rate: float, madds: int, gflops: float) -> dict:
    return {"fits": fits, "seconds": seconds, "examples": int(rate * seconds), "examples_per_s": rate,
            "madds_per_example": madds, "gflops": gflops}


def test_format_training_lists_every_trained_model_against_the_limit():
    results = {
        "02_dense": {"training": {"autoencoder_2d": _run(1, 2.0, 50_000.0, 33_024, 9.9072)}},
        "05_faces": {"training": {"unet": _run(1, 5.0, 4_000.0, 1_104_192, 26.5),
                                  "conv_ae": _run(2, 6.0, 3_000.0, 840_960, 15.1)}},
        "01_chains": {"figures": {"rank": 20}},
    }
    lines = bench.format_training(results, 200.0).splitlines()
    assert len(lines) == 4  # a header and three runs; notebooks without training add no row
    assert lines[1].split() == ["02_dense", "autoencoder_2d", "(1)", "2.00", "50,000", "33,024", "9.9", "5.0"]
    assert [line.split()[1] for line in lines[2:]] == ["conv_ae", "unet"]
    assert lines[2].split()[2] == "(2)", "a model fitted twice says so"
    assert lines[3].split()[-1] == "13.2"


def test_format_training_without_runs_says_so():
    assert bench.format_training({"01": {"figures": {}}}, 200.0) == "no training runs recorded"
    assert bench.format_training({"01": {"training": {}}}, 200.0) == "no training runs recorded"


def test_suite_times_make_unit_then_make_test(tmp_path):
    """--suite: make unit, then make test, each timed with its exit code (a fake make here)."""
    log = tmp_path / "calls"
    make = tmp_path / "make"
    make.write_text(f"#!/bin/sh\necho \"$1\" >> {log}\n[ \"$1\" = unit ]\n")
    make.chmod(0o755)
    entries = bench.suite_times(str(make))
    assert log.read_text().split() == ["unit", "test"]
    assert entries["make_unit_exit"] == 0 and entries["make_test_exit"] == 1
    assert entries["make_unit_s"] >= 0 and entries["make_test_s"] >= 0
