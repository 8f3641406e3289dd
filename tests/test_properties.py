"""Property-based tests (Hypothesis) of the public helpers.

Each helper is driven with random shapes, dtypes, NaNs, infinities, empty
arrays, negative and out-of-range values and wrong types (None, strings, bytes,
lists of mixed things, bools). Every call must either return a valid result
(its invariants are checked: shapes, ranges, finiteness, types, hand formulas)
or raise a ValueError or TypeError with a non-empty message: never another
exception type, never a silently wrong result.

Edge cases found by these properties (and since fixed) have explicit tests at
the end of each section.

Locally each run draws new examples; under CI (``CI`` set) the examples are
derandomized so a run is reproducible. No example database is kept; Hypothesis
caches a little under ``.hypothesis/``, which it makes git ignore.
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import json
import math
import re
import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from helpers import chains, data, metrics, noise, report, text, widgets
from test_embeddings import _cooccurrence_by_loops  # the definition, one pair at a time

BASE = settings(
    database=None,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
FEW = settings(BASE, max_examples=25)

# Exception types that must never reach a caller, even when they also subclass ValueError
# (NumPy's AxisError is both a ValueError and an IndexError).
FORBIDDEN = (IndexError, KeyError, ZeroDivisionError, AttributeError, OverflowError, FloatingPointError,
             np.linalg.LinAlgError)


def attempt(fn, *args, **kwargs):
    """Call ``fn``: ``(True, result)``, or ``(False, error)`` for a ValueError/TypeError with a message.

    Any other exception propagates and fails the test; so does an allowed type
    that is also a forbidden one, or an empty message.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return True, fn(*args, **kwargs)
        except (ValueError, TypeError) as error:
            assert not isinstance(error, FORBIDDEN), f"{fn.__name__} raised {type(error).__mro__}: {error}"
            assert str(error).strip(), f"{fn.__name__} raised {type(error).__name__} with an empty message"
            return False, error


def must_fail(fn, *args, **kwargs) -> Exception:
    ok, out = attempt(fn, *args, **kwargs)
    assert not ok, f"{fn.__name__}{args!r} {kwargs!r} returned {out!r}, not a ValueError/TypeError"
    return out


def must_pass(fn, *args, **kwargs):
    ok, out = attempt(fn, *args, **kwargs)
    assert ok, f"{fn.__name__}{args!r} {kwargs!r} raised {type(out).__name__}: {out}"
    return out


# --------------------------------------------------------------------------- shared strategies

SMALL_INTS = st.integers(-5, 5)
ODD_FLOATS = st.sampled_from([math.nan, math.inf, -math.inf, -0.0, 1e-320, 1e308])
MIXED_ITEM = st.one_of(SMALL_INTS, st.text(max_size=3), st.none(), st.floats(-3, 3), ODD_FLOATS,
                       st.booleans())
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=8),
    st.binary(max_size=4),
    ODD_FLOATS,
    st.floats(-10, 10),
    st.complex_numbers(max_magnitude=10, allow_nan=False, allow_infinity=False),
    st.lists(MIXED_ITEM, max_size=4),
    st.dictionaries(st.text(max_size=3), SMALL_INTS, max_size=2),
    SMALL_INTS,
    st.builds(object),
)
SEEDS = st.integers(0, 2**32 - 1)


def unit_dtype_arrays(*, bad: bool, min_dims: int = 0, max_dims: int = 3, min_side: int = 0,
                      max_side: int = 5):
    """Arrays of several dtypes; with ``bad``, also NaN, infinities and values outside [0, 1]."""

    def elements(dtype: str):
        if dtype == "bool":
            return st.booleans()
        if dtype in ("uint8", "int64"):
            return st.integers(-3 if dtype == "int64" and bad else 0, 255 if bad else 1)
        width = {"float16": 16, "float32": 32, "float64": 64}[dtype]
        good = st.floats(0, 1, width=width)
        if not bad:
            return good
        odd = st.sampled_from([math.nan, math.inf, -math.inf])
        return st.one_of(good, st.floats(-2, 2, width=width), odd)

    shapes = hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side)
    dtypes = st.sampled_from(["float16", "float32", "float64", "uint8", "int64", "bool"])
    return dtypes.flatmap(lambda dt: hnp.arrays(dt, shapes, elements=elements(dt)))


# Arrays NumPy can hold that are not real numbers: complex, text, bytes, dates, durations.
OTHER_DTYPE_ARRAYS = st.one_of(
    hnp.complex_number_dtypes(), hnp.unicode_string_dtypes(max_len=3), hnp.byte_string_dtypes(max_len=3),
    hnp.datetime64_dtypes(), hnp.timedelta64_dtypes(),
).flatmap(lambda dt: hnp.arrays(dt, hnp.array_shapes(min_dims=0, max_dims=2, min_side=0, max_side=3)))


def in_unit_interval(x: object) -> bool:
    """The documented precondition of the corruptions and of data._check_unit_interval (any shape).

    Judged in float32, the precision both work in: -5e-324 is -0.0 there, so it is in [0, 1].
    """
    try:
        array = np.asarray(x)
    except (ValueError, TypeError):
        return False
    if array.dtype.kind not in "biuf" or array.size == 0:
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # overflow to inf in the cast
        values = array.astype("float32")
    return bool(np.all(np.isfinite(values)) and values.min() >= 0 and values.max() <= 1)


# =========================================================================== helpers.chains

WIDTH = st.integers(1, 512)


@BASE
@given(k=WIDTH, widths=st.lists(WIDTH, min_size=1, max_size=6), n=st.one_of(st.none(), st.integers(1, 10**6)),
       bias=st.booleans())
