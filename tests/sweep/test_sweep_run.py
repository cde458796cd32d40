"""ionlib.sweep.run_sweep: the same rows on every executor, resume without duplicates, errors
stored and retried, a JSON-only store, and bad arguments refused before any work."""
import concurrent.futures as cf
import functools
import json
import math
import sqlite3

import numpy as np
import pytest
from distributed import Client, LocalCluster

from ionlib import sweep
from ionlib.sweep import demo

PI = math.pi
POINTS = sweep.sobol_design({"x1": (-PI, PI), "x2": (-PI, PI), "x3": (-PI, PI)}, 16, seed=1)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """demo.fragile on POINTS, in this process: some samples fail (x1 > 2)."""
    store = tmp_path_factory.mktemp("ref") / "serial.sqlite"
    return sweep.run_sweep(demo.fragile, POINTS, store, progress=False)


def _table(store):
    with sqlite3.connect(store) as db:
        return sorted(db.execute("SELECT key, func, point, outputs, status, error FROM samples"))


def test_serial_rows_follow_the_points_and_store_errors(reference):
    assert [{k: r[k] for k in ("x1", "x2", "x3")} for r in reference] == POINTS
    failed = [r for r in reference if r["status"] == "error"]
    assert 1 <= len(failed) < len(POINTS)
    for r in reference:
        if r["x1"] > 2:
            assert r["status"] == "error" and r["error"].startswith("ValueError: x1 = ")
            assert "y" not in r
        else:
            assert r["status"] == "ok" and r["error"] is None
            assert r["y"] == demo.ishigami(r)["y"] and r["y_squared"] == r["y"] ** 2


def test_process_pool_and_any_executor_give_identical_rows(reference, tmp_path):
    assert sweep.run_sweep(demo.fragile, POINTS, tmp_path / "pool.sqlite", executor=2,
                           progress=False) == reference
    with cf.ThreadPoolExecutor(2) as pool:
        assert sweep.run_sweep(demo.fragile, POINTS, tmp_path / "threads.sqlite", executor=pool,
                               progress=False) == reference
    assert _table(tmp_path / "pool.sqlite") == _table(tmp_path / "threads.sqlite")


def test_dask_cluster_gives_identical_rows(reference, tmp_path):
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            rows = sweep.run_sweep(demo.fragile, POINTS, tmp_path / "dask.sqlite", executor=client,
                                   progress=False)
            assert rows == reference
            workers = {r[0] for r in sqlite3.connect(tmp_path / "dask.sqlite").execute(
                "SELECT DISTINCT worker FROM samples")}
            assert len(workers) == 2                       # both worker processes took samples
        # the scheduler's address: run_sweep connects its own client and closes it
        assert sweep.run_sweep(demo.fragile, POINTS, tmp_path / "addr.sqlite",
                               executor=cluster.scheduler_address, progress=False) == reference
    assert _table(tmp_path / "dask.sqlite") == _table(tmp_path / "addr.sqlite")


def test_resume_skips_stored_samples_and_never_duplicates(tmp_path):
    store = tmp_path / "s.sqlite"
    sweep.run_sweep(demo.ishigami, POINTS[:6], store, progress=False)
    rows = sweep.run_sweep(demo.ishigami, POINTS + POINTS[:3], store, progress=False)
    assert len(rows) == 19 and rows[16:] == rows[:3]
    assert rows == sweep.run_sweep(demo.ishigami, POINTS + POINTS[:3], tmp_path / "fresh.sqlite",
                                   progress=False)
    with sweep.Store(store) as db:
        assert [r["n_todo"] for r in db.runs()] == [6, 10]
        assert db.count() == 16
    # the key ignores axis order and int/float spelling; another function has its own samples
    shuffled = [{"x3": p["x3"], "x1": p["x1"], "x2": p["x2"]} for p in POINTS]
    sweep.run_sweep(demo.ishigami, shuffled, store, progress=False)
    assert sweep.sample_key("m:f", {"x": 1, "y": 2.5}) == sweep.sample_key("m:f", {"y": 2.5, "x": 1.0})
    sweep.run_sweep(demo.slow_ishigami, POINTS[:2], store, progress=False)
    with sweep.Store(store) as db:
        assert [r["n_todo"] for r in db.runs()] == [6, 10, 0, 2]
        assert db.count() == 18 and db.count("ionlib.sweep.demo:ishigami") == 16


FAIL = {"on": True, "calls": 0}


def sometimes_fails(point):
    """Module level (so it pickles by name): fails for x1 > 0 while FAIL["on"]."""
    FAIL["calls"] += 1
    if FAIL["on"] and point["x1"] > 0:
        raise RuntimeError(f"not today: x1 = {point['x1']:.3f}")
    return {"y": 2 * point["x1"], "nan": math.nan, "inf": -math.inf}


def test_errors_are_stored_and_retried_on_request(tmp_path):
    store = tmp_path / "e.sqlite"
    FAIL.update(on=True, calls=0)
    rows = sweep.run_sweep(sometimes_fails, POINTS, store, progress=False)
    bad = [i for i, p in enumerate(POINTS) if p["x1"] > 0]
    assert [i for i, r in enumerate(rows) if r["status"] == "error"] == bad and FAIL["calls"] == 16
    assert rows[bad[0]]["error"] == f"RuntimeError: not today: x1 = {POINTS[bad[0]]['x1']:.3f}"
    assert math.isnan(rows[0 if 0 not in bad else 1]["nan"])
    FAIL.update(on=False, calls=0)
    assert repr(sweep.run_sweep(sometimes_fails, POINTS, store, progress=False)) == repr(rows)
    assert FAIL["calls"] == 0                                   # errors are results: not rerun
    rows = sweep.run_sweep(sometimes_fails, POINTS, store, progress=False, retry_errors=True)
    assert FAIL["calls"] == len(bad) and all(r["status"] == "ok" for r in rows)
    assert all(r["inf"] == -math.inf for r in rows)
    with sweep.Store(store) as db:
        assert db.count() == 16
        assert [(r["n_todo"], r["n_errors"]) for r in db.runs()] == [(16, len(bad)), (0, 0), (len(bad), 0)]


