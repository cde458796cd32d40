"""Fig. A6 analysis (ionlib.analysis.terahertz_*): peak refinement, the independent reference route,
band statistics and the precomputed data file (its settings, its stated accuracy, live spot checks),
and the precompute command."""
import math

import numpy as np
import pytest

from ionlib.analysis import terahertz_data as tdata
from ionlib.analysis import terahertz_peaks as tpeaks
from ionlib.analysis import terahertz_precompute as tpre
from ionlib.analysis import terahertz_scans as tscans
from ionlib.constants import thermal_energy_eV
from ionlib.filter import driven_current as dc
from ionlib.filter.energy_grid import energy_grid_eV
from ionlib.filter._floquet_sweep import photon_energy_eV


def lorentz_pair(f):
    """Two negative Lorentzian dips (0.004 and 0.008 THz wide) on a small background."""
    f = np.asarray(f, dtype=float)
    return -1 / (1 + ((f - 0.1853) / 0.004) ** 2) - 0.3 / (1 + ((f - 0.3771) / 0.008) ** 2) - 0.01


# ----------------------------------------------------------------------------- peak refinement
def test_parabola_peak():
    assert tpeaks._parabola_peak((0.0, 1.0, 3.0), (-1.0, 0.0, -4.0)) == pytest.approx(0.0, abs=1e-12)
    assert tpeaks._parabola_peak((0.0, 1.0, 2.0), (1.0, 3.0, 2.0)) == pytest.approx(1 + 3.5 ** 2 / 6)   # -1.5x²+3.5x+1


def test_refinement_resolves_narrow_peaks_between_coarse_steps():
    f0 = np.round(np.arange(0.10, 0.50, 0.02), 2)
    calls = []

    def evaluate(fs):
        calls.append(len(fs))
        return lorentz_pair(fs)

    f, y, peaks = tpeaks.refine_extrema(f0, lorentz_pair(f0), evaluate, 0.1, 1.0)
    exact = (-1.0105209962060213, -0.3104347348570465)      # the true extrema (scipy, bounded)
    assert [round(p["f_THz"], 3) for p in peaks] == [0.185, 0.377]
    for p, true in zip(peaks, exact):
        assert abs(p["chi"] / true - 1) < tscans.PEAK_RTOL and p["residual"] < tscans.PEAK_RTOL
    # on the 0.02 THz steps alone the first peak is drawn at less than half its height
    assert np.abs(lorentz_pair(f0[f0 < 0.3])).max() < 0.5 * abs(exact[0])
    assert np.all(np.diff(f) > 0) and set(np.round(f0, 9)) <= set(np.round(f, 9))
    np.testing.assert_allclose(y, lorentz_pair(f), rtol=1e-14)
    assert all(n <= 4 for n in calls) and len(calls) <= tscans.PEAK_MAX_ITER   # batched: 2 points per peak


def test_refinement_only_inside_its_range_and_only_interior_maxima():
    f0 = np.round(np.arange(0.10, 0.50, 0.02), 2)
    f, y, peaks = tpeaks.refine_extrema(f0, lorentz_pair(f0), lorentz_pair, 0.3, 1.0)
    assert [round(p["f_THz"], 3) for p in peaks] == [0.377]
    assert f[(f > 0.1) & (f < 0.3)].size == np.count_nonzero((f0 > 0.1) & (f0 < 0.3))   # left alone
    f, y, peaks = tpeaks.refine_extrema([0.1, 0.2, 0.3], [-3.0, -2.0, -1.0], lorentz_pair, 0.0, 1.0)
    assert peaks == [] and f.size == 3                      # a monotone scan has no interior maximum


def test_refinement_stops_after_max_iter():
    f0 = np.array([0.0, 1.0, 2.0])
    vee = lambda x: np.abs(np.asarray(x) - 1.3) - 2.0      # a kink: never smooth enough to stop early
    f, y, peaks = tpeaks.refine_extrema(f0, vee(f0), vee, 0, 2, max_iter=3)
    assert peaks[0]["rounds"] == 3 and f.size == 3 + 6


