"""A teacher's whole grading loop with nbgrader, as the README's "For teachers" section runs it.

A course folder with a sqlite gradebook, one notebook released as an assignment, three submissions
collected from files (the instructor's solution, the blank release, and one with the first
exercises right and the others wrong), then ``nbgrader autograde``, ``nbgrader generate_feedback``
and ``nbgrader export``. Expected scores come from the notebook's own nbgrader metadata.
"""

from __future__ import annotations

import ast
import csv
import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


def meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def exercises(nb) -> list[tuple[dict, list[dict]]]:
    """Each code solution cell with the auto-graded check cells that follow it (up to the next solution)."""
    found: list[tuple[dict, list[dict]]] = []
    for cell in nb.cells:
        if cell.cell_type == "code" and meta(cell).get("solution") and not meta(cell).get("grade"):
            found.append((cell, []))
        elif cell.cell_type == "code" and meta(cell).get("grade") and found:
            found[-1][1].append(cell)
    return found


def pick_notebook() -> Path:
    """The first notebook with at least two auto-graded exercises: the shortest loop that shows partial credit."""
    for path in NOTEBOOKS:
        if len([e for e in exercises(nbformat.read(path, as_version=4)) if e[1]]) >= 2:
            return path
    pytest.fail("no notebook has two auto-graded exercises")


NOTEBOOK = pick_notebook()
ASSIGNMENT = NOTEBOOK.stem
# The commands the README's teacher's guide gives, in its order (run in the course folder).
COMMANDS = [
    f"nbgrader generate_assignment {ASSIGNMENT}",
    f"nbgrader zip_collect {ASSIGNMENT}",
    f"nbgrader autograde {ASSIGNMENT}",
    f"nbgrader generate_feedback {ASSIGNMENT}",
    "nbgrader export",
]


def solved(source: str) -> str:
    """The instructor's cell as a student would have typed it: the solution, without the markup lines."""
    return "\n".join(line for line in source.splitlines() if line.strip() not in (BEGIN, END))


def wrong(source: str) -> str:
    """A plausible wrong answer: the solution region replaced by code that runs but answers None.

    Names the solution assigns at the top level are set to None; inside a function body the
    region becomes ``pass`` (the function returns None).
    """
    lines = source.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == BEGIN)
    stop = next(i for i, line in enumerate(lines) if line.strip() == END)
    indent = re.match(r"\s*", lines[start]).group(0)
    region = "\n".join(line[len(indent):] for line in lines[start + 1:stop])
    names = []
    for node in ast.parse(region).body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        for target in targets:
            for name in ast.walk(target) if target is not None else []:
                if isinstance(name, ast.Name) and name.id not in names:
                    names.append(name.id)
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.append(node.name)
    body = [f"{indent}{name} = None" for name in names] if names and not indent else [f"{indent}pass"]
    return "\n".join(lines[:start] + body + lines[stop + 1:])


