"""Exercise checks of notebook 04 · Denoising autoencoders."""

from __future__ import annotations

import numbers

import numpy as np

from helpers.checks.common import CheckFailed, passed

__all__ = ["check_psnr_by_hand", "check_denoiser_psnr", "check_conv_denoiser"]

_UNSET = object()
CONV_CHOICES = ("better", "about the same", "worse")


def _finite(value: object, name: str, what: str) -> float:
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise CheckFailed(f"{name} should be a finite number of decibels ({what}), got {value!r}.")
    return float(value)


def check_psnr_by_hand(value: object, clean: object, noisy: object) -> None:
    """Exercise (notebook 04): PSNR of ``noisy`` against ``clean`` (both in [0, 1]), computed by hand."""
    clean, noisy = np.asarray(clean, dtype="float64"), np.asarray(noisy, dtype="float64")
    value = _finite(value, "my_psnr", "one number for the whole array")
    mse = float(np.mean((clean - noisy) ** 2))
    expected = 10 * np.log10(1.0 / mse)
    if np.isclose(value, expected, atol=1e-3):
        passed(f"PSNR {expected:.2f} dB: 10 log10(1 / MSE) with MSE {mse:.4f} and a data range of 1.")
        return
    if np.isclose(value, 10 * np.log10(255.0**2 / mse), atol=1e-3):
        raise CheckFailed(
            f"{value:.2f} dB uses a data range of 255, but these images lie in [0, 1]: the peak is 1."
        )
    if np.isclose(value, 20 * np.log10(1.0 / mse), atol=1e-3) or np.isclose(value, 10 * np.log10(1.0 / np.sqrt(mse)), atol=1e-3):
        raise CheckFailed(
            f"{value:.2f} dB: PSNR is 10 log10(peak**2 / MSE), i.e. 20 log10(peak / RMSE); "
            "check whether you used the MSE or its square root."
        )
    if np.isclose(value, -expected, atol=1e-3):
        raise CheckFailed(f"{value:.2f} dB has the wrong sign: it is peak**2 / MSE inside the logarithm.")
    per_image = np.mean((clean - noisy) ** 2, axis=tuple(range(1, clean.ndim))) if clean.ndim > 1 else None
    if per_image is not None and np.isclose(value, float(np.mean(10 * np.log10(1.0 / per_image))), atol=1e-3):
        raise CheckFailed(
            "that is the average of one PSNR per image (what metrics.psnr with image_shape gives). The "
            "exercise asks for one MSE over all pixels at once, then 10 * np.log10(1.0 / mse)."
        )
    raise CheckFailed(
        f"my_psnr = {value:.2f} dB is not the PSNR of noisy_test against data.x_test. Compute the mean "
        "squared error over all pixels, then 10 * np.log10(1.0 / mse)."
    )


def _prediction_number(prediction: object, name: str) -> float:
    if isinstance(prediction, np.ndarray) and prediction.size == 1:
        prediction = prediction.item()
    if isinstance(prediction, bool) or not isinstance(prediction, numbers.Real) or not np.isfinite(prediction):
        raise CheckFailed(
            f"{name} should hold your prediction, a number of decibels stored before you trained "
            f"(for example {name} = 21.0), got {prediction!r}. Any honest number earns the points."
        )
    return float(prediction)


def _noise_levels(model: object) -> list[float]:
    return [float(layer.stddev) for layer in model.layers if type(layer).__name__ == "GaussianNoise"]


def _fit_settings(model: object, model_name: str, epochs: object, steps: object) -> None:
    """The epochs and batches of the model's last ``fit`` (Keras keeps them in ``model.history``)."""
    params = getattr(getattr(model, "history", None), "params", None) or {}
    if "epochs" not in params:
        raise CheckFailed(f"{model_name} has not been trained yet: compile and fit it (model.fit with the "
                          "training batches) before measuring.")
    if epochs is not None and params["epochs"] != epochs:
        raise CheckFailed(
            f"{model_name} was last fitted for {params['epochs']} epochs; the exercise asks for the same "
            f"training as the lesson's model: epochs=EPOCHS ({epochs})."
        )
    if steps is not None and params.get("steps") not in (None, steps):
        raise CheckFailed(
            f"{model_name} was fitted with {params.get('steps')} steps per epoch; the exercise asks for "
            f"the lesson's batches: steps_per_epoch=steps ({steps})."
        )


def _dense_units(model: object) -> list[int]:
    return [int(layer.units) for layer in model.layers if type(layer).__name__ == "Dense"]


