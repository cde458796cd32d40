"""ionlib.analysis.map_search and map_dataset: the searches of Fig. A7 on a cheap stand-in model,
the departure designs, and the choice of the accuracy rows."""
import math
import pickle

import numpy as np
import pytest

from ionlib.analysis import map_analysis as ma
from ionlib.analysis import map_dataset as md
from ionlib.analysis import map_search as ms
from ionlib.analysis import parameter_map as pm


def fake_evaluate(point):
    """A stand-in for the model: q/c grows with the well depth and falls with the effective mass."""
    depth, mass = point["well_depth_eV"], point.get("mass_factor", 1.0)
    qc = (1.0 + 10 * depth) / math.sqrt(mass)
    return {"ratio_K_Na": 1.0, "qc_K": qc, "qc_Na": qc, "share_K": min(0.9, 2 * depth),
            "share_Na": min(0.9, 2 * depth), "well_depth": depth}


@pytest.fixture
def cheap_model(monkeypatch):
    monkeypatch.setattr(ms.pm, "evaluate_search", fake_evaluate)


def test_objective_maps_unit_coordinates_and_is_picklable(cheap_model):
    obj = pickle.loads(pickle.dumps(ms.Objective("enh_K", "mass")))
    u = np.append(ma.unit_coordinates(pm.PAPER_POINT), 1.0)     # t = 1: the far end, m*/m = 1e-3
    p = obj.point(u)
    assert p["mass_factor"] == pytest.approx(1e-3) and p["d_nm"] == pytest.approx(3.0)
    assert obj(u) == pytest.approx(1.0)                           # reached: 10 x 0 + t
    depth = ms.Objective("enh_K", "depth")
    p = depth.point(np.append(np.full(len(pm.AXES) - 1, 0.5), 0.0))
    assert p["well_depth_eV"] == pytest.approx(pm.BOX["well_depth_eV"][1]) and len(p) == len(pm.AXES)


def test_closest_approach_and_departures_on_a_cheap_model(cheap_model):
    rng = np.random.default_rng(0)
    init = rng.uniform(size=(6, len(pm.AXES)))
    best = ms.closest_approach("enh_K", init, maxiter=3, seed=1)
    assert best["miss"] == pytest.approx(ma.miss("enh_K", fake_evaluate(best["point"])))
    assert best["point"]["well_depth_eV"] > 0.1                   # it went towards deep wells
    dep = ms.smallest_departure("enh_K", "mass", np.column_stack([init, np.ones(6)]), maxiter=3, seed=1)
    assert dep["reached"] and dep["value"] < 1.0
    assert ma.miss("enh_K", fake_evaluate(dep["point"])) == 0.0
    # the bisection leaves t at the edge of the reached region at that point: a bit less fails
    lighter = {**dep["point"], "mass_factor": dep["value"] ** 0.9}
    assert ma.miss("enh_K", fake_evaluate(lighter)) > 0.0
    never = ms.smallest_departure("ratio", "rim", rng.uniform(size=(6, len(pm.AXES))), maxiter=2)
    assert not never["reached"] and never["miss"] > 0.0
    with pytest.raises(ValueError, match="departure"):
        ms.smallest_departure("enh_K", "charge", init)
    with pytest.raises(ValueError, match="target"):
        ms.closest_approach("gK", init)


def test_departure_designs_leave_the_box_along_one_axis():
    for d in ms.DEPARTURES:
        spec = md.DEPARTURE_DESIGNS[d.name]
        lo, hi = spec["bounds"][d.axis]
        assert (lo, hi) == (min(d.near, d.far), max(d.near, d.far)) and d.axis in spec["log"]
        others = {k: tuple(v) for k, v in spec["bounds"].items() if k != d.axis}
        assert others == {k: v for k, v in pm.BOX.items() if k != d.axis}
        assert d.t_of(d.value(0.3)) == pytest.approx(0.3) and d.value(0) == d.near
    assert md.BOX_DESIGN["n"] >= 4096 and md.BOX_DESIGN["func"] == "ionlib.analysis.parameter_map:evaluate"


def test_accuracy_rows_are_the_first_sobol_points_and_the_most_quantum_ones():
    n = 100
    cols = {"index": np.arange(n), "qc_K": np.ones(n), "qc_Na": np.ones(n), "share_K": np.zeros(n),
            "share_Na": np.zeros(n)}
    cols["qc_K"][[70, 90]] = [5.0, 0.2]
    cols["share_K"][80] = cols["share_Na"][80] = 0.6
    idx = md.accuracy_indices(cols, n_sobol=10, n_quantum=3)
    assert idx == list(range(10)) + [70, 80, 90]


def test_named_designs_run_the_map_with_one_command():
    from ionlib.sweep import design
    _, points, spec = design.load_design("parameter-map", n=8)
    assert spec == md.BOX_DESIGN and len(points) == 8 and set(points[0]) == set(pm.BOX)
    for name in ("mass", "rim", "depth"):
        assert design.get_design(f"parameter-map-{name}") == md.DEPARTURE_DESIGNS[name]
