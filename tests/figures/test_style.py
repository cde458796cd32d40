"""Figures reach the notebook whatever backend the environment sets (MPLBACKEND=Agg on servers/CI)."""
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

from myst_pages import FRONT_MATTER

ROOT = Path(__file__).resolve().parents[2]


def _pngs(cell):
    return [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]


#: A page in miniature: the hidden set-up cell every book page starts with, then a captioned figure.
PAGE = FRONT_MATTER + """
# A page

```{code-cell} ipython3
:tags: [remove-cell]

import matplotlib.pyplot as plt
from ionlib.figures.style import use_book_style
use_book_style()
```

```{code-cell} ipython3
:mystnb:
:  figure:
:    caption: A line.
:    name: fig-line

plt.plot([0, 1], [0, 1])
plt.show()
```
"""


def test_book_pages_show_their_figures_under_agg(monkeypatch):
    """A page run in a kernel started with MPLBACKEND=Agg, after two control cells: Agg really is
    in force, and a plain ``plt.show()`` before ``use_book_style()`` shows nothing. After the
    page's set-up cell (the one every page of book/ starts with) the captioned figure has its
    image. (The pages themselves run under nbval with the same set-up cell.)"""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = jupytext.reads(PAGE, fmt="md:myst")
    controls = [nbformat.v4.new_code_cell("import matplotlib; print(matplotlib.get_backend())"),
                nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\n"
                                          "plt.plot([0, 1], [1, 0])\nplt.show()")]
    nb.cells = controls + nb.cells
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "book")}}).execute()
    assert nb.cells[0].outputs[0]["text"].strip().lower() == "agg"
    assert not _pngs(nb.cells[1])
    named = [c for c in nb.cells if c.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name")]
    assert named, "the page has a captioned figure"
    for cell in named:
        assert _pngs(cell), f"no image for {cell.metadata['mystnb']['figure']['name']}"


def test_every_book_page_starts_with_the_book_style():
    """The mechanism above only holds for pages whose set-up cell calls use_book_style()."""
    for page in sorted((ROOT / "book").rglob("*.md")):
        head = page.read_text(encoding="utf-8")[:3000]
        if "kernelspec:" in head and ("plt." in page.read_text(encoding="utf-8")):
            assert "use_book_style()" in page.read_text(encoding="utf-8"), page
