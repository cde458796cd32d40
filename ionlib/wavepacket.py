"""Time-dependent Schrödinger equation for an ion on a 1D potential (Paper A, Eq. 1 and Fig. 2).

Units: x in nm, t in ps, energies in eV, masses in u (unified atomic mass units).

Scheme
------
Crank–Nicolson in time with the fourth-order *Numerov* (compact) discretisation of the kinetic
energy on a uniform grid, ψ = 0 beyond both ends of the grid. With δ² the second difference and
M = 1 + δ²/12, the kinetic operator is -(ħ²/2m) M⁻¹δ²/Δx²; multiplying the Crank–Nicolson step by M
keeps both sides tridiagonal,

    [M + iτ(-(ħ²/2m)δ²/Δx² + M(V - E_ref))] ψⁿ⁺¹ = [M - iτ(...)] ψⁿ,   τ = Δt/(2ħ),

which is solved with a banded LU factorised once (LAPACK ``?gttrf``/``?gttrs``, the tridiagonal
case of :func:`scipy.linalg.solve_banded`). M and δ² commute, so the propagator equals
(1 + iτH)⁻¹(1 - iτH) with a Hermitian H: without absorber the norm is conserved to round-off.

Accuracy. A plane wave e^{ikx} has the discrete kinetic energy (ħ²/2m)k²(1 - (kΔx)⁴/240 + ...), so
kΔx ≈ 0.6 (Δx = 1 pm for K⁺ at 7 k_BT, k ≈ 580 nm⁻¹) gives 5·10⁻⁴ relative error. In time,
Crank–Nicolson advances an eigenstate of energy E by the phase 2 arctan((E - E_ref)Δt/2ħ) instead
of (E - E_ref)Δt/ħ. Choosing E_ref = the packet's mean energy removes the large phase rotation
(E/ħ ≈ 150 ps⁻¹ at 0.1 eV), makes the group velocity exact at the centre of the spectrum, and lets
Δt be set by the packet's *energy spread* alone (:func:`choose_time_step`).

Absorbing boundaries: an optional complex absorbing potential -iW(x), W = W₀((x - x_s)/L)² over the
last ``cap_width_nm`` at each end. The probability it removes is booked to the left or the right
side, so P_left + P_inside + P_right = 1 at all times (to round-off).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from scipy.linalg import lapack, solve_banded

from .constants import AMU_KG, EV_J, HBAR_J_S, NM_M, PS_S, thermal_energy_eV
from .ions import get_ion
from .potential import filter_potential, sample_filter
from .transmission import transmission, velocity_from_energy_m_per_s, wavenumber_per_nm

__all__ = ["HBAR_EV_PS", "hbar2_over_2m_eV_nm2", "gaussian_packet", "packet_wavenumber_per_nm",
           "group_velocity_nm_per_ps", "choose_time_step", "absorbing_potential", "PacketRun",
           "evolve_packet", "transmitted_fraction", "spectral_transmission",
           "classical_transit_time_ps", "tunnelling_vs_mass", "mass_factor_for_tunnelling", "packet_timescales", "filter_grid", "FilterPacket",
           "run_filter_packet", "PRESETS", "coarse_grain", "fig2_runs", "resonance_spacing_THz",
           "FIG2_ENERGIES_KT", "FIG2_SIGMA_NM", "FIG2_T_K"]

#: ħ in eV·ps.
HBAR_EV_PS = HBAR_J_S / EV_J / PS_S


def hbar2_over_2m_eV_nm2(mass_amu):
    """ħ²/(2m) in eV·nm² for a mass in u."""
    m = _positive("mass_amu", mass_amu, "u")
    return HBAR_J_S ** 2 / (2 * m * AMU_KG) / EV_J / NM_M ** 2


def _positive(name, value, unit="", allow_zero=False):
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a {'non-negative' if allow_zero else 'positive'} "
                         f"finite number{' in ' + unit if unit else ''}, got {value!r}") from None
    if not math.isfinite(v) or (v < 0 if allow_zero else v <= 0):
        raise ValueError(f"{name} must be a {'non-negative' if allow_zero else 'positive'} "
                         f"finite number{' in ' + unit if unit else ''}, got {value!r}")
    return v


def _uniform_grid(x_nm):
    x = np.asarray(x_nm, dtype=float)
    if x.ndim != 1 or x.size < 16 or not np.all(np.isfinite(x)):
        raise ValueError(f"x_nm must be a 1D array of at least 16 finite positions (nm), got shape {x.shape}")
    dx = (x[-1] - x[0]) / (x.size - 1)
    if not dx > 0 or np.max(np.abs(np.diff(x) - dx)) > 1e-6 * dx:
        raise ValueError("x_nm must be uniformly spaced and increasing (a single grid step dx > 0)")
    return x, dx


def packet_wavenumber_per_nm(energy_eV, mass_amu):
    """Central wavenumber k₀ = sqrt(2mE)/ħ (1/nm) of a packet of central kinetic energy ``energy_eV``."""
    E = _positive("energy_eV", energy_eV, "eV")
    return float(wavenumber_per_nm(E, _positive("mass_amu", mass_amu, "u")).real)


def group_velocity_nm_per_ps(energy_eV, mass_amu):
    """Speed ħk₀/m in nm/ps (= km/s) at kinetic energy ``energy_eV``."""
    k0 = packet_wavenumber_per_nm(energy_eV, mass_amu)
    return 2 * hbar2_over_2m_eV_nm2(mass_amu) * k0 / HBAR_EV_PS


def gaussian_packet(x_nm, x0_nm, sigma_nm, energy_eV, mass_amu):
    """Normalised Gaussian wave packet moving towards +x (complex array on the grid ``x_nm``).

    ψ(x) ∝ exp(-(x - x₀)²/(4σ²) + i k₀ x), so |ψ|² is a Gaussian of standard deviation ``sigma_nm``
    and the momentum distribution |φ(k)|² one of standard deviation 1/(2σ) around k₀.
    ``energy_eV`` is the *central* kinetic energy ħ²k₀²/(2m); the mean kinetic energy is larger by
    ħ²/(8mσ²) (relative excess 1/(2k₀σ)² ≈ 10⁻⁵ for K⁺ with σ = 0.4 nm). Normalised so that
    Σ|ψ|²Δx = 1 on the grid.
    """
    x, dx = _uniform_grid(x_nm)
    x0 = float(x0_nm)
    if not math.isfinite(x0):
        raise ValueError(f"x0_nm must be a finite position in nm, got {x0_nm!r}")
    sigma = _positive("sigma_nm", sigma_nm, "nm")
    if sigma < 3 * dx:
        raise ValueError(f"sigma_nm must be at least 3 grid steps ({3 * dx:.3g} nm), got {sigma_nm!r}")
    k0 = packet_wavenumber_per_nm(energy_eV, mass_amu)
    if k0 * dx > 1.2:
        raise ValueError(f"the grid is too coarse for energy_eV={energy_eV!r}: k0*dx = {k0 * dx:.2f} "
                         "must be <= 1.2 (use a smaller dx)")
    psi = np.exp(-((x - x0) / (2 * sigma)) ** 2 + 1j * k0 * x)
    norm = math.sqrt(np.sum(np.abs(psi) ** 2) * dx)
    if not norm > 0:
        raise ValueError("the packet lies outside the grid: x0_nm must be inside x_nm")
    return psi / norm


def _packet_energy_stats(psi, dx, mass_amu):
    """(mean, std) of the free kinetic energy ħ²k²/2m of ψ, from its discrete Fourier transform."""
    phi2 = np.abs(np.fft.fft(psi)) ** 2
    k = 2 * np.pi * np.fft.fftfreq(psi.size, d=dx)
    E = hbar2_over_2m_eV_nm2(mass_amu) * k ** 2
    w = phi2 / phi2.sum()
    mean = float(np.sum(w * E))
    return mean, float(math.sqrt(max(np.sum(w * (E - mean) ** 2), 0.0)))


def choose_time_step(energy_spread_eV, tol=1e-3, n_sigma=4.0):
    """Crank–Nicolson time step (ps) for a packet whose energy spread is ``energy_spread_eV``.

    With E_ref at the packet's mean energy, an eigenstate at E - E_ref = ε moves with a group
    velocity too small by the factor 1/(1 + (εΔt/2ħ)²). Δt is chosen so that this error is ``tol``
    at ε = ``n_sigma`` standard deviations.
    """
    dE = _positive("energy_spread_eV", energy_spread_eV, "eV")
    tol = _positive("tol", tol)
    return 2 * HBAR_EV_PS * math.sqrt(tol) / (n_sigma * dE)


def absorbing_potential(x_nm, width_nm, strength_eV):
    """W(x) ≥ 0 (eV): quadratic ramps W₀((x - x_s)/L)² over the last ``width_nm`` at both ends."""
    x, _ = _uniform_grid(x_nm)
    L = _positive("cap_width_nm", width_nm, "nm", allow_zero=True)
    W0 = _positive("cap_strength_eV", strength_eV, "eV", allow_zero=True)
    if L == 0 or W0 == 0:
        return np.zeros_like(x)
    if 2 * L >= x[-1] - x[0]:
        raise ValueError(f"cap_width_nm must be less than half the box ({(x[-1] - x[0]) / 2:.3g} nm), "
                         f"got {width_nm!r}")
    left = np.clip((x[0] + L - x) / L, 0, None)
    right = np.clip((x - (x[-1] - L)) / L, 0, None)
    return W0 * (left ** 2 + right ** 2)


@dataclass
class PacketRun:
    """Result of :func:`evolve_packet`.

    x_nm, V_eV        grid (nm) and real potential (eV)
    t_ps, psi         snapshot times (ps) and ψ at those times (shape (len(t_ps), len(x_nm)))
    t_steps_ps        every time step (ps), starting at 0
    P_left, P_inside, P_right   probability left of ``x_left_nm``, between, right of ``x_right_nm``
                      at every step; the left/right ones include what the absorber removed on
                      that side, so the three add up to 1
    dt_ps, E_ref_eV, mass_amu, x_left_nm, x_right_nm, W_eV   settings used
    """

    x_nm: np.ndarray
    V_eV: np.ndarray
    t_ps: np.ndarray
    psi: np.ndarray
    t_steps_ps: np.ndarray
    P_left: np.ndarray
    P_inside: np.ndarray
    P_right: np.ndarray
    dt_ps: float
    E_ref_eV: float
    mass_amu: float
    x_left_nm: float
    x_right_nm: float
    W_eV: np.ndarray = field(repr=False, default=None)

    @property
    def density(self):
        """|ψ(x, t)|² (1/nm) at the snapshot times."""
        return np.abs(self.psi) ** 2

    @property
    def norm_in_box(self):
        """Σ|ψ|²Δx of the snapshots (1 without absorber)."""
        dx = self.x_nm[1] - self.x_nm[0]
        return self.density.sum(axis=1) * dx


def evolve_packet(x_nm, V_eV, psi0, mass_amu, t_ps, dt_ps=None, E_ref_eV=None, cap_width_nm=0.0,
                  cap_strength_eV=0.0, x_left_nm=0.0, x_right_nm=3.0, time_tol=1e-3, settle_tol=None,
                  t_max_ps=None):
    """Evolve ψ₀ under H = -(ħ²/2m)∂²ₓ + V(x) (Numerov Crank–Nicolson, see the module docstring).

    Parameters
    ----------
    x_nm : uniform grid (nm); ψ = 0 beyond its ends
    V_eV : real potential (eV) on the grid
    psi0 : complex initial state on the grid (normalised or not; used as given)
    mass_amu : mass (u)
    t_ps : snapshot times (ps), non-negative, increasing; the run ends at max(t_ps)
    dt_ps : time step (ps); default: :func:`choose_time_step` from ψ₀'s energy spread and
        ``time_tol``, shortened so that every snapshot falls on a step
    E_ref_eV : energy subtracted from H (eV); default ψ₀'s mean energy ⟨ψ₀|H|ψ₀⟩ (a global phase)
    cap_width_nm, cap_strength_eV : absorbing potential at both ends (0: none)
    x_left_nm, x_right_nm : boundaries of the three regions booked in the result
    time_tol : accuracy target of the default time step (see :func:`choose_time_step`)
    settle_tol, t_max_ps : if given, keep stepping after the last snapshot until the probability
        between ``x_left_nm`` and ``x_right_nm`` is below ``settle_tol`` or t reaches ``t_max_ps``
        (only the bookkeeping arrays grow; the snapshots stay at ``t_ps``)
    """
    x, dx = _uniform_grid(x_nm)
    V = np.asarray(V_eV, dtype=float)
    if V.shape != x.shape or not np.all(np.isfinite(V)):
        raise ValueError(f"V_eV must be finite and have the shape of x_nm {x.shape}, got {V.shape}")
    psi = np.array(psi0, dtype=complex)
    if psi.shape != x.shape or not np.all(np.isfinite(psi)):
        raise ValueError(f"psi0 must be finite and have the shape of x_nm {x.shape}, got {psi.shape}")
    if not np.any(psi):
        raise ValueError("psi0 must not vanish everywhere")
    m = _positive("mass_amu", mass_amu, "u")
    t_out = np.atleast_1d(np.asarray(t_ps, dtype=float))
    if t_out.ndim != 1 or not np.all(np.isfinite(t_out)) or np.any(t_out < 0) or np.any(np.diff(t_out) < 0):
        raise ValueError("t_ps must be finite, >= 0 and non-decreasing (ps)")
    if settle_tol is not None:
        settle_tol = _positive("settle_tol", settle_tol)
        t_max = _positive("t_max_ps", t_max_ps if t_max_ps is not None else math.inf, "ps")
    xl, xr = float(x_left_nm), float(x_right_nm)
    if not (math.isfinite(xl) and math.isfinite(xr) and xl <= xr):
        raise ValueError(f"x_left_nm must be <= x_right_nm (nm), got {x_left_nm!r} and {x_right_nm!r}")
    c = hbar2_over_2m_eV_nm2(m) / dx ** 2
    W = absorbing_potential(x, cap_width_nm, cap_strength_eV)

    # energy reference and time step from the initial state
    n0 = np.sum(np.abs(psi) ** 2) * dx
    Hpsi = _apply_H(psi, V, c)
    if E_ref_eV is None:
        E_ref = float(np.real(np.vdot(psi, Hpsi)) * dx / n0)
    else:
        E_ref = float(E_ref_eV)
        if not math.isfinite(E_ref):
            raise ValueError(f"E_ref_eV must be a finite energy in eV, got {E_ref_eV!r}")
    if dt_ps is None:
        _, spread = _packet_energy_stats(psi, dx, m)
        dt_max = choose_time_step(max(spread, 1e-9), tol=_positive("time_tol", time_tol))
    else:
        dt_max = _positive("dt_ps", dt_ps, "ps")

    # the steps: each interval between snapshots is split into equal steps <= dt_max
    edges = np.concatenate(([0.0], t_out))
    n_per = [int(math.ceil((b - a) / dt_max - 1e-9)) if b > a else 0 for a, b in zip(edges[:-1], edges[1:])]
    # (one banded LU per distinct step length; evenly spaced snapshots need only one)
    steps = [max(n, 0) for n in n_per]
    dts = [(b - a) / n if n else 0.0 for (a, b), n in zip(zip(edges[:-1], edges[1:]), steps)]

    Veff = V - E_ref - 1j * W
    tau_cache = {}

    def factor(dt_):
        key = round(dt_ / dt_max, 12)
        if key not in tau_cache:
            tau = dt_ / (2 * HBAR_EV_PS)
            # A = -c δ² + M Veff (tridiagonal); left matrix M + iτA, right matrix M - iτA
            off_lo = -c + Veff[:-1] / 12            # A[j, j-1]
            off_up = -c + Veff[1:] / 12             # A[j, j+1]
            diag = 2 * c + 10 * Veff / 12
            lu = lapack.zgttrf(1 / 12 + 1j * tau * off_lo, 10 / 12 + 1j * tau * diag,
                               1 / 12 + 1j * tau * off_up)
            if lu[-1] != 0:
                raise ValueError("the Crank–Nicolson matrix is singular; change dt_ps")
            rhs_coef = (10 / 12 - 1j * tau * diag, 1 / 12 - 1j * tau * off_lo, 1 / 12 - 1j * tau * off_up)
            tau_cache[key] = (lu[:5], rhs_coef)
        return tau_cache[key]

    il = np.searchsorted(x, xl, side="left")       # x[:il] < xl
    ir = np.searchsorted(x, xr, side="right")      # x[ir:] > xr
    has_cap = bool(np.any(W > 0))
    # absorber bookkeeping only where W > 0 (plain sums, no BLAS: threaded dot products stall
    # under CPU contention)
    left_zero = np.flatnonzero(W[:il] == 0)
    cl = int(left_zero[0]) if left_zero.size else il                   # W[:cl] > 0 on the left
    right_pos = np.flatnonzero(W[ir:] > 0)
    cr = ir + int(right_pos[0]) if right_pos.size else x.size           # W[cr:] > 0 on the right
    Wl, Wr = W[:cl], W[cr:]

    def regions(p):
        rho = (p.real ** 2 + p.imag ** 2) * dx
        return rho[:il].sum(), rho[il:ir].sum(), rho[ir:].sum(), rho

    state = {"psi": psi, "t": 0.0, "abs_l": 0.0, "abs_r": 0.0}
    nl, nm_, nr, rho = regions(psi)
    state.update(nl=nl, nm=nm_, nr=nr, rho=rho)
    t_steps, PL, PM, PR = [0.0], [nl], [nm_], [nr]

    def advance(n, dt_):
        (dl_, d_, du_, du2_, ipiv), (r_d, r_lo, r_up) = factor(dt_)
        psi = state["psi"]
        rhs = np.empty_like(psi)
        nl, nm_, nr, rho = state["nl"], state["nm"], state["nr"], state["rho"]
        abs_l, abs_r, t_now = state["abs_l"], state["abs_r"], state["t"]
        for _ in range(n):
            np.multiply(r_d, psi, out=rhs)           # right-hand side (M - iτA) ψ
            rhs[1:] += r_lo * psi[:-1]
            rhs[:-1] += r_up * psi[1:]
            psi, info = lapack.zgttrs(dl_, d_, du_, du2_, ipiv, rhs)
            t_now += dt_
            if has_cap:   # book the probability the absorber removed to its side
                wl_old, wr_old = (Wl * rho[:cl]).sum(), (Wr * rho[cr:]).sum()
                n_old = nl + nm_ + nr
                nl, nm_, nr, rho = regions(psi)
                lost = n_old - (nl + nm_ + nr)
                wl = wl_old + (Wl * rho[:cl]).sum()
                wr = wr_old + (Wr * rho[cr:]).sum()
                if wl + wr > 0:
                    abs_l += lost * wl / (wl + wr)
                    abs_r += lost * wr / (wl + wr)
            else:
                nl, nm_, nr, rho = regions(psi)
            t_steps.append(t_now)
            PL.append(nl + abs_l)
            PM.append(nm_)
            PR.append(nr + abs_r)
        state.update(psi=psi, t=t_now, nl=nl, nm=nm_, nr=nr, rho=rho, abs_l=abs_l, abs_r=abs_r)

    snaps = []
    for n, dt_ in zip(steps, dts):
        if n:
            advance(n, dt_)
        snaps.append(state["psi"].copy())
    if settle_tol is not None:
        dt_last = max(dts) if any(steps) else dt_max
        chunk = max(int(round(1.0 / dt_last)), 1)           # about 1 ps at a time
        while PM[-1] > settle_tol and state["t"] + 0.5 * dt_last < t_max:
            advance(min(chunk, max(int((t_max - state["t"]) / dt_last + 0.5), 1)), dt_last)
    return PacketRun(x_nm=x, V_eV=V, t_ps=t_out, psi=np.array(snaps), t_steps_ps=np.array(t_steps),
                     P_left=np.array(PL), P_inside=np.array(PM), P_right=np.array(PR),
                     dt_ps=float(max(dts) if any(steps) else dt_max), E_ref_eV=E_ref, mass_amu=m,
                     x_left_nm=xl, x_right_nm=xr, W_eV=W)


def _apply_H(psi, V, c):
    """H ψ with the Numerov kinetic term, computed as M⁻¹(-cδ²ψ) + Vψ (tridiagonal solve)."""
    n = psi.size
    lap = -2 * psi
    lap[1:] += psi[:-1]
    lap[:-1] += psi[1:]
    ab = np.zeros((3, n))
    ab[0, 1:] = 1 / 12
    ab[1, :] = 10 / 12
    ab[2, :-1] = 1 / 12
    return solve_banded((1, 1), ab, -c * lap) + V * psi


def transmitted_fraction(run):
    """(t_ps, P_T(t)): probability beyond ``run.x_right_nm`` (absorbed part included) at every step."""
    if not isinstance(run, PacketRun):
        raise ValueError(f"run must be a PacketRun from evolve_packet, got {type(run).__name__}")
    return run.t_steps_ps, run.P_right


def spectral_transmission(energy_eV, sigma_nm, mass_amu, x_nm, V_eV, n_k=401, n_sigma=8.0,
                          return_spectrum=False, min_weight=1e-16):
    """Stationary prediction for a Gaussian packet: ∫|φ(k)|² T(E(k)) dk.

    |φ(k)|² is the packet's momentum distribution (mean k₀ = sqrt(2m·energy)/ħ, standard deviation
    1/(2σ)); E(k) = V_left + ħ²k²/2m with V_left = ``V_eV[0]``; T from
    :func:`ionlib.transmission` on (``x_nm``, ``V_eV``). Components with k ≤ 0
    (never transmitted) are dropped; ``n_k`` points over k₀ ± ``n_sigma`` standard deviations,
    then refined around resonances (:func:`ionlib.transmission.refine_spectrum`) while an
    interval could still contribute more than ``min_weight`` to the integral (``None``: no
    refinement). Between two mouths T(E) has resonances far narrower than any fixed grid, which a
    fixed grid either misses (P too small) or lands on (P too large).
    With ``return_spectrum`` also returns (k, weights, E, T) on the refined grid.
    """
    from .transmission import refine_spectrum, transmission_with_phase
    m = _positive("mass_amu", mass_amu, "u")
    sigma = _positive("sigma_nm", sigma_nm, "nm")
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
    E = _positive("energy_kT", energy_kT, "k_BT") * thermal_energy_eV(T_K)
    m0 = get_ion(ion).mass_amu
    xs, Vs = sample_filter(0.0, n_x=2000, margin_nm=0.2, **params)
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
    m = _positive("mass_amu", mass_amu, "u")
    E = float(energy_eV)
    d = float(params.get("d_nm", 3.0))
    x = (np.arange(n) + 0.5) * d / n                  # midpoints: the edges themselves are excluded
    V = filter_potential(x, **params)
    V_edges = filter_potential(np.array([0.0, d]), **params)
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
    dx = _positive("dx_nm", dx_nm, "nm")
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
    V = filter_potential((x[:, None] + offs[None, :]).ravel(), U_mV, **params).reshape(n, n_sub).mean(axis=1)
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
                      t_end_ps=None, U_mV=0.0, **params):
    """A Gaussian packet of central kinetic energy ``energy_kT``·k_BT sent onto the filter from the left.

    The packet starts at x₀ = -6σ (its |ψ|² at the outer mouth is e⁻¹⁸ of its peak); the box spans
    [x₀ - 5σ - L, d + 0.5 nm + L] with absorbing layers of width L = 1 nm at both ends, whose
    strength absorbs the packet to e⁻¹⁵ in amplitude on one pass. Snapshots at ``t_snap_ps``
    (default: 6 evenly spaced up to ``t_end_ps``, whose default is the free arrival time at x = 0
    plus one classical transit time plus 6σ/v₀); after the last snapshot the run continues until
    less than the preset's ``settle_tol`` is left inside the filter, so that P_T is final.
    ``preset``: a key of :data:`PRESETS`. ``**params``: landscape parameters of
    :func:`ionlib.filter_potential`.
    """
    if preset not in PRESETS:
        raise ValueError(f"preset must be one of {sorted(PRESETS)}, got {preset!r}")
    sp = get_ion(ion)
    ekT = _positive("energy_kT", energy_kT, "k_BT")
    if ekT > 40:
        raise ValueError(f"energy_kT must be <= 40 (k_BT units), got {energy_kT!r}")
    sigma = _positive("sigma_nm", sigma_nm, "nm")
    if not 0.05 <= sigma <= 1.5:
        raise ValueError(f"sigma_nm must be between 0.05 and 1.5 nm, got {sigma_nm!r}")
    kT = thermal_energy_eV(T_K)
    E = ekT * kT
    m = sp.mass_amu
    d = float(params.get("d_nm", 3.0))
    cfg = PRESETS[preset]
    L_cap = 1.0
    x0 = -6 * sigma
    x, V = filter_grid(x0 - 5 * sigma - L_cap, d + 0.5 + L_cap, cfg["dx_nm"], U_mV=U_mV, **params)
    psi0 = gaussian_packet(x, x0, sigma, E, m)
    v0 = group_velocity_nm_per_ps(E, m)
    W0 = 15 * 3 * HBAR_EV_PS * v0 / (2 * L_cap)      # ∫W dx/(ħ v0) = 15 per pass
    t_arr = -x0 / v0
    tau_cl = classical_transit_time_ps(E, m, **params)
    if t_end_ps is None:
        tau = tau_cl if math.isfinite(tau_cl) else d / v0
        t_end = max(t_arr + tau + 6 * sigma / v0, 2 * t_arr)
    else:
        t_end = _positive("t_end_ps", t_end_ps, "ps")
    if t_snap_ps is None:
        t_snap = np.linspace(0.0, t_end, 6)
    else:
        t_snap = np.sort(np.atleast_1d(np.asarray(t_snap_ps, dtype=float)))
        t_snap = np.unique(np.concatenate((t_snap[t_snap < t_end], [t_end])))
    run = evolve_packet(x, V, psi0, m, t_snap, cap_width_nm=L_cap, cap_strength_eV=W0,
                        x_left_nm=0.0, x_right_nm=d, time_tol=cfg["time_tol"], E_ref_eV=E,
                        settle_tol=cfg["settle_tol"], t_max_ps=max(cfg["t_max_ps"], t_end))
    xs, Vs = sample_filter(U_mV, n_x=2000, margin_nm=0.2, **params)
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
    w = max(int(round(_positive("width_nm", width_nm, "nm") / dx_nm)), 1)
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
    xs, Vs = sample_filter(0.0, n_x=2000, margin_nm=0.2, **params)
    E = np.linspace(lo_kT, hi_kT, int(n)) * kT
    T = transmission(E, xs, Vs, sp.mass_amu)
    pk = np.where((T[1:-1] > T[:-2]) & (T[1:-1] >= T[2:]))[0] + 1
    h_eV_ps = 2 * math.pi * HBAR_EV_PS
    return E[pk], np.diff(E[pk]) / h_eV_ps
