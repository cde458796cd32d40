"""pytest hook: execute every MyST Markdown notebook under ``book/`` through nbval.

nbval only reads ``.ipynb`` files. Rather than writing converted copies beside the sources, this
collector reads each MyST notebook with jupytext and hands the in-memory notebook to nbval's own
collector, so every code cell becomes one test item (``book/x.md::Cell 3``).

Cell tags understood (by nbval and by MyST-NB):
  remove-cell        hidden in the book; used for reproduction checks (plain ``assert``s)
  raises-exception   the cell is expected to raise (e.g. a ValueError demo); both tools accept it
  nbval-skip         nbval does not run the cell (pair with ``skip-execution`` for MyST-NB)
"""
import os
from pathlib import Path
import types

import jupytext
import nbformat
import nbval.plugin
from hypothesis import settings

# Property-based tests: random examples by default (two real bugs were found this way); CI sets
# HYPOTHESIS_PROFILE=ci for a reproducible run with the same examples every time.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# Explore panels (ionlib.figures.panel) render a coarse frame grid under pytest (2 values per
# control: the static-panel code path runs, cheaply); notebook kernels inherit the variable.
os.environ.setdefault("IONLIB_PANEL_FRAMES", "coarse")

BOOK_DIR = "book"


def _is_myst_notebook(path: Path) -> bool:
    """A Markdown file is a notebook if its YAML front matter names a kernel."""
    if path.suffix != ".md":
        return False
    with open(path, encoding="utf-8") as fh:
        head = fh.read(2000)
    return head.startswith("---") and "kernelspec:" in head


class MystNotebookFile(nbval.plugin.IPyNbFile):
    """nbval's notebook collector, fed by jupytext instead of nbformat."""

    def collect(self):
        notebook = jupytext.read(str(self.path))
        shim = types.SimpleNamespace(**{k: getattr(nbformat, k) for k in dir(nbformat)
                                        if not k.startswith("__")})
        shim.read = lambda *args, **kwargs: notebook
        original, nbval.plugin.nbformat = nbval.plugin.nbformat, shim
        try:
            yield from super().collect()
        finally:
            nbval.plugin.nbformat = original


def pytest_collect_file(file_path, parent):
    parts = file_path.parts
    if BOOK_DIR in parts and _is_myst_notebook(file_path):
        return MystNotebookFile.from_parent(parent, path=file_path)
    return None
