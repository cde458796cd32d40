"""Energy grids of the thermal integral: the graded grid, the product-integration flux integral,
and the adaptive refinement that resolves narrow transmission resonances."""
from __future__ import annotations

import numpy as np

import ionlib._validate as check

__all__ = ["energy_grid_eV", "flux_integral", "refine_spectrum", "refine_thermal_grid",
           "DEFAULT_N_ENERGY", "SPAN_ABOVE_KT", "BAND_KT", "BAND_FRACTION", "REFINE_DP",
           "REFINE_MIN_N", "REFINE_DPHASE", "REFINE_LEVELS", "REFINE_WEIGHT"]

#: :func:`energy_grid_eV` and the convergence test.
DEFAULT_N_ENERGY = 1200
#: Extent of the energy grid above the barrier top, in units of kT (weight e^-30 ~ 1e-13 there).
SPAN_ABOVE_KT = 30.0
#: Band around the barrier top (kT below, kT above) that gets uniformly spaced energies.
BAND_KT = (0.5, 1.5)
#: Fraction of the energy points placed in that band.
BAND_FRACTION = 0.75


def energy_grid_eV(E_lo_eV, V_top_eV, kT_eV, n_energy=DEFAULT_N_ENERGY, band_kT=BAND_KT,
                   band_fraction=BAND_FRACTION, span_above_kT=SPAN_ABOVE_KT):
    """Total-energy grid (eV) for the thermal integral G, dense in a band around the barrier top.

    ``band_fraction`` of the points are spaced uniformly in the band
    [V_top - band_kT[0] kT, V_top + band_kT[1] kT] (clipped at E_lo), where a heavy ion's P(E)
    switches on and carries a comb of narrow Fabry–Pérot resonances; the rest are sinh-graded
    (spacing growing away from the band) down to E_lo and up to V_top + span_above_kT kT, where
    the Boltzmann weight is e^-30 of its value at the top. ``E_lo``, ``V_top`` (and the float
    just below it, so that a step at the top is integrated exactly) and the band ends are grid
    points.
    """
    n = check.count("n_energy", n_energy, 16, 1_000_000)
    if not V_top_eV >= E_lo_eV:
        raise ValueError(f"V_top_eV ({V_top_eV!r}) must be >= E_lo_eV ({E_lo_eV!r})")
    n_band = max(int(band_fraction * n), 4)
    n_rest = n - n_band
    b_lo = max(E_lo_eV, V_top_eV - band_kT[0] * kT_eV)
    b_hi = V_top_eV + band_kT[1] * kT_eV
    band = np.linspace(b_lo, b_hi, n_band)
    scale = 0.05 * kT_eV
    n_below = n_rest // 3 if b_lo > E_lo_eV else 0
    s = np.linspace(0.0, np.arcsinh((b_lo - E_lo_eV) / scale), n_below + 1)[1:]
    below = b_lo - scale * np.sinh(s)
    if n_below:
        below[-1] = E_lo_eV
    top = V_top_eV + span_above_kT * kT_eV
    s = np.linspace(0.0, np.arcsinh((top - b_hi) / scale), n_rest - n_below + 1)[1:]
    above = b_hi + scale * np.sinh(s)
    # V_top and the float just below it: a step at the barrier top is integrated exactly
    tops = [np.nextafter(V_top_eV, -np.inf), V_top_eV] if V_top_eV > E_lo_eV else [V_top_eV]
    return np.unique(np.concatenate([below, band, tops, above]))


