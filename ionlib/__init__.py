"""ionlib: the physics behind the book "Quantum effects in ion-channel transport, reproduced".

Paper A (Zhou et al. 2026): filter potential, exact 1D transmission, wave packets, thermal current.
Paper B (Polakowski & Panfil): soft knock-on models, naive and adjusted Lindblad dynamics, coherence.

The public API is listed in ``__all__``; see the book's API reference for units.
"""
from .constants import thermal_energy_eV
from .ions import Ion, POTASSIUM, SODIUM, get_ion

__version__ = "0.1.0"

__all__ = ["Ion", "POTASSIUM", "SODIUM", "get_ion", "thermal_energy_eV"]

# --- Paper A (owned by the Paper A modules; add imports and __all__ entries here) ---

# --- Paper B (owned by the Paper B modules; add imports and __all__ entries here) ---
