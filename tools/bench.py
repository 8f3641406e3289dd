"""``make bench``: run notebooks headless and measure them.

For each notebook, a fresh process starts a fresh kernel, executes every cell
(nothing is written back to the notebook), and reports:

* ``wall_s``: seconds from kernel start to the last cell's end;
* ``peak_rss_mib``: the kernel's peak resident memory (``getrusage`` of the
  finished kernel process, so nothing is sampled or missed);
* ``figures``: what the notebook recorded with :func:`helpers.record`;
* ``training``: every ``keras.Model.fit`` the notebook ran, by model name: seconds,
  examples, multiply-adds per example and the rates (timed by :mod:`tools.fitlog`,
  which the bench installs in the kernel after the notebook's setup cell; the
  notebook itself carries no timers).

Before the notebooks, it runs a baseline in the same way: a notebook that only
does the setup (import ``helpers`` and Keras). Its wall time is the start-up
floor no lesson can avoid, ``machine.startup_s``; the table shows each
notebook's time beyond it, and ``total_over_startup`` is the course's total
wall time as a multiple of that floor (sum of wall times / (number of
notebooks x ``startup_s``)), which compares runs on a noisy machine better than
seconds do.

Results go to ``bench/results.json`` (a subset run updates only its notebooks)
in the shape ``{"machine": {...}, "notebooks": {"01_matrix_chains": {...}}}``,
and a table is printed. It is a measurement, not a test: it fails only when a
notebook fails.

With ``--suite`` (``make bench SUITE=1``), after the notebooks it also times
``make unit`` and then ``make test``, back to back on the same machine, and
records ``machine.make_unit_s``, ``machine.make_test_s`` (with their exit
codes) and ``machine.make_test_over_course``: ``make test``'s wall time over
the course's total (the sum of this run's notebook wall times).

Usage: ``python -m tools.bench [PREFIX ...] [--out PATH] [--suite]``; ``PREFIX`` picks
notebooks by the start of their name (``01``, ``03_pca``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
DEFAULT_OUT = ROOT / "bench" / "results.json"
TIMEOUT_S = 600
STARTUP = "_startup"  # the baseline's name in the results
SETUP_SOURCE = "import helpers\n\nhelpers.setup_notebook(seed=42)\n\nimport keras"
# Installed in the kernel right after the notebook's setup cell (see tools.fitlog).
FITLOG_SOURCE = (f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
                 "import tools.fitlog\ntools.fitlog.install()")


def startup_notebook() -> object:
    """The baseline: a notebook whose only cell is the setup every lesson starts with."""
    import nbformat  # noqa: PLC0415

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(SETUP_SOURCE)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def with_fit_timer(nb: object) -> object:
    """A copy of ``nb`` with the fit timer installed after its setup cell (or first, if it has none)."""
    import copy  # noqa: PLC0415

    import nbformat  # noqa: PLC0415

    nb = copy.deepcopy(nb)
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    setup = next((i for i in code if "setup_notebook(" in _source(nb.cells[i])), None)
    position = setup + 1 if setup is not None else (code[0] if code else 0)
    nb.cells.insert(position, nbformat.v4.new_code_cell(FITLOG_SOURCE))
    return nb


def _source(cell: object) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def find_notebooks(prefixes: list[str], folder: Path = NOTEBOOKS) -> list[Path]:
    """Notebooks in ``folder`` whose names start with one of ``prefixes`` (all if empty).

    Raises:
        ValueError: a prefix matches no notebook (the message lists them).
    """
    available = sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))
    if not prefixes:
        return available
    chosen: list[Path] = []
    for prefix in prefixes:
        matches = [p for p in available if p.stem.startswith(prefix)]
        if not matches:
            names = ", ".join(p.stem for p in available) or "none"
            raise ValueError(f"no notebook starts with {prefix!r}; the notebooks are: {names}.")
        chosen.extend(m for m in matches if m not in chosen)
    return chosen


def _peak_rss_mib_of_children() -> float:
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # Linux reports kibibytes, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _cpu_s_of_children() -> float:
    """CPU seconds (user + system) of this process's finished children: the kernel, once it
    has exited. Less sensitive to other load on the machine than the wall time."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_one(path: Path | str) -> dict:
    """Execute one notebook in a fresh kernel started from this process; return its entry.

    ``path`` is a notebook file, or :data:`STARTUP` for the start-up baseline.
    The peak memory is the largest of this process's finished children, so
    call it once per process (``make bench`` starts a process per notebook).
    """
    import nbformat  # noqa: PLC0415
    from nbclient import NotebookClient  # noqa: PLC0415

    saved = {name: os.environ.get(name) for name in ("COURSE_REPORT_PATH", "COURSE_TRAINING_PATH")}
    with tempfile.TemporaryDirectory() as tmp:
        figures_path = Path(tmp) / "figures.json"
        training_path = Path(tmp) / "training.json"
        os.environ["COURSE_REPORT_PATH"] = str(figures_path)
        os.environ["COURSE_TRAINING_PATH"] = str(training_path)
        if str(path) == STARTUP:
            nb, path = startup_notebook(), NOTEBOOKS / "startup.ipynb"
        else:
            path = Path(path)
            nb = with_fit_timer(nbformat.read(path, as_version=4))
        client = NotebookClient(
            nb,
            kernel_name="python3",
            timeout=TIMEOUT_S,
            resources={"metadata": {"path": str(path.parent)}},
        )
        start = time.perf_counter()
        cpu_before = _cpu_s_of_children()
        error = None
        try:
            client.execute()
        except Exception as exc:  # noqa: BLE001 - reported, not hidden
            error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}"
        wall = time.perf_counter() - start
        cpu = _cpu_s_of_children() - cpu_before
        figures = json.loads(figures_path.read_text()) if figures_path.exists() else {}
        training = json.loads(training_path.read_text()) if training_path.exists() else {}
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    entry = {
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "peak_rss_mib": round(_peak_rss_mib_of_children(), 1),
        "figures": figures,
        "training": training,
    }
    if error:
        entry["error"] = error
    return entry


