"""Numbers the Fig. A4/A5 pages and the methods page show about the thermal current: widget
landscape parameters, grid convergence of the thermal integral and its error against an independent
reference, effective-mass enhancement."""
from __future__ import annotations

import numpy as np

from ..constants import K_B_EV_PER_K
from ..filter.energy_grid import DEFAULT_N_ENERGY, flux_integral, refine_spectrum
from ..filter.potential import as_landscape, bath_floor_eV
from ..filter.thermal import DEFAULT_N_X, WIDGET_N_ENERGY, directional_fluxes, shared_integral
from ..filter.transmission import transmission_with_phase
from ..ions import get_ion

def grid_convergence(ions=("Na+", "K+"), U_mV=(0.0,), T_K=310.0, ns=None, ref_factor=8, n_x=DEFAULT_N_X,
                     **params):
    """Relative error of the thermal integral G against a ``ref_factor`` times denser grid.

    Returns ``{(ion, U): (ns, |G_n/G_ref - 1|)}`` for the quantum model.
    """
    if ns is None:
        ns = np.array([150, 300, WIDGET_N_ENERGY, 1200, DEFAULT_N_ENERGY])
    ns = np.asarray(ns, dtype=int)
    land = as_landscape(params)
    out = {}
    for ion in ions:
        ion_ = get_ion(ion)
        for U in U_mV:
            ref = shared_integral(float(U), ion_, float(T_K), "quantum", int(ref_factor * DEFAULT_N_ENERGY), n_x,
                                  land)[0]
            err = np.array([abs(shared_integral(float(U), ion_, float(T_K), "quantum", int(n), n_x, land)[0]
                                / ref - 1) for n in ns])
            out[(ion if isinstance(ion, str) else ion_.name, float(U))] = (ns, err)
    return out


def enhancement_vs_mass(mass_factors, ion="K+", T_K=310.0, U_mV=0.0, n_energy=DEFAULT_N_ENERGY,
                        **params):
    """Quantum/classical ratio of the thermal integral, G_q/G_c, and the sub-barrier share, against
    a factor multiplying the ion's mass (an *effective-mass* study; the book uses real masses).

    At U = 0 with equal concentrations G_q/G_c is the ratio of the linear-response conductances.
    Returns ``(ratio, share)`` arrays shaped like ``mass_factors``.
    """
    base = get_ion(ion)
    mf = np.atleast_1d(np.asarray(mass_factors, dtype=float))
    ratio, share = np.empty(mf.shape), np.empty(mf.shape)
    for i, f in enumerate(mf):
        sp = base.with_mass_factor(float(f))
        q = directional_fluxes(U_mV, sp, 1.0, 1.0, T_K, "quantum", n_energy, **params)
        c = directional_fluxes(U_mV, sp, 1.0, 1.0, T_K, "classical", n_energy, **params)
        ratio[i] = q["G"][()] / c["G"][()]
        share[i] = q["G_sub"][()] / q["G"][()]
    return ratio, share


#: Reference grid of :func:`reference_integral`: uniform stretches (energies per stretch) relative to
#: the barrier top, in k_BT, then a tight refinement (dP, dphase in rad, least interval weight).
REFERENCE_BANDS_KT = ((-1.5, 2.0, 7000), (2.0, 6.0, 4000), (6.0, 12.0, 3000), (12.0, 30.0, 2000))
REFERENCE_REFINE = (0.01, 0.3, 1e-8)


def reference_integral(U_mV, ion="K+", T_K=310.0, n_x=DEFAULT_N_X, **params):
    """An independent, much finer evaluation of the quantum thermal integral G at one voltage (for
    the accuracy statement of Fig. A5): 16,000 energies uniform in bands around the barrier top
    (:data:`REFERENCE_BANDS_KT`), 300 more below, then a refinement 5-30 times tighter than the
    default one (:data:`REFERENCE_REFINE`); 20,000-50,000 energies in all. Returns ``(G, n_energies)``.
    A uniform grid does not share the graded grid's sampling of the resonance comb, and the tight
    refinement resolves the narrow resonances below the top that a uniform grid would alias."""
    ion_ = get_ion(ion)
    kT = K_B_EV_PER_K * float(T_K)
    E_lo = bath_floor_eV(U_mV, ion_.charge)
    land = as_landscape(params)
    x, V = land.nodes(float(U_mV), int(n_x))
    V_top = max(land.top_eV(float(U_mV), int(n_x)), E_lo)

    def P_of(E):
        P, phase = transmission_with_phase(E, x, V, ion_.mass_amu)
        return np.where(E > E_lo, P, 0.0), phase

    lo = max(E_lo, V_top + REFERENCE_BANDS_KT[0][0] * kT)
    parts = [np.linspace(max(lo, V_top + a * kT), V_top + b * kT, n) for a, b, n in REFERENCE_BANDS_KT]
    if lo > E_lo:
        parts.append(np.linspace(E_lo, lo, 300))
    E = np.unique(np.concatenate(parts + [[np.nextafter(V_top, -np.inf), V_top]]))
    P, phase = P_of(E)
    dP, dphase, min_weight = REFERENCE_REFINE
    weight = lambda a, b: np.exp(-(a - V_top) / kT) * (b - a) / kT      # most an interval can carry
    E, P = refine_spectrum(E, P, phase, P_of, weight, dP, dphase, min_weight, 60)
    return float(flux_integral(P, E, E_lo, kT, split_eV=V_top)[0]), int(E.size)


def true_errors(cases=(("K+", 0.0), ("K+", -90.0), ("Na+", 0.0), ("Na+", 60.0)), T_K=310.0,
                n_energies=(DEFAULT_N_ENERGY, WIDGET_N_ENERGY), n_x=DEFAULT_N_X):
    """Relative error of G on the book's grids against :func:`reference_integral` (same samples):
    list of dicts with ``ion``, ``U_mV``, ``n_reference`` and ``error[n_energy]``."""
    rows = []
    for ion, U in cases:
        ref, n_ref = reference_integral(U, ion, T_K, n_x)
        err = {int(n): float(shared_integral(float(U), get_ion(ion), float(T_K), "quantum", int(n), int(n_x))[0]
                             / ref - 1) for n in n_energies}
        rows.append({"ion": ion, "U_mV": float(U), "n_reference": n_ref, "error": err})
    return rows
