"""Unit tests for helpers.faces: the bundled faces, their split, and the glasses drawn on them."""

from __future__ import annotations

import dataclasses

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers.checks import CheckFailed, check_removal_psnr  # noqa: E402
from helpers.faces import (  # noqa: E402
    EYE_COLUMNS,
    EYE_ROW,
    FaceData,
    draw_glasses,
    frame_coverage,
    load_faces,
    plot_faces,
)
from helpers.metrics import psnr  # noqa: E402


@pytest.fixture(scope="module")
def data() -> FaceData:
    return load_faces()


def grey(n: int = 3, value: float = 0.5) -> np.ndarray:
    return np.full((n, 576), value, dtype="float32")


# --------------------------------------------------------------------------- load_faces


def test_shapes_types_and_range(data):
    assert data.x_train.shape == (160, 576) and data.x_test.shape == (20, 576)
    assert data.x_train.dtype == np.float32 and data.x_test.dtype == np.float32
    assert data.image_shape == (24, 24) and data.input_dim == 576
    for x in (data.x_train, data.x_test):
        assert x.min() >= 0 and x.max() <= 1
    assert len(data.train_ids) == 80 and len(data.test_ids) == 20
    assert data.mirrored.tolist() == [False] * 80 + [True] * 80
    assert "80 training faces" in repr(data) and "20 held-out" in repr(data)


def test_the_second_half_mirrors_the_first(data):
    originals = data.x_train[:80].reshape(-1, 24, 24)
    mirrors = data.x_train[80:].reshape(-1, 24, 24)
    np.testing.assert_array_equal(mirrors, originals[:, :, ::-1])


def test_train_and_test_faces_do_not_overlap(data):
    assert not set(data.train_ids.tolist()) & set(data.test_ids.tolist())
    assert sorted(data.train_ids.tolist() + data.test_ids.tolist()) == list(range(100))
    test = data.x_test.reshape(-1, 24, 24)
    train = data.x_train.reshape(-1, 24, 24)
    candidates = np.concatenate([train, train[:, :, ::-1]])  # training images and their flips
    distances = ((test[:, None] - candidates[None]) ** 2).mean(axis=(2, 3))
    assert distances.min() > 1e-3, "a test face equals a training image or its mirror image"


def test_the_split_is_repeatable_and_depends_on_the_seed(data):
    again = load_faces(seed=0)
    np.testing.assert_array_equal(again.x_test, data.x_test)
    np.testing.assert_array_equal(again.x_train, data.x_train)
    other = load_faces(seed=1)
    assert set(other.test_ids.tolist()) != set(data.test_ids.tolist())


def test_test_size_sets_the_split():
    small = load_faces(test_size=10)
    assert small.x_test.shape == (10, 576) and small.x_train.shape == (180, 576)


def test_faces_are_aligned_on_the_documented_eyes(data):
    mean = np.concatenate([data.x_train, data.x_test]).reshape(-1, 24, 24).mean(axis=0)
    # the midline is the image's centre: the average face is nearly its own mirror image
    assert np.mean((mean - mean[:, ::-1]) ** 2) < 1e-3
    row = mean[int(EYE_ROW)]
    left, right = 3 + np.argmin(row[3:12]), 12 + np.argmin(row[12:21])  # darkest within the face
    assert abs(left - EYE_COLUMNS[0]) <= 1 and abs(right - EYE_COLUMNS[1]) <= 1


def test_face_data_is_frozen(data):
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.x_train = data.x_test


@pytest.mark.parametrize("kwargs, error, words", [
    ({"seed": 1.5}, TypeError, "seed"),
    ({"seed": True}, TypeError, "seed"),
    ({"seed": -1}, ValueError, "seed"),
    ({"test_size": 0}, ValueError, "test_size"),
    ({"test_size": 95}, ValueError, "between 1 and 90"),
    ({"test_size": 0.2}, TypeError, "whole number"),
    ({"validation_size": -1}, ValueError, "validation_size"),
    ({"validation_size": 71}, ValueError, "at least 10 faces must train"),
    ({"validation_size": 2.5}, TypeError, "whole number"),
])
def test_load_faces_rejects_bad_arguments(kwargs, error, words):
    with pytest.raises(error, match=words):
        load_faces(**kwargs)


def test_validation_faces_come_from_the_training_faces_and_leave_the_test_alone(data):
    split = load_faces(validation_size=10)
    assert np.array_equal(split.test_ids, data.test_ids)  # the test faces do not move
    assert len(split.val_ids) == 10 and len(split.train_ids) == 70
    ids = [set(split.train_ids), set(split.val_ids), set(split.test_ids)]
    assert not ids[0] & ids[1] and not ids[1] & ids[2] and not ids[0] & ids[2]
    assert len(ids[0] | ids[1] | ids[2]) == 100
    assert split.x_val.shape == (10, 576) and split.x_val.dtype == np.float32
    assert split.x_train.shape == (140, 576)
    assert "10 validation faces" in repr(split)
    assert data.x_val.shape == (0, 576) and "validation" not in repr(data)


