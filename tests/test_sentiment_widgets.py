"""Unit tests for the notebook 04 and 06 explorers (helpers.widgets), headless, and for
helpers.plots.plot_contributions.

The denoise explorer runs with fake denoisers; the sentiment explorer with the classifier
trained once for the session in tests/test_text.py (reused, not retrained).
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import math  # noqa: E402
import struct  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers.plots import plot_contributions  # noqa: E402
from helpers.widgets import DenoiseExplorer, SentimentExplorer, denoise_explorer, sentiment_explorer, _tile_rows  # noqa: E402

SHAPE = (8, 8)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def classifier():
    from test_text import trained_classifier  # noqa: PLC0415  (the session's one classifier)

    return trained_classifier()


@pytest.fixture(scope="module")
def clean():
    """Four 8x8 images in [0.2, 0.8] (so that noise is rarely clipped), as flattened rows."""
    return (0.2 + 0.6 * np.random.default_rng(0).random((4, 64))).astype("float32")


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk."""
    assert data.startswith(PNG_MAGIC)
    return struct.unpack(">II", data[16:24])


def psnr_by_hand(clean, other):
    errors = np.mean((np.asarray(clean, "float64") - np.asarray(other, "float64")) ** 2, axis=1)
    with np.errstate(divide="ignore"):
        return float(np.mean(10 * np.log10(1.0 / errors)))


class Recorder:
    """A fake denoiser: returns ``fn(noisy)`` and remembers what it was given."""

    def __init__(self, fn=lambda x: x):
        self.fn, self.calls = fn, []

    def __call__(self, noisy):
        self.calls.append(np.array(noisy, copy=True))
        return self.fn(noisy)


# --------------------------------------------------------------------------- _tile_rows


def test_tile_rows_canvas_and_gaps():
    h, w = 2, 3
    rows = [[np.full(h * w, 0.1), np.full(h * w, 0.2)], [np.full((h, w), 0.3), np.full(h * w, 0.4)]]
    canvas = _tile_rows(rows, (h, w))
    assert canvas.shape == (2 * h + 1, 2 * w + 1)
    assert canvas.dtype == np.float32
    np.testing.assert_allclose(canvas[0:2, 0:3], 0.1)
    np.testing.assert_allclose(canvas[0:2, 4:7], 0.2)
    np.testing.assert_allclose(canvas[3:5, 0:3], 0.3)
    np.testing.assert_allclose(canvas[3:5, 4:7], 0.4)
    assert np.all(canvas[2, :] == 0)  # the gap row
    assert np.all(canvas[:, 3] == 0)  # the gap column


def test_tile_rows_keeps_pixel_order():
    image = np.arange(6) / 10
    canvas = _tile_rows([[image]], (2, 3), gap=0)
    np.testing.assert_allclose(canvas, [[0.0, 0.1, 0.2], [0.3, 0.4, 0.5]])


@pytest.mark.parametrize(("gap", "expected"), [(0, (3 * 8, 5 * 8)), (1, (3 * 9 - 1, 5 * 9 - 1)),
                                               (3, (3 * 11 - 3, 5 * 11 - 3))])
def test_tile_rows_shape_with_gap(gap, expected):
    rows = [np.ones((5, 64))] * 3
    canvas = _tile_rows(rows, SHAPE, gap=gap)
    assert canvas.shape == expected
    assert canvas.sum() == 3 * 5 * 64  # every image pixel placed once, gaps stay 0


# --------------------------------------------------------------------------- denoise explorer


def test_denoise_explorer_identity(clean):
    denoise = Recorder()
    explorer = denoise_explorer(denoise, clean, SHAPE)
    assert isinstance(explorer, DenoiseExplorer)
    assert explorer.noisy.shape == clean.shape
    assert explorer.output.shape == clean.shape
    assert len(denoise.calls) == 1
    np.testing.assert_array_equal(denoise.calls[0], explorer.noisy)
    assert explorer.psnr_out == pytest.approx(explorer.psnr_in)
    assert explorer.psnr_in == pytest.approx(psnr_by_hand(clean, explorer.noisy), abs=1e-4)
    assert 0 < explorer.psnr_in < 30


