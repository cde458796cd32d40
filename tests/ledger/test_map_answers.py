"""The parameter map's answers in the claims ledger (Fig. A7): generated from the committed dataset,
shown beside the verdicts of at least 8 Paper A rows, exported to JSON and CSV."""
import csv
import json

import numpy as np
import pytest

from ionlib.analysis import map_analysis as ma
from ionlib.analysis import map_answers as mans
from ionlib.analysis import parameter_map as pm
from ionlib.ledger import export as ledger
from ionlib.ledger import registry as claims

OLD_CSV_COLUMNS = ("id", "paper", "figure", "claim", "paper_value", "our_value", "verdict", "assumption",
                   "detail", "notebook")


def test_the_committed_dataset_answers_at_least_eight_paper_a_claims():
    answers = mans.answers()
    ids = {c.id: c for c in claims.all_claims()}
    assert set(answers) == set(mans.CLAIM_TARGETS) and len(answers) >= 8
    for cid, text in answers.items():
        assert ids[cid].paper == "A" and text and not text[0].islower(), cid
        assert claims.map_answer(cid) == text
    assert claims.map_answer("B2-unstable" if "B2-unstable" in ids else next(i for i in ids if i.startswith("B"))) == ""


def test_map_answers_are_exported_beside_the_verdict(tmp_path):
    base = dict(paper="A", figure="Fig. 5", claim="c", paper_value="1", our_value="2", verdict=claims.NOT_REPRODUCED,
                detail="d", assumption="", notebook="paper_a/fig_a5_conductance")
    rows = [dict(base, id="X1", map_answer="holds nowhere in the admissible box (closest: q/c = 1.9)"),
            dict(base, id="X2", map_answer="")]
    page = ledger.ledger_markdown(rows, "A")
    assert page.count("**Parameter map**") == 1 and f"]({ledger.MAP_NOTEBOOK}.md)" in page
    assert "holds nowhere in the admissible box \\(closest\\: q/c \\= 1\\.9\\)" in page
    assert "Parameter map: holds nowhere" in ledger.filter_markdown(rows, "A")
    data = json.loads(ledger.write_json(rows, tmp_path / "l.json").read_text())
    assert [d["map_answer"] for d in data] == [r["map_answer"] for r in rows]
    with open(ledger.write_csv(rows, tmp_path / "l.csv"), newline="") as fh:
        table = list(csv.DictReader(fh))
    assert tuple(table[0])[:len(OLD_CSV_COLUMNS)] == OLD_CSV_COLUMNS     # old columns unchanged, new at the end
    assert [t["map_answer"] for t in table] == [r["map_answer"] for r in rows]


def _cols(n=200, seed=0):
    rng = np.random.default_rng(seed)
    u = rng.uniform(size=(n, len(pm.AXES)))
    points = [ma.from_unit(r) for r in u]
    cols = {a.name: np.array([p[a.name] for p in points]) for a in pm.AXES}
    depth = cols["well_depth_eV"]
    cols.update(ratio_K_Na=np.full(n, 1.0), qc_K=1 + depth, qc_Na=1 + 20 * depth, share_K=2 * depth,
                share_Na=2 * depth, well_depth=depth)
    return cols


def test_sentences_for_nowhere_and_for_holds_only_if():
    cols = _cols()
    point = ma.from_unit(np.full(len(pm.AXES), 0.5))
    outputs = {"ratio_K_Na": 1.2, "qc_K": 1.0, "qc_Na": 1.0, "share_K": 0.1, "share_Na": 0.1, "well_depth": 0.1,
               "S_nm2": 0.2}
    meta = {"closest": {t: {"miss": 0.3, "point": point, "outputs": outputs} for t in ("ratio", "enh_Na")},
            "departures": {"mass": {"ratio": {"reached": False, "value": 1e-3}},
                           "depth": {"ratio": {"reached": True, "value": 0.72, "outputs_dense": {"ratio_K_Na": 4.0}}},
                           "rim": {"ratio": {"reached": True, "value": 2.0, "outputs_dense": {"ratio_K_Na": 1.0}}}}}
    text = mans.target_answer("ratio", cols, meta)
    assert text.startswith("holds nowhere in the admissible box (closest: g_K/g_Na with one S = 1.2 at rim")
    assert "it would take a well ≥ 0.72 eV deep" in text
    assert "not with m*/m down to 1e-3 or a rim up to 3 eV" in text          # the rim's result is not confirmed
    text = mans.target_answer("enh_Na", cols, meta)          # q/c Na >= 2.3 only where depth >= 0.065 eV
    assert text.startswith("holds only if well depth ≥ 0.0") and "% of the box)" in text
    assert "d ≤" not in text


def test_nernst_answer_says_where_the_box_puts_the_papers_reversal_potential():
    cols = {"Urev_Na_mV": np.array([40.0, 49.0, 53.0, 70.0]), "Na_out_mM": np.array([1.0, 7.0, 8.0, 9.0]),
            "Na_in_mM": np.ones(4)}
    text = mans.nernst_answer("Na", cols)
    assert "+50 ± 5 mV in 50 % of the box, where c_out/c_in = 7–8" in text and "(box: +40 to +70 mV)" in text
