"""The student release built by nbgrader: no solutions or hidden tests, blank exercises fail
their checks, and everything before the first exercise still runs."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

from tools.classroom import generate_release

ROOT = Path(__file__).resolve().parent.parent
INSTRUCTOR = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
MARKUP = ("### BEGIN SOLUTION", "### END SOLUTION", "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    return generate_release(tmp_path_factory.mktemp("release"))


def nbgrader_meta(cell):
    return cell.metadata.get("nbgrader", {})


def test_release_has_every_notebook(release):
    assert [p.name for p in release] == [p.name for p in INSTRUCTOR]


def test_release_has_no_solution_or_hidden_test(release):
    for path in release:
        text = path.read_text()
        for marker in MARKUP:
            assert marker not in text, f"{path.name} still contains {marker!r}"
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if nbgrader_meta(cell).get("solution") and cell.cell_type == "code":
                assert "raise NotImplementedError" in cell.source, f"{path.name}: a solution cell is not stubbed"
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: outputs not cleared"


def test_release_removed_the_solution_code_itself(release):
    """Solution lines of the instructor version must not survive anywhere in the student version."""
    for instructor, student in zip(INSTRUCTOR, release):
        student_text = student.read_text()
        nb = nbformat.read(instructor, as_version=4)
        for cell in nb.cells:
            if not nbgrader_meta(cell).get("solution"):
                continue
            body = cell.source.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
            for line in body.strip().splitlines():
                if len(line.strip()) > 25:  # long enough to be specific to the solution
                    assert line.strip() not in student_text, f"{student.name} leaks solution line {line.strip()!r}"


def test_instructor_notebooks_pass_their_own_checks():
    """The committed (executed) instructor notebooks: every check cell ran without error and said so."""
    for path in INSTRUCTOR:
        nb = nbformat.read(path, as_version=4)
        # graded code cells run a check; graded Markdown cells are written answers, graded by hand
        graded = [c for c in nb.cells if nbgrader_meta(c).get("grade") and c.cell_type == "code"]
        assert len(graded) >= 2, f"{path.name} has fewer than two graded checks"
        for cell in graded:
            assert not [o for o in cell.outputs if o.output_type == "error"], f"{path.name}: a check failed"
            printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
            assert "\u2714" in printed, f"{path.name}: check cell {nbgrader_meta(cell)['grade_id']} printed no tick"


def executed(path: Path):
    from nbclient import NotebookClient  # noqa: PLC0415

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, kernel_name="python3", timeout=600, allow_errors=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


@pytest.mark.parametrize("index", range(len(INSTRUCTOR)), ids=[p.stem for p in INSTRUCTOR])
def test_blank_student_version_fails_its_checks_but_runs_up_to_the_exercises(release, index, monkeypatch):
    monkeypatch.setenv("PYTHONHASHSEED", os.environ.get("PYTHONHASHSEED", "0"))
    nb = executed(release[index])
    first_exercise = next(i for i, c in enumerate(nb.cells) if nbgrader_meta(c).get("solution"))
    for i, cell in enumerate(nb.cells[:first_exercise]):
        if cell.cell_type != "code" or "raises-exception" in cell.metadata.get("tags", []):
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, f"{release[index].name} cell {i} fails before the first exercise: {errors[0].ename}"
    for cell in nb.cells:
        if nbgrader_meta(cell).get("grade") and cell.cell_type == "code":  # Markdown answers are graded by hand
            assert [o for o in cell.outputs if o.output_type == "error"], (
                f"{release[index].name}: check {nbgrader_meta(cell)['grade_id']} passed on a blank exercise"
            )


def test_nbgrader_validate_invert_agrees(release):
    """nbgrader's own validator, inverted: on the blank notebook no graded cell may pass."""
    from nbgrader.validator import Validator  # noqa: PLC0415

    validator = Validator(invert=True)
    results = validator.validate(str(release[0]))
    assert not results.get("type_changed") and not results.get("changed"), results
    assert not results.get("passed"), f"checks passed on a blank {release[0].name}: {results['passed']}"
