"""Wave packets (Paper A, Fig. 2): Crank–Nicolson against exact results, and the A2 claims."""
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import ionlib
from ionlib.analysis import packets as pa
from ionlib.filter import wavepacket as wp
LIGHT = 1.0          # mass (u) for fast tests: k ≈ 69 nm⁻¹ at 0.1 eV, v ≈ 4 nm/ps


def _grid(a, b, dx):
    return (np.arange(int(round(a / dx)), int(round(b / dx)) + 1) + 0.5) * dx


def _barrier_case(dx, V0=0.06, width=0.1, E=0.05, sigma=0.5, t_end=5.0):
    """Light particle on a rectangular barrier [0, width]: (packet P_T, stationary P_T, run)."""
    x = _grid(-8.0, 8.0, dx)
    V = np.where((x > 0) & (x < width), V0, 0.0)      # nodes at (i+1/2)dx: edges on cell faces
    x0 = -6 * sigma
    psi = wp.gaussian_packet(x, x0, sigma, E, LIGHT)
    v0 = wp.group_velocity_nm_per_ps(E, LIGHT)
    run = wp.evolve_packet(x, V, psi, LIGHT, [t_end], cap_width_nm=1.5,
                           cap_strength_eV=10 * wp.HBAR_EV_PS * v0, x_left_nm=0.0, x_right_nm=width)
    stat = pa.spectral_transmission(E, sigma, LIGHT, np.array([-1.0, 0.0, 0.0, width, width, width + 1]),
                                    np.array([0.0, 0.0, V0, V0, 0.0, 0.0]))
    return run.P_right[-1], stat, run


# ----------------------------------------------------------------------------- exact properties
def test_norm_conserved_without_absorber():
    x = _grid(-5, 5, 0.004)
    V = 0.05 * np.exp(-x ** 2)
    psi = wp.gaussian_packet(x, -2.0, 0.4, 0.04, LIGHT)
    run = wp.evolve_packet(x, V, psi, LIGHT, np.linspace(0, 1.0, 5))
    assert np.allclose(run.norm_in_box, 1.0, atol=1e-12)
    tot = run.P_left + run.P_inside + run.P_right
    assert np.allclose(tot, 1.0, atol=1e-12)


@settings(max_examples=15, deadline=None)
@given(mass=st.floats(0.5, 50.0), E=st.floats(0.01, 0.2), amp=st.floats(-0.1, 0.3),
       dt=st.floats(1e-4, 0.05))
def test_norm_conserved_for_any_potential_and_step(mass, E, amp, dt):
    """Crank–Nicolson is unitary for every real potential and every time step."""
    x = _grid(-3, 3, 0.003)
    V = amp * np.cos(3 * x) ** 2
    psi = wp.gaussian_packet(x, -0.5, 0.3, min(E, (1.0 / 0.003) ** 2 * wp.hbar2_over_2m_eV_nm2(mass)), mass)
    run = wp.evolve_packet(x, V, psi, mass, [5 * dt], dt_ps=dt)
    assert abs(run.norm_in_box[-1] - 1.0) < 1e-11


def test_absorber_books_every_probability():
    _, _, run = _barrier_case(0.004)
    tot = run.P_left + run.P_inside + run.P_right
    assert np.allclose(tot, 1.0, atol=1e-10)
    assert run.norm_in_box[-1] < 1e-3          # the packet has been absorbed on both sides


def test_free_packet_moves_at_group_velocity_and_spreads():
    """σ(t) = σ0 sqrt(1 + (ħt/2mσ0²)²) and ⟨x⟩ = x0 + ħk0 t/m for a free Gaussian."""
    x = _grid(-4, 12, 0.004)
    sigma0, E, x0 = 0.1, 0.05, -2.0
    t = np.array([0.0, 0.4, 0.8])
    psi = wp.gaussian_packet(x, x0, sigma0, E, LIGHT)
    run = wp.evolve_packet(x, np.zeros_like(x), psi, LIGHT, t, time_tol=1e-5)
    rho = run.density / run.norm_in_box[:, None]
    dx = x[1] - x[0]
    mean = (rho * x).sum(axis=1) * dx
    sd = np.sqrt((rho * (x - mean[:, None]) ** 2).sum(axis=1) * dx)
    v0 = wp.group_velocity_nm_per_ps(E, LIGHT)
    # ħ/(2mσ0²) in 1/ps, written with ħ²/2m (eV nm²) and ħ (eV ps)
    rate = 2 * wp.hbar2_over_2m_eV_nm2(LIGHT) / (wp.HBAR_EV_PS * 2 * sigma0 ** 2)
    assert np.allclose(sd, sigma0 * np.sqrt(1 + (rate * t) ** 2), rtol=2e-3)
    assert np.allclose(mean, x0 + v0 * t, atol=2e-3)
    assert sd[-1] > 2 * sigma0                  # the test does probe spreading


