"""The parameter map's answer for each claim of Paper A it bears on (Fig. A7), as one sentence for
the claims ledger, computed from the committed dataset (no sweep runs here).

"holds nowhere in the admissible box (closest: ...)" when no sampled point and no search reaches
the target; "holds only if ..." with the ranges of the axes outside which no sampled point holds,
otherwise. The smallest departures from the box that reach a target are added when the dataset has
them.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from . import map_analysis as ma
from . import map_search as ms
from . import parameter_map as pm

__all__ = ["CLAIM_TARGETS", "SHORT", "answers", "map_answer", "target_answer", "holds_only_if",
           "nernst_answer", "REVERSAL_TOLERANCE_MV", "search_table"]

#: Ledger claim id -> the target whose answer it gets ("nernst:<ion>": the reversal potential).
CLAIM_TARGETS = {
    "A1-welldepth": "depth", "A3-tunnelling": "share", "A5-subbarrier": "share", "A5-gNa": "ratio",
    "A5-gK": "ratio", "A5-enh-Na": "enh_Na", "A5-enh-K": "enh_K",
    "A4-Urev-Na": "nernst:Na", "A4-Urev-K": "nernst:K",
}
#: Short names and formats of the axes in the sentences.
SHORT = {"rim_eV": ("rim", "{:.2f} eV"), "well_depth_eV": ("well depth", "{:.2g} eV"), "d_nm": ("d", "{:.1f} nm"),
         "edge_nm": ("edge", "{:.2f} nm"), "int_e_per_nm2": ("V_int", "{:.2f} e/nm²"), "T_K": ("T", "{:.0f} K"),
         "K_in_mM": ("K⁺ in", "{:.0f} mM"), "K_out_mM": ("K⁺ out", "{:.1f} mM"), "Na_in_mM": ("Na⁺ in", "{:.1f} mM"),
         "Na_out_mM": ("Na⁺ out", "{:.0f} mM"), "U_lo_mV": ("window from", "{:.0f} mV"),
         "U_hi_mV": ("window to", "{:+.0f} mV"), "mass_factor": ("m*/m", "{:.2g}")}
#: |U_rev - paper| (mV) within which a reversal potential counts as the paper's.
REVERSAL_TOLERANCE_MV = 5.0
_PAPER_UREV = {"Na": 50.0, "K": -64.0}
_TERSE = {"ratio": "g_K/g_Na", "enh_Na": "q/c Na⁺", "enh_K": "q/c K⁺", "share": "sub-barrier share",
          "depth": "β²/α (eV)"}
_DEPARTURE_TEXT = {"mass": ("m*/m ≤ {:.2g}", "m*/m down to 1e-3"),
                   "rim": ("a rim ≥ {:.2g} eV", "a rim up to 3 eV"),
                   "depth": ("a well ≥ {:.2g} eV deep", "a well up to 3 eV deep")}


def _fmt(axis, value):
    name, fmt = SHORT[axis]
    return f"{name} {fmt.format(value)}"


def holds_only_if(cols, holds, max_terms=3, margin=0.15):
    """The conditions outside which no sampled point holds: for each axis whose holding points
    keep ``margin`` (in unit coordinates) away from a box edge, "axis ≥ min" or "axis ≤ max" over
    them; the ``max_terms`` most restrictive, as text."""
    X = ma.unit_coordinates(cols)[holds]
    terms = []
    for j, ax in enumerate(pm.AXES):
        lo, hi = X[:, j].min(), X[:, j].max()
        lo_v, hi_v = ma.from_unit_axes([lo, hi], [ax.name, ax.name])
        if lo >= margin:
            terms.append((lo, f"{SHORT[ax.name][0]} ≥ {SHORT[ax.name][1].format(lo_v)}"))
        if hi <= 1 - margin:
            terms.append((1 - hi, f"{SHORT[ax.name][0]} ≤ {SHORT[ax.name][1].format(hi_v)}"))
    terms.sort(key=lambda t: -t[0])
    return ", ".join(t[1] for t in terms[:max_terms]) or "anywhere in the box"


def _closest_text(tid, result):
    out = result.get("outputs_dense") or result["outputs"]
    target = next((t for t in ma.TARGETS if t.id == tid), None)
    p = result["point"]
    axes = result.get("seeded_axes") or ("rim_eV", "well_depth_eV", "d_nm", "edge_nm")
    where = ", ".join(_fmt(k, p[k]) for k in axes)
    if target is None:                                  # joint
        vals = ", ".join(f"{_TERSE[t.id]} {ma.quantity(t.id, out):.2g}" for t in ma.TARGETS)
        return f"{vals} at {where}"
    if tid == "ratio":
        extra = f"; there q/c = {out['qc_K']:.2f} (K⁺), {out['qc_Na']:.2f} (Na⁺)"
    else:
        extra = f"; there S = {out['S_nm2']:.2g} nm² and g_K/g_Na = {out['ratio_K_Na']:.2f}"
    return f"{target.label} = {ma.quantity(tid, out):.3g} at {where}{extra}"


def _departure_text(tid, departures):
    reached, not_reached = [], []
    for kind, (yes, no) in _DEPARTURE_TEXT.items():
        r = departures.get(kind, {}).get(tid)
        if r is None:
            continue
        ok = r["reached"] and ms.confirmed(tid, r)
        text = yes.format(r["value"]) if ok else no
        S = (r.get("outputs_dense") or {}).get("S_nm2", 0.0)
        if ok and S > 1e3:              # no current to speak of: say what S that would take
            text += f" (where one S would have to be {S:.0e} nm²)"
        (reached if ok else not_reached).append(text)
    parts = []
    if reached:
        parts.append("it would take " + " or ".join(reached))
    if not_reached:
        parts.append(("not even with " if not reached else "not with ") + " or ".join(not_reached))
    return "; ".join(parts)


def target_answer(tid, cols, meta):
    """The sentence for one target (or :data:`~ionlib.analysis.map_analysis.JOINT`)."""
    m = ma.joint_miss(cols) if tid == ma.JOINT else ma.miss(tid, cols)
    holds = np.asarray(m) == 0.0
    closest = meta["closest"][tid]
    found = closest["miss"] == 0 and ms.confirmed(tid, closest)
    if not holds.any() and not found:
        text = f"holds nowhere in the admissible box (closest: {_closest_text(tid, closest)})"
        dep = _departure_text(tid, meta.get("departures", {}))
        return text + (f"; {dep}" if dep else "")
    if holds.all():
        return "holds everywhere in the admissible box"
    if not holds.any():
        return (f"holds only in a corner of the admissible box that none of the {holds.size} sampled points "
                f"reached; the search found {_closest_text(tid, closest)}")
    return f"holds only if {holds_only_if(cols, holds)} ({100 * holds.mean():.1f} % of the box)"


def nernst_answer(key, cols):
    """Reversal potentials are Nernst for any landscape (Fig. A4): where the box puts them at the
    paper's value."""
    U = cols[f"Urev_{key}_mV"]
    near = np.abs(U - _PAPER_UREV[key]) <= REVERSAL_TOLERANCE_MV
    ratio = cols[f"{key}_out_mM"] / cols[f"{key}_in_mM"]
    text = (f"the reversal potential is Nernst at every point (any transmission); "
            f"{_PAPER_UREV[key]:+.0f} ± {REVERSAL_TOLERANCE_MV:.0f} mV in {100 * near.mean():.0f} % of the box")
    if near.any():
        text += f", where c_out/c_in = {ratio[near].min():.3g}–{ratio[near].max():.3g}"
    return text + f" (box: {U.min():+.0f} to {U.max():+.0f} mV)"


