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


# ---- issue 20: typed, immutable model fields; issue 21: bad input through ionlib._validate
import dataclasses  # noqa: E402
from types import MappingProxyType  # noqa: E402

from ionlib.knockon import lindblad  # noqa: E402
from ionlib.knockon.cycle import hard_knock_on, ions_in_filter, site_occupancy  # noqa: E402
from ionlib.knockon.models import MAX_STATES, KnockOnModel, Step  # noqa: E402


def test_model_has_typed_fields_and_no_extra():
    m = hard_knock_on(2e7, 1e8, 1e7)
    assert not hasattr(m, "extra")
    assert m.kind == "hard knock-on"
    assert m.current_terms == ((1, 2e7, 3),)
    assert m.labels == ("1", "2", "3", "4")
    assert isinstance(m.occupancy, MappingProxyType) and m.occupancy["3"] == "0KKKK0"
    assert isinstance(m.descriptions, MappingProxyType) and "Coulomb" in m.descriptions["4"]
    assert all(isinstance(s, Step) for s in m.steps) and len(m.steps) == 4
    np.testing.assert_allclose(m.site_energies_per_s, 1e8 * np.array([1.5, 0.5, -0.5, -1.5]))
    soft = ionlib.soft_knock_on(2.0, 3.0, 0.5)
    assert soft.kind == "soft knock-on" and soft.current_terms is None and soft.occupancy is None
    np.testing.assert_allclose(soft.site_energies_per_s, [3.0, 0.0, -3.0])
    chain = ionlib.ion_chain(2, 1.0, 0.1, 0.2, 0.3, [0.5, -0.5])
    assert (chain.kind, chain.injection_per_s, chain.extraction_per_s) == ("ion chain", 0.2, 0.3)
    np.testing.assert_allclose(chain.site_energies_per_s, [0.0, 0.5, -0.5])


def test_model_is_immutable_after_construction():
    m = hard_knock_on(2e7, 1e8, 1e7)
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.kind = "other"
    with pytest.raises(TypeError):
        m.occupancy["1"] = "KKKKKK"
    with pytest.raises(TypeError):
        m.descriptions["1"] = "changed"
    for arr in (m.H, m.site_energies_per_s, m.jumps[0][1]):
        with pytest.raises(ValueError, match="read-only"):
            arr[0] = 0
    # the builder's own inputs are copied, not shared
    H = np.eye(3, dtype=complex)
    own = KnockOnModel(H, (), ("a", "b", "c"), 0.0, 0.0, 0.0, 3)
    H[0, 0] = 5
    assert own.H[0, 0] == 1


def test_with_H_keeps_every_field():
    m = hard_knock_on(2e7, 1e8, 1e7)
    h = m.with_H(hermitian_parts(m.H)[0])
    assert (h.kind, h.current_terms, dict(h.occupancy), h.steps) == \
           (m.kind, m.current_terms, dict(m.occupancy), m.steps)
    with pytest.raises(ValueError, match="H must have shape"):
        m.with_H(np.eye(3))


@pytest.mark.parametrize("change, exc, match", [
    ({"states": 4}, ValueError, "states must equal"), ({"labels": ("1", "2")}, ValueError, "labels"),
    ({"labels": "123"}, TypeError, "labels"), ({"jumps": ((-1.0, np.eye(3)),)}, ValueError, "jumps"),
    ({"jumps": ((1.0, np.eye(2)),)}, ValueError, "jumps"), ({"c_per_s": np.nan}, ValueError, "c_per_s"),
    ({"H": np.full((3, 3), np.nan)}, ValueError, "H"), ({"H": np.ones((MAX_STATES + 1,) * 2)}, ValueError, "MAX_STATES"),
    ({"occupancy": ["0KKKK0"] * 3}, TypeError, "occupancy"), ({"kind": 3}, TypeError, "kind"),
    ({"current_terms": ((1, 1.0, 7),)}, ValueError, "current_terms index"),
    ({"site_energies_per_s": [1.0, 2.0]}, ValueError, "site_energies_per_s"),
    ({"steps": (("1", "2", 1.0),)}, TypeError, "steps")])
def test_model_checks_its_fields(change, exc, match):
    args = dict(H=np.eye(3), jumps=(), labels=("1", "2", "3"), c_per_s=1.0, omega0_per_s=1.0,
                gamma_per_s=0.0, states=3) | change
    with pytest.raises(exc, match=match):
        KnockOnModel(**args)


