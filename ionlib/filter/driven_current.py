"""Time-averaged thermal current through the Paper A filter under a THz field (Fig. A6).

Physics
-------
A field of amplitude E0 (V/m) and frequency f along the filter axis adds W(x) cos(2 pi f t) to the
landscape of :mod:`ionlib.filter.thermal`. Our assumption (exposed as ``field_region_nm``): the
field acts only between x = a and x = b (default the whole filter, a = 0, b = d) and is screened
outside, so W = Z e E0 (clip(x, a, b) - a): the outer bath is at rest and the inner bath oscillates
by Z e E0 (b - a) as a whole (an oscillating membrane voltage of amplitude E0 (b - a)). Each bath
keeps its Maxwell–Boltzmann supply of :func:`ionlib.thermal_current` in its own frame (its ions are
its own Floquet states, :mod:`ionlib.filter.floquet`), and an ion may leave in any sideband. The
time-averaged current is

    I = Z e S [ n_in v_T  Int T_out(E) e^{-(E - ZeU)/kT} dE/kT - n_out v_T Int T_in(E) e^{-E/kT} dE/kT ],

T_out (T_in) the total Floquet transmission from the inner (outer) bath at energy E. Without drive
T_out = T_in and this is :func:`ionlib.thermal_current`.

Construction (SPEC §8.2): I = thermal_current(U) + Delta I, where Delta I uses the driven and the
undriven transmissions on the *same* landscape and energy grid, both averaged over the comb of
Fabry–Pérot resonances between the filter's rims (:mod:`ionlib.filter._floquet_average`; resolving
the comb instead would take ~10^5 energies). Zero field gives thermal_current exactly.
Photon-assisted transport by ions that start below the higher bath level (E < max(0, ZeU)) is
left out: they would have to cross the whole barrier many k_BT higher (contributions < 1e-20).
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

import ionlib._validate as check
from ..constants import E_CHARGE_C, K_B_EV_PER_K, NM_M
from ..ions import get_ion
from . import thermal as th
from .energy_grid import energy_grid_eV, flux_integral
from ._floquet_sweep import (MAX_SIDEBANDS, check_truncation, converged_sidebands, floquet_pieces,
                             photon_energy_eV)
from ._floquet_average import CUT_WIDTH_NM, cut_window, resonance_averaged
from .potential import Landscape, as_landscape, bath_floor_eV

__all__ = ["driven_thermal_current", "driven_fluxes", "quasi_static_current", "quasi_static_fluxes",
           "second_order_response", "drive_profile_eV", "DRIVE_N_X", "DRIVE_SPAN_KT", "SECOND_ORDER_ALPHA",
           "DRIVE_N_ENERGY", "MAX_FIELD_V_PER_M", "MIN_FREQUENCY_THZ", "MAX_FREQUENCY_THZ",
           "SECOND_ORDER_MIN_THZ", "N_PHASE_RANGE", "clear_caches"]

#: Energies of the resonance-averaged thermal integrals (graded grid of :func:`energy_grid_eV`);
#: the averaged spectra are smooth, and 120 points give Delta I within ~1 % (Fig. A6 page).
DRIVE_N_ENERGY = 120
#: Samples of the landscape for the Floquet part. The drive is a staircase on the samples; where a
#: wave's k times the spacing h reaches pi, the staircase Bragg-reflects into sidebands (a pure
#: artefact). 1200 samples (h = 3.3 pm inside) keep k h < pi for K+ up to 0.47 eV of kinetic
#: energy, i.e. for all energies that carry thermal flux; 500 samples put the artefact inside
#: the thermal window and change the result by a factor 100 (Fig. A6 page).
DRIVE_N_X = 1200
#: Energies above the barrier top covered by the drive-induced integrals, in k_BT (the weight
#: beyond is e^-10 of that at the top; the Bragg limit of :data:`DRIVE_N_X` lies beyond 14 k_BT).
DRIVE_SPAN_KT = 10.0
#: Largest field accepted (V/m): 1e9 V/m drops 3 V across the filter.
MAX_FIELD_V_PER_M = 1e9
#: Frequencies accepted by the driven currents (THz). Below 0.01 THz the photon energy is under
#: 1.5e-3 k_BT: the resonance-averaged Floquet integrals need hundreds of sidebands there (minutes,
#: and more than MAX_SIDEBANDS for fields above ~1e5 V/m); :func:`quasi_static_current` is the
#: f -> 0 limit.
MIN_FREQUENCY_THZ = 0.01
MAX_FREQUENCY_THZ = 100.0


def _field(field_V_per_m):
    return check.real_scalar("field_V_per_m", field_V_per_m, 0.0, MAX_FIELD_V_PER_M, unit="V/m")


def _frequency(frequency_THz, name="frequency_THz", lo=MIN_FREQUENCY_THZ):
    return check.real_scalar(name, frequency_THz, lo, MAX_FREQUENCY_THZ, unit="THz")


def _checked(ion, U_mV, T_K):
    """(ion, U, T) validated as by :func:`ionlib.thermal_current` at one voltage; the landscape is
    the one of monovalent ions."""
    ion = get_ion(ion)
    if ion.charge != 1:
        raise ValueError(f"the filter landscape is defined for monovalent ions (charge 1), got {ion.charge}")
    U = check.real_scalar("U_mV", U_mV, -th.U_LIMIT_MV, th.U_LIMIT_MV, unit="mV")
    return ion, U, th.check_T_K(T_K)


def _sizes(n_energy, n_x, n_x_drive):
    return (check.count("n_energy", n_energy, 16, 100_000), check.count("n_x", n_x, 50, 1_000_000),
            check.count("n_x_drive", n_x_drive, 50, 20_000))


def _region(field_region_nm, d_nm):
    if field_region_nm is None:
        return 0.0, float(d_nm)
    return check.interval("field_region_nm", field_region_nm, 0.0, float(d_nm), unit="nm")


def drive_profile_eV(x_nm, field_V_per_m, charge=1, field_region_nm=None, d_nm=3.0):
    """W(x) = Z e E0 (clip(x, a, b) - a) in eV: the amplitude of the oscillating potential energy of
    an ion of charge number ``charge`` in a field ``field_V_per_m`` acting on [a, b] (nm);
    ``field_region_nm=None`` is the whole filter (0, ``d_nm``)."""
    x = check.real_array("x_nm", x_nm, unit="nm", min_size=0)
    E0 = check.real_scalar("field_V_per_m", field_V_per_m, -MAX_FIELD_V_PER_M, MAX_FIELD_V_PER_M, unit="V/m")
    Z = check.count("charge", charge, -10, 10)
    d = check.positive("d_nm", d_nm, "nm", upper=100.0)
    a, b = _region(field_region_nm, d)
    return Z * E0 * NM_M * (np.clip(x, a, b) - a)


def _drive_grid(U_mV, charge, T_K, n_energy, n_x, land):
    """(kT, E_lo, x, V, E): k_BT (eV), the higher bath level E_lo (eV), the landscape sampled for
    the Floquet part and the graded energy grid of the drive-induced integrals, E > E_lo (both
    reservoirs open), up to DRIVE_SPAN_KT above the barrier top."""
    kT = K_B_EV_PER_K * T_K
    E_lo = bath_floor_eV(U_mV, charge)
    x, V = land.nodes(U_mV, n_x)
    V_top = max(land.top_eV(U_mV, n_x), E_lo)
    E = energy_grid_eV(E_lo, V_top, kT, n_energy, span_above_kT=DRIVE_SPAN_KT)
    return kT, E_lo, x, V, E[E > E_lo]


def _cavity_cuts(pieces, x, land):
    """Cut positions and weights of the resonance average: a window around the filter's middle."""
    return cut_window(pieces, float(x[0]), 0.5 * land.d_nm, CUT_WIDTH_NM)


