"""Paper B claims: every claim evaluates, links to an existing notebook, and its verdict follows
from quantities that we re-derive here independently where cheap."""
import numpy as np
import pytest

import ionlib
from ionlib.ledger import registry as claims
from ionlib.ledger import knock_on as claims_b
from ionlib.analysis import knock_on as ka
from ionlib.knockon.models import KnockOnModel, spin_matrices
from claim_checks import check_claim

B_CLAIMS = [c for c in claims.all_claims() if c.paper == "B"]


def test_claims_registered_with_unique_ids():
    ids = [c.id for c in B_CLAIMS]
    assert len(ids) == len(set(ids)) >= 12
    assert all(i.startswith("B") for i in ids)


@pytest.mark.parametrize("claim", B_CLAIMS, ids=lambda c: c.id)
def test_claim_evaluates_to_valid_outcome(claim):
    check_claim(claim.id)


def test_stability_threshold_consistent_with_direct_integration():
    c_star = claims.outcome("B2-stability").numbers["c_star_per_s"]
    t = np.linspace(0, 2e-5, 3)
    rho0 = ionlib.maximally_coherent_state(3)
    below = ionlib.evolve(ionlib.soft_knock_on(0.9 * c_star, 1e8, 0.5e7), rho0, t, "naive")
    above = ionlib.evolve(ionlib.soft_knock_on(1.1 * c_star, 1e8, 0.5e7), rho0, t, "naive")
    assert np.abs(below[-1]).max() < 2
    assert np.abs(above[-1]).max() > 10


def test_four_state_c_in_zero_is_three_state_with_spin_3_2_ladder():
    m4 = ionlib.soft_knock_on(1e7, 1e8, 0.5e7, states=4, c_in=0.0)
    Sm = spin_matrices(1.5)[2][1:, 1:]
    m3 = KnockOnModel(m4.H[1:, 1:], ((0.5e7, Sm),), ("1", "2", "3"), 1e7, 1e8, 0.5e7, 3)
    t = np.linspace(0, 2e-6, 41)
    rho0 = np.zeros((4, 4), complex)
    rho0[1:, 1:] = ionlib.maximally_coherent_state(3)
    e4 = ionlib.evolve(m4, rho0, t)
    e3 = ionlib.evolve(m3, ionlib.maximally_coherent_state(3), t)
    np.testing.assert_allclose(e4[:, 1:, 1:], e3, atol=1e-10)
    assert np.abs(e4[:, 0, :]).max() < 1e-12


def test_crossover_is_where_rho33_is_two_thirds():
    c = ka.crossover_c(0.5e7)
    p = ionlib.stationary_state(ionlib.soft_knock_on(c, 1e8, 0.5e7))[2, 2].real
    assert p == pytest.approx(2 / 3, abs=1e-6)


def test_outcome_rejects_unknown_id():
    with pytest.raises(ValueError, match="claim_id"):
        claims.outcome("B9-nothing")
