"""Matrix chains: a dense network seen as a product of matrices.

A batch of ``n`` examples with ``k`` features is an ``(n, k)`` matrix. A dense
layer with ``m`` units multiplies it by a ``(k, m)`` weight matrix (and adds a
bias of ``m`` numbers). A network without activations is the chain
``(n, k) x (k, 100) x (100, 50) x ...``; this module does its bookkeeping:
shapes after each factor, parameters, multiply-adds per example, the narrowest
width and what it implies.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from helpers._validate import whole_number

__all__ = [
    "ChainReport",
    "Step",
    "chain_from_shapes",
    "chain_from_widths",
    "dense_params",
    "format_bytes",
    "memory_bytes",
    "random_chain",
]

_DTYPE_BYTES = {"uint8": 1, "float16": 2, "bfloat16": 2, "float32": 4, "float64": 8}


def _positive_int(value: object, what: str) -> int:
    return whole_number(value, what, hint="a layer or matrix needs at least one row and one column.")


@dataclass(frozen=True)
class Step:
    """One factor of the chain: a ``(in_width, out_width)`` matrix.

    ``position`` counts factors from 1, the data matrix being factor 0.
    """

    position: int
    in_width: int
    out_width: int
    bias: bool

    @property
    def weights(self) -> int:
        return self.in_width * self.out_width

    @property
    def biases(self) -> int:
        return self.out_width if self.bias else 0

    @property
    def params(self) -> int:
        return self.weights + self.biases

    @property
    def madds_per_example(self) -> int:
        """Multiply-adds to push one example (one row) through this factor."""
        return self.in_width * self.out_width


@dataclass(frozen=True)
class ChainReport:
    """Bookkeeping of a chain ``(n, w0) x (w0, w1) x ... x (w_{L-1}, w_L)``.

    Attributes:
        n: number of examples (rows of the data matrix), or ``None`` when the
            chain is described per example.
        widths: ``(w0, w1, ..., wL)``: the input width then each factor's
            output width.
        steps: one :class:`Step` per factor, in order.
    """

    n: int | None
    widths: tuple[int, ...]
    steps: tuple[Step, ...]

    @property
    def shapes(self) -> list[tuple[int | None, int]]:
        """Shape of the data after each factor, input first: ``[(n, w0), ...]``."""
        return [(self.n, w) for w in self.widths]

    @property
    def matrix_shapes(self) -> list[tuple[int, int]]:
        """Shapes of the weight matrices, in order: ``[(w0, w1), (w1, w2), ...]``."""
        return [(s.in_width, s.out_width) for s in self.steps]

    @property
    def total_params(self) -> int:
        return sum(s.params for s in self.steps)

    @property
    def madds_per_example(self) -> int:
        return sum(s.madds_per_example for s in self.steps)

    @property
    def narrowest_width(self) -> int:
        """The smallest width after the input: every example passes through it."""
        return min(self.widths[1:])

    @property
    def narrowest_position(self) -> int:
        """Which factor (counted from 1) produces the narrowest width (first if tied)."""
        return self.widths[1:].index(self.narrowest_width) + 1

    @property
    def compression_ratio(self) -> float:
        """Input width divided by the narrowest width."""
        return self.widths[0] / self.narrowest_width

    @property
    def rank_bound(self) -> int:
        """Largest possible rank of the product of the chain's matrices.

        The product of matrices has rank at most the smallest inner or outer
        size, so without activations the whole chain is one
        ``(w0, wL)`` matrix of rank at most ``min(widths)``.
        """
        return min(self.widths)

    @property
    def is_autoencoder_shaped(self) -> bool:
        """True when output width equals input width and something narrower sits between."""
        return self.widths[-1] == self.widths[0] and self.narrowest_width < self.widths[0]

    def table(self) -> str:
        """A plain-text table: one row per factor, then the totals."""
        n = "n" if self.n is None else f"{self.n:,}"
        rows = [("factor", "matrix", "output shape", "params", "madds/example")]
        rows.append(("input", "", f"({n}, {self.widths[0]:,})", "", ""))
        for s in self.steps:
            rows.append(
                (
                    str(s.position),
                    f"({s.in_width:,}, {s.out_width:,})",
                    f"({n}, {s.out_width:,})",
                    f"{s.params:,}",
                    f"{s.madds_per_example:,}",
                )
            )
        rows.append(("total", "", "", f"{self.total_params:,}", f"{self.madds_per_example:,}"))
        sizes = [max(len(r[i]) for r in rows) for i in range(5)]
        lines = [
            "  ".join(cell.rjust(size) if i else cell.ljust(size) for i, (cell, size) in enumerate(zip(r, sizes)))
            for r in rows
        ]
        lines.append(
            f"narrowest width {self.narrowest_width:,} (after factor {self.narrowest_position}), "
            f"compression {self.compression_ratio:,.1f}x, rank of the product <= {self.rank_bound:,}"
        )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.table()


def chain_from_shapes(shapes: Sequence[Sequence[int]], *, bias: bool = False) -> ChainReport:
    """Check a chain of matrix shapes and report on it.

    Args:
        shapes: ``[(n, k), (k, m1), (m1, m2), ...]``: the data matrix first,
            then each factor. ``n`` may be ``None`` (per-example view). Each
            size is a positive whole number.
        bias: count a bias vector per factor, as a dense layer has (plain
            matrix products have none, the default).

    Returns:
        A :class:`ChainReport`.

    Raises:
        ValueError: fewer than two shapes, a shape that is not a pair, a size
            below 1, or two neighbours whose inner sizes differ (the message
            names both shapes and their positions).
        TypeError: a size that is not a whole number.
    """
    if isinstance(shapes, (str, bytes)) or not isinstance(shapes, Sequence):
        raise TypeError(
            "shapes must be a list of (rows, columns) pairs such as "
            f"[(n, 64), (64, 10)], got {type(shapes).__name__}."
        )
    if len(shapes) < 2:
        raise ValueError(
            "a chain needs the data matrix and at least one factor, e.g. "
            f"[(100, 64), (64, 10)]; got {len(shapes)} shape(s)."
        )
    pairs: list[tuple[int | None, int]] = []
    for position, shape in enumerate(shapes):
        if isinstance(shape, (str, bytes)) or not isinstance(shape, Sequence) or len(shape) != 2:
            raise ValueError(
                f"matrix {position} must be a (rows, columns) pair, got {shape!r}."
            )
        rows, cols = shape
        if position == 0 and rows is None:
            pairs.append((None, _positive_int(cols, "the data matrix's columns")))
            continue
        pairs.append(
            (
                _positive_int(rows, f"the rows of matrix {position}"),
                _positive_int(cols, f"the columns of matrix {position}"),
            )
        )
    for position in range(1, len(pairs)):
        left, right = pairs[position - 1], pairs[position]
        if left[1] != right[0]:
            raise ValueError(
                f"cannot multiply matrix {position - 1} of shape {_fmt(left)} by "
                f"matrix {position} of shape {_fmt(right)}: the columns of the "
                f"first ({left[1]}) must equal the rows of the second ({right[0]}). "
                f"Make matrix {position} ({left[1]}, ...) or change matrix "
                f"{position - 1}."
            )
    widths = tuple([pairs[0][1]] + [cols for _, cols in pairs[1:]])
    return _report(pairs[0][0], widths, bias)


def chain_from_widths(
    input_shape: int | Sequence[int | None], widths: Sequence[int], *, bias: bool = True
) -> ChainReport:
    """Report on a stack of dense layers given the input and each layer's width.

    Args:
        input_shape: ``k`` (features per example) or ``(n, k)``; ``n`` may be
            ``None``.
        widths: units of each dense layer in order, e.g. ``[100, 50, 20, 1]``.
        bias: each layer has a bias vector (Keras ``Dense`` does by default).

    Returns:
        A :class:`ChainReport`; ``total_params`` equals Keras'
        ``count_params()`` for the same stack of ``Dense`` layers.

    Raises:
        ValueError: no widths, or a width or size below 1.
        TypeError: a width that is not a whole number.
    """
    if isinstance(input_shape, numbers.Integral) and not isinstance(input_shape, bool):
        n, k = None, _positive_int(input_shape, "the input width")
    elif isinstance(input_shape, Sequence) and not isinstance(input_shape, (str, bytes)) and len(input_shape) == 2:
        n = None if input_shape[0] is None else _positive_int(input_shape[0], "n (examples)")
        k = _positive_int(input_shape[1], "the input width")
    else:
        raise TypeError(
            f"input_shape must be k or (n, k), such as 64 or (1797, 64); got {input_shape!r}."
        )
    if isinstance(widths, (str, bytes)) or not isinstance(widths, Sequence):
        raise TypeError(
            f"widths must be a list of layer sizes such as [32, 8, 32, 64]; got {type(widths).__name__} {widths!r}."
        )
    if len(widths) == 0:
        raise ValueError(
            f"widths must be a non-empty list of layer sizes such as [32, 8, 32, 64]; got {widths!r}."
        )
    checked = [_positive_int(w, f"layer {i + 1}'s width") for i, w in enumerate(widths)]
    return _report(n, tuple([k, *checked]), bias)


def _report(n: int | None, widths: tuple[int, ...], bias: bool) -> ChainReport:
    steps = tuple(
        Step(position=i + 1, in_width=widths[i], out_width=widths[i + 1], bias=bool(bias))
        for i in range(len(widths) - 1)
    )
    return ChainReport(n=n, widths=widths, steps=steps)


def _fmt(shape: tuple[int | None, int]) -> str:
    rows = "n" if shape[0] is None else shape[0]
    return f"({rows}, {shape[1]})"


def dense_params(n_in: int, n_out: int, *, bias: bool = True) -> int:
    """Parameters of one dense layer: ``n_in * n_out`` weights plus ``n_out`` biases."""
    n_in = _positive_int(n_in, "n_in")
    n_out = _positive_int(n_out, "n_out")
    return n_in * n_out + (n_out if bias else 0)


def memory_bytes(count: int, dtype: str = "float32") -> int:
    """Bytes needed to store ``count`` numbers of ``dtype`` (uint8 for 8-bit pixels, float16/32/64, bfloat16)."""
    if isinstance(count, bool) or not isinstance(count, numbers.Integral) or count < 0:
        raise ValueError(f"count must be a whole number >= 0, got {count!r}.")
    if dtype not in _DTYPE_BYTES:
        raise ValueError(f"unknown dtype {dtype!r}; choose one of {sorted(_DTYPE_BYTES)}.")
    return int(count) * _DTYPE_BYTES[dtype]


def format_bytes(n_bytes: int | float) -> str:
    """Human-readable size in binary units: ``format_bytes(192_000_400)`` -> ``'183.1 MiB'``."""
    if (not isinstance(n_bytes, numbers.Real) or isinstance(n_bytes, bool)
            or (not isinstance(n_bytes, numbers.Integral) and not np.isfinite(n_bytes)) or n_bytes < 0):
        raise ValueError(f"n_bytes must be a finite number >= 0, got {n_bytes!r}.")
    value = float(n_bytes)
    for unit in ("B", "KiB", "MiB", "GiB"):
        shown = round(value) if unit == "B" else round(value, 1)
        if shown < 1024 or unit == "GiB":
            return f"{shown:,.0f} {unit}" if unit == "B" else f"{shown:,.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")  # pragma: no cover


def random_chain(
    widths: Sequence[int], rng: np.random.Generator | int | None = 0
) -> list[np.ndarray]:
    """Random factors ``W1 (w0, w1), W2 (w1, w2), ...`` for numerical experiments.

    Entries are Gaussian with standard deviation ``1 / sqrt(fan_in)``, so
    products neither explode nor vanish. ``rng`` is a NumPy Generator or a seed.
    Returns float64 arrays.
    """
    if len(widths) < 2:
        raise ValueError(f"need at least two widths (input and one layer), got {list(widths)!r}.")
    checked = [_positive_int(w, f"width {i}") for i, w in enumerate(widths)]
    gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    return [
        gen.normal(0.0, 1.0 / np.sqrt(a), size=(a, b)) for a, b in zip(checked[:-1], checked[1:])
    ]
