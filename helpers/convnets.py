"""Small convolutional image-to-image models (Keras 3; imported on first use).

Both models take and return **flattened rows** of pixels, float32 ``(n, h * w)``
in [0, 1], like every image in the course: they fold each row into an
``(h, w, 1)`` image with a ``Reshape`` layer, convolve, and flatten the
result again, so :func:`tools.fit_autoencoder.fit_autoencoder` (the speed study's),
:func:`helpers.models.reconstruct` and :func:`helpers.models.encode` work with
them unchanged.

* :func:`conv_autoencoder`: convolutions down to a small grid, then a dense
  ``code`` layer (the bottleneck: every image becomes ``latent_dim`` numbers,
  so we can do arithmetic on codes), then transposed convolutions back up.
* :func:`conv_unet`: the same convolutions down and up, without the dense
  code, and with U-Net skip connections: the decoder at each resolution also
  sees the encoder's features at that resolution (and the input image itself),
  concatenated. Details need not squeeze through the bottleneck.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from helpers._validate import image_shape as image_shape_of, whole_number
from helpers.models import Autoencoder

if TYPE_CHECKING:  # pragma: no cover
    import keras

MAX_WEIGHTS = 50_000_000  # a model this size would not train in a lesson's seconds on a CPU

__all__ = ["conv_autoencoder", "conv_unet"]


def _check(image_shape: object, filters: object) -> tuple[tuple[int, int], list[int]]:
    height, width = image_shape_of(image_shape)
    if isinstance(filters, np.ndarray):
        filters = filters.tolist()
    if isinstance(filters, (str, bytes)) or not isinstance(filters, Sequence):
        raise TypeError(f"filters must be a list of channel counts such as (16, 32), got {filters!r}.")
    widths = [whole_number(f, f"filters[{i}]") for i, f in enumerate(filters)]
    if not widths:
        raise ValueError("filters is empty: give at least one convolution, such as (16, 32).")
    step = 2 ** len(widths)
    if height % step or width % step:
        raise ValueError(
            f"each of the {len(widths)} stride-2 convolutions halves the image, so its sides must be "
            f"divisible by 2**{len(widths)} = {step}; {height}x{width} is not. Crop the images, or use "
            "fewer filters."
        )
    return (height, width), widths


def _conv(keras: object, filters: int, name: str, *, strides: int = 1, transpose: bool = False,
          activation: str | None = "relu") -> keras.layers.Layer:
    layer = keras.layers.Conv2DTranspose if transpose else keras.layers.Conv2D
    return layer(filters, 3, strides=strides, padding="same", activation=activation, name=name)


def _up_widths(widths: list[int]) -> list[int]:
    """Channels of the decoder's transposed convolutions: each level gets the channels the
    encoder has at the resolution it produces (the full-size level: as many as the first)."""
    return list(reversed(widths[:-1])) + [widths[0]]


def _output(keras: object, x: keras.KerasTensor, pixels: int) -> keras.KerasTensor:
    """One channel of logits -> flattened row -> sigmoid (pixels in [0, 1])."""
    x = _conv(keras, 1, "output_conv", activation=None)(x)
    x = keras.layers.Reshape((pixels,), name="flatten_output")(x)
    return keras.layers.Activation("sigmoid", name="reconstruction")(x)


def conv_autoencoder(
    image_shape: tuple[int, int] = (24, 24),
    filters: Sequence[int] = (16, 32),
    latent_dim: int = 32,
    *,
    name: str = "conv_autoencoder",
) -> Autoencoder:
    """A convolutional autoencoder with a dense code: ``(n, h*w) -> (n, latent_dim) -> (n, h*w)``.

    Encoder: ``image`` (fold the row into ``(h, w, 1)``), then one 3x3
    stride-2 convolution per entry of ``filters`` (``encoder_conv_1, ...``;
    24x24 -> 12x12 -> 6x6 with the defaults), ``flatten``, and a linear
    dense layer ``code``. Decoder: ``decoder_dense`` back to the small grid
    (``decoder_grid``), one 3x3 stride-2 transposed convolution per entry of
    ``filters`` (``decoder_deconv_1, ...``; 6x6 -> 12x12 -> 24x24), each with
    the channels the encoder has at the size it produces (the full size: as
    many as the first; 16 and 16 with the defaults), then ``output_conv``
    (one channel), ``flatten_output`` and a sigmoid ``reconstruction``:
    pixels in [0, 1].

    Args:
        image_shape: ``(height, width)``; both divisible by ``2 ** len(filters)``.
        filters: channels of the encoder's convolutions, from the input down.
        latent_dim: numbers per image in the code (at least 1).
        name: the autoencoder model's name.

    Returns:
        :class:`helpers.models.Autoencoder` ``(autoencoder, encoder, decoder)``
        sharing their layers: inputs and outputs are rows of ``h * w`` pixels,
        codes are rows of ``latent_dim`` numbers.

    Raises:
        TypeError: a size or width that is not a whole number, ``filters`` not a list.
        ValueError: a width below 1, no filters, or sides not divisible by
            ``2 ** len(filters)``.
    """
    import keras  # noqa: PLC0415

    (height, width), widths = _check(image_shape, filters)
    latent_dim = whole_number(latent_dim, "latent_dim")
    pixels = height * width
    step = 2 ** len(widths)
    grid = (height // step, width // step, widths[-1])
    dense_weights = 2 * grid[0] * grid[1] * grid[2] * latent_dim
    if dense_weights > MAX_WEIGHTS:
        raise ValueError(f"latent_dim={latent_dim:,} would give the code layers {dense_weights:,} weights, "
                         f"more than this course's limit of {MAX_WEIGHTS:,}: use a code of tens to hundreds of numbers.")

    inputs = keras.Input(shape=(pixels,), name="input")
    x = keras.layers.Reshape((height, width, 1), name="image")(inputs)
    for i, f in enumerate(widths):
        x = _conv(keras, f, f"encoder_conv_{i + 1}", strides=2)(x)  # halves each side
    x = keras.layers.Flatten(name="flatten")(x)
    code = keras.layers.Dense(latent_dim, name="code")(x)
    encoder = keras.Model(inputs, code, name="encoder")

    code_in = keras.Input(shape=(latent_dim,), name="code_input")
    y = keras.layers.Dense(int(np.prod(grid)), activation="relu", name="decoder_dense")(code_in)
    y = keras.layers.Reshape(grid, name="decoder_grid")(y)
    for i, f in enumerate(_up_widths(widths)):
        y = _conv(keras, f, f"decoder_deconv_{i + 1}", strides=2, transpose=True)(y)  # doubles each side
    decoder = keras.Model(code_in, _output(keras, y, pixels), name="decoder")

    autoencoder = keras.Model(inputs, decoder(encoder(inputs)), name=name)
    return Autoencoder(autoencoder, encoder, decoder)


def conv_unet(
    image_shape: tuple[int, int] = (24, 24),
    filters: Sequence[int] = (16, 32),
    *,
    skip_levels: Sequence[int] | None = None,
    name: str = "conv_unet",
) -> keras.Model:
    """A small U-Net: ``(n, h*w) -> (n, h*w)`` with skip connections at every resolution.

    Down: ``image`` (fold the row into ``(h, w, 1)``), then one 3x3 stride-2
    convolution per entry of ``filters`` (``encoder_conv_1, ...``). Up: one
    3x3 stride-2 transposed convolution per level (``decoder_deconv_1, ...``,
    channels as in :func:`conv_autoencoder`), each followed by ``skip_k``: a
    ``Concatenate`` with the encoder's output at the same resolution (for the
    last level, the input image itself), so fine details can go around the
    bottleneck. Then ``output_conv``, ``flatten_output`` and a sigmoid
    ``reconstruction``.

    Args and Raises: as :func:`conv_autoencoder`, without ``latent_dim``: the
    bottleneck is the smallest grid (6x6x32 with the defaults), not a code.
    ``skip_levels`` (default: all) names the skips to keep, by level: 0 is the
    full-size skip (the input image), 1 the first convolution's output, and so
    on; ``()`` keeps none (a convolutional autoencoder without a dense code),
    ``(0,)`` only the full-size one. A ``ValueError`` names a level that does
    not exist.

    Returns:
        One ``keras.Model`` (there is no separate encoder and decoder: the
        skips tie every level of the decoder to the encoder).
    """
    import keras  # noqa: PLC0415

    (height, width), widths = _check(image_shape, filters)
    pixels = height * width
    levels = set(range(len(widths)))
    if skip_levels is None:
        keep = levels
    else:
        if isinstance(skip_levels, (str, bytes)) or not hasattr(skip_levels, "__iter__"):
            raise TypeError(f"skip_levels must be a list of levels such as (0,), got {skip_levels!r}.")
        keep = {whole_number(level, "a skip level", minimum=0) for level in skip_levels}
        if keep - levels:
            raise ValueError(f"skip_levels {sorted(keep - levels)} do not exist: a U-Net with "
                             f"{len(widths)} levels has skips 0 to {len(widths) - 1}.")

    inputs = keras.Input(shape=(pixels,), name="input")
    image = keras.layers.Reshape((height, width, 1), name="image")(inputs)
    skips, x = [image], image
    for i, f in enumerate(widths):
        x = _conv(keras, f, f"encoder_conv_{i + 1}", strides=2)(x)
        skips.append(x)
    skips.pop()  # the deepest level is the bottleneck itself
    for i, f in enumerate(_up_widths(widths)):
        x = _conv(keras, f, f"decoder_deconv_{i + 1}", strides=2, transpose=True)(x)
        level = len(skips) - 1
        partner = skips.pop()
        if level in keep:
            x = keras.layers.Concatenate(name=f"skip_{level}")([x, partner])
    return keras.Model(inputs, _output(keras, x, pixels), name=name)