def flux_integral(P, energy_eV, E_lo_eV, kT_eV, split_eV=None):
    """G = Int P(E) exp(-(E - E_lo)/kT) dE/kT on the grid ``energy_eV``.

    P is interpolated linearly between grid points and the Boltzmann weight is integrated
    exactly on each interval (product integration), so a step or a constant P is integrated
    without discretisation error and the only error is that of interpolating P.
    Returns ``G`` or, if ``split_eV`` (a grid point) is given, ``(G, G_below)`` where G_below
    integrates only E < split_eV.
    """
    E = np.asarray(energy_eV, dtype=float)
    P = np.asarray(P, dtype=float)
    t = (E - E_lo_eV) / kT_eV
    u = np.diff(t)
    A = -np.expm1(-u)                                   # Int_0^u e^-s ds
    with np.errstate(invalid="ignore", divide="ignore"):
        B = np.where(u > 1e-3, (A - u * np.exp(-u)) / np.where(u > 0, u, 1.0),
                     u / 2 - u ** 2 / 3 + u ** 3 / 8)  # Int_0^u (s/u) e^-s ds
    seg = np.exp(-t[:-1]) * (P[:-1] * A + (P[1:] - P[:-1]) * B)
    G = float(seg.sum())
    if split_eV is None:
        return G
    return G, float(seg[E[1:] <= split_eV].sum())


def refine_spectrum(grid, P, phase, evaluate, interval_weight, dP=0.05, dphase=1.0,
                    min_weight=3e-4, max_levels=40):
    """Adaptively bisect a sampled transmission spectrum around resonances.

    An interval of ``grid`` (energies or wavenumbers, increasing) is bisected while P changes by
    more than ``dP`` across it or the multiple-reflection phase (from
    :func:`transmission_with_phase`) jumps by more than ``dphase`` rad (a resonance may lie between
    the two points), as long as ``interval_weight(left, right)`` -- the most the interval can
    contribute to the integral that uses the spectrum -- exceeds ``min_weight``. An interval left
    unrefined misses at most its own weight, so the error is bounded by the number of such
    intervals times ``min_weight``. ``evaluate(points) -> (P, phase)``. Returns ``(grid, P)``.
    """
    for _ in range(int(max_levels)):
        jump = np.abs(np.angle(np.exp(1j * np.diff(phase))))
        bad = (np.abs(np.diff(P)) > dP) | (jump > dphase)
        bad &= interval_weight(grid[:-1], grid[1:]) > min_weight
        if not np.any(bad):
            break
        new = 0.5 * (grid[:-1][bad] + grid[1:][bad])
        P_new, ph_new = evaluate(new)
        order = np.argsort(np.concatenate([grid, new]), kind="stable")
        grid = np.concatenate([grid, new])[order]
        P = np.concatenate([P, P_new])[order]
        phase = np.concatenate([phase, ph_new])[order]
    return grid, P


#: Adaptive refinement of the quantum energy grid (see :func:`_refine`): an interval is bisected
#: while P changes by more than ``REFINE_DP`` or the phase of t jumps by more than
#: ``REFINE_DPHASE`` across it, and its Boltzmann weight times width exceeds ``REFINE_WEIGHT``.
#: This resolves the narrow resonances of the region between the two edges (at U = 0 a symmetric
#: double barrier, with P = 1 on resonance), which a fixed grid either misses or, landing on a
#: peak, overweights. Measured against a 5x stricter refinement (DP 0.005, DPHASE 0.5, WEIGHT
#: 1e-5; 52 647 instead of 3 889 energies for K+ at 0 mV): the calibrated S and g_K agree to
#: 0.02 %, the sub-barrier share to 1.4 %. Coarse grids (``n_energy < REFINE_MIN_N``, e.g. the
#: widget grid and root finding, whose result does not depend on G) are not refined.
REFINE_DP = 0.05
REFINE_MIN_N = 1200
REFINE_DPHASE = 1.0
REFINE_LEVELS = 40
REFINE_WEIGHT = 3e-4   # Boltzmann weight x width / kT of an interval (flux scale at the top = 1)


def refine_thermal_grid(E, P, phase, f, kT, V_top):
    """Refine the thermal energy grid around resonances (:func:`refine_spectrum`) with the
    Boltzmann weight x width / kT of an interval, relative to the flux scale at the top."""
    def weight(lo, hi):
        return np.exp(-(lo - V_top) / kT) * (hi - lo) / kT

    return refine_spectrum(E, P, phase, f, weight, REFINE_DP, REFINE_DPHASE, REFINE_WEIGHT, REFINE_LEVELS)
