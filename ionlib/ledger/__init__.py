"""The claims ledger: the registry and verdict vocabulary (:mod:`~ionlib.ledger.registry`), the
page and JSON/CSV export (:mod:`~ionlib.ledger.export`), and one module of claims per figure group
(:mod:`~ionlib.ledger.transport`, :mod:`~ionlib.ledger.wavepackets`, :mod:`~ionlib.ledger.current`
for Paper A; :mod:`~ionlib.ledger.knock_on` for Paper B)."""
