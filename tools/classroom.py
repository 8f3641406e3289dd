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

``python -m tools.classroom --course DIR`` lays out a course folder for
nbgrader instead: ``DIR/nbgrader_config.py`` (the course's) and
``DIR/source/<assignment>/<notebook>.ipynb`` for every notebook. The README's
"For teachers" section goes on from there.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

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
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(built, out)
    return [out / name / path.name for name, path in assignments(notebooks).items()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the student versions of the notebooks, "
                                                 "or lay out a course folder for nbgrader.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the student versions go")
    parser.add_argument("--course", type=Path, help="lay out an nbgrader course folder here instead")
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
