"""Claims of Paper A about terahertz fields (abstract and discussion), with verdicts computed from
the Floquet current of the driven filter (:mod:`ionlib.filter.driven_current`, Fig. A6).

The frequency scans take ~20 min and are precomputed with provenance
(``python -m ionlib.analysis.terahertz``, :mod:`ionlib.analysis.terahertz_precompute`); the A6 page
recomputes some of their points live and checks them against an independent reference. Both
landscapes are evaluated: with V_int (the book's default, which sets the verdicts) and without it
(reported beside it). The only typed-in numbers are the paper's band and our stated criteria below.
"""
from __future__ import annotations

from .registry import Outcome, register_table, REPRODUCED_UNDER_ASSUMPTION, NOT_REPRODUCED
from ..analysis.terahertz_data import load_data, stored_scan
from ..analysis.terahertz_peaks import band_summary, comb_spacing_THz, resonances
from ..analysis.terahertz_scans import FIELDS_V_PER_M

NB = "paper_a/fig_a6_terahertz"

#: The paper's band (THz), abstract / discussion and Fig. 2 text.
PAPER = {"band_THz": (0.2, 1.0)}

ASSUMPTION = ("coherent 1D model of the book (paper landscape, V_int as in Fig. A1; also reported without "
              "V_int), T = 310 K, K⁺ 140/5 mM and Na⁺ 15/145 mM in/out, U = 0; a field E0 cos(2πft) along "
              "the axis acting only inside the filter (the inner bath oscillates by eE0d); thermal integrals "
              "averaged over the filter's comb of Fabry–Pérot resonances; second order in E0")
#: Criterion for a resonance: a resolved peak of |Delta I / I| against frequency where the current
#: falls, at least this many times |Delta I / I| 0.06 THz away on both sides, inside the band.
RESONANCE_CONTRAST = 3.0
#: Criterion for "efficient modulation": |Delta I / I| of at least 1e-3 at 1e6 V/m (a field that
#: drops 3 mV across the filter) at some frequency of the band, in either landscape.
EFFICIENT_DI_OVER_I = 1e-3
IONS = ("K+", "Na+")
LANDS = ("on", "off")


def _scan(ion, land):
    return stored_scan(ion, land)


def _eval_resonances():
    found, nums = {}, {}
    for ion in IONS:
        for land in LANDS:
            s = _scan(ion, land)
            keep = resonances(s, RESONANCE_CONTRAST, band=PAPER["band_THz"])
            found[ion, land] = keep
            sfx = "" if land == "on" else "_off"
            b = band_summary(s, PAPER["band_THz"])
            nums[f"n_resonances_{ion}{sfx}"] = float(len(keep))
            nums[f"first_resonance_{ion}{sfx}_THz"] = float(keep[0][0]) if keep else 0.0
            nums[f"fundamental_{ion}{sfx}_THz"] = float(b["f1"])
            nums[f"comb_spacing_{ion}{sfx}_THz"] = comb_spacing_THz(ion, land)
            nums[f"max_dI_over_I_1e6_{ion}{sfx}"] = b["band_max"] * 1e12
    resonant = all(found[ion, "on"] for ion in IONS)
    text = "; ".join(f"{ion} " + ", ".join(f"{f:.3f}" for f, *_ in found[ion, "on"]) + " THz" for ion in IONS)
    text_off = "; ".join(f"{ion} " + ", ".join(f"{f:.3f}" for f, *_ in found[ion, "off"]) + " THz" for ion in IONS)
    return Outcome(
        our_value=(f"resonances of the current's response to a THz field inside 0.2–1.0 THz: {text} "
                   f"(without V_int: {text_off}); strongest (fundamental) resonance f₁ = "
                   + ", ".join(f"{ion} {nums[f'fundamental_{ion}_THz']:.3f} ({nums[f'fundamental_{ion}_off_THz']:.3f}"
                               f" without V_int) THz" for ion in IONS)
                   + "; spacing of the static Fabry–Pérot comb at the barrier top: "
                   + ", ".join(f"{ion} {nums[f'comb_spacing_{ion}_THz']:.3f} THz" for ion in IONS)),
        verdict=REPRODUCED_UNDER_ASSUMPTION if resonant else NOT_REPRODUCED,
        detail=("Driven by a THz field, the model filter's time-averaged current responds resonantly "
                "when hf is close to a multiple of about twice the spacing of its Fabry–Pérot resonances "
                "(the comb of a coherent 3 nm cavity between the two rims), so the model does have THz "
                "resonances, with or without V_int. They are a second-order effect (|ΔI/I| in the band at "
                "most " + ", ".join(f"{nums[f'max_dI_over_I_1e6_{ion}']:.1e} ({ion})" for ion in IONS)
                + " at 1e6 V/m) on a response that is largest at low frequency, and they need phase "
                "coherence across the whole filter."),
        numbers=nums)


