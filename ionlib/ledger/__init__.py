"""The claims ledger: the registry, the verdict vocabulary and the one registration idiom
(:mod:`~ionlib.ledger.registry`: ``register_table``, ``outcome``, ``evaluate_all``), the page and
JSON/CSV export (:mod:`~ionlib.ledger.export`), and one module of claims per figure group:
Paper A :mod:`~ionlib.ledger.transport` (Figs A1, A3), :mod:`~ionlib.ledger.wavepackets` (A2),
:mod:`~ionlib.ledger.current` (A4, A5), :mod:`~ionlib.ledger.terahertz` (A6); Paper B
:mod:`~ionlib.ledger.knock_on` (B1-B8), :mod:`~ionlib.ledger.hard_knock_on` (B9). The ledger
imports the physics and :mod:`ionlib.analysis`, never :mod:`ionlib.figures`."""
