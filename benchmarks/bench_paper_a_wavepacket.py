"""Benchmark for Paper A, Fig. 2: wave-packet runs on the filter potential.

Run ``python benchmarks/bench_paper_a_wavepacket.py``; the book's methods page calls
:func:`run_benchmark`. Not a timed test: it only reports numbers.
"""
from __future__ import annotations

import time

from ionlib.analysis import packets as pa
def _timed(fn, repeat):
    best = float("inf")
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def run_benchmark(repeat=2):
    """Time the four K⁺ packets of Fig. 2 (figure preset) and one widget redraw's worth of work.

    Returns a dict with ``figure_<E>kT_s`` (best of ``repeat`` runs of one packet, figure preset:
    0.5 pm grid), ``figure_total_s`` (sum over the four), ``widget_<E>kT_s`` (the coarser widget
    preset), ``widget_max_s``, grid sizes and step counts, and the largest
    |P_T(packet) - P_T(stationary)| of each preset.
    """
    res = {}
    dev = {"figure": 0.0, "widget": 0.0}
    for preset in ("figure", "widget"):
        for e in pa.FIG2_ENERGIES_KT:
            t, fp = _timed(lambda: pa.run_filter_packet(e, preset=preset), repeat)
            res[f"{preset}_{e:g}kT_s"] = t
            res[f"{preset}_{e:g}kT_steps"] = fp.summary["n_steps"]
            res[f"{preset}_n_x"] = fp.summary["n_x"]
            dev[preset] = max(dev[preset], abs(fp.summary["P_T"] - fp.summary["P_T_stationary"]))
    res["figure_total_s"] = sum(res[f"figure_{e:g}kT_s"] for e in pa.FIG2_ENERGIES_KT)
    res["widget_max_s"] = max(res[f"widget_{e:g}kT_s"] for e in pa.FIG2_ENERGIES_KT)
    res["figure_max_abs_dev_PT"] = dev["figure"]
    res["widget_max_abs_dev_PT"] = dev["widget"]
    return res


def main():
    r = run_benchmark()
    print("Paper A, Fig. 2: K+ wave packets (Numerov Crank-Nicolson), best of 2")
    print(f"{'run':<34}{'time (s)':>10}{'steps':>8}")
    for preset in ("figure", "widget"):
        for e in pa.FIG2_ENERGIES_KT:
            print(f"{preset + f' preset, {e:g} k_BT':<34}{r[f'{preset}_{e:g}kT_s']:>10.3f}"
                  f"{r[f'{preset}_{e:g}kT_steps']:>8d}")
        print(f"{'  grid points':<34}{r[f'{preset}_n_x']:>10d}")
        print(f"{'  max |P_T - P_T(stationary)|':<34}{r[f'{preset}_max_abs_dev_PT']:>10.4f}")
    print(f"{'figure, four packets (s)':<34}{r['figure_total_s']:>10.3f}")
    print(f"{'widget, slowest packet (s)':<34}{r['widget_max_s']:>10.3f}")


if __name__ == "__main__":
    main()
