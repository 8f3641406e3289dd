"""Exercise checks of notebook 02 · The dense autoencoder."""

from __future__ import annotations

import numbers

import numpy as np

from helpers.checks.common import CheckFailed, check_shape, passed

__all__ = ["HOLE_CHOICES", "WIDER_CODE_CHOICES", "check_encode_decode", "check_hole_share", "check_tied_decoder",
           "check_wider_code"]


def _rows(value: object, name: str) -> object:
    """A list of rows becomes an array; anything else is returned as it is (check_shape judges it)."""
    if isinstance(value, (list, tuple)):
        try:
            return np.asarray(value, dtype="float64")
        except (TypeError, ValueError):
            raise CheckFailed(f"{name} is a list that is not a table of numbers: use np.array(...) of the "
                              "model's outputs.") from None
    return value


def check_encode_decode(codes: object, images: object, x: object, autoencoder: object, *, latent_dim: int,
                        encoder: object = None) -> None:
    """Exercise (notebook 02): encode ``x`` with the encoder, decode with the decoder.

    With ``encoder``, ``codes`` must be the encoder's codes of ``x`` (not any codes of
    the right shape); ``images`` must always equal the autoencoder's output.
    """
    from helpers.models import encode, reconstruct  # noqa: PLC0415 (imports Keras lazily)

    x = np.asarray(x)
    n, d = x.shape
    codes, images = _rows(codes, "my_codes"), _rows(images, "my_images")
    shape = getattr(codes, "shape", None)
    if shape is not None and tuple(shape) == (n, d):
        raise CheckFailed(
            f"my_codes has shape {tuple(shape)}: that is a batch of images, not codes. "
            "Use the encoder (not the autoencoder or the decoder) to get the codes."
        )
    check_shape("my_codes", codes, (n, latent_dim),
                why=f"The encoder turns each of the {n} images into {latent_dim} numbers.")
    check_shape("my_images", images, (n, d), why=f"The decoder turns each code back into {d} pixels.")
    codes = np.asarray(codes, dtype="float64")
    if not np.all(np.isfinite(codes)) or not np.any(codes):
        raise CheckFailed(
            "my_codes are all zeros (or not finite numbers): they are placeholders, not codes. "
            "Compute them with the encoder: models.encode(encoder, x)."
        )
    if encoder is not None and not np.allclose(codes, encode(encoder, x), atol=1e-4, rtol=1e-4):
        raise CheckFailed(
            "my_codes have the right shape but are not the encoder's codes of x: compute them with "
            "the encoder (models.encode(encoder, x)), then decode those codes."
        )
    expected = reconstruct(autoencoder, x)
    if not np.allclose(np.asarray(images, dtype="float64"), expected, atol=1e-4):
        raise CheckFailed(
            "my_images has the right shape but differs from the autoencoder's output: decode "
            "my_codes with the decoder (decoder(encoder(x)) must equal autoencoder(x))."
        )
    passed(f"{n} images -> codes of shape {tuple(shape)} -> {n} images, equal to the autoencoder's output.")


def _number(value: object, name: str) -> float:
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise CheckFailed(
            f"{name} should be one number (the mean squared error over the held-out images, "
            f"metrics.mse gives one), got {value!r}."
        )
    return float(value)


def _reject_training_error(value: float, heldout: float, autoencoder: object, x_train: object, name: str,
                           where: str) -> None:
    """Fail when ``value`` is the model's error on ``x_train`` (the images it trained on), not ``heldout``."""
    if x_train is None:
        return
    from helpers.models import reconstruct  # noqa: PLC0415 (imports Keras lazily)

    x_train = np.asarray(x_train, dtype="float32")
    train = float(np.mean((reconstruct(autoencoder, x_train) - x_train) ** 2))
    if np.isclose(value, train, rtol=1e-3) and not np.isclose(value, heldout, rtol=1e-3):
        raise CheckFailed(
            f"{name} is your model's error on the images it was trained on. Measure it on "
            f"{where} instead: an error on the training data proves little."
        )


def _all_layers(model: object) -> list:
    out = []
    for layer in getattr(model, "layers", []):
        out.append(layer)
        out.extend(_all_layers(layer))
    return out


# Named choices for exercise 2's prediction: how the validation error changes from 2 to 8 numbers.
WIDER_CODE_CHOICES = ("more than halved", "lower, but by less than half", "about the same", "higher")


def _outcome(ratio: float) -> str:
    """Which of WIDER_CODE_CHOICES a measured ratio (wide error / narrow error) is."""
    if ratio < 0.5:
        return WIDER_CODE_CHOICES[0]
    if ratio < 0.95:
        return WIDER_CODE_CHOICES[1]
    if ratio <= 1.05:
        return WIDER_CODE_CHOICES[2]
    return WIDER_CODE_CHOICES[3]


