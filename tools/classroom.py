"""``make student``: one nbgrader assignment per notebook, and a teacher's course folder.

The notebooks in ``notebooks/`` are the instructor versions: they hold the
solutions (between ``### BEGIN SOLUTION`` and ``### END SOLUTION``) and
hidden tests (between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN
TESTS``), and they run as they are. Each notebook is an assignment of its own,
named after it (``01_matrix_chains``), so a teacher can hand out one a week.

``python -m tools.classroom`` (``make student``) builds every student version
with ``nbgrader generate_assignment`` (no database): solutions replaced by stubs
that raise ``NotImplementedError``, hidden tests removed, outputs cleared, check
cells locked, in ``release/<assignment>/<notebook>.ipynb``.

``python -m tools.classroom --repo DIR`` (``make student REPO=DIR``) also
writes a complete students' repository: the course's ``helpers/``, ``data/``
(without downloads), ``binder/``, pins (``requirements.txt``,
``environment.yml``, a ``pyproject.toml`` for ``pip install -e .``), the
licences, a short student README and the release notebooks in ``notebooks/``,
ready to push and share with an nbgitpuller link. Re-running it in a clone of
that repository replaces everything but ``.git``.

``python -m tools.classroom --course DIR`` lays out a course folder for
nbgrader instead: ``DIR/nbgrader_config.py`` (the course's) and
``DIR/source/<assignment>/<notebook>.ipynb`` for every notebook. The README's
"For teachers" section goes on from there.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

from tools.fold import unfold

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
DEFAULT_OUT = ROOT / "release"
CONFIG = ROOT / "nbgrader_config.py"


def assignments(notebooks: Path | str = NOTEBOOKS) -> dict[str, Path]:
    """The course's assignments, in order: ``{"01_matrix_chains": Path(".../01_matrix_chains.ipynb"), ...}``.

    Raises:
        ValueError: no notebook named ``NN_*.ipynb`` in ``notebooks``.
    """
    sources = sorted(Path(notebooks).glob("[0-9][0-9]_*.ipynb"))
    if not sources:
        raise ValueError(f"no notebooks named NN_*.ipynb in {notebooks}.")
    return {path.stem: path for path in sources}


def make_course(course: Path | str, *, notebooks: Path | str = NOTEBOOKS) -> Path:
    """Lay out an nbgrader course folder: the course's config and ``source/<assignment>/``.

    Existing files in ``course`` are kept, except the config and the source
    notebooks, which are replaced by the course's current ones.

    Returns:
        The course folder.
    """
    course = Path(course)
    course.mkdir(parents=True, exist_ok=True)
    shutil.copy2(CONFIG, course / "nbgrader_config.py")
    for name, path in assignments(notebooks).items():
        source = course / "source" / name
        source.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, source / path.name)
    return course


def nbgrader(*args: str, course: Path | str) -> subprocess.CompletedProcess:
    """Run ``nbgrader ARGS`` in ``course`` with this Python; raise RuntimeError with its output if it fails.

    This Python's bin folder goes first on PATH, as in an activated environment: nbgrader
    runs ``alembic`` from there when it opens a gradebook.
    """
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args, "--log-level=WARN"],
                          capture_output=True, text=True, cwd=course, env={**os.environ, "PATH": path}, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done


def generate_release(out: Path | str = DEFAULT_OUT, *, notebooks: Path | str = NOTEBOOKS) -> list[Path]:
    """Write every student notebook to ``out/<assignment>/<notebook>.ipynb`` and return their paths, in order.

    ``out`` is replaced as a whole only when nbgrader succeeded: the release is
    built in a temporary course folder first.

    Raises:
        ValueError: no numbered notebooks in ``notebooks``.
        RuntimeError: nbgrader failed (its output is in the message).
    """
    out = Path(out)
    with tempfile.TemporaryDirectory() as tmp:
        course = make_course(tmp, notebooks=notebooks)
        nbgrader("generate_assignment", "*", "--no-db", "--force", course=course)
        built = course / "release"
        for student in built.glob("*/*.ipynb"):  # the stub is where the student writes: open it unfolded
            nb = nbformat.read(student, as_version=4)
            if unfold(nb):
                nbformat.write(nb, student)
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(built, out)
    return [out / name / path.name for name, path in assignments(notebooks).items()]


# What the students' repository takes from the course, as is (folders without caches).
REPO_FILES = ("requirements.txt", "environment.yml", "LICENSE", "LICENSE-TEXT.md")
REPO_FOLDERS = ("helpers", "data", "binder")
REPO_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "cache", ".ipynb_checkpoints")
STUDENT_GITIGNORE = "__pycache__/\n*.egg-info/\n.ipynb_checkpoints/\ndata/cache/\n"
STUDENT_README = """\
# Autoencoders, hands-on: the exercises

