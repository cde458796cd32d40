"""Fig. A7's model function: one choice of everything Paper A leaves open in, its headline numbers out.

A *point* is a dict of floats, one per axis of :data:`AXES` (the admissible box) and optionally
``mass_factor`` (an effective mass m*/m, a sensitivity axis *outside* the physical box; default 1).
:func:`evaluate` turns it into Paper A's headline quantities, computed with the book's own
functions (:mod:`ionlib.filter.thermal`, :mod:`ionlib.filter.conductance`):

* the landscape: V_conf = alpha z^4 - 2 beta z^2 is fixed by the height of its rim at the mouths,
  ``rim_eV`` = alpha (d/2)^4 - 2 beta (d/2)^2, and the depth of its double well, ``well_depth_eV``
  = beta^2/alpha (the paper's alpha, beta and d give 0.118 eV and 1.9 meV); V_int is the book's two
  Gaussian background ions in the wells, with charge/area ``int_e_per_nm2`` (0: V_int off; the
  1D Poisson solution depends on charge and area only through that ratio);
* g_K and g_Na: slopes of least-squares lines through I(U) at 14 equally spaced voltages of the
  window [``U_lo_mV``, ``U_hi_mV``], with **one** cross-section S for both ions, calibrated so that
  the quantum g_Na is the paper's 21.6 pS (as Fig. A5 does). g_Na is then 21.6 pS by construction;
  what is compared is g_K, i.e. the ratio g_K/g_Na, which does not depend on S;
* the same-model quantum/classical ratios g_q/g_c (the classical model: a step at the top of the
  *same* landscape, same S), the sub-barrier share of the thermal flux at U = 0, and the Nernst
  (= reversal, for any transmission: Fig. A4) potentials.

Cost. Both models share the flux prefactor, so I_q(U) = I_c(U) R(U) with R = G_q/G_c, and the
classical current is closed-form. The landscapes are symmetric about d/2, so G(U) = G(-U) exactly
and R depends on |U| only. At the sweep's accuracy (:data:`SWEEP`) the quantum spectrum is
computed at four values of |U| per ion (0, Um/9, 4Um/9 and Um, the largest |U| of the fit) instead
of the 14 voltages of the fit, on an energy grid whose uniform band reaches 3 k_BT below the
barrier top (deep wells put narrow resonances there, which the book's default band of 0.5 k_BT
misses), adaptively refined at U = 0, where the sub-barrier share is taken. :data:`BOOK` runs the
book's own functions on its default grids; :data:`DENSE`, the reference of the accuracy check,
computes every voltage directly on 6.4 times the energies, a 5 k_BT band, refined everywhere, and
twice the potential samples.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

import ionlib._validate as check
from ..constants import E_CHARGE_C, NM_M
from ..filter.conductance import N_WINDOW, conductance_pS, fitted_conductance_pS
from ..filter.potential import Landscape
from ..filter.energy_grid import BAND_KT, energy_grid_eV, flux_integral, refine_thermal_grid
from ..filter.potential import bath_floor_eV
from ..filter.thermal import (DEFAULT_N_ENERGY, DEFAULT_N_X, directional_fluxes, nernst_potential,
                              sub_barrier_share)
from ..filter.transmission import transmission_with_phase
from ..constants import K_B_EV_PER_K
from ..ions import get_ion

__all__ = ["Axis", "AXES", "BOX", "LOG_AXES", "PAPER_POINT", "MASS_AXIS", "Accuracy", "SWEEP", "SEARCH", "BOOK",
           "DENSE", "thermal_G", "G_NA_PAPER_PS", "INT_AREA_NM2", "OUTPUTS", "alpha_beta", "landscape_for",
           "check_point", "evaluate", "evaluate_search", "evaluate_book", "evaluate_dense", "evaluate_at", "in_box"]


@dataclass(frozen=True)
class Axis:
    """One axis of the map: ``box`` is the admissible range, ``domain`` what the model accepts
    (wider, for departures from the box); ``paper`` the value of the book's reading of the paper."""

    name: str
    label: str
    unit: str
    box: tuple
    log: bool
    paper: float
    domain: tuple