def bad_outputs(point):
    return {"x1": 1.0} if point["x1"] > 0 else [point["x1"]]


def test_a_func_returning_no_dict_of_numbers_is_a_sample_error(tmp_path):
    rows = sweep.run_sweep(bad_outputs, POINTS[:4], tmp_path / "o.sqlite", progress=False)
    for p, r in zip(POINTS, rows):
        assert r["status"] == "error"
        assert ("name of an axis" if p["x1"] > 0 else "must return a dict") in r["error"]


def test_the_store_holds_json_and_numbers_only(tmp_path):
    store = tmp_path / "j.sqlite"
    FAIL.update(on=True)
    sweep.run_sweep(sometimes_fails, POINTS, store, progress=False)
    with sweep.Store(store) as db:
        db.set_meta("design", {"seed": 1, "n": 16})
        assert db.meta()["design"] == {"seed": 1, "n": 16}
    db = sqlite3.connect(store)
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'"):
        columns = [c[1] for c in db.execute(f"PRAGMA table_info({table})")]
        for column in columns:
            kinds = {k for (k,) in db.execute(f"SELECT DISTINCT typeof({column}) FROM {table}")}
            assert kinds <= {"text", "integer", "real", "null"}, (table, column, kinds)
    for point, outputs in db.execute("SELECT point, outputs FROM samples"):
        assert set(json.loads(point)) == {"x1", "x2", "x3"}
        assert outputs is None or json.loads(outputs)["nan"] == "nan"
    assert all(json.loads(x) is not None for (x,) in db.execute("SELECT value FROM meta"))
    db.close()
    (tmp_path / "other.sqlite").write_bytes(b"not a database at all" * 100)
    with pytest.raises(ValueError, match="not an ionlib.sweep store"):
        sweep.run_sweep(demo.ishigami, POINTS, tmp_path / "other.sqlite", progress=False)
    with sqlite3.connect(tmp_path / "foreign.sqlite") as foreign:
        foreign.execute("CREATE TABLE t (x)")
    with pytest.raises(ValueError, match="not an ionlib.sweep store"):
        sweep.run_sweep(demo.ishigami, POINTS, tmp_path / "foreign.sqlite", progress=False)


def test_a_dead_worker_aborts_the_sweep_keeping_finished_samples(tmp_path):
    store = tmp_path / "d.sqlite"
    with pytest.raises(sweep.SweepAborted, match="run the sweep again to resume"):
        sweep.run_sweep(demo.dies, POINTS, store, executor=2, progress=False)
    with sweep.Store(store) as db:
        assert all(r["status"] == "ok" for r in db.rows())   # the crash is not a sample error
        assert db.runs()[0]["finished"] is not None


def test_progress_bar_on_stderr_only_when_asked(tmp_path, capsys):
    sweep.run_sweep(demo.ishigami, POINTS, tmp_path / "p.sqlite")
    out, err = capsys.readouterr()
    assert out == "" and "16/16" in err
    sweep.run_sweep(demo.ishigami, POINTS, tmp_path / "q.sqlite", progress=False)
    assert capsys.readouterr() == ("", "")


def test_executor_check_normalises_worker_counts():
    from ionlib.sweep.executors import check_executor
    assert check_executor(np.int64(2)) == (2, "process pool of 2")
    assert check_executor(None) == (None, "serial")


def _local(point):
    return {}


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(func=3), TypeError, "func must be a callable"),
    (dict(func=lambda p: {}), TypeError, "module-level function"),
    (dict(func=_local.__get__(1)), TypeError, "module-level function"),        # a bound method
    (dict(func=functools.partial(demo.busy, iterations=3)), TypeError, "module-level function"),
    (dict(points=[{"x1": 1.0}, {"x1": math.nan}]), ValueError, r"points\[1\]\['x1'\]"),
    (dict(points={"x1": 1.0}), TypeError, "points must be a list of dicts"),
    (dict(points=[]), ValueError, "at least one point"),
    (dict(executor=0), ValueError, "executor must be an integer"),
    (dict(executor=True), TypeError, "executor must be None"),
    (dict(executor=2.0), TypeError, "executor must be None"),
    (dict(executor="http://host:8786"), ValueError, "must start with tcp:// or tls://"),
    (dict(executor="tls://127.0.0.1:8786"), ValueError, "tls:// scheduler needs certificates"),
    (dict(security=object()), ValueError, "security applies only to a tls://"),
    (dict(progress="yes"), TypeError, "progress must be True or False"),
    (dict(retry_errors=1), TypeError, "retry_errors must be True or False"),
    (dict(store=3), TypeError, "store must be a file path"),
    (dict(store="no/such/folder/s.sqlite"), ValueError, "does not exist"),
])
def test_bad_arguments_fail_before_any_work(tmp_path, monkeypatch, kwargs, error, match):
    def local(point):
        return {}
    monkeypatch.chdir(tmp_path)
    args = dict(func=demo.ishigami, points=POINTS, store=tmp_path / "never.sqlite", progress=False)
    args.update(kwargs)
    with pytest.raises(error, match=match):
        sweep.run_sweep(**args)
    with pytest.raises(TypeError, match="module-level function"):
        sweep.run_sweep(local, POINTS, tmp_path / "never.sqlite")
    assert list(tmp_path.iterdir()) == []                       # no store was created