The course's notebooks with their exercises blank, ready to work on. Each notebook teaches
first and asks at the end: run it from the top, read, then answer each exercise in the cell
under it (it says `raise NotImplementedError()` until you do) and run the check cell that
follows: it tells you what it expected and where to look.

## Open it

- **On your teacher's JupyterHub:** follow the link your teacher gave you (nbgitpuller puts
  this repository in your home folder and opens JupyterLab).
- **On Binder:** launch this repository on <https://mybinder.org> (it builds from `binder/`).
- **On your laptop** (Python 3.10 to 3.13), from this folder:

  ```bash
  python3 -m venv .venv && . .venv/bin/activate
  pip install -r requirements.txt && pip install --no-deps -e .
  binder/hide-instructor-tools && jupyter lab notebooks/
  ```

  or with conda: `conda env create -f environment.yml && conda activate autoencoders-hands-on`,
  then the last two lines.

## What is here

{notebooks}

`helpers/` is the course's companion package (the notebooks import it), `data/` the data the
course ships. Everything runs offline, in seconds to a minute per notebook on a plain CPU.
Hand in your notebook as your teacher says (the *Assignments* tab's *Submit* on a hub).

Code: MIT (`LICENSE`). Course text and figures: CC BY 4.0 (`LICENSE-TEXT.md`).
"""


def student_pyproject(text: str) -> str:
    """The course's pyproject.toml without the tests' and linters' tables (students install the package only)."""
    tables = re.split(r"(?m)^(?=\[)", text)
    return "".join(t for t in tables if not t.startswith(("[tool.pytest", "[tool.ruff"))).rstrip() + "\n"


def make_student_repo(dest: Path | str, *, notebooks: Path | str = NOTEBOOKS) -> list[Path]:
    """Write the students' repository into ``dest`` and return its notebooks, in order.

    The release is built first (nothing in ``dest`` changes if nbgrader fails); then everything
    in ``dest`` but ``.git`` is replaced, so this can be re-run in a clone of the pushed repository.

    Raises:
        ValueError: no numbered notebooks, or ``dest`` is the course's own folder.
        RuntimeError: nbgrader failed.
    """
    dest = Path(dest).resolve()
    if dest == ROOT or ROOT.is_relative_to(dest):
        raise ValueError(f"{dest} holds the course itself: give the students' repository a folder of its own.")
    with tempfile.TemporaryDirectory() as tmp:
        release = generate_release(Path(tmp) / "release", notebooks=notebooks)
        dest.mkdir(parents=True, exist_ok=True)
        for entry in dest.iterdir():
            if entry.name != ".git":
                shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
        for folder in REPO_FOLDERS:
            shutil.copytree(ROOT / folder, dest / folder, ignore=REPO_IGNORE, symlinks=True)
        for name in REPO_FILES:
            shutil.copy2(ROOT / name, dest / name)
        (dest / "pyproject.toml").write_text(student_pyproject((ROOT / "pyproject.toml").read_text()))
        (dest / ".gitignore").write_text(STUDENT_GITIGNORE)
        (dest / "notebooks").mkdir()
        paths = []
        for path in release:
            shutil.copy2(path, dest / "notebooks" / path.name)
            paths.append(dest / "notebooks" / path.name)
    listing = "\n".join(f"- `notebooks/{p.name}`" for p in paths)
    (dest / "README.md").write_text(STUDENT_README.format(notebooks=listing))
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the student versions of the notebooks, "
                                                 "or lay out a course folder for nbgrader.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the student versions go")
    parser.add_argument("--course", type=Path, help="lay out an nbgrader course folder here instead")
    parser.add_argument("--repo", type=Path, help="also write the students' repository here (push it, share it)")
    args = parser.parse_args(argv)
    if args.course:
        course = make_course(args.course)
        print(f"course folder {course}: nbgrader_config.py, and source/ with {len(assignments())} assignments:")
        for name in assignments():
            print(f"  {name}")
        return 0
    paths = generate_release(args.out)
    size = sum(p.stat().st_size for p in paths)
    shown = args.out.relative_to(ROOT) if args.out.resolve().is_relative_to(ROOT) else args.out
    print(f"{len(paths)} assignments, one student notebook each ({size / 1024:.0f} KiB), in {shown}/:")
    for path in paths:
        print(f"  {path.parent.name}/{path.name}")
    if args.repo:
        notebooks = make_student_repo(args.repo)
        print(f"students' repository in {args.repo}/: helpers/, data/, binder/, pins, README.md and "
              f"{len(notebooks)} blank notebooks in notebooks/. Push it (git init && git add -A && git commit) "
              "and share it with an nbgitpuller link (see the README's teacher's guide).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
