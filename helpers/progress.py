"""One compact progress line for a long ``fit``, updated in place and gone when it ends.

Keras' own ``verbose=1`` log prints a line per epoch; the course trains with
``verbose=0`` and plots the history instead. For a fit that takes more than a few
seconds, pass ``callbacks=[helpers.progress.fit_progress()]``: while it trains, one line
shows the epoch, the loss and the time so far; when it ends the line is cleared, so
nothing is left in the saved notebook or on the website.
"""

from __future__ import annotations

import time

__all__ = ["fit_progress"]


def fit_progress(label: str = "training", *, keep: bool = False) -> object:
    """A Keras callback showing ``label: epoch 3/30 · loss 0.0412 · 2.1 s`` while a model trains.

    Args:
        label: what is being trained, shown at the start of the line (a short string).
        keep: leave the last line in place at the end (default: clear it, so the saved
            notebook holds no timings).

    Returns:
        A ``keras.callbacks.Callback`` to pass in ``fit(..., callbacks=[...])``.

    Raises:
        TypeError: ``label`` is not a string or ``keep`` is not a bool.
    """
    if not isinstance(label, str) or not label.strip() or len(label) > 80:
        raise TypeError(f"label must be a short non-empty string such as 'U-Net', got {label!r:.60}.")
    if not isinstance(keep, bool):
        raise TypeError(f"keep must be True or False, got {keep!r}.")
    import keras  # noqa: PLC0415  (heavy: imported when a callback is asked for)

    class FitProgress(keras.callbacks.Callback):
        def __init__(self) -> None:
            super().__init__()
            self._handle = None
            self._start = 0.0
            self._epochs = 0

        def on_train_begin(self, logs=None):
            self._start = time.perf_counter()
            self._epochs = int(self.params.get("epochs") or 0)
            self._show(f"{label}: starting ({self._epochs} epochs)")

        def on_epoch_end(self, epoch, logs=None):
            logs = logs or {}
            parts = [f"{label}: epoch {epoch + 1}/{self._epochs}"]
            if "loss" in logs:
                parts.append(f"loss {float(logs['loss']):.4g}")
            if "val_loss" in logs:
                parts.append(f"val_loss {float(logs['val_loss']):.4g}")
            parts.append(f"{time.perf_counter() - self._start:.1f} s")
            self._show(" · ".join(parts))

        def on_train_end(self, logs=None):
            if not keep:
                self._show("")

        def _show(self, text: str) -> None:
            try:
                from IPython import get_ipython  # noqa: PLC0415
                from IPython.display import display  # noqa: PLC0415
            except ImportError:
                get_ipython = None  # noqa: N806
            if get_ipython is None or get_ipython() is None:
                end = "\n" if (keep and not text) else ""
                print(f"\r{text:<100}", end=end, flush=True)
                return
            bundle = {"text/plain": text}
            if self._handle is None:
                self._handle = display(bundle, raw=True, display_id=True)
            else:
                self._handle.update(bundle, raw=True)

    return FitProgress()