def test_free_packet_timescales_are_time_of_flight():
    x = _grid(-7, 8, 0.004)
    E, sigma, d = 0.05, 0.5, 2.0
    psi = wp.gaussian_packet(x, -3.0, sigma, E, LIGHT)
    v0 = wp.group_velocity_nm_per_ps(E, LIGHT)
    run = wp.evolve_packet(x, np.zeros_like(x), psi, LIGHT, [(8.0 + d) / v0], cap_width_nm=1.5,
                           cap_strength_eV=10 * wp.HBAR_EV_PS * v0, x_left_nm=0.0, x_right_nm=d)
    ts = pa.packet_timescales(run, -3.0, E)
    assert ts["P_T"] == pytest.approx(1.0, abs=1e-6)
    assert ts["delay"] == pytest.approx(d / v0, rel=5e-3)
    assert ts["dwell"] == pytest.approx(d / v0, rel=5e-3)


# ----------------------------------------------------------------------------- against stationary T
def test_tunnelling_through_rectangular_barrier_matches_stationary():
    P, stat, _ = _barrier_case(0.004)
    assert 0.02 < stat < 0.5                    # a genuinely sub-barrier case (E < V0)
    assert P == pytest.approx(stat, rel=0.01)


def test_step_down_matches_stationary():
    """Step V = 0 → -0.04 eV at x = 0: transmitted probability (flux factor included)."""
    x = _grid(-8, 8, 0.004)
    V = np.where(x > 0, -0.04, 0.0)
    E, sigma = 0.01, 0.5
    psi = wp.gaussian_packet(x, -3.0, sigma, E, LIGHT)
    v0 = wp.group_velocity_nm_per_ps(E, LIGHT)
    run = wp.evolve_packet(x, V, psi, LIGHT, [5.0 / v0], cap_width_nm=1.5,
                           cap_strength_eV=10 * wp.HBAR_EV_PS * v0, x_left_nm=0.0, x_right_nm=0.0)
    stat = pa.spectral_transmission(E, sigma, LIGHT, np.array([-1.0, 0.0, 0.0, 1.0]),
                                    np.array([0.0, 0.0, -0.04, -0.04]))
    assert 0.5 < stat < 0.95
    assert run.P_right[-1] == pytest.approx(stat, rel=5e-3)


def test_convergence_in_dx_and_dt():
    errs = [abs(_barrier_case(dx)[0] / _barrier_case(dx)[1] - 1) for dx in (0.008, 0.004)]
    assert errs[1] < errs[0] / 2.5             # second order in dx (or better)
    P1 = _barrier_case(0.004)[0]
    x = _grid(-8.0, 8.0, 0.004)                  # same case with a 4x smaller time step
    V = np.where((x > 0) & (x < 0.1), 0.06, 0.0)
    psi = wp.gaussian_packet(x, -3.0, 0.5, 0.05, LIGHT)
    v0 = wp.group_velocity_nm_per_ps(0.05, LIGHT)
    run = wp.evolve_packet(x, V, psi, LIGHT, [5.0], cap_width_nm=1.5, cap_strength_eV=10 * wp.HBAR_EV_PS * v0,
                           x_left_nm=0.0, x_right_nm=0.1, time_tol=1e-3 / 16)
    assert run.P_right[-1] == pytest.approx(P1, rel=2e-3)


# ----------------------------------------------------------------------------- the filter (Fig. 2)
def test_filter_packet_matches_spectrum_averaged_transmission():
    fp = pa.run_filter_packet(5.6, preset="widget")
    s = fp.summary
    assert s["P_inside_end"] < 1e-2
    assert s["P_T"] == pytest.approx(s["P_T_stationary"], abs=0.02)
    assert s["delay"] == pytest.approx(s["tau_classical"], rel=0.03)
    assert 3.0 < s["delay"] < 7.0


def test_subbarrier_filter_packet_is_reflected():
    fp = pa.run_filter_packet(3.6, preset="widget")
    s = fp.summary
    assert s["E_over_Vmax"] < 1 and s["P_T"] + s["P_inside_end"] < 1e-6 and s["P_R"] > 1 - 1e-6
    assert math.isnan(s["delay"])


def test_classical_transit_time():
    m = ionlib.POTASSIUM.mass_amu
    assert pa.classical_transit_time_ps(0.1, m) == math.inf       # below the 0.118 eV edges
    flat = pa.classical_transit_time_ps(0.1, m, alpha_eV_nm4=0.0, beta_eV_nm2=0.0, include_V_int=False)
    assert flat == pytest.approx(3.0 / wp.group_velocity_nm_per_ps(0.1, m), rel=1e-9)


