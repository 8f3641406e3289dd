"""The helpers' public names are the ones a notebook or a student needs (issue 24).

A name in a public module's ``__all__`` is public: the site's API page documents it and the
sweep in test_sweep.py feeds it wrong input. Such a name must appear in a notebook's code, or
be one of the few listed below, each with the reason a student meets it without a notebook
typing it. Everything else is plumbing: it starts with an underscore (or goes).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import types
from pathlib import Path

import nbformat

import helpers

ROOT = Path(__file__).resolve().parent.parent

# Public although no notebook's code types them, and why a student meets them.
NOT_TYPED_BY_A_NOTEBOOK = {
    # exceptions a student may see raised, and catch
    "CheckFailed": "raised by every check (an AssertionError)",
    "ClaimFailed": "raised by a claim under the test command",
    "DownloadError": "raised when an optional download fails its checksum",
    # what the notebooks' calls return: the reader sees their fields printed
    "ChainReport": "returned by chains.chain_from_shapes", "Step": "a ChainReport's rows",
    "Confusion": "returned by anomaly.confusion", "NoveltySplit": "returned by anomaly.novelty_split",
    "ScoreTable": "returned by anomaly.score_table",
    "ImageData": "returned by data.load_images", "FaceData": "returned by faces.load_faces",
    "Agreement": "returned by embeddings.agreement_with_vader",
    "DocumentVectorizer": "returned by embeddings.fit_document_vectorizer",
    "Autoencoder": "returned by the models' builders", "Corpus": "returned by text.load_reviews and load_imdb",
    "Reviews": "a Corpus' splits", "LossTerms": "returned by vae.loss_terms", "VAEParts": "returned by vae.dense_vae",
    # the widgets' classes, returned by the widget functions the notebooks call
    "ChainBuilder": "widgets.chain_builder", "DenoiseExplorer": "widgets.denoise_explorer",
    "LatentExplorer": "widgets.latent_explorer", "SentimentExplorer": "widgets.sentiment_explorer",
    "ThresholdExplorer": "anomaly.threshold_explorer", "SweepExplorer": "vae.sweep_explorer",
    # the allowed values of parameters, named in the parameters' error messages and docstrings
    "DATASETS": "data.load_images' choices", "MANIFOLDS": "data.make_manifold's choices",
    "KINDS": "noise.corrupt's choices", "WEIGHTINGS": "embeddings' weighting choices",
    "LABELS": "the reviews' labels", "PARTS": "the corpus' parts", "SPLITS": "the corpus' splits",
    "EYE_ROW": "where faces draws glasses", "EYE_COLUMNS": "where faces draws glasses",
    "CORPUS_DIR": "where the course's reviews are", "OTHER_STYLE_PATH": "the other-style reviews' file",
    "IMDB_SOURCES": "the optional IMDb download's address and checksum",
    # tools a student uses in an exercise's checks or to build on a notebook's model
    "check_function": "checks' building block", "check_shape": "checks' building block",
    "check_value_close": "checks' building block",
    "build_sentiment_model": "the notebook-06 model, kept identical to the notebook's by a test",
    "sentiment_model": "the same model, trained", "lexicon_valence": "VADER's valence of a word, for 06's widget",
    "read_reviews": "reads a reviews file a teacher adds", "vader_lexicon_path": "where the bundled lexicon is",
    "hamming_distances": "retrieval's plain Hamming search, beside the packed-word one 11 times",
}
LIMIT = 60  # the list above may not grow past this without a look at why


def _notebook_words() -> set[str]:
    words: set[str] = set()
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                words.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", cell.source))
    return words


def _public_names() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    modules = ["helpers"] + [m.name for m in pkgutil.walk_packages(helpers.__path__, "helpers.")
                             if not m.name.rsplit(".", 1)[-1].startswith("_")]
    for name in modules:
        module = importlib.import_module(name)
        for public in getattr(module, "__all__", []):
            if not isinstance(getattr(module, public, None), types.ModuleType):
                found.setdefault(public, []).append(name)
    return found


def test_every_public_name_is_used_by_a_notebook_or_listed_with_its_reason():
    words = _notebook_words()
    unused = {name: modules for name, modules in _public_names().items()
              if name not in words and name not in NOT_TYPED_BY_A_NOTEBOOK}
    assert not unused, (f"public names no notebook uses: {unused}. Make them private (a leading underscore), "
                        "remove them, or list them in NOT_TYPED_BY_A_NOTEBOOK with the reason a student needs them.")


def test_the_list_of_exceptions_is_short_and_current():
    words, public = _notebook_words(), _public_names()
    stale = sorted(name for name in NOT_TYPED_BY_A_NOTEBOOK if name not in public or name in words)
    assert not stale, f"listed but no longer public, or now used by a notebook: remove them from the list: {stale}"
    assert len(NOT_TYPED_BY_A_NOTEBOOK) <= LIMIT


def test_the_reading_finds_the_names_notebooks_use_and_only_those():
    """The control for the two tests above: names the notebooks call are found, others are not."""
    words, public = _notebook_words(), _public_names()
    assert {"setup_notebook", "claim", "record", "precision_at_k"} <= words
    assert "precision_at_k" in public and "helpers.retrieval" in public["precision_at_k"]
    assert "_check_texts" not in public and "definitely_not_a_helper_name" not in words
