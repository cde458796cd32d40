"""Command line: ``python -m ionlib.sweep {run,export,info,designs}`` (see ``--help``)."""
from __future__ import annotations

import argparse
import json
import sys
import time

from . import design as _design
from .executors import SweepAborted
from .run import run_sweep
from .store import Store

EPILOG = """examples:
  python -m ionlib.sweep designs
  python -m ionlib.sweep run demo demo.sqlite --workers 2
  python -m ionlib.sweep run my_design.json out.sqlite --func mypkg.model:evaluate
  python -m ionlib.sweep run demo demo.sqlite --scheduler tcp://10.0.0.5:8786
  python -m ionlib.sweep run demo demo.sqlite --scheduler tls://head:8786 \\
      --tls-ca-file ca.pem --tls-cert client.pem --tls-key client-key.pem
  python -m ionlib.sweep export demo.sqlite -o demo.csv

A design file is JSON: a list of points [{"x": 1.0, ...}, ...], or {"points": [...]}, or a Sobol
spec {"bounds": {"x": [0, 1], "k": [1e-3, 1e3]}, "n": 256, "seed": 1, "log": ["k"]}; either dict
may name its function, "func": "module:qualname". Rerunning a command resumes: samples already in
the store are not computed again."""


def _parser():
    p = argparse.ArgumentParser(prog="python -m ionlib.sweep", description="Parameter sweeps into a "
                                "SQLite store (ionlib.sweep): resumable, parallel, JSON only.",
                                epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True, metavar="{run,export,info,designs}")

    r = sub.add_parser("run", help="run a design into a store (resumes what is stored)",
                       formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG)
    r.add_argument("design", help="a JSON design file, or the name of a design (see `designs`)")
    r.add_argument("store", help="SQLite file for the results (created if missing)")
    r.add_argument("--func", metavar="MODULE:QUALNAME",
                   help="the function to run (default: the design's 'func')")
    where = r.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, metavar="N",
                       help="a local process pool of N workers (default: this process)")
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="a Dask scheduler, tcp://host:8786 (trusted network only) or tls://host:8786")
    tls = r.add_argument_group("TLS (with --scheduler tls://...; default: Dask's configuration)")
    tls.add_argument("--tls-ca-file", metavar="PEM", help="CA certificate to verify the scheduler")
    tls.add_argument("--tls-cert", metavar="PEM", help="this client's certificate")
    tls.add_argument("--tls-key", metavar="PEM", help="this client's private key")
    r.add_argument("--n", type=int, help="override the number of points of a Sobol design")
    r.add_argument("--seed", type=int, help="override the seed of a Sobol design")
    r.add_argument("--retry-errors", action="store_true", help="rerun samples stored as errors")
    r.add_argument("--quiet", action="store_true", help="no progress bar")
    r.add_argument("--csv", metavar="FILE", help="also write this design's rows as CSV")

    e = sub.add_parser("export", help="write a store's samples as CSV (sorted by function, then point)")
    e.add_argument("store", help="SQLite file written by `run`")
    e.add_argument("-o", "--output", metavar="FILE", help="CSV file (default: standard output)")
    e.add_argument("--func", metavar="MODULE:QUALNAME", help="only this function's samples")
    e.add_argument("--timing", action="store_true", help="add seconds, worker and finished columns")

    i = sub.add_parser("info", help="a store's metadata, runs and counts (JSON)")
    i.add_argument("store")
    sub.add_parser("designs", help="list the named designs")
    return p


def _security(args):
    given = [args.tls_ca_file, args.tls_cert, args.tls_key]
    if not any(given):
        return None
    if not (args.scheduler or "").startswith("tls://"):
        raise ValueError("--tls-ca-file/--tls-cert/--tls-key need --scheduler tls://host:port")
    if not all(given):
        raise ValueError("TLS needs all three of --tls-ca-file, --tls-cert and --tls-key")
    from distributed.security import Security
    return Security(tls_ca_file=args.tls_ca_file, tls_client_cert=args.tls_cert,
                    tls_client_key=args.tls_key, require_encryption=True)


def _run(args):
    func_ref, points, _spec = _design.load_design(args.design, n=args.n, seed=args.seed)
    func_ref = args.func or func_ref
    if func_ref is None:
        raise ValueError("no function: give --func module:qualname or put \"func\" in the design")
    func = _design.resolve(func_ref, "--func" if args.func else "the design's func")
    if args.workers is not None and args.workers < 1:
        raise ValueError(f"--workers must be at least 1, got {args.workers}")
    executor = args.scheduler if args.scheduler else args.workers
    start = time.perf_counter()
    rows = run_sweep(func, points, args.store, executor=executor, progress=not args.quiet,
                     security=_security(args), retry_errors=args.retry_errors)
    n_err = sum(r["status"] == "error" for r in rows)
    print(f"{len(rows)} points of {func_ref}: {len(rows) - n_err} ok, {n_err} errors, "
          f"{time.perf_counter() - start:.1f} s; store {args.store}")
    if args.csv:
        import csv
        with open(args.csv, "w", newline="", encoding="utf-8") as fh:
            names = list(dict.fromkeys(k for r in rows for k in r if k not in ("status", "error")))
            w = csv.DictWriter(fh, names + ["status", "error"], lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    return 0


def _export(args):
    with Store(args.store, create=False) as db:
        if args.output:
            with open(args.output, "w", newline="", encoding="utf-8") as fh:
                n = db.export_csv(fh, func=args.func, timing=args.timing)
            print(f"{n} rows -> {args.output}", file=sys.stderr)
        else:
            db.export_csv(sys.stdout, func=args.func, timing=args.timing)
    return 0


def _info(args):
    with Store(args.store, create=False) as db:
        counts = db.db.execute("SELECT func, status, COUNT(*) FROM samples GROUP BY func, status").fetchall()
        info = {"meta": db.meta(), "counts": [{"func": f, "status": s, "n": n} for f, s, n in counts],
                "runs": db.runs()}
    print(json.dumps(info, indent=2))
    return 0


def _designs(_args):
    for name in sorted(_design.DESIGNS):
        try:
            spec = _design.get_design(name)
            text = spec.get("description", "")
            size = len(spec["points"]) if "points" in spec else spec.get("n")
            print(f"{name}: {size} points of {spec.get('func', '(no func)')}. {text}")
        except (ValueError, TypeError) as exc:
            print(f"{name}: cannot be loaded ({exc})")
    return 0


def main(argv=None):
    args = _parser().parse_args(argv)
    try:
        return {"run": _run, "export": _export, "info": _info, "designs": _designs}[args.command](args)
    except (ValueError, TypeError) as exc:
        print(f"python -m ionlib.sweep {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except SweepAborted as exc:         # the executor failed; what finished is stored
        print(f"python -m ionlib.sweep {args.command}: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:             # `export store | head`: the reader left, not an error
        import os
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
