"""Fig. A6, the stored data and their checks: where the precomputed file lives and what it was
computed from (:func:`physics_hash`), reading it (:func:`load_data`, :func:`stored_scan`,
:func:`reference_row`), how accurate its scans are against the independent reference
(:func:`accuracy_summary`, :func:`before_after`), and live recomputations of a few stored points
that the page asserts (:func:`spot_check`, :func:`sideband_spot_check`).

The file is written by ``python -m ionlib.analysis.terahertz``
(:func:`ionlib.analysis.terahertz_precompute.precompute`). Units as stored: frequencies in THz,
chi = (Delta I / I) / E0^2 in (m/V)^2, Delta I / I of the full runs dimensionless, fields in V/m.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..constants import thermal_energy_eV
from ..filter import driven_current as dc
from ..filter.conductance import T_BODY_K
from ..filter.floquet import driven_transmission
from ..ions import get_ion
from .provenance import code_hash
from .terahertz_peaks import band_summary
from .terahertz_scans import IONS, LANDSCAPES, scan_response

__all__ = ["DATA_PATH", "PHYSICS_SOURCES", "PRECOMPUTE_COMMAND", "scan_key", "physics_hash", "load_data", "clear_cache",
           "stored_scan", "reference_row", "accuracy_summary", "before_after", "spot_check", "sideband_spot_check"]

#: The committed data file written by the precompute command.
DATA_PATH = Path(__file__).resolve().parents[2] / "book" / "paper_a" / "data" / "a6_terahertz.json"
#: Sources whose hash the data file records (relative to the repository root).
PHYSICS_SOURCES = ("ionlib/constants.py", "ionlib/ions.py", "ionlib/_validate.py", "ionlib/filter/*.py")
#: The command that writes DATA_PATH (recorded in its provenance).
PRECOMPUTE_COMMAND = "python -m ionlib.analysis.terahertz"


def scan_key(ion, landscape, U_mV=0.0):
    """The data file's key of one scan, e.g. ``"K+|on|+0.0"`` (U in mV)."""
    return f"{get_ion(ion).name}|{landscape}|{float(U_mV):+.1f}"


def physics_hash(root=None):
    """SHA-256 (hex) of the code (not comments or docstrings:
    :func:`ionlib.analysis.provenance.code_hash`) of the files of PHYSICS_SOURCES, in sorted order,
    relative to ``root`` (the repository root by default). The data file records it; a different
    hash now means the physics code changed since the data were computed."""
    root = Path(root) if root is not None else DATA_PATH.parents[3]
    paths = sorted(p for pattern in PHYSICS_SOURCES for p in root.glob(pattern))
    return code_hash(root, [p.relative_to(root).as_posix() for p in paths])


