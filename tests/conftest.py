"""Test markers for the unit/integration split (``make unit`` leaves integration tests out).

A whole file is an integration test when it builds or runs something outside this
process: nbgrader, repo2docker, Sphinx, a browser. Single tests elsewhere that start a
Jupyter kernel carry ``@pytest.mark.integration`` themselves.
"""

from __future__ import annotations

import pytest

INTEGRATION_FILES = {
    "test_binder.py",     # repo2docker
    "test_browser.py",    # JupyterLab in Chromium
    "test_classroom.py",  # nbgrader builds the student release and runs it
    "test_determinism.py",  # runs notebooks twice in fresh kernels
    "test_grading.py",    # nbgrader's whole grading loop
    "test_site.py",       # Sphinx builds the site
}


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.name in INTEGRATION_FILES:
            item.add_marker(pytest.mark.integration)
