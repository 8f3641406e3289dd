"""helpers: the companion package of *Autoencoders, hands-on*.

The notebooks show the ideas; this package holds the plumbing they share:
setting up a notebook, matrix-chain bookkeeping, recording key figures, plots,
widgets and the exercise checks.

Importing ``helpers`` is light on purpose: it imports no TensorFlow or Keras.
Modules that need Keras import it themselves, when they are first used.
"""

from __future__ import annotations

from helpers import (
    anomaly, chains, checks, claims, convnets, data, embeddings, faces, metrics, models, noise, plots, progress,
    report, text, vae, widgets,
)
from helpers._setup import current_seed, rng, setup_notebook
from helpers.claims import claim
from helpers.report import record

__all__ = [
    "anomaly",
    "chains",
    "checks",
    "claim",
    "claims",
    "convnets",
    "current_seed",
    "data",
    "embeddings",
    "faces",
    "metrics",
    "models",
    "noise",
    "plots",
    "progress",
    "record",
    "report",
    "rng",
    "setup_notebook",
    "text",
    "vae",
    "widgets",
]
__version__ = "0.1.0"
