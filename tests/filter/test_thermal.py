"""Thermal current of Paper A (Eq. 4): detailed balance, closed forms, linear response, conventions."""
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st, HealthCheck
from scipy.integrate import quad

import ionlib
from ionlib.filter import thermal as th
from ionlib.filter.energy_grid import SPAN_ABOVE_KT
from ionlib.filter.conductance import (calibrate_area_nm2, conductance_pS, concentration_ratio_for,
                               fitted_conductance_pS)
from ionlib.constants import AVOGADRO_PER_MOL, E_CHARGE_C, K_B_EV_PER_K, K_B_J_PER_K, NM_M


def _sigmoid(E0, width):
    return lambda E, U: 0.5 * (1.0 + np.tanh((np.asarray(E) - E0) / (2 * width)))


def _step(E0):
    return lambda E, U: (np.asarray(E) >= E0).astype(float)


# ----------------------------------------------------------------------------- Nernst
def test_nernst_values_and_sign():
    kT_mV = 1e3 * K_B_EV_PER_K * 310
    assert ionlib.nernst_potential("K+", 140, 5, 310) == pytest.approx(kT_mV * math.log(5 / 140))
    assert ionlib.nernst_potential("K+", 140, 5, 310) < 0 < ionlib.nernst_potential("Na+", 15, 145, 310)
    assert ionlib.nernst_potential("Na+", 10, 10, 300) == 0.0
    U = ionlib.nernst_potential("Na+", 15, 145, 310)
    assert concentration_ratio_for(U, "Na+", 310) == pytest.approx(145 / 15)


# ----------------------------------------------------------------------------- detailed balance
@st.composite
def transmissions(draw):
    """Random transmissions of total energy: sums of sigmoids (monotone or not) times a bump."""
    n = draw(st.integers(1, 3))
    E0 = [draw(st.floats(0.0, 0.3)) for _ in range(n)]
    w = [draw(st.floats(1e-4, 0.05)) for _ in range(n)]
    sign = [draw(st.sampled_from([1.0, -1.0])) for _ in range(n)]
    bump = draw(st.floats(0.0, 0.9))

    def P(E, U):
        E = np.asarray(E, float)
        y = sum(0.5 * (1 + s * np.tanh((E - e) / (2 * ww))) for e, ww, s in zip(E0, w, sign)) / n
        return np.clip(y * (1 - bump * np.exp(-((E - 0.15) / 0.01) ** 2)), 0.0, 1.0)
    return P, max(E0)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(P=transmissions(), c_in=st.floats(0.5, 500), c_out=st.floats(0.5, 500),
       T=st.floats(250, 350), ion=st.sampled_from(["K+", "Na+"]))
def test_zero_current_at_nernst_for_any_transmission(P, c_in, c_out, T, ion):
    fn, top = P
    U = ionlib.nernst_potential(ion, c_in, c_out, T)
    f = th.directional_fluxes(U, ion, c_in, c_out, T, model=fn, V_top_eV=top)
    if f["out"] == 0.0:  # transmission identically zero above E_lo: nothing flows either way
        assert f["in"] == 0.0
        return
    assert abs(f["out"] - f["in"]) <= 1e-10 * f["out"]
    I = ionlib.thermal_current(U, ion, c_in, c_out, T, 1.0, model=fn, V_top_eV=top)
    assert abs(I) <= 1e-10 * E_CHARGE_C * NM_M ** 2 * f["out"]


@settings(max_examples=10, deadline=None)
@given(c_in=st.floats(1, 300), c_out=st.floats(1, 300), T=st.floats(270, 330))
def test_reversal_root_equals_nernst(c_in, c_out, T):
    fn = _sigmoid(0.11, 0.003)
    U_rev = ionlib.reversal_potential("K+", c_in, c_out, T, model=fn, V_top_eV=0.11)
    assert U_rev == pytest.approx(ionlib.nernst_potential("K+", c_in, c_out, T), abs=1e-5)


def _eq4_by_quad(U_mV, ion, c_in, c_out, T, P):
    """Independent check: Eq. (4) in velocities, each direction from its own reservoir."""
    ion = ionlib.get_ion(ion)
    m, kT_J = ion.mass_kg, K_B_J_PER_K * T
    ZeU = 1e-3 * U_mV                        # eV, Z = 1
    E_lo = max(0.0, ZeU)
    f = lambda v: math.sqrt(m / (2 * math.pi * kT_J)) * math.exp(-m * v * v / (2 * kT_J))
    E_of = lambda v: 0.5 * m * v * v / (E_CHARGE_C)     # kinetic energy in eV
    Pphys = lambda E: float(P(np.array([E]), U_mV)[0]) if E > E_lo else 0.0
    vmax = 12 * math.sqrt(kT_J / m)
    out = quad(lambda v: v * Pphys(ZeU + E_of(v)) * f(v), 0, vmax, limit=400, points=[vmax / 3])[0]
    inn = quad(lambda v: v * Pphys(E_of(v)) * f(v), 0, vmax, limit=400, points=[vmax / 3])[0]
    n_in, n_out = c_in * AVOGADRO_PER_MOL, c_out * AVOGADRO_PER_MOL
    return E_CHARGE_C * NM_M ** 2 * (n_in * out - n_out * inn)