#: The admissible box (the page's table gives the reason for each range).
AXES = (
    Axis("rim_eV", "rim of V_conf at the mouths", "eV", (0.03, 0.30), True, 0.118125, (1e-3, 5.0)),
    Axis("well_depth_eV", "double-well depth β²/α", "eV", (1e-3, 0.30), True, 0.001875, (1e-5, 5.0)),
    Axis("d_nm", "filter length d", "nm", (1.2, 4.0), False, 3.0, (0.5, 10.0)),
    Axis("edge_nm", "edge width of V_conf", "nm", (0.0, 0.3), False, 0.0, (0.0, 0.5)),
    Axis("int_e_per_nm2", "V_int charge/area (0 = off)", "e/nm²", (0.0, 0.3), False, 0.1, (0.0, 2.0)),
    Axis("T_K", "temperature", "K", (290.0, 315.0), False, 310.0, (250.0, 350.0)),
    Axis("K_in_mM", "K⁺ inside", "mM", (120.0, 160.0), False, 140.0, (0.1, 1000.0)),
    Axis("K_out_mM", "K⁺ outside", "mM", (3.0, 15.0), False, 5.0, (0.1, 1000.0)),
    Axis("Na_in_mM", "Na⁺ inside", "mM", (5.0, 25.0), False, 15.0, (0.1, 1000.0)),
    Axis("Na_out_mM", "Na⁺ outside", "mM", (120.0, 160.0), False, 145.0, (0.1, 1000.0)),
    Axis("U_lo_mV", "fit window, lower end", "mV", (-100.0, -20.0), False, -90.0, (-300.0, -1.0)),
    Axis("U_hi_mV", "fit window, upper end", "mV", (20.0, 60.0), False, 40.0, (1.0, 300.0)),
)
#: The effective-mass axis m*/m: a sensitivity axis outside the physical box (1 = real ions).
MASS_AXIS = Axis("mass_factor", "effective mass m*/m", "", (1e-3, 1.0), True, 1.0, (1e-4, 10.0))

_BY_NAME = {a.name: a for a in AXES + (MASS_AXIS,)}
#: ``{axis: (low, high)}`` of the box, for :func:`ionlib.sweep.sobol_design`.
BOX = {a.name: a.box for a in AXES}
#: Axes sampled uniformly in log10.
LOG_AXES = tuple(a.name for a in AXES if a.log)
#: The book's reading of the paper (Figs A1-A5): paper alpha, beta, d; abrupt edges; our V_int,
#: 310 K, textbook concentrations and the -90...+40 mV window.
PAPER_POINT = {a.name: a.paper for a in AXES}

#: The paper's quantum g_Na (pS), on which S is calibrated.
G_NA_PAPER_PS = 21.6
#: Area over which each background ion's charge is spread (nm², the book's default).
INT_AREA_NM2 = 10.0
#: The outputs of :func:`evaluate`, in order.
OUTPUTS = ("alpha_eV_nm4", "beta_eV_nm2", "well_depth", "V_top_eV", "S_nm2", "g_K_pS", "g_Na_pS",
           "ratio_K_Na", "g_K_classical_pS", "g_Na_classical_pS", "qc_K", "qc_Na", "share_K",
           "share_Na", "Urev_K_mV", "Urev_Na_mV")


