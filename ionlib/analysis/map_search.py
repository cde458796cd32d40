"""Fig. A7's searches: the closest approach to each claim (and to all at once) inside the box, and
the smallest departure from the box that reaches it, by ``scipy.optimize.differential_evolution``
(its ``workers`` mapped onto any executor's ``map``), started from the best points of the sweep
and from the vertices of the box in the axes that matter most (:func:`vertex_seeds`).

Coordinates are the unit cube of the box (:func:`ionlib.analysis.map_analysis.unit_coordinates`).
A *departure* moves one axis beyond the box: the effective mass m*/m below 1, or the rim height or
the well depth above their box maxima; its coordinate t in [0, 1] runs log-uniformly from the box
edge (t = 0) to the far end. The departure objective is ``10 x miss + t`` (a miss of 0.1 decade
outweighs the whole range of t), so the search first reaches the claim, then shrinks t; the result
is then bisected along t at the best point found (the smallest departure *at that point*, an upper
bound on the smallest departure anywhere).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import differential_evolution

import ionlib._validate as check
from . import map_analysis as ma
from . import parameter_map as pm

__all__ = ["Departure", "DEPARTURES", "Objective", "closest_approach", "smallest_departure", "target_miss",
           "vertex_seeds", "confirmed", "CONFIRM_TOLERANCE_DECADES", "PENALTY_PER_DECADE", "BAD_POINT"]

#: Weight of a miss (per decade) against the departure coordinate t in [0, 1].
PENALTY_PER_DECADE = 10.0
#: Objective value of a point where the model raises (e.g. the current underflows).
BAD_POINT = 1e3


@dataclass(frozen=True)
class Departure:
    """One way out of the box: ``axis`` runs from ``near`` (the box edge, t = 0) to ``far`` (t = 1),
    log-uniformly."""

    name: str
    axis: str
    near: float
    far: float
    label: str

    def value(self, t):
        return self.near * (self.far / self.near) ** float(t)

    def t_of(self, value):
        return math.log(value / self.near) / math.log(self.far / self.near)

    def bounds(self):
        """Sweep bounds: the box, with this axis on (near, far) (low < high)."""
        b = dict(pm.BOX)
        b[self.axis] = (min(self.near, self.far), max(self.near, self.far))
        return b


DEPARTURES = (
    Departure("mass", pm.MASS_AXIS.name, 1.0, 1e-3, "effective mass m*/m below 1"),
    Departure("rim", "rim_eV", pm.BOX["rim_eV"][1], 3.0, "rim of V_conf above the box's 0.30 eV"),
    Departure("depth", "well_depth_eV", pm.BOX["well_depth_eV"][1], 3.0, "well depth above the box's 0.30 eV"),
)
_DEPARTURE = {d.name: d for d in DEPARTURES}


def target_miss(target_id, outputs):
    """The miss of one target, or of all (``target_id`` = :data:`~ionlib.analysis.map_analysis.JOINT`)."""
    return ma.joint_miss(outputs) if target_id == ma.JOINT else ma.miss(target_id, outputs)


class Objective:
    """Picklable objective on unit coordinates: the target's miss (in the box), or
    ``PENALTY_PER_DECADE * miss + t`` for a departure (last coordinate t; the departed axis is not
    among the others)."""

    def __init__(self, target_id, departure=None):
        self.target_id = target_id
        self.departure = departure

    def point(self, u):
        u = np.asarray(u, dtype=float)
        if self.departure is None:
            return ma.from_unit(u)
        d = _DEPARTURE[self.departure]
        names = [a.name for a in pm.AXES if a.name != d.axis]
        full = dict(zip(names, ma.from_unit_axes(u[:-1], names)))
        full[d.axis] = d.value(u[-1])
        return full

    def outputs(self, u):
        return pm.evaluate_search(self.point(u))

    def __call__(self, u):
        try:
            m = target_miss(self.target_id, self.outputs(u))
        except ValueError:
            return BAD_POINT
        return m if self.departure is None else PENALTY_PER_DECADE * m + float(np.asarray(u)[-1])


def vertex_seeds(base, axes):
    """Starting points for a search: ``base`` (unit coordinates) moved to every vertex of the box in
    the coordinates ``axes`` (indices), 2**len(axes) rows. Where a quantity is monotone in its most
    influential axes, its extremes sit at such vertices, which random samples rarely reach."""
    base = np.asarray(base, dtype=float)
    rows = []
    for k in range(2 ** len(axes)):
        u = base.copy()
        for bit, j in enumerate(axes):
            u[j] = float((k >> bit) & 1)
        rows.append(u)
    return np.array(rows)


def _run_de(objective, init, maxiter, seed, workers):
    init = np.clip(np.asarray(init, dtype=float), 0.0, 1.0)
    kw = {} if workers is None else {"workers": workers, "updating": "deferred"}
    res = differential_evolution(objective, [(0.0, 1.0)] * init.shape[1], init=init, maxiter=maxiter,
                                 seed=seed, polish=False, tol=0.0, atol=1e-12, **kw)
    return res


def closest_approach(target_id, init, maxiter=8, seed=0, workers=None):
    """Differential evolution inside the box from ``init`` (unit coordinates, one row per member,
    e.g. the sweep's best points). Returns a dict: ``point``, ``outputs``, ``miss``,
    ``evaluations``."""
    check.one_of("target_id", target_id, tuple(t.id for t in ma.TARGETS) + (ma.JOINT,))
    obj = Objective(target_id)
    res = _run_de(obj, init, maxiter, seed, workers)
    out = obj.outputs(res.x)
    return {"point": obj.point(res.x), "outputs": out, "miss": target_miss(target_id, out),
            "evaluations": int(res.nfev)}


def smallest_departure(target_id, departure, init, maxiter=8, seed=0, workers=None, bisections=8):
    """The smallest departure (``"mass"``, ``"rim"`` or ``"depth"``) that reaches the target:
    differential evolution on ``PENALTY_PER_DECADE * miss + t`` from ``init`` (rows: the other axes'
    unit coordinates, then t), then bisection on t at the best point. Returns a dict: ``reached``,
    ``value`` (the departed axis), ``t``, ``point``, ``outputs``, ``miss``, ``evaluations``."""
    check.one_of("target_id", target_id, tuple(t.id for t in ma.TARGETS) + (ma.JOINT,))
    d = _DEPARTURE[check.one_of("departure", departure, tuple(_DEPARTURE))]
    obj = Objective(target_id, departure)
    res = _run_de(obj, init, maxiter, seed, workers)
    x, n_eval = np.array(res.x), int(res.nfev)
    try:
        m = target_miss(target_id, obj.outputs(x))
    except ValueError:
        m = math.inf
    if m == 0.0:                              # reached: shrink t at this point
        lo, hi = 0.0, float(x[-1])
        for _ in range(int(bisections)):
            mid = 0.5 * (lo + hi)
            try:
                ok = target_miss(target_id, obj.outputs(np.append(x[:-1], mid))) == 0.0
            except ValueError:
                ok = False
            n_eval += 1
            lo, hi = (lo, mid) if ok else (mid, hi)
        x[-1] = hi
    out = obj.outputs(x) if math.isfinite(m) else None
    return {"reached": m == 0.0, "value": d.value(x[-1]), "t": float(x[-1]), "point": obj.point(x),
            "outputs": out, "miss": target_miss(target_id, out) if out else math.inf, "evaluations": n_eval}


#: A search result is confirmed if the reference misses the target by at most this (decades, ~5 %):
#: the stated accuracy of the cheaper grid, on which a bisection ends exactly at the threshold.
CONFIRM_TOLERANCE_DECADES = 0.02


def confirmed(target_id, result):
    """Whether a search result reaches the target at the reference accuracy too (its
    ``outputs_dense``), within :data:`CONFIRM_TOLERANCE_DECADES`: a search can exploit the error of
    its cheaper grid, and this check catches it."""
    dense = result.get("outputs_dense")
    return bool(dense) and target_miss(target_id, dense) <= CONFIRM_TOLERANCE_DECADES
