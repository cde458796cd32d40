"""Benchmark of the Explore panels' frame rendering (not a timed test).

Three typical Explore figures: a cheap line plot, a log-log plot with mathtext labels and a
constrained layout (as the Paper B pages), and one that computes (a Paper B Lindblad evolution per
frame). For each it reports, per frame, in this process (one core):

* ``draw``: the page's drawing function (physics + matplotlib artists, no rendering);
* ``old``: the frame encoding before the Agg-buffer path: ``savefig`` to a full-colour PNG,
  decode, quantise to the palette, encode (``compress_png(figure_png(fig))``);
* ``new``: the frame encoding now used: one Agg draw read from the canvas buffer, quantised and
  encoded (``palette_png(figure_rgb(fig))``), with the mathtext parser shared across frames;

the ratios old/new (encoding alone, and per frame with the draw call), whether the frames are
byte-identical, and the frame size. Then (unless ``--no-workers``) the wall time per frame of
``render_frames`` with 1 and with 2+ forked worker processes, and the speed-up.
Run ``python benchmarks/bench_panel_frames.py [n_frames] [--no-workers]``.

What limits it: each frame is one matplotlib draw (constrained layout and tick labels dominate)
and a palette quantisation; workers are forked, so the per-frame cost is the same in each and the
speed-up is bounded by the free cores (other processes on the machine count).
"""
from __future__ import annotations

import argparse
import time

import matplotlib
import matplotlib.pyplot as plt
import numpy as np

import ionlib
from ionlib.figures import knock_on as plots_b
from ionlib.analysis import knock_on as ka
from ionlib.figures.panel_frames import (capture_figure, compress_png, figure_png, figure_rgb,
                                         palette_png, render_frames, usable_cores)
from ionlib.figures.style import use_book_style


def line_plot(a=1.0):
    fig, ax = plt.subplots(figsize=(5.5, 3.2))
    x = np.linspace(0, 10, 400)
    ax.plot(x, np.sin(a * x), label="sin")
    ax.set_xlabel("x (nm)"); ax.set_ylabel("y (eV)"); ax.set_title(f"a = {a:.2f}"); ax.legend()
    plt.show()


def loglog_plot(a=0.5):
    c = np.logspace(6, 10, 200)
    fig, ax = plt.subplots(figsize=(6.5, 3.4))
    ax.loglog(c, c / (1 + (c / 1e8) ** a), label=r"$|I(\infty)|$")
    ax.loglog(c, c, ":", color="k", lw=1, label="$I = c$")
    ax.set_xlabel(r"$c$ (s$^{-1}$)"); ax.set_ylabel(r"$|I(\infty)|$ (s$^{-1}$)"); ax.legend(fontsize=8)
    plt.show()


def lindblad(c=6e7):
    m = ka.model_b(c, 1e8, 0.5e7, 3)
    t = ka.time_grid_s(301)
    rho = ionlib.evolve(m, ionlib.maximally_coherent_state(m.d), t, framework="adjusted")
    fig, ax = plt.subplots(figsize=(6.5, 3.4))
    plots_b.plot_populations(ax, t, rho, m)
    ax.legend(fontsize=8)
    plt.show()


CASES = [("line plot", line_plot, "a", lambda n: np.linspace(0.5, 3, n)),
         ("log-log", loglog_plot, "a", lambda n: np.linspace(0.2, 2, n)),
         ("Lindblad", lindblad, "c", lambda n: np.logspace(6, 9, n))]


def encoding_old_vs_new(draw, jobs):
    """Mean seconds per frame of the draw call and of the old and the new encoding (each on its
    own figure of the same values; which goes first alternates), and the frames."""
    t = {"draw": 0.0, "old": 0.0, "new": 0.0}
    frames = {"old": [], "new": []}
    encode = {"old": lambda fig: compress_png(figure_png(fig)),
              "new": lambda fig: palette_png(figure_rgb(fig))}
    for k, values in enumerate(jobs):
        t0 = time.perf_counter()
        figs = {"old": capture_figure(draw, values)}
        t["draw"] += time.perf_counter() - t0
        figs["new"] = capture_figure(draw, values)
        for way in (("old", "new") if k % 2 == 0 else ("new", "old")):
            t0 = time.perf_counter()
            frames[way].append(encode[way](figs[way]))
            t[way] += time.perf_counter() - t0
    return {key: v / len(jobs) for key, v in t.items()}, frames


def main(n=24, workers_too=True):
    matplotlib.use("agg")
    use_book_style()
    print(f"{n} frames each; encoding in this process (one core)")
    print(f"{'figure':10s} {'draw':>8s} {'old enc':>8s} {'new enc':>8s} {'enc old/new':>11s} "
          f"{'frame old/new':>13s}  identical  kB/frame")
    for name, draw, arg, grid in CASES:
        jobs = [{arg: v} for v in grid(n)]
        encoding_old_vs_new(draw, jobs[:1])                       # warm caches, fonts
        t, frames = encoding_old_vs_new(draw, jobs)
        same = sum(a == b for a, b in zip(frames["old"], frames["new"]))
        kb = np.mean([len(f) for f in frames["new"]]) / 1e3
        print(f"{name:10s} {t['draw'] * 1e3:6.0f}ms {t['old'] * 1e3:6.0f}ms {t['new'] * 1e3:6.0f}ms "
              f"{t['old'] / t['new']:10.2f}x "
              f"{(t['draw'] + t['old']) / (t['draw'] + t['new']):12.2f}x  {same:3d}/{n:<3d}    {kb:5.1f}")
    if not workers_too:
        return
    print(f"\nrender_frames, usable cores: {usable_cores()}")
    for name, draw, arg, grid in CASES:
        jobs = [{arg: v} for v in grid(n)]
        times = {}
        for workers in sorted({1, max(2, usable_cores())}):
            t0 = time.perf_counter()
            render_frames(draw, jobs, workers=workers)
            times[workers] = time.perf_counter() - t0
        line = ", ".join(f"{w} worker(s) {t / n * 1e3:.0f} ms/frame" for w, t in times.items())
        print(f"{name:10s}: {line}; speed-up {times[1] / times[max(times)]:.2f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n_frames", nargs="?", type=int, default=24)
    parser.add_argument("--no-workers", action="store_true",
                        help="skip the 1 vs 2+ worker comparison (uses every core)")
    args = parser.parse_args()
    main(args.n_frames, workers_too=not args.no_workers)
