"""The default (fourth-order) transmission scheme: the Magnus propagator on a cubic spline of the
samples. Checked against an independent product of 2x2 Magnus exponentials (scipy expm; T + R = 1),
the Eckart closed form and an ODE reference on a smooth random potential (error ~ h^4 down to
1e-9), exact steps, abrupt filter edges and deep tunnelling."""
import math

import numpy as np
import pytest
from scipy.interpolate import CubicSpline
from scipy.linalg import expm

from ionlib.constants import AMU_KG, EV_J, HBAR_J_S, NM_M
from ionlib.filter import exact as ref
from ionlib.filter import magnus
from ionlib.filter import transmission as tr
from ionlib.filter.potential import sample_filter

M_K, M_NA = 39.0983, 22.98977
C_K = (math.sqrt(2 * AMU_KG * EV_J) / HBAR_J_S * NM_M) ** 2      # 2m/hbar^2 per u, 1/(eV nm^2)


def slope(h, err):
    """Least-squares slope of log(err) against log(h)."""
    return float(np.polyfit(np.log(h), np.log(err), 1)[0])


# ----------------------------------------------------------------------------- independent product
def magnus_matrix_product(E, x, V, m):
    """(T, R) from the product of exact exponentials of the 4th-order Magnus exponent on (psi, psi')
    over a spline of the samples (written out here with 2x2 matrices and scipy's expm), and the
    paper's Eq. (3) for T; R from the same matrix."""
    spline = CubicSpline(x, V, bc_type="not-a-knot")
    c2 = C_K * m
    M = np.eye(2)
    g = math.sqrt(3) / 6
    for x0, x1 in zip(x[:-1], x[1:]):
        h = x1 - x0
        A1, A2 = (np.array([[0.0, 1.0], [-c2 * (E - spline(x0 + (0.5 + s) * h)), 0.0]]) for s in (-g, g))
        Omega = 0.5 * h * (A1 + A2) + math.sqrt(3) / 12 * h ** 2 * (A2 @ A1 - A1 @ A2)
        M = expm(Omega) @ M
    k1, k2 = math.sqrt(c2 * (E - V[0])), math.sqrt(c2 * (E - V[-1]))
    m11, m12, m21, m22 = M[0, 0], M[0, 1], M[1, 0], M[1, 1]
    T = 4 * k1 * k2 / ((m21 - k1 * k2 * m12) ** 2 + (k2 * m11 + k1 * m22) ** 2)
    A = 1j * k2 * m11 - m21
    B = 1j * k1 * m22 + k1 * k2 * m12
    return T, abs((B - A) / (A + B)) ** 2


@pytest.mark.parametrize("m", [M_K, M_NA])
def test_sweep_is_the_magnus_propagator_and_conserves_flux(m):
    rng = np.random.default_rng(7)
    x = np.sort(rng.uniform(-0.4, 0.4, 60))                      # non-uniform samples
    V = 0.08 * np.exp(-(x / 0.15) ** 2) + 0.01 * np.sin(9 * x) - 0.02 * x
    for E in (0.02, 0.07, 0.09, 0.2):
        T_ref, R_ref = magnus_matrix_product(E, x, V, m)
        assert T_ref + R_ref == pytest.approx(1.0, abs=1e-10)     # unit determinant, real: T + R = 1
        assert tr.transmission(E, x, V, m) == pytest.approx(T_ref, rel=1e-9)


# ----------------------------------------------------------------------------- order of convergence
V0_E, W_E = 0.1, 0.2
E_TOP = np.linspace(0.9, 1.1, 5) * V0_E                           # around the top, K+


def eckart_samples(n):
    x = np.linspace(-10 * W_E, 10 * W_E, n)
    return x, V0_E / np.cosh(x / W_E) ** 2