def test_chain_from_widths_matches_the_hand_formulas(k, widths, n, bias):
    report_ = chains.chain_from_widths(k if n is None else (n, k), widths, bias=bias)
    all_widths = [k, *widths]
    pairs = list(zip(all_widths[:-1], all_widths[1:]))
    assert report_.total_params == sum(a * b + (b if bias else 0) for a, b in pairs)
    assert report_.madds_per_example == sum(a * b for a, b in pairs)
    assert report_.matrix_shapes == pairs
    assert report_.shapes == [(n, w) for w in all_widths]
    assert report_.widths == tuple(all_widths) and len(report_.steps) == len(widths)
    assert [s.position for s in report_.steps] == list(range(1, len(widths) + 1))
    assert report_.narrowest_width == min(widths)
    assert widths[report_.narrowest_position - 1] == min(widths)
    assert widths.index(min(widths)) == report_.narrowest_position - 1  # first if tied
    assert report_.rank_bound == min(all_widths)
    assert report_.compression_ratio == pytest.approx(k / min(widths))
    assert report_.is_autoencoder_shaped == (widths[-1] == k and min(widths) < k)
    table = report_.table()
    assert isinstance(table, str) and f"{report_.total_params:,}" in table
    if bias:  # Keras Dense layers have biases: the chain's count is dense_params summed
        assert report_.total_params == sum(chains.dense_params(a, b) for a, b in pairs)


@BASE
@given(widths=st.lists(WIDTH, min_size=2, max_size=6), n=st.one_of(st.none(), st.integers(1, 10**4)),
       bias=st.booleans())
def test_chain_from_shapes_agrees_with_chain_from_widths(widths, n, bias):
    shapes = [(n, widths[0]), *zip(widths[:-1], widths[1:])]
    by_shapes = chains.chain_from_shapes(shapes, bias=bias)
    by_widths = chains.chain_from_widths((n, widths[0]), widths[1:], bias=bias)
    assert by_shapes == by_widths
    assert by_shapes.total_params == sum(a * b + (b if bias else 0) for a, b in zip(widths[:-1], widths[1:]))


@BASE
@given(widths=st.lists(st.integers(1, 50), min_size=3, max_size=6), data_=st.data())
def test_chain_from_shapes_mismatch_names_both_matrices(widths, data_):
    shapes = [(7, widths[0]), *zip(widths[:-1], widths[1:])]
    at = data_.draw(st.integers(1, len(shapes) - 1), label="broken factor")
    rows, cols = shapes[at]
    shapes[at] = (rows + data_.draw(st.integers(1, 5), label="shift"), cols)
    error = must_fail(chains.chain_from_shapes, shapes)
    assert isinstance(error, ValueError)
    assert f"matrix {at - 1}" in str(error) and f"matrix {at}" in str(error)


SIZE_OR_JUNK = st.one_of(st.integers(-3, 40), JUNK)
SHAPES_OR_JUNK = st.one_of(
    JUNK,
    st.lists(st.one_of(st.tuples(SIZE_OR_JUNK, SIZE_OR_JUNK), st.lists(SIZE_OR_JUNK, max_size=3), JUNK),
             max_size=5),
)


def _valid_report(r: chains.ChainReport) -> None:
    assert isinstance(r, chains.ChainReport)
    assert all(type(w) is int and w >= 1 for w in r.widths) and len(r.widths) >= 2
    assert r.n is None or (type(r.n) is int and r.n >= 1)
    assert r.total_params >= r.madds_per_example >= 1
    r.table()


@BASE
@given(shapes=SHAPES_OR_JUNK, bias=st.booleans())
def test_chain_from_shapes_on_anything(shapes, bias):
    ok, out = attempt(chains.chain_from_shapes, shapes, bias=bias)
    if ok:
        _valid_report(out)


@BASE
@given(input_shape=st.one_of(SIZE_OR_JUNK, st.tuples(SIZE_OR_JUNK, SIZE_OR_JUNK),
                             st.tuples(st.none(), SIZE_OR_JUNK)),
       widths=st.one_of(JUNK, st.lists(SIZE_OR_JUNK, max_size=5)))
def test_chain_from_widths_on_anything(input_shape, widths):
    ok, out = attempt(chains.chain_from_widths, input_shape, widths)
    if ok:
        _valid_report(out)
        assert list(out.widths[1:]) == list(widths)


@BASE
@given(n_in=st.one_of(st.integers(-3, 10**9), JUNK), n_out=st.one_of(st.integers(-3, 10**9), JUNK),
       bias=st.booleans())
def test_dense_params(n_in, n_out, bias):
    valid = all(type(v) is int and v >= 1 for v in (n_in, n_out))
    ok, out = attempt(chains.dense_params, n_in, n_out, bias=bias)
    assert ok == valid, out
    if ok:
        assert out == n_in * n_out + (n_out if bias else 0)


@BASE
@given(count=st.one_of(st.integers(-5, 10**30), JUNK),
       dtype=st.one_of(st.sampled_from(["float16", "bfloat16", "float32", "float64"]), st.text(max_size=8),
                       JUNK))
def test_memory_bytes(count, dtype):
    sizes = {"float16": 2, "bfloat16": 2, "float32": 4, "float64": 8}
    valid = type(count) is int and count >= 0 and isinstance(dtype, str) and dtype in sizes
    ok, out = attempt(chains.memory_bytes, count, dtype)
    assert ok == valid, out
    if ok:
        assert out == count * sizes[dtype] and type(out) is int


UNITS = {"B": 1, "KiB": 1024, "MiB": 1024**2, "GiB": 1024**3}


