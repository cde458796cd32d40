"""ionlib.potential against what is known exactly: V_ext, V_conf, the Poisson equation of V_int,
its Green's function, the edge window, the sampling for the transmission, and input checks."""
import math

import numpy as np
import pytest

from ionlib.constants import E_CHARGE_C, EPSILON0_F_PER_M, NM_M
from ionlib.filter import potential as pot

D = 3.0
ALPHA, BETA = 0.03, 0.0075


# ----------------------------------------------------------------------------- V_ext
@pytest.mark.parametrize("U", [-90.0, 0.0, 40.0])
def test_v_ext_endpoints_and_linear_inside(U):
    x = np.array([-1.0, -1e-9, 0.0, 0.75, 1.5, 3.0, 3.0 + 1e-9, 4.0])
    ext = pot.potential_components(x, U_mV=U)["ext"]
    eU = 1e-3 * U
    assert ext[0] == 0.0 and ext[1] == 0.0
    assert ext[-1] == pytest.approx(eU, abs=1e-15) and ext[-2] == pytest.approx(eU, abs=1e-15)
    np.testing.assert_allclose(ext[2:6], eU * x[2:6] / D, atol=1e-15)


def test_total_is_sum_of_parts():
    x = np.linspace(-0.5, 3.5, 301)
    c = pot.potential_components(x, U_mV=-70.0, edge_nm=0.1)
    np.testing.assert_allclose(c["total"], c["ext"] + c["conf"] + c["int"], atol=1e-15)
    np.testing.assert_allclose(pot.filter_potential(x, U_mV=-70.0, edge_nm=0.1), c["total"], atol=0)


# ----------------------------------------------------------------------------- V_conf
def test_v_conf_abrupt_edges_value():
    x = np.array([np.nextafter(0.0, -1), 0.0, D, np.nextafter(D, 4)])
    conf = pot.potential_components(x, include_V_int=False)["conf"]
    edge = ALPHA * (D / 2) ** 4 - 2 * BETA * (D / 2) ** 2
    assert edge == pytest.approx(0.118125, rel=1e-12)
    np.testing.assert_allclose(conf, [0.0, edge, edge, 0.0], atol=1e-15)


def test_v_conf_minima_and_depth():
    z_min = math.sqrt(BETA / ALPHA)
    x = np.linspace(0.0, D, 30001)
    conf = pot.potential_components(x, include_V_int=False)["conf"]
    left = x < D / 2
    assert x[left][np.argmin(conf[left])] == pytest.approx(D / 2 - z_min, abs=2e-4)
    assert x[~left][np.argmin(conf[~left])] == pytest.approx(D / 2 + z_min, abs=2e-4)
    assert conf.min() == pytest.approx(-BETA ** 2 / ALPHA, rel=1e-9)   # 1.875 meV deep
    assert conf[np.argmin(abs(x - D / 2))] == pytest.approx(0.0, abs=1e-12)


# ----------------------------------------------------------------------------- V_int
def _rho_over_eps(x_nm, charges, positions, width, area=10.0, eps_r=80.0):
    rho = np.zeros_like(x_nm)
    for q, x0 in zip(charges, positions):
        g = np.exp(-0.5 * ((x_nm - x0) / width) ** 2) / (math.sqrt(2 * math.pi) * width * NM_M)
        rho += q * E_CHARGE_C * g / (area * NM_M ** 2)
    return rho / (eps_r * EPSILON0_F_PER_M)


def test_v_int_satisfies_poisson():
    charges, positions, width = (1.0, 1.0), (1.0, 2.0), 0.1
    x = np.linspace(0.0, D, 401)            # spacing 3x the solver's grid: an independent check
    phi = pot.poisson_potential_eV(x, D, charges, positions, width)
    h = (x[1] - x[0]) * NM_M
    second = (phi[2:] - 2 * phi[1:-1] + phi[:-2]) / h ** 2
    target = -_rho_over_eps(x[1:-1], charges, positions, width)
    assert np.max(np.abs(second - target)) < 2e-3 * np.max(np.abs(target))
    assert phi[0] == 0.0 and phi[-1] == 0.0


