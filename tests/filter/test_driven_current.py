"""The thermal current under a THz field (ionlib.driven_thermal_current) and the resonance-averaged
Floquet transmissions it rests on: zero field is thermal_current exactly; the tooth average equals
the fully resolved energy integral of the exact Floquet transmission for a cavity; flux
conservation, mirror symmetry and the closed-cavity formula of the average; the weak-field E0^2
law; the adiabatic helpers; input checks."""

import numpy as np
import pytest

import ionlib
from ionlib.filter import driven_current as dc
from ionlib.filter import floquet as fq
from ionlib.filter import _floquet_sweep as fs
from ionlib.filter import _floquet_average as fa

CONC = {"K+": (140.0, 5.0), "Na+": (15.0, 145.0)}


def cavity(h=0.03, b=0.08, Lc=4.0, n=21):
    """Two thin barriers of height h (eV) around a cavity Lc (nm) long, sampled inside."""
    x = np.array([0, 0, b, b] + list(np.linspace(b, b + Lc, n)[1:-1]) + [b + Lc, b + Lc, 2 * b + Lc, 2 * b + Lc])
    V = np.zeros(x.size)
    V[[1, 2, -3, -2]] = h
    return x, V


# ----------------------------------------------------------------------------- zero field
@pytest.mark.parametrize("ion", ["K+", "Na+"])
def test_zero_field_is_thermal_current(ion):
    U = np.array([-60.0, 0.0, 30.0])
    I0 = ionlib.thermal_current(U, ion, *CONC[ion], 310.0, 0.2)
    Id = ionlib.driven_thermal_current(U, ion, *CONC[ion], 310.0, 0.2, 0.0, 0.7, n_energy=40)
    np.testing.assert_allclose(Id, I0, rtol=1e-10, atol=0)
    assert isinstance(ionlib.driven_thermal_current(0.0, ion, *CONC[ion], 310.0, 0.2, 0.0, 0.7, n_energy=40), float)


# ----------------------------------------------------------------------------- the tooth average
@pytest.mark.parametrize("f, amp", [(0.5, 0.003), (2.0, 0.003)])
def test_tooth_average_equals_resolved_integral(f, amp):
    """A light particle (1 u) in a 4 nm cavity between two low barriers: the exact Floquet
    transmission on a grid fine enough to resolve every resonance, integrated against a smooth
    weight, equals the integral of the resonance-averaged transmission on a coarse grid, with and
    without drive (measured: 1e-6 relative for the static integral, 1e-3 for the drive-induced
    change)."""
    x, V = cavity()
    m, N = 1.0, 5
    hw = float(fq.photon_energy_eV(f))
    W = amp * np.clip(x / x[-1], 0, 1)
    weight = lambda E: np.exp(-(E - 0.06) ** 2 / (2 * 0.005 ** 2))   # vanishes at both ends
    Ef, Ec = np.linspace(0.03, 0.09, 6001), np.linspace(0.03, 0.09, 121)
    resolved, averaged = [], []
    for drive, n in ((0 * W, 0), (W, N)):
        pieces = fs.floquet_pieces(x, V, drive, m)
        T = fs.solve_sidebands(Ef, pieces, hw, n, m)[0].sum(0)
        resolved.append(np.trapezoid(T * weight(Ef), Ef))
        av = fa.resonance_averaged(Ec, pieces, hw, n, m, *fa.cut_window(pieces, 0.0, x[-1] / 2, 0.0))
        averaged.append(np.trapezoid(av["left"] * weight(Ec), Ec))
    np.testing.assert_allclose(averaged[0], resolved[0], rtol=1e-4)
    change_res, change_avg = resolved[1] - resolved[0], averaged[1] - averaged[0]
    assert abs(change_avg / change_res - 1) < 1e-2
    assert abs(change_res) > 1e-5 * resolved[0]                        # a real effect, not noise


def test_tooth_average_conserves_flux_and_mirror_symmetry():
    """<T> + <R> = 1; for a mirror-symmetric cavity with a linear drive (mirror image: -W plus a
    gauge constant, i.e. the same drive half a period later) <T> from the left equals <T> from the
    right."""
    x, V = cavity(h=0.05)
    m, f, N = 1.0, 1.0, 5
    W = 0.004 * np.clip(x / x[-1], 0, 1)
    pieces = fs.floquet_pieces(x, V, W, m)
    E = np.linspace(0.03, 0.09, 25)
    cuts, weights = fa.cut_window(pieces, 0.0, x[-1] / 2, 1.0, 4)
    av = fa.resonance_averaged(E, pieces, float(fq.photon_energy_eV(f)), N, m, cuts, weights, with_reflection=True)
    np.testing.assert_allclose(av["left"] + av["left_reflection"], 1.0, atol=1e-9)
    np.testing.assert_allclose(av["left"], av["right"], rtol=2e-3)


