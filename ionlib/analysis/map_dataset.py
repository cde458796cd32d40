"""Build Fig. A7's dataset with one command::

    python -m ionlib.analysis.map_dataset --workers 2

It runs, through :mod:`ionlib.sweep` (resumable: rerunning skips what its SQLite store holds),

1. the box design: 4096 scrambled Sobol points of the admissible box (:data:`BOX_DESIGN`);
2. three departure designs of 256 points each (:data:`DEPARTURE_DESIGNS`): m*/m in [1e-3, 1], the
   rim or the well depth in [0.3, 3] eV, the other axes in the box (at the search accuracy,
   :data:`~ionlib.analysis.parameter_map.SEARCH`);
3. the accuracy check: 48 + 16 box points (the design's first 48, which are themselves a balanced
   Sobol set, and the 16 with the largest quantum effects) again at :data:`~ionlib.analysis.
   parameter_map.DENSE` and :data:`~ionlib.analysis.parameter_map.BOOK` accuracy;
4. the searches (:mod:`ionlib.analysis.map_search`): the closest approach to each claim and to all
   at once, and the smallest departure that reaches each, started from the best sampled points and
   the vertices of the box in the four most influential axes (PAWN); their results re-evaluated at
   the dense accuracy;

and writes ``book/paper_a/data/parameter_map.csv`` (the sweep rows) and ``parameter_map.json``
(designs, seeds, accuracy settings, versions, the physics hash, date, run times, the accuracy
rows and the search results). The named designs ``parameter-map``, ``parameter-map-mass``,
``parameter-map-rim`` and ``parameter-map-depth`` run the same sweeps alone with
``python -m ionlib.sweep run NAME store.sqlite --workers 2``.
"""
from __future__ import annotations

import argparse
import csv
import datetime as _dt
import json
import os
import platform
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from . import map_analysis as ma
from . import map_search as ms
from . import parameter_map as pm

__all__ = ["BOX_DESIGN", "DEPARTURE_DESIGNS", "MASS_DESIGN", "RIM_DESIGN", "DEPTH_DESIGN", "N_BOX",
           "N_DEPARTURE", "SEED", "accuracy_indices", "build", "main"]

N_BOX = 4096
N_DEPARTURE = 256
SEED = 2026
N_ACCURACY_SOBOL, N_ACCURACY_QUANTUM = 48, 16
#: Each differential-evolution search starts from the DE_MEMBERS best sampled points and the
#: 2**N_SEED_AXES vertices of the box in the target's most influential axes; DE_GENERATIONS generations.
DE_MEMBERS, DE_GENERATIONS, N_SEED_AXES = 8, 8, 4

BOX_DESIGN = {"func": "ionlib.analysis.parameter_map:evaluate", "bounds": {k: list(v) for k, v in pm.BOX.items()},
              "n": N_BOX, "seed": SEED, "log": list(pm.LOG_AXES),
              "description": "Fig. A7: Paper A's headline numbers over the admissible box"}


def _departure_design(dep, seed):
    bounds = {k: list(v) for k, v in dep.bounds().items()}
    log = list(pm.LOG_AXES) + ([] if dep.axis in pm.LOG_AXES else [dep.axis])
    return {"func": "ionlib.analysis.parameter_map:evaluate_search", "bounds": bounds, "n": N_DEPARTURE,
            "seed": seed, "log": log, "description": f"Fig. A7: departure from the box, {dep.label}"}


DEPARTURE_DESIGNS = {d.name: _departure_design(d, SEED + 1 + i) for i, d in enumerate(ms.DEPARTURES)}
MASS_DESIGN, RIM_DESIGN, DEPTH_DESIGN = (DEPARTURE_DESIGNS[k] for k in ("mass", "rim", "depth"))


def _points(spec, n=None):
    from ..sweep import sobol_design
    return sobol_design({k: tuple(v) for k, v in spec["bounds"].items()}, spec["n"] if n is None else n,
                        spec["seed"], log=tuple(spec["log"]))


def accuracy_indices(cols, n_sobol=None, n_quantum=None):
    """Indices (into the box design) of the accuracy rows: the first ``n_sobol`` and the
    ``n_quantum`` others with the largest quantum/classical ratio or sub-barrier share (defaults
    :data:`N_ACCURACY_SOBOL`, :data:`N_ACCURACY_QUANTUM`)."""
    n_sobol = N_ACCURACY_SOBOL if n_sobol is None else n_sobol
    n_quantum = N_ACCURACY_QUANTUM if n_quantum is None else n_quantum
    idx = [int(i) for i in cols["index"]]
    first = [i for i in idx if i < n_sobol]
    score = np.maximum(np.abs(np.log10(cols["qc_K"])), np.abs(np.log10(cols["qc_Na"])))
    score = np.maximum(score, np.minimum(cols["share_K"], cols["share_Na"]))
    rest = [idx[j] for j in np.argsort(-score) if idx[j] >= n_sobol][:n_quantum]
    return sorted(first + rest)


