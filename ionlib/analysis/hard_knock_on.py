"""Fig. B9 numbers: soft vs hard knock-on vs the Vaziri–Plenio chain, from the stationary states.

Everything here calls :mod:`ionlib.knockon` (models, cycle, chain, lindblad, coherence); the Fig. B9
notebook and the ledger rows in :mod:`ionlib.ledger.hard_knock_on` share these functions. Rates in
s⁻¹. "Soft" is the paper's three-state model, "hard" our four-configuration direct knock-on cycle
(:func:`ionlib.knockon.cycle.hard_knock_on`).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy.optimize import brentq, minimize_scalar

from ..knockon.chain import ion_chain
from ..knockon.coherence import relative_entropy_coherence
from ..knockon.cycle import (directed_cycle, hard_exceptional_point, hard_knock_on, ions_in_filter,
                             soft_cycle)
from ..knockon.lindblad import NoStationaryStateError, stationary_state
from ..knockon.models import current_per_s, exceptional_point
from .knock_on import C_GRID_PER_S, GAMMA_PER_S, GAMMAS_FIG67_PER_S, OMEGA0_PER_S

#: The two mechanisms compared, in plotting order.
MECHANISMS = ("soft", "hard")
#: γ values of the c scans (those of Figs B6–B7, our choice there too).
GAMMAS_PER_S = GAMMAS_FIG67_PER_S
#: The c scans Fig. B9 draws (and the ledger reuses): the paper's γ and a strong one, 120 c values.
GAMMAS_FIG_PER_S = (GAMMA_PER_S, 5e7)
N_C_FIG = 120
#: γ axis of the γ scans (s⁻¹).
GAMMA_GRID_PER_S = np.logspace(5, 11, 61)
#: c at which the γ scans are taken: 2ω₀, inside the second regime of both models (our choice).
C_GAMMA_SCAN_PER_S = 2 * OMEGA0_PER_S
#: "around 10⁸ ions/s", the K⁺-channel throughput quoted in Paper B's introduction.
PHYSIOLOGICAL_RATE_PER_S = 1e8
#: Vaziri–Plenio chain of Fig. B9 (our choices): four sites (S1–S4), J = ω₀ of Paper B,
#: Γ_in = Γ_out = J, disorder drawn uniformly from [−W/2, W/2] with W = 5J and a fixed seed.
CHAIN_SITES = 4
CHAIN_HOPPING_PER_S = 1e8
CHAIN_INJECTION_PER_S = 1e8
CHAIN_EXTRACTION_PER_S = 1e8
CHAIN_DISORDER_WIDTH_PER_S = 5e8
CHAIN_SEED = 1


def model(mechanism, c, omega0=OMEGA0_PER_S, gamma=GAMMA_PER_S):
    """Soft (paper's three states) or hard (our four configurations) knock-on model.

    The soft model is :func:`ionlib.knockon.cycle.soft_cycle`, identical to
    :func:`ionlib.soft_knock_on` but carrying the site occupancy of each configuration.
    """
    if mechanism == "soft":
        return soft_cycle(c, omega0, gamma)
    if mechanism == "hard":
        return hard_knock_on(c, omega0, gamma)
    raise ValueError(f"mechanism must be one of {MECHANISMS}, got {mechanism!r}")


def exceptional_points(omega0=OMEGA0_PER_S):
    """c_EP (s⁻¹) of both mechanisms (γ = 0): (4/27)^{1/6} ω₀ and (√3/2) ω₀."""
    return {"soft": exceptional_point(omega0), "hard": hard_exceptional_point(omega0)}


def observables(m, rho):
    """I(∞) (s⁻¹), normalised relative-entropy coherence, ions on S1–S4 of a stationary state."""
    return {"I_per_s": float(current_per_s(m, rho)),
            "C_norm": float(relative_entropy_coherence(rho, normalized=True)),
            "N_ions": float(ions_in_filter(m, rho))}


def stationary_observables(mechanism, c, omega0=OMEGA0_PER_S, gamma=GAMMA_PER_S):
    """:func:`observables` of the exact stationary state (NaN-free; raises if none exists)."""
    m = model(mechanism, c, omega0, gamma)
    return observables(m, stationary_state(m))


def _scan(builder, xs):
    keys = ("I_per_s", "C_norm", "N_ions")
    out = {k: np.full(len(xs), np.nan) for k in keys}
    out["exists"] = np.zeros(len(xs), bool)
    for j, x in enumerate(xs):
        m = builder(x)
        try:
            rho = stationary_state(m)
        except NoStationaryStateError:
            continue
        out["exists"][j] = True
        for k, v in observables(m, rho).items():
            out[k][j] = v
    return out


@lru_cache(maxsize=None)
def scan_c(mechanism, omega0=OMEGA0_PER_S, gammas=GAMMAS_PER_S, n_c=200):
    """I(∞), C_norm(∞), ions on S1–S4 over c ∈ [1e6, 1e10] s⁻¹ (log grid) for each γ.

    Returns dict: ``c_per_s`` (n_c), ``gamma_per_s``, and arrays (len(gammas), n_c) ``I_per_s``,
    ``C_norm``, ``N_ions``, ``exists`` (False, observables NaN, where ρ(t) keeps oscillating).
    """
    cs = C_GRID_PER_S if n_c == C_GRID_PER_S.size else np.logspace(6, 10, n_c)
    rows = [_scan(lambda c, g=g: model(mechanism, c, omega0, g), cs) for g in gammas]
    res = {k: np.array([r[k] for r in rows]) for k in rows[0]}
    res.update(c_per_s=cs, gamma_per_s=np.array(gammas, float))
    return res


@lru_cache(maxsize=None)
def scan_gamma(mechanism, c=C_GAMMA_SCAN_PER_S, omega0=OMEGA0_PER_S):
    """I(∞), C_norm(∞), ions on S1–S4 against γ (:data:`GAMMA_GRID_PER_S`) at fixed c."""
    res = _scan(lambda g: model(mechanism, c, omega0, g), GAMMA_GRID_PER_S)
    res["gamma_per_s"] = GAMMA_GRID_PER_S
    return res


def current_local_maximum(mechanism, gamma=GAMMA_PER_S, omega0=OMEGA0_PER_S):
    """Interior local maximum of I(∞) against c below c_EP, refined; None if I(∞) rises throughout.

    Returns dict ``c_per_s``, ``I_per_s``, ``C_norm``, ``N_ions`` at the maximum and
    ``I_dip_per_s``, ``c_dip_per_s`` at the following minimum (the current falls before it rises again ∝ c).
    """
    c_ep = exceptional_points(omega0)[mechanism]
    cs = np.linspace(0.2, 1.5, 66) * c_ep
    I = np.array([stationary_observables(mechanism, c, omega0, gamma)["I_per_s"] for c in cs])
    k = [j for j in range(1, cs.size - 1) if I[j] > I[j - 1] and I[j] >= I[j + 1]]
    if not k:
        return None
    k = k[0]
    neg = lambda sign: (lambda c: sign * stationary_observables(mechanism, c, omega0,  # noqa: E731
                                                                 gamma)["I_per_s"])
    top = minimize_scalar(neg(-1), bounds=(cs[k - 1], cs[k + 1]), method="bounded",
                          options={"xatol": 1e-7 * c_ep})
    j = k + int(np.argmin(I[k:]))
    dip = minimize_scalar(neg(+1), bounds=(cs[max(j - 1, k)], cs[min(j + 1, cs.size - 1)]),
                          method="bounded", options={"xatol": 1e-7 * c_ep})
    out = {"c_per_s": float(top.x)} | stationary_observables(mechanism, top.x, omega0, gamma)
    out.update(c_dip_per_s=float(dip.x), I_dip_per_s=float(dip.fun))
    return out


def c_at_current(mechanism, target_per_s=PHYSIOLOGICAL_RATE_PER_S, gamma=GAMMA_PER_S,
                 omega0=OMEGA0_PER_S):
    """Smallest c at which I(∞) reaches ``target_per_s``, with C_norm and ions there."""
    cs = np.logspace(np.log10(target_per_s) - 1, np.log10(target_per_s) + 2, 61)
    def f(c):
        return stationary_observables(mechanism, c, omega0, gamma)["I_per_s"] - target_per_s

    vals = np.array([f(c) for c in cs])
    up = np.nonzero((vals[:-1] < 0) & (vals[1:] >= 0))[0]
    if up.size == 0:
        raise ValueError(f"I(∞) does not reach {target_per_s:g} s^-1 for c in "
                         f"[{cs[0]:.2g}, {cs[-1]:.2g}] s^-1")
    c = brentq(f, cs[up[0]], cs[up[0] + 1], xtol=1e-9 * target_per_s)
    return {"c_per_s": float(c)} | stationary_observables(mechanism, c, omega0, gamma)


def high_current_with_coherence(target_per_s=PHYSIOLOGICAL_RATE_PER_S, gamma=GAMMA_PER_S,
                                omega0=OMEGA0_PER_S):
    """:func:`c_at_current` for both mechanisms: is I(∞) = 10⁸ s⁻¹ reached with finite coherence?"""
    return {m: c_at_current(m, target_per_s, gamma, omega0) for m in MECHANISMS}


def scan_omega0(mechanism, c=OMEGA0_PER_S, gamma=GAMMA_PER_S, omegas=None):
    """I(∞) against ω₀ at fixed c (ω₀ from 0.1c to 30c by default): the current as the ladder,
    e.g. a driving force, is changed while the coherent rate stays fixed."""
    omegas = np.logspace(np.log10(c) - 1, np.log10(c) + 1.5, 121) if omegas is None else omegas
    res = _scan(lambda w: model(mechanism, c, w, gamma), np.asarray(omegas, float))
    res["omega0_per_s"] = np.asarray(omegas, float)
    return res


def generic_cycles(ns=(3, 4, 5, 6), omega0=OMEGA0_PER_S, gamma=GAMMA_PER_S):
    """The paper's features for uniform directed cycles of n configurations (spin ladder).

    Returns a list of dicts: n, c_EP/ω₀, I/c at c = 0.1ω₀ (first regime), and I/c and C_norm at
    c = 100ω₀ (deep in the second regime; I/c → 1/n).
    """
    from ..knockon.cycle import cycle_exceptional_point, ladder
    rows = []
    for n in ns:
        lo, hi = (directed_cycle(n, f * omega0, omega0, gamma) for f in (0.1, 100.0))
        r_lo, r_hi = stationary_state(lo), stationary_state(hi)
        rows.append({"n": n, "c_ep_over_omega0": cycle_exceptional_point(ladder(n)[0]),
                     "I_over_c_small": float(current_per_s(lo, r_lo)) / lo.c_per_s,
                     "I_over_c_large": float(current_per_s(hi, r_hi)) / hi.c_per_s,
                     "C_large": float(relative_entropy_coherence(r_hi, normalized=True))})
    return rows


def chain_site_energies(disordered=True, width_per_s=CHAIN_DISORDER_WIDTH_PER_S, seed=CHAIN_SEED,
                        n_sites=CHAIN_SITES):
    """ε_j (s⁻¹): uniform in [−W/2, W/2] from ``numpy.random.default_rng(seed)``, or zeros."""
    if not disordered:
        return np.zeros(n_sites)
    return np.random.default_rng(seed).uniform(-0.5, 0.5, n_sites) * width_per_s


def chain(gamma, disordered=True, seed=CHAIN_SEED):
    """The Fig. B9 Vaziri–Plenio chain with dephasing ``gamma`` (s⁻¹)."""
    return ion_chain(CHAIN_SITES, CHAIN_HOPPING_PER_S, gamma, CHAIN_INJECTION_PER_S,
                     CHAIN_EXTRACTION_PER_S, chain_site_energies(disordered, seed=seed))


def chain_current(gamma, disordered=True, seed=CHAIN_SEED):
    """Stationary current Γ_out ρ_NN (s⁻¹) of :func:`chain`."""
    m = chain(gamma, disordered, seed)
    return float(current_per_s(m, stationary_state(m)))


@lru_cache(maxsize=None)
def chain_scan(disordered=True, seed=CHAIN_SEED):
    """Chain current against dephasing γ on :data:`GAMMA_GRID_PER_S` (plus γ = 0)."""
    I = np.array([chain_current(g, disordered, seed) for g in GAMMA_GRID_PER_S])
    return {"gamma_per_s": GAMMA_GRID_PER_S, "I_per_s": I,
            "I_zero_per_s": chain_current(0.0, disordered, seed)}


def chain_optimum(disordered=True, seed=CHAIN_SEED):
    """Optimal dephasing of the chain: γ maximising the current, refined on log γ.

    Returns dict ``gamma_opt_per_s`` (NaN if I(γ) only falls: no optimum), ``I_opt_per_s``,
    ``I_zero_per_s`` (γ = 0), ``gain`` = I_opt / I(0), ``monotone_decreasing`` (bool as float).
    """
    s = chain_scan(disordered, seed)
    I, gs = s["I_per_s"], s["gamma_per_s"]
    k = int(np.argmax(I))
    mono = bool(np.all(np.diff(I) <= 1e-12 * I.max()) and s["I_zero_per_s"] >= I[0])
    if k == 0 or k == gs.size - 1:
        return {"gamma_opt_per_s": np.nan, "I_opt_per_s": float(max(I.max(), s["I_zero_per_s"])),
                "I_zero_per_s": s["I_zero_per_s"], "gain": 1.0, "monotone_decreasing": float(mono)}
    res = minimize_scalar(lambda lg: -chain_current(10 ** lg, disordered, seed),
                          bounds=(np.log10(gs[k - 1]), np.log10(gs[k + 1])), method="bounded",
                          options={"xatol": 1e-6})
    g, Iopt = 10 ** float(res.x), -float(res.fun)
    return {"gamma_opt_per_s": g, "I_opt_per_s": Iopt, "I_zero_per_s": s["I_zero_per_s"],
            "gain": Iopt / s["I_zero_per_s"], "monotone_decreasing": float(mono)}


def chain_disorder_robustness(seeds=tuple(range(1, 11))):
    """Share of disorder realisations (seeds) whose current has an interior optimum in γ
    (coarse grid: every fifth γ of :data:`GAMMA_GRID_PER_S`)."""
    found = []
    for s in seeds:
        I = np.array([chain_current(g, True, s) for g in GAMMA_GRID_PER_S[::5]])
        k = int(np.argmax(I))
        found.append(0 < k < I.size - 1 and I[k] > chain_current(0.0, True, s))
    return {"n_seeds": len(found), "share_with_optimum": float(np.mean(found))}


__all__ = ["MECHANISMS", "GAMMAS_PER_S", "GAMMAS_FIG_PER_S", "N_C_FIG", "GAMMA_GRID_PER_S", "C_GAMMA_SCAN_PER_S",
           "PHYSIOLOGICAL_RATE_PER_S", "CHAIN_SITES", "CHAIN_HOPPING_PER_S",
           "CHAIN_INJECTION_PER_S", "CHAIN_EXTRACTION_PER_S", "CHAIN_DISORDER_WIDTH_PER_S",
           "CHAIN_SEED", "model", "exceptional_points", "observables", "stationary_observables",
           "scan_c", "scan_gamma", "current_local_maximum", "c_at_current",
           "high_current_with_coherence", "scan_omega0", "generic_cycles", "chain_site_energies",
           "chain", "chain_current", "chain_scan", "chain_optimum", "chain_disorder_robustness"]
