"""Interactive explorers. Each one also works headless (under nbval):

building the widget computes its first answer at once, and changing a control
from code (``builder.text.value = "..."``) updates it the same way a person
does. Widgets import ipywidgets when first built, not at ``import helpers``.
"""

from __future__ import annotations

import html

from helpers.chains import ChainReport, chain_from_widths

__all__ = ["ChainBuilder", "chain_builder", "parse_widths"]


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
