"""Unit tests for helpers.text: reading reviews, words, hashing, neighbours, the projector
export, the offline behaviour of load_imdb and the sentiment classifier.

One classifier is trained for the whole session (5 epochs on the shipped corpus, about
ten seconds); ``trained_classifier`` caches it so tests/test_sentiment_widgets.py reuses it.
Nothing here touches the network.
"""

from __future__ import annotations

import functools
import os
import string

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import text  # noqa: E402
from helpers.text import imdb as imdb_module  # noqa: E402
from helpers.text.words import _check_texts  # noqa: E402
from helpers.data import DownloadError  # noqa: E402
from helpers.text import (  # noqa: E402
    Reviews,
    export_projector,
    jaccard,
    legacy_one_hot,
    load_imdb,
    nearest_neighbours,
    normalise,
    read_reviews,
    tokenize,
    train_sentiment_classifier,
)


@functools.lru_cache(maxsize=None)
def trained_classifier():
    """The one average-pooling classifier of the test session (shared with other test files)."""
    corpus = text.load_reviews()
    return train_sentiment_classifier(corpus.train, corpus.validation, epochs=5)


@pytest.fixture(scope="module")
def classifier():
    return trained_classifier()


@pytest.fixture(scope="module")
def bias(classifier):
    import keras  # noqa: PLC0415

    return float(keras.ops.convert_to_numpy(classifier.model.get_layer("sentiment").bias).reshape(-1)[0])


def logit(p):
    p = np.asarray(p, dtype="float64")
    return np.log(p / (1 - p))


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def write(tmp_path, content, name="reviews.tsv"):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


# --------------------------------------------------------------------------- read_reviews


def test_read_reviews_parses_labels_and_texts_in_order(tmp_path):
    path = write(tmp_path, "label\ttext\npos\tLoved it.\nneg\tBroke in a week.\npos\tNot bad at all!\n")
    reviews = read_reviews(path)
    assert isinstance(reviews, Reviews)
    assert reviews.texts == ("Loved it.", "Broke in a week.", "Not bad at all!")
    assert reviews.labels.tolist() == [1, 0, 1]
    assert reviews.labels.dtype == np.int64
    assert len(reviews) == 3


def test_read_reviews_accepts_windows_line_endings(tmp_path):
    path = write(tmp_path, "label\ttext\r\nneg\tCold soup.\r\npos\tWarm welcome.\r\n")
    reviews = read_reviews(path)
    assert reviews.texts == ("Cold soup.", "Warm welcome.")
    assert reviews.labels.tolist() == [0, 1]


def test_read_reviews_with_the_right_sha256_passes(tmp_path):
    import hashlib  # noqa: PLC0415

    content = b"label\ttext\npos\tLovely.\n"
    path = write(tmp_path, content)
    assert read_reviews(path, sha256=hashlib.sha256(content).hexdigest()).texts == ("Lovely.",)


def test_read_reviews_with_a_wrong_sha256_says_how_to_restore(tmp_path):
    path = write(tmp_path, "label\ttext\npos\tLovely.\n")
    with pytest.raises(ValueError, match="git checkout") as info:
        read_reviews(path, sha256="0" * 64)
    assert "reviews.tsv" in str(info.value)


def test_read_reviews_bad_header_names_file_and_line(tmp_path):
    path = write(tmp_path, "sentiment\treview\npos\tLovely.\n", name="bad_header.tsv")
    with pytest.raises(ValueError, match="bad_header.tsv") as info:
        read_reviews(path)
    assert "first line" in str(info.value) or "line 1" in str(info.value)


def test_read_reviews_three_fields_names_file_and_line(tmp_path):
    path = write(tmp_path, "label\ttext\npos\tLovely.\nneg\tToo\tmany fields\n", name="three.tsv")
    with pytest.raises(ValueError, match=r"three\.tsv line 3") as info:
        read_reviews(path)
    assert "3 field" in str(info.value)


def test_read_reviews_unknown_label_names_file_line_and_label(tmp_path):
    path = write(tmp_path, "label\ttext\npos\tLovely.\nneg\tAwful.\nneutral\tFine, I guess.\n",
                 name="neutral.tsv")
    with pytest.raises(ValueError, match=r"neutral\.tsv line 4") as info:
        read_reviews(path)
    assert "'neutral'" in str(info.value)


