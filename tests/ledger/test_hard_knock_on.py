"""Fig. B9 claims (Paper B's closing suggestion): registered, computed, with verdicts, and their
numbers re-derived here independently where cheap."""
from functools import lru_cache

import numpy as np
import pytest

import ionlib
from ionlib.analysis import hard_knock_on as hk
from ionlib.ledger import hard_knock_on as b9
from ionlib.ledger import registry as claims
from claim_checks import check_claim

IDS = list(b9.GENERIC)
W = 1e8


@lru_cache(maxsize=None)
def _out(cid):
    """check_claim once per claim in this module; the tests below reuse its outcome."""
    return check_claim(cid)[1]


def test_provider_listed_and_claims_registered():
    assert "ionlib.ledger.hard_knock_on" in claims._PROVIDERS
    registered = {c.id: c for c in claims.all_claims()}
    assert set(IDS) <= set(registered)
    for cid in IDS:
        c = registered[cid]
        assert c.paper == "B" and c.notebook == "paper_b/fig_b9_hard_knock_on"
        assert c.claim.endswith(b9.GENERIC_NOTE) == b9.GENERIC[cid]


@pytest.mark.parametrize("cid", IDS)
def test_claims_link_existing_notebooks_and_have_valid_verdicts(cid):
    _out(cid)


def test_exceptional_point_is_where_the_quartic_has_a_double_root():
    n = _out("B9-hard-exceptional-point").numbers
    c = n["c_ep_hard_over_omega0"]
    # det(λ − H) = (λ² − 9/4)(λ² − 1/4) − c⁴ (ω₀ = 1): a double root at λ = 0 needs c⁴ = 9/16
    assert c ** 4 == pytest.approx(9 / 16, rel=1e-12)
    assert n["c_ep_soft_over_omega0"] == pytest.approx((4 / 27) ** (1 / 6), rel=1e-12)


def test_first_regime_current_against_a_direct_evaluation():
    n = _out("B9-hard-first-regime").numbers
    m = ionlib.hard_knock_on(1e7, W, 2e7)
    rho = ionlib.stationary_state(m)
    assert abs(1e7 * rho[3, 3].real / 1e7 - 1) <= n["max_dev_hard"] + 1e-12
    assert n["max_dev_hard"] < 0.01 and n["max_dev_soft"] < 0.01


def test_high_current_point_reaches_the_physiological_rate():
    n = _out("B9-hard-high-current-coherence").numbers
    for mech in ("hard", "soft"):
        m = hk.model(mech, n[f"c_{mech}_per_s"])
        rho = ionlib.stationary_state(m)
        assert ionlib.current_per_s(m, rho) == pytest.approx(hk.PHYSIOLOGICAL_RATE_PER_S, rel=1e-6)
        assert ionlib.relative_entropy_coherence(rho, normalized=True) == pytest.approx(
            n[f"C_{mech}"], rel=1e-9)
    # the rate is reached above the exceptional point, not in the first regime
    assert n["c_hard_per_s"] > hk.exceptional_points()["hard"]


def test_noise_raises_current_and_lowers_coherence():
    n = _out("B9-hard-noise-roles").numbers
    for mech in ("hard", "soft"):
        assert n[f"I_over_c_low_{mech}"] < n[f"I_over_c_high_{mech}"] <= 1 + 1e-9
        assert n[f"C_low_{mech}"] > n[f"C_high_{mech}"]


def test_discriminate_numbers():
    out = _out("B9-discriminate")
    n = out.numbers
    assert out.verdict == claims.NOT_DETERMINABLE
    assert n["soft_has_local_max"] == 0.0
    # hard four-cycle: a local maximum of I(∞) below c_EP, then a dip near it
    assert n["c_max_hard_per_s"] < n["c_dip_hard_per_s"] < 1.2 * n["c_ep_hard_per_s"]
    assert n["I_dip_hard_per_s"] < n["I_max_hard_per_s"]
    for f in (0.97, 1.03):
        assert hk.stationary_observables("hard", f * n["c_max_hard_per_s"])["I_per_s"] < \
            n["I_max_hard_per_s"]
    # occupancy: two ions in S1–S4 for every soft configuration, three or four for hard ones
    assert n["N_soft_min"] == pytest.approx(2) and n["N_soft_max"] == pytest.approx(2)
    assert 3 - 1e-9 <= n["N_hard_min"] < n["N_hard_max"] <= 4


def test_chain_optimum_is_a_maximum_and_ordered_chain_has_none():
    n = _out("B9-chain-dephasing-assisted").numbers
    g = n["gamma_opt_per_s"]
    I_opt = hk.chain_current(g)
    assert I_opt == pytest.approx(n["I_opt_per_s"], rel=1e-9)
    assert hk.chain_current(0.8 * g) < I_opt and hk.chain_current(1.25 * g) < I_opt
    assert n["I_zero_per_s"] == pytest.approx(hk.chain_current(0.0), rel=1e-12)
    ordered = [hk.chain_current(x, disordered=False) for x in (0.0, 1e6, 1e8, 1e10)]
    assert np.all(np.diff(ordered) < 0)
    assert n["ordered_monotone"] == 1.0


def test_outcome_rejects_unknown_id():
    with pytest.raises(ValueError, match="claim_id"):
        claims.outcome("B9-nothing")
