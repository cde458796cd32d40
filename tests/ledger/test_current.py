"""Claims of Paper A, Figs 4–5 (thermal current): registered, computed, with valid verdicts."""
import pytest

from ionlib.ledger import registry as claims
from claim_checks import check_claim

IDS = ["A4-Urev-Na", "A4-Urev-K", "A4-Nernst", "A4-Eq4", "A5-gNa", "A5-gK", "A5-enh-Na",
       "A5-enh-K", "A5-subbarrier"]


def test_provider_is_listed_and_claims_registered():
    assert "ionlib.ledger.current" in claims._PROVIDERS
    ids = {c.id for c in claims.all_claims()}
    assert set(IDS) <= ids


@pytest.mark.parametrize("cid", IDS)
def test_claim_evaluates_with_valid_verdict(cid):
    check_claim(cid)


def test_reversal_claims_are_nernst_and_name_the_needed_ratio():
    out = check_claim("A4-Urev-Na")[1]
    n = out.numbers
    assert abs(n["U_rev_quantum_mV"] - n["U_nernst_mV"]) < 1e-4
    assert abs(n["U_rev_classical_mV"] - n["U_nernst_mV"]) < 1e-4
    assert 6.4 < n["ratio_needed_310K"] < 6.6
    assert out.verdict == claims.NOT_DETERMINABLE


def test_literal_reading_never_reverses():
    out = check_claim("A4-Eq4")[1]
    assert out.numbers["literal_sign_changes"] == 0 and out.numbers["literal_I_min_pA_per_nm2"] > 0


def test_calibration_reproduces_na_by_construction():
    out = check_claim("A5-gNa")[1]
    assert out.numbers["g_quantum_pS"] == pytest.approx(21.6)
    assert out.numbers["area_nm2"] > 0
