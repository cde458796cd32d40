"""Configuration cycles: the soft knock-on models as exact special cases, the hard knock-on cycle,
its exceptional point, physicality of the adjusted states, bad inputs."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import ionlib
from ionlib.knockon.cycle import (Step, configuration_cycle, cycle_exceptional_point,
                                  directed_cycle, hard_exceptional_point, hard_knock_on,
                                  ions_in_filter, ladder, site_occupancy, soft_cycle)
from ionlib.knockon.lindblad import NoStationaryStateError
from ionlib.knockon.models import spin_matrices

W = 1e8
T = np.linspace(0, 2e-6, 41)

SOFT_CASES = [(3, None), (4, None), (4, 0.0), (4, 3e7)]


def _physical(rho, tol=1e-9):
    assert np.allclose(np.trace(rho, axis1=-2, axis2=-1), 1, atol=tol)
    assert np.allclose(rho, np.swapaxes(rho.conj(), -1, -2), atol=tol)
    assert np.linalg.eigvalsh(0.5 * (rho + np.swapaxes(rho.conj(), -1, -2))).min() > -tol


@pytest.mark.parametrize("states, c_in", SOFT_CASES)
def test_soft_models_are_special_cases_same_H_and_jumps(states, c_in):
    kw = {} if c_in is None else {"c_in": c_in}
    a = ionlib.soft_knock_on(5e7, W, 0.5e7, states=states, **kw)
    b = soft_cycle(5e7, W, 0.5e7, states=states, **kw)
    assert a.labels == b.labels and a.states == b.states
    np.testing.assert_array_equal(a.H, b.H)
    assert len(a.jumps) == len(b.jumps) == 1
    assert a.jumps[0][0] == b.jumps[0][0]
    np.testing.assert_array_equal(a.jumps[0][1], b.jumps[0][1])
    assert (a.c_per_s, a.omega0_per_s, a.gamma_per_s, a.c_in_per_s) == \
           (b.c_per_s, b.omega0_per_s, b.gamma_per_s, b.c_in_per_s)


@pytest.mark.parametrize("states, c_in", SOFT_CASES)
@pytest.mark.parametrize("framework", ["adjusted", "naive"])
def test_soft_models_are_special_cases_same_dynamics_and_current(states, c_in, framework):
    kw = {} if c_in is None else {"c_in": c_in}
    a = ionlib.soft_knock_on(6e7, W, 0.5e7, states=states, **kw)
    b = soft_cycle(6e7, W, 0.5e7, states=states, **kw)
    rho0 = ionlib.maximally_coherent_state(a.d)
    ra, rb = ionlib.evolve(a, rho0, T, framework), ionlib.evolve(b, rho0, T, framework)
    np.testing.assert_allclose(ra, rb, atol=1e-12)
    if framework == "adjusted":
        np.testing.assert_allclose(ionlib.current_per_s(a, ra), ionlib.current_per_s(b, rb),
                                   rtol=1e-12, atol=1e-6)
        np.testing.assert_allclose(ionlib.stationary_state(a), ionlib.stationary_state(b),
                                   atol=1e-12)


def test_three_configuration_hard_cycle_is_the_soft_model_under_other_names():
    h = hard_knock_on(4e7, W, 1e7, states=3)
    s = ionlib.soft_knock_on(4e7, W, 1e7)
    np.testing.assert_array_equal(h.H, s.H)
    np.testing.assert_array_equal(h.jumps[0][1], s.jumps[0][1])
    rh, rs = ionlib.stationary_state(h), ionlib.stationary_state(s)
    assert ionlib.current_per_s(h, rh) == pytest.approx(ionlib.current_per_s(s, rs), rel=1e-12)
    assert directed_cycle(3, 4e7, W, 1e7).H.tolist() == s.H.tolist()


def test_hard_cycle_matrices():
    c, w, g = 2.0, 3.0, 0.5
    m = hard_knock_on(c, w, g)
    expected = np.diag([1.5, 0.5, -0.5, -1.5]) * w
    for k in range(3):
        expected[k + 1, k] = c                  # |k+1><k|: one step along the cycle
    expected[0, 3] = c                          # closing step |1><4| releases an ion
    np.testing.assert_allclose(m.H, expected)
    Sm = spin_matrices(1.5)[2]
    assert m.jumps[0][0] == g
    np.testing.assert_allclose(m.jumps[0][1], Sm)
    assert m.current_terms == ((1, c, 3),)
    u = hard_knock_on(c, w, g, ladder_weights="uniform")
    np.testing.assert_allclose(u.jumps[0][1], np.eye(4, k=-1))


def test_current_is_c_times_last_population():
    m = hard_knock_on(7e7, W, 2e7)
    rho = ionlib.evolve(m, ionlib.maximally_coherent_state(4), T)
    np.testing.assert_allclose(ionlib.current_per_s(m, rho), 7e7 * rho[:, 3, 3].real, rtol=1e-13)


def test_exceptional_points_closed_forms():
    assert cycle_exceptional_point([W, 0, -W]) == pytest.approx(ionlib.exceptional_point(W),
                                                                rel=1e-12)
    assert hard_exceptional_point(W) == pytest.approx(np.sqrt(3) / 2 * W, rel=1e-12)
    assert hard_exceptional_point(W, states=3) == pytest.approx(ionlib.exceptional_point(W),
                                                                rel=1e-12)


@pytest.mark.parametrize("n", [3, 4, 5])
def test_eigenvalues_real_below_and_complex_above_the_exceptional_point(n):
    c_ep = cycle_exceptional_point(W * ladder(n)[0])
    below = np.linalg.eigvals(directed_cycle(n, 0.999 * c_ep, W, 0).H)
    above = np.linalg.eigvals(directed_cycle(n, 1.001 * c_ep, W, 0).H)
    at = np.sort_complex(np.linalg.eigvals(directed_cycle(n, c_ep, W, 0).H))
    assert np.abs(below.imag).max() < 1e-6 * W
    assert np.abs(above.imag).max() > 1e-3 * W
    assert np.min(np.abs(np.diff(at))) < 1e-4 * W          # two eigenvalues coalesce


@settings(max_examples=25, deadline=None)
@given(eps=st.lists(st.floats(-3, 3), min_size=3, max_size=6), c=st.floats(0.1, 3),
       seed=st.integers(0, 1000))
def test_characteristic_polynomial_of_any_directed_cycle(eps, c, seed):
    """det(λ − H) = Π(λ − ε_k) − cⁿ whatever the order of the energies along the cycle."""
    n = len(eps)
    labels = [f"k{j}" for j in np.random.default_rng(seed).permutation(n)]
    steps = [Step(labels[j], labels[(j + 1) % n], c) for j in range(n)]
    m = configuration_cycle(labels, eps, steps, 0.0)
    expected = np.poly(eps)
    expected[-1] -= c ** n
    np.testing.assert_allclose(np.poly(m.H).real, expected, atol=1e-8 * max(1, c ** n))


@settings(max_examples=25, deadline=None)
@given(log_c=st.floats(5.5, 9.5), log_w=st.floats(6.0, 9.0), log_g=st.floats(5.0, 9.0),
       states=st.sampled_from([3, 4]), uniform=st.booleans(), log_deph=st.floats(4.0, 9.0),
       dephase=st.booleans())
def test_adjusted_hard_states_are_physical(log_c, log_w, log_g, states, uniform, log_deph,
                                           dephase):
    m = hard_knock_on(10 ** log_c, 10 ** log_w, 10 ** log_g, states=states,
                      ladder_weights="uniform" if uniform else "spin",
                      dephasing_per_s=10 ** log_deph if dephase else 0.0)
    rho = ionlib.evolve(m, ionlib.maximally_coherent_state(m.d), np.linspace(0, 1e-6, 11))
    _physical(rho)
    _physical(ionlib.stationary_state(m)[None])
    assert ionlib.relative_entropy_coherence(rho).min() > -1e-9


def test_gamma_zero_below_exceptional_point_has_no_stationary_state():
    with pytest.raises(NoStationaryStateError):
        ionlib.stationary_state(hard_knock_on(0.5 * W, W, 0.0))
    _physical(ionlib.stationary_state(hard_knock_on(2 * W, W, 0.0))[None])


def test_site_occupancy():
    h, s = hard_knock_on(3e7, W, 1e7), soft_cycle(3e7, W, 1e7)
    rh = ionlib.evolve(h, ionlib.maximally_coherent_state(4), T)
    rs = ionlib.evolve(s, ionlib.maximally_coherent_state(3), T)
    np.testing.assert_allclose(ions_in_filter(s, rs), 2.0, atol=1e-12)   # 2 ions in S1–S4 always
    n_h = ions_in_filter(h, rh)
    assert n_h.shape == (T.size,) and np.all((n_h > 3 - 1e-12) & (n_h < 4 + 1e-12))
    # a pure configuration counts its own ions: |3> = S1–S4 all occupied
    e3 = np.zeros((4, 4))
    e3[2, 2] = 1
    np.testing.assert_allclose(site_occupancy(h, e3), [0, 1, 1, 1, 1, 0])
    with pytest.raises(ValueError, match="occupancy"):
        ions_in_filter(ionlib.soft_knock_on(1, 1, 1), np.eye(3) / 3)


@pytest.mark.parametrize("kwargs, match", [
    ({"c": -1.0}, "c must"), ({"omega0": -1.0}, "omega0"), ({"gamma": -1.0}, "gamma"),
    ({"c": np.nan}, "c must"), ({"states": 5}, "states"), ({"ladder_weights": "x"}, "ladder"),
    ({"dephasing_per_s": -1.0}, "dephasing_per_s")])
def test_hard_knock_on_rejects_bad_input(kwargs, match):
    args = {"c": 1e7, "omega0": 1e8, "gamma": 1e7} | kwargs
    with pytest.raises(ValueError, match=match):
        hard_knock_on(**args)


def test_configuration_cycle_rejects_bad_input():
    ok = dict(labels=["a", "b"], site_energies_per_s=[0.0, 1.0], steps=[("a", "b", 1.0)],
              gamma=0.0)
    configuration_cycle(**ok)
    bad = [({"labels": ["a", "a"]}, "labels"), ({"labels": ["a"]}, "labels"),
           ({"site_energies_per_s": [0.0, 1.0, 2.0]}, "site_energies_per_s"),
           ({"site_energies_per_s": [[0.0, 1.0]]}, "site_energies_per_s"),
           ({"site_energies_per_s": [0.0, np.inf]}, "site_energies_per_s"),
           ({"steps": [("a", "z", 1.0)]}, "label"), ({"steps": [("a", "b", -1.0)]}, "rate"),
           ({"steps": [("a", "a", 1.0)]}, "different"), ({"steps": [("a", "b", 1.0, 2)]}, "charge"),
           ({"steps": [("a",)]}, "steps"), ({"gamma": -0.1}, "gamma"),
           ({"incoherent": [("a", "b", -1.0)]}, "weight"),
           ({"occupancy": {"a": "KK", "b": "000000"}}, "occupancy"),
           ({"occupancy": {"a": "KKKKKK"}}, "occupancy")]
    for change, match in bad:
        with pytest.raises(ValueError, match=match):
            configuration_cycle(**(ok | change))


def test_printed_sign_convention_only_for_the_paper_four_state_model():
    m = hard_knock_on(1e7, 1e8, 1e7)
    with pytest.raises(ValueError, match="printed"):
        ionlib.current_per_s(m, np.eye(4) / 4, sign_convention="printed")
    with pytest.raises(ValueError, match="rho"):
        ionlib.current_per_s(m, np.eye(3) / 3)


# ---- issue 21, items 4 and 7: clear errors for wrong containers and unbounded counts
from ionlib.knockon.models import MAX_STATES  # noqa: E402


@pytest.mark.parametrize("occupancy", [["0KKKK0", "KK0KK0"], "0KKKK0", 5, ("a", "b")])
def test_configuration_cycle_occupancy_must_be_a_mapping(occupancy):
    """A non-dict occupancy gave an AttributeError ('list' object has no attribute 'items')."""
    with pytest.raises(TypeError, match="occupancy must be a dict"):
        configuration_cycle(["a", "b"], [0.0, 1.0], [("a", "b", 1.0)], 0.0, occupancy=occupancy)


@pytest.mark.parametrize("states, exc", [([4], TypeError), ((4,), TypeError), ("4", TypeError),
                                         (True, TypeError), (2.7, ValueError), (5, ValueError),
                                         (np.inf, ValueError)])
def test_hard_knock_on_states_checked(states, exc):
    """states=[4] gave "unhashable type: 'list'"."""
    with pytest.raises(exc, match="states must be an integer in \\[3, 4\\]"):
        hard_knock_on(1e7, 1e8, 1e7, states=states)
    assert hard_knock_on(1e7, 1e8, 1e7, states=4.0).states == 4      # an integral float is fine


@pytest.mark.parametrize("n, exc", [(1e300, ValueError), (np.inf, ValueError), (2.7, ValueError),
                                    (True, TypeError), (MAX_STATES + 1, ValueError), (1, ValueError),
                                    ("4", TypeError)])
def test_directed_cycle_size_is_a_bounded_count(n, exc):
    """directed_cycle(n=1e300) tried to build a 1e300-state model."""
    with pytest.raises(exc, match=rf"n must be an integer in \[2, {MAX_STATES}\]"):
        directed_cycle(n, 1e7, 1e8, 1e7)
    assert directed_cycle(MAX_STATES, 1e7, 1e8, 1e7).d == MAX_STATES


@pytest.mark.parametrize("change, exc, match", [
    ({"steps": [("a", "b", np.nan)]}, ValueError, "steps"),
    ({"steps": [("a", "b", True)]}, TypeError, "steps"),
    ({"steps": "ab"}, TypeError, "steps"), ({"steps": [5]}, TypeError, "steps"),
    ({"hermitian": [("a", "b", 1j)]}, TypeError, "hermitian"),
    ({"hermitian": [("a", "b")]}, ValueError, "hermitian"),
    ({"incoherent": [("a", "b", np.inf)]}, ValueError, "incoherent"),
    ({"incoherent": {"a": 1.0}}, TypeError, "incoherent"),
    ({"labels": "ab"}, TypeError, "labels"), ({"labels": {"a", "b"}}, TypeError, "labels"),
    ({"labels": [str(k) for k in range(MAX_STATES + 1)]}, ValueError, "labels"),
    ({"site_energies_per_s": [0.0, 1.0, 2.0]}, ValueError, "labels"),
    ({"kind": None}, TypeError, "kind"), ({"gamma": 1j}, TypeError, "gamma"),
    ({"descriptions": {"a": "x"}}, ValueError, "descriptions")])
def test_configuration_cycle_names_the_bad_argument(change, exc, match):
    ok = dict(labels=["a", "b"], site_energies_per_s=[0.0, 1.0], steps=[("a", "b", 1.0)],
              gamma=0.0)
    with pytest.raises(exc, match=match):
        configuration_cycle(**(ok | change))


def test_descriptions_are_set_at_construction():
    m = configuration_cycle(["a", "b"], [0.0, 1.0], [("a", "b", 1.0)], 0.0,
                            descriptions={"a": "first", "b": "second"})
    assert dict(m.descriptions) == {"a": "first", "b": "second"}
    h = hard_knock_on(1e7, 1e8, 1e7, states=3)
    assert set(h.descriptions) == set(h.labels) and h.occupancy["2"] == "0KKKK0"


def test_hard_exceptional_point_and_cycle_ep_checked():
    with pytest.raises(TypeError, match="states"):
        hard_exceptional_point(1e8, states=[4])
    with pytest.raises(ValueError, match="site_energies_per_s"):
        cycle_exceptional_point([1.0])
    with pytest.raises(TypeError, match="site_energies_per_s"):
        cycle_exceptional_point([1.0, 2j])