@BASE
@given(n_bytes=st.one_of(st.integers(0, 2**63 - 1), st.floats(0, 1e30), st.integers(-10, -1), JUNK))
def test_format_bytes(n_bytes):
    valid = (isinstance(n_bytes, (int, float)) and not isinstance(n_bytes, bool) and math.isfinite(n_bytes)
             and n_bytes >= 0)
    ok, out = attempt(chains.format_bytes, n_bytes)
    assert ok == valid, out
    if ok:
        match = re.fullmatch(r"([0-9][0-9,]*(?:\.[0-9])?) (B|KiB|MiB|GiB)", out)
        assert match, out
        shown, unit = float(match[1].replace(",", "")), match[2]
        assert unit != "B" or "." not in match[1]
        assert shown < 1024 or unit == "GiB", out  # the largest unit that keeps the number below 1024
        scale = UNITS[unit]
        assert abs(shown * scale - n_bytes) <= 0.05 * scale + 0.5 + 1e-9 * n_bytes, (n_bytes, out)


@BASE
@given(widths=st.lists(st.integers(1, 12), min_size=2, max_size=5), seed=SEEDS, as_generator=st.booleans())
def test_random_chain_shapes_and_values(widths, seed, as_generator):
    rng = np.random.default_rng(seed) if as_generator else seed
    factors = chains.random_chain(widths, rng)
    assert [f.shape for f in factors] == list(zip(widths[:-1], widths[1:]))
    assert all(f.dtype == np.float64 and np.all(np.isfinite(f)) for f in factors)
    if not as_generator:  # a seed makes it reproducible
        again = chains.random_chain(widths, seed)
        assert all(np.array_equal(a, b) for a, b in zip(factors, again))


@BASE
@given(widths=st.one_of(JUNK, st.lists(st.one_of(st.integers(-2, 6), JUNK), max_size=4)),
       rng=st.one_of(st.none(), st.integers(-3, 2**32), JUNK))
def test_random_chain_on_anything(widths, rng):
    ok, out = attempt(chains.random_chain, widths, rng)
    if ok:
        sizes = list(widths)
        assert [f.shape for f in out] == list(zip(sizes[:-1], sizes[1:]))
        assert all(np.all(np.isfinite(f)) for f in out)


def test_format_bytes_of_a_huge_int_formats_it():
    assert chains.format_bytes(2**64).endswith(" GiB")  # 16 EiB; memory_bytes(2**62, 'float32') gives it


# =========================================================================== helpers.data


@BASE
@given(x=st.one_of(unit_dtype_arrays(bad=True), unit_dtype_arrays(bad=False, min_dims=2, max_dims=2), JUNK,
                   st.lists(st.lists(MIXED_ITEM, max_size=3), max_size=3), OTHER_DTYPE_ARRAYS),
       name=st.text(max_size=5))
def test_check_unit_interval(x, name):
    ok, out = attempt(data._check_unit_interval, x, name)
    array = None
    try:
        array = np.asarray(x)
    except (ValueError, TypeError):
        pass
    if array is not None and in_unit_interval(array) and array.ndim == 2:
        assert ok, out  # a valid input is accepted...
        assert np.array_equal(out, array.astype("float32"))  # ...and returned unchanged, as float32
    if ok:
        assert isinstance(out, np.ndarray) and out.dtype == np.float32 and out.ndim == 2 and out.size > 0
        assert out.shape == array.shape
        assert np.all(np.isfinite(out)) and out.min() >= 0 and out.max() <= 1
    elif array is not None and array.dtype.kind in "biuf" and array.ndim == 2 and array.size:
        assert not in_unit_interval(array)  # refused only for its values


@pytest.mark.filterwarnings("ignore:overflow encountered in cast:RuntimeWarning")
def test_check_unit_interval_names_the_range_for_huge_finite_values():
    with pytest.raises(ValueError, match=r"outside \[0, 1\]"):
        data._check_unit_interval(np.array([[0.5, 1e39]]))


@FEW
@given(name=st.sampled_from(data.MANIFOLDS), n=st.integers(10, 300), noise_=st.floats(0, 10), seed=SEEDS)
def test_make_manifold_points_lie_in_the_unit_cube(name, n, noise_, seed):
    x, t = data.make_manifold(name, n, noise=noise_, seed=seed)
    dims = 2 if name == "spiral" else 3
    assert x.shape == (n, dims) and x.dtype == np.float32
    assert t.shape == (n,) and t.dtype == np.float32
    assert np.all(np.isfinite(x)) and np.all(np.isfinite(t))
    assert x.min() >= 0 and x.max() <= 1
    assert np.allclose(x.min(axis=0), 0) and np.isclose(x.max(), 1)  # one common scale, touching both ends
    x2, t2 = data.make_manifold(name, n, noise=noise_, seed=seed)
    assert np.array_equal(x, x2) and np.array_equal(t, t2)


@FEW
@given(name=st.one_of(st.sampled_from(data.MANIFOLDS), JUNK),
       n=st.one_of(st.integers(-5, 40), JUNK),
       noise_=st.one_of(st.floats(-1, 1), ODD_FLOATS.filter(lambda v: v != 1e308), JUNK),
       seed=st.one_of(st.integers(-3, 100), JUNK))
def test_make_manifold_on_anything(name, n, noise_, seed):
    ok, out = attempt(data.make_manifold, name, n, noise=noise_, seed=seed)
    if ok:
        x, t = out
        assert name in data.MANIFOLDS and type(n) is int and n >= 10
        assert x.shape[0] == n == t.shape[0]
        assert np.all(np.isfinite(x)) and x.min() >= 0 and x.max() <= 1


def test_make_manifold_with_enormous_noise_does_not_return_nan():
    ok, out = attempt(data.make_manifold, "spiral", 20, noise=1e308)
    assert not ok or not np.isnan(out[0]).any()


# =========================================================================== helpers.noise

LEVEL_OR_JUNK = st.one_of(st.floats(0, 1), st.floats(-1, 3), ODD_FLOATS, JUNK, st.integers(0, 1))
RNG_OR_JUNK = st.one_of(st.none(), st.integers(-3, 2**40), SEEDS.map(np.random.default_rng), JUNK)


