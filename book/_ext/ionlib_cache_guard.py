"""Sphinx extension: drop the notebook execution cache when ``ionlib`` changes.

MyST-NB's cache keys on the code cells and kernel only, so a change inside ``ionlib`` would leave
stale figures and numbers in the book. This extension hashes every ``ionlib/*.py`` file and
clears the Jupyter cache (and Sphinx's pickled pages, so every notebook is re-read and
re-executed) whenever the hash differs from the one recorded at the last build.
"""
import hashlib
import shutil
from pathlib import Path


def _library_hash(package_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(package_dir.rglob("*.py")):
        digest.update(path.relative_to(package_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _guard(app, config):
    import ionlib

    package_dir = Path(ionlib.__file__).parent
    cache_dir = Path(config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")
    stamp = cache_dir.parent / "ionlib.sha256"
    current = _library_hash(package_dir)
    if not stamp.exists() or stamp.read_text() != current:
        if cache_dir.exists():
            shutil.rmtree(cache_dir)
        # Sphinx would otherwise reuse the pickled pages and re-read only edited sources, so the
        # notebooks would not re-execute; dropping the doctrees forces a full re-read.
        shutil.rmtree(app.doctreedir, ignore_errors=True)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(current)


def setup(app):
    app.connect("config-inited", _guard, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
