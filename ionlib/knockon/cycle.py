"""Configuration cycles in Paper B's framework: the general builder and the hard knock-on cycle.

Units: ħ = 1, every rate and energy in s⁻¹ (angular frequency).

A *configuration cycle* has one basis state per filter configuration |k⟩ (ions, waters and
vacancies on the sites S0…S4 and the cavity) and, as in Polakowski & Panfil's Eqs. (10)–(12):

    H = Σ_k ε_k |k⟩⟨k|                         site energies (the paper's ω₀S_z)
      + Σ_steps c_s |target⟩⟨source|           directed coherent steps (non-Hermitian)
      + Σ_pairs J (|a⟩⟨b| + |b⟩⟨a|)              optional Hermitian couplings
    D[ρ] = γ (LρL† − ½{L†L, ρ}),  L = Σ w |target⟩⟨source|   one collective incoherent step
                                                            operator (the paper's S₋)
         + γ_φ Σ_k (|k⟩⟨k|ρ|k⟩⟨k| − ½{|k⟩⟨k|, ρ})       optional pure dephasing

Each directed step may carry a charge q (+1: it releases one ion to the extracellular side,
−1: it releases one inward); the conduction rate is the paper's I = c ρ₃₃ generalised,
I = Σ_steps q c_s ρ_source,source. The result is an ordinary :class:`KnockOnModel`, so
:func:`ionlib.evolve`, :func:`ionlib.stationary_state`, the coherence functions and
:func:`ionlib.current_per_s` work on it unchanged. :func:`soft_cycle` rebuilds the paper's
three- and four-state models this way (tests check they are identical to
:func:`ionlib.soft_knock_on`).

:func:`hard_knock_on` is the direct (Coulomb) knock-on cycle: no water in the filter, ions in
contact, permeation steps taken from the molecular-dynamics literature (Köpfer et al. 2014;
Kopec et al. 2018; Lam & de Groot 2023); see :data:`HARD_CONFIGURATIONS`.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np

import ionlib._validate as v
import ionlib.knockon._checks as ck
from ._checks import MAX_STATES
from .models import SITES, KnockOnModel, Step, spin_matrices

#: Largest weight of a term of the incoherent step operator L (dimensionless).
MAX_WEIGHT = 1e6


def _as_step(s):
    if isinstance(s, Step):
        return s
    rec = ck.record("steps", s, "(source, target, rate_per_s[, charge]) or a Step", (3, 4))
    try:
        return Step(*rec)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"steps entry {rec!r}: {exc}") from None


def _labels(labels, n=None):
    """Configuration labels: a list or tuple of 2 … MAX_STATES unique str (or int) names."""
    labels = tuple(ck.label("labels", x) for x in
                   ck.sequence("labels", labels, "configuration names (str)"))
    if not 2 <= len(labels) <= MAX_STATES or len(set(labels)) != len(labels):
        raise ValueError(f"labels must be 2 to {MAX_STATES} unique configuration names, got "
                         f"{labels!r}")
    if n is not None and len(labels) != n:
        raise ValueError(f"labels must hold n = {n} names, got {len(labels)}")
    return labels


def configuration_cycle(labels, site_energies_per_s, steps, gamma, incoherent=(),
                        hermitian=(), dephasing_per_s=0.0, occupancy=None, kind="cycle",
                        descriptions=None):
    """Build a configuration-cycle model (see the module docstring for H and D).

    Parameters
    ----------
    labels : list or tuple of str
        Configuration labels in basis order (2 ≤ d ≤ 21, unique).
    site_energies_per_s : array_like, shape (d,)
        Diagonal energies ε_k (s⁻¹), finite, ``|ε_k| <= 1e20``.
    steps : sequence of Step or (source, target, rate_per_s[, charge])
        Directed coherent steps ``c |target⟩⟨source|``; rates in [0, 1e20] (s⁻¹), charge −1, 0
        or +1. Steps between the same pair add up.
    gamma : float
        Rate γ in [0, 1e20] (s⁻¹) of the collective incoherent step operator L.
    incoherent : sequence of (source, target, weight)
        The terms ``w |target⟩⟨source|`` of L (weights in [0, 1e6], dimensionless).
    hermitian : sequence of (a, b, J)
        Hermitian couplings ``J (|a⟩⟨b| + |b⟩⟨a|)``, J real, ``|J| <= 1e20`` (s⁻¹).
    dephasing_per_s : float
        Pure dephasing rate γ_φ in [0, 1e20] (s⁻¹) on every configuration (no term if 0).
    occupancy : dict label -> str, optional
        What each configuration holds on the sites S0, S1, S2, S3, S4, cavity (``SITES``), one
        character per site: "K" (ion), "W" (water), "0" (empty), e.g. ``"0KKKK0"``; used by
        :func:`ionlib.knockon.cycle.ions_in_filter`.
    kind : str
        Name of the model family, stored in ``model.kind``.
    descriptions : dict label -> str, optional
        One line per configuration, stored in ``model.descriptions``.

    Returns
    -------
    KnockOnModel
        ``states`` is d; ``c_per_s`` the largest step rate, ``omega0_per_s`` the largest ``|ε_k|``,
        ``gamma_per_s`` γ; ``steps``, ``current_terms``, ``site_energies_per_s``, ``occupancy``
        and ``descriptions`` as built here.
    """
    labels = _labels(labels)
    d = len(labels)
    eps = v.real_array("site_energies_per_s", site_energies_per_s, -ck.MAX_RATE_PER_S,
                       ck.MAX_RATE_PER_S, unit=ck.RATE_UNIT)
    if eps.shape != (d,):
        raise ValueError(f"site_energies_per_s must hold one energy (s^-1) per entry of labels "
                         f"({d} labels), got shape {eps.shape}")
    gamma = ck.rate("gamma", gamma)
    dephasing = ck.rate("dephasing_per_s", dephasing_per_s)
    v.instance("kind", kind, str)
    idx = {lab: k for k, lab in enumerate(labels)}

    def where(lab, what):
        lab = ck.label(what, lab)
        if lab not in idx:
            raise ValueError(f"{what} label must be one of the labels {labels}, got {lab!r}")
        return idx[lab]

    H = np.diag(eps).astype(complex)
    steps = tuple(_as_step(s) for s in ck.sequence("steps", steps, "Step records"))
    current = []
    for s in steps:
        r = s.rate_per_s
        a, b = where(s.source, "steps source"), where(s.target, "steps target")
        if a == b:
            raise ValueError(f"steps: a step must join two different configurations, got {s!r}")
        H[b, a] += r
        if s.charge:
            current.append((int(s.charge), r, a))
    couplings = []
    for rec in ck.sequence("hermitian", hermitian, "(a, b, J) couplings"):
        a, b, J = ck.record("hermitian", rec, "(a, b, J)", (3,))
        J = ck.energy(f"hermitian coupling J of {a}-{b}", J)
        i, j = where(a, "hermitian"), where(b, "hermitian")
        if i == j:
            raise ValueError("a hermitian coupling must join two different configurations")
        H[i, j] += J
        H[j, i] += J
        couplings.append(J)
    L = np.zeros((d, d), complex)
    incoherent = ck.sequence("incoherent", incoherent, "(source, target, weight) terms")
    for rec in incoherent:
        a, b, w = ck.record("incoherent", rec, "(source, target, weight)", (3,))
        w = v.real_scalar(f"incoherent weight of {a}->{b}", w, 0.0, MAX_WEIGHT)
        L[where(b, "incoherent target"), where(a, "incoherent source")] += w
    jumps = ((gamma, L),) if len(incoherent) else ()
    if dephasing > 0:
        jumps = jumps + tuple((dephasing, np.diag(np.eye(d)[k]).astype(complex))
                              for k in range(d))
    c_max = max([s.rate_per_s for s in steps] + [abs(J) for J in couplings] + [0.0])
    return KnockOnModel(H=H, jumps=jumps, labels=labels, c_per_s=float(c_max),
                        omega0_per_s=float(np.abs(eps).max()), gamma_per_s=gamma, states=d,
                        kind=kind, current_terms=tuple(current), site_energies_per_s=eps,
                        occupancy=occupancy, steps=steps, descriptions=descriptions,
                        dephasing_per_s=dephasing, rate_scale_per_s=dephasing)  # ODE time scale


def ladder(n):
    """S_z diagonal and S₋ weights of spin s = (n − 1)/2 (paper convention S± = (S_x ± iS_y)/√2).

    Returns (m, w): m = (s, s − 1, …, −s) and w[k] = ⟨k+1|S₋|k⟩ for k = 0 … n − 2;
    n an integer in [2, 21].
    """
    n = v.count("n", n, 2, MAX_STATES)
    Sz, _, Sm = spin_matrices((n - 1) / 2)
    return np.diag(Sz).real.copy(), np.array([Sm[k + 1, k].real for k in range(n - 1)])


def soft_cycle(c, omega0, gamma, states=3, c_in=None):
    """Paper B's soft knock-on models rebuilt with :func:`ionlib.configuration_cycle`.

    Identical (H, jump operator, current) to :func:`ionlib.soft_knock_on` with the same arguments:
    three states 1 → 2 → 3 → 1 on the spin-1 ladder, the step 3 → 1 releasing the ion; four states
    add state 0 at the top of a spin-3/2 ladder and the inward cycle 1 → 0 → 2 → 1 at c_in, the
    step 0 → 2 releasing an ion inward.
    """
    states = v.count("states", states, 3, 4)
    omega0 = ck.rate("omega0", omega0)
    c = ck.rate("c", c)
    c_in = 0.0 if c_in is None else ck.rate("c_in", c_in)
    if states == 3 and c_in != 0:
        raise ValueError(f"c_in is only defined for states=4, got c_in={c_in!r} with states=3")
    labels = ("1", "2", "3") if states == 3 else ("0", "1", "2", "3")
    m, w = ladder(states)
    steps = [Step("1", "2", c), Step("2", "3", c), Step("3", "1", c, +1)]
    if states == 4:
        steps += [Step("1", "0", c_in), Step("0", "2", c_in, -1), Step("2", "1", c_in)]
    incoherent = [(labels[k], labels[k + 1], w[k]) for k in range(states - 1)]
    occ = {"1": "0WKWK0", "2": "0KWKW0", "3": "KWKWK0", "0": "K0WKWK"}   # as drawn in Figs B1, B3
    model = configuration_cycle(labels, omega0 * m, steps, gamma, incoherent,
                                occupancy={k: occ[k] for k in labels}, kind="soft knock-on")
    return _with_fields(model, c_per_s=c, omega0_per_s=omega0, c_in_per_s=c_in)


def _with_fields(model, **kw):
    """Copy of a frozen KnockOnModel with some scalar fields replaced."""
    return replace(model, **kw)


#: The hard (direct Coulomb) knock-on cycle kept here, in cycle order. Occupancy strings list
#: S0, S1, S2, S3, S4, cavity ("K" ion, "0" empty; no water inside the filter), as in Lam & de
#: Groot's KPerm, which also writes "W" for water and "C" for an ion sharing S0 or the cavity with
#: water; we drop the water outside S1–S4, so KPerm's WKK0KW, WKK0KC, WKKKKW, KK0KKW are our
#: 1, 2, 3, 4. The step from the last configuration back to the first releases the outermost ion.
HARD_CONFIGURATIONS = {
    4: (("1", "0KK0K0", "three ions: S1, S2, S4 (after release)"),
        ("2", "0KK0KK", "an ion arrives in the cavity"),
        ("3", "0KKKK0", "entry knock-on: S1–S4 all occupied"),
        ("4", "KK0KK0", "Coulomb push: S1→S0, S2→S1")),
    3: (("1", "0KK0KK", "S1, S2, S4 + an ion in the cavity"),
        ("2", "0KKKK0", "entry knock-on: S1–S4 all occupied"),
        ("3", "KK0KK0", "Coulomb push: S1→S0, S2→S1")),
}


def directed_cycle(n, c, omega0, gamma, labels=None, ladder_weights="spin", dephasing_per_s=0.0,
                   occupancy=None, kind="directed cycle", descriptions=None):
    """Uniform directed cycle of n configurations on Paper B's ladder ω₀S_z (spin (n − 1)/2).

    ``H = ω₀S_z + c(|2⟩⟨1| + … + |n⟩⟨n−1| + |1⟩⟨n|)``, ``D[ρ] = γ(S₋ρS₊ − ½{S₊S₋, ρ})`` with S₋
    stepping along the cycle, current I = c ρ_nn (the closing step releases one ion). n = 3 is the
    paper's soft knock-on model; :func:`ionlib.hard_knock_on` is n = 4 with water-free
    configurations.

    Parameters
    ----------
    n : int in [2, 21] (at most ``MAX_STATES`` configurations)
    c, omega0, gamma : float in [0, 1e20] (s⁻¹)
    labels : list or tuple of n str, default "1" … "n"
    ladder_weights : {"spin", "uniform"}   S₋ weights: spin ladder factors or all 1
    dephasing_per_s : float in [0, 1e20] (s⁻¹), optional pure dephasing
    occupancy, descriptions : dict, optional (see :func:`ionlib.configuration_cycle`)
    """
    n = v.count("n", n, 2, MAX_STATES)
    v.one_of("ladder_weights", ladder_weights, ("spin", "uniform"))
    c = ck.rate("c", c)
    omega0 = ck.rate("omega0", omega0)
    labels = tuple(str(k) for k in range(1, n + 1)) if labels is None else _labels(labels, n)
    m, w = ladder(n)
    if ladder_weights == "uniform":
        w = np.ones_like(w)
    steps = [Step(labels[k], labels[k + 1], c) for k in range(n - 1)]
    steps.append(Step(labels[-1], labels[0], c, +1))
    incoherent = [(labels[k], labels[k + 1], w[k]) for k in range(n - 1)]
    model = configuration_cycle(labels, omega0 * m, steps, gamma, incoherent,
                                dephasing_per_s=dephasing_per_s, occupancy=occupancy, kind=kind,
                                descriptions=descriptions)
    return _with_fields(model, c_per_s=c, omega0_per_s=omega0)


def hard_knock_on(c, omega0, gamma, states=4, ladder_weights="spin", dephasing_per_s=0.0):
    """The hard (direct Coulomb) knock-on cycle in Paper B's framework.

    The configurations (``HARD_CONFIGURATIONS``; occupancy of S0, S1, S2, S3, S4, cavity)
    follow the water-free permeation cycles seen in simulations of K⁺ channels (ions in direct
    contact; an ion entering from the cavity pushes the column; the outermost ion leaves from
    S0): 1 = ``0KK0K0``, 2 = ``0KK0KK``, 3 = ``0KKKK0``, 4 = ``KK0KK0``. As in the paper's soft
    knock-on model, they sit on an equally spaced ladder ω₀S_z (spin (n−1)/2) in cycle order,
    each step ``|k⟩ → |k+1⟩`` is a directed coherent step of amplitude c, and the closing step
    from the lowest configuration back to the top releases one ion (I = c ρ_nn); see
    :func:`ionlib.knockon.cycle.directed_cycle`.

    Parameters
    ----------
    c : float
        Coherent step amplitude (s⁻¹), in [0, 1e20].
    omega0 : float
        Ladder spacing ω₀ (s⁻¹), in [0, 1e20].
    gamma : float
        Rate (s⁻¹), in [0, 1e20], of the incoherent step operator S₋ along the cycle (the
        paper's D[ρ]).
    states : {4, 3}
        4 (default): release and cavity arrival are separate configurations. 3: merged, which
        makes H, D and I *identical* to the soft three-state model (only the labels differ).
    ladder_weights : {"spin", "uniform"}
        Weights of S₋: the spin-(n−1)/2 ladder factors (paper convention) or all 1.
    dephasing_per_s : float
        Optional pure dephasing of every configuration (s⁻¹), in [0, 1e20], default 0.

    Returns
    -------
    KnockOnModel (``kind == "hard knock-on"``, with ``occupancy`` and ``descriptions``)
    """
    states = v.count("states", states, 3, 4)
    conf = HARD_CONFIGURATIONS[states]
    return directed_cycle(states, c, omega0, gamma, labels=[x[0] for x in conf],
                          ladder_weights=ladder_weights, dephasing_per_s=dephasing_per_s,
                          occupancy={x[0]: x[1] for x in conf}, kind="hard knock-on",
                          descriptions={x[0]: x[2] for x in conf})


def cycle_exceptional_point(site_energies_per_s):
    """Smallest c (s⁻¹) at which two eigenvalues of a uniform directed cycle coalesce.

    For H = diag(ε) + c·(directed n-cycle), det(λ − H) = Π_k(λ − ε_k) − cⁿ whatever the order of
    the ε_k along the cycle. With real, distinct ε, two real roots merge when cⁿ reaches the
    smallest positive local maximum of q(λ) = Π(λ − ε_k). Three states with ε = (ω₀, 0, −ω₀) give
    (4/27)^{1/6} ω₀ = (12/81)^{1/6} ω₀ (paper Sec. 5); four on the spin-3/2 ladder give (√3/2) ω₀.
    ``site_energies_per_s``: 2 … 21 finite energies, ``|ε| <= 1e20`` (s⁻¹).
    """
    eps = v.real_array("site_energies_per_s", site_energies_per_s, -ck.MAX_RATE_PER_S,
                       ck.MAX_RATE_PER_S, unit=ck.RATE_UNIT, ndim=1, min_size=2,
                       max_size=MAX_STATES)
    if np.ptp(eps) == 0:
        return 0.0
    scale = np.abs(eps).max()
    q = np.poly(eps / scale)
    crit = np.roots(np.polyder(q))
    crit = crit[np.abs(crit.imag) < 1e-9].real
    d2 = np.polyval(np.polyder(q, 2), crit)
    vals = np.polyval(q, crit)
    ok = (d2 < 0) & (vals > 0)
    if not np.any(ok):
        raise ValueError("no exceptional point: q(λ) has no positive local maximum")
    return float(vals[ok].min() ** (1.0 / eps.size) * scale)


def hard_exceptional_point(omega0, states=4):
    """Exceptional point c_EP (s⁻¹) of :func:`hard_knock_on` (γ = 0): √3/2 ω₀ for four states;
    ``omega0`` in [0, 1e20] s⁻¹, ``states`` 3 or 4."""
    omega0 = ck.rate("omega0", omega0)
    states = v.count("states", states, 3, 4)
    return cycle_exceptional_point(omega0 * ladder(states)[0]) if omega0 > 0 else 0.0


def site_occupancy(model, rho):
    """Mean number of ions on each of :data:`SITES` in state ρ (or a stack of states).

    Needs a model built with an ``occupancy`` map (soft, hard knock-on). Returns an array
    (..., 6): ⟨n_S0⟩, ⟨n_S1⟩, …, ⟨n_S4⟩, ⟨n_cav⟩.
    """
    occ = ck.model(model).occupancy
    if not occ:
        raise ValueError("model has no occupancy map (build it with configuration_cycle(..., "
                         "occupancy=...), soft_cycle or hard_knock_on)")
    rho = ck.states_of("rho", rho, model.d)
    N = np.array([[ch == "K" for ch in occ[lab]] for lab in model.labels], float)
    p = np.diagonal(rho, axis1=-2, axis2=-1).real
    return p @ N


def ions_in_filter(model, rho):
    """Mean number of K⁺ ions on the binding sites S1–S4 in state ρ (stack allowed)."""
    return site_occupancy(model, rho)[..., 1:5].sum(-1)


__all__ = ["Step", "SITES", "MAX_WEIGHT", "HARD_CONFIGURATIONS", "configuration_cycle", "ladder", "soft_cycle",
           "directed_cycle", "hard_knock_on", "cycle_exceptional_point", "hard_exceptional_point",
           "site_occupancy", "ions_in_filter"]
