"""Interactive explorers. Each one also works headless (under nbval):

building the widget computes its first answer at once, and changing a control
from code (``builder.text.value = "..."``) updates it the same way a person
does. Widgets import ipywidgets when first built, not at ``import helpers``.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import numpy as np

from helpers._validate import with_methods

from helpers.chains import ChainReport, chain_from_widths

__all__ = [
    "ChainBuilder",
    "DenoiseExplorer",
    "LatentExplorer",
    "SentimentExplorer",
    "chain_builder",
    "denoise_explorer",
    "latent_explorer",
    "sentiment_explorer",
]


def _text(value: object, what: str, example: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str ({example}), got {type(value).__name__}.")
    return value


def _parse_widths(text: str) -> list[int]:
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
        slider: an ``ipywidgets.IntSlider`` for the middle width (moving it edits the text).
        report: the latest :class:`ChainReport` (``None`` while the text is invalid).
        error: the latest error message (``""`` when the text is valid).
        message: the text shown below the box (the report's table, or the error).
        widget: the ``ipywidgets.VBox`` shown in the notebook.
    """

    def __init__(self, widths: str = "64, 32, 8, 32, 64") -> None:
        import ipywidgets as w  # noqa: PLC0415

        self.text = w.Text(value=_text(widths, "widths", "such as '64, 32, 8, 32, 64'"), description="widths", continuous_update=False)
        # The slider sets the middle width (the code of an autoencoder-shaped chain).
        self.slider = w.IntSlider(value=1, min=1, max=128, description="middle", continuous_update=False)
        self.output = w.HTML()  # an HTML view, not an Output widget: no print capture needed
        self.report: ChainReport | None = None
        self.error = ""
        self.message = ""
        self.widget = w.VBox([self.text, self.slider, self.output])
        self._syncing = False
        self.text.observe(self._update, names="value")
        self.slider.observe(self._slide, names="value")
        self._update()

    def _slide(self, change: object = None) -> None:
        if self._syncing:
            return
        try:
            widths = _parse_widths(self.text.value)
        except (TypeError, ValueError):
            return
        widths[len(widths) // 2] = int(self.slider.value)
        self.text.value = ", ".join(str(v) for v in widths)

    def _update(self, change: object = None) -> None:
        try:
            widths = _parse_widths(self.text.value)
            self.report = chain_from_widths(widths[0], widths[1:])
            self.error = ""
            self._syncing = True
            try:
                self.slider.max = max(128, widths[len(widths) // 2])
                self.slider.value = widths[len(widths) // 2]
            finally:
                self._syncing = False
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


def _tile_rows(rows: list[np.ndarray], image_shape: tuple[int, int], gap: int = 1) -> np.ndarray:
    """Tile equal-length lists of flattened images into one canvas (rows x columns), with gaps."""
    h, w = image_shape
    n_rows, n_cols = len(rows), len(rows[0])
    canvas = np.zeros((n_rows * (h + gap) - gap, n_cols * (w + gap) - gap), dtype="float32")
    for r, images in enumerate(rows):
        for c, image in enumerate(images):
            canvas[r * (h + gap): r * (h + gap) + h, c * (w + gap): c * (w + gap) + w] = np.reshape(image, (h, w))
    return canvas


class DenoiseExplorer:
    """Pick a corruption and its level; see corrupted inputs, the model's outputs and the clean images.

    Rows of the picture: corrupted input, output of ``denoise``, clean target.
    The noise is drawn from a fixed seed, so a setting always shows the same
    picture. ``psnr_in`` and ``psnr_out`` hold the current PSNRs (dB).
    """

    def __init__(self, denoise: Callable[[np.ndarray], np.ndarray], clean: np.ndarray,
                 image_shape: tuple[int, int], *, kind: str = "gaussian", level: float = 0.3,
                 seed: int = 0, scale: int = 12) -> None:
        import ipywidgets as w  # noqa: PLC0415

        from helpers import metrics, noise  # noqa: PLC0415

        self._noise, self._metrics = noise, metrics
        self._denoise, self.clean, self.image_shape = denoise, np.asarray(clean, dtype="float32"), tuple(image_shape)
        self.seed, self.scale = seed, scale
        self.kind = w.Dropdown(options=list(noise.KINDS), value=kind, description="noise")
        self.level = w.FloatSlider(value=level, min=0.0, max=0.8, step=0.05, description="level",
                                   continuous_update=False)
        self.image = w.Image(format="png")
        self.summary = w.HTML()
        self.widget = w.VBox([w.HBox([self.kind, self.level]), self.image, self.summary])
        self.kind.observe(self._update, names="value")
        self.level.observe(self._update, names="value")
        self._update()

    def _update(self, change: object = None) -> None:
        level = min(float(self.level.value), 1.0)
        noisy = self._noise.corrupt(self.clean, self.kind.value, level, self.seed)
        output = np.clip(np.asarray(self._denoise(noisy), dtype="float32"), 0, 1)
        self.noisy, self.output = noisy, output
        self.psnr_in = self._metrics.psnr(self.clean, noisy, image_shape=self.image_shape)
        self.psnr_out = self._metrics.psnr(self.clean, output, image_shape=self.image_shape)
        canvas = _tile_rows([noisy, output, self.clean], self.image_shape)
        self.image.value = _png(canvas, self.scale)
        self.summary.value = (f"rows: corrupted input ({self.psnr_in:.1f} dB), denoised ({self.psnr_out:.1f} dB), "
                              "clean target")

    def _repr_mimebundle_(self, **kwargs: object) -> dict:
        return self.widget._repr_mimebundle_(**kwargs)


def denoise_explorer(denoise: Callable[[np.ndarray], np.ndarray], clean: np.ndarray,
                     image_shape: tuple[int, int], **kwargs: object) -> DenoiseExplorer:
    """The notebook 04 explorer: ``denoise`` maps corrupted rows ``(n, h * w)`` to cleaned rows."""
    return DenoiseExplorer(denoise, clean, image_shape, **kwargs)


def _chip(word: str, value: float, scale: float) -> str:
    strength = min(abs(value) / scale, 1.0) if scale > 0 else 0.0
    colour = f"rgba(44, 160, 44, {strength:.2f})" if value > 0 else f"rgba(214, 39, 40, {strength:.2f})"
    return (f'<span style="background:{colour}; padding:2px 4px; margin:1px; border-radius:3px" '
            f'title="{value:+.3f}">{html.escape(word)}</span>')


class SentimentExplorer:
    """Type a sentence; see P(positive) and each word's push (green: positive, red: negative).

    Attributes:
        text: the ``ipywidgets.Text`` box.
        probability: P(positive) of the current text (``None`` when it has no words).
        contributions: ``[(word, share of the logit), ...]`` for the current text.
    """

    def __init__(self, classifier: object, text: str = "Not bad at all, I really enjoyed it.") -> None:
        import ipywidgets as w  # noqa: PLC0415

        self.classifier = with_methods(classifier, "classifier", ("predict", "contributions"),
                                       "a trained sentiment classifier (helpers.text.train_sentiment_classifier)")
        self.text = w.Text(value=_text(text, "text", "a sentence to score"), description="sentence", layout=w.Layout(width="60%"),
                           continuous_update=False)
        self.view = w.HTML()
        self.widget = w.VBox([self.text, self.view])
        self.probability: float | None = None
        self.contributions: list[tuple[str, float]] = []
        self.text.observe(self._update, names="value")
        self._update()

    def _update(self, change: object = None) -> None:
        try:
            self.probability = float(self.classifier.predict([self.text.value])[0])
            self.contributions = self.classifier.contributions(self.text.value)
            if not self.contributions:
                raise ValueError("this text has no words to judge; type a sentence.")
        except ValueError as error:
            self.probability, self.contributions = None, []
            self.view.value = f"<i>{html.escape(str(error))}</i>"
            return
        scale = max(abs(v) for _, v in self.contributions)
        chips = " ".join(_chip(word, value, scale) for word, value in self.contributions)
        self.view.value = f"<p>P(positive) = <b>{self.probability:.2f}</b></p><p>{chips}</p>"

    def _repr_mimebundle_(self, **kwargs: object) -> dict:
        return self.widget._repr_mimebundle_(**kwargs)


def sentiment_explorer(classifier: object, text: str = "Not bad at all, I really enjoyed it.") -> SentimentExplorer:
    """The notebook 06 explorer for a :class:`helpers.text.SentimentClassifier` (average pooling)."""
    return SentimentExplorer(classifier, text)
