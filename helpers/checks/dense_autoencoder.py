"""Exercise checks of notebook 02 · The dense autoencoder."""

from __future__ import annotations

import numbers

import numpy as np

from helpers.checks.common import CheckFailed, check_shape, passed

__all__ = ["check_encode_decode", "check_wider_bottleneck"]


def _rows(value: object, name: str) -> object:
    """A list of rows becomes an array; anything else is returned as it is (check_shape judges it)."""
    if isinstance(value, (list, tuple)):
        try:
            return np.asarray(value, dtype="float64")
        except (TypeError, ValueError):
            raise CheckFailed(f"{name} is a list that is not a table of numbers: use np.array(...) of the "
                              "model's outputs.") from None
    return value


def check_encode_decode(codes: object, images: object, x: object, autoencoder: object, *, latent_dim: int) -> None:
    """Exercise (notebook 02): encode ``x`` with the encoder, decode with the decoder."""
    from helpers.models import reconstruct  # noqa: PLC0415 (imports Keras lazily)

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


def check_wider_bottleneck(mse_wide: object, mse_narrow: float, x_heldout: object, autoencoder: object = None, *,
                           latent_dim: int = 8, x_train: object = None, name: str = "mse_8") -> None:
    """Exercise (notebooks 02 and 03): build and train an autoencoder with a wider code, measure it.

    ``mse_wide`` must be the held-out MSE of ``autoencoder`` on ``x_heldout``
    (recomputed here from the model), the model's code must be
    ``latent_dim`` numbers wide, and the wider code must beat ``mse_narrow``
    (the narrower model's held-out MSE).
    """
    from helpers.models import reconstruct  # noqa: PLC0415 (imports Keras lazily)

    value = _number(mse_wide, name)
    if not 0 < value < 1:
        raise CheckFailed(
            f"{name} is not between 0 and 1, where the MSE between images in [0, 1] lies. "
            "Compute metrics.mse(held-out images, the model's reconstructions of them)."
        )
    if autoencoder is None or not callable(getattr(autoencoder, "predict", None)):
        raise CheckFailed("pass the Keras autoencoder you trained to the check, so it can measure it too.")
    code = [layer for layer in _all_layers(autoencoder) if layer.name == "code"]
    width = getattr(code[0], "units", None) if code else None
    if width is None:
        raise CheckFailed("your autoencoder has no layer named 'code': name the encoder's last Dense layer "
                          "name=\"code\", as in section 2.")
    if width != latent_dim:
        raise CheckFailed(f"your model's code layer has {width} units: the exercise asks for {latent_dim}.")
    x_heldout = np.asarray(x_heldout, dtype="float32")
    heldout = float(np.mean((reconstruct(autoencoder, x_heldout) - x_heldout) ** 2))
    if x_train is not None:
        x_train = np.asarray(x_train, dtype="float32")
        train = float(np.mean((reconstruct(autoencoder, x_train) - x_train) ** 2))
        if np.isclose(value, train, rtol=1e-3) and not np.isclose(value, heldout, rtol=1e-3):
            raise CheckFailed(
                f"{name} is your model's error on the images it was trained on. Measure it on the "
                "held-out images instead: an error on the training data proves little."
            )
    if heldout >= mse_narrow:
        raise CheckFailed(
            f"your {latent_dim}-number model reconstructs the held-out images no better than the "
            f"narrower one. Did you compile and fit it (model.fit) before measuring?"
        )
    if not np.isclose(value, heldout, rtol=1e-3):
        raise CheckFailed(
            f"{name} is not the held-out MSE of the model you passed (off by "
            f"{abs(value - heldout) / heldout:.0%}). Reconstruct the held-out images with that model "
            "and take metrics.mse of them against the originals."
        )
    passed(f"{latent_dim} numbers per image: held-out MSE {1 - heldout / mse_narrow:.0%} below the narrower model.")


def _all_layers(model: object) -> list:
    out = []
    for layer in getattr(model, "layers", []):
        out.append(layer)
        out.extend(_all_layers(layer))
    return out
