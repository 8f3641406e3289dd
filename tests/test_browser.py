"""JupyterLab in a real browser: open notebook 01, run all cells, move a widget slider; a solution
cell opens collapsed and expands to its code; and the student set-up (binder/hide-instructor-tools)
hides nbgrader's instructor tools, which a teacher's keeps.

Needs Debian's Chromium (``apt-get install chromium``; ``.ci/run`` installs it). Playwright drives
it through ``executable_path``: downloading Playwright's own browser is not possible here. The
test is skipped, saying so, only when no Chromium is installed.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tools.fold import dumps, fold, is_solution

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "tests" / "output"
HIDE = ROOT / "binder" / "hide-instructor-tools"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        CHROMIUM is None, reason="no Chromium on this machine: install Debian's package (apt-get install chromium)"
    ),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_lab(work: Path, role: str):
    """A JupyterLab server on a free loopback port with a random token, serving a copy of notebook 01.

    Its Jupyter config folder is its own: the student's has been through binder/hide-instructor-tools,
    the teacher's through its --undo. The user's config wins over the environment's here
    (JUPYTER_PREFER_ENV_PATH=0), so either holds whatever `make setup` did to the environment.
    """
    # notebook 01 folded by tools/fold.py (as `make fold` leaves the committed ones; a no-op once they are)
    nb = json.loads((ROOT / "notebooks" / "01_matrix_chains.ipynb").read_text(encoding="utf-8"))
    fold(nb)
    (work / "01_matrix_chains.ipynb").write_text(dumps(nb), encoding="utf-8")
    settings = work / "settings"
    for plugin, values in {
        "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},  # render every cell
        "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    }.items():
        path = settings / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(settings), "JUPYTERLAB_WORKSPACES_DIR": str(work / "ws"),
           "JUPYTER_CONFIG_DIR": str(work / "config"), "JUPYTER_PREFER_ENV_PATH": "0", "PYTHONHASHSEED": "0",
           "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])}
    done = subprocess.run([str(HIDE), *(["--undo"] if role == "teacher" else []), "user"], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, f"binder/hide-instructor-tools failed: {done.stdout}\n{done.stderr}"
    log = open(work / "server.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work}", "--ServerApp.open_browser=False",
         *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])],
        stdout=log, stderr=subprocess.STDOUT, env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    break
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            pytest.fail(f"JupyterLab did not start: {(work / 'server.log').read_text()[-2000:]}")
        time.sleep(0.5)
    return server, log, {"base": base, "token": token, "work": work}


def stop_lab(server, log) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    log.close()
    assert server.returncode is not None


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """The student's JupyterLab (the set-up of make setup, Binder and the conda line)."""
    server, log, info = start_lab(tmp_path_factory.mktemp("student"), "student")
    yield info
    stop_lab(server, log)


@pytest.fixture(scope="module")
def teacher_lab(tmp_path_factory):
    """A teacher's JupyterLab, the instructor tools turned back on: the control for the student's."""
    server, log, info = start_lab(tmp_path_factory.mktemp("teacher"), "teacher")
    yield info
    stop_lab(server, log)


def nbgrader_tools(lab, screenshot: str) -> dict:
    """What JupyterLab shows of nbgrader: side-panel titles, Nbgrader menu items, the formgrader's HTTP status.

    An instructor panel that is registered at all shows in the side bars, notebook open or not.
    """
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    try:
        with urllib.request.urlopen(f"{lab['base']}/formgrader?token={lab['token']}", timeout=30) as response:  # noqa: S310
            formgrader = response.status
    except urllib.error.HTTPError as error:
        formgrader = error.code
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(60_000)
        page.goto(f"{lab['base']}/lab?token={lab['token']}")  # no notebook: its kernel stays for the other test
        page.wait_for_selector(".jp-DirListing-item")
        # nbgrader's menu comes from the same bundle as its panels: once it is there, so are they
        page.get_by_role("menuitem", name="Nbgrader", exact=True).wait_for()
        page.wait_for_timeout(1_000)
        panels = page.locator(".lm-TabBar-tab").evaluate_all(
            "els => els.map(e => (e.getAttribute('title') || '') + ' ' + e.innerText)")
        page.get_by_role("menuitem", name="Nbgrader", exact=True).click()
        menu = [t.strip() for t in page.locator(".lm-Menu-itemLabel").all_inner_texts() if t.strip()]
        page.screenshot(path=str(OUTPUT / screenshot))
        browser.close()
    return {"panels": panels, "menu": menu, "formgrader": formgrader}


def test_student_jupyterlab_has_no_instructor_tools(lab):
    seen = nbgrader_tools(lab, "jupyterlab_student_nbgrader_menu.png")
    assert not [p for p in seen["panels"] if "Create Assignment" in p], f"a student sees {seen['panels']}"
    assert not [m for m in seen["menu"] if m.startswith(("Formgrader", "Create assignment"))], seen["menu"]
    assert seen["formgrader"] == 404, f"the formgrader answers students with HTTP {seen['formgrader']}"
    assert "Assignment List" in seen["menu"], f"students keep the Assignments list: {seen['menu']}"


