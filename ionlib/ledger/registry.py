"""Claim registry: the Claim and Outcome records, the verdict vocabulary, and evaluation of all claims.

A claim is registered with :func:`register` by the ledger module that can *compute* our value
(``ionlib.ledger.transport``, ``.wavepackets``, ``.current`` for Paper A, ``.knock_on`` for
Paper B; listed in ``_PROVIDERS``). The ``evaluate`` function of a
claim runs the library code and returns an :class:`Outcome`; nothing in the ledger is typed in by
hand except the paper's own quoted value and the claim's paraphrase.

The book's ledger page calls :func:`evaluate_all` and renders the result; a test checks that every
claim links to an existing notebook and that every verdict is one of :data:`ionlib.ledger.registry.VERDICTS`.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field, asdict
from typing import Callable

REPRODUCED = "reproduced"
REPRODUCED_UNDER_ASSUMPTION = "reproduced under a stated assumption"
NOT_REPRODUCED = "not reproduced"
NOT_DETERMINABLE = "not determinable from the paper"

#: The four allowed verdicts.
VERDICTS = (REPRODUCED, REPRODUCED_UNDER_ASSUMPTION, NOT_REPRODUCED, NOT_DETERMINABLE)


@dataclass(frozen=True)
class Outcome:
    """What our code finds for one claim.

    our_value : str   -- our number(s) with units, as text for the table
    verdict : str     -- one of :data:`ionlib.ledger.registry.VERDICTS`
    detail : str      -- one or two sentences: why this verdict
    numbers : dict    -- the raw numbers behind ``our_value`` (floats), for tests and JSON export
    """

    our_value: str
    verdict: str
    detail: str = ""
    numbers: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, got {self.verdict!r}")


@dataclass(frozen=True)
class Claim:
    """One claim of a paper.

    id : str            -- short stable key, e.g. ``"A5-gK"``
    paper : str         -- ``"A"`` (Zhou et al.) or ``"B"`` (Polakowski & Panfil)
    figure : str        -- figure or section of the paper, e.g. ``"Fig. 5"``
    claim : str         -- the claim, paraphrased in our words
    paper_value : str   -- the paper's quoted value with units (or "qualitative")
    assumption : str    -- the assumption our verdict rests on ("" if none)
    notebook : str      -- path of the notebook that shows it, relative to ``book/`` without suffix
    evaluate : callable -- () -> Outcome, computes our value with ionlib
    """

    id: str
    paper: str
    figure: str
    claim: str
    paper_value: str
    assumption: str
    notebook: str
    evaluate: Callable[[], Outcome]


_REGISTRY: dict[str, Claim] = {}
_PROVIDERS = ("ionlib.ledger.transport", "ionlib.ledger.wavepackets", "ionlib.ledger.current",
              "ionlib.ledger.knock_on", "ionlib.ledger.hard_knock_on", "ionlib.ledger.terahertz")


def register(claim: Claim) -> Claim:
    """Add ``claim`` to the ledger (ids must be unique)."""
    if claim.paper not in ("A", "B"):
        raise ValueError(f"paper must be 'A' or 'B', got {claim.paper!r}")
    if claim.id in _REGISTRY and _REGISTRY[claim.id] is not claim:
        raise ValueError(f"claim id {claim.id!r} is registered twice")
    _REGISTRY[claim.id] = claim
    return claim


def all_claims() -> list[Claim]:
    """Every registered claim, Paper A first, in registration order."""
    for name in _PROVIDERS:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:  # a provider not written yet
            if exc.name != name:
                raise
    return sorted(_REGISTRY.values(), key=lambda c: c.paper)


def evaluate_all() -> list[dict]:
    """Evaluate every claim; one dict per claim with the claim's fields and its :class:`Outcome`."""
    rows = []
    for c in all_claims():
        out = c.evaluate()
        row = {k: v for k, v in asdict(c).items() if k != "evaluate"}
        row.update(asdict(out))
        rows.append(row)
    return rows
