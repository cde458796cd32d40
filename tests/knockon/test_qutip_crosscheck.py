"""QuTiP as an independent reference for the Paper B dynamics, through ``model.to_qutip()``.

* trace-preserving models (Hermitian H: the ion chain, the Hermitian parts of the knock-on
  cycles): ``stationary_state`` = ``qutip.steadystate`` and ``evolve`` = ``qutip.mesolve``, 1e-8;
* non-Hermitian models: QuTiP's Liouvillian is −i(Hρ − ρH†) + D[ρ] (our adjusted generator);
  ``mesolve`` of that linear equation, renormalised by the trace, = our adjusted evolution;
* the naive evolution = the paper's Eq. (1), −i(Hρ − ρH) + D[ρ], integrated here with solve_ivp
  and, as a superoperator, with ``mesolve``.
The slowest comparison is timed by pytest (``--durations``); the book's methods note quotes it.
"""
import numpy as np
import pytest
import qutip
from scipy.integrate import solve_ivp

import ionlib
from ionlib.knockon.lindblad import generator
from ionlib.knockon.models import hermitian_parts

W = 1e8
T = np.linspace(0, 2e-6, 21)
OPTS = {"atol": 1e-13, "rtol": 1e-11, "nsteps": 100_000}


def _chain(disordered):
    eps = [0.0, 2e8, -1.5e8, 1e8] if disordered else None
    return ionlib.ion_chain(4, W, 3e7, 1e8, 1.5e8, eps)


def _hermitian(model):
    return model.with_H(hermitian_parts(model.H)[0])


NON_HERMITIAN = {
    "soft3": lambda: ionlib.soft_knock_on(6e7, W, 0.5e7),
    "soft4": lambda: ionlib.soft_knock_on(6e7, W, 0.5e7, states=4, c_in=3e7),
    "hard": lambda: ionlib.hard_knock_on(6e7, W, 0.5e7),
    "hard_dephased": lambda: ionlib.hard_knock_on(6e7, W, 1e7, dephasing_per_s=2e7),
}
TRACE_PRESERVING = {
    "chain_ordered": lambda: _chain(False),
    "chain_disordered": lambda: _chain(True),
    "soft3_hermitian_part": lambda: _hermitian(NON_HERMITIAN["soft3"]()),
    "hard_hermitian_part": lambda: _hermitian(NON_HERMITIAN["hard"]()),
}


def _rho0(model):
    if model.kind == "ion chain":
        rho = np.zeros((model.d, model.d), complex)
        rho[0, 0] = 1.0                                   # empty chain
        return rho
    return ionlib.maximally_coherent_state(model.d)


def _states(result):
    return np.array([s.full() for s in result.states])


def test_to_qutip_objects():
    for build in (NON_HERMITIAN | TRACE_PRESERVING).values():
        m = build()
        H, c_ops = m.to_qutip()
        assert isinstance(H, qutip.Qobj) and H.dims == [[m.d], [m.d]]
        np.testing.assert_array_equal(H.full(), m.H)
        assert H.isherm == bool(np.allclose(m.H, m.H.conj().T))
        assert len(c_ops) == sum(r > 0 for r, _ in m.jumps)
        for c, (rate, L) in zip(c_ops, [j for j in m.jumps if j[0] > 0]):
            np.testing.assert_allclose(c.full(), np.sqrt(rate) * L)


@pytest.mark.parametrize("name", list(NON_HERMITIAN) + list(TRACE_PRESERVING))
def test_qutip_liouvillian_is_our_adjusted_generator(name):
    """qutip.liouvillian(H, c_ops) = −i(Hρ − ρH†) + D[ρ], vectorised column-wise."""
    m = (NON_HERMITIAN | TRACE_PRESERVING)[name]()
    Lq = qutip.liouvillian(*m.to_qutip()).full()
    d = m.d
    perm = np.arange(d * d).reshape(d, d).T.ravel()       # row-major index -> column-major
    np.testing.assert_allclose(Lq[np.ix_(perm, perm)], generator(m, "adjusted"),
                               atol=1e-9 * np.abs(Lq).max())


@pytest.mark.parametrize("name", TRACE_PRESERVING)
def test_trace_preserving_stationary_state_equals_qutip_steadystate(name):
    m = TRACE_PRESERVING[name]()
    ref = qutip.steadystate(*m.to_qutip()).full()
    np.testing.assert_allclose(ionlib.stationary_state(m), ref, atol=1e-8)


