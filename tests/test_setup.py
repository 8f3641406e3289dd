"""Unit tests for helpers.setup_notebook and the lightness of `import helpers`."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import helpers

ROOT = Path(__file__).resolve().parent.parent

SEEDED = (
    "import helpers; v = helpers.setup_notebook(seed=7); "
    "import numpy as np, random; print(np.random.rand(), random.random()); "
    "import tensorflow as tf; print(tf.config.optimizer.get_experimental_options())"
)


def _child_env() -> dict[str, str]:
    """The test environment without the settings setup_notebook is meant to provide itself."""
    env = {k: v for k, v in os.environ.items() if k not in ("TF_CPP_MIN_LOG_LEVEL", "KERAS_BACKEND")}
    env["PYTHONHASHSEED"] = "0"
    return env


def _start(code: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=_child_env(),
    )


def _finish(process: subprocess.Popen) -> tuple[str, str]:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return out, err


@pytest.fixture
def restore_state(monkeypatch):
    """setup_notebook seeds global generators and sets plot defaults: put them back afterwards."""
    import matplotlib  # noqa: PLC0415

    monkeypatch.setenv("PYTHONHASHSEED", "0")
    np_state, py_state = np.random.get_state(), random.getstate()
    with matplotlib.rc_context():
        yield
    np.random.set_state(np_state)
    random.setstate(py_state)


def test_import_helpers_is_light():
    out, _ = _finish(
        _start(
            "import helpers, sys; "
            "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules, "
            "sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras')); "
            "print('light')"
        )
    )
    assert out.strip() == "light"


@pytest.mark.integration  # two fresh Python processes import TensorFlow
def test_setup_notebook_seeds_and_reports_versions():
    # two fresh processes, started together to save time
    first, second = _start(SEEDED), _start(SEEDED)
    (out1, err1), (out2, err2) = _finish(first), _finish(second)
    assert out1 == out2
    lines = out1.splitlines()
    assert len(lines) == 3
    # Grappler's graph rewrites are off on TensorFlow (each fit starts about a second sooner)
    assert "'disable_meta_optimizer': True" in lines[2]
    assert lines[0].startswith("seed 7 \u00b7 ")
    assert "keras " in lines[0] and "tensorflow " in lines[0]
    assert "numpy " + np.__version__ in lines[0]
    # the seeded draws: NumPy's legacy generator and Python's random, both seeded with 7
    np_draw, py_draw = (float(x) for x in lines[1].split())
    assert np_draw == np.random.RandomState(7).rand()
    assert py_draw == random.Random(7).random()
    for err in (err1, err2):
        chatter = [line for line in err.splitlines() if "cudart_stub" in line or "oneDNN" in line]
        assert chatter == [], chatter


def test_setup_notebook_without_keras(restore_state, capsys):
    versions = helpers.setup_notebook(keras=False, show=False)
    assert isinstance(versions, dict)
    assert versions["numpy"] == np.__version__
    assert versions["python"] == ".".join(str(p) for p in sys.version_info[:3])
    assert "keras" not in versions
    assert capsys.readouterr().out == ""


def test_setup_notebook_seeds_python_and_numpy_in_process(restore_state):
    helpers.setup_notebook(seed=123, keras=False, show=False)
    draws = (np.random.rand(), random.random())
    helpers.setup_notebook(seed=123, keras=False, show=False)
    assert (np.random.rand(), random.random()) == draws
    assert draws == (np.random.RandomState(123).rand(), random.Random(123).random())


def test_setup_notebook_show_prints_one_line(restore_state, capsys):
    helpers.setup_notebook(seed=5, keras=False, show=True)
    out = capsys.readouterr().out
    assert out.startswith("seed 5 \u00b7 python ")
    assert out.count("\n") == 1


def test_setup_notebook_sets_plot_defaults(restore_state):
    import matplotlib  # noqa: PLC0415

    helpers.setup_notebook(keras=False, show=False)
    assert matplotlib.rcParams["image.cmap"] == "gray"
    assert matplotlib.rcParams["axes.grid"] is True


@pytest.mark.parametrize("seed", [0, np.int64(3), 2**32 - 1])
def test_setup_notebook_accepts_valid_seeds(restore_state, seed):
    helpers.setup_notebook(seed=seed, keras=False, show=False)


@pytest.mark.parametrize("seed", [-1, 2**32])
def test_setup_notebook_seed_out_of_range_is_a_value_error(restore_state, seed):
    with pytest.raises(ValueError, match="seed must be between 0 and"):
        helpers.setup_notebook(seed=seed, keras=False, show=False)


@pytest.mark.parametrize("seed", ["a", 1.5, True, None, 7.0])
def test_setup_notebook_seed_that_is_not_an_integer_is_a_type_error(restore_state, seed):
    with pytest.raises(TypeError, match="seed must be a whole number"):
        helpers.setup_notebook(seed=seed, keras=False, show=False)


@pytest.mark.slow
def test_jax_backend_does_not_import_tensorflow():
    """Keras' set_random_seed imports TensorFlow whenever it is installed; setup_notebook seeds
    TensorFlow only when it is the backend (or already imported), so JAX starts without it."""
    import importlib.util  # noqa: PLC0415

    if importlib.util.find_spec("jax") is None:
        pytest.skip("JAX is not installed (make lab BACKEND=jax installs it)")
    code = ("import sys, helpers; helpers.setup_notebook(seed=3, show=False); import keras; "
            "from keras.src.utils.rng_utils import get_random_seed; "
            "print(keras.backend.backend(), 'tensorflow' in sys.modules, get_random_seed(), "
            "float(keras.ops.convert_to_numpy(keras.random.uniform((1,)))[0]))")
    env = {**_child_env(), "KERAS_BACKEND": "jax"}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env,
                           timeout=300, check=True).stdout.split() for _ in range(2)]
    backend, tf_imported, seed, draw = runs[0]
    assert (backend, tf_imported, seed) == ("jax", "False", "3")
    assert runs[1][3] == draw  # the global seed generator was reset from the seed: draws repeat
