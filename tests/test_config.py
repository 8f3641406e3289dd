"""The configuration files agree: one set of pins, the two commands, Binder's own files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^\s*(?:-\s+)?([A-Za-z0-9_.\-\[\]]+)==([^\s#]+)")


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        match = PIN.match(line)
        if match:
            found[match.group(1).lower()] = match.group(2)
    return found


def python_version(path: Path) -> str:
    match = re.search(r"^\s*-\s*python=([0-9.]+)", path.read_text(), re.MULTILINE)
    assert match, f"{path.relative_to(ROOT)} does not pin python=3.x"
    return match.group(1)


REQUIREMENTS = ("requirements.txt", "requirements-dev.txt")  # the course's pins; the tests' and the site's
TEST_TOOLING = ("pytest", "nbval", "hypothesis", "playwright", "jupyter-repo2docker", "sphinx", "myst-nb")


@pytest.mark.parametrize("name", REQUIREMENTS)
def test_requirements_pin_every_dependency_exactly(name):
    lines = [
        line.split("#")[0].strip()
        for line in (ROOT / name).read_text().splitlines()
        if line.split("#")[0].strip()
    ]
    assert lines, f"{name} lists no dependency"
    loose = [line for line in lines if "==" not in line]
    assert not loose, f"{name} must pin exact versions (name==x.y.z); loose: {loose}"


def test_the_course_and_the_tests_each_pin_what_they_need():
    course, dev = pins(ROOT / "requirements.txt"), pins(ROOT / "requirements-dev.txt")
    for needed in ("tensorflow", "keras", "numpy", "matplotlib", "scikit-learn", "scikit-image",
                   "ipywidgets", "jupyterlab", "ipykernel", "nbgrader"):
        assert needed in course, f"{needed} is missing from requirements.txt"
    for needed in TEST_TOOLING + ("sphinx-book-theme", "sphinx-mathjax-offline"):
        assert needed in dev, f"{needed} is missing from requirements-dev.txt"
    assert course["keras"].startswith("3."), "the course is written for Keras 3"


def test_each_package_is_pinned_in_one_place():
    course, dev = pins(ROOT / "requirements.txt"), pins(ROOT / "requirements-dev.txt")
    both = sorted(set(course) & set(dev))
    assert not both, f"pinned in both requirements.txt and requirements-dev.txt: {both}; keep one"


def test_students_environments_hold_no_test_or_site_tooling():
    """Binder and the conda environment get the course's pins only: a smaller, faster Binder build."""
    for name in ("environment.yml", "binder/environment.yml"):
        found = sorted(set(pins(ROOT / name)) & (set(TEST_TOOLING) | set(pins(ROOT / "requirements-dev.txt"))))
        assert not found, f"{name} installs the tests' or the site's tools: {found}"


def test_setup_installs_both_requirements_files_and_hides_the_instructor_tools():
    makefile = (ROOT / "Makefile").read_text()
    setup = makefile[makefile.index("$(STAMP):"):].split("\n\n")[0]
    assert "-r requirements.txt" in setup and "-r requirements-dev.txt" in setup, setup
    assert "binder/hide-instructor-tools" in setup, "make setup must give students the student set-up"
    assert "requirements-dev.txt" in makefile[:makefile.index("$(STAMP):")], "the fingerprint must include requirements-dev.txt"
    assert "binder/hide-instructor-tools" in (ROOT / "binder/postBuild").read_text()


@pytest.mark.parametrize("other", ["environment.yml", "binder/environment.yml"])
def test_environment_files_agree_with_requirements(other):
    expected = pins(ROOT / "requirements.txt")
    got = pins(ROOT / other)
    assert got == expected, (
        f"{other} disagrees with requirements.txt: "
        f"missing {sorted(set(expected) - set(got))}, extra {sorted(set(got) - set(expected))}, "
        f"different {sorted(k for k in set(got) & set(expected) if got[k] != expected[k])}"
    )


def test_both_environment_files_use_the_same_python():
    assert python_version(ROOT / "environment.yml") == python_version(ROOT / "binder/environment.yml")


def test_root_environment_comments_every_dependency():
    text = (ROOT / "environment.yml").read_text()
    deps = [line for line in text.splitlines() if re.match(r"^\s*-\s+\S", line) and "conda-forge" not in line and line.strip() != "- pip:"]
    uncommented = [line.strip() for line in deps if "#" not in line]
    assert not uncommented, f"environment.yml: say what each dependency is for: {uncommented}"


def test_pyproject_reads_its_dependencies_from_requirements():
    text = (ROOT / "pyproject.toml").read_text()  # (tomllib is 3.11+; the course runs on 3.10 too)
    assert re.search(r'^dynamic = \["dependencies"\]', text, re.MULTILINE)
    assert re.search(r'^dependencies = \{ file = \["requirements.txt"\] \}', text, re.MULTILINE)
    assert not re.search(r"^dependencies = \[", text, re.MULTILINE), "pins belong in requirements.txt only"


def test_binder_has_its_own_files_and_no_local_paths():
    env = (ROOT / "binder/environment.yml").read_text()
    for local in ("-e ", "file:", "./", "../", "-r "):
        assert local not in env, f"binder/environment.yml must not refer to local paths ({local!r})"
    post = (ROOT / "binder/postBuild").read_text()
    assert "set -euo pipefail" in post and re.search(r"pip install .*-e \.", post)
    start = (ROOT / "binder/start").read_text().strip().splitlines()
    assert start[-1].strip() == 'exec "$@"', "binder/start must end with exec \"$@\""
    for name in ("postBuild", "start", "hide-instructor-tools"):
        assert (ROOT / "binder" / name).stat().st_mode & 0o111, f"binder/{name} must be executable"


def test_ci_calls_the_readme_test_command():
    """.ci/run ends with the README's `make test`; before it only set-up and the browser's system package."""
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make lab" in readme
    commands = [
        line.strip()
        for line in (ROOT / ".ci/run").read_text().splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    assert commands[-1] == "make test"
    extra = [c for c in commands[:-1] if not c.startswith(("set ", "cd "))]
    assert all("chromium" in c or c in ("fi",) or c.startswith("||") for c in extra), extra


def test_readme_syllabus_links_every_notebook():
    readme = (ROOT / "README.md").read_text()
    for notebook in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        link = f"notebooks/{notebook.name}"
        assert f"]({link})" in readme, f"README's syllabus does not link {link}"
        assert f"urlpath=lab/tree/{link}" in readme, f"README has no Binder badge for {link}"
        assert f"/blob/main/{link}" in readme, f"README has no Colab badge for {link}"


def test_optional_jax_extra_is_pinned_and_documented():
    text = (ROOT / "pyproject.toml").read_text()
    assert re.search(r'^jax = \["jax==[0-9.]+"\]', text, re.MULTILINE), "pin the optional JAX extra exactly"
    readme = (ROOT / "README.md").read_text()
    assert "make lab BACKEND=jax" in readme and "make bench BACKEND=jax" in readme