@pytest.mark.parametrize("name", TRACE_PRESERVING)
def test_trace_preserving_evolution_equals_qutip_mesolve(name):
    m = TRACE_PRESERVING[name]()
    H, c_ops = m.to_qutip()
    rho0 = _rho0(m)
    ref = _states(qutip.mesolve(H, qutip.Qobj(rho0), T, c_ops, options=OPTS))
    np.testing.assert_allclose(ionlib.evolve(m, rho0, T), ref, atol=1e-8)


@pytest.mark.parametrize("name", NON_HERMITIAN)
def test_adjusted_evolution_equals_renormalised_qutip_mesolve(name):
    m = NON_HERMITIAN[name]()
    H, c_ops = m.to_qutip()
    rho0 = _rho0(m)
    lin = _states(qutip.mesolve(H, qutip.Qobj(rho0), T, c_ops,
                                options=OPTS | {"normalize_output": False}))
    traces = np.trace(lin, axis1=1, axis2=2)
    assert np.abs(traces - 1).max() > 1e-3               # the linear equation loses/gains trace
    ours = ionlib.evolve(m, rho0, T)
    np.testing.assert_allclose(lin / traces[:, None, None], ours, atol=1e-8)
    # QuTiP's default output normalisation divides by the trace: the same adjusted evolution
    default = _states(qutip.mesolve(H, qutip.Qobj(rho0), T, c_ops, options=OPTS))
    np.testing.assert_allclose(default, ours, atol=1e-8)


@pytest.mark.parametrize("name", ["soft3", "hard"])
def test_qutip_steadystate_is_not_the_adjusted_stationary_state(name):
    """For a non-Hermitian H, qutip.steadystate solves 𝓛ρ = 0 with Tr ρ = 1 although 𝓛 has no
    zero eigenvalue; the adjusted long-time state is the leading eigenvector instead."""
    m = NON_HERMITIAN[name]()
    ours = ionlib.stationary_state(m)
    assert np.abs(qutip.steadystate(*m.to_qutip()).full() - ours).max() > 1e-2
    long = ionlib.evolve(m, _rho0(m), [2e-4])[-1]
    np.testing.assert_allclose(long, ours, atol=1e-8)


def _eq1_direct(model, rho0, t):
    """The paper's Eq. (1) with the non-Hermitian H as printed, integrated independently: the
    right-hand side −i(Hρ − ρH) + Σ γ(LρL† − ½{L†L, ρ}) is assembled here term by term on the
    column-stacked ρ (ionlib vectorises row-wise) and integrated with solve_ivp."""
    H, d = model.H, model.d
    I = np.eye(d)
    # column stacking: vec(AρB) = (Bᵀ ⊗ A) vec(ρ)
    M = -1j * (np.kron(I, H) - np.kron(H.T, I))
    for g, L in model.jumps:
        LdL = L.conj().T @ L
        M = M + g * (np.kron(L.conj(), L) - 0.5 * np.kron(I, LdL) - 0.5 * np.kron(LdL.T, I))
    M = M / W
    sol = solve_ivp(lambda _, y: M @ y, (0, t[-1] * W), rho0.ravel(order="F"), t_eval=t * W,
                    method="DOP853", rtol=1e-11, atol=1e-13)
    return np.array([y.reshape(d, d, order="F") for y in sol.y.T])


@pytest.mark.parametrize("name", ["soft3", "hard", "hard_dephased"])
def test_naive_evolution_is_eq1_integrated_directly_and_by_qutip(name):
    m = NON_HERMITIAN[name]()
    t = np.linspace(0, 5e-7, 11)                        # short: the naive equation may grow
    rho0 = _rho0(m)
    ours = ionlib.evolve(m, rho0, t, framework="naive")
    np.testing.assert_allclose(ours, _eq1_direct(m, rho0, t), atol=1e-8)
    H, c_ops = m.to_qutip()
    L_naive = -1j * (qutip.spre(H) - qutip.spost(H)) + sum(qutip.lindblad_dissipator(c)
                                                          for c in c_ops)
    ref = _states(qutip.mesolve(L_naive, qutip.Qobj(rho0), t,
                                options=OPTS | {"normalize_output": False}))
    np.testing.assert_allclose(ours, ref, atol=1e-8)