def _dense_layers(model: object) -> list:
    return [layer for layer in _all_layers(model) if hasattr(layer, "units") and hasattr(layer, "kernel")]


def _describe(layers: list) -> str:
    parts = []
    for layer in layers:
        activation = getattr(getattr(layer, "activation", None), "__name__", "?")
        parts.append(f"{layer.units} ({activation})")
    return ", ".join(parts) or "none"


def _keras_model(value: object, name: str) -> object:
    if value is None or not callable(getattr(value, "predict", None)) or not hasattr(value, "layers"):
        raise CheckFailed(f"{name} should be the Keras model you built (a keras.Model), got {type(value).__name__}.")
    return value


def check_wider_code(mse_wide: object, mse_narrow: float, x_heldout: object, autoencoder: object,
                     encoder: object, decoder: object, *, prediction: object, latent_dim: int = 8,
                     hidden: tuple[int, ...] = (128, 64), x_train: object = None, name: str = "mse_8",
                     narrow_dim: int = 2) -> None:
    """Exercise 2 (notebook 02): write, train and measure an autoencoder with a wider code.

    Checks the architecture asked for (encoder ``input -> hidden... -> latent_dim``, ReLU on the
    hidden layers and a linear code; decoder the mirror, ending in a sigmoid), that
    ``autoencoder(x) == decoder(encoder(x))``, that ``mse_wide`` is the model's held-out MSE
    (not the training error) and that training beat the lesson's model of ``narrow_dim``
    numbers (whose validation MSE is ``mse_narrow``), or, when that code is at least as wide
    (a student who set ``LATENT_DIM`` to 8 or more), the average training image.
    ``prediction`` must be one of :data:`WIDER_CODE_CHOICES`, stated before the run: it is
    graded for being stated, and the success line says whether it held.
    """
    from helpers.models import encode, reconstruct  # noqa: PLC0415 (imports Keras lazily)

    if not isinstance(prediction, str) or prediction.strip().lower() not in WIDER_CODE_CHOICES:
        raise CheckFailed(
            f"prediction_8 should be one of {', '.join(repr(c) for c in WIDER_CODE_CHOICES)}, written "
            f"before you train; got {prediction!r}. Any of them is accepted: the check grades the stating."
        )
    prediction = prediction.strip().lower()
    if isinstance(narrow_dim, bool) or not isinstance(narrow_dim, numbers.Integral) or narrow_dim < 1:
        raise TypeError(f"narrow_dim must be the lesson's code size, a whole number >= 1, "
                        f"got {narrow_dim!r}.")
    autoencoder = _keras_model(autoencoder, "ae_8")
    encoder = _keras_model(encoder, "encoder_8")
    decoder = _keras_model(decoder, "decoder_8")
    x_heldout = np.asarray(x_heldout, dtype="float32")
    want_encoder = [(w, "relu") for w in hidden] + [(latent_dim, "linear")]
    want_decoder = [(w, "relu") for w in reversed(hidden)] + [(x_heldout.shape[1], "sigmoid")]
    for model, want, what in ((encoder, want_encoder, "encoder_8"), (decoder, want_decoder, "decoder_8")):
        layers = _dense_layers(model)
        got = [(layer.units, getattr(layer.activation, "__name__", "?")) for layer in layers]
        if got != want:
            raise CheckFailed(
                f"{what}'s Dense layers are {_describe(layers)}; the exercise asks for "
                f"{', '.join(f'{w} ({a})' for w, a in want)}, in that order, as in section 2."
            )
    codes = encode(encoder, x_heldout[:20])
    if codes.shape[1] != latent_dim:
        raise CheckFailed(f"encoder_8 gives codes of {codes.shape[1]} numbers: the exercise asks for {latent_dim}.")
    if not np.allclose(reconstruct(decoder, codes), reconstruct(autoencoder, x_heldout[:20]), atol=1e-4):
        raise CheckFailed(
            "ae_8(x) differs from decoder_8(encoder_8(x)): join the two models you trained, "
            "ae_8 = keras.Model(inputs_8, decoder_8(encoder_8(inputs_8))), and train ae_8."
        )
    value = _number(mse_wide, name)
    if not 0 < value < 1:
        raise CheckFailed(
            f"{name} is not between 0 and 1, where the MSE between images in [0, 1] lies. "
            "Compute metrics.mse(x_val, the model's reconstructions of x_val)."
        )
    heldout = float(np.mean((reconstruct(autoencoder, x_heldout) - x_heldout) ** 2))
    _reject_training_error(value, heldout, autoencoder, x_train, name, "the validation images x_val")
    if narrow_dim < latent_dim:
        if heldout >= mse_narrow:
            raise CheckFailed(
                f"your {latent_dim}-number model reconstructs the validation images no better than the "
                f"{narrow_dim}-number one. Did you compile and fit ae_8 before measuring?"
            )
    else:  # the lesson's code is as wide: beat the average image instead
        mean_image = np.asarray(x_heldout if x_train is None else x_train, dtype="float32").mean(axis=0)
        baseline = float(np.mean((x_heldout - mean_image) ** 2))
        if heldout >= baseline:
            raise CheckFailed(
                f"your {latent_dim}-number model reconstructs the validation images no better than "
                f"the average training image does (MSE {baseline:.4f}). Did you compile and fit ae_8 "
                "before measuring?"
            )
    if not np.isclose(value, heldout, rtol=1e-3):
        raise CheckFailed(
            f"{name} is not the validation MSE of ae_8 (off by {abs(value - heldout) / heldout:.0%}). "
            "Reconstruct x_val with ae_8 and take metrics.mse against x_val."
        )
    outcome = _outcome(heldout / mse_narrow)
    verdict = "held" if outcome == prediction else f"did not hold (it was {outcome!r})"
    passed(f"{latent_dim} numbers per image: validation MSE x{heldout / mse_narrow:.2f} of the "
           f"{narrow_dim}-number model's; your prediction {prediction!r} {verdict}.")


