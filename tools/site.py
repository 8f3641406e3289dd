"""``make site``: the course as a static website, built offline with Sphinx and MyST-NB.

The pages come from the committed notebooks and their outputs (nothing is
re-executed: the tests run the notebooks), the README (its introduction and
syllabus on the landing page, its "For teachers" section as the teacher's
guide) and the helpers' docstrings (the API page). ``docs/`` holds the Sphinx
configuration and the pages' frames; this module stages them with those
sources into ``_build/site-src/`` and builds ``_build/site/``:

- every ``notebooks/NN_*.ipynb`` (whatever exist, read once into a snapshot, so
  a notebook saved during the build does not mix two versions) becomes a page,
  in order, that reads like the course with its exercises: each exercise shows
  its task and the empty answer area a student gets, and its model solution is
  folded behind "Show a solution" (a ``<details>`` element, closed); hidden tests
  and nbgrader's marker lines appear nowhere; the Colab set-up lines are folded;
  the "Key figures (for make bench)" cell is left out;
- each page offers the STUDENT version for download (built by nbgrader, as
  ``make student`` builds it) and says where the instructor version lives;
- the Binder and Colab badges are local SVGs (``docs/_static/badges/``) inside
  their remote links, so they render offline;
- a widget's live view is dropped from the page (it needs a kernel), and the
  static figure that follows every widget cell stands in for it;
- the API page documents every public module of ``helpers``, found by walking
  the package, so a new module appears without editing anything.

Usage: ``python -m tools.site [--out _build/site]``
"""

from __future__ import annotations

import argparse
import copy
import pkgutil
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
NOTEBOOKS = ROOT / "notebooks"
STAGE = ROOT / "_build" / "site-src"
OUT = ROOT / "_build" / "site"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
README_MARK = re.compile(r"^<!-- README: (.+?) -->$", re.MULTILINE)
API_MARK = "<!-- API: one section per module -->"
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
SHOW_SOLUTION, HIDE_SOLUTION = "Show a solution", "Hide the solution"
# Remote badge images and the local copies that stand in for them (docs/_static/badges/).
BADGES = {
    "https://mybinder.org/badge_logo.svg": "binder.svg",
    "https://colab.research.google.com/assets/colab-badge.svg": "colab.svg",
}
BADGE_IMAGE = re.compile(r"!\[([^\]]*)\]\((" + "|".join(re.escape(u) for u in BADGES) + r")\)")
KEY_FIGURES = re.compile(r"(?m)^#+\s*Key figures\b.*$", re.IGNORECASE)
COLAB_START = re.compile(r"^if\s+[\"']google\.colab[\"']\s+in\s+sys\.modules\s*:")
REPOSITORY = re.compile(r"https://mybinder\.org/v2/gh/([\w.-]+)/([\w.-]+)/")


def notebooks(folder: Path | str = NOTEBOOKS) -> list[Path]:
    """The course's notebooks, in order (``NN_*.ipynb``)."""
    return sorted(Path(folder).glob("[0-9][0-9]_*.ipynb"))


def readme_sections(text: str) -> dict[str, str]:
    """The README cut at its ``## `` headings: ``{"introduction": ..., "Syllabus": ..., ...}``.

    "introduction" is everything before the first ``## `` heading (the title
    included); every other value starts with its own heading.
    """
    parts = re.split(r"^(?=## )", text, flags=re.MULTILINE)
    sections = {"introduction": parts[0].rstrip() + "\n"}
    for part in parts[1:]:
        heading = part.splitlines()[0][3:].strip()
        sections[heading] = part.rstrip() + "\n"
    return sections


