"""Exact references for the stationary transmission: closed forms (step, rectangular barrier,
Eckart barrier) and an independent ODE integration, used to validate :mod:`ionlib.filter.transmission`."""
from __future__ import annotations

import math

import numpy as np
from scipy.integrate import solve_ivp

from .transmission import K_FACTOR, wavenumber_per_nm

__all__ = ["step_transmission", "rectangular_barrier_log10_transmission",
           "rectangular_barrier_transmission", "eckart_log_transmission", "eckart_transmission",
           "transmission_by_ode"]


def step_transmission(energy_eV, V0_eV, mass_amu):
    """Exact T = 4 k1 k2 / (k1 + k2)^2 of a potential step from 0 to ``V0_eV`` (0 below the step)."""
    E = np.asarray(energy_eV, dtype=float)
    k1 = wavenumber_per_nm(E, mass_amu)
    k2 = wavenumber_per_nm(E - V0_eV, mass_amu)
    T = np.where((E > 0) & (E > V0_eV), (4 * k1 * k2 / (k1 + k2) ** 2).real, 0.0)
    return T


def rectangular_barrier_log10_transmission(energy_eV, V0_eV, a_nm, mass_amu):
    """log10 T of a rectangular barrier of height ``V0_eV`` and width ``a_nm`` (exact, any depth).

    Below the top, T = 1 / (1 + V0^2 sinh^2(kappa a) / (4 E (V0 - E))); the sinh is handled in
    log form. Above it, sinh -> sin with the inner wavenumber.
    """
    E = np.atleast_1d(np.asarray(energy_eV, dtype=float))
    out = np.empty(E.shape)
    below = E < V0_eV
    above = ~below
    if np.any(below):
        Eb = E[below]
        kappa = wavenumber_per_nm(V0_eV - Eb, mass_amu).real
        x = kappa * a_nm
        log_sinh = x + np.log1p(-np.exp(-2 * x)) - math.log(2.0)
        log_ratio = 2 * log_sinh + 2 * math.log(V0_eV) - np.log(4 * Eb * (V0_eV - Eb))
        out[below] = -np.logaddexp(0.0, log_ratio) / math.log(10)
    if np.any(above):
        Ea = E[above]
        q = wavenumber_per_nm(Ea - V0_eV, mass_amu).real
        with np.errstate(divide="ignore", invalid="ignore"):
            s = np.sin(q * a_nm) ** 2 * V0_eV ** 2 / (4 * Ea * (Ea - V0_eV))
        s = np.where(np.isfinite(s), s, (a_nm * wavenumber_per_nm(V0_eV, mass_amu).real) ** 2 / 4)
        out[above] = -np.log10(1 + s)
    return out.reshape(np.shape(energy_eV)) if np.ndim(energy_eV) else float(out[0])


def rectangular_barrier_transmission(energy_eV, V0_eV, a_nm, mass_amu):
    """T of a rectangular barrier (see :func:`rectangular_barrier_log10_transmission`)."""
    return np.power(10.0, rectangular_barrier_log10_transmission(energy_eV, V0_eV, a_nm, mass_amu))


def eckart_log_transmission(energy_eV, V0_eV, w_nm, mass_amu):
    """Natural log of the exact T of the barrier V0 / cosh^2(x / w) (Eckart; Pöschl–Teller).

    T = sinh^2(pi k w) / (sinh^2(pi k w) + cosh^2((pi/2) sqrt(4 G - 1))), G = 2 m V0 w^2 / hbar^2,
    with cosh -> cos when 4 G < 1. Evaluated with logs, so that deep tunnelling does not overflow.
    """
    E = np.asarray(energy_eV, dtype=float)
    if np.any(E <= 0):
        raise ValueError("energy_eV must be > 0 (measured from the flat ends of the barrier)")
    a = math.pi * w_nm * wavenumber_per_nm(E, mass_amu).real
    log_sinh2 = 2 * (a + np.log1p(-np.exp(-2 * a)) - math.log(2.0))
    G = (w_nm * wavenumber_per_nm(V0_eV, mass_amu).real) ** 2      # 2 m V0 w^2 / hbar^2
    if 4 * G > 1:
        b = 0.5 * math.pi * math.sqrt(4 * G - 1)
        log_c2 = 2 * (b + math.log1p(math.exp(-2 * b)) - math.log(2.0))
    else:
        log_c2 = 2 * math.log(abs(math.cos(0.5 * math.pi * math.sqrt(1 - 4 * G))) + 1e-300)
    return -np.logaddexp(0.0, log_c2 - log_sinh2)


def eckart_transmission(energy_eV, V0_eV, w_nm, mass_amu):
    """Exact T of the barrier V0 / cosh^2(x / w) (see :func:`eckart_log_transmission`)."""
    return np.exp(eckart_log_transmission(energy_eV, V0_eV, w_nm, mass_amu))


# ----------------------------------------------------------------------------- Fig. 1 numbers


def transmission_by_ode(energy_eV, potential_eV, x_left_nm, x_right_nm, mass_amu, rtol=1e-10):
    """Independent check: T(E) by integrating psi'' = -(2m/hbar^2)(E - V(x)) psi with solve_ivp.

    ``potential_eV`` is a callable V(x_nm) -> eV, flat outside [x_left_nm, x_right_nm]. The
    transmitted wave e^{ik_R x} is integrated from the right edge to the left one and split there
    into incident and reflected parts. Meant for moderate barriers (the backward integration
    grows like the inverse tunnelling amplitude), one energy at a time.
    """
    E = float(energy_eV)
    m = float(mass_amu)
    V_L, V_R = float(potential_eV(x_left_nm)), float(potential_eV(x_right_nm))
    if E <= V_L or E <= V_R:
        return 0.0
    kL = K_FACTOR * math.sqrt(m * (E - V_L))
    kR = K_FACTOR * math.sqrt(m * (E - V_R))
    c2 = K_FACTOR ** 2 * m

    def rhs(x, y):
        psi, dpsi = y[0] + 1j * y[1], y[2] + 1j * y[3]
        d2 = -c2 * (E - float(potential_eV(x))) * psi
        return [dpsi.real, dpsi.imag, d2.real, d2.imag]

    y0 = [1.0, 0.0, 0.0, kR]                     # psi = 1, psi' = i kR at the right edge
    sol = solve_ivp(rhs, (x_right_nm, x_left_nm), y0, rtol=rtol, atol=1e-12, method="DOP853")
    psi = sol.y[0, -1] + 1j * sol.y[1, -1]
    dpsi = sol.y[2, -1] + 1j * sol.y[3, -1]
    # at x_left: psi = A e^{ikL x} + B e^{-ikL x}; amplitudes relative to that point
    A = 0.5 * (psi + dpsi / (1j * kL))
    return float(kR / kL / abs(A) ** 2)
