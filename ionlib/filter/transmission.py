"""Exact 1D transmission through a sampled potential (Paper A, Eqs. 2–3), stable at any depth.

The potential is sampled at nodes x_0 <= x_1 <= ... <= x_{n-1} (nm). It is V_0 for x < x_0, V_{n-1}
for x > x_{n-1}, and on each interval [x_{i-1}, x_i] the constant (V_{i-1} + V_i)/2 (midpoint rule;
the error in T falls as the square of the spacing for smooth potentials). Repeated nodes give
zero-width intervals, so a true step is represented exactly by two samples at the same x.

Within each piece the solution is a e^{ikx} + b e^{-ikx} with k = sqrt(2m(E-V))/hbar, Im k >= 0.
Paper A multiplies 2x2 transfer matrices on (psi, psi'); in a barrier those matrices contain
e^{+kappa L} and overflow once the barrier is thick (kappa L of a few hundred). We carry the same
matching conditions in the equivalent *reflection-amplitude* form, sweeping from right to left:

    s_j = [k_j (1 + r_{j+1}) - k_{j+1} (1 - r_{j+1})] / [k_j (1 + r_{j+1}) + k_{j+1} (1 - r_{j+1})]
    r_j = s_j exp(2 i k_j L_j)          (|exp(2ikL)| <= 1: nothing grows)

and accumulate log|t| = sum_j [-Im(k_j) L_j + log|(1 + s_j)/(1 + r_{j+1})|], where
(1 + s_j)/(1 + r_{j+1}) = 2 k_j / (denominator of s_j). Then
T = (k_R / k_L) |t|^2 = exp(2 log|t|) k_R/k_L, which underflows gracefully to 0 instead of
overflowing, and :func:`log10_transmission` returns the logarithm itself.
"""
from __future__ import annotations

import math

import numpy as np

from ..constants import AMU_KG, EV_J, HBAR_J_S, NM_M

__all__ = ["transmission", "log10_transmission", "transmission_with_phase", "wavenumber_per_nm",
           "energy_from_velocity_eV", "velocity_from_energy_m_per_s"]

#: k (1/nm) = _K_FACTOR * sqrt(m_amu * E_eV)
_K_FACTOR = math.sqrt(2 * AMU_KG * EV_J) / HBAR_J_S * NM_M


def wavenumber_per_nm(energy_eV, mass_amu):
    """Wavenumber k = sqrt(2 m E)/hbar (1/nm) of kinetic energy ``energy_eV``; imaginary (i kappa)
    where the energy is negative."""
    return _K_FACTOR * np.sqrt(mass_amu * (np.asarray(energy_eV, dtype=float) + 0j))


def energy_from_velocity_eV(v_m_per_s, mass_amu):
    """Kinetic energy m v^2 / 2 in eV of a particle of mass ``mass_amu`` at speed ``v_m_per_s``."""
    v = np.asarray(v_m_per_s, dtype=float)
    return 0.5 * mass_amu * AMU_KG * v ** 2 / EV_J


def velocity_from_energy_m_per_s(energy_eV, mass_amu):
    """Speed (m/s) of a particle of mass ``mass_amu`` with kinetic energy ``energy_eV`` (>= 0)."""
    E = np.asarray(energy_eV, dtype=float)
    if np.any(E < 0):
        raise ValueError("energy_eV must be >= 0 (a kinetic energy)")
    return np.sqrt(2 * E * EV_J / (mass_amu * AMU_KG))


def _check_inputs(energy_eV, x_nm, V_eV, mass_amu):
    E = np.asarray(energy_eV, dtype=float)
    x = np.asarray(x_nm, dtype=float)
    V = np.asarray(V_eV, dtype=float)
    if not (isinstance(mass_amu, (int, float, np.floating, np.integer)) and math.isfinite(mass_amu)
            and mass_amu > 0):
        raise ValueError(f"mass_amu must be a positive finite mass in u, got {mass_amu!r}")
    if x.ndim != 1 or x.size < 1 or V.shape != x.shape:
        raise ValueError(f"x_nm and V_eV must be 1D arrays of the same length >= 1, "
                         f"got shapes {x.shape} and {V.shape}")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(V))):
        raise ValueError("x_nm and V_eV must be finite")
    if np.any(np.diff(x) < 0):
        raise ValueError("x_nm must be non-decreasing (repeated points make an exact step)")
    if not np.all(np.isfinite(E)):
        raise ValueError("energy_eV must be finite")
    return E, x, V, float(mass_amu)


_BLOCK = 32   # pieces per vectorised block in _log_abs_t


