"""Figures reach the notebook whatever backend the environment sets (MPLBACKEND=Agg on servers/CI)."""
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]


def _pngs(cell):
    return [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]


def test_scales_page_shows_its_figures_under_agg(monkeypatch):
    """The scales page (book/scales.md) run in a kernel started with MPLBACKEND=Agg, after two
    control cells: Agg really is in force, and a plain ``plt.show()`` before ``use_book_style()``
    shows nothing. After the page's set-up cell every captioned figure has its image."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = jupytext.read(ROOT / "book" / "scales.md")
    controls = [nbformat.v4.new_code_cell("import matplotlib; print(matplotlib.get_backend())"),
                nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\n"
                                          "plt.plot([0, 1], [1, 0])\nplt.show()")]
    nb.cells = controls + nb.cells
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "book")}}).execute()
    assert nb.cells[0].outputs[0]["text"].strip().lower() == "agg"
    assert not _pngs(nb.cells[1])
    named = [c for c in nb.cells if c.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name")]
    assert named, "the scales page has a captioned figure"
    for cell in named:
        assert _pngs(cell), f"no image for {cell.metadata['mystnb']['figure']['name']}"
