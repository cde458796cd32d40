"""Wave packets on the filter (Fig. A2): spectral averages of the stationary transmission, the
filter runs and their timescales, effective-mass and resonance-spacing studies."""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

import ionlib._validate as check
from ..constants import thermal_energy_eV
from ..ions import get_ion
from ..filter.potential import as_landscape
from ..filter.transmission import transmission, velocity_from_energy_m_per_s
from ..filter.wavepacket import (HBAR_EV_PS, PacketRun, evolve_packet, gaussian_packet,
                         group_velocity_nm_per_ps, hbar2_over_2m_eV_nm2, packet_wavenumber_per_nm)

__all__ = ["spectral_transmission", "classical_transit_time_ps", "tunnelling_vs_mass",
           "mass_factor_for_tunnelling", "packet_timescales", "filter_grid", "FilterPacket",
           "run_filter_packet", "PRESETS", "coarse_grain", "fig2_runs", "resonance_spacing_THz",
           "FIG2_ENERGIES_KT", "FIG2_SIGMA_NM", "FIG2_T_K"]


def spectral_transmission(energy_eV, sigma_nm, mass_amu, x_nm, V_eV, n_k=401, n_sigma=8.0,
                          return_spectrum=False, min_weight=1e-16):
    """Stationary prediction for a Gaussian packet: ∫|φ(k)|² T(E(k)) dk.

    |φ(k)|² is the packet's momentum distribution (mean k₀ = sqrt(2m·energy)/ħ, standard deviation
    1/(2σ)); E(k) = V_left + ħ²k²/2m with V_left = ``V_eV[0]``; T from
    :func:`ionlib.transmission` on (``x_nm``, ``V_eV``). Components with k ≤ 0
    (never transmitted) are dropped; ``n_k`` points over k₀ ± ``n_sigma`` standard deviations,
    then refined around resonances (:func:`ionlib.filter.energy_grid.refine_spectrum`) while an
    interval could still contribute more than ``min_weight`` to the integral (``None``: no
    refinement). Between two mouths T(E) has resonances far narrower than any fixed grid, which a
    fixed grid either misses (P too small) or lands on (P too large).
    With ``return_spectrum`` also returns (k, weights, E, T) on the refined grid.
    """
    from ..filter.energy_grid import refine_spectrum
    from ..filter.transmission import transmission_with_phase
    m = check.positive("mass_amu", mass_amu, "u")
    sigma = check.positive("sigma_nm", sigma_nm, "nm")
    k0 = packet_wavenumber_per_nm(energy_eV, m)
    n_k = int(n_k)
    if n_k < 11:
        raise ValueError(f"n_k must be an integer >= 11, got {n_k!r}")
    sk = 1 / (2 * sigma)
    V = np.asarray(V_eV, dtype=float)
    c = hbar2_over_2m_eV_nm2(m)

    def weight(k):
        return np.exp(-0.5 * ((k - k0) / sk) ** 2) / (math.sqrt(2 * math.pi) * sk)

    def evaluate(k):
        return transmission_with_phase(V[0] + c * k ** 2, x_nm, V, m)

    k = np.linspace(max(k0 - n_sigma * sk, 1e-9), k0 + n_sigma * sk, n_k)
    T, phase = evaluate(k)
    if min_weight is not None:
        most = lambda lo, hi: weight(np.clip(k0, lo, hi)) * (hi - lo)   # largest possible share
        k, T = refine_spectrum(k, T, phase, evaluate, most, min_weight=float(min_weight))
    w = weight(k)
    P = float(np.trapezoid(w * T, k))
    if return_spectrum:
        return P, (k, w, V[0] + c * k ** 2, T)
    return P


