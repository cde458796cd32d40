"""The claims ledger: every claim links to a notebook of the book and carries a valid verdict."""
import csv
import json
from pathlib import Path

import pytest

from ionlib.ledger import registry as claims

from ionlib.ledger import export as ledger
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def rows():
    """The ledger's rows without evaluating the claims (each claim module's tests evaluate its
    claims and check the verdicts; the ledger page evaluates them all when it is executed)."""
    outcome = {"our_value": "1 pS", "verdict": claims.NOT_DETERMINABLE, "detail": "d", "numbers": {"x": 1.0}}
    return [{"id": c.id, "paper": c.paper, "figure": c.figure, "claim": c.claim,
             "paper_value": c.paper_value, "assumption": c.assumption, "notebook": c.notebook, **outcome}
            for c in claims.all_claims()]


def test_every_claim_links_to_a_notebook_in_the_book(rows):
    toc = (ROOT / "_toc.yml").read_text()
    for r in rows:
        assert (ROOT / "book" / f"{r['notebook']}.md").exists(), f"{r['id']}: {r['notebook']} missing"
        assert f"book/{r['notebook']}" in toc, f"{r['id']}: {r['notebook']} not in _toc.yml"


def test_ids_are_unique_and_every_claim_is_described(rows):
    assert len({r["id"] for r in rows}) == len(rows) >= 30
    assert all(r["paper"] in ("A", "B") and r["claim"] and r["paper_value"] for r in rows)


def test_exports_round_trip(rows, tmp_path):
    data = json.loads(ledger.write_json(rows, tmp_path / "l.json").read_text())
    assert [d["id"] for d in data] == [r["id"] for r in rows]
    with open(ledger.write_csv(rows, tmp_path / "l.csv"), newline="") as fh:
        table = list(csv.DictReader(fh))
    assert [t["verdict"] for t in table] == [r["verdict"] for r in rows]


def test_summary_counts_add_up():
    fake = [{"paper": "A", "verdict": claims.REPRODUCED}, {"paper": "A", "verdict": claims.NOT_REPRODUCED},
            {"paper": "B", "verdict": claims.NOT_REPRODUCED}]
    counts = ledger.verdict_counts(fake)
    assert counts["A"][claims.REPRODUCED] == 1 and counts["B"][claims.NOT_REPRODUCED] == 1
    assert sum(counts["A"].values()) == 2 and set(counts["B"]) == set(claims.VERDICTS)
    assert "| **total** | 2 | 1 |" in ledger.summary_markdown(fake)


def _row(**fields):
    row = dict(id="X", paper="A", figure="Fig. 1", claim="c", paper_value="1", our_value="2",
               verdict=claims.REPRODUCED, detail="", assumption="", notebook="scales")
    return {**row, **fields}


def test_every_verdict_has_its_own_badge_and_the_stylesheet_uses_its_colour():
    css = (ROOT / "book" / "_static" / "ledger.css").read_text()
    slugs, colours = set(), set()
    for verdict in claims.VERDICTS:
        slug, symbol, colour = ledger.VERDICT_BADGES[verdict]
        badge = ledger.badge_html(verdict)
        assert f'class="verdict-badge verdict-{slug}"' in badge and verdict in badge and symbol in badge
        assert f".verdict-{slug} {{ background-color: {colour}; }}" in css
        slugs.add(slug)
        colours.add(colour.lower())
    assert len(slugs) == len(colours) == len(claims.VERDICTS) == 4
    with pytest.raises(ValueError, match="verdict"):
        ledger.badge_html("plausible")


def test_summary_counts_link_to_their_groups_of_rows():
    fake = [_row(id="A1", verdict=claims.NOT_REPRODUCED), _row(id="A2", verdict=claims.NOT_REPRODUCED),
            _row(id="B1", paper="B", verdict=claims.REPRODUCED_UNDER_ASSUMPTION, assumption="w")]
    summary = ledger.summary_markdown(fake)
    page = ledger.ledger_markdown(fake, "A") + ledger.ledger_markdown(fake, "B")
    for paper, verdict, n in (("A", claims.NOT_REPRODUCED, 2), ("B", claims.REPRODUCED_UNDER_ASSUMPTION, 1)):
        anchor = ledger.group_anchor(paper, verdict)
        assert f"[{n}](#{anchor})" in summary
        assert f":name: {anchor}" in page                      # the link has a target ...
        assert page.count(ledger.badge_html(verdict)) == n + 1  # ... a rubric and one badge a row
    # a zero count links nowhere, and no group is rendered for it
    assert ledger.group_anchor("A", claims.REPRODUCED) not in summary + page
    assert "| **total** | 2 | 1 |" in summary


def test_long_explanation_is_folded_under_why():
    page = ledger.ledger_markdown([_row(verdict=claims.NOT_REPRODUCED, detail="long reason",
                                        assumption="a choice")], "A")
    folded = page.split("<details><summary>why</summary>", 1)[1].split("</details>", 1)[0]
    assert "long reason" in folded and "*Assumption:* a choice" in folded
    assert "long reason" not in page.replace(folded, "")
    assert "<details>" not in ledger.ledger_markdown([_row()], "A")   # nothing to explain


def test_markdown_escapes_markup_in_claim_text():
    row = _row(claim="a|b <script>x</script> $y$ *z*", paper_value="-1. V", detail="P < 1e-3")
    page = ledger.ledger_markdown([row], "A")
    assert "a\\|b \\<script\\>x\\</script\\> \\$y\\$ \\*z\\*" in page
    assert "<script>" not in page and "  - \\-1\\. V" in page and "P \\< 1e\\-3" in page
    assert "[](scales.md)" in page
    plain = ledger.filter_markdown([row], "A")
    assert "a\\|b" in plain and plain.count("\n") == 2   # header, rule, one row
