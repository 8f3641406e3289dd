"""Data the notebooks learn from.

Offline defaults (no network): scikit-learn's 8x8 digits and synthetic
manifolds generated from a seed. Online options: MNIST and Fashion-MNIST,
downloaded once into ``data/cache/``, each file checked against a published
checksum before it is used.

Images come back flattened, as float32 rows in [0, 1]: ``x`` has shape
``(n, height * width)``; ``image_shape`` says how to fold a row back.
"""

from __future__ import annotations

import gzip
import hashlib
import numbers
import os
import re
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = [
    "DATASETS",
    "MANIFOLDS",
    "DownloadError",
    "ImageData",
    "fetch",
    "load_images",
    "make_manifold",
]

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "data" / "cache"
DATASETS = ("digits", "mnist", "fashion_mnist")
MANIFOLDS = ("swiss_roll", "s_curve", "spiral")
OFFLINE_HINT = (
    "The course's default needs no network: set DATASET = 'digits' in the notebook's "
    "parameters cell (or unset the COURSE_DATASET environment variable)."
)
_BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
# (file name, url, algorithm, digest): sha256 digests, as published by Keras (MNIST) and as
# recorded for Zalando Research's Fashion-MNIST files (whose published md5s they were checked with
# before: 8d4fb7e6..., 25c81989..., bef4ecab..., bb300cfd...).
SOURCES: dict[str, list[tuple[str, str, str, str]]] = {
    "mnist": [
        ("mnist.npz", _BASE + "mnist.npz", "sha256",
         "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"),
    ],
    "fashion_mnist": [
        ("train-images-idx3-ubyte.gz", _BASE + "train-images-idx3-ubyte.gz", "sha256",
         "08dc20ab1689590a0bcd66e874647b6ee8464e2d501b5a3f1f78831db19a3fdc"),
        ("train-labels-idx1-ubyte.gz", _BASE + "train-labels-idx1-ubyte.gz", "sha256",
         "b0197879cbda89f3dc7b894f9fd52b858e68ea4182b6947c9d8c2b67e5f18dcc"),
        ("t10k-images-idx3-ubyte.gz", _BASE + "t10k-images-idx3-ubyte.gz", "sha256",
         "78dcbbfb5a27efaf1b6c1d616caca68560be8766c5bffcb2791df9273a534229"),
        ("t10k-labels-idx1-ubyte.gz", _BASE + "t10k-labels-idx1-ubyte.gz", "sha256",
         "42bd18137a62d5998cdeae52bf3a0676ac6b706f5cf8439b47bb5b151ae3dccf"),
    ],
}
FASHION_CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                   "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")


class DownloadError(RuntimeError):
    """A download failed or did not match its checksum; nothing was kept."""


@dataclass(frozen=True, eq=False)
class ImageData:
    """A labelled image set split into training and held-out test images.

    Attributes:
        x_train, x_test: float32, shape ``(n, height * width)``, values in [0, 1].
        y_train, y_test: int64 class labels, shape ``(n,)``.
        image_shape: ``(height, width)`` to fold a row back into an image.
        class_names: one name per label value.
    """

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    image_shape: tuple[int, int]
    class_names: tuple[str, ...]

    @property
    def input_dim(self) -> int:
        return int(self.x_train.shape[1])

    def __repr__(self) -> str:
        return (
            f"ImageData({self.name!r}: {len(self.x_train):,} training and {len(self.x_test):,} test "
            f"images of {self.image_shape[0]}x{self.image_shape[1]} pixels, "
            f"{len(self.class_names)} classes)"
        )


def _check_unit_interval(x: object, name: str = "x") -> np.ndarray:
    """Return ``x`` as a 2-D float32 array after checking it is finite and in [0, 1].

    Raises:
        TypeError: not numeric.
        ValueError: not 2-D, empty, NaN or infinite values, or values outside
            [0, 1] (a sigmoid output and its loss assume that range).
    """
    array = np.asarray(x)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be numeric, got dtype {array.dtype}.")
    if array.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D (examples, features), got shape {array.shape}; "
            "flatten images with x.reshape(len(x), -1)."
        )
    if array.size == 0:
        raise ValueError(f"{name} is empty (shape {array.shape}): there is nothing to learn from.")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or infinite values; clean or drop those rows first.")
    with np.errstate(over="ignore"):  # judged in float32, the precision the models see: 1e39 is inf there
        as_float32 = array.astype("float32", copy=False)
    low, high = float(as_float32.min()), float(as_float32.max())  # -1e-106 is -0.0 in float32: in range
    if low < 0.0 or high > 1.0:
        raise ValueError(
            f"{name} has values in [{float(array.min()):.3g}, {float(array.max()):.3g}], outside [0, 1]: "
            "scale it first (for 8-bit images divide by 255)."
        )
    return as_float32


