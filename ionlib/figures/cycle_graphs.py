"""Schematic configuration graphs of knock-on cycles (Fig. B9), drawn with matplotlib from a model.

Each configuration is a small pictogram of the filter column read from the model's occupancy map
(:data:`ionlib.knockon.cycle.SITES`, S0 on top, cavity at the bottom; K⁺ purple, water blue),
placed on a circle in cycle order. Solid arrows are the directed coherent steps of H (amplitude c),
dashed arrows the incoherent steps of the jump operator S₋; the step that releases an ion (the one
carrying the current) is labelled.
"""
from __future__ import annotations

import numpy as np
from matplotlib.patches import Circle, FancyArrowPatch, Rectangle

from ..knockon.cycle import SITES
from .style import COLORS

_SLOT = 0.14          # vertical spacing of the sites inside a pictogram (axis units)


def draw_pictogram(ax, x, y, occupancy, scale=1.0):
    """Filter column centred at (x, y): six slots S0 … cavity, K⁺ and waters as in ``occupancy``."""
    if len(occupancy) != len(SITES) or set(occupancy) - set("KW0"):
        raise ValueError(f"occupancy must be {len(SITES)} characters over 'K', 'W', '0', "
                         f"got {occupancy!r}")
    s = _SLOT * scale
    top = y + 2.5 * s
    ax.add_patch(Rectangle((x - 0.11 * scale, top - 4.5 * s), 0.035 * scale, 4 * s, color="0.8",
                           zorder=2))
    ax.add_patch(Rectangle((x + 0.075 * scale, top - 4.5 * s), 0.035 * scale, 4 * s, color="0.8",
                           zorder=2))
    for k, ch in enumerate(occupancy):
        yy = top - k * s
        if ch == "K":
            ax.add_patch(Circle((x, yy), 0.055 * scale, color=COLORS["K+"], zorder=3))
        elif ch == "W":
            ax.add_patch(Circle((x, yy), 0.035 * scale, color=COLORS["packet"], zorder=3))
        else:
            ax.add_patch(Circle((x, yy), 0.012 * scale, color="0.75", zorder=3))


def _positions(n, radius=1.0):
    ang = np.pi / 2 - 2 * np.pi * np.arange(n) / n          # clockwise from the top
    return np.c_[radius * np.cos(ang), radius * np.sin(ang)]


def draw_cycle_graph(ax, model, title=None, show_sites=True):
    """Configuration graph of a cycle model from :mod:`ionlib.knockon.cycle` (needs occupancy).

    Parameters
    ----------
    ax : matplotlib Axes
    model : KnockOnModel with ``steps`` and ``occupancy`` (from :mod:`ionlib.knockon.cycle`)
    title : str, optional
    show_sites : bool
        Label the sites S0 … cav beside the first pictogram.
    """
    occ, steps = model.occupancy, model.steps
    if not occ or not steps:
        raise ValueError("model must come from ionlib.knockon.cycle (steps and occupancy needed)")
    n = model.d
    pos = dict(zip(model.labels, _positions(n)))
    for lab in model.labels:
        x, y = pos[lab]
        draw_pictogram(ax, x, y, occ[lab])
        side = 1 if x > -1e-9 else -1                          # labels on the outer side
        ha = "left" if side > 0 else "right"
        ax.text(x + side * 0.2, y + 0.28, f"|{lab}⟩", fontsize=10, ha=ha, va="center")
        eps = model.site_energies_per_s
        if eps is not None and model.omega0_per_s > 0:
            e = eps[model.index(lab)] / model.omega0_per_s
            txt = r"$\varepsilon = 0$" if e == 0 else rf"$\varepsilon = {e:+.3g}\,\omega_0$"
            ax.text(x + side * 0.2, y + 0.1, txt, fontsize=7, ha=ha, va="center", color="0.3")
    if show_sites:
        x, y = pos[model.labels[0]]
        for k, site in enumerate(SITES):
            ax.text(x - 0.17, y + 2.5 * _SLOT - k * _SLOT, site, fontsize=6, ha="right",
                    va="center", color="0.35")

    def arrow(a, b, **kw):
        p = FancyArrowPatch(pos[a], pos[b], arrowstyle="-|>", mutation_scale=13, shrinkA=34,
                            shrinkB=34, zorder=1, **kw)
        ax.add_patch(p)

    for s in steps:
        exit_step = s.charge != 0
        arrow(s.source, s.target, connectionstyle="arc3,rad=-0.18",
              color=COLORS["classical"] if exit_step else COLORS["quantum"], lw=2)
        if exit_step:
            mid = 0.5 * (pos[s.source] + pos[s.target]) * 1.28
            ax.text(*mid, "ion out\n(current)", fontsize=7, ha="center", va="center",
                    color=COLORS["classical"])
    if model.jumps:
        L = model.jumps[0][1]
        for j, i in zip(*np.nonzero(np.abs(L.T) > 0)):
            arrow(model.labels[j], model.labels[i], connectionstyle="arc3,rad=0.22", color="0.35",
                  lw=1.1, ls="--")
    if title:
        ax.set_title(title, fontsize=10)
    ax.set_xlim(-1.55, 1.55)
    ax.set_ylim(-1.55, 1.6)
    ax.set_aspect("equal")
    ax.axis("off")


def legend_handles():
    """Legend proxies: coherent step, ion-releasing step, incoherent S₋ step, K⁺, water."""
    from matplotlib.lines import Line2D
    return [Line2D([], [], color=COLORS["quantum"], lw=2, label="coherent step $c$ (in $H$)"),
            Line2D([], [], color=COLORS["classical"], lw=2, label="step releasing an ion"),
            Line2D([], [], color="0.35", lw=1.1, ls="--", label=r"incoherent step ($\gamma S_-$)"),
            Line2D([], [], marker="o", ls="", color=COLORS["K+"], label="K⁺"),
            Line2D([], [], marker="o", ls="", ms=4, color=COLORS["packet"], label="water")]


__all__ = ["draw_pictogram", "draw_cycle_graph", "legend_handles"]