@pytest.mark.parametrize("blank", ["", "   ", " \u00a0 "])
def test_read_reviews_empty_text_names_file_and_line(tmp_path, blank):
    path = write(tmp_path, f"label\ttext\npos\tLovely.\nneg\t{blank}\n", name="empty_text.tsv")
    with pytest.raises(ValueError, match=r"empty_text\.tsv line 3") as info:
        read_reviews(path)
    assert "empty" in str(info.value)


def test_read_reviews_empty_file_names_the_file(tmp_path):
    path = write(tmp_path, b"", name="nothing.tsv")
    with pytest.raises(ValueError, match=r"nothing\.tsv"):
        read_reviews(path)


def test_read_reviews_header_only_names_the_file(tmp_path):
    path = write(tmp_path, "label\ttext\n", name="header_only.tsv")
    with pytest.raises(ValueError, match=r"header_only\.tsv holds no reviews"):
        read_reviews(path)


def test_read_reviews_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_reviews(tmp_path / "absent.tsv")


def test_read_reviews_keeps_unicode_line_separators_inside_a_text(tmp_path):
    path = write(tmp_path, "label\ttext\npos\tGreat view.\u2028Friendly staff.\nneg\tNoisy.\n")
    reviews = read_reviews(path)
    assert reviews.texts == ("Great view.\u2028Friendly staff.", "Noisy.")


# --------------------------------------------------------------------------- load_reviews parts, load_other_style


def test_load_reviews_default_is_the_original_part_only():
    corpus = text.load_reviews()
    assert (len(corpus.train), len(corpus.validation), len(corpus.test)) == (978, 210, 208)
    assert corpus.train.domains is None
    assert corpus.train.texts == text.load_reviews(parts=("original",)).train.texts


def test_load_reviews_both_parts_are_concatenated_split_by_split():
    original, short = text.load_reviews(), text.load_reviews(parts="short")
    both = text.load_reviews(parts=("original", "short"))
    for split in text.SPLITS:
        a, b, ab = getattr(original, split), getattr(short, split), getattr(both, split)
        assert ab.texts == a.texts + b.texts
        np.testing.assert_array_equal(ab.labels, np.concatenate([a.labels, b.labels]))
        assert ab.domains == ("",) * len(a) + b.domains
    assert len(short.train) == 2464 and set(short.train.domains) >= {"food", "hotels", "films"}


@pytest.mark.parametrize("parts", [(), ("imdb",), ("short", "short"), "all", None])
def test_load_reviews_bad_parts(parts):
    with pytest.raises(ValueError, match="parts must be"):
        text.load_reviews(parts=parts)


def test_load_other_style_is_balanced_and_checked(tmp_path):
    other = text.load_other_style()
    assert len(other) == 220 and int(other.labels.sum()) == 110
    copy = tmp_path / "reviews.tsv"
    copy.write_bytes(text.OTHER_STYLE_PATH.read_bytes().replace(b"pos\t", b"neg\t", 1))
    with pytest.raises(ValueError, match="git checkout -- data/"):
        text.load_other_style(copy)
    assert len(text.load_other_style(copy, verify=False)) == 220


def test_read_reviews_with_a_domain_column(tmp_path):
    path = write(tmp_path, "label\ttext\tdomain\npos\tLovely soup.\tfood\nneg\tRude staff.\thotels\n")
    reviews = read_reviews(path)
    assert reviews.domains == ("food", "hotels") and reviews.labels.tolist() == [1, 0]
    with pytest.raises(ValueError, match="line 2"):
        read_reviews(write(tmp_path, "label\ttext\tdomain\npos\tLovely soup.\n"))


def test_reviews_add_refuses_other_types():
    with pytest.raises(TypeError):
        TINY + ["a text"]


def test_check_texts_refuses_reviews_with_advice():
    with pytest.raises(TypeError, match=r"reviews\.texts"):
        _check_texts(TINY)


# --------------------------------------------------------------------------- normalise, tokenize, jaccard


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Not BAD!!", "not bad"),
        ("don't", "don't"),
        ("  Spaces,\tTABS\nand lines  ", "spaces tabs and lines"),
        ("Paid 20 pounds for 3.5 stars", "paid 20 pounds for 3 5 stars"),
        ("well-made", "well made"),
        ("!!! ...", ""),
        ("", ""),
    ],
)
def test_normalise_examples(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Not BAD!!", ["not", "bad"]),
        ("I don't know.", ["i", "don't", "know"]),
        ("Room 101, 2nd floor", ["room", "101", "2nd", "floor"]),
        ("?!", []),
    ],
)
def test_tokenize_examples(raw, expected):
    assert tokenize(raw) == expected


