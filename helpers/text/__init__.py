"""Text for notebooks 06 and 07: the course's review corpus and a sentiment classifier.

Split by concern, every public name importable as ``helpers.text.NAME``:

* :mod:`helpers.text.corpus`: the review corpus (``data/reviews/``) and the
  differently written evaluation set (``data/other_style/``), checked by sha256;
* :mod:`helpers.text.words`: normalising, tokenising, word-set overlap, the old hashing trick;
* :mod:`helpers.text.lexicon`: VADER's lexicon of rated words (also used by :mod:`helpers.embeddings`);
* :mod:`helpers.text.classifier`: notebook 06's sentiment classifier and ``sentiment_model()``;
* :mod:`helpers.text.vectors`: nearest neighbours and the Embedding Projector export;
* :mod:`helpers.text.imdb`: the online IMDB option.

Importing it imports no TensorFlow or Keras (the classifier imports Keras when used).
"""

from __future__ import annotations

from helpers.text.classifier import (
    SentimentClassifier,
    add_lexicon,
    build_sentiment_model,
    lexicon_valence,
    sentiment_model,
    stack_with_vader,
    stacking_features,
    train_sentiment_classifier,
    vader_compound,
)
from helpers.text.corpus import (
    CORPUS_DIR,
    LABELS,
    OTHER_STYLE_PATH,
    OTHER_STYLE_SHA256,
    PARTS,
    SHA256,
    SHORT_SHA256,
    SPLITS,
    Corpus,
    Reviews,
    load_other_style,
    load_reviews,
    read_reviews,
)
from helpers.text.imdb import IMDB_SOURCES, load_imdb
from helpers.text.lexicon import load_vader_lexicon
from helpers.text.vectors import export_projector, nearest_neighbours
from helpers.text.words import jaccard, legacy_one_hot, normalise, tokenize

__all__ = [
    "CORPUS_DIR",
    "IMDB_SOURCES",
    "LABELS",
    "OTHER_STYLE_PATH",
    "PARTS",
    "SPLITS",
    "Corpus",
    "Reviews",
    "SentimentClassifier",
    "add_lexicon",
    "build_sentiment_model",
    "export_projector",
    "jaccard",
    "legacy_one_hot",
    "lexicon_valence",
    "load_imdb",
    "load_other_style",
    "load_reviews",
    "load_vader_lexicon",
    "nearest_neighbours",
    "normalise",
    "read_reviews",
    "sentiment_model",
    "stack_with_vader",
    "stacking_features",
    "tokenize",
    "train_sentiment_classifier",
    "vader_compound",
]