@lru_cache(maxsize=2)
def _answers(csv_path, meta_path):
    cols = ma.columns(ma.load_rows(csv_path, "box"))
    meta = ma.load_meta(meta_path)
    by_target = {t.id: target_answer(t.id, cols, meta) for t in ma.TARGETS}
    joint = target_answer(ma.JOINT, cols, meta)
    out = {}
    for cid, tid in CLAIM_TARGETS.items():
        text = nernst_answer(tid.split(":")[1], cols) if tid.startswith("nernst:") else by_target[tid]
        if cid == "A1-welldepth":
            text = f"with the printed α and β, no (β²/α = {1e3 * pm.PAPER_POINT['well_depth_eV']:.1f} meV); {text}"
        if cid == "A5-gNa":
            S = cols["S_nm2"]
            text = (f"21.6 pS by calibration at every point (S = {S.min():.2g}–{S.max():.2g} nm²); with the same "
                    f"S, g_K in 65–120 pS {text}")
        if cid in ("A5-gK", "A5-subbarrier"):
            text += f". All headline claims at once: {joint}"
        out[cid] = text[0].upper() + text[1:]
    return out


def answers(csv_path=None, meta_path=None):
    """``{claim id: sentence}`` for every claim in :data:`CLAIM_TARGETS` (cached)."""
    return dict(_answers(str(csv_path or ma.CSV_PATH), str(meta_path or ma.META_PATH)))


def map_answer(claim_id):
    """The map's answer for one ledger claim, or "" if the map does not bear on it."""
    return answers().get(claim_id, "") if claim_id in CLAIM_TARGETS else ""


def search_table(meta, cols):
    """Rows for the page's table of closest approaches and departures: (claim, paper, % of the box
    where it holds, closest value in the box (dense accuracy), where (its three most influential
    axes), m*/m, rim, well depth; "–": reached in the box)."""
    fmt = {"mass": "m*/m ≤ {:.2g}", "rim": "rim ≥ {:.2g} eV", "depth": "well ≥ {:.2g} eV"}
    out = []
    for t in list(ma.TARGETS) + [None]:
        tid = t.id if t else ma.JOINT
        c = meta["closest"][tid]
        o = c.get("outputs_dense") or c["outputs"]
        best = f"{ma.quantity(tid, o):.3g}" if t else f"misses by {ma.joint_miss(o):.2f} decades"
        deps = []
        for kind in ("mass", "rim", "depth"):
            r = meta["departures"].get(kind, {}).get(tid)
            deps.append("–" if r is None else
                        fmt[kind].format(r["value"]) if r["reached"] and ms.confirmed(tid, r) else
                        "not confirmed by the reference" if r["reached"] else "not reached")
        where = ", ".join(_fmt(k, c["point"][k]) for k in c.get("seeded_axes", ("rim_eV", "well_depth_eV",
                                                                               "d_nm"))[:3])
        out.append((t.label if t else "all at once", t.paper if t else "", 100 * ma.holds_fraction(cols, tid),
                    best, where, *deps))
    return out