@lru_cache(maxsize=256)
def _averaged(U_mV, mass_amu, charge, T_K, field, f, region, N, n_energy, n_x, land):
    """Resonance-averaged flux integrals (G_in, G_out) on the grid, for the given drive and N."""
    kT, E_lo, x, V, E = _drive_grid(U_mV, charge, T_K, n_energy, n_x, land)
    W = drive_profile_eV(x, field, charge, region, land.d_nm)
    hw = float(photon_energy_eV(f))
    pieces = floquet_pieces(x, V, W, mass_amu)
    cuts, weights = _cavity_cuts(pieces, x, land)
    av = resonance_averaged(E, pieces, hw, N, mass_amu, cuts, weights)
    Eg = np.concatenate(([E_lo], E))
    G_in = flux_integral(np.concatenate(([0.0], av["left"])), Eg, E_lo, kT)
    G_out = flux_integral(np.concatenate(([0.0], av["right"])), Eg, E_lo, kT)
    return G_in, G_out


def _check_energies(U_mV, T_K, charge, n_x, land):
    """Where the thermal flux is carried: six energies from 0.5 k_BT below to 3 k_BT above the
    barrier top (above the higher bath level), on which the truncation N is chosen and checked."""
    kT = K_B_EV_PER_K * T_K
    E_lo = bath_floor_eV(U_mV, charge)
    V_top = max(land.top_eV(U_mV, n_x), E_lo)
    E = np.linspace(V_top - 0.5 * kT, V_top + 3.0 * kT, 6)
    return E[E > E_lo]