def tunnelling_vs_mass(mass_factors, energy_kT=3.6, ion="K+", sigma_nm=0.4, T_K=300.0, min_weight=1e-12,
                       **params):
    """How Fig. 2's sub-barrier packet would transmit if the ion were lighter (effective-mass study).

    For each factor multiplying the ion's mass: the packet's stationary prediction P_T
    (:func:`spectral_transmission`), its sub-barrier part (momentum components with E(k) below the
    barrier top only, i.e. tunnelling) and T at the central energy. Same landscape (U = 0,
    ``**params`` of :func:`ionlib.filter_potential`), same σ and central energy
    ``energy_kT``·k_BT. Returns a dict of arrays shaped like ``mass_factors``: ``"P_T"``,
    ``"P_T_sub"``, ``"T_E0"``, ``"weight_sub"`` (probability of the sub-barrier components).
    ``min_weight``: resonance refinement of :func:`spectral_transmission` (absolute accuracy).
    """
    f = np.atleast_1d(np.asarray(mass_factors, dtype=float))
    if f.size == 0 or not np.all(np.isfinite(f)) or np.any(f <= 0) or np.any(f > 10):
        raise ValueError(f"mass_factors must be finite and in (0, 10], got {mass_factors!r}")
    E = check.positive("energy_kT", energy_kT, "k_BT") * thermal_energy_eV(T_K)
    m0 = get_ion(ion).mass_amu
    xs, Vs = as_landscape(params).nodes(0.0, 2000, 0.2)
    V_top = float(max(Vs.max(), 0.0))
    out = {key: np.empty(f.shape) for key in ("P_T", "P_T_sub", "T_E0", "weight_sub")}
    for i, fi in np.ndenumerate(f):
        P, (k, w, Ek, Tk) = spectral_transmission(E, sigma_nm, m0 * fi, xs, Vs, return_spectrum=True,
                                                  min_weight=min_weight)
        below = Ek < V_top
        out["P_T"][i] = P
        out["P_T_sub"][i] = np.trapezoid(w * Tk * below, k)
        out["weight_sub"][i] = np.trapezoid(w * below, k)
        out["T_E0"][i] = transmission(E, xs, Vs, m0 * fi)
    return out


def mass_factor_for_tunnelling(threshold=0.01, energy_kT=3.6, ion="K+", sigma_nm=0.4, T_K=300.0,
                               **params):
    """The mass factor at which the sub-barrier (tunnelling) part of the packet's P_T reaches
    ``threshold`` (e.g. 0.01, visible on a linear plot), found by ``scipy.optimize.brentq`` in
    log(mass factor) between 1e-3 and 1. Raises ValueError if the threshold is not crossed there."""
    from scipy.optimize import brentq
    if not 0 < threshold < 1:
        raise ValueError(f"threshold must be between 0 and 1, got {threshold!r}")

    def gap(log_f):
        P = tunnelling_vs_mass(math.exp(log_f), energy_kT, ion, sigma_nm, T_K,
                               min_weight=1e-4 * threshold, **params)["P_T_sub"][0]
        return math.log(max(P, 1e-300)) - math.log(threshold)

    lo, hi = math.log(1e-3), 0.0
    if not gap(lo) > 0 > gap(hi):
        raise ValueError(f"the sub-barrier P_T does not cross threshold={threshold} for mass factors "
                         "between 1e-3 and 1")
    return math.exp(brentq(gap, lo, hi, xtol=5e-3))   # 0.5 % in the factor


def classical_transit_time_ps(energy_eV, mass_amu, n=20001, **params):
    """Classical time (ps) to cross the filter 0 < x < d at total energy ``energy_eV``:
    ∫ dx / v(x), v = sqrt(2(E - V_eff(x))/m). ``inf`` if E does not exceed max V_eff."""
    m = check.positive("mass_amu", mass_amu, "u")
    E = check.real_scalar("energy_eV", energy_eV, unit="eV")
    land = as_landscape(params)
    d = land.d_nm
    x = (np.arange(check.count("n", n, 2, 10_000_000)) + 0.5) * d / n   # midpoints: the edges are excluded
    V = land.sample(x)
    V_edges = land.sample(np.array([0.0, d]))
    if E <= max(V.max(), V_edges.max()):
        return math.inf
    v = 1e-3 * velocity_from_energy_m_per_s(E - V, m)   # nm/ps
    return float(np.sum(1 / v) * d / n)


