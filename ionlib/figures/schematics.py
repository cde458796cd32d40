"""Schematic drawings for Paper B (Figs B1 and B3), drawn with matplotlib by us.

The selectivity filter is drawn vertically: extracellular side on top, sites S1 (top) … S4
(bottom), cavity below. Configurations follow the verbal description in Polakowski & Panfil.
"""
from __future__ import annotations

from matplotlib.patches import Circle, FancyArrowPatch, Rectangle

from .style import COLORS

#: vertical position of each place in the drawing
Y = {"out": 5.0, "S1": 4.0, "S2": 3.0, "S3": 2.0, "S4": 1.0, "cavity": 0.0}

#: configurations: place -> (species, arrow) with species "K" or "W", arrow "up"/"down"/None
CONFIGURATIONS = {
    "1": {"S1": ("W", None), "S2": ("K", None), "S3": ("W", None), "S4": ("K", None)},
    "2": {"S1": ("K", None), "S2": ("W", None), "S3": ("K", None), "S4": ("W", None)},
    "3": {"out": ("K", "up"), "S1": ("W", None), "S2": ("K", None), "S3": ("W", None),
          "S4": ("K", "up")},
    "0": {"out": ("K", "down"), "S2": ("W", None), "S3": ("K", None), "S4": ("W", None),
          "cavity": ("K", "down")},
}
STATE_TEXT = {"1": "K⁺ in S2, S4", "2": "K⁺ in S1, S3",
              "3": "K⁺ in S2; one exits,\none enters S4", "0": "K⁺ in S3; one enters S1,\none leaves to cavity"}


def draw_configuration(ax, label, alpha=1.0):
    """Draw state |label⟩ ("0"…"3") of the filter on ``ax`` (axis units arbitrary)."""
    if label not in CONFIGURATIONS:
        raise ValueError(f"label must be one of {tuple(CONFIGURATIONS)}, got {label!r}")
    for x0 in (-1.1, 0.7):                                   # the two filter walls
        ax.add_patch(Rectangle((x0, 0.5), 0.4, 4.0, color="0.85", alpha=alpha))
    for site in ("S1", "S2", "S3", "S4"):
        ax.text(-1.35, Y[site], site, ha="right", va="center", fontsize=8, alpha=alpha)
        ax.plot([-0.7, 0.7], [Y[site] + 0.5] * 2, color="0.7", lw=0.6, ls="-", alpha=alpha)
    for place, (species, arrow) in CONFIGURATIONS[label].items():
        y = Y[place]
        if species == "K":
            ax.add_patch(Circle((0, y), 0.32, color=COLORS["K+"], alpha=alpha))
        else:
            ax.add_patch(Circle((0, y), 0.2, color=COLORS["packet"], alpha=alpha))
            for dx in (-0.22, 0.22):
                ax.add_patch(Circle((dx, y + 0.12), 0.09, color="0.6", alpha=alpha))
        if arrow:
            dy = 0.8 if arrow == "up" else -0.8
            ax.add_patch(FancyArrowPatch((0.45, y - dy / 2), (0.45, y + dy / 2),
                                         arrowstyle="-|>", mutation_scale=10, color="k",
                                         alpha=alpha))
    ax.text(0, 5.75, "extracellular", ha="center", fontsize=7, color="0.4")
    ax.text(0, -0.75, "cavity", ha="center", fontsize=7, color="0.4")
    ax.set_title(f"|{label}⟩: {STATE_TEXT[label]}", fontsize=8)
    ax.set_xlim(-2, 1.6)
    ax.set_ylim(-1, 6.1)
    ax.set_aspect("equal")
    ax.axis("off")


#: node positions of the four-state transition graph
NODES = {"1": (0.0, 0.0), "2": (1.0, 1.0), "3": (2.0, 0.0), "0": (1.0, -1.0)}


def _arrow(ax, a, b, color, rad, lw, ls="-", label=None):
    from matplotlib.lines import Line2D
    p = FancyArrowPatch(NODES[a], NODES[b], connectionstyle=f"arc3,rad={rad}",
                        arrowstyle="-|>", mutation_scale=14, color=color, lw=lw, ls=ls,
                        shrinkA=16, shrinkB=16)
    ax.add_patch(p)
    return Line2D([], [], color=color, lw=2, ls=ls, label=label)  # legend proxy


def draw_four_state_graph(ax, c_out=1.0, c_in=1.0, gamma=1.0, states=4):
    """Transition graph of our four-state model (or the three-state one, ``states=3``).

    Solid arrows: coherent hops of H (width ∝ rate), blue the out cycle 1→2→3→1 (c_out),
    orange the in cycle 1→0→2→1 (c_in); dashed: incoherent steps of the jump operator S₋.
    """
    if states not in (3, 4):
        raise ValueError(f"states must be 3 or 4, got {states!r}")
    top = max(c_out, c_in, gamma, 1e-30)
    lw = lambda r: 0.5 + 3.5 * r / top                       # noqa: E731
    nodes = ("1", "2", "3") + (("0",) if states == 4 else ())
    for n in nodes:
        x, y = NODES[n]
        ax.add_patch(Circle((x, y), 0.16, color=COLORS[f"state{n}"], zorder=3))
        ax.text(x, y, f"|{n}⟩", ha="center", va="center", color="w", fontsize=10, zorder=4)
    h = [_arrow(ax, "1", "2", COLORS["quantum"], -0.25, lw(c_out), label=r"$c_{\rm out}$ (out cycle)")]
    _arrow(ax, "2", "3", COLORS["quantum"], -0.25, lw(c_out))
    _arrow(ax, "3", "1", COLORS["quantum"], -0.15, lw(c_out))
    if states == 4 and c_in > 0:
        h.append(_arrow(ax, "1", "0", COLORS["Na+"], 0.25, lw(c_in), label=r"$c_{\rm in}$ (in cycle)"))
        _arrow(ax, "0", "2", COLORS["Na+"], 0.0, lw(c_in))
        _arrow(ax, "2", "1", COLORS["Na+"], -0.25, lw(c_in))
    if gamma > 0:
        h.append(_arrow(ax, "1", "2", "0.3", 0.45, lw(gamma), ls="--", label=r"$\gamma$ ($S_-$ jumps)"))
        _arrow(ax, "2", "3", "0.3", 0.45, lw(gamma), ls="--")
        if states == 4:
            _arrow(ax, "0", "1", "0.3", 0.45, lw(gamma), ls="--")
    ax.legend(handles=h, loc="upper right", fontsize=8)
    ax.set_xlim(-0.5, 2.9)
    ax.set_ylim(-1.4, 1.4)
    ax.set_aspect("equal")
    ax.axis("off")


__all__ = ["draw_configuration", "draw_four_state_graph", "CONFIGURATIONS"]
