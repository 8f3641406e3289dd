"""Time every ``keras.Model.fit`` call of a notebook, from outside the lesson.

``make bench`` runs each notebook with one extra cell, after the notebook's
setup cell, that calls :func:`install`. From then on every ``fit`` is timed and
logged under the model's ``name``: seconds (validation included), examples
trained on, multiply-adds per example (:func:`tools.madds.model_madds`) and
the resulting rates. The log is written, atomically after every fit, to the
JSON file named by ``COURSE_TRAINING_PATH``. Notebooks carry no timers and
Keras ``History`` objects get no extra attributes: the lesson stays a lesson.

A model fitted several times (a sweep over settings, say) adds up: its
seconds and examples are summed over the calls, and ``fits`` counts them.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from helpers.report import _write_json_atomically
from tools.madds import model_madds, training_gflops

ENV_VAR = "COURSE_TRAINING_PATH"
_log: dict[str, dict] = {}
_installed: dict[str, object] = {}


def examples_trained(history: object, x: object, kwargs: dict) -> int:
    """How many examples one ``fit`` call trained on (epochs actually run times examples per epoch).

    Arrays: their rows, less the ``validation_split`` share. A ``tf.data`` dataset or a
    generator: steps per epoch (Keras' own count, in ``history.params``) times the size of the
    first batch. Returns 0 when it cannot be told.
    """
    epochs_run = len(getattr(history, "epoch", []) or [])
    if epochs_run == 0:
        return 0
    if hasattr(x, "shape") and len(getattr(x, "shape", ())) > 0:
        n = int(x.shape[0])
    elif isinstance(x, (list, tuple)) and x and hasattr(x[0], "shape"):
        n = int(x[0].shape[0])
    elif isinstance(x, dict) and x:
        n = int(next(iter(x.values())).shape[0])
    else:
        steps = (getattr(history, "params", None) or {}).get("steps") or kwargs.get("steps_per_epoch")
        return int(steps) * _first_batch_size(x) * epochs_run if steps else 0
    split = float(kwargs.get("validation_split") or 0.0)
    if split:
        n = int(n * (1.0 - split))
    steps = kwargs.get("steps_per_epoch")
    if steps:  # arrays with an explicit number of steps: count what was drawn
        return min(int(steps) * int(kwargs.get("batch_size") or 32), n) * epochs_run
    return n * epochs_run


def _first_batch_size(dataset: object) -> int:
    """The batch size of a ``tf.data`` pipeline, read from its structure without drawing a batch.

    Drawing one would run the notebook's own pipeline (fresh noise, a shuffle) one batch further
    and change what the lesson computes next, so the size comes from the static shape of its
    elements, or else from the ``batch`` step found down the chain of datasets; 0 if neither.
    """
    spec = getattr(dataset, "element_spec", None)
    while isinstance(spec, (list, tuple, dict)):
        spec = next(iter(spec.values())) if isinstance(spec, dict) else (spec[0] if spec else None)
    shape = getattr(spec, "shape", None)
    if shape is not None and len(shape) and shape[0] is not None:
        return int(shape[0])
    node, depth = dataset, 0
    while node is not None and depth < 50:
        size = getattr(node, "_batch_size", None)
        if size is not None:
            try:
                return int(size)
            except (TypeError, ValueError):
                return 0
        node, depth = getattr(node, "_input_dataset", None), depth + 1
    return 0


def log() -> dict[str, dict]:
    """A copy of what has been logged in this process."""
    return {name: dict(entry) for name, entry in _log.items()}


def note(name: str, seconds: float, examples: int, madds: int) -> dict:
    """Add one fit's figures to the log under ``name`` and return the model's entry."""
    entry = _log.setdefault(name, {"fits": 0, "seconds": 0.0, "examples": 0})
    entry["fits"] += 1
    entry["seconds"] = round(entry["seconds"] + seconds, 4)
    entry["examples"] += int(examples)
    entry["madds_per_example"] = int(madds)
    rate = entry["examples"] / entry["seconds"] if entry["seconds"] > 0 else 0.0
    entry["examples_per_s"] = round(rate, 1)
    entry["gflops"] = round(training_gflops(rate, entry["madds_per_example"]), 3)
    _write()
    return entry


def _write() -> None:
    target = os.environ.get(ENV_VAR)
    if target:
        _write_json_atomically(Path(target), _log)


def install() -> None:
    """Wrap ``keras.Model.fit`` so that every call is timed and logged (idempotent)."""
    import keras  # noqa: PLC0415

    if "fit" in _installed:
        return
    original = keras.Model.fit
    _installed["fit"] = original

    def timed_fit(self, x=None, y=None, *args, **kwargs):  # noqa: ANN001, ANN202 - Keras' own signature
        start = time.perf_counter()
        history = original(self, x, y, *args, **kwargs)
        seconds = time.perf_counter() - start
        note(self.name, seconds, examples_trained(history, x, kwargs), model_madds(self))
        return history

    timed_fit.__doc__ = original.__doc__
    keras.Model.fit = timed_fit


def uninstall() -> None:
    """Put ``keras.Model.fit`` back as it was."""
    import keras  # noqa: PLC0415

    original = _installed.pop("fit", None)
    if original is not None:
        keras.Model.fit = original
