"""Unit tests for the autoencoder figures in helpers.plots (headless, Agg backend)."""

from __future__ import annotations

from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers.plots import (  # noqa: E402
    plot_history,
    plot_images,
    plot_latent_grid,
    plot_latent_scatter,
    plot_reconstructions,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def images(n, size=64, seed=0):
    return np.random.default_rng(seed).random((n, size)).astype("float32")


# --------------------------------------------------------------------------- plot_history


def test_history_from_a_dict():
    fig = plot_history({"loss": [0.5, 0.3, 0.2], "val_loss": [0.6, 0.4, 0.35]})
    ax = fig.axes[0]
    lines = ax.get_lines()
    assert len(lines) == 2
    np.testing.assert_array_equal(lines[0].get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(lines[0].get_ydata(), [0.5, 0.3, 0.2])
    np.testing.assert_array_equal(lines[1].get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(lines[1].get_ydata(), [0.6, 0.4, 0.35])
    assert ax.get_yscale() == "log"
    assert "epoch" in ax.get_xlabel()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["training", "validation (held out)"]
    plt.close(fig)


def test_history_object_counts_passes_when_asked():
    history = SimpleNamespace(history={"loss": [0.5, 0.4, 0.3, 0.2], "val_loss": [0.6, 0.5, 0.4, 0.3]},
                              passes_per_epoch=5)  # an attribute the course no longer reads
    fig = plot_history(history, passes_per_epoch=5)
    assert "passes" in fig.axes[0].get_xlabel()
    lines = fig.axes[0].get_lines()
    assert len(lines) == 2
    np.testing.assert_array_equal(lines[0].get_xdata(), [5, 10, 15, 20])
    np.testing.assert_array_equal(lines[1].get_xdata(), [5, 10, 15, 20])
    plt.close(fig)


def test_history_object_without_passes_per_epoch_counts_epochs():
    fig = plot_history(SimpleNamespace(history={"loss": [0.5, 0.4]}))
    np.testing.assert_array_equal(fig.axes[0].get_lines()[0].get_xdata(), [1, 2])
    plt.close(fig)


def test_history_training_only_draws_one_line():
    fig = plot_history({"loss": [0.5, 0.4]})
    assert len(fig.axes[0].get_lines()) == 1
    plt.close(fig)


def test_history_spaced_validation():
    # fit(epochs=10, validation_freq=2): validation after epochs 2, 4, ..., 10
    logs = {"loss": list(np.linspace(1, 0.1, 10)), "val_loss": [0.9, 0.7, 0.5, 0.3, 0.2]}
    history = SimpleNamespace(history=logs)
    fig = plot_history(history, passes_per_epoch=5)
    lines = fig.axes[0].get_lines()
    assert len(lines) == 2
    np.testing.assert_array_equal(lines[0].get_xdata(), [5 * i for i in range(1, 11)])
    np.testing.assert_array_equal(lines[1].get_xdata(), [10, 20, 30, 40, 50])
    np.testing.assert_array_equal(lines[1].get_ydata(), [0.9, 0.7, 0.5, 0.3, 0.2])
    plt.close(fig)


def test_history_linear_scale_and_title():
    fig = plot_history({"loss": [0.5, 0.4]}, log=False, title="digits")
    ax = fig.axes[0]
    assert ax.get_yscale() == "linear"
    assert ax.get_title() == "digits"
    plt.close(fig)


def test_history_draws_on_a_given_axes():
    fig, (left, right) = plt.subplots(1, 2)
    assert plot_history({"loss": [0.5, 0.4]}, ax=right) is fig
    assert len(right.get_lines()) == 1
    assert len(left.get_lines()) == 0
    plt.close(fig)


@pytest.mark.parametrize("bad", [[0.5, 0.4], None, {"val_loss": [0.5]}, "loss",
                                 SimpleNamespace(history=[1, 2])])
def test_history_bad_input_is_a_type_error(bad):
    with pytest.raises(TypeError, match="History"):
        plot_history(bad)


# ------------------------------------------------------------------- plot_images / plot_reconstructions


def test_images_grid_has_rows_times_n_axes():
    a, b, c = images(12), images(12, seed=1), images(12, seed=2)
    fig = plot_images([a, b, c], (8, 8), n=5, labels=["a", "b", "c"], titles=["t0", "t1"])
    assert len(fig.axes) == 3 * 5
    # row-major: axes 0..4 are row a, 5..9 row b
    np.testing.assert_allclose(fig.axes[0].images[0].get_array(), a[0].reshape(8, 8))
    np.testing.assert_allclose(fig.axes[4].images[0].get_array(), a[4].reshape(8, 8))
    np.testing.assert_allclose(fig.axes[5].images[0].get_array(), b[0].reshape(8, 8))
    np.testing.assert_allclose(fig.axes[14].images[0].get_array(), c[4].reshape(8, 8))
    assert fig.axes[5].get_ylabel() == "b"
    assert fig.axes[1].get_title() == "t1"
    plt.close(fig)


def test_images_fewer_than_n():
    fig = plot_images([images(3), images(7)], (8, 8), n=10)
    assert len(fig.axes) == 2 * 3
    plt.close(fig)


def test_images_rectangular_shape():
    x = images(4, size=6 * 10)
    fig = plot_images([x], (6, 10), n=4)
    assert fig.axes[2].images[0].get_array().shape == (6, 10)
    plt.close(fig)


def test_images_fixed_grey_scale():
    # dark = 1, light = 0, the same for every image (no per-image rescaling)
    fig = plot_images([np.full((2, 64), 0.5)], (8, 8), n=2)
    assert fig.axes[0].images[0].get_clim() == (0, 1)
    plt.close(fig)


@pytest.mark.parametrize("bad", [np.zeros((5, 63)), np.zeros((5, 8, 8)), np.zeros(64)])
def test_images_wrong_size_names_the_expected_shape(bad):
    with pytest.raises(ValueError, match=r"\(n, 64\)") as info:
        plot_images([images(5), bad], (8, 8))
    assert "row 1" in str(info.value)
    assert "8x8" in str(info.value)


def test_reconstructions_two_rows():
    originals, recon = images(20), images(20, seed=1)
    fig = plot_reconstructions(originals, recon, (8, 8), n=6)
    assert len(fig.axes) == 2 * 6
    np.testing.assert_allclose(fig.axes[6].images[0].get_array(), recon[0].reshape(8, 8))
    assert fig.axes[0].get_ylabel() == "original"
    assert fig.axes[6].get_ylabel() == "reconstruction"
    plt.close(fig)


def test_reconstructions_wrong_size():
    with pytest.raises(ValueError, match=r"\(n, 784\)"):
        plot_reconstructions(images(5, 784), images(5, 64), (28, 28))


# --------------------------------------------------------------------------- plot_latent_scatter


def test_latent_scatter_one_collection_per_class():
    rng = np.random.default_rng(0)
    labels = np.repeat([0, 1, 2], [10, 20, 5])
    codes = rng.normal(size=(35, 2)) + labels[:, None] * 5
    fig = plot_latent_scatter(codes, labels, title="codes")
    ax = fig.axes[0]
    assert len(ax.collections) == 3
    for collection, label in zip(ax.collections, [0, 1, 2]):
        np.testing.assert_allclose(collection.get_offsets(), codes[labels == label])
    assert ax.get_title() == "codes"
    assert ax.get_xlabel() == "code 1"
    plt.close(fig)


def test_latent_scatter_uses_class_names():
    codes = np.arange(12, dtype=float).reshape(6, 2)
    labels = [1, 1, 3, 3, 3, 1]
    names = ("zero", "one", "two", "three")
    fig = plot_latent_scatter(codes, labels, class_names=names)
    ax = fig.axes[0]
    assert [c.get_label() for c in ax.collections] == ["one", "three"]
    assert {t.get_text() for t in ax.texts} == {"one", "three"}
    plt.close(fig)


def test_latent_scatter_on_a_given_axes():
    fig, ax = plt.subplots()
    assert plot_latent_scatter(np.zeros((4, 2)), [0, 1, 0, 1], ax=ax) is fig
    assert len(ax.collections) == 2
    plt.close(fig)


@pytest.mark.parametrize("codes", [np.zeros((10, 3)), np.zeros((10, 1)), np.zeros(10), np.zeros((2, 5, 2))])
def test_latent_scatter_codes_not_2d(codes):
    with pytest.raises(ValueError, match=r"\(n, 2\)"):
        plot_latent_scatter(codes, np.zeros(len(codes)))


@pytest.mark.parametrize("labels", [np.zeros(9), np.zeros(11), np.zeros((10, 1))])
def test_latent_scatter_labels_wrong_length(labels):
    with pytest.raises(ValueError, match=r"labels must have shape \(10,\)"):
        plot_latent_scatter(np.zeros((10, 2)), labels)


# --------------------------------------------------------------------------- plot_latent_grid


def by_code_1(z):
    z = np.asarray(z)
    assert z.dtype == np.float32
    assert z.ndim == 2
    assert z.shape[1] == 2
    return np.clip(np.tile(z[:, :1], (1, 64)), 0, 1)


def by_code_2(z):
    return np.clip(np.tile(np.asarray(z)[:, 1:], (1, 64)), 0, 1)


def canvas_of(fig):
    return np.asarray(fig.axes[0].images[0].get_array())


def tiles_of(canvas, n, h, w):
    """Cut the canvas into its n x n tiles of h x w pixels. Tiles may be separated
    by one blank line (right and below each tile); the separators must be blank."""
    rows, cols = canvas.shape
    assert rows % n == 0 and cols % n == 0, canvas.shape
    pitch_h, pitch_w = rows // n, cols // n
    assert pitch_h in (h, h + 1) and pitch_w in (w, w + 1), (canvas.shape, n, h, w)
    assert (pitch_h - h) == (pitch_w - w), "a separator on one axis only"
    blocks = canvas.reshape(n, pitch_h, n, pitch_w).transpose(0, 2, 1, 3)
    if pitch_h > h:
        np.testing.assert_array_equal(blocks[:, :, h, :], 0)
        np.testing.assert_array_equal(blocks[:, :, :, w], 0)
    return blocks[:, :, :h, :w]


def test_latent_grid_canvas_shape():
    # brief: (n * 8, n * 8); plots.py now adds a blank line after every tile, (n * 9, n * 9)
    fig = plot_latent_grid(by_code_1, (8, 8), ((0, 1), (0, 1)), n=5)
    assert canvas_of(fig).shape in {(5 * 8, 5 * 8), (5 * 9, 5 * 9)}
    assert tiles_of(canvas_of(fig), 5, 8, 8).shape == (5, 5, 8, 8)
    plt.close(fig)


def test_latent_grid_code_1_runs_left_to_right():
    fig = plot_latent_grid(by_code_1, (8, 8), ((0, 1), (0, 1)), n=4)
    tiles = tiles_of(canvas_of(fig), 4, 8, 8)
    for row in range(4):
        for col in range(4):
            np.testing.assert_allclose(tiles[row, col], col / 3, atol=1e-6)
    plt.close(fig)


def test_latent_grid_code_2_runs_bottom_to_top():
    fig = plot_latent_grid(by_code_2, (8, 8), ((0, 1), (0, 1)), n=4)
    tiles = tiles_of(canvas_of(fig), 4, 8, 8)
    for row in range(4):
        for col in range(4):
            np.testing.assert_allclose(tiles[row, col], 1 - row / 3, atol=1e-6)
    plt.close(fig)


def test_latent_grid_decodes_every_code_once():
    seen = []

    def decode(z):
        seen.append(np.array(z))
        return by_code_1(z)

    fig = plot_latent_grid(decode, (8, 8), ((-3, 3), (10, 20)), n=3)
    assert len(seen) == 1
    codes = seen[0]
    assert codes.shape == (9, 2)
    assert {tuple(c) for c in codes.tolist()} == {(x, y) for x in (-3, 0, 3) for y in (10, 15, 20)}
    plt.close(fig)


def test_latent_grid_tiles_are_square_on_screen():
    # images twice as wide as tall, limits four times taller than wide: the axes
    # must show the canvas undistorted, whatever the limits
    def decode(z):
        return np.full((len(z), 4 * 8), 0.5, dtype="float32")

    fig = plot_latent_grid(decode, (4, 8), ((0, 1), (-2, 2)), n=4)
    ax = fig.axes[0]
    fig.canvas.draw()
    box = ax.get_window_extent()
    rows, cols = canvas_of(fig).shape
    assert box.width / box.height == pytest.approx(cols / rows, rel=0.02)
    plt.close(fig)


def test_latent_grid_tiles_sit_at_their_codes():
    n, h, w = 5, 8, 8
    for decode, axis in ((by_code_1, "x"), (by_code_2, "y")):
        fig = plot_latent_grid(decode, (h, w), ((0, 1), (0, 1)), n=n)
        left, right, bottom, top = fig.axes[0].images[0].get_extent()
        canvas = canvas_of(fig)
        pitch = canvas.shape[0] // n
        tiles = tiles_of(canvas, n, h, w)
        pixel = (right - left) / canvas.shape[1] if axis == "x" else (top - bottom) / canvas.shape[0]
        for k in range(n):
            if axis == "x":  # column k shows code 1 = its brightness; where do the axes put it?
                code, shown = tiles[0, k, 0, 0], left + (k * pitch + w / 2) * pixel
            else:  # row k, counted from the top, shows code 2 = its brightness
                code, shown = tiles[k, 0, 0, 0], top - (k * pitch + h / 2) * pixel
            assert abs(shown - code) <= pixel, (axis, k, shown, code)
        plt.close(fig)


def test_latent_grid_rectangular_images():
    def decode(z):
        return np.tile(np.arange(12, dtype="float32") / 12, (len(z), 1))

    fig = plot_latent_grid(decode, (3, 4), ((-2, 2), (-1, 1)), n=3)
    tiles = tiles_of(canvas_of(fig), 3, 3, 4)
    # each tile is the 3x4 image, unscrambled
    for row in range(3):
        for col in range(3):
            np.testing.assert_allclose(tiles[row, col], np.arange(12).reshape(3, 4) / 12)
    plt.close(fig)


def test_latent_grid_on_a_given_axes():
    fig, ax = plt.subplots()
    assert plot_latent_grid(by_code_1, (8, 8), ((0, 1), (0, 1)), n=2, ax=ax, title="map") is fig
    assert ax.get_title() == "map"
    plt.close(fig)


@pytest.mark.parametrize("limits", [((1, 0), (0, 1)), ((0, 1), (1, 1)), ((0, 0), (0, 1)),
                                    ((0, float("nan")), (0, 1))])
def test_latent_grid_bad_limits(limits):
    with pytest.raises(ValueError, match="limits"):
        plot_latent_grid(by_code_1, (8, 8), limits)
