"""helpers: the companion package of *Autoencoders, hands-on*.

The notebooks show the ideas; this package holds the plumbing they share. One
module per concept:

- ``setup_notebook``, ``rng``, ``current_seed``: the setup cell (seeds, quiet logs, plot
  defaults) and the random generators every notebook draws from;
- ``claims`` (``claim``): teaching claims, strict under the tests, notes for a student;
- ``report`` (``record``): a notebook's key figures, for ``make bench`` and ``make seeds``;
- ``chains``: a network seen as a chain of matrix products (01);
- ``data``: the image sets, offline by default, downloads checked by sha256;
- ``models``: the dense autoencoder builders 02 writes out and later notebooks reuse;
- ``metrics``: MSE, PSNR, SSIM and bootstrap intervals for comparisons;
- ``noise``: corruptions for denoising (04);
- ``convnets``, ``faces``: convolutional image-to-image models and glasses on faces (05);
- ``text``, ``embeddings``: the review corpus, the sentiment classifier, word and document
  vectors (06, 07);
- ``anomaly``: splits, scores and thresholds for anomaly detection (08);
- ``vae``: the variational autoencoder's layers and loss terms (09);
- ``regularised``: sparsity, KL and end-to-end-map measures of regularised autoencoders (10);
- ``retrieval``: precision at k, packed bits, Hamming search and LSH, for retrieval by codes;
- ``plots``, ``widgets``, ``progress``: figures, interactive explorers (headless too) and a
  progress line for long fits;
- ``checks``: the exercises' checks, one module per notebook.

Importing ``helpers`` is light on purpose: it imports no TensorFlow or Keras.
Modules that need Keras import it themselves, when they are first used.
"""

from __future__ import annotations

from helpers import (
    anomaly, chains, checks, claims, convnets, data, embeddings, faces, metrics, models, noise, plots, progress,
    regularised, report, retrieval, text, vae, widgets,
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
    "regularised",
    "report",
    "retrieval",
    "rng",
    "setup_notebook",
    "text",
    "vae",
    "widgets",
]
__version__ = "0.1.0"
