"""Coherence quantifiers in a fixed basis (Baumgratz, Cramer & Plenio 2014).

* relative-entropy coherence C(ρ) = S(Δ[ρ]) − S(ρ) in bits, S(ρ) = −Tr ρ log₂ ρ (paper Eq. 8);
* l1 coherence C_l1(ρ) = Σ_{i≠j} |ρ_ij| (paper Eq. 9).

Both vectorise over leading axes: ``rho`` may be (d, d) or (..., d, d).

The naive evolution of Paper B produces non-Hermitian "density matrices". Their entropy is not
defined; with ``allow_non_hermitian=True`` we use the natural continuation that a generic matrix
function would return, S = −Σ_k λ_k log₂ λ_k over the complex eigenvalues λ_k of ρ (principal
branch, 0 log 0 = 0), and likewise for the (complex) diagonal Δ[ρ], and report the real part.
"""
from __future__ import annotations

import numpy as np

import ionlib._validate as v


#: Largest magnitude of an entry of ρ (a physical state has |ρ_ij| ≤ 1; the naive evolution's
#: may grow): beyond it ρ log ρ would overflow.
MAX_ENTRY = 1e150


def _as_stack(rho, allow_non_hermitian):
    rho = v.square_matrices("rho", rho)
    if np.abs(rho).max() > MAX_ENTRY:
        raise ValueError(f"rho must have entries of magnitude <= {MAX_ENTRY:g}, got "
                         f"{np.abs(rho).max():.3g}")
    allow_non_hermitian = v.flag("allow_non_hermitian", allow_non_hermitian)
    herm_err = np.abs(rho - np.swapaxes(rho.conj(), -1, -2)).max()
    if not allow_non_hermitian and herm_err > 1e-8 * max(1.0, np.abs(rho).max()):
        raise ValueError(f"rho must be Hermitian (max |rho - rho^dagger| = {herm_err:.3g}); "
                         "pass allow_non_hermitian=True for the naive evolution")
    return rho, herm_err


def _xlog2x(x):
    x = np.asarray(x, complex)
    out = np.zeros_like(x)
    nz = np.abs(x) > 1e-300
    out[nz] = x[nz] * np.log(x[nz]) / np.log(2.0)
    return out


def von_neumann_entropy(rho, allow_non_hermitian=False):
    """S(ρ) = −Tr ρ log₂ ρ in bits (eigenvalues ≤ 0 contribute 0 for Hermitian ρ)."""
    rho, _ = _as_stack(rho, allow_non_hermitian)
    if allow_non_hermitian:
        lam = np.linalg.eigvals(rho)
        return -np.real(_xlog2x(lam).sum(-1))
    lam = np.clip(np.linalg.eigvalsh(0.5 * (rho + np.swapaxes(rho.conj(), -1, -2))), 0, None)
    return -np.real(_xlog2x(lam).sum(-1))


def relative_entropy_coherence(rho, normalized=False, allow_non_hermitian=False):
    """Relative-entropy coherence C(ρ) = S(Δ[ρ]) − S(ρ), in bits.

    Parameters
    ----------
    rho : array (d, d) or (..., d, d)
    normalized : bool
        Divide by log₂ d, so that the maximally coherent pure state gives 1.
    allow_non_hermitian : bool
        Accept non-Hermitian ρ (naive evolution); see the module docstring.

    Returns
    -------
    float or ndarray (bits, or dimensionless if normalized)
    """
    rho, _ = _as_stack(rho, allow_non_hermitian)
    normalized = v.flag("normalized", normalized)
    diag = np.diagonal(rho, axis1=-2, axis2=-1)
    if allow_non_hermitian:
        s_diag = -np.real(_xlog2x(diag).sum(-1))
    else:
        s_diag = -np.real(_xlog2x(np.clip(diag.real, 0, None)).sum(-1))
    C = s_diag - von_neumann_entropy(rho, allow_non_hermitian)
    d = rho.shape[-1]
    if normalized:
        if d < 2:
            raise ValueError("normalized coherence needs d >= 2")
        C = C / np.log2(d)
    return float(C) if np.ndim(C) == 0 else C


def l1_coherence(rho):
    """l1 coherence Σ_{i≠j} abs(ρ_ij) (dimensionless); vectorises over leading axes."""
    rho, _ = _as_stack(rho, allow_non_hermitian=True)
    a = np.abs(rho)
    C = a.sum((-1, -2)) - np.abs(np.diagonal(rho, axis1=-2, axis2=-1)).sum(-1)
    return float(C) if np.ndim(C) == 0 else C