def test_denoise_explorer_defaults(clean):
    explorer = denoise_explorer(Recorder(), clean, SHAPE)
    assert explorer.kind.value == "gaussian"
    assert explorer.level.value == pytest.approx(0.3)
    assert list(explorer.kind.options) == ["gaussian", "salt_and_pepper", "mask"]
    # gaussian sigma 0.3 on values in [0.2, 0.8]: the noise is what separates noisy from clean
    assert 0.15 < np.std(explorer.noisy - clean) < 0.3


def test_denoise_explorer_perfect_denoiser(clean):
    explorer = denoise_explorer(Recorder(lambda x: clean), clean, SHAPE)
    assert explorer.psnr_out == math.inf
    assert explorer.psnr_in < 30
    np.testing.assert_array_equal(explorer.output, clean)


def test_denoise_explorer_clips_the_output(clean):
    explorer = denoise_explorer(Recorder(lambda x: x * 3 - 1), clean, SHAPE)
    assert explorer.output.min() >= 0.0
    assert explorer.output.max() <= 1.0
    assert explorer.output.min() == 0.0 and explorer.output.max() == 1.0


def test_denoise_explorer_level_updates_psnr(clean):
    denoise = Recorder()
    explorer = denoise_explorer(denoise, clean, SHAPE, level=0.1)
    low = explorer.psnr_in
    explorer.level.value = 0.5
    assert len(denoise.calls) == 2
    high = explorer.psnr_in
    assert high < low - 3  # more noise, lower PSNR
    assert high == pytest.approx(psnr_by_hand(clean, explorer.noisy), abs=1e-4)
    explorer.level.value = 0.1
    assert explorer.psnr_in == pytest.approx(low)  # fixed seed: the same setting, the same picture


def test_denoise_explorer_kind_updates_the_noise(clean):
    explorer = denoise_explorer(Recorder(), clean, SHAPE, level=0.3)
    gaussian_psnr = explorer.psnr_in
    explorer.kind.value = "mask"
    dropped = explorer.noisy == 0
    assert 0.15 < dropped.mean() < 0.45  # about 30% of pixels
    np.testing.assert_array_equal(explorer.noisy[~dropped], clean[~dropped])
    assert explorer.psnr_in != pytest.approx(gaussian_psnr)
    assert explorer.psnr_in == pytest.approx(psnr_by_hand(clean, explorer.noisy), abs=1e-4)
    explorer.kind.value = "salt_and_pepper"
    hit = explorer.noisy != clean
    assert np.all(np.isin(explorer.noisy[hit], [0.0, 1.0]))
    assert 0.15 < hit.mean() < 0.45


def test_denoise_explorer_level_0_is_clean(clean):
    explorer = denoise_explorer(Recorder(), clean, SHAPE, kind="mask", level=0.0)
    np.testing.assert_array_equal(explorer.noisy, clean)
    assert explorer.psnr_in == math.inf
    assert "inf dB" in explorer.summary.value


def test_denoise_explorer_image_is_a_png_of_the_three_rows(clean):
    explorer = denoise_explorer(Recorder(), clean, SHAPE, scale=5)
    data = bytes(explorer.image.value)
    assert data.startswith(b"\x89PNG")
    n = len(clean)
    assert png_size(data) == ((n * 9 - 1) * 5, (3 * 9 - 1) * 5)  # 3 rows (noisy, output, clean), 1-pixel gaps
    before = data
    explorer.level.value = 0.7
    assert bytes(explorer.image.value) != before


def test_denoise_explorer_summary_shows_both_psnrs(clean):
    explorer = DenoiseExplorer(Recorder(lambda x: (x + clean) / 2), clean, SHAPE)
    assert f"{explorer.psnr_in:.1f} dB" in explorer.summary.value
    assert f"{explorer.psnr_out:.1f} dB" in explorer.summary.value
    assert explorer.psnr_out > explorer.psnr_in  # halfway back to clean: better


# --------------------------------------------------------------------------- sentiment explorer