@pytest.mark.parametrize("bad", [None, 3, 2.5, b"bytes", ["a list"]])
def test_normalise_and_tokenize_refuse_non_strings(bad):
    with pytest.raises(TypeError, match="must be a string"):
        normalise(bad)
    with pytest.raises(TypeError, match="must be a string"):
        tokenize(bad)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("the film was good", "the film was bad", 3 / 5),  # {the, film, was} / {the, film, was, good, bad}
        ("Good film!", "good FILM", 1.0),
        ("good good film", "film good", 1.0),  # sets, not counts
        ("cold soup", "warm welcome", 0.0),
        ("a b c d", "c d e", 2 / 5),
        ("", "", 0.0),
        ("!!!", "good", 0.0),
    ],
)
def test_jaccard_hand_computed(a, b, expected):
    assert jaccard(a, b) == pytest.approx(expected)
    assert jaccard(b, a) == pytest.approx(expected)


# --------------------------------------------------------------------------- _check_texts


def test_check_texts_single_string_becomes_a_list():
    assert _check_texts("Lovely film.") == ["Lovely film."]


def test_check_texts_keeps_lists_and_tuples():
    assert _check_texts(["a good one", "a bad one"]) == ["a good one", "a bad one"]
    assert _check_texts(("x1",)) == ["x1"]


def test_check_texts_numpy_array_of_strings():
    out = _check_texts(np.array(["good film", "bad film"]))
    assert out == ["good film", "bad film"]
    assert all(type(item) is str for item in out)


def test_check_texts_generator():
    assert _check_texts(t for t in ["one", "two"]) == ["one", "two"]


def test_check_texts_empty_list_is_a_value_error():
    with pytest.raises(ValueError, match="no texts"):
        _check_texts([])


def test_check_texts_names_the_first_non_string_item():
    with pytest.raises(TypeError, match=r"item 0 is a int \(1\)"):
        _check_texts([1, "a"])
    with pytest.raises(TypeError, match="item 1"):
        _check_texts(["fine", None])


@pytest.mark.parametrize("bad", [None, 3, b"bytes", {"text": "good"}])
def test_check_texts_refuses_non_text_containers(bad):
    with pytest.raises(TypeError):
        _check_texts(bad)


@pytest.mark.parametrize("empty", ["", "!!!", "   "])
def test_check_texts_empty_text_is_a_value_error_unless_allowed(empty):
    with pytest.raises(ValueError, match="no words"):
        _check_texts(empty)
    with pytest.raises(ValueError, match="item 1"):
        _check_texts(["fine", empty])
    assert _check_texts(empty, allow_empty=True) == [empty]


def test_check_texts_zero_dimensional_array_is_one_text():
    try:
        out = _check_texts(np.array("goodfilm"))
    except TypeError:
        return  # refusing a 0-d array is acceptable too
    assert out == ["goodfilm"]


# --------------------------------------------------------------------------- legacy_one_hot


def test_legacy_one_hot_codes_lie_in_1_to_n_minus_1():
    sentence = "the quick brown fox jumps over the lazy dog and keeps running far away " * 3
    for n in (2, 3, 10, 50):
        codes = legacy_one_hot(sentence, n)
        assert len(codes) == len(sentence.split())
        assert all(isinstance(c, int) for c in codes)
        assert min(codes) >= 1
        assert max(codes) <= n - 1


def test_legacy_one_hot_same_word_same_code_within_a_process():
    codes = legacy_one_hot("Good good GOOD, good!", 1000)
    assert len(codes) == 4
    assert len(set(codes)) == 1
    assert legacy_one_hot("good", 1000) == codes[:1]


def test_legacy_one_hot_n_2_collides_everything():
    assert legacy_one_hot("good bad awful superb", 2) == [1, 1, 1, 1]


def test_legacy_one_hot_custom_hash_gives_exact_codes():
    # len(word) % 4 + 1 for words of 1..5 letters
    assert legacy_one_hot("a bb ccc dddd eeeee", 5, hash_function=len) == [2, 3, 4, 1, 2]
    assert legacy_one_hot("Hi THERE!", 10, hash_function=lambda w: len(w)) == [3, 6]


def test_legacy_one_hot_empty_text_gives_no_codes():
    assert legacy_one_hot("!!!", 10) == []


