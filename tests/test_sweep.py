"""A property-based sweep over every public function and class of ``helpers``.

Whatever a student or a teacher passes, a helper either works or raises a
``ValueError`` or ``TypeError`` whose message says what was wrong (an exercise
check may also raise its ``CheckFailed``; a loader its ``DownloadError``). It
never raises anything else, never hangs, and never changes the arrays it was
given.

The public names are read from each module's ``__all__``, so a new function is
swept the day it is added; ``test_every_public_callable_is_swept`` fails on one
that is neither swept nor listed in ``NOT_SWEPT`` with the reason. Hypothesis
draws the arguments from a pool of plausible wrong values (wrong types, empty,
NaN, negative, huge, the course's own containers in the wrong place, NumPy
scalars, lists where arrays belong), derandomised so that a run is repeatable.
The network is switched off for the sweep, as in the notebooks' kernels.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import os
import pkgutil
import signal
import socket
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import helpers  # noqa: E402
from helpers._setup import SetupMissing  # noqa: E402
from helpers.checks import CheckFailed  # noqa: E402
from helpers.claims import ClaimFailed  # noqa: E402
from helpers.data import DownloadError  # noqa: E402

pytestmark = pytest.mark.slow  # about 20 s for the whole sweep: make test runs it, make unit does not

OFFLINE = Path(__file__).resolve().parent / "offline"
EXAMPLES = int(os.environ.get("COURSE_SWEEP_EXAMPLES", "20"))  # per public callable
HANG_S = 30  # a call that takes longer than this on wrong input counts as a hang
# ClaimFailed: helpers.claim given a false claim under COURSE_STRICT=1 fails as designed;
# SetupMissing: helpers.rng before helpers.setup_notebook (an order, not an input, is wrong).
ALLOWED = (ValueError, TypeError, CheckFailed, DownloadError, ClaimFailed, SetupMissing)

# Public names that are not functions to call with wrong input, each with the reason.
NOT_SWEPT: dict[str, str] = {}


def _public_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(helpers.__path__, "helpers."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        names.append(info.name)
    return sorted(names)


def _public_callables() -> dict[str, Callable]:
    found: dict[str, Callable] = {}
    for module_name in _public_modules():
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if not callable(obj) or isinstance(obj, (np.ndarray,)):
                continue
            if getattr(obj, "__module__", "").startswith("helpers") is False:
                continue
            home = f"{obj.__module__}.{obj.__qualname__}"
            found.setdefault(home, obj)
    return dict(sorted(found.items()))


CALLABLES = _public_callables()


def _wrong_values() -> st.SearchStrategy:
    """Values a hurried user passes: wrong types, empty, NaN, negative, huge, NumPy scalars, lists."""
    from helpers.text import Corpus, Reviews  # noqa: PLC0415 - the course's own containers

    reviews = Reviews(texts=("good", "bad"), labels=np.array([1, 0]))
    small_float = st.floats(-1e6, 1e6, allow_nan=False)
    arrays = st.one_of(
        st.builds(lambda n, m: np.zeros((n, m), dtype=np.float32), st.integers(0, 3), st.integers(0, 5)),
        st.builds(lambda n: np.full((n, 64), np.nan, dtype=np.float32), st.integers(1, 3)),
        st.builds(lambda n: np.linspace(-2, 300, n * 64, dtype=np.float32).reshape(n, 64), st.integers(1, 3)),
        st.builds(lambda n: np.arange(n, dtype=np.int64), st.integers(0, 6)),
        st.builds(lambda n: np.array(["a"] * n), st.integers(0, 3)),
        st.just(np.zeros((2, 8, 8), dtype=np.float64)),
        st.just(np.zeros(())),
    )
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-3, 5),
        st.sampled_from([10**12, -(10**9), 2**40]),
        st.sampled_from([np.int64(3), np.float32(0.5), np.int32(-1)]),
        st.floats(allow_nan=True, allow_infinity=True),
        small_float,
        st.text(max_size=12),
        st.sampled_from(["", "64, 32", "digits", "zzz", "\x00", "3 x 3"]),
        st.lists(st.integers(-2, 70), max_size=4),
        st.lists(small_float, max_size=4).map(tuple),
        arrays,
        st.sampled_from([{}, {"a": 1}, object(), reviews, Corpus(reviews, reviews, reviews), print]),
    )


class _Hang(Exception):
    pass


def _alarm(signum, frame):  # noqa: ANN001, ARG001
    raise _Hang


def _required(func: Callable) -> tuple[list[str], list[str]]:
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):
        return [], []
    positional, keywords = [], []
    for name, p in signature.parameters.items():
        if name == "self" or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        if p.default is p.empty:  # optional parameters are drawn by _optional
            (keywords if p.kind is p.KEYWORD_ONLY else positional).append(name)
    return positional, keywords


def _optional(func: Callable) -> list[str]:
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):
        return []
    return [n for n, p in signature.parameters.items()
            if p.default is not p.empty and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]


def _snapshot(value: object) -> object:
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, (list, dict)):
        return copy.deepcopy(value)
    return None


def _same(before: object, after: object) -> bool:
    if isinstance(before, np.ndarray):
        return (before.shape == after.shape and before.dtype == after.dtype
                and bool(np.array_equal(before, after, equal_nan=before.dtype.kind in "fc")))
    return before == after


@pytest.fixture(scope="module", autouse=True)
def elsewhere(tmp_path_factory):
    """Run the sweep in an empty folder: a helper given a random file name writes it there."""
    previous = os.getcwd()
    os.chdir(tmp_path_factory.mktemp("sweep"))
    yield
    os.chdir(previous)


@pytest.fixture(scope="module", autouse=True)
def offline():
    sys.path.insert(0, str(OFFLINE))
    saved = socket.socket.connect, socket.socket.connect_ex
    import sitecustomize  # noqa: F401, PLC0415 - the switch: refuses every non-loopback connection

    yield
    socket.socket.connect, socket.socket.connect_ex = saved
    sys.path.remove(str(OFFLINE))


def test_every_public_callable_is_swept():
    assert len(CALLABLES) > 50, "the sweep finds the helpers' public functions from their __all__"
    for module_name in _public_modules():
        module = importlib.import_module(module_name)
        assert hasattr(module, "__all__"), f"{module_name} has no __all__: the sweep could not find its functions"
        defined_here = [name for name, obj in vars(module).items()
                        if not name.startswith("_") and (inspect.isfunction(obj) or inspect.isclass(obj))
                        and obj.__module__ == module_name]
        missing = sorted(set(defined_here) - set(module.__all__))
        assert not missing, f"{module_name} defines public {missing} outside __all__: add them (and so to the sweep)"
    stale = sorted(set(NOT_SWEPT) - set(CALLABLES))
    assert not stale, f"NOT_SWEPT names callables that no longer exist: {stale}"


@pytest.mark.parametrize("home", [h for h in CALLABLES if h not in NOT_SWEPT])
def test_wrong_input_gets_a_clear_error(home):
    func = CALLABLES[home]
    positional, required_keywords = _required(func)
    optional = _optional(func)
    tried: list[int] = [0]

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def sweep(data):
        wrong = _wrong_values()
        args = [data.draw(wrong, label=name) for name in positional]
        kwargs = {name: data.draw(wrong, label=name) for name in required_keywords}
        chosen = data.draw(st.lists(st.sampled_from(optional), max_size=2, unique=True), label="optional") \
            if optional else []
        kwargs.update({name: data.draw(wrong, label=name) for name in chosen})
        before = [(_snapshot(v), v) for v in [*args, *kwargs.values()]]
        tried[0] += 1
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(HANG_S)
        try:
            func(*args, **kwargs)
        except ALLOWED as error:
            assert str(error).strip(), f"{home} raised {type(error).__name__} with no message"
        except _Hang:
            pytest.fail(f"{home}(*{args!r:.200}, **{kwargs!r:.200}) ran for over {HANG_S} s")
        except Exception as error:  # noqa: BLE001 - the point of the sweep
            pytest.fail(f"{home}(*{args!r:.300}, **{kwargs!r:.300}) raised {type(error).__name__}: "
                        f"{str(error)[:300]}")
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
            plt.close("all")
        for snapshot, value in before:
            if snapshot is not None:
                assert _same(snapshot, value), f"{home} changed an argument it was given: {value!r:.200}"

    sweep()
    assert tried[0] >= 1
