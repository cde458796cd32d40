"""Render and export the claims ledger (see :mod:`ionlib.ledger.registry`).

Rows come from :func:`ionlib.ledger.registry.evaluate_all`: one dict per claim with the claim's fields
(``id, paper, figure, claim, paper_value, assumption, notebook``) and the outcome's fields
(``our_value, verdict, detail, numbers``).
"""
from __future__ import annotations

import csv
import json
import math
from collections import Counter
from pathlib import Path

from .registry import VERDICTS

PAPERS = {"A": "Zhou et al. 2026", "B": "Polakowski & Panfil"}
CSV_COLUMNS = ("id", "paper", "figure", "claim", "paper_value", "our_value", "verdict",
               "assumption", "detail", "notebook")


def verdict_counts(rows) -> dict:
    """``{paper: {verdict: count}}`` with every verdict present (zeros included)."""
    counts = {p: Counter() for p in PAPERS}
    for row in rows:
        counts[row["paper"]][row["verdict"]] += 1
    return {p: {v: counts[p][v] for v in VERDICTS} for p in PAPERS}


def _cell(text) -> str:
    """Make text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def summary_markdown(rows) -> str:
    """A small Markdown table: verdict counts per paper."""
    counts = verdict_counts(rows)
    head = "| verdict | " + " | ".join(f"Paper {p} ({name})" for p, name in PAPERS.items()) + " |"
    lines = [head, "|---|" + "---|" * len(PAPERS)]
    for v in VERDICTS:
        lines.append(f"| {v} | " + " | ".join(str(counts[p][v]) for p in PAPERS) + " |")
    lines.append("| **total** | " + " | ".join(str(sum(counts[p].values())) for p in PAPERS) + " |")
    return "\n".join(lines)


def ledger_markdown(rows, paper: str) -> str:
    """The full ledger of one paper as a MyST Markdown table with links to the notebooks."""
    lines = ["| id | figure | claim | paper | ours | verdict | assumption | shown in |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        if r["paper"] != paper:
            continue
        link = f"[{r['notebook'].split('/')[-1]}]({r['notebook']}.md)"
        verdict = f"**{r['verdict']}**" + (f" — {_cell(r['detail'])}" if r["detail"] else "")
        lines.append("| " + " | ".join([
            r["id"], _cell(r["figure"]), _cell(r["claim"]), _cell(r["paper_value"]),
            _cell(r["our_value"]), verdict, _cell(r["assumption"] or "—"), link]) + " |")
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
            writer.writerow({k: r[k] for k in CSV_COLUMNS})
    return path