def test_eckart_converges_as_h4_down_to_1e_9():
    exact = ref.eckart_transmission(E_TOP, V0_E, W_E, M_K)
    ns = np.array([3000, 6000, 12000, 24000])
    err = np.array([np.max(np.abs(tr.transmission(E_TOP, *eckart_samples(n), M_K) / exact - 1))
                    for n in ns])
    assert err[0] <= 1e-5                                         # 3000 samples on ±10 w
    assert err[-1] < 1.5e-9
    assert slope(1.0 / (ns - 1), err) == pytest.approx(4.0, abs=0.3)
    # the midpoint scheme on the same samples: second order, 1e-3 away
    mid = np.max(np.abs(tr.transmission(E_TOP, *eckart_samples(3000), M_K, scheme="midpoint") / exact - 1))
    assert mid > 100 * err[0]


def random_smooth_potential(seed):
    """Sum of four Gaussians (random heights 0.02-0.08 eV, centres in [-0.8, 0.8] nm, widths
    0.03-0.12 nm), flat to < 1e-16 eV at the ends of [-2, 2] nm."""
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.02, 0.08, 4)
    c = rng.uniform(-0.8, 0.8, 4)
    w = rng.uniform(0.03, 0.12, 4)
    return lambda x: np.sum(a[:, None] * np.exp(-((np.asarray(x)[None, :] - c[:, None]) / w[:, None]) ** 2),
                            axis=0)


def test_smooth_random_potential_converges_as_h4_down_to_1e_9():
    """Reference: the *midpoint* scheme on the exact potential (no spline) at 8000, 16000 and 32000
    intervals, Richardson-extrapolated twice (its error is even in h). It agrees with
    ``transmission_by_ode`` (rtol 1e-12, 10x slower) to ~1e-9, which is therefore the floor here."""
    f = random_smooth_potential(2)
    xs = np.linspace(-2.0, 2.0, 32001)
    E = np.array([0.98, 1.0, 1.02]) * f(xs).max()               # T = 0.2 ... 0.8 (Na+)
    T = np.array([tr.transmission(E, x, f(x), M_NA, scheme="midpoint")
                  for x in (np.linspace(-2.0, 2.0, n + 1) for n in (8000, 16000, 32000))])
    R1 = (4 * T[1:] - T[:-1]) / 3
    T_ref = (16 * R1[1] - R1[0]) / 15
    assert np.all((0.1 < T_ref) & (T_ref < 0.9))
    ns = np.array([1000, 2000, 4000, 8000, 16000])
    err = []
    for n in ns:
        x = np.linspace(-2.0, 2.0, n)
        err.append(np.max(np.abs(tr.transmission(E, x, f(x), M_NA) / T_ref - 1)))
    err = np.array(err)
    assert err[-2] < 2e-8 and err[-1] < 3e-9                     # down to the reference's 1e-9
    assert slope(4.0 / (ns[:-1] - 1), err[:-1]) == pytest.approx(4.0, abs=0.3)


# ----------------------------------------------------------------------------- steps stay exact
def test_piecewise_constant_samples_are_exact_steps():
    """Constant stretches between doubled nodes: the spline is constant, each piece exact, and the
    result is the midpoint scheme's (and the closed form of the rectangular barrier)."""
    V0, a = 0.12, 0.05
    x, V = [0.0, 0.0, 0.02, a, a], [0.0, V0, V0, V0, 0.0]       # three samples on the top
    E = np.array([0.02, 0.08, 0.119, 0.121, 0.15, 0.3])
    kap = np.sqrt(C_K * M_K * (E - V0) + 0j)
    exact = 1.0 / (1.0 + V0 ** 2 * np.abs(np.sin(kap * a)) ** 2 / (4 * E * np.abs(E - V0)))
    np.testing.assert_allclose(tr.transmission(E, x, V, M_K), exact, rtol=1e-10)
    np.testing.assert_allclose(tr.transmission(E, x, V, M_K, scheme="midpoint"), exact, rtol=1e-10)