def test_legacy_one_hot_accepts_numpy_integers():
    assert legacy_one_hot("good film", np.int64(10)) == legacy_one_hot("good film", 10)
    assert all(type(c) is int for c in legacy_one_hot("good film", np.int32(5)))


@pytest.mark.parametrize("n", [1, 0, -5, 2.5, True, "10", None, np.int64(1), np.float64(10.0)])
def test_legacy_one_hot_bad_n_is_a_value_error(n):
    with pytest.raises(ValueError, match="at least 2"):
        legacy_one_hot("good film", n)


# --------------------------------------------------------------------------- nearest_neighbours

WORDS = ["a", "b", "c", "d", "e"]
VECTORS = np.array([
    [1.0, 0.0],   # a
    [2.0, 0.2],   # b: cos(a, b) = 2 / sqrt(4.04)
    [1.0, 1.0],   # c: 1 / sqrt(2)
    [0.0, 3.0],   # d: 0
    [-1.0, 0.0],  # e: -1
])


def test_nearest_neighbours_exact_order_and_cosines():
    result = nearest_neighbours(VECTORS, WORDS, "a", k=3)
    assert [w for w, _ in result] == ["b", "c", "d"]
    assert [s for _, s in result] == pytest.approx([2 / np.sqrt(4.04), 1 / np.sqrt(2), 0.0], abs=1e-12)
    assert all(isinstance(s, float) for _, s in result)


def test_nearest_neighbours_from_another_word_and_large_k():
    result = nearest_neighbours(VECTORS, WORDS, "d", k=10)  # more than there are: all others
    assert [w for w, _ in result][:2] == ["c", "b"]
    assert {w for w, _ in result[2:]} == {"a", "e"}  # a tie at 0: either order
    sims = dict(result)
    assert sims["c"] == pytest.approx(1 / np.sqrt(2))
    assert sims["b"] == pytest.approx(0.2 / np.sqrt(4.04))
    assert sims["a"] == pytest.approx(0.0, abs=1e-12)
    assert sims["e"] == pytest.approx(0.0, abs=1e-12)


def test_nearest_neighbours_accepts_a_numpy_integer_k():
    assert nearest_neighbours(VECTORS, WORDS, "a", k=np.int64(2)) == nearest_neighbours(VECTORS, WORDS, "a", k=2)


def test_nearest_neighbours_zero_vector_has_similarity_zero_not_nan():
    vectors = np.vstack([VECTORS, np.zeros(2)])
    result = dict(nearest_neighbours(vectors, [*WORDS, "pad"], "a", k=10))
    assert result["pad"] == 0.0
    assert "a" not in result


def test_nearest_neighbours_unknown_word():
    with pytest.raises(ValueError, match="'zebra' is not in the vocabulary"):
        nearest_neighbours(VECTORS, WORDS, "zebra")
    with pytest.raises(ValueError, match="lower-case"):
        nearest_neighbours(VECTORS, WORDS, "A")


@pytest.mark.parametrize("vectors", [VECTORS[:4], VECTORS.reshape(-1), VECTORS[None]])
def test_nearest_neighbours_shape_mismatch(vectors):
    with pytest.raises(ValueError, match="one row per word"):
        nearest_neighbours(vectors, WORDS, "a")


# --------------------------------------------------------------------------- export_projector


def test_export_projector_without_extra(tmp_path):
    vectors = np.array([[0.5, -1.25, 3.0], [0.0, 1e-3, 2.5], [7.0, 8.0, -9.0]])
    vec_path, meta_path = export_projector(vectors, ["good", "bad", "film"], tmp_path / "proj")
    assert vec_path == tmp_path / "proj" / "vectors.tsv"
    assert meta_path == tmp_path / "proj" / "metadata.tsv"
    rows = vec_path.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 3
    parsed = np.array([[float(v) for v in row.split("\t")] for row in rows])
    assert parsed.shape == (3, 3)
    np.testing.assert_allclose(parsed, vectors, rtol=1e-5)
    assert meta_path.read_text(encoding="utf-8") == "good\nbad\nfilm\n"


