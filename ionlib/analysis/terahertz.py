"""Numbers the Fig. A6 page and the THz ledger rows show: the filter current's response to a THz
field against frequency, its checks against full Floquet runs at strong fields, the adiabatic
(slow-field) limits, the sideband spectrum, and the reversal potential under drive.

The frequency scans use the second-order response (:func:`ionlib.filter.driven_current.
second_order_response`): Delta I / I divided by E0^2, the same at every field below the point
where the sideband amplitudes stop being small; :func:`field_checks` compares it with full Floquet
calculations at 1e6 and 1e7 V/m.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..constants import thermal_energy_eV
from ..filter.conductance import PHYSIOLOGICAL_MM, T_BODY_K
from ..filter.driven_current import (DRIVE_N_X, drive_profile_eV, driven_fluxes, quasi_static_current,
                                     quasi_static_fluxes, second_order_response)
from ..filter.floquet import driven_transmission
from .packets import resonance_spacing_THz
from ..filter.thermal import barrier_top_eV, landscape, nernst_potential, thermal_current
from ..ions import get_ion

__all__ = ["FIELDS_V_PER_M", "SCAN_THZ", "BAND_THZ", "SCAN_N_ENERGY", "U_SCAN_MV", "response",
           "resonance_peaks", "field_checks", "adiabatic_response", "sideband_spectrum", "reversal_shift",
           "band_summary", "comb_spacing_THz", "BAND_REFINE_HALF_THZ", "BAND_REFINE_STEP_THZ"]

#: The field strengths the page discusses (V/m): weak, intermediate, the static membrane field scale.
FIELDS_V_PER_M = (1e5, 1e6, 1e7)
#: Frequencies of the scan (THz): coarse outside, 0.02 THz steps where the resonances are.
SCAN_THZ = tuple(sorted({0.02, 0.03, 0.05, 0.07, 0.8, 0.9, 1.0, 1.5, 2.0, 3.0, 5.0}
                        | {round(v, 2) for v in np.arange(0.10, 0.701, 0.02)}))
#: The band of Paper A's claim (THz).
BAND_THZ = (0.2, 1.0)
#: Energies of the resonance-averaged integrals of the scans (Delta I within ~2 % of 120 points
#: in the band, ~15 % at 5 THz where the response is smallest).
SCAN_N_ENERGY = 40
#: Membrane potential of the scans (mV): at U = 0 the two directions are mirror images.
U_SCAN_MV = 0.0


def _conc(ion):
    return PHYSIOLOGICAL_MM[get_ion(ion).name]


@lru_cache(maxsize=None)
def response(ion, U_mV=U_SCAN_MV, frequencies_THz=SCAN_THZ, T_K=T_BODY_K):
    """``(f_THz, dI_over_I_per_E2)``: the second-order response of the current at each frequency,
    (Delta I / I) / E0^2 in (m/V)^2, physiological concentrations."""
    r = second_order_response(U_mV, ion, *_conc(ion), T_K, frequencies_THz, n_energy=SCAN_N_ENERGY)
    return np.array(frequencies_THz), r["dI_over_I_per_E2"]


def resonance_peaks(ion, U_mV=U_SCAN_MV, min_contrast=3.0, reach=3):
    """Resonances of the response on the fine (0.02 THz) part of the scan: local minima of the
    (negative) response Delta I / I at least ``min_contrast`` times larger in magnitude than the
    response ``reach`` steps (0.06 THz) away on both sides. Returns (f_THz, contrast) arrays."""
    f, chi = response(ion, U_mV)
    fine = np.flatnonzero((f >= 0.1 - 1e-9) & (f <= 0.7 + 1e-9))
    x = chi[fine]
    peaks, contrast = [], []
    for k in range(1, x.size - 1):
        if x[k] < 0 and x[k] < x[k - 1] and x[k] <= x[k + 1]:
            side = max(abs(x[max(k - reach, 0)]), abs(x[min(k + reach, x.size - 1)]))
            c = abs(x[k]) / max(side, 1e-300)
            if c >= min_contrast:
                peaks.append(float(f[fine[k]]))
                contrast.append(float(c))
    return np.array(peaks), np.array(contrast)


def comb_spacing_THz(ion, T_K=T_BODY_K):
    """Median spacing (THz) of the static transmission resonances within 0.2 k_BT of the barrier
    top (the Fabry–Pérot comb between the filter's rims)."""
    kT = thermal_energy_eV(T_K)
    top = barrier_top_eV(0.0) / kT
    return float(np.median(resonance_spacing_THz(ion, top - 0.2, top + 0.2, T_K=T_K)[1]))


@lru_cache(maxsize=None)
def field_checks(ion, checks=((1e6, 0.5), (1e7, 1.0)), U_mV=U_SCAN_MV, T_K=T_BODY_K):
    """Full Floquet calculations at (field, frequency) pairs against the second-order estimate:
    list of dicts with ``field``, ``f_THz``, ``exact`` and ``second_order`` (Delta I / I) and the
    ``n_sidebands`` the full calculation needed."""
    rows = []
    for E0, f in checks:
        r = driven_fluxes(U_mV, ion, *_conc(ion), T_K, 1.0, E0, f, n_energy=SCAN_N_ENERGY)
        chi = second_order_response(U_mV, ion, *_conc(ion), T_K, (f,), n_energy=SCAN_N_ENERGY)["dI_over_I_per_E2"][0]
        rows.append({"field": E0, "f_THz": f, "exact": r["dI_A"] / r["I_static_A"], "second_order": chi * E0 ** 2,
                     "n_sidebands": r["n_sidebands"]})
    return rows


@lru_cache(maxsize=None)
def adiabatic_response(ion, field_V_per_m, U_mV=U_SCAN_MV, T_K=T_BODY_K):
    """Delta I / I of the adiabatic (f -> 0) limit at ``field_V_per_m``: ``quantum`` (the frozen
    landscapes' resonance-averaged quantum currents) and ``classical`` (the same landscape's
    classical step), each averaged over the drive's phase."""
    ci, co = _conc(ion)
    q = quasi_static_fluxes(U_mV, ion, ci, co, T_K, 1.0, field_V_per_m, n_phase=8, n_energy=SCAN_N_ENERGY)
    I_cl = thermal_current(U_mV, ion, ci, co, T_K, 1.0, model="classical")
    c = quasi_static_current(U_mV, ion, ci, co, T_K, 1.0, field_V_per_m, model="classical", n_phase=24)
    return {"quantum": q["dI_A"] / q["I_static_A"], "classical": (c - I_cl) / I_cl}


@lru_cache(maxsize=None)
def sideband_spectrum(ion="K+", field_V_per_m=1e7, frequency_THz=1.0, window_kT=(0.0, 0.2), n=200,
                      U_mV=U_SCAN_MV, T_K=T_BODY_K):
    """Exact Floquet spectrum near the barrier top: ``(x_kT, sidebands, T_n, T_static)`` with x the
    energy above the barrier top in k_BT, T_n (2N+1, n) the flux probabilities into the inner
    reservoir's sidebands and T_static the undriven transmission (same sampled landscape)."""
    x, V = landscape(U_mV, DRIVE_N_X)
    kT = thermal_energy_eV(T_K)
    V_top = barrier_top_eV(U_mV, DRIVE_N_X)
    E = V_top + kT * np.linspace(window_kT[0], window_kT[1], n)
    m = get_ion(ion).mass_amu
    W = drive_profile_eV(x, field_V_per_m, 1, (0.0, 3.0))
    r = driven_transmission(E, x, V, W, frequency_THz, m)
    r0 = driven_transmission(E, x, V, np.zeros_like(W), frequency_THz, m)
    return (E - V_top) / kT, r.sidebands, r.T_n, r0.total


@lru_cache(maxsize=None)
def reversal_shift(ion, frequencies_THz=(0.05, 0.5, 1.0), T_K=T_BODY_K):
    """The current the field pumps at the Nernst potential and the shift of the reversal potential,
    both per (V/m)^2 (second order): dict with ``U_nernst_mV``, ``g_pS`` (slope of the static I-V
    there, S = 1 nm^2), ``f_THz``, ``dI_per_E2_A`` and ``dU_per_E2_mV`` (arrays over the
    frequencies); the reversal potential under a field E0 is U_nernst + dU_per_E2_mV E0^2."""
    ci, co = _conc(ion)
    Un = nernst_potential(ion, ci, co, T_K)
    r = second_order_response(Un, ion, ci, co, T_K, frequencies_THz, n_energy=SCAN_N_ENERGY)
    h = 0.5
    g = (thermal_current(Un + h, ion, ci, co, T_K, 1.0) - thermal_current(Un - h, ion, ci, co, T_K, 1.0)) / (2 * h)
    return {"U_nernst_mV": Un, "g_pS": g * 1e15, "f_THz": np.array(frequencies_THz),
            "dI_per_E2_A": r["dI_per_E2_A"], "dU_per_E2_mV": -r["dI_per_E2_A"] / g,
            "I_static_at_nernst_A": r["I_static_A"]}


#: Refinement of the band maximum: frequencies within this distance (THz) of the scan's largest
#: in-band response, in steps of BAND_REFINE_STEP_THZ (the resonances are ~0.02-0.04 THz wide).
BAND_REFINE_HALF_THZ = 0.03
BAND_REFINE_STEP_THZ = 0.005


@lru_cache(maxsize=None)
def band_summary(ion, band=BAND_THZ, U_mV=U_SCAN_MV, T_K=T_BODY_K):
    """For each field of :data:`FIELDS_V_PER_M`: the largest |Delta I / I| in the band (second-order
    response; the scan's maximum refined on a 0.005 THz grid around it, since the resonances are
    only a few scan steps wide) and where it occurs, and |Delta I / I| at the lowest scanned
    frequency. ``scan_max_abs_per_E2`` keeps the unrefined maximum per (V/m)^2."""
    f, chi = response(ion, U_mV, T_K=T_K)
    inside = (f >= band[0] - 1e-9) & (f <= band[1] + 1e-9)
    a = np.abs(chi[inside])
    i = int(np.argmax(a))
    f0 = float(f[inside][i])
    fine = np.round(np.arange(max(band[0], f0 - BAND_REFINE_HALF_THZ),
                              min(band[1], f0 + BAND_REFINE_HALF_THZ) + 1e-9, BAND_REFINE_STEP_THZ), 4)
    chi_fine = np.abs(second_order_response(U_mV, ion, *_conc(ion), T_K, tuple(float(v) for v in fine),
                                            n_energy=SCAN_N_ENERGY)["dI_over_I_per_E2"])
    j = int(np.argmax(chi_fine))
    peak, f_peak = (float(chi_fine[j]), float(fine[j])) if chi_fine[j] > a[i] else (float(a[i]), f0)
    out = {"f_peak_THz": f_peak, "f_low_THz": float(f[0]), "scan_max_abs_per_E2": float(a[i])}
    for E0 in FIELDS_V_PER_M:
        out[E0] = {"max_abs": peak * E0 ** 2, "low_f": float(abs(chi[0]) * E0 ** 2)}
    return out
