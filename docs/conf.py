"""Sphinx configuration of the course's website (``make site``; see tools/site.py).

tools/site.py stages this folder together with the notebooks and the README's
sections into _build/site-src/, then builds _build/site/ from there, offline.
"""

from __future__ import annotations

import datetime
import importlib.util
import re
import shutil
from pathlib import Path

project = "Autoencoders, hands-on"
author = "the course's authors"
copyright = f"{datetime.date.today().year}, {author}; text and figures CC BY 4.0, code MIT"  # noqa: A001

extensions = [
    "myst_nb",                 # notebooks and Markdown pages
    "sphinx.ext.autodoc",      # the helpers' API from their docstrings
    "sphinx.ext.napoleon",     # ... which are written Google style (Args:, Returns:, Raises:)
    "sphinx.ext.mathjax",      # math, typeset by MathJax served from _static/ (below), not from a CDN
]

# A local MathJax: the copy the sphinx-mathjax-offline package ships (its extension would copy all
# 24 MiB of it; the site takes the TeX-to-HTML build and what that build can load: 7 MiB).
MATHJAX = Path(importlib.util.find_spec("sphinx-mathjax-offline").origin).parent / "static" / "mathjax"
MATHJAX_PARTS = ("tex-chtml.js", "input/tex", "output/chtml", "ui", "a11y", "sre", "adaptors")
mathjax_path = "mathjax/tex-chtml.js"

# The notebooks are committed with their outputs (the tests run them): show those, run nothing.
nb_execution_mode = "off"
# No widget manager from a CDN: tools/site.py drops the live widget views, and the static
# figure that follows every widget cell stands in for it.
nb_ipywidgets_js = {}
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3

# _ipynb/: the student notebooks offered for download; _snapshot/: the notebooks as read (tools/site.py)
exclude_patterns = ["_ipynb/**", "_snapshot/**", "_release/**", "**.ipynb_checkpoints"]

# Exercises: tools/site.py tags each model solution "hide-cell" with the prompt "Show a solution";
# the page shows it in a closed <details> element (no script needed, never open by default).
nb_code_prompt_show = "Show code cell {type}"
nb_code_prompt_hide = "Hide code cell {type}"

autodoc_member_order = "bysource"
autodoc_typehints = "description"
napoleon_google_docstring = True
napoleon_numpy_docstring = False

html_theme = "sphinx_book_theme"
html_title = project
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": False,    # each notebook page has its own download link
    "use_fullscreen_button": False,
    "home_page_in_toc": True,
}
# IPython's lexer stumbles on a shell line continued with a backslash (the Colab set-up's `!git clone ...
# \`, wrapped at 100 characters); Pygments then highlights it in relaxed mode, which reads fine.
suppress_warnings = ["misc.highlighting_failure"]

# course.css: code wraps at the page's width instead of scrolling sideways; badges/: the Binder and
# Colab badges as local SVGs (the links stay remote), so they render offline.
html_static_path = ["_static"]
html_css_files = ["course.css"]
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = False

# In the helpers' docstrings |x| is math (a size, an absolute value), never an RST
# substitution: escape such pipes inside a line (a table's pipes start their line).
_INLINE_BARS = re.compile(r"(?<=\S)(\s*)\|([^|\n]+)\|")


def _math_bars(app, what, name, obj, options, lines):
    lines[:] = [_INLINE_BARS.sub(r"\1\\|\2\\|", line) for line in lines]


def _copy_mathjax(app, exception):
    if exception is None and app.builder.format == "html":
        for part in MATHJAX_PARTS:
            source, target = MATHJAX / part, Path(app.outdir) / "_static" / "mathjax" / part
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, target, dirs_exist_ok=True)
            else:
                shutil.copy2(source, target)


def setup(app):
    app.connect("autodoc-process-docstring", _math_bars)
    app.connect("build-finished", _copy_mathjax)
