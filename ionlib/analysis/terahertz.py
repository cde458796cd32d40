"""Fig. A6, the filter in a terahertz field: the numbers the page and the THz ledger rows show.

The work is split into modules with one job each:

- :mod:`~ionlib.analysis.terahertz_scans`: the scans' settings (ions, the two landscapes V_int
  on/off, the band, the energy grid and its stated accuracy) and computing the second-order
  response chi = (Delta I / I) / E0^2 in (m/V)^2, the independent reference route that checks it,
  and the exact sideband spectrum.
- :mod:`~ionlib.analysis.terahertz_peaks`: reading a scan: resolving its peaks, the resonances,
  the band summary and the spacing of the static Fabry–Pérot comb.
- :mod:`~ionlib.analysis.terahertz_data`: the precomputed data file: its provenance hash,
  loading, the accuracy against the reference, the before/after table and live spot checks.
- :mod:`~ionlib.analysis.terahertz_precompute`: the jobs that write the data file.

This module is the precompute's command: ``python -m ionlib.analysis.terahertz`` (the command
the data file's provenance records) runs :func:`ionlib.analysis.terahertz_precompute.main`.
"""

if __name__ == "__main__":
    from ionlib.analysis.terahertz_precompute import main

    main()