def submission(release: Path, instructor, kind: str) -> nbformat.NotebookNode:
    """The released notebook with its exercises answered: 'full', 'blank' or 'partial'."""
    nb = nbformat.read(release, as_version=4)
    answers = {meta(cell)["grade_id"]: cell.source for cell, _ in exercises(instructor)}
    ids = list(answers)
    right = set(ids) if kind == "full" else set(ids[: len(ids) // 2]) if kind == "partial" else set()
    for cell in nb.cells:
        grade_id = meta(cell).get("grade_id")
        if grade_id in right:
            cell.source = solved(answers[grade_id])
        elif grade_id in answers and kind == "partial":
            cell.source = wrong(answers[grade_id])
    return nb


def nbgrader(command: str, course: Path) -> str:
    """Run one of the teacher's commands in the course folder, with this Python's nbgrader."""
    args = command.split()
    assert args[0] == "nbgrader"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
           "PYTHONHASHSEED": "0",  # nbgrader calls `alembic` from PATH, as in an activated environment
           "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])}
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args[1:]], cwd=course, env=env,
                          capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, f"{command} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout + done.stderr


STUDENTS = {"full": "ada", "blank": "blaise", "partial": "carl"}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The loop, run once: lay out, release, collect, autograde, feedback, export."""
    folder = tmp_path_factory.mktemp("course") / "course"
    done = subprocess.run([sys.executable, "-m", "tools.classroom", "--course", str(folder)], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    nbgrader(COMMANDS[0], folder)  # generate_assignment: creates gradebook.db and release/
    assert (folder / "gradebook.db").exists(), "no sqlite gradebook"
    release = folder / "release" / ASSIGNMENT / NOTEBOOK.name
    instructor = nbformat.read(NOTEBOOK, as_version=4)
    archive = folder / "downloaded" / ASSIGNMENT / "archive"
    archive.mkdir(parents=True)
    for kind, student in STUDENTS.items():  # the files students handed in, named STUDENT__NOTEBOOK.ipynb
        nbformat.write(submission(release, instructor, kind), archive / f"{student}__{NOTEBOOK.name}")
    for command in COMMANDS[1:]:
        nbgrader(command, folder)
    return folder


def points(cells) -> float:
    return float(sum(meta(cell).get("points", 0) for cell in cells))


def expected_scores() -> dict[str, float]:
    instructor = nbformat.read(NOTEBOOK, as_version=4)
    found = exercises(instructor)
    half = found[: len(found) // 2]
    return {
        "full": sum(points(checks) for _, checks in found),
        "blank": 0.0,
        "partial": sum(points(checks) for _, checks in half),
    }


def test_scores_are_full_zero_and_partial(course):
    with open(course / "grades.csv", newline="") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    expected = expected_scores()
    assert 0 < expected["partial"] < expected["full"], expected
    got = {kind: float(rows[student]["raw_score"]) for kind, student in STUDENTS.items()}
    assert got == expected, f"scores {got}, expected from the notebook's metadata {expected}"
    max_score = float(rows["ada"]["max_score"])
    manual = sum(meta(c).get("points", 0) for c in nbformat.read(NOTEBOOK, as_version=4).cells
                 if meta(c).get("grade") and meta(c).get("solution"))  # written answers, graded by hand
    assert max_score == expected["full"] + manual


def autograded(course: Path, student: str):
    return nbformat.read(course / "autograded" / student / ASSIGNMENT / NOTEBOOK.name, as_version=4)


def feedback_html(course: Path, student: str) -> str:
    return (course / "feedback" / student / ASSIGNMENT / f"{NOTEBOOK.stem}.html").read_text(encoding="utf-8")


def test_feedback_shows_each_failed_checks_message(course):
    failed = 0
    for student in STUDENTS.values():
        page = html.unescape(re.sub(r"<[^>]+>", "", feedback_html(course, student)))
        for cell in autograded(course, student).cells:
            if not meta(cell).get("grade") or cell.cell_type != "code":
                continue
            for output in cell.outputs:
                if output.output_type == "error":
                    failed += 1
                    assert output.evalue and output.evalue in page, (
                        f"{student}: the feedback does not show {meta(cell)['grade_id']}'s message {output.evalue!r}"
                    )
    assert failed, "no check failed in any submission: the loop tested nothing"


def test_wrong_answers_get_the_checks_helpful_message_not_a_crash(course):
    """A wrong answer (not a blank one) fails with the check's own CheckFailed message."""
    nb = autograded(course, STUDENTS["partial"])
    found = exercises(nbformat.read(NOTEBOOK, as_version=4))
    wrong_checks = {meta(c)["grade_id"] for _, checks in found[len(found) // 2:] for c in checks}
    for cell in nb.cells:
        if meta(cell).get("grade_id") in wrong_checks:
            errors = [o for o in cell.outputs if o.output_type == "error"]
            assert errors and errors[0].ename == "CheckFailed", (
                f"{meta(cell)['grade_id']}: a wrong answer should fail the check with its message, got "
                f"{[(e.ename, e.evalue) for e in errors]}"
            )


def hidden_lines() -> list[str]:
    lines = []
    for cell in nbformat.read(NOTEBOOK, as_version=4).cells:
        if HIDDEN_BEGIN in cell.source:
            region = cell.source.split(HIDDEN_BEGIN, 1)[1].split(HIDDEN_END, 1)[0]
            lines += [line.strip() for line in region.splitlines() if len(line.strip()) > 10]
    return lines


def test_feedback_shows_no_hidden_test(course):
    hidden = hidden_lines()
    assert hidden, f"{NOTEBOOK.name} has no hidden test, so this test would prove nothing"
    for student in STUDENTS.values():
        page = html.unescape(re.sub(r"<[^>]+>", "", feedback_html(course, student)))
        assert "HIDDEN TESTS" not in page, f"{student}'s feedback shows the hidden-test markers"
        for line in hidden:
            assert line not in page, f"{student}'s feedback shows a hidden test: {line!r}"


def test_hidden_tests_did_run_when_grading(course):
    """Autograde puts the hidden tests back in and runs them: only the feedback leaves them out."""
    sources = "\n".join(c.source for c in autograded(course, STUDENTS["full"]).cells)
    assert all(line in sources for line in hidden_lines())


def test_course_config_gives_cells_time_to_train():
    text = (ROOT / "nbgrader_config.py").read_text()
    match = re.search(r"^c\.Execute\.timeout = (\d+)", text, re.MULTILINE)
    assert match, "nbgrader_config.py must set c.Execute.timeout (nbgrader's default of 30 s kills training cells)"
    timeout = int(match.group(1))
    results = json.loads((ROOT / "bench" / "results.json").read_text())
    slowest = max(n["wall_s"] for n in results["notebooks"].values())
    assert timeout >= 2 * slowest, f"c.Execute.timeout = {timeout} s, but the slowest whole notebook takes {slowest} s"
    readme = (ROOT / "README.md").read_text()
    assert f"c.Execute.timeout = {timeout}" in readme, "the README must say what the course's timeout is"


def test_readme_gives_the_commands_this_test_runs():
    readme = (ROOT / "README.md").read_text()
    teachers = readme[readme.index("## For teachers"):]
    teachers = teachers[: teachers.index("\n## ", 1)] if "\n## " in teachers[1:] else teachers
    for command in ["python -m tools.classroom --course", *COMMANDS]:
        assert command in teachers, f"the README's teacher's guide does not give `{command}`"