def fill_from_readme(page: str, sections: dict[str, str], *, drop_heading: bool = False) -> str:
    """Replace each ``<!-- README: NAME -->`` line of ``page`` with the README's section NAME.

    With ``drop_heading``, a section loses its own ``## `` heading and its
    sub-headings move up a level (for a page whose title stands in for it).

    Raises:
        KeyError: the README has no section NAME (its heading was renamed?).
    """
    def section(match: re.Match) -> str:
        name = match.group(1)
        if name not in sections:
            raise KeyError(f"the README has no section {name!r} (sections: {', '.join(sections)}).")
        body = sections[name]
        if drop_heading and name != "introduction":
            body = re.sub(r"^#(#+ )", r"\1", body.split("\n", 1)[1].lstrip("\n"), flags=re.MULTILINE)
        return body

    return README_MARK.sub(section, page)


def public_modules(package: str = "helpers") -> list[str]:
    """Every public module of ``package``, subpackages included, sorted (``helpers.chains``, ...)."""
    root = __import__(package)
    names = [package]
    for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    return sorted(names)


def api_sections(modules: list[str]) -> str:
    """One MyST section per module, each an ``automodule`` with its members."""
    return "\n".join(
        f"## `{name}`\n\n```{{eval-rst}}\n.. automodule:: {name}\n   :members:\n```\n" for name in modules
    )


def local_badges(markdown: str, static: str) -> str:
    """The Binder and Colab badge images of ``markdown`` replaced by the local SVGs in ``static``
    (a path from the page to ``_static/badges``); the links around them stay remote."""
    return BADGE_IMAGE.sub(lambda m: f"![{m.group(1)}]({static}/{BADGES[m.group(2)]})", markdown)


def strip_markers(source: str) -> str:
    """``source`` without nbgrader's marker lines (the solution itself stays)."""
    return "\n".join(line for line in source.splitlines() if not any(m in line for m in MARKERS)
                     or not line.strip().startswith("#"))


def _grader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def key_figures_heading(cell) -> re.Match | None:
    """The "Key figures (for make bench)" heading line of a Markdown cell, wherever it sits in the cell."""
    return KEY_FIGURES.search(cell.source) if cell.cell_type == "markdown" else None


def key_figure_cells(nb) -> set[int]:
    """Indices of the code cells of the key-figures section (those after its heading, up to the next
    Markdown cell, that record figures with ``helpers.record``) and of any cell tagged ``key-figures``.
    The heading itself is cut by :func:`without_key_figures_heading`."""
    dropped: set[int] = set()
    for i, cell in enumerate(nb.cells):
        if "key-figures" in cell.get("metadata", {}).get("tags", []):
            dropped.add(i)
        if key_figures_heading(cell):
            for j in range(i + 1, len(nb.cells)):
                if nb.cells[j].cell_type != "code":
                    break
                if "record(" in nb.cells[j].source:
                    dropped.add(j)
    return dropped


def without_key_figures_heading(source: str) -> str:
    """A Markdown cell's source without the key-figures heading and its text (up to the next heading)."""
    match = KEY_FIGURES.search(source)
    if not match:
        return source
    rest = source[match.end():]
    following = re.search(r"(?m)^#{1,6}\s", rest)
    return (source[:match.start()].rstrip() + "\n\n" + (rest[following.start():] if following else "")).strip()


def blank_answer(cell) -> nbformat.NotebookNode:
    """The exercise cell as the student version has it (nbgrader's stub), without outputs."""
    from nbgrader.preprocessors import ClearSolutions  # noqa: PLC0415

    blank = copy.deepcopy(cell)
    if "id" in blank:  # cell ids are unique in a notebook: the solution keeps the original's
        blank.id = f"{cell.id}-answer"[:64]
    blank, _ = ClearSolutions().preprocess_cell(blank, {"language": "python"}, 0)
    blank.metadata = nbformat.from_dict({"tags": ["answer-area"]})
    if blank.cell_type == "code":
        blank.outputs, blank.execution_count = [], None
    else:
        blank.source = "\n".join(
            "> *Your answer here.*" if "YOUR ANSWER HERE" in line else line for line in blank.source.splitlines())
    return blank


