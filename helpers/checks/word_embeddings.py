"""Checks for notebook 06 (word embeddings): a sentence's probability, its logit word by word,
and the seed's model rebuilt with average pooling."""

from __future__ import annotations

import numbers

import numpy as np

from helpers.checks.common import CheckFailed, passed
from helpers._validate import with_methods

__all__ = ["check_sentence_probability", "check_sentence_logit", "check_seed_average_model"]


def _one_number(name: str, value: object, what: str) -> float:
    """A float from a number, or from an array or list holding exactly one number."""
    if isinstance(value, (list, tuple, np.ndarray)):
        array = np.asarray(value, dtype=object).reshape(-1)
        if array.size != 1:
            raise CheckFailed(f"{name} should be one number ({what}), but it holds {array.size} values. "
                              "Take the element for your sentence, for example with [0].")
        value = array[0]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real) or not np.isfinite(float(value)):
        raise CheckFailed(f"{name} should be a finite number ({what}), got {value!r}.")
    return float(value)


def _probability(classifier: object, sentence: str) -> float:
    return float(np.asarray(classifier.predict([sentence])).reshape(-1)[0])


def _classifier_and_sentence(classifier: object, sentence: object, needs: tuple[str, ...] = ("predict",)) -> None:
    with_methods(classifier, "classifier", needs, "this notebook's trained classifier (helpers.text.train_sentiment_classifier returns one)")
    if not isinstance(sentence, str) or not sentence.strip():
        raise TypeError(f"sentence must be the exercise's sentence, a non-empty str; got {sentence!r:.60}.")


def check_sentence_probability(name: str, value: object, classifier: object, sentence: str) -> None:
    """Fail unless ``value`` is ``classifier``'s P(positive) for ``sentence`` (tolerance 1e-4)."""
    _classifier_and_sentence(classifier, sentence)
    p = _probability(classifier, sentence)
    got = _one_number(name, value, "a probability from 0 to 1")
    if not 0.0 <= got <= 1.0:
        raise CheckFailed(f"{name} = {got:.4g} is not a probability (0 to 1): is it a logit? "
                          "classifier.predict gives probabilities.")
    if abs(got - p) <= 1e-4:
        passed(f"{name} = {got:.4f}.")
        return
    if abs(got - (1.0 - p)) <= 1e-4:
        raise CheckFailed(f"{name} looks like the probability of the other class: predict gives "
                          "P(positive), use it as it is.")
    raise CheckFailed(f"{name} = {got:.4g} is not what classifier.predict gives for {sentence!r}. "
                      "Check the sentence (spelling included) and that you used this notebook's classifier.")


def check_sentence_logit(name: str, value: object, classifier: object, sentence: str) -> None:
    """Fail unless ``value`` is the logit of ``classifier`` for ``sentence``: bias + sum of the words' shares."""
    import keras  # noqa: PLC0415

    _classifier_and_sentence(classifier, sentence, needs=("predict", "contributions"))
    got = _one_number(name, value, "a logit, any real number")
    bias = float(keras.ops.convert_to_numpy(classifier.model.get_layer("sentiment").bias).reshape(-1)[0])
    shares = [share for _, share in classifier.contributions(sentence)]
    expected = bias + sum(shares)
    if abs(got - expected) <= 1e-3 * max(1.0, abs(expected)):
        passed(f"{name} = {got:.4f}, and its sigmoid is the classifier's probability.")
        return
    if abs(got - sum(shares)) <= 1e-3 * max(1.0, abs(expected)):
        raise CheckFailed(f"{name} is the sum of the shares without the bias: add the output layer's bias.")
    if abs(got - _probability(classifier, sentence)) <= 1e-4:
        raise CheckFailed(f"{name} is the probability, not the logit: the logit is the number before the sigmoid.")
    if shares and abs(got - (bias + sum(shares) / len(shares))) <= 1e-3 * max(1.0, abs(expected)):
        raise CheckFailed(f"{name} divides by the number of words twice: the shares already include the "
                          "division, so add them up as they are.")
    relative = abs(got - expected) / max(abs(expected), 1e-12)
    raise CheckFailed(f"{name} is off by {relative:.0%} of the logit. The logit is the bias plus the sum of "
                      "the shares from classifier.contributions(sentence).")


def check_seed_average_model(model: object, x: object, labels: object, vocab_size: int, embedding_dim: int = 8) -> None:
    """Fail unless ``model`` is the seed's model with ``GlobalAveragePooling1D`` instead of ``Flatten``, trained.

    It must hold an ``Embedding(vocab_size, embedding_dim)``, a
    ``GlobalAveragePooling1D``, no ``Flatten``, end in ``Dense(1, sigmoid)``,
    have been fitted, and classify the training sentences ``x`` (with ``labels``) at least 7 in 8 right.
    """
    import keras  # noqa: PLC0415

    if not isinstance(model, keras.Model):
        raise CheckFailed(f"the model should be a keras.Model (build it with keras.Input and keras.layers), "
                          f"got {type(model).__name__}.")
    layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    kinds = [type(layer).__name__ for layer in layers]
    if "Flatten" in kinds:
        raise CheckFailed("the model still has a Flatten layer: replace it with keras.layers.GlobalAveragePooling1D.")
    if "GlobalAveragePooling1D" not in kinds:
        raise CheckFailed(f"the model's layers are {kinds}: it needs a keras.layers.GlobalAveragePooling1D "
                          "between the Embedding and the Dense layer.")
    embeddings = [layer for layer in layers if isinstance(layer, keras.layers.Embedding)]
    if len(embeddings) != 1:
        raise CheckFailed(f"the model should have one Embedding layer, it has {len(embeddings)}.")
    e = embeddings[0]
    if (e.input_dim, e.output_dim) != (int(vocab_size), int(embedding_dim)):
        raise CheckFailed(f"the Embedding has input_dim {e.input_dim} and output_dim {e.output_dim}; the seed's "
                          "model uses input_dim=vocab_size and output_dim=8.")
    last = layers[-1]
    if not isinstance(last, keras.layers.Dense) or last.units != 1 or \
            getattr(last.activation, "__name__", "") != "sigmoid":
        raise CheckFailed("the last layer should be keras.layers.Dense(1, activation='sigmoid'): one "
                          "probability per sentence.")
    expected_params = int(vocab_size) * int(embedding_dim) + int(embedding_dim) + 1
    if model.count_params() != expected_params:
        raise CheckFailed(f"the model has {model.count_params()} parameters; an Embedding, an average and "
                          "Dense(1) should have vocab_size x 8 + 8 + 1. Is there an extra layer?")
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None or int(keras.ops.convert_to_numpy(optimizer.iterations)) == 0:
        raise CheckFailed("the model has not been trained: compile it, then call model.fit(...) with the "
                          "padded sentences and their labels.")
    x = np.asarray(x)
    labels = np.asarray(labels).reshape(-1)
    p = keras.ops.convert_to_numpy(model(x)).reshape(-1)
    if p.shape != labels.shape:
        raise CheckFailed(f"the model gives {p.size} outputs for {labels.size} sentences; it should give one each.")
    right = int(np.sum((p > 0.5) == (labels == 1)))
    if right < len(labels) - 1:
        raise CheckFailed(f"the model gets {right} of the {len(labels)} training sentences right; train it "
                          "for the seed's 50 epochs (more if the loss is still falling).")
    passed(f"an average-pooling model with {expected_params} parameters, {right} of {len(labels)} sentences right.")
