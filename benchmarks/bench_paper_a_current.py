"""Benchmark of the Paper A thermal current (not a timed test; the methods page runs it).

Times one I–V curve (quantum and classical, the book's static-figure resolution and the widget
resolution), one reversal-potential root (brentq) and one conductance fit, with the library's
caches cleared before every measurement. Run ``python benchmarks/bench_paper_a_current.py``.

What limits them: the quantum current needs a fresh transmission spectrum at every voltage
(V_ext changes the landscape, so nothing can be reused across U); each spectrum is
``n_energy`` energies on an ``n_x``-sample landscape, so the cost is ~ n_U × n_energy × n_x.
The classical current is closed-form once the barrier top of the sampled landscape is known.
"""
from __future__ import annotations

import time

import numpy as np

from ionlib.filter import thermal as th
from ionlib.filter.conductance import PHYSIOLOGICAL_MM, T_BODY_K, WINDOW_MV, conductance_pS
from ionlib.filter.thermal import reversal_potential, thermal_current


def _clear():
    th.clear_caches()


def _time(fn, repeat=3):
    best = np.inf
    for _ in range(repeat):
        _clear()
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def run(repeat=3):
    """Return ``{name: seconds}`` (best of ``repeat``, cold caches) and the settings used."""
    ci, co = PHYSIOLOGICAL_MM["K+"]
    U = np.linspace(-100, 100, 21)
    res = {}
    res["iv_quantum_21U_s"], _ = _time(lambda: thermal_current(U, "K+", ci, co, T_BODY_K, 1.0), repeat)
    res["iv_quantum_widget_11U_s"], _ = _time(
        lambda: thermal_current(np.linspace(-100, 100, 11), "K+", ci, co, T_BODY_K, 1.0,
                                n_energy=th.WIDGET_N_ENERGY), repeat)
    res["iv_classical_21U_s"], _ = _time(
        lambda: thermal_current(U, "K+", ci, co, T_BODY_K, 1.0, model="classical"), repeat)
    res["reversal_quantum_s"], _ = _time(lambda: reversal_potential("K+", ci, co, T_BODY_K), repeat)
    res["conductance_quantum_s"], _ = _time(
        lambda: conductance_pS("K+", ci, co, T_BODY_K, 1.0, WINDOW_MV), repeat)
    res["n_energy"] = th.DEFAULT_N_ENERGY
    res["n_energy_widget"] = th.WIDGET_N_ENERGY
    res["n_x"] = th.DEFAULT_N_X
    return res


def table(res) -> str:
    lines = ["| task | time (s) |", "|---|---|"]
    for k, v in res.items():
        if k.endswith("_s"):
            lines.append(f"| {k[:-2].replace('_', ' ')} | {v:.3f} |")
    lines.append(f"\nn_energy = {res['n_energy']} (widget {res['n_energy_widget']}), n_x = {res['n_x']}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(run()))
