"""Claims of Paper A about terahertz fields (abstract and discussion), with verdicts computed from
the Floquet current of the driven filter (:mod:`ionlib.filter.driven_current`, Fig. A6).

Every ``evaluate`` runs the library (cached in :mod:`ionlib.analysis.terahertz`); the only
typed-in numbers are the paper's band and our stated criteria below.
"""
from __future__ import annotations

from .registry import Outcome, register_table, REPRODUCED_UNDER_ASSUMPTION, NOT_REPRODUCED
from ..analysis import terahertz as ta

NB = "paper_a/fig_a6_terahertz"

#: The paper's band (THz), abstract / discussion and Fig. 2 text.
PAPER = {"band_THz": (0.2, 1.0)}

ASSUMPTION = ("coherent 1D model of the book (paper landscape, V_int as in Fig. A1), T = 310 K, "
              "K⁺ 140/5 mM and Na⁺ 15/145 mM in/out, U = 0; a field E0 cos(2πft) along the axis acting "
              "only inside the filter (the inner bath oscillates by eE0d); thermal integrals averaged "
              "over the filter's comb of Fabry–Pérot resonances")
#: Criterion for a resonance: a local maximum of |Delta I / I| against frequency at least this many
#: times its neighbouring minima (on the 0.02 THz steps of the scan), inside the band.
RESONANCE_CONTRAST = 3.0
#: Criterion for "efficient modulation": |Delta I / I| of at least 1e-3 at 1e6 V/m (a field that
#: drops 3 mV across the filter) at some frequency of the band.
EFFICIENT_DI_OVER_I = 1e-3
IONS = ("K+", "Na+")


def _in_band(f):
    return PAPER["band_THz"][0] - 1e-9 <= f <= PAPER["band_THz"][1] + 1e-9


def _eval_resonances():
    found, nums = {}, {}
    for ion in IONS:
        f, c = ta.resonance_peaks(ion, min_contrast=RESONANCE_CONTRAST)
        keep = [(fi, ci) for fi, ci in zip(f, c) if _in_band(fi)]
        found[ion] = keep
        nums[f"n_resonances_{ion}"] = float(len(keep))
        nums[f"first_resonance_{ion}_THz"] = float(keep[0][0]) if keep else float("nan")
        nums[f"comb_spacing_{ion}_THz"] = ta.comb_spacing_THz(ion)
        nums[f"max_dI_over_I_1e6_{ion}"] = ta.band_summary(ion)[1e6]["max_abs"]
    resonant = all(found[ion] for ion in IONS)
    text = "; ".join(f"{ion} " + ", ".join(f"{fi:.2f}" for fi, _ in found[ion]) + " THz" for ion in IONS)
    if not resonant:
        nums = {k: (0.0 if v != v else v) for k, v in nums.items()}
    return Outcome(
        our_value=(f"resonances of the current's response to a THz field inside 0.2–1.0 THz: {text}; "
                   f"spacing of the static Fabry–Pérot comb at the barrier top: "
                   + ", ".join(f"{ion} {nums[f'comb_spacing_{ion}_THz']:.2f} THz" for ion in IONS)),
        verdict=REPRODUCED_UNDER_ASSUMPTION if resonant else NOT_REPRODUCED,
        detail=("Driven by a THz field, the model filter's time-averaged current responds resonantly "
                "when hf is a multiple of the spacing of its Fabry–Pérot resonances (the comb of a "
                "coherent 3 nm cavity between the two rims), so the model does have THz resonances. "
                "They are a second-order effect (|ΔI/I| at most "
                + ", ".join(f"{nums[f'max_dI_over_I_1e6_{ion}']:.0e} ({ion})" for ion in IONS)
                + " at 1e6 V/m) on a response that is largest at low frequency, and they need phase "
                "coherence across the whole filter."),
        numbers=nums)


def _eval_modulation():
    s = {ion: ta.band_summary(ion) for ion in IONS}
    band = {ion: {E0: s[ion][E0]["max_abs"] for E0 in ta.FIELDS_V_PER_M} for ion in IONS}
    low = {ion: s[ion][1e6]["low_f"] for ion in IONS}
    efficient = max(band[ion][1e6] for ion in IONS) >= EFFICIENT_DI_OVER_I
    weaker = min(low[ion] / band[ion][1e6] for ion in IONS)
    return Outcome(
        our_value=("largest |ΔI/I| in 0.2–1.0 THz at 1e5, 1e6, 1e7 V/m: "
                   + "; ".join(f"{ion} " + ", ".join(f"{band[ion][E0]:.0e}" for E0 in ta.FIELDS_V_PER_M)
                               for ion in IONS)),
        verdict=REPRODUCED_UNDER_ASSUMPTION if efficient else NOT_REPRODUCED,
        detail=(f"A field at the model's intrinsic frequencies changes the current by at most "
                f"{max(band[ion][1e6] for ion in IONS):.0e} at 1e6 V/m and "
                f"{max(band[ion][1e7] for ion in IONS):.0e} at 1e7 V/m, the scale of the static membrane "
                f"field (second order in E0, checked against full Floquet runs). The same field at "
                f"{s['K+']['f_low_THz']:.2g} THz does at least {weaker:.0f} times more, and a slow field "
                "more still: matching the intrinsic frequency is not what makes a field effective. "
                f"Criterion for efficient: |ΔI/I| ≥ {EFFICIENT_DI_OVER_I:g} at 1e6 V/m."),
        numbers={**{f"max_dI_over_I_{ion}_{E0:.0e}": float(band[ion][E0]) for ion in IONS
                    for E0 in ta.FIELDS_V_PER_M},
                 "low_over_band_min": float(weaker)})


#: This module's claims: (id, figure, claim, paper_value, assumption, notebook, evaluate).
CLAIMS = (
    ("A6-THz-resonances", "abstract / conclusion",
     "the model predicts distinct transport resonances in the terahertz regime",
     "qualitative (0.2–1.0 THz)", ASSUMPTION + "; a resonance = a peak of the response "
     "at least 3× its neighbouring minima", NB, _eval_resonances),
    ("A6-THz-modulation", "discussion",
     "external fields matching the intrinsic tunnelling frequency could efficiently "
     "modulate the transmission (a basis for reported THz effects on channels)",
     "qualitative", ASSUMPTION, NB, _eval_modulation),
)

register_table("A", CLAIMS)