# ----------------------------------------------------------------------------- scans and reference
def test_independent_route_reproduces_the_library_scan_on_its_grid():
    """second_order_on_grid (one frequency at a time, its own integration) on the library's graded
    grid gives the library's batched second_order_response."""
    land = tscans.LANDSCAPES["off"]
    kT = thermal_energy_eV(310.0)
    E = energy_grid_eV(0.0, land.top_eV(0.0, dc.DRIVE_N_X), kT, 40, span_above_kT=dc.DRIVE_SPAN_KT)
    freqs = (0.3, 1.0)
    ours = tscans.second_order_on_grid("K+", freqs, E, "off")
    lib = tscans.scan_response("K+", freqs, "off", n_energy=40)
    np.testing.assert_allclose(ours, lib, rtol=1e-6)     # round-off, amplified by the cancellation in ΔG


def test_reference_grid_is_uniform_near_the_top():
    land = tscans.LANDSCAPES["on"]
    kT = thermal_energy_eV(310.0)
    top = land.top_eV(0.0, dc.DRIVE_N_X)
    E = tscans.reference_grid_eV("on")
    assert np.all(np.diff(E) > 0) and E[0] > 0.0 and top in E
    s = (E - top) / kT
    fine = np.diff(s[(s > tscans.REFERENCE_WINDOW_KT[0] + 0.01) & (s < tscans.REFERENCE_WINDOW_KT[1] - 0.01)])
    assert fine.max() < 1.01 * tscans.REFERENCE_SPACING_KT
    assert s.max() == pytest.approx(dc.DRIVE_SPAN_KT, abs=tscans.REFERENCE_COARSE_KT)
    assert tscans.reference_grid_eV("on", spacing_kT=2 * tscans.REFERENCE_SPACING_KT).size < 0.6 * E.size
    # denser than the scan's graded grid everywhere near the top (its band: 0.75 n points in 2 k_BT)
    assert tscans.REFERENCE_SPACING_KT < 2.0 / (0.75 * tscans.SCAN_N_ENERGY)


def test_band_summary_and_resonances_of_a_scan():
    f0 = np.round(np.arange(0.10, 0.50, 0.02), 2)
    f, y, peaks = tpeaks.refine_extrema(f0, lorentz_pair(f0), lorentz_pair, 0.1, 1.0)
    scan = {"f_THz": f, "chi": y, "peaks": peaks}
    b = tpeaks.band_summary(scan, band=(0.2, 1.0))
    assert b["f1"] == pytest.approx(0.1853, abs=1e-3) and not b["f1_in_band"]
    assert b["fundamental"] == pytest.approx(1.0105, rel=1e-3)
    assert b["f_band"] == pytest.approx(0.377, abs=1e-3) and b["band_max"] == pytest.approx(0.3104, rel=1e-3)
    assert b["low"] == pytest.approx(abs(lorentz_pair(0.1)))
    res = tpeaks.resonances(scan, 3.0)
    assert [round(r[0], 3) for r in res] == [0.185, 0.377] and all(r[2] >= 3 for r in res)
    assert [round(r[0], 3) for r in tpeaks.resonances(scan, 3.0, band=(0.2, 1.0))] == [0.377]


def test_gauge_amplitude():
    a = tscans.gauge_amplitude(1e7, 0.5)
    assert a == pytest.approx(1e7 * 3e-9 / float(photon_energy_eV(0.5)))
    assert 14 < a < 15


# ----------------------------------------------------------------------------- the data file
def test_physics_hash_follows_the_sources(tmp_path):
    (tmp_path / "ionlib" / "filter").mkdir(parents=True)
    (tmp_path / "ionlib" / "filter" / "a.py").write_text("x = 1\n")
    h1 = tdata.physics_hash(tmp_path)
    assert h1 == tdata.physics_hash(tmp_path) and len(h1) == 64
    (tmp_path / "ionlib" / "filter" / "a.py").write_text("x = 2\n")
    assert tdata.physics_hash(tmp_path) != h1


def test_missing_data_file_names_the_command(tmp_path):
    with pytest.raises(FileNotFoundError, match="python -m ionlib.analysis.terahertz"):
        tdata.load_data(tmp_path / "nothing.json")


