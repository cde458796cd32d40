"""Naive and adjusted dynamics checked against what is known exactly."""
import numpy as np
import pytest
from scipy.integrate import solve_ivp

import ionlib
from ionlib.knockon.lindblad import (generator, naive_growth_rate, naive_threshold, spectrum,
                             NoStationaryStateError, scan_stationary)
from ionlib.knockon.models import hermitian_parts

W = 1e8
T = np.linspace(0, 2e-6, 81)


def _physical(rho, tol=1e-9):
    assert np.allclose(np.trace(rho, axis1=-2, axis2=-1), 1, atol=tol)
    assert np.allclose(rho, np.swapaxes(rho.conj(), -1, -2), atol=tol)
    lam = np.linalg.eigvalsh(0.5 * (rho + np.swapaxes(rho.conj(), -1, -2)))
    assert lam.min() > -tol


@pytest.mark.parametrize("states", [3, 4])
@pytest.mark.parametrize("c", [1e6, 1e7, 6e7, 2e8])
@pytest.mark.parametrize("gamma", [0.0, 0.5e7, 5e7])
def test_adjusted_keeps_trace_hermiticity_positivity(states, c, gamma):
    kw = {"c_in": 0.5 * c} if states == 4 else {}
    m = ionlib.soft_knock_on(c, W, gamma, states=states, **kw)
    rho = ionlib.evolve(m, ionlib.maximally_coherent_state(m.d), T)
    _physical(rho)
    C = ionlib.relative_entropy_coherence(rho)
    assert C.min() > -1e-9


