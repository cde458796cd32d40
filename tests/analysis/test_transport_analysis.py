"""ionlib.analysis.transport: Fig. 1 / Fig. 3 helpers."""
import math

import numpy as np
import pytest

from ionlib.analysis import transport as ta
from ionlib.filter import exact as ref
from ionlib.filter.transmission import transmission


def test_landscape_numbers_defaults():
    n = ta.landscape_numbers()
    assert n["edge_eV"] == pytest.approx(0.118125)
    assert n["well_depth_eV"] == pytest.approx(0.001875)
    assert n["V_max_eV"] == pytest.approx(0.118125, abs=1e-9)
    assert 0.017 < n["V_min_inside_eV"] < 0.019 and 0.022 < n["V_int_peak_eV"] < 0.023


def test_gaussian_density_normalised():
    x = np.linspace(-5, 5, 20001)
    rho = ta.gaussian_density_per_nm(x, 0.3, 0.4)
    assert np.trapezoid(rho, x) == pytest.approx(1.0, rel=1e-9)
    assert np.sqrt(np.trapezoid(rho * (x - 0.3) ** 2, x)) == pytest.approx(0.4, rel=1e-6)
    with pytest.raises(ValueError, match="sigma_nm"):
        ta.gaussian_density_per_nm(x, 0, 0)


def test_transmission_curve_and_classical_step():
    c = ta.transmission_curve("K+", n_v=200, n_x=600)
    assert c["v_c"] == pytest.approx(ta.classical_threshold_velocity_m_per_s(c["V_max_eV"], 39.0983))
    assert np.all(c["T_classical"][c["v"] < c["v_c"]] == 0) and np.all(c["T_classical"][c["v"] > c["v_c"]] == 1)
    assert np.all((c["T"] >= 0) & (c["T"] <= 1))
    with pytest.raises(ValueError, match="v_m_per_s"):
        ta.transmission_curve("K+", v_m_per_s=[-1.0])
    with pytest.raises(ValueError, match="ion"):
        ta.transmission_curve("Li+")


def test_rise_width_and_dip():
    v = np.linspace(0, 2, 201)
    T = 0.5 * (1 + np.tanh((v - 1) / 0.1))
    lo, hi = ta.rise_width(v, T)
    assert lo == pytest.approx(1 - 0.1 * math.atanh(0.8), abs=2e-3)
    assert hi == pytest.approx(1 + 0.1 * math.atanh(0.8), abs=2e-3)
    assert ta.overbarrier_dip(v, T, 0.5) == 0.0
    assert ta.overbarrier_dip(v, T * (1 - 0.3 * np.sin(10 * v) ** 2), 0.5) > 0.2
    assert math.isnan(ta.rise_width(v, 0 * v)[0])


def test_resonance_average_is_below_one_and_above_coherent_deep():
    E = np.array([0.1, 0.112, 0.117])
    T_avg, T1, T2 = ta.resonance_averaged_transmission("K+", E, n_x=1200)
    assert np.all((T_avg <= np.minimum(T1, T2) + 1e-15))
    x, V = ta.sample_filter(0.0, 1200)
    assert T_avg[0] > 1e3 * transmission(E[0], x, V, 39.0983)


def test_convergence_scan_doubled_beats_uniform():
    E = [0.118125 + 0.01]
    ref = ta.convergence_scan("K+", E, [12000])[0, 0]
    d = abs(ta.convergence_scan("K+", E, [1200])[0, 0] - ref)
    u = abs(ta.convergence_scan("K+", E, [1200], grid="uniform")[0, 0] - ref)
    assert d < 0.02 and u > 2 * d
    with pytest.raises(ValueError, match="grid"):
        ta.convergence_scan("K+", E, [100], grid="x")


def test_rectangular_helper_above_top_limit():
    # E exactly at the top: T = 1 / (1 + m V0 a^2 / (2 hbar^2)) (the sin/q limit)
    lg = ref.rectangular_barrier_log10_transmission(np.array([0.12]), 0.12, 0.01, 39.0983)
    x, V = [0.0, 0.0, 0.01, 0.01], [0.0, 0.12, 0.12, 0.0]
    assert 10 ** lg[0] == pytest.approx(transmission(0.12 * (1 + 1e-9), x, V, 39.0983), rel=1e-6)
