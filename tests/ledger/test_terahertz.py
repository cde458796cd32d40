"""Claims of Paper A about THz fields (Fig. A6): registered, computed, with valid verdicts."""
import pytest

from ionlib.ledger import registry as claims
from ionlib.ledger import terahertz as thz
from claim_checks import check_claim

IDS = ["A6-THz-resonances", "A6-THz-modulation"]


def test_provider_is_listed_and_claims_registered():
    assert "ionlib.ledger.terahertz" in claims._PROVIDERS
    assert set(IDS) <= {c.id for c in claims.all_claims()}


@pytest.mark.parametrize("cid", IDS)
def test_claim_evaluates_with_valid_verdict(cid):
    check_claim(cid)


def test_modulation_verdict_follows_the_numbers():
    out = check_claim("A6-THz-modulation")[1]
    n = out.numbers
    for ion in ("K+", "Na+"):
        # second order in the field: a decade in E0 is two decades in Delta I / I
        assert n[f"max_dI_over_I_{ion}_1e+06"] == pytest.approx(100 * n[f"max_dI_over_I_{ion}_1e+05"], rel=1e-9)
    efficient = max(n[f"max_dI_over_I_{ion}_1e+06"] for ion in ("K+", "Na+")) >= thz.EFFICIENT_DI_OVER_I
    assert (out.verdict == claims.REPRODUCED_UNDER_ASSUMPTION) == efficient
    assert n["low_over_band_min"] > 1.0          # a slow field does more than a matched one


def test_resonance_verdict_follows_the_numbers():
    out = check_claim("A6-THz-resonances")[1]
    n = out.numbers
    resonant = all(n[f"n_resonances_{ion}"] >= 1 for ion in ("K+", "Na+"))
    assert (out.verdict == claims.REPRODUCED_UNDER_ASSUMPTION) == resonant
    if resonant:   # the resonances sit at multiples of the Fabry-Perot spacing of the static comb
        for ion in ("K+", "Na+"):
            ratio = n[f"first_resonance_{ion}_THz"] / n[f"comb_spacing_{ion}_THz"]
            assert abs(ratio - round(ratio)) < 0.25
