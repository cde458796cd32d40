"""Claims of Paper A about the thermal current (Figs 4–5), with our verdicts computed by ionlib.

Every ``evaluate`` calls the library; the only typed-in numbers are the paper's quoted values.
The heavier computations are cached (one call of :func:`_fig5` serves all Fig. 5 claims).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .registry import (Outcome, register_table, REPRODUCED, REPRODUCED_UNDER_ASSUMPTION,
                     NOT_REPRODUCED, NOT_DETERMINABLE)
from ..filter.conductance import (PHYSIOLOGICAL_MM, T_BODY_K, WINDOW_MV, calibrated_prediction,
                          concentration_ratio_for)
from ..filter.thermal import nernst_potential, reversal_potential, thermal_current

NB4 = "paper_a/fig_a4_reversal"
#: Energy points for root finding: the reversal potential does not depend on the accuracy of the
#: thermal integral (it cancels between the two directions), so a coarse grid is enough.
ROOT_N_ENERGY = 150
NB5 = "paper_a/fig_a5_conductance"

#: The paper's quoted values (Zhou et al. 2026, text and Figs 4–5).
PAPER = {"Urev_Na_mV": 50.0, "Urev_K_mV": -64.0, "g_Na_pS": 21.6, "g_K_pS": 118.6,
         "g_Na_exp_pS": 22.0, "g_K_exp_pS": (65.0, 120.0), "g_Na_MD_pS": 9.3, "g_K_MD_pS": 9.2}

CONC_ASSUMPTION = ("concentrations K⁺ 140 mM in / 5 mM out, Na⁺ 15 mM in / 145 mM out "
                   "(textbook mammalian values; the paper gives none), T = 310 K")
FIT_ASSUMPTION = (CONC_ASSUMPTION + "; g = slope of a straight-line fit over -90…+40 mV; "
                  "S calibrated on the paper's g_Na = 21.6 pS; paper's landscape defaults")


# ----------------------------------------------------------------------------- Fig. 4
@lru_cache(maxsize=None)
def _reversal(ion):
    ci, co = PHYSIOLOGICAL_MM[ion]
    Uq = reversal_potential(ion, ci, co, T_BODY_K, model="quantum", n_energy=ROOT_N_ENERGY)
    Uc = reversal_potential(ion, ci, co, T_BODY_K, model="classical")
    return Uq, Uc, nernst_potential(ion, ci, co, T_BODY_K)


def _eval_urev(ion, key):
    Uq, Uc, Un = _reversal(ion)
    paper = PAPER[key]
    ratio310 = concentration_ratio_for(paper, ion, 310.0)
    ratio300 = concentration_ratio_for(paper, ion, 300.0)
    ci, co = PHYSIOLOGICAL_MM[ion]
    return Outcome(
        our_value=f"{Uq:+.1f} mV (= Nernst {Un:+.1f} mV at {ci:g}/{co:g} mM in/out, 310 K)",
        verdict=NOT_DETERMINABLE,
        detail=(f"The root of I is the Nernst potential for any concentrations, so the number only "
                f"encodes the unstated gradient: {paper:+.0f} mV needs c_out/c_in = {ratio310:.3g} "
                f"at 310 K ({ratio300:.3g} at 300 K); textbook gradients give {Un:+.1f} mV."),
        numbers={"U_rev_quantum_mV": Uq, "U_rev_classical_mV": Uc, "U_nernst_mV": Un,
                 "ratio_needed_310K": ratio310, "ratio_needed_300K": ratio300,
                 "c_in_mM": ci, "c_out_mM": co})


@lru_cache(maxsize=None)
def nernst_scan_deviation_mV():
    """Largest |U_rev - U_Nernst| (mV) over a T and concentration-ratio scan, per transmission.

    Transmissions: the quantum filter, its classical step, and an arbitrary smooth sigmoid
    (centred 0.1 eV, width 5 meV) that has nothing to do with the filter.
    """
    sigmoid = lambda E, U: 0.5 * (1 + np.tanh((np.asarray(E) - 0.1) / 0.01))
    cases = [(T, 140.0, 140.0 / r) for T in (280.0, 330.0) for r in (3.0, 28.0)]
    cases += [(310.0, 15.0, 15.0 * r) for r in (2.0, 9.67)]
    worst = {"quantum": 0.0, "classical": 0.0, "sigmoid": 0.0}
    for T, ci, co in cases:
        Un = nernst_potential("K+", ci, co, T)
        for name, model, extra in (("quantum", "quantum", {}), ("classical", "classical", {}),
                                   ("sigmoid", sigmoid, {"V_top_eV": 0.1})):
            U = reversal_potential("K+", ci, co, T, model=model, n_energy=ROOT_N_ENERGY, **extra)
            worst[name] = max(worst[name], abs(U - Un))
    return worst


def _eval_nernst():
    w = nernst_scan_deviation_mV()
    return Outcome(
        our_value=(f"max |U_rev − U_Nernst| = {w['quantum']:.1e} mV (quantum), "
                   f"{w['classical']:.1e} mV (classical step), {w['sigmoid']:.1e} mV (arbitrary sigmoid)"),
        verdict=REPRODUCED,
        detail=("Exact, but not a test of tunnelling: with each direction taken from its own "
                "reservoir both fluxes share one energy integral, so I = 0 at the Nernst potential "
                "for every transmission function (detailed balance)."),
        numbers={f"max_dev_{k}_mV": v for k, v in w.items()})


def _eval_literal():
    ci, co = PHYSIOLOGICAL_MM["K+"]
    U = np.linspace(-200.0, 200.0, 9)
    I_lit = thermal_current(U, "K+", ci, co, T_BODY_K, 1.0, model="classical", reading="literal")
    Uq = _reversal("K+")[0]
    return Outcome(
        our_value=(f"literal reading: I > 0 for all U in [-200, 200] mV (K⁺ 140/5 mM), no root; "
                   f"directional reading: root at {Uq:+.1f} mV = Nernst"),
        verdict=REPRODUCED_UNDER_ASSUMPTION,
        detail=("Only if P_T and f are evaluated, for each direction, at the energy measured from "
                "that direction's own reservoir. With one P_T(v) and one f(v) for both directions, "
                "as Eq. (4) is printed, I ∝ (n_in − n_out) and never changes sign."),
        numbers={"literal_I_min_pA_per_nm2": float(I_lit.min() * 1e12),
                 "literal_sign_changes": int(np.sum(np.diff(np.sign(I_lit)) != 0)),
                 "U_rev_directional_mV": Uq})


# ----------------------------------------------------------------------------- Fig. 5
@lru_cache(maxsize=None)
def fig5_numbers():
    """S calibrated on the paper's quantum g_Na and both ions' conductances (cached; the Fig. 5
    page uses the same call). See :func:`ionlib.filter.conductance.calibrated_prediction`."""
    return calibrated_prediction("Na+", PAPER["g_Na_pS"], T_BODY_K, WINDOW_MV)


_fig5 = fig5_numbers


def _eval_gNa():
    r = _fig5()
    na = r["Na+"]
    return Outcome(
        our_value=f"21.6 pS by calibration: S = {r['area_nm2']:.3g} nm² (classical step, same S: "
                  f"{na['g_classical_pS']:.1f} pS)",
        verdict=NOT_DETERMINABLE,
        detail=("The absolute conductance scales with the cross-section S, which the paper never "
                "gives; we calibrate S on this number, so it cannot test the model. The same-model "
                f"classical limit gives {na['g_classical_pS']:.1f} pS, not the MD value 9.3 pS."),
        numbers={"area_nm2": r["area_nm2"], "g_quantum_pS": na["g_quantum_pS"],
                 "g_classical_pS": na["g_classical_pS"]})


def _eval_gK():
    r = _fig5()
    k = r["K+"]
    g = k["g_quantum_pS"]
    ok = abs(g / PAPER["g_K_pS"] - 1) < 0.10
    return Outcome(
        our_value=f"{g:.1f} pS with S calibrated on Na⁺ (classical step, same S: {k['g_classical_pS']:.1f} pS)",
        verdict=REPRODUCED_UNDER_ASSUMPTION if ok else NOT_REPRODUCED,
        detail=(f"With one S for both ions the model predicts g_K/g_Na = "
                f"{g / r['Na+']['g_quantum_pS']:.2f}, against the paper's {PAPER['g_K_pS'] / PAPER['g_Na_pS']:.2f}; "
                "the ratio is set by the concentrations and masses, not by tunnelling."),
        numbers={"g_quantum_pS": g, "g_classical_pS": k["g_classical_pS"], "area_nm2": r["area_nm2"],
                 "ratio_K_over_Na": g / r["Na+"]["g_quantum_pS"]})


def _eval_enhancement(ion, key_md):
    r = _fig5()
    d = r[ion]
    q = d["quantum_over_classical"]
    paper_ratio = PAPER["g_Na_pS" if ion == "Na+" else "g_K_pS"] / PAPER[key_md]
    return Outcome(
        our_value=f"g_quantum/g_classical = {q:.3f} in the same model (paper vs MD: {paper_ratio:.1f})",
        verdict=NOT_REPRODUCED if q < 1.5 else REPRODUCED_UNDER_ASSUMPTION,
        detail=(f"Same landscape, same S: tunnelling changes g by {100 * (q - 1):+.1f} %; only "
                f"{100 * d['sub_barrier_share']:.1f} % of the thermal flux at 0 mV passes below "
                "the barrier top. The paper's factor compares its model with a different (MD) model."),
        numbers={"quantum_over_classical": q, "sub_barrier_share": d["sub_barrier_share"],
                 "paper_over_MD": paper_ratio})


def _eval_subbarrier():
    r = _fig5()
    s = {ion: r[ion]["sub_barrier_share"] for ion in ("K+", "Na+")}
    return Outcome(
        our_value=f"sub-barrier share of the thermal flux at 0 mV: K⁺ {100 * s['K+']:.1f} %, "
                  f"Na⁺ {100 * s['Na+']:.1f} %",
        verdict=NOT_REPRODUCED if max(s.values()) < 0.5 else REPRODUCED_UNDER_ASSUMPTION,
        detail="Most of the flux passes above the barrier top; tunnelling is a correction, not the driver.",
        numbers={f"share_{k}": v for k, v in s.items()})


#: This module's claims: (id, figure, claim, paper_value, assumption, notebook, evaluate).
CLAIMS = (
    ("A4-Urev-Na", "Fig. 4(a)", "Na⁺ reversal potential under physiological gradients",
     "≈ +50 mV", CONC_ASSUMPTION, NB4, lambda: _eval_urev("Na+", "Urev_Na_mV")),
    ("A4-Urev-K", "Fig. 4(b)", "K⁺ reversal potential under physiological gradients",
     "≈ −64 mV", CONC_ASSUMPTION, NB4, lambda: _eval_urev("K+", "Urev_K_mV")),
    ("A4-Nernst", "Fig. 4(c,d)",
     "the quantum reversal potential follows Nernst versus temperature and concentration ratio",
     "exact overlay", "", NB4, _eval_nernst),
    ("A4-Eq4", "Eq. (4)",
     "Eq. (4) gives zero net current at the Nernst potential",
     "qualitative",
     "each direction's P_T and Maxwell–Boltzmann weight at the energy measured from its own reservoir",
     NB4, _eval_literal),
    ("A5-gNa", "Fig. 5(a,c)", "quantum Na⁺ conductance (experiment ≈ 22.0 pS, MD 9.3 pS)",
     "21.6 pS", FIT_ASSUMPTION, NB5, _eval_gNa),
    ("A5-gK", "Fig. 5(b,d)", "quantum K⁺ conductance (experiment 65–120 pS, MD ≈ 9.2 pS)",
     "118.6 pS", FIT_ASSUMPTION, NB5, _eval_gK),
    ("A5-enh-Na", "Fig. 5(c)", "tunnelling raises the Na⁺ conductance by over 200 % over classical",
     "21.6 vs 9.3 pS", FIT_ASSUMPTION, NB5, lambda: _eval_enhancement("Na+", "g_Na_MD_pS")),
    ("A5-enh-K", "Fig. 5(d)", "the classical model captures under 10 % of the K⁺ flux",
     "118.6 vs 9.2 pS", FIT_ASSUMPTION, NB5, lambda: _eval_enhancement("K+", "g_K_MD_pS")),
    ("A5-subbarrier", "Fig. 5 / text",
     "sub-barrier tunnelling is the dominant driver of the current", "qualitative",
     CONC_ASSUMPTION, NB5, _eval_subbarrier),
)

register_table("A", CLAIMS)