def matmul_gflops(n: int = 2048, repeats: int = 3) -> float:
    """The machine's arithmetic limit, measured: float32 GFLOP/s of an (n, n) x (n, n) product.

    NumPy's BLAS uses every core; the best of ``repeats`` runs counts 2 n^3 operations.
    """
    import numpy as np  # noqa: PLC0415

    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    a @ b  # warm up
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - start)
    return 2 * n**3 / best / 1e9


def machine_info() -> dict:
    """What the numbers were measured on (no host or user names)."""
    info = {
        "matmul_float32_gflops": round(matmul_gflops(), 1),
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": _processor_name(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "keras_backend": os.environ.get("KERAS_BACKEND", "tensorflow"),
    }
    try:
        from importlib.metadata import version  # noqa: PLC0415

        for name in ("tensorflow", "keras", "numpy", "scikit-learn"):
            info[name] = version(name)
    except Exception:  # noqa: BLE001 - informative only
        pass
    return info


def _processor_name() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(errors="replace").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def is_timing(name: str) -> bool:
    """Figures that measure time or speed vary from run to run by nature; they are left out of agreement."""
    return name.endswith(("_s", "_seconds", "_ms", "_gflops")) or "seconds" in name


def agreement(first: dict, second: dict) -> float:
    """Largest relative difference between two runs' figures (timings excluded); 0.0 when identical.

    A figure present in only one run counts as a difference of 1.0 (100%).
    """
    worst = 0.0
    for name in sorted(set(first) | set(second)):
        if is_timing(name):
            continue
        a, b = first.get(name), second.get(name)
        if a is None or b is None or type(a) is not type(b):
            worst = max(worst, 1.0)
        elif isinstance(a, (int, float)) and not isinstance(a, bool):
            scale = max(abs(a), abs(b), 1e-12)
            worst = max(worst, abs(a - b) / scale)
        elif a != b:
            worst = max(worst, 1.0)
    return worst


