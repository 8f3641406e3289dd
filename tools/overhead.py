"""``make bench STUDY=1``: where the time of a small model's training goes, setting by setting.

The model is notebook 02's digits autoencoder (64-128-64-2-64-128-64, 33,474
parameters), trained for 200 passes over the 1,437 training digits with Adam
and the mean squared error. The first row is Keras' defaults (arrays, batches
of 32, one compiled call per batch); each following row changes one setting,
and the row marked ``*`` is what :func:`tools.fit_autoencoder.fit_autoencoder` does
(on backends other than TensorFlow it has no pipeline to build, and passes the
repeated arrays, as the row before it).
For every row the study prints the seconds, the milliseconds per training
step, the training rate against the machine's float32 matrix-product limit
(measured in the same run), and the training-set MSE after training, so a
faster setting that learns less shows it. Each setting runs ``--repeats``
times (default 3) and the fastest run counts: on a shared machine the slower
runs measure the neighbours; all the times are kept in the results file.

Results go to ``bench/overhead-<backend>.json``; when the other backend's file
exists, the two are printed side by side with their ratio.

Usage: ``python -m tools.overhead [--passes N] [--repeats R] [--out PATH]``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path

from tools.bench import align, machine_info
from tools.madds import model_madds, training_gflops

ROOT = Path(__file__).resolve().parent.parent

# (label, settings); one setting changes from the row before, unless the label says otherwise.
VARIANTS: list[tuple[str, dict]] = [
    ("Keras defaults: arrays, batch 32, a call per batch",
     {"batch": 32, "per_call": "batch", "passes_per_epoch": 1, "feed": "arrays", "jit": "auto"}),
    ("batch 128", {"batch": 128, "per_call": "batch", "passes_per_epoch": 1, "feed": "arrays", "jit": "auto"}),
    ("+ a whole epoch per call (steps_per_execution)",
     {"batch": 128, "per_call": "epoch", "passes_per_epoch": 1, "feed": "arrays", "jit": "auto"}),
    ("+ 5 passes per epoch (the helper before this study)",
     {"batch": 128, "per_call": "epoch", "passes_per_epoch": 5, "feed": "arrays", "jit": "auto"}),
    ("+ input pipeline built once (the helper now) *",
     {"batch": 128, "per_call": "epoch", "passes_per_epoch": 5, "feed": "pipeline", "jit": "auto"}),
    ("  same, with 1 pass per epoch",
     {"batch": 128, "per_call": "epoch", "passes_per_epoch": 1, "feed": "pipeline", "jit": "auto"}),
    ("  same as *, jit_compile=True (XLA)",
     {"batch": 128, "per_call": "epoch", "passes_per_epoch": 5, "feed": "pipeline", "jit": True}),
    ("  same as *, batch 256",
     {"batch": 256, "per_call": "epoch", "passes_per_epoch": 5, "feed": "pipeline", "jit": "auto"}),
]


def train_once(x, settings: dict, passes: int, seed: int = 0) -> dict:
    """Train a fresh digits autoencoder on ``x`` with ``settings``; return its measurements."""
    import keras  # noqa: PLC0415
    import numpy as np  # noqa: PLC0415

    from helpers import _feed, metrics, models  # noqa: PLC0415

    batch, ppe = settings["batch"], settings["passes_per_epoch"]
    keras.utils.set_random_seed(seed)
    model = models.dense_autoencoder(x.shape[1], 2).autoencoder
    steps_per_pass = math.ceil(len(x) / batch)
    per_call = ppe * steps_per_pass if settings["per_call"] == "epoch" else 1
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="mse", steps_per_execution=per_call,
                  jit_compile=settings["jit"])
    tiled = np.tile(x, (ppe, 1)) if ppe > 1 else x  # several passes per epoch by repeating the rows
    if settings["feed"] == "pipeline" and _feed.uses_tensorflow():
        data, kwargs = _feed.training_data(x, x, batch_size=batch, seed=seed, steps_per_epoch=ppe * steps_per_pass)
    elif settings["feed"] == "pipeline":  # as fit_autoencoder: other backends get the (repeated) arrays
        data, kwargs = _feed.training_data(tiled, tiled, batch_size=batch, seed=seed)
    else:  # Keras' own array path
        data, kwargs = tiled, {"y": tiled, "batch_size": batch, "shuffle": True}
    start = time.perf_counter()
    model.fit(data, epochs=passes // ppe, verbose=0, **kwargs)
    seconds = time.perf_counter() - start
    madds = model_madds(model)
    rate = passes * len(x) / seconds
    return {
        "seconds": round(seconds, 3),
        "ms_per_step": round(1000 * seconds / (passes * steps_per_pass), 3),
        "examples_per_s": round(rate, 1),
        "madds_per_example": madds,
        "gflops": round(training_gflops(rate, madds), 2),
        "train_mse": round(float(metrics.mse(x, models.reconstruct(model, x))), 5),
    }


def format_study(document: dict) -> str:
    limit = document["machine"]["matmul_float32_gflops"]
    rows = [("setting", "s", "ms/step", "examples/s", "GFLOP/s", "% of limit", "train MSE")]
    for label, r in document["variants"].items():
        rows.append((label, f"{r['seconds']:.2f}", f"{r['ms_per_step']:.2f}", f"{r['examples_per_s']:,.0f}",
                     f"{r['gflops']:.1f}", f"{100 * r['gflops'] / limit:.1f}", f"{r['train_mse']:.4f}"))
    return align(rows, left=1)


def format_backends(this: dict, other: dict) -> str:
    a, b = this["machine"]["keras_backend"], other["machine"]["keras_backend"]
    lines = [f"{'setting':<52}{a + ' s':>14}{b + ' s':>14}{'ratio':>8}"]
    for label, r in this["variants"].items():
        if label in other["variants"]:
            o = other["variants"][label]["seconds"]
            lines.append(f"{label:<52}{r['seconds']:>14.2f}{o:>14.2f}{r['seconds'] / o:>8.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passes", type=int, default=200, help="passes over the data (a multiple of 5)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="runs of each setting; the fastest counts (this machine may be shared)")
    parser.add_argument("--out", type=Path, help="results file (default bench/overhead-<backend>.json)")
    args = parser.parse_args(argv)
    if args.passes < 5 or args.passes % 5:
        print(f"overhead: --passes must be a positive multiple of 5, got {args.passes}.", file=sys.stderr)
        return 2
    if args.repeats < 1:
        print(f"overhead: --repeats must be at least 1, got {args.repeats}.", file=sys.stderr)
        return 2

    from helpers import _setup, data  # noqa: PLC0415

    _setup._quiet_environment(None)
    with _setup._silenced_stderr_fd():
        import keras  # noqa: PLC0415

    backend = keras.backend.backend()
    out = args.out or ROOT / "bench" / f"overhead-{backend}.json"
    x = data.load_images("digits").x_train
    variants = {}
    for label, settings in VARIANTS:
        print(f"training: {label.strip()} ({args.repeats} times) ...", flush=True)
        runs = [train_once(x, settings, args.passes) for _ in range(args.repeats)]
        best = min(runs, key=lambda r: r["seconds"])
        variants[label] = {**settings, **best, "all_seconds": [r["seconds"] for r in runs]}
    document = {"machine": machine_info(), "model": "dense_autoencoder(64, 2), hidden (128, 64)",
                "passes": args.passes, "examples": len(x), "repeats": args.repeats, "variants": variants}
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(document, indent=2) + "\n")
    os.replace(tmp, out)
    print(format_study(document))
    print(f"machine limit: {document['machine']['matmul_float32_gflops']} GFLOP/s (float32 matrix product)")
    print(f"written to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    other = ROOT / "bench" / f"overhead-{'jax' if backend == 'tensorflow' else 'tensorflow'}.json"
    if other.exists() and args.out is None:
        print(format_backends(document, json.loads(other.read_text())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
