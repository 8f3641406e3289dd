"""Unit tests for helpers.data: image sets, checked downloads, the [0, 1] check, manifolds.

Nothing here touches the network: downloads are exercised with file:// URLs
pointing at small fixture files written into tmp_path.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import stat

import numpy as np
import pytest

from helpers import data
from helpers.data import (
    DownloadError,
    ImageData,
    fetch,
    load_images,
    make_manifold,
)
from helpers.data import _check_unit_interval

# --------------------------------------------------------------------------- load_images("digits")


@pytest.fixture(scope="module")
def digits():
    return load_images("digits")


@pytest.fixture(scope="module")
def sklearn_digits():
    from sklearn.datasets import load_digits  # noqa: PLC0415

    raw = load_digits()
    return raw.data, raw.target


def test_digits_is_image_data(digits):
    assert isinstance(digits, ImageData)
    assert digits.name == "digits"


def test_digits_split_sizes(digits):
    assert len(digits.x_train) == len(digits.y_train) == 1437
    assert len(digits.x_test) == len(digits.y_test) == 360


def test_digits_pixels_are_float32_rows_in_unit_interval(digits):
    for x in (digits.x_train, digits.x_test):
        assert x.dtype == np.float32
        assert x.shape[1] == 64
    both = np.concatenate([digits.x_train, digits.x_test])
    assert both.min() == 0.0
    assert both.max() == 1.0


def test_digits_labels_are_int64(digits):
    assert digits.y_train.dtype == np.int64
    assert digits.y_test.dtype == np.int64
    assert set(np.unique(digits.y_train)) == set(range(10))


def test_digits_are_the_sklearn_digits_scaled_by_16(digits, sklearn_digits):
    # train + test together are exactly scikit-learn's 1,797 images, each pixel 0..16 divided by 16
    raw_x, raw_y = sklearn_digits
    ours = np.concatenate([digits.x_train, digits.x_test]).astype("float64") * 16
    ours_y = np.concatenate([digits.y_train, digits.y_test])
    order_ours = np.lexsort(np.column_stack([ours, ours_y]).T)
    order_raw = np.lexsort(np.column_stack([raw_x, raw_y]).T)
    np.testing.assert_allclose(ours[order_ours], raw_x[order_raw], atol=1e-5)
    np.testing.assert_array_equal(ours_y[order_ours], raw_y[order_raw])


def test_digits_split_is_stratified(digits):
    overall = np.bincount(np.concatenate([digits.y_train, digits.y_test]), minlength=10) / 1797
    in_test = np.bincount(digits.y_test, minlength=10) / len(digits.y_test)
    assert np.all(np.abs(in_test - overall) <= 0.02), (in_test, overall)


def test_digits_same_seed_same_split(digits):
    again = load_images("digits", seed=0)
    np.testing.assert_array_equal(again.x_train, digits.x_train)
    np.testing.assert_array_equal(again.y_test, digits.y_test)


def test_digits_other_seed_other_split(digits):
    other = load_images("digits", seed=1)
    assert other.x_train.shape == digits.x_train.shape
    assert not np.array_equal(other.x_train, digits.x_train)


def test_digits_image_shape_and_classes(digits):
    assert digits.image_shape == (8, 8)
    assert digits.input_dim == 64
    assert len(digits.class_names) == 10
    assert digits.class_names[3] == "3"


def test_digits_repr_mentions_counts(digits):
    text = repr(digits)
    assert "digits" in text
    assert "1,437" in text
    assert "360" in text
    assert "8x8" in text


def test_digits_test_size(digits):
    half = load_images("digits", test_size=0.5)
    assert len(half.x_train) + len(half.x_test) == 1797
    assert abs(len(half.x_test) - 898.5) <= 1


def test_digits_limit(digits):
    small = load_images("digits", limit=100)
    assert len(small.x_train) == len(small.y_train) == 100
    assert len(small.x_test) == len(small.y_test) == 20
    # a sample of the full split, not new images
    full_rows = {row.tobytes() for row in digits.x_train}
    assert all(row.tobytes() in full_rows for row in small.x_train)
    again = load_images("digits", limit=100)
    np.testing.assert_array_equal(again.x_train, small.x_train)


@pytest.mark.parametrize("name", ["Digits", "mnist_fashion", "cifar10", ""])
def test_unknown_dataset_lists_the_valid_ones(name):
    with pytest.raises(ValueError, match="unknown dataset") as info:
        load_images(name)
    for valid in ("digits", "mnist", "fashion_mnist"):
        assert valid in str(info.value)


@pytest.mark.parametrize("test_size", [0, 0.0, 1, 1.5, -0.2, float("nan")])
def test_bad_test_size(test_size):
    with pytest.raises(ValueError, match="test_size"):
        load_images("digits", test_size=test_size)


@pytest.mark.parametrize("limit", [5, 9, 0, -100, True, 100.0, "100"])
def test_bad_limit(limit):
    with pytest.raises(ValueError, match="limit"):
        load_images("digits", limit=limit)


# --------------------------------------------------------------------------- fetch

PAYLOAD = b"autoencoders, hands-on\n" * 50


def sha256_of(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


def md5_of(payload: bytes) -> str:
    return hashlib.md5(payload).hexdigest()  # noqa: S324


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "source" / "payload.bin"
    path.parent.mkdir()
    path.write_bytes(PAYLOAD)
    return path


def leftovers(folder):
    return sorted(p.name for p in folder.glob("*.part"))


def test_fetch_with_sha256(source, tmp_path):
    dest = tmp_path / "cache" / "sub" / "payload.bin"
    got = fetch(source.as_uri(), dest, sha256=sha256_of(PAYLOAD))
    assert got == dest
    assert dest.read_bytes() == PAYLOAD
    assert leftovers(dest.parent) == []
    assert sorted(p.name for p in dest.parent.iterdir()) == ["payload.bin"]


def test_fetch_with_md5(source, tmp_path):
    dest = tmp_path / "cache" / "payload.bin"
    got = fetch(source.as_uri(), str(dest), md5=md5_of(PAYLOAD))
    assert got == dest
    assert dest.read_bytes() == PAYLOAD
    assert leftovers(dest.parent) == []


def test_fetch_wrong_checksum_keeps_nothing(source, tmp_path):
    dest = tmp_path / "cache" / "payload.bin"
    wrong = sha256_of(b"something else")
    with pytest.raises(DownloadError) as info:
        fetch(source.as_uri(), dest, sha256=wrong)
    message = str(info.value)
    assert wrong in message
    assert sha256_of(PAYLOAD) in message  # what did arrive
    assert "digits" in message  # the offline way out
    assert not dest.exists()
    assert leftovers(dest.parent) == []
    assert list(dest.parent.iterdir()) == []


def test_fetch_wrong_md5_keeps_nothing(source, tmp_path):
    dest = tmp_path / "cache" / "payload.bin"
    with pytest.raises(DownloadError, match="digits"):
        fetch(source.as_uri(), dest, md5=md5_of(b"other"))
    assert not dest.exists()
    assert leftovers(dest.parent) == []


def test_fetch_returns_a_verified_copy_without_downloading(tmp_path):
    dest = tmp_path / "cache" / "payload.bin"
    dest.parent.mkdir()
    dest.write_bytes(PAYLOAD)
    missing = (tmp_path / "does-not-exist.bin").as_uri()
    assert fetch(missing, dest, sha256=sha256_of(PAYLOAD)) == dest
    assert dest.read_bytes() == PAYLOAD
    assert leftovers(dest.parent) == []


def test_fetch_replaces_a_corrupt_copy(source, tmp_path):
    dest = tmp_path / "cache" / "payload.bin"
    dest.parent.mkdir()
    dest.write_bytes(b"half a download")
    assert fetch(source.as_uri(), dest, sha256=sha256_of(PAYLOAD)) == dest
    assert dest.read_bytes() == PAYLOAD
    assert leftovers(dest.parent) == []


def test_fetch_missing_source_is_a_download_error(tmp_path):
    dest = tmp_path / "cache" / "payload.bin"
    with pytest.raises(DownloadError, match="could not download") as info:
        fetch("file:///nonexistent/helpers-test/payload.bin", dest, sha256=sha256_of(PAYLOAD))
    assert "DATASET = 'digits'" in str(info.value)
    assert not dest.exists()
    assert leftovers(dest.parent) == []


def test_fetch_malformed_url_is_a_download_error(tmp_path):
    dest = tmp_path / "cache" / "payload.bin"
    with pytest.raises(DownloadError, match="digits"):
        fetch("not a url", dest, sha256=sha256_of(PAYLOAD))
    assert not dest.exists()
    assert leftovers(dest.parent) == []


def test_fetch_needs_exactly_one_checksum(source, tmp_path):
    dest = tmp_path / "payload.bin"
    with pytest.raises(ValueError, match="exactly one checksum"):
        fetch(source.as_uri(), dest)
    with pytest.raises(ValueError, match="exactly one checksum"):
        fetch(source.as_uri(), dest, sha256=sha256_of(PAYLOAD), md5=md5_of(PAYLOAD))
    assert not dest.exists()


def test_fetch_accepts_an_upper_case_digest(source, tmp_path):
    dest = tmp_path / "cache" / "payload.bin"
    assert fetch(source.as_uri(), dest, sha256=sha256_of(PAYLOAD).upper()) == dest
    assert dest.read_bytes() == PAYLOAD


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_fetched_file_has_ordinary_permissions(source, tmp_path):
    umask = os.umask(0o022)
    os.umask(umask)
    dest = fetch(source.as_uri(), tmp_path / "cache" / "payload.bin", sha256=sha256_of(PAYLOAD))
    assert stat.S_IMODE(dest.stat().st_mode) == 0o666 & ~umask


# --------------------------------------------------------------------------- online loaders, on fixtures


def write_mnist(path, n_train=20, n_test=5, seed=0):
    rng = np.random.default_rng(seed)
    arrays = {
        "x_train": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, n_train, dtype=np.uint8),
        "x_test": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "y_test": rng.integers(0, 10, n_test, dtype=np.uint8),
    }
    arrays["x_train"][0, 0, 0], arrays["x_train"][0, 0, 1] = 0, 255
    np.savez(path, **arrays)
    return arrays


@pytest.fixture
def mnist_source(tmp_path, monkeypatch):
    path = tmp_path / "server" / "mnist.npz"
    path.parent.mkdir()
    arrays = write_mnist(path)
    digest = sha256_of(path.read_bytes())
    monkeypatch.setitem(data.SOURCES, "mnist", [("mnist.npz", path.as_uri(), "sha256", digest)])
    return path, arrays


def test_mnist_from_a_fixture(mnist_source, tmp_path):
    path, arrays = mnist_source
    cache = tmp_path / "cache"
    mnist = load_images("mnist", cache_dir=cache)
    assert mnist.name == "mnist"
    assert mnist.x_train.shape == (20, 784)
    assert mnist.x_test.shape == (5, 784)
    assert mnist.x_train.dtype == np.float32
    assert mnist.image_shape == (28, 28)
    assert mnist.class_names == tuple("0123456789")
    assert mnist.x_train.min() == 0.0
    assert mnist.x_train.max() == 1.0
    np.testing.assert_allclose(mnist.x_train, arrays["x_train"].reshape(20, -1) / 255.0, rtol=1e-6)
    np.testing.assert_allclose(mnist.x_test, arrays["x_test"].reshape(5, -1) / 255.0, rtol=1e-6)
    # row i is image i, folded back with image_shape
    folded = mnist.x_train[3].reshape(mnist.image_shape)
    np.testing.assert_allclose(folded * 255, arrays["x_train"][3], atol=1e-3)
    assert mnist.y_train.dtype == np.int64
    np.testing.assert_array_equal(mnist.y_train, arrays["y_train"])
    np.testing.assert_array_equal(mnist.y_test, arrays["y_test"])
    cached = cache / "mnist" / "mnist.npz"
    assert cached.read_bytes() == path.read_bytes()
    assert leftovers(cached.parent) == []


def test_mnist_second_load_uses_the_cache(mnist_source, tmp_path):
    path, arrays = mnist_source
    cache = tmp_path / "cache"
    load_images("mnist", cache_dir=cache)
    path.unlink()  # the "server" is gone: only the cache can answer
    again = load_images("mnist", cache_dir=str(cache))
    np.testing.assert_array_equal(again.y_train, arrays["y_train"])


def test_mnist_limit(mnist_source, tmp_path):
    small = load_images("mnist", cache_dir=tmp_path / "cache", limit=10)
    assert small.x_train.shape == (10, 784)
    assert len(small.y_train) == 10
    assert len(small.x_test) == 2


def test_mnist_bad_checksum_is_a_download_error(mnist_source, tmp_path, monkeypatch):
    path, _ = mnist_source
    monkeypatch.setitem(data.SOURCES, "mnist", [("mnist.npz", path.as_uri(), "sha256", "0" * 64)])
    with pytest.raises(DownloadError, match="0{64}"):
        load_images("mnist", cache_dir=tmp_path / "cache")
    assert not (tmp_path / "cache" / "mnist" / "mnist.npz").exists()


def test_mnist_mismatched_lengths_is_a_download_error(tmp_path, monkeypatch):
    path = tmp_path / "mnist.npz"
    np.savez(path, x_train=np.zeros((20, 28, 28), np.uint8), y_train=np.zeros(19, np.uint8),
             x_test=np.zeros((5, 28, 28), np.uint8), y_test=np.zeros(5, np.uint8))
    monkeypatch.setitem(data.SOURCES, "mnist",
                        [("mnist.npz", path.as_uri(), "sha256", sha256_of(path.read_bytes()))])
    with pytest.raises(DownloadError, match="shapes"):
        load_images("mnist", cache_dir=tmp_path / "cache")


def idx_bytes(array: np.ndarray) -> bytes:
    array = np.asarray(array, dtype=np.uint8)
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    return header + array.tobytes()


FASHION_FILES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                 "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")


def serve_fashion(folder, monkeypatch, contents):
    """Write gzip files with the given raw contents and point SOURCES at them (md5 digests)."""
    folder.mkdir(exist_ok=True)
    entries = []
    for fname, raw in zip(FASHION_FILES, contents):
        path = folder / fname
        path.write_bytes(gzip.compress(raw))
        entries.append((fname, path.as_uri(), "md5", md5_of(path.read_bytes())))
    monkeypatch.setitem(data.SOURCES, "fashion_mnist", entries)


@pytest.fixture
def fashion_arrays():
    rng = np.random.default_rng(1)
    return (rng.integers(0, 256, (12, 28, 28), dtype=np.uint8), rng.integers(0, 10, 12, dtype=np.uint8),
            rng.integers(0, 256, (4, 28, 28), dtype=np.uint8), rng.integers(0, 10, 4, dtype=np.uint8))


def test_fashion_mnist_from_idx_fixtures(tmp_path, monkeypatch, fashion_arrays):
    serve_fashion(tmp_path / "server", monkeypatch, [idx_bytes(a) for a in fashion_arrays])
    cache = tmp_path / "cache"
    fashion = load_images("fashion_mnist", cache_dir=cache)
    x_train, y_train, x_test, y_test = fashion_arrays
    assert fashion.x_train.shape == (12, 784)
    assert fashion.x_test.shape == (4, 784)
    assert fashion.image_shape == (28, 28)
    assert fashion.x_train.dtype == np.float32
    np.testing.assert_allclose(fashion.x_train, x_train.reshape(12, -1) / 255.0, rtol=1e-6)
    np.testing.assert_allclose(fashion.x_test, x_test.reshape(4, -1) / 255.0, rtol=1e-6)
    np.testing.assert_array_equal(fashion.y_train, y_train)
    np.testing.assert_array_equal(fashion.y_test, y_test)
    assert fashion.y_train.dtype == np.int64
    assert len(fashion.class_names) == 10
    assert fashion.class_names[0] == "T-shirt/top"
    assert fashion.class_names[9] == "Ankle boot"
    for fname in FASHION_FILES:
        assert (cache / "fashion_mnist" / fname).is_file()
    assert leftovers(cache / "fashion_mnist") == []


def test_fashion_mnist_corrupt_idx_is_a_download_error(tmp_path, monkeypatch, fashion_arrays):
    contents = [idx_bytes(a) for a in fashion_arrays]
    x_train = fashion_arrays[0]
    # header promises 13 images, the data holds 12
    header = bytes([0, 0, 8, 3]) + b"".join(d.to_bytes(4, "big") for d in (13, 28, 28))
    contents[0] = header + x_train.tobytes()
    serve_fashion(tmp_path / "server", monkeypatch, contents)
    with pytest.raises(DownloadError, match="train-images-idx3-ubyte.gz"):
        load_images("fashion_mnist", cache_dir=tmp_path / "cache")


def test_fashion_mnist_not_idx_is_a_download_error(tmp_path, monkeypatch, fashion_arrays):
    contents = [idx_bytes(a) for a in fashion_arrays]
    contents[1] = b"<html>Not Found</html>"
    serve_fashion(tmp_path / "server", monkeypatch, contents)
    with pytest.raises(DownloadError, match="not an IDX file"):
        load_images("fashion_mnist", cache_dir=tmp_path / "cache")


def test_fashion_mnist_labels_not_matching_images_is_a_download_error(tmp_path, monkeypatch, fashion_arrays):
    contents = [idx_bytes(a) for a in fashion_arrays]
    contents[1] = idx_bytes(fashion_arrays[1][:11])
    serve_fashion(tmp_path / "server", monkeypatch, contents)
    with pytest.raises(DownloadError):
        load_images("fashion_mnist", cache_dir=tmp_path / "cache")


# --------------------------------------------------------------------------- _check_unit_interval


def test_check_unit_interval_accepts_and_returns_float32():
    x = np.array([[0.0, 0.25], [0.5, 1.0]], dtype="float64")
    out = _check_unit_interval(x)
    assert out.dtype == np.float32
    assert out.shape == (2, 2)
    np.testing.assert_array_equal(out, [[0.0, 0.25], [0.5, 1.0]])


def test_check_unit_interval_accepts_lists_and_ints():
    out = _check_unit_interval([[0, 1], [1, 0]])
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, [[0, 1], [1, 0]])


def test_check_unit_interval_1d_says_reshape():
    with pytest.raises(ValueError, match="reshape"):
        _check_unit_interval(np.linspace(0, 1, 10))


def test_check_unit_interval_3d_is_rejected():
    with pytest.raises(ValueError, match="2-D"):
        _check_unit_interval(np.zeros((4, 8, 8)))


def test_check_unit_interval_empty():
    with pytest.raises(ValueError, match="empty"):
        _check_unit_interval(np.zeros((0, 64)))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_check_unit_interval_not_finite(bad):
    x = np.full((3, 4), 0.5)
    x[1, 2] = bad
    with pytest.raises(ValueError, match="NaN or infinite"):
        _check_unit_interval(x)


def test_check_unit_interval_8bit_values_say_divide_by_255():
    x = np.arange(256, dtype=np.uint8).reshape(16, 16)
    with pytest.raises(ValueError, match="255"):
        _check_unit_interval(x)


def test_check_unit_interval_slightly_negative():
    with pytest.raises(ValueError, match=r"outside \[0, 1\]"):
        _check_unit_interval(np.array([[0.5, -0.01]]))


def test_check_unit_interval_uses_the_given_name():
    with pytest.raises(ValueError, match="x_val"):
        _check_unit_interval(np.array([[2.0]]), name="x_val")


@pytest.mark.parametrize("bad", [np.array([["a", "b"]]), np.array([[None, 0.5]], dtype=object)])
def test_check_unit_interval_non_numeric_is_a_type_error(bad):
    with pytest.raises(TypeError, match="numeric"):
        _check_unit_interval(bad)


# --------------------------------------------------------------------------- make_manifold


@pytest.mark.parametrize(("name", "dim"), [("swiss_roll", 3), ("s_curve", 3), ("spiral", 2)])
def test_manifold_shapes_and_scaling(name, dim):
    x, t = make_manifold(name, n=300, seed=3)
    assert x.shape == (300, dim)
    assert t.shape == (300,)
    assert x.dtype == np.float32
    assert t.dtype == np.float32
    assert x.min() == 0.0
    assert x.max() == 1.0
    # every coordinate starts at 0 (shifted per axis) and stays within [0, 1]
    np.testing.assert_array_equal(x.min(axis=0), np.zeros(dim))
    assert np.all(x.max(axis=0) <= 1.0)


def test_manifold_one_common_scale():
    # sklearn's S-curve spans about 2 in x and y and 4 in z: scaled with one
    # factor, the extents stay in that 1 : 1 : 2 ratio (not stretched to 1, 1, 1)
    x, _ = make_manifold("s_curve", n=2000, noise=0.0, seed=0)
    extent = x.max(axis=0) - x.min(axis=0)
    np.testing.assert_allclose(extent, [0.5, 0.5, 1.0], atol=0.01)


def test_spiral_t_is_sorted_and_in_range():
    _, t = make_manifold("spiral", n=200, seed=0)
    assert np.all(np.diff(t) >= 0)
    assert t.min() >= 0.5
    assert t.max() <= 3.5 * np.pi + 1e-5


@pytest.mark.parametrize("name", ["swiss_roll", "s_curve", "spiral"])
def test_manifold_same_seed_same_points(name):
    a, ta = make_manifold(name, n=100, seed=7)
    b, tb = make_manifold(name, n=100, seed=7)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(ta, tb)
    c, _ = make_manifold(name, n=100, seed=8)
    assert not np.array_equal(a, c)


def test_manifold_noise_zero_spiral_is_exact():
    x, t = make_manifold("spiral", n=100, noise=0.0, seed=0)
    # without noise, each point is (t cos t, t sin t), shifted and scaled: distances
    # from the spiral's centre (the shifted origin) are proportional to t
    raw = np.column_stack([t * np.cos(t), t * np.sin(t)]).astype("float64")
    centre = -raw.min(axis=0) / (raw - raw.min(axis=0)).max()
    radius = np.hypot(*(x.astype("float64") - centre).T)
    np.testing.assert_allclose(radius / t, np.full(100, radius[0] / t[0]), rtol=1e-4)


def test_unknown_manifold_lists_the_names():
    with pytest.raises(ValueError, match="unknown manifold") as info:
        make_manifold("torus")
    for name in ("swiss_roll", "s_curve", "spiral"):
        assert name in str(info.value)


@pytest.mark.parametrize("n", [5, 9, 0, -1, 100.0, True])
def test_manifold_bad_n(n):
    with pytest.raises(ValueError, match="n must be"):
        make_manifold("spiral", n=n)


@pytest.mark.parametrize("noise", [-1, -0.01, float("nan"), float("inf")])
def test_manifold_bad_noise(noise):
    with pytest.raises(ValueError, match="noise"):
        make_manifold("swiss_roll", n=50, noise=noise)


def test_every_online_image_source_is_checked_with_sha256():
    from helpers.data import SOURCES

    for dataset, files in SOURCES.items():
        for name, url, algorithm, digest in files:
            assert algorithm == "sha256", f"{dataset}/{name} is checked with {algorithm}, not sha256"
            assert len(digest) == 64 and int(digest, 16) >= 0, f"{dataset}/{name}: not a sha256 digest"
            assert url.endswith(name)


def test_manifold_takes_numpy_integers_and_refuses_absurd_sizes():
    x, t = make_manifold("spiral", n=np.int64(50), seed=np.int32(1))
    assert x.shape[0] == t.shape[0] == 50
    with pytest.raises(ValueError, match="at most 1,000,000"):
        make_manifold("spiral", n=10**12)
