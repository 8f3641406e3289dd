"""Exercise checks of notebook 05 · Image-to-image translation."""

from __future__ import annotations

import numbers

import numpy as np

from helpers.checks.common import CheckFailed, _decibels, check_shape, passed
from helpers._validate import float_array

__all__ = ["check_removal_psnr", "check_latent_shift", "check_single_skip", "check_unet"]

_NOT_GIVEN = object()
NARROWEST_CHOICES = ("fewer", "as many", "more")
SKIP_CHOICES = ("nearer the U-Net", "nearer no skips")


def check_removal_psnr(psnr_before: object, psnr_after: object, clean: object, with_glasses: object,
                       removed: object, *, image_shape: tuple[int, int] = (24, 24)) -> None:
    """Exercise (notebook 05): PSNR of the faces with glasses and of the network's output, both
    measured against the true faces (``clean``), averaged per face."""
    from helpers.metrics import psnr  # noqa: PLC0415

    before_value, after_value = _decibels("psnr_before", psnr_before), _decibels("psnr_after", psnr_after)
    before = psnr(clean, with_glasses, image_shape=image_shape)
    after = psnr(clean, removed, image_shape=image_shape)

    def close(a: float, b: float) -> bool:
        return bool(np.isclose(a, b, atol=1e-3))

    if close(before_value, before) and close(after_value, after):
        passed(f"with glasses {before:.2f} dB, after the network {after:.2f} dB ({after - before:+.2f} dB), "
               "both against the true faces.")
        return
    if close(before_value, after) and close(after_value, before):
        raise CheckFailed(
            "psnr_before and psnr_after are swapped: 'before' is the faces with glasses, 'after' the "
            "network's output, each compared with the true faces."
        )
    pooled = [psnr(clean, estimate) for estimate in (with_glasses, removed)]  # one PSNR over all faces
    if close(before_value, pooled[0]) or close(after_value, pooled[1]):
        raise CheckFailed(
            "that is one PSNR over all the faces at once. Pass image_shape=data.image_shape to "
            "metrics.psnr: it then takes the PSNR of each face and averages them, like the rest of "
            "the notebook."
        )
    if close(after_value, psnr(with_glasses, removed, image_shape=image_shape)):
        raise CheckFailed(
            "psnr_after compares the network's output with its input (the faces with glasses). Compare "
            "it with the true faces, data.x_test: that is what the network should give back."
        )
    if not close(before_value, before):
        raise CheckFailed(
            f"psnr_before = {before_value:.2f} dB is not the PSNR of the faces with glasses against the true "
            "faces: compare big_glasses with data.x_test, one PSNR per face (image_shape=data.image_shape)."
        )
    raise CheckFailed(
        f"psnr_after = {after_value:.2f} dB is not the PSNR of the U-Net's output against the true faces: run "
        "the U-Net on the faces with glasses (models.reconstruct) and compare its output with data.x_test."
    )


def check_latent_shift(images: object, x: object, encoder: object, decoder: object, direction: object, *,
                       strength: float, name: str = "images") -> None:
    """Exercise (notebook 05): decode ``encoder(x) + strength * direction`` with ``decoder``."""
    from helpers.models import encode, reconstruct  # noqa: PLC0415 (imports Keras lazily)

    x = float_array(x, "x", ndim=2).astype("float32")
    if isinstance(strength, bool) or not isinstance(strength, numbers.Real) or not np.isfinite(strength):
        raise TypeError(f"strength must be a finite number, got {strength!r:.40}.")
    codes = encode(encoder, x)
    direction = np.asarray(direction, dtype="float32")
    shape = getattr(images, "shape", None)
    if shape is not None and tuple(shape) == codes.shape and codes.shape != x.shape:
        raise CheckFailed(
            f"{name} has shape {tuple(shape)}: those are codes, not faces. Decode the shifted codes "
            "with the decoder (models.reconstruct(decoder, codes))."
        )
    check_shape(name, images, x.shape, why=f"One decoded face per input face, {x.shape[1]} pixels each.")
    images = np.asarray(images, dtype="float32")

    def shifted(s: float) -> np.ndarray:
        return reconstruct(decoder, codes + np.float32(s) * direction)

    if np.allclose(images, shifted(strength), atol=1e-4):
        passed(f"{len(x)} faces encoded, shifted by {strength:g} x direction in the code, decoded.")
        return
    if strength != 0 and np.allclose(images, shifted(-strength), atol=1e-4):
        raise CheckFailed(
            f"{name} moved the codes the wrong way: add {strength:g} * direction "
            f"({'subtract' if strength < 0 else 'add'} the direction), not {-strength:g} * direction."
        )
    if np.allclose(images, shifted(0.0), atol=1e-4):
        raise CheckFailed(
            f"{name} is the decoder's output for the unchanged codes: add {strength:g} * direction to "
            "the codes before decoding."
        )
    if np.allclose(images, x, atol=1e-4):
        raise CheckFailed(f"{name} equals the input faces: encode them, shift the codes, then decode.")
    raise CheckFailed(
        f"{name} differs from decoder(encoder(x) + {strength:g} * direction). Encode x with the encoder, "
        "add the shift to the codes, and decode with the decoder (models.encode, models.reconstruct)."
    )


