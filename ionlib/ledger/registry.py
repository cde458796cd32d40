"""Claim registry: the Claim and Outcome records, the verdict vocabulary, and evaluation of all claims.

One idiom for every provider: a ledger module that can *compute* our value declares its claims
as a table of rows ``(id, figure, claim, paper_value, assumption, notebook, evaluate)`` and calls
:func:`register_table` once. The providers, all listed in ``_PROVIDERS``: Paper A
``ionlib.ledger.transport`` (Figs A1, A3), ``.wavepackets`` (A2), ``.current`` (A4, A5),
``.terahertz`` (A6); Paper B ``.knock_on`` (B1-B8), ``.hard_knock_on`` (B9). The ``evaluate``
function of a claim runs the library code and returns an :class:`Outcome`; its ``numbers`` are
made plain Python numbers in one place (:func:`plain_numbers`). Nothing in the ledger is typed in
by hand except the paper's own quoted value and the claim's paraphrase.

Pages look a claim up with :func:`outcome`; the ledger page calls :func:`evaluate_all` and renders
the result, each Paper A row the parameter map of Fig. A7 bears on with the map's answer beside its
verdict (:func:`map_answer`, generated from the committed dataset); a test checks that every claim
links to an existing notebook and that every verdict is one of
:data:`ionlib.ledger.registry.VERDICTS`.
"""
from __future__ import annotations

import functools
import importlib
import numbers as _numbers
from dataclasses import asdict, dataclass, field, replace
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


def plain_numbers(values: dict) -> dict:
    """``values`` with every number a plain Python number (numpy scalars unwrapped: floats stay
    floats, integers stay integers), so that JSON export and ``glue`` see built-in types."""
    out = {}
    for k, v in values.items():
        if hasattr(v, "item") and not isinstance(v, (str, bytes)):
            v = v.item()
        if not isinstance(v, _numbers.Real):
            raise ValueError(f"claim numbers must be real numbers, got {k}={v!r}")
        out[str(k)] = v if isinstance(v, int) and not isinstance(v, bool) else float(v)
    return out


def _with_plain_numbers(evaluate):
    @functools.wraps(evaluate)
    def wrapped():
        out = evaluate()
        return replace(out, numbers=plain_numbers(out.numbers))
    return wrapped


def register(claim: Claim) -> Claim:
    """Add ``claim`` to the ledger (ids must be unique); its ``evaluate`` returns plain numbers."""
    if claim.paper not in ("A", "B"):
        raise ValueError(f"paper must be 'A' or 'B', got {claim.paper!r}")
    if claim.id in _REGISTRY:
        raise ValueError(f"claim id {claim.id!r} is registered twice")
    _REGISTRY[claim.id] = replace(claim, evaluate=_with_plain_numbers(claim.evaluate))
    return _REGISTRY[claim.id]


def register_table(paper: str, rows) -> None:
    """Register one provider's claims: ``rows`` of ``(id, figure, claim, paper_value, assumption,
    notebook, evaluate)``, in the order they appear on the ledger page."""
    for row in rows:
        cid, figure, text, paper_value, assumption, notebook, evaluate = row
        register(Claim(id=cid, paper=paper, figure=figure, claim=text, paper_value=paper_value,
                       assumption=assumption, notebook=notebook, evaluate=evaluate))


def all_claims() -> list[Claim]:
    """Every registered claim, Paper A first, in registration order."""
    for name in _PROVIDERS:
        importlib.import_module(name)
    return sorted(_REGISTRY.values(), key=lambda c: c.paper)


def claim(claim_id: str) -> Claim:
    """The registered claim with id ``claim_id``."""
    all_claims()
    if claim_id not in _REGISTRY:
        raise ValueError(f"claim_id must be one of the registered ids {sorted(_REGISTRY)}, got {claim_id!r}")
    return _REGISTRY[claim_id]


def outcome(claim_id: str) -> Outcome:
    """Evaluate one registered claim by id (what a page shows beside its figure)."""
    return claim(claim_id).evaluate()


def map_answer(claim_id: str) -> str:
    """What the parameter map of Fig. A7 says about a claim ("" if it does not bear on it), read
    from the committed dataset (``ionlib.analysis.map_answers``; no sweep runs)."""
    from ..analysis.map_answers import map_answer as _answer
    return _answer(claim(claim_id).id)


def evaluate_all() -> list[dict]:
    """Evaluate every claim; one dict per claim with the claim's fields, its :class:`Outcome` and
    ``map_answer`` (:func:`map_answer`)."""
    rows = []
    for c in all_claims():
        out = c.evaluate()
        row = {k: v for k, v in asdict(c).items() if k != "evaluate"}
        row.update(asdict(out))
        row["map_answer"] = map_answer(c.id)
        rows.append(row)
    return rows