def test_export_projector_with_extra_has_a_header(tmp_path):
    vectors = np.arange(8.0).reshape(4, 2)
    words = ["great", "awful", "ok", "meh"]
    extra = {"score": [2.5, -3.0, 0.1, -0.2], "count": [10, 4, 7, 1]}
    _, meta_path = export_projector(vectors, words, tmp_path, extra=extra)
    lines = meta_path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5
    assert lines[0] == "word\tscore\tcount"
    assert lines[1] == "great\t2.5\t10"
    assert lines[2] == "awful\t-3.0\t4"
    assert all(len(line.split("\t")) == 3 for line in lines)


def test_export_projector_mismatched_lengths(tmp_path):
    with pytest.raises(ValueError, match="one vector per word"):
        export_projector(np.zeros((3, 2)), ["a", "b"], tmp_path)
    with pytest.raises(ValueError, match="one vector per word"):
        export_projector(np.zeros(3), ["a", "b", "c"], tmp_path)
    with pytest.raises(ValueError, match="'score' has 2 values for 3 words"):
        export_projector(np.zeros((3, 2)), ["a", "b", "c"], tmp_path, extra={"score": [1, 2]})


@pytest.mark.parametrize("word", ["two\twords", "new\nline"])
def test_export_projector_word_with_tab_or_newline(tmp_path, word):
    with pytest.raises(ValueError, match="tab or newline"):
        export_projector(np.zeros((2, 2)), ["fine", word], tmp_path)


def test_export_projector_extra_value_with_tab_is_refused(tmp_path):
    with pytest.raises(ValueError, match="tab or newline"):
        export_projector(np.zeros((2, 2)), ["good", "bad"], tmp_path, extra={"note": ["fine", "a\tb"]})


# --------------------------------------------------------------------------- load_imdb (offline)


@pytest.mark.parametrize("limit", [5, 9, 0, -1, True, 100.0, "5000", 20_001])
def test_load_imdb_bad_limit(tmp_path, limit):
    with pytest.raises(ValueError, match="at least 10"):
        load_imdb(limit, cache_dir=tmp_path)
    assert not (tmp_path / "imdb").exists()


@pytest.fixture
def offline_imdb(monkeypatch):
    monkeypatch.setattr(imdb_module, "IMDB_SOURCES", [
        ("imdb.npz", "file:///nonexistent/imdb.npz", "sha256", "0" * 64),
        ("imdb_word_index.json", "file:///nonexistent/imdb_word_index.json", "md5", "0" * 32),
    ])


def test_load_imdb_without_the_files_raises_download_error(tmp_path, offline_imdb):
    with pytest.raises(DownloadError, match="needs no network") as info:
        load_imdb(100, cache_dir=tmp_path)
    assert "imdb.npz" in str(info.value)
    assert list((tmp_path / "imdb").iterdir()) == []  # no partial download left behind


def test_load_imdb_download_error_points_to_the_offline_review_corpus(tmp_path, offline_imdb):
    with pytest.raises(DownloadError) as info:
        load_imdb(100, cache_dir=tmp_path)
    message = str(info.value)
    assert "reviews" in message
    assert "digits" not in message


def test_load_imdb_names_a_corrupt_cached_file(tmp_path, offline_imdb):
    (tmp_path / "imdb").mkdir()
    (tmp_path / "imdb" / "imdb.npz").write_bytes(b"half a download")
    with pytest.raises(DownloadError) as info:
        load_imdb(100, cache_dir=tmp_path)
    assert str(tmp_path / "imdb" / "imdb.npz") in str(info.value)
    assert "corrupt" in str(info.value)


WORDS_OF_FIXTURE = ["the", "film", "was", "great", "awful", "plot", "i", "loved", "it", "hated"]