# --------------------------------------------------------------------------- frame_coverage


def test_coverage_shape_range_and_symmetry():
    cover = frame_coverage()
    assert cover.shape == (24, 24) and cover.dtype == np.float32
    assert cover.min() == 0 and cover.max() == 1
    np.testing.assert_allclose(cover, cover[:, ::-1], atol=1e-6)  # centred on the midline
    eye = (int(EYE_ROW), int(EYE_COLUMNS[0]))
    assert cover[eye] == 0, "the eye itself is inside the ring, not under it"
    assert cover[eye[0], eye[1] - 3] == 1 and cover[eye[0] - 3, eye[1]] == 1, "radius 3: on the ring"
    assert cover[eye[0], 11] == 1 and cover[eye[0], 12] == 1, "the bridge joins the rings"
    assert cover[20].max() == 0 and cover[0].max() == 0, "nothing near the chin or the top"


def test_anti_aliased_edges():
    cover = frame_coverage()
    assert np.any((cover > 0) & (cover < 1)), "edges should be partly covered"


def test_coverage_rejects_bad_parameters():
    with pytest.raises(ValueError, match="radius"):
        frame_coverage(radius=0)
    with pytest.raises(ValueError, match="image_shape"):
        frame_coverage((24,))


# --------------------------------------------------------------------------- draw_glasses


def test_draw_glasses_darkens_the_frame_and_leaves_the_rest():
    faces = grey()
    drawn, cover = draw_glasses(faces, return_coverage=True)
    expected = frame_coverage()
    np.testing.assert_allclose(cover[0], expected)
    drawn = drawn.reshape(-1, 24, 24)
    assert np.all(drawn[:, expected == 1] == 0), "darkness 1: fully covered pixels turn black"
    assert np.all(drawn[:, expected == 0] == 0.5), "pixels away from the frame keep their value"
    partly = (expected > 0) & (expected < 1)
    assert np.all((drawn[:, partly] > 0) & (drawn[:, partly] < 0.5))


def test_darkness_scales_the_effect():
    cover = frame_coverage()
    half = draw_glasses(grey(1), darkness=0.5).reshape(24, 24)
    np.testing.assert_allclose(half[cover == 1], 0.25)
    np.testing.assert_array_equal(draw_glasses(grey(1), darkness=0.0), grey(1))


def test_input_is_never_modified_and_shapes_are_kept(data):
    faces = data.x_test[:4].copy()
    before = faces.copy()
    rows = draw_glasses(faces, jitter=1.0, rng=0)
    np.testing.assert_array_equal(faces, before)
    assert rows.shape == (4, 576) and rows.dtype == np.float32
    assert draw_glasses(faces.reshape(4, 24, 24)).shape == (4, 24, 24)
    assert draw_glasses(faces[0].reshape(24, 24)).shape == (24, 24)
    assert draw_glasses(faces.astype("float64")).dtype == np.float32
    assert draw_glasses(np.full((2, 16 * 20), 0.5), image_shape=(16, 20), centre_row=5.0,
                        eye_offset=3.0, radius=2.0, thickness=1.0).shape == (2, 320)


def test_jitter_is_seeded_and_differs_per_face():
    faces = grey(4)
    a = draw_glasses(faces, jitter=1.0, rng=3)
    np.testing.assert_array_equal(a, draw_glasses(faces, jitter=1.0, rng=3))
    assert not np.array_equal(a, draw_glasses(faces, jitter=1.0, rng=4))
    assert not np.array_equal(a[0], a[1]), "each face gets its own shift"
    gen = np.random.default_rng(0)
    first, second = draw_glasses(faces, jitter=1.0, rng=gen), draw_glasses(faces, jitter=1.0, rng=gen)
    assert not np.array_equal(first, second), "one generator, two calls: new frames"
    fixed = draw_glasses(faces)
    assert all(np.array_equal(fixed[0], row) for row in fixed), "no jitter: the same frame everywhere"
    np.testing.assert_array_equal(draw_glasses(faces, rng=5), fixed)


def test_jitter_keeps_the_frame_near_the_eyes():
    _, cover = draw_glasses(grey(50), jitter=1.0, rng=0, return_coverage=True)
    far = frame_coverage(thickness=6.0) == 0  # pixels more than about 3 px from the frame
    assert cover[:, far].max() == 0