def _first_crossing(t, y, level):
    i = int(np.argmax(y >= level))
    if y[i] < level:
        return math.nan
    if i == 0:
        return float(t[0])
    return float(np.interp(level, [y[i - 1], y[i]], [t[i - 1], t[i]]))


def packet_timescales(run, x0_nm, energy_eV):
    """Timescales of a run whose packet started at ``x0_nm`` with central energy ``energy_eV``.

    Returns a dict (times in ps):

    ``t_arrive``   when the incident packet's centre would reach ``x_left_nm`` in free flight,
                   (x_left - x₀)/v₀ with v₀ = ħk₀/m
    ``t_half_T``   when P_T(t) reaches half its final value (the transmitted packet's centre leaves
                   the filter at ``x_right_nm``); nan if nothing is transmitted
    ``delay``      t_half_T - t_arrive: the time the transmitted part needs to cross the filter
    ``dwell``      ∫ P_inside dt: the mean time spent in the filter per incident ion
    ``P_T``, ``P_R``, ``P_inside_end``: final probabilities (transmitted, reflected, still inside)
    """
    v0 = group_velocity_nm_per_ps(energy_eV, run.mass_amu)
    t_arr = (run.x_left_nm - float(x0_nm)) / v0
    PT = run.P_right[-1]
    t_half = _first_crossing(run.t_steps_ps, run.P_right, 0.5 * PT) if PT > 1e-6 else math.nan
    dwell = float(np.trapezoid(run.P_inside, run.t_steps_ps))
    return {"t_arrive": float(t_arr), "t_half_T": t_half, "delay": t_half - t_arr, "dwell": dwell,
            "P_T": float(PT), "P_R": float(run.P_left[-1]), "P_inside_end": float(run.P_inside[-1]),
            "v0_nm_per_ps": float(v0)}


# ----------------------------------------------------------------------------- the filter (Fig. 2)
#: Grid, time-step and run-length settings of :func:`run_filter_packet`. "figure": P_T within
#: ~0.3 % of the Δx → 0 limit (second-order convergence, see the tests); "widget": ~1 %, 4x faster.
PRESETS = {"figure": {"dx_nm": 0.0005, "time_tol": 1e-2, "settle_tol": 1e-3, "t_max_ps": 120.0,
                      "spectral_min_weight": 1e-14},
           "widget": {"dx_nm": 0.001, "time_tol": 1.6e-2, "settle_tol": 1e-2, "t_max_ps": 40.0,
                      "spectral_min_weight": 1e-6}}


def filter_grid(x_min_nm, x_max_nm, dx_nm, n_sub=8, U_mV=0.0, **params):
    """Uniform grid (nm) and the filter potential V_eff (eV) averaged over each grid cell.

    Nodes sit at (i + 1/2)Δx, so x = 0 (and x = d when d/Δx is an integer) is a face between two
    cells and the abrupt edges of V_conf fall exactly between nodes; this halves the error of the
    transmitted fraction compared with a node on the edge. Cell averages (``n_sub`` sub-samples
    per cell) place any other jump to second order in Δx.
    """
    dx = check.positive("dx_nm", dx_nm, "nm")
    a, b = float(x_min_nm), float(x_max_nm)
    if not (math.isfinite(a) and math.isfinite(b) and b - a >= 16 * dx):
        raise ValueError(f"x_max_nm - x_min_nm must be finite and at least 16 dx, got {x_min_nm!r}, {x_max_nm!r}")
    i0, i1 = int(math.floor(a / dx - 0.5)), int(math.ceil(b / dx - 0.5))
    x = (np.arange(i0, i1 + 1) + 0.5) * dx          # nodes at (i + 1/2) dx: x = 0 is a cell face
    n = x.size
    n_sub = int(n_sub)
    if n_sub < 1:
        raise ValueError(f"n_sub must be an integer >= 1, got {n_sub!r}")
    offs = ((np.arange(n_sub) + 0.5) / n_sub - 0.5) * dx
    V = as_landscape(params).sample((x[:, None] + offs[None, :]).ravel(), U_mV).reshape(n, n_sub).mean(axis=1)
    return x, V


