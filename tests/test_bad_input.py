"""Bad input across the whole public API, covered by construction (issue 21).

The functions come from :func:`bad_input_catalogue.public_functions` (``ionlib.__all__``, the
public functions of the Fig. A6 modules and of every ``ionlib.knockon`` module), their valid
examples from a table keyed by *parameter name*, so a new public function is tried without anyone
editing this file. Each function is first called once with valid values (it must return a finite
result); then every parameter in turn gets every value of the catalogue for its kind (NaN, ±inf,
-1, 0, 1e300, 1e-300, True, 2.7, complex scalars and arrays, a string, None, empty and wrong-shaped
arrays, sets and dicts), under ``warnings.simplefilter("error")``, in forked children with one BLAS
thread and a hard per-call time limit. Each call is classified:

==================  ===============================================================  ========
outcome             meaning                                                          offends?
==================  ===============================================================  ========
error-ok            ValueError or TypeError whose message names the parameter        no
accepted            finite result (many values are legal: 0 field, -1 mV, ...)       no
accepted-invalid    finite result for a value no parameter of its kind may accept    yes
                    (NaN, ±inf, True or a complex for a real, 2.7 for a count, ...)
nan/inf-output      the result holds NaN or ±inf                                     yes
wrong-exception     an exception other than ValueError/TypeError (AttributeError,    yes
                    IndexError, OverflowError, MemoryError, ...)
unnamed-error       ValueError/TypeError whose message does not name the parameter   yes
warning             a warning (e.g. RuntimeWarning, ComplexWarning) promoted          yes
hang                over the per-call limit (``BAD_INPUT_LIMIT_S``, default 3 s)     yes
crash               the child process died                                           yes
==================  ===============================================================  ========

and per function: ``no-example`` (a parameter without default and without an example: add one to
``EXAMPLES``), ``internal-object`` (a public function taking an internal object: make it private or
validate it), ``baseline-failed`` (the valid call did not return a finite result in time).

Script mode prints the before/after numbers for the closing note of the issue::

    python tests/test_bad_input.py --report [--out FILE] [--limit S] [--workers N]
"""
from __future__ import annotations

import os
import sys

if __name__ == "__main__":          # one BLAS thread in every child (set before numpy loads)
    for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(_v, "1")

import collections
import ctypes
import inspect
import json
import math
import numbers
import re
import select
import signal
import struct
import time
import warnings
from dataclasses import dataclass, field, fields, is_dataclass
from functools import lru_cache

import numpy as np

import bad_input_catalogue as cat

#: Hard limit per call (s): generous for a 40-node landscape, bounded for the test budget.
LIMIT_S = float(os.environ.get("BAD_INPUT_LIMIT_S", "3"))
#: Forked worker processes run at once.
WORKERS = int(os.environ.get("BAD_INPUT_WORKERS", str(max(1, min(4, os.cpu_count() or 1)))))
#: Extra address space a child may allocate (bytes) before MemoryError: protects the machine.
CHILD_EXTRA_MEMORY = 4 << 30
#: CPU seconds a child may use in all (it is replaced after every hang): a runaway never outlives
#: the test even if the parent is killed.
CHILD_CPU_S = 300

OK, ACCEPTED = "error-ok", "accepted"
OFFENDING = ("accepted-invalid", "nan/inf-output", "wrong-exception", "unnamed-error", "warning",
             "hang", "crash")
OUTCOMES = (OK, ACCEPTED) + OFFENDING
FUNCTION_PROBLEMS = ("no-example", "internal-object", "example-error", "baseline-failed")
UNKNOWN_KEYWORD = "not_a_parameter"


# ------------------------------------------------------------------------------------- the plan
@dataclass
class Call:
    target: int                 # index into Plan.targets
    param: str | None           # None: the valid (baseline) call
    label: str                  # the catalogue value, e.g. "NaN"
    args: tuple
    kwargs: dict
    must_reject: bool = False


