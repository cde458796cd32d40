"""Exact 1D transmission through a sampled potential (Paper A, Eqs. 2–3), stable at any depth.

The potential is sampled at nodes x_0 <= x_1 <= ... <= x_{n-1} (nm). It is V_0 for x < x_0 and
V_{n-1} for x > x_{n-1}. Repeated nodes give zero-width intervals, so a true step is represented
exactly by two samples at the same x. Between steps the default scheme (``"magnus4"``)
interpolates the samples by a cubic spline and propagates each interval with the fourth-order
Magnus propagator (``ionlib.filter.magnus``; error O(h^4) in the spacing h); the
``"midpoint"`` scheme takes the constant (V_{i-1} + V_i)/2 on [x_{i-1}, x_i] (error O(h^2)).
Either way every interval becomes a piece with exact exponential solutions.

Within each piece the solution is a e^{ikx} + b e^{-ikx} with k = sqrt(2m(E-V))/hbar, Im k >= 0
(for a Magnus piece V is an effective level and psi'/psi carries an extra constant, see
:func:`_log_abs_t`).
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
from .magnus import magnus_pieces, midpoint_pieces

__all__ = ["transmission", "log10_transmission", "transmission_with_phase", "wavenumber_per_nm",
           "energy_from_velocity_eV", "velocity_from_energy_m_per_s", "SCHEMES"]

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
#: Schemes of :func:`transmission`: the default, fourth-order Magnus on a cubic spline of the
#: samples, and the second-order midpoint rule (for convergence comparisons).
SCHEMES = ("magnus4", "midpoint")


def _check_scheme(scheme):
    if scheme not in SCHEMES:
        raise ValueError(f"scheme must be one of {SCHEMES}, got {scheme!r}")
    return scheme


def _pieces(x, V, mass_amu, scheme):
    """Constant-coefficient pieces (level V_eV, length L_nm, log-derivative offset c in units of
    the wavenumber scale), reservoirs included as the first and last piece (L = 0, c = 0).
    Neighbouring pieces with the same level and no offset (flat stretches) are one piece."""
    if scheme == "midpoint":
        L, level, c = midpoint_pieces(x, V)
    else:
        L, level, c = magnus_pieces(x, V, _K_FACTOR ** 2 * mass_amu)
        c = c / (_K_FACTOR * math.sqrt(mass_amu))
    if len(L) > 1:                                  # merge runs of identical flat pieces (exact)
        same = (level[1:] == level[:-1]) & (c[1:] == 0) & (c[:-1] == 0)
        if np.any(same):
            start = np.concatenate(([True], ~same))
            run = np.cumsum(start) - 1
            L = np.bincount(run, weights=L)
            level, c = level[start], c[start]
    return (np.concatenate(([V[0]], level, [V[-1]])), np.concatenate(([0.0], L, [0.0])),
            np.concatenate(([0.0], c, [0.0])))


def _log_abs_t(E, x, V, mass_amu, scheme="magnus4"):
    """(log|t|, k_left, k_right, phase) for a flat array of energies E (eV).

    Right to left over the pieces, with wavenumbers in units of the scale sqrt(2m/hbar^2) (so that
    all factors are of order 1), piece j with wavenumber K_j, offset c_j and the next piece (to its
    right) with K', c', the reflection amplitude r = r_{j+1} becomes

        s_j = [(K_j + i dc)(1 + r) - K'(1 - r)] / [(K_j - i dc)(1 + r) + K'(1 - r)],  dc = c_j - c',
        r_j = s_j exp(2 i K_j L_j),      (1 + s_j)/(1 + r) = 2 K_j / denominator,

    a Möbius map r -> (P + Q r)/(G + D r) whose coefficients are computed for a block of pieces at
    once, into preallocated buffers; the loop over pieces then costs six array operations.
    ``prod`` collects the denominators, folded into the log once per block (far from overflow).
    """
    V_piece, L, c = _pieces(x, V, mass_amu, scheme)
    scale = _K_FACTOR * math.sqrt(mass_amu)
    # E within `floor` of a piece's level: K -> 0 makes the amplitude form lose digits (1 + s_j
    # cancels), so the kinetic energy there is moved to `floor` (1e-12 of the energy scale). The
    # shift moves T by ~1e-10 relative, the cancellation costs ~6 of 16 digits: both negligible.
    floor = 1e-12 * max(np.max(np.abs(E)), np.max(np.abs(V)), 1e-6)
    n, nE = len(V_piece), len(E)
    B = max(1, min(_BLOCK, n - 1))
    dE = np.empty((B + 1, nE))
    K = np.empty((B + 1, nE), complex)
    P, Q, G, D, X = (np.empty((B, nE), complex) for _ in range(5))

    E_sorted = np.sort(E)
    S_buf = np.empty((B + 1, nE))

    def wavenumbers(V_block, out):                  # K = sqrt(E - V): real or i kappa, Im K >= 0
        nb = len(V_block)
        d, s = dE[:nb], S_buf[:nb]
        np.subtract(E[None, :], V_block[:, None], out=d)
        i = np.clip(np.searchsorted(E_sorted, V_block), 1, nE - 1) if nE > 1 else np.zeros(nb, int)
        if np.any(np.minimum(np.abs(E_sorted[i] - V_block), np.abs(E_sorted[i - 1] - V_block)) < floor):
            d[np.abs(d) < floor] = floor            # only where some energy is that close
        np.abs(d, out=s)
        np.sqrt(s, out=s)
        re, im = out.real, out.imag
        np.multiply(s, d >= 0, out=re)
        np.subtract(s, re, out=im)
        return out

    k_right = wavenumbers(V_piece[-1:], K[:1])[0].copy()
    r = np.zeros(nE, complex)                       # no wave coming back from the right
    num, den, prod = np.empty_like(r), np.empty_like(r), np.empty_like(r)
    log_t = np.zeros(nE)
    phase = np.zeros(nE)                            # arg t minus the sum of Re(k_j) L_j
    for hi in range(n - 1, 0, -B):
        lo = max(0, hi - B)
        b = hi - lo
        Kb = wavenumbers(V_piece[lo:hi + 1], K[:b + 1])   # pieces lo..hi; Kb[i + 1] right of Kb[i]
        Kj, Kn = Kb[:-1], Kb[1:]
        Pb, Qb, Gb, Db, Eb = P[:b], Q[:b], G[:b], D[:b], X[:b]
        log_t -= scale * (Kj.imag.T @ L[lo:hi])    # decay of the evanescent pieces
        # e = exp(2 i K L): Im K >= 0, so |e| <= 1 never overflows (L = 0 for the reservoirs)
        np.multiply(Kj, (2j * scale) * L[lo:hi, None], out=Eb)
        np.exp(Eb, out=Eb)
        idc = (1j * (c[lo:hi] - c[lo + 1:hi + 1]))[:, None]
        np.add(Kj, Kn, out=Gb)
        np.subtract(Kj, Kn, out=Db)
        np.add(Db, idc, out=Pb)
        Pb *= Eb                                    # P = (K_j - K' + i dc) e
        np.add(Gb, idc, out=Qb)
        Qb *= Eb                                    # Q = (K_j + K' + i dc) e
        Gb -= idc                                   # G = K_j + K' - i dc
        Db -= idc                                   # D = K_j - K' - i dc
        prod.fill(1.0)
        for i in range(b - 1, -1, -1):
            np.multiply(Qb[i], r, out=num)
            num += Pb[i]
            np.multiply(Db[i], r, out=den)
            den += Gb[i]
            np.divide(num, den, out=r)              # r_j
            prod *= den
        prodK = np.prod(Kj, axis=0)
        log_t += np.log(np.abs(prodK)) - np.log(np.abs(prod))
        phase += np.angle(prodK) - np.angle(prod)
    log_t += (n - 1) * math.log(2.0)
    return log_t, scale * K[0], scale * k_right, phase


def log10_transmission(energy_eV, x_nm, V_eV, mass_amu, *, scheme="magnus4"):
    """log10 of :func:`transmission`; finite even where T underflows (-inf where T = 0 exactly,
    i.e. below the level of either reservoir)."""
    E, x, V, m = _check_inputs(energy_eV, x_nm, V_eV, mass_amu)
    _check_scheme(scheme)
    flat = np.atleast_1d(E).ravel()
    open_ = (flat > V[0]) & (flat > V[-1])
    out = np.full(flat.shape, -np.inf)
    if np.any(open_):
        log_t, k_left, k_right, _ = _log_abs_t(flat[open_], x, V, m, scheme)
        out[open_] = (2 * log_t + np.log(k_right.real / k_left.real)) / math.log(10)
    out = np.minimum(out, 0.0)   # round-off can give T = 1 + 1e-15
    return out.reshape(E.shape) if E.ndim else float(out[0])


def transmission(energy_eV, x_nm, V_eV, mass_amu, *, scheme="magnus4"):
    """Transmission probability T(E) of a particle of mass ``mass_amu`` (u), total energy
    ``energy_eV`` (eV, vectorised), incident from the left on the potential ``V_eV`` (eV) sampled at
    ``x_nm`` (nm). T includes the flux factor k_right/k_left and is 0 below either reservoir level.

    ``scheme="magnus4"`` (default): the samples are interpolated to fourth order (a not-a-knot
    cubic spline on each smooth stretch between doubled nodes, which stay exact steps) and each
    interval is propagated with the two-point Gauss–Legendre Magnus propagator
    (``ionlib.filter.magnus``); the error in T falls as h^4 with the sample spacing h.
    ``scheme="midpoint"``: the potential is the constant (V_{i-1} + V_i)/2 on each interval, an
    error O(h^2). Both are swept in the reflection-amplitude form (module docstring): nothing
    grows, deep tunnelling is exact in :func:`log10_transmission`, and T + R = 1 to round-off.
    """
    lg = log10_transmission(energy_eV, x_nm, V_eV, mass_amu, scheme=scheme)
    return np.power(10.0, lg)


def transmission_with_phase(energy_eV, x_nm, V_eV, mass_amu, *, scheme="magnus4"):
    """``(T, phase)``: :func:`transmission` and the multiple-reflection part of the phase of the
    transmission amplitude t, i.e. arg t minus the smooth propagation phase sum_j Re(k_j) L_j (rad,
    modulo 2 pi; 0 where T = 0). It jumps by about pi across a narrow resonance, which is how the
    thermal integral finds resonances that fall between its energy points. ``scheme`` as in
    :func:`transmission`."""
    E, x, V, m = _check_inputs(energy_eV, x_nm, V_eV, mass_amu)
    _check_scheme(scheme)
    flat = np.atleast_1d(E).ravel()
    open_ = (flat > V[0]) & (flat > V[-1])
    T, phase = np.zeros(flat.shape), np.zeros(flat.shape)
    if np.any(open_):
        log_t, k_left, k_right, ph = _log_abs_t(flat[open_], x, V, m, scheme)
        T[open_] = np.minimum(np.exp(2 * log_t) * k_right.real / k_left.real, 1.0)
        phase[open_] = ph
    return T.reshape(E.shape), phase.reshape(E.shape)
