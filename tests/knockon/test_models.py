"""Soft knock-on models: matrices as printed, spin algebra, exceptional point, bad inputs."""
import numpy as np
import pytest

import ionlib
from ionlib.knockon.models import (spin_matrices, sorted_eigenvalues, effective_hamiltonian,
                             current_per_s, hermitian_parts)


def test_three_state_hamiltonian_as_printed():
    m = ionlib.soft_knock_on(2.0, 3.0, 0.5)
    np.testing.assert_allclose(m.H, [[3, 0, 2], [2, 0, 0], [0, 2, -3]])


@pytest.mark.parametrize("spin", [1, 1.5])
def test_spin_algebra(spin):
    Sz, Sp, Sm = spin_matrices(spin)
    # with S± = (Sx ± iSy)/√2: [S+, S-] = Sz and [Sz, S±] = ±S±
    np.testing.assert_allclose(Sp @ Sm - Sm @ Sp, Sz, atol=1e-12)
    np.testing.assert_allclose(Sz @ Sp - Sp @ Sz, Sp, atol=1e-12)
    Sx, Sy = (Sp + Sm) / np.sqrt(2), (Sp - Sm) / (1j * np.sqrt(2))
    casimir = Sx @ Sx + Sy @ Sy + Sz @ Sz
    np.testing.assert_allclose(casimir, spin * (spin + 1) * np.eye(len(Sz)), atol=1e-12)


def test_jump_lowers_1_to_2_to_3():
    m = ionlib.soft_knock_on(1.0, 1.0, 1.0)
    L = m.jumps[0][1]
    e = np.eye(3)
    np.testing.assert_allclose(L @ e[0], e[1])
    np.testing.assert_allclose(L @ e[1], e[2])
    np.testing.assert_allclose(L @ e[2], 0)


def test_four_state_reduces_to_three_state_block_at_c_in_zero():
    m4 = ionlib.soft_knock_on(2.0, 3.0, 0.0, states=4, c_in=0.0)
    m3 = ionlib.soft_knock_on(2.0, 3.0, 0.0)
    block = m4.H[1:, 1:]
    # same couplings, ω₀S_z shifted by the constant −ω₀/2 (irrelevant in commutators)
    np.testing.assert_allclose(block - m3.H, -1.5 * np.eye(3), atol=1e-12)
    assert np.all(m4.H[0, 1:] == 0) and np.all(m4.H[1:, 0] == 0)   # |0> decoupled


def test_four_state_c_in_symmetric_link():
    m = ionlib.soft_knock_on(2.0, 0.0, 0.0, states=4, c_in=2.0)
    i1, i2 = m.index("1"), m.index("2")
    assert m.H[i1, i2] == m.H[i2, i1] == 2.0


def test_exceptional_point_from_discriminant():
    w = 1e8
    c_ep = ionlib.exceptional_point(w)
    # discriminant of λ³ − ω₀²λ − c³ vanishes
    assert abs(4 * w**6 - 27 * c_ep**6) < 1e-9 * w**6
    below = sorted_eigenvalues(ionlib.soft_knock_on(0.99 * c_ep, w, 0).H)
    above = sorted_eigenvalues(ionlib.soft_knock_on(1.01 * c_ep, w, 0).H)
    assert np.abs(below.imag).max() < 1e-6 * w
    assert np.abs(above.imag).max() > 1e-2 * w
    ev = sorted_eigenvalues(ionlib.soft_knock_on(c_ep, w, 0).H)
    assert np.min(np.abs(np.diff(ev))) < 1e-4 * w     # two eigenvalues coalesce


def test_characteristic_polynomial():
    w, c = 1.3, 0.4
    ev = sorted_eigenvalues(ionlib.soft_knock_on(c, w, 0).H)
    np.testing.assert_allclose(ev**3 - w**2 * ev - c**3, 0, atol=1e-12)


def test_heff_and_hermitian_parts():
    m = ionlib.soft_knock_on(1.0, 2.0, 0.6)
    Hh, G = hermitian_parts(m.H)
    np.testing.assert_allclose(Hh - 1j * G, m.H)
    np.testing.assert_allclose(Hh, Hh.conj().T)
    Heff = effective_hamiltonian(m)
    np.testing.assert_allclose(Heff - m.H, -0.3j * np.diag([1, 1, 0]), atol=1e-12)


def test_current_conventions():
    m4 = ionlib.soft_knock_on(2.0, 1.0, 1.0, states=4, c_in=0.5)
    rho = np.diag([0.1, 0.2, 0.3, 0.4])       # order |0>,|1>,|2>,|3>
    assert current_per_s(m4, rho) == pytest.approx(2.0 * 0.4 - 0.5 * 0.1)
    assert current_per_s(m4, rho, "printed") == pytest.approx(0.5 * 0.4 - 2.0 * 0.1)
    m3 = ionlib.soft_knock_on(2.0, 1.0, 1.0)
    assert current_per_s(m3, np.diag([0.2, 0.3, 0.5])) == pytest.approx(1.0)


@pytest.mark.parametrize("kwargs, word", [
    (dict(c=-1, omega0=1, gamma=1), "c"), (dict(c=1, omega0=-1, gamma=1), "omega0"),
    (dict(c=1, omega0=1, gamma=-0.1), "gamma"), (dict(c=1, omega0=1, gamma=1, states=5), "states"),
    (dict(c=1, omega0=1, gamma=1, states=4, c_in=-2), "c_in"),
    (dict(c=float("nan"), omega0=1, gamma=1), "c"),
    (dict(c=1, omega0=1, gamma=1, states=3, c_in=1.0), "c_in")])
def test_bad_model_inputs(kwargs, word):
    with pytest.raises(ValueError, match=word):
        ionlib.soft_knock_on(**kwargs)


def test_bad_ep_input():
    with pytest.raises(ValueError, match="omega0"):
        ionlib.exceptional_point(-1.0)
