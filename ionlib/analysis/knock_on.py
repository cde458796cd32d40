"""Paper B analyses built on the models and dynamics: the numbers the figures and claims rest on.

Everything here calls :mod:`ionlib.knockon.models`, :mod:`ionlib.knockon.lindblad` and :mod:`ionlib.knockon.coherence`;
notebooks and the claims ledger (:mod:`ionlib.ledger.knock_on`) share these functions so they agree.
Rates in s⁻¹, times in s.
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np
from scipy.optimize import brentq

from ..knockon.coherence import relative_entropy_coherence
from ..knockon.models import (cardano_eigenvalues, current_per_s, exceptional_point, soft_knock_on,
                       sorted_eigenvalues)
from ..knockon.lindblad import (evolve, heff_prediction, maximally_coherent_state, naive_growth_rate,
                       naive_threshold, scan_stationary, stationary_state)

class PaperBParameters(NamedTuple):
    """Paper B's parameter set (rates in s⁻¹, times in s), one typed record.

    Printed in the paper (Figs 2, 4, 5, 8): ``omega0_per_s``, ``gamma_per_s``, ``c_small_per_s``
    (solid curves), ``c_large_per_s`` (dashed, unstable). Our choices where the paper is silent
    (stated in the pages' Assumption admonitions): ``t_window_s`` (time window of Figs 2, 4, 5),
    ``gammas_fig67_per_s`` (the "various γ" of Figs 6–7), ``c_grid_log10`` (the c axis of
    Figs 6–7: log10 of its ends and its number of points), ``c_in_ratio`` (four-state model:
    c_in = ratio · c), ``c_fig5_per_s`` (the "various c" of Fig. 5).
    """

    omega0_per_s: float = 1e8
    gamma_per_s: float = 0.5e7
    c_small_per_s: float = 1e7
    c_large_per_s: float = 6e7
    t_window_s: float = 3e-6
    gammas_fig67_per_s: tuple = (0.0, 0.5e7, 2e7, 5e7)
    c_grid_log10: tuple = (6.0, 10.0, 200)
    c_in_ratio: float = 1.0
    c_fig5_per_s: tuple = (1e7, 3e7, 6e7, 1e8, 3e8)

    @property
    def c_grid_per_s(self):
        """The c axis of Figs 6–7 (s⁻¹), log-spaced."""
        lo, hi, n = self.c_grid_log10
        return np.logspace(lo, hi, int(n))


#: The book's Paper B parameters. The names below are short aliases of its fields, used by the
#: pages and the ledger.
PAPER_B = PaperBParameters()
OMEGA0_PER_S = PAPER_B.omega0_per_s
GAMMA_PER_S = PAPER_B.gamma_per_s
C_SMALL_PER_S = PAPER_B.c_small_per_s
C_LARGE_PER_S = PAPER_B.c_large_per_s
T_WINDOW_S = PAPER_B.t_window_s
GAMMAS_FIG67_PER_S = PAPER_B.gammas_fig67_per_s
C_GRID_PER_S = PAPER_B.c_grid_per_s
C_IN_RATIO = PAPER_B.c_in_ratio
C_FIG5_PER_S = PAPER_B.c_fig5_per_s


def time_grid_s(n=601, t_max_s=T_WINDOW_S):
    """Uniform time grid 0 … t_max_s (s)."""
    return np.linspace(0.0, t_max_s, n)


def model_b(c=C_SMALL_PER_S, omega0=OMEGA0_PER_S, gamma=GAMMA_PER_S, states=3,
            c_in_ratio=C_IN_RATIO):
    """Soft knock-on model with the paper's defaults; four states use c_in = c_in_ratio·c."""
    kw = {"c_in": c_in_ratio * c} if states == 4 else {}
    return soft_knock_on(c, omega0, gamma, states=states, **kw)


def run(c=C_SMALL_PER_S, omega0=OMEGA0_PER_S, gamma=GAMMA_PER_S, states=3, framework="adjusted",
        t_s=None, c_in_ratio=C_IN_RATIO):
    """Evolve from the maximally coherent state (paper Eq. 13).

    Returns (t_s, rho) with rho of shape (len(t_s), d, d).
    """
    m = model_b(c, omega0, gamma, states, c_in_ratio)
    t = time_grid_s() if t_s is None else np.asarray(t_s, float)
    return t, evolve(m, maximally_coherent_state(m.d), t, framework=framework)


def naive_coherence(c=C_SMALL_PER_S, omega0=OMEGA0_PER_S, gamma=GAMMA_PER_S, t_s=None):
    """Normalised relative-entropy coherence of the naive ρ(t) (complex-eigenvalue entropy,
    real part; see :mod:`ionlib.knockon.coherence`). Returns (t_s, C, max |Im ρ_ii|)."""
    t, rho = run(c, omega0, gamma, framework="naive", t_s=t_s)
    C = relative_entropy_coherence(rho, normalized=True, allow_non_hermitian=True)
    im_diag = np.abs(np.diagonal(rho, axis1=1, axis2=2).imag).max()
    return t, C, float(im_diag)


@lru_cache(maxsize=None)
def naive_stability_map(n_c=60, n_gamma=40, omega0=OMEGA0_PER_S):
    """Largest real part of the naive spectrum on a (γ, c) grid (both 0 … ω₀, linear).

    Returns dict with ``c_per_s`` (n_c), ``gamma_per_s`` (n_gamma), ``growth_per_s``
    (n_gamma, n_c) and ``threshold_per_s`` (n_gamma): the c at which growth sets in.
    """
    cs = np.linspace(0.01, 1.0, n_c) * omega0
    gs = np.linspace(0.0, 1.0, n_gamma) * omega0
    growth = np.array([[naive_growth_rate(soft_knock_on(c, omega0, g)) for c in cs] for g in gs])
    thr = []
    for g in gs:
        try:
            thr.append(naive_threshold(omega0, g, c_lo=1e-3 * omega0, c_hi=20 * omega0,
                                       tol_rel=1e-6))
        except ValueError:
            thr.append(np.nan)          # documented: no instability below 20 ω₀
    return {"c_per_s": cs, "gamma_per_s": gs, "growth_per_s": growth,
            "threshold_per_s": np.array(thr)}


def _obs():
    return {"I_per_s": lambda m, r: current_per_s(m, r),
            "C_norm": lambda m, r: relative_entropy_coherence(r, normalized=True),
            "p3": lambda m, r: r[m.index("3"), m.index("3")].real}


@lru_cache(maxsize=None)
def asymptotic_scan(states=3, omega0=OMEGA0_PER_S, gammas=GAMMAS_FIG67_PER_S,
                    c_in_ratio=C_IN_RATIO, n_c=200):
    """Stationary coherence, current and ρ₃₃ over (γ, c) for Figs 6–7 (spectral method)."""
    cs = np.logspace(6, 10, n_c)
    res = scan_stationary(cs, gammas, omega0, states=states, c_in_ratio=c_in_ratio,
                          observables=_obs())
    res["c_per_s"] = cs
    res["gamma_per_s"] = np.array(gammas)
    return res


def crossover_c(gamma, omega0=OMEGA0_PER_S, level=2.0 / 3.0):
    """c (s⁻¹) at which ρ₃₃(∞) of the three-state model falls to ``level``.

    Default 2/3: half-way between the first-regime value 1 and the large-c value 1/3.
    """
    def f(c):
        return stationary_state(soft_knock_on(c, omega0, gamma))[2, 2].real - level
    return brentq(f, 1e-2 * omega0, 10 * omega0, xtol=1e-6 * omega0)


def four_state_peak(gamma=GAMMA_PER_S, omega0=OMEGA0_PER_S, c_in_ratio=C_IN_RATIO):
    """Maximum of the four-state I(∞) over c and its drop at the largest c of the grid."""
    res = asymptotic_scan(4, omega0, (gamma,), c_in_ratio)
    I = res["I_per_s"][0]
    k = int(np.nanargmax(I))
    return {"c_peak_per_s": float(res["c_per_s"][k]), "I_peak_per_s": float(I[k]),
            "I_end_per_s": float(I[-1]), "c_end_per_s": float(res["c_per_s"][-1])}


def eq16_check(c_values, omega0=OMEGA0_PER_S, corrected=False):
    """Relative deviation |ε_k − nearest numerical eigenvalue of H| / ω₀ for each root k.

    ``corrected=False``: Eq. (16) as printed; ``True``: :func:`eq16_corrected`.
    Returns an array (len(c_values), 3).
    """
    out = []
    for c in np.atleast_1d(c_values):
        num = sorted_eigenvalues(soft_knock_on(c, omega0, 0.0).H)
        eps = eq16_corrected(c, omega0) if corrected else cardano_eigenvalues(c, omega0)
        out.append([np.min(np.abs(num - e)) / omega0 for e in eps])
    return np.array(out)


def eq16_corrected(c, omega0=OMEGA0_PER_S):
    """Eq. (16) with ε₂'s α^{2/3} term multiplied by the cube root of unity e^{2πi/3}."""
    alpha = 9 * c**3 + np.sqrt(complex(81 * c**6 - 12 * omega0**6))
    den = 6 ** (2 / 3) * alpha ** (1 / 3)
    eps = cardano_eigenvalues(c, omega0)
    eps[1] = (-(3 ** (1 / 3) + 3 ** (5 / 6) * 1j) * omega0**2
              + np.exp(2j * np.pi / 3) * 2 ** (1 / 3) * alpha ** (2 / 3)) / den
    return eps


def heff_vs_full(c_values, gamma=GAMMA_PER_S, omega0=OMEGA0_PER_S):
    """Sec. 5 test: the H_eff-only prediction against the full adjusted equation.

    Returns dict of arrays over c: ``rate_heff`` (Im E_max − Im E_2), ``rate_full`` (spectral
    gap of the adjusted generator), ``p3_heff``, ``p3_full`` (ρ₃₃ of the predicted/true state).
    """
    out = {k: [] for k in ("rate_heff", "rate_full", "p3_heff", "p3_full")}
    for c in np.atleast_1d(c_values):
        m = soft_knock_on(c, omega0, gamma)
        pred = heff_prediction(m)
        rho, info = stationary_state(m, return_info=True)
        out["rate_heff"].append(pred["rate_per_s"])
        out["rate_full"].append(info["gap_per_s"])
        out["p3_heff"].append(pred["rho"][2, 2].real)
        out["p3_full"].append(rho[2, 2].real)
    return {k: np.array(v) for k, v in out.items()}


def gamma0_stationarity(omega0=OMEGA0_PER_S, c_values=(C_LARGE_PER_S, 1e8)):
    """Whether a stationary state exists at γ = 0 for the given c (the EP decides)."""
    from ..knockon.lindblad import NoStationaryStateError
    out = {}
    for c in c_values:
        try:
            stationary_state(soft_knock_on(c, omega0, 0.0))
            out[float(c)] = True
        except NoStationaryStateError:
            out[float(c)] = False
    return out


def adjusted_physicality(cs=(1e7, 6e7, 3e8), gammas=(0.0, 0.5e7, 5e7), states=(3, 4)):
    """Worst violations over runs of the adjusted evolution: |Tr−1|, |ρ−ρ†|, min eigenvalue, min C."""
    worst = {"trace_err": 0.0, "herm_err": 0.0, "min_eig": 1.0, "min_C": 1.0}
    for s in states:
        for c in cs:
            for g in gammas:
                _, rho = run(c, gamma=g, states=s, t_s=time_grid_s(201))
                worst["trace_err"] = max(worst["trace_err"],
                                         float(np.abs(np.trace(rho, axis1=1, axis2=2) - 1).max()))
                herm = np.abs(rho - np.swapaxes(rho.conj(), 1, 2)).max()
                worst["herm_err"] = max(worst["herm_err"], float(herm))
                rh = 0.5 * (rho + np.swapaxes(rho.conj(), 1, 2))
                worst["min_eig"] = min(worst["min_eig"], float(np.linalg.eigvalsh(rh).min()))
                worst["min_C"] = min(worst["min_C"], float(relative_entropy_coherence(rh).min()))
    return worst


__all__ = ["OMEGA0_PER_S", "GAMMA_PER_S", "C_SMALL_PER_S", "C_LARGE_PER_S", "T_WINDOW_S",
           "GAMMAS_FIG67_PER_S", "C_IN_RATIO", "time_grid_s", "model_b", "run", "naive_coherence",
           "naive_stability_map", "asymptotic_scan", "crossover_c", "four_state_peak",
           "eq16_check", "eq16_corrected", "heff_vs_full", "gamma0_stationarity",
           "adjusted_physicality", "exceptional_point"]


def asymptotic_p3(c, gamma=GAMMA_PER_S, omega0=OMEGA0_PER_S, states=3):
    """ρ₃₃(∞) of the adjusted evolution (stationary state)."""
    m = model_b(c, omega0, gamma, states)
    return float(stationary_state(m)[m.index("3"), m.index("3")].real)


def asymptotic_C(c, gamma=GAMMA_PER_S, omega0=OMEGA0_PER_S, states=3):
    """Normalised relative-entropy coherence of the stationary state."""
    return float(relative_entropy_coherence(stationary_state(model_b(c, omega0, gamma, states)),
                                            normalized=True))


__all__ += ["asymptotic_p3", "asymptotic_C"]