@lru_cache(maxsize=256)
def _sidebands_needed(U_mV, mass_amu, charge, T_K, field, f, region, n_x, land, n_explicit=None):
    """N for the drive: the smallest converged N (``n_explicit=None``), or ``n_explicit`` after the
    same convergence check as :func:`ionlib.driven_transmission` (ValueError if too small)."""
    x, V = land.nodes(U_mV, n_x)
    pieces = floquet_pieces(x, V, drive_profile_eV(x, field, charge, region, land.d_nm), mass_amu)
    E = _check_energies(U_mV, T_K, charge, n_x, land)
    hw = float(photon_energy_eV(f))
    if n_explicit is None:
        return converged_sidebands(E, pieces, hw, mass_amu)[0]
    check_truncation(E, pieces, hw, n_explicit, mass_amu)
    return n_explicit


def _door(ion, U_mV, T_K, c_in_mM, c_out_mM, area_nm2, field_region_nm, n_energy, n_x, n_x_drive, params):
    """Everything the driven-current functions validate, in one place: returns
    (ion, U, T, region, (n_energy, n_x, n_x_drive), landscape)."""
    ion, U, T = _checked(ion, U_mV, T_K)
    th.check_concentration_mM("c_in_mM", c_in_mM)
    th.check_concentration_mM("c_out_mM", c_out_mM)
    th.check_area_nm2(area_nm2)
    land = as_landscape(params)
    return ion, U, T, _region(field_region_nm, land.d_nm), _sizes(n_energy, n_x, n_x_drive), land


def driven_fluxes(U_mV, ion, c_in_mM, c_out_mM, T_K, area_nm2, field_V_per_m, frequency_THz,
                  field_region_nm=None, n_sidebands=None, n_energy=DRIVE_N_ENERGY, n_x=th.DEFAULT_N_X,
                  n_x_drive=DRIVE_N_X, **params):
    """The pieces of :func:`driven_thermal_current` at one voltage, as a dict: ``I_static_A``,
    ``dI_A`` (drive-induced change), ``I_A`` (their sum), ``dG_in``, ``dG_out`` (changes of the
    inward and outward flux integrals), ``G_static`` (resonance-averaged undriven integral) and
    ``n_sidebands`` (N used). An explicit ``n_sidebands`` is checked like in
    :func:`ionlib.driven_transmission` (on energies around the barrier top) and rejected with a
    ``ValueError`` if it is too small for the drive."""
    ion, U, T, region, (n_e, n_x, n_xd), land = _door(ion, U_mV, T_K, c_in_mM, c_out_mM, area_nm2,
                                                      field_region_nm, n_energy, n_x, n_x_drive, params)
    E0, f = _field(field_V_per_m), _frequency(frequency_THz)
    N_explicit = None if n_sidebands is None else check.count("n_sidebands", n_sidebands, 0, MAX_SIDEBANDS)
    I_static = th.thermal_current(U, ion, c_in_mM, c_out_mM, T, area_nm2, n_x=n_x, landscape=land)
    if E0 > 0:
        N = _sidebands_needed(U, ion.mass_amu, ion.charge, T, E0, f, region, n_xd, land, N_explicit)
    else:
        N = 0 if N_explicit is None else N_explicit
    G0_in, G0_out = _averaged(U, ion.mass_amu, ion.charge, T, 0.0, 1.0, region, 0, n_e, n_xd, land)
    Gd_in, Gd_out = _averaged(U, ion.mass_amu, ion.charge, T, E0, f, region, N, n_e, n_xd, land)
    dG_in, dG_out = Gd_in - G0_in, Gd_out - G0_out
    dI = _current_change(ion, U, T, c_in_mM, c_out_mM, area_nm2, dG_in, dG_out)
    return {"I_static_A": I_static, "dI_A": dI, "I_A": I_static + dI, "dG_in": dG_in,
            "dG_out": dG_out, "G_static": 0.5 * (G0_in + G0_out), "n_sidebands": N}