# ----------------------------------------------------------------------------- errors
@pytest.mark.parametrize("call, word", [
    (lambda: wp.gaussian_packet(_grid(-1, 1, 0.01), 0, -0.1, 0.05, 1), "sigma_nm"),
    (lambda: wp.gaussian_packet(_grid(-1, 1, 0.01), 0, 0.2, -0.05, 1), "energy_eV"),
    (lambda: wp.gaussian_packet(_grid(-1, 1, 0.01), 0, 0.2, 0.05, 0), "mass_amu"),
    (lambda: wp.gaussian_packet(_grid(-1, 1, 0.05), 0, 0.2, 0.1, 39), "too coarse"),
    (lambda: wp.gaussian_packet(np.array([0, 1, 3.0] * 10), 0, 0.2, 0.05, 1), "x_nm"),
    (lambda: wp.evolve_packet(_grid(-1, 1, 0.01), np.zeros(201), np.ones(201), 1, [-1.0]), "t_ps"),
    (lambda: wp.evolve_packet(_grid(-1, 1, 0.01), np.zeros(3), np.ones(201), 1, [1.0]), "V_eV"),
    (lambda: wp.evolve_packet(_grid(-1, 1, 0.01), np.zeros(201), np.zeros(201), 1, [1.0]), "psi0"),
    (lambda: wp.evolve_packet(_grid(-1, 1, 0.01), np.zeros(201), np.ones(201), 1, [1.0], dt_ps=0), "dt_ps"),
    (lambda: wp.evolve_packet(_grid(-1, 1, 0.01), np.zeros(201), np.ones(201), 1, [1.0],
                              cap_width_nm=5, cap_strength_eV=1), "cap_width_nm"),
    (lambda: pa.run_filter_packet(5.0, preset="fast"), "preset"),
    (lambda: pa.run_filter_packet(-1.0), "energy_kT"),
    (lambda: pa.run_filter_packet(5.0, sigma_nm=3.0), "sigma_nm"),
    (lambda: pa.run_filter_packet(5.0, ion="Cl-"), "ion"),
    (lambda: pa.spectral_transmission(0.1, 0.4, 39, [0, 1], [0, 0], n_k=3), "n_k"),
    (lambda: wp.transmitted_fraction("run"), "run"),
])
def test_bad_input_raises_named_value_error(call, word):
    with pytest.raises(ValueError, match=word):
        call()


# ----------------------------------------------------------------------------- claims
def test_a2_claims_registered_and_valid():
    from ionlib.ledger import registry as claims
    from claim_checks import check_claim
    out = {cid: check_claim(cid)[1] for cid in ("A2-subbarrier", "A2-timescale", "A2-THz")}
    assert all(isinstance(v, float) for o in out.values() for v in o.numbers.values())
    sub = out["A2-subbarrier"]
    assert sub.numbers["P_T_upper_3p6"] < 1e-6 and sub.verdict == claims.NOT_REPRODUCED
    ts = out["A2-timescale"]
    assert 3.0 < ts.numbers["delay_min_ps"] < ts.numbers["delay_max_ps"] < 7.0


# ----------------------------------------------------------------------------- resonances, mass
def _double_barrier(V0=0.3, a=0.1, L=8.0):
    """Two V0 (eV), a (nm) walls L apart: a comb of resonances far narrower than any fixed grid."""
    x = np.array([-1.0, 0.0, 0.0, a, a, a + L, a + L, 2 * a + L, 2 * a + L, 2 * a + L + 1])
    V = np.array([0.0, 0.0, V0, V0, 0.0, 0.0, V0, V0, 0.0, 0.0])
    return x, V


def test_refined_spectral_average_is_the_fabry_perot_average():
    """A packet covering many narrow resonances sees the phase-averaged double barrier,
    <T> = T1 / (2 - T1) with T1 one wall's transmission (smooth, easy to integrate)."""
    x, V = _double_barrier()
    E, sigma, m = 0.05, 0.2, 2 * LIGHT
    k0, sk = wp.packet_wavenumber_per_nm(E, m), 1 / (2 * sigma)
    k = np.linspace(k0 - 8 * sk, k0 + 8 * sk, 20001)
    w = np.exp(-0.5 * ((k - k0) / sk) ** 2) / (math.sqrt(2 * math.pi) * sk)
    T1 = ionlib.transmission(wp.hbar2_over_2m_eV_nm2(m) * k ** 2, x[:5], V[:5], m)
    averaged = float(np.trapezoid(w * T1 / (2 - T1), k))
    refined = pa.spectral_transmission(E, sigma, m, x, V)
    assert pa.spectral_transmission(E, sigma, m, x, V, min_weight=1e-20) == pytest.approx(refined, rel=1e-3)
    assert 1 / 1.5 < refined / averaged < 1.5
    coarse = pa.spectral_transmission(E, sigma, m, x, V, min_weight=None)
    assert coarse < 1e-3 * averaged                                 # a fixed grid misses the peaks


def test_tunnelling_grows_as_the_mass_drops_and_threshold_is_met():
    r = pa.tunnelling_vs_mass([1.0, 0.3, 0.1], min_weight=1e-10)
    assert np.all(np.diff(r["P_T_sub"]) > 0) and np.all(r["weight_sub"] > 0.99)
    assert np.all(r["P_T_sub"] <= r["P_T"] + 1e-15)
    f = pa.mass_factor_for_tunnelling(0.01)
    P = pa.tunnelling_vs_mass(f, min_weight=1e-8)["P_T_sub"][0]
    assert P == pytest.approx(0.01, rel=0.05)
    with pytest.raises(ValueError, match="mass_factors"):
        pa.tunnelling_vs_mass([0.0])
    with pytest.raises(ValueError, match="threshold"):
        pa.mass_factor_for_tunnelling(1.5)