@lru_cache(maxsize=4)
def _load(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def load_data(path=DATA_PATH):
    """The precomputed scans and checks (dict, read once per path); FileNotFoundError names the
    command that writes them."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `{PRECOMPUTE_COMMAND}` to compute it")
    return _load(str(path))


def clear_cache():
    """Forget the data files read so far (after the precompute rewrote one)."""
    _load.cache_clear()


def stored_scan(ion, landscape="on", U_mV=0.0, data=None):
    """One precomputed scan: dict with ``f_THz``, ``chi`` (arrays) and ``peaks``."""
    s = (data or load_data())["scans"][scan_key(ion, landscape, U_mV)]
    return {"f_THz": np.array(s["f_THz"]), "chi": np.array(s["chi"]), "peaks": s["peaks"]}


def reference_row(ion, landscape, f_THz, data=None, tol_THz=1e-9):
    """The reference-table row (a dict) of ``ion``, ``landscape`` at ``f_THz`` (THz); ``KeyError``
    if no row lies within ``tol_THz`` of it (the reference was not computed there)."""
    rows = [r for r in (data or load_data())["reference"] if r["ion"] == ion and r["landscape"] == landscape]
    row = min(rows, key=lambda r: abs(r["f_THz"] - f_THz))
    if abs(row["f_THz"] - f_THz) > tol_THz:
        raise KeyError(f"no reference row for {ion}, V_int {landscape} at {f_THz} THz (nearest {row['f_THz']})")
    return row


def accuracy_summary(data=None):
    """Per ion and landscape: the largest relative error against the reference, over the checked
    frequencies, of the scans (``scan``), of 120 and of 40 graded energies (``n120``, ``n40``) and
    of the reference at twice its spacing (``reference_coarse``), each with the frequency
    where it occurs (key + ``_f``)."""
    data = data or load_data()
    out = []
    for ion in IONS:
        for land in LANDSCAPES:
            rows = [r for r in data["reference"] if r["ion"] == ion and r["landscape"] == land]
            row = {"ion": ion, "landscape": land, "n_checks": len(rows)}
            for key in ("scan", "n120", "n40", "reference_coarse"):
                err = [abs(r[key] / r["reference"] - 1) for r in rows]
                i = int(np.argmax(err))
                row[key], row[key + "_f"] = err[i], rows[i]["f_THz"]
            out.append(row)
    return out


def before_after(data=None):
    """The numbers the page printed with its previous method (40 energies, fixed steps) and now,
    with the reference at the resolved frequency: rows (quantity, f_before, before, f_after, after,
    reference), all |Delta I / I| at 1e6 V/m. The fundamental "as drawn" before is the largest of
    the old scan's points within 0.02 THz of the resolved peak."""
    data = data or load_data()
    rows = []
    for ion in IONS:
        old, new = data["before"][ion], band_summary(stored_scan(ion, "on", 0.0, data))
        f_old, a_old = np.array(old["f_THz"]), np.array(old["abs_chi"])
        near = np.flatnonzero(np.abs(f_old - new["f1"]) <= 0.02 + 1e-9)
        k = near[int(np.argmax(a_old[near]))]
        for what, fb, vb, fa, va in (("largest |ΔI/I| in 0.2–1 THz", old["f_band"], old["band_max"], new["f_band"],
                                      new["band_max"]),
                                     ("strongest resonance f₁ as drawn", f_old[k], a_old[k], new["f1"],
                                      new["fundamental"])):
            if rows and rows[-1][3] == fa:          # the fundamental is the band maximum: once
                continue
            ref = reference_row(ion, "on", fa, data)["reference"]
            rows.append((f"{ion}: {what}", float(fb), vb * 1e12, fa, va * 1e12, abs(ref) * 1e12))
    return rows


def spot_check(data=None, per_scan=1):
    """Recompute, live, the ``per_scan`` largest resolved peaks of each U = 0 scan of the data file
    at the same settings: list of (ion, landscape, f_THz, stored, live)."""
    data = data or load_data()
    rows = []
    for ion in IONS:
        for land in LANDSCAPES:
            peaks = sorted(stored_scan(ion, land, 0.0, data)["peaks"], key=lambda p: -abs(p["chi"]))[:per_scan]
            live = scan_response(ion, [p["f_THz"] for p in peaks], land)
            rows += [(ion, land, p["f_THz"], p["chi"], float(v)) for p, v in zip(peaks, live)]
    return rows


def sideband_spot_check(data=None, k=6):
    """Recompute ``k`` evenly picked energies of the stored sideband spectrum live: the largest
    difference of any stored T_n (n = -2..2) or undriven T (absolute)."""
    d = (data or load_data())["sidebands"]
    idx = np.linspace(0, len(d["x_kT"]) - 1, k).round().astype(int)
    x = np.array(d["x_kT"])[idx]
    land = LANDSCAPES["on"]
    xs, V = land.nodes(0.0, dc.DRIVE_N_X)
    E = land.top_eV(0.0, dc.DRIVE_N_X) + thermal_energy_eV(T_BODY_K) * x
    W = dc.drive_profile_eV(xs, 1e7, 1, (0.0, 3.0))
    r = driven_transmission(E, xs, V, W, 1.0, get_ion("K+").mass_amu)
    r0 = driven_transmission(E, xs, V, np.zeros_like(W), 1.0, get_ion("K+").mass_amu)
    live = np.vstack([r.T_n[list(r.sidebands).index(n)] for n in d["sidebands"]] + [r0.total])
    stored = np.vstack([np.array(d["T_n"])[:, idx], np.array(d["T_static"])[idx]])
    return float(np.max(np.abs(live - stored)))
