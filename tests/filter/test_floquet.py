"""ionlib.driven_transmission (Floquet scattering) against what is known exactly: the static limit,
the gauge invariance of a uniform drive, flux conservation and reciprocity for random landscapes,
Tien–Gordon sidebands of an oscillating step, the weak-drive W^2 law, closed sidebands, the
adiabatic limit, a direct Crank–Nicolson time integration, and the input checks."""
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy.linalg import solve_banded
from scipy.special import jv

import ionlib
from ionlib.filter import floquet as fq
from ionlib.filter import _floquet_sweep as fs
from ionlib.filter.potential import sample_filter
from ionlib.filter.wavepacket import HBAR_EV_PS, gaussian_packet, hbar2_over_2m_eV_nm2

M_K = ionlib.POTASSIUM.mass_amu


def bumpy(n=60):
    """A smooth landscape with one exact step (doubled node) for the static comparisons."""
    x = np.linspace(0.0, 2.0, n)
    x = np.insert(x, n // 2, x[n // 2])
    V = 0.03 * np.sin(3 * x) ** 2 + 0.02 * (np.arange(x.size) > n // 2)
    return x, V


# ----------------------------------------------------------------------------- static limit, gauge
@pytest.mark.parametrize("scheme", fq.SCHEMES)
def test_no_drive_is_the_static_transmission(scheme):
    x, V = bumpy()
    E = np.linspace(0.021, 0.2, 40)
    r = ionlib.driven_transmission(E, x, V, np.zeros_like(x), 1.0, 1.0, scheme=scheme)
    T0 = ionlib.transmission(E, x, V, 1.0, scheme=scheme)
    np.testing.assert_allclose(r.total, T0, rtol=0, atol=1e-12)
    assert r.n_sidebands == 0 and r.T_n.shape == (1, E.size)
    np.testing.assert_allclose(r.total + r.reflection, 1.0, atol=1e-12)


@pytest.mark.parametrize("N", [None, 3])
def test_uniform_drive_is_a_pure_gauge(N):
    """W the same everywhere (both reservoirs oscillate with the filter): every lead channel is
    its own Floquet state, so nothing leaves in another sideband and T is the static one."""
    x, V = bumpy()
    E = np.linspace(0.021, 0.2, 30)
    r = ionlib.driven_transmission(E, x, V, np.full_like(x, 0.07), 0.3, 1.0, n_sidebands=N)
    np.testing.assert_allclose(r.total, ionlib.transmission(E, x, V, 1.0), atol=1e-12)
    side = r.sidebands != 0
    assert np.all(r.T_n[side] == 0.0) and np.all(r.R_n[side] == 0.0)


def test_filter_landscape_without_drive():
    x, V = sample_filter(0.0, 400)
    E = np.linspace(0.09, 0.2, 25)
    r = ionlib.driven_transmission(E, x, V, np.zeros_like(x), 0.5, M_K)
    np.testing.assert_allclose(r.total, ionlib.transmission(E, x, V, M_K), rtol=1e-9, atol=1e-300)


# ----------------------------------------------------------------------------- flux, reciprocity
@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 2 ** 31), f=st.floats(0.5, 3.0), m=st.floats(0.5, 5.0))
def test_flux_conservation_random_landscapes(seed, f, m):
    """sum_n T_n + sum_n R_n = 1 for random potentials and drives (steps included), at energies
    where some sidebands are closed and some open."""
    rng = np.random.default_rng(seed)
    n = 10
    x = np.linspace(0.0, 0.5, n) + rng.uniform(-0.02, 0.02, n)
    x = np.insert(x, 5, x[5])                      # one exact step
    hf = float(fq.photon_energy_eV(f))
    V = rng.uniform(0.0, 0.03, x.size)
    W = rng.uniform(-0.5, 0.5, x.size) * hf         # gauge jumps up to one photon
    E = np.max(V[[0, -1]]) + rng.uniform(1e-3, 0.05, 5)
    r = ionlib.driven_transmission(E, x, V, W, f, m)
    np.testing.assert_allclose(r.total + r.reflection, 1.0, rtol=0, atol=1e-10)
    assert np.all(r.T_n >= 0) and np.all(r.R_n >= 0)


