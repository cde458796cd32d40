"""Fig. A7's targets and what the committed dataset says about them: Paper A's headline claims as
computable targets with tolerances, their misses, the dataset (CSV + metadata) and its provenance
(a hash of the physics sources), global sensitivity indices (SALib, RBD-FAST on the given data),
and the map's answer for each claim.

The dataset is written by :mod:`ionlib.analysis.map_dataset` (one command); nothing here runs a
sweep. Misses are measured in decades (log10), so that "how far from the claim" means the same
for a conductance ratio, an enhancement factor and a share.
"""
from __future__ import annotations

import ast
import csv
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

import ionlib._validate as check
from . import parameter_map as pm
from .provenance import code_hash

__all__ = ["Target", "TARGETS", "JOINT", "quantity", "miss", "joint_miss", "PHYSICS_SOURCES", "physics_hash",
           "DATA_DIR", "CSV_PATH", "META_PATH", "STORED_OUTPUTS", "derived_outputs", "load_rows", "load_meta",
           "columns", "box_rows", "unit_coordinates", "from_unit", "from_unit_axes", "sensitivity",
           "holds_fraction", "ACCURACY_KEYS", "THIN_EDGE_NM", "accuracy_summary", "recompute_check"]


@dataclass(frozen=True)
class Target:
    """One headline claim of Paper A as a target: the quantity (an output of the model function, or
    the smaller of two) must lie in [lo, hi] (None: unbounded)."""

    id: str
    label: str
    outputs: tuple
    lo: float | None
    hi: float | None
    paper: str
    tolerance: str


#: Paper A's headline claims (the page's Assumption box justifies each tolerance).
TARGETS = (
    Target("ratio", "g_K/g_Na with one S", ("ratio_K_Na",), 65.0 / 21.6, 120.0 / 21.6,
           "118.6 / 21.6 pS = 5.49", "g_K in the experimental 65–120 pS when S puts g_Na at 21.6 pS"),
    Target("enh_Na", "quantum/classical, Na⁺", ("qc_Na",), 2.3, None,
           "21.6 / 9.3 pS = 2.3 (\"over 200 %\")", "≥ 2.3, the paper's own factor"),
    Target("enh_K", "quantum/classical, K⁺", ("qc_K",), 10.0, None,
           "118.6 / 9.2 pS = 12.9 (\"classical captures under 10 %\")", "≥ 10"),
    Target("share", "sub-barrier share (smaller of K⁺, Na⁺)", ("share_K", "share_Na"), 0.5, None,
           "\"the dominant driver\"", "> 50 % of the thermal flux at 0 mV below the barrier top, both ions"),
    Target("depth", "double-well depth β²/α", ("well_depth",), 0.05, 0.2,
           "~0.1 eV", "within a factor 2 of 0.1 eV"),
)
_BY_ID = {t.id: t for t in TARGETS}
#: Name of the joint target (all of :data:`TARGETS` at once).
JOINT = "joint"


def _target(target_id):
    return _BY_ID[check.one_of("target", target_id, tuple(_BY_ID))]


def quantity(target_id, rows):
    """The target's quantity for ``rows``: a dict of outputs (-> float) or of arrays/columns."""
    t = _target(target_id)
    values = [np.asarray(rows[k], dtype=float) for k in t.outputs]
    out = values[0] if len(values) == 1 else np.minimum(*values)
    return float(out) if out.ndim == 0 else out


def miss(target_id, rows):
    """How far the target's quantity is from its interval, in decades (0 where the claim holds)."""
    t = _target(target_id)
    q = np.maximum(np.asarray(quantity(target_id, rows), dtype=float), 1e-300)
    m = np.zeros_like(q)
    if t.lo is not None:
        m = np.maximum(m, np.log10(t.lo / q))
    if t.hi is not None:
        m = np.maximum(m, np.log10(q / t.hi))
    return float(m) if m.ndim == 0 else m


def joint_miss(rows):
    """Sum of the misses of all targets (0 only where every claim holds at once)."""
    return sum(miss(t.id, rows) for t in TARGETS)


# ----------------------------------------------------------------------------- provenance
#: The sources whose code determines the dataset's numbers (relative to the package root).
PHYSICS_SOURCES = ("analysis/parameter_map.py", "filter/potential.py", "filter/thermal.py",
                   "filter/energy_grid.py", "filter/transmission.py", "filter/magnus.py",
                   "filter/conductance.py", "constants.py", "ions.py")
_PACKAGE = Path(__file__).resolve().parents[1]


def physics_hash():
    """sha256 (hex) of the code (not the comments or docstrings) of :data:`PHYSICS_SOURCES`
    (:func:`ionlib.analysis.provenance.code_hash`)."""
    return code_hash(_PACKAGE, PHYSICS_SOURCES)


