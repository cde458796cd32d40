"""Plotting helpers for the Fig. 2 page (wave packets on the filter potential)."""
from __future__ import annotations

import numpy as np
import matplotlib.pyplot as plt

from ..filter.potential import sample_filter
from .style import COLORS
from ..filter.transmission import transmission
from ..analysis import packets as wp


def packet_panel(ax, fp, x_range=(-4.0, 5.0), smooth_nm=0.05, show_legend=True, label=None,
                 snapshot=None):
    """Draw |ψ(x, t)|² of one :class:`~ionlib.analysis.packets.FilterPacket` at its snapshot times on
    ``ax`` (colour = time, cividis), with V_eff (grey dashed) and the packet energy (dotted) on a
    twin axis in eV. The density is a running mean over ``smooth_nm`` (fringes of λ/2 ≈ 7 pm
    between incident and reflected waves are not resolvable at page size). ``snapshot``: index of
    one snapshot to draw bold (earlier ones thin grey; same axes for every index), for a time
    slider. Returns the twin axis."""
    run = fp.run
    dx = run.x_nm[1] - run.x_nm[0]
    sel = (run.x_nm >= x_range[0]) & (run.x_nm <= x_range[1])
    rho = wp.coarse_grain(run.density, dx, smooth_nm)
    cmap = plt.get_cmap("cividis")
    n = len(run.t_ps)
    if snapshot is not None and not (isinstance(snapshot, (int, np.integer)) and 0 <= snapshot < n):
        raise ValueError(f"snapshot must be an index between 0 and {n - 1}, got {snapshot!r}")
    for i, t in enumerate(run.t_ps):
        if snapshot is None:
            ax.plot(run.x_nm[sel], rho[i, sel], color=cmap(0.8 * i / max(n - 1, 1)), lw=1.4,
                    label=f"{t:.1f} ps")
        elif i < snapshot:
            ax.plot(run.x_nm[sel], rho[i, sel], color="0.75", ls="-", lw=0.8)
        elif i == snapshot:
            ax.plot(run.x_nm[sel], rho[i, sel], color=COLORS["quantum"], ls="-", lw=2.0,
                    label=f"{t:.2f} ps")
    ax.set_xlim(*x_range)
    ax.set_ylim(0, 1.15 * rho[:, sel].max())
    ax.set_xlabel("position x (nm)")
    ax.set_ylabel(r"$|\psi(x,t)|^2$ (nm$^{-1}$)")
    ax2 = ax.twinx()
    ax2.plot(run.x_nm[sel], run.V_eV[sel], "--", color="0.45", lw=1.2)
    ax2.axhline(fp.energy_eV, color=COLORS["quantum"], ls=":", lw=1.2)
    ax2.set_ylim(-0.01, 0.25)
    ax2.set_ylabel(r"$V_\mathrm{eff}$, $E$ (eV)", color="0.35")
    ax2.grid(False)
    ax2.spines["right"].set_visible(True)
    s = fp.summary
    txt = label or (f"{fp.ion}, E = {fp.energy_kT:g} $k_BT$ ({1e3 * fp.energy_eV:.0f} meV, "
                    f"T = {fp.T_K:.0f} K)\n$P_T$ = {s['P_T']:.2g}, E/V$_\\max$ = {s['E_over_Vmax']:.2f}")
    ax.set_title(txt, fontsize=9)
    if show_legend:
        ax.legend(fontsize=7, loc="upper left", title="t", title_fontsize=7)
    return ax2


def four_panels(runs, figsize=(9.5, 6.8)):
    """Fig. 2 rebuilt: one :func:`packet_panel` per run, 2 × 2, labelled (a)–(d)."""
    fig, axs = plt.subplots(2, 2, figsize=figsize)
    for k, (ax, fp) in enumerate(zip(axs.flat, runs)):
        packet_panel(ax, fp)
        ax.set_title(f"({'abcd'[k]}) " + ax.get_title(), fontsize=9)
    return fig


def transmission_comparison(runs, axs=None):
    """(a) P_T(t) of each packet against its stationary prediction ∫|φ(k)|²T dk (dashed);
    (b) stationary T(E) with the packets' energy distributions (filled, arbitrary scale)."""
    if axs is None:
        _, axs = plt.subplots(1, 2, figsize=(9.5, 3.6))
    ax, bx = axs
    fp0 = runs[0]
    m = fp0.run.mass_amu
    kT = fp0.energy_eV / fp0.energy_kT
    xs, Vs = sample_filter(0.0, n_x=2000, margin_nm=0.2)
    for i, fp in enumerate(runs):
        c = plt.rcParams["axes.prop_cycle"].by_key()["color"][i % 6]
        ax.plot(fp.run.t_steps_ps, fp.run.P_right, color=c, ls="-", label=f"{fp.energy_kT:g} $k_BT$")
        ax.axhline(fp.summary["P_T_stationary"], color=c, ls="--", lw=1)
        _, (k, w, E, T) = wp.spectral_transmission(fp.energy_eV, fp.sigma_nm, m, xs, Vs, return_spectrum=True,
                                                     min_weight=None)   # the shape only
        dEdk = 2 * (E - Vs[0]) / k
        pE = w / dEdk
        bx.fill_between(E / kT, 0, 0.9 * pE / pE.max(), color=c, alpha=0.55, lw=1.2, zorder=3,
                        edgecolor=c)
    ax.set_xlabel("time t (ps)")
    ax.set_ylabel(r"transmitted probability $P_T(t)$")
    ax.set_xlim(0, min(40.0, max(fp.run.t_steps_ps[-1] for fp in runs)))
    ax.legend(fontsize=8, title="solid: packet; dashed: stationary", title_fontsize=7,
              loc="center right")
    E = np.linspace(3.0, 7.6, 3000) * kT
    bx.plot(E / kT, transmission(E, xs, Vs, m), color="0.55", lw=0.5, label="T(E), quantum")
    bx.axvline(Vs.max() / kT, color=COLORS["classical"], ls="--", lw=1.2, label=r"$V_\max$ (classical step)")
    bx.set_xlabel(rf"energy $E/k_BT$ (T = {fp0.T_K:.0f} K)")
    bx.set_ylabel("transmission probability")
    bx.set_ylim(0, 1.05)
    bx.legend(fontsize=7, loc="lower right")
    return axs
