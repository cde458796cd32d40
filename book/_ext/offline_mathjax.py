"""Sphinx extension: serve MathJax 3 from the built site instead of a CDN.

The book must typeset its equations without network access (readers offline, and the CI browser
check, which runs with no internet). The MathJax 3 distribution is taken from the
``django-static-mathjax`` wheel (plain static files; Django itself is not needed) and the parts
the book uses (TeX input, CommonHTML output with its fonts, the menu) are copied into
``_static/mathjax``.
"""
import shutil
from importlib.resources import files
from pathlib import Path

KEEP = ("tex-chtml.js", "input", "output", "ui", "a11y", "adaptors")


def _stage_mathjax(app):
    source = Path(str(files("mathjax"))) / "static" / "mathjax" / "es5"
    if not (source / "tex-chtml.js").exists():
        raise RuntimeError(f"MathJax not found at {source}; install django-static-mathjax")
    staging = Path(app.doctreedir).parent / "offline_static"
    target = staging / "mathjax"
    if not (target / "tex-chtml.js").exists():
        target.mkdir(parents=True, exist_ok=True)
        for name in KEEP:
            src = source / name
            if src.is_dir():
                shutil.copytree(src, target / name, dirs_exist_ok=True)
            else:
                shutil.copy2(src, target / name)
    app.config.html_static_path.append(str(staging))


def setup(app):
    app.connect("builder-inited", _stage_mathjax)
    app.config.mathjax_path = "mathjax/tex-chtml.js"
    return {"parallel_read_safe": True, "parallel_write_safe": True}