def driven_thermal_current(U_mV, ion, c_in_mM, c_out_mM, T_K, area_nm2, field_V_per_m, frequency_THz,
                           field_region_nm=None, n_sidebands=None, n_energy=DRIVE_N_ENERGY,
                           n_x=th.DEFAULT_N_X, n_x_drive=DRIVE_N_X, **params):
    """Time-averaged thermal current (A, positive outward) under a field E0 cos(2 pi f t) along the
    filter axis (module docstring).

    Parameters
    ----------
    U_mV, ion, c_in_mM, c_out_mM, T_K, area_nm2, n_x, **params
        As in :func:`ionlib.thermal_current` (``U_mV`` vectorised, within +-500 mV; T_K in
        [1, 1000] K; concentrations in [1e-6, 1e5] mM; area_nm2 in [1e-6, 1e6] nm^2).
    field_V_per_m : float
        Field amplitude E0 (V/m) inside the filter, in [0, 1e9]; 0 gives thermal_current exactly.
    frequency_THz : float
        Drive frequency f (THz), in [0.01, 100]; the f -> 0 limit is
        :func:`~ionlib.filter.driven_current.quasi_static_current`.
    field_region_nm : (a, b) or None
        Where the field acts (nm, 0 <= a < b <= d); None: the whole filter (0, d). Outside it is
        screened, so the inner bath oscillates by Z e E0 (b - a).
    n_sidebands : int or None
        Floquet truncation N in [0, 120]; None: the smallest N whose sideband probabilities near
        the barrier top are converged (``ionlib.filter.floquet.converged_sidebands``). An explicit
        N passes the same check or raises ``ValueError``. A drive whose gauge amplitude
        E0 (b - a)/(h f) exceeds 120 needs more sidebands than allowed: ``ValueError`` at once.
        Cost and the practical lower frequency: the resonance average costs ~(2N + 1)^3, and N
        grows steeply once hf approaches the spacing of the filter's comb (~0.1 THz for K+):
        K+ at 1e6 V/m needs N = 10 at 0.2 THz but N = 63 at 0.1 THz (choosing N alone takes
        ~100 s there, the current by that scaling an estimated hour or more); 1e7 V/m needs
        N = 6 at 1 THz and N = 27 at 0.375 THz (4-12 min on 2 shared cores). Below ~0.2 THz at
        1e6 V/m (~0.4 THz at 1e7 V/m) use
        :func:`~ionlib.filter.driven_current.second_order_response` (exact to order E0^2, down
        to 0.01 THz) or :func:`~ionlib.filter.driven_current.quasi_static_current` (f -> 0);
        ``benchmarks/bench_floquet.py`` times N.
    n_energy : int
        Energies of the resonance-averaged integrals (``DRIVE_N_ENERGY``), in [16, 1e5].
    n_x_drive : int
        Landscape samples of the Floquet part (``DRIVE_N_X``), in [50, 20000].
    """
    U = th.check_U_mV(U_mV)
    out = np.array([driven_fluxes(float(u), ion, c_in_mM, c_out_mM, T_K, area_nm2, field_V_per_m,
                                  frequency_THz, field_region_nm, n_sidebands, n_energy, n_x,
                                  n_x_drive, **params)["I_A"] for u in U.ravel()]).reshape(U.shape)
    return float(out) if np.ndim(U_mV) == 0 else out