def _sweep(func, points, store, workers, tag, timings, stats=None):
    """run_sweep, timed (``timings[tag]``: this call, which skips what the store holds). ``stats[tag]``
    from the store, whenever the design's samples were computed: their number, the span of their
    finishing times plus one mean sample (the wall time of the sweep, if it ran in one go), the
    samples per second over that span, the mean time inside ``func`` and the number of workers."""
    from ..sweep import Store, function_name, run_sweep, sample_key
    t0 = time.perf_counter()
    rows = run_sweep(func, points, store, executor=workers if workers > 1 else None, progress=True)
    timings[tag] = time.perf_counter() - t0
    if stats is not None:
        name = function_name(func)
        keys = {sample_key(name, p) for p in points}
        with Store(store) as db:
            done = [r for r in db.rows(name) if r["key"] in keys]
        ends = [_dt.datetime.fromisoformat(r["finished"]).timestamp() for r in done]
        mean = float(np.mean([r["seconds"] for r in done]))
        wall = max(ends) - min(ends) + mean
        stats[tag] = {"points": len(points), "computed": len(done), "wall_seconds": wall,
                      "samples_per_second": len(done) / wall, "mean_seconds_in_model": mean,
                      "workers": len({r["worker"] for r in done}),
                      "started": _dt.datetime.fromtimestamp(min(ends), _dt.timezone.utc).isoformat(timespec="seconds")}
    return rows


def _write_csv(path, designs):
    names = [a.name for a in pm.AXES] + [pm.MASS_AXIS.name]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["design", "index", "status"] + names + list(ma.STORED_OUTPUTS))
        for design, rows in designs.items():
            for i, r in enumerate(rows):
                vals = [repr(float(r.get(k, 1.0 if k == pm.MASS_AXIS.name else np.nan))) for k in names]
                outs = [repr(float(r[k])) if r["status"] == "ok" else "" for k in ma.STORED_OUTPUTS]
                w.writerow([design, i, r["status"]] + vals + outs)


def _plain(x):
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    if isinstance(x, (np.floating, np.integer)):
        return x.item()
    if isinstance(x, float) and not np.isfinite(x):
        return str(x)
    return x


def _influential_axes(box, k=N_SEED_AXES):
    """The ``k`` most influential axes (PAWN, :func:`ionlib.analysis.map_analysis.sensitivity`) of
    each target over the box; for the joint target, of the targets' mean index."""
    pawn = {t.id: ma.sensitivity(box, t.id, method="pawn") for t in ma.TARGETS}
    names = [a.name for a in pm.AXES]
    top = {tid: sorted(names, key=lambda n: -s[n][0])[:k] for tid, s in pawn.items()}
    top[ma.JOINT] = sorted(names, key=lambda n: -np.mean([s[n][0] for s in pawn.values()]))[:k]
    return top


def _searches(box, departures, workers, timings):
    """Closest approaches and smallest departures, seeded with the best sampled points."""
    t0 = time.perf_counter()
    ids = [t.id for t in ma.TARGETS] + [ma.JOINT]
    pool = ProcessPoolExecutor(workers) if workers > 1 else None
    mapper = pool.map if pool else None
    closest, depart = {}, {d.name: {} for d in ms.DEPARTURES}
    names_all = [a.name for a in pm.AXES]
    try:
        X = ma.unit_coordinates(box)
        top = _influential_axes(box)
        for tid in ids:
            best = X[np.argsort(ms.target_miss(tid, box), kind="stable")[:DE_MEMBERS]]
            init = np.vstack([best, ms.vertex_seeds(best[0], [names_all.index(a) for a in top[tid]])])
            closest[tid] = ms.closest_approach(tid, init, DE_GENERATIONS, SEED, mapper)
            closest[tid]["seeded_axes"] = top[tid]
            print(f"closest {tid}: miss {closest[tid]['miss']:.3g}", file=sys.stderr)
        for d in ms.DEPARTURES:
            cols = departures[d.name]
            names = [a.name for a in pm.AXES if a.name != d.axis]
            t = np.array([d.t_of(v) for v in cols[d.axis]])
            X = np.column_stack([ma.unit_coordinates(cols, names), t])
            for tid in ids:
                if closest[tid]["miss"] == 0.0:
                    continue                      # reached inside the box: no departure needed
                score = ms.PENALTY_PER_DECADE * ms.target_miss(tid, cols) + t
                best = X[np.argsort(score, kind="stable")[:DE_MEMBERS]]
                axes = [names.index(a) for a in top[tid] if a in names][:N_SEED_AXES - 1] + [len(names)]
                seeds = ms.vertex_seeds(best[0], axes)       # ... and t at the box edge and at the far end
                init = np.vstack([best, seeds])
                depart[d.name][tid] = ms.smallest_departure(tid, d.name, init, DE_GENERATIONS, SEED, mapper)
                print(f"departure {d.name} {tid}: reached {depart[d.name][tid]['reached']} "
                      f"value {depart[d.name][tid]['value']:.3g}", file=sys.stderr)
    finally:
        if pool:
            pool.shutdown()
    timings["searches"] = time.perf_counter() - t0
    return closest, depart