@dataclass(frozen=True)
class Accuracy:
    """Numerical settings of the map's thermal integrals.

    ``n_energy`` base energies, ``band_kT`` (below, above) the barrier top in k_BT where a
    fraction 0.75 of them are spaced uniformly (the book's default grid uses (0.5, 1.5); deep wells
    put narrow resonances further below the top, which a wider band resolves), then the book's
    adaptive refinement; ``n_x`` potential samples; ``scheme``: ``"sqrt"`` (quantum spectra at
    ``n_nodes`` values of |U| only, 0 and (k/(n_nodes-1))² Um, Um the largest |U| of the fit, R
    interpolated by a polynomial in sqrt(|U|/Um) through them), ``"direct"`` (a spectrum at each of
    the 14 voltages) or ``"book"`` (the book's own functions and default grid,
    :func:`ionlib.filter.conductance.conductance_pS`). ``refine_all``: False refines the energy
    grid at U = 0 only (where the sub-barrier share is taken).
    """

    name: str
    n_energy: int
    band_kT: tuple
    n_x: int
    scheme: str
    n_nodes: int = 4
    refine_all: bool = True


#: The sweep's accuracy: the spectrum at 4 values of the voltage's magnitude per ion, a 3 k_BT
#: band, refined at U = 0 only.
SWEEP = Accuracy("sweep", 1000, (3.0, 1.5), DEFAULT_N_X, "sqrt", 4, False)
#: The searches and the departures from the box: the sweep's grid refined at every voltage (light
#: effective masses and high rims move weight to energies the unrefined grid misses).
SEARCH = Accuracy("search", 1000, (3.0, 1.5), DEFAULT_N_X, "sqrt", 4, True)
#: The book's own route: its 14-point fit and default grids (as on the Fig. A5 page).
BOOK = Accuracy("book", DEFAULT_N_ENERGY, BAND_KT, DEFAULT_N_X, "book")
#: The reference of the accuracy check: every voltage directly, 6.4x the energies, 5 k_BT band, 2x n_x.
DENSE = Accuracy("dense", 6400, (5.0, 3.0), 2 * DEFAULT_N_X, "direct")


def alpha_beta(rim_eV, well_depth_eV, d_nm):
    """(alpha eV/nm⁴, beta eV/nm²) of the V_conf with rim height ``rim_eV`` at z = ±d/2 and double-well
    depth ``well_depth_eV`` = beta²/alpha: sqrt(alpha) = (sqrt(D) + sqrt(D + rim)) / (d/2)²."""
    rim = check.real_scalar("rim_eV", rim_eV, *_BY_NAME["rim_eV"].domain, unit="eV")
    D = check.real_scalar("well_depth_eV", well_depth_eV, *_BY_NAME["well_depth_eV"].domain, unit="eV")
    d = check.real_scalar("d_nm", d_nm, *_BY_NAME["d_nm"].domain, unit="nm")
    root_alpha = (math.sqrt(D) + math.sqrt(D + rim)) / (d / 2) ** 2
    alpha = root_alpha ** 2
    return alpha, math.sqrt(D * alpha)


def check_point(point, allow_mass=True):
    """A point as a dict of floats: every axis of :data:`AXES` (and optionally ``mass_factor``),
    each finite and inside its model domain; ``ValueError`` naming the key otherwise."""
    if not isinstance(point, Mapping):
        raise check.ArgumentTypeError(f"point must be a dict {{axis: value}}, got {type(point).__name__}")
    allowed = set(BOX) | ({MASS_AXIS.name} if allow_mass else set())
    unknown = sorted(set(point) - allowed)
    if unknown:
        raise ValueError(f"point has unknown axes {unknown}; allowed: {sorted(allowed)}")
    missing = [a for a in BOX if a not in point]
    if missing:
        raise ValueError(f"point is missing the axes {missing}")
    out = {}
    for name in [a for a in _BY_NAME if a in point]:
        ax = _BY_NAME[name]
        out[name] = check.real_scalar(f"point[{name!r}]", point[name], *ax.domain, unit=ax.unit)
    if out["edge_nm"] > out["d_nm"] / 2:
        raise ValueError(f"point['edge_nm'] must be at most d_nm/2 = {out['d_nm'] / 2:g} nm, "
                         f"got {out['edge_nm']!r}")
    out.setdefault(MASS_AXIS.name, 1.0)
    return out