#: Gauge amplitude max(W)/hf of the second-order scans: small enough that one sideband on each
#: side gives the E0^2 term (the next, E0^4, is ~alpha^2 = 2.5e-3 relative), large enough that
#: Delta G stays far above round-off at every frequency.
SECOND_ORDER_ALPHA = 0.05


@lru_cache(maxsize=64)
def _second_order(U_mV, mass_amu, charge, T_K, freqs, region, n_energy, n_x, land):
    """(dG_in, dG_out) / E0^2 per frequency (arrays), all frequencies in one batched sweep with one
    sideband each side and a field per frequency giving max(W)/hf = SECOND_ORDER_ALPHA."""
    kT, E_lo, x, V, E = _drive_grid(U_mV, charge, T_K, n_energy, n_x, land)
    W1 = drive_profile_eV(x, 1.0, charge, region, land.d_nm)        # per V/m
    hw = photon_energy_eV(np.array(freqs))
    field = SECOND_ORDER_ALPHA * hw / np.max(np.abs(W1))          # V/m, one per frequency
    pieces = floquet_pieces(x, V, W1 * field[0], mass_amu)
    cuts, weights = _cavity_cuts(pieces, x, land)
    nF, nE = len(freqs), E.size
    av = resonance_averaged(np.tile(E, nF), pieces, np.repeat(hw, nE), 1, mass_amu, cuts, weights,
                            drive_scale=np.repeat(field / field[0], nE))
    G0_in, G0_out = _averaged(U_mV, mass_amu, charge, T_K, 0.0, 1.0, region, 0, n_energy, n_x, land)
    Eg = np.concatenate(([E_lo], E))
    out = []
    for key, G0 in (("left", G0_in), ("right", G0_out)):
        T = av[key].reshape(nF, nE)
        G = np.array([flux_integral(np.concatenate(([0.0], Tf)), Eg, E_lo, kT) for Tf in T])
        out.append((G - G0) / field ** 2)
    return out[0], out[1]


#: Lowest frequency of :func:`second_order_response` (THz). Its field is chosen so that
#: max(W)/hf = SECOND_ORDER_ALPHA, i.e. proportional to f. Measured against a full Floquet
#: calculation at a weak field (K+, 0 mV, 120 energies): 0.03 % off at 0.03 THz, 0.25 % at 0.005,
#: 1 % at 0.002, 3 % at 0.001 THz, and below ~3e-4 THz the result is an artefact growing as f^-2
#: (6.9x the quasi-static response at 1e-4 THz). The physical response approaches the quasi-static
#: (f -> 0) value slowly: 28 % of it at 0.01 THz, 78 % at 0.001 THz (tests/filter/test_driven_current.py).
SECOND_ORDER_MIN_THZ = MIN_FREQUENCY_THZ