def test_reciprocity_of_the_floquet_scattering_matrix():
    """The drive cos(wt) is even in time, so the flux-normalised Floquet S-matrix is symmetric:
    the amplitude left m -> right n equals right n -> left m (mirrored landscape)."""
    x, V = bumpy()
    W = 0.01 * np.cos(5 * x) + 0.01 * (np.arange(x.size) > 30)
    pieces = fs.floquet_pieces(x, V, W, 1.0)
    hw, N = float(fq.photon_energy_eV(1.0)), 5
    E = np.array([0.09, 0.13])
    _, t, kL, kR = fs.scattering_matrices(E, pieces, hw, N, 1.0)
    _, t2, kL2, kR2 = fs.scattering_matrices(E, pieces.mirrored(), hw, N, 1.0)
    tn = np.sqrt(kR[:, :, None]) * t / np.sqrt(kL[:, None, :])
    tn2 = np.sqrt(kR2[:, :, None]) * t2 / np.sqrt(kL2[:, None, :])
    np.testing.assert_allclose(tn, np.swapaxes(tn2, 1, 2), atol=1e-12)


# ----------------------------------------------------------------------------- Tien–Gordon
@pytest.mark.parametrize("a", [0.4, 2.3, 5.0])
def test_tien_gordon_sidebands_of_an_oscillating_step(a):
    """V = 0 and W jumping from 0 to a h f at x = 0: far above the photon energy (k_n = k_0) the
    wave leaves in sideband n with probability J_n(a)^2 and is not reflected."""
    f = 1.0
    hf = float(fq.photon_energy_eV(f))
    r = ionlib.driven_transmission(np.array([1e4 * hf]), [0.0, 0.0], [0.0, 0.0], [0.0, a * hf], f, 1.0)
    np.testing.assert_allclose(r.T_n[:, 0], jv(r.sidebands, a) ** 2, atol=1e-8)
    assert r.reflection[0] < 1e-8
    # weak drive: the n = +-1 weights are (W / 2 hbar w)^2 to leading order
    if a < 1:
        np.testing.assert_allclose(r.T_n[r.sidebands == 1, 0], (a / 2) ** 2, rtol=0.1)


def test_bessel_mixing_matrix():
    B = fq.bessel_mixing(1.3, 12)
    n = np.arange(-12, 13)
    inner = slice(6, 19)
    np.testing.assert_allclose(B[inner, inner], jv(n[inner, None] - n[None, inner], 1.3), atol=1e-10)
    np.testing.assert_allclose(B @ B.T, np.eye(25), atol=1e-13)
    np.testing.assert_allclose(fq.bessel_mixing(0.5, 12) @ fq.bessel_mixing(0.8, 12), B, atol=1e-13)


# ----------------------------------------------------------------------------- weak drive, closed
def test_weak_drive_scales_as_W_squared():
    """Sideband weights and the change of the total transmission grow as W^2."""
    x = np.array([0.0, 0.0, 0.4, 0.4])
    V = np.array([0.0, 0.08, 0.08, 0.0])
    E = np.array([0.05, 0.1, 0.15])
    T0 = ionlib.transmission(E, x, V, 1.0)
    out = []
    for W0 in (1e-4, 2e-4):
        r = ionlib.driven_transmission(E, x, V, W0 * np.array([0.0, 1.0, 1.0, 0.0]), 1.0, 1.0)
        out.append((r.T_n[r.sidebands == 1, :][0], r.total - T0))
    np.testing.assert_allclose(out[1][0] / out[0][0], 4.0, rtol=1e-3)
    np.testing.assert_allclose(out[1][1] / out[0][1], 4.0, rtol=1e-2)


