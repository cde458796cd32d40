"""Where a sweep keeps its results: one SQLite file (stdlib ``sqlite3``), JSON only.

Tables:

``samples``  one row per (function, point): ``key`` (PRIMARY KEY, see :func:`sample_key`),
             ``func`` ("module:qualname"), ``point`` and ``outputs`` (JSON objects), ``status``
             ("ok"/"error"), ``error`` (message), ``traceback``, ``seconds`` (time in func),
             ``worker`` (host:pid), ``finished`` (UTC, ISO 8601).
``runs``     one row per :func:`~ionlib.sweep.run_sweep` call: function, counts, executor, versions,
             start and end (``finished`` stays NULL if the process was killed; ``n_done <
             n_todo`` if the run stopped early, e.g. on Ctrl-C or ``SweepAborted``).
``meta``     name -> JSON value: ``schema``, ``created``, ``ionlib_version``, and whatever a caller
             adds with :meth:`Store.set_meta` (design, seed, accuracy settings, ...).

Every value is text or a number: nothing is pickled, so opening a store someone sent you runs no
code. Each sample is committed in its own transaction (WAL journal, ``synchronous=NORMAL``): a
process killed at any moment leaves only whole samples; a power cut may lose the last few (they
are recomputed on resume). WAL needs a local file system (not NFS).
"""
from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import json
import math
import os
import sqlite3

__all__ = ["Store", "sample_key", "encode_json", "decode_json", "SCHEMA_VERSION"]

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS samples (
    key       TEXT PRIMARY KEY,
    func      TEXT NOT NULL,
    point     TEXT NOT NULL,
    outputs   TEXT,
    status    TEXT NOT NULL CHECK (status IN ('ok', 'error')),
    error     TEXT,
    traceback TEXT,
    seconds   REAL,
    worker    TEXT,
    finished  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    id             INTEGER PRIMARY KEY,
    func           TEXT NOT NULL,
    started        TEXT NOT NULL,
    finished       TEXT,
    n_points       INTEGER NOT NULL,
    n_todo         INTEGER NOT NULL,
    n_done         INTEGER,
    n_errors       INTEGER,
    executor       TEXT,
    ionlib_version TEXT,
    python         TEXT
);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def now():
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def _plain(x):
    """JSON has no NaN or infinities: store them as the strings "nan", "inf", "-inf"."""
    if isinstance(x, float) and not math.isfinite(x):
        return "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")
    return x


def encode_json(mapping):
    """A flat dict of numbers as strict JSON (non-finite floats as strings)."""
    return json.dumps({k: _plain(x) for k, x in mapping.items()}, allow_nan=False, separators=(",", ":"))


def decode_json(text):
    if text is None:
        return None
    return {k: float(x) if x in ("nan", "inf", "-inf") else x for k, x in json.loads(text).items()}


def sample_key(func_name, point):
    """sha256 of the canonical JSON of (function name, point): sorted axes, values as floats, so
    ``{"x": 1}`` and ``{"x": 1.0}`` are one sample and the axis order does not matter."""
    canon = json.dumps({"func": func_name, "point": {k: float(point[k]) for k in sorted(point)}},
                       sort_keys=True, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(canon.encode()).hexdigest()


def _check_path(path):
    if isinstance(path, bytes) or not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"store must be a file path (str or os.PathLike), got {type(path).__name__} {path!r}")
    path = os.fspath(path)
    if not path or os.path.isdir(path):
        raise ValueError(f"store must be the path of a file, got {path!r}")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise ValueError(f"store {path!r}: folder {folder!r} does not exist")
    return path


