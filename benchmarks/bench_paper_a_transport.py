"""Benchmark of Paper A's stationary transmission (not a timed test; the methods page runs it).

Measures the SPEC §7 target "a 2000-energy spectrum on a 3000-sample potential in well under a
second", the cost per (energy × sample), and the accuracy that buys: the relative error of the
sampled transfer matrix on the Eckart (Pöschl–Teller) barrier V0/cosh²(x/w), whose transmission
is known in closed form, against the number of samples. Run
``python benchmarks/bench_paper_a_transport.py``.
"""
from __future__ import annotations

import math
import time

import numpy as np

from ionlib import POTASSIUM
from ionlib.filter.potential import sample_filter
from ionlib.filter.transmission import K_FACTOR, transmission
from ionlib.filter.exact import transmission_by_ode

ECKART_V0_EV, ECKART_W_NM, ECKART_HALF_WIDTH_NM = 0.1, 0.2, 3.0


def eckart_exact(energy_eV, mass_amu, V0_eV=ECKART_V0_EV, w_nm=ECKART_W_NM):
    """Closed-form T of V0/cosh²(x/w) (Landau & Lifshitz), in a form that cannot overflow."""
    k = K_FACTOR * math.sqrt(mass_amu * energy_eV)
    G = K_FACTOR ** 2 * mass_amu * V0_eV * w_nm ** 2          # 2 m V0 w² / hbar²
    a = math.pi * k * w_nm
    b = 0.5 * math.pi * math.sqrt(4 * G - 1)
    log_ratio = 2 * (b - a) + 2 * math.log((1 + math.exp(-2 * b)) / (1 - math.exp(-2 * a)))
    return 1.0 / (1.0 + math.exp(log_ratio))   # sinh²a / (sinh²a + cosh²b)


def _best(fn, repeat):
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def run(repeat=3, n_energy=2000, n_x=3000):
    """Return a dict of timings (s, best of ``repeat``) and accuracies."""
    m = POTASSIUM.mass_amu
    x, V = sample_filter(0.0, n_x)
    E = np.linspace(0.01, 0.4, n_energy)
    res = {"spectrum_s": _best(lambda: transmission(E, x, V, m), repeat),
           "n_energy": n_energy, "n_x": len(x)}
    res["ns_per_energy_sample"] = 1e9 * res["spectrum_s"] / (n_energy * len(x))
    # the straightforward alternatives, timed on a subset and scaled to n_energy energies
    sub = E[:: max(1, n_energy // 20)]
    t_loop = _best(lambda: [transmission(e, x, V, m) for e in sub], 1)
    res["per_energy_loop_s"] = t_loop * n_energy / len(sub)
    smooth = dict(edge_nm=0.1)       # the ODE needs a smooth potential
    xs, Vs = sample_filter(0.0, n_x, **smooth)
    E_ode = np.array([0.13, 0.2])  # above the top: the backward integration stays bounded
    t0 = time.perf_counter()
    T_ode = [transmission_by_ode(e, lambda xx: float(np.interp(xx, xs, Vs)), xs[0], xs[-1], m)
             for e in E_ode]
    res["ode_s"] = (time.perf_counter() - t0) * n_energy / len(E_ode)
    res["ode_max_abs_diff"] = float(np.max(np.abs(np.array(T_ode) - transmission(E_ode, xs, Vs, m))))
    res["ratio_loop"] = res["per_energy_loop_s"] / res["spectrum_s"]
    res["ratio_ode"] = res["ode_s"] / res["spectrum_s"]
    E_eck = np.array([0.05, 0.09, 0.1, 0.11, 0.15])
    exact = np.array([eckart_exact(e, m) for e in E_eck])
    res["eckart_n"], res["eckart_max_rel_err"] = [], []
    for n in (750, 1500, 3000, 6000, 12000):
        xe = np.linspace(-ECKART_HALF_WIDTH_NM, ECKART_HALF_WIDTH_NM, n)
        Ve = ECKART_V0_EV / np.cosh(xe / ECKART_W_NM) ** 2
        err = np.max(np.abs(transmission(E_eck, xe, Ve, m) / exact - 1))
        res["eckart_n"].append(n)
        res["eckart_max_rel_err"].append(float(err))
    return res


def table(res) -> str:
    lines = ["| quantity | value |", "|---|---|",
             f"| {res['n_energy']} energies × {res['n_x']} samples (s) | {res['spectrum_s']:.3f} |",
             f"| cost per energy × sample (ns) | {res['ns_per_energy_sample']:.1f} |",
             f"| same spectrum, one energy at a time (s, extrapolated) | {res['per_energy_loop_s']:.2f} "
             f"({res['ratio_loop']:.0f}× slower) |",
             f"| same spectrum by solve_ivp, smoothed edges (s, extrapolated) | {res['ode_s']:.0f} "
             f"({res['ratio_ode']:.0f}× slower; max abs. difference {res['ode_max_abs_diff']:.1e}) |"]
    for n, e in zip(res["eckart_n"], res["eckart_max_rel_err"]):
        lines.append(f"| Eckart barrier, {n} samples: max relative error of T | {e:.2e} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(run()))
