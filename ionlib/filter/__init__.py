"""Paper A physics (Zhou et al. 2026): the filter landscape (a validated, hashable
:class:`~ionlib.filter.potential.Landscape` record), stationary transmission, wave packets,
the thermal current and the conductance.

Modules: :mod:`~ionlib.filter.potential` (landscape), :mod:`~ionlib.filter.transmission`
(stationary transmission), :mod:`~ionlib.filter.exact` (closed-form references),
:mod:`~ionlib.filter.wavepacket` (time-dependent solver), :mod:`~ionlib.filter.energy_grid` (thermal energy grids),
:mod:`~ionlib.filter.thermal` (thermal current), :mod:`~ionlib.filter.conductance` (Eq. 5),
:mod:`~ionlib.filter.floquet` (Floquet scattering of the driven filter; its internal modules
``_floquet_sweep`` (pieces, sideband mixing, reflection-matrix sweep, truncation check) and
``_floquet_average`` (Floquet transmissions averaged over the resonance comb) are not API),
:mod:`~ionlib.filter.driven_current` (thermal current under a THz field).
"""
