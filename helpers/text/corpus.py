"""The course's review corpus (``data/reviews/``) and its second, differently written evaluation set.

Two parts ship, each in a fixed train/validation/test split (see ``data/README.md``):

* ``"original"``: 1,396 reviews written one by one for the course (6 to 26 words);
  ``load_reviews()`` with its defaults returns exactly this part.
* ``"short"``: 2,420 short plain reviews (3 to 12 words) in 11 domains, made by
  ``tools/make_short_reviews.py`` from phrase lists written for the course.

``data/other_style/reviews.tsv`` holds 220 one-sentence reviews written by hand in
another style, about other things; it is never trained on (:func:`load_other_style`).
Loading checks each file's sha256, so a changed file is noticed before anything learns from it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from helpers._validate import existing_file

__all__ = [
    "CORPUS_DIR",
    "LABELS",
    "OTHER_STYLE_PATH",
    "PARTS",
    "SPLITS",
    "Corpus",
    "Reviews",
    "load_other_style",
    "load_reviews",
    "read_reviews",
]

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"
CORPUS_DIR = DATA_DIR / "reviews"
OTHER_STYLE_PATH = DATA_DIR / "other_style" / "reviews.tsv"
SPLITS = ("train", "validation", "test")
LABELS = ("neg", "pos")  # label 0, label 1
PARTS = ("original", "short")
_PREFIX = {"original": "", "short": "short_"}
SHA256 = {
    "train": "a62620d947a0bc979ba2c99a54177e4ad4093f4332091b3f78c258398ca566c9",
    "validation": "75200bc7fa0087675d5b56aa748f612d17a180e38bb3a50da10cb710df639839",
    "test": "06dc22306efc2c985d3a8c4814646655755bc4088c6d6720fea5bdb348481dbb",
}
SHORT_SHA256 = {
    "train": "ecc0ab80cc2e855777843fced64ed1ae3b4533af3f1ba0a921b726523bcf880c",
    "validation": "45547bc17894ded43eb862e36280857bdc66ee95bb49c2fb601c64bf253ff9bd",
    "test": "e83ffc04bf6da3174d9039fbe8be7b0ba2569b694da8778939586606aa4fcf2f",
}
OTHER_STYLE_SHA256 = "f00c8fda8fcfc6a677b525da4f3928c090b67f3df9b9331a3baba52294ca9048"
_HEADERS = ("label\ttext", "label\ttext\tdomain")


@dataclass(frozen=True, eq=False)
class Reviews:
    """Texts and their labels (1 = positive, 0 = negative), in file order.

    ``domains`` names each review's domain (``"food"``, ``"hotels"``, ...) where
    the file records it (the short part), else it is ``None``.
    """

    texts: tuple[str, ...]
    labels: np.ndarray
    domains: tuple[str, ...] | None = None

    def __len__(self) -> int:
        return len(self.texts)

    def __repr__(self) -> str:
        return f"Reviews({len(self)} texts, {int(self.labels.sum())} positive)"

    def __add__(self, other: Reviews) -> Reviews:
        if not isinstance(other, Reviews):
            return NotImplemented
        domains = None
        if self.domains is not None or other.domains is not None:
            domains = (self.domains or ("",) * len(self)) + (other.domains or ("",) * len(other))
        return Reviews(self.texts + other.texts, np.concatenate([self.labels, other.labels]), domains)


@dataclass(frozen=True, eq=False)
class Corpus:
    """The three splits of the review corpus."""

    train: Reviews
    validation: Reviews
    test: Reviews

    def __repr__(self) -> str:
        return (f"Corpus(train {len(self.train)}, validation {len(self.validation)}, "
                f"test {len(self.test)} reviews)")


def read_reviews(path: Path | str, *, sha256: str | None = None) -> Reviews:
    """Read one file: UTF-8 TSV with the header ``label<TAB>text`` (or ``label<TAB>text<TAB>domain``).

    Raises:
        ValueError: a sha256 mismatch, a bad header, a line without the header's
            number of fields, a label other than ``pos``/``neg``, or an empty text
            (the message names the file and line).
        TypeError: ``path`` is not a path.
    """
    path = existing_file(path, "path", "Pass the path of a review file (label<TAB>text), such as "
                         "data/reviews/train.tsv.")
    raw = path.read_bytes()
    if sha256 is not None and hashlib.sha256(raw).hexdigest() != sha256:
        where = "data/other_style/reviews.tsv" if path.name == OTHER_STYLE_PATH.name else f"data/reviews/{path.name}"
        raise ValueError(
            f"{path.name} has changed (its sha256 is not the one in data/README.md): the course's "
            f"figures were measured on the original. Restore it with: git checkout -- {where}"
        )
    # split on newlines only: str.splitlines() would also break at U+2028 and friends inside a text
    lines = [line.removesuffix("\r") for line in raw.decode("utf-8").split("\n")]
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0] not in _HEADERS:
        raise ValueError(f"{path.name}: the first line must be the header 'label<TAB>text'.")
    width = lines[0].count("\t") + 1
    texts, labels, domains = [], [], []
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != width:
            expected = "'label<TAB>text'" if width == 2 else "'label<TAB>text<TAB>domain'"
            raise ValueError(f"{path.name} line {number}: expected {expected}, got {len(fields)} field(s).")
        label, text = fields[:2]
        if label not in LABELS:
            raise ValueError(f"{path.name} line {number}: label {label!r} is not one of {LABELS}.")
        if not text.strip():
            raise ValueError(f"{path.name} line {number}: the text is empty.")
        texts.append(text)
        labels.append(LABELS.index(label))
        if width == 3:
            domains.append(fields[2])
    if not texts:
        raise ValueError(f"{path.name} holds no reviews.")
    return Reviews(tuple(texts), np.array(labels, dtype="int64"), tuple(domains) if width == 3 else None)


def load_reviews(folder: Path | str | None = None, *, verify: bool = True,
                 parts: tuple[str, ...] | str = ("original",)) -> Corpus:
    """Load the course's review corpus, checking each file's sha256 (``verify``).

    Args:
        folder: where the split files are (default ``data/reviews/``).
        verify: check each file's sha256 against the datasheet's.
        parts: which parts to load, in this order, concatenated split by split:
            ``"original"`` (the default: exactly the 1,396 reviews notebooks 06
            and 07 were first written for) and/or ``"short"`` (2,420 short plain
            reviews). A single name may be given as a string.

    Raises:
        ValueError: an unknown or repeated part, or a changed file.
    """
    if isinstance(parts, str):
        parts = (parts,)
    if not isinstance(parts, (tuple, list)):
        raise ValueError(f"parts must be one or more of {PARTS} (a tuple of names), got {parts!r}.")
    parts = tuple(parts)
    if not parts or any(p not in PARTS for p in parts) or len(set(parts)) != len(parts):
        raise ValueError(f"parts must be one or more of {PARTS} (each once), got {parts!r}.")
    base = Path(folder) if folder is not None else CORPUS_DIR
    digests = {"original": SHA256, "short": SHORT_SHA256}
    splits = []
    for split in SPLITS:
        pieces = [read_reviews(base / f"{_PREFIX[p]}{split}.tsv", sha256=digests[p][split] if verify else None)
                  for p in parts]
        reviews = pieces[0]
        for piece in pieces[1:]:
            reviews = reviews + piece
        splits.append(reviews)
    return Corpus(*splits)


def load_other_style(path: Path | str | None = None, *, verify: bool = True) -> Reviews:
    """The second evaluation set: 220 reviews written by hand in another style (never trained on).

    Plain one-sentence reviews of everyday things (gyms, concerts, vets, cars,
    supermarkets, skincare, ...), 5 to 10 words, half negative, written with
    other sentence frames and words than the corpus. See ``data/README.md``.
    """
    target = OTHER_STYLE_PATH if path is None else path
    return read_reviews(target, sha256=OTHER_STYLE_SHA256 if verify else None)
