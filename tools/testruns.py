"""One execution of each notebook per test run, shared (issue 24).

nbval runs every notebook once per ``make test`` (notebooks/conftest.py puts those items
first). While it does, each notebook's kernel records its key figures
(``helpers.record``) into this test run's folder, in a file named after the notebook
and a digest of its content and the helpers' (:func:`figures_path`). A test that needs
what an executed notebook measured reads it there (:func:`recorded_figures`) instead
of running the notebook again; the digest makes sure the figures belong to exactly the
notebook and helpers on disk.

The folder is ``$COURSE_TEST_RUNS``: a fresh temporary folder made when pytest starts (in the
controlling process under pytest-xdist, so that both workers share it) and removed when the
session ends.

Under ``make test`` the notebooks run on two pytest-xdist workers. A notebook's last cell, when
it is torn down, leaves a ``.done`` marker beside its figures (:func:`mark_done`), whether the
notebook passed or not. A test that needs a notebook this session runs (:func:`expect`) waits
for that marker, so it never reads a half-written file nor runs the notebook a second time
because the other worker has not finished it yet. The notebooks are scheduled before every
other test (notebooks/conftest.py), so the wait always ends.

Counting executions: with ``COURSE_COUNT_EXECUTIONS=FILE`` in the environment, every
kernel the tests start (nbval, nbclient, nbgrader, JupyterLab) appends one line to FILE
when it runs a cell that calls ``setup_notebook(`` (every course notebook does, once):
``python -m tools.testruns FILE`` prints the count (see :func:`counting_env`).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HELPERS = ROOT / "helpers"
RUNS_ENV = "COURSE_TEST_RUNS"
COUNT_ENV = "COURSE_COUNT_EXECUTIONS"


def runs_dir() -> Path:
    """This test run's folder (created on first use, shared through the environment)."""
    if not os.environ.get(RUNS_ENV):
        os.environ[RUNS_ENV] = tempfile.mkdtemp(prefix="course-test-runs-")
    folder = Path(os.environ[RUNS_ENV])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# At most this long for a notebook the other worker runs (then: as if it did not run). A legitimate
# wait is at most the other worker's share of the notebooks, about 100 s here (the course is 203 s
# on one kernel, 2026-12-03); 600 s leaves room for a machine several times slower and bounds the
# wait when a worker died mid-notebook and its marker never comes.
WAIT_S = 600
_expected: set[str] = set()


def expect(notebooks) -> None:
    """Note the notebooks this test session's nbval will run (their figures are worth waiting for)."""
    _expected.update(Path(n).resolve().name for n in notebooks)


def done_path(notebook: Path | str) -> Path:
    return figures_path(notebook).with_suffix(".done")


def mark_done(notebook: Path | str) -> None:
    """nbval finished ``notebook`` (every cell ran, passed or not) in this test run."""
    done_path(notebook).touch()


def _wait_for(notebook: Path | str, timeout: float) -> None:
    import time  # noqa: PLC0415

    marker = done_path(notebook)
    deadline = time.monotonic() + timeout
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(1.0)


def remove_runs_dir() -> None:
    """Remove this test run's folder (at the end of the session that made it)."""
    folder = os.environ.pop(RUNS_ENV, None)
    if folder and Path(folder).name.startswith("course-test-runs-"):
        import shutil  # noqa: PLC0415

        shutil.rmtree(folder, ignore_errors=True)


def content_key(notebook: Path | str, helpers: Path | str = HELPERS) -> str:
    """A digest of the notebook's bytes and every helpers/ Python file (path and bytes)."""
    digest = hashlib.sha256(Path(notebook).read_bytes())
    for path in sorted(Path(helpers).rglob("*.py")):
        digest.update(str(path.relative_to(helpers)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def figures_path(notebook: Path | str) -> Path:
    """Where this run's execution of ``notebook`` (as it is on disk now) records its figures."""
    return runs_dir() / f"{Path(notebook).stem}-{content_key(notebook)}.json"


def recorded_figures(notebook: Path | str) -> dict | None:
    """The figures nbval's execution of ``notebook`` recorded in this test run, or None when it
    did not run (a test file run on its own), failed before recording, or the notebook or the
    helpers changed since."""
    if not os.environ.get(RUNS_ENV):
        return None  # no notebook ran in this test run
    if Path(notebook).resolve().name in _expected:
        _wait_for(notebook, WAIT_S)  # the other worker may still be running it
    path = figures_path(notebook)
    if not path.exists():
        return None
    try:
        figures = json.loads(path.read_text())
    except json.JSONDecodeError:
        return None
    return figures or None


STARTUP = """\
import os as _os
def _course_count(result, _path=_os.environ.get({env!r})):
    src = getattr(result.info, "raw_cell", "") or ""
    if _path and "setup_notebook(" in src and not src.lstrip().startswith("import tools"):
        with open(_path, "a") as _f:
            _f.write(_os.getcwd() + "\\n")
get_ipython().events.register("post_run_cell", _course_count)
"""


def counting_env(log: Path | str, ipython_dir: Path | str) -> dict[str, str]:
    """Environment variables that make every kernel started with them count its course notebook."""
    startup = Path(ipython_dir) / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00-course-count.py").write_text(STARTUP.format(env=COUNT_ENV))
    return {COUNT_ENV: str(log), "IPYTHONDIR": str(ipython_dir)}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    lines = Path(argv[0]).read_text().splitlines() if argv and Path(argv[0]).exists() else []
    print(f"{len(lines)} notebook executions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
