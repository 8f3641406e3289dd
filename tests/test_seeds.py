"""tools.seeds (make seeds): the plan read from a parameters cell, the injected cell, the merged
results file, and one real sweep of a tiny notebook in fresh kernels."""

from __future__ import annotations

import json

import nbformat
import pytest

from tools import seeds


def _notebook(plan: dict | None = None, source: str = "X = 1  # 1 to 3\nNAME = 'a'") -> object:
    nb = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell(source)
    parameters.metadata["tags"] = ["parameters"]
    if plan is not None:
        parameters.metadata["sweep"] = plan
    nb.cells = [nbformat.v4.new_markdown_cell("# title"), parameters,
                nbformat.v4.new_code_cell(
                    "import helpers\nhelpers.setup_notebook(seed=42, keras=False)\n"
                    "helpers.record('x_times_seed', X * helpers.current_seed())\n"
                    "helpers.claim('X is 1', X == 1, measured=f'X = {X}')\n"
                    "assert X != 3, 'three breaks it'")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def test_the_plan_comes_from_the_parameters_cell():
    assert seeds.sweep_plan(_notebook({"X": ["2", 3], "NAME": ["'b'"]})) == [("X", "2"), ("X", "3"), ("NAME", "'b'")]
    assert seeds.sweep_plan(_notebook()) == []


@pytest.mark.parametrize(("plan", "error"), [({"Y": ["2"]}, ValueError), ({"X": ["2 +"]}, SyntaxError),
                                             ({"X": ["len('a')"]}, ValueError)])
def test_a_bad_plan_is_refused(plan, error):
    with pytest.raises(error):
        seeds.sweep_plan(_notebook(plan))


def test_overrides_go_in_a_cell_after_the_parameters():
    nb = seeds.prepared(_notebook(), {"X": "2"})
    assert nb.cells[2].source.endswith("X = 2") and "injected-parameters" in nb.cells[2].metadata["tags"]
    assert len(seeds.prepared(_notebook(), {}).cells) == 3


def test_spread_and_merge_keep_other_notebooks(tmp_path):
    out = tmp_path / "seeds.json"
    run = {"status": "ok", "cell": None, "message": "", "wall_s": 1.0, "notes": []}
    seeds.merge(out, "seeds", ["01_a"], [{"notebook": "01_a", "seed": s, **run, "figures": {"f": s}} for s in (1, 2, 9)],
                {"01_a": 3.0}, {"seeds": [1, 2, 9]})
    seeds.merge(out, "seeds", ["02_b"], [{"notebook": "02_b", "seed": 1, **run, "figures": {"g": 0.5}}],
                {"02_b": 1.0}, {"seeds": [1]})
    document = json.loads(out.read_text())
    assert document["figures"]["01_a"]["f"] == {"values": {"1": 1, "2": 2, "9": 9}, "min": 1, "median": 2, "max": 9}
    assert {r["notebook"] for r in document["runs"]} == {"01_a", "02_b"}
    assert all("figures" not in r for r in document["runs"])
    assert document["elapsed_s"] == {"01_a": 3.0, "02_b": 1.0, "total": 4.0}
    assert "01_a" in seeds.format_runs(document, "seeds") and "3/3" in seeds.format_runs(document, "seeds")


@pytest.mark.integration
def test_a_real_sweep_of_a_tiny_notebook(tmp_path, monkeypatch):
    folder = tmp_path / "nbs"
    folder.mkdir()
    nbformat.write(_notebook({"X": ["2", "3"]}), folder / "01_tiny.ipynb")
    monkeypatch.setattr(seeds, "find_notebooks", lambda prefixes: sorted(folder.glob("*.ipynb")))
    out = tmp_path / "seeds.json"
    assert seeds.main(["--seeds", "5", "6", "--out", str(out)]) == 0
    document = json.loads(out.read_text())
    assert document["figures"]["01_tiny"]["x_times_seed"]["values"] == {"5": 5, "6": 6}  # the seed reached the kernel
    params = tmp_path / "params.json"
    assert seeds.main(["--params", "--out", str(params)]) == 1  # X = 3 fails its assert
    runs = {r["value"]: r for r in json.loads(params.read_text())["runs"]}
    assert runs["2"]["status"] == "ok" and [n["statement"] for n in runs["2"]["notes"]] == ["X is 1"]
    assert runs["3"]["status"] == "failed" and runs["3"]["cell"] == 2 and "three breaks it" in runs["3"]["message"]
