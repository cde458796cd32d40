"""Physical constants used throughout :mod:`ionlib`, taken from :mod:`scipy.constants` (CODATA).

Everything is SI unless the name says otherwise.
"""
from scipy import constants as _sc

from ._validate import positive

HBAR_J_S = _sc.hbar                      #: reduced Planck constant, J s
H_J_S = _sc.h                            #: Planck constant, J s
E_CHARGE_C = _sc.e                       #: elementary charge, C
K_B_J_PER_K = _sc.k                      #: Boltzmann constant, J/K
K_B_EV_PER_K = _sc.k / _sc.e             #: Boltzmann constant, eV/K
AMU_KG = _sc.physical_constants["atomic mass constant"][0]  #: atomic mass unit, kg
EPSILON0_F_PER_M = _sc.epsilon_0         #: vacuum permittivity, F/m
AVOGADRO_PER_MOL = _sc.N_A               #: Avogadro constant, 1/mol
EV_J = _sc.electron_volt                 #: one electronvolt, J
NM_M = _sc.nano                          #: one nanometre, m
PS_S = _sc.pico                          #: one picosecond, s


def thermal_energy_eV(T_K):
    """Thermal energy k_B T in eV at temperature ``T_K`` (kelvin)."""
    return K_B_EV_PER_K * positive("T_K", T_K, "K", upper=1e6)