def _choice(name: str, value: object, choices: tuple[str, ...]) -> str:
    """A prediction stated as one of ``choices`` (case and spaces forgiven)."""
    if value is None or value is _NOT_GIVEN:
        raise CheckFailed(f"{name} is not set: store your prediction, one of "
                          f"{', '.join(repr(c) for c in choices)}, before you run the model.")
    known = {choice.lower(): choice for choice in choices}
    said = " ".join(value.lower().split()).strip("'\" ") if isinstance(value, str) else None
    if said not in known:
        raise CheckFailed(f"{name} = {value!r:.60} is not one of the choices: store one of "
                          f"{', '.join(repr(c) for c in choices)} (a string).")
    return known[said]


def check_unet(model: object, *, filters: tuple[int, ...], image_shape: tuple[int, int] = (24, 24),
               prediction: object = _NOT_GIVEN) -> None:
    """Exercise (notebook 05): build a U-Net with ``len(filters)`` levels, as ``convnets.conv_unet`` does.

    Compares the student's model with ``convnets.conv_unet(image_shape, filters)``
    layer by layer (types, widths, activations, kernels, strides; names are
    ignored), and the channels that each skip connection joins. With
    ``prediction`` (the notebook passes it), the student's stated prediction of
    the narrowest tensor against the 576 pixels must be one of ``"fewer"``,
    ``"as many"``, ``"more"``: the stating is graded, and the check says whether
    it held.
    """
    stated = None if prediction is _NOT_GIVEN else _choice("narrowest_prediction", prediction,
                                                            NARROWEST_CHOICES)
    import keras  # noqa: PLC0415

    from helpers.convnets import conv_unet  # noqa: PLC0415
    from helpers.models import architecture  # noqa: PLC0415

    if not isinstance(model, keras.Model):
        raise CheckFailed(f"deeper should be a keras.Model (keras.Model(inputs, outputs)), got {type(model).__name__}.")
    reference = conv_unet(image_shape, filters)
    pixels = image_shape[0] * image_shape[1]
    if tuple(model.input_shape) != (None, pixels) or tuple(model.output_shape) != (None, pixels):
        raise CheckFailed(
            f"the model maps {model.input_shape} to {model.output_shape}: like unet, it should take rows of "
            f"{pixels} pixels and give back rows of {pixels} (Reshape at both ends)."
        )

    def count(m: object, kind: str) -> int:
        return sum(type(layer).__name__ == kind for layer in m.layers)

    for kind, what in (("Conv2D", "convolutions (the way down, plus the output convolution)"),
                       ("Conv2DTranspose", "transposed convolutions (the way up)"),
                       ("Concatenate", "skip connections (Concatenate layers)")):
        got, want = count(model, kind), count(reference, kind)
        if got != want:
            raise CheckFailed(f"your model has {got} {kind} layers; a U-Net with {len(filters)} levels has "
                              f"{want} {what}.")
    mine, theirs = architecture(model), architecture(reference)
    if sorted(map(repr, mine)) != sorted(map(repr, theirs)):
        for kind in ("Conv2D", "Conv2DTranspose"):
            got = sorted((w, a, s) for k, w, a, _, s, *_ in mine if k == kind)
            want = sorted((w, a, s) for k, w, a, _, s, *_ in theirs if k == kind)
            if got != want:
                raise CheckFailed(
                    f"the {kind} layers differ from the task: check each one's number of channels, its "
                    "activation (ReLU, and none before the final sigmoid) and its strides (2, except the "
                    "output convolution)."
                )
        raise CheckFailed(
            "the layers differ from the task in a setting other than channels, activation and strides: check "
            "the kernel size (3), padding=\"same\", the Reshape layers and the final sigmoid Activation."
        )

    def joined(m: object) -> list:
        """Per skip: its output shape and the kinds of the layers whose outputs it joins."""
        out = []
        for layer in m.layers:
            if type(layer).__name__ == "Concatenate":
                sources = sorted(type(t._keras_history[0]).__name__ for t in layer.input)
                out.append((tuple(layer.output.shape[1:]), tuple(sources)))
        return sorted(out)

    if joined(model) != joined(reference):
        raise CheckFailed(
            "each Concatenate should join a transposed convolution's output with the encoder's features "
            "of the same size (at full size: the input image); some of yours join other tensors."
        )
    message = (f"a U-Net with {len(filters)} levels and {count(model, 'Concatenate')} skip "
               f"connections, {model.count_params():,} parameters.")
    if stated is not None:
        side = int(np.prod(image_shape)) // 4 ** len(filters)
        narrowest = side * int(filters[-1])
        truth = "fewer" if narrowest < pixels else "as many" if narrowest == pixels else "more"
        compared = "as many as" if truth == "as many" else f"{truth} than"
        message += (f" Its narrowest tensor holds {narrowest} numbers, {compared} the {pixels} "
                    f"pixels: your prediction '{stated}' " + ("held." if stated == truth else
                                                             "did not hold."))
    passed(message)


