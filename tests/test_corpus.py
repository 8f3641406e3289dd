"""The shipped review corpus (data/reviews/): checksums, counts, balance, split hygiene and
agreement with the datasheet in data/README.md.

Everything is measured here from the raw files with this file's own code (its own
normalisation and Jaccard), not with helpers.text's, so a bug there cannot hide one here.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pytest

from helpers import text

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "reviews"
README = ROOT / "data" / "README.md"
OTHER = ROOT / "data" / "other_style" / "reviews.tsv"
SPLITS = ("train", "validation", "test")
COUNTS = {"train": 978, "validation": 210, "test": 208}
TOKEN = re.compile(r"[a-z0-9']+")


def words(review: str) -> list[str]:
    return TOKEN.findall(review.lower())


def raw_rows(split: str) -> list[tuple[str, str]]:
    """(label, text) pairs parsed with plain str.split, independently of helpers.text."""
    lines = (CORPUS / f"{split}.tsv").read_bytes().decode("utf-8").split("\n")
    assert lines[0] == "label\ttext"
    assert lines[-1] == "", "the file should end with a newline"
    return [tuple(line.split("\t")) for line in lines[1:-1]]


@pytest.fixture(scope="module")
def rows():
    return {split: raw_rows(split) for split in SPLITS}


@pytest.fixture(scope="module")
def corpus():
    return text.load_reviews()  # verify=True: checks every sha256


# --------------------------------------------------------------------------- loading and checksums


def test_load_reviews_counts(corpus):
    for split in SPLITS:
        reviews = getattr(corpus, split)
        assert len(reviews) == COUNTS[split]
        assert len(reviews.labels) == COUNTS[split]
    assert sum(len(getattr(corpus, s)) for s in SPLITS) >= 1200
    assert sum(len(getattr(corpus, s)) for s in SPLITS) == 1396


def test_load_reviews_matches_the_raw_files(corpus, rows):
    for split in SPLITS:
        reviews = getattr(corpus, split)
        assert reviews.texts == tuple(t for _, t in rows[split])
        assert reviews.labels.tolist() == [1 if label == "pos" else 0 for label, _ in rows[split]]


@pytest.mark.parametrize("split", SPLITS)
def test_sha256_of_each_file(split):
    digest = hashlib.sha256((CORPUS / f"{split}.tsv").read_bytes()).hexdigest()
    assert digest == text.SHA256[split]


def test_only_the_split_files_of_both_parts_ship():
    assert sorted(p.name for p in CORPUS.iterdir()) == [
        "short_test.tsv", "short_train.tsv", "short_validation.tsv", "test.tsv", "train.tsv", "validation.tsv"]
    assert sorted(p.name for p in OTHER.parent.iterdir()) == ["reviews.tsv"]


@pytest.mark.parametrize("position", [0, 5_000, -2])
def test_a_changed_byte_is_noticed(tmp_path, position):
    original = (CORPUS / "train.tsv").read_bytes()
    changed = bytearray(original)
    changed[position] = ord("X") if changed[position] != ord("X") else ord("Y")
    path = tmp_path / "train.tsv"
    path.write_bytes(bytes(changed))
    with pytest.raises(ValueError, match="git checkout") as info:
        text.read_reviews(path, sha256=text.SHA256["train"])
    assert "train.tsv" in str(info.value)


def test_load_reviews_from_a_folder_with_a_changed_file(tmp_path):
    for split in SPLITS:
        (tmp_path / f"{split}.tsv").write_bytes((CORPUS / f"{split}.tsv").read_bytes())
    assert len(text.load_reviews(tmp_path).test) == COUNTS["test"]  # an exact copy passes
    data = (tmp_path / "test.tsv").read_bytes()
    (tmp_path / "test.tsv").write_bytes(data.replace(b"pos\t", b"neg\t", 1))
    with pytest.raises(ValueError, match="git checkout -- data/reviews/test.tsv"):
        text.load_reviews(tmp_path)
    assert len(text.load_reviews(tmp_path, verify=False).test) == COUNTS["test"]


# --------------------------------------------------------------------------- format


@pytest.mark.parametrize("split", SPLITS)
def test_every_line_has_a_label_and_a_text(split):
    data = (CORPUS / f"{split}.tsv").read_bytes()
    assert b"\r" not in data
    assert not data.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
    lines = data.decode("utf-8").split("\n")[1:-1]
    assert len(lines) == COUNTS[split]
    for number, line in enumerate(lines, start=2):
        fields = line.split("\t")
        assert len(fields) == 2, f"{split}.tsv line {number}: {len(fields)} fields"
        label, review = fields
        assert label in ("pos", "neg"), f"{split}.tsv line {number}: label {label!r}"
        assert review.strip(), f"{split}.tsv line {number}: empty text"
        assert review == review.strip(), f"{split}.tsv line {number}: stray spaces around the text"


def test_texts_are_3_to_60_words(rows):
    for split in SPLITS:
        for label, review in rows[split]:
            assert 3 <= len(words(review)) <= 60, f"{split}: {review!r}"
            assert 3 <= len(review.split()) <= 60, f"{split}: {review!r}"


# --------------------------------------------------------------------------- balance


@pytest.mark.parametrize("split", SPLITS)
def test_label_balance_per_split(rows, split):
    labels = [label for label, _ in rows[split]]
    share = labels.count("pos") / len(labels)
    assert 0.45 <= share <= 0.55, f"{split}: {share:.1%} positive"


def test_label_balance_overall(rows):
    labels = [label for split in SPLITS for label, _ in rows[split]]
    assert 0.45 <= labels.count("pos") / len(labels) <= 0.55


# --------------------------------------------------------------------------- duplicates and leakage


def test_no_duplicates_within_or_across_splits(rows):
    seen: dict[str, str] = {}
    for split in SPLITS:
        for _, review in rows[split]:
            key = " ".join(words(review))
            assert key not in seen, f"{review!r} in {split} repeats one in {seen.get(key)}"
            seen[key] = split


def jaccard_matrix(sets: list[set[str]]) -> np.ndarray:
    """Word-set Jaccard of every pair: |A and B| / |A or B| from a 0/1 review-by-word matrix."""
    vocabulary = {w: k for k, w in enumerate(sorted(set().union(*sets)))}
    present = np.zeros((len(sets), len(vocabulary)), dtype="float32")
    for i, ws in enumerate(sets):
        present[i, [vocabulary[w] for w in ws]] = 1.0
    shared = present @ present.T  # exact: small whole numbers in float32
    sizes = present.sum(axis=1)
    return shared / (sizes[:, None] + sizes[None, :] - shared)


def jaccard_pairs_above(threshold: float, rows) -> list[tuple[float, str, str]]:
    """Cross-split pairs whose word sets have Jaccard > threshold, most similar first."""
    items = [(split, review) for split in SPLITS for _, review in rows[split]]
    similarity = jaccard_matrix([set(words(review)) for _, review in items])
    split_of = np.array([split for split, _ in items])
    cross = split_of[:, None] != split_of[None, :]
    i, j = np.nonzero(np.triu(cross & (similarity > threshold), k=1))
    return sorted(((float(similarity[a, b]), items[a][1], items[b][1]) for a, b in zip(i, j)), reverse=True)


def test_jaccard_matrix_by_hand():
    similarity = jaccard_matrix([{"a", "b", "c"}, {"b", "c", "d"}, {"e"}])
    np.testing.assert_allclose(similarity, [[1, 2 / 4, 0], [2 / 4, 1, 0], [0, 0, 1]])


def test_the_jaccard_search_finds_a_planted_near_duplicate(rows):
    planted = {split: list(pairs) for split, pairs in rows.items()}
    planted["test"] = [*planted["test"], ("pos", rows["train"][0][1] + " Really.")]
    found = jaccard_pairs_above(0.6, planted)
    assert any(rows["train"][0][1] in pair for pair in found)


def test_no_near_duplicates_across_splits(rows):
    found = jaccard_pairs_above(0.6, rows)
    assert not found, f"{len(found)} cross-split pairs share more than 60% of their words, e.g. {found[:3]}"


# --------------------------------------------------------------------------- the datasheet in data/README.md


@pytest.fixture(scope="module")
def readme():
    content = README.read_text(encoding="utf-8")
    if "reviews/" not in content:
        pytest.skip("data/README.md does not describe the review corpus yet")
    return content


def number(s: str) -> int:
    return int(s.replace(",", ""))


def prose(readme: str) -> str:
    """The README with every run of whitespace (line breaks included) as one space."""
    return " ".join(readme.split())


def test_readme_vocabulary_sizes(readme, rows):
    match = re.search(r"([\d,]+) distinct words over the whole corpus, ([\d,]+) in the training split",
                      prose(readme))
    if match is None:
        pytest.skip("data/README.md states no vocabulary size")
    everything = {w for split in SPLITS for _, review in rows[split] for w in words(review)}
    train = {w for _, review in rows["train"] for w in words(review)}
    assert number(match.group(1)) == len(everything)
    assert number(match.group(2)) == len(train)


def test_readme_count_table(readme, rows):
    table = dict(re.findall(r"^\| (train|validation|test|all) \| ([\d,]+ \| [\d,]+ \| [\d,]+) \|$", readme,
                            flags=re.MULTILINE))
    assert set(table) == {*SPLITS, "all"}, "the datasheet's split table should list every split and 'all'"
    totals = [0, 0, 0]
    for split in SPLITS:
        labels = [label for label, _ in rows[split]]
        measured = [len(labels), labels.count("pos"), labels.count("neg")]
        assert [number(v) for v in table[split].split(" | ")] == measured, split
        totals = [a + b for a, b in zip(totals, measured)]
    assert [number(v) for v in table["all"].split(" | ")] == totals
    assert f"{totals[0]:,} short English reviews" in prose(readme)


def test_readme_file_table_sizes_and_checksums(readme):
    for split in SPLITS:
        match = re.search(rf"\| `reviews/{split}\.tsv` \|[^|]*\((\d[\d,]*) reviews\)[^|]*\|[^|]*\| ([\d,]+) bytes \| "
                          r"`([0-9a-f]{64})` \|", readme)
        assert match is not None, f"no row for reviews/{split}.tsv in data/README.md's file table"
        data = (CORPUS / f"{split}.tsv").read_bytes()
        assert number(match.group(1)) == COUNTS[split]
        assert number(match.group(2)) == len(data)
        assert match.group(3) == hashlib.sha256(data).hexdigest()


def test_readme_length_and_similarity_claims(readme, rows):
    lengths = [len(words(review)) for split in SPLITS for _, review in rows[split]]
    match = re.search(r"(\d+) to (\d+) words, ([\d.]+) on average", prose(readme))
    assert match is not None
    assert (int(match.group(1)), int(match.group(2))) == (min(lengths), max(lengths))
    assert float(match.group(3)) == round(sum(lengths) / len(lengths), 1)

    claim = re.search(r"the largest between any two reviews in the corpus is ([\d.]+)", prose(readme))
    assert claim is not None
    similarity = jaccard_matrix([set(words(review)) for split in SPLITS for _, review in rows[split]])
    np.fill_diagonal(similarity, 0.0)
    largest = float(similarity.max())
    assert round(largest, 2) == float(claim.group(1))


# =========================================================================== the short part and the other style

SHORT_COUNTS = {"train": 2464, "validation": 528, "test": 528}


def short_rows(split: str) -> list[tuple[str, str, str]]:
    """(label, text, domain) triples of data/reviews/short_<split>.tsv, parsed with plain str.split."""
    lines = (CORPUS / f"short_{split}.tsv").read_bytes().decode("utf-8").split("\n")
    assert lines[0] == "label\ttext\tdomain"
    assert lines[-1] == ""
    rows = [tuple(line.split("\t")) for line in lines[1:-1]]
    assert all(len(r) == 3 for r in rows)
    return rows


def other_rows() -> list[tuple[str, str]]:
    lines = OTHER.read_bytes().decode("utf-8").split("\n")
    assert lines[0] == "label\ttext" and lines[-1] == ""
    return [tuple(line.split("\t")) for line in lines[1:-1]]


@pytest.fixture(scope="module")
def short():
    return {split: short_rows(split) for split in SPLITS}


def test_short_counts_match_the_loader(short):
    corpus = text.load_reviews(parts="short")
    for split in SPLITS:
        assert len(short[split]) == SHORT_COUNTS[split]
        reviews = getattr(corpus, split)
        assert reviews.texts == tuple(t for _, t, _ in short[split])
        assert reviews.domains == tuple(d for _, _, d in short[split])
    assert sum(SHORT_COUNTS.values()) >= 2000


@pytest.mark.parametrize("split", SPLITS)
def test_short_sha256(split):
    assert hashlib.sha256((CORPUS / f"short_{split}.tsv").read_bytes()).hexdigest() == text.SHORT_SHA256[split]


def test_short_reviews_are_3_to_12_words(short):
    for split in SPLITS:
        for _, review, _ in short[split]:
            assert 3 <= len(words(review)) <= 12, review
            assert review == review.strip() and review[0].isupper()


def test_short_balance_per_split_and_per_domain(short):
    for split in SPLITS:
        labels = [label for label, _, _ in short[split]]
        assert labels.count("pos") == labels.count("neg"), split
    everything = [row for split in SPLITS for row in short[split]]
    domains = sorted({d for _, _, d in everything})
    assert len(domains) >= 10
    for domain in domains:
        labels = [label for label, _, d in everything if d == domain]
        assert labels.count("pos") == labels.count("neg"), domain
        for split in SPLITS:  # stratified: every domain in every split
            assert any(d == domain for _, _, d in short[split])


def test_short_has_negation_contrast_intensifiers_and_comparisons(short):
    everything = [review.lower() for split in SPLITS for _, review, _ in short[split]]

    def share(pattern):
        return np.mean([bool(re.search(pattern, r)) for r in everything])

    assert share(r"\b(not|never|no|nothing)\b|n't") > 0.05
    assert share(r"\bbut\b") > 0.05
    assert share(r"\b(really|very|so|extremely|absolutely|incredibly)\b") > 0.05
    assert share(r"\b(than|better|worse|best|worst)\b") > 0.02


def test_no_duplicate_or_near_duplicate_anywhere_in_the_corpus(rows, short):
    texts = [review for split in SPLITS for _, review in rows[split]]
    texts += [review for split in SPLITS for _, review, _ in short[split]]
    keys = [" ".join(words(t)) for t in texts]
    assert len(set(keys)) == len(keys)
    similarity = jaccard_matrix([set(words(t)) for t in texts])
    np.fill_diagonal(similarity, 0.0)
    n_original = sum(len(rows[split]) for split in SPLITS)
    assert similarity[n_original:, :].max() <= 0.5 + 1e-6, "a short review shares more than half its words with another"


def test_the_generator_reproduces_the_short_files():
    from tools.make_short_reviews import main  # noqa: PLC0415

    assert main(["--check"]) == 0, "python -m tools.make_short_reviews no longer writes the committed files"


def test_other_style_is_balanced_short_and_apart_from_the_corpus(rows, short):
    other = other_rows()
    assert len(other) == 220
    assert [label for label, _ in other].count("pos") == 110
    assert hashlib.sha256(OTHER.read_bytes()).hexdigest() == text.OTHER_STYLE_SHA256
    lengths = [len(words(review)) for _, review in other]
    assert 5 <= min(lengths) and max(lengths) <= 12
    corpus = [review for split in SPLITS for _, review in rows[split]]
    corpus += [review for split in SPLITS for _, review, _ in short[split]]
    sets = [set(words(r)) for _, r in other] + [set(words(r)) for r in corpus]
    similarity = jaccard_matrix(sets)[: len(other), len(other):]
    assert similarity.max() <= 0.5 + 1e-6, "an other-style review is too close to a corpus review"
    assert len({" ".join(words(r)) for _, r in other}) == len(other)


def test_readme_describes_the_short_part_and_the_other_style(readme, short):
    table = {split: count for split, count, _ in re.findall(
        r"^\| short (train|validation|test|all) \| ([\d,]+) \| ([\d,]+) \| [\d,]+ \|$", readme, flags=re.MULTILINE)}
    for split in SPLITS:
        assert number(table[split]) == SHORT_COUNTS[split]
    assert number(table["all"]) == sum(SHORT_COUNTS.values())
    for name, path, count in [("short_train", CORPUS / "short_train.tsv", SHORT_COUNTS["train"]),
                              ("short_validation", CORPUS / "short_validation.tsv", SHORT_COUNTS["validation"]),
                              ("short_test", CORPUS / "short_test.tsv", SHORT_COUNTS["test"]),
                              ("other_style/reviews", OTHER, 220)]:
        where = f"reviews/{name}" if name.startswith("short") else name
        match = re.search(rf"\| `{where}\.tsv` \|[^|]*\(([\d,]+) reviews\)[^|]*\|[^|]*\| ([\d,]+) bytes \| "
                          r"`([0-9a-f]{64})` \|", readme)
        assert match is not None, f"no row for {where}.tsv"
        data = path.read_bytes()
        assert (number(match.group(1)), number(match.group(2)), match.group(3)) == (
            count, len(data), hashlib.sha256(data).hexdigest())
    lengths = [len(words(r)) for split in SPLITS for _, r, _ in short[split]]
    histogram = re.search(r"^\| reviews \| (.*) \|$", readme, flags=re.MULTILINE).group(1).split(" | ")
    assert [number(v) for v in histogram] == [lengths.count(n) for n in range(3, 13)]
    assert f"({np.mean(lengths):.1f} on average, median {int(np.median(lengths))})" in prose(readme)
    assert "written for the course" in prose(readme) and "real reviews" not in readme
