"""Where a sweep's samples run: in this process, a local process pool, any
``concurrent.futures.Executor``, or a Dask cluster (``dask.distributed``).

:func:`check_executor` validates the ``executor`` argument of :func:`~ionlib.sweep.run_sweep`
without starting anything; :func:`backend` starts what is needed (a pool, a connection) and
:meth:`_Backend.run` yields ``(item, result)`` as samples finish, in whatever order they finish.

Dask: pass a ``distributed.Client`` or a scheduler address. ``"tcp://host:8786"`` is plain TCP,
for a trusted private network only (a Dask scheduler runs whatever code it is sent);
``"tls://host:8786"`` encrypts and authenticates with certificates, taken from the ``security=``
argument (a ``distributed.security.Security``) or else from Dask's configuration
(``distributed.comm.tls.*``, e.g. ``~/.config/dask/distributed.yaml``).
"""
from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import numbers
import sys

import numpy as np

import ionlib._validate as v

__all__ = ["check_executor", "backend", "SweepAborted", "ADDRESS_SCHEMES"]

ADDRESS_SCHEMES = ("tcp://", "tls://")
MAX_WORKERS = 1024


class SweepAborted(RuntimeError):
    """The executor itself failed (a worker process died, the cluster went away): not a sample's
    error. The samples finished so far are stored; run the sweep again to resume."""


def _is_dask_client(obj):
    dist = sys.modules.get("distributed")      # a Client exists only if distributed is imported
    return dist is not None and isinstance(obj, dist.Client)


def check_executor(executor, security=None):
    """Validate ``executor`` (and ``security``) before any work starts; return ``(executor,
    description)``, a number of workers as a Python int."""
    if security is not None and not (isinstance(executor, str) and executor.startswith("tls://")):
        raise ValueError("security applies only to a tls:// scheduler address")
    if executor is None:
        return None, "serial"
    if isinstance(executor, (bool, np.bool_)):
        raise TypeError("executor must be None, a number of workers, an Executor, a dask Client or "
                        "a scheduler address, got bool")
    if isinstance(executor, numbers.Integral):
        n = v.count("executor", executor, lo=1, hi=MAX_WORKERS)
        return n, f"process pool of {n}"
    if isinstance(executor, str):
        if not executor.startswith(ADDRESS_SCHEMES) or len(executor) <= len("tcp://"):
            raise ValueError(f"executor address must start with {' or '.join(ADDRESS_SCHEMES)} "
                             f"(e.g. 'tcp://host:8786'), got {executor!r}")
        if security is not None:
            from distributed.security import Security
            v.instance("security", security, Security, "distributed.security.Security")
        if executor.startswith("tls://"):
            _tls_security(security)
        return executor, f"dask scheduler {executor}"
    if _is_dask_client(executor):
        return executor, f"dask client {executor.scheduler.address if executor.scheduler else '?'}"
    if isinstance(executor, cf.Executor):
        return executor, type(executor).__name__
    raise TypeError("executor must be None, a number of workers (int), a concurrent.futures.Executor, "
                    f"a distributed.Client or a 'tcp://host:port' address, got {type(executor).__name__}")


def _tls_security(security):
    """The Security for a tls:// address: the one given, else Dask's configuration."""
    from distributed.security import Security
    security = security if security is not None else Security()
    if not (security.tls_ca_file and security.tls_client_cert):
        raise ValueError("a tls:// scheduler needs certificates: pass security=distributed.security."
                         "Security(tls_ca_file=..., tls_client_cert=..., tls_client_key=..., "
                         "require_encryption=True), or set distributed.comm.tls.ca-file and "
                         "distributed.comm.tls.client.{cert,key} in Dask's configuration")
    return security


def one_blas_thread():
    """Pool-worker initializer: one BLAS/OpenMP thread per worker, as Dask's workers have
    (``distributed`` sets OMP/OPENBLAS/MKL_NUM_THREADS=1 for them). Otherwise each worker's BLAS
    starts one thread per core, and n workers on n cores oversubscribe them: measured on the
    Fig. A7 model (2 cores, 64 samples), 1 -> 2 workers gave 1.59x with the default threads and
    1.94x with one (``benchmarks/bench_parameter_map.py``)."""
    from threadpoolctl import threadpool_limits
    threadpool_limits(limits=1)


