"""Coherence quantifiers on states where the answer is known exactly."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import ionlib
from ionlib.knockon.coherence import von_neumann_entropy


def _random_state(seed, d):
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))
    rho = A @ A.conj().T
    return rho / np.trace(rho)


@pytest.mark.parametrize("d", [2, 3, 4])
def test_diagonal_states_have_zero_coherence(d):
    rho = np.diag(np.arange(1, d + 1) / (d * (d + 1) / 2))
    assert ionlib.relative_entropy_coherence(rho) == pytest.approx(0, abs=1e-12)
    assert ionlib.l1_coherence(rho) == 0


@pytest.mark.parametrize("d", [2, 3, 4])
def test_maximally_coherent_state(d):
    rho = ionlib.maximally_coherent_state(d)
    assert ionlib.relative_entropy_coherence(rho, normalized=True) == pytest.approx(1, abs=1e-10)
    assert ionlib.relative_entropy_coherence(rho) == pytest.approx(np.log2(d), abs=1e-10)
    assert ionlib.l1_coherence(rho) == pytest.approx(d - 1)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10**6), d=st.integers(2, 4))
def test_invariance_under_diagonal_unitaries_and_bounds(seed, d):
    rho = _random_state(seed, d)
    phases = np.exp(1j * np.random.default_rng(seed + 1).uniform(0, 2 * np.pi, d))
    U = np.diag(phases)
    rho2 = U @ rho @ U.conj().T
    C = ionlib.relative_entropy_coherence(rho)
    assert ionlib.relative_entropy_coherence(rho2) == pytest.approx(C, abs=1e-9)
    assert ionlib.l1_coherence(rho2) == pytest.approx(ionlib.l1_coherence(rho), abs=1e-12)
    assert -1e-12 <= C <= np.log2(d) + 1e-12
    # C equals the relative entropy S(ρ || Δ[ρ]), which is ≥ 0; and C ≤ S(Δ[ρ])
    assert C <= von_neumann_entropy(np.diag(np.diag(rho))) + 1e-12


def test_pure_qubit_closed_form():
    p = 0.2
    psi = np.array([np.sqrt(p), np.sqrt(1 - p)])
    rho = np.outer(psi, psi)
    h = -p * np.log2(p) - (1 - p) * np.log2(1 - p)
    assert ionlib.relative_entropy_coherence(rho) == pytest.approx(h, abs=1e-12)


def test_vectorised_over_stack():
    stack = np.stack([ionlib.maximally_coherent_state(3), np.eye(3) / 3])
    np.testing.assert_allclose(ionlib.relative_entropy_coherence(stack, normalized=True), [1, 0],
                               atol=1e-10)


def test_non_hermitian_needs_opt_in():
    rho = np.array([[0.5, 0.3], [0.1, 0.5]])
    with pytest.raises(ValueError, match="Hermitian"):
        ionlib.relative_entropy_coherence(rho)
    C = ionlib.relative_entropy_coherence(rho, allow_non_hermitian=True)
    assert np.isfinite(C)
    # for Hermitian input the two entropy routes agree
    r = _random_state(3, 3)
    assert ionlib.relative_entropy_coherence(r, allow_non_hermitian=True) == pytest.approx(
        ionlib.relative_entropy_coherence(r), abs=1e-9)


@pytest.mark.parametrize("bad", [np.ones((2, 3)), np.ones(3), np.array([[np.nan, 0], [0, 1]])])
def test_bad_shapes(bad):
    with pytest.raises(ValueError, match="rho"):
        ionlib.relative_entropy_coherence(bad)
    with pytest.raises(ValueError, match="rho"):
        ionlib.l1_coherence(bad)


# ---- issue 21: the state and the switches are checked through ionlib._validate
@pytest.mark.parametrize("call", [ionlib.l1_coherence, ionlib.relative_entropy_coherence,
                                  von_neumann_entropy])
@pytest.mark.parametrize("rho, exc", [("rho", TypeError), (None, TypeError),
                                      (np.eye(2, dtype=bool), TypeError), (np.ones(3), ValueError),
                                      (np.ones((2, 3)), ValueError), (np.zeros((0, 0)), ValueError),
                                      (np.full((2, 2), np.nan), ValueError),
                                      (np.full((2, 2), 1e300), ValueError)])
def test_bad_states_rejected(call, rho, exc):
    with pytest.raises(exc, match="rho"):
        call(rho)


def test_switches_are_flags():
    rho = ionlib.maximally_coherent_state(3)
    with pytest.raises(TypeError, match="normalized"):
        ionlib.relative_entropy_coherence(rho, normalized=1)
    with pytest.raises(TypeError, match="allow_non_hermitian"):
        von_neumann_entropy(rho, allow_non_hermitian="yes")
    # real and complex states give the same numbers (up to round-off: a real state is not
    # converted, so that results stay bit-for-bit those of the array as given)
    assert ionlib.relative_entropy_coherence(rho.real) == pytest.approx(
        ionlib.relative_entropy_coherence(rho), rel=1e-14)