# ----------------------------------------------------------------------------- the dataset
DATA_DIR = Path(__file__).resolve().parents[2] / "book" / "paper_a" / "data"
CSV_PATH = DATA_DIR / "parameter_map.csv"
META_PATH = DATA_DIR / "parameter_map.json"
#: Outputs stored in the CSV; the others follow from them and the axes (:func:`derived_outputs`).
STORED_OUTPUTS = ("V_top_eV", "S_nm2", "ratio_K_Na", "qc_K", "qc_Na", "share_K", "share_Na",
                  "Urev_K_mV", "Urev_Na_mV")


def derived_outputs(row):
    """The outputs of :func:`ionlib.analysis.parameter_map.evaluate` not stored in the CSV,
    from the stored ones (works on floats and on arrays)."""
    D, rim, d = (np.asarray(row[k], dtype=float) for k in ("well_depth_eV", "rim_eV", "d_nm"))
    alpha = ((np.sqrt(D) + np.sqrt(D + rim)) / (d / 2) ** 2) ** 2
    beta = np.sqrt(D * alpha)
    gK = pm.G_NA_PAPER_PS * np.asarray(row["ratio_K_Na"], dtype=float)
    return {"alpha_eV_nm4": alpha, "beta_eV_nm2": beta, "well_depth": beta ** 2 / alpha,
            "g_Na_pS": np.full_like(gK, pm.G_NA_PAPER_PS), "g_K_pS": gK,
            "g_K_classical_pS": gK / np.asarray(row["qc_K"], dtype=float),
            "g_Na_classical_pS": pm.G_NA_PAPER_PS / np.asarray(row["qc_Na"], dtype=float)}


@lru_cache(maxsize=4)
def _read_csv(path):
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return tuple(rows)


def load_rows(path=CSV_PATH, design=None):
    """The dataset's rows (dicts: ``design``, ``index``, ``status``, the axes and the stored
    outputs as floats), optionally only those of one ``design`` ("box", "mass", "rim", "depth")."""
    out = []
    for r in _read_csv(str(path)):
        if design is not None and r["design"] != design:
            continue
        row = {"design": r["design"], "index": int(r["index"]), "status": r["status"]}
        row.update({k: float(v) for k, v in r.items() if k not in row and v != ""})
        out.append(row)
    return out


def load_meta(path=META_PATH):
    """The dataset's metadata (design, seed, accuracy, versions, hash, date, run times, accuracy
    rows, optimiser results)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def columns(rows, names=None):
    """Rows (of one design) as ``{name: ndarray}``, derived outputs added for the ok rows."""
    rows = [r for r in rows if r["status"] == "ok"]
    names = names or [k for k in rows[0] if k not in ("design", "status")]
    cols = {k: np.array([r[k] for r in rows]) for k in names}
    if all(k in cols for k in ("ratio_K_Na", "well_depth_eV")):
        cols.update(derived_outputs(cols))
    return cols


def box_rows(path=CSV_PATH):
    """The box design's ok rows as columns (:func:`columns`)."""
    return columns(load_rows(path, "box"))


# ----------------------------------------------------------------------------- coordinates
def _axes(names):
    by = {a.name: a for a in pm.AXES + (pm.MASS_AXIS,)}
    return [by[n] for n in (names if names is not None else [a.name for a in pm.AXES])]


def unit_coordinates(cols, names=None):
    """The points of ``cols`` (or one point dict) in the unit cube of the box (log axes in log10),
    shape (n, len(names)); ``names``: the axes (default: those of the box, in order)."""
    out = []
    for ax in _axes(names):
        v = np.asarray(cols[ax.name], dtype=float)
        lo, hi = ax.box
        out.append((np.log10(v / lo) / math.log10(hi / lo)) if ax.log else (v - lo) / (hi - lo))
    return np.stack(out, axis=-1)


def from_unit_axes(u, names):
    """Axis values (list) at unit coordinates ``u`` of the axes ``names`` (clipped to the box)."""
    vals = []
    for ax, x in zip(_axes(names), np.asarray(u, dtype=float)):
        lo, hi = ax.box
        v = lo * (hi / lo) ** x if ax.log else lo + x * (hi - lo)
        vals.append(float(min(max(v, lo), hi)))
    return vals


def from_unit(u):
    """The box point (dict) at unit-cube coordinates ``u`` (inverse of :func:`unit_coordinates`)."""
    names = [a.name for a in pm.AXES]
    return dict(zip(names, from_unit_axes(u, names)))