def best_gflops(entry: dict) -> float | None:
    """The fastest training run of a notebook's entry, in GFLOP/s (None if it trained nothing)."""
    rates = [run["gflops"] for run in entry.get("training", {}).values() if run.get("gflops")]
    return max(rates) if rates else None


def total_over_startup(notebooks: dict[str, dict], startup_s: float | None) -> float | None:
    """The course's total wall time as a multiple of the start-up floor: sum / (count x startup_s)."""
    walls = [e["wall_s"] for e in notebooks.values() if "error" not in e]
    if not walls or not startup_s:
        return None
    return round(sum(walls) / (len(walls) * startup_s), 2)


def format_table(results: dict[str, dict], startup_s: float | None = None) -> str:
    rows = [("notebook", "wall s", "beyond start-up s", "peak MiB", "figures", "best train GFLOP/s",
             "run-to-run", "status")]
    for name, entry in results.items():
        agree = entry.get("run_to_run_max_rel_diff")
        rate = best_gflops(entry)
        rows.append(
            (
                name,
                f"{entry['wall_s']:.1f}",
                f"{entry['wall_s'] - startup_s:.1f}" if startup_s else "-",
                f"{entry['peak_rss_mib']:.0f}",
                str(len(entry.get("figures", {}))),
                f"{rate:.2f}" if rate is not None else "-",
                "-" if agree is None else f"{agree:.1e}",
                "FAILED: " + entry["error"] if "error" in entry else "ok",
            )
        )
    return align(rows)


def format_training(results: dict[str, dict], limit_gflops: float) -> str:
    """One row per trained model: its speed, its arithmetic and its share of the machine's limit."""
    rows = [("notebook", "model (fits)", "seconds", "examples/s", "madds/example", "GFLOP/s", "% of limit")]
    for name, entry in results.items():
        for model, run in sorted(entry.get("training", {}).items()):
            rows.append((name, f"{model} ({run['fits']})", f"{run['seconds']:.2f}", f"{run['examples_per_s']:,.0f}",
                         f"{run['madds_per_example']:,}", f"{run['gflops']:.1f}",
                         f"{100 * run['gflops'] / limit_gflops:.1f}" if limit_gflops else "-"))
    return align(rows, left=2) if len(rows) > 1 else "no training runs recorded"


def align(rows: list[tuple[str, ...]], left: int = 1) -> str:
    """Rows of strings as a text table: the first ``left`` columns flush left, the others flush right."""
    sizes = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(n) if i < left else c.rjust(n) for i, (c, n) in enumerate(zip(r, sizes)))
                     for r in rows)


def format_comparison(this: dict, other: dict) -> str:
    """Per-notebook wall time and best training rate of two results files, with their ratio."""
    a, b = this["machine"].get("keras_backend", "this run"), other["machine"].get("keras_backend", "other")
    lines = [f"{'notebook':<24}{a + ' s':>10}{b + ' s':>16}{'ratio':>8}{a + ' GFLOP/s':>16}{b + ' GFLOP/s':>20}"]
    for name, entry in this["notebooks"].items():
        if name not in other["notebooks"]:
            continue
        old = other["notebooks"][name]

        def best(e: dict) -> str:
            rate = best_gflops(e)
            return f"{rate:.1f}" if rate is not None else "-"

        ratio = entry["wall_s"] / old["wall_s"] if old["wall_s"] else float("nan")
        lines.append(f"{name:<24}{entry['wall_s']:>10.1f}{old['wall_s']:>16.1f}{ratio:>8.2f}"
                     f"{best(entry):>16}{best(old):>20}")
    return "\n".join(lines)


