"""Fig. A6, the precompute: every scan, reference check, full Floquet run, slow-field limit,
sideband spectrum and reversal shift the page and the ledger read, computed in worker processes
and written with provenance (date, ionlib version, SHA-256 of the physics sources, settings) to
:data:`~ionlib.analysis.terahertz_data.DATA_PATH`.

Run ``python -m ionlib.analysis.terahertz`` (:func:`main`; ~70 min on two shared cores, of which the
scans ~20 min and the longest full runs 20-40 min each); ``--only SECTION ...`` recomputes parts of
an existing file, ``--strong ION LANDSCAPE FIELD F`` one full Floquet run (:func:`add_strong_field_run`).
Every run is appended to ``provenance["runs"]``.
"""
from __future__ import annotations

import argparse
import datetime
import json
import time
from pathlib import Path

import numpy as np

from .. import __version__
from ..filter import driven_current as dc
from ..filter.conductance import T_BODY_K
from ..filter.thermal import nernst_potential, thermal_current
from .terahertz_data import DATA_PATH, PHYSICS_SOURCES, PRECOMPUTE_COMMAND, clear_cache, physics_hash, scan_key, stored_scan
from .terahertz_peaks import band_summary, refine_extrema, resonances
from .terahertz_scans import (BAND_THZ, IONS, LANDSCAPES, PEAK_RTOL, REFERENCE_COARSE_KT, REFERENCE_SPACING_KT,
                              REFERENCE_WINDOW_KT, REFINE_THZ, SCAN_N_ENERGY, SCAN_THZ, gauge_amplitude,
                              physiological_mM, reference_grid_eV, scan_response, second_order_on_grid,
                              sideband_spectrum)

__all__ = ["CHECK_THZ", "U_PANEL_MV", "FULL_N_ENERGY", "FULL_MAX_GAUGE", "FULL_TIMEOUT_S", "SIDEBAND_N_ENERGY",
           "SECTIONS", "resolved_scan", "precompute", "add_strong_field_run", "main"]

#: Frequencies (THz) of the reference checks (plus each scan's fundamental and band maximum).
CHECK_THZ = (0.02, 0.05, 0.1, 0.2, 0.55, 1.0, 2.0, 5.0)
#: Membrane potentials of the Explore panel's scans (mV); refined peaks only at 0 mV.
U_PANEL_MV = (-60.0, 0.0, 60.0)
#: Full Floquet runs: the benchmark's accuracy (graded energies); runs are attempted only up to the
#: gauge amplitude a = Z e E0 d / (h f) of FULL_MAX_GAUGE (a = 19 needs N = 27 sidebands, 12-40 min
#: on 2 shared cores; the cost grows as (2N + 1)^3 with N ~ 1.4 a, so the fundamentals at 1e7 V/m,
#: a = 28-39, would take hours each); a run still going after FULL_TIMEOUT_S (s) is stopped.
FULL_N_ENERGY = dc.DRIVE_N_ENERGY
FULL_MAX_GAUGE = 20.0
FULL_TIMEOUT_S = 3600.0
#: Energies of the stored sideband spectrum (the figure) and of its denser check.
SIDEBAND_N_ENERGY = (400, 1600)
#: The sections of the data file after the scans, and the job keys that fill them.
SECTIONS = ("reference", "adiabatic", "strong_field", "sidebands", "reversal", "before")


def resolved_scan(ion, landscape="on", U_mV=0.0, refine=True, progress=None):
    """chi = (Delta I / I) / E0^2 ((m/V)^2) at SCAN_THZ (THz) and, with ``refine``, every peak in
    REFINE_THZ resolved to PEAK_RTOL: dict with ``f_THz``, ``chi`` (lists, sorted by frequency) and
    ``peaks`` (:func:`~ionlib.analysis.terahertz_peaks.refine_extrema`)."""
    f = np.array(SCAN_THZ)
    chi = scan_response(ion, f, landscape, U_mV)
    peaks = []
    if refine:
        f, chi, peaks = refine_extrema(f, chi, lambda fs: scan_response(ion, fs, landscape, U_mV), *REFINE_THZ)
    if progress:
        progress(f"scan {ion} V_int {landscape} U={U_mV:+.0f} mV: {f.size} frequencies")
    return {"f_THz": f.tolist(), "chi": chi.tolist(), "peaks": peaks}


class _Timeout(Exception):
    pass


