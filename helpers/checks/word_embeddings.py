"""Checks for notebook 06 (word embeddings): a sentence's probability, its logit word by word,
the seed's model rebuilt with average pooling, and the prediction of its size stated first."""

from __future__ import annotations

import numbers

import numpy as np

from helpers.checks.common import CheckFailed, passed
from helpers._validate import with_methods

__all__ = ["check_sentence_probability", "check_sentence_logit", "check_seed_average_model",
           "check_parameter_prediction"]


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
    tolerance = 1e-4 * max(1.0, abs(expected))
    without_bias = sum(shares)
    # the bias can be tiny (a few thousandths): an answer within half the bias of the shares alone
    # left the bias out, however small the tolerance
    if abs(bias) > 1e-6 and abs(got - without_bias) <= max(tolerance, abs(bias) / 2):
        raise CheckFailed(f"{name} is the sum of the shares without the bias: add the output layer's bias "
                          "(classifier.model.get_layer('sentiment').bias).")
    if abs(got - expected) <= min(max(tolerance, 1e-5), max(abs(bias) / 2, 1e-5)):
        passed(f"{name} = {got:.4f}, and its sigmoid is the classifier's probability.")
        return
    if abs(got - _probability(classifier, sentence)) <= 1e-4:
        raise CheckFailed(f"{name} is the probability, not the logit: the logit is the number before the sigmoid.")
    if shares and abs(got - (bias + sum(shares) / len(shares))) <= tolerance:
        raise CheckFailed(f"{name} divides by the number of words twice: the shares already include the "
                          "division, so add them up as they are.")
    relative = abs(got - expected) / max(abs(expected), 1e-12)
    raise CheckFailed(f"{name} is off by {relative:.0%} of the logit. The logit is the bias plus the sum of "
                      "the shares from classifier.contributions(sentence).")


def _ceiling(x: np.ndarray, labels: np.ndarray) -> int:
    """How many of the phrases any model can get right: phrases whose codes are the same multiset
    (an average cannot tell them apart) share one output, so only the larger label of each group counts."""
    groups: dict[tuple, list[int]] = {}
    for row, label in zip(x.reshape(len(x), -1), labels):
        groups.setdefault(tuple(sorted(row.tolist())), []).append(int(label))
    return sum(max(ys.count(0), ys.count(1)) for ys in groups.values())


def check_seed_average_model(model: object, x: object, labels: object, vocab_size: int, embedding_dim: int = 8,
                             *, learning_rate: float | None = None, epochs: int | None = None) -> None:
    """Fail unless ``model`` is the seed's model with ``GlobalAveragePooling1D`` instead of ``Flatten``, trained.

    It must hold an ``Embedding(vocab_size, embedding_dim)``, a
    ``GlobalAveragePooling1D``, no ``Flatten``, end in ``Dense(1, sigmoid)``,
    have been fitted (with Adam at ``learning_rate`` and for ``epochs`` epochs
    in its last ``fit``, when given), and classify the training sentences ``x``
    (with ``labels``) right up to the ceiling the hash collisions leave, less at most one.
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
    if learning_rate is not None:
        if type(optimizer).__name__ != "Adam":
            raise CheckFailed(f"the model was compiled with {type(optimizer).__name__}; the exercise asks for "
                              f"keras.optimizers.Adam(learning_rate={learning_rate:g}).")
        rate = float(keras.ops.convert_to_numpy(optimizer.learning_rate))
        if not np.isclose(rate, learning_rate, rtol=1e-4):
            raise CheckFailed(f"the optimizer's learning rate is {rate:g}; the exercise asks for "
                              f"keras.optimizers.Adam(learning_rate={learning_rate:g}).")
    if epochs is not None:
        history = getattr(model, "history", None)
        trained = len(getattr(history, "epoch", []) or [])
        if trained != int(epochs):
            raise CheckFailed(f"the model's last fit ran {trained} epochs; the exercise asks for SEED_EPOCHS = "
                              f"{int(epochs)} in one call to fit (build and compile a fresh model to start over).")
    x = np.asarray(x)
    labels = np.asarray(labels).reshape(-1)
    p = keras.ops.convert_to_numpy(model(x)).reshape(-1)
    if p.shape != labels.shape:
        raise CheckFailed(f"the model gives {p.size} outputs for {labels.size} sentences; it should give one each.")
    right = int(np.sum((p > 0.5) == (labels == 1)))
    ceiling = _ceiling(x, labels)
    if right < ceiling - 1:
        raise CheckFailed(f"the model gets {right} of the {len(labels)} training sentences right, while the hash "
                          f"collisions leave {ceiling} within reach; train it as the exercise says (Adam at "
                          "learning rate 0.01, SEED_EPOCHS epochs).")
    passed(f"an average-pooling model with {expected_params} parameters, {right} of {len(labels)} sentences "
           f"right (at most {ceiling} can be).")


def check_parameter_prediction(name: str, prediction: object) -> None:
    """A parameter count stated before the model is built: graded on the stating, not the luck.

    It must be a whole number of at least 1 (an int, or a float with no fraction)."""
    if prediction is None or prediction is Ellipsis:
        raise CheckFailed(f"{name} is not set: write how many parameters you expect, as a whole number, "
                          "before you build the model.")
    if isinstance(prediction, (bool, np.bool_)) or not isinstance(prediction, numbers.Real) \
            or not np.isfinite(float(prediction)) or float(prediction) != int(prediction) or prediction < 1:
        raise CheckFailed(f"{name} = {prediction!r}: state your prediction as one whole number of parameters, "
                          "for example 100.")
    passed(f"{name} = {int(prediction)} is stated; the check of the model below says whether it holds.")
