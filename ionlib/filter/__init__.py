"""Paper A physics (Zhou et al. 2026): the filter landscape, stationary transmission, wave packets,
the thermal current and the conductance.

Modules: :mod:`~ionlib.filter.potential` (landscape), :mod:`~ionlib.filter.transmission`
(stationary transmission), :mod:`~ionlib.filter.exact` (closed-form references),
:mod:`~ionlib.filter.wavepacket` (time-dependent solver), :mod:`~ionlib.filter.packet_analysis`
(Fig. A2 runs and spectral averages), :mod:`~ionlib.filter.energy_grid` (thermal energy grids),
:mod:`~ionlib.filter.thermal` (thermal current), :mod:`~ionlib.filter.conductance` (Eq. 5).
"""
