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

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

import ionlib._validate as v
import ionlib.knockon._checks as ck
from ._checks import MAX_RATE_PER_S, MAX_STATES

#: Names of the frameworks understood by :func:`ionlib.evolve`.
FRAMEWORKS = ("adjusted", "naive")
#: Sites of the filter in an occupancy string (:attr:`KnockOnModel.occupancy`), extracellular
#: side first: one character per site, "K" (ion), "W" (water) or "0" (empty).
SITES = ("S0", "S1", "S2", "S3", "S4", "cav")


def spin_matrices(spin):
    """Spin operators (S_z, S₊, S₋) with the paper's convention S± = (S_x ± iS_y)/√2.

    Parameters
    ----------
    spin : float
        1 (three states) or 1.5 (four states); any positive half-integer up to
        (MAX_STATES − 1)/2 = 10 works.

    Returns
    -------
    Sz, Splus, Sminus : ndarray, shape (d, d), d = 2·spin + 1
        Basis ordered m = +spin, ..., −spin. Note Splus = (standard S₊)/√2.
    """
    spin = v.real_scalar("spin", spin, 0.5, (MAX_STATES - 1) / 2)
    two_s = 2 * spin
    if abs(two_s - round(two_s)) > 1e-12:
        raise ValueError(f"spin must be a positive half-integer (0.5, 1, 1.5, ...), got {spin!r}")
    d = int(round(two_s)) + 1
    m = spin - np.arange(d)
    Sz = np.diag(m).astype(complex)
    Sp = np.zeros((d, d), complex)
    for k in range(1, d):          # S₊|m⟩ = √(s(s+1) − m(m+1)) |m+1⟩, index k → k−1
        Sp[k - 1, k] = np.sqrt(spin * (spin + 1) - m[k] * (m[k] + 1)) / np.sqrt(2.0)
    return Sz, Sp, Sp.conj().T


@dataclass(frozen=True)
class Step:
    """One directed coherent step |target⟩⟨source| of amplitude ``rate_per_s`` (s⁻¹, in
    [0, 1e20]) between two configurations of :func:`ionlib.configuration_cycle`.

    ``charge`` is the number of ions this step releases outward (+1) or inward (−1); 0 otherwise.
    """

    source: str
    target: str
    rate_per_s: float
    charge: int = 0

    def __post_init__(self):
        object.__setattr__(self, "source", ck.label("source", self.source))
        object.__setattr__(self, "target", ck.label("target", self.target))
        object.__setattr__(self, "rate_per_s", ck.rate("rate_per_s", self.rate_per_s))
        object.__setattr__(self, "charge", v.count("charge", self.charge, -1, 1))