def _eval_modulation():
    band, fund, low, f1 = {}, {}, {}, {}
    for ion in IONS:
        for land in LANDS:
            b = band_summary(_scan(ion, land), PAPER["band_THz"])
            band[ion, land] = {E0: b["band_max"] * E0 ** 2 for E0 in FIELDS_V_PER_M}
            fund[ion, land], f1[ion, land] = b["fundamental"] * 1e12, b["f1"]
            low[ion, land] = b["low"] * 1e12
    f_low = band_summary(_scan("K+", "on"))["f_low"]
    full = [1 - r["exact"] / r["second_order"] for r in load_data()["strong_field"]
            if r["exact"] is not None and r["field"] == 1e7 and r["f_THz"] < 0.9]
    full_text = (f"full Floquet runs on resonances at 1e7 V/m give {100 * min(full):.0f}–{100 * max(full):.0f} % "
                 "less" if full else "not checked by a full Floquet run on a resonance")
    best = max(band[k][1e6] for k in band)
    efficient = best >= EFFICIENT_DI_OVER_I
    weaker = min(low[k] / band[k][1e6] for k in band)

    def fmt(land):
        return "; ".join(f"{ion} " + ", ".join(f"{band[ion, land][E0]:.1e}" for E0 in FIELDS_V_PER_M)
                         for ion in IONS)

    nums = {}
    for ion in IONS:
        for land in LANDS:
            sfx = "" if land == "on" else "_off"
            nums.update({f"max_dI_over_I_{ion}{sfx}_{E0:.0e}": float(band[ion, land][E0]) for E0 in FIELDS_V_PER_M})
            nums[f"fundamental_dI_over_I_{ion}{sfx}_1e+06"] = float(fund[ion, land])
            nums[f"fundamental_{ion}{sfx}_THz"] = float(f1[ion, land])
    nums["low_over_band_min"] = float(weaker)
    return Outcome(
        our_value=(f"largest |ΔI/I| in 0.2–1.0 THz (edges included) at 1e5, 1e6, 1e7 V/m (second order): "
                   f"{fmt('on')}; without V_int: {fmt('off')}. At the strongest resonance f₁, in the band "
                   "or not, at 1e6 V/m: "
                   + "; ".join(f"{ion} {fund[ion, 'on']:.1e} at {f1[ion, 'on']:.3f} THz ({fund[ion, 'off']:.1e} "
                               f"at {f1[ion, 'off']:.3f} THz without V_int)" for ion in IONS)),
        verdict=REPRODUCED_UNDER_ASSUMPTION if efficient else NOT_REPRODUCED,
        detail=(f"A field at the model's intrinsic frequencies changes the current by at most {best:.1e} at "
                f"1e6 V/m in either landscape, and about a hundred times more at 1e7 V/m, the scale of the "
                f"static membrane field (second order in E0; {full_text}). The same field at {f_low:.2g} THz "
                f"does at least {weaker:.0f} times more, "
                "and a slow field more still: matching the intrinsic frequency is not what makes a field "
                f"effective. Criterion for efficient: |ΔI/I| ≥ {EFFICIENT_DI_OVER_I:g} at 1e6 V/m."),
        numbers=nums)


#: This module's claims: (id, figure, claim, paper_value, assumption, notebook, evaluate).
CLAIMS = (
    ("A6-THz-resonances", "abstract / conclusion",
     "the model predicts distinct transport resonances in the terahertz regime",
     "qualitative (0.2–1.0 THz)", ASSUMPTION + "; a resonance = a resolved peak of the response "
     "at least 3× the response 0.06 THz away on both sides", NB, _eval_resonances),
    ("A6-THz-modulation", "discussion",
     "external fields matching the intrinsic tunnelling frequency could efficiently "
     "modulate the transmission (a basis for reported THz effects on channels)",
     "qualitative", ASSUMPTION, NB, _eval_modulation),
)

register_table("A", CLAIMS)
