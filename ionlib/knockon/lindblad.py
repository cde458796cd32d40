"""Naive and adjusted (hybrid) Lindblad dynamics for the soft knock-on models, and their spectra.

Vectorisation: row-major, vec(A ρ B) = (A ⊗ Bᵀ) vec(ρ), with vec(ρ) = ρ.ravel().

* naive (paper Eq. 1 with the non-Hermitian H as printed): dρ/dt = −i(Hρ − ρH) + D[ρ]; linear.
* adjusted (paper Eq. 6): dρ/dt = −i[𝓗, ρ] − {Γ, ρ} + 2ρ Tr(ρΓ) + D[ρ]. Writing
  𝓛ρ = −i(Hρ − ρH†) + D[ρ], Eq. (6) is dρ/dt = 𝓛ρ − ρ Tr(𝓛ρ), whose exact solution is
  ρ(t) = e^{𝓛t}ρ₀ / Tr(e^{𝓛t}ρ₀). So the long-time state is the leading eigenvector of 𝓛.

Units: t in seconds, rates in s⁻¹, ħ = 1.
"""
from __future__ import annotations

import numpy as np
from scipy.integrate import solve_ivp
from scipy.linalg import eig, expm

from .models import FRAMEWORKS, KnockOnModel, hermitian_parts


class NoStationaryStateError(ValueError):
    """The adjusted evolution has no unique stationary state (leading eigenvalue complex or
    degenerate): ρ(t) keeps oscillating forever."""


def _check_model(model):
    if not isinstance(model, KnockOnModel):
        raise ValueError(f"model must be a KnockOnModel from ionlib.soft_knock_on, got {type(model)}")


def _check_framework(framework):
    if framework not in FRAMEWORKS:
        raise ValueError(f"framework must be one of {FRAMEWORKS}, got {framework!r}")


def dissipator(jumps, d):
    """Superoperator of D[ρ] = Σ γ_k (L ρ L† − ½{L†L, ρ}), shape (d², d²)."""
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
    _check_model(model)
    _check_framework(framework)
    H, d = model.H, model.d
    I = np.eye(d)
    right = H.T if framework == "naive" else H.conj()    # ρX → (I ⊗ Xᵀ); X = H or H†
    return -1j * (np.kron(H, I) - np.kron(I, right)) + dissipator(model.jumps, d)


def _check_rho(rho0, d):
    rho0 = np.asarray(rho0, complex)
    if rho0.ndim != 2 or rho0.shape[0] != rho0.shape[1]:
        raise ValueError(f"rho0 must be a square matrix, got shape {rho0.shape}")
    if rho0.shape != (d, d):
        raise ValueError(f"rho0 must have shape ({d}, {d}) for this model, got {rho0.shape}")
    if not np.all(np.isfinite(rho0)):
        raise ValueError("rho0 must be finite")
    if abs(np.trace(rho0) - 1) > 1e-9:
        raise ValueError(f"rho0 must have trace 1, got {np.trace(rho0):.6g}")
    return rho0


def maximally_coherent_state(d):
    """|ψ⟩⟨ψ| with |ψ⟩ = Σ_i |i⟩/√d (paper Eqs. 7 and 13)."""
    if int(d) != d or d < 1:
        raise ValueError(f"d must be a positive integer, got {d!r}")
    return np.full((int(d), int(d)), 1.0 / d, complex)


def _check_times(t_s):
    t = np.atleast_1d(np.asarray(t_s, float))
    if t.ndim != 1 or t.size == 0 or not np.all(np.isfinite(t)):
        raise ValueError("t must be a non-empty 1-D array of finite times in seconds")
    if t[0] < 0 or np.any(np.diff(t) < 0):
        raise ValueError("t must be non-negative and non-decreasing (seconds)")
    return t


def evolve(model, rho0, t, framework="adjusted", method="expm", rtol=1e-10, atol=1e-12):
    """ρ(t) of the naive or adjusted evolution, starting from ρ₀ at t = 0.

    Parameters
    ----------
    model : KnockOnModel
    rho0 : ndarray (d, d), trace 1
    t : array of float
        Times in seconds, ≥ 0, non-decreasing (e.g. ``np.linspace(0, 2e-6, 400)``).
    framework : {"adjusted", "naive"}
    method : {"expm", "ode"}
        ``"expm"``: exact propagator e^{𝓛Δt} (renormalised for "adjusted"). ``"ode"``:
        ``solve_ivp`` (DOP853) on the equation as printed (for "adjusted", the nonlinear Eq. 6
        with 𝓗, Γ and the trace term), in scaled time τ = t·s with s the largest rate.
    rtol, atol : float
        Tolerances of ``solve_ivp`` (method "ode" only).

    Returns
    -------
    ndarray, shape (len(t), d, d), complex
    """
    _check_model(model)
    _check_framework(framework)
    d = model.d
    rho0 = _check_rho(rho0, d)
    t = _check_times(t)
    if method == "expm":
        L = generator(model, framework)
        if framework == "adjusted":
            # The renormalisation cancels any scalar factor, so shift 𝓛 by its leading growth
            # rate: e^{𝓛Δt} would otherwise overflow for fast rates and long steps.
            L = L - np.max(eig(L, right=False).real) * np.eye(d * d)
        out = np.empty((t.size, d, d), complex)
        v = rho0.ravel()
        prev, cache = 0.0, {}
        for k, tk in enumerate(t):
            dt = tk - prev
            key = float(f"{dt:.12e}")                   # reuse propagators on uniform grids
            if key not in cache:
                cache[key] = expm(L * dt)
            v = cache[key] @ v
            if framework == "adjusted":
                v = v / (v[:: d + 1].sum())
            out[k] = v.reshape(d, d)
            prev = tk
        if not np.all(np.isfinite(out)):
            raise OverflowError(f"the {framework} ρ(t) left the floating-point range before "
                                f"t = {t[-1]:.3g} s (the naive evolution grows without bound above "
                                "its threshold); use shorter times")
        return out
    if method != "ode":
        raise ValueError(f"method must be 'expm' or 'ode', got {method!r}")
    scale = max(model.omega0_per_s, model.c_per_s, model.c_in_per_s, model.gamma_per_s,
                model.extra.get("rate_scale_per_s", 0.0), 1.0)   # ion chain: Γ_in, Γ_out too
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
    return sol.y.T.reshape(t.size, d, d)


