"""Unit tests for helpers.report: recording named figures and the optional JSON report file."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from helpers import report


@pytest.fixture(autouse=True)
def clean_report(monkeypatch):
    """Start and end every test with no figures and no report file configured."""
    monkeypatch.delenv(report._ENV_VAR, raising=False)
    report.clear()
    yield
    report.clear()


def test_env_var_name():
    assert report._ENV_VAR == "COURSE_REPORT_PATH"


def test_record_then_figures():
    assert report.figures() == {}
    report.record("rank_of_collapsed_chain", 20)
    report.record("psnr_dae_db", 24.5)
    report.record("converged", True)
    report.record("best_model", "dae")
    assert report.figures() == {
        "rank_of_collapsed_chain": 20,
        "psnr_dae_db": 24.5,
        "converged": True,
        "best_model": "dae",
    }


def test_record_returns_none():
    assert report.record("answer", 42) is None


def test_recording_a_name_again_replaces_its_value():
    report.record("answer", 1)
    report.record("answer", 2)
    assert report.figures() == {"answer": 2}


def test_figures_is_a_copy():
    report.record("answer", 42)
    copy = report.figures()
    copy["answer"] = 0
    copy["other"] = 1
    assert report.figures() == {"answer": 42}


def test_clear_forgets_the_figures():
    report.record("answer", 42)
    report.clear()
    assert report.figures() == {}


def test_nothing_is_written_without_the_env_var(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    report.record("answer", 42)
    report.record("other", 1.5)
    assert list(tmp_path.iterdir()) == []
    assert report.figures() == {"answer": 42, "other": 1.5}


def test_nothing_is_written_when_the_env_var_is_empty(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(report._ENV_VAR, "")
    report.record("answer", 42)
    assert list(tmp_path.iterdir()) == []


def test_file_is_written_with_all_figures(tmp_path, monkeypatch):
    target = tmp_path / "sub" / "f.json"
    monkeypatch.setenv(report._ENV_VAR, str(target))
    report.record("answer", 42)
    assert target.exists()
    assert json.loads(target.read_text(encoding="utf-8")) == {"answer": 42}


def test_file_is_rewritten_on_each_call(tmp_path, monkeypatch):
    target = tmp_path / "sub" / "f.json"
    monkeypatch.setenv(report._ENV_VAR, str(target))
    report.record("answer", 42)
    report.record("psnr_dae_db", 24.5)
    assert json.loads(target.read_text(encoding="utf-8")) == {"answer": 42, "psnr_dae_db": 24.5}
    report.record("answer", 43)
    report.record("flag", False)
    report.record("label", "dae")
    assert json.loads(target.read_text(encoding="utf-8")) == {
        "answer": 43,
        "psnr_dae_db": 24.5,
        "flag": False,
        "label": "dae",
    }
    # only the report remains: the temporary files were renamed or removed
    assert [p.name for p in target.parent.iterdir()] == ["f.json"]


def test_file_includes_figures_recorded_before_the_env_var_was_set(tmp_path, monkeypatch):
    report.record("early", 1)
    target = tmp_path / "f.json"
    monkeypatch.setenv(report._ENV_VAR, str(target))
    report.record("late", 2)
    assert json.loads(target.read_text(encoding="utf-8")) == {"early": 1, "late": 2}


def test_rejected_figure_leaves_the_file_unchanged(tmp_path, monkeypatch):
    target = tmp_path / "f.json"
    monkeypatch.setenv(report._ENV_VAR, str(target))
    report.record("answer", 42)
    before = target.read_text(encoding="utf-8")
    with pytest.raises(ValueError):
        report.record("bad", math.nan)
    assert target.read_text(encoding="utf-8") == before
    assert report.figures() == {"answer": 42}


@pytest.mark.parametrize(
    ("value", "expected", "kind"),
    [
        (np.float32(1.5), 1.5, float),
        (np.float64(0.25), 0.25, float),
        (np.int64(7), 7, int),
        (np.int32(-3), -3, int),
        (np.uint8(255), 255, int),
    ],
)
def test_numpy_numbers_become_plain_python_numbers(tmp_path, monkeypatch, value, expected, kind):
    target = tmp_path / "f.json"
    monkeypatch.setenv(report._ENV_VAR, str(target))
    report.record("x", value)
    stored = report.figures()["x"]
    assert type(stored) is kind
    assert stored == expected
    on_disk = json.loads(target.read_text(encoding="utf-8"))["x"]
    assert type(on_disk) is kind and on_disk == expected


@pytest.mark.parametrize("value", [np.bool_(True), np.bool_(False)])
def test_numpy_bool_becomes_a_plain_bool(tmp_path, monkeypatch, value):
    target = tmp_path / "f.json"
    monkeypatch.setenv(report._ENV_VAR, str(target))
    report.record("flag", value)
    stored = report.figures()["flag"]
    assert type(stored) is bool and stored == bool(value)
    assert json.loads(target.read_text(encoding="utf-8")) == {"flag": bool(value)}


@pytest.mark.parametrize(
    "name",
    [
        "Answer",
        "ANSWER",
        "my answer",
        "answer-1",
        "1st_answer",
        "_answer",
        "",
        "a" * 65,
        "psnr.db",
        "caf\u00e9",
    ],
)
def test_badly_formed_names_are_a_value_error(name):
    with pytest.raises(ValueError, match="snake_case"):
        report.record(name, 1)
    assert report.figures() == {}


@pytest.mark.parametrize("name", [None, 42, b"answer", ("answer",)])
def test_names_that_are_not_strings_are_a_value_error(name):
    with pytest.raises(ValueError, match="snake_case"):
        report.record(name, 1)


def test_a_name_with_a_trailing_newline_is_a_value_error():
    with pytest.raises(ValueError):
        report.record("answer\n", 1)


@pytest.mark.parametrize("name", ["a", "a" * 64, "x1", "psnr_dae_db", "ae_over_pca_mse_2d"])
def test_well_formed_names_are_accepted(name):
    report.record(name, 1)
    assert report.figures() == {name: 1}


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, np.float32("nan"), np.float64("inf")])
def test_non_finite_numbers_are_a_value_error(value):
    with pytest.raises(ValueError, match="finite"):
        report.record("x", value)
    assert report.figures() == {}


@pytest.mark.parametrize(
    "value", [[1, 2], (1, 2), np.array([1.0, 2.0]), np.array(3.0), {"a": 1}, None, 1 + 2j, b"bytes"]
)
def test_values_that_are_not_numbers_bools_or_strings_are_a_type_error(value):
    with pytest.raises(TypeError, match="number, bool or string"):
        report.record("x", value)
    assert report.figures() == {}


def test_long_strings_are_a_value_error():
    report.record("ok", "a" * 200)
    with pytest.raises(ValueError, match="200 characters"):
        report.record("too_long", "a" * 201)
    assert report.figures() == {"ok": "a" * 200}
