"""Naive and adjusted (hybrid) Lindblad dynamics for the soft knock-on models, and their spectra.

Vectorisation: row-major, vec(A ρ B) = (A ⊗ Bᵀ) vec(ρ), with vec(ρ) = ρ.ravel().

* naive (paper Eq. 1 with the non-Hermitian H as printed): dρ/dt = −i(Hρ − ρH) + D[ρ]; linear.
* adjusted (paper Eq. 6): dρ/dt = −i[𝓗, ρ] − {Γ, ρ} + 2ρ Tr(ρΓ) + D[ρ]. Writing
  𝓛ρ = −i(Hρ − ρH†) + D[ρ], Eq. (6) is dρ/dt = 𝓛ρ − ρ Tr(𝓛ρ), whose exact solution is
  ρ(t) = e^{𝓛t}ρ₀ / Tr(e^{𝓛t}ρ₀). So the long-time state is the leading eigenvector of 𝓛.

Units: t in seconds, rates in s⁻¹, ħ = 1.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from scipy.integrate import solve_ivp
from scipy.linalg import eig, expm

import ionlib._validate as check
import ionlib.knockon._checks as ck
from ._checks import MAX_STATES, MAX_TIMES
from .models import FRAMEWORKS, hermitian_parts


class NoStationaryStateError(ValueError):
    """The adjusted evolution has no unique stationary state (leading eigenvalue complex or
    degenerate): ρ(t) keeps oscillating forever."""


class EvolutionOverflowError(OverflowError, ValueError):
    """ρ(t) left the floating-point range (the naive evolution above its threshold, or times far
    beyond the model's time scales). An ``OverflowError`` and a ``ValueError`` (the times asked
    for are out of reach)."""


def dissipator(jumps, d):
    """Superoperator of D[ρ] = Σ γ_k (L ρ L† − ½{L†L, ρ}), shape (d², d²).

    ``jumps``: sequence of (rate_per_s ≥ 0, L), L of shape (d, d); ``d``: dimension, 1 … 21.
    """
    d = check.count("d", d, 1, MAX_STATES)
    jumps = ck.jumps("jumps", jumps, d)
    I = np.eye(d)
    D = np.zeros((d * d, d * d), complex)
    for rate, L in jumps:
        LdL = L.conj().T @ L
        D += rate * (np.kron(L, L.conj()) - 0.5 * np.kron(LdL, I) - 0.5 * np.kron(I, LdL.T))
    return D


def generator(model, framework="adjusted"):
    """Linear generator 𝓛 (d² × d², s⁻¹) of the chosen framework.

    ``"naive"``: −i(Hρ − ρH) + D[ρ] (the full equation). ``"adjusted"``: −i(Hρ − ρH†) + D[ρ],
    the linear part of Eq. (6); the adjusted state is its trace-renormalised solution.
    """
    ck.model(model)
    check.one_of("framework", framework, FRAMEWORKS)
    H, d = model.H, model.d
    I = np.eye(d)
    right = H.T if framework == "naive" else H.conj()    # ρX → (I ⊗ Xᵀ); X = H or H†
    return -1j * (np.kron(H, I) - np.kron(I, right)) + dissipator(model.jumps, d)


def _initial_state(rho0, d):
    rho0 = check.square_matrix("rho0", rho0)
    if rho0.shape != (d, d):
        raise ValueError(f"rho0 must have shape ({d}, {d}) for this model, got {rho0.shape}")
    if abs(np.trace(rho0) - 1) > 1e-9:
        raise ValueError(f"rho0 must have trace 1, got {np.trace(rho0):.6g}")
    return rho0


def maximally_coherent_state(d):
    """|ψ⟩⟨ψ| with |ψ⟩ = Σ_i |i⟩/√d (paper Eqs. 7 and 13); ``d`` an integer in [1, 21]."""
    d = check.count("d", d, 1, MAX_STATES)
    return np.full((d, d), 1.0 / d, complex)


def _times(t):
    t = np.atleast_1d(check.real_array("t", t, 0.0, unit="s", max_size=MAX_TIMES))
    if t.ndim != 1:
        raise ValueError(f"t must be a 1-D array of times (s), got shape {t.shape}")
    if np.any(np.diff(t) < 0):
        raise ValueError("t must be non-decreasing (seconds)")
    return t


def evolve(model, rho0, t, framework="adjusted", method="expm", rtol=1e-10, atol=1e-12):
    """ρ(t) of the naive or adjusted evolution, starting from ρ₀ at t = 0.

    Parameters
    ----------
    model : KnockOnModel
    rho0 : ndarray (d, d), trace 1
    t : array of float
        Times in seconds, finite, ≥ 0, non-decreasing, at most 100 000 of them
        (e.g. ``np.linspace(0, 2e-6, 400)``).
    framework : {"adjusted", "naive"}
    method : {"expm", "ode"}
        ``"expm"``: exact propagator e^{𝓛Δt} (renormalised for "adjusted"). ``"ode"``:
        ``solve_ivp`` (DOP853) on the equation as printed (for "adjusted", the nonlinear Eq. 6
        with 𝓗, Γ and the trace term), in scaled time τ = t·s with s the largest rate.
    rtol, atol : float
        Tolerances of ``solve_ivp`` (method "ode" only), rtol in (0, 1), atol in (0, 1).

    Returns
    -------
    ndarray, shape (len(t), d, d), complex

    Raises
    ------
    ionlib.knockon.lindblad.EvolutionOverflowError
        (an ``OverflowError`` and a ``ValueError``) if ρ(t) leaves the floating-point range.
    """
    ck.model(model)
    check.one_of("framework", framework, FRAMEWORKS)
    check.one_of("method", method, ("expm", "ode"))
    rtol = check.real_scalar("rtol", rtol, 0.0, 1.0, lo_open=True, hi_open=True)
    atol = check.real_scalar("atol", atol, 0.0, 1.0, lo_open=True, hi_open=True)
    d = model.d
    rho0 = _initial_state(rho0, d)
    t = _times(t)
    if method == "expm":
        L = generator(model, framework)
        if framework == "adjusted":
            # The renormalisation cancels any scalar factor, so shift 𝓛 by its leading growth
            # rate: e^{𝓛Δt} would otherwise overflow for fast rates and long steps.
            L = L - np.max(eig(L, right=False).real) * np.eye(d * d)
        out = np.empty((t.size, d, d), complex)
        v = rho0.ravel()
        prev, cache = 0.0, {}
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):   # checked below
            for k, tk in enumerate(t):
                dt = tk - prev
                key = float(f"{dt:.12e}")               # reuse propagators on uniform grids
                if key not in cache:
                    cache[key] = expm(L * dt)
                v = cache[key] @ v
                if framework == "adjusted":
                    v = v / (v[:: d + 1].sum())
                out[k] = v.reshape(d, d)
                prev = tk
        if not np.all(np.isfinite(out)):
            raise EvolutionOverflowError(f"the {framework} ρ(t) left the floating-point range before "
                                f"t = {t[-1]:.3g} s (the naive evolution grows without bound above "
                                "its threshold); use shorter times t")
        return out
    scale = max(model.omega0_per_s, model.c_per_s, model.c_in_per_s, model.gamma_per_s,
                model.rate_scale_per_s, 1.0)   # ion chain: Γ_in, Γ_out too
    D = dissipator(model.jumps, d) / scale
    if framework == "naive":
        Hs = model.H / scale

        def rhs(_, y):
            r = y.reshape(d, d)
            return (-1j * (Hs @ r - r @ Hs)).ravel() + D @ y
    else:
        Hh, G = (X / scale for X in hermitian_parts(model.H))

        def rhs(_, y):
            r = y.reshape(d, d)
            out = -1j * (Hh @ r - r @ Hh) - (G @ r + r @ G) + 2 * r * np.trace(r @ G)
            return out.ravel() + D @ y
    sol = solve_ivp(rhs, (0.0, t[-1] * scale), rho0.ravel(), method="DOP853", t_eval=t * scale,
                    rtol=rtol, atol=atol)
    if not sol.success:
        raise RuntimeError(f"solve_ivp failed: {sol.message}")
    out = sol.y.T.reshape(t.size, d, d)
    if not np.all(np.isfinite(out)):
        raise EvolutionOverflowError(f"the {framework} ρ(t) left the floating-point range before "
                                     f"t = {t[-1]:.3g} s; use shorter times t")
    return out


def spectrum(model, framework="adjusted"):
    """Eigenvalues (s⁻¹) of the generator of a :class:`KnockOnModel`, sorted by decreasing real
    part."""
    ev = eig(generator(model, framework), right=False)
    return ev[np.argsort(-ev.real, kind="stable")]


def _leading(model, rtol):
    L = generator(model, "adjusted")
    ev, vr = eig(L)
    order = np.argsort(-ev.real, kind="stable")
    ev, vr = ev[order], vr[:, order]
    scale = max(np.abs(ev).max(), 1.0)
    gap = ev[0].real - ev[1].real
    complex_lead = abs(ev[0].imag) > rtol * scale
    degenerate = gap <= rtol * scale
    return ev, vr, gap, complex_lead, degenerate


def stationary_state(model, rtol=1e-9, return_info=False):
    """Long-time state of the adjusted evolution, exactly: leading eigenvector of 𝓛.

    Parameters
    ----------
    model : KnockOnModel
    rtol : float
        Relative tolerance (of the generator's spectral radius), in [1e-15, 1), below which the
        leading eigenvalue counts as complex or degenerate.
    return_info : bool
        Also return a dict with the leading eigenvalue and the spectral gap (s⁻¹), the slowest
        relaxation rate of the normalised state.

    Returns
    -------
    rho : ndarray (d, d), Hermitian, trace 1
    info : dict (only if ``return_info``)

    Raises
    ------
    NoStationaryStateError
        If the leading eigenvalue is complex or degenerate in real part (then ρ(t) keeps
        oscillating; e.g. γ = 0 below the exceptional point).
    """
    ck.model(model)
    rtol = check.real_scalar("rtol", rtol, 1e-15, 1.0, hi_open=True)    # below: round-off
    return_info = check.flag("return_info", return_info)
    d = model.d
    ev, vr, gap, complex_lead, degenerate = _leading(model, rtol)
    if complex_lead or degenerate:
        why = "complex" if complex_lead else "degenerate in real part"
        raise NoStationaryStateError(
            f"no stationary state: the leading eigenvalue {ev[0]:.4g} s^-1 is {why} "
            f"(gap {gap:.3g} s^-1, relative tolerance rtol = {rtol:g}); rho(t) keeps oscillating")
    rho = vr[:, 0].reshape(d, d)
    rho = rho / np.trace(rho)
    rho = 0.5 * (rho + rho.conj().T)
    if return_info:
        return rho, {"leading_eigenvalue_per_s": complex(ev[0]), "gap_per_s": float(gap)}
    return rho


def scan_stationary(c_values, gamma_values, omega0, states=3, c_in_ratio=0.0, observables=None):
    """Stationary states of the adjusted evolution over a (c, γ) grid, by the spectral method.

    Parameters
    ----------
    c_values, gamma_values : 1-D arrays (s⁻¹), each value in [0, 1e20]
    omega0 : float (s⁻¹), in [0, 1e20]
    states : {3, 4}
    c_in_ratio : float
        Four-state model: c_in = c_in_ratio · c, c_in_ratio in [0, 1e6]. The three-state model
        has no inward pathway and ignores it.
    observables : dict name -> callable(model, rho) -> float, optional

    Returns
    -------
    dict with ``exists`` (bool array, shape (len(gamma), len(c))), ``gap_per_s`` and one array per
    observable. Where no stationary state exists the observables are NaN *and* ``exists`` is False.
    """
    from .models import soft_knock_on
    c_values, gamma_values = (
        np.atleast_1d(check.real_array(name, x, 0.0, ck.MAX_RATE_PER_S, unit=ck.RATE_UNIT))
        for name, x in (("c_values", c_values), ("gamma_values", gamma_values)))
    for name, x in (("c_values", c_values), ("gamma_values", gamma_values)):
        if x.ndim != 1:
            raise ValueError(f"{name} must be a 1-D array of rates (s^-1), got shape {x.shape}")
    omega0 = ck.rate("omega0", omega0)
    states = check.count("states", states, 3, 4)
    c_in_ratio = check.real_scalar("c_in_ratio", c_in_ratio, 0.0, 1e6)
    if observables is None:
        observables = {}
    check.instance("observables", observables, Mapping, "dict name -> callable(model, rho)")
    for k, f in observables.items():
        if not isinstance(k, str) or not callable(f):
            raise TypeError(f"observables must map names (str) to callables f(model, rho), got "
                            f"{k!r}: {f!r}")
    shape = (gamma_values.size, c_values.size)
    res = {"exists": np.zeros(shape, bool), "gap_per_s": np.full(shape, np.nan)}
    res.update({k: np.full(shape, np.nan) for k in observables})
    for i, g in enumerate(gamma_values):
        for j, c in enumerate(c_values):
            kw = {"c_in": c_in_ratio * c} if states == 4 else {}
            m = soft_knock_on(c, omega0, g, states=states, **kw)
            try:
                rho, info = stationary_state(m, return_info=True)
            except NoStationaryStateError:
                continue
            res["exists"][i, j] = True
            res["gap_per_s"][i, j] = info["gap_per_s"]
            for k, f in observables.items():
                res[k][i, j] = f(m, rho)
    return res


def naive_growth_rate(model):
    """Largest real part (s⁻¹) of the naive generator's spectrum of a :class:`KnockOnModel`.
    > 0 means growing oscillations.

    The naive equation preserves the trace, so 0 is always an eigenvalue; the returned value is
    the largest real part among all eigenvalues (≥ 0 up to round-off).
    """
    return float(spectrum(model, "naive").real.max())


def naive_threshold(omega0, gamma, c_lo=None, c_hi=None, tol_rel=1e-10):
    """Smallest c (s⁻¹) at which the naive evolution becomes unstable, by bisection on the sign
    of the largest real part of its spectrum (relative threshold 1e-7·ω₀ against round-off).

    Parameters
    ----------
    omega0 : float (s⁻¹), in (0, 1e20]
    gamma : float (s⁻¹), in [0, 1e20]
    c_lo, c_hi : float, optional
        Bracket (s⁻¹), 0 < c_lo < c_hi ≤ 1e20; defaults 1e-3·ω₀ and 10·ω₀ (must be stable at
        c_lo, unstable at c_hi).
    tol_rel : float
        Relative width of the final bracket, in [1e-15, 1).
    """
    from .models import soft_knock_on
    omega0 = ck.rate("omega0", omega0, allow_zero=False)
    gamma = ck.rate("gamma", gamma)
    c_lo = 1e-3 * omega0 if c_lo is None else ck.rate("c_lo", c_lo, allow_zero=False)
    c_hi = 10 * omega0 if c_hi is None else ck.rate("c_hi", c_hi, allow_zero=False)
    if not c_lo < c_hi:
        raise ValueError(f"c_lo must be below c_hi (s^-1), got c_lo={c_lo:g}, c_hi={c_hi:g}")
    # below ~1e-15 the bracket cannot shrink (float spacing) and bisection would never stop
    tol_rel = check.real_scalar("tol_rel", tol_rel, 1e-15, 1.0, hi_open=True)
    thr = 1e-7 * max(omega0, gamma, 1.0)

    def unstable(c):
        return naive_growth_rate(soft_knock_on(c, omega0, gamma)) > thr

    if unstable(c_lo) or not unstable(c_hi):
        raise ValueError(f"bracket [{c_lo:g}, {c_hi:g}] does not straddle the instability: the naive "
                         f"evolution with omega0 = {omega0:g}, gamma = {gamma:g} s^-1 must be stable "
                         f"at c_lo and unstable at c_hi")
    while c_hi - c_lo > tol_rel * c_hi:
        mid = 0.5 * (c_lo + c_hi)
        if not c_lo < mid < c_hi:          # bracket at float resolution
            break
        c_lo, c_hi = (c_lo, mid) if unstable(mid) else (mid, c_hi)
    return 0.5 * (c_lo + c_hi)


def heff_prediction(model):
    """Sec. 5 of the paper: the long-time state predicted from H_eff alone.

    Returns a dict: ``rho`` = |a⟩⟨a| for the eigenvector of H_eff with the largest imaginary
    eigenvalue, ``rate_per_s`` = Im E_max − Im E_second (the rate at which that state wins in the
    normalised no-jump dynamics), and the eigenvalues. ``model``: a :class:`KnockOnModel`
    with at least two states.
    """
    from .models import effective_hamiltonian
    if ck.model(model).d < 2:
        raise ValueError(f"model must have at least 2 states for a rate, got d = {model.d}")
    E, V = eig(effective_hamiltonian(model))
    order = np.argsort(-E.imag, kind="stable")
    E, V = E[order], V[:, order]
    a = V[:, 0] / np.linalg.norm(V[:, 0])
    return {"rho": np.outer(a, a.conj()), "rate_per_s": float(E[0].imag - E[1].imag),
            "eigenvalues_per_s": E}