def test_v_int_point_charge_matches_greens_function():
    x0, area, eps_r = 1.2, 10.0, 80.0
    x = np.linspace(0.0, D, 61)
    x = x[np.abs(x - x0) > 0.1]
    phi = pot.poisson_potential_eV(x, D, (1.0,), (x0,), 0.01, area, eps_r)
    pref = E_CHARGE_C / (eps_r * EPSILON0_F_PER_M * area * NM_M ** 2) * NM_M   # V per nm
    green = np.where(x < x0, pref * x * (D - x0) / D, pref * x0 * (D - x) / D)
    np.testing.assert_allclose(phi, green, rtol=2e-3, atol=1e-12)


def test_v_int_zero_outside_and_peak():
    x = np.array([-2.0, -0.1, 3.1, 5.0])
    assert np.all(pot.potential_components(x)["int"] == 0.0)
    xi = np.linspace(0, D, 3001)
    peak = pot.potential_components(xi)["int"].max()
    assert 0.02 < peak < 0.025          # documented default: about 0.0226 eV


def test_v_int_linear_in_charges_and_scales_with_area_and_eps():
    x = np.linspace(0, D, 101)
    both = pot.poisson_potential_eV(x, D, (1.0, 1.0), (1.0, 2.0))
    one = pot.poisson_potential_eV(x, D, (1.0, 0.0), (1.0, 2.0))
    two = pot.poisson_potential_eV(x, D, (0.0, 1.0), (1.0, 2.0))
    np.testing.assert_allclose(both, one + two, atol=1e-15)
    np.testing.assert_allclose(pot.poisson_potential_eV(x, D, (1.0, 1.0), (1.0, 2.0), area_nm2=20.0),
                               both / 2, rtol=1e-12, atol=1e-16)
    np.testing.assert_allclose(pot.poisson_potential_eV(x, D, (1.0, 1.0), (1.0, 2.0), eps_r=40.0),
                               both * 2, rtol=1e-12, atol=1e-16)
    np.testing.assert_allclose(pot.poisson_potential_eV(x, D, (-1.0, -1.0), (1.0, 2.0)), -both, atol=1e-16)


def test_v_int_default_positions_are_the_wells():
    x = np.linspace(0, D, 601)
    z = math.sqrt(BETA / ALPHA)
    c = pot.potential_components(x)["int"]
    explicit = pot.poisson_potential_eV(x, D, (1.0, 1.0), (D / 2 - z, D / 2 + z))
    np.testing.assert_allclose(c, explicit, atol=1e-15)
    assert pot.potential_components(x, include_V_int=False)["int"].max() == 0.0


# ----------------------------------------------------------------------------- edges
def test_smoothed_edges_converge_to_abrupt():
    x = np.linspace(-0.5, 3.5, 801)
    away = (np.abs(x) > 0.1) & (np.abs(x - D) > 0.1)
    abrupt = pot.filter_potential(x)
    errs = [np.max(np.abs(pot.filter_potential(x, edge_nm=e) - abrupt)[away]) for e in (0.05, 0.02, 0.01)]
    assert errs[0] > errs[1] > errs[2]
    assert errs[2] < 1e-6
    # at the mouth itself the window is 1/2: V_conf there is half the edge value
    c = pot.potential_components(np.array([0.0]), edge_nm=0.01, include_V_int=False)["conf"]
    assert c[0] == pytest.approx(0.5 * 0.118125, rel=1e-6)


def test_sample_filter_doubles_the_mouths():
    x, V = pot.sample_filter(0.0, 600)
    assert np.all(np.diff(x) >= 0)
    for mouth in (0.0, D):
        i = np.nonzero(x == mouth)[0]
        assert len(i) == 2
    i0 = np.nonzero(x == 0.0)[0]
    assert V[i0[0]] == pytest.approx(0.0, abs=1e-12) and V[i0[1]] == pytest.approx(0.118125, abs=1e-9)
    assert V.max() == pytest.approx(0.118125, abs=1e-9)
    x2, V2 = pot.sample_filter(-70.0, 600)
    assert V2[0] == 0.0 and V2[-1] == pytest.approx(-0.07)


