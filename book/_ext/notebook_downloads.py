"""Sphinx extension: offer every executed notebook page as ``.ipynb`` in the download menu.

sphinx-book-theme only copies MyST-NB's executed notebooks into ``_sources`` when a launch
service (Binder, JupyterHub, Colab, ...) is configured; this book has none, so we do the copy
ourselves and set ``ipynb_source``, which the theme's download button reads.
"""
from pathlib import Path
from shutil import copy2


def _offer_ipynb(app, pagename, templatename, context, doctree):
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not executed.exists():
        return
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    copy2(executed, target)
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app):
    # must run before sphinx-book-theme builds its header buttons (default priority 500)
    app.connect("html-page-context", _offer_ipynb, priority=200)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
