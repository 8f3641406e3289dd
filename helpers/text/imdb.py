"""The online option of notebook 06: IMDB film reviews (Keras' copy), downloaded once and verified."""

from __future__ import annotations

import io
import json
import numbers
import pickle
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from helpers.data import CACHE, DownloadError, _digest, fetch
from helpers.text.corpus import Corpus, Reviews

__all__ = ["IMDB_SOURCES", "load_imdb"]

_IMDB_BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
# (file, url, algorithm, digest), as published in Keras' own loader.
IMDB_SOURCES = [
    ("imdb.npz", _IMDB_BASE + "imdb.npz", "sha256", "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"),
    ("imdb_word_index.json", _IMDB_BASE + "imdb_word_index.json", "md5", "bfafd718b763782e994055a2d397834f"),
]
_OFFLINE = ("The course's review corpus needs no network: set TEXT_DATASET = 'reviews' in the "
            "notebook's parameters cell (or unset the COURSE_TEXT_DATASET environment variable).")
# What an .npz of ragged word-id lists may ask the unpickler for: NumPy's array rebuilders, nothing else.
_ALLOWED = {("numpy", "ndarray"), ("numpy", "dtype"), ("numpy.core.multiarray", "_reconstruct"),
            ("numpy._core.multiarray", "_reconstruct")}


class _ArraysOnly(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> object:
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refusing {module}.{name}: an .npz of word ids holds arrays only.")


def _read_npz(path: Path) -> dict[str, np.ndarray]:
    """The arrays of an .npz whose object arrays hold lists of word ids, without running arbitrary pickles."""
    arrays = {}
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if not member.endswith(".npy"):
                continue
            stream = io.BytesIO(archive.read(member))
            version = np.lib.format.read_magic(stream)
            shape, _, dtype = (np.lib.format.read_array_header_1_0(stream) if version[0] == 1
                               else np.lib.format.read_array_header_2_0(stream))
            if dtype.hasobject:
                array = _ArraysOnly(stream).load()
            else:
                stream.seek(0)
                array = np.lib.format.read_array(stream, allow_pickle=False)
            arrays[member[:-4]] = np.asarray(array).reshape(shape)
    return arrays


def _corrupt(folder: Path) -> list[Path]:
    """Cached files whose checksum does not match (a broken earlier copy, a changed file)."""
    return [folder / name for name, _, algo, digest in IMDB_SOURCES
            if (folder / name).exists() and _digest(folder / name, algo) != digest]


def load_imdb(limit: int = 5000, *, seed: int = 0, cache_dir: Path | str | None = None) -> Corpus:
    """The online option: IMDB film reviews (Keras' copy), as a Corpus of raw texts.

    Downloads once into ``data/cache/imdb/`` (each file checked against its
    published checksum before use; leftovers of a killed download are removed
    first), reads the verified ``.npz`` and word index itself, decodes the word
    ids back into text, and keeps ``limit`` training reviews, ``limit // 5`` for
    validation (taken from IMDB's training half) and ``limit // 5`` test
    reviews, sampled with ``seed``.

    Args:
        limit: training reviews to keep, a whole number from 10 to 20,000
            (Python or NumPy integer).
        seed: seed of the sample, a whole number of at least 0.
        cache_dir: where downloads are kept (default ``data/cache/``).

    Raises:
        ValueError: a bad ``limit`` or ``seed``.
        helpers.data.DownloadError: no network (the message says how to use
            the offline corpus, and names a cached file that is corrupt), or a
            verified file that cannot be read.
    """
    if isinstance(limit, (bool, np.bool_)) or not isinstance(limit, numbers.Integral) or not 10 <= limit <= 20_000:
        raise ValueError(f"limit must be a whole number of at least 10 (and at most 20,000), got {limit!r}.")
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be a whole number of at least 0, got {seed!r}.")
    limit, seed = int(limit), int(seed)
    folder = (Path(cache_dir) if cache_dir is not None else CACHE) / "imdb"
    if folder.exists():
        for name, *_ in IMDB_SOURCES:  # what a killed download left behind (fetch writes .NAME.xxxx.part)
            for leftover in folder.glob(f".{name}.*.part"):
                leftover.unlink(missing_ok=True)
    corrupt = _corrupt(folder) if folder.exists() else []
    try:
        paths = {name: fetch(url, folder / name, **{algo: digest}) for name, url, algo, digest in IMDB_SOURCES}
    except DownloadError as error:
        reason = str(error).split(". The course's default")[0]
        broken = "".join(f" The cached file {p} is corrupt (its checksum does not match): delete it, "
                         "then download again with a network." for p in corrupt)
        raise DownloadError(f"{reason}.{broken} {_OFFLINE}") from error
    try:
        arrays = _read_npz(paths["imdb.npz"])
        x_train, y_train, x_test, y_test = (arrays[k] for k in ("x_train", "y_train", "x_test", "y_test"))
        index = json.loads(paths["imdb_word_index.json"].read_text(encoding="utf-8"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, pickle.UnpicklingError, EOFError) as error:
        raise DownloadError(f"{paths['imdb.npz']} or {paths['imdb_word_index.json']} could not be read "
                            f"({error}): delete them and download again. {_OFFLINE}") from error
    if len(x_train) != len(y_train) or len(x_test) != len(y_test) or len(x_train) < limit + limit // 5:
        raise DownloadError(f"{paths['imdb.npz']} holds {len(x_train)} training reviews, too few for "
                            f"limit={limit}: delete it and download again.")
    words = {int(i): w for w, i in index.items()}  # the file's ids are the word index's ranks (1 = most common)

    def decode(ids: Sequence[int]) -> str:
        return " ".join(words[int(i)] for i in ids if int(i) in words)

    rng = np.random.default_rng(seed)
    order = rng.permutation(len(x_train))
    train_idx, val_idx = order[:limit], order[limit: limit + limit // 5]
    test_idx = rng.permutation(len(x_test))[: limit // 5]

    def part(x: np.ndarray, y: np.ndarray, idx: np.ndarray) -> Reviews:
        return Reviews(tuple(decode(x[i]) for i in idx), np.asarray(y)[idx].astype("int64"))

    return Corpus(part(x_train, y_train, train_idx), part(x_train, y_train, val_idx), part(x_test, y_test, test_idx))
