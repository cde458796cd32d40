"""Thermal ionic current through the Paper A filter: Eq. (4) of Zhou et al., reversal potentials.

Physics (SPEC §2 conventions)
-----------------------------
x = 0 is the extracellular mouth, x = d the intracellular one; U = V_in - V_out, so a cation of
charge Ze has potential energy 0 in the outer reservoir and ZeU in the inner one. Current is
positive **outward**.

Each reservoir supplies ions with a one-dimensional Maxwell–Boltzmann flux. An ion leaving the
inner reservoir with velocity v has total energy E = ZeU + mv²/2; an ion leaving the outer
reservoir has E = mv²/2. By reciprocity the transmission is the same function P(E) of the total
energy in both directions, and it vanishes below E_lo = max(0, ZeU) (an ion below E_lo is
evanescent in one reservoir). Writing the 1D flux as an energy integral,

    J_out = n_in  / sqrt(2 pi m kT) * exp(+ZeU/kT) * Int_{E_lo}^inf P(E) exp(-E/kT) dE
    J_in  = n_out / sqrt(2 pi m kT) *                Int_{E_lo}^inf P(E) exp(-E/kT) dE
    I     = Ze S (J_out - J_in)                                           (Eq. 4, "directional")

Both directions share one integral, so I = 0 at exactly n_in exp(ZeU/kT) = n_out, the Nernst
potential, *for any transmission function*: the Nernst agreement of Fig. 4 is detailed balance,
not a test of tunnelling. We write the shared integral as

    G(U) = Int_{E_lo}^inf P(E) exp(-(E - E_lo)/kT) dE/kT      (dimensionless, 0 <= G <= 1)

so that no exponential can overflow:
J_out = n_in v_T exp((ZeU - E_lo)/kT) G, J_in = n_out v_T exp(-E_lo/kT) G, v_T = sqrt(kT/2 pi m).

The **literal** reading of Eq. (4), with one P_T(v) and one f(v) for both directions (velocity
and transmission referred to the outer reservoir), gives I = Ze S (n_in - n_out) v_T
exp(-E_lo/kT) G: its sign is that of n_in - n_out at every voltage, so it has no reversal
potential unless the concentrations are equal.

Models
------
``model="quantum"``   P(E) = ionlib.transmission on ionlib.filter_potential(x, U) (exact 1D).
``model="classical"`` P(E) = step at the barrier top V_top(U) = max of the same sampled landscape,
                      in both directions; then G = exp(-(V_top - E_lo)/kT) in closed form.
callable              any ``P(energy_eV, U_mV) -> array`` of the *total* energy (tests, demos).
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from scipy.optimize import brentq

import ionlib._validate as check
from .energy_grid import (DEFAULT_N_ENERGY, energy_grid_eV, flux_integral, REFINE_MIN_N,
                          refine_thermal_grid)
from .potential import Landscape, as_landscape, bath_floor_eV, clear_landscape_cache
from ..constants import AVOGADRO_PER_MOL, E_CHARGE_C, K_B_EV_PER_K, K_B_J_PER_K, NM_M
from ..ions import get_ion

__all__ = [
    "nernst_potential", "thermal_current", "reversal_potential", "directional_fluxes",
    "iv_curve", "thermal_velocity_m_per_s",
    "number_density_per_m3", "landscape", "barrier_top_eV", "sub_barrier_share",
    "quantum_spectrum", "shared_integral", "clear_caches", "check_U_mV", "check_T_K", "check_model",
    "check_concentration_mM", "check_area_nm2", "CONCENTRATION_RANGE_MM", "AREA_RANGE_NM2",
    "MODELS", "READINGS", "DEFAULT_N_ENERGY", "WIDGET_N_ENERGY", "DEFAULT_N_X", "U_LIMIT_MV", "T_RANGE_K",
]

MODELS = ("quantum", "classical")
READINGS = ("directional", "literal")

#: Energy points of the thermal integral (half below, half above the barrier top); see
#: Coarser grid for interactive panels (redraw speed); accuracy of G about 1-2 % (see the
#: convergence figure of the Fig. 5 page). Reversal potentials do not depend on it.
WIDGET_N_ENERGY = 600
#: Samples of the filter landscape handed to ``ionlib.transmission``. A K+ ion near the top has
#: a wavelength of ~0.01-0.03 nm, which the fourth-order scheme resolves from ~800 samples on: G
#: is then within ~1e-4 of its converged value (the midpoint rule at 600: ~1e-3, see the methods
#: page). At 600 the fourth-order scheme is not yet in its asymptotic regime and the energy-grid
#: convergence of the Fig. A5 page scatters by 0.3 %.
DEFAULT_N_X = 800

#: Largest membrane potential (magnitude, mV) of the thermal-current functions.
U_LIMIT_MV = 500.0
#: Temperatures (K) the thermal-current functions accept.
T_RANGE_K = (1.0, 1000.0)


# ----------------------------------------------------------------------------- input checks
def check_T_K(T_K):
    """A temperature in :data:`T_RANGE_K` (K), as float; ValueError/TypeError otherwise."""
    return check.real_scalar("T_K", T_K, *T_RANGE_K, unit="K")


def check_U_mV(U_mV, name="U_mV"):
    """Voltage(s) within +-:data:`U_LIMIT_MV` mV as a float array (0-d for a scalar)."""
    return check.real_array(name, U_mV, -U_LIMIT_MV, U_LIMIT_MV, unit="mV", max_size=100_000)


def check_model(model):
    """``"quantum"``, ``"classical"`` or a callable ``P(energy_eV, U_mV)``."""
    if callable(model):
        return model
    return check.one_of("model", model, MODELS)


#: Concentrations (mM) and cross-sections S (nm^2) the current functions accept.
CONCENTRATION_RANGE_MM = (1e-6, 1e5)
AREA_RANGE_NM2 = (1e-6, 1e6)


def check_concentration_mM(name, c_mM):
    """A concentration in :data:`CONCENTRATION_RANGE_MM` (mM), as float."""
    return check.real_scalar(name, c_mM, *CONCENTRATION_RANGE_MM, unit="mM")


def check_area_nm2(area_nm2):
    """A cross-section S in :data:`AREA_RANGE_NM2` (nm^2), as float."""
    return check.real_scalar("area_nm2", area_nm2, *AREA_RANGE_NM2, unit="nm^2")


# ----------------------------------------------------------------------------- elementary pieces
def number_density_per_m3(c_mM):
    """Number density (m^-3) of a concentration ``c_mM`` in mmol/L (1 mM = 1 mol/m^3)."""
    return np.asarray(c_mM, dtype=float) * AVOGADRO_PER_MOL


def thermal_velocity_m_per_s(ion, T_K):
    """One-way 1D Maxwell–Boltzmann flux per unit density, sqrt(kT / 2 pi m), in m/s.

    The flux of ions crossing a plane in one direction from a reservoir of density n is
    n * sqrt(kT/2 pi m) (= n times the integral of v f(v) over v > 0).
    """
    ion = get_ion(ion)
    T = check_T_K(T_K)
    return math.sqrt(K_B_J_PER_K * T / (2.0 * math.pi * ion.mass_kg))


def nernst_potential(ion, c_in_mM, c_out_mM, T_K):
    """Nernst potential U_rev = (kT/Ze) ln(c_out/c_in), in mV (U = V_in - V_out).

    Parameters
    ----------
    ion : Ion or {"K+", "Na+"}
    c_in_mM, c_out_mM : float
        Intracellular and extracellular concentrations (mM), both > 0.
    T_K : float
        Temperature (K).
    """
    ion = get_ion(ion)
    c_in = check_concentration_mM("c_in_mM", c_in_mM)
    c_out = check_concentration_mM("c_out_mM", c_out_mM)
    T = check_T_K(T_K)
    return 1e3 * K_B_EV_PER_K * T / ion.charge * math.log(c_out / c_in)


# ----------------------------------------------------------------------------- the landscape
def landscape(U_mV, n_x=DEFAULT_N_X, **params):
    """Sampled filter landscape ``(x_nm, V_eV)`` at voltage ``U_mV`` (Z = 1 cation).

    The samples span [-margin_nm, d_nm + margin_nm] (``margin_nm`` defaults to 0.5 nm, ``d_nm``
    to 3 nm) so that smoothed edges are inside the sampled region; outside it the potential is
    flat at its end values, 0 and ZeU. The mouths x = 0 and x = d are doubled nodes, so abrupt
    edges are exact steps (:meth:`ionlib.filter.potential.Landscape.nodes`). Read-only, cached.
    """
    return as_landscape(params).nodes(U_mV, n_x)


def barrier_top_eV(U_mV, n_x=DEFAULT_N_X, **params):
    """Highest point of the sampled landscape (eV), including the reservoir levels 0 and ZeU."""
    return as_landscape(params).top_eV(U_mV, n_x)


def clear_caches():
    """Empty the caches of sampled landscapes and quantum spectra (benchmarks time cold calls)."""
    clear_landscape_cache()
    _quantum_spectrum.cache_clear()


# ----------------------------------------------------------------------------- G(U) per model
def shared_integral(U_mV, ion, T_K, model="quantum", n_energy=DEFAULT_N_ENERGY, n_x=DEFAULT_N_X,
                    land=None, V_top_eV=None):
    """The shared flux integral at one voltage: ``(G, G_below_top, V_top_eV, E_lo_eV)``.

    ``land``: the :class:`~ionlib.filter.potential.Landscape` (paper defaults if None). For a
    callable model, ``V_top_eV`` says where its energy grid is refined (default E_lo).
    Arguments are trusted (validated by the public callers).
    """
    kT = K_B_EV_PER_K * T_K
    E_lo = bath_floor_eV(U_mV, ion.charge)
    if callable(model):
        V_top = max(E_lo if V_top_eV is None else float(V_top_eV), E_lo)
        E = energy_grid_eV(E_lo, V_top, kT, n_energy)
        P = np.asarray(model(E, U_mV), dtype=float)
        if P.shape != E.shape or not np.all(np.isfinite(P)) or np.any(P < 0) or np.any(P > 1 + 1e-9):
            raise ValueError("a callable model must return finite probabilities in [0, 1], one per energy")
        G, G_sub = flux_integral(P, E, E_lo, kT, split_eV=V_top)
        return G, G_sub, V_top, E_lo
    if ion.charge != 1:
        raise ValueError(f"the filter landscape is defined for monovalent ions (charge 1), got {ion.charge}")
    land = Landscape() if land is None else land
    V_top = max(land.top_eV(U_mV, n_x), E_lo)
    if model == "classical":
        return math.exp(-(V_top - E_lo) / kT), 0.0, V_top, E_lo
    E, P = _quantum_spectrum(U_mV, ion.mass_amu, T_K, n_energy, n_x, land)
    G, G_sub = flux_integral(P, E, E_lo, kT, split_eV=V_top)
    return G, G_sub, V_top, E_lo


@lru_cache(maxsize=2048)
def _quantum_spectrum(U_mV, mass_amu, T_K, n_energy, n_x, land):
    from .transmission import transmission_with_phase
    kT = K_B_EV_PER_K * T_K
    E_lo = bath_floor_eV(U_mV)
    x, V = land.nodes(U_mV, n_x)
    V_top = max(land.top_eV(U_mV, n_x), E_lo)

    def P_of(E):
        P, phase = transmission_with_phase(E, x, V, mass_amu)
        return np.where(E > E_lo, P, 0.0), phase

    E = energy_grid_eV(E_lo, V_top, kT, n_energy)
    P, phase = P_of(E)
    if n_energy >= REFINE_MIN_N:
        E, P = refine_thermal_grid(E, P, phase, P_of, kT, V_top)
    if not np.all(np.isfinite(P)):
        raise ValueError("transmission returned non-finite values; refine n_x or check the landscape")
    E.setflags(write=False)
    P.setflags(write=False)
    return E, P


def _grid_sizes(n_energy, n_x):
    return (check.count("n_energy", n_energy, 16, 1_000_000), check.count("n_x", n_x, 50, 1_000_000))


def quantum_spectrum(U_mV, ion, T_K, n_energy=DEFAULT_N_ENERGY, n_x=DEFAULT_N_X, **params):
    """The energies (eV, total energy) and quantum transmissions used in the thermal integral at
    voltage ``U_mV``: the graded grid of :func:`energy_grid_eV`, adaptively refined around
    resonances. Returns ``(energy_eV, P)`` (read-only arrays, cached)."""
    ion_ = get_ion(ion)
    U = check.real_scalar("U_mV", U_mV, -U_LIMIT_MV, U_LIMIT_MV, unit="mV")
    n_e, n_x = _grid_sizes(n_energy, n_x)
    return _quantum_spectrum(U, ion_.mass_amu, check_T_K(T_K), n_e, n_x, as_landscape(params))


def directional_fluxes(U_mV, ion, c_in_mM, c_out_mM, T_K, model="quantum",
                       n_energy=DEFAULT_N_ENERGY, n_x=DEFAULT_N_X, **params):
    """Outward and inward one-way ion fluxes per unit area (m^-2 s^-1) at voltage(s) ``U_mV``.

    Returns a dict of arrays shaped like ``U_mV``: ``out`` (from the inner reservoir),
    ``in`` (from the outer reservoir), ``G`` (the shared integral), ``G_sub`` (its part below the
    barrier top), ``V_top_eV`` and ``E_lo_eV``. See the module docstring for the formulas.
    """
    ion = get_ion(ion)
    U = check_U_mV(U_mV)
    c_in = check_concentration_mM("c_in_mM", c_in_mM)
    c_out = check_concentration_mM("c_out_mM", c_out_mM)
    T = check_T_K(T_K)
    model = check_model(model)
    n_e, n_x = _grid_sizes(n_energy, n_x)
    V_top_hint = params.pop("V_top_eV", None) if callable(model) else None
    land = as_landscape(params)
    kT = K_B_EV_PER_K * T
    vT = thermal_velocity_m_per_s(ion, T)
    out = np.empty(U.shape)
    inn = np.empty(U.shape)
    G = np.empty(U.shape)
    Gs = np.empty(U.shape)
    Vt = np.empty(U.shape)
    El = np.empty(U.shape)
    for idx, u in np.ndenumerate(U):
        g, gs, vtop, elo = shared_integral(float(u), ion, T, model, n_e, n_x, land, V_top_hint)
        ZeU = ion.charge * 1e-3 * float(u)
        out[idx] = number_density_per_m3(c_in) * vT * math.exp((ZeU - elo) / kT) * g
        inn[idx] = number_density_per_m3(c_out) * vT * math.exp(-elo / kT) * g
        G[idx], Gs[idx], Vt[idx], El[idx] = g, gs, vtop, elo
    return {"out": out, "in": inn, "G": G, "G_sub": Gs, "V_top_eV": Vt, "E_lo_eV": El}


def thermal_current(U_mV, ion, c_in_mM, c_out_mM, T_K, area_nm2, model="quantum",
                    reading="directional", n_energy=DEFAULT_N_ENERGY, n_x=DEFAULT_N_X, **params):
    """Net thermal current (A, positive outward) through the filter, Eq. (4) of Zhou et al.

    Parameters
    ----------
    U_mV : float or array
        Membrane potential V_in - V_out (mV), at most 500 mV in magnitude. Vectorised.
    ion : Ion or {"K+", "Na+"}
    c_in_mM, c_out_mM : float
        Intracellular / extracellular concentrations (mM), in [1e-6, 1e5].
    T_K : float
        Temperature (K), in [1, 1000].
    area_nm2 : float
        Effective cross-section S (nm^2), in [1e-6, 1e6]. Not given in the paper; it only scales I.
    model : {"quantum", "classical"} or callable
        Transmission: exact quantum P(E) of the filter landscape, the classical step at the
        barrier top of the same landscape, or any ``P(energy_eV, U_mV)`` of the total energy.
    reading : {"directional", "literal"}
        "directional" (default): each direction's P and Maxwell–Boltzmann weight at the energy
        measured from its own reservoir. "literal": one P_T(v) and one f(v) for both directions,
        I = Ze S (n_in - n_out) * Int v P_T(v) f(v) dv.
    n_energy, n_x : int
        Energy points of the thermal integral (in [16, 1e6]); samples of the landscape (in [50, 1e6]).
    **params
        Landscape parameters passed to ``ionlib.filter_potential`` (paper defaults). For a
        callable model, ``V_top_eV`` sets where the energy grid is refined.

    Returns
    -------
    float or ndarray
        Current in ampere, shaped like ``U_mV``.
    """
    check.one_of("reading", reading, READINGS)
    S_m2 = check_area_nm2(area_nm2) * NM_M ** 2
    ion = get_ion(ion)
    f = directional_fluxes(U_mV, ion, c_in_mM, c_out_mM, T_K, model, n_energy, n_x, **params)
    q = ion.charge * E_CHARGE_C
    if reading == "directional":
        I = q * S_m2 * (f["out"] - f["in"])
    else:
        kT = K_B_EV_PER_K * float(T_K)
        vT = thermal_velocity_m_per_s(ion, T_K)
        dn = number_density_per_m3(c_in_mM) - number_density_per_m3(c_out_mM)
        I = q * S_m2 * dn * vT * np.exp(-f["E_lo_eV"] / kT) * f["G"]
    return float(I) if np.ndim(U_mV) == 0 else I


def iv_curve(U_mV, ion, c_in_mM, c_out_mM, T_K, area_nm2, model="quantum", **kwargs):
    """Alias of :func:`thermal_current` for an array of voltages; returns current in pA."""
    return 1e12 * np.asarray(thermal_current(np.asarray(U_mV, float), ion, c_in_mM, c_out_mM,
                                             T_K, area_nm2, model, **kwargs))


def sub_barrier_share(U_mV, ion, T_K, model="quantum", n_energy=DEFAULT_N_ENERGY,
                      n_x=DEFAULT_N_X, **params):
    """Fraction of the thermal flux (either direction) carried by energies below the barrier top.

    The two directions share the same energy integral, so the share is one number per voltage.
    Zero for the classical model by construction.
    """
    f = directional_fluxes(U_mV, ion, 1.0, 1.0, T_K, model, n_energy, n_x, **params)
    share = f["G_sub"] / f["G"]
    return float(share) if np.ndim(U_mV) == 0 else share


def reversal_potential(ion, c_in_mM, c_out_mM, T_K, model="quantum", reading="directional",
                       bracket_mV=(-250.0, 250.0), **params):
    """Reversal potential (mV): the root of the net current found with brentq.

    Raises ``ValueError`` if the current does not change sign in ``bracket_mV`` (as happens for
    the literal reading with unequal concentrations: that reading has no reversal potential).
    """
    lo, hi = check.interval("bracket_mV", bracket_mV, -U_LIMIT_MV, U_LIMIT_MV, "mV")

    def f(u):  # in units of a fixed scale so brentq's tolerances are meaningful
        return thermal_current(u, ion, c_in_mM, c_out_mM, T_K, 1.0, model, reading, **params) * 1e12

    for end in (lo, hi):  # a trivial zero (nothing transmitted at all) is not a reversal potential
        if directional_fluxes(end, ion, c_in_mM, c_out_mM, T_K, model, **params)["G"] <= 0.0:
            raise ValueError(f"no ion is transmitted at U = {end:g} mV (P(E) = 0 for all E above "
                             f"max(0, ZeU)); choose a narrower bracket_mV than {bracket_mV!r}")
    f_lo, f_hi = f(lo), f(hi)
    if np.sign(f_lo) == np.sign(f_hi):
        raise ValueError(f"the current does not change sign in bracket_mV={bracket_mV!r} "
                         f"(I = {f_lo:.3g} pA/nm^2 at {lo:g} mV and {f_hi:.3g} at {hi:g} mV): "
                         "no reversal potential in this range")
    return brentq(f, lo, hi, xtol=1e-6, rtol=1e-12)