def test_data_file_matches_the_module_settings():
    """The committed scans were made with the settings the module states (else: recompute them)."""
    data = tdata.load_data()
    p = data["provenance"]
    assert p["command"] == "python -m ionlib.analysis.terahertz" and len(p["physics_sha256"]) == 64
    s = p["settings"]
    assert s["SCAN_N_ENERGY"] == tscans.SCAN_N_ENERGY and s["SCAN_THZ"] == list(tscans.SCAN_THZ)
    assert s["PEAK_RTOL"] == tscans.PEAK_RTOL
    last = {sec: run["settings"] for run in p["runs"] for sec in run["sections"]}     # the newest run of each
    assert last["reference"]["REFERENCE_SPACING_KT"] == tscans.REFERENCE_SPACING_KT
    assert s["DRIVE_N_X"] == dc.DRIVE_N_X and s["SECOND_ORDER_ALPHA"] == dc.SECOND_ORDER_ALPHA
    assert set(data["scans"]) == {tdata.scan_key(i, l, U) for i in tscans.IONS for l in tscans.LANDSCAPES for U in tpre.U_PANEL_MV}


def test_data_file_backs_the_stated_accuracy():
    """Every checked frequency: the scan within SCAN_TOL of the reference, the reference converged
    (twice its spacing changes it by < SCAN_TOL / 10); every peak resolved to PEAK_RTOL."""
    data = tdata.load_data()
    for r in data["reference"]:
        assert abs(r["scan"] / r["reference"] - 1) < tscans.SCAN_TOL, r
        assert abs(r["reference_coarse"] / r["reference"] - 1) < tscans.SCAN_TOL / 10, r
    for ion in tscans.IONS:
        for land in tscans.LANDSCAPES:
            for p in tdata.stored_scan(ion, land, 0.0, data)["peaks"]:
                assert p["residual"] < tscans.PEAK_RTOL, (ion, land, p)


def test_spot_check_recomputes_a_stored_peak():
    """One stored point recomputed live (K+, V_int off, its strongest peak) at the same settings."""
    data = tdata.load_data()
    peak = max(tdata.stored_scan("K+", "off", 0.0, data)["peaks"], key=lambda p: abs(p["chi"]))
    live = tscans.scan_response("K+", [peak["f_THz"]], "off")[0]
    assert live == pytest.approx(peak["chi"], rel=1e-6)     # round-off: batched with other frequencies before
    assert math.isfinite(live) and live < 0


def test_sideband_spectrum_spot_check_and_dense_maximum():
    """Six stored energies of the sideband figure recomputed live; the stored maximum of T_{+1}
    within 2 % of the one on four times as many energies."""
    data = tdata.load_data()
    assert tdata.sideband_spot_check(data) < 1e-6
    sb = data["sidebands"]
    T1 = np.array(sb["T_n"])[sb["sidebands"].index(1)]
    assert len(sb["x_kT"]) == tpre.SIDEBAND_N_ENERGY[0] and abs(T1.max() / sb["T+1_max_dense"] - 1) < 0.02


def test_data_file_was_computed_from_the_current_physics():
    """The stored scans are stale once a physics source changes: recompute them with the command."""
    data = tdata.load_data()
    assert data["provenance"]["physics_sha256"] == tdata.physics_hash()
    assert data["provenance"]["sources"] == list(tdata.PHYSICS_SOURCES)


def test_reference_row_only_at_a_computed_frequency():
    data = tdata.load_data()
    row = data["reference"][0]
    assert tdata.reference_row(row["ion"], row["landscape"], row["f_THz"], data) is row
    with pytest.raises(KeyError, match="no reference row"):
        tdata.reference_row(row["ion"], row["landscape"], row["f_THz"] + 1e-3, data)


def test_precompute_command_line():
    """`python -m ionlib.analysis.terahertz` is the command the provenance records; it parses its options."""
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-m", "ionlib.analysis.terahertz", "--help"], capture_output=True,
                         text=True, check=True).stdout
    assert "--only" in out and "--strong" in out and tdata.PRECOMPUTE_COMMAND == "python -m ionlib.analysis.terahertz"


def test_strong_run_above_the_gauge_limit_is_refused_before_writing(tmp_path):
    """A --strong run the gauge limit would skip raises instead of recording an empty run."""
    path = tmp_path / "data.json"
    path.write_text("{}")
    with pytest.raises(ValueError, match="max-gauge"):
        tpre.add_strong_field_run("Na+", "off", 1e7, 0.25921875, path=path)
    assert path.read_text() == "{}"
