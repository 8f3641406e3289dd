"""Interactive explorers. Each one also works headless (under nbval):

building the widget computes its first answer at once, and changing a control
from code (``builder.text.value = "..."``) updates it the same way a person
does. Widgets import ipywidgets when first built, not at ``import helpers``.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import numpy as np

from helpers.chains import ChainReport, chain_from_widths

__all__ = ["ChainBuilder", "LatentExplorer", "chain_builder", "latent_explorer", "parse_widths"]


def parse_widths(text: str) -> list[int]:
    """``"64, 32, 8"`` -> ``[64, 32, 8]``; commas, spaces or ``x`` separate widths.

    Raises:
        ValueError: an empty text, a piece that is not a whole number, or fewer
            than two widths (an input and one layer).
    """
    if not isinstance(text, str):
        raise TypeError(f"widths must be given as text like '64, 32, 8', got {type(text).__name__}.")
    pieces = [p for p in text.replace("x", " ").replace(",", " ").split() if p]
    if len(pieces) < 2:
        raise ValueError(
            f"give the input width and at least one layer width, like '64, 32, 8'; got {text!r}."
        )
    widths = []
    for piece in pieces:
        if not piece.isdigit():
            raise ValueError(f"{piece!r} is not a whole number; widths look like '64, 32, 8'.")
        widths.append(int(piece))
    return widths


class ChainBuilder:
    """A text box of widths and a live report: shapes, parameters, rank bound.

    Attributes:
        text: the ``ipywidgets.Text`` holding the widths.
        report: the latest :class:`ChainReport` (``None`` while the text is invalid).
        error: the latest error message (``""`` when the text is valid).
        message: the text shown below the box (the report's table, or the error).
        widget: the ``ipywidgets.VBox`` shown in the notebook.
    """

    def __init__(self, widths: str = "64, 32, 8, 32, 64") -> None:
        import ipywidgets as w  # noqa: PLC0415

        self.text = w.Text(value=widths, description="widths", continuous_update=False)
        self.output = w.HTML()  # an HTML view, not an Output widget: no print capture needed
        self.report: ChainReport | None = None
        self.error = ""
        self.widget = w.VBox([self.text, self.output])
        self.text.observe(self._update, names="value")
        self._update()

    def _update(self, change: object = None) -> None:
        try:
            widths = parse_widths(self.text.value)
            self.report = chain_from_widths(widths[0], widths[1:])
            self.error = ""
            message = self.report.table()
            if self.report.is_autoencoder_shaped:
                message += "\nautoencoder-shaped: output width = input width, narrower in between."
        except (TypeError, ValueError) as error:
            self.report, self.error = None, str(error)
            message = f"Cannot build this chain: {error}"
        self.message = message
        self.output.value = f"<pre>{html.escape(message)}</pre>"

    def _repr_mimebundle_(self, **kwargs: object) -> dict:
        return self.widget._repr_mimebundle_(**kwargs)


def chain_builder(widths: str = "64, 32, 8, 32, 64") -> ChainBuilder:
    """Build the chain explorer of notebook 01, starting from ``widths``."""
    return ChainBuilder(widths)


def _png(image: np.ndarray, scale: int) -> bytes:
    """A grey-scale image in [0, 1] as PNG bytes, enlarged ``scale`` times (dark = high)."""
    import io  # noqa: PLC0415

    import matplotlib.pyplot as plt  # noqa: PLC0415

    big = np.kron(np.clip(image, 0, 1), np.ones((scale, scale)))
    buffer = io.BytesIO()
    plt.imsave(buffer, big, cmap="gray_r", vmin=0, vmax=1, format="png")
    return buffer.getvalue()


class LatentExplorer:
    """Two sliders choose a 2-D code; the decoder's image of it is shown at once.

    Nothing is retrained: each move decodes one code with the already trained
    decoder (a few milliseconds).

    Attributes:
        z1, z2: the ``ipywidgets.FloatSlider`` controls.
        current: the decoded image of the current code, shape ``(h * w,)``.
        widget: the ``ipywidgets.HBox`` shown in the notebook.
    """

    def __init__(self, decode: Callable[[np.ndarray], np.ndarray], image_shape: tuple[int, int],
                 limits: tuple[tuple[float, float], tuple[float, float]], scale: int = 20) -> None:
        import ipywidgets as w  # noqa: PLC0415

        (x0, x1), (y0, y1) = limits
        if not (x0 < x1 and y0 < y1):
            raise ValueError(f"limits must be ((min1, max1), (min2, max2)) with min < max, got {limits}.")
        self._decode, self.image_shape, self.scale = decode, tuple(image_shape), scale
        self.z1 = w.FloatSlider(value=(x0 + x1) / 2, min=x0, max=x1, step=(x1 - x0) / 100, description="code 1",
                                continuous_update=True)
        self.z2 = w.FloatSlider(value=(y0 + y1) / 2, min=y0, max=y1, step=(y1 - y0) / 100, description="code 2",
                                continuous_update=True)
        self.image = w.Image(format="png")
        self.current = np.zeros(int(np.prod(self.image_shape)), dtype="float32")
        self.widget = w.HBox([w.VBox([self.z1, self.z2]), self.image])
        self.z1.observe(self._update, names="value")
        self.z2.observe(self._update, names="value")
        self._update()

    @property
    def code(self) -> np.ndarray:
        return np.array([[self.z1.value, self.z2.value]], dtype="float32")

    def _update(self, change: object = None) -> None:
        decoded = np.asarray(self._decode(self.code), dtype="float32").reshape(-1)
        self.current = decoded
        self.image.value = _png(decoded.reshape(self.image_shape), self.scale)

    def _repr_mimebundle_(self, **kwargs: object) -> dict:
        return self.widget._repr_mimebundle_(**kwargs)


def latent_explorer(decode: Callable[[np.ndarray], np.ndarray], image_shape: tuple[int, int],
                    limits: tuple[tuple[float, float], tuple[float, float]]) -> LatentExplorer:
    """Explore a 2-D latent space: ``decode`` maps ``(1, 2)`` codes to ``(1, h * w)`` images."""
    return LatentExplorer(decode, image_shape, limits)