# ----------------------------------------------------------------------------- input checks
@pytest.mark.parametrize("kwargs, name", [
    ({"U_mV": 5000.0}, "U_mV"), ({"U_mV": float("nan")}, "U_mV"), ({"d_nm": 0.0}, "d_nm"),
    ({"alpha_eV_nm4": -1.0}, "alpha_eV_nm4"), ({"edge_nm": -0.1}, "edge_nm"),
    ({"edge_nm": 2.0}, "edge_nm"), ({"int_width_nm": 0.0}, "int_width_nm"),
    ({"int_area_nm2": -1.0}, "int_area_nm2"), ({"eps_r": 0.0}, "eps_r"),
    ({"int_positions_nm": (1.0, 5.0)}, "int_positions_nm"),
    ({"int_charges_e": (1.0,), "int_positions_nm": (1.0, 2.0)}, "int_charges_e"),
])
def test_value_errors_name_the_argument(kwargs, name):
    with pytest.raises(ValueError, match=name):
        pot.filter_potential(np.linspace(0, 3, 5), **kwargs)


def test_bad_positions_raise():
    with pytest.raises(ValueError, match="x_nm"):
        pot.filter_potential([0.0, float("nan")])
    with pytest.raises(ValueError, match="n_x"):
        pot.sample_filter(0.0, 10)


# ----------------------------------------------------------------------------- the Landscape record
def test_landscape_defaults_are_the_paper_values_and_hashable():
    land = pot.Landscape()
    assert (land.d_nm, land.alpha_eV_nm4, land.beta_eV_nm2) == (pot.PAPER_PARAMS["d_nm"],
                                                                 pot.PAPER_PARAMS["alpha_eV_nm4"],
                                                                 pot.PAPER_PARAMS["beta_eV_nm2"])
    assert land == pot.Landscape.from_params(d_nm=3) and hash(land) == hash(pot.Landscape(d_nm=3.0))
    assert land.params() == {} and land.extent_nm == (-0.5, 3.5)
    assert pot.Landscape.from_params(landscape=land) is land


def test_landscape_sample_matches_filter_potential_and_nodes_match_sample_filter():
    land = pot.Landscape(edge_nm=0.1, include_V_int=False)
    x = np.linspace(-1, 4, 101)
    np.testing.assert_array_equal(land.sample(x, 30.0),
                                  pot.filter_potential(x, 30.0, edge_nm=0.1, include_V_int=False))
    xs, Vs = pot.sample_filter(30.0, 700, edge_nm=0.1, include_V_int=False)
    xn, Vn = land.nodes(30.0, 700)
    np.testing.assert_array_equal(xs, xn)
    np.testing.assert_array_equal(Vs, Vn)
    assert not xn.flags.writeable                           # cached: read-only
    assert land.top_eV(30.0, 700) == max(Vn.max(), 0.0, 0.03)


@pytest.mark.parametrize("kwargs,name", [({"d_nm": 0.0}, "d_nm"), ({"d_nm": 1e300}, "d_nm"),
                                         ({"edge_nm": 2.0}, "edge_nm"), ({"include_V_int": 1}, "include_V_int"),
                                         ({"int_charges_e": (1.0, 1j)}, "int_charges_e"),
                                         ({"int_positions_nm": (1.0,)}, "int_charges_e"),
                                         ({"margin_nm": -1.0}, "margin_nm"), ({"eps_r": np.nan}, "eps_r")])
def test_landscape_rejects_bad_fields_by_name(kwargs, name):
    with pytest.raises(ValueError, match=name):
        pot.Landscape(**kwargs)


def test_unknown_landscape_keyword_is_a_type_error():
    with pytest.raises(TypeError, match="unknown landscape parameter"):
        pot.Landscape.from_params(d=3.0)
    with pytest.raises(TypeError, match="not both"):
        pot.Landscape.from_params(landscape=pot.Landscape(), d_nm=3.0)


def test_bath_floor():
    assert pot.bath_floor_eV(-50.0) == 0.0 and pot.bath_floor_eV(40.0) == pytest.approx(0.04)
