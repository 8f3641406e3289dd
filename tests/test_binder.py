"""What Binder would build: repo2docker's Dockerfile for this repository (no Docker needed)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dockerfile():
    exe = Path(sys.executable).parent / "jupyter-repo2docker"
    if not exe.exists() and shutil.which("jupyter-repo2docker") is None:
        pytest.skip("jupyter-repo2docker is not installed, so what Binder would build is not checked here: "
                    "install it with `make setup` (it is pinned in requirements-dev.txt) or "
                    "`pip install -r requirements-dev.txt`")
    done = subprocess.run([str(exe if exe.exists() else "jupyter-repo2docker"), "--no-build", "--debug", str(ROOT)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout + done.stderr


def test_uses_the_binder_environment(dockerfile):
    assert "binder/environment.yml" in dockerfile
    assert 'env update -p ${NB_PYTHON_PREFIX} --file "binder/environment.yml"' in dockerfile
    assert "COPY --chown=0:0 src/environment.yml" not in dockerfile, "the root environment.yml must be ignored"


def test_runs_postbuild_and_start(dockerfile):
    assert "./binder/postBuild" in dockerfile
    assert 'R2D_ENTRYPOINT="${REPO_DIR}/binder/start"' in dockerfile


def test_opens_jupyterlab():
    env = (ROOT / "binder/environment.yml").read_text()
    assert "jupyterlab==" in env, "Binder's environment must install JupyterLab"
    assert 'c.ServerApp.default_url = "/lab"' in (ROOT / "binder/postBuild").read_text()


def test_the_environment_layer_does_not_depend_on_the_repository(dockerfile):
    """The environment is installed before the repository is copied in, so Binder can cache it."""
    env_step = dockerfile.index('--file "binder/environment.yml"')
    copy_repo = dockerfile.index("COPY --chown=0:0 src/ ${REPO_DIR}/")
    assert env_step < copy_repo


def test_postbuild_hides_the_instructor_tools_and_installs_no_test_tooling(dockerfile):
    """Students on Binder get the course's pins and the student set-up, nothing of the tests or the site."""
    post = (ROOT / "binder/postBuild").read_text()
    assert "binder/hide-instructor-tools" in post
    env = (ROOT / "binder/environment.yml").read_text()
    for tool in ("pytest", "nbval", "hypothesis", "playwright", "jupyter-repo2docker", "sphinx", "myst-nb"):
        assert f"- {tool}==" not in env, f"Binder would install {tool}, a test or site tool"
    assert "- nbgrader==" in env, "students need nbgrader for the Assignments list and Validate"
