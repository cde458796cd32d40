"""Sphinx extension: number figures per page ("Figure A5.1"), not in one run through the book.

Without a numbered toctree Sphinx counts captioned figures (and tables, code blocks) in one
sequence over the whole book, so the rebuild of the paper's Fig. 5 is captioned "Figure 13".
After Sphinx has assigned its numbers (``env-get-updated``), this extension replaces each number
by (page prefix, position on the page): the first figure of ``paper_a/fig_a5_*`` becomes
"Figure A5.1", the first of ``paper_b/fig_b7_*`` "Figure B7.1". Captions (the HTML writer),
``{numref}`` references and ``{glue:figure}`` all read ``env.toc_fignumbers``, so they show the same
number. Equation numbers (``displaymath``) are left as Sphinx assigns them.

Prefixes: a page named ``fig_<letter><digits>_...`` gets ``<LETTER><digits>``; any other page with
numbered figures needs an entry in the config value ``page_fignumber_prefixes``
(``{docname: prefix}``, e.g. ``book/scales: S`` gives "Figure S.1"); without one the build warns.
"""
import re

from sphinx.util import logging

logger = logging.getLogger(__name__)

#: ``book/paper_a/fig_a5_conductance`` -> ("a", "5")
FIGURE_PAGE = re.compile(r"(?:^|/)fig_([a-z])(\d+)(?:_[^/]*)?$")
#: Enumerable node types that get per-page numbers (equations keep Sphinx's numbering).
PER_PAGE_TYPES = ("figure", "table", "code-block")


def page_prefix(docname: str, prefixes: dict) -> str | None:
    """The number prefix of a page: from ``prefixes`` if listed, else from a ``fig_a5_*`` name."""
    if docname in prefixes:
        return str(prefixes[docname])
    match = FIGURE_PAGE.search(docname)
    return match.group(1).upper() + match.group(2) if match else None


def renumber(toc_fignumbers: dict, prefixes: dict) -> list[str]:
    """Rewrite ``{docname: {figtype: {id: number}}}`` in place to per-page numbers
    ``(prefix, 1), (prefix, 2), ...`` in document order; returns the pages without a prefix."""
    missing = []
    for docname, by_type in toc_fignumbers.items():
        prefix = page_prefix(docname, prefixes)
        for figtype in PER_PAGE_TYPES:
            numbers = by_type.get(figtype)
            if not numbers:
                continue
            if prefix is None:
                missing.append(docname)
                break
            # Sphinx's numbers grow in document order within a page.
            ordered = sorted(numbers, key=lambda fid: tuple(str(n).zfill(6) for n in numbers[fid]))
            by_type[figtype] = {fid: (prefix, i) for i, fid in enumerate(ordered, start=1)}
    return missing


def _on_env_get_updated(app, env):
    for docname in renumber(env.toc_fignumbers, app.config.page_fignumber_prefixes or {}):
        logger.warning(f"page {docname!r} has numbered figures but no number prefix: add it to "
                       "page_fignumber_prefixes in _config.yml (sphinx: config:)",
                       location=docname)
    return []


def setup(app):
    app.add_config_value("page_fignumber_prefixes", {}, "env", [dict])
    # Sphinx's TocTreeCollector assigns the global numbers at the default priority (500).
    app.connect("env-get-updated", _on_env_get_updated, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