def spectrum(model, framework="adjusted"):
    """Eigenvalues (s⁻¹) of the generator, sorted by decreasing real part."""
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
        Relative tolerance (of the generator's spectral radius) below which the leading
        eigenvalue counts as complex or degenerate.
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
    _check_model(model)
    d = model.d
    ev, vr, gap, complex_lead, degenerate = _leading(model, rtol)
    if complex_lead or degenerate:
        why = "complex" if complex_lead else "degenerate in real part"
        raise NoStationaryStateError(
            f"no stationary state: the leading eigenvalue {ev[0]:.4g} s^-1 is {why} "
            f"(gap {gap:.3g} s^-1); rho(t) keeps oscillating")
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
    c_values, gamma_values : 1-D arrays (s⁻¹)
    omega0 : float (s⁻¹)
    states : {3, 4}
    c_in_ratio : float
        Four-state model: c_in = c_in_ratio · c.
    observables : dict name -> callable(model, rho) -> float, optional

    Returns
    -------
    dict with ``exists`` (bool array, shape (len(gamma), len(c))), ``gap_per_s`` and one array per
    observable. Where no stationary state exists the observables are NaN *and* ``exists`` is False.
    """
    from .models import soft_knock_on
    c_values = np.atleast_1d(np.asarray(c_values, float))
    gamma_values = np.atleast_1d(np.asarray(gamma_values, float))
    observables = observables or {}
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
    """Largest real part (s⁻¹) of the naive generator's spectrum. > 0 means growing oscillations.

    The naive equation preserves the trace, so 0 is always an eigenvalue; the returned value is
    the largest real part among all eigenvalues (≥ 0 up to round-off).
    """
    return float(spectrum(model, "naive").real.max())


def naive_threshold(omega0, gamma, c_lo=None, c_hi=None, tol_rel=1e-10):
    """Smallest c (s⁻¹) at which the naive evolution becomes unstable, by bisection on the sign
    of the largest real part of its spectrum (relative threshold 1e-7·ω₀ against round-off).

    Parameters
    ----------
    omega0, gamma : float (s⁻¹)
    c_lo, c_hi : float, optional
        Bracket; defaults 1e-3·ω₀ and 10·ω₀ (must be stable at c_lo, unstable at c_hi).
    """
    from .models import soft_knock_on
    omega0 = float(omega0)
    c_lo = 1e-3 * omega0 if c_lo is None else c_lo
    c_hi = 10 * omega0 if c_hi is None else c_hi
    thr = 1e-7 * max(omega0, gamma, 1.0)

    def unstable(c):
        return naive_growth_rate(soft_knock_on(c, omega0, gamma)) > thr

    if unstable(c_lo) or not unstable(c_hi):
        raise ValueError(f"bracket [{c_lo:g}, {c_hi:g}] does not straddle the instability")
    while c_hi - c_lo > tol_rel * c_hi:
        mid = 0.5 * (c_lo + c_hi)
        c_lo, c_hi = (c_lo, mid) if unstable(mid) else (mid, c_hi)
    return 0.5 * (c_lo + c_hi)


def heff_prediction(model):
    """Sec. 5 of the paper: the long-time state predicted from H_eff alone.

    Returns a dict: ``rho`` = |a⟩⟨a| for the eigenvector of H_eff with the largest imaginary
    eigenvalue, ``rate_per_s`` = Im E_max − Im E_second (the rate at which that state wins in the
    normalised no-jump dynamics), and the eigenvalues.
    """
    from .models import effective_hamiltonian
    E, V = eig(effective_hamiltonian(model))
    order = np.argsort(-E.imag, kind="stable")
    E, V = E[order], V[:, order]
    a = V[:, 0] / np.linalg.norm(V[:, 0])
    return {"rho": np.outer(a, a.conj()), "rate_per_s": float(E[0].imag - E[1].imag),
            "eigenvalues_per_s": E}