class _Backend:
    """Runs ``call(func, point)`` for items ``(key, point)``; subclasses say where."""

    def __init__(self, call, func):
        self.call, self.func = call, func

    def run(self, items):
        raise NotImplementedError

    def close(self, aborted=False):
        pass


class _Serial(_Backend):
    def run(self, items):
        for item in items:
            yield item, self.call(self.func, item[1])


class _Futures(_Backend):
    """A concurrent.futures executor; ``owned`` ones (our process pool) are shut down at the end."""

    def __init__(self, call, func, executor, owned):
        super().__init__(call, func)
        self.executor, self.owned, self.pending = executor, owned, set()

    def run(self, items):
        futures = {self.executor.submit(self.call, self.func, item[1]): item for item in items}
        self.pending = set(futures)
        for fut in cf.as_completed(futures):
            self.pending.discard(fut)
            yield futures[fut], _outcome(fut)

    def close(self, aborted=False):
        for fut in self.pending:
            fut.cancel()
        if self.owned:
            self.executor.shutdown(wait=not aborted, cancel_futures=True)


class _Dask(_Backend):
    """A distributed.Client (``owned``: connected here, closed at the end)."""

    def __init__(self, call, func, client, owned):
        super().__init__(call, func)
        self.client, self.owned, self.pending = client, owned, []

    def run(self, items):
        from distributed import as_completed
        futures = {}
        for item in items:
            futures[self.client.submit(self.call, self.func, item[1], pure=False)] = item
        self.pending = list(futures)
        for fut in as_completed(futures):
            result = _outcome(fut)
            fut.release()
            yield futures[fut], result

    def close(self, aborted=False):
        if self.pending:
            self.client.cancel(self.pending)
        if self.owned:
            self.client.close()


def _outcome(fut):
    """The result of a finished future. The call wrapper already catches the sample's own
    exceptions, so an exception here comes from the executor: a dead pool or a lost cluster aborts
    the sweep; anything else (e.g. dask's KilledWorker: the sample killed its worker thrice, or an
    argument that did not pickle) is stored as that sample's error."""
    try:
        return fut.result()
    except (cf.BrokenExecutor, cf.CancelledError, OSError) as exc:   # OSError: a lost connection
        raise SweepAborted(f"the executor failed ({type(exc).__name__}: {exc}); the samples finished "
                           "so far are stored: run the sweep again to resume") from exc
    except Exception as exc:        # noqa: BLE001 - stored as the sample's error, the sweep goes on
        return {"status": "error", "error": f"{type(exc).__name__}: {exc}", "outputs": None}


def backend(executor, call, func, security=None):
    """Start what ``executor`` needs (as returned by :func:`check_executor`)."""
    if executor is None:
        return _Serial(call, func)
    if isinstance(executor, int):
        # forkserver, not fork: forking a process that runs threads (tqdm's monitor, a Dask client)
        # can deadlock the child; Python 3.14 made the same choice the default on Linux. The server
        # imports ionlib once (preload) and every worker forks from it: ~0.1 s per pool instead of an
        # ionlib import per worker. As with any spawned worker, a script needs the usual
        # `if __name__ == "__main__":` guard around its run_sweep call.
        if "forkserver" in multiprocessing.get_all_start_methods():
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["__main__", __name__.rsplit(".", 1)[0] + ".run"])
        else:
            ctx = multiprocessing.get_context("spawn")
        return _Futures(call, func, cf.ProcessPoolExecutor(max_workers=executor, mp_context=ctx,
                                                           initializer=one_blas_thread), owned=True)
    if isinstance(executor, str):
        from distributed import Client
        security = _tls_security(security) if executor.startswith("tls://") else None
        try:
            client = Client(executor, security=security, timeout="30s")
        except OSError as exc:          # refused, timed out, or a TLS handshake that failed
            raise SweepAborted(f"cannot connect to the Dask scheduler at {executor} ({type(exc).__name__}: "
                               f"{exc}); is it running, with the same protocol (tcp/tls) and "
                               "certificates?") from exc
        return _Dask(call, func, client, owned=True)
    if _is_dask_client(executor):
        return _Dask(call, func, executor, owned=False)
    return _Futures(call, func, executor, owned=False)