def check_denoiser_psnr(value: object, model: object, noisy: object, clean: object, *,
                        image_shape: tuple[int, int], trained: object = None, name: str = "psnr",
                        noisy_name: str = "noisy_test", model_name: str = "your model",
                        sigma: float | None = None, epochs: int | None = None, steps: int | None = None,
                        same_widths_as: object = None, prediction: object = _UNSET,
                        prediction_name: str = "my_prediction") -> None:
    """Exercise (notebook 04): the test PSNR of a denoiser the student trained.

    ``value`` must be the per-image PSNR of ``model``'s outputs for ``noisy``
    against ``clean`` (recomputed here from the model); ``model`` must be a
    new Keras model (not ``trained``, the one the notebook trained before),
    with a ``GaussianNoise`` layer, and trained: its outputs must beat the
    average clean image by more than 1 dB (an untrained network gives grey).
    When given: ``sigma`` is the noise level its ``GaussianNoise`` layer must add,
    ``epochs`` and ``steps`` the settings of its last ``fit``, ``same_widths_as`` a
    model whose Dense widths it must share, and ``prediction`` the student's predicted
    PSNR (any finite number passes: the stating is graded, and the tick line says how
    close it came).
    """
    from helpers.metrics import psnr  # noqa: PLC0415
    from helpers.models import reconstruct  # noqa: PLC0415 (imports Keras lazily)

    guess = None if prediction is _UNSET else _prediction_number(prediction, prediction_name)
    value = _finite(value, name, "metrics.psnr gives one")
    if model is None or not callable(getattr(model, "predict", None)):
        raise CheckFailed(f"the check needs your Keras model: build it, fit it, and pass it with {name}.")
    if trained is not None and model is trained:
        raise CheckFailed(
            "that is the model the notebook trained before, not a new one: build a new model with the "
            "change the exercise asks for, and fit it."
        )
    levels = _noise_levels(model)
    if not levels:
        raise CheckFailed("your model has no GaussianNoise layer: keep the noise layer of section 2, it is what "
                          "makes it a denoiser.")
    if sigma is not None and not np.isclose(levels[0], sigma, atol=1e-6):
        raise CheckFailed(
            f"{model_name} adds training noise of standard deviation {levels[0]:g} (its GaussianNoise "
            f"layer); the exercise asks for {sigma:g}: pass that level to the builder."
        )
    if same_widths_as is not None and _dense_units(model) != _dense_units(same_widths_as):
        raise CheckFailed(
            f"{model_name}'s Dense layers have {_dense_units(model)} units; the exercise asks for the same "
            f"widths as the lesson's model, {_dense_units(same_widths_as)}."
        )
    if epochs is not None or steps is not None:
        _fit_settings(model, model_name, epochs, steps)
    clean = np.asarray(clean, dtype="float32")
    outputs = reconstruct(model, noisy)
    measured = psnr(clean, outputs, image_shape=image_shape)
    average = psnr(clean, np.broadcast_to(clean.mean(axis=0), clean.shape), image_shape=image_shape)
    if measured <= average + 1.0:
        raise CheckFailed(
            "your model's outputs are no closer to the clean test digits than the average digit is: did "
            "you compile and fit it (model.fit with the training batches) before measuring?"
        )
    if np.isclose(value, psnr(outputs, clean), atol=1e-3) and not np.isclose(value, measured, atol=1e-3):
        raise CheckFailed(
            f"{name} is one PSNR over all the images at once. Pass image_shape=shape to metrics.psnr, "
            "as the table of section 3 does, so that it averages one PSNR per image."
        )
    if not np.isclose(value, measured, atol=1e-2):
        raise CheckFailed(
            f"{name} is not the test PSNR of the model you passed. Denoise {noisy_name} with that model "
            "(models.reconstruct) and compare its outputs with data.x_test, the clean digits."
        )
    if guess is None:
        passed(f"{name}: the test PSNR of your trained denoiser.")
    else:
        passed(f"{name} = {measured:.2f} dB, the test PSNR of your trained denoiser; you predicted "
               f"{guess:.2f} dB ({guess - measured:+.2f} dB off).")


def _count_madds(model: object) -> int:
    """Multiply-adds of one image's forward pass through the ``Dense``, ``Conv2D`` and
    ``Conv2DTranspose`` layers of a built Keras model (biases and activations not counted).

    A kernel is applied once per position: per output pixel for ``Conv2D``, per input pixel
    for ``Conv2DTranspose`` (each input pixel stamps the kernel onto the output), once for
    ``Dense``; each application costs the kernel's size (height x width x inputs x outputs).
    """
    total = 0
    for layer in getattr(model, "layers", []):
        kind = type(layer).__name__
        if kind not in ("Dense", "Conv2D", "Conv2DTranspose"):
            continue
        grid = layer.input.shape if kind == "Conv2DTranspose" else layer.output.shape
        total += int(np.prod(tuple(layer.kernel.shape))) * int(np.prod([int(d) for d in grid[1:-1]]))
    return total