# ----------------------------------------------------------------------------- analysis
def sensitivity(cols, target_id, method="pawn", seed=0, num_resamples=100):
    """Global sensitivity indices of a target's quantity over the box (log10 of it for ratios and
    depth, the share itself), from the given sample (SALib):

    ``"pawn"``      moment-independent PAWN indices (median over 10 conditioning slices of the
                    Kolmogorov-Smirnov distance between the conditional and the unconditional
                    distribution; Pianosi & Wagener 2018): robust where a quantity is flat over
                    most of the box and moves only in a corner;
    ``"rbd-fast"``  first-order variance indices S1 by random balance designs (Tarantola et al.
                    2006, Plischke 2010), with the half-width of their 95 % interval; what they
                    do not add up to is interaction.

    Returns ``{axis: (index, spread)}`` (spread: the 95 % half-width for RBD-FAST, the
    standard deviation over the slices for PAWN)."""
    check.one_of("method", method, ("pawn", "rbd-fast"))
    q = np.asarray(quantity(target_id, cols), dtype=float)
    y = q if target_id == "share" else np.log10(q)
    X = unit_coordinates(cols)
    problem = {"num_vars": X.shape[1], "names": [a.name for a in pm.AXES], "bounds": [[0.0, 1.0]] * X.shape[1]}
    if method == "pawn":
        from SALib.analyze import pawn
        res = pawn.analyze(problem, X, y, S=10, seed=seed)
        return {n: (float(m), float(sd)) for n, m, sd in zip(problem["names"], res["median"], res["stdev"])}
    from SALib.analyze import rbd_fast
    res = rbd_fast.analyze(problem, X, y, M=10, num_resamples=num_resamples, conf_level=0.95, seed=seed)
    return {n: (float(s), float(c)) for n, s, c in zip(problem["names"], res["S1"], res["S1_conf"])}


def holds_fraction(cols, target_id):
    """Fraction of the rows where the target holds (``target_id`` may be :data:`JOINT`)."""
    m = joint_miss(cols) if target_id == JOINT else miss(target_id, cols)
    return float(np.mean(np.asarray(m) == 0.0))


# ----------------------------------------------------------------------------- checks of the dataset
#: Quantities of the accuracy statement: relative errors of these, absolute errors of the shares.
ACCURACY_KEYS = ("ratio_K_Na", "qc_K", "qc_Na", "S_nm2")


#: Edge widths below this (nm, but > 0) are narrower than two potential samples of the sweep and
#: of the reference, so neither resolves them (the abrupt edge, 0, is exact).
THIN_EDGE_NM = 0.01


def accuracy_summary(meta, indices=None):
    """The accuracy rows of the dataset against their dense reference: ``{"n": rows, "sweep": {...},
    "book": {...}}`` with, per accuracy, ``{key: (median, worst)}`` of the relative errors of
    :data:`ACCURACY_KEYS` and ``"share"``: (median, worst) absolute error of the two shares.
    ``indices``: only the rows with these box-design indices."""
    acc = [r for r in meta["accuracy_rows"] if r["dense"] and r["book"]
           and (indices is None or r["index"] in indices)]
    out = {"n": len(acc)}
    for which in ("sweep", "book"):
        s = {}
        for k in ACCURACY_KEYS:
            e = np.array([abs(r[which][k] / r["dense"][k] - 1) for r in acc])
            s[k] = (float(np.median(e)), float(e.max()))
        e = np.array([max(abs(r[which][k] - r["dense"][k]) for k in ("share_K", "share_Na")) for r in acc])
        s["share"] = (float(np.median(e)), float(e.max()))
        out[which] = s
    return out


def recompute_check(rows, meta, n=3, seed=7):
    """Recompute ``n`` box rows chosen with ``seed`` (:func:`ionlib.analysis.parameter_map.evaluate`)
    and the joint closest approach (:func:`~ionlib.analysis.parameter_map.evaluate_search`, as the
    search did); returns ``(indices, largest relative difference from the stored outputs)``."""
    box = [r for r in rows if r["design"] == "box" and r["status"] == "ok"]
    picked = [box[i] for i in np.random.default_rng(seed).choice(len(box), n, replace=False)]
    checks = [(pm.evaluate, {k: r[k] for k in pm.BOX}, {k: r[k] for k in STORED_OUTPUTS}) for r in picked]
    joint = meta["closest"][JOINT]
    checks.append((pm.evaluate_search, joint["point"], {k: joint["outputs"][k] for k in STORED_OUTPUTS}))
    worst = 0.0
    for func, point, stored in checks:
        fresh = func(point)
        worst = max(worst, max(abs(fresh[k] - v) / max(abs(v), 1e-300) for k, v in stored.items()))
    return [r["index"] for r in picked], worst
