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


# Under pytest-xdist (make test: -n 2 --dist loadfile --no-loadscope-reorder), each file goes to
# one worker in this order: the notebooks, longest first, then the test files that run something
# outside this process (they take longest), then the rest; the notebooks in make bench's order of wall time.
LONGEST_FIRST = ("04", "05", "03", "07", "06", "09", "02", "10", "08", "11", "01")
HEAVY_TEST_FILES = ("test_grading.py", "test_browser.py", "test_site.py", "test_classroom.py",
                    "test_determinism.py", "test_binder.py", "test_student_mistakes.py", "test_seeds.py",
                    "test_bench.py")


def _order(item) -> tuple:
    if item.path.suffix == ".ipynb":
        prefix = item.path.name[:2]
        return (0, LONGEST_FIRST.index(prefix) if prefix in LONGEST_FIRST else len(LONGEST_FIRST))
    name = item.path.name
    return (1, HEAVY_TEST_FILES.index(name)) if name in HEAVY_TEST_FILES else (2, 0)


def pytest_configure(config):
    # one folder for this test run's recorded figures, made here (in the controlling process under
    # pytest-xdist) so that every worker inherits it
    if not hasattr(config, "workerinput"):
        from tools.testruns import runs_dir  # noqa: PLC0415

        runs_dir()


def pytest_collection_modifyitems(items):
    # every notebook run is an integration test (make unit leaves them out)
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.integration)
    # The notebooks run first, so the tests in tests/ can use what their one execution recorded
    # (tools/testruns.py) instead of running a notebook again (issue 24). The sort is stable:
    # cells keep their order within a notebook, tests within a file.
    items[:] = sorted(items, key=_order)


def pytest_collection_finish(session):
    from tools.testruns import expect  # noqa: PLC0415

    expect({item.path for item in session.items if item.path.suffix == ".ipynb"})


def pytest_runtest_teardown(item, nextitem):
    """After a notebook's last cell: mark it done (tools.testruns.mark_done), passed or not."""
    if item.path.suffix == ".ipynb" and (nextitem is None or nextitem.path != item.path):
        from tools.testruns import mark_done  # noqa: PLC0415

        mark_done(item.path)


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
    if hasattr(session.config, "workerinput"):
        return  # a pytest-xdist worker: the controlling process removes the folder at the very end
    from tools.testruns import remove_runs_dir  # noqa: PLC0415

    remove_runs_dir()


def pytest_collectstart(collector):
    path = getattr(collector, "path", None)
    if path is not None and path.suffix == ".ipynb":
        collector.skip_compare = tuple(collector.skip_compare) + SKIP
