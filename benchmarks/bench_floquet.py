"""Benchmark of the Floquet scattering of the driven filter (Fig. A6; not a timed test).

Times the exact Floquet sweep (:func:`ionlib.filter.floquet.scattering_matrices`) against the
number of sidebands N (2N + 1 channels), energies and landscape samples, the driven thermal current
at one frequency and amplitude (``ionlib.driven_thermal_current``, the "figure-size" computation),
and the batched second-order frequency scan. Run ``python benchmarks/bench_floquet.py``; it prints
a Markdown table.

``sideband_table()`` (run with ``--sidebands``) times the automatic choice of N for the driven
current (``driven_fluxes(n_sidebands=None)``) at fields and frequencies of Fig. A6: N grows steeply
once hf approaches the spacing of the filter's comb (K+ at 1e6 V/m: N = 10 at 0.2 THz, 63 at
0.1 THz), and the current then costs ~(2N + 1)^3 (see the docstring of
``ionlib.driven_thermal_current`` for the practical lower frequency).

What limits it: every slice of the landscape costs one batched (2N+1)-channel linear solve per
energy, so the sweep scales as samples x energies x (2N+1)^3 (plus numpy overhead per slice,
which dominates for N <= 2). The thermal current needs one sweep from each side for the driven
and the undriven landscape, on ~120 energies and 1200 samples.
"""
from __future__ import annotations

import numpy as np

import ionlib
from ionlib.filter import driven_current as dc
from ionlib.filter import floquet as fq
from ionlib.filter import _floquet_sweep as fs
from ionlib.filter import _floquet_average as fa
from ionlib.filter import thermal as th

from bench_paper_a_transport import _best   # best-of-N wall time, shared by the benchmarks


def _clear():
    dc._averaged.cache_clear()
    dc._sidebands_needed.cache_clear()
    dc._second_order.cache_clear()


def sweep_table(repeat=2, n_x_values=(600, 1200), n_energy_values=(50, 200), N_values=(1, 2, 4, 8)):
    """Rows (N, energies, samples, pieces, seconds) of one full sweep (all matrices) on the filter
    landscape with a 1e6 V/m drive at 0.5 THz, for every combination of the given values."""
    rows = []
    m = ionlib.POTASSIUM.mass_amu
    hw = float(fq.photon_energy_eV(0.5))
    for n_x in n_x_values:
        x, V = th.landscape(0.0, n_x)
        pieces = fs.floquet_pieces(x, V, dc.drive_profile_eV(x, 1e6, 1, (0.0, 3.0)), m)
        for nE in n_energy_values:
            E = np.linspace(0.10, 0.20, nE)
            for N in N_values:
                t = _best(lambda: fs.scattering_matrices(E, pieces, hw, N, m), repeat)
                rows.append((N, nE, n_x, len(pieces.V_eV), t))
    return rows


def current_table(repeat=2):
    """Seconds of the driven thermal current (cold caches except the static thermal_current) and
    of the batched second-order scan."""
    ci, co = 140.0, 5.0
    ionlib.thermal_current(0.0, "K+", ci, co, 310.0, 1.0)      # the static part is the same for all
    out = {}
    for E0, f in ((1e5, 1.0), (1e6, 0.5), (1e7, 1.0)):
        def run():
            _clear()
            ionlib.driven_thermal_current(0.0, "K+", ci, co, 310.0, 1.0, E0, f)
        out[f"driven current, K+, {E0:.0e} V/m, {f:g} THz"] = _best(run, repeat)
    freqs = tuple(np.round(np.arange(0.1, 1.0001, 0.02), 3))

    def scan():
        _clear()
        dc.second_order_response(0.0, "K+", ci, co, 310.0, freqs, n_energy=40)
    out[f"second-order scan, K+, {len(freqs)} frequencies, 40 energies"] = _best(scan, repeat)
    x, V = th.landscape(0.0, dc.DRIVE_N_X)
    p0 = fs.floquet_pieces(x, V, np.zeros_like(x), ionlib.POTASSIUM.mass_amu)
    E = np.linspace(0.10, 0.30, 120)
    out["resonance average, no drive, 120 energies, 16 cuts"] = _best(
        lambda: fa.resonance_averaged(E, p0, 1.0, 0, ionlib.POTASSIUM.mass_amu,
                                      *fa.cut_window(p0, float(x[0]), 1.5)), repeat)
    return out


#: (field V/m, frequency THz) of :func:`sideband_table`.
SIDEBAND_CASES = ((1e6, 1.0), (1e6, 0.5), (1e6, 0.2), (1e6, 0.1), (1e5, 0.1), (1e5, 0.02), (1e7, 1.0), (1e7, 0.375))


def sideband_table(cases=SIDEBAND_CASES, ion="K+"):
    """Rows (field, f, gauge amplitude a = E0 d / hf, N, seconds) of the automatic sideband count of
    the driven current at U = 0 (the convergence check of ``driven_fluxes``, cold cache)."""
    from ionlib.filter.potential import Landscape
    land = Landscape()
    m = ionlib.get_ion(ion).mass_amu
    rows = []
    for E0, f in cases:
        _clear()
        t = _best(lambda: dc._sidebands_needed(0.0, m, 1, 310.0, E0, f, (0.0, 3.0), dc.DRIVE_N_X, land), 1)
        N = dc._sidebands_needed(0.0, m, 1, 310.0, E0, f, (0.0, 3.0), dc.DRIVE_N_X, land)
        rows.append((E0, f, E0 * 3e-9 / float(fq.photon_energy_eV(f)), N, t))
    return rows


def markdown(rows, cur) -> str:
    lines = ["| sidebands N (channels) | energies | samples (pieces) | sweep (s) |", "|---|---|---|---|"]
    for N, nE, n_x, P, t in rows:
        lines.append(f"| {N} ({2 * N + 1}) | {nE} | {n_x} ({P}) | {t:.3f} |")
    lines += ["", "| task | time (s) |", "|---|---|"]
    lines += [f"| {k} | {v:.2f} |" for k, v in cur.items()]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys
    if "--sidebands" in sys.argv:
        print("| E0 (V/m) | f (THz) | a = E0 d / hf | N | choosing N (s) |\n|---|---|---|---|---|")
        for E0, f, a, N, t in sideband_table():
            print(f"| {E0:.0e} | {f:g} | {a:.2f} | {N} | {t:.1f} |")
    else:
        rows = sweep_table()
        cur = current_table()
        print(markdown(rows, cur))
