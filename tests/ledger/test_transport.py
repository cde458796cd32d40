"""Claims of Paper A, Figs 1 and 3 (landscape, transmission): registered, computed, with verdicts."""
import pytest

from ionlib.ledger import registry as claims
from claim_checks import check_claim

IDS = ["A1-welldepth", "A3-threshold", "A3-sigmoid", "A3-tunnelling"]


def _out(cid):
    return check_claim(cid)[1]


def test_provider_listed_and_claims_registered():
    assert "ionlib.ledger.transport" in claims._PROVIDERS
    assert set(IDS) <= {c.id for c in claims.all_claims()}


@pytest.mark.parametrize("cid", IDS)
def test_claims_link_existing_notebooks_and_have_valid_verdicts(cid):
    check_claim(cid)


def test_well_depth():
    out = _out("A1-welldepth")
    n = out.numbers
    assert n["well_depth_eV"] == pytest.approx(0.0075 ** 2 / 0.03)
    assert n["edge_eV"] == pytest.approx(0.118125)
    assert n["z_min_nm"] == pytest.approx(0.5)
    assert out.verdict == claims.NOT_REPRODUCED


def test_threshold_velocities():
    n = _out("A3-threshold").numbers
    assert 760 < n["v_c_K_m_per_s"] < 767 and 990 < n["v_c_Na_m_per_s"] < 1000
    assert n["v_c_Na_m_per_s"] / n["v_c_K_m_per_s"] == pytest.approx((39.0983 / 22.98977) ** 0.5, rel=1e-9)
    assert n["v_c_K_smooth_m_per_s"] < n["v_c_K_m_per_s"]


def test_sigmoid_oscillates_with_abrupt_edges_and_is_a_step_when_smoothed():
    out = _out("A3-sigmoid")
    n = out.numbers
    assert n["dip_K"] > 0.3 and n["dip_Na"] > 0.3
    assert n["dip_K_smooth"] < 1e-3 and n["dip_Na_smooth"] < 1e-3
    assert n["rise_width_smooth_over_vc"] < 0.02 and n["onset_over_vc"] > 0.95
    assert out.verdict == claims.NOT_REPRODUCED


def test_tunnelling_is_negligible():
    out = _out("A3-tunnelling")
    n = out.numbers
    assert 1e-21 < n["T_1kT_K"] < 1e-19 and 1e-17 < n["T_1kT_Na"] < 1e-16
    assert n["T_1kT_avg_K"] > 1e3 * n["T_1kT_K"]            # resonances matter below the top
    assert n["T_1kT_avg_Na"] < 1e-7
    assert out.verdict == claims.NOT_REPRODUCED