def _level_ok(value: object, upper: float | None) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return False
    return value >= 0 and (upper is None or value <= upper)


def _rng_ok(rng: object) -> bool:
    return rng is None or isinstance(rng, np.random.Generator) or (
        isinstance(rng, int) and not isinstance(rng, bool) and rng >= 0)


@BASE
@given(x=st.one_of(unit_dtype_arrays(bad=True), unit_dtype_arrays(bad=False), JUNK, OTHER_DTYPE_ARRAYS),
       kind=st.sampled_from(noise.KINDS), level=LEVEL_OR_JUNK, rng=RNG_OR_JUNK, via_corrupt=st.booleans())
def test_corruptions(x, kind, level, rng, via_corrupt):
    before = np.array(x, copy=True) if isinstance(x, np.ndarray) else None
    fn = noise.corrupt if via_corrupt else getattr(noise, kind)
    args = (x, kind, level, rng) if via_corrupt else (x, level, rng)
    minus_zero = isinstance(level, float) and level == 0 and math.copysign(1.0, level) < 0
    assume(not (kind == "gaussian" and minus_zero))  # -0.0: explicit test below
    valid = in_unit_interval(x) and _level_ok(level, None if kind == "gaussian" else 1.0) and _rng_ok(rng)
    ok, out = attempt(fn, *args)
    assert ok == valid, (x, level, rng, out)
    if before is not None:
        assert x.dtype == before.dtype and x.tobytes() == before.tobytes()  # the input is never changed
    if not ok:
        return
    clean = np.asarray(x, dtype="float32")
    assert out.shape == clean.shape and out.dtype == np.float32
    assert np.all(np.isfinite(out)) and np.all(out >= 0) and np.all(out <= 1)
    if kind == "mask":
        assert np.all((out == clean) | (out == 0))
    elif kind == "salt_and_pepper":
        assert np.all((out == clean) | (out == 0) | (out == 1))
    if level == 0:
        assert np.array_equal(out, clean)


def test_gaussian_with_sigma_minus_zero_adds_no_noise():
    x = np.full((2, 3), 0.5)
    assert np.array_equal(must_pass(noise.gaussian, x, -0.0), x)


@BASE
@given(x=unit_dtype_arrays(bad=False, min_side=1), kind=st.one_of(st.text(max_size=10), JUNK))
def test_corrupt_unknown_kind(x, kind):
    assume(kind not in noise.KINDS)
    error = must_fail(noise.corrupt, x, kind, 0.1)
    if isinstance(kind, str):
        assert isinstance(error, ValueError) and "gaussian" in str(error)


@BASE
@given(n=st.integers(1, 4), h=st.integers(1, 4), w=st.integers(1, 4), seed=SEEDS,
       fn=st.sampled_from(["identity", "double", "negate", "transpose", "flatten"]))
def test_filter_images(n, h, w, seed, fn):
    rows = np.random.default_rng(seed).random((n, h * w))
    original = rows.copy()
    filters = {"identity": lambda im: im, "double": lambda im: 2 * im, "negate": lambda im: -im,
               "transpose": lambda im: im.T, "flatten": lambda im: im.reshape(-1)}
    keeps_shape = fn in ("identity", "double", "negate") or (fn == "transpose" and h == w)
    ok, out = attempt(noise.filter_images, rows, (h, w), filters[fn])
    assert np.array_equal(rows, original)
    assert ok == keeps_shape, out
    if ok:
        assert out.shape == rows.shape and out.dtype == np.float32
        assert np.all(np.isfinite(out)) and out.min() >= 0 and out.max() <= 1
        if fn == "identity":
            assert np.array_equal(out, rows.astype("float32"))


@BASE
@given(rows=st.one_of(unit_dtype_arrays(bad=False), JUNK),
       image_shape=st.one_of(st.tuples(st.integers(0, 4), st.integers(0, 4)), st.tuples(st.integers(-4, 4)),
                             JUNK))
def test_filter_images_on_anything(rows, image_shape):
    ok, out = attempt(noise.filter_images, rows, image_shape, lambda im: im)
    if ok:
        assert out.ndim == 2 and out.dtype == np.float32
        assert np.all(np.isfinite(out)) and np.all((out >= 0) & (out <= 1))


@pytest.mark.parametrize("rows", [np.full((2, 4), np.nan), np.zeros((0, 4))], ids=["nan", "empty"])
def test_filter_images_refuses_nan_or_empty_rows_clearly(rows):
    ok, out = attempt(noise.filter_images, rows, (2, 2), lambda im: im)
    assert not ok or np.all(np.isfinite(out)), out
    assert "empty" in str(out) or rows.size, out


# =========================================================================== helpers.metrics


def pairs_of_arrays(min_dims: int = 1, max_dims: int = 3, elements=None):
    elements = elements or st.floats(-1e3, 1e3)
    shapes = hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=1, max_side=6)
    return shapes.flatmap(lambda s: st.tuples(hnp.arrays("float64", s, elements=elements),
                                              hnp.arrays("float64", s, elements=elements)))


@BASE
@given(pair=pairs_of_arrays())
def test_mse_is_a_symmetric_non_negative_number(pair):
    a, b = pair
    value = metrics.mse(a, b)
    assert type(value) is float and math.isfinite(value) and value >= 0
    assert metrics.mse(b, a) == value
    assert metrics.mse(a, a) == 0.0
    assert value == pytest.approx(float(np.mean((a - b) ** 2)))


ANY_ARRAY = st.one_of(
    hnp.arrays("float64", hnp.array_shapes(min_dims=0, max_dims=2, min_side=0, max_side=4)),
    JUNK,
    st.lists(MIXED_ITEM, max_size=4),
)