def check_single_skip(model: object, history: object, prediction: object, *, unet: object,
                      no_skips: object, validation: tuple[object, object],
                      filters: tuple[int, ...] = (16, 32), epochs: int, steps_per_epoch: int,
                      image_shape: tuple[int, int] = (24, 24)) -> None:
    """Exercise (notebook 05): the two-level network of ``unet`` with only the full-size skip,
    trained like the lesson's removers, and a prediction of where it lands.

    Checks, in order: the prediction is one of the two choices; the model is
    ``convnets.conv_unet(image_shape, filters, skip_levels=(0,))`` layer by layer
    (names ignored); ``history`` is what ``model.fit`` returned, for ``epochs``
    epochs of ``steps_per_epoch`` batches; and the trained model removes glasses
    from the validation faces (``validation = (with glasses, true faces)``)
    better than doing nothing. Prints its validation PSNR beside the U-Net's and
    no skips', and whether the prediction held.
    """
    import keras  # noqa: PLC0415

    from helpers.convnets import conv_unet  # noqa: PLC0415
    from helpers.metrics import psnr  # noqa: PLC0415
    from helpers.models import architecture, reconstruct  # noqa: PLC0415

    stated = _choice("outer_prediction", prediction, SKIP_CHOICES)
    if not isinstance(model, keras.Model):
        raise CheckFailed(f"outer_only should be a keras.Model (keras.Model(inputs, outputs)), got "
                          f"{type(model).__name__}.")
    mine = architecture(model)
    if mine != architecture(conv_unet(image_shape, filters, skip_levels=(0,))):
        if mine == architecture(conv_unet(image_shape, filters)):
            raise CheckFailed("outer_only still has both skips: leave out skip_1, the Concatenate "
                              "with the 12x12 features, and keep skip_0 (the input image).")
        if mine == architecture(conv_unet(image_shape, filters, skip_levels=())):
            raise CheckFailed("outer_only has no skip at all: keep skip_0, a Concatenate of the "
                              "last transposed convolution's output with the input image.")
        if mine == architecture(conv_unet(image_shape, filters, skip_levels=(1,))):
            raise CheckFailed("outer_only kept the 12x12 skip (skip_1) and dropped the full-size "
                              "one: the task is the other way round.")
        raise CheckFailed(
            "outer_only differs from unet with only skip_0: check the layers' channels (FILTERS), "
            "ReLU activations (none before the final sigmoid), 3x3 kernels, strides 2, "
            "padding=\"same\" and the Reshape layers at both ends."
        )
    for layer in model.layers:  # the one skip must join the full-size output with the image
        if type(layer).__name__ == "Concatenate":
            sources = sorted(type(t._keras_history[0]).__name__ for t in layer.input)
            if sources != ["Conv2DTranspose", "Reshape"]:
                raise CheckFailed("the Concatenate should join the last transposed convolution's "
                                  "output with the input image (the Reshape at the start).")
    if not isinstance(history, keras.callbacks.History):
        raise CheckFailed(f"history_outer should be what outer_only.fit(...) returns (a History), "
                          f"got {type(history).__name__}.")
    if history.model is not model:
        raise CheckFailed("history_outer comes from another model's fit: store what "
                          "outer_only.fit(...) returns.")
    ran = len(history.history.get("loss", []))
    steps = (history.params or {}).get("steps")
    if ran != epochs or steps != steps_per_epoch:
        raise CheckFailed(f"outer_only trained for {ran} epochs of {steps} batches; train it as the "
                          f"lesson's removers: epochs=EPOCHS ({epochs}), steps_per_epoch=steps "
                          f"({steps_per_epoch}).")
    x_val, y_val = (np.asarray(v, dtype="float32") for v in validation)
    scores = {name: psnr(y_val, reconstruct(m, x_val), image_shape=image_shape)
              for name, m in (("yours", model), ("U-Net", unet), ("no skips", no_skips))}
    before = psnr(y_val, x_val, image_shape=image_shape)
    if scores["yours"] <= before:
        raise CheckFailed(f"outer_only scores {scores['yours']:.2f} dB on the validation faces, no "
                          f"better than their input ({before:.2f} dB): train it on glasses_off "
                          "(inputs with glasses, targets without), after compiled(outer_only).")
    nearer = ("nearer the U-Net" if abs(scores["yours"] - scores["U-Net"])
              <= abs(scores["yours"] - scores["no skips"]) else "nearer no skips")
    passed(f"one full-size skip, trained {epochs} epochs. Validation PSNR: yours "
           f"{scores['yours']:.2f} dB, U-Net {scores['U-Net']:.2f} dB, no skips "
           f"{scores['no skips']:.2f} dB (input {before:.2f} dB): {nearer}, so your prediction "
           f"'{stated}' " + ("held." if stated == nearer else "did not hold."))
