"""One call at the top of every notebook: quiet logs, fixed seeds, plot defaults."""

from __future__ import annotations

import contextlib
import os
import platform
import random
import sys
from collections.abc import Iterator

import numpy as np

DEFAULT_BACKEND = "tensorflow"
SEED_VAR = "COURSE_SEED"  # set by `make seeds`: the seed every notebook runs under instead of its own
_seed: int | None = None


class SetupMissing(RuntimeError):
    """A seed was asked for before ``helpers.setup_notebook`` chose one."""


@contextlib.contextmanager
def _silenced_stderr_fd() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null for the duration of the block.

    TensorFlow's C++ runtime prints start-up lines (oneDNN, CUDA probing)
    straight to the process's stderr before its own log-level setting is read,
    so ``TF_CPP_MIN_LOG_LEVEL`` alone does not hide them. Anything else written
    to fd 2 inside the block is lost as well, so wrap imports only, never
    lesson code.
    """
    try:
        sys.stderr.flush()
    except (AttributeError, ValueError):
        pass
    try:
        saved = os.dup(2)
    except OSError:  # no fd 2 (some embedded interpreters): nothing to silence
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def _quiet_environment(backend: str | None) -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # C++ logs: errors only
    os.environ.setdefault("KERAS_BACKEND", backend or DEFAULT_BACKEND)


def setup_notebook(
    seed: int = 42,
    *,
    keras: bool = True,
    backend: str | None = None,
    show: bool = True,
) -> dict[str, str]:
    """Prepare a notebook: quiet logs, seed every generator, set plot defaults.

    Call it once, in the setup cell, before anything imports Keras.

    Args:
        seed: non-negative integer seeding Python's ``random``, NumPy's global
            generator and Keras (``keras.utils.set_random_seed``, which also
            seeds the backend). When the environment variable ``COURSE_SEED``
            holds a whole number (``make seeds`` sets it), that seed is used
            instead, so one notebook can be run under many seeds unchanged.
            :func:`rng` gives a NumPy generator derived from it.
        keras: import and seed Keras too (a notebook that never trains a
            model may pass ``False`` and start faster).
        backend: Keras backend to use when none is set yet in the environment
            variable ``KERAS_BACKEND``; the course's default is TensorFlow.
        show: print one line naming the seed and the library versions.

    Returns:
        The versions, as a dict from library name to version string.

    Raises:
        TypeError: ``seed`` is not an integer.
        ValueError: ``seed`` is negative or too large for NumPy.
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(
            f"seed must be a whole number such as 42, got {seed!r} "
            f"({type(seed).__name__})."
        )
    if not 0 <= int(seed) < 2**32:
        raise ValueError(f"seed must be between 0 and 2**32 - 1, got {seed}.")
    seed, source = _seed_from_environment(int(seed))
    global _seed
    _seed = seed
    if "PYTHONHASHSEED" not in os.environ:
        # Only takes effect for processes started from here on (the kernel's
        # own hash seed was fixed when it started); `make test` sets it.
        os.environ["PYTHONHASHSEED"] = str(seed)

    random.seed(seed)
    np.random.seed(seed)

    versions = {"python": platform.python_version(), "numpy": np.__version__}
    if keras:
        _quiet_environment(backend)
        with _silenced_stderr_fd():
            import keras as _keras  # noqa: PLC0415  (heavy: imported on request)

            _seed_keras(_keras, seed)
            _skip_graph_rewrites(_keras)
        versions["keras"] = _keras.__version__
        backend_name = _keras.backend.backend()
        backend_module = sys.modules.get(backend_name)
        versions[backend_name] = getattr(backend_module, "__version__", "?")

    _plot_defaults()
    import matplotlib  # noqa: PLC0415

    versions["matplotlib"] = matplotlib.__version__
    try:
        import sklearn  # noqa: PLC0415

        versions["scikit-learn"] = sklearn.__version__
    except ImportError:  # pragma: no cover - part of the pinned environment
        pass

    if show:
        listed = " · ".join(f"{name} {version}" for name, version in versions.items())
        print(f"seed {seed}{source} · {listed}")
    return versions


