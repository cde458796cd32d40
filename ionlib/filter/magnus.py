"""Pieces of the fourth-order transmission: a cubic spline of the samples, the two-point
Gauss–Legendre Magnus propagator per interval, written as constant-coefficient pieces.

Between two steps (a step is a doubled node, x[i] == x[i+1]) the samples are one *smooth stretch*;
each stretch is interpolated by a not-a-knot cubic spline (``scipy.interpolate.CubicSpline``), which
is fourth-order accurate, and the spline is evaluated at the two Gauss points
x_i + h (1/2 ∓ sqrt(3)/6) of every interval [x_i, x_i + h]. With psi'' = -q(x) psi,
q = C (E - V), C = 2m/hbar^2, and y = (psi, psi'), the fourth-order Magnus exponent of an interval is

    Omega = (h/2)(A_1 + A_2) + (sqrt(3) h^2/12) [A_2, A_1] = [[a, h], [-h qbar, -a]],
    a = (sqrt(3)/12) h^2 (q_2 - q_1) = (sqrt(3)/12) h^2 C (V_1 - V_2),  qbar = C (E - Vbar),

and y(x_i + h) = exp(Omega) y(x_i), with an error O(h^5) per interval (O(h^4) globally). Omega is
constant on the interval, so its two solutions are exact exponentials, like a constant piece of the
midpoint rule: eigenvalues ±i K h with

    K^2 = C (E - V_eff),  V_eff = Vbar + C h^2 (V_1 - V_2)^2 / 48,

and log-derivatives psi'/psi = ±i K - c, c = a / h. So a Magnus interval is a midpoint piece at
level ``V_eff`` whose two waves carry the extra, energy-independent log-derivative offset ``c``;
:func:`ionlib.filter.transmission` propagates (psi, psi') over these pieces with the closed-form
exp(-Omega) = cosh(lambda) - Omega sinh(lambda)/lambda, lambda = i K h, exactly as over midpoint
pieces (a = 0). The propagator is real with unit determinant, so T + R = 1 holds to round-off.
"""
from __future__ import annotations

import math

import numpy as np
from scipy.interpolate import CubicSpline

__all__ = ["gauss_values", "midpoint_pieces", "magnus_pieces", "merge_flat_runs"]

_G = math.sqrt(3.0) / 6.0          # Gauss points at h (1/2 -+ _G)


#: Intervals shorter than this fraction of the sampled span, or than _STEP_MIN_NM, count as
#: steps: the spline of a stretch with a 1e-300 nm interval would overflow, and dropping such an
#: interval changes T by ~ k h < 1e-8.
STEP_FRACTION = 1e-12
_STEP_MIN_NM = 1e-12


def _stretches(x):
    """Index ranges [lo, hi] (inclusive) of the smooth stretches between doubled nodes."""
    tiny = max(STEP_FRACTION * (x[-1] - x[0]), _STEP_MIN_NM)
    cut = np.nonzero(np.diff(x) <= tiny)[0]         # x[i] == x[i + 1]: a step between i and i+1
    starts = np.concatenate(([0], cut + 1))
    ends = np.concatenate((cut, [len(x) - 1]))
    return [(lo, hi) for lo, hi in zip(starts, ends) if hi > lo]


def gauss_values(x_nm, V_eV):
    """``(h_nm, V1_eV, V2_eV)`` for every interval of non-zero width: its length and the cubic-spline
    interpolant of the samples at its two Gauss points (one spline per smooth stretch; a stretch of
    two samples is a straight line, of three a parabola)."""
    x = np.asarray(x_nm, dtype=float)
    V = np.asarray(V_eV, dtype=float)
    h, V1, V2 = [], [], []
    for lo, hi in _stretches(x):
        xs, Vs = x[lo:hi + 1], V[lo:hi + 1]
        dx = np.diff(xs)
        if len(xs) == 2:
            f = lambda t: Vs[0] + (Vs[1] - Vs[0]) * (t - xs[0]) / dx[0]
        else:
            f = CubicSpline(xs, Vs, bc_type="not-a-knot")
        h.append(dx)
        V1.append(f(xs[:-1] + (0.5 - _G) * dx))
        V2.append(f(xs[:-1] + (0.5 + _G) * dx))
    if not h:
        return np.zeros(0), np.zeros(0), np.zeros(0)
    return np.concatenate(h), np.concatenate(V1), np.concatenate(V2)


def midpoint_pieces(x_nm, V_eV):
    """Second-order pieces: ``(L_nm, V_level_eV, c_per_nm)`` with the mean of the two end samples
    as level of each interval of non-zero width and no offset (c = 0)."""
    x = np.asarray(x_nm, dtype=float)
    V = np.asarray(V_eV, dtype=float)
    L = np.diff(x)
    keep = L > 0
    return L[keep], 0.5 * (V[1:] + V[:-1])[keep], np.zeros(int(keep.sum()))


def magnus_pieces(x_nm, V_eV, C_per_eV_nm2):
    """Fourth-order pieces: ``(L_nm, V_eff_eV, c_per_nm)`` of the Magnus propagator on the spline
    (module docstring); ``C_per_eV_nm2`` = 2m/hbar^2 in 1/(eV nm^2)."""
    h, V1, V2 = gauss_values(x_nm, V_eV)
    dV = V1 - V2
    V_eff = 0.5 * (V1 + V2) + C_per_eV_nm2 * h ** 2 * dV ** 2 / 48.0
    c = (math.sqrt(3.0) / 12.0) * h * C_per_eV_nm2 * dV
    return h, V_eff, c


def merge_flat_runs(same, L, *levels):
    """Merge runs of neighbouring pieces into one piece (exact for pieces with the same constant
    coefficients): ``same[i]`` says piece i + 1 continues piece i. Returns the summed lengths ``L``
    and each array of ``levels`` taken at the first piece of every run."""
    if L.size < 2 or not np.any(same):
        return (L, *levels)
    start = np.concatenate(([True], ~same))
    run = np.cumsum(start) - 1
    return (np.bincount(run, weights=L), *(a[start] for a in levels))
