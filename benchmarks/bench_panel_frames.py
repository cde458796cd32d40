"""Benchmark of the Explore panels' frame rendering (not a timed test).

Renders the same frames of two typical Explore figures (a cheap one: a line plot, and one that
computes: a Paper B Lindblad evolution per frame) with 1 and with 2+ forked worker processes, and
reports the wall time per frame and the speed-up, plus the compressed frame size.
Run ``python benchmarks/bench_panel_frames.py [n_frames]``.

What limits it: each frame is one matplotlib draw + savefig (constrained layout, text) and a
palette quantisation; workers are forked, so the per-frame cost is the same in each and the
speed-up is bounded by the free cores (other processes on the machine count).
"""
from __future__ import annotations

import sys
import time

import matplotlib
import matplotlib.pyplot as plt
import numpy as np

import ionlib
from ionlib.figures import knock_on as plots_b
from ionlib.figures import knock_on_analysis as ka
from ionlib.figures.panel_frames import render_frames, usable_cores
from ionlib.figures.style import use_book_style


def line_plot(a=1.0):
    fig, ax = plt.subplots(figsize=(5.5, 3.2))
    x = np.linspace(0, 10, 400)
    ax.plot(x, np.sin(a * x), label="sin")
    ax.set_xlabel("x (nm)"); ax.set_ylabel("y (eV)"); ax.set_title(f"a = {a:.2f}"); ax.legend()
    plt.show()


def lindblad(c=6e7):
    m = ka.model_b(c, 1e8, 0.5e7, 3)
    t = ka.time_grid_s(301)
    rho = ionlib.evolve(m, ionlib.maximally_coherent_state(m.d), t, framework="adjusted")
    fig, ax = plt.subplots(figsize=(6.5, 3.4))
    plots_b.plot_populations(ax, t, rho, m)
    ax.legend(fontsize=8)
    plt.show()


def main(n=24):
    matplotlib.use("agg")
    use_book_style()
    print(f"usable cores: {usable_cores()}; {n} frames each")
    for name, draw, jobs in [("line plot", line_plot, [dict(a=a) for a in np.linspace(0.5, 3, n)]),
                             ("Lindblad", lindblad, [dict(c=c) for c in np.logspace(6, 9, n)])]:
        times = {}
        for workers in sorted({1, max(2, usable_cores())}):
            t0 = time.perf_counter()
            frames, _ = render_frames(draw, jobs, workers=workers)
            times[workers] = time.perf_counter() - t0
        kb = np.mean([len(f) for f in frames]) / 1e3
        line = ", ".join(f"{w} worker(s) {t / n * 1e3:.0f} ms/frame" for w, t in times.items())
        print(f"{name:10s}: {line}; speed-up {times[1] / times[max(times)]:.2f}x; "
              f"{kb:.1f} kB/frame")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 24)
