"""Claims of Paper A, Figs 4–5 (thermal current): registered, computed, with valid verdicts."""
from pathlib import Path

import pytest

pytest.importorskip("ionlib.potential")
pytest.importorskip("ionlib.transmission")

from ionlib import claims  # noqa: E402
import ionlib.claims_a_current as cac  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
IDS = ["A4-Urev-Na", "A4-Urev-K", "A4-Nernst", "A4-Eq4", "A5-gNa", "A5-gK", "A5-enh-Na",
       "A5-enh-K", "A5-subbarrier"]


def test_provider_is_listed_and_claims_registered():
    assert "ionlib.claims_a_current" in claims._PROVIDERS
    ids = {c.id for c in claims.all_claims()}
    assert set(IDS) <= ids


@pytest.mark.parametrize("cid", IDS)
def test_claim_evaluates_with_valid_verdict(cid):
    c = next(c for c in claims.all_claims() if c.id == cid)
    assert (ROOT / "book" / f"{c.notebook}.md").exists()
    out = c.evaluate()
    assert out.verdict in claims.VERDICTS and out.our_value and out.numbers


def test_reversal_claims_are_nernst_and_name_the_needed_ratio():
    out = next(c for c in claims.all_claims() if c.id == "A4-Urev-Na").evaluate()
    n = out.numbers
    assert abs(n["U_rev_quantum_mV"] - n["U_nernst_mV"]) < 1e-4
    assert abs(n["U_rev_classical_mV"] - n["U_nernst_mV"]) < 1e-4
    assert 6.4 < n["ratio_needed_310K"] < 6.6
    assert out.verdict == claims.NOT_DETERMINABLE


def test_literal_reading_never_reverses():
    out = next(c for c in claims.all_claims() if c.id == "A4-Eq4").evaluate()
    assert out.numbers["literal_sign_changes"] == 0 and out.numbers["literal_I_min_pA_per_nm2"] > 0


def test_calibration_reproduces_na_by_construction():
    out = next(c for c in claims.all_claims() if c.id == "A5-gNa").evaluate()
    assert out.numbers["g_quantum_pS"] == pytest.approx(21.6)
    assert out.numbers["area_nm2"] > 0
