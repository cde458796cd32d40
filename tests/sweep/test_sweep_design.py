"""ionlib.sweep designs: Sobol points, their validation, design specs and named designs."""
import json
import math

import numpy as np
import pytest

from ionlib import sweep
from ionlib.sweep import design

BOX = {"a": (0.0, 1.0), "k": (1e-3, 1e3), "c": (-5, 5)}


def test_sobol_design_is_seeded_and_fills_the_box():
    pts = sweep.sobol_design(BOX, 64, seed=7, log=["k"])
    assert pts == sweep.sobol_design(BOX, 64, seed=7, log=("k",))
    assert pts != sweep.sobol_design(BOX, 64, seed=8, log=["k"])
    assert len(pts) == 64 and all(list(p) == ["a", "k", "c"] for p in pts)
    assert all(type(x) is float for p in pts for x in p.values())
    arr = np.array([[p["a"], p["k"], p["c"]] for p in pts])
    assert np.all(arr.min(0) >= [0, 1e-3, -5]) and np.all(arr.max(0) <= [1, 1e3, 5])
    # a log axis is uniform in log10: 6 decades, ~1/6 of 64 points in each
    decades = np.histogram(np.log10(arr[:, 1]), bins=6, range=(-3, 3))[0]
    assert decades.min() >= 8 and decades.max() <= 13
    # scrambled Sobol with 2**6 points: exactly one point in each 1/64 slice of every axis
    assert sorted(np.floor(arr[:, 0] * 64).astype(int)) == list(range(64))


def test_sobol_design_of_any_size_is_a_prefix_of_a_larger_one():
    small = sweep.sobol_design(BOX, 10, seed=3)          # not a power of 2: no warning, no error
    assert small == sweep.sobol_design(BOX, 1000, seed=3)[:10]


@pytest.mark.parametrize("bounds, n, seed, log, error, match", [
    ({}, 8, 0, (), ValueError, "bounds must name at least one axis"),
    ({"x": (0, 1)}, 0, 0, (), ValueError, "n must be an integer"),
    ({"x": (0, 1)}, 2.5, 0, (), ValueError, "n must be an integer"),
    ({"x": (0, 1)}, True, 0, (), TypeError, "n must be an integer"),
    ({"x": (0, 1)}, 8, -1, (), ValueError, "seed must be an integer"),
    ({"x": (0, 1)}, 8, "1", (), TypeError, "seed must be an integer"),
    ({"x": (1, 0)}, 8, 0, (), ValueError, r"bounds\['x'\] must have low < high"),
    ({"x": (1, 1)}, 8, 0, (), ValueError, r"bounds\['x'\] must have low < high"),
    ({"x": (0, math.nan)}, 8, 0, (), ValueError, r"bounds\['x'\] high must be a finite"),
    ({"x": (-math.inf, 0)}, 8, 0, (), ValueError, r"bounds\['x'\] low must be a finite"),
    ({"x": (0, 1j)}, 8, 0, (), TypeError, r"bounds\['x'\] high must be a real number"),
    ({"x": (False, 1)}, 8, 0, (), TypeError, r"bounds\['x'\] low must be a real number"),
    ({"x": ("0", 1)}, 8, 0, (), TypeError, r"bounds\['x'\] low must be a real number"),
    ({"x": (0, 1, 2)}, 8, 0, (), TypeError, r"bounds\['x'\] must be a pair"),
    ({"x": 1.0}, 8, 0, (), TypeError, r"bounds\['x'\] must be a pair"),
    ({"": (0, 1)}, 8, 0, (), TypeError, "axis names must be non-empty strings"),
    ({"status": (0, 1)}, 8, 0, (), ValueError, "'status' cannot be an axis name"),
    ({"x": (0, 1)}, 8, 0, ("y",), ValueError, "log names axis 'y'"),
    ({"x": (0, 1)}, 8, 0, ("x",), ValueError, r"bounds\['x'\] must be positive for a log axis"),
    ({"x": (0, 1)}, 8, 0, "x", TypeError, "log must be a list of axis names"),
    ([("x", (0, 1))], 8, 0, (), TypeError, "bounds must be a dict"),
])
def test_sobol_design_rejects_bad_arguments_naming_them(bounds, n, seed, log, error, match):
    with pytest.raises(error, match=match):
        sweep.sobol_design(bounds, n, seed, log=log)


