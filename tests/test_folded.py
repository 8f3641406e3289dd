"""Exercises open folded in JupyterLab (issue 23): every solution cell and every hidden-test cell of
the committed notebooks has ``metadata.jupyter.source_hidden = true`` (``make fold`` sets it), and the
tool that sets it is idempotent and changes nothing else of a file."""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

import pytest

from tools import fold

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = fold.notebooks()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_solution_and_hidden_test_cell_is_folded(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert any(fold.is_solution(c) for c in nb["cells"]), f"{path.name} has no solution cell"
    missing = fold.unfolded_cells(nb)
    assert not missing, (f"{path.name}: cells {missing} (solutions or hidden tests) open unfolded in JupyterLab; "
                         "run `make fold` and commit the notebook")


def test_cells_to_fold_are_the_solutions_and_the_hidden_tests():
    def cell(kind, source, **grader):
        return {"cell_type": kind, "source": source, "metadata": {"nbgrader": grader} if grader else {}}

    assert fold.to_fold(cell("code", "### BEGIN SOLUTION\nx = 1\n### END SOLUTION", solution=True, grade=False))
    assert fold.to_fold(cell("markdown", "### BEGIN SOLUTION\nBecause.\n### END SOLUTION", solution=True, grade=True))
    assert fold.to_fold(cell("code", ["check(x)\n", "### BEGIN HIDDEN TESTS\n", "assert x\n",
                                      "### END HIDDEN TESTS"], grade=True, solution=False))
    assert not fold.to_fold(cell("code", "check(x)", grade=True, solution=False)), "a check without hidden tests"
    assert not fold.to_fold(cell("code", "x = 1"))
    assert not fold.to_fold(cell("markdown", "The task: ### BEGIN HIDDEN TESTS in prose"))


def test_fold_is_idempotent_and_touches_nothing_else(tmp_path):
    source = NOTEBOOKS[0]
    copy = tmp_path / source.name
    nb = json.loads(source.read_text(encoding="utf-8"))
    fold.unfold(nb)  # start from an unfolded notebook, whatever the committed one is
    copy.write_text(fold.dumps(nb), encoding="utf-8")
    before = copy.read_text(encoding="utf-8")
    expected = len([c for c in nb["cells"] if fold.to_fold(c)])
    assert expected >= 2

    assert fold.fold_file(copy) == expected
    once = copy.read_text(encoding="utf-8")
    assert fold.fold_file(copy) == 0, "a second run changed cells"
    assert copy.read_text(encoding="utf-8") == once, "a second run rewrote the file"

    added = [line for line in difflib.ndiff(before.splitlines(), once.splitlines()) if line.startswith(("+ ", "- "))]
    assert all(line.startswith("+ ") for line in added), f"folding removed or changed lines: {added[:5]}"
    assert {line.strip(" +,") for line in added} <= {'"jupyter": {', '"source_hidden": true', "}"}, added[:10]

    folded = json.loads(once)
    assert not fold.unfolded_cells(folded)
    fold.unfold(folded)
    assert folded == json.loads(before), "unfolding the folded notebook does not give back the original"


def test_fold_writes_what_nbformat_writes(tmp_path):
    import nbformat  # noqa: PLC0415

    copy = tmp_path / NOTEBOOKS[0].name
    shutil.copy2(NOTEBOOKS[0], copy)
    fold.fold_file(copy)
    assert copy.read_text(encoding="utf-8") == nbformat.writes(nbformat.read(copy, as_version=4)) + "\n"


def test_a_broken_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "01_half_written.ipynb"
    bad.write_text('{"cells": [', encoding="utf-8")
    with pytest.raises(ValueError, match="not valid JSON"):
        fold.fold_file(bad)
    bad.write_text("[]", encoding="utf-8")
    with pytest.raises(ValueError, match="not a Jupyter notebook"):
        fold.fold_file(bad)


def test_check_mode_reports_and_changes_nothing(tmp_path, capsys):
    copy = tmp_path / NOTEBOOKS[0].name
    nb = json.loads(NOTEBOOKS[0].read_text(encoding="utf-8"))
    fold.unfold(nb)
    copy.write_text(fold.dumps(nb), encoding="utf-8")
    before = copy.read_bytes()
    assert fold.main(["--check", str(tmp_path)]) == 1
    assert "not folded" in capsys.readouterr().out
    assert copy.read_bytes() == before
    assert fold.main([str(tmp_path)]) == 0
    assert fold.main(["--check", str(tmp_path)]) == 0
