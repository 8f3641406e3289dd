"""Unit tests for helpers.text.classifier beyond the basics in tests/test_text.py: the builder
against the model notebook 06 writes out, word pairs and the lexicon feature (exact contributions),
the lexicon's valences, and the public contract of ``sentiment_model()``.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import text  # noqa: E402

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "06_word_embeddings.ipynb"


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


@functools.lru_cache(maxsize=None)
def pairs_lexicon_classifier():
    """Words, word pairs and the lexicon, trained briefly on 600 reviews of both parts."""
    corpus = text.load_reviews(parts=("original", "short"))
    rng = np.random.default_rng(0)
    idx = rng.permutation(len(corpus.train))[:600]
    small = text.Reviews(tuple(corpus.train.texts[i] for i in idx), corpus.train.labels[idx])
    return text.train_sentiment_classifier(small, ngrams=2, lexicon=True, max_tokens=None, sequence_length=64,
                                           epochs=3, seed=1)


# --------------------------------------------------------------------------- lexicon_valence, add_lexicon


def test_lexicon_valence_scales_ratings_and_gives_zero_elsewhere():
    v = text.lexicon_valence(["", "[UNK]", "good", "bad", "not good", "zzqxv"], {"good": 1.9, "bad": -2.5, "x": 4})
    np.testing.assert_allclose(v, [0, 0, 1.9 / 4, -2.5 / 4, 0, 0], rtol=1e-6)
    assert v.dtype == np.float32


def test_lexicon_valence_reads_vader_by_default():
    v = text.lexicon_valence(["great", "horrible", "table"])
    assert v[0] > 0 > v[1] and v[2] == 0 and np.all(np.abs(v) <= 1)


def test_add_lexicon_keeps_learned_ids_and_appends_rated_words():
    import keras  # noqa: PLC0415

    vectorizer = keras.layers.TextVectorization(output_sequence_length=4)
    vectorizer.adapt(np.array(["good film", "bad film", "film"], dtype=object))
    before = [str(w) for w in vectorizer.get_vocabulary()]
    valence = text.add_lexicon(vectorizer, {"good": 2.0, "superb": 3.0, "Bad!": -1.0, "awful": -3.0})
    after = [str(w) for w in vectorizer.get_vocabulary()]
    assert after[: len(before)] == before  # learned ids unchanged
    assert after[len(before):] == ["awful", "superb"]  # new, sorted; "Bad!" is not a plain word
    assert valence.shape == (len(after),)
    assert valence[after.index("superb")] == pytest.approx(0.75)
    assert valence[after.index("good")] == pytest.approx(0.5)
    ids = keras.ops.convert_to_numpy(vectorizer(np.array(["superb film"], dtype=object)))[0]
    assert ids[0] == after.index("superb")  # an unseen but rated word is no longer [UNK]


# --------------------------------------------------------------------------- build_sentiment_model


def layer_summary(model):
    rows = []
    for layer in model.layers:
        config = layer.get_config()
        rows.append((type(layer).__name__, layer.name, config.get("input_dim"), config.get("output_dim"),
                     config.get("units"), config.get("activation"), config.get("mask_zero"), layer.trainable))
    return rows


def notebook_cell(marker):
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    found = [c for c in cells if c["cell_type"] == "code" and marker in "".join(c["source"])]
    assert len(found) == 1, f"one cell of notebook 06 should contain {marker!r}"
    return "".join(found[0]["source"])


def test_builder_matches_the_model_notebook_06_writes_out(capsys):
    import keras  # noqa: PLC0415

    vocabulary = ["", "[UNK]", "good", "bad", "not good", "film"]
    valence = text.lexicon_valence(vocabulary, {"good": 1.9, "bad": -2.5})
    namespace = {"keras": keras, "np": np, "vocabulary": vocabulary, "valence": valence, "SEQUENCE_LENGTH": 64,
                 "x_train": np.zeros((10, 64), dtype="int64")}
    exec(notebook_cell('name="sentiment_pairs_lexicon"'), namespace)  # noqa: S102 - the notebook's own cell
    capsys.readouterr()
    shown = namespace["model"]
    built = text.build_sentiment_model(len(vocabulary), sequence_length=64, valence=valence,
                                       name="sentiment_pairs_lexicon")
    assert layer_summary(built) == layer_summary(shown)
    assert built.count_params() == shown.count_params()
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(built.get_layer("lexicon").embeddings),
                                  keras.ops.convert_to_numpy(shown.get_layer("lexicon").embeddings))


def test_builder_matches_the_seed_model_of_notebook_06(capsys):
    import keras  # noqa: PLC0415

    namespace = {"keras": keras, "text": text, "docs": ["Beautifully done!", "very bad"], "max_length": 4,
                 "vocab_size": 20}
    exec(notebook_cell('name="seed_classifier"'), namespace)  # noqa: S102 - the notebook's own cell
    capsys.readouterr()
    built = text.build_sentiment_model(20, sequence_length=4, embedding_dim=8, pooling="flatten")
    def kinds(model):
        return [r[0] for r in layer_summary(model) if r[0] != "InputLayer"]

    assert kinds(built) == kinds(namespace["seed_model"]) == ["Embedding", "Flatten", "Dense"]
    assert built.count_params() == namespace["seed_model"].count_params() == 193


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"vocabulary_size": 2}, "vocabulary_size"),
    ({"vocabulary_size": 10, "sequence_length": 0}, "sequence_length"),
    ({"vocabulary_size": 10, "embedding_dim": 2.5}, "embedding_dim"),
    ({"vocabulary_size": 10, "pooling": "max"}, "pooling"),
    ({"vocabulary_size": 10, "valence": np.zeros(9)}, "valence"),
    ({"vocabulary_size": 10, "valence": np.zeros(10), "pooling": "flatten"}, "valence"),
    ({"vocabulary_size": 10, "valence": np.full(10, np.nan)}, "valence"),
    ({"vocabulary_size": 10**9, "embedding_dim": 16}, "too large"),
])
def test_builder_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        text.build_sentiment_model(**kwargs)


def test_builder_accepts_numpy_integers():
    model = text.build_sentiment_model(np.int64(10), sequence_length=np.int32(5), embedding_dim=np.int64(3))
    assert model.count_params() == 10 * 3 + 3 + 1


# --------------------------------------------------------------------------- pairs and lexicon, trained


def test_pairs_lexicon_vocabulary_has_pairs_and_lexicon_words():
    classifier = pairs_lexicon_classifier()
    vocab = classifier.vocabulary
    assert vocab[:2] == ["", "[UNK]"]
    assert any(" " in w for w in vocab)  # word pairs
    assert "marvelous" in vocab  # a VADER word that 600 reviews are unlikely to use


@pytest.mark.parametrize("sentence", ["Not good at all.", "Marvelous, simply marvelous!", "zzqxv film",
                                      "The staff were rude but the room was lovely."])
def test_pairs_lexicon_contributions_plus_bias_give_the_logit(sentence):
    import keras  # noqa: PLC0415

    classifier = pairs_lexicon_classifier()
    bias = float(keras.ops.convert_to_numpy(classifier.model.get_layer("sentiment").bias)[0])
    p = float(classifier.predict(sentence)[0])
    shares = [v for _, v in classifier.contributions(sentence)]
    assert sigmoid(bias + sum(shares)) == pytest.approx(p, abs=1e-4)


def test_pairs_lexicon_word_scores_include_the_lexicon_term():
    import keras  # noqa: PLC0415

    classifier = pairs_lexicon_classifier()
    weights = classifier.output_weights()
    assert weights.shape == (17,)
    vocab = classifier.vocabulary
    lexicon = keras.ops.convert_to_numpy(classifier.model.get_layer("lexicon").embeddings).reshape(-1)
    i = vocab.index("marvelous")
    assert lexicon[i] > 0
    expected = classifier.embedding_matrix()[i] @ weights[:16] + lexicon[i] * weights[16]
    assert classifier.word_scores()[i] == pytest.approx(expected, rel=1e-5)


def test_the_lexicon_is_frozen_by_training():
    classifier = pairs_lexicon_classifier()
    import keras  # noqa: PLC0415

    lexicon = keras.ops.convert_to_numpy(classifier.model.get_layer("lexicon").embeddings).reshape(-1)
    np.testing.assert_allclose(lexicon, text.lexicon_valence(classifier.vocabulary), atol=1e-7)


# --------------------------------------------------------------------------- sentiment_model: the public contract


@pytest.fixture(scope="module")
def public_model():
    return text.sentiment_model()


@pytest.mark.slow
@pytest.mark.slow
def test_sentiment_model_takes_unicode_object_arrays_and_lists(public_model):
    sentences = ["Friendly staff, lovely room.", "Slow service and tiny portions."]
    unicode = public_model.predict(np.array(sentences), verbose=0)  # dtype <U...: the docstring's example
    objects = public_model.predict(np.array(sentences, dtype=object), verbose=0)
    listed = public_model.predict(sentences, verbose=0)
    called = np.asarray(public_model(np.array(sentences, dtype=object)))
    assert unicode.shape == objects.shape == listed.shape == called.shape == (2, 1)
    assert unicode.dtype == np.float32
    np.testing.assert_allclose(unicode, objects, atol=1e-6)
    np.testing.assert_allclose(listed, called, atol=1e-6)
    assert np.all((unicode >= 0) & (unicode <= 1))


@pytest.mark.slow
def test_sentiment_model_gets_the_issue_examples_right(public_model):
    negative = ["Slow service and tiny portions.", "Her performance felt wooden and unconvincing.",
                "Our flight was delayed for six hours without explanation.", "A complete waste of money."]
    p = public_model.predict(np.array(negative), verbose=0).reshape(-1)
    assert np.all(p < 0.5), dict(zip(negative, p.round(3)))


@pytest.mark.slow
def test_sentiment_model_is_named_and_trained_on_both_parts(public_model):
    assert public_model.name == "sentiment_from_text"
    names = [layer.name for layer in public_model.layers]
    assert "sentiment_chosen" in names, "the trained classifier inside should be named for make bench"
    assert "vader_compound" in names and "stacked" in names  # VADER stacked, as notebook 06 chooses
    corpus = text.load_reviews(parts=("original", "short"))
    p = public_model.predict(np.array(corpus.test.texts, dtype=object), verbose=0).reshape(-1)
    assert np.mean((p > 0.5) == corpus.test.labels) > 0.85


@pytest.mark.parametrize("seed", [-1, 1.5, "42", None])
def test_sentiment_model_bad_seed(seed):
    with pytest.raises(ValueError, match="seed"):
        text.sentiment_model(seed)


# --------------------------------------------------------------------------- VADER: compound scores and stacking


def test_vader_compound_signs_range_and_negation():
    scores = text.vader_compound(["A wonderful, lovely evening.", "Awful and rude.", "The table is brown.",
                                  "Not good at all."])
    assert scores.shape == (4,) and scores.dtype == np.float64
    assert scores[0] > 0.5 and scores[1] < -0.5 and scores[2] == 0.0 and scores[3] < 0
    assert np.all(np.abs(scores) <= 1)
    assert text.vader_compound("Great.").shape == (1,)
    with pytest.raises(TypeError):
        text.vader_compound([3])


def test_stacking_features_are_logit_and_compound():
    classifier = pairs_lexicon_classifier()
    sentences = ["Lovely staff.", "Rude staff and a dirty room."]
    features = text.stacking_features(classifier, sentences)
    p = classifier.predict(sentences).astype("float64")
    np.testing.assert_allclose(features[:, 0], np.log(p / (1 - p)), rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(features[:, 1], text.vader_compound(sentences))


def test_stack_with_vader_fits_on_validation_and_the_string_model_applies_it():
    classifier = pairs_lexicon_classifier()
    validation = text.load_reviews(parts=("original", "short")).validation
    weights = text.stack_with_vader(classifier, validation)
    assert weights.shape == (3,) and np.all(np.isfinite(weights))
    assert weights[0] > 0 and weights[1] > 0  # both opinions count towards "positive"
    sentences = ["Not good at all.", "Lovely staff, spotless room.", "zzqxv"]
    model = classifier.as_string_model(weights)
    got = model.predict(np.array(sentences), verbose=0).reshape(-1)
    features = text.stacking_features(classifier, sentences)
    expected = sigmoid(features @ weights[:2] + weights[2])
    np.testing.assert_allclose(got, expected, atol=1e-4)
    np.testing.assert_allclose(np.asarray(model(np.array(sentences, dtype=object))).reshape(-1), got, atol=1e-5)


@pytest.mark.parametrize("weights", [[1.0, 2.0], [1.0, np.nan, 0.0], "abc"])
def test_as_string_model_refuses_bad_vader_weights(weights):
    with pytest.raises(ValueError, match="vader_weights"):
        pairs_lexicon_classifier().as_string_model(weights)


def test_stack_with_vader_refuses_texts_where_reviews_are_expected():
    with pytest.raises(TypeError, match="Reviews"):
        text.stack_with_vader(pairs_lexicon_classifier(), ["a text"])
