"""nbval settings for the course's notebooks (pytest finds this file because
it sits beside them; a conftest in tests/ would not reach them).

Lax mode runs every cell and compares only cells marked ``# NBVAL_CHECK_OUTPUT``.
For those, what may differ between machines or runs is left out: stderr
(warnings, library chatter), widget views (random model ids), HTML and
JavaScript renderings, and images.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Kernels started by nbval inherit this environment. Fixing the hash seed makes
# anything that depends on set or dict ordering of strings repeatable.
os.environ.setdefault("PYTHONHASHSEED", "0")
# Under the tests, every helpers.claim is a strict assert (for a student it is a visible note).
os.environ["COURSE_STRICT"] = "1"

# ... and they run with the network switched off (loopback still works): every notebook's
# default path must work offline, and this proves it on machines that do have a network.
OFFLINE = Path(__file__).resolve().parent.parent / "tests" / "offline"
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(OFFLINE), os.environ.get("PYTHONPATH")) if p)

SKIP = (
    "stderr",
    "application/vnd.jupyter.widget-view+json",
    "application/vnd.jupyter.widget-state+json",
    "text/html",
    "application/javascript",
    "image/png",
    "image/svg+xml",
)


def pytest_collection_modifyitems(items):
    # every notebook run is an integration test (make unit leaves them out)
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.integration)
    # The notebooks run first, so the tests in tests/ can use what their one execution recorded
    # (tools/testruns.py) instead of running a notebook again (issue 24).
    items[:] = [i for i in items if i.path.suffix == ".ipynb"] + [i for i in items if i.path.suffix != ".ipynb"]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    """The kernel of a notebook starts in the setup of its first cell: it records the notebook's
    figures into this test run's folder (tools.testruns.figures_path), and only that kernel does."""
    if item.path.suffix != ".ipynb" or os.environ.get("COURSE_REPORT_PATH"):
        yield
        return
    from tools.testruns import figures_path  # noqa: PLC0415

    os.environ["COURSE_REPORT_PATH"] = str(figures_path(item.path))
    try:
        yield
    finally:
        os.environ.pop("COURSE_REPORT_PATH", None)


def pytest_sessionfinish(session):
    from tools.testruns import remove_runs_dir  # noqa: PLC0415

    remove_runs_dir()


def pytest_collectstart(collector):
    path = getattr(collector, "path", None)
    if path is not None and path.suffix == ".ipynb":
        collector.skip_compare = tuple(collector.skip_compare) + SKIP
