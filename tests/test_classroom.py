"""The student release built by nbgrader, one assignment per notebook: no solutions or hidden tests,
and the students' repository (make student REPO=dir), cloned afresh: complete, with no solution,
every blank notebook runs up to its first exercise offline and fails its checks. One blank notebook
(01) is executed; the others are shown by nbval's run of their lesson in the same test run (issue 24)."""

from __future__ import annotations

import ast
import builtins
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tools.classroom import assignments, generate_release, make_course
from tools.testruns import recorded_figures

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent
INSTRUCTOR = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
MARKUP = ("### BEGIN SOLUTION", "### END SOLUTION", "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    return generate_release(tmp_path_factory.mktemp("release"))


def nbgrader_meta(cell):
    return cell.metadata.get("nbgrader", {})


def test_release_has_every_notebook_as_an_assignment_of_its_own(release):
    assert [p.name for p in release] == [p.name for p in INSTRUCTOR]
    for path in release:
        assert path.exists(), f"{path} was not built"
        assert path.parent.name == path.stem, f"{path.name} is not in an assignment named after it"
        assert [p.name for p in path.parent.iterdir()] == [path.name], f"{path.parent.name} holds more than its notebook"
    assert sorted(p.name for p in release[0].parent.parent.iterdir()) == sorted(assignments())


def test_course_folder_has_the_config_and_one_source_folder_per_notebook(tmp_path):
    course = make_course(tmp_path / "course")
    assert (course / "nbgrader_config.py").read_text() == (ROOT / "nbgrader_config.py").read_text()
    assert sorted(p.name for p in (course / "source").iterdir()) == [p.stem for p in INSTRUCTOR]
    for path in INSTRUCTOR:
        assert (course / "source" / path.stem / path.name).read_bytes() == path.read_bytes()


def test_no_notebooks_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="no notebooks named NN_"):
        assignments(tmp_path)


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
        # A line the lesson itself shows outside any solution (a common `fit` argument line, say)
        # is not the solution's to leak; every other long solution line must be gone.
        lesson = "\n".join(_outside_solutions(cell.source) for cell in nb.cells)
        for cell in nb.cells:
            if not nbgrader_meta(cell).get("solution"):
                continue
            body = cell.source.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
            for line in body.strip().splitlines():
                if len(line.strip()) > 25 and line.strip() not in lesson:  # specific to the solution
                    assert line.strip() not in student_text, f"{student.name} leaks solution line {line.strip()!r}"


def _outside_solutions(source: str) -> str:
    """The text of a cell without its solution regions."""
    parts = source.split("### BEGIN SOLUTION")
    return "\n".join([parts[0], *(p.split("### END SOLUTION", 1)[-1] if "### END SOLUTION" in p else "" for p in parts[1:])])


def test_instructor_notebooks_pass_their_own_checks():
    """The committed (executed) instructor notebooks: every check cell ran without error and said so."""
    for path in INSTRUCTOR:
        nb = nbformat.read(path, as_version=4)
        # code cells only: a graded Markdown cell is a written answer, graded by hand
        graded = [c for c in nb.cells if nbgrader_meta(c).get("grade") and c.cell_type == "code"]
        assert len(graded) >= 2, f"{path.name} has fewer than two graded checks"
        for cell in graded:
            assert not [o for o in cell.outputs if o.output_type == "error"], f"{path.name}: a check failed"
            printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
            assert "\u2714" in printed, f"{path.name}: check cell {nbgrader_meta(cell)['grade_id']} printed no tick"


