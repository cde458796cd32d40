"""Markdown tables of the book's pages: shape, number formats, escaping, bad input."""
import pytest

from ionlib.figures.tables import markdown_table


def test_rows_columns_and_formats():
    table = markdown_table(["variant", "$S$ (nm²)", "g (pS)"], [("a", 1.23456, 10.0), ("b", 2e-5, 3.25)],
                           formats=["", ".3g", ".1f"])
    lines = table.splitlines()
    assert lines[0] == "| variant | $S$ (nm²) | g (pS) |"
    assert lines[1] == "|---|---:|---:|"                   # text left, numbers right
    assert lines[2:] == ["| a | 1.23 | 10.0 |", "| b | 2e-05 | 3.2 |"]


def test_text_cells_are_escaped_and_kept_on_one_line():
    table = markdown_table(["x"], [("a|b <i>*c*\n$d$",)])
    assert table.splitlines()[2] == "| a\\|b \\<i\\>\\*c\\* \\$d\\$ |"


@pytest.mark.parametrize("kwargs, match", [
    (dict(rows=[(1, 2)]), "rows\\[0\\]"),
    (dict(rows=[(1,)], formats=["g", "g"]), "formats"),
    (dict(rows=[(1,)], align="c"), "align"),
])
def test_bad_input_names_the_argument(kwargs, match):
    with pytest.raises(ValueError, match=match):
        markdown_table(["x"], **kwargs)
