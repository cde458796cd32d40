"""Paper A physics (Zhou et al. 2026): the filter landscape, stationary transmission, wave packets,
the thermal current and the conductance.

Modules: :mod:`~ionlib.filter.potential` (landscape), :mod:`~ionlib.filter.transmission`
(stationary transmission), :mod:`~ionlib.filter.exact` (closed-form references),
:mod:`~ionlib.filter.wavepacket` (time-dependent solver), :mod:`~ionlib.filter.packet_analysis`
(Fig. A2 runs and spectral averages), :mod:`~ionlib.filter.energy_grid` (thermal energy grids),
:mod:`~ionlib.filter.thermal` (thermal current), :mod:`~ionlib.filter.conductance` (Eq. 5),
:mod:`~ionlib.filter.floquet` (Floquet scattering of the driven filter), :mod:`~ionlib.filter.floquet_sweep`
(its pieces, sideband mixing and reflection-matrix sweep),
:mod:`~ionlib.filter.floquet_average` (Floquet transmissions averaged over the resonance comb),
:mod:`~ionlib.filter.driven_current` (thermal current under a THz field).
"""