def test_teacher_jupyterlab_has_them(teacher_lab):
    """The control: the same look finds the tools where they are on, so the student test can fail."""
    seen = nbgrader_tools(teacher_lab, "jupyterlab_teacher_nbgrader_menu.png")
    assert [p for p in seen["panels"] if "Create Assignment" in p], f"no Create Assignment panel in {seen['panels']}"
    assert "Formgrader" in seen["menu"] and "Create assignment" in seen["menu"], seen["menu"]
    assert seen["formgrader"] == 200


def test_a_solution_cell_opens_collapsed_and_expanding_it_shows_the_code(lab):
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    nb = json.loads((lab["work"] / "01_matrix_chains.ipynb").read_text(encoding="utf-8"))
    index = next(i for i, c in enumerate(nb["cells"]) if is_solution(c) and c["cell_type"] == "code")
    source = "".join(nb["cells"][index]["source"])
    region = source.split("### BEGIN SOLUTION", 1)[-1].split("### END SOLUTION", 1)[0]
    line = next(x.strip() for x in region.splitlines() if len(x.strip()) > 10)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(60_000)
        page.goto(f"{lab['base']}/lab/tree/01_matrix_chains.ipynb?token={lab['token']}")
        page.wait_for_selector(".jp-Notebook .jp-Cell")
        cells = page.locator(".jp-Notebook .jp-Cell")
        cells.nth(len(nb["cells"]) - 1).wait_for(state="attached")
        cell = cells.nth(index)
        cell.scroll_into_view_if_needed()
        placeholder = cell.locator(".jp-InputPlaceholder")
        collapsed = placeholder.is_visible() and not cell.locator(".jp-InputArea").is_visible()
        folded_text = cell.inner_text()
        page.screenshot(path=str(OUTPUT / "jupyterlab_solution_folded.png"))
        placeholder.click()
        cell.locator(".jp-InputArea").wait_for(state="visible", timeout=20_000)
        shown = cell.locator(".jp-InputArea .cm-content").inner_text()
        page.screenshot(path=str(OUTPUT / "jupyterlab_solution_expanded.png"))
        browser.close()
    assert collapsed, "the solution cell does not open collapsed"
    assert line not in folded_text, "the collapsed solution cell shows its code"
    assert line in shown, f"expanding the cell did not show the solution ({line!r} not in {shown[:200]!r})"


def test_notebook_01_runs_in_jupyterlab_and_its_slider_answers(lab):
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    OUTPUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(60_000)
        page.goto(f"{lab['base']}/lab/tree/01_matrix_chains.ipynb?token={lab['token']}")
        page.wait_for_selector(".jp-Notebook .jp-Cell")
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)

        prompts = page.locator(".jp-Notebook .jp-CodeCell .jp-InputPrompt")
        # On a loaded machine the kernel can report idle before it takes requests, and a Run All
        # sent then is dropped (every prompt stays "[ ]:"): send it again, at most three times.
        for _ in range(3):
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and all(t.strip() == "[ ]:" for t in prompts.all_inner_texts()):
                time.sleep(1)
            if not all(t.strip() == "[ ]:" for t in prompts.all_inner_texts()):
                break
        # A folded cell (make fold: solutions and hidden tests) hides its input, prompt included,
        # so exactly that many prompts read empty; every other cell must show its count.
        nb01 = json.loads((ROOT / "notebooks" / "01_matrix_chains.ipynb").read_text(encoding="utf-8"))
        fold(nb01)
        folded = sum(1 for c in nb01["cells"] if c["cell_type"] == "code"
                     and c.get("metadata", {}).get("jupyter", {}).get("source_hidden"))
        deadline = time.monotonic() + 180
        while True:
            texts = prompts.all_inner_texts()
            shown = [t for t in texts if t.strip()]
            done = bool(shown) and len(texts) - len(shown) == folded and all(
                t.strip().startswith("[") and t.strip()[1:-2].isdigit() for t in shown)
            if done or time.monotonic() > deadline:
                break
            time.sleep(1)
        page.screenshot(path=str(OUTPUT / "jupyterlab_01_after_run_all.png"), full_page=False)
        assert done, f"not every cell finished ({folded} folded): prompts {texts}"
        counts = [int(t.strip()[1:-2]) for t in shown]
        assert len(set(counts)) == len(counts) and set(counts) <= set(range(1, len(texts) + 1)), counts

        stderr = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        tracebacks = [t for t in stderr.all_inner_texts() if "Traceback" in t or "Error" in t]
        assert not tracebacks, f"a cell shows an error: {tracebacks[0][:500]}"

        slider = page.locator(".widget-slider").first
        slider.scroll_into_view_if_needed()
        report = page.locator(".widget-html-content pre").first
        before = report.inner_text()
        handle = slider.locator(".noUi-handle").first
        handle.focus()
        for _ in range(3):
            handle.press("ArrowLeft")
        page.wait_for_function(
            "([el, old]) => el.innerText !== old", arg=[report.element_handle(), before], timeout=20_000
        )
        after = report.inner_text()
        page.screenshot(path=str(OUTPUT / "jupyterlab_01_slider_moved.png"))
        browser.close()
    assert before != after
    assert "rank of the product" in after
