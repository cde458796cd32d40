"""ionlib: the physics behind the book "Quantum effects in ion-channel transport, reproduced".

Paper A (Zhou et al. 2026): filter potential, exact 1D transmission, wave packets, thermal current.
Paper B (Polakowski & Panfil): soft knock-on models, naive and adjusted Lindblad dynamics, coherence.

Layout: :mod:`ionlib.filter` (Paper A physics), :mod:`ionlib.knockon` (Paper B physics),
:mod:`ionlib.ledger` (claims and verdicts), :mod:`ionlib.figures` (style, plots and page numbers);
:mod:`ionlib.constants` and :mod:`ionlib.ions` at the top. The public API is listed in ``__all__``
and importable from ``ionlib`` directly; see the book's API reference for units.
"""
from .constants import thermal_energy_eV
from .ions import Ion, POTASSIUM, SODIUM, get_ion

__version__ = "0.1.0"

__all__ = ["Ion", "POTASSIUM", "SODIUM", "get_ion", "thermal_energy_eV"]

# --- Paper A physics (ionlib.filter) ---
from .filter.potential import filter_potential  # Paper A V_eff (eV)
from .filter.transmission import transmission, log10_transmission  # exact 1D transmission
from .filter.thermal import nernst_potential, reversal_potential, thermal_current  # thermal current (Eq. 4)
from .filter.conductance import conductance_pS  # conductance (Eq. 5)
__all__ += ["filter_potential", "transmission", "log10_transmission", "nernst_potential",
            "reversal_potential", "thermal_current", "conductance_pS"]
from .filter.floquet import driven_transmission  # Floquet scattering under a periodic drive (Fig. A6)
from .filter.driven_current import driven_thermal_current  # thermal current under a THz field (Fig. A6)
__all__ += ["driven_transmission", "driven_thermal_current"]

# --- Paper B physics (ionlib.knockon) ---
from .knockon.models import (soft_knock_on, exceptional_point, effective_hamiltonian,  # noqa: E402
                       cardano_eigenvalues, current_per_s)
from .knockon.lindblad import (evolve, stationary_state, NoStationaryStateError,  # noqa: E402
                       maximally_coherent_state, scan_stationary, naive_threshold)
from .knockon.coherence import relative_entropy_coherence, l1_coherence  # noqa: E402
__all__ += ["soft_knock_on", "evolve", "stationary_state", "relative_entropy_coherence",
            "l1_coherence", "exceptional_point", "effective_hamiltonian", "cardano_eigenvalues",
            "current_per_s", "NoStationaryStateError", "maximally_coherent_state",
            "scan_stationary", "naive_threshold"]
from .knockon.cycle import hard_knock_on, configuration_cycle  # noqa: E402  (Fig. B9)
from .knockon.chain import ion_chain  # noqa: E402  (Fig. B9)
__all__ += ["hard_knock_on", "configuration_cycle", "ion_chain"]
