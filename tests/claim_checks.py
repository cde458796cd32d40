"""Shared by the claim tests: one registered claim, evaluated, with a complete outcome."""
import math
from pathlib import Path

from ionlib.ledger import registry as claims
ROOT = Path(__file__).resolve().parents[1]


def check_claim(cid):
    """Evaluate claim ``cid``; assert it links to an existing notebook, that its outcome has a
    valid verdict, a value and finite numbers, and that a verdict "under a stated assumption"
    states it. Returns ``(claim, outcome)``."""
    found = [c for c in claims.all_claims() if c.id == cid]
    assert len(found) == 1, f"{cid} is not registered exactly once"
    claim = found[0]
    assert (ROOT / "book" / f"{claim.notebook}.md").exists(), f"{cid}: {claim.notebook} missing"
    out = claim.evaluate()
    assert out.verdict in claims.VERDICTS and out.our_value and out.numbers, cid
    assert all(math.isfinite(v) for v in out.numbers.values()), f"{cid}: {out.numbers}"
    if out.verdict == claims.REPRODUCED_UNDER_ASSUMPTION:
        assert claim.assumption, f"{cid}: verdict needs a stated assumption"
    return claim, out
