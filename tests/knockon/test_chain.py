"""The Vaziri–Plenio chain: matrices as SPEC §8.3 defines them, current = Γ_out ρ_NN and its
conservation, closed forms, physicality over random parameters, bad inputs."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import ionlib
from ionlib.knockon.lindblad import dissipator, generator

J = 1e8


def _physical(rho, tol=1e-9):
    assert np.allclose(np.trace(rho, axis1=-2, axis2=-1), 1, atol=tol)
    assert np.allclose(rho, np.swapaxes(rho.conj(), -1, -2), atol=tol)
    assert np.linalg.eigvalsh(0.5 * (rho + np.swapaxes(rho.conj(), -1, -2))).min() > -tol


def _random_state(d, seed):
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))
    rho = A @ A.conj().T
    return rho / np.trace(rho)


def test_hamiltonian_and_lindblad_terms_as_specified():
    eps = [1.0, -2.0, 0.5]
    m = ionlib.ion_chain(3, 0.7, 0.3, 0.2, 0.4, eps)
    expected = np.zeros((4, 4))
    expected[1:, 1:] = np.diag(eps) + 0.7 * (np.eye(3, k=1) + np.eye(3, k=-1))
    np.testing.assert_allclose(m.H, expected)
    assert m.labels == ("0", "1", "2", "3") and m.d == 4
    # the dissipator equals the hand-built one: dephasing on 1..N, |1><0| in, |0><N| out
    e = np.eye(4)
    ref = [(0.3, np.outer(e[j], e[j])) for j in (1, 2, 3)]
    ref += [(0.2, np.outer(e[1], e[0])), (0.4, np.outer(e[0], e[3]))]
    np.testing.assert_allclose(dissipator(m.jumps, 4), dissipator(ref, 4), atol=1e-15)


def test_hermitian_so_adjusted_equals_naive_and_trace_is_preserved():
    m = ionlib.ion_chain(4, J, 3e7, 1e8, 2e8, [0, 2e8, -1e8, 5e7])
    np.testing.assert_allclose(generator(m, "adjusted"), generator(m, "naive"), atol=1e-6)
    rho0 = np.zeros((5, 5), complex)
    rho0[0, 0] = 1
    t = np.linspace(0, 3e-7, 31)
    rho = ionlib.evolve(m, rho0, t)
    _physical(rho)
    np.testing.assert_allclose(rho, ionlib.evolve(m, rho0, t, framework="naive"), atol=1e-10)
    np.testing.assert_allclose(rho, ionlib.evolve(m, rho0, t, method="ode"), atol=1e-8)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_continuity_vacuum_population_changes_by_out_minus_in_flux(seed):
    """d ρ₀₀/dt = Γ_out ρ_NN − Γ_in ρ₀₀ exactly, for any state: the current is Γ_out ρ_NN."""
    g_in, g_out = 1.3e8, 0.6e8
    m = ionlib.ion_chain(3, J, 4e7, g_in, g_out, [1e8, -5e7, 0.0])
    rho = _random_state(4, seed)
    drho = (generator(m, "adjusted") @ rho.ravel()).reshape(4, 4)
    assert drho[0, 0].real == pytest.approx(ionlib.current_per_s(m, rho) - g_in * rho[0, 0].real,
                                            rel=1e-10)
    assert ionlib.current_per_s(m, rho) == pytest.approx(g_out * rho[3, 3].real, rel=1e-14)


@pytest.mark.parametrize("n, disordered", [(1, False), (2, False), (4, False), (4, True)])
def test_steady_state_current_is_conserved(n, disordered):
    eps = np.linspace(-1, 1, n) * 2e8 if disordered else None
    m = ionlib.ion_chain(n, J, 5e7, 1e8, 1.5e8, eps)
    rho, info = ionlib.stationary_state(m, return_info=True)
    _physical(rho[None])
    I = ionlib.current_per_s(m, rho)
    assert I == pytest.approx(1.5e8 * rho[n, n].real, rel=1e-12)
    assert I == pytest.approx(1e8 * rho[0, 0].real, rel=1e-8)          # injected = extracted
    assert np.abs(generator(m) @ rho.ravel()).max() < 1e-7 * J          # stationary
    long = ionlib.evolve(m, np.diag([1.0] + [0.0] * n).astype(complex),
                         [40 / info["gap_per_s"]])[-1]
    np.testing.assert_allclose(long, rho, atol=1e-9)


@pytest.mark.parametrize("eps", [0.0, 3e8])
def test_single_site_closed_form(eps):
    """N = 1: a two-state rate process, ρ₁₁ = Γ_in/(Γ_in + Γ_out), I = Γ_in Γ_out/(Γ_in + Γ_out)."""
    g_in, g_out = 2e8, 5e7
    m = ionlib.ion_chain(1, J, 1e7, g_in, g_out, [eps])
    I = ionlib.current_per_s(m, ionlib.stationary_state(m))
    assert I == pytest.approx(g_in * g_out / (g_in + g_out), rel=1e-10)


def test_two_site_ordered_closed_form():
    """N = 2, ε = 0, γ = 0. The coherence obeys dρ₁₂/dt = −iJ(ρ₂₂ − ρ₁₁) − (Γ_out/2)ρ₁₂, so in the
    steady state the flux 1 → 2, 2J Im ρ₁₂, is k(ρ₁₁ − ρ₂₂) with k = 4J²/Γ_out: the populations
    obey a three-state rate model 0 → 1 (Γ_in), 1 ⇄ 2 (k), 2 → 0 (Γ_out), solved here directly."""
    g_in, g_out = 1e8, 3e8
    m = ionlib.ion_chain(2, J, 0.0, g_in, g_out)
    I = ionlib.current_per_s(m, ionlib.stationary_state(m))
    k = 4 * J ** 2 / g_out
    A = np.array([[-g_in, 0, g_out], [g_in, -k, k], [0, k, -k - g_out], [1, 1, 1]])
    p = np.linalg.lstsq(A, [0, 0, 0, 1], rcond=None)[0]
    assert I == pytest.approx(g_out * p[2], rel=1e-10)


@settings(max_examples=12, deadline=None)
@given(n=st.integers(1, 5), log_j=st.floats(6, 9), log_g=st.floats(5, 9.5),
       log_in=st.floats(6, 9), log_out=st.floats(6, 9), seed=st.integers(0, 10**6))
def test_random_chains_give_physical_states_and_conserved_current(n, log_j, log_g, log_in,
                                                                  log_out, seed):
    eps = np.random.default_rng(seed).uniform(-1, 1, n) * 10 ** log_j * 3
    m = ionlib.ion_chain(n, 10 ** log_j, 10 ** log_g, 10 ** log_in, 10 ** log_out, eps)
    rho = ionlib.stationary_state(m)
    _physical(rho[None])
    assert ionlib.current_per_s(m, rho) == pytest.approx(10 ** log_in * rho[0, 0].real, rel=1e-6)
    rho0 = np.zeros((n + 1, n + 1), complex)
    rho0[0, 0] = 1
    _physical(ionlib.evolve(m, rho0, [0.0, 3e-8, 1e-7]))


@pytest.mark.parametrize("kwargs, match", [
    ({"n_sites": 0}, "n_sites"), ({"n_sites": 2.5}, "n_sites"),
    ({"n_sites": -3}, "n_sites"), ({"hopping_per_s": np.inf}, "hopping_per_s"),
    ({"dephasing_per_s": -1.0}, "dephasing_per_s"),
    ({"injection_per_s": -1.0}, "injection_per_s"), ({"extraction_per_s": -1.0}, "extraction"),
    ({"site_energies_per_s": [0.0, 1.0]}, "site_energies_per_s"),
    ({"site_energies_per_s": [[0.0, 1.0, 2.0]]}, "site_energies_per_s"),
    ({"site_energies_per_s": [0.0, np.nan, 1.0]}, "site_energies_per_s")])
def test_bad_input(kwargs, match):
    args = dict(n_sites=3, hopping_per_s=J, dephasing_per_s=1e7, injection_per_s=1e8,
                extraction_per_s=1e8) | kwargs
    with pytest.raises(ValueError, match=match):
        ionlib.ion_chain(**args)


def test_current_rejects_wrong_shape():
    m = ionlib.ion_chain(2, J, 0, 1e8, 1e8)
    with pytest.raises(ValueError, match="rho"):
        ionlib.current_per_s(m, np.eye(4) / 4)


# ---- issue 21, item 7: a bounded chain (a 60-site chain made stationary_state run for minutes)
from ionlib.knockon.chain import MAX_SITES  # noqa: E402


@pytest.mark.parametrize("n_sites, exc", [(60, ValueError), (MAX_SITES + 1, ValueError),
                                          (1e300, ValueError), (np.inf, ValueError),
                                          (True, TypeError), ("3", TypeError), ([3], TypeError)])
def test_n_sites_is_a_bounded_count(n_sites, exc):
    with pytest.raises(exc, match=rf"n_sites must be an integer in \[1, {MAX_SITES}\]"):
        ionlib.ion_chain(n_sites, J, 1e7, 1e8, 1e8)


def test_largest_chain_is_solved():
    """MAX_SITES = 20 was chosen from a measurement (~0.3 s per stationary state on one BLAS
    thread; 0.6-1 s for 21-24 sites, minutes for 60); timing is left to benchmarks/."""
    m = ionlib.ion_chain(MAX_SITES, J, 5e7, 1e8, 1e8, np.linspace(-1, 1, MAX_SITES) * 1e8)
    rho = ionlib.stationary_state(m)
    _physical(rho[None])
    assert ionlib.current_per_s(m, rho) == pytest.approx(1e8 * rho[0, 0].real, rel=1e-6)


@pytest.mark.parametrize("kwargs, exc", [
    ({"hopping_per_s": "fast"}, TypeError), ({"hopping_per_s": 1j}, TypeError),
    ({"n_sites": True}, TypeError), ({"dephasing_per_s": True}, TypeError),
    ({"site_energies_per_s": "abc"}, TypeError), ({"hopping_per_s": -1e300}, ValueError)])
def test_wrong_types_are_type_errors(kwargs, exc):
    args = dict(n_sites=3, hopping_per_s=J, dephasing_per_s=1e7, injection_per_s=1e8,
                extraction_per_s=1e8) | kwargs
    with pytest.raises(exc, match=next(iter(kwargs))):
        ionlib.ion_chain(**args)
