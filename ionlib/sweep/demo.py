"""Physics-free functions to try the sweep engine on (the CLI's ``demo`` design, tests, benchmark).

:func:`ishigami` is the standard test function of global sensitivity analysis (Ishigami &
Homma 1990; also in SALib): y = sin x1 + a sin^2 x2 + b x3^4 sin x1 on [-pi, pi]^3, with known
first-order indices. Try it::

    python -m ionlib.sweep run demo demo.sqlite && python -m ionlib.sweep export demo.sqlite
"""
from __future__ import annotations

import math
import time

__all__ = ["ishigami", "slow_ishigami", "fragile", "busy", "dies", "DEMO_DESIGN", "SLOW_SECONDS",
           "BUSY_ITERATIONS"]

#: Seconds :func:`slow_ishigami` sleeps per sample.
SLOW_SECONDS = 0.05
#: Loop iterations :func:`busy` spends per sample (~20 ms of pure-Python arithmetic).
BUSY_ITERATIONS = 200_000

#: The CLI's demo design: 64 Sobol points, b sampled in log10.
DEMO_DESIGN = {
    "func": "ionlib.sweep.demo:ishigami",
    "bounds": {"x1": [-math.pi, math.pi], "x2": [-math.pi, math.pi], "x3": [-math.pi, math.pi],
               "b": [0.01, 1.0]},
    "log": ["b"],
    "n": 64,
    "seed": 0,
    "description": "Ishigami function (a = 7) with its b sampled in log10; physics-free demo",
}


def ishigami(point):
    """``{"y": ..., "y_squared": ...}`` of the Ishigami function; ``point`` has x1, x2, x3 and
    optionally a (default 7) and b (default 0.1)."""
    x1, x2, x3 = point["x1"], point["x2"], point["x3"]
    a, b = point.get("a", 7.0), point.get("b", 0.1)
    y = math.sin(x1) + a * math.sin(x2) ** 2 + b * x3 ** 4 * math.sin(x1)
    return {"y": y, "y_squared": y * y}


def slow_ishigami(point):
    """:func:`ishigami` after sleeping :data:`SLOW_SECONDS` (for the resume-after-kill test)."""
    time.sleep(SLOW_SECONDS)
    return ishigami(point)


def fragile(point):
    """:func:`ishigami`, but raises ``ValueError`` for x1 > 2 (a sample that fails)."""
    if point["x1"] > 2.0:
        raise ValueError(f"x1 = {point['x1']:.6g} > 2: no result here (demo failure)")
    return ishigami(point)


def busy(point, iterations=None):
    """:func:`ishigami` plus a CPU-bound pure-Python loop (:data:`BUSY_ITERATIONS` steps) whose
    result ``"s"`` depends on the point: a stand-in for an expensive model in the benchmark."""
    n = BUSY_ITERATIONS if iterations is None else iterations
    s, x = 0.0, point["x1"]
    for i in range(n):
        s += math.sin(x + i * 1e-3) * 1e-3
    return {**ishigami(point), "s": s}


def dies(point):
    """:func:`ishigami`, but the worker process exits abruptly for x1 > 2 (as a model that
    segfaults would): the executor breaks and the sweep stops with ``SweepAborted``. Never run
    it in your own process."""
    if point["x1"] > 2.0:
        import os
        os._exit(70)
    return ishigami(point)
