"""Ion species of Paper A: the real ionic masses (SPEC §2) and charge numbers."""
from dataclasses import dataclass

import ionlib._validate as check
from .constants import AMU_KG


@dataclass(frozen=True)
class Ion:
    """A monovalent or multivalent ion.

    Attributes
    ----------
    name : str
        Chemical symbol, e.g. ``"K+"``.
    mass_amu : float
        Mass in unified atomic mass units (u).
    charge : int
        Charge number Z (charge in units of the elementary charge e).
    """

    name: str
    mass_amu: float
    charge: int

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name:
            raise check.ArgumentTypeError(f"name must be a non-empty string, got {self.name!r}")
        object.__setattr__(self, "mass_amu", check.positive("mass_amu", self.mass_amu, "u", upper=1e4))
        charge = check.count("charge", self.charge, -10, 10)
        if charge == 0:
            raise ValueError("charge must be a non-zero integer in [-10, 10] (units of e), got 0")
        object.__setattr__(self, "charge", charge)

    @property
    def mass_kg(self) -> float:
        """Mass in kg."""
        return self.mass_amu * AMU_KG

    def with_mass_factor(self, factor: float) -> "Ion":
        """A copy of this ion whose mass is multiplied by ``factor`` (for effective-mass studies)."""
        factor = check.positive("factor", factor, upper=1e4)
        return Ion(f"{self.name} (m×{factor:g})", self.mass_amu * factor, self.charge)


#: Potassium ion K⁺, standard atomic weight 39.0983 u.
POTASSIUM = Ion("K+", 39.0983, 1)
#: Sodium ion Na⁺, standard atomic weight 22.98977 u.
SODIUM = Ion("Na+", 22.98977, 1)

IONS = {"K+": POTASSIUM, "Na+": SODIUM}


def get_ion(ion) -> Ion:
    """Return an :class:`Ion` from an ``Ion`` or one of the names ``"K+"``, ``"Na+"``."""
    if isinstance(ion, Ion):
        return ion
    try:
        return IONS[ion]
    except (KeyError, TypeError):
        raise ValueError(f"ion must be an ionlib.Ion or one of {sorted(IONS)}, got {ion!r}") from None