def folded_solution(cell) -> list[nbformat.NotebookNode]:
    """The model solution, folded behind "Show a solution": a code cell MyST-NB folds (``hide-cell``,
    source and outputs in a closed ``<details>``), or a Markdown answer in a closed ``<details>``."""
    solution = copy.deepcopy(cell)
    solution.source = strip_markers(cell.source).strip("\n")
    if cell.cell_type == "code":
        solution.metadata = nbformat.from_dict({
            "tags": ["hide-cell", "solution"],
            "mystnb": {"code_prompt_show": SHOW_SOLUTION, "code_prompt_hide": HIDE_SOLUTION},
        })
        return [solution]
    return [nbformat.v4.new_markdown_cell(
        f'<details class="admonition hide above-input solution">\n<summary aria-label="{SHOW_SOLUTION}">\n'
        f'<p class="collapsed admonition-title">{SHOW_SOLUTION}</p>\n'
        f'<p class="expanded admonition-title">{HIDE_SOLUTION}</p>\n</summary>\n\n'
        f"{solution.source}\n\n</details>")]


def split_colab_setup(cell) -> list[nbformat.NotebookNode]:
    """The set-up cell as two: the Colab-only lines (``import sys`` and the ``if "google.colab"``
    block), folded, and the rest with the outputs. A cell without that block is returned as is."""
    lines = cell.source.splitlines()
    start = next((i for i, line in enumerate(lines) if COLAB_START.match(line)), None)
    if start is None:
        return [cell]
    stop = start + 1
    while stop < len(lines) and (lines[stop].startswith((" ", "\t")) or not lines[stop].strip()):
        stop += 1
    head = lines[:start]
    colab = lines[start:stop]
    if head and head[-1].strip() == "import sys" and "sys." not in "\n".join(lines[stop:]):
        colab, head = [head[-1], ""] + colab, head[:-1]
    rest = "\n".join(head + lines[stop:]).strip("\n")
    folded = nbformat.v4.new_code_cell("\n".join(colab).strip("\n"))
    folded.metadata = nbformat.from_dict({
        "tags": ["hide-input", "colab-setup"],
        "mystnb": {"code_prompt_show": "Show the Colab set-up", "code_prompt_hide": "Hide the Colab set-up"},
    })
    main = copy.deepcopy(cell)
    main.source = rest
    return [folded, main] if rest.strip() else [folded]


def repository_url(nb) -> str | None:
    """The course's GitHub repository, read from the notebook's Binder badge (None without one)."""
    for cell in nb.cells[:3]:
        match = REPOSITORY.search(cell.source) if cell.cell_type == "markdown" else None
        if match:
            return f"https://github.com/{match.group(1)}/{match.group(2)}"
    return None


def site_notebook(path: Path | str) -> nbformat.NotebookNode:
    """The notebook as its page shows it.

    Exercises: the student's blank answer area, then the model solution folded behind
    "Show a solution"; check cells without their hidden tests; the Colab lines folded; no
    key-figures cell, no live widget views, local badge images, and a download link to the
    student version after the title cell.
    """
    from nbgrader.preprocessors import ClearHiddenTests  # noqa: PLC0415

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("widgets", None)
    # IPython's lexer (the Colab lines' `!git clone`), also for a notebook not yet executed
    nb.metadata.setdefault("language_info", {}).setdefault("pygments_lexer", "ipython3")
    nb.metadata["language_info"].setdefault("name", "python")
    dropped = key_figure_cells(nb)
    cells = []
    for i, cell in enumerate(nb.cells):
        if i in dropped:
            continue
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if WIDGET_VIEW not in o.get("data", {})]
        if cell.cell_type == "markdown":
            cell.source = local_badges(without_key_figures_heading(cell.source), "../_static/badges")
            if not cell.source.strip():
                continue
        if _grader(cell).get("solution"):
            cells += [blank_answer(cell), *folded_solution(cell)]
        elif cell.cell_type == "code" and _grader(cell).get("grade"):
            ClearHiddenTests()._remove_hidden_test_region(cell)
            cells.append(cell)
        elif cell.cell_type == "code" and any(COLAB_START.match(line) for line in cell.source.splitlines()):
            cells += split_colab_setup(cell)
        else:
            cells.append(cell)
    repo = repository_url(nb)
    where = (f"[`notebooks/{path.name}` in the course's repository]({repo}/blob/HEAD/notebooks/{path.name})"
             if repo else f"`notebooks/{path.name}` in the course's repository")
    link = nbformat.v4.new_markdown_cell(
        f"{{download}}`Download the student version <../_ipynb/{path.name}>` (`{path.name}`: the exercises "
        "blank, no solutions, no outputs), or run the course with the Binder or Colab badge above. "
        f"The instructor version, with the solutions and hidden tests, is {where}; there the solution "
        "cells open folded in JupyterLab."
    )
    cells.insert(1, link)
    nb.cells = cells
    return nb