def _log_abs_t(E, x, V, mass_amu):
    """(log|t|, k_left, k_right) for a flat array of energies E (eV).

    The loop over pieces is written with in-place array operations (it is the hot loop of the
    thermal integrals); ``prod`` collects the factors 2 k_j / den_j and is folded into the log
    every 32 pieces, which keeps it far from overflow and underflow.
    """
    V_piece = np.concatenate(([V[0]], 0.5 * (V[1:] + V[:-1]), [V[-1]]))   # n + 1 pieces
    L = np.concatenate(([0.0], np.diff(x), [0.0]))                        # nm; ends unused
    keep = np.ones(len(L), bool)
    keep[1:-1] = L[1:-1] > 0                        # zero-width pieces only mark a step: drop
    V_piece, L = V_piece[keep], L[keep]
    scale = _K_FACTOR * math.sqrt(mass_amu)
    # E within `floor` of a piece's level: k -> 0 makes the amplitude form lose digits (1 + s_j
    # cancels), so the kinetic energy there is moved to `floor` (1e-12 of the energy scale). The
    # shift moves T by ~1e-10 relative, the cancellation costs ~6 of 16 digits: both negligible.
    floor = 1e-12 * max(np.max(np.abs(E)), np.max(np.abs(V)), 1e-6)

    def wavenumbers(V_block):                       # shape (pieces, energies), Im k >= 0
        dE = E[None, :].astype(complex) - V_block[:, None]
        dE[np.abs(dE) < floor] = floor
        k = np.sqrt(dE)
        k *= scale
        return k

    k_right = wavenumbers(V_piece[-1:])[0]
    k_next = k_right
    r = np.zeros(E.shape, complex)                  # no wave coming back from the right
    log_t = np.zeros(E.shape)
    phase = np.zeros(E.shape)                       # arg t minus the WKB-like sum of Re(k_j) L_j
    prod = np.ones(E.shape, complex)
    a, b, den = np.empty_like(r), np.empty_like(r), np.empty_like(r)
    # Pieces are handled in blocks of _BLOCK (right to left): k and exp(2 i k L) of a block are
    # computed in one vectorised call, which keeps the loop cheap for few energies and the memory
    # bounded for many. Im k >= 0, so exp(2 i k L) <= 1 never overflows (L = 0 for piece 0).
    for hi in range(len(V_piece) - 1, 0, -_BLOCK):
        lo = max(0, hi - _BLOCK)
        K = wavenumbers(V_piece[lo:hi])
        log_t -= K.imag.T @ L[lo:hi]                # decay of the evanescent pieces
        propagate = np.exp(2j * K * L[lo:hi, None])
        for j in range(hi - 1, lo - 1, -1):
            k_j = K[j - lo]
            np.add(r, 1.0, out=a)
            a *= k_j                                # a = k_j (1 + r_{j+1})
            np.subtract(1.0, r, out=b)
            b *= k_next                             # b = k_{j+1} (1 - r_{j+1})
            np.add(a, b, out=den)
            np.subtract(a, b, out=a)
            a /= den                                # s_j
            np.divide(k_j, den, out=den)
            prod *= den                             # (1 + s_j)/(1 + r_{j+1}) = 2 k_j / den
            np.multiply(a, propagate[j - lo], out=r)  # r_j = s_j exp(2 i k_j L_j)
            if j % 32 == 0:
                log_t += np.log(np.abs(prod))
                phase += np.angle(prod)
                prod.fill(1.0)
            k_next = k_j
    log_t += np.log(np.abs(prod)) + (len(V_piece) - 1) * math.log(2.0)
    phase += np.angle(prod)
    return log_t, k_next, k_right, phase


def log10_transmission(energy_eV, x_nm, V_eV, mass_amu):
    """log10 of :func:`transmission`; finite even where T underflows (-inf where T = 0 exactly,
    i.e. below the level of either reservoir)."""
    E, x, V, m = _check_inputs(energy_eV, x_nm, V_eV, mass_amu)
    flat = np.atleast_1d(E).ravel()
    open_ = (flat > V[0]) & (flat > V[-1])
    out = np.full(flat.shape, -np.inf)
    if np.any(open_):
        log_t, k_left, k_right, _ = _log_abs_t(flat[open_], x, V, m)
        out[open_] = (2 * log_t + np.log(k_right.real / k_left.real)) / math.log(10)
    out = np.minimum(out, 0.0)   # round-off can give T = 1 + 1e-15
    return out.reshape(E.shape) if E.ndim else float(out[0])


def transmission(energy_eV, x_nm, V_eV, mass_amu):
    """Exact transmission probability T(E) of a particle of mass ``mass_amu`` (u), total energy
    ``energy_eV`` (eV, vectorised), incident from the left on the potential ``V_eV`` (eV) sampled at
    ``x_nm`` (nm). T includes the flux factor k_right/k_left and is 0 below either reservoir level.
    """
    lg = log10_transmission(energy_eV, x_nm, V_eV, mass_amu)
    return np.power(10.0, lg)


def transmission_with_phase(energy_eV, x_nm, V_eV, mass_amu):
    """``(T, phase)``: :func:`transmission` and the multiple-reflection part of the phase of the
    transmission amplitude t, i.e. arg t minus the smooth propagation phase sum_j Re(k_j) L_j (rad,
    modulo 2 pi; 0 where T = 0). It jumps by about pi across a narrow resonance, which is how the
    thermal integral finds resonances that fall between its energy points."""
    E, x, V, m = _check_inputs(energy_eV, x_nm, V_eV, mass_amu)
    flat = np.atleast_1d(E).ravel()
    open_ = (flat > V[0]) & (flat > V[-1])
    T, phase = np.zeros(flat.shape), np.zeros(flat.shape)
    if np.any(open_):
        log_t, k_left, k_right, ph = _log_abs_t(flat[open_], x, V, m)
        T[open_] = np.minimum(np.exp(2 * log_t) * k_right.real / k_left.real, 1.0)
        phase[open_] = ph
    return T.reshape(E.shape), phase.reshape(E.shape)
