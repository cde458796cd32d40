"""Benchmark for Paper B: the (c, γ) scan of Figs 6–7 by the spectral method against long-time
integration of the same points.

Run ``python benchmarks/bench_paper_b.py``; the book's methods page calls :func:`run_benchmark`.
Not a timed test: it only reports numbers.
"""
from __future__ import annotations

import time

import numpy as np

import ionlib
from ionlib.knockon.lindblad import scan_stationary

OMEGA0_PER_S = 1e8
GAMMAS_PER_S = (0.5e7, 1e7, 2e7, 5e7)       # γ > 0: a stationary state exists everywhere


def _p3(model, rho):
    return rho[2, 2].real


def run_benchmark(n_c=200, n_check=20, relax_times=40.0):
    """Time the 200×4 spectral scan and compare a subset with long-time integration.

    Parameters
    ----------
    n_c : int
        Number of c values (log-spaced 1e6 … 1e10 s⁻¹) per γ.
    n_check : int
        Number of c values per γ also integrated in time: ``solve_ivp`` (DOP853, rtol 1e-10,
        atol 1e-12) on Eq. (6) as printed, from the maximally coherent state up to
        ``relax_times`` / gap, where the gap is the slowest relaxation rate.
    relax_times : float
        Integration length in units of the slowest relaxation time 1/gap.

    Returns
    -------
    dict with ``scan_s`` (time of the full spectral scan), ``spectral_per_point_s``,
    ``integration_per_point_s``, ``ratio`` (integration / spectral per point),
    ``max_abs_diff_rho33`` (agreement on the checked points), ``n_points``, ``n_checked``.
    """
    cs = np.logspace(6, 10, n_c)
    t0 = time.perf_counter()
    res = scan_stationary(cs, GAMMAS_PER_S, OMEGA0_PER_S, observables={"p3": _p3})
    scan_s = time.perf_counter() - t0
    idx = np.linspace(0, n_c - 1, n_check).astype(int)
    diffs, t_int = [], 0.0
    for i, g in enumerate(GAMMAS_PER_S):
        for j in idx:
            m = ionlib.soft_knock_on(cs[j], OMEGA0_PER_S, g)
            gap = res["gap_per_s"][i, j]
            t = np.linspace(0.0, relax_times / gap, 400)       # 400 steps to the end
            t1 = time.perf_counter()
            rho = ionlib.evolve(m, ionlib.maximally_coherent_state(3), t, method="ode")[-1]
            t_int += time.perf_counter() - t1
            diffs.append(abs(rho[2, 2].real - res["p3"][i, j]))
    n_points, n_checked = cs.size * len(GAMMAS_PER_S), len(diffs)
    per_spec = scan_s / n_points
    per_int = t_int / n_checked
    return {"scan_s": scan_s, "n_points": n_points, "n_checked": n_checked,
            "spectral_per_point_s": per_spec, "integration_per_point_s": per_int,
            "ratio": per_int / per_spec, "max_abs_diff_rho33": float(max(diffs)),
            "all_exist": bool(res["exists"].all())}


def main():
    r = run_benchmark()
    print("Paper B: stationary (c, γ) scan, spectral method vs long-time integration")
    print(f"{'quantity':<44}{'value':>14}")
    print(f"{'spectral scan, ' + str(r['n_points']) + ' points (s)':<44}{r['scan_s']:>14.3f}")
    print(f"{'spectral, per point (ms)':<44}{1e3 * r['spectral_per_point_s']:>14.3f}")
    print(f"{'integration (solve_ivp, 40/gap), per point (ms)':<44}{1e3 * r['integration_per_point_s']:>14.2f}")
    print(f"{'ratio integration / spectral':<44}{r['ratio']:>14.0f}")
    print(f"{'max |Δρ33| on ' + str(r['n_checked']) + ' checked points':<44}{r['max_abs_diff_rho33']:>14.2e}")


if __name__ == "__main__":
    main()
