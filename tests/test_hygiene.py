"""Notebook hygiene and course-wide rules that a grep can check."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
HELPERS = sorted((ROOT / "helpers").glob("*.py"))

LEGACY_KERAS = ("keras.preprocessing.text", "keras.layers.embeddings", "input_length=",
                "tf_keras", "TF_USE_LEGACY_KERAS")
ABSOLUTE_PATH = re.compile(r"(/home/\w|/Users/\w|/root/|/work/|/tmp/|/private/var/|[A-Za-z]:\\\\Users|site-packages)")
ALLOWED_NB_METADATA = {"kernelspec", "language_info", "widgets"}
ALLOWED_CELL_METADATA = {"tags", "nbgrader", "editable", "deletable", "slideshow", "jupyter", "scrolled",
                         "collapsed", "execution", "sweep"}  # sweep: the parameters cell's plan for make seeds


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebook found in notebooks/"


def ids(paths):
    return [p.name for p in paths]


@pytest.fixture(params=NOTEBOOKS, ids=ids(NOTEBOOKS))
def notebook(request):
    return request.param, nbformat.read(request.param, as_version=4)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def test_file_name(notebook):
    path, _ = notebook
    assert re.fullmatch(r"\d\d_[a-z0-9]+(_[a-z0-9]+)*\.ipynb", path.name), (
        f"{path.name}: notebooks are named NN_snake_case.ipynb"
    )


def test_kernelspec_and_metadata(notebook):
    path, nb = notebook
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", f"{path.name}: kernelspec must be python3"
    extra = set(nb.metadata) - ALLOWED_NB_METADATA
    assert not extra, f"{path.name}: unexpected notebook metadata {sorted(extra)} (personal or tool data?)"
    for i, cell in enumerate(nb.cells):
        extra = set(cell.metadata) - ALLOWED_CELL_METADATA
        assert not extra, f"{path.name} cell {i}: unexpected cell metadata {sorted(extra)}"


def test_run_in_order_from_a_clean_kernel(notebook):
    path, nb = notebook
    counts = [c.execution_count for c in code_cells(nb)]
    assert counts == list(range(1, len(counts) + 1)), (
        f"{path.name}: execution counts are {counts}; commit it after Restart & Run All"
    )


def test_no_stored_errors(notebook):
    path, nb = notebook
    for i, cell in enumerate(code_cells(nb)):
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if "raises-exception" in cell.metadata.get("tags", []):
            assert errors, f"{path.name} code cell {i + 1} is tagged raises-exception but did not raise"
            continue
        assert not errors, f"{path.name} code cell {i + 1} stored an error: {errors[0].ename}"
        stderr = [o.text for o in cell.outputs if o.output_type == "stream" and o.name == "stderr"]
        assert not any("Traceback" in t for t in stderr), f"{path.name} code cell {i + 1}: traceback in stderr"


def test_no_absolute_paths(notebook):
    path, _ = notebook
    found = ABSOLUTE_PATH.findall(path.read_text())
    assert not found, f"{path.name} contains machine-specific paths: {sorted(set(found))}"


def test_anatomy(notebook):
    path, nb = notebook
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith(f"# {path.name[:2]} · "), (
        f"{path.name}: the first cell is the title, '# {path.name[:2]} · Title'"
    )
    assert "mybinder.org" in first.source and "colab.research.google.com" in first.source
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: exactly one cell is tagged 'parameters'"
    setup = [c for c in code_cells(nb) if "helpers.setup_notebook(" in c.source]
    assert setup, f"{path.name}: call helpers.setup_notebook(seed=...) in the setup cell"
    assert '"google.colab" in sys.modules' in setup[0].source, (
        f"{path.name}: the setup cell fetches the course on Colab (see the other notebooks)"
    )


def test_nbval_markers_stand_alone(notebook):
    path, nb = notebook
    for cell in code_cells(nb):
        for line in cell.source.splitlines():
            if "NBVAL_" in line:
                assert re.fullmatch(r"# NBVAL_(CHECK_OUTPUT|IGNORE_OUTPUT|SKIP|RAISES_EXCEPTION)", line.strip()), (
                    f"{path.name}: nbval markers stand alone on their comment line, got {line!r}"
                )


def test_exercises_have_nbgrader_markup(notebook):
    path, nb = notebook
    solutions = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert len(solutions) >= 2 and len(graded) >= 2, f"{path.name}: at least two exercises with checks"
    for cell in solutions:
        assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source
    grade_ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]
    assert len(grade_ids) == len(set(grade_ids)), f"{path.name}: grade_ids must be unique"


def _sources():
    for path in HELPERS:
        yield path.name, path.read_text()
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "code" and "raises-exception" not in cell.metadata.get("tags", []):
                yield f"{path.name} cell {i}", cell.source


def _code_only(source: str) -> str:
    """The source without comments and string literals (docstrings and messages may name old APIs)."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("!", "%"))]  # IPython
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return source
    kept = (t.string for t in tokens if t.type not in (tokenize.COMMENT, tokenize.STRING)
            and t.type != getattr(tokenize, "FSTRING_MIDDLE", -1))
    return "".join(kept)  # no spaces: dotted names and keyword arguments read as written


def test_no_legacy_keras():
    found = []
    for where, text in _sources():
        code = _code_only(text)
        for word in LEGACY_KERAS:
            # API paths count in code only; the package and the switch count anywhere (they are strings)
            if word in (code if word.startswith(("keras.", "input_length")) else text):
                found.append((where, word))
    assert not found, f"legacy Keras outside a raises-exception cell: {found}"


def test_legacy_keras_detector_sees_code_but_not_prose():
    assert "keras.preprocessing.text" not in _code_only('"""keras.preprocessing.text is gone"""\nx = 1  # keras.layers.embeddings')
    code = _code_only("from keras.preprocessing.text import one_hot\nEmbedding(50, 8, input_length=4)")
    assert "keras.preprocessing.text" in code and "input_length=" in code


UNSAFE = ("shell=True", "allow_pickle=True", "safe_mode=False", "pickle.load", "enable_unsafe_deserialization")


def test_no_shell_true_pickles_or_unsafe_model_loading():
    found = [(where, word) for where, text in _sources() for word in UNSAFE if word in text]
    assert not found, f"unsafe calls in {found}"


def test_every_np_load_refuses_pickles_explicitly():
    """Shipped and downloaded arrays are plain data: np.load(..., allow_pickle=False) says so."""
    for where, text in _sources():
        for call in re.findall(r"np\.load\((.*)", text):
            assert "allow_pickle=False" in call, f"{where}: np.load without allow_pickle=False: {call!r}"


def test_tensorflow_is_called_only_where_keras_cannot_do_it():
    """The course is backend-agnostic Keras 3; the measured exceptions are the input pipeline and
    set-up's switch that skips Grappler's graph rewrites (about 1 CPU s less per fit)."""
    calls_tensorflow = re.compile(r"importtensorflow|fromtensorflow|\btf\.")  # _code_only drops spaces
    direct = [path.name for path in HELPERS if calls_tensorflow.search(_code_only(path.read_text()))]
    assert direct == ["_feed.py", "_setup.py"], f"helpers calling TensorFlow directly: {direct}"


def test_helpers_do_not_import_tensorflow_at_module_level():
    for path in HELPERS:
        for line in path.read_text().splitlines():
            if re.match(r"^(import|from) (tensorflow|keras)\b", line):
                pytest.fail(f"{path.name} imports Keras/TensorFlow at module level: {line!r}")