@dataclass
class FilterPacket:
    """One Fig. 2 run (:func:`run_filter_packet`): the :class:`PacketRun`, the inputs, and the
    numbers (dict ``summary``: P_T of the packet, the stationary prediction, timescales)."""

    run: PacketRun
    ion: str
    energy_kT: float
    T_K: float
    energy_eV: float
    sigma_nm: float
    x0_nm: float
    summary: dict


def run_filter_packet(energy_kT, ion="K+", sigma_nm=0.4, T_K=300.0, preset="figure", t_snap_ps=None,
                      t_end_ps=None, U_mV=0.0, n_snap=6, **params):
    """A Gaussian packet of central kinetic energy ``energy_kT``·k_BT sent onto the filter from the left.

    The packet starts at x₀ = -6σ (its |ψ|² at the outer mouth is e⁻¹⁸ of its peak); the box spans
    [x₀ - 5σ - L, d + 0.5 nm + L] with absorbing layers of width L = 1 nm at both ends, whose
    strength absorbs the packet to e⁻¹⁵ in amplitude on one pass. Snapshots at ``t_snap_ps``
    (default: ``n_snap`` evenly spaced up to ``t_end_ps``, whose default is the free arrival time at x = 0
    plus one classical transit time plus 6σ/v₀); after the last snapshot the run continues until
    less than the preset's ``settle_tol`` is left inside the filter, so that P_T is final.
    ``preset``: a key of :data:`PRESETS`. ``**params``: landscape parameters of
    :func:`ionlib.filter_potential`.
    """
    if preset not in PRESETS:
        raise ValueError(f"preset must be one of {sorted(PRESETS)}, got {preset!r}")
    sp = get_ion(ion)
    ekT = check.positive("energy_kT", energy_kT, "k_BT")
    if ekT > 40:
        raise ValueError(f"energy_kT must be <= 40 (k_BT units), got {energy_kT!r}")
    sigma = check.positive("sigma_nm", sigma_nm, "nm")
    if not 0.05 <= sigma <= 1.5:
        raise ValueError(f"sigma_nm must be between 0.05 and 1.5 nm, got {sigma_nm!r}")
    kT = thermal_energy_eV(T_K)
    E = ekT * kT
    m = sp.mass_amu
    land = as_landscape(params)
    d = land.d_nm
    cfg = PRESETS[preset]
    L_cap = 1.0
    x0 = -6 * sigma
    x, V = filter_grid(x0 - 5 * sigma - L_cap, d + 0.5 + L_cap, cfg["dx_nm"], U_mV=U_mV, landscape=land)
    psi0 = gaussian_packet(x, x0, sigma, E, m)
    v0 = group_velocity_nm_per_ps(E, m)
    W0 = 15 * 3 * HBAR_EV_PS * v0 / (2 * L_cap)      # ∫W dx/(ħ v0) = 15 per pass
    t_arr = -x0 / v0
    tau_cl = classical_transit_time_ps(E, m, landscape=land)
    if t_end_ps is None:
        tau = tau_cl if math.isfinite(tau_cl) else d / v0
        t_end = max(t_arr + tau + 6 * sigma / v0, 2 * t_arr)
    else:
        t_end = check.positive("t_end_ps", t_end_ps, "ps")
    if t_snap_ps is None:
        if not (isinstance(n_snap, (int, np.integer)) and 2 <= n_snap <= 200):
            raise ValueError(f"n_snap must be an integer between 2 and 200, got {n_snap!r}")
        t_snap = np.linspace(0.0, t_end, n_snap)
    else:
        t_snap = np.sort(np.atleast_1d(np.asarray(t_snap_ps, dtype=float)))
        t_snap = np.unique(np.concatenate((t_snap[t_snap < t_end], [t_end])))
    run = evolve_packet(x, V, psi0, m, t_snap, cap_width_nm=L_cap, cap_strength_eV=W0,
                        x_left_nm=0.0, x_right_nm=d, time_tol=cfg["time_tol"], E_ref_eV=E,
                        settle_tol=cfg["settle_tol"], t_max_ps=max(cfg["t_max_ps"], t_end))
    xs, Vs = land.nodes(U_mV, 2000, 0.2)
    P_stat = spectral_transmission(E, sigma, m, xs, Vs, min_weight=cfg["spectral_min_weight"])
    ts = packet_timescales(run, x0, E)
    V_max = float(max(Vs.max(), 0.0))
    summary = dict(ts, P_T_stationary=P_stat, T_at_E0=float(transmission(E, xs, Vs, m)),
                   tau_classical=tau_cl, d_over_v0=d / v0, V_max_eV=V_max, E_eV=E,
                   E_over_Vmax=E / V_max if V_max > 0 else math.inf, dt_ps=run.dt_ps,
                   n_x=int(x.size), n_steps=int(run.t_steps_ps.size - 1))
    return FilterPacket(run=run, ion=sp.name, energy_kT=ekT, T_K=float(T_K), energy_eV=E,
                        sigma_nm=sigma, x0_nm=x0, summary=summary)