def _strong_field(ion, landscape, field, f, timeout_s=FULL_TIMEOUT_S, max_gauge=FULL_MAX_GAUGE):
    """A full Floquet run of ``ion`` in ``landscape`` at U = 0, field ``field`` (V/m), frequency
    ``f`` (THz): driven_fluxes, FULL_N_ENERGY energies, N chosen automatically, stopped
    after ``timeout_s`` (SIGALRM; run it in a worker process), and the second order on the same
    grid: dict with ``exact`` (Delta I / I; None if stopped, or not attempted when the gauge
    amplitude ``gauge`` exceeds FULL_MAX_GAUGE), ``second_order``, ``n_sidebands``, ``seconds``."""
    import signal

    def alarm(signum, frame):
        raise _Timeout

    t0 = time.perf_counter()
    a = gauge_amplitude(field, f, landscape)
    so = scan_response(ion, [f], landscape, n_energy=FULL_N_ENERGY)[0] * field ** 2
    out = {"ion": ion, "landscape": landscape, "field": field, "f_THz": f, "gauge": a, "exact": None,
           "second_order": float(so), "n_sidebands": None, "seconds": None, "timeout_s": timeout_s}
    if a > max_gauge:
        return out
    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(int(timeout_s))
    try:
        r = dc.driven_fluxes(0.0, ion, *physiological_mM(ion), T_BODY_K, 1.0, field, f, n_energy=FULL_N_ENERGY,
                             landscape=LANDSCAPES[landscape])
        exact, N = r["dI_A"] / r["I_static_A"], r["n_sidebands"]
    except _Timeout:
        exact, N = None, None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return {**out, "exact": exact, "n_sidebands": N, "seconds": time.perf_counter() - t0}


def _strong_runs(scan, landscape):
    """(field, f) of the full runs: at 1e7 V/m the fundamental, the band maximum and the strongest
    in-band resonance with a <= FULL_MAX_GAUGE; for V_int on also 1e6 V/m at 0.5 THz and 1e7 V/m
    at 1 THz (off the resonances). Runs above FULL_MAX_GAUGE are recorded as not attempted."""
    b = band_summary(scan)
    feasible = [r for r in resonances(scan, band=BAND_THZ) if gauge_amplitude(1e7, r[0], landscape) <= FULL_MAX_GAUGE]
    runs = {(1e7, b["f1"]), (1e7, b["f_band"])}
    if feasible:
        runs.add((1e7, max(feasible, key=lambda r: abs(r[1]))[0]))
    return runs | ({(1e6, 0.5), (1e7, 1.0)} if landscape == "on" else set())


def _reversal(ion, frequencies=(0.05, 0.5, 1.0)):
    """Current pumped at the Nernst potential and the shift of the reversal potential per (V/m)^2,
    on the scan grid and on the reference grid (V_int on)."""
    ci, co = physiological_mM(ion)
    Un = nernst_potential(ion, ci, co, T_BODY_K)
    r = dc.second_order_response(Un, ion, ci, co, T_BODY_K, frequencies, n_energy=SCAN_N_ENERGY)
    ref = second_order_on_grid(ion, frequencies, reference_grid_eV("on", Un), "on", Un)
    h = 0.5
    g = (thermal_current(Un + h, ion, ci, co, T_BODY_K, 1.0)
         - thermal_current(Un - h, ion, ci, co, T_BODY_K, 1.0)) / (2 * h)
    return {"U_nernst_mV": Un, "g_pS": g * 1e15, "f_THz": list(frequencies), "dI_per_E2_A": r["dI_per_E2_A"].tolist(),
            "dU_per_E2_mV": (-r["dI_per_E2_A"] / g).tolist(), "chi": r["dI_over_I_per_E2"].tolist(),
            "chi_reference": ref.tolist()}


def _adiabatic(ion, landscape, field):
    """Slow-field limits Delta I / I: quantum (phase-averaged frozen landscapes, scan grid, 8 phases;
    and a denser check, 4x the energies and 16 phases) and the classical step (24 phases; check 48)."""
    ci, co = physiological_mM(ion)
    land = LANDSCAPES[landscape]

    def quantum(n_energy, n_phase):
        q = dc.quasi_static_fluxes(0.0, ion, ci, co, T_BODY_K, 1.0, field, n_phase=n_phase, n_energy=n_energy,
                                   landscape=land)
        return q["dI_A"] / q["I_static_A"]

    def classical(n_phase):
        I_cl = thermal_current(0.0, ion, ci, co, T_BODY_K, 1.0, model="classical", landscape=land)
        c = dc.quasi_static_current(0.0, ion, ci, co, T_BODY_K, 1.0, field, model="classical", n_phase=n_phase,
                                    landscape=land)
        return (c - I_cl) / I_cl

    return {"quantum": quantum(SCAN_N_ENERGY, 8), "quantum_check": quantum(4 * SCAN_N_ENERGY, 16),
            "classical": classical(24), "classical_check": classical(48)}


