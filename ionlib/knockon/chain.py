"""The Vaziri–Plenio tight-binding chain: one ion hopping over N sites, injected and extracted.

Units: ħ = 1, every rate and energy in s⁻¹.

Basis |0⟩ = no ion in the chain (vacuum), |j⟩ = the ion on site j = 1 … N (dimension N + 1)::

    H = Σ_j ε_j |j⟩⟨j| + J Σ_{j<N} (|j⟩⟨j+1| + |j+1⟩⟨j|)          (Hermitian)
    Lindblad terms D[L]ρ = LρL† − ½{L†L, ρ}:
        dephasing   √γ |j⟩⟨j|, j = 1 … N
        injection   √Γ_in |1⟩⟨0|
        extraction  √Γ_out |0⟩⟨N|
    current I = Γ_out ρ_NN (ions per second), returned by :func:`ionlib.current_per_s`

This is the single-excitation chain with a source and a sink in which dephasing can assist
transport (Plenio & Huelga 2008; Rebentrost et al. 2009), used for ion channels by Vaziri &
Plenio (2010). H is Hermitian, so the "adjusted" and the ordinary Lindblad evolution coincide
and the evolution preserves the trace: :func:`ionlib.evolve` and :func:`ionlib.stationary_state`
apply unchanged, and the model is a :class:`~ionlib.knockon.models.KnockOnModel` like the others.
"""
from __future__ import annotations

import numpy as np

from .models import KnockOnModel, _check_rate


def ion_chain(n_sites, hopping_per_s, dephasing_per_s, injection_per_s, extraction_per_s,
              site_energies_per_s=None):
    """Build the Vaziri–Plenio chain (see the module docstring).

    Parameters
    ----------
    n_sites : int
        Number of sites N ≥ 1.
    hopping_per_s : float
        Hopping amplitude J (s⁻¹), finite (its sign is a gauge choice; any real value allowed).
    dephasing_per_s : float
        Site dephasing rate γ ≥ 0 (s⁻¹).
    injection_per_s, extraction_per_s : float
        Γ_in ≥ 0 and Γ_out ≥ 0 (s⁻¹).
    site_energies_per_s : array_like, shape (N,), optional
        ε_j (s⁻¹), default all zero (ordered chain).

    Returns
    -------
    KnockOnModel
        labels "0", "1", …, "N"; ``states`` = N + 1; ``c_per_s`` = ``|J|``, ``gamma_per_s`` = γ,
        ``omega0_per_s`` = ``max |ε_j|``; ``extra["current"]`` defines I = Γ_out ρ_NN.
    """
    if isinstance(n_sites, bool) or not float(n_sites).is_integer() or n_sites < 1:
        raise ValueError(f"n_sites must be an integer >= 1, got {n_sites!r}")
    N = int(n_sites)
    try:
        J = float(hopping_per_s)
    except (TypeError, ValueError):
        raise ValueError(f"hopping_per_s must be a real number (s^-1), got {hopping_per_s!r}") \
            from None
    if not np.isfinite(J):
        raise ValueError(f"hopping_per_s must be finite (s^-1), got {hopping_per_s!r}")
    gamma = _check_rate("dephasing_per_s", dephasing_per_s)
    g_in = _check_rate("injection_per_s", injection_per_s)
    g_out = _check_rate("extraction_per_s", extraction_per_s)
    eps = np.zeros(N) if site_energies_per_s is None else np.asarray(site_energies_per_s, float)
    if eps.shape != (N,) or not np.all(np.isfinite(eps)):
        raise ValueError(f"site_energies_per_s must hold n_sites = {N} finite energies (s^-1), "
                         f"got shape {np.shape(site_energies_per_s)}")
    d = N + 1
    H = np.zeros((d, d), complex)
    H[np.arange(1, d), np.arange(1, d)] = eps
    for j in range(1, N):
        H[j, j + 1] = H[j + 1, j] = J

    def ket_bra(a, b):
        op = np.zeros((d, d), complex)
        op[a, b] = 1.0
        return op

    jumps = []
    if gamma > 0:
        jumps += [(gamma, ket_bra(j, j)) for j in range(1, d)]
    if g_in > 0:
        jumps.append((g_in, ket_bra(1, 0)))
    if g_out > 0:
        jumps.append((g_out, ket_bra(0, N)))
    extra = {"kind": "ion chain", "current": ((1, g_out, N),), "site_energies_per_s": eps.copy(),
             "injection_per_s": g_in, "extraction_per_s": g_out, "dephasing_per_s": gamma,
             "rate_scale_per_s": max(abs(J), gamma, g_in, g_out, float(np.abs(eps).max()))}
    return KnockOnModel(H=H, jumps=tuple(jumps), labels=tuple(str(k) for k in range(d)),
                        c_per_s=abs(J), omega0_per_s=float(np.abs(eps).max()),
                        gamma_per_s=gamma, states=d, extra=extra)


__all__ = ["ion_chain"]
