"""``make seeds``: run every notebook under other seeds, or with one parameter changed.

Seed sweep (the default): each notebook runs headless in a fresh kernel under each
of the first ``N`` seeds of :data:`SEEDS` (chosen once, none of them the notebooks'
own 42), with the seed given through ``COURSE_SEED`` (``helpers.setup_notebook`` uses
it instead of the notebook's own) and every ``helpers.claim`` strict
(``COURSE_STRICT=1``), exactly as under the tests. Results go to ``bench/seeds.json``:

* ``runs``: one ``{"notebook", "seed", "status": "ok" | "failed", "cell", "message",
  "wall_s"}`` per run (``cell`` is the 0-based index in the notebook's ``cells``);
* ``figures``: per notebook, per recorded figure, its value under every seed with
  ``min``, ``median`` and ``max``;
* ``elapsed_s``: per notebook, the seconds its runs took, and the sweep's total.

Parameter sweep (``--params``, ``make seeds PARAMS=1``): each notebook runs once per
value listed in its ``parameters`` cell's metadata, ``"sweep": {"NAME": ["value",
...]}`` (each value Python source, such as ``"(2, 8, 32)"``), with one parameter
changed at a time and the seed at the notebook's own. The new value is set in a
cell injected after the parameters cell (papermill's way). Claims are *not* strict
here: a claim that a changed parameter breaks becomes the visible note a student
would see, and the run lists it under ``notes``. ``runs`` carry ``"parameter"`` and
``"value"`` instead of ``"seed"``. Results go to ``bench/params.json``.

A run of a subset (``make seeds NB="03 05"``) replaces only those notebooks' runs
in the file; the file is locked while it is updated, so two sweeps may share it.
It is a measurement, not a test; it exits 1 when a run failed.

Usage: ``python -m tools.seeds [PREFIX ...] [--n N] [--seeds S ...] [--params]``.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import datetime as dt
import fcntl
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tools.bench import ROOT, align, find_notebooks

SEEDS = (1, 2, 3, 7, 11, 23, 101, 777, 2024, 31337)  # chosen once; never 42, the notebooks' own
SEEDS_OUT = ROOT / "bench" / "seeds.json"
PARAMS_OUT = ROOT / "bench" / "params.json"
OFFLINE = ROOT / "tests" / "offline"
TIMEOUT_S = 900


def parameters_cell(nb: object) -> int | None:
    """Index of the cell tagged ``parameters`` (None when the notebook has none)."""
    for i, cell in enumerate(nb.cells):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            return i
    return None


def sweep_plan(nb: object) -> list[tuple[str, str]]:
    """The ``(parameter, value source)`` pairs the notebook's parameters cell lists under ``"sweep"``.

    Raises:
        ValueError: the plan names a parameter the cell does not set, or a value that is not
            a Python literal.
    """
    index = parameters_cell(nb)
    if index is None:
        return []
    cell = nb.cells[index]
    plan = cell.get("metadata", {}).get("sweep", {})
    source = cell.source if isinstance(cell.source, str) else "".join(cell.source)
    assigned = {t.id for node in ast.parse(source).body if isinstance(node, ast.Assign)
                for t in node.targets if isinstance(t, ast.Name)}
    pairs = []
    for name, values in plan.items():
        if name not in assigned:
            raise ValueError(f"the sweep plan names {name!r}, which the parameters cell does not set "
                             f"(it sets {sorted(assigned)}).")
        for value in values:
            text = value if isinstance(value, str) else json.dumps(value)
            ast.literal_eval(text)  # a literal, or a clear SyntaxError/ValueError
            pairs.append((name, text))
    return pairs


def prepared(nb: object, overrides: dict[str, str]) -> object:
    """A copy of ``nb`` with a cell setting ``overrides`` injected after its parameters cell."""
    import copy  # noqa: PLC0415

    import nbformat  # noqa: PLC0415

    nb = copy.deepcopy(nb)
    if overrides:
        index = parameters_cell(nb)
        if index is None:
            raise ValueError("this notebook has no cell tagged 'parameters' to override.")
        lines = "\n".join(f"{name} = {value}" for name, value in overrides.items())
        cell = nbformat.v4.new_code_cell(f"# Injected by make seeds\n{lines}")
        cell.metadata["tags"] = ["injected-parameters"]
        nb.cells.insert(index + 1, cell)
    return nb


def run_one(path: Path, seed: int | None, overrides: dict[str, str], strict: bool) -> dict:
    """Execute one notebook in a fresh kernel; return status, failing cell, figures and notes."""
    import nbformat  # noqa: PLC0415
    from nbclient import NotebookClient  # noqa: PLC0415

    original = nbformat.read(path, as_version=4)
    nb = prepared(original, overrides)
    injected_at = (parameters_cell(original) + 1) if overrides else None
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            "COURSE_REPORT_PATH": str(Path(tmp) / "figures.json"),
            "COURSE_NOTES_PATH": str(Path(tmp) / "notes.json"),
            "COURSE_STRICT": "1" if strict else "0",
            "PYTHONHASHSEED": os.environ.get("PYTHONHASHSEED", "0"),
            "PYTHONPATH": os.pathsep.join(p for p in (str(OFFLINE), os.environ.get("PYTHONPATH")) if p),
        }
        if seed is not None:
            env["COURSE_SEED"] = str(seed)
        else:
            os.environ.pop("COURSE_SEED", None)
        os.environ.update(env)
        client = NotebookClient(nb, kernel_name="python3", timeout=TIMEOUT_S,
                                resources={"metadata": {"path": str(path.parent)}})
        start = time.perf_counter()
        entry: dict = {"status": "ok", "cell": None, "message": ""}
        try:
            client.execute()
        except Exception as exc:  # noqa: BLE001 - reported, not hidden
            entry.update(status="failed", **_failure(nb, exc, injected_at))
        entry["wall_s"] = round(time.perf_counter() - start, 1)
        for key, name in (("figures", "figures.json"), ("notes", "notes.json")):
            file = Path(tmp) / name
            entry[key] = json.loads(file.read_text()) if file.exists() else ({} if key == "figures" else [])
    return entry


def _failure(nb: object, exc: Exception, injected_at: int | None) -> dict:
    """The failing cell (index in the committed notebook) and the error's last line."""
    for i, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                index = i - 1 if injected_at is not None and i > injected_at else i
                return {"cell": index, "message": f"{output.get('ename')}: {output.get('evalue')}"[:500]}
    text = str(exc).strip().splitlines()
    return {"cell": None, "message": f"{type(exc).__name__}: {text[-1] if text else ''}"[:500]}


