"""Soft knock-on models of Paper B (Polakowski & Panfil): spin matrices, Hamiltonians, jump operators.

Units: ħ = 1, every rate and energy in s⁻¹ (angular frequency).

Three-state model (paper Eqs. 10–12), basis |1⟩, |2⟩, |3⟩ = spin-1 m = +1, 0, −1::

    H = ω₀ S_z + c (|2⟩⟨1| + |3⟩⟨2| + |1⟩⟨3|) = [[ω₀, 0, c], [c, 0, 0], [0, c, −ω₀]]
    D[ρ] = γ (S₋ ρ S₊ − ½{S₊S₋, ρ}),   S± = (S_x ± i S_y)/√2

so that S₋ moves |1⟩ → |2⟩ → |3⟩ incoherently.

Four-state model (paper Sec. 3.1; its Fig. 3 is not in the text, so the structure is *our* choice),
basis |0⟩, |1⟩, |2⟩, |3⟩ = spin-3/2 m = +3/2, +1/2, −1/2, −3/2::

    H = ω₀ S_z + c_out (|2⟩⟨1| + |3⟩⟨2| + |1⟩⟨3|) + c_in (|0⟩⟨1| + |2⟩⟨0| + |1⟩⟨2|)

The "out" cycle 1 → 2 → 3 → 1 is the three-state cycle; the "in" cycle runs 1 → 0 → 2 → 1, with
|0⟩ (one ion in S3, one entering S1 from outside, one leaving into the cavity) playing for inward
transport the role |3⟩ plays for outward transport. |0⟩ sits at the top of the ladder, so S₋ only
drains it into |1⟩; for c_in = 0 and ρ₀₀(0) = 0 the model reduces to the three-state model with
spin-3/2 ladder factors (√2 and √(3/2) instead of 1) and a constant shift of ω₀S_z.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

#: Names of the frameworks understood by :func:`ionlib.evolve`.
FRAMEWORKS = ("adjusted", "naive")


def _check_rate(name, value, allow_zero=True):
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a real rate in s^-1, got {value!r}") from None
    if not np.isfinite(v) or v < 0 or (v == 0 and not allow_zero):
        rng = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be a finite rate {rng} (s^-1), got {value!r}")
    return v


def spin_matrices(spin):
    """Spin operators (S_z, S₊, S₋) with the paper's convention S± = (S_x ± iS_y)/√2.

    Parameters
    ----------
    spin : float
        1 (three states) or 1.5 (four states); any positive half-integer works.

    Returns
    -------
    Sz, Splus, Sminus : ndarray, shape (d, d), d = 2·spin + 1
        Basis ordered m = +spin, ..., −spin. Note Splus = (standard S₊)/√2.
    """
    two_s = 2 * float(spin)
    if two_s <= 0 or abs(two_s - round(two_s)) > 1e-12:
        raise ValueError(f"spin must be a positive half-integer, got {spin!r}")
    d = int(round(two_s)) + 1
    m = float(spin) - np.arange(d)
    Sz = np.diag(m).astype(complex)
    Sp = np.zeros((d, d), complex)
    for k in range(1, d):          # S₊|m⟩ = √(s(s+1) − m(m+1)) |m+1⟩, index k → k−1
        Sp[k - 1, k] = np.sqrt(spin * (spin + 1) - m[k] * (m[k] + 1)) / np.sqrt(2.0)
    return Sz, Sp, Sp.conj().T


@dataclass(frozen=True)
class KnockOnModel:
    """A soft knock-on model: Hamiltonian, jump operators and labels (ħ = 1, rates in s⁻¹).

    Attributes
    ----------
    H : ndarray (d, d)          non-Hermitian Hamiltonian (s⁻¹)
    jumps : tuple of (rate_per_s, L)   Lindblad terms γ_k (L ρ L† − ½{L†L, ρ})
    labels : tuple of str       state labels in basis order, e.g. ("1", "2", "3")
    c_per_s, c_in_per_s, omega0_per_s, gamma_per_s : float   the parameters
    states : int                3 or 4 (soft); d for models from knockon.cycle / knockon.chain
    """

    H: np.ndarray
    jumps: tuple
    labels: tuple
    c_per_s: float
    omega0_per_s: float
    gamma_per_s: float
    states: int
    c_in_per_s: float = 0.0
    extra: dict = field(default_factory=dict)

    @property
    def d(self):
        """Hilbert-space dimension."""
        return self.H.shape[0]

    def index(self, label):
        """Basis index of state ``label`` ("0", "1", "2" or "3")."""
        label = str(label)
        if label not in self.labels:
            raise ValueError(f"label must be one of {self.labels}, got {label!r}")
        return self.labels.index(label)

    def with_H(self, H):
        """Same model with a replaced Hamiltonian (e.g. its Hermitian part, for tests)."""
        H = np.asarray(H, complex)
        if H.shape != self.H.shape:
            raise ValueError(f"H must have shape {self.H.shape}, got {H.shape}")
        return KnockOnModel(H, self.jumps, self.labels, self.c_per_s, self.omega0_per_s,
                            self.gamma_per_s, self.states, self.c_in_per_s, dict(self.extra))

    def to_qutip(self):
        """The model as QuTiP objects: ``(H, c_ops)``, both ``qutip.Qobj`` (ħ = 1, s⁻¹).

        ``H`` is this model's Hamiltonian as it stands (non-Hermitian for the knock-on cycles);
        ``c_ops`` are √γ_k L_k for every jump term with γ_k > 0, so that QuTiP's dissipator
        c ρ c† − ½{c†c, ρ} equals ours. Times passed to QuTiP are in seconds.

        What QuTiP then computes (QuTiP 5, checked in ``tests/knockon/test_qutip_crosscheck.py``):
        ``qutip.liouvillian(H, c_ops)`` is −i(Hρ − ρH†) + D[ρ], the *linear* part of the paper's
        adjusted Eq. (6), not the naive Eq. (1) with −i(Hρ − ρH). ``qutip.mesolve`` integrates
        that linear equation and, by default (``normalize_output=True``), divides each output
        state by its trace: exactly the adjusted evolution of :func:`ionlib.evolve`. Its internal
        state is not normalised, so above the exceptional point it grows like e^{2 Im E t} and
        long runs lose accuracy or overflow (``ionlib.evolve`` shifts the generator first). The
        naive equation needs the superoperator ``-1j * (spre(H) - spost(H))`` plus the
        dissipators. For a Hermitian H (e.g. :func:`ionlib.ion_chain`) all of these are the
        ordinary Lindblad equation and ``qutip.steadystate`` equals
        :func:`ionlib.stationary_state`; for a non-Hermitian H ``qutip.steadystate`` solves
        𝓛ρ = 0 with Tr ρ = 1, which is not the adjusted stationary state (the leading
        eigenvector of 𝓛).
        """
        import qutip
        H = qutip.Qobj(np.asarray(self.H, complex))
        c_ops = [qutip.Qobj(np.sqrt(rate) * np.asarray(L, complex))
                 for rate, L in self.jumps if rate > 0]
        return H, c_ops


def soft_knock_on(c, omega0, gamma, states=3, c_in=None):
    """Build the soft knock-on model of Paper B.

    Parameters
    ----------
    c : float
        Coherent hopping rate (s⁻¹); for ``states=4`` this is c_out.
    omega0 : float
        Transition frequency ω₀ (s⁻¹), ≥ 0.
    gamma : float
        Incoherent coupling γ (s⁻¹), ≥ 0, of the jump operator S₋.
    states : {3, 4}
    c_in : float, optional
        Inward-pathway rate (s⁻¹), four-state model only; default 0.

    Returns
    -------
    KnockOnModel
    """
    c = _check_rate("c", c)
    omega0 = _check_rate("omega0", omega0)
    gamma = _check_rate("gamma", gamma)
    if states not in (3, 4):
        raise ValueError(f"states must be 3 or 4, got {states!r}")
    if states == 3:
        if c_in not in (None, 0, 0.0):
            raise ValueError("c_in is only defined for states=4")
        Sz, Sp, Sm = spin_matrices(1)
        i1, i2, i3 = 0, 1, 2
        labels = ("1", "2", "3")
        c_in = 0.0
    else:
        c_in = 0.0 if c_in is None else _check_rate("c_in", c_in)
        Sz, Sp, Sm = spin_matrices(1.5)
        i0, i1, i2, i3 = 0, 1, 2, 3
        labels = ("0", "1", "2", "3")
    d = len(labels)
    H = omega0 * Sz
    T = np.zeros((d, d), complex)
    T[i2, i1] = T[i3, i2] = T[i1, i3] = c          # |2><1| + |3><2| + |1><3|
    if states == 4:
        T[i0, i1] += c_in                           # |0><1|
        T[i2, i0] += c_in                           # |2><0|
        T[i1, i2] += c_in                           # |1><2|
    H = H + T
    return KnockOnModel(H=H, jumps=((gamma, Sm),), labels=labels, c_per_s=c,
                        omega0_per_s=omega0, gamma_per_s=gamma, states=states, c_in_per_s=c_in)


def hermitian_parts(H):
    """Split H = 𝓗 − iΓ (paper Eqs. 4–5); returns (𝓗, Γ), both Hermitian."""
    H = np.asarray(H, complex)
    return 0.5 * (H + H.conj().T), 0.5j * (H - H.conj().T)


def effective_hamiltonian(model):
    """H_eff = H − (i/2) Σ_k γ_k L_k† L_k (paper Eqs. 18–19), s⁻¹."""
    Heff = model.H.astype(complex).copy()
    for rate, L in model.jumps:
        Heff = Heff - 0.5j * rate * (L.conj().T @ L)
    return Heff


def sorted_eigenvalues(M):
    """Eigenvalues of M sorted by real part, then imaginary part."""
    from scipy.linalg import eigvals
    ev = eigvals(M)
    return ev[np.lexsort((ev.imag, ev.real))]


def exceptional_point(omega0):
    """c at which two eigenvalues of the three-state H coalesce: c = (12/81)^{1/6} ω₀ (s⁻¹).

    The characteristic polynomial of Eq. (11) is λ³ − ω₀²λ − c³ = 0, whose discriminant
    4ω₀⁶ − 27c⁶ vanishes there. Vectorises over ``omega0``.
    """
    w = np.asarray(omega0, float)
    if np.any(~np.isfinite(w)) or np.any(w < 0):
        raise ValueError(f"omega0 must be finite and >= 0 (s^-1), got {omega0!r}")
    out = (12.0 / 81.0) ** (1.0 / 6.0) * w
    return float(out) if out.ndim == 0 else out


def cardano_eigenvalues(c, omega0):
    """The closed-form eigenvalues ε₁, ε₂, ε₃ of the three-state H as printed (paper Eqs. 16–17).

    Evaluated with principal branches of every root (numpy complex arithmetic), exactly as
    printed, so that the formula can be checked against numerical eigenvalues.

    Returns
    -------
    ndarray, shape (3,), complex (s⁻¹)
    """
    c = _check_rate("c", c, allow_zero=False)
    w = _check_rate("omega0", omega0)
    alpha = 9 * c**3 + np.sqrt(complex(81 * c**6 - 12 * w**6))
    a13, a23 = alpha ** (1 / 3), alpha ** (2 / 3)
    den = 6 ** (2 / 3) * a13
    e1 = (2 * 3 ** (1 / 3) * w**2 + 2 ** (1 / 3) * a23) / den
    e2 = (-(3 ** (1 / 3) + 3 ** (5 / 6) * 1j) * w**2 + 2 ** (1 / 3) * a23) / den
    e3 = -((3 ** (1 / 3) - 3 ** (5 / 6) * 1j) * w**2 + complex(-2) ** (1 / 3) * a23) / den
    return np.array([e1, e2, e3])


def current_per_s(model, rho, sign_convention="physical"):
    """Conduction rate I (ions per second) of a state ρ, or of a stack of states.

    Three states: I = c ρ₃₃ (paper). Four states: the paper prints I = c_in ρ₃₃ − c_out ρ₀₀, which
    does not reduce to c ρ₃₃ at c_in = 0; with ``sign_convention="physical"`` (default) we use
    I = c_out ρ₃₃ − c_in ρ₀₀ (outward cycle closes from |3⟩ at rate c_out, inward from |0⟩ at c_in).
    ``sign_convention="printed"`` returns the paper's formula.

    Models built by ``ionlib.knockon.cycle`` or ``ionlib.knockon.chain`` carry their own exit
    terms in ``model.extra["current"]`` (charge q, rate, index k): I = Σ q · rate · ρ_kk, e.g.
    c ρ_nn for the hard knock-on cycle and Γ_out ρ_NN for the ion chain.
    """
    rho = np.asarray(rho)
    if rho.shape[-2:] != (model.d, model.d):
        raise ValueError(f"rho must have shape (..., {model.d}, {model.d}), got {rho.shape}")
    if sign_convention not in ("physical", "printed"):
        raise ValueError(f"sign_convention must be 'physical' or 'printed', got {sign_convention!r}")
    terms = model.extra.get("current") if isinstance(model.extra, dict) else None
    if terms is not None:
        # Models from ionlib.knockon.cycle / .chain: I = Σ q · rate · ρ_kk over their exit terms.
        if sign_convention != "physical":
            raise ValueError("sign_convention='printed' exists only for soft_knock_on(states=4)")
        out = np.zeros(rho.shape[:-2])
        for q, rate, k in terms:
            out = out + q * rate * rho[..., k, k].real
        return float(out) if out.ndim == 0 else out
    p3 = rho[..., model.index("3"), model.index("3")].real
    if model.states == 3:
        return model.c_per_s * p3
    p0 = rho[..., model.index("0"), model.index("0")].real
    if sign_convention == "physical":
        return model.c_per_s * p3 - model.c_in_per_s * p0
    return model.c_in_per_s * p3 - model.c_per_s * p0
