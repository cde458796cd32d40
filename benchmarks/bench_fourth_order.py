"""Fourth-order (Magnus on a cubic spline, the default) against the second-order midpoint rule of
``ionlib.transmission``, side by side in one run (not a timed test; the methods page runs it).

Targets of the change (issue 11), each measured for both schemes so that the ratios do not depend
on how loaded the machine is:

* Eckart barrier V0 = 0.1 eV, w = 0.2 nm, K+, E = 0.9-1.1 V0, 3000 samples on ±10 w: max relative
  error of T (target <= 1e-5), and its convergence with the number of samples;
* 2000 energies x 3000 samples (Eckart and the filter): time (target <= 0.15 s);
* a 17-point quantum I-V curve of the filter (K+, physiological concentrations) at the accuracy
  the Fig. A5 page states for its static figures (default refined energy grid) and for its panels
  (widget grid): time (target <= 0.4 s).

Run ``python benchmarks/bench_fourth_order.py``.
"""
from __future__ import annotations

import contextlib
import functools
import math
import time

import numpy as np

from ionlib import POTASSIUM
from ionlib.filter import exact
from ionlib.filter import thermal as th
from ionlib.filter import transmission as tr
from ionlib.filter.conductance import PHYSIOLOGICAL_MM, T_BODY_K
from ionlib.filter.potential import sample_filter

from bench_paper_a_transport import _best   # best-of-N wall time, shared by the benchmarks

SCHEMES = ("midpoint", "magnus4")
V0_EV, W_NM = 0.1, 0.2
E_ECKART = np.linspace(0.9, 1.1, 41) * V0_EV
ECKART_NS = (750, 1500, 3000, 6000, 12000, 24000)
U_IV_MV = np.linspace(-100.0, 100.0, 17)
#: Samples of the thermal integrals before the change (midpoint rule); now th.DEFAULT_N_X.
OLD_N_X_THERMAL = 600


def eckart_samples(n):
    x = np.linspace(-10 * W_NM, 10 * W_NM, int(n))
    return x, V0_EV / np.cosh(x / W_NM) ** 2


def eckart_error(n, scheme):
    """Max relative error of T on the Eckart barrier (K+, E = 0.9-1.1 V0), n samples on ±10 w."""
    exact_T = exact.eckart_transmission(E_ECKART, V0_EV, W_NM, POTASSIUM.mass_amu)
    T = tr.transmission(E_ECKART, *eckart_samples(n), POTASSIUM.mass_amu, scheme=scheme)
    return float(np.max(np.abs(T / exact_T - 1)))


@contextlib.contextmanager
def thermal_scheme(scheme):
    """Let the thermal integrals use ``scheme`` (they call ``transmission_with_phase`` with the
    default scheme); caches are cleared on entry and exit."""
    original = tr.transmission_with_phase
    tr.transmission_with_phase = functools.partial(original, scheme=scheme)
    th.clear_caches()
    try:
        yield
    finally:
        tr.transmission_with_phase = original
        th.clear_caches()


def iv_time(scheme, n_energy, n_x=None, repeat=1):
    """Seconds for a 17-point quantum I-V curve (cold caches), and the curve (pA per nm^2).
    ``n_x``: landscape samples (default: 600 for the midpoint rule, as before the change,
    ``th.DEFAULT_N_X`` for the fourth-order scheme)."""
    if n_x is None:
        n_x = OLD_N_X_THERMAL if scheme == "midpoint" else th.DEFAULT_N_X
    ci, co = PHYSIOLOGICAL_MM["K+"]
    best, I = math.inf, None
    for _ in range(repeat):
        with thermal_scheme(scheme):
            t0 = time.perf_counter()
            I = th.iv_curve(U_IV_MV, "K+", ci, co, T_BODY_K, 1.0, n_energy=n_energy, n_x=n_x)
            best = min(best, time.perf_counter() - t0)
    return best, I