def test_check_points_keeps_numbers_and_names_the_bad_one():
    pts = sweep.check_points([{"x": np.float64(1.5), "n": np.int64(3)}, {"x": 2, "n": 4}])
    assert pts == [{"x": 1.5, "n": 3}, {"x": 2, "n": 4}]
    assert type(pts[0]["x"]) is float and type(pts[0]["n"]) is int
    bad = [
        ((), ValueError, "at least one point"),
        (np.zeros((2, 2)), TypeError, "points must be a list of dicts"),
        ({"x": 1}, TypeError, "points must be a list of dicts"),
        ([{"x": 1}, [1]], TypeError, r"points\[1\] must be a dict"),
        ([{"x": 1}, {}], ValueError, r"points\[1\] is empty"),
        ([{"x": 1}, {"x": math.nan}], ValueError, r"points\[1\]\['x'\] must be a finite number"),
        ([{"x": 1}, {"x": math.inf}], ValueError, r"points\[1\]\['x'\] must be a finite number"),
        ([{"x": True}], TypeError, r"points\[0\]\['x'\] must be a real number"),
        ([{"x": "1"}], TypeError, r"points\[0\]\['x'\] must be a real number"),
        ([{"x": 1 + 0j}], TypeError, r"points\[0\]\['x'\] must be a real number"),
        ([{"x": 1}, {"y": 1}], ValueError, r"points\[1\] has axes \['y'\] but points\[0\] has \['x'\]"),
        ([{1: 1.0}], TypeError, "axis names must be non-empty strings"),
        ([{"error": 1.0}], ValueError, "'error' cannot be an axis name"),
    ]
    for points, error, match in bad:
        with pytest.raises(error, match=match):
            sweep.check_points(points)


def test_design_specs_files_and_named_designs(tmp_path):
    spec = {"func": "ionlib.sweep.demo:ishigami", "bounds": {"x": [0, 1]}, "n": 4, "seed": 2}
    func, pts = sweep.expand_design(spec)
    assert func == "ionlib.sweep.demo:ishigami" and pts == sweep.sobol_design({"x": (0, 1)}, 4, 2)
    assert sweep.expand_design(spec, n=8, seed=2)[1][:4] == pts
    assert sweep.expand_design([{"x": 1.0}]) == (None, [{"x": 1.0}])
    path = tmp_path / "design.json"
    path.write_text(json.dumps({"points": [{"x": 0.5}, {"x": 0.25}]}))
    assert sweep.load_design(str(path))[:2] == (None, [{"x": 0.5}, {"x": 0.25}])
    func, pts, _ = sweep.load_design("demo")
    assert func == "ionlib.sweep.demo:ishigami" and len(pts) == 64
    for bad, match in [({"points": [{"x": 1}], "bounds": {"x": [0, 1]}}, "not both"),
                       ({"func": "m:f"}, "not neither"),
                       ({"bounds": {"x": [0, 1]}, "n": 4}, "needs 'seed'"),
                       ({"points": [{"x": 1}], "sead": 1}, "unknown keys"),
                       ({"points": [{"x": 1}], "log": ["x"]}, "apply only")]:
        with pytest.raises(ValueError, match=match):
            sweep.expand_design(bad)
    with pytest.raises(ValueError, match="neither a file nor a named design"):
        sweep.load_design(str(tmp_path / "missing.json"))
    path.write_text("{not json")
    with pytest.raises(ValueError, match="not valid JSON"):
        sweep.load_design(str(path))


def test_register_design_adds_a_lazily_imported_name(monkeypatch):
    monkeypatch.setitem(design.DESIGNS, "lazy", "ionlib.sweep.demo:DEMO_DESIGN")
    assert sweep.load_design("lazy")[1] == sweep.load_design("demo")[1]
    monkeypatch.setattr(design, "DESIGNS", dict(design.DESIGNS))
    sweep.register_design("tiny", {"points": [{"x": 1.0}]})
    assert design.get_design("tiny") == {"points": [{"x": 1.0}]}
    sweep.register_design("broken", "ionlib.sweep.demo:NO_SUCH_DESIGN")
    with pytest.raises(ValueError, match="cannot be imported"):
        design.get_design("broken")
    with pytest.raises(TypeError, match="spec must be"):
        sweep.register_design("bad", 3)