def _before(ion):
    """The page's previous method (40 graded energies, 0.02 THz steps, its band maximum re-scanned
    in 0.005 THz steps): its scan (``f_THz``, ``abs_chi``), the band maximum per (V/m)^2 and the
    full run at 1e7 V/m and 1 THz."""
    f = np.array(sorted({0.02, 0.03, 0.05, 0.07, 0.8, 0.9, 1.0, 1.5, 2.0, 3.0, 5.0}
                        | {round(v, 2) for v in np.arange(0.10, 0.701, 0.02)}))
    chi = np.abs(scan_response(ion, f, n_energy=40))
    inside = (f >= 0.2 - 1e-9) & (f <= 1.0 + 1e-9)
    i = np.flatnonzero(inside)[int(np.argmax(chi[inside]))]
    fine = np.round(np.arange(max(0.2, f[i] - 0.03), min(1.0, f[i] + 0.03) + 1e-9, 0.005), 4)
    cf = np.abs(scan_response(ion, fine, n_energy=40))
    j = int(np.argmax(cf))
    band = (float(cf[j]), float(fine[j])) if cf[j] > chi[i] else (float(chi[i]), float(f[i]))
    r = dc.driven_fluxes(0.0, ion, *physiological_mM(ion), T_BODY_K, 1.0, 1e7, 1.0, n_energy=40)
    return {"f_THz": f.tolist(), "abs_chi": chi.tolist(), "band_max": band[0], "f_band": band[1],
            "full_1e7_1THz": r["dI_A"] / r["I_static_A"]}


def _reference(ion, land, freqs):
    """Rows of the reference table at ``freqs``: the scan (SCAN_N_ENERGY), the reference (uniform
    grid) and the same at twice its spacing, and the graded grid at 120 and 40 energies."""
    cols = {"scan": scan_response(ion, freqs, land),
            "reference": second_order_on_grid(ion, freqs, reference_grid_eV(land), land),
            "reference_coarse": second_order_on_grid(
                ion, freqs, reference_grid_eV(land, spacing_kT=2 * REFERENCE_SPACING_KT), land),
            "n120": scan_response(ion, freqs, land, n_energy=120),
            "n40": scan_response(ion, freqs, land, n_energy=40)}
    return [{"ion": ion, "landscape": land, "f_THz": f, **{k: float(v[i]) for k, v in cols.items()}}
            for i, f in enumerate(freqs)]


def _sidebands():
    """The sideband figure's spectrum (T_n for n = -2..2 and the undriven T on SIDEBAND_N_ENERGY[0]
    energies) and the largest T_{+1}, T_{-1} on four times as many energies."""
    n, n_dense = SIDEBAND_N_ENERGY
    x, side, T_n, T0 = sideband_spectrum(n=n)
    rows = [list(side).index(k) for k in range(-2, 3)]
    xd, sd, Td, _ = sideband_spectrum(n=n_dense)
    return {"x_kT": x.tolist(), "sidebands": list(range(-2, 3)), "T_n": T_n[rows].tolist(),
            "T_static": T0.tolist(), "N": int(side.max()), "n_dense": n_dense,
            **{f"T{k:+d}_max_dense": float(Td[list(sd).index(k)].max()) for k in (1, -1)}}


def _call(job):
    fn, args = job
    t0 = time.perf_counter()
    return fn(*args), time.perf_counter() - t0


def _run(jobs, workers, progress):
    """{key: result} of {key: (function, args)}, in ``workers`` forked processes."""
    import concurrent.futures as cf
    import multiprocessing as mp
    out = {}
    with cf.ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
        futures = {pool.submit(_call, job): key for key, job in jobs.items()}
        for fut in cf.as_completed(futures):
            out[futures[fut]], seconds = fut.result()
            progress(f"{futures[fut]}: {seconds:.0f} s")
    return out