@BASE
@given(a=ANY_ARRAY, b=ANY_ARRAY)
def test_mse_on_anything(a, b):
    ok, out = attempt(metrics.mse, a, b)
    if ok:
        assert type(out) is float and out >= 0 and not math.isnan(out)
        x, y = np.asarray(a, dtype="float64"), np.asarray(b, dtype="float64")
        assert x.shape == y.shape and x.size > 0 and np.all(np.isfinite(x)) and np.all(np.isfinite(y))


NOT_REAL = [[1 + 1j, 0.5], ["1", "0.5"], np.array(["2020-01-01", "2020-01-02"], "M8[D]")]


@pytest.mark.parametrize("values", NOT_REAL,
                         ids=["complex", "numeric_text", "dates"])
def test_mse_refuses_arrays_that_are_not_real_numbers(values):
    must_fail(metrics.mse, np.array(values), np.array([1.0, 0.5]))


STACKS = st.tuples(st.integers(1, 3), st.integers(2, 7), st.integers(2, 7)).flatmap(
    lambda s: hnp.arrays("float32", s, elements=st.floats(0, 1, width=32)))


@BASE
@given(x=STACKS, seed=SEEDS, levels=st.tuples(st.floats(0.001, 1), st.floats(0.001, 1)))
def test_psnr_falls_as_the_noise_grows(x, seed, levels):
    low, high = sorted(levels)
    quiet, loud = (noise.gaussian(x, s, rng=seed) for s in (low, high))
    p_quiet, p_loud = metrics.psnr(x, quiet), metrics.psnr(x, loud)
    assert p_quiet >= p_loud - 1e-9
    for value in (p_quiet, p_loud):  # images in [0, 1], data range 1: MSE <= 1, so PSNR >= 0 (inf: perfect)
        assert type(value) is float and not math.isnan(value) and value >= 0


@BASE
@given(x=STACKS, seed=SEEDS, data_range=st.floats(0.01, 1e3))
def test_psnr_scales_with_the_data_range_and_flattened_rows_agree(x, seed, data_range):
    y = noise.gaussian(x, 0.2, rng=seed)
    assume(not np.array_equal(x, y))
    if float(np.ptp(x)) > data_range * (1 + 1e-6):  # the images do not fit in that range: refused
        with pytest.raises(ValueError, match="data_range"):
            metrics.psnr(x, y, data_range=data_range)
        return
    per_image = np.mean((x.astype("float64") - y) ** 2, axis=(1, 2))
    assume(np.all(per_image > 0))
    expected = float(np.mean(10 * np.log10(data_range**2 / per_image)))
    assert metrics.psnr(x, y, data_range=data_range) == pytest.approx(expected, rel=1e-9, abs=1e-9)
    n, h, w = x.shape
    rows = metrics.psnr(x.reshape(n, h * w), y.reshape(n, h * w), data_range=data_range, image_shape=(h, w))
    assert rows == pytest.approx(expected, rel=1e-9, abs=1e-9)


DATA_RANGE_OR_JUNK = st.one_of(  # huge and tiny ranges: explicit tests below
    st.floats(0.01, 10), st.floats(-10, 0), ODD_FLOATS.filter(lambda v: not (v >= 1e300 or 0 < v < 1e-100)),
    st.none(), st.text(max_size=3), st.lists(SMALL_INTS, max_size=3))


def _not_a_short_sequence(value: object) -> bool:
    return not (hasattr(value, "__getitem__") and (isinstance(value, dict) or len(value) < 2))


IMAGE_SHAPE_OR_JUNK = st.one_of(  # malformed shapes: explicit tests below
    st.none(), st.tuples(st.integers(-3, 9), st.integers(-3, 9)), JUNK.filter(_not_a_short_sequence),
    st.tuples(st.text(max_size=2), st.integers(1, 4)))


@BASE
@given(x=STACKS, data_range=DATA_RANGE_OR_JUNK, image_shape=IMAGE_SHAPE_OR_JUNK,
       which=st.sampled_from(["psnr", "ssim"]))
def test_psnr_and_ssim_arguments_on_anything(x, data_range, image_shape, which):
    n, h, w = x.shape
    rows = x.reshape(n, h * w)
    y = np.clip(rows + 0.1, 0, 1)
    ok, out = attempt(getattr(metrics, which), rows, y, data_range=data_range, image_shape=image_shape)
    if ok:
        assert type(out) is float and not math.isnan(out)
        assert isinstance(data_range, (int, float)) and data_range > 0
        if which == "ssim":
            assert -1 - 1e-9 <= out <= 1 + 1e-9


@FEW
@given(x=st.tuples(st.integers(1, 3), st.integers(3, 9), st.integers(3, 9)).flatmap(
    lambda s: hnp.arrays("float64", s, elements=st.floats(0, 1))), seed=SEEDS, sigma=st.floats(0, 1))
def test_ssim_is_at_most_one_and_one_for_identical_images(x, seed, sigma):
    y = noise.gaussian(x, sigma, rng=seed)
    value = metrics.ssim(x, y)
    assert type(value) is float and -1 - 1e-9 <= value <= 1 + 1e-9
    assert metrics.ssim(x, x) == pytest.approx(1.0)
    assert metrics.ssim(y, x) == pytest.approx(value, abs=1e-9)


@BASE
@given(shape=hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=2))
def test_ssim_refuses_images_below_3x3(shape):
    x = np.zeros(shape)
    error = must_fail(metrics.ssim, x, x)
    assert isinstance(error, ValueError)


@pytest.mark.parametrize("image_shape", [(64,), "", {}], ids=["one_number", "empty_string", "dict"])
@pytest.mark.parametrize("which", ["psnr", "ssim"])
def test_image_shape_that_is_not_a_pair_is_refused_clearly(which, image_shape):
    x = np.zeros((2, 64))
    must_fail(getattr(metrics, which), x, x + 0.1, image_shape=image_shape)


