"""Unit tests for helpers.widgets' latent explorer, headless, with a fake decoder."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import struct  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers.widgets import LatentExplorer, latent_explorer  # noqa: E402

LIMITS = ((-2.0, 2.0), (0.0, 1.0))
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class FakeDecoder:
    """An 8x8 'image' whose brightness is code 1 mapped from [-2, 2] to [0, 1];
    pixel 0 carries code 2 so both sliders show. Records every call."""

    def __init__(self):
        self.calls = []

    def __call__(self, z):
        z = np.asarray(z)
        self.calls.append(z.copy())
        out = np.full((len(z), 64), 0.0, dtype="float32")
        out[:, :] = ((z[:, :1] + 2) / 4).clip(0, 1)
        out[:, 0] = z[:, 1]
        return out


def png_bytes(explorer: LatentExplorer) -> bytes:
    # ipywidgets 8 stores Image.value as a memoryview
    return bytes(explorer.image.value)


def png_size(data: bytes) -> tuple[int, int]:
    data = bytes(data)
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    return width, height


@pytest.fixture
def decoder():
    return FakeDecoder()


@pytest.fixture
def explorer(decoder):
    return latent_explorer(decoder, (8, 8), LIMITS)


def test_builds_an_explorer_and_decodes_at_once(explorer, decoder):
    assert isinstance(explorer, LatentExplorer)
    assert len(decoder.calls) == 1
    assert explorer.current.shape == (64,)
    # starts in the middle of the limits: code (0, 0.5) -> brightness 0.5
    np.testing.assert_allclose(explorer.current[1:], 0.5)
    assert explorer.current[0] == pytest.approx(0.5)
    assert png_bytes(explorer).startswith(PNG_MAGIC)


def test_sliders_span_the_limits(explorer):
    assert (explorer.z1.min, explorer.z1.max) == (-2.0, 2.0)
    assert (explorer.z2.min, explorer.z2.max) == (0.0, 1.0)
    assert explorer.z1.value == pytest.approx(0.0)
    assert explorer.z2.value == pytest.approx(0.5)


def test_decoder_gets_one_float32_code(explorer, decoder):
    z = decoder.calls[-1]
    assert z.shape == (1, 2)
    assert z.dtype == np.float32
    np.testing.assert_allclose(z, [[0.0, 0.5]])
    np.testing.assert_allclose(explorer.code, [[0.0, 0.5]])


def test_moving_code_1_updates_image(explorer, decoder):
    before_current, before_png = explorer.current.copy(), png_bytes(explorer)
    explorer.z1.value = 1.0
    np.testing.assert_allclose(decoder.calls[-1], [[1.0, 0.5]])
    np.testing.assert_allclose(explorer.current[1:], 0.75)
    assert not np.array_equal(explorer.current, before_current)
    assert png_bytes(explorer) != before_png
    assert png_bytes(explorer).startswith(PNG_MAGIC)


def test_moving_code_2_updates_image(explorer, decoder):
    before_png = png_bytes(explorer)
    explorer.z2.value = 0.9
    np.testing.assert_allclose(decoder.calls[-1], [[0.0, 0.9]], atol=1e-6)
    assert explorer.current[0] == pytest.approx(0.9)
    assert png_bytes(explorer) != before_png


def test_same_code_same_image(explorer):
    first = png_bytes(explorer)
    explorer.z1.value = 1.5
    explorer.z1.value = 0.0
    assert png_bytes(explorer) == first


def test_png_is_enlarged(decoder):
    explorer = LatentExplorer(decoder, (8, 8), LIMITS, scale=5)
    assert png_size(explorer.image.value) == (40, 40)
    assert png_size(latent_explorer(decoder, (8, 8), LIMITS).image.value) == (160, 160)


def test_rectangular_image(decoder):
    def decode(z):
        return np.zeros((1, 12), dtype="float32") + 0.3

    explorer = LatentExplorer(decode, (3, 4), LIMITS, scale=2)
    assert explorer.current.shape == (12,)
    assert png_size(explorer.image.value) == (8, 6)  # width 4*2, height 3*2


def test_limits_away_from_slider_defaults(decoder):
    # ipywidgets' FloatSlider defaults to [0, 100]: limits outside it must still hold
    explorer = latent_explorer(decoder, (8, 8), ((200.0, 300.0), (-300.0, -200.0)))
    assert (explorer.z1.min, explorer.z1.max, explorer.z1.value) == (200.0, 300.0, 250.0)
    assert (explorer.z2.min, explorer.z2.max, explorer.z2.value) == (-300.0, -200.0, -250.0)
    np.testing.assert_allclose(decoder.calls[-1], [[250.0, -250.0]])


def test_widget_holds_the_sliders_and_image(explorer):
    import ipywidgets  # noqa: PLC0415

    assert isinstance(explorer.widget, ipywidgets.HBox)
    sliders, image = explorer.widget.children
    assert list(sliders.children) == [explorer.z1, explorer.z2]
    assert image is explorer.image
    assert "application/vnd.jupyter.widget-view+json" in explorer._repr_mimebundle_()


@pytest.mark.parametrize("limits", [((2.0, -2.0), (0.0, 1.0)), ((0.0, 1.0), (1.0, 1.0)),
                                    ((0.0, 0.0), (0.0, 1.0)), ((0.0, float("nan")), (0.0, 1.0))])
def test_bad_limits(decoder, limits):
    with pytest.raises(ValueError, match="limits"):
        latent_explorer(decoder, (8, 8), limits)
    assert decoder.calls == []