def _jobs(data, sections):
    """The jobs (after the scans) that fill ``sections`` of the data file: {key: (function, args)}."""
    jobs = {}
    for ion in IONS:
        for land in LANDSCAPES:
            b = band_summary(stored_scan(ion, land, 0.0, data))
            strong = sorted(_strong_runs(stored_scan(ion, land, 0.0, data), land))
            if "reference" in sections:
                freqs = sorted(set(CHECK_THZ) | {b["f1"], b["f_band"]} | {f for _, f in strong})
                jobs["reference", ion, land] = (_reference, (ion, land, freqs))
            if "adiabatic" in sections:
                jobs.update({("adiabatic", ion, land, E0): (_adiabatic, (ion, land, E0)) for E0 in (1e6, 1e7)})
            if "strong_field" in sections:
                jobs.update({("strong", ion, land, E0, f): (_strong_field, (ion, land, E0, f)) for E0, f in strong})
        for name, fn in (("reversal", _reversal), ("before", _before)):
            if name in sections:
                jobs[name, ion] = (fn, (ion,))
    if "sidebands" in sections:
        jobs["sidebands"] = (_sidebands, ())
    return jobs


def _store(data, res, sections):
    """Put the results ``res`` of :func:`_jobs` into ``data``."""
    combos = [(ion, land) for ion in IONS for land in LANDSCAPES]
    if "reference" in sections:
        data["reference"] = [row for ion, land in combos for row in res["reference", ion, land]]
    if "adiabatic" in sections:
        data["adiabatic"] = {f"{k[1]}|{k[2]}|{k[3]:.0e}": v for k, v in res.items() if k[0] == "adiabatic"}
    if "strong_field" in sections:
        data["strong_field"] = [res[k] for k in sorted(k for k in res if k[0] == "strong")]
    for name in ("reversal", "before"):
        if name in sections:
            data[name] = {ion: res[name, ion] for ion in IONS}
    if "sidebands" in sections:
        data["sidebands"] = res["sidebands"]


def _settings():
    return {"SCAN_N_ENERGY": SCAN_N_ENERGY, "SCAN_THZ": list(SCAN_THZ), "REFINE_THZ": list(REFINE_THZ),
            "PEAK_RTOL": PEAK_RTOL, "REFERENCE_SPACING_KT": REFERENCE_SPACING_KT,
            "REFERENCE_WINDOW_KT": list(REFERENCE_WINDOW_KT), "REFERENCE_COARSE_KT": REFERENCE_COARSE_KT,
            "DRIVE_N_X": dc.DRIVE_N_X, "DRIVE_SPAN_KT": dc.DRIVE_SPAN_KT, "SECOND_ORDER_ALPHA": dc.SECOND_ORDER_ALPHA,
            "FULL_N_ENERGY": FULL_N_ENERGY, "FULL_TIMEOUT_S": FULL_TIMEOUT_S, "FULL_MAX_GAUGE": FULL_MAX_GAUGE,
            "SIDEBAND_N_ENERGY": list(SIDEBAND_N_ENERGY), "T_K": T_BODY_K,
            "concentrations_mM": {i: list(physiological_mM(i)) for i in IONS}}


def precompute(path=DATA_PATH, workers=2, only=None, progress=print):
    """Compute everything the page loads and write it to ``path`` (JSON), in ``workers`` processes
    (the scans ~20 min on two shared cores, the rest as long again). ``only``: names of SECTIONS
    to recompute in an existing file (the scans and other sections are kept); each section's run
    is recorded in ``provenance["runs"]``."""
    t0 = time.perf_counter()
    sha = physics_hash()
    if only:
        unknown = sorted(set(only) - set(SECTIONS))
        if unknown:
            raise ValueError(f"only must name sections of {SECTIONS}, got {unknown}")
        data, sections = json.loads(Path(path).read_text(encoding="utf-8")), tuple(only)
    else:
        scans = _run({scan_key(ion, land, U): (resolved_scan, (ion, land, U, U == 0.0))
                      for ion in IONS for land in LANDSCAPES for U in U_PANEL_MV}, workers, progress)
        data, sections = {"scans": {k: scans[k] for k in sorted(scans)}}, ("scans",) + SECTIONS
    _store(data, _run(_jobs(data, sections), workers, progress), sections)
    run = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
           "ionlib_version": __version__, "physics_sha256": sha, "sections": list(sections),
           "command": PRECOMPUTE_COMMAND + (f" --only {' '.join(only)}" if only else ""),
           "wall_seconds": round(time.perf_counter() - t0, 1), "workers": workers,
           "sources_changed_during_run": physics_hash() != sha, "settings": _settings()}
    prov = data.get("provenance", {}) if only else {}
    data["provenance"] = {**prov, **({k: v for k, v in run.items() if k != "sections"} if not only else {}),
                          "sources": list(PHYSICS_SOURCES), "runs": (_runs_so_far(prov) if only else []) + [run]}
    _write(data, path)
    return data


