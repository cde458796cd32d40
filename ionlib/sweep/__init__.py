"""A sweep engine that knows no physics (SPEC §9.1).

``sobol_design(bounds, n, seed, log=())`` makes a seeded scrambled Sobol design (a list of
``{axis: value}`` dicts); ``run_sweep(func, points, store, executor=None, progress=True,
retry_errors=False)`` evaluates a module-level ``func(point) -> {name: number}`` on every point, in
this process, a process pool, any ``concurrent.futures`` executor or a Dask cluster, committing
each result to a SQLite file as it arrives (resume, no duplicates, errors stored, JSON only).

Modules: :mod:`~ionlib.sweep.design` (Sobol designs, point checks, named designs),
:mod:`~ionlib.sweep.store` (the SQLite store), :mod:`~ionlib.sweep.executors` (where samples run),
:mod:`~ionlib.sweep.run` (``run_sweep``), :mod:`~ionlib.sweep.cli` (``python -m ionlib.sweep``),
:mod:`~ionlib.sweep.demo` (physics-free demo functions).
"""
from .design import DESIGNS, check_points, expand_design, load_design, register_design, sobol_design
from .executors import SweepAborted
from .run import function_name, run_sweep
from .store import Store, sample_key

__all__ = ["sobol_design", "run_sweep", "Store", "SweepAborted", "DESIGNS", "register_design",
           "load_design", "expand_design", "check_points", "function_name", "sample_key"]