def test_sentiment_explorer_default_sentence(classifier):
    explorer = sentiment_explorer(classifier)
    assert isinstance(explorer, SentimentExplorer)
    assert 0.0 <= explorer.probability <= 1.0
    assert explorer.probability == pytest.approx(float(classifier.predict(explorer.text.value)[0]), abs=1e-6)
    assert "P(positive)" in explorer.view.value


def test_sentiment_explorer_follows_the_text_box(classifier):
    explorer = sentiment_explorer(classifier, "The staff were lovely.")
    first = explorer.probability
    explorer.text.value = "The room was dirty and the staff were rude."
    assert explorer.probability == pytest.approx(
        float(classifier.predict("The room was dirty and the staff were rude.")[0]), abs=1e-6)
    assert explorer.probability != pytest.approx(first)


def test_sentiment_explorer_contributions_one_per_word(classifier):
    sentence = "the service was terrible and rude"
    assert set(sentence.split()) <= set(classifier.vocabulary)
    explorer = sentiment_explorer(classifier, sentence)
    assert [w for w, _ in explorer.contributions] == sentence.split()
    assert explorer.view.value.count("<span") == len(sentence.split())
    for word, value in explorer.contributions:
        assert f'title="{value:+.3f}">{word}</span>' in explorer.view.value


@pytest.mark.parametrize("empty", ["!!!", "", "  "])
def test_sentiment_explorer_no_words(classifier, empty):
    explorer = sentiment_explorer(classifier, "A fine film.")
    assert explorer.probability is not None
    explorer.text.value = empty
    assert explorer.probability is None
    assert explorer.contributions == []
    assert "no words" in explorer.view.value
    explorer.text.value = "A fine film."
    assert explorer.probability is not None


def test_sentiment_explorer_escapes_the_message(classifier):
    explorer = sentiment_explorer(classifier, "<>")
    assert explorer.probability is None
    assert "&lt;&gt;" in explorer.view.value
    assert "<>" not in explorer.view.value


def test_sentiment_explorer_apostrophe_only_shows_a_message(classifier):
    explorer = sentiment_explorer(classifier, "A fine film.")
    explorer.text.value = "'"
    assert explorer.probability is None
    assert explorer.contributions == []


# --------------------------------------------------------------------------- plot_contributions


def test_plot_contributions_one_bar_per_word():
    contributions = [("not", -0.4), ("bad", 1.5), ("at", 0.1), ("all", 0.3)]
    fig = plot_contributions(contributions, title="why")
    ax = fig.axes[0]
    bars = ax.patches
    assert len(bars) == 4
    # sentence order from top to bottom: the first word has the highest y
    by_height = sorted(bars, key=lambda b: -b.get_y())
    assert [b.get_width() for b in by_height] == pytest.approx([-0.4, 1.5, 0.1, 0.3])
    labels = {round(t): lab.get_text() for t, lab in zip(ax.get_yticks(), ax.get_yticklabels())}
    assert [labels[k] for k in sorted(labels, reverse=True)] == ["not", "bad", "at", "all"]
    assert ax.get_title() == "why"


def test_plot_contributions_colours_by_sign():
    fig = plot_contributions([("good", 0.5), ("awful", -0.5)])
    top, bottom = sorted(fig.axes[0].patches, key=lambda b: -b.get_y())
    assert matplotlib.colors.to_hex(top.get_facecolor()) == matplotlib.colors.to_hex("tab:green")
    assert matplotlib.colors.to_hex(bottom.get_facecolor()) == matplotlib.colors.to_hex("tab:red")


def test_plot_contributions_on_given_axes():
    fig, ax = plt.subplots()
    assert plot_contributions([("fine", 0.2)], ax=ax) is fig
    assert len(ax.patches) == 1


def test_plot_contributions_of_the_classifier(classifier):
    sentence = "the service was terrible and rude"
    fig = plot_contributions(classifier.contributions(sentence))
    assert len(fig.axes[0].patches) == len(sentence.split())


@pytest.mark.parametrize("empty", [[], ()])
def test_plot_contributions_empty(empty):
    with pytest.raises(ValueError, match="no contributions"):
        plot_contributions(empty)