def _write(data, path):
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=0, separators=(",", ":"), default=float)
        fh.write("\n")
    clear_cache()


def _runs_so_far(prov):
    """The file's list of runs; a file written before runs were listed gets its one run restated."""
    if "runs" in prov:
        return list(prov["runs"])
    first = {k: prov[k] for k in ("date", "ionlib_version", "physics_sha256", "command", "wall_seconds", "workers",
                                  "sources_changed_during_run", "settings") if k in prov}
    return [{**first, "sections": ["scans", *SECTIONS]}]


def add_strong_field_run(ion, landscape, field_V_per_m, frequency_THz, path=DATA_PATH, timeout_s=FULL_TIMEOUT_S,
                         result=None, note=None, max_gauge=FULL_MAX_GAUGE):
    """Compute one full Floquet run (ion, landscape "on"/"off", field in V/m, frequency in THz;
    stopped after ``timeout_s`` s) and put it into the data file at ``path``, replacing the row of
    the same run, with a provenance entry. ``result``: a finished run of the same function
    (``_strong_field``) to store instead of computing it (``note`` says how it was made). A run
    whose gauge amplitude exceeds ``max_gauge`` is refused (``ValueError``) before anything is written."""
    if result is None and gauge_amplitude(field_V_per_m, frequency_THz, landscape) > max_gauge:
        raise ValueError(f"gauge amplitude {gauge_amplitude(field_V_per_m, frequency_THz, landscape):.1f} exceeds "
                         f"max_gauge = {max_gauge:g}: raise --max-gauge to attempt this run")
    t0 = time.perf_counter()
    sha = physics_hash()
    r = result if result is not None else _strong_field(ion, landscape, field_V_per_m, frequency_THz, timeout_s,
                                                        max_gauge)
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    same = lambda row: (row["ion"], row["landscape"], row["field"]) == (ion, landscape, field_V_per_m) and abs(
        row["f_THz"] - frequency_THz) < 1e-9
    if not any(same(row) for row in data["strong_field"]):
        raise KeyError(f"no stored strong-field run {ion}, {landscape}, {field_V_per_m}, {frequency_THz}")
    data["strong_field"] = [r if same(row) else row for row in data["strong_field"]]
    run = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
           "ionlib_version": __version__, "physics_sha256": sha, "sections": ["strong_field"],
           "command": f"{PRECOMPUTE_COMMAND} --strong {ion} {landscape} {field_V_per_m:g} {frequency_THz:g} "
                      f"--timeout {timeout_s:g}"
                      + (f" --max-gauge {max_gauge:g}" if max_gauge != FULL_MAX_GAUGE else ""),
           "wall_seconds": round(r["seconds"] if result is not None else time.perf_counter() - t0, 1), "workers": 1,
           "sources_changed_during_run": physics_hash() != sha, "settings": _settings(),
           **({"note": note} if note else {})}
    prov = data["provenance"]
    data["provenance"] = {**prov, "runs": _runs_so_far(prov) + [run]}
    _write(data, path)
    return r


def main(argv=None):
    """The command line: ``python -m ionlib.analysis.terahertz [--out F] [--workers W] [--only S ...]
    [--strong ION LANDSCAPE FIELD F [--timeout S] [--max-gauge A]]``."""
    parser = argparse.ArgumentParser(prog=PRECOMPUTE_COMMAND,
                                     description="Precompute the Fig. A6 scans and checks (~70 min on 2 cores).")
    parser.add_argument("--out", default=str(DATA_PATH), help="JSON file to write (default: %(default)s)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default: %(default)s)")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, help="recompute only these sections of --out")
    parser.add_argument("--strong", nargs=4, metavar=("ION", "LANDSCAPE", "FIELD_V_PER_M", "F_THZ"),
                        help="recompute one stored full Floquet run of --out")
    parser.add_argument("--timeout", type=float, default=FULL_TIMEOUT_S, help="seconds per full run (--strong)")
    parser.add_argument("--max-gauge", type=float, default=FULL_MAX_GAUGE,
                        help="largest gauge amplitude a --strong run attempts (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.strong:
        ion, land, field, f = args.strong
        print(add_strong_field_run(ion, land, float(field), float(f), args.out, args.timeout,
                                   max_gauge=args.max_gauge))
    else:
        precompute(args.out, args.workers, args.only)