def check_conv_denoiser(value: object, model: object, madds: object, noisy: object, clean: object, *,
                        image_shape: tuple[int, int], sigma: float, epochs: int | None = None,
                        steps: int | None = None, prediction: object = _UNSET,
                        name: str = "psnr_flat", model_name: str = "conv_flat",
                        madds_name: str = "flat_madds", prediction_name: str = "my_prediction_flat") -> None:
    """Exercise (notebook 04): a convolutional denoiser whose convolutions all have stride 1.

    ``model``: only ``Conv2D`` layers (no ``Dense``, no ``Conv2DTranspose`` needed), each with
    stride 1, a ``GaussianNoise`` layer of ``sigma``, trained (``epochs``/``steps`` of its last
    fit, when given); ``madds`` its multiply-adds per image (:func:`_count_madds`);
    ``value`` its per-image test PSNR on ``noisy`` against ``clean``; ``prediction`` one of
    ``CONV_CHOICES`` (any of them passes: the stating is graded).
    """
    from helpers.metrics import psnr  # noqa: PLC0415
    from helpers.models import reconstruct  # noqa: PLC0415

    if prediction is not _UNSET and prediction not in CONV_CHOICES:
        raise CheckFailed(
            f"{prediction_name} should be one of {', '.join(repr(c) for c in CONV_CHOICES)}, stored "
            f"before you train, got {prediction!r}. Any of the three earns the points."
        )
    value = _finite(value, name, "metrics.psnr gives one")
    if model is None or not callable(getattr(model, "predict", None)) or not hasattr(model, "layers"):
        raise CheckFailed(f"the check needs your Keras model {model_name}: build it with keras.Input and "
                          "keras.layers, fit it, and pass it.")
    kinds = [type(layer).__name__ for layer in model.layers]
    if "Dense" in kinds:
        raise CheckFailed(f"{model_name} has a Dense layer; the exercise asks for convolutions only "
                          "(layers.Conv2D), as in the convolutional section.")
    convs = [layer for layer in model.layers if type(layer).__name__ in ("Conv2D", "Conv2DTranspose")]
    if len(convs) < 2:
        raise CheckFailed(f"{model_name} has {len(convs)} convolution(s); the exercise asks for at least two "
                          "Conv2D layers.")
    strided = [layer.name for layer in convs if tuple(layer.strides) != (1, 1)]
    if strided:
        raise CheckFailed(f"{model_name}'s layer(s) {', '.join(strided)} have a stride above 1; the exercise "
                          "asks for strides=1 everywhere (the image keeps its size throughout).")
    levels = _noise_levels(model)
    if not levels or not np.isclose(levels[0], sigma, atol=1e-6):
        found = f"noise of standard deviation {levels[0]:g}" if levels else "no GaussianNoise layer"
        raise CheckFailed(f"{model_name} has {found}; the exercise asks for GaussianNoise(SIGMA) ({sigma:g}) "
                          "in front, as conv_denoiser has.")
    expected_madds = _count_madds(model)
    if isinstance(madds, np.ndarray) and madds.size == 1:
        madds = madds.item()
    if isinstance(madds, bool) or not isinstance(madds, numbers.Real) or not np.isfinite(madds):
        raise CheckFailed(f"{madds_name} should be a whole number of multiply-adds per image, got {madds!r}.")
    if madds != expected_madds:
        hint = (" That is its parameter count: a convolution's weights are reused at every pixel, so count "
                "kernel size x positions.") if madds == model.count_params() else (
                " Per layer: kernel height x width x input channels x output channels, times the pixels "
                "it is applied at (the output pixels of a Conv2D).")
        raise CheckFailed(
            f"{madds_name} = {madds:,} is not the multiply-adds per image of {model_name}.{hint}")
    if epochs is not None or steps is not None:
        _fit_settings(model, model_name, epochs, steps)
    clean = np.asarray(clean, dtype="float32")
    outputs = reconstruct(model, noisy)
    if outputs.shape != clean.shape:
        raise CheckFailed(f"{model_name} gives outputs of shape {outputs.shape} for inputs of shape "
                          f"{np.shape(noisy)}; end with one channel and flatten back to rows (Reshape).")
    measured = psnr(clean, outputs, image_shape=image_shape)
    average = psnr(clean, np.broadcast_to(clean.mean(axis=0), clean.shape), image_shape=image_shape)
    if measured <= average + 1.0:
        raise CheckFailed(f"{model_name}'s outputs are no closer to the clean test digits than the average "
                          "digit is: compile and fit it before measuring.")
    if not np.isclose(value, measured, atol=1e-2):
        raise CheckFailed(
            f"{name} is not the test PSNR of {model_name}. Denoise noisy_test with it "
            "(models.reconstruct) and compare with data.x_test, using metrics.psnr with image_shape=shape."
        )
    said = "" if prediction is _UNSET else f"; you predicted {prediction!r}"
    passed(f"{name} = {measured:.2f} dB with {expected_madds:,} multiply-adds per image{said}.")