def in_box(point):
    """True if every axis of ``point`` lies in the admissible box and m*/m = 1."""
    p = check_point(point)
    return p[MASS_AXIS.name] == 1.0 and all(a.box[0] <= p[a.name] <= a.box[1] for a in AXES)


def landscape_for(point):
    """The :class:`~ionlib.filter.potential.Landscape` of a point (paper point: the book's default)."""
    p = check_point(point)
    alpha, beta = alpha_beta(p["rim_eV"], p["well_depth_eV"], p["d_nm"])
    q = p["int_e_per_nm2"] * INT_AREA_NM2
    v_int = {"include_V_int": False} if q == 0.0 else {"int_charges_e": (q, q), "int_area_nm2": INT_AREA_NM2}
    return Landscape(d_nm=p["d_nm"], alpha_eV_nm4=alpha, beta_eV_nm2=beta, edge_nm=p["edge_nm"], **v_int)


def _current_pA(fluxes):
    """Net current (pA) through S = 1 nm² from :func:`directional_fluxes` (outward positive)."""
    return 1e12 * E_CHARGE_C * NM_M ** 2 * (fluxes["out"] - fluxes["in"])


def thermal_G(U_mV, ion, T_K, land, accuracy=SWEEP, refine=True):
    """The quantum thermal integral (G, G below the barrier top) of :mod:`ionlib.filter.thermal`
    at one voltage, on the energy grid of ``accuracy`` (same formula, grid with a wider uniform
    band; arguments trusted)."""
    kT = K_B_EV_PER_K * T_K
    E_lo = bath_floor_eV(U_mV, ion.charge)
    x, V = land.nodes(U_mV, accuracy.n_x)
    V_top = max(land.top_eV(U_mV, accuracy.n_x), E_lo)

    def P_of(E):
        P, phase = transmission_with_phase(E, x, V, ion.mass_amu)
        return np.where(E > E_lo, P, 0.0), phase

    E = energy_grid_eV(E_lo, V_top, kT, accuracy.n_energy, band_kT=accuracy.band_kT)
    P, phase = P_of(E)
    if refine:
        E, P = refine_thermal_grid(E, P, phase, P_of, kT, V_top)
    return flux_integral(P, E, E_lo, kT, split_eV=V_top)


def _ion_numbers(ion, c_in, c_out, T, land, window, acc):
    """(g_quantum_pS, g_classical_pS, sub-barrier share at 0 mV) at S = 1 nm².

    Both models share the flux prefactor, so I_q(U) = I_c(U) R(U) with R = G_q/G_c; the classical
    current is closed-form at every voltage. For a landscape symmetric about d/2 (every point of
    the map), G(U) = G(-U) exactly (mirror the filter and shift energies by eU), so R depends on
    |U| only."""
    if acc.scheme == "book":     # the book's route: its 14-point fit and default grids
        grids = {"n_energy": acc.n_energy, "n_x": acc.n_x}
        gq = conductance_pS(ion, c_in, c_out, T, 1.0, window, N_WINDOW, "quantum", landscape=land, **grids)
        gc = conductance_pS(ion, c_in, c_out, T, 1.0, window, N_WINDOW, "classical", landscape=land, **grids)
        return gq, gc, sub_barrier_share(0.0, ion, T, landscape=land, **grids)
    U = np.linspace(window[0], window[1], N_WINDOW)
    fc = directional_fluxes(U, ion, c_in, c_out, T, "classical", landscape=land, n_x=acc.n_x)
    G0, G0_sub = thermal_G(0.0, ion, T, land, acc)
    if acc.scheme == "direct":
        R = np.array([thermal_G(float(u), ion, T, land, acc)[0] for u in U]) / fc["G"]
    else:
        Um = float(np.abs(U).max())
        s = np.linspace(0.0, 1.0, acc.n_nodes)
        nodes = Um * s ** 2
        Gc = directional_fluxes(nodes, ion, c_in, c_out, T, "classical", landscape=land, n_x=acc.n_x)["G"]
        Gq = np.array([G0] + [thermal_G(float(u), ion, T, land, acc, acc.refine_all)[0] for u in nodes[1:]])
        R = np.polyval(np.polyfit(s, Gq / Gc, acc.n_nodes - 1), np.sqrt(np.abs(U) / Um))
    I_c = _current_pA(fc)
    return fitted_conductance_pS(U, I_c * R), fitted_conductance_pS(U, I_c), G0_sub / G0


