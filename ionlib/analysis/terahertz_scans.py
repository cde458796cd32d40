"""Fig. A6, computing the driven filter's response: the settings of the frequency scans and the
functions that compute them, the independent reference route that checks their energy grid, and
the exact Floquet sideband spectrum of the page's first figure.

Scans. The second-order response (:func:`ionlib.filter.driven_current.second_order_response`):
chi = (Delta I / I) / E0^2 in (m/V)^2, the same at every field E0 (V/m) below the point where the
sideband amplitudes stop being small. Accuracy: the energy grid (:data:`SCAN_N_ENERGY` graded
energies) was chosen by its error against an independent reference, :func:`second_order_on_grid`
on a *uniform* grid of :data:`REFERENCE_SPACING_KT` (a different construction, 1.7x denser than the
scan grid in the band round the barrier top and 10-100x denser elsewhere; it shares only the
resonance-averaged Floquet transmissions with the library's scan, not its grid, batching or
integration code), itself checked against the same grid at twice the spacing. The peaks of a scan
are resolved by :func:`ionlib.analysis.terahertz_peaks.refine_extrema`; the scans are
precomputed by :mod:`ionlib.analysis.terahertz_precompute` and read back by
:mod:`ionlib.analysis.terahertz_data`.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..constants import K_B_EV_PER_K, thermal_energy_eV
from ..filter import driven_current as dc
from ..filter._floquet_average import CUT_WIDTH_NM, cut_window, resonance_averaged
from ..filter._floquet_sweep import floquet_pieces, photon_energy_eV
from ..filter.conductance import PHYSIOLOGICAL_MM, T_BODY_K
from ..filter.energy_grid import flux_integral
from ..filter.floquet import driven_transmission
from ..filter.potential import Landscape, bath_floor_eV
from ..filter.thermal import thermal_current
from ..ions import get_ion

__all__ = ["IONS", "LANDSCAPES", "LANDSCAPE_LABELS", "FIELDS_V_PER_M", "BAND_THZ", "SCAN_THZ", "REFINE_THZ",
           "PEAK_RTOL", "PEAK_MAX_ITER", "SCAN_N_ENERGY", "SCAN_TOL", "REFERENCE_SPACING_KT",
           "REFERENCE_WINDOW_KT", "REFERENCE_COARSE_KT", "physiological_mM", "gauge_amplitude", "scan_response",
           "reference_grid_eV", "second_order_on_grid", "sideband_spectrum"]

IONS = ("K+", "Na+")
#: The two landscapes of the scans: with the background ions' V_int (the book's default) and without.
LANDSCAPES = {"on": Landscape(), "off": Landscape(include_V_int=False)}
LANDSCAPE_LABELS = {"on": "V_int on (default)", "off": "V_int off"}
#: The field strengths the page discusses (V/m): weak, intermediate, the static membrane field scale.
FIELDS_V_PER_M = (1e5, 1e6, 1e7)
#: The band of Paper A's claim (THz); "in the band" means f in [0.2, 1.0], both edges included.
BAND_THZ = (0.2, 1.0)
#: Frequencies of the scan before refinement (THz): coarse outside, 0.02 THz steps in 0.1-1.0.
SCAN_THZ = tuple(sorted({0.02, 0.03, 0.05, 0.07, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0, 5.0}
                        | {round(v, 2) for v in np.arange(0.10, 1.001, 0.02)}))
#: Frequencies (THz) in which every local maximum of |chi| is resolved (:func:`refine_extrema`).
REFINE_THZ = (0.1, 1.0)
#: The peak refinement stops when the peak value changed by less than this over the last halving.
PEAK_RTOL = 1e-3
PEAK_MAX_ITER = 10
#: Graded energies of the scans, chosen by the error against the reference at ten frequencies from
#: 0.02 to 5 THz (issue 22): 320 energies were off by up to 3.5 %, 480 by 1.1 %, 640 by 0.7 %, 800 by
#: 0.5 %; the page tables 40, 120 and 800 against the reference at every checked frequency.
SCAN_N_ENERGY = 800
#: The accuracy the page states for the scans (relative, at every checked frequency), asserted.
SCAN_TOL = 0.01
#: Uniform reference grid: spacing (k_BT) within REFERENCE_WINDOW_KT of the barrier top (the scan
#: grid's is 0.0033 k_BT in its band, up to 0.5 k_BT outside), REFERENCE_COARSE_KT elsewhere, up to
#: DRIVE_SPAN_KT above the top like the scans; its convergence is checked at twice the spacing.
REFERENCE_SPACING_KT = 0.002
REFERENCE_WINDOW_KT = (-2.5, 6.0)
REFERENCE_COARSE_KT = 0.05

def physiological_mM(ion):
    """(inside, outside) concentrations (mM) of ``ion`` used by every scan: the textbook values."""
    return PHYSIOLOGICAL_MM[get_ion(ion).name]


def gauge_amplitude(field_V_per_m, frequency_THz, landscape="on"):
    """a = Z e E0 d / (h f), dimensionless: the gauge amplitude between the two baths for a
    monovalent ion, field E0 in V/m, f in THz, d the filter length of ``landscape``. The full
    Floquet calculation needs about 1.4 a sidebands on each side."""
    return float(field_V_per_m * LANDSCAPES[landscape].d_nm * 1e-9 / photon_energy_eV(frequency_THz))


def scan_response(ion, frequencies_THz, landscape="on", U_mV=0.0, T_K=T_BODY_K, n_energy=SCAN_N_ENERGY,
                  chunk=24):
    """chi = (Delta I / I) / E0^2 in (m/V)^2 at each frequency (THz) for ``ion`` at physiological
    concentrations, membrane potential ``U_mV`` (mV), temperature ``T_K`` (K): the library's
    second-order response on ``n_energy`` graded energies, ``chunk`` frequencies per batched sweep
    (to bound memory). Returns an array like ``frequencies_THz``."""
    f = [float(v) for v in np.atleast_1d(frequencies_THz)]
    out = [dc.second_order_response(U_mV, ion, *physiological_mM(ion), T_K, tuple(f[i:i + chunk]), n_energy=n_energy,
                                    landscape=LANDSCAPES[landscape])["dI_over_I_per_E2"]
           for i in range(0, len(f), chunk)]
    return np.concatenate(out) if out else np.zeros(0)


def reference_grid_eV(landscape="on", U_mV=0.0, T_K=T_BODY_K, spacing_kT=REFERENCE_SPACING_KT):
    """The reference's energies (eV), ascending: uniform steps of ``spacing_kT`` (in k_BT at
    ``T_K``) within REFERENCE_WINDOW_KT of the barrier top of ``landscape`` at ``U_mV`` (mV), and
    REFERENCE_COARSE_KT from the higher bath level up to DRIVE_SPAN_KT above the top; the top and
    the float below it are grid points (as in the graded grid)."""
    kT = thermal_energy_eV(T_K)
    land = LANDSCAPES[landscape]
    E_lo = bath_floor_eV(U_mV)
    top = max(land.top_eV(U_mV, dc.DRIVE_N_X), E_lo)
    lo, hi = REFERENCE_WINDOW_KT
    s = np.concatenate([np.arange((E_lo - top) / kT, lo, REFERENCE_COARSE_KT), np.arange(lo, hi, spacing_kT),
                        np.arange(hi, dc.DRIVE_SPAN_KT + 1e-9, REFERENCE_COARSE_KT)])
    E = np.unique(np.concatenate([top + kT * s, [np.nextafter(top, -np.inf), top]]))
    return E[E > E_lo]


def second_order_on_grid(ion, frequencies_THz, energy_eV, landscape="on", U_mV=0.0, T_K=T_BODY_K):
    """chi = (Delta I / I) / E0^2 in (m/V)^2 at each frequency (THz), computed from the
    resonance-averaged Floquet transmissions (one sideband each
    side, max W/hf = SECOND_ORDER_ALPHA, as the library's scan) integrated on the energies
    ``energy_eV`` (eV; those above the higher bath level are used), one frequency at a time. The
    independent route of the reference checks; on the library's graded grid it reproduces
    :func:`scan_response` (tests/analysis/test_terahertz_analysis.py)."""
    ion = get_ion(ion)
    ci, co = physiological_mM(ion)
    land = LANDSCAPES[landscape]
    kT = K_B_EV_PER_K * T_K
    E_lo = bath_floor_eV(U_mV, ion.charge)
    E = np.asarray(energy_eV, dtype=float)
    E = E[E > E_lo]
    Eg = np.concatenate(([E_lo], E))
    x, V = land.nodes(U_mV, dc.DRIVE_N_X)
    W1 = dc.drive_profile_eV(x, 1.0, ion.charge, None, land.d_nm)

    def integrals(W, hw, N):
        pieces = floquet_pieces(x, V, W, ion.mass_amu)
        av = resonance_averaged(E, pieces, hw, N, ion.mass_amu,
                                *cut_window(pieces, float(x[0]), 0.5 * land.d_nm, CUT_WIDTH_NM))
        return [flux_integral(np.concatenate(([0.0], av[k])), Eg, E_lo, kT) for k in ("left", "right")]

    G0 = integrals(np.zeros_like(W1), float(photon_energy_eV(1.0)), 0)
    I0 = thermal_current(U_mV, ion, ci, co, T_K, 1.0, landscape=land)
    out = []
    for f in np.atleast_1d(frequencies_THz):
        hw = float(photon_energy_eV(f))
        field = dc.SECOND_ORDER_ALPHA * hw / np.max(np.abs(W1))
        G = integrals(W1 * field, hw, 1)
        d_in, d_out = ((g - g0) / field ** 2 for g, g0 in zip(G, G0))
        out.append(dc._current_change(ion, U_mV, T_K, ci, co, 1.0, d_in, d_out) / I0)
    return np.array(out)


@lru_cache(maxsize=None)
def sideband_spectrum(ion="K+", field_V_per_m=1e7, frequency_THz=1.0, window_kT=(0.0, 0.2), n=200,
                      U_mV=0.0, T_K=T_BODY_K):
    """Exact Floquet spectrum near the barrier top (V_int on) for a field ``field_V_per_m`` (V/m)
    inside the filter (0-3 nm) at ``frequency_THz`` (THz), on ``n`` energies spanning ``window_kT``
    (k_BT above the top): ``(x_kT, sidebands, T_n, T_static)``
    with x the energy above the barrier top in k_BT, T_n (2N+1, n) the flux probabilities into the
    inner reservoir's sidebands and T_static the undriven transmission (same sampled landscape)."""
    land = LANDSCAPES["on"]
    x, V = land.nodes(U_mV, dc.DRIVE_N_X)
    kT = thermal_energy_eV(T_K)
    V_top = land.top_eV(U_mV, dc.DRIVE_N_X)
    E = V_top + kT * np.linspace(window_kT[0], window_kT[1], n)
    m = get_ion(ion).mass_amu
    W = dc.drive_profile_eV(x, field_V_per_m, 1, (0.0, 3.0))
    r = driven_transmission(E, x, V, W, frequency_THz, m)
    r0 = driven_transmission(E, x, V, np.zeros_like(W), frequency_THz, m)
    return (E - V_top) / kT, r.sidebands, r.T_n, r0.total