def stage(into: Path | str = STAGE, *, notebooks_from: Path | str = NOTEBOOKS) -> Path:
    """Lay out the Sphinx source: docs/, the README's sections, the notebooks, their student
    versions (for download) and the API page.

    The notebooks are copied once into ``into/_snapshot/`` first: the page and the student
    version of a notebook come from the same copy, even if the notebook is saved meanwhile.
    """
    from tools.classroom import generate_release  # noqa: PLC0415

    into = Path(into)
    if into.exists():
        shutil.rmtree(into)
    shutil.copytree(DOCS, into, ignore=shutil.ignore_patterns("__pycache__"))
    sections = readme_sections((ROOT / "README.md").read_text())
    for page in ("index.md", "teachers.md"):
        path = into / page
        text = fill_from_readme(path.read_text(), sections, drop_heading=page == "teachers.md")
        path.write_text(local_badges(text, "_static/badges"))
    api = into / "api.md"
    api.write_text(api.read_text().replace(API_MARK, api_sections(public_modules())))
    snapshot = into / "_snapshot"
    snapshot.mkdir()
    for path in notebooks(notebooks_from):
        shutil.copy2(path, snapshot / path.name)
    (into / "notebooks").mkdir()
    (into / "_ipynb").mkdir()
    sources = notebooks(snapshot)
    if sources:
        for student in generate_release(into / "_release", notebooks=snapshot):
            shutil.copy2(student, into / "_ipynb" / student.name)
        shutil.rmtree(into / "_release")
    for path in sources:
        nbformat.write(site_notebook(path), into / "notebooks" / path.name)
    return into


def build(out: Path | str = OUT, *, source: Path | str = STAGE, notebooks_from: Path | str = NOTEBOOKS,
          env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Stage the sources and build the HTML site with warnings as errors.

    ``env`` is the environment of the Sphinx process (the tests switch its network off).

    Raises:
        RuntimeError: Sphinx failed or warned (its output is in the message).
    """
    source = stage(source, notebooks_from=notebooks_from)
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q", "-E",
         "-d", str(source / ".doctrees"), str(source), str(out)],
        capture_output=True, text=True, cwd=ROOT, check=False, env=env,
    )
    if done.returncode != 0:
        raise RuntimeError(f"sphinx-build failed:\n{done.stdout[-4000:]}\n{done.stderr[-8000:]}")
    return done


def size_mib(folder: Path) -> float:
    """Total size of the files under ``folder``, in MiB."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the course as a static website.")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    build(args.out)
    seconds = time.perf_counter() - start
    pages = len(list(args.out.rglob("*.html")))
    shown = args.out.relative_to(ROOT) if args.out.resolve().is_relative_to(ROOT) else args.out
    print(f"site built in {seconds:.0f} s: {pages} pages, {size_mib(args.out):.1f} MiB in {shown}/ "
          f"(open {shown}/index.html)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
