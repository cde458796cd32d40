"""Per-page figure numbers of the book (book/_ext/page_fignumbers.py): "Figure A5.1", not "Figure 13"."""
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
from page_fignumbers import page_prefix, renumber  # noqa: E402

PREFIXES = yaml.safe_load((ROOT / "_config.yml").read_text())["sphinx"]["config"]["page_fignumber_prefixes"]


def test_figure_pages_take_their_prefix_from_the_file_name():
    assert page_prefix("book/paper_a/fig_a5_conductance", {}) == "A5"
    assert page_prefix("book/paper_b/fig_b7_conductance", {}) == "B7"
    assert page_prefix("book/paper_b/fig_b10_x", {}) == "B10"
    assert page_prefix("book/scales", PREFIXES) == "S"
    assert page_prefix("book/intro", {}) is None


def test_numbers_restart_on_every_page_in_document_order():
    # what Sphinx assigns without a numbered toctree: one sequence through the book
    numbers = {"book/scales": {"figure": {"fig-scales": (1,)}},
               "book/paper_a/fig_a5_conductance": {"figure": {"fig-a5-mass": (14,), "fig-a5": (13,)},
                                                    "displaymath": {"eq-1": (7,)}},
               "book/intro": {"displaymath": {"eq-2": (1,)}}}
    assert renumber(numbers, {"book/scales": "S"}) == []
    assert numbers["book/scales"]["figure"] == {"fig-scales": ("S", 1)}
    assert numbers["book/paper_a/fig_a5_conductance"]["figure"] == {"fig-a5": ("A5", 1),
                                                                     "fig-a5-mass": ("A5", 2)}
    assert numbers["book/paper_a/fig_a5_conductance"]["displaymath"] == {"eq-1": (7,)}  # untouched
    assert ".".join(map(str, ("A5", 1))) == "A5.1"      # how Sphinx prints a number


def test_a_page_with_figures_and_no_prefix_is_reported():
    numbers = {"book/new_page": {"figure": {"f": (3,)}}}
    assert renumber(numbers, {}) == ["book/new_page"]


def test_every_page_with_a_captioned_figure_has_a_prefix():
    toc = (ROOT / "_toc.yml").read_text()
    for docname in re.findall(r"file:\s*(\S+)", toc):
        source = (ROOT / f"{docname}.md").read_text()
        if re.search(r"^:\s+figure:|^[`:]{3,}\{(figure|glue:figure)\}", source, re.M):
            assert page_prefix(docname, PREFIXES), f"{docname}: add it to page_fignumber_prefixes"
