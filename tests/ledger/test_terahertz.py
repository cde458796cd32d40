"""Claims of Paper A about THz fields (Fig. A6): registered, computed, with valid verdicts."""
import pytest

from ionlib.ledger import registry as claims
from ionlib.ledger import terahertz as thz
from claim_checks import check_claim

IDS = ["A6-THz-resonances", "A6-THz-modulation"]
SUFFIXES = ("", "_off")          # V_int on (the book's default) and off


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
        for sfx in SUFFIXES:
            # second order in the field: a decade in E0 is two decades in Delta I / I
            assert n[f"max_dI_over_I_{ion}{sfx}_1e+06"] == pytest.approx(100 * n[f"max_dI_over_I_{ion}{sfx}_1e+05"],
                                                                         rel=1e-9)
            # the strongest resonance is at least as strong as anything in the band
            assert n[f"fundamental_dI_over_I_{ion}{sfx}_1e+06"] >= n[f"max_dI_over_I_{ion}{sfx}_1e+06"] * (1 - 1e-12)
    efficient = max(n[f"max_dI_over_I_{ion}{sfx}_1e+06"] for ion in ("K+", "Na+") for sfx in SUFFIXES) \
        >= thz.EFFICIENT_DI_OVER_I
    assert (out.verdict == claims.REPRODUCED_UNDER_ASSUMPTION) == efficient
    assert n["low_over_band_min"] > 1.0          # a slow field does more than a matched one


def test_resonance_verdict_follows_the_numbers():
    out = check_claim("A6-THz-resonances")[1]
    n = out.numbers
    resonant = all(n[f"n_resonances_{ion}"] >= 1 for ion in ("K+", "Na+"))
    assert (out.verdict == claims.REPRODUCED_UNDER_ASSUMPTION) == resonant
    for ion in ("K+", "Na+"):
        for sfx in SUFFIXES:
            # the strongest resonance sits near twice the spacing of the static Fabry-Perot comb
            ratio = n[f"fundamental_{ion}{sfx}_THz"] / n[f"comb_spacing_{ion}{sfx}_THz"]
            assert 1.7 < ratio < 2.1
            if n[f"n_resonances_{ion}{sfx}"]:
                first = n[f"first_resonance_{ion}{sfx}_THz"] / n[f"fundamental_{ion}{sfx}_THz"]
                assert first > 0.99 and abs(first - round(first)) < 0.25    # near a multiple of f1
