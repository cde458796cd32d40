"""ionlib.analysis.parameter_map (Fig. A7's model function) and the map's targets."""
import math
import pickle

import numpy as np
import pytest

from ionlib.analysis import map_analysis as ma
from ionlib.analysis import parameter_map as pm
from ionlib.filter import conductance as cd
from ionlib.filter.potential import Landscape
from ionlib.filter.thermal import directional_fluxes
from ionlib.ions import get_ion
from ionlib.ledger.current import fig5_numbers


def test_box_has_the_axes_of_the_issue_and_contains_the_paper_point():
    names = {a.name for a in pm.AXES}
    assert len(pm.AXES) >= 7 and {"rim_eV", "well_depth_eV", "d_nm", "edge_nm", "int_e_per_nm2", "T_K",
                                   "U_lo_mV", "U_hi_mV"} <= names
    assert pm.MASS_AXIS.name not in pm.BOX and pm.MASS_AXIS.box == (1e-3, 1.0)
    for a in pm.AXES:
        assert a.domain[0] <= a.box[0] < a.box[1] <= a.domain[1], a.name
        assert a.box[0] <= a.paper <= a.box[1], a.name
    assert pm.in_box(pm.PAPER_POINT)
    assert not pm.in_box({**pm.PAPER_POINT, "mass_factor": 0.5})
    assert not pm.in_box({**pm.PAPER_POINT, "rim_eV": 0.5})


def test_rim_and_depth_give_the_papers_alpha_beta():
    a, b = pm.alpha_beta(0.118125, 0.001875, 3.0)
    assert a == pytest.approx(0.03, rel=1e-13) and b == pytest.approx(0.0075, rel=1e-13)
    a, b = pm.alpha_beta(0.2, 0.05, 1.7)                 # round trip: rim and depth come back
    z = 0.85
    assert a * z ** 4 - 2 * b * z ** 2 == pytest.approx(0.2, rel=1e-12)
    assert b ** 2 / a == pytest.approx(0.05, rel=1e-12)
    land = pm.landscape_for(pm.PAPER_POINT)
    assert land.include_V_int and land.int_charges_e == (1.0, 1.0) and land.edge_nm == 0.0
    assert not pm.landscape_for({**pm.PAPER_POINT, "int_e_per_nm2": 0.0}).include_V_int


def test_book_accuracy_reproduces_the_book_at_the_papers_point():
    """The BOOK route calls the book's own functions: Fig. A5's numbers to round-off."""
    out = pm.evaluate_book(pm.PAPER_POINT)
    ref = fig5_numbers()
    assert out["S_nm2"] == pytest.approx(ref["area_nm2"], rel=1e-12)
    assert out["g_Na_pS"] == pytest.approx(21.6, rel=1e-14)
    for key, ion in (("K", "K+"), ("Na", "Na+")):
        assert out[f"g_{key}_pS"] == pytest.approx(ref[ion]["g_quantum_pS"], rel=1e-12)
        assert out[f"qc_{key}"] == pytest.approx(ref[ion]["quantum_over_classical"], rel=1e-12)
        assert out[f"share_{key}"] == pytest.approx(ref[ion]["sub_barrier_share"], rel=1e-12)
        ci, co = cd.PHYSIOLOGICAL_MM[ion]
        assert out[f"Urev_{key}_mV"] == pytest.approx(1e3 * 8.617333262e-5 * 310 * math.log(co / ci), rel=1e-9)
    assert out["ratio_K_Na"] == pytest.approx(out["g_K_pS"] / out["g_Na_pS"], rel=1e-14)
    assert out["well_depth"] == pytest.approx(0.001875, rel=1e-12)


def test_sweep_accuracy_agrees_with_the_book_at_the_papers_point():
    s, b = pm.evaluate(pm.PAPER_POINT), pm.evaluate_book(pm.PAPER_POINT)
    assert set(s) == set(pm.OUTPUTS)
    for k in ("S_nm2", "ratio_K_Na", "qc_K", "qc_Na", "g_K_classical_pS"):
        assert s[k] == pytest.approx(b[k], rel=0.02), k
    for k in ("share_K", "share_Na"):
        assert s[k] == pytest.approx(b[k], abs=0.01), k