@pytest.mark.parametrize("data_range", [math.inf, 1e200])
@pytest.mark.parametrize("which", ["psnr", "ssim"])
def test_infinite_or_enormous_data_range_is_refused_or_scored(which, data_range):
    x = np.zeros((8, 8))
    ok, out = attempt(getattr(metrics, which), x, x + 0.5, data_range=data_range)
    assert not ok or math.isfinite(out), out


# =========================================================================== helpers.report

NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,63}", fullmatch=True)
GOOD_VALUES = st.one_of(
    st.integers(-10**30, 10**30), st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
    st.text(max_size=200), st.integers(-1000, 1000).map(np.int64), st.floats(-1e6, 1e6).map(np.float32),
    st.booleans().map(np.bool_), st.floats(-1e6, 1e6).map(np.float64),
)


@BASE
@given(items=st.lists(st.tuples(NAMES, GOOD_VALUES), max_size=5))
def test_record_keeps_clean_json_ready_figures(items):
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv(report._ENV_VAR, raising=False)
        report.clear()
        try:
            expected = {}
            for name, value in items:
                must_pass(report.record, name, value)
                expected[name] = value
            figures = report.figures()
            assert figures.keys() == expected.keys()
            for name, value in expected.items():
                got = figures[name]
                assert type(got) in (int, float, bool, str)
                if isinstance(value, (bool, np.bool_)):
                    assert type(got) is bool and got == bool(value)
                elif isinstance(value, str):
                    assert got == value
                else:
                    assert got == value and (type(got) is int) == isinstance(value, (int, np.integer))
            assert json.loads(json.dumps(figures)) == figures
            figures.clear()  # a copy: the recorded figures are untouched
            assert report.figures().keys() == expected.keys()
        finally:
            report.clear()


@BASE
@given(name=st.one_of(NAMES, st.text(max_size=70), JUNK),
       value=st.one_of(GOOD_VALUES, JUNK, ODD_FLOATS, st.text(min_size=201, max_size=210)))
def test_record_on_anything(name, value):
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv(report._ENV_VAR, raising=False)
        report.clear()
        try:
            name_ok = isinstance(name, str) and re.fullmatch(r"[a-z][a-z0-9_]{0,63}", name) is not None
            if isinstance(value, (bool, np.bool_, int, np.integer)):
                value_ok = True
            elif isinstance(value, (float, np.floating)):
                value_ok = math.isfinite(value)
            else:
                value_ok = isinstance(value, str) and len(value) <= 200
            ok, out = attempt(report.record, name, value)
            assert ok == (name_ok and value_ok), out
            assert (name in report.figures()) == ok if isinstance(name, str) else not report.figures()
            if not ok and not name_ok:
                assert isinstance(out, ValueError) and "snake_case" in str(out)
        finally:
            report.clear()


def test_record_of_an_enormous_fraction_raises_value_error():
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv(report._ENV_VAR, raising=False)
        report.clear()
        try:
            must_fail(report.record, "huge", Fraction(10**400))
        finally:
            report.clear()


# =========================================================================== helpers.widgets

SEPARATORS = st.sampled_from([",", " ", "x", ", ", " x ", "\t", ",,", "\n"])


@BASE
@given(widths=st.lists(st.integers(0, 10**6), min_size=2, max_size=6), data_=st.data())
def test_parse_widths_reads_back_what_it_is_given(widths, data_):
    pieces = [str(widths[0])]
    for w in widths[1:]:
        pieces += [data_.draw(SEPARATORS), str(w)]
    padding = data_.draw(st.sampled_from(["", " ", "  ,"]))
    assert widgets._parse_widths(padding + "".join(pieces) + padding) == widths


@BASE
@given(value=st.one_of(st.text(max_size=20), st.text(alphabet="0123456789 ,x-.+", max_size=20), JUNK))
def test_parse_widths_on_anything(value):
    ok, out = attempt(widgets._parse_widths, value)
    if not isinstance(value, str):
        assert not ok and isinstance(out, TypeError)
    elif ok:
        assert isinstance(out, list) and len(out) >= 2
        assert all(type(w) is int and w >= 0 for w in out)


# =========================================================================== helpers.text

TEXTS = st.one_of(st.text(max_size=40), st.text(alphabet="Not bad! don't 42 É\u00e9ß' -", max_size=40))


@BASE
@given(value=st.one_of(TEXTS, JUNK))
def test_normalise_and_tokenize(value):
    ok, out = attempt(text.normalise, value)
    assert ok == isinstance(value, str), out
    if not ok:
        assert isinstance(out, TypeError)
        must_fail(text.tokenize, value)
        return
    assert re.fullmatch(r"([a-z0-9']+( [a-z0-9']+)*)?", out), out
    assert text.normalise(out) == out  # idempotent
    assert text.tokenize(value) == out.split()


@BASE
@given(a=st.one_of(TEXTS, JUNK), b=st.one_of(TEXTS, JUNK))
def test_jaccard_is_a_symmetric_fraction(a, b):
    ok, out = attempt(text.jaccard, a, b)
    assert ok == (isinstance(a, str) and isinstance(b, str)), out
    if ok:
        assert type(out) is float and 0.0 <= out <= 1.0
        assert text.jaccard(b, a) == out
        assert text.jaccard(a, a) == (1.0 if text.tokenize(a) else 0.0)


@BASE
@given(texts=st.one_of(TEXTS, st.lists(TEXTS, max_size=4), st.lists(MIXED_ITEM, max_size=3), JUNK,
                       st.lists(TEXTS, min_size=1, max_size=3).map(np.array)),
       allow_empty=st.booleans())
