"""Analysis and plotting helpers for Paper A, Figs 1 and 3 (filter landscape and P_T(v)).

What lives here (the notebooks only call these):

* exact reference transmissions used by the tests and the methods checks: a potential step, a
  rectangular barrier, and the Eckart / Pöschl–Teller barrier ``V0 / cosh^2(x/w)`` (in log form,
  so that deep tunnelling does not overflow);
* the landscape numbers of Fig. 1 (:func:`landscape_numbers`) and a Gaussian packet sketch;
* the transmission curve of Fig. 3 against incident velocity, quantum (``ionlib.transmission`` on
  the sampled filter) next to the classical step of the *same* landscape at
  ``v_c = sqrt(2 V_max / m)`` (:func:`transmission_curve`);
* shape measures of that curve: the 10–90 % rise width and the largest over-barrier dip
  (resonances), and the convergence of P_T with the number of samples.

Energies are in eV and measured from the left (extracellular) reservoir; U = 0 unless given.
"""
from __future__ import annotations

import math
import numpy as np

from ..ions import get_ion
from ..filter.potential import as_landscape, sample_filter
from ..filter.transmission import (energy_from_velocity_eV, log10_transmission, transmission,
                                   velocity_from_energy_m_per_s)

__all__ = [
    "T_ROOM_K", "T_BODY_K", "FIG3_N_X", "WIDGET_N_X", "classical_threshold_velocity_m_per_s",
    "landscape_numbers", "gaussian_density_per_nm", "uniform_filter_samples", "transmission_curve",
    "rise_width", "overbarrier_dip", "resonance_averaged_transmission", "convergence_scan", "plot_landscape", "plot_transmission_panel",
]

#: Temperatures used for k_BT scales: 300 K (the wave-packet energies of Fig. 2) and body 310 K.
T_ROOM_K = 300.0
T_BODY_K = 310.0
#: Samples of the filter used for the static Fig. 3 curves (fourth-order scheme: converged to
#: a few 1e-3 relative in T around the top, see the convergence figure; the midpoint rule needed
#: 3000 for 7e-3) and for the interactive panel (about 1 % in T over the barrier).
FIG3_N_X = 1200
WIDGET_N_X = 800


# ----------------------------------------------------------------------------- exact references
def classical_threshold_velocity_m_per_s(V_max_eV, mass_amu):
    """Classical threshold v_c = sqrt(2 V_max / m) (m/s) for a barrier top ``V_max_eV`` above the
    incident reservoir."""
    return float(velocity_from_energy_m_per_s(max(float(V_max_eV), 0.0), mass_amu))


def landscape_numbers(U_mV=0.0, **params):
    """Key numbers of the filter landscape (eV, nm) at voltage ``U_mV``.

    ``edge_eV`` V_conf at the mouths (its values at x = 0+ and d-), ``well_depth_eV`` depth of the
    V_conf double well below its central bump (beta^2/alpha), ``z_min_nm`` its minima
    (±sqrt(beta/alpha)), ``V_max_eV`` highest point of V_eff, ``V_min_inside_eV`` lowest point of
    V_eff inside the filter, ``V_int_peak_eV`` largest V_int, ``conf_span_eV`` max - min of V_conf
    on [0, d].
    """
    land = as_landscape(params)
    d, alpha, beta = land.d_nm, land.alpha_eV_nm4, land.beta_eV_nm2
    x = np.linspace(0.0, d, 4001)
    comps = land.components(x, U_mV)
    xs, Vs = land.nodes(U_mV, 4000, 0.5)
    z_min = math.sqrt(beta / alpha) if alpha > 0 and beta > 0 else 0.0
    return {
        "edge_eV": float(alpha * (d / 2) ** 4 - 2 * beta * (d / 2) ** 2),
        "well_depth_eV": float(beta ** 2 / alpha) if alpha > 0 and beta > 0 else 0.0,
        "z_min_nm": z_min,
        "V_max_eV": float(Vs.max()),
        "x_at_V_max_nm": float(xs[np.argmax(Vs)]),
        "V_min_inside_eV": float(comps["total"].min()),
        "V_int_peak_eV": float(comps["int"].max()),
        "conf_span_eV": float(comps["conf"].max() - comps["conf"].min()),
    }


