"""What a sweep computes: Sobol designs, the check of a list of points, and named designs.

A *point* is a dict ``{axis name: number}``; a *design* is a list of points, all with the same
axes. A *design spec* is what a design file holds (JSON) and what :data:`DESIGNS` names::

    {"func": "package.module:function",          # optional: the model to run
     "bounds": {"x": [0, 1], "k": [1e-3, 1e3]},  # with n and seed: a Sobol design ...
     "n": 256, "seed": 1, "log": ["k"],
     "points": [{"x": 0.5, "k": 1.0}, ...],      # ... or the points themselves
     "description": "free text"}

A file may also hold a bare list of points.
"""
from __future__ import annotations

import importlib
import inspect
import json
import math
import numbers
import warnings
from collections.abc import Mapping

import numpy as np
from scipy.stats import qmc

import ionlib._validate as v

__all__ = ["sobol_design", "check_points", "expand_design", "load_design", "register_design",
           "get_design", "resolve", "DESIGNS", "RESERVED", "MAX_POINTS"]

#: Names that cannot be axes: they are columns of every result row.
RESERVED = ("status", "error")
#: Largest design accepted (a list of dicts this long already takes ~1 GB).
MAX_POINTS = 2 ** 22

#: Named designs for ``python -m ionlib.sweep run NAME``: name -> a design spec (dict) or
#: ``"module:attribute"`` naming one, imported only when the design is used (so listing designs
#: imports no physics). A module adds its own entry here, or calls :func:`register_design`.
DESIGNS: dict = {
    "demo": "ionlib.sweep.demo:DEMO_DESIGN",
    # Fig. A7 (the parameter map): the box, and the three departures from it
    "parameter-map": "ionlib.analysis.map_dataset:BOX_DESIGN",
    "parameter-map-mass": "ionlib.analysis.map_dataset:MASS_DESIGN",
    "parameter-map-rim": "ionlib.analysis.map_dataset:RIM_DESIGN",
    "parameter-map-depth": "ionlib.analysis.map_dataset:DEPTH_DESIGN",
}

_SPEC_KEYS = {"func", "points", "bounds", "n", "seed", "log", "description"}


def _axis_name(where, name):
    if not isinstance(name, str) or not name:
        raise TypeError(f"{where}: axis names must be non-empty strings, got {name!r}")
    if name in RESERVED:
        raise ValueError(f"{where}: {name!r} cannot be an axis name (reserved: {', '.join(RESERVED)})")
    return name


def _sobol(d, seed):
    """A scrambled Sobol engine of dimension d. The seed goes in as a ``numpy.random.Generator``:
    scipy >= 1.15 spells the argument ``rng``, older versions ``seed``, and an integer means
    different streams under the two spellings, a Generator the same one."""
    rng = np.random.default_rng(seed)
    if "rng" in inspect.signature(qmc.Sobol).parameters:
        return qmc.Sobol(d, scramble=True, rng=rng)
    return qmc.Sobol(d, scramble=True, seed=rng)


