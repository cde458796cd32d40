"""python -m ionlib.sweep: a sweep killed with SIGKILL resumes to exactly the uninterrupted rows;
run, export, info and designs from the command line."""
import csv
import io
import json
import math
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from ionlib import sweep
from ionlib.sweep import cli, demo

BOX = {"x1": (-math.pi, math.pi), "x2": (-math.pi, math.pi), "x3": (-math.pi, math.pi)}
N = 40


def _stored(store):
    try:
        with sqlite3.connect(store, timeout=10) as db:
            return db.execute("SELECT COUNT(*) FROM samples").fetchone()[0]
    except sqlite3.OperationalError:            # not created yet
        return 0


def test_a_sweep_killed_mid_run_resumes_to_the_uninterrupted_rows(tmp_path):
    design = tmp_path / "design.json"
    design.write_text(json.dumps({"func": "ionlib.sweep.demo:slow_ishigami", "bounds": BOX,
                                  "n": N, "seed": 5}))
    store = tmp_path / "killed.sqlite"
    proc = subprocess.Popen([sys.executable, "-m", "ionlib.sweep", "run", str(design), str(store),
                             "--quiet"], start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while _stored(store) < 8:                # ~20 samples a second once started
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "the sweep did not start"
            time.sleep(0.02)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)     # the process group this test started
        proc.wait()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        before = db.execute("SELECT COUNT(*) FROM samples").fetchone()[0]
        assert 8 <= before < N
        assert db.execute("SELECT finished FROM runs").fetchall() == [(None,)]   # killed mid-run
    points = sweep.sobol_design(BOX, N, seed=5)
    rows = sweep.run_sweep(demo.slow_ishigami, points, store, progress=False)
    assert rows == sweep.run_sweep(demo.ishigami, points, tmp_path / "whole.sqlite", progress=False)
    with sweep.Store(store) as db:
        assert db.count() == N and db.runs()[-1]["n_todo"] == N - before
        keys = [r["key"] for r in db.rows()]
    assert sorted(keys) == sorted(sweep.sample_key("ionlib.sweep.demo:slow_ishigami", p) for p in points)


def test_cli_run_export_info_and_designs(tmp_path, capsys):
    store, table = tmp_path / "demo.sqlite", tmp_path / "demo.csv"
    assert cli.main(["run", "demo", str(store), "--workers", "2", "--n", "16", "--quiet",
                     "--csv", str(table)]) == 0
    assert "16 points of ionlib.sweep.demo:ishigami: 16 ok, 0 errors" in capsys.readouterr().out
    assert cli.main(["run", "demo", str(store), "--n", "32", "--quiet"]) == 0     # resumes
    with sweep.Store(store) as db:
        assert [r["n_todo"] for r in db.runs()] == [16, 16]
    capsys.readouterr()
    assert cli.main(["export", str(store)]) == 0
    exported = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(exported) == 32 and list(exported[0]) == ["func", "x1", "x2", "x3", "b", "y", "y_squared",
                                                          "status", "error"]
    points = sorted(sweep.load_design("demo", n=32)[1], key=lambda p: tuple(p.values()))
    assert [float(r["x1"]) for r in exported] == [p["x1"] for p in points]        # sorted by point
    assert [float(r["y"]) for r in exported] == [demo.ishigami(p)["y"] for p in points]
    first = list(csv.DictReader(table.open()))                  # --csv: the design's order
    assert [float(r["x2"]) for r in first] == [p["x2"] for p in sweep.load_design("demo", n=16)[1]]
    by_x1 = {r["x1"]: r for r in exported}
    assert all({k: by_x1[r["x1"]][k] for k in r} == r for r in first)     # the same text
    assert cli.main(["export", str(store), "-o", str(tmp_path / "t.csv"), "--timing"]) == 0
    assert "seconds" in (tmp_path / "t.csv").read_text().splitlines()[0]
    capsys.readouterr()
    assert cli.main(["info", str(store)]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["counts"] == [{"func": "ionlib.sweep.demo:ishigami", "status": "ok", "n": 32}]
    assert info["meta"]["schema"] == 1 and len(info["runs"]) == 2
    assert cli.main(["designs"]) == 0 and "demo: 64 points" in capsys.readouterr().out


@pytest.mark.parametrize("argv, match", [
    (["run", "no_such_design", "s.sqlite"], "neither a file nor a named design"),
    (["run", "demo", "s.sqlite", "--func", "ionlib.sweep.demo:nothing"], "cannot be imported"),
    (["run", "demo", "s.sqlite", "--workers", "0"], "--workers must be at least 1"),
    (["run", "demo", "s.sqlite", "--scheduler", "localhost:8786"], "must start with tcp:// or tls://"),
    (["run", "demo", "s.sqlite", "--scheduler", "tcp://h:1", "--tls-cert", "c.pem"], "need --scheduler tls://"),
    (["run", "demo", "s.sqlite", "--scheduler", "tls://h:1", "--tls-cert", "c.pem"], "all three"),
    (["export", "missing.sqlite"], "does not exist"),
])
def test_cli_errors_are_one_line_and_exit_2(tmp_path, monkeypatch, capsys, argv, match):
    monkeypatch.chdir(tmp_path)
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert match in err and "Traceback" not in err
    assert not (tmp_path / "s.sqlite").exists()


def test_cli_help_lists_run_and_export():
    out = subprocess.run([sys.executable, "-m", "ionlib.sweep", "--help"], capture_output=True,
                         text=True, check=True).stdout
    assert "run" in out and "export" in out and "--scheduler" in subprocess.run(
        [sys.executable, "-m", "ionlib.sweep", "run", "--help"], capture_output=True, text=True,
        check=True).stdout