def test_closed_sidebands_carry_nothing():
    x = np.array([0.0, 0.0, 0.3, 0.3])
    V = np.array([0.0, 0.05, 0.05, 0.02])
    f = 2.0
    hf = float(fq.photon_energy_eV(f))
    E = np.array([0.021 + 0.1 * hf, 0.03])
    r = ionlib.driven_transmission(E, x, V, 0.5 * hf * np.array([0, 1, 1, 0.0]), f, 1.0)
    for i, e in enumerate(E):
        below_right = e + r.sidebands * hf <= V[-1]
        below_left = e + r.sidebands * hf <= V[0]
        assert np.any(below_right) and np.all(r.T_n[below_right, i] == 0.0)
        assert np.all(r.R_n[below_left, i] == 0.0)
    np.testing.assert_allclose(r.total + r.reflection, 1.0, atol=1e-10)
    closed_incident = ionlib.driven_transmission([-0.01], x, V, np.zeros(4), f, 1.0)
    assert closed_incident.total[0] == 0.0 and closed_incident.reflection[0] == 0.0


def test_thick_barrier_never_overflows():
    x = np.array([0.0, 0.0, 8.0, 8.0])
    V = np.array([0.0, 0.3, 0.3, 0.0])
    r = ionlib.driven_transmission([0.05, 0.1], x, V, [0.0, 0.003, 0.003, 0.0], 1.0, M_K)
    assert np.all(np.isfinite(r.T_n)) and np.all(r.total < 1e-100)
    np.testing.assert_allclose(r.reflection, 1.0, atol=1e-10)


# ----------------------------------------------------------------------------- adiabatic limit
def test_adiabatic_limit_inside_a_barrier():
    """A thin barrier whose height oscillates, V0 + W0 cos(wt), driven ever more slowly: the total
    transmission tends to the phase average of the static transmission of the instantaneous
    barrier (6–10 % above the static one here), the difference falling as f^2 (measured: 1e-4 at
    0.16 THz, 6e-6 at 0.04 THz)."""
    x = np.array([0.0, 0.0, 0.1, 0.1])
    V0, W0, m, E = 0.08, 0.004, 1.0, np.array([0.05, 0.07])
    phi = 2 * np.pi * np.arange(64) / 64
    T_qs = np.mean([ionlib.transmission(E, x, np.array([0, V0 + W0 * np.cos(p), V0 + W0 * np.cos(p), 0]), m)
                    for p in phi], axis=0)
    T_static = ionlib.transmission(E, x, np.array([0.0, V0, V0, 0.0]), m)
    err = []
    for f in (0.16, 0.04):
        r = ionlib.driven_transmission(E, x, np.array([0.0, V0, V0, 0.0]), W0 * np.array([0, 1, 1, 0.0]), f, m)
        err.append(np.max(np.abs(r.total / T_qs - 1)))
    assert err[1] < 1e-5 and err[0] / err[1] > 10           # f^2: a factor 16
    assert np.min(T_qs / T_static - 1) > 0.05                # the drive matters at all


# ----------------------------------------------------------------------------- time integration
def crank_nicolson_transmitted(x, V, W, omega_per_ps, psi, mass_amu, E_ref, dt_ps, t_end_ps, x_right):
    """Numerov–Crank–Nicolson with the potential V + W cos(omega t) taken at the middle of each
    step (second order in time); psi = 0 beyond the grid. Returns the probability right of x_right."""
    dx = x[1] - x[0]
    c = hbar2_over_2m_eV_nm2(mass_amu) / dx ** 2
    tau = dt_ps / (2 * HBAR_EV_PS)
    ab = np.empty((3, x.size), complex)
    t = 0.0
    for _ in range(int(round(t_end_ps / dt_ps))):
        Vm = V + W * math.cos(omega_per_ps * (t + dt_ps / 2)) - E_ref
        lo, up, dg = -c + Vm[:-1] / 12, -c + Vm[1:] / 12, 2 * c + 10 * Vm / 12
        ab[0, 1:], ab[1], ab[2, :-1] = 1 / 12 + 1j * tau * up, 10 / 12 + 1j * tau * dg, 1 / 12 + 1j * tau * lo
        rhs = (10 / 12 - 1j * tau * dg) * psi
        rhs[1:] += (1 / 12 - 1j * tau * lo) * psi[:-1]
        rhs[:-1] += (1 / 12 - 1j * tau * up) * psi[1:]
        psi = solve_banded((1, 1), ab, rhs, check_finite=False)
        t += dt_ps
    return float(np.sum(np.abs(psi[x > x_right]) ** 2) * dx)