def _seed_keras(keras_module: object, seed: int) -> None:
    """``keras.utils.set_random_seed``, without importing TensorFlow on another backend.

    Keras' own function seeds TensorFlow whenever it is installed, so on JAX it pays
    TensorFlow's import (seconds). TensorFlow is seeded only when it is the backend or
    already imported; everything else is what Keras' function does.
    """
    if keras_module.backend.backend() == "tensorflow" or "tensorflow" in sys.modules:
        keras_module.utils.set_random_seed(seed)
        return
    try:
        from keras.src.backend.common import global_state  # noqa: PLC0415
        from keras.src.random import seed_generator  # noqa: PLC0415
        from keras.src.utils import rng_utils  # noqa: PLC0415
    except ImportError:  # another Keras layout: its own function, TensorFlow import and all
        keras_module.utils.set_random_seed(seed)
        return
    global_state.set_global_attribute(rng_utils.GLOBAL_RANDOM_SEED, seed)
    global_state.set_global_attribute(seed_generator.GLOBAL_SEED_GENERATOR, None)
    if keras_module.backend.backend() == "torch":
        import torch  # noqa: PLC0415

        torch.manual_seed(seed)


def _skip_graph_rewrites(keras_module: object) -> None:
    """On TensorFlow, skip Grappler's graph rewrites: each ``fit`` then starts sooner.

    The course's models are a few small layers, and tracing their train step is most of a
    short ``fit``'s time; Grappler rewrites every traced function once more. Measured with
    ``make bench`` on notebooks 05 and 10: about 1 CPU second less per fit, every recorded
    figure bit for bit the same.
    """
    if keras_module.backend.backend() != "tensorflow":
        return
    import tensorflow as tf  # noqa: PLC0415  (already imported: it is the backend)

    tf.config.optimizer.set_experimental_options({"disable_meta_optimizer": True})


def _seed_from_environment(seed: int) -> tuple[int, str]:
    """The seed to use, and a note on where it came from ("" for the notebook's own)."""
    value = os.environ.get(SEED_VAR, "").strip()
    if not value:
        return seed, ""
    if not value.isdigit() or not 0 <= int(value) < 2**32:
        raise ValueError(f"the environment variable {SEED_VAR} must be a whole number from 0 to 2**32 - 1, "
                         f"got {value!r}: unset it to use the notebook's own seed.")
    return int(value), f" (from {SEED_VAR}; the notebook asks for {seed})"


def current_seed() -> int:
    """The seed :func:`setup_notebook` used (the notebook's own, or ``COURSE_SEED``'s).

    Raises:
        SetupMissing: (a ``RuntimeError``) ``setup_notebook`` has not been called yet.
    """
    if _seed is None:
        raise SetupMissing("call helpers.setup_notebook(seed=...) first: it chooses the seed.")
    return _seed


def rng(stream: int = 0) -> np.random.Generator:
    """A NumPy generator seeded from the notebook's seed (:func:`current_seed`).

    Every random draw in a notebook should come from one of these, so that
    ``make seeds`` really changes every draw. ``stream`` gives independent
    generators for different purposes (``rng(1)`` for noise, ``rng(2)`` for a
    split, ...): the same ``stream`` always gives the same sequence for one seed.

    Raises:
        SetupMissing: (a ``RuntimeError``) ``setup_notebook`` has not been called yet.
        TypeError, ValueError: ``stream`` is not a whole number from 0.
    """
    from helpers._validate import whole_number  # noqa: PLC0415

    stream = whole_number(stream, "stream", minimum=0)
    return np.random.default_rng([current_seed(), stream])


def _plot_defaults() -> None:
    import matplotlib as mpl  # noqa: PLC0415

    mpl.rcParams.update(
        {
            "figure.figsize": (6.4, 4.0),
            "figure.dpi": 90,
            "savefig.dpi": 90,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "image.cmap": "gray",
            "figure.max_open_warning": 0,
        }
    )