def run_in_fresh_process(path: Path | str) -> dict:
    """Run one notebook (or :data:`STARTUP`) through ``python -m tools.bench --one`` and return its entry."""
    done = subprocess.run(
        [sys.executable, "-m", "tools.bench", "--one", str(path)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (json.JSONDecodeError, IndexError):
        return {"wall_s": 0.0, "peak_rss_mib": 0.0, "figures": {},
                "error": (done.stderr.strip().splitlines() or ["no output"])[-1]}


def time_command(command: list[str]) -> tuple[float, int]:
    """Run ``command`` in the course's folder, its output passing through; return (wall seconds, exit code)."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, check=False)
    return round(time.perf_counter() - start, 1), done.returncode


def suite_times(make: str | None = None) -> dict:
    """``make unit`` then ``make test``, back to back: the ``machine`` entries ``--suite`` records."""
    make = make or os.environ.get("MAKE", "make")
    entries = {}
    for target in ("unit", "test"):
        print(f"timing make {target} ...", flush=True)
        seconds, code = time_command([make, target])
        entries[f"make_{target}_s"], entries[f"make_{target}_exit"] = seconds, code
    return entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("prefixes", nargs="*", help="notebook name prefixes, e.g. 01 03")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--twice", action="store_true",
                        help="run each notebook twice and report how far the recorded figures differ")
    parser.add_argument("--compare", type=Path, help="another results file: print each notebook's wall-time ratio")
    parser.add_argument("--suite", action="store_true",
                        help="then time make unit and make test back to back (machine.make_unit_s, make_test_s)")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: child mode
    args = parser.parse_args(argv)

    if args.one:  # child: run one notebook, print its entry as JSON
        print(json.dumps(run_one(args.one if args.one == STARTUP else Path(args.one))))
        return 0

    try:
        paths = find_notebooks(args.prefixes)
    except ValueError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    print("running the start-up baseline (setup cell only) ...", flush=True)
    startup = run_in_fresh_process(STARTUP)
    startup_s = None if "error" in startup else startup["wall_s"]
    results: dict[str, dict] = {}
    for path in paths:
        print(f"running {path.name} ...", flush=True)
        results[path.stem] = run_in_fresh_process(path)
        if args.twice and "error" not in results[path.stem]:
            second = run_in_fresh_process(path)
            results[path.stem]["run_to_run_max_rel_diff"] = agreement(results[path.stem]["figures"],
                                                                       second.get("figures", {}))

    previous = {}
    if args.out.exists():
        try:
            previous = json.loads(args.out.read_text()).get("notebooks", {})
        except (json.JSONDecodeError, AttributeError):
            previous = {}
    merged = dict(sorted({**previous, **results}.items()))
    machine = {**machine_info(), "startup_s": startup_s, "startup_peak_rss_mib": startup["peak_rss_mib"],
               "startup_cpu_s": startup.get("cpu_s")}
    if args.suite:
        machine.update(suite_times())
        course = sum(e["wall_s"] for e in results.values())
        machine["course_total_s"] = round(course, 1)
        machine["make_test_over_course"] = round(machine["make_test_s"] / course, 2) if course else None
    document = {"machine": machine, "total_over_startup": total_over_startup(merged, startup_s),
                "notebooks": merged}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(document, indent=2) + "\n")
    os.replace(tmp, args.out)
    print(format_table(results, startup_s))
    print(f"start-up floor (a notebook that only runs the setup cell): "
          f"{startup_s if startup_s is not None else 'FAILED: ' + startup.get('error', '')} s; "
          f"the course's total is {document['total_over_startup']} times (number of notebooks x floor)")
    print(format_training(results, document["machine"]["matmul_float32_gflops"]))
    print(f"machine limit: {document['machine']['matmul_float32_gflops']} GFLOP/s (float32 matrix product, "
          "all cores); training rates count 6 flops per multiply-add per example")
    print(f"written to {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    if args.compare and args.compare.exists():
        other = json.loads(args.compare.read_text())
        print(format_comparison(document, other))
    if args.suite:
        print(f"make unit {machine['make_unit_s']} s (exit {machine['make_unit_exit']}), make test "
              f"{machine['make_test_s']} s (exit {machine['make_test_exit']}): {machine['make_test_over_course']} "
              f"times the course's total of {machine['course_total_s']} s")
    return 1 if startup_s is None or any("error" in e for e in results.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