@dataclass
class Prepared:
    """A function ready to be called: its valid arguments and parameter kinds."""

    target: int
    positional: list            # names of positional-only parameters, in order
    values: dict                # name -> valid example (builds the parameter's catalogue)
    base: dict                  # name -> value in the valid call: the example, except that a
                                # parameter whose default is None keeps None (the common path)
    kinds: dict                 # name -> catalogue kind
    defaults_none: dict         # name -> default is None
    forwarded: dict             # extra keyword arguments for **params (speed)
    var_keyword: bool


@dataclass
class Plan:
    targets: list
    notes: list
    problems: list = field(default_factory=list)     # (label, kind, text)
    prepared: list = field(default_factory=list)


def _call(prep, values, forwarded, param=None, label="valid", must=False, extra=None):
    args = tuple(values[n] for n in prep.positional)
    kwargs = {n: v for n, v in values.items() if n not in prep.positional}
    kwargs.update(forwarded)
    kwargs.update(extra or {})
    return Call(prep.target, param, label, args, kwargs, must)


def build_plan():
    """The functions, their valid examples, and the function-level problems (no example,
    internal object, example that cannot be built)."""
    targets, notes = cat.public_functions()
    plan = Plan(targets, notes)
    for ti, t in enumerate(targets):
        try:
            sig = inspect.signature(t.func)
        except (TypeError, ValueError) as exc:
            plan.problems.append((t.label, "example-error", f"no signature: {exc}"))
            continue
        params = [p for p in sig.parameters.values()
                  if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        var_kw = any(p.kind == p.VAR_KEYWORD for p in sig.parameters.values())
        internal = [p.name for p in params if p.name in cat.INTERNAL]
        if internal:
            plan.problems.append((t.label, "internal-object",
                                  "takes internal object: make private or validate ("
                                  + "; ".join(f"{n}: {cat.INTERNAL[n]}" for n in internal) + ")"))
            continue
        missing = [p.name for p in params if p.default is p.empty and cat.lookup(t.module, p.name) is None]
        if missing:
            for name in missing:
                plan.problems.append((t.label, "no-example",
                                      f"add an example for parameter {name} of {t.label} "
                                      "(EXAMPLES in tests/bad_input_catalogue.py)"))
            continue
        exs = {}
        for p in params:
            ex = cat.lookup(t.module, p.name)
            if ex is None:
                ex = cat.Ex(p.default, cat.kind_of_default(p.default))
            exs[p.name] = ex
        values = {}
        try:
            for name, ex in exs.items():
                values[name] = ex.derive(values) if ex.derive is not None else ex.value
        except Exception as exc:                                    # noqa: BLE001
            plan.problems.append((t.label, "example-error", f"{type(exc).__name__}: {exc}"))
            continue
        values = {n: values[n] for n in exs}
        forwarded = {k: v for k, v in cat.FORWARDED.items() if var_kw and k not in values}
        base = {p.name: None if p.default is None else values[p.name] for p in params}
        plan.prepared.append(Prepared(
            ti, [p.name for p in params if p.kind == p.POSITIONAL_ONLY], values, base,
            {n: e.kind for n, e in exs.items()}, {p.name: p.default is None for p in params},
            forwarded, var_kw))
    return plan


def bad_calls(prep, forwarded):
    """Every catalogue value for every parameter of one prepared function."""
    out = []
    for name, example in prep.values.items():
        for label, bad, must in cat.catalogue(prep.kinds[name], example, prep.defaults_none[name]):
            if bad is None and prep.base[name] is None:
                continue                                            # the valid call itself
            vals = dict(prep.base)
            vals[name] = bad
            out.append(_call(prep, vals, forwarded, name, label, must))
    if prep.var_keyword:
        out.append(_call(prep, prep.base, forwarded, UNKNOWN_KEYWORD, "unknown keyword", True,
                         {UNKNOWN_KEYWORD: 1.0}))
    return out


# ------------------------------------------------------------------------ evaluating one call
def finite(obj, depth=0):
    """True if every number inside ``obj`` (arrays, dicts, tuples, dataclasses) is finite. In a dict
    with a boolean array ``exists``, NaN marks "no value" where ``exists`` is False."""
    if depth > 6 or obj is None or isinstance(obj, (bool, np.bool_, str, bytes)):
        return True
    if isinstance(obj, numbers.Number):
        try:
            z = complex(obj)
        except (TypeError, ValueError):
            return True
        return math.isfinite(z.real) and math.isfinite(z.imag)
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind in "fc":
            return bool(np.all(np.isfinite(obj)))
        if obj.dtype.kind == "O":
            return all(finite(x, depth + 1) for x in obj.flat[:1000])
        return True
    if isinstance(obj, dict):
        mask = obj.get("exists")
        mask = mask if isinstance(mask, np.ndarray) and mask.dtype == bool else None
        for v in obj.values():
            if mask is not None and isinstance(v, np.ndarray) and v.shape == mask.shape and v.dtype.kind in "fc":
                if not np.all(np.isfinite(v[mask])):
                    return False
            elif not finite(v, depth + 1):
                return False
        return True
    if isinstance(obj, (list, tuple)):
        return all(finite(x, depth + 1) for x in obj[:1000])
    if is_dataclass(obj) and not isinstance(obj, type):
        return all(finite(getattr(obj, f.name), depth + 1) for f in fields(obj))
    return True


def names_parameter(name, message):
    """Does the message name the parameter (as a word; "can't" does not name ``t``)?"""
    return re.search(rf"(?<![\w])(?<![A-Za-z]'){re.escape(name)}(?![\w])", message) is not None


def _one_line(text, n=200):
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[:n - 3] + "..."


#: Documented non-finite results: function name -> (value allowed, why). Keep this short; each
#: entry is part of the function's documented contract.
ALLOWED_NON_FINITE = {
    "log10_transmission": (-np.inf, "log10 of T = 0 exactly: a channel closed in either reservoir "
                                    "(documented in its docstring)"),
}


def _allowed_non_finite(func, out):
    rule = ALLOWED_NON_FINITE.get(getattr(func, "__name__", ""))
    if rule is None:
        return False
    arr = np.asarray(out, dtype=float)
    return bool(np.all(np.isfinite(arr) | (arr == rule[0])))


def evaluate(func, call):
    """(outcome, detail) of one call, run under warnings-as-errors."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.simplefilter("ignore", PendingDeprecationWarning)
            with np.errstate(all="warn", under="ignore"):
                out = func(*call.args, **call.kwargs)
    except Warning as w:
        return "warning", f"{type(w).__name__}: {_one_line(w)}"
    except (ValueError, TypeError) as exc:
        detail = f"{type(exc).__name__}: {_one_line(exc)}"
        if call.param is not None and names_parameter(call.param, str(exc)):
            return OK, detail
        return "unnamed-error", detail
    except BaseException as exc:                                    # noqa: BLE001
        return "wrong-exception", f"{type(exc).__name__}: {_one_line(exc)}"
    if not finite(out) and not _allowed_non_finite(func, out):
        return "nan/inf-output", _one_line(repr(out), 120)
    return ("accepted-invalid" if call.must_reject else ACCEPTED), ""


# ------------------------------------------------------------------------------- forked workers
def _one_blas_thread():
    """One BLAS thread in this (forked) process: threadpoolctl if installed, else OpenBLAS's own
    setter found in the loaded libraries (the environment variables only act before numpy loads)."""
    try:
        from threadpoolctl import threadpool_limits
        threadpool_limits(1)
        return
    except ImportError:
        pass
    try:
        with open("/proc/self/maps") as fh:
            libs = {line.split()[-1] for line in fh
                    if "blas" in line.lower() and ".so" in line.split()[-1]}
    except OSError:
        return
    for path in libs:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for sym in ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads",
                    "openblas_set_num_threads64_", "openblas_set_num_threads"):
            fn = getattr(lib, sym, None)
            if fn is not None:
                fn(ctypes.c_int(1))
                break


def _limit_memory():
    try:
        import resource
        with open("/proc/self/status") as fh:
            vm = next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmSize:"))
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        want = vm + CHILD_EXTRA_MEMORY
        if hard != resource.RLIM_INFINITY:
            want = min(want, hard)
        if soft == resource.RLIM_INFINITY or soft > want:
            resource.setrlimit(resource.RLIMIT_AS, (want, hard))
    except (ImportError, OSError, ValueError, StopIteration):
        pass


def _die_with_parent():
    """Never outlive the test: SIGKILL when the parent dies (Linux), and a CPU-time cap."""
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)               # PR_SET_PDEATHSIG
        if os.getppid() == 1:
            os._exit(0)
    except (OSError, AttributeError):
        pass
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_CPU, (CHILD_CPU_S, CHILD_CPU_S + 5))
    except (ImportError, OSError, ValueError):
        pass


def _child(funcs, calls, cmd_r, res_w):
    _die_with_parent()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    sys.stdout = sys.stderr = open(os.devnull, "w")
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    _one_blas_thread()
    _limit_memory()
    while True:
        head = b""
        while len(head) < 8:
            chunk = os.read(cmd_r, 8 - len(head))
            if not chunk:
                return
            head += chunk
        (i,) = struct.unpack("q", head)
        if i < 0:
            return
        call = calls[i]
        t0 = time.perf_counter()
        outcome, detail = evaluate(funcs[call.target], call)
        line = json.dumps({"i": i, "o": outcome, "d": detail, "s": time.perf_counter() - t0}) + "\n"
        data = line.encode()
        while data:
            data = data[os.write(res_w, data):]


@dataclass
class _Worker:
    pid: int
    cmd_w: int
    res_r: int
    buf: bytes = b""
    current: int | None = None
    t0: float = 0.0


def _status_text(status):
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit code {os.WEXITSTATUS(status) if os.WIFEXITED(status) else status}"


def run_calls(funcs, calls, order, limit_s=LIMIT_S, workers=WORKERS):
    """Results {index: (outcome, detail, seconds)} of ``calls[i]`` for i in ``order``, run in forked
    children (``workers`` at once, each call handed out as the previous one finishes); a child
    over ``limit_s`` on a call is killed (outcome "hang") and replaced."""
    results = {}
    pending = collections.deque(order)
    active = {}

    def spawn():
        cmd_r, cmd_w = os.pipe()
        res_r, res_w = os.pipe()
        pid = os.fork()
        if pid == 0:                                               # child: never returns
            try:
                os.close(cmd_w)
                os.close(res_r)
                for w in active.values():
                    os.close(w.cmd_w)
                    os.close(w.res_r)
                _child(funcs, calls, cmd_r, res_w)
            except BaseException:                                  # noqa: BLE001
                pass
            finally:
                os._exit(0)
        os.close(cmd_r)
        os.close(res_w)
        return _Worker(pid, cmd_w, res_r)

    def give(w):
        if not pending:
            return False
        w.current = pending.popleft()
        w.t0 = time.monotonic()
        os.write(w.cmd_w, struct.pack("q", w.current))
        return True

    def retire(w, kill):
        if kill:
            try:
                os.kill(w.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        else:
            try:
                os.write(w.cmd_w, struct.pack("q", -1))
            except OSError:
                pass
        _, status = os.waitpid(w.pid, 0)
        os.close(w.cmd_w)
        os.close(w.res_r)
        active.pop(w.res_r, None)
        return status

    try:
        while pending or active:
            while len(active) < workers and pending:
                w = spawn()
                active[w.res_r] = w
                give(w)
            now = time.monotonic()
            wait = max(0.0, min(w.t0 + limit_s - now for w in active.values()))
            ready, _, _ = select.select(list(active), [], [], wait + 0.01)
            for fd in ready:
                w = active[fd]
                data = os.read(fd, 65536)
                if not data:                                       # the child died mid-call
                    status = retire(w, kill=False)
                    if w.current is not None:
                        results[w.current] = ("crash", _status_text(status), time.monotonic() - w.t0)
                    continue
                w.buf += data
                while b"\n" in w.buf:
                    line, w.buf = w.buf.split(b"\n", 1)
                    r = json.loads(line)
                    results[r["i"]] = (r["o"], r["d"], r["s"])
                    w.current = None
                    if not give(w):
                        retire(w, kill=False)
                        break
            now = time.monotonic()
            for w in list(active.values()):
                if w.current is not None and now - w.t0 > limit_s:
                    retire(w, kill=True)
                    results[w.current] = ("hang", f"killed after {limit_s:g} s", limit_s)
    finally:
        for w in list(active.values()):
            retire(w, kill=True)
    return results


# ---------------------------------------------------------------------------------- the whole run
@dataclass
class Report:
    plan: Plan
    calls: list
    results: dict
    wall_s: float
    limit_s: float
    workers: int

    def rows(self):
        """(label, param, value, outcome, detail, seconds) of every call made."""
        for i, c in enumerate(self.calls):
            if i in self.results:
                o, d, s = self.results[i]
                yield self.plan.targets[c.target].label, c.param, c.label, o, d, s

    def offenders(self):
        return [r for r in self.rows() if r[1] is not None and r[3] in OFFENDING]

    def problems(self):
        return list(self.plan.problems) + [(None, "missing-module", n) for n in self.plan.notes
                                           if n.startswith("ERROR")]


def run(limit_s=LIMIT_S, workers=WORKERS):
    """Plan, valid calls, then every bad value of every parameter of the functions whose valid call
    passed (heaviest functions first, for an even load). Returns a :class:`Report`."""
    t_start = time.monotonic()
    plan = build_plan()
    funcs = [t.func for t in plan.targets]
    calls = []
    base = {}
    for prep in plan.prepared:                                      # valid calls, with speed-ups
        base[prep.target] = (len(calls), prep, prep.forwarded)
        calls.append(_call(prep, prep.base, prep.forwarded))
    res = run_calls(funcs, calls, list(range(len(calls))), limit_s, workers)
    for _ in range(len(cat.FORWARDED)):    # drop forwarded keywords a function rejects, retry
        order = []
        for ti, (i, prep, fw) in list(base.items()):
            outcome, detail, _ = res.get(i, ("", "", 0))
            if not fw or outcome == ACCEPTED:
                continue
            named = {k for k in fw if names_parameter(k, detail)}
            fw = {k: v for k, v in fw.items() if k not in named} if named else {}
            base[ti] = (len(calls), prep, fw)
            order.append(len(calls))
            calls.append(_call(prep, prep.base, fw))
        if not order:
            break
        res.update(run_calls(funcs, calls, order, limit_s, workers))
    good, timing = [], {}
    for ti, (i, prep, fw) in base.items():
        outcome, detail, secs = res.get(i, ("crash", "no result", 0.0))
        if outcome == ACCEPTED:
            good.append((ti, prep, fw))
            timing[ti] = secs
        else:
            plan.problems.append((plan.targets[ti].label, "baseline-failed",
                                  f"the valid call gave {outcome}: {detail}"))
    results = {i: res[i] for ti, (i, _, _) in base.items() if i in res}
    order = []
    for ti, prep, fw in sorted(good, key=lambda g: -timing[g[0]]):  # heaviest first
        for c in bad_calls(prep, fw):
            order.append(len(calls))
            calls.append(c)
    results.update(run_calls(funcs, calls, order, limit_s, workers))
    return Report(plan, calls, results, time.monotonic() - t_start, limit_s, workers)


# ----------------------------------------------------------------------------------- reporting
def _outcome_tag(outcome, detail):
    if outcome in ("wrong-exception", "warning", "unnamed-error") and ":" in detail:
        return f"{outcome}({detail.split(':', 1)[0]})"
    return outcome


def compressed_offenders(report):
    """One line per function: ``param:value,value→outcome; ...``."""
    by_func = collections.OrderedDict()
    for label, param, value, outcome, detail, _ in report.offenders():
        key = (param, _outcome_tag(outcome, detail))
        by_func.setdefault(label, collections.OrderedDict()).setdefault(key, []).append(value)
    lines = []
    for label, groups in by_func.items():
        merged = collections.OrderedDict()          # params sharing the same values -> outcome
        for (p, o), vals in groups.items():
            merged.setdefault((tuple(vals), o), []).append(p)
        parts = [f"{','.join(ps)}:{','.join(vals)}→{o}" for (vals, o), ps in merged.items()]
        lines.append(f"{label} ({sum(len(v) for v in groups.values())}): " + "; ".join(parts))
    return lines


def summary(report, details=True):
    rows = list(report.rows())
    bad_rows = [r for r in rows if r[1] is not None]
    counts = collections.Counter(r[3] for r in bad_rows)
    tried = {r[0] for r in rows}
    problems = report.problems()
    pcounts = collections.Counter(k for _, k, _ in problems)
    import ionlib
    out = [f"ionlib from {os.path.dirname(ionlib.__file__)}",
           f"bad-input test (issue 21): {len(report.plan.targets)} public callables found, "
           f"{len(tried)} called, {len(bad_rows)} bad-input calls (+{len(rows) - len(bad_rows)} valid calls), "
           f"{report.wall_s:.1f} s wall, {report.workers} workers, limit {report.limit_s:g} s per call",
           "", f"{'outcome':<18}{'calls':>7}"]
    for o in OUTCOMES:
        out.append(f"{o:<18}{counts.get(o, 0):>7}{'' if o in (OK, ACCEPTED) else '   offending'}")
    out.append(f"{'offending total':<18}{sum(counts[o] for o in OFFENDING):>7}")
    out += ["", "function-level problems: " + (", ".join(f"{k} {pcounts[k]}" for k in pcounts) or "none")]
    for label, kind, text in problems:
        out.append(f"  [{kind}] {label or ''}: {text}")
    slow = sorted((r for r in rows if r[3] != "hang"), key=lambda r: -r[5])[:5]
    out += ["", "slowest finished calls: " + "; ".join(f"{r[0]} {r[1] or 'valid'}={r[2]} {r[5]:.2f} s" for r in slow)]
    if report.plan.notes:
        out += ["", "notes:"] + [f"  {n}" for n in report.plan.notes]
    out += ["", "offenders by function (calls):"] + [f"  {line}" for line in compressed_offenders(report)]
    if details:
        out += ["", "offending calls in detail:"]
        for label, param, value, outcome, detail, secs in report.offenders():
            out.append(f"  {label}({param}={value}) -> {outcome}: {detail}")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------- tests
@lru_cache(maxsize=1)
def _report():
    return run()


def test_every_parameter_of_the_public_api_has_an_example():
    """By construction: a public function with a parameter nobody gave an example for fails."""
    plan = build_plan()
    assert plan.targets, "no public function found"
    missing = [text for _, kind, text in plan.problems if kind == "no-example"]
    assert not missing, "\n".join(missing)


def test_public_api_fails_cleanly_on_bad_input():
    """Every bad value gives a ValueError/TypeError naming the argument or a finite result; no
    NaN, wrong exception, unnamed error, promoted warning, hang, crash or internal object."""
    report = _report()
    problems = report.problems()
    offenders = report.offenders()
    if problems or offenders:
        text = summary(report, details=False)
        detail = [f"{l}({p}={v}) -> {o}: {d}" for l, p, v, o, d, _ in offenders]
        raise AssertionError(f"{len(offenders)} offending calls, {len(problems)} function-level problems\n"
                             + text + "\n\nfirst offending calls in detail:\n" + "\n".join(detail[:60]))


if __name__ == "__main__":
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--report", action="store_true", help="run and print the summary table")
    ap.add_argument("--out", help="also write the full report to this file")
    ap.add_argument("--limit", type=float, default=LIMIT_S, help="per-call time limit (s)")
    ap.add_argument("--workers", type=int, default=WORKERS, help="forked workers at once")
    ap.add_argument("--show", action="append", default=[], metavar="TEXT",
                    help="also print every call (any outcome) of the functions whose label contains TEXT")
    opts = ap.parse_args()
    rep = run(opts.limit, opts.workers)
    text = summary(rep, details=True)
    print(summary(rep, details=False))
    for want in opts.show:
        print(f"\nevery call of *{want}*:")
        for label, param, value, outcome, detail, secs in rep.rows():
            if want in label:
                print(f"  {label}({param or 'valid'}={value}) -> {outcome} [{secs:.2f} s] {detail}")
    if opts.out:
        with open(opts.out, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
        print(f"\nfull report: {opts.out}")
