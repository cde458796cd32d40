"""Wave-packet solver: the time-dependent Schrödinger equation for an ion on a 1D potential (Eq. 1).

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

import numpy as np
from scipy.linalg import lapack, solve_banded

import ionlib._validate as check
from ..constants import AMU_KG, EV_J, HBAR_J_S, NM_M, PS_S
from .transmission import wavenumber_per_nm

__all__ = ["HBAR_EV_PS", "hbar2_over_2m_eV_nm2", "gaussian_packet", "packet_wavenumber_per_nm",
           "group_velocity_nm_per_ps", "choose_time_step", "absorbing_potential", "PacketRun",
           "evolve_packet", "transmitted_fraction"]

#: ħ in eV·ps.
HBAR_EV_PS = HBAR_J_S / EV_J / PS_S


def hbar2_over_2m_eV_nm2(mass_amu):
    """ħ²/(2m) in eV·nm² for a mass in u."""
    m = check.positive("mass_amu", mass_amu, "u")
    return HBAR_J_S ** 2 / (2 * m * AMU_KG) / EV_J / NM_M ** 2


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
    E = check.positive("energy_eV", energy_eV, "eV")
    return float(wavenumber_per_nm(E, check.positive("mass_amu", mass_amu, "u")).real)


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
    sigma = check.positive("sigma_nm", sigma_nm, "nm")
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
    dE = check.positive("energy_spread_eV", energy_spread_eV, "eV")
    tol = check.positive("tol", tol)
    return 2 * HBAR_EV_PS * math.sqrt(tol) / (n_sigma * dE)


def absorbing_potential(x_nm, width_nm, strength_eV):
    """W(x) ≥ 0 (eV): quadratic ramps W₀((x - x_s)/L)² over the last ``width_nm`` at both ends."""
    x, _ = _uniform_grid(x_nm)
    L = check.positive("cap_width_nm", width_nm, "nm", allow_zero=True)
    W0 = check.positive("cap_strength_eV", strength_eV, "eV", allow_zero=True)
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
    m = check.positive("mass_amu", mass_amu, "u")
    t_out = np.atleast_1d(np.asarray(t_ps, dtype=float))
    if t_out.ndim != 1 or not np.all(np.isfinite(t_out)) or np.any(t_out < 0) or np.any(np.diff(t_out) < 0):
        raise ValueError("t_ps must be finite, >= 0 and non-decreasing (ps)")
    if settle_tol is not None:
        settle_tol = check.positive("settle_tol", settle_tol)
        t_max = check.positive("t_max_ps", t_max_ps if t_max_ps is not None else math.inf, "ps")
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
        dt_max = choose_time_step(max(spread, 1e-9), tol=check.positive("time_tol", time_tol))
    else:
        dt_max = check.positive("dt_ps", dt_ps, "ps")

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