@pytest.fixture(scope="module")
def student_clone(tmp_path_factory):
    """The students' repository as a student gets it: written by `python -m tools.classroom --repo`,
    committed, then cloned afresh into another folder (only what git tracks comes along)."""
    base = tmp_path_factory.mktemp("students")
    repo = base / "course-release"
    done = subprocess.run([sys.executable, "-m", "tools.classroom", "--out", str(base / "release"),
                           "--repo", str(repo)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    git = ["git", "-c", "user.name=Teacher", "-c", "user.email=teacher@example.org", "-c", "init.defaultBranch=main"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "Course release"]):
        run = subprocess.run([*git, *args], cwd=repo, capture_output=True, text=True, check=False)
        assert run.returncode == 0, run.stderr
    clone = base / "clone"
    run = subprocess.run(["git", "clone", "-q", str(repo), str(clone)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    return clone


def test_students_repository_is_complete_and_holds_no_solution(student_clone):
    for name in ("README.md", "requirements.txt", "environment.yml", "pyproject.toml", "LICENSE",
                 "binder/environment.yml", "binder/postBuild", "binder/start", "binder/hide-instructor-tools",
                 "helpers/__init__.py", "data/README.md"):
        assert (student_clone / name).is_file(), f"the students' repository lacks {name}"
    for script in ("binder/postBuild", "binder/start", "binder/hide-instructor-tools"):
        assert os.access(student_clone / script, os.X_OK), f"{script} is not executable in the clone"
    assert not (student_clone / "tools").exists() and not (student_clone / "tests").exists()
    assert not (student_clone / "nbgrader_config.py").exists(), "the course's grading config is the teacher's"
    pyproject = (student_clone / "pyproject.toml").read_text()
    assert "[project]" in pyproject and "[tool.pytest" not in pyproject and "nbval" not in pyproject
    names = sorted(p.name for p in (student_clone / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert set(p.name for p in INSTRUCTOR) <= set(names), f"notebooks missing from the students' repository: {names}"
    readme = (student_clone / "README.md").read_text()
    assert all(f"notebooks/{n}" in readme for n in names), "the student README does not list every notebook"
    for path in student_clone.rglob("*"):
        if path.is_file() and ".git" not in path.relative_to(student_clone).parts:
            text = path.read_text(encoding="utf-8", errors="replace")
            for marker in MARKUP:
                assert marker not in text, f"{path.relative_to(student_clone)} holds {marker!r}"


_RUNS: dict[str, nbformat.NotebookNode] = {}


def blank_run(clone: Path, name: str):
    """The blank notebook `name` of the fresh clone, executed once for this module (cached), offline,
    in a kernel whose helpers are the clone's, allowing errors (a blank exercise raises). A last cell
    added to the copy that runs says where `helpers` came from."""
    if name not in _RUNS:
        from nbclient import NotebookClient  # noqa: PLC0415

        path = clone / "notebooks" / name
        assert path.exists(), f"{name} is not in the students' repository"
        nb = nbformat.read(path, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell("import helpers as _h\nprint('HELPERS FROM', _h.__file__)"))
        env = {**os.environ, "PYTHONHASHSEED": "0",
               "PYTHONPATH": os.pathsep.join([str(ROOT / "tests" / "offline"), str(clone)])}
        env.pop("COURSE_REPORT_PATH", None)
        NotebookClient(nb, kernel_name="python3", timeout=600, allow_errors=True,
                       resources={"metadata": {"path": str(path.parent)}}).execute(env=env)
        _RUNS[name] = nb
    return _RUNS[name]


# One blank notebook always runs end to end from the fresh clone: 01, the cheapest lesson (it
# trains nothing). For the others, this test run's nbval execution of the instructor notebook
# already ran every lesson cell with the very helpers and data the clone holds (checked below),
# so a blank copy is executed only when that argument is missing: nbval did not run the notebook
# in this test run (a test file run on its own), or a check cell would not fail on a blank
# exercise for a reason that can be read off its code (issue 24: each notebook runs once).
RUN_IN_FULL = INSTRUCTOR[0].name


def _code(source: str) -> str:
    """A cell's source as Python: each IPython ! or % line (with its continuation lines) becomes `pass`."""
    lines, continued = [], False
    for line in source.splitlines():
        magic = continued or line.lstrip().startswith(("!", "%"))
        indent = line[: len(line) - len(line.lstrip())]
        lines.append(("" if continued else indent + "pass") if magic else line)
        continued = magic and line.rstrip().endswith("\\")
    return "\n".join(lines)


def _bound(source: str) -> set[str]:
    """Every name a cell binds: assignments, loop and with targets, imports, definitions, arguments."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(_code(source))):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


def _read(source: str) -> set[str]:
    return {n.id for n in ast.walk(ast.parse(_code(source))) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def unanswered_names(cells: list) -> dict[str, set[str]]:
    """For each graded check cell of a blank notebook: the names it reads that no cell before it
    (and not the check itself) binds. On a blank exercise such a name is undefined, so the check
    fails with a NameError; an empty set means its failure cannot be read off the code (so does
    a check with a `try`, which might catch that NameError)."""
    bound = set(dir(builtins))
    found = {}
    for cell in cells:
        if cell.cell_type != "code":
            continue
        if nbgrader_meta(cell).get("grade") and not nbgrader_meta(cell).get("solution"):
            catches = any(isinstance(n, ast.Try) for n in ast.walk(ast.parse(_code(cell.source))))
            unbound = _read(cell.source) - bound - _bound(cell.source)
            found[nbgrader_meta(cell)["grade_id"]] = set() if catches else unbound
        bound |= _bound(cell.source)
    return found


def test_unanswered_names_reads_the_code():
    cell = nbformat.v4.new_code_cell
    check = {"nbgrader": {"grade": True, "grade_id": "c", "solution": False}}
    stub = {"nbgrader": {"grade": False, "grade_id": "s", "solution": True}}
    lesson = cell("import numpy as np\nx = np.ones(3)\nfor i in range(2):\n    pass")
    blank = [lesson, cell("# YOUR CODE HERE\nraise NotImplementedError()", metadata=stub),
             cell("assert answer.shape == x.shape, [j for j in range(i)]", metadata=check)]
    assert unanswered_names(blank) == {"c": {"answer"}}
    blank[1] = cell("answer = x  # a stub that answers", metadata=stub)
    assert unanswered_names(blank) == {"c": set()}
    blank[2] = cell("if x.any():\n    !echo \\\n      hi\nf = lambda a: a + y\nf(1)", metadata=check)
    assert unanswered_names(blank) == {"c": {"y"}}
    blank[2] = cell("try:\n    print(y)\nexcept NameError as e:\n    print(e)", metadata=check)
    assert unanswered_names(blank) == {"c": set()}, "a check that may catch the NameError cannot be judged unread"


def _lesson_cells(nb) -> list[str]:
    """The sources of the cells that are neither an answer nor a check: the lesson itself."""
    return [c.source for c in nb.cells if not nbgrader_meta(c).get("solution") and not nbgrader_meta(c).get("grade")]


def _tracked(folder: str) -> list[str]:
    listed = subprocess.run(["git", "ls-files", "-z", folder], cwd=ROOT, capture_output=True, text=True, check=False)
    if listed.returncode != 0 or not listed.stdout:  # not a git checkout: what is on disk
        return sorted(str(p.relative_to(ROOT)) for p in (ROOT / folder).rglob("*")
                      if p.is_file() and "__pycache__" not in p.parts)
    return sorted(name for name in listed.stdout.split("\0") if name)


def test_clone_holds_the_helpers_and_data_the_course_runs_with(student_clone):
    """Byte for byte: what nbval ran the instructor notebooks with is what a student gets."""
    for folder in ("helpers", "data"):
        for name in _tracked(folder):
            ours, theirs = ROOT / name, student_clone / name
            assert theirs.is_file(), f"the students' repository lacks {name}"
            assert theirs.read_bytes() == ours.read_bytes(), f"{name} differs in the students' repository"


@pytest.mark.parametrize("name", [p.name for p in INSTRUCTOR], ids=[p.stem for p in INSTRUCTOR])
def test_blank_notebook_from_a_fresh_clone_runs_up_to_its_exercises_and_fails_its_checks(student_clone, name):
    """The students' repository is complete (everything before the first exercise runs, offline,
    with the clone's helpers), and a blank exercise fails its checks (what `nbgrader validate
    --invert` reports) instead of passing. Shown by a run of the blank notebook, or, where this
    test run's nbval already ran the lesson, by the blank notebook being that lesson cell for cell
    and each check reading an answer the blank notebook never defines (see RUN_IN_FULL)."""
    blank = nbformat.read(student_clone / "notebooks" / name, as_version=4)
    instructor = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    assert _lesson_cells(blank) == _lesson_cells(instructor), f"{name}: the release changed a lesson cell"
    first_exercise = next((i for i, c in enumerate(blank.cells) if nbgrader_meta(c).get("solution")), None)
    assert first_exercise is not None, f"{name} has no exercise"
    checks = unanswered_names(blank.cells)
    assert checks, f"{name} has no graded check"
    ran_by_nbval = recorded_figures(ROOT / "notebooks" / name) is not None
    if name != RUN_IN_FULL and ran_by_nbval and all(checks.values()):
        return  # every lesson cell ran under nbval in this test run; every check reads an undefined answer
    nb = blank_run(student_clone, name)
    where = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
    assert "HELPERS FROM" in where and str(student_clone) in where, f"{name} did not use the clone's helpers: {where}"
    for i, cell in enumerate(nb.cells[:first_exercise]):
        if cell.cell_type != "code" or "raises-exception" in cell.metadata.get("tags", []):
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, f"{name} cell {i} fails before the first exercise: {errors[0].ename}: {errors[0].evalue}"
    for cell in nb.cells:
        if nbgrader_meta(cell).get("grade") and cell.cell_type == "code":  # Markdown answers: graded by hand
            assert [o for o in cell.outputs if o.output_type == "error"], (
                f"{name}: check {nbgrader_meta(cell)['grade_id']} passed on a blank exercise"
            )


def test_release_opens_its_stubs_and_checks_unfolded(tmp_path):
    """The instructor notebooks open their solutions folded (make fold); the student's stub is where
    they write, so the release opens it, and its check, unfolded, folded source or not."""
    from tools.fold import fold  # noqa: PLC0415

    source = tmp_path / "src"
    source.mkdir()
    nb = json.loads(INSTRUCTOR[0].read_text(encoding="utf-8"))
    fold(nb)  # idempotent: the committed notebooks are folded already (tests/test_folded.py)
    assert any(c.get("metadata", {}).get("jupyter", {}).get("source_hidden") for c in nb["cells"])
    (source / INSTRUCTOR[0].name).write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    student = generate_release(tmp_path / "out", notebooks=source)[0]
    cells = nbformat.read(student, as_version=4).cells
    graded = [c for c in cells if nbgrader_meta(c).get("solution") or nbgrader_meta(c).get("grade")]
    assert graded and not [c for c in graded if c.metadata.get("jupyter", {}).get("source_hidden")]
    assert "raise NotImplementedError" in "".join(c.source for c in graded)
