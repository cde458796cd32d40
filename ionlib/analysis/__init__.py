"""Numbers the book's pages and the claims ledger show that are not the papers' physics itself:
convergence and accuracy studies, figure presets, scans and summaries built on :mod:`ionlib.filter`
and :mod:`ionlib.knockon`. No plotting here (that is :mod:`ionlib.figures`).

Modules: :mod:`~ionlib.analysis.transport` (Figs A1, A3: landscape numbers, transmission curves,
convergence), :mod:`~ionlib.analysis.packets` (Fig. A2: wave-packet runs, spectral averages,
timescales, effective mass), :mod:`~ionlib.analysis.current` (Figs A4, A5: grid convergence and
accuracy of the thermal integral), Fig. A6 (frequency scans of the driven filter):
:mod:`~ionlib.analysis.terahertz_scans` (computing them), :mod:`~ionlib.analysis.terahertz_peaks`
(resolving and reading their peaks), :mod:`~ionlib.analysis.terahertz_data` (the precomputed file,
its accuracy and spot checks), :mod:`~ionlib.analysis.terahertz_precompute` (writing it;
``python -m ionlib.analysis.terahertz``), Fig. A7 (the parameter map):
:mod:`~ionlib.analysis.parameter_map`, :mod:`~ionlib.analysis.map_dataset`,
:mod:`~ionlib.analysis.map_search`, :mod:`~ionlib.analysis.map_analysis`,
:mod:`~ionlib.analysis.map_answers`; :mod:`~ionlib.analysis.provenance` (the datasets' code hash),
:mod:`~ionlib.analysis.knock_on` (Figs B2-B8: Paper B's
parameter set and scans), :mod:`~ionlib.analysis.hard_knock_on` (Fig. B9).
"""
