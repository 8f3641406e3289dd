"""``make student``: build the student versions of the notebooks with nbgrader.

The notebooks in ``notebooks/`` are the instructor versions: they hold the
solutions (between ``### BEGIN SOLUTION`` and ``### END SOLUTION``) and
hidden tests (between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN
TESTS``), and they run as they are. ``nbgrader generate_assignment`` (light
mode, no database) turns them into a release: solutions replaced by stubs
that raise ``NotImplementedError``, hidden tests removed, outputs cleared,
check cells locked.

Usage: ``python -m tools.classroom [--out release] [--assignment autoencoders]``
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
DEFAULT_OUT = ROOT / "release"
ASSIGNMENT = "autoencoders"


def generate_release(out: Path | str = DEFAULT_OUT, *, assignment: str = ASSIGNMENT,
                     notebooks: Path | str = NOTEBOOKS) -> list[Path]:
    """Write the student notebooks to ``out/<assignment>/`` and return their paths.

    ``out`` is replaced as a whole only when nbgrader succeeded: the release is
    built in a temporary course folder first.

    Raises:
        ValueError: no numbered notebooks in ``notebooks``.
        RuntimeError: nbgrader failed (its output is in the message).
    """
    sources = sorted(Path(notebooks).glob("[0-9][0-9]_*.ipynb"))
    if not sources:
        raise ValueError(f"no notebooks named NN_*.ipynb in {notebooks}.")
    out = Path(out)
    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp)
        source = course / "source" / assignment
        source.mkdir(parents=True)
        for path in sources:
            shutil.copy2(path, source / path.name)
        done = subprocess.run(
            [sys.executable, "-m", "nbgrader", "generate_assignment", assignment, "--no-db", "--force",
             f"--CourseDirectory.root={course}", "--log-level=WARN"],
            capture_output=True, text=True, cwd=course, check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"nbgrader generate_assignment failed:\n{done.stdout}\n{done.stderr}")
        built = course / "release" / assignment
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        shutil.copytree(built, out / assignment)
    return sorted((out / assignment).glob("*.ipynb"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the student versions of the notebooks.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--assignment", default=ASSIGNMENT)
    args = parser.parse_args(argv)
    paths = generate_release(args.out, assignment=args.assignment)
    size = sum(p.stat().st_size for p in paths)
    where = args.out / args.assignment
    shown = where.relative_to(ROOT) if where.resolve().is_relative_to(ROOT) else where
    print(f"{len(paths)} student notebooks ({size / 1024:.0f} KiB) in {shown}:")
    for path in paths:
        print(f"  {path.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
