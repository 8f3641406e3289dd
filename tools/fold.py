"""``make fold``: exercises open folded in JupyterLab.

Sets ``metadata.jupyter.source_hidden = true`` on every solution cell (nbgrader
``solution: true``, code or Markdown) and every hidden-test cell (a graded cell
whose source holds ``### BEGIN HIDDEN TESTS``) of every ``notebooks/NN_*.ipynb``,
so that a reader on Binder, Colab or a laptop sees the task first and expands
the answer (the "..." of a collapsed cell, or the blue bar left of it) only
when they choose.

Nothing else of a file changes: it is read and written as plain JSON with the
layout nbformat writes (one-space indent, sorted keys), so a notebook that is
already folded is left byte for byte as it was, and a folded one differs from
its unfolded self only in those ``jupyter`` metadata lines. A file is replaced
atomically, and only when something changed.

The student release (``make student``) unfolds the stubs again: there the
folded cell is where the student writes (see tools/classroom.py).

Usage: ``python -m tools.fold [--check] [FOLDER]`` (``--check`` changes nothing
and exits 1, naming the cells, when a cell is not folded).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
HIDDEN_BEGIN = "### BEGIN HIDDEN TESTS"


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def is_solution(cell: dict) -> bool:
    """An nbgrader solution cell (code, or a Markdown answer)."""
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("solution"))


def is_hidden_test(cell: dict) -> bool:
    """A graded code cell that carries hidden tests."""
    grader = cell.get("metadata", {}).get("nbgrader", {})
    return cell.get("cell_type") == "code" and bool(grader.get("grade")) and HIDDEN_BEGIN in _source(cell)


def to_fold(cell: dict) -> bool:
    """Whether ``cell`` should open collapsed: a solution or a hidden-test cell."""
    return is_solution(cell) or is_hidden_test(cell)


def is_folded(cell: dict) -> bool:
    return cell.get("metadata", {}).get("jupyter", {}).get("source_hidden") is True


def notebooks(folder: Path | str = NOTEBOOKS) -> list[Path]:
    """The course's notebooks in ``folder``, in order (``NN_*.ipynb``, whatever exist)."""
    return sorted(Path(folder).glob("[0-9][0-9]_*.ipynb"))


def unfolded_cells(nb: dict) -> list[int]:
    """Indices of the cells of ``nb`` (plain JSON) that should be folded and are not."""
    return [i for i, cell in enumerate(nb.get("cells", [])) if to_fold(cell) and not is_folded(cell)]


def fold(nb: dict) -> int:
    """Fold ``nb`` (plain JSON, changed in place); return how many cells changed."""
    changed = unfolded_cells(nb)
    for i in changed:
        nb["cells"][i].setdefault("metadata", {}).setdefault("jupyter", {})["source_hidden"] = True
    return len(changed)


def unfold(nb: dict) -> int:
    """Undo :func:`fold` on ``nb`` (plain JSON or a NotebookNode): drop ``source_hidden`` from
    solution and graded cells (and an empty ``jupyter`` dict left behind); return the count.

    Graded cells, not only those with hidden tests: in the student release nbgrader has removed
    the hidden tests, and the check cell must open as plainly as the stub above it."""
    count = 0
    for cell in nb.get("cells", []):
        jupyter = cell.get("metadata", {}).get("jupyter")
        graded = bool(cell.get("metadata", {}).get("nbgrader", {}).get("grade"))
        if (to_fold(cell) or graded) and isinstance(jupyter, dict) and "source_hidden" in jupyter:
            del jupyter["source_hidden"]
            if not jupyter:
                del cell["metadata"]["jupyter"]
            count += 1
    return count


def dumps(nb: dict) -> str:
    """The notebook as nbformat writes it (indent 1, sorted keys, UTF-8 as is, a final newline)."""
    return json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def fold_file(path: Path | str) -> int:
    """Fold one notebook file in place; return how many cells changed (0: the file is untouched).

    Raises:
        ValueError: the file is not a notebook (not JSON, or no ``cells`` list).
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"{path.name} is not valid JSON ({error}): is it being written right now?") from error
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise ValueError(f"{path.name} has no list of cells: it is not a Jupyter notebook.")
    changed = fold(nb)
    if changed:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(dumps(nb))
        os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fold every solution and hidden-test cell of the notebooks.")
    parser.add_argument("folder", nargs="?", type=Path, default=NOTEBOOKS)
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a cell is not folded")
    args = parser.parse_args(argv)
    paths = notebooks(args.folder)
    if not paths:
        print(f"fold: no notebooks named NN_*.ipynb in {args.folder}")
        return 2
    missing = 0
    for path in paths:
        if args.check:
            cells = unfolded_cells(json.loads(path.read_text(encoding="utf-8")))
            missing += len(cells)
            if cells:
                print(f"{path.name}: cells {cells} are not folded (run make fold)")
        else:
            changed = fold_file(path)
            print(f"{path.name}: {changed} cells folded" if changed else f"{path.name}: already folded")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