def make_imdb_fixture(folder, n_train=40, n_test=20):
    """A small file in IMDB's own format: ragged word-id lists (object arrays) and a word index."""
    import hashlib  # noqa: PLC0415
    import json  # noqa: PLC0415

    rng = np.random.default_rng(0)
    index = {w: i + 1 for i, w in enumerate(WORDS_OF_FIXTURE)}  # rank 1 = most common, as in the real file

    def reviews(n):
        x = np.empty(n, dtype=object)
        for i in range(n):
            x[i] = [int(v) for v in rng.integers(1, len(index) + 1, size=int(rng.integers(3, 8)))]
        return x, rng.integers(0, 2, size=n).astype("int64")

    (x_train, y_train), (x_test, y_test) = reviews(n_train), reviews(n_test)
    npz, words = folder / "imdb.npz", folder / "imdb_word_index.json"
    np.savez(npz, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    words.write_text(json.dumps(index), encoding="utf-8")
    sources = [("imdb.npz", npz.as_uri(), "sha256", hashlib.sha256(npz.read_bytes()).hexdigest()),
               ("imdb_word_index.json", words.as_uri(), "md5", hashlib.md5(words.read_bytes()).hexdigest())]
    return sources, (x_train, y_train, x_test, y_test), {i: w for w, i in index.items()}


@pytest.fixture
def imdb_fixture(tmp_path, monkeypatch):
    source = tmp_path / "source"
    source.mkdir()
    sources, arrays, words = make_imdb_fixture(source)
    monkeypatch.setattr(imdb_module, "IMDB_SOURCES", sources)  # the checksums of the fixture
    return tmp_path / "cache", arrays, words


def test_load_imdb_after_a_verified_download(imdb_fixture):
    cache, (x_train, y_train, x_test, y_test), words = imdb_fixture
    corpus = load_imdb(10, seed=3, cache_dir=cache)  # downloads from a file:// URL with the real fetch
    assert (len(corpus.train), len(corpus.validation), len(corpus.test)) == (10, 2, 2)
    decoded = {" ".join(words[i] for i in ids): int(label) for ids, label in zip(x_train, y_train)}
    for text_, label in zip(corpus.train.texts + corpus.validation.texts, np.concatenate(
            [corpus.train.labels, corpus.validation.labels])):
        assert decoded[text_] == label  # each text is a decoded training review, with its own label
    assert len(set(corpus.train.texts) & set(corpus.validation.texts)) <= 1  # disjoint samples (rare repeats)
    test_decoded = {" ".join(words[i] for i in ids) for ids in x_test}
    assert set(corpus.test.texts) <= test_decoded
    assert sorted(p.name for p in (cache / "imdb").iterdir()) == ["imdb.npz", "imdb_word_index.json"]
    again = load_imdb(np.int64(10), seed=np.int64(3), cache_dir=cache)  # cached; NumPy integers accepted
    assert again.train.texts == corpus.train.texts


def test_load_imdb_with_a_stubbed_downloader(tmp_path, monkeypatch):
    import shutil  # noqa: PLC0415

    source = tmp_path / "source"
    source.mkdir()
    sources, _, _ = make_imdb_fixture(source)
    monkeypatch.setattr(imdb_module, "IMDB_SOURCES", sources)
    calls = []

    def fake_fetch(url, dest, **checksum):
        calls.append((url, checksum))
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / dest.name, dest)
        return dest

    monkeypatch.setattr(imdb_module, "fetch", fake_fetch)
    corpus = load_imdb(12, cache_dir=tmp_path / "cache")
    assert len(corpus.train) == 12
    assert [c[1] for c in calls] == [{"sha256": sources[0][3]}, {"md5": sources[1][3]}]


def test_load_imdb_removes_what_a_killed_download_left(imdb_fixture):
    cache = imdb_fixture[0]
    (cache / "imdb").mkdir(parents=True)
    leftover = cache / "imdb" / ".imdb.npz.k1ll3d.part"
    leftover.write_bytes(b"the first megabyte")
    load_imdb(10, cache_dir=cache)
    assert not leftover.exists()
    assert not list((cache / "imdb").glob("*.part")) and not list((cache / "imdb").glob(".*.part"))


def test_load_imdb_refuses_a_pickle_that_is_not_an_array(tmp_path, monkeypatch):
    import hashlib  # noqa: PLC0415
    import pickle  # noqa: PLC0415
    import zipfile  # noqa: PLC0415

    source = tmp_path / "source"
    source.mkdir()
    sources, _, _ = make_imdb_fixture(source)
    evil = source / "evil.npz"
    header = np.lib.format.header_data_from_array_1_0(np.empty(1, dtype=object))
    with zipfile.ZipFile(evil, "w") as archive:
        with archive.open("x_train.npy", "w") as out:
            np.lib.format.write_array_header_1_0(out, header)
            out.write(pickle.dumps(print))  # a global that is not NumPy's array rebuilder
    bad = [("imdb.npz", evil.as_uri(), "sha256", hashlib.sha256(evil.read_bytes()).hexdigest()), sources[1]]
    monkeypatch.setattr(imdb_module, "IMDB_SOURCES", bad)
    with pytest.raises(DownloadError, match="could not be read"):
        load_imdb(10, cache_dir=tmp_path / "cache")