def test_check_texts(texts, allow_empty):
    ok, out = attempt(text.words._check_texts, texts, allow_empty=allow_empty)
    if isinstance(texts, list) and texts and all(isinstance(t, str) for t in texts) and (
            allow_empty or all(text.tokenize(t) for t in texts)):
        assert ok, out
    if ok:
        assert isinstance(out, list) and out and all(isinstance(t, str) for t in out)
        assert allow_empty or all(text.tokenize(t) for t in out)
        if isinstance(texts, str):
            assert out == [texts]
        elif isinstance(texts, np.ndarray):
            assert out == texts.reshape(-1).tolist()
        elif isinstance(texts, list):
            assert out == texts


@BASE
@given(value=st.one_of(TEXTS, JUNK), n=st.one_of(st.integers(-3, 10**6), JUNK))
def test_legacy_one_hot_codes_lie_in_1_to_n_minus_1(value, n):
    ok, out = attempt(text.legacy_one_hot, value, n)
    assert ok == (isinstance(value, str) and type(n) is int and n >= 2), out
    if ok:
        assert len(out) == len(text.tokenize(value))
        assert all(type(code) is int and 1 <= code <= n - 1 for code in out)
        assert text.legacy_one_hot(value, n) == out  # the same within one process


@st.composite
def embeddings(draw):
    vocabulary = draw(st.lists(st.text(alphabet="abcdefgh", min_size=1, max_size=4), min_size=1, max_size=8,
                               unique=True))
    dim = draw(st.integers(1, 4))
    # no magnitudes below 1e-100: their squares underflow, and cosines of 1 + 1e-8 are rounding, not a bug
    elements = st.floats(-1e3, 1e3).filter(lambda v: v == 0 or abs(v) > 1e-100)
    vectors = draw(hnp.arrays("float64", (len(vocabulary), dim), elements=elements))
    return vectors, vocabulary


@BASE
@given(emb=embeddings(), k=st.integers(1, 10), data_=st.data())
def test_nearest_neighbours(emb, k, data_):
    vectors, vocabulary = emb
    word = data_.draw(st.sampled_from(vocabulary))
    result = text.nearest_neighbours(vectors, vocabulary, word, k)
    assert len(result) == min(k, len(vocabulary) - 1)
    sims = [s for _, s in result]
    assert all(type(s) is float and -1 - 1e-9 <= s <= 1 + 1e-9 for s in sims)
    assert sims == sorted(sims, reverse=True)
    assert all(w in vocabulary and w != word for w, _ in result)
    assert len({w for w, _ in result}) == len(result)


@BASE
@given(emb=embeddings(), word=st.one_of(st.text(alphabet="abcdefgh", max_size=4), JUNK),
       k=st.one_of(st.integers(-2, 4), JUNK), vectors=st.one_of(st.none(), JUNK))
def test_nearest_neighbours_on_anything(emb, word, k, vectors):
    vectors = emb[0] if vectors is None else vectors
    ok, out = attempt(text.nearest_neighbours, vectors, emb[1], word, k)
    if ok:
        assert type(k) is int and k >= 1 and word in emb[1]
        assert all(math.isfinite(s) for _, s in out)


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_nearest_neighbours_refuses_non_finite_vectors(bad):
    vectors = np.array([[bad, 1.0], [1.0, 0.0], [0.0, 1.0]])
    ok, out = attempt(text.nearest_neighbours, vectors, ["a", "b", "c"], "b")
    assert not ok or all(math.isfinite(s) for _, s in out), out


# =========================================================================== helpers.models (arguments only)

BAD_WIDTH = st.one_of(st.integers(-5, 0), st.floats(0.5, 64), st.none(), st.text(max_size=3), st.booleans(),
                      st.lists(st.integers(1, 4), max_size=2))
GOOD_WIDTH = st.integers(1, 16)


@st.composite
def bad_autoencoder_arguments(draw):
    """Arguments of dense_autoencoder with at least one of them wrong (so no model is ever built)."""
    wrong = draw(st.sampled_from(["input_dim", "latent_dim", "hidden", "hidden_item", "activation",
                                  "output_activation"]))
    kwargs = {"input_dim": draw(GOOD_WIDTH), "latent_dim": draw(GOOD_WIDTH),
              "hidden": draw(st.lists(GOOD_WIDTH, max_size=2))}
    if wrong in ("input_dim", "latent_dim"):
        kwargs[wrong] = draw(BAD_WIDTH)
    elif wrong == "hidden":
        kwargs["hidden"] = draw(st.one_of(st.none(), st.text(max_size=3), st.integers(1, 4),
                                          st.sets(GOOD_WIDTH),
                                          st.dictionaries(st.text(max_size=2), GOOD_WIDTH, min_size=1)))
    elif wrong == "hidden_item":
        kwargs["hidden"] = [*kwargs["hidden"], draw(BAD_WIDTH.filter(lambda v: not isinstance(v, list)))]
    else:
        kwargs[wrong] = draw(st.one_of(st.text(max_size=5).map(lambda s: "no_such_" + s), st.integers(),
                                       st.floats(allow_nan=False), st.lists(st.just("relu"), min_size=1),
                                       st.booleans(), st.binary(min_size=1, max_size=3)))
    return kwargs


@settings(BASE, max_examples=40)
@given(kwargs=bad_autoencoder_arguments())
def test_dense_autoencoder_refuses_bad_arguments(kwargs):
    from helpers.models import dense_autoencoder  # noqa: PLC0415

    must_fail(dense_autoencoder, **kwargs)