@pytest.mark.parametrize("faces, error, words", [
    (np.full((2, 576), 1.5), ValueError, r"\[0, 1\]"),
    (np.full((2, 576), -0.1), ValueError, r"\[0, 1\]"),
    (np.full((2, 576), np.nan), ValueError, "NaN"),
    (np.full((2, 575), 0.5), ValueError, "image_shape"),
    (np.full((24, 25), 0.5), ValueError, "shape"),
    (np.full((2, 24, 24, 1), 0.5), ValueError, "shape"),
    (np.zeros((0, 576)), ValueError, "empty"),
    (np.array([["a"] * 576]), TypeError, "numeric"),
])
def test_draw_glasses_rejects_bad_faces(faces, error, words):
    with pytest.raises(error, match=words):
        draw_glasses(faces)


@pytest.mark.parametrize("kwargs, error, words", [
    ({"darkness": 1.5}, ValueError, "darkness"),
    ({"darkness": -0.1}, ValueError, "darkness"),
    ({"radius": 0}, ValueError, "radius"),
    ({"radius": 20}, ValueError, "radius"),
    ({"thickness": 0}, ValueError, "thickness"),
    ({"thickness": 4.0}, ValueError, "thicker"),
    ({"jitter": -1}, ValueError, "jitter"),
    ({"jitter": 5}, ValueError, "jitter"),
    ({"centre_row": 30}, ValueError, "centre_row"),
    ({"eye_offset": 0}, ValueError, "eye_offset"),
    ({"darkness": "dark"}, TypeError, "darkness"),
    ({"radius": True}, TypeError, "radius"),
    ({"radius": float("nan")}, ValueError, "radius"),
    ({"rng": "seed"}, TypeError, "rng"),
    ({"rng": -1}, TypeError, "rng"),
    ({"image_shape": (24,)}, ValueError, "image_shape"),
    ({"return_coverage": "yes"}, TypeError, "return_coverage"),
])
def test_draw_glasses_rejects_bad_parameters(kwargs, error, words):
    with pytest.raises(error, match=words):
        draw_glasses(grey(1), **kwargs)


# --------------------------------------------------------------------------- plot_faces


def test_plot_faces_draws_photographs_not_negatives(data):
    fig = plot_faces([data.x_test[:4], data.x_test[4:8]], labels=["a", "b"], n=4)
    images = [image for ax in fig.axes for image in ax.images]
    assert len(fig.axes) == 2 and len(images) == 2  # one strip of faces per row
    assert all(image.get_cmap().name.startswith("gray") for image in images)
    strip = np.asarray(images[1].get_array().filled(np.nan))
    assert strip.shape[0] == 24 and strip.shape[1] > 4 * 24  # 4 faces and the gaps between them
    faces_in_strip = strip[:, ~np.isnan(strip).all(axis=0)].reshape(24, 4, 24).transpose(1, 0, 2)
    np.testing.assert_allclose(faces_in_strip.reshape(4, -1), data.x_test[4:8], atol=1e-6)
    assert [ax.get_ylabel() for ax in fig.axes] == ["a", "b"]
    plt.close(fig)


def test_plot_faces_titles_the_columns_and_shows_at_most_n(data):
    fig = plot_faces([data.x_test[:3]], titles=["x", "y", "z"], n=5)
    assert [t.get_text() for t in fig.axes[0].texts] == ["x", "y", "z"]
    assert fig.axes[0].images[0].get_array().shape[1] < 4 * 24  # only the 3 faces there are
    plt.close(fig)


# --------------------------------------------------------------------------- check_removal_psnr


@pytest.fixture(scope="module")
def removal(data):
    clean = data.x_test[:6]
    with_glasses = draw_glasses(clean)
    removed = np.clip(clean + np.random.default_rng(0).normal(0, 0.03, clean.shape), 0, 1).astype("float32")
    return clean, with_glasses, removed


def test_check_removal_psnr_accepts_the_right_answer(removal, capsys):
    clean, with_glasses, removed = removal
    before = psnr(clean, with_glasses, image_shape=(24, 24))
    after = psnr(clean, removed, image_shape=(24, 24))
    check_removal_psnr(before, after, clean, with_glasses, removed)
    assert capsys.readouterr().out.startswith("\u2714")


@pytest.mark.parametrize("mistake, words", [
    ("swapped", "swapped"),
    ("pooled", "image_shape"),
    ("against_input", "true faces"),
    ("wrong_before", "psnr_before"),
    ("wrong_after", "psnr_after"),
    ("not_a_number", "finite number"),
])
def test_check_removal_psnr_explains_mistakes(removal, mistake, words):
    clean, with_glasses, removed = removal
    before = psnr(clean, with_glasses, image_shape=(24, 24))
    after = psnr(clean, removed, image_shape=(24, 24))
    answers = {
        "swapped": (after, before),
        "pooled": (psnr(clean, with_glasses), psnr(clean, removed)),
        "against_input": (before, psnr(with_glasses, removed, image_shape=(24, 24))),
        "wrong_before": (before + 1, after),
        "wrong_after": (before, after + 1),
        "not_a_number": (None, after),
    }[mistake]
    with pytest.raises(CheckFailed, match=words):
        check_removal_psnr(*answers, clean, with_glasses, removed)
