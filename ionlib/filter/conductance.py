"""Single-channel conductance from the thermal current (Eq. 5 of Zhou et al.), and our stated choices.

The paper defines g as the slope of a linear fit to I(U) "in the physiological voltage window" and
does not give the concentrations, the temperature or the cross-section S. The choices below are
ours (SPEC §3) and every function takes them as arguments:

- :data:`PHYSIOLOGICAL_MM`: textbook mammalian concentrations (Hille 2001): K⁺ 140 mM inside /
  5 mM outside, Na⁺ 15 mM inside / 145 mM outside;
- :data:`T_BODY_K` = 310 K;
- :data:`WINDOW_MV` = (-90, +40) mV, the range a neuron's membrane potential visits (rest to the
  peak of the action potential), sampled at :data:`N_WINDOW` equally spaced voltages;
- S is calibrated openly (:func:`calibrate_area_nm2`) on one ion and reused for the other.
"""
from __future__ import annotations

import math

import numpy as np

import ionlib._validate as check
from ..ions import get_ion
from .thermal import U_LIMIT_MV, thermal_current

__all__ = ["PHYSIOLOGICAL_MM", "T_BODY_K", "WINDOW_MV", "N_WINDOW", "conductance_pS", "fitted_conductance_pS",
           "calibrate_area_nm2", "concentration_ratio_for"]

#: (c_in_mM, c_out_mM) per ion: our choice of "physiological gradients".
PHYSIOLOGICAL_MM = {"K+": (140.0, 5.0), "Na+": (15.0, 145.0)}
#: Our temperature for Figs 4–5 (body temperature).
T_BODY_K = 310.0
#: Our "physiological voltage window" for the linear fit (mV).
WINDOW_MV = (-90.0, 40.0)
#: Voltages sampled in the window for the fit.
N_WINDOW = 14


def conductance_pS(ion, c_in_mM, c_out_mM, T_K, area_nm2, window_mV=WINDOW_MV, n_points=N_WINDOW,
                   model="quantum", reading="directional", **params):
    """Slope (pS) of the least-squares straight line through I(U) on ``n_points`` voltages.

    Parameters
    ----------
    ion, c_in_mM, c_out_mM, T_K, area_nm2, model, reading, **params
        As in :func:`ionlib.thermal_current`.
    window_mV : (float, float)
        Fit window (lo, hi) in mV, lo < hi, both within ±500 mV.
    n_points : int
        Equally spaced voltages in the window (>= 2).
    """
    lo, hi = check.interval("window_mV", window_mV, -U_LIMIT_MV, U_LIMIT_MV, unit="mV")
    n = check.count("n_points", n_points, 2, 10_000)
    U = np.linspace(lo, hi, n)
    I_pA = 1e12 * np.asarray(thermal_current(U, ion, c_in_mM, c_out_mM, T_K, area_nm2, model,
                                             reading, **params))
    return fitted_conductance_pS(U, I_pA)


def fitted_conductance_pS(U_mV, I_pA, window_mV=None):
    """Slope (pS) of the least-squares straight line through the points (U_mV, I_pA), keeping
    only voltages inside ``window_mV`` = (lo, hi) if given (at least two must remain)."""
    U = check.real_array("U_mV", U_mV, unit="mV", ndim=1)
    I = check.real_array("I_pA", I_pA, unit="pA", ndim=1)
    if U.shape != I.shape:
        raise ValueError(f"U_mV and I_pA must be 1-D arrays of equal length, got {U.shape} and {I.shape}")
    if window_mV is not None:
        lo, hi = check.interval("window_mV", window_mV, unit="mV")
        keep = (U >= lo) & (U <= hi)
        U, I = U[keep], I[keep]
    if U.size < 2:
        raise ValueError(f"at least two voltages must lie in window_mV={window_mV!r}")
    return float(np.polyfit(U, I, 1)[0] * 1e3)  # pA/mV = nS -> pS


def calibrate_area_nm2(target_pS, ion, c_in_mM, c_out_mM, T_K, window_mV=WINDOW_MV,
                       n_points=N_WINDOW, model="quantum", **params):
    """Cross-section S (nm²) that makes :func:`conductance_pS` equal ``target_pS``.

    The current is proportional to S, so S = target / g(S = 1 nm²). This is a *calibration*:
    it makes the calibrated ion's conductance agree by construction.
    """
    target_pS = check.positive("target_pS", target_pS, "pS", upper=1e6)
    g1 = conductance_pS(ion, c_in_mM, c_out_mM, T_K, 1.0, window_mV, n_points, model, **params)
    if not g1 > 0:
        raise ValueError(f"the conductance at S = 1 nm² is {g1!r} pS; cannot calibrate S")
    return target_pS / g1