def test_adjusted_expm_equals_ode_of_eq6_as_printed():
    m = ionlib.soft_knock_on(6e7, W, 0.5e7)
    rho0 = ionlib.maximally_coherent_state(3)
    a = ionlib.evolve(m, rho0, T, method="expm")
    b = ionlib.evolve(m, rho0, T, method="ode", rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(a, b, atol=1e-7)


def _ordinary_lindblad(H, gamma, L, rho0, t):
    """Textbook Lindblad equation for a Hermitian H, integrated independently of ionlib."""
    d = H.shape[0]
    LdL = L.conj().T @ L

    def rhs(_, y):
        r = y.reshape(d, d)
        out = -1j * (H @ r - r @ H) + gamma * (L @ r @ L.conj().T - 0.5 * (LdL @ r + r @ LdL))
        return out.ravel() / W
    sol = solve_ivp(rhs, (0, t[-1] * W), rho0.ravel().astype(complex), t_eval=t * W,
                    method="DOP853", rtol=1e-11, atol=1e-13)
    return sol.y.T.reshape(len(t), d, d)


@pytest.mark.parametrize("framework", ["adjusted", "naive"])
@pytest.mark.parametrize("states", [3, 4])
def test_hermitian_limit_is_ordinary_lindblad(framework, states):
    kw = {"c_in": 2e7} if states == 4 else {}
    m = ionlib.soft_knock_on(4e7, W, 1e7, states=states, **kw)
    Hh, _ = hermitian_parts(m.H)
    mh = m.with_H(Hh)
    rho0 = ionlib.maximally_coherent_state(m.d)
    ours = ionlib.evolve(mh, rho0, T, framework=framework)
    ref = _ordinary_lindblad(Hh, 1e7, m.jumps[0][1], rho0, T)
    np.testing.assert_allclose(ours, ref, atol=1e-8)


@pytest.mark.parametrize("states, c, gamma", [(3, 1e7, 0.5e7), (3, 6e7, 0.5e7), (3, 2e8, 0.0),
                                              (4, 1e8, 2e7)])
def test_stationary_equals_long_time_integration(states, c, gamma):
    kw = {"c_in": c} if states == 4 else {}
    m = ionlib.soft_knock_on(c, W, gamma, states=states, **kw)
    rho_inf, info = ionlib.stationary_state(m, return_info=True)
    _physical(rho_inf[None])
    t_long = np.array([40.0 / info["gap_per_s"]])     # 40 relaxation times
    rho_t = ionlib.evolve(m, ionlib.maximally_coherent_state(m.d), t_long, method="ode")[-1]
    np.testing.assert_allclose(rho_t, rho_inf, atol=1e-7)


def test_stationary_state_is_fixed_point_of_eq6():
    m = ionlib.soft_knock_on(6e7, W, 0.5e7)
    rho = ionlib.stationary_state(m)
    L = generator(m, "adjusted")
    v = L @ rho.ravel()
    drho = v - rho.ravel() * v.reshape(3, 3).trace()
    assert np.abs(drho).max() < 1e-8 * W


def test_no_stationary_state_for_gamma0_below_ep():
    m = ionlib.soft_knock_on(0.5 * ionlib.exceptional_point(W), W, 0.0)
    with pytest.raises(NoStationaryStateError, match="no stationary state"):
        ionlib.stationary_state(m)
    # above the EP the γ = 0 state is the H eigenvector with the largest Im E
    m2 = ionlib.soft_knock_on(1.5 * ionlib.exceptional_point(W), W, 0.0)
    rho = ionlib.stationary_state(m2)
    E, V = np.linalg.eig(m2.H)
    a = V[:, np.argmax(E.imag)]
    np.testing.assert_allclose(rho, np.outer(a, a.conj()) / np.vdot(a, a), atol=1e-8)


def test_naive_trace_preserved_but_not_hermitian():
    m = ionlib.soft_knock_on(1e7, W, 0.5e7)
    rho = ionlib.evolve(m, ionlib.maximally_coherent_state(3), T, framework="naive")
    np.testing.assert_allclose(np.trace(rho, axis1=1, axis2=2), 1, atol=1e-10)
    assert np.abs(rho - np.swapaxes(rho.conj(), 1, 2)).max() > 1e-3


def test_naive_threshold_brackets_paper_values():
    c_star = naive_threshold(W, 0.5e7)
    assert 1e7 < c_star < 6e7
    assert naive_growth_rate(ionlib.soft_knock_on(0.99 * c_star, W, 0.5e7)) < 1e-3 * W * 1e-4
    assert naive_growth_rate(ionlib.soft_knock_on(1.01 * c_star, W, 0.5e7)) > 0
    # naive and adjusted generators agree when H is Hermitian: growth impossible there
    Hh, _ = hermitian_parts(ionlib.soft_knock_on(6e7, W, 0.5e7).H)
    mh = ionlib.soft_knock_on(6e7, W, 0.5e7).with_H(Hh)
    np.testing.assert_allclose(generator(mh, "naive"), generator(mh, "adjusted"))
    assert spectrum(mh, "naive").real.max() < 1e-6 * W


def test_scan_matches_pointwise():
    cs = np.array([1e7, 2e8])
    res = scan_stationary(cs, [0.0, 0.5e7], W,
                          observables={"p3": lambda m, r: r[2, 2].real})
    assert res["exists"].tolist() == [[False, True], [True, True]]
    assert np.isnan(res["p3"][0, 0])
    assert res["p3"][1, 0] == pytest.approx(
        ionlib.stationary_state(ionlib.soft_knock_on(1e7, W, 0.5e7))[2, 2].real)


@pytest.mark.parametrize("kwargs, word", [
    (dict(framework="lindblad"), "framework"), (dict(rho0=np.ones((3, 2)) / 3), "square"),
    (dict(rho0=np.eye(2) / 2), "shape"), (dict(rho0=np.eye(3)), "trace"),
    (dict(t=[1e-7, 0.0]), "non-decreasing"), (dict(t=[-1e-7]), "t must contain finite numbers in >= 0 s"),
    (dict(method="euler"), "method")])
def test_evolve_bad_inputs(kwargs, word):
    args = dict(model=ionlib.soft_knock_on(1e7, W, 1e6), rho0=np.eye(3) / 3, t=T)
    args.update(kwargs)
    with pytest.raises(ValueError, match=word):
        ionlib.evolve(**args)


def test_model_type_checked():
    with pytest.raises(TypeError, match="model must be a KnockOnModel"):
        ionlib.stationary_state(np.eye(3))


def test_naive_expm_equals_ode():
    m = ionlib.soft_knock_on(6e7, W, 0.5e7)
    rho0 = ionlib.maximally_coherent_state(3)
    a = ionlib.evolve(m, rho0, T, framework="naive")
    b = ionlib.evolve(m, rho0, T, framework="naive", method="ode")
    np.testing.assert_allclose(a, b, atol=1e-7)


from hypothesis import example, given, settings, strategies as st  # noqa: E402


@settings(max_examples=25, deadline=None)
@given(log_c=st.floats(5.5, 9.5), log_g=st.floats(5.0, 8.5), states=st.sampled_from([3, 4]),
       c_in_ratio=st.floats(0.0, 2.0))
# found by hypothesis: e^{𝓛Δt} overflowed for fast rates before 𝓛 was shifted by its growth rate
@example(log_c=9.5, log_g=5.0, states=4, c_in_ratio=2.0)
def test_property_adjusted_state_is_physical(log_c, log_g, states, c_in_ratio):
    c, g = 10**log_c, 10**log_g
    kw = {"c_in": c_in_ratio * c} if states == 4 else {}
    m = ionlib.soft_knock_on(c, W, g, states=states, **kw)
    rho = ionlib.evolve(m, ionlib.maximally_coherent_state(m.d), np.linspace(0, 1e-6, 11))
    _physical(rho, tol=1e-8)
    rho_inf = ionlib.stationary_state(m)          # γ > 0: a unique stationary state exists
    _physical(rho_inf[None], tol=1e-8)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_naive_overflow_raises_instead_of_nan():
    m = ionlib.soft_knock_on(3e9, W, 1e5, states=3)
    with pytest.raises(OverflowError, match="naive"):
        ionlib.evolve(m, ionlib.maximally_coherent_state(3), [0.0, 1e-3], framework="naive")


# ---- issue 21, items 7 and 9: no endless bisection; what c_in_ratio does
from ionlib.knockon.lindblad import EvolutionOverflowError, maximally_coherent_state  # noqa: E402


@pytest.mark.parametrize("tol_rel, exc", [(0.0, ValueError), (-1e-3, ValueError),
                                          (np.nan, ValueError), (1e-300, ValueError),
                                          (1.0, ValueError), (True, TypeError), ("1e-6", TypeError)])
def test_naive_threshold_tolerance_checked(tol_rel, exc):
    """tol_rel <= 0 looped forever (the bracket never gets narrower than 0)."""
    with pytest.raises(exc, match="tol_rel"):
        naive_threshold(W, 0.5e7, tol_rel=tol_rel)


def test_naive_threshold_finest_tolerance_terminates():
    """At 1e-15 the bracket reaches float resolution; the bisection stops there."""
    fine = naive_threshold(W, 0.5e7, tol_rel=1e-15)
    assert fine == pytest.approx(naive_threshold(W, 0.5e7), rel=1e-9)


@pytest.mark.parametrize("kwargs, exc, match", [
    ({"omega0": 0.0}, ValueError, "omega0"), ({"gamma": -1.0}, ValueError, "gamma"),
    ({"c_lo": 2e8, "c_hi": 1e8}, ValueError, "c_lo must be below c_hi"),
    ({"c_hi": "big"}, TypeError, "c_hi")])
def test_naive_threshold_arguments_checked(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        naive_threshold(**({"omega0": W, "gamma": 0.5e7} | kwargs))


def test_overflow_of_the_evolution_is_also_a_value_error():
    m = ionlib.soft_knock_on(3e9, W, 1e5, states=3)
    with np.errstate(all="ignore"), pytest.raises(ValueError, match="t"):
        ionlib.evolve(m, ionlib.maximally_coherent_state(3), [0.0, 1e-3], framework="naive")
    assert issubclass(EvolutionOverflowError, OverflowError)


@pytest.mark.parametrize("d, exc", [(1e300, ValueError), (0, ValueError), (2.5, ValueError),
                                    (True, TypeError), (np.inf, ValueError)])
def test_maximally_coherent_state_dimension_is_a_bounded_count(d, exc):
    with pytest.raises(exc, match="d must be an integer"):
        maximally_coherent_state(d)


@pytest.mark.parametrize("kwargs, exc, match", [
    ({"rtol": 0.0}, ValueError, "rtol"), ({"atol": np.nan}, ValueError, "atol"),
    ({"t": np.zeros((2, 2))}, ValueError, "t must be a 1-D"), ({"t": [0.0, np.inf]}, ValueError, "t"),
    ({"t": None}, TypeError, "t"), ({"rho0": np.eye(3, dtype=bool)}, TypeError, "rho0"),
    ({"framework": None}, ValueError, "framework")])
def test_evolve_more_bad_inputs(kwargs, exc, match):
    args = dict(model=ionlib.soft_knock_on(1e7, W, 1e6), rho0=np.eye(3) / 3, t=T) | kwargs
    with pytest.raises(exc, match=match):
        ionlib.evolve(**args)


@pytest.mark.parametrize("kwargs, exc, match", [
    ({"observables": ["p3"]}, TypeError, "observables"),
    ({"observables": {"p3": 3}}, TypeError, "observables"),
    ({"states": [3]}, TypeError, "states"), ({"c_in_ratio": -1.0}, ValueError, "c_in_ratio"),
    ({"c_values": [[1e7, 2e7], [3e7, 4e7]]}, ValueError, "c_values"),
    ({"omega0": np.nan}, ValueError, "omega0")])
def test_scan_stationary_bad_inputs(kwargs, exc, match):
    args = dict(c_values=[1e7], gamma_values=[1e6], omega0=W) | kwargs
    with pytest.raises(exc, match=match):
        scan_stationary(**args)


def test_c_in_ratio_matters_for_four_states_only():
    """Why the Fig. B6 panel's c_in/c_out control did nothing (issue 21 item 9): the three-state
    model has no inward pathway, and the panel showed the three-state model by default."""
    cs = np.logspace(7, 9, 5)
    obs = {"C": lambda m, r: ionlib.relative_entropy_coherence(r, normalized=True)}
    three = [scan_stationary(cs, [0.5e7], W, 3, ratio, obs)["C"] for ratio in (0.0, 2.0)]
    four = [scan_stationary(cs, [0.5e7], W, 4, ratio, obs)["C"] for ratio in (0.0, 2.0)]
    np.testing.assert_array_equal(three[0], three[1])
    assert np.nanmax(np.abs(four[0] - four[1])) > 0.05