def _dense(results, workers, store, timings):
    """Re-evaluate each search result's point at the dense accuracy (outputs_dense)."""
    found = [r for r in results if r.get("outputs")]
    points = [{pm.MASS_AXIS.name: 1.0, **r["point"]} for r in found]
    if points:
        rows = _sweep(pm.evaluate_dense, points, store, workers, "searches_dense", timings)
        for r, row in zip(found, rows):
            r["outputs_dense"] = {k: row[k] for k in pm.OUTPUTS} if row["status"] == "ok" else None


def build(workers=2, store=None, out_dir=ma.DATA_DIR, n_box=N_BOX, n_departure=N_DEPARTURE):
    """Run everything (see the module docstring) and write the CSV and JSON to ``out_dir``."""
    store = store or os.path.join(tempfile.gettempdir(), "ionlib_parameter_map.sqlite")
    timings, stats, start = {}, {}, time.perf_counter()
    designs = {"box": _sweep(pm.evaluate, _points(BOX_DESIGN, n_box), store, workers, "box", timings, stats)}
    for name, spec in DEPARTURE_DESIGNS.items():
        designs[name] = _sweep(pm.evaluate_search, _points(spec, n_departure), store, workers, name, timings, stats)
    for name, rows in designs.items():
        for i, r in enumerate(rows):
            r["index"] = i
            r["design"] = name
    cols = {k: ma.columns([dict(r, status=r["status"]) for r in rows]) for k, rows in designs.items()}
    acc_idx = accuracy_indices(cols["box"])
    acc_points = [{k: designs["box"][i][k] for k in pm.BOX} for i in acc_idx]
    dense = _sweep(pm.evaluate_dense, acc_points, store, workers, "accuracy_dense", timings)
    book = _sweep(pm.evaluate_book, acc_points, store, workers, "accuracy_book", timings)
    accuracy_rows = [{"index": i, "sweep": {k: designs["box"][i][k] for k in pm.OUTPUTS},
                      "dense": {k: dn[k] for k in pm.OUTPUTS} if dn["status"] == "ok" else None,
                      "book": {k: bk[k] for k in pm.OUTPUTS} if bk["status"] == "ok" else None}
                     for i, dn, bk in zip(acc_idx, dense, book)]
    closest, depart = _searches(cols["box"], {k: cols[k] for k in DEPARTURE_DESIGNS}, workers, timings)
    _dense(list(closest.values()) + [r for d in depart.values() for r in d.values()], workers, store, timings)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_csv(out_dir / ma.CSV_PATH.name, designs)
    import ionlib
    import scipy
    n_samples = sum(len(r) for r in designs.values())
    meta = {
        "command": "python -m ionlib.analysis.map_dataset --workers %d" % workers,
        "designs": {"box": {**BOX_DESIGN, "n": n_box},
                    **{k: {**v, "n": n_departure} for k, v in DEPARTURE_DESIGNS.items()}},
        "sampler": "scipy.stats.qmc.Sobol(scramble=True) via ionlib.sweep.sobol_design",
        "accuracy": {"sweep": vars(pm.SWEEP), "dense": vars(pm.DENSE), "book": vars(pm.BOOK)},
        "ionlib_version": ionlib.__version__, "python": platform.python_version(), "numpy": np.__version__,
        "scipy": scipy.__version__, "physics_sha256": ma.physics_hash(), "physics_sources": list(ma.PHYSICS_SOURCES),
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores", "workers": workers,
        "run_seconds": {**timings, "total": time.perf_counter() - start},
        "sweep_stats": stats, "load_average_end": os.getloadavg()[0],
        "sweep_samples": n_samples,
        "errors": [{"design": r["design"], "index": r["index"], "error": r["error"]}
                   for rows in designs.values() for r in rows if r["status"] != "ok"],
        "accuracy_rows": accuracy_rows,
        "search": {"best_sampled": DE_MEMBERS, "vertex_axes": N_SEED_AXES, "generations": DE_GENERATIONS,
                   "seed": SEED,
                   "penalty_per_decade": ms.PENALTY_PER_DECADE},
        "closest": closest, "departures": depart,
    }
    (out_dir / ma.META_PATH.name).write_text(json.dumps(_plain(meta), indent=1, ensure_ascii=False) + "\n",
                                             encoding="utf-8")
    return meta


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m ionlib.analysis.map_dataset",
                                description="Build Fig. A7's dataset (sweeps, accuracy rows, searches).")
    p.add_argument("--workers", type=int, default=2, help="processes (default 2)")
    p.add_argument("--store", help="SQLite store of the sweeps (default: in the temp directory; resumable)")
    p.add_argument("--out", default=str(ma.DATA_DIR), help="output folder (default book/paper_a/data)")
    p.add_argument("--n-box", type=int, default=N_BOX, help=f"box points (default {N_BOX})")
    p.add_argument("--n-departure", type=int, default=N_DEPARTURE, help=f"points per departure design "
                   f"(default {N_DEPARTURE})")
    args = p.parse_args(argv)
    meta = build(args.workers, args.store, args.out, args.n_box, args.n_departure)
    print(f"{meta['sweep_samples']} samples, {meta['run_seconds']['total']:.0f} s; wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
