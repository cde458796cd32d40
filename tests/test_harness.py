"""The notebook harness itself: a MyST notebook whose cell raises must make pytest fail,
a good one must pass, and every code cell is one test item."""
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from myst_pages import FRONT_MATTER, notebook

ROOT = Path(__file__).resolve().parents[1]

#: The notebooks of the harness check: cells, and how many of their cells must pass and fail.
CASES = {
    "good": (("x = 1", "assert x == 1"), 2, 0),
    "raises": (("x = 1", "raise RuntimeError('boom')", "y = 2"), 2, 1),
    "asserts": (("x = 1", "assert x == 2"), 1, 1),
}
RAISES_TAG = FRONT_MATTER + """
# Demo

```{code-cell} ipython3
:tags: [raises-exception]

raise ValueError("energy_eV must be positive")
```
"""


@pytest.fixture(scope="module")
def harness_run(tmp_path_factory):
    """One pytest run (our conftest, nbval) over a book/ of small notebooks: the JUnit report, as
    {notebook name: [outcome of each cell item]}, and the run's return code. One subprocess and
    one run keep this check to a few seconds."""
    root = tmp_path_factory.mktemp("harness")
    shutil.copy(ROOT / "conftest.py", root / "conftest.py")
    (root / "pytest.ini").write_text("[pytest]\n")  # isolate from the project's settings
    (root / "book").mkdir()
    for name, (cells, _, _) in CASES.items():
        (root / "book" / f"{name}.md").write_text(notebook(*cells))
    (root / "book" / "tagged.md").write_text(RAISES_TAG)
    report = root / "report.xml"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(root),
         "-c", str(root / "pytest.ini"), "--nbval-current-env", f"--junitxml={report}", "book"],
        cwd=root, capture_output=True, text=True, timeout=300,
    )
    outcomes = {}
    for case in ElementTree.parse(report).getroot().iter("testcase"):
        name = case.get("classname", "").split(".")[-2]        # "book.good.md" -> "good"
        failed = any(child.tag in ("failure", "error") for child in case)
        outcomes.setdefault(name, []).append("failed" if failed else "passed")
    return outcomes, result


@pytest.mark.parametrize("name", list(CASES))
def test_notebook_cells_are_tests_and_failures_fail(harness_run, name):
    outcomes, result = harness_run
    _, passed, failed = CASES[name]
    cells = outcomes.get(name)
    assert cells is not None, f"no test items from {name}.md:\n{result.stdout}"
    assert cells.count("passed") == passed and cells.count("failed") == failed, (cells, result.stdout)


def test_a_failing_notebook_fails_the_run(harness_run):
    outcomes, result = harness_run
    assert result.returncode != 0 and "2 failed" in result.stdout.strip().splitlines()[-1], result.stdout


def test_raises_exception_tag_is_honoured(harness_run):
    """A cell tagged raises-exception (a deliberate ValueError demo) passes when it raises."""
    outcomes, result = harness_run
    assert outcomes.get("tagged") == ["passed"], (outcomes, result.stdout)