def coarse_grain(density, dx_nm, width_nm=0.05):
    """Running mean of ``density`` over ``width_nm`` (nm), which smooths the λ/2 ≈ 7 pm
    interference fringes between incident and reflected waves for plotting (area preserved)."""
    w = max(int(round(check.positive("width_nm", width_nm, "nm") / dx_nm)), 1)
    kern = np.ones(w) / w
    rho = np.atleast_2d(density)
    out = np.array([np.convolve(r, kern, mode="same") for r in rho])
    return out if np.ndim(density) == 2 else out[0]


#: Paper A, Fig. 2: incident kinetic energies (units of k_B T) and packet width.
FIG2_ENERGIES_KT = (3.6, 4.7, 5.6, 7.0)
FIG2_SIGMA_NM = 0.4
FIG2_T_K = 300.0


@lru_cache(maxsize=16)
def fig2_runs(ion="K+", energies_kT=FIG2_ENERGIES_KT, T_K=FIG2_T_K, sigma_nm=FIG2_SIGMA_NM,
              preset="figure"):
    """The Fig. 2 packets (one :class:`FilterPacket` per energy), paper landscape, U = 0; cached,
    so the book page and the claims ledger share one computation."""
    return tuple(run_filter_packet(e, ion=ion, sigma_nm=sigma_nm, T_K=T_K, preset=preset)
                 for e in energies_kT)


def resonance_spacing_THz(ion="K+", lo_kT=4.6, hi_kT=8.0, T_K=FIG2_T_K, n=4000, **params):
    """Spacings ΔE/h (THz) between neighbouring maxima of the stationary T(E) of the filter for
    total energies between ``lo_kT`` and ``hi_kT`` (k_B T units): the Fabry–Pérot resonances
    of the space between the two mouths. Returns (E_peaks_eV, spacings_THz)."""
    sp = get_ion(ion)
    kT = thermal_energy_eV(T_K)
    if not 0 < lo_kT < hi_kT:
        raise ValueError(f"need 0 < lo_kT < hi_kT, got {lo_kT!r}, {hi_kT!r}")
    xs, Vs = as_landscape(params).nodes(0.0, 2000, 0.2)
    E = np.linspace(lo_kT, hi_kT, int(n)) * kT
    T = transmission(E, xs, Vs, sp.mass_amu)
    pk = np.where((T[1:-1] > T[:-2]) & (T[1:-1] >= T[2:]))[0] + 1
    h_eV_ps = 2 * math.pi * HBAR_EV_PS
    return E[pk], np.diff(E[pk]) / h_eV_ps