def test_closed_cavity_formula_matches_the_series():
    """The mode formula used for almost closed cavities and the doubled Stein series agree where
    both are accurate (loss per round trip ~1e-3)."""
    rng = np.random.default_rng(3)
    n = 5
    U, _ = np.linalg.qr(rng.normal(size=(n, n)) + 1j * rng.normal(size=(n, n)))
    k = rng.uniform(1.0, 3.0, n)
    # a K-sub-unitary round trip: K^(-1/2) U diag(1 - loss) K^(1/2)
    A = (U * (1 - rng.uniform(5e-4, 2e-3, n))) @ np.diag(np.sqrt(k))
    A = np.diag(1 / np.sqrt(k)) @ A
    K = np.diag(k)
    Lam = K - A.conj().T @ K @ A
    M = 0.3 * Lam
    v = rng.normal(size=n) + 1j * rng.normal(size=n)
    Y = fa._gramian(A[None], v[None])[0]
    series = np.real(np.trace(M @ Y))
    modal = fa._modal_average(A[None], v[None], M[None], Lam[None], k[None])[0]
    np.testing.assert_allclose(modal, series, rtol=1e-8)
    np.testing.assert_allclose(modal, 0.3 * np.real(v.conj() @ K @ v), rtol=1e-8)


# ----------------------------------------------------------------------------- the filter
def test_weak_field_change_scales_as_E0_squared():
    out = [dc.driven_fluxes(0.0, "K+", *CONC["K+"], 310.0, 0.2, E0, 1.0, n_energy=60)["dI_A"]
           for E0 in (1e5, 2e5)]
    assert out[0] != 0.0
    np.testing.assert_allclose(out[1] / out[0], 4.0, rtol=2e-2)


def test_adiabatic_helpers():
    I0 = ionlib.thermal_current(-20.0, "Na+", *CONC["Na+"], 310.0, 0.2, model="classical")
    np.testing.assert_allclose(dc.quasi_static_current(-20.0, "Na+", *CONC["Na+"], 310.0, 0.2, 0.0,
                                                       model="classical"), I0, rtol=1e-12)
    # the frozen landscape of the default region is the filter at U + E0 d cos(phi); for a small
    # swing the phase average is I(U) + (dU^2 / 4) I''(U)
    dU = 1e6 * 3e-9 * 1e3                                           # mV
    I = lambda u: ionlib.thermal_current(u, "Na+", *CONC["Na+"], 310.0, 0.2, model="classical")
    curvature = (I(-20.0 + 2.0) - 2 * I0 + I(-20.0 - 2.0)) / 4.0
    qs = dc.quasi_static_current(-20.0, "Na+", *CONC["Na+"], 310.0, 0.2, 1e6, model="classical")
    np.testing.assert_allclose(qs - I0, dU ** 2 / 4 * curvature, rtol=0.05)


def test_drive_profile():
    x = np.array([-1.0, 0.0, 1.0, 3.0, 4.0])
    W = dc.drive_profile_eV(x, 1e7, 1, (0.0, 3.0))
    np.testing.assert_allclose(W, [0.0, 0.0, 0.01, 0.03, 0.03])
    np.testing.assert_allclose(dc.drive_profile_eV(x, 1e7, 1, (1.0, 2.0)), [0, 0, 0, 0.01, 0.01])


# ----------------------------------------------------------------------------- input checks
@pytest.mark.parametrize("kwargs, match", [
    ({"field_V_per_m": -1.0}, "field_V_per_m"),
    ({"field_V_per_m": float("nan")}, "field_V_per_m"),
    ({"field_V_per_m": [1e5, 1e6]}, "field_V_per_m"),
    ({"field_V_per_m": 1e10}, "field_V_per_m"),
    ({"frequency_THz": 0.0}, "frequency_THz"),
    ({"frequency_THz": -0.5}, "frequency_THz"),
    ({"frequency_THz": float("inf")}, "frequency_THz"),
    ({"field_region_nm": (2.0, 1.0)}, "field_region_nm"),
    ({"field_region_nm": (0.0, 5.0)}, "field_region_nm"),
    ({"field_region_nm": "all"}, "field_region_nm"),
    ({"n_sidebands": -2}, "n_sidebands"),
    ({"area_nm2": 0.0}, "area_nm2"),
    ({"T_K": -5.0}, "T_K"),
    ({"U_mV": 900.0}, "U_mV"),
])
def test_bad_input(kwargs, match):
    args = dict(U_mV=0.0, ion="K+", c_in_mM=140.0, c_out_mM=5.0, T_K=310.0, area_nm2=0.2,
                field_V_per_m=1e5, frequency_THz=1.0, n_energy=40)
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        ionlib.driven_thermal_current(**args)