@settings(BASE, max_examples=5)
@given(input_dim=st.integers(2, 20), data_=st.data())
def test_dense_autoencoder_valid_builds_count_like_the_chain(input_dim, data_):
    from helpers.models import dense_autoencoder  # noqa: PLC0415

    latent = data_.draw(st.integers(1, input_dim - 1), label="latent_dim")
    hidden = data_.draw(st.lists(st.integers(1, 12), max_size=2), label="hidden")
    use_bias = data_.draw(st.booleans(), label="use_bias")
    ae, encoder, decoder = dense_autoencoder(input_dim, latent, hidden=hidden, use_bias=use_bias)
    layers = [*hidden, latent, *reversed(hidden), input_dim]
    chain = chains.chain_from_widths(input_dim, layers, bias=use_bias)
    assert ae.count_params() == chain.total_params
    assert encoder.count_params() + decoder.count_params() == chain.total_params
    assert tuple(encoder.output_shape) == (None, latent)
    assert tuple(ae.output_shape) == (None, input_dim)
    names = [f"encoder_hidden_{i + 1}" for i in range(len(hidden))] + ["code"]
    assert [layer.name for layer in encoder.layers[1:]] == names


# --------------------------------------------------------------------------- helpers.embeddings (notebook 07)

WORDS = st.sampled_from(["a", "b", "c", "d", "x", "not", "don't"])
REVIEWS = st.lists(st.lists(WORDS, min_size=1, max_size=12).map(" ".join), min_size=1, max_size=8)
VOCABULARY = st.lists(st.sampled_from(["a", "b", "c", "d", "not", "don't", "zebra"]), min_size=1, max_size=5,
                      unique=True)


@BASE
@given(texts=REVIEWS, vocabulary=VOCABULARY, window=st.integers(1, 15))
def test_cooccurrence_matrix_is_the_definition(texts, vocabulary, window):
    from helpers import embeddings as module  # noqa: PLC0415

    counts = module.cooccurrence_matrix(texts, vocabulary, window=window)
    np.testing.assert_array_equal(counts, _cooccurrence_by_loops(texts, vocabulary, window))
    assert counts.dtype == np.float64 and counts.min() >= 0
    np.testing.assert_array_equal(counts, counts.T)


@FEW
@given(texts=st.one_of(REVIEWS, JUNK), vocabulary=st.one_of(VOCABULARY, JUNK),
       window=st.one_of(st.integers(-2, 5), JUNK))
def test_cooccurrence_matrix_on_anything(texts, vocabulary, window):
    from helpers import embeddings as module  # noqa: PLC0415

    ok, out = attempt(module.cooccurrence_matrix, texts, vocabulary, window=window)
    if ok:
        assert out.shape == (len(vocabulary), len(vocabulary)) and np.all(out == out.T)


@BASE
@given(train=REVIEWS, new=st.lists(st.lists(WORDS, max_size=6).map(" ".join), min_size=1, max_size=4),
       weighting=st.sampled_from(["count", "binary", "tfidf"]))
def test_document_vectorizer_counts_like_the_definition(train, new, weighting):
    from collections import Counter  # noqa: PLC0415

    from helpers import embeddings as module  # noqa: PLC0415

    vectorizer = module.fit_document_vectorizer(train, weighting=weighting, min_count=1)
    counted = [Counter(text.tokenize(t)) for t in new]
    expected = np.array([[c[w] for w in vectorizer.vocabulary] for c in counted], dtype="float64")
    np.testing.assert_array_equal(vectorizer.counts(new), expected)
    rows = vectorizer.transform(new)
    assert rows.dtype == np.float32 and rows.shape == expected.shape
    np.testing.assert_array_equal(rows > 0, expected > 0)
    if weighting == "tfidf":
        norms = np.linalg.norm(rows, axis=1)
        assert np.allclose(norms[expected.sum(axis=1) > 0], 1, atol=1e-6) and rows.max(initial=0) <= 1
    np.testing.assert_array_equal(vectorizer.transform(new, sparse=True).toarray(), rows)


@BASE
@given(scores=hnp.arrays("float64", st.tuples(st.integers(1, 5), st.integers(3, 12)),
                         elements=st.floats(-1e6, 1e6)), data_=st.data())
def test_spearman_rows_agrees_with_scipy(scores, data_):
    from scipy.stats import spearmanr  # noqa: PLC0415

    from helpers import embeddings as module  # noqa: PLC0415

    ratings = data_.draw(hnp.arrays("float64", scores.shape[1], elements=st.integers(-4, 4).map(float)))
    ok, out = attempt(module.spearman_rows, scores, ratings)
    flat = np.ptp(ratings) == 0 or (np.ptp(scores, axis=1) == 0).any()
    assert ok != flat, out
    if ok:
        assert out.shape == (len(scores),) and np.all(np.abs(out) <= 1)
        np.testing.assert_allclose(out, [spearmanr(row, ratings).statistic for row in scores], atol=1e-9)


@FEW
@given(scores=st.one_of(ANY_ARRAY, JUNK), ratings=st.one_of(ANY_ARRAY, JUNK),
       n_boot=st.one_of(st.integers(-2, 50), JUNK))
def test_bootstrap_and_spearman_on_anything(scores, ratings, n_boot):
    from helpers import embeddings as module  # noqa: PLC0415

    attempt(module.spearman_rows, scores, ratings)
    ok, out = attempt(module.bootstrap_spearman, scores, ratings, n_boot=n_boot)
    if ok:
        assert out.shape == (n_boot,) and np.all(np.isnan(out) | (np.abs(out) <= 1))


def test_check_unit_interval_judges_the_range_in_float32():
    """-1e-106 is -0.0 in float32, the precision the models work in: accepted, as the docstring's
    precondition says (hypothesis found it); a real negative value is still refused."""
    np.testing.assert_array_equal(data._check_unit_interval(np.array([[-1.0264952724512602e-106, 0.5]])),
                                  np.array([[0.0, 0.5]], dtype="float32"))
    with pytest.raises(ValueError, match=r"outside \[0, 1\]"):
        data._check_unit_interval(np.array([[-1e-3, 0.5]]))
