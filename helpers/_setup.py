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
            seeds the backend).
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
    seed = int(seed)
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

            _keras.utils.set_random_seed(seed)
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
        print(f"seed {seed} · {listed}")
    return versions


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