@dataclass(frozen=True)
class KnockOnModel:
    """A knock-on model: Hamiltonian, jump operators, labels and what its builder knows (ħ = 1,
    rates in s⁻¹). Immutable: arrays are read-only, maps are read-only views, sequences tuples;
    every field is checked when the model is built (``TypeError``/``ValueError`` naming it).

    Attributes
    ----------
    H : ndarray (d, d), complex   non-Hermitian Hamiltonian (s⁻¹); d ≤ ``MAX_STATES`` = 21
    jumps : tuple of (rate_per_s, L)   Lindblad terms γ_k (L ρ L† − ½{L†L, ρ}), γ_k ≥ 0 (s⁻¹)
    labels : tuple of str       state labels in basis order, e.g. ("1", "2", "3")
    c_per_s, omega0_per_s, gamma_per_s, c_in_per_s : float   the parameters (s⁻¹, ≥ 0)
    states : int                number of basis states d (3 or 4 for the soft models)
    kind : str                  model family: "soft knock-on", "hard knock-on", "ion chain",
                                "directed cycle", "cycle" (or "custom", built by hand)
    current_terms : tuple of (charge, rate_per_s, index), or None
        exit terms of the conduction rate, I = Σ charge · rate · ρ_kk (models from
        ``knockon.cycle`` and ``knockon.chain``); None: the paper's soft knock-on formula
        (see :func:`~ionlib.knockon.models.current_per_s`)
    site_energies_per_s : ndarray (d,) or None   diagonal energies ε_k of H (s⁻¹), one per basis
                                state (ion chain: 0 for the empty chain ``|0⟩``, then ε_1 … ε_N)
    occupancy : mapping label → str or None   what each configuration holds on ``SITES``
    steps : tuple of Step       directed coherent steps of a configuration cycle
    descriptions : mapping label → str or None   one line per configuration (hard knock-on)
    dephasing_per_s : float     pure dephasing rate γ_φ (cycles) or site dephasing γ (ion chain)
    injection_per_s, extraction_per_s : float   Γ_in, Γ_out of the ion chain (0 otherwise)
    rate_scale_per_s : float    extra rate taken into the time scale of ``evolve(method="ode")``
    """

    H: np.ndarray
    jumps: tuple
    labels: tuple
    c_per_s: float
    omega0_per_s: float
    gamma_per_s: float
    states: int
    c_in_per_s: float = 0.0
    kind: str = "custom"
    current_terms: tuple | None = None
    site_energies_per_s: np.ndarray | None = None
    occupancy: Mapping | None = None
    steps: tuple = ()
    descriptions: Mapping | None = None
    dephasing_per_s: float = 0.0
    injection_per_s: float = 0.0
    extraction_per_s: float = 0.0
    rate_scale_per_s: float = 0.0

    def __post_init__(self):
        put = object.__setattr__
        H = v.square_matrix("H", self.H)
        d = H.shape[0]
        if not 1 <= d <= MAX_STATES:
            raise ValueError(f"H must be d x d with 1 <= d <= MAX_STATES = {MAX_STATES}, got "
                             f"shape {H.shape}")
        H.flags.writeable = False
        put(self, "H", H)
        put(self, "jumps", ck.jumps("jumps", self.jumps, d))
        labels = tuple(ck.label("labels", x) for x in ck.sequence("labels", self.labels, "str"))
        if len(labels) != d or len(set(labels)) != d:
            raise ValueError(f"labels must be {d} unique names (one per basis state), got {labels}")
        put(self, "labels", labels)
        for name in ("c_per_s", "omega0_per_s", "gamma_per_s", "c_in_per_s", "dephasing_per_s",
                     "injection_per_s", "extraction_per_s", "rate_scale_per_s"):
            put(self, name, ck.rate(name, getattr(self, name)))
        states = v.count("states", self.states, 1, MAX_STATES)
        if states != d:
            raise ValueError(f"states must equal the number of basis states {d}, got {states}")
        put(self, "states", states)
        put(self, "kind", v.instance("kind", self.kind, str))
        if self.current_terms is not None:
            terms = []
            for t in ck.sequence("current_terms", self.current_terms,
                                 "(charge, rate_per_s, index)"):
                q, r, k = ck.record("current_terms", t, "(charge, rate_per_s, index)", (3,))
                terms.append((v.count("current_terms charge", q, -1, 1),
                              ck.rate("current_terms rate", r),
                              v.count("current_terms index", k, 0, d - 1)))
            put(self, "current_terms", tuple(terms))
        if self.site_energies_per_s is not None:
            put(self, "site_energies_per_s",
                ck.frozen(ck.energies("site_energies_per_s", self.site_energies_per_s, d)))
        if self.occupancy is not None:
            occ = ck.text_map("occupancy", self.occupancy, labels)
            bad = [k for k, s in occ.items() if len(s) != len(SITES) or set(s) - set("KW0")]
            if bad:
                raise ValueError(f"occupancy must map every label to a {len(SITES)}-character "
                                 f"string over 'K', 'W', '0' ({', '.join(SITES)}); bad: {bad}")
            put(self, "occupancy", occ)
        steps = ck.sequence("steps", self.steps, "Step records")
        for s in steps:
            v.instance("steps", s, Step, "Step")
            if s.source not in labels or s.target not in labels:
                raise ValueError(f"steps must join labels of the model {labels}, got {s!r}")
        put(self, "steps", steps)
        if self.descriptions is not None:
            put(self, "descriptions", ck.text_map("descriptions", self.descriptions, labels))

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
        return replace(self, H=v.square_matrix("H", H, self.d))

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
        Coherent hopping rate (s⁻¹), in [0, 1e20]; for ``states=4`` this is c_out.
    omega0 : float
        Transition frequency ω₀ (s⁻¹), in [0, 1e20].
    gamma : float
        Incoherent coupling γ (s⁻¹), in [0, 1e20], of the jump operator S₋.
    states : {3, 4}
    c_in : float, optional
        Inward-pathway rate (s⁻¹), in [0, 1e20], four-state model only; default 0.

    Returns
    -------
    KnockOnModel (``kind == "soft knock-on"``)
    """
    c = ck.rate("c", c)
    omega0 = ck.rate("omega0", omega0)
    gamma = ck.rate("gamma", gamma)
    states = v.count("states", states, 3, 4)
    c_in = 0.0 if c_in is None else ck.rate("c_in", c_in)
    if states == 3:
        if c_in != 0:
            raise ValueError(f"c_in is only defined for states=4, got c_in={c_in!r} with states=3")
        Sz, Sp, Sm = spin_matrices(1)
        i1, i2, i3 = 0, 1, 2
        labels = ("1", "2", "3")
    else:
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
                        omega0_per_s=omega0, gamma_per_s=gamma, states=states, c_in_per_s=c_in,
                        kind="soft knock-on", site_energies_per_s=np.diag(Sz).real * omega0)


def hermitian_parts(H):
    """Split H = 𝓗 − iΓ (paper Eqs. 4–5); returns (𝓗, Γ), both Hermitian.

    ``H``: a finite square matrix (s⁻¹), at least 1 × 1."""
    H = ck.matrix("H", H).astype(complex)
    return 0.5 * (H + H.conj().T), 0.5j * (H - H.conj().T)


def effective_hamiltonian(model):
    """H_eff = H − (i/2) Σ_k γ_k L_k† L_k (paper Eqs. 18–19), s⁻¹, of a :class:`KnockOnModel`."""
    ck.model(model)
    Heff = model.H.astype(complex).copy()
    for rate, L in model.jumps:
        Heff = Heff - 0.5j * rate * (L.conj().T @ L)
    return Heff


def sorted_eigenvalues(M):
    """Eigenvalues of the finite square matrix M sorted by real part, then imaginary part."""
    from scipy.linalg import eigvals
    ev = eigvals(ck.matrix("M", M))
    return ev[np.lexsort((ev.imag, ev.real))]


def exceptional_point(omega0):
    """c at which two eigenvalues of the three-state H coalesce: c = (12/81)^{1/6} ω₀ (s⁻¹).

    The characteristic polynomial of Eq. (11) is λ³ − ω₀²λ − c³ = 0, whose discriminant
    4ω₀⁶ − 27c⁶ vanishes there. Vectorises over ``omega0`` (s⁻¹, each in [0, 1e20]).
    """
    w = v.real_array("omega0", omega0, 0.0, MAX_RATE_PER_S, unit=ck.RATE_UNIT)
    out = (12.0 / 81.0) ** (1.0 / 6.0) * w
    return float(out) if out.ndim == 0 else out


def cardano_eigenvalues(c, omega0):
    """The closed-form eigenvalues ε₁, ε₂, ε₃ of the three-state H as printed (paper Eqs. 16–17).

    Evaluated with principal branches of every root (numpy complex arithmetic), exactly as
    printed, so that the formula can be checked against numerical eigenvalues. ``c`` in
    (0, 1e20], ``omega0`` in [0, 1e20] (s⁻¹).

    Returns
    -------
    ndarray, shape (3,), complex (s⁻¹)
    """
    c = ck.rate("c", c, allow_zero=False)
    w = ck.rate("omega0", omega0)
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
    I = c_out ρ₃₃ − c_in ρ₀₀ (outward cycle closes from ``|3⟩`` at rate c_out, inward from ``|0⟩`` at c_in).
    ``sign_convention="printed"`` returns the paper's formula.

    Models built by ``ionlib.knockon.cycle`` or ``ionlib.knockon.chain`` carry their own exit
    terms in ``model.current_terms`` (charge q, rate, index k): I = Σ q · rate · ρ_kk, e.g.
    c ρ_nn for the hard knock-on cycle and Γ_out ρ_NN for the ion chain.

    Parameters
    ----------
    model : KnockOnModel
    rho : array (d, d) or (..., d, d), finite
    sign_convention : {"physical", "printed"}
    """
    ck.model(model)
    rho = ck.states_of("rho", rho, model.d)
    v.one_of("sign_convention", sign_convention, ("physical", "printed"))
    terms = model.current_terms
    if terms is not None:
        # Models from ionlib.knockon.cycle / .chain: I = Σ q · rate · ρ_kk over their exit terms.
        if sign_convention != "physical":
            raise ValueError("sign_convention='printed' exists only for soft_knock_on(states=4)")
        out = np.zeros(rho.shape[:-2])
        for q, rate, k in terms:
            out = out + q * rate * rho[..., k, k].real
        return float(out) if out.ndim == 0 else out
    if model.states not in (3, 4) or not set(model.labels) >= {"1", "2", "3"}:
        raise ValueError(f"model has no current_terms and is not a soft knock-on model with "
                         f"states '1', '2', '3' (labels {model.labels})")
    p3 = rho[..., model.index("3"), model.index("3")].real
    if model.states == 3:
        return model.c_per_s * p3
    p0 = rho[..., model.index("0"), model.index("0")].real
    if sign_convention == "physical":
        return model.c_per_s * p3 - model.c_in_per_s * p0
    return model.c_in_per_s * p3 - model.c_per_s * p0


__all__ = ["FRAMEWORKS", "SITES", "MAX_STATES", "MAX_RATE_PER_S", "spin_matrices", "Step",
           "KnockOnModel", "soft_knock_on", "hermitian_parts", "effective_hamiltonian",
           "sorted_eigenvalues", "exceptional_point", "cardano_eigenvalues", "current_per_s"]