def sobol_design(bounds, n, seed, log=()):
    """``n`` points of a scrambled Sobol sequence (``scipy.stats.qmc``) filling the box ``bounds``.

    ``bounds``: ``{axis: (low, high)}``, low < high, finite; the axes are the Sobol dimensions in
    the dict's order. ``n``: number of points (any n >= 1; powers of 2 keep Sobol's balance
    properties). ``seed``: integer >= 0; the same (bounds, n, seed, log) give the same points, and
    the points of a smaller n are the first points of a larger one (so a sweep grown from n to 2n
    resumes on the samples it has). ``log``: axes sampled uniformly in log10 (positive bounds).
    Returns a list of ``{axis: float}``.
    """
    if not isinstance(bounds, Mapping):
        raise TypeError(f"bounds must be a dict {{axis name: (low, high)}}, got {type(bounds).__name__}")
    if not bounds:
        raise ValueError("bounds must name at least one axis, got an empty dict")
    n = v.count("n", n, lo=1, hi=MAX_POINTS)
    seed = v.count("seed", seed, lo=0)
    if isinstance(log, (str, bytes)) or not isinstance(log, (list, tuple, set, frozenset)):
        raise TypeError(f"log must be a list of axis names, got {type(log).__name__} {log!r}")
    for name in log:
        if name not in bounds:
            raise ValueError(f"log names axis {name!r}, which is not in bounds ({', '.join(map(repr, bounds))})")
    lows, highs, is_log = [], [], []
    for name, pair in bounds.items():
        _axis_name("bounds", name)
        if isinstance(pair, np.ndarray) and pair.shape == (2,):
            pair = pair.tolist()
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise TypeError(f"bounds[{name!r}] must be a pair (low, high), got {pair!r}")
        lo = v.real_scalar(f"bounds[{name!r}] low", pair[0])
        hi = v.real_scalar(f"bounds[{name!r}] high", pair[1])
        if not lo < hi:
            raise ValueError(f"bounds[{name!r}] must have low < high, got ({lo:g}, {hi:g})")
        if name in log:
            if lo <= 0:
                raise ValueError(f"bounds[{name!r}] must be positive for a log axis, got ({lo:g}, {hi:g})")
            lo, hi = math.log10(lo), math.log10(hi)
        lows.append(lo)
        highs.append(hi)
        is_log.append(name in log)
    with warnings.catch_warnings():
        # random(n) for any n: its points are the first n of random_base2(m) (same sequence), so
        # nothing is gained by drawing 2**m and cutting; only the balance warning for n != 2**m
        # is silenced, deliberately (a sweep may need, e.g., 1000 points; the docstring says so).
        warnings.filterwarnings("ignore", message="The balance properties of Sobol", category=UserWarning)
        unit = _sobol(len(lows), seed).random(n)
    lows, highs = np.array(lows), np.array(highs)
    values = np.clip(lows + unit * (highs - lows), lows, highs)
    values[:, is_log] = 10.0 ** values[:, is_log]
    box_lo = np.array([float(p[0]) for p in bounds.values()])
    box_hi = np.array([float(p[1]) for p in bounds.values()])
    values = np.clip(values, box_lo, box_hi)     # 10**log10(x) may round just outside the box
    names = list(bounds)
    return [dict(zip(names, map(float, row))) for row in values]


def _number(where, value):
    """A finite real number (bool, complex, str rejected); ints stay ints, numpy scalars become
    Python numbers."""
    v.real_scalar(where, value)
    if isinstance(value, np.ndarray):
        value = value[()]
    return int(value) if isinstance(value, numbers.Integral) else float(value)


def check_points(points):
    """Check a design before any work starts; return it as a list of plain dicts.

    ``points`` must be a non-empty list (or tuple) of dicts with the same axis names (non-empty
    strings, not ``status``/``error``), each value a finite real number. ``TypeError`` for wrong
    types, ``ValueError`` for wrong values, naming the point (``points[3]['x']``).
    """
    if not isinstance(points, (list, tuple)):
        raise TypeError(f"points must be a list of dicts {{axis name: number}}, got {type(points).__name__}")
    if not points:
        raise ValueError("points must contain at least one point, got an empty list")
    if len(points) > MAX_POINTS:
        raise ValueError(f"points must contain at most {MAX_POINTS} points, got {len(points)}")
    axes = None
    out = []
    for i, point in enumerate(points):
        if not isinstance(point, Mapping):
            raise TypeError(f"points[{i}] must be a dict {{axis name: number}}, got {type(point).__name__}")
        if not point:
            raise ValueError(f"points[{i}] is empty: a point needs at least one axis")
        for name in point:
            _axis_name(f"points[{i}]", name)
        if axes is None:
            axes = set(point)
        elif set(point) != axes:
            raise ValueError(f"points[{i}] has axes {sorted(point)} but points[0] has {sorted(axes)}: "
                             "all points of a design need the same axes")
        out.append({name: _number(f"points[{i}][{name!r}]", x) for name, x in point.items()})
    return out