@pytest.mark.parametrize("U_mV", [-80.0, -20.0, 0.0, 30.0, 90.0])
def test_matches_direct_quadrature_of_eq4(U_mV):
    P = _sigmoid(0.10, 0.01)
    I = ionlib.thermal_current(U_mV, "Na+", 15, 145, 310, 1.0, model=P, V_top_eV=0.10)
    assert I == pytest.approx(_eq4_by_quad(U_mV, "Na+", 15, 145, 310, P), rel=1e-5)


# ----------------------------------------------------------------------------- closed forms
def test_step_gives_closed_form_mb_flux():
    T, V_top, c = 300.0, 0.12, 150.0
    ion = ionlib.POTASSIUM
    f = th.directional_fluxes(0.0, ion, c, c, T, model=_step(V_top), V_top_eV=V_top)
    n = c * AVOGADRO_PER_MOL
    expected = n * math.sqrt(K_B_J_PER_K * T / (2 * math.pi * ion.mass_kg)) * math.exp(-V_top / (K_B_EV_PER_K * T))
    assert f["out"] == pytest.approx(expected, rel=1e-4)
    assert f["in"] == pytest.approx(expected, rel=1e-4)
    assert f["G_sub"][()] == pytest.approx(0.0, abs=1e-4 * f["G"][()])


def test_transparent_channel_flux_is_n_sqrt_kT_over_2pi_m():
    f = th.directional_fluxes(0.0, "Na+", 100, 100, 310, model=lambda E, U: np.ones_like(E))
    assert f["G"] == pytest.approx(1.0, rel=1e-12)
    assert f["out"] == pytest.approx(100 * AVOGADRO_PER_MOL * th.thermal_velocity_m_per_s("Na+", 310))


def test_linear_response_conductance_for_symmetric_solutions():
    """c_in = c_out: dI/dU at 0 = (Ze)^2/kT * S n v_T G(0) when P does not depend on U."""
    T, c = 310.0, 150.0
    P = _sigmoid(0.12, 0.004)
    dU = 0.05
    I = ionlib.thermal_current(np.array([-dU, dU]), "K+", c, c, T, 1.0, model=P, V_top_eV=0.12)
    g_num = (I[1] - I[0]) / (2 * dU * 1e-3)
    G0 = th.directional_fluxes(0.0, "K+", c, c, T, model=P, V_top_eV=0.12)["G"][()]
    kT_J = K_B_J_PER_K * T
    g_th = E_CHARGE_C ** 2 / kT_J * NM_M ** 2 * c * AVOGADRO_PER_MOL * th.thermal_velocity_m_per_s("K+", T) * G0
    assert g_num == pytest.approx(g_th, rel=1e-4)


def test_ohmic_fit_of_linear_current():
    """conductance_pS of an exactly linear I(U) returns its slope; S calibration inverts it."""
    P = lambda E, U: np.ones_like(E)
    g1 = conductance_pS("K+", 100, 100, 310, 1.0, window_mV=(-1, 1), model=P)
    S = calibrate_area_nm2(50.0, "K+", 100, 100, 310, window_mV=(-1, 1), model=P)
    assert conductance_pS("K+", 100, 100, 310, S, window_mV=(-1, 1), model=P) == pytest.approx(50.0)
    assert S * g1 == pytest.approx(50.0)


# ----------------------------------------------------------------------------- conventions
def test_sign_convention_outward_positive():
    P = _sigmoid(0.1, 0.005)
    kw = dict(model=P, V_top_eV=0.1)
    assert ionlib.thermal_current(0.0, "K+", 140, 5, 310, 1.0, **kw) > 0      # K+ leaves the cell
    assert ionlib.thermal_current(-150.0, "K+", 140, 5, 310, 1.0, **kw) < 0   # below E_K: inward
    assert ionlib.thermal_current(0.0, "Na+", 15, 145, 310, 1.0, **kw) < 0    # Na+ enters
    I = ionlib.thermal_current(np.linspace(-100, 100, 11), "K+", 100, 100, 310, 1.0, **kw)
    assert I.shape == (11,) and np.all(np.diff(I) > 0) and I[5] == 0.0


def test_literal_reading_has_no_reversal_potential():
    P = _sigmoid(0.1, 0.005)
    U = np.linspace(-200, 200, 21)
    I = ionlib.thermal_current(U, "K+", 140, 5, 310, 1.0, model=P, reading="literal", V_top_eV=0.1)
    assert np.all(I > 0)
    with pytest.raises(ValueError, match="does not change sign"):
        ionlib.reversal_potential("K+", 140, 5, 310, model=P, reading="literal", V_top_eV=0.1)
    I_eq = ionlib.thermal_current(U, "K+", 50, 50, 310, 1.0, model=P, reading="literal", V_top_eV=0.1)
    assert np.all(I_eq == 0.0)


