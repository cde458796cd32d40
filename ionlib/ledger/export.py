"""Render and export the claims ledger (see :mod:`ionlib.ledger.registry`).

Rows come from :func:`ionlib.ledger.registry.evaluate_all`: one dict per claim with the claim's fields
(``id, paper, figure, claim, paper_value, assumption, notebook``) and the outcome's fields
(``our_value, verdict, detail, numbers``), and ``map_answer``: what the parameter map of Fig. A7
says about the claim ("" where it does not bear on it).
"""
from __future__ import annotations

import csv
import html
import json
import math
import re
from collections import Counter
from pathlib import Path

from .registry import (NOT_DETERMINABLE, NOT_REPRODUCED, REPRODUCED, REPRODUCED_UNDER_ASSUMPTION,
                       VERDICTS)

PAPERS = {"A": "Zhou et al. 2026", "B": "Polakowski & Panfil"}
CSV_COLUMNS = ("id", "paper", "figure", "claim", "paper_value", "our_value", "verdict",
               "assumption", "detail", "notebook", "map_answer")
#: The page of the parameter map (relative to ``book/``), linked from each map answer.
MAP_NOTEBOOK = "paper_a/fig_a7_what_would_it_take"


def verdict_counts(rows) -> dict:
    """``{paper: {verdict: count}}`` with every verdict present (zeros included)."""
    counts = {p: Counter() for p in PAPERS}
    for row in rows:
        counts[row["paper"]][row["verdict"]] += 1
    return {p: {v: counts[p][v] for v in VERDICTS} for p in PAPERS}


#: Each verdict's badge: (CSS class suffix, symbol, background colour). Okabe–Ito colours
#: (colour-blind-safe), black text on each (contrast 5.4:1 or more), the same in light and dark
#: theme; the symbol tells the verdicts apart without colour. book/_static/ledger.css draws them.
VERDICT_BADGES = {
    REPRODUCED: ("reproduced", "✓", "#009E73"),
    REPRODUCED_UNDER_ASSUMPTION: ("assumption", "✓*", "#56B4E9"),
    NOT_REPRODUCED: ("not-reproduced", "✗", "#D55E00"),
    NOT_DETERMINABLE: ("not-determinable", "?", "#BBBBBB"),
}

# Markdown punctuation that could start markup (emphasis, links, roles, maths, HTML, lists, tables).
_MARKUP = re.compile(r"([\\`*_\[\]{}()<>#+\-.!|$~^&:=])")


def _cell(text) -> str:
    """Make text literal inside a MyST Markdown table cell or list-table item: one line, every
    markup character backslash-escaped (so ``<``, ``|``, ``$``, ``*`` show as typed)."""
    return _MARKUP.sub(r"\\\1", " ".join(str(text).split()))


def badge_html(verdict: str) -> str:
    """The verdict as a coloured badge (inline HTML; class ``verdict-badge verdict-<slug>``)."""
    if verdict not in VERDICT_BADGES:
        raise ValueError(f"verdict must be one of {VERDICTS}, got {verdict!r}")
    slug, symbol, _ = VERDICT_BADGES[verdict]
    return (f'<span class="verdict-badge verdict-{slug}">'
            f'<span aria-hidden="true">{html.escape(symbol)}</span> {html.escape(verdict)}</span>')


def group_anchor(paper: str, verdict: str) -> str:
    """The id of the ledger's group of rows of one paper with one verdict (``ledger-a-assumption``)."""
    return f"ledger-{paper.lower()}-{VERDICT_BADGES[verdict][0]}"


def summary_markdown(rows) -> str:
    """A small Markdown table: verdict badges and counts per paper; each non-zero count links to
    that paper's group of rows with that verdict (see :func:`ledger_markdown`)."""
    counts = verdict_counts(rows)
    head = "| verdict | " + " | ".join(f"Paper {p} ({name})" for p, name in PAPERS.items()) + " |"
    lines = [head, "|---|" + "---:|" * len(PAPERS)]
    for v in VERDICTS:
        cells = [f"[{counts[p][v]}](#{group_anchor(p, v)})" if counts[p][v] else "0" for p in PAPERS]
        lines.append(f"| {badge_html(v)} | " + " | ".join(cells) + " |")
    lines.append("| **total** | " + " | ".join(str(sum(counts[p].values())) for p in PAPERS) + " |")
    return "\n".join(lines)