def gaussian_density_per_nm(x_nm, x0_nm, sigma_nm=0.4):
    """|psi|^2 (1/nm) of a Gaussian packet centred at ``x0_nm`` whose density has standard
    deviation ``sigma_nm`` (psi ∝ exp(-(x - x0)^2 / (4 sigma^2)))."""
    if not sigma_nm > 0:
        raise ValueError(f"sigma_nm must be > 0, got {sigma_nm!r}")
    x = np.asarray(x_nm, dtype=float)
    return np.exp(-0.5 * ((x - x0_nm) / sigma_nm) ** 2) / (math.sqrt(2 * math.pi) * sigma_nm)


# ----------------------------------------------------------------------------- Fig. 3
def uniform_filter_samples(n_x, U_mV=0.0, margin_nm=0.5, **params):
    """A plain uniform grid on [-margin, d + margin] *without* doubled nodes at the mouths (for the
    convergence comparison: abrupt edges then fall between samples)."""
    land = as_landscape(params)
    x = np.linspace(-margin_nm, land.d_nm + margin_nm, int(n_x))
    return x, land.sample(x, U_mV)


def transmission_curve(ion, v_m_per_s=None, n_v=1500, v_max_factor=1.6, U_mV=0.0,
                       n_x=FIG3_N_X, **params):
    """P_T against incident velocity for ``ion`` on the filter landscape (Fig. 3).

    ``v`` is the speed in the left (extracellular) reservoir, E = m v^2 / 2 measured from it.
    Returns a dict: ``v`` (m/s), ``E_eV``, ``T`` (quantum, ``ionlib.transmission`` on
    :func:`ionlib.filter.potential.sample_filter` with ``n_x`` samples), ``log10_T``, ``T_classical``
    (step of the same sampled landscape at its top), ``V_max_eV``, ``v_c`` (m/s).
    Default velocities: ``n_v`` points from 0.05 to ``v_max_factor`` × v_c.
    """
    ion = get_ion(ion)
    x, V = sample_filter(U_mV, n_x, **params)
    V_max = float(max(V.max(), 0.0, 1e-3 * U_mV))
    v_c = classical_threshold_velocity_m_per_s(V_max, ion.mass_amu)
    if v_m_per_s is None:
        v = np.linspace(0.05, v_max_factor, int(n_v)) * v_c
    else:
        v = np.asarray(v_m_per_s, dtype=float)
        if np.any(v < 0) or not np.all(np.isfinite(v)):
            raise ValueError("v_m_per_s must be finite speeds >= 0 (m/s)")
    E = energy_from_velocity_eV(v, ion.mass_amu)
    lg = log10_transmission(E, x, V, ion.mass_amu)
    return {"v": v, "E_eV": E, "T": np.power(10.0, lg), "log10_T": lg,
            "T_classical": (E > V_max).astype(float), "V_max_eV": V_max, "v_c": v_c}


def rise_width(v, T, lo=0.1, hi=0.9):
    """First speeds at which T reaches ``lo`` and ``hi``: ``(v_lo, v_hi)`` (nan if never)."""
    v = np.asarray(v, dtype=float)
    T = np.asarray(T, dtype=float)

    def first(level):
        idx = np.nonzero(T >= level)[0]
        if idx.size == 0:
            return float("nan")
        i = idx[0]
        if i == 0:
            return float(v[0])
        return float(np.interp(level, [T[i - 1], T[i]], [v[i - 1], v[i]]))

    return first(lo), first(hi)


def overbarrier_dip(E_eV, T, V_max_eV, above_eV=0.0):
    """Largest fall of T below its running maximum at energies above ``V_max_eV + above_eV``.

    0 for a monotone (sigmoid) rise; close to the resonance contrast when T oscillates.
    """
    E = np.asarray(E_eV, dtype=float)
    sel = E > V_max_eV + above_eV
    if not np.any(sel):
        return 0.0
    Ts = np.asarray(T, dtype=float)[sel]
    return float(np.max(np.maximum.accumulate(Ts) - Ts))