def test_divalent_ion_rejected():
    with pytest.raises(ValueError, match="monovalent"):
        ionlib.driven_thermal_current(0.0, ionlib.Ion("Ca2+", 40.08, 2), 1.0, 2.0, 310.0, 0.2, 1e5, 1.0)


# ----------------------------------------------------------------------------- bad input (issue 21)
CONC_K = {"c_in_mM": 140.0, "c_out_mM": 5.0, "T_K": 310.0, "area_nm2": 1.0}


def test_explicit_sideband_count_is_checked_like_driven_transmission():
    """n_sidebands = 1 at a strong drive used to return +50 % off the converged current silently."""
    with pytest.raises(ValueError, match="n_sidebands=1 is too small"):
        dc.driven_fluxes(0.0, "K+", field_V_per_m=1e7, frequency_THz=1.0, n_sidebands=1, **CONC_K)
    with pytest.raises(ValueError, match="n_sidebands=0 is too small"):
        dc.driven_fluxes(0.0, "K+", field_V_per_m=1e7, frequency_THz=1.0, n_sidebands=0, **CONC_K)


def test_frequency_bounds_fail_fast():
    import time
    t0 = time.perf_counter()
    for f in (1e-3, 1e-6, 1e-300):
        with pytest.raises(ValueError, match=r"frequency_THz must be a finite number in \[0.01, 100\] THz"):
            dc.driven_fluxes(0.0, "K+", field_V_per_m=1e6, frequency_THz=f, **CONC_K)
        with pytest.raises(ValueError, match="frequencies_THz"):
            dc.second_order_response(0.0, "K+", 140.0, 5.0, 310.0, [0.5, f])
    x = np.linspace(0.0, 3.0, 40)
    with pytest.raises(ValueError, match="needs more than 120 sidebands"):
        ionlib.driven_transmission(0.2, x, 0.1 * np.exp(-(x - 1.5) ** 2), dc.drive_profile_eV(x, 1e6),
                                   1e-3, 39.1)
    assert time.perf_counter() - t0 < 30      # all rejected up front (was 80-200 s per call)


@pytest.mark.parametrize("bad,err", [(0, ValueError), (-3, ValueError), (1e-300, ValueError),
                                     (2.7, ValueError), (True, TypeError), (np.inf, ValueError)])
def test_quasi_static_phase_count(bad, err):
    """n_phase = 0 used to return 2.29e-14 A where 12 phases give 8.10e-12 A."""
    for model in ("quantum", "classical"):
        with pytest.raises(err, match="n_phase"):
            dc.quasi_static_current(0.0, "K+", 140.0, 5.0, 310.0, 1.0, 1e6, model=model, n_phase=bad)


@pytest.mark.parametrize("kwargs,name", [({"field_V_per_m": np.nan}, "field_V_per_m"),
                                         ({"charge": np.nan}, "charge"), ({"x_nm": [0.0, np.nan]}, "x_nm"),
                                         ({"field_region_nm": (0.0, 9.0)}, "field_region_nm")])
def test_drive_profile_checks_its_inputs(kwargs, name):
    args = {"x_nm": np.linspace(0, 3, 5), "field_V_per_m": 1e6}
    args.update(kwargs)
    with pytest.raises(ValueError, match=name):
        dc.drive_profile_eV(**args)


def test_photon_and_thermal_energy_reject_non_finite():
    with pytest.raises(ValueError, match="frequency_THz"):
        fq.photon_energy_eV(np.nan)
    with pytest.raises(ValueError, match="T_K"):
        ionlib.thermal_energy_eV(np.inf)
    with pytest.raises(TypeError, match="T_K"):
        dc.driven_fluxes(0.0, "K+", 140.0, 5.0, True, 1.0, 1e6, 1.0)


def test_second_order_slow_end_against_full_floquet_and_quasi_static():
    """The one-sideband scan at its lowest frequency agrees with a full Floquet calculation at a
    weak field (an independent route: automatic N, its own field), and its response grows towards
    the quasi-static (f -> 0) value from below as f falls (it used to overshoot as f^-2)."""
    f_lo = dc.SECOND_ORDER_MIN_THZ
    chi = dc.second_order_response(0.0, "K+", 140.0, 5.0, 310.0, [0.1, 0.03, f_lo])["dI_per_E2_A"]
    E0 = 1e4
    full = dc.driven_fluxes(0.0, "K+", field_V_per_m=E0, frequency_THz=f_lo, **CONC_K)["dI_A"] / E0 ** 2
    assert abs(chi[2] / full - 1) < 5e-3
    qs = dc.quasi_static_fluxes(0.0, "K+", 140.0, 5.0, 310.0, 1.0, 1e5)["dI_A"] / 1e10
    assert qs < chi[2] < chi[1] < chi[0] < 0          # monotone approach from below, same sign
