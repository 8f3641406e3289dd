"""``make bench``: run notebooks headless and measure them.

For each notebook, a fresh process starts a fresh kernel, executes every cell
(nothing is written back to the notebook), and reports:

* ``wall_s``: seconds from kernel start to the last cell's end;
* ``peak_rss_mib``: the kernel's peak resident memory (``getrusage`` of the
  finished kernel process, so nothing is sampled or missed);
* ``figures``: what the notebook recorded with :func:`helpers.record`.

Results go to ``bench/results.json`` (a subset run updates only its notebooks)
in the shape ``{"machine": {...}, "notebooks": {"01_matrix_chains": {...}}}``,
and a table is printed. It is a measurement, not a test: it fails only when a
notebook fails.

Usage: ``python -m tools.bench [PREFIX ...] [--out PATH]``; ``PREFIX`` picks
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


def run_one(path: Path) -> dict:
    """Execute one notebook in a fresh kernel started from this process; return its entry.

    The peak memory is the largest of this process's finished children, so
    call it once per process (``make bench`` starts a process per notebook).
    """
    import nbformat  # noqa: PLC0415
    from nbclient import NotebookClient  # noqa: PLC0415

    previous_target = os.environ.get("COURSE_REPORT_PATH")
    with tempfile.TemporaryDirectory() as tmp:
        figures_path = Path(tmp) / "figures.json"
        os.environ["COURSE_REPORT_PATH"] = str(figures_path)
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(
            nb,
            kernel_name="python3",
            timeout=TIMEOUT_S,
            resources={"metadata": {"path": str(path.parent)}},
        )
        start = time.perf_counter()
        error = None
        try:
            client.execute()
        except Exception as exc:  # noqa: BLE001 - reported, not hidden
            error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}"
        wall = time.perf_counter() - start
        figures = json.loads(figures_path.read_text()) if figures_path.exists() else {}
    if previous_target is None:
        os.environ.pop("COURSE_REPORT_PATH", None)
    else:
        os.environ["COURSE_REPORT_PATH"] = previous_target
    entry = {
        "wall_s": round(wall, 2),
        "peak_rss_mib": round(_peak_rss_mib_of_children(), 1),
        "figures": figures,
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


def format_table(results: dict[str, dict]) -> str:
    rows = [("notebook", "wall s", "peak MiB", "figures", "best train GFLOP/s", "run-to-run", "status")]
    for name, entry in results.items():
        agree = entry.get("run_to_run_max_rel_diff")
        rates = [v for k, v in entry.get("figures", {}).items() if k.endswith("_gflops")]
        rows.append(
            (
                name,
                f"{entry['wall_s']:.1f}",
                f"{entry['peak_rss_mib']:.0f}",
                str(len(entry.get("figures", {}))),
                f"{max(rates):.2f}" if rates else "-",
                "-" if agree is None else f"{agree:.1e}",
                "FAILED: " + entry["error"] if "error" in entry else "ok",
            )
        )
    sizes = [max(len(r[i]) for r in rows) for i in range(6)]
    lines = []
    for r in rows:
        cells = [r[0].ljust(sizes[0])] + [c.rjust(s) for c, s in zip(r[1:6], sizes[1:])] + [r[6]]
        lines.append("  ".join(cells))
    return "\n".join(lines)


def format_training(results: dict[str, dict], limit_gflops: float) -> str:
    """One row per recorded training run: its speed, its arithmetic and its share of the machine's limit."""
    rows = [("notebook", "training run", "examples/s", "madds/example", "GFLOP/s", "% of limit")]
    for name, entry in results.items():
        figures = entry.get("figures", {})
        for key in sorted(k for k in figures if k.endswith("_gflops")):
            run = key[: -len("_gflops")]
            rate, madds = figures.get(f"{run}_examples_per_s"), figures.get(f"{run}_madds_per_example")
            if rate is None or madds is None:
                continue
            rows.append((name, run, f"{rate:,.0f}", f"{madds:,}", f"{figures[key]:.1f}",
                         f"{100 * figures[key] / limit_gflops:.1f}" if limit_gflops else "-"))
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
            rates = [v for k, v in e.get("figures", {}).items() if k.endswith("_gflops")]
            return f"{max(rates):.1f}" if rates else "-"

        ratio = entry["wall_s"] / old["wall_s"] if old["wall_s"] else float("nan")
        lines.append(f"{name:<24}{entry['wall_s']:>10.1f}{old['wall_s']:>16.1f}{ratio:>8.2f}"
                     f"{best(entry):>16}{best(old):>20}")
    return "\n".join(lines)


def run_in_fresh_process(path: Path) -> dict:
    """Run one notebook through ``python -m tools.bench --one`` and return its entry."""
    done = subprocess.run(
        [sys.executable, "-m", "tools.bench", "--one", str(path)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (json.JSONDecodeError, IndexError):
        return {"wall_s": 0.0, "peak_rss_mib": 0.0, "figures": {},
                "error": (done.stderr.strip().splitlines() or ["no output"])[-1]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("prefixes", nargs="*", help="notebook name prefixes, e.g. 01 03")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--twice", action="store_true",
                        help="run each notebook twice and report how far the recorded figures differ")
    parser.add_argument("--compare", type=Path, help="another results file: print each notebook's wall-time ratio")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # internal: child mode
    args = parser.parse_args(argv)

    if args.one:  # child: run one notebook, print its entry as JSON
        print(json.dumps(run_one(args.one)))
        return 0

    try:
        paths = find_notebooks(args.prefixes)
    except ValueError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
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
    merged = {**previous, **results}
    document = {"machine": machine_info(), "notebooks": dict(sorted(merged.items()))}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(document, indent=2) + "\n")
    os.replace(tmp, args.out)
    print(format_table(results))
    print(format_training(results, document["machine"]["matmul_float32_gflops"]))
    print(f"machine limit: {document['machine']['matmul_float32_gflops']} GFLOP/s (float32 matrix product, "
          "all cores); training rates count 6 flops per multiply-add per example")
    print(f"written to {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    if args.compare and args.compare.exists():
        other = json.loads(args.compare.read_text())
        print(format_comparison(document, other))
    return 1 if any("error" in e for e in results.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
