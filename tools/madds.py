"""Multiply-adds of a Keras model: the arithmetic ``make bench`` sets a training run's speed against.

Course tooling, not a lesson: notebook 01 teaches the idea (a dense layer with
``n_in`` inputs and ``n_out`` units costs ``n_in * n_out`` multiply-adds per
example); this module applies it to whole models so the bench can turn
examples per second into GFLOP/s.
"""

from __future__ import annotations

import numpy as np

__all__ = ["model_madds", "training_gflops"]

_COUNTED = ("Dense", "Conv2D", "Conv2DTranspose")


def model_madds(model: object) -> int:
    """Multiply-adds of one forward pass of one example through the model's layers.

    Counted: ``Dense`` (inputs x units, at every position it is applied to),
    ``Conv2D`` (output pixels x kernel size) and ``Conv2DTranspose`` (input
    pixels x kernel size), searching nested models. Biases, activations,
    pooling and lookups (``Embedding``) cost no multiply-adds worth counting;
    layers not built yet have no weights and count 0.
    """
    total = 0
    for layer in getattr(model, "layers", []):
        kind = type(layer).__name__
        if getattr(layer, "layers", None):
            total += model_madds(layer)
        elif kind in _COUNTED and layer.built:
            kernel = int(np.prod(tuple(layer.kernel.shape)))
            # where the kernel is applied: every position but the batch and channel axes (of the
            # layer's first call; a layer never called in a functional graph counts once)
            try:
                grid = layer.input.shape if kind == "Conv2DTranspose" else layer.output.shape
            except (AttributeError, ValueError):
                grid = ()
            positions = int(np.prod([int(d) for d in grid[1:-1]])) if len(grid) > 2 else 1
            total += kernel * positions
    return total


def training_gflops(examples_per_second: float, madds_per_example: int) -> float:
    """Training's arithmetic rate: 2 flops per multiply-add, 3 passes' worth per example.

    The forward pass costs one pass; the backward pass about twice that.
    """
    return examples_per_second * madds_per_example * 2 * 3 / 1e9