def test_against_direct_time_integration():
    """A light particle (1 u) tunnels through a smooth barrier whose top oscillates at 2 THz
    (photon-assisted transmission 30 times the static one). A Gaussian packet much longer than a
    period (energy spread 0.7 meV << h f = 8.3 meV, so incident energies h f apart never
    interfere) is integrated in time; its transmitted probability must equal the Floquet T
    averaged over its spectrum. Measured agreement 5e-4 relative; tolerance 2e-3."""
    m, f, E0, sigma, x0 = 1.0, 2.0, 0.05, 1.5, -12.0
    V_of = lambda x: 0.06 * np.exp(-x ** 2 / (2 * 0.15 ** 2))
    W_of = lambda x: 0.012 * np.exp(-x ** 2 / (2 * 0.3 ** 2))
    x = np.arange(-30.0, 22.0 + 1e-9, 0.005)
    psi0 = gaussian_packet(x, x0, sigma, E0, m)
    P_cn = crank_nicolson_transmitted(x, V_of(x), W_of(x), 2 * np.pi * f, psi0, m, E0, 0.005, 7.7, 3.0)
    # spectrum of the packet: |phi(k)|^2 Gaussian of width 1/(2 sigma) around k0
    k0, sk = math.sqrt(E0 / hbar2_over_2m_eV_nm2(m)), 1 / (2 * sigma)
    k = np.linspace(k0 - 6 * sk, k0 + 6 * sk, 121)
    wk = np.exp(-(k - k0) ** 2 / (2 * sk ** 2))
    xs = np.linspace(-2.5, 2.5, 501)
    r = ionlib.driven_transmission(hbar2_over_2m_eV_nm2(m) * k ** 2, xs, V_of(xs), W_of(xs), f, m)
    P_fl = float(np.sum(wk * r.total) / np.sum(wk))
    T_static = float(np.sum(wk * ionlib.transmission(hbar2_over_2m_eV_nm2(m) * k ** 2, xs, V_of(xs), m)) / np.sum(wk))
    assert P_fl > 10 * T_static
    assert abs(P_cn / P_fl - 1) < 2e-3


# ----------------------------------------------------------------------------- input checks
@pytest.mark.parametrize("kwargs, match", [
    ({"frequency_THz": 0.0}, "frequency_THz"),
    ({"frequency_THz": -1.0}, "frequency_THz"),
    ({"frequency_THz": float("nan")}, "frequency_THz"),
    ({"frequency_THz": [1.0, 2.0]}, "frequency_THz"),
    ({"drive_eV": np.zeros(3)}, "same length"),
    ({"drive_eV": np.full(4, np.inf)}, "finite"),
    ({"mass_amu": 0.0}, "mass_amu"),
    ({"energy_eV": [np.nan]}, "energy_eV"),
    ({"n_sidebands": -1}, "n_sidebands"),
    ({"n_sidebands": 2.5}, "n_sidebands"),
    ({"n_sidebands": True}, "n_sidebands"),
    ({"n_sidebands": 0}, "too small"),
    ({"n_sidebands": 1}, "too small"),
    ({"scheme": "rk4"}, "scheme"),
])
def test_bad_input(kwargs, match):
    hf = float(fq.photon_energy_eV(1.0))
    args = {"energy_eV": [0.2], "x_nm": [0.0, 0.0, 0.5, 0.5], "V_eV": [0.0, 0.05, 0.05, 0.0],
            "drive_eV": [0.0, 4 * hf, 4 * hf, 0.0], "frequency_THz": 1.0, "mass_amu": 1.0}
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        ionlib.driven_transmission(**args)


def test_x_must_not_decrease():
    with pytest.raises(ValueError, match="non-decreasing"):
        ionlib.driven_transmission([0.1], [0.0, 1.0, 0.5], [0, 0, 0], [0, 0, 0], 1.0, 1.0)