@pytest.mark.parametrize("seed", [-1, 1.5, "0", True])
def test_load_imdb_bad_seed(tmp_path, seed):
    with pytest.raises(ValueError, match="seed"):
        load_imdb(100, seed=seed, cache_dir=tmp_path)


# --------------------------------------------------------------------------- train_sentiment_classifier: bad input

TINY = Reviews(("a lovely film", "a dreadful film", "great fun", "total waste"), np.array([1, 0, 1, 0]))


def test_train_unknown_pooling():
    with pytest.raises(ValueError, match="'max'"):
        train_sentiment_classifier(TINY, pooling="max", epochs=1)


def test_train_labels_must_be_0_or_1():
    bad = Reviews(TINY.texts, np.array([0, 2, 1, 0]))
    with pytest.raises(ValueError, match=r"train: labels must be 0 \(negative\) or 1"):
        train_sentiment_classifier(bad, epochs=1)
    with pytest.raises(ValueError, match="validation: labels"):
        train_sentiment_classifier(TINY, Reviews(TINY.texts, np.array([0, 1, -1, 0])), epochs=1)


def test_train_labels_of_wrong_length():
    with pytest.raises(ValueError, match="4 texts but labels of shape"):
        train_sentiment_classifier(Reviews(TINY.texts, np.array([1, 0, 1])), epochs=1)
    with pytest.raises(ValueError, match="4 texts but labels of shape"):
        train_sentiment_classifier(Reviews(TINY.texts, np.array([[1, 0, 1, 0]])), epochs=1)


def test_train_refuses_texts_where_reviews_are_expected():
    with pytest.raises(TypeError, match="helpers.text.Reviews"):
        train_sentiment_classifier(list(TINY.texts), epochs=1)


@pytest.mark.parametrize(("setting", "value"), [("ngrams", 3), ("epochs", 0), ("batch_size", 0),
                                                ("learning_rate", float("nan")), ("learning_rate", -1.0)])
def test_train_bad_settings(setting, value):
    with pytest.raises(ValueError, match=setting):
        train_sentiment_classifier(TINY, **{setting: value})


def test_train_lexicon_needs_average_pooling():
    with pytest.raises(ValueError, match="average"):
        train_sentiment_classifier(TINY, pooling="flatten", lexicon=True, epochs=1)


def test_train_non_string_text():
    with pytest.raises(TypeError, match="item 1"):
        train_sentiment_classifier(Reviews(("fine", 3), np.array([1, 0])), epochs=1)


# --------------------------------------------------------------------------- the trained classifier


def test_vocabulary_starts_with_padding_and_unknown(classifier):
    vocab = classifier.vocabulary
    assert vocab[:2] == ["", "[UNK]"]
    assert len(vocab) == len(set(vocab))


def test_vocabulary_comes_from_the_training_split_only(classifier):
    # TextVectorization's default: lower case, strip ASCII punctuation, split on whitespace.
    strip = str.maketrans("", "", string.punctuation)
    corpus = text.load_reviews()
    train_words = {w for t in corpus.train.texts for w in t.lower().translate(strip).split()}
    held_out = {w for t in corpus.validation.texts + corpus.test.texts for w in t.lower().translate(strip).split()}
    vocab = set(classifier.vocabulary)
    assert len(classifier.vocabulary) == 2 + len(train_words)  # max_tokens 5000 keeps them all
    assert train_words <= vocab
    only_held_out = held_out - train_words
    assert len(only_held_out) > 100
    assert not (only_held_out & vocab)


def test_history_and_settings(classifier):
    assert classifier.pooling == "average"
    assert 1 <= len(classifier.history.history["loss"]) <= 5
    assert "val_loss" in classifier.history.history
    assert classifier.settings["epochs"] == 5
    # Keras' own History, with nothing of the course's bookkeeping stuck onto it
    assert not {"seconds", "examples_per_second", "madds_per_example"} & set(vars(classifier.history))


def test_predict_shape_range_and_dtype(classifier):
    texts = ["A wonderful evening, the staff were lovely.", "Rude staff and a dirty room.", "It was ok."]
    p = classifier.predict(texts)
    assert p.shape == (3,)
    assert p.dtype == np.float32
    assert np.all((p >= 0) & (p <= 1))
    assert np.all(np.isfinite(p))


