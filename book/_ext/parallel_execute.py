"""Sphinx extension: execute the book's notebooks in parallel before Sphinx reads them.

MyST-NB (``execute_notebooks: cache``) executes each notebook when Sphinx reads it, one after
the other. At ``builder-inited`` -- after ``ionlib_cache_guard`` has emptied the cache if
``ionlib`` changed -- this extension stages every notebook of the table of contents in the same
jupyter-cache (``_build/.jupyter_cache``), exactly as MyST-NB stages them (reader plugin
``myst_nb_md``), and runs jupyter-cache's ``local-parallel`` executor (one process per core) on
those without a cached result. jupyter-cache keys a notebook on its code cells (source and
metadata) and kernelspec (``create_hashed_notebook``), which the plugin reads exactly as MyST-NB
does, so MyST-NB then finds every notebook cached ("Using cached notebook") and executes nothing.
A notebook that fails here is not cached: MyST-NB executes it again and reports the error as
before. Settings (timeout, allow_errors, cwd = the notebook's folder) are MyST-NB's.

jupyter-cache's executor hands its pool the notebooks with ``Pool.map``'s default chunking: for 18
notebooks on two cores, six chunks of three neighbours in the table of contents, so one core
idled for about 30 s at the end of the build while the other finished a heavy chunk. The
subclass below is the same executor with one notebook per task (``chunksize=1``).
"""
import logging as std_logging
import multiprocessing
import time
from pathlib import Path

from jupyter_cache.executors.base import ExecutorRunResult
from jupyter_cache.executors.basic import REPORT_LEVEL, JupyterExecutorLocalMproc, ProcessData
from sphinx.util import logging

logger = logging.getLogger(__name__)
# jupyter-cache's executor needs a plain logger (it reads ``logger.level``); INFO shows which
# notebooks run and how they end.
_jcache_logger = std_logging.getLogger("jupyter_cache.parallel_execute")
_jcache_logger.setLevel(std_logging.INFO)

_READER = {"type": "plugin", "name": "myst_nb_md"}   # what MyST-NB uses for MyST Markdown notebooks


class OneNotebookPerTask(JupyterExecutorLocalMproc):
    """jupyter-cache's ``local-parallel`` executor, handing its pool one notebook per task."""

    def run_and_cache(self, *, filter_uris=None, filter_pks=None, timeout=30, allow_errors=False,
                      force=False):
        records = self.get_records(filter_uris, filter_pks, clear_tracebacks=True)
        multiprocessing.log_to_stderr(REPORT_LEVEL)   # "Executing: ..." per notebook, as before
        jobs = [ProcessData(r.pk, r.uri, self.cache, timeout, allow_errors) for r in records]
        with multiprocessing.Pool() as pool:
            results = pool.map(self._EXECUTION_WORKER(), jobs, chunksize=1)
        return ExecutorRunResult(succeeded=[p for i, p in results if i == 0],
                                 excepted=[p for i, p in results if i == 1],
                                 errored=[p for i, p in results if i == 2])


def _toc_notebooks(app):
    """Paths of the text (MyST Markdown) notebooks listed in the table of contents."""
    from myst_nb.core.read import is_myst_markdown_notebook
    from sphinx.util.matching import Matcher

    site_map = getattr(app.config, "external_site_map", None)
    if site_map is None:
        return []
    exclude = Matcher(list(app.config.nb_execution_excludepatterns or []))
    paths = []
    for docname in site_map:
        path = Path(app.srcdir) / f"{docname}.md"
        if path.is_file() and not exclude(f"{docname}.md") and \
                is_myst_markdown_notebook(path.read_text("utf8")):
            paths.append(path)
    return paths


def _execute(app):
    config = app.config
    if config.nb_execution_mode != "cache":
        return
    from jupyter_cache import get_cache

    cache_dir = Path(config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")
    cache = get_cache(cache_dir)
    paths = _toc_notebooks(app)
    uris = []
    for path in paths:
        record = cache.add_nb_to_project(str(path), read_data=_READER)
        uris.append(record.uri)
    t0 = time.perf_counter()
    executor = OneNotebookPerTask(cache=cache, logger=_jcache_logger)
    result = executor.run_and_cache(filter_uris=uris, timeout=config.nb_execution_timeout,
                                    allow_errors=config.nb_execution_allow_errors)
    done = len(result.succeeded) + len(result.excepted) + len(result.errored)
    logger.info(f"[parallel_execute] {len(uris)} notebooks, {done} executed in parallel "
                f"({len(result.succeeded)} succeeded) in {time.perf_counter() - t0:.1f} s")


def setup(app):
    app.connect("builder-inited", _execute)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
