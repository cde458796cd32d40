"""Plot helpers for the Paper B notebooks (static figures and widget panels share them)."""
from __future__ import annotations


from ..knockon.coherence import relative_entropy_coherence
from .style import COLORS

US = 1e6   # seconds → microseconds


def plot_populations(ax, t_s, rho, model, ls="-", label_suffix=""):
    """Real parts of the diagonal elements ρ_ii(t) against t in µs."""
    for lab in model.labels:
        i = model.index(lab)
        ax.plot(t_s * US, rho[:, i, i].real, ls=ls, color=COLORS[f"state{lab}"],
                label=rf"$\rho_{{{lab}{lab}}}${label_suffix}")
    ax.set_xlabel(r"time $t$ (µs)")
    ax.set_ylabel(r"Re $\rho_{ii}(t)$")


def plot_coherence(ax, t_s, rho, label, ls="-", color=None, non_hermitian=False):
    """Normalised relative-entropy coherence against t in µs; returns the curve."""
    C = relative_entropy_coherence(rho, normalized=True, allow_non_hermitian=non_hermitian)
    ax.plot(t_s * US, C, ls=ls, color=color, label=label)
    ax.set_xlabel(r"time $t$ (µs)")
    ax.set_ylabel(r"$C(\rho)/\log_2 d$")
    return C


def mark_ep(ax, c_ep_per_s, label=r"$c_{EP}$ ($\gamma=0$)"):
    """Dashed vertical line at the exceptional point."""
    ax.axvline(c_ep_per_s, color="0.3", ls="--", lw=1, label=label)


def plot_scan(ax, res, key, scale=1.0, gammas_label=True):
    """One curve per γ of an :func:`ionlib.analysis.knock_on.asymptotic_scan` result."""
    for i, g in enumerate(res["gamma_per_s"]):
        y = res[key][i] * scale
        ax.plot(res["c_per_s"], y, label=rf"$\gamma$ = {g:.1e} s$^{{-1}}$" if gammas_label else None)
    ax.set_xscale("log")
    ax.set_xlabel(r"coherent rate $c$ (s$^{-1}$)")
    return ax


__all__ = ["plot_populations", "plot_coherence", "mark_ep", "plot_scan"]