def second_order_response(U_mV, ion, c_in_mM, c_out_mM, T_K, frequencies_THz, area_nm2=1.0,
                          field_region_nm=None, n_energy=DRIVE_N_ENERGY, n_x=th.DEFAULT_N_X,
                          n_x_drive=DRIVE_N_X, **params):
    """The weak-field response of the current at many frequencies at once, computed like
    ``driven_fluxes`` with one sideband on each side (exact to order E0^2) in one batched sweep.

    ``frequencies_THz``: 1 to 10000 frequencies in [0.01, 100] THz (for f -> 0 use
    :func:`quasi_static_current`). Returns a dict: ``dI_per_E2_A`` (Delta I / E0^2 in A (m/V)^2,
    one per frequency), ``I_static_A`` (thermal_current at U) and ``dI_over_I_per_E2`` (their
    ratio, (m/V)^2), so that Delta I / I = dI_over_I_per_E2 * E0^2 while the field is weak enough
    for the second order (``driven_fluxes`` gives any field)."""
    ion, U, T, region, (n_e, n_x, n_xd), land = _door(ion, U_mV, T_K, c_in_mM, c_out_mM, area_nm2,
                                                      field_region_nm, n_energy, n_x, n_x_drive, params)
    f = check.real_array("frequencies_THz", frequencies_THz, SECOND_ORDER_MIN_THZ, MAX_FREQUENCY_THZ,
                         unit="THz", max_size=10_000)
    if f.ndim > 1:
        raise ValueError(f"frequencies_THz must be a number or a 1-D list of frequencies, got shape {f.shape}")
    f = np.atleast_1d(f)
    dG_in, dG_out = _second_order(U, ion.mass_amu, ion.charge, T, tuple(float(v) for v in f), region,
                                  n_e, n_xd, land)
    I_static = th.thermal_current(U, ion, c_in_mM, c_out_mM, T, area_nm2, n_x=n_x, landscape=land)
    dI = np.array([_current_change(ion, U, T, c_in_mM, c_out_mM, area_nm2, a, b) for a, b in zip(dG_in, dG_out)])
    return {"dI_per_E2_A": dI, "I_static_A": I_static, "dI_over_I_per_E2": dI / I_static}


@lru_cache(maxsize=256)
def _quasi_static(U_mV, mass_amu, charge, T_K, field, region, n_phase, n_energy, n_x, land):
    """Phase-averaged resonance-averaged flux integrals (G_in, G_out) of the instantaneous
    landscapes V + W cos(phi), on the grid of :func:`_averaged` (trapezoid rule in phi)."""
    kT, E_lo, x, V, E = _drive_grid(U_mV, charge, T_K, n_energy, n_x, land)
    W = drive_profile_eV(x, field, charge, region, land.d_nm)
    T_in, T_out = np.zeros(E.size), np.zeros(E.size)
    for phi in 2 * np.pi * np.arange(n_phase) / n_phase:
        Vp = V + W * math.cos(phi)
        pieces = floquet_pieces(x, Vp, np.zeros_like(x), mass_amu)
        cuts, weights = _cavity_cuts(pieces, x, land)
        lo = max(Vp[0], Vp[-1])
        for key, E_lab, acc in (("left", E, T_in), ("right", E + W[-1] * math.cos(phi), T_out)):
            ok = E_lab > lo
            if np.any(ok):
                acc[ok] += resonance_averaged(E_lab[ok], pieces, 1.0, 0, mass_amu, cuts, weights)[key] / n_phase
    Eg = np.concatenate(([E_lo], E))
    return (flux_integral(np.concatenate(([0.0], T_in)), Eg, E_lo, kT),
            flux_integral(np.concatenate(([0.0], T_out)), Eg, E_lo, kT))


#: Phases of the quasi-static average: at least 4 (the trapezoid rule on a periodic function;
#: 12 resolve the default fields to < 1e-3), at most 1000.
N_PHASE_RANGE = (4, 1000)