def _why(row) -> list[str]:
    """Block Markdown of a row's expandable explanation: the detail and the assumption."""
    parts = [_cell(row["detail"])] if row["detail"] else []
    if row["assumption"]:
        parts.append("*Assumption:* " + _cell(row["assumption"]))
    if not parts:
        return []
    return ["<details><summary>why</summary>", "", *[p + "\n" for p in parts], "</details>"]


def ledger_markdown(rows, paper: str) -> str:
    """The ledger of one paper as MyST Markdown for the book page: one list-table per verdict,
    headed by a rubric whose id is :func:`group_anchor`. Each row: the claim (figure, id, link to
    the page that shows it), the paper's value, ours (with the parameter map's answer under it where
    the map bears on the claim), the verdict badge and, folded under "why",
    the reason for the verdict and the assumption it rests on."""
    blocks = []
    for verdict in VERDICTS:
        picked = [r for r in rows if r["paper"] == paper and r["verdict"] == verdict]
        if not picked:
            continue
        n = len(picked)
        blocks += [f"::::{{rubric}} {badge_html(verdict)} Paper {paper}: {n} claim{'s' * (n != 1)}",
                   f":name: {group_anchor(paper, verdict)}", "::::", "",
                   ":::::{list-table}", ":header-rows: 1", ":class: ledger-table",
                   ":widths: 36 14 32 18", "",
                   "* - claim", "  - paper says", "  - we find", "  - verdict"]
        for r in picked:
            cells = [f"**{_cell(r['figure'])}**: {_cell(r['claim'])}",
                     f"<code>{html.escape(r['id'])}</code> · [](" + r["notebook"] + ".md)"]
            blocks.append("* - " + cells[0])
            blocks += ["", "    " + cells[1], ""]
            blocks.append("  - " + _cell(r["paper_value"]))
            blocks.append("  - " + _cell(r["our_value"]))
            if r.get("map_answer"):        # under our number: what the map finds over the whole box
                blocks += ["", f"    **Parameter map** ([Fig. A7]({MAP_NOTEBOOK}.md)): " + _cell(r["map_answer"])]
            blocks.append("  - " + badge_html(r["verdict"]))
            blocks += [("    " + line) if line else "" for line in ["", *_why(r)]]
        blocks += [":::::", ""]
    return "\n".join(blocks)


def filter_markdown(rows, paper: str) -> str:
    """One paper's rows as a plain Markdown table with badges (for the live filter panel: Jupyter
    front ends render it without MyST directives)."""
    lines = ["| claim | paper says | we find | verdict | why |", "|---|---|---|---|---|"]
    for r in rows:
        if r["paper"] == paper:
            why = " ".join(filter(None, [_cell(r["detail"]),
                                         r["assumption"] and "Assumption: " + _cell(r["assumption"]),
                                         r.get("map_answer") and "Parameter map: " + _cell(r["map_answer"])]))
            lines.append(f"| **{_cell(r['figure'])}**: {_cell(r['claim'])} | {_cell(r['paper_value'])}"
                         f" | {_cell(r['our_value'])} | {badge_html(r['verdict'])} | {why} |")
    return "\n".join(lines)


def _plain(value):
    """JSON-safe copy: numpy scalars to Python numbers, NaN/inf to strings."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def write_json(rows, path) -> Path:
    """Write the ledger (including the raw ``numbers``) as JSON; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(_plain(list(rows)), indent=2, ensure_ascii=False))
    return path


def write_csv(rows, path) -> Path:
    """Write the ledger (text columns only) as CSV; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: r.get(k, "") for k in CSV_COLUMNS})
    return path