def test_step_inside_a_smooth_potential_keeps_fourth_order():
    """A smooth barrier with a step (doubled node) at x = 0.1 nm on its flank: the step is exact
    and the convergence stays h^4 (a smeared step would make it first order). Reference:
    Richardson extrapolation of 16000 and 32000 samples."""
    def samples(n):
        x = np.concatenate((np.linspace(-2.0, 0.1, n // 2), np.linspace(0.1, 2.0, n // 2)))
        V = V0_E / np.cosh(x / W_E) ** 2
        V[n // 2:] += 0.03                                       # the right side is raised
        return x, V

    E = np.array([0.11, 0.13, 0.16])
    T1, T2 = (tr.transmission(E, *samples(n), M_K) for n in (16000, 32000))
    T_ref = T2 + (T2 - T1) / 15
    ns = np.array([1500, 2000, 3000, 4000, 6000])
    err = np.array([np.max(np.abs(tr.transmission(E, *samples(n), M_K) / T_ref - 1)) for n in ns])
    assert slope(1.0 / ns, err) == pytest.approx(4.0, abs=0.3)


def test_abrupt_filter_edges_converge_at_fourth_order():
    """The filter (abrupt edges on doubled nodes, U = -50 mV, no V_int: its potential is then a
    polynomial inside) converges as h^4 against a 16x finer sampling."""
    E = np.array([0.105, 0.118, 0.125, 0.2])
    params = dict(include_V_int=False)
    T_ref = tr.transmission(E, *sample_filter(-50.0, 38400, **params), M_K)
    ns = np.array([1200, 2400, 4800])
    err = np.array([np.max(np.abs(tr.transmission(E, *sample_filter(-50.0, n, **params), M_K) / T_ref - 1))
                    for n in ns])
    assert slope(1.0 / ns, err) == pytest.approx(4.0, abs=0.3)


def test_deep_tunnelling_is_exact_in_log():
    E = 0.03                                                     # T ~ 1e-70 through the Eckart barrier
    exact = ref.eckart_log_transmission(E, V0_E, W_E, M_K) / math.log(10)
    x = np.linspace(-4.0, 4.0, 8001)
    lg = tr.log10_transmission(E, x, V0_E / np.cosh(x / W_E) ** 2, M_K)
    assert exact < -60
    assert lg == pytest.approx(exact, rel=5e-8)                  # midpoint: 2e-4 on this grid


def test_gauss_values_reproduce_cubics_per_stretch():
    """The spline is exact for a cubic on each stretch; a doubled node starts a new stretch."""
    x = np.array([0.0, 0.1, 0.25, 0.4, 0.4, 0.5, 0.7, 0.9])
    f_left = lambda t: 1 - 2 * t + 3 * t ** 3
    f_right = lambda t: -t ** 2 + 0.5 * t ** 3
    V = np.where(np.arange(len(x)) < 4, f_left(x), f_right(x))
    h, V1, V2 = magnus.gauss_values(x, V)
    xl = np.concatenate((x[:3], x[4:7]))
    np.testing.assert_allclose(h, np.concatenate((np.diff(x[:4]), np.diff(x[4:]))))
    g = math.sqrt(3) / 6
    xg1, xg2 = xl + (0.5 - g) * h, xl + (0.5 + g) * h
    expect = lambda t, i: f_left(t) if i < 3 else f_right(t)
    np.testing.assert_allclose(V1, [expect(t, i) for i, t in enumerate(xg1)], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(V2, [expect(t, i) for i, t in enumerate(xg2)], rtol=1e-12, atol=1e-14)


def test_scheme_is_checked():
    with pytest.raises(ValueError, match="scheme"):
        tr.transmission(0.1, [0.0, 1.0], [0.0, 0.0], M_K, scheme="rk4")
    with pytest.raises(ValueError, match="scheme"):
        tr.transmission_with_phase(0.1, [0.0, 1.0], [0.0, 0.0], M_K, scheme="euler")