def concentration_ratio_for(U_rev_mV, ion, T_K):
    """c_out/c_in that puts the Nernst potential at ``U_rev_mV`` (inverse of the Nernst equation)."""
    from ..constants import K_B_EV_PER_K
    from .thermal import check_T_K
    ion = get_ion(ion)
    U = check.real_scalar("U_rev_mV", U_rev_mV, -U_LIMIT_MV, U_LIMIT_MV, unit="mV")
    return math.exp(ion.charge * 1e-3 * U / (K_B_EV_PER_K * check_T_K(T_K)))


def calibrated_prediction(calibrate_on="Na+", target_pS=21.6, T_K=T_BODY_K, window_mV=WINDOW_MV,
                          concentrations_mM=None, n_points=N_WINDOW, **params):
    """Calibrate S on one ion's quantum conductance and predict both ions with that same S.

    Returns a dict with ``area_nm2`` (the calibrated S), and per ion (``"K+"``, ``"Na+"``) the
    quantum and classical conductances ``g_quantum_pS``, ``g_classical_pS`` (same S, same
    landscape), their ratio ``quantum_over_classical`` and the sub-barrier share of the thermal
    flux at U = 0 (``sub_barrier_share``). ``concentrations_mM`` maps ion name to (c_in, c_out)
    (default :data:`PHYSIOLOGICAL_MM`).
    """
    from .thermal import sub_barrier_share
    conc = dict(PHYSIOLOGICAL_MM if concentrations_mM is None else concentrations_mM)
    if calibrate_on not in conc:
        raise ValueError(f"calibrate_on must be one of {sorted(conc)}, got {calibrate_on!r}")
    g1 = {}
    for name, (ci, co) in conc.items():
        g1[name] = (conductance_pS(name, ci, co, T_K, 1.0, window_mV, n_points, "quantum", **params),
                    conductance_pS(name, ci, co, T_K, 1.0, window_mV, n_points, "classical", **params))
    if not g1[calibrate_on][0] > 0:
        raise ValueError("the quantum conductance of the calibration ion is not positive")
    S = target_pS / g1[calibrate_on][0]
    out = {"area_nm2": S, "calibrate_on": calibrate_on, "target_pS": target_pS, "T_K": T_K,
           "window_mV": tuple(window_mV)}
    for name, (gq, gc) in g1.items():
        out[name] = {"g_quantum_pS": S * gq, "g_classical_pS": S * gc,
                     "quantum_over_classical": gq / gc,
                     "sub_barrier_share": sub_barrier_share(0.0, name, T_K, **params),
                     "c_in_mM": conc[name][0], "c_out_mM": conc[name][1]}
    return out


def sensitivity_variants(T_K=T_BODY_K):
    """The variants of :func:`sensitivity_table`: (label, keyword arguments of calibrated_prediction)."""
    from .potential import landscape_params
    return [
        ("baseline: -90…+40 mV, 310 K", dict(T_K=T_K)),
        ("window -50…+50 mV", dict(T_K=T_K, window_mV=(-50.0, 50.0), n_points=11)),
        ("window -20…+20 mV", dict(T_K=T_K, window_mV=(-20.0, 20.0), n_points=5)),
        ("window -100…+100 mV", dict(T_K=T_K, window_mV=(-100.0, 100.0), n_points=21)),
        ("T = 300 K", dict(T_K=300.0)),
        ("smoothed edges (0.1 nm)", dict(T_K=T_K, **landscape_params(edge_nm=0.1))),
        ("V_int off", dict(T_K=T_K, **landscape_params(include_V_int=False))),
        ("symmetric 150/150 mM", dict(T_K=T_K, concentrations_mM={"K+": (150.0, 150.0),
                                                                   "Na+": (150.0, 150.0)})),
    ]


def sensitivity_table(T_K=T_BODY_K, n_energy=None, **params):
    """Recalibrate S on Na⁺ (21.6 pS) for each variant and report the K⁺ prediction and ratios.

    Returns a list of dicts with ``label``, ``area_nm2``, ``g_K_pS``, ``qc_Na``, ``qc_K``
    (quantum/classical conductance ratios of the same landscape) and ``share_K``, ``share_Na``
    (sub-barrier shares at 0 mV). ``n_energy`` defaults to the widget grid (about 1 % accuracy
    of the thermal integrals, see the convergence figure).
    """
    from .thermal import WIDGET_N_ENERGY
    n_e = WIDGET_N_ENERGY if n_energy is None else n_energy
    rows = []
    for label, kw in sensitivity_variants(T_K):
        kw = {**kw, **params, "n_energy": n_e}
        r = calibrated_prediction("Na+", 21.6, **kw)
        rows.append({"label": label, "area_nm2": r["area_nm2"], "g_K_pS": r["K+"]["g_quantum_pS"],
                     "qc_Na": r["Na+"]["quantum_over_classical"], "qc_K": r["K+"]["quantum_over_classical"],
                     "share_Na": r["Na+"]["sub_barrier_share"], "share_K": r["K+"]["sub_barrier_share"]})
    return rows
