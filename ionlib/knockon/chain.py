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

import ionlib.knockon._checks as ck
import ionlib._validate as v
from ._checks import MAX_STATES
from .models import KnockOnModel

#: Largest number of sites: the model has N + 1 ≤ MAX_STATES = 21 basis states (see
#: :mod:`ionlib.knockon._checks`: ~0.3 s per stationary state at N = 20, minutes at N = 60).
MAX_SITES = MAX_STATES - 1


def ion_chain(n_sites, hopping_per_s, dephasing_per_s, injection_per_s, extraction_per_s,
              site_energies_per_s=None):
    """Build the Vaziri–Plenio chain (see the module docstring).

    Parameters
    ----------
    n_sites : int
        Number of sites N, 1 ≤ N ≤ ``MAX_SITES`` = 20. The dynamics work with the dense
        (N + 1)² × (N + 1)² generator, whose eigendecomposition grows as N⁶: a stationary state
        takes ~0.3 s at N = 20 (one core) and minutes at N = 60.
    hopping_per_s : float
        Hopping amplitude J (s⁻¹), ``|J| <= 1e20`` (its sign is a gauge choice).
    dephasing_per_s : float
        Site dephasing rate γ in [0, 1e20] (s⁻¹).
    injection_per_s, extraction_per_s : float
        Γ_in and Γ_out in [0, 1e20] (s⁻¹).
    site_energies_per_s : array_like, shape (N,), optional
        ε_j (s⁻¹), ``|ε_j| <= 1e20``, default all zero (ordered chain).

    Returns
    -------
    KnockOnModel
        ``kind`` "ion chain", labels "0", "1", …, "N"; ``states`` = N + 1; ``c_per_s`` = ``|J|``,
        ``gamma_per_s`` = ``dephasing_per_s`` = γ, ``omega0_per_s`` = ``max |ε_j|``,
        ``injection_per_s``, ``extraction_per_s``; ``current_terms`` defines I = Γ_out ρ_NN.
    """
    N = v.count("n_sites", n_sites, 1, MAX_SITES)
    J = ck.energy("hopping_per_s", hopping_per_s)
    gamma = ck.rate("dephasing_per_s", dephasing_per_s)
    g_in = ck.rate("injection_per_s", injection_per_s)
    g_out = ck.rate("extraction_per_s", extraction_per_s)
    eps = np.zeros(N) if site_energies_per_s is None else \
        ck.energies("site_energies_per_s", site_energies_per_s, N)
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
    return KnockOnModel(H=H, jumps=tuple(jumps), labels=tuple(str(k) for k in range(d)),
                        c_per_s=abs(J), omega0_per_s=float(np.abs(eps).max()),
                        gamma_per_s=gamma, states=d, kind="ion chain",
                        current_terms=((1, g_out, N),), site_energies_per_s=np.r_[0.0, eps],
                        dephasing_per_s=gamma, injection_per_s=g_in, extraction_per_s=g_out,
                        rate_scale_per_s=max(abs(J), gamma, g_in, g_out,
                                             float(np.abs(eps).max())))


__all__ = ["ion_chain", "MAX_SITES"]
