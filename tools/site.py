"""``make site``: the course as a static website, built offline with Sphinx and MyST-NB.

The pages come from the committed notebooks and their outputs (nothing is
re-executed: the tests run the notebooks), the README (its introduction and
syllabus on the landing page, its "For teachers" section as the teacher's
guide) and the helpers' docstrings (the API page). ``docs/`` holds the Sphinx
configuration and the pages' frames; this module stages them with those
sources into ``_build/site-src/`` and builds ``_build/site/``:

- every ``notebooks/NN_*.ipynb`` becomes a page, in order, with a link to
  download the notebook as committed;
- a widget's live view is dropped from the page (it needs a kernel), and the
  static figure that follows every widget cell stands in for it;
- the API page documents every public module of ``helpers``, found by walking
  the package, so a new module appears without editing anything.

Usage: ``python -m tools.site [--out _build/site]``
"""

from __future__ import annotations

import argparse
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


def site_notebook(path: Path) -> nbformat.NotebookNode:
    """The notebook as its page shows it: no live widget views, and a download link after the title cell."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if WIDGET_VIEW not in o.get("data", {})]
    link = nbformat.v4.new_markdown_cell(
        f"{{download}}`Download this notebook <../_ipynb/{path.name}>` (`{path.name}`, with its outputs), "
        "or run it with the Binder or Colab badge above."
    )
    nb.cells.insert(1, link)
    return nb


def stage(into: Path | str = STAGE, *, notebooks_from: Path | str = NOTEBOOKS) -> Path:
    """Lay out the Sphinx source: docs/, the README's sections, the notebooks and the API page."""
    into = Path(into)
    if into.exists():
        shutil.rmtree(into)
    shutil.copytree(DOCS, into, ignore=shutil.ignore_patterns("__pycache__"))
    sections = readme_sections((ROOT / "README.md").read_text())
    for page in ("index.md", "teachers.md"):
        path = into / page
        path.write_text(fill_from_readme(path.read_text(), sections, drop_heading=page == "teachers.md"))
    api = into / "api.md"
    api.write_text(api.read_text().replace(API_MARK, api_sections(public_modules())))
    (into / "notebooks").mkdir()
    (into / "_ipynb").mkdir()
    for path in notebooks(notebooks_from):
        nbformat.write(site_notebook(path), into / "notebooks" / path.name)
        shutil.copy2(path, into / "_ipynb" / path.name)
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
