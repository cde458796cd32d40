"""run_sweep: evaluate a function on every point of a design, storing each result as it arrives."""
from __future__ import annotations

import importlib
import numbers
import os
import pickle
import socket
import sys
import time
import traceback

import numpy as np

import ionlib._validate as v
from .design import RESERVED, check_points
from .executors import backend, check_executor
from .store import Store, sample_key

__all__ = ["run_sweep", "function_name", "call_sample"]


def function_name(func):
    """``"module:qualname"`` of a module-level function, which is how it is pickled (by reference)
    and what names its samples in the store; ``TypeError`` for anything else (lambdas, nested
    functions, partials, bound methods, callable instances)."""
    if not callable(func):
        raise TypeError(f"func must be a callable func(point: dict) -> dict, got {type(func).__name__}")
    module = getattr(func, "__module__", None)
    qualname = getattr(func, "__qualname__", None)
    hint = "func must be a module-level function (workers import it by name; wrap anything else in one)"
    if not isinstance(module, str) or not isinstance(qualname, str) or "<" in qualname:
        raise TypeError(f"{hint}, got {getattr(func, '__qualname__', type(func).__name__)!r}")
    try:
        obj = importlib.import_module(module)
        for part in qualname.split("."):
            obj = getattr(obj, part)
        pickle.dumps(func)
    except Exception as exc:        # noqa: BLE001 - any failure means: not importable by name
        raise TypeError(f"{hint}; {module}:{qualname} cannot be imported by name ({exc})") from None
    if obj is not func:
        raise TypeError(f"{hint}; {module}:{qualname} names a different object")
    return f"{module}:{qualname}"


def _outputs(out, point):
    """Check what func returned: a dict {name: real number}; numbers become Python int/float."""
    if not isinstance(out, dict):
        raise TypeError(f"func must return a dict {{output name: number}}, got {type(out).__name__}")
    clean = {}
    for name, x in out.items():
        if not isinstance(name, str) or not name:
            raise TypeError(f"output names must be non-empty strings, got {name!r}")
        if name in point or name in RESERVED:
            raise ValueError(f"output {name!r} has the name of an axis or of a result column")
        if isinstance(x, np.ndarray) and x.ndim == 0:
            x = x[()]
        if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Real):
            raise TypeError(f"output {name!r} must be a real number, got {type(x).__name__} {x!r:.80}")
        clean[name] = int(x) if isinstance(x, numbers.Integral) else float(x)
    return clean


def call_sample(func, point):
    """Run one sample (in a worker): ``{"status", "outputs", "error", "traceback", "seconds",
    "worker"}``. The sample's own exceptions are caught here and returned as its error."""
    start = time.perf_counter()
    worker = f"{socket.gethostname()}:{os.getpid()}"
    try:
        outputs = _outputs(func(dict(point)), point)
    except Exception as exc:        # noqa: BLE001 - the sample's error is data, the sweep goes on
        return {"status": "error", "outputs": None, "error": f"{type(exc).__name__}: {exc}",
                "traceback": traceback.format_exc()[-20000:],
                "seconds": time.perf_counter() - start, "worker": worker}
    return {"status": "ok", "outputs": outputs, "error": None, "traceback": None,
            "seconds": time.perf_counter() - start, "worker": worker}


def run_sweep(func, points, store, executor=None, progress=True, retry_errors=False, *, security=None):
    """Evaluate ``func`` on every point, committing each result to the SQLite ``store`` as it arrives.

    Parameters
    ----------
    func : callable
        A module-level function ``func(point: dict) -> dict`` of real numbers (picklable by name).
    points : list of dict
        ``{axis: number}``, all with the same axes (e.g. :func:`sobol_design`).
    store : str or path
        The SQLite file (created if missing). A sample's key is the sha256 of (``"module:qualname"``
        of func, the point); keys already stored are skipped (resume), a key is never stored twice,
        and a process killed at any moment leaves only whole samples. If func's *code* changes, its
        name does not: start a new store.
    executor : None, int, Executor, distributed.Client or str
        None (this process), an int n (a local process pool of n workers, one BLAS thread each), any
        ``concurrent.futures.Executor``, a ``distributed.Client``, or a scheduler address
        ``"tcp://host:8786"`` / ``"tls://host:8786"`` (connected here, closed at the end).
    progress : bool
        A tqdm progress bar on stderr (False: silent).
    retry_errors : bool
        Rerun the samples stored with status "error".
    security : distributed.security.Security, optional
        For a ``tls://`` address (default: Dask's configuration).

    Returns
    -------
    list of dict
        One dict per point, in the order of ``points``: the point's values, the outputs (flat),
        ``"status"`` ("ok"/"error") and ``"error"`` (message or None).

    A sample whose func raises is stored as an error and the sweep goes on; if the executor itself
    fails (a worker process dies, the cluster goes away),
    :class:`~ionlib.sweep.executors.SweepAborted` is raised with every finished sample stored. Bad
    arguments raise ``TypeError``/``ValueError`` before any work.
    """
    name = function_name(func)
    points = check_points(points)
    progress = v.flag("progress", progress)
    retry_errors = v.flag("retry_errors", retry_errors)
    executor, described = check_executor(executor, security)
    if (isinstance(executor, int) and name.startswith("__main__:")
            and not getattr(sys.modules["__main__"], "__file__", None)):
        raise TypeError(f"func {name} is defined in an interactive session (a notebook, python -c): "
                        "a process pool's workers cannot import it; put it in a module, or use a "
                        "Dask client (which sends it by value) or executor=None")
    keys = [sample_key(name, p) for p in points]
    unique = dict(zip(keys, points))                     # a repeated point is computed once
    from tqdm import tqdm       # plain tqdm: the bar goes to stderr, in a terminal or a notebook
    with Store(store) as db:
        stored = db.statuses(unique)
        todo = [(k, p) for k, p in unique.items()
                if k not in stored or (retry_errors and stored[k] == "error")]
        run_id = db.start_run(name, len(points), len(todo), described)
        done = errors = 0
        bar = tqdm(total=len(unique), initial=len(unique) - len(todo), disable=not progress,
                   file=sys.stderr, desc=name.rsplit(":", 1)[-1], unit="sample", dynamic_ncols=True)
        try:
            if todo:
                runner = backend(executor, call_sample, func, security)
                aborted = True
                try:
                    for (key, point), result in runner.run(todo):
                        db.put(key, name, point, result, replace_error=retry_errors)
                        done += 1
                        errors += result["status"] == "error"
                        bar.update(1)
                        if errors:
                            bar.set_postfix(errors=errors, refresh=False)
                    aborted = False
                finally:
                    runner.close(aborted=aborted)
        finally:
            bar.close()
            db.finish_run(run_id, done, errors)
        results = db.results(keys)
    rows = []
    for key, point in zip(keys, points):
        res = results[key]
        rows.append({**point, **(res["outputs"] or {}), "status": res["status"], "error": res["error"]})
    return rows

