"""Paper B physics (Polakowski & Panfil): knock-on models, Lindblad dynamics and coherence.

Modules: :mod:`~ionlib.knockon.models` (Hamiltonians, jump operators, exceptional point),
:mod:`~ionlib.knockon.lindblad` (naive and adjusted evolution, spectral stationary state),
:mod:`~ionlib.knockon.coherence` (relative-entropy and l1 coherence),
:mod:`~ionlib.knockon.cycle` (general configuration cycles, the hard knock-on cycle),
:mod:`~ionlib.knockon.chain` (the Vaziri–Plenio tight-binding chain).
"""