def test_predict_single_string_and_numpy_array(classifier):
    p = classifier.predict("Lovely staff and a spotless room.")
    assert p.shape == (1,)
    both = classifier.predict(np.array(["Lovely staff and a spotless room.", "Dirty and rude."]))
    assert both.shape == (2,)
    assert both[0] == pytest.approx(p[0], abs=1e-6)


def test_predict_learned_something(classifier):
    corpus = text.load_reviews()
    accuracy = np.mean((classifier.predict(list(corpus.test.texts)) > 0.5) == corpus.test.labels)
    assert accuracy > 0.7  # chance is 0.5


@pytest.mark.parametrize("empty", ["", "!!!", "   "])
def test_predict_empty_text_is_a_value_error(classifier, empty):
    with pytest.raises(ValueError, match="no words"):
        classifier.predict(empty)
    with pytest.raises(ValueError, match="no words"):
        classifier.contributions(empty)


@pytest.mark.parametrize("bad", [3, None, [1, "good"], [b"bytes"]])
def test_predict_non_string_is_a_type_error(classifier, bad):
    with pytest.raises(TypeError):
        classifier.predict(bad)


@pytest.mark.parametrize("apostrophes", ["'", "'' '"])
def test_predict_apostrophes_only_is_refused_not_nan(classifier, apostrophes):
    try:
        p = classifier.predict(apostrophes)
    except ValueError:
        return  # refused, like "!!!": the fix we suggest
    assert np.all(np.isfinite(p)), f"predict({apostrophes!r}) gave {p}"
    assert classifier.contributions(apostrophes) != []


def test_unknown_words_show_as_unk(classifier):
    vocab = set(classifier.vocabulary)
    assert "zzqxv" not in vocab and "blorptastic" not in vocab
    assert "good" in vocab
    words = [w for w, _ in classifier.contributions("zzqxv good blorptastic")]
    assert words == ["[UNK]", "good", "[UNK]"]


def test_contributions_follow_the_sentence(classifier):
    sentence = "the service was terrible"
    assert set(sentence.split()) <= set(classifier.vocabulary)
    contributions = classifier.contributions(sentence)
    assert [w for w, _ in contributions] == sentence.split()
    assert all(isinstance(v, float) for _, v in contributions)


@pytest.mark.parametrize("sentence", [
    "the service was terrible and rude",
    "Not bad at all, I really enjoyed it.",
    "The room was small but clean, and breakfast was fine.",
    "zzqxv film",
    "film",
    "A long one: " + "the staff were friendly and the food was cold " * 6,  # over the 40-token window
])
def test_contributions_plus_bias_give_the_logit(classifier, bias, sentence):
    shares = [v for _, v in classifier.contributions(sentence)]
    p = float(classifier.predict(sentence)[0])
    assert sigmoid(bias + sum(shares)) == pytest.approx(p, abs=1e-4)
    if 1e-4 < p < 1 - 1e-4:
        assert bias + sum(shares) == pytest.approx(float(logit(p)), abs=1e-2)


def test_word_scores_are_single_word_logits(classifier, bias):
    scores = classifier.word_scores()
    vocab = classifier.vocabulary
    assert scores.shape == (len(vocab),)
    for word in ("film", "staff", "room", "service"):
        p = float(classifier.predict(word)[0])
        assert sigmoid(bias + scores[vocab.index(word)]) == pytest.approx(p, abs=1e-4)


def test_as_string_model_matches_predict(classifier):
    texts = ["Lovely staff.", "The room was dirty and the staff were rude.", "zzqxv film", "ok"]
    model = classifier.as_string_model()
    out = np.asarray(model(np.array(texts)))
    assert out.shape == (4, 1)
    np.testing.assert_allclose(out.reshape(-1), classifier.predict(texts), atol=1e-6)


def test_embedding_matrix_has_one_row_per_word(classifier):
    matrix = classifier.embedding_matrix()
    assert matrix.shape == (len(classifier.vocabulary), 16)


def test_flatten_model_has_no_word_scores():
    corpus = text.load_reviews()
    small = Reviews(corpus.train.texts[:64], corpus.train.labels[:64])
    flat = train_sentiment_classifier(small, pooling="flatten", epochs=1, sequence_length=12,
                                      embedding_dim=4, max_tokens=300)
    assert flat.pooling == "flatten"
    assert flat.predict(["good film", "bad film"]).shape == (2,)
    with pytest.raises(ValueError, match="average-pooling"):
        flat.word_scores()
    with pytest.raises(ValueError, match="average-pooling"):
        flat.contributions("good film")