def _non_model_calls():
    rho = np.eye(3) / 3
    return {"current_per_s": lambda x: current_per_s(x, rho),
            "effective_hamiltonian": effective_hamiltonian,
            "site_occupancy": lambda x: site_occupancy(x, rho),
            "ions_in_filter": lambda x: ions_in_filter(x, rho),
            "evolve": lambda x: ionlib.evolve(x, rho, [0.0, 1e-9]),
            "stationary_state": ionlib.stationary_state, "generator": lindblad.generator,
            "spectrum": lindblad.spectrum, "naive_growth_rate": lindblad.naive_growth_rate,
            "heff_prediction": lindblad.heff_prediction}


@pytest.mark.parametrize("name", sorted(_non_model_calls()))
@pytest.mark.parametrize("bad", [np.eye(3), None, "soft", {"H": np.eye(3)}])
def test_model_taking_functions_reject_non_models_with_type_error(name, bad):
    """Issue 21 item 4: a non-model gave an AttributeError from deep inside."""
    with pytest.raises(TypeError, match="model must be a KnockOnModel"):
        _non_model_calls()[name](bad)


@pytest.mark.parametrize("value, exc", [
    (1 + 2j, TypeError), (True, TypeError), ("fast", TypeError), (None, TypeError),
    (np.array([1.0, 2.0]), TypeError), (np.nan, ValueError), (np.inf, ValueError),
    (-1.0, ValueError), (1e300, ValueError)])
@pytest.mark.parametrize("arg", ["c", "omega0", "gamma"])
def test_rates_wrong_type_is_type_error_and_out_of_range_value_error(arg, value, exc):
    args = {"c": 1e7, "omega0": 1e8, "gamma": 1e6} | {arg: value}
    with pytest.raises(exc, match=rf"^{arg} must") as info:
        ionlib.soft_knock_on(**args)
    assert "s^-1" in str(info.value)
    if exc is ValueError:
        assert "[0, 1e+20] s^-1" in str(info.value)          # the range and its unit


@pytest.mark.parametrize("call, name", [
    (lambda: ionlib.exceptional_point(np.array([1e8 + 1j])), "omega0"),
    (lambda: ionlib.scan_stationary(np.array([1e7, 1e8]) + 0.5j, [1e6], 1e8), "c_values"),
    (lambda: ionlib.scan_stationary([1e7], np.array([1e6 + 0j]), 1e8), "gamma_values"),
    (lambda: ionlib.evolve(ionlib.soft_knock_on(1, 1, 1), np.eye(3) / 3, np.array([0, 1 + 1j])), "t"),
    (lambda: ionlib.ion_chain(2, 1.0, 0.0, 1.0, 1.0, np.array([1.0, 2.0 + 1j])), "site_energies_per_s"),
    (lambda: ionlib.configuration_cycle(["a", "b"], np.array([0, 1j]), [], 0.0), "site_energies_per_s"),
    (lambda: ionlib.cardano_eigenvalues(1 + 1j, 1.0), "c")])
def test_complex_arrays_are_rejected_like_complex_scalars(call, name):
    """Issue 21 item 8: complex arrays were accepted with a ComplexWarning, the imaginary part
    dropped; the error names the argument."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(TypeError, match=rf"^{name} must"):
            call()


def test_step_records_are_checked():
    assert Step("1", "2", 3).rate_per_s == 3.0 and Step(1, 2, 1.0).source == "1"
    for bad, exc, match in [(("1", "2", -1.0), ValueError, "rate_per_s"),
                            (("1", "2", 1.0, 2), ValueError, "charge"),
                            (("1", "2", 1.0, True), TypeError, "charge"),
                            ((None, "2", 1.0), TypeError, "source"),
                            (("1", "2", 1 + 1j), TypeError, "rate_per_s")]:
        with pytest.raises(exc, match=match):
            Step(*bad)


def test_sign_convention_and_rho_checked():
    m = ionlib.soft_knock_on(1.0, 1.0, 1.0)
    with pytest.raises(ValueError, match="sign_convention"):
        current_per_s(m, np.eye(3) / 3, "other")
    with pytest.raises(ValueError, match="rho"):
        current_per_s(m, np.full((3, 3), np.nan))
    with pytest.raises(TypeError, match="rho"):
        current_per_s(m, "rho")
