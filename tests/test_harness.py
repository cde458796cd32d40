"""The notebook harness itself: a MyST notebook whose cell raises must make pytest fail,
a good one must pass, and every code cell is one test item."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

FRONT_MATTER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


def _notebook(*cells):
    body = "\n".join(f"```{{code-cell}} ipython3\n{cell}\n```\n" for cell in cells)
    return FRONT_MATTER + "\n# A test notebook\n\n" + body


def _run_pytest(tmp_path, text):
    shutil.copy(ROOT / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "pytest.ini").write_text("[pytest]\n")  # isolate from the project's settings
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "nb.md").write_text(text)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(tmp_path),
         "-c", str(tmp_path / "pytest.ini"), "--nbval-current-env", "book"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )


@pytest.mark.parametrize("cells, passed, failed", [
    (("x = 1", "assert x == 1"), 2, 0),
    (("x = 1", "raise RuntimeError('boom')", "y = 2"), 2, 1),
    (("x = 1", "assert x == 2"), 1, 1),
])
def test_notebook_cells_are_tests_and_failures_fail(tmp_path, cells, passed, failed):
    result = _run_pytest(tmp_path, _notebook(*cells))
    summary = result.stdout.strip().splitlines()[-1]
    assert f"{passed} passed" in summary, result.stdout
    if failed:
        assert result.returncode != 0 and f"{failed} failed" in summary, result.stdout
    else:
        assert result.returncode == 0, result.stdout


def test_raises_exception_tag_is_honoured(tmp_path):
    """A cell tagged raises-exception (a deliberate ValueError demo) passes when it raises."""
    text = FRONT_MATTER + """
# Demo

```{code-cell} ipython3
:tags: [raises-exception]

raise ValueError("energy_eV must be positive")
```
"""
    result = _run_pytest(tmp_path, text)
    assert result.returncode == 0, result.stdout
