"""Benchmark of Fig. A7's model function (:func:`ionlib.analysis.parameter_map.evaluate`): samples
per second at the sweep's accuracy (and, for comparison, at the book's and the dense accuracy),
and the scaling of the same small sweep from 1 to 2 workers on a process pool and on a Dask
``LocalCluster``. Not a timed test.

The load of the machine is printed with the results: on a shared machine whose cores are busy
with other jobs, 2 workers cannot give 2x. "Busy" is the time spent inside the model over wall
time x workers (from the sweep's store): near 100 % with a speed-up below 2 means the machine, not
the engine, is the limit. Every run writes a fresh store; the process-pool times include starting
the pool (its forkserver warmed up once first), the cluster times exclude starting the cluster.

Run ``python benchmarks/bench_parameter_map.py [--points 32]``; it prints a Markdown table.
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time

from bench_sweep import pool_and_cluster_runs, timed_sweep   # the engine benchmark's timing
from ionlib import sweep
from ionlib.analysis import parameter_map as pm


def _design(n, seed=11):
    return sweep.sobol_design(pm.BOX, n, seed, log=pm.LOG_AXES)


def per_sample_seconds(n=8):
    """Seconds per sample in this process at each accuracy (sweep: ``n`` samples; book, dense: 2)."""
    out = {}
    for acc, k in ((pm.SWEEP, n), (pm.BOOK, 2), (pm.DENSE, 2)):
        points = _design(k, seed=3)
        t0 = time.perf_counter()
        for p in points:
            pm.evaluate_at(p, acc)
        out[acc.name] = (time.perf_counter() - t0) / k
    return out


def scaling(n_points=32):
    """The same sweep serially, on 1 and 2 pool workers and on a 1- and 2-worker LocalCluster;
    every run must give the same rows. Returns ``{label: seconds}`` and the speed-ups."""
    points = _design(n_points)
    res = {"n_points": n_points, "cores": os.cpu_count(), "load_before": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory() as folder:
        sweep.run_sweep(pm.evaluate, points[:2], os.path.join(folder, "warm.sqlite"), executor=2,
                        progress=False)                      # boot the forkserver once
        reference = timed_sweep(pm.evaluate, points, None, folder, "serial", res)
        pool_and_cluster_runs(pm.evaluate, points, folder, res, reference, "ionlib.analysis.parameter_map")
    res["load_after"] = os.getloadavg()[0]
    return res


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--points", type=int, default=32, help="points of the scaling sweep (default 32)")
    args = p.parse_args(argv)
    per = per_sample_seconds()
    print("| accuracy | s / sample | samples / s |\n|---|---:|---:|")
    for name, s in per.items():
        print(f"| {name} | {s:.3f} | {1 / s:.2f} |")
    res = scaling(args.points)
    print(f"\n{res['n_points']} samples, {res['cores']} cores, load average {res['load_before']:.1f} before, "
          f"{res['load_after']:.1f} after\n")
    print("| run | wall (s) | workers busy |\n|---|---:|---:|")
    for label in ("serial", "pool_1", "pool_2", "dask_1", "dask_2"):
        print(f"| {label} | {res[label]:.1f} | {100 * res[label + '_busy']:.0f} % |")
    print(f"\nspeed-up 1 -> 2 workers: process pool {res['speedup_pool']:.2f}x, Dask LocalCluster "
          f"{res['speedup_dask']:.2f}x (cluster start {res['cluster_start_1']:.1f} / {res['cluster_start_2']:.1f} s)")
    return res


if __name__ == "__main__":
    main()