def resolve(ref, what="reference"):
    """Import ``"module:qualname"`` and return the object."""
    if not isinstance(ref, str) or ref.count(":") != 1:
        raise ValueError(f"{what} must be 'module:qualname', got {ref!r}")
    module, qualname = ref.split(":")
    try:
        obj = importlib.import_module(module)
        for part in qualname.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError) as exc:
        raise ValueError(f"{what} {ref!r} cannot be imported: {exc}") from exc
    return obj


def register_design(name, spec):
    """Add a named design: ``spec`` is a design spec (dict) or ``"module:attribute"`` naming one."""
    if not isinstance(name, str) or not name:
        raise TypeError(f"name must be a non-empty string, got {name!r}")
    if not isinstance(spec, (Mapping, str)):
        raise TypeError(f"spec must be a design spec (dict) or 'module:attribute', got {type(spec).__name__}")
    DESIGNS[name] = spec


def get_design(name):
    """The design spec (a dict) registered as ``name`` in :data:`DESIGNS`."""
    if name not in DESIGNS:
        raise ValueError(f"no design named {name!r}; named designs: {', '.join(sorted(DESIGNS)) or 'none'}")
    spec = DESIGNS[name]
    if isinstance(spec, str):
        spec = resolve(spec, f"design {name!r}")
    if not isinstance(spec, Mapping):
        raise TypeError(f"design {name!r} must be a design spec (dict), got {type(spec).__name__}")
    return dict(spec)


def expand_design(spec, *, n=None, seed=None):
    """``(func reference or None, points)`` of a design spec (see the module docstring).

    ``n``/``seed`` override the spec's for a Sobol spec (e.g. a quick smaller run).
    """
    if isinstance(spec, (list, tuple)):
        spec = {"points": spec}
    if not isinstance(spec, Mapping):
        raise TypeError(f"a design must be a dict or a list of points, got {type(spec).__name__}")
    unknown = set(spec) - _SPEC_KEYS
    if unknown:
        raise ValueError(f"design has unknown keys {sorted(unknown)}; allowed: {sorted(_SPEC_KEYS)}")
    func = spec.get("func")
    if func is not None and not isinstance(func, str):
        raise TypeError(f"design 'func' must be a 'module:qualname' string, got {func!r}")
    if ("points" in spec) == ("bounds" in spec):
        raise ValueError("design must give either 'points' or 'bounds' (with 'n' and 'seed'), not "
                         + ("both" if "points" in spec else "neither"))
    if "points" in spec:
        if n is not None or seed is not None or "log" in spec:
            raise ValueError("n, seed and log apply only to a design given by 'bounds'")
        return func, check_points(spec["points"])
    for key in ("n", "seed"):
        if key not in spec and {"n": n, "seed": seed}[key] is None:
            raise ValueError(f"a design given by 'bounds' needs {key!r}")
    points = sobol_design(spec["bounds"], spec["n"] if n is None else n,
                          spec["seed"] if seed is None else seed, log=tuple(spec.get("log", ())))
    return func, points


def load_design(source, *, n=None, seed=None):
    """``(func reference or None, points, spec)`` from a JSON design file or a name in DESIGNS."""
    if isinstance(source, str) and source in DESIGNS:
        spec = get_design(source)
    else:
        try:
            with open(source, encoding="utf-8") as fh:
                spec = json.load(fh)
        except FileNotFoundError:
            raise ValueError(f"design {source!r} is neither a file nor a named design "
                             f"({', '.join(sorted(DESIGNS))})") from None
        except json.JSONDecodeError as exc:
            raise ValueError(f"design file {source!r} is not valid JSON: {exc}") from None
    func, points = expand_design(spec, n=n, seed=seed)
    return func, points, spec