def test_flux_is_even_in_U_for_the_symmetric_landscapes_of_the_map():
    """G(U) = G(-U): the scheme computes quantum spectra at |U| only."""
    land = pm.landscape_for({**pm.PAPER_POINT, "edge_nm": 0.05, "well_depth_eV": 0.05, "d_nm": 2.0})
    U = np.array([-60.0, -7.0, 7.0, 60.0])
    for model in ("quantum", "classical"):
        G = directional_fluxes(U, "Na+", 1.0, 1.0, 300.0, model, n_energy=300, landscape=land)["G"]
        assert G[0] == pytest.approx(G[3], rel=1e-6) and G[1] == pytest.approx(G[2], rel=1e-6)


def test_model_function_is_picklable_and_takes_a_mass_factor():
    assert pickle.loads(pickle.dumps(pm.evaluate)) is pm.evaluate
    heavy = pm.evaluate({**pm.PAPER_POINT, "edge_nm": 0.1})
    light = pm.evaluate({**pm.PAPER_POINT, "edge_nm": 0.1, "mass_factor": 0.01})
    assert light["share_K"] > heavy["share_K"] and light["qc_K"] > heavy["qc_K"]


@pytest.mark.parametrize("bad, match", [
    ({"rim_eV": float("nan")}, "rim_eV"),
    ({"d_nm": 0.1}, "d_nm"),
    ({"T_K": "310"}, "T_K"),
    ({"edge_nm": 0.45, "d_nm": 0.8}, "edge_nm"),
    ({"mass_factor": 0.0}, "mass_factor"),
    ({"U_lo_mV": 10.0}, "U_lo_mV"),
    ({"colour": 1.0}, "unknown axes"),
])
def test_bad_points_are_rejected_naming_the_axis(bad, match):
    with pytest.raises(ValueError, match=match):
        pm.evaluate({**pm.PAPER_POINT, **bad})


def test_missing_axis_and_wrong_type():
    point = dict(pm.PAPER_POINT)
    del point["K_in_mM"]
    with pytest.raises(ValueError, match="K_in_mM"):
        pm.evaluate(point)
    with pytest.raises(TypeError, match="point"):
        pm.evaluate([1.0, 2.0])
    with pytest.raises(ValueError, match="accuracy"):
        pm.evaluate_at(pm.PAPER_POINT, "dense")


def test_targets_and_misses():
    row = {"ratio_K_Na": 1.0, "qc_Na": 0.9, "qc_K": 10.0, "share_K": 0.7, "share_Na": 0.4, "well_depth": 0.1}
    assert ma.miss("ratio", row) == pytest.approx(math.log10(65 / 21.6))
    assert ma.miss("enh_Na", row) == pytest.approx(math.log10(2.3 / 0.9))
    assert ma.miss("enh_K", row) == 0.0 and ma.miss("depth", row) == 0.0
    assert ma.quantity("share", row) == 0.4 and ma.miss("share", row) == pytest.approx(math.log10(0.5 / 0.4))
    assert ma.joint_miss(row) == pytest.approx(sum(ma.miss(t.id, row) for t in ma.TARGETS))
    cols = {k: np.array([v, v]) for k, v in row.items()}
    assert np.allclose(ma.miss("ratio", cols), ma.miss("ratio", row))
    with pytest.raises(ValueError, match="target"):
        ma.miss("gK", row)


def test_unit_coordinates_round_trip():
    u = ma.unit_coordinates(pm.PAPER_POINT)
    assert np.all((u >= 0) & (u <= 1)) and u.shape == (len(pm.AXES),)
    back = ma.from_unit(u)
    for k, v in pm.PAPER_POINT.items():
        assert back[k] == pytest.approx(v, rel=1e-12, abs=1e-12)


def test_derived_outputs_match_the_model_function():
    out = pm.evaluate_book(pm.PAPER_POINT)
    derived = ma.derived_outputs({**pm.PAPER_POINT, **{k: out[k] for k in ma.STORED_OUTPUTS}})
    for k, v in derived.items():
        assert float(v) == pytest.approx(out[k], rel=1e-12), k
    assert set(derived) | set(ma.STORED_OUTPUTS) == set(pm.OUTPUTS)


def test_physics_hash_is_that_of_the_dataset():
    h = ma.physics_hash()
    assert len(h) == 64 and h == ma.physics_hash() == ma.load_meta()["physics_sha256"]