def evaluate_at(point, accuracy=SWEEP):
    """Paper A's headline numbers at ``point`` (see the module docstring), with the numerical
    settings ``accuracy`` (:data:`SWEEP`, :data:`BOOK` or :data:`DENSE`). Returns a dict of floats
    keyed by :data:`OUTPUTS`."""
    p = check_point(point)
    check.instance("accuracy", accuracy, Accuracy, "ionlib.analysis.parameter_map.Accuracy")
    land = landscape_for(p)
    T, window = p["T_K"], (p["U_lo_mV"], p["U_hi_mV"])
    per_ion = {}
    for name, key in (("K+", "K"), ("Na+", "Na")):
        ion = get_ion(name) if p["mass_factor"] == 1.0 else get_ion(name).with_mass_factor(p["mass_factor"])
        c_in, c_out = p[f"{key}_in_mM"], p[f"{key}_out_mM"]
        per_ion[key] = _ion_numbers(ion, c_in, c_out, T, land, window, accuracy) + (
            nernst_potential(name, c_in, c_out, T),)
    (gK, gcK, shK, UK), (gNa, gcNa, shNa, UNa) = per_ion["K"], per_ion["Na"]
    if not (gNa > 0 and gcNa > 0 and gcK > 0):
        raise ValueError(f"non-positive conductance at S = 1 nm² (g_Na = {gNa!r}, classical {gcNa!r}, "
                         f"{gcK!r} pS): the current underflows for this landscape")
    S = G_NA_PAPER_PS / gNa
    x, V = land.nodes(0.0, accuracy.n_x)
    return {"alpha_eV_nm4": land.alpha_eV_nm4, "beta_eV_nm2": land.beta_eV_nm2,
            "well_depth": land.beta_eV_nm2 ** 2 / land.alpha_eV_nm4, "V_top_eV": float(max(V.max(), 0.0)),
            "S_nm2": S, "g_K_pS": S * gK, "g_Na_pS": S * gNa, "ratio_K_Na": gK / gNa,
            "g_K_classical_pS": S * gcK, "g_Na_classical_pS": S * gcNa, "qc_K": gK / gcK, "qc_Na": gNa / gcNa,
            "share_K": shK, "share_Na": shNa, "Urev_K_mV": UK, "Urev_Na_mV": UNa}


def evaluate(point):
    """The map's model function at the sweep's accuracy (:data:`SWEEP`): ``point`` (a dict of
    floats, the axes of :data:`AXES` and optionally ``mass_factor``) -> dict of floats
    (:data:`OUTPUTS`). Module level, so that a sweep's workers import it by name."""
    return evaluate_at(point, SWEEP)


def evaluate_search(point):
    """:func:`evaluate` with the grid refined at every |U| (:data:`SEARCH`): the searches and the
    departure designs."""
    return evaluate_at(point, SEARCH)


def evaluate_book(point):
    """:func:`evaluate` with the book's own 14-point fit and default grids (:data:`BOOK`)."""
    return evaluate_at(point, BOOK)


def evaluate_dense(point):
    """:func:`evaluate` at the reference accuracy (:data:`DENSE`: every voltage of the fit computed
    directly, 6.4 times the energies, a wider band refined everywhere, twice the potential
    samples): the independent check of the sweep's accuracy."""
    return evaluate_at(point, DENSE)