def check_tied_decoder(autoencoder: object, params_saved: object, mse_tied: object, x_heldout: object, *,
                       untied: object, mse_untied: float, x_train: object = None) -> None:
    """Exercise 3 (notebook 02): a decoder that reuses the encoder's kernels, transposed.

    ``autoencoder`` must hold exactly the untied model's encoder kernels and every layer's
    bias (no kernel of its own in the decoder), reproduce its input better than it did before
    training (it beats the average image), and ``params_saved`` / ``mse_tied`` must be what
    the model shows: ``untied.count_params() - autoencoder.count_params()`` and its held-out MSE.
    """
    from helpers.models import reconstruct  # noqa: PLC0415 (imports Keras lazily)

    autoencoder = _keras_model(autoencoder, "ae_tied")
    untied = _keras_model(untied, "the untied autoencoder")
    kernels = [tuple(w.shape) for w in untied.weights if len(w.shape) == 2]
    biases = [tuple(w.shape) for w in untied.weights if len(w.shape) == 1]
    encoder_kernels = kernels[: len(kernels) // 2]
    want = sorted(encoder_kernels + biases)
    got = sorted(tuple(w.shape) for w in autoencoder.weights)
    n_untied, n_tied = untied.count_params(), autoencoder.count_params()
    if got != want:
        if n_tied == n_untied:
            raise CheckFailed(
                f"ae_tied has {n_tied:,} parameters, as many as the untied model: its decoder still has "
                "kernels of its own. Make each decoder layer use an encoder layer's kernel, transposed "
                "(keras.ops.transpose(layer.kernel)), and only add its own bias."
            )
        shown = ", ".join(str(s) for s in got)
        raise CheckFailed(
            f"ae_tied's weights have shapes {shown}; a tied autoencoder has the encoder's kernels "
            f"{', '.join(str(s) for s in encoder_kernels)} and one bias per layer (6 layers), "
            "with no decoder kernel: keep the section 2 widths, and tie each decoder layer to its mirror."
        )
    saved = n_untied - n_tied
    if isinstance(params_saved, np.integer):
        params_saved = int(params_saved)
    if isinstance(params_saved, bool) or not isinstance(params_saved, numbers.Integral):
        raise CheckFailed(f"params_saved should be a whole number of parameters, got {params_saved!r}.")
    if params_saved != saved:
        raise CheckFailed(
            f"params_saved is {params_saved:,}, but the two models' count_params() differ by another "
            "number: subtract ae_tied.count_params() from autoencoder.count_params()."
        )
    value = _number(mse_tied, "mse_tied")
    x_heldout = np.asarray(x_heldout, dtype="float32")
    heldout = float(np.mean((reconstruct(autoencoder, x_heldout) - x_heldout) ** 2))
    mean_image = float(np.mean((x_heldout - x_heldout.mean(axis=0)) ** 2))
    if heldout >= 0.9 * mean_image:
        raise CheckFailed(
            "ae_tied reconstructs the validation images hardly better than their average image: "
            "compile and fit it (as in section 3) before measuring."
        )
    if x_train is not None:
        x_train = np.asarray(x_train, dtype="float32")
        train = float(np.mean((reconstruct(autoencoder, x_train) - x_train) ** 2))
        if np.isclose(value, train, rtol=1e-3) and not np.isclose(value, heldout, rtol=1e-3):
            raise CheckFailed("mse_tied is the error on the training images: measure it on x_val.")
    if not np.isclose(value, heldout, rtol=1e-3):
        raise CheckFailed(
            "mse_tied is not the validation MSE of ae_tied: reconstruct x_val with ae_tied and take "
            "metrics.mse against x_val."
        )
    passed(f"tied decoder: {saved:,} parameters saved ({saved / n_untied:.0%}); validation MSE "
           f"{heldout:.4f} against {mse_untied:.4f} untied.")


# Named choices for exercise 4's prediction: holes of the 8-number model against the 2-number one.
HOLE_CHOICES = ("more holes", "about as many", "fewer holes")


def _hole_share(encoder: object, decoder: object, x_train: object, x_heldout: object, *, n_codes: int = 4000,
               seed: int = 0) -> tuple[float, float]:
    """The share of random codes that decode far from every training image (notebook 02's measure).

    Codes are drawn uniformly in the box of the training codes (2nd to 98th percentile of each
    number); "far" means farther from the nearest training image than 95% of the model's
    reconstructions of ``x_heldout``. Returns ``(share, threshold)``.
    """
    from sklearn.neighbors import NearestNeighbors  # noqa: PLC0415

    from helpers.models import encode, reconstruct  # noqa: PLC0415 (imports Keras lazily)

    x_train = np.asarray(x_train, dtype="float32")
    x_heldout = np.asarray(x_heldout, dtype="float32")
    nearest = NearestNeighbors(n_neighbors=1).fit(x_train)
    codes = encode(encoder, x_train)
    low, high = np.percentile(codes, 2, axis=0), np.percentile(codes, 98, axis=0)
    far = float(np.percentile(nearest.kneighbors(reconstruct(decoder, encode(encoder, x_heldout)))[0][:, 0], 95))
    random_codes = np.random.default_rng(seed).uniform(low, high, size=(n_codes, codes.shape[1]))
    distances = nearest.kneighbors(reconstruct(decoder, random_codes.astype("float32")))[0][:, 0]
    return float(np.mean(distances > far)), far


def check_hole_share(share: object, prediction: object, encoder: object, decoder: object, x_train: object,
                     x_heldout: object, *, share_2: float, tolerance: float = 0.05) -> None:
    """Exercise 4 (notebook 02): the share of random codes of the 8-number model that are holes.

    ``share`` must match the share measured here with a draw of its own (within ``tolerance``,
    well beyond the spread of two draws of 4,000 codes); ``prediction`` must be one of
    :data:`HOLE_CHOICES`, graded for being stated; the success line says whether it held
    against ``share_2``, the 2-number model's share from the lesson.
    """
    if not isinstance(prediction, str) or prediction.strip().lower() not in HOLE_CHOICES:
        raise CheckFailed(
            f"prediction_holes should be one of {', '.join(repr(c) for c in HOLE_CHOICES)}, written "
            f"before you measure; got {prediction!r}. Any of them is accepted: the check grades the stating."
        )
    prediction = prediction.strip().lower()
    value = _number(share, "hole_share_8")
    if not 0 <= value <= 1:
        raise CheckFailed(
            f"hole_share_8 is {value:g}: a share of the random codes lies between 0 and 1 "
            "(the mean of a True/False array)."
        )
    encoder = _keras_model(encoder, "encoder_8")
    decoder = _keras_model(decoder, "decoder_8")
    measured, _ = _hole_share(encoder, decoder, x_train, x_heldout)
    if abs(value - measured) > tolerance:
        raise CheckFailed(
            "hole_share_8 differs from the share measured here with another draw by more than chance "
            "allows. Draw the codes uniformly between the 2nd and 98th percentiles of encoder_8's codes "
            "of x_fit (each number its own range), decode them with decoder_8, and take the threshold "
            "from ae_8's own reconstructions of x_val (their 95th percentile distance_to_training)."
        )
    if measured > share_2 + 0.05:
        outcome = HOLE_CHOICES[0]
    elif measured < share_2 - 0.05:
        outcome = HOLE_CHOICES[2]
    else:
        outcome = HOLE_CHOICES[1]
    verdict = "held" if outcome == prediction else f"did not hold (it was {outcome!r})"
    passed(f"8 numbers: {measured:.0%} of random codes decode far from every digit (2 numbers: {share_2:.0%}); "
           f"your prediction {prediction!r} {verdict}.")