class Store:
    """A sweep's SQLite file (created if missing). Use as a context manager, or call close()."""

    def __init__(self, path, *, create=True):
        self.path = _check_path(path)
        if not create and not os.path.exists(self.path):
            raise ValueError(f"store {self.path!r} does not exist")
        # isolation_level=None: autocommit; every write below is its own explicit transaction.
        self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        try:
            self._init()
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise ValueError(f"store {self.path!r} is not an ionlib.sweep store: {exc}") from None
        except BaseException:
            self.db.close()
            raise

    def _init(self):
        tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if tables and "meta" not in tables:
            raise sqlite3.DatabaseError(f"an SQLite file with other tables ({', '.join(sorted(tables))})")
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        if "meta" in tables:
            schema = self.meta().get("schema")
            if schema != SCHEMA_VERSION:
                raise sqlite3.DatabaseError(f"schema version {schema!r}, expected {SCHEMA_VERSION}")
            return
        from .. import __version__
        with self._transaction():
            for statement in _SCHEMA.split(";"):     # not executescript: it commits first
                if statement.strip():
                    self.db.execute(statement)
            for name, value in (("schema", SCHEMA_VERSION), ("created", now()),
                                ("ionlib_version", __version__)):
                self.db.execute("INSERT OR IGNORE INTO meta VALUES (?, ?)", (name, json.dumps(value)))

    def _transaction(self):
        db = self.db

        class _Tx:
            def __enter__(self):
                db.execute("BEGIN IMMEDIATE")

            def __exit__(self, kind, exc, tb):
                db.execute("COMMIT" if kind is None else "ROLLBACK")
        return _Tx()

    # --- metadata -------------------------------------------------------------------------------
    def meta(self):
        """All metadata as a dict (values decoded from JSON)."""
        return {n: json.loads(x) for n, x in self.db.execute("SELECT name, value FROM meta")}

    def set_meta(self, name, value):
        """Set one metadata entry; ``value`` must be JSON-serialisable (no NaN)."""
        if not isinstance(name, str) or not name:
            raise TypeError(f"name must be a non-empty string, got {name!r}")
        text = json.dumps(value, allow_nan=False)
        with self._transaction():
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, text))

    # --- samples ----------------------------------------------------------------------------------
    def statuses(self, keys):
        """``{key: status}`` for the given keys that are stored."""
        out = {}
        keys = list(keys)
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            q = f"SELECT key, status FROM samples WHERE key IN ({','.join('?' * len(chunk))})"
            out.update(self.db.execute(q, chunk).fetchall())
        return out

    def put(self, key, func_name, point, result, *, replace_error=False):
        """Store one finished sample in its own transaction. A stored key is never stored again;
        with ``replace_error`` an "error" row is replaced by the new result. Returns True if written."""
        outputs = result.get("outputs")
        row = (key, func_name, encode_json(point), None if outputs is None else encode_json(outputs),
               result["status"], result.get("error"), result.get("traceback"), result.get("seconds"),
               result.get("worker"), now())
        sql = "INSERT INTO samples VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO "
        if replace_error:
            sql += ("UPDATE SET outputs=excluded.outputs, status=excluded.status, error=excluded.error, "
                    "traceback=excluded.traceback, seconds=excluded.seconds, worker=excluded.worker, "
                    "finished=excluded.finished WHERE samples.status = 'error'")
        else:
            sql += "NOTHING"
        with self._transaction():
            return self.db.execute(sql, row).rowcount == 1

    def results(self, keys):
        """``{key: {"outputs", "status", "error"}}`` for the stored keys among ``keys``."""
        out = {}
        keys = list(dict.fromkeys(keys))
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            q = f"SELECT key, outputs, status, error FROM samples WHERE key IN ({','.join('?' * len(chunk))})"
            for key, outputs, status, error in self.db.execute(q, chunk):
                out[key] = {"outputs": decode_json(outputs), "status": status, "error": error}
        return out

    def rows(self, func=None):
        """Every stored sample in the order stored, as dicts (point and outputs decoded)."""
        q = "SELECT key, func, point, outputs, status, error, seconds, worker, finished FROM samples"
        args = ()
        if func is not None:
            q, args = q + " WHERE func = ?", (func,)
        for key, fn, point, outputs, status, error, seconds, worker, finished in self.db.execute(q + " ORDER BY rowid", args):
            yield {"key": key, "func": fn, "point": decode_json(point), "outputs": decode_json(outputs) or {},
                   "status": status, "error": error, "seconds": seconds, "worker": worker,
                   "finished": finished}

    def count(self, func=None):
        q, args = ("SELECT COUNT(*) FROM samples", ()) if func is None else \
            ("SELECT COUNT(*) FROM samples WHERE func = ?", (func,))
        return self.db.execute(q, args).fetchone()[0]

    # --- runs ---------------------------------------------------------------------------------------
    def start_run(self, func_name, n_points, n_todo, executor):
        import platform
        from .. import __version__
        with self._transaction():
            cur = self.db.execute(
                "INSERT INTO runs (func, started, n_points, n_todo, executor, ionlib_version, python) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (func_name, now(), n_points, n_todo, executor, __version__, platform.python_version()))
        return cur.lastrowid

    def finish_run(self, run_id, n_done, n_errors):
        with self._transaction():
            self.db.execute("UPDATE runs SET finished = ?, n_done = ?, n_errors = ? WHERE id = ?",
                            (now(), n_done, n_errors, run_id))

    def runs(self):
        cur = self.db.execute("SELECT * FROM runs ORDER BY id")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur]

    # --- export -----------------------------------------------------------------------------------
    def export_csv(self, fh, func=None, timing=False):
        """Write the samples as CSV to the open text file ``fh``: func, the axes, the outputs,
        status, error (and seconds, worker, finished with ``timing``), sorted by function and then
        by the point's values, so that the same samples give the same file however many workers
        computed them in whatever order. Returns the row count."""
        rows = sorted(self.rows(func), key=lambda r: (r["func"], tuple(r["point"].values())))
        axes, outputs = {}, {}
        for r in rows:
            axes.update(dict.fromkeys(r["point"]))
            outputs.update(dict.fromkeys(o for o in r["outputs"] if o not in r["point"]))
        columns = ["func", *axes, *outputs, "status", "error"] + (["seconds", "worker", "finished"] if timing else [])
        writer = csv.DictWriter(fh, columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({**r["outputs"], **r["point"], "func": r["func"], "status": r["status"],
                             "error": r["error"], "seconds": r["seconds"], "worker": r["worker"],
                             "finished": r["finished"]})
        return len(rows)

    def close(self):
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
