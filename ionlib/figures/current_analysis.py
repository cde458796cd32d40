"""Numbers the Fig. A4/A5 pages and the methods page show about the thermal current: widget
landscape parameters, grid convergence of the thermal integral, effective-mass enhancement."""
from __future__ import annotations

import numpy as np

from ..filter.energy_grid import DEFAULT_N_ENERGY
from ..filter.thermal import DEFAULT_N_X, WIDGET_N_ENERGY, _G_and_sub, directional_fluxes
from ..ions import get_ion

def grid_convergence(ions=("Na+", "K+"), U_mV=(0.0,), T_K=310.0, ns=None, ref_factor=8, n_x=DEFAULT_N_X,
                     **params):
    """Relative error of the thermal integral G against a ``ref_factor`` times denser grid.

    Returns ``{(ion, U): (ns, |G_n/G_ref - 1|)}`` for the quantum model.
    """
    if ns is None:
        ns = np.array([150, 300, WIDGET_N_ENERGY, 1200, DEFAULT_N_ENERGY])
    ns = np.asarray(ns, dtype=int)
    out = {}
    for ion in ions:
        ion_ = get_ion(ion)
        for U in U_mV:
            ref = _G_and_sub(float(U), ion_, float(T_K), "quantum", int(ref_factor * DEFAULT_N_ENERGY), n_x,
                             params)[0]
            err = np.array([abs(_G_and_sub(float(U), ion_, float(T_K), "quantum", int(n), n_x, params)[0]
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