def run_in_fresh_process(path: Path, seed: int | None, overrides: dict[str, str], strict: bool) -> dict:
    job = json.dumps({"path": str(path), "seed": seed, "overrides": overrides, "strict": strict})
    done = subprocess.run([sys.executable, "-m", "tools.seeds", "--one", job],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (json.JSONDecodeError, IndexError):
        return {"status": "failed", "cell": None, "wall_s": 0.0, "figures": {}, "notes": [],
                "message": (done.stderr.strip().splitlines() or ["no output"])[-1][:500]}


def spread(values: dict[str, object]) -> dict:
    """``{"values": {...}, "min", "median", "max"}`` of the numeric values (non-numbers are kept as they are)."""
    numeric = [v for v in values.values() if isinstance(v, (int, float)) and not isinstance(v, bool)]
    summary: dict = {"values": values}
    if numeric:
        summary.update(min=min(numeric), median=statistics.median(numeric), max=max(numeric))
    return summary


@contextlib.contextmanager
def locked(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(f".{path.name}.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def merge(out: Path, kind: str, notebooks: list[str], runs: list[dict], elapsed: dict[str, float],
          extra: dict) -> dict:
    """Replace these notebooks' runs in ``out`` (other notebooks' runs stay) and rewrite it atomically."""
    with locked(out):
        try:
            document = json.loads(out.read_text()) if out.exists() else {}
        except json.JSONDecodeError:
            document = {}
        kept = [r for r in document.get("runs", []) if r.get("notebook") not in notebooks]
        all_runs = sorted(kept + runs, key=lambda r: (r["notebook"], str(r.get("seed", r.get("parameter"))),
                                                      str(r.get("value", ""))))
        times = {**document.get("elapsed_s", {}), **elapsed}
        times.pop("total", None)
        times["total"] = round(sum(times.values()), 1)
        document = {"kind": kind, **document, **extra, "updated": dt.datetime.now(dt.timezone.utc)
                    .strftime("%Y-%m-%dT%H:%M:%SZ"), "runs": [{k: v for k, v in r.items() if k != "figures"}
                                                              for r in all_runs],
                    "elapsed_s": dict(sorted(times.items()))}
        if kind == "seeds":
            figures = {**document.get("figures", {})}
            for name in notebooks:
                figures.pop(name, None)
                per_figure: dict[str, dict[str, object]] = {}
                for run in (r for r in runs if r["notebook"] == name):
                    for figure, value in run.get("figures", {}).items():
                        per_figure.setdefault(figure, {})[str(run["seed"])] = value
                figures[name] = {f: spread(v) for f, v in sorted(per_figure.items())}
            document["figures"] = dict(sorted(figures.items()))
        from helpers.report import _write_json_atomically  # noqa: PLC0415

        _write_json_atomically(out, document)
    return document


def format_runs(document: dict, kind: str) -> str:
    """One row per notebook: how many runs went through, what failed where, what became a note, minutes."""
    rows = [("notebook", "ran through", "failed (where: message)", "claims shown as notes", "minutes")]
    by_notebook: dict[str, list[dict]] = {}
    for run in document.get("runs", []):
        by_notebook.setdefault(run["notebook"], []).append(run)
    for name, runs in sorted(by_notebook.items()):
        def label(r: dict) -> str:
            return f"seed {r['seed']}" if kind == "seeds" else f"{r['parameter']}={r['value']}"

        ok = sum(r["status"] == "ok" for r in runs)
        failed = "; ".join(f"{label(r)} at cell {r['cell']}: {r['message'][:70]}" for r in runs
                           if r["status"] != "ok") or "-"
        noted = "; ".join(f"{label(r)}: {len(r.get('notes', []))}" for r in runs if r.get("notes")) or "-"
        minutes = document.get("elapsed_s", {}).get(name)
        rows.append((name, f"{ok}/{len(runs)}", failed, noted, f"{minutes / 60:.1f}" if minutes else "-"))
    return align(rows)


def format_figures(document: dict) -> str:
    rows = [("notebook", "figure", "min", "median", "max")]
    for name, figures in document.get("figures", {}).items():
        for figure, summary in figures.items():
            if "min" in summary:
                rows.append((name, figure, f"{summary['min']:.4g}", f"{summary['median']:.4g}",
                             f"{summary['max']:.4g}"))
    return align(rows, left=2) if len(rows) > 1 else "no figures recorded"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("prefixes", nargs="*", help="notebook name prefixes, e.g. 03 05")
    parser.add_argument("--n", type=int, default=5, help="how many of the listed seeds to run (default 5)")
    parser.add_argument("--seeds", type=int, nargs="+", help="run these seeds instead of the listed ones")
    parser.add_argument("--params", action="store_true", help="the parameter sweep instead of the seed sweep")
    parser.add_argument("--out", type=Path, help="results file (bench/seeds.json or bench/params.json)")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: child mode
    args = parser.parse_args(argv)

    if args.one:
        job = json.loads(args.one)
        print(json.dumps(run_one(Path(job["path"]), job["seed"], job["overrides"], job["strict"])))
        return 0
    if not 1 <= args.n <= len(SEEDS) and not args.seeds:
        print(f"seeds: --n must be from 1 to {len(SEEDS)}, got {args.n}", file=sys.stderr)
        return 2
    try:
        paths = find_notebooks(args.prefixes)
    except ValueError as error:
        print(f"seeds: {error}", file=sys.stderr)
        return 2
    import nbformat  # noqa: PLC0415

    kind = "params" if args.params else "seeds"
    out = args.out or (PARAMS_OUT if args.params else SEEDS_OUT)
    seeds = list(args.seeds or SEEDS[: args.n])
    runs: list[dict] = []
    elapsed: dict[str, float] = {}
    for path in paths:
        start = time.perf_counter()
        if args.params:
            plan = sweep_plan(nbformat.read(path, as_version=4))
            if not plan:
                print(f"{path.stem}: no sweep plan in its parameters cell's metadata", flush=True)
            jobs = [({"parameter": name, "value": value}, None, {name: value}, False) for name, value in plan]
        else:
            jobs = [({"seed": seed}, seed, {}, True) for seed in seeds]
        for label, seed, overrides, strict in jobs:
            print(f"{path.stem} {' '.join(f'{k}={v}' for k, v in label.items())} ...", end=" ", flush=True)
            entry = run_in_fresh_process(path, seed, overrides, strict)
            where = f" at cell {entry['cell']}: {entry['message']}" if entry["status"] != "ok" else ""
            notes = f", {len(entry['notes'])} claim(s) shown as notes" if entry.get("notes") else ""
            print(f"{entry['status']} ({entry['wall_s']} s){notes}{where}", flush=True)
            runs.append({"notebook": path.stem, **label, **entry})
        elapsed[path.stem] = round(time.perf_counter() - start, 1)
    extra = {"seeds": seeds} if kind == "seeds" else {}
    document = merge(out, kind, [p.stem for p in paths], runs, elapsed, extra)
    print(format_runs(document, kind))
    if kind == "seeds":
        print(format_figures({"figures": {k: v for k, v in document["figures"].items()
                                          if k in {p.stem for p in paths}}}))
    total = sum(elapsed.values())
    print(f"this sweep: {len(runs)} runs in {total / 60:.1f} min; written to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 1 if any(r["status"] != "ok" for r in runs) else 0


if __name__ == "__main__":
    raise SystemExit(main())
