"""Foundation: constants, ions, style and the claims registry."""
import math

import matplotlib as mpl
import pytest
import scipy.constants as sc

import ionlib
from ionlib.ledger import registry as claims
from ionlib.constants import K_B_EV_PER_K, thermal_energy_eV
from ionlib.figures.style import BOOK_RC, COLORS, use_book_style


def test_ions_have_real_masses_and_unit_charge():
    assert ionlib.POTASSIUM.mass_amu == pytest.approx(39.0983)
    assert ionlib.SODIUM.mass_amu == pytest.approx(22.98977)
    assert ionlib.POTASSIUM.charge == ionlib.SODIUM.charge == 1
    assert ionlib.POTASSIUM.mass_kg == pytest.approx(39.0983 * sc.atomic_mass)


def test_get_ion_and_mass_factor():
    assert ionlib.get_ion("Na+") is ionlib.SODIUM
    heavy = ionlib.POTASSIUM.with_mass_factor(0.5)
    assert heavy.mass_amu == pytest.approx(0.5 * 39.0983) and heavy.charge == 1
    with pytest.raises(ValueError, match="ion must be"):
        ionlib.get_ion("Cl-")
    with pytest.raises(ValueError, match="factor"):
        ionlib.POTASSIUM.with_mass_factor(0)


def test_thermal_energy():
    assert thermal_energy_eV(300.0) == pytest.approx(sc.k * 300 / sc.e)
    assert K_B_EV_PER_K * 310 == pytest.approx(0.026714, rel=1e-4)
    for bad in (0, -1, math.nan):
        with pytest.raises(ValueError, match="T_K"):
            thermal_energy_eV(bad)


def test_style_is_applied():
    use_book_style()
    assert mpl.rcParams["font.size"] == BOOK_RC["font.size"]
    assert COLORS["quantum"] != COLORS["classical"]


def test_claim_registry_rejects_bad_verdicts_and_duplicates():
    with pytest.raises(ValueError, match="verdict"):
        claims.Outcome("1 pS", "probably fine")
    c = claims.Claim("TEST-x", "A", "Fig. 0", "a test", "1", "", "scales",
                     lambda: claims.Outcome("1", claims.REPRODUCED))
    claims.register(c)
    try:
        with pytest.raises(ValueError, match="registered twice"):
            claims.register(claims.Claim("TEST-x", "A", "", "", "", "", "", c.evaluate))
        with pytest.raises(ValueError, match="paper"):
            claims.register(claims.Claim("TEST-y", "C", "", "", "", "", "", c.evaluate))
    finally:
        claims._REGISTRY.pop("TEST-x")
