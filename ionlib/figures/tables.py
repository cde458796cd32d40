"""Small tables of numbers for the book's pages, as Markdown (rendered as tables, not as text).

A printed fixed-width table is cut at the right edge of the HTML page; a Markdown output is
parsed by MyST-NB (``nb_render_markdown_format: myst``) and by JupyterLab into a real table that
wraps. Usage in a notebook::

    from IPython.display import Markdown, display
    display(Markdown(markdown_table(["E/k_BT", "P_T"], rows, formats=[".1f", ".3g"])))
"""
from __future__ import annotations

import re

# Markdown punctuation that could start markup inside a cell (emphasis, links, roles, maths, HTML).
_MARKUP = re.compile(r"([\\`*_\[\]{}<>|$~])")


def _text(value, fmt: str) -> str:
    """One cell: numbers formatted with ``fmt``, text escaped so it shows as typed."""
    if isinstance(value, str):
        return _MARKUP.sub(r"\\\1", " ".join(value.split()))
    return format(value, fmt)


def markdown_table(columns, rows, formats=None, align=None) -> str:
    """A Markdown table.

    columns : list of str     -- header cells (Markdown as written, so ``$k_BT$`` is maths)
    rows : iterable of tuples -- one tuple of values per row; strings are escaped, numbers
                                 formatted with ``formats``
    formats : list of str     -- format spec per column for numbers (default ``"g"``)
    align : str               -- per column ``"l"`` or ``"r"`` (default: text left, numbers right)
    """
    columns = list(columns)
    n = len(columns)
    formats = list(formats) if formats is not None else ["g"] * n
    rows = [tuple(r) for r in rows]
    if len(formats) != n:
        raise ValueError(f"formats must have one entry per column ({n}), got {len(formats)}")
    for i, row in enumerate(rows):
        if len(row) != n:
            raise ValueError(f"rows[{i}] must have {n} values (one per column), got {len(row)}")
    if align is None:
        first = rows[0] if rows else ("",) * n
        align = "".join("l" if isinstance(v, str) else "r" for v in first)
    if len(align) != n or set(align) - {"l", "r"}:
        raise ValueError(f"align must be {n} letters from 'l', 'r', got {align!r}")
    lines = ["| " + " | ".join(columns) + " |",
             "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"]
    lines += ["| " + " | ".join(_text(v, f) for v, f in zip(row, formats)) + " |" for row in rows]
    return "\n".join(lines)
