"""Sphinx extension: the book build renders the Explore panels' full frame grids.

``ionlib.figures.panel.explore_panel`` reads ``IONLIB_PANEL_FRAMES`` in the notebook kernel:
``full`` (6–12 values per slider) for the book, ``coarse`` (2 per control) under pytest (set in
``conftest.py``), ``off``/unset in a live session. This extension sets ``full`` in the build
process's environment, which the kernels MyST-NB starts inherit, unless the variable is already
set (``IONLIB_PANEL_FRAMES=coarse jupyter-book build .`` gives a quick draft). The execution cache
keys on cell sources only, so the mode is recorded beside it and a change of mode clears it.
"""
import os
import shutil
from pathlib import Path

ENV = "IONLIB_PANEL_FRAMES"


def _check_cache(app, config):
    mode = os.environ[ENV]
    cache_dir = Path(config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")
    stamp = cache_dir.parent / "panel_frames.mode"
    if stamp.exists() and stamp.read_text() != mode:
        shutil.rmtree(cache_dir, ignore_errors=True)
        shutil.rmtree(app.doctreedir, ignore_errors=True)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(mode)


def setup(app):
    os.environ.setdefault(ENV, "full")
    app.connect("config-inited", _check_cache, priority=910)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