def convergence_scan(ion, energies_eV, n_list, U_mV=0.0, grid="doubled", scheme="magnus4", **params):
    """P_T at fixed ``energies_eV`` for each number of samples in ``n_list``.

    ``grid="doubled"``: :func:`ionlib.filter.potential.sample_filter` (mouths on doubled nodes);
    ``grid="uniform"``: :func:`uniform_filter_samples`. ``scheme``: that of
    :func:`ionlib.transmission` (fourth order, or ``"midpoint"``). Returns an array
    (len(n_list), len(E)).
    """
    if grid not in ("doubled", "uniform"):
        raise ValueError(f"grid must be 'doubled' or 'uniform', got {grid!r}")
    ion = get_ion(ion)
    sampler = sample_filter if grid == "doubled" else uniform_filter_samples
    out = []
    for n in n_list:
        x, V = sampler(U_mV=U_mV, n_x=int(n), **params)
        out.append(transmission(np.asarray(energies_eV, float), x, V, ion.mass_amu, scheme=scheme))
    return np.array(out)


def resonance_averaged_transmission(ion, energy_eV, U_mV=0.0, n_x=FIG3_N_X, split_nm=None, **params):
    """Transmission averaged over the Fabry–Pérot phase of the inner region: (T, T1, T2).

    At U = 0 the filter is a symmetric double barrier (the two mouths), so the exact P_T has
    resonances of height 1 at the quasi-bound levels of the inner region, spaced by a fraction of
    a meV and, deep below the top, far narrower than any energy grid. Averaged over them (or over
    any dephasing of the inner region), P_T becomes the sequential value
    T1 T2 / (T1 + T2 - T1 T2), with T1, T2 the transmissions of the two halves of the landscape
    (split at ``split_nm``, default d/2, each continued flat beyond the split).
    """
    ion = get_ion(ion)
    land = as_landscape(params)
    x, V = land.nodes(U_mV, n_x, 0.5)
    mid = land.d_nm / 2 if split_nm is None else float(split_nm)
    E = np.asarray(energy_eV, dtype=float)
    left, right = x <= mid, x >= mid
    T1 = transmission(E, x[left], V[left], ion.mass_amu)
    T2 = transmission(E, x[right], V[right], ion.mass_amu)
    with np.errstate(invalid="ignore", divide="ignore"):
        T = np.where(T1 + T2 > 0, T1 * T2 / (T1 + T2 - T1 * T2), 0.0)
    return T, T1, T2


# ----------------------------------------------------------------------------- plotting
def plot_landscape(ax, x_nm, comps, colors, packet=None, parts=True, label_total="$V_{\\rm eff}$"):
    """Draw V_eff (meV) and, if ``parts``, its three parts; ``packet`` = (x0, sigma, scale_meV)
    sketches a Gaussian |psi|^2 scaled to ``scale_meV`` at its peak."""
    ax.plot(x_nm, 1e3 * comps["total"], color=colors["potential"], lw=2.2, label=label_total)
    if parts:
        ax.plot(x_nm, 1e3 * comps["ext"], ls="--", color=colors["classical"], lw=1.3, label="$V_{\\rm ext}$")
        ax.plot(x_nm, 1e3 * comps["conf"], ls="-.", color=colors["quantum"], lw=1.3, label="$V_{\\rm conf}$")
        ax.plot(x_nm, 1e3 * comps["int"], ls=":", color=colors["paper"], lw=1.6, label="$V_{\\rm int}$")
    if packet is not None:
        x0, sigma, scale = packet
        rho = gaussian_density_per_nm(x_nm, x0, sigma)
        ax.fill_between(x_nm, 0, scale * rho / rho.max(), color=colors["packet"], alpha=0.45,
                        lw=0, label=r"$|\psi|^2$ (sketch)")
    ax.set_xlabel("position $x$ (nm)")
    ax.set_ylabel("potential energy (meV)")


def plot_transmission_panel(ax, curve, color, title="", log=False, label_q="quantum",
                            color_classical="#D55E00"):
    """Quantum P_T(v) and the classical step from a :func:`transmission_curve` dict."""
    v = curve["v"]
    if log:
        ax.plot(v, curve["log10_T"], color=color, label=label_q)
        ax.axvline(curve["v_c"], color=color_classical, ls="--", lw=1.3, label="classical $v_c$")
        ax.set_ylabel(r"$\log_{10} P_T$")
    else:
        ax.plot(v, curve["T"], color=color, lw=1.2, label=label_q)
        ax.plot(v, curve["T_classical"], color=color_classical, ls="--", lw=1.6, label="classical step")
        ax.set_ylabel(r"transmission $P_T$")
        ax.set_ylim(-0.03, 1.05)
    ax.set_xlabel("incident velocity $v$ (m/s)")
    if title:
        ax.set_title(title)