def load_images(
    name: str = "digits",
    *,
    test_size: float = 0.2,
    seed: int = 0,
    limit: int | None = None,
    cache_dir: Path | str | None = None,
) -> ImageData:
    """Load an image set as flattened float32 rows in [0, 1], split train/test.

    Args:
        name: ``"digits"`` (offline, 1,797 8x8 images), ``"mnist"`` or
            ``"fashion_mnist"`` (70,000 28x28 images each, downloaded once).
        test_size: fraction held out for testing (digits only; the online sets
            come with their own test split, and ``test_size`` is ignored).
        seed: seed of the stratified split (digits) and of ``limit``'s sample.
        limit: keep at most this many training images and ``limit // 5`` test
            images (a random, seeded sample) so large sets stay fast.
        cache_dir: where downloads are kept (default ``data/cache/``).

    Raises:
        ValueError: an unknown name (the message lists the valid ones), a
            ``test_size`` outside (0, 1), a ``limit`` below 10.
        DownloadError: an online set could not be fetched or verified.
    """
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; choose one of {', '.join(DATASETS)}.")
    if not 0.0 < float(test_size) < 1.0:
        raise ValueError(f"test_size must be between 0 and 1 (a fraction), got {test_size}.")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, numbers.Integral) or limit < 10):
        raise ValueError(f"limit must be a whole number of at least 10, or None; got {limit!r}.")
    if name == "digits":
        data = _load_digits(test_size, seed)
    else:
        folder = Path(cache_dir) if cache_dir is not None else CACHE
        data = _load_online(name, folder)
    if limit is not None:
        rng = np.random.default_rng(seed)
        limit = int(limit)
        train = np.sort(rng.permutation(len(data.x_train))[:limit])
        test = np.sort(rng.permutation(len(data.x_test))[: max(limit // 5, 2)])
        data = ImageData(data.name, data.x_train[train], data.y_train[train], data.x_test[test],
                         data.y_test[test], data.image_shape, data.class_names)
    return data


def _load_digits(test_size: float, seed: int) -> ImageData:
    from sklearn.datasets import load_digits  # noqa: PLC0415
    from sklearn.model_selection import train_test_split  # noqa: PLC0415

    digits = load_digits()
    x = (digits.data / 16.0).astype("float32")  # pixel values 0..16 -> [0, 1]
    y = digits.target.astype("int64")
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=test_size, stratify=y, random_state=seed
    )
    return ImageData("digits", x_train, y_train, x_test, y_test, (8, 8), tuple(str(i) for i in range(10)))


def _load_online(name: str, folder: Path) -> ImageData:
    paths = {fname: fetch(url, folder / name / fname, **{algo: digest})
             for fname, url, algo, digest in SOURCES[name]}
    if name == "mnist":
        with np.load(paths["mnist.npz"], allow_pickle=False) as f:
            x_train, y_train, x_test, y_test = f["x_train"], f["y_train"], f["x_test"], f["y_test"]
        classes = tuple(str(i) for i in range(10))
    else:
        x_train = _read_idx(paths["train-images-idx3-ubyte.gz"])
        y_train = _read_idx(paths["train-labels-idx1-ubyte.gz"])
        x_test = _read_idx(paths["t10k-images-idx3-ubyte.gz"])
        y_test = _read_idx(paths["t10k-labels-idx1-ubyte.gz"])
        classes = FASHION_CLASSES
    shape = tuple(int(s) for s in x_train.shape[1:])
    if len(shape) != 2 or len(x_train) != len(y_train) or len(x_test) != len(y_test):
        raise DownloadError(f"{name}: unexpected array shapes {x_train.shape}, {y_train.shape}.")

    def flat(images: np.ndarray) -> np.ndarray:
        return (images.reshape(len(images), -1) / 255.0).astype("float32")

    return ImageData(name, flat(x_train), y_train.astype("int64"), flat(x_test),
                     y_test.astype("int64"), (shape[0], shape[1]), classes)


def _read_idx(path: Path) -> np.ndarray:
    """Read an IDX file (gzip-compressed), the format of the (Fashion-)MNIST originals."""
    with gzip.open(path, "rb") as handle:
        raw = handle.read()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise DownloadError(f"{path.name} is not an IDX file of unsigned bytes.")
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    offset = 4 + 4 * ndim
    expected = int(np.prod(dims))
    if len(raw) - offset != expected:
        raise DownloadError(f"{path.name}: header says {dims}, but the file holds {len(raw) - offset} values.")
    return np.frombuffer(raw, dtype=np.uint8, offset=offset).reshape(dims)


def _digest(path: Path, algorithm: str) -> str:
    h = hashlib.new(algorithm)
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch(url: str, dest: Path | str, *, sha256: str | None = None, md5: str | None = None,
          timeout: float = 30.0) -> Path:
    """Download ``url`` to ``dest`` unless a verified copy is already there.

    The bytes go to a temporary file beside ``dest``; it is moved into place
    only when its checksum matches, so an interrupted or corrupted download
    never leaves a half-written file under the final name.

    Raises:
        ValueError: neither or both of ``sha256`` and ``md5`` given.
        DownloadError: the download failed (no network, say) or the checksum
            did not match; the message says what to do instead.
    """
    if not isinstance(url, str):
        raise TypeError(f"url must be a web address (a str, https://...), got {type(url).__name__}.")
    if isinstance(dest, bool) or not isinstance(dest, (str, os.PathLike)) or not str(dest).strip():
        raise TypeError(f"dest must be a file path (str or pathlib.Path), got {dest!r:.60}.")
    if (sha256 is None) == (md5 is None):
        raise ValueError("give exactly one checksum: sha256=... or md5=...")
    algorithm, expected = ("sha256", sha256) if sha256 else ("md5", md5)
    if not isinstance(expected, str) or not re.fullmatch(r"[0-9a-fA-F]{%d}" % (64 if sha256 else 32), expected.strip()):
        raise ValueError(f"{algorithm} must be the file's published {algorithm} digest in hexadecimal "
                         f"({64 if sha256 else 32} characters), got {expected!r:.70}.")
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout < 3600:
        raise ValueError(f"timeout must be a number of seconds between 0 and 3600, got {timeout!r:.30}.")
    expected = expected.strip().lower()  # digests are often printed in upper case
    dest = Path(dest)
    if dest.is_dir():
        raise ValueError(f"dest {str(dest)!r} is a folder: name the file to download into.")
    if dest.exists() and _digest(dest, algorithm) == expected:
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    tmp = Path(tmp_name)
    try:
        h = hashlib.new(algorithm)
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            for chunk in iter(lambda: response.read(1 << 20), b""):
                out.write(chunk)
                h.update(chunk)
        if h.hexdigest() != expected:
            raise DownloadError(
                f"{url} arrived with {algorithm} {h.hexdigest()}, expected {expected}: the file "
                f"was not kept. Try again later; if it persists the source changed. {OFFLINE_HINT}"
            )
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it owner-only; a cache is shared
        os.replace(tmp, dest)
    except DownloadError:
        tmp.unlink(missing_ok=True)
        raise
    except (urllib.error.URLError, OSError, ValueError) as error:
        tmp.unlink(missing_ok=True)
        raise DownloadError(f"could not download {url} ({error}). {OFFLINE_HINT}") from error
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest


def make_manifold(
    name: str = "swiss_roll", n: int = 2000, *, noise: float = 0.05, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Points on a curved low-dimensional surface, scaled into [0, 1].

    Args:
        name: ``"swiss_roll"`` (a 2-D sheet rolled up in 3-D), ``"s_curve"``
            (a 2-D sheet bent into an S in 3-D) or ``"spiral"`` (a 1-D curve
            in 2-D).
        n: number of points (at least 10).
        noise: standard deviation of Gaussian noise added before scaling (>= 0).
        seed: makes the points reproducible.

    Returns:
        ``(x, t)``: ``x`` float32 of shape ``(n, 3)`` (or ``(n, 2)`` for the
        spiral) scaled so every coordinate lies in [0, 1] (one common scale,
        so shapes are not distorted); ``t`` float32 ``(n,)``, the position
        along the manifold, for colouring plots.
    """
    if name not in MANIFOLDS:
        raise ValueError(f"unknown manifold {name!r}; choose one of {', '.join(MANIFOLDS)}.")
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 10:
        raise ValueError(f"n must be a whole number of at least 10, got {n!r}.")
    if n > 1_000_000:
        raise ValueError(f"n must be at most 1,000,000 points (a few thousand are plenty here), got {n:,}.")
    n = int(n)
    if isinstance(noise, bool) or not isinstance(noise, (int, float, np.integer, np.floating)) \
            or not np.isfinite(noise) or not 0 <= noise <= 10:
        raise ValueError(f"noise must be a number from 0 to 10 (in the manifold's own units), got {noise!r}.")
    from sklearn.datasets import make_s_curve, make_swiss_roll  # noqa: PLC0415

    if name == "swiss_roll":
        x, t = make_swiss_roll(n, noise=noise, random_state=seed)
    elif name == "s_curve":
        x, t = make_s_curve(n, noise=noise, random_state=seed)
    else:
        rng = np.random.default_rng(seed)
        t = np.sort(rng.uniform(0.5, 3.5 * np.pi, n))
        x = np.column_stack([t * np.cos(t), t * np.sin(t)]) + rng.normal(0, noise, (n, 2))
    x = x - x.min(axis=0)
    x = x / x.max()
    return x.astype("float32"), np.asarray(t, dtype="float32")
