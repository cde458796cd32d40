"""Fig. A6, reading a frequency scan: resolve the peaks of chi(f) between coarse scan points
(:func:`refine_extrema`), pick the resonances among them (:func:`resonances`), summarise a scan
against Paper A's band (:func:`band_summary`), and give the spacing of the static Fabry–Pérot comb
the resonances come from (:func:`comb_spacing_THz`).

Units: frequencies in THz; chi = (Delta I / I) / E0^2 in (m/V)^2 (any unit for the generic
:func:`refine_extrema`). A scan is a dict with ``f_THz``, ``chi`` (arrays, sorted by frequency) and
``peaks`` (the list :func:`refine_extrema` returns).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..constants import thermal_energy_eV
from ..filter import driven_current as dc
from ..filter.conductance import T_BODY_K
from .packets import resonance_spacing_THz
from .terahertz_scans import BAND_THZ, LANDSCAPES, PEAK_MAX_ITER, PEAK_RTOL

__all__ = ["refine_extrema", "resonances", "band_summary", "comb_spacing_THz"]


def _parabola_peak(x, y):
    """Largest value of the parabola through three points (x increasing, y[1] the largest of y);
    y[1] itself if the parabola opens upwards or is flat."""
    (x0, x1, x2), (y0, y1, y2) = x, y
    d = (x0 - x1) * (x0 - x2) * (x1 - x2)
    A = (x2 * (y1 - y0) + x1 * (y0 - y2) + x0 * (y2 - y1)) / d
    B = (x2 ** 2 * (y0 - y1) + x1 ** 2 * (y2 - y0) + x0 ** 2 * (y1 - y2)) / d
    C = y1 - A * x1 ** 2 - B * x1
    return C - B ** 2 / (4 * A) if A < 0 else y1


def refine_extrema(f, y, evaluate, lo, hi, rtol=PEAK_RTOL, max_iter=PEAK_MAX_ITER):
    """Resolve every interior local maximum of |y| with lo <= f <= hi by halving its bracket.

    ``evaluate(freqs) -> values`` is called once per round for all unresolved peaks (two new
    points each, the midpoints either side of the current best); the best point and its two
    neighbours become the new bracket. A peak is resolved, after at least two rounds, when both
    the best value changed by less than ``rtol`` (relative) over the last two rounds and the
    parabola through the bracket rises less than ``rtol`` above it (the larger of the two is the
    peak's ``residual``), or after ``max_iter`` rounds. Returns ``(f, y, peaks)``: all
    points sorted by frequency, and per peak a dict with ``f_THz``, ``chi`` (the best point),
    ``half_bracket_THz``, ``residual`` and ``rounds``.
    """
    f, y = np.asarray(f, dtype=float), np.asarray(y, dtype=float)
    order = np.argsort(f)
    pts = dict(zip(f[order].tolist(), y[order].tolist()))
    F, a = f[order], np.abs(y[order])
    state = [{"bracket": (F[k - 1], F[k], F[k + 1]), "rounds": 0, "best": [a[k]], "residual": np.inf}
             for k in range(1, F.size - 1) if lo <= F[k] <= hi and a[k] > a[k - 1] and a[k] >= a[k + 1]]

    def residual(s):
        x = s["bracket"]
        top = abs(pts[x[1]])
        rise = _parabola_peak(x, [abs(pts[v]) for v in x]) / top - 1.0 if top > 0 else 0.0
        return max(rise, s["best"][-1] / s["best"][-3] - 1.0) if s["rounds"] >= 2 else np.inf
    for _ in range(int(max_iter)):
        active = [s for s in state if s["residual"] >= rtol]
        if not active:
            break
        mids = {id(s): (round(0.5 * (s["bracket"][0] + s["bracket"][1]), 9),
                        round(0.5 * (s["bracket"][1] + s["bracket"][2]), 9)) for s in active}
        fresh = [v for v in dict.fromkeys(v for m in mids.values() for v in m) if v not in pts]
        if fresh:
            pts.update(zip(fresh, np.asarray(evaluate(np.array(fresh)), dtype=float).tolist()))
        for s in active:
            x0, x1, x2 = s["bracket"]
            cand = [x0, mids[id(s)][0], x1, mids[id(s)][1], x2]
            j = 1 + int(np.argmax([abs(pts[c]) for c in cand[1:4]]))
            s["bracket"] = (cand[j - 1], cand[j], cand[j + 1])
            s["rounds"] += 1
            s["best"].append(abs(pts[cand[j]]))
            s["residual"] = residual(s)
    F = np.array(sorted(pts))
    peaks = [{"f_THz": s["bracket"][1], "chi": pts[s["bracket"][1]],
              "half_bracket_THz": 0.5 * (s["bracket"][2] - s["bracket"][0]), "residual": s["residual"],
              "rounds": s["rounds"]} for s in state]
    return F, np.array([pts[v] for v in F]), peaks


def resonances(scan, min_contrast=3.0, reach_THz=0.06, band=None):
    """Resolved peaks of a scan where the current falls (chi < 0) and |chi| is at least
    ``min_contrast`` times |chi| at ``reach_THz`` (THz) on both sides (the larger of the two,
    interpolated on the scan): list of (f_THz, chi in (m/V)^2, contrast), optionally only those
    with f in ``band`` (THz, edges included)."""
    f, chi = np.asarray(scan["f_THz"]), np.asarray(scan["chi"])
    out = []
    for p in scan["peaks"]:
        side = max(abs(np.interp(p["f_THz"] - reach_THz, f, chi)), abs(np.interp(p["f_THz"] + reach_THz, f, chi)))
        c = abs(p["chi"]) / max(side, 1e-300)
        if p["chi"] < 0 and c >= min_contrast and (band is None or band[0] - 1e-9 <= p["f_THz"] <= band[1] + 1e-9):
            out.append((p["f_THz"], p["chi"], c))
    return out


def band_summary(scan, band=BAND_THZ):
    """The scan's numbers, |chi| in (m/V)^2 and frequencies in THz: ``band_max`` (largest |chi| at
    any scanned or refined frequency in ``band``, edges included) at ``f_band``; ``fundamental``
    (largest |chi| of the resolved peaks, in the band or not: the strongest resonance, f1 = 1/tau1)
    at ``f1``, with ``f1_in_band``; ``low`` (|chi| at the lowest scanned frequency, ``f_low``)."""
    f, chi = np.asarray(scan["f_THz"]), np.abs(np.asarray(scan["chi"]))
    inside = (f >= band[0] - 1e-9) & (f <= band[1] + 1e-9)
    i = np.flatnonzero(inside)[int(np.argmax(chi[inside]))]
    top = max(scan["peaks"], key=lambda p: abs(p["chi"]))
    return {"band_max": float(chi[i]), "f_band": float(f[i]), "fundamental": abs(top["chi"]),
            "f1": top["f_THz"], "f1_in_band": bool(band[0] - 1e-9 <= top["f_THz"] <= band[1] + 1e-9),
            "low": float(chi[0]), "f_low": float(f[0])}


@lru_cache(maxsize=None)
def comb_spacing_THz(ion, landscape="on", T_K=T_BODY_K, n_energy=4000):
    """Median spacing, as a frequency Delta E / h in THz, of the static transmission resonances
    within 0.2 k_BT of the barrier top (the Fabry–Pérot comb between the filter's rims) of
    ``landscape`` ("on" or "off", :data:`~ionlib.analysis.terahertz_scans.LANDSCAPES`) at U = 0,
    found on ``n_energy`` uniform energies (4000: steps of 1e-4 k_BT, ~0.0006 THz)."""
    kT = thermal_energy_eV(T_K)
    land = LANDSCAPES[landscape]
    top = land.top_eV(0.0, dc.DRIVE_N_X) / kT
    return float(np.median(resonance_spacing_THz(ion, top - 0.2, top + 0.2, T_K=T_K, n=n_energy,
                                                     landscape=land)[1]))
