"""Benchmark of the sweep engine (:mod:`ionlib.sweep`): does a CPU-bound sweep scale from 1 to 2
workers, on a local process pool and on a Dask ``LocalCluster``? Not a timed test.

The model is :func:`ionlib.sweep.demo.busy` (pure-Python arithmetic, ~20-30 ms a sample, no
physics). The same work through a bare ``ProcessPoolExecutor.map`` gives the machine's ceiling (on
a shared machine whose cores are busy with other jobs, it is well below 2x); the gap between that
and the engine is the engine's cost: submitting, pickling, one SQLite transaction per sample, the
pool or the cluster. "Workers busy" is the time spent inside func over wall time x workers.
Every run writes a fresh store. The process-pool
times include starting the pool (the forkserver is warmed up once first, as in any session after
its first sweep); the cluster times exclude starting the cluster (started once, used for many
sweeps), which is reported on its own.

Run ``python benchmarks/bench_sweep.py [--points 256]``; it prints a Markdown table.
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import importlib
import math
import multiprocessing
import os
import sqlite3
import tempfile
import time

from ionlib import sweep
from ionlib.sweep import demo

BOX = {"x1": (-math.pi, math.pi), "x2": (-math.pi, math.pi), "x3": (-math.pi, math.pi)}


def timed_sweep(func, points, executor, folder, label, res):
    """Run the sweep; record its wall time and how busy its workers were: the time spent inside
    func (from the store) over wall time x workers. Busy near 100 % with a speed-up short of 2x
    means the machine, not the engine, is the limit (e.g. other processes on the cores)."""
    store = os.path.join(folder, f"{label}.sqlite")
    t0 = time.perf_counter()
    rows = sweep.run_sweep(func, points, store, executor=executor, progress=False)
    seconds = time.perf_counter() - t0
    assert all(r["status"] == "ok" for r in rows), [r["error"] for r in rows if r["error"]]
    with sqlite3.connect(store) as db:
        in_func, n_workers = db.execute("SELECT SUM(seconds), COUNT(DISTINCT worker) FROM samples").fetchone()
    res[label] = seconds
    res[f"{label}_busy"] = in_func / (seconds * n_workers)
    return rows


def pool_and_cluster_runs(func, points, folder, res, reference, module):
    """The sweep on 1 and 2 process-pool workers and on a 1- and 2-worker Dask LocalCluster (whose
    workers import ``module`` first, as after a first sweep; starting the cluster is timed on its
    own); every run must give the ``reference`` rows. Adds the times and the speed-ups to ``res``."""
    from distributed import Client, LocalCluster

    for n in (1, 2):
        assert timed_sweep(func, points, n, folder, f"pool_{n}", res) == reference
    for n in (1, 2):
        t0 = time.perf_counter()
        with LocalCluster(n_workers=n, processes=True, threads_per_worker=1,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            client.run(importlib.import_module, module)
            res[f"cluster_start_{n}"] = time.perf_counter() - t0
            assert timed_sweep(func, points, client, folder, f"dask_{n}", res) == reference
    res["speedup_pool"] = res["pool_1"] / res["pool_2"]
    res["speedup_dask"] = res["dask_1"] / res["dask_2"]


def run_benchmark(n_points=256):
    """Return ``{label: seconds}`` and the speed-ups; the rows of every run must agree."""
    points = sweep.sobol_design(BOX, n_points, seed=0)
    res = {"n_points": n_points, "cores": os.cpu_count(), "load_before": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory() as folder:
        sweep.run_sweep(demo.ishigami, points[:4], os.path.join(folder, "warm.sqlite"), executor=2,
                        progress=False)                      # boot the forkserver once
        reference = timed_sweep(demo.busy, points, None, folder, "serial", res)
        for n in (1, 2):                  # the machine's ceiling: the same work, no sweep engine
            with cf.ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("forkserver")) as pool:
                list(pool.map(demo.ishigami, points[:4]))           # workers up before timing
                t0 = time.perf_counter()
                list(pool.map(demo.busy, points))
                res[f"bare_{n}"] = time.perf_counter() - t0
        pool_and_cluster_runs(demo.busy, points, folder, res, reference, "ionlib.sweep.run")
    res["per_sample_ms"] = 1e3 * res["serial"] / n_points
    res["speedup_bare"] = res["bare_1"] / res["bare_2"]
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=256)
    args = ap.parse_args()
    r = run_benchmark(args.points)
    print(f"Load average before: {r['load_before']:.1f}.")
    print(f"Sweep engine: {r['n_points']} samples of demo.busy ({r['per_sample_ms']:.1f} ms each "
          f"in this process), {r['cores']} cores")
    print()
    print("| executor | 1 worker (s) | 2 workers (s) | speed-up | samples/s (2 workers) | workers busy (1 / 2) |")
    print("|---|---|---|---|---|---|")
    print(f"| in this process | {r['serial']:.2f} | – | – | – | {r['serial_busy']:.0%} |")
    one, two = r["bare_1"], r["bare_2"]
    print(f"| bare `ProcessPoolExecutor.map`, no engine (the machine's ceiling) | {one:.2f} | {two:.2f} "
          f"| {one / two:.2f}x | {r['n_points'] / two:.0f} | – |")
    for name, key in (("process pool (`executor=n`)", "pool"), ("Dask LocalCluster (Client)", "dask")):
        one, two = r[f"{key}_1"], r[f"{key}_2"]
        print(f"| {name} | {one:.2f} | {two:.2f} | {one / two:.2f}x | {r['n_points'] / two:.0f} | "
              f"{r[f'{key}_1_busy']:.0%} / {r[f'{key}_2_busy']:.0%} |")
    print()
    print(f"Load average at the end: {os.getloadavg()[0]:.1f}. Starting the LocalCluster and importing ionlib on its workers (not in the times above): {r['cluster_start_1']:.1f} s with 1 "
          f"worker, {r['cluster_start_2']:.1f} s with 2.")


if __name__ == "__main__":
    main()