def run(repeat=3, iv=True, iv_accuracy=False, n_energy=2000, n_x=3000):
    """Both schemes side by side: a dict ``{quantity: {scheme: value}}`` plus settings.
    ``iv_accuracy`` also measures the I-V curves against a 4x denser energy grid (slow)."""
    m = POTASSIUM.mass_amu
    res = {"eckart_n": list(ECKART_NS)}
    res["eckart_err"] = {s: [eckart_error(n, s) for n in ECKART_NS] for s in SCHEMES}
    res["eckart_err_3000"] = {s: eckart_error(3000, s) for s in SCHEMES}
    E = np.linspace(0.9, 1.1, n_energy) * V0_EV
    xe, Ve = eckart_samples(n_x)
    res["spectrum_eckart_s"] = {s: _best(lambda: tr.transmission(E, xe, Ve, m, scheme=s), repeat)
                                for s in SCHEMES}
    xf, Vf = sample_filter(0.0, n_x)
    Ef = np.linspace(0.01, 0.4, n_energy)
    res["spectrum_filter_s"] = {s: _best(lambda: tr.transmission(Ef, xf, Vf, m, scheme=s), repeat)
                                for s in SCHEMES}
    if iv:
        ref = iv_time("magnus4", 4 * th.DEFAULT_N_ENERGY, n_x=4 * th.DEFAULT_N_X)[1] if iv_accuracy else None
        for label, n_e in (("iv17_static", th.DEFAULT_N_ENERGY), ("iv17_widget", th.WIDGET_N_ENERGY)):
            res[f"{label}_s"], res[f"{label}_err"] = {}, {}
            for s in SCHEMES:
                t, I = iv_time(s, n_e)
                res[f"{label}_s"][s] = t
                if ref is not None:
                    res[f"{label}_err"][s] = float(np.max(np.abs(I - ref)) / np.max(np.abs(ref)))
    res.update(n_energy=n_energy, n_x=n_x, n_x_thermal=th.DEFAULT_N_X,
               n_energy_static=th.DEFAULT_N_ENERGY, n_energy_widget=th.WIDGET_N_ENERGY)
    return res


def table(res) -> str:
    """Markdown table: each quantity for both schemes and the ratio midpoint / fourth order."""
    rows = ["| quantity | midpoint (2nd order) | Magnus + spline (4th order) | ratio |",
            "|---|---|---|---|"]

    def row(name, d, fmt, ratio=True):
        a, b = d["midpoint"], d["magnus4"]
        r = f"{a / b:.2f}" if ratio and b else ""
        rows.append(f"| {name} | {a:{fmt}} | {b:{fmt}} | {r} |")

    row(f"Eckart, {3000} samples on ±10w: max rel. error of T (target ≤ 1e-5)",
        res["eckart_err_3000"], ".1e")
    row(f"{res['n_energy']} energies × {res['n_x']} samples, Eckart (s; target ≤ 0.15)",
        res["spectrum_eckart_s"], ".3f")
    row(f"{res['n_energy']} energies × {res['n_x']} samples, filter (s)", res["spectrum_filter_s"], ".3f")
    if "iv17_static_s" in res:
        row(f"17-point quantum I–V, static accuracy ({res['n_energy_static']} energies refined; "
            f"{OLD_N_X_THERMAL} / {res['n_x_thermal']} samples) (s; target ≤ 0.4)", res["iv17_static_s"], ".2f")
        if res["iv17_static_err"]:
            row("  its max deviation from 4× denser energies and samples (relative)", res["iv17_static_err"],
                ".1e", ratio=False)
        row(f"17-point quantum I–V, panel accuracy ({res['n_energy_widget']} energies; "
            f"{OLD_N_X_THERMAL} / {res['n_x_thermal']} samples) (s)",
            res["iv17_widget_s"], ".2f")
        if res["iv17_widget_err"]:
            row("  its max deviation from 4× denser energies and samples (relative)", res["iv17_widget_err"],
                ".1e", ratio=False)
    return "\n".join(rows)


if __name__ == "__main__":
    import os
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    r = run(iv_accuracy=True)
    print(table(r))
    print("\nEckart convergence (max relative error of T):")
    print("samples  " + "  ".join(f"{s:>10}" for s in SCHEMES))
    for i, n in enumerate(r["eckart_n"]):
        print(f"{n:7d}  " + "  ".join(f"{r['eckart_err'][s][i]:10.2e}" for s in SCHEMES))
