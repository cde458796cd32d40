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


def test_markdown_escapes_pipes():
    row = dict(id="X", paper="A", figure="Fig. 1", claim="a|b", paper_value="1", our_value="2",
               verdict=claims.REPRODUCED, detail="", assumption="", notebook="scales")
    table = ledger.ledger_markdown([row], "A")
    assert "a\\|b" in table and "[scales](scales.md)" in table