def test_energy_grid_contains_top_and_limits():
    kT = K_B_EV_PER_K * 310
    E = th.energy_grid_eV(0.0, 0.12, kT, 200)
    assert E[0] == 0.0 and np.any(E == 0.12) and np.all(np.diff(E) > 0)
    assert E[-1] == pytest.approx(0.12 + SPAN_ABOVE_KT * kT)


@pytest.mark.parametrize("width_kT", [1e-3, 0.02, 0.3])
def test_energy_grid_converged_for_sharp_and_smooth_sigmoids(width_kT):
    kT = K_B_EV_PER_K * 310
    P = _sigmoid(0.12, width_kT * kT)
    G = [th.directional_fluxes(0.0, "K+", 1, 1, 310, model=P, V_top_eV=0.12, n_energy=n)["G"][()]
         for n in (th.DEFAULT_N_ENERGY, 4 * th.DEFAULT_N_ENERGY)]
    assert G[0] == pytest.approx(G[1], rel=1e-4)


# ----------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("kwargs, name", [
    (dict(c_in_mM=-1.0), "c_in_mM"), (dict(c_out_mM=0.0), "c_out_mM"), (dict(T_K=0.0), "T_K"),
    (dict(T_K=5000.0), "T_K"), (dict(area_nm2=0.0), "area_nm2"), (dict(U_mV=float("nan")), "U_mV"),
    (dict(U_mV=900.0), "U_mV"), (dict(model="semiclassical"), "model"), (dict(reading="x"), "reading"),
    (dict(ion="Li+"), "ion"), (dict(n_energy=3), "n_energy"),
])
def test_bad_inputs_raise_valueerror_naming_the_argument(kwargs, name):
    args = dict(U_mV=0.0, ion="K+", c_in_mM=140.0, c_out_mM=5.0, T_K=310.0, area_nm2=1.0,
                model=_sigmoid(0.1, 0.01), V_top_eV=0.1)
    args.update(kwargs)
    with pytest.raises(ValueError, match=name):
        ionlib.thermal_current(**args)


def test_bad_transmission_values_rejected():
    with pytest.raises(ValueError, match="probabilities"):
        ionlib.thermal_current(0.0, "K+", 1, 1, 300, 1.0, model=lambda E, U: 2 * np.ones_like(E))


def test_fitted_conductance_is_the_slope_inside_the_window():
    U = np.linspace(-120, 80, 11)
    I = np.where(U <= 40, 0.02 * U + 1.0, 5.0)          # 20 pS inside the window, flat outside
    assert fitted_conductance_pS(U, I, (-90, 40)) == pytest.approx(20.0, rel=1e-12)
    assert abs(fitted_conductance_pS(U, I) - 20.0) > 1.0         # the points outside count without it
    with pytest.raises(ValueError, match="window_mV"):
        fitted_conductance_pS(U, I, (1, 5))


def test_bad_conductance_window():
    with pytest.raises(ValueError, match="window_mV"):
        conductance_pS("K+", 140, 5, 310, 1.0, window_mV=(40, -90), model=_sigmoid(0.1, 0.01))


# ----------------------------------------------------------------------------- the filter models
def test_classical_filter_current_is_closed_form_at_barrier_top():
    """Step at V_top of the same landscape: J = n sqrt(kT/2 pi m) exp(-V_top/kT) at U = 0."""
    T, c = 310.0, 100.0
    V_top = th.barrier_top_eV(0.0)
    assert V_top > 0.05
    f = th.directional_fluxes(0.0, "K+", c, c, T, model="classical")
    n = c * AVOGADRO_PER_MOL
    expected = n * th.thermal_velocity_m_per_s("K+", T) * math.exp(-V_top / (K_B_EV_PER_K * T))
    assert f["out"] == pytest.approx(expected, rel=1e-12) and f["in"] == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("ion", ["K+", "Na+"])
def test_quantum_filter_detailed_balance_and_sign(ion):
    ci, co = (140.0, 5.0) if ion == "K+" else (15.0, 145.0)
    Un = ionlib.nernst_potential(ion, ci, co, 310)
    f = th.directional_fluxes(Un, ion, ci, co, 310, n_energy=300)
    assert f["G"][()] > 0 and abs(f["out"] - f["in"]) <= 1e-10 * f["out"]
    I = ionlib.thermal_current(np.array([Un - 30, Un + 30]), ion, ci, co, 310, 1.0, n_energy=300)
    assert I[0] < 0 < I[1]


def test_quantum_energy_grid_converged():
    """Default grid against a 4x denser one, K+ (the sharper P) at 0 and -90 mV."""
    for U in (0.0, -90.0):
        G = [th.directional_fluxes(U, "K+", 1, 1, 310, n_energy=n)["G"][()]
             for n in (th.DEFAULT_N_ENERGY, 4 * th.DEFAULT_N_ENERGY)]
        assert G[0] == pytest.approx(G[1], rel=3e-3)
    G = [th.directional_fluxes(0.0, "K+", 1, 1, 310, n_energy=n)["G"][()]
         for n in (th.WIDGET_N_ENERGY, 4 * th.DEFAULT_N_ENERGY)]
    assert G[0] == pytest.approx(G[1], rel=2e-2)