def quasi_static_fluxes(U_mV, ion, c_in_mM, c_out_mM, T_K, area_nm2, field_V_per_m, field_region_nm=None,
                        n_phase=12, n_energy=DRIVE_N_ENERGY, n_x=th.DEFAULT_N_X, n_x_drive=DRIVE_N_X, **params):
    """The adiabatic (f -> 0) limit of :func:`driven_fluxes`: each ion crosses the landscape frozen at
    the drive's phase phi, V + W cos(phi) (an ion from the inner bath arrives with its energy
    shifted by the bath's W cos(phi)), and the static currents are averaged over phi (``n_phase``
    equally spaced phases in [4, 1000], the trapezoid rule). Built exactly like
    :func:`driven_fluxes`: the resonance-averaged integrals on the same grid, their change added to
    thermal_current(U). Returns a dict with ``I_static_A``, ``dI_A``, ``I_A``."""
    ion, U, T, region, (n_e, n_x, n_xd), land = _door(ion, U_mV, T_K, c_in_mM, c_out_mM, area_nm2,
                                                      field_region_nm, n_energy, n_x, n_x_drive, params)
    E0 = _field(field_V_per_m)
    n_ph = check.count("n_phase", n_phase, *N_PHASE_RANGE)
    I_static = th.thermal_current(U, ion, c_in_mM, c_out_mM, T, area_nm2, n_x=n_x, landscape=land)
    G0_in, G0_out = _averaged(U, ion.mass_amu, ion.charge, T, 0.0, 1.0, region, 0, n_e, n_xd, land)
    Gq_in, Gq_out = _quasi_static(U, ion.mass_amu, ion.charge, T, E0, region, n_ph, n_e, n_xd, land)
    dI = _current_change(ion, U, T, c_in_mM, c_out_mM, area_nm2, Gq_in - G0_in, Gq_out - G0_out)
    return {"I_static_A": I_static, "dI_A": dI, "I_A": I_static + dI}


def clear_caches():
    """Empty this module's caches (and the thermal ones): benchmarks time cold calls."""
    for cached in (_averaged, _sidebands_needed, _second_order, _quasi_static):
        cached.cache_clear()
    th.clear_caches()


def _current_change(ion, U, T, c_in_mM, c_out_mM, area_nm2, dG_in, dG_out):
    """Z e S (n_in v_T e^{(ZeU - E_lo)/kT} dG_out - n_out v_T e^{-E_lo/kT} dG_in) in A."""
    kT = K_B_EV_PER_K * T
    ZeU = ion.charge * 1e-3 * U
    E_lo = max(0.0, ZeU)
    vT = th.thermal_velocity_m_per_s(ion, T)
    S_m2 = float(area_nm2) * NM_M ** 2
    return float(ion.charge * E_CHARGE_C * S_m2 * vT
                 * (th.number_density_per_m3(c_in_mM) * math.exp((ZeU - E_lo) / kT) * dG_out
                    - th.number_density_per_m3(c_out_mM) * math.exp(-E_lo / kT) * dG_in))


def quasi_static_current(U_mV, ion, c_in_mM, c_out_mM, T_K, area_nm2, field_V_per_m, model="quantum",
                         n_phase=12, **params):
    """Adiabatic (f -> 0) limit of :func:`ionlib.driven_thermal_current` (A). ``model="quantum"``:
    ``quasi_static_fluxes`` (same module). ``model="classical"``: the same landscape's classical
    step in both directions; for the default field region the frozen landscape is the filter at
    U + E0 d cos(phi), so this is :func:`ionlib.thermal_current` (classical, a closed form)
    averaged over ``n_phase`` phases (in [4, 1000])."""
    model = check.one_of("model", model, th.MODELS)
    U = th.check_U_mV(U_mV)
    if model == "quantum":
        out = np.array([quasi_static_fluxes(float(u), ion, c_in_mM, c_out_mM, T_K, area_nm2, field_V_per_m,
                                            n_phase=n_phase, **params)["I_A"] for u in U.ravel()]).reshape(U.shape)
        return float(out) if np.ndim(U_mV) == 0 else out
    E0 = _field(field_V_per_m)
    n_ph = check.count("n_phase", n_phase, *N_PHASE_RANGE)
    land = as_landscape(params)
    dU = 1e3 * E0 * land.d_nm * NM_M                 # mV
    phi = 2 * math.pi * np.arange(n_ph) / n_ph
    Us = U[..., None] + dU * np.cos(phi)
    if np.any(np.abs(Us) > th.U_LIMIT_MV):
        raise ValueError(f"field_V_per_m = {E0:g} V/m swings the voltage by +-{dU:g} mV: U_mV +- that swing "
                         f"must stay within +-{th.U_LIMIT_MV:g} mV")
    I = th.thermal_current(Us.ravel(), ion, c_in_mM, c_out_mM, T_K, area_nm2, model="classical", landscape=land)
    out = np.asarray(I).reshape(Us.shape).mean(axis=-1)
    return float(out) if np.ndim(U_mV) == 0 else out
