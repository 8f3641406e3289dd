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

Usage: ``python -m helpers.bench [PREFIX ...] [--out PATH]``; ``PREFIX`` picks
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


def machine_info() -> dict:
    """What the numbers were measured on (no host or user names)."""
    info = {
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


def format_table(results: dict[str, dict]) -> str:
    rows = [("notebook", "wall s", "peak MiB", "figures", "status")]
    for name, entry in results.items():
        rows.append(
            (
                name,
                f"{entry['wall_s']:.1f}",
                f"{entry['peak_rss_mib']:.0f}",
                str(len(entry.get("figures", {}))),
                "FAILED: " + entry["error"] if "error" in entry else "ok",
            )
        )
    sizes = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = []
    for r in rows:
        cells = [r[0].ljust(sizes[0])] + [c.rjust(s) for c, s in zip(r[1:4], sizes[1:])] + [r[4]]
        lines.append("  ".join(cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("prefixes", nargs="*", help="notebook name prefixes, e.g. 01 03")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
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
        done = subprocess.run(
            [sys.executable, "-m", "helpers.bench", "--one", str(path)],
            capture_output=True, text=True, cwd=ROOT, check=False,
        )
        try:
            results[path.stem] = json.loads(done.stdout.strip().splitlines()[-1])
        except (json.JSONDecodeError, IndexError):
            results[path.stem] = {"wall_s": 0.0, "peak_rss_mib": 0.0, "figures": {},
                                  "error": (done.stderr.strip().splitlines() or ["no output"])[-1]}

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
    print(f"written to {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 1 if any("error" in e for e in results.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